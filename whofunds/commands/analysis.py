"""Analysis commands: ``rank``, ``trace``, ``communities``, ``export``.

Text read from documents (names, sentences) reaches the terminal as :class:`rich.text.Text`,
never as markup, so a name such as ``[bold]`` prints as itself.
"""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Optional

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from whofunds.graph.io import GraphFileError, neutralise_formulas, read_graph
from whofunds.terminal import SafeConsole, csv_for_stdout, escape_json, json_text

FORMAT_CHOICES = ("graphml", "gexf", "json")
LARGE_GRAPH_EDGES = 200_000
RANK_TABLE_COLUMNS = ("in_links", "out_links", "pagerank", "pagerank_money", "betweenness")


def _console() -> Console:
    return SafeConsole(soft_wrap=False, highlight=False)


def _fail(message: str, code: int = 1) -> None:
    SafeConsole(stderr=True, highlight=False).print(Text(f"error: {message}", style="bold red"))
    raise typer.Exit(code)


def _load(path: Path):
    try:
        return read_graph(path)
    except GraphFileError as exc:
        _fail(str(exc), code=2)


def _cell(value) -> Text:
    if isinstance(value, float):
        if math.isnan(value):
            return Text("NaN", style="dim")
        return Text(f"{value:.4g}")
    return Text("" if value is None else str(value))


def _frame_table(frame: pd.DataFrame, title: str, index_name: str | None = "id") -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right", style="dim")
    if index_name:
        table.add_column(index_name, overflow="fold")
    for col in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col])
        table.add_column(col, justify="right" if numeric else "left", overflow="fold")
    for i, (idx, row) in enumerate(frame.iterrows(), start=1):
        cells = [_cell(idx)] if index_name else []
        table.add_row(str(i), *cells, *(_cell(v) for v in row))
    return table


def _emit_frame(frame: pd.DataFrame, title: str, as_csv: bool, as_json: bool,
                shown: list[str] | None = None) -> None:
    if as_csv and as_json:
        _fail("choose one of --csv and --json")
    if as_csv:
        sys.stdout.write(csv_for_stdout(neutralise_formulas(frame).to_csv()))
    elif as_json:
        sys.stdout.write(escape_json(frame.reset_index().to_json(orient="records", force_ascii=False, indent=1)) + "\n")
    else:
        console = _console()
        console.print(_frame_table(frame[shown], title, None) if shown else _frame_table(frame, title))
        for note in frame.attrs.get("notes", []):
            console.print(Text(f"note: {note}", style="yellow"))


def rank_command(
    graph: Path = typer.Argument(..., help="graph.json written by `whofunds build`."),
    by: str = typer.Option("pagerank", "--by", help="Column to rank by: pagerank, pagerank_money, betweenness, "
                           "eigenvector, in_degree, out_degree, degree, in_links, out_links."),
    entity_type: Optional[list[str]] = typer.Option(None, "--type", help="Only rows of this entity type (repeatable)."),
    relation: Optional[list[str]] = typer.Option(None, "--relation",
                                                 help="Compute on these relation types only (repeatable)."),
    top: int = typer.Option(20, "--top", help="How many rows (0 = all)."),
    k: Optional[int] = typer.Option(None, "--k", help="Sample k sources for betweenness (default: exact when small)."),
    seed: int = typer.Option(42, "--seed", help="Seed for sampled betweenness."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV instead of a table."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON records instead of a table."),
) -> None:
    """Rank nodes by a centrality: who are the hubs."""
    from whofunds.graph.analysis import centrality_frame, rank

    G = _load(graph)
    try:
        # Betweenness is the one slow score (Python searches): on large graphs only when asked for.
        frame = centrality_frame(G, entity_types=entity_type or None, relation_types=relation or None,
                                 betweenness_k=k, seed=seed,
                                 with_betweenness=by == "betweenness" or G.number_of_edges() <= LARGE_GRAPH_EDGES)
        ranked = rank(frame, by=by, top=top or None)
    except KeyError as exc:
        _fail(exc.args[0] if exc.args else str(exc))
    what = f"{', '.join(entity_type)} " if entity_type else ""
    # The terminal shows the ranking column and the readable ones; --csv/--json give every column.
    shown = ["name", "type", by] + [c for c in RANK_TABLE_COLUMNS if c != by]
    _emit_frame(ranked, f"Top {len(ranked)} {what}nodes by {by} — {graph}", as_csv, as_json, shown)


def _money(edge: dict) -> str:
    parts = []
    if edge.get("amount_text"):
        parts.append(str(edge["amount_text"]))
    elif edge.get("amount") is not None:
        parts.append(f"{edge.get('currency') or ''} {edge['amount']:,.0f}".strip())
    if edge.get("stake") is not None:
        parts.append(f"stake {edge['stake']:g}%")
    if edge.get("year"):
        parts.append(str(edge["year"]))
    if edge.get("status"):
        parts.append(str(edge["status"]))
    return ", ".join(parts)


def _trail_tree(G, trail, max_evidence: int) -> Tree:
    from whofunds.graph.lookup import describe_node

    up = trail.direction == "up"
    head = Text("Funders of " if up else "Portfolio of ", style="bold")
    head.append(describe_node(G, trail.root))
    head.append(f"  (via {', '.join(trail.relation_types)})", style="dim")
    tree = Tree(head)
    label = "Ultimate controllers" if up else "End holdings"
    tree.add(Text(f"{label}: ", style="bold green").append(
        "; ".join(describe_node(G, n) for n in trail.ultimate) or "none"))
    for f in trail.funders:
        line = Text(f"{f.name}", style="bold")
        line.append(f" ({f.type}, {f.node}) — {f.distance} hop{'s' if f.distance != 1 else ''}", style="")
        if f.ultimate:
            line.append("  ultimate controller" if up else "  end holding", style="green")
        branch = tree.add(line)
        for path in f.paths:
            names = " → ".join(str(G.nodes[n].get("name", n)) for n in path.nodes)
            pline = Text(f"path: {names}")
            stake = path.effective_stake
            pline.append(f"   effective stake {stake:g}%" if stake is not None else "   effective stake unknown",
                         style="cyan")
            pbranch = branch.add(pline)
            for hop in path.hops:
                for edge in hop.edges:
                    src = G.nodes[hop.source].get("name", hop.source)
                    dst = G.nodes[hop.target].get("name", hop.target)
                    hline = Text(f"{src} —{edge['type']}→ {dst}")
                    details = _money(edge)
                    if details:
                        hline.append(f"  [{details}]", style="magenta")
                    hbranch = pbranch.add(hline)
                    for ev in edge["evidence"][:max_evidence]:
                        where = ev.get("path") or ev.get("doc_id") or "?"
                        hbranch.add(Text(f"“{ev.get('sentence', '')}” — {where}", style="dim"))
                    if len(edge["evidence"]) > max_evidence:
                        hbranch.add(Text(f"… {len(edge['evidence']) - max_evidence} more", style="dim"))
    if trail.truncated:
        tree.add(Text("paths truncated (raise --max-depth / --max-paths); every funder is still listed",
                      style="yellow"))
    return tree


def trace_command(
    graph: Path = typer.Argument(..., help="graph.json written by `whofunds build`."),
    name: str = typer.Argument(..., help="Name, alias or node id of the entity (fuzzy matched)."),
    down: bool = typer.Option(False, "--down", help="Follow the money down: the portfolio instead of the funders."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a tree."),
    max_depth: int = typer.Option(12, "--max-depth", help="Longest path enumerated, in hops."),
    max_paths: int = typer.Option(5000, "--max-paths", help="Most paths enumerated."),
    max_evidence: int = typer.Option(3, "--evidence", help="Sentences shown per edge in the tree."),
) -> None:
    """Money trail: every upstream funder (or, with --down, holding) with paths, stakes and evidence."""
    from whofunds.graph.lookup import resolve_node
    from whofunds.graph.trace import money_trail

    G = _load(graph)
    try:
        node = resolve_node(G, name)
    except LookupError as exc:
        _fail(str(exc.args[0]))
    trail = money_trail(G, node, direction="down" if down else "up", max_depth=max_depth, max_paths=max_paths)
    if as_json:
        data = trail.to_dict()
        involved = {trail.root, *(f.node for f in trail.funders)}
        data["nodes"] = {n: {"name": G.nodes[n].get("name", n), "type": G.nodes[n].get("type")}
                         for n in sorted(involved, key=str)}
        sys.stdout.write(json_text(data, indent=1) + "\n")
        return
    _console().print(_trail_tree(G, trail, max_evidence))
    if not trail.funders:
        _console().print(Text("no " + ("holdings" if down else "funders") + " found through money relations",
                              style="yellow"))


def communities_command(
    graph: Path = typer.Argument(..., help="graph.json written by `whofunds build`."),
    top: int = typer.Option(15, "--top", help="How many communities and brokers to show (0 = all)."),
    resolution: float = typer.Option(1.0, "--resolution", help="Louvain resolution: higher gives smaller groups."),
    seed: int = typer.Option(42, "--seed", help="Louvain seed."),
    relation: Optional[list[str]] = typer.Option(None, "--relation", help="Only these relation types (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON: communities and brokers."),
) -> None:
    """Clusters (Louvain) and the brokers that bridge them."""
    from whofunds.graph.communities import brokers_frame, communities, communities_frame

    G = _load(graph)
    try:
        parts = communities(G, relation_types=relation or None, resolution=resolution, seed=seed)
    except KeyError as exc:
        _fail(exc.args[0] if exc.args else str(exc))
    comms = communities_frame(G, parts)
    brokers = brokers_frame(G, parts, seed=seed)
    if top:
        comms, brokers = comms.head(top), brokers.head(top)
    if as_json:
        out = {"communities": comms.reset_index().to_dict(orient="records"),
               "brokers": brokers.reset_index().to_dict(orient="records")}
        sys.stdout.write(json_text(out, indent=1, default=str) + "\n")
        return
    console = _console()
    console.print(_frame_table(comms, f"{len(parts)} communities (Louvain, seed {seed}) — {graph}", "community"))
    if brokers.empty:
        console.print(Text("Brokers: no node has ties into two or more communities", style="yellow"))
    else:
        console.print(_frame_table(brokers, "Brokers: nodes tied into several communities"))


def export_command(
    graph: Path = typer.Argument(..., help="graph.json written by `whofunds build`."),
    fmt: str = typer.Option(..., "--format", "-f", help="graphml, gexf or json (node-link)."),
    out: Path = typer.Option(..., "--out", "-o", help="File to write."),
) -> None:
    """Export the graph for Gephi and other tools (lists encoded as JSON text)."""
    from whofunds.graph.export import export_graph

    if fmt not in FORMAT_CHOICES:
        _fail(f"unknown format {fmt!r}; choose one of: {', '.join(FORMAT_CHOICES)}", code=2)
    G = _load(graph)
    if out.is_dir():
        _fail(f"{out} is a folder; give the export a file name, such as {out / ('graph.' + fmt)}", code=2)
    try:
        export_graph(G, out, fmt)
    except OSError as exc:
        from whofunds.outputs import output_error_reason

        _fail(f"cannot write {out}: {output_error_reason(exc)}", code=2)
    _console().print(Text(f"wrote {out} ({fmt}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges)"))


def register(app: typer.Typer) -> None:
    app.command("rank")(rank_command)
    app.command("trace")(trace_command)
    app.command("communities")(communities_command)
    app.command("export")(export_command)
