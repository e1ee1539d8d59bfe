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
# closing notes): a 0.903/0.988, b 0.829/0.961, c 0.914/0.996, d 0.794/0.986, e 0.565/0.922 (held out: never
# tuned on), f 0.677/0.940, g 0.675/0.969, h 0.755/0.930, i 0.707/0.912, j 0.801/0.952, k 0.696/0.942,
# l 0.573/0.919 (held out), m 0.530/0.906 (held out), n 0.642/0.903 (first score 0.585), o 0.605/0.935 (first
# score), p 0.539/0.891 (held out; first score), q 0.581/0.893 (first score), r 0.694/0.926 (held out; first score).
# Sets h-r were written blind to the extractor (data/eval/README.md).
FLOORS = {"set-a": (0.88, 0.97), "set-b": (0.81, 0.94), "set-c": (0.89, 0.98), "set-d": (0.77, 0.96),
          "set-e": (0.54, 0.90), "set-f": (0.65, 0.92), "set-g": (0.65, 0.95), "set-h": (0.73, 0.91),
          "set-i": (0.68, 0.89), "set-j": (0.78, 0.93), "set-k": (0.67, 0.92), "set-l": (0.55, 0.89),
          "set-m": (0.51, 0.88), "set-n": (0.62, 0.88), "set-o": (0.58, 0.91),
          "set-p": (0.52, 0.87), "set-q": (0.56, 0.87), "set-r": (0.67, 0.90)}

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
