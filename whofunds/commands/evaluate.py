"""``whofunds evaluate``: score a built graph against an answer key, per relation type."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from whofunds.commands.output import EXIT_INPUT, csv_option, fail, json_option, output_format, print_records
from whofunds.terminal import SafeConsole, json_text


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate_command)


def evaluate_command(
    graph: Path = typer.Argument(..., help="graph.json written by `whofunds build`."),
    gold: Path = typer.Argument(..., help="Answer key YAML (entities and relations, as in shared/gold/seeds.yaml)."),
    as_json: bool = json_option("Print the whole result as JSON."),
    as_csv: bool = csv_option("Print the scores table (entities, relations, each relation type) as CSV."),
    show: int = typer.Option(10, "--show", help="How many misses of each kind to list."),
) -> None:
    """Precision, recall and F1 of entities and relations against an annotated answer key."""
    from whofunds.graph.evaluate import score_files

    fmt = output_format(as_json, as_csv)
    console = SafeConsole()
    try:
        res = score_files(graph, gold)
    except ValueError as exc:
        fail(str(exc), EXIT_INPUT)
    if fmt == "json":
        print(json_text(res, indent=2))
        return
    e, r = res["entities"], res["relations"]
    c = res["counts"]
    if fmt == "csv":
        rows = [{"what": label.strip(), **{k: v[k] for k in ("precision", "recall", "f1", "tp", "fp", "fn")}}
                for label, v in [("entities", e), ("relations", r), *res["relations_by_type"].items()]]
        print_records(rows, ["what", "precision", "recall", "f1", "tp", "fp", "fn"], fmt)
        return
    console.print(f"graph: {c['graph_nodes']} nodes, {c['graph_edges']} edges; "
                  f"gold: {c['gold_entities']} entities, {c['gold_relations']} relations")
    table = Table(show_edge=False)
    for col in ("", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(col, justify="right" if col else "left")
    rows = [("entities", e), ("relations", r)] + [(f"  {k}", v) for k, v in res["relations_by_type"].items()]
    for label, v in rows:
        table.add_row(label, f"{v['precision']:.2f}", f"{v['recall']:.2f}", f"{v['f1']:.2f}",
                      str(v["tp"]), str(v["fp"]), str(v["fn"]))
    console.print(table)
    console.print(f"entity type accuracy: {res['entity_type_accuracy']:.2f}")
    for key in ("missed_entities", "spurious_entities", "missed_relations", "wrong_relations"):
        items = res[key]
        if items:
            more = f" (+{len(items) - show} more)" if len(items) > show else ""
            console.print(f"[bold]{key.replace('_', ' ')}[/]: " + escape("; ".join(items[:show])) + more, highlight=False)
    print(f"relation_f1={r['f1']:.3f}")
