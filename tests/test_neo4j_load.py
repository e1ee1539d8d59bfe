"""Loading into a real Neo4j: idempotence, updates in place, pruning, crash recovery, hostile names."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import networkx as nx
import pytest

from whofunds.graph.io import write_graph
from whofunds.queries import catalog, embedded, load, synthetic

pytestmark = pytest.mark.neo4j


def fingerprint(driver) -> tuple[list, list]:
    """Everything a load writes, as comparable lists: node ids, labels and hashes; relationships likewise."""
    with driver.session() as s:
        nodes = s.run("MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, n.hash AS hash ORDER BY id").data()
        rels = s.run("MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b, r.hash AS hash "
                     "ORDER BY a, t, b").data()
    for n in nodes:
        n["labels"] = sorted(n["labels"])
    return nodes, rels


def test_load_twice_gives_the_same_counts_and_changes_nothing(neo4j_db):
    G = synthetic.synthetic_graph(200, 800, seed=11)
    first = load.load_graph(G, neo4j_db)
    assert (first.nodes_created, first.relationships_created) == (200, G.number_of_edges())
    assert first.nodes_updated == first.relationships_updated == 0
    counts, prints = load.database_counts(neo4j_db), fingerprint(neo4j_db)
    second = load.load_graph(G, neo4j_db)
    assert (second.nodes_created, second.nodes_updated, second.relationships_created,
            second.relationships_updated, second.properties_set) == (0, 0, 0, 0, 0)
    assert second.nodes_unchanged == 200 and second.relationships_unchanged == G.number_of_edges()
    assert load.database_counts(neo4j_db) == counts == {"nodes": 200, "relationships": G.number_of_edges()}
    assert fingerprint(neo4j_db) == prints


def empty(driver) -> None:
    with driver.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def test_any_number_of_writers_writes_the_same_database(neo4j_db):
    """Writers load node-disjoint parts at once; 1, 2 and 3 of them (small batches, so many
    transactions overlap, around a hub that half the relationships touch) end in one database."""
    G = synthetic.synthetic_graph(300, 1500, seed=21)
    hub = next(n for n, a in G.nodes(data=True) if a["type"] == "Fund")
    for i, node in enumerate(n for n, a in list(G.nodes(data=True)) if a["type"] == "Firm"):
        G.add_edge(hub, node, key="INVESTS_IN", type="INVESTS_IN", evidence=[{"doc_id": "d", "sentence": f"s{i}"}])
    prints = []
    for workers in (1, 2, 3):
        empty(neo4j_db)
        summary = load.load_graph(G, neo4j_db, workers=workers, batch_size=50)
        assert summary.relationships_created == G.number_of_edges() and summary.nodes_created == 300
        prints.append(fingerprint(neo4j_db))
    assert prints[0] == prints[1] == prints[2]
    assert len(prints[0][1]) == G.number_of_edges()


def test_constraints_labels_and_properties(neo4j_db):
    G = synthetic.synthetic_graph(120, 400, seed=5)
    load.load_graph(G, neo4j_db)
    with neo4j_db.session() as s:
        constraints = {r["name"]: r for r in s.run("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties, type").data()}
        for label in ["Entity", "Firm", "Fund", "City", "Industry"]:
            name = f"whofunds_{label.lower()}_id"
            assert constraints[name]["labelsOrTypes"] == [label] and constraints[name]["properties"] == ["id"]
            assert constraints[name]["type"] == "UNIQUENESS"
        firms = s.run("MATCH (n:Firm) RETURN count(n) AS c").single()["c"]
        assert firms == sum(1 for _, a in G.nodes(data=True) if a["type"] == "Firm") > 0
        u, v, attrs = next((u, v, a) for u, v, a in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2]["type"]))
                           if a.get("amount") is not None)
        rec = s.run(f"MATCH (:Entity {{id: $u}})-[r:{attrs['type']}]->(:Entity {{id: $v}}) RETURN r", u=u, v=v).single()["r"]
    assert rec["amount"] == attrs["amount"] and rec["confidence"] == attrs["confidence"]
    assert rec["status"] == attrs["status"] and rec["currency"] == attrs["currency"]
    assert load.evidence_from_properties(dict(rec)) == [{k: v for k, v in e.items() if v is not None}
                                                        for e in attrs["evidence"]]
    assert all("sentence" not in json.loads(e) for e in rec["evidence"])  # stored once, in ev_sentences
    assert rec["ev_sentences"] == [e["sentence"] for e in attrs["evidence"]]


def test_newer_build_updates_in_place_and_prune_removes_what_disappeared(neo4j_db):
    G = synthetic.synthetic_graph(150, 500, seed=8)
    load.load_graph(G, neo4j_db)
    H = G.copy()
    renamed = "firm:firm-20" if "firm:firm-20" in H else next(n for n, a in H.nodes(data=True) if a["type"] == "Firm")
    H.nodes[renamed]["name"] = "Renamed Firm"
    H.nodes[renamed].pop("aliases")
    u, v, k = sorted(H.edges(keys=True))[0]
    H.edges[u, v, k]["confidence"] = 0.123
    firms = sorted(n for n, a in H.nodes(data=True) if a["type"] == "Firm")
    new_edge = next((a, b) for a in firms for b in firms if a != b and not H.has_edge(a, b, key="SUPPLIES"))
    H.add_edge(*new_edge, key="SUPPLIES", type="SUPPLIES", evidence=[{"doc_id": "d2", "sentence": "new", "start": 0,
               "end": 3, "rule": "r", "confidence": 0.5, "status": "stated"}], confidence=0.5, status="stated")
    summary = load.load_graph(H, neo4j_db)
    assert (summary.nodes_created, summary.nodes_updated) == (0, 1)
    assert (summary.relationships_created, summary.relationships_updated) == (1, 1)
    with neo4j_db.session() as s:
        node = s.run("MATCH (n:Entity {id: $id}) RETURN n", id=renamed).single()["n"]
        assert node["name"] == "Renamed Firm" and "aliases" not in node  # SET n = props drops removed properties
        assert s.run(f"MATCH (:Entity {{id: $u}})-[r:{k}]->(:Entity {{id: $v}}) RETURN r.confidence AS c",
                     u=u, v=v).single()["c"] == 0.123

    gone = sorted(n for n in H if H.degree(n) > 0)[0]
    degree = H.degree(gone)
    H.remove_node(gone)
    kept = load.load_graph(H, neo4j_db)  # no prune: nothing is deleted
    assert kept.nodes_deleted == 0 and load.database_counts(neo4j_db)["nodes"] == 150
    pruned = load.load_graph(H, neo4j_db, prune=True)
    assert (pruned.nodes_deleted, pruned.relationships_deleted) == (1, degree)
    assert load.database_counts(neo4j_db) == {"nodes": 149, "relationships": H.number_of_edges()}
    # Another graph's data is never pruned by this one.
    other = nx.MultiDiGraph(name="other-corpus")
    other.add_node("firm:elsewhere", name="Elsewhere", type="Firm")
    load.load_graph(other, neo4j_db)
    load.load_graph(H, neo4j_db, prune=True)
    assert load.database_counts(neo4j_db)["nodes"] == 150


KILLABLE_LOAD = textwrap.dedent("""
    import sys
    import neo4j
    from whofunds.graph.io import read_graph
    from whofunds.queries.load import load_graph
    uri, user, password, path = sys.argv[1:5]
    def progress(kind, n):
        print(kind, n, flush=True)
    with neo4j.GraphDatabase.driver(uri, auth=(user, password)) as driver:
        load_graph(read_graph(path), driver, batch_size=100, on_progress=progress)
    print("done", flush=True)
""")


def wait_for_other_transactions(driver, timeout: float = 60.0) -> None:
    """Wait until the server runs no transaction but this check's own: a client killed with SIGKILL may have
    sent a COMMIT that the server still carries out after the client is gone."""
    deadline = time.monotonic() + timeout
    while True:
        with driver.session() as s:
            others = s.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery "
                           "WHERE NOT currentQuery STARTS WITH 'SHOW TRANSACTIONS' RETURN count(*) AS n").single()["n"]
        if others == 0:
            return
        assert time.monotonic() < deadline, f"{others} transaction(s) of the killed load still running"
        time.sleep(0.1)


def test_load_killed_half_way_then_rerun_equals_a_clean_load(neo4j_server, neo4j_db, tmp_path):
    G = synthetic.synthetic_graph(600, 2400, seed=21)
    path = tmp_path / "graph.json"
    write_graph(G, path)
    load.load_file(path, neo4j_db)
    clean_counts, clean_prints = load.database_counts(neo4j_db), fingerprint(neo4j_db)
    with neo4j_db.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    proc = subprocess.Popen([sys.executable, "-c", KILLABLE_LOAD, neo4j_server.uri, neo4j_server.user,
                             neo4j_server.password, str(path)], stdout=subprocess.PIPE, text=True)
    rel_batches = 0
    for line in proc.stdout:
        if line.startswith("relationships"):
            rel_batches += 1
            if rel_batches == 3:
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    wait_for_other_transactions(neo4j_db)  # else a batch can commit between these counts and the rerun
    partial = load.database_counts(neo4j_db)
    assert partial["nodes"] == clean_counts["nodes"]
    assert 0 < partial["relationships"] < clean_counts["relationships"]

    resumed = load.load_file(path, neo4j_db)
    assert resumed.relationships_created == clean_counts["relationships"] - partial["relationships"]
    assert load.database_counts(neo4j_db) == clean_counts
    assert fingerprint(neo4j_db) == clean_prints


HOSTILE_EXTRA = ("a'b", 'say "hi"', "x`y`z", "}{", "// not a comment", "/* nor this */", "$param", "\\u0041",
                 "MERGE (x) SET x.pwned = true", "DETACH DELETE", "null", "true", "")


def hostile_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name="whofunds")
    names = list(synthetic.HOSTILE_NAMES) + list(HOSTILE_EXTRA)
    G.add_node("fund:root", name="Root Fund", type="Fund")
    for i, name in enumerate(names):
        node = f"firm:{name}"  # ids with the same hostile characters: they travel as parameters too
        G.add_node(node, name=name, type="Firm", aliases=[name, name + "}"])
        ev = {"doc_id": "d", "path": "p", "sentence": f"Root Fund invests in {name} // `x` }}'\"", "start": 0,
              "end": 5, "rule": "r", "confidence": 0.8, "status": "stated", "amount": float(i), "currency": "CNY"}
        G.add_edge("fund:root", node, key="INVESTS_IN", type="INVESTS_IN", evidence=[ev], amount=float(i),
                   currency="CNY", confidence=0.8, status="stated")
        if i:
            G.add_edge(f"firm:{names[i - 1]}", node, key="SUPPLIES", type="SUPPLIES", evidence=[ev],
                       confidence=0.8, status="stated")
    return G


def test_hostile_names_load_and_query_exactly(neo4j_db):
    G = hostile_graph()
    summary = load.load_graph(G, neo4j_db)
    assert summary.nodes_created == G.number_of_nodes() and summary.relationships_created == G.number_of_edges()
    with neo4j_db.session() as s:
        stored = s.run("MATCH (n:Firm) RETURN n.id AS id, n.name AS name, n.aliases AS aliases").data()
        assert s.run("MATCH (n) WHERE n.pwned IS NOT NULL RETURN count(n) AS c").single()["c"] == 0
    assert {(r["id"], r["name"]) for r in stored} == {(n, a["name"]) for n, a in G.nodes(data=True) if a["type"] == "Firm"}
    assert all(r["aliases"] == [r["name"], r["name"] + "}"] for r in stored)
    from whofunds.graph.lookup import NameNotFound

    def answer(run):
        try:
            return run(), None
        except NameNotFound as exc:  # a name that is no one entity ("" names nothing): the same error both ways
            return None, str(exc)

    for node, attrs in G.nodes(data=True):
        for name in ("who_funds", "supply_chain", "portfolio"):
            for key in (node, attrs["name"]):
                params = {"entity": key}
                online, error = answer(lambda: catalog.run_named(neo4j_db, name, params)[1])
                assert (online, error) == answer(lambda: embedded.run_embedded(G, name, params)), (name, key)
                assert error is None or key == attrs["name"], (name, key)  # an id always resolves
        _, rows = catalog.run_named(neo4j_db, "edge_evidence", {"source": "Root Fund", "target": node})
        if node != "fund:root":
            assert [r["sentence"] for r in rows] == [e["sentence"] for e in G.edges["fund:root", node, "INVESTS_IN"]["evidence"]]
    _, rows = catalog.run_read(neo4j_db, "MATCH (n:Entity {name: $name}) RETURN n.id AS id",
                               {"name": "MATCH (n) DETACH DELETE n"})
    assert [r["id"] for r in rows] == ["firm:MATCH (n) DETACH DELETE n"]
    assert load.database_counts(neo4j_db)["nodes"] == G.number_of_nodes()


def test_types_that_are_not_identifiers_are_refused_before_any_write(neo4j_db):
    G = nx.MultiDiGraph(name="whofunds")
    G.add_node("x:1", name="x", type="Firm`) DETACH DELETE n //")
    with pytest.raises(load.GraphLoadError, match="entity types"):  # not a schema type (nor an identifier)
        load.load_graph(G, neo4j_db)
    assert load.database_counts(neo4j_db)["nodes"] == 0


def test_batch_size_follows_the_server_heap(neo4j_db):
    with neo4j_db.session() as s:
        heap = load.server_heap_bytes(s)
    assert heap is not None and 900 << 20 <= heap <= 1 << 30  # the test server runs with -Xmx1g
    assert load.batch_size_for_heap(heap) == 16384
