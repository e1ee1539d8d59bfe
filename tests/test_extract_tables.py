"""Tables written as text (rows of cells between "|"): shareholder tables and tables of companies with their holders.
Every name is invented."""
from __future__ import annotations

import pytest

from test_extract_constructions import check, edges, graph_of, nlp  # noqa: F401 - fixtures

NOTE = """Ruiqi Motors (300014 CH) | Initiation of coverage | BUY
Ruiqi Motors makes vans. Ruiqi Motors sells them in Europe. Ruiqi Motors is growing.

Shareholder | Stake
Baishan Holding Co. | 32.0%
Gao Lin (direct) | 1.9%
Others (free float) | 56.8%

Year | Revenue | Net profit
2023A | 48,784 | 4,050

Joint venture | Location | Holders
Hanlin Toyota Motor Co. | Nansha district | Ruiqi Motors 50%, Longmen Investment 50%
Qiaoxin Honda Automobile Co. | Wuxi | Ruiqi Motors 60%, Teslin Group 40%
"""


@pytest.fixture(autouse=True)
def frames_only(monkeypatch):
    monkeypatch.setenv("WHOFUNDS_LEGACY_PATTERNS", "0")


def test_a_shareholder_table_holds_shares_in_the_firm_the_text_is_about(graph_of):
    G = graph_of(NOTE)
    check(G, [("Baishan Holding", "INVESTS_IN", "Ruiqi Motors"), ("Gao Lin", "INVESTS_IN", "Ruiqi Motors")],
          [("Others", "INVESTS_IN", "Ruiqi Motors")])
    stakes = {G.nodes[u]["name"]: d["stake"] for u, v, d in G.edges(data=True) if d["type"] == "INVESTS_IN"
              and G.nodes[v]["name"] == "Ruiqi Motors"}
    assert stakes == {"Baishan Holding": 32.0, "Gao Lin": 1.9}


def test_a_table_of_companies_gives_their_holders_and_places(graph_of):
    G = graph_of(NOTE)
    check(G, [("Ruiqi Motors", "INVESTS_IN", "Hanlin Toyota Motor"), ("Longmen Investment", "INVESTS_IN",
                                                                      "Hanlin Toyota Motor"),
              ("Ruiqi Motors", "CONTROLS", "Qiaoxin Honda Automobile"),
              ("Teslin Group", "INVESTS_IN", "Qiaoxin Honda Automobile"),
              ("Hanlin Toyota Motor", "LOCATED_IN", "Nansha district"), ("Qiaoxin Honda Automobile", "LOCATED_IN", "Wuxi")],
          [("Ruiqi Motors", "INVESTS_IN", "Qiaoxin Honda Automobile"), ("Ruiqi Motors", "LOCATED_IN", "Wuxi")])


def test_evidence_of_a_table_claim_is_its_row(graph_of):
    G = graph_of(NOTE)
    (data,) = [d for u, v, d in G.edges(data=True) if G.nodes[u]["name"] == "Teslin Group"]
    ev = data["evidence"][0]
    assert ev["sentence"] == "Qiaoxin Honda Automobile Co. | Wuxi | Ruiqi Motors 60%, Teslin Group 40%"
    assert ev["rule"] == "table-holders" and data["stake"] == 40.0


def test_a_title_line_with_bars_is_no_table_of_holders(graph_of):
    G = graph_of("Ruiqi Motors | Baishan Capital | Company update\nRuiqi Motors makes vans.")
    assert not [d for _, _, d in G.edges(data=True) if d["type"] in {"INVESTS_IN", "CONTROLS"}]


def test_a_line_naming_a_firm_then_its_holders_with_shares(graph_of):
    G = graph_of("Its subsidiaries:\n\n- Changdian Lumen Circuit (Shaoxing) Co., a wafer-level packaging plant in "
                 "Shaoxing: Quorra Group 51%, Harlan Capital Co. 26%, Shaoxing Lumen Circuit Industry Fund 23%.\n")
    firm = "Changdian Lumen Circuit (Shaoxing)"
    assert ("Quorra Group", "CONTROLS", firm) in edges(G)
    assert ("Shaoxing Lumen Circuit Industry Fund", "INVESTS_IN", firm) in edges(G)
    # shares of something other than holders (no names, or one item) are no register
    G = graph_of("Quorra Group's mix: batteries 40%, cathodes 60%.\nLumen Capital Co.: Quorra Group 30%.\n")
    assert not [e for e in edges(G) if e[1] in {"INVESTS_IN", "CONTROLS"}]


def test_market_shares_after_a_colon_are_no_holders(graph_of):
    G = graph_of("Lumen Motors Co. grew fast. Battery suppliers to Lumen Motors Co. in 2023: Quorra Energy Co. 45%, "
                 "Harlan Cells Co. 30%, Beixin Power Co. 25%.\n")
    assert not [e for e in edges(G) if e[1] in {"INVESTS_IN", "CONTROLS"}]
