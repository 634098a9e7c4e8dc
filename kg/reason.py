"""OWL 2 consistency checking with owlready2 and HermiT (Java).

owlready2 reads no Turtle and tries to download `owl:imports`: the ontology (and any data) is
handed to it as N-Triples through `kg.bridge`, and imports are stripped. Only the OWL-relevant
part of data graphs is passed (types and links between resources); literals are left out,
since xsd:gYear lies outside the OWL 2 datatype map HermiT implements.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import InvalidGraph
from kg.vocab import ontology_path

_IMPORTS = "http://www.w3.org/2002/07/owl#imports"


def check_consistency(data: Iterable[ox.Triple] = ()) -> None:
    """Raise `InvalidGraph` if the ontology, with `data`, is inconsistent."""
    import owlready2

    onto_triples = [
        t
        for t in ox.parse(path=ontology_path(), format=ox.RdfFormat.TURTLE)
        if t.predicate.value != _IMPORTS
    ]
    abox = [t for t in data if not isinstance(t.object, ox.Literal)]
    nt = ox.serialize([*onto_triples, *abox], format=ox.RdfFormat.N_TRIPLES) or b""
    world = owlready2.World()
    onto = world.get_ontology("https://w3id.org/coopkg/check#").load(
        fileobj=io.BytesIO(nt), format="ntriples"
    )
    try:
        with onto:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    except owlready2.OwlReadyInconsistentOntologyError as exc:
        raise InvalidGraph("the graph is inconsistent with the ontology (HermiT)") from exc
    finally:
        world.close()
