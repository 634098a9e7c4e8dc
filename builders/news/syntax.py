"""Statements read from the dependency parse: who funds, leads or organises what, by the
grammatical roles of a verb or noun of the lexicon (`builders.news.lexicon`), not by its surface.

* active verbs: the subject acts on the object ("La Région finance le projet", "X et Y dotent le
  fonds de 50 000 €", "X s'engage à verser 10 000 € à Y": the subject of the governing verb);
* passive verbs and participles: the "par" agent acts on the subject or on the noun the
  participle qualifies ("le projet est financé par X", "un forum organisé par X");
* agentive nouns: "de" names the actor ("grâce au soutien financier de X", "sous l'égide de
  X"); process nouns: "de" names the thing and the governing verb's subject the actor ("X et Y
  annoncent le lancement du programme Z").

Each end is the name the readers found in the phrase of its token; a bare generic head ("le
projet", "ce forum") stands for the initiative or event the text is about. Conjuncts share
their role ("A, B et C financent"), with no cap on their number.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import cached_property

from spacy.tokens import Doc, Token

from builders.candidates import Cand
from builders.news.lexicon import (
    AGENT_NOUNS,
    AGREEMENT_NOUNS,
    ATTEND_VERBS,
    AUTHORITY_HEADS,
    BIND_VERBS,
    CONJUGATED,
    COOPERATION_VERBS,
    EVENT_HEADS,
    FUND_HEADS,
    INITIATIVE_HEADS,
    JOIN_VERBS,
    MEMBER_VERBS,
    MONEY_WORDS,
    PARTNER_NOUNS,
    PARTNER_OF,
    PARTNER_VERBS,
    PROCESS_NOUNS,
    RECEIVE_VERBS,
    SIGN_VERBS,
    STATE_HEADS,
    VERBS,
    WEAK_FUND,
    verb_lemma,
)
from builders.news.officials import holds_office, office_of
from builders.news.relations import (
    INITIATIVES,
    PLACES,
    Rel,
    amount_near,
    is_actor,
    parenthetical,
    year_of,
)
from kg.normalize import fold
from kg.resolve import core_name

#: dependencies that leave a noun phrase (the phrase of a token stops at them)
_OUT_OF_PHRASE = frozenset(
    {"conj", "cc", "acl", "acl:relcl", "advcl", "punct", "parataxis", "appos", "nsubj", "obj"}
)
_PAR = frozenset({"par"})
_DE = frozenset({"de", "du", "des", "d'", "d’"})
_TO = frozenset({"à", "au", "aux", "pour"})
_WITH = frozenset({"avec"})
_IN = frozenset({"dans", "à", "au", "aux"})
_BETWEEN = frozenset({"entre"})
_DEMONSTRATIVE = frozenset({"ce", "cet", "cette", "ces"})
_RELATIVE = frozenset({"qui", "lequel", "laquelle", "lesquels", "lesquelles"})
#: the most parties a list may name for its names of no known country to count as foreign
#: (a long list of French authorities may hold a misspelt or former name)
_SHORT_GROUP = 4
_AT = frozenset({"à", "au", "aux", "auprès", "avec", "pour", "en"})
_OBLIQUE = ("obl", "obl:arg", "obl:mod", "iobj")
_DEFINITE = frozenset({"le", "la", "l'", "l’", "les"})
_POSSESSIVE = frozenset({"leur", "leurs"})
_PLURAL_PRONOUNS = frozenset({"ils", "elles", "eux"})
#: what may be one end of a partnership
PARTNER_KINDS = frozenset({*PLACES, "Association", "Network"})
RULE = "syntax"
#: the partnership nouns that speak of the text's own partnerships when no party is named
_HOME_NOUNS = frozenset({"jumelage", "partenariat", "coopération"})
#: a place that qualifies another ("Kaya, chef-lieu de la province du Sanmatenga"): a locator
_QUALIFIED = re.compile(
    r"(?:\b(?:chef-lieu|capitale)\b[^,.;]{0,40}|\b(?:de|du|des)\s+(?:la\s+|l['’])?"
    r"(?:province|préfecture|région|département|cercle|wilaya|district)\s+(?:de\s+la|du|des|de|d['’])\s*)$",
    re.I,
)
#: the marks of an "entre" naming its two sides: "entre A et B d'une part et C d'autre part"
_ONE_SIDE = re.compile(r"\bd['’]\s*une\s+part\b|\bd['’]\s*un\s+c[ôo]t[ée]\b", re.I)
_OTHER_SIDE = re.compile(r"\bd['’]\s*autre\s+part\b|\bde\s+l['’]\s*autre\b", re.I)
#: how far apart (in characters) an official's name and their office's authority are one
#: mention of it ("Kossi Agbeko, maire de Kpalimé")
_NEAR = 100
#: what joins the names of one coordination ("A, B et C", "A ainsi que B")
_LISTED = re.compile(
    r"\s*(?:,|,?\s*et|,?\s*ainsi\s+que)\s*"
    r"(?:la\s+|le\s+|les\s+|l['’]\s*|de\s+la\s+|du\s+|des\s+|de\s+|d['’]\s*)?"
)


def _fund(c: Cand) -> bool:
    """A fund named as such ("Fonds franco-québécois de …"): launched and piloted like a
    programme, so it may be the end of a lead."""
    return c.kind == "Funder" and c.name.split()[0].lower() in FUND_HEADS


class Names:
    """The names the readers found, by the tokens they cover."""

    def __init__(self, doc: Doc, cands: Iterable[Cand]) -> None:
        self.by_token: dict[int, Cand] = {}
        for c in sorted(cands, key=lambda c: c.end - c.start):  # longest names win
            span = doc.char_span(c.start, c.end, alignment_mode="expand")
            for t in span or ():
                self.by_token[t.i] = c

    def of(self, token: Token) -> Cand | None:
        """The name of the phrase headed by `token` (the head's own name first)."""
        if token.i in self.by_token:
            return self.by_token[token.i]
        for t in _phrase(token):
            if t.i in self.by_token:
                return self.by_token[t.i]
        for child in token.children:  # "la région haute Matsiatra": the name as apposition
            if child.dep_ in ("appos", "flat:name") and child.i == token.i + 1:
                for t in _phrase(child):
                    if t.i in self.by_token:
                        return self.by_token[t.i]
        return None


def _phrase(token: Token) -> list[Token]:
    out, stack = [], [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in _OUT_OF_PHRASE)
    return sorted(out, key=lambda t: t.i)


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    out: list[Token] = []
    for t in tokens:
        out += [t, *t.conjuncts]
    return list(dict.fromkeys(out))


def _case(token: Token) -> str:
    return next((c.lower_ for c in token.children if c.dep_ == "case"), "")


def _children(
    token: Token, deps: tuple[str, ...], cases: frozenset[str] | None = None
) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps and (cases is None or _case(c) in cases)]


def _passive(verb: Token) -> bool:
    if any(c.dep_ in ("aux:pass", "nsubj:pass", "obl:agent") for c in verb.children):
        return True
    return "Part" in verb.morph.get("VerbForm", []) and verb.dep_ in ("acl", "advcl", "amod")


#: demonstrative pronouns that stand for a noun named before them
_DEMONSTRATIVES = frozenset({"celui", "celle", "ceux", "celles"})


def _subjects(verb: Token) -> list[Token]:
    found = _children(verb, ("nsubj",))
    while not found and verb.dep_ in ("xcomp", "ccomp", "conj") and verb.head is not verb:
        verb = verb.head  # "X s'engage à verser", "X signe et finance"
        found = _children(verb, ("nsubj",))
    relative = [t for t in verb.children if t.dep_ in ("nsubj", "nsubj:pass")]
    if verb.dep_ == "acl:relcl" and any(t.lower_ in _RELATIVE for t in relative):
        return [verb.head]  # "Kaiserslautern, qui est jumelée avec …": the antecedent
    return found


#: the verbs a deliberation's articles open with, the assembly their unwritten subject
_DELIBERATIVE = frozenset(
    {"décider", "attribuer", "affecter", "approuver", "accorder", "allouer", "octroyer"}
)


def _deliberating(sent: list[Token]) -> bool:
    """Whether a sentence is an article of a deliberation: it opens with a capitalised verb
    of decision that has no subject ("Décide de participer …", "Attribue une subvention …")."""
    words = [t for t in sent if not t.is_space]
    if words and words[0].lower_ == "article":  # "Article 2 : Décide …"
        colon = next((i for i, t in enumerate(words[:5]) if t.text == ":"), None)
        words = words[colon + 1 :] if colon is not None else words
    first = next((t for t in words if not t.is_punct), None)
    if first is None or not first.text[:1].isupper() or first.pos_ not in ("VERB", "NOUN"):
        return False
    lemma = verb_lemma(first.lemma_.lower(), first.lower_)
    return lemma in _DELIBERATIVE and not _children(first, ("nsubj",))


def _member_rels(members: list[Cand], target: Cand, s: int, e: int) -> list[Rel]:
    """Each of `members` (once, the initiative itself aside) a member of `target`."""
    return [
        Rel("member", {"member": c, "programme": target}, s, e, rule=RULE)
        for c in {id(c): c for c in members}.values()
        if c is not target
    ]


def _demonstrated(pronoun: Token, sent: list[Token]) -> list[Token]:
    """The noun a demonstrative pronoun stands for: the nearest noun before it in its sentence
    ("parmi les coopérations, celle qui unit A et B": "coopérations"); none for another word."""
    if pronoun.pos_ != "PRON" or pronoun.lemma_.lower() not in _DEMONSTRATIVES:
        return []
    before = [t for t in sent if t.i < pronoun.i and t.pos_ == "NOUN"]
    return before[-1:]


def verb_roles(verb: Token) -> tuple[list[Token], list[Token]]:
    """(actors, things) of a lexicon verb."""
    if _passive(verb):
        actors = _children(verb, ("obl:agent", "obl", "obl:mod", "nmod"), _PAR)
        for adverb in _children(verb, ("advcl", "advmod")):
            if not actors and adverb.lower_.endswith("ment"):  # "lancé conjointement par X":
                actors = _children(adverb, ("obl:agent", "obl", "nmod"), _PAR)  # mistagged
        things = _children(verb, ("nsubj:pass",))
        if not things and verb.dep_ in ("acl", "amod"):
            things = [verb.head]  # "le projet financé par X"
        elif not things and verb.dep_ == "advcl":
            things = _children(verb.head, ("nsubj", "nsubj:pass"))  # "Organisé par X, le forum"
        return _with_conjuncts(actors), things
    things = _children(verb, ("obj",)) + _children(verb, ("obl:arg", "obl", "iobj"), _TO)
    if not things and verb.dep_ == "xcomp":  # "X a décidé de lancer, cette année, un appel":
        things = [t for t in _children(verb.head, ("obj",)) if t.i > verb.i]  # hung on "décidé"
    return _with_conjuncts(_subjects(verb)), things


def noun_roles(noun: Token, agentive: bool) -> tuple[list[Token], list[Token]]:
    """(actors, things) of a lexicon noun: "de" is the actor of an agentive noun, the thing of
    a process noun (whose actor is the subject of the verb governing it, or a "par" agent)."""
    de = _children(noun, ("nmod",), _DE)
    par = _children(noun, ("nmod",), _PAR)
    if agentive:
        governor = noun.head if noun.dep_ in ("obl", "obl:mod", "obl:arg", "nmod") else None
        things = _children(governor, ("nsubj", "nsubj:pass", "obj")) if governor else []
        if _received(noun):
            things = _subjects(noun.head)  # "la région a obtenu un financement du MAEE"
        return _with_conjuncts(de), things
    actors = par or (_subjects(noun.head) if noun.dep_ == "obj" else [])
    return _with_conjuncts(actors), de


def _governing_verb(noun: Token) -> tuple[Token | None, list[Token]]:
    """The verb a partnership noun depends on (through "de" complements: "la création de leur
    jumelage"), with the nouns on the way."""
    chain = [noun]
    t = noun
    while t.dep_ in ("nmod", "obj", "obl", "obl:arg", "obl:mod", "nsubj:pass", "nsubj") and (
        t.head is not t
    ):
        t = t.head
        if t.pos_ in ("VERB", "AUX"):
            return t, chain
        chain.append(t)
    return None, chain


def _avec(verb: Token, chain: list[Token]) -> list[Token]:
    """The "avec" complements of the verb or of the nouns between it and the partnership noun."""
    found = _children(verb, ("obl", "obl:arg", "obl:mod", "nmod"), _WITH)
    for n in chain:
        found += _children(n, ("nmod", "obl", "obl:arg"), _WITH)
    return found


def _across(
    names: list[Cand],
    french: Callable[[Cand], bool] = lambda c: c.country == "FR",
    foreign: Callable[[Cand], bool] = lambda c: c.country not in (None, "FR"),
) -> list[tuple[Cand, Cand]]:
    """The pairs among authorities said to be partners together: the two of them, or each
    French one with each one of another country ("Nantes, Saint-Nazaire et Kherson": Kherson
    with each; a name that may be French is on neither side)."""
    names = list({id(c): c for c in names}.values())
    if len(names) == 2:
        return [(names[0], names[1])]
    home = [c for c in names if french(c)]
    others = [c for c in names if not french(c) and foreign(c)]
    return [(a, b) for a in home for b in others]


#: what ends a clause for a linear reading of its parties
_CLAUSE_END = re.compile(r"[.;:]\s|\s(?:qui|dont|alors|tandis)\s")
#: a locator before a name: "dans le département du Pool", "en France", "située dans"
_LOCATOR = re.compile(
    r"(?:\b(?:dans|en|à|au|située?s?\s+dans|près\s+de)\s+(?:(?:le|la|les|l['’])\s*)?"
    r"(?:(?:département|région|province|préfecture|métropole|sud|nord|est|ouest|centre|cœur)"
    r"\s+(?:de\s+la|du|des|de|d['’])\s*)?)$",
    re.I,
)
_AND = re.compile(r"\s+et\s+")


_DATELINE = re.compile(r",[ \t]+(?:le[ \t]+|du[ \t]+)?(?:[a-z]+di[ \t]+)?\d{1,2}(?:er)?[ \t]")


def _dateline(text: str, c: Cand) -> bool:
    """Whether `c` is the town of a dateline opening a line ("Ségou, du 3 au 5 novembre")."""
    at_line_start = c.start == 0 or text[max(0, c.start - 1)] == "\n"
    return at_line_start and bool(_DATELINE.match(text, c.end))


def _located(text: str, c: Cand) -> bool:
    """Whether a locator introduces `c` ("dans le département du Pool", "en France")."""
    return bool(_LOCATOR.search(text, max(0, c.start - 40), c.start))


#: a twinning verb with "à" ("est jumelée à", "jumelé à")
_TWINNED_TO = re.compile(r"\bjumel[ée]+e?s?\s+(?:à|a)\s", re.I)
#: one gapped item: from a comma to the next comma (or the sentence's end)
_SEGMENT = re.compile(r"(?<=,)[^,]+")
_SEGMENT_LEAD = re.compile(
    r"\s*(?:et\s+)?(?:(?:la|le|l['’])\s*(?:ville|commune)\s+(?:de\s+|d['’]))?"
)
#: what joins the two names of a gapped item: "à", maybe "la commune de"
_GAPPED_TO = re.compile(
    r"\s+à\s+(?:(?:la|le|l['’])\s*)?"
    r"(?:(?:ville|commune|cité|communauté|région)\s+(?:de\s+|d['’]))?",
    re.I,
)
#: ", partenaire du", ", toutes deux partenaires de la"
_APPOSED = re.compile(
    r",\s*(?P<both>(?:tou(?:te)?s\s+)?(?:les\s+)?(?:deux|trois)\s+)?partenaires?\s+"
    r"(?:de\s+la|de\s+l['’]|du|des|de|d['’])\s*",
    re.I,
)
#: how far a partner's name may start after "partenaire de" ("la localité d'Eybens")
_HEAD_REACH = 30


def _inner_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    """`tokens`, their conjuncts and those of the words of their phrases: in "le Conseil
    départemental de la Vienne et la commune de Marigot" the parse may join the commune to
    "Vienne" inside the first name rather than to its head."""
    out: list[Token] = []
    for t in tokens:
        out += [t, *t.conjuncts]
        out += [c for d in _phrase(t) for c in d.conjuncts]
    return list(dict.fromkeys(out))


def _received(noun: Token) -> bool:
    """Whether a noun is the object of a receiving verb ("a obtenu un financement de X"):
    its "de" complement is then the giver, whatever the noun."""
    head = noun.head
    return noun.dep_ == "obj" and verb_lemma(head.lemma_.lower(), head.lower_) in RECEIVE_VERBS


def demonstrative_head(token: Token) -> bool:
    """ "cette commune du Val-d'Oise": a generic head pointing back to a town named before;
    the name in its phrase is a locator, not the partner."""
    return token.lemma_.lower() in AUTHORITY_HEADS and any(
        d.dep_ == "det" and d.lower_ in _DEMONSTRATIVE for d in token.children
    )


def _signing(verb: Token) -> bool:
    return verb_lemma(verb.lemma_.lower(), verb.lower_) in SIGN_VERBS and not _passive(verb)


def _money(sent: list[Token], pos: int) -> bool:
    return any(t.lower_ in MONEY_WORDS or t.lemma_ in MONEY_WORDS for t in sent[pos : pos + 4])


def _verb(t: Token) -> bool:
    """Whether `t` is used as a verb: tagged so, a participle, or a form of a lexicon verb the
    model mistagged that still governs a subject or an object ("X lance un fonds")."""
    if t.pos_ in ("VERB", "AUX") or (t.pos_ == "ADJ" and "Part" in t.morph.get("VerbForm", [])):
        return True
    if t.lower_ not in CONJUGATED:
        return False
    return t.dep_ == "ROOT" or any(c.dep_ in ("nsubj", "obj") for c in t.children)


def _stated_pairs(left: list[Cand], right: list[Cand]) -> list[tuple[Cand, Cand]]:
    """Each name of `left` with each of `right`, when the clause states who pairs with whom:
    one side is one authority. "A, B et C travaillent avec leurs partenaires D, E et F" says
    they cooperate, not which with which: no pair."""
    if len({id(c) for c in left}) > 1 and len({id(c) for c in right}) > 1:
        return []
    return [(a, b) for a in left for b in right if a is not b]


def _most_named(cands: list[Cand], key: Callable[[Cand], str], least: int) -> Cand | None:
    """The name `cands` give most often (counted by `key`), at least `least` times and more
    often than any other; None on a tie."""
    counts: dict[str, list[Cand]] = {}
    for c in cands:
        counts.setdefault(key(c), []).append(c)
    ranked = sorted(counts.values(), key=len, reverse=True)
    if not ranked or len(ranked[0]) < least:
        return None
    if len(ranked) > 1 and len(ranked[1]) == len(ranked[0]):
        return None
    return ranked[0][0]


def _partnerships(pairs: Iterable[tuple[Cand, Cand]], s: int, e: int) -> list[Rel]:
    return [Rel("partnership", {"a": a, "b": b}, s, e, rule=RULE) for a, b in pairs]


def _finite(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", [])


def _clause_end(sent: list[Token], verb: Token) -> int:
    """Where the clause of `verb` ends: at the next ";" or ":" or finite verb, else with its
    sentence."""
    return next(
        (t.idx for t in sent if t.i > verb.i and (t.text in (";", ":") or _finite(t))),
        sent[-1].idx + len(sent[-1].text),
    )


def _finite_active(verb: Token) -> bool:
    return _finite(verb) and not _passive(verb)


def triggers(sent: list[Token]) -> Iterable[tuple[str, Token, bool | None]]:
    """(link kind, trigger token, agentive?) of each lexicon word; `None` marks a verb."""
    for i, t in enumerate(sent):
        lemma = t.lemma_.lower()
        if _verb(t):
            lemma = verb_lemma(lemma, t.lower_)
            for kind, lemmas in VERBS.items():
                if lemma in lemmas:
                    yield kind, t, None
        elif t.pos_ == "NOUN":
            for kind, nouns in AGENT_NOUNS.items():
                if lemma in nouns and (
                    lemma not in WEAK_FUND or _money(sent, i + 1) or _received(t)
                ):
                    yield kind, t, True
            for kind, nouns in PROCESS_NOUNS.items():
                if lemma in nouns and not _received(t):  # a received financement's "de" gives
                    yield kind, t, False


class SyntaxReader:
    """Reads the statements of one text's sentences from its parse."""

    def __init__(
        self,
        doc: Doc,
        text: str,
        cands: list[Cand],
        french: Callable[[Cand], bool] = lambda c: c.country == "FR",
        foreign: Callable[[Cand], bool] = lambda c: c.country not in (None, "FR"),
    ) -> None:
        self.doc, self.text = doc, text
        self.french, self.foreign = french, foreign
        self.names = Names(doc, cands)
        self.cands = sorted(cands, key=lambda c: c.start)
        self.starts = [c.start for c in self.cands]
        self.token_starts = [t.idx for t in doc]
        self.position = {id(c): i for i, c in enumerate(self.cands)}
        self.previous: list[Cand] = []
        #: whether the sentence before named a partnership (what "le troisième" stands for)
        self.cue_before = False

    def read(self, s: int, e: int, initiative: Cand | None, event: Cand | None) -> list[Rel]:
        """The statements of the sentence [s, e); `initiative` and `event` are what its
        generic heads ("le projet", "cette rencontre") stand for."""
        sent = self._tokens(s, e)
        rels: list[Rel] = []
        for kind, trigger, agentive in triggers(sent):
            if agentive is None:
                actors, things = verb_roles(trigger)
            else:
                actors, things = noun_roles(trigger, agentive)
            ends = [self._thing(kind, t, initiative, event) for t in things]
            target = next((c for c in ends if c is not None), None)
            if target is None and kind == "fund" and agentive is None:
                target = self._beneficiary(trigger)
            if target is None and agentive:  # "grâce au soutien de X, le projet ..."
                target = self._named_here(kind, s, e, sent, event)
            linear = agentive is None and not _passive(trigger) and trigger.lower_ in CONJUGATED
            if target is None and linear:  # a mistagged verb: its object follows it
                target = self._object_after(kind, sent, trigger)
            if target is None and kind == "organise" and _passive(trigger):
                # "Co-organisées par A et B, ces Rencontres …": the event the clause is about
                heads = any(t.lemma_.lower() in EVENT_HEADS for t in sent if t.i > trigger.i)
                target = self._object_after(kind, sent, trigger) or (event if heads else None)
            if target is None:
                continue
            named = [c for c in (self.names.of(a) for a in actors) if c is not None]
            if not named and agentive is None and _finite_active(trigger):
                named = self._before(sent, trigger)  # a subject the parse left unattached
            if not named and kind == "fund" and _deliberating(sent):
                # "Décide de participer au financement du projet X": the assembly that
                # deliberates, the authority the text is about
                named = [c for c in [self.assembly] if c is not None]
            for actor in self._coordinated(named):
                if is_actor(actor) and actor is not target:
                    rels.append(self._rel(kind, actor, target, s, e, trigger))
        rels += self._joined(sent, s, e, initiative)
        return rels + self._partnerships(sent, s, e) + self._memberships(sent, s, e, initiative)

    def _joined(self, sent: list[Token], s: int, e: int, initiative: Cand | None) -> list[Rel]:
        """ "X participe au programme Y", "X a rejoint le projet", "trois régions se sont
        intégrées au dispositif : A, B et C": the subjects of a verb of joining (or, for a
        subject that names none, the actors its colon lists) are members of the initiative
        its "à" complement or object names."""
        rels: list[Rel] = []
        for t in sent:
            participle = t.pos_ == "ADJ" and t.lower_ in CONJUGATED  # "intégrées" as ADJ
            if not (_verb(t) or participle):
                continue
            if verb_lemma(t.lemma_.lower(), t.lower_) not in JOIN_VERBS:
                continue
            joined = _children(t, _OBLIQUE, _TO) + _children(t, ("obj",))
            target = next((c for u in joined if (c := self._joined_thing(u, initiative))), None)
            if target is None or target.kind not in INITIATIVES:
                continue
            members = self._actors(_with_conjuncts(_subjects(t))) or self._colon_list(sent, t)
            rels += _member_rels(members, target, s, e)
        return rels

    def _memberships(self, sent: list[Token], s: int, e: int, initiative: Cand | None) -> list[Rel]:
        """ "Le programme concerne six territoires : A, B et C", "le projet associe A et B":
        the actors an initiative's verb of membership takes as objects (or lists after its
        object's colon) are its members."""
        rels: list[Rel] = []
        for t in sent:
            if not _verb(t) or verb_lemma(t.lemma_.lower(), t.lower_) not in MEMBER_VERBS:
                continue
            if _passive(t):
                rels += self._involved(t, s, e, initiative)
                continue
            subjects = _subjects(t)
            target = next(
                (c for c in (self._thing("lead", u, initiative, None) for u in subjects) if c),
                None,
            )
            if target is None and not subjects:  # a parse that left the verb no subject
                target = next((c for c in self._here(s, t.idx) if c.kind in INITIATIVES), None)
            if target is None or target.kind not in INITIATIVES:
                continue
            objects = _children(t, ("obj",))
            members = self._actors(_with_conjuncts(objects)) + self._colon_list(sent, t)
            rels += _member_rels(members, target, s, e)
        return rels

    def _colon_list(self, sent: list[Token], verb: Token) -> list[Cand]:
        """The actors listed after the first colon that follows `verb` in its clause ("concerne
        six territoires : A, B et C")."""
        colon = next((u for u in sent if u.i > verb.i and u.text == ":"), None)
        if colon is None:
            return []
        return [c for c in self._here(colon.idx, _clause_end(sent, colon)) if is_actor(c)]

    def _involved(self, verb: Token, s: int, e: int, initiative: Cand | None) -> list[Rel]:
        """ "A et B sont impliquées dans un projet …, avec C": the subjects of a passive verb
        of membership, and its "avec" partners, are members of its "dans" / "à" initiative,
        and the subjects are partners of the "avec" ones across borders."""
        target = next(
            (
                c
                for o in _children(verb, _OBLIQUE, _IN)
                if (c := self._thing("lead", o, initiative, None)) is not None
            ),
            None,
        )
        if target is None or target.kind not in INITIATIVES:
            return []
        members = self._actors(_with_conjuncts(_children(verb, ("nsubj:pass", "nsubj"))))
        partners = self._actors(_with_conjuncts(_children(verb, _OBLIQUE, _WITH)))
        rels = _member_rels(members + partners, target, s, e)
        pairs = [(a, b) for a in members for b in partners if self.foreign(a) != self.foreign(b)]
        return rels + _partnerships(pairs, s, e)

    def _actors(self, tokens: list[Token]) -> list[Cand]:
        named = [c for c in (self.names.of(t) for t in tokens) if c is not None]
        return [c for c in self._coordinated(named) if is_actor(c)]

    def with_home(self, s: int, e: int) -> list[Rel]:
        """ "Les jumelages ont été concrétisés en 1981 pour A et en 2001 pour B": a sentence
        that speaks of partnership (its noun) and names authorities of one side only pairs
        each with the text's main authority on the other side (a text about Mitry-Mory)."""
        sent = self._tokens(s, e)
        if not any(t.pos_ == "NOUN" and t.lemma_.lower() in _HOME_NOUNS for t in sent):
            return []
        here = self._here(s, e)
        inside = [(c.start, c.end) for c in here if c.kind in (*INITIATIVES, "Event")]
        places = [
            c
            for c in here
            if c.kind in PLACES
            and not _dateline(self.text, c)
            and not _located(self.text, c)
            and not _QUALIFIED.search(self.text, max(0, c.start - 60), c.start)
            and not any(a <= c.start and c.end <= b for a, b in inside)
        ]
        if not places:
            return []
        home, away = self.main_authority, self.main_foreign_authority
        foreign = [c for c in places if self.foreign(c)]
        if len(foreign) == len(places) and home is not None:
            return _partnerships(((home, c) for c in foreign), s, e)
        french = [c for c in places if self.french(c)]
        if len(french) == len(places) and away is not None:
            return _partnerships(((c, away) for c in french), s, e)
        return []

    def _named_here(
        self, kind: str, s: int, e: int, sent: list[Token], event: Cand | None
    ) -> Cand | None:
        """What an agentive noun's link reaches when the parse gives it no thing: the
        sentence's initiative, or for an organiser ("à l'initiative de X, un séminaire …") its
        event, else the event the text is about when the sentence names one by its head."""
        if kind != "organise":
            return next((c for c in self._here(s, e) if c.kind in INITIATIVES), None)
        named = next((c for c in self._here(s, e) if c.kind == "Event"), None)
        if named is None and any(t.lemma_.lower() in EVENT_HEADS for t in sent):
            return event
        return named

    def _beneficiary(self, verb: Token) -> Cand | None:
        """Whom a funding verb with no named object gives to: its "pour" partner ("a financé
        pour sa ville-partenaire de Talin des camions")."""
        for obl in _children(verb, _OBLIQUE):
            if _case(obl) != "pour":
                continue
            for de in [obl, *_children(obl, ("nmod",), _DE)]:
                name = self.names.of(de)
                if name is not None and name.kind in PLACES:
                    return name
        return None

    def _object_after(self, kind: str, sent: list[Token], verb: Token) -> Cand | None:
        """The first name after a verb, in its sentence, that the link kind may reach (an
        event for an organiser, an initiative for a lead): the object of a verb the parse
        mistook for an adjective ("Nancy organise, en partenariat avec X, les Assises …")."""
        end = sent[-1].idx + len(sent[-1].text)
        for c in self._here(verb.idx + len(verb.text), end):
            if kind == "organise" and c.kind == "Event":
                return c
            if kind == "lead" and (c.kind in INITIATIVES or _fund(c)):
                return c
            if kind == "fund" and c.kind in INITIATIVES:
                return c
        return None

    def _before(self, sent: list[Token], verb: Token) -> list[Cand]:
        """The actors named between the clause's opening and a finite verb whose subject the
        parse lost (long subjects with parentheses: "A (B – C) et D (E) lancent …"). A leading
        adverbial ("Dans le cadre de X,") is no part of the subject."""
        start = sent[0].idx
        if sent[0].pos_ in ("ADP", "ADV", "SCONJ"):
            comma = next((t for t in sent if t.text == "," and t.i < verb.i), None)
            if comma is None:
                return []
            start = comma.idx + 1
        if any(t.text in (";", ":") or _finite(t) for t in sent if start <= t.idx < verb.idx):
            return []  # another clause stands before the verb
        return [c for c in self._here(start, verb.idx) if is_actor(c)]

    def _partnerships(self, sent: list[Token], s: int, e: int) -> list[Rel]:
        """ "A entretient un jumelage avec B", "A et celle de B ont signé leur partenariat",
        "A s'est jumelée avec B": the clause's subjects and its "avec" partners."""
        rels: list[Rel] = []
        for t in sent:
            lemma = t.lemma_.lower()
            if t.pos_ == "NOUN" and lemma in PARTNER_NOUNS:
                verb, chain = _governing_verb(t)
            elif t.pos_ == "VERB" and lemma in PARTNER_VERBS:
                verb, chain = t, [t]
            elif t.pos_ == "VERB" and verb_lemma(lemma, t.lower_) in SIGN_VERBS and _avec(t, [t]):
                verb, chain = t, [t]  # "(un partenariat) scellé avec X": signed with X
            else:
                continue
            if verb is None:
                continue
            said = _with_conjuncts(_subjects(verb))
            subjects = self._partners(said)
            if not subjects and any(t.lower_ in _PLURAL_PRONOUNS for t in said):
                subjects = self.previous  # "Ensemble, ils officialisaient leur jumelage"
            partners = self._partners(_with_conjuncts(_avec(verb, chain)))
            if not partners and t is not verb and _signing(verb):
                # "X a conclu une convention, cette fois avec Y": the parse hung "avec" elsewhere
                partners = self._with_after(sent, t)
            if not said and not partners and t is verb and _finite_active(verb):
                # "A, B et C coopèrent avec D" parsed into two roots: read the words
                subjects = [c for c in self._before(sent, verb) if c.kind in PARTNER_KINDS]
                partners = self._with_after(sent, verb) if subjects else []
            if partners and not subjects and self._unnamed(said):
                # "un accord a été signé avec X", "la délégation a conclu une convention avec X"
                subjects = [h for h in [self.protagonist(partners)] if h is not None]
            if partners:
                pairs = _stated_pairs(subjects, partners)
            elif any(d.lower_ in _POSSESSIVE for n in chain for d in n.children):
                pairs = _across(subjects)
            elif _signing(verb) or (said and len(subjects) > 1):
                # "A, B et C ont signé une convention", "A et B ont convenu d'une coopération"
                pairs = self._across_borders(subjects)
            else:
                pairs = []
            rels += _partnerships(pairs, s, e)
        rels += self._partners_of(sent, s, e) + self._cooperations(sent, s, e)
        rels += self._between_parties(sent, s, e) + self._signed(sent, s, e)
        rels += self._apposed_partners(s, e) + self._gapped(s, e)
        self._remember(sent)
        return rels

    def _gapped(self, s: int, e: int) -> list[Rel]:
        """ "A est jumelée à B, C à D, E à la commune de F dans le Vaucluse": after a
        twinning verb with "à", each comma-separated "X à Y" repeats it with the verb left out
        (gapping). The locator after the pair is no part of it."""
        verb = _TWINNED_TO.search(self.text, s, e)
        if verb is None:
            return []
        pairs = []
        for m in _SEGMENT.finditer(self.text, verb.end(), e):
            here = self._here(m.start(), m.end())
            if len(here) < 2 or not _SEGMENT_LEAD.fullmatch(self.text, m.start(), here[0].start):
                continue
            a, b = here[0], here[1]
            if _GAPPED_TO.fullmatch(self.text, a.end, b.start) and self._two_countries(a, b):
                pairs.append((a, b))
        return _partnerships(pairs, s, e)

    def _apposed_partners(self, s: int, e: int) -> list[Rel]:
        """ "A, partenaire du B, C et D, E, partenaire de F": each name and the partners in
        apposition after it; "A et B, toutes deux partenaires de C": both. Read from the words
        (the parse of such enumerations rarely holds together): a partner list stops at the
        next name that has partners of its own; two French ends are no pair."""
        found: list[tuple[list[Cand], re.Match[str]]] = []
        for m in _APPOSED.finditer(self.text, s, e):
            before = [c for c in self._here(s, m.start()) if c.kind in PARTNER_KINDS]
            if not before or self.text[before[-1].end : m.start()].strip(" )"):
                continue
            found.append((self._coordinated(before[-1:]) if m.group("both") else before[-1:], m))
        subjects = {id(c) for group, _ in found for c in group}
        rels: list[Rel] = []
        for group, m in found:
            after = [c for c in self._here(m.end(), e) if c.kind in PARTNER_KINDS][:1]
            if not after or after[0].start - m.end() > _HEAD_REACH:
                continue
            partners = []
            for c in self._coordinated(after):
                if id(c) in subjects:
                    break
                partners.append(c)
            pairs = [(a, b) for a in group for b in partners if a is not b]
            rels += _partnerships([(a, b) for a, b in pairs if self._two_countries(a, b)], s, e)
        return rels

    def _two_countries(self, a: Cand, b: Cand) -> bool:
        """Whether two partners may be of two countries: not both French, not both surely
        foreign."""
        return not (self.french(a) and self.french(b)) and not (self.foreign(a) and self.foreign(b))

    def _between_parties(self, sent: list[Token], s: int, e: int) -> list[Rel]:
        """ "le jumelage entre A et B", "une coopération tripartite entre A, B et C", and the
        "entre" groups that repeat it further on ("…entre A et B en 1966, entre C et D en
        1968"): each group's authorities are partners (`_across`)."""
        cue = next(
            (t.i for t in sent if t.pos_ == "NOUN" and t.lemma_.lower() in PARTNER_NOUNS), None
        )
        said_before, self.cue_before = self.cue_before, cue is not None
        if cue is None and said_before:
            cue = sent[0].i  # "Le premier accord …. Le troisième a été entre A et B."
        if cue is None:
            return []
        rels: list[Rel] = []
        for t in sent:
            if t.i < cue or t.lower_ not in _BETWEEN or t.dep_ != "case":
                continue
            stop = next((u.idx for u in sent if u.i > t.i and u.text == ";"), e)
            sides = self._two_sides(t.idx, stop)
            if sides:  # "entre A et B d'une part et C, D et E d'autre part"
                rels += _partnerships(sides, s, e)
                continue
            tokens = _with_conjuncts([t.head])
            group = [c for c in self._partners(tokens) if c.start < stop]
            if group:  # "le jumelage entre Le Blanc-Mesnil et Debre Birhan": a place's partner
                group += self._misread_places(tokens, stop)  # the model took for a person
            if len(group) < 2:  # a locator broke the parse's coordination: "entre A, dans
                group = self._between_words(t, min(stop, e))  # le département X, et B"
            rels += _partnerships(self._across_borders(group), s, e)
        return rels

    def _two_sides(self, start: int, stop: int) -> list[tuple[Cand, Cand]]:
        """The pairs of an "entre" that names its sides: each party before "d'une part" (or
        "d'un côté") with each one between it and "d'autre part" ("de l'autre")."""
        one = _ONE_SIDE.search(self.text, start, stop)
        other = _OTHER_SIDE.search(self.text, one.end(), stop) if one else None
        if one is None or other is None:
            return []
        left = [c for c in self._here(start, one.start()) if c.kind in PARTNER_KINDS]
        right = [c for c in self._here(one.end(), other.start()) if c.kind in PARTNER_KINDS]
        return [(a, b) for a in left for b in right]

    def _misread_places(self, tokens: list[Token], stop: int) -> list[Cand]:
        """The names among `tokens` that the model alone read as persons (no title, no known
        person before them), retyped as towns: a twinning is between places."""
        out = []
        for token in tokens:
            c = self.names.of(token)
            if c is None or c.kind != "Person" or c.source != "model" or c.start >= stop:
                continue
            if office_of(c) is not None or holds_office(self.text, c):
                continue  # "entre A, maire de X, et B": an official, who stands for X
            c.kind = "Commune"
            out.append(c)
        return out

    def _signed(self, sent: list[Token], s: int, e: int) -> list[Rel]:
        """The parties of an agreement: the coordinated subjects of a signing verb whose
        object is an agreement ("A, B et C ont signé une déclaration conjointe"), the agents
        of a passive one ("paraphé par A et B"), the objects of a verb whose subject is an
        agreement ("l'accord engage A et B")."""
        rels: list[Rel] = []
        for t in sent:
            lemma = verb_lemma(t.lemma_.lower(), t.lower_)
            if not (_verb(t) or (t.pos_ == "ADJ" and _passive(t))):  # "paraphé par" as ADJ
                continue
            if lemma in SIGN_VERBS and _passive(t):
                parties, _ = verb_roles(t)
            elif lemma in SIGN_VERBS:
                objects = _children(t, ("obj",))
                if not any(o.lemma_.lower() in AGREEMENT_NOUNS for o in objects):
                    continue  # a partnership noun as object: read by `_partnerships`
                parties = _with_conjuncts(_subjects(t))
            elif lemma in BIND_VERBS and any(
                n.lemma_.lower() in PARTNER_NOUNS | AGREEMENT_NOUNS
                for subject in _subjects(t)
                for n in [subject, *_children(subject, ("nmod",)), *_demonstrated(subject, sent)]
            ):
                parties = _with_conjuncts(_children(t, ("obj",)))
            else:
                continue
            group = self._authorities(_inner_conjuncts(parties))
            if len(group) < 2 and lemma in BIND_VERBS:
                group = self._named_after(t, e)  # a locator broke the parse's coordination
            rels += _partnerships(self._across_borders(group), s, e)
        return rels

    def _between_words(self, between: Token, end: int) -> list[Cand]:
        """ "entre A, dans le département X, et B": A, the first authority after "entre", and
        B, the first after the next "et" that no locator introduces."""
        after = [c for c in self._here(between.idx, end) if c.kind in PLACES]
        if not after:
            return []
        first = after[0]
        joined = _AND.search(self.text, first.end, end)
        if joined is None:
            return []
        second = next(
            (
                c
                for c in after
                if c.start >= joined.end()
                and not _located(self.text, c)
                and not parenthetical(self.text, self.cands, c)
            ),
            None,
        )
        return [first, second] if second is not None else []

    def _named_after(self, verb: Token, e: int) -> list[Cand]:
        """The authorities named after a verb in its clause, but those that only locate the
        one before ("A, dans le département du Pool, et B, en France")."""
        stop = _CLAUSE_END.search(self.text, verb.idx, e)
        end = stop.start() if stop else e
        return [
            c
            for c in self._here(verb.idx + len(verb.text), end)
            if c.kind in PLACES and not _located(self.text, c)
        ]

    def _partners_of(self, sent: list[Token], s: int, e: int) -> list[Rel]:
        """ "A est partenaire de B", "A a financé pour sa ville-partenaire de B": the clause's
        subject and the noun's "de" complement."""
        rels: list[Rel] = []
        for t in sent:
            if t.pos_ not in ("NOUN", "PROPN") or t.lemma_.lower() not in PARTNER_OF:
                continue
            said = _children(t, ("nsubj",))  # "A est partenaire de B" (copula)
            if not said:
                verb, _ = _governing_verb(t)
                said = _subjects(verb) if verb is not None else []
            subjects = self._partners(_with_conjuncts(said))
            partners = self._partners(_with_conjuncts(_children(t, ("nmod",), _DE)))
            rels += _partnerships(_stated_pairs(subjects, partners), s, e)
        return rels

    def _cooperations(self, sent: list[Token], s: int, e: int) -> list[Rel]:
        """ "A accompagne B", "A intervient à B", "A agit à B": an authority acting for an
        authority of another country cooperates with it."""
        rels: list[Rel] = []
        for t in sent:
            lemma = verb_lemma(t.lemma_.lower(), t.lower_)
            if lemma not in COOPERATION_VERBS or _passive(t):
                continue
            if not _verb(t):
                rels += self._between(t, s, e)  # "A appuie B" read by the model as one name
                continue
            subjects = self._authorities(_with_conjuncts(_subjects(t)))
            if not subjects and not _children(t, ("nsubj",)):
                subjects = [c for c in self._before(sent, t) if c.kind in PLACES][-1:]
            if lemma in ATTEND_VERBS and _children(t, _OBLIQUE, _TO):
                continue  # "assister aux Assises à Monastir" attends them: no help given
            things = _children(t, ("obj",)) + _children(t, _OBLIQUE, _AT)
            others = self._authorities(_with_conjuncts(things)) or self._after(sent, t)
            pairs = _stated_pairs(subjects, others)
            rels += _partnerships(
                [(a, b) for a, b in pairs if self.french(a) != self.french(b)], s, e
            )
        return rels

    def _across_borders(self, group: list[Cand]) -> list[tuple[Cand, Cand]]:
        """The pairs of `_across` that join a foreign authority to one that is not: parties
        named together that may all be French say nothing of decentralised cooperation."""
        group = list({id(c): c for c in group}.values())
        if len(group) > _SHORT_GROUP:  # a long list: its unknown names may be French ones
            group = [c for c in group if self.french(c) or c.country not in (None, "FR")]
        pairs = _across(group, self.french, self.foreign)
        return [(a, b) for a, b in pairs if self.foreign(a) != self.foreign(b)]

    def _between(self, word: Token, s: int, e: int) -> list[Rel]:
        """A form of a cooperation verb the parse took for a noun, right between two
        authorities of two countries ("Depuis 2015, A appuie B")."""
        if word.i == 0 or word.i + 1 >= len(self.doc):
            return []
        a = self.names.of(self.doc[word.i - 1])
        nxt = self.doc[word.i + 1]
        if nxt.pos_ == "DET" and nxt.i + 1 < len(self.doc):
            nxt = self.doc[nxt.i + 1]
        b = self.names.by_token.get(nxt.i)
        if a is None or b is None or a is b or a.kind not in PLACES or b.kind not in PLACES:
            return []
        if self.french(a) == self.french(b):
            return []
        return _partnerships([(a, b)], s, e)

    def _with_after(self, sent: list[Token], verb: Token) -> list[Cand]:
        """The partners named right after the first "avec" that follows a verb in its clause
        (and those listed with them), where the parse hung the "avec" phrase elsewhere."""
        end = _clause_end(sent, verb)
        avec = next((t for t in sent if t.i > verb.i and t.lower_ in _WITH and t.idx < end), None)
        if avec is None:
            return []
        first = [c for c in self._here(avec.idx, end) if c.kind in PARTNER_KINDS][:1]
        return self._coordinated(first)

    def _after(self, sent: list[Token], verb: Token) -> list[Cand]:
        """The first authority named after a verb in its clause: where the parse attached the
        verb's complement elsewhere ("A intervient dans le domaine X par une assistance à B")."""
        end = _clause_end(sent, verb)
        return [c for c in self._here(verb.idx, end) if c.kind in PLACES][:1]

    def _authorities(self, tokens: list[Token]) -> list[Cand]:
        return [c for c in self._partners(tokens) if c.kind in PLACES]

    def _unnamed(self, said: list[Token]) -> bool:
        """Whether a clause's subjects name no party: none, or words that name no actor (a
        delegation, "le périple", "le maire" with no town), but the State's officials ("le
        ministre a signé un accord avec X": the State signs, not the text's authority)."""
        return not any(
            self.names.of(t) is not None or t.lemma_.lower() in STATE_HEADS for t in said
        )

    def protagonist(self, partners: list[Cand]) -> Cand | None:
        """Who signs with `partners` when the text names no signatory: the authority the text
        is about on the other side (its French authority for foreign partners, its foreign
        authority for French ones; the one side the text has a main authority on, when it
        has one only)."""
        home, away = self.main_authority, self.main_foreign_authority
        if home is None or away is None:
            found = home or away
            return found if all(c is not found for c in partners) else None
        french = [self.french(c) for c in partners if c.kind in PLACES]
        return away if french and all(french) else home

    @cached_property
    def main_foreign_authority(self) -> Cand | None:
        """The foreign authority a text is about: the one it names most, at least twice and
        more often than any other."""
        return self._most_named_on(self.foreign)

    def _most_named_on(self, side: Callable[[Cand], bool]) -> Cand | None:
        """The authority of one side (French or foreign) a text names most, at least twice and
        more often than any other, an official counting for their authority (`_held`);
        "Région X" and "X" are one authority."""
        named = [c for c in self._held if c.kind in PLACES and side(c)]
        return _most_named(named, lambda c: c.ref or fold(core_name(c.name)), least=2)

    @cached_property
    def _held(self) -> list[Cand]:
        """The text's names, each official named away from their office's authority counted
        as one more mention of it ("Kossi Agbeko a signé …" after "Kossi Agbeko, maire de
        Kpalimé")."""
        held = []
        for c in self.cands:
            office = office_of(c)
            far = office is not None and abs(office.start - c.start) > _NEAR
            held.append(office if office is not None and far else c)
        return held

    @cached_property
    def assembly(self) -> Cand | None:
        """The authority whose assembly deliberates in a text of articles: the one the text is
        about, else the first authority it names that is not said foreign (its heading)."""
        return self.main_authority or next(
            (c for c in self.cands if c.kind in PLACES and c.country in (None, "FR")), None
        )

    @cached_property
    def main_authority(self) -> Cand | None:
        """The French authority a text is about: the one it names most, at least twice and
        more often than any other (an agreement "signed with X" with no signatory is its).
        Counted once per text; "Région X" and "X" are one authority."""
        return self._most_named_on(self.french)

    @cached_property
    def _most_named_of_kind(self) -> dict[str, Cand | None]:
        kinds = set(AUTHORITY_HEADS.values())
        return {
            kind: _most_named(
                [c for c in self.cands if c.kind == kind and c.country in (None, "FR")],
                lambda c: c.ref or c.name,
                least=1,
            )
            for kind in kinds
        }

    def home(self, token: Token) -> Cand | None:
        """The authority a generic head stands for ("l'Agglomération", "la Région"): the
        authority of that kind the text names most, when the head has a definite article and
        no name of its own (two authorities of that kind named as often: no telling which)."""
        kind = AUTHORITY_HEADS.get(token.lemma_.lower())
        if kind is None or not any(d.lower_ in _DEFINITE for d in token.children):
            return None
        if any(c.dep_ in ("nmod", "appos", "flat:name") for c in token.children):
            return None  # "la ville de Kayes": a name follows, whatever the model made of it
        return self._most_named_of_kind[kind]

    def _remember(self, sent: list[Token]) -> None:
        """The authorities a sentence names, when there are two or more: what "ils" / "elles"
        of the next sentence stand for ("A recevait B. Ensemble, ils signaient leur jumelage")."""
        named = self._partners(_with_conjuncts(sent))
        if len(named) >= 2:
            self.previous = list({id(c): c for c in named}.values())

    def _partners(self, tokens: list[Token]) -> list[Cand]:
        tokens = [t for t in tokens if not demonstrative_head(t)]
        named = [c for c in (self.names.of(t) or self.home(t) for t in tokens) if c is not None]
        # an official stands for the authority their office names
        named = [office_of(c) or c for c in self._coordinated(named)]
        return [c for c in named if c.kind in PARTNER_KINDS]

    def _tokens(self, s: int, e: int) -> list[Token]:
        """The tokens that start within [s, e), found by bisection (not a walk of the doc)."""
        return list(self.doc[bisect_left(self.token_starts, s) : bisect_left(self.token_starts, e)])

    def _here(self, s: int, e: int) -> list[Cand]:
        """The names within [s, e), found by bisection (a text's sentences ask in turn)."""
        out = []
        for k in range(bisect_left(self.starts, s), len(self.cands)):
            c = self.cands[k]
            if c.start >= e:
                break
            if c.end <= e:
                out.append(c)
        return out

    def _coordinated(self, named: list[Cand]) -> list[Cand]:
        """The actors and every name listed with them ("A, B et C"): a parse often attaches
        only part of a long coordination to the verb."""
        out = {id(c): c for c in named}
        for c in named:
            i = self.position.get(id(c), -1)
            for step in (-1, 1):
                j = i + step
                while i >= 0 and 0 <= j < len(self.cands):
                    a, b = sorted((self.cands[j - step], self.cands[j]), key=lambda x: x.start)
                    if not _LISTED.fullmatch(self.text[a.end : b.start]):
                        break
                    out.setdefault(id(self.cands[j]), self.cands[j])
                    j += step
        return list(out.values())

    def _joined_thing(self, token: Token, initiative: Cand | None) -> Cand | None:
        """The initiative a word names, or the one the text is about for a bare head word
        ("au programme : A, B" is the text's programme, not A)."""
        found = self._thing("lead", token, initiative, None)
        if found is None and token.lemma_.lower() in INITIATIVE_HEADS:
            return initiative
        return found

    def _thing(
        self, kind: str, token: Token, initiative: Cand | None, event: Cand | None
    ) -> Cand | None:
        name = self.names.of(token)
        head = token.lemma_.lower()
        if name is None and token.lower_ in ("il", "elle") and kind in ("fund", "lead"):
            return initiative  # "Il est piloté par …": the initiative the text is about
        if name is None:
            if head in EVENT_HEADS and kind == "organise":
                return event
            return initiative if head in INITIATIVE_HEADS else None
        if kind == "organise":
            return name if name.kind == "Event" else None
        if kind == "lead":
            return name if name.kind in INITIATIVES or _fund(name) else None
        return name if name.kind in INITIATIVES or is_actor(name) else None

    def _rel(self, kind: str, actor: Cand, target: Cand, s: int, e: int, trigger: Token) -> Rel:
        if kind == "fund":
            attrs: dict[str, str | int] = dict(amount_near(self.text, s, e, trigger.idx))
            year = year_of(self.text, s, e)
            attrs |= {"year": year} if year else {}
            return Rel("funding", {"funder": actor, "recipient": target}, s, e, attrs, RULE)
        if kind == "lead":
            return Rel("lead", {"lead": actor, "programme": target}, s, e, rule=RULE)
        return Rel("organiser", {"organiser": actor, "event": target}, s, e, rule=RULE)
