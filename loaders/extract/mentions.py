"""Finding entity mentions in a parsed document.

Sources, in order of trust: the gazetteer (places, industries), rules (officials named by post,
city governments, descriptor appositions such as "Qichacha, a data firm"), then spaCy's NER.
Each mention carries a surface span and a candidate name; typing of organisations happens in
:mod:`typing_rules` once every mention of a name in the document has been seen.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .doctext import doc_text
from .lexicon import Lexicon, load_lexicon
from .names import (DESCRIBED_LEAD, FIRM_LAST_WORDS, GENERIC_ORG_WORDS, LEADING_DATE, MONTHS, PLACE_BEFORE, after_connector,
                    firm_shaped, split_conjoined_names)
from .surface import Patterns, _alternation, compile_patterns

NER_LABELS = {"PERSON", "ORG", "GPE", "FAC", "PRODUCT", "WORK_OF_ART", "LOC", "NORP", "EVENT"}
# Labels too unreliable to stop a longer run of proper nouns from being read as one name.
WEAK_LABELS = {"NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "FAC", "LOC"}
# Words that end a name when they trail it ("Hefei's", "BOE's").
POSSESSIVE = re.compile(r"(?:'s|')$")
LEADING_THE = re.compile(r"^(?:the|The|a|an)\s+")
SUFFIX_TAIL = re.compile(r"(?:\s+(?:Hi-?[Tt]ech|High-[Tt]ech|Group|Holdings?|Technology|Technologies|Co\.|Corp\.?|Inc\.?|"
                         r"Ltd\.?|Limited|Motors|Securities|Capital|Investment|Industries)|,\s+(?:Ltd|Limited|Inc|LLC)\b\.?)+"
                         r"(?:(?<=\.)|\b)")


@dataclass
class Mention:
    start: int
    end: int
    name: str  # candidate canonical name
    kind: str  # an entity type, "Org" (to be typed), or "Ref" (a back-reference such as "the city")
    source: str  # gazetteer, rule, ner, descriptor
    hint: str | None = None  # a type suggested by context (apposition, NER label)
    aliases: list[str] = field(default_factory=list)
    ref: str | None = None  # for kind == "Ref": which type it refers back to
    city: str | None = None  # for posts named by office

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def _clean_name(text: str) -> str:
    text = LEADING_THE.sub("", text.strip())
    # "Co., Ltd." keeps its last full stop: it belongs to the abbreviation, not to the sentence
    abbreviated = re.search(r"\b(?:Ltd|Co|Inc|Corp|Plc)\.$", text.rstrip(" ,;:\"')")) is not None
    text = POSSESSIVE.sub("", text).strip(" ,.;:\"'()") + ("." if abbreviated else "")
    first, _, rest = text.partition(" ")
    if rest and first.lower() in DISCOURSE_WORDS:  # "Meanwhile Xiaomi, the smartphone maker"
        text = rest
    text = LEADING_DATE.sub("", text)  # "In May Xinlian Motors": a sentence-opening date is not the name's
    text = re.sub(r"\s+(?:and|or|&)$", "", text)  # "A Microelectronics and" read as a name: the list goes on
    return re.sub(r"\s+", " ", text)


def gazetteer_mentions(text: str, lex: Lexicon, pats: Patterns) -> list[Mention]:
    out = []
    # datelines: "HEFEI, Anhui province", "XIAMEN/SHENZHEN, Nov 13"
    for m in re.finditer(r"(?m)^([A-Z][A-Z\-' ]{2,30}?(?:/[A-Z][A-Z\-' ]{2,30}?)*)(?=,|[ \t]+[-–—(])", text):
        at = m.start(1)
        for part in m.group(1).split("/"):
            canonical = lex.place_alias.get(part.title())
            if canonical:
                out.append(Mention(at, at + len(part), canonical, lex.places[canonical].type, "gazetteer"))
            at += len(part) + 1
    for m in pats.place.finditer(text):
        canonical = lex.place_alias[m.group(0)]
        place = lex.places[canonical]
        out.append(Mention(m.start(), m.end(), canonical, place.type, "gazetteer"))
    for m in pats.industry.finditer(text):
        canonical = lex.industry_of(m.group(0))
        if canonical and m.group(0)[:1].isupper() and INSIDE_NAME_BEFORE.search(text, 0, m.start()) \
                and INSIDE_NAME_AFTER.match(text, m.end()):
            continue  # "Xiamen Haixi Energy Storage Technology": capitalised words inside a name
        if canonical:
            prev = out[-1] if out and out[-1].kind == "Industry" else None
            if prev is not None and text[prev.end:m.start()] == " " and prev.name != canonical:
                # "new energy batteries": an industry word before another's names a kind of the second
                out[-1] = Mention(prev.start, m.end(), canonical, "Industry", "gazetteer")
                continue
            out.append(Mention(m.start(), m.end(), canonical, "Industry", "gazetteer"))
    # "new-energy and intelligent connected vehicles": the first of two joined industries shares the second's last
    # word where that names an industry of its own ("new energy vehicles", not "new energy")
    inds = [i for i, m in enumerate(out) if m.kind == "Industry"]
    for a, b in zip(inds, inds[1:]):
        first, second = out[a], out[b]
        if re.fullmatch(r"\s+(?:and|&)\s+", text[first.end:second.start]) and " " in text[second.start:second.end]:
            last = text[second.start:second.end].rsplit(" ", 1)[1]
            fuller = lex.industry_of(f"{text[first.start:first.end]} {last}")
            if fuller and fuller != first.name:
                out[a] = Mention(first.start, first.end, fuller, "Industry", "gazetteer")
    # "chips, displays and cars": a word too common to be an industry on its own ("on display") is one when
    # listed beside a named industry
    listed = sorted((m for m in out if m.kind == "Industry"), key=lambda m: m.start)
    for m in LIST_ONLY_INDUSTRY.finditer(text):
        canonical = lex.industry_of(LIST_ONLY_INDUSTRIES[m.group(0).lower()])
        beside = any(re.fullmatch(r",? and |, ", text[i.end:m.start()]) or re.fullmatch(r",? and |, ", text[m.end():i.start])
                     for i in listed)
        if canonical and beside and not any(i.start <= m.start() < i.end for i in listed):
            out.append(Mention(m.start(), m.end(), canonical, "Industry", "gazetteer"))
    # "the display chain", "the chip sector": words the free-text list leaves out as too common
    # name an industry when an industry noun follows them.
    for m in INDUSTRY_PHRASE.finditer(text):
        phrase = m.group("phrase")
        if phrase in FUNCTION_WORDS:
            continue  # "its chain-leader enterprise": "its" is no plural of "IT"
        for variant in (phrase, phrase + "s", phrase.rstrip("s")):
            canonical = lex.industry_of(variant) or lex.industry_of(variant + " industry")
            if canonical:
                out.append(Mention(m.start("phrase"), m.end("phrase"), canonical, "Industry", "gazetteer"))
                break
    return out


# words industries.yaml leaves out as everyday words, and the industry each is in a list of industries
LIST_ONLY_INDUSTRIES = {"displays": "display screens", "panels": "display screens", "screens": "display screens"}
LIST_ONLY_INDUSTRY = re.compile(r"\b(?:displays|panels|screens)\b")
INSIDE_NAME_BEFORE = re.compile(r"[A-Z][\w'\-]*[ \t]+$")
INSIDE_NAME_AFTER = re.compile(r"[ \t]+(?:[A-Z]|Co\.|&)")
PLACE_PREPOSITION_BEFORE = re.compile(r"\b(?:of|in|at|from|near)\s+$")
FUNCTION_WORDS = {"its", "it", "their", "this", "that", "these", "those", "the", "our", "his", "her", "whose", "which",
                  "each", "every", "one", "own", "same", "other", "whole", "entire", "a", "an", "any", "all", "as", "is"}
INDUSTRY_PHRASE = re.compile(r"\b(?P<phrase>[a-z][a-z\-]+)\s+(?:industry|industries|chain|sector|industrial\s+chain)\b")



# National bodies every city and province has a local twin of, with the short name the twin goes by
NATIONAL_BODIES = {"State-owned Assets Supervision and Administration Commission": "SASAC"}
LOCAL_BODY_BEFORE = re.compile(
    r"(?P<what>(?:(?P<place>[A-Z][\w\-]+)(?:['’]s)?[ \t]+(?:(?P<level>[Mm]unicipal|[Pp]rovincial|[Cc]ity)[ \t]+)?"
    r"(?:People['’]s[ \t]+)?"  # "the Quxin Municipal People's Government SASAC" (the NER keeps "Government")
    r"|(?:the[ \t]+)?(?P<level2>city['’]s|province['’]s|municipal|provincial|local|city)[ \t]+))$")
LOCAL_SASAC = re.compile(r"(?:the\s+)?State-owned Assets (?:Supervision and )?Administration (?:Office|Bureau)")
# "the SASAC of the Fujian Provincial People's Government", "... of Quxin Municipality"
LOCAL_BODY_AFTER = re.compile(
    r"[ \t]+of[ \t]+(?:the[ \t]+)?(?P<place>[A-Z][\w\-]+)(?:[ \t]+(?P<level>Municipal|Provincial|City))?"
    r"(?:[ \t]+People['’]s)?[ \t]+(?:Government|Municipality|Province)\b")


def known_mentions(sdoc) -> list[Mention]:
    """Well-known organisations the gazetteer ruler marked (see gazetteer_ruler.py): typed by the
    gazetteer, named by their full name."""
    from .gazetteer_ruler import known_names

    names = known_names()
    out = []
    text = doc_text(sdoc)
    for ent in sdoc.ents:
        if not ent.ent_id_ or ent.text not in names:
            continue
        before = text[max(0, ent.start_char - 30):ent.start_char]
        place_before = re.search(r"([A-Z][\w\-]+)(?:'s)?\s+$", before)
        canonical, type_ = names[ent.text]
        if place_before and place_before.group(1) in load_lexicon().place_alias and canonical != ent.text \
                and type_ == "GovernmentBody":
            continue  # "Hefei's SASAC" is the city's commission, not the national one
        prev = sdoc[ent.start - 1] if ent.start > 0 else None
        if type_ == "Firm" and prev is not None and prev.pos_ == "PROPN" and prev.text[:1].isupper() \
                and prev.lower_ not in DISCOURSE_WORDS and prev.whitespace_ == " " and prev.ent_type_ in {"ORG", ""}:
            continue  # "GAC Toyota Motor Co.", "Dongfeng Nissan": a venture named with its partners, not the partner
        out.append(Mention(ent.start_char, ent.end_char, canonical, "Org", "known", hint=type_,
                           aliases=[ent.text] if ent.text != canonical else []))
    return out


# a world region is no firm and no place the schema has: "plants in Europe", "sells to Southeast Asia" (not
# "America" inside "North America", which is no United States)
REGION = re.compile(r"(?<![\w-])(?:(?:North|South|East|West|Central|Southeast|South-East|Northeast|Northern|Southern|"
                    r"Eastern|Western|Sub-Saharan|Latin) )?(?:Europe|Asia|Africa|America|Americas|Asia-Pacific|"
                    r"Asia Pacific|Middle East|Oceania|Scandinavia|Balkans|Caribbean|Antarctica|ASEAN|EMEA|APAC)"
                    r"(?![\w-]| (?:[A-Z]\w*))")


def outside_regions(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions that are no world region, nor a piece of one (a region the place gazetteer knows, "South
    Africa", "America", is a place)."""
    places = load_lexicon().place_alias
    spans = [(m.start(), m.end()) for m in REGION.finditer(text) if m.group(0) not in places]
    return [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in spans)]


def ner_mentions(sdoc) -> list[Mention]:
    out = []
    text = doc_text(sdoc)
    for ent in sdoc.ents:
        if ent.label_ not in NER_LABELS or ent.ent_id_:
            continue
        # NER glues lists into one span ("Alibaba, Tencent"): split them back.
        # A legal form after a comma ("Co., Ltd.") is part of the name, not the next item.
        pieces = (re.split(r",\s+(?!(?:Ltd|Limited|Inc|LLC|Plc|Co|Corp)\b)|\s+and\s+(?=[A-Z])", ent.text)
                  if ent.label_ == "ORG" and "," in ent.text else [ent.text])
        if ent.label_ == "ORG" and len(pieces) == 1:
            pieces = split_conjoined_names(ent.text, load_lexicon())
        if ent.label_ == "ORG" and any(t.is_lower and t.is_alpha and t.lower_ not in NAME_CONNECTORS for t in ent):
            # "Baishan Capital led Ruiqi Motors" read as one name: a lower-case word is no part of a name
            pieces = [p for piece in pieces for p in LOWER_WORD.split(piece) if p.strip()]
        if ent.label_ == "ORG" and " at " in ent.text:
            # "the Research Center for X at Southwest Jiaotong University": the unit belongs to the parent
            pieces = [ent.text.rsplit(" at ", 1)[1]]
        if ent.label_ == "ORG" and re.search(r"\s\([A-Z][A-Za-z0-9&\-]{1,9}\)?\s*$", ent.text):
            # "ChangXin Memory Technologies (CXMT": the name and its acronym are two mentions
            pieces = [p.strip(" ()") for p in re.split(r"\s+\(", ent.text)]
        offset = ent.start_char
        for piece in pieces:
            at = text.find(piece, offset)
            if at < 0:
                continue
            offset = at + len(piece)
            if "\n" in piece:
                continue
            name = _clean_name(piece)
            if name in MONTHS or (name[:1].islower() and _common_word(name, sdoc, load_lexicon())):
                continue  # "Apr", "start-up" read as names
            if " " not in name and name.lower() in GENERIC_ORG_WORDS | {"issuer", "guarantor", "target"}:
                continue  # "the Company", "the Group" as a filing writes them: a reference, not a name
            first, _, rest = name.partition(" ")
            if rest and first.lower() in DISCOURSE_WORDS:  # "Meanwhile Xiaomi"
                name = rest
            if not name or CURRENCY_WORDS.match(name):
                continue
            start = at + piece.find(name) if name in piece else at
            end = start + len(name)
            kind, hint = {"PERSON": "Person"}.get(ent.label_, "Org"), ent.label_
            if start == ent.start_char and ent.label_ in {"ORG", "PERSON"}:
                # "CDGM Glass" read as the person "Glass": a capitalised word the name's head compounds with, and
                # that no other name claims, is the name's first word (a firm's, by its last word)
                first_tok = ent.start
                while first_tok > 0 and (t := sdoc[first_tok - 1]).pos_ == "PROPN" and t.dep_ == "compound" \
                        and ent.start <= t.head.i < ent.end and not t.ent_type_ and t.text[:1].isupper() \
                        and t.text not in MONTHS and t.lower_ not in DISCOURSE_WORDS:
                    first_tok -= 1
                longer = text[sdoc[first_tok].idx:end]
                if first_tok < ent.start and (kind == "Org" or firm_shaped(longer, load_lexicon())):
                    start, name = sdoc[first_tok].idx, longer
            if kind == "Person" and firm_shaped(name, load_lexicon()):
                kind, hint = "Org", "ORG"  # "Huawei Cloud", "Qinling Solar": two capitalised words read as a person
            if kind == "Org":
                tail = SUFFIX_TAIL.match(text, end)
                if tail:  # "Gotion" + " High-tech": NER often stops before a legal-form word
                    end = tail.end()
                    name = text[start:end]
            out.append(Mention(start, end, name, kind, "ner", hint=hint))
    return out


def rule_mentions(text: str, lex: Lexicon, pats: Patterns, sdoc=None) -> list[Mention]:
    out = []
    not_names = _not_name_positions(sdoc)
    desc_type = {}
    for word in lex.list("firm_descriptors"):
        desc_type[word.lower()] = "Firm"
    for word in lex.list("fund_descriptors"):
        desc_type[word.lower()] = "Fund"
    for word in lex.list("institution_descriptors"):
        desc_type[word.lower()] = "Institution"
    for word in lex.list("unit_descriptors"):
        desc_type[word.lower()] = "Unit"  # an organisation, of a kind its own words decide (see entities._type)
    for pat in (pats.descriptor_after, pats.descriptor_before, pats.relative_maker):
        for m in pat.finditer(text):
            raw = after_connector(m.group("name"), lex)
            if pat is not pats.descriptor_before:  # "A and B, the bus maker": the description is B's
                raw = split_conjoined_names(raw, lex)[-1]
            name = _clean_name(raw)
            if not name or name.lower() in {"it", "this", "that", "which"}:
                continue
            if raw[:1].islower() and (len(raw) > 6 or " " in raw or _common_word(raw, sdoc, lex)):
                continue  # "bsb" may be a name; "and", "fab", "month" are words
            if m.start("name") in not_names:  # "Furthermore, an online platform ...": not a name
                continue
            start = m.end("name") - len(raw) + raw.find(name)
            if pat is pats.relative_maker and name in lex.place_alias and PLACE_PREPOSITION_BEFORE.search(
                    text, max(0, start - 8), start):
                continue  # "X, of Wuhan, which makes wafers": what makes them is X, not its city
            lead = DESCRIBED_LEAD.match(name)
            if lead and lead.end() < len(name):  # "Tianjin-based Hygon ..., a chipmaker": the name is "Hygon ..."
                start, name = start + lead.end(), name[lead.end():]
            if sdoc is not None and text[max(0, start - 2):start] == "& ":
                # "Sinova Science & Technology, which operates ...": the name runs on over its ampersand
                whole = next((e for e in sdoc.ents if e.label_ == "ORG" and e.start_char < start
                              and e.end_char == start + len(name)), None)
                if whole is not None:
                    start, name = whole.start_char, text[whole.start_char:start + len(name)]
            place = PLACE_BEFORE.search(text, max(0, start - 30), start)
            if place and place.group(1) in lex.place_alias and \
                    all(w.lower() in GENERIC_ORG_WORDS for w in name.split()):
                # "Xi'an Investment Holding": a name of generic words only keeps its place
                start, name = place.start(1), text[place.start(1):start + len(name)]
            hint = desc_type.get(m.group("desc").lower(), "Firm")
            mods = m.groupdict().get("mods") or ""
            if hint == "Firm" and re.search(r"\b(?:government|state|investment|venture)\b", mods) and \
                    m.group("desc").lower() in {"fund", "vehicle", "investor"}:
                hint = "Fund"
            # "a local chipmaker", "a city-owned chemicals group": of the city the passage is about
            local = bool(re.search(r"\b(?:local|city-owned|city-run|city-backed|municipally[- ]owned)\b", mods))
            out.append(Mention(start, start + len(name), name, "Org", "descriptor", hint=hint,
                               city="local" if local else None))
    for m in pats.government.finditer(text):
        place = m.group("place") or m.group("place2")
        if m.group("place3") and lex.place_alias.get(m.group("place3")):
            place = m.group("place3")
        canonical = lex.place_alias.get(place)
        start = m.start()
        if not canonical and m.group("place") and " " in place:
            # "Inner Mongolia regional government" names two words; "Beijing Shanghai government" only the last
            start, place = m.start("place") + place.index(" ") + 1, place.split(" ", 1)[1]
            canonical = lex.place_alias.get(place)
        if not canonical:
            continue
        ptype = lex.places[canonical].type
        if ptype not in {"City", "Province", "District"}:
            continue
        out.append(Mention(start, m.end(), government_name(canonical, ptype), "GovernmentBody", "rule",
                           city=canonical))
    for m in pats.local_government.finditer(text):
        out.append(Mention(m.start(), m.end(), "", "Ref", "rule", ref="Government"))
    for m in pats.post.finditer(text):
        owner = m.group("owner") or m.group("of")
        out.append(Mention(m.start(), m.end(), m.group("post"), "Post", "rule", city=owner))
    for m in pats.possessive_body.finditer(text):
        canonical = lex.place_alias.get(m.group("place"))
        if not canonical or lex.places[canonical].type not in {"City", "Province", "District"}:
            continue
        body = m.group("body")
        out.append(Mention(m.start(), m.end(), f"{canonical} {body}", "GovernmentBody", "rule",
                           aliases=[f"{canonical}'s {body}", body], city=canonical))
    # "the Suzhou Industrial Park administrative committee", "the Chenggong district investment promotion
    # bureau": a place, then a lower-case body
    for m in PLACE_BODY.finditer(text):
        canonical = lex.place_alias.get(m.group("place"))
        body = m.group("body")
        if not canonical and re.match(r"(?:district|county) ", body) and m.group("place").split()[0] not in {
                "The", "A", "Its"}:
            # "the Chenggong district investment promotion bureau": an unlisted district's, named as written
            out.append(Mention(m.start(), m.end(), f"{m.group('place')} {body}", "GovernmentBody", "rule"))
            continue
        if not canonical or lex.places[canonical].type not in {"City", "Province", "District"}:
            continue
        out.append(Mention(m.start(), m.end(), f"{canonical} {body}", "GovernmentBody", "rule",
                           aliases=[body] if len(body.split()) > 2 else [], city=canonical))
    out += unlisted_local_bodies(text, lex, {(m.start, m.end) for m in out if m.kind == "GovernmentBody"})
    out += described_local_bodies(text, lex)
    # "Beijing's municipal guidance fund", "the Wuxi state-backed chip fund": a place's fund named by description
    for m in PLACE_FUND.finditer(text):
        canonical = lex.place_alias.get(m.group("place"))
        if not canonical or lex.places[canonical].type not in {"City", "Province", "District"}:
            continue
        words = m.group("words").split()
        if not any(w in FUND_DESCRIPTORS for w in words):
            continue  # "Hefei's new fund" says which fund, not what it is called
        named = re.compile(rf"\b{re.escape(m.group('place'))}(?:[ \t]+[A-Z][\w\-]*)+[ \t]+{NAMED_INVESTOR}")
        lo = max(text.rfind(c, 0, m.start()) for c in ".!?\n") + 1
        hi = min((i for i in (text.find(c, m.end()) for c in ".!?\n") if i >= 0), default=len(text))
        if any(n.end() <= lo or n.start() >= hi for n in named.finditer(text)):
            # the text names a fund of the place elsewhere ("Wuxi Xinchuang Industry Fund"): the description is
            # a way back to it. Beside it in one sentence, it is another fund.
            continue
        desc = " ".join(words)
        out.append(Mention(m.start(), m.end(), f"{canonical} {desc} fund", "Fund", "rule",
                           aliases=[f"{canonical}'s {desc} fund"], city=canonical))
    for m in re.finditer(r"\b[Ii]ts(?=\s+(?:[\w-]+\s+){0,2}(?:shareholders?|investors?|backers?|owners?|customers?|"
                         r"clients?|buyers?|suppliers?)\b)", text):
        out.append(Mention(m.start(), m.end(), "", "Ref", "rule", ref="Group"))
    # "it" where a relation would use it: "a stake in it", "It also holds ...", "Its chief executive, X":
    # the firm or fund the previous sentence is about (see the resolver); elsewhere "it" is left alone
    for pat, ref in PRONOUN_REFS:
        for m in pat.finditer(text):
            out.append(Mention(m.start("it"), m.end("it"), "", "Ref", "rule", ref=ref))
    # "X said on Tuesday it had agreed to ...": "it" is the one who spoke
    for m in re.finditer(r"\b(?:said|says|announced|added|confirmed|stated)\s+(?:on\s+\w+\s+|in\s+\w+\s+)?(?:that\s+)?"
                         r"(?P<it>it)\b", text):
        out.append(Mention(m.start("it"), m.end("it"), "", "Ref", "rule", ref="Subject"))
    # "the Jianheng fund": a name before a lower-case "fund" is a fund's name
    for m in re.finditer(r"\b(?:[Tt]he\s+)?(?P<name>[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,3})\s+fund\b", text):
        first, *rest = m.group("name").split()
        if first.lower() in {"the", "a", "state", "government", "big", "national"}:
            continue
        if first in lex.place_alias and not any(w.lower() not in GENERIC_ORG_WORDS and w not in lex.place_alias
                                                for w in rest):
            continue  # "the Hefei fund", "the Anhui Industrial fund": a place's fund, not a name
        out.append(Mention(m.start("name"), m.end(), text[m.start("name"):m.end()], "Org", "descriptor", hint="Fund"))
    for m in pats.back_reference.finditer(text):
        if m.group("inst") or m.group("school"):
            out.append(Mention(m.start(), m.end(), "", "Ref", "rule", ref="Institution"))
            continue
        noun = re.sub(r"\s+", " ", m.group("noun").lower())
        ref = {"city": "City", "town": "City", "metropolis": "City", "province": "Province",
               "district": "District", "fund": "Fund", "plan": "City", "policy": "City", "strategy": "City",
               "programme": "City", "program": "City", "group": "Group", "joint venture": "Venture",
               "venture": "Venture"}.get(noun, "Firm")
        out.append(Mention(m.start(), m.end(), "", "Ref", "rule", ref=ref))
    return out


_RELATION_VERBS = (r"(?:also\s+|now\s+|later\s+|still\s+|then\s+)?(?:holds|held|owns|owned|controls|controlled|"
                   r"invested|invests|injected|backed|backs|acquired|bought|took|supplies|supplied|sells|sold|buys|"
                   r"founded|set\s+up|is\s+(?:the|a)\s+(?:designated\s+|official\s+)?chain|was\s+(?:named|designated|"
                   r"appointed)|has\s+(?:invested|backed|acquired|bought|taken)|had\s+(?:invested|backed))\b")
PLACE_BODY = re.compile(r"(?P<place>[A-Z][\w'’\-]+(?:[ \t]+[A-Z][\w'’\-]+){0,3})[ \t]+"
                        r"(?P<body>(?:[a-z][a-z\-]*[ \t]+){0,4}(?:management|administrative)[ \t]+committee|"
                        r"(?:[a-z][a-z\-]*[ \t]+){1,4}(?:bureau|commission|administration))\b")
# the government of a district, county or new area the gazetteer does not list: "the Jintan district government"
DISTRICT_GOVERNMENT = re.compile(r"\b(?P<place>(?:[A-Z][\w'’\-]+ ){1,3}?(?:[Dd]istrict|[Cc]ounty|New Area|New District))"
                                 r"(?: People['’]s)? [Gg]overnment\b")
# a development zone's own government: "the management committee of the Lianshan High-tech Zone", "the Lianshan
# Economic Zone administrative committee"
ZONE_WORDS = r"(?:[A-Z][\w'’\-]*|and|of|&)"
ZONE_NAME = rf"[A-Z][\w'’\-]*(?: {ZONE_WORDS}){{0,8}}? (?:Zone|Area|Park|New District)"
COMMITTEE_OF_ZONE = re.compile(rf"\b(?:[Mm]anagement|[Aa]dministrative) [Cc]ommittee of (?:the )?(?P<zone>{ZONE_NAME})\b")
ZONE_COMMITTEE = re.compile(rf"\b(?P<zone>{ZONE_NAME}) (?:[Mm]anagement|[Aa]dministrative) [Cc]ommittee\b")


def unlisted_local_bodies(text: str, lex: Lexicon, taken: set[tuple[int, int]]) -> list[Mention]:
    """Governments of districts and development zones the gazetteer does not list, named as the text writes
    them (its own words say what they are: "district government", "management committee of ... Zone").

    >>> from whofunds.loaders.extract.lexicon import load_lexicon
    >>> [m.name for m in unlisted_local_bodies("It is owned by the Quorra district government and the management "
    ...                                        "committee of the Lianshan Hi-tech Zone.", load_lexicon(), set())]
    ['Quorra district government', 'management committee of the Lianshan Hi-tech Zone']
    """
    out = []

    def overlaps(start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in taken)

    for m in DISTRICT_GOVERNMENT.finditer(text):
        place = m.group("place")
        first = place.split()[0]
        if first in {"The", "A", "Its", "Their"} or overlaps(m.start(), m.end()):
            continue
        bare = re.sub(r" (?:[Dd]istrict|[Cc]ounty)$", "", place)
        listed = lex.place_alias.get(place) or lex.place_alias.get(bare)
        if listed and lex.places[listed].type == "District":
            # a listed district of more words than the government pattern above reads ("Pudong New Area")
            out.append(Mention(m.start(), m.end(), government_name(listed, "District"), "GovernmentBody", "rule",
                               city=listed))
        elif not listed:
            out.append(Mention(m.start(), m.end(), f"{place} government", "GovernmentBody", "rule"))
    for pat in (COMMITTEE_OF_ZONE, ZONE_COMMITTEE):
        for m in pat.finditer(text):
            zone = m.group("zone")
            if zone.split()[0] in {"The", "A", "Its"} or overlaps(m.start(), m.end()):
                continue
            body = "administrative committee" if "dministrative" in m.group(0) else "management committee"
            name = m.group(0)
            aliases = [f"{zone} {body}"] if pat is COMMITTEE_OF_ZONE else [f"{body} of the {zone}"]
            out.append(Mention(m.start(), m.end(), name, "GovernmentBody", "rule", aliases=aliases))
            taken.add((m.start(), m.end()))
    return out


# "the city's state assets regulator", "the Hefei state-owned assets watchdog", "the provincial assets supervisor":
# a place's SASAC named by what it does; "the city's finance bureau": a body of the place the text is about
ASSETS_REGULATOR = re.compile(r"\b(?:(?P<ref>city|province|municipality)['’]s |(?P<level>municipal|provincial|city) |"
                              r"(?P<place>[A-Z][\w\-]+)(?:['’]s)? )(?:state[- ]owned |state |government )?"
                              r"assets? (?:regulator|supervisor|watchdog|supervision commission)\b")
REFERRED_BODY = re.compile(r"\b[Tt]he (?P<ref>city|province)['’]s (?P<body>(?:[a-z]+ ){0,3}?(?:finance|commerce|"
                           r"industry|science and technology|development and reform|economic|investment)"
                           r"(?: [a-z]+){0,2}? (?:bureau|department|commission|office))\b")


def described_local_bodies(text: str, lex: Lexicon) -> list[Mention]:
    """A place's own body named by description: its SASAC ("the city's state assets regulator") or a bureau of
    the city or province the text is about ("the city's finance bureau"); the place is resolved with the
    entities ("{place}").

    >>> from whofunds.loaders.extract.lexicon import load_lexicon
    >>> [(m.name, m.city) for m in described_local_bodies("It belongs to the Hefei state assets regulator, and Y "
    ...                                                   "to the city's finance bureau.", load_lexicon())]
    [('Hefei SASAC', 'Hefei'), ('{place} finance bureau', 'city')]
    """
    out = []
    for m in ASSETS_REGULATOR.finditer(text):
        if m.group("place"):
            canonical = lex.place_alias.get(m.group("place"))
            if canonical is None or lex.places[canonical].type not in {"City", "Province", "District"}:
                continue
            out.append(Mention(m.start(), m.end(), f"{canonical} SASAC", "GovernmentBody", "rule", city=canonical))
            continue
        scope = "province" if (m.group("ref") or m.group("level") or "").startswith("provinc") else "city"
        out.append(Mention(m.start(), m.end(), "{place} SASAC", "GovernmentBody", "rule", city=scope))
    for m in REFERRED_BODY.finditer(text):
        out.append(Mention(m.start(), m.end(), "{place} " + m.group("body"), "GovernmentBody", "rule",
                           city=m.group("ref")))
    return out


PLACE_FUND = re.compile(r"(?P<place>[A-Z][\w\-]+)(?:['’]s)?[ \t]+(?P<words>(?:[a-z][a-z\-]*[ \t]+){1,3})fund\b")
# words that make "<place> ... fund" the fund's description (a name for it), not just a mention of one
FUND_DESCRIPTORS = {"guidance", "industry", "industrial", "investment", "government", "municipal", "provincial",
                    "state", "state-backed", "state-owned", "equity", "venture", "development", "innovation",
                    "sovereign", "chip", "semiconductor", "city", "district", "integrated-circuit", "new-energy"}
NAMED_INVESTOR = r"(?:Fund|Funds)\b"  # a named fund the description may stand for
_SENTENCE_START = r"(?:^|(?<=[.!?]\s)|(?<=[.!?]\s\s)|(?<=\n))"
# (pattern, ref): "ItObject" is the thing acted on ("a stake in it"), "It" the actor ("It also holds ...")
PRONOUN_REFS = (
    (re.compile(r"\b(?:stake|stakes|shares|holding|invested|injected|poured|put)\s+(?:[^.;⟪]{0,40}?\s)?(?:in|into)\s+"
                r"(?P<it>it)\b(?!\s+(?:is|was|has|had|would|will)\b)"), "ItObject"),
    (re.compile(_SENTENCE_START + r"(?P<it>It)\s+(?=" + _RELATION_VERBS + ")", re.M), "It"),
    (re.compile(r"\b(?:[Ii]n\s+(?:19|20)\d\d|[Ll]ast\s+year|[Tt]his\s+year),?\s+(?P<it>it)\s+(?=" + _RELATION_VERBS + ")"),
     "It"),
    (re.compile(_SENTENCE_START + r"(?P<it>Its)(?=\s+(?:[\w-]+\s+)?(?:chief\s+executive|chairman|chairwoman|president|"
                r"co-?founder|founder|general\s+manager|CEO|chief\s+\w+\s+officer|vice[\s-]president|"
                r"managing\s+director)\b)", re.M), "It"),
)


def _common_word(word: str, sdoc, lex: Lexicon) -> bool:
    """A lower-case word the tagger reads as an ordinary word, or one the lexicon lists as a noun."""
    nouns = {w.lower() for key in ("facility_nouns", "firm_descriptors", "fund_descriptors",
                                   "institution_descriptors", "job_titles") for w in lex.list(key)}
    if word.lower() in nouns:
        return True
    if sdoc is None:
        return False
    toks = [t for t in sdoc if t.text == word]
    return any(t.is_stop or t.pos_ in {"NOUN", "VERB", "ADJ", "ADV", "ADP", "CCONJ", "DET", "PRON", "AUX", "NUM"}
               for t in toks)


def _not_name_positions(sdoc) -> set[int]:
    """Start offsets of single words the tagger reads as adverbs, conjunctions and the like."""
    if sdoc is None:
        return set()
    bad = {"ADV", "ADP", "CCONJ", "SCONJ", "PRON", "DET", "AUX", "NUM", "INTJ", "PART"}
    out = set()
    for sent in sdoc.sents:
        t = sent[0]
        if t.pos_ in bad and (t.i + 1 >= len(sdoc) or sdoc[t.i + 1].text in {",", ";"}):
            out.add(t.idx)
    return out


def government_name(place: str, place_type: str) -> str:
    """The canonical name of a place's government: 'Hefei municipal government'."""
    level = {"City": "municipal", "Province": "provincial", "District": "district"}[place_type]
    if place_type == "District":
        return f"{place} government"
    return f"{place} {level} government"


ZONE_OF = re.compile(r"\b(?:Zone|Area|Park|District|County) (?:of|in) $")


def resolve_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the best of overlapping mentions: rules and gazetteer over NER, longer over shorter.

    Linear in the text: each character records which chosen mention covers it.
    """
    rank = {"rule": 0, "known": 1, "descriptor": 1, "gazetteer": 2, "ner": 3}
    swallowable = {"City", "Province", "Country", "District", "Industry"}
    ordered = sorted(mentions, key=lambda m: (0 if m.kind == "Ref" and m.source != "ner" else rank[m.source],
                                              -(m.end - m.start)))
    owner: dict[int, Mention] = {}  # character offset -> chosen mention covering it
    chosen: dict[int, Mention] = {}  # id -> mention
    for m in ordered:
        overlaps = {id(c): c for c in (owner.get(i) for i in range(m.start, m.end)) if c is not None}
        if not overlaps:
            chosen[id(m)] = m
            for i in range(m.start, m.end):
                owner[i] = m
            continue
        inner = list(overlaps.values())
        # An NER span that strictly contains a place or industry is a longer name ("Hefei Jiantou"),
        # unless the rest is a common word NER swallowed with it ("Jiangsu province").
        if m.source in {"ner", "descriptor", "known"} \
                and all(m.start <= c.start and c.end <= m.end and (m.end - m.start) > (c.end - c.start)
                        and c.kind in swallowable for c in inner) \
                and _is_longer_name(m, inner):
            for c in inner:
                del chosen[id(c)]
            chosen[id(m)] = m
            for i in range(m.start, m.end):
                owner[i] = m
    return sorted(chosen.values(), key=lambda m: m.start)


def _is_longer_name(m: Mention, inner: list[Mention]) -> bool:
    # "Hefei Jiantou" is a name of its own; "Hefei's" or "Jiangsu province" are not; nor is "the Liudong New
    # Area of Liuzhou", a zone and the city it lies in
    last = max(inner, key=lambda c: c.end)
    if last.end == m.end and len(m.name) == m.end - m.start \
            and ZONE_OF.search(m.name[:last.start - m.start]):
        return False
    rest = m.name
    if len(m.name) == m.end - m.start:  # the surface: cut the places out where they stand ("XIAMEN/SHENZHEN")
        kept = [ch for i, ch in enumerate(m.name) if not any(c.start <= m.start + i < c.end for c in inner)]
        rest = "".join(kept)
    for c in inner:
        rest = rest.replace(c.name, "")
    rest = rest.strip(" '/")
    return bool(rest) and rest[:1].isupper() and rest.lower() not in {"province", "city", "district"}


def _after_name_word(text: str, start: int) -> bool:
    """Whether a capitalised word (not "The" or a sentence's first word alone) stands right before ``start``."""
    before = re.search(r"([A-Z][\w'’\-]*) $", text[max(0, start - 40):start])
    return before is not None and before.group(1) not in {"The", "A", "An", "In", "For", "Its", "And", "Of"}


def propn_mentions(sdoc, taken: list[Mention], lex: Lexicon) -> list[Mention]:
    """Runs of proper nouns no other source claimed ("Chayan Yuese", "iFlyTek"): tentative names, kept
    as entities only if a relation pattern uses them."""
    text = doc_text(sdoc)
    covered = set()
    for m in taken:
        if m.kind == "Industry" and text[m.start:m.start + 1].isupper() and _after_name_word(text, m.start):
            continue  # "Kestrel Robotics": a capitalised industry word after a name word ends the name
        if not (m.source == "ner" and m.hint in WEAK_LABELS):
            covered.update(range(m.start, m.end))
    for ent in sdoc.ents:  # a span NER called an organisation or person is not re-read piecemeal
        if ent.label_ in {"ORG", "PERSON", "GPE"}:
            covered.update(range(ent.start_char, ent.end_char))
    stop = {w.lower() for w in lex.list("not_organisations")} | {w.lower() for w in lex.list("person_titles")}
    out, run = [], []
    consumed = [0]  # end of the last name, legal tail included: "Co., Ltd." is not read again as a name
    from .frames import trigger_index

    # "Strategics include ...", "Customers" at a line's start: the frames' nouns are words, not names
    trigger_nouns = set(trigger_index()["noun"])

    def flush():
        while run and run[0].is_sent_start and run[0].lower_ in DISCOURSE_WORDS:
            run.pop(0)  # "Meanwhile Xiaomi ...": the adverb is not part of the name
        if run:
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            tail = SUFFIX_TAIL.match(text, end)
            if tail:
                end = tail.end()
            consumed[0] = end
            name = text[start:end]
            common = len(run) == 1 and (name.lower() in trigger_nouns or name.lower().rstrip("s") in trigger_nouns)
            generic = len(run) == 1 and name.lower() in {"zone", "area", "park"}  # "Zone" of "High-tech Zone"
            if name.lower() not in stop and not (len(run) == 1 and run[0].is_sent_start) and not common \
                    and not CURRENCY_WORDS.match(name) and not generic:
                out.append(Mention(start, end, name, "Org", "propn", hint="TENTATIVE"))
        run.clear()

    for tok in sdoc:
        if tok.idx < consumed[0]:
            continue
        if run and tok.text == "-" and not tok.whitespace_ and not run[-1].whitespace_ and tok.i + 1 < len(sdoc) \
                and sdoc[tok.i + 1].text[:1].isupper():
            run.append(tok)  # "Chery Yaskawa E-Drive System": a hyphen inside a name
            continue
        if run and tok.text == "&" and tok.i + 1 < len(sdoc) and sdoc[tok.i + 1].pos_ == "PROPN" \
                and sdoc[tok.i + 1].text[:1].isupper() and run[-1].i == tok.i - 1:
            run.append(tok)  # "Lianshan Investment & Development": an ampersand inside a name
            continue
        camel = tok.text[:1].islower() and any(c.isupper() for c in tok.text[1:]) and tok.text.isalpha()
        ok = ((tok.pos_ == "PROPN" or camel) and any(c.isupper() for c in tok.text) and tok.text[:1].isalpha()
              and tok.text not in MONTHS
              and tok.idx not in covered and "\n" not in tok.text and tok.ent_type_ not in {"DATE", "TIME", "MONEY",
                                                                                          "PERCENT", "CARDINAL"})
        if ok and (not run or (tok.i == run[-1].i + 1 and "\n" not in run[-1].whitespace_)):
            run.append(tok)
        else:
            flush()
            if ok:
                run.append(tok)
    flush()
    return out


def hyphenated_names(text: str, lex: Lexicon) -> list[Mention]:
    """Official names with a hyphenated word inside ("Hefei State-owned Assets Supervision and
    Administration Commission"), which NER cuts at the hyphen: one mention when an org head word ends them."""
    heads = [w for ws in lex.words.get("org_heads", {}).values() for w in ws if " " not in w]
    pat = re.compile(r"\b[A-Z][\w]*(?:\s+[A-Z][\w]*)*\s+[A-Z][a-z]+-[a-z]+(?:\s+(?:and\s+|of\s+)?[A-Z][\w]*)*?\s+"
                     rf"(?:{_alternation(heads)})\b")
    out = []
    for m in pat.finditer(text):
        lead = re.match(r"(?:The|A|An)\s+", m.group(0))  # "The Hefei State-owned ...": the article is not the name
        start = m.start() + (lead.end() if lead else 0)
        out.append(Mention(start, m.end(), text[start:m.end()], "Org", "rule"))
    return out


def _appositive_ref(text: str, m: Mention, mentions: list[Mention]) -> bool:
    """'NIO, the carmaker, ...': a descriptor right after a name describes it; it refers back to nothing."""
    if m.kind != "Ref":
        return False
    before = text[max(0, m.start - 4):m.start]
    if not re.search(r"[,(]\s*$", before):
        return False
    comma = m.start - len(before) + before.rfind(",") if "," in before else m.start - len(before) + before.rfind("(")
    return any(o.end == comma or o.end == comma - 1 for o in mentions if o is not m)


DISCOURSE_WORDS = {"meanwhile", "however", "moreover", "furthermore", "still", "yet", "also", "instead", "today",
                   "now", "then", "later", "earlier", "next", "last", "first", "finally", "separately", "elsewhere",
                   "indeed", "besides", "nonetheless", "nevertheless", "overall", "similarly", "likewise",
                   "recently", "already", "currently", "previously", "additionally", "but", "and", "so", "thus"}
# lower-case words a name may hold ("Bank of China", "Huatai Securities and Investment", "Banco de ..")
NAME_CONNECTORS = {"of", "and", "for", "the", "de", "du", "des", "la", "le", "von", "van", "der", "di", "da", "&", "on", "in"}
LOWER_WORD = re.compile(r"\s+(?!(?:of|and|for|the|de|du|des|la|le|von|van|der|di|da|on|in)\b)[a-z][a-z\-]*\s+")

# a currency, alone or with its sum ("RMB2.615"): never a name
CURRENCY_WORDS = re.compile(r"^(?:(?:RMB|CNY|USD|HKD|EUR|yuan|renminbi|dollars?|euros?|US\$|HK\$)(?:\s?[\d.,]+\w{0,2})?"
                            r"|[\d.,]+\s?(?:bn|mn|m|k|billion|million|trillion)?)$", re.IGNORECASE)  # or a bare sum: "20bn"


def propagate_names(text: str, mentions: list[Mention], names: dict[str, str]) -> list[Mention]:
    """Every further occurrence of a name the document already established ("NIO" at the start of a
    sentence, where NER missed it), as a mention of the same candidate name."""
    covered = [False] * (len(text) + 1)
    # an industry word inside a known name gives way to it ("Robotics" in "Kestrel Robotics", where the model
    # missed the name after a blank line); one reaching outside it blocks it
    industries = [m for m in mentions if m.kind == "Industry"]
    for m in mentions:
        if m.kind == "Industry":
            continue
        for i in range(m.start, m.end):
            covered[i] = True
    surfaces = [s for s in names if len(s) >= 2]
    if not surfaces:
        return []
    exact = re.compile(rf"(?<![\w-])(?:{_alternation(surfaces)})(?![\w-])")
    # acronyms also match in lower case ("nio" in house styles that lower-case them)
    acronyms = {s.lower(): s for s in surfaces if s.isupper() and len(s) >= 3}
    folded = re.compile(rf"(?<![\w-])(?:{_alternation(acronyms)})(?![\w-])") if acronyms else None
    hits = [(m.start(), m.end(), m.group(0)) for m in exact.finditer(text)]
    if folded is not None:
        hits += [(m.start(), m.end(), acronyms[m.group(0)]) for m in folded.finditer(text)]
    out = []
    for start, end, surface in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]))):
        if any(covered[start:end]) or any(m.start < end and start < m.end and not (start <= m.start and m.end <= end)
                                          for m in industries):
            continue
        tail = SUFFIX_TAIL.match(text, end)
        if tail and not any(covered[end:tail.end()]):
            end = tail.end()  # "Gotion" named again as "Gotion High-tech"
        out.append(Mention(start, end, names[surface], "Org", "alias", hint="ALIAS"))
        for i in range(start, end):
            covered[i] = True
    return out


def described_names(sdoc, lex: Lexicon) -> list[Mention]:
    """A name right after a word that says what it is: "insurer PICC", "bulldozer maker Shantui", "the
    chipmaker SMIC" (typed by the descriptor); or after a country's possessive: "Japan's Fanuc"."""
    text = doc_text(sdoc)
    desc_type = {}
    for key, type_ in (("firm_descriptors", "Firm"), ("fund_descriptors", "Fund"),
                       ("institution_descriptors", "Institution"), ("unit_descriptors", "Unit")):
        for word in lex.list(key):
            if " " not in word:  # "insurer", "chipmaker"; not the last word of "fund manager"
                desc_type.setdefault(word.lower(), type_)
    out = []
    n = len(sdoc)
    for tok in sdoc:
        low = tok.lower_
        if tok.pos_ == "NOUN" and (low in desc_type or low.endswith(("maker", "builder"))) and tok.i + 1 < n:
            hint = desc_type.get(low, "Firm")
        elif low in {"'s", "’s"} and tok.i > 0 and lex.place_alias.get(sdoc[tok.i - 1].text) in lex.places \
                and lex.places[lex.place_alias[sdoc[tok.i - 1].text]].type == "Country":
            hint = "Firm"  # most names a country's possessive introduces in this news are companies
        else:
            continue
        j = tok.i + 1
        while j < n and sdoc[j].pos_ == "PROPN" and sdoc[j].text[:1].isupper() and sdoc[j].text not in MONTHS \
                and "\n" not in sdoc[j - 1].whitespace_:
            j += 1
        if j == tok.i + 1:
            continue
        start, end = sdoc[tok.i + 1].idx, sdoc[j - 1].idx + len(sdoc[j - 1].text)
        name = text[start:end]
        if name in lex.place_alias or name.lower() in {w.lower() for w in lex.list("not_organisations")}:
            continue
        out.append(Mention(start, end, name, "Org", "descriptor", hint=hint))
    out += _named_by_predicate(sdoc, lex, desc_type, text)
    return out


def _named_by_predicate(sdoc, lex: Lexicon, desc_type: dict[str, str], text: str) -> list[Mention]:
    """"X is the chain-leader enterprise", "X remains a battery maker": the subject a copula says is a firm is
    one, whatever the tagger made of its name."""
    out = []
    stop = {w.lower() for w in lex.list("not_organisations")}
    for tok in sdoc:
        low = tok.lower_
        if tok.dep_ != "attr" or tok.pos_ != "NOUN" or tok.head.lemma_ not in {"be", "remain", "become"}:
            continue
        hint = desc_type.get(low) or ("Firm" if low.endswith(("maker", "builder")) or low in PREDICATE_FIRMS
                                      else None)
        if hint is None or hint == "Unit" or not any(c.dep_ == "det" for c in tok.children):
            continue
        subjects = [c for c in tok.head.children if c.dep_ == "nsubj" and c.pos_ == "PROPN" and c.i < tok.i]
        if len(subjects) != 1:
            continue
        head = subjects[0]
        first = head.i
        while first > 0 and sdoc[first - 1].text[:1].isupper() and sdoc[first - 1].dep_ in {"compound", "nummod"} \
                and sdoc[first - 1].head.i in range(first, head.i + 1):
            first -= 1
        if any(t.ent_type_ == "ORG" for t in sdoc[first:head.i + 1]):
            continue  # the tagger already reads an organisation there
        start, end = sdoc[first].idx, head.idx + len(head.text)
        name = text[start:end]
        if len(name.split()) < 2 or name in lex.place_alias or name.lower() in stop or "\n" in name:
            continue  # (one word is too thin to overrule the tagger on)
        out.append(Mention(start, end, name, "Org", "descriptor", hint=hint))
    return out


# what a copula says a named subject is, that makes it a firm ("X is the chain-leader enterprise")
PREDICATE_FIRMS = {"enterprise", "company", "firm", "carmaker", "automaker", "chipmaker", "manufacturer", "producer",
                   "supplier", "developer", "operator", "conglomerate", "subsidiary", "start-up", "startup"}


# a given name in pinyin: one or two syllables ("Conghui", "Jun", "Xiao-ming")
_PINYIN_SYLLABLE = (r"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|"
                    r"ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|a|o|e|i|u|v)")
PINYIN_GIVEN = re.compile(rf"(?i)(?=[A-Z])(?:{_PINYIN_SYLLABLE}){{1,2}}|(?=[A-Z]){_PINYIN_SYLLABLE}-{_PINYIN_SYLLABLE}")


def chinese_names(sdoc, lex: Lexicon) -> list[Mention]:
    """'Han Jun', 'Man Shengang': a common Chinese family name and one capitalised given name is a person,
    where no organisation's name covers them and no name word follows."""
    surnames = set(lex.list("chinese_surnames"))
    word_surnames = set(lex.list("word_surnames")) - surnames
    org_words = {w.lower() for ws in lex.words.get("legal_form_suffixes", {}).values() for w in ws} | {
        w.lower() for ws in lex.words.get("org_heads", {}).values() for w in ws} | FIRM_LAST_WORDS
    any_surname = surnames | word_surnames
    out = []
    for tok in sdoc[:-1]:
        if tok.text not in any_surname:
            continue
        nxt = sdoc[tok.i + 1]
        if tok.text in word_surnames:
            after = sdoc[tok.i + 2] if tok.i + 2 < len(sdoc) else None
            if not PINYIN_GIVEN.fullmatch(nxt.text) or nxt.ent_type_ in {"NORP", "GPE", "LOC"} \
                    or nxt.text in lex.organisations or not (after is None or after.is_punct
                                                               or after.pos_ in {"VERB", "AUX"}):
                continue  # "An Conghui, ..." is a person; "An Indian firm", "An Xiaomi supplier" are not
        if not tok.whitespace_ or not nxt.is_alpha or not nxt.text[:1].isupper() \
                or nxt.text[1:2].isupper() or nxt.lower_ in org_words \
                or (nxt.text in MONTHS and tok.i + 2 < len(sdoc) and sdoc[tok.i + 2].like_num) \
                or nxt.text in lex.place_alias:
            continue
        after = sdoc[tok.i + 2] if tok.i + 2 < len(sdoc) else None
        if after is not None and after.text[:1].isupper() and after.is_alpha and nxt.whitespace_:
            continue  # a longer name: "Li Auto Group", "Wang Jia Technology"
        if tok.ent_type_ in {"ORG", "GPE", "FAC"} and tok.ent_iob_ == "I":
            continue
        out.append(Mention(tok.idx, nxt.idx + len(nxt.text), f"{tok.text} {nxt.text}", "Person", "rule"))
    return out


def find_mentions(sdoc) -> list[Mention]:
    lex = load_lexicon()
    pats = compile_patterns()
    text = doc_text(sdoc)
    mentions = (gazetteer_mentions(text, lex, pats) + known_mentions(sdoc) + rule_mentions(text, lex, pats, sdoc)
                + described_names(sdoc, lex) + chinese_names(sdoc, lex) + ner_mentions(sdoc))
    mentions += hyphenated_names(text, lex)
    kept = resolve_overlaps(mentions)
    kept = [m for m in kept if not _appositive_ref(text, m, kept)]
    runs = propn_mentions(sdoc, kept, lex)
    # a run that spans a weak NER guess ("Chayan" NORP in "Chayan Yuese") replaces it
    kept = [m for m in kept if not any(r.start <= m.start and m.end <= r.end for r in runs)]
    from .boundaries import repair

    from .unlisted_places import unlisted_places

    repaired = unlisted_places(repair(kept + runs, sdoc, lex), text, lex)
    repaired = [m for m in repaired if not _numbered_facility(m, text) and not _only_post_words(m)]
    return outside_regions(drop_headline_guesses(defined_terms(local_bodies(repaired, text), text), text), text)


def _only_post_words(m: Mention) -> bool:
    """"Executive Vice" of "Executive Vice-mayor Tang Li": a guessed name made of a post's words is no one."""
    words = [w for w in re.split(r"[\s-]+", m.name.lower()) if w]
    return m.source in {"ner", "propn"} and m.kind == "Org" and bool(words) and all(w in POST_WORDS for w in words)


POST_WORDS = {"vice", "deputy", "executive", "mayor", "secretary", "chief", "party", "governor", "head", "director",
              "chairman", "president", "standing", "general", "assistant", "acting", "manager", "officer",
              "chairwoman", "chairperson", "managing", "financial", "operating", "technology", "technical", "senior"}


# "Fab 7", "Line 2", "Phase III", "Plant No. 3": a numbered part of a site, never an organisation
NUMBERED_FACILITY = re.compile(r"(?:Fab|Line|Plant|Phase|Base|Building|Block|Unit|Workshop|Hall|Module|Train)"
                               r"(?:\s+(?:No\.\s*)?(?:\d+[A-Z]?|[IVX]+))?")


def _numbered_facility(m: Mention, text: str) -> bool:
    if m.source not in {"ner", "propn"} or not NUMBERED_FACILITY.fullmatch(m.name):
        return False
    return m.name[-1].isdigit() or m.name[-1] in "IVX" and m.name.split()[-1].isupper() or re.match(
        r"\s+(?:No\.\s*)?(?:\d+[A-Z]?|[IVX]+)\b", text[m.end:m.end + 10]) is not None


def local_bodies(mentions: list[Mention], text: str) -> list[Mention]:
    """"The Qingdao municipal SASAC", "the city's SASAC", "the provincial State-owned Assets Supervision and
    Administration Commission": a national body's name after a place or a level names the local commission,
    not the national one (which every city and province has a twin of). Its place is resolved with the
    entities when the text says only "the city's"."""
    lex = load_lexicon()
    national = {surface.lower(): NATIONAL_BODIES[canonical] for surface, (canonical, _) in lex.organisations.items()
                if canonical in NATIONAL_BODIES}
    out = []
    absorbed = -1  # end of a local body's name that took the mentions inside it
    for m in mentions:
        if m.end <= absorbed:
            continue
        surface = text[m.start:m.end]
        party = _party_committee(m, surface, text, lex)
        if party is not None:
            out = [o for o in out if not (o.start >= party.start and o.end <= m.start)]
            out.append(party)
            continue
        short = national.get(surface.lower()) if m.kind in {"Org", "GovernmentBody"} else None
        if short is None and m.kind in {"Org", "GovernmentBody"} and LOCAL_SASAC.fullmatch(surface):
            short = "SASAC"  # a county's or city's own name for its commission: "... Administration Office"
        if short is None and m.kind in {"Org", "GovernmentBody"} and surface.startswith("Government "):
            short = national.get(surface[len("Government "):].lower())
        after = LOCAL_BODY_AFTER.match(text, m.end) if short else None
        if after and lex.place_alias.get(after.group("place")):
            canonical = lex.place_alias[after.group("place")]
            absorbed = after.end()
            out.append(Mention(m.start, after.end(), f"{canonical} {short}", "GovernmentBody", "rule",
                               city=canonical))
            continue
        local = LOCAL_BODY_BEFORE.search(text, max(0, m.start - 40), m.start) if short else None
        place = local.group("place") if local else None
        canonical = lex.place_alias.get(place) if place else None
        if local is None or (place and not canonical):
            out.append(m)
            continue
        level = (local.group("level") or local.group("level2") or "").lower()
        scope = canonical or ("province" if level.startswith("provinc") else "city")
        start = local.start("what")
        out = [o for o in out if not (o.start >= start and o.end <= m.start)]  # the place word is part of it
        out.append(Mention(start, m.end, f"{canonical or '{place}'} {short}", "GovernmentBody", "rule", city=scope))
    return out


# "CPC Quzhou Municipal Committee", "the Hefei Municipal Committee of the Communist Party of China"
NAMED_PARTY_COMMITTEE = re.compile(r"(?:(?:the )?(?:CPC|Communist Party of China|CCP) )?(?P<place>[A-Z][\w'-]+(?: [A-Z]"
                                   r"[\w'-]+)?) (?:Municipal|Provincial|City|District) (?:Party )?Committee(?: of the "
                                   r"(?:Communist Party of China|CPC|Chinese Communist Party))?")
BARE_PARTY_COMMITTEE = re.compile(r"(?:Communist )?Party [Cc]ommittee")
PARTY_LEVEL_BEFORE = re.compile(r"(?P<level>[Mm]unicipal|[Cc]ity|city['’]s|[Pp]rovincial|province['’]s) (?:Communist )?$")


def _party_committee(m: Mention, surface: str, text: str, lex: Lexicon) -> Mention | None:
    """A city's or province's Communist Party committee under the one name the keys and readers use, "<place>
    party committee" (its formal names kept as aliases): "CPC Quzhou Municipal Committee", "the municipal Party
    committee" of a story about Quzhou."""
    if m.kind not in {"Org", "GovernmentBody"}:
        return None
    named = NAMED_PARTY_COMMITTEE.fullmatch(surface)
    if named and lex.place_alias.get(named.group("place")):
        place = lex.place_alias[named.group("place")]
        return Mention(m.start, m.end, f"{place} party committee", "GovernmentBody", "rule", city=place,
                       aliases=[surface])
    if BARE_PARTY_COMMITTEE.fullmatch(surface):
        level = PARTY_LEVEL_BEFORE.search(text, max(0, m.start - 25), m.start)
        if level:
            scope = "province" if level.group("level").lower().startswith("provinc") else "city"
            return Mention(level.start(), m.end, "{place} party committee", "GovernmentBody", "rule", city=scope)
    return None


# 'SAIC Motor Corporation Limited (the "Company")', 'X Co., Ltd. (2338.HK) ("X" or "the Company")', 'Y (Group)
# ("Y Group")': a bracket of quoted terms after a name (past one bracket of tickers or a legal form)
# (after a legal tail the name's mention may stop short of: 'X Co., Ltd. (the "Project Company")')
DEFINITION = re.compile(r"(?:,?\s*(?:Ltd|Limited|Inc|LLC|Plc)\b\.?)?"
                        r"(?:\s*\([^()\"“]{1,40}\))?\s*\((?P<body>[^()]{0,80}?[\"“][^()]{2,80}?)\)")
TERM = re.compile(r"[\"“](?:the\s+)?(?P<term>[A-Z][\w&\- ]{1,40}?)[\"”]")


def defined_terms(mentions: list[Mention], text: str) -> list[Mention]:
    """Terms a filing or release defines for a name ('X (the "Company")') are that name wherever they
    recur after the definition ("is 58% owned by the Company"). Each use becomes a mention of the name,
    replacing whatever else was read there."""
    terms: list[tuple[str, Mention, int]] = []
    definitions: list[tuple[int, int]] = []
    for m in mentions:
        hit = DEFINITION.match(text, m.end)
        if hit and m.kind not in {"Ref", "Industry", "Post"}:
            found = [t.group("term") for t in TERM.finditer(hit.group("body"))]
            terms += [(term, m, hit.end()) for term in found]
            if found:
                definitions.append((hit.start(), hit.end()))
    if not terms:
        return mentions
    # the terms inside their own definition are no second name
    mentions = [m for m in mentions if not any(s <= m.start and m.end <= e for s, e in definitions)]
    added: list[Mention] = []
    for term, owner, after in sorted(terms, key=lambda t: -len(t[0])):  # "Target Company" before "Company"
        for use in re.finditer(rf"(?<![\w\-]){re.escape(term)}(?![\w\-])", text[after:]):
            start, end = after + use.start(), after + use.end()
            if any(s <= start < e for s, e in definitions):
                continue  # a later definition's own quotes
            if any(a.start < end and start < a.end for a in added):
                continue  # "Company" inside a use of the longer term "Target Company"
            added.append(replace(owner, start=start, end=end, aliases=[*owner.aliases, term]))
    if not added:
        return mentions
    taken = [(a.start, a.end) for a in added]
    kept = [m for m in mentions if not any(s < m.end and m.start < e for s, e in taken)]
    return sorted(kept + added, key=lambda m: m.start)


HEADLINE_SMALL_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "as", "by", "with", "from",
                        "its", "vs", "after", "over", "into"}


SECTION_NAME = re.compile(r"(?:[IVX]{1,4}|\d{1,2})[.)]\s+(?:[A-Z][\w'’&-]*\s+){1,8}(?:Fund|Group|Company|Corporation|"
                          r"Holdings?|Co\.?|Ltd\.?|Commission|Committee|Bureau|Institute|University|Partnership|Capital)")


def headline_spans(text: str) -> list[tuple[int, int]]:
    """Lines in title case ("Shenzhen State Group Takes Over Huawei's Honor") or in capitals ("STATE MONEY"):
    capitals there say nothing."""
    out, pos = [], 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z][\w'’\-]*", line) if w.lower() not in HEADLINE_SMALL_WORDS]
        table_row = "|" in line and re.search(r"\d\s?%", line)  # a row of a table of holdings is no title
        # nor is an item of a list that runs on ("2. Harlan Holding Group Co., Ltd., 3.0%;")
        list_item = re.match(r"\s*(?:\(?\d{1,2}[.)]|[-•*–])\s", line) and (
            re.search(r"\d\s?%", line) or line.rstrip().endswith((";", ",")))
        # nor is a numbered section heading that is one organisation's name ("III. Quzhou Advanced Materials
        # Industry Fund"): the section is about it
        section_name = SECTION_NAME.fullmatch(line.strip()) is not None
        # a heading in capitals ("STATE MONEY", "THE SUPPLIERS"), however short
        capitals = line.strip().isupper() and len(line.strip()) <= 60 and not line.rstrip().endswith(".")
        if capitals or len(words) >= 4 and not line.rstrip().endswith(".") and not table_row and not list_item and \
                not section_name and \
                sum(w[:1].isupper() for w in words) >= 0.8 * len(words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def drop_headline_guesses(mentions: list[Mention], text: str) -> list[Mention]:
    """Names guessed inside a title-case line are kept only if the body names them too; the gazetteer's
    names and places stand anywhere."""
    spans = headline_spans(text)
    if not spans:
        return mentions
    inside = lambda m: any(a <= m.start and m.end <= b for a, b in spans)  # noqa: E731
    parts, last = [], 0
    for a, b in spans:
        parts += [text[last:a], " " * (b - a)]
        last = b
    body = "".join(parts) + text[last:]
    return [m for m in mentions if not (inside(m) and m.source in {"ner", "propn", "descriptor"}
                                        and m.kind in {"Org", "Person"} and text[m.start:m.end] not in body)]
