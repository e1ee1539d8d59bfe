"""Relations read from the gazetteer and from names, where no sentence states them in words a frame reads:
a city named with its own province, a district the gazetteer places in a city the document names,
a "local" firm, "the National Supercomputing Centre in Wuxi" (LOCATED_IN); a named official with a post
of a place, "Gao Lin, Hefei's mayor" (WORKS_FOR the place)."""
from __future__ import annotations

import re
from typing import Callable

from whofunds.graph.records import Evidence

AddClaim = Callable[..., None]


def cooccurrence_rules(ents, lex, keys: list[str], ev: Evidence, add: AddClaim) -> None:
    """A city and its own province (per the gazetteer) named in one sentence: the city lies in it."""
    named: dict[str, set[str]] = {}
    for key in keys:
        named.setdefault(ents.entities[key].type, set()).add(key)
    for child_type, parent_type in (("City", "Province"), ("District", "City")):
        for child in named.get(child_type, ()):
            place = lex.places.get(ents.entities[child].name)
            if not place or not place.parent:
                continue
            for parent in named.get(parent_type, ()):
                if ents.entities[parent].name == place.parent:
                    add(child, parent, "LOCATED_IN", ev, "gazetteer-cooccurrence")


def document_rules(ents, lex, mentions, add: AddClaim, evidence_at: Callable[[int], Evidence | None]) -> None:
    city_keys = {e.name: k for k, e in ents.entities.items() if e.type == "City"}
    for m in mentions:
        key = ents.key_of(m)
        if key is None:
            continue
        ent = ents.entities[key]
        # "Cadstar, a local industrial-software company": local to the city the text is about.
        if m.city == "local" and ent.type in {"Firm", "Fund", "Institution"}:
            city = ents.city_before(m.start)
            if city in city_keys:
                add(key, city_keys[city], "LOCATED_IN", evidence_at(m.start), "local-descriptor")
        # "National Supercomputing Centre in Wuxi": the name says where it is.
        hit = re.search(r"\bin ([A-Z][\w\-]+)$", ent.name)
        if hit and hit.group(1) in city_keys:
            add(key, city_keys[hit.group(1)], "LOCATED_IN", evidence_at(m.start), "name-in-place")
        # "Huaxin Dingxin (Beijing) Equity Investment Fund", "LG Display (Guangzhou) Co.": a registered name
        # carries the place of registration in brackets.
        if ent.type in {"Firm", "Fund", "Institution"}:
            for bracketed in re.findall(r"\(([A-Z][\w' -]+)\)", ent.name):
                place = lex.places.get(bracketed)
                if place and place.type in {"City", "District", "Province"} or (
                        place and place.type == "Country" and place.name != "China"):
                    add(key, ents.place_key(bracketed), "LOCATED_IN", evidence_at(m.start), "name-in-place")
            # "Prospect Lithium Zimbabwe", "Quorra Opotech India Pvt.": a foreign country closing the name
            bare = re.sub(r"(?:,? (?:Pvt|Ltd|Limited|Inc|Co|GmbH|Kft|SA|AG|LLC|Sdn Bhd|Pte|B\.V)\.?)+$", "", ent.name)
            words = bare.split() if "," not in bare else []  # not "Asan, South Korea" misread as one name
            # (the country after at least one word of the firm's own: "United States Steel" is no US firm's unit)
            tails = [" ".join(words[-2:])] if len(words) > 2 else []
            tails += [words[-1]] if len(words) > 1 else []
            place = next((lex.places[w] for w in tails if w in lex.places), None)
            if place and place.type == "Country" and place.name != "China":
                add(key, ents.place_key(place.name), "LOCATED_IN", evidence_at(m.start), "name-in-place")
        # A district the gazetteer places in a city this document names (also one named only through its
        # government: "the Xuhui district government", "the government of Shanghai's Pudong New Area").
        district = ent.name if ent.type == "District" else ent.city if ent.type == "GovernmentBody" else None
        place = lex.places.get(district) if district else None
        if place and place.type == "District" and place.parent in city_keys:
            add(key if ent.type == "District" else ents.place_key(place.name), city_keys[place.parent],
                "LOCATED_IN", evidence_at(m.start), "gazetteer-district")
        elif ent.type in {"District", "City"} and ent.name not in lex.places:
            # one the gazetteer does not list by name: "a base in Qiaoxi district", "Rongcheng, a county-level
            # city": the division table's city, if this document names it (and only one such: "Gulou district"
            # is in four cities). A county is left to what the text says of it: reporting places a county by
            # its province as often as by its city ("Ningjin county, Hebei")
            kinds = {"county-level city"} if ent.type == "City" else {"district"}
            cities = lex.division_cities(ent.name, kinds) & set(city_keys)
            if len(cities) == 1 and city_keys[next(iter(cities))] != key:
                add(key, city_keys[cities.pop()], "LOCATED_IN", evidence_at(m.start), "gazetteer-district")


PLACE_RANK = {"District": 0, "City": 1, "Province": 2, "Country": 3}
LIST_JOINT = re.compile(r",? (?:and|or) |, ")


def comma_hierarchy(ents, lex, mentions, text: str, add: AddClaim, evidence_at: Callable[[int], Evidence | None]) -> None:
    """"Ningjin county, Xingtai, Hebei province", "Moreno Valley, California": places written one after the
    other with commas, each larger than the last, lie each in the next. A run that does not grow ("bases in
    Ningjin, Xingtai and Yangzhou") is a list, and says nothing; nor does a pair the gazetteer contradicts."""
    places = [m for m in sorted(mentions, key=lambda m: m.start) if m.kind in PLACE_RANK and ents.key_of(m)]
    runs: list[list] = []
    for m in places:
        if runs and LIST_JOINT.fullmatch(text[runs[-1][-1].end:m.start]):
            runs[-1].append(m)
        else:
            runs.append([m])
    # "fabs in Hamburg, Germany, and Manchester, England": each part of a list joined by "and" may be a run of its own
    split = []
    for run in runs:
        pieces, piece = [], [run[0]]
        for a, b in zip(run, run[1:]):
            if text[a.end:b.start] == ", ":
                piece.append(b)
            else:
                pieces.append(piece)
                piece = [b]
        pieces.append(piece)
        # (only when every part is such a run: "bases in Ningjin, Xingtai and Yangzhou" is one list of three)
        split += pieces if all(len(p) >= 2 for p in pieces) else [run]
    for run in split:
        if len(run) < 2 or any(text[a.end:b.start] != ", " for a, b in zip(run, run[1:])):
            continue
        if any(PLACE_RANK[a.kind] >= PLACE_RANK[b.kind] and not _county_city(lex, a, b) for a, b in zip(run, run[1:])):
            continue
        if re.match(r"['’]s\b", text[run[-1].end:run[-1].end + 2]):
            run = run[:-1]  # "Changchun, China's Detroit": the last place owns what follows, it is not a region
        for child, parent in zip(run, run[1:]):
            known = lex.places.get(child.name)
            if known and parent.kind == "Country" and lex.in_china(child.name):
                continue  # a Chinese place's country goes without saying (and "Beijing, China" is a dateline)
            if known and known.parent and lex.places.get(known.parent) \
                    and lex.places[known.parent].type == parent.kind and known.parent != parent.name:
                continue  # the gazetteer puts the child elsewhere
            add(ents.key_of(child), ents.key_of(parent), "LOCATED_IN", evidence_at(child.start), "place-comma-place")


def _county_city(lex, place, larger) -> bool:
    """"Rongcheng, Weihai": a city the gazetteer does not list, named with one it lists, is a county-level city
    in it (two listed cities in a row are a list: "bases in Xiamen, Chongqing")."""
    return place.kind == larger.kind == "City" and place.name not in lex.places and larger.name in lex.places


THE_CITYS = re.compile(r"\b(?:the|this|that)[ \t]+(?:city|municipality)['’]s[ \t]+$", re.IGNORECASE)


def possessive_hierarchy(ents, lex, mentions, text: str, add: AddClaim,
                         evidence_at: Callable[[int], Evidence | None]) -> None:
    """"Jinan's Huaiyin district", "Shanghai's Pudong New Area": a smaller place owned by a larger one lies in it
    (unless the gazetteer puts it elsewhere)."""
    places = [m for m in sorted(mentions, key=lambda m: m.start) if m.kind in PLACE_RANK and ents.key_of(m)]
    for owner, place in zip(places, places[1:]):
        if not re.fullmatch(r"['’]s ", text[owner.end:place.start]) or PLACE_RANK[owner.kind] <= PLACE_RANK[place.kind]:
            continue
        if owner.kind == "Country":
            continue  # "China's Detroit" is a figure of speech; "China's Shenzhen" goes without saying
        known = lex.places.get(place.name)
        if known and known.parent and known.parent != owner.name and known.parent in lex.places \
                and lex.places[known.parent].type == owner.kind:
            continue
        add(ents.key_of(place), ents.key_of(owner), "LOCATED_IN", evidence_at(place.start), "place-of-place")
    # "the city's Qiantang district": a district of the city the text is about (named last before it)
    for place in places:
        if place.kind != "District" or not THE_CITYS.search(text, max(0, place.start - 20), place.start):
            continue
        known = lex.places.get(place.name)
        city = ents.city_before(place.start)
        if city is None or (known and known.parent and known.parent != city):
            continue
        city_key = next((k for k, e in ents.entities.items() if e.type == "City" and e.name == city), None)
        if city_key is not None and city_key != ents.key_of(place):
            add(ents.key_of(place), city_key, "LOCATED_IN", evidence_at(place.start), "place-of-place:the-city")


def country_possessive(ents, mentions, text: str, add: AddClaim, evidence_at: Callable[[int], Evidence | None]) -> None:
    """"Germany's Infineon Technologies", "Japan's robot maker Fanuc": a country's organisation is in it."""
    ordered = [m for m in sorted(mentions, key=lambda m: m.start) if m.kind != "Industry"]  # "robot maker"
    for country, org in zip(ordered, ordered[1:]):
        key, org_key = ents.key_of(country), ents.key_of(org)
        if country.kind != "Country" or key is None or org_key is None or country.name == "China":
            continue  # (China's own firms are the subject of every story here: "China's Big Fund" says no more)
        if ents.entities[org_key].type not in {"Firm", "Fund", "Institution"}:
            continue
        if re.fullmatch(r"['’]s (?:[a-z][\w-]* ){0,3}", text[country.end:org.start], re.IGNORECASE):
            add(org_key, key, "LOCATED_IN", evidence_at(org.start), "country-possessive")


def zone_city(ents, lex, mentions, add: AddClaim, evidence_at: Callable[[int], Evidence | None]) -> None:
    """"The Hefei High-tech Industrial Development Zone": a zone named after a city lies in it."""
    for m in mentions:
        key = ents.key_of(m)
        if key is None or m.kind != "District" or m.hint != "ZONE":
            continue
        words = m.name.split()
        for n in (3, 2, 1):
            city = lex.place_alias.get(" ".join(words[:n]))
            if city and lex.places[city].type == "City":
                add(key, ents.place_key(city), "LOCATED_IN", evidence_at(m.start), "zone-of-city")
                break


def of_place(ents, mentions, text: str, add: AddClaim, evidence_at: Callable[[int], Evidence | None]) -> None:
    """"GE Appliances of Louisville", "the Zhongkai High-tech Zone of Huizhou", "the Zone in Inner Mongolia": a
    firm or zone named with the place it belongs to."""
    ordered = [m for m in sorted(mentions, key=lambda m: m.start) if m.kind != "Industry"]
    for m, place in zip(ordered, ordered[1:]):
        key, place_key = ents.key_of(m), ents.key_of(place)
        if key is None or place_key is None or place.kind not in {"City", "District", "Province"} \
                or key in ents.tentative:
            continue  # (a name nothing else vouches for is no firm to place: "Delay of TEDA placement")
        kind = ents.entities[key].type
        joint = text[m.end:place.start]
        if text[m.start - 1:m.start] == "(":
            joint = joint.removeprefix(")")  # "Lumen Equipment (LMEQ) of Shanghai": the short form, then the place
        # "AMEC, of Shanghai, supplies ...": the place as an aside (and nothing after it but the aside's end)
        aside = joint == ", of " and re.match(r"\s*(?:[,;.)]|$)", text[place.end:place.end + 2])
        if kind in {"Firm", "Fund", "Institution"} and (joint == " of " or aside) or \
                kind == "District" and joint in {" of ", " in "} and (
                    PLACE_RANK[place.kind] > PLACE_RANK["District"]
                    or m.hint == "ZONE" and place.kind == "District" and place.hint != "ZONE"):
            # (a zone in a district: "the Lianhu Industrial Park in Jiuyuan District")
            add(key, place_key, "LOCATED_IN", evidence_at(m.start), "of-place")


# "a lithium refining business in Wenzhou, Beixin Lithium", "its unit in Hefei, X": a described thing in a place,
# then its name
DESCRIBED_IN = re.compile(r"\b(?:a|an|the|its|their|[\w-]+['’]s) (?:[\w-]+ ){0,4}(?:business|company|firm|venture|"
                          r"joint venture|unit|subsidiary|maker|producer|manufacturer|plant|factory|refinery|"
                          r"operation|arm|affiliate|developer|supplier) (?:based |located |registered )?in $")


def named_after_place(ents, mentions, text: str, add: AddClaim, evidence_at: Callable[[int], Evidence | None]) -> None:
    """"A lithium refining business in Wenzhou, Beixin Lithium Materials, ...": the name that follows the place
    is the thing described before it, and lies there."""
    ordered = [m for m in sorted(mentions, key=lambda m: m.start) if m.kind != "Industry"]
    for place, named in zip(ordered, ordered[1:]):
        key, place_key = ents.key_of(named), ents.key_of(place)
        if key is None or place_key is None or place.kind not in PLACE_RANK or key in ents.tentative:
            continue
        if ents.entities[key].type not in {"Firm", "Fund", "Institution"} or text[place.end:named.start] != ", ":
            continue
        if DESCRIBED_IN.search(text, max(0, place.start - 80), place.start):
            add(key, place_key, "LOCATED_IN", evidence_at(named.start), "named-after-place")


# what a place is to the larger one after it: "Yiwu, a county-level city under Jinhua", "Nan'an, another county
# under Quanzhou", "Tongxiang, which is administered by Jiaxing", "Xiangcheng, a district of Suzhou",
# "the Airport Economic Area, part of the Binhai New Area", "a zone in the north of Huangpu district"
UNDER_PLACE = re.compile(
    r",? (?:(?:(?:a|an|another|one|the) (?:[\w-]+ ){0,3}(?:city|county|district|town|township|prefecture|area|zone)s?"
    r"(?: (?:that is|which is)(?: (?:a|an) (?:[\w-]+ ){0,2}(?:city|county|district|town))?)?|which is|that is)(?: now)? (?:under|administered by|governed by|under the "
    r"(?:administration|jurisdiction) of|part of|within|of|in)|(?:now )?(?:part of|within))"
    r"(?: the (?:north|south|east|west|north-east|north-west|south-east|south-west|centre|center|heart|outskirts|"
    r"edge) of)?(?: the (?:city|prefecture|province) of| the)? ")


def under_place(ents, mentions, text: str, add: AddClaim, evidence_at: Callable[[int], Evidence | None]) -> None:
    """"Yiwu, a county-level city under Jinhua", "Tongxiang, which is administered by Jiaxing": a place the
    text says lies under another, no smaller one."""
    places = [m for m in sorted(mentions, key=lambda m: m.start) if m.kind in PLACE_RANK and ents.key_of(m)]
    for place, larger in zip(places, places[1:]):
        if PLACE_RANK[larger.kind] < PLACE_RANK[place.kind] or larger.kind == "Country":
            continue
        if UNDER_PLACE.fullmatch(text[place.end:larger.start]):
            add(ents.key_of(place), ents.key_of(larger), "LOCATED_IN", evidence_at(place.start), "place-under-place")


def post_rules(ents, add: AddClaim, evidence_at: Callable[[int], Evidence | None]) -> None:
    """'Gao Lin, Hefei's mayor': a named person holding a post of a place works for that place."""
    for person, place, pos in ents.posts:
        key = ents.place_key(place)
        if key is not None:
            add(person, key, "WORKS_FOR", evidence_at(pos), "post-of-place")
