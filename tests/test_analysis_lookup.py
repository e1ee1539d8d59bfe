"""Name resolution: id, name, alias, suffixes, word prefixes, fuzzy typos, and the two errors."""
import networkx as nx
import pytest

from whofunds.graph.lookup import find_nodes, normalize_name, resolve_node


@pytest.fixture()
def G():
    G = nx.MultiDiGraph()
    G.add_node("city:hefei", name="Hefei", type="City", aliases=["合肥"])
    G.add_node("governmentbody:hefei-municipal-government", name="Hefei Municipal Government",
               type="GovernmentBody", aliases=["Hefei government"])
    G.add_node("fund:hefei-jiantou", name="Hefei Jiantou", type="Fund",
               aliases=["Hefei Construction Investment Holding Group", "HFJT"])
    G.add_node("firm:nio", name="NIO Inc.", type="Firm", aliases=["NIO", "蔚来"])
    G.add_node("firm:boe", name="BOE Technology Group Co., Ltd.", type="Firm", aliases=[])
    G.add_node("firm:changan", name="Changan Automobile", type="Firm", aliases=["Changan"])
    G.add_node("institution:changan-university", name="Chang'an University", type="Institution",
               aliases=["Changan"])
    return G


@pytest.mark.parametrize("typed, expected", [
    ("firm:nio", "firm:nio"),                               # node id
    ("Hefei", "city:hefei"),                                # exact name beats longer names
    ("hefei  JIANTOU", "fund:hefei-jiantou"),               # case and spacing
    ("ＮＩＯ", "firm:nio"),                                   # full-width letters
    ("蔚来", "firm:nio"),                                    # alias in Chinese
    ("hfjt", "fund:hefei-jiantou"),                         # alias
    ("BOE", "firm:boe"),                                    # suffixes "Technology Group Co., Ltd." -> prefix
    ("BOE Technology", "firm:boe"),                         # legal-form suffixes stripped
    ("hefei gov", "governmentbody:hefei-municipal-government"),  # word prefixes, in order
    ("jiantou", "fund:hefei-jiantou"),
    ("Hefei Jaintou", "fund:hefei-jiantou"),                # typo: fuzzy
    ("Changan Automobil", "firm:changan"),
])
def test_resolves(G, typed, expected):
    assert resolve_node(G, typed) == expected


def test_ambiguous_names_list_every_candidate(G):
    assert find_nodes(G, "Changan") == ["firm:changan", "institution:changan-university"]
    with pytest.raises(LookupError) as err:
        resolve_node(G, "Changan")
    message = str(err.value)
    assert "ambiguous" in message
    assert "Changan Automobile (Firm, firm:changan)" in message
    assert "Chang'an University (Institution, institution:changan-university)" in message


def test_no_match_says_so_and_suggests(G):
    assert find_nodes(G, "Tesla Shanghai") == []
    with pytest.raises(LookupError) as err:
        resolve_node(G, "Wuxi Industrial Fund")
    message = str(err.value)
    assert message.startswith("no node matches 'Wuxi Industrial Fund'")
    assert "Closest names:" in message
    with pytest.raises(LookupError, match="no node matches"):
        resolve_node(G, "   ")
    with pytest.raises(LookupError, match="graph is empty"):
        resolve_node(nx.MultiDiGraph(), "NIO")


def test_normalize_name():
    assert normalize_name("  BOE  Technology,Group ") == "boe technology group"
