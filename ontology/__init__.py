"""Package data: the OWL ontology (coop.ttl) and the SHACL shapes (shapes.ttl)."""
