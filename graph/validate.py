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
from operator import itemgetter
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


# --------------------------------------------------------------------------- the fast path
#
# fastjsonschema's code checks every property of every object with generic tests (a set of the keys,
# isinstance, ...): 6-15 s for a million links. Most objects of a big graph share a few shapes (property
# names and value types), so :func:`_fast_check` compiles the same schema into checks that decide a
# shape's types once and then test only the values a rule depends on (an enum, a minimum, items). It
# only ever says "valid" when fastjsonschema would: whatever it does not know (a keyword, a type) makes
# it decline, and then fastjsonschema decides and words the problem, as before.

_JSON_TYPES: dict[str, tuple] = {  # JSON type -> the Python types that pass fastjsonschema's check as they are
    "string": (str,), "number": (int, float), "null": (type(None),), "boolean": (bool,),
    "array": (list, tuple), "object": (dict,), "integer": (int,),
}
_KNOWN = {"type", "enum", "properties", "required", "items", "minItems", "minLength", "minimum"}
_SHAPES = 4096  # object shapes remembered per object schema (past that, each object's shape is worked out anew)


class _Unsupported(Exception):
    pass


def _both(a: Callable[[Any], bool], b: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: a(v) and b(v)


def _compile_fast(schema: dict) -> Callable[[Any], bool]:
    """``schema`` as a function that says True only for values fastjsonschema's ``schema`` accepts (False:
    not known to be valid). Raises :class:`_Unsupported` for a schema using what it does not handle."""
    if not isinstance(schema, dict) or set(schema) - _KNOWN:
        raise _Unsupported(schema)
    for key in ("items",) if "items" in schema else ():
        _compile_fast(schema[key])  # unsupported parts found now, not at the first list
    for sub in schema.get("properties", {}).values():
        _compile_fast(sub)
    kinds = schema.get("type", [])
    if any(k not in _JSON_TYPES for k in (kinds if isinstance(kinds, list) else [kinds])):
        raise _Unsupported(kinds)
    if any(e is not None and type(e) is not str for e in schema.get("enum", ())):
        raise _Unsupported(schema["enum"])
    by_kind: dict[type, Any] = {}

    def check(v: Any) -> bool:
        kind = type(v)
        rule = by_kind.get(kind)
        if rule is None:
            rule = by_kind[kind] = _value_rule(schema, kind)
        return rule is True or (rule is not False and rule(v))

    return check


def _value_rule(schema: dict, kind: type) -> Any:
    """What ``schema`` asks of a value of Python type ``kind``: True (every one passes), False (none passes,
    or it cannot tell) or a function of the value."""
    rules: list[Callable[[Any], bool]] = []
    if "type" in schema:
        kinds = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(kind in _JSON_TYPES[k] for k in kinds):
            if kind is float and "integer" in kinds:  # fastjsonschema: 3.0 is an integer
                rules.append(float.is_integer)
            else:
                return False
    if "enum" in schema:
        enum = schema["enum"]
        if kind is type(None):
            if None not in enum:
                return False
        elif kind is str:
            texts = frozenset(e for e in enum if e is not None)
            rules.append(texts.__contains__)
        else:
            return False
    if kind is str and "minLength" in schema:
        least = schema["minLength"]
        rules.append(lambda v: len(v) >= least)
    if kind in (int, float) and "minimum" in schema:
        low = schema["minimum"]
        rules.append(lambda v: v >= low)
    if kind in (list, tuple):
        if "minItems" in schema:
            least_items = schema["minItems"]
            rules.append(lambda v: len(v) >= least_items)
        if "items" in schema:
            items = schema["items"]
            if set(items) == {"type"} and "integer" not in (items["type"] if isinstance(items["type"], list)
                                                             else [items["type"]]):
                # text, numbers, ...: the item types alone decide, tested at C speed
                plain = frozenset(t for k in (items["type"] if isinstance(items["type"], list) else [items["type"]])
                                  for t in _JSON_TYPES[k])
                rules.append(lambda v: plain.issuperset(map(type, v)))
            else:
                item = _compile_fast(items)
                rules.append(lambda v: all(map(item, v)))
    if kind is dict and ("properties" in schema or "required" in schema):
        rules.append(_object_check(schema))
    if not rules:
        return True
    rule = rules[0]
    for more in rules[1:]:
        rule = _both(rule, more)
    return rule


def _object_check(schema: dict) -> Callable[[Any], bool]:
    """Objects of ``schema`` (a dict value): the rules of one shape (its keys and their value types) are
    worked out once; a value is then tested only where a rule depends on more than its type."""
    properties = schema.get("properties", {})
    required = frozenset(schema.get("required", ()))
    shapes: dict[tuple, tuple | None] = {}

    def plan(keys: tuple, kinds: tuple) -> tuple | None:
        if not required.issubset(keys):
            return None
        todo = []
        for key, kind in zip(keys, kinds):
            if key in properties:
                rule = _value_rule(properties[key], kind)
                if rule is False:
                    return None
                if rule is not True:
                    todo.append((key, rule))
        return tuple(todo)

    def check(obj: dict) -> bool:
        shape = (tuple(obj), tuple(map(type, obj.values())))
        todo = shapes.get(shape, shapes)
        if todo is shapes:
            todo = plan(*shape)
            if len(shapes) < _SHAPES:
                shapes[shape] = todo
        if todo is None:
            return False
        for key, rule in todo:
            if not rule(obj[key]):
                return False
        return True

    return check


@cache
def _fast_check(strict: bool) -> Callable[[Any], bool] | None:
    try:
        return _compile_fast(graph_json_schema(strict))
    except _Unsupported:  # the schema grew a keyword the fast path does not know: fastjsonschema alone
        return None


@cache
def link_check(strict: bool = True) -> Callable[[Any], bool] | None:
    """One link of node-link data against the schema's link rules: True only where fastjsonschema would
    accept it (False: not known to be valid; ask :func:`graph_problems`). None if the fast path does not
    compile. What a link schema cannot say (its ends are nodes of the graph, evidence in order) is the
    caller's to check."""
    try:
        return _compile_fast(graph_json_schema(strict)["properties"]["links"]["items"])
    except _Unsupported:
        return None


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


def _links_fine(links: list, ids: set) -> bool:
    """Whether every link joins two of ``ids`` and every piece of evidence ends after it starts."""
    if not (ids.issuperset(map(itemgetter("source"), links)) and ids.issuperset(map(itemgetter("target"), links))):
        return False
    for link in links:
        for ev in link["evidence"]:
            if ev.get("end", 0) < ev.get("start", 0):
                return False
    return True


def graph_problems(data: Any, *, strict: bool = False, limit: int = 5) -> list[str]:
    """What is wrong with node-link ``data`` (empty when nothing is), at most ``limit`` problems."""
    fast = _fast_check(strict)
    if fast is None or not fast(data):
        try:
            _validator(strict)(data)
        except fastjsonschema.JsonSchemaValueException as exc:
            return [_message(exc)]
    links = data.get("links", data.get("edges")) or []
    seen: set = {node["id"] for node in data["nodes"]}
    if len(seen) == len(data["nodes"]) and (not strict or _links_fine(links, seen)):
        return []  # the loops below, which find and word the problems, would find none
    problems: list[str] = []
    seen = set()
    for i, node in enumerate(data["nodes"]):
        if node["id"] in seen:
            problems.append(f"nodes[{i}].id {node['id']!r} is not unique")
        seen.add(node["id"])
    if strict:
        for i, link in enumerate(links):
            for end in ("source", "target"):
                if link[end] not in seen:
                    problems.append(f"links[{i}].{end} {link[end]!r} is not a node of the graph")
            if len(problems) >= limit:
                break
            for j, ev in enumerate(link["evidence"]):
                if ev.get("end", 0) < ev.get("start", 0):
                    problems.append(f"links[{i}].evidence[{j}]: end {ev['end']} is before start {ev['start']}")
    return problems[:limit]
