"""Exports for other tools: Gephi-ready GraphML and GEXF (Gephi, yEd, Cytoscape) and node-link JSON.

Both XML files are written here (not by networkx's writers), to what Gephi's importers read:

* nodes: ``label`` (the name: Gephi shows names, not ``firm:nio``), ``type``, the type's map ``color``
  (``#rrggbb`` and ``r``/``g``/``b``, which Gephi's GraphML importer takes as the node's colour; GEXF's
  ``viz:color``), ``size`` (PageRank scaled to 10-50; GEXF's ``viz:size``; the raw ``pagerank`` too),
  ``community`` (Louvain, seed 42: ``whofunds communities``) and the contract's attributes;
* edges: ``label`` (the relation's label, "invests in"), ``relation`` (the type), ``weight`` (pieces of
  evidence), the relation's colour, and typed ``amount``, ``stake``, ``confidence`` (double) and ``year``
  (integer);
* every attribute is declared once with one type (a column mixing int and float is double); lists and
  dicts (``aliases``, ``doc_ids``, ``evidence``) are JSON text; null values are left out;
* no graph-level keys (Gephi's GraphML importer rejects ``for="graph"`` keys as severe issues; the
  document list stays in graph.json), no ``networkx_key``, no key id Gephi reads as something else (its
  GraphML importer takes a key with id ``d3`` as the node label and ``d7`` as the edge label, whatever its
  name: ids here are ``n_NAME`` and ``e_NAME``);
* edge ids are ``source|TYPE|target`` (unique: one edge per source, target and type), and each edge carries
  its relation as Gephi's edge type (GEXF ``kind``; the ``label`` attribute of a GraphML ``<edge>``, which
  Gephi's GraphML importer reads as the type), so two relations between one pair ("founded" and "invests in")
  stay two edges instead of being merged.

:func:`read_export` reads either file back into the graph.json shape (the display attributes dropped), so
it loads into networkx with the same nodes, edges and attributes.

>>> import networkx as nx, tempfile, os
>>> G = nx.MultiDiGraph()
>>> G.add_node("firm:nio", name="NIO", type="Firm", aliases=["NIO Inc."])
>>> G.add_node("city:hefei", name="Hefei", type="City", aliases=[])
>>> _ = G.add_edge("city:hefei", "firm:nio", key="INVESTS_IN", type="INVESTS_IN", stake=None,
...                evidence=[{"doc_id": "d1", "sentence": "Hefei invested in NIO."}])
>>> p = os.path.join(tempfile.mkdtemp(), "g.gexf")
>>> export_graph(G, p, "gexf")
>>> H = read_export(p, "gexf")
>>> H.nodes["firm:nio"]["aliases"], H["city:hefei"]["firm:nio"]["INVESTS_IN"]["evidence"][0]["doc_id"]
(['NIO Inc.'], 'd1')
"""
from __future__ import annotations

import json
import math
import os
import xml.etree.ElementTree as ET
from typing import Any

import networkx as nx

from whofunds.graph.io import atomic_write_text, graph_to_data, read_graph
from whofunds.graph.schema import SCHEMA

FORMATS = ("graphml", "gexf", "json")
ENCODED_ATTR = "whofunds_json_attributes"  # graph attribute of files written before the Gephi-ready exports
CONTRACT_LIST_ATTRS = frozenset({"aliases", "doc_ids", "evidence", "documents", "failures", "types", "cities"})
NODE_DISPLAY = ("label", "color", "r", "g", "b", "size", "community")  # added for Gephi; not graph.json's
EDGE_DISPLAY = ("label", "relation", "weight", "color", "r", "g", "b")
TYPED = {"amount": "double", "stake": "double", "confidence": "double", "year": "int", "mentions": "int",
         "community": "int", "r": "int", "g": "int", "b": "int", "size": "double", "weight": "double"}
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://gexf.net/1.3"
GEXF_VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SIZE_RANGE = (10.0, 50.0)
UNKNOWN_COLOR = "#999999"


def _encode_value(value: Any) -> tuple[Any, bool]:
    """(value fit for GraphML/GEXF, whether it was JSON-encoded)."""
    if isinstance(value, (list, tuple, dict, set)):
        if isinstance(value, set):
            value = sorted(value, key=str)
        return json.dumps(value, ensure_ascii=False, sort_keys=True), True
    return value, False


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _kind(value: Any) -> str | None:
    """The XML attribute type of a value: int, double, boolean or string (None: left out)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "double"
    return "string"


def gephi_tables(G: nx.MultiDiGraph) -> tuple[list[tuple[str, dict]], list[tuple[str, str, str, dict]]]:
    """Nodes ``(id, attributes)`` and edges ``(id, source, target, attributes)`` as the XML files hold them:
    the contract's attributes (lists as JSON text, no nulls) plus Gephi's display attributes."""
    from whofunds.graph.communities import communities, membership

    scores = {n: float(a.get("pagerank") or 0.0) for n, a in G.nodes(data=True)}
    if G.number_of_nodes() and not any(scores.values()):
        scores = nx.pagerank(nx.DiGraph(G)) if G.number_of_edges() else {n: 1.0 for n in G}
    low, high = (min(scores.values()), max(scores.values())) if scores else (0.0, 0.0)
    community = membership(communities(G)) if G.number_of_nodes() else {}
    nodes = []
    for node, attrs in sorted(G.nodes(data=True), key=lambda x: str(x[0])):
        spec = SCHEMA.entities.get(attrs.get("type"))
        color = spec.color if spec else UNKNOWN_COLOR
        out = {k: _encode_value(v)[0] for k, v in attrs.items() if v is not None and not k.startswith("_")}
        share = (scores.get(node, 0.0) - low) / (high - low) if high > low else 0.5
        r, g, b = _rgb(color)
        out.update(label=str(attrs.get("name") or node), color=color, r=r, g=g, b=b, community=community.get(node, 0),
                   size=round(SIZE_RANGE[0] + share * (SIZE_RANGE[1] - SIZE_RANGE[0]), 4))
        nodes.append((str(node), out))
    edges = []
    for u, v, key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        relation = str(attrs.get("type", key))
        spec = SCHEMA.relations.get(relation)
        color = spec.color if spec else UNKNOWN_COLOR
        out = {k: _encode_value(v)[0] for k, v in attrs.items() if v is not None and k != "type"}
        r, g, b = _rgb(color)
        out.update(label=spec.label if spec else relation.lower(), relation=relation, color=color, r=r, g=g, b=b,
                   weight=float(max(1, len(attrs.get("evidence") or []))))
        edges.append((f"{u}|{relation}|{v}", str(u), str(v), out))
    return nodes, edges


def _declare(rows: list[dict]) -> dict[str, str]:
    """One XML type per attribute name: the declared one (TYPED), else what every value is (int and double
    together make double; anything else with text makes string)."""
    kinds: dict[str, set] = {}
    for attrs in rows:
        for name, value in attrs.items():
            kind = _kind(value)
            if kind:
                kinds.setdefault(name, set()).add(kind)
    out = {}
    for name, found in sorted(kinds.items()):
        if name in TYPED and found <= {"int", "double"}:
            out[name] = "double" if TYPED[name] == "double" or "double" in found else TYPED[name]
        elif found == {"int"}:
            out[name] = "long"
        elif found <= {"int", "double"}:
            out[name] = "double"
        elif found == {"boolean"}:
            out[name] = "boolean"
        else:
            out[name] = "string"
    return out


def _text(value: Any, kind: str) -> str:
    if kind == "boolean":
        return "true" if value else "false"
    if kind in ("int", "long"):
        return str(int(value))
    if kind == "double":
        return repr(float(value))
    return str(value)


def graphml_tree(G: nx.MultiDiGraph) -> ET.ElementTree:
    """The GraphML document of ``G`` (see the module docstring)."""
    nodes, edges = gephi_tables(G)
    ET.register_namespace("", GRAPHML_NS)
    ET.register_namespace("xsi", XSI)
    q = lambda tag: f"{{{GRAPHML_NS}}}{tag}"  # noqa: E731
    root = ET.Element(q("graphml"), {f"{{{XSI}}}schemaLocation":
                                      f"{GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"})
    node_types = _declare([a for _, a in nodes])
    edge_types = _declare([a for *_, a in edges])
    for scope, prefix, types in (("node", "n", node_types), ("edge", "e", edge_types)):
        for name, kind in types.items():
            ET.SubElement(root, q("key"), {"id": f"{prefix}_{name}", "for": scope, "attr.name": name,
                                           "attr.type": kind})
    graph = ET.SubElement(root, q("graph"), {"id": "whofunds", "edgedefault": "directed"})
    for node, attrs in nodes:
        element = ET.SubElement(graph, q("node"), {"id": node})
        for name, kind in node_types.items():
            if _kind(attrs.get(name)):
                ET.SubElement(element, q("data"), {"key": f"n_{name}"}).text = _text(attrs[name], kind)
    for edge_id, u, v, attrs in edges:
        # Gephi's GraphML importer takes an edge's "label" attribute as its type: two relations between the same
        # pair stay two edges, not one merged
        element = ET.SubElement(graph, q("edge"), {"id": edge_id, "source": u, "target": v,
                                                   "label": str(attrs["relation"])})
        for name, kind in edge_types.items():
            if _kind(attrs.get(name)):
                ET.SubElement(element, q("data"), {"key": f"e_{name}"}).text = _text(attrs[name], kind)
    return ET.ElementTree(root)


GEXF_TYPES = {"int": "integer", "long": "long", "double": "double", "boolean": "boolean", "string": "string"}


def gexf_tree(G: nx.MultiDiGraph) -> ET.ElementTree:
    """The GEXF 1.3 document of ``G``: label as the node and edge label, colour and size as ``viz:``."""
    from whofunds.cli import package_version

    nodes, edges = gephi_tables(G)
    ET.register_namespace("", GEXF_NS)
    ET.register_namespace("viz", GEXF_VIZ)
    q = lambda tag: f"{{{GEXF_NS}}}{tag}"  # noqa: E731
    viz = lambda tag: f"{{{GEXF_VIZ}}}{tag}"  # noqa: E731
    root = ET.Element(q("gexf"), {"version": "1.3"})
    meta = ET.SubElement(root, q("meta"))
    ET.SubElement(meta, q("creator")).text = f"whofunds {package_version()}"
    ET.SubElement(meta, q("description")).text = "Who funds whom: an evidence-backed knowledge graph"
    graph = ET.SubElement(root, q("graph"), {"defaultedgetype": "directed", "mode": "static"})
    skip_node = {"label", "r", "g", "b", "size"}  # element attributes and viz elements in GEXF
    skip_edge = {"label", "r", "g", "b", "weight"}
    node_types = {k: t for k, t in _declare([a for _, a in nodes]).items() if k not in skip_node}
    edge_types = {k: t for k, t in _declare([a for *_, a in edges]).items() if k not in skip_edge}
    for cls, types in (("node", node_types), ("edge", edge_types)):
        declared = ET.SubElement(graph, q("attributes"), {"class": cls, "mode": "static"})
        for name, kind in types.items():
            ET.SubElement(declared, q("attribute"), {"id": name, "title": name, "type": GEXF_TYPES[kind]})
    node_list = ET.SubElement(graph, q("nodes"))
    for node, attrs in nodes:
        element = ET.SubElement(node_list, q("node"), {"id": node, "label": attrs["label"]})
        values = ET.SubElement(element, q("attvalues"))
        for name, kind in node_types.items():
            if _kind(attrs.get(name)):
                ET.SubElement(values, q("attvalue"), {"for": name, "value": _text(attrs[name], kind)})
        ET.SubElement(element, viz("color"), {"r": str(attrs["r"]), "g": str(attrs["g"]), "b": str(attrs["b"])})
        ET.SubElement(element, viz("size"), {"value": _text(attrs["size"], "double")})
    edge_list = ET.SubElement(graph, q("edges"))
    for edge_id, u, v, attrs in edges:
        # "kind" is the edge's type to Gephi: two relations between the same pair stay two edges, not one merged
        element = ET.SubElement(edge_list, q("edge"), {"id": edge_id, "source": u, "target": v,
                                                       "kind": str(attrs["relation"]),
                                                       "label": attrs["label"], "weight": _text(attrs["weight"], "double")})
        values = ET.SubElement(element, q("attvalues"))
        for name, kind in edge_types.items():
            if _kind(attrs.get(name)):
                ET.SubElement(values, q("attvalue"), {"for": name, "value": _text(attrs[name], kind)})
        ET.SubElement(element, viz("color"), {"r": str(attrs["r"]), "g": str(attrs["g"]), "b": str(attrs["b"])})
    return ET.ElementTree(root)


def export_graph(G: nx.MultiDiGraph, path: str | os.PathLike, fmt: str) -> None:
    """Write ``G`` as ``graphml``, ``gexf`` or node-link ``json`` (the graph.json contract), atomically.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "g.graphml")
    >>> export_graph(nx.MultiDiGraph([("a", "b", "X")]), p, "graphml"); os.path.getsize(p) > 0
    True
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if fmt == "json":
        text = json.dumps(graph_to_data(G), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    else:
        tree = graphml_tree(G) if fmt == "graphml" else gexf_tree(G)
        ET.indent(tree, space=" ")
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tree.getroot(), encoding="unicode") + "\n"
    atomic_write_text(path, text)


def _decode(attrs: dict, names: set[str]) -> None:
    for name in names & attrs.keys():
        value = attrs[name]
        if isinstance(value, str):
            try:
                attrs[name] = json.loads(value)
            except json.JSONDecodeError:
                pass  # a value that was never encoded (a hand-edited file); keep the text


def read_export(path: str | os.PathLike, fmt: str) -> nx.MultiDiGraph:
    """Read a file written by :func:`export_graph` back into the graph.json shape (keys = relation types)."""
    if fmt == "json":
        return read_graph(path)
    if fmt == "graphml":
        H = nx.read_graphml(path, force_multigraph=True)
    elif fmt == "gexf":
        H = nx.read_gexf(path)
        if not H.is_multigraph():  # read_gexf simplifies graphs without parallel edges
            H = nx.MultiDiGraph(H)
    else:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    names = set(CONTRACT_LIST_ATTRS)
    if ENCODED_ATTR in H.graph:
        names |= set(json.loads(H.graph.pop(ENCODED_ATTR)))
    G = nx.MultiDiGraph()
    G.graph.update(H.graph)
    _decode(G.graph, names)
    for node, attrs in H.nodes(data=True):
        attrs = {k: v for k, v in attrs.items() if k not in NODE_DISPLAY and k != "viz"}
        _decode(attrs, names)
        G.add_node(node, **attrs)
    for u, v, key, attrs in H.edges(keys=True, data=True):
        attrs = dict(attrs)
        relation = attrs.get("relation") or attrs.get("type") or key
        attrs = {k: v for k, v in attrs.items() if k not in EDGE_DISPLAY and k not in ("id", "viz", "type")}
        attrs["type"] = relation
        _decode(attrs, names)
        G.add_edge(u, v, key=relation, **attrs)
    return G
