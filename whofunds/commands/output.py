"""What every command does the same way: ``--json`` / ``--csv`` for its tables, exit codes, errors.

* Wherever a command prints a table, ``--json`` prints the same rows as a JSON list of objects
  (lists stay lists) and ``--csv`` as CSV (lists joined with ``"; "``); one of the two at a time.
* Exit codes: 0 done; :data:`EXIT_ERROR` the command could not do what was asked (a bad option
  value, a server error); :data:`EXIT_INPUT` an input file is missing or unreadable;
  :data:`EXIT_SOME_FAILED` (``build``) some documents could not be read; :data:`EXIT_NOT_FOUND` a
  name that does not identify one entity (none or several match; the message lists them).
* Text from documents reaches the terminal as :class:`rich.text.Text`, never as markup, through a
  :class:`whofunds.terminal.SafeConsole` (control and bidirectional characters shown as escapes);
  JSON escapes them too (the data stays exact); CSV cells a spreadsheet would run as a formula
  (``= + - @``) start with ``'``, and CSV printed to a terminal is sanitized.
"""
from __future__ import annotations

import csv
import io
import json
import math
import sys
from typing import Any, NoReturn, Sequence

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from whofunds.terminal import SafeConsole, csv_for_stdout, escape_json

EXIT_ERROR = 1
EXIT_INPUT = 2
EXIT_SOME_FAILED = 3
EXIT_NOT_FOUND = 4


def json_option(help: str = "Print the rows as JSON instead of a table.") -> Any:  # noqa: A002
    return typer.Option(False, "--json", help=help)


def csv_option(help: str = "Print the rows as CSV instead of a table.") -> Any:  # noqa: A002
    return typer.Option(False, "--csv", help=help)


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """One red line on stderr (the message as text, never markup, sanitized), then exit with ``code``."""
    SafeConsole(stderr=True, highlight=False, soft_wrap=True).print(Text(f"error: {message}", style="bold red"))
    raise typer.Exit(code)


def not_found(exc: LookupError) -> NoReturn:
    """A name that does not identify one entity: the lookup's message, exit :data:`EXIT_NOT_FOUND`."""
    fail(str(exc.args[0] if exc.args else exc), EXIT_NOT_FOUND)


def output_format(as_json: bool, as_csv: bool) -> str:
    """``"json"``, ``"csv"`` or ``"table"``; both flags at once is an error."""
    if as_json and as_csv:
        fail("choose one of --json and --csv")
    return "json" if as_json else "csv" if as_csv else "table"


def _plain(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join("" if v is None else str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # a spreadsheet shows it as text instead of running it (as graph.io's tables)
    return value


def _table_cell(value: Any) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, float):
        return Text("NaN", style="dim") if math.isnan(value) else Text(f"{value:.4g}")
    if isinstance(value, (list, tuple)):
        return Text("; ".join("" if v is None else str(v) for v in value))
    if isinstance(value, dict):
        return Text(json.dumps(value, ensure_ascii=False, default=str))
    return Text(str(value))


def records_text(rows: Sequence[dict], columns: Sequence[str], fmt: str) -> str:
    """``rows`` (dicts) as JSON or CSV text, in ``columns`` order.

    JSON keeps the data exact but writes C1 and bidirectional characters as ``\\uXXXX``; CSV cells
    that a spreadsheet would run as a formula start with ``'``.

    >>> print(records_text([{"a": 1, "b": ["x", "y"]}], ["a", "b"], "csv").strip())
    a,b
    1,x; y
    >>> print(records_text([{"a": -1, "b": "=SUM(A1)"}], ["a", "b"], "csv").strip())
    a,b
    -1,'=SUM(A1)
    """
    if fmt == "json":
        data = [{c: _plain(r.get(c)) for c in columns} for r in rows]
        return escape_json(json.dumps(data, ensure_ascii=False, indent=1, default=str)) + "\n"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_csv_cell(r.get(c)) for c in columns])
    return buf.getvalue()


def print_records(rows: Sequence[dict], columns: Sequence[str], fmt: str, title: str | None = None,
                  console: Console | None = None, shown: Sequence[str] | None = None,
                  numbered: bool = False) -> None:
    """Print ``rows`` as a rich table (only ``shown`` columns, if given), JSON or CSV (every column).

    A table goes to ``console`` if given (pass a :class:`~whofunds.terminal.SafeConsole`), else to a new one.
    """
    if fmt == "json":
        sys.stdout.write(records_text(rows, columns, fmt))
        return
    if fmt == "csv":
        sys.stdout.write(csv_for_stdout(records_text(rows, columns, fmt)))
        return
    console = console or SafeConsole(soft_wrap=False, highlight=False)
    table = Table(title=title, title_justify="left")
    cols = list(shown or columns)
    if numbered:
        table.add_column("#", justify="right", style="dim")
    for col in cols:
        numeric = any(isinstance(r.get(col), (int, float)) and not isinstance(r.get(col), bool) for r in rows)
        table.add_column(col, justify="right" if numeric else "left", overflow="fold")
    for i, r in enumerate(rows, start=1):
        table.add_row(*([str(i)] if numbered else []), *(_table_cell(r.get(c)) for c in cols))
    console.print(table)
