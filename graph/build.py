"""Building the knowledge graph from documents' extractions.

One edge per (source, target, relation type); each claim that states it adds one piece of
evidence. Edge attributes (confidence, status, amounts) are lifted from the evidence.

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

from whofunds.graph.records import Extraction
from whofunds.graph.resolve import AliasFile, Resolver

LIFTED = ("amount", "currency", "amount_text", "year", "stake")


def build_graph(extractions: Iterable[Extraction], *, aliases: AliasFile | None = None,
                failures: Iterable[dict] = ()) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` of resolved entities with evidence on every edge."""
    extractions = sorted(extractions, key=lambda e: (e.document.path, e.document.id))
    resolver = Resolver(aliases)
    for ex in extractions:
        for ent in ex.entities:
            resolver.add(ex.document.id, ent)
    nodes, ids = resolver.resolve()

    G = nx.MultiDiGraph()
    G.graph.update({
        "name": "whofunds",
        "documents": [{"id": ex.document.id, "path": ex.document.path, "title": ex.document.title,
                       "encoding": ex.document.encoding} for ex in extractions],
        "extractor_version": max((ex.extractor_version for ex in extractions), default=""),
        "failures": [dict(f) for f in failures],
    })
    for node_id in sorted(nodes):
        G.add_node(node_id, **nodes[node_id])

    for ex in extractions:
        for claim in ex.claims:
            u = ids.get((ex.document.id, claim.source))
            v = ids.get((ex.document.id, claim.target))
            if u is None or v is None or u == v:
                continue
            ev = claim.evidence.to_dict()
            ev.update(rule=claim.rule, confidence=claim.confidence, status=claim.status,
                      **{k: getattr(claim, k) for k in LIFTED})
            if G.has_edge(u, v, key=claim.type):
                data = G.edges[u, v, claim.type]
                if any(e["doc_id"] == ev["doc_id"] and e["start"] == ev["start"] for e in data["evidence"]):
                    continue
                data["evidence"].append(ev)
            else:
                G.add_edge(u, v, key=claim.type, type=claim.type, evidence=[ev])
    for u, v, k, data in G.edges(keys=True, data=True):
        _lift(data)
    # Nodes only some other document's dropped claims pointed at stay: they were named in a text.
    return G


def _lift(data: dict) -> None:
    evidence = sorted(data["evidence"], key=lambda e: (e["doc_id"], e["start"]))
    data["evidence"] = evidence
    data["confidence"] = max(e["confidence"] for e in evidence)
    data["status"] = "stated" if any(e["status"] == "stated" for e in evidence) else "announced"
    data["doc_ids"] = sorted({e["doc_id"] for e in evidence})
    stated = [e for e in evidence if e["status"] == "stated"] or evidence
    for key in LIFTED:
        data[key] = next((e[key] for e in stated if e.get(key) is not None), None)
    if data["amount"] is not None:
        # amount and currency belong together: take both from the same piece of evidence
        src = next(e for e in stated if e.get("amount") is not None)
        data["currency"], data["amount_text"] = src.get("currency"), src.get("amount_text")
