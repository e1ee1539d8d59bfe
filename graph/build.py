"""Building the knowledge graph from documents' extractions.

One edge per (source, target, relation type); each claim that states it adds one piece of
evidence. Edge attributes (confidence, status, amounts) are lifted from the evidence. Attributes
the schema declares with ``refers_to: Place`` (a government body's ``city``, a chain edge's
``city``) name the place node's id when that place is in the graph, else keep the name as written.

>>> from whofunds.graph.records import Claim, Document, Entity, Evidence, Extraction
>>> doc = Document(id="d1", path="a.txt", title="a", text="Hefei invested in NIO.")
>>> ex = Extraction(doc, [Entity("City:hefei", "Hefei", "City"), Entity("Firm:nio", "NIO", "Firm")],
...                 [Claim("City:hefei", "Firm:nio", "INVESTS_IN", Evidence("d1", doc.text, 0, 22))])
>>> G = build_graph([ex])
>>> list(G.edges(keys=True))
[('city:hefei', 'firm:nio', 'INVESTS_IN')]
"""
from __future__ import annotations

from typing import Iterable

import networkx as nx

from whofunds.graph.control import implied_stake
from whofunds.graph.records import Extraction, presumed
from whofunds.graph.resolve import AliasFile, Resolver, norm
from whofunds.graph.schema import SCHEMA

LIFTED = ("amount", "currency", "amount_text", "year", "stake")
OPTIONAL = ("date", "role")  # evidence fields only some sources state; lifted onto the edge where any does


# relations that only two different things can have: an entity never owns, funds, founds or supplies itself
APART_RELATIONS = {"CONTROLS", "INVESTS_IN", "FOUNDED", "SUPPLIES"}


def build_graph(extractions: Iterable[Extraction], *, aliases: AliasFile | None = None,
                failures: Iterable[dict] = ()) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of resolved entities with evidence on every edge."""
    extractions = sorted(extractions, key=lambda e: (e.document.path, e.document.id))
    resolver = Resolver(aliases)
    for ex in extractions:
        for ent in ex.entities:
            resolver.add(ex.document.id, ent)
        by_key = {e.key: e for e in ex.entities}
        for claim in ex.claims:
            if claim.type in APART_RELATIONS and claim.source in by_key and claim.target in by_key:
                resolver.apart(by_key[claim.source], by_key[claim.target])
    nodes, ids = resolver.resolve()

    G = nx.MultiDiGraph()
    G.graph.update({
        "name": "whofunds",
        "documents": [ex.document.source() for ex in extractions],
        "extractor_version": max((ex.extractor_version for ex in extractions), default=""),
        "failures": [dict(f) for f in failures],
    })
    for node_id in sorted(nodes):
        G.add_node(node_id, **nodes[node_id])
    indexes: dict[str, PlaceIndex] = {}

    def resolved(attr, value):
        """A declared attribute's value: the node id of the place it names (``refers_to``), where one does."""
        if value is None or not attr.refers_to:
            return value
        if attr.refers_to not in indexes:
            indexes[attr.refers_to] = PlaceIndex(G, attr.refers_to)
        return indexes[attr.refers_to].resolve(value)

    for node_id, attrs in G.nodes(data=True):
        declared = SCHEMA.entities[attrs["type"]].attributes if attrs.get("type") in SCHEMA.entities else {}
        for name, attr in declared.items():
            if name in attrs:
                attrs[name] = resolved(attr, attrs[name])

    for ex in extractions:
        url = ex.document.url
        for claim in ex.claims:
            u = ids.get((ex.document.id, claim.source))
            v = ids.get((ex.document.id, claim.target))
            if u is None or v is None or u == v:
                continue
            ev = claim.evidence.to_dict()
            ev.update(rule=claim.rule, confidence=claim.confidence, status=claim.status,
                      **{k: getattr(claim, k) for k in LIFTED})
            if ev["stake"] is None:
                ev["stake"] = implied_stake(claim.type, ev["sentence"])
            for key in OPTIONAL:  # stated by tables and entity files; prose evidence goes without
                if getattr(claim, key) is not None:
                    ev[key] = getattr(claim, key)
            if url:
                ev["url"] = url
            for name, attr in _edge_attributes(claim.type).items():
                ev[name] = resolved(attr, getattr(claim, name, None))
            if G.has_edge(u, v, key=claim.type):
                data = G.edges[u, v, claim.type]
                if any(e["doc_id"] == ev["doc_id"] and e["start"] == ev["start"] for e in data["evidence"]):
                    continue
                data["evidence"].append(ev)
            else:
                G.add_edge(u, v, key=claim.type, type=claim.type, evidence=[ev])
    _yield_presumed_edges(G)
    for u, v, k, data in G.edges(keys=True, data=True):
        _lift(data)
    # Nodes only some other document's dropped claims pointed at stay: they were named in a text.
    return G


def _yield_presumed_edges(G: nx.MultiDiGraph) -> None:
    """Drops edges only presumed from a description ("the city's state platform": the city controls it) where
    another document states the same relation of the same target from another source (its SASAC, a group)."""
    drop = []
    for u, v, k, data in G.edges(keys=True, data=True):
        if all(presumed(e.get("rule") or "") for e in data["evidence"]) and any(
                w != u and any(not presumed(e.get("rule") or "") for e in d["evidence"])
                for w, _, d in G.in_edges(v, data=True) if d.get("type") == data.get("type")):
            drop.append((u, v, k))
    G.remove_edges_from(drop)


def _edge_attributes(relation: str) -> dict:
    spec = SCHEMA.relations.get(relation)
    return spec.attributes if spec is not None else {}


class PlaceIndex:
    """Names (and aliases) of a graph's nodes of a schema group, to turn a name as written into a node id.

    A name that several such nodes share goes to the first in the group's order (for ``Place``, a city
    before a province of the same name). A name no such node carries stays as it is.

    >>> G = nx.MultiDiGraph(); G.add_node("city:jilin", name="Jilin", type="City", aliases=[])
    >>> G.add_node("province:jilin", name="Jilin", type="Province", aliases=["Jilin province"])
    >>> index = PlaceIndex(G)
    >>> index.resolve("Jilin"), index.resolve("Jilin Province"), index.resolve("Atlantis")
    ('city:jilin', 'province:jilin', 'Atlantis')
    """

    def __init__(self, G: nx.MultiDiGraph, group: str = "Place"):
        order = SCHEMA.types(group)
        self.ids = {n for n, a in G.nodes(data=True) if a.get("type") in order}
        ranked = sorted(self.ids, key=lambda n: (order.index(G.nodes[n]["type"]), str(n)))
        self.by_name: dict[str, str] = {}
        for node in ranked:
            attrs = G.nodes[node]
            for name in [attrs.get("name"), *(attrs.get("aliases") or [])]:
                if name:
                    self.by_name.setdefault(norm(name), node)

    def resolve(self, value):
        if not isinstance(value, str) or value in self.ids:
            return value
        return self.by_name.get(norm(value), value)


def _lift(data: dict) -> None:
    evidence = sorted(data["evidence"], key=lambda e: (e["doc_id"], e["start"]))
    data["evidence"] = evidence
    data["confidence"] = max(e["confidence"] for e in evidence)
    data["status"] = "stated" if any(e["status"] == "stated" for e in evidence) else "announced"
    data["doc_ids"] = sorted({e["doc_id"] for e in evidence})
    stated = [e for e in evidence if e["status"] == "stated"] or evidence
    for key in LIFTED:
        data[key] = next((e[key] for e in stated if e.get(key) is not None), None)
    for key in OPTIONAL:
        value = next((e[key] for e in stated if e.get(key) is not None), None)
        if value is not None:
            data[key] = value
    if data["amount"] is not None:
        # amount and currency belong together: take both from the same piece of evidence
        src = next(e for e in stated if e.get("amount") is not None)
        data["currency"], data["amount_text"] = src.get("currency"), src.get("amount_text")
    for key, attr in _edge_attributes(data["type"]).items():
        # the first stated value, and (``collect``) every value any evidence gives: a firm can lead
        # the same industry's chain in two cities
        data[key] = next((e[key] for e in stated if e.get(key) is not None), None)
        if attr.collect:
            data[attr.collect] = sorted({str(e[key]) for e in evidence if e.get(key) is not None})
