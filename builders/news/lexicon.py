"""Lemma lexicons of the link kinds: which verbs and nouns state funding, lead, organising or
partnership, whatever their tense, voice or person. The syntax reader (`builders.news.syntax`)
looks words up here by lemma, so a new phrasing of a known verb needs no new rule; a new verb is
one word in the right set.

Verbs take their actor as subject (active) or as "par" agent (passive); nouns are of two sorts:
*agentive* nouns name the actor with "de" ("le soutien de X", "sous l'égide de X"), *process*
nouns name the thing with "de" ("le financement du projet", "le lancement du programme") and
take their actor from the verb that governs them ("X annonce le lancement de ...").
"""

from __future__ import annotations

#: verbs by the link kind they state (lemmas as the French model gives them)
VERBS: dict[str, frozenset[str]] = {
    "fund": frozenset(
        {
            "financer",
            "cofinancer",
            "co-financer",
            "subventionner",
            "doter",
            "consacrer",
            "verser",
            "allouer",
            "octroyer",
            "accorder",
            "attribuer",
            "débloquer",
            "contribuer",
            "investir",
        }
    ),
    "lead": frozenset(
        {
            "lancer",
            "piloter",
            "coordonner",
            "porter",
            "impulser",
            "conduire",
            "diriger",
            "copiloter",
            "co-piloter",
            "ouvrir",
        }
    ),
    "organise": frozenset(
        {"organiser", "co-organiser", "coorganiser", "initier", "accueillir", "convier", "tenir"}
    ),
}

#: nouns whose "de" complement is the actor ("le soutien financier de X")
AGENT_NOUNS: dict[str, frozenset[str]] = {
    "fund": frozenset(
        {"contribution", "subvention", "dotation", "cofinancement", "financement", "soutien"}
    ),
    "lead": frozenset({"initiative", "pilotage", "conduite", "coordination", "houlette"}),
    "organise": frozenset({"égide", "invitation", "patronage", "initiative"}),
}

#: verbs whose subject receives what their object, an agentive noun, gives ("X a obtenu un
#: financement de Y", "X a reçu une subvention de Y")
RECEIVE_VERBS = frozenset({"obtenir", "recevoir", "percevoir", "décrocher", "toucher"})

#: nouns whose "de" complement is the thing ("le lancement du programme")
PROCESS_NOUNS: dict[str, frozenset[str]] = {
    "fund": frozenset({"financement", "cofinancement"}),
    "lead": frozenset({"lancement", "pilotage", "coordination", "portage"}),
    "organise": frozenset({"organisation", "co-organisation", "tenue"}),
}

#: money words: "soutien" and "appui" fund only with one of these near them
MONEY_WORDS = frozenset({"financier", "financière", "euro", "€", "fcfa", "franc", "budget"})
#: support nouns that fund only when a money word qualifies them
WEAK_FUND = frozenset({"soutien", "appui", "aide", "concours", "financement"})

#: head nouns that stand for the initiative or the event the text is about
INITIATIVE_HEADS = frozenset(
    {"projet", "programme", "initiative", "action", "dispositif", "opération", "plan", "appel"}
)
#: head nouns of a fund that is launched and piloted like a programme
FUND_HEADS = frozenset({"fonds", "facilité", "facilite"})
EVENT_HEADS = frozenset(
    {
        "forum",
        "rencontre",
        "atelier",
        "assises",
        "séminaire",
        "conférence",
        "colloque",
        "festival",
        "journée",
        "salon",
        "sommet",
        "événement",
        "évènement",
        "cérémonie",
        "réunion",
        "semaine",
    }
)

#: nouns that name a partnership: with "avec" they pair the clause's subject with its object;
#: with "leur" they pair the coordinated subjects ("A et B ont signé leur jumelage")
PARTNER_NOUNS = frozenset(
    {
        "partenariat",
        "jumelage",
        "coopération",
        "convention",
        "accord",
        "relation",
        "lien",
        "entente",
        "protocole",
        "charte",
        "amitié",
        "rapprochement",
    }
)
#: verbs of putting an agreement in writing: their coordinated subjects (active) or agents
#: (passive) are its parties ("A, B et C ont signé une déclaration", "paraphé par A et B")
SIGN_VERBS = frozenset(
    {"signer", "parapher", "conclure", "ratifier", "renouveler", "officialiser", "sceller"}
)
#: what such verbs sign, beside the partnership nouns
AGREEMENT_NOUNS = frozenset(
    {"déclaration", "pacte", "mémorandum", "contrat", "avenant", "serment", "acte"}
)
#: verbs whose subject, an agreement, binds its objects ("l'accord engage A et B")
BIND_VERBS = frozenset(
    {"engager", "lier", "unir", "associer", "réunir", "concerner", "impliquer", "rassembler"}
)
#: nouns that pair the subject of their clause with their "de" complement ("A est partenaire
#: de B", "A finance pour sa ville-partenaire de B")
PARTNER_OF = frozenset({"partenaire", "ville-partenaire", "jumelle", "ville-jumelle", "homologue"})
#: verbs of one authority acting for another ("A accompagne B", "A intervient à B"): between
#: authorities of two countries, they state a cooperation
COOPERATION_VERBS = frozenset(
    {
        "accompagner",
        "appuyer",
        "aider",
        "soutenir",
        "intervenir",
        "agir",
        "épauler",
        "assister",
        "conseiller",
        "collaborer",
        "travailler",
        "œuvrer",
    }
)
#: verbs whose subject, an initiative, takes its objects as members ("le programme concerne
#: six territoires", "le projet associe A et B", "l'opération réunit A, B et C")
MEMBER_VERBS = frozenset(
    {"concerner", "associer", "réunir", "regrouper", "rassembler", "impliquer", "mobiliser"}
    | {"fédérer", "inclure", "englober", "toucher"}
)
#: verbs whose subject joins the initiative of their "à" complement or object ("X participe au
#: programme", "X a rejoint le projet", "trois régions se sont intégrées au dispositif : A, B")
JOIN_VERBS = frozenset({"participer", "rejoindre", "intégrer", "adhérer", "contribuer"})
#: who signs for a State, not for a local authority ("le ministre a signé un accord avec X")
STATE_HEADS = frozenset(
    {"ministre", "ministère", "gouvernement", "état", "ambassadeur", "ambassadrice", "ambassade"}
    | {"préfet", "consul", "président", "chef", "premier", "république"}
)
#: cooperation verbs whose "à" complement is attended, not helped ("assister à un forum")
ATTEND_VERBS = frozenset({"assister"})
#: generic heads that stand for the authority a text is about ("l'Agglomération", "la Région")
AUTHORITY_HEADS: dict[str, str] = {
    "agglomération": "Intercommunality",
    "métropole": "Intercommunality",
    "communauté": "Intercommunality",
    "intercommunalité": "Intercommunality",
    "région": "Region",
    "département": "Department",
    "ville": "Commune",
    "commune": "Commune",
    "municipalité": "Commune",
}
#: verbs that pair their subject with their "avec" object, or coordinated subjects together
PARTNER_VERBS = frozenset({"jumeler", "coopérer", "s'associer", "associer", "unir", "lier"})

#: endings of a regular "-er" verb, for the forms the model mislemmatises ("lance" read as an
#: adjective "lanc"): present, past and future tenses, participles
_ER_ENDINGS = (
    "e", "es", "ent", "ons", "ez", "é", "ée", "és", "ées", "ait", "aient", "ais", "a", "ai",
    "as", "èrent", "era", "eront", "erons", "erait", "eraient", "ant",
)  # fmt: skip


def _conjugations() -> dict[str, str]:
    forms: dict[str, str] = {}
    lemmas = {*PARTNER_VERBS, *COOPERATION_VERBS, *JOIN_VERBS, *MEMBER_VERBS}
    lemmas |= {v for verbs in VERBS.values() for v in verbs}
    for lemma in lemmas:
        if lemma.endswith("er") and " " not in lemma and "'" not in lemma:
            for ending in _ER_ENDINGS:
                forms.setdefault(lemma[:-2] + ending, lemma)
                if lemma.endswith("yer") and ending.startswith("e"):  # appuyer: il appuie
                    forms.setdefault(lemma[:-3] + "i" + ending, lemma)
    return forms


#: inflected form -> lemma, for every regular verb of the lexicons
CONJUGATED: dict[str, str] = _conjugations()


def verb_lemma(lemma: str, form: str) -> str:
    """The lexicon lemma of a verb token: its model lemma when the lexicons know it, else the
    lemma its written form conjugates."""
    if lemma in CONJUGATED.values():
        return lemma
    return CONJUGATED.get(form, lemma)
