"""A graph as of a period: only the evidence dated within it (``trace``, ``rank`` and ``map`` take
``--since YEAR`` and ``--until YEAR``).

A piece of evidence is dated by the year it states (``year``: "invested 5bn yuan in 2020"), else the date a
table gives (``date``), else its document's publication date (``graph.documents[].date``: metadata, a
dateline or a sidecar). Evidence with no date at all is left out of a period, and counted.
An edge keeps the evidence within the period, its attributes lifted again from that evidence (an amount
stated only in 2019 is gone from a graph since 2021); an edge with none left is dropped. Nodes stay.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(documents=[{"id": "d1", "date": "2023-05"}])
>>> for n in ("a", "b", "c"): G.add_node(n, name=n, type="Firm")
>>> ev = lambda year, stake: {"doc_id": "d1", "start": year, "sentence": "", "confidence": 1.0, "status": "stated",
...                          "year": year, "stake": stake, "amount": None, "currency": None, "amount_text": None}
>>> _ = G.add_edge("a", "b", key="INVESTS_IN", type="INVESTS_IN", evidence=[ev(2018, 10.0), ev(2021, 20.0)])
>>> _ = G.add_edge("c", "b", key="INVESTS_IN", type="INVESTS_IN", evidence=[ev(None, None)])  # the document's 2023
>>> H = within(G, since=2020)
>>> H.edges["a", "b", "INVESTS_IN"]["stake"], H.has_edge("c", "b"), within(G, until=2019).has_edge("c", "b")
(20.0, True, False)
"""
from __future__ import annotations

import networkx as nx


def evidence_year(ev: dict, documents: dict | None = None) -> int | None:
    """The year a piece of evidence is dated by (see the module docstring), or None.

    >>> evidence_year({"year": None, "date": "2019-06-01"}), evidence_year({"doc_id": "d"}, {"d": {"date": "2022-03"}})
    (2019, 2022)
    """
    if ev.get("year"):
        return int(ev["year"])
    for value in (ev.get("date"), ((documents or {}).get(ev.get("doc_id")) or {}).get("date")):
        text = str(value or "")
        if text[:4].isdigit():
            return int(text[:4])
    return None


def within(G: nx.MultiDiGraph, since: int | None = None, until: int | None = None) -> nx.MultiDiGraph:
    """A copy of ``G`` with only the evidence dated from ``since`` to ``until`` (years, both included).

    ``graph["period"]`` records the period and how many pieces of evidence were left out for having no date.
    With neither bound, ``G`` itself is returned.
    """
    if since is None and until is None:
        return G
    if since is not None and until is not None and since > until:
        raise ValueError(f"--since {since} is after --until {until}")
    from whofunds.graph.build import _lift

    documents = {d.get("id"): d for d in G.graph.get("documents") or [] if isinstance(d, dict)}
    H = nx.MultiDiGraph()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    undated = 0
    for u, v, key, attrs in G.edges(keys=True, data=True):
        kept = []
        for ev in attrs.get("evidence") or []:
            year = evidence_year(ev, documents)
            if year is None:
                undated += 1
            elif (since is None or year >= since) and (until is None or year <= until):
                kept.append(ev)
        if not kept:
            continue
        data = {k: v for k, v in attrs.items() if k != "evidence"}
        data["evidence"] = kept
        _lift(data)
        H.add_edge(u, v, key=key, **data)
    H.graph["period"] = {"since": since, "until": until, "undated_evidence": undated,
                         "edges_left_out": G.number_of_edges() - H.number_of_edges()}
    return H


def describe(H: nx.MultiDiGraph) -> str | None:
    """A note saying what a period left out, for the commands to print (None: no period)."""
    period = H.graph.get("period")
    if not period:
        return None
    span = " to ".join(str(y) for y in (period["since"], period["until"]) if y is not None)
    if period["since"] is not None and period["until"] is None:
        span = f"since {period['since']}"
    elif period["since"] is None:
        span = f"until {period['until']}"
    return (f"evidence dated {span} only: {period['edges_left_out']} relation(s) left out"
            + (f"; {period['undated_evidence']} piece(s) of evidence have no date (no year stated, no "
               "publication date) and count for no period" if period["undated_evidence"] else ""))
