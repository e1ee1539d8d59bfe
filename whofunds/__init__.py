"""whofunds: trace who funds whom in state-led industrial policy.

The Python API (docs/api.md walks through it; the CLI is the same functions):

* :func:`build` documents, registry tables and FollowTheMoney files into a graph (and, with ``out``, the
  build's outputs: ``graph.json``, ``nodes.csv``, ``edges.csv``, ``map.html``);
* :func:`read_graph` a ``graph.json`` back (a ``networkx.MultiDiGraph``), optionally for a period;
* :func:`trace` the funders (or the portfolio) of an entity, with paths, stakes, evidence and ultimate
  controllers; :func:`rank` entities by money reach or a centrality (a pandas ``DataFrame``);
* :func:`export` a graph as FollowTheMoney entities, Gephi-ready GEXF or GraphML, or node-link JSON.

Importing the package is cheap: each function loads what it needs when first called.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Iterable, Mapping

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx
    import pandas as pd

    from whofunds.graph.trace import Trail
    from whofunds.pipeline import BuildReport

__all__ = ["__version__", "build", "read_graph", "trace", "rank", "export"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("whofunds")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0+unknown"


__version__ = _version()

PathLike = str | os.PathLike


def build(inputs: PathLike | Iterable[PathLike], out: PathLike | None = None, *, aliases: PathLike | None = None,
          columns: Mapping[str, Any] | PathLike | None = None, write_map: bool = True, use_cache: bool = True,
          strict: bool = False, workers: int = 0, scheduler: str | None = None) -> "BuildReport":
    """Build the graph from ``inputs`` (files, folders, globs: documents, registry tables, FtM entity files).

    With ``out`` the four outputs are written there as one set (as ``whofunds build --out``); without, nothing is
    written. ``columns`` maps table fields to your headers (``{"stake": "Anteil"}``) or names a YAML mapping file;
    ``aliases`` is an alias file. Returns a :class:`whofunds.pipeline.BuildReport`: ``.graph`` (the
    ``MultiDiGraph``), ``.documents``, ``.failures`` (each with ``path`` and ``reason``; a bad table row names
    its row), ``.rows``/``.rows_loaded``. ``scheduler`` (``"tcp://HOST:8786"`` or ``"local:N"``) reads and
    extracts the documents on a Dask cluster instead of ``workers`` processes here: the same result
    (docs/scale.md; ``.cluster`` then says which workers did what).
    """
    from whofunds.loaders.registry import ColumnMap
    from whofunds.pipeline import build as run_build

    if isinstance(inputs, (str, os.PathLike)):
        inputs = [inputs]
    if columns is None or isinstance(columns, ColumnMap):
        column_map = columns
    elif isinstance(columns, Mapping):
        column_map = ColumnMap.parse(mapping=columns)
    else:
        column_map = ColumnMap.read(columns)
    return run_build(list(inputs), out, aliases=aliases, columns=column_map, write_map=write_map,
                     use_cache=use_cache, strict=strict, n_process=workers, scheduler=scheduler)


def read_graph(path: PathLike, *, since: int | None = None, until: int | None = None) -> "nx.MultiDiGraph":
    """A ``graph.json`` as a ``networkx.MultiDiGraph`` (checked: :class:`whofunds.graph.io.GraphFileError` names
    the file and the problem). ``since``/``until`` keep only evidence dated in those years (graph/period.py).

    (To read a ``graph.json`` with networkx alone: ``nx.node_link_graph(json.load(f), edges="links")``;
    networkx 3.6 looks for ``"edges"`` unless told.)
    """
    from whofunds.graph.io import read_graph as read
    from whofunds.graph.period import within

    return within(read(path), since, until)


def _graph(graph: "nx.MultiDiGraph | PathLike", since: int | None, until: int | None) -> "nx.MultiDiGraph":
    if isinstance(graph, (str, os.PathLike)):
        return read_graph(graph, since=since, until=until)
    from whofunds.graph.period import within

    return within(graph, since, until)


def trace(graph: "nx.MultiDiGraph | PathLike", name: str, *, down: bool = False,
          relations: Iterable[str] | None = None, since: int | None = None, until: int | None = None,
          max_depth: int = 12, max_paths: int = 5000) -> "Trail":
    """Every funder of the entity ``name`` (a name, alias or node id, looked up as the CLI does), or with
    ``down`` its portfolio: a :class:`whofunds.graph.trace.Trail` (``.funders`` with ``.paths``, ``.ultimate``,
    ``.to_dict()``). ``LookupError`` when the name is no entity or several."""
    from whofunds.graph.lookup import resolve_node
    from whofunds.graph.trace import money_trail

    G = _graph(graph, since, until)
    node = resolve_node(G, name)
    return money_trail(G, node, direction="down" if down else "up", relation_types=relations,
                       max_depth=max_depth, max_paths=max_paths)


def rank(graph: "nx.MultiDiGraph | PathLike", *, by: str = "money_reach", top: int | None = 20,
         types: Iterable[str] | None = None, places: bool = False, relations: Iterable[str] | None = None,
         since: int | None = None, until: int | None = None) -> "pd.DataFrame":
    """Entities ranked ``by`` money reach (the default: who matters as a funder) or a centrality column, as
    ``whofunds rank`` does: places left out unless ``places`` or ``types`` asks for them; ``top=None`` for all."""
    from whofunds.graph.analysis import centrality_frame
    from whofunds.graph.analysis import rank as order
    from whofunds.graph.schema import SCHEMA

    G = _graph(graph, since, until)
    kinds = SCHEMA.types(list(types)) if types else None
    # betweenness is the one slow score: on large graphs only when ranking by it (as the CLI does)
    frame = centrality_frame(G, entity_types=kinds, relation_types=list(relations) if relations else None,
                             with_betweenness=by == "betweenness" or G.number_of_edges() <= 200_000)
    if not places and not types:
        frame = frame[~frame["type"].isin(SCHEMA.types("Place"))]
    return order(frame, by=by, top=top)


def export(graph: "nx.MultiDiGraph | PathLike", path: PathLike, fmt: str) -> None:
    """Write ``graph`` to ``path`` as ``ftm`` (FollowTheMoney entities, one per line), ``gexf``, ``graphml``
    (Gephi-ready) or ``json`` (node-link, as graph.json)."""
    G = _graph(graph, None, None)
    if fmt == "ftm":
        from whofunds.graph.ftm import write_ftm

        write_ftm(G, path)
        return
    from whofunds.graph.export import export_graph

    export_graph(G, path, fmt)
