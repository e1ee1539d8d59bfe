"""Analysis commands: ``rank``, ``trace``, ``communities``, ``export``.

Text read from documents (names, sentences) reaches the terminal as :class:`rich.text.Text`,
never as markup, so a name such as ``[bold]`` prints as itself.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.text import Text
from rich.tree import Tree

from whofunds.commands.output import (
    EXIT_ERROR, EXIT_INPUT, csv_option, fail, json_option, not_found, output_format, print_records,
)
from whofunds.graph.io import GraphFileError, read_graph
from whofunds.terminal import SafeConsole, json_text

FORMAT_CHOICES = ("ftm", "gexf", "graphml", "json")
LARGE_GRAPH_EDGES = 200_000
RANK_TABLE_COLUMNS = ("money_reach", "pagerank_money", "pagerank", "in_links", "out_links", "betweenness")
MEMBERS_SHOWN = 5


def _console() -> Console:
    return SafeConsole(soft_wrap=False, highlight=False)


def _load(path: Path, since: int | None = None, until: int | None = None):
    try:
        G = read_graph(path)
    except GraphFileError as exc:
        fail(str(exc), code=EXIT_INPUT)
    return _period(G, since, until)


def _period(G, since: int | None, until: int | None):
    """``G`` with only the evidence dated within ``--since``/``--until`` (graph/period.py)."""
    from whofunds.graph.period import within

    try:
        return within(G, since, until)
    except ValueError as exc:
        fail(str(exc))


def since_option() -> Optional[int]:
    return typer.Option(None, "--since", help="Only evidence dated this year or later (the year it states, a "
                        "table's date, else its document's publication date); undated evidence is left out.")


def until_option() -> Optional[int]:
    return typer.Option(None, "--until", help="Only evidence dated this year or earlier.")


def _period_note(G) -> None:
    from whofunds.graph.period import describe

    note = describe(G)
    if note:
        SafeConsole(stderr=True, soft_wrap=True, highlight=False).print(Text(f"note: {note}", style="yellow"))


def _frame_records(frame) -> tuple[list[dict], list[str]]:
    """A frame indexed by id as rows (the index first, as ``id``) and its columns."""
    data = frame.reset_index()
    return data.to_dict(orient="records"), [str(c) for c in data.columns]


def rank_command(
    graph: Path = typer.Argument(..., help="graph.json written by `whofunds build`."),
    by: str = typer.Option("money_reach", "--by", help="Column to rank by: money_reach (who matters as a funder: "
                           "PageRank on the reversed funding graph), pagerank, pagerank_money, betweenness, "
                           "eigenvector, in_degree, out_degree, degree, in_links, out_links."),
    entity_type: Optional[list[str]] = typer.Option(None, "--type", help="Only rows of this entity type or "
                                                    "group, e.g. Fund, Place (repeatable)."),
    places: bool = typer.Option(False, "--places", help="Keep places (cities, provinces, ...) in the ranking; "
                                "they are left out unless asked for here or with --type."),
    relation: Optional[list[str]] = typer.Option(None, "--relation",
                                                 help="Compute on these relation types only (repeatable)."),
    top: int = typer.Option(20, "--top", help="How many rows (0 = all)."),
    k: Optional[int] = typer.Option(None, "--k", help="Sample k sources for betweenness (default: exact when small)."),
    seed: int = typer.Option(42, "--seed", help="Seed for sampled betweenness."),
    since: Optional[int] = since_option(),
    until: Optional[int] = until_option(),
    as_csv: bool = csv_option(),
    as_json: bool = json_option(),
) -> None:
    """Rank nodes: by default who matters for the money (funders by what they reach), places left out."""
    from whofunds.graph.analysis import centrality_frame, rank
    from whofunds.graph.schema import SCHEMA

    fmt = output_format(as_json, as_csv)
    G = _load(graph, since, until)
    _period_note(G)
    try:
        types = SCHEMA.types(entity_type) if entity_type else None
        # Betweenness is the one slow score (Python searches): on large graphs only when asked for.
        frame = centrality_frame(G, entity_types=types, relation_types=relation or None,
                                 betweenness_k=k, seed=seed,
                                 with_betweenness=by == "betweenness" or G.number_of_edges() <= LARGE_GRAPH_EDGES)
        notes = list(frame.attrs.get("notes", []))
        if not places and not entity_type:
            hidden = frame["type"].isin(SCHEMA.types("Place"))
            if hidden.any():
                notes.append(f"{int(hidden.sum())} places left out (--places to rank them too)")
            frame = frame[~hidden]
            frame.attrs["notes"] = notes
        ranked = rank(frame, by=by, top=top or None)
    except KeyError as exc:
        fail(exc.args[0] if exc.args else str(exc))
    what = f"{', '.join(entity_type)} " if entity_type else ""
    rows, columns = _frame_records(ranked)
    # The terminal shows the ranking column and the readable ones; --csv/--json give every column.
    shown = ["id", "name", "type", by] + [c for c in RANK_TABLE_COLUMNS if c != by]
    print_records(rows, columns, fmt, f"Top {len(ranked)} {what}nodes by {by} — {graph}", _console(), shown,
                  numbered=True)
    if fmt == "table":
        for note in notes:
            _console().print(Text(f"note: {note}", style="yellow"))


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
    if edge.get("status") and not edge.get("note"):
        parts.append(str(edge["status"]))
    return ", ".join(parts)


def _trail_tree(G, trail, max_evidence: int) -> Tree:
    from whofunds.graph.lookup import describe_node
    from whofunds.graph.trace import evidence_source

    documents = {d.get("id"): d for d in G.graph.get("documents") or [] if isinstance(d, dict)}

    up = trail.direction == "up"
    head = Text("Funders of " if up else "Portfolio of ", style="bold")
    head.append(describe_node(G, trail.root))
    head.append(f"  (via {', '.join(trail.relation_types)}; see docs/control.md)", style="dim")
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
                    hline.append(f"  ({edge['label']})", style="dim")
                    details = _money(edge)
                    if details:
                        hline.append(f"  [{details}]", style="magenta")
                    hbranch = pbranch.add(hline)
                    if edge.get("note"):
                        hbranch.add(Text(str(edge["note"]), style="dim"))
                    for ev in edge["evidence"][:max_evidence]:
                        where = evidence_source(ev, documents.get(ev.get("doc_id")))
                        hbranch.add(Text(f"“{ev.get('sentence', '')}” — {where}", style="dim"))
                    if len(edge["evidence"]) > max_evidence:
                        hbranch.add(Text(f"… {len(edge['evidence']) - max_evidence} more", style="dim"))
    if trail.truncated:
        tree.add(Text("paths truncated (raise --max-depth / --max-paths); every funder is still listed",
                      style="yellow"))
    return tree


TRACE_COLUMNS = ["root_id", "direction", "node_id", "name", "type", "distance", "ultimate", "path", "path_ids",
                 "relations", "effective_stake"]


def trail_rows(G, trail) -> list[dict]:
    """One row per path of a trail (``--csv`` / the rows of ``--json --rows``)."""
    rows = []
    for f in trail.funders:
        for path in f.paths:
            rows.append({"root_id": trail.root, "direction": trail.direction, "node_id": f.node, "name": f.name,
                         "type": f.type, "distance": f.distance, "ultimate": f.ultimate,
                         "path": [str(G.nodes[n].get("name", n)) for n in path.nodes], "path_ids": list(path.nodes),
                         "relations": [" + ".join(e["type"] for e in hop.edges) for hop in path.hops],
                         "effective_stake": path.effective_stake})
    return rows


def trace_command(
    graph: Path = typer.Argument(..., help="graph.json written by `whofunds build`."),
    name: str = typer.Argument(..., help="Name, alias or node id of the entity (fuzzy matched)."),
    down: bool = typer.Option(False, "--down", help="Follow the money down: the portfolio instead of the funders."),
    relation: Optional[list[str]] = typer.Option(
        None, "--relation", help="Follow only these funding relations (repeatable): INVESTS_IN, CONTROLS, FOUNDED "
        "(founded with capital). Default: all three."),
    as_json: bool = json_option("Print the whole trail as JSON instead of a tree."),
    as_csv: bool = csv_option("Print one row per path as CSV instead of a tree."),
    max_depth: int = typer.Option(12, "--max-depth", help="Longest path enumerated, in hops."),
    max_paths: int = typer.Option(5000, "--max-paths", help="Most paths enumerated."),
    max_evidence: int = typer.Option(3, "--evidence", help="Sentences shown per edge in the tree."),
    since: Optional[int] = since_option(),
    until: Optional[int] = until_option(),
) -> None:
    """Money trail: every upstream funder (or, with --down, holding) with paths, stakes and evidence."""
    from whofunds.graph.lookup import resolve_node
    from whofunds.graph.trace import money_trail

    fmt = output_format(as_json, as_csv)
    G = _load(graph, since, until)
    _period_note(G)
    try:
        node = resolve_node(G, name)
    except LookupError as exc:
        not_found(exc)
    try:
        trail = money_trail(G, node, direction="down" if down else "up", relation_types=relation or None,
                            max_depth=max_depth, max_paths=max_paths)
    except KeyError as exc:
        fail(exc.args[0] if exc.args else str(exc))
    if fmt == "json":
        data = trail.to_dict()
        involved = {trail.root, *(f.node for f in trail.funders)}
        data["nodes"] = {n: {"name": G.nodes[n].get("name", n), "type": G.nodes[n].get("type")}
                         for n in sorted(involved, key=str)}
        sys.stdout.write(json_text(data, indent=1) + "\n")
        return
    if fmt == "csv":
        print_records(trail_rows(G, trail), TRACE_COLUMNS, fmt)
        return
    _console().print(_trail_tree(G, trail, max_evidence))
    if not trail.funders:
        _console().print(Text("no " + ("holdings" if down else "funders") + " found through funding relations",
                              style="yellow"))


COMMUNITY_COLUMNS = ["community", "size", "types", "members", "member_ids"]
MEMBERSHIP_COLUMNS = ["community", "id", "name", "type", "broker", "communities_reached", "participation",
                      "betweenness"]


def communities_command(
    graph: Path = typer.Argument(..., help="graph.json written by `whofunds build`."),
    top: int = typer.Option(15, "--top", help="How many communities and brokers to show (0 = all)."),
    resolution: float = typer.Option(1.0, "--resolution", help="Louvain resolution: higher gives smaller groups."),
    seed: int = typer.Option(42, "--seed", help="Louvain seed."),
    relation: Optional[list[str]] = typer.Option(None, "--relation", help="Only these relation types (repeatable)."),
    as_json: bool = json_option("Print JSON: communities (with every member) and brokers."),
    as_csv: bool = csv_option("Print CSV: one row per entity, with its community and broker scores."),
) -> None:
    """Clusters (Louvain) and the brokers that bridge them."""
    from whofunds.graph.communities import brokers_frame, communities, communities_frame

    fmt = output_format(as_json, as_csv)
    G = _load(graph)
    try:
        parts = communities(G, relation_types=relation or None, resolution=resolution, seed=seed)
    except KeyError as exc:
        fail(exc.args[0] if exc.args else str(exc))
    comms = communities_frame(G, parts)
    brokers = brokers_frame(G, parts, seed=seed)
    if fmt == "csv":
        rows = []
        for i, part in comms.iterrows():
            for node, name in zip(part["member_ids"], part["members"]):
                b = brokers.loc[node] if node in brokers.index else None
                rows.append({"community": i, "id": node, "name": name, "type": G.nodes[node].get("type"),
                             "broker": b is not None,
                             **{c: (None if b is None else b[c])
                                for c in ("communities_reached", "participation", "betweenness")}})
        print_records(rows, MEMBERSHIP_COLUMNS, fmt)
        return
    if top:
        comms, brokers = comms.head(top), brokers.head(top)
    if fmt == "json":
        out = {"communities": comms.reset_index().to_dict(orient="records"),
               "brokers": brokers.reset_index().to_dict(orient="records")}
        sys.stdout.write(json_text(out, indent=1, default=str) + "\n")
        return
    console = _console()
    rows = []
    for i, part in comms.iterrows():
        members = list(part["members"])
        more = len(members) - MEMBERS_SHOWN
        shown = "; ".join(members[:MEMBERS_SHOWN]) + (f"; … +{more} more" if more > 0 else "")
        rows.append({"community": i, "size": part["size"], "types": part["types"], "members": shown})
    print_records(rows, ["community", "size", "types", "members"], "table",
                  f"{len(parts)} communities (Louvain, seed {seed}) — {graph}", console)
    if brokers.empty:
        console.print(Text("Brokers: no node has ties into two or more communities", style="yellow"))
    else:
        b_rows, b_cols = _frame_records(brokers)
        print_records(b_rows, b_cols, "table", "Brokers: nodes tied into several communities", console,
                      numbered=True)
    if any(len(m) > MEMBERS_SHOWN for m in comms["members"]):
        console.print(Text("members: the best-connected first; --json or --csv list every member", style="dim"))


def export_command(
    args: list[str] = typer.Argument(..., metavar="[FORMAT] GRAPH",
                                     help="The format (ftm, gexf, graphml, json; or give --format) and the graph.json "
                                          "written by `whofunds build`: `whofunds export ftm out/graph.json -o x.ftm.json`."),
    fmt: Optional[str] = typer.Option(None, "--format", "-f", help="ftm (FollowTheMoney entities), gexf, graphml "
                                      "(Gephi) or json (node-link)."),
    out: Path = typer.Option(..., "--out", "-o", help="File to write."),
) -> None:
    """Export the graph: FollowTheMoney entities (Aleph, OpenSanctions), Gephi-ready GEXF/GraphML, node-link JSON."""
    from whofunds.graph.export import export_graph

    if len(args) == 2:
        if fmt is not None and fmt != args[0]:
            fail(f"two formats given: {args[0]!r} and --format {fmt!r}", code=EXIT_INPUT)
        fmt, graph = args[0], Path(args[1])
    elif len(args) == 1 and fmt is not None:
        graph = Path(args[0])
    else:
        fail("give the format and the graph: whofunds export ftm out/graph.json -o graph.ftm.json", code=EXIT_INPUT)
    if fmt not in FORMAT_CHOICES:
        fail(f"unknown format {fmt!r}; choose one of: {', '.join(FORMAT_CHOICES)}", code=EXIT_INPUT)
    G = _load(graph)
    if out.is_dir():  # an output that cannot be written: the command cannot do what was asked
        fail(f"{out} is a folder; give the export a file name, such as {out / ('graph.' + fmt)}", EXIT_ERROR)
    note = ""
    try:
        if fmt == "ftm":
            from whofunds.graph.ftm import write_ftm

            export = write_ftm(G, out)
            left = {**export.left_out_nodes, **export.left_out_edges}
            note = f"{len(export.entities)} FollowTheMoney entities" + (
                "; FtM has no place for " + ", ".join(f"{n} {k}" for k, n in sorted(left.items())) if left else "")
        else:
            export_graph(G, out, fmt)
    except OSError as exc:
        from whofunds.outputs import output_error_reason

        fail(f"cannot write {out}: {output_error_reason(exc)}", EXIT_ERROR)
    _console().print(Text(f"wrote {out} ({fmt}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges"
                          + (f"; {note}" if note else "") + ")"))


def register(app: typer.Typer) -> None:
    app.command("rank")(rank_command)
    app.command("trace")(trace_command)
    app.command("communities")(communities_command)
    app.command("export")(export_command)
