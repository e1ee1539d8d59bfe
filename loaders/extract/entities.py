"""From mentions to the entities of one document: typing, naming, and within-document resolution.

Rules, all general: a gazetteer place is a place; a name with an organisation head word
("Bureau", "University", "Fund") takes that type; an apposition ("X, a bank") types its name;
legal-form suffixes mark firms; spaCy's label is the last resort. Short forms join their long
form: "Mr Xu" -> "Xu Dihong", "BOE" -> "BOE Technology", an acronym defined in parentheses.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from whofunds.graph.records import Entity

from .lexicon import Lexicon, load_lexicon
from .mentions import Mention, government_name

# A legal form or a generic word left alone is a fragment of a longer name, never a name
GENERIC_NAME_KEYS = frozenset({"co", "ltd", "limited", "inc", "corp", "corporation", "company", "group", "holdings",
                               "holding", "technology", "technologies", "industries", "industry", "plc", "llc"})
NEAR_CITY_CHARS = 250  # about one sentence
# what separates a name from its post in apposition: "Wen Bixia, the mayor", "the mayor, Wen Bixia"
APPOSED = re.compile(r"\s*,\s*(?:the\s+|its\s+)?|\s+")
PART_WORDS = r"(?:unit|subsidiary|arm|affiliate|division|parent|parent company|holding company|offshoot)"
# "its car unit, X", "the group's subsidiary X"; "X, the carmaker's parent"
UNIT_INTRO_BEFORE = re.compile(r"\b(?:its|their|[\w-]+['’]s?) (?:[\w-]+ ){0,3}" + PART_WORDS + r",? $", re.IGNORECASE)
UNIT_INTRO_AFTER = re.compile(r",? (?:its|the|a|an) (?:[\w'’-]+ ){0,3}" + PART_WORDS + r"\b", re.IGNORECASE)
LEGAL_TAIL = re.compile(r"(?:[\s,]+(?:Inc|Corp|Corporation|Co|Ltd|Limited|Plc|LLC|AG|SA|SE)\.?|"
                        r"\s*\((?:Limited Partnership|LP|L\.P\.)\)?)+$", re.IGNORECASE)  # "X Fund (Limited Partnership)"
AMPERSAND_END = re.compile(r"(?:&|\band)$")
TITLE = re.compile(r"^(?:Mr|Mrs|Ms|Dr|Prof|Professor|President|Premier|Chairman|Mayor|Governor)\.?\s+")
ORG_TYPES = ("GovernmentBody", "Institution", "Fund", "Firm")
TITLE_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+$")
PLURAL_CLASS = re.compile(r"\b(?:Enterprises|Companies|Firms|Giants|Champions|Businesses|Startups|Start-ups)$")
ZONE_HEAD_AFTER = re.compile(r"\s+((?:(?:high-tech|hi-tech|development|economic|industrial|new)\s+)*(?:zone|park|area))\b")
GEO_WORDS = {"Lake", "River", "Mountain", "Mount", "Canal", "Delta", "Sea", "Bay", "Island", "Road", "Street",
             "Boulevard", "Avenue", "Square", "Park", "Bridge", "Valley", "Plain", "Desert", "Coast", "Province",
             "City", "District", "County", "Updated", "Opinion", "Photo", "Source"}
PLACE_TYPES = ("City", "Province", "Country", "District")
# what follows a person's name: "X, who ...", "X, a former lecturer", "X, its founder", "X said"
PERSON_CUE_AFTER = re.compile(r",?\s+(?:who\b|whose\b|a\s+former\b|the\s+(?:founder|chairman|chief)\b|its\s+"
                              r"(?:founder|chairman|chief)\b|said\b|says\b|told\b|(?:is|was)\s+(?:its\s+)?"
                              r"(?:chairman|founder|chief executive)\b)")
LISTING_BEFORE = re.compile(r"\b(?:listed|listing|lists|list|floated|float|trades|traded|IPO)\s+(?:in|on)\s+(?:the\s+)?$")


def norm_key(text: str) -> str:
    """The key names are compared by: no accents, case, punctuation, leading 'the', trailing 's."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9\u4e00-\u9fff]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def body_key(name: str) -> str:
    """One key for the ways a government body is written: 'bureau of statistics' = 'municipal statistics bureau'.

    >>> body_key("Changchun bureau of statistics") == body_key("Changchun municipal statistics bureau")
    True
    """
    key = norm_key(name)
    key = re.sub(r"\b(?:municipal|city)\b\s*", "", key).strip()
    return re.sub(r"\b(bureau|office|commission|department|administration) of (\w+(?: and \w+)?)$", r"\2 \1", key)


@dataclass
class Candidate:
    key: str
    names: Counter = field(default_factory=Counter)
    mentions: list[Mention] = field(default_factory=list)

    def evidence(self) -> Counter:
        c = Counter()
        for m in self.mentions:
            c[(m.source, m.kind, m.hint)] += 1
        return c


def type_from_words(name: str, lex: Lexicon) -> str | None:
    """Type an organisation by its head or legal-form words."""
    tokens = name.replace(",", " ").split()
    if not tokens:
        return None
    heads = lex.words.get("org_heads", {})
    lowered = [t.lower().strip(".") for t in tokens]
    fund_forms = {w.lower() for w in lex.words.get("legal_form_suffixes", {}).get("Fund", []) if " " in w}
    if len(tokens) > 2 and " ".join(lowered[-2:]) in fund_forms:
        return "Fund"  # "... Investment Center", "... Investment Partnership": a fund, whatever its last word
    for type_ in ("GovernmentBody", "Institution", "Fund"):
        words = {w.lower() for w in heads.get(type_, [])}
        # the last word, or the first before "of" ("Ministry of ...", "University of ...")
        if lowered[-1] in words or (len(lowered) > 2 and "of" in lowered and lowered[lowered.index("of") - 1] in words):
            return type_
    if re.search(r"\bdevelopment and reform\b", name, re.IGNORECASE):
        return "GovernmentBody"
    suffixes = lex.words.get("legal_form_suffixes", {})
    for type_ in ("Fund", "Firm"):
        words = {w.lower().strip(".") for w in suffixes.get(type_, [])}
        # two-word forms first: "Investment Holding" is a fund though "Holding" alone is a firm
        if len(tokens) > 2 and " ".join(lowered[-2:]) in words:
            return type_
    for type_ in ("Fund", "Firm"):
        words = {w.lower().strip(".") for w in suffixes.get(type_, [])}
        if len(tokens) > 1 and lowered[-1] in words:
            return type_
    return None


def _surnames(lex: Lexicon) -> frozenset[str]:
    return _surnames_of(id(lex), lex)


_SURNAMES: dict[int, frozenset[str]] = {}


def _surnames_of(key: int, lex: Lexicon) -> frozenset[str]:
    if key not in _SURNAMES:  # (the lexicon is loaded once: its surname list is read once)
        _SURNAMES[key] = frozenset(lex.list("chinese_surnames"))
    return _SURNAMES[key]


def looks_like_person(name: str, lex: Lexicon) -> bool:
    tokens = name.split()
    if not 2 <= len(tokens) <= 4:
        return False
    if any(not re.fullmatch(r"[A-Z][\w'\-]*", t) or t.isupper() for t in tokens):
        return False
    # (a given name may be a place's: "Liu Jincheng", "Wang Anshan"; after a family name it is no place)
    given_after_surname = len(tokens) == 2 and tokens[0] in _surnames(lex)
    if any(t in GEO_WORDS or t in lex.place_alias and not (given_after_surname and i == 1)
           for i, t in enumerate(tokens)):
        return False
    heads = {w.lower() for ws in lex.words.get("org_heads", {}).values() for w in ws}
    return not any(t.lower() in heads for t in tokens)


# "N, known in the trade as A", "N (also known as A)", "N, better known as \"A\"": the text gives a second name
KNOWN_AS = re.compile(r",?\s*\(?(?:(?:also |better |more commonly |commonly |widely |now |formerly |once )?known"
                      r"(?: in [\w ]{2,30}?)? as|(?:since |later |now |subsequently )?renamed(?: as)?|now called|"
                      r"formerly(?: called)?|formally|officially|registered as) [\"“]?(?:the )?")


class DocumentEntities:
    """Builds a document's entities and maps each mention to its entity key."""

    def __init__(self, mentions: list[Mention], text: str, lex: Lexicon | None = None):
        self.lex = lex or load_lexicon()
        self.text = text
        self.mentions = mentions
        self.entities: dict[str, Entity] = {}
        self.mention_key: dict[int, str] = {}  # id(mention) -> entity key
        self.tentative: set[str] = set()  # keys of names typed by default only: entities only if a claim uses them
        self.posts: list[tuple[str, str, int]] = []  # (person key, place name, offset): "X, Hefei's mayor"
        self.focus_city = self._focus_city()
        self._city_starts: list[int] | None = None
        self._city_names: list[str] = []
        self._build()

    # ---- the document's main city: back-references and "local" firms resolve to it
    def _focus_city(self) -> str | None:
        cities = Counter(m.name for m in self.mentions if m.kind == "City")
        for m in self.mentions:  # "the party secretary of Changsha" names its city too
            place = self.lex.place_alias.get(m.city or "") if m.kind == "Post" else None
            if place and self.lex.places[place].type == "City":
                cities[place] += 1
        chinese = Counter({c: n for c, n in cities.items() if self.lex.in_china(c)})
        cities = chinese or cities
        return cities.most_common(1)[0][0] if cities else None

    def city_before(self, pos: int, within: int | None = None) -> str | None:
        """The city named last before ``pos`` (not as a modifier, "Beijing-based"), else the focus city.

        With ``within``, only a city named at most that many characters before counts (else ``None``).
        """
        if self._city_starts is None:
            # not a listing venue ("listed in New York"), and a Chinese city over a foreign one where the text
            # names both: "the municipal government" of a story about China is a Chinese city's
            named = [m for m in self.mentions if m.kind == "City" and not self.text.startswith("-", m.end)
                     and not LISTING_BEFORE.search(self.text, max(0, m.start - 30), m.start)]
            chinese = [m for m in named if self.lex.in_china(m.name)]
            cities = sorted((m.start, m.name) for m in (chinese or named))
            self._city_starts = [c[0] for c in cities]
            self._city_names = [c[1] for c in cities]
        i = bisect.bisect_left(self._city_starts, pos)
        if within is not None:
            return self._city_names[i - 1] if i and pos - self._city_starts[i - 1] <= within else None
        return self._city_names[i - 1] if i else self.focus_city

    def province_before(self, pos: int) -> str | None:
        """The province named last before ``pos``, else the province of the city the text is about."""
        provinces = [m for m in self.mentions if m.kind == "Province" and m.start < pos]
        if provinces:
            return provinces[-1].name
        city = self.lex.places.get(self.focus_city or "")
        parent = self.lex.places.get(city.parent or "") if city else None
        return parent.name if parent is not None and parent.type == "Province" else None

    # ---- building
    def _add(self, name: str, type_: str, aliases=(), city=None) -> str:
        key = f"{type_}:{body_key(name) if type_ == 'GovernmentBody' else norm_key(name)}"
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(key=key, name=name, type=type_, aliases=[], city=city)
        for alias in aliases:
            if alias and alias != ent.name and alias not in ent.aliases:
                ent.aliases.append(alias)
        return key

    def link(self, m: Mention, key: str, surface: str | None = None) -> None:
        """Attach a mention found after the entities were built (a repeated name) to its entity."""
        self._link(m, key)
        ent = self.entities[key]
        if surface and surface != ent.name and surface not in ent.aliases:
            if len(surface) > len(ent.name) and ent.type != "Person" and norm_key(surface) != norm_key(ent.name):
                ent.aliases.append(ent.name)  # the fuller form names it: "Gotion High-tech"
                ent.name = surface
            else:
                ent.aliases.append(surface)

    def add_entity(self, name: str, type_: str) -> str:
        """An entity the relation stage discovers (a joint venture named by two firms)."""
        return self._add(name, type_)

    def _link(self, m: Mention, key: str) -> None:
        self.mention_key[id(m)] = key
        self.entities[key].mentions.append((m.start, m.end))

    def _build(self) -> None:
        surface = lambda m: self.text[m.start:m.end]  # noqa: E731
        self._zone_short_forms()
        for m in self.mentions:
            if m.kind in PLACE_TYPES or m.kind == "Industry":
                aliases = [surface(m)] if norm_key(surface(m)) != norm_key(m.name) else []
                self._link(m, self._add(m.name, m.kind, aliases))
            elif m.kind == "GovernmentBody" and m.source == "rule" and "{place}" in m.name:
                # "the city's SASAC": the commission of the city (or province) the text is about there
                place = self.city_before(m.start) if m.city == "city" else self.province_before(m.start)
                if place:
                    self._link(m, self._add(m.name.replace("{place}", place), "GovernmentBody",
                                            [surface(m)], city=place))
            elif m.kind in {"GovernmentBody", "Fund"} and m.source == "rule":
                # a body or fund named by its place and description: the rule's name, the text's as an alias
                self._link(m, self._add(m.name, m.kind, [surface(m), *m.aliases], city=m.city))
            elif m.kind == "Post":
                person = self._post_person(m)
                if person:
                    name, aliases, city = person
                    self._link(m, self._add(name, "Person", aliases, city=city))
        self._build_named()
        self._posts_to_named_people()

    def _posts_to_named_people(self) -> None:
        """A post in apposition with a name is that person: "Wen Bixia, the mayor of Guiyang," and
        "the mayor of Guiyang, Wen Bixia," make one Person, so a claim about either is about her."""
        people = sorted((m.start, m.end, self.mention_key[id(m)]) for m in self.mentions
                        if m.kind == "Person" and id(m) in self.mention_key)
        for m in self.mentions:
            key = self.mention_key.get(id(m))
            if m.kind != "Post" or key is None:
                continue
            for start, end, person in people:
                between = self.text[end:m.start] if end <= m.start else self.text[m.end:start]
                if (end <= m.start or m.end <= start) and APPOSED.fullmatch(between):
                    place = self.entities[key].city
                    self.entities[key].mentions.remove((m.start, m.end))
                    if not self.entities[key].mentions:
                        del self.entities[key]
                    self._link(m, person)
                    if place:
                        self.posts.append((person, place, m.start))
                    break

    def _post_person(self, m: Mention):
        lex = self.lex
        owner = m.city
        if owner and re.sub(r"^the ", "", owner.lower()) == "province":
            owner = self.province_before(m.start)  # "the province's party secretary"
        elif owner and re.sub(r"^the ", "", owner.lower()) in {"city", "town", "metropolis"}:
            owner = self.city_before(m.start)
        elif owner:
            owner = lex.place_alias.get(owner)
        else:
            # "the mayor" alone: only as a definite reference, to a city named just before (about a
            # sentence), else to the city the document is about: a city named paragraphs earlier is
            # often one the story compares its own city with
            definite = re.match(r"(?i)the\s", self.text[max(0, m.start - 4):m.start + 1][-4:] + " ") or \
                self.text[max(0, m.start - 4):m.start].lower().endswith("the ")
            # "A vice-mayor, Liu Gang, is chain chief ...": one of the city's, named right after
            named_one = re.search(r"(?i)\b(?:a|an|another|one)\s+$", self.text[max(0, m.start - 9):m.start]) and \
                re.match(r",\s+[A-Z]", self.text[m.end:m.end + 3])
            if not definite and not named_one:
                return None
            near = self.city_before(m.start, within=NEAR_CITY_CHARS)
            owner = near or self.focus_city
        if not owner or owner not in lex.places:
            return None
        post = self._canonical_post(m.name)
        name = f"{owner} {post}"
        aliases = [f"{post[:1].upper()}{post[1:]} of {owner}", f"{owner}'s {post}"]
        if post == "Communist Party chief":  # one post, many English names
            aliases += [f"{owner} party chief", f"{owner} party secretary", f"Party Secretary of {owner}",
                        f"{owner} Communist Party secretary"]
        return name, aliases, owner

    def _canonical_post(self, post: str) -> str:
        low = post.lower()
        for spec in self.lex.words.get("official_posts", []):
            if low in {a.lower() for a in [spec["name"], *spec.get("aliases", [])]}:
                return spec["name"] if spec["name"][0].islower() or " " in spec["name"] else spec["name"].lower()
        if low.startswith("communist ") or re.fullmatch(r"(?:party|communist party) (?:chief|secretary|boss)", low):
            return "Communist Party chief"  # "Communist Occasion secretary" in spun text is the same post
        return low

    def _zone_short_forms(self) -> None:
        """'the Fenghuang zone' after 'the Fenghuang National High-tech Zone' is that zone, not the district
        a gazetteer knows by the same place word: the lower-case head noun says which."""
        zones = [m for m in self.mentions if m.kind not in {"Ref", "Post"} and
                 re.search(r"\s(?:Zone|Park|Area)$", m.name)]
        for m in self.mentions:
            head = ZONE_HEAD_AFTER.match(self.text, m.end)
            if m.kind not in PLACE_TYPES or not head:
                continue
            word = self.text[m.start:m.end]
            longer = {z.name: z for z in zones if z.name.startswith(word + " ") and
                      z.name.lower().endswith(head.group(1).lower())}
            if len(longer) == 1:
                zone = longer.popitem()[1]
                m.end = head.end()  # the surface is "Wujin zone", not the district's "Wujin"
                m.name, m.kind, m.source, m.hint, m.aliases = zone.name, zone.kind, zone.source, zone.hint, []

    def _build_named(self) -> None:
        groups: dict[str, Candidate] = {}
        for m in self.mentions:
            if id(m) in self.mention_key or m.kind in {"Ref", "Post"}:
                continue
            name = TITLE.sub("", m.name) if m.kind == "Person" or m.hint == "PERSON" else m.name
            if not name or "\n" in name:
                continue
            key = norm_key(LEGAL_TAIL.sub("", name))
            if not key or key.isdigit() or key in GENERIC_NAME_KEYS:
                continue
            cand = groups.setdefault(key, Candidate(key))
            cand.names[name] += 1
            for alias in m.aliases:  # the surface a gazetteer name was written as ("BOE")
                cand.names[alias] += 0
            cand.mentions.append(m)
        self._define_acronyms(groups)
        self._known_as(groups)
        self._merge_short_forms(groups)
        for cand in groups.values():
            type_ = self._type(cand)
            tentative = type_ is None and self._tentative_org(cand)
            if tentative:
                type_ = "Firm"
            if type_ is None:
                continue
            names = list(cand.names)
            known = [m.name for m in cand.mentions if m.source == "known"]
            name = known[0] if known else self._display_name(names, type_)
            aliases = [n for n in names if n != name]
            key = self._add(name, type_, aliases)
            if tentative and key not in self.entities or tentative and not self.entities[key].mentions:
                self.tentative.add(key)
            for m in cand.mentions:
                self._link(m, key)

    def _define_acronyms(self, groups: dict[str, Candidate]) -> None:
        # "First Automotive Works Group (FAW)": the acronym joins the name it follows.
        for m in list(self.mentions):
            after = self.text[m.end:m.end + 30]
            hit = re.match(r"\s*\(((?:[A-Z][a-z]+ )?[A-Z][A-Za-z]{1,7})\)", after)
            if not hit or hit.group(1) in self.lex.place_alias:
                continue  # "(Wuxi)" after a name says where, it is no acronym
            if sum(c.isupper() for c in hit.group(1).split(" ")[-1]) < 2:
                continue  # "(Group)" is part of the name's legal form, not an acronym ("(SASAC)", "(Shanghai SASAC)")
            long_key = norm_key(LEGAL_TAIL.sub("", m.name))
            short_key = norm_key(hit.group(1))
            if long_key in groups and short_key in groups and long_key != short_key:
                self._absorb(groups, short_key, long_key)
            elif long_key in groups:
                groups[long_key].names[hit.group(1)] += 1

    def _known_as(self, groups: dict[str, Candidate]) -> None:
        """'N, known in the trade as A', 'N, also known as A', 'N (better known as A)': one entity."""
        by_start = {m.start: m for m in self.mentions}
        for m in self.mentions:
            hit = KNOWN_AS.match(self.text, m.end)
            other = by_start.get(hit.end()) if hit else None
            if other is None:
                continue
            a = norm_key(LEGAL_TAIL.sub("", m.name))
            b = norm_key(LEGAL_TAIL.sub("", other.name))
            if a in groups and b in groups and a != b:
                # the name the text goes on to use (or the one a gazetteer knows) absorbs the other
                keep, drop = (b, a) if other.source == "known" or m.source != "known" else (a, b)
                self._absorb(groups, drop, keep)

    def _merge_short_forms(self, groups: dict[str, Candidate]) -> None:
        keys = sorted(groups, key=len)
        for short in keys:
            if short not in groups or " " in short:
                continue
            cand = groups[short]
            if any(LEGAL_TAIL.search(n) for n in cand.names):
                continue  # "Luxshare Limited" is a full name, not a short form of "Luxshare Precision"
            person_like = any(m.kind == "Person" for m in cand.mentions)
            longer = [k for k in groups if k != short and (k.startswith(short + " ") or
                      (person_like and k.endswith(" " + short))) and not self._names_a_part(short, k, cand)
                      and not self._introduced_as_a_part(groups[k])]
            if not longer:
                continue
            if person_like:
                longer = [k for k in longer if any(m.kind == "Person" for m in groups[k].mentions)]
            if len(longer) > 1:
                fewest = min(len(k.split()) for k in longer)
                longer = [k for k in longer if len(k.split()) == fewest]
            surname = short.title() in set(self.lex.list("chinese_surnames"))
            if len(longer) > 1 and surname and all(any(m.kind == "Person" for m in groups[k].mentions)
                                                   for k in longer):
                # "Zhang hired quickly" after "Zhang Jianzhong" and "Zhang Wen": the Zhang named last before it
                first = min(m.start for m in cand.mentions)
                before = [(max((m.start for m in groups[k].mentions if m.start < first), default=-1), k)
                          for k in longer]
                latest = max(before)
                longer = [latest[1]] if latest[0] >= 0 else longer
            if len(longer) == 1:
                self._absorb(groups, short, longer[0])
        self._merge_headed_short_forms(groups)

    def _names_a_part(self, short: str, long: str, cand: Candidate) -> bool:
        """'NIO China', 'NIO (Anhui) Holding', 'PICC Capital' beside 'insurer PICC': a longer name that adds
        a place, or an investment arm's word to a name the text calls a firm, is a unit of its own."""
        extra = long[len(short):].split()
        if extra and (extra[0] in {k.lower() for k in self.lex.place_alias} or
                      extra[0].title() in self.lex.place_alias):
            return True
        qualifiers = {w.lower() for w in self.lex.list("unit_qualifiers")} - {"capital", "investment", "investments",
                                                                              "fund", "funds", "finance",
                                                                              "financial", "securities"}
        if extra and (extra[0] in qualifiers or " ".join(extra) in qualifiers):
            return True  # "Leapmotor International", a joint venture, beside "Leapmotor"
        arm_words = {"capital", "investment", "investments", "ventures", "venture", "fund", "asset", "securities",
                     "financial", "finance", "holding", "holdings"}
        firm = any(m.source in {"known", "descriptor"} and m.hint == "Firm" for m in cand.mentions)
        return bool(extra) and extra[0] in arm_words and firm

    def _introduced_as_a_part(self, cand: Candidate) -> bool:
        """'its car unit, Quorra Auto', 'Quorra Holding, the carmaker's parent': a longer name the text
        introduces as a unit or parent of another firm is a firm of its own, not a longer form of the short
        name inside it."""
        return any(UNIT_INTRO_BEFORE.search(self.text, max(0, m.start - 60), m.start)
                   or UNIT_INTRO_AFTER.match(self.text, m.end) for m in cand.mentions)

    def _merge_headed_short_forms(self, groups: dict[str, Candidate]) -> None:
        """'the Jianheng fund' is 'Hefei Jianheng New Energy Vehicle Investment Fund': a distinctive word plus
        the head noun, when exactly one longer name has both."""
        for short in sorted(groups, key=len):
            words = short.split()
            if short not in groups or len(words) != 2 or words[1] not in {"fund", "group", "bank", "capital"}:
                continue
            if words[0] in self.lex.place_alias or words[0].title() in self.lex.place_alias:
                continue
            longer = [k for k in groups if k != short and k.endswith(" " + words[1]) and words[0] in k.split()]
            if len(longer) == 1:
                self._absorb(groups, short, longer[0])

    @staticmethod
    def _absorb(groups, short: str, long: str) -> None:
        src = groups.pop(short)
        dst = groups[long]
        dst.names.update(src.names)
        dst.mentions.extend(src.mentions)

    def _type(self, cand: Candidate) -> str | None:
        lex = self.lex
        known = Counter(m.hint for m in cand.mentions if m.source == "known")
        if known:
            return known.most_common(1)[0][0]
        hints = Counter(m.hint for m in cand.mentions if m.source in {"descriptor", "rule"} and m.hint
                        and m.hint != "Unit")
        unit = any(m.hint == "Unit" for m in cand.mentions)
        names = list(cand.names)
        longest = max(names, key=len)
        if any(n in lex.place_alias for n in names):
            return None  # a place NER saw as an organisation: the gazetteer mention covers it
        if lex.industry_of(longest) or PLURAL_CLASS.search(longest) or longest.split()[-1] in GEO_WORDS:
            return None
        by_words = None
        for n in sorted(names, key=len, reverse=True):
            by_words = type_from_words(n, lex)
            if by_words:
                break
        if by_words in {"GovernmentBody", "Institution"}:
            return by_words
        if hints:
            return hints.most_common(1)[0][0]
        if by_words:
            return by_words
        if unit:
            return "Firm"  # "its parts arm, Wanxiang Qianchao": an organisation whose words say no more
        labels = Counter(m.hint for m in cand.mentions if m.source == "ner")
        if any(m.kind == "Person" and TITLE.match(self.text[m.start:m.end]) for m in cand.mentions) \
                or any(m.kind == "Person" and TITLE_BEFORE.search(self.text[max(0, m.start - 6):m.start])
                       for m in cand.mentions):
            return "Person"  # "Mr Xu": a title makes a person of one word
        if any(m.kind == "Person" for m in cand.mentions) and any(looks_like_person(n, lex) for n in names):
            if labels.get("PERSON", 0) >= labels.get("ORG", 0):
                return "Person"
        # "founded by Cao Renxian, a former lecturer ..., who remains its chairman": a Chinese personal name
        # (a family name and a given name, no organisation's word) that the text treats as a person
        surnames = set(lex.list("chinese_surnames"))
        if any(len(n.split()) in {2, 3} and n.split()[0] in surnames and looks_like_person(n, lex) for n in names) \
                and any(PERSON_CUE_AFTER.match(self.text, m.end) or m.kind == "Person" for m in cand.mentions):
            return "Person"
        # An organisation only spaCy vouches for, named twice or more; once is too thin (see _tentative_org).
        if labels.get("ORG", 0) >= 2 and self._org_like(longest):
            return "Firm"
        return None

    def _tentative_org(self, cand: Candidate) -> bool:
        """A proper name nothing typed: one word spaCy took for a person, or a run of proper nouns."""
        names = list(cand.names)
        if any(n in self.lex.place_alias for n in names) or self.lex.industry_of(max(names, key=len)):
            return False
        sources = {(m.source, m.hint) for m in cand.mentions}
        single_person = all(len(n.split()) == 1 for n in names) and ("ner", "PERSON") in sources
        propn = any(src == "propn" for src, _ in sources)
        org_once = ("ner", "ORG") in sources
        # "Hefei Jiantou" read as a place: not in the gazetteer, so an organisation named after one
        unknown_place = ("ner", "GPE") in sources
        return (single_person or propn or org_once or unknown_place) and all(self._org_like(n) or n[:1].islower() and any(c.isupper() for c in n)
                                                for n in names)

    def _org_like(self, name: str) -> bool:
        stop = {w.lower() for w in self.lex.list("not_organisations")}
        if name.lower() in stop or len(name) < 2 or name.split()[-1] in GEO_WORDS:
            return False
        # "Little Giant Enterprises", "National High-tech Enterprises": programmes and classes of firms
        if PLURAL_CLASS.search(name):
            return False
        if not name[:1].isupper() and not name[:1].isdigit():
            return False
        return len(name.split()) <= 6

    @staticmethod
    def _display_name(names: list[str], type_: str) -> str:
        if type_ == "Person":
            return max(names, key=lambda n: (len(n.split()), len(n)))
        # (not "Lynk & Co", "Smith and Co": there "Co" is the name's own word)
        stripped = [n if AMPERSAND_END.search(s := LEGAL_TAIL.sub("", n)) else s for n in names]
        full = [n for n in stripped if not n.isupper()] or stripped
        return max(full, key=len)

    def key_of(self, m: Mention) -> str | None:
        return self.mention_key.get(id(m))

    def government_of(self, place: str) -> str:
        place_type = self.lex.places[place].type if place in self.lex.places else "City"
        name = government_name(place, place_type)
        return self._add(name, "GovernmentBody", [f"{place} government"], city=place)

    def place_key(self, name: str) -> str | None:
        """The key of a gazetteer place, added to the document's entities if it is not there yet."""
        place = self.lex.places.get(name)
        return self._add(place.name, place.type) if place else None
