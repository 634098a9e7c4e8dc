"""The notebooks run from top to bottom on a real kernel (nbclient), building their own store
from examples/ and the shared seeds, and show what they promise."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"


def run_notebook(path: Path) -> nbformat.NotebookNode:
    """Execute the notebook in its own folder; a failing cell raises CellExecutionError."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    return nb


def _text(nb: nbformat.NotebookNode) -> str:
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            parts.append(str(output.get("data", {}).get("text/plain", "")))
            parts.append(str(output.get("data", {}).get("text/html", "")))
    return "\n".join(parts)


@pytest.mark.slow
def test_partner_networks_notebook(shared: Path) -> None:
    nb = run_notebook(NOTEBOOKS / "02_partner_networks.ipynb")
    text = _text(nb)
    assert "centre: Kloto 1" in text and "Bressuire" in text
    assert "bipartite: True" in text
    assert "betweenness" in text
    assert "<iframe srcdoc=" in text and "vis.Network" in text


@pytest.mark.slow
@pytest.mark.server
def test_querying_notebook() -> None:
    nb = run_notebook(NOTEBOOKS / "01_querying.ipynb")
    text = _text(nb)
    assert "partners_of" in text and "funding_by_funder" in text
    assert "same partners from the endpoint as from the store: Bressuire" in text
