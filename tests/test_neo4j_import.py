"""``whofunds neo4j import``: a first load with neo4j-admin's bulk importer, on a real server of its own.

What it must show (issue 14): after an import, ``load`` of the same graph changes nothing and every
question answers as after a transactional load; the store holds exactly what ``load`` writes (ids,
labels, every property, hashes), hostile text included; a database holding data is refused unless
``--overwrite``; a failed import leaves the previous database serving. Plus the CSV itself (no server).
"""
from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import networkx as nx
import pytest

from whofunds.graph.io import read_graph, write_graph
from whofunds.queries import bulk, catalog, load, server, synthetic

WHOFUNDS = [sys.executable, "-m", "whofunds.cli"]


def cli(*args, env=None, timeout=900) -> subprocess.CompletedProcess:
    return subprocess.run([*WHOFUNDS, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**(env or os.environ), "COLUMNS": "200"})


def connect(srv):
    import neo4j

    return neo4j.GraphDatabase.driver(srv.uri, auth=(srv.user, srv.password), notifications_min_severity="OFF")


def empty(driver) -> None:
    with driver.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


def everything(driver) -> tuple[list, list]:
    """The whole database: every node with its labels and properties, every relationship with its properties."""
    with driver.session() as s:
        nodes = s.run("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id").data()
        rels = s.run("MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props "
                     "ORDER BY a, t, b").data()
    for n in nodes:
        n["labels"] = sorted(n["labels"])
    return nodes, rels


def answers(driver, params_by_query: dict[str, list[dict]]) -> dict:
    from test_queries_parity import _answer

    return {(name, json.dumps(params, sort_keys=True)): _answer(lambda: catalog.run_named(driver, name, params))
            for name, param_list in params_by_query.items() for params in param_list}


# --------------------------------------------------------------------------- the CSV, without a server

def read_back(path: str) -> list[dict]:
    """A CSV file as the importer reads it (RFC 4180; typed header; U+001F between list items)."""
    with open(path, newline="", encoding="utf-8") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        rows = []
        for line in reader:
            row = {}
            for column, text in zip(header, line):
                name, _, kind = column.rpartition(":")
                if text == "" and kind not in ("string", "ID", "START_ID", "END_ID"):
                    continue
                parse = {"long": int, "double": float, "boolean": lambda t: t == "true"}.get(kind.rstrip("[]"), str)
                row[name or kind] = [parse(x) for x in text.split("\x1f")] if kind.endswith("[]") else parse(text)
            rows.append(row)
    return rows


def test_cells_are_quoted_typed_and_refuse_what_csv_cannot_carry():
    assert bulk.cell('a "b", c\nd') == '"a ""b"", c\nd"'
    assert bulk.cell("") == '""' and bulk.cell(["", "x"]) == '"\x1fx"'
    assert bulk.cell(0.1) == "0.1" and float(bulk.cell(1 / 3)) == 1 / 3 and bulk.cell(-(2 ** 63)) == str(-(2 ** 63))
    assert [bulk.kind_of(v) for v in ([], [""], ["a\x1fb"], [1, 2], [True], [0.5], "", 0)] == \
        [None, None, None, "long[]", "boolean[]", "double[]", "string", "long"]
    with pytest.raises(load.GraphLoadError, match="64-bit"):
        bulk.kind_of(2 ** 63)


def test_import_files_hold_the_loaders_rows(tmp_path):
    G = nx.MultiDiGraph(name="whofunds")
    G.add_node("firm:a", name='A "quoted", firm', type="Firm", aliases=[], mentions=2, pagerank=0.5, weird=[""])
    G.add_node("firm:b", name="B\nnew line", type="Firm", aliases=["b", "B\x1fx"], mentions=3, pagerank=1)
    G.add_node("fund:c", name="C", type="Fund", aliases=["c", ""], **{"odd key": 1})
    ev = {"doc_id": "d", "sentence": "A, B and C.\r\nNext", "start": 0, "end": 3}
    G.add_edge("fund:c", "firm:a", key="INVESTS_IN", type="INVESTS_IN", evidence=[ev], amount=5)
    G.add_edge("fund:c", "firm:b", key="INVESTS_IN", type="INVESTS_IN", evidence=[ev, ev], amount=5.5)
    files = bulk.write_import_files(G, tmp_path, processes=1)
    assert (files.nodes, files.relationships) == (3, 2)
    written = {}
    for group in files.groups:
        header = Path(group.path).read_text("utf-8").splitlines()[0]
        for row in read_back(group.path):
            key = row.get("id") or (row["START_ID"], group.labels, row["END_ID"])
            written[key] = (group, header, row)
    # Every value the CSV carries reads back as the loader's row has it; the rest goes through Bolt.
    fixups = {row["id"]: row["props"] for row in files.node_fixups}
    for row in load.node_rows(G, "whofunds"):
        group, header, got = written[row["id"]]
        assert group.labels == f"Entity:{row['label']}"
        assert {**got, **fixups.get(row["id"], {})} == row["props"]
    assert fixups == {"firm:a": {"aliases": [], "weird": [""]}, "firm:b": {"aliases": ["b", "B\x1fx"]},
                      "fund:c": {"odd key": 1}}
    for row in load.edge_rows(G, "whofunds"):
        group, header, got = written[(row["source"], row["type"], row["target"])]
        assert {k: v for k, v in got.items() if k not in ("START_ID", "END_ID")} == row["props"]
    # amount is an integer on one edge and a float on the other: two headers, each typed
    headers = sorted(h for g, h, _ in written.values() if g.what == "relationships")
    assert any("amount:long" in h for h in headers) and any("amount:double" in h for h in headers)
    # rows with a line break sit in files of their own, which the importer reads in multi-line mode
    assert {g.multiline for g in files.groups} == {True, False}
    for group in files.groups:
        texts = [x for row in read_back(group.path) for v in row.values() for x in (v if isinstance(v, list) else [v])
                 if isinstance(x, str)]
        assert any("\n" in t or "\r" in t for t in texts) == group.multiline, group
    args = bulk.admin_arguments(files, "neo4j", tmp_path / "report")
    assert args[:4] == ["database", "import", "full", "neo4j"] and "--array-delimiter=U+001F" in args
    assert "--multiline-fields=" + ",".join(g.path for g in files.groups if g.multiline) in args


def test_rows_and_files_are_the_same_in_one_process_or_several(tmp_path):
    G = synthetic.synthetic_graph(3000, 25000, seed=2)
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    one = bulk.write_import_files(G, tmp_path / "one", processes=1)
    two = bulk.write_import_files(G, tmp_path / "two", processes=2)

    def rows(files):
        found = {}
        for group in files.groups:
            for row in read_back(group.path):
                found[row.get("id") or (row.pop("START_ID"), group.labels, row.pop("END_ID"))] = row
        return found

    assert (one.nodes, one.relationships) == (two.nodes, two.relationships) == (3000, G.number_of_edges())
    assert rows(one) == rows(two)
    assert len({g.path for g in two.groups if Path(g.path).name.startswith("p1-")}) > 0  # the second process wrote


def test_the_fast_cells_are_the_general_ones():
    """``_cells`` types the common values inline; every value must come out as ``kind_of`` and ``cell`` say."""
    values = ["", "x", 'q"uote', "a,b\nc", 0, -1, 2 ** 63 - 1, -(2 ** 63), 0.0, -0.0, 1e300, 1 / 3, True, False,
              ["a"], ["a", ""], ["", ""], [""], ["a\x1fb"], ["a", "b\x1f"], ["\x1f"], [], [1, 2], [0.5], [True, False]]
    for value in values:
        cells, later = bulk._cells({"k": value, "odd key": value}, skip=None)
        assert later["odd key"] == value  # a header cannot name it
        kind = bulk.kind_of(value)
        if kind is None:
            assert "k" not in cells and later["k"] == value, value
        else:
            assert cells == {"k": (kind, bulk.cell(value))} and "k" not in later, value
    with pytest.raises(load.GraphLoadError, match="64-bit"):
        bulk._cells({"k": 2 ** 63}, skip=None)


def test_the_row_writer_writes_what_the_general_cells_say(tmp_path):
    """The streaming writer (one file per column set, every field quoted, NUL-joined) gives, read back as
    the importer reads CSV, the same values as the general cells, for hostile text and every kind; what
    CSV cannot carry goes to the fix-ups either way."""
    texts = ['say "hi", ok', "line\nbreak", "cr\r\nlf", "unit\x1fsep", "nul\x00x", "", ",", '"', '""', "合肥 🚀",
             "\u2028", "back\\slash\\", " lead"]
    rows = []
    for i, text in enumerate(texts):
        rows.append({"name": text, "n": i, "x": i / 3, "ok": i % 2 == 0, "tags": [text, "b"], "none": [],
                     "one": [""], "big": 2 ** 62 if i % 4 else -(2 ** 63), "id": f"firm:{i}-{text}"})
        rows.append({"id": f"firm:{i}-b", "name": text, "ints": [1, 2], "odd key": text})
    files = bulk.ImportFiles(folder=str(tmp_path))
    writer = bulk._RowWriter(files, "nodes", "t")
    fixups = {}
    for props in rows:
        multiline, later = writer.write("Entity:Firm", (), props)
        cells, general_later = bulk._cells(props, skip="id")
        assert later == general_later or (set(later) | set(general_later) <= {"none", "one", "tags", "odd key"}), props
        assert multiline == bulk._breaks_lines(bulk._quote(props["id"]), cells)
        fixups[props["id"]] = later
    writer.close()
    got = {}
    for group in files.groups:
        for row in read_back(group.path):
            got[row["id"]] = row
    for props in rows:
        want = {key: value for key, value in props.items() if key not in fixups[props["id"]]}
        have = {key: value for key, value in got[props["id"]].items() if key not in fixups[props["id"]]}
        assert have == want, props
    edges = bulk._RowWriter(bulk.ImportFiles(folder=str(tmp_path)), "relationships", "e")
    for i, text in enumerate(texts):
        edges.write("INVESTS_IN", (f"a,{text}", f"b\n{text}"), {"currency": text, "evidence": [text, "{}"], "amount": i})
    edges.close()
    back = sorted((r["START_ID"], r["END_ID"], r["currency"], r.get("evidence"), r["amount"])
                  for group in edges.files.groups for row in [read_back(group.path)] for r in row)
    assert back == sorted((f"a,{t}", f"b\n{t}", t, None if "\x1f" in t else [t, "{}"], i) for i, t in enumerate(texts))


def _rows(files: bulk.ImportFiles) -> dict:
    found = {}
    for group in files.groups:
        for row in read_back(group.path):
            found[row.get("id") or (row.pop("START_ID"), group.labels, row.pop("END_ID"))] = (group.labels, row)
    return found


def _synthetic_and_hostile():
    """A generated graph with the hostile-text nodes and edges added: what the file-writing paths must agree on."""
    G = synthetic.synthetic_graph(2500, 24000, seed=3)
    for node, attrs in hostile_graph().nodes(data=True):
        G.add_node(node, **attrs)
    for u, v, k, attrs in hostile_graph().edges(keys=True, data=True):
        G.add_edge(u, v, key=k, **attrs)
    return G


@pytest.mark.parametrize("processes", [1, 2])
def test_files_from_graph_json_as_it_is_equal_the_files_from_the_networkx_graph(tmp_path, processes):
    """``neo4j import`` reads what ``build`` writes without building a networkx graph: the same rows, hashes,
    fix-ups and samples' ids as from the graph ``load`` reads."""
    G = _synthetic_and_hostile()
    write_graph(G, tmp_path / "g.json")
    data = bulk.read_for_import(tmp_path / "g.json")
    assert isinstance(data, dict) and bulk.rows_from_data(data)
    H = read_graph(tmp_path / "g.json", strict=True)
    (tmp_path / "data").mkdir()
    (tmp_path / "graph").mkdir()
    from_data = bulk.write_import_files(data, tmp_path / "data", processes=processes)
    from_graph = bulk.write_import_files(H, tmp_path / "graph", processes=processes)
    assert (from_data.nodes, from_data.relationships) == (from_graph.nodes, from_graph.relationships) == \
        (H.number_of_nodes(), H.number_of_edges())
    assert _rows(from_data) == _rows(from_graph)
    key = lambda rows: sorted(json.dumps(r, sort_keys=True) for r in rows)  # noqa: E731
    assert key(from_data.node_fixups) == key(from_graph.node_fixups) and from_data.node_fixups
    assert key(from_data.relationship_fixups) == key(from_graph.relationship_fixups) and from_data.relationship_fixups
    # and every row is the loader's: its hash covers every property
    hashes = {r["id"]: r["props"]["hash"] for r in load.node_rows(H, "whofunds")}
    hashes |= {(r["source"], r["type"], r["target"]): r["props"]["hash"] for r in load.edge_rows(H, "whofunds")}
    assert {k: row["hash"] for k, (labels, row) in _rows(from_data).items()} == hashes


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_graph_json_read_in_parts_gives_the_files_of_the_networkx_graph(tmp_path, processes):
    """``neo4j import`` reads what ``build`` writes in parts, each process parsing, checking and writing its
    own range of the links: the same rows, hashes and fix-ups as from the graph ``load`` reads, and the
    check is reported done (the server may stop) once, before the files are finished."""
    G = _synthetic_and_hostile()
    write_graph(G, tmp_path / "g.json")
    raw = (tmp_path / "g.json").read_bytes()
    skeleton, spans = bulk.split_graph_json(raw, processes)
    assert len(spans) == processes and skeleton["links"] == [] and len(skeleton["nodes"]) == G.number_of_nodes()
    assert sum(len(json.loads(b"[" + raw[a:b] + b"]")) for a, b in spans) == G.number_of_edges()
    H = read_graph(tmp_path / "g.json", strict=True)
    (tmp_path / "parts").mkdir()
    (tmp_path / "graph").mkdir()
    checked = []
    from_parts = bulk.write_import_files_from_json(tmp_path / "g.json", tmp_path / "parts", processes=processes,
                                                   on_checked=lambda: checked.append(time.monotonic()))
    from_graph = bulk.write_import_files(H, tmp_path / "graph", processes=1)
    assert from_parts is not None and len(checked) == 1
    assert (from_parts.nodes, from_parts.relationships) == (H.number_of_nodes(), H.number_of_edges())
    assert _rows(from_parts) == _rows(from_graph)
    key = lambda rows: sorted(json.dumps(r, sort_keys=True) for r in rows)  # noqa: E731
    assert key(from_parts.node_fixups) == key(from_graph.node_fixups) and from_parts.node_fixups
    assert key(from_parts.relationship_fixups) == key(from_graph.relationship_fixups)
    assert from_parts.fixup_labels == from_graph.fixup_labels
    assert from_parts.sample_nodes and from_parts.sample_relationships


def test_reading_in_parts_leaves_every_other_graph_json_to_the_whole_read(tmp_path):
    """Another layout, a problem to word, a link twice: the parts decline (``None``, the server not told to
    stop) and the import reads the file whole, as before, with its errors and its merging."""
    G = synthetic.synthetic_graph(60, 300, seed=2)
    data = json.loads(json.dumps(nx.node_link_data(G, edges="links")))
    data["graph"] = {"name": "whofunds"}

    def as_build_writes(d) -> bytes:
        return (json.dumps(d, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()

    twice = json.loads(json.dumps(data))
    twice["links"].append(dict(twice["links"][5], confidence=0.01))
    wrong_type, no_end, disorder, huge, unkeyed = (json.loads(json.dumps(data)) for _ in range(5))
    wrong_type["links"][-1]["type"] = "LIKES"
    no_end["links"][3]["target"] = "firm:nowhere"
    disorder["links"][7]["evidence"][0].update(start=9, end=2)
    huge["links"][-1]["amount"] = 2 ** 70
    unkeyed["links"][0].pop("key")
    cases = {"compact": json.dumps(data).encode(), "twice": as_build_writes(twice),
             "wrong_type": as_build_writes(wrong_type), "no_end": as_build_writes(no_end),
             "disorder": as_build_writes(disorder), "huge": as_build_writes(huge), "unkeyed": as_build_writes(unkeyed),
             "not_json": as_build_writes(data)[:-40]}
    assert bulk.write_import_files_from_json(tmp_path / "missing.json", tmp_path) is None
    for name, content in cases.items():
        (tmp_path / f"{name}.json").write_bytes(content)
        out = tmp_path / name
        out.mkdir()
        told = []
        got = bulk.write_import_files_from_json(tmp_path / f"{name}.json", out, processes=2,
                                                on_checked=lambda: told.append(1))
        assert got is None and not told, name
    (tmp_path / "good.json").write_bytes(as_build_writes(data))
    (tmp_path / "good").mkdir()
    assert bulk.write_import_files_from_json(tmp_path / "good.json", tmp_path / "good", processes=2).relationships == 300


def test_a_process_that_dies_while_writing_the_csv_fails_the_import_instead_of_hanging(tmp_path):
    """One of the processes writing the CSV is killed (as the kernel kills one out of memory): the import
    fails at once, saying what to do, instead of waiting forever for that process's share."""
    import psutil

    G = synthetic.synthetic_graph(6000, 80000, seed=11)
    me = psutil.Process()
    before = {child.pid for child in me.children(recursive=True)}
    outcome: dict = {}

    def write():
        try:
            bulk.write_import_files(G, tmp_path, processes=2)
        except Exception as exc:  # noqa: BLE001 - what the test looks at
            outcome["error"] = exc

    writer = threading.Thread(target=write, daemon=True)  # a hang must fail the test, not the run
    writer.start()
    killed = None
    deadline = time.monotonic() + 60
    def forked_by_the_writer(child) -> bool:
        try:
            return child.pid not in before and child.cmdline() == me.cmdline()
        except psutil.Error:  # gone, or a zombie, between the listing and the look
            return False

    while killed is None and time.monotonic() < deadline and writer.is_alive():
        forked = [c for c in me.children() if forked_by_the_writer(c)]
        if len(forked) == 2:
            killed = forked[0]
            killed.kill()
        time.sleep(0.005)
    writer.join(120)
    assert killed is not None, "the two processes were not seen"
    assert not writer.is_alive(), "write_import_files hangs after a process died"
    assert isinstance(outcome.get("error"), bulk.ImportFailed), outcome
    assert "--processes 1" in str(outcome["error"]) and "nothing was changed" in str(outcome["error"])


def test_a_process_reading_a_part_that_dies_fails_the_import_instead_of_hanging(tmp_path, monkeypatch):
    """A process reading and writing a part of graph.json is killed (as the kernel kills one out of memory):
    the import fails at once, naming what to do, the server never told to stop, no process left behind."""
    import signal

    import psutil

    G = synthetic.synthetic_graph(300, 3000, seed=12)
    write_graph(G, tmp_path / "g.json")
    real_part = bulk._links_part

    def part(index):
        if index == 1:
            os.kill(os.getpid(), signal.SIGKILL)
        return real_part(index)

    monkeypatch.setattr(bulk, "_links_part", part)
    before = {child.pid for child in psutil.Process().children()}
    told = []
    with pytest.raises(bulk.ImportFailed, match="--processes 1") as failed:
        bulk.write_import_files_from_json(tmp_path / "g.json", tmp_path, processes=2, on_checked=lambda: told.append(1))
    assert "nothing was changed" in str(failed.value) and not told
    assert not {child.pid for child in psutil.Process().children()} - before


def test_the_fast_read_gives_what_json_gives_and_the_same_errors(tmp_path):
    """orjson refuses NaN, integers past 64 bits and lone surrogates that Python's json reads: the fast read
    falls back to json for them, so a file reads the same either way, errors included."""
    from whofunds.graph.io import GraphFileError, read_graph_data

    node = '{"id": "firm:a", "name": %s, "type": "Firm", "aliases": [], "pagerank": %s, "mentions": %s}'
    cases = [('"A\\ud800"', "0.5", "1"), ('"A"', "NaN", "1"), ('"A"', "0.5", str(2 ** 70)),
             ('"A"', "0.5", str(-(2 ** 63) - 1)), ('"A"', "0.5", str(2 ** 64 - 1)), ('"A"', "0.5", "-7")]
    for i, values in enumerate(cases):
        path = tmp_path / f"g{i}.json"
        path.write_text('{"graph": {"name": "w"}, "nodes": [%s], "links": []}' % (node % values), "utf-8")
        slow, fast = read_graph_data(path), read_graph_data(path, fast=True)
        assert repr(slow) == repr(fast), values
        assert type(fast["nodes"][0]["mentions"]) is int and fast["nodes"][0]["mentions"] == int(values[2])
    assert read_graph_data(tmp_path / "g0.json", fast=True)["nodes"][0]["name"] == "A\ud800"
    for name, content in [("bad.json", b'{"nodes": [}'), ("latin.json", '{"nodes": ["\xe9"]}'.encode("latin-1")),
                          ("list.json", b"[]")]:
        (tmp_path / name).write_bytes(content)
        errors = []
        for fast in (False, True):
            with pytest.raises(GraphFileError) as exc:
                read_graph_data(tmp_path / name, fast=fast)
            errors.append(str(exc.value))
        assert errors[0] == errors[1], errors


def test_graph_json_that_networkx_would_merge_is_imported_as_load_reads_it(tmp_path):
    """Two links of one (source, target, type), or a key that is not the type: networkx merges or
    renumbers them, so the import builds the graph as ``load`` does and writes what ``load`` would."""
    G = synthetic.synthetic_graph(50, 120, seed=1)
    write_graph(G, tmp_path / "g.json")
    data = json.loads((tmp_path / "g.json").read_text("utf-8"))
    twice = dict(data["links"][0], confidence=0.01)
    data["links"].append(twice)
    (tmp_path / "dup.json").write_text(json.dumps(data), "utf-8")
    got = bulk.read_for_import(tmp_path / "dup.json")
    assert isinstance(got, nx.MultiDiGraph) and got.number_of_edges() == G.number_of_edges()
    assert got.edges[twice["source"], twice["target"], twice["key"]]["confidence"] == 0.01  # networkx's update
    with pytest.raises(ValueError, match="one per"):
        bulk.write_import_files(data, tmp_path)
    for link in data["links"]:
        link.pop("key")
    data["links"].pop()
    assert not bulk.rows_from_data(data)
    # Two edges of one (source, target, type) under different keys: one relationship, the last row, as
    # the loader's MERGE leaves it.
    H = nx.MultiDiGraph(name="whofunds")
    H.add_node("fund:a", name="A", type="Fund", aliases=[])
    H.add_node("firm:b", name="B", type="Firm", aliases=[])
    for key, confidence in (("one", 0.1), ("two", 0.2)):
        H.add_edge("fund:a", "firm:b", key=key, type="INVESTS_IN", confidence=confidence,
                   evidence=[{"doc_id": "d", "sentence": key}])
    (tmp_path / "h").mkdir()
    files = bulk.write_import_files(H, tmp_path / "h", processes=1)
    rows = list(load.edge_rows(H, "whofunds"))
    assert files.relationships == 1 and len(rows) == 2
    assert [row["hash"] for _, row in _rows(files).values() if "START_ID" not in row and "id" not in row] == \
        [rows[-1]["props"]["hash"]]


# --------------------------------------------------------------------------- on a real server

@pytest.mark.neo4j
@pytest.mark.parametrize("corpus", ["sample", "seeds"])
def test_import_then_load_changes_nothing_and_every_question_answers_as_after_a_load(neo4j_import_server, request,
                                                                                     corpus):
    path = request.getfixturevalue("sample_graph_json" if corpus == "sample" else "seeds_graph_json")
    G = read_graph(path)
    srv = neo4j_import_server
    result = cli("neo4j", "import", path, "--dir", srv.server_dir, "--overwrite", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["nodes"], summary["relationships"]) == (G.number_of_nodes(), G.number_of_edges())
    assert summary["uri"] == srv.uri and summary["checked_rows"] > 0  # the same port after the restart
    from test_queries_parity import assert_parity, parameter_sets

    params = parameter_sets(G, random.Random(0), per_query=0 if corpus == "sample" else 60)
    with connect(srv) as driver:
        imported = everything(driver)
        with driver.session() as s:
            names = {r["name"] for r in s.run("SHOW CONSTRAINTS YIELD name").data()}
            names |= {r["name"] for r in s.run("SHOW INDEXES YIELD name").data()}
        assert {"whofunds_entity_id", "whofunds_entity_name", "whofunds_firm_id"} <= names
        assert_parity(driver, G, params, require_answers=corpus == "sample")  # the embedded twin agrees
        after_import = answers(driver, params)

        again = load.load_file(path, driver)  # the loader finds every row as it would have written it
        assert (again.nodes_created, again.nodes_updated, again.relationships_created, again.relationships_updated,
                again.properties_set, again.constraints_added) == (0, 0, 0, 0, 0, 0)
        assert everything(driver) == imported
        assert answers(driver, params) == after_import

        empty(driver)
        clean = load.load_file(path, driver)  # a transactional first load writes the same store
        assert clean.relationships_created == G.number_of_edges()
        assert everything(driver) == imported
        assert answers(driver, params) == after_import


def hostile_graph() -> nx.MultiDiGraph:
    """Names, aliases, evidence and keys that break naive CSV: quotes, commas, every line break, the array
    delimiter, NUL, backslashes, edge spaces, empty strings and lists, keys a header cannot name."""
    from test_neo4j_load import hostile_graph as cypher_hostile

    G = cypher_hostile()
    texts = ["line\nbreak", "crlf\r\nbreak", "cr\ronly", 'comma, "quote"', "unit\x1fsep", "rec\x1esep", "nul\x00x",
             "back\\slash\\", "\\\"", " lead", "trail ", "\t", "", ",", '"', '""', "\u2028para\u2029", "a;b|c"]
    for i, text in enumerate(texts):
        node = f"firm:h{i}-{text}"
        G.add_node(node, name=text, type="Firm", aliases=[] if i % 3 == 0 else [""] if i % 3 == 1 else [text, text + "2"],
                   mentions=i, pagerank=i / 7, **({"odd key": text, "a:b": i} if i % 2 else {}))
        ev = {"doc_id": f"doc,{text}", "path": text, "sentence": f"Root Fund backs {text}.\n{text}", "start": 0,
              "end": 1, "rule": "r", "confidence": 0.5, "status": "stated", "amount": None}
        G.add_edge("fund:root", node, key="INVESTS_IN", type="INVESTS_IN", evidence=[ev, dict(ev, sentence="")],
                   confidence=0.5, status="stated", amount=i if i % 2 else i + 0.5, currency=text)
    return G


@pytest.mark.neo4j
def test_hostile_text_reads_back_exactly_as_a_load_writes_it(neo4j_import_server):
    G = hostile_graph()
    srv = neo4j_import_server
    with connect(srv) as driver:
        empty(driver)
        load.load_graph(G, driver)
        loaded = everything(driver)
    summary = bulk.import_graph(G, bulk.local_target(srv.server_dir), overwrite=True)
    assert summary.relationship_fixups > 0 and summary.node_fixups > 0 and summary.multiline_rows > 0  # both detours taken
    with connect(srv) as driver:
        imported = everything(driver)
        assert imported == loaded
        assert load.load_graph(G, driver).properties_set == 0
    by_id = {n["id"]: n["props"] for n in imported[0]}
    assert by_id["firm:h0-line\nbreak"]["name"] == "line\nbreak" and by_id["firm:h0-line\nbreak"]["aliases"] == []
    assert by_id["firm:h2-cr\ronly"]["aliases"] == ["cr\ronly", "cr\ronly2"] and by_id["firm:h6-nul\x00x"]["name"] == "nul\x00x"
    assert by_id["firm:h4-unit\x1fsep"]["aliases"] == [""] and by_id["firm:h3-comma, \"quote\""]["a:b"] == 3


@pytest.mark.neo4j
def test_import_refuses_a_database_that_holds_data_unless_overwrite(neo4j_import_server, tmp_path):
    srv = neo4j_import_server
    G, H = synthetic.synthetic_graph(120, 400, seed=4), synthetic.synthetic_graph(90, 300, seed=5)
    write_graph(G, tmp_path / "g.json")
    write_graph(H, tmp_path / "h.json")
    with connect(srv) as driver:
        empty(driver)
        load.load_file(tmp_path / "g.json", driver)
        before = everything(driver)
    pid = server.read_state(Path(srv.server_dir)).pid
    refused = cli("neo4j", "import", tmp_path / "h.json", "--dir", srv.server_dir)
    assert refused.returncode == 1
    assert f"holds 120 nodes and {G.number_of_edges()} relationships" in refused.stderr
    assert "--overwrite" in refused.stderr and "nothing was changed" in refused.stderr
    assert server.read_state(Path(srv.server_dir)).pid == pid  # not even stopped
    with connect(srv) as driver:
        assert everything(driver) == before

    done = cli("neo4j", "import", tmp_path / "h.json", "--dir", srv.server_dir, "--overwrite")
    assert done.returncode == 0, done.stderr
    assert "replaced" in done.stdout and "relationships/s" in done.stdout
    with connect(srv) as driver:
        assert load.database_counts(driver) == {"nodes": 90, "relationships": H.number_of_edges()}
        empty(driver)
    again = cli("neo4j", "import", tmp_path / "g.json", "--dir", srv.server_dir)  # an empty database needs no flag
    assert again.returncode == 0, again.stderr
    with connect(srv) as driver:
        assert everything(driver) == before


@pytest.mark.neo4j
def test_a_newer_build_updates_an_imported_store_in_place(neo4j_import_server):
    srv = neo4j_import_server
    G = synthetic.synthetic_graph(150, 500, seed=8)
    bulk.import_graph(G, bulk.local_target(srv.server_dir), overwrite=True)
    H = G.copy()
    renamed = sorted(n for n, a in H.nodes(data=True) if a["type"] == "Firm")[0]
    H.nodes[renamed]["name"] = "Renamed Firm"
    u, v, k = sorted(H.edges(keys=True))[0]
    H.edges[u, v, k]["confidence"] = 0.123
    firms = sorted(n for n, a in H.nodes(data=True) if a["type"] == "Firm")
    new_edge = next((a, b) for a in firms for b in firms if a != b and not H.has_edge(a, b, key="SUPPLIES"))
    H.add_edge(*new_edge, key="SUPPLIES", type="SUPPLIES", evidence=[{"doc_id": "d2", "sentence": "new"}])
    with connect(srv) as driver:
        summary = load.load_graph(H, driver)
        assert (summary.nodes_created, summary.nodes_updated) == (0, 1)
        assert (summary.relationships_created, summary.relationships_updated) == (1, 1)
        updated = everything(driver)
        empty(driver)
        load.load_graph(H, driver)
        assert everything(driver) == updated


FAILING_IMPORT = textwrap.dedent("""
    import sys
    from pathlib import Path

    def spoil(event, args):
        # When whofunds launches the importer, give one node file a duplicate id: the importer fails.
        if event == "subprocess.Popen" and any("AdminTool" in str(a) for a in args[1]):
            folder = Path(str(args[1][-1]).lstrip("@")).parent
            nodes = sorted(folder.glob("*-nodes-*.csv"))[0]
            lines = nodes.read_text("utf-8").splitlines()
            nodes.write_text("\\n".join(lines + [lines[1]]) + "\\n", "utf-8")

    sys.addaudithook(spoil)
    from whofunds.cli import main
    sys.argv = ["whofunds", *sys.argv[1:]]
    main()
""")


@pytest.mark.neo4j
def test_a_failed_import_leaves_the_previous_database_serving(neo4j_import_server, tmp_path):
    srv = neo4j_import_server
    G, H = synthetic.synthetic_graph(100, 300, seed=6), synthetic.synthetic_graph(80, 200, seed=7)
    write_graph(H, tmp_path / "h.json")
    with connect(srv) as driver:
        empty(driver)
        load.load_graph(G, driver)
        before = everything(driver)
    result = subprocess.run([sys.executable, "-c", FAILING_IMPORT, "neo4j", "import", str(tmp_path / "h.json"),
                             "--dir", srv.server_dir, "--overwrite"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "neo4j-admin database import failed" in result.stderr and "Traceback" not in result.stderr
    assert "the previous database is back and the server runs on it" in result.stderr
    assert server.status(srv.server_dir)["running"] and server.read_state(Path(srv.server_dir)).port == \
        int(srv.uri.rsplit(":", 1)[1])
    assert not (Path(srv.server_dir) / "data" / bulk.BACKUP).exists()
    with connect(srv) as driver:
        assert everything(driver) == before


def fake_installation(home: Path, port: int) -> Path:
    """A Neo4j "installed elsewhere" as a tarball lays it out: bin/neo4j-admin (the real admin tool of the
    fetched jars) and bin/neo4j start|stop|status (here: a whofunds server whose folder is ``home``)."""
    lib, java = server.fetch_neo4j(), server.java_command()
    (home / "bin").mkdir(parents=True)
    (home / "bin" / "neo4j-admin").write_text(textwrap.dedent(f"""\
        #!/bin/sh
        export NEO4J_HOME="{home}" NEO4J_CONF="{home}/conf"
        exec "{java}" -Xmx1g -cp "{lib}/*" {' '.join(server.JVM_FLAGS)} {server.ADMIN_TOOL} "$@"
        """))
    (home / "bin" / "neo4j").write_text(textwrap.dedent(f"""\
        #!/bin/sh
        case "$1" in
          start) exec "{sys.executable}" -m whofunds.cli neo4j start --dir "{home}" --port {port} --heap 1g --pagecache 256m ;;
          stop) exec "{sys.executable}" -m whofunds.cli neo4j stop --dir "{home}" ;;
          status) "{sys.executable}" -m whofunds.cli neo4j status --dir "{home}" >/dev/null && exit 0 || exit 3 ;;
        esac
        """))
    for name in ("neo4j", "neo4j-admin"):
        (home / "bin" / name).chmod(0o755)
    return home


@pytest.mark.neo4j
def test_import_into_a_neo4j_installed_elsewhere(tmp_path, neo4j_import_server):
    home = fake_installation(tmp_path / "neo4j-home", server.free_port())
    env = {**os.environ, "NEO4J_PASSWORD": "whofunds-test-password"}
    env.pop("NEO4J_URI", None)
    G, H = synthetic.synthetic_graph(100, 300, seed=9), synthetic.synthetic_graph(70, 200, seed=10)
    write_graph(G, tmp_path / "g.json")
    write_graph(H, tmp_path / "h.json")
    assert subprocess.run([home / "bin" / "neo4j", "start"], env=env, capture_output=True).returncode == 0
    try:
        state = server.read_state(home)
        assert cli("neo4j", "load", tmp_path / "g.json", "--uri", state.uri, env=env).returncode == 0
        refused = cli("neo4j", "import", tmp_path / "h.json", "--neo4j-home", home, env=env)
        assert refused.returncode == 1 and "holds 100 nodes" in refused.stderr and "--overwrite" in refused.stderr
        done = cli("neo4j", "import", tmp_path / "h.json", "--neo4j-home", home, "--overwrite", "--json", env=env)
        assert done.returncode == 0, done.stderr
        summary = json.loads(done.stdout)
        assert (summary["nodes"], summary["relationships"], summary["replaced_nodes"]) == (70, H.number_of_edges(), 100)
        assert summary["target"] == f"the Neo4j installed in {home}"
        again = cli("neo4j", "load", tmp_path / "h.json", "--uri", state.uri, "--json", env=env)
        assert again.returncode == 0, again.stderr
        assert {"created": 0, "updated": 0} == {k: sum(c[k] for c in json.loads(again.stdout)["counts"])
                                                for k in ("created", "updated")}
        # Stopped, its database cannot be looked into: refused unless --overwrite.
        assert subprocess.run([home / "bin" / "neo4j", "stop"], env=env, capture_output=True).returncode == 0
        blind = cli("neo4j", "import", tmp_path / "g.json", "--neo4j-home", home, env=env)
        assert blind.returncode == 1 and "cannot be checked" in blind.stderr
        forced = cli("neo4j", "import", tmp_path / "g.json", "--neo4j-home", home, "--overwrite", "--json", env=env)
        assert forced.returncode == 0, forced.stderr
        assert json.loads(forced.stdout)["nodes"] == 100
    finally:
        subprocess.run([home / "bin" / "neo4j", "stop"], env=env, capture_output=True)


# --------------------------------------------------------------------------- honest concurrency

@pytest.mark.neo4j
def test_a_deadlock_between_writers_is_retried_and_counted(neo4j_db):
    """Two writers lock two nodes in opposite orders: the server detects the deadlock and fails one; the
    driver runs that one again; the counter says so (one retry, one deadlock), and both writes land."""
    with neo4j_db.session() as s:
        s.run("CREATE (:Entity {id: 'lock:a'}), (:Entity {id: 'lock:b'})").consume()
    counter = load.RetryCounter()
    ready = {"a": threading.Event(), "b": threading.Event()}

    def writer(first: str, second: str):
        attempts = []

        def work(tx):
            attempts.append(first)
            tx.run("MATCH (n:Entity {id: $id}) SET n.by = coalesce(n.by, []) + $me", id=f"lock:{first}", me=first).consume()
            if len(attempts) == 1:
                ready[first].set()
                ready[second].wait(30)
                time.sleep(0.5)
            tx.run("MATCH (n:Entity {id: $id}) SET n.by = coalesce(n.by, []) + $me", id=f"lock:{second}", me=first).consume()

        with neo4j_db.session() as session:
            load.write_counted(session, work, counter=counter)

    threads = [threading.Thread(target=writer, args=pair) for pair in (("a", "b"), ("b", "a"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert (counter.retries, counter.deadlocks) == (1, 1)
    with neo4j_db.session() as s:
        by = {r["id"]: sorted(r["by"]) for r in s.run("MATCH (n:Entity) WHERE n.id STARTS WITH 'lock:' "
                                                     "RETURN n.id AS id, n.by AS by")}
    assert by == {"lock:a": ["a", "b"], "lock:b": ["a", "b"]}  # each writer's two writes, once


@pytest.mark.neo4j
def test_a_deadlock_at_commit_is_retried_and_counted(neo4j_db):
    """Creating a relationship locks its end nodes when the transaction commits, after the work has
    returned: each writer here locks its own node (SET) and creates a relationship to the other's, so
    both commits wait for each other. The server fails one commit; it is run again and counted as a
    deadlock (the driver's own retry loop hid the cause: a 500k-relationship load reported '1 retried
    batch (0 deadlocks)')."""
    with neo4j_db.session() as s:
        s.run("CREATE (:Entity {id: 'lock:x'}), (:Entity {id: 'lock:y'})").consume()
    counter = load.RetryCounter()
    both_written = threading.Barrier(2, timeout=30)
    returned = []

    def writer(me: str, other: str):
        def work(tx):
            tx.run("MATCH (a:Entity {id: $me}), (b:Entity {id: $other}) SET a.by = $me CREATE (a)-[:LOCKS {by: $me}]->(b)",
                   me=f"lock:{me}", other=f"lock:{other}").consume()
            if me not in returned:
                both_written.wait()  # both statements ran: each holds its own node, and both commit now
            returned.append(me)

        with neo4j_db.session() as session:
            load.write_counted(session, work, counter=counter)

    threads = [threading.Thread(target=writer, args=pair) for pair in (("x", "y"), ("y", "x"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert (counter.retries, counter.deadlocks) == (1, 1)
    assert len(returned) == 3  # the failed attempt's work had returned: the deadlock came at commit
    with neo4j_db.session() as s:
        rels = s.run("MATCH (a)-[r:LOCKS]->(b) RETURN a.id AS a, r.by AS by, b.id AS b ORDER BY a").data()
    assert rels == [{"a": "lock:x", "by": "lock:x", "b": "lock:y"}, {"a": "lock:y", "by": "lock:y", "b": "lock:x"}]
