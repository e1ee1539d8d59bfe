"""Load a ``graph.json`` into Neo4j: constraints first, then batched, idempotent ``UNWIND`` + ``MERGE``.

Identity is stable: a node is ``(:Entity {id})`` (plus its type as a second label), a relationship is
(source id, type, target id). Each row carries a hash of its properties, so loading the same graph
twice creates nothing and updates nothing, and a newer build updates in place only what changed
(``SET x = row.props`` replaces the whole property map, so properties a newer build dropped go too).
Every batch is its own transaction: a load killed half-way leaves whole batches behind, and running
it again finishes the job with the same result as a clean load.

Deleting is opt-in (``prune=True``): nodes and relationships tagged with the same ``graph`` name but
absent from this file are removed. Without it, loading only adds and updates, so a database shared
by several corpora, or edited by hand, never loses data to a load.

Labels and relationship types cannot be Cypher parameters; they come from the schema and are
checked to be plain identifiers before they are written into a statement. All values, including
every piece of document text, travel as parameters.

>>> rows = list(node_rows(_example_graph(), "demo"))
>>> rows[0]["id"], rows[0]["label"], sorted(rows[0]["props"])[:3]
('city:hefei', 'City', ['aliases', 'degree', 'doc_ids'])
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import os
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

import networkx as nx
import orjson

from whofunds.graph.schema import SCHEMA
from whofunds.queries.schedule import disjoint_rounds

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Cypher cannot parse JSON without plugins, so the two evidence fields an analyst reads first are
# plain parallel lists, ``ev_sentences`` and ``ev_doc_ids`` (a missing one reads ""), and the rest of
# each item is one compact JSON string in ``evidence`` (same index). Nothing is stored twice and null
# fields are left out: the bytes sent and written per relationship are what bound the load's speed
# (see benchmarks/neo4j_load.py), and the sentence is most of them. :func:`evidence_from_properties`
# puts the items back together. More lists would cost speed too: each is its own record chain.
EVIDENCE_LIST_PROPERTY = {"sentence": "ev_sentences", "doc_id": "ev_doc_ids"}
MAX_BATCH_BYTES = 8 << 20
# ``prune`` refuses to delete more than this share of a graph's nodes in the database unless forced: a
# build that read nothing (a mistyped folder) must not empty the database.
PRUNE_LIMIT = 0.5


class GraphLoadError(ValueError):
    """The graph cannot be loaded as it is (e.g. a type that is not a plain identifier)."""


class PruneRefused(GraphLoadError):
    """``prune`` would delete most of what the database holds of this graph; nothing was written."""


def check_graph(G: nx.MultiDiGraph) -> None:
    """Refuse (:class:`GraphLoadError`, before any write) a graph that breaks the ``graph.json`` contract.

    >>> G = _example_graph(); G.nodes["city:hefei"]["name"] = 123
    >>> check_graph(G)
    Traceback (most recent call last):
    ...
    whofunds.queries.load.GraphLoadError: not a whofunds graph: nodes[0].name must be string
    """
    from whofunds.graph.validate import graph_problems

    data = {"nodes": [{**attrs, "id": node} for node, attrs in G.nodes(data=True)],
            "links": [{**attrs, "source": u, "target": v} for u, v, attrs in G.edges(data=True)]}
    problems = graph_problems(data, strict=True)
    if problems:
        raise GraphLoadError("not a whofunds graph: " + "; ".join(problems))


def prune_check(session, graph_name: str, node_ids: list[str], limit: float = PRUNE_LIMIT) -> tuple[int, int]:
    """How many nodes of ``graph_name`` the database holds, and how many a prune to ``node_ids`` would
    delete; :class:`PruneRefused` when that is more than ``limit`` of them."""
    rec = session.run("MATCH (n:Entity) WHERE n.graph = $graph "
                      "RETURN count(n) AS held, count(CASE WHEN NOT n.id IN $ids THEN 1 END) AS gone",
                      graph=graph_name, ids=node_ids).single()
    held, gone = rec["held"], rec["gone"]
    if gone and gone > limit * held:
        raise PruneRefused(
            f"refusing to prune: the database holds {held:,} nodes of graph {graph_name!r} and this graph has "
            f"{len(node_ids):,}; pruning would delete {gone:,} of them ({gone / held:.0%}). A build that read fewer "
            f"documents than usual (a mistyped folder?) looks like this: check it, or load with --force")
    return held, gone


def _example_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name="whofunds")
    G.add_node("city:hefei", name="Hefei", type="City", aliases=[], doc_ids=["d1"], mentions=1, degree=0.0)
    return G


@functools.lru_cache(maxsize=1024)
def label_of(type_name: str) -> str:
    """The label for an entity or relation type, refusing anything that is not a plain identifier.

    >>> label_of("Firm")
    'Firm'
    """
    if not isinstance(type_name, str) or not IDENTIFIER.fullmatch(type_name):
        raise GraphLoadError(f"type {type_name!r} is not a plain identifier; cannot be a Neo4j label")
    return type_name


def evidence_json(ev: dict) -> str:
    """One piece of evidence as the JSON string stored in ``r.evidence[i]``: every non-null field except
    the sentence and document id (those are ``r.ev_sentences[i]`` and ``r.ev_doc_ids[i]``), compact,
    keys sorted.

    >>> evidence_json({"sentence": "X funds Y.", "doc_id": "d1", "start": 0, "end": 10, "amount": None})
    '{"end":10,"start":0}'
    """
    kept = {k: v for k, v in ev.items() if v is not None and k not in EVIDENCE_LIST_PROPERTY}
    return orjson.dumps(kept, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()


def evidence_from_properties(props: dict) -> list[dict]:
    """The evidence items of a loaded relationship's properties: the inverse of :func:`edge_rows`.

    Equal to the graph.json items without their null fields.

    >>> evidence_from_properties({"evidence": ['{"start":0}'], "ev_sentences": ["X funds Y."], "ev_doc_ids": ["d1"]})
    [{'start': 0, 'sentence': 'X funds Y.', 'doc_id': 'd1'}]
    """
    items = [json.loads(text) for text in props.get("evidence") or []]
    for name, prop in EVIDENCE_LIST_PROPERTY.items():
        for item, value in zip(items, props.get(prop) or []):
            if value != "":
                item[name] = value
    return items


def _property_value(value: Any) -> Any:
    """A value Neo4j can store: scalars and homogeneous scalar lists as they are, the rest as JSON."""
    kind = type(value)  # exact types first: this runs for every property of every row
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is list and all(type(v) is str for v in value):
        return list(value)
    if isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (list, tuple)):
        items = [v for v in value if v is not None]
        kinds = {bool if isinstance(v, bool) else int if isinstance(v, int) else type(v) for v in items}
        if kinds <= {str} or kinds <= {bool} or kinds <= {int}:
            return list(items)
        if kinds <= {int, float}:
            return [float(v) for v in items]
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _props(attrs: dict, skip: set[str] | frozenset[str] = frozenset()) -> dict:
    values = ((key, _property_value(value)) for key, value in attrs.items() if key not in skip)
    return {key: value for key, value in values if value is not None}


def _hash(props: dict) -> str:
    text = orjson.dumps(props, default=str, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS)
    return hashlib.blake2b(text, digest_size=12).hexdigest()


def node_rows(G: nx.MultiDiGraph, graph_name: str) -> Iterator[dict]:
    """One row per node: ``id``, ``label`` (its type) and ``props`` (all properties, hash included)."""
    for node, attrs in sorted(G.nodes(data=True), key=lambda n: str(n[0])):
        props = _props(attrs)
        props["id"] = str(node)
        props["graph"] = graph_name
        label = label_of(attrs.get("type") or "Entity")
        props["hash"] = _hash(props)
        yield {"id": str(node), "label": label, "props": props}


def edge_rows(G: nx.MultiDiGraph, graph_name: str) -> Iterator[dict]:
    """One row per (source, type, target): ``source``, ``target``, ``type`` and ``props``.

    ``evidence`` becomes a list of JSON strings plus the parallel ``ev_sentences`` and ``ev_doc_ids``;
    amounts, confidence, status and the rest of the lifted fields are plain properties.
    """
    skip = {"evidence", "source", "target", "key", "type"}
    for u, v, attrs in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2].get("type")))):
        rtype = label_of(attrs.get("type"))
        evidence = [ev for ev in attrs.get("evidence") or [] if isinstance(ev, dict)]
        props = _props(attrs, skip=skip)
        props["graph"] = graph_name
        props["evidence"] = [evidence_json(ev) for ev in evidence]
        for name, prop in EVIDENCE_LIST_PROPERTY.items():
            props[prop] = ["" if ev.get(name) is None else str(ev[name]) for ev in evidence]
        props["hash"] = _hash(props)
        yield {"source": str(u), "target": str(v), "type": rtype, "props": props}


# --------------------------------------------------------------------------- Cypher

def constraint_statements(labels: Iterable[str]) -> list[str]:
    """Uniqueness on ``id`` for ``:Entity`` and for each entity label, and an index on names."""
    stmts = ["CREATE CONSTRAINT whofunds_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
             "CREATE INDEX whofunds_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)"]
    for label in sorted(set(labels)):
        label = label_of(label)
        stmts.append(f"CREATE CONSTRAINT whofunds_{label.lower()}_id IF NOT EXISTS "
                     f"FOR (n:`{label}`) REQUIRE n.id IS UNIQUE")
    return stmts


def node_statement(label: str) -> str:
    """MERGE one batch of nodes of one label; returns how many existing nodes changed."""
    return (
        "UNWIND $rows AS row "
        f"MERGE (n:Entity {{id: row.id}}) "
        f"ON CREATE SET n = row.props, n:`{label_of(label)}` "
        "WITH n, row WHERE n.hash <> row.props.hash OR n.hash IS NULL "
        f"SET n = row.props, n:`{label}` "
        "RETURN count(n) AS updated"
    )


def edge_statement(rtype: str) -> str:
    """MERGE one batch of relationships of one type; returns how many existing ones changed."""
    return (
        "UNWIND $rows AS row "
        "MATCH (a:Entity {id: row.source}) "
        "MATCH (b:Entity {id: row.target}) "
        f"MERGE (a)-[r:`{label_of(rtype)}`]->(b) "
        "ON CREATE SET r = row.props "
        "WITH r, row WHERE r.hash <> row.props.hash OR r.hash IS NULL "
        "SET r = row.props "
        "RETURN count(r) AS updated"
    )


def one_row_edge_statement(rtype: str) -> str:
    """The naive way, one MERGE per relationship per transaction: the benchmark's reference."""
    return (
        "MATCH (a:Entity {id: $source}) MATCH (b:Entity {id: $target}) "
        f"MERGE (a)-[r:`{label_of(rtype)}`]->(b) SET r = $props"
    )


# --------------------------------------------------------------------------- batching

def batch_size_for_heap(heap_bytes: int | None) -> int:
    """Rows per transaction: ~1 per 64 KiB of heap (transaction state and rows), 1,000-20,000.

    >>> batch_size_for_heap(1 << 30), batch_size_for_heap(None)
    (16384, 5000)
    """
    if not heap_bytes:
        return 5000
    return max(1000, min(20000, heap_bytes >> 16))


def server_heap_bytes(session) -> int | None:
    """The server's maximum heap, from JMX (works on Community with the default procedures)."""
    try:
        rec = session.run("CALL dbms.queryJmx('java.lang:type=Memory') YIELD attributes "
                          "RETURN attributes.HeapMemoryUsage.value.properties.max AS max").single()
        return int(rec["max"]) if rec and rec["max"] else None
    except Exception:  # noqa: BLE001 - a managed service may forbid JMX; fall back to the default size
        return None


def batches(rows: Iterable[dict], size: int, max_bytes: int = MAX_BATCH_BYTES) -> Iterator[list[dict]]:
    """Group ``rows`` by at most ``size`` rows and about ``max_bytes`` of text (long evidence)."""
    batch, used = [], 0
    for row in rows:
        cost = sum(len(v) for v in row["props"].values() if isinstance(v, str))
        cost += sum(len(x) for v in row["props"].values() if isinstance(v, list) for x in v if isinstance(x, str))
        if batch and (len(batch) >= size or used + cost > max_bytes):
            yield batch
            batch, used = [], 0
        batch.append(row)
        used += cost
    if batch:
        yield batch


def _grouped(rows: Iterable[dict], key: str) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row)
    return groups


# --------------------------------------------------------------------------- the load

@dataclass
class LoadSummary:
    """What a load did, from the server's own counters."""

    nodes_in_file: int = 0
    relationships_in_file: int = 0
    nodes_created: int = 0
    nodes_updated: int = 0
    relationships_created: int = 0
    relationships_updated: int = 0
    nodes_deleted: int = 0
    relationships_deleted: int = 0
    constraints_added: int = 0
    properties_set: int = 0
    batches: int = 0
    batch_size: int = 0
    seconds: float = 0.0
    missing_endpoints: int = 0
    timings: dict = field(default_factory=dict)

    @property
    def nodes_unchanged(self) -> int:
        return self.nodes_in_file - self.nodes_created - self.nodes_updated

    @property
    def relationships_unchanged(self) -> int:
        return self.relationships_in_file - self.relationships_created - self.relationships_updated - self.missing_endpoints


def _run_batch(tx, statement: str, rows: list[dict]):
    result = tx.run(statement, rows=rows)
    updated = result.single()["updated"]
    return updated, result.consume().counters


def default_workers() -> int:
    """Writers that load at once: two (the client packs one batch while the server runs another).

    >>> default_workers() >= 1
    True
    """
    return max(1, min(2, os.cpu_count() or 1))


def load_graph(G: nx.MultiDiGraph, driver, database: str | None = None, graph_name: str | None = None,
               batch_size: int | None = None, prune: bool = False,
               on_progress: Callable[[str, int], None] | None = None,
               on_start: Callable[[int, int], None] | None = None, workers: int | None = None,
               force: bool = False) -> LoadSummary:
    """Load ``G`` through ``driver`` (idempotent; see the module docs). Returns a :class:`LoadSummary`.

    ``workers`` sessions write at once (default :func:`default_workers`): nodes in any order, since
    each is one id; relationships in rounds whose writers never share a node
    (:func:`whofunds.queries.schedule.disjoint_rounds`), so they never wait for each other's locks.
    ``on_start(nodes, relationships)`` and ``on_progress(kind, rows_done)`` drive a progress bar
    (``on_progress`` may be called from the writers' threads).

    Before anything is written, the graph is checked against the contract (:func:`check_graph`), and
    with ``prune`` a graph that would delete more than :data:`PRUNE_LIMIT` of the database's nodes of
    this graph is refused (:class:`PruneRefused`) unless ``force``.
    """
    started = time.perf_counter()
    check_graph(G)
    workers = max(1, workers or default_workers())
    graph_name = graph_name or G.graph.get("name") or "whofunds"
    nodes = list(node_rows(G, graph_name))
    edges = list(edge_rows(G, graph_name))
    summary = LoadSummary(nodes_in_file=len(nodes), relationships_in_file=len(edges))
    if prune and not force:
        with driver.session(database=database) as session:
            prune_check(session, graph_name, [row["id"] for row in nodes])
    if on_start:
        on_start(len(nodes), len(edges))
    labels = {row["label"] for row in nodes} | set(SCHEMA.entity_types)
    with driver.session(database=database) as session:
        for stmt in constraint_statements(labels):
            summary.constraints_added += session.run(stmt).consume().counters.constraints_added
        session.run("CALL db.awaitIndexes(300)").consume()
        summary.batch_size = batch_size or batch_size_for_heap(server_heap_bytes(session))
    writer = _Writer(driver, database, summary, on_progress)
    t0 = time.perf_counter()
    writer.run_round([nodes[i::workers] for i in range(workers)], "nodes", "label", node_statement)
    summary.timings["nodes"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for parts in disjoint_rounds(edges, workers):
        writer.run_round(parts, "relationships", "type", edge_statement)
    summary.timings["relationships"] = time.perf_counter() - t0
    with driver.session(database=database) as session:
        if edges:
            summary.missing_endpoints = _count_missing_endpoints(session, edges)
        if prune:
            summary.nodes_deleted, summary.relationships_deleted = _prune(session, graph_name, nodes, edges)
    summary.seconds = time.perf_counter() - started
    return summary


class _Writer:
    """Runs one round of parts, one session and thread per part, and adds the counters to the summary."""

    def __init__(self, driver, database, summary: LoadSummary, on_progress):
        self.driver, self.database, self.summary, self.on_progress = driver, database, summary, on_progress
        self.lock = threading.Lock()

    def run_round(self, parts: list[list[dict]], kind: str, key: str, make: Callable[[str], str]) -> None:
        parts = [part for part in parts if part]
        if len(parts) <= 1:
            for part in parts:
                self.write_part(part, kind, key, make)
            return
        with ThreadPoolExecutor(max_workers=len(parts), thread_name_prefix="whofunds-load") as pool:
            for future in [pool.submit(self.write_part, part, kind, key, make) for part in parts]:
                future.result()  # re-raises a writer's error here

    def write_part(self, rows: list[dict], kind: str, key: str, make: Callable[[str], str]) -> None:
        with self.driver.session(database=self.database) as session:
            for group, group_rows in sorted(_grouped(rows, key).items()):
                statement = make(group)
                for batch in batches(group_rows, self.summary.batch_size):
                    updated, counters = session.execute_write(_run_batch, statement, batch)
                    self.count(kind, updated, counters, len(batch))

    def count(self, kind: str, updated: int, counters, rows: int) -> None:
        s = self.summary
        with self.lock:
            s.batches += 1
            s.properties_set += counters.properties_set
            if kind == "nodes":
                s.nodes_created += counters.nodes_created
                s.nodes_updated += updated
            else:
                s.relationships_created += counters.relationships_created
                s.relationships_updated += updated
            if self.on_progress:
                self.on_progress(kind, rows)


def _count_missing_endpoints(session, edges: list[dict]) -> int:
    """Relationships whose endpoints are not in the database (a graph.json whose links name unknown nodes)."""
    ids = sorted({row["source"] for row in edges} | {row["target"] for row in edges})
    present = session.run("UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN count(n) AS c", ids=ids).single()["c"]
    if present == len(ids):
        return 0
    rec = session.run("UNWIND $rows AS row OPTIONAL MATCH (a:Entity {id: row.s}) OPTIONAL MATCH (b:Entity {id: row.t}) "
                      "RETURN count(CASE WHEN a IS NULL OR b IS NULL THEN 1 END) AS missing",
                      rows=[{"s": r["source"], "t": r["target"]} for r in edges]).single()
    return rec["missing"]


def _prune(session, graph_name: str, nodes: list[dict], edges: list[dict]) -> tuple[int, int]:
    """Delete what carries ``graph = graph_name`` but is not in this load: relationships, then nodes."""
    keys = [f"{r['source']}\u0000{r['type']}\u0000{r['target']}" for r in edges]
    rel_deleted = session.execute_write(lambda tx: tx.run(
        "MATCH (a:Entity)-[r]->(b:Entity) WHERE r.graph = $graph "
        "AND NOT a.id + $sep + type(r) + $sep + b.id IN $keys DELETE r",
        graph=graph_name, keys=keys, sep="\u0000").consume().counters.relationships_deleted)
    node_deleted = session.execute_write(lambda tx: tx.run(
        "MATCH (n:Entity) WHERE n.graph = $graph AND NOT n.id IN $ids DETACH DELETE n",
        graph=graph_name, ids=[r["id"] for r in nodes]).consume().counters)
    return node_deleted.nodes_deleted, rel_deleted + node_deleted.relationships_deleted


def database_counts(driver, database: str | None = None) -> dict[str, int]:
    """Node and relationship counts of the ``:Entity`` graph (what the tests compare)."""
    with driver.session(database=database) as session:
        nodes = session.run("MATCH (n:Entity) RETURN count(n) AS c").single()["c"]
        rels = session.run("MATCH (:Entity)-[r]->(:Entity) RETURN count(r) AS c").single()["c"]
    return {"nodes": nodes, "relationships": rels}


def load_file(path: str | os.PathLike, driver, **kwargs) -> LoadSummary:
    """Read ``graph.json`` with :func:`whofunds.graph.io.read_graph` and load it."""
    from whofunds.graph.io import read_graph

    return load_graph(read_graph(path), driver, **kwargs)
