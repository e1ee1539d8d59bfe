"""'Respectively': a sentence that pairs two lists in order says each item of one of the other.

"The city named A and B chain leaders for new energy vehicles and chips respectively" says A leads new
energy vehicles and B chips, not four pairings. Every reading of such a sentence (frames and the earlier
regex patterns alike) tends to give the full cross product; here it is cut back to the pairs in order.
"""
from __future__ import annotations

import re

from whofunds.graph.records import Claim

RESPECTIVELY = re.compile(r"\brespectively\b", re.IGNORECASE)


def pair_respectively(claims: list[Claim], first_mention) -> list[Claim]:
    """The claims with each "respectively" sentence's cross product of ≥2 sources and as many targets (one
    relation) cut to the pairs in textual order. ``first_mention(key, start, end)`` gives where an entity is
    first named within a sentence's span, or None.

    >>> from whofunds.graph.records import Evidence
    >>> ev = Evidence("d", "A and B lead X and Y respectively.", 0, 34)
    >>> at = {"A": 0, "B": 6, "X": 13, "Y": 19}
    >>> cs = [Claim(s, t, "CHAIN_LEADER_OF", ev) for s in "AB" for t in "XY"]
    >>> sorted((c.source, c.target) for c in pair_respectively(cs, lambda k, s, e: at[k]))
    [('A', 'X'), ('B', 'Y')]
    """
    groups: dict[tuple[int, str], list[Claim]] = {}
    for c in claims:
        if RESPECTIVELY.search(c.evidence.sentence):
            groups.setdefault((c.evidence.start, c.type), []).append(c)
    dropped: set[int] = set()
    for (start, _), group in groups.items():
        end = group[0].evidence.end
        sources = sorted({c.source for c in group}, key=lambda k: first_mention(k, start, end) or 0)
        targets = sorted({c.target for c in group}, key=lambda k: first_mention(k, start, end) or 0)
        pairs = {(c.source, c.target) for c in group}
        if len(sources) < 2 or len(sources) != len(targets) or len(pairs) != len(sources) * len(targets) \
                or any(first_mention(k, start, end) is None for k in sources + targets):
            continue  # not one list paired with another: nothing to cut
        keep = set(zip(sources, targets))
        dropped |= {id(c) for c in group if (c.source, c.target) not in keep}
    return [c for c in claims if id(c) not in dropped]
