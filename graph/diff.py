"""What changed between two builds, by meaning: the analyst's weekly "what's new".

Two builds of the same corpus are the same whatever folder they were built from, so:

* **documents** are keyed by content hash (``id``); a document whose id changed but whose path
  relative to the build's input root (``relpath``) did not is a revised document, one whose path
  changed only has moved;
* **entities** are keyed by node id; an old entity whose id is gone is matched to a new one of the
  same type whose names (name and aliases) include one of its names, or whose aliases give back its
  old id ("Automotive Works Group" -> "First Automotive Works Group", alias "Automotive Works Group"):
  it is *renamed*, a change, not a removal and an addition;
* **edges** are keyed by their ends, resolved through those renames, and their type; an edge is
  *changed* when what it states changed (amount, currency, stake, year, status, and the schema's edge
  attributes such as a chain's city) or when evidence was added or removed. Evidence is one sentence
  of one document (document id and offsets), wherever the document lies on disk.

Centralities, mention counts and confidence are left out by default: they move whenever anything else
does, and say nothing new. Each change carries a one-line ``what`` ("amount: 5bn yuan → 7bn yuan; +1
evidence from 07_hefei.txt").

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
from pathlib import PurePath
from typing import Any

import networkx as nx

from whofunds.graph.resolve import norm, slug
from whofunds.graph.schema import SCHEMA

CENTRALITY_ATTRS = frozenset({"degree", "in_degree", "out_degree", "pagerank", "pagerank_money", "money_reach",
                              "betweenness", "eigenvector", "community"})
# Counted by the build, or derived from the evidence: they change when anything else does.
NODE_DERIVED_ATTRS = frozenset({"mentions", "doc_ids"})
EDGE_DERIVED_ATTRS = frozenset({"evidence", "doc_ids", "key", "type", "source", "target", "confidence",
                                "amount_text"})
EVIDENCE_IDENTITY = ("doc_id", "start", "end")


@dataclass
class EntityChange:
    """An entity in one or both graphs; ``changes`` maps an attribute to ``(old, new)``; ``old_id`` when renamed."""

    id: str
    name: str
    type: str
    attrs: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    old_id: str | None = None

    @property
    def what(self) -> str:
        """The change in one line: ``renamed from X (id)``, ``aliases: [...] → [...]``."""
        parts = []
        if self.old_id is not None and self.old_id != self.id:
            parts.append(f"id {self.old_id} → {self.id}")
        parts += [f"{k}: {_short(o)} → {_short(n)}" for k, (o, n) in self.changes.items()]
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "name": self.name, "type": self.type}
        if self.old_id is not None:
            d["old_id"] = self.old_id
        if self.changes or self.old_id is not None:
            d["changes"] = {k: {"old": o, "new": n} for k, (o, n) in self.changes.items()}
            d["what"] = self.what
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
    shown: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # changes as the analyst reads them

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.type, self.target)

    @property
    def what(self) -> str:
        """What changed, in one line: ``amount: 5bn yuan → 7bn yuan; +1 evidence from doc.txt``."""
        parts = [f"{k}: {_short(o, 30)} → {_short(n, 30)}" for k, (o, n) in (self.shown or self.changes).items()]
        for sign, items in (("+", self.evidence_added), ("−", self.evidence_removed)):
            if items:
                docs = sorted({_doc_label(e) for e in items})
                parts.append(f"{sign}{len(items)} evidence from {', '.join(docs)}")
        return "; ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"source": self.source, "type": self.type, "target": self.target,
                             "source_name": self.source_name, "target_name": self.target_name}
        if self.evidence:
            d["evidence"] = self.evidence
        if self.evidence_added or self.evidence_removed or self.changes:
            d["evidence_added"] = self.evidence_added
            d["evidence_removed"] = self.evidence_removed
            d["changes"] = {k: {"old": o, "new": n} for k, (o, n) in self.changes.items()}
            d["what"] = self.what
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
    documents_changed: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in (
            "documents_added", "documents_removed", "documents_changed", "entities_added", "entities_removed",
            "entities_changed", "edges_added", "edges_removed", "edges_changed")}

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


def _short(value: Any, width: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= width else text[: width - 1] + "…"


def _doc_label(ev: dict) -> str:
    path = ev.get("path")
    return PurePath(str(path)).name if path else str(ev.get("doc_id", "?"))


def _attr_changes(old: dict[str, Any], new: dict[str, Any], ignore: frozenset[str]) -> dict[str, tuple[Any, Any]]:
    changes = {}
    for key in sorted((set(old) | set(new)) - ignore):
        a, b = old.get(key), new.get(key)
        if key == "aliases":  # a set of names, whatever order a build lists them in
            a, b = sorted(map(str, a or [])), sorted(map(str, b or []))
        if not _same(a, b):
            changes[key] = (a, b)
    return changes


def edge_index(G: nx.MultiDiGraph, rename: dict | None = None) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Edges keyed by ``(source, type, target)`` (ends mapped through ``rename``); duplicates of one type merge.

    >>> G = nx.MultiDiGraph(); _ = G.add_edge("a", "b", key="X", type="X", evidence=[{"doc_id": "d"}])
    >>> list(edge_index(G)), list(edge_index(G, {"a": "a2"}))
    ([('a', 'X', 'b')], [('a2', 'X', 'b')])
    """
    rename = rename or {}
    index: dict[tuple[str, str, str], dict[str, Any]] = {}
    for u, v, key, attrs in G.edges(keys=True, data=True):
        rel = str(attrs.get("type", key))
        ident = (str(rename.get(u, u)), rel, str(rename.get(v, v)))
        if ident in index:
            index[ident] = {**index[ident], "evidence": list(index[ident].get("evidence") or [])
                            + list(attrs.get("evidence") or [])}
        else:
            index[ident] = dict(attrs)
    return dict(sorted(index.items()))


def _evidence_key(ev: dict) -> str:
    if all(k in ev for k in EVIDENCE_IDENTITY):
        return _canonical([ev.get(k) for k in EVIDENCE_IDENTITY])
    return _canonical({k: v for k, v in ev.items() if k != "path"})


def _evidence_delta(old: list[dict], new: list[dict]) -> tuple[list[dict], list[dict]]:
    """Evidence added and removed: one sentence of one document (its id and offsets), wherever the file lies."""
    old_keys = {_evidence_key(e) for e in old}
    new_keys = {_evidence_key(e) for e in new}
    added = [e for e in new if _evidence_key(e) not in old_keys]
    removed = [e for e in old if _evidence_key(e) not in new_keys]
    return added, removed


def _name(G: nx.MultiDiGraph, node: str) -> str:
    return str(G.nodes[node].get("name", node)) if node in G else node


def _names(G: nx.MultiDiGraph, node) -> set[str]:
    attrs = G.nodes[node]
    return {norm(n) for n in [attrs.get("name"), *(attrs.get("aliases") or [])] if n and norm(n)}


def _former_ids(G: nx.MultiDiGraph, node) -> set[str]:
    """The ids the build would have given the node under each of its names: its id history."""
    attrs = G.nodes[node]
    prefix = str(attrs.get("type", "")).lower()
    return {f"{prefix}:{slug(n)}" for n in [attrs.get("name"), *(attrs.get("aliases") or [])] if n}


def match_renamed(old: nx.MultiDiGraph, new: nx.MultiDiGraph) -> dict:
    """Old node id -> new node id for entities whose id changed: same type, and a shared name or a former id.

    Only one-to-one matches count (an old name now shared by two new entities stays unmatched).

    >>> old, new = nx.MultiDiGraph(), nx.MultiDiGraph()
    >>> old.add_node("firm:automotive-works-group", name="Automotive Works Group", type="Firm", aliases=[])
    >>> new.add_node("firm:first-automotive-works-group", name="First Automotive Works Group", type="Firm",
    ...              aliases=["Automotive Works Group", "FAW"])
    >>> match_renamed(old, new)
    {'firm:automotive-works-group': 'firm:first-automotive-works-group'}
    """
    gone = [n for n in old if n not in new]
    fresh = [n for n in new if n not in old]
    candidates: dict[Any, set] = {}
    for o in gone:
        o_names, o_type = _names(old, o), old.nodes[o].get("type")
        for n in fresh:
            if new.nodes[n].get("type") != o_type:
                continue
            if str(o) in _former_ids(new, n) or o_names & _names(new, n):
                candidates.setdefault(o, set()).add(n)
    claimed: dict[Any, int] = {}
    for found in candidates.values():
        for n in found:
            claimed[n] = claimed.get(n, 0) + 1
    return {o: next(iter(found)) for o, found in sorted(candidates.items(), key=lambda kv: str(kv[0]))
            if len(found) == 1 and claimed[next(iter(found))] == 1}


def diff_entities(old: nx.MultiDiGraph, new: nx.MultiDiGraph, ignore: frozenset[str] = CENTRALITY_ATTRS,
                  rename: dict | None = None) -> tuple[list[EntityChange], list[EntityChange], list[EntityChange]]:
    """Entities added, removed and changed (by node id, renamed ones through ``rename``), each sorted by id."""
    rename = match_renamed(old, new) if rename is None else rename
    ignore = frozenset(ignore) | NODE_DERIVED_ATTRS

    def entity(G, node, changes=None, old_id=None):
        attrs = {k: v for k, v in G.nodes[node].items() if k not in ignore}
        return EntityChange(id=str(node), name=str(attrs.get("name", node)), type=str(attrs.get("type", "")),
                            attrs=attrs if changes is None else {}, changes=changes or {}, old_id=old_id)

    renamed_to = set(rename.values())
    added = [entity(new, n) for n in sorted(set(new) - set(old) - renamed_to, key=str)]
    removed = [entity(old, n) for n in sorted(set(old) - set(new) - set(rename), key=str)]
    changed = []
    pairs = [(n, n) for n in set(old) & set(new)] + list(rename.items())
    for before, after in sorted(pairs, key=lambda p: str(p[1])):
        refers = SCHEMA.entities[old.nodes[before]["type"]].attributes if old.nodes[before].get("type") in \
            SCHEMA.entities else {}
        old_attrs = {k: (_renamed(v, rename) if k in refers else v) for k, v in old.nodes[before].items()}
        changes = _attr_changes(old_attrs, dict(new.nodes[after]), ignore)
        if changes or before != after:
            changed.append(entity(new, after, changes, old_id=str(before) if before != after else None))
    return added, removed, changed


def _renamed(value: Any, rename: dict) -> Any:
    """An attribute value that names a node (a place's id), with renames applied."""
    if isinstance(value, str):
        return rename.get(value, value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return sorted(rename.get(v, v) for v in value)
    return value


def _meaning_attrs(attrs: dict, rename: dict) -> dict:
    """An edge's attributes with node ids (a chain's city) renamed and evidence records left aside."""
    refers = {name for spec in SCHEMA.edge_attributes().values() for name, a in spec.items() if a.refers_to}
    refers |= {a.collect for spec in SCHEMA.edge_attributes().values() for a in spec.values() if a.collect}
    return {k: (_renamed(v, rename) if k in refers else v) for k, v in attrs.items()}


def diff_edges(old: nx.MultiDiGraph, new: nx.MultiDiGraph, ignore: frozenset[str] = CENTRALITY_ATTRS,
               rename: dict | None = None) -> tuple[list[EdgeChange], list[EdgeChange], list[EdgeChange]]:
    """Edges added, removed and changed (by resolved ends and type), each with its evidence, sorted."""
    rename = match_renamed(old, new) if rename is None else rename
    old_edges, new_edges = edge_index(old, rename), edge_index(new)
    ignore = frozenset(ignore) | EDGE_DERIVED_ATTRS

    def edge(G, ident, attrs, **kw):
        u, rel, v = ident
        return EdgeChange(source=u, type=rel, target=v, source_name=_name(G, u), target_name=_name(G, v), **kw)

    added = [edge(new, i, a, evidence=list(a.get("evidence") or [])) for i, a in new_edges.items() if i not in old_edges]
    removed = [edge(old, i, a, evidence=list(a.get("evidence") or [])) for i, a in old_edges.items()
               if i not in new_edges]
    # removed edges are named by their old ends
    back = {v: k for k, v in rename.items()}
    for e in removed:
        e.source_name, e.target_name = _name(old, back.get(e.source, e.source)), _name(old, back.get(e.target, e.target))
    changed = []
    for ident, attrs in new_edges.items():
        if ident not in old_edges:
            continue
        before = old_edges[ident]
        ev_added, ev_removed = _evidence_delta(list(before.get("evidence") or []), list(attrs.get("evidence") or []))
        changes = _attr_changes(_meaning_attrs(before, rename), _meaning_attrs(attrs, {}), ignore)
        if ev_added or ev_removed or changes:
            shown = {}
            for k, (o, n) in changes.items():
                if k == "amount":  # as the text wrote it, when it did
                    o, n = before.get("amount_text") or o, attrs.get("amount_text") or n
                shown[k] = (o, n)
            changed.append(edge(new, ident, attrs, evidence_added=ev_added, evidence_removed=ev_removed,
                                changes=changes, shown=shown))
    return added, removed, changed


def _relpath(doc: dict) -> str:
    return str(doc.get("relpath") or PurePath(str(doc.get("path") or "")).name)


def diff_documents(old: nx.MultiDiGraph, new: nx.MultiDiGraph) -> tuple[list[dict], list[dict], list[dict]]:
    """Documents added, removed and changed: keyed by content hash (``id``), revisions by ``relpath``.

    A changed document is ``{"id", "old_id", "relpath", "old_relpath", "title", "what"}``: revised
    (same relative path, new content) or moved (same content, new relative path).
    """
    old_docs = {d.get("id"): d for d in old.graph.get("documents", []) or []}
    new_docs = {d.get("id"): d for d in new.graph.get("documents", []) or []}
    added_ids = sorted(set(new_docs) - set(old_docs), key=str)
    removed_ids = sorted(set(old_docs) - set(new_docs), key=str)
    changed = []
    old_by_path = {}
    for i in removed_ids:
        old_by_path.setdefault(_relpath(old_docs[i]), []).append(i)
    revised = {}
    for i in added_ids:
        same = old_by_path.get(_relpath(new_docs[i]), [])
        if len(same) == 1:
            revised[i] = same[0]
    for i in sorted(set(old_docs) & set(new_docs), key=str):
        if _relpath(old_docs[i]) != _relpath(new_docs[i]):
            changed.append({"id": i, "old_id": i, "relpath": _relpath(new_docs[i]),
                            "old_relpath": _relpath(old_docs[i]), "title": new_docs[i].get("title"),
                            "what": f"moved from {_relpath(old_docs[i])}"})
    for i, was in revised.items():
        changed.append({"id": i, "old_id": was, "relpath": _relpath(new_docs[i]), "old_relpath": _relpath(old_docs[was]),
                        "title": new_docs[i].get("title"), "what": f"revised (content {was} → {i})"})
    changed.sort(key=lambda d: (d["relpath"], str(d["id"])))
    added = [new_docs[i] for i in added_ids if i not in revised]
    removed = [old_docs[i] for i in removed_ids if i not in set(revised.values())]
    return added, removed, changed


def diff_graphs(old: nx.MultiDiGraph, new: nx.MultiDiGraph, *,
                ignore: frozenset[str] | set[str] = CENTRALITY_ATTRS) -> GraphDiff:
    """Entities, edges and documents added, removed or changed from ``old`` to ``new``, by meaning.

    ``ignore`` names attributes whose changes do not count (by default the centralities).
    """
    ignore = frozenset(ignore)
    rename = match_renamed(old, new)
    diff = GraphDiff()
    diff.entities_added, diff.entities_removed, diff.entities_changed = diff_entities(old, new, ignore, rename)
    diff.edges_added, diff.edges_removed, diff.edges_changed = diff_edges(old, new, ignore, rename)
    diff.documents_added, diff.documents_removed, diff.documents_changed = diff_documents(old, new)
    return diff
