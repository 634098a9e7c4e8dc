"""Tooltip texts for nodes and drawn edges: plain text with line breaks, never HTML.

vis-network shows a string `title` as text, and the page shows these strings with
`textContent`, so whatever a document says (even `<img src=x onerror=…>`) is displayed, not run.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from kg.viz.style import COUNTRY_NAMES, edge_style

MAX_LINK_LINES = 12
MAX_NAMES = 8


def money(amount: float | None, currency: str | None = "EUR") -> str:
    if amount is None:
        return ""
    return f"{amount:,.0f}".replace(",", " ") + f" {currency or ''}".rstrip()


def years(first: int | None, last: int | None) -> str:
    if not first:
        return ""
    return str(first) if not last or last == first else f"{first}–{last}"


def doc_title(documents: dict[str, dict[str, str]], iri: str | None) -> str:
    """A document's title (else its IRI)."""
    if not iri:
        return "no source document"
    return documents.get(iri, {}).get("title") or iri


def node_text(
    data: dict[str, Any], documents: dict[str, Any], measures: dict[str, Any] | None
) -> str:
    """Label, kind and country, other names, years, money, link counts, measures, sources."""
    country = data.get("country")
    lines = [data.get("label", ""), " · ".join(filter(None, [data.get("kind"), _country(country)]))]
    names = data.get("names") or []
    if names:
        more = f" (+{len(names) - MAX_NAMES})" if len(names) > MAX_NAMES else ""
        lines.append("Also named: " + ", ".join(names[:MAX_NAMES]) + more)
    span = years(data.get("start_year"), data.get("end_year")) or years(
        data.get("first_year"), data.get("last_year")
    )
    if span:
        lines.append(f"Years: {span}")
    lines += _money_lines(data)
    if data.get("link_counts"):
        counts = Counter(data["link_counts"])
        lines.append("Links: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    if measures:
        lines.append(
            f"Degree {measures['degree']} · betweenness {measures['betweenness']:.3f}"
            f" · community {measures['community']}"
        )
    lines.append("Sources:")
    lines += [f"• {doc_title(documents, d)}" for d in data.get("documents", [])] or ["• none"]
    return "\n".join(lines)


def _country(code: str | None) -> str:
    return COUNTRY_NAMES.get(code.upper(), code) if code else ""


def _money_lines(data: dict[str, Any]) -> list[str]:
    lines = []
    if data.get("budget"):
        lines.append(f"Budget: {money(data['budget'], data.get('budget_currency'))}")
    if data.get("funding_received_eur"):
        lines.append(f"Funding received: {money(data['funding_received_eur'], 'EUR')}")
    if data.get("funding_given_eur"):
        lines.append(f"Funding given: {money(data['funding_given_eur'], 'EUR')}")
    return lines


def edge_text(
    kind: str, source: str, target: str, links: list[dict[str, Any]], documents: dict[str, Any]
) -> str:
    """The kind, the two ends, then one line per link (year, amount, source) and its evidence."""
    arrow = " → " if edge_style(kind).arrow else " — "
    lines = [f"{kind.capitalize()}: {source}{arrow}{target}"]
    total = sum(link["amount"] or 0 for link in links if link.get("currency") in (None, "EUR"))
    if kind == "funding" and total:
        lines.append(f"Total: {money(total, 'EUR')} in {len(links)} funding(s)")
    ordered = sorted(links, key=lambda link: (link.get("year") or 0, link.get("document") or ""))
    for link in ordered[:MAX_LINK_LINES]:
        lines += _link_lines(link, documents)
    if len(links) > MAX_LINK_LINES:
        lines.append(f"… and {len(links) - MAX_LINK_LINES} more")
    return "\n".join(lines)


def _link_lines(link: dict[str, Any], documents: dict[str, Any]) -> list[str]:
    confidence = link.get("confidence")
    facts = [
        years(link.get("year"), link.get("end_year")),
        money(link.get("amount"), link.get("currency")),
        f"confidence {confidence:.2f}" if confidence is not None else "",
    ]
    head = " · ".join(f for f in facts if f)
    lines = [f"• {head + ' — ' if head else ''}{doc_title(documents, link.get('document'))}"]
    evidence = " ".join((link.get("evidence") or "").split())
    if evidence:
        lines.append(f"   “{evidence[:197] + '…' if len(evidence) > 200 else evidence}”")
    return lines
