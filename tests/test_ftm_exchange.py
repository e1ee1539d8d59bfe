"""FollowTheMoney out and in, checked with the followthemoney library's own model: the export of the sample
validates and loads back with the same entities, relations and stakes; foreign entity files load too."""
from __future__ import annotations

import json

import pytest
from followthemoney import model
from typer.testing import CliRunner

from whofunds.cli import app
from whofunds.graph.ftm import ftm_export
from whofunds.graph.io import read_graph
from whofunds.loaders.ftm import read_ftm
from whofunds.pipeline import build

runner = CliRunner()
NOT_IN_FTM = {"Industry"}


def run(*args):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def sample_ftm(sample_graph_json, tmp_path_factory):
    path = tmp_path_factory.mktemp("ftm") / "graph.ftm.json"
    result = run("export", "ftm", sample_graph_json, "-o", path)
    assert result.exit_code == 0, result.output
    assert "FtM has no place for" in " ".join(result.stdout.split()) and "9 Industry" in " ".join(result.stdout.split())
    return path


def entities_of(path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_the_export_validates_with_the_followthemoney_model(sample_ftm, sample_graph_json):
    data = entities_of(sample_ftm)
    ids = {d["id"] for d in data}
    assert len(ids) == len(data)
    for item in data:
        schema = model.get(item["schema"])
        assert schema is not None and not schema.abstract, item["schema"]
        # the library's cleaning keeps every value: nothing we wrote is invalid for its property type
        cleaned = model.get_proxy(item, cleaned=False).to_dict()
        assert cleaned["properties"] == item["properties"], item
        schema.validate(cleaned)
        for prop in schema.required:
            assert item["properties"].get(prop), (item["id"], prop)
        for name, values in item["properties"].items():
            if schema.properties[name].type.name == "entity":
                assert set(values) <= ids, (item["id"], name, values)  # every reference is an entity of the file
    schemata = {d["schema"] for d in data}
    assert {"Company", "PublicBody", "Person", "Organization", "Document", "Ownership", "UnknownLink",
            "Employment"} <= schemata
    # stakes are Ownership percentages, each with the sentence and document that state it
    G = read_graph(sample_graph_json)
    stated = sorted(e["stake"] for _, _, d in G.edges(data=True) for e in d["evidence"]
                    if e.get("stake") is not None and G.nodes[_]["type"] not in NOT_IN_FTM)
    exported = sorted(float(d["properties"]["percentage"][0]) for d in data if d["properties"].get("percentage"))
    assert exported == stated and exported
    owner = next(d for d in data if d["schema"] == "Ownership" and d["properties"].get("percentage"))
    assert owner["properties"]["description"] and owner["properties"]["proof"] and owner["properties"]["recordId"]


def test_reimporting_the_export_gives_the_same_entities_relations_and_stakes(sample_ftm, sample_graph_json, tmp_path):
    report = build([sample_ftm], tmp_path / "out", write_map=False, use_cache=False)
    assert report.failures == [] and report.structured >= 1
    A, B = read_graph(sample_graph_json), read_graph(tmp_path / "out" / "graph.json")
    kept = {n for n, a in A.nodes(data=True) if a["type"] not in NOT_IN_FTM}
    assert set(B) == kept
    for node in kept:
        for key in ("name", "type", "aliases", "city"):
            assert B.nodes[node].get(key) == A.nodes[node].get(key), (node, key)
    edges = {e for e in A.edges(keys=True) if e[0] in kept and e[1] in kept}
    assert set(B.edges(keys=True)) == edges
    # one claim per sentence: some edges have two sentences of one document, and both come back
    doubled = [e for e in edges if len(A.edges[e]["evidence"]) > len({ev["doc_id"] for ev in A.edges[e]["evidence"]})]
    assert doubled
    for edge in edges:
        a, b = A.edges[edge], B.edges[edge]
        for key in ("stake", "amount", "currency", "year", "status"):
            assert b[key] == a[key], (edge, key)
        assert [(e["doc_id"], e["start"], e["end"], e["sentence"]) for e in b["evidence"]] == \
            [(e["doc_id"], e["start"], e["end"], e["sentence"]) for e in a["evidence"]]
    documents = {d["id"]: d for d in B.graph["documents"]}
    for doc in A.graph["documents"]:
        assert {k: documents[doc["id"]].get(k) for k in ("path", "title", "date")} == \
            {k: doc.get(k) for k in ("path", "title", "date")}


def test_a_foreign_entity_file_loads_by_schema_and_names_its_bad_lines(tmp_path):
    rows = [
        {"id": "co-1", "schema": "Company", "properties": {"name": ["Acme Widgets Co"], "alias": ["Acme"]}},
        {"id": "co-2", "schema": "Company", "properties": {"name": ["Borealis Capital"], "topics": ["fin.fund"]}},
        {"id": "pb-1", "schema": "PublicBody", "properties": {"name": ["Greyhaven SASAC"]}},
        {"id": "pe-1", "schema": "Person", "properties": {"name": ["Tomas Hale"]}},
        {"id": "ow-1", "schema": "Ownership", "properties": {"owner": ["co-2"], "asset": ["co-1"], "percentage": ["35"],
                                                            "startDate": ["2020-06-01"], "sharesValue": ["2000000"],
                                                            "sharesCurrency": ["EUR"]}},
        {"id": "ow-2", "schema": "Ownership", "properties": {"owner": ["pb-1"], "asset": ["co-2"], "percentage": ["80"]}},
        {"id": "di-1", "schema": "Directorship", "properties": {"director": ["pe-1"], "organization": ["co-1"],
                                                               "role": ["Chairman"]}},
        {"id": "un-1", "schema": "UnknownLink", "properties": {"subject": ["co-1"], "object": ["pb-1"],
                                                              "role": ["lobbies"]}},
    ]
    path = tmp_path / "registry.ftm.json"
    path.write_text("\n".join(json.dumps(r) for r in rows[:5]) + "\n{not json\n"
                    + "\n".join(json.dumps(r) for r in rows[5:]) + "\n", "utf-8")
    result = read_ftm(path)
    assert [f.reason.split(" (")[0] for f in result.failures] == ["line 6: not JSON"]
    assert result.failures[0].path == str(path)
    assert len(result.warnings) == 1 and "UnknownLink" in result.warnings[0]  # a role whofunds has no relation for
    claims = {(c.source, c.target): c for ex in result.extractions for c in ex.claims}
    minority = claims[("co-2", "co-1")]
    assert (minority.type, minority.stake, minority.amount, minority.currency, minority.date, minority.year) == \
        ("INVESTS_IN", 35.0, 2_000_000.0, "EUR", "2020-06-01", 2020)
    assert claims[("pb-1", "co-2")].type == "CONTROLS"  # 80 %: control by the control model
    post = claims[("pe-1", "co-1")]
    assert (post.type, post.role) == ("WORKS_FOR", "Chairman")
    types = {e.name: e.type for ex in result.extractions for e in ex.entities}
    assert types == {"Acme Widgets Co": "Firm", "Borealis Capital": "Fund", "Greyhaven SASAC": "GovernmentBody",
                     "Tomas Hale": "Person"}


def test_an_entity_file_merges_with_prose_and_a_graph_json_is_refused(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Hefei Jiantou invested in NIO in 2020.", "utf-8")
    (corpus / "x.ftm.json").write_text("\n".join(json.dumps(r) for r in [
        {"id": "nio", "schema": "Company", "properties": {"name": ["NIO"]}},
        {"id": "ln", "schema": "Company", "properties": {"name": ["Larch Valley Holdings"]}},
        {"id": "o", "schema": "Ownership", "properties": {"owner": ["ln"], "asset": ["nio"], "percentage": ["4.5"]}},
    ]), "utf-8")
    report = build([corpus], tmp_path / "out", write_map=False, use_cache=False)
    G = report.graph
    assert [n for n, a in G.nodes(data=True) if a["name"] == "NIO"] == ["firm:nio"]
    assert G.edges["firm:larch-valley-holdings", "firm:nio", "INVESTS_IN"]["stake"] == 4.5
    assert G.in_degree("firm:nio") >= 2  # the prose's funder and the file's, on one node
    graph_json = tmp_path / "graph.ftm.json"
    graph_json.write_text(json.dumps({"nodes": [], "links": []}), "utf-8")
    refused = read_ftm(graph_json)
    assert refused.extractions == [] and "node-link graph" in refused.failures[0].reason


def test_export_command_forms_and_errors(sample_graph_json, tmp_path):
    assert run("export", sample_graph_json, "--format", "ftm", "-o", tmp_path / "a.ftm.json").exit_code == 0
    assert run("export", "gexf", sample_graph_json, "-o", tmp_path / "a.gexf").exit_code == 0
    unknown = run("export", "dot", sample_graph_json, "-o", tmp_path / "a.dot")
    assert unknown.exit_code == 2 and "unknown format 'dot'" in unknown.output
    missing = run("export", sample_graph_json, "-o", tmp_path / "a.x")
    assert missing.exit_code == 2 and "give the format" in missing.output
    assert run("export", "ftm", tmp_path / "nope.json", "-o", tmp_path / "b.ftm.json").exit_code == 2


def test_the_export_leaves_out_only_what_ftm_cannot_hold(sample_graph_json):
    G = read_graph(sample_graph_json)
    export = ftm_export(G)
    assert set(export.left_out_nodes) == {"Industry"}
    assert set(export.left_out_edges) <= {"CHAIN_BOSS_OF", "CHAIN_LEADER_OF", "TARGETS_INDUSTRY"}
