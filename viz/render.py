"""One self-contained, offline, safe HTML map of a whofunds graph (pyvis items, our own page).

pyvis builds the vis-network items; the page is ``template.html`` (not pyvis's, which loads
Bootstrap from a CDN even with ``cdn_resources="in_line"``, puts ``heading`` in unescaped and
switches tooltips to ``innerHTML`` when a title contains "href"). vis-network is inlined from
pyvis's own package, the data travels as escaped JSON, and a Content-Security-Policy allows
only the page's own two scripts (by hash) and no network at all.

>>> import networkx as nx, tempfile, os
>>> G = nx.MultiDiGraph(documents=[{"id": "d1", "path": "a.txt", "title": "A"}])
>>> G.add_node("city:hefei", name="Hefei", type="City", aliases=[])
>>> G.add_node("firm:nio", name="NIO", type="Firm", aliases=[])
>>> _ = G.add_edge("city:hefei", "firm:nio", key="INVESTS_IN", type="INVESTS_IN", evidence=[])
>>> render_map(G, os.path.join(tempfile.mkdtemp(), "map.html")).nodes
2
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import os
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import jinja2
import networkx as nx
import pyvis
from markupsafe import Markup
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from whofunds.graph.io import atomic_write_text
from whofunds.graph.schema import SCHEMA
from whofunds.viz.layout import component_layout
from whofunds.viz.views import MapError, ego_network, filter_relations, filter_types, find_node, parse_list, top_nodes

PHYSICS_LIMIT = 300
"""Above this many nodes the layout is computed in Python and the browser's physics is off."""

LARGE_EDGE_LENGTH = 120.0
"""Neighbour distance (canvas px) on precomputed layouts: wide enough that zooming in separates labels."""

MAX_NODES = 20_000
"""Above this many nodes a map keeps only the most central ones (and says so): beyond it a browser stalls."""

MAX_EVIDENCE_PER_EDGE = 20
"""Evidence sentences embedded per edge; edges.csv holds them all."""

VIS_DIR = "lib/vis-9.1.2"
UNKNOWN_TYPE = {"label": "Other", "plural": "Other", "color": "#999999", "shape": "dot",
                "description": "An entity type the schema does not know."}


@dataclass
class MapReport:
    """What :func:`render_map` wrote."""

    path: Path
    nodes: int
    edges: int
    documents: int
    layout: str  # "physics" (the browser arranges a small map) or "networkx" (precomputed positions)
    title: str
    caption: str
    dropped_nodes: int = 0
    messages: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Centrality used for node size


def node_scores(G: nx.MultiDiGraph, by: str = "pagerank") -> dict[Any, float]:
    """``by`` for every node: the stored attribute when all nodes have it, else computed on ``G``.

    Computable: pagerank, degree, in_degree, out_degree, betweenness; any numeric node attribute
    (such as ``mentions``) is used as stored.

    >>> import networkx as nx
    >>> node_scores(nx.MultiDiGraph([(1, 2)]), "in_degree")[2]
    1.0
    """
    values = dict(G.nodes(data=by))
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values.values()):
        return {n: float(v) for n, v in values.items()}
    if G.number_of_nodes() == 0:
        return {}
    if by == "pagerank":
        return nx.pagerank(nx.DiGraph(G)) if G.number_of_edges() else {n: 1 / len(G) for n in G}
    if by in ("degree", "in_degree", "out_degree"):
        func = {"degree": nx.degree_centrality, "in_degree": nx.in_degree_centrality,
                "out_degree": nx.out_degree_centrality}[by]
        return func(nx.DiGraph(G)) if len(G) > 1 else {n: 0.0 for n in G}
    if by == "betweenness":
        k = min(len(G), 500) if len(G) > 2000 else None  # sampled above 2,000 nodes: exact is O(n·m)
        return nx.betweenness_centrality(nx.DiGraph(G), k=k, seed=0)
    raise MapError(f"cannot size nodes by {by!r}: not a node attribute of every node, and not one of "
                   "pagerank, degree, in_degree, out_degree, betweenness")


# ---------------------------------------------------------------------------------------------
# What the map shows


def select_view(G: nx.MultiDiGraph, *, focus=None, depth=2, relations=None, types=None, top=None,
                size_by="pagerank") -> tuple[nx.MultiDiGraph, list[str], list[str]]:
    """The subgraph a map shows, with node attribute ``_score`` set; also caption parts and messages.

    >>> import networkx as nx
    >>> G = nx.MultiDiGraph([("a", "b"), ("b", "c")], name="whofunds")
    >>> H, parts, messages = select_view(G, top=2, size_by="degree")
    >>> sorted(H)
    ['a', 'b']
    """
    scores = node_scores(G, size_by)
    relations, types = parse_list(relations), parse_list(types)
    focus_id = find_node(G, focus) if focus else None
    H = G.copy()
    nx.set_node_attributes(H, scores, "_score")
    parts, messages = [], []
    if relations:
        H = filter_relations(H, relations)
        # A money view is about who is linked by money: entities with no such link would only be clutter.
        H.remove_nodes_from([n for n, d in H.degree() if d == 0 and n != focus_id])
        parts.append("relations: " + ", ".join(SCHEMA.relation(r).label for r in _canonical_relations(relations)))
    if types:
        H = filter_types(H, types, keep=[focus_id] if focus_id is not None else [])
        parts.append("entity types: " + ", ".join(SCHEMA.entity(_canonical_type(t)).plural for t in types))
    if focus_id is not None:
        H = ego_network(H, focus_id, depth=depth)
        parts.insert(0, f"within {depth} {'hop' if depth == 1 else 'hops'} of {G.nodes[focus_id].get('name', focus_id)}")
    if top is not None:
        H = top_nodes(H, top, by="_score", keep=[focus_id] if focus_id is not None else [])
        parts.append(f"the {top:,} most central by {size_by}")
    if H.number_of_nodes() > MAX_NODES:
        total = H.number_of_nodes()
        H = top_nodes(H, MAX_NODES, by="_score", keep=[focus_id] if focus_id is not None else [])
        messages.append(f"This selection has {total:,} entities, more than a browser can draw usefully "
                        f"(limit {MAX_NODES:,}); the map shows the {H.number_of_nodes():,} most central by {size_by}. "
                        "Narrow it with --focus, --relations, --type or --top.")
    return H, parts, messages


def _canonical_relations(relations):
    by_fold = {r.casefold(): r for r in SCHEMA.relation_types}
    return [by_fold[r.casefold()] for r in relations]


def _canonical_type(name):
    return {t.casefold(): t for t in SCHEMA.entity_types}[name.casefold()]


# ---------------------------------------------------------------------------------------------
# Items for vis-network


class _IndexedNetwork(Network):
    """A pyvis Network whose adds are O(1): pyvis scans a list on every add (minutes at 20,000 nodes)."""

    def add_node(self, n_id, label=None, shape="dot", color="#97c2fc", **options):
        if n_id in self.node_map:
            return
        node = Node(n_id, shape, label=label if label else n_id, color=color, font_color=self.font_color, **options)
        self.nodes.append(node.options)
        self.node_ids.append(n_id)
        self.node_map[n_id] = node.options

    def add_edge(self, source, to, **options):
        if source not in self.node_map or to not in self.node_map:
            raise KeyError(f"edge {source!r} -> {to!r} joins a node not in the map")
        self.edges.append(Edge(source, to, self.directed, **options).options)


def _finite(value):
    """JSON has no NaN or infinity; a missing amount is null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


LABEL_INSIDE = {"box", "ellipse", "circle", "database", "text"}


def _label_font(shape: str, color: str) -> dict:
    """Labels drawn inside a shape: no white halo, dark or light text by the fill's brightness."""
    if shape not in LABEL_INSIDE:
        return {}
    r, g, b = (int(color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4))
    light = 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.45
    return {"font": {"strokeWidth": 0, "color": "#111111" if light else "#ffffff"}}


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n:,} {singular if n == 1 else plural}"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _evidence_item(ev: dict, documents: dict) -> dict:
    keys = ("doc_id", "sentence", "status", "amount", "currency", "amount_text", "year", "stake", "rule", "confidence")
    item = {k: _finite(ev.get(k)) for k in keys}
    for key in ("sheet", "row", "date", "role", "url"):  # a table's row; a source's address (where known)
        if ev.get(key) is not None:
            item[key] = ev[key]
    if ev.get("doc_id") not in documents and ev.get("path"):
        item["path"] = ev.get("path")
    return item


def build_network(H: nx.MultiDiGraph, *, positions: dict | None, documents: dict,
                  place_names: dict | None = None) -> _IndexedNetwork:
    """pyvis items for ``H``: schema colours and shapes, sizes from ``_score``, evidence as data (never ``title``).

    A node's ``city`` (a place node's id, or a name the build could not resolve) is shown by name:
    ``place_names`` maps ids of places that may lie outside the view to their names.
    """
    net = _IndexedNetwork(directed=True, cdn_resources="in_line")
    place_names = place_names or {}
    for node in sorted(H, key=str):
        attrs = H.nodes[node]
        etype = attrs.get("type") if attrs.get("type") in SCHEMA.entities else "Unknown"
        spec = SCHEMA.entities.get(etype)
        name = str(attrs.get("name") or node)
        extra = {"x": round(positions[node][0], 1), "y": round(positions[node][1], 1)} if positions else {}
        score = _finite(round(float(attrs.get("_score") or 0.0), 8)) or 0.0
        shape, color = (spec.shape, spec.color) if spec else (UNKNOWN_TYPE["shape"], UNKNOWN_TYPE["color"])
        extra.update(_label_font(shape, color))
        net.add_node(
            str(node), label=_short(name), shape=shape, color=color, value=score,
            name=name, type=etype, aliases=[str(a) for a in attrs.get("aliases") or []],
            city=place_names.get(attrs.get("city"), attrs.get("city")), mentions=int(attrs.get("mentions") or 0), docs=len(attrs.get("doc_ids") or []),
            score=score, **extra)
    edges = sorted(H.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[3].get("type", e[2]))))
    # Parallel edges (same pair, either direction) curve apart so each arrow stays visible.
    pair_seen: dict[frozenset, int] = {}
    for index, (u, v, key, attrs) in enumerate(edges):
        relation = str(attrs.get("type", key))
        spec = SCHEMA.relations.get(relation)
        evidence = list(attrs.get("evidence") or [])
        amount = attrs.get("amount_text") or ""
        label = (spec.label if spec else relation.lower().replace("_", " ")) + (f" ({_short(str(amount), 24)})" if amount else "")
        pair = frozenset((str(u), str(v)))
        nth = pair_seen.get(pair, 0)
        pair_seen[pair] = nth + 1
        extra = {"smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2 * nth}} if nth else {}
        net.add_edge(
            str(u), str(v), id=index, label=label, color=spec.color if spec else UNKNOWN_TYPE["color"],
            dashes=attrs.get("status") == "announced", value=max(1, len(evidence)), relation=relation,
            status=attrs.get("status"), confidence=_finite(attrs.get("confidence")),
            amount=_finite(attrs.get("amount")), currency=attrs.get("currency"), amount_text=attrs.get("amount_text"),
            year=attrs.get("year"), stake=_finite(attrs.get("stake")), evidence_total=len(evidence),
            evidence=[_evidence_item(ev, documents) for ev in evidence[:MAX_EVIDENCE_PER_EDGE]], **extra)
    return net


def vis_options(physics: bool) -> dict:
    """vis-network options: label sizes follow node size (so box-shaped types show importance too)."""
    return {
        "autoResize": True,
        "nodes": {
            "borderWidth": 1,
            "font": {"face": "system-ui, sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
            # On a large map only the hubs' labels are legible at first sight; the rest appear on zooming in.
            "scaling": {"min": 8, "max": 40, "label": {"enabled": True, "min": 14 if physics else 8,
                                                      "max": 26 if physics else 32,
                                                      "drawThreshold": 3 if physics else 7}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "font": {"size": 10, "align": "middle", "color": "#444444", "strokeWidth": 3, "strokeColor": "#ffffff"},
            "scaling": {"min": 1.5, "max": 5, "label": {"enabled": True, "min": 10, "max": 10,
                                                        "drawThreshold": 4 if physics else 7}},
            "smooth": {"enabled": True, "type": "dynamic"} if physics else {"enabled": False},
            "selectionWidth": 2,
        },
        "physics": {
            "enabled": True, "solver": "forceAtlas2Based",
            # Enough central gravity that the many small islands of a corpus stay near the middle.
            "forceAtlas2Based": {"gravitationalConstant": -55, "centralGravity": 0.045, "springLength": 90,
                                 "avoidOverlap": 0.5},
            "stabilization": {"enabled": True, "iterations": 400, "fit": True},
        } if physics else {"enabled": False},
        "layout": {"randomSeed": 7, "improvedLayout": physics},
        "interaction": {"hover": True, "multiselect": True, "hideEdgesOnDrag": not physics,
                        "hideEdgesOnZoom": not physics, "tooltipDelay": 150},
    }


# ---------------------------------------------------------------------------------------------
# The page


def script_json(obj: Any) -> str:
    """JSON that is safe inside ``<script>``: ``<``, ``>``, ``&`` and U+2028/2029 escaped (only strings hold them).

    >>> script_json({"a": "</script><b>&"})
    '{"a":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False)
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _read_asset(package_dir: Path, name: str) -> str:
    text = (package_dir / name).read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise RuntimeError(f"{package_dir / name} contains a closing tag and cannot be inlined")
    return text


def _csp(*scripts: str) -> str:
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode() + "'"
                      for s in scripts)
    return (f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def page_html(net: _IndexedNetwork, *, title: str, caption: str, messages: list[str], physics: bool,
              entity_types: dict, relation_types: dict, documents: dict, size_by: str, focus: str | None = None) -> str:
    """The whole HTML page: template, inlined vis-network, escaped data."""
    pyvis_dir = Path(pyvis.__file__).parent
    viz_dir = Path(str(resources.files("whofunds.viz")))
    vis_js = _read_asset(pyvis_dir, f"{VIS_DIR}/vis-network.min.js")
    vis_css = _read_asset(pyvis_dir, f"{VIS_DIR}/vis-network.css")
    app_js = _read_asset(viz_dir, "map.js")
    data = {"nodes": net.nodes, "edges": net.edges, "options": vis_options(physics), "physics": physics,
            "entityTypes": entity_types, "relationTypes": relation_types,
            # Keys get sorted in the JSON; the legend follows the schema's order.
            "entityOrder": list(entity_types), "relationOrder": list(relation_types), "documents": documents, "sizeBy": size_by, "focus": focus}
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(viz_dir)), autoescape=True,
                             keep_trailing_newline=True)
    try:
        version = metadata.version("whofunds")
    except metadata.PackageNotFoundError:
        version = "dev"
    return env.get_template("template.html").render(
        title=title, caption=caption, messages=messages, csp=Markup(_csp(vis_js, app_js)),
        vis_css=Markup(vis_css), app_css=Markup(_read_asset(viz_dir, "map.css")), vis_js=Markup(vis_js),
        app_js=Markup(app_js), data_json=Markup(script_json(data)), version=version,
        pyvis_version=getattr(pyvis, "__version__", "0.3.2"), vis_version=VIS_DIR.rsplit("-", 1)[-1])


def render_map(G: nx.MultiDiGraph, path, *, title: str | None = None, focus=None, depth=2, relations=None,
               types=None, top=None, size_by="pagerank") -> MapReport:
    """Write one self-contained HTML map of ``G`` to ``path`` and say what it shows.

    ``focus`` (a name, alias or id) keeps the ego network of ``depth`` hops; ``relations`` and ``types``
    (lists or comma-separated) keep those relation and entity types; ``top`` keeps the N nodes most
    central by ``size_by``, which also sets node size. Raises :class:`MapError` for an unknown type or
    option, and :class:`~whofunds.graph.lookup.NameNotFound` for a focus that matches nothing or
    several entities.

    >>> import networkx as nx, tempfile, os
    >>> G = nx.MultiDiGraph([("a", "b")])
    >>> render_map(G, os.path.join(tempfile.mkdtemp(), "m.html"), title="Test").layout
    'physics'
    """
    H, parts, messages = select_view(G, focus=focus, depth=depth, relations=relations, types=types, top=top,
                                     size_by=size_by)
    physics = H.number_of_nodes() <= PHYSICS_LIMIT
    positions = None if physics else component_layout(H, seed=0, edge_length=LARGE_EDGE_LENGTH)
    all_documents = [d for d in G.graph.get("documents") or [] if isinstance(d, dict)]
    cited = {ev.get("doc_id") for _, _, d in H.edges(data=True) for ev in d.get("evidence") or []}
    documents = {str(d.get("id")): {k: d.get(k) for k in ("path", "title", "url", "publisher", "date") if d.get(k)}
                 for d in all_documents if d.get("id") in cited}
    cities = {a.get("city") for _, a in H.nodes(data=True)} - {None}
    place_names = {c: str(G.nodes[c].get("name") or c) for c in cities if isinstance(c, str) and c in G}
    net = build_network(H, positions=positions, documents=documents, place_names=place_names)
    focus_id = find_node(G, focus) if focus else None
    for item in net.nodes:
        if item["id"] == str(focus_id):
            item["borderWidth"] = 4
    present_types = {n["type"] for n in net.nodes}
    entity_types = {name: {"label": s.label, "plural": s.plural, "color": s.color, "shape": s.shape,
                           "description": s.description}
                    for name, s in SCHEMA.entities.items() if name in present_types}
    if "Unknown" in present_types:
        entity_types["Unknown"] = UNKNOWN_TYPE
    present_relations = {e["relation"] for e in net.edges}
    relation_types = {name: {"label": s.label, "color": s.color, "description": s.description}
                      for name, s in SCHEMA.relations.items() if name in present_relations}
    for name in sorted(present_relations - set(relation_types)):
        relation_types[name] = {"label": name.lower().replace("_", " "), "color": UNKNOWN_TYPE["color"], "description": ""}
    n_docs = len(all_documents)
    caption = (f"{_count(H.number_of_nodes(), 'entity', 'entities')} and "
               f"{_count(H.number_of_edges(), 'relation', 'relations')} found in {_count(n_docs, 'document', 'documents')}"
               + (" — " + "; ".join(parts) if parts else "")
               + f". Node size: {size_by}. Arrows point from actor to target; dashed arrows are announced, not confirmed.")
    title = title or (G.graph.get("title") or "Who funds whom")
    html = page_html(net, title=title, caption=caption, messages=messages, physics=physics,
                     entity_types=entity_types, relation_types=relation_types, documents=documents, size_by=size_by,
                     focus=None if focus_id is None else str(focus_id))
    path = Path(os.fspath(path))
    atomic_write_text(path, html)
    # The temporary file behind the atomic write is private (0600); a map is meant to be shared.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o666 & ~umask)
    return MapReport(path=path, nodes=H.number_of_nodes(), edges=H.number_of_edges(), documents=n_docs,
                     layout="physics" if physics else "networkx", title=title, caption=caption,
                     dropped_nodes=G.number_of_nodes() - H.number_of_nodes(), messages=messages)
