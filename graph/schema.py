"""The whofunds data model, read from ``schema.yaml`` (the single source of truth).

>>> from whofunds.graph.schema import SCHEMA
>>> SCHEMA.relation("INVESTS_IN").money
True
>>> "Fund" in SCHEMA.entity_types
True
>>> SCHEMA.types("Place")
('City', 'Province', 'Country', 'District')
>>> SCHEMA.types(["Investee", "GovernmentBody"])
('Firm', 'Fund', 'Institution', 'GovernmentBody')
>>> SCHEMA.acts_for
('city', ('GovernmentBody',))
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Iterable


from whofunds.graph.yaml_text import load_yaml


@dataclass(frozen=True)
class Attribute:
    """A node or edge attribute the schema declares (beyond the contract's fixed ones)."""

    name: str
    description: str
    refers_to: str | None = None  # a group or entity type: the value is such a node's id, or a name
    acts_for: bool = False  # the node and the place this attribute names are one actor
    collect: str | None = None  # on edges: the list attribute holding every evidence record's value


@dataclass(frozen=True)
class EntityType:
    name: str
    label: str
    plural: str
    color: str
    shape: str
    description: str
    attributes: dict[str, Attribute] = field(default_factory=dict)


@dataclass(frozen=True)
class RelationType:
    name: str
    label: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    money: bool
    color: str
    description: str
    attributes: dict[str, Attribute] = field(default_factory=dict)

    def allows(self, source_type: str, target_type: str) -> bool:
        """Whether an edge of this type may join these entity types."""
        return source_type in self.source and target_type in self.target


@dataclass(frozen=True)
class Group:
    """An abstract parent of entity types ("Place"), so code never keeps its own list of types."""

    name: str
    members: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Schema:
    entities: dict[str, EntityType]
    relations: dict[str, RelationType]
    groups: dict[str, Group] = field(default_factory=dict)

    @property
    def entity_types(self) -> tuple[str, ...]:
        return tuple(self.entities)

    @property
    def relation_types(self) -> tuple[str, ...]:
        return tuple(self.relations)

    @property
    def money_relations(self) -> tuple[str, ...]:
        return tuple(r for r, spec in self.relations.items() if spec.money)

    def entity(self, name: str) -> EntityType:
        try:
            return self.entities[name]
        except KeyError:
            raise KeyError(f"unknown entity type {name!r}; known: {', '.join(self.entities)}") from None

    def relation(self, name: str) -> RelationType:
        try:
            return self.relations[name]
        except KeyError:
            raise KeyError(f"unknown relation type {name!r}; known: {', '.join(self.relations)}") from None

    def types(self, names: str | Iterable[str]) -> tuple[str, ...]:
        """Entity types named directly or through a group, in the order given, without repeats."""
        out: list[str] = []
        for name in [names] if isinstance(names, str) else names:
            if name in self.groups:
                members = self.groups[name].members
            elif name in self.entities:
                members = (name,)
            else:
                raise KeyError(f"unknown entity type or group {name!r}; known: "
                               f"{', '.join([*self.entities, *self.groups])}")
            out.extend(m for m in members if m not in out)
        return tuple(out)

    def is_a(self, entity_type: str | None, group: str) -> bool:
        """Whether ``entity_type`` is ``group`` or one of its members.

        >>> SCHEMA.is_a("City", "Place"), SCHEMA.is_a("Firm", "Place")
        (True, False)
        """
        return entity_type in self.types(group)

    def node_attributes(self) -> dict[str, dict[str, Attribute]]:
        """Entity type -> its declared attributes (types without any are left out)."""
        return {name: e.attributes for name, e in self.entities.items() if e.attributes}

    def edge_attributes(self) -> dict[str, dict[str, Attribute]]:
        """Relation type -> its declared attributes (types without any are left out)."""
        return {name: r.attributes for name, r in self.relations.items() if r.attributes}

    @property
    def acts_for(self) -> tuple[str | None, tuple[str, ...]]:
        """The attribute that makes a node act for a place, and the entity types that carry it."""
        found = [(a.name, t) for t, attrs in self.node_attributes().items() for a in attrs.values() if a.acts_for]
        names = {name for name, _ in found}
        return (names.pop() if names else None), tuple(t for _, t in found)


def _attributes(owner: str, raw: dict | None, known_types: set[str]) -> dict[str, Attribute]:
    out = {}
    for name, spec in (raw or {}).items():
        attr = Attribute(name=name, **spec)
        if attr.refers_to is not None and attr.refers_to not in known_types:
            raise ValueError(f"schema.yaml: {owner}.{name} refers to unknown type or group {attr.refers_to!r}")
        out[name] = attr
    return out


@cache
def load_schema() -> Schema:
    raw = load_yaml(resources.files("whofunds.graph").joinpath("schema.yaml").read_text("utf-8"))
    entity_names = set(raw["entities"])
    groups = {}
    for name, spec in (raw.get("groups") or {}).items():
        unknown = set(spec["members"]) - entity_names
        if unknown or name in entity_names:
            raise ValueError(f"schema.yaml: group {name} names unknown entity types {sorted(unknown)} "
                             "or shares an entity type's name")
        groups[name] = Group(name=name, members=tuple(spec["members"]), description=spec["description"])
    known = entity_names | set(groups)
    entities = {}
    for name, spec in raw["entities"].items():
        spec = dict(spec)
        spec["attributes"] = _attributes(name, spec.get("attributes"), known)
        entities[name] = EntityType(name=name, **spec)
    relations = {}
    for name, spec in raw["relations"].items():
        spec = dict(spec)
        spec["source"] = tuple(spec["source"])
        spec["target"] = tuple(spec["target"])
        unknown = set(spec["source"] + spec["target"]) - set(entities)
        if unknown:
            raise ValueError(f"schema.yaml: relation {name} names unknown entity types {sorted(unknown)}")
        spec["attributes"] = _attributes(name, spec.get("attributes"), known)
        relations[name] = RelationType(name=name, **spec)
    schema = Schema(entities=entities, relations=relations, groups=groups)
    acting = {a.name for attrs in schema.node_attributes().values() for a in attrs.values() if a.acts_for}
    if len(acting) > 1:
        raise ValueError(f"schema.yaml: only one attribute name may carry acts_for, not {sorted(acting)}")
    return schema


SCHEMA = load_schema()
