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
                table.add_row(*(Text(str(doc.get(k, ""))) for k in ("id", "path", "title")))
            console.print(table)
            _more(console, docs, limit)
    for name, label in (("entities_added", "Entities added"), ("entities_removed", "Entities removed")):
        items = getattr(diff, name)
        if items:
            table = _table(label, ["id", "name", "type"])
            for e in items[:limit]:
                table.add_row(Text(e.id), Text(e.name), Text(e.type))
            console.print(table)
            _more(console, items, limit)
    if diff.entities_changed:
        table = _table("Entities changed", ["id", "name", "attribute", "old", "new"])
        for e in diff.entities_changed[:limit]:
            for attr, (old, new) in e.changes.items():
                table.add_row(Text(e.id), Text(e.name), Text(attr), Text(_short(old)), Text(_short(new)))
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
            what = Text()
            if edge.evidence_added or edge.evidence_removed:
                what.append(f"evidence +{len(edge.evidence_added)} −{len(edge.evidence_removed)}\n")
            for attr, (old, new) in edge.changes.items():
                what.append(f"{attr}: {_short(old, 30)} → {_short(new, 30)}\n")
            table.add_row(*_edge_row(edge, [])[:3], what.rstrip() or Text(""), _evidence_cell(edge.evidence_added))
        console.print(table)
        _more(console, diff.edges_changed, limit)


def diff_command(
    old: Path = typer.Argument(..., help="The earlier graph.json."),
    new: Path = typer.Argument(..., help="The later graph.json."),
    as_json: bool = typer.Option(False, "--json", help="Print the full diff as JSON instead of tables."),
    limit: int = typer.Option(50, "--limit", min=1, help="Rows shown per table."),
    with_centrality: bool = typer.Option(False, "--with-centrality",
                                         help="Also count changed centralities (degree, PageRank) as changes."),
    exit_code: bool = typer.Option(False, "--exit-code", help="Exit 1 when the graphs differ (as `git diff`)."),
) -> None:
    """What's new between two builds: entities and edges added, removed or changed, with evidence."""
    graphs = []
    for path in (old, new):
        try:
            graphs.append(read_graph(path))
        except GraphFileError as exc:
            SafeConsole(stderr=True, highlight=False, soft_wrap=True).print(Text(f"error: {exc}", style="bold red"))
            raise typer.Exit(2)
    diff = diff_graphs(*graphs, ignore=frozenset() if with_centrality else CENTRALITY_ATTRS)
    if as_json:
        sys.stdout.write(json_text(diff.to_dict(), indent=1, default=str) + "\n")
    else:
        print_diff(diff, SafeConsole(highlight=False), limit=limit)
    if exit_code and not diff.is_empty():
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_command)
