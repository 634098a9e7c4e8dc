"""The query library: every named query's column contract; exact rows on a small graph written by
hand (three documents and the reference data, with euros and CFA francs, amounts left unstated, a
funding stated twice, a namesake); the graph built from examples/ and the shared seeds, checked
against what the basic `links`, `network_edges` and `actors` rows imply; the same rows whatever a
server's default-graph rules; typed parameters checked before anything runs, and matched literally.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from conftest import build_store

from kg.errors import UnknownQuery
from kg.link_kinds import BY_NAME
from kg.named_queries import InvalidParameter, get_query, list_queries, parse_query

ROOT = Path(__file__).resolve().parents[1]

#: every named query and its columns, in order: the contract the README's table states
CONTRACT: dict[str, list[str]] = {
    "actors": ["actor", "label", "display_label", "kind", "country", "documents"],
    "brokers": [
        "actor", "label", "kind", "country", "partners", "brokered_pairs", "partner_countries",
        "partner_programmes",
    ],
    "cofunders": [
        "funder", "funder_label", "cofunder", "cofunder_label", "funded", "funded_label",
        "funded_kind", "funder_fundings", "cofunder_fundings",
    ],
    "counts": ["kind", "count"],
    "entities": ["entity", "label", "display_label", "kind", "country", "documents", "aliases"],
    "events": [
        "event", "label", "date", "places", "organisers", "supporters", "participants",
        "documents",
    ],
    "funding_by_funder": [
        "funder", "funder_label", "currency", "fundings", "total", "unknown_amounts",
        "first_year", "last_year", "recipients",
    ],
    "funding_by_recipient": [
        "recipient", "recipient_label", "recipient_kind", "currency", "fundings", "total",
        "unknown_amounts", "first_year", "last_year", "funders",
    ],
    "funding_by_year": [
        "year", "currency", "fundings", "total", "unknown_amounts", "funders", "recipients",
    ],
    "links": [
        "kind", "source", "source_label", "target", "target_label", "amount", "currency", "year",
        "document", "confidence", "rule",
    ],
    "links_of_document": [
        "link", "kind", "source", "source_label", "target", "target_label", "amount", "currency",
        "year", "evidence", "evidence_start", "confidence", "rule",
    ],
    "multi_programme_actors": [
        "actor", "label", "kind", "country", "programmes", "programme_labels",
    ],
    "network_edges": [
        "link", "kind", "source", "target", "amount", "currency", "year", "end_year", "evidence",
        "document", "confidence", "rule",
    ],
    "partners_of": ["partner", "partner_label", "kind", "country", "start_year", "document"],
    "partnerships_by_country": [
        "country", "country_label", "partnerships", "partners", "documents",
    ],
    "partnerships_by_department": [
        "level", "code", "label", "partnerships", "french_partners", "other_partners",
        "documents",
    ],
    "partnerships_by_theme": ["theme", "theme_label", "partnerships", "partners", "documents"],
    "partnerships_started": [
        "link", "first_partner", "first_label", "second_partner", "second_label", "start_year",
        "end_year", "status", "document",
    ],
    "possible_duplicates": [
        "entity", "label", "kind", "other", "other_label", "other_kind", "shared_names",
        "entity_documents", "other_documents",
    ],
    "programmes": [
        "programme", "label", "kind", "start_year", "end_year", "budget", "budget_currency",
        "leads", "members", "member_labels", "documents",
    ],
    "timeline": ["year", "kind", "links", "documents"],
    "why_link": [
        "link", "kind", "source", "source_label", "target", "target_label", "document", "title",
        "url", "date", "evidence", "evidence_start", "evidence_end", "builder",
        "builder_version", "built_at", "rule", "confidence",
    ],
}  # fmt: skip

#: columns holding labels joined by " | " in no set order: compared sorted
LISTS = {
    "aliases", "leads", "member_labels", "programme_labels", "places", "organisers",
    "supporters", "participants", "shared_names",
}  # fmt: skip

#: a value of each parameter type, for running every query
SAMPLE = {
    "string": "Kpalimé",
    "fold": "Kpalimé",
    "iri": "https://w3id.org/coopkg/doc/0000000000000000",
    "integer": "1",
    "decimal": "0",
    "year": "1991",
}

BASE = "https://w3id.org/coopkg/"
ID = BASE + "id/"
D1, D2, D3 = (f"{BASE}doc/a00000000000000{i}" for i in (1, 2, 3))
NIORT, OGOU, CHAURAY, BASSAR = (
    ID + "insee/79191",
    ID + "tg/commune/ogou-1",
    ID + "insee/79081",
    ID + "tg/commune/bassar-1",
)
MEAE, AFD, GIZ, EMBASSY = (
    ID + "fr/ministry/meae", ID + "fr/agency/afd", ID + "de/agency/giz",
    ID + "fr/agency/ambassade-de-france-au-togo",
)  # fmt: skip
PROJECT, PROGRAMME, EVENT = (
    ID + "project/eau-atakpame",
    ID + "programme/pat",
    ID + "event/2025-08-27/atelier",
)
NIORT_AGAIN = ID + "doc/a000000000000003/commune/niort"
MINISTRY = "Ministère de l'Europe et des Affaires étrangères"
PROJECT_LABEL = "Eau potable a Atakpame"  # the first in code-point order of its two labels
PROGRAMME_LABEL = "Programme d'appui aux territoires"

#: three documents and the reference data, written as the emitter writes them (mentions without
#: their spans); every expected row below is worked out by hand from it
HAND = """\
@prefix coop: <https://w3id.org/coopkg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix doc: <https://w3id.org/coopkg/doc/> .
@prefix country: <https://w3id.org/coopkg/id/country/> .
@prefix reg: <https://w3id.org/coopkg/id/insee/reg/> .
@prefix dep: <https://w3id.org/coopkg/id/insee/dep/> .
@prefix insee: <https://w3id.org/coopkg/id/insee/> .
@prefix tgc: <https://w3id.org/coopkg/id/tg/commune/> .
@prefix tgr: <https://w3id.org/coopkg/id/tg/region/> .
@prefix tga: <https://w3id.org/coopkg/id/tg/association/> .
@prefix frm: <https://w3id.org/coopkg/id/fr/ministry/> .
@prefix fra: <https://w3id.org/coopkg/id/fr/agency/> .
@prefix dea: <https://w3id.org/coopkg/id/de/agency/> .
@prefix project: <https://w3id.org/coopkg/id/project/> .
@prefix programme: <https://w3id.org/coopkg/id/programme/> .
@prefix theme: <https://w3id.org/coopkg/id/theme/> .
@prefix event: <https://w3id.org/coopkg/id/event/2025-08-27/> .
@prefix d3c: <https://w3id.org/coopkg/id/doc/a000000000000003/commune/> .
@prefix builder: <https://w3id.org/coopkg/builder/> .
@prefix a1: <https://w3id.org/coopkg/doc/a000000000000001#> .
@prefix a2: <https://w3id.org/coopkg/doc/a000000000000002#> .
@prefix a3: <https://w3id.org/coopkg/doc/a000000000000003#> .

# An Atlas fiche: Niort and Atakpamé (Ogou 1), their project and its funding.
doc:a000000000000001 {
  doc:a000000000000001 a coop:SourceDocument ; dcterms:title "Fiche Niort – Atakpamé" ;
      dcterms:date "2024-03-01" ; schema:url <https://example.org/fiche/niort> .
  a1:build a coop:BuildActivity ; prov:used doc:a000000000000001 ;
      prov:wasAssociatedWith builder:atlas-fiche ;
      prov:endedAtTime "2026-01-02T03:04:05Z"^^xsd:dateTime .
  builder:atlas-fiche a coop:Builder ; rdfs:label "atlas-fiche" ; coop:builderVersion "1.0" .
  country:fr a coop:Country ; skos:prefLabel "France" ; coop:isoCode "FR" ;
      coop:matchKey "france" .
  country:tg a coop:Country ; skos:prefLabel "Togo" ; coop:isoCode "TG" ; coop:matchKey "togo" .
  insee:79191 a coop:Commune ; skos:prefLabel "Niort" ; coop:matchKey "niort" ;
      coop:country country:fr ; coop:departmentCode "79" .
  tgc:ogou-1 a coop:Commune ; skos:prefLabel "Ogou 1" ; skos:altLabel "Atakpamé" ;
      coop:matchKey "ogou 1" , "atakpame" ; coop:country country:tg .
  frm:meae a coop:Ministry ; skos:prefLabel "Ministère de l'Europe et des Affaires étrangères" ;
      skos:altLabel "MAE" ;
      coop:matchKey "ministere de l europe et des affaires etrangeres" , "mae" ;
      coop:country country:fr .
  project:eau-atakpame a coop:Project ; skos:prefLabel "Eau potable à Atakpamé" ;
      coop:matchKey "eau potable a atakpame" ; coop:startYear "1995"^^xsd:gYear .
  theme:sante a coop:Theme ; skos:prefLabel "Santé" ; skos:inScheme coop:themes .
  a1:m1-6 a coop:Mention ; coop:denotes insee:79191 ; coop:surfaceForm "Niort" .
  a1:m10-18 a coop:Mention ; coop:denotes tgc:ogou-1 ; coop:surfaceForm "Atakpamé" .
  a1:m20-23 a coop:Mention ; coop:denotes frm:meae ; coop:surfaceForm "MAE" .
  a1:m30-50 a coop:Mention ; coop:denotes project:eau-atakpame ;
      coop:surfaceForm "Eau potable à Atakpamé" .
  a1:m60-65 a coop:Mention ; coop:denotes country:tg ; coop:surfaceForm "Togo" .
  a1:partnership-1 a coop:Partnership ; coop:firstPartner insee:79191 ;
      coop:secondPartner tgc:ogou-1 ;
      coop:startYear "1995"^^xsd:gYear ; coop:endYear "2005"^^xsd:gYear ; coop:status "Terminé" ;
      coop:theme theme:sante ; coop:project project:eau-atakpame ;
      dcterms:title "Eau potable à Atakpamé" ;
      coop:evidence "Niort | Atakpamé | 1995" ; coop:evidenceStart 1 ; coop:evidenceEnd 24 ;
      coop:confidence 0.9 ; prov:wasDerivedFrom doc:a000000000000001 ;
      prov:wasGeneratedBy a1:build .
  a1:funding-1 a coop:Funding ; coop:funder insee:79191 ; coop:recipient project:eau-atakpame ;
      coop:supports a1:partnership-1 ;
      coop:amount 10000.0 ; coop:currency "EUR" ; coop:year "1995"^^xsd:gYear ;
      coop:evidence "Niort | 10000 | 1995" ; coop:evidenceStart 100 ; coop:evidenceEnd 120 ;
      coop:confidence 0.9 ; prov:wasDerivedFrom doc:a000000000000001 ;
      prov:wasGeneratedBy a1:build .
  a1:funding-2 a coop:Funding ; coop:funder frm:meae ; coop:recipient project:eau-atakpame ;
      coop:supports a1:partnership-1 ;
      coop:amount 5000.0 ; coop:currency "EUR" ; coop:year "1996"^^xsd:gYear ;
      coop:evidence "MAE | 5000 | 1996" ; coop:evidenceStart 130 ; coop:evidenceEnd 147 ;
      coop:confidence 0.9 ; prov:wasDerivedFrom doc:a000000000000001 ;
      prov:wasGeneratedBy a1:build .
  a1:funding-3 a coop:Funding ; coop:funder frm:meae ; coop:recipient project:eau-atakpame ;
      coop:year "1997"^^xsd:gYear ;
      coop:evidence "MAE | | 1997" ; coop:evidenceStart 150 ; coop:evidenceEnd 162 ;
      coop:confidence 0.9 ; prov:wasDerivedFrom doc:a000000000000001 ;
      prov:wasGeneratedBy a1:build .
  a1:member-1 a coop:Membership ; coop:member insee:79191 ; coop:initiative project:eau-atakpame ;
      coop:evidence "Niort" ; coop:evidenceStart 1 ; coop:evidenceEnd 6 ;
      coop:confidence 0.9 ; prov:wasDerivedFrom doc:a000000000000001 ;
      prov:wasGeneratedBy a1:build .
  a1:member-2 a coop:Membership ; coop:member tgc:ogou-1 ; coop:initiative project:eau-atakpame ;
      coop:evidence "Atakpamé" ; coop:evidenceStart 10 ; coop:evidenceEnd 18 ;
      coop:confidence 0.9 ; prov:wasDerivedFrom doc:a000000000000001 ;
      prov:wasGeneratedBy a1:build .
}

# A programme document: its lead, members and pairs; funding in euros and in CFA francs.
doc:a000000000000002 {
  doc:a000000000000002 a coop:SourceDocument ; dcterms:title "Programme d'appui" .
  a2:build a coop:BuildActivity ; prov:used doc:a000000000000002 ;
      prov:wasAssociatedWith builder:programme-pairs ;
      prov:endedAtTime "2026-01-02T03:04:06Z"^^xsd:dateTime .
  builder:programme-pairs a coop:Builder ; rdfs:label "programme-pairs" ;
      coop:builderVersion "2.1" .
  country:fr a coop:Country ; skos:prefLabel "France" ; coop:isoCode "FR" ;
      coop:matchKey "france" .
  country:tg a coop:Country ; skos:prefLabel "Togo" ; coop:isoCode "TG" ; coop:matchKey "togo" .
  insee:79191 a coop:Commune ; skos:prefLabel "Niort" ; coop:matchKey "niort" ;
      coop:country country:fr ; coop:departmentCode "79" .
  insee:79081 a coop:Commune ; skos:prefLabel "Chauray" ; coop:matchKey "chauray" ;
      coop:country country:fr ; coop:departmentCode "79" .
  insee:13004 a coop:Commune ; skos:prefLabel "Arles" ; coop:matchKey "arles" ;
      coop:country country:fr ; coop:departmentCode "13" .
  tgc:ogou-1 a coop:Commune ; skos:prefLabel "Ogou 1" ; coop:matchKey "ogou 1" ;
      coop:country country:tg .
  tgc:bassar-1 a coop:Commune ; skos:prefLabel "Bassar 1" ; coop:matchKey "bassar 1" ;
      coop:country country:tg .
  tgc:zio-2 a coop:Commune ; skos:prefLabel "Zio 2" ; coop:matchKey "zio 2" ;
      coop:country country:tg .
  frm:meae a coop:Ministry ; skos:prefLabel "Ministère de l'Europe et des Affaires étrangères" ;
      coop:matchKey "ministere de l europe et des affaires etrangeres" ; coop:country country:fr .
  fra:afd a coop:Agency ; skos:prefLabel "Agence française de développement" ;
      coop:matchKey "agence francaise de developpement" , "afd" ; coop:country country:fr .
  project:eau-atakpame a coop:Project ; skos:prefLabel "Eau potable a Atakpame" ;
      coop:matchKey "eau potable a atakpame" .
  programme:pat a coop:Programme ; skos:prefLabel "Programme d'appui aux territoires" ;
      coop:matchKey "programme d appui aux territoires" ; coop:startYear "2006"^^xsd:gYear ;
      coop:endYear "2008"^^xsd:gYear ; coop:budget 90000.0 ; coop:currency "EUR" .
  a2:m1-8 a coop:Mention ; coop:denotes programme:pat ; coop:surfaceForm "Programme" .
  a2:m10-17 a coop:Mention ; coop:denotes insee:79081 ; coop:surfaceForm "CHAURAY" .
  a2:m20-25 a coop:Mention ; coop:denotes insee:79191 ; coop:surfaceForm "Niort" .
  a2:m30-38 a coop:Mention ; coop:denotes tgc:bassar-1 ; coop:surfaceForm "Bassar 1" .
  a2:m40-46 a coop:Mention ; coop:denotes tgc:ogou-1 ; coop:surfaceForm "Ogou 1" .
  a2:m50-55 a coop:Mention ; coop:denotes insee:13004 ; coop:surfaceForm "Arles" .
  a2:m60-65 a coop:Mention ; coop:denotes tgc:zio-2 ; coop:surfaceForm "Zio 2" .
  a2:m70-73 a coop:Mention ; coop:denotes frm:meae ; coop:surfaceForm "MAE" .
  a2:m80-83 a coop:Mention ; coop:denotes fra:afd ; coop:surfaceForm "AFD" .
  a2:m90-99 a coop:Mention ; coop:denotes project:eau-atakpame ;
      coop:surfaceForm "Eau potable a Atakpame" .
  a2:lead-1 a coop:Leadership ; coop:leader insee:79081 ; coop:initiative programme:pat ;
      coop:evidence "CHAURAY, chef de file" ; coop:evidenceStart 10 ; coop:evidenceEnd 31 ;
      coop:confidence 0.95 ; coop:extractionRule "chef-de-file" ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:member-1 a coop:Membership ; coop:member insee:79081 ; coop:initiative programme:pat ;
      coop:evidence "CHAURAY" ; coop:evidenceStart 10 ; coop:evidenceEnd 17 ;
      coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:member-2 a coop:Membership ; coop:member insee:79191 ; coop:initiative programme:pat ;
      coop:evidence "Niort" ; coop:evidenceStart 20 ; coop:evidenceEnd 25 ; coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:member-3 a coop:Membership ; coop:member tgc:bassar-1 ; coop:initiative programme:pat ;
      coop:evidence "Bassar 1" ; coop:evidenceStart 30 ; coop:evidenceEnd 38 ;
      coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:member-4 a coop:Membership ; coop:member tgc:ogou-1 ; coop:initiative programme:pat ;
      coop:evidence "Ogou 1" ; coop:evidenceStart 40 ; coop:evidenceEnd 46 ;
      coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:partnership-1 a coop:Partnership ; coop:firstPartner insee:79081 ;
      coop:secondPartner tgc:bassar-1 ;
      coop:evidence "CHAURAY - BASSAR 1" ; coop:evidenceStart 10 ; coop:evidenceEnd 38 ;
      coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:partnership-2 a coop:Partnership ; coop:firstPartner tgc:ogou-1 ;
      coop:secondPartner insee:79191 ;
      coop:evidence "OGOU 1 - NIORT" ; coop:evidenceStart 20 ; coop:evidenceEnd 46 ;
      coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:partnership-3 a coop:Partnership ; coop:firstPartner insee:79191 ;
      coop:secondPartner tgc:bassar-1 ;
      coop:startYear "2007"^^xsd:gYear ;
      coop:evidence "NIORT - BASSAR 1 (2007)" ; coop:evidenceStart 20 ; coop:evidenceEnd 38 ;
      coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:partnership-4 a coop:Partnership ; coop:firstPartner insee:13004 ;
      coop:secondPartner tgc:zio-2 ;
      coop:startYear "2010"^^xsd:gYear ;
      coop:evidence "ARLES - ZIO 2 (2010)" ; coop:evidenceStart 50 ; coop:evidenceEnd 65 ;
      coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:funding-1 a coop:Funding ; coop:funder frm:meae ; coop:recipient programme:pat ;
      coop:amount 50000.0 ; coop:currency "EUR" ;
      coop:evidence "un crédit de 50 000 €" ; coop:evidenceStart 70 ; coop:evidenceEnd 91 ;
      coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:funding-2 a coop:Funding ; coop:funder fra:afd ; coop:recipient programme:pat ;
      coop:amount 25000000.0 ; coop:currency "XOF" ; coop:year "2007"^^xsd:gYear ;
      coop:evidence "25 millions de FCFA de l'AFD en 2007" ; coop:evidenceStart 80 ;
      coop:evidenceEnd 116 ; coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
  a2:funding-3 a coop:Funding ; coop:funder insee:79191 ; coop:recipient project:eau-atakpame ;
      coop:amount 10000.0 ; coop:currency "EUR" ; coop:year "1995"^^xsd:gYear ;
      coop:evidence "Niort a versé 10 000 € en 1995" ; coop:evidenceStart 120 ;
      coop:evidenceEnd 150 ; coop:confidence 0.95 ;
      prov:wasDerivedFrom doc:a000000000000002 ; prov:wasGeneratedBy a2:build .
}

# A news article: a workshop, its organiser, supporters and participants; a region pair.
doc:a000000000000003 {
  doc:a000000000000003 a coop:SourceDocument ; dcterms:title "Atelier à Kpalimé" .
  a3:build a coop:BuildActivity ; prov:used doc:a000000000000003 ;
      prov:wasAssociatedWith builder:news-text ;
      prov:endedAtTime "2026-01-02T03:04:07Z"^^xsd:dateTime .
  builder:news-text a coop:Builder ; rdfs:label "news-text" ; coop:builderVersion "0.3" .
  country:fr a coop:Country ; skos:prefLabel "France" ; coop:isoCode "FR" ;
      coop:matchKey "france" .
  country:tg a coop:Country ; skos:prefLabel "Togo" ; coop:isoCode "TG" ; coop:matchKey "togo" .
  country:de a coop:Country ; skos:prefLabel "Allemagne" ; coop:isoCode "DE" ;
      coop:matchKey "allemagne" .
  event:atelier a coop:Event ; skos:prefLabel "atelier régional" ;
      coop:matchKey "atelier regional" ; coop:date "2025-08-27"^^xsd:date .
  tgc:kloto-1 a coop:Commune ; skos:prefLabel "Kloto 1" ; skos:altLabel "Kpalimé" ;
      coop:matchKey "kloto 1" , "kpalime" ; coop:country country:tg .
  tgc:ogou-1 a coop:Commune ; skos:prefLabel "Ogou 1" ; coop:matchKey "ogou 1" ;
      coop:country country:tg .
  tga:fct a coop:Association ; skos:prefLabel "Faîtière des Communes du Togo" ;
      skos:altLabel "FCT" ; coop:matchKey "faitiere des communes du togo" , "fct" ;
      coop:country country:tg .
  dea:giz a coop:Agency ; skos:prefLabel "GIZ" ; coop:matchKey "giz" ; coop:country country:de .
  fra:ambassade-de-france-au-togo a coop:Agency ; skos:prefLabel "Ambassade de France au Togo" ;
      coop:matchKey "ambassade de france au togo" ; coop:country country:fr .
  d3c:niort a coop:Commune ; skos:prefLabel "NIORT" ; coop:matchKey "niort" .
  reg:44 a coop:Region ; skos:prefLabel "Grand Est" ; coop:matchKey "grand est" ;
      coop:code "insee_reg=44" ; coop:country country:fr .
  tgr:centrale a coop:Region ; skos:prefLabel "Centrale" ; coop:matchKey "centrale" ;
      coop:country country:tg .
  a3:m1-9 a coop:Mention ; coop:denotes event:atelier ; coop:surfaceForm "atelier régional" .
  a3:m10-17 a coop:Mention ; coop:denotes tgc:kloto-1 ; coop:surfaceForm "Kpalimé" .
  a3:m20-23 a coop:Mention ; coop:denotes tga:fct ; coop:surfaceForm "FCT" .
  a3:m30-33 a coop:Mention ; coop:denotes dea:giz ; coop:surfaceForm "GIZ" .
  a3:m40-50 a coop:Mention ; coop:denotes fra:ambassade-de-france-au-togo ;
      coop:surfaceForm "Ambassade de France" .
  a3:m60-66 a coop:Mention ; coop:denotes tgc:ogou-1 ; coop:surfaceForm "Ogou 1" .
  a3:m70-75 a coop:Mention ; coop:denotes d3c:niort ; coop:surfaceForm "NIORT" .
  a3:m80-89 a coop:Mention ; coop:denotes reg:44 ; coop:surfaceForm "Grand Est" .
  a3:m90-98 a coop:Mention ; coop:denotes tgr:centrale ; coop:surfaceForm "Centrale" .
  a3:organiser-1 a coop:Organising ; coop:organiser tga:fct ; coop:event event:atelier ;
      coop:evidence "organisé par la FCT" ; coop:evidenceStart 1 ; coop:evidenceEnd 23 ;
      coop:confidence 0.8 ;
      coop:extractionRule "organise-par" ;
      prov:wasDerivedFrom doc:a000000000000003 ; prov:wasGeneratedBy a3:build .
  a3:funding-1 a coop:Funding ; coop:funder dea:giz ; coop:recipient event:atelier ;
      coop:evidence "avec l'appui de la GIZ" ; coop:evidenceStart 24 ; coop:evidenceEnd 33 ;
      coop:confidence 0.7 ;
      coop:extractionRule "appui" ;
      prov:wasDerivedFrom doc:a000000000000003 ; prov:wasGeneratedBy a3:build .
  a3:funding-2 a coop:Funding ; coop:funder fra:ambassade-de-france-au-togo ;
      coop:recipient event:atelier ;
      coop:amount 2000000.0 ; coop:currency "XOF" ; coop:year "2025"^^xsd:gYear ;
      coop:evidence "2 000 000 FCFA de l'Ambassade de France" ; coop:evidenceStart 34 ;
      coop:evidenceEnd 50 ; coop:confidence 0.7 ;
      coop:extractionRule "montant" ;
      prov:wasDerivedFrom doc:a000000000000003 ; prov:wasGeneratedBy a3:build .
  a3:participant-1 a coop:Participation ; coop:participant tgc:ogou-1 ; coop:event event:atelier ;
      coop:evidence "les communes d'Ogou 1" ; coop:evidenceStart 55 ; coop:evidenceEnd 66 ;
      coop:confidence 0.6 ;
      coop:extractionRule "participants" ;
      prov:wasDerivedFrom doc:a000000000000003 ; prov:wasGeneratedBy a3:build .
  a3:participant-2 a coop:Participation ; coop:participant d3c:niort ; coop:event event:atelier ;
      coop:evidence "et de NIORT" ; coop:evidenceStart 67 ; coop:evidenceEnd 75 ;
      coop:confidence 0.6 ;
      coop:extractionRule "participants" ;
      prov:wasDerivedFrom doc:a000000000000003 ; prov:wasGeneratedBy a3:build .
  a3:location-1 a coop:Localisation ; coop:located event:atelier ; coop:place tgc:kloto-1 ;
      coop:evidence "à Kpalimé" ; coop:evidenceStart 8 ; coop:evidenceEnd 17 ;
      coop:confidence 0.8 ;
      coop:extractionRule "lieu" ;
      prov:wasDerivedFrom doc:a000000000000003 ; prov:wasGeneratedBy a3:build .
  a3:partnership-1 a coop:Partnership ; coop:firstPartner reg:44 ;
      coop:secondPartner tgr:centrale ;
      coop:startYear "2012"^^xsd:gYear ;
      coop:evidence "le Grand Est et la région Centrale, depuis 2012" ; coop:evidenceStart 80 ;
      coop:evidenceEnd 98 ;
      coop:confidence 0.7 ; coop:extractionRule "jumelage" ;
      prov:wasDerivedFrom doc:a000000000000003 ; prov:wasGeneratedBy a3:build .
}

# The reference data: names of départements, aliases.
<https://w3id.org/coopkg/graph/reference> {
  dep:79 a coop:Department ; skos:prefLabel "Deux-Sèvres" ; coop:departmentCode "79" ;
      coop:matchKey "deux sevres" ; coop:country country:fr .
  dep:13 a coop:Department ; skos:prefLabel "Bouches-du-Rhône" ; coop:departmentCode "13" ;
      coop:matchKey "bouches du rhone" ; coop:country country:fr .
  tgc:kloto-1 a coop:Commune ; skos:prefLabel "Kloto 1" ; skos:altLabel "Kpalimé" , "Kpalime" ;
      coop:matchKey "kloto 1" , "kpalime" ; coop:country country:tg .
  dea:giz a coop:Agency ;
      skos:prefLabel "Deutsche Gesellschaft für Internationale Zusammenarbeit" ;
      skos:altLabel "GIZ" ;
      coop:matchKey "giz" , "deutsche gesellschaft fur internationale zusammenarbeit" .
}
"""


# --------------------------------------------------------------------------------------------
# helpers and fixtures


def run(store: Any, name: str, **params: str) -> list[dict[str, Any]]:
    """Rows of a named query, in its order: plain values (None: unbound), lists sorted."""
    solutions = store.query(get_query(name).bound(params))
    columns = [v.value for v in solutions.variables]
    return [{c: _value(c, s[c]) for c in columns} for s in solutions]


def _value(column: str, term: Any) -> Any:
    if term is None:
        return None
    if column in LISTS:
        return tuple(sorted(term.value.split(" | ")))
    return term.value


def rows(store: Any, name: str, **params: str) -> list[tuple[Any, ...]]:
    """The rows as tuples in column order, in the query's order."""
    return [tuple(r.values()) for r in run(store, name, **params)]


def bag(store: Any, name: str, **params: str) -> list[tuple[Any, ...]]:
    """The rows as tuples, order aside."""
    return sorted(rows(store, name, **params), key=repr)


def unordered(expected: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(expected, key=repr)


@pytest.fixture(scope="module")
def hand() -> ox.Store:
    from kg.summary import rebuild

    store = ox.Store()
    store.load(HAND.encode(), format=ox.RdfFormat.TRIG)
    rebuild(store)  # the aggregation queries read the summary graph a build keeps
    return store


@pytest.fixture(scope="session")
def built(shared: Path) -> Any:
    """examples/ and the shared seeds, built by the real pipeline into one store."""
    paths = [*sorted((ROOT / "examples").iterdir()), *sorted((shared / "seeds").iterdir())]
    pipeline, results = build_store(paths)
    assert [r.error for r in results if r.status != "built"] == []
    return pipeline.store


def _sample(name: str) -> dict[str, str]:
    return {p.name: SAMPLE[p.type] for p in get_query(name).params if p.default is None}


# --------------------------------------------------------------------------------------------
# the library as data


def test_the_library_has_every_query_asked_for() -> None:
    names = {q.name for q in list_queries()}
    assert names == set(CONTRACT), names ^ set(CONTRACT)
    assert len(names) >= 20
    for q in list_queries():
        assert q.title and q.title != q.name and len(q.description) > 60, q.name


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_columns_are_the_contract(built: Any, name: str) -> None:
    solutions = built.query(get_query(name).bound(_sample(name)))
    assert [v.value for v in solutions.variables] == CONTRACT[name]


def test_parameters_of_the_library() -> None:
    declared = {q.name: [(p.name, p.type, p.default) for p in q.params] for q in list_queries()}
    assert declared["partners_of"] == [("actor", "fold", None)]
    assert declared["partnerships_started"] == [("from", "year", None), ("to", "year", "9999")]
    assert declared["links_of_document"] == [("document", "iri", None)]
    assert declared["why_link"] == [("link", "iri", None)]


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_query_names_its_graphs(query) -> None:  # type: ignore[no-untyped-def]
    """No triple pattern outside a GRAPH clause (the default graph differs on every server),
    and the graphs read are the documents' (or the project's, by IRI), never a server's own
    (directly, or through `FILTER (?g = ?document)` with a graph that is)."""
    body = _body(query.text)
    summary = "GRAPH <https://w3id.org/coopkg/graph/summary>" in body  # the project's, by IRI
    assert summary or ("GRAPH ?" in body and "coop:SourceDocument" in body)

    def restricted(graph: str) -> bool:
        return (
            f"?{graph} a coop:SourceDocument" in body
            or f'STRSTARTS(STR(?{graph}), "{BASE}")' in body
        )

    for m in re.finditer(r"GRAPH \?(\w+)", body):
        graph = m.group(1)
        same = re.findall(rf"FILTER \(\?{graph} = \?(\w+)\b", body)
        assert restricted(graph) or any(restricted(g) for g in same), (
            f"{query.name}: ?{graph} is not restricted to the project's graphs"
        )


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_no_dialect_traps(query) -> None:  # type: ignore[no-untyped-def]
    """What differs between Oxigraph and Virtuoso 7.2 (and rdflib), checked by hand on both:
    SAMPLE picks any value; BOUND() of an OPTIONAL variable is true on Virtuoso in some
    patterns; MIN/MAX of a stored string compares Virtuoso's internal ids, not code points
    (MIN(STR(?x)) compares the strings: MIN and MAX take computed values, or numbers); `*` and
    `+` paths walk the whole graph. (An unbound value in SUM, MIN, MAX or GROUP_CONCAT makes the
    aggregate unbound on Oxigraph but is skipped by Virtuoso: the queries aggregate bound values
    only, which the exact rows above check.)"""
    body = _body(query.text)
    assert "SAMPLE(" not in body
    assert re.findall(r"BOUND\(\?(\w+)\)", body) in ([], ["min_confidence"])
    assert not re.search(r"[\w>)][*+]\s*[?<(\[]", body.replace("(*)", "")), "a * or + path"
    computed = set(re.findall(r"AS \?(\w+)\)", body))
    for fn, var in re.findall(r"\b(MIN|MAX)\(\?(\w+)", body):
        assert var in computed or (fn, var) == ("MAX", "b"), f"{query.name}: {fn}(?{var})"


def _body(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def _branches(text: str) -> dict[str, tuple[str, str, str]]:
    found = {}
    for branch in re.split(r"\}\s*UNION\s*\{", text):
        m = re.search(
            r"\?link a coop:(\w+)\s*;\s*coop:(\w+) \?source\s*;\s*coop:(\w+) \?target", branch
        )
        kind = re.search(r'BIND \("(\w+)" AS \?kind\)', branch)
        if m and kind:
            found[kind.group(1)] = (m.group(1), m.group(2), m.group(3))
    return found


@pytest.mark.parametrize("name", ["links_of_document", "why_link"])
def test_link_queries_cover_every_kind(name: str) -> None:
    expected = {k: (v.cls, *v.properties) for k, v in BY_NAME.items()}
    assert _branches(get_query(name).text) == expected


# --------------------------------------------------------------------------------------------
# exact rows on the graph written by hand


def test_partners_of_any_name(hand: ox.Store) -> None:
    expected = [
        (NIORT, "Niort", "Commune", "FR", "1995", D1),
        (NIORT, "Niort", "Commune", "FR", None, D2),
    ]
    for name in ("Atakpamé", "ATAKPAME", "ogou 1", " Ogou-1 "):
        assert bag(hand, "partners_of", actor=name) == unordered(expected), name
    assert rows(hand, "partners_of", actor="Kpalimé") == []  # named, but no partnership


def test_partnerships_by_country(hand: ox.Store) -> None:
    assert rows(hand, "partnerships_by_country") == [
        ("FR", "France", "5", "4", "3"),
        ("TG", "Togo", "5", "4", "3"),
    ]


def test_partnerships_by_department_and_region(hand: ox.Store) -> None:
    # Niort and Chauray (79): Niort-Ogou 1 (stated twice), Niort-Bassar 1, Chauray-Bassar 1
    assert rows(hand, "partnerships_by_department") == [
        ("department", "79", "Deux-Sèvres", "3", "2", "2", "2"),
        ("department", "13", "Bouches-du-Rhône", "1", "1", "1", "1"),
        ("region", "44", "Grand Est", "1", "1", "1", "1"),
    ]


def test_partnerships_by_theme(hand: ox.Store) -> None:
    assert rows(hand, "partnerships_by_theme") == [(ID + "theme/sante", "Santé", "1", "2", "1")]


def test_partnerships_started(hand: ox.Store) -> None:
    niort_ogou = (D1 + "#partnership-1", NIORT, "Niort", OGOU, "Ogou 1", "1995", "2005")
    niort_bassar = (D2 + "#partnership-3", NIORT, "Niort", BASSAR, "Bassar 1", "2007")
    assert rows(hand, "partnerships_started", **{"from": "1995", "to": "2007"}) == [
        (*niort_ogou, "Terminé", D1),
        (*niort_bassar, None, None, D2),
    ]
    later = rows(hand, "partnerships_started", **{"from": "2008"})
    assert [(r[2], r[4], r[5]) for r in later] == [
        ("Arles", "Zio 2", "2010"),
        ("Grand Est", "Centrale", "2012"),
    ]
    assert [r[5] for r in rows(hand, "partnerships_started", **{"from": "1000"})] == [
        "1995", "2007", "2010", "2012",
    ]  # fmt: skip
    assert rows(hand, "partnerships_started", **{"from": "1996", "to": "2006"}) == []


def test_links_of_document(hand: ox.Store) -> None:
    event = (EVENT, "atelier régional")
    assert rows(hand, "links_of_document", document=D3) == [
        (D3 + "#organiser-1", "organiser", ID + "tg/association/fct",
         "Faîtière des Communes du Togo", *event, None, None, None, "organisé par la FCT", "1",
         "0.8", "news-text:organise-par"),
        (D3 + "#location-1", "location", *event, ID + "tg/commune/kloto-1", "Kloto 1",
         None, None, None, "à Kpalimé", "8", "0.8", "news-text:lieu"),
        (D3 + "#funding-1", "funding", GIZ, "GIZ", *event, None, None, None,
         "avec l'appui de la GIZ", "24", "0.7", "news-text:appui"),
        (D3 + "#funding-2", "funding", EMBASSY, "Ambassade de France au Togo", *event,
         "2000000", "XOF", "2025", "2 000 000 FCFA de l'Ambassade de France", "34", "0.7",
         "news-text:montant"),
        (D3 + "#participant-1", "participant", OGOU, "Ogou 1", *event, None, None, None,
         "les communes d'Ogou 1", "55", "0.6", "news-text:participants"),
        (D3 + "#participant-2", "participant", NIORT_AGAIN, "NIORT", *event, None, None, None,
         "et de NIORT", "67", "0.6", "news-text:participants"),
        (D3 + "#partnership-1", "partnership", ID + "insee/reg/44", "Grand Est",
         ID + "tg/region/centrale", "Centrale", None, None, "2012",
         "le Grand Est et la région Centrale, depuis 2012", "80", "0.7", "news-text:jumelage"),
    ]  # fmt: skip
    d1 = run(hand, "links_of_document", document=D1)
    assert len(d1) == 6 and {r["rule"] for r in d1} == {"atlas-fiche"}
    assert rows(hand, "links_of_document", document=BASE + "doc/ffffffffffffffff") == []


def test_why_link(hand: ox.Store) -> None:
    assert rows(hand, "why_link", link=D2 + "#lead-1") == [
        (D2 + "#lead-1", "lead", CHAURAY, "Chauray", PROGRAMME, PROGRAMME_LABEL, D2,
         "Programme d'appui", None, None, "CHAURAY, chef de file", "10", "31", "programme-pairs",
         "2.1", "2026-01-02T03:04:06Z", "chef-de-file", "0.95"),
    ]  # fmt: skip
    assert rows(hand, "why_link", link=D1 + "#partnership-1") == [
        (D1 + "#partnership-1", "partnership", NIORT, "Niort", OGOU, "Ogou 1", D1,
         "Fiche Niort – Atakpamé", "https://example.org/fiche/niort", "2024-03-01",
         "Niort | Atakpamé | 1995", "1", "24", "atlas-fiche", "1.0", "2026-01-02T03:04:05Z",
         None, "0.9"),
    ]  # fmt: skip
    assert rows(hand, "why_link", link=D1 + "#nothing") == []


def test_funding_by_funder_per_currency_and_unknown_amounts(hand: ox.Store) -> None:
    # Niort's 10 000 EUR of 1995 is stated by two documents: one funding; the ministry's 1997
    # funding states no amount (and no currency): unknown, not 0; euros and CFA francs apart
    assert rows(hand, "funding_by_funder") == [
        (AFD, "Agence française de développement", "XOF", "1", "25000000", "0", "2007", "2007",
         "1"),
        (EMBASSY, "Ambassade de France au Togo", "XOF", "1", "2000000", "0", "2025", "2025", "1"),
        (GIZ, "GIZ", None, "1", None, "1", None, None, "1"),
        (MEAE, MINISTRY, None, "1", None, "1", "1997", "1997", "1"),
        (MEAE, MINISTRY, "EUR", "2", "55000", "0", "1996", "1996", "2"),
        (NIORT, "Niort", "EUR", "1", "10000", "0", "1995", "1995", "1"),
    ]  # fmt: skip


def test_funding_by_recipient(hand: ox.Store) -> None:
    assert rows(hand, "funding_by_recipient") == [
        (PROJECT, PROJECT_LABEL, "Project", None, "1", None, "1", "1997", "1997", "1"),
        (PROJECT, PROJECT_LABEL, "Project", "EUR", "2", "15000", "0", "1995", "1996", "2"),
        (PROGRAMME, PROGRAMME_LABEL, "Programme", "EUR", "1", "50000", "0", None, None, "1"),
        (PROGRAMME, PROGRAMME_LABEL, "Programme", "XOF", "1", "25000000", "0", "2007", "2007",
         "1"),
        (EVENT, "atelier régional", "Event", None, "1", None, "1", None, None, "1"),
        (EVENT, "atelier régional", "Event", "XOF", "1", "2000000", "0", "2025", "2025", "1"),
    ]  # fmt: skip


def test_funding_by_year(hand: ox.Store) -> None:
    assert rows(hand, "funding_by_year") == [
        (None, None, "1", None, "1", "1", "1"),
        (None, "EUR", "1", "50000", "0", "1", "1"),
        ("1995", "EUR", "1", "10000", "0", "1", "1"),
        ("1996", "EUR", "1", "5000", "0", "1", "1"),
        ("1997", None, "1", None, "1", "1", "1"),
        ("2007", "XOF", "1", "25000000", "0", "1", "1"),
        ("2025", "XOF", "1", "2000000", "0", "1", "1"),
    ]


def test_cofunders(hand: ox.Store) -> None:
    afd = (AFD, "Agence française de développement")
    ministry, niort = (MEAE, MINISTRY), (NIORT, "Niort")
    giz, embassy = (GIZ, "GIZ"), (EMBASSY, "Ambassade de France au Togo")
    project = (PROJECT, PROJECT_LABEL, "Project")
    partnership = (D1 + "#partnership-1", "Eau potable à Atakpamé", "Partnership")
    programme, event = (
        (PROGRAMME, PROGRAMME_LABEL, "Programme"),
        (EVENT, "atelier régional", "Event"),
    )
    assert bag(hand, "cofunders") == unordered([
        (*niort, *ministry, *project, "2", "2"),
        (*ministry, *niort, *project, "2", "2"),
        (*niort, *ministry, *partnership, "1", "1"),  # both support the partnership
        (*ministry, *niort, *partnership, "1", "1"),
        (*ministry, *afd, *programme, "1", "1"),
        (*afd, *ministry, *programme, "1", "1"),
        (*giz, *embassy, *event, "1", "1"),
        (*embassy, *giz, *event, "1", "1"),
    ])  # fmt: skip


def test_programmes(hand: ox.Store) -> None:
    assert rows(hand, "programmes") == [
        (PROJECT, PROJECT_LABEL, "Project", "1995", None, None, None, None, "2",
         ("Niort", "Ogou 1"), "2"),
        (PROGRAMME, PROGRAMME_LABEL, "Programme", "2006", "2008", "90000", "EUR", ("Chauray",),
         "4", ("Bassar 1", "Chauray", "Niort", "Ogou 1"), "1"),
    ]  # fmt: skip


def test_multi_programme_actors(hand: ox.Store) -> None:
    both = (PROJECT_LABEL, PROGRAMME_LABEL)
    assert rows(hand, "multi_programme_actors") == [
        (NIORT, "Niort", "Commune", "FR", "2", both),
        (OGOU, "Ogou 1", "Commune", "TG", "2", both),
    ]


def test_events(hand: ox.Store) -> None:
    assert rows(hand, "events") == [
        (EVENT, "atelier régional", "2025-08-27", ("Kloto 1",),
         ("Faîtière des Communes du Togo",), ("Ambassade de France au Togo", "GIZ"),
         ("NIORT", "Ogou 1"), "1"),
    ]  # fmt: skip


def test_timeline(hand: ox.Store) -> None:
    assert rows(hand, "timeline") == [
        ("1995", "funding", "2", "2"),  # Niort's funding, stated by two documents
        ("1995", "member", "2", "1"),  # the project starts in 1995
        ("1995", "partnership", "1", "1"),
        ("1996", "funding", "1", "1"),
        ("1997", "funding", "1", "1"),
        ("2006", "lead", "1", "1"),  # the programme starts in 2006
        ("2006", "member", "4", "1"),
        ("2007", "funding", "1", "1"),
        ("2007", "partnership", "1", "1"),
        ("2010", "partnership", "1", "1"),
        ("2012", "partnership", "1", "1"),
        ("2025", "funding", "1", "1"),  # the event's date
        ("2025", "organiser", "1", "1"),
        ("2025", "participant", "2", "1"),
    ]


def test_brokers(hand: ox.Store) -> None:
    # partners: Niort-Ogou 1, Niort-Bassar 1, Chauray-Bassar 1, Arles-Zio 2, Grand Est-Centrale
    assert rows(hand, "brokers") == [
        (BASSAR, "Bassar 1", "Commune", "TG", "2", "1", "1", "2"),  # Chauray and Niort
        (NIORT, "Niort", "Commune", "FR", "2", "1", "1", "2"),  # Ogou 1 and Bassar 1
    ]


def test_possible_duplicates(hand: ox.Store) -> None:
    assert rows(hand, "possible_duplicates") == [
        (NIORT_AGAIN, "NIORT", "Commune", NIORT, "Niort", "Commune", ("niort",), "1", "2"),
    ]


def test_labels_and_aliases_are_deterministic(hand: ox.Store) -> None:
    entities = {r["entity"]: r for r in run(hand, "entities")}
    assert entities[PROJECT]["label"] == PROJECT_LABEL  # of "...à Atakpamé" and "...a Atakpame"
    assert entities[ID + "tg/commune/kloto-1"]["aliases"] == ("Kpalime", "Kpalimé")
    assert entities[PROJECT]["aliases"] is None
    actors = {r["actor"]: r for r in run(hand, "actors")}
    assert (actors[GIZ]["label"], actors[OGOU]["documents"]) == ("GIZ", "3")
    assert actors[NIORT_AGAIN]["country"] is None


# --------------------------------------------------------------------------------------------
# the same rows whatever the server's default graph holds


PARAMS = {
    "partners_of": {"actor": "Atakpamé"},
    "partnerships_started": {"from": "1995"},
    "links_of_document": {"document": D3},
    "why_link": {"link": D2 + "#lead-1"},
}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_same_rows_whatever_the_default_graph(hand: ox.Store, name: str) -> None:
    """Virtuoso's default graph is the union of every graph, its own system graphs included;
    Oxigraph's is empty unless asked. Here every quad is also in the default graph, and a
    graph outside the project holds a copy of one document's statements but is no document:
    no query changes."""
    noisy = ox.Store()
    noisy.extend(hand)
    noisy.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in hand)
    system = ox.NamedNode("http://www.openlinksw.com/schemas/virtrdf#")
    source = ox.NamedNode("https://w3id.org/coopkg/ontology#SourceDocument")
    noisy.extend(
        ox.Quad(q.subject, q.predicate, q.object, system)
        for q in hand.quads_for_pattern(None, None, None, ox.NamedNode(D1))
        if q.object != source
    )
    params = PARAMS.get(name, {})
    assert bag(noisy, name, **params) == bag(hand, name, **params)


# --------------------------------------------------------------------------------------------
# the graph built from examples/ and the seeds: what the basic rows imply


def _links(built: Any) -> list[dict[str, Any]]:
    return run(built, "links")


def _pair(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def test_built_partnerships_by_country(built: Any) -> None:
    country = {r["actor"]: r["country"] for r in run(built, "actors")}
    pairs: dict[str, set[tuple[str, str]]] = defaultdict(set)
    partners: dict[str, set[str]] = defaultdict(set)
    for r in _links(built):
        if r["kind"] == "partnership":
            for p in (r["source"], r["target"]):
                if country.get(p):
                    pairs[country[p]].add(_pair(r["source"], r["target"]))
                    partners[country[p]].add(p)
    got = {r["country"]: (int(r["partnerships"]), int(r["partners"])) for r in
           run(built, "partnerships_by_country")}  # fmt: skip
    assert got == {c: (len(pairs[c]), len(partners[c])) for c in pairs}
    assert got["TG"][0] >= 10 and got["FR"][0] >= 10


def _funding_groups(built: Any, key: str) -> set[tuple[Any, ...]]:
    """(key, currency) -> fundings, total, unknown_amounts, from `links`: what the funding_by_*
    queries must say."""
    distinct = {
        (r["source"], r["target"], r["amount"], r["currency"], r["year"])
        for r in _links(built)
        if r["kind"] == "funding"
    }
    groups: dict[tuple[Any, Any], list[tuple[Any, ...]]] = defaultdict(list)
    for f in distinct:
        k = {"funder": f[0], "recipient": f[1], "year": f[4]}[key]
        groups[(k, f[3])].append(f)
    out = set()
    for (k, currency), fs in groups.items():
        stated = [Decimal(f[2]) for f in fs if f[2] is not None]
        total = sum(stated, Decimal(0)) if stated else None
        out.add((k, currency, len(fs), total, len(fs) - len(stated)))
    return out


@pytest.mark.parametrize("key", ["funder", "recipient", "year"])
def test_built_funding_totals(built: Any, key: str) -> None:
    got = {
        (r[key], r["currency"], int(r["fundings"]),
         None if r["total"] is None else Decimal(r["total"]), int(r["unknown_amounts"]))
        for r in run(built, f"funding_by_{key}")
    }  # fmt: skip
    assert got == _funding_groups(built, key)
    for _, _, fundings, total, unknown in got:
        assert (total is None) == (unknown == fundings)  # never a total of 0 for no amount


def test_built_funding_without_amounts_is_unknown(built: Any) -> None:
    rows_ = run(built, "funding_by_funder")
    embassy = [r for r in rows_ if r["funder"] == ID + "fr/agency/ambassade-de-france-au-togo"]
    giz = [r for r in rows_ if r["funder"] == GIZ]
    for r in embassy + giz:
        assert (r["currency"], r["total"]) == (None, None)
        assert r["unknown_amounts"] == r["fundings"] != "0"
    assert embassy and giz
    bressuire = [r for r in rows_ if r["funder_label"] == "Bressuire"]
    assert [(r["currency"], r["total"], r["unknown_amounts"]) for r in bressuire] == [
        ("EUR", "19300", "0")
    ]


def test_built_links_of_document_and_why_link(built: Any) -> None:
    edges = run(built, "network_edges")
    columns = ["link", "kind", "source", "target", "amount", "currency", "year", "evidence",
               "confidence", "rule"]  # fmt: skip
    by_doc: dict[str, set[tuple[Any, ...]]] = defaultdict(set)
    for e in edges:
        by_doc[e["document"]].add(tuple(e[c] for c in columns))
    assert len(by_doc) == 10
    for document, expected in by_doc.items():
        got = {tuple(r[c] for c in columns) for r in run(built, "links_of_document",
                                                        document=document)}  # fmt: skip
        assert got == expected, document
    for e in edges[::7]:
        [why] = run(built, "why_link", link=e["link"])
        assert (why["kind"], why["source"], why["target"], why["document"]) == (
            e["kind"], e["source"], e["target"], e["document"],
        )  # fmt: skip
        assert (why["evidence"], why["confidence"]) == (e["evidence"], e["confidence"])
        assert e["rule"] == (f"{why['builder']}:{why['rule']}" if why["rule"] else why["builder"])
        assert why["title"] and why["builder_version"] and why["built_at"]


def test_built_timeline(built: Any) -> None:
    counts: Counter[tuple[str, str]] = Counter(
        (e["year"][:4], e["kind"])
        for e in run(built, "network_edges")
        if e["kind"] in ("partnership", "funding") and e["year"]
    )
    got = {(r["year"], r["kind"]): int(r["links"]) for r in run(built, "timeline")}
    assert {k: v for k, v in got.items() if k[1] in ("partnership", "funding")} == dict(counts)
    assert got[("1991", "partnership")] >= 2  # Bressuire-Kpalimé, in two versions of the fiche


def test_built_programmes_and_their_actors(built: Any) -> None:
    kinds = {r["entity"]: r["kind"] for r in run(built, "entities")}
    members: dict[str, set[str]] = defaultdict(set)
    taking_part: dict[str, set[str]] = defaultdict(set)
    for r in _links(built):
        if r["kind"] in ("member", "lead") and kinds.get(r["target"]) in ("Programme", "Project"):
            taking_part[r["source"]].add(r["target"])
            if r["kind"] == "member":
                members[r["target"]].add(r["source"])
    programmes = {r["programme"]: r for r in run(built, "programmes")}
    for programme, who in members.items():
        assert int(programmes[programme]["members"]) == len(who), programme
    concerte = [r for r in programmes.values() if r["leads"] == ("Chauray",)]
    assert concerte and all({"Bressuire", "Kloto 1"} <= set(r["member_labels"]) for r in concerte)
    got = {r["actor"]: int(r["programmes"]) for r in run(built, "multi_programme_actors")}
    assert got == {a: len(p) for a, p in taking_part.items() if len(p) > 1}


def test_built_events(built: Any) -> None:
    kinds = {r["entity"]: r["kind"] for r in run(built, "entities")}
    organisers: dict[str, set[str]] = defaultdict(set)
    supporters: dict[str, set[str]] = defaultdict(set)
    for r in _links(built):
        if r["kind"] == "organiser":
            organisers[r["target"]].add(r["source"])
        elif r["kind"] == "funding" and kinds.get(r["target"]) == "Event":
            supporters[r["target"]].add(r["source"])
    events = {r["event"]: r for r in run(built, "events")}
    for event, who in organisers.items():
        assert len(events[event]["organisers"]) == len(who), event
    for event, who in supporters.items():
        assert len(events[event]["supporters"]) == len(who), event
    kpalime = [r for r in events.values() if r["places"] == ("Kloto 1",)]
    assert kpalime and all("Faîtière des Communes du Togo" in r["organisers"] for r in kpalime)


def test_built_cofunders(built: Any) -> None:
    funders: dict[str, set[str]] = defaultdict(set)
    for r in _links(built):
        if r["kind"] == "funding":
            funders[r["target"]].add(r["source"])
    expected = {(a, b, t) for t, fs in funders.items() for a in fs for b in fs if a != b}
    got = {(r["funder"], r["cofunder"], r["funded"]) for r in run(built, "cofunders")}
    assert expected <= got  # and pairs of supporters of one partnership (coop:supports)
    assert {(b, a, t) for a, b, t in got} == got


def test_built_brokers(built: Any) -> None:
    partners: dict[str, set[str]] = defaultdict(set)
    for r in _links(built):
        if r["kind"] == "partnership" and r["source"] != r["target"]:
            partners[r["source"]].add(r["target"])
            partners[r["target"]].add(r["source"])
    expected = {}
    for actor, ps in partners.items():
        ordered = sorted(ps)
        open_pairs = sum(
            1 for i, a in enumerate(ordered) for b in ordered[i + 1 :] if b not in partners[a]
        )
        if open_pairs:
            expected[actor] = (len(ps), open_pairs)
    got = {r["actor"]: (int(r["partners"]), int(r["brokered_pairs"])) for r in
           run(built, "brokers")}  # fmt: skip
    assert got == expected


def test_built_partnerships_by_department_and_theme(built: Any) -> None:
    departments = {(r["level"], r["code"]): r for r in run(built, "partnerships_by_department")}
    assert departments[("department", "79")]["label"] == "Deux-Sèvres"
    assert int(departments[("department", "79")]["partnerships"]) >= 5
    themes = {r["theme_label"]: int(r["partnerships"]) for r in run(built, "partnerships_by_theme")}
    assert themes.get("Santé", 0) >= 1 and themes.get("Education, Social et Recherche", 0) >= 1
    started = run(built, "partnerships_started", **{"from": "1991", "to": "1991"})
    assert {(r["first_label"], r["second_label"]) for r in started} == {("Bressuire", "Kloto 1")}


def test_built_possible_duplicates_are_pairs(built: Any) -> None:
    for r in run(built, "possible_duplicates"):
        assert r["entity"] < r["other"] and r["shared_names"], r


# --------------------------------------------------------------------------------------------
# parameters: typed, checked before anything runs, bound as terms


@pytest.mark.parametrize(
    ("name", "param", "value"),
    [
        ("partnerships_started", "from", "91"),
        ("partnerships_started", "from", "19911"),
        ("partnerships_started", "from", "abcd"),
        ("partnerships_started", "from", "１９９１"),  # full-width digits
        ("partnerships_started", "from", "1991.0"),
        ("links_of_document", "document", "doc/0123456789abcdef"),
        ("links_of_document", "document", "https://w3id.org/coopkg/doc/a b"),
        ("why_link", "link", 'Kp"al}imé { ?s ?p ?o }'),
        ("why_link", "link", "<https://w3id.org/coopkg/doc/x>"),
    ],
)
def test_bad_values_are_refused_with_one_line(name: str, param: str, value: str) -> None:
    params = {"from": "1991"} if name == "partnerships_started" else {}
    params[param] = value
    with pytest.raises(InvalidParameter) as info:
        get_query(name).bound(params)
    message = str(info.value)
    expected = {"from": "year", "document": "iri", "link": "iri"}[param]
    assert "\n" not in message and message.startswith(f"parameter {param}: {value!r}")
    assert f"is not a valid {expected} (" in message


def test_typed_values_are_normalised() -> None:
    q = parse_query(
        "q",
        "# param: n (integer) a count\n# param: x (decimal, default 0) a share\n"
        "# param: y (year, default 2000) a year\n# param: i (iri, default urn:x) a thing\n"
        "SELECT * WHERE { ?s ?p ?o . FILTER (?n > 0 && ?x >= 0 && ?y != ?i) }",
    )
    terms = q.bindings({"n": "+7", "x": "-.5", "y": " 1991 ", "i": " https://x.org/a "})
    assert {k: v.value for k, v in terms.items()} == {
        "n": "7", "x": "-0.5", "y": "1991", "i": "https://x.org/a",
    }  # fmt: skip
    for bad in ({"n": "1.5"}, {"n": "1_000"}, {"n": "x"}, {"n": "1", "x": "1e5"}):
        with pytest.raises(InvalidParameter, match="is not a valid"):
            q.bindings(bad)
    assert issubclass(InvalidParameter, UnknownQuery) and InvalidParameter.exit_code == 2


def test_a_bad_default_is_an_error_of_the_query_file() -> None:
    with pytest.raises(UnknownQuery, match="bad default"):
        parse_query("q", "# param: since (year, default 90) a year\nSELECT * WHERE { ?s ?p ?o }")


def test_usage_of_parameters() -> None:
    started = get_query("partnerships_started")
    assert [p.usage() for p in started.params] == [
        "--param from=<year>",
        "[--param to=9999] (year)",
    ]
    assert [p.required for p in started.params] == [True, False]


HOSTILE = 'Kp"al}imé { ?s ?p ?o }'


def test_a_quote_and_brace_laden_value_is_matched_literally(hand: ox.Store) -> None:
    assert rows(hand, "partners_of", actor=HOSTILE) == []
    assert rows(hand, "partners_of", actor=HOSTILE + " } UNION { ?x ?y ?z") == []
    # a string parameter: the label that is exactly the hostile text, and only it
    store = ox.Store()
    store.extend(hand)
    node, graph = ox.NamedNode(ID + "commune/strange"), ox.NamedNode(D3)
    store.add(ox.Quad(node, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                      ox.Literal(HOSTILE), graph))  # fmt: skip
    q = parse_query(
        "by_label",
        "# param: name (string) a label\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "SELECT ?x WHERE { GRAPH ?g { ?x skos:prefLabel ?name } }",
    )
    assert [s["x"] for s in store.query(q.bound({"name": HOSTILE}))] == [node]
    assert list(store.query(q.bound({"name": 'Kp"al}imé'}))) == []


# --------------------------------------------------------------------------------------------
# the command line


def coopkg(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_coopkg_queries_lists_every_query_with_its_parameters() -> None:
    listing = coopkg("queries")
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    for q in list_queries():
        [line] = [i for i, text in enumerate(lines) if text.split(" ")[0] == q.name]
        usages = [text.strip() for text in lines[line + 1 : line + 1 + len(q.params)]]
        assert [u.startswith(p.usage()) for u, p in zip(usages, q.params, strict=True)] == [
            True
        ] * len(q.params), q.name
        assert q.title in lines[line]


def test_coopkg_query_checks_parameters_before_opening_the_store(tmp_path: Path) -> None:
    missing = str(tmp_path / "no-store")
    for args, message in [
        (["partnerships_started", "-p", "from=91"], "parameter from: '91' is not a valid year"),
        (["why_link", "-p", "link=foo"], "parameter link: 'foo' is not a valid iri"),
        (["partnerships_started"], "missing parameter (--param from=...)"),
        (["partners_of", "-p", "actor=x", "-p", "year=1991"], "unknown parameter year"),
    ]:
        r = coopkg("query", *args, "--store", missing)
        assert r.returncode == 2, (args, r.stderr)
        assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
