"""Regular expressions built once from the gazetteers and word lists (``data/gazetteer/*.yaml``).

Mention finders (:mod:`mentions`) run these over every document, so they are compiled once per
process and built as character tries where they list many names.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from .lexicon import load_lexicon


def _alternation(words) -> str:
    """One regex for many literal names, as a character trie: Python's ``re`` tries the branches of a
    flat ``a|b|c`` one by one at every position, which makes a thousand-name gazetteer slow. The trie
    matches the longest name first, as the flat alternation sorted by length would.

    >>> rx = re.compile(_alternation(["Hefei", "Hefei Jiantou", "Hebei"]))
    >>> [m.group(0) for m in rx.finditer("Hefei Jiantou, Hebei and Hefei")]
    ['Hefei Jiantou', 'Hebei', 'Hefei']
    """
    trie: dict = {}
    for word in set(words):
        if not word:
            continue
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        keys = sorted(k for k in node if k)
        if not keys:
            return ""
        parts = [re.escape(k) + build(node[k]) for k in keys]
        inner = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{inner})?" if "" in node else inner

    return build(trie)


@dataclass(frozen=True)
class Patterns:
    place: re.Pattern
    industry: re.Pattern
    descriptor_after: re.Pattern
    relative_maker: re.Pattern
    descriptor_before: re.Pattern
    post: re.Pattern
    government: re.Pattern
    local_government: re.Pattern
    possessive_body: re.Pattern
    back_reference: re.Pattern


@cache
def compile_patterns() -> Patterns:
    lex = load_lexicon()
    place_names = [s for s in lex.place_alias if len(s) > 2]
    industry_names = set()
    for canonical, aliases in lex.industries.items():
        industry_names.update([canonical, *aliases])
    industry_names = {n for n in industry_names if len(n) > 1}
    descriptors = lex.list("firm_descriptors") + lex.list("fund_descriptors") + lex.list("institution_descriptors") \
        + lex.list("unit_descriptors")
    desc = _alternation(descriptors)
    word = r"[A-Z][\w&\-]*(?:\.[A-Za-z][\w&\-]*)*"
    name_token = rf"(?:{word}|[a-z]{{2,6}})"
    # names never run across a line break (a headline's last word is not part of the next line's name)
    cap_name = rf"(?:{word}(?:[ \t]+(?:of[ \t]+|and[ \t]+|for[ \t]+)?{word}){{0,6}}|[a-z]{{2,6}})"
    posts = []
    for post in lex.words.get("official_posts", []):
        posts.extend([post["name"], *post.get("aliases", [])])
    post_alt = _alternation(posts + [p.lower() for p in posts])
    # "Hefei municipal government", "the Anhui provincial government": the tiers lexicon.yaml lists
    levels = _alternation(lex.list("government_levels"))
    levels_title = _alternation([w.title() for w in lex.list("government_levels")])  # "Yiwu Municipal ..."
    return Patterns(
        place=re.compile(rf"(?<![\w-])(?:{_alternation(place_names)})(?!\w|-(?:[a-z]*[A-Z]))"),
        industry=re.compile(r"(?<![\w-])(?:" + "|".join(
            re.escape(n).replace(r"\ ", r"[\s-]").replace(r"\-", r"[\s-]")
            for n in sorted(industry_names, key=len, reverse=True)) + r")(?![\w-])", re.IGNORECASE),
        # "Qichacha, a corporate-intelligence firm" / "Hefei Jiantou, a government fund"
        descriptor_after=re.compile(
            rf"(?<![\w'])(?P<name>{cap_name}),\s+(?:(?:a|an|the|one of (?:the|its|China's)|another|its|their|"
            rf"(?:[A-Z][\w\-]+\s+){{0,3}}[A-Z][\w\-]+'s)\s+)"
            rf"(?P<mods>(?:[\w\-']+\s+){{0,4}}?)(?P<desc>{desc})s?\b"),
        # "Yongli, which produces laser tubes": a name that makes things is a firm
        relative_maker=re.compile(
            rf"(?<![\w'])(?P<name>{cap_name}),\s+(?:which|that)\s+(?:now\s+|also\s+)?(?P<desc>produces|makes|manufactures|"
            rf"sells|supplies|builds|designs|develops|operates|runs)\b"),
        # "Another firm, bsb, is ..." / "the carmaker NIO"
        descriptor_before=re.compile(
            rf"\b(?P<desc>{desc}),\s+(?P<name>{name_token}(?:[ \t]+[A-Z][\w&.\-]*){{0,4}}),"),
        # "Hefei's Communist Party chief", "the city's mayor", "the mayor of Changsha"
        post=re.compile(
            rf"(?:(?P<owner>[A-Z][\w\-]+|(?:[Tt]he )?(?:[Cc]ity|[Tt]own|[Mm]etropolis|[Pp]rovince))'s?\s+)?"
            rf"(?P<post>Communist [A-Z]\w+ (?:chief|secretary|boss)|{post_alt})"
            # (the place after "of" a whole word, and the last: not "of Vanto" of "of Vantor Motor Group")
            rf"(?:\s+of\s+(?P<of>[A-Z][\w\-]+)\b)?(?!\s+[A-Z][a-z])"),
        # "the Hefei government", "Wuxi municipal government", "the government of Hefei"
        government=re.compile(
            rf"(?P<place>(?:[A-Z][\w\-]+ )?[A-Z][\w\-]+)(?:'s)?\s+(?P<level>(?:{levels}|{levels_title}) )?"
            # "the Yiwu Municipal People's Government", "the People's Government of Guangdong Province"
            r"(?:People['’]s )?(?:government|Government|authorities)\b|\b(?:the )?(?:government|People['’]s Government) "
            r"of (?:the )?(?P<place2>[A-Z][\w\-]+)(?= Province\b| Municipality\b| City\b|\b)"
            r"(?: Province| Municipality| City)?"
            # "the government of Shanghai's Pudong New Area": the district's
            r"(?:['’]s (?P<place3>[A-Z][\w\-]+(?: [A-Z][\w\-]+){0,2}(?: [Dd]istrict)?))?"),
        local_government=re.compile(
            r"\b(?:the|its|their)\s+(?:(?:local|native|municipal|city|town)(?:[- ]level)?\s+)"
            r"(?:government|authorities|authority|administration)\b", re.IGNORECASE),
        # "Changchun's soft environment office", "Changchun's bureau of statistics"
        possessive_body=re.compile(
            r"(?P<place>[A-Z][\w\-]+)'s\s+(?P<body>(?:[a-z]+\s+){0,4}(?:office|bureau|commission|department)"
            r"(?:\s+of\s+[a-z]+(?:\s+and\s+[a-z]+)?)?)\b"),
        back_reference=re.compile(
            r"\b(?:the|The)\s+(?P<noun>city|town|metropolis|province|fund|company|firm|group|carmaker|"
            r"chipmaker|automaker|district|plan|policy|strategy|programme|program|joint\s+venture|venture)\b"
            r"(?!\s+(?:of|government|authorities))(?!-)"
            r"|\b(?:the|The|its|a)\s+(?:local|native|city's|town's)\s+(?P<inst>university|college)\b"
            r"|\b(?:The|the)\s+(?:nation's\s+|country's\s+|city's\s+)?(?:[a-z\-]+\s+){0,2}"
            r"(?P<school>school|university)\b(?!\s+of)"),
    )
