"""Relations stated by tables written as text: rows of cells between "|" in broker notes and registry write-ups.

Two shapes carry ownership, and frames cannot read either (a row is no sentence):

- a shareholder table: a header naming a holder column and a stake column ("Shareholder | Stake"), then one
  holder and its share per row. Whose shareholders they are the table does not say: the firm the text is about
  where the table stands (see :meth:`Discourse.focus`).
- a table of companies: the first cell names a company, another lists its holders with their shares
  ("GAC Group 50%, Honda Motor 40%"), and a cell that is only a place says where it is.

A share over 50% (or 100%) is control, as in the frames. Each claim's evidence is its row.

>>> [c.cells for c in rows("Shareholder | Stake\\nQiaoxin Holding | 32.0%\\n")]
[['Shareholder', 'Stake'], ['Qiaoxin Holding', '32.0%']]
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .amounts import PERCENT_RE

HOLDER_HEADER = re.compile(r"\b(?:shareholders?|holders?|investors?|owners?|backers?)\b", re.I)
STAKE_HEADER = re.compile(r"\b(?:stake|share|shareholding|holding|%|percent|ownership)\b", re.I)
SHARE_ITEM = re.compile(r"(?P<name>[^,;|]+?)\s+(?P<pct>\d{1,3}(?:\.\d+)?)\s?(?:%|per\s?cent\b)")
PLACE_TYPES = {"City", "Province", "District", "Country"}
LEGAL_TAIL = re.compile(r"(?:[\s,]+(?:Co|Corp|Ltd|Inc|Limited|Corporation|Company)\.?)+$", re.I)
NOT_HOLDERS = re.compile(r"^\s*(?:others?|free\s+float|public|total|other\s+shareholders)\b", re.I)


@dataclass
class Row:
    start: int  # the line's offsets in the text
    end: int
    cells: list[str]
    spans: list[tuple[int, int]]  # each cell's offsets, stripped


def rows(text: str) -> list[Row]:
    """Every line with at least two cells between "|", in order (a row of dashes is none)."""
    out = []
    pos = 0
    for line in text.splitlines(keepends=True):
        start, body = pos, line.rstrip("\r\n")
        pos += len(line)
        if body.count("|") < 1 or re.fullmatch(r"[\s|:\-+=]*", body):
            continue
        cells, spans, offset = [], [], start
        for raw in body.split("|"):
            lead = len(raw) - len(raw.lstrip())
            cell = raw.strip()
            if cell:
                cells.append(cell)
                spans.append((offset + lead, offset + lead + len(cell)))
            offset += len(raw) + 1
        if len(cells) >= 2:
            out.append(Row(start, start + len(body), cells, spans))
    return out


def table_claims(text: str, named: list[tuple[int, int, str, str]], focus, add, evidence) -> None:
    """Claims of the text's tables. ``named``: (start, end, entity key, type) of every resolved mention;
    ``focus(pos)``: the (key, type) the text is about at ``pos``, or None; ``add``: ClaimSet.add;
    ``evidence(start, end)``: the evidence of a row."""
    table = rows(text)
    holder_col = stake_col = None
    previous_end = -2
    for row in table:
        if row.start > previous_end + 1:  # a new table: a header may set its columns
            holder_col = stake_col = None
        previous_end = row.end
        if not PERCENT_RE.search(text, row.start, row.end):
            holder = [i for i, c in enumerate(row.cells) if HOLDER_HEADER.search(c)]
            stake = [i for i, c in enumerate(row.cells) if STAKE_HEADER.search(c) and i not in holder]
            if holder and stake:
                holder_col, stake_col = holder[0], stake[0]
            continue
        ev = evidence(row.start, row.end)
        if holder_col is not None and max(holder_col, stake_col) < len(row.cells):
            _shareholder_row(text, row, holder_col, stake_col, named, focus, add, ev)
        else:
            _company_row(text, row, named, add, ev)


def _keys_in(span: tuple[int, int], named) -> list[tuple[str, str]]:
    return [(k, t) for s, e, k, t in named if span[0] <= s and e <= span[1]]


def _relation(pct: float) -> str:
    return "CONTROLS" if pct > 50 else "INVESTS_IN"


def _shareholder_row(text, row: Row, holder_col: int, stake_col: int, named, focus, add, ev) -> None:
    if NOT_HOLDERS.match(row.cells[holder_col]):
        return
    m = PERCENT_RE.search(row.cells[stake_col])
    holders = _keys_in(row.spans[holder_col], named)
    owned = focus(row.start)
    if not m or not holders or owned is None:
        return
    pct = float(m.group(1).replace(",", ""))
    key = holders[0][0]
    if key != owned[0]:
        add(key, owned[0], _relation(pct), ev, "table-shareholders", "stated", {"stake": pct})


def _company_row(text, row: Row, named, add, ev) -> None:
    first = row.spans[0]
    # the first cell must be the company's name, not merely hold a name ("Qiaoxin Cells Co." is not "Qiaoxin")
    companies = {k for s, e, k, t in named if first[0] <= s and e <= first[1] and t not in PLACE_TYPES
                 and (e - s) >= 0.6 * len(LEGAL_TAIL.sub("", row.cells[0]))}
    if len(companies) != 1:
        return
    company = companies.pop()
    for cell, span in zip(row.cells[1:], row.spans[1:]):
        inside = _keys_in(span, named)
        items = list(SHARE_ITEM.finditer(cell))
        if items:
            for item in items:
                where = (span[0] + item.start("name"), span[0] + item.end("name"))
                holders = [k for k, t in _keys_in(where, named) if t not in PLACE_TYPES]
                pct = float(item.group("pct"))
                if len(holders) == 1 and holders[0] != company:
                    add(holders[0], company, _relation(pct), ev, "table-holders", "stated", {"stake": pct})
        elif len(inside) == 1 and inside[0][1] in PLACE_TYPES:
            add(company, inside[0][0], "LOCATED_IN", ev, "table-place")
