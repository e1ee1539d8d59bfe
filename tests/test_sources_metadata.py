"""Documents keep their source (URL, publisher, publication date) from their own metadata, a dateline or a
sidecar; evidence points to it; trace, edges.csv and the map show it; --since/--until keep a period."""
from __future__ import annotations

import json

import pandas as pd
from typer.testing import CliRunner

from whofunds.cli import app
from whofunds.graph.io import read_graph
from whofunds.loaders.documents import read_document
from whofunds.pipeline import build

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "220"})


HTML = """<html><head><title>Acme story</title>
<link rel="canonical" href="https://news.example/2023/acme-widgets">
<meta property="og:url" content="https://news.example/amp/acme">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2023-05-02T08:00:00+08:00">
</head><body><p>Hefei invested 2bn yuan in Acme Widgets.</p></body></html>"""


def test_html_markdown_dateline_and_sidecar_sources(tmp_path):
    html = tmp_path / "a.html"
    html.write_text(HTML, "utf-8")
    doc = read_document(html)
    assert (doc.url, doc.publisher, doc.date) == ("https://news.example/2023/acme-widgets", "Example News", "2023-05-02")
    md = tmp_path / "b.md"
    md.write_text("---\ntitle: Wuxi notes\nurl: https://notes.example/wuxi\npublisher: Field notes\n"
                  "date: 2022-11-30\n---\nWuxi set up a fund.\n", "utf-8")
    doc = read_document(md)
    assert (doc.title, doc.url, doc.publisher, doc.date) == ("Wuxi notes", "https://notes.example/wuxi", "Field notes",
                                                            "2022-11-30")
    txt = tmp_path / "c.txt"
    txt.write_text("Chip fund grows\nWUXI, Jan. 5, 2024 (Xinhua) -- The city's fund grew.\n\nMore text.", "utf-8")
    doc = read_document(txt)
    assert (doc.url, doc.publisher, doc.date) == (None, "Xinhua", "2024-01-05")
    # a sidecar wins over what the file says, and gives what it lacks
    (tmp_path / "c.txt.meta.yaml").write_text("url: https://wire.example/c\ndate: 2024-01-06\n", "utf-8")
    doc = read_document(txt)
    assert (doc.url, doc.publisher, doc.date) == ("https://wire.example/c", "Xinhua", "2024-01-06")
    # a date in the body is no dateline
    body = tmp_path / "d.txt"
    body.write_text("Acme\n\nIn March 2020, Hefei invested in Acme Widgets.", "utf-8")
    assert read_document(body).date is None


def test_a_broken_sidecar_is_named(tmp_path):
    (tmp_path / "a.txt").write_text("Hefei invested in NIO.", "utf-8")
    (tmp_path / "a.txt.meta.yaml").write_text("url: [unclosed", "utf-8")
    report = build([tmp_path], None, use_cache=False)
    assert [f.path for f in report.failures] == [str(tmp_path / "a.txt.meta.yaml")]
    assert "sidecar" in report.failures[0].reason


def test_evidence_points_to_its_source_in_graph_json_trace_and_csv(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.html").write_text(HTML, "utf-8")
    out = tmp_path / "out"
    result = run("build", corpus, "--out", out)
    assert result.exit_code == 0, result.output
    G = read_graph(out / "graph.json")
    (doc,) = G.graph["documents"]
    assert (doc["url"], doc["publisher"], doc["date"]) == ("https://news.example/2023/acme-widgets", "Example News",
                                                           "2023-05-02")
    evidence = [e for _, _, d in G.edges(data=True) for e in d["evidence"]]
    assert evidence and all(e["url"] == doc["url"] for e in evidence)
    frame = pd.read_csv(out / "edges.csv")
    assert set(frame["url"]) == {doc["url"]} and set(frame["publisher"]) == {"Example News"}
    assert set(frame["published"]) == {"2023-05-02"}
    trace = run("trace", out / "graph.json", "Acme Widgets")
    assert trace.exit_code == 0, trace.output
    assert "(Example News, 2023-05-02, https://news.example/2023/acme-widgets)" in " ".join(trace.stdout.split())
    html = (out / "map.html").read_text("utf-8")
    assert "Example News" in html and "news.example/2023/acme-widgets" in html


def test_since_and_until_keep_a_period_in_trace_rank_and_map(sample_graph_json, tmp_path):
    G = read_graph(sample_graph_json)
    full = json.loads(run("trace", sample_graph_json, "NIO", "--json").stdout)
    recent = run("trace", sample_graph_json, "NIO", "--json", "--since", "2022")
    assert recent.exit_code == 0
    got = json.loads(recent.stdout)
    assert len(got["funders"]) < len(full["funders"])
    documents = {d["id"]: d for d in G.graph["documents"]}
    for funder in got["funders"]:
        for path in funder["paths"]:
            for hop in path["hops"]:
                for edge in hop["edges"]:
                    for ev in edge["evidence"]:
                        year = ev.get("year") or int((documents[ev["doc_id"]].get("date") or "0")[:4])
                        assert year >= 2022, ev
    assert "evidence dated since 2022 only" in " ".join(recent.stderr.split())
    older = json.loads(run("trace", sample_graph_json, "NIO", "--json", "--until", "2020").stdout)
    assert {f["name"] for f in older["funders"]} and {f["name"] for f in older["funders"]} != \
        {f["name"] for f in got["funders"]}
    ranked = run("rank", sample_graph_json, "--since", "2024", "--json", "--top", "0")
    assert ranked.exit_code == 0
    reach = {r["id"]: r["money_reach"] for r in json.loads(ranked.stdout)}
    whole = {r["id"]: r["money_reach"] for r in json.loads(run("rank", sample_graph_json, "--json", "--top", "0").stdout)}
    assert reach != whole
    mapped = run("map", sample_graph_json, "--since", "2023", "-o", tmp_path / "m.html")
    assert mapped.exit_code == 0 and "relations" in mapped.stderr
    shown = int(" ".join(mapped.stderr.split()).split(" entities, ")[1].split(" relations")[0].replace(",", ""))
    assert 0 < shown < G.number_of_edges()
    bad = run("trace", sample_graph_json, "NIO", "--since", "2024", "--until", "2020")
    assert bad.exit_code == 1 and "after --until" in bad.output
