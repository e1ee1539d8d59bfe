"""``whofunds diff OLD/graph.json NEW/graph.json``: what's new between two builds, as tables or JSON.

Names and sentences come from documents, so they reach the terminal as :class:`rich.text.Text`, never markup.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from whofunds.commands.output import EXIT_INPUT, csv_option, fail, json_option, output_format, print_records
from whofunds.graph.diff import CENTRALITY_ATTRS, EdgeChange, GraphDiff, diff_graphs
from whofunds.graph.io import GraphFileError, read_graph
from whofunds.terminal import SafeConsole, json_text


def _short(value: Any, width: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= width else text[: width - 1] + "…"


def _evidence_cell(evidence: list[dict[str, Any]]) -> Text:
    if not evidence:
        return Text("")
    first = evidence[0]
    cell = Text(_short(first.get("sentence", ""), 120))
    where = first.get("path") or first.get("doc_id") or ""
    if where:
        cell.append(f"\n  {where}", style="dim")
    if len(evidence) > 1:
        cell.append(f"\n  +{len(evidence) - 1} more", style="dim")
    return cell


def _table(title: str, columns: list[str]) -> Table:
    table = Table(title=title, title_justify="left", show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    return table


def _more(console: Console, items: list, limit: int) -> None:
    if len(items) > limit:
        console.print(Text(f"… and {len(items) - limit} more (raise --limit, or use --json)", style="dim"))


def _edge_row(edge: EdgeChange, evidence: list[dict[str, Any]]) -> list[Text]:
    return [Text(edge.source_name), Text(edge.type, style="bold"), Text(edge.target_name), _evidence_cell(evidence)]


def print_diff(diff: GraphDiff, console: Console, limit: int = 50) -> None:
    """The diff as rich tables: a count summary, then one table per non-empty section."""
    summary = _table("Changes", ["what", "count"])
    for name, count in diff.counts().items():
        summary.add_row(Text(name.replace("_", " ")), Text(str(count), style="bold" if count else "dim"))
    console.print(summary)
    if diff.is_empty():
        console.print(Text("No differences.", style="green"))
        return
    for name, label in (("documents_added", "Documents added"), ("documents_removed", "Documents removed")):
        docs = getattr(diff, name)
        if docs:
            table = _table(label, ["id", "path", "title"])
            for doc in docs[:limit]:
                table.add_row(*(Text(str(doc.get(k, "") or "")) for k in ("id", "relpath" if doc.get("relpath")
                                                                          else "path", "title")))
            console.print(table)
            _more(console, docs, limit)
    if diff.documents_changed:
        table = _table("Documents changed", ["id", "path", "title", "what changed"])
        for doc in diff.documents_changed[:limit]:
            table.add_row(*(Text(str(doc.get(k, "") or "")) for k in ("id", "relpath", "title", "what")))
        console.print(table)
        _more(console, diff.documents_changed, limit)
    for name, label in (("entities_added", "Entities added"), ("entities_removed", "Entities removed")):
        items = getattr(diff, name)
        if items:
            table = _table(label, ["id", "name", "type"])
            for e in items[:limit]:
                table.add_row(Text(e.id), Text(e.name), Text(e.type))
            console.print(table)
            _more(console, items, limit)
    if diff.entities_changed:
        table = _table("Entities changed", ["id", "name", "what changed"])
        for e in diff.entities_changed[:limit]:
            table.add_row(Text(e.id), Text(e.name), Text(e.what))
        console.print(table)
        _more(console, diff.entities_changed, limit)
    for name, label in (("edges_added", "Edges added"), ("edges_removed", "Edges removed")):
        items = getattr(diff, name)
        if items:
            table = _table(label, ["source", "type", "target", "evidence"])
            for edge in items[:limit]:
                table.add_row(*_edge_row(edge, edge.evidence))
            console.print(table)
            _more(console, items, limit)
    if diff.edges_changed:
        table = _table("Edges changed", ["source", "type", "target", "what changed", "new evidence"])
        for edge in diff.edges_changed[:limit]:
            table.add_row(*_edge_row(edge, [])[:3], Text(edge.what.replace("; ", "\n")),
                          _evidence_cell(edge.evidence_added))
        console.print(table)
        _more(console, diff.edges_changed, limit)


CSV_COLUMNS = ["section", "id", "source", "type", "target", "name", "what", "evidence"]


def diff_rows(diff: GraphDiff) -> list[dict[str, Any]]:
    """One row per change, for ``--csv``: its section, what it is and what changed, with one sentence."""
    rows: list[dict[str, Any]] = []
    for name in ("documents_added", "documents_removed", "documents_changed"):
        for doc in getattr(diff, name):
            rows.append({"section": name, "id": doc.get("id"), "name": doc.get("relpath") or doc.get("path"),
                         "what": doc.get("what") or doc.get("title")})
    for name in ("entities_added", "entities_removed", "entities_changed"):
        for e in getattr(diff, name):
            rows.append({"section": name, "id": e.id, "type": e.type, "name": e.name, "what": e.what})
    for name in ("edges_added", "edges_removed", "edges_changed"):
        for edge in getattr(diff, name):
            evidence = edge.evidence or edge.evidence_added or edge.evidence_removed
            rows.append({"section": name, "source": edge.source, "type": edge.type, "target": edge.target,
                         "name": f"{edge.source_name} → {edge.target_name}", "what": edge.what,
                         "evidence": evidence[0].get("sentence") if evidence else None})
    return rows


def diff_command(
    old: Path = typer.Argument(..., help="The earlier graph.json."),
    new: Path = typer.Argument(..., help="The later graph.json."),
    as_json: bool = json_option("Print the full diff as JSON instead of tables."),
    as_csv: bool = csv_option("Print one row per change as CSV instead of tables."),
    limit: int = typer.Option(50, "--limit", min=1, help="Rows shown per table."),
    with_centrality: bool = typer.Option(False, "--with-centrality",
                                         help="Also count changed centralities (degree, PageRank) as changes."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when the graphs differ (as `git diff`)."),
) -> None:
    """What's new between two builds, by meaning: documents, entities and edges added, removed or changed."""
    fmt = output_format(as_json, as_csv)
    graphs = []
    for path in (old, new):
        try:
            graphs.append(read_graph(path))
        except GraphFileError as exc:
            fail(str(exc), EXIT_INPUT)
    diff = diff_graphs(*graphs, ignore=frozenset() if with_centrality else CENTRALITY_ATTRS)
    if fmt == "json":
        sys.stdout.write(json_text(diff.to_dict(), indent=1, default=str) + "\n")
    elif fmt == "csv":
        print_records(diff_rows(diff), CSV_COLUMNS, fmt)
    else:
        print_diff(diff, SafeConsole(highlight=False), limit=limit)
    if exit_code and not diff.is_empty():
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_command)
