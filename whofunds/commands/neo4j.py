"""``whofunds neo4j start|stop|status|load|import``, ``whofunds query`` and ``whofunds cypher``.

Connection settings come from flags, then ``NEO4J_URI`` / ``NEO4J_USER`` / ``NEO4J_PASSWORD`` /
``NEO4J_DATABASE``, then the local server of ``whofunds neo4j start``. No password is ever printed.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Optional

import typer
from rich.table import Table

from whofunds.commands.output import output_format, print_records
from whofunds.terminal import SafeConsole, json_text

console = SafeConsole(stderr=True)
out = SafeConsole(soft_wrap=True, highlight=False)

neo4j_app = typer.Typer(help="Run a local Neo4j 5.26 and load graphs into it.", no_args_is_help=True)

DirOption = typer.Option(None, "--dir", help="Server directory (default: ~/.cache/whofunds/neo4j-server).")
UriOption = typer.Option(None, "--uri", help="Bolt URI (else $NEO4J_URI, else the local server).")
UserOption = typer.Option(None, "--user", help="User (else $NEO4J_USER, else neo4j).")
PasswordOption = typer.Option(None, "--password", help="Password (else $NEO4J_PASSWORD, else the local server's).",
                              show_default=False)
DatabaseOption = typer.Option(None, "--database", "-d", help="Database (else $NEO4J_DATABASE, else the default).")
ParamOption = typer.Option(None, "--param", "-p", help="Query parameter as key=value; repeat for more.")


@contextmanager
def _errors() -> Iterator[None]:
    """Known failures as one red line and exit status 1 (a name that is not one entity: 4), not a traceback."""
    import neo4j.exceptions

    from whofunds.commands.output import EXIT_ERROR, fail, not_found
    from whofunds.graph.io import GraphFileError
    from whofunds.graph.lookup import NameNotFound
    from whofunds.queries.catalog import QueryError
    from whofunds.queries.connection import ConnectionSettingsError
    from whofunds.queries.bulk import ImportFailed
    from whofunds.queries.server import Neo4jSetupError

    try:
        yield
    except NameNotFound as exc:
        not_found(exc)
    except GraphFileError as exc:
        from whofunds.commands.output import EXIT_INPUT

        fail(str(exc), EXIT_INPUT)
    except (Neo4jSetupError, ConnectionSettingsError, QueryError, ImportFailed, neo4j.exceptions.Neo4jError,
            neo4j.exceptions.DriverError, OSError, ValueError) as exc:
        fail(str(exc), EXIT_ERROR)


def _driver(uri, user, password, database, server_dir=None):
    from whofunds.queries.connection import driver, resolve_settings

    settings = resolve_settings(uri=uri, user=user, password=password, database=database, server_dir=server_dir)
    return driver(settings), settings


# --------------------------------------------------------------------------- server

@neo4j_app.command("start")
def start_cmd(
    server_dir: Optional[Path] = DirOption,
    port: Optional[int] = typer.Option(None, "--port", help="Bolt port (default: the last one used, else a free one)."),
    heap: Optional[str] = typer.Option(None, "--heap", help="JVM heap, e.g. 2g (default: RAM/8, 1-4g)."),
    pagecache: Optional[str] = typer.Option(None, "--pagecache", help="Page cache, e.g. 1g (default: RAM/12)."),
    no_auth: bool = typer.Option(False, "--no-auth", help="Disable authentication (loopback test servers only)."),
    timeout: float = typer.Option(180, "--timeout", help="Seconds to wait for Bolt to answer."),
) -> None:
    """Fetch Neo4j 5.26 Community (first time: ~120 MB via Maven) and start it on 127.0.0.1."""
    from whofunds.queries import server

    with _errors():
        console.print("Starting Neo4j (the first start fetches the jars with Maven; log in "
                      f"{server.cache_root() / 'neo4j-fetch.log'}) ...")
        state = server.start(server_dir, port=port, heap=heap, pagecache=pagecache, auth=not no_auth, timeout=timeout)
        where = Path(server_dir or server.default_server_dir()).resolve()
        out.print(f"Neo4j {state.version} is running: {state.uri} (pid {state.pid})")
        if state.auth:
            source = "$NEO4J_PASSWORD" if os.environ.get("NEO4J_PASSWORD") else f"{where / 'password'} (mode 0600)"
            out.print(f"user neo4j; password in {source}. whofunds commands find both by themselves.")
        else:
            out.print("authentication is off (loopback only).")


@neo4j_app.command("stop")
def stop_cmd(server_dir: Optional[Path] = DirOption,
             timeout: float = typer.Option(60, "--timeout", help="Seconds to wait before SIGKILL.")) -> None:
    """Stop the local server (SIGTERM, then SIGKILL after --timeout)."""
    from whofunds.queries import server

    with _errors():
        out.print("stopped" if server.stop(server_dir, timeout=timeout) else "not running")


@neo4j_app.command("status")
def status_cmd(server_dir: Optional[Path] = DirOption) -> None:
    """Say whether the local server runs (exit status 0) or not (1)."""
    from whofunds.queries import server

    with _errors():
        st = server.status(server_dir)
        if st["running"]:
            out.print(f"running: Neo4j {st['version']} at {st['uri']} (pid {st['pid']}), dir {st['server_dir']}")
        else:
            out.print(f"not running (dir {st['server_dir']})")
            raise typer.Exit(1)


# --------------------------------------------------------------------------- load

@neo4j_app.command("load")
def load_cmd(
    graph_json: Path = typer.Argument(..., exists=True, dir_okay=False, help="A graph.json from `whofunds build`."),
    uri: Optional[str] = UriOption, user: Optional[str] = UserOption, password: Optional[str] = PasswordOption,
    database: Optional[str] = DatabaseOption,
    batch_size: Optional[int] = typer.Option(None, "--batch-size", help="Rows per transaction (default: from the heap)."),
    prune: bool = typer.Option(False, "--prune", help="Delete nodes/relationships of this graph name absent from the file."),
    force: bool = typer.Option(False, "--force", help="With --prune: delete even when that is most of what the "
                               "database holds of this graph (refused otherwise)."),
    graph_name: Optional[str] = typer.Option(None, "--graph-name", help="Tag for this graph (default: graph.json's name)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1,
                                          help="Sessions writing at once, on node-disjoint parts (default 2)."),
    server_dir: Optional[Path] = DirOption,
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON instead of a table."),
    as_csv: bool = typer.Option(False, "--csv", help="Print the counts as CSV instead of a table."),
) -> None:
    """Load graph.json into Neo4j: constraints, then batched idempotent MERGE; prints what changed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from whofunds.graph.io import read_graph
    from whofunds.queries.load import load_graph

    with _errors():
        G = read_graph(graph_json, strict=True)
        drv, settings = _driver(uri, user, password, database, server_dir)
        with drv, Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                           console=console, transient=False, disable=not console.is_terminal) as progress:
            tasks: dict[str, Any] = {}

            def on_start(n_nodes: int, n_rels: int) -> None:
                tasks["nodes"] = progress.add_task("nodes", total=n_nodes)
                tasks["relationships"] = progress.add_task("relationships", total=n_rels)

            summary = load_graph(G, drv, database=settings.database, graph_name=graph_name, batch_size=batch_size,
                                 prune=prune, force=force, on_start=on_start, workers=workers, checked=True,
                                 on_progress=lambda kind, n: progress.advance(tasks[kind], n))
        rows = [{"kind": kind, **{col: getattr(summary, f"{kind}_{col}")
                                  for col in ("in_file", "created", "updated", "unchanged", "deleted")}}
                for kind in ("nodes", "relationships")]
        fmt = output_format(as_json, as_csv)
        if fmt == "json":
            data = {k: v for k, v in vars(summary).items() if isinstance(v, (int, float, str, bool))}
            sys.stdout.write(json_text({"uri": settings.uri, "counts": rows, **data, "timings": summary.timings},
                                       indent=1) + "\n")
            return
        if fmt == "csv":
            print_records(rows, list(rows[0]), fmt)
            return
        table = Table(title=f"Loaded {graph_json} into {settings.uri}", show_header=True)
        for col in ("", "in file", "created", "updated", "unchanged", "deleted"):
            table.add_column(col, justify="right" if col else "left")
        for row in rows:
            table.add_row(row["kind"], *(str(row[c]) for c in ("in_file", "created", "updated", "unchanged",
                                                                "deleted")))
        out.print(table)
        out.print(f"{summary.constraints_added} constraints added, {summary.properties_set} properties set, "
                  f"{summary.batches} batches of up to {summary.batch_size} rows, {summary.seconds:.1f}s")
        if summary.retries:
            out.print(f"{summary.retries} batches were run again after a transient error, {summary.deadlocks} of them "
                      "after a deadlock between writers (the server detects it and rolls one batch back; "
                      "the counts above are final; --workers 1 avoids it)")
        if summary.missing_endpoints:
            console.print(f"[yellow]warning:[/yellow] {summary.missing_endpoints} relationships name nodes "
                          "that are not in the file; they were skipped")


# --------------------------------------------------------------------------- import

@neo4j_app.command("import")
def import_cmd(
    graph_json: Path = typer.Argument(..., exists=True, dir_okay=False, help="A graph.json from `whofunds build`."),
    server_dir: Optional[Path] = DirOption,
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace a database that holds data (refused otherwise)."),
    neo4j_home: Optional[Path] = typer.Option(
        None, "--neo4j-home", file_okay=False,
        help="A Neo4j installed elsewhere (its folder with bin/neo4j-admin): it is stopped and started with "
             "its bin/neo4j and reached with --uri/--user/--password or NEO4J_URI/... (default: its Bolt port)."),
    database: Optional[str] = typer.Option(None, "--database", "-d",
                                           help="With --neo4j-home: the database to build (default: its default)."),
    uri: Optional[str] = UriOption, user: Optional[str] = UserOption, password: Optional[str] = PasswordOption,
    graph_name: Optional[str] = typer.Option(None, "--graph-name", help="Tag for this graph (default: graph.json's name)."),
    processes: Optional[int] = typer.Option(None, "--processes", min=1,
                                            help="Processes writing the CSV files (default: one per core, at most 4; one when memory is short)."),
    timeout: float = typer.Option(180, "--timeout", help="Seconds to wait for the server to start."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON instead of a table."),
) -> None:
    """First load of a big graph with Neo4j's bulk importer (neo4j-admin database import full).

    Writes the importer's CSV files, stops the server, rebuilds its database from them, starts it,
    creates the constraints and indexes `load` uses and checks the counts. For a big first load (about
    3.0 times as fast as `load` at 1.5M relationships in the last benchmark); `load` works on the result as on its own (same ids,
    properties and hashes).
    Refuses a database that holds data unless --overwrite. Not for Aura or any server whose files you
    cannot reach: use `whofunds neo4j load` there.
    """
    from whofunds.queries import bulk

    # The collector off for the whole command (read, rows, CSV, import): see bulk.no_cycle_collection.
    with _errors(), bulk.no_cycle_collection():
        if neo4j_home is not None:
            target = bulk.installed_target(neo4j_home, database=database, uri=uri, user=user, password=password,
                                           timeout=timeout)
        else:
            if database or uri:
                raise ValueError("--database and --uri name another server: give its folder with --neo4j-home "
                                 "(an import needs the server's files, not only its Bolt port)")
            target = bulk.local_target(server_dir, timeout=timeout)
        # graph.json is read (and checked) while the CSV files are written: bulk.write_import_files_from_json
        summary = bulk.import_file(graph_json, target, overwrite=overwrite, graph_name=graph_name,
                                   processes=processes, on_step=lambda text: console.print(f"{text} ..."))
        if as_json:
            sys.stdout.write(json_text({"graph": str(graph_json), **summary.as_dict()}, indent=1) + "\n")
            return
        table = Table(title=f"Imported {graph_json} into {summary.uri} ({summary.database})", show_header=True)
        for col in ("", "in file", "in database", "replaced"):
            table.add_column(col, justify="right" if col else "left")
        table.add_row("nodes", str(summary.nodes_in_file), str(summary.nodes), str(summary.replaced_nodes))
        table.add_row("relationships", str(summary.relationships_in_file), str(summary.relationships),
                      str(summary.replaced_relationships))
        out.print(table)
        steps = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in summary.timings.items())
        rate = summary.relationships_in_file / summary.timings["import"] if summary.timings.get("import") else 0
        out.print(f"{summary.constraints_added} constraints added; {summary.checked_rows} rows read back as written; "
                  f"{summary.csv_files} CSV files, {summary.csv_bytes / 2**20:.1f} MiB; {summary.seconds:.1f}s "
                  f"({steps}); import step {rate:,.0f} relationships/s")


# --------------------------------------------------------------------------- query / cypher

def print_rows(columns: list[str], rows: list[dict], as_json: bool, as_csv: bool, title: str | None = None) -> None:
    """Rows as a table (document text shown as text, never markup), JSON or CSV on stdout."""
    fmt = output_format(as_json, as_csv)
    print_records(rows, columns, fmt, title, out)
    if fmt == "table":
        out.print(f"{len(rows)} row(s)")


def query_cmd(
    name: Optional[str] = typer.Argument(None, help="Question name (see --list)."),
    param: Optional[list[str]] = ParamOption,
    list_: bool = typer.Option(False, "--list", help="List the questions and their parameters."),
    graph: Optional[Path] = typer.Option(None, "--graph", exists=True, dir_okay=False,
                                         help="Answer on this graph.json without a server (embedded)."),
    as_json: bool = typer.Option(False, "--json", help="Print rows as JSON."),
    as_csv: bool = typer.Option(False, "--csv", help="Print rows as CSV."),
    uri: Optional[str] = UriOption, user: Optional[str] = UserOption, password: Optional[str] = PasswordOption,
    database: Optional[str] = DatabaseOption,
) -> None:
    """Run one of the analyst's named questions (queries/*.cypher) against Neo4j, or --graph offline."""
    from whofunds.queries.catalog import QueryError, all_queries, get_query, parse_param_args, run_named

    with _errors():
        if list_ or not name:
            listing = [{"name": q.name, "parameters": q.signature(), "description": q.description}
                       for q in all_queries().values()]
            print_rows(["name", "parameters", "description"], listing, as_json, as_csv,
                       title="whofunds questions (whofunds query NAME --param k=v)")
            if not list_ and not name:
                raise QueryError("give a question name, or --list")
            return
        params = parse_param_args(param)
        if graph is not None:
            from whofunds.graph.io import read_graph
            from whofunds.queries.embedded import COLUMNS, run_embedded

            rows = run_embedded(read_graph(graph), name, params)
            columns = COLUMNS[name]
        else:
            get_query(name).bind(params)  # parameter errors before connecting
            drv, settings = _driver(uri, user, password, database)
            with drv:
                columns, rows = run_named(drv, name, params, settings.database)
        print_rows(columns, rows, as_json, as_csv, title=name)


def cypher_cmd(
    statement: str = typer.Argument(..., help="A read-only Cypher statement (writes are refused)."),
    param: Optional[list[str]] = ParamOption,
    as_json: bool = typer.Option(False, "--json", help="Print rows as JSON."),
    as_csv: bool = typer.Option(False, "--csv", help="Print rows as CSV."),
    uri: Optional[str] = UriOption, user: Optional[str] = UserOption, password: Optional[str] = PasswordOption,
    database: Optional[str] = DatabaseOption,
) -> None:
    """Run read-only Cypher and print a table; --param values are strings.

    The server plans the statement first (EXPLAIN) and it runs, in a READ transaction, only if it reads
    the graph: no LOAD CSV, no administration or SHOW commands, no procedures but a few read ones
    (db.labels, db.relationshipTypes, db.propertyKeys, db.schema.*).
    """
    from whofunds.queries.catalog import parse_param_args
    from whofunds.queries.guard import run_guarded

    with _errors():
        drv, settings = _driver(uri, user, password, database)
        with drv:
            columns, rows = run_guarded(drv, statement, parse_param_args(param), settings.database)
        print_rows(columns, rows, as_json, as_csv)


def register(app: typer.Typer) -> None:
    app.add_typer(neo4j_app, name="neo4j")
    app.command("query")(query_cmd)
    app.command("cypher")(cypher_cmd)
