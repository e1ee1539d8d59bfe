"""Robust builds end to end: killed builds, growing and shrinking corpora, and the bad-input corpus.

These run the real pipeline and the real ``whofunds`` command (spaCy included), so they are marked slow.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from make_bad_corpus import HUGE_LIMIT, make_bad_corpus, news_article, write_news_corpus
from whofunds.graph.io import read_graph
from whofunds.loaders.documents import read_document

pytestmark = pytest.mark.slow
WHOFUNDS = [sys.executable, "-m", "whofunds.cli"]
OUTPUT_FILES = ("graph.json", "nodes.csv", "edges.csv")


def build(inputs, out, **kw):
    from whofunds.pipeline import build as pipeline_build

    return pipeline_build([str(p) for p in inputs], out, write_map=False, n_process=1, **kw)


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES if (out / name).exists()}


def run_cli(*args, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([*WHOFUNDS, *map(str, args)], capture_output=True, text=True, env=env, timeout=600, **kw)


def test_adding_and_removing_documents_equals_a_clean_build(tmp_path):
    corpus = tmp_path / "corpus"
    paths = write_news_corpus(corpus, 20)
    out = tmp_path / "out"
    first = build([corpus], out)
    assert (first.cached, first.extracted) == (0, 20)
    before = read_graph(out / "graph.json")

    removed = [paths[3], paths[7]]
    removed_ids = {read_document(p).id for p in removed}
    for p in removed:
        p.unlink()
    write_news_corpus(corpus, 5, start=20)
    paths[5].write_text(news_article(5) + "Officials named Zhixin Motors a chain leader enterprise for robotics.\n")
    again = build([corpus], out)
    assert (again.cached, again.extracted) == (17, 6)  # only the 5 new and the 1 changed document went to spaCy

    clean_out = tmp_path / "clean"
    clean = build([corpus], clean_out, use_cache=False)
    assert clean.extracted == 23
    assert outputs(out) == outputs(clean_out)  # byte-identical graph.json, nodes.csv, edges.csv

    # Edges that only the removed documents supported are gone; the others lost those documents' evidence.
    after = read_graph(out / "graph.json")
    only_removed = [(u, v, k) for u, v, k, d in before.edges(keys=True, data=True)
                    if {e["doc_id"] for e in d["evidence"]} <= removed_ids]
    assert only_removed
    assert not any(after.has_edge(u, v, k) for u, v, k in only_removed)
    for _, _, d in after.edges(data=True):
        assert not removed_ids & {e["doc_id"] for e in d["evidence"]}
    assert {d["id"] for d in after.graph["documents"]}.isdisjoint(removed_ids)


def _cache_entries(out: Path) -> int:
    return sum(1 for _ in (out / ".cache").glob("*/*.json"))


def _wait_for(predicate, proc, timeout=120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.01)
    return False


@pytest.mark.parametrize("moment", ["starting", "extracting", "finishing"])
def test_build_killed_mid_way_keeps_old_outputs_and_rerun_equals_clean_build(tmp_path, moment):
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 30)
    out = tmp_path / "out"
    build([corpus], out)
    previous = outputs(out)
    write_news_corpus(corpus, 150, start=30)  # this week's new documents
    reference = tmp_path / "reference"
    build([corpus], reference, use_cache=False)
    assert outputs(reference) != previous

    proc = subprocess.Popen([*WHOFUNDS, "build", str(corpus), "--out", str(out), "--no-map", "-j", "1", "-q"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        if moment == "starting":
            time.sleep(0.5)  # still importing and loading the model
        elif moment == "extracting":
            assert _wait_for(lambda: _cache_entries(out) >= 30 + 40, proc), "build ended before it could be killed"
        else:
            assert _wait_for(lambda: _cache_entries(out) >= 180, proc), "build ended before it could be killed"
        still_running = proc.poll() is None
        os.killpg(proc.pid, signal.SIGKILL)  # the build and any worker it started
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL or not still_running

    # Every output is whole: either last week's or (killed after it was renamed into place) this week's.
    now = outputs(out)
    assert set(now) == set(OUTPUT_FILES)
    for name in OUTPUT_FILES:
        assert now[name] in (previous[name], outputs(reference)[name]), f"{name} is neither old nor new"
    json.loads(now["graph.json"])
    if moment != "finishing":
        assert now == previous

    rerun = run_cli("build", corpus, "--out", out, "--no-map", "-j", "1", "-q")
    assert rerun.returncode == 0, rerun.stderr
    assert outputs(out) == outputs(reference)


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad_corpus")
    return root, make_bad_corpus(root)


def test_bad_corpus_builds_the_good_documents_and_exit_code_says_some_failed(bad_corpus, tmp_path):
    root, cases = bad_corpus
    out = tmp_path / "out"
    result = run_cli("build", root, "--out", out, "--no-map", "--max-mb", HUGE_LIMIT / 1e6)
    bad = [c for c in cases if c.outcome == "fail"]
    good = [c for c in cases if c.outcome == "ok"]
    assert result.returncode == 3, result.stderr  # EXIT_SOME_FAILED: the rest built
    assert f"{len(bad)} failed inputs" in result.stdout
    for case in bad:  # one clear message per bad file, naming it
        lines = [line for line in result.stderr.splitlines() if str(root / case.name) + ":" in line]
        assert len(lines) == 1, (case.name, result.stderr)
        assert case.reason.lower() in lines[0].lower()
    for case in good:  # named only as the earlier copy of a duplicate, never as a failure
        assert str(root / case.name) + ":" not in result.stderr

    G = read_graph(out / "graph.json")
    assert sorted(d["path"] for d in G.graph["documents"]) == sorted(str(root / c.name) for c in good)
    assert sorted(f["path"] for f in G.graph["failures"]) == sorted(str(root / c.name) for c in bad)
    texts = {d["id"]: read_document(d["path"]).text for d in G.graph["documents"]}
    assert G.number_of_edges() > 0
    for _, _, d in G.edges(data=True):
        for ev in d["evidence"]:
            assert texts[ev["doc_id"]][ev["start"]:ev["end"]] == ev["sentence"]


def test_strict_fails_and_writes_nothing(bad_corpus, tmp_path):
    root, _ = bad_corpus
    out = tmp_path / "out"
    result = run_cli("build", root, "--out", out, "--no-map", "--strict", "--max-mb", HUGE_LIMIT / 1e6)
    assert result.returncode not in (0, 3)
    assert "empty.txt: empty file" in result.stderr
    assert not (out / "graph.json").exists()


def test_good_inputs_alone_build_cleanly(bad_corpus, tmp_path):
    root, cases = bad_corpus
    good = tmp_path / "good"
    good.mkdir()
    for case in cases:
        if case.outcome == "ok" and "/" not in case.name and case.name != "unreadable.txt":
            shutil.copy(root / case.name, good / case.name)
    result = run_cli("build", good, "--out", tmp_path / "out", "--no-map", "--strict", "--max-mb", 1)
    assert result.returncode == 0, result.stderr
    assert "0 failed inputs" in result.stdout
