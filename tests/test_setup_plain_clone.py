"""A plain clone (no ../shared beside it) passes `make test`: tests that need the shared seed corpus skip
with a reason, and CI (.ci/run sets WHOFUNDS_REQUIRE_SHARED=1) makes them required."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _clone_tests(dest: Path) -> Path:
    """The test set-up of this repository in a folder with no ../shared, and one test that needs the seeds."""
    tests = dest / "repo" / "tests"
    shutil.copytree(ROOT / "tests" / "plugins", tests / "plugins")
    shutil.copy(ROOT / "tests" / "conftest.py", tests / "conftest.py")
    (tests / "test_needs_seeds.py").write_text("def test_uses_seeds(seeds_dir):\n    assert seeds_dir.is_dir()\n")
    (tests / "test_plain.py").write_text("def test_plain():\n    assert True\n")
    assert not (dest / "shared").exists()
    return tests


def _pytest(tests: Path, **env) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "WHOFUNDS_REQUIRE_SHARED"}
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", "-q", str(tests)],
                          capture_output=True, text=True, cwd=tests.parent, env={**environ, "CI": "true", **env},
                          timeout=300)


def test_without_shared_the_seed_tests_skip_and_name_the_reason(tmp_path):
    result = _pytest(_clone_tests(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed, 1 skipped" in result.stdout
    assert "needs the shared seed corpus" in result.stdout


def test_ci_flag_makes_the_seed_tests_required(tmp_path):
    result = _pytest(_clone_tests(tmp_path), WHOFUNDS_REQUIRE_SHARED="1")
    assert result.returncode == 1
    assert "seed corpus missing" in result.stdout


def test_ci_run_sets_the_flag():
    assert "WHOFUNDS_REQUIRE_SHARED=" in (ROOT / ".ci" / "run").read_text("utf-8")
