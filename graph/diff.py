"""What changed between two builds: the analyst's weekly "what's new".

Entities are matched by node id, edges by ``(source, type, target)`` (one edge per fact, see DEVELOPERS.md).
An entity or edge in both graphs is *changed* when an attribute differs or, for edges, when evidence was
added or removed. Centralities are left out by default: they move whenever anything else does.

>>> import networkx as nx
>>> old, new = nx.MultiDiGraph(), nx.MultiDiGraph()
>>> for G in (old, new):
...     G.add_node("fund:hefei", name="Hefei Fund", type="Fund")
...     G.add_node("firm:nio", name="NIO", type="Firm")
>>> ev = {"doc_id": "d1", "sentence": "Hefei Fund invested in NIO.", "start": 0, "end": 27}
>>> _ = new.add_edge("fund:hefei", "firm:nio", key="INVESTS_IN", type="INVESTS_IN", evidence=[ev])
>>> d = diff_graphs(old, new)
>>> [(e.source, e.type, e.target) for e in d.edges_added], d.counts()["edges_added"]
([('fund:hefei', 'INVESTS_IN', 'firm:nio')], 1)
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

CENTRALITY_ATTRS = frozenset({"degree", "in_degree", "out_degree", "pagerank", "pagerank_money", "betweenness",
                              "eigenvector", "community"})
# Derived from the evidence (listed there already) or the edge's identity.
EDGE_DERIVED_ATTRS = frozenset({"evidence", "doc_ids", "key", "type", "source", "target"})


@dataclass
class EntityChange:
    """An entity in one or both graphs; ``changes`` maps an attribute to ``(old, new)``."""

    id: str
    name: str
    type: str
    attrs: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {"id": self.id, "name": self.name, "type": self.type}
        if self.changes:
            d["changes"] = {k: {"old": o, "new": n} for k, (o, n) in self.changes.items()}
        else:
            d["attrs"] = self.attrs
        return d


@dataclass
class EdgeChange:
    """An edge in one or both graphs, with its evidence: all of it when added or removed, the difference when changed."""

    source: str
    type: str
    target: str
    source_name: str
    target_name: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    evidence_added: list[dict[str, Any]] = field(default_factory=list)
    evidence_removed: list[dict[str, Any]] = field(default_factory=list)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type, self.target)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"source": self.source, "type": self.type, "target": self.target,
                             "source_name": self.source_name, "target_name": self.target_name}
        if self.evidence:
            d["evidence"] = self.evidence
        if self.evidence_added or self.evidence_removed or self.changes:
            d["evidence_added"] = self.evidence_added
            d["evidence_removed"] = self.evidence_removed
            d["changes"] = {k: {"old": o, "new": n} for k, (o, n) in self.changes.items()}
        return d


@dataclass
class GraphDiff:
    """Everything added, removed or changed from the old graph to the new one, in a stable order."""

    entities_added: list[EntityChange] = field(default_factory=list)
    entities_removed: list[EntityChange] = field(default_factory=list)
    entities_changed: list[EntityChange] = field(default_factory=list)
    edges_added: list[EdgeChange] = field(default_factory=list)
    edges_removed: list[EdgeChange] = field(default_factory=list)
    edges_changed: list[EdgeChange] = field(default_factory=list)
    documents_added: list[dict[str, Any]] = field(default_factory=list)
    documents_removed: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in (
            "documents_added", "documents_removed", "entities_added", "entities_removed", "entities_changed",
            "edges_added", "edges_removed", "edges_changed")}

    def is_empty(self) -> bool:
        return not any(self.counts().values())

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"counts": self.counts()}
        for name in self.counts():
            d[name] = [x if isinstance(x, dict) else x.to_dict() for x in getattr(self, name)]
        return d


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def _same(a: Any, b: Any) -> bool:
    if a == b:
        return True
    # NaN from CSV-ish sources, tuples vs lists after a JSON round trip: compare the JSON form.
    return _canonical(a) == _canonical(b)


def _attr_changes(old: dict[str, Any], new: dict[str, Any], ignore: frozenset[str]) -> dict[str, tuple[Any, Any]]:
    changes = {}
    for key in sorted((set(old) | set(new)) - ignore):
        a, b = old.get(key), new.get(key)
        if not _same(a, b):
            changes[key] = (a, b)
    return changes


def edge_index(G: nx.MultiDiGraph) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Edges keyed by ``(source, type, target)``; duplicate edges of one type (outside the contract) are merged.

    >>> G = nx.MultiDiGraph(); _ = G.add_edge("a", "b", key="X", type="X", evidence=[{"doc_id": "d"}])
    >>> list(edge_index(G))
    [('a', 'X', 'b')]
    """
    index: dict[tuple[str, str, str], dict[str, Any]] = {}
    for u, v, key, attrs in G.edges(keys=True, data=True):
        rel = str(attrs.get("type", key))
        ident = (str(u), rel, str(v))
        if ident in index:
            index[ident] = {**index[ident], "evidence": list(index[ident].get("evidence") or [])
                            + list(attrs.get("evidence") or [])}
        else:
            index[ident] = dict(attrs)
    return dict(sorted(index.items()))


def _evidence_delta(old: list[dict], new: list[dict]) -> tuple[list[dict], list[dict]]:
    old_keys = {_canonical(e) for e in old}
    new_keys = {_canonical(e) for e in new}
    added = [e for e in new if _canonical(e) not in old_keys]
    removed = [e for e in old if _canonical(e) not in new_keys]
    return added, removed


def _name(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("name", node)) if node in G else node


def diff_entities(old: nx.MultiDiGraph, new: nx.MultiDiGraph, ignore: frozenset[str] = CENTRALITY_ATTRS,
                  ) -> tuple[list[EntityChange], list[EntityChange], list[EntityChange]]:
    """Entities added, removed and changed (by node id), each sorted by id."""
    def entity(G, node, changes=None):
        attrs = {k: v for k, v in G.nodes[node].items() if k not in ignore}
        return EntityChange(id=str(node), name=str(attrs.get("name", node)), type=str(attrs.get("type", "")),
                            attrs=attrs if changes is None else {}, changes=changes or {})

    added = [entity(new, n) for n in sorted(set(new) - set(old), key=str)]
    removed = [entity(old, n) for n in sorted(set(old) - set(new), key=str)]
    changed = []
    for node in sorted(set(old) & set(new), key=str):
        changes = _attr_changes(dict(old.nodes[node]), dict(new.nodes[node]), ignore)
        if changes:
            changed.append(entity(new, node, changes))
    return added, removed, changed


def diff_edges(old: nx.MultiDiGraph, new: nx.MultiDiGraph, ignore: frozenset[str] = CENTRALITY_ATTRS,
               ) -> tuple[list[EdgeChange], list[EdgeChange], list[EdgeChange]]:
    """Edges added, removed and changed (by ``(source, type, target)``), each with its evidence, sorted."""
    old_edges, new_edges = edge_index(old), edge_index(new)
    ignore = frozenset(ignore) | EDGE_DERIVED_ATTRS

    def edge(G, ident, attrs, **kw):
        u, rel, v = ident
        return EdgeChange(source=u, type=rel, target=v, source_name=_name(G, u), target_name=_name(G, v), **kw)

    added = [edge(new, i, a, evidence=list(a.get("evidence") or [])) for i, a in new_edges.items() if i not in old_edges]
    removed = [edge(old, i, a, evidence=list(a.get("evidence") or [])) for i, a in old_edges.items()
               if i not in new_edges]
    changed = []
    for ident, attrs in new_edges.items():
        if ident not in old_edges:
            continue
        before = old_edges[ident]
        ev_added, ev_removed = _evidence_delta(list(before.get("evidence") or []), list(attrs.get("evidence") or []))
        changes = _attr_changes(before, attrs, ignore)
        if ev_added or ev_removed or changes:
            changed.append(edge(new, ident, attrs, evidence_added=ev_added, evidence_removed=ev_removed,
                                changes=changes))
    return added, removed, changed


def diff_documents(old: nx.MultiDiGraph, new: nx.MultiDiGraph) -> tuple[list[dict], list[dict]]:
    """Documents (``graph["documents"]``) added and removed, by id."""
    old_docs = {d.get("id"): d for d in old.graph.get("documents", []) or []}
    new_docs = {d.get("id"): d for d in new.graph.get("documents", []) or []}
    added = [new_docs[i] for i in sorted(set(new_docs) - set(old_docs), key=str)]
    removed = [old_docs[i] for i in sorted(set(old_docs) - set(new_docs), key=str)]
    return added, removed


def diff_graphs(old: nx.MultiDiGraph, new: nx.MultiDiGraph, *,
                ignore: frozenset[str] | set[str] = CENTRALITY_ATTRS) -> GraphDiff:
    """Entities, edges and documents added, removed or changed from ``old`` to ``new``.

    ``ignore`` names attributes whose changes do not count (by default the centralities).
    """
    ignore = frozenset(ignore)
    diff = GraphDiff()
    diff.entities_added, diff.entities_removed, diff.entities_changed = diff_entities(old, new, ignore)
    diff.edges_added, diff.edges_removed, diff.edges_changed = diff_edges(old, new, ignore)
    diff.documents_added, diff.documents_removed = diff_documents(old, new)
    return diff
