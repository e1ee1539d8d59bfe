"""What a map shows: name lookup, relation/type filters, ego networks, top-N, the size limit, node scores."""
from __future__ import annotations

import networkx as nx
import pytest
from plugins.browser import add_relation, random_graph, small_graph

import whofunds.viz.render as render
from whofunds.viz import MapError, find_node, node_scores, select_view


def test_find_node_by_name_alias_and_id_case_insensitively():
    G = small_graph()
    assert find_node(G, "hefei") == "city:hefei"
    assert find_node(G, "  HEFEI JIANTOU ") == "fund:hefei-construction"
    assert find_node(G, "合肥") == "city:hefei"
    assert find_node(G, "firm:nio") == "firm:nio"


def test_find_node_names_every_candidate_when_ambiguous():
    # the map finds names the way trace and the named questions do (whofunds.graph.lookup)
    G = small_graph()
    G.add_node("person:nio", name="Nio", type="Person", aliases=[])
    with pytest.raises(LookupError) as err:
        find_node(G, "NIO")
    assert "matches 2 nodes" in str(err.value) and "firm:nio" in str(err.value) and "person:nio" in str(err.value)


def test_find_node_without_match_suggests_the_closest_names():
    assert find_node(small_graph(), "hefei jiantou") == "fund:hefei-construction"  # an alias, in any case
    with pytest.raises(LookupError, match=r"no node matches 'Atlantis'. Closest names: .*\(City, city:hefei\)"):
        find_node(small_graph(), "Atlantis")


def test_focus_depth_counts_hops_in_either_direction():
    G = small_graph()
    H, parts, _ = select_view(G, focus="CATL", depth=1)
    assert set(H) == {"firm:catl", "firm:nio"}
    H, _, _ = select_view(G, focus="CATL", depth=2)
    assert set(H) == {"firm:catl", "firm:nio", "fund:hefei-construction", "city:hefei"}
    assert parts[0] == "within 1 hop of CATL"


def test_money_view_keeps_money_relations_and_drops_unlinked_entities():
    H, parts, _ = select_view(small_graph(), relations="invests_in, CONTROLS")
    assert sorted(d["type"] for _, _, d in H.edges(data=True)) == ["CONTROLS", "INVESTS_IN"]
    assert set(H) == {"city:hefei", "fund:hefei-construction", "firm:nio"}
    assert parts == ["relations: invests in, controls"]


def test_type_filter_keeps_the_focus_even_when_of_another_type():
    H, _, _ = select_view(small_graph(), types="Firm,fund", focus="Hefei", depth=3)
    assert set(H) == {"city:hefei", "firm:nio", "firm:catl", "fund:hefei-construction"}


def test_unknown_types_are_errors_naming_the_known_ones():
    with pytest.raises(MapError, match="unknown entity type 'Bank'.*Firm"):
        select_view(small_graph(), types=["Bank"])
    with pytest.raises(MapError, match="unknown relation type 'FUNDS'"):
        select_view(small_graph(), relations="FUNDS")


def test_top_keeps_the_most_central_by_the_size_measure():
    G = small_graph()
    H, _, _ = select_view(G, top=2, size_by="in_degree")
    in_degree = dict(G.in_degree())
    assert set(H) == {"city:hefei", "firm:nio"}  # in-degree 2 each; everyone else has at most 1
    assert all(in_degree[n] == 2 for n in H)
    with pytest.raises(MapError):
        select_view(G, top=0)


def test_stored_centrality_is_used_and_missing_one_is_computed():
    G = nx.MultiDiGraph()
    G.add_node("a", pagerank=0.9)
    G.add_node("b", pagerank=0.1)
    assert node_scores(G, "pagerank") == {"a": 0.9, "b": 0.1}
    G = small_graph()  # no centralities stored
    scores = node_scores(G, "pagerank")
    assert max(scores, key=scores.get) == "city:hefei"
    assert sum(scores.values()) == pytest.approx(1.0)
    assert node_scores(G, "mentions")["firm:nio"] == 2.0
    with pytest.raises(MapError, match="cannot size nodes by 'colour'"):
        node_scores(G, "colour")


def test_beyond_the_limit_the_most_central_are_kept_with_a_message(monkeypatch):
    monkeypatch.setattr(render, "MAX_NODES", 50)
    G = random_graph(120, seed=1)
    H, _, messages = select_view(G, size_by="degree")
    assert H.number_of_nodes() == 50
    degree = dict(G.degree())
    assert min(degree[n] for n in H) >= max(degree[n] for n in G if n not in H)
    assert len(messages) == 1 and "120 entities" in messages[0] and "limit 50" in messages[0]


def test_selection_does_not_touch_the_input_graph():
    G = small_graph()
    before = nx.node_link_data(G, edges="links")
    select_view(G, focus="Hefei", relations="INVESTS_IN", types="Firm", top=1)
    assert nx.node_link_data(G, edges="links") == before


def test_parallel_relations_between_a_pair_survive_a_relation_filter():
    G = small_graph()
    add_relation(G, "fund:hefei-construction", "firm:nio", "CONTROLS", "The fund controls NIO.")
    H, _, _ = select_view(G, relations=["INVESTS_IN", "CONTROLS"])
    assert H.number_of_edges("fund:hefei-construction", "firm:nio") == 2
