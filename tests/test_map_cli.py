"""``whofunds map``: options reach the map, bad input gives a clear error and exit code 2."""
from __future__ import annotations

import json
import re

from plugins.browser import small_graph
from typer.testing import CliRunner

from whofunds.cli import app
from whofunds.graph.io import write_graph

runner = CliRunner()


def shown(path) -> dict:
    html = path.read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="wf-data">(.*?)</script>', html, re.S).group(1))
    return {"nodes": sorted(n["id"] for n in data["nodes"]), "relations": sorted(e["relation"] for e in data["edges"])}


def graph_file(tmp_path):
    path = tmp_path / "graph.json"
    write_graph(small_graph(), path)
    return path


def test_map_of_the_whole_graph(tmp_path):
    out = tmp_path / "map.html"
    result = runner.invoke(app, ["map", str(graph_file(tmp_path)), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "6 entities, 6 relations" in result.output
    assert len(shown(out)["nodes"]) == 6


def test_focus_relations_types_top_and_size_by(tmp_path):
    graph = graph_file(tmp_path)
    out = tmp_path / "focus.html"
    result = runner.invoke(app, ["map", str(graph), "-o", str(out), "--focus", "hefei", "--depth", "1"])
    assert result.exit_code == 0, result.output
    assert shown(out)["nodes"] == ["city:hefei", "firm:nio", "fund:hefei-construction", "industry:new-energy-vehicles",
                                   "person:hefei-mayor"]
    result = runner.invoke(app, ["map", str(graph), "-o", str(out), "--relations", "INVESTS_IN,CONTROLS"])
    assert shown(out)["relations"] == ["CONTROLS", "INVESTS_IN"]
    result = runner.invoke(app, ["map", str(graph), "-o", str(out), "--type", "Firm,Fund"])
    assert shown(out)["nodes"] == ["firm:catl", "firm:nio", "fund:hefei-construction"]
    result = runner.invoke(app, ["map", str(graph), "-o", str(out), "--top", "1", "--size-by", "in_degree",
                                 "--title", "Top"])
    assert result.exit_code == 0, result.output
    assert shown(out)["nodes"] == ["city:hefei"]
    assert "<title>Top</title>" in out.read_text(encoding="utf-8")


def test_errors_are_clear_and_exit_2(tmp_path):
    graph = graph_file(tmp_path)
    out = tmp_path / "x.html"
    focus = runner.invoke(app, ["map", str(graph), "-o", str(out), "--focus", "Atlantis"])
    # a name that is no entity: exit 4, as for trace and query
    assert focus.exit_code == 4 and "no node matches 'Atlantis'" in " ".join(focus.output.split()), focus.output
    cases = [
        (["--type", "Bank"], "unknown entity type 'Bank'"),
        (["--relations", "FUNDS"], "unknown relation type 'FUNDS'"),
        (["--size-by", "colour"], "cannot size nodes by 'colour'"),
    ]
    for extra, message in cases:
        result = runner.invoke(app, ["map", str(graph), "-o", str(out), *extra])
        assert result.exit_code == 2, (extra, result.output)
        assert message in " ".join(result.output.split()), result.output
    result = runner.invoke(app, ["map", str(tmp_path / "missing.json"), "-o", str(out)])
    assert result.exit_code == 2 and "no such file" in result.output
    assert not out.exists()
