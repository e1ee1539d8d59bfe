"""Clear messages instead of stack traces; untrusted text shown, never obeyed; spreadsheets get data, not formulas.

Each command is run as a user runs it (a subprocess), on graphs of the wrong shape, a FIFO, folders where
files belong, and names carrying terminal escapes and right-to-left overrides.
"""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from make_bad_corpus import text_pdf
from whofunds.graph.io import write_graph, write_tables
from whofunds.loaders.documents import read_document

WHOFUNDS = [sys.executable, "-m", "whofunds.cli"]
DANGEROUS = ("\x1b", "\x9b", "\u202e", "\u2066", "\x07")


def cli(*args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([*WHOFUNDS, *map(str, args)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "COLUMNS": "200"}, stdin=subprocess.DEVNULL)


def hostile_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name="whofunds", documents=[{"id": "d1", "path": "news/\x1b[31mred.txt", "title": "t"}],
                        failures=[])
    G.add_node("fund:evil", name="Evil\x1b[2J\x1b]8;;http://x\x07Fund", type="Fund", aliases=["\u202eOIN"],
               pagerank=0.5, degree=1.0)
    G.add_node("firm:nio", name="NIO\u202e\u2066gnp.exe", type="Firm", aliases=[], pagerank=0.5, degree=1.0)
    G.add_node("firm:formula", name="=HYPERLINK(\"http://x\",\"click\")", type="Firm", aliases=["@SUM(A1)"],
               pagerank=0.1, degree=0.0)
    ev = {"doc_id": "d1", "path": "news/\x1b[31mred.txt", "sentence": "Evil\x1b[2J Fund\x9b invested in NIO.",
          "start": 0, "end": 10, "rule": "r", "confidence": 0.9, "status": "stated", "amount": None,
          "currency": None, "amount_text": None, "year": None, "stake": None}
    G.add_edge("fund:evil", "firm:nio", key="INVESTS_IN", type="INVESTS_IN", evidence=[ev], confidence=0.9,
               status="stated", doc_ids=["d1"])
    G.add_edge("fund:evil", "firm:formula", key="INVESTS_IN", type="INVESTS_IN",
               evidence=[{**ev, "sentence": "-2+3 is what the fund paid"}], confidence=0.9, status="stated")
    return G


@pytest.fixture
def hostile(tmp_path) -> Path:
    path = tmp_path / "graph.json"
    write_graph(hostile_graph(), path)
    return path


@pytest.mark.parametrize("args", [
    ["trace", "{g}", "NIO"], ["trace", "{g}", "Evil", "--down"], ["rank", "{g}"], ["communities", "{g}"],
    ["diff", "{old}", "{g}"], ["query", "who_funds", "--graph", "{g}", "-p", "entity=firm:nio"],
    ["trace", "{g}", "NIO", "--json"], ["rank", "{g}", "--json"], ["rank", "{g}", "--csv"], ["diff", "{old}", "{g}", "--json"],
])
def test_terminal_output_shows_escapes_instead_of_obeying_them(hostile, args):
    old = hostile.with_name("old.json")
    write_graph(nx.MultiDiGraph(name="whofunds", documents=[], failures=[]), old)
    result = cli(*[a.format(g=hostile, old=old) for a in args])
    assert result.returncode == 0, result.stderr
    if "--csv" in args:  # piped to a program, CSV stays exact (on a terminal it would be sanitized)
        assert "Evil\x1b[2J" in result.stdout
        return
    for ch in DANGEROUS:
        assert ch not in result.stdout and ch not in result.stderr, (args, repr(ch))
    if "--json" in args:
        text = json.dumps(json.loads(result.stdout), ensure_ascii=False)
        assert "Evil\x1b[2J" in text or "NIO\u202e" in text  # the data itself is exact
    else:
        assert "\\x1b" in result.stdout or "\\u202e" in result.stdout


def test_build_messages_escape_file_names(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bad\x1b[2J\u202e.txt").write_text("")
    (corpus / "good.txt").write_text("The Hefei Fund invested 5 billion yuan in NIO in 2020.\n")
    result = cli("build", corpus, "--out", tmp_path / "out", "--no-map", timeout=300)
    assert result.returncode == 3, result.stderr
    assert "empty file" in result.stderr and "\\x1b[2J\\u202e.txt" in result.stderr
    for ch in DANGEROUS:
        assert ch not in result.stderr and ch not in result.stdout


def test_csv_cells_that_spreadsheets_would_run_are_neutralised(tmp_path):
    write_tables(hostile_graph(), tmp_path)
    nodes = pd.read_csv(tmp_path / "nodes.csv", keep_default_na=False)
    edges = pd.read_csv(tmp_path / "edges.csv", keep_default_na=False)
    assert nodes.set_index("id").loc["firm:formula", "name"] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert nodes.set_index("id").loc["firm:formula", "aliases"] == "'@SUM(A1)"
    assert "'-2+3 is what the fund paid" in set(edges["sentence"])
    for frame in (nodes, edges):
        for col in frame.columns:
            assert not any(isinstance(v, str) and v.startswith(("=", "+", "-", "@")) for v in frame[col]), col


def _wrong_shapes(good: dict) -> dict[str, object]:
    def changed(fn):
        data = json.loads(json.dumps(good))
        fn(data)
        return data
    return {
        "name is a number": changed(lambda d: d["nodes"][0].update(name=123)),
        "type is null": changed(lambda d: d["nodes"][0].update(type=None)),
        "evidence is text": changed(lambda d: d["links"][0].update(evidence="x")),
        "documents is text": changed(lambda d: d["graph"].update(documents="x")),
        "nodes is an object": changed(lambda d: d.update(nodes={})),
        "links lack a type": changed(lambda d: d["links"][0].pop("type")),
        "a list": [1, 2],
    }


COMMANDS = [["map", "{g}", "-o", "{tmp}/m.html"], ["trace", "{g}", "NIO"], ["diff", "{g}", "{g}"],
            ["export", "{g}", "-f", "graphml", "-o", "{tmp}/x.graphml"], ["rank", "{g}"],
            ["query", "who_funds", "--graph", "{g}", "-p", "entity=NIO"], ["neo4j", "load", "{g}"]]


def test_graphs_of_the_wrong_shape_get_a_message_naming_the_file_in_every_command(hostile, tmp_path):
    good = json.loads(hostile.read_text())
    for label, data in _wrong_shapes(good).items():
        path = tmp_path / f"{label.replace(' ', '_')}.json"
        path.write_text(json.dumps(data))
        for command in COMMANDS:
            result = cli(*[a.format(g=path, tmp=tmp_path) for a in command])
            assert result.returncode in (1, 2), (label, command, result.stdout)
            assert "Traceback" not in result.stderr, (label, command, result.stderr[-2000:])
            assert str(path) in result.stderr.replace("\n", ""), (label, command, result.stderr)


def test_a_fifo_as_graph_json_is_refused_at_once(tmp_path):
    fifo = tmp_path / "graph.json"
    os.mkfifo(fifo)
    for command in COMMANDS[:5]:
        result = cli(*[a.format(g=fifo, tmp=tmp_path) for a in command], timeout=60)  # today: hangs for ever
        assert result.returncode in (1, 2)
        assert "not a regular file (a named pipe)" in result.stderr.replace("\n", "")


def test_outputs_where_a_folder_or_nothing_can_be_written_get_messages(hostile, tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "a_file").write_text("x")
    cases = [
        (["map", hostile, "-o", tmp_path / "folder"], "is a folder; give the map a file name"),
        (["export", hostile, "-f", "json", "-o", tmp_path / "folder"], "is a folder; give the export a file name"),
        (["map", hostile, "-o", tmp_path / "a_file" / "m.html"], "cannot write"),
        (["build", tmp_path / "nothing", "--out", tmp_path / "a_file"], "exists and is not a folder"),
        (["build", tmp_path / "nothing", "--out", tmp_path / "a_file" / "out"], "a parent of this path is a file"),
        (["build", tmp_path / "nothing", "--out", "/proc/whofunds-out"], "cannot write here"),
    ]
    for args, words in cases:
        result = cli(*args)
        # An output that cannot be written: the command could not do what was asked (EXIT_ERROR, 1); 2 is
        # for an input file that is missing or unreadable (whofunds/commands/output.py).
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert words in result.stderr.replace("\n", " "), (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert (tmp_path / "a_file").read_text() == "x"


def test_aes_encrypted_pdfs_are_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(["Rho Robotics", "The Wuhan Fund invested in Rho."]))))
    writer.encrypt(user_password="", owner_password="owner-only", algorithm="AES-256")
    path = tmp_path / "aes.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    assert b"/AESV3" in path.read_bytes()
    doc = read_document(path)
    assert "The Wuhan Fund invested in Rho." in doc.text
