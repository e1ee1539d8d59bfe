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
import random
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


_EVIDENCE_SKIP = frozenset(EVIDENCE_LIST_PROPERTY)
_JSON_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def evidence_json(ev: dict) -> str:
    """One piece of evidence as the JSON string stored in ``r.evidence[i]``: every non-null field except
    the sentence and document id (those are ``r.ev_sentences[i]`` and ``r.ev_doc_ids[i]``), compact,
    keys sorted.

    >>> evidence_json({"sentence": "X funds Y.", "doc_id": "d1", "start": 0, "end": 10, "amount": None})
    '{"end":10,"start":0}'
    """
    kept = {k: v for k, v in ev.items() if v is not None and k not in _EVIDENCE_SKIP}
    return orjson.dumps(kept, default=str, option=_JSON_OPTIONS).decode()


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


_INF, _NINF = math.inf, -math.inf


def _props(attrs: dict, skip: set[str] | frozenset[str] = frozenset()) -> dict:
    """``attrs`` as Neo4j properties (:func:`_property_value`), null values left out.

    The common types are decided inline: this runs for every property of every row, and a function
    call per property was most of the cost of building 500k relationship rows (issue 14).

    >>> _props({"a": 1, "b": None, "c": float("nan"), "d": ["x"], "e": {"k": 1}})
    {'a': 1, 'd': ['x'], 'e': '{"k": 1}'}
    """
    out = {}
    for key, value in attrs.items():
        if key in skip:
            continue
        kind = type(value)
        if kind is str or kind is int or kind is bool:
            out[key] = value
        elif value is None:
            continue
        elif kind is float:
            if value == value and value != _INF and value != _NINF:
                out[key] = value
        elif kind is list and all(type(v) is str for v in value):
            out[key] = list(value)
        else:
            value = _property_value(value)
            if value is not None:
                out[key] = value
    return out


def _hash(props: dict) -> str:
    """The row hash stored as ``hash``: what ``load`` compares to leave unchanged rows alone (and what
    ``neo4j import`` writes, so a load after an import finds every row unchanged)."""
    return hashlib.blake2b(orjson.dumps(props, default=str, option=_JSON_OPTIONS), digest_size=12).hexdigest()


def node_rows(G: nx.MultiDiGraph, graph_name: str, nodes: Iterable | None = None) -> Iterator[dict]:
    """One row per node (or per node of ``nodes``): ``id``, ``label`` (its type) and ``props`` (all
    properties, hash included)."""
    data = G.nodes(data=True) if nodes is None else ((node, G.nodes[node]) for node in nodes)
    return rows_of_nodes(sorted(data, key=lambda n: str(n[0])), graph_name)


def rows_of_nodes(items: Iterable[tuple[Any, dict]], graph_name: str) -> Iterator[dict]:
    """:func:`node_rows` of ``(node id, attributes)`` pairs, in their order. An ``id`` among the attributes
    (a node of graph.json's node-link data as it is) is the node's id and changes nothing."""
    for node, attrs in items:
        props = _props(attrs)
        props["id"] = str(node)
        props["graph"] = graph_name
        label = label_of(attrs.get("type") or "Entity")
        props["hash"] = _hash(props)
        yield {"id": str(node), "label": label, "props": props}


_EDGE_SKIP = frozenset({"evidence", "source", "target", "key", "type"})


def _type_key(attrs: dict) -> str:
    return str(attrs.get("type"))


def sorted_edges(G: nx.MultiDiGraph, sources: Iterable | None = None) -> Iterator[tuple[Any, Any, dict]]:
    """``(u, v, attrs)`` of the edges out of ``sources`` (default: all), sorted by (source, target, type) as
    text. Walks the adjacency dicts instead of sorting ``G.edges(data=True)`` (a third of the cost of the
    rows, issue 14)."""
    if not G.is_multigraph():
        chosen = None if sources is None else set(sources)
        yield from sorted(((u, v, a) for u, v, a in G.edges(data=True) if chosen is None or u in chosen),
                          key=lambda e: (str(e[0]), str(e[1]), _type_key(e[2])))
        return
    adj = G._adj  # a MultiDiGraph's u -> v -> key -> attrs
    for u in sorted(adj if sources is None else sources, key=str):
        nbrs = adj[u]
        for v in sorted(nbrs, key=str) if len(nbrs) > 1 else nbrs:
            keyed = nbrs[v]
            for attrs in keyed.values() if len(keyed) == 1 else sorted(keyed.values(), key=_type_key):
                yield u, v, attrs


def edge_rows(G: nx.MultiDiGraph, graph_name: str, sources: Iterable | None = None) -> Iterator[dict]:
    """One row per (source, type, target): ``source``, ``target``, ``type`` and ``props``.

    ``evidence`` becomes a list of JSON strings plus the parallel ``ev_sentences`` and ``ev_doc_ids``;
    amounts, confidence, status and the rest of the lifted fields are plain properties. ``sources``
    limits the rows to the edges out of those nodes (``neo4j import`` builds rows in several processes).
    """
    return rows_of_edges(sorted_edges(G, sources), graph_name)


def rows_of_edges(edges: Iterable[tuple[Any, Any, dict]], graph_name: str) -> Iterator[dict]:
    """:func:`edge_rows` of ``(source, target, attributes)`` triples, in their order. ``source``,
    ``target`` and ``key`` among the attributes (a link of graph.json's node-link data as it is) are
    left out, as networkx leaves them out of an edge's attributes."""
    dumps, skip, ev_skip = orjson.dumps, _EDGE_SKIP, _EVIDENCE_SKIP
    for u, v, attrs in edges:
        rtype = label_of(attrs.get("type"))
        props = _props(attrs, skip=skip)
        props["graph"] = graph_name
        texts, sentences, doc_ids = [], [], []
        for ev in attrs.get("evidence") or ():
            if not isinstance(ev, dict):
                continue
            texts.append(dumps({k: x for k, x in ev.items() if x is not None and k not in ev_skip},
                               default=str, option=_JSON_OPTIONS).decode())
            sentence, doc_id = ev.get("sentence"), ev.get("doc_id")
            sentences.append("" if sentence is None else sentence if type(sentence) is str else str(sentence))
            doc_ids.append("" if doc_id is None else doc_id if type(doc_id) is str else str(doc_id))
        props["evidence"] = texts
        props["ev_sentences"] = sentences
        props["ev_doc_ids"] = doc_ids
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
    # Transactions run again after a transient error (``retries``), and how many of those
    # errors were deadlocks the server detected (``deadlocks``): see :func:`write_counted`.
    retries: int = 0
    deadlocks: int = 0
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


DEADLOCK = "Neo.TransientError.Transaction.DeadlockDetected"


class RetryCounter:
    """Counts, across writer threads, the transactions run again and the deadlocks among their causes."""

    def __init__(self) -> None:
        self.retries = 0
        self.deadlocks = 0
        self.lock = threading.Lock()

    def add(self, attempts: list[str | None]) -> None:
        with self.lock:
            self.retries += len(attempts) - 1
            self.deadlocks += sum(code == DEADLOCK for code in attempts[:-1])


RETRY_SECONDS = 30.0  # as the driver's max_transaction_retry_time: no new attempt starts after this long


def write_counted(session, work: Callable, *args, counter: RetryCounter, retry_seconds: float = RETRY_SECONDS):
    """``work(tx, *args)`` in a write transaction, committed, and run again after a transient error, as
    ``session.execute_write`` does; each attempt's error code is counted into ``counter``.

    Writers can deadlock: creating a relationship locks both its nodes *and* updates the first
    relationship record of each node's chain, so two transactions whose node sets are disjoint still
    meet on a relationship that joins their nodes (issue 14 saw ``DeadlockDetected`` in 7 of 22
    two-writer runs). The server detects each deadlock and fails one transaction; it is rolled back
    whole and run again here (for up to ``retry_seconds``, then the error is raised). The result is the
    same; the cost is counted here and reported by ``load``.

    The retries are this loop's, not ``execute_write``'s, because the driver's loop hides where an
    attempt failed: a deadlock can surface while the transaction commits (the server runs a statement
    as its results are pulled, and the commit pulls what the work left unread), after ``work`` has
    returned, and would have been counted as an unknown retry.
    """
    import neo4j.exceptions

    attempts: list[str | None] = []
    delay, started = 1.0, time.monotonic()
    try:
        while True:
            attempts.append(None)
            try:
                with session.begin_transaction() as tx:
                    result = work(tx, *args)
                    tx.commit()
                return result
            except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
                attempts[-1] = getattr(exc, "code", None) or type(exc).__name__
                if not exc.is_retryable() or time.monotonic() - started > retry_seconds:
                    raise
            time.sleep(delay * (0.8 + 0.4 * random.random()))  # the driver's back-off: x2, +-20 % jitter
            delay *= 2
    finally:
        counter.add(attempts)


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
               force: bool = False, checked: bool = False) -> LoadSummary:
    """Load ``G`` through ``driver`` (idempotent; see the module docs). Returns a :class:`LoadSummary`.

    ``workers`` sessions write at once (default :func:`default_workers`): nodes in any order, since
    each is one id; relationships in rounds whose writers never share a node
    (:func:`whofunds.queries.schedule.disjoint_rounds`). That keeps most of their locks apart, not all:
    writers can still deadlock on the relationship chains at their nodes. The server detects it, the
    failed batch is run again, and the summary counts it (``retries``, ``deadlocks``; see
    :func:`write_counted`).
    ``on_start(nodes, relationships)`` and ``on_progress(kind, rows_done)`` drive a progress bar
    (``on_progress`` may be called from the writers' threads).

    Before anything is written, the graph is checked against the contract (:func:`check_graph`), and
    with ``prune`` a graph that would delete more than :data:`PRUNE_LIMIT` of the database's nodes of
    this graph is refused (:class:`PruneRefused`) unless ``force``. ``checked=True`` says the caller
    has checked the contract already (``read_graph(path, strict=True)`` does): the check is not repeated.
    """
    started = time.perf_counter()
    if not checked:
        check_graph(G)
    workers = max(1, workers or default_workers())
    graph_name = graph_name or G.graph.get("name") or "whofunds"
    t0 = time.perf_counter()
    nodes = list(node_rows(G, graph_name))
    edges = list(edge_rows(G, graph_name))
    summary = LoadSummary(nodes_in_file=len(nodes), relationships_in_file=len(edges))
    summary.timings["rows"] = time.perf_counter() - t0
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
    summary.retries, summary.deadlocks = writer.counter.retries, writer.counter.deadlocks
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
        self.counter = RetryCounter()

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
                    updated, counters = write_counted(session, _run_batch, statement, batch, counter=self.counter)
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
