"""Benchmark: first loads into Neo4j, measured in one run: the bulk importer against the transactional loader.

    .venv/bin/python benchmarks/neo4j_load.py                      # 500k and 1.5M relationships
    .venv/bin/python benchmarks/neo4j_load.py --sizes 20000:100000  # one smaller size (nodes:relationships)
    .venv/bin/python benchmarks/neo4j_load.py --ceiling            # also the server-side ceiling of CREATE

For each size it generates a graph (``whofunds.queries.synthetic``, 1-2 pieces of evidence and 13
properties per relationship) and writes it as graph.json (in a process of its own), starts its own
Neo4j in a temporary folder (the jars of ``whofunds neo4j start``) and measures, one after another on
the same server, each command as a user runs it (``whofunds ... --json`` in a process of its own,
timed from its start to its exit):

* **batched transactional**: ``whofunds neo4j load graph.json`` (graph.json read and checked, rows
  built, constraints, batched ``UNWIND ... MERGE`` by the loader's writers; the server warmed first by
  a small load). Reported: the relationship step alone, and end to end (graph.json to a queryable
  database with constraints);
* **one MERGE per transaction**, on a sample of the same rows (deleted first): the naive reference;
* **bulk import**: ``whofunds neo4j import graph.json --overwrite``: the import step alone
  (``neo4j-admin database import full``), and end to end (graph.json read and checked, rows and CSV,
  stop, import, start, constraints, the checks). It replaces the database the transactional load
  filled, so it also counts that database and sets it aside: a first import into an empty server
  does a little less;
* **load after the import**: ``whofunds neo4j load`` of the same graph.json on the imported store,
  which must change nothing (the benchmark stops if it does).

Server CPU per relationship is the CPU time of the server process (of the importer's process for the
import step) divided by relationships: it says what the machine's other load does not. The load
average is printed before each measurement, and rates are compared as ratios of this run only.
Goals (issue 14): the import step >= 50,000 relationships/s at >= 1.5M relationships on a quiet
machine; import end to end >= 3x the batched transactional loader end to end. Results are also
written to benchmarks/results/neo4j_load.json. Not part of the test suite.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from whofunds.queries import load, server, synthetic

ROOT = Path(__file__).resolve().parents[1]


def loadavg() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_seconds(pid: int) -> float:
    import psutil

    times = psutil.Process(pid).cpu_times()
    return times.user + times.system + getattr(times, "children_user", 0) + getattr(times, "children_system", 0)


def one_per_row(driver, rows: list[dict]) -> float:
    """Seconds to MERGE ``rows`` one relationship per auto-commit transaction."""
    t0 = time.perf_counter()
    with driver.session() as session:
        for row in rows:
            session.run(load.one_row_edge_statement(row["type"]), source=row["source"], target=row["target"],
                        props=row["props"]).consume()
    return time.perf_counter() - t0


def delete_rows(driver, rows: list[dict]) -> None:
    with driver.session() as session:
        session.run("UNWIND $rows AS row MATCH (:Entity {id: row.source})-[r]->(:Entity {id: row.target}) "
                    "WHERE type(r) = row.type DELETE r",
                    rows=[{"source": r["source"], "target": r["target"], "type": r["type"]} for r in rows]).consume()


def empty(driver) -> None:
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def server_side_ceiling(driver, ids: list[str], count: int, batch_size: int) -> float:
    """Relationships/s when the server makes them from data it generates itself (two short properties, the
    same unique-index lookups, the same batch size): no client, driver or parameter transfer."""
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


GENERATE = """
import json, random, sys
from whofunds.graph.io import write_graph
from whofunds.queries import load, synthetic
nodes, rels, seed, sample, path, rows_path = sys.argv[1:]
G = synthetic.synthetic_graph(int(nodes), int(rels), seed=int(seed), evidence_per_edge=(1, 2))
write_graph(G, path)
edges = random.Random(int(seed)).sample(sorted(G.edges(keys=True)), min(int(sample), G.number_of_edges()))
rows = list(load.rows_of_edges(((u, v, G.edges[u, v, k]) for u, v, k in edges), G.graph.get("name") or "whofunds"))
json.dump({"relationships": G.number_of_edges(), "rows": rows}, open(rows_path, "w"))
"""


def whofunds(*args: str) -> tuple[dict, float]:
    """Run ``whofunds ARGS --json`` as a user would (a process of its own); its JSON and wall seconds."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "whofunds.cli", *args, "--json"], capture_output=True, text=True,
                          env=env, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"whofunds {' '.join(args)} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout), seconds


def measure(nodes: int, rels: int, args, work: Path) -> dict:
    import neo4j

    print(f"\n== {nodes:,} nodes, {rels:,} relationships ({loadavg()})", flush=True)
    t0 = time.perf_counter()
    path, rows_path = work / f"graph-{rels}.json", work / f"sample-{rels}.json"
    subprocess.run([sys.executable, "-c", GENERATE, str(nodes), str(rels), str(args.seed), str(args.sample), str(path),
                    str(rows_path)], check=True)
    generated = json.loads(rows_path.read_text("utf-8"))
    n_rels, sample_rows = generated["relationships"], generated["rows"]
    print(f"  generated and wrote graph.json ({path.stat().st_size / 2**20:,.0f} MiB) in {time.perf_counter() - t0:.0f}s")
    result: dict = {"nodes": nodes, "relationships": n_rels, "graph_json_mib": path.stat().st_size / 2**20}
    server_dir = work / f"server-{rels}"
    state = server.start(server_dir, port=server.free_port(), heap=args.heap, pagecache=args.pagecache)
    auth = ("neo4j", server.stored_password(server_dir))
    workers = ["--workers", str(args.workers)] if args.workers else []
    try:
        with neo4j.GraphDatabase.driver(state.uri, auth=auth, notifications_min_severity="OFF") as driver:
            # Warm the server (a long-running one is), then empty it.
            load.load_graph(synthetic.synthetic_graph(5000, 20000, seed=args.seed + 1), driver, workers=args.workers)
            empty(driver)
            print(f"  batched transactional load: whofunds neo4j load ({loadavg()}) ...", flush=True)
            cpu0 = cpu_seconds(state.pid)
            summary, seconds = whofunds("neo4j", "load", str(path), "--dir", str(server_dir), *workers)
            cpu = cpu_seconds(state.pid) - cpu0
            timings = summary["timings"]
            step = timings["relationships"]
            created = sum(row["created"] for row in summary["counts"] if row["kind"] == "relationships")
            assert created == n_rels, summary
            result["batched"] = {"step_rels_per_s": n_rels / step, "end_to_end_rels_per_s": n_rels / seconds,
                                 "end_to_end_s": seconds, **{f"{k}_s": v for k, v in timings.items()},
                                 "read_check_start_s": seconds - summary["seconds"],
                                 "server_cpu_ms_per_rel": 1000 * cpu / n_rels, "retries": summary["retries"],
                                 "deadlocks": summary["deadlocks"], "batch_size": summary["batch_size"],
                                 "workers": args.workers or load.default_workers(), "load_average_after": loadavg()}
            print(f"  batched: relationships {step:.1f}s ({n_rels / step:,.0f}/s); end to end {seconds:.1f}s "
                  f"({n_rels / seconds:,.0f}/s: start+read+check {seconds - summary['seconds']:.1f}s, rows "
                  f"{timings['rows']:.1f}s, nodes {timings['nodes']:.1f}s); server CPU "
                  f"{1000 * cpu / n_rels:.3f} ms/relationship; {summary['retries']} retried batches "
                  f"({summary['deadlocks']} deadlocks)", flush=True)

            delete_rows(driver, sample_rows)
            print(f"  one MERGE per transaction, {len(sample_rows):,} relationships ({loadavg()}) ...", flush=True)
            cpu0 = cpu_seconds(state.pid)
            slow = one_per_row(driver, sample_rows)
            cpu = cpu_seconds(state.pid) - cpu0
            result["one_per_row"] = {"rels_per_s": len(sample_rows) / slow, "rows": len(sample_rows),
                                     "server_cpu_ms_per_rel": 1000 * cpu / len(sample_rows), "load_average_after": loadavg()}
            print(f"  one per row: {len(sample_rows) / slow:,.0f}/s; server CPU {1000 * cpu / len(sample_rows):.3f} "
                  "ms/relationship", flush=True)
            if args.ceiling:
                with driver.session() as session:
                    ids = [r["id"] for r in session.run("MATCH (n:Entity) RETURN n.id AS id")]
                ceiling = server_side_ceiling(driver, ids, min(n_rels, 500_000), summary["batch_size"])
                result["ceiling_rels_per_s"] = ceiling
                print(f"  server-side ceiling (CREATE from generated data): {ceiling:,.0f}/s", flush=True)

        print(f"  bulk import: whofunds neo4j import --overwrite ({loadavg()}) ...", flush=True)
        processes = ["--processes", str(args.processes)] if args.processes else []
        imported, seconds = whofunds("neo4j", "import", str(path), "--dir", str(server_dir), "--overwrite", *processes)
        timings = imported["timings"]
        step = timings["import"]
        assert (imported["nodes"], imported["relationships"]) == (nodes, n_rels), imported
        result["import"] = {"step_rels_per_s": n_rels / step, "end_to_end_rels_per_s": n_rels / seconds,
                            "end_to_end_s": seconds, **{f"{k}_s": v for k, v in timings.items()},
                            "start_read_s": seconds - imported["seconds"],
                            "importer_cpu_ms_per_rel": 1000 * imported["importer_cpu_seconds"] / n_rels,
                            "csv_mib": imported["csv_bytes"] / 2**20, "node_fixups": imported["node_fixups"],
                            "load_average_after": loadavg()}
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
        print(f"  import: step {step:.1f}s ({n_rels / step:,.0f}/s; importer CPU "
              f"{1000 * imported['importer_cpu_seconds'] / n_rels:.3f} ms/relationship); end to end {seconds:.1f}s "
              f"({n_rels / seconds:,.0f}/s: start+read+check {seconds - imported['seconds']:.1f}s, {steps})", flush=True)
        again, seconds = whofunds("neo4j", "load", str(path), "--dir", str(server_dir), *workers)
        changed = {k: sum(row[k] for row in again["counts"]) for k in ("created", "updated", "deleted")}
        assert changed == {"created": 0, "updated": 0, "deleted": 0} and again["properties_set"] == 0, again
        result["load_after_import_s"] = seconds
        print(f"  whofunds neo4j load of the same graph after the import: nothing changed, {seconds:.1f}s", flush=True)
    finally:
        server.stop(server_dir)
        shutil.rmtree(server_dir, ignore_errors=True)
        path.unlink(missing_ok=True)
    result["ratios"] = {
        "import_end_to_end_over_batched_end_to_end": result["import"]["end_to_end_rels_per_s"]
        / result["batched"]["end_to_end_rels_per_s"],
        "import_step_over_batched_step": result["import"]["step_rels_per_s"] / result["batched"]["step_rels_per_s"],
        "batched_step_over_one_per_row": result["batched"]["step_rels_per_s"] / result["one_per_row"]["rels_per_s"],
    }
    result["load_average_after"] = os.getloadavg()
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000:500000,300000:1500000",
                    help="nodes:relationships, comma-separated (default: 100000:500000,300000:1500000)")
    ap.add_argument("--sample", type=int, default=3_000, help="relationships written one MERGE per transaction")
    ap.add_argument("--heap", default=None, help="heap of the benchmark's server (default: as `neo4j start`)")
    ap.add_argument("--pagecache", default=None, help="page cache of the benchmark's server")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None, help="loader writers (default: the loader's default)")
    ap.add_argument("--processes", type=int, default=None, help="processes writing the import's CSV")
    ap.add_argument("--ceiling", action="store_true", help="also measure the server-side ceiling of CREATE")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "neo4j_load.json"))
    args = ap.parse_args(argv)
    sizes = [tuple(int(x) for x in part.split(":")) for part in args.sizes.split(",")]
    print(f"whofunds Neo4j first-load benchmark: {os.cpu_count()} cores, {loadavg()}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="whofunds-bench-neo4j-"))
    results = []
    try:
        for nodes, rels in sizes:
            results.append(measure(nodes, rels, args, work))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    for r in results:
        b, i, o = r["batched"], r["import"], r["one_per_row"]
        print(f"RESULT {r['relationships']:,} relationships: import step {i['step_rels_per_s']:,.0f}/s "
              f"(goal >= 50,000 at >= 1.5M); import end to end {i['end_to_end_rels_per_s']:,.0f}/s vs batched end "
              f"to end {b['end_to_end_rels_per_s']:,.0f}/s = {r['ratios']['import_end_to_end_over_batched_end_to_end']:.2f}x "
              f"(goal >= 3x); batched step {b['step_rels_per_s']:,.0f}/s = "
              f"{r['ratios']['batched_step_over_one_per_row']:,.0f}x one per row ({o['rels_per_s']:,.0f}/s); "
              f"server CPU ms/relationship: batched {b['server_cpu_ms_per_rel']:.3f}, one per row "
              f"{o['server_cpu_ms_per_rel']:.3f}, importer {i['importer_cpu_ms_per_rel']:.3f}")
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"cores": os.cpu_count(), "results": results}, indent=1) + "\n", "utf-8")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
