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
# closing notes): a 0.908/0.988, b 0.825/0.973, c 0.925/1.000, d 0.822/0.993, e 0.585/0.923 (held out: never
# tuned on), f 0.739/0.947, g 0.734/0.976, h 0.784/0.956, i 0.744/0.918, j 0.825/0.961, k 0.795/0.951,
# l 0.600/0.921 (held out), m 0.611/0.912 (held out), n 0.723/0.927 (first score 0.585), o 0.711/0.945 (first
# score 0.605), p 0.611/0.912 (held out; first score 0.539), q 0.726/0.926 (first score 0.581), r 0.710/0.928
# (held out; first score 0.694), s 0.569/0.923 (held out; first score 0.548), t 0.735/0.920 (first score 0.616),
# u 0.645/0.916 (held out; first score 0.645).
# Sets h-u were written blind to the extractor (data/eval/README.md).
FLOORS = {"set-a": (0.89, 0.97), "set-b": (0.81, 0.95), "set-c": (0.91, 0.98), "set-d": (0.80, 0.97),
          "set-e": (0.56, 0.90), "set-f": (0.72, 0.92), "set-g": (0.71, 0.95), "set-h": (0.76, 0.93),
          "set-i": (0.72, 0.89), "set-j": (0.80, 0.94), "set-k": (0.77, 0.93), "set-l": (0.58, 0.90),
          "set-m": (0.59, 0.89), "set-n": (0.70, 0.90), "set-o": (0.69, 0.92), "set-p": (0.59, 0.89),
          "set-q": (0.70, 0.90), "set-r": (0.69, 0.90), "set-s": (0.55, 0.90), "set-t": (0.71, 0.90),
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
