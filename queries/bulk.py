"""A first load with Neo4j's own bulk importer: ``neo4j-admin database import full``.

Transactional Cypher (``whofunds neo4j load``) reaches about 8-15k relationships/s on a small machine;
the importer writes the store files directly, 3-4 times faster (``benchmarks/neo4j_load.py``), but it
only builds a whole database, offline. So ``whofunds neo4j import`` does, in order:

1. checks that the database holds nothing (``--overwrite`` replaces a database that does; nothing is
   changed otherwise);
2. checks the graph (the ``graph.json`` contract) and writes the importer's CSV files: the *same* rows
   as the loader (:func:`whofunds.queries.load.node_rows` / :func:`~whofunds.queries.load.edge_rows`:
   ids, labels, properties, the row hash), typed headers, ``U+001F`` between array items, in several
   processes; a graph.json as ``build`` writes it is read in parts by those processes, each checking
   its own links (:func:`write_import_files_from_json`), else whole (:func:`write_import_files`);
3. stops the server (from the moment the graph is checked, alongside the writing), moves the old
   database aside, runs the importer, starts the server;
4. creates the constraints and indexes the loader relies on, sets the few values CSV cannot carry
   (below), and checks the counts and a sample of rows read back (properties equal to the rows');
5. deletes the old database; on any failure before that, puts it back and starts the server on it.

Since the store then holds exactly what ``load`` would have written, ``whofunds neo4j load`` on it is
incremental at once: the same graph changes nothing, a newer build updates in place.

What CSV cannot carry goes through Bolt after the import, as parameters: an empty list and a list of
one empty string (the importer reads both as "no value"), a list item holding the array delimiter,
and a property whose name is not a plain identifier (a header could not name it). They are rare in
real builds but for ``aliases: []``: a node whose only such values are empty lists gets a label of its
own in the files (:func:`empty_list_label`), and one pass over that label sets them and removes it;
the others are set by id.

>>> cell("say \\"hi\\"\\n"), cell(["a", "b"]), cell(2.5), cell(True), cell([1.0, 2.0])
('"say ""hi""\\n"', '"a\\x1fb"', '2.5', 'true', '"1.0\\x1f2.0"')
"""
from __future__ import annotations

import contextlib
import gc
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from array import array
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, Callable, Iterable

import networkx as nx

from whofunds.graph.schema import SCHEMA
from whofunds.queries.load import (IDENTIFIER, GraphLoadError, check_graph, constraint_statements, edge_rows,
                                   label_of, node_rows, rows_of_edges, rows_of_nodes)

ARRAY_DELIMITER = "\x1f"
DATABASE = "neo4j"  # the one user database of Neo4j Community (the default database)
LONG_MIN, LONG_MAX = -(1 << 63), (1 << 63) - 1
SAMPLE = 400  # rows of each kind read back after the import (every n-th), and at most 4x as many that needed care
FIXUP_BATCH = 10_000
LABEL_FIXUP_BATCH = 20_000
BACKUP = ".whofunds-import-previous"


class ImportRefused(GraphLoadError):
    """The database holds data and ``overwrite`` was not given (or cannot be checked); nothing was changed."""


class ImportFailed(RuntimeError):
    """The import did not complete; the message says why, and that the previous database is back."""


@contextlib.contextmanager
def no_cycle_collection():
    """Python's cyclic garbage collector off for the block (and in the processes it forks).

    Reading a big graph.json makes tens of millions of dicts, lists and strings, none of them in a
    reference cycle; the collector, triggered every few hundred allocations and fully as the heap grows,
    walks them again and again: at 1.5M relationships it tripled the time of orjson's parse (24 s against
    7 s) and took a third of the rows and CSV. Reference counting still frees everything as before.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# --------------------------------------------------------------------------- CSV cells

def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def kind_of(value: Any) -> str | None:
    """The importer's column type for a property value, or ``None`` when CSV cannot carry it.

    >>> kind_of("x"), kind_of(3), kind_of(3.0), kind_of(False), kind_of(["a"]), kind_of([]), kind_of([""])
    ('string', 'long', 'double', 'boolean', 'string[]', None, None)
    """
    kind = type(value)
    if kind is str or isinstance(value, str):
        return "string"
    if kind is bool or isinstance(value, bool):
        return "boolean"
    if kind is int or isinstance(value, int):
        if not LONG_MIN <= value <= LONG_MAX:
            raise GraphLoadError(f"the integer {value} does not fit Neo4j's 64-bit integers")
        return "long"
    if kind is float or isinstance(value, float):
        return "double"
    if isinstance(value, list):
        if not value:
            return None
        first = kind_of(value[0])
        if first == "string":
            if len(value) == 1 and value[0] == "":
                return None
            if any(ARRAY_DELIMITER in item for item in value):
                return None
        elif first in ("long", "double", "boolean"):
            for item in value:
                kind_of(item)  # the range check of every integer
        else:
            return None
        return first + "[]"
    return None


def cell(value: Any) -> str:
    """One CSV field for the importer: text quoted (RFC 4180: inner quotes doubled), numbers and booleans
    as they are (``repr`` of a float reads back as the same double), lists joined by ``U+001F``."""
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return repr(float(value))
    if isinstance(value, list):
        if value and isinstance(value[0], str):
            return _quote(ARRAY_DELIMITER.join(value))
        return _quote(ARRAY_DELIMITER.join(cell(item) for item in value))
    raise GraphLoadError(f"cannot write {type(value).__name__} to the importer's CSV")


_HEADER_KEYS: dict[str, bool] = {}  # property name -> whether a CSV header can name it


def _cells(props: dict, skip: str | None) -> tuple[dict[str, tuple[str, str]], dict[str, Any]]:
    """``props`` as {key: (kind, cell)} for the CSV, plus what must go through Bolt afterwards.

    The common values (text, numbers, booleans, lists of text) are typed and written inline: this runs
    for every property of every row, and calling :func:`kind_of` and :func:`cell` for each was half the
    cost of writing the files. Anything else takes the general path, with the same result.

    >>> cells, later = _cells({"id": "x", "name": 'a "b" c', "n": 2, "x": 0.5, "ok": True, "tags": ["a", "b"],
    ...                        "none": [], "odd key": 1}, skip="id")
    >>> cells["name"], cells["n"], cells["x"], cells["ok"], cells["tags"] == ("string[]", '"a' + ARRAY_DELIMITER + 'b"')
    (('string', '"a ""b"" c"'), ('long', '2'), ('double', '0.5'), ('boolean', 'true'), True)
    >>> later
    {'none': [], 'odd key': 1}
    """
    out, later = {}, {}
    names = _HEADER_KEYS
    delimiter = ARRAY_DELIMITER
    for key, value in props.items():
        if key == skip:
            continue
        named = names.get(key)
        if named is None:
            named = names[key] = IDENTIFIER.fullmatch(key) is not None
        if not named:
            later[key] = value
            continue
        kind = type(value)
        if kind is str:
            out[key] = ("string", '"' + value.replace('"', '""') + '"')
        elif kind is float:
            out[key] = ("double", repr(value))
        elif kind is int and LONG_MIN <= value <= LONG_MAX:
            out[key] = ("long", str(value))
        elif kind is bool:
            out[key] = ("boolean", "true" if value else "false")
        elif kind is list and value and type(value[0]) is str:
            try:
                joined = delimiter.join(value)
            except TypeError:  # not all text: the general path decides
                general = kind_of(value)
                if general is None:
                    later[key] = value
                else:
                    out[key] = (general, cell(value))
                continue
            if joined.count(delimiter) != len(value) - 1 or joined == "":  # a delimiter inside, or [""]
                later[key] = value
            else:
                out[key] = ("string[]", '"' + joined.replace('"', '""') + '"')
        else:
            general = kind_of(value)
            if general is None:
                later[key] = value
            else:
                out[key] = (general, cell(value))
    return out, later


# --------------------------------------------------------------------------- files

@dataclass
class CsvGroup:
    """One ``--nodes`` or ``--relationships`` source: a CSV file with its header line, and its label(s)/type."""

    what: str  # "nodes" or "relationships"
    labels: str  # "Entity:Firm" for nodes, the type for relationships
    path: str
    rows: int
    multiline: bool

    def option(self) -> str:
        return f"--{self.what}={self.labels}={self.path}"


@dataclass
class ImportFiles:
    """What :func:`write_import_files` wrote, and what the import must do besides."""

    folder: str
    groups: list[CsvGroup] = field(default_factory=list)
    nodes: int = 0
    relationships: int = 0
    labels: set[str] = field(default_factory=set)
    node_fixups: list[dict] = field(default_factory=list)  # {"id", "props"[, "label"]}
    # A node whose only fix-ups are empty lists carries a label of its own in the CSV (:func:`empty_list_label`);
    # one pass over the label sets them after the import. {label: the property names}
    fixup_labels: dict[str, tuple] = field(default_factory=dict)
    relationship_fixups: list[dict] = field(default_factory=list)  # {"source", "type", "target", "props"}
    sample_nodes: list[dict] = field(default_factory=list)  # rows read back after the import
    sample_relationships: list[dict] = field(default_factory=list)
    seconds: float = 0.0

    def merge(self, other: "ImportFiles") -> None:
        self.groups += other.groups
        self.nodes += other.nodes
        self.relationships += other.relationships
        self.labels |= other.labels
        self.node_fixups += other.node_fixups
        self.fixup_labels.update(other.fixup_labels)
        self.relationship_fixups += other.relationship_fixups
        self.sample_nodes += other.sample_nodes
        self.sample_relationships += other.sample_relationships


EMPTY_LIST_LABEL = "WhofundsEmptyList"


def empty_list_label(keys: Iterable[str]) -> str:
    """The label that marks, in the importer's files, a node whose properties ``keys`` are empty lists (the
    importer reads an empty list as no value): one name per set of keys, ``_`` in a key written ``_1`` and
    ``_0`` between keys, so no two sets share one. The label is removed when the lists are set.

    >>> empty_list_label(["aliases"]), empty_list_label(["a_b", "c"])
    ('WhofundsEmptyList_0aliases', 'WhofundsEmptyList_0a_1b_0c')
    """
    return EMPTY_LIST_LABEL + "".join("_0" + key.replace("_", "_1") for key in sorted(keys))


def _breaks_lines(head: str, cells: dict) -> bool:
    return "\n" in head or "\r" in head or any("\n" in text or "\r" in text for _, text in cells.values())


def _write_groups(files: ImportFiles, what: str, prefix: str, by_group: dict[str, list], ends: str) -> None:
    """Write the entries ``(head, cells, multiline)`` of each group (label or type) under one header per
    set of column types; the entries are consumed (their memory freed group by group).

    A key whose values have different types in one group (an amount that is an integer in one row and
    a float in another) splits the group: each part gets its own header. Rows holding a line break go
    to their own file, the only one the importer must read in its slower multi-line mode.
    """
    for number, group in enumerate(sorted(by_group)):
        rows = by_group.pop(group)
        kinds: dict[str, set[str]] = {}
        for _, cells, _ in rows:
            for key, (kind, _) in cells.items():
                kinds.setdefault(key, set()).add(kind)
        mixed = sorted(k for k, v in kinds.items() if len(v) > 1)
        parts: dict[tuple, list] = {}
        for entry in rows:
            signature = tuple(entry[1][k][0] if k in entry[1] else "" for k in mixed)
            parts.setdefault(signature, []).append(entry)
        del rows
        for part_no, signature in enumerate(sorted(parts)):
            part = parts.pop(signature)
            columns = [(k, next(iter(v))) for k, v in sorted(kinds.items()) if len(v) == 1]
            columns += [(k, t) for k, t in zip(mixed, signature) if t]
            header = ends + "".join(f",{key}:{kind}" for key, kind in columns) + "\n"
            handles: dict[bool, Any] = {}
            counts = {False: 0, True: 0}
            try:
                for head, cells, multiline in part:
                    fh = handles.get(multiline)
                    if fh is None:
                        path = Path(files.folder) / f"{prefix}-{what}-{number}-{part_no}{'-multiline' if multiline else ''}.csv"
                        fh = handles[multiline] = open(path, "w", encoding="utf-8", newline="")
                        fh.write(header)
                    fh.write(head + "".join("," + cells[key][1] if key in cells else "," for key, _ in columns) + "\n")
                    counts[multiline] += 1
            finally:
                for fh in handles.values():
                    fh.close()
            for multiline, fh in sorted(handles.items()):
                files.groups.append(CsvGroup(what, group, fh.name, counts[multiline], multiline))
            del part


_SEP = "\x00"  # between a row's cells before they are quoted (a row holding it takes the general path)
_GENERAL = object()
MAX_FILES = 160  # CSV files one process keeps open; rows of further column sets are written the grouped way


@dataclass
class _Plan:
    """How the rows of one (group, property names, Python types) are written: their columns and kinds,
    and the positions (in the row's values, after the id or the two ends) that need converting."""

    columns: tuple  # ((name, kind), ...): the header; kind "ID" is the node id (also the ``id`` property)
    lists: tuple
    ints: tuple
    floats: tuple
    bools: tuple
    keys: tuple


class _RowWriter:
    """Rows written as they come, one CSV file per group (label or type), column set and line-break-ness.

    Rows of one group mostly share their property names and value types, so each such shape is worked
    out once (:class:`_Plan`) and a row is written with a few C-speed string operations: its values
    converted where they are not text (numbers, booleans, lists joined by ``U+001F``), joined by NUL,
    quotes doubled and the NULs turned into ``","`` (every field quoted, RFC 4180: numbers and booleans
    read as their column's type all the same). The cells are what :func:`_cells` makes, quoted.
    Anything else takes the general path (:func:`_cells`): a property name a header cannot name, a
    value of another type, a list that is not all text, an integer beyond 64 bits, a NUL in the text.
    A list the importer cannot carry (``[]``, ``[""]``, the delimiter inside an item) is written empty
    and set through Bolt afterwards, as the general path does. Past :data:`MAX_FILES` files, rows of a
    new shape are kept and written grouped (:func:`_write_groups`).
    """

    def __init__(self, files: ImportFiles, what: str, prefix: str, label_empty_lists: bool = False):
        self.files, self.what, self.prefix = files, what, prefix
        # nodes: a row whose only fix-ups are empty lists goes to its group with empty_list_label() added
        self.label_empty_lists = label_empty_lists and what == "nodes"
        self.labelled: str | None = None  # that label, for the last row written
        self.ends = (":START_ID", ":END_ID") if what == "relationships" else ()
        self.plans: dict = {}
        self.outputs: dict = {}  # (group, columns, multiline) -> [file, rows, path]
        self.overflow: dict[str, list] = {}

    def _plan(self, keys: tuple, types: tuple) -> _Plan | None:
        columns, lists, ints, floats, bools = [], [], [], [], []
        # a value's Python type -> its importer column type, and the positions that need converting
        converted = {str: ("string", None), bool: ("boolean", bools), int: ("long", ints),
                     float: ("double", floats), list: ("string[]", lists)}
        offset = len(self.ends)
        names = _HEADER_KEYS
        for i, (key, kind) in enumerate(zip(keys, types), start=offset):
            named = names.get(key)
            if named is None:
                named = names[key] = IDENTIFIER.fullmatch(key) is not None
            if not named:
                return None
            if key == "id" and not offset:
                if kind is not str:
                    return None
                columns.append((key, "ID"))
            elif kind in converted:
                column, positions = converted[kind]
                columns.append((key, column))
                if positions is not None:
                    positions.append(i)
            else:
                return None
        if not offset and ("id", "ID") not in columns:
            return None
        return _Plan(tuple(columns), tuple(lists), tuple(ints), tuple(floats), tuple(bools), keys)

    def write(self, group: str, ends: tuple, props: dict) -> tuple[bool, dict]:
        """Write one row of ``group`` (``ends``: the two ids of a relationship, ``()`` for a node, whose id
        is its ``id`` property); return whether it holds a line break and what must go through Bolt."""
        keys = tuple(props)
        shape = (group, keys, tuple(map(type, props.values())))
        plan = self.plans.get(shape, _GENERAL)
        if plan is _GENERAL:
            plan = self.plans[shape] = self._plan(keys, shape[2])
        if plan is not None:
            values = [*ends, *props.values()]
            later = {}
            fast = True
            delimiter = ARRAY_DELIMITER
            offset = len(ends)
            for i in plan.lists:
                items = values[i]
                try:
                    joined = delimiter.join(items)
                except TypeError:
                    fast = False
                    break
                if not items or joined == "" or joined.count(delimiter) != len(items) - 1:
                    later[keys[i - offset]] = items
                    joined = ""
                values[i] = joined
            self.labelled = None
            labelled = self._label(group, later) if later and self.label_empty_lists else group
            if fast:
                for i in plan.ints:
                    number = values[i]
                    if not LONG_MIN <= number <= LONG_MAX:
                        fast = False
                        break
                    values[i] = str(number)
            if fast:
                for i in plan.floats:
                    values[i] = repr(values[i])
                for i in plan.bools:
                    values[i] = "true" if values[i] else "false"
                body = _SEP.join(values)
                if body.count(_SEP) == len(values) - 1:
                    multiline = "\n" in body or "\r" in body
                    line = '"' + body.replace('"', '""').replace(_SEP, '","') + '"\n'
                    if self._emit(labelled, plan.columns, multiline, line):
                        return multiline, later
                    return self._general(group, ends, props)
        return self._general(group, ends, props)

    def _label(self, group: str, later: dict) -> str:
        """``group`` with the label of ``later``'s keys if ``later`` is only empty lists with plain names."""
        for key, value in later.items():
            if type(value) is not list or value or IDENTIFIER.fullmatch(key) is None:
                return group
        label = self.labelled = empty_list_label(later)
        self.files.fixup_labels[label] = tuple(sorted(later))
        return group + ":" + label

    def _general(self, group: str, ends: tuple, props: dict) -> tuple[bool, dict]:
        cells, later = _cells(props, skip=None if ends else "id")
        self.labelled = None
        if later and self.label_empty_lists:
            group = self._label(group, later)
        head = ",".join(_quote(end) for end in ends) if ends else _quote(props["id"])
        multiline = _breaks_lines(head, cells)
        columns = ((("", "ends"),) if ends else (("id", "ID"),)) + tuple((key, kind) for key, (kind, _) in cells.items())
        line = head + "".join("," + text for _, text in cells.values()) + "\n"
        if not self._emit(group, columns, multiline, line):
            self.overflow.setdefault(group, []).append((head, cells, multiline))
        return multiline, later

    def _emit(self, group: str, columns: tuple, multiline: bool, line: str) -> bool:
        out = self.outputs.get((group, columns, multiline))
        if out is None:
            if len(self.outputs) >= MAX_FILES:
                return False
            path = Path(self.files.folder) / (f"{self.prefix}-{self.what}-{len(self.outputs)}"
                                              f"{'-multiline' if multiline else ''}.csv")
            fh = open(path, "w", encoding="utf-8", newline="", buffering=1 << 16)
            if columns[0] == ("", "ends"):
                header = ":START_ID,:END_ID" + "".join(f",{key}:{kind}" for key, kind in columns[1:])
            else:
                header = ",".join(f"{key}:{kind}" if kind != "ID" else "id:ID" for key, kind in columns)
                if self.ends:
                    header = ":START_ID,:END_ID," + header
            fh.write(header + "\n")
            out = self.outputs[(group, columns, multiline)] = [fh, 0, str(path)]
        out[0].write(line)
        out[1] += 1
        return True

    def close(self) -> None:
        for (group, _, multiline), (fh, rows, path) in self.outputs.items():
            fh.close()
            self.files.groups.append(CsvGroup(self.what, group, path, rows, multiline))
        self.outputs.clear()
        if self.overflow:
            _write_groups(self.files, self.what, self.prefix + "-grouped", self.overflow,
                          ":START_ID,:END_ID" if self.ends else "id:ID")

    def abort(self) -> None:
        for fh, _, _ in self.outputs.values():
            fh.close()


def _write_part(nodes: Iterable[dict], edges: Iterable[dict], folder: str, prefix: str, node_every: int,
                edge_every: int) -> ImportFiles:
    """CSV files of some node rows and edge rows (one process's share), written as they come (:class:`_RowWriter`).

    A row is kept only while it is written, unless it is sampled to be read back after the import
    (every n-th, and at most ``4 * SAMPLE`` of those that needed care and of those with a line break).
    Edge rows of one (source, type, target) come one after another (:func:`~whofunds.queries.load.edge_rows`
    sorts them; node-link data has one of each): the last one is kept, as the loader's MERGE keeps it.
    """
    files = ImportFiles(folder=folder)
    limit = SAMPLE * 4
    writer = _RowWriter(files, "nodes", prefix, label_empty_lists=True)
    multiline_nodes = 0
    labels_seen = files.labels
    try:
        for i, row in enumerate(nodes):
            label = row["label"]
            labels_seen.add(label)
            multiline, later = writer.write("Entity" if label == "Entity" else "Entity:" + label, (), row["props"])
            if later:
                fixup = {"id": row["id"], "props": later}
                if writer.labelled:
                    fixup["label"] = writer.labelled
                files.node_fixups.append(fixup)
            if i % node_every == 0 or (later and len(files.node_fixups) <= limit) or (multiline and multiline_nodes < limit):
                files.sample_nodes.append(row)
            multiline_nodes += multiline
            files.nodes += 1
    except BaseException:
        writer.abort()
        raise
    writer.close()

    writer = _RowWriter(files, "relationships", prefix)
    multiline_rels = 0

    def take(row: dict) -> None:
        nonlocal multiline_rels
        rtype = row["type"]
        multiline, later = writer.write(rtype, (row["source"], row["target"]), row["props"])
        if later:
            files.relationship_fixups.append({"source": row["source"], "type": rtype, "target": row["target"],
                                              "props": later})
        if files.relationships % edge_every == 0 or (later and len(files.relationship_fixups) <= limit) \
                or (multiline and multiline_rels < limit):
            files.sample_relationships.append(row)
        multiline_rels += multiline
        files.relationships += 1

    try:
        pending = None
        for row in edges:
            if pending is not None and (row["source"], row["type"], row["target"]) != \
                    (pending["source"], pending["type"], pending["target"]):
                take(pending)
            pending = row
        if pending is not None:
            take(pending)
    except BaseException:
        writer.abort()
        raise
    writer.close()
    return files


def rows_from_data(data: dict) -> bool:
    """Whether node-link ``data`` (:func:`whofunds.graph.io.read_graph_data`) gives the loader's rows as
    it is, without a networkx graph: a directed multigraph whose links each have ``key == type`` and
    are one per (source, target, type), as ``whofunds build`` writes them. Otherwise networkx would merge
    or renumber links, and the import builds the graph as ``load`` does.

    >>> rows_from_data({"nodes": [], "links": [{"source": "a", "target": "b", "type": "T", "key": "T"}]})
    True
    >>> rows_from_data({"nodes": [], "links": [{"source": "a", "target": "b", "type": "T", "key": "T"}] * 2})
    False
    """
    if data.get("multigraph") is False or data.get("directed") is False:
        return False
    seen = set()
    for link in data["links"]:
        kind = link.get("type")
        if link.get("key") != kind or type(kind) is not str:
            return False
        seen.add((link["source"], link["target"], kind))
    return len(seen) == len(data["links"])


class RowsFromData(dict):
    """Node-link data for which :func:`rows_from_data` was found to hold (:func:`read_for_import`), so
    :func:`write_import_files` does not look again (1.6 s at 1.5M links)."""


_FORK_STATE: dict = {}


def _part_rows(state: dict, index: int) -> tuple[Iterable[dict], Iterable[dict]]:
    """The node rows and edge rows of process ``index`` of ``processes``: every n-th node and the edges out
    of every n-th source node (a networkx graph), or the index-th n-th of the nodes and of the links
    (node-link data)."""
    graph_name, n = state["graph_name"], state["processes"]
    if "G" in state:
        G = state["G"]
        return node_rows(G, graph_name, nodes=state["nodes"][index::n]), \
            edge_rows(G, graph_name, sources=state["sources"][index::n])
    data = state["data"]
    # Contiguous shares: a forked process then touches (and copies) only the memory pages of its own share.
    share = lambda items: items[len(items) * index // n:len(items) * (index + 1) // n]  # noqa: E731
    nodes = ((node["id"], node) for node in share(data["nodes"]))
    links = ((link["source"], link["target"], link) for link in share(data["links"]))
    return rows_of_nodes(nodes, graph_name), rows_of_edges(links, graph_name)


def _forked_part(index: int) -> ImportFiles:
    s = _FORK_STATE
    nodes, edges = _part_rows(s, index)
    return _write_part(nodes, edges, s["folder"], f"p{index}", s["node_every"], s["edge_every"])


def default_processes() -> int:
    """Processes that build rows and write CSV: one per core, at most 4; but one when memory is short.

    A forked process comes to copy the part of the graph it reads (reading an object writes its
    reference count), so together they may copy as much as this process holds: more than one runs
    only when the memory available is at least 1.5 times this process's resident size. (A 1.5M-
    relationship import had a process killed by the kernel for want of memory.)
    """
    import psutil

    cores = max(1, min(4, os.cpu_count() or 1))
    if cores > 1 and psutil.virtual_memory().available < 1.5 * psutil.Process().memory_info().rss:
        return 1
    return cores


def write_import_files(graph: nx.MultiDiGraph | dict, folder: str | os.PathLike, graph_name: str | None = None,
                       processes: int | None = None) -> ImportFiles:
    """Write the importer's CSV files for ``graph`` into ``folder``: the loader's rows, in ``processes`` processes.

    ``graph`` is a networkx graph, or node-link data for which :func:`rows_from_data` holds (then no
    networkx graph is built: the rows come from the links as they are). Each process takes every n-th
    node and the edges out of every n-th source node (or every n-th link), and writes its own files
    (each with its header), so nothing but file names and the few rows that need care travel back.
    """
    with no_cycle_collection():
        return _write_import_files(graph, folder, graph_name, processes)


def _write_import_files(graph: nx.MultiDiGraph | dict, folder: str | os.PathLike, graph_name: str | None,
                        processes: int | None) -> ImportFiles:
    t0 = time.perf_counter()
    folder = str(Path(folder).resolve())
    state: dict = {"folder": folder}
    if isinstance(graph, dict):
        if not isinstance(graph, RowsFromData) and not rows_from_data(graph):
            raise ValueError("node-link data whose links are not one per (source, target, type) with key == type: "
                             "give the networkx graph (whofunds.graph.io.graph_from_data)")
        graph_name = graph_name or (graph.get("graph") or {}).get("name") or "whofunds"
        n_nodes, n_edges = len(graph["nodes"]), len(graph["links"])
        state["data"] = graph
    else:
        graph_name = graph_name or graph.graph.get("name") or "whofunds"
        nodes = sorted(graph.nodes, key=str)
        n_nodes, n_edges = len(nodes), graph.number_of_edges()
        state.update(G=graph, nodes=nodes, sources=[n for n in nodes if graph.out_degree(n)] if n_edges else [])
    processes = max(1, processes or default_processes())
    if n_edges < 20_000:
        processes = 1
    node_every = max(1, n_nodes // SAMPLE)
    edge_every = max(1, n_edges // SAMPLE)
    state.update(graph_name=graph_name, processes=processes, node_every=node_every * processes,
                 edge_every=edge_every * processes)
    files = ImportFiles(folder=folder)
    if processes == 1:
        nodes_rows, edges_rows = _part_rows(state, 0)
        files.merge(_write_part(nodes_rows, edges_rows, folder, "p0", node_every, edge_every))
    else:
        _FORK_STATE.update(state)
        try:
            with ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork")) as pool:
                for part in pool.map(_forked_part, range(processes)):
                    files.merge(part)
        except BrokenProcessPool:  # a process died (a kill, the kernel out of memory): fail, never wait for it
            raise ImportFailed(f"a process writing the importer's CSV files ({processes} at once) died, perhaps "
                               "for want of memory; --processes 1 needs less (nothing was changed)") from None
        finally:
            _FORK_STATE.clear()
    files.groups.sort(key=lambda g: (g.what != "nodes", g.path))
    files.seconds = time.perf_counter() - t0
    return files


# --------------------------------------------------------------------------- graph.json read in parts

_LINKS_KEY = b'\n "links": [\n'
_LINK_END = b"\n  },\n"


def split_graph_json(raw: bytes, parts: int) -> tuple[dict, list[tuple[int, int]]] | None:
    """``graph.json`` as ``whofunds build`` writes it (``write_graph``: one space of indent per level, keys
    sorted): the document without its links, checked-parsed, and ``parts`` byte ranges of ``raw`` that
    hold its links in order, each a comma-separated run of whole link objects. ``None`` for any other
    layout (the caller then reads the file whole).

    A newline is never inside a JSON string, so the layout's lines are its structure: a link starts with
    ``"  {"`` and ends with ``"  },"`` (two spaces: an item of a top-level array). The ranges are only
    trusted if each parses, as a JSON array, by itself: then the commas cut at were between items.

    >>> raw = json.dumps({"graph": {}, "links": [{"a": 1}, {"a": [2]}, {"a": 3}], "nodes": []}, indent=1).encode()
    >>> skeleton, spans = split_graph_json(raw, 2)
    >>> skeleton, [json.loads(b"[" + raw[a:b] + b"]") for a, b in spans]
    ({'graph': {}, 'links': [], 'nodes': []}, [[{'a': 1}, {'a': [2]}], [{'a': 3}]])
    """
    import orjson

    from whofunds.graph.io import _long_number

    if raw.count(_LINKS_KEY) != 1 or b'\n "edges":' in raw or _long_number(raw):
        return None
    start = raw.index(_LINKS_KEY) + len(_LINKS_KEY) - 1  # the newline after "["
    end = raw.find(b"\n ]", start)  # the newline before the array's "]" (its items are indented further)
    if end < 0 or raw[end + 3:end + 4] not in (b",", b"\n"):
        return None
    try:
        skeleton = orjson.loads(raw[:start] + raw[end:])
    except orjson.JSONDecodeError:
        return None
    if not isinstance(skeleton, dict) or skeleton.get("links") != []:
        return None
    spans, at = [], start
    for k in range(1, max(1, parts)):
        cut = raw.find(_LINK_END, max(at, start + (end - start) * k // parts), end)
        if cut < 0:
            break
        spans.append((at, cut + 4))  # through the "}"
        at = cut + 5  # past the ","
    spans.append((at, end))
    return skeleton, spans


class _NotForParts(Exception):
    """graph.json is not one the parts can take as it is (a problem to word, a duplicate link, another
    layout): the caller reads it whole, as before."""


def _check_links(links: list, ids: set, check: Callable[[Any], bool]) -> bool:
    """Every link valid (the schema's link rules), between two nodes of the graph, with its evidence in order,
    and keyed by its type (as ``build`` writes it: :func:`rows_from_data`)."""
    for link in links:
        if type(link) is not dict or not check(link) or link.get("key") != link["type"] \
                or link["source"] not in ids or link["target"] not in ids:
            return False
        for ev in link["evidence"]:
            if ev.get("end", 0) < ev.get("start", 0):
                return False
    return True


def _links_part(index: int) -> None:
    """In a forked process: parse, check and write one range of graph.json's links; report to the parent
    (``("checked", index, ok, digests)`` once checked, then ``("done", index, files)``)."""
    import orjson

    s = _FORK_STATE
    report = s["report"]
    try:
        start, end = s["spans"][index]
        try:
            links = orjson.loads(b"[" + s["raw"][start:end] + b"]")
        except orjson.JSONDecodeError:
            links = None
        ok = type(links) is list and _check_links(links, s["ids"], s["link_check"])
        # Links are one per (source, target, type) across all parts: the parent compares their hashes
        # (the same in every forked process); an equal pair sends the whole file the usual way.
        digests = array("q", map(hash, zip(map(itemgetter("source"), links), map(itemgetter("target"), links),
                                           map(itemgetter("type"), links)))).tobytes() if ok else b""
        report.put(("checked", index, ok, digests))
        if not ok:
            return
        edge_every = max(1, len(links) * len(s["spans"]) // SAMPLE)
        rows = rows_of_edges(((link["source"], link["target"], link) for link in links), s["graph_name"])
        files = _write_part((), rows, s["folder"], f"p{index}", 1, edge_every)
        report.put(("done", index, files))
    except BaseException as exc:  # noqa: BLE001 - the parent raises it
        report.put(("error", index, exc))


def write_import_files_from_json(path: str | os.PathLike, folder: str | os.PathLike, graph_name: str | None = None,
                                 processes: int | None = None, on_checked: Callable[[], None] | None = None,
                                 raw: bytes | None = None) -> ImportFiles | None:
    """:func:`write_import_files` for a ``graph.json`` that ``whofunds build`` wrote, read in parts: each of
    ``processes`` forked processes parses, checks and writes its own range of the links
    (:func:`split_graph_json`), while this process writes the nodes. Nothing of the graph is parsed twice
    or copied between processes, and the links' parsing and checking run in parallel. ``on_checked`` is
    called once the whole graph is known to pass the ``graph.json`` contract (every part checked), while
    the CSV files are still being written.

    Returns ``None``, having changed nothing, when the file is not one the parts can take as it is: any
    problem (the whole-file read words it), another layout, links that are not one per (source, target,
    type) with ``key == type``. The caller then reads it whole (:func:`read_for_import`).
    """
    import orjson  # noqa: F401 - fail here, not in a forked process

    from whofunds.graph.files import read_regular
    from whofunds.graph.validate import graph_problems, link_check

    t0 = time.perf_counter()
    folder = str(Path(folder).resolve())
    processes = max(1, processes or max(1, min(4, os.cpu_count() or 1)))
    with no_cycle_collection():
        try:
            raw = raw if raw is not None else read_regular(path)
        except OSError:
            return None  # the whole-file read says what is wrong
        layout = split_graph_json(raw, processes)
        check = link_check(True)
        if layout is None or check is None:
            return None
        skeleton, spans = layout
        if graph_problems(skeleton, strict=True):
            return None
        graph_name = graph_name or (skeleton.get("graph") or {}).get("name") or "whofunds"
        nodes = skeleton["nodes"]
        ids = {node["id"] for node in nodes}
        context = multiprocessing.get_context("fork")
        report = context.Queue()  # put() does not wait for this process to read (a feeder thread sends)
        _FORK_STATE.update(raw=raw, spans=spans, ids=ids, link_check=check, report=report, folder=folder,
                           graph_name=graph_name)
        workers = []
        try:
            for index in range(len(spans)):
                worker = context.Process(target=_links_part, args=(index,), name=f"whofunds-csv-{index}", daemon=True)
                worker.start()
                workers.append(worker)
        finally:
            _FORK_STATE.clear()
        del raw  # the processes have their own view of it; this one needs it no more
        try:
            files = ImportFiles(folder=folder)
            files.merge(_write_part(rows_of_nodes(((node["id"], node) for node in nodes), graph_name), (), folder,
                                    "n", max(1, len(nodes) // SAMPLE), 1))
            checked, done, digests = set(), {}, []
            while len(done) < len(workers):
                message = _next_report(report, workers, done)
                kind, index = message[0], message[1]
                if kind == "error":
                    raise message[2]
                if kind == "checked":
                    if not message[2]:
                        return None
                    checked.add(index)
                    digests.append(message[3])
                    if len(checked) == len(workers):
                        seen = array("q")
                        for part in digests:
                            seen.frombytes(part)
                        if len(set(seen)) != len(seen):
                            return None  # a link twice (or, once in 2^64, two hashes alike): the usual way
                        del seen, digests[:]
                        if on_checked is not None:
                            on_checked()
                else:
                    done[index] = message[2]
            for index in sorted(done):
                files.merge(done[index])
        finally:
            for worker in workers:
                if worker.is_alive():
                    worker.terminate()
                worker.join()
    files.groups.sort(key=lambda g: (g.what != "nodes", g.path))
    files.seconds = time.perf_counter() - t0
    return files


def _next_report(report, workers: list, done: dict) -> tuple:
    """The next message of the forked processes; :class:`ImportFailed` if one of them died without one."""
    import queue

    while True:
        try:
            return report.get(timeout=1)
        except queue.Empty:
            pass
        dead = [w for i, w in enumerate(workers) if i not in done and w.exitcode is not None]
        if dead:
            try:
                return report.get(timeout=1)  # a message it sent just before exiting may still be on its way
            except queue.Empty:
                raise ImportFailed(f"a process writing the importer's CSV files ({len(workers)} at once) died "
                                   f"(exit {dead[0].exitcode}), perhaps for want of memory; --processes 1 needs "
                                   "less (nothing was changed)") from None


# --------------------------------------------------------------------------- where the database lives

def _conf_values(conf: Path) -> dict[str, str]:
    values = {}
    try:
        text = conf.read_text("utf-8", errors="replace")
    except FileNotFoundError:
        return values
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            values[key.strip()] = value.strip()
    return values


@dataclass
class Target:
    """A Neo4j whose database the importer rebuilds: how to run its admin tool, stop and start it, reach it.

    Two kinds: the local server of ``whofunds neo4j start`` (:func:`local_target`) and a Neo4j installed
    elsewhere, a tarball or Neo4j Desktop's folder (:func:`installed_target`).
    """

    name: str  # for messages
    home: Path
    conf_dir: Path
    database: str
    admin: Callable[[], list[str]]  # the command that runs neo4j-admin (may fetch the jars first)
    admin_env: dict
    running: Callable[[], bool]
    stop: Callable[[], None]
    start: Callable[[], None]
    settings: Callable[[], Any]  # -> whofunds.queries.connection.Settings (once running)
    start_to_check: bool = False  # start a stopped server to see whether its database holds data

    def conf(self) -> dict[str, str]:
        return _conf_values(self.conf_dir / "neo4j.conf")

    def _dir(self, key: str, default: str, base: Path) -> Path:
        path = Path(self.conf().get(key) or default)
        return path if path.is_absolute() else base / path

    @property
    def data_dir(self) -> Path:
        return self._dir("server.directories.data", "data", self.home)

    @property
    def store_dir(self) -> Path:
        return self.data_dir / "databases" / self.database

    @property
    def tx_dir(self) -> Path:
        return self._dir("server.directories.transaction.logs.root", "transactions", self.data_dir) / self.database

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / BACKUP


def _import_heap() -> str:
    from whofunds.queries.server import default_heap

    return default_heap()


def local_target(server_dir: str | os.PathLike | None = None, timeout: float = 180) -> Target:
    """The local server of ``whofunds neo4j start --dir server_dir``; the admin tool runs from the same jars."""
    from whofunds.queries import server
    from whofunds.queries.connection import Settings

    server_dir = Path(server_dir or server.default_server_dir()).resolve()

    def settings():
        state = server.read_state(server_dir)
        return Settings(uri=state.uri, user="neo4j",
                        password=server.stored_password(server_dir) if state.auth else None)

    def start():
        conf = _conf_values(server_dir / "conf" / "neo4j.conf")
        state = server.read_state(server_dir)
        server.start(server_dir, heap=conf.get("server.memory.heap.max_size"),
                     pagecache=conf.get("server.memory.pagecache.size"),
                     auth=state.auth if state else True, timeout=timeout)

    def admin() -> list[str]:
        lib = server.fetch_neo4j()
        return [server.java_command(), f"-Xmx{_import_heap()}", "-cp", f"{lib}/*", *server.JVM_FLAGS, server.ADMIN_TOOL]

    return Target(name=f"the local server in {server_dir}", home=server_dir, conf_dir=server_dir / "conf",
                  database=DATABASE, admin=admin, admin_env=dict(os.environ, NEO4J_HOME=str(server_dir),
                                                                 NEO4J_CONF=str(server_dir / "conf")),
                  running=lambda: server.status(server_dir)["running"], stop=lambda: server.stop(server_dir),
                  start=start, settings=settings, start_to_check=True)


def installed_target(home: str | os.PathLike, database: str | None = None, uri: str | None = None,
                     user: str | None = None, password: str | None = None, timeout: float = 180) -> Target:
    """A Neo4j installed at ``home`` (``bin/neo4j-admin``, ``bin/neo4j``, ``conf/neo4j.conf``).

    It is stopped and started with ``bin/neo4j stop`` / ``start`` and reached over Bolt with the usual
    settings (``--uri``, ``NEO4J_URI``, ...; by default the Bolt port of its ``neo4j.conf`` on 127.0.0.1).
    """
    from whofunds.queries.connection import Settings
    from whofunds.queries.server import wait_for_bolt

    home = Path(home).resolve()
    admin = home / "bin" / "neo4j-admin"
    neo4j_cmd = home / "bin" / "neo4j"
    for path in (admin, neo4j_cmd):
        if not os.access(path, os.X_OK):
            raise GraphLoadError(f"{home} is not a Neo4j installation: {path} is missing or not executable")
    conf_dir = Path(os.environ.get("NEO4J_CONF") or home / "conf")
    conf = _conf_values(conf_dir / "neo4j.conf")

    def settings():
        address = conf.get("server.bolt.listen_address") or ":7687"
        port = address.rsplit(":", 1)[-1] or "7687"
        return Settings(uri=uri or os.environ.get("NEO4J_URI") or f"bolt://127.0.0.1:{port}",
                        user=user or os.environ.get("NEO4J_USER") or "neo4j",
                        password=password if password is not None else os.environ.get("NEO4J_PASSWORD"),
                        database=database)

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([str(neo4j_cmd), *args], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                              timeout=timeout)
        if check and proc.returncode != 0:
            raise ImportFailed(f"{neo4j_cmd} {' '.join(args)} failed (exit {proc.returncode}): "
                               f"{(proc.stdout + proc.stderr).strip()[-2000:]}")
        return proc

    def start():
        run("start")
        s = settings()
        wait_for_bolt(s.uri, s.auth, timeout)

    target = Target(name=f"the Neo4j installed in {home}", home=home, conf_dir=conf_dir,
                    database=database or conf.get("initial.dbms.default_database") or DATABASE,
                    admin=lambda: [str(admin)], admin_env=dict(os.environ, NEO4J_HOME=str(home)),
                    running=lambda: run("status", check=False).returncode == 0, stop=lambda: run("stop"),
                    start=start, settings=settings)
    return target


# --------------------------------------------------------------------------- the import

@dataclass
class ImportSummary:
    """What an import did."""

    target: str = ""
    uri: str = ""
    database: str = DATABASE
    nodes_in_file: int = 0
    relationships_in_file: int = 0
    nodes: int = 0  # in the database afterwards
    relationships: int = 0
    replaced_nodes: int = 0  # what the database held before (``overwrite``)
    replaced_relationships: int = 0
    constraints_added: int = 0
    node_fixups: int = 0
    relationship_fixups: int = 0
    checked_rows: int = 0
    csv_files: int = 0
    multiline_rows: int = 0  # rows with a line break, read by the importer in its slower multi-line mode
    csv_bytes: int = 0
    importer_cpu_seconds: float = 0.0
    seconds: float = 0.0
    timings: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _driver(settings):
    from whofunds.queries.connection import driver

    return driver(settings)


def held(settings, database: str | None) -> tuple[int, int]:
    """Every node and relationship of the database (not only whofunds's): what an import would replace."""
    with _driver(settings) as drv, drv.session(database=database) as session:
        nodes = session.run("MATCH (n) RETURN count(n) AS c").single()["c"]
        rels = session.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
    return nodes, rels


def admin_arguments(files: ImportFiles, database: str, report: Path, threads: int | None = None,
                    off_heap: str | None = None) -> list[str]:
    """``database import full`` and its options for ``files`` (the importer's own checks left strict)."""
    # the database first: ``--nodes`` and ``--relationships`` take every following word that is no option
    args = ["database", "import", "full", database, f"--array-delimiter=U+{ord(ARRAY_DELIMITER):04X}", "--id-type=string",
            f"--report-file={report}", "--bad-tolerance=0", "--skip-bad-relationships=false",
            "--skip-duplicate-nodes=false", "--ignore-empty-strings=false", "--trim-strings=false"]
    if threads:
        args.append(f"--threads={threads}")
    if off_heap:
        args.append(f"--max-off-heap-memory={off_heap}")
    args += [group.option() for group in files.groups]
    multiline = [group.path for group in files.groups if group.multiline]
    if multiline:
        args += ["--multiline-fields-format=v2", "--multiline-fields=" + ",".join(multiline)]
    return args


def default_off_heap() -> str:
    """The importer's memory outside its heap: an eighth of RAM, 512 MiB to 4 GiB (its default, 90 %, is
    too much on a shared machine)."""
    from whofunds.queries.server import _total_memory

    return f"{max(512, min(4096, _total_memory() // 8 >> 20))}m"


def _argfile(folder: Path, args: list[str]) -> Path:
    """picocli's argument file: one quoted argument per line, so paths with any character survive."""
    path = folder / "import.args"
    path.write_text("".join('"' + a.replace("\\", "\\\\").replace('"', '\\"') + '"\n' for a in args), "utf-8")
    return path


def run_importer(target: Target, files: ImportFiles, log: Path) -> float:
    """Run the admin tool; return its CPU seconds. Raises :class:`ImportFailed` with the end of its output."""
    admin = target.admin()
    args = admin_arguments(files, target.database, Path(files.folder) / "import.report", off_heap=default_off_heap())
    argfile = _argfile(Path(files.folder), args)
    before = os.times()
    with open(log, "w", encoding="utf-8") as fh:
        proc = subprocess.run([*admin, f"@{argfile}"], stdout=fh, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                              env=target.admin_env, cwd=files.folder)
    after = os.times()
    if proc.returncode != 0:
        tail = "\n".join(log.read_text("utf-8", errors="replace").splitlines()[-25:])
        raise ImportFailed(f"neo4j-admin database import failed (exit {proc.returncode}); its output is in {log}:\n{tail}")
    return (after.children_user - before.children_user) + (after.children_system - before.children_system)


def _move(src: Path, dst: Path) -> None:
    if src.exists():
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, dst)


def _set_aside(target: Target) -> None:
    backup = target.backup_dir
    backup.mkdir(parents=True, exist_ok=True)
    _move(target.store_dir, backup / "databases" / target.database)
    _move(target.tx_dir, backup / "transactions" / target.database)


def _put_back(target: Target) -> None:
    backup = target.backup_dir
    for kept, live in ((backup / "databases" / target.database, target.store_dir),
                       (backup / "transactions" / target.database, target.tx_dir)):
        if kept.exists():
            shutil.rmtree(live, ignore_errors=True)
            _move(kept, live)
        elif live.exists():  # there was no database before: drop the half-built one
            shutil.rmtree(live, ignore_errors=True)
    shutil.rmtree(backup, ignore_errors=True)


def _create_constraints(tx, statements: list[str]) -> int:
    """The constraints and indexes in one transaction: their indexes are then built together (one scan of
    the store instead of one each; about half the time of one transaction each)."""
    return sum(tx.run(statement).consume().counters.constraints_added for statement in statements)


def _fixups(session, files: ImportFiles) -> None:
    # Nodes marked with a label of their own in the files (only empty lists to set, most often
    # ``aliases: []``): one pass over each label, the label removed, in transactions of LABEL_FIXUP_BATCH.
    for label, keys in sorted(files.fixup_labels.items()):
        while session.run(f"MATCH (n:`{label}`) WITH n LIMIT $batch SET n += $props REMOVE n:`{label}` "
                          "RETURN count(n) AS c", batch=LABEL_FIXUP_BATCH,
                          props={key: [] for key in keys}).single()["c"]:
            pass
    # The other nodes by the values they need: only their ids travel.
    by_props: dict[str, tuple[dict, list]] = {}
    for row in files.node_fixups:
        if "label" in row:
            continue
        key = json.dumps(row["props"], sort_keys=True, default=repr)
        by_props.setdefault(key, (row["props"], []))[1].append(row["id"])
    for props, ids in by_props.values():
        for i in range(0, len(ids), FIXUP_BATCH):
            session.run("UNWIND $ids AS id MATCH (n:Entity {id: id}) SET n += $props",
                        ids=ids[i:i + FIXUP_BATCH], props=props).consume()
    by_type: dict[str, list] = {}
    for row in files.relationship_fixups:
        by_type.setdefault(row["type"], []).append(row)
    for rtype, rows in sorted(by_type.items()):
        for i in range(0, len(rows), FIXUP_BATCH):
            session.run(f"UNWIND $rows AS row MATCH (:Entity {{id: row.source}})-[r:`{label_of(rtype)}`]->"
                        "(:Entity {id: row.target}) SET r += row.props", rows=rows[i:i + FIXUP_BATCH]).consume()


def verify(session, files: ImportFiles) -> int:
    """Counts equal to the file's, and the sampled rows read back exactly (ids, labels, every property)."""
    # Counts from the count store (no scan): all nodes, :Entity nodes, all relationships.
    nodes = session.run("MATCH (n) RETURN count(n) AS c").single()["c"]
    entities = session.run("MATCH (n:Entity) RETURN count(n) AS c").single()["c"]
    rels = session.run("MATCH ()-[r]->() RETURN count(r) AS c").single()["c"]
    if (nodes, entities, rels) != (files.nodes, files.nodes, files.relationships):
        raise ImportFailed(f"the database holds {nodes:,} nodes ({entities:,} of them :Entity) and {rels:,} "
                           f"relationships after the import, the file {files.nodes:,} and {files.relationships:,}")
    found = {r["id"]: r for r in session.run(
        "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props",
        ids=[row["id"] for row in files.sample_nodes])}
    for row in files.sample_nodes:
        got = found.get(row["id"])
        labels = sorted({"Entity", row["label"]})
        if got is None or sorted(got["labels"]) != labels or got["props"] != row["props"]:
            raise ImportFailed(f"node {row['id']!r} reads back as {got and dict(got['props'])!r}, "
                               f"not as written: {row['props']!r}")
    keys = [{"source": r["source"], "type": r["type"], "target": r["target"]} for r in files.sample_relationships]
    found_rels = {(r["source"], r["type"], r["target"]): r["props"] for r in session.run(
        "UNWIND $rows AS row MATCH (a:Entity {id: row.source})-[r]->(b:Entity {id: row.target}) "
        "WHERE type(r) = row.type RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props",
        rows=keys)}
    for row in files.sample_relationships:
        got = found_rels.get((row["source"], row["type"], row["target"]))
        if got != row["props"]:
            raise ImportFailed(f"relationship {row['source']!r}-[{row['type']}]->{row['target']!r} reads back as "
                               f"{got!r}, not as written: {row['props']!r}")
    return len(files.sample_nodes) + len(files.sample_relationships)


def import_graph(G: nx.MultiDiGraph | dict, target: Target, overwrite: bool = False, graph_name: str | None = None,
                 checked: bool = False, processes: int | None = None, work_dir: str | os.PathLike | None = None,
                 on_step: Callable[[str], None] | None = None) -> ImportSummary:
    """Rebuild ``target``'s database from ``G`` with the bulk importer (see the module docs).

    ``G`` is a networkx graph or node-link data (:func:`read_for_import`). Refuses
    (:class:`ImportRefused`, nothing changed) a database that holds data unless ``overwrite``; on
    failure (:class:`ImportFailed`) the previous database is put back and the server started on it.
    ``checked=True``: the caller checked the ``graph.json`` contract already (``read_graph(strict=True)``).
    """
    started = time.perf_counter()
    if not checked:
        if isinstance(G, dict):
            from whofunds.graph.validate import graph_problems

            problems = graph_problems(G, strict=True)
            if problems:
                raise GraphLoadError("not a whofunds graph: " + "; ".join(problems))
        else:
            check_graph(G)
    return _import(G, None, target, overwrite, graph_name, processes, work_dir, on_step, started)


def _import(G: nx.MultiDiGraph | dict | None, path: str | os.PathLike | None, target: Target, overwrite: bool,
            graph_name: str | None, processes: int | None, work_dir: str | os.PathLike | None,
            on_step: Callable[[str], None] | None, started: float) -> ImportSummary:
    """:func:`import_graph` of a checked graph ``G``, or of the ``graph.json`` at ``path`` (read while the
    CSV files are written: :func:`write_import_files_from_json`, else whole)."""
    step = on_step or (lambda text: None)
    summary = ImportSummary(target=target.name, database=target.database)
    timings = summary.timings
    if target.backup_dir.exists():
        raise ImportRefused(f"{target.backup_dir} holds the database from before an import that was interrupted; "
                            f"move it back to {target.store_dir.parent} (and its transactions/ part to "
                            f"{target.tx_dir.parent}) or delete it, then import again (nothing was changed)")
    # 1. What does the database hold now?
    t0 = time.perf_counter()
    was_running = target.running()
    if not was_running and target.start_to_check and target.store_dir.exists():
        step(f"starting {target.name} to see what its database holds")
        target.start()
        was_running = True
    if was_running:
        summary.uri = target.settings().uri
        summary.replaced_nodes, summary.replaced_relationships = held(target.settings(), target.database)
        if (summary.replaced_nodes or summary.replaced_relationships) and not overwrite:
            raise ImportRefused(
                f"the database {target.database!r} of {target.name} holds {summary.replaced_nodes:,} nodes and "
                f"{summary.replaced_relationships:,} relationships; an import replaces the whole database: pass "
                "--overwrite to replace them, or add this graph to them with `whofunds neo4j load` "
                "(nothing was changed)")
    elif target.store_dir.exists() and not overwrite:
        raise ImportRefused(f"{target.name} is not running, so whether its database {target.database!r} "
                            f"({target.store_dir}) holds data cannot be checked; start it, or pass --overwrite "
                            "to replace it (nothing was changed)")
    timings["check"] = time.perf_counter() - t0
    # 2. The CSV files; the server stops meanwhile (in a thread: its shutdown and checkpoint mostly wait).
    #    If the files cannot be written, it is started again on its untouched database.
    #    graph.json itself is read in parts while they are written, and the stop begins once it is checked.
    work = Path(tempfile.mkdtemp(prefix="whofunds-import-", dir=work_dir))
    stopping: _Stopping | None = None
    csv_started = time.perf_counter()

    def begin_stop() -> None:
        nonlocal stopping
        timings["checked"] = time.perf_counter() - csv_started  # into this step, when the graph was known good
        if was_running and stopping is None:
            step(f"graph checked; stopping {target.name} while the CSV files are written")
            stopping = _Stopping(target)

    try:
        try:
            files = None
            if path is not None:
                step("reading graph.json in parts and writing the importer's CSV files")
                files = write_import_files_from_json(path, work, graph_name, processes, on_checked=begin_stop)
                if files is None:  # not as `build` writes it, or a problem to word: read it whole
                    for leftover in work.iterdir():
                        leftover.unlink()
                    step("reading graph.json whole")
                    with no_cycle_collection():
                        G = read_for_import(path)
            if files is None:
                begin_stop()
                step("writing the importer's CSV files")
                files = write_import_files(G, work, graph_name, processes)
        except BaseException:
            if stopping is not None:
                stopping.undo()
            raise
        timings["rows_csv"] = time.perf_counter() - csv_started
        summary.nodes_in_file, summary.relationships_in_file = files.nodes, files.relationships
        summary.csv_files = len(files.groups)
        summary.csv_bytes = sum(os.path.getsize(g.path) for g in files.groups)
        summary.multiline_rows = sum(g.rows for g in files.groups if g.multiline)
        summary.node_fixups, summary.relationship_fixups = len(files.node_fixups), len(files.relationship_fixups)
        # 3. The server stopped, set the old database aside, import, start.
        t0 = time.perf_counter()
        if stopping is not None:
            stopping.wait()
        timings["stop"] = time.perf_counter() - t0  # what the stop added after the CSV files
        _set_aside(target)
        try:
            step("running neo4j-admin database import full")
            t0 = time.perf_counter()
            # The graph is not needed any more: freeing it (seconds for a big one) overlaps the import,
            # where this process only waits, if the caller kept no reference to it (the CLI does not).
            if G is not None:
                held_graph, G = [G], None
                threading.Thread(target=held_graph.clear, name="whofunds-free-graph", daemon=True).start()
            log = (target.home / "logs" if (target.home / "logs").is_dir() else work) / "whofunds-import.log"
            summary.importer_cpu_seconds = run_importer(target, files, log)
            timings["import"] = time.perf_counter() - t0
            step(f"starting {target.name}")
            t0 = time.perf_counter()
            target.start()
            timings["start"] = time.perf_counter() - t0
            settings = target.settings()
            summary.uri = settings.uri
            with _driver(settings) as drv, drv.session(database=target.database) as session:
                # 4. What the loader relies on, the values CSV cannot carry, and a check.
                step("creating constraints and indexes")
                t0 = time.perf_counter()
                labels = files.labels | set(SCHEMA.entity_types)
                summary.constraints_added = session.execute_write(_create_constraints, constraint_statements(labels))
                session.run("CALL db.awaitIndexes(600)").consume()
                timings["constraints"] = time.perf_counter() - t0
                t0 = time.perf_counter()
                _fixups(session, files)
                timings["fixups"] = time.perf_counter() - t0
                step("checking counts and a sample of rows")
                t0 = time.perf_counter()
                summary.checked_rows = verify(session, files)
                # Every node of the new database is an :Entity of the files (verify counted them all), so
                # every relationship joins two of them: the count store's totals are the graph's.
                summary.nodes, summary.relationships = files.nodes, files.relationships
                timings["verify"] = time.perf_counter() - t0
        except BaseException as exc:
            _restore(target, exc)
            raise
        shutil.rmtree(target.backup_dir, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


class _Stopping:
    """``target.stop()`` running in a thread (started at once): :meth:`wait` for it (its error raised), or
    :meth:`undo` (wait, then start the server again on its untouched database)."""

    def __init__(self, target: Target):
        self.target, self.error = target, None
        self.thread = threading.Thread(target=self._run, name="whofunds-stop-server", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.target.stop()
        except BaseException as exc:  # noqa: BLE001 - raised by wait()
            self.error = exc

    def wait(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error

    def undo(self) -> None:
        self.thread.join()
        try:
            if not self.target.running():
                self.target.start()
        except Exception:  # noqa: BLE001 - the caller's error is the one to report
            pass


def _restore(target: Target, exc: BaseException) -> None:
    """Put the previous database back and start the server on it; say so in the error."""
    try:
        if target.running():
            target.stop()
        _put_back(target)
        target.start()
    except Exception as again:  # noqa: BLE001 - the first error is the one to report; this one is added
        raise ImportFailed(f"{exc}\nputting the previous database back failed too: {again}; it is kept in "
                           f"{target.backup_dir}") from exc
    if isinstance(exc, ImportFailed):
        exc.args = (f"{exc.args[0]}\nthe previous database is back and the server runs on it",)


def read_for_import(path: str | os.PathLike) -> nx.MultiDiGraph | dict:
    """``graph.json`` read for :func:`import_graph`, the whole contract checked: its node-link data as it
    is when that gives the loader's rows (:func:`rows_from_data`; what ``whofunds build`` writes), which
    skips building a networkx graph (about half the cost of reading a big file); else the networkx graph,
    as ``load`` reads it."""
    from whofunds.graph.io import graph_from_data, read_graph_data

    with no_cycle_collection():
        # The links are checked here, in this process: checking them in two forked processes
        # (graph_problems_in_parallel, added in f55a383) was slower on a busy 2-core machine
        # (7.3-8.0 s against 6.9 s to read and check 500k relationships).
        data = read_graph_data(path, strict=True, fast=True)
        return RowsFromData(data) if rows_from_data(data) else graph_from_data(data, path)


def import_file(path: str | os.PathLike, target: Target, overwrite: bool = False, graph_name: str | None = None,
                processes: int | None = None, work_dir: str | os.PathLike | None = None,
                on_step: Callable[[str], None] | None = None) -> ImportSummary:
    """Import ``graph.json`` (:func:`import_graph`), the whole contract checked: read in parts while the CSV
    files are written (:func:`write_import_files_from_json`) when ``whofunds build`` wrote it, else whole
    (:func:`read_for_import`). A server that must be started to see what its database holds is started
    only for a graph.json that passed its check."""
    started = time.perf_counter()
    if not target.running() and target.start_to_check and target.store_dir.exists():
        return import_graph(read_for_import(path), target, overwrite=overwrite, graph_name=graph_name, checked=True,
                            processes=processes, work_dir=work_dir, on_step=on_step)
    return _import(None, path, target, overwrite, graph_name, processes, work_dir, on_step, started)
