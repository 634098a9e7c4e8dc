"""Reading one text into names and statements: the free-text builder's whole pipeline.

`TextReader.read(text)` runs the French model once, gathers the names (reference matches,
written patterns, model entities, initiatives, events, enumerated items), settles what refers
to what within the text, then reads the statements sentence by sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from builders.candidates import Cand
from builders.news.alongside import drop_alongside
from builders.news.amounts import parse_amount
from builders.news.blocks import funding_blocks, organiser_blocks
from builders.news.bracketed import bracketed_bodies
from builders.news.calls import call_roles
from builders.news.cleanup import clean_names
from builders.news.coref import (
    assign_countries,
    coordinated_persons,
    definite_heads,
    harmonise,
    longest_names,
    resolve_acronyms,
)
from builders.news.dates import context_year, find_dates
from builders.news.filters import drop_non_mentions
from builders.news.gazetteer import french_towns, whole_french_places
from builders.news.initiatives import events, initiatives
from builders.news.lists import enumerations, merge_items
from builders.news.mentions import candidates, select
from builders.news.nested import nested_places
from builders.news.nlp import analyse, analyse_many
from builders.news.officials import officials
from builders.news.place_names import split_swallowed
from builders.news.portfolios import whole_ministries
from builders.news.relations import PLACES, Rel, is_actor, tagged
from builders.news.remention import re_mentions
from builders.news.repeats import repeated_places
from builders.news.sentences import sentences
from builders.news.sheets import partner_sections, prose_projects, sheet_partners, title_project
from builders.news.statements import Context, date_events, dedupe, read_sentence
from builders.news.states import states
from builders.news.syntax import SyntaxReader
from builders.news.variants import full_person_names, merge_variants, surnames
from builders.news.wholes import parseable, whole_names
from builders.structure import (
    Pair,
    expand_groups,
    french_name,
    grids,
    headed_pairs,
    item_pairs,
    labelled_fields,
    line_pairs,
    owner_pairs,
    pair_lists,
    table_pairs,
)
from builders.structure.country_lines import RULE as COUNTRY_LINES
from builders.structure.country_lines import country_lines
from builders.structure.grids import Cell, Grid
from builders.structure.owner import owner
from builders.structure.parties import agreement_parties
from kg.names import parse_name
from kg.normalize import fold
from kg.reference import Reference
from kg.resolve import core_name

_ORGANISED = re.compile(r"organis[ée]+e?s?\s+par|a\s+organis[ée]|s['’]est\s+ouvert|s['’]est\s+tenu")


class _Cues:
    """Matches a full date or an organiser phrase (what introduces an unnamed event)."""

    def search(self, text: str, start: int, end: int) -> bool:
        return bool(_ORGANISED.search(text, start, end)) or any(
            d.year for d in find_dates(text[start:end])
        )


class TextReader:
    """Names and statements of French prose, with a loaded spaCy pipeline."""

    def __init__(self, nlp: Language, reference: Reference | None = None) -> None:
        self.nlp = nlp
        self.reference = reference or Reference.default()
        self._ready: dict[str, Doc] = {}

    def prepare(self, texts: Sequence[str]) -> None:
        """Analyse `texts` together (`analyse_many`: spaCy's components in batches), for the
        next `read` of each; what an earlier `prepare` left unread is let go."""
        unique = list(dict.fromkeys(texts))
        items = [(parseable(t), [s for s, _ in sentences(t)]) for t in unique]
        self._ready = dict(zip(unique, analyse_many(self.nlp, items), strict=True))

    def read(
        self, text: str, doc_date: str | None = None, about: Cand | None = None
    ) -> tuple[list[Cand], list[Rel]]:
        """The names of `text` and the statements between them (spans relative to `text`);
        `about`: the initiative the text is about when it names none (named outside it)."""
        spans = sentences(text)
        sdoc = self._ready.pop(text, None)
        if sdoc is None:
            sdoc = analyse(self.nlp, parseable(text), (s for s, _ in spans))
        cands, partners = sheet_partners(text, self._names(text, spans, sdoc))
        year = context_year(text, doc_date)
        date_events(text, spans, cands, year)
        harmonise(cands)
        ctx = Context(cands)
        syntax = SyntaxReader(sdoc, text, cands, self.french, self.foreign)
        for s, e in spans:
            before = len(ctx.rels)
            read_sentence(text, s, e, ctx)
            tagged(ctx.rels, "phrase")
            # the syntax reader, which reads only what a verb's arguments say, may refer a bare
            # "le dispositif" to the initiative named outside the text (a fiche's project)
            initiative = ctx.current_initiative() or about
            ctx.rels += syntax.read(s, e, initiative, ctx.event)
            if not any(r.kind == "partnership" for r in ctx.rels[before:]):
                ctx.rels += syntax.with_home(s, e)
        ctx.rels += tagged(self._lists(text, spans, ctx), "enumeration")
        _listed_pairs(text, spans, ctx, self.known_place)
        _directory_pairs(text, ctx)
        ctx.rels += [
            Rel("partnership", {"a": p.a, "b": p.b}, p.start, p.end, rule=p.rule)
            for p in agreement_parties(text, ctx.cands)
        ]
        self._tables(text, ctx)
        _grid_links(text, ctx)
        assign_countries(text, ctx.cands)
        ctx.rels += [
            Rel("partnership", {"a": p.a, "b": p.b}, p.start, p.end, rule=p.rule)
            for p in owner_pairs(text, ctx.cands)
        ]
        listed = country_lines(text, ctx.cands)
        home = (owner(text, ctx.cands) or syntax.main_authority) if listed else None
        ctx.rels += [
            Rel("partnership", {"a": home, "b": c}, c.start, c.end, rule=COUNTRY_LINES)
            for c in listed
            if home is not None and c is not home
        ]
        ctx.rels += tagged(funding_blocks(text, ctx.cands, ctx.current_initiative()), "block")
        event = ctx.sole_event() or next((c for c in ctx.cands if c.kind == "Event"), None)
        ctx.rels += tagged(organiser_blocks(text, ctx.cands, event), "block")
        ctx.rels += _fields(text, ctx)
        ctx.rels += _co_organisers(text, ctx)
        inside, titled = nested_places(text, ctx.cands)
        ctx.rels += titled
        ctx.cands = sorted(ctx.cands + inside, key=lambda c: (c.start, c.end))
        project = ctx.current_initiative()
        if project is not None:
            ctx.rels += [
                Rel("member", {"member": p, "programme": project}, p.start, p.end, rule="sheet")
                for p in partners
            ]
        ctx.rels += _section_partners(text, ctx)
        rels = [r for r in call_roles(ctx.rels) if _well_formed(r) and not self._domestic(r)]
        rels = [r for r in rels if not _event_support(text, r)]
        rels = drop_alongside(sdoc, text, rels)
        rels = _parse_over_phrase(rels)
        rels += bracketed_bodies(text, ctx.cands, rels)
        return ctx.cands, dedupe(rels)

    def _domestic(self, r: Rel) -> bool:
        """A partnership between two French authorities: decentralised cooperation pairs a
        French authority with a foreign one (in the development pool, one gold partnership in
        two hundred is French on both sides, and it has an association on one)."""
        if r.kind != "partnership":
            return False
        ends = list(r.roles.values())
        return all(c.kind in PLACES and self._french_name(c) for c in ends)

    def _tables(self, text: str, ctx: Context) -> None:
        """Partnerships of flattened pair tables: each row's names replace what other readers
        made of them."""
        found = table_pairs(text, french_name(self.reference))
        if not found:
            return
        rows = [(p.start, p.end) for p in found]
        inside = [(s, e) for p in found for s, e in (p.french, p.partner)]
        ctx.cands = [c for c in ctx.cands if not any(s < c.end and c.start < e for s, e in inside)]
        ctx.rels = [
            r
            for r in ctx.rels
            if not any(s <= c.start < e for c in r.roles.values() for s, e in rows)
        ]
        made: dict[tuple[int, int], Cand] = {}
        for p in found:
            a = made.setdefault(p.french, _table_cand(text, p.french, "FR"))
            b = made.setdefault(p.partner, _table_cand(text, p.partner, p.country))
            attrs = {"start_year": p.year} if p.year else {}
            rel = Rel("partnership", {"a": a, "b": b}, p.start, p.end, attrs, "pair-table")
            ctx.rels.append(rel)
        ctx.cands = sorted([*ctx.cands, *made.values()], key=lambda c: c.start)

    def french(self, c: Cand) -> bool:
        """Whether an authority is French: said so, or named like one French commune (a name
        no other commune bears and no ordinary word), département or région."""
        if c.country is not None and c.country != "FR" and c.source != "ref":
            # a country the context gave does not outweigh the index: "Narbonne" beside
            # Mykolaïv in a text about Ukraine is still the French commune
            return c.kind == "Commune" and self.reference.unambiguous_commune(c.name)
        if c.country is not None:
            return c.country == "FR"
        return self._french_name(c)

    def _french_name(self, c: Cand) -> bool:
        """Whether the index of French places gives the name to one French authority (what
        the text says of its country aside: a foreign town listed beside French ones may have
        been given theirs)."""
        if c.kind not in PLACES:
            return False
        ref = self.reference
        name = core_name(c.name) or c.name  # "Région Île-de-France" is Île-de-France
        if c.kind == "Commune" and ref.unambiguous_commune(name):
            return True
        kinds = {c.kind, "Department", "Region"} - {"Commune"}
        if any(_indexed(ref, name, kind, _kinds_like(c)) for kind in kinds):
            return True
        grand = name.startswith("Grand ")  # "Grand Narbonne", "Grand Cahors"
        if (c.kind == "Intercommunality" or grand) and _named_after_french_town(ref, name):
            return True
        return _french_in_tables(ref, name, _kinds_like(c))

    def foreign(self, c: Cand) -> bool:
        """Whether an authority is surely of another country: named like no French commune,
        département or région, and not said to be French (a name the index of French places
        knows is never taken for a foreign one, whatever country the text around it gave)."""
        if c.kind not in PLACES:
            return c.country not in (None, "FR")
        ref = self.reference
        name = core_name(c.name) or c.name
        kinds = _kinds_like(c)  # a "région du Maule" is no French commune Maule
        if _french_index_names(ref, name, kinds) or _french_in_tables(ref, name, kinds):
            return False
        return c.country != "FR"

    def known_place(self, name: str) -> bool:
        """Whether `name` is one place's name in the reference data (a French commune,
        département or région, or any place the project's tables know)."""
        ref = self.reference
        name = _SAINT.sub(lambda m: "Sainte-" if m.group(1).lower() == "ste" else "Saint-", name)
        return _french_index_names(ref, name) or bool(ref.lookup(name))

    def _names(self, text: str, spans: list[tuple[int, int]], sdoc: Doc) -> list[Cand]:
        cands = candidates(text, sdoc, self.reference)
        extra = initiatives(text) + events(text, spans, _Cues())  # type: ignore[arg-type]
        prose = prose_projects(text, sdoc)
        # a title read as a noun phrase by the parse names the project only when the text
        # gives it no other name ("le projet d'extension du réseau d'Anié")
        extra += [*prose, *filter(None, [title_project(text, None if prose else sdoc)])]
        extra += states(text)
        cands = select(cands + extra)
        cands = split_swallowed(text, cands)
        cands = french_towns(text, cands, self.reference)
        cands = whole_french_places(text, cands, self.reference)
        whole_names(sdoc, text, cands)
        cands = whole_ministries(text, cands)
        cands = drop_non_mentions(text, cands)
        cands = clean_names(sdoc, text, cands, self.reference)
        cands = repeated_places(text, cands)
        cands = resolve_acronyms(cands)
        cands = definite_heads(text, cands)
        coordinated_persons(text, cands)
        longest_names(cands)
        cands = re_mentions(text, cands)
        merge_variants(cands)
        full_person_names(cands)
        surnames(cands)
        cands = officials(text, cands)
        assign_countries(text, cands)
        return cands

    @staticmethod
    def _lists(text: str, spans: list[tuple[int, int]], ctx: Context) -> list[Rel]:
        rels = []
        for items, s, e in enumerations(text, spans):
            ctx.cands = merge_items(ctx.cands, items)
            target = next(
                (c for c in ctx.cands if s <= c.start < e and c.kind in ("Programme", "Project")),
                None,
            )
            target = target or ctx.current_initiative()
            if target is None:
                continue
            rels += [Rel("member", {"member": i, "programme": target}, s, e) for i in items]
        assign_countries(text, ctx.cands)
        return rels


def _parse_over_phrase(rels: list[Rel]) -> list[Rel]:
    """Where the parse makes an actor a member of an initiative and a written cue of the same
    sentence makes it a funder or leader of it ("Le programme, financé par X, concerne six
    territoires : A, B et C"), the parse's reading stands: the cue's list ran past its clause."""
    members = {
        (id(r.roles["member"]), id(r.roles["programme"]), r.start)
        for r in rels
        if r.kind == "member" and r.rule == "syntax"
    }
    ends = {"funding": ("funder", "recipient"), "lead": ("lead", "programme")}

    def overruled(r: Rel) -> bool:
        if r.kind not in ends or r.rule != "phrase":
            return False
        actor, thing = ends[r.kind]
        return (id(r.roles[actor]), id(r.roles[thing]), r.start) in members

    return [r for r in rels if not overruled(r)]


#: the kinds that take part in a record's project when its partner section names them
_SECTION_KINDS = frozenset({*PLACES, "Association", "Network", "Agency", "Ministry", "Funder"})


def _section_partners(text: str, ctx: Context) -> list[Rel]:
    """Every actor a record's partner section names takes part in the record's project (the
    last programme or project named before the section: its title, its "Intitulé"), but an
    actor the text says funds: it is a funder."""
    out: list[Rel] = []
    # a partner the text says funds (an agency listed among the partners) is a funder
    funders = {r.roles["funder"].name for r in ctx.rels if r.kind == "funding"}
    for s, e in partner_sections(text):
        before = [c for c in ctx.cands if c.kind in ("Programme", "Project") and c.end <= s]
        if not before:
            continue
        project = before[-1]
        out += [
            Rel("member", {"member": c, "programme": project}, c.start, c.end, rule="section")
            for c in ctx.cands
            if s <= c.start < e
            and c.kind in _SECTION_KINDS
            and c is not project
            and c.name not in funders
            and not _glossed(text, c, ctx.cands)
        ]
    return out


def _glossed(text: str, c: Cand, cands: list[Cand]) -> bool:
    """Whether a name is followed by its short form in brackets, itself a name ("Solidarité-Eau
    (pS-Eau)"): the two are one partner, which the short form stands for."""
    after = text[c.end : c.end + 3].lstrip()
    if not after.startswith("("):
        return False
    opened = text.index("(", c.end)
    return any(o.start > opened and o.start - opened <= 2 for o in cands if o is not c)


#: "(Communauté d'agglomération du) Grand Narbonne", "CC du Grand Cahors": the town after
#: "Grand" or the last preposition of an intercommunality's name
_TOWN_IN_NAME = re.compile(
    r"(?:\bGrand\s+|\b(?:de|du|d['’])\s*)([A-ZÀ-Ý][\w’'-]+(?:[- ][A-ZÀ-Ý][\w’'-]+)*)$"
)


_GRAND = re.compile(r"^Grand\s+")


def _named_after_french_town(ref: Reference, name: str) -> bool:
    """Whether an intercommunality is named after one French commune (its main town)."""
    m = _TOWN_IN_NAME.search(name)
    if m is None:
        return False
    town = m.group(1)
    return ref.unambiguous_commune(town) or ref.unambiguous_commune(_GRAND.sub("", town))


#: the kinds of authority wider than a commune, named by the index of French places
_WIDER = ("Department", "Region")


def _french_index_names(ref: Reference, name: str, kinds: Collection[str] = PLACES) -> bool:
    """Whether the index of French places gives `name` to an authority of one of `kinds`: a
    département, a région or (when `kinds` holds communes) any commune (shared names too)."""
    french = any(_indexed(ref, name, kind, kinds) for kind in _WIDER)
    return french or ("Commune" in kinds and bool(ref.french_communes(name)))


def _indexed(ref: Reference, name: str, kind: str, kinds: Collection[str]) -> bool:
    """Whether the index of French places, asked for a `kind`, gives `name` to an authority
    of one of `kinds` (asked for a région, it may answer with a commune of that name)."""
    entry = ref.french_match(name, kind).entry
    return entry is not None and entry.kind in kinds


def _french_in_tables(ref: Reference, name: str, kinds: Collection[str] = PLACES) -> bool:
    """Whether the reference tables know `name` as a French authority of one of `kinds`
    beyond the index of communes, départements and régions (the régions merged in 2016,
    "Région Limousin"; the métropoles and agglomerations of `actors.csv`, "Grand Lyon")."""
    return any(e.kind in kinds and e.country == "FR" for e in ref.lookup(name))


def _kinds_like(c: Cand) -> Collection[str]:
    """The kinds of French authority a place's name may be checked against: any for a town,
    but a "région du Maule" or a "province de X" is no French commune Maule or X."""
    return _WIDER if c.kind in _WIDER else PLACES


def _listed_pairs(
    text: str, spans: list[tuple[int, int]], ctx: Context, known: Callable[[str], bool]
) -> None:
    """Partnerships of inline pair lists; they replace what the sentence rules paired inside
    the same list items (a list pairs its items, never its first name with everyone)."""
    pairs, added = pair_lists(text, ctx.cands, spans)
    headed, split = headed_pairs(text, ctx.cands, known)
    pairs, added = pairs + headed, added + split
    pairs, grouped = expand_groups(text, pairs, known)
    used = {id(c) for p in pairs for c in (p.a, p.b)}
    added = [c for c in added + grouped if id(c) in used]
    _use_pairs(text, ctx, pairs, added, displace=False)


def _directory_pairs(text: str, ctx: Context) -> None:
    """Partnerships of directory lines ("A (locator) – B (locator), 1996"): each line's two
    sides are its partners, and replace what other readers made of the same words."""
    pairs, made = line_pairs(text, ctx.cands)
    _use_pairs(text, ctx, pairs + item_pairs(text, ctx.cands), made, displace=True)


def _use_pairs(
    text: str, ctx: Context, pairs: list[Pair], names: list[Cand], displace: bool
) -> None:
    """Put a structure reader's pairs in place of the partnerships other readers made inside
    the same items, with the names it made (which, when `displace`, replace the names found
    over the same words)."""
    if not pairs:
        return
    items = [(p.start, p.end) for p in pairs]
    ctx.rels = [
        r
        for r in ctx.rels
        if r.kind != "partnership"
        or not any(s <= c.start < e for c in r.roles.values() for s, e in items)
    ]
    if displace:
        spans = [(c.start, c.end) for c in names]
        ctx.cands = [c for c in ctx.cands if not any(s < c.end and c.start < e for s, e in spans)]
    ctx.cands = sorted([*ctx.cands, *names], key=lambda c: c.start)
    assign_countries(text, ctx.cands)
    ctx.rels += [
        Rel("partnership", {"a": p.a, "b": p.b}, p.start, p.end, rule=p.rule) for p in pairs
    ]


def _grid_links(text: str, ctx: Context) -> None:
    """Links of tables with cell separators: each row pairs its French side with its partners,
    and its amount is a funding of the French side by the row's funder or by the payer the
    amount column's header names ("Cofinancement de l'Ambassade"); the row's French side takes
    part in the initiative the text is about. The rows' names replace what other readers made
    of the same cells."""
    found = grids(text)
    if not found:
        return
    rows = [(r.start, r.end) for g in found for r in g.rows]
    ctx.rels = [
        r for r in ctx.rels if not any(s <= c.start < e for c in r.roles.values() for s, e in rows)
    ]
    cells = [c for g in found for r in g.rows for c in (r.french, r.partner, r.funder) if c]
    kept = [c for c in ctx.cands if not any(x.start < c.end and c.start < x.end for x in cells)]
    made: list[Cand] = []
    initiative = ctx.current_initiative()
    for g in found:
        payer = _payer(text, g, kept) if g.payer else None
        if payer is not None and payer.source == "grid":
            made.append(payer)
        for row in g.rows:
            french = _cell_names(text, row.french, "FR")[:1]
            partners = _cell_names(text, row.partner, None)
            funders = _cell_names(text, row.funder, None) or ([payer] if payer else [])
            made += french + partners + [f for f in funders if f is not payer]
            for a in french:
                ctx.rels += [
                    Rel("partnership", {"a": a, "b": b}, row.start, row.end, rule="grid")
                    for b in partners
                ]
                if initiative is not None:
                    roles = {"member": a, "programme": initiative}
                    ctx.rels.append(Rel("member", roles, row.start, row.end, rule="grid"))
            amount = parse_amount(row.amount.text(text)) if row.amount else None
            if amount is None:
                continue
            attrs: dict[str, str | int] = {"amount": amount[0], "currency": amount[1]}
            for f in funders:
                for a in french:
                    roles = {"funder": f, "recipient": a}
                    ctx.rels.append(Rel("funding", roles, row.start, row.end, attrs, "grid"))
    ctx.cands = sorted([*kept, *made], key=lambda c: c.start)
    assign_countries(text, ctx.cands)


def _payer(text: str, grid: Grid, cands: list[Cand]) -> Cand | None:
    """The payer an amount header names: the text's fuller name of it ("l'Ambassade" is the
    "Ambassade de France au Liban" named above), else the header's words."""
    assert grid.payer is not None
    written = " ".join(grid.payer.text(text).split())
    key = fold(written)
    fuller = [c for c in cands if fold(c.name).startswith(key) and is_actor(c)]
    if fuller:
        return max(fuller, key=lambda c: len(c.name))
    parsed = parse_name(written)
    kind = parsed.kind if parsed.kind and is_actor(Cand(0, 0, parsed.kind, written)) else "Funder"
    return Cand(grid.payer.start, grid.payer.end, kind, parsed.name, None, None, "grid")


_ITEM_SPLIT = re.compile(r"\s*(?:,|;|/)\s*|\s+et\s+")


def _cell_names(text: str, cell: Cell | None, country: str | None) -> list[Cand]:
    """The names a cell lists ("A, B et C"), each as a name of its own; words that are no
    name (a count, a description in lower case) are left out."""
    if cell is None:
        return []
    out, pos = [], cell.start
    for m in [*_ITEM_SPLIT.finditer(text, cell.start, cell.end), None]:
        end = m.start() if m is not None else cell.end
        piece = text[pos:end].strip(" .;:")
        if piece and piece[0].isupper():
            s = text.index(piece, pos)
            out.append(_table_cand(text, (s, s + len(piece)), country))
        pos = m.end() if m is not None else cell.end
    return out


_WITH_PARTNER = re.compile(
    r"\ben\s+(?:partenariat|collaboration|association|lien|coop[ée]ration)\s+(?:étroite\s+)?avec\s+",
    re.I,
)


#: "St Nazaire", "Ste-Foy": the abbreviated saint of a French place name
_SAINT = re.compile(r"^(St|Ste)\.?[\s-]+(?=[A-ZÀ-Ý])")


def _co_organisers(text: str, ctx: Context) -> list[Rel]:
    """ "X organise, en partenariat avec Y, les Assises …": the partner named in a sentence
    stating an organiser co-organises the same event."""
    rels = []
    for r in [r for r in ctx.rels if r.kind == "organiser"]:
        event = r.roles["event"]
        for m in _WITH_PARTNER.finditer(text, r.start, r.end):
            named = [c for c in ctx.cands if c.start >= m.end() and c.start <= m.end() + 3]
            for c in named[:1]:
                if is_actor(c) and c is not r.roles["organiser"]:
                    roles = {"organiser": c, "event": event}
                    rels.append(Rel("organiser", roles, r.start, r.end, rule="phrase"))
    return rels


def _fields(text: str, ctx: Context) -> list[Rel]:
    """Links of labelled fields ("Financeurs : A et B") to the record's initiative or event."""
    rels = []
    for f in labelled_fields(text, ctx.cands):
        target = ctx.event if f.kind == "organiser" else ctx.first(("Programme", "Project"))
        if target is None:
            continue
        role = {"funding": "funder", "lead": "lead", "member": "member"}.get(f.kind, f.kind)
        other = (
            "event"
            if f.kind == "organiser"
            else "recipient"
            if f.kind == "funding"
            else "programme"
        )
        rels += [
            Rel(f.kind, {role: a, other: target}, f.start, f.end, rule="field") for a in f.actors
        ]
    return rels


def _event_support(text: str, r: Rel) -> bool:
    """Support for an event that names no money ("avec le soutien de X, les Assises …"):
    patronage, not a funding ("l'appui financier de X" or an amount is one)."""
    recipient = r.roles.get("recipient")
    if r.kind != "funding" or recipient is None or recipient.kind != "Event":
        return False
    return "amount" not in r.attrs and not _MONEY.search(text, r.start, r.end)


_MONEY = re.compile(r"financ|subvention|€|euros?\b|fcfa|budget|dotation", re.I)


def _well_formed(r: Rel) -> bool:
    """Countries are the setting of a partnership, never one of its partners."""
    return r.kind != "partnership" or all(c.kind != "Country" for c in r.roles.values())


def _table_cand(text: str, span: tuple[int, int], country: str | None) -> Cand:
    written = " ".join(text[span[0] : span[1]].replace("-\n", "-").split())
    parsed = parse_name(written)
    kind = parsed.kind if parsed.kind in (*PLACES, "Association") else "Commune"
    return Cand(span[0], span[1], kind, parsed.name, country, None, "pair-table")
