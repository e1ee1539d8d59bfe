"""Builds on a Dask distributed cluster: ``whofunds build ... --scheduler tcp://HOST:8786`` or ``local:N``.

The build's reading and extraction (the expensive part: spaCy and the rules) run on the cluster's workers;
resolution, the graph, its analysis and the outputs stay here, in the driver, exactly as in a local build.

* The driver lists the input paths (:func:`~whofunds.loaders.documents.iter_paths`, cheap) and cuts them, in
  path order, into partitions of a few dozen paths. Each partition is one task, :func:`run_partition`: the
  worker reads its files (:func:`~whofunds.loaders.documents.read_one`) and extracts them with the same
  function as a local build (:func:`whofunds.pipeline.extract_all`, with the same extraction cache: content
  hash + extractor version), and the result streams back to the driver as the task ends.
* Each worker process loads the spaCy pipeline once, when it joins (:class:`ExtractionPlugin`, a Dask worker
  plugin), and runs one extraction at a time.
* The driver puts the results back in path order before it does anything with them, so duplicates, failures
  and the graph are those of a local build: ``graph.json`` is byte for byte the same.
* A worker that dies costs a retry: Dask runs its unfinished tasks again on the other workers (a task's
  result is taken once, by partition, so no document is lost or counted twice). A partition that kills
  its worker again and again (Dask's ``KilledWorker``) is split into single documents, and the one that
  still kills its worker is reported as a failed input, by name; the others build.

The inputs and the cache must be at the same paths on every worker (a shared filesystem, see docs/scale.md):
:func:`check_workers` says which worker cannot see them before any work starts.
"""
from __future__ import annotations

import itertools
import logging
import math
import os
import queue
import socket
import sys
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from whofunds.graph.records import Extraction
from whofunds.loaders.documents import Failure, duplicate_failure, input_kind, iter_paths, read_one

try:  # an optional extra: `pip install 'whofunds[cluster]'`
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover - without Dask, --scheduler says what to install
    WorkerPlugin = object

PLUGIN_NAME = "whofunds-extraction"
MAX_PARTITION = 64  # documents per task at most: one nlp.pipe batch, a few seconds of work
NO_WORKER_TIMEOUT = 120.0  # seconds a build waits for a cluster that has no worker before it gives up
POLL_SECONDS = 0.5  # how often the driver looks at the cluster's workers while it waits for results
STATUS_SECONDS = 60.0  # how often a long build says how far it is (``status``), for logs with no progress bar


class ClusterError(Exception):
    """The cluster cannot run this build (unreachable, no workers, workers that cannot see the inputs)."""


@dataclass(frozen=True)
class Scheduler:
    """Where to run: ``local`` workers started by the build itself, or the ``address`` of a running scheduler."""

    address: str | None = None
    local: int = 0

    def __str__(self) -> str:
        return f"local:{self.local}" if self.local else str(self.address)


def parse_scheduler(text: str) -> Scheduler:
    """``"local:N"`` (N worker processes on this machine) or a scheduler address (``tcp://HOST:PORT``).

    >>> parse_scheduler("local:2"), parse_scheduler("tcp://10.0.0.5:8786").address
    (Scheduler(address=None, local=2), 'tcp://10.0.0.5:8786')
    >>> parse_scheduler("10.0.0.5")
    Traceback (most recent call last):
    ...
    whofunds.cluster.ClusterError: --scheduler '10.0.0.5': give local:N (N worker processes here) or a scheduler address such as tcp://HOST:8786
    """
    text = str(text).strip()
    if text.startswith("local:"):
        count = text.split(":", 1)[1]
        if count.isdigit() and int(count) >= 1:
            return Scheduler(local=int(count))
    elif "://" in text and text.split("://", 1)[1]:
        return Scheduler(address=text)
    raise ClusterError(f"--scheduler {text!r}: give local:N (N worker processes here) or a scheduler address "
                       "such as tcp://HOST:8786")


def choose_partition_size(n_paths: int, n_workers: int) -> int:
    """Paths per task: about eight tasks per worker (even load, a progress bar that moves), at most
    :data:`MAX_PARTITION`.

    >>> choose_partition_size(5000, 2), choose_partition_size(40, 2), choose_partition_size(3, 8)
    (64, 3, 1)
    """
    return max(1, min(MAX_PARTITION, math.ceil(n_paths / (8 * max(1, n_workers)))))


# ------------------------------------------------------------------------------------------ on a worker

_EXTRACTING = threading.Lock()  # one extraction at a time per worker process, however many threads it has


class ExtractionPlugin(WorkerPlugin):
    """Loads the extraction pipeline once in each worker process, when the worker joins the cluster (and
    when a worker that died is replaced). The workers of ``local:N`` end with a killed build by themselves:
    Dask's worker processes watch their parent."""

    def setup(self, worker) -> None:
        from whofunds.loaders.extract.component import load_extraction_pipeline

        load_extraction_pipeline()


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return get_worker().address
    except (ImportError, ValueError):
        return f"{socket.gethostname()}:{os.getpid()}"


def run_partition(items: list[tuple[int, str]], *, base: str, max_bytes: int, cache_dir: str | None,
                  version: str) -> dict:
    """One task: read the ``(index, path)`` items (relative paths from ``base``, the build's working
    folder), extract what was read, with the cache in ``cache_dir`` if given; what the driver needs back.

    Duplicates inside the partition are extracted once; the driver decides which path keeps a document.
    """
    from whofunds.loaders.extract import current_version
    from whofunds.cache import ExtractionCache
    from whofunds.pipeline import extract_all

    here = current_version()
    if here != version:
        raise ClusterError(f"worker {_worker_address()} extracts with version {here}, the build with {version}: "
                           "install the same whofunds (and environment) on every worker")
    t0, cpu0 = time.perf_counter(), time.process_time()
    records: list[tuple[int, str | None, str | None]] = []  # (index, document id, failure reason)
    documents, path_of = [], {}
    for index, path in items:
        doc = read_one(path, max_bytes=max_bytes, base=base)
        if isinstance(doc, Failure):
            records.append((index, None, doc.reason))
            continue
        records.append((index, doc.id, None))
        if doc.id not in path_of:
            path_of[doc.id] = doc.path
            documents.append(doc)
    t1 = time.perf_counter()
    with _EXTRACTING:
        t_lock, cpu1 = time.perf_counter(), time.process_time()
        cache = ExtractionCache(cache_dir, version) if cache_dir else None
        extracted = extract_all(documents, cache=cache, n_process=1)
    t2, cpu2 = time.perf_counter(), time.process_time()
    id_of = {p: i for i, p in path_of.items()}
    return {
        "worker": _worker_address(), "version": here, "records": records,
        "extractions": {ex.document.id: ex for ex in extracted.extractions},
        "failed": {id_of[f.path]: f.reason for f in extracted.failures},
        "hits": set(extracted.hits), "warnings": extracted.warnings_for,
        "seconds": {"read": t1 - t0, "extract": t2 - t_lock, "wait": t_lock - t1, "read_cpu": cpu1 - cpu0,
                    "extract_cpu": cpu2 - cpu1},
        "peak_rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float | None:
    """This process's peak resident memory so far, in MB (what a worker needs: docs/scale.md)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)  # bytes on macOS, KiB on Linux


def check_worker(paths: list[str], cache_dir: str | None, version: str) -> dict:
    """Run on every worker before the build: can it see the inputs and write the cache, with which version."""
    from whofunds.loaders.extract import current_version

    missing = [p for p in paths if not os.path.exists(p)]
    cache_problem = None
    if cache_dir:
        try:
            os.makedirs(cache_dir, exist_ok=True)
            if not os.access(cache_dir, os.W_OK | os.X_OK):
                cache_problem = "not writable"
        except OSError as exc:
            cache_problem = exc.strerror or str(exc)
    try:
        from distributed import get_worker

        nthreads = get_worker().state.nthreads
    except (ImportError, ValueError, AttributeError):
        nthreads = 1
    return {"version": current_version(), "missing": missing, "cache_problem": cache_problem,
            "nthreads": nthreads, "host": socket.gethostname()}


# ------------------------------------------------------------------------------------------ the driver

def status_line(done: int, total: int, seconds: float, info: dict, workers: int) -> str:
    """How far a cluster build is, for a log: paths done, the rate, failures by worker, workers lost.

    >>> info = {"workers": {"tcp://10.0.0.7:4000": {"paths": 640, "failures": 2},
    ...                     "tcp://10.0.0.8:4000": {"paths": 600, "failures": 0}},
    ...         "lost_workers": ["tcp://10.0.0.9:4000"], "killed_worker": [], "retried_partitions": 1}
    >>> status_line(1240, 5000, 62.0, info, 2)
    '1,240 of 5,000 paths done (24.8 %), 72,000 per hour; 2 failed (tcp://10.0.0.7:4000: 2); 2 workers, 1 lost, 1 partition(s) retried'
    """
    failed = {w: s["failures"] for w, s in info["workers"].items() if s["failures"]}
    shown = sorted(failed.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    by_worker = ", ".join(f"{w}: {n:,}" for w, n in shown) + (", ..." if len(failed) > len(shown) else "")
    failures = sum(failed.values()) + len(info["killed_worker"])
    line = (f"{done:,} of {total:,} paths done ({100.0 * done / max(total, 1):.1f} %), "
            f"{3600.0 * done / max(seconds, 1e-9):,.0f} per hour; {failures:,} failed")
    if by_worker:
        line += f" ({by_worker})"
    line += f"; {workers} workers, {len(info['lost_workers'])} lost"
    if info.get("retried_partitions"):
        line += f", {info['retried_partitions']} partition(s) retried"
    return line


@dataclass
class ClusterRun:
    """What the cluster gave back, in path order: the documents that could not be read, and the extractions."""

    read_failures: list[Failure]
    extracted: object  # whofunds.pipeline.Extracted
    info: dict
    listed_at: float  # time.perf_counter() when the inputs were listed (the end of the driver's "read")
    paths: list = field(default_factory=list)  # every input path listed: tables and entity files are read here
    kept: dict[str, str] = field(default_factory=dict)  # id -> path of each document read (not a duplicate)


@contextmanager
def connect(where: Scheduler, *, timeout: float = 30.0) -> Iterator:
    """A ``distributed.Client`` for ``where``; for ``local:N`` a ``LocalCluster`` of N one-thread worker
    processes on the loopback interface, closed again at the end."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:
        raise ClusterError(f"--scheduler needs Dask ({exc}): pip install 'whofunds[cluster]' "
                           "(dask and distributed)") from None
    cluster = None
    try:
        if where.local:
            import dask

            # One task at a time per worker (no second one queued behind it): a worker that dies then takes
            # only the task it was running, and Dask's count of deaths per task blames no bystander. The
            # workers start without Dask's MALLOC_TRIM_THRESHOLD_=65536 (None unsets it; Dask's other variables,
            # one BLAS thread per worker, stay): it costs spaCy's many small allocations about 8 % more CPU per
            # document (79 against 85 ms in one process, twice each; docs/scale.md says how for tcp:// workers).
            with dask.config.set({"distributed.scheduler.worker-saturation": 1.0,
                                  "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}):
                # (":0", not None: with None the scheduler's HTTP server still takes port 8787 and warns on stderr
                # when anything else holds it, a Jupyter cluster's dashboard say)
                cluster = LocalCluster(n_workers=where.local, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=":0", silence_logs=logging.CRITICAL)
            client = Client(cluster, timeout=timeout)
        else:
            try:
                client = Client(where.address, timeout=timeout)
            except (OSError, TimeoutError, ValueError) as exc:
                raise ClusterError(f"cannot reach the Dask scheduler at {where.address}: {exc}") from None
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    try:
        yield client
    finally:
        try:
            client.close()
        finally:
            if cluster is not None:
                cluster.close()


def _probe_paths(paths: list[Path], base: str, want: int = 3, tries: int = 100) -> list[str]:
    """A few input files that this machine sees (first, middle, last, then others): what every worker must see."""
    order = [0, len(paths) // 2, len(paths) - 1] + list(range(1, len(paths)))
    found: list[str] = []
    for i in order[:tries]:
        full = os.path.join(base, str(paths[i]))
        if full not in found and os.path.isfile(full):
            found.append(full)
            if len(found) == want:
                break
    return found


def check_workers(client, paths: list[Path], base: str, cache_dir: str | None, version: str,
                  say: Callable[[str], None]) -> dict:
    """:func:`check_worker` on every worker; :class:`ClusterError` naming each worker that cannot do the build."""
    answers = client.run(check_worker, _probe_paths(paths, base), cache_dir, version)
    problems = []
    for address, answer in sorted(answers.items()):
        where = f"worker {address} (on {answer['host']})"
        if answer["version"] != version:
            problems.append(f"{where} extracts with version {answer['version']}, this build with {version}: "
                            "install the same whofunds on every worker")
        for missing in answer["missing"]:
            problems.append(f"{where} cannot see the input {missing}: inputs must be on a filesystem that every "
                            "worker mounts at the same path (docs/scale.md)")
        if answer["cache_problem"]:
            problems.append(f"{where} cannot write the extraction cache {cache_dir} ({answer['cache_problem']}): "
                            "put --out on a shared filesystem, or build with --no-cache")
        if answer["nthreads"] > 1:
            say(f"worker {address} has {answer['nthreads']} threads; it extracts one partition at a time "
                "(start workers with --nthreads 1 and one worker process per core)")
    if problems:
        raise ClusterError("; ".join(problems))
    return answers


def _register_plugin(client) -> None:
    try:
        client.register_plugin(ExtractionPlugin(), name=PLUGIN_NAME)
    except Exception as exc:  # noqa: BLE001 -- raised on a worker: no model, another spaCy, ...
        raise ClusterError(f"a worker cannot load the extraction pipeline: {type(exc).__name__}: {exc}") from None


def read_and_extract_on_cluster(inputs, scheduler: str, *, cache_dir: str | os.PathLike | None, max_bytes: int,
                                partition_size: int = 0, on_paths: Callable[[int], None] | None = None,
                                progress: Callable[[int], None] | None = None,
                                notify: Callable[[str], None] | None = None,
                                status: Callable[[str], None] | None = None, status_every: float = STATUS_SECONDS,
                                connect_timeout: float = 30.0) -> ClusterRun:
    """Read and extract the documents among ``inputs`` on the cluster at ``scheduler``; what a local build's
    reading of them and :func:`~whofunds.pipeline.extract_all` give, in the same order (see the module's
    docstring). Tables and entity files are left to the caller (:func:`whofunds.loaders.sources.read_structured`
    with ``paths`` and ``kept``).

    ``on_paths(n)`` is told how many input paths there are, ``progress(k)`` as paths are done,
    ``notify(message)`` of workers lost and joined and of partitions retried, and ``status(line)`` every
    ``status_every`` seconds how far the build is (:func:`status_line`: paths done of all, failures by worker).
    """
    from whofunds.loaders.extract import current_version
    from whofunds.pipeline import Extracted

    where = parse_scheduler(scheduler)
    events: list[str] = []

    def say(message: str) -> None:
        events.append(message)
        if notify:
            notify(message)

    listed, listing_failures = iter_paths(inputs)
    paths = [p for p in listed if input_kind(p) == "document"]  # tables and entity files need no NLP: the caller's
    listed_at = time.perf_counter()
    if on_paths:
        on_paths(len(paths))
    info: dict = {"scheduler": str(where), "paths": len(paths), "workers": {}, "lost_workers": [],
                  "retried_partitions": 0, "killed_worker": [], "events": events}
    if not paths:  # no document to read: no cluster needed
        return ClusterRun(list(listing_failures), Extracted([]), info, listed_at, listed, {})
    version = current_version()
    base = os.getcwd()
    cache = str(Path(cache_dir).absolute()) if cache_dir is not None else None
    records: dict[int, tuple[str | None, str | None, int]] = {}  # path index -> (doc id, reason, result number)
    results: list[dict] = []
    with connect(where, timeout=connect_timeout) as client:
        t_connected = time.perf_counter()
        try:
            client.wait_for_workers(1, timeout=NO_WORKER_TIMEOUT)
        except TimeoutError:
            raise ClusterError(f"the Dask scheduler at {where} has had no worker for {NO_WORKER_TIMEOUT:.0f} s; "
                               "start some (dask worker ADDRESS) and build again") from None
        check_workers(client, paths, base, cache, version, say)
        _register_plugin(client)
        t_ready = time.perf_counter()
        workers_now = set(client.nthreads())
        size = partition_size or choose_partition_size(len(paths), len(workers_now))
        items = [(i, str(p)) for i, p in enumerate(paths)]
        parts = [items[a:a + size] for a in range(0, len(items), size)]
        info.update(partitions=len(parts), partition_size=size, workers_at_start=len(workers_now))
        build_id = uuid.uuid4().hex[:12]
        kwargs = dict(base=base, max_bytes=max_bytes, cache_dir=cache, version=version)
        pending: dict = {}  # future -> its items
        serial = itertools.count()
        finished: queue.Queue = queue.Queue()  # futures as they end (this client's callbacks, not the default client's)

        def submit(part: list[tuple[int, str]], tag: str) -> None:
            future = client.submit(run_partition, part, key=f"whofunds-{tag}-{part[0][0]}-{next(serial)}-{build_id}",
                                   pure=False, **kwargs)
            pending[future] = part
            future.add_done_callback(finished.put)

        for part in parts:
            submit(part, "partition")
        from distributed.scheduler import KilledWorker
        from distributed.utils import CancelledError

        retried: set[str] = set()  # our tasks that were running on a worker that died
        second_chance: set[int] = set()  # paths given one more try after their single-document task was killed
        taken: list = []  # futures whose results we have, released after the next look at the scheduler
        state = {"workers": workers_now, "lonely_since": None, "last_look": 0.0, "exact": True, "done": 0,
                 "last_status": time.monotonic(), "started": time.monotonic()}

        def scheduler_view(tag, dask_scheduler=None):  # runs in the scheduler (sent by value: no whofunds there)
            return {"workers": sorted(dask_scheduler.workers),
                    "retried": sorted(k for k, ts in dask_scheduler.tasks.items()
                                      if isinstance(k, str) and k.endswith(tag) and ts.suspicious)}

        def look() -> None:
            """Which workers left or joined, and which of our tasks are being retried because their worker
            died (the scheduler counts that per task while it holds it: we release tasks only after a look)."""
            try:
                view = client.run_on_scheduler(scheduler_view, build_id) if state["exact"] else None
            except Exception as exc:  # noqa: BLE001 -- a scheduler that runs no functions: workers only
                state["exact"] = False
                view = None
                say(f"the scheduler does not run whofunds' look at its tasks ({type(exc).__name__}: {exc}); "
                    "lost workers are reported, retried partitions are not counted")
            now = set(view["workers"] if view else client.nthreads())
            for gone in sorted(state["workers"] - now):
                info["lost_workers"].append(gone)
                say(f"worker {gone} left the cluster")
            for new in sorted(now - state["workers"]):
                say(f"worker {new} joined the cluster ({len(now)} workers)")
            state["workers"] = now
            fresh = set(view["retried"]) - retried if view else set()
            if fresh:
                retried.update(fresh)
                info["retried_partitions"] = len(retried)
                say(f"{len(fresh)} partition(s) lost with their worker are retried on the others "
                    f"({len(retried)} so far)")
            if not now:
                state["lonely_since"] = state["lonely_since"] or time.monotonic()
                if time.monotonic() - state["lonely_since"] > NO_WORKER_TIMEOUT:
                    raise ClusterError(f"the cluster has had no worker for {NO_WORKER_TIMEOUT:.0f} s; "
                                       "nothing was written")
            else:
                state["lonely_since"] = None
            for future in taken:
                future.release()
            taken.clear()
            state["last_look"] = time.monotonic()

        try:
            while pending:
                ended = []
                try:
                    ended.append(finished.get(timeout=POLL_SECONDS))
                    while True:
                        ended.append(finished.get_nowait())
                except queue.Empty:  # none (more) ended: look at the workers, then wait again
                    pass
                for future in ended:
                    part = pending.pop(future, None)
                    if part is None:
                        continue
                    taken.append(future)
                    try:
                        result = future.result()
                    except CancelledError:
                        raise ClusterError(f"the scheduler at {where} dropped the build's tasks (did it restart?); "
                                           "nothing was written") from None
                    except KilledWorker:
                        if len(part) > 1:
                            say(f"a partition of {len(part)} documents ({part[0][1]} ...) killed its worker each "
                                "time it ran; retrying its documents one by one")
                            for item in part:
                                submit([item], "document")
                        elif part[0][0] not in second_chance:
                            # Dask counts a death against every task the worker held, so a document queued
                            # behind the culprit can be blamed with it: one more try, on its own key, clears it.
                            second_chance.add(part[0][0])
                            submit(part, "again")
                        else:
                            index, path = part[0]
                            reason = "could not be read or extracted: its worker process died each time it tried"
                            records[index] = (None, reason, -1)
                            info["killed_worker"].append(path)
                            state["done"] += 1
                            if progress:
                                progress(1)
                        continue
                    if result["version"] != version:
                        raise ClusterError(f"worker {result['worker']} extracts with version {result['version']}, "
                                           f"the build with {version}")
                    number = len(results)
                    results.append(result)
                    stats = info["workers"].setdefault(result["worker"], {
                        "partitions": 0, "paths": 0, "failures": 0, "read_s": 0.0, "extract_s": 0.0,
                        "peak_rss_mb": None})
                    stats["partitions"] += 1
                    stats["paths"] += len(part)
                    stats["failures"] += sum(1 for r in result["records"] if r[2]) + len(result["failed"])
                    stats["read_s"] += result["seconds"]["read"]
                    stats["extract_s"] += result["seconds"]["extract"]
                    if result.get("peak_rss_mb") is not None:
                        stats["peak_rss_mb"] = max(stats["peak_rss_mb"] or 0.0, result["peak_rss_mb"])
                    for index, doc_id, reason in result["records"]:
                        records[index] = (doc_id, reason, number)
                    state["done"] += len(part)
                    if progress:
                        progress(len(part))
                if not pending or time.monotonic() - state["last_look"] >= POLL_SECONDS:
                    look()
                if status and pending and time.monotonic() - state["last_status"] >= status_every:
                    state["last_status"] = time.monotonic()
                    status(status_line(state["done"], len(paths), time.monotonic() - state["started"], info,
                                       len(state["workers"])))
        except BaseException:
            try:
                client.cancel(list(pending))
            except Exception:  # noqa: BLE001 -- the scheduler may be gone; the error that brought us here matters
                pass
            raise
        info["retried_partitions"] = len(retried)
        t_done = time.perf_counter()
    info["seconds"] = {
        "connect": t_connected - listed_at, "start_workers": t_ready - t_connected, "run": t_done - t_ready,
        "worker_read": sum(r["seconds"]["read"] for r in results),
        "worker_extract": sum(r["seconds"]["extract"] for r in results),
        "worker_cpu": sum(r["seconds"]["read_cpu"] + r["seconds"]["extract_cpu"] for r in results),
    }

    # Back in path order: what a local build reads, keeps, extracts and reports, in its order.
    failures = list(listing_failures)
    first_path: dict[str, str] = {}
    kept: list[tuple[str, str, int]] = []
    for index, path in enumerate(paths):
        doc_id, reason, number = records[index]
        shown = str(path)
        if doc_id is None:
            failures.append(Failure(shown, reason))
        elif doc_id in first_path:
            failures.append(duplicate_failure(shown, doc_id, first_path[doc_id]))
        else:
            first_path[doc_id] = shown
            kept.append((shown, doc_id, number))
    extracted = Extracted([])
    for shown, doc_id, number in kept:
        result = results[number]
        ex: Extraction | None = result["extractions"].get(doc_id)
        if ex is None:
            extracted.failures.append(Failure(shown, result["failed"][doc_id]))
            continue
        extracted.extractions.append(ex)
        if doc_id in result["hits"]:
            extracted.hits.add(doc_id)
        for warning in result["warnings"].get(doc_id, ()):
            extracted.warnings.append(warning)
            extracted.warnings_for.setdefault(doc_id, []).append(warning)
    extracted.cached = len(extracted.hits)
    info["documents"] = len(extracted.extractions)
    return ClusterRun(failures, extracted, info, listed_at, listed, first_path)
