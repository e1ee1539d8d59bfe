"""Relations stated by a register written as a list: a lead-in that says whose holders follow, then one holder
and its share per item (an item without a share is not read: the list may be of something else).

    As at the date of this announcement, the shareholders of Qiaoxin Micro are:

    1. the Company, 85.6%;
    2. Baishan Capital, 3.0%;

An item is no sentence a frame can read, and its owner is named only in the lead-in. Each item's holder (the first
name it opens with) holds its share of the lead-in's firm: over 50% is control, as in the frames. The evidence of
a claim runs from the lead-in to its item, so an analyst sees whose shares they are.

>>> [m.group("owner_words") for m in LEAD_IN.finditer("The shareholders of Qiaoxin Micro are:\\n")]
[' of Qiaoxin Micro are']
"""
from __future__ import annotations

import re

from .amounts import PERCENT_RE, find_money

# a line that names holders and ends the paragraph before the list: "the shareholders of X are:", "X's investors:",
# "The X Fund was set up in 2024. Its partners and their shares of the commitments are:",
# "More than 40 investors appear on X's register, but six hold half of the shares."
LEAD_IN = re.compile(r"^[^\n]*\b(?:(?P<holders>shareholders|holders|investors|owners|backers|limited partners|"
                     r"shareholding structure|equity holders|register)|(?P<its>its|their) (?:\w+ )?(?:partners|"
                     r"contributors|subscribers))\b(?P<owner_words>[^\n:]*)[:.][ \t]*$", re.I | re.M)
# "1. ", "(a) ", "- ", "• ": how a list item opens
ITEM = re.compile(r"^[ \t]*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[-•*–])[ \t]+", re.M)
NOT_HOLDERS = re.compile(r"(?:others?|other investors|other shareholders|the public|public|free float|total)\b", re.I)
OPENING = re.compile(r"[ \t]*(?:the[ \t]+)?", re.I)  # what may stand before the holder's name in its item
MAX_ITEMS = 30
POSSESSIVE_BEFORE = re.compile(r"\b(?:its|their)[ \t]+(?:[a-z]+[ \t]+)?$", re.I)  # "its", "its current"
HOLDER_TYPES = {"Firm", "Fund", "Institution", "GovernmentBody", "Person"}
ITEM_HOLDER_TYPES = HOLDER_TYPES | {"Tentative"}  # a register item opens with its holder's name, typed or not


def register_claims(text: str, named: list[tuple[int, int, str, str]], add, evidence) -> None:
    """Claims of every register list in ``text``. ``named``: (start, end, entity key, type) of every resolved
    mention; ``add``: ClaimSet.add; ``evidence(start, end)``: the evidence of a span."""
    for lead in LEAD_IN.finditer(text):
        owner = _owner(lead, named)
        if owner is None:
            continue
        pos = lead.end() + 1
        for _ in range(MAX_ITEMS):
            while pos < len(text) and text[pos] == "\n":
                pos += 1  # blank lines between the lead-in and the items, or between items
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end < 0 else line_end
            item = ITEM.match(text, pos, line_end)
            if pos >= len(text) or item is None:
                break
            _item_claim(text, item.end(), line_end, owner, lead.start(), named, add, evidence)
            pos = line_end + 1


# "- X Co., a packaging plant in Shaoxing: JCET 51%, Big Fund II 26%, Y Fund 23%.": a firm, then after a colon its
# holders each with a share
HOLDER_JOINT = re.compile(r"\s*(?:,|;|,?\s+and)\s+")


def holder_line_claims(text: str, named: list[tuple[int, int, str, str]], add, evidence) -> None:
    """Claims of every line that names a firm and, after a colon, lists its holders with their shares (two at
    least, and nothing else): each holds its share of the firm, over 50% as control. A holder not read as a name
    is passed over, the others still stand."""
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        colon = line.find(": ")
        if colon < 0 or not (ITEM.match(line) or line[:1].isupper()):
            continue
        firm = next(((k, t) for s, e, k, t in named if start <= s < start + colon and t in {"Firm", "Fund"}), None)
        if NOT_HOLDINGS_BEFORE.search(line[:colon]) or not (ITEM.match(line) or HOLDING_BEFORE.search(line[:colon])):
            continue  # "Battery suppliers to X in 2023: A 45%, B 30%" are market shares, not holders
        body = line[colon + 2:].rstrip(" .;")
        chunks = HOLDER_JOINT.split(body)
        shares = [HOLDER_ITEM.fullmatch(c) for c in chunks]
        if firm is None or len(chunks) < 2 or not all(shares):
            continue  # one share, or words that are no list of holders
        at = start + colon + 2
        for chunk, share in zip(chunks, shares):
            s0 = text.index(chunk, at)
            at = s0 + len(chunk)
            name_end = s0 + share.end("name")
            holder = next(((k, t) for s, e, k, t in named if s == s0 and e == name_end and t in HOLDER_TYPES), None)
            if holder is None or holder[0] == firm[0]:
                continue
            stake = float(share.group("pct").replace(",", ""))
            add(holder[0], firm[0], "CONTROLS" if stake > 50 else "INVESTS_IN", evidence(start, end), "holder-line",
                "stated", {"stake": stake})


HOLDING_BEFORE = re.compile(r"\b(?:holders|shareholders|owned|owners|stakes?|venture|subsidiary|unit|plant|company|"
                            r"Co\.|Ltd|Limited|partners|capital)\b", re.I)
NOT_HOLDINGS_BEFORE = re.compile(r"\b(?:suppliers?|customers?|market|sales|revenue|shipments|output|capacity|mix|"
                                 r"share of|shares of)\b", re.I)
HOLDER_ITEM = re.compile(r"(?P<name>(?:the )?[A-Z][^,;:%]*?)\s+\(?(?P<pct>\d{1,3}(?:\.\d+)?)\s?(?:%|per cent)\)?")


def _owner(lead: re.Match, named) -> tuple[str, str] | None:
    """The firm whose holders the lead-in lists: a name after "of"/"in" or before "'s" in it."""
    start, end = lead.start(), lead.end()
    its_at = lead.start("its") if lead.group("its") else None
    if its_at is None and (pronoun := POSSESSIVE_BEFORE.search(lead.string, start, lead.start("holders"))):
        its_at = pronoun.start()  # "Its limited partners are:", "Three shareholders appear on its register:"
    if its_at is not None:
        # "The X Fund was set up in 2024. Its partners and their shares are:": the paragraph's first name, or
        # the first of the line before when the lead-in names none ("X was registered in 2022.\nThree
        # shareholders appear on its register:")
        first = next(((key, type_) for s, e, key, type_ in named
                      if start <= s and e <= its_at and type_ in {"Firm", "Fund", "Institution"}), None)
        if first is None:
            above = lead.string.rfind("\n", 0, max(0, start - 1)) + 1
            first = next(((key, type_) for s, e, key, type_ in named
                          if above <= s and e <= start and type_ in {"Firm", "Fund", "Institution"}), None)
        return first
    words_at = lead.start("owner_words")
    holders_at = lead.start("holders") if lead.group("holders") else words_at
    for s, e, key, type_ in named:
        if start <= s and e <= end and type_ in {"Firm", "Fund", "Institution"}:
            before = lead.string[max(start, s - 4):s].lower()
            after = lead.string[e:e + 2]
            # "the shareholders of X are:", "X's investors:" (not "Zhou, chairman of X, ... The investors are:")
            if before.endswith(("of ", "in ")) and s >= words_at or after.startswith(("'s", "’s")) \
                    and holders_at - e <= 30:
                return key, type_
    the = lead.start("holders") - 4 if lead.group("holders") else -1
    if the > start and lead.string[the:the + 4].lower() == "the ":
        # "The X Fund completed its first closing ... The limited partners in the first closing are:", "... JCET had
        # no controlling shareholder ... The register now shows:": the holders of the paragraph's first name, when
        # it is an organisation the paragraph is about (not "Zhou, chairman of X, ...", nor "Analysts at X")
        first = min(((s, key, type_) for s, e, key, type_ in named if start <= s and e <= the), default=None)
        if first is not None and first[2] in {"Firm", "Fund", "Institution"} and not re.search(
                r"\b(?:at|of|for|from|by|with|to|in|and)\s+(?:the\s+)?$", lead.string[start:first[0]], re.I):
            return first[1], first[2]
    return None


def _item_claim(text: str, start: int, end: int, owner, lead_start: int, named, add, evidence) -> None:
    if NOT_HOLDERS.match(text, start):
        return
    pct = PERCENT_RE.search(text, start, end)
    # or a sum put in ("- X Co., Ltd., 2 billion yuan;"): a contribution, never control by itself
    money = find_money(text[start:end]) if pct is None else None
    # the holder is the name the item opens with (after an article: "the Company")
    holder = next(((k, t) for s, e, k, t in named
                   if start <= s < end and OPENING.fullmatch(text, start, s)), None)
    if (pct is None and not money) or holder is None or holder[0] == owner[0] or holder[1] not in ITEM_HOLDER_TYPES:
        return  # (a place first is a name read in part: "Guangzhou" of "Guangzhou Kaide Investment Holding Co.")
    if pct is None:
        add(holder[0], owner[0], "INVESTS_IN", evidence(lead_start, end), "register-list", "stated", dict(money[0][2]))
        return
    share = float(pct.group(1).replace(",", ""))
    relation = "CONTROLS" if share > 50 else "INVESTS_IN"
    add(holder[0], owner[0], relation, evidence(lead_start, end), "register-list", "stated", {"stake": share})
