"""The ``whofunds`` command line."""
from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="whofunds",
    help="Trace who funds whom: documents in, an evidence-backed knowledge graph, tables and maps out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)

# Each module registers its own commands; adding an area is one line here.
COMMAND_MODULES = [
    "whofunds.commands.build",
    "whofunds.commands.evaluate",
    "whofunds.commands.aliases",
    "whofunds.commands.diff",
    "whofunds.commands.analysis",
    "whofunds.commands.neo4j",
    "whofunds.commands.map",
]

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
