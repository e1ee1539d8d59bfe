"""``whofunds evaluate``: score a built graph against an answer key, per relation type."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from whofunds.terminal import SafeConsole, json_text


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate_command)


def evaluate_command(
    graph: Path = typer.Argument(..., help="graph.json written by `whofunds build`."),
    gold: Path = typer.Argument(..., help="Answer key YAML (entities and relations, as in shared/gold/seeds.yaml)."),
    as_json: bool = typer.Option(False, "--json", help="Print the whole result as JSON."),
    show: int = typer.Option(10, "--show", help="How many misses of each kind to list."),
) -> None:
    """Precision, recall and F1 of entities and relations against an annotated answer key."""
    from whofunds.graph.evaluate import score_files

    console = SafeConsole()
    try:
        res = score_files(graph, gold)
    except ValueError as exc:
        SafeConsole(stderr=True).print(f"[red]error[/]: {exc}", highlight=False)
        raise typer.Exit(2)
    if as_json:
        print(json_text(res, indent=2))
        return
    e, r = res["entities"], res["relations"]
    c = res["counts"]
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
            console.print(f"[bold]{key.replace('_', ' ')}[/]: " + "; ".join(items[:show]) + more, highlight=False)
    print(f"relation_f1={r['f1']:.3f}")
