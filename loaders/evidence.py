"""Bounding evidence: no claim carries more than :data:`MAX_EVIDENCE_CHARS` of its sentence.

Evidence is the sentence that states a claim, copied into ``graph.json``, ``edges.csv``, the map, the
cache and Neo4j once per claim. A pathological sentence (one list of 2,000 names, a table read as one
sentence) would be copied once per name: N claims times N names. Such evidence is cut to the part of
the sentence around the claim's two names (or, when they are further apart than the cap, the part
that ends with the later one, where an English list usually meets its verb), on word boundaries. The
contract holds: ``sentence == document_text[start:end]``, with ``start`` and ``end`` moved in.

>>> from whofunds.graph.records import Claim, Document, Entity, Evidence, Extraction
>>> text = "Funds " + "and more funds " * 100 + "including Hefei Fund invested in NIO."
>>> doc = Document("d1", "a.txt", "a", text)
>>> i, j = text.index("Hefei Fund"), text.index("NIO")
>>> ents = [Entity("f", "Hefei Fund", "Fund", mentions=[(i, i + 10)]), Entity("n", "NIO", "Firm", mentions=[(j, j + 3)])]
>>> ex = Extraction(doc, ents, [Claim("f", "n", "INVESTS_IN", Evidence("d1", text, 0, len(text)))])
>>> capped, n = cap_evidence(ex, limit=60)
>>> ev = capped.claims[0].evidence
>>> n, ev.sentence, text[ev.start:ev.end] == ev.sentence
(1, 'funds and more funds including Hefei Fund invested in NIO.', True)
"""
from __future__ import annotations

import dataclasses

from whofunds.graph.records import Evidence, Extraction

MAX_EVIDENCE_CHARS = 1000


def _snap(sentence: str, lo: int, hi: int, keep: tuple[int, int]) -> tuple[int, int]:
    """``[lo, hi)`` moved inwards to word boundaries and trimmed of spaces, never cutting into ``keep``."""
    if lo > 0 and not sentence[lo - 1].isspace():
        cut = sentence.find(" ", lo, keep[0])
        lo = cut + 1 if cut >= 0 else lo
    if hi < len(sentence) and not sentence[hi].isspace():
        cut = sentence.rfind(" ", keep[1], hi)
        hi = cut if cut >= 0 else hi
    while lo < hi and sentence[lo].isspace():
        lo += 1
    while hi > lo and sentence[hi - 1].isspace():
        hi -= 1
    return lo, hi


def window(sentence: str, spans: list[tuple[int, int]], limit: int) -> tuple[int, int]:
    """The part ``[lo, hi)`` of ``sentence`` (at most ``limit`` long) to keep, given the claim's name spans
    (relative to the sentence, possibly empty).

    >>> window("a b c d e f g h", [(4, 5)], 5)
    (2, 7)
    """
    if len(sentence) <= limit:
        return 0, len(sentence)
    if not spans:
        return _snap(sentence, 0, limit, (0, 0))
    lo, hi = min(a for a, _ in spans), max(b for _, b in spans)
    if hi - lo >= limit:  # names further apart than the cap: the stretch that ends with the later one
        return _snap(sentence, hi - limit, hi, (hi - 1, hi))
    spare = limit - (hi - lo)
    start = max(0, lo - spare // 2)
    end = min(len(sentence), start + limit)
    start = max(0, end - limit)
    return _snap(sentence, start, end, (lo, hi))


def _closest(source: list[tuple[int, int]], target: list[tuple[int, int]]) -> list[tuple[int, int]]:
    if not source or not target:
        return (source or target)[:1]
    best = min(((s, t) for s in source for t in target),
               key=lambda st: max(st[0][1], st[1][1]) - min(st[0][0], st[1][0]))
    return list(best)


def cap_evidence(ex: Extraction, limit: int = MAX_EVIDENCE_CHARS) -> tuple[Extraction, int]:
    """``ex`` with every evidence over ``limit`` characters cut to ``limit`` (see the module docs), and how
    many were cut. Evidence within the limit, and ``ex`` itself when nothing is cut, are returned as they are."""
    if not any(c.evidence.end - c.evidence.start > limit for c in ex.claims):
        return ex, 0
    mentions = {e.key: e.mentions for e in ex.entities}
    claims, cut = [], 0
    for claim in ex.claims:
        ev = claim.evidence
        if len(ev.sentence) <= limit:
            claims.append(claim)
            continue

        def inside(key):
            return [(a - ev.start, b - ev.start) for a, b in mentions.get(key, ()) if ev.start <= a and b <= ev.end]

        lo, hi = window(ev.sentence, _closest(inside(claim.source), inside(claim.target)), limit)
        evidence = Evidence(doc_id=ev.doc_id, path=ev.path, sentence=ev.sentence[lo:hi],
                            start=ev.start + lo, end=ev.start + hi)
        claims.append(dataclasses.replace(claim, evidence=evidence))
        cut += 1
    return dataclasses.replace(ex, claims=claims), cut
