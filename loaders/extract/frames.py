"""The frame lexicon (``frames.yaml``), read and checked once: triggers by lemma, role paths, relations.

>>> frame = next(f for f in load_frames() if f.name == "invest")
>>> frame.relation, frame.kind, "invest" in frame.triggers
('INVESTS_IN', 'verb', True)
>>> frame.source, frame.target
(('subject',), ('prep:in|into',))
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources


from whofunds.graph.yaml_text import load_yaml
from whofunds.graph.schema import SCHEMA

ROLE_PATH = (r"(?:subject(?:>owner)?|seller|object(?:>owner)?|goods-maker-named|goods-maker|object|agent|from|holder|place|self|there|creator|members|dative|event-owner|topic|relative-of|clause-for-members|where|facility-place|owned-by|agent-place|chain-industry|as-owner|"
             r"absolute-owner|partner|as-host|goods-buyer|patient-owner|owner(?::poss|:[a-z|]+)?|prep:[a-z|]+(?:>owner)?|clause-prep:[a-z|]+)")
ROLE_PATHS = re.compile(rf"^{ROLE_PATH}(?:/{ROLE_PATH})*$")
REQUIREMENTS = {"money", "stake", "chain", "priority", "money-subject", "goods-subject", "key-modifier", "copular",
                "event-object", "event-subject", "state-modifier",
                "event-context"}
CONDITIONS = {"source", "target", "majority", "minority"}


@dataclass(frozen=True)
class Frame:
    name: str
    relation: str
    kind: str  # "verb" or "noun"
    triggers: frozenset[str]  # lemmas, lower case; multiword: "set up", "chain chief"
    source: tuple[str, ...]
    target: tuple[str, ...]
    objects: frozenset[str] = frozenset()  # lemmas, entity types, "money", "percent"
    not_objects: frozenset[str] = frozenset()  # objects that rule the frame out ("buy 20% from X" is no supply)
    requires: frozenset[str] = frozenset()
    passive: bool | None = None
    only_source: frozenset[str] = frozenset()
    only_target: frozenset[str] = frozenset()
    by_source_type: dict = field(default_factory=dict)
    by_target_type: dict = field(default_factory=dict)
    majority: str | None = None  # relation when the stake is a majority
    minority: str | None = None  # relation when the stake is a minority
    not_with: frozenset[str] = frozenset()  # dependency labels on the trigger that rule the frame out
    # no target named: what the text is about, of these types ("backers include X": the firm; "a vice-mayor, X":
    # the city). ``implicit_target: true`` in frames.yaml means a firm.
    implicit_target: tuple[str, ...] = ()
    implicit_source: bool = False  # no source named: the firm the text is about ("X, a wholly owned subsidiary")
    # a presumption the text makes by description ("the city's state platform" is the city's), which gives way to
    # an owner stated anywhere: its rule name ends in PRESUMED
    presumed: bool = False
    # the source only by name, never through a reference ("the company's new plant, X": whose, a guess)
    named_source: bool = False



KEYS = {"name", "relation", "verbs", "nouns", "objects", "source", "target", "relation_if", "requires", "passive",
        "only_source", "only_target", "not_with", "implicit_target", "implicit_source", "not_objects",
        "presumed", "named_source"}


def _check(name: str, spec: dict) -> None:
    where = f"frames.yaml: frame {name!r}"
    unknown = set(spec) - KEYS
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    SCHEMA.relation(spec["relation"])  # an unknown relation fails loudly
    if ("verbs" in spec) == ("nouns" in spec):
        raise ValueError(f"{where}: needs exactly one of 'verbs' or 'nouns'")
    for role in ("source", "target"):
        for path in spec.get(role) or []:
            if not ROLE_PATHS.match(path):
                raise ValueError(f"{where}: unknown {role} path {path!r}")
    for req in spec.get("requires") or []:
        if req not in REQUIREMENTS:
            raise ValueError(f"{where}: unknown requirement {req!r}")
    for cond, value in (spec.get("relation_if") or {}).items():
        if cond not in CONDITIONS:
            raise ValueError(f"{where}: unknown relation_if condition {cond!r}")
        for rel in (value.values() if isinstance(value, dict) else [value]):
            SCHEMA.relation(rel)


def _implicit_types(value) -> tuple[str, ...]:
    if value is True:
        return ("Firm",)
    if not value:
        return ()
    for type_ in value:
        SCHEMA.entity(type_)  # an unknown type fails loudly
    return tuple(value)


@cache
def load_frames() -> tuple[Frame, ...]:
    raw = load_yaml(resources.files("whofunds.loaders.extract").joinpath("frames.yaml").read_text("utf-8"))
    out = []
    names = set()
    for spec in raw["frames"]:
        name = spec["name"]
        if name in names:
            raise ValueError(f"frames.yaml: frame {name!r} defined twice")
        names.add(name)
        _check(name, spec)
        cond = spec.get("relation_if") or {}
        out.append(Frame(
            name=name, relation=spec["relation"], kind="verb" if "verbs" in spec else "noun",
            triggers=frozenset(w.lower() for w in spec.get("verbs") or spec.get("nouns")),
            source=tuple(spec["source"]), target=tuple(spec["target"]),
            objects=frozenset(o if o[:1].isupper() else o.lower() for o in spec.get("objects") or ()),
            not_objects=frozenset(o if o[:1].isupper() else o.lower() for o in spec.get("not_objects") or ()),
            requires=frozenset(spec.get("requires") or ()), passive=spec.get("passive"),
            only_source=frozenset(spec.get("only_source") or ()), only_target=frozenset(spec.get("only_target") or ()),
            by_source_type=dict(cond.get("source") or {}), by_target_type=dict(cond.get("target") or {}),
            majority=cond.get("majority"), minority=cond.get("minority"),
            not_with=frozenset(spec.get("not_with") or ()), implicit_target=_implicit_types(spec.get("implicit_target")),
            implicit_source=bool(spec.get("implicit_source")), presumed=bool(spec.get("presumed")),
            named_source=bool(spec.get("named_source"))))
    return tuple(out)


@cache
def trigger_index() -> dict[str, dict[str, list[tuple[tuple[str, ...], Frame]]]]:
    """Where to look a token up: for verbs, the lemma -> [(particle words, frame)] ("set up" -> ("up",));
    for nouns, the last word -> [(the words before it, frame)] ("chain chief" -> ("chain",))."""
    index: dict[str, dict[str, list]] = {"verb": {}, "noun": {}}
    for frame in load_frames():
        for phrase in frame.triggers:
            words = phrase.replace("-", " ").split() if frame.kind == "noun" else phrase.split()
            if frame.kind == "noun":
                index["noun"].setdefault(words[-1], []).append((tuple(words[:-1]), frame))
            else:
                index["verb"].setdefault(words[0], []).append((tuple(words[1:]), frame))
    return index
