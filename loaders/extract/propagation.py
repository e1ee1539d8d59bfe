"""Names a document establishes, found again wherever they recur ("Sanwei" after "Sanwei Technology"),
and two firm names joined by a hyphen read as their joint venture ("FAW-Volkswagen")."""
from __future__ import annotations

import re

from .entities import DocumentEntities
from .mentions import Mention, propagate_names


PROPAGATED_TYPES = {"Firm", "Fund", "Institution", "GovernmentBody", "Person"}


def propagate(text: str, mentions: list[Mention], ents: DocumentEntities) -> list[Mention]:
    """Link further occurrences of the document's own organisation and person names to them."""
    surface_key = {}
    short_forms: dict[str, set[str]] = {}
    for key, ent in ents.entities.items():
        if ent.type not in PROPAGATED_TYPES:
            continue
        for surface in (ent.name, *ent.aliases):
            if ent.type == "Person" and " " not in surface and surface == ent.name:
                continue
            surface_key.setdefault(surface, key)
        if ent.type in {"Firm", "Fund"}:
            first = ent.name.split()[0]
            if _distinctive(first, text, ents):
                short_forms.setdefault(first, set()).add(key)
    for surface, keys in short_forms.items():
        if len(keys) == 1:  # "Sanwei" for "Sanwei Technology", when no other name starts so
            surface_key.setdefault(surface, keys.pop())
    extra = propagate_names(text, mentions, {s: s for s in surface_key})
    for m in extra:
        ents.link(m, surface_key[m.name], surface=text[m.start:m.end])
    # an industry word inside a name found again is part of the name
    mentions = [m for m in mentions if not (m.kind == "Industry" and any(
        e.start <= m.start and m.end <= e.end for e in extra))]
    return _join_ventures(text, sorted(mentions + extra, key=lambda m: m.start), ents)


def _distinctive(word: str, text: str, ents: DocumentEntities) -> bool:
    """A first word that can stand for its firm: a capitalised coinage, not a place or an everyday word."""
    if len(word) < 4 or not word[:1].isupper() or " " in word or "'" in word:
        return False
    if word in ents.lex.place_alias or word.lower() in COMMON_FIRST_WORDS:
        return False
    return word.lower() not in _lower_words(text)  # never written in lower case here


_LOWER_WORDS: dict[int, set[str]] = {}


def _lower_words(text: str) -> set[str]:
    key = id(text)
    if key not in _LOWER_WORDS:
        _LOWER_WORDS.clear()  # one document at a time
        _LOWER_WORDS[key] = set(re.findall(r"\b[a-z][a-z\-]*\b", text))
    return _LOWER_WORDS[key]


COMMON_FIRST_WORDS = {"china", "chinese", "national", "state", "first", "new", "great", "general", "united", "global",
                      "international", "golden", "eastern", "western", "southern", "northern", "central", "east",
                      "west", "south", "north", "asia", "asian", "pacific", "people", "bank", "industrial", "digital",
                      "smart", "future", "capital", "group", "city", "provincial", "municipal", "hong", "kong"}


def _join_ventures(text: str, mentions: list[Mention], ents: DocumentEntities) -> list[Mention]:
    """'FAW-Volkswagen': two firm names joined by a hyphen are one firm, their joint venture."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.end + 1 == m.start and text[prev.end] == "-":
            a, b = ents.key_of(prev), ents.key_of(m)
            if a and b and {ents.entities[a].type, ents.entities[b].type} <= {"Firm"}:
                joined = Mention(prev.start, m.end, text[prev.start:m.end], "Org", "rule", hint="Firm")
                ents.link(joined, ents.add_entity(joined.name, "Firm"))
                out[-1] = joined
                continue
        out.append(m)
    return out
