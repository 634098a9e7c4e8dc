"""Package data: the named SPARQL queries (*.rq)."""
