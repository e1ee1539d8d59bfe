"""The analyst's named questions (``queries/*.cypher``) and running read-only Cypher.

Each ``.cypher`` file starts with two comment lines::

    // description: Who funds X ...
    // params: entity (entity), max_depth (int = 4), relations (str = null)

A parameter without ``= default`` is required; ``= null`` makes it optional. Values given on the
command line as text (``--param max_depth=3``) are converted to the declared type. Two types name
nodes: ``entity`` (any node) and ``place`` (a node of the schema's ``Place`` group). Their values are
resolved to node ids before the question runs, by the lookup ``trace`` uses
(:func:`whofunds.graph.lookup.resolve_node`: id, name, alias, fuzzy), on the graph's names embedded
or on the names read from Neo4j; an unknown or ambiguous name raises
:class:`~whofunds.graph.lookup.NameNotFound` listing the closest names or the candidates. The Cypher
text therefore matches ids only (``MATCH (x:Entity {id: $entity})``). Every question also receives
the control model as parameters (:func:`whofunds.graph.control.cypher_parameters`); a ``relations``
parameter (comma-separated funding relation types) narrows the model's ``$relations``.

>>> q = get_query("who_funds")
>>> [p.name for p in q.params], q.bind({"entity": "Hefei"})["max_depth"]
(['entity', 'max_depth', 'relations'], 4)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

PARAM = re.compile(r"\s*([A-Za-z_]\w*)\s*\(\s*(str|int|float|bool|entity|place)\s*(?:=\s*([^)]*?))?\s*\)\s*")
TYPES = {"str": str, "int": int, "float": float, "bool": bool, "entity": str, "place": str}
NAME_TYPES = {"entity": None, "place": "Place"}  # parameter type -> the entity types its name is looked up among
SUBDIVISIONS = "Subdivision"  # the schema group of places inside a city (chain_map: a district's chains are its city's)


class QueryError(ValueError):
    """A named query that does not exist, or parameters that do not fit it."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any = None
    required: bool = True

    def convert(self, value: Any) -> Any:
        """``value`` (text from a command line, or already typed) as this parameter's type."""
        if value is None:
            return None
        if self.type == "bool":
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in ("1", "true", "yes", "y"):
                return True
            if text in ("0", "false", "no", "n"):
                return False
            raise QueryError(f"parameter {self.name}: {value!r} is not a bool")
        if self.type in ("str", "entity", "place"):
            return str(value)
        try:
            return TYPES[self.type](value)
        except (TypeError, ValueError):
            raise QueryError(f"parameter {self.name}: {value!r} is not an {self.type}") from None


def _parse_default(kind: str, text: str | None) -> tuple[Any, bool]:
    if text is None:
        return None, True
    if text == "null":
        return None, False
    text = text.strip().strip("'\"") if TYPES[kind] is str else text
    return Param("default", kind).convert(text), False


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    text: str

    def bind(self, given: dict[str, Any]) -> dict[str, Any]:
        """All parameters typed, defaults filled; unknown or missing ones are an error."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise QueryError(f"{self.name}: unknown parameter(s) {', '.join(unknown)}; "
                             f"it takes: {', '.join(known) or 'none'}")
        bound = {}
        for p in self.params:
            if p.name in given:
                bound[p.name] = p.convert(given[p.name])
            elif p.required:
                raise QueryError(f"{self.name}: missing parameter {p.name} ({p.type})")
            else:
                bound[p.name] = p.default
        return bound

    def signature(self) -> str:
        parts = []
        for p in self.params:
            parts.append(f"{p.name}:{p.type}" + ("" if p.required else f"={'null' if p.default is None else p.default}"))
        return ", ".join(parts)


def parse_query(name: str, text: str) -> NamedQuery:
    """Read the ``// description:`` and ``// params:`` header of one ``.cypher`` file."""
    lines = text.splitlines()
    if len(lines) < 2 or not lines[0].startswith("// description:") or not lines[1].startswith("// params:"):
        raise QueryError(f"{name}.cypher: the first two lines must be '// description: ...' and '// params: ...'")
    description = lines[0].removeprefix("// description:").strip()
    spec = lines[1].removeprefix("// params:").strip()
    params = []
    if spec and spec != "none":
        for chunk in re.split(r",(?![^()]*\))", spec):
            m = PARAM.fullmatch(chunk)
            if not m:
                raise QueryError(f"{name}.cypher: cannot read parameter {chunk.strip()!r} (want 'name (type = default)')")
            default, required = _parse_default(m.group(2), m.group(3))
            params.append(Param(m.group(1), m.group(2), default, required))
    return NamedQuery(name=name, description=description, params=tuple(params), text=text)


@cache
def all_queries() -> dict[str, NamedQuery]:
    """Every ``.cypher`` shipped in ``whofunds.queries``, by name (file stem)."""
    root = resources.files("whofunds.queries")
    found = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            name = entry.name.removesuffix(".cypher")
            found[name] = parse_query(name, entry.read_text("utf-8"))
    return found


def get_query(name: str) -> NamedQuery:
    try:
        return all_queries()[name]
    except KeyError:
        raise QueryError(f"no query named {name!r}; known: {', '.join(all_queries())}") from None


def parse_param_args(args: list[str] | None) -> dict[str, str]:
    """``["k=v", ...]`` from the command line as a dict (values stay text until bound).

    >>> parse_param_args(["entity=Hefei Jiantou", "max_depth=3"])
    {'entity': 'Hefei Jiantou', 'max_depth': '3'}
    """
    out = {}
    for arg in args or []:
        key, sep, value = arg.partition("=")
        if not sep or not key.strip():
            raise QueryError(f"--param wants key=value, got {arg!r}")
        out[key.strip()] = value
    return out


def relation_list(text: str | None) -> list[str] | None:
    """A ``relations`` parameter ("INVESTS_IN, FOUNDED") as a list; None (or empty) means all.

    >>> relation_list("INVESTS_IN, FOUNDED"), relation_list(None)
    (['INVESTS_IN', 'FOUNDED'], None)
    """
    if text is None:
        return None
    names = [part.strip() for part in str(text).split(",") if part.strip()]
    return names or None


def resolve_names(query: NamedQuery, bound: dict[str, Any], lookup) -> dict[str, Any]:
    """``bound`` with every ``entity``/``place`` value replaced by the node id ``lookup(name, types)`` gives."""
    out = dict(bound)
    for p in query.params:
        if p.type in NAME_TYPES and out.get(p.name) is not None:
            out[p.name] = lookup(out[p.name], NAME_TYPES[p.type])
    return out


def model_parameters(bound: dict[str, Any]) -> dict[str, Any]:
    """The parameters a question's Cypher receives: the control model's, then the bound ones.

    A ``relations`` parameter becomes the model's list of relation types (``$relations``).
    """
    from whofunds.graph.control import cypher_parameters
    from whofunds.graph.schema import SCHEMA

    try:
        model = cypher_parameters(relation_list(bound.get("relations")))
    except KeyError as exc:
        raise QueryError(exc.args[0]) from None
    model["subdivisions"] = list(SCHEMA.types(SUBDIVISIONS))
    return {**model, **{k: v for k, v in bound.items() if k != "relations"}}


# --------------------------------------------------------------------------- running

def plain(value: Any) -> Any:
    """Driver values as plain data: nodes, relationships and paths become dicts and lists."""
    import neo4j.graph
    import neo4j.time

    if isinstance(value, neo4j.graph.Node):
        return {"labels": sorted(value.labels), **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Relationship):
        return {"type": value.type, **{k: plain(v) for k, v in value.items()}}
    if isinstance(value, neo4j.graph.Path):
        return {"nodes": [plain(n) for n in value.nodes], "relationships": [plain(r) for r in value.relationships]}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (neo4j.time.Date, neo4j.time.DateTime, neo4j.time.Time, neo4j.time.Duration)):
        return value.iso_format()
    return value


def run_read(driver, text: str, params: dict[str, Any] | None = None,
             database: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run ``text`` in a READ transaction (writes fail there) and return columns and plain rows."""
    import neo4j

    def work(tx):
        result = tx.run(text, params or {})
        return list(result.keys()), [{k: plain(v) for k, v in rec.items()} for rec in result]

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        return session.execute_read(work)


NAMES_CYPHER = "MATCH (n:Entity) RETURN n.id AS id, n.name AS name, n.type AS type, n.aliases AS aliases"


def neo4j_names(driver, database: str | None = None):
    """The nodes' ids, names, types and aliases read from Neo4j, as a graph the lookup can search."""
    import networkx as nx

    G = nx.Graph()
    for row in run_read(driver, NAMES_CYPHER, {}, database)[1]:
        if row["id"] is not None:
            G.add_node(row["id"], name=row["name"], type=row["type"], aliases=list(row["aliases"] or []))
    return G


def run_named(driver, name: str, params: dict[str, Any] | None = None,
              database: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run the named question with ``params`` (typed and completed by its header, names resolved)."""
    from whofunds.graph.lookup import resolve_node

    query = get_query(name)
    bound = query.bind(params or {})
    names = None

    def lookup(text: str, types):
        nonlocal names
        if types is None and run_read(driver, "MATCH (n:Entity {id: $id}) RETURN n.id AS id",
                                      {"id": text}, database)[1]:
            return text  # an id: the lookup's first stage, without reading every name
        names = neo4j_names(driver, database) if names is None else names
        return resolve_node(names, text, types)

    bound = resolve_names(query, bound, lookup)
    return run_read(driver, query.text, model_parameters(bound), database)
