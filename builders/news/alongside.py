"""Who works beside the actors is no actor.

"La FNVT et CUF, en partenariat avec le ministère de l'Intérieur et l'AFD, organisent les
rencontres": the ministry and the agency are named between the subject and its verb, inside a
phrase that says they work alongside it ("en partenariat avec", "en collaboration avec", "avec
le soutien de"). A statement whose actor stands in such a phrase, before the clause's verb, is
dropped, whichever reader made it: they took part, they did not organise, lead or fund.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Doc, Token

from builders.news.relations import ACTOR_ROLE, Rel

ALONGSIDE = re.compile(
    r"\ben\s+(?:partenariat|collaboration|lien|coop[ée]ration|concertation)\s+avec\b"
    r"|\bavec\s+(?:le\s+|l['’]\s*)?(?:soutien|appui|concours|aide)\s+d",
    re.I,
)


#: the dependencies of a clause's own verb (a mistagged noun inside a name has others)
_CLAUSE = frozenset({"ROOT", "conj", "ccomp", "advcl", "acl:relcl", "xcomp", "parataxis"})


def _clause_verb(t: Token) -> bool:
    return t.pos_ in ("VERB", "AUX") and "Fin" in t.morph.get("VerbForm", []) and t.dep_ in _CLAUSE


def alongside_spans(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Each such phrase, from its first word to the next conjugated verb (the clause's)."""
    verbs = [t.idx for t in doc if _clause_verb(t)]
    spans = []
    for m in ALONGSIDE.finditer(text):
        i = bisect_right(verbs, m.end())
        end = verbs[i] if i < len(verbs) else len(text)
        if "." not in text[m.end() : end]:
            spans.append((m.start(), end))
    return spans


def drop_alongside(doc: Doc, text: str, rels: list[Rel]) -> list[Rel]:
    """`rels` without those whose actor stands in a phrase of `alongside_spans` and whose
    other end comes after it (linear: one bisection per statement)."""
    spans = alongside_spans(doc, text)
    if not spans:
        return rels
    starts = [s for s, _ in spans]
    out = []
    for r in rels:
        role = ACTOR_ROLE.get(r.kind)
        actor = r.roles.get(role or "")
        if actor is not None:
            i = bisect_right(starts, actor.start) - 1
            if i >= 0 and actor.start < spans[i][1]:
                others = [c for k, c in r.roles.items() if k != role]
                if all(c.start >= spans[i][1] for c in others):
                    continue
        out.append(r)
    return out
