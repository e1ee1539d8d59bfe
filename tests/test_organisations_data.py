"""Invariants of data/gazetteer/organisations.yaml, the hand-written gazetteer of well-known organisations.

The file is typed in by hand; these tests catch what data entry gets wrong: a type the schema does not
know, one surface form given to two organisations, an alias that is really a place, an industry or an
everyday word, a headquarters city that places.yaml does not list, and city-level patterns that do not
fit the places they are filled with.
"""
from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from spacy.lang.en.stop_words import STOP_WORDS

from whofunds.graph.schema import SCHEMA
from whofunds.loaders.extract.lexicon import normalize_industry

GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
ORGANISATION_TYPES = {"Firm", "Fund", "GovernmentBody", "Institution"}
ENTRY_KEYS = {"name", "type", "aliases", "city"}
TONE_MARKS = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")
# Surface forms the file's header says were left out on purpose: everyday words, or names of something
# else in this domain. If one creeps back in, matching it would create false organisations.
LEFT_OUT = ["MOST", "SAFE", "BIS", "HIT", "BIT", "NPU", "CSU", "ABC", "ST", "Great Wall", "Honor", "vivo",
            "Rhodium", "Lead", "RAND", "CAE", "Huatai", "Meta", "Arm", "Jinhua", "Xingtai", "Dongfeng", "WuXi",
            "DRC"]


def _load(name: str) -> dict:
    with open(GAZETTEER / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def data() -> dict:
    return _load("organisations.yaml")


@pytest.fixture(scope="module")
def organisations(data) -> list[dict]:
    return data["organisations"]


@pytest.fixture(scope="module")
def places() -> dict:
    return _load("places.yaml")


def _surfaces(entry: dict) -> list[str]:
    return [entry["name"], *entry.get("aliases", [])]


def _place_surfaces(places: dict) -> set[str]:
    """Every name and alias of places.yaml, lower-cased (the excluded ones too: they are still places)."""
    out = set()
    for category in ("countries", "provinces", "cities", "districts", "excluded"):
        for entry in places.get(category) or []:
            out.update(s.lower() for s in [entry["name"], *(entry.get("aliases") or [])])
    return out


def _by_surface(organisations) -> dict[str, dict]:
    return {s: e for e in organisations for s in _surfaces(e)}


def test_size_and_shape(organisations):
    assert 250 <= len(organisations) <= 450
    for entry in organisations:
        where = entry.get("name", entry)
        assert set(entry) <= ENTRY_KEYS, f"{where}: unknown keys {set(entry) - ENTRY_KEYS}"
        assert {"name", "type", "aliases"} <= set(entry), f"{where}: missing keys"
        assert isinstance(entry["aliases"], list), f"{where}: aliases must be a list"
        for s in _surfaces(entry):
            assert isinstance(s, str), f"{where}: {s!r} is not a string"
            assert s and s == s.strip() and "  " not in s, f"{where}: badly spaced {s!r}"
            assert not TONE_MARKS.search(s), f"{where}: pinyin tone mark in {s!r}"


def test_types_are_organisation_types_of_the_schema(organisations):
    assert ORGANISATION_TYPES <= set(SCHEMA.entity_types)
    bad = {e["name"]: e["type"] for e in organisations if e["type"] not in ORGANISATION_TYPES}
    assert bad == {}
    # every organisation type is represented, not just firms
    counts = defaultdict(int)
    for e in organisations:
        counts[e["type"]] += 1
    assert all(counts[t] >= 20 for t in ORGANISATION_TYPES), dict(counts)


def test_a_surface_form_names_one_organisation(organisations):
    """Case-insensitively, no name or alias belongs to two entries, nor is repeated inside one."""
    owners = defaultdict(list)
    for e in organisations:
        for s in _surfaces(e):
            owners[s.lower()].append(e["name"])
    clashes = {s: names for s, names in owners.items() if len(names) > 1}
    assert clashes == {}


def test_no_surface_form_is_a_place(organisations, places):
    place_surfaces = _place_surfaces(places)
    assert {"hefei", "peking", "haidian", "ziyang"} <= place_surfaces  # the check sees places, excluded ones too
    hits = {s: e["name"] for e in organisations for s in _surfaces(e) if s.lower() in place_surfaces}
    assert hits == {}


def test_no_surface_form_is_an_industry(organisations):
    industry_surfaces = set()
    for ind in _load("industries.yaml")["industries"]:
        industry_surfaces.update(normalize_industry(s) for s in [ind["name"], *(ind.get("aliases") or [])])
    assert "semiconductors" in industry_surfaces
    hits = {s: e["name"] for e in organisations for s in _surfaces(e) if normalize_industry(s) in industry_surfaces}
    assert hits == {}


def test_no_surface_form_is_an_everyday_word_or_a_non_organisation(organisations):
    """Aliases are proper names: none is lower-case only, an English stop word, or a listed non-organisation."""
    not_organisations = {w.lower() for w in _load("lexicon.yaml").get("not_organisations", [])}
    for e in organisations:
        for s in _surfaces(e):
            assert any(c.isupper() or c.isdigit() for c in s), f"{e['name']}: {s!r} is not a proper name"
            assert s.lower() not in STOP_WORDS, f"{e['name']}: {s!r} is an English stop word"
            assert s.lower() not in not_organisations, f"{e['name']}: {s!r} is listed as not an organisation"
    surfaces = {s.lower() for s in _by_surface(organisations)}
    assert surfaces & {w.lower() for w in LEFT_OUT} == set()


def test_headquarters_cities_are_listed_places(organisations, places):
    cities = {c["name"] for c in places["cities"]}
    sars = {p["name"] for p in places["provinces"] if p["kind"] == "special administrative region"}
    unknown = {e["name"]: e["city"] for e in organisations if "city" in e and e["city"] not in cities | sars}
    assert unknown == {}
    with_city = [e for e in organisations if "city" in e]
    assert len(with_city) >= 200


def test_well_known_names_resolve_to_the_right_entry(organisations):
    by_surface = _by_surface(organisations)
    expected = {
        "Big Fund": ("China Integrated Circuit Industry Investment Fund", "Fund", "Beijing"),
        "Big Fund III": ("China Integrated Circuit Industry Investment Fund Phase III", "Fund", "Beijing"),
        "Big Fund II": ("China Integrated Circuit Industry Investment Fund Phase II", "Fund", "Beijing"),
        "Hefei Jiantou": ("Hefei Construction Investment Holding", "Fund", "Hefei"),
        "Hefei Chantou": ("Hefei Industry Investment Holding Group", "Fund", "Hefei"),
        "BOE": ("BOE Technology Group", "Firm", "Beijing"),
        "CATL": ("Contemporary Amperex Technology", "Firm", "Ningde"),
        "SMIC": ("Semiconductor Manufacturing International Corporation", "Firm", "Shanghai"),
        "CXMT": ("ChangXin Memory Technologies", "Firm", "Hefei"),
        "YMTC": ("Yangtze Memory Technologies", "Firm", "Wuhan"),
        "NIO": ("NIO", "Firm", "Shanghai"),
        "Sany": ("Sany Heavy Industry", "Firm", "Changsha"),
        "TSMC": ("Taiwan Semiconductor Manufacturing Company", "Firm", "Hsinchu"),
        "USTC": ("University of Science and Technology of China", "Institution", "Hefei"),
        "NDRC": ("National Development and Reform Commission", "GovernmentBody", "Beijing"),
        "SASAC": ("State-owned Assets Supervision and Administration Commission", "GovernmentBody", "Beijing"),
        "Shenzhen Capital Group": ("Shenzhen Capital Group", "Fund", "Shenzhen"),
        "Wuxi Industry Development Group": ("Wuxi Industry Development Group", "Fund", "Wuxi"),
    }
    got = {s: (by_surface[s]["name"], by_surface[s]["type"], by_surface[s].get("city")) for s in expected
           if s in by_surface}
    assert got == expected
    for foreign in ("Volkswagen", "Tesla", "Apple", "Qualcomm", "SK Hynix", "Goldman Sachs", "JPMorgan",
                    "Gavekal Dragonomics", "Rhodium Group", "MERICS"):
        assert foreign in by_surface, foreign


def test_city_patterns_fill_with_places(data, places):
    """Patterns stand for bodies every city/province has; each has one slot and its example fills it."""
    fillers = {"city": {c["name"] for c in places["cities"]}, "province": {p["name"] for p in places["provinces"]}}
    patterns = data["patterns"]
    assert any(p["pattern"] == "{city} SASAC" for p in patterns)
    for p in patterns:
        assert p["type"] in ORGANISATION_TYPES, p
        slots = re.findall(r"\{(\w+)\}", p["pattern"])
        assert len(slots) == 1 and slots[0] in fillers, p
        prefix, suffix = p["pattern"].split("{" + slots[0] + "}")
        example = p["example"]
        assert example.startswith(prefix) and example.endswith(suffix), p
        assert example[len(prefix):len(example) - len(suffix)] in fillers[slots[0]], p
