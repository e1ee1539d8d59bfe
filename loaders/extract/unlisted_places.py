"""Places the gazetteer does not list, typed by the way the text names them.

The gazetteer holds China's cities, districts and provinces and the world's countries and first-level
regions; the towns where firms build plants abroad ("Debrecen, Hungary", "Elgin, Illinois") and China's
counties ("Ningjin county") are too many to list. A text gives them away:

- a name the model read as a place, or a run of proper nouns, right before a comma and a listed
  region or country is a city there: "a plant in Debrecen, Hungary", "Moreno Valley, California"; so is one
  after "in" and before a comma and a listed city: "located in Rongcheng, Weihai"; and one a comma calls a
  county-level city: "Fuding, a county-level city under Ningde";
- a name China gives its zones is a zone: "the Hefei High-tech Industrial Development Zone", "Liangjiang New
  Area" (a District);
- a proper name followed by "county" is a county: "Ningjin county", "Marshall County" (a District,
  as the schema has no level below it); one followed by "district" is a district: "Jinan's Huaiyin district".

Once a name is known as a place in a document, its other mentions there are the same place.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .lexicon import Lexicon
from .mentions import Mention
from .names import FIRM_LAST_WORDS

REGION_KINDS = {"Province", "Country"}
# a proper name before "county": one or two capitalised words, not a sentence's "The"
COUNTY = re.compile(r"(?<![\w'’])(?P<name>[A-Z][a-z\-]*(?:['’][a-z]{2,})?(?: [A-Z][a-z\-]*(?:['’][a-z]{2,})?)?) "
                    r"(?P<word>[Cc]ounty|[Dd]istrict)\b(?! [A-Z])")
COUNTY_LEVEL_AFTER = re.compile(r", (?:a|an|another|one) (?:[\w-]+ ){0,2}?(?:county-level city|county seat|"
                                r"prefecture-level city|(?:city|town|county) (?:under|administered by|in) [A-Z]|"
                                # "Lianshan, a city of 3 million on the Yangtze", "an industrial city on the coast"
                                r"(?:city|town) of (?:about |some |more than |nearly |over )?[\d.,]+(?: million| m)?\b|"
                                r"(?:city|town) (?:on|along) the )")
DATELINE_AFTER = re.compile(r"(?:,[^\n]{0,40}?|[ \t]+\([^)\n]{1,30}\))?[ \t]+[-–—]{1,2}[ \t]+|, [A-Z][a-z]+(?: province)?, ")
NOT_COUNTY_NAMES = {"The", "This", "That", "Each", "Every", "A", "One", "Its", "Their", "Another", "Which"}
GUESSED = {"ner", "propn"}
# "the Hefei High-tech Industrial Development Zone", "the Xuzhou Economic and Technological Development Zone",
# "Liangjiang New Area": a zone named the way China names them
ZONE = re.compile(r"(?<![\w'’-])(?P<name>(?:[A-Z][\w-]*(?:['’][a-z]{2,})? ){1,3}(?:(?:High-[Tt]ech|Hi-[Tt]ech|High[- ]and[- ]New[- ]"
                  r"[Tt]ech(?:nology)?|Economic(?: and |-)Technological|Economic|Industrial|Free[- ]Trade|"
                  r"Comprehensive Bonded|Export Processing|Science and Technology|Advanced Manufacturing)"
                  r"(?: [A-Z][\w-]+){0,3} (?:Zone|Area|Park)|New Area))\b")


def unlisted_places(mentions: list[Mention], text: str, lex: Lexicon) -> list[Mention]:
    """The mentions with places the gazetteer lacks typed as City or District (see the module docstring)."""
    learned: dict[str, str] = {}
    ordered = sorted(mentions, key=lambda m: m.start)
    for m in ordered:
        # "Fuding, a county-level city under Ningde", "Fu'an, another county-level city in Ningde"
        if m.source in GUESSED and m.kind == "Org" and _one_place_word(m.name) and COUNTY_LEVEL_AFTER.match(text, m.end):
            learned[m.name] = "City"
    for m, nxt in zip(ordered, ordered[1:]):
        # "located in Rongcheng, Weihai": a county-level city in a listed one, after a preposition of place
        in_city = nxt.kind == "City" and re.search(r"\b(?:in|at|near)\s+$", text[max(0, m.start - 6):m.start])
        if m.source in GUESSED and m.kind == "Org" and m.hint in {"GPE", "LOC", "TENTATIVE"} \
                and (nxt.kind in REGION_KINDS or in_city) and text[m.end:nxt.start] == ", " and _one_place_word(m.name):
            learned[m.name] = "District" if m.name.lower().endswith(" county") else "City"
    # "a base in Cuiping district", "Ningjin county"; capitalised "District" only for a district the division
    # table knows ("the Central Business District" is no district of a city)
    counties = [Mention(hit.start(), hit.end(), hit.group(0), "District", "rule", hint="COUNTY")
                for hit in COUNTY.finditer(text)
                if hit.group("name").split()[0] not in NOT_COUNTY_NAMES and hit.group("name") not in lex.place_alias
                and (hit.group("word") != "District" or lex.division_cities(hit.group("name"), {"district"}))]
    # "a fab in Xinwu since 2006" in a story that names Wuxi: a word the model read as a place that is a
    # district of a city this text names is that district
    cities = {m.name for m in ordered if m.kind == "City"}
    for m in ordered:
        if m.source in GUESSED and m.kind == "Org" and m.hint in {"GPE", "LOC"} and len(m.name.split()) == 1 \
                and m.name not in lex.place_alias and lex.division_cities(m.name, {"district"}) & cities:
            learned[m.name] = "District"
    canonical = {m.name: m.name for m in ordered if m.name in learned}
    for m in ordered:
        # a wire story's dateline: "LIANSHAN, Hubei, June 12 - ", "LIANSHAN (Wire) - ": the city it was filed from
        if m.source in GUESSED and m.kind == "Org" and m.name.isupper() and len(m.name) > 3 \
                and re.fullmatch(r"[A-Z][A-Z' \-]+", m.name) and not text[:m.start].strip(" \t").rpartition("\n")[2] \
                and DATELINE_AFTER.match(text, m.end) and m.name.title() not in lex.place_alias:
            learned[m.name] = "City"
            canonical[m.name] = m.name.title()
    for c in counties:
        learned.setdefault(c.name.rsplit(" ", 1)[0], "District")  # "Ningjin" elsewhere is "Ningjin county"
        canonical[c.name.rsplit(" ", 1)[0]] = c.name
    out = []
    for m in ordered:
        if m.source in GUESSED and m.kind in {"Org", "Person"} and m.hint != "PERSON" and m.name in learned:
            m = replace(m, kind=learned[m.name], name=canonical.get(m.name, m.name))
        if any(c.start <= m.start and m.end <= c.end and (c.start, c.end) != (m.start, m.end) for c in counties) \
                or any(c.start == m.start and c.end == m.end for c in counties) and m.source in GUESSED:
            continue  # "Ningjin" inside "Ningjin county": the county is the mention
        out.append(m)
    zones = []
    for hit in ZONE.finditer(text):
        start, name = hit.start("name"), hit.group("name")
        lead = re.match(r"(?:The|This|That|Its|A|An|Each|Every) ", name)
        if lead:  # "The Chengdu Hi-tech Zone" at a sentence's start: the article is no part of the name
            start, name = start + lead.end(), name[lead.end():]
        if name not in lex.place_alias and len(name.split()) >= 2:
            zones.append(Mention(start, start + len(name), name, "District", "rule", hint="ZONE"))
    # the zone is the mention: not a guess inside it or of its very words, nor the city its name starts with
    out = [m for m in out if not ((m.source in GUESSED or m.kind in {"City", "District"})
                                  and any(z.start <= m.start and m.end <= z.end
                                          and ((z.start, z.end) != (m.start, m.end) or m.source in GUESSED)
                                          for z in zones))]
    taken = [(m.start, m.end) for m in out]
    for z in zones:
        if not any(s < z.end and z.start < e and not (z.start <= s and e <= z.end) for s, e in taken):
            out.append(z)
            taken.append((z.start, z.end))
    for c in counties:
        if not any(s < c.end and c.start < e and not (c.start <= s and e <= c.end) for s, e in taken):
            out.append(c)
    return sorted(out, key=lambda m: m.start)


def _one_place_word(name: str) -> bool:
    """A place's name: one to three capitalised words, no legal form or organisation word."""
    words = name.split()
    if words and words[-1].lower() in FIRM_LAST_WORDS:
        return False  # "Quorra Batteries, Nevada's rival": a firm's name
    return 1 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and not re.search(
        r"\b(?:Co|Ltd|Inc|Group|Holdings?|Technology|Technologies|Fund|Capital|Bank|Motors?|Energy)\b", name)
