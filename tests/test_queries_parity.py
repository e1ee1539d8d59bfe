"""Every named question gives the same rows from Neo4j and from the embedded networkx twin:
on generated graphs (one with stakes around the 50 % control threshold, rings of control and
cities with their governments), on the seeds and the sample built by ``whofunds build``, and
through the CLI; names that are not one entity give the same error either way."""
from __future__ import annotations

import json
import os
import random
import subprocess
import sys

import pytest

from whofunds.graph.io import read_graph, write_graph
from whofunds.graph.lookup import NameNotFound
from whofunds.queries import catalog, embedded, load, synthetic

pytestmark = pytest.mark.neo4j
WHOFUNDS = [sys.executable, "-m", "whofunds.cli"]


def parameter_sets(G, rng: random.Random, per_query: int) -> dict[str, list[dict]]:
    """Parameters for every question: entities by id and by name, cities, edges, and some misses."""
    nodes = sorted(G.nodes, key=str)
    pick = (lambda seq: rng.sample(seq, min(per_query, len(seq)))) if per_query else (lambda seq: list(seq))
    names = [G.nodes[n].get("name") or str(n) for n in nodes]
    entities = pick(nodes) + pick(names)[: max(3, (per_query or len(names)) // 4)] + ["no such entity"]
    cities = [n for n in nodes if G.nodes[n].get("type") in ("City", "Province", "District")]
    edges = sorted({(str(u), str(v)) for u, v in G.edges()})
    investors = sorted({str(u) for u, _, a in G.edges(data=True) if a.get("type") == "INVESTS_IN"})
    return {
        "who_funds": [{"entity": e} for e in entities] + [{"entity": e, "max_depth": 6} for e in entities[:10]]
                     + [{"entity": e, "relations": "FOUNDED,CONTROLS"} for e in entities[:10]],
        "portfolio": [{"entity": e} for e in entities] + [{"entity": e, "max_depth": 6} for e in entities[:10]]
                     + [{"entity": e, "relations": "INVESTS_IN"} for e in entities[:5]],
        "ultimate_controllers": [{"entity": e} for e in entities] + [{"entity": e, "max_depth": 2} for e in entities[:10]]
                                + [{"entity": e, "relations": "CONTROLS"} for e in entities[:5]],
        "co_investors": [{}, {"min_shared": 2}] + [{"entity": e} for e in pick(investors)],
        "chain_map": [{}] + [{"city": c} for c in pick(cities)] + [{"city": G.nodes[c]["name"]} for c in cities[:3]]
                     + [{"city": "Atlantis"}],
        "supply_chain": [{"entity": e, "max_depth": d} for e in entities for d in (1, 3)],
        "edge_evidence": [{"source": u, "target": v} for u, v in pick(edges)]
                         + [{"source": u, "target": v, "type": "SUPPLIES"} for u, v in pick(edges)[:10]],
    }


def _answer(run):
    """Rows, or the message of a name that is not one entity (the same lookup answers on both sides)."""
    try:
        return run(), None
    except NameNotFound as exc:
        return None, str(exc)


def assert_parity(driver, G, params_by_query: dict[str, list[dict]], require_answers: bool) -> dict[str, int]:
    answered = {}
    for name, param_list in params_by_query.items():
        answered[name] = 0
        for params in param_list:
            answer, error = _answer(lambda: catalog.run_named(driver, name, params))
            expected, expected_error = _answer(lambda: embedded.run_embedded(G, name, params))
            assert error == expected_error, f"{name} {params}: Neo4j and embedded resolve names differently"
            if error is not None:
                continue
            columns, rows = answer
            assert columns == embedded.COLUMNS[name]
            assert rows == expected, f"{name} {params}: Neo4j and embedded differ"
            answered[name] += bool(rows)
        if require_answers:
            assert answered[name] > 0, f"{name}: no parameter set gave any row; the comparison proves nothing"
    return answered


def test_generated_graph_every_question_same_rows(neo4j_db):
    G = synthetic.synthetic_graph(400, 1800, seed=42)
    load.load_graph(G, neo4j_db)
    assert_parity(neo4j_db, G, parameter_sets(G, random.Random(42), per_query=40), require_answers=True)


def control_graph(seed: int, n: int = 90) -> "nx.MultiDiGraph":
    """A generated ownership web: stakes around 50 % (49.9, 50, 50.1), CONTROLS edges, rings of control,
    FOUNDED by organisations and by people (with and without an amount), cities with their governments."""
    import networkx as nx

    rng = random.Random(seed)
    G = nx.MultiDiGraph(name="whofunds", documents=[], failures=[])
    kinds = ["Firm"] * 6 + ["Fund"] * 3 + ["GovernmentBody"] * 2 + ["Person", "City"]
    for i in range(n):
        t = kinds[i] if i < len(kinds) else rng.choice(kinds)
        G.add_node(f"{t.lower()}:{i}", name=f"{t} {i}", type=t, aliases=[])
    cities = [v for v in G if G.nodes[v]["type"] == "City"]
    for v in G:
        if G.nodes[v]["type"] == "GovernmentBody" and rng.random() < 0.8:
            G.nodes[v]["city"] = rng.choice(cities)
    investees = [v for v in G if G.nodes[v]["type"] in ("Firm", "Fund")]
    nodes = sorted(G)
    for _ in range(n * 2):
        u, v = rng.choice(nodes), rng.choice(investees)
        rel = rng.choice(["INVESTS_IN", "INVESTS_IN", "CONTROLS", "FOUNDED"])
        if u == v or G.has_edge(u, v, key=rel):
            continue
        stake = rng.choice([None, 10.0, 49.9, 50.0, 50.0, 50.1, 50.1, 75.0])
        amount = rng.choice([None, 1e9]) if rel == "FOUNDED" else None
        G.add_edge(u, v, key=rel, type=rel, stake=stake, amount=amount, currency=None,
                   evidence=[{"doc_id": "d", "sentence": f"{u} {rel} {v}", "start": 0, "end": 1}])
    return G


@pytest.mark.parametrize("seed", [1, 2])
def test_generated_ownership_web_every_money_question_same_rows(neo4j_db, seed):
    """The control model on stakes around its 50 % threshold: Python (trace's functions) and Cypher agree."""
    from whofunds.graph import control

    G = control_graph(seed)
    load.load_graph(G, neo4j_db)
    nodes = sorted(G)
    params = {"who_funds": [{"entity": v, "max_depth": 5} for v in nodes[::3]],
              "portfolio": [{"entity": v, "max_depth": 5} for v in nodes[::4]],
              "ultimate_controllers": [{"entity": v} for v in nodes] + [{"entity": v, "max_depth": 3} for v in nodes]}
    assert_parity(neo4j_db, G, params, require_answers=True)
    # the stakes sit on both sides of the threshold, and control rings and city governments occur
    assert any(control.is_control(G, u, v, a) for u, v, a in G.edges(data=True) if a.get("stake") == 50.1)
    assert not any(control.is_control(G, u, v, a) for u, v, a in G.edges(data=True)
                   if a.get("stake") == 50.0 and a["type"] != "CONTROLS")
    assert any(control.place_of(G, v) for v in G)


def test_graph_json_round_trip_keeps_parity(neo4j_db, tmp_path):
    """What the CLI loads is graph.json, read back: parity must survive the file."""
    path = tmp_path / "graph.json"
    write_graph(synthetic.synthetic_graph(150, 600, seed=3), path)
    G = read_graph(path)
    load.load_file(path, neo4j_db)
    assert_parity(neo4j_db, G, parameter_sets(G, random.Random(3), per_query=15), require_answers=False)


def test_seeds_graph_every_question_same_rows(neo4j_db, seeds_graph_json):
    G = read_graph(seeds_graph_json)
    load.load_file(seeds_graph_json, neo4j_db)
    assert load.database_counts(neo4j_db) == {"nodes": G.number_of_nodes(), "relationships": G.number_of_edges()}
    answered = assert_parity(neo4j_db, G, parameter_sets(G, random.Random(0), per_query=0), require_answers=False)
    assert answered["edge_evidence"] == len({(u, v) for u, v in G.edges()})  # every edge has evidence


def test_sample_graph_every_question_same_rows(neo4j_db, sample_graph_json):
    G = read_graph(sample_graph_json)
    load.load_file(sample_graph_json, neo4j_db)
    answered = assert_parity(neo4j_db, G, parameter_sets(G, random.Random(0), per_query=0), require_answers=True)
    assert answered["ultimate_controllers"] >= 3 and answered["chain_map"] >= 5


def test_seeds_load_twice_and_killed_load_match_clean_counts(neo4j_server, neo4j_db, seeds_graph_json):
    G = read_graph(seeds_graph_json)
    first = load.load_file(seeds_graph_json, neo4j_db)
    counts = load.database_counts(neo4j_db)
    again = load.load_file(seeds_graph_json, neo4j_db)
    assert load.database_counts(neo4j_db) == counts == {"nodes": G.number_of_nodes(), "relationships": G.number_of_edges()}
    assert first.nodes_created == G.number_of_nodes() and again.nodes_created == again.relationships_created == 0
    assert again.nodes_updated == again.relationships_updated == 0
    # A "killed" load of the seeds: only the nodes and the first relationship batch committed.
    with neo4j_db.session() as s:
        s.run("MATCH ()-[r]->() WITH r SKIP 1 DELETE r").consume()
    load.load_file(seeds_graph_json, neo4j_db)
    assert load.database_counts(neo4j_db) == counts


def test_cli_load_query_and_cypher(neo4j_server, neo4j_db, tmp_path):
    G = synthetic.synthetic_graph(120, 500, seed=9)
    path = tmp_path / "graph.json"
    write_graph(G, path)
    env = neo4j_server.env()
    loaded = subprocess.run([*WHOFUNDS, "neo4j", "load", str(path)], capture_output=True, text=True, env=env)
    assert loaded.returncode == 0, loaded.stderr
    assert "created" in loaded.stdout and str(G.number_of_edges()) in loaded.stdout
    assert neo4j_server.password not in loaded.stdout + loaded.stderr

    G = read_graph(path)
    entity = max(sorted(G.nodes), key=lambda n: sum(a["type"] in ("INVESTS_IN", "CONTROLS")
                                                    for _, _, a in G.in_edges(n, data=True)))
    params = ["--param", f"entity={G.nodes[entity]['name']}", "--param", "max_depth=3"]
    online = subprocess.run([*WHOFUNDS, "query", "who_funds", *params, "--json"], capture_output=True, text=True, env=env)
    offline = subprocess.run([*WHOFUNDS, "query", "who_funds", *params, "--json", "--graph", str(path)],
                             capture_output=True, text=True, env={k: v for k, v in env.items() if not k.startswith("NEO4J")})
    assert online.returncode == 0 and offline.returncode == 0, online.stderr + offline.stderr
    rows = json.loads(online.stdout)
    assert rows and rows == json.loads(offline.stdout) == embedded.who_funds(G, G.nodes[entity]["name"], 3)

    csv_out = subprocess.run([*WHOFUNDS, "cypher", "MATCH (n:Entity) WHERE n.name = $name RETURN n.id AS id",
                              "--param", f"name={G.nodes[entity]['name']}", "--csv"], capture_output=True, text=True, env=env)
    assert csv_out.returncode == 0 and csv_out.stdout.splitlines() == ["id", entity]

    table = subprocess.run([*WHOFUNDS, "cypher", "MATCH (n:Entity) RETURN count(n) AS nodes"],
                           capture_output=True, text=True, env=dict(env, COLUMNS="120"))
    assert table.returncode == 0 and str(G.number_of_nodes()) in table.stdout

    write = subprocess.run([*WHOFUNDS, "cypher", "MATCH (n:Entity) DETACH DELETE n"], capture_output=True, text=True,
                           env=env)
    # Refused from its plan (EXPLAIN) before it runs; the READ transaction would refuse it too.
    assert write.returncode == 1 and "only reads are allowed" in (write.stderr + write.stdout).replace("\n", " ")
    assert load.database_counts(neo4j_db)["nodes"] == G.number_of_nodes()

    listing = subprocess.run([*WHOFUNDS, "query", "--list"], capture_output=True, text=True, env=dict(env, COLUMNS="200"))
    assert listing.returncode == 0 and all(name in listing.stdout for name in embedded.QUERIES)
    missing = subprocess.run([*WHOFUNDS, "query", "who_funds"], capture_output=True, text=True, env=env)
    assert missing.returncode == 1 and "missing parameter entity" in missing.stderr
    # a name that is not one entity: the closest names, exit 4, on Neo4j and embedded alike
    for extra in ([], ["--graph", str(path)]):
        unknown = subprocess.run([*WHOFUNDS, "query", "who_funds", "--param", "entity=Atlantis Holdings", *extra],
                                 capture_output=True, text=True, env=dict(env, COLUMNS="300"))
        assert unknown.returncode == 4 and "no node matches 'Atlantis Holdings'. Closest names:" in unknown.stderr
