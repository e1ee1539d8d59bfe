"""The documentation's examples run on the sample and answer: every `whofunds query` line of the README
and docs/ gives rows, the same rows embedded (--graph) and on Neo4j; every `trace` and `rank` line runs."""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from whofunds.cli import app
from whofunds.queries import load

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
GRAPH_PATHS = ("out/graph.json", "OUT/graph.json")


def examples(command: str) -> list[tuple[str, list[str]]]:
    """``(where, argv)`` for each line of the docs' code blocks that runs ``whofunds <command>``."""
    found = []
    for doc in DOCS:
        in_block = False
        for number, line in enumerate(doc.read_text("utf-8").splitlines(), start=1):
            if line.startswith("```"):
                in_block = not in_block
                continue
            if not in_block or not line.startswith(f"whofunds {command}"):
                continue
            text = re.split(r"\s+#\s", line)[0].split(" > ")[0].replace("\\$", "$")
            found.append((f"{doc.name}:{number}", shlex.split(text)[1:]))
    return found


def with_graph(argv: list[str], graph: Path) -> list[str]:
    return [str(graph) if a in GRAPH_PATHS else a for a in argv]


QUERIES = [e for e in examples("query") if "--list" not in e[1]]


def test_the_docs_show_every_named_question():
    from whofunds.queries.embedded import QUERIES as NAMES

    shown = {argv[1] for _, argv in QUERIES}
    assert set(NAMES) <= shown, f"no docs example runs {sorted(set(NAMES) - shown)}"


def _rows(result) -> list:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.neo4j
def test_every_query_example_answers_the_same_embedded_and_on_neo4j(neo4j_server, neo4j_db, sample_graph_json):
    load.load_file(sample_graph_json, neo4j_db)
    runner = CliRunner()
    env = {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password, "COLUMNS": "200"}
    for where, argv in QUERIES:
        base = [a for a in argv if a not in ("--json", "--csv")]
        if "--graph" in base:
            i = base.index("--graph")
            base = base[:i] + base[i + 2:]
        embedded = _rows(runner.invoke(app, [*with_graph(base, sample_graph_json), "--json", "--graph",
                                             str(sample_graph_json)]))
        online = _rows(runner.invoke(app, [*base, "--json"], env=env))
        assert embedded, f"{where}: `whofunds {' '.join(argv)}` gives no rows on the sample"
        assert online == embedded, f"{where}: Neo4j and embedded differ"
        as_written = runner.invoke(app, with_graph(argv, sample_graph_json) if "--graph" in argv else argv, env=env)
        assert as_written.exit_code == 0, f"{where}: {as_written.output}"


@pytest.mark.parametrize("where, argv", examples("trace") + examples("rank"), ids=lambda x: x if isinstance(x, str) else "")
def test_trace_and_rank_examples_run_on_the_sample(where, argv, sample_graph_json):
    result = CliRunner().invoke(app, with_graph(argv, sample_graph_json), env={"COLUMNS": "200"})
    assert result.exit_code == 0, f"{where}: {result.output}"
    assert "no funders found" not in result.output, where
