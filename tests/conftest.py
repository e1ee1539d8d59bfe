"""Shared test set-up. Fixtures for real servers live in tests/plugins/."""
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds.yaml"

sys.path.insert(0, str(Path(__file__).parent))
pytest_plugins = ["plugins.neo4j_server", "plugins.browser"]


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"seed corpus missing at {SEEDS}")
        pytest.skip(f"seed corpus not found at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def sample_graph_json(tmp_path_factory) -> Path:
    """graph.json of the sample corpus (data/sample), built once per session."""
    from whofunds.pipeline import build

    out = tmp_path_factory.mktemp("sample-build")
    build([ROOT / "data" / "sample"], out, write_map=False, use_cache=False)
    return out / "graph.json"
