"""A realistic synthetic whofunds graph, written in the graph.json contract, for benchmarks.

Shape (what the real graphs look like, scaled up):

* a few city governments at the top, each controlling a state guidance fund (the "state funds");
* venture and industry funds, and some firms, invest in firms; how many investments an investor
  makes and how many investors a firm attracts both follow power laws (Zipf weights), with the
  state funds the heaviest investors;
* firms sit in industrial chains: each industry has tiers of suppliers, each firm supplying one to
  three firms of the tier above, preferring the big ones, with chain-leader firms at the top;
* firms, funds and institutions are located in cities (big cities attract most, Zipf again),
  cities in provinces; cities and state funds target industries; officials work for governments
  and are chain bosses of industries; parent firms control subsidiaries.

Every edge carries one evidence record, as the build would write it. The output is deterministic
for a given ``--edges`` and ``--seed``.

    python benchmarks/generate_graph.py --edges 10000 --out benchmarks/results/graph_10k.json

>>> data = generate(2000, seed=1)
>>> len(data["links"]) == 2000 and {"source", "target", "key", "type", "evidence"} <= set(data["links"][0])
True
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

INDUSTRIES = [
    "new energy vehicles", "semiconductors", "display panels", "batteries", "artificial intelligence",
    "biomedicine", "photovoltaics", "robotics", "quantum information", "aerospace", "new materials",
    "integrated circuits", "smart appliances", "internet of things", "construction machinery",
    "rail transit", "hydrogen energy", "software", "medical devices", "advanced manufacturing",
]
TIERS = 5


def zipf_weights(n: int, exponent: float, rng: np.random.Generator) -> np.ndarray:
    """Probabilities proportional to rank^-exponent, ranks shuffled so ids do not give the order away."""
    w = 1.0 / np.arange(1, n + 1) ** exponent
    rng.shuffle(w)
    return w / w.sum()


class _Builder:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.nodes: list[dict] = []
        self.edges: dict[tuple[str, str, str], dict] = {}

    def add_nodes(self, kind: str, names: list[str]) -> list[str]:
        ids = []
        for name in names:
            node_id = f"{kind.lower()}:{name.lower().replace(' ', '-')}"
            self.nodes.append({"id": node_id, "name": name, "type": kind, "aliases": [],
                               "doc_ids": [], "mentions": 1})
            ids.append(node_id)
        return ids

    def add_edges(self, sources, targets, rel: str, stakes=None) -> None:
        for i, (u, v) in enumerate(zip(sources, targets)):
            if u == v or (u, v, rel) in self.edges:
                continue
            stake = None if stakes is None else stakes[i]
            self.edges[(u, v, rel)] = {"stake": None if stake is None or np.isnan(stake) else float(stake)}


def generate(n_edges: int, seed: int = 42) -> dict:
    """Node-link data (graph.json contract) with exactly ``n_edges`` links."""
    b = _Builder(seed)
    rng = b.rng
    n_firms = max(50, n_edges // 5)
    n_cities = max(8, n_firms // 250)
    n_provinces = max(3, n_cities // 12)
    n_state_funds = max(3, n_cities // 2)
    n_funds = max(10, n_firms // 25)
    n_people = max(10, n_firms // 12)
    n_institutions = max(5, n_firms // 60)

    provinces = b.add_nodes("Province", [f"Province {i}" for i in range(n_provinces)])
    cities = b.add_nodes("City", [f"City {i}" for i in range(n_cities)])
    govs = b.add_nodes("GovernmentBody", [f"City {i} Municipal Government" for i in range(n_cities)])
    industries = b.add_nodes("Industry", INDUSTRIES)
    state_funds = b.add_nodes("Fund", [f"City {i % n_cities} Guidance Fund {i}" for i in range(n_state_funds)])
    funds = b.add_nodes("Fund", [f"Venture Fund {i}" for i in range(n_funds)])
    firms = b.add_nodes("Firm", [f"Firm {i}" for i in range(n_firms)])
    people = b.add_nodes("Person", [f"Person {i}" for i in range(n_people)])
    institutions = b.add_nodes("Institution", [f"Institute {i}" for i in range(n_institutions)])
    firms_arr = np.array(firms)

    city_w = zipf_weights(n_cities, 1.1, rng)
    b.add_edges(cities, rng.choice(provinces, n_cities), "LOCATED_IN")
    b.add_edges(govs, cities, "LOCATED_IN")
    # the top: each state fund controlled by its city's government
    b.add_edges([govs[i % n_cities] for i in range(n_state_funds)], state_funds, "CONTROLS",
                np.full(n_state_funds, 100.0))
    b.add_edges(rng.choice(govs, n_cities * 3), rng.choice(industries, n_cities * 3), "TARGETS_INDUSTRY")
    b.add_edges(state_funds, rng.choice(industries, n_state_funds), "TARGETS_INDUSTRY")
    # state funds seed some venture funds (fund-of-funds)
    k = n_funds // 3
    b.add_edges(rng.choice(state_funds, k), rng.choice(funds, k, replace=False), "INVESTS_IN",
                rng.choice([np.nan, 10, 20, 30, 49], k))
    located = firms + funds + state_funds + institutions
    b.add_edges(located, rng.choice(cities, len(located), p=city_w), "LOCATED_IN")

    # industrial chains: firm -> industry and tier; suppliers of tier t sell to tier t-1
    industry_of = rng.choice(len(industries), n_firms, p=zipf_weights(len(industries), 0.8, rng))
    tier_of = rng.choice(TIERS, n_firms, p=np.array([1, 2, 4, 8, 16]) / 31)
    for ind in range(len(industries)):
        top = firms_arr[(industry_of == ind) & (tier_of == 0)]
        b.add_edges(top[:3], [industries[ind]] * len(top[:3]), "CHAIN_LEADER_OF")
        for t in range(1, TIERS):
            buyers = firms_arr[(industry_of == ind) & (tier_of == t - 1)]
            sellers = firms_arr[(industry_of == ind) & (tier_of == t)]
            if len(buyers) == 0 or len(sellers) == 0:
                continue
            w = zipf_weights(len(buyers), 1.0, rng)
            per = rng.integers(1, 4, len(sellers))
            src = np.repeat(sellers, per)
            b.add_edges(src, rng.choice(buyers, len(src), p=w), "SUPPLIES")

    # parents control subsidiaries; officials and founders
    n_subs = n_firms // 20
    parent_w = zipf_weights(n_firms, 1.2, rng)
    b.add_edges(rng.choice(firms, n_subs, p=parent_w), rng.choice(firms, n_subs, replace=False), "CONTROLS",
                rng.choice([np.nan, 51, 60, 75, 100], n_subs))
    b.add_edges(people, rng.choice(govs + firms[: max(1, n_firms // 10)], n_people), "WORKS_FOR")
    n_bosses = min(n_people, len(industries) * n_cities // 4 + 1)
    b.add_edges(people[:n_bosses], rng.choice(industries, n_bosses), "CHAIN_BOSS_OF")
    n_founders = n_people // 3
    b.add_edges(people[-n_founders:], rng.choice(firms, n_founders), "FOUNDED")
    b.add_edges(rng.choice(firms, n_institutions), institutions, "FOUNDED")

    # investments fill up to n_edges: power-law investors (state funds heaviest) into power-law targets
    investors = state_funds + funds + firms[: n_firms // 10]
    inv_w = zipf_weights(len(investors), 1.0, rng)
    inv_w[: len(state_funds)] = inv_w.max() * 2  # the state funds invest most
    inv_w /= inv_w.sum()
    target_w = zipf_weights(n_firms, 0.9, rng)
    while len(b.edges) < n_edges:
        need = n_edges - len(b.edges)
        batch = int(need * 1.2) + 10
        src = rng.choice(investors, batch, p=inv_w)
        dst = rng.choice(firms, batch, p=target_w)
        stakes = np.where(rng.random(batch) < 0.4, np.round(rng.uniform(1, 60, batch), 1), np.nan)
        for i in range(batch):
            if len(b.edges) >= n_edges:
                break
            b.add_edges([src[i]], [dst[i]], "INVESTS_IN", [stakes[i]])
    return _to_node_link(b, n_edges, rng)


def _to_node_link(b: _Builder, n_edges: int, rng: np.random.Generator) -> dict:
    names = {n["id"]: n["name"] for n in b.nodes}
    n_docs = max(1, n_edges // 20)
    documents = [{"id": f"synthetic-{i:06d}", "path": f"synthetic/{i:06d}.txt", "title": f"Synthetic {i}"}
                 for i in range(n_docs)]
    doc_ids = rng.integers(0, n_docs, len(b.edges))
    years = rng.integers(2012, 2025, len(b.edges))
    links = []
    for i, ((u, v, rel), info) in enumerate(sorted(b.edges.items())):
        doc = documents[doc_ids[i]]
        sentence = f"{names[u]} {rel.lower().replace('_', ' ')} {names[v]}."
        amount = float(rng.integers(1, 500)) * 1e7 if rel == "INVESTS_IN" and i % 3 == 0 else None
        ev = {"doc_id": doc["id"], "path": doc["path"], "sentence": sentence, "start": 0, "end": len(sentence),
              "rule": "synthetic", "confidence": 0.8, "status": "stated", "amount": amount,
              "currency": "CNY" if amount else None, "amount_text": f"RMB {amount:,.0f}" if amount else None,
              "year": int(years[i]), "stake": info["stake"]}
        links.append({"source": u, "target": v, "key": rel, "type": rel, "evidence": [ev],
                      "confidence": 0.8, "status": "stated", "amount": amount, "currency": ev["currency"],
                      "amount_text": ev["amount_text"], "year": ev["year"], "stake": info["stake"],
                      "doc_ids": [doc["id"]]})
    docs_of: dict[str, set] = {}
    for link in links:
        for end in (link["source"], link["target"]):
            docs_of.setdefault(end, set()).add(link["doc_ids"][0])
    for node in b.nodes:
        node["doc_ids"] = sorted(docs_of.get(node["id"], ()))
        node["mentions"] = len(node["doc_ids"])
    return {"directed": True, "multigraph": True,
            "graph": {"name": "whofunds", "documents": documents, "extractor_version": "synthetic",
                      "failures": []},
            "nodes": sorted(b.nodes, key=lambda n: n["id"]), "links": links}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edges", type=int, required=True, help="number of edges (links)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", type=Path, required=True, help="graph.json to write")
    args = parser.parse_args(argv)
    data = generate(args.edges, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
    print(f"{args.out}: {len(data['nodes'])} nodes, {len(data['links'])} edges", file=sys.stderr)


if __name__ == "__main__":
    main()
