"""Build-to-centrality time and memory at 10k, 100k and 1M edges: networkx (as whofunds uses it) vs igraph.

Not part of the test suite. igraph is only a reference measured in the same run (``pip install
-e ".[bench]"``); every figure that matters is a ratio against it, so a busy machine shifts both.

What is measured, per graph size (each library in its own fresh process, so peak memory is its own):

* build: ``read_graph`` (graph.json -> networkx ``MultiDiGraph``, what every command does) and
  ``add_centrality`` (what ``whofunds build`` adds), with the process's peak RSS after them;
* PageRank from the in-memory graph: whofunds' route (:func:`adjacency_matrix` straight from the
  multigraph + :func:`pagerank_matrix`), stock ``nx.pagerank`` on the collapsed ``DiGraph``, and
  igraph's ``Graph.pagerank`` (PRPACK) on the same collapsed, weighted graph; best of ``--repeat``;
  the scores are compared (max absolute difference, top-20 overlap) so all three solve one problem;
* betweenness on the smallest graph: exact vs sampled ``k`` (seed 42), top-20 overlap with exact.

    python benchmarks/centrality.py                     # 10k, 100k, 1M edges (generated if missing)
    python benchmarks/centrality.py --sizes 10000       # one size

Results: a table on stdout, and ``benchmarks/results/centrality.json`` / ``centrality.md``.
The headline PageRank ratio is the interleaved one (both libraries timed in one process, runs
alternating), because other work on the machine shifts separate processes differently.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SIZES = (10_000, 100_000, 1_000_000)
TOP = 20


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def _rss_mb() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _best_of(repeat: int, fn):
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    return best, result


def worker_networkx(graph: Path, scores_out: Path, repeat: int) -> dict:
    import networkx as nx
    import numpy as np

    from whofunds.graph.analysis import add_centrality, collapse
    from whofunds.graph.matrix import pagerank_array
    from whofunds.graph.io import read_graph

    base = _rss_mb()
    t = time.perf_counter()
    G = read_graph(graph)
    t_read = time.perf_counter() - t
    t = time.perf_counter()
    pagerank_array(G)
    t_first = time.perf_counter() - t  # the true first call after reading, once
    t = time.perf_counter()
    add_centrality(G)
    t_add = time.perf_counter() - t
    peak_build = _peak_rss_mb()
    rss_graph = _rss_mb() - base
    nodes = list(G)
    t_pr, scores = _best_of(repeat, lambda: pagerank_array(G))
    np.save(scores_out, scores)
    interleaved = _interleaved_pagerank(G, max(5, repeat))
    t = time.perf_counter()
    D = collapse(G)
    t_collapse = time.perf_counter() - t
    t_nx, nx_scores = _best_of(max(1, repeat // 2), lambda: nx.pagerank(D, weight="weight"))
    nx_vec = np.array([nx_scores[n] for n in nodes])
    return {
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(), "collapsed_edges": D.number_of_edges(),
        "read_s": t_read, "add_centrality_s": t_add, "build_to_centrality_s": t_read + t_add,
        "peak_rss_build_mb": peak_build, "graph_rss_mb": rss_graph,
        "pagerank_whofunds_s": t_pr, "pagerank_first_s": t_first, "pagerank_nx_s": t_nx, "collapse_s": t_collapse,
        "nx_vs_whofunds_maxdiff": float(np.abs(nx_vec - scores).max()),
        **interleaved,
    }


def _interleaved_pagerank(G, repeat: int) -> dict:
    """whofunds vs igraph PageRank in one process, alternating runs, so both see the same machine load.

    Three whofunds figures, each a full ``pagerank_array(G)`` call:

    * ``first``: the first PageRank after ``read_graph``: the edge arrays are in the graph's cache
      (``read_graph`` fills it, as igraph's loader builds its edge vectors), the adjacency and
      transition matrices are not, so they are built from the arrays, then iterated;
    * ``repeat``: a later PageRank on the same graph (matrices cached; only the iterations run);
    * ``cold``: after a structural change emptied the cache, so networkx's dicts are walked first.

    igraph's graph is built from the same collapsed matrix (weights = parallel edges), untimed.
    """
    import igraph
    import networkx as nx
    import numpy as np

    from whofunds.graph import arrays
    from whofunds.graph.matrix import adjacency_matrix, pagerank_array

    A, _ = adjacency_matrix(G)
    coo = A.tocoo()
    g = igraph.Graph(n=A.shape[0], edges=np.column_stack([coo.row, coo.col]).tolist(), directed=True)
    g.es["weight"] = coo.data.tolist()
    warm = G.__networkx_cache__.get(arrays.EDGE_ARRAYS_KEY) or arrays.edge_arrays(G)

    def first():
        nx._clear_cache(G)
        arrays.remember_edge_arrays(G, warm)
        t = time.perf_counter()
        pagerank_array(G)
        return time.perf_counter() - t

    def cold():
        nx._clear_cache(G)
        t = time.perf_counter()
        pagerank_array(G)
        return time.perf_counter() - t

    def repeat_call():
        pagerank_array(G)  # make sure the matrices are cached
        t = time.perf_counter()
        pagerank_array(G)
        return time.perf_counter() - t

    def ig():
        t = time.perf_counter()
        g.pagerank(weights="weight", damping=0.85)
        return time.perf_counter() - t

    best = {"first": float("inf"), "repeat": float("inf"), "cold": float("inf"), "igraph": float("inf")}
    for _ in range(repeat):
        for name, fn in (("first", first), ("igraph", ig), ("repeat", repeat_call), ("igraph", ig),
                         ("cold", cold), ("igraph", ig)):
            best[name] = min(best[name], fn())
    arrays.remember_edge_arrays(G, warm)
    return {"interleaved_first_s": best["first"], "interleaved_repeat_s": best["repeat"],
            "interleaved_cold_s": best["cold"], "interleaved_igraph_s": best["igraph"],
            "interleaved_ratio_first": best["first"] / best["igraph"],
            "interleaved_ratio_repeat": best["repeat"] / best["igraph"],
            "interleaved_ratio_cold": best["cold"] / best["igraph"]}


def worker_igraph(graph: Path, scores_out: Path, repeat: int) -> dict:
    import igraph
    import numpy as np

    base = _rss_mb()
    t = time.perf_counter()
    with open(graph, encoding="utf-8") as fh:
        data = json.load(fh)
    index = {n["id"]: i for i, n in enumerate(data["nodes"])}
    edges = [(index[link["source"]], index[link["target"]]) for link in data["links"]]
    g = igraph.Graph(n=len(index), edges=edges, directed=True)
    g.es["weight"] = 1.0
    # the same collapse as whofunds: one weighted edge per pair, weight = parallel edges, no loops
    g.simplify(multiple=True, loops=True, combine_edges={"weight": "sum"})
    del data, edges
    t_build = time.perf_counter() - t
    peak_build = _peak_rss_mb()
    t_pr, scores = _best_of(repeat, lambda: g.pagerank(weights="weight", damping=0.85))
    np.save(scores_out, np.asarray(scores))
    return {"read_s": t_build, "peak_rss_build_mb": peak_build, "graph_rss_mb": _rss_mb() - base,
            "pagerank_s": t_pr, "collapsed_edges": g.ecount()}


def top_overlap(a: dict | "np.ndarray", b, k: int = TOP) -> float:
    """Share of the ``k`` highest of ``a`` that are among the ``k`` highest of ``b``."""
    import numpy as np

    if isinstance(a, dict):
        ta = set(sorted(a, key=lambda n: (-a[n], str(n)))[:k])
        tb = set(sorted(b, key=lambda n: (-b[n], str(n)))[:k])
    else:
        ta, tb = set(np.argsort(-a, kind="stable")[:k]), set(np.argsort(-b, kind="stable")[:k])
    return len(ta & tb) / k


def betweenness_study(graph: Path, samples: list[int], seeds: tuple[int, ...] = (42, 43, 44)) -> dict:
    import igraph
    import networkx as nx

    from whofunds.graph.analysis import collapse
    from whofunds.graph.io import read_graph

    D = collapse(read_graph(graph))
    t = time.perf_counter()
    exact = nx.betweenness_centrality(D, normalized=True)
    t_exact = time.perf_counter() - t
    rows = []
    for k in samples:
        if k >= len(D):
            continue
        times, overlaps = [], []
        for seed in seeds:
            t = time.perf_counter()
            approx = nx.betweenness_centrality(D, k=k, normalized=True, seed=seed)
            times.append(time.perf_counter() - t)
            overlaps.append(top_overlap(approx, exact))
        rows.append({"k": k, "seconds": sum(times) / len(times), "top20_overlap": overlaps[0],
                     "top20_overlap_mean": sum(overlaps) / len(overlaps), "top20_overlap_min": min(overlaps),
                     "seeds": list(seeds)})
    nodes = list(D)
    index = {n: i for i, n in enumerate(nodes)}
    g = igraph.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in D.edges()], directed=True)
    t = time.perf_counter()
    ig = g.betweenness(directed=True)
    t_ig = time.perf_counter() - t
    ig_scores = {n: ig[i] for i, n in enumerate(nodes)}
    return {"nodes": len(D), "edges": D.number_of_edges(), "exact_s": t_exact, "samples": rows,
            "igraph_exact_s": t_ig, "igraph_vs_nx_top20": top_overlap(ig_scores, exact)}


def _run_worker(kind: str, graph: Path, scores_out: Path, repeat: int) -> dict:
    cmd = [sys.executable, __file__, "--worker", kind, "--graph", str(graph), "--scores", str(scores_out),
           "--repeat", str(repeat)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} worker failed on {graph}:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _ensure_graph(edges: int) -> Path:
    path = RESULTS / f"graph_{edges}.json"
    if not path.exists():
        print(f"generating {path} ...", file=sys.stderr)
        subprocess.run([sys.executable, str(HERE / "generate_graph.py"), "--edges", str(edges), "--out", str(path)],
                       check=True)
    return path


def _label(edges: int) -> str:
    return f"{edges // 1_000_000}M" if edges >= 1_000_000 else f"{edges // 1000}k"


def report(results: dict) -> str:
    lines = ["## PageRank and build (PageRank: best of repeats; ratio = networkx route / igraph)", "",
             "PageRank times start from each library's graph in memory: whofunds' `pagerank_array(G)` "
             "(best of repeats, so its matrices are cached on the graph; the first call after `read_graph` "
             "is in the next table), `nx.pagerank` on the collapsed DiGraph, igraph's `pagerank`. "
             "'file to PageRank' adds reading graph.json into that graph (networkx: `read_graph`, then the "
             "first call; igraph: `json.load`, `Graph`, `simplify`). 'max diff' and 'top-20' compare "
             "whofunds' scores with igraph's.", "",
             "| edges | nodes | read (s) | add_centrality (s) | peak RSS build (MB) | graph RSS nx / igraph (MB) "
             "| PageRank whofunds (s) | nx.pagerank (s) | igraph (s) | whofunds / igraph | nx.pagerank / igraph "
             "| file to PageRank, whofunds / igraph | max diff | top-20 overlap |",
             "|" + "---|" * 14]
    for label, r in results["sizes"].items():
        nx_, ig = r["networkx"], r["igraph"]
        lines.append(
            f"| {label} | {nx_['nodes']:,} | {nx_['read_s']:.2f} | {nx_['add_centrality_s']:.2f} "
            f"| {nx_['peak_rss_build_mb']:,.0f} | {nx_['graph_rss_mb']:,.0f} / {ig['graph_rss_mb']:,.0f} "
            f"| {nx_['pagerank_whofunds_s']:.3f} | {nx_['pagerank_nx_s']:.3f} | {ig['pagerank_s']:.3f} "
            f"| {r['ratio_whofunds']:.2f}× | {r['ratio_nx']:.2f}× | {r['ratio_file_to_pagerank']:.2f}× "
            f"| {r['max_abs_diff']:.1e} | {r['top20_overlap']:.2f} |")
    lines += ["", "## PageRank, whofunds vs igraph in one process (alternating runs, best of each)", "",
              "first = the first `pagerank_array(G)` after `read_graph` (edge arrays cached by the reader, "
              "matrices built, then iterated); repeat = a later call on the same graph (matrices cached); "
              "cold = after a structural change emptied the cache (networkx's dicts walked first).", "",
              "| edges | first (s) | repeat (s) | cold (s) | igraph (s) | first / igraph | repeat / igraph "
              "| cold / igraph |", "|---|---|---|---|---|---|---|---|"]
    for label, r in results["sizes"].items():
        nx_ = r["networkx"]
        lines.append(f"| {label} | {nx_['interleaved_first_s']:.3f} | {nx_['interleaved_repeat_s']:.3f} "
                     f"| {nx_['interleaved_cold_s']:.3f} | {nx_['interleaved_igraph_s']:.3f} "
                     f"| {nx_['interleaved_ratio_first']:.2f}× | {nx_['interleaved_ratio_repeat']:.2f}× "
                     f"| {nx_['interleaved_ratio_cold']:.2f}× |")
    b = results.get("betweenness")
    if b:
        lines += ["", f"## Betweenness on {b['label']} edges ({b['nodes']:,} nodes, {b['edges']:,} collapsed edges)",
                  "", f"exact networkx: {b['exact_s']:.1f} s; exact igraph: {b['igraph_exact_s']:.2f} s "
                  f"(top-20 agreement with networkx {b['igraph_vs_nx_top20']:.2f})", "",
                  "| k (sampled sources) | seconds | speed-up vs exact | top-20 overlap, seed 42 "
                  "| mean / min over seeds 42-44 |",
                  "|---|---|---|---|---|"]
        for row in b["samples"]:
            lines.append(f"| {row['k']} | {row['seconds']:.2f} | {b['exact_s'] / row['seconds']:.1f}× "
                         f"| {row['top20_overlap']:.2f} | {row['top20_overlap_mean']:.2f} / "
                         f"{row['top20_overlap_min']:.2f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="networkx vs igraph: build-to-centrality time and memory")
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="comma-separated edge counts")
    parser.add_argument("--repeat", type=int, default=3, help="PageRank repeats (best is kept)")
    parser.add_argument("--samples", default="100,250,500,1000", help="betweenness k values to try")
    parser.add_argument("--worker", choices=["networkx", "igraph"], help=argparse.SUPPRESS)
    parser.add_argument("--graph", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--scores", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        fn = worker_networkx if args.worker == "networkx" else worker_igraph
        print(json.dumps(fn(args.graph, args.scores, args.repeat)))
        return

    import numpy as np

    RESULTS.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    results: dict = {"python": sys.version.split()[0], "cpus": os.cpu_count(), "sizes": {}}
    for edges in sizes:
        graph = _ensure_graph(edges)
        label = _label(edges)
        print(f"{label}: networkx ...", file=sys.stderr)
        nx_res = _run_worker("networkx", graph, RESULTS / f"pr_nx_{edges}.npy", args.repeat)
        print(f"{label}: igraph ...", file=sys.stderr)
        ig_res = _run_worker("igraph", graph, RESULTS / f"pr_ig_{edges}.npy", args.repeat)
        a, b = np.load(RESULTS / f"pr_nx_{edges}.npy"), np.load(RESULTS / f"pr_ig_{edges}.npy")
        results["sizes"][label] = {
            "networkx": nx_res, "igraph": ig_res,
            "ratio_whofunds": nx_res["pagerank_whofunds_s"] / ig_res["pagerank_s"],
            "ratio_nx": nx_res["pagerank_nx_s"] / ig_res["pagerank_s"],
            "ratio_file_to_pagerank": (nx_res["read_s"] + nx_res["pagerank_first_s"])
            / (ig_res["read_s"] + ig_res["pagerank_s"]),
            "max_abs_diff": float(np.abs(a - b).max()), "top20_overlap": top_overlap(a, b),
        }
    smallest = min(sizes)
    print(f"{_label(smallest)}: betweenness exact vs sampled ...", file=sys.stderr)
    results["betweenness"] = {"label": _label(smallest), **betweenness_study(
        _ensure_graph(smallest), [int(k) for k in args.samples.split(",")])}
    text = report(results)
    (RESULTS / "centrality.json").write_text(json.dumps(results, indent=1))
    (RESULTS / "centrality.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
