"""``whofunds map``: one offline HTML map from a built ``graph.json``, whole or focused."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from rich.text import Text

from whofunds.terminal import SafeConsole


def register(app: typer.Typer) -> None:
    app.command("map")(map_command)


def map_command(
    graph: Path = typer.Argument(..., help="A graph.json written by `whofunds build`."),
    output: Path = typer.Option(Path("map.html"), "--output", "-o", help="HTML file to write."),
    focus: Optional[str] = typer.Option(None, "--focus", help="Entity name, alias or id: map only its neighbourhood."),
    depth: int = typer.Option(2, "--depth", help="Hops around --focus (either direction)."),
    relations: Optional[str] = typer.Option(None, "--relations", help="Keep only these relation types, e.g. INVESTS_IN,CONTROLS."),
    types: Optional[str] = typer.Option(None, "--type", help="Keep only these entity types, e.g. Firm,Fund."),
    top: Optional[int] = typer.Option(None, "--top", help="Keep the N most central entities."),
    size_by: str = typer.Option("pagerank", "--size-by", help="Node size: pagerank, degree, in_degree, out_degree, "
                                "betweenness, or any numeric node attribute such as mentions."),
    title: Optional[str] = typer.Option(None, "--title", help="Title shown on the map."),
    since: Optional[int] = typer.Option(None, "--since", help="Only evidence dated this year or later (the year it "
                                        "states, a table's date, else its document's publication date)."),
    until: Optional[int] = typer.Option(None, "--until", help="Only evidence dated this year or earlier."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
) -> None:
    """Draw a self-contained, offline HTML map (open it in any browser, no network needed)."""
    from whofunds.commands.output import EXIT_ERROR, EXIT_INPUT, fail, not_found
    from whofunds.graph.io import GraphFileError, read_graph
    from whofunds.graph.lookup import NameNotFound
    from whofunds.viz import MapError, render_map

    console = SafeConsole(stderr=True, quiet=quiet, soft_wrap=True)
    err = SafeConsole(stderr=True, soft_wrap=True)
    if output.is_dir():  # an output that cannot be written: the command cannot do what was asked
        fail(f"{output} is a folder; give the map a file name, such as {output / 'map.html'}", EXIT_ERROR)
    try:
        from whofunds.graph.period import describe, within

        G = read_graph(graph)
        try:
            G = within(G, since, until)
        except ValueError as exc:
            fail(str(exc))
        if describe(G):
            err.print(Text.assemble(("note", "yellow"), f": {describe(G)}"))
        report = render_map(G, output, title=title, focus=focus, depth=depth, relations=relations, types=types,
                            top=top, size_by=size_by)
    except NameNotFound as exc:
        not_found(exc)
    except (GraphFileError, MapError, KeyError) as exc:
        # Text, not markup: messages quote names from documents, which may hold "[...]".
        err.print(Text.assemble(("error", "red"), f": {exc.args[0] if exc.args else exc}"))
        raise typer.Exit(EXIT_INPUT)
    except OSError as exc:
        from whofunds.outputs import output_error_reason

        fail(f"cannot write {output}: {output_error_reason(exc)}", EXIT_ERROR)
    for message in report.messages:
        err.print(Text.assemble(("note", "yellow"), f": {message}"))
    console.print(Text(f"wrote {report.path}: {report.nodes:,} entities, {report.edges:,} relations "
                       f"({report.layout} layout)"))
