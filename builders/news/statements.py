"""The sentence-by-sentence reading of `builders.news.relations`' rules, with context."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from builders.candidates import Cand
from builders.news.active import clause, read_active, read_trailing
from builders.news.cues import TRAILING_MEMBER
from builders.news.dates import find_dates
from builders.news.initiatives import EVENT_HEADS
from builders.news.relations import (
    CUES,
    INITIATIVES,
    Rel,
    actors_after,
    amount_near,
    anaphor,
    in_span,
    is_actor,
    partnerships,
    year_of,
)
from kg.normalize import fold

_EVENT_WORD = re.compile(
    r"\b(?:rencontre|atelier|forum|session|module|s[ée]minaire|manifestation|festival|colloque)\b",
    re.I,
)
_EVENT_HEAD = re.compile(rf"\b(?:{EVENT_HEADS})", re.I)
#: an event named again by a demonstrative and its head: "ces Assises", "ce sommet"
_EVENT_ANAPHOR = re.compile(rf"\b(?:ce|cet|cette|ces)\s+(?:{EVENT_HEADS})s?\b", re.I)


def _event_head(name: str) -> str:
    m = _EVENT_HEAD.search(name)
    return fold(m.group()) if m else ""


_PRONOUN = re.compile(r"(?:Il|Elle|Celui-ci|Celle-ci)\b")
_CONTACT = re.compile(r"@|\[at\]|\b(?:t[ée]l|fax|courriel)\s*[.:]", re.I)
_POSSESSIVE = re.compile(r"^\s*[»\"”]?\s*(?:de\s+la|de\s+l['’]|du|de)\s*$")


@dataclass
class Context:
    """What the text has named so far."""

    cands: list[Cand]
    initiative: Cand | None = None
    event: Cand | None = None
    #: the initiative or event named last (what "le", "la", "l'" before a verb refer to)
    last: Cand | None = None
    rels: list[Rel] = field(default_factory=list)
    _sole: tuple[tuple[int, int], Cand | None] | None = None

    def first(self, kinds: tuple[str, ...]) -> Cand | None:
        return next((c for c in self.cands if c.kind in kinds), None)

    def current_initiative(self) -> Cand | None:
        return self.initiative or self.first(INITIATIVES)

    def sole_event(self) -> Cand | None:
        """The one event the text names, if it names one (its names may differ but share
        their event word: "premier forum de X", "Forum de la coopération X"); found once per
        list of names."""
        key = (id(self.cands), len(self.cands))
        if self._sole is None or self._sole[0] != key:
            events = [c for c in self.cands if c.kind == "Event"]
            heads = {_event_head(c.name) for c in events}
            self._sole = (key, events[0] if len(heads) == 1 and "" not in heads else None)
        return self._sole[1]


def _cue_spans(text: str, s: int, e: int) -> list[tuple[str, int, int]]:
    found = [(k, m.start(), m.end()) for k, p in CUES.items() for m in p.finditer(text, s, e)]
    return sorted(found, key=lambda f: f[1])


def _recipient(text: str, s: int, e: int, here: list[Cand], ctx: Context) -> Cand | None:
    events = [c for c in here if c.kind == "Event"]
    if events:
        return events[0]
    if ctx.event and (_EVENT_WORD.search(text, s, e) or _EVENT_ANAPHOR.search(text, s, e)):
        return ctx.event  # "lors de ces Assises organisées par …, en partenariat avec X"
    inits = [c for c in here if c.kind in INITIATIVES]
    if inits:
        return inits[0]
    return (
        ctx.current_initiative()
        if anaphor(text, s, e) or ctx.initiative is None
        else ctx.initiative
    )


def read_sentence(text: str, s: int, e: int, ctx: Context) -> None:
    """Add the statements of the sentence [s, e) to `ctx.rels` (none from a contact line)."""
    here = in_span(ctx.cands, s, e)
    if _CONTACT.search(text, s, e):
        return
    before = ctx.last
    for c in here:
        if c.kind in INITIATIVES:
            ctx.initiative = ctx.last = c
        elif c.kind == "Event":
            ctx.event = ctx.last = c
    for a, b in partnerships(text, s, e, here):
        year = year_of(text, s, e)
        ctx.rels.append(
            Rel("partnership", {"a": a, "b": b}, s, e, {"start_year": year} if year else {})
        )
    cues = _cue_spans(text, s, e)
    for i, (kind, c_start, c_end) in enumerate(cues):
        limit = cues[i + 1][1] if i + 1 < len(cues) else e
        _cued(text, s, e, kind, (c_start, c_end, limit), here, ctx)
    read_active(text, s, e, here, ctx, before)
    read_trailing(text, s, e, here, ctx)
    _possessive_organisers(text, s, e, here, ctx)
    _locate_event(text, s, e, here, ctx)


def _launches(here: list[Cand], text: str, s: int, e: int, ctx: Context) -> bool:
    """Whether the sentence [s, e) is about an initiative (and names no event): it names one,
    says "le projet", or opens with "Il"/"Elle" after an initiative was named last."""
    if any(c.kind == "Event" for c in here) or _EVENT_WORD.search(text, s, e):
        return False
    pronoun = _PRONOUN.match(text, s) and ctx.last is not None and ctx.last.kind in INITIATIVES
    named = any(c.kind in INITIATIVES for c in here) or anaphor(text, s, e)
    return named or bool(pronoun) or bool(TRAILING_MEMBER.search(text, s, e))


def _cue_actors(text: str, cue: tuple[int, int, int], here: list[Cand]) -> list[Cand]:
    """The actors a cue introduces: the one before "chef de file", else those after it (up
    to a semicolon unless the cue ends with a colon)."""
    c_start, c_end, limit = cue
    if text[c_start:c_end].lower().startswith("chef"):
        return [c for c in here if c.end <= c_start and is_actor(c)][-1:]
    if not text[c_start:c_end].rstrip().endswith(":"):  # a clause ends at ";"
        semi = text.find(";", c_end, limit)
        limit = semi if semi != -1 else limit
    return actors_after(text, c_end, limit, here)


def _cue_kind(
    text: str, s: int, e: int, kind: str, cue: str, here: list[Cand], ctx: Context
) -> str:
    """The statement kind a cue gives in its sentence ("" for none): "à l'initiative de X" is a
    programme's lead; a weak member cue counts only in a sentence about an initiative."""
    if kind == "organise" and "organis" not in cue and _launches(here, text, s, e, ctx):
        # a text about one event and no initiative: the event is what was initiated
        about_event = ctx.current_initiative() is None and ctx.sole_event() is not None
        return kind if about_event else "lead"
    if kind == "weak":
        return "member" if _launches(here, text, s, e, ctx) else ""
    return kind


_PROCESS_CUE = re.compile(r"(?:co-?)?financements?\b", re.I)


def _funds_a_thing(text: str, cue: tuple[int, int, int], here: list[Cand]) -> bool:
    """Whether a "financement de" cue names what is funded, not who funds: an initiative right
    after its "de" ("le financement du projet AVEC", "au cofinancement du programme")."""
    c_start, c_end, _ = cue
    if not _PROCESS_CUE.match(text, c_start):
        return False
    after = next((c for c in here if c.start >= c_end), None)
    return after is not None and after.kind in INITIATIVES and not text[c_end : after.start].strip()


_TO_WORD = re.compile(r"\b(?:au|aux|à)\s", re.I)


def _gives_to(text: str, cue: tuple[int, int, int], here: list[Cand]) -> bool:
    """Whether the first actor after a money noun's "de" is introduced by "à": it receives the
    money ("une subvention de fonctionnement au Comité X"), it gives none."""
    c_start, c_end, _ = cue
    if text[c_start:c_end].rstrip().lower().endswith("par"):
        return False
    after = next((c for c in here if c.start >= c_end and is_actor(c)), None)
    return after is not None and bool(_TO_WORD.search(text, c_end, after.start))


def _cued(
    text: str, s: int, e: int, kind: str, cue: tuple[int, int, int], here: list[Cand], ctx: Context
) -> None:
    if kind == "fund" and _funds_a_thing(text, cue, here):
        return  # "au financement du projet X": the project is funded, by no one named here
    if kind == "fund" and _gives_to(text, cue, here):
        return  # "une subvention de fonctionnement au Comité X": X receives it
    actors = _cue_actors(text, cue, here)
    kind = _cue_kind(text, s, e, kind, text[cue[0] : cue[1]], here, ctx)
    if kind == "organise":
        event = next((c for c in here if c.kind == "Event" and c.start < cue[0]), ctx.event)
        event = event or ctx.sole_event()  # "à l'initiative de X, ..." before the event's name
        if event is not None:
            ctx.rels.extend(
                Rel("organiser", {"organiser": a, "event": event}, s, e) for a in actors
            )
        return
    target = _recipient(text, s, e, [c for c in here if c not in actors], ctx)
    if target is None or not kind:
        return
    for a in actors:
        if kind == "fund":
            span = clause(text, s, e, a.start)
            attrs: dict[str, str | int] = dict(amount_near(text, *span, a.end))
            year = year_of(text, *span)
            attrs |= {"year": year} if year else {}
            ctx.rels.append(Rel("funding", {"funder": a, "recipient": target}, s, e, attrs))
        elif kind == "lead" and target.kind == "Event":  # "sous l'égide de X", of an event
            ctx.rels.append(Rel("organiser", {"organiser": a, "event": target}, s, e))
        elif kind == "lead":
            ctx.rels.append(Rel("lead", {"lead": a, "programme": target}, s, e))
        elif kind == "member" and target.kind != "Event":
            ctx.rels.append(Rel("member", {"member": a, "programme": target}, s, e))


def _possessive_organisers(text: str, s: int, e: int, here: list[Cand], ctx: Context) -> None:
    for ev, nxt in pairwise(here):
        if ev.kind == "Event" and is_actor(nxt) and _POSSESSIVE.match(text[ev.end : nxt.start]):
            ctx.rels.append(Rel("organiser", {"organiser": nxt, "event": ev}, s, e))


def date_events(
    text: str, sentences: list[tuple[int, int]], cands: list[Cand], year: int | None
) -> None:
    """Give each event the date written in its sentence."""
    for c in cands:
        if c.kind != "Event":
            continue
        e = next((e for s, e in sentences if s <= c.start < e), c.end)
        later = [x for x in cands if x.kind == "Event" and c.start < x.start < e]
        stop = later[0].start if later else e
        dated = [d for d in find_dates(text[c.end : stop], year) if d.iso]
        if dated:
            c.attrs["date"] = dated[0].iso


def _locate_event(text: str, s: int, e: int, here: list[Cand], ctx: Context) -> None:
    """An event held in a town: the first town written after "à" in the event's sentence."""
    events = [c for c in here if c.kind == "Event"]
    for event in events:
        nxt = next((c.start for c in events if c.start > event.start), e)
        place = next(
            (
                c
                for c in here
                if event.end <= c.start < nxt
                and c.kind == "Commune"
                and re.search(r"[àÀ]\s+$", text[max(0, c.start - 3) : c.start])
            ),
            None,
        )
        if place is not None:
            ctx.rels.append(Rel("location", {"subject": event, "place": place}, s, e))


def dedupe(rels: list[Rel]) -> list[Rel]:
    """One statement per kind and named ends (the first one's evidence)."""
    seen, out = set(), []
    for r in rels:
        names = [c.ref or fold(c.name) for c in r.roles.values()]
        key = (r.kind, *sorted(names)) if r.kind == "partnership" else (r.kind, *names)
        if key not in seen and len(set(names)) == len(names):
            seen.add(key)
            out.append(r)
    return out
