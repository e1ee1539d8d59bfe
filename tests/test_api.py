"""The Python API: `import whofunds` gives the version and the functions, and docs/api.md runs as written."""
from __future__ import annotations

import doctest
import json
import os
from importlib.metadata import version
from pathlib import Path

import networkx as nx
import pytest

import whofunds

ROOT = Path(__file__).resolve().parents[1]


def test_the_package_exposes_its_version_and_api():
    assert whofunds.__version__ == version("whofunds")
    for name in ("build", "read_graph", "trace", "rank", "export"):
        assert callable(getattr(whofunds, name)) and name in whofunds.__all__
        assert getattr(whofunds, name).__doc__


@pytest.mark.slow
def test_docs_api_walkthrough_runs_as_written(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    for name in ("sample", "registry"):
        os.symlink(ROOT / "data" / name, tmp_path / "data" / name)
    monkeypatch.chdir(tmp_path)
    result = doctest.testfile(str(ROOT / "docs" / "api.md"), module_relative=False, report=True,
                              optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 20
    assert result.failed == 0, f"{result.failed} example(s) of docs/api.md failed (printed above)"


def test_networkx_needs_edges_links_as_the_docs_say(sample_graph_json):
    data = json.loads(sample_graph_json.read_text("utf-8"))
    G = nx.node_link_graph(data, edges="links")
    assert G.number_of_edges() == len(data["links"])
    if tuple(int(p) for p in nx.__version__.split(".")[:2]) >= (3, 6):
        with pytest.raises(KeyError, match="edges"):
            nx.node_link_graph(data)


def test_api_errors_name_the_problem(tmp_path, sample_graph_json):
    from whofunds.graph.io import GraphFileError

    with pytest.raises(GraphFileError, match="no such file"):
        whofunds.read_graph(tmp_path / "missing.json")
    with pytest.raises(LookupError):
        whofunds.trace(sample_graph_json, "No Such Company Anywhere")
    with pytest.raises(ValueError, match="unknown column field"):
        whofunds.build([tmp_path], columns={"owner": "Inhaber"})
