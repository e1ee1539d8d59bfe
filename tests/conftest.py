"""Shared test set-up. Fixtures for real servers live in tests/plugins/."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds.yaml"

sys.path.insert(0, str(Path(__file__).parent))
pytest_plugins = ["plugins.neo4j_server", "plugins.browser", "plugins.gephi"]


# The seed corpus, its answer key and the reference scorer live in ../shared, beside the clone in CI but
# not in the repository: a plain clone skips the tests that need them (with this reason), and CI, whose
# .ci/run sets WHOFUNDS_REQUIRE_SHARED=1, fails them instead.
REQUIRE_SHARED = "WHOFUNDS_REQUIRE_SHARED"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get(REQUIRE_SHARED):
            pytest.fail(f"seed corpus missing at {SEEDS} ({REQUIRE_SHARED} is set)")
        pytest.skip(f"needs the shared seed corpus at {SEEDS}, which is not part of the repository "
                    f"(CI lays it beside the clone and sets {REQUIRE_SHARED}=1)")
    return SEEDS


@pytest.fixture(scope="session")
def sample_graph_json(tmp_path_factory) -> Path:
    """graph.json of the sample corpus (data/sample), built once per session."""
    from whofunds.pipeline import build

    out = tmp_path_factory.mktemp("sample-build")
    build([ROOT / "data" / "sample"], out, write_map=False, use_cache=False)
    return out / "graph.json"


@pytest.fixture(scope="session")
def seeds_graph_json(seeds_dir, tmp_path_factory) -> Path:
    """graph.json of the seed corpus, built once per session by the real CLI."""
    out = tmp_path_factory.mktemp("seeds-build")
    proc = subprocess.run([sys.executable, "-m", "whofunds.cli", "build", str(seeds_dir), "--out", str(out)],
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0 or not (out / "graph.json").exists():
        pytest.fail(f"`whofunds build` on the seeds failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    return out / "graph.json"
