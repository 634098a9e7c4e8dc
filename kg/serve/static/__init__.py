"""Package data: the query page's scripts and styles, and the vendored YASGUI with its licence."""
