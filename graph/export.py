"""Exports for other tools: GraphML and GEXF (Gephi, yEd, Cytoscape) and node-link JSON.

GraphML and GEXF hold only scalar attribute values, so lists and dicts (``aliases``, ``doc_ids``,
``evidence``, the graph's ``documents``) are written as JSON text, and ``None`` values are left
out. The names of the encoded attributes are stored in the graph attribute
:data:`ENCODED_ATTR` (GraphML keeps graph attributes; GEXF does not, so for GEXF the reader falls
back to the contract's list attributes, :data:`CONTRACT_LIST_ATTRS`). :func:`read_export` undoes
all of it, so a file loads back into networkx with the same nodes, edges and attributes.

Format details handled here, not left to the reader:

* edge ids: the graph's edge key is the relation type, which repeats across edges; GraphML and
  GEXF want unique edge ids, so exported keys are ``source|type|target``;
* GEXF reserves the edge attribute ``type`` (directed/undirected): the relation type is exported
  as ``relation`` and as the edge ``label``; node ``label`` is the name, so Gephi shows names.

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
import os
from typing import Any

import networkx as nx

from whofunds.graph.io import atomic_write_text, graph_to_data, read_graph

FORMATS = ("graphml", "gexf", "json")
ENCODED_ATTR = "whofunds_json_attributes"
CONTRACT_LIST_ATTRS = frozenset({"aliases", "doc_ids", "evidence", "documents", "failures", "types"})


def _encode_value(value: Any) -> tuple[Any, bool]:
    """(value fit for GraphML/GEXF, whether it was JSON-encoded)."""
    if isinstance(value, (list, tuple, dict, set)):
        if isinstance(value, set):
            value = sorted(value, key=str)
        return json.dumps(value, ensure_ascii=False, sort_keys=True), True
    return value, False


def _encode_attrs(attrs: dict, encoded: set[str]) -> dict:
    out = {}
    for name, value in attrs.items():
        if value is None:
            continue
        value, was_encoded = _encode_value(value)
        if was_encoded:
            encoded.add(name)
        out[name] = value
    return out


def _uniform_numbers(G: nx.MultiDiGraph) -> None:
    """Make every attribute hold one numeric type: a column that mixes int and float becomes float.

    GraphML declares one type per attribute name and Gephi rejects values that do not parse as it.
    """
    for items in (G.nodes.values(), (d for _, _, d in G.edges(data=True))):
        items = list(items)
        kinds: dict[str, set] = {}
        for attrs in items:
            for name, value in attrs.items():
                kinds.setdefault(name, set()).add(type(value))
        mixed = {n for n, ts in kinds.items() if int in ts and float in ts and ts <= {int, float}}
        for attrs in items:
            for name in mixed & attrs.keys():
                attrs[name] = float(attrs[name])


def encode_for_xml(G: nx.MultiDiGraph, gexf: bool = False) -> nx.MultiDiGraph:
    """A copy of ``G`` that GraphML/GEXF writers accept (see the module docstring).

    >>> G = nx.MultiDiGraph(); _ = G.add_edge("a", "b", key="X", type="X", evidence=[{"s": 1}])
    >>> H = encode_for_xml(G); list(H.edges(keys=True)), H["a"]["b"]["a|X|b"]["evidence"]
    ([('a', 'b', 'a|X|b')], '[{"s": 1}]')
    """
    encoded: set[str] = set()
    H = nx.MultiDiGraph()
    H.graph.update(_encode_attrs({k: v for k, v in G.graph.items() if k != ENCODED_ATTR}, encoded))
    for node, attrs in G.nodes(data=True):
        attrs = _encode_attrs(attrs, encoded)
        if gexf:
            attrs["label"] = str(attrs.get("name", node))
        H.add_node(str(node), **attrs)
    for u, v, key, attrs in G.edges(keys=True, data=True):
        rel = attrs.get("type", key)
        attrs = _encode_attrs(attrs, encoded)
        if gexf:
            attrs.pop("type", None)
            attrs["relation"] = str(rel)
            attrs["label"] = str(rel)
        H.add_edge(str(u), str(v), key=f"{u}|{rel}|{v}", **attrs)
    _uniform_numbers(H)
    H.graph[ENCODED_ATTR] = json.dumps(sorted(encoded))
    return H


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
        H = encode_for_xml(G, gexf=(fmt == "gexf"))
        lines = nx.generate_graphml(H) if fmt == "graphml" else nx.generate_gexf(H)
        text = "\n".join(lines) + "\n"
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
        attrs = dict(attrs)
        if fmt == "gexf":
            attrs.pop("label", None)
        _decode(attrs, names)
        G.add_node(node, **attrs)
    for u, v, key, attrs in H.edges(keys=True, data=True):
        attrs = dict(attrs)
        if fmt == "gexf":
            attrs["type"] = attrs.pop("relation", attrs.get("label"))
            for extra in ("label", "id"):
                attrs.pop(extra, None)
        attrs.pop("id", None)
        _decode(attrs, names)
        G.add_edge(u, v, key=attrs.get("type", key), **attrs)
    return G
