"""Where a name starts and ends on the page: mention spans extended, joined and trimmed.

The model's NER often cuts a Chinese company name at its place word ("Hubei | Guoxin Industry
Investment Fund", "E-Town | Dragon Semiconductor ..."), stops before a bracketed place ("Hua Hong
Semiconductor (Wuxi) Limited"), splits a joint venture named after its parents ("Chery | Yaskawa
E-Drive System"), or takes a share or a title into a name ("Ballard 49%", "Mayor Sun Zhiyang").
:func:`repair` fixes these on the mention list, before entities are built:

- an organisation's name reaches left over capitalised words and a place right before it (not over
  a possessive, a title, a month or a sentence-opening word);
- two organisation names side by side with only a space between are one name;
- a bracketed place and a legal form after a name belong to it: "X (Wuxi) Limited" (and make a "person" the
  NER saw in it an organisation); so does a legal form
  or industry word the NER left out: "Volvo | Cars";
- a trailing percentage or number is not part of a name; nor is a leading title of a person;
- a unit of an institution named with it ("the School of Economics at X University", "the Research
  Center for Y of X University") is a part, not an organisation of its own: the institution is the
  mention, and a post in the unit is a post at the institution.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .doctext import doc_text
from .lexicon import Lexicon
from .mentions import Mention
from .names import DESCRIBED_LEAD, MONTHS, and_of_a_compound

ORG_KINDS = {"Org"}
PLACE_KINDS = {"City", "Province", "District", "Country"}
BRACKETED_PLACE = re.compile(r" \((?P<place>[A-Z][\w' \-]{1,30})\)(?P<tail>(?:,? (?:Co\.,? Ltd\.?|Co\.|Ltd\.?|Limited|"
                             r"Inc\.?|Corp\.?|Corporation|Holding|Holdings|Group|Technology|Technologies|"
                             r"Semiconductor|Co))*)")
PLACE_LIKE = re.compile(r"[A-Z][a-z]+(?: [A-Z][a-z]+)?")  # "Hongkong", "Hong Kong": a place's shape, not "AMEC"
BOARD_OF = re.compile(r"(?:Board|Board of Directors|Supervisory Board|Board of Supervisors) of (?:the )?(?=[A-Z])")
# "(Beijing) Equity Investment Fund": the capitalised words after a bracketed place, up to five
BRACKET_NAME_TAIL = re.compile(r"(?: [A-Z][\w&'-]*){1,5}(?![\w'-])")
PLACE_ORG_TAIL = re.compile(r" ((?:[A-Z][a-z]+ ){0,3}[A-Z][a-z]+)(?![\w'-])")
# words of organisations' names that are neither legal forms nor heads: "Construction Investment"
ORG_NAME_WORDS = {"Construction", "Development", "Industry", "Industrial", "State-owned", "Urban", "Finance",
                  "Financial", "Innovation", "Science", "Guidance", "Operation", "Asset", "Assets"}
SERIES = re.compile(r"(?:Pre-)?(?:Series|Round) [A-F]\d?\+?\.?|Pre-IPO|Angel|Seed")
LABEL_LEAD = re.compile(r"[ \t]*(?:[-–•*][ \t]+)?")
# "School of Management of X University": the institution after the unit's own "of" phrase
UNIT_OF = re.compile(r" (?:of|at) (?:the )?(?P<parent>(?:[A-Z][\w'-]* )+[A-Z]\w+)$")
UNIT_JOINT = re.compile(r",? (?:at|of) (?:the )?")
NEXT_WORD = re.compile(r" ([A-Z][a-z]+)(?![\w'-])")
TRAILING_NUMBER = re.compile(r"\s+(?:\d[\d.,]*\s?(?:%|per cent|percent)?|[IVX]+%)$")


def _title_words(lex: Lexicon) -> set[str]:
    words = {w for t in lex.list("job_titles") for w in t.replace("-", " ").split()}
    for post in lex.words.get("official_posts", []):
        for form in [post["name"], *post.get("aliases", [])]:
            words.update(form.replace("-", " ").split())
    words.update(t.rstrip(".") for t in lex.list("person_titles"))
    return {w.lower() for w in words} | {"party", "communist", "vice", "deputy", "executive", "general", "chief",
                                         "minister", "premier", "president", "secretary"}


def repair(mentions: list[Mention], sdoc, lex: Lexicon) -> list[Mention]:
    """The mentions with their spans repaired (see the module docstring); sorted by position."""
    text = doc_text(sdoc)
    titles = _title_words(lex)
    org_words = {w for ws in lex.words.get("legal_form_suffixes", {}).values() for w in ws} | {
        w for ws in lex.words.get("org_heads", {}).values() for w in ws}
    mentions = sorted(mentions, key=lambda m: m.start)
    out: list[Mention] = []
    for m in mentions:
        m = _trim(m, text, titles, lex)
        if m is None:
            continue
        if m.kind not in PLACE_KINDS and m.source != "known" and any(
                o.kind in ORG_KINDS and o.start <= m.start and m.end <= o.end for o in out[-3:]):
            continue  # "Equity Investment Fund" inside "X (Beijing) Equity Investment Fund", grown over it
        if m.kind in PLACE_KINDS:
            m = _place_named_org(m, text, org_words)
        if m.kind == "Person" and m.source != "known":
            if _bracketed_place_end(m, text, lex, org_words) > m.end:
                m = replace(m, kind="Org")  # "Hua Long Fabrication (Wuxi) Co.": a person has no legal form
        if m.kind in ORG_KINDS:
            m = _reach_right(m, text, org_words)
            m = _bracketed_place(m, text, lex, org_words)
            m = _reach_left(m, out, sdoc, text, lex, titles)
            prev = out[-1] if out else None
            joint = text[prev.end:m.start] if prev is not None else ""
            if prev is not None and prev.source != "known" and (
                    prev.kind == "Person" and prev.source == "ner" and joint == " "
                    or joint == " and " and and_of_a_compound(text, prev.end)):
                # "Xi Hong Lian Xin Investment" (a name read as a person, then the rest), "Hubei Science and
                # Technology Investment Group" (a name with "and" inside)
                prev = replace(prev, kind="Org")
            if prev is not None and prev.source != "known" and joint == "-owned " and \
                    text[prev.start:prev.end].split()[-1] in {"State", "Government"}:
                prev = replace(prev, kind="Org")  # "Qingdao Haifa State-owned Capital Investment ...": one name
            if prev is not None and prev.kind in ORG_KINDS and (joint in {" ", "-", "-owned ", " & "} or joint == " and " and
                                                                 and_of_a_compound(text, prev.end)) \
                    and not (prev.source == "known" and m.source == "known"):
                # "Chery Yaskawa E-Drive System": a name that runs on into another name is one name
                joined = text[prev.start:m.end]
                out[-1] = Mention(prev.start, m.end, joined, "Org", m.source if m.source != "known" else prev.source,
                                  hint=m.hint if m.source != "known" else "ORG")
                continue
        out.append(m)
    return _institution_units(out, text, lex)


def _institution_units(mentions: list[Mention], text: str, lex: Lexicon) -> list[Mention]:
    """Units named with the institution they belong to give way to the institution (see the module
    docstring). A unit name is one that starts with a word of the lexicon's ``institution_units``."""
    units = tuple(f"{w} " for w in lex.list("institution_units"))
    parents = tuple(lex.words.get("org_heads", {}).get("Institution", []))
    out: list[Mention] = []
    for k, m in enumerate(mentions):
        if m.kind not in ORG_KINDS or m.source == "known" or not m.name.startswith(units):
            out.append(m)
            continue
        inner = UNIT_OF.search(m.name)
        if inner and inner.group("parent").split(" ")[-1] in parents:
            start = m.start + inner.start("parent")
            out.append(Mention(start, m.end, inner.group("parent"), "Org", m.source, hint="ORG"))
            continue  # "School of Management of X University": X University
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if nxt is not None and nxt.kind in ORG_KINDS and UNIT_JOINT.fullmatch(text[m.end:nxt.start]):
            continue  # "the Research Center for Y at X University": the name after it is the one
        out.append(m)
    return out


def _trim(m: Mention, text: str, titles: set[str], lex: Lexicon) -> Mention | None:
    name = m.name
    line = text.rfind("\n", 0, m.start) + 1
    if text.startswith(":", m.end) and LABEL_LEAD.fullmatch(text[line:m.start]) and m.kind in ORG_KINDS:
        return None  # "- Leads: ...", "Ford: ...": a line's label, not a mention in a sentence
    if m.kind in ORG_KINDS and SERIES.fullmatch(text[m.start:m.end]):
        return None  # "a Series C round": a round, not a firm
    if m.kind in ORG_KINDS and text[m.start:m.end].endswith(" Party") and re.match(r" (?:Secretary|Chief|Boss)\b",
                                                                                   text[m.end:m.end + 10]):
        # "Taiyuan Party Secretary Wei Tao": a title, not an organisation; the place in it stays a place
        place = text[m.start:m.end - len(" Party")]
        canonical = lex.place_alias.get(place)
        if canonical is None:
            return None
        return Mention(m.start, m.start + len(place), canonical, lex.places[canonical].type, "gazetteer")
    board = BOARD_OF.match(text, m.start, m.end) if m.kind in ORG_KINDS else None
    if board and board.end() < m.end:
        # "chairman of the Board of Quorra Cells": the board is the firm's, the firm is the name
        m = replace(m, start=board.end(), name=text[board.end():m.end] if name == text[m.start:m.end] else name)
        name = m.name
    based = DESCRIBED_LEAD.match(text, m.start, m.end) if m.kind in ORG_KINDS and m.source in {"ner", "propn", "descriptor"} else None
    if based and based.end() < m.end:
        # "Tianjin-based Hygon Information Technology": where it is based describes the name, it is no part of it
        m = replace(m, start=based.end(), name=text[based.end():m.end] if name == text[m.start:m.end] else name)
        name = m.name
    dash = _spaced_dash(text, m.start, m.end)
    if dash > m.start and m.kind in ORG_KINDS and text[m.start:dash].isupper() and dash + 3 < m.end:
        # "SHANGHAI - Wingtech Technology": a dateline before the name
        m = replace(m, start=dash + 3, name=text[dash + 3:m.end] if name == text[m.start:m.end] else name)
        name = m.name
        dash = _spaced_dash(text, m.start, m.end)
    if dash > m.start and m.kind in ORG_KINDS:
        # "X Fund - RMB30bn target": a spaced dash is punctuation, never inside a name
        m = replace(m, end=dash, name=text[m.start:dash] if name == text[m.start:m.end] else name)
        name = m.name
    if m.kind in ORG_KINDS and m.source in {"ner", "propn"} and re.match(r"\s+[A-Z]", text[m.end:m.end + 3]):
        # "Stellantis Chief Executive | Carlos Tavares": title words between a firm's name and a person's
        words = text[m.start:m.end].split(" ")
        k = len(words)
        while k > 0 and words[k - 1].lower().strip(".") in titles:
            k -= 1
        if k == 0:
            return None  # "Vice Mayor | Zheng Weiqiang": a title alone
        if k < len(words):
            end = m.start + len(" ".join(words[:k]))
            rest = text[m.start:end]
            if rest in lex.place_alias:  # "Tianjin Vice Mayor | Liu Dexin": the place stays a place
                canonical = lex.place_alias[rest]
                return Mention(m.start, end, canonical, lex.places[canonical].type, "gazetteer")
            return replace(m, end=end, name=rest if name == text[m.start:m.end] else name)
    tail = TRAILING_NUMBER.search(text[m.start:m.end])
    if tail and m.kind in ORG_KINDS | {"Person"}:
        end = m.start + tail.start()
        if end <= m.start:
            return None
        m = replace(m, end=end, name=text[m.start:end] if name == text[m.start:m.end] else name)
    words = text[m.start:m.end].split(" ")
    if m.kind in ORG_KINDS and len(words) > 1 and words[0] in MONTHS:
        start = m.start + len(words[0]) + 1  # "May Xinlian Motors": the NER took the date's month in
        m = replace(m, start=start, name=text[start:m.end] if name == text[m.start:m.end] else name)
    if m.kind == "Person" and m.source == "ner" and words[0] in lex.place_alias and len(words) > 1 \
            and lex.places[lex.place_alias[words[0]]].type in {"City", "Province"}:
        return replace(m, kind="Org", hint="ORG")  # "Hunan Yuneng", "Shenzhen Dynanonic": firms named after places
    if m.kind == "Person" or (m.kind in ORG_KINDS and m.hint == "PERSON"):
        words = text[m.start:m.end].split(" ")
        k = 0
        while k < len(words) - 2 and words[k].lower().strip(".") in titles:
            k += 1
        if k:
            start = m.start + len(" ".join(words[:k])) + 1
            m = replace(m, start=start, name=text[start:m.end])
    return m


FUND_OF_FUNDS = re.compile(r"[ \t]+of[ \t]+Funds\b")


def _reach_right(m: Mention, text: str, org_words: set[str]) -> Mention:
    """'Volvo Cars', 'Tianqi Lithium Industries': the NER often stops before the legal or industry word that
    ends a firm's name; a capitalised such word right after the name belongs to it."""
    if m.source == "known":
        return m
    end = m.end
    while True:
        hit = NEXT_WORD.match(text, end)
        if not hit or hit.group(1) not in org_words:
            break
        end = hit.end()
    if text[m.start:end].endswith(("Fund", "Funds")) and (hit := FUND_OF_FUNDS.match(text, end)):
        end = hit.end()  # "the X Fund of Funds": one fund's name
    if end == m.end:
        return m
    return replace(m, end=end, name=m.name + text[m.end:end] if m.name == text[m.start:m.end] else m.name)


def _place_named_org(m: Mention, text: str, org_words: set[str]) -> Mention:
    """'Xi'an Hi-tech Zone Capital', 'Wuhu Construction Investment': a place followed by an organisation's
    head words is that organisation's name."""
    hit = PLACE_ORG_TAIL.match(text, m.end)
    if hit and all(w in org_words or w in ORG_NAME_WORDS for w in hit.group(1).split()):
        end = hit.end()
        return Mention(m.start, end, text[m.start:end], "Org", "rule")
    return m


def _spaced_dash(text: str, start: int, end: int) -> int:
    """Where a spaced dash (" - ", " – ", " — ") first stands in text[start:end], else -1."""
    hits = [i for i in (text.find(d, start, end) for d in (" - ", " – ", " — ")) if i >= 0]
    return min(hits) if hits else -1


def _bracketed_place_end(m: Mention, text: str, lex: Lexicon, org_words: set[str]) -> int:
    """Where a name continued by a bracketed place ends: after its legal form ("X (Wuxi) Co., Ltd."), or after
    capitalised words that end in an organisation's head ("X (Beijing) Equity Investment Fund"); ``m.end``
    when no bracketed place follows or nothing after it makes the bracket part of a name."""
    hit = BRACKETED_PLACE.match(text, m.end)
    if not hit:
        return m.end
    if hit.group("place") not in lex.place_alias:
        # "Datang Holdings (Hongkong) Investment": a place the gazetteer spells otherwise, inside a name that goes
        # on to an organisation's head (a short form in capitals, "(AMEC)", is no place)
        if not PLACE_LIKE.fullmatch(hit.group("place")):
            return m.end
        if hit.group("tail"):
            return hit.end()  # "Kestrel Energy (Lianshan) Co.": a legal form after it makes the bracket the name's
        words = BRACKET_NAME_TAIL.match(text, hit.end())
        return words.end() if words and words.group(0).split()[-1] in org_words else m.end
    if hit.group("tail"):
        return hit.end()
    words = BRACKET_NAME_TAIL.match(text, hit.end())
    if words:
        last = words.group(0).split()[-1]
        if last in org_words:
            return words.end()
    return m.end


def _bracketed_place(m: Mention, text: str, lex: Lexicon, org_words: set[str]) -> Mention:
    hit = BRACKETED_PLACE.match(text, m.end)
    if hit and hit.group("place") not in lex.place_alias and _bracketed_place_end(m, text, lex, org_words) > m.end:
        end = _bracketed_place_end(m, text, lex, org_words)
        return replace(m, end=end, name=text[m.start:end] if m.name == text[m.start:m.end] else m.name)
    if hit and hit.group("place") in lex.place_alias:
        end = max(hit.end(), _bracketed_place_end(m, text, lex, org_words))
        return replace(m, end=end, name=text[m.start:end] if m.name == text[m.start:m.end] else m.name)
    return m


def _reach_left(m: Mention, out: list[Mention], sdoc, text: str, lex: Lexicon, titles: set[str]) -> Mention:
    """Extend ``m`` left over capitalised words and a place right before it."""
    if m.source == "known":
        return m  # a known name stands as the gazetteer has it ("Beijing Xiaomi" is Xiaomi in Beijing)
    span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return m
    start = m.start
    taken_place = None
    i = span.start - 1
    while i >= 0:
        tok = sdoc[i]
        nxt = sdoc[i + 1]
        attached = not tok.whitespace_
        if attached and not (tok.text == "-" or nxt.text == "-"):
            break  # "(", "'s", a line's first word after a dash...
        if "\n" in tok.whitespace_ or "\n" in tok.text:
            break
        if tok.text in {"-", "–", "—"} and tok.whitespace_ and i > 0 and sdoc[i - 1].whitespace_:
            break  # "SHANGHAI - Wingtech": a spaced dash ends a dateline, it joins no name
        if tok.text == "-":
            i -= 1  # "High-Tech", "E-Town"
            continue
        prev = out[-1] if out else None
        if prev is not None and prev.start <= tok.idx < prev.end:
            if prev.kind in PLACE_KINDS and taken_place is None and prev.end <= start and \
                    text[prev.end:start].strip(" -") == "":
                taken_place = prev  # "Hubei Guoxin Industry Investment Fund", "E-Town Dragon ..."
                start = prev.start
                while i >= 0 and sdoc[i].idx >= prev.start:
                    i -= 1
                continue
            break
        word = tok.text
        if word == "owned" and i >= 2 and sdoc[i - 1].text == "-" and sdoc[i - 2].text in {"State", "state"}:
            i -= 1  # "Quzhou State-owned Capital Operation Co.": the hyphened word is part of the name
            continue
        if not (word[:1].isupper() and (tok.is_alpha or "-" in word)) or word in MONTHS \
                or word.lower() in titles or (tok.is_sent_start and tok.pos_ != "PROPN"
                                              and sum(c.isupper() for c in word) < 2) \
                or tok.lower_ in {"the", "a", "an", "and", "of", "in", "for", "by"}:
            break
        start = tok.idx
        i -= 1
    if start == m.start:
        return m
    if taken_place is not None:
        out.remove(taken_place)
    name = text[start:m.end] if m.name == text[m.start:m.end] else text[start:m.start] + m.name
    return replace(m, start=start, name=name)
