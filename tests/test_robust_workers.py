"""Worker processes die with their build: ``kill -9`` of a ``-j 2`` build leaves no orphan behind."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from make_bad_corpus import write_news_corpus

pytestmark = pytest.mark.slow


def _alive(procs):
    out = []
    for p in procs:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


@pytest.mark.parametrize("moment", ["workers just started", "extracting"])
def test_kill_9_of_a_two_worker_build_takes_its_workers_with_it(tmp_path, moment):
    corpus = tmp_path / "corpus"
    write_news_corpus(corpus, 120)
    out = tmp_path / "out"
    build = subprocess.Popen([sys.executable, "-m", "whofunds.cli", "build", str(corpus), "--out", str(out), "-j", "2",
                              "-q", "--no-map"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             start_new_session=True)
    parent = psutil.Process(build.pid)
    workers = []
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and build.poll() is None:
            workers = parent.children(recursive=True)
            cached = len(list(out.glob(".cache/*/*.json")))
            if len(workers) >= 2 and (moment != "extracting" or cached >= 10):
                break
            time.sleep(0.01)
        assert len(workers) >= 2 and build.poll() is None, "the build ended before its workers could be seen"
        os.kill(build.pid, signal.SIGKILL)  # the build alone, not its process group
        build.wait(timeout=60)
        deadline = time.monotonic() + 30
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        orphans = _alive(workers)
        assert not orphans, f"workers outlived their build: {[(p.pid, p.status()) for p in orphans]}"
    finally:
        for p in _alive(workers):
            p.kill()
        if build.poll() is None:
            build.kill()
