"""The relation frames alone (the regex patterns of earlier releases switched off), construction by construction.

One meaning in its many syntactic forms: active and passive, relative and reduced-relative clauses,
coordination and apposition, possessives and nominalisations, controlled and participle clauses,
pronouns and descriptions that refer back, and the fixed constructions a token-level layer reads
(shares listed after a passive, labelled lists in notes, hyphenated modifiers). Every sentence is
written here with invented names; none comes from a corpus. Edges are compared by name as the
scorer compares them (see test_extract_constructions.check).
"""
from __future__ import annotations

import pytest

from test_extract_constructions import check, graph_of, nlp  # noqa: F401 - fixtures

A, B, C, D = "Baishan Capital", "Ruiqi Motors", "Longmen Investment", "Qiaoxin Technology"


@pytest.fixture(autouse=True)
def frames_only(monkeypatch):
    monkeypatch.setenv("WHOFUNDS_LEGACY_PATTERNS", "0")


CASES = [
    # ------------------------------------------------------------------ INVESTS_IN
    pytest.param("Baishan Capital invested 2bn yuan in Ruiqi Motors.", [(A, "INVESTS_IN", B)],
                 [(B, "INVESTS_IN", A)], id="invest-active"),
    pytest.param("Ruiqi Motors was backed by Baishan Capital and Longmen Investment.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [], id="back-passive-coordinated"),
    pytest.param("Ruiqi Motors, which Baishan Capital backed in 2019, is based in Hefei.",
                 [(A, "INVESTS_IN", B), (B, "LOCATED_IN", "Hefei")], [], id="back-relative-object"),
    pytest.param("Baishan Capital, which was set up in 2015, committed 7bn yuan to Ruiqi Motors.",
                 [(A, "INVESTS_IN", B)], [], id="commit-money-after-relative"),
    pytest.param("A consortium led by Baishan Capital, together with Longmen Investment, committed 7bn yuan in "
                 "cash to Ruiqi Motors.", [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [], id="consortium-led-by"),
    pytest.param("Ruiqi Motors raised 3bn yuan from Baishan Capital, Longmen Investment and Qiaoxin Technology.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B), (D, "INVESTS_IN", B)], [], id="raised-from-list"),
    pytest.param("Baishan Capital holds 24% of Ruiqi Motors.", [(A, "INVESTS_IN", B)], [(A, "CONTROLS", B)],
                 id="holds-minority"),
    pytest.param("Baishan Capital holds 62% of Ruiqi Motors.", [(A, "CONTROLS", B)], [(A, "INVESTS_IN", B)],
                 id="holds-majority-is-control"),
    pytest.param("Baishan Capital paid 500m yuan for a 20% stake in Ruiqi Motors.", [(A, "INVESTS_IN", B)], [],
                 id="paid-for-stake"),
    pytest.param("Baishan Capital agreed to pay 1bn yuan for 19% of Ruiqi Motors and 8% of Qiaoxin Technology.",
                 [(A, "INVESTS_IN", B), (A, "INVESTS_IN", D)], [], id="paid-for-coordinated-shares"),
    pytest.param("Ruiqi Motors is 51% owned by Baishan Capital, 39% by Longmen Investment and 10% by "
                 "Qiaoxin Technology.", [(A, "CONTROLS", B), (C, "INVESTS_IN", B), (D, "INVESTS_IN", B)],
                 [(C, "CONTROLS", B)], id="owned-shares-listed"),
    pytest.param("Baishan Capital became Ruiqi Motors' largest shareholder last year.", [(A, "INVESTS_IN", B)], [],
                 id="became-largest-shareholder"),
    pytest.param("Baishan Capital's 12% stake in Ruiqi Motors is worth 3bn yuan.", [(A, "INVESTS_IN", B)], [],
                 id="possessive-stake-in"),
    pytest.param("The Ruiqi Motors round was led by Baishan Capital.", [(A, "INVESTS_IN", B)], [],
                 id="round-led-by-compound-owner"),
    pytest.param("Ruiqi Motors sells vans. Its backers include Baishan Capital and Longmen Investment.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [], id="its-backers-include"),
    # a holding that is over: "used to own"
    pytest.param("Baishan Capital used to own Ruiqi Holding but handed it to Longmen Investment in 2009.",
                 [], [(A, "CONTROLS", "Ruiqi Holding"), (A, "INVESTS_IN", "Ruiqi Holding")], id="used-to-own"),
    pytest.param("Baishan Capital has owned Ruiqi Holding since 2009.", [(A, "CONTROLS", "Ruiqi Holding")], [],
                 id="has-owned-since"),
    # a description's lower-case words prefer the name that has them
    pytest.param("Ruiqi Holding Group is wholly owned by Shandong Heavy Machinery Group. Ruiqi Holding Group is Ruiqi "
                 "Power's largest shareholder, and Ruiqi Holding Group also owns a bank. The Shandong provincial SASAC "
                 "owns 70% of the heavy-machinery group; Baishan Capital and Longmen Investment share the rest.",
                 [(A, "INVESTS_IN", "Shandong Heavy Machinery Group"), (C, "INVESTS_IN", "Shandong Heavy Machinery Group")],
                 [(A, "INVESTS_IN", "Ruiqi Power"), (A, "INVESTS_IN", "Ruiqi Holding Group")],
                 id="description-words-prefer-a-name"),
    # each holder of a gapped passive its own share, the name in apposition to "his son"
    pytest.param("Ruiqi Holding is about 91% owned by Li Shunfeng and about 9% by his son, Li Xinghai.",
                 [("Li Shunfeng", "CONTROLS", "Ruiqi Holding"), ("Li Xinghai", "INVESTS_IN", "Ruiqi Holding")],
                 [("Li Xinghai", "CONTROLS", "Ruiqi Holding")], id="gapped-share-by-his-son-name"),
    # "Zone" of "the High-tech Zone" is no firm
    pytest.param("Ruiqi Pharmaceutical Co., Ltd., a drugmaker in the High-tech Zone, which is 80% owned by Baishan "
                 "Capital, leads the chain.", [], [(A, "CONTROLS", "Zone")], id="zone-is-no-firm"),
    # near misses a second reader found for this round's constructions
    pytest.param("Formerly a subsidiary of Qiaoxin Technology, Ruiqi Motors is now controlled by Baishan Capital.",
                 [(A, "CONTROLS", B)], [(D, "CONTROLS", B)], id="formerly-a-subsidiary"),
    pytest.param("An Xiaomi supplier, Qiaoxin Technology, sells sensors to Ruiqi Motors.",
                 [(D, "SUPPLIES", B)], [("An Xiaomi", "WORKS_FOR", D)], id="an-brand-is-no-person"),
    pytest.param("Baishan Capital is Ruiqi Motors' largest shareholder, with Longmen Investment as a minority "
                 "shareholder.", [(A, "INVESTS_IN", B)], [(C, "INVESTS_IN", A)], id="with-as-after-a-holder"),
    pytest.param("With a 2bn yuan loan, Ruiqi Motors brought in Baishan Capital as a strategic investor.",
                 [(A, "INVESTS_IN", B)], [], id="brought-in-as-investor-with-a-loan"),
    pytest.param("Ruiqi Motors makes vans in Hefei. Baishan Capital put 2bn yuan into the deal.", [],
                 [(A, "INVESTS_IN", B)], id="money-into-a-deal-is-anyones"),
    pytest.param("Baishan Capital and Longmen Investment founded Ruiqi Motors in 2018, and they still own 60% of it.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [(A, "CONTROLS", B), (C, "CONTROLS", B),
                                                                 (B, "CONTROLS", C)], id="they-own-jointly"),
    pytest.param("Zhou Lei, chairman of Baishan Capital, announced a chip fund on Monday. The investors are:\n\n"
                 "- Longmen Investment, 1 billion yuan;\n- Qiaoxin Technology, 500 million yuan.\n", [],
                 [(C, "INVESTS_IN", A), (D, "INVESTS_IN", A)], id="register-lead-in-not-a-managers"),
    # partners named in a "with ... as" phrase hold part of what it hangs on
    pytest.param("Ruiqi Motors Co. is a Wuhu venture controlled by Qiaoxin Technology, with Baishan Capital and "
                 "Longmen Investment as minority partners.",
                 [(D, "CONTROLS", B), (A, "INVESTS_IN", B), (C, "INVESTS_IN", B)],
                 [(A, "INVESTS_IN", D), (A, "CONTROLS", B)], id="with-as-minority-partners"),
    pytest.param("Ruiqi Motors Co. is controlled by Qiaoxin Technology, with Baishan Capital as a minority shareholder.",
                 [(A, "INVESTS_IN", B)], [(A, "INVESTS_IN", A), (A, "INVESTS_IN", D)], id="with-as-on-the-name"),
    pytest.param("Qiaoxin Technology named Baishan Capital as a partner.", [], [(A, "INVESTS_IN", D)],
                 id="named-as-partner-is-no-stake"),
    # an owner in a relative clause on a description of the name
    pytest.param("Qiaoxin Technology buys hydrogen from Ruiqi Energy, a complex that Marlin Petroleum owns jointly "
                 "with Baishan Capital.", [("Marlin Petroleum", "INVESTS_IN", "Ruiqi Energy"),
                                          (A, "INVESTS_IN", "Ruiqi Energy")], [(A, "INVESTS_IN", D)],
                 id="complex-owned-jointly-relative"),
    # the rest of a holding the sentence before shared out, held by the names a colon opens
    pytest.param("Qiaoxin Technology holds 75% of Ruiqi Motors. The remaining shares are held by two local investors: "
                 "Baishan Capital Co., Ltd., a county platform, with 15%, and Longmen Investment Co., Ltd., with 10%.",
                 [(D, "CONTROLS", B), (A, "INVESTS_IN", B), (C, "INVESTS_IN", B)],
                 [(A, "CONTROLS", B), (A, "CONTROLS", C), (C, "CONTROLS", A), (A, "INVESTS_IN", C)],
                 id="remaining-shares-held-by-colon-list"),
    pytest.param("Qiaoxin Technology holds 75% of Ruiqi Motors. The remaining shares are held by Baishan Capital.",
                 [(A, "INVESTS_IN", B)], [(A, "CONTROLS", B)], id="remaining-shares-next-sentence"),
    # a round whose firm goes unsaid, its size and date no owner: the firm the story follows
    pytest.param("Ruiqi Motors builds vans in Wuhu. A pre-IPO round of 3bn yuan in 2021 was led by Baishan Capital.",
                 [(A, "INVESTS_IN", B)], [], id="round-of-size-led-by"),
    pytest.param("Ruiqi Motors builds vans in Wuhu. Longmen Investment put 2bn yuan into a pre-IPO round in 2021.",
                 [(C, "INVESTS_IN", B)], [], id="money-into-unowned-round"),
    pytest.param("Ruiqi Motors builds vans in Wuhu. Longmen Investment put 2bn yuan into a new industrial park.",
                 [], [(C, "INVESTS_IN", B)], id="money-into-park-is-no-stake"),
    # a part of the shares: whose the shares are, not the seller's own
    pytest.param("Ruiqi Motors builds vans. Qiaoxin Technology sold a fifth of the carmaker's shares to "
                 "Baishan Capital.", [(A, "INVESTS_IN", B)], [(A, "INVESTS_IN", D)], id="sold-fraction-of-shares"),
    pytest.param("Qiaoxin Technology sold half of its stake in Ruiqi Motors to Baishan Capital.",
                 [(A, "INVESTS_IN", B)], [(A, "INVESTS_IN", D), (A, "CONTROLS", D)], id="sold-half-of-its-stake-in"),
    pytest.param("Qiaoxin Technology transferred all of its shares in Ruiqi Motors to Baishan Capital in 2024.",
                 [], [(A, "CONTROLS", D), (A, "INVESTS_IN", D)], id="all-of-its-shares-not-the-sellers"),
    pytest.param("Ruiqi Holding is owned 90% by the Wuxi municipal State-owned Assets Supervision and Administration "
                 "Commission (Wuxi SASAC) and 10% by the Jiangsu Provincial Department of Finance.",
                 [("Wuxi SASAC", "CONTROLS", "Ruiqi Holding")],
                 [("State-owned Assets Supervision and Administration Commission", "CONTROLS", "Ruiqi Holding")],
                 id="municipal-commission-named-in-full"),
    pytest.param("Ruiqi Cell Technologies is owned 30% each by Baishan Capital, the unit of Longmen Investment, by "
                 "Qiaoxin Technology and by Hanlin Partners, with Teslin Group holding the remaining 10%.",
                 [(A, "INVESTS_IN", "Ruiqi Cell Technologies"), (D, "INVESTS_IN", "Ruiqi Cell Technologies"),
                  ("Hanlin Partners", "INVESTS_IN", "Ruiqi Cell Technologies"),
                  ("Teslin Group", "INVESTS_IN", "Ruiqi Cell Technologies")],
                 [(C, "INVESTS_IN", "Ruiqi Cell Technologies")], id="owned-each-by-a-by-b-and-by-c"),
    pytest.param("Ruiqi Motors makes vans. Gao Lin invested in Ruiqi Motors with her own money, alongside Zhou Min, "
                 "the founder of Longmen Investment.", [("Gao Lin", "INVESTS_IN", B), ("Zhou Min", "INVESTS_IN", B)],
                 [], id="people-invest-alongside"),
    pytest.param("Ruiqi Motors is wholly owned by the Qingdao municipal SASAC.", [("Qingdao SASAC", "CONTROLS", B)],
                 [("State-owned Assets Supervision and Administration Commission", "CONTROLS", B)],
                 id="a-city-municipal-sasac-is-the-city-s"),
    pytest.param("Xuzhou is a city in Jiangsu. Ruiqi Motors is wholly owned by the city's SASAC.",
                 [("Xuzhou SASAC", "CONTROLS", B)], [], id="the-city-s-sasac"),
    pytest.param("Qingdao Haifa State-owned Capital Investment and Operation Group, the district's investment firm, is "
                 "one of Ruiqi Motors' biggest shareholders.", [("Qingdao Haifa State-owned Capital Investment and Operation Group", "INVESTS_IN", B)],
                 [("Operation Group", "INVESTS_IN", B)], id="state-owned-inside-a-name"),
    pytest.param("Ruiqi Motors makes vans. Ruiqi Motors is big. Ruiqi Motors sells abroad. A consortium led by "
                 "Hanlin Partners had also bid for the stake last year but was not chosen.", [],
                 [("Hanlin Partners", "INVESTS_IN", B)], id="a-bid-is-no-purchase"),
    pytest.param("Wuxi SASAC controls Ruiqi Motors without owning a single share in it directly.",
                 [("Wuxi SASAC", "CONTROLS", B)], [("Wuxi SASAC", "INVESTS_IN", B)], id="without-owning"),
    pytest.param("In 2023 Baishan Capital and Longmen Investment sold their combined 50% to Ruiqi Motors.", [],
                 [(B, "INVESTS_IN", C), (B, "INVESTS_IN", A)], id="sold-their-stake-is-no-stake-in-them"),
    pytest.param("Ruiqi Motors is owned by Gao Lin and his wife, Zhou Min, who together are its actual controllers.",
                 [("Gao Lin", "CONTROLS", B)], [("Zhou Min", "WORKS_FOR", B), ("Gao Lin", "WORKS_FOR", B)],
                 id="a-person-who-owns-controls"),
    pytest.param("That was part of a 15bn yuan capital increase in Ruiqi Motors led by Baishan Capital, with "
                 "Longmen Investment joining.", [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [],
                 id="capital-increase-led-by-with-partner-joining"),
    pytest.param("Baishan Capital put 14bn yuan into Ruiqi Motors for 33% of its registered capital, while the "
                 "existing shareholders Longmen Investment and Hanlin Partners added fresh contributions of 5bn yuan.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B), ("Hanlin Partners", "INVESTS_IN", B)], [],
                 id="while-partners-added"),
    pytest.param("Ruiqi Motors sold new shares in March. Ruiqi Motors makes vans. Baishan Capital and Longmen "
                 "Investment each subscribed about US$500m.", [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [],
                 id="each-subscribed-a-sum"),
    pytest.param("Longmen Investment remains Ruiqi Motors' controlling shareholder, and Baishan Capital holds the "
                 "largest single stake.", [(C, "CONTROLS", B), (A, "INVESTS_IN", B)], [(A, "INVESTS_IN", C)],
                 id="holds-the-largest-stake-of-the-firm-beside"),
    pytest.param("Hua Long Fabrication (Wuxi) Co., registered in 2023 with $4 billion of capital, is 25.1% owned by "
                 "Baishan Capital, 26% by Longmen Investment and 19.9% by Wuxi Xichan Microchip.",
                 [(A, "INVESTS_IN", "Hua Long Fabrication (Wuxi)"), (C, "INVESTS_IN", "Hua Long Fabrication (Wuxi)"),
                  ("Wuxi Xichan Microchip", "INVESTS_IN", "Hua Long Fabrication (Wuxi)")], [],
                 id="name-read-as-a-person-has-a-legal-form"),
    pytest.param("In 2018 Ruiqi Motors set up Ruiqi Chips, a wholly owned chip-design unit that Gao Lin chairs.",
                 [(B, "FOUNDED", "Ruiqi Chips"), ("Gao Lin", "WORKS_FOR", "Ruiqi Chips")], [],
                 id="unit-that-a-name-chairs"),
    pytest.param("Ruiqi Motors and Baishan Capital launched the Hanlin Equity Investment Fund, a 30bn yuan vehicle "
                 "for the new-energy vehicle chain.",
                 [(B, "FOUNDED", "Hanlin Equity Investment Fund"), (A, "FOUNDED", "Hanlin Equity Investment Fund")],
                 [(B, "CONTROLS", "Hanlin Equity Investment Fund"), (A, "CONTROLS", "Hanlin Equity Investment Fund")],
                 id="what-two-set-up-neither-controls"),
    pytest.param("Baishan Capital invested in Ruiqi Motors alongside Longmen Investment and Qiaoxin Technology.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B), (D, "INVESTS_IN", B)], [], id="alongside-partners"),
    pytest.param("Baishan Capital committed 1bn yuan to Ruiqi Motors, alongside 2bn yuan from Longmen Investment "
                 "and 500m yuan from Qiaoxin Technology.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B), (D, "INVESTS_IN", B)], [], id="alongside-sums-from"),
    pytest.param("Baishan Capital put 1bn yuan into Ruiqi Motors, with Longmen Investment adding 500m yuan.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [], id="with-partner-adding"),
    pytest.param("Baishan Capital invested in Ruiqi Motors alongside its own managers.", [(A, "INVESTS_IN", B)],
                 [], id="alongside-no-name"),
    pytest.param("Ruiqi Motors will set up Ruiqi Global, a joint venture owned 51% by Baishan Capital and 49% by "
                 "Ruiqi Motors.", [(A, "CONTROLS", "Ruiqi Global"), (B, "INVESTS_IN", "Ruiqi Global")],
                 [(B, "CONTROLS", "Ruiqi Global")], id="venture-owned-shares-misread-as-finite"),
    pytest.param("Baishan Capital backed Ruiqi Motors, alongside 2bn yuan from Wuxi's municipal guidance fund.",
                 [(A, "INVESTS_IN", B), ("Wuxi municipal guidance fund", "INVESTS_IN", B)], [],
                 id="place-fund-by-description"),
    pytest.param("Ruiqi Motors makes vans in Wuxi. Ruiqi Motors sells them abroad. Ruiqi Motors is growing fast. "
                 "Qiaoxin Technology and Hanlin Motors are its rivals. Wuxi's state fund paid 1bn yuan for a 30% "
                 "stake in 2019.", [("Wuxi state fund", "INVESTS_IN", B)],
                 [("Wuxi state fund", "INVESTS_IN", D), ("Wuxi state fund", "INVESTS_IN", "Hanlin Motors")],
                 id="unsaid-owner-is-the-story-subject"),
    pytest.param("Ruiqi Global is owned 50% by Ruiqi Motors, with Baishan Capital holding 38% and Longmen "
                 "Investment 12%. Ruiqi Motors makes vans.", [(A, "INVESTS_IN", "Ruiqi Global")],
                 [(A, "INVESTS_IN", B)], id="with-holding-aside-is-of-the-clause-object"),
    pytest.param("Ruiqi Motors sells vans. Among its holders are Baishan Capital, the venture arm of the carmaker "
                 "Longmen Investment, Qiaoxin Technology, and the Edinburgh fund manager Hanlin Partners.",
                 [(A, "INVESTS_IN", B), (D, "INVESTS_IN", B), ("Hanlin Partners", "INVESTS_IN", B)],
                 [(C, "INVESTS_IN", B)], id="holders-list-broken-by-appositions"),
    pytest.param("Gao Lin, the chairman of Baishan Capital, said the fund could invest in Ruiqi Motors.",
                 [("Gao Lin", "WORKS_FOR", A)], [(A, "INVESTS_IN", B)], id="could-invest-is-no-edge"),
    pytest.param("Baishan Capital denied that it would invest in Ruiqi Motors.", [], [(A, "INVESTS_IN", B)],
                 id="denied-that-it-would"),
    pytest.param("Baishan Capital, which could not be reached for comment, has invested in Ruiqi Motors.",
                 [(A, "INVESTS_IN", B)], [], id="negation-in-relative-clause-only"),
    pytest.param("Baishan Capital is considering an investment in Ruiqi Motors.", [], [(A, "INVESTS_IN", B)],
                 id="considering-nominal"),
    pytest.param("Baishan Capital sold 5% of Ruiqi Motors to Longmen Investment.", [(C, "INVESTS_IN", B)],
                 [(A, "SUPPLIES", C), (A, "SUPPLIES", B)], id="shares-sold-to"),
    pytest.param("The Haixing Industry Fund invests in robotics and integrated circuits.",
                 [("Haixing Industry Fund", "TARGETS_INDUSTRY", "robotics"),
                  ("Haixing Industry Fund", "TARGETS_INDUSTRY", "semiconductors")], [], id="fund-invests-in-industries"),
    # ------------------------------------------------------------------ CONTROLS
    pytest.param("Ruiqi Motors is controlled by Baishan Capital.", [(A, "CONTROLS", B)], [], id="controlled-by"),
    pytest.param("Qiaoxin Technology, the parent company of Ruiqi Motors, reported a loss.", [(D, "CONTROLS", B)], [],
                 id="parent-company-of"),
    pytest.param("Ruiqi Motors, a wholly owned subsidiary of Qiaoxin Technology, builds vans.", [(D, "CONTROLS", B)],
                 [], id="subsidiary-of"),
    pytest.param("Qiaoxin Technology builds its vans through its Ruiqi Motors unit.", [(D, "CONTROLS", B)], [],
                 id="its-named-unit"),
    pytest.param("Qiaoxin Technology set up Ruiqi Motors, a wholly owned unit, in 2018.",
                 [(D, "FOUNDED", B), (D, "CONTROLS", B)], [], id="set-up-wholly-owned-unit"),
    pytest.param("Qiaoxin Technology, which in turn answers to the Hefei SASAC, controls Ruiqi Motors.",
                 [("Hefei SASAC", "CONTROLS", D), (D, "CONTROLS", B)], [], id="answers-to"),
    pytest.param("Qiaoxin Technology acquired Ruiqi Motors in 2016.", [(D, "CONTROLS", B)], [], id="acquired"),
    # ------------------------------------------------------------------ FOUNDED
    pytest.param("Ruiqi Motors was founded in 2015 by Gao Lin and Wen Jie.",
                 [("Gao Lin", "FOUNDED", B), ("Wen Jie", "FOUNDED", B)], [], id="founded-by-coordinated"),
    pytest.param("Gao Lin and Wen Jie, the pair who co-founded Qiaoxin Technology in Hefei, left.",
                 [("Gao Lin", "FOUNDED", D), ("Wen Jie", "FOUNDED", D), (D, "LOCATED_IN", "Hefei")], [],
                 id="pair-who-co-founded-in"),
    pytest.param("Qiaoxin Technology formed Ruiqi Motors with Baishan Capital.",
                 [(D, "FOUNDED", B), (A, "FOUNDED", B)], [], id="formed-with"),
    pytest.param("Ruiqi Motors founder Gao Lin spoke on Monday.", [("Gao Lin", "FOUNDED", B)], [],
                 id="founder-title-before-name"),
    pytest.param("Ruiqi Chemicals is controlled by Longmen Group Co., Ltd., in turn 100% held by the Xingshan County "
                 "State-owned Assets Supervision and Administration Bureau.",
                 [("Longmen Group", "CONTROLS", "Ruiqi Chemicals"),
                  ("Xingshan County State-owned Assets Supervision and Administration Bureau", "CONTROLS",
                   "Longmen Group")], [], id="in-turn-held-by"),
    pytest.param("Ruiqi Capital is wholly owned by Longmen Investment Holding Group, which belongs in full to the "
                 "Yichang SASAC.", [("Yichang SASAC", "CONTROLS", "Longmen Investment Holding Group")], [],
                 id="belongs-in-full-to"),
    pytest.param("A subsidiary of Qiaoxin Technology, Ruiqi Motors designs electric vans.", [(D, "CONTROLS", B)], [],
                 id="fronted-description"),
    pytest.param("Rotor blades come from Ruiqi Wind Power Blade Co., Ltd., a subsidiary of Sinova Science & "
                 "Technology, which operates a blade plant in Baicheng.",
                 [("Sinova Science & Technology", "CONTROLS", "Ruiqi Wind Power Blade")], [], id="ampersand-name-parent"),
    # ------------------------------------------------------------------ WORKS_FOR
    pytest.param("An Conghao, Ruiqi Motors' chief executive, is also an executive director of Qiaoxin Technology.",
                 [("An Conghao", "WORKS_FOR", B), ("An Conghao", "WORKS_FOR", D)], [], id="word-surname-two-posts"),
    pytest.param("An Indian firm, Ruiqi Motors, bought vans.", [], [("An Indian", "WORKS_FOR", B)],
                 id="an-indian-is-no-person"),
    pytest.param('"Local production mattered," said Zhao Chenglu, General Manager of Ruiqi Power.',
                 [("Zhao Chenglu", "WORKS_FOR", "Ruiqi Power")], [], id="capitalised-post-after-name"),
    pytest.param("Gao Lin, chairman of Ruiqi Motors, of Qiaoxin Technology and of Baishan Capital, spoke.",
                 [("Gao Lin", "WORKS_FOR", B), ("Gao Lin", "WORKS_FOR", D), ("Gao Lin", "WORKS_FOR", A)], [],
                 id="chairman-of-repeated-preposition"),
    pytest.param("Ruiqi Motors chief executive Gao Lin spoke.", [("Gao Lin", "WORKS_FOR", B)], [],
                 id="title-compounded-with-name"),
    pytest.param("Wen Jie, chairman of Ruiqi Motors' supervisory board, agreed.", [("Wen Jie", "WORKS_FOR", B)], [],
                 id="through-an-unnamed-part"),
    pytest.param("Wen Jie, director of Ruiqi Motors, and Gao Lin, director of Qiaoxin Technology, met.",
                 [("Wen Jie", "WORKS_FOR", B), ("Gao Lin", "WORKS_FOR", D)],
                 [("Gao Lin", "WORKS_FOR", B), ("Wen Jie", "WORKS_FOR", D)], id="appositions-do-not-spread"),
    pytest.param("Ruiqi Motors is chaired by its founder, Gao Lin.",
                 [("Gao Lin", "WORKS_FOR", B), ("Gao Lin", "FOUNDED", B)], [], id="chaired-by-its-founder"),
    pytest.param("Qiaoxin Technology hired Gao Lin, a veteran then working at Ruiqi Motors.",
                 [("Gao Lin", "WORKS_FOR", B)], [], id="working-at-in-reduced-relative"),
    pytest.param("Hefei's mayor, Dong Ping, opened the plant.", [("Dong Ping", "WORKS_FOR", "Hefei")], [],
                 id="named-official-works-for-place"),
    # ------------------------------------------------------------------ LOCATED_IN
    pytest.param("Ruiqi Motors, a Wuhu carmaker, sells vans.", [(B, "LOCATED_IN", "Wuhu")], [],
                 id="place-before-descriptor"),
    pytest.param("Ruiqi Motors' main plant is in Wuhu.", [(B, "LOCATED_IN", "Wuhu")], [], id="plant-is-in"),
    pytest.param("Qiaoxin Technology, a start-up that set up an office in Changsha, hired engineers.",
                 [(D, "LOCATED_IN", "Changsha")], [], id="set-up-office-in"),
    pytest.param("Changsha is home to Ruiqi Motors and Qiaoxin Technology.",
                 [(B, "LOCATED_IN", "Changsha"), (D, "LOCATED_IN", "Changsha")], [], id="home-to"),
    pytest.param("The Wuhu-based Ruiqi Motors sells vans.", [(B, "LOCATED_IN", "Wuhu")], [], id="hyphen-based"),
    # ------------------------------------------------------------------ SUPPLIES
    pytest.param("Qiaoxin Technology supplies battery cells to Ruiqi Motors.", [(D, "SUPPLIES", B)], [],
                 id="supplies-to"),
    pytest.param("Qiaoxin Technology has been Ruiqi Motors' main battery supplier since 2019.", [(D, "SUPPLIES", B)],
                 [], id="possessive-supplier"),
    pytest.param("Ruiqi Motors buys its cells from Qiaoxin Technology.", [(D, "SUPPLIES", B)], [], id="buys-from"),
    # a trade's makers stand for the names listed with them
    pytest.param("Qiaoxin Technology sells wafers to chipmakers such as Ruiqi Microelectronics and Harlow "
                 "Semiconductor.", [(D, "SUPPLIES", "Ruiqi Microelectronics"), (D, "SUPPLIES", "Harlow Semiconductor")],
                 [], id="sells-to-makers-such-as"),
    # goods from a maker, the "from" hung on the verb
    pytest.param("Ruiqi Motors builds vans. Ruiqi Motors' electric models use battery packs from Sichuan Ardent.",
                 [("Sichuan Ardent", "SUPPLIES", B)], [], id="use-goods-from"),
    # a passive source: whose the goods are
    pytest.param("Ruiqi Motors builds vans. Its battery packs are sourced mainly from Qiaoxin Technology and from "
                 "Velden Pumps.", [(D, "SUPPLIES", B), ("Velden Pumps", "SUPPLIES", B)], [], id="goods-sourced-from"),
    pytest.param("The biggest plant in town is Ruiqi Motors' Wuhu base, which builds Harlow vans and buys its cells "
                 "from Qiaoxin Technology.", [], [(D, "SUPPLIES", "Harlow")], id="active-buyer-of-its-goods"),
    pytest.param("Qiaoxin Technology counts Ruiqi Motors among its customers.", [(D, "SUPPLIES", B)],
                 [(B, "SUPPLIES", D)], id="counts-among-its-customers"),
    pytest.param("Baishan Capital bought 20% of Ruiqi Motors from Qiaoxin Technology.", [(A, "INVESTS_IN", B)],
                 [(D, "SUPPLIES", A)], id="buying-a-stake-is-no-supply"),
    # ------------------------------------------------------------------ TARGETS_INDUSTRY and chains
    pytest.param("Wuhu has made robotics and new materials its two priority industries.",
                 [("Wuhu", "TARGETS_INDUSTRY", "robotics"), ("Wuhu", "TARGETS_INDUSTRY", "new materials")], [],
                 id="made-priority-industries"),
    pytest.param("Wuhu has named semiconductors as one of its pillar industries, along with robotics.",
                 [("Wuhu", "TARGETS_INDUSTRY", "semiconductors"), ("Wuhu", "TARGETS_INDUSTRY", "robotics")], [],
                 id="named-as-pillar-along-with"),
    pytest.param("Wuhu targets semiconductors.", [("Wuhu", "TARGETS_INDUSTRY", "semiconductors")], [],
                 id="targets-verb"),
    pytest.param("Ruiqi Motors is the chain leader of Wuhu's automotive chain.",
                 [(B, "CHAIN_LEADER_OF", "automobiles")], [], id="chain-leader-of"),
    pytest.param("Dong Ping, deputy mayor and chief of the robotics industrial chain, visited.",
                 [("Dong Ping", "CHAIN_BOSS_OF", "robotics")], [], id="chief-of-the-chain"),
    pytest.param("Baishan Capital's first big bet was a 2bn yuan investment in Ruiqi Motors.",
                 [(A, "INVESTS_IN", B)], [], id="copular-bet-was-an-investment"),
    pytest.param("Baishan Capital backed Ruiqi Motors rather than investing in Qiaoxin Technology.",
                 [(A, "INVESTS_IN", B)], [(A, "INVESTS_IN", D)], id="rather-than-is-not"),
    pytest.param("Baishan Capital backed Ruiqi Motors instead of investing in Qiaoxin Technology.",
                 [(A, "INVESTS_IN", B)], [(A, "INVESTS_IN", D)], id="instead-of-is-not"),
    pytest.param("Qiaoxin Technology invested in Ruiqi Motors after selling Longmen Investment.",
                 [(D, "INVESTS_IN", B)], [(B, "INVESTS_IN", D)], id="sentence-read-as-a-noun-phrase"),
    pytest.param("Ruiqi Motors has run assembly plants within the city of Wuhu for years.",
                 [(B, "LOCATED_IN", "Wuhu")], [], id="plants-within"),
    pytest.param("Qiaoxin Technology tried three cities before settling in Wuhu in 2009.",
                 [(D, "LOCATED_IN", "Wuhu")], [], id="before-settling-is-no-attempt"),
    pytest.param("Gao Lin, director of the Research Center for Urban Finance at Donghu Normal University, spoke.",
                 [("Gao Lin", "WORKS_FOR", "Donghu Normal University")],
                 [("Gao Lin", "WORKS_FOR", "Research Center for Urban Finance")], id="unit-at-university"),
    pytest.param("Gao Lin, dean of the School of Management of Donghu Normal University, spoke.",
                 [("Gao Lin", "WORKS_FOR", "Donghu Normal University")], [], id="unit-of-university"),
    pytest.param("Longmen Investment teamed up with Qiaoxin Technology to form Ruiqi Motors.",
                 [(C, "FOUNDED", B), (D, "FOUNDED", B)], [], id="teamed-up-with-to-form"),
    pytest.param("Ruiqi Motors' first assembly plant opened in 2013 in Wuhu.", [(B, "LOCATED_IN", "Wuhu")], [],
                 id="plant-opened-in"),
    pytest.param("Qiaoxin Technology bought Baishan Capital's 30% stake in Ruiqi Motors.",
                 [(D, "INVESTS_IN", B)], [(D, "INVESTS_IN", A)], id="bought-someones-stake-in"),
    pytest.param("Qiaoxin Technology bought half of Ruiqi Motors.", [(D, "INVESTS_IN", B)], [],
                 id="bought-half-of"),
    pytest.param("Longmen Investment was the company that made the purchase. Baishan Capital held 51 per cent of "
                 "the acquisition vehicle, Qiaoxin Technology 37 per cent and Ruiqi Motors the remaining 12 per cent.",
                 [(A, "CONTROLS", C), (D, "INVESTS_IN", C), (B, "INVESTS_IN", C)],
                 [(A, "CONTROLS", D), (A, "CONTROLS", B), (D, "INVESTS_IN", B)], id="gapped-shares-of-a-description"),
    pytest.param("Longmen Group makes parts. Four years later its parts arm, Dongyao Qianfeng, listed in Shenzhen.",
                 [("Longmen Group", "CONTROLS", "Dongyao Qianfeng")], [], id="its-arm-comma-name"),
    pytest.param("Ruiqi Motors ships parts to Hengtai Jinlong Rare Earth, Baishan Qiaoxin Tungsten's subsidiary in "
                 "Fujian province.", [("Baishan Qiaoxin Tungsten", "CONTROLS", "Hengtai Jinlong Rare Earth")], [],
                 id="comma-multiword-possessive-subsidiary"),
    pytest.param("Longmen Investment, a wholly owned Baishan Capital subsidiary, put in 4 billion yuan.",
                 [(A, "CONTROLS", C)], [(C, "INVESTS_IN", A)], id="wholly-owned-name-subsidiary"),
    pytest.param("Its holders include Qiaoxin Capital, the venture arm of Ruiqi Motors, Baishan Capital and Longmen "
                 "Investment.", [(B, "CONTROLS", "Qiaoxin Capital")],
                 [(A, "CONTROLS", "Qiaoxin Capital"), (C, "CONTROLS", "Qiaoxin Capital")],
                 id="arm-of-a-in-a-list"),
    pytest.param("In 2013 Qiaoxin Technology paid $256 million for Ruiqi Motors, the bankrupt van maker.",
                 [(D, "CONTROLS", B)], [], id="paid-for-a-firm"),
    pytest.param("Ruiqi Motors is owned by the Inner Mongolia regional government.",
                 [("Inner Mongolia provincial government", "CONTROLS", B)], [], id="regional-government-two-words"),
    # ------------------------------------------------------------------ discourse across sentences
    pytest.param("Ruiqi Motors has two plants in Wuhu. So does Qiaoxin Technology, a chipmaker.",
                 [(B, "LOCATED_IN", "Wuhu"), (D, "LOCATED_IN", "Wuhu")], [], id="so-does-x"),
    pytest.param("Baishan Capital has a stake in Ruiqi Motors, and so do the fund Longmen Investment and the "
                 "chipmaker Qiaoxin Technology.", [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B), (D, "INVESTS_IN", B)],
                 [], id="and-so-do-x-and-y"),
    pytest.param("Longmen Investment invests in chips. Its own investors include Baishan Capital, Ruiqi Motors and "
                 "Qiaoxin Technology, a private firm based in Shanghai.", [(A, "INVESTS_IN", C), (D, "INVESTS_IN", C)],
                 [("Shanghai", "INVESTS_IN", C)], id="a-place-describing-a-listed-holder-is-none"),
    pytest.param("Wuhu wants more carmakers. Mayor Sun Wei spoke on Monday.", [("Sun Wei", "WORKS_FOR", "Wuhu")],
                 [], id="mayor-x-in-a-citys-story"),
    pytest.param("Ruiqi Motors makes vans in Wuhu. Chairman Sun Wei spoke on Monday.", [],
                 [("Sun Wei", "WORKS_FOR", "Wuhu")], id="chairman-x-is-no-citys"),
    pytest.param("Hefei is the capital of Anhui. Hefei Party Secretary Sun Wei spoke on Monday.",
                 [("Sun Wei", "WORKS_FOR", "Hefei")], [("Sun Wei", "WORKS_FOR", "Anhui")],
                 id="city-party-secretary-x"),
    pytest.param("In 2018 Qiaoxin Technology set up Ruiqi Motors, a van unit that Dong Min chairs.",
                 [("Dong Min", "WORKS_FOR", B)], [("Dong Min", "WORKS_FOR", D)], id="a-unit-that-x-chairs"),
    pytest.param("Ruiqi Motors has two plants in Wuhu. Qiaoxin Technology, a chipmaker, did the same in 2021.",
                 [(B, "LOCATED_IN", "Wuhu"), (D, "LOCATED_IN", "Wuhu")], [], id="x-did-the-same"),
    pytest.param("Baishan Capital took a stake in Ruiqi Motors. Longmen Investment followed suit.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [], id="x-followed-suit"),
    pytest.param("Baishan Capital took a stake in Ruiqi Motors. Longmen Investment did not do the same.",
                 [(A, "INVESTS_IN", B)], [(C, "INVESTS_IN", B)], id="x-did-not-do-the-same"),
    pytest.param("Longmen Investment (LMI CH)\n- Longmen Investment is a fund. Longmen Investment sells bonds.\n\n"
                 "Ruiqi Motors (RQM CH)\n- Ruiqi Motors builds vans. Early money came from Baishan Capital. A 2021 "
                 "round was led by Qiaoxin Technology.", [(A, "INVESTS_IN", B), (D, "INVESTS_IN", B)],
                 [(A, "INVESTS_IN", C), (D, "INVESTS_IN", C)], id="section-titled-by-a-name"),
    pytest.param("Ruiqi Motors makes vans. Baishan Capital, Longmen Investment and Qiaoxin Technology invested in it.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B), (D, "INVESTS_IN", B)], [(A, "INVESTS_IN", D)],
                 id="object-pronoun-is-none-of-the-subjects"),
    pytest.param("Baishan Capital is a state fund in Hefei. In 2020 it invested in Ruiqi Motors.",
                 [(A, "INVESTS_IN", B)], [], id="it-previous-subject"),
    pytest.param("Ruiqi Motors builds vans in Wuhu. Baishan Capital owns 8% of the carmaker.",
                 [(A, "INVESTS_IN", B)], [], id="the-carmaker"),
    pytest.param("Qiaoxin Technology said on Tuesday it had acquired Ruiqi Motors.", [(D, "CONTROLS", B)], [],
                 id="said-it-is-the-speaker"),
    pytest.param("Ruiqi Motors makes vans. Baishan Capital is its biggest backer.", [(A, "INVESTS_IN", B)], [],
                 id="x-is-its-backer"),
    pytest.param("Ruiqi Motors listed in 2022. Baishan Capital and Longmen Investment were among its cornerstone "
                 "investors.", [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [(C, "INVESTS_IN", A)],
                 id="x-and-y-were-among-its-investors"),
    pytest.param("Longmen Investment runs funds. Baishan Capital invested in Ruiqi Motors in 2015, becoming one of "
                 "its largest shareholders.", [(A, "INVESTS_IN", B)], [(A, "INVESTS_IN", C)],
                 id="becoming-one-of-its-shareholders"),
    pytest.param("Qiaoxin Technology's magnets go into traction motors for Ruiqi Motors.", [(D, "SUPPLIES", B)], [],
                 id="goods-go-into"),
    pytest.param("Baishan Capital's money went into Ruiqi Motors.", [(A, "INVESTS_IN", B)], [(A, "SUPPLIES", B)],
                 id="money-went-into"),
    pytest.param("Qiaoxin Technology became one of the first firms to supply chips to Ruiqi Motors.",
                 [(D, "SUPPLIES", B)], [], id="one-of-the-first-firms-to-supply"),
    pytest.param('Ruiqi Motors Co., Ltd. (0123.HK) ("Ruiqi" or "the Company") builds vans. Qiaoxin Technology, '
                 'a parts maker, is 58% owned by the Company.', [(B, "CONTROLS", D)], [], id="defined-term-the-company"),
    pytest.param('Longmen Automotive Industry Corporation (Group) ("Longmen Group") owns 63% of Ruiqi Motors. '
                 'Longmen Group is itself owned by the Wuhu government.',
                 [("Longmen Automotive Industry Corporation", "CONTROLS", B),
                  ("Wuhu municipal government", "CONTROLS", "Longmen Automotive Industry Corporation")], [],
                 id="defined-term-after-a-bracketed-legal-form"),
    pytest.param("Ruiqi Motors builds vans. Ruiqi Motors sells them abroad. Its van business is carried on by "
                 "Qiaoxin Technology, a wholly owned subsidiary.", [(B, "CONTROLS", D)], [],
                 id="wholly-owned-subsidiary-of-the-firm-in-focus"),
    pytest.param("Donghu National Chip Industry Fund Phase II Co., known in the trade as Donghu Fund II, registered "
                 "in May. Donghu Fund II is backed by Baishan Capital.",
                 [(A, "INVESTS_IN", "Donghu National Chip Industry Fund Phase II")], [], id="known-in-the-trade-as"),
    pytest.param("Ruiqi Motors raised money in May. Ruiqi Motors builds vans. Baishan Capital, Longmen Investment and "
                 "Qiaoxin Technology each put in 2 billion yuan.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B), (D, "INVESTS_IN", B)], [], id="each-put-in-of-the-focus"),
    pytest.param("Ruiqi Motors, whose founder and chief executive Gao Lin had pledged 10bn yuan to vans, grew.",
                 [("Gao Lin", "FOUNDED", B), ("Gao Lin", "WORKS_FOR", B)], [], id="whose-founder-had-pledged"),
    pytest.param("Ruiqi Motors sells vans. Ruiqi Motors Chief Executive Gao Lin told reporters so.",
                 [("Gao Lin", "WORKS_FOR", B)], [("Gao Lin", "WORKS_FOR", "Ruiqi Motors Chief Executive")],
                 id="firm-title-person-compound"),
    pytest.param("Headquartered in Wuhu, Ruiqi Motors is a state-owned van group supervised by Wuhu SASAC.",
                 [("Wuhu SASAC", "CONTROLS", B)], [], id="predicate-noun-supervised-by"),
    pytest.param("\"Anhui puts its van industry first,\" Han Jun, the province's Communist Party secretary, said.",
                 [("Han Jun", "WORKS_FOR", "Anhui")], [], id="province-party-secretary-named-jun"),
    pytest.param("Baishan Capital could become a shareholder of Ruiqi Motors.", [], [(A, "INVESTS_IN", B)],
                 id="could-become-a-shareholder"),
    pytest.param("In May Baishan Capital and Longmen Investment launched the Wuhu Xinqiao Equity Investment Fund for the "
                 "new-energy vehicle chain.", [("Wuhu Xinqiao Equity Investment Fund", "TARGETS_INDUSTRY",
                                               "new energy vehicles"), (A, "FOUNDED", "Wuhu Xinqiao Equity Investment Fund")],
                 [], id="fund-launched-for-a-chain"),
    pytest.param("Ruiqi Motors bases\n- Wuhu, Anhui: Qiaoxin Technology, a wholly owned unit, runs the largest plant.\n"
                 "- Hefei: Longmen Investment.", [(D, "LOCATED_IN", "Wuhu"), (C, "LOCATED_IN", "Hefei")],
                 [(D, "LOCATED_IN", "Hefei")], id="line-labelled-with-a-place"),
    pytest.param("Ruiqi Motors is 25.1% owned by Baishan Capital, 26% by Longmen Investment and 19.9% by Qiaoxin "
                 "Technology.", [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B), (D, "INVESTS_IN", B)],
                 [(A, "CONTROLS", B)], id="decimal-share-on-the-participle"),
    pytest.param("Longmen Investment put money in through Ruiqi Motors, which is controlled by Baishan Capital and "
                 "which took a 19 percent stake in Qiaoxin Technology.", [(A, "CONTROLS", B)], [(A, "INVESTS_IN", B)],
                 id="a-relative-clause-share-is-not-the-antecedents"),
    pytest.param("Ruiqi Motors signed agreements with Hengtai Electronics, Donghai Semiconductor and Qiaoxin Technology, "
                 "which will provide chips and software for its vans.",
                 [("Hengtai Electronics", "SUPPLIES", B), (D, "SUPPLIES", B)],
                 [("Hengtai Electronics", "SUPPLIES", D), ("Donghai Semiconductor", "SUPPLIES", D)], id="its-is-no-lists"),
    pytest.param("Ruiqi Motors counts Baishan Capital (15.29%) as its largest holder, followed by Longmen Investment "
                 "(13.6%) and Qiaoxin Technology (10%).", [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B), (D, "INVESTS_IN", B)],
                 [(A, "INVESTS_IN", C), (A, "INVESTS_IN", D)], id="followed-by-takes-the-role"),
    pytest.param("Ruiqi Motors was registered in 2019 with 20 billion yuan, anchored by Baishan Capital and Longmen "
                 "Investment.", [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [], id="anchored-by-after-a-sum"),
    pytest.param("Baishan Capital and Longmen Investment each subscribed about US$500m of Ruiqi Motors' shares.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B)], [], id="subscribed-a-sum-of-ys-shares"),
    # ------------------------------------------------------------------ notes
    pytest.param("Ruiqi Motors' capital\n- Leads: Baishan Capital; Longmen Investment, owned by Qiaoxin Technology.",
                 [(A, "INVESTS_IN", B), (C, "INVESTS_IN", B), (D, "CONTROLS", C)], [], id="labelled-list-in-a-note"),
]


@pytest.mark.parametrize("text, present, absent", CASES)
def test_frame_construction(graph_of, text, present, absent):
    check(graph_of(text), present, absent)


def test_claims_carry_their_frame_and_measured_confidence(graph_of):
    G = graph_of("Baishan Capital invested 2bn yuan in Ruiqi Motors in 2021.")
    (_, _, data), = [e for e in G.edges(data=True) if e[2]["type"] == "INVESTS_IN"]
    ev = data["evidence"][0]
    assert ev["rule"] == "invest" and 0 < ev["confidence"] <= 1
    assert (data["amount"], data["currency"], data["year"]) == (2e9, "CNY", 2021)

@pytest.mark.parametrize("text, sums", [
    ("Baishan Capital committed 1bn yuan to Ruiqi Motors, alongside 2bn yuan from Longmen Investment and 500m yuan "
     "from Qiaoxin Technology.", {A: 1e9, C: 2e9, D: 5e8}),
    ("Baishan Capital put 1bn yuan into Ruiqi Motors, with Longmen Investment adding 500m yuan.", {A: 1e9, C: 5e8}),
    ("Baishan Capital put 14bn yuan into Ruiqi Motors, while the existing shareholder Longmen Investment added "
     "fresh contributions of 5bn yuan.", {A: 14e9, C: 5e9}),
    ("Baishan Capital invested in Ruiqi Motors alongside Longmen Investment.", {A: None, C: None}),
])
def test_partners_in_a_deal_carry_their_own_sums(graph_of, text, sums):
    G = graph_of(text)
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    got = {names[u]: d.get("amount") for u, v, d in G.edges(data=True) if d["type"] == "INVESTS_IN" and names[v] == B}
    assert got == sums


def test_shares_listed_after_a_passive_go_to_each_holder(graph_of):
    G = graph_of("Ruiqi Global is owned 50% by Ruiqi Motors, with Baishan Capital holding 38%. Ruiqi Global, a "
                 "venture owned 51% by Longmen Investment and 49% by Qiaoxin Technology, makes vans.")
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    got = {(names[u], d["type"]): d.get("stake") for u, v, d in G.edges(data=True) if names[v] == "Ruiqi Global"
           and d["type"] in {"INVESTS_IN", "CONTROLS"}}
    assert got == {(B, "INVESTS_IN"): 50.0, (A, "INVESTS_IN"): 38.0, (C, "CONTROLS"): 51.0, (D, "INVESTS_IN"): 49.0}


# One fact, "Baishan Capital funds Ruiqi Motors", in the many ways reporting states it: each sentence follows a
# context that names both, and must yield the funding edge (a stake or a control edge counts).
FUNDING_FORMS = [
    'Baishan Capital invested 2 billion yuan in Ruiqi Motors last year.',
    'Ruiqi Motors received 2 billion yuan from Baishan Capital.',
    'Ruiqi Motors secured funding from Baishan Capital and Longmen Investment.',
    'Ruiqi Motors raised 3 billion yuan in a Series B round led by Baishan Capital.',
    "Baishan Capital led Ruiqi Motors' 3 billion yuan Series B round.",
    'Baishan Capital took a 15% stake in Ruiqi Motors.',
    'Baishan Capital acquired a 15% stake in Ruiqi Motors for 2 billion yuan.',
    'Baishan Capital bought 15% of Ruiqi Motors.',
    'Baishan Capital is an investor in Ruiqi Motors.',
    "Baishan Capital is among Ruiqi Motors' investors.",
    'Ruiqi Motors counts Baishan Capital among its shareholders.',
    "Ruiqi Motors' shareholders include Baishan Capital and Longmen Investment.",
    'Baishan Capital has backed Ruiqi Motors since 2019.',
    'Ruiqi Motors is backed by Baishan Capital.',
    'Baishan Capital injected 2 billion yuan into Ruiqi Motors.',
    'Baishan Capital poured 2 billion yuan into Ruiqi Motors.',
    "Baishan Capital funded Ruiqi Motors' expansion.",
    'Baishan Capital provided 2 billion yuan of financing to Ruiqi Motors.',
    'Baishan Capital agreed to invest 2 billion yuan in Ruiqi Motors.',
    'Baishan Capital subscribed for new shares in Ruiqi Motors.',
    'Ruiqi Motors sold new shares to Baishan Capital.',
    'Ruiqi Motors placed 100 million new shares with Baishan Capital.',
    "Baishan Capital became Ruiqi Motors' second-largest shareholder.",
    'Baishan Capital holds a 15% stake in Ruiqi Motors.',
    'Baishan Capital owns 15 per cent of Ruiqi Motors.',
    "Baishan Capital's investment in Ruiqi Motors was worth 2 billion yuan.",
    'Ruiqi Motors got 2 billion yuan from Baishan Capital in its latest round.',
    "Baishan Capital participated in Ruiqi Motors' Series C round.",
    "Baishan Capital joined Ruiqi Motors' Series C round.",
    'Baishan Capital and Longmen Investment co-led the round in Ruiqi Motors.',
    'Ruiqi Motors drew investment from Baishan Capital.',
    'Ruiqi Motors attracted 2 billion yuan from Baishan Capital.',
    "Baishan Capital was the lead investor in Ruiqi Motors' Series B.",
    "Ruiqi Motors' Series B investors included Baishan Capital.",
    'Baishan Capital increased its stake in Ruiqi Motors to 20%.',
    'Baishan Capital raised its holding in Ruiqi Motors to 20%.',
    'Baishan Capital is a shareholder of Ruiqi Motors.',
    'Baishan Capital, a shareholder in Ruiqi Motors, declined to comment.',
    'Ruiqi Motors, in which Baishan Capital holds 15%, makes vans.',
    'Ruiqi Motors, backed by Baishan Capital, makes vans.',
    'Ruiqi Motors has Baishan Capital as a shareholder.',
    'Baishan Capital put 2 billion yuan into Ruiqi Motors.',
    'Baishan Capital spent 2 billion yuan on a 15% stake in Ruiqi Motors.',
    'Ruiqi Motors took 2 billion yuan of investment from Baishan Capital.',
    "Ruiqi Motors' backers are Baishan Capital and Longmen Investment.",
    'Baishan Capital financed Ruiqi Motors.',
    'Baishan Capital bankrolled Ruiqi Motors.',
    'Baishan Capital made a 2 billion yuan investment in Ruiqi Motors.',
    "Baishan Capital's stake in Ruiqi Motors rose to 20%.",
    'Baishan Capital will invest 2 billion yuan in Ruiqi Motors.',
    'Baishan Capital has invested in Ruiqi Motors and Longmen Investment.',
    'Baishan Capital, which invested in Ruiqi Motors in 2019, is run by Gao Lin.',
]


@pytest.mark.parametrize("sentence", FUNDING_FORMS)
def test_funding_in_its_many_forms(graph_of, sentence):
    G = graph_of("Ruiqi Motors makes vans. Baishan Capital is a fund. " + sentence)
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    edges = {(names[u], d["type"], names[v]) for u, v, d in G.edges(data=True)}
    assert (A, "INVESTS_IN", B) in edges or (A, "CONTROLS", B) in edges, sorted(edges)

# "Qiaoxin Technology supplies Ruiqi Motors", as reporting states it (sentences invented for the test).
SUPPLY_FORMS = [
    'Qiaoxin Technology supplies batteries to Ruiqi Motors.',
    'Qiaoxin Technology is a supplier to Ruiqi Motors.',
    "Qiaoxin Technology is Ruiqi Motors' main battery supplier.",
    "Qiaoxin Technology has been Ruiqi Motors' primary battery supplier since 2019.",
    'Ruiqi Motors buys batteries from Qiaoxin Technology.',
    'Ruiqi Motors sources its batteries from Qiaoxin Technology.',
    'Ruiqi Motors is a customer of Qiaoxin Technology.',
    "Ruiqi Motors is Qiaoxin Technology's largest customer.",
    'Qiaoxin Technology counts Ruiqi Motors among its customers.',
    "Qiaoxin Technology's customers include Ruiqi Motors.",
    'Qiaoxin Technology provides chips to Ruiqi Motors.',
    'Qiaoxin Technology sells its cells to Ruiqi Motors.',
    'Qiaoxin Technology delivers motors to Ruiqi Motors.',
    'Qiaoxin Technology won a contract to supply Ruiqi Motors with batteries.',
    'Qiaoxin Technology signed a supply agreement with Ruiqi Motors.',
    'Ruiqi Motors uses batteries made by Qiaoxin Technology.',
    "Ruiqi Motors' vans use Qiaoxin Technology's batteries.",
    "Ruiqi Motors' vans run on chips from Qiaoxin Technology.",
    "Qiaoxin Technology's batteries power Ruiqi Motors' vans.",
    'Ruiqi Motors ordered 10,000 battery packs from Qiaoxin Technology.',
    "Qiaoxin Technology ships parts to Ruiqi Motors' plant in Wuhu.",
    'Qiaoxin Technology, which supplies Ruiqi Motors, makes batteries.',
    'Qiaoxin Technology, a supplier to Ruiqi Motors, makes batteries.',
    'Ruiqi Motors, a customer of Qiaoxin Technology, makes vans.',
    'Qiaoxin Technology is the sole supplier of batteries to Ruiqi Motors.',
    'Qiaoxin Technology supplies Ruiqi Motors with batteries.',
    'Ruiqi Motors procures its chips from Qiaoxin Technology.',
    'Ruiqi Motors purchases cells from Qiaoxin Technology.',
    'Ruiqi Motors gets its batteries from Qiaoxin Technology.',
    "Qiaoxin Technology is one of Ruiqi Motors' suppliers.",
    'Ruiqi Motors named Qiaoxin Technology as its battery supplier.',
    'Qiaoxin Technology will supply batteries to Ruiqi Motors from 2026.',
    'Qiaoxin Technology supplies cells to Hanlin Motors for its vans and to Ruiqi Motors.',
]


@pytest.mark.parametrize("sentence", SUPPLY_FORMS)
def test_supply_in_its_many_forms(graph_of, sentence):
    G = graph_of("Ruiqi Motors makes vans. Qiaoxin Technology makes batteries. " + sentence)
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    edges = {(names[u], d["type"], names[v]) for u, v, d in G.edges(data=True)}
    assert (D, "SUPPLIES", B) in edges, sorted(edges)
    assert (B, "SUPPLIES", D) not in edges, sorted(edges)


def test_a_supply_agreement_with_a_party_said_to_supply_runs_from_that_party(graph_of):
    # "X signed a supply agreement with Y": X supplies; but "with Y, which will supply cathode to X's base": Y does
    G = graph_of("Ruiqi Motors makes vans. Qiaoxin Technology makes batteries. Ruiqi Motors signed a long-term "
                 "cathode supply agreement with Qiaoxin Technology Co., Ltd., which will supply cathode material to "
                 "the new base.")
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    edges = {(names[u], d["type"], names[v]) for u, v, d in G.edges(data=True)}
    assert (D, "SUPPLIES", B) in edges and (B, "SUPPLIES", D) not in edges, sorted(edges)

# "Baishan Capital controls Ruiqi Motors" and "Baishan Capital founded Ruiqi Motors", as reporting states them.
CONTROL_FORMS = [
    'Baishan Capital controls Ruiqi Motors.',
    'Ruiqi Motors is controlled by Baishan Capital.',
    'Baishan Capital owns Ruiqi Motors.',
    'Ruiqi Motors is wholly owned by Baishan Capital.',
    'Ruiqi Motors is a wholly owned subsidiary of Baishan Capital.',
    'Ruiqi Motors is a subsidiary of Baishan Capital.',
    'Ruiqi Motors, a unit of Baishan Capital, makes vans.',
    "Baishan Capital's subsidiary Ruiqi Motors makes vans.",
    "Baishan Capital's Ruiqi Motors unit makes vans.",
    'Baishan Capital is the parent company of Ruiqi Motors.',
    "Baishan Capital is Ruiqi Motors' controlling shareholder.",
    "Ruiqi Motors' controlling shareholder is Baishan Capital.",
    "Ruiqi Motors' parent, Baishan Capital, declined to comment.",
    'Baishan Capital holds a majority stake in Ruiqi Motors.',
    'Baishan Capital holds 60% of Ruiqi Motors.',
    'Baishan Capital acquired Ruiqi Motors in 2020.',
    'Baishan Capital bought Ruiqi Motors for 2 billion yuan.',
    'Baishan Capital took over Ruiqi Motors.',
    'Baishan Capital took control of Ruiqi Motors.',
    'Baishan Capital completed its acquisition of Ruiqi Motors.',
    'Ruiqi Motors was acquired by Baishan Capital.',
    'Ruiqi Motors was bought by Baishan Capital last year.',
    'Ruiqi Motors was taken over by Baishan Capital.',
    'Ruiqi Motors is majority-owned by Baishan Capital.',
    'Ruiqi Motors is 60% owned by Baishan Capital.',
    'Baishan Capital runs Ruiqi Motors through a holding company.',
    'Ruiqi Motors operates as a subsidiary of Baishan Capital.',
    'Baishan Capital is the sole shareholder of Ruiqi Motors.',
    "Ruiqi Motors is Baishan Capital's wholly owned unit.",
    'Baishan Capital merged Ruiqi Motors into its van business.',
    'Baishan Capital absorbed Ruiqi Motors.',
    'Ruiqi Motors is part of Baishan Capital.',
    'Ruiqi Motors belongs to Baishan Capital.',
    "Baishan Capital's acquisition of Ruiqi Motors closed in May.",
    'Ruiqi Motors became a subsidiary of Baishan Capital in 2021.',
    'Baishan Capital is the actual controller of Ruiqi Motors.',
    'Ruiqi Motors is ultimately controlled by Baishan Capital.',
]
FOUNDING_FORMS = [
    'Baishan Capital founded Ruiqi Motors in 2015.',
    'Ruiqi Motors was founded by Baishan Capital in 2015.',
    'Baishan Capital set up Ruiqi Motors in 2015.',
    'Ruiqi Motors was set up by Baishan Capital.',
    'Baishan Capital established Ruiqi Motors.',
    'Ruiqi Motors was established in 2015 by Baishan Capital.',
    'Baishan Capital created Ruiqi Motors as a van unit.',
    'Baishan Capital launched Ruiqi Motors in 2015.',
    'Ruiqi Motors was co-founded by Baishan Capital and Longmen Investment.',
    'Baishan Capital and Longmen Investment formed Ruiqi Motors as a joint venture.',
    'Ruiqi Motors is a joint venture between Baishan Capital and Longmen Investment.',
    'Ruiqi Motors is a joint venture of Baishan Capital and Longmen Investment.',
    'Ruiqi Motors, a joint venture between Baishan Capital and Longmen Investment, makes vans.',
    'Baishan Capital is the founder of Ruiqi Motors.',
    "Ruiqi Motors' founder, Baishan Capital, declined to comment.",
    'Baishan Capital incubated Ruiqi Motors.',
    'Ruiqi Motors was spun off from Baishan Capital.',
    'Baishan Capital teamed up with Longmen Investment to set up Ruiqi Motors.',
    'Ruiqi Motors was formed in 2015 by Baishan Capital and Longmen Investment.',
]


@pytest.mark.parametrize("sentence, relation", [(s, "CONTROLS") for s in CONTROL_FORMS]
                         + [(s, "FOUNDED") for s in FOUNDING_FORMS])
def test_control_and_founding_in_their_many_forms(graph_of, sentence, relation):
    G = graph_of("Ruiqi Motors makes vans. Baishan Capital is a company. " + sentence)
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    edges = {(names[u], d["type"], names[v]) for u, v, d in G.edges(data=True)}
    assert (A, relation, B) in edges, sorted(edges)
    assert not any(u == B and v == A for u, _, v in edges), sorted(edges)

# "Ruiqi Motors is in Wuhu", as reporting states it.
LOCATION_FORMS = [
    'Ruiqi Motors is based in Wuhu.',
    'Ruiqi Motors, based in Wuhu, makes vans.',
    'Wuhu-based Ruiqi Motors makes vans.',
    'Ruiqi Motors is headquartered in Wuhu.',
    'Ruiqi Motors has its headquarters in Wuhu.',
    "Ruiqi Motors' headquarters are in Wuhu.",
    'Ruiqi Motors has a factory in Wuhu.',
    'Ruiqi Motors operates a plant in Wuhu.',
    'Ruiqi Motors opened a plant in Wuhu in 2020.',
    'Ruiqi Motors built a factory in Wuhu.',
    'Ruiqi Motors is building a new plant in Wuhu.',
    "Ruiqi Motors' Wuhu plant makes vans.",
    "Ruiqi Motors' plant in Wuhu makes vans.",
    'Ruiqi Motors moved its headquarters to Wuhu.',
    'Ruiqi Motors relocated to Wuhu in 2019.',
    'Wuhu is home to Ruiqi Motors.',
    'Wuhu attracted Ruiqi Motors in 2019.',
    'Wuhu lured Ruiqi Motors with subsidies.',
    'Ruiqi Motors set up a research centre in Wuhu.',
    'Ruiqi Motors was founded in Wuhu in 2015.',
    'Ruiqi Motors, a Wuhu carmaker, makes vans.',
    'Ruiqi Motors, a carmaker in Wuhu, makes vans.',
    'The Wuhu carmaker Ruiqi Motors makes vans.',
    'Ruiqi Motors makes its vans in Wuhu.',
    'Ruiqi Motors produces vans at its Wuhu plant.',
    'Ruiqi Motors is registered in Wuhu.',
    'Ruiqi Motors is located in Wuhu.',
    'Ruiqi Motors runs a factory on the outskirts of Wuhu.',
    'Ruiqi Motors broke ground on a plant in Wuhu.',
    "Ruiqi Motors' vans are assembled in Wuhu.",
    'Ruiqi Motors has two production bases, in Wuhu and Hefei.',
    'Ruiqi Motors set up shop in Wuhu.',
]


@pytest.mark.parametrize("sentence", LOCATION_FORMS)
def test_location_in_its_many_forms(graph_of, sentence):
    G = graph_of("Ruiqi Motors makes vans. " + sentence)
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    edges = {(names[u], d["type"], names[v]) for u, v, d in G.edges(data=True)}
    assert (B, "LOCATED_IN", "Wuhu") in edges, sorted(edges)

# "Wuhu targets semiconductors" and "Gao Lin works for Ruiqi Motors", as reporting states them.
TARGETING_FORMS = [
    'Wuhu targets semiconductors.',
    'Wuhu is targeting the semiconductor industry.',
    'Wuhu has made semiconductors a priority industry.',
    'Wuhu named semiconductors as a pillar industry.',
    'Wuhu is betting on semiconductors.',
    'Wuhu aims to build a semiconductor cluster.',
    'Wuhu is pushing hard into semiconductors.',
    'Wuhu has poured money into its semiconductor industry.',
    "Wuhu's plan focuses on semiconductors.",
    "Wuhu's five-year plan prioritises semiconductors and robotics.",
    'Wuhu is cultivating a semiconductor industry chain.',
    'Wuhu is nurturing its semiconductor industry.',
    'Wuhu has set up a fund for semiconductors.',
    'Semiconductors are a priority for Wuhu.',
    'Wuhu lists semiconductors among its key industries.',
    "Wuhu's key industries include semiconductors and robotics.",
    'Wuhu will develop semiconductors.',
    'Wuhu has bet heavily on semiconductors.',
    'Wuhu launched a plan to support semiconductors.',
    'Wuhu wants to build a semiconductor industry worth 50 billion yuan.',
    'Wuhu wants to create an integrated circuit industry by 2027.',
    "Wuhu's semiconductor cluster employs 50,000 people.",
]
POST_FORMS = [
    'Gao Lin is the chairman of Ruiqi Motors.',
    'Gao Lin, chairman of Ruiqi Motors, spoke.',
    'Ruiqi Motors chairman Gao Lin spoke.',
    "Ruiqi Motors' chairman, Gao Lin, spoke.",
    'Gao Lin, who chairs Ruiqi Motors, spoke.',
    'Gao Lin heads Ruiqi Motors.',
    'Gao Lin runs Ruiqi Motors.',
    'Gao Lin leads Ruiqi Motors.',
    'Gao Lin was appointed chief executive of Ruiqi Motors.',
    'Ruiqi Motors appointed Gao Lin as chief executive.',
    'Ruiqi Motors named Gao Lin its new chief executive.',
    'Gao Lin joined Ruiqi Motors in 2019.',
    'Gao Lin works at Ruiqi Motors.',
    'Gao Lin, an engineer at Ruiqi Motors, spoke.',
    'Gao Lin, a Ruiqi Motors executive, spoke.',
    "Gao Lin, Ruiqi Motors' founder and chairman, spoke.",
    'Gao Lin took over as chief executive of Ruiqi Motors in 2020.',
    'Gao Lin became chairman of Ruiqi Motors in 2020.',
    'Gao Lin has been chief executive of Ruiqi Motors since 2018.',
    'Gao Lin, president of Ruiqi Motors, spoke.',
    'Gao Lin, a vice president at Ruiqi Motors, spoke.',
    "Gao Lin, who runs Ruiqi Motors' van unit, spoke.",
    'Gao Lin serves as chairman of Ruiqi Motors.',
    'Gao Lin was hired by Ruiqi Motors in 2019.',
    "Gao Lin is Ruiqi Motors' general manager.",
    '"We will grow," said Gao Lin, chief executive of Ruiqi Motors.',
    '"We will grow," Ruiqi Motors chairman Gao Lin said.',
]


@pytest.mark.parametrize("sentence", TARGETING_FORMS)
def test_targeting_in_its_many_forms(graph_of, sentence):
    G = graph_of("Wuhu is a city in Anhui. " + sentence)
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    edges = {(names[u], d["type"], names[v]) for u, v, d in G.edges(data=True)}
    assert ("Wuhu", "TARGETS_INDUSTRY", "semiconductors") in edges, sorted(edges)


@pytest.mark.parametrize("sentence", POST_FORMS)
def test_posts_in_their_many_forms(graph_of, sentence):
    G = graph_of("Ruiqi Motors makes vans. " + sentence)
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    edges = {(names[u], d["type"], names[v]) for u, v, d in G.edges(data=True)}
    assert ("Gao Lin", "WORKS_FOR", B) in edges, sorted(edges)


def test_building_cars_is_no_industrial_policy(graph_of):
    G = graph_of("Wuhu is a city in Anhui. Wuhu has built cars for decades, but Wuhu has made chips a priority.")
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    edges = {(names[u], d["type"], names[v]) for u, v, d in G.edges(data=True)}
    assert ("Wuhu", "TARGETS_INDUSTRY", "semiconductors") in edges and \
        ("Wuhu", "TARGETS_INDUSTRY", "automobiles") not in edges, sorted(edges)
