"""The data model as Markdown tables, generated from ``schema.yaml`` (README shows this output).

>>> "| INVESTS_IN |" in relation_table()
True
"""
from __future__ import annotations

from whofunds.graph.schema import SCHEMA


def entity_table() -> str:
    rows = ["| entity type | what it is | map colour / shape |", "|---|---|---|"]
    for e in SCHEMA.entities.values():
        rows.append(f"| {e.name} | {e.description} | `{e.color}` {e.shape} |")
    return "\n".join(rows)


def relation_table() -> str:
    rows = ["| relation | source → target | money | what it states |", "|---|---|---|---|"]
    for r in SCHEMA.relations.values():
        ends = f"{', '.join(r.source)} → {', '.join(r.target)}"
        rows.append(f"| {r.name} | {ends} | {'yes' if r.money else ''} | {r.description} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(entity_table())
    print()
    print(relation_table())
