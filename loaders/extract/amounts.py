"""Sums of money, stakes and years in the words around a stated relation.

Currencies and multipliers are the lexicon's (``currencies``, ``amount_multipliers`` in
``data/gazetteer/lexicon.yaml``), so "300 mln yuan", "3bn Hong Kong dollars", "EUR738 million" and
"5 wan yuan" read the same way.

>>> money_of("Hefei invested 5bn yuan ($700m) in NIO")["amount"]
5000000000.0
>>> money_of("a stake worth EUR738 million")["currency"], money_of("3bn Hong Kong dollars")["currency"]
('EUR', 'HKD')
>>> money_of("300 mln yuan")["amount"], money_of("5 wan yuan")["amount"]
(300000000.0, 50000.0)
>>> stake_of("paid $51.5 million for a 5.1% stake"), stake_of("an 18.5185 per cent holding")
(5.1, 18.5185)
"""
from __future__ import annotations

import re
from functools import cache

from .lexicon import load_lexicon

NUMBER = r"\d[\d,]*(?:\.\d+)?"
PERCENT_RE = re.compile(rf"({NUMBER})\s?(?:%|per\s?cent\b|percent\b|pct\b)")
YEAR_RE = re.compile(r"(?<![\d,.$])\b((?:19|20)\d\d)\b(?![\d,%]|\.\d|\s*(?:per\s?cent|percent|million|billion|bn|m\b))")


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def _money_pattern() -> tuple[re.Pattern, dict[str, str], dict[str, float]]:
    lex = load_lexicon()
    currency_of: dict[str, str] = {}
    for code, forms in (lex.words.get("currencies") or {}).items():
        for form in forms:
            currency_of.setdefault(str(form).lower(), code)
    multipliers = {str(k).lower(): float(v) for k, v in (lex.words.get("amount_multipliers") or {}).items()}
    multipliers.setdefault("bln", 1e9)
    symbols = [f for f in currency_of if not f.isalpha() or f.isupper() or len(f) <= 3]
    words = [f for f in currency_of if f not in symbols or " " in f]
    mult = _alt(multipliers)
    pattern = re.compile(
        rf"(?:(?P<pre>{_alt(symbols)})\s?(?P<n1>{NUMBER})(?:[\s-]?(?P<m1>{mult})\b)?"
        rf"|(?P<n2>{NUMBER})(?:[\s-]?(?P<m2>{mult})\b)?[\s-](?P<post>{_alt(words + symbols)})\b)",
        re.IGNORECASE)
    return pattern, currency_of, multipliers


def find_money(text: str) -> list[tuple[int, int, dict]]:
    """Every sum of money in ``text``: (start, end, {amount, currency, amount_text})."""
    pattern, currency_of, multipliers = _money_pattern()
    out = []
    for m in pattern.finditer(text):
        number = m.group("n1") or m.group("n2")
        unit = (m.group("m1") or m.group("m2") or "").lower()
        cur = (m.group("pre") or m.group("post") or "").lower()
        if cur == "$" and text[max(0, m.start() - 2):m.start()].upper().endswith("HK"):
            cur = "hk$"
        if not unit and cur in {"m", "b", "k"}:
            continue
        try:
            value = float(number.replace(",", ""))
        except ValueError:
            continue
        value *= multipliers.get(unit, 1.0)
        value = float(round(value)) if value >= 1000 else round(value, 4)  # 4.1bn is 4100000000, not ...99.9999
        literal = m.group(0)
        # "5bn yuan ($700m)": the converted figure in brackets belongs to the amount's text
        bracket = re.match(r"\s*\((?:about\s+|around\s+|roughly\s+)?[^()]{1,30}\)", text[m.end():])
        if bracket and pattern.search(bracket.group(0)):
            literal = text[m.start():m.end() + bracket.end()]
        out.append((m.start(), m.end(), {"amount": value, "currency": currency_of.get(cur, "USD"),
                                         "amount_text": literal}))
    return out


def money_of(text: str) -> dict:
    """Amount, currency and the literal text of the first sum of money in ``text`` ({} if none)."""
    found = find_money(text)
    return found[0][2] if found else {}


def stake_of(text: str) -> float | None:
    """The first percentage in ``text``."""
    m = PERCENT_RE.search(text)
    return float(m.group(1).replace(",", "")) if m else None


def year_of(text: str) -> int | None:
    m = YEAR_RE.search(text)
    return int(m.group(1)) if m else None


def nearest(items: list[tuple[int, int, object]], pos: int):
    """The item (start, end, value) closest to character ``pos``."""
    if not items:
        return None
    return min(items, key=lambda it: min(abs(it[0] - pos), abs(it[1] - pos)))[2]
