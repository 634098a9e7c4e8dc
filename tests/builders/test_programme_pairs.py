"""Tests of the programme-pairs builder: golden cases, the devset gold, and the parsing rules.

Golden cases live in ``cases/programme-pairs/<case>/``: ``source.txt`` is either a pointer into
the shared folder (one line, e.g. ``seeds/001_99b763d1c09ffb47.txt``) or the document itself;
``expected.json`` lists the expected mentions as ``[kind, name, country, attrs?]`` and the
statements as ``[kind, {role: name}, attrs?]``. Names compare folded (accents, case); attrs
compare as a subset. Both lists are complete: what is missing and what is extra are printed.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from builders.programme.lines import find_pairs
from builders.programme.pairs import ProgrammePairsBuilder
from builders.programme.prose import prose_spans, unwrap
from builders.registry import Registry
from kg.document import Document
from kg.extraction import Extraction
from kg.normalize import fold

CASES = Path(__file__).parent / "cases" / "programme-pairs"
SHARED = Path(os.environ.get("COOPKG_SHARED", Path(__file__).resolve().parents[3] / "shared"))
SEED_001 = "seeds/001_99b763d1c09ffb47.txt"
DEVSET_28 = "devset/docs/28_repertoire_partenariats_franco-beninois.txt"
PHONE = re.compile(r"(?:\d{2}[ .]){4}\d{2}")


def _shared_doc(relative: str) -> Document:
    path = SHARED / relative
    if not path.is_file():
        pytest.skip(f"shared document {relative} not available")
    return Document(path=str(path), text=path.read_text(encoding="utf-8"), media_type="text/plain")


def _case_doc(case: str) -> Document:
    source = (CASES / case / "source.txt").read_text(encoding="utf-8")
    if len(source.strip().splitlines()) == 1 and source.strip().endswith(".txt"):
        return _shared_doc(source.strip())
    path = CASES / case / "source.txt"
    return Document(path=str(path), text=source, media_type="text/plain")


def _build(doc: Document) -> Extraction:
    return ProgrammePairsBuilder().build(doc)


def _names(ex: Extraction, kind: str) -> list[dict[str, str]]:
    """The statements of `kind` as {role: mention name}."""
    return [
        {role: ex.mention(mid).name for role, mid in s.roles.items()}
        for s in ex.statements
        if s.kind == kind
    ]


# --- golden comparison ----------------------------------------------------------------------


def _key(name: str) -> str:
    """A name as compared: folded, its first eight words only (long titles stay short in
    expected.json)."""
    return fold(" ".join(name.split()[:8]))


def _mention_rows(ex: Extraction) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    return [(m.kind, _key(m.name), m.country, m.attrs) for m in ex.mentions]


def _statement_rows(ex: Extraction) -> list[tuple[str, dict[str, str], dict[str, Any]]]:
    rows = []
    for s in ex.statements:
        roles = {role: _key(ex.mention(mid).name) for role, mid in s.roles.items()}
        rows.append((s.kind, roles, s.attrs))
    return rows


def _compare_mentions(expected: list[list[Any]], ex: Extraction) -> tuple[list[str], list[str]]:
    actual = _mention_rows(ex)
    missing = []
    for kind, name, country, *attrs in expected:
        want = attrs[0] if attrs else {}
        if not any(
            (k, n, c) == (kind, _key(name), country) and want.items() <= a.items()
            for k, n, c, a in actual
        ):
            missing.append(f"mention {kind} {name!r} {country} {want}")
    known = {(k, _key(n), c) for k, n, c, *_ in expected}
    extra = sorted(
        {f"mention {k} {n!r} {c} {a}" for k, n, c, a in actual if (k, n, c) not in known}
    )
    return missing, extra


def _compare_statements(expected: list[list[Any]], ex: Extraction) -> tuple[list[str], list[str]]:
    unused = _statement_rows(ex)
    missing = []
    for kind, roles, *attrs in expected:
        want_roles = {role: _key(name) for role, name in roles.items()}
        want = attrs[0] if attrs else {}
        hit = next(
            (
                row
                for row in unused
                if row[:2] == (kind, want_roles) and want.items() <= row[2].items()
            ),
            None,
        )
        if hit is None:
            missing.append(f"statement {kind} {roles} {want}")
        else:
            unused.remove(hit)
    return missing, [f"statement {k} {r} {a}" for k, r, a in unused]


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_programme_golden_case(case: str) -> None:
    expected = json.loads((CASES / case / "expected.json").read_text(encoding="utf-8"))
    ex = _build(_case_doc(case))
    missing, extra = _compare_mentions(expected["mentions"], ex)
    s_missing, s_extra = _compare_statements(expected["statements"], ex)
    missing, extra = missing + s_missing, extra + s_extra
    report = "\n".join(["MISSING:", *missing, "EXTRA:", *extra])
    assert not missing and not extra, report


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_programme_spans_are_exact_and_contacts_dropped(case: str) -> None:
    doc = _case_doc(case)
    ex = _build(doc)
    for m in ex.mentions:
        assert doc.text[m.start : m.end] == m.text
    for s in ex.statements:
        assert doc.text[s.start : s.end] == s.evidence
    dumped = ex.to_json()
    assert "@" not in dumped
    assert not PHONE.search(dumped)
    assert Extraction.from_dict(json.loads(dumped)).to_dict() == ex.to_dict()


# --- seed 001 -----------------------------------------------------------------------------


def test_programme_seed_001() -> None:
    ex = _build(_shared_doc(SEED_001))
    # the prose names the programme again ("le Programme Concerté"): those mentions take the
    # title's name, so there is one programme, first mentioned by the title
    programmes = [m for m in ex.mentions if m.kind == "Programme"]
    assert len({m.name for m in programmes}) == 1
    programme = programmes[0]
    assert "Programme Concerté" in programme.name
    assert programme.attrs["start_year"] == 2006 and programme.attrs["end_year"] == 2008
    assert (programme.attrs["budget"], programme.attrs["currency"]) == ("88624", "EUR")
    pairs = {(fold(p["a"]), fold(p["b"])) for p in _names(ex, "partnership")}
    assert len(_names(ex, "partnership")) == 14 and len(pairs) == 14
    for a, b in [
        ("Bressuire", "Kpalimé"),
        ("Cerizay", "Badou"),
        ("Chauray", "Bassar"),
        ("Conseil régional Champagne Ardenne", "Région Centrale"),
        ("Communauté de Communes de la Chapelle Chaussée", "Lama Bou"),
        ("Communes du Canton de Mazières-en-Gâtine", "Agou-Yiboe"),
    ]:
        assert (fold(a), fold(b)) in pairs
    assert len(_names(ex, "member")) == 28
    assert _names(ex, "lead") == [{"lead": "Chauray", "programme": programme.name}]


def test_programme_seed_001_funding() -> None:
    ex = _build(_shared_doc(SEED_001))
    fundings = [s for s in ex.statements if s.kind == "funding"]
    mae = [s for s in fundings if s.attrs.get("amount") == "50000"]
    assert len(mae) == 1
    funder = ex.mention(mae[0].roles["funder"])
    assert funder.kind == "Ministry" and funder.attrs["acronym"] == "MAE"
    assert "affaires etrangeres" in fold(funder.name)
    assert ex.mention(mae[0].roles["recipient"]).kind == "Programme"
    assert mae[0].attrs["currency"] == "EUR"
    # every funding of the seed is the ministry's (the 49 % share included), nothing else
    assert {ex.mention(s.roles["funder"]).name for s in fundings} == {funder.name}
    assert any(s.attrs.get("share") == "49" for s in fundings)


def test_programme_lead_is_a_listed_member() -> None:
    ex = _build(_shared_doc(SEED_001))
    members = {ex.mention(s.roles["member"]).name for s in ex.statements if s.kind == "member"}
    for lead in _names(ex, "lead"):
        assert lead["lead"] in members


# --- devset 28 ----------------------------------------------------------------------------


def test_programme_devset_28_matches_gold() -> None:
    gold_path = SHARED / "devset" / "gold" / "28_repertoire_partenariats_franco-beninois.json"
    if not gold_path.is_file():
        pytest.skip("devset gold not available")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    ex = _build(_shared_doc(DEVSET_28))
    want = {(fold(g["a"]), fold(g["b"])) for g in gold["links"] if g["type"] == "partnership"}
    got = [(fold(p["a"]), fold(p["b"])) for p in _names(ex, "partnership")]
    assert len(want) == 20
    assert sorted(want - set(got)) == [], "missing"
    assert sorted(set(got) - want) == [], "extra"
    assert len(got) == 20
    assert not [s for s in ex.statements if s.kind != "partnership"]


def test_programme_devset_28_types_and_countries() -> None:
    ex = _build(_shared_doc(DEVSET_28))
    by_name = {fold(m.name): m for m in ex.mentions}
    assert by_name[fold("Département du Borgou")].kind == "Department"
    assert by_name[fold("Département du Borgou")].country == "BJ"
    assert by_name[fold("Communauté des communes du Plateau")].kind == "Intercommunality"
    assert by_name[fold("Conseil Général des Yvelines")].country == "FR"
    assert by_name[fold("Communauté d’Agglomération Seine Eure")].attrs == {"acronym": "CASE"}
    assert ex.url and ex.url.startswith("https://")


# --- synthetic ----------------------------------------------------------------------------


def test_programme_synthetic_generalises() -> None:
    ex = _build(_case_doc("synthetic"))
    (programme,) = [m for m in ex.mentions if m.kind == "Programme"]
    assert (programme.attrs["start_year"], programme.attrs["end_year"]) == (2021, 2023)
    assert (programme.attrs["budget"], programme.attrs["currency"]) == ("64500", "EUR")
    pairs = _names(ex, "partnership")
    assert len(pairs) == 4
    listed = {mid for s in ex.statements if s.kind == "partnership" for mid in s.roles.values()}
    assert {ex.mention(mid).country for mid in listed} == {"FR", "ML"}
    kinds = {m.kind for m in ex.mentions}
    assert {"Intercommunality", "Department", "Region", "Commune"} <= kinds
    (lead,) = _names(ex, "lead")
    assert fold(lead["lead"]) == fold("Communauté d'agglomération du Pays de Vernoux")
    fundings = [s for s in ex.statements if s.kind == "funding"]
    assert [(s.attrs["amount"], s.attrs["year"]) for s in fundings] == [
        ("30000", 2022),
        ("5000", 2023),
    ]
    assert {ex.mention(s.roles["funder"]).name for s in fundings} == {
        "Agence Française de Développement"
    }


# --- claim ----------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["000", "002", "003", "004"])
def test_programme_claim_refuses_other_seeds(prefix: str) -> None:
    paths = sorted((SHARED / "seeds").glob(f"{prefix}_*.txt"))
    if not paths:
        pytest.skip("seed not available")
    doc = _shared_doc(f"seeds/{paths[0].name}")
    assert ProgrammePairsBuilder().claim(doc) == 0.0


def test_programme_claim_scores() -> None:
    builder = ProgrammePairsBuilder()
    seed = builder.claim(_shared_doc(SEED_001))
    directory = builder.claim(_shared_doc(DEVSET_28))
    assert 0.8 <= directory < seed <= 1.0
    assert builder.claim(_case_doc("synthetic")) > 0.8


def test_programme_registry_loads_the_builder() -> None:
    builder = Registry.default().get("programme-pairs")
    assert (builder.name, builder.version) == ("programme-pairs", "1.0")


# --- parsing rules on small made-up texts ------------------------------------------------------


def _doc(text: str) -> Document:
    return Document(path="made-up.txt", text=text, media_type="text/plain")


def test_programme_pair_separators() -> None:
    text = (
        "Commune de VILLENEUVE (38)\tTABLIGBO\n"
        "- Ville de Lorgnac – Sokodé\n"
        "• Communauté de communes du Haut Val (12) KARA\n"
        "Rivebelle    Atakpamé\n"
    )
    pairs = find_pairs(text)
    got = [(p.french.name, p.foreign.name, p.french.code) for p in pairs]
    assert got == [
        ("Villeneuve", "Tabligbo", "38"),
        ("Lorgnac", "Sokodé", None),
        ("Communauté de communes du Haut Val", "Kara", "12"),
        ("Rivebelle", "Atakpamé", None),
    ]


def test_programme_directory_entries_run_together_and_broken() -> None:
    text = "Lormont/Parakou 3 Vauclair/Communauté des communes du\n\nZou 7 Bellerive/Ouidah 9\n"
    text += "Saint Nom/Association des Amis du\n\nLac Nokoué (AALN) 12\n"
    pairs = find_pairs(text)
    got = [(p.french.name, p.foreign.name) for p in pairs]
    assert got == [
        ("Lormont", "Parakou"),
        ("Vauclair", "Communauté des communes du Zou"),
        ("Bellerive", "Ouidah"),
        ("Saint Nom", "Association des Amis du Lac Nokoué"),
    ]
    assert pairs[-1].foreign.acronym == "AALN"
    for p in pairs:
        assert not text[p.foreign.start : p.foreign.end].rstrip().endswith(("3", "7", "9", "12"))


def test_programme_prose_is_not_a_pair() -> None:
    text = (
        "La convention 2019/2020 est signée par les deux villes.\n"
        "Le comité se réunit  chaque année au printemps.\n"
        "Contact : Jean Dupont / jean.dupont@example.org\n"
        "N°0012/ ABC/03-2021/xy\n"
        "les communes et/ou associations partenaires\n"
    )
    assert find_pairs(text) == []
    assert ProgrammePairsBuilder().claim(_doc(text)) == 0.0


def test_programme_funding_is_conservative() -> None:
    head = "« Programme Solidaire des Rives », 2020-2022\n\n"
    pairs = "Commune de LORGNAC (38)   TABLIGBO\nCommune de VAURIS (38)   KARA\n"
    pairs += "Commune de MERLAC (38)   SOKODE\n\n"
    no_amount = "Le Conseil Général de l'Isère assure un cofinancement du programme.\n\n"
    no_body = "Chaque commune verse une participation de 500 € par an.\n"
    ex = _build(_doc(head + pairs + no_amount + no_body))
    assert len(_names(ex, "partnership")) == 3
    assert _names(ex, "funding") == []


def test_programme_directory_has_no_programme_nor_members() -> None:
    text = "Lormont/Parakou 3\nVauclair/Zè 5\nBellerive/Ouidah 9\n"
    ex = _build(_doc("Partenariats franco-béninois\n\n" + text))
    assert len(_names(ex, "partnership")) == 3
    assert {m.country for m in ex.mentions} == {"FR", "BJ"}
    assert not [m for m in ex.mentions if m.kind == "Programme"]


def test_programme_through_the_real_loader() -> None:
    loader = pytest.importorskip("kg.load")
    if not hasattr(loader, "load") or not (SHARED / SEED_001).is_file():
        pytest.skip("loader or seed not available")
    ex = _build(loader.load(str(SHARED / SEED_001)))
    assert len(_names(ex, "partnership")) == 14
    assert len(_names(ex, "lead")) == 1


def test_directory_without_page_numbers_keeps_commune_numbers() -> None:
    text = "Ville de Niort / Atakpamé\nVille de Mamoudzou (976) / Agoè-Nyivé 2\nArles / Zio 2\n"
    got = [(p.french.name, p.foreign.name) for p in find_pairs(text)]
    assert got == [("Niort", "Atakpamé"), ("Mamoudzou", "Agoè-Nyivé 2"), ("Arles", "Zio 2")]


# --- what counts as a list of authorities ------------------------------------------------------


def test_agenda_lines_are_not_pairs() -> None:
    text = (
        "Rencontre régionale de la coopération décentralisée\n\n"
        "Programme de la journée\n\n"
        "Session 1 – Retours d'expérience\n"
        "Session 2 – Outils de financement\n"
        "Atelier – Recommandations\n"
        "Le programme Eau – Bilan\n"
        "Clôture – Cocktail\n\n"
        "Les participants ont échangé sur les partenariats entre collectivités françaises et "
        "maliennes, et sur les jumelages engagés depuis dix ans dans la région.\n"
    )
    assert find_pairs(text) == []
    assert ProgrammePairsBuilder().claim(_doc(text)) == 0.0


def test_bare_names_need_a_list_that_names_authorities() -> None:
    bare = "Rivebelle    Montaut\nLorgnac    Vauris\nMerlac    Sornac\n"
    # bare capitalised names alone: no cue, no prefix, no department code -> no pairs
    assert find_pairs("Notes de réunion\n\n" + bare) == []
    # the same lines under a heading announcing twinnings: a list of partnerships
    got = [(p.french.name, p.foreign.name) for p in find_pairs("Nos jumelages\n\n" + bare)]
    assert got == [("Rivebelle", "Montaut"), ("Lorgnac", "Vauris"), ("Merlac", "Sornac")]
    # most lines attested by a prefix or a code: the bare line follows the list
    mixed = "Ville de Rivebelle – Montaut\nCommune de Lorgnac (24)   Vauris\nMerlac – Sornac\n"
    assert len(find_pairs("Notes\n\n" + mixed)) == 3


def test_generic_sides_are_never_authorities() -> None:
    text = "Nos jumelages\n\n" + "".join(
        f"Commune de Rivebelle (12)   {partner}\n"
        for partner in ["Montaut", "Recommandations", "Session 2", "La synthèse"]
    )
    assert [p.foreign.name for p in find_pairs(text)] == ["Montaut"]


def test_parenthesised_place_is_a_department_mention() -> None:
    text = (
        "Partenariats\n\n"
        "Ville de Lorgnac (Haute-Vienne) / Montaut (département du Plateau)\n"
        "Ville de Vauris (Creuse) / Sornac\n"
        "Ville de Merlac / Tibari (région des Savanes)\n"
    )
    pairs = find_pairs(text)
    assert [(p.french.name, p.foreign.name) for p in pairs] == [
        ("Lorgnac", "Montaut"),
        ("Vauris", "Sornac"),
        ("Merlac", "Tibari"),
    ]
    assert pairs[0].french.place is not None and pairs[0].french.place[2:] == (
        "Department",
        "Haute-Vienne",
    )
    assert pairs[2].foreign.place is not None and pairs[2].foreign.place[2] == "Region"
    ex = _build(_doc(text))
    places = {(m.kind, m.name) for m in ex.mentions if m.kind in ("Department", "Region")}
    assert ("Department", "Haute-Vienne") in places and ("Region", "Région des Savanes") in places
    for m in ex.mentions:
        assert text[m.start : m.end] == m.text


# --- the prose beside the lists ---------------------------------------------------------------


def test_prose_spans_skip_pairs_headings_and_contacts() -> None:
    text = (
        "source: https://example.org/x\n\n"
        "Historique\n\n"
        "Le réseau a été créé en 2004.\n"
        "Ville de Lorgnac – Montaut\n"
        "Contact : Jeanne Martin, jeanne.martin@example.org, tél. 01 02 03 04 05\n"
    )
    pair = text.index("Ville de Lorgnac")
    covered = [(pair, text.index("\n", pair))]
    read = "".join(text[a:b] for a, b in prose_spans(text, covered))
    assert "Le réseau a été créé en 2004." in read
    assert "Jeanne" not in read
    assert "source" not in read and "Historique" not in read and "Lorgnac" not in read
    assert "@" not in read and "example" not in read and "01 02" not in read


def test_unwrap_keeps_offsets() -> None:
    text = "Le programme est soutenu par la Région et par des partenaires nombreux de\n"
    text += "Cités Unies.\n- item\nFin."
    out = unwrap(text)
    assert len(out) == len(text)
    assert "de Cités Unies." in out and "\n- item\nFin." in out


_DIRECTORY = """Répertoire des jumelages franco-maliens

Ce répertoire a été réalisé par l'Association des Municipalités du Mali (AMM) avec le soutien
de l'Agence Française de Développement.

Ville de Lorgnac (24) / Kolondiéba
Action phare : Programme d'assainissement de Kolondiéba (PAK), porté par la commune de
Kolondiéba et financé par l'Agence de l'eau Adour-Garonne.

Ville de Vauris (24) / Sornac
Le jumelage entre Vauris et Sornac a été signé en 2009.

Ville de Merlac (24) / Tibari
Contact : Jeanne Martin, jeanne.martin@example.org
"""


def test_directory_prose_is_read_and_lists_stay_authoritative() -> None:
    ex = _build(_doc(_DIRECTORY))
    pairs = {frozenset((fold(p["a"]), fold(p["b"]))) for p in _names(ex, "partnership")}
    # the list's three pairs, once each: the prose's "jumelage entre Vauris et Sornac" repeats one
    assert pairs == {
        frozenset(("lorgnac", "kolondieba")),
        frozenset(("vauris", "sornac")),
        frozenset(("merlac", "tibari")),
    }
    assert len(_names(ex, "partnership")) == 3
    names = {fold(m.name) for m in ex.mentions}
    assert fold("Association des Municipalités du Mali") in names
    assert "jeanne martin" not in names  # a contact line is not read
    # the programme under an entry is that entry's, no title of the document: no members
    programme = [m for m in ex.mentions if m.kind == "Programme"]
    assert programme and "assainissement" in fold(programme[0].name)
    assert _names(ex, "member") == []
    leads = _names(ex, "lead")
    assert any(fold(s["lead"]) == "kolondieba" for s in leads)
    fundings = _names(ex, "funding")
    assert any("adour" in fold(s["funder"]) for s in fundings)
    dumped = ex.to_json()
    assert "@" not in dumped
    for m in ex.mentions:
        assert _DIRECTORY[m.start : m.end] == m.text
    for s in ex.statements:
        assert _DIRECTORY[s.start : s.end] == s.evidence
