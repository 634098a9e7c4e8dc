"""Whole names: an initiative's name runs to the end of its noun phrase in the parse.

A programme or project is often named by a head noun and its complements, in lower case:
"Programme d'appui au développement municipal", "Fonds de soutien aux initiatives des
collectivités territoriales". Patterns and the model cut such names at an elided "d'" or at
the first lower-case word; the parse knows where the phrase ends (before a relative clause, a
verb, punctuation, a coordinated phrase or another name).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from builders.candidates import Cand

#: kinds whose names are read to the end of their phrase
WHOLE_KINDS = frozenset({"Programme", "Project", "Funder"})
#: dependencies inside a name's phrase (all others end it)
_INSIDE = frozenset({"nmod", "amod", "case", "det", "flat:name", "fixed", "compound", "nummod"})
_MAX_TOKENS = 16
#: a description ends at punctuation, a finite verb, a relative pronoun or a conjunction
_DESCRIPTION_STOP = frozenset({"PUNCT", "CCONJ", "SCONJ", "PRON"})
_NAMED_THINGS = frozenset({"Programme", "Project", "Event"})
#: an edition before an event's name: "2èmes Assises", "10e Forum", "IIIe Rencontres"
_ORDINAL = re.compile(
    r"(?:\b\d{1,2}\s*(?:°|e|è|[eè]mes?|es|er|ère|ères)|\b[IVX]{1,5}(?:e|èmes?)|premi[èe]re?s?"
    r"|\b[a-zà-ÿ]{2,8}i[èe]mes?)\s+$",
    re.I,
)


def parseable(text: str) -> str:
    """`text` as the parser reads it best: typographic apostrophes made plain (same length,
    so offsets are unchanged)."""
    return text.replace("’", "'")


def whole_names(doc: Doc, text: str, cands: list[Cand]) -> None:
    """Extend each initiative or fund name to the end of its noun phrase, cut event and
    initiative names at a verb they swallowed (a quoted name runs to its closing quote), and
    give an event its ordinal (in place)."""
    for c in cands:
        if c.kind in _NAMED_THINGS and c.source != "scheme":  # a scheme's pattern ends it
            _capitals_end(text, c)
            _cut_at_verb(doc, text, c)
            _without_publisher(c)
            _to_closing_quote(text, c)
        if c.kind == "Event":
            _with_ordinal(text, c)
    taken = {t.i for c in cands if c.kind not in WHOLE_KINDS for t in _tokens(doc, c)}
    for c in cands:
        if c.kind not in WHOLE_KINDS or c.source == "scheme":  # a scheme's name has its end
            continue
        if _quoted_whole(text, c):  # « Eau pour tous »: its quotes end it
            continue
        tokens = _tokens(doc, c)
        if not tokens:
            continue
        bare = len(tokens) <= 2 and c.name.islower()  # "programme", "projet pilote"
        end = _description_end(tokens, taken) if bare else _phrase_end(tokens, taken, _INSIDE)
        if end > c.end:
            c.end = end
            c.name = " ".join(text[c.start : end].split())


#: the quote a quoted name opens with, and the one that closes it
_QUOTES = {"«": "»", "“": "”", '"': '"'}
_QUOTED_REACH = 200


def _quoted_whole(text: str, c: Cand) -> bool:
    """Whether a name is the whole of a quotation: its opening quote right before it, the
    closing one right after it."""
    before = text[max(0, c.start - 2) : c.start].rstrip()
    opening = before[-1:] if before else ""
    return opening in _QUOTES and text[c.end : c.end + 2].lstrip()[:1] == _QUOTES[opening]


def _to_closing_quote(text: str, c: Cand) -> None:
    """A name that opens a quotation runs to its closing quote: «Journées franco-algériennes
    de coopération territoriale pour le développement économique et environnemental» is one
    event, however the parse cut it."""
    before = text[max(0, c.start - 2) : c.start].rstrip()
    opening = before[-1:] if before else ""
    if opening not in _QUOTES:
        return
    close = text.find(_QUOTES[opening], c.end, c.start + _QUOTED_REACH)
    if close == -1 or "\n" in text[c.end : close] or opening in text[c.end : close]:
        return
    end = len(text[:close].rstrip())
    if end > c.end:
        c.end = end
        c.name = " ".join(text[c.start : end].split())


#: a publisher or owner written after an initiative's name: "Programme X (Ambassade de France)"
_PUBLISHER = re.compile(r"\s*\((?![A-Z0-9-]+\))[A-ZÀ-Ý][^()]*\)\s*$")


def _without_publisher(c: Cand) -> None:
    """An initiative's name without the body written after it in parentheses (an acronym in
    parentheses stays: it is the name's short form)."""
    m = _PUBLISHER.search(c.name)
    if m is not None and m.start() > 0 and len(c.name[: m.start()].split()) >= 2:
        cut = len(c.name) - m.start()
        c.name = c.name[: m.start()]
        c.end -= cut if c.end - c.start >= cut else 0


def _tokens(doc: Doc, c: Cand) -> list[Token]:
    span = doc.char_span(c.start, c.end, alignment_mode="contract")
    return list(span) if span is not None else []


def _phrase_end(tokens: list[Token], taken: set[int], deps: frozenset[str]) -> int:
    inside = {t.i for t in tokens}
    head = next((t for t in tokens if t.head.i not in inside or t.head is t), tokens[0])
    phrase = {t.i for t in _under(head, deps)}
    doc = head.doc
    last = tokens[-1].i
    i = last + 1
    while i < len(doc) and i in phrase and i not in taken and i - last <= _MAX_TOKENS:
        if doc[i].pos_ == "NUM" or doc[i].like_num:
            break  # a date or an amount after a name is not part of it ("… en 2021")
        i += 1
    while i - 1 > last and doc[i - 1].dep_ in ("case", "det", "cc"):
        i -= 1  # a phrase never ends on "de", "la" or "et"
    return (
        doc[i - 1].idx + len(doc[i - 1].text)
        if i - 1 > last
        else tokens[-1].idx + len(tokens[-1].text)
    )


def _description_end(tokens: list[Token], taken: set[int]) -> int:
    """An unnamed initiative ("un programme destiné à préparer vingt communes togolaises à
    nouer des partenariats internationaux a été lancé") is named by its description: the words
    after its head up to a finite verb, punctuation, a conjunction or another name."""
    doc = tokens[0].doc
    last = tokens[-1]
    for t in doc[last.i + 1 : last.i + 1 + _MAX_TOKENS]:
        finite = t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", [])
        year = t.text.isdigit() and len(t.text) == 4
        stop = finite or t.pos_ in _DESCRIPTION_STOP or year
        if stop or "\n" in t.whitespace_:
            break
        last = t
    while last.i > tokens[-1].i and last.pos_ in ("ADP", "DET"):
        last = doc[last.i - 1]
    return last.idx + len(last.text)


def _under(head: Token, deps: frozenset[str]) -> list[Token]:
    out, stack = [], [head]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ in deps or _adjectival(c))
    return out


def _cut_at_verb(doc: Doc, text: str, c: Cand) -> None:
    """ "Assises étaient" is "Assises": a finite verb or auxiliary ends a name (not in a name
    written in capitals, whose parse is no guide, nor a word written with a capital)."""
    if any(ch.isalpha() for ch in c.name) and _in_capitals(c.name):
        return
    for t in _tokens(doc, c)[1:]:
        if t.text[:1].isupper() or t.dep_ == "amod":
            # "des communes du Grand Est": a capital inside a name is no verb; nor is a word
            # the parse makes a modifier ("2e Forum franco-britannique des maires")
            continue
        if (t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", [])) or _participle(t):
            end = len(text[c.start : t.idx].rstrip())
            if end > 2:
                c.end = c.start + end
                c.name = " ".join(text[c.start : c.end].split())
            return


def _capitals_end(text: str, c: Cand) -> None:
    """A name written in capitals ends where the capitals do: "ASSISES DE LA COOPERATION
    FRANCO-LIBANAISE Tenues sous le patronage …" is the title, then the text."""
    words = list(re.finditer(r"\S+", text[c.start : c.end]))
    if len(words) < 3 or not all(_in_capitals(w.group()) for w in words[:2]):
        return
    for w in words[2:]:
        if not _in_capitals(w.group()):
            c.end = c.start + len(text[c.start : c.start + w.start()].rstrip())
            c.name = " ".join(text[c.start : c.end].split())
            return


def _in_capitals(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return not letters or all(ch.isupper() for ch in letters)


def _participle(t: Token) -> bool:
    """A present participle with its object: "programme de recherche-action associant
    AgroParisTech" ends before "associant" (the parse may call it an adjective)."""
    nxt = t.nbor(1) if t.i + 1 < len(t.doc) else None
    return (
        t.lower_.endswith("ant")
        and t.pos_ in ("VERB", "ADJ")
        and nxt is not None
        and (nxt.pos_ in ("PROPN", "DET") or nxt.text[:1].isupper())
    )


def _with_ordinal(text: str, c: Cand) -> None:
    m = _ORDINAL.search(text, max(0, c.start - 14), c.start)
    if m is not None and m.end() == c.start:
        c.start = m.start()
        c.name = " ".join(text[c.start : c.end].split())


def _adjectival(t: Token) -> bool:
    """A participle used as an adjective ("la coopération décentralisée"): no object, no
    complement of its own."""
    return (
        t.dep_ == "acl"
        and "Part" in t.morph.get("VerbForm", [])
        and not any(c.dep_ in ("obj", "obl", "obl:agent", "obl:arg", "nsubj") for c in t.children)
    )
