"""The analyst's named questions (``queries/*.cypher``) and running read-only Cypher.

Each ``.cypher`` file starts with two comment lines::

    // description: Who funds X ...
    // params: entity (str), max_depth (int = 4)

A parameter without ``= default`` is required; ``= null`` makes it optional. Values given on the
command line as text (``--param max_depth=3``) are converted to the declared type.

>>> q = get_query("who_funds")
>>> [p.name for p in q.params], q.bind({"entity": "Hefei"})["max_depth"]
(['entity', 'max_depth'], 4)
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

PARAM = re.compile(r"\s*([A-Za-z_]\w*)\s*\(\s*(str|int|float|bool)\s*(?:=\s*([^)]*?))?\s*\)\s*")
TYPES = {"str": str, "int": int, "float": float, "bool": bool}


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
        if self.type == "str":
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
    text = text.strip().strip("'\"") if kind == "str" else text
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


def run_named(driver, name: str, params: dict[str, Any] | None = None,
              database: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Run the named question with ``params`` (typed and completed by its header)."""
    query = get_query(name)
    return run_read(driver, query.text, query.bind(params or {}), database)
