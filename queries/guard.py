"""The read-only allow-list for ad-hoc Cypher (``whofunds cypher``).

A READ transaction stops writes, but not everything a read can do: ``LOAD CSV FROM 'http://...' + n.name``
sends the database's data to any server, procedures such as ``db.clearQueryCaches()`` act on the server,
and administration commands (``SHOW USERS``, ``TERMINATE TRANSACTIONS``) run. So a statement is first
planned by the server itself (``EXPLAIN``: parsed and planned, never run), and runs only if its plan is
a read (query type ``r``) with no ``LOAD CSV``, no administration or ``SHOW``/``TERMINATE`` command, and
no procedure outside :data:`ALLOWED_PROCEDURES`. The server's parser decides what the statement is, so
comments, odd spacing or case cannot hide a clause from the check.

>>> check_plan("r", [("ProduceResults", None), ("LoadCSV", "row")])
Traceback (most recent call last):
...
whofunds.queries.guard.StatementRefused: LOAD CSV is not allowed (it reads files and URLs)
>>> check_plan("r", [("ProcedureCall", "db.labels() :: (label :: STRING)")]) is None
True
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from whofunds.queries.catalog import QueryError, plain

# Read procedures that describe the graph: what an analyst exploring it needs, and nothing that acts.
ALLOWED_PROCEDURES = frozenset({
    "db.labels", "db.relationshipTypes", "db.propertyKeys", "db.schema.visualization",
    "db.schema.nodeTypeProperties", "db.schema.relTypeProperties",
})
_REFUSED_OPERATORS = {"LoadCSV": "LOAD CSV is not allowed (it reads files and URLs)",
                      "AdministrationCommand": "administration commands are not allowed"}
_PROCEDURE = re.compile(r"\s*([A-Za-z_][\w.]*)\s*\(")


class StatementRefused(QueryError):
    """A statement outside the read-only allow-list; it was planned, never run."""


def plan_operators(plan: dict | None) -> Iterator[tuple[str, str | None]]:
    """(operator, details) for every operator of an ``EXPLAIN`` plan, without the runtime suffix."""
    stack = [plan] if plan else []
    while stack:
        node = stack.pop()
        name = str(node.get("operatorType", "")).split("@", 1)[0]
        yield name, (node.get("args") or {}).get("Details")
        stack.extend(node.get("children") or [])


def check_plan(query_type: str | None, operators) -> None:
    """Refuse (:class:`StatementRefused`) a plan that is not a plain read of the graph."""
    for name, details in operators:
        if name in _REFUSED_OPERATORS:
            raise StatementRefused(_REFUSED_OPERATORS[name])
        if name.startswith(("Show", "Terminate")):
            raise StatementRefused(f"{name} commands are not allowed (read the graph, not the server)")
        if name == "ProcedureCall":
            match = _PROCEDURE.match(details or "")
            procedure = match.group(1) if match else (details or "?")
            if procedure not in ALLOWED_PROCEDURES:
                raise StatementRefused(f"procedure {procedure} is not allowed; allowed: "
                                       f"{', '.join(sorted(ALLOWED_PROCEDURES))}")
    if query_type != "r":
        raise StatementRefused(f"only reads are allowed (the server classes this statement as {query_type!r})")


def run_guarded(driver, text: str, params: dict[str, Any] | None = None,
                database: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Plan ``text`` with ``EXPLAIN``, check the plan, then run it: all in one READ transaction."""
    import neo4j

    if re.match(r"\s*(?:EXPLAIN|PROFILE)\b", text, re.I):
        raise StatementRefused("give the statement without EXPLAIN or PROFILE")

    def work(tx):
        summary = tx.run("EXPLAIN " + text, params or {}).consume()
        check_plan(summary.query_type, plan_operators(summary.plan))
        result = tx.run(text, params or {})
        return list(result.keys()), [{k: plain(v) for k, v in rec.items()} for rec in result]

    with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
        return session.execute_read(work)
