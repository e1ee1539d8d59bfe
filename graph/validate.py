"""Checking node-link data against the ``graph.json`` contract (DEVELOPERS.md) before anything uses it.

Two levels. The *shape* (every reader: map, trace, diff, export, ...): nodes and links are objects, ids
are strings or integers, names, types and sentences are strings, offsets are integers; other
node-link graphs pass. *Strict* (before a graph is loaded into Neo4j): also every entity and relation
type is one of ``graph/schema.yaml``'s, every link joins two nodes of the file, every edge has
evidence naming its document and sentence (offsets, where given, in order). The rules are JSON Schemas (checked by
``fastjsonschema``) built from the schema; the two checks a JSON Schema cannot state (unique ids,
links between known nodes) are done here.

>>> graph_problems({"nodes": [{"id": "firm:nio", "name": 123, "type": "Firm"}], "links": []})
['nodes[0].name must be string']
>>> graph_problems({"nodes": [{"id": "x", "name": "X", "type": None}], "links": []})
['nodes[0].type must be string']
>>> graph_problems({"nodes": [{"id": "x", "name": "X", "type": "Planet", "aliases": []}], "links": []}, strict=True)
["nodes[0].type must be one of the schema's entity types (City, Province, ...), got 'Planet'"]
"""
from __future__ import annotations

from functools import cache
from typing import Any, Callable

import fastjsonschema

from whofunds.graph.schema import SCHEMA

_ID = {"type": ["string", "integer"]}
_NUMBER_OR_NULL = {"type": ["number", "null"]}


def _evidence_item(strict: bool) -> dict:
    if not strict:  # readers take each field with .get(); the shape check stays cheap at a million links
        return {"type": "object"}
    item = {
        "type": "object",
        "properties": {
            "doc_id": {"type": "string", "minLength": 1},
            "path": {"type": ["string", "null"]},
            "sentence": {"type": "string"},
            "start": {"type": "integer", "minimum": 0},
            "end": {"type": "integer", "minimum": 0},
            "rule": {"type": ["string", "null"]},
            "confidence": _NUMBER_OR_NULL,
            "status": {"type": ["string", "null"]},
            "amount": _NUMBER_OR_NULL,
            "currency": {"type": ["string", "null"]},
            "amount_text": {"type": ["string", "null"]},
            "year": {"type": ["integer", "null"]},
            "stake": _NUMBER_OR_NULL,
        },
    }
    item["required"] = ["doc_id", "sentence"]
    item["properties"]["status"] = {"enum": ["stated", "announced", None]}
    return item


def _declared_attributes() -> tuple[dict, dict]:
    """JSON Schema properties for the node and edge attributes ``graph/schema.yaml`` declares (``city`` on a
    government body, ``city`` and its collected ``cities`` on chain edges): text (a node id or a name) or null."""
    text = {"type": ["string", "null"]}
    nodes = {a: text for attrs in SCHEMA.node_attributes().values() for a in attrs}
    edges: dict = {}
    for attrs in SCHEMA.edge_attributes().values():
        for name, attr in attrs.items():
            edges[name] = text
            if attr.collect:
                edges[attr.collect] = {"type": "array", "items": {"type": "string"}}
    return nodes, edges


def graph_json_schema(strict: bool = False) -> dict:
    """The JSON Schema of node-link data: the shape every reader needs, or (``strict``) the full contract."""
    node = {
        "type": "object",
        "required": ["id"],
        "properties": {
            "id": _ID,
            "name": {"type": "string"},
            "type": {"type": "string"},
            "aliases": {"type": "array", "items": {"type": "string"}},
            "doc_ids": {"type": "array", "items": {"type": ["string", "integer"]}},
            "city": {"type": ["string", "null"]},
        },
    }
    link = {
        "type": "object",
        "required": ["source", "target", "type"],
        "properties": {
            "source": _ID,
            "target": _ID,
            "type": {"type": "string"},
            "evidence": {"type": "array", "items": _evidence_item(strict)},
        },
    }
    if strict:
        node["required"] = ["id", "name", "type"]
        node["properties"]["id"] = {"type": "string", "minLength": 1}
        node["properties"]["name"] = {"type": "string"}
        node["properties"]["type"] = {"enum": list(SCHEMA.entity_types)}
        link["required"] = ["source", "target", "type", "evidence"]
        link["properties"]["type"] = {"enum": list(SCHEMA.relation_types)}
        link["properties"]["evidence"]["minItems"] = 1
        link["properties"].update(confidence=_NUMBER_OR_NULL, amount=_NUMBER_OR_NULL, stake=_NUMBER_OR_NULL,
                                  year={"type": ["integer", "null"]})
        node_attrs, edge_attrs = _declared_attributes()
        node["properties"].update(node_attrs)
        link["properties"].update(edge_attrs)
        evidence = link["properties"]["evidence"]["items"]["properties"]
        evidence.update({k: v for k, v in edge_attrs.items() if v.get("type") != "array"})
    return {
        "type": "object",
        "required": ["nodes"],
        "properties": {
            "graph": {"type": "object", "properties": {
                "name": {"type": "string"},
                "documents": {"type": "array", "items": {"type": "object"}},
                "failures": {"type": "array", "items": {"type": "object"}},
            }},
            "nodes": {"type": "array", "items": node},
            "links": {"type": "array", "items": link},
            "edges": {"type": "array", "items": link},
        },
    }


@cache
def _validator(strict: bool) -> Callable[[Any], Any]:
    return fastjsonschema.compile(graph_json_schema(strict))


def _where(path) -> str:
    """``['data', 'nodes', '0', 'name']`` as ``nodes[0].name``."""
    out = ""
    for part in list(path)[1:]:
        out += f"[{part}]" if str(part).isdigit() else f".{part}"
    return out.lstrip(".")


def _message(exc: fastjsonschema.JsonSchemaValueException) -> str:
    """fastjsonschema's message without its ``data.`` prefix; the schema-type enums in words."""
    if exc.rule == "enum" and exc.path and exc.path[-1] == "type":
        entity = exc.path[1] == "nodes"
        kinds = SCHEMA.entity_types if entity else SCHEMA.relation_types
        return (f"{_where(exc.path)} must be one of the schema's {'entity' if entity else 'relation'} types "
                f"({', '.join(kinds[:2])}, ...), got {exc.value!r}")
    return exc.message.removeprefix("data").lstrip(".") or exc.message


def graph_problems(data: Any, *, strict: bool = False, limit: int = 5) -> list[str]:
    """What is wrong with node-link ``data`` (empty when nothing is), at most ``limit`` problems."""
    try:
        _validator(strict)(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        return [_message(exc)]
    problems: list[str] = []
    seen: set = set()
    for i, node in enumerate(data["nodes"]):
        if node["id"] in seen:
            problems.append(f"nodes[{i}].id {node['id']!r} is not unique")
        seen.add(node["id"])
    if strict:
        for i, link in enumerate(data.get("links", data.get("edges")) or []):
            for end in ("source", "target"):
                if link[end] not in seen:
                    problems.append(f"links[{i}].{end} {link[end]!r} is not a node of the graph")
            if len(problems) >= limit:
                break
            for j, ev in enumerate(link["evidence"]):
                if ev.get("end", 0) < ev.get("start", 0):
                    problems.append(f"links[{i}].evidence[{j}]: end {ev['end']} is before start {ev['start']}")
    return problems[:limit]
