"""The ``whofunds`` command line."""
from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version
from typing import Optional

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


def package_version() -> str:
    try:
        return version("whofunds")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown"


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"whofunds {package_version()}")
        raise typer.Exit()


@app.callback()
def main_options(
    show_version: Optional[bool] = typer.Option(None, "--version", callback=_print_version, is_eager=True,
                                                help="Print the version and exit."),
) -> None:
    """Trace who funds whom: documents in, an evidence-backed knowledge graph, tables and maps out."""


def _bare_flags() -> None:
    """Show flags bare in --help (``--json``), as the other commands' help and the docs write them.

    typer 0.2x prints a boolean flag with a value type, ``--json <bool>``, as if it took a value;
    its help renderer asks each option for that type, so an option that is a flag answers "none".
    """
    from typer import core

    option = getattr(core, "TyperOption", None)
    shown = getattr(option, "display_type_rich", None)
    if shown is None or getattr(shown, "bare_flags", False):
        return

    def display_type_rich(self, ctx):
        if getattr(self, "is_flag", False) and not getattr(self, "count", False):
            return None
        return shown(self, ctx)

    display_type_rich.bare_flags = True
    option.display_type_rich = display_type_rich


_bare_flags()
for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
