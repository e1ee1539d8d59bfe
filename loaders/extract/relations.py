"""Relation claims from sentences, by patterns over mention slots (``patterns.yaml``).

Each sentence is rewritten with its mentions replaced by slots such as ``⟪3:Firm⟫``; a pattern
such as ``{PERSON:s}, an analyst at {ORG:t}`` then reads like the prose it matches, and every claim
records the pattern that made it. Negated and hypothetical statements are dropped; plans and
pledges are kept as ``status: announced``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


from whofunds.graph.yaml_text import load_yaml
from whofunds.graph.schema import SCHEMA

from .lexicon import load_lexicon

SLOT = "⟪{n}:{t}⟫"
SLOT_RE = re.compile(r"⟪(\d+):(\w+)⟫")

# Slot types are entity types, plus "Tentative" for names nothing typed yet ("iPhone", "Chayan Yuese"):
# they may fill a firm's place in a pattern, and descriptive gaps may contain them.
CLASSES = {
    "PERSON": ["Person"],
    "ORG": ["Firm", "Tentative", "Fund", "GovernmentBody", "Institution"],
    "FIRM": ["Firm", "Tentative"],
    "FUNDER": ["Fund", "Firm", "Tentative", "GovernmentBody", "City", "Province", "District", "Institution", "Person"],
    "TARGET": ["Firm", "Tentative", "Fund", "Institution"],
    "CONTROLLER": ["GovernmentBody", "City", "Province", "District", "Fund", "Firm", "Tentative", "Person"],
    "FOUNDER": ["Person", "Firm", "Tentative", "Fund", "GovernmentBody", "City", "Institution"],
    "ANY": ["Person", "Firm", "Tentative", "Fund", "GovernmentBody", "Institution", "City", "Province", "District", "Country"],
    "PLACE": ["City", "Province", "District", "Country"],
    "CITY": ["City"],
    "PROVINCE": ["Province"],
    "SUBPLACE": ["City", "District"],
    "LOCATABLE": ["Firm", "Tentative", "Fund", "Institution", "GovernmentBody"],
    "IND": ["Industry"],
    "TARGETER": ["City", "Province", "District", "GovernmentBody", "Fund"],
}
MONEY = (r"(?:(?:US|HK|RMB\s?)?\$|€|£|¥|RMB\s?|CNY\s?|USD\s?)\s?\d[\d,.]*\s?(?:bn|billion|m|mn|million|trn|trillion|k)?\b"
         r"|\b\d[\d,.]*\s?(?:bn|billion|m|mn|million|trn|trillion)?\s+(?:yuan|renminbi|RMB|dollars|euros|US\s+dollars)\b")
MONEY_RE = re.compile(rf"(?:{MONEY})(?:\s*\((?:{MONEY})\))?")
# "a 26% stake", "holds 24% of <firm>" (the region has slots as " X "), not "5% of the market"
STAKE_RE = re.compile(r"(\d+(?:\.\d+)?)\s?(?:%|per\s?cent|percent)(?:(?:\s+\w+)?\s+(?:stake|share|holding|equity)|"
                      r"\s+of\s+X\b)")
YEAR_RE = re.compile(r"\b(?:in|In|since|Since|by|By|from|From)\s+((?:19|20)\d\d)\b|\b((?:19|20)\d\d)\b(?!\s*(?:-|to)\s*(?:19|20)?\d\d)")
NEGATION = re.compile(r"\b(?:not|never|no\s+longer|denied|denies|deny|denying|refused|refuses|rejected|rejects|"
                      r"dismissed|ruled\s+out|pulled\s+out|withdrew|abandoned|scrapped)\b|n't\b")
HYPOTHETICAL = re.compile(r"\b(?:could|might|may|would|should|if|unless|whether|considering|considers|consider|"
                          r"mulling|weighing|exploring|explore|potential|possible|possibly|rumou?red|reportedly|"
                          r"hopes?\s+to|hoping\s+to|seeks?\s+to|seeking\s+to|wants?\s+to|trying\s+to|"
                          r"in\s+talks|talks\s+to|[Ww]e\s+(?:believe|think|estimate|reckon|suspect|assume|understand))\b")
PLANNED = re.compile(r"\b(?:plans?\s+to|plans?\s+for|planned|planning|will|shall|intends?\s+to|intended\s+to|"
                     r"(?:is|are|was|were)\s+set\s+to|expected\s+to|pledged|pledges|promised|agreed\s+to|"
                     r"aims?\s+to|due\s+to|announced\s+plans?|signed\s+(?:a\s+)?(?:deal|agreement|contract|"
                     r"memorandum)|is\s+to|are\s+to)\b")
REPORTED = re.compile(r"\b(?:said|says|told|announced|added|confirmed|pledged|promised)\b(?:\s+\S+){0,8}?\s+would\b")
# Relations whose statement is itself an aim: "plans" do not make them tentative.
# Words that end a list: "X, which invested in Y" is not the list "X, Y".
LIST_STOPS = (r"(?:which|that|who|whose|where|in|of|by|to|from|with|for|at|on|is|are|was|were|has|have|had|between|among|"
              r"said|says|invested|invests|owns|controls|supplies|founded)\b")
AIM_RELATIONS = {"TARGETS_INDUSTRY", "CHAIN_BOSS_OF", "CHAIN_LEADER_OF"}
MULTIPLIERS = {"k": 1e3, "m": 1e6, "mn": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "trn": 1e12, "trillion": 1e12}


@dataclass(frozen=True)
class Pattern:
    relation: str
    name: str
    regex: re.Pattern
    confidence: float
    needs: re.Pattern | None = None
    gazetteer: bool = False
    group_types: tuple[tuple[str, frozenset], ...] = ()  # ("s", types), ("t", types)

    def types_of(self, group: str) -> frozenset:
        return dict(self.group_types)[group]


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _slot(types) -> str:
    return r"⟪\d+:(?:" + "|".join(types) + r")⟫"


def _group_types(pattern: str) -> tuple[tuple[str, frozenset], ...]:
    out = []
    for name, group in re.findall(r"\{([A-Z]+):([st])\}", pattern):
        cls = name[:-1] if name.endswith("S") and name[:-1] in CLASSES else name
        out.append((group, frozenset(CLASSES[cls])))
    return tuple(out)


def _expand(pattern: str) -> str:
    lex = load_lexicon()
    # "A and B", "A, B and C", and the preposition repeated: "sold to A and to B", "backed by A and by B"
    list_sep = (r"(?:\s*\(\s*⟪\d+:\w+⟫\s*\))?(?:,\s+\d{1,3}(?=,))?"  # an age: "Yang, 38, and Duan"
                r"(?:,?\s+and\s+(?:also\s+)?(?:by|to|from|in|into|for)\s+|"
                r",\s+and\s+|,\s+or\s+|,?\s+as\s+well\s+as\s+|,\s+|\s+and\s+|\s+or\s+|"
                r"\s*&\s*)(?:both\s+|also\s+)?(?:the\s+)?"
                r"(?:(?:⟪\d+:(?:City|Province|Country)⟫[\w\-]*|(?!" + LIST_STOPS + r")[a-z][\w\-]*|"
                r"[A-Z][a-z]+(?=\s+[a-z]))\s+){0,4}?")

    def macro(m: re.Match) -> str:
        name, group = m.group(1), m.group(2)
        if name == "JOB":
            return r"(?:" + _alt(lex.list("job_titles") + [t.lower() for t in lex.list("job_titles")]) + r")"
        if name == "DESC":  # a descriptor noun: "firm", "chipmaker", "state fund", "university"
            words = lex.list("firm_descriptors") + lex.list("fund_descriptors") + lex.list("institution_descriptors")
            return r"(?:" + _alt(words) + r")s?"
        if name == "FACILITY":
            return r"(?:" + _alt(lex.list("facility_nouns")) + r")"
        if name == "W":
            return r"[\w’'\-]+"
        if name == "GAP":
            return r"(?:[^⟪.;]|\.(?=\d)){0,80}?"
        if name == "MOD":  # a modifier word, or a place or industry used as one ("Volkswagen's China chief")
            return r"(?:[\w’'\-]+|⟪\d+:(?:Country|City|Province|District|Industry)⟫)"
        if name == "APPOS":  # one or two appositions or relative clauses set off by commas, skipped
            return (r"(?:\s*\(⟪\d+:\w+⟫\))?(?:(?:,\s+(?:(?:a|an|the|one|another|its|which|that|who|known|once|now|long|widely|"
                    r"also|better|commonly|formerly|officially|then|still|where|whose|when)\b|⟪\d+:(?:Country|City|Province)⟫'s?\s)"
                    r"[^,;]{0,90}?){1,2},)?")
        if name == "INTENT":  # "plans to", "pledged to", "will": kept in the match so tentativeness sees them
            return (r"(?:(?:plans?|planned|planning|pledged|pledges|pledge|promised|promises|agreed|agrees|intends?|"
                    r"intended|aims?|expects?|hopes?|wants?|is\s+set|are\s+set|was\s+set|signed\s+(?:a\s+)?(?:deal|"
                    r"agreement|contract)|is\s+expected|are\s+expected|is\s+due|has\s+agreed|have\s+agreed)\s+to\s+|"
                    r"(?:will|would|could|may|might|shall)\s+(?:also\s+)?)?")
        if name == "SUBJ":  # a source in subject position, not the object of a preposition or verb before it
            return r"(?<!\bin\s)(?<!\bof\s)(?<!\bby\s)(?<!\bto\s)(?<!\bfrom\s)(?<!\bwith\s)(?<!\binto\s)"
        if name == "ACR":  # an acronym in parentheses after a name: "ChangXin Memory (CXMT)"
            return r"(?:\s*\(⟪\d+:\w+⟫\))?"
        if name == "NGAP":  # a descriptive gap that may name industries or places ("a flexible OLED screen")
            return r"(?:[^⟪.;]|\.(?=\d)|⟪\d+:(?:Industry|Country|City|Province|Tentative)⟫){0,80}?"
        if name == "ANYGAP":
            return r"[^.;]{0,100}?"
        if name == "AMOUNT":
            return rf"(?:{MONEY})"
        plural = name.endswith("S") and name[:-1] in CLASSES
        cls = CLASSES[name[:-1] if plural else name]
        one = _slot(cls)
        body = rf"{one}(?:{list_sep}{one})*" if plural else one
        return rf"(?P<{group}>{body})" if group else rf"(?:{body})"

    return re.sub(r"\{([A-Z]+)(?::([st]))?\}", macro, pattern)


@cache
def load_patterns() -> tuple[Pattern, ...]:
    raw = load_yaml(resources.files("whofunds.loaders.extract").joinpath("patterns.yaml").read_text("utf-8"))
    out = []
    for relation, specs in raw.items():
        SCHEMA.relation(relation)  # unknown relation names fail loudly
        for spec in specs:
            try:
                regex = re.compile(_expand(spec["pattern"]))
            except re.error as exc:
                raise ValueError(f"patterns.yaml: {relation}/{spec['name']}: {exc}") from None
            out.append(Pattern(relation, spec["name"], regex, float(spec["confidence"]),
                               re.compile(spec["needs"], re.IGNORECASE) if spec.get("needs") else None,
                               bool(spec.get("gazetteer")), _group_types(spec["pattern"])))
    return tuple(out)


@dataclass
class SlotClaim:
    source: int  # slot numbers
    target: int
    relation: str
    rule: str
    confidence: float
    status: str
    span: tuple[int, int]  # in the masked sentence


def mask(sentence: str, slots: list[tuple[int, int, str]]) -> str:
    """Replace each (start, end, type) span of ``sentence`` by a numbered slot."""
    parts, last = [], 0
    for n, (start, end, type_) in enumerate(slots):
        parts.append(sentence[last:start])
        parts.append(SLOT.format(n=n, t=type_))
        last = end
    parts.append(sentence[last:])
    return "".join(parts)


def match_sentence(masked: str, doc_text: str = "") -> list[SlotClaim]:
    out = []
    for pat in load_patterns():
        if pat.needs and not pat.needs.search(doc_text):
            continue
        for m in pat.regex.finditer(masked):
            # a list group also spans slots inside its separators ("the Hong Kong-listed giant X"): keep its class
            sources = [int(n) for n, t in SLOT_RE.findall(m.group("s")) if t in pat.types_of("s")]
            targets = [int(n) for n, t in SLOT_RE.findall(m.group("t")) if t in pat.types_of("t")]
            status = tentativeness(masked, m.start(), m.end(), pat.relation)
            if status is None:
                continue
            for s in sources:
                for t in targets:
                    if s != t:
                        out.append(SlotClaim(s, t, pat.relation, pat.name, pat.confidence, status, m.span()))
    return out


NEGATED_AFTER = re.compile(r"^[^.;]{0,40}?\b(?:were|was|are|is|proved|proven)\s+(?:\w+\s+)?(?:false|untrue|wrong|"
                           r"inaccurate|baseless|denied|unfounded)\b")


def tentativeness(masked: str, start: int, end: int, relation: str) -> str | None:
    """'stated', 'announced' (plans, pledges), or None for negated or hypothetical statements.

    Cues count inside the matched statement and in the words just before it, back to the previous
    comma or clause break ("denied that it would invest in X"), not in a neighbouring clause.
    """
    before = masked[max(0, start - 40):start]
    before = re.split(r"[,;:(]", before)[-1]
    window = before + masked[start:end]
    window = SLOT_RE.sub(" ", window)
    if NEGATION.search(window) or NEGATED_AFTER.search(masked[end:end + 60]):
        return None
    hypothetical = HYPOTHETICAL.search(window)
    if hypothetical and hypothetical.group(0) == "would" and REPORTED.search(masked[max(0, start - 80):end]) \
            and not HYPOTHETICAL.search(window.replace("would", "")):
        return "announced"  # "X said the carmaker would build a plant": reported future, a plan
    if hypothetical:
        return None
    if re.search(r"\b(?:if|unless|whether)\b", re.split(r"[;:]", masked[max(0, start - 80):start])[-1], re.IGNORECASE):
        return None  # the statement sits inside a condition
    if relation not in AIM_RELATIONS and PLANNED.search(window):
        return "announced"
    return "stated"


def money_of(text: str) -> dict:
    """Amount, currency and the literal text of the first sum of money in ``text``.

    >>> money_of("Hefei invested 5bn yuan ($700m) in NIO")["amount"]
    5000000000.0
    """
    m = MONEY_RE.search(text)
    if not m:
        return {}
    literal = m.group(0)
    first = re.match(MONEY, literal).group(0)
    num = re.search(r"\d[\d,.]*", first).group(0).replace(",", "").rstrip(".")
    try:
        value = float(num)
    except ValueError:
        return {}
    unit = re.search(r"\d[\d,.]*\s?(bn|billion|mn|m|million|trn|trillion|k)\b", first)
    if unit:
        value *= MULTIPLIERS[unit.group(1)]
    if re.search(r"yuan|renminbi|RMB|CNY|¥", first):
        currency = "CNY"
    elif "€" in first or "euro" in first:
        currency = "EUR"
    elif "£" in first:
        currency = "GBP"
    elif "HK$" in first:
        currency = "HKD"
    else:
        currency = "USD"
    return {"amount": value, "currency": currency, "amount_text": literal}


def stake_of(text: str) -> float | None:
    m = STAKE_RE.search(text)
    return float(m.group(1)) if m else None


def year_of(text: str) -> int | None:
    m = YEAR_RE.search(text)
    if not m:
        return None
    return int(m.group(1) or m.group(2))
