"""``whofunds build``: documents in, graph and map out, with a one-screen summary."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer
from rich.console import Console
from rich.markup import escape  # paths and reasons are untrusted text, not markup
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from whofunds.commands.output import (
    EXIT_ERROR, EXIT_INPUT, EXIT_SOME_FAILED, csv_option, fail, json_option, output_format, print_records,
)
from whofunds.terminal import SafeConsole, json_text


def register(app: typer.Typer) -> None:
    app.command("build")(build_command)


def build_command(
    inputs: List[Path] = typer.Argument(..., help="Files, folders (searched recursively) or globs: documents "
                                        "(.txt/.md/.html/.pdf), registry tables (.csv/.tsv/.xlsx) and "
                                        "FollowTheMoney entity files (.ftm.json)."),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for graph.json, nodes.csv, edges.csv, map.html."),
    aliases: Optional[Path] = typer.Option(None, "--aliases", help="Alias file (merges/splits kept across builds). "
                                           "Default: ./aliases.yaml, else ./data/aliases.yaml, if present."),
    columns: Optional[Path] = typer.Option(None, "--columns", help="YAML mapping of table fields to your headers "
                                           "(company, shareholder, stake, capital, currency, date, control, "
                                           "shareholder_type, officer, role); docs/registry.md."),
    column: Optional[List[str]] = typer.Option(None, "--column", help="One table field's header, FIELD=HEADER, "
                                               "e.g. stake=持股比例 (repeatable; before --columns)."),
    strict: bool = typer.Option(False, "--strict", help="Fail (write nothing) if any input (or table row) cannot be read."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Re-extract every document."),
    workers: int = typer.Option(0, "--workers", "-j", help="NLP worker processes (0: choose)."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", metavar="ADDRESS",
        help="Read and extract on a Dask cluster: a scheduler address (tcp://HOST:8786) or local:N for N worker "
             "processes on this machine. Same graph as a local build (docs/scale.md)."),
    partition_size: int = typer.Option(0, "--partition-size", help="With --scheduler: documents per task (0: choose)."),
    max_mb: float = typer.Option(20.0, "--max-mb", help="Skip documents larger than this many megabytes."),
    no_map: bool = typer.Option(False, "--no-map", help="Do not write map.html."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only errors."),
    as_json: bool = json_option("Print the summary as JSON instead of tables."),
    as_csv: bool = csv_option("Print the summary's counts by type as CSV instead of tables."),
) -> None:
    """Build the knowledge graph from documents.

    The four outputs in --out are replaced together, and only by a build that succeeds: after any
    failure (no readable input, --strict, a full disk, a kill) the previous ones are left as they were.
    """
    from whofunds.cluster import ClusterError
    from whofunds.outputs import OutputError, output_error_reason
    from whofunds.pipeline import StrictFailure, build

    from whofunds.loaders.registry import ColumnMap

    fmt = output_format(as_json, as_csv)
    if scheduler is not None and workers:
        fail("-j/--workers is for a build on this machine; with --scheduler the cluster's workers do the work "
             "(local:N for N processes here)")
    try:
        column_map = ColumnMap.read(columns, column or [])
    except ValueError as exc:
        errors = SafeConsole(stderr=True)
        errors.print(f"[red]error[/]: {escape(str(exc))}", highlight=False)
        raise typer.Exit(EXIT_INPUT)

    console = SafeConsole(stderr=True, quiet=quiet)  # progress and notes
    errors = SafeConsole(stderr=True)  # problems print even with --quiet
    if aliases is None:
        from whofunds.commands.aliases import default_alias_file

        aliases = default_alias_file()

    with Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("docs", total=None)
        try:
            report = build(inputs, out, aliases=aliases, use_cache=not no_cache, n_process=workers,
                           max_bytes=int(max_mb * 1e6), write_map=not no_map, strict=strict,
                           on_documents=lambda n: bar.update(task, total=n),
                           progress=lambda k: bar.advance(task, k), columns=column_map, scheduler=scheduler,
                           partition_size=partition_size,
                           notify=lambda message: errors.print(f"[yellow]cluster[/]: {escape(message)}",
                                                               highlight=False),
                           status=lambda line: console.print(f"cluster: {escape(line)}", highlight=False))
        except StrictFailure as exc:
            for f in exc.failures:
                errors.print(f"[red]error[/]: {escape(f.path)}: {escape(f.reason)}", highlight=False)
            errors.print(f"[red]--strict: {escape(str(exc))}[/]")
            raise typer.Exit(EXIT_INPUT)
        except ClusterError as exc:  # unreachable scheduler, no workers, workers that cannot see the inputs
            errors.print(f"[red]error[/]: {escape(str(exc))}; nothing was written", highlight=False)
            raise typer.Exit(EXIT_ERROR)
        except OutputError as exc:  # --out is a file, cannot be created, or another build holds its lock
            errors.print(f"[red]error[/]: {escape(str(exc))}", highlight=False)
            raise typer.Exit(EXIT_ERROR)
        except ValueError as exc:  # an input that cannot be used (the alias file)
            errors.print(f"[red]error[/]: {escape(str(exc))}", highlight=False)
            raise typer.Exit(EXIT_INPUT)
        except OSError as exc:  # a full disk, a folder that turned read-only, ... while writing
            where = f"{exc.filename}: " if exc.filename else ""
            errors.print(f"[red]error[/]: {escape(where + output_error_reason(exc))}; nothing was replaced in "
                         f"{escape(str(out))}, the previous outputs are as they were", highlight=False)
            raise typer.Exit(EXIT_ERROR)

    for f in report.failures:
        errors.print(f"[yellow]skipped[/] {escape(f.path)}: {escape(f.reason)}", highlight=False)
    for w in report.warnings:
        errors.print(f"[yellow]warning[/]: {escape(w)}", highlight=False)
    if report.documents == 0:
        errors.print(f"[red]no readable documents[/]: nothing was written; the outputs in {escape(str(out))} "
                     "(if any) are as they were", highlight=False)
        raise typer.Exit(EXIT_INPUT)
    if fmt == "json":
        import sys

        sys.stdout.write(json_text(summary_data(report), indent=1) + "\n")
    elif fmt == "csv":
        print_records(summary_data(report)["counts"], ["kind", "type", "count"], fmt)
    elif not quiet:
        print_summary(SafeConsole(), report)
    if report.failures:
        raise typer.Exit(EXIT_SOME_FAILED)


TOP = 10


def top_funders(G, top: int = TOP) -> list[dict]:
    """The ``top`` entities by money reach (``rank``'s default: who matters as a funder), places left out."""
    from whofunds.graph.analysis import money_reach
    from whofunds.graph.schema import SCHEMA

    places = set(SCHEMA.types("Place"))
    reach = money_reach(G)
    ranked = sorted((n for n in G if G.nodes[n].get("type") not in places),
                    key=lambda n: (-reach.get(n, 0.0), str(G.nodes[n].get("name", n))))
    return [{"id": n, "name": G.nodes[n].get("name", n), "type": G.nodes[n].get("type"),
             "money_reach": round(reach.get(n, 0.0), 6), "links": G.degree(n)} for n in ranked[:top]]


def summary_data(report) -> dict:
    """The build's summary as data (``--json``): documents, counts by type, failures, top funders."""
    G = report.graph
    counts = [{"kind": "entity", "type": t, "count": c}
              for t, c in sorted(Counter(d.get("type") for _, d in G.nodes(data=True)).items())]
    counts += [{"kind": "relation", "type": t, "count": c}
               for t, c in sorted(Counter(d.get("type") for _, _, d in G.edges(data=True)).items())]
    return {"documents": report.documents, "cached": report.cached, "structured": report.structured,
            "table_rows": report.rows, "table_rows_loaded": report.rows_loaded, "entities": G.number_of_nodes(),
            "relations": G.number_of_edges(), "counts": counts,
            "failures": [{"path": f.path, "reason": f.reason} for f in report.failures],
            "top_funders": top_funders(G), "out_dir": str(report.out_dir) if report.out_dir else None,
            **({"cluster": cluster_summary(report.cluster)} if report.cluster is not None else {})}


def cluster_summary(info: dict) -> dict:
    """A cluster build's workers (paths read, failures), losses and retries, for the summary."""
    return {"scheduler": info["scheduler"], "partitions": info.get("partitions", 0),
            "workers": [{"worker": w, "paths": s["paths"], "failures": s["failures"], "partitions": s["partitions"],
                         "peak_rss_mb": s.get("peak_rss_mb")} for w, s in sorted(info["workers"].items())],
            "lost_workers": list(info["lost_workers"]), "retried_partitions": info["retried_partitions"],
            "killed_worker": list(info["killed_worker"])}


def print_summary(console: Console, report) -> None:
    G = report.graph
    nodes = Counter(d.get("type") for _, d in G.nodes(data=True))
    edges = Counter(d.get("type") for _, _, d in G.edges(data=True))
    structured = (f", {report.structured} tables or entity files ({report.rows_loaded:,} of {report.rows:,} table "
                  f"rows loaded)" if report.structured or report.rows else "")
    console.print(f"[bold]{report.documents}[/] documents ({report.cached} from cache{structured}), "
                  f"[bold]{G.number_of_nodes()}[/] entities, [bold]{G.number_of_edges()}[/] relations, "
                  f"{len(report.failures)} failed inputs")
    counts = Table(title="By type", show_edge=False)
    counts.add_column("entity type")
    counts.add_column("n", justify="right")
    counts.add_column("relation type")
    counts.add_column("n", justify="right")
    left, right = sorted(nodes.items()), sorted(edges.items())
    for i in range(max(len(left), len(right))):
        a = left[i] if i < len(left) else ("", "")
        b = right[i] if i < len(right) else ("", "")
        counts.add_row(str(a[0]), str(a[1]), str(b[0]), str(b[1]))
    console.print(counts)
    table = Table(title=f"Top {TOP} funders by money reach (whofunds rank; places left out)", show_edge=False)
    for col in ("name", "type", "money reach", "links"):
        table.add_column(col)
    for row in top_funders(G):
        table.add_row(escape(str(row["name"])), str(row["type"] or ""), f"{row['money_reach']:.3f}", str(row["links"]))
    console.print(table)
    if report.cluster is not None:
        c = cluster_summary(report.cluster)
        per_worker = "; ".join(f"{escape(w['worker'])}: {w['paths']} paths, {w['failures']} failed"
                               + (f", peak {w['peak_rss_mb']:,.0f} MB" if w["peak_rss_mb"] else "")
                               for w in c["workers"])
        console.print(f"cluster {escape(c['scheduler'])}: {c['partitions']} partitions on {len(c['workers'])} "
                      f"workers ({per_worker}); {len(c['lost_workers'])} workers lost, "
                      f"{c['retried_partitions']} partitions retried", highlight=False)
    if report.out_dir:
        console.print(f"outputs in [bold]{escape(str(report.out_dir))}[/]: graph.json, nodes.csv, edges.csv, map.html "
                      f"(open {escape(str(report.out_dir / 'map.html'))} in a browser)")
