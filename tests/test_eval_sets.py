"""The evaluation sets in data/eval: a change to the rules must not lower their scores below these floors.

The floors sit a little under the scores measured when they were set (see the closing notes), so
that a real regression fails and an unrelated change does not.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from whofunds.graph.evaluate import score_files
from whofunds.pipeline import build

EVAL = Path(__file__).resolve().parents[1] / "data" / "eval"
# set: (relation F1 floor, entity F1 floor), a little under the scores measured when last raised (see the
# closing notes): a 0.908/0.988, b 0.825/0.973, c 0.924/1.000, d 0.805/0.986, e 0.573/0.923 (held out: never
# tuned on), f 0.705/0.947, g 0.701/0.976, h 0.771/0.950, i 0.734/0.915, j 0.823/0.961, k 0.767/0.948,
# l 0.597/0.921 (held out), m 0.595/0.906 (held out), n 0.703/0.918 (first score 0.585), o 0.695/0.945 (first
# score 0.605), p 0.604/0.912 (held out; first score 0.539), q 0.713/0.921 (first score 0.581), r 0.709/0.926
# (held out; first score 0.694), s 0.550/0.923 (held out; first score 0.548), t 0.723/0.916 (first score 0.616).
# Sets h-t were written blind to the extractor (data/eval/README.md).
FLOORS = {"set-a": (0.89, 0.97), "set-b": (0.81, 0.95), "set-c": (0.91, 0.98), "set-d": (0.78, 0.96),
          "set-e": (0.55, 0.90), "set-f": (0.69, 0.92), "set-g": (0.68, 0.95), "set-h": (0.75, 0.92),
          "set-i": (0.71, 0.89), "set-j": (0.80, 0.94), "set-k": (0.75, 0.93), "set-l": (0.58, 0.90),
          "set-m": (0.57, 0.88), "set-n": (0.68, 0.89), "set-o": (0.67, 0.92), "set-p": (0.58, 0.89),
          "set-q": (0.69, 0.90), "set-r": (0.69, 0.90), "set-s": (0.53, 0.90), "set-t": (0.70, 0.89),
          "set-u": (0.62, 0.89)}

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_eval_set_scores_stay_above_their_floors(name, tmp_path):
    out = tmp_path / name
    build([EVAL / name / "docs"], out, write_map=False, use_cache=False)
    result = score_files(out / "graph.json", EVAL / name / "expected.yaml")
    relation_floor, entity_floor = FLOORS[name]
    assert result["relations"]["f1"] >= relation_floor, (result["relations"], result.get("missed_relations"))
    assert result["entities"]["f1"] >= entity_floor, (result["entities"], result.get("missed_entities"))


def test_every_set_has_documents_and_a_key():
    assert sorted(p.name for p in EVAL.iterdir() if p.is_dir()) == sorted(FLOORS)
    for name in FLOORS:
        assert len(list((EVAL / name / "docs").glob("*.txt"))) >= 5
        assert (EVAL / name / "expected.yaml").is_file()
