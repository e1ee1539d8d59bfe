"""Nothing lost: the four outputs of a build are replaced as one set, and only by a build that succeeds.

A mistyped input, a full disk, a second build into the same folder, or ``kill -9`` at any write step
leaves the previous outputs byte-identical (or, once the new set is committed, the whole new set).
These run the real ``whofunds`` command in subprocesses (spaCy included), so they are marked slow.
"""
from __future__ import annotations

import fcntl
import os
import resource
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from make_bad_corpus import write_news_corpus

pytestmark = pytest.mark.slow
WHOFUNDS = [sys.executable, "-m", "whofunds.cli"]
OUTPUTS = ("graph.json", "nodes.csv", "edges.csv", "map.html")


def run(*args, preexec_fn=None, timeout=600) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run([*WHOFUNDS, *map(str, args)], capture_output=True, text=True, env=env, timeout=timeout,
                          preexec_fn=preexec_fn)


def outputs(out: Path) -> dict[str, bytes]:
    """The outputs a reader finds in ``out`` (through the links), by name."""
    return {name: (out / name).read_bytes() for name in OUTPUTS if (out / name).exists()}


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    """A corpus, last week's outputs built from it (with the cache), and this week's alias file that changes them."""
    root = tmp_path_factory.mktemp("week")
    corpus = root / "corpus"
    write_news_corpus(corpus, 6)
    out = root / "out"
    first = run("build", corpus, "--out", out, "-q")
    assert first.returncode == 0, first.stderr
    graph = yaml.safe_load((out / "graph.json").read_text("utf-8"))
    firm = next(n["name"] for n in graph["nodes"] if n["type"] == "Firm")
    aliases = root / "aliases.yaml"
    aliases.write_text(yaml.safe_dump({"drop": [firm]}), "utf-8")
    reference = root / "reference"
    shutil.copytree(out, reference, symlinks=True)
    new = run("build", corpus, "--out", reference, "-q", "--aliases", aliases)
    assert new.returncode == 0, new.stderr
    old_set, new_set = outputs(out), outputs(reference)
    assert set(old_set) == set(new_set) == set(OUTPUTS)
    assert all(old_set[n] != new_set[n] for n in ("graph.json", "nodes.csv", "edges.csv"))
    return {"root": root, "corpus": corpus, "out": out, "aliases": aliases, "old": old_set, "new": new_set}


def fresh_copy(week, tmp_path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(week["out"], out, symlinks=True)
    assert outputs(out) == week["old"]
    return out


def test_a_mistyped_input_leaves_the_previous_outputs_byte_identical(week, tmp_path):
    out = fresh_copy(week, tmp_path)
    result = run("build", tmp_path / "typo", "--out", out)
    assert result.returncode == 2
    assert "no readable documents" in result.stderr and "nothing was written" in result.stderr
    assert outputs(out) == week["old"]


def test_strict_failure_leaves_the_previous_outputs(week, tmp_path):
    out = fresh_copy(week, tmp_path)
    (tmp_path / "empty.txt").write_text("")
    result = run("build", week["corpus"], tmp_path / "empty.txt", "--out", out, "--strict")
    assert result.returncode == 2
    assert outputs(out) == week["old"]


def test_outputs_are_links_into_one_set_and_no_map_means_a_set_without_map(week, tmp_path):
    out = fresh_copy(week, tmp_path)
    result = run("build", week["corpus"], "--out", out, "-q", "--aliases", week["aliases"], "--no-map")
    assert result.returncode == 0, result.stderr
    now = outputs(out)
    assert "map.html" not in now and not os.path.lexists(out / "map.html")  # no stale map beside a new graph
    assert {n: now[n] for n in ("graph.json", "nodes.csv", "edges.csv")} == {
        n: week["new"][n] for n in ("graph.json", "nodes.csv", "edges.csv")}
    current = os.path.realpath(out / ".current")
    for name in ("graph.json", "nodes.csv", "edges.csv"):
        assert os.path.realpath(out / name) == os.path.join(current, name)
    assert [p.name for p in (out / ".sets").iterdir()] == [os.path.basename(current)]  # old sets removed


def test_plain_outputs_of_an_older_version_are_adopted_unchanged_then_replaced(week, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(week["out"], out, symlinks=False)  # plain files, as older versions wrote them
    for name in (".current", ".sets", ".lock"):
        if os.path.isdir(out / name) and not os.path.islink(out / name):
            shutil.rmtree(out / name)
        elif os.path.lexists(out / name):
            os.unlink(out / name)
    (out / ".map.html.x1y2.tmp").write_text("left by a killed build of an older version")
    assert outputs(out) == week["old"] and not (out / "graph.json").is_symlink()
    result = run("build", week["corpus"], "--out", out, "-q", "--aliases", week["aliases"])
    assert result.returncode == 0, result.stderr
    assert outputs(out) == week["new"]
    assert not (out / ".map.html.x1y2.tmp").exists()


def test_a_second_build_into_a_locked_folder_is_refused_and_changes_nothing(week, tmp_path):
    out = fresh_copy(week, tmp_path)
    with open(out / ".lock", "r+") as held:  # what a running build holds
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.truncate(0)
        held.write("4242\n")
        held.flush()
        result = run("build", week["corpus"], "--out", out, "--aliases", week["aliases"])
    assert result.returncode == 1  # EXIT_ERROR: the inputs are fine, the output folder is busy
    assert "another whofunds build (pid 4242) is writing here" in result.stderr
    assert outputs(out) == week["old"]


def _fsize_limit(limit: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))  # writes past it fail (EFBIG; Python ignores SIGXFSZ)
    return apply


@pytest.mark.parametrize("limit", [4_000, 200_000])
def test_a_write_that_fails_half_way_exits_non_zero_and_keeps_the_old_set(week, tmp_path, limit):
    """A file-size limit makes the tables (4 kB) or the map (200 kB) fail part-way, as a full disk would."""
    out = fresh_copy(week, tmp_path)
    result = run("build", week["corpus"], "--out", out, "--aliases", week["aliases"], preexec_fn=_fsize_limit(limit))
    assert result.returncode == 1, result.stderr  # EXIT_ERROR: writing failed (2 is for an unreadable input)
    assert "nothing was replaced" in result.stderr and "Traceback" not in result.stderr
    assert outputs(out) == week["old"]
    assert [p.name for p in (out / ".sets").iterdir()] == [os.path.basename(os.path.realpath(out / ".current"))]


def test_a_full_disk_exits_non_zero_and_keeps_the_old_set(week, tmp_path):
    """A real ENOSPC: the output folder on a small tmpfs that holds last week's set but not this week's map."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root); the file-size-limit test covers the same path")
    try:
        out = mount / "out"
        first = run("build", week["corpus"], "--out", out, "-q", "--no-map")
        assert first.returncode == 0, first.stderr
        before = outputs(out)
        result = run("build", week["corpus"], "--out", out, "--aliases", week["aliases"])
        assert result.returncode == 1, result.stderr  # EXIT_ERROR: writing failed
        assert "the disk is full" in result.stderr and "nothing was replaced" in result.stderr
        assert outputs(out) == before
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


KILL_AT_WRITE_STEP = textwrap.dedent("""
    # Runs `whofunds build ...` and SIGKILLs itself just before its K-th write step in the output folder
    # (an open for writing, rename, link, unlink, mkdir, rmdir, chmod), as seen by Python's audit hooks.
    # K = 0 counts the steps and prints the number at exit.
    import atexit, os, signal, sys
    k, out = int(sys.argv[1]), os.path.abspath(sys.argv[2])
    seen = [0]
    WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    def inside(path):
        try:
            return os.path.abspath(os.fsdecode(path)).startswith(out)
        except TypeError:
            return False
    def hook(event, args):
        if event == "open":
            path, mode, flags = args
            writes = (mode is not None and any(c in str(mode) for c in "wax+")) or (mode is None and flags & WRITE_FLAGS)
        elif event in ("os.rename", "os.symlink", "os.link", "os.remove", "os.rmdir", "os.mkdir", "os.chmod",
                       "os.truncate"):
            path, writes = args[1] if event in ("os.rename", "os.symlink", "os.link") else args[0], True
            dir_fd = args[-1] if event in ("os.remove", "os.rmdir", "os.mkdir", "os.chmod") else None
            if isinstance(dir_fd, int) and dir_fd >= 0 and not os.path.isabs(os.fsdecode(path)):
                path = os.path.join(os.readlink(f"/proc/self/fd/{dir_fd}"), os.fsdecode(path))  # shutil.rmtree
        else:
            return
        if writes and isinstance(path, (str, bytes, os.PathLike)) and inside(path):
            seen[0] += 1
            if seen[0] == k:
                os.kill(os.getpid(), signal.SIGKILL)
    sys.addaudithook(hook)
    if k == 0:
        atexit.register(lambda: print("steps", seen[0], file=sys.stderr))
    from whofunds.cli import app
    sys.argv = ["whofunds", *sys.argv[3:]]
    app()
""")


def test_kill_9_at_every_write_step_leaves_the_old_or_the_new_set_never_a_mix(week, tmp_path):
    script = tmp_path / "kill_at.py"
    script.write_text(KILL_AT_WRITE_STEP, "utf-8")

    def build_killed_at(k: int, out: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(script), str(k), str(out), "build", str(week["corpus"]),
                               "--out", str(out), "-q", "--aliases", str(week["aliases"])],
                              capture_output=True, text=True, timeout=600)

    counted = build_killed_at(0, fresh_copy(week, tmp_path / "count"))
    assert counted.returncode == 0, counted.stderr
    steps = int(counted.stderr.split("steps")[-1])
    assert steps >= 8  # staging folder, four files, links, the commit, clean-up
    outcomes = []
    for k in range(1, steps + 1):
        out = fresh_copy(week, tmp_path / f"k{k}")
        killed = build_killed_at(k, out)
        assert killed.returncode == -9, (k, killed.stderr)
        found = outputs(out)
        assert found in (week["old"], week["new"]), f"killed before write step {k}: a mix of old and new outputs"
        outcomes.append("old" if found == week["old"] else "new")
        if k % 4 == 1 or k == steps:  # the next build after a kill repairs everything
            again = run("build", week["corpus"], "--out", out, "-q", "--aliases", week["aliases"])
            assert again.returncode == 0, again.stderr
            assert outputs(out) == week["new"]
        shutil.rmtree(out.parent)
    # Killed early, the old set is whole; from the commit on, the new one: one switch, never back.
    switch = outcomes.index("new")
    assert switch > 0 and outcomes[switch:] == ["new"] * (len(outcomes) - switch), outcomes
