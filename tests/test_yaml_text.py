"""The shipped data files read the same through libyaml's C parser as through PyYAML's safe loader."""
from pathlib import Path

import pytest
import yaml

from whofunds.graph.yaml_text import SAFE_LOADER, load_yaml

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted(p for top in ("graph", "loaders", "queries", "viz", "data") for p in (ROOT / top).rglob("*.yaml"))


def test_the_c_parser_is_used_where_pyyaml_has_it():
    assert SAFE_LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(ROOT)))
def test_shipped_yaml_reads_as_the_safe_loader_reads_it(path):
    text = path.read_text("utf-8")
    assert load_yaml(text) == yaml.safe_load(text)


def test_no_python_objects_are_built():
    with pytest.raises(yaml.YAMLError):
        load_yaml("!!python/object/apply:os.system ['true']")
