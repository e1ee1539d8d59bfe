"""The cost of the Dask engine: `whofunds build --scheduler local:2` against the local `-j 2` build (issue 16;
goal: throughput of local:2 >= 0.8 x that of -j 2 on a 2-core machine).

One run builds the same generated corpus (default 5,000 news-like articles, benchmarks/build_vs_spacy.py's
generator) twice, each in a fresh process, back to back, so both share the machine's conditions:

  local    ``build(corpus, out, n_process=2)``: spaCy's own worker processes (``whofunds build -j 2``)
  cluster  ``build(corpus, out, scheduler="local:2")``: a LocalCluster of 2 one-thread worker processes that
           read and extract partitions of documents, the driver resolving and building the graph

Both without the extraction cache (every document is extracted) and without the map (its drawing is the
driver's, the same in both). Each figure is the process's wall time: interpreter start-up, imports, model
loads (and for the cluster, starting it) included. The two ``graph.json`` are checked to be identical.

Printed: throughput (documents per second) of each, the ratio cluster / local, and the per-document cost of
each stage (driver stages from the build report; for the cluster also the workers' own seconds reading and
extracting, and the engine's overhead: the cluster's wall time times its workers, less their busy time);
then peak memory of the driver, of spaCy's processes and of the workers, the graph's size, and one worker's
documents per hour (from its busy time: what docs/scale.md's estimate starts from).
JSON goes to benchmarks/results/cluster.json. Not run by the test suite.

    .venv/bin/python benchmarks/cluster.py                 # 5,000 articles
    .venv/bin/python benchmarks/cluster.py --docs 500      # a quick look
    .venv/bin/python benchmarks/cluster.py --repeat 2      # best of two of each
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT / "benchmarks"))

KINDS = ("local", "cluster")


def child(kind: str, corpus: Path, out: Path, workers: int) -> dict:
    """In a fresh process: one build; what it took, stage by stage, as JSON on stdout."""
    t0 = time.perf_counter()
    from whofunds.pipeline import build

    t_import = time.perf_counter()
    if kind == "local":
        report = build([str(corpus)], out, use_cache=False, write_map=False, n_process=workers)
    else:
        report = build([str(corpus)], out, use_cache=False, write_map=False, scheduler=f"local:{workers}")
    t_end = time.perf_counter()
    import resource

    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = {"kind": kind, "documents": report.documents, "failures": len(report.failures),
              "nodes": report.graph.number_of_nodes(), "edges": report.graph.number_of_edges(),
              "peak_rss_mb": own.ru_maxrss / 1024, "children_peak_rss_mb": kids.ru_maxrss / 1024,
              "cpu_s": own.ru_utime + own.ru_stime, "children_cpu_s": kids.ru_utime + kids.ru_stime,
              "import_s": t_import - t0, "build_s": t_end - t_import, "stages_s": report.seconds,
              "graph_sha256": hashlib.sha256((out / "graph.json").read_bytes()).hexdigest()}
    if report.cluster is not None:
        info = report.cluster
        result["cluster"] = {"partitions": info["partitions"], "partition_size": info["partition_size"],
                             "seconds": info["seconds"], "lost_workers": len(info["lost_workers"]),
                             "workers": {w: {"paths": s["paths"], "read_s": s["read_s"], "extract_s": s["extract_s"],
                                             "peak_rss_mb": s["peak_rss_mb"]} for w, s in info["workers"].items()}}
    return result


def run(kind: str, corpus: Path, out: Path, workers: int) -> dict:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, __file__, "--child", kind, "--workers", str(workers), str(corpus),
                           str(out)], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{kind} build failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return {"wall_s": wall, **json.loads(proc.stdout.strip().splitlines()[-1])}


def per_doc_ms(seconds: float, docs: int) -> float:
    return 1000.0 * seconds / max(docs, 1)


def stage_rows(runs: dict, workers: int) -> list[tuple[str, str, str]]:
    """(stage, local ms/doc, cluster ms/doc) rows."""
    local, cluster = runs["local"], runs["cluster"]
    n = local["documents"]
    c = cluster["cluster"]["seconds"]
    ls, cs = local["stages_s"], cluster["stages_s"]
    busy = c["worker_read"] + c["worker_extract"]
    overhead = max(0.0, c["run"] * workers - busy)

    def ms(x):
        return f"{per_doc_ms(x, n):8.2f}"

    return [
        ("process start + imports", ms(local["wall_s"] - local["build_s"]), ms(cluster["wall_s"] - cluster["build_s"])),
        ("list + read (driver)", ms(ls["read"]), ms(cs["read"])),
        ("start workers / cluster (wall)", "    (in extract)", ms(c["connect"] + c["start_workers"])),
        ("extract (wall)", ms(ls["extract"]), ms(c["run"])),
        ("  workers: read (busy s)", "       -", ms(c["worker_read"])),
        ("  workers: extract (busy s)", "       -", ms(c["worker_extract"])),
        ("  workers: read + extract (CPU s)", "       -", ms(c["worker_cpu"])),
        (f"  engine overhead (wall x {workers} - busy)", "       -", ms(overhead)),
        ("resolve + graph + centrality", ms(ls["graph"]), ms(cs["graph"])),
        ("write graph.json + CSVs", ms(ls["write"]), ms(cs["write"])),
        ("total (wall)", ms(local["wall_s"]), ms(cluster["wall_s"])),
        ("total CPU s, every process of the build", ms(local["cpu_s"] + local["children_cpu_s"]),
         ms(cluster["cpu_s"] + cluster["children_cpu_s"])),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--docs", type=int, default=5000, help="Articles to generate (default 5000).")
    parser.add_argument("--workers", type=int, default=2, help="-j N and local:N (default 2).")
    parser.add_argument("--repeat", type=int, default=1, help="Keep the best of N runs of each (default 1).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        corpus, out = args.paths
        print(json.dumps(child(args.child, corpus, out, args.workers)))
        return 0

    from build_vs_spacy import write_corpus

    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="whofunds-bench-cluster-") as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.docs, args.seed)
        chars = sum(p.stat().st_size for p in corpus.glob("*.txt"))
        print(f"corpus: {args.docs} documents, {chars / 1e6:.1f} MB; {args.workers} workers; load average "
              f"{load_before[0]:.2f} on {os.cpu_count()} CPUs", file=sys.stderr, flush=True)
        runs: dict[str, dict] = {}
        for _ in range(args.repeat):
            for kind in KINDS:
                got = run(kind, corpus, Path(tmp) / f"out-{kind}", args.workers)
                print(f"  {kind:8} {got['wall_s']:8.1f} s  ({got['documents']} documents, load average "
                      f"{os.getloadavg()[0]:.2f})", file=sys.stderr, flush=True)
                if kind not in runs or got["wall_s"] < runs[kind]["wall_s"]:
                    runs[kind] = got
    load_after = os.getloadavg()
    identical = runs["local"]["graph_sha256"] == runs["cluster"]["graph_sha256"]
    docs = runs["local"]["documents"]
    throughput = {k: docs / runs[k]["wall_s"] for k in KINDS}
    ratio = throughput["cluster"] / throughput["local"]

    lines = [f"{'stage (ms per document)':42} {'local -j ' + str(args.workers):>16} "
             f"{'local:' + str(args.workers):>16}"]
    lines += [f"{stage:42} {a:>16} {b:>16}" for stage, a, b in stage_rows(runs, args.workers)]
    c = runs["cluster"]["cluster"]
    busy_per_doc = (c["seconds"]["worker_read"] + c["seconds"]["worker_extract"]) / max(docs, 1)
    cpu_per_doc = c["seconds"]["worker_cpu"] / max(docs, 1)
    worker_rss = max((w["peak_rss_mb"] or 0.0) for w in c["workers"].values())
    lines += ["",
              f"peak RSS (MB): local driver {runs['local']['peak_rss_mb']:.0f}, its largest spaCy process "
              f"{runs['local']['children_peak_rss_mb']:.0f}; cluster driver {runs['cluster']['peak_rss_mb']:.0f}, "
              f"largest worker {worker_rss:.0f}",
              f"graph: {runs['local']['nodes']:,} nodes, {runs['local']['edges']:,} edges from {docs:,} documents "
              f"({chars / max(docs, 1):,.0f} bytes each)",
              f"one worker's busy time: {1000 * busy_per_doc:.1f} ms per document, "
              f"{3600 / max(busy_per_doc, 1e-9):,.0f} documents per hour per worker (from CPU time alone, "
              f"{1000 * cpu_per_doc:.1f} ms: {3600 / max(cpu_per_doc, 1e-9):,.0f} on a core of its own); "
              f"end to end local:{args.workers}: {3600 * throughput['cluster']:,.0f} documents per hour",
              "",
              f"throughput: local -j {args.workers} {throughput['local']:.1f} docs/s, --scheduler local:{args.workers} "
              f"{throughput['cluster']:.1f} docs/s; ratio {ratio:.2f} (goal >= 0.8)",
              f"graph.json identical: {identical}; load average before {load_before[0]:.2f}, after "
              f"{load_after[0]:.2f} (1 min) on {os.cpu_count()} CPUs"]
    print("\n".join(lines))
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"benchmark": "cluster", "docs": docs, "bytes": chars, "workers": args.workers, "repeat": args.repeat,
              "seed": args.seed, "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                             "load_average_before": load_before, "load_average_after": load_after},
              "runs": runs, "throughput_docs_per_s": throughput, "ratio_cluster_vs_local": ratio,
              "graph_identical": identical, "worker_busy_s_per_doc": busy_per_doc,
              "docs_per_hour_per_worker": 3600 / max(busy_per_doc, 1e-9), "worker_cpu_s_per_doc": cpu_per_doc,
              "docs_per_hour_per_worker_core": 3600 / max(cpu_per_doc, 1e-9)}
    path = RESULTS / "cluster.json"
    path.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print(f"\nwritten: {path}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
