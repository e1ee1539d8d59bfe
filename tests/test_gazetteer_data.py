"""Invariants of the reference data in data/gazetteer/*.yaml (places, industries, word lists).

The files are hand-written; these tests catch the mistakes data entry makes: duplicates, dangling
references (a city in a province that is not listed), one surface form meaning two things, and
missing entries the extractor relies on.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
import yaml

GAZETTEER = Path(__file__).resolve().parents[1] / "data" / "gazetteer"
TONE_MARKS = re.compile("[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def _load(name: str) -> dict:
    with open(GAZETTEER / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@pytest.fixture(scope="module")
def places() -> dict:
    return _load("places.yaml")


@pytest.fixture(scope="module")
def industries() -> list[dict]:
    return _load("industries.yaml")["industries"]


@pytest.fixture(scope="module")
def lexicon() -> dict:
    return _load("lexicon.yaml")


def _surfaces(entry: dict) -> list[str]:
    return [entry["name"], *entry.get("aliases", [])]


def _clean_strings(strings, where: str) -> None:
    for s in strings:
        assert isinstance(s, str), f"{where}: {s!r} is not a string"
        assert s and s == s.strip() and "  " not in s, f"{where}: badly spaced {s!r}"


# ---------------------------------------------------------------- places


PLACE_CATEGORIES = ("countries", "provinces", "cities", "districts")


def test_places_entries_are_well_formed(places):
    assert set(PLACE_CATEGORIES) <= set(places)
    for category in PLACE_CATEGORIES:
        assert places[category], category
        for entry in places[category]:
            where = f"{category}/{entry.get('name')}"
            assert isinstance(entry.get("aliases"), list), f"{where}: aliases must be a list"
            _clean_strings(_surfaces(entry), where)
            assert entry["name"] not in entry["aliases"], f"{where}: alias repeats the name"
            assert len(set(entry["aliases"])) == len(entry["aliases"]), f"{where}: repeated alias"
            assert not TONE_MARKS.search(" ".join(_surfaces(entry))), f"{where}: pinyin tone mark"


def test_country_and_district_names_are_unique(places):
    for category in ("countries", "provinces", "districts"):
        counts = Counter(e["name"] for e in places[category])
        assert [n for n, c in counts.items() if c > 1] == [], category


def test_provinces_are_complete_without_municipalities(places):
    kinds = Counter(p["kind"] for p in places["provinces"])
    assert kinds == {"province": 23, "autonomous region": 5, "special administrative region": 2}
    names = {p["name"] for p in places["provinces"]}
    assert {"Anhui", "Guangxi", "Tibet", "Xinjiang", "Inner Mongolia", "Hong Kong", "Macau"} <= names
    assert not names & {"Beijing", "Shanghai", "Tianjin", "Chongqing"}


def test_every_province_capital_is_a_listed_city_of_that_province(places):
    cities = {(c["name"], c["province"]) for c in places["cities"]}
    for p in places["provinces"]:
        if p["kind"] == "special administrative region":
            assert p["capital"] is None, p["name"]
        else:
            assert (p["capital"], p["name"]) in cities, f"capital of {p['name']} not listed"


def test_four_municipalities_have_no_province(places):
    municipalities = {c["name"]: c for c in places["cities"] if c["kind"] == "municipality"}
    assert set(municipalities) == {"Beijing", "Shanghai", "Tianjin", "Chongqing"}
    assert all(c["province"] is None for c in municipalities.values())
    assert "Peking" in municipalities["Beijing"]["aliases"]


def test_cities_point_at_listed_provinces_and_parents(places):
    provinces = {p["name"] for p in places["provinces"]}
    prefecture = {(c["name"], c["province"]) for c in places["cities"] if c["kind"] == "prefecture-level city"}
    allowed = {"municipality", "prefecture-level city", "county-level city", "city"}
    for c in places["cities"]:
        assert c["kind"] in allowed, c
        if c["kind"] != "municipality":
            assert c["province"] in provinces, f"{c['name']}: unknown province {c['province']!r}"
        if c["kind"] == "county-level city":
            assert "parent" in c, c["name"]
            if c["parent"] is not None:
                assert (c["parent"], c["province"]) in prefecture, f"{c['name']}: parent {c['parent']!r}"
        else:
            assert "parent" not in c, c["name"]


def test_prefecture_level_cities_are_nearly_all_present(places):
    prefecture = [c for c in places["cities"] if c["kind"] == "prefecture-level city"]
    assert len(prefecture) >= 290
    per_province = Counter(c["province"] for c in prefecture)
    # spot checks from the official lists: a missing line in a big province shows up here
    assert per_province["Guangdong"] == 21
    assert per_province["Anhui"] == 16
    assert per_province["Jiangsu"] == 13
    for p in places["provinces"]:
        if p["kind"] != "special administrative region" and p["name"] != "Taiwan":
            assert per_province[p["name"]] >= 2, p["name"]
    names = {c["name"] for c in prefecture}
    assert {"Hefei", "Wuxi", "Changsha", "Xi'an", "Harbin", "Urumqi", "Hohhot", "Lhasa"} <= names


def test_well_known_english_variants_are_aliases(places):
    alias_of = {a: c["name"] for c in places["cities"] for a in c["aliases"]}
    assert alias_of["Canton"] == "Guangzhou"
    assert alias_of["Amoy"] == "Xiamen"
    assert alias_of["Tientsin"] == "Tianjin"
    assert alias_of["Chungking"] == "Chongqing"


def test_homonymous_cities_are_flagged_with_one_usual_referent(places):
    by_name = defaultdict(list)
    for c in places["cities"]:
        by_name[c["name"]].append(c)
    for name, group in by_name.items():
        assert len({c["province"] for c in group}) == len(group), f"{name} listed twice in one province"
        if len(group) > 1:
            assert all(c.get("ambiguous_with_city") for c in group), name
            assert sum(bool(c.get("usual_referent")) for c in group) == 1, name
        else:
            assert not group[0].get("ambiguous_with_city"), name
            assert not group[0].get("usual_referent"), name
    assert {n for n, g in by_name.items() if len(g) > 1} >= {"Suzhou", "Fuzhou", "Taizhou"}


def test_city_named_like_province_is_flagged(places):
    provinces = {p["name"] for p in places["provinces"]}
    for c in places["cities"]:
        assert bool(c.get("ambiguous_with_province")) == (c["name"] in provinces), c["name"]
    assert any(c["name"] == "Jilin" and c["province"] == "Jilin" for c in places["cities"])


def test_city_named_like_a_district_is_flagged(places):
    district_stems = {re.sub(r" District$", "", d["name"]) for d in places["districts"]}
    for c in places["cities"]:
        assert bool(c.get("ambiguous_with_district")) == (c["name"] in district_stems), c["name"]


def test_districts_belong_to_listed_cities(places):
    cities = {(c["name"], c["province"]) for c in places["cities"]}
    for d in places["districts"]:
        assert (d["city"], d["province"]) in cities, f"{d['name']}: city {d['city']!r}/{d['province']!r}"
    assert len(places["districts"]) >= 150
    names = {d["name"] for d in places["districts"]}
    assert {"Pudong New Area", "Binhu District", "Xinwu District", "Liangjiang New Area", "Tianfu New Area",
            "Xiong'an New Area", "Suzhou Industrial Park", "Zhongguancun", "Qianhai"} <= names


def test_a_surface_form_names_one_place_unless_flagged(places):
    """Except flagged homonyms, no name or alias may stand for two places (in any two categories)."""
    owners = defaultdict(set)
    for category in PLACE_CATEGORIES:
        for e in places[category]:
            flagged = e.get("ambiguous_with_city") or e.get("ambiguous_with_province")
            for s in _surfaces(e):
                owners[s].add((category, e["name"], e.get("province"), e.get("city"), bool(flagged)))

    def explained(owner_set) -> bool:
        # homonymous cities, all flagged; or a flagged city plus the province it is named like (Jilin)
        cities = [o for o in owner_set if o[0] == "cities"]
        others = [o for o in owner_set if o[0] != "cities"]
        named_like_province = all(o[0] == "provinces" and o[1] == c[2] for o in others for c in cities)
        return bool(cities) and all(o[-1] for o in cities) and named_like_province

    clashes = {s: o for s, o in owners.items() if len(o) > 1 and not explained(o)}
    assert clashes == {}


def test_excluded_names_are_not_matchable(places):
    surfaces = {s for cat in PLACE_CATEGORIES for e in places[cat] for s in _surfaces(e)}
    excluded = {e["name"] for e in places.get("excluded", [])}
    assert {"Georgia", "Jordan", "Turkey"} <= excluded
    assert surfaces & excluded == set()


# ---------------------------------------------------------------- industries


def _normal_industry(text: str) -> str:
    """How the extractor compares industry names: case, hyphens and a trailing 'industry' do not count."""
    text = re.sub(r"\s+", " ", text.lower().replace("-", " ")).strip()
    return re.sub(r"\b(industry|industries|sector|sectors|chain|chains|trade)$", "", text).strip()


def test_industries_are_well_formed(industries):
    assert len(industries) >= 40
    for ind in industries:
        assert isinstance(ind.get("aliases"), list) and ind["aliases"], ind.get("name")
        _clean_strings(_surfaces(ind), ind["name"])
        # canonical names read as prose: lower case except acronyms ("IT services", "5G")
        for word in ind["name"].split():
            assert word == word.lower() or word.isupper() or word[0].isdigit(), ind["name"]
    counts = Counter(ind["name"] for ind in industries)
    assert [n for n, c in counts.items() if c > 1] == []


def test_required_industries_are_present(industries):
    aliases = {ind["name"]: set(ind["aliases"]) for ind in industries}
    required = {
        "semiconductors": {"integrated circuits", "chips", "IC industry"},
        "display screens": {"LCD", "OLED"},
        "internet of things": {"IoT"},
        "biomedicine": {"biomedical", "biopharma", "biopharmaceuticals", "biomedical industry"},
        "IT services": set(),
        "new energy vehicles": {"electric vehicles", "EVs", "EV", "electric cars", "NEVs"},
        "batteries": set(),
        "photovoltaics": {"solar", "solar power"},
        "artificial intelligence": {"AI"},
        "quantum technology": {"quantum computing", "quantum sciences"},
        "robotics": set(),
        "biotechnology": {"biotech"},
        "new materials": set(),
        "aerospace": set(),
        "high-end equipment manufacturing": set(),
        "software": set(),
        "big data": set(),
        "cloud computing": set(),
        "hydrogen energy": set(),
        "healthcare": set(),
        "automobiles": {"auto-making", "car-making"},
        "textiles": set(),
        "logistics": set(),
        "virtual reality": {"VR", "metaverse"},
        "optoelectronics": set(),
        "5G": set(),
        "smart manufacturing": set(),
    }
    for name, must in required.items():
        assert name in aliases, name
        assert must <= aliases[name], (name, must - aliases[name])


def test_an_industry_surface_form_belongs_to_one_industry(industries):
    owner = {}
    for ind in industries:
        forms = {_normal_industry(s) for s in _surfaces(ind)}
        for form in forms:
            assert form, ind["name"]
            assert owner.setdefault(form, ind["name"]) == ind["name"], f"{form!r}: {owner[form]} and {ind['name']}"
        # within one industry, two aliases that differ only by case are noise for a case-blind matcher
        lowered = [s.lower() for s in _surfaces(ind)]
        assert len(set(lowered)) == len(lowered), ind["name"]


def test_industry_forms_are_not_pronouns_or_place_names(industries, places):
    forms = {s.lower() for ind in industries for s in _surfaces(ind)}
    # the matcher searches these surface forms case-insensitively: these would fire on everyday words
    assert forms.isdisjoint({"it", "display", "displays", "panels", "screens", "cloud", "energy", "ar", "us"})
    place_forms = {s.lower() for cat in PLACE_CATEGORIES for e in places[cat] for s in _surfaces(e)}
    assert forms.isdisjoint(place_forms)


# ---------------------------------------------------------------- lexicon


def _lower_set(words) -> set[str]:
    return {w.lower() for w in words}


def test_lexicon_lists_are_clean_and_without_repeats(lexicon):
    flat_lists = ["firm_descriptors", "fund_descriptors", "institution_descriptors", "person_titles", "job_titles",
                  "facility_nouns", "not_organisations", "government_levels"]
    nested = ["legal_form_suffixes", "org_heads", "back_reference_nouns", "currencies"]
    for key in flat_lists:
        words = lexicon[key]
        assert words, key
        _clean_strings(words, key)
        assert len(set(words)) == len(words), f"{key}: {[w for w, c in Counter(words).items() if c > 1]}"
    for key in nested:
        for sub, words in lexicon[key].items():
            assert words, f"{key}/{sub}"
            _clean_strings(words, f"{key}/{sub}")
            assert len(set(words)) == len(words), f"{key}/{sub}"


def test_typed_lists_use_schema_types(lexicon):
    from whofunds.graph.schema import SCHEMA

    for key in ("legal_form_suffixes", "org_heads", "back_reference_nouns"):
        assert set(lexicon[key]) <= set(SCHEMA.entity_types), key


def test_every_lexicon_section_is_read_by_code(lexicon):
    """The README tells analysts to edit lexicon.yaml: a section no code reads would be a silent no-op."""
    from pathlib import Path

    import whofunds

    code = "\n".join(p.read_text("utf-8") for p in Path(whofunds.__file__).resolve().parents[1].rglob("*.py")
                     if ".venv" not in p.parts and "tests" not in p.parts and "benchmarks" not in p.parts)
    unread = [key for key in lexicon if f'"{key}"' not in code]
    assert not unread, f"lexicon.yaml sections no code reads: {unread}"


def test_each_word_types_one_entity_type(lexicon):
    """A word that typed a name two ways would make the answer depend on which list is read first."""
    for key in ("legal_form_suffixes", "org_heads", "back_reference_nouns"):
        seen = {}
        for type_, words in lexicon[key].items():
            for w in _lower_set(words):
                assert seen.setdefault(w, type_) == type_, f"{key}: {w!r} is {seen[w]} and {type_}"
    descriptors = [_lower_set(lexicon[k]) for k in ("firm_descriptors", "fund_descriptors", "institution_descriptors")]
    for i, a in enumerate(descriptors):
        for b in descriptors[i + 1:]:
            assert a.isdisjoint(b), a & b
    # the fund heads that end a name ("... Fund") must not be firm legal forms
    assert _lower_set(lexicon["org_heads"]["Fund"]).isdisjoint(_lower_set(lexicon["legal_form_suffixes"]["Firm"]))


def test_lexicon_has_the_words_the_brief_names(lexicon):
    assert {"Group", "Holdings", "Ltd", "Limited", "Inc", "Corporation", "Technology"} <= set(
        lexicon["legal_form_suffixes"]["Firm"])
    assert {"Capital", "Investment", "Ventures", "Partners"} <= set(lexicon["legal_form_suffixes"]["Fund"])
    assert {"Ministry", "Bureau", "Commission", "Government"} <= set(lexicon["org_heads"]["GovernmentBody"])
    assert {"University", "Institute", "Academy", "Laboratory"} <= set(lexicon["org_heads"]["Institution"])
    assert {"carmaker", "chipmaker", "bank", "start-up"} <= set(lexicon["firm_descriptors"])
    assert {"guidance fund", "state investor", "investment vehicle"} <= set(lexicon["fund_descriptors"])
    assert {"think tank", "university"} <= set(lexicon["institution_descriptors"])
    assert {"Mr", "Ms", "Dr", "Prof"} <= set(lexicon["person_titles"])
    assert {"analyst", "economist", "chairman", "founder", "CEO", "official"} <= set(lexicon["job_titles"])
    modality = lexicon["modality"]
    assert {"not", "no", "never"} <= set(modality["negation"]["words"])
    assert {"deny", "rule out"} <= set(modality["negation"]["verbs"])
    assert {"could", "may", "might"} <= set(modality["hypothetical"]["auxiliaries"])
    assert {"consider", "explore"} <= set(modality["hypothetical"]["verbs"])
    assert {"plan", "pledge", "agree"} <= set(modality["planned"]["verbs"])
    assert {"will"} <= set(modality["planned"]["auxiliaries"])
    # a cue means one thing
    assert set(modality["negation"]["verbs"]).isdisjoint(modality["hypothetical"]["verbs"])
    assert set(modality["planned"]["verbs"]).isdisjoint(modality["hypothetical"]["verbs"])
    assert set(modality["planned"]["auxiliaries"]).isdisjoint(modality["hypothetical"]["auxiliaries"])


def test_frame_lexicon_covers_every_relation():
    from whofunds.graph.schema import SCHEMA
    from whofunds.loaders.extract.frames import load_frames

    frames = load_frames()
    assert {f.relation for f in frames} == set(SCHEMA.relation_types)
    triggers = {}
    for f in frames:
        triggers.setdefault(f.relation, set()).update(f.triggers)
    assert {"invest", "back", "stake", "investor"} <= triggers["INVESTS_IN"]
    assert {"found", "set up", "establish", "founder"} <= triggers["FOUNDED"]
    assert {"base", "headquarter", "plant"} <= triggers["LOCATED_IN"]
    assert {"chain chief", "chain boss", "chain leader", "chain master"} <= triggers["CHAIN_BOSS_OF"]
    assert {"supplier", "supply", "customer"} <= triggers["SUPPLIES"]
    assert {"control", "own", "subsidiary", "parent"} <= triggers["CONTROLS"]
    assert {"target", "prioritise", "focus"} <= triggers["TARGETS_INDUSTRY"]


def test_official_posts_have_one_meaning_each(lexicon):
    owner = {}
    for post in lexicon["official_posts"]:
        assert post["name"] and isinstance(post["aliases"], list) and post["aliases"], post
        _clean_strings([post["name"], *post["aliases"]], post["name"])
        for form in _lower_set([post["name"], *post["aliases"]]):
            assert owner.setdefault(form, post["name"]) == post["name"], f"{form!r}: {owner[form]}, {post['name']}"
    assert {"Communist Party chief", "Mayor", "Governor", "Vice Mayor"} <= set(owner.values())
    assert owner["party secretary"] == "Communist Party chief" and owner["deputy mayor"] == "Vice Mayor"


def test_known_bodies_and_money_words_are_unambiguous(lexicon, places):
    seen = {}
    for key in ("known_government_bodies", "known_funds"):
        for e in lexicon[key]:
            _clean_strings(_surfaces(e), e["name"])
            for form in _surfaces(e):
                assert seen.setdefault(form, e["name"]) == e["name"], form
    currency_of = {}
    for code, forms in lexicon["currencies"].items():
        assert re.fullmatch(r"[A-Z]{3}", code), code
        for form in forms:
            assert currency_of.setdefault(form, code) == code, f"{form!r} is {currency_of[form]} and {code}"
    assert currency_of["yuan"] == "CNY" and currency_of["$"] == "USD" and currency_of["HK$"] == "HKD"
    multipliers = lexicon["amount_multipliers"]
    assert all(isinstance(v, int) and v > 1 for v in multipliers.values())
    assert multipliers["bn"] == multipliers["billion"] == 10**9 and multipliers["yi"] == 10**8


def test_gazetteer_files_ship_with_the_package():
    """The extractor reads these through importlib.resources, so they must be installed data of whofunds.data."""
    from importlib import resources

    folder = resources.files("whofunds.data").joinpath("gazetteer")
    for name in ("places.yaml", "industries.yaml", "lexicon.yaml"):
        assert yaml.safe_load(folder.joinpath(name).read_text("utf-8")), name
