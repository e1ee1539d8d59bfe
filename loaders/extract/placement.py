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
                if place and place.type in {"City", "District", "Province"}:
                    add(key, ents.place_key(bracketed), "LOCATED_IN", evidence_at(m.start), "name-in-place")
        # A district the gazetteer places in a city this document names.
        if ent.type == "District":
            place = lex.places.get(ent.name)
            if place and place.parent in city_keys:
                add(key, city_keys[place.parent], "LOCATED_IN", evidence_at(m.start), "gazetteer-district")


def post_rules(ents, add: AddClaim, evidence_at: Callable[[int], Evidence | None]) -> None:
    """'Gao Lin, Hefei's mayor': a named person holding a post of a place works for that place."""
    for person, place, pos in ents.posts:
        key = ents.place_key(place)
        if key is not None:
            add(person, key, "WORKS_FOR", evidence_at(pos), "post-of-place")
