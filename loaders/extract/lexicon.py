"""The reference data extraction reads: gazetteers of places and industries, and word lists.

All of it lives as YAML in ``data/gazetteer/`` (installed as ``whofunds.data``), so analysts can
extend it without touching code.

>>> lex = load_lexicon()
>>> lex.places["Hefei"].type, lex.places["Hefei"].parent
('City', 'Anhui')
>>> lex.industry_of("integrated circuits")
'semiconductors'
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


from whofunds.graph.yaml_text import load_yaml


@dataclass(frozen=True)
class Place:
    name: str
    type: str  # City, Province, Country or District
    parent: str | None  # the province of a city, the city of a district
    aliases: tuple[str, ...] = ()


@dataclass
class Lexicon:
    places: dict[str, Place]  # canonical name -> place
    place_alias: dict[str, str]  # any surface form -> canonical name
    industries: dict[str, tuple[str, ...]]  # canonical -> aliases
    industry_alias: dict[str, str]  # lower-cased surface -> canonical
    words: dict = field(default_factory=dict)  # lexicon.yaml as read
    organisations: dict[str, tuple[str, str]] = field(default_factory=dict)  # surface -> (canonical, type)
    # every district, county and county-level city of China by its bare name (lower case): (kind, city) pairs
    divisions: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def industry_of(self, surface: str) -> str | None:
        return self.industry_alias.get(normalize_industry(surface))

    def in_china(self, name: str) -> bool:
        """Whether the gazetteer puts the place ``name`` in China (a city through its province)."""
        place = self.places.get(name)
        for _ in range(4):
            if place is None:
                return False
            if place.parent == "China" or place.name == "China":
                return True
            place = self.places.get(place.parent or "")
        return False

    def within(self, name: str, larger: str) -> bool:
        """Whether the gazetteer puts the place ``name`` inside ``larger`` (at any depth)."""
        place = self.places.get(name)
        for _ in range(5):
            if place is None or place.parent is None:
                return False
            if place.parent == larger:
                return True
            place = self.places.get(place.parent)
        return False

    def division_cities(self, name: str, kinds: set[str]) -> set[str]:
        """The cities a county-level division of one of ``kinds`` called ``name`` lies in ('Qiaoxi district',
        'Ningjin county', 'Kunshan'), by the division table; several where a name recurs ('Gulou district')."""
        stem = DIVISION_WORD.sub("", name).lower()
        return {city for kind, city in self.divisions.get(stem, ()) if kind in kinds}

    def list(self, *path: str) -> list[str]:
        node = self.words
        for key in path:
            node = (node or {}).get(key) if isinstance(node, dict) else None
        return list(node or [])


def normalize_industry(text: str) -> str:
    text = text.lower().replace("-", " ")
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\b(industry|industries|sector|sectors|chain|chains|trade)$", "", text).strip()


ZONE_WORDS = re.compile(r"\s+(?:High-[Tt]ech|Hi-[Tt]ech|High[- ]and[- ]New|Economic|Industrial|Development|Free|"
                        r"Comprehensive|Science|Technology|Export|Bonded|National)\b.*\b(?:Zone|Area|Park)$")


def _zone_key(form: str) -> str | None:
    """'East Lake' of 'Wuhan East Lake High-tech Development Zone' is too long a road: the words before the
    zone's kind ('East Lake High-tech Zone' -> 'East Lake')."""
    hit = ZONE_WORDS.search(form)
    if not hit or hit.start() == 0:
        return None
    key = form[:hit.start()]
    return key if 1 <= len(key.split()) <= 3 else None


DIVISION_WORD = re.compile(r"\s+(?:district|county|banner|new area)$", re.IGNORECASE)


def _divisions() -> dict[str, tuple[tuple[str, str], ...]]:
    path = resources.files("whofunds.data").joinpath("gazetteer", "districts.tsv")
    if not path.is_file():
        return {}
    out: dict[str, list[tuple[str, str]]] = {}
    lines = [line for line in path.read_text("utf-8").splitlines() if line and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        for form in {row["name"].lower(), row["name"].lower().replace("'", "")}:
            out.setdefault(form, []).append((row["kind"], row["city"]))
    return {name: tuple(pairs) for name, pairs in out.items()}


def _read(name: str):
    path = resources.files("whofunds.data").joinpath("gazetteer", name)
    if not path.is_file():
        return {}
    return load_yaml(path.read_text("utf-8")) or {}


@cache
def load_lexicon() -> Lexicon:
    raw = _read("places.yaml")
    places: dict[str, Place] = {}
    alias: dict[str, str] = {}

    def add(name, type_, parent, aliases):
        places[name] = Place(name, type_, parent, tuple(aliases or ()))
        for surface in (name, *(aliases or ())):
            alias.setdefault(surface, name)

    for c in raw.get("countries", []):
        add(c["name"], "Country", None, c.get("aliases"))
    for p in raw.get("provinces", []):
        names = list(p.get("aliases") or [])
        names += [f"{p['name']} province", f"{p['name']} Province"]
        add(p["name"], "Province", "China", names)
    for c in raw.get("cities", []):
        if c.get("ambiguous_with_city") and not c.get("usual_referent"):
            continue  # a homonym (Suzhou in Anhui): news means the usual one (Suzhou in Jiangsu)
        if c["name"] in places and places[c["name"]].type == "Province":
            continue  # a city named like its province (Jilin): the province wins unless text says "city"
        add(c["name"], "City", c.get("province") or "China", c.get("aliases"))
    for r in raw.get("regions", []):  # states, provinces and Länder of other countries
        if r["name"] not in places:
            add(r["name"], "Province", r["country"], r.get("aliases"))
    for c in raw.get("world_cities", []):
        if c["name"] not in places:
            add(c["name"], "City", c.get("region") or c["country"], c.get("aliases"))
    zone_keys: dict[str, list[str]] = {}
    for d in raw.get("districts", []):
        add(d["name"], "District", d.get("city"), d.get("aliases"))
        for form in (d["name"], *(d.get("aliases") or ())):
            key = _zone_key(form)
            if key and key not in alias:
                zone_keys.setdefault(key, [])
                if d["name"] not in zone_keys[key]:
                    zone_keys[key].append(d["name"])
    # "the East Lake zone" for "East Lake High-tech Development Zone": a zone's short name, where only one
    # zone has it and it names no place of its own
    for key, zones in zone_keys.items():
        if len(zones) == 1:
            for surface in (f"{key} zone", f"{key} Zone"):
                alias.setdefault(surface, zones[0])

    industries: dict[str, tuple[str, ...]] = {}
    industry_alias: dict[str, str] = {}
    for ind in _read("industries.yaml").get("industries", []):
        industries[ind["name"]] = tuple(ind.get("aliases") or ())
        for surface in (ind["name"], *(ind.get("aliases") or ())):
            industry_alias.setdefault(normalize_industry(surface), ind["name"])
    words = _read("lexicon.yaml")
    organisations: dict[str, tuple[str, str]] = {}
    known = list(_read("organisations.yaml").get("organisations", []))
    for type_, key in (("GovernmentBody", "known_government_bodies"), ("Fund", "known_funds")):
        known += [{**o, "type": type_} for o in words.get(key, [])]
    for org in known:
        for surface in (org["name"], *(org.get("aliases") or ())):
            if surface not in alias:  # a place name is never an organisation's alias
                organisations.setdefault(surface, (org["name"], org["type"]))
    return Lexicon(places, alias, industries, industry_alias, words, organisations, _divisions())
