"""Benchmark: the batched loader against one MERGE per relationship, measured in the same run.

    .venv/bin/python benchmarks/neo4j_load.py                 # 100k nodes, 500k relationships
    .venv/bin/python benchmarks/neo4j_load.py --nodes 20000 --rels 100000 --sample 2000

Starts its own Neo4j in a temporary directory (or uses NEO4J_URI/NEO4J_PASSWORD when set, after
asking: it empties the database), generates a graph with ``whofunds.queries.synthetic``, loads it with
``load_graph`` (UNWIND batches), then deletes a sample of relationships and writes them back one
``MERGE`` per transaction, the way a naive loader would. Prints relationships/s for both and the ratio.
Not part of the test suite: timings depend on the machine; the ratio is what to compare.

``--ceiling`` also measures what the server alone can do on this machine: it creates the same number
of relationships between the loaded nodes from data generated inside one Cypher statement (two short
properties, the same unique-index lookups, the same batch size), so no client, driver or parameter
transfer is involved. No loader that sends real rows can beat that figure.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time

from whofunds.queries import load, server, synthetic


def one_per_row(driver, rows: list[dict]) -> float:
    """Seconds to MERGE ``rows`` one relationship per auto-commit transaction."""
    t0 = time.perf_counter()
    with driver.session() as session:
        for row in rows:
            session.run(load.one_row_edge_statement(row["type"]), source=row["source"], target=row["target"],
                        props=row["props"]).consume()
    return time.perf_counter() - t0


def batched(driver, rows: list[dict], batch_size: int) -> float:
    """Seconds to MERGE ``rows`` with the loader's UNWIND statements, one transaction per batch."""
    t0 = time.perf_counter()
    with driver.session() as session:
        for rtype, group in sorted(load._grouped(rows, "type").items()):
            statement = load.edge_statement(rtype)
            for batch in load.batches(group, batch_size):
                session.execute_write(load._run_batch, statement, batch)
    return time.perf_counter() - t0


def server_side_ceiling(driver, ids: list[str], count: int, batch_size: int) -> float:
    """Relationships/s when the server makes them from data it generates itself (see the module docs).

    The node ids are stored once in a helper node, so no batch sends anything but two integers.
    """
    with driver.session() as session:
        session.run("CREATE (:CeilingIds {ids: $ids})", ids=ids).consume()
    t0 = time.perf_counter()
    with driver.session() as session:
        for start in range(0, count, batch_size):
            session.execute_write(lambda tx, s=start: tx.run(
                "MATCH (c:CeilingIds) WITH c.ids AS ids UNWIND range($start, $stop - 1) AS i "
                "MATCH (a:Entity {id: ids[i % size(ids)]}) MATCH (b:Entity {id: ids[(i * 7919 + 13) % size(ids)]}) "
                "CREATE (a)-[:CEILING {hash: 'abcdefabcdefabcdefabcdef', graph: 'ceiling'}]->(b)",
                start=s, stop=min(count, s + batch_size)).consume())
    seconds = time.perf_counter() - t0
    with driver.session() as session:
        session.run("MATCH ()-[r:CEILING]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS").consume()
        session.run("MATCH (c:CeilingIds) DELETE c").consume()
    return count / seconds


def delete_rows(driver, rows: list[dict]) -> None:
    with driver.session() as session:
        session.run("UNWIND $rows AS row MATCH (:Entity {id: row.source})-[r]->(:Entity {id: row.target}) "
                    "WHERE type(r) = row.type DELETE r",
                    rows=[{"source": r["source"], "target": r["target"], "type": r["type"]} for r in rows]).consume()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--nodes", type=int, default=100_000)
    ap.add_argument("--rels", type=int, default=500_000)
    ap.add_argument("--sample", type=int, default=5_000, help="relationships written one MERGE per transaction")
    ap.add_argument("--heap", default=None, help="heap of the benchmark's own server (default: as `neo4j start`)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None, help="writers at once (default: the loader's default)")
    ap.add_argument("--ceiling", action="store_true", help="also measure the server-side ceiling")
    args = ap.parse_args(argv)

    import neo4j

    print(f"generating {args.nodes:,} nodes and {args.rels:,} relationships ...", flush=True)
    t0 = time.perf_counter()
    G = synthetic.synthetic_graph(args.nodes, args.rels, seed=args.seed, evidence_per_edge=(1, 2))
    print(f"  {G.number_of_nodes():,} nodes, {G.number_of_edges():,} relationships in {time.perf_counter() - t0:.1f}s")

    own_dir = None
    if os.environ.get("NEO4J_URI"):
        uri, auth = os.environ["NEO4J_URI"], (os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", ""))
        if input(f"This empties the database at {uri}. Type yes: ").strip() != "yes":
            return 1
    else:
        own_dir = tempfile.mkdtemp(prefix="whofunds-bench-neo4j-")
        print("starting Neo4j ...", flush=True)
        state = server.start(own_dir, port=server.free_port(), heap=args.heap)
        uri, auth = state.uri, ("neo4j", server.stored_password(own_dir))
    try:
        with neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF") as driver:
            with driver.session() as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
                heap = load.server_heap_bytes(session)
            # Warm the server's JIT with a small load first (then empty it), so neither side of the
            # ratio pays for compiling Cypher's runtime: a long-running server is warm.
            load.load_graph(synthetic.synthetic_graph(5000, 20000, seed=args.seed + 1), driver, workers=args.workers)
            with driver.session() as session:
                session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
            summary = load.load_graph(G, driver, workers=args.workers)
            rels = summary.relationships_created
            rel_rate = rels / summary.timings["relationships"]
            print(f"batched load: {summary.nodes_created:,} nodes in {summary.timings['nodes']:.1f}s, "
                  f"{rels:,} relationships in {summary.timings['relationships']:.1f}s "
                  f"({rel_rate:,.0f} rels/s), batch size {summary.batch_size:,} (heap {heap / 2**30:.1f} GiB), "
                  f"{args.workers or load.default_workers()} writers, "
                  f"total {summary.seconds:.1f}s")

            rows = list(load.edge_rows(G, G.graph.get("name", "whofunds")))
            sample = random.Random(args.seed).sample(rows, min(args.sample, len(rows)))
            delete_rows(driver, sample)
            slow = one_per_row(driver, sample)
            slow_rate = len(sample) / slow
            print(f"one MERGE per transaction: {len(sample):,} relationships in {slow:.1f}s ({slow_rate:,.0f} rels/s)")
            delete_rows(driver, sample)
            fast = batched(driver, sample, summary.batch_size)
            sample_rate = len(sample) / fast
            print(f"batched, same sample: {len(sample):,} relationships in {fast:.2f}s ({sample_rate:,.0f} rels/s)")
            if args.ceiling:
                ceiling = server_side_ceiling(driver, sorted(map(str, G.nodes)), rels, summary.batch_size)
                print(f"server-side ceiling (no client data; same lookups, two short properties): {ceiling:,.0f} rels/s")
            print(f"RESULT batched_rels_per_s={rel_rate:,.0f} one_per_row_rels_per_s={slow_rate:,.0f} "
                  f"ratio={rel_rate / slow_rate:,.0f}x (same sample: {sample_rate / slow_rate:,.0f}x); "
                  f"goals: >= 50,000 rels/s and >= 100x")
    finally:
        if own_dir:
            server.stop(own_dir)
            shutil.rmtree(own_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
