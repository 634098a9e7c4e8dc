"""Cue phrases of the statements a sentence states, as regular expressions.

A *passive* cue comes before the actors it introduces ("financé à hauteur de 35 millions de
FCFA par X", "sous la conduite de X", "avec l'appui technique de X", "co-organisé par A et B");
an *active* cue follows its subject ("X a accordé une subvention de ...", "X en assure la
maîtrise d'ouvrage", "X organisera les Journées ..."); a *trailing* cue follows the actors it
describes ("X et Y sont partenaires du projet", "X y participe", "X est chef de file").
"""

from __future__ import annotations

import re

_OF = r"(?:de\s+la|de\s+l['’]|du|des|de|d['’])"
#: what may stand between a participle and its "par": an amount, a date, a place, adverbs
_GAP = r"(?:\s+[^.;:()«»]{0,70}?)??\s+par\b"
_PASSIVE_FUND = (
    r"(?:co)?financ[ée]+e?s?|subventionn[ée]+e?s?|soutenue?s?|appuy[ée]+e?s?"
    r"|apport[ée]+e?s?|accord[ée]+e?s?|allou[ée]+e?s?|octroy[ée]+e?s?|vers[ée]+e?s?"
    r"|d[ée]bloqu[ée]+e?s?|pris\s+en\s+charge|prise?s?\s+en\s+charge"
)
_MONEY_NOUN = (
    r"financement|subvention|engagement\s+(?:technique\s+et\s+)?financier|dotation|contribution"
    r"|participation\s+financi[èe]re|aide\s+financi[èe]re|appui\s+financier|concours\s+financier"
    r"|enveloppe"
)
FUND = re.compile(
    rf"\b(?:{_PASSIVE_FUND}){_GAP}"
    r"|(?:avec|gr[âa]ce\s+[àa])\s+(?:l['’]appui(?!\s+technique(?!\s+et\s+financ))|le\s+soutien|le\s+concours"
    r"|l['’]aide|au\s+soutien)(?:\s+(?:financier|financière))?"
    rf"(?:\s+[\wéè]+){{0,4}}?\s+{_OF}"
    rf"|(?:{_MONEY_NOUN})[^.;]{{0,40}}?\s{_OF}(?=\s*[A-ZÀ-Ýl])"
    r"|partenaires?\s+financiers?[^:]{0,30}:"
    # a list of partners that goes on with its funders: "en partenariat avec A et B et le
    # soutien de C"
    rf"|\bet\s+(?:le\s+soutien|l['’]appui\s+financier|le\s+concours\s+financier)\s+{_OF}",
    re.I,
)
_PERFECT = (
    r"\b(?:a|ont|avait|avaient)\s+"
    r"(?:(?:techniquement|financièrement|et|aussi|également|déjà)\s+)*"
)
ACTIVE_FUND = re.compile(
    r"\b(?:co)?financ(?:e|ent|era|eront)\b|\bsoutien(?:t|nent|dra|dront)\b|\bappui(?:e|ent)\b"
    r"|\bsubventionn(?:e|ent|era)\b|\bprenn?(?:d|ent|dra)\s+en\s+charge\b"
    rf"|{_PERFECT}(?:soutenu|financé|cofinancé|appuyé|subventionné|pris\s+en\s+charge)e?s?\b",
    re.I,
)
#: giving verbs: funding only when money follows (an amount or a money noun)
GIVE = re.compile(
    r"\b(?:apport|accord|allou|octroi|octroy|vers|d[ée]bloqu|consacr|attribu|dot|particip)"
    r"(?:e|ent|era|eront|ait|aient)\b"
    rf"|{_PERFECT}(?:apporté|accordé|alloué|octroyé|versé|débloqué|consacré|attribué|doté|participé)e?s?\b",
    re.I,
)
MONEY = re.compile(
    r"\d[\d\s.,]*\s*(?:millions?|milliards?)?\s*(?:d['’]|de\s+)?"
    r"(?:€|euros?|f\s?cfa|francs|ariary|dirhams?|dinars?|dh\b)"
    rf"|\b(?:{_MONEY_NOUN})\b",
    re.I,
)
LEAD = re.compile(
    r"\b(?:pilot|impuls|port|coordonn|lanc|conduit)[ée]*e?s?(?:,?\s+[\wé’']+){0,5}?,?\s+par\b"
    r"|\bmis\s+en\s+(?:œ|oe)uvre\s+par|\bconduite?s?\s+par"
    r"|\bsous\s+(?:la\s+)?(?:conduite|direction|coordination|responsabilit[ée]|houlette"
    r"|ma[îi]trise\s+d['’]ouvrage|pilotage|l['’][ée]gide)\s+d[eu]\b"
    r"|porteur\s+du\s+projet\s*:|ma[îi]tre\s+d['’]ouvrage\s*:|chef\s+de\s+file",
    re.I,
)
ACTIVE_LEAD = re.compile(
    r"\b(?:le|la|les|l['’])\s*(?:pilote|pilotent|coordonne|coordonnent|conduit|conduisent|porte"
    r"|portent)\b|\b(?:pilote|pilotent|coordonne|coordonnent|porte|portent)\s+(?:le|la|ce|cette)"
    r"\s+(?:programme|projet|initiative)\b"
    r"|\ben\s+assur(?:e|ent|era|eront)\s+(?:la\s+ma[îi]trise\s+d['’]ouvrage|le\s+pilotage"
    r"|la\s+coordination|la\s+conduite|le\s+portage)",
    re.I,
)
MEMBER = re.compile(
    r"en\s+partenariat\s+avec|partenariat\s+avec|avec\s+la\s+participation\s+d[eu]"
    r"|\bmis\s+en\s+(?:œ|oe)uvre\s+avec|avec\s+l['’]appui\s+technique(?!\s+et\s+financ)\s+(?:[\wé]+\s+){0,3}?"
    rf"{_OF}|avec\s+le\s+concours\s+technique\s+{_OF}"
    r"|ma[îi]tre\s+d['’]ouvrage\s+d[ée]l[ée]gu[ée](?:\s+et\s+op[ée]rateur)?\s*:"
    r"|partenaires?\s+(?:local|locaux|techniques?)?(?:\s+principal)?\s*:|op[ée]rateur\s*:"
    r"|\bpartenaires\s*\(",
    re.I,
)
#: member cues that name a project partner only when the sentence is about an initiative
WEAK_MEMBER = re.compile(
    rf"\ben\s+lien\s+avec|\baux\s+c[ôo]t[ée]s\s+{_OF}|\bassoci(?:e|ent|ant|era)\b", re.I
)
#: after the actors: "A et B sont partenaires du projet", "X y participe", "X est chef de file"
TRAILING_MEMBER = re.compile(
    r"\b(?:est|sont|sera|seront)\s+(?:également\s+|aussi\s+)?(?:partenaires?|associ[ée]e?s?)"
    r"(?=\s*(?:[.;,]|$|\s+(?:du|de\s+ce|de\s+cette|au)\s+(?:projet|programme|initiative)))"
    r"|\by\s+(?:particip|contribu)\w*|\bparticip(?:e|ent|era|eront)\s+(?:au|à\s+ce|à\s+la)\b",
    re.I,
)
#: "X assurera le suivi-évaluation", "X accompagne le projet": a partner's role in a project
ACTIVE_MEMBER = re.compile(
    r"\bassur(?:e|ent|era|eront)\s+(?:le\s+suivi|la\s+mise\s+en\s+(?:œ|oe)uvre|l['’]animation"
    r"|l['’]accompagnement|la\s+formation|l['’]appui\s+technique|l['’]encadrement"
    r"|l['’]assistance\s+technique|la\s+capitalisation)"
    r"|\baccompagn(?:e|ent|era|eront)\s+(?:le|ce|la|cette)\s+(?:projet|programme|initiative)\b",
    re.I,
)
ORGANISER = re.compile(
    rf"\b(?:co-?)?organis[ée]+e?s?{_GAP}|\biniti[ée]+e?s?\s+par|[àa]\s+l['’]initiative\s+d[eu]",
    re.I,
)
ACTIVE_ORGANISE = re.compile(
    r"\b(?:a|ont)\s+(?:co-?)?organis[ée]\b|\b(?:co-?)?organis(?:e|ent|era|eront|ait|aient)\b",
    re.I,
)
