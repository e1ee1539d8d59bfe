"""The data model as Markdown tables, generated from ``schema.yaml`` (README shows this output).

>>> "| INVESTS_IN |" in relation_table()
True
>>> "| Place |" in group_table()
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


def group_table() -> str:
    rows = ["| group | entity types | what it is |", "|---|---|---|"]
    for g in SCHEMA.groups.values():
        rows.append(f"| {g.name} | {', '.join(g.members)} | {g.description} |")
    return "\n".join(rows)


def attribute_table() -> str:
    rows = ["| attribute | on | refers to | what it holds |", "|---|---|---|---|"]
    for kind, owners in (("node", SCHEMA.node_attributes()), ("edge", SCHEMA.edge_attributes())):
        for owner, attrs in owners.items():
            for a in attrs.values():
                acts = " **Acts for its place.**" if a.acts_for else ""
                rows.append(f"| `{a.name}` | {owner} ({kind}) | {a.refers_to or ''} | {a.description}{acts} |")
    return "\n".join(rows)


def tables() -> str:
    """Every table, as the README shows them between its schema markers."""
    return "\n\n".join([entity_table(), relation_table(), group_table(), attribute_table()])


if __name__ == "__main__":
    print(tables())
