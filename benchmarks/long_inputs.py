"""Benchmark: small hostile inputs that used to stall a build (issue 13), each against a reference measured
in the same run.

    .venv/bin/python benchmarks/long_inputs.py [--names 500,1000,2000] [--depths 10000,100000] [--map]

* **One long list.** One sentence naming N firms ("A Holdings, B Holdings, ... and Z Holdings invested in
  NIO.") against the reference of N one-name sentences ("A Holdings invested in NIO.") naming the same
  firms: the ratio list / reference, per stage of the build (read, extract, graph, write, from the build
  report) and in total, and the size of the outputs. Goal: under 2x at N = 2,000.
* **Deep HTML.** A page of D nested ``<div>`` around one paragraph, read with ``read_document``: seconds,
  and the ratio to a depth ten times smaller (linear time gives about 10). Goal: 100,000 deep under 5 s.

Builds run in this process through ``whofunds.pipeline.build`` with the spaCy model loaded once, without
the cache; ``--map`` also draws map.html. Results are printed and written to
benchmarks/results/long_inputs.json. Not run by the test suite.
"""
from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def firm(i: int) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"{letters[i % 24]}{letters[i // 24 % 24]}{letters[i // 576 % 24]}xin Holdings"


def list_text(n: int) -> str:
    names = [firm(i) for i in range(n)]
    return "# Investors in NIO\n\n" + ", ".join(names[:-1]) + " and " + names[-1] + " invested in NIO.\n"


def reference_text(n: int) -> str:
    return "# Investors in NIO\n\n" + "\n".join(f"{firm(i)} invested in NIO." for i in range(n)) + "\n"


def _build(text: str, work: Path, with_map: bool) -> dict:
    from whofunds.pipeline import build

    corpus = work / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "doc.md").write_text(text, "utf-8")
    out = work / "out"
    t0 = time.perf_counter()
    report = build([corpus], out, use_cache=False, n_process=1, write_map=with_map)
    total = time.perf_counter() - t0
    sizes = {p.name: p.stat().st_size for p in (out / ".current").resolve().iterdir()}
    return {"seconds": round(total, 3), "stages": {k: round(v, 3) for k, v in report.seconds.items()},
            "edges": report.graph.number_of_edges(), "bytes": sizes, "warnings": report.warnings}


def long_list(ns: list[int], with_map: bool) -> list[dict]:
    from whofunds.loaders.extract.component import load_extraction_pipeline

    load_extraction_pipeline()  # model loading is not part of either build
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        _build(list_text(20), Path(tmp) / "warm", with_map)
        for n in ns:
            ref = _build(reference_text(n), Path(tmp) / f"ref{n}", with_map)
            lst = _build(list_text(n), Path(tmp) / f"list{n}", with_map)
            row = {"names": n, "reference": ref, "list": lst,
                   "ratio": round(lst["seconds"] / ref["seconds"], 2),
                   "ratio_by_stage": {k: round(lst["stages"][k] / ref["stages"][k], 2) if ref["stages"][k] else None
                                      for k in lst["stages"]},
                   "bytes_ratio": round(sum(lst["bytes"].values()) / sum(ref["bytes"].values()), 2)}
            rows.append(row)
            print(f"names={n:5d}  reference {ref['seconds']:7.2f}s ({ref['edges']} edges)  "
                  f"list {lst['seconds']:7.2f}s ({lst['edges']} edges)  ratio {row['ratio']:6.2f}  "
                  f"by stage {row['ratio_by_stage']}  output bytes ratio {row['bytes_ratio']}", flush=True)
    return rows


def deep_html(depths: list[int]) -> list[dict]:
    from whofunds.loaders.documents import read_document

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for depth in depths:
            page = Path(tmp) / f"deep{depth}.html"
            page.write_text("<html><body>" + "<div>" * depth + "<p>Hefei invested in NIO.</p>" + "</div>" * depth)
            t0 = time.perf_counter()
            doc = read_document(page)
            seconds = time.perf_counter() - t0
            assert doc.text == "Hefei invested in NIO."
            rows.append({"depth": depth, "bytes": page.stat().st_size, "seconds": round(seconds, 3)})
    for small, big in zip(rows, rows[1:]):
        big["ratio_to_previous"] = round(big["seconds"] / small["seconds"], 2) if small["seconds"] else None
    for row in rows:
        print(f"depth={row['depth']:7d}  {row['bytes']:>10,} bytes  {row['seconds']:7.3f}s  "
              f"ratio to previous {row.get('ratio_to_previous')}", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--names", default="500,1000,2000")
    parser.add_argument("--depths", default="10000,100000")
    parser.add_argument("--map", action="store_true", help="also draw map.html in each build")
    args = parser.parse_args(argv)
    result = {"python": platform.python_version(), "machine": platform.machine(),
              "deep_html": deep_html([int(x) for x in args.depths.split(",") if x]),
              "long_list": long_list([int(x) for x in args.names.split(",") if x], args.map)}
    out = ROOT / "benchmarks" / "results" / "long_inputs.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
