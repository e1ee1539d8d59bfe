"""Whose chain a chain claim is: the city (or province) a CHAIN_BOSS_OF / CHAIN_LEADER_OF edge belongs to.

The first place named in the claim's sentence as a possessive ("Changchun's automotive chain"), else
the first named right after "in" ("the chain in Wuxi"), else the place of the official's post
(``Entity.city``: "the mayor of Hefei"), else the city the document is about.

A place that appoints a chief or names a leader for an industry's chain has made that industry a target:
each chain claim also says its place TARGETS_INDUSTRY the chain's industry (:func:`chain_targets`).
"""
from __future__ import annotations

import re

from whofunds.graph.records import Claim
from whofunds.graph.schema import SCHEMA

from .entities import DocumentEntities
from .mentions import Mention

CHAIN_RELATIONS = ("CHAIN_BOSS_OF", "CHAIN_LEADER_OF")
PLACE_TYPES = SCHEMA.types("Place")


def chain_city(claim: Claim, ents: DocumentEntities, mentions: list[Mention], text: str) -> str | None:
    """The place name whose chain ``claim`` is about (see the module docstring)."""
    start, end = claim.evidence.start, claim.evidence.end
    places = []
    for m in mentions:
        key = ents.key_of(m) if start <= m.start and m.end <= end else None
        if key is not None and ents.entities[key].type in PLACE_TYPES:
            places.append((m, ents.entities[key].name))
    for m, name in places:
        if re.match(r"'s?\b", text[m.end:]):
            return name
    for m, name in places:
        if re.search(r"\bin\s+$", text[start:m.start], re.IGNORECASE):
            return name
    source = ents.entities.get(claim.source)
    if source is not None and source.city:
        return source.city
    return ents.focus_city


def set_chain_cities(claims: list[Claim], ents: DocumentEntities, mentions: list[Mention], text: str) -> None:
    for claim in claims:
        if claim.type in CHAIN_RELATIONS:
            claim.city = chain_city(claim, ents, mentions, text)


PROVINCIAL_POST = r"(?:(?:vice-?\s*)?governor|provincial\s+(?:party\s+)?(?:secretary|chief|head|official|leader))"


def _provincial_official(claim: Claim, ents: DocumentEntities) -> bool:
    """Whether the sentence gives the chain's chief a provincial post: "Governor Tian is chain boss of X"."""
    person = ents.entities.get(claim.source)
    if person is None or person.type != "Person":
        return False
    names = "|".join(re.escape(n) for n in (person.name, *person.aliases))
    return re.search(rf"{PROVINCIAL_POST}\s+(?:{names})\b|\b(?:{names}),\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}{PROVINCIAL_POST}",
                     claim.evidence.sentence, re.IGNORECASE) is not None


def _chain_of_the_place(claim: Claim, ents: DocumentEntities, place: str) -> bool:
    """Whether a chain whose place is only the story's or the post's is the place's: not a district's or a zone's
    ("District head X takes charge of the materials chain"), not a governor's in a city story, and an official's
    only where the sentence calls it a chain ("the mayor oversaw the display trade" may be any oversight)."""
    said = claim.evidence.sentence
    if re.search(r"\b(?:district|county|zone)\b", said, re.IGNORECASE):
        return False
    if claim.type == "CHAIN_BOSS_OF":
        if ents.entities[place].type == "City" and _provincial_official(claim, ents):
            return False  # a governor's chain is the province's, whatever city the story is about
        return re.search(r"\bchains?\b", said, re.IGNORECASE) is not None
    return True


def _story_city(name: str, ents: DocumentEntities) -> str | None:
    """The key of the city the story is about where the gazetteer does not list it ("Lianshan, a city in Hubei")."""
    if name != ents.focus_city:
        return None
    return next((k for k, e in ents.entities.items() if e.name == name and e.type == "City"), None)


def chain_targets(claims: list[Claim], ents: DocumentEntities, add) -> None:
    """"Huang, the city's chain chief for new energy", "Xiamen named Hithium a chain leader for energy
    storage": the place whose chain it is targets the chain's industry (same evidence)."""
    chained: set[str] = set()  # places the text gives a chain to in so many words
    later = []
    for claim in claims:
        if claim.type not in CHAIN_RELATIONS or not claim.city:
            continue
        industry = ents.entities.get(claim.target)
        place = ents.place_key(claim.city) or _story_city(claim.city, ents)
        if industry is None or industry.type != "Industry" or place is None:
            continue
        later.append((claim, place))
        # only where the sentence gives the chain to the place: "the city's chain chief", "Suzhou has named
        # chain chiefs", not a post's place ("the mayor of X is chain boss of Y": whose chain is left unsaid)
        said = claim.evidence.sentence
        names = [re.escape(n) for n in (ents.entities[place].name, *ents.entities[place].aliases)]
        owner = rf"(?:(?:the\s+)?(?:city|province|district|municipality|county)|{'|'.join(names)})['’]s"
        if claim.rule == "chain-list" or re.search(rf"{owner}\s+(?:[\w-]+\s+){{0,4}}chain", said, re.IGNORECASE) or re.match(
                rf"\s*(?:{'|'.join(names)})\s+(?:\w+\s+){{0,2}}(?:named|appointed|designated|made|picked|chose|"
                rf"has\s+named|has\s+appointed)\b", said):
            add(place, claim.target, "TARGETS_INDUSTRY", claim.evidence, "chain-of-place", claim.status)
            chained.add(place)
    for claim, place in later:
        # "Xuzhou has named chain chiefs ... - Biomedicine: X leads the biomedicine chain": once the text gives a
        # place its chains, each chain its claims place there is one of them; a chain whose place is only the
        # post's or the story's is the place's target too, with the rule's own (lower) measured precision
        if place in chained:
            add(place, claim.target, "TARGETS_INDUSTRY", claim.evidence, "chain-of-place:text", claim.status)
        elif ents.entities[place].type in {"City", "Province"} and _chain_of_the_place(claim, ents, place):
            # (a governor's chain is the province's, whatever city the story is about)
            add(place, claim.target, "TARGETS_INDUSTRY", claim.evidence, "chain-of-place:any", claim.status)
