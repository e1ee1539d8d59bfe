"""The wheel: one top-level package (`whofunds`), every module and data file inside it, a working CLI.

The repository keeps its code folders (`graph/`, `loaders/`, ...) at the top, mapped under
`whofunds.` by `[tool.setuptools.package-dir]`; a package left out of that mapping, or a data file
left out of `package-data`, works in the editable install and breaks only for users of the wheel.
So the expectations are read from the source tree, not written down by hand: a new module or
data file is covered the day it is added.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Source folder -> import path inside the wheel (mirrors pyproject's package-dir).
CODE_FOLDERS = {"whofunds": "whofunds", "graph": "whofunds/graph", "loaders": "whofunds/loaders",
                "queries": "whofunds/queries", "viz": "whofunds/viz", "data": "whofunds/data"}
DATA_SUFFIXES = (".yaml", ".cypher", ".html", ".js", ".css")
NOT_SHIPPED = ("data/sample", "data/eval", "data/registry")  # the samples are for `make demo` and the README, the eval sets for tests: not installed

pytestmark = pytest.mark.slow


def source_files(suffixes: tuple[str, ...]) -> dict[str, str]:
    """Wheel path -> source path, for files in the code folders with one of ``suffixes``."""
    found = {}
    for folder, target in CODE_FOLDERS.items():
        for path in sorted((ROOT / folder).rglob("*")):
            rel = path.relative_to(ROOT).as_posix()
            if (not path.is_file() or path.suffix not in suffixes or "__pycache__" in rel
                    or any(rel.startswith(skip + "/") for skip in NOT_SHIPPED)):
                continue
            found[target + "/" + path.relative_to(ROOT / folder).as_posix()] = rel
    return found


def _copy_source(dest: Path) -> Path:
    """The repository without venvs, outputs or caches: the build must not write into the shared tree."""
    ignore = shutil.ignore_patterns(".git", ".venv", "venv", "out", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".hypothesis", "artifacts", "results", ".neo4j")
    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    return dest


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    src = _copy_source(tmp / "src")
    out = tmp / "dist"
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--quiet",
                           "--disable-pip-version-check", "-w", str(out)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=600)
    assert proc.returncode == 0, f"pip wheel failed:\n{proc.stdout}\n{proc.stderr}"
    # `make demo` shows what setuptools says: a deprecated license table or a data folder outside
    # `packages` are warnings a new user should never see.
    assert "Warning" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr
    wheels = list(out.glob("whofunds-*.whl"))
    assert len(wheels) == 1, f"expected one whofunds wheel, got {[w.name for w in out.iterdir()]}"
    return wheels[0]


@pytest.fixture(scope="module")
def wheel_names(wheel) -> set[str]:
    with zipfile.ZipFile(wheel) as zf:
        return set(zf.namelist())


def test_only_whofunds_is_top_level(wheel_names):
    top = {name.split("/")[0] for name in wheel_names}
    packages = {t for t in top if not t.endswith((".dist-info", ".data"))}
    assert packages == {"whofunds"}, f"unexpected top-level entries in the wheel: {sorted(packages - {'whofunds'})}"
    for generic in ("graph", "loaders", "queries", "viz", "data", "tests", "benchmarks", "scripts"):
        assert not any(n.startswith(generic + "/") for n in wheel_names)


def test_every_module_is_shipped(wheel_names):
    modules = source_files((".py",))
    assert "whofunds/cli.py" in modules and "whofunds/graph/io.py" in modules  # the scan itself works
    missing = sorted(f"{rel} (as {name})" for name, rel in modules.items() if name not in wheel_names)
    assert not missing, "modules missing from the wheel (add their package to [tool.setuptools] packages):\n" + \
        "\n".join(missing)


def test_every_data_file_is_shipped(wheel_names):
    data = source_files(DATA_SUFFIXES)
    for required in ("whofunds/graph/schema.yaml", "whofunds/loaders/extract/patterns.yaml",
                     "whofunds/viz/template.html"):
        assert required in data, f"{required} not found in the source tree"
    assert any(n.startswith("whofunds/data/gazetteer/") for n in data)
    assert any(n.startswith("whofunds/queries/") and n.endswith(".cypher") for n in data)
    missing = sorted(f"{rel} (as {name})" for name, rel in data.items() if name not in wheel_names)
    assert not missing, "data files missing from the wheel (see [tool.setuptools.package-data]):\n" + \
        "\n".join(missing)
    assert not any(n.startswith(("whofunds/data/sample/", "whofunds/data/eval/")) for n in wheel_names), \
        "the sample corpus and the evaluation sets are not shipped"


def test_installed_wheel_runs(wheel, tmp_path):
    """Install the wheel alone into a fresh venv that borrows only third-party packages from this one."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    vpy = venv / "bin" / "python"
    site = Path(subprocess.run([vpy, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # A plain path entry: the editable install's finder (.pth hooks in our site-packages) is NOT run there.
    (site / "_borrowed_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", str(vpy), "install", "--no-deps", "--no-index",
                           "--quiet", "--disable-pip-version-check", str(wheel)],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}

    def run(*cmd):
        return subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, env=env,
                              stdin=subprocess.DEVNULL, timeout=120)

    n_queries = len(list((ROOT / "queries").glob("*.cypher")))
    where = run(str(vpy), "-c", "import whofunds; from whofunds.graph.schema import SCHEMA; "
                "from whofunds.queries.catalog import all_queries; "
                "print(whofunds.__file__); print(len(SCHEMA.entity_types), len(all_queries()))")
    assert where.returncode == 0, where.stderr
    lines = where.stdout.splitlines()
    assert lines[0].startswith(str(site)), f"whofunds imported from {lines[0]!r}, not from the installed wheel"
    n_types, n_found = map(int, lines[1].split())
    assert n_types > 0 and n_found == n_queries, f"installed package reads {n_found} of {n_queries} .cypher files"
    for generic in ("graph", "loaders", "queries", "viz"):
        assert run(str(vpy), "-c", f"import {generic}").returncode != 0, f"top-level `{generic}` is importable"

    script = venv / "bin" / "whofunds"
    assert script.exists(), "the wheel installed no `whofunds` console script"
    help_ = run(str(script), "--help")
    assert help_.returncode == 0, help_.stdout + help_.stderr
    for command in ("build", "map", "neo4j"):
        assert command in help_.stdout, f"`whofunds --help` does not list `{command}`:\n{help_.stdout}"

    # The whole build from the installed wheel reads the gazetteer, the patterns and the map template.
    out = tmp_path / "out"
    built = run(str(script), "build", str(ROOT / "data" / "sample"), "--out", str(out), "--no-cache", "-q")
    assert built.returncode == 0, built.stdout + built.stderr
    assert (out / "graph.json").stat().st_size > 0 and (out / "map.html").stat().st_size > 0
