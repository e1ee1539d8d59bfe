"""Entity resolution across documents: which document-local entities are the same thing.

Rules, in order: the user's alias file (merges and splits that persist across builds); the same
type and normalised name; a shared alias; an acronym-led short name ("BOE" / "BOE Technology");
and for a name typed differently by different documents, the type most documents agree on.

>>> from whofunds.graph.records import Entity
>>> r = Resolver()
>>> a = r.add("d1", Entity(key="Firm:boe", name="BOE", type="Firm"))
>>> b = r.add("d2", Entity(key="Firm:boe technology", name="BOE Technology", type="Firm"))
>>> nodes, ids = r.resolve(); ids[("d1", "Firm:boe")] == ids[("d2", "Firm:boe technology")]
True
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from functools import cache, lru_cache
from importlib import resources

from whofunds.graph.yaml_text import load_yaml
from whofunds.graph.records import Entity

TYPE_PRIORITY = ["GovernmentBody", "Institution", "Fund", "Firm", "Person"]
LEGAL_TAIL_WORDS = {"group", "holding", "holdings", "co", "company", "corp", "corporation", "inc", "ltd", "limited",
                    "plc", "llc"}
PARENT_WORDS = {"group", "holding", "holdings"}  # after a one-word name, they name its parent company
# Machine-rewritten ("spun") text swaps words in names for odd synonyms: "BOE Expertise" for "BOE Technology",
# "Nationwide Built-in Circuit Fund" for "National Integrated Circuit Fund". Names are compared with them undone.
SPUN_SYNONYMS = {"expertise": "technology", "know how": "technology", "nationwide": "national",
                 "built in": "integrated", "occasion": "party"}
PLACE_TYPES = {"City", "Province", "Country", "District", "Industry"}


@cache
def _unit_qualifiers() -> frozenset[str]:
    """The lexicon's ``unit_qualifiers``: "Leapmotor International" is not Leapmotor's full name."""
    path = resources.files("whofunds.data").joinpath("gazetteer", "lexicon.yaml")
    raw = load_yaml(path.read_text("utf-8")) if path.is_file() else {}
    return frozenset(norm(w) for w in raw.get("unit_qualifiers") or [])


@cache
def _place_words() -> frozenset[str]:
    """One-word names of the gazetteer's provinces and cities, as ``norm`` writes them ("anhui")."""
    path = resources.files("whofunds.data").joinpath("gazetteer", "places.yaml")
    raw = load_yaml(path.read_text("utf-8")) if path.is_file() else {}
    names = [n for group in ("provinces", "cities") for entry in raw.get(group) or []
             for n in [entry.get("name", ""), *entry.get("aliases", [])]]
    return frozenset(norm(n) for n in names if n and " " not in norm(n))


@lru_cache(maxsize=1 << 16)  # pure, and called for the same few thousand names again and again
def norm(text: str) -> str:
    """Normalised name: no accents, lower case, punctuation to spaces, no leading 'the' or trailing 's.

    >>> norm("The Hefei’s")
    'hefei'
    """
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9\u4e00-\u9fff]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


@lru_cache(maxsize=1 << 16)
def unspin(key: str) -> str:
    """A normalised name with spun synonyms undone.

    >>> unspin("boe expertise")
    'boe technology'
    """
    for odd, usual in SPUN_SYNONYMS.items():
        key = re.sub(rf"\b{odd}\b", usual, key)
    return key


def slug(text: str) -> str:
    return norm(text).replace(" ", "-") or "x"


@dataclass
class AliasFile:
    """User decisions that persist across builds (``data/aliases.yaml`` or ``--aliases``).

    ``merge``: entries ``{name, type, aliases}``: every alias is that entity.
    ``split``: entries ``{name, type}``: never merge this name into another by short-name rules.
    ``drop``: names that are never entities (noise the extractor keeps finding).
    """

    merge: list[dict] = field(default_factory=list)
    split: list[dict] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: str | Path | None) -> "AliasFile":
        if not path:
            return cls()
        try:
            raw = yaml.safe_load(Path(path).read_text("utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ValueError(f"{path}: cannot read alias file ({exc})") from None
        if not isinstance(raw, dict):
            raise ValueError(f"{path}: alias file must be a mapping with merge/split/drop lists")
        return cls(merge=list(raw.get("merge") or []), split=list(raw.get("split") or []),
                   drop=[str(d) for d in raw.get("drop") or []])


class _UnionFind:
    def __init__(self):
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


class Resolver:
    def __init__(self, aliases: AliasFile | None = None):
        self.aliases = aliases or AliasFile()
        self.items: list[tuple[str, Entity]] = []
        self._apart: set[frozenset[str]] = set()

    def add(self, doc_id: str, entity: Entity) -> int:
        self.items.append((doc_id, entity))
        return len(self.items) - 1

    def apart(self, source: Entity, target: Entity) -> None:
        """A document states a relation between these two ("its car unit, Quorra Auto" of "Quorra"): they
        are two things, so no merge by name ("Quorra Auto" is "Quorra" less a business word) joins them."""
        for a in (source.name, *source.aliases):
            for b in (target.name, *target.aliases):
                self._apart.add(frozenset((unspin(norm(a)), unspin(norm(b)))))

    def _stated_apart(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self._apart

    def resolve(self) -> tuple[dict[str, dict], dict[tuple[str, str], str]]:
        """Nodes (id -> attributes) and the map (doc id, local key) -> node id."""
        dropped = {norm(d) for d in self.aliases.drop}
        items = [(i, d, e) for i, (d, e) in enumerate(self.items) if norm(e.name) not in dropped]
        types = self._agreed_types(items)
        uf = _UnionFind()
        by_name: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, _, e in items:
            t = types[i]
            for name in (e.name, *e.aliases):
                by_name[(t, unspin(norm(name)))].append(i)
        user = self._user_names()
        for (t, name), members in by_name.items():
            for m in members[1:]:
                uf.union(members[0], m)
            target = user.get(name)
            if target and target[0] in (t, None):
                anchor = by_name.get((t, target[1]))
                if anchor:
                    uf.union(anchor[0], members[0])
        self._merge_legal_tails(items, types, by_name, uf)
        self._merge_short_names(items, types, by_name, uf)
        self._merge_surnames(items, types, uf)

        groups: dict[int, list[int]] = defaultdict(list)
        for i, _, _ in items:
            groups[uf.find(i)].append(i)
        nodes: dict[str, dict] = {}
        ids: dict[tuple[str, str], str] = {}
        for members in sorted(groups.values(), key=lambda g: min(g)):
            node_id, attrs = self._node(members, types, user)
            while node_id in nodes:  # two different things with one slug: keep both, apart
                node_id += "~"
            nodes[node_id] = attrs
            for i in members:
                doc_id, ent = self.items[i]
                ids[(doc_id, ent.key)] = node_id
        return nodes, ids

    def _agreed_types(self, items) -> dict[int, str]:
        """One type per organisation/person name: the one most documents give it."""
        votes: dict[str, Counter] = defaultdict(Counter)
        for _, _, e in items:
            if e.type not in PLACE_TYPES:
                # an alias votes too: "TCIG", defined in one text as a fund's acronym, is that fund elsewhere
                for name in {norm(n) for n in (e.name, *e.aliases)}:
                    votes[name][e.type] += 1
        for spec in self.aliases.merge:
            if spec.get("type"):
                for name in [spec["name"], *spec.get("aliases", [])]:
                    votes[norm(name)][spec["type"]] += 1000
        out = {}
        for i, _, e in items:
            if e.type in PLACE_TYPES:
                out[i] = e.type
                continue
            counts = votes[norm(e.name)]
            best = max(counts.values())
            out[i] = min((t for t, c in counts.items() if c == best), key=lambda t: TYPE_PRIORITY.index(t)
                         if t in TYPE_PRIORITY else 99)
        return out

    def _user_names(self) -> dict[str, tuple[str | None, str]]:
        out = {}
        for spec in self.aliases.merge:
            for alias in spec.get("aliases", []):
                out[norm(alias)] = (spec.get("type"), norm(spec["name"]))
        return out

    def _merge_short_names(self, items, types, by_name, uf) -> None:
        """'BOE' joins 'BOE Technology' when exactly one longer name of that type starts with it."""
        split = {norm(s["name"]) for s in self.aliases.split}
        names_by_type: dict[str, set[str]] = defaultdict(set)
        for (t, name) in by_name:
            if t in {"Firm", "Fund"}:
                names_by_type[t].add(name)
        for t, names in names_by_type.items():
            by_first_word: dict[str, list[str]] = defaultdict(list)  # a one-word name's longer forms start so
            for n in names:
                if " " in n:
                    by_first_word[n.split(" ", 1)[0]].append(n)
            for short in names:
                if " " in short or short in split or len(short) < 2:
                    continue
                original = next(self.items[i][1].name for i in by_name[(t, short)])
                if not re.fullmatch(r"[A-Z][A-Z0-9&]{1,6}|[A-Z][a-z]+", original.split()[0]):
                    continue
                longer = {n for n in by_first_word.get(short, ()) if n not in split
                          and not self._stated_apart(short, n)
                          and not self._hyphen_compound(by_name[(t, n)], short)
                          and not self._names_a_unit(n[len(short) + 1:])}
                roots = {uf.find(by_name[(t, n)][0]) for n in longer}
                if len(roots) == 1:
                    uf.union(by_name[(t, short)][0], roots.pop())

    @staticmethod
    def _names_a_unit(rest: str) -> bool:
        """Whether the words after a short name make a unit's name ("International", "China", "Anhui
        Holding"): its first word, or the whole rest without legal-form words, is a qualifier, or the
        first word names a Chinese province or large city ("NIO Anhui")."""
        words = [w for w in rest.split() if w not in LEGAL_TAIL_WORDS]
        if not words:
            return False
        qualifiers = _unit_qualifiers()
        return words[0] in qualifiers or " ".join(words) in qualifiers or words[0] in _place_words()

    def _hyphen_compound(self, members, short: str) -> bool:
        """'FAW-Volkswagen' is a joint venture of FAW, not a longer name of it."""
        return any(re.match(rf"{re.escape(short)}-", self.items[i][1].name, re.IGNORECASE) for i in members)

    def _merge_surnames(self, items, types, uf) -> None:
        """'Xu' (from "Mr Xu") joins the one full name in the corpus that it is the surname or given name of."""
        full: dict[str, set[int]] = defaultdict(set)
        for i, _, e in items:
            tokens = norm(e.name).split()
            if types[i] == "Person" and len(tokens) > 1:
                full[tokens[0]].add(i)
                full[tokens[-1]].add(i)
        for i, _, e in items:
            tokens = norm(e.name).split()
            if types[i] == "Person" and len(tokens) == 1 and tokens[0] in full:
                roots = {uf.find(j) for j in full[tokens[0]]}
                if len(roots) == 1:
                    uf.union(i, roots.pop())

    def _merge_legal_tails(self, items, types, by_name, uf) -> None:
        """'BOE Technology' joins 'BOE Technology Group': names equal but for legal-form words at the end."""
        cores: dict[tuple[str, str], set[int]] = defaultdict(set)
        for (t, name), members in by_name.items():
            if t in {"Firm", "Fund"}:
                words = name.split()
                while len(words) > 1 and words[-1] in LEGAL_TAIL_WORDS:
                    words.pop()
                if len(words) == 1 and set(name.split()[1:]) & PARENT_WORDS:
                    continue  # "Weichai Holding Group" owns Weichai Power; it is not another name for "Weichai"
                cores[(t, " ".join(words))].add((uf.find(members[0]), name))
        for named in cores.values():
            named = sorted(named)
            for root, name in named[1:]:
                if not any(self._stated_apart(name, other) for _, other in named):
                    uf.union(named[0][0], root)

    def _node(self, members, types, user) -> tuple[str, dict]:
        names = Counter()
        aliases: set[str] = set()
        docs: set[str] = set()
        mentions = 0
        city = None
        for i in members:
            doc_id, e = self.items[i]
            names[e.name] += max(1, len(e.mentions))
            aliases.update([e.name, *e.aliases])
            docs.add(doc_id)
            mentions += len(e.mentions)
            city = city or e.city
        type_ = Counter(types[i] for i in members).most_common(1)[0][0]
        user_name = None
        for spec in self.aliases.merge:
            if norm(spec["name"]) in {norm(a) for a in aliases} or any(
                    user.get(norm(a), (None, None))[1] == norm(spec["name"]) for a in aliases):
                user_name = spec["name"]
                aliases.update(spec.get("aliases", []))
                break
        name = user_name or max(names, key=lambda n: (names[n], len(n), n))
        seen = {norm(name)}
        kept = []
        for alias in sorted(aliases):
            if norm(alias) not in seen:
                seen.add(norm(alias))
                kept.append(alias)
        attrs = {"name": name, "type": type_, "aliases": kept, "doc_ids": sorted(docs), "mentions": mentions}
        if city:
            attrs["city"] = city
        return f"{type_.lower()}:{slug(name)}", attrs
