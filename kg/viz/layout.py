"""Node positions computed before the page opens, so the browser never runs a physics simulation.

Each connected component is laid out alone, then the components are packed in rows, largest
first. Components of up to `EXACT_LIMIT` nodes use networkx's Fruchterman-Reingold layout;
larger ones a Fruchterman-Reingold whose repulsion is estimated from a random sample of nodes
each step (linear in the number of nodes, so 5,000 nodes take about a second). Seeded: the same
graph always gives the same picture.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np

EXACT_LIMIT = 700
EDGE = 110.0  # pixels: median edge length
GAP = 60.0  # pixels: nodes closer than this are pushed apart
LABEL_RATIO = 2.6  # labels are about this much wider than tall
SPACING = 90.0  # pixels between packed components
Positions = dict[str, tuple[float, float]]


def layout(graph: nx.Graph | nx.MultiDiGraph, seed: int = 42) -> Positions:
    """Pixel positions of every node: components laid out apart and packed in rows."""
    simple = nx.Graph(graph.to_undirected(as_view=True))
    components = sorted(nx.connected_components(simple), key=lambda c: (-len(c), min(c)))
    boxes = [_component(simple.subgraph(c), seed) for c in components]
    return _pack(boxes)


def _component(graph: nx.Graph, seed: int) -> Positions:
    """Positions of one component, centred on 0, edges about EDGE pixels long, spread so that
    no two nodes (and so their labels) sit on top of each other."""
    n = graph.number_of_nodes()
    if n <= 2:
        return {v: (i * EDGE * 1.6, 0.0) for i, v in enumerate(sorted(graph))}
    if n <= EXACT_LIMIT:
        steps = 60 if n < 30 else 200
        raw = nx.spring_layout(graph, seed=seed, iterations=steps, k=1.6 / math.sqrt(n))
        nodes = list(raw)
        arr = np.array([raw[v] for v in nodes])
    else:
        nodes = sorted(graph)
        arr = _sampled_fr(graph, nodes, seed)
    arr = _scaled(arr - arr.mean(axis=0), graph, nodes)
    if n <= EXACT_LIMIT:
        arr = _spread(arr)
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, arr, strict=True)}


def _scaled(arr: np.ndarray, graph: nx.Graph, nodes: list[str]) -> np.ndarray:
    """`arr` scaled so that the median edge is EDGE pixels long."""
    index = {v: i for i, v in enumerate(nodes)}
    pairs = np.array([(index[a], index[b]) for a, b in graph.edges()])
    lengths = np.linalg.norm(arr[pairs[:, 0]] - arr[pairs[:, 1]], axis=1)
    median = float(np.median(lengths)) or 1.0
    return arr * (EDGE / median)


def _spread(arr: np.ndarray, rounds: int = 60) -> np.ndarray:
    """Push apart nodes closer than GAP (horizontal distances count less: labels are wide)."""
    arr = arr.copy()
    stretch = np.array([1 / LABEL_RATIO, 1.0])
    for _ in range(rounds):
        delta = (arr[:, None, :] - arr[None, :, :]) * stretch
        dist = np.linalg.norm(delta, axis=2)
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(GAP - dist, 0, None)
        if not overlap.any():
            break
        unit = delta / np.maximum(dist, 1e-6)[..., None]
        arr += (unit * overlap[..., None] / 2).sum(axis=1) / stretch * 0.5
    return arr


def _sampled_fr(
    graph: nx.Graph, nodes: list[str], seed: int, iterations: int = 90, sample: int = 40
) -> np.ndarray:
    """Fruchterman-Reingold with repulsion from `sample` random nodes per node and step."""
    rng = np.random.default_rng(seed)
    n = len(nodes)
    index = {v: i for i, v in enumerate(nodes)}
    edges = np.array([(index[a], index[b]) for a, b in graph.edges()], dtype=np.int64)
    side = math.sqrt(n)
    pos = rng.random((n, 2)) * side
    temperature = side / 8
    for step in range(iterations):
        disp = _repulsion(pos, rng, sample) + _attraction(pos, edges)
        length = np.linalg.norm(disp, axis=1)[:, None] + 1e-9
        cap = temperature * (1 - step / iterations) + 0.01
        pos += disp / length * np.minimum(length, cap)
    return pos


def _repulsion(pos: np.ndarray, rng: np.random.Generator, sample: int) -> np.ndarray:
    n = len(pos)
    others = rng.integers(0, n, size=(n, sample))
    delta = pos[:, None, :] - pos[others]
    d2 = np.maximum((delta**2).sum(axis=2), 1e-4)
    force: np.ndarray = (delta / d2[..., None]).sum(axis=1) * (n / sample)
    return force


def _attraction(pos: np.ndarray, edges: np.ndarray) -> np.ndarray:
    disp = np.zeros_like(pos)
    if len(edges) == 0:
        return disp
    delta = pos[edges[:, 0]] - pos[edges[:, 1]]
    force = delta * np.linalg.norm(delta, axis=1)[:, None]
    for axis in (0, 1):
        disp[:, axis] -= np.bincount(edges[:, 0], force[:, axis], minlength=len(pos))
        disp[:, axis] += np.bincount(edges[:, 1], force[:, axis], minlength=len(pos))
    return disp


def _pack(boxes: list[Positions]) -> Positions:
    """Place component layouts in rows (shelf packing), largest first, left to right."""
    sizes = [_size(b) for b in boxes]
    total = sum((w + SPACING) * (h + SPACING) for w, h in sizes)
    row_width = max(math.sqrt(total) * 1.3, max((w for w, _ in sizes), default=0))
    out: Positions = {}
    x = y = row_height = 0.0
    for box, (w, h) in zip(boxes, sizes, strict=True):
        if x > 0 and x + w > row_width:
            x, y, row_height = 0.0, y + row_height + SPACING, 0.0
        min_x = min(p[0] for p in box.values())
        min_y = min(p[1] for p in box.values())
        for node, (px, py) in box.items():
            out[node] = (round(px - min_x + x, 1), round(py - min_y + y, 1))
        x += w + SPACING
        row_height = max(row_height, h)
    return out


def _size(box: Positions) -> tuple[float, float]:
    xs = [p[0] for p in box.values()]
    ys = [p[1] for p in box.values()]
    return max(xs) - min(xs), max(ys) - min(ys)
