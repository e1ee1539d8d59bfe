"""Reading and writing the build's outputs. The only code that knows the ``graph.json`` format.

>>> import networkx as nx, tempfile, os
>>> G = nx.MultiDiGraph(name="whofunds")
>>> G.add_node("city:hefei", name="Hefei", type="City", aliases=[])
>>> p = os.path.join(tempfile.mkdtemp(), "graph.json")
>>> write_graph(G, p); read_graph(p).nodes["city:hefei"]["name"]
'Hefei'
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

import networkx as nx
import pandas as pd

from whofunds.graph.arrays import edge_arrays_from_links, remember_edge_arrays
from whofunds.graph.files import NotARegularFile, read_regular, read_regular_text
from whofunds.graph.validate import graph_problems


class GraphFileError(ValueError):
    """A graph file that cannot be read, with the path and the reason."""


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename, so readers never see half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are meant to be shared
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def graph_to_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Node-link data with nodes and links in a stable order."""
    data = nx.node_link_data(G, edges="links")
    data["nodes"] = sorted(data["nodes"], key=lambda n: n["id"])
    data["links"] = sorted(data["links"], key=lambda l: (l["source"], l["target"], l["type"]))
    return data


def write_graph(G: nx.MultiDiGraph, path: str | os.PathLike) -> None:
    """Write ``G`` as node-link JSON (the contract in DEVELOPERS.md)."""
    atomic_write_text(path, json.dumps(graph_to_data(G), ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def read_graph(path: str | os.PathLike, *, strict: bool = False) -> nx.MultiDiGraph:
    """Read a ``graph.json`` written by :func:`write_graph` (or any node-link JSON with ``links``).

    Raises :class:`GraphFileError` naming the file and the reason: missing, not a regular file (a FIFO
    is refused without waiting for a writer), not JSON, or not the shape of a graph
    (:func:`whofunds.graph.validate.graph_problems`; ``strict`` checks the whole contract).
    """
    return graph_from_data(read_graph_data(path, strict=strict), path)


def _shape_table() -> bytes:
    table = bytearray(b"x" * 256)
    for c in b"0123456789":
        table[c] = ord("D")
    for c in b":,[":
        table[c] = ord("S")
    table[ord("-")] = ord("-")
    return bytes(table)


_SHAPE = _shape_table()


def _long_number(raw: bytes) -> bool:
    """Whether JSON text ``raw`` may hold a number of 19 digits or more: 19 digits right after ``:``, ``,`` or
    ``[`` (whitespace and a minus sign between). Text inside strings that looks so counts too (harmless:
    the caller only reads slower). Two C-speed passes, well under a second for 400 MB.

    >>> _long_number(b'{"a": [1, -1234567890123456789]}'), _long_number(b'{"a": "x1234567890123456789"}')
    (True, False)
    """
    shape = raw.translate(_SHAPE, b" \t\n\r")
    return b"S" + b"D" * 19 in shape or b"S-" + b"D" * 19 in shape


def read_graph_data(path: str | os.PathLike, *, strict: bool = False, fast: bool = False,
                    check: Callable[..., list[str]] | None = None) -> dict[str, Any]:
    """``graph.json`` as checked node-link data (a dict with ``nodes`` and ``links`` lists), without
    building a networkx graph: what :func:`read_graph` reads before it builds one, with the same errors.

    ``fast`` parses with orjson (faster on big files); a file orjson refuses but Python's ``json`` reads
    (``NaN``, lone surrogates) is read with ``json``, and so is a file with a number of 19 digits or more
    (orjson turns an integer beyond 64 bits into a float), so the result is the same either way.
    ``neo4j import`` reads big graphs this way. ``check`` replaces :func:`graph_problems` (same arguments
    and result: ``neo4j import`` checks a big graph's links in several processes).
    """
    try:
        raw = read_regular(path) if fast else read_regular_text(path)
    except FileNotFoundError:
        raise GraphFileError(f"{path}: no such file") from None
    except NotARegularFile as exc:
        raise GraphFileError(f"{path}: {exc.reason}, not a graph.json") from None
    except PermissionError:
        raise GraphFileError(f"{path}: cannot read it (permission denied)") from None
    except UnicodeDecodeError as exc:
        raise GraphFileError(f"{path}: not valid JSON (not UTF-8 text: {exc.reason})") from None
    except OSError as exc:
        raise GraphFileError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    data = None
    if fast:
        import orjson

        try:
            if _long_number(raw):
                raise orjson.JSONDecodeError("an integer orjson may read as a float", "", 0)
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise GraphFileError(f"{path}: not valid JSON (not UTF-8 text: {exc.reason})") from None
    if data is None:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise GraphFileError(f"{path}: not valid JSON ({exc})") from None
    del raw
    if not isinstance(data, dict) or "nodes" not in data:
        raise GraphFileError(f"{path}: not a node-link graph (no 'nodes')")
    problems = (check or graph_problems)(data, strict=strict)
    if problems:
        raise GraphFileError(f"{path}: not a whofunds graph: {'; '.join(problems)}")
    edges = "links" if "links" in data else "edges"
    data.setdefault("multigraph", True)
    data.setdefault("directed", True)
    data.setdefault(edges, [])
    if edges != "links":
        data["links"] = data.pop(edges)
    return data


def graph_from_data(data: dict[str, Any], path: str | os.PathLike = "graph.json") -> nx.MultiDiGraph:
    """The networkx graph of node-link ``data`` from :func:`read_graph_data` (``path`` for errors)."""
    try:
        G = nx.node_link_graph(data, edges="links", multigraph=True, directed=True)
    except (nx.NetworkXError, KeyError, TypeError, ValueError) as exc:
        raise GraphFileError(f"{path}: not a node-link graph ({type(exc).__name__}: {exc})") from None
    G = G if isinstance(G, nx.MultiDiGraph) else nx.MultiDiGraph(G)
    # The matrix algorithms' edge arrays, from the link list in C-speed lookups (see graph/arrays.py).
    remember_edge_arrays(G, edge_arrays_from_links(G, data["links"]))
    return G


def nodes_frame(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per node; list attributes joined with ' | '."""
    rows = []
    for node, attrs in sorted(G.nodes(data=True)):
        row = {"id": node}
        for key, value in attrs.items():
            row[key] = " | ".join(map(str, value)) if isinstance(value, (list, tuple)) else value
        rows.append(row)
    first = ["id", "name", "type", "aliases"]
    df = pd.DataFrame(rows)
    return df[[c for c in first if c in df] + sorted(c for c in df if c not in first)] if rows else pd.DataFrame(columns=first)


def edges_frame(G: nx.MultiDiGraph) -> pd.DataFrame:
    """One row per piece of evidence: an edge with three sources gives three rows.

    The last columns say where the evidence is beyond the document's path: a table's ``sheet`` and ``row``,
    the ``date`` and ``role`` a table states, and the document's source (``url``, ``publisher``,
    ``published``: its publication date), where the build knows them.
    """
    rows = []
    documents = {d.get("id"): d for d in G.graph.get("documents") or [] if isinstance(d, dict)}
    for u, v, attrs in sorted(G.edges(data=True), key=lambda e: (e[0], e[1], e[2]["type"])):
        for ev in attrs.get("evidence", []):
            doc = documents.get(ev.get("doc_id")) or {}
            rows.append({
                "source": u,
                "source_name": G.nodes[u].get("name", u),
                "type": attrs["type"],
                "target": v,
                "target_name": G.nodes[v].get("name", v),
                "status": ev.get("status"),
                "confidence": ev.get("confidence"),
                "amount": ev.get("amount"),
                "currency": ev.get("currency"),
                "amount_text": ev.get("amount_text"),
                "year": ev.get("year"),
                "stake": ev.get("stake"),
                "doc_id": ev.get("doc_id"),
                "path": ev.get("path"),
                "start": ev.get("start"),
                "end": ev.get("end"),
                "rule": ev.get("rule"),
                "sentence": ev.get("sentence"),
                "sheet": ev.get("sheet"),
                "row": ev.get("row"),
                "date": ev.get("date"),
                "role": ev.get("role"),
                "url": ev.get("url") or doc.get("url"),
                "publisher": doc.get("publisher"),
                "published": doc.get("date"),
            })
    frame = pd.DataFrame(rows, columns=EDGE_COLUMNS)
    return frame.astype({"row": "Int64"}) if rows else frame


EDGE_COLUMNS = ["source", "source_name", "type", "target", "target_name", "status", "confidence", "amount", "currency",
                "amount_text", "year", "stake", "doc_id", "path", "start", "end", "rule", "sentence",
                "sheet", "row", "date", "role", "url", "publisher", "published"]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` in which text cells a spreadsheet would run as a formula (starting with
    ``= + - @``, a tab or a carriage return) start with an apostrophe, which spreadsheets show as text.

    >>> neutralise_formulas(pd.DataFrame({"name": ["=1+2", "@SUM(A1)", "NIO"], "n": [-1, 2, 3]})).values.tolist()
    [["'=1+2", -1], ["'@SUM(A1)", 2], ['NIO', 3]]
    """
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v)
    return out


def write_tables(G: nx.MultiDiGraph, out_dir: str | os.PathLike) -> None:
    """Write ``nodes.csv`` and ``edges.csv`` (pandas, evidence flattened) atomically, text that would run as
    a spreadsheet formula neutralised (:func:`neutralise_formulas`)."""
    out_dir = Path(out_dir)
    atomic_write_text(out_dir / "nodes.csv", neutralise_formulas(nodes_frame(G)).to_csv(index=False))
    atomic_write_text(out_dir / "edges.csv", neutralise_formulas(edges_frame(G)).to_csv(index=False))
