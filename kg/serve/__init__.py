"""`coopkg serve`: a read-only SPARQL 1.1 endpoint over the store, with a query page.

The parts, each in its own module:

- `snapshot`: the server never opens the store that `coopkg build` writes. It serves a private
  copy, taken only while no writer holds the store and checked afterwards to be unchanged, and
  takes a new one within a second after each build.
- `pool` and `worker`: queries run in worker processes that open the copy read-only; a query
  past its time limit has its worker killed and replaced, so the others keep being answered.
- `protocol`: the SPARQL 1.1 Protocol's rules (media types, updates refused) as pure functions.
- `entity`: what the entity view shows about one IRI (run in a worker).
- `app`: the Starlette application (`/sparql`, `/named/<name>`, `/entity`, `/`), run by uvicorn.

Nothing here is imported by `import kg`; the web stack loads with `coopkg serve` only.
"""

from __future__ import annotations

from kg.serve.config import ServeConfig

__all__ = ["ServeConfig", "serve"]


def serve(config: ServeConfig) -> None:
    """Run the server until interrupted (Ctrl-C or SIGTERM)."""
    from kg.serve.app import run

    run(config)
