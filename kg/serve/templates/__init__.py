"""Package data: the Jinja templates of the query page and the entity view."""
