"""Builds on a real Dask cluster (``--scheduler``): worker processes on the loopback interface, no mocks.

Each test compares with a local build of the same inputs: the same ``graph.json`` byte for byte, the same
failures in the same order, and a worker killed mid-build costs a retry, never a document.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

import dask  # the test extra installs Dask (whofunds[cluster]): missing, these tests fail, never skip
from distributed import Client, LocalCluster, WorkerPlugin

from make_bad_corpus import HUGE_LIMIT, make_bad_corpus, write_news_corpus
from whofunds.cluster import ClusterError, check_worker, read_and_extract_on_cluster
from whofunds.pipeline import StrictFailure, build

pytestmark = pytest.mark.slow
WHOFUNDS = [sys.executable, "-m", "whofunds.cli"]
OUTPUT_FILES = ("graph.json", "nodes.csv", "edges.csv")
POISON = "poison-a41f.txt"  # a document whose worker process dies whenever it opens it (KillOnOpen)


@pytest.fixture(scope="module")
def cluster():
    """Two one-thread worker processes on 127.0.0.1, one task at a time each (as ``local:N`` starts them); a
    task may meet one dying worker and still run (allowed-failures 1: a document that kills every worker
    is given up on after two deaths, instead of Dask's default four)."""
    with dask.config.set({"distributed.scheduler.allowed-failures": 1,
                          "distributed.scheduler.worker-saturation": 1.0}):
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=":0", silence_logs=logging.CRITICAL) as lc:
            with Client(lc) as client:
                yield lc, client


def local_build(inputs, out, **kw):
    return build([str(p) for p in inputs], out, write_map=False, n_process=1, **kw)


def cluster_build(inputs, out, address, **kw):
    return build([str(p) for p in inputs], out, write_map=False, scheduler=address, **kw)


def outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUT_FILES}


def run_cli(*args) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "1000"}  # one line per message: compared line by line
    return subprocess.run([*WHOFUNDS, *map(str, args)], capture_output=True, text=True, env=env, timeout=600)


def test_local_n_builds_the_same_outputs_and_reports_bad_inputs_the_same_way(tmp_path):
    """`--scheduler local:2` against `-j 1` on the bad-input corpus plus generated articles: the same exit
    code, the same messages for the same files in the same order, the same summary, the same files."""
    corpus = tmp_path / "corpus"
    cases = make_bad_corpus(corpus)
    write_news_corpus(corpus / "news", 24)
    common = ["--no-map", "--max-mb", HUGE_LIMIT / 1e6, "--json"]
    local = run_cli("build", corpus, "--out", tmp_path / "local", "-j", "1", *common)
    on_cluster = run_cli("build", corpus, "--out", tmp_path / "cluster", "--scheduler", "local:2", *common)

    assert local.returncode == 3, local.stderr  # some inputs failed, the rest built
    assert on_cluster.returncode == local.returncode, on_cluster.stderr
    messages = [line for line in on_cluster.stderr.splitlines() if not line.startswith("cluster: ")]
    assert messages == local.stderr.splitlines()
    assert sum(1 for c in cases if c.outcome == "fail") == sum(1 for m in messages if m.startswith("skipped "))
    summary, local_summary = json.loads(on_cluster.stdout), json.loads(local.stdout)
    assert summary.pop("cluster")["scheduler"] == "local:2"
    assert {**summary, "out_dir": None} == {**local_summary, "out_dir": None}
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "local")


def test_strict_reports_the_same_failures_and_writes_nothing(cluster, tmp_path):
    lc, _ = cluster
    corpus = tmp_path / "corpus"
    make_bad_corpus(corpus)
    with pytest.raises(StrictFailure) as local:
        local_build([corpus], tmp_path / "local", strict=True, max_bytes=HUGE_LIMIT)
    with pytest.raises(StrictFailure) as on_cluster:
        cluster_build([corpus], tmp_path / "cluster", lc.scheduler_address, strict=True, max_bytes=HUGE_LIMIT)
    assert on_cluster.value.failures == local.value.failures and local.value.failures
    assert not (tmp_path / "cluster" / "graph.json").exists()


def test_tables_and_entity_files_beside_documents_build_the_same_graph(cluster, tmp_path):
    """Registry tables and FollowTheMoney files need no NLP: the driver reads them, after the workers' documents,
    in a local build's order, so their bad rows and lines, warnings and the graph are the same."""
    lc, _ = cluster
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 6)
    (corpus / "holders.csv").write_text("company,shareholder,stake\nQuillfeather Motors,Larkspur Growth Fund,12\n"
                                        "Quillfeather Motors,,7\nOsprey Cells,Larkspur Growth Fund,55\n", "utf-8")
    (corpus / "quotes.csv").write_text("ticker,close\nQFM,8.1\n", "utf-8")  # no company column: a failure
    (corpus / "owners.ftm.json").write_text("\n".join([
        json.dumps({"id": "os", "schema": "Company", "properties": {"name": ["Osprey Cells"]}}),
        json.dumps({"id": "tm", "schema": "PublicBody", "properties": {"name": ["Tamsworth SASAC"]}}),
        json.dumps({"id": "o1", "schema": "Ownership", "properties": {"owner": ["tm"], "asset": ["os"],
                                                                      "percentage": ["20"]}}),
        "{not json"]) + "\n", "utf-8")
    local = local_build([corpus], tmp_path / "local", use_cache=False)
    on_cluster = cluster_build([corpus], tmp_path / "cluster", lc.scheduler_address, use_cache=False)
    assert [str(f) for f in on_cluster.failures] == [str(f) for f in local.failures]
    assert len(local.failures) >= 3  # the row without a shareholder, the table without columns, the bad line
    assert on_cluster.warnings == local.warnings
    assert (on_cluster.documents, on_cluster.structured, on_cluster.rows, on_cluster.rows_loaded) == \
        (local.documents, local.structured, local.rows, local.rows_loaded) and local.structured == 2
    assert on_cluster.cluster["paths"] == 6  # only the documents went to the workers
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "local")


def test_the_python_api_takes_a_scheduler_too(cluster, tmp_path):
    import whofunds

    lc, _ = cluster
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 4)
    here = whofunds.build(corpus, tmp_path / "local", write_map=False, use_cache=False, workers=1)
    there = whofunds.build(corpus, tmp_path / "cluster", write_map=False, use_cache=False,
                           scheduler=lc.scheduler_address)
    assert there.cluster["scheduler"] == lc.scheduler_address and here.cluster is None
    assert outputs(tmp_path / "cluster") == outputs(tmp_path / "local")


def test_the_cache_is_shared_with_local_builds_and_a_rerun_extracts_only_new_documents(cluster, tmp_path):
    lc, _ = cluster
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 12)
    out = tmp_path / "out"
    first = local_build([corpus], out)  # the cache a local build leaves ...
    assert (first.cached, first.extracted) == (0, 12)
    again = cluster_build([corpus], out, lc.scheduler_address)  # ... serves the cluster's workers
    assert (again.cached, again.extracted) == (12, 0)
    write_news_corpus(corpus, 3, start=12)
    grown = cluster_build([corpus], out, lc.scheduler_address)
    assert (grown.cached, grown.extracted) == (12, 3)
    assert outputs(out) == outputs(_clean_local(corpus, tmp_path / "clean"))
    assert len(list((out / ".cache").glob("*/*.json"))) == 15  # the workers stored the new ones


def test_a_long_build_says_how_far_it_is_with_failures_by_worker_and_their_memory(cluster, tmp_path):
    """The status lines a long build logs (every minute; here at every look): paths done of all, never more
    than all and never going back, and the failures of the bad inputs under the worker that met them."""
    lc, _ = cluster
    corpus = tmp_path / "corpus"
    cases = make_bad_corpus(corpus)
    write_news_corpus(corpus / "zz-news", 12)  # after the bad inputs in path order: the build goes on after them
    lines: list[str] = []
    run = read_and_extract_on_cluster([corpus], lc.scheduler_address, cache_dir=None, max_bytes=HUGE_LIMIT,
                                      partition_size=2, status=lines.append, status_every=0.0)
    total = run.info["paths"]
    assert lines and all(f" of {total:,} paths done" in line for line in lines)
    done = [int(line.split(" of ", 1)[0].replace(",", "")) for line in lines]
    assert done == sorted(done) and done[-1] < total
    failed = [c for c in cases if c.outcome == "fail"]
    on_workers = sum(1 for c in failed if c.reason != "duplicate of")  # a duplicate is the driver's call, at the end
    assert on_workers and any(f"; {on_workers:,} failed (tcp://127.0.0.1:" in line for line in lines), lines[-3:]
    assert sum(s["failures"] for s in run.info["workers"].values()) == on_workers
    assert sorted(f.path for f in run.read_failures) == sorted(str(corpus / c.name) for c in failed)
    assert all(s["peak_rss_mb"] > 100 for s in run.info["workers"].values())  # a worker holds the spaCy model


def _clean_local(corpus: Path, out: Path) -> Path:
    local_build([corpus], out, use_cache=False)
    return out


def test_a_worker_killed_mid_build_costs_a_retry_never_a_document(cluster, tmp_path):
    lc, client = cluster
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 40)
    pids = client.run(os.getpid)
    done, events, outcome = [0], [], {}

    def run():
        try:
            outcome["report"] = cluster_build([corpus], tmp_path / "cluster", lc.scheduler_address, use_cache=False,
                                              partition_size=2, progress=lambda k: done.__setitem__(0, done[0] + k),
                                              notify=events.append)
        except BaseException as exc:  # noqa: BLE001 -- shown by the assertion below
            outcome["error"] = exc

    builder = threading.Thread(target=run)
    builder.start()
    victim = None
    deadline = time.monotonic() + 180
    while victim is None and time.monotonic() < deadline and builder.is_alive():
        if done[0] >= 4:  # the build is under way; kill a worker while it runs one of the build's tasks
            for worker, keys in client.processing().items():
                if worker in pids and any(str(k).startswith("whofunds-partition-") for k in keys):
                    victim = worker
                    os.kill(pids[worker], signal.SIGKILL)
                    break
        time.sleep(0.005)
    builder.join(timeout=300)
    assert victim is not None, f"the build ended before a worker could be killed ({done[0]} paths done)"
    assert "error" not in outcome, outcome.get("error")
    report = outcome["report"]
    assert victim in report.cluster["lost_workers"], events
    assert report.cluster["retried_partitions"] >= 1, events
    assert report.documents == 40 and not report.failures
    assert outputs(tmp_path / "cluster") == outputs(_clean_local(corpus, tmp_path / "local"))


class KillOnOpen(WorkerPlugin):
    """In a worker: die (as a segfault or the kernel's OOM killer would end it) on opening a file named ``name``."""

    def __init__(self, name: str):
        self.name = name

    def setup(self, worker):
        name = self.name

        def hook(event, args):
            if event == "open" and args and str(args[0]).endswith(name):
                os._exit(70)

        sys.addaudithook(hook)


def test_a_document_that_kills_every_worker_is_reported_by_name_and_the_rest_build(cluster, tmp_path):
    lc, client = cluster
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 11)
    expected = _clean_local(corpus, tmp_path / "local-without")  # the corpus without the poison
    write_news_corpus(tmp_path / "elsewhere", 1, start=11)[0].rename(corpus / POISON)
    client.register_plugin(KillOnOpen(POISON), name="kill-on-open")
    try:
        report = cluster_build([corpus], tmp_path / "cluster", lc.scheduler_address, use_cache=False,
                               partition_size=4)
    finally:
        client.unregister_worker_plugin("kill-on-open")
    poison = str(corpus / POISON)
    assert [(f.path, f.reason) for f in report.failures] == [
        (poison, "could not be read or extracted: its worker process died each time it tried")]
    assert report.cluster["killed_worker"] == [poison]
    got = json.loads((tmp_path / "cluster" / "graph.json").read_text())
    want = json.loads((expected / "graph.json").read_text())
    assert got["graph"]["failures"] == [{"path": poison, "reason": report.failures[0].reason}]
    assert (got["nodes"], got["links"], got["graph"]["documents"]) == \
        (want["nodes"], want["links"], want["graph"]["documents"])


def test_an_unreachable_scheduler_is_an_error_naming_it_and_leaves_the_outputs(tmp_path):
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 2)
    out = tmp_path / "out"
    local_build([corpus], out)
    before = outputs(out)
    port = free_port()
    with pytest.raises(ClusterError, match=f"cannot reach the Dask scheduler at tcp://127.0.0.1:{port}"):
        cluster_build([corpus], out, f"tcp://127.0.0.1:{port}", connect_timeout=2)
    assert outputs(out) == before
    for bad in ("127.0.0.1:8786", "local:0", "local:two"):
        with pytest.raises(ClusterError, match="give local:N"):
            cluster_build([corpus], out, bad)


def free_port() -> int:
    """A loopback port that nothing listens on (bound by the system's choice, then closed)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_worker_that_cannot_see_the_inputs_or_the_cache_says_so(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    answer = check_worker([str(tmp_path / "nowhere" / "a.txt")], str(blocker / "cache"), "v1")
    assert answer["missing"] == [str(tmp_path / "nowhere" / "a.txt")]
    assert answer["cache_problem"] and "directory" in answer["cache_problem"].lower()
    assert answer["nthreads"] == 1


def test_local_n_workers_start_without_dasks_malloc_trim_threshold():
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in the workers it spawns (and in its own process), which
    costs spaCy's small allocations CPU; ``local:N`` unsets it and keeps Dask's one BLAS thread per worker.
    In a fresh process: a LocalCluster started earlier in this one has already put the variable here."""
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    script = ("import json, os\n"
              "from whofunds.cluster import connect, parse_scheduler\n"
              "with connect(parse_scheduler('local:1')) as client:\n"
              "    seen = client.run(lambda: [os.environ.get(k) for k in ('MALLOC_TRIM_THRESHOLD_', 'OMP_NUM_THREADS')])\n"
              "print(json.dumps(list(seen.values())))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [[None, "1"]]


REPO = Path(__file__).resolve().parents[1]
DASK_CLI = str(Path(sys.executable).parent / "dask")  # `dask scheduler`, `dask worker`: the commands docs/scale.md runs


def test_a_cluster_started_as_docs_scale_md_says_builds_the_same_graph(tmp_path):
    """A `dask scheduler` and a `dask worker` started as separate commands (as on real hosts; loopback here),
    with the Dask settings of docs/dask/whofunds.yaml, the worker in another working folder: the settings
    take effect, and a build from a relative input path gives the local build's outputs byte for byte."""
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 10)
    relative = os.path.relpath(corpus)
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_TRIM_THRESHOLD_"}
    env["DASK_CONFIG"] = str(REPO / "docs" / "dask")
    scheduler_file = tmp_path / "scheduler.json"
    elsewhere = tmp_path / "worker-home"
    elsewhere.mkdir()
    started = []
    try:
        started.append(subprocess.Popen(
            [DASK_CLI, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
             "--scheduler-file", str(scheduler_file)], env=env, cwd=elsewhere, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        deadline = time.monotonic() + 120
        while not (scheduler_file.exists() and scheduler_file.stat().st_size) and time.monotonic() < deadline:
            assert started[0].poll() is None, "dask scheduler exited"
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        started.append(subprocess.Popen(
            [DASK_CLI, "worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
             "--no-dashboard", "--memory-limit", "2GiB"], env=env, cwd=elsewhere, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with Client(address, timeout=60) as client:
            client.wait_for_workers(1, timeout=120)
            seen = client.run(lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"), os.getcwd()))
            saturation = client.run_on_scheduler(
                lambda: __import__("dask").config.get("distributed.scheduler.worker-saturation"))
        assert list(seen.values()) == [(None, str(elsewhere))] and saturation == 1.0
        report = cluster_build([relative], tmp_path / "cluster", address, use_cache=False)
        assert report.documents == 10 and not report.failures
        assert outputs(tmp_path / "cluster") == outputs(_clean_local(Path(relative), tmp_path / "local"))
    finally:
        for proc in reversed(started):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)  # the process group this test started: the command and its worker
        for proc in reversed(started):
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)


def test_without_dask_the_scheduler_option_says_what_to_install(tmp_path):
    """`make demo` installs no Dask: --scheduler then fails with the extra to install, and writes nothing."""
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 1)
    script = ("import sys\n"
              "sys.modules['distributed'] = None  # as if Dask were not installed: importing it raises ImportError\n"
              "from whofunds.cli import main\n"
              "sys.argv = ['whofunds', *sys.argv[1:]]\n"
              "main()\n")
    result = subprocess.run([sys.executable, "-c", script, "build", str(corpus), "--out", str(tmp_path / "out"),
                             "--scheduler", "local:1"], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "COLUMNS": "1000"})
    assert result.returncode == 1, result.stderr
    assert "pip install 'whofunds[cluster]'" in result.stderr and "nothing was written" in result.stderr
    assert not (tmp_path / "out" / "graph.json").exists()


def test_workers_flag_with_a_scheduler_is_refused(tmp_path):
    result = run_cli("build", tmp_path, "--out", tmp_path / "out", "-j", "2", "--scheduler", "local:2")
    assert result.returncode == 1
    assert "with --scheduler the cluster's workers do the work" in result.stderr


def _alive(procs):
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


def test_kill_9_of_a_local_cluster_build_takes_its_workers_with_it(tmp_path):
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 120)
    out = tmp_path / "out"
    proc = subprocess.Popen([*WHOFUNDS, "build", str(corpus), "--out", str(out), "--scheduler", "local:2", "-q",
                             "--no-map"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    parent = psutil.Process(proc.pid)
    children = []
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            children = parent.children(recursive=True)
            if len(children) >= 2 and len(list(out.glob(".cache/*/*.json"))) >= 10:
                break
            time.sleep(0.01)
        assert len(children) >= 2 and proc.poll() is None, "the build ended before its workers could be seen"
        os.kill(proc.pid, signal.SIGKILL)  # the build alone, not its process group
        proc.wait(timeout=60)
        deadline = time.monotonic() + 30
        while _alive(children) and time.monotonic() < deadline:
            time.sleep(0.1)
        orphans = _alive(children)
        assert not orphans, f"workers outlived their build: {[(p.pid, p.cmdline()[:3]) for p in orphans]}"
        assert not (out / "graph.json").exists()
    finally:
        for p in _alive(children):
            p.kill()
        if proc.poll() is None:
            proc.kill()
