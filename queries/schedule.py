"""Split relationship rows into rounds that several writers can load at once without sharing a node.

Creating a relationship locks both its end nodes until the transaction commits. Two writers whose
batches share a node wait for each other, and can deadlock. So node ids are hashed into ``2 * workers``
buckets, and the (source bucket, target bucket) blocks of rows are scheduled as a round-robin
tournament: in every round the buckets are paired off, each writer takes one pair ``{a, b}`` (the
blocks ``(a, b)`` and ``(b, a)``, plus ``(a, a)`` or ``(b, b)`` when their turn comes), and no two
writers of a round share a bucket, hence a node. Rounds run one after another; ``2 * workers - 1``
rounds cover every block once.

This makes conflicts rarer; it does not rule them out. Adding a relationship also rewrites the first
record of each end node's relationship chain, and that record is a relationship written in an earlier
round, which may join a node of this writer to a node of another writer of this round: both lock it.
So writers of one round can still wait for each other and deadlock (issue 14 saw ``DeadlockDetected``
in 7 of 22 two-writer runs of 500k relationships, and 17 times in one four-writer run). The server
detects every deadlock (often while a transaction commits, when these locks are taken) and rolls one
transaction back; ``whofunds.queries.load.write_counted`` runs it again and counts it into the load's
summary (``retries``, ``deadlocks``), which ``whofunds neo4j load`` prints. The counts stay right; a load with one writer (``--workers 1``)
has nobody to deadlock with.

>>> rows = [{"source": f"n{i}", "target": f"n{(i * 7) % 20}"} for i in range(20)]
>>> rounds = disjoint_rounds(rows, workers=2)
>>> len(rounds), sum(len(part) for parts in rounds for part in parts)
(3, 20)
>>> all(not (nodes_of(p) & nodes_of(q)) for parts in rounds for p in parts for q in parts if p is not q)
True
"""
from __future__ import annotations

import zlib
from typing import Iterable


def bucket_of(node_id: str, buckets: int) -> int:
    """A stable bucket for a node id (the same in every process and run).

    >>> bucket_of("firm:nio", 4) == bucket_of("firm:nio", 4)
    True
    """
    return zlib.crc32(node_id.encode("utf-8")) % buckets


def tournament(buckets: int) -> list[list[tuple[int, int]]]:
    """Round-robin pairings of an even number of buckets (the circle method): every pair meets once.

    >>> tournament(4)
    [[(0, 3), (1, 2)], [(0, 2), (3, 1)], [(0, 1), (2, 3)]]
    """
    if buckets < 2 or buckets % 2:
        raise ValueError(f"need an even number of buckets, at least 2 (got {buckets})")
    others = list(range(1, buckets))
    rounds = []
    for _ in range(buckets - 1):
        ring = [0] + others
        rounds.append([(ring[i], ring[buckets - 1 - i]) for i in range(buckets // 2)])
        others = others[-1:] + others[:-1]
    return rounds


def disjoint_rounds(rows: Iterable[dict], workers: int) -> list[list[list[dict]]]:
    """``rows`` (with ``source`` and ``target``) as rounds of ``workers`` parts whose node sets are disjoint.

    Every row lands in exactly one part; the order of rows inside a part follows ``rows``. Empty parts
    are kept so that a round's parts line up with its pairs.
    """
    workers = max(1, int(workers))
    buckets = 2 * workers
    blocks: dict[tuple[int, int], list[dict]] = {}
    for row in rows:
        key = (bucket_of(row["source"], buckets), bucket_of(row["target"], buckets))
        blocks.setdefault(key, []).append(row)
    pairings = tournament(buckets)
    # Bucket b's own block (b, b) goes to round b mod rounds, spreading them over the rounds; any round
    # would do, because every bucket is in one pair of every round.
    own_round = {b: b % len(pairings) for b in range(buckets)}
    rounds = []
    for number, pairs in enumerate(pairings):
        parts = []
        for a, b in pairs:
            part = blocks.get((a, b), []) + blocks.get((b, a), [])
            for x in (a, b):
                if own_round[x] == number:
                    part += blocks.get((x, x), [])
            parts.append(part)
        rounds.append(parts)
    return rounds


def nodes_of(rows: Iterable[dict]) -> set[str]:
    """Every node id a part touches."""
    return {row["source"] for row in rows} | {row["target"] for row in rows}
