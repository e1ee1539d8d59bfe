"""The loader's schedule: every relationship once, and no two writers of a round ever share a node."""
import random
from collections import Counter

import pytest

from whofunds.queries.schedule import bucket_of, disjoint_rounds, nodes_of, tournament

XS_IN_8 = [5, 3, 1, 7, 4]  # zlib.crc32 of "x0".."x4" (UTF-8) mod 8
HEFEI_IN_4 = 1


@pytest.mark.parametrize("buckets", [2, 4, 6, 8, 16])
def test_tournament_pairs_every_bucket_once_per_round_and_every_pair_once(buckets):
    rounds = tournament(buckets)
    assert len(rounds) == buckets - 1
    met = Counter()
    for pairs in rounds:
        assert sorted(b for pair in pairs for b in pair) == list(range(buckets))
        met.update(frozenset(pair) for pair in pairs)
    assert set(met.values()) == {1} and len(met) == buckets * (buckets - 1) // 2


@pytest.mark.parametrize("bad", [0, 1, 3])
def test_tournament_refuses_odd_bucket_counts(bad):
    with pytest.raises(ValueError, match="even number"):
        tournament(bad)


@pytest.mark.parametrize("workers", [1, 2, 3, 4])
@pytest.mark.parametrize("seed", [0, 1])
def test_rounds_cover_every_row_once_with_disjoint_writers(workers, seed):
    rng = random.Random(seed)
    ids = [f"firm:{i}" for i in range(300)] + ["fund:hub"]  # a hub touching many rows
    rows = [{"source": rng.choice(ids), "target": rng.choice(ids + ["fund:hub"] * 50), "n": n} for n in range(3000)]
    rounds = disjoint_rounds(rows, workers)
    assert len(rounds) == 2 * workers - 1
    placed = [row["n"] for parts in rounds for part in parts for row in part]
    assert sorted(placed) == list(range(len(rows)))
    for parts in rounds:
        assert len(parts) == workers
        for i, p in enumerate(parts):
            for q in parts[i + 1:]:
                assert not nodes_of(p) & nodes_of(q)


def test_parts_keep_the_input_order_and_buckets_are_stable():
    rows = [{"source": f"a{i}", "target": f"b{i % 5}"} for i in range(100)]
    for parts in disjoint_rounds(rows, 2):
        for part in parts:
            positions = [rows.index(r) for r in part]
            block_orders = {}
            for pos, r in zip(positions, part):
                block_orders.setdefault((bucket_of(r["source"], 4), bucket_of(r["target"], 4)), []).append(pos)
            assert all(order == sorted(order) for order in block_orders.values())



def test_buckets_do_not_depend_on_the_process():
    # str hash() is salted per process; the schedule must not be, so a re-run loads the same parts.
    assert [bucket_of(f"x{i}", 8) for i in range(5)] == XS_IN_8
    assert bucket_of("合肥建投", 4) == HEFEI_IN_4
