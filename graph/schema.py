"""The whofunds data model, read from ``schema.yaml`` (the single source of truth).

>>> from whofunds.graph.schema import SCHEMA
>>> SCHEMA.relation("INVESTS_IN").money
True
>>> "Fund" in SCHEMA.entity_types
True
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class EntityType:
    name: str
    label: str
    plural: str
    color: str
    shape: str
    description: str


@dataclass(frozen=True)
class RelationType:
    name: str
    label: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    money: bool
    color: str
    description: str

    def allows(self, source_type: str, target_type: str) -> bool:
        """Whether an edge of this type may join these entity types."""
        return source_type in self.source and target_type in self.target


@dataclass(frozen=True)
class Schema:
    entities: dict[str, EntityType]
    relations: dict[str, RelationType]

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


@cache
def load_schema() -> Schema:
    raw = yaml.safe_load(resources.files("whofunds.graph").joinpath("schema.yaml").read_text("utf-8"))
    entities = {name: EntityType(name=name, **spec) for name, spec in raw["entities"].items()}
    relations = {}
    for name, spec in raw["relations"].items():
        spec = dict(spec)
        spec["source"] = tuple(spec["source"])
        spec["target"] = tuple(spec["target"])
        unknown = set(spec["source"] + spec["target"]) - set(entities)
        if unknown:
            raise ValueError(f"schema.yaml: relation {name} names unknown entity types {sorted(unknown)}")
        relations[name] = RelationType(name=name, **spec)
    return Schema(entities=entities, relations=relations)


SCHEMA = load_schema()
