"""``whofunds evaluate`` gives the reference scorer's numbers (``shared/tools/score.py``), plus per-type ones.

Both are run as an analyst runs them, as programs: on the graph built from the seed corpus, and on
small hand-made graphs that exercise each scoring rule (aliases, optional items, alternative types
and ends, direction).
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from whofunds.cli import app
from whofunds.graph.evaluate import score

FIELDS = ("precision", "recall", "f1")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=600)


def whofunds(*args: str):
    """The ``whofunds`` CLI in this process (the model, once loaded, is shared with the other tests)."""
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="session")
def shared_dir(seeds_dir) -> Path:
    return seeds_dir.parents[1]


@pytest.fixture(scope="session")
def score_tool(shared_dir) -> Path:
    tool = shared_dir / "tools" / "score.py"
    assert tool.is_file(), f"reference scorer missing at {tool}"
    return tool


@pytest.fixture(scope="session")
def seeds_graph(seeds_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seeds_out")
    res = whofunds("build", str(seeds_dir), "--out", str(out), "--no-map", "--no-cache", "--quiet", "--workers", "1")
    assert res.exit_code == 0, res.output
    return out / "graph.json"


@pytest.fixture(scope="session")
def reference(score_tool):
    """The reference scorer's module, for the many small cases (the seeds case runs it as a program)."""
    spec = importlib.util.spec_from_file_location("reference_score", score_tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def ours_json(graph: Path, gold: Path) -> dict:
    res = whofunds("evaluate", str(graph), str(gold), "--json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def assert_same_numbers(ours: dict, ref: dict) -> None:
    for part in ("entities", "relations"):
        for f in FIELDS:
            assert ours[part][f] == pytest.approx(ref[part][f], abs=1e-12), (part, f, ours[part], ref[part])
    assert ours["entity_type_accuracy"] == pytest.approx(ref["entity_type_accuracy"], abs=1e-12)
    assert ours["counts"] == ref["counts"]
    for key in ("missed_entities", "spurious_entities", "missed_relations", "wrong_relations"):
        assert sorted(ours[key]) == sorted(ref[key]), key
    # the reference gives recall per type as "found/required": ours must say the same
    recall = {t: f"{v['tp']}/{v['tp'] + v['fn']}" for t, v in ours["relations_by_type"].items() if v["tp"] + v["fn"]}
    assert recall == ref["relation_recall_by_type"]


def assert_per_type_adds_up(res: dict) -> None:
    by_type = res["relations_by_type"]
    total = res["relations"]
    for k in ("tp", "fp", "fn"):
        assert sum(v[k] for v in by_type.values()) == total[k], k
    for t, v in by_type.items():  # each type's scores follow from its own counts
        p = v["tp"] / (v["tp"] + v["fp"]) if v["tp"] + v["fp"] else 0.0
        r = v["tp"] / (v["tp"] + v["fn"]) if v["tp"] + v["fn"] else 0.0
        assert (v["precision"], v["recall"]) == pytest.approx((p, r)), t
        assert v["f1"] == pytest.approx(2 * p * r / (p + r) if p + r else 0.0), t
    assert total["tp"] + total["fn"] == res["counts"]["gold_relations"]


@pytest.mark.slow
def test_evaluate_equals_reference_scorer_on_the_seeds(seeds_graph, score_tool, shared_dir):
    gold = shared_dir / "gold" / "seeds.yaml"
    proc = run(str(score_tool), str(seeds_graph), str(gold), "--json")
    assert proc.returncode == 0, proc.stderr
    ref_text = proc.stdout
    ref = json.loads(ref_text[:ref_text.rindex("relation_f1=")])
    ours = ours_json(seeds_graph, gold)
    assert_same_numbers(ours, ref)
    assert_per_type_adds_up(ours)
    assert ours["relations"]["tp"] > 0 and ours["entities"]["tp"] > 0  # a real graph, not two empty scores
    # the plain-text report ends with the same machine-readable line as the reference
    plain = whofunds("evaluate", str(seeds_graph), str(gold))
    assert plain.exit_code == 0, plain.output
    assert plain.stdout.strip().splitlines()[-1] == ref_text.strip().splitlines()[-1]


# ---- each scoring rule on a small graph, against the reference -----------------------------------

GOLD = {
    "entities": [
        {"id": "hefei", "name": "Hefei", "type": "City"},
        {"id": "anhui", "name": "Anhui", "type": "Province"},
        {"id": "jiantou", "name": "Hefei Construction Investment Holding", "type": "Fund", "aliases": ["Hefei Jiantou"]},
        {"id": "nio", "name": "NIO", "type": "Firm", "aliases": ["NIO Inc"]},
        {"id": "boe", "name": "BOE Technology", "type": "Firm"},
        {"id": "brandstatter", "name": "Anna Brandstätter", "type": "Person"},
        {"id": "ms", "name": "Morgan Stanley", "type": "Firm"},
        {"id": "gov", "name": "Hefei municipal government", "type": "GovernmentBody", "optional": True},
    ],
    "relations": [
        {"from": "hefei", "type": "LOCATED_IN", "to": "anhui"},
        {"from": "jiantou", "type": "INVESTS_IN", "to": "nio"},
        {"from": "jiantou|gov", "type": "CONTROLS", "to": "boe", "types": ["INVESTS_IN"]},
        {"from": "brandstatter", "type": "WORKS_FOR", "to": "ms"},
        {"from": "nio", "type": "LOCATED_IN", "to": "hefei", "optional": True},
        {"from": "hefei", "type": "LOCATED_IN", "to": "anhui"},  # a duplicate row counts once
    ],
}


def graph_file(path: Path, nodes: list[tuple], links: list[tuple]) -> Path:
    """A graph.json with nodes (id, name, type[, aliases]) and links (source, type, target)."""
    data = {"directed": True, "multigraph": True, "graph": {},
            "nodes": [{"id": n[0], "name": n[1], "type": n[2], "aliases": list(n[3]) if len(n) > 3 else []}
                      for n in nodes],
            "links": [{"source": s, "target": d, "type": t, "key": t} for s, t, d in links]}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


NODES = [("c", "Hefei", "City"), ("p", "Anhui Province", "Province", ["Anhui"]), ("j", "Hefei Jiantou", "Fund"),
         ("n", "Nio", "Firm"), ("b", "BOE Technology", "Firm"), ("a", "Anna Brandstatter", "Person"),
         ("m", "Morgan Stanley", "Firm"), ("g", "Hefei municipal government", "GovernmentBody"),
         ("x", "Wuhu", "City")]

CASES = [
    pytest.param(NODES, [("c", "LOCATED_IN", "p"), ("j", "INVESTS_IN", "n"), ("j", "CONTROLS", "b"),
                         ("a", "WORKS_FOR", "m")], id="all-right-with-aliases-case-accents"),
    pytest.param(NODES, [("p", "LOCATED_IN", "c"), ("n", "INVESTS_IN", "j")], id="direction-counts"),
    pytest.param(NODES, [("g", "INVESTS_IN", "b"), ("n", "LOCATED_IN", "c")], id="alternative-type-end-optional"),
    pytest.param(NODES, [("c", "LOCATED_IN", "p"), ("x", "LOCATED_IN", "p"), ("j", "FOUNDED", "n")],
                 id="wrong-type-and-spurious-node"),
    pytest.param(NODES[:3], [], id="no-edges"),
    pytest.param([], [], id="empty-graph"),
]


@pytest.mark.parametrize("nodes, links", CASES)
def test_evaluate_equals_reference_scorer_rule_by_rule(tmp_path, reference, nodes, links):
    gold = tmp_path / "gold.yaml"
    gold.write_text(yaml.safe_dump(GOLD, allow_unicode=True), encoding="utf-8")
    graph = graph_file(tmp_path / "graph.json", nodes, links)
    ours, ref = ours_json(graph, gold), reference.score(str(graph), str(gold))
    assert_same_numbers(ours, ref)
    assert_per_type_adds_up(ours)


def test_scores_of_a_hand_checked_graph():
    nodes = [{"id": n[0], "name": n[1], "type": n[2], "aliases": list(n[3]) if len(n) > 3 else []} for n in NODES]
    links = [{"source": "c", "target": "p", "type": "LOCATED_IN"}, {"source": "j", "target": "n", "type": "INVESTS_IN"},
             {"source": "j", "target": "n", "type": "FOUNDED"}, {"source": "n", "target": "c", "type": "LOCATED_IN"}]
    res = score(nodes, links, GOLD)
    # gold: 4 required relations (the duplicate counts once, the optional one not at all)
    assert (res["relations"]["tp"], res["relations"]["fp"], res["relations"]["fn"]) == (2, 1, 2)
    assert res["relations_by_type"]["FOUNDED"]["fp"] == 1 and res["relations_by_type"]["LOCATED_IN"]["tp"] == 1
    # entities: all 7 required found; Wuhu is spurious; the optional government is neither
    assert (res["entities"]["tp"], res["entities"]["fp"], res["entities"]["fn"]) == (7, 1, 0)


def test_evaluate_names_a_bad_answer_key(tmp_path):
    graph = graph_file(tmp_path / "graph.json", NODES[:1], [])
    bad = tmp_path / "not-a-key.yaml"
    bad.write_text("- just a list\n", encoding="utf-8")
    res = whofunds("evaluate", str(graph), str(bad))
    assert res.exit_code == 2 and "not-a-key.yaml" in res.output
