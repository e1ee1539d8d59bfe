"""Write data/gazetteer/districts.tsv: every district, county, banner and county-level city of mainland
China in pinyin, with the prefecture-level city and the province it belongs to.

Source: the administrative-division codes shipped with ``cpca`` (MIT; each code's first four digits name
its city, the first two its province), romanised with ``pypinyin``. Both are needed only to regenerate
the table (``pip install cpca==0.5.5 pypinyin==0.55.0``); whofunds reads the TSV.

    python scripts/make_district_table.py [OUT]

Why a table and not more gazetteer entries: a bare district name ("Xinwu", "Changan", "Xinhua") is too
often something else to be matched wherever it appears; the extractor consults this table only for a
place the text itself calls a district or county ("Qiaoxi district") or writes beside its city.
"""
from __future__ import annotations

import csv
import re
import sys
from importlib.util import find_spec
from pathlib import Path

import yaml
from pypinyin import lazy_pinyin

ROOT = Path(__file__).resolve().parent.parent
KIND = {"区": "district", "县": "county", "旗": "banner", "市": "county-level city"}
# province-level names whose English form is not their plain pinyin
PROVINCE_NAMES = {"陕西": "Shaanxi", "内蒙古": "Inner Mongolia", "西藏": "Tibet", "广西": "Guangxi",
                  "宁夏": "Ningxia", "新疆": "Xinjiang"}
# cities English writes by an older or non-Chinese name, or whose characters pypinyin reads the other way
CITY_NAMES = {"鄂尔多斯": "Ordos", "乌鲁木齐": "Urumqi", "拉萨": "Lhasa", "呼和浩特": "Hohhot", "哈尔滨": "Harbin",
              "齐齐哈尔": "Qiqihar", "巴彦淖尔": "Bayannur", "呼伦贝尔": "Hulunbuir", "乌兰察布": "Ulanqab",
              "克拉玛依": "Karamay", "日喀则": "Shigatse", "喀什": "Kashgar", "吐鲁番": "Turpan", "长治": "Changzhi",
              "漯河": "Luohe", "朝阳": "Chaoyang", "吕梁": "Lvliang", "阿拉善": "Alxa", "锡林郭勒": "Xilingol",
              "兴安": "Hinggan", "昌都": "Qamdo", "林芝": "Nyingchi", "阿克苏": "Aksu", "和田": "Hotan"}


def romanise(chinese: str) -> str:
    """'五通桥' -> 'Wutongqiao', '西安' -> "Xi'an" (an apostrophe before a syllable that opens on a vowel)."""
    out = ""
    for i, syllable in enumerate(lazy_pinyin(chinese)):
        out += ("'" if i and syllable[0] in "aeo" else "") + syllable
    return out[:1].upper() + out[1:]


def bare(name: str, nations: list[str]) -> tuple[str, str]:
    """A division's own name and its kind: '长阳土家族自治县' -> ('长阳', 'county')."""
    kind = KIND.get(name[-1], "")
    stem = name[:-1] if kind else name
    if stem.endswith("自治"):
        stem = stem[:-2]
        while any(stem.endswith(n) for n in nations):  # "土家族", "苗族": peoples named before "autonomous"
            stem = stem[:-len(next(n for n in nations if stem.endswith(n)))]
    for suffix in ("林区", "矿区", "新区"):
        if name.endswith(suffix) and len(name) > 3:
            stem, kind = name[:-len(suffix)], "district"
    return stem, kind


def main(out: Path) -> None:
    # only cpca's data files, found without importing it (its matcher needs libraries the table does not)
    data = Path(find_spec("cpca").submodule_search_locations[0]) / "resources"
    codes = (data / "adcodes.csv").read_text(encoding="utf-8")
    nations = [n.strip() for n in (data / "56_nations.csv").read_text(encoding="utf-8").split() if n.strip()]
    nations += [n[:-1] for n in nations if len(n) > 2]  # "土家族" is also written "土家"
    nations.sort(key=len, reverse=True)
    rows = {r["adcode"][:6]: r["name"] for r in csv.DictReader(codes.splitlines())}
    places = yaml.safe_load((ROOT / "data/gazetteer/places.yaml").read_text(encoding="utf-8"))
    known_cities = {c["name"].lower().replace("'", ""): c["name"] for c in places["cities"]}
    known_provinces = {p["name"].lower(): p["name"] for p in places["provinces"]}

    def province_of(code: str) -> str:
        name = rows.get(code[:2] + "0000", "")
        stem = re.sub(r"(省|市|自治区|特别行政区|壮族自治区|回族自治区|维吾尔自治区)$", "", name)
        english = PROVINCE_NAMES.get(stem) or romanise(stem)
        return known_provinces.get(english.lower(), known_cities.get(english.lower(), english))

    def city_of(code: str) -> str | None:
        if code[:2] in {"11", "12", "31", "50"}:  # a municipality's districts are the municipality's
            return province_of(code)
        name = rows.get(code[:4] + "00")
        if not name:
            return None
        stem = re.sub(r"(市|地区|盟|自治州)$", "", name)
        while any(stem.endswith(n) for n in nations):  # "凉山彝族自治州": the peoples, then the name
            stem = stem[:-len(next(n for n in nations if stem.endswith(n)))]
        english = CITY_NAMES.get(stem) or romanise(stem)
        return known_cities.get(english.lower().replace("'", ""))

    lines = []
    for code, name in sorted(rows.items()):
        if code[4:] == "00" or code[2:] == "0000":
            continue
        stem, kind = bare(name, nations)
        city = city_of(code)
        if not kind or not stem or city is None:
            continue  # (a division of a prefecture the gazetteer does not list has no city to place it in)
        lines.append((romanise(stem), kind, city, province_of(code)))
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("# generated by scripts/make_district_table.py from cpca's division codes; do not edit\n")
        f.write("name\tkind\tcity\tprovince\n")
        for row in lines:
            f.write("\t".join(row) + "\n")
    print(f"{out}: {len(lines)} divisions", file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "data/gazetteer/districts.tsv")
