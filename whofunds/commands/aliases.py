"""``whofunds alias``: record merge, split and drop decisions that every later build applies."""
from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
import yaml
from rich.table import Table

from whofunds.commands.output import csv_option, json_option, output_format, print_records
from whofunds.graph.io import atomic_write_text
from whofunds.graph.schema import SCHEMA
from whofunds.terminal import SafeConsole

DEFAULT_FILES = (Path("aliases.yaml"), Path("data") / "aliases.yaml")
HEADER = ("# whofunds alias file: decisions that every build applies (whofunds build --aliases FILE).\n"
          "# merge: these names are one entity (name, type, aliases)\n"
          "# split: never join this name to a longer one by short-name rules\n"
          "# drop:  names that are never entities\n")

alias_app = typer.Typer(help="Record entity-resolution decisions (merge, split, drop) in an alias file.",
                        no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(alias_app, name="alias")


def default_alias_file() -> Path | None:
    """The alias file a build uses when none is given: ./aliases.yaml, else ./data/aliases.yaml."""
    return next((p for p in DEFAULT_FILES if p.is_file()), None)


def _load(path: Path) -> dict:
    if not path.exists():
        return {"merge": [], "split": [], "drop": []}
    try:
        raw = yaml.safe_load(path.read_text("utf-8")) or {}
    except yaml.YAMLError as exc:
        raise typer.BadParameter(f"{path}: not valid YAML ({exc})")
    if not isinstance(raw, dict):
        raise typer.BadParameter(f"{path}: an alias file is a mapping with merge/split/drop lists")
    return {k: list(raw.get(k) or []) for k in ("merge", "split", "drop")}


def _save(path: Path, data: dict) -> None:
    atomic_write_text(path, HEADER + yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


FileOption = typer.Option(None, "--file", "-f", help="Alias file (default: ./aliases.yaml or ./data/aliases.yaml).")


def _file(path: Optional[Path]) -> Path:
    return path or default_alias_file() or DEFAULT_FILES[0]


@alias_app.command("merge")
def merge(name: str = typer.Argument(..., help="The name to keep."),
          aliases: List[str] = typer.Argument(..., help="Other names of the same entity."),
          type_: Optional[str] = typer.Option(None, "--type", "-t", help="Entity type to force."),
          file: Optional[Path] = FileOption) -> None:
    """NAME and ALIASES are one entity."""
    if type_ is not None and type_ not in SCHEMA.entity_types:
        raise typer.BadParameter(f"unknown type {type_!r}; one of {', '.join(SCHEMA.entity_types)}")
    path = _file(file)
    data = _load(path)
    entry = next((e for e in data["merge"] if e.get("name") == name), None)
    if entry is None:
        entry = {"name": name, "aliases": []}
        data["merge"].append(entry)
    entry["aliases"] = sorted(set(entry.get("aliases", [])) | set(aliases))
    if type_:
        entry["type"] = type_
    _save(path, data)
    SafeConsole().print(f"{path}: {name} = {', '.join(entry['aliases'])}", highlight=False)


@alias_app.command("split")
def split(name: str, file: Optional[Path] = FileOption) -> None:
    """Never join NAME to a longer name by short-name rules ("Tsinghua" is not "Tsinghua Unigroup")."""
    path = _file(file)
    data = _load(path)
    if not any(e.get("name") == name for e in data["split"]):
        data["split"].append({"name": name})
    _save(path, data)
    SafeConsole().print(f"{path}: split {name}", highlight=False)


@alias_app.command("drop")
def drop(name: str, file: Optional[Path] = FileOption) -> None:
    """NAME is never an entity."""
    path = _file(file)
    data = _load(path)
    if name not in data["drop"]:
        data["drop"].append(name)
    _save(path, data)
    SafeConsole().print(f"{path}: drop {name}", highlight=False)


@alias_app.command("list")
def list_(file: Optional[Path] = FileOption, as_json: bool = json_option(), as_csv: bool = csv_option()) -> None:
    """Show the decisions in the alias file."""
    from rich.markup import escape

    fmt = output_format(as_json, as_csv)
    path = _file(file)
    data = _load(path)
    rows = ([{"decision": "merge", "name": e.get("name", ""), "type": e.get("type", ""),
              "aliases": list(e.get("aliases", []))} for e in data["merge"]]
            + [{"decision": "split", "name": e.get("name", ""), "type": "", "aliases": []} for e in data["split"]]
            + [{"decision": "drop", "name": str(name), "type": "", "aliases": []} for name in data["drop"]])
    if fmt != "table":
        print_records(rows, ["decision", "name", "type", "aliases"], fmt)
        return
    table = Table(title=escape(str(path)), show_edge=False)
    for col in ("decision", "name", "type", "aliases"):
        table.add_column(col)
    for row in rows:
        table.add_row(row["decision"], escape(row["name"]), row["type"], escape(", ".join(row["aliases"])))
    SafeConsole().print(table)
