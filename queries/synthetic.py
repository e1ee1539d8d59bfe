"""Generated graphs that follow the ``graph.json`` contract, for tests and benchmarks.

Deterministic for a seed; every edge type joins the entity types the schema allows; names can carry
characters that break naive Cypher (quotes, backticks, braces, ``//``, keywords). Stakes cluster
around the control model's 50 % threshold (49.9, 50, 50.1, 51); most government bodies act for a
city (their ``city`` names its id, a few only its name); chain edges name the city whose chain it is.

>>> G = synthetic_graph(60, 150, seed=1)
>>> G.number_of_nodes(), G.number_of_edges() <= 150
(60, True)
"""
from __future__ import annotations

import random
import re

import networkx as nx

from whofunds.graph.schema import SCHEMA

HOSTILE_NAMES = (
    'O\'Brien "Quoted" Capital',
    "Back`tick` Holdings",
    "Brace } Fund {",
    "Slash // Comment Group",
    "MATCH (n) DETACH DELETE n",
    "RETURN null; DROP",
    "CALL { WITH 1 } Tech",
    "Backslash \\ Firm \\' x",
    "Emoji 🚀 Semis",
    "合肥建投",
)

# Rough share of each entity type, like a city-policy corpus: many firms, some funds and officials.
TYPE_WEIGHTS = {"Firm": 40, "Fund": 12, "Person": 14, "GovernmentBody": 8, "City": 6, "District": 4,
                "Province": 2, "Country": 1, "Institution": 6, "Industry": 7}
RELATION_WEIGHTS = {"INVESTS_IN": 25, "CONTROLS": 10, "SUPPLIES": 20, "LOCATED_IN": 15, "WORKS_FOR": 10,
                    "FOUNDED": 5, "CHAIN_BOSS_OF": 4, "CHAIN_LEADER_OF": 4, "TARGETS_INDUSTRY": 7}


def slug(text: str) -> str:
    """Lower-case ASCII-ish slug used in ids (kept simple: ids are test data here)."""
    s = re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "-", text.lower()).strip("-")
    return s or "x"


def synthetic_graph(n_nodes: int, n_edges: int, seed: int = 0, hostile: bool = True,
                    evidence_per_edge: tuple[int, int] = (1, 3)) -> nx.MultiDiGraph:
    """A ``MultiDiGraph`` with ``n_nodes`` nodes and up to ``n_edges`` edges (one per source, target, type)."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph(name="whofunds", documents=[{"id": "doc1", "path": "synthetic/doc1.txt", "title": "t"}],
                        extractor_version="synthetic", failures=[])
    types = [t for t in TYPE_WEIGHTS if t in SCHEMA.entities]
    weights = [TYPE_WEIGHTS[t] for t in types]
    by_type: dict[str, list[str]] = {t: [] for t in types}
    cities: list[str] = []
    for i in range(n_nodes):
        etype = types[i] if i < len(types) else rng.choices(types, weights)[0]
        if hostile and i % 7 == 3:
            base = HOSTILE_NAMES[(i // 7) % len(HOSTILE_NAMES)]
            name = f"{base} {i}"
        else:
            name = f"{etype} {i}"
        node_id = f"{etype.lower()}:{slug(name)}"
        attrs = {"name": name, "type": etype, "aliases": [name.upper()] if i % 5 == 0 else [],
                 "doc_ids": ["doc1"], "mentions": 1 + i % 4,
                 "degree": 0.0, "in_degree": 0.0, "out_degree": 0.0, "pagerank": 0.0}
        if etype == "City":
            cities.append(node_id)
        G.add_node(node_id, **attrs)
        by_type[etype].append(node_id)
    for node_id, attrs in G.nodes(data=True):
        if attrs["type"] == "Person" and cities and rng.random() < 0.5:
            attrs["city"] = G.nodes[rng.choice(cities)]["name"]
    # drawn from their own generator, so the graphs above stay what they were for a seed
    aux = random.Random(f"{seed}-model")
    for node_id, attrs in G.nodes(data=True):
        if attrs["type"] == "GovernmentBody" and cities and aux.random() < 0.7:
            city = aux.choice(cities)
            attrs["city"] = city if aux.random() < 0.85 else G.nodes[city]["name"]
    rel_types = [r for r in RELATION_WEIGHTS if r in SCHEMA.relations]
    rel_weights = [RELATION_WEIGHTS[r] for r in rel_types]
    attempts = edges = 0
    while edges < n_edges and attempts < n_edges * 20:  # G.number_of_edges() is O(nodes): count here
        attempts += 1
        rtype = rng.choices(rel_types, rel_weights)[0]
        spec = SCHEMA.relation(rtype)
        sources = [t for t in spec.source if by_type.get(t)]
        targets = [t for t in spec.target if by_type.get(t)]
        if not sources or not targets:
            continue
        u = rng.choice(by_type[rng.choice(sources)])
        v = rng.choice(by_type[rng.choice(targets)])
        if u == v or G.has_edge(u, v, key=rtype):
            continue
        G.add_edge(u, v, key=rtype, **_edge_attrs(rng, rtype, G.nodes[u]["name"], G.nodes[v]["name"],
                                                  evidence_per_edge))
        _model_attrs(aux, G.edges[u, v, rtype], cities)
        edges += 1
    return G


STAKES = (None, 10.0, 25.0, 49.9, 50.0, 50.1, 51.0, 80.0, 100.0)


def _model_attrs(aux: random.Random, attrs: dict, cities: list[str]) -> None:
    """Stakes around the control threshold on money edges; the chain's city on chain edges."""
    spec = SCHEMA.relation(attrs["type"])
    if spec.money and attrs["type"] != "INVESTS_IN" and aux.random() < 0.4:
        attrs["stake"] = aux.choice(STAKES)
        for ev in attrs["evidence"]:
            ev["stake"] = attrs["stake"]
    elif attrs["type"] == "INVESTS_IN" and aux.random() < 0.5:
        attrs["stake"] = aux.choice(STAKES)
        for ev in attrs["evidence"]:
            ev["stake"] = attrs["stake"]
    for name, attr in spec.attributes.items():
        if attr.refers_to and cities and aux.random() < 0.8:
            for ev in attrs["evidence"]:
                ev[name] = aux.choice(cities) if aux.random() < 0.9 else "Atlantis"
            attrs[name] = attrs["evidence"][0][name]
            if attr.collect:
                attrs[attr.collect] = sorted({ev[name] for ev in attrs["evidence"]})


def _edge_attrs(rng: random.Random, rtype: str, source: str, target: str, per_edge: tuple[int, int]) -> dict:
    evidence = []
    for k in range(rng.randint(*per_edge)):
        sentence = f"{source} {rtype.lower().replace('_', ' ')} {target} (note {k}: \"quoted\" `tick` }} //)."
        amount = round(rng.uniform(1, 500), 1) * 1e6 if SCHEMA.relation(rtype).money and rng.random() < 0.6 else None
        evidence.append({
            "doc_id": "doc1", "path": "synthetic/doc1.txt", "sentence": sentence,
            "start": 100 * k, "end": 100 * k + len(sentence), "rule": f"synthetic_{rtype.lower()}",
            "confidence": round(rng.uniform(0.5, 0.99), 2), "status": "stated" if rng.random() < 0.8 else "announced",
            "amount": amount, "currency": "CNY" if amount is not None else None,
            "amount_text": f"{amount:.0f} yuan" if amount is not None else None,
            "year": rng.choice([None, 2019, 2020, 2021, 2022]),
            "stake": (rng.choice([None, 10.0, 35.5, 51.0, 80.0, 100.0]) if rtype == "INVESTS_IN" else None),
        })
    stated = [e for e in evidence if e["status"] == "stated"]
    first = (stated or evidence)[0]
    return {
        "type": rtype, "evidence": evidence, "confidence": max(e["confidence"] for e in evidence),
        "status": "stated" if stated else "announced", "amount": first["amount"], "currency": first["currency"],
        "amount_text": first["amount_text"], "year": first["year"], "stake": first["stake"], "doc_ids": ["doc1"],
    }
