"""Entity resolution: one node per real-world thing, within a document and across documents.

Two layers: the resolver alone on hand-made extractions (``build_graph`` over ``Extraction``s, so the
rules are tested without the parser), then whole texts through the extractor. Firm names are invented
so that the rules, not the gazetteer of known organisations, do the work.
"""
from __future__ import annotations

import pytest

from test_extract_constructions import edge, edges, graph_of, nlp, node  # noqa: F401  (fixtures)
from whofunds.graph.build import build_graph
from whofunds.graph.records import Claim, Document, Entity, Evidence, Extraction
from whofunds.graph.resolve import AliasFile


def extraction(doc_id: str, *entities: tuple[str, str], claims=()) -> Extraction:
    """A hand-made extraction: entities as (name, type); claims as (source name, type, target name)."""
    text = " ".join(name for name, _ in entities) + "."
    doc = Document(id=doc_id, path=f"{doc_id}.txt", title=doc_id, text=text)
    ents = [Entity(key=f"{t}:{n}", name=n, type=t, mentions=[(0, 1)]) for n, t in entities]
    types = dict(entities)
    return Extraction(doc, ents, [Claim(f"{types[s]}:{s}", f"{types[t]}:{t}", r, Evidence(doc_id, text, 0, len(text)))
                                  for s, r, t in claims])


def node_names(G) -> list[str]:
    return sorted(d["name"] for _, d in G.nodes(data=True))


# ---- the resolver on hand-made extractions -------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("Anna Brandstätter", "Anna Brandstatter"),
    ("XINLIAN MOTORS", "Xinlian Motors"),
    ("Xinlian Motors's", "Xinlian Motors"),
    ("Xinlian Motors\u2019", "Xinlian Motors"),
    ("The Jinhe Industrial Fund", "Jinhe Industrial Fund"),
], ids=["accents", "case", "possessive", "curly-possessive", "leading-the"])
def test_spellings_of_one_name_are_one_node(a, b):
    type_ = "Person" if "Anna" in a else "Firm"
    G = build_graph([extraction("d1", (a, type_)), extraction("d2", (b, type_))])
    assert len(G) == 1, node_names(G)
    assert G.nodes[next(iter(G))]["doc_ids"] == ["d1", "d2"]


def test_short_name_joins_its_only_longer_name_across_documents():
    G = build_graph([extraction("d1", ("QLT Technology", "Firm"), ("Wuhu", "City"),
                                claims=[("QLT Technology", "LOCATED_IN", "Wuhu")]),
                     extraction("d2", ("QLT", "Firm"), ("Xinlian Motors", "Firm"),
                                claims=[("QLT", "INVESTS_IN", "Xinlian Motors")])])
    assert {("QLT Technology", "LOCATED_IN", "Wuhu"), ("QLT Technology", "INVESTS_IN", "Xinlian Motors")} <= edges(G)
    assert "qlt" in {a.lower() for a in node(G, "QLT Technology")["aliases"]}


def test_short_name_with_two_distinct_longer_names_stays_apart():
    G = build_graph([extraction("d1", ("QLT Semiconductor", "Firm")), extraction("d2", ("QLT Display", "Firm")),
                     extraction("d3", ("QLT", "Firm"))])
    assert node_names(G) == ["QLT", "QLT Display", "QLT Semiconductor"]


@pytest.mark.parametrize("tail", ["Auto", "Technology Co"], ids=["business-word", "legal-form"])
def test_names_a_document_relates_stay_apart_however_alike(tail):
    # "Quorra Auto" is "Quorra" less a business word, and would join it by name; a document that says
    # "Quorra owns Quorra Auto" has told us they are two firms
    apart = [extraction("d1", ("Quorra", "Firm"), (f"Quorra {tail}", "Firm"),
                        claims=[("Quorra", "CONTROLS", f"Quorra {tail}")]),
             extraction("d2", (f"Quorra {tail}", "Firm"), ("Wuhu", "City"),
                        claims=[(f"Quorra {tail}", "LOCATED_IN", "Wuhu")])]
    assert node_names(build_graph(apart)) == ["Quorra", f"Quorra {tail}", "Wuhu"]
    # nothing said between them: one firm, as before
    alike = [extraction("d1", ("Quorra", "Firm")), extraction("d2", (f"Quorra {tail}", "Firm"))]
    assert len(build_graph(alike)) == 1


def test_different_people_with_one_surname_stay_apart():
    G = build_graph([extraction("d1", ("Xu Dihong", "Person")), extraction("d2", ("Xu Ming", "Person"))])
    assert node_names(G) == ["Xu Dihong", "Xu Ming"]


def test_a_name_typed_differently_takes_the_type_most_documents_give():
    G = build_graph([extraction("d1", ("Jinhe Capital", "Fund")), extraction("d2", ("Jinhe Capital", "Fund")),
                     extraction("d3", ("Jinhe Capital", "Firm"))])
    assert [(n, d["type"]) for n, d in G.nodes(data=True)] == [("fund:jinhe-capital", "Fund")]


def test_a_place_and_a_firm_of_the_same_name_stay_apart():
    G = build_graph([extraction("d1", ("Wuhu", "City")), extraction("d2", ("Wuhu", "Firm"))])
    assert sorted(G.nodes) == ["city:wuhu", "firm:wuhu"]


# ---- the alias file --------------------------------------------------------------------------------

def two_docs():
    return [extraction("d1", ("Tianfeng Jiantou", "Firm"), ("Xinlian Motors", "Firm"),
                       claims=[("Tianfeng Jiantou", "INVESTS_IN", "Xinlian Motors")]),
            extraction("d2", ("Tianfeng Construction Investment Group", "Fund"), ("Wuhu", "City"),
                       claims=[("Tianfeng Construction Investment Group", "LOCATED_IN", "Wuhu")])]


def test_alias_file_merge_joins_names_under_the_users_name_and_type():
    assert len(build_graph(two_docs())) == 4  # without the file: two investors
    aliases = AliasFile(merge=[{"name": "Tianfeng Construction Investment Group", "type": "Fund",
                                "aliases": ["Tianfeng Jiantou"]}])
    G = build_graph(two_docs(), aliases=aliases)
    assert node_names(G) == ["Tianfeng Construction Investment Group", "Wuhu", "Xinlian Motors"]
    investor = node(G, "Tianfeng Jiantou")
    assert investor["type"] == "Fund" and investor["doc_ids"] == ["d1", "d2"]
    assert {("Tianfeng Construction Investment Group", "INVESTS_IN", "Xinlian Motors"),
            ("Tianfeng Construction Investment Group", "LOCATED_IN", "Wuhu")} <= edges(G)


def test_alias_file_drop_removes_the_name_and_its_edges():
    G = build_graph(two_docs(), aliases=AliasFile(drop=["tianfeng jiantou"]))
    assert node(G, "Tianfeng Jiantou") is None
    assert not any(k == "INVESTS_IN" for _, _, k in G.edges(keys=True))
    assert ("Tianfeng Construction Investment Group", "LOCATED_IN", "Wuhu") in edges(G)


def test_alias_file_reads_yaml_and_applies_to_a_build(tmp_path):
    path = tmp_path / "aliases.yaml"
    path.write_text("merge:\n  - name: Tianfeng Construction Investment Group\n    type: Fund\n"
                    "    aliases: [Tianfeng Jiantou]\nsplit:\n  - {name: QLT, type: Firm}\ndrop: [Noise Co]\n",
                    encoding="utf-8")
    aliases = AliasFile.read(path)
    assert aliases.split == [{"name": "QLT", "type": "Firm"}] and aliases.drop == ["Noise Co"]
    G = build_graph(two_docs(), aliases=aliases)
    assert len(G) == 3


@pytest.mark.parametrize("content", ["merge: [unclosed", "- just\n- a list\n"], ids=["bad-yaml", "not-a-mapping"])
def test_alias_file_errors_name_the_file(tmp_path, content):
    path = tmp_path / "my-aliases.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match="my-aliases.yaml"):
        AliasFile.read(path)


def test_alias_file_missing_file_is_an_error_naming_it(tmp_path):
    with pytest.raises(ValueError, match="nowhere.yaml"):
        AliasFile.read(tmp_path / "nowhere.yaml")


# ---- whole texts through the extractor -------------------------------------------------------------

def test_acronym_defined_in_parentheses_within_a_document(graph_of):
    G = graph_of("Tianfeng Construction Investment Group (TCIG) is a state investor in Wuhu. "
                 "TCIG invested in Xinlian Motors.")
    investor = node(G, "TCIG")
    assert investor is not None and investor["name"] == "Tianfeng Construction Investment Group", node_names(G)
    assert edge(G, "Tianfeng Construction Investment Group", "INVESTS_IN", "Xinlian Motors") is not None
    assert "TCIG" not in node_names(G)


def test_title_and_surname_resolve_to_the_full_name_within_a_document(graph_of):
    G = graph_of("Xu Dihong is a businessman in Wuhu. Mr Xu founded Baishan Group.")
    assert ("Xu Dihong", "FOUNDED", "Baishan Group") in edges(G), sorted(edges(G))
    assert [d["name"] for _, d in G.nodes(data=True) if d["type"] == "Person"] == ["Xu Dihong"]


def test_short_firm_name_across_documents(graph_of):
    G = graph_of("Sanwei Technology is based in Wuhu.", "Sanwei invested in Xinlian Motors.")
    assert {("Sanwei Technology", "LOCATED_IN", "Wuhu"), ("Sanwei Technology", "INVESTS_IN", "Xinlian Motors")} \
        <= edges(G), sorted(edges(G))


def test_possessive_names_the_same_firm(graph_of):
    G = graph_of("Baishan Group's chairman spoke in Wuhu.", "Baishan Group invested in Xinlian Motors.")
    assert [d["name"] for _, d in G.nodes(data=True) if "baishan" in d["name"].lower()] == ["Baishan Group"]
    assert not any("'" in a or "\u2019" in a for _, d in G.nodes(data=True) for a in [d["name"], *d["aliases"]])


def test_case_and_accents_across_documents(graph_of):
    G = graph_of("XINLIAN MOTORS is based in Wuhu. Anna Brandstätter, an analyst at Morgan Stanley, said so.",
                 "Xinlian Motors is based in Hefei. Anna Brandstatter, an analyst at Morgan Stanley, agreed.")
    assert {("Xinlian Motors", "LOCATED_IN", "Wuhu"), ("Xinlian Motors", "LOCATED_IN", "Hefei")} <= edges(G)
    people = [d for _, d in G.nodes(data=True) if d["type"] == "Person"]
    assert len(people) == 1 and len(people[0]["doc_ids"]) == 2, people
    assert len(edge(G, "Anna Brandstatter", "WORKS_FOR", "Morgan Stanley")["evidence"]) == 2


def test_the_city_refers_to_the_most_recent_city(graph_of):
    G = graph_of("Xinlian Motors is based in Hefei. Baiyun Robotics is based in Wuhu. "
                 "The city invested in Baiyun Robotics.")
    assert ("Wuhu", "INVESTS_IN", "Baiyun Robotics") in edges(G), sorted(edges(G))
    assert ("Hefei", "INVESTS_IN", "Baiyun Robotics") not in edges(G)


def test_back_references_do_not_cross_documents(graph_of):
    G = graph_of("Baiyun Robotics is based in Wuhu.", "Hefei has targeted robotics. The city invested in Xinlian Motors.")
    assert ("Hefei", "INVESTS_IN", "Xinlian Motors") in edges(G), sorted(edges(G))
    assert ("Wuhu", "INVESTS_IN", "Xinlian Motors") not in edges(G)


def test_the_fund_refers_to_the_most_recent_fund(graph_of):
    G = graph_of("The Jinhe Industrial Fund is based in Wuhu. The fund invested in Xinlian Motors.")
    assert ("Jinhe Industrial Fund", "INVESTS_IN", "Xinlian Motors") in edges(G), sorted(edges(G))


def test_possessive_facility_places_the_firm(graph_of):
    G = graph_of("Baishan Group's plant is based in Wuhu.")
    assert ("Baishan Group", "LOCATED_IN", "Wuhu") in edges(G), sorted(edges(G))


def test_acronym_defined_in_one_document_used_in_another(graph_of):
    G = graph_of("Tianfeng Construction Investment Group (TCIG) is a state investor in Wuhu.",
                 "TCIG invested in Xinlian Motors.")
    assert ("Tianfeng Construction Investment Group", "INVESTS_IN", "Xinlian Motors") in edges(G), sorted(edges(G))
    assert node(G, "TCIG")["name"] == "Tianfeng Construction Investment Group"


def test_title_and_surname_across_documents(graph_of):
    G = graph_of("Xu Dihong is a businessman in Wuhu.", "Mr Xu founded Baishan Group.")
    assert not any(d["name"] == "Xu" and d["type"] != "Person" for _, d in G.nodes(data=True)), sorted(edges(G))
    assert ("Xu Dihong", "FOUNDED", "Baishan Group") in edges(G), sorted(edges(G))


def test_short_firm_name_within_a_document(graph_of):
    G = graph_of("Sanwei Technology is based in Wuhu. Sanwei invested in Xinlian Motors.")
    assert ("Sanwei Technology", "INVESTS_IN", "Xinlian Motors") in edges(G), sorted(edges(G))


@pytest.mark.parametrize("ref", ["the firm", "the carmaker"])
def test_the_firm_refers_to_the_most_recent_firm(graph_of, ref):
    G = graph_of(f"Xinlian Motors makes electric cars. Baishan Group invested in {ref} in 2020.")
    assert ("Baishan Group", "INVESTS_IN", "Xinlian Motors") in edges(G), sorted(edges(G))


def test_machine_mangled_name_resolves_to_the_firm(graph_of):
    # one seed swaps words for odd synonyms ("Technology" -> "Expertise"); the acronym-led name still fits
    G = graph_of("QLT Technology makes display screens in Wuhu.", "QLT Expertise invested in Xinlian Motors.")
    assert ("QLT Technology", "INVESTS_IN", "Xinlian Motors") in edges(G), sorted(edges(G))


def test_ambiguous_short_name_stays_apart():
    # "QLT" could be either firm: parent and subsidiary must not collapse into one node
    G = build_graph([extraction("d1", ("QLT Technology", "Firm")), extraction("d2", ("QLT Display", "Firm")),
                     extraction("d3", ("QLT", "Firm"))])
    assert node_names(G) == ["QLT", "QLT Display", "QLT Technology"]


def test_alias_file_split_keeps_a_short_name_apart():
    docs = [extraction("d1", ("QLT Technology", "Firm")), extraction("d2", ("QLT", "Firm"))]
    assert len(build_graph(docs)) == 1
    G = build_graph(docs, aliases=AliasFile(split=[{"name": "QLT", "type": "Firm"}]))
    assert node_names(G) == ["QLT", "QLT Technology"]


def test_spun_synonym_names_one_firm():
    # machine-rewritten text: "BOE Expertise" is "BOE Technology"
    G = build_graph([extraction("d1", ("BOE Technology Group", "Firm")), extraction("d2", ("BOE Expertise", "Firm")),
                     extraction("d3", ("BOE", "Firm"))])
    assert len(G) == 1


def test_a_short_name_does_not_join_a_unit_of_its_family():
    # "Qiaoxin International" is a joint venture, "Qiaoxin Capital" an arm, "Qiaoxin Anhui" a provincial unit:
    # none is the full form of "Qiaoxin"; "Qiaoxin Motors" is
    G = build_graph([extraction("d1", ("Qiaoxin International", "Firm")), extraction("d2", ("Qiaoxin", "Firm")),
                     extraction("d3", ("Qiaoxin Motors", "Firm"))])
    assert node_names(G) == ["Qiaoxin International", "Qiaoxin Motors"]
    for unit in ("Qiaoxin Capital", "Qiaoxin Anhui", "Qiaoxin Global Holdings"):
        G = build_graph([extraction("d1", (unit, "Firm")), extraction("d2", ("Qiaoxin", "Firm"))])
        assert node_names(G) == sorted(["Qiaoxin", unit]), unit


def test_a_holding_group_is_the_parent_not_another_name():
    # "Qiaoxin Holding Group" owns "Qiaoxin Motors" (called "Qiaoxin" for short in one text); "Ruiqi Technology
    # Group" is "Ruiqi Technology" with its legal form
    d1 = extraction("d1", ("Qiaoxin Motors", "Firm"), ("Qiaoxin Holding Group", "Firm"),
                    claims=[("Qiaoxin Holding Group", "CONTROLS", "Qiaoxin Motors")])
    d1.entities[0].aliases = ["Qiaoxin"]
    G = build_graph([d1, extraction("d2", ("Ruiqi Technology Group", "Firm")),
                     extraction("d3", ("Ruiqi Technology", "Firm"))])
    assert {"Qiaoxin Holding Group", "Qiaoxin Motors"} <= set(node_names(G))
    assert ("Qiaoxin Holding Group", "CONTROLS", "Qiaoxin Motors") in edges(G)
    assert len([n for n in node_names(G) if n.startswith("Ruiqi")]) == 1
