"""Amounts, currencies, stakes and years on INVESTS_IN edges, as the sentence states them.

The first figure named is the one in the original currency ("5bn yuan ($700m)" is 5e9 CNY); a
stake is a percentage of the target; a year is the year the sentence gives for the deal. Nothing is
invented: attributes the sentence does not state stay ``None``.
"""
from __future__ import annotations

import pytest

from test_extract_constructions import edge, edges, graph_of, nlp  # noqa: F401  (fixtures)

IJ, XM = "Hefei Jiantou", "Xinlian Motors"
NONE = {"amount": None, "currency": None, "amount_text": None, "year": None, "stake": None}

# (sentence, the INVESTS_IN edge's attributes that it states; the others must be None)
INVESTMENTS = [
    pytest.param("Hefei Jiantou invested 5bn yuan ($700m) in Xinlian Motors in 2020.",
                 {"amount": 5e9, "currency": "CNY", "amount_text": "5bn yuan ($700m)", "year": 2020},
                 id="yuan-with-dollar-gloss-and-year"),
    pytest.param("Hefei Jiantou invested 7 billion yuan in Xinlian Motors.",
                 {"amount": 7e9, "currency": "CNY", "amount_text": "7 billion yuan"}, id="billion-yuan-words"),
    pytest.param("Hefei Jiantou invested 800m yuan in Xinlian Motors in March 2019.",
                 {"amount": 8e8, "currency": "CNY", "amount_text": "800m yuan", "year": 2019}, id="millions-month-year"),
    pytest.param("Hefei Jiantou invested $1.5bn in Xinlian Motors.",
                 {"amount": 1.5e9, "currency": "USD", "amount_text": "$1.5bn"}, id="dollars"),
    pytest.param("Hefei Jiantou invested HK$2bn in Xinlian Motors.",
                 {"amount": 2e9, "currency": "HKD", "amount_text": "HK$2bn"}, id="hong-kong-dollars"),
    pytest.param("Hefei Jiantou invested 1.2 trillion yuan in Xinlian Motors.",
                 {"amount": 1.2e12, "currency": "CNY", "amount_text": "1.2 trillion yuan"}, id="trillion"),
    pytest.param("Hefei Jiantou invested 500 million euros in Xinlian Motors.",
                 {"amount": 5e8, "currency": "EUR", "amount_text": "500 million euros"}, id="euros"),
    pytest.param("Hefei Jiantou invested ¥3bn in Xinlian Motors.",
                 {"amount": 3e9, "currency": "CNY", "amount_text": "¥3bn"}, id="yen-yuan-sign"),
    pytest.param("Hefei Jiantou bought a 17% stake in Xinlian Motors.", {"stake": 17.0}, id="stake-percent-sign"),
    pytest.param("Hefei Jiantou bought a 7.5 percent stake in Xinlian Motors.", {"stake": 7.5}, id="stake-percent-word"),
    pytest.param("Hefei Jiantou took a 24% stake in Xinlian Motors for 7bn yuan in 2020.",
                 {"stake": 24.0, "amount": 7e9, "currency": "CNY", "amount_text": "7bn yuan", "year": 2020},
                 id="stake-amount-year"),
    pytest.param("In 2020, Hefei Jiantou invested in Xinlian Motors.", {"year": 2020}, id="fronted-year"),
    pytest.param("Hefei Jiantou led a 2.3 billion yuan funding round in Xinlian Motors in 2021.",
                 {"amount": 2.3e9, "currency": "CNY", "amount_text": "2.3 billion yuan", "year": 2021},
                 id="funding-round"),
    pytest.param("Hefei Jiantou invested in Xinlian Motors. Xinlian Motors was founded in 2014.", {},
                 id="year-of-another-sentence-not-taken"),
    pytest.param("Hefei Jiantou invested 10bn yuan in Xinlian Motors, a firm with 5% of the market.",
                 {"amount": 1e10, "currency": "CNY", "amount_text": "10bn yuan"}, id="market-share-is-not-a-stake"),
    pytest.param("Hefei Jiantou invested in Xinlian Motors, which has 2,000 employees and sold 40,000 cars in 2019.",
                 {}, id="year-of-sales-is-not-year-of-investment"),
    pytest.param("Hefei Jiantou holds 24% of Xinlian Motors.", {"stake": 24.0}, id="holds-percent-of"),
    pytest.param("Hefei Jiantou invested RMB 3.5bn in Xinlian Motors.",
                 {"amount": 3.5e9, "currency": "CNY", "amount_text": "RMB 3.5bn"}, id="rmb-prefix"),
]


@pytest.mark.parametrize("text, stated", INVESTMENTS)
def test_investment_attributes(graph_of, text, stated):
    G = graph_of(text)
    data = edge(G, IJ, "INVESTS_IN", XM)
    assert data is not None, sorted(edges(G))
    expected = {**NONE, **stated}
    got = {k: data[k] for k in expected}
    if expected["amount"] is not None:  # amounts are computed from text: compare as floats
        assert got.pop("amount") == pytest.approx(expected.pop("amount")), data
    assert got == {k: expected[k] for k in got}, got
    # the evidence that carries the figures quotes them
    ev = data["evidence"][0]
    assert ev["amount"] == data["amount"] and ev["stake"] == data["stake"]
    if data["amount_text"]:
        assert data["amount_text"] in ev["sentence"]


def test_amounts_only_on_investments(graph_of):
    G = graph_of("Ningde Cells supplies batteries worth 2bn yuan to Xinlian Motors.")
    data = edge(G, "Ningde Cells", "SUPPLIES", XM)
    assert data is not None, sorted(edges(G))
    assert data["amount"] is None and data["currency"] is None and data["stake"] is None


def test_amount_and_currency_come_from_the_same_evidence(graph_of):
    G = graph_of("Hefei Jiantou invested in Xinlian Motors in 2019.",
                 "Hefei Jiantou invested $1.5bn in Xinlian Motors.")
    data = edge(G, IJ, "INVESTS_IN", XM)
    assert data is not None and len(data["evidence"]) == 2, sorted(edges(G))
    assert (data["amount"], data["currency"], data["amount_text"], data["year"]) == (1.5e9, "USD", "$1.5bn", 2019)
