"""Node positions computed in Python, for maps too big for the browser's physics.

networkx's ``spring_layout`` is O(n²) per iteration in memory or in a Python loop (about 80 s for
5,000 nodes here), so large components use a vectorised Fruchterman-Reingold whose repulsion comes from a grid
(particle-mesh: masses binned on cells, convolved with the force kernel by FFT): O(n + cells log cells) per step.
Components are laid out one by one and packed in rows, biggest first, so small islands do not
fly off to the edges of the canvas.

>>> import networkx as nx
>>> pos = component_layout(nx.path_graph(4), seed=1)
>>> sorted(pos) == [0, 1, 2, 3] and all(len(p) == 2 for p in pos.values())
True
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

SMALL_COMPONENT = 150
"""Components up to this size use networkx's own (dense) spring layout, which is fast at that size."""

EDGE_LENGTH = 60.0
"""Target distance between neighbours, in vis-network canvas pixels."""


def _repulsion_kernels(cells: int, cell_size: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Force per unit mass at each grid offset: r / |r|² (zero at the centre), for both axes."""
    offsets = np.arange(-(cells - 1), cells)
    dx = offsets[:, None] * cell_size[0]
    dy = offsets[None, :] * cell_size[1]
    dist2 = dx ** 2 + dy ** 2
    dist2[cells - 1, cells - 1] = np.inf
    return dx / dist2, dy / dist2


def _convolve_same(grid: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Linear convolution of a ``c × c`` grid with a ``(2c-1) × (2c-1)`` kernel centred on it, by FFT.

    numpy's FFT, not ``scipy.signal.fftconvolve``: importing scipy.signal alone takes seconds.
    """
    cells = grid.shape[0]
    size = 1 << (3 * cells - 3).bit_length()  # a power of two at least 3c - 2: FFTs of prime sizes are slow
    full = np.fft.irfft2(np.fft.rfft2(grid, (size, size)) * np.fft.rfft2(kernel, (size, size)), (size, size))
    return full[cells - 1:2 * cells - 1, cells - 1:2 * cells - 1]


def grid_force_layout(n: int, edges: np.ndarray, *, iterations: int = 60, seed: int = 0) -> np.ndarray:
    """Fruchterman-Reingold positions for ``n`` nodes joined by ``edges`` (an ``(m, 2)`` int array).

    Repulsion is computed particle-mesh style: node masses are binned on a grid and convolved (FFT)
    with the 1/r force kernel; nodes sharing a cell repel through their cell-mates' centroid.
    Returns an ``(n, 2)`` array with unit ideal edge length.

    >>> import numpy as np
    >>> grid_force_layout(3, np.array([[0, 1], [1, 2]])).shape
    (3, 2)
    """
    rng = np.random.default_rng(seed)
    side = math.sqrt(n)
    pos = rng.random((n, 2)) * side
    if n < 2:
        return pos
    cells = int(min(128, max(4, math.ceil(math.sqrt(n)))))
    temperature = side / 8
    cooling = temperature / (iterations + 1)
    src, dst = (edges[:, 0], edges[:, 1]) if len(edges) else (np.array([], int), np.array([], int))
    for _ in range(iterations):
        lo = pos.min(axis=0)
        span = np.maximum(pos.max(axis=0) - lo, 1e-9) * (1 + 1e-9)
        cell_xy = np.minimum(((pos - lo) / span * cells).astype(np.int64), cells - 1)
        cell = cell_xy[:, 0] * cells + cell_xy[:, 1]
        mass = np.bincount(cell, minlength=cells * cells).astype(float)
        kx, ky = _repulsion_kernels(cells, span / cells)
        grid = mass.reshape(cells, cells)
        fx, fy = _convolve_same(grid, kx).ravel(), _convolve_same(grid, ky).ravel()
        disp = np.stack([fx[cell], fy[cell]], axis=1)
        # Cell-mates: repel from their centroid (the kernel is zero inside a cell).
        sums = np.stack([np.bincount(cell, weights=pos[:, d], minlength=cells * cells) for d in (0, 1)], axis=1)
        mates = mass[cell] - 1
        mate_centroid = (sums[cell] - pos) / np.maximum(mates, 1)[:, None]
        mate_delta = np.where(mates[:, None] > 0, pos - mate_centroid, 0.0)
        mate_dist2 = np.maximum((mate_delta ** 2).sum(axis=1), 1e-2)
        disp += mate_delta * (mates / mate_dist2)[:, None]
        # Attraction d²/k along edges.
        if len(src):
            edge_delta = pos[src] - pos[dst]
            edge_len = np.sqrt((edge_delta ** 2).sum(axis=1))[:, None]
            pull = edge_delta * edge_len
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        length = np.maximum(np.sqrt((disp ** 2).sum(axis=1)), 1e-9)
        pos += disp / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature -= cooling
    return pos


def _component_positions(H: nx.Graph, seed: int) -> np.ndarray:
    """Positions of one connected component, ideal edge length 1, centred on 0."""
    nodes = list(H)
    n = len(nodes)
    if n == 1:
        return np.zeros((1, 2))
    if n <= SMALL_COMPONENT:
        pos = nx.spring_layout(H, seed=seed, k=1.0, scale=None, iterations=100)
        arr = np.array([pos[v] for v in nodes], dtype=float)
    else:
        index = {v: i for i, v in enumerate(nodes)}
        edges = np.array([(index[u], index[v]) for u, v in H.edges() if u != v], dtype=np.int64).reshape(-1, 2)
        arr = grid_force_layout(n, edges, seed=seed)
        if len(edges):
            median = float(np.median(np.sqrt(((arr[edges[:, 0]] - arr[edges[:, 1]]) ** 2).sum(axis=1))))
            arr = arr / max(median, 1e-9)
    return arr - arr.mean(axis=0)


def component_layout(G: nx.Graph, *, seed: int = 0, edge_length: float = EDGE_LENGTH) -> dict:
    """Positions for every node of ``G`` (direction ignored), components packed in rows, biggest first.

    Deterministic for a given ``seed`` and node order.

    >>> import networkx as nx
    >>> pos = component_layout(nx.MultiDiGraph([(1, 2), (3, 4)]), seed=0)
    >>> len(pos)
    4
    """
    U = nx.Graph()
    U.add_nodes_from(G)
    U.add_edges_from((u, v) for u, v in G.edges() if u != v)
    order = {v: i for i, v in enumerate(G)}
    components = sorted((sorted(c, key=order.__getitem__) for c in nx.connected_components(U)),
                        key=lambda c: (-len(c), order[c[0]]))
    placed = []
    for comp in components:
        arr = _component_positions(U.subgraph(comp).copy() if len(comp) > 1 else U.subgraph(comp), seed)
        radius = float(np.sqrt((arr ** 2).sum(axis=1)).max()) if len(arr) > 1 else 0.0
        placed.append((comp, arr, radius + 1.0))
    # Shelf packing: rows about as wide as the total area's square root.
    total_area = sum((2 * r) ** 2 for _, _, r in placed)
    row_width = max(math.sqrt(total_area), 2 * placed[0][2]) if placed else 0
    pos, x, y, row_height = {}, 0.0, 0.0, 0.0
    for comp, arr, r in placed:
        if x > 0 and x + 2 * r > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        centre = np.array([x + r, y + r])
        for v, p in zip(comp, arr + centre):
            pos[v] = (float(p[0]) * edge_length, float(p[1]) * edge_length)
        x += 2 * r
        row_height = max(row_height, 2 * r)
    return pos
