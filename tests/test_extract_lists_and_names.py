"""Extraction of lists, defined terms, zones and owners named around a firm, construction by construction.

Covers: a city's list of chain leaders labelled by industry; a longer defined term ("the Target Company")
over a shorter one inside it ("the Company"); a legal form's full stop inside a sentence and a semicolon
list of investors named in the next sentence; "majority-owned by"; "its project arm"; "a subsidiary set up
in"; money put into a round of a firm; "&" inside a name; "formally X"; a reflexive pronoun is no object;
zones named the Chinese way; a foreign country's organisation. Every sentence is written here with invented
names, and each positive case sits beside a near miss.
"""
from __future__ import annotations

import pytest

from test_extract_constructions import check, edges, graph_of, nlp, node  # noqa: F401 - fixtures

CHAIN_LIST = """Hefei has a chain system. The meeting named the chain leaders for 2025:

- New energy vehicles: Quorra Auto, which built 800,000 vehicles, and Harlan Motors Group;
- Integrated circuits: Tangram Semiconductor, the Hefei foundry established by Beixin Capital Investment Holding;
"""


def test_a_list_of_chain_leaders_labelled_by_industry(graph_of):
    G = graph_of(CHAIN_LIST)
    check(G, [("Quorra Auto", "CHAIN_LEADER_OF", "new energy vehicles"),
              ("Harlan Motors Group", "CHAIN_LEADER_OF", "new energy vehicles"),
              ("Tangram Semiconductor", "CHAIN_LEADER_OF", "semiconductors"),
              ("Hefei", "TARGETS_INDUSTRY", "semiconductors")],
          # a founder named inside the item's description leads nothing
          [("Beixin Capital Investment Holding", "CHAIN_LEADER_OF", "semiconductors")])


NUMBERED_CHAIN_NOTICE = """Notice of the Wuhu Municipal People's Government on the 2025 Chain Chiefs

The chain chiefs for 2025 are as follows:

(1) Phosphorus chemicals chain: Comrade Xiong Zhenglin, Secretary of the CPC Wuhu Municipal Committee;
(2) New energy batteries chain: Comrade Li Jianbo, Mayor of Wuhu;
(3) Biomedicine chain: Comrade Tan Lixia, Vice-Mayor.

After review, the following enterprises are confirmed as chain-leader enterprises for 2025:

Phosphorus chemicals: Harlan Chemicals Group Co., Ltd., a major producer of phosphates; and Quorra Chemical Industry \
Co., Ltd., a producer of fertilisers. Harlan Chemicals is controlled by Beixin Holding Co., Ltd.

New energy batteries: Tangram Recycling Technology Co., Ltd., whose recycling park is in Wuhu.
"""


def test_numbered_and_unbulleted_labelled_chain_lists(graph_of):
    G = graph_of(NUMBERED_CHAIN_NOTICE)
    check(G, [("Xiong Zhenglin", "CHAIN_BOSS_OF", "phosphorus chemicals"),
              ("Li Jianbo", "CHAIN_BOSS_OF", "new energy batteries"),
              ("Tan Lixia", "CHAIN_BOSS_OF", "biomedicine"),
              ("Harlan Chemicals Group", "CHAIN_LEADER_OF", "phosphorus chemicals"),
              ("Quorra Chemical Industry", "CHAIN_LEADER_OF", "phosphorus chemicals"),
              ("Tangram Recycling Technology", "CHAIN_LEADER_OF", "new energy batteries")],
          # a later sentence of an item leads nothing; "Comrade" is a title, no firm
          [("Beixin Holding", "CHAIN_LEADER_OF", "phosphorus chemicals")])
    assert node(G, "Comrade") is None


def test_an_industry_labelled_list_without_a_chain_lead_in_names_no_leaders(graph_of):
    text = CHAIN_LIST.replace("The meeting named the chain leaders for 2025:", "Output last year:")
    G = graph_of(text)
    assert not [e for e in edges(G) if e[1] == "CHAIN_LEADER_OF"]


def test_a_longer_defined_term_wins_over_a_shorter_one_inside_it(graph_of):
    G = graph_of('Quorra Electronic Co., Ltd. (the "Company") approved a capital increase of Quorra Power '
                 'Technology Co., Ltd. (the "Target Company"). The Target Company supplies battery cells to '
                 'Harlan Motors. The Company holds 73.2% of the Target Company.')
    check(G, [("Quorra Power Technology", "SUPPLIES", "Harlan Motors"),
              ("Quorra Electronic", "CONTROLS", "Quorra Power Technology")],
          [("Quorra Electronic", "SUPPLIES", "Harlan Motors")])


def test_investors_listed_by_semicolons_after_legal_forms(graph_of):
    G = graph_of('Three investors will subscribe for new registered capital of Quorra Power for RMB 2.5 billion. '
                 'They are Beixin State-owned Capital Operation Co., Ltd. ("Beixin Capital"), which will '
                 'contribute RMB 1.2 billion; Harlan Hengjian Investment Holding Co., Ltd. ("Hengjian"), RMB 800 '
                 'million; and Tangram New Energy Industry Fund, RMB 500 million.')
    check(G, [("Beixin State-owned Capital Operation", "INVESTS_IN", "Quorra Power"),
              ("Harlan Hengjian Investment Holding", "INVESTS_IN", "Quorra Power"),
              ("Tangram New Energy Industry Fund", "INVESTS_IN", "Quorra Power")])


def test_a_legal_forms_full_stop_ends_no_sentence(nlp):
    doc = nlp('They are Beixin Capital Co., Ltd. ("Beixin"), which will contribute RMB 1.2 billion.')
    assert len(list(doc.sents)) == 1
    assert len(list(nlp("They hired Beixin Capital Co., Ltd. The deal closed.").sents)) == 2


def test_a_list_items_label_of_up_to_six_words_is_a_sentence_of_its_own(nlp):
    doc = nlp("- Commercial vehicles in the US: Lumo Cells, a plant in Ohio, is owned 60% by Harlan Power.")
    assert [s.text.strip() for s in doc.sents][0] == "- Commercial vehicles in the US:"
    # a sentence with a colon in its middle is no label
    doc = nlp("Harlan Power said it had one aim in buying Lumo Cells, which was plain: to win the US market.")
    assert len(list(doc.sents)) == 1


def test_a_world_region_is_no_firm(graph_of):
    G = graph_of("Beixin Chemical ships separator film to plants in Europe and Southeast Asia, and sells to North "
                 "America. Harlan Europe Holdings owns a plant in Poland.")
    assert not [e for e in edges(G) if e[1] == "SUPPLIES"]
    assert node(G, "Europe") is None and node(G, "United States") is None
    assert node(G, "Harlan Europe Holdings", "Firm") is not None


def test_majority_owned_as_an_adjective(graph_of):
    G = graph_of("Wuhu Jiantou is a state platform. Wuhu Ruijian Development Co., a vehicle majority-owned by "
                 "Wuhu Jiantou, holds a further 15% of Quorra Motors.")
    check(G, [("Wuhu Jiantou", "CONTROLS", "Wuhu Ruijian Development"),
              ("Wuhu Ruijian Development", "INVESTS_IN", "Quorra Motors")],
          [("Wuhu Jiantou", "CONTROLS", "Quorra Motors")])


def test_its_arm_in_an_apposition_is_another_firms(graph_of):
    G = graph_of("Quorra Power makes inverters in Hefei. Quorra Power sells them abroad. Quorra Renewables "
                 "Development, its wholly owned project arm, builds solar farms.")
    check(G, [("Quorra Power", "CONTROLS", "Quorra Renewables Development")])


def test_a_subsidiary_set_up_is_the_story_firms(graph_of):
    G = graph_of("Quorra Power makes inverters in Hefei. Quorra Power sells them abroad. Quorra Hydrogen, a "
                 "subsidiary set up in 2019, makes electrolysers.")
    check(G, [("Quorra Power", "CONTROLS", "Quorra Hydrogen")])
    # with its parent named, the text's firm is not guessed
    G = graph_of("Quorra Power makes inverters in Hefei. Quorra Power sells them abroad. Quorra Hydrogen, a "
                 "subsidiary of Harlan Group, makes electrolysers.")
    check(G, [("Harlan Group", "CONTROLS", "Quorra Hydrogen")], [("Quorra Power", "CONTROLS", "Quorra Hydrogen")])


def test_money_put_into_a_round_of_a_firm(graph_of):
    G = graph_of("The Hangzhou municipal government put 3 billion yuan into a pre-IPO round of Quorra Motors in "
                 "July 2021 that was led by Harlan Capital.")
    check(G, [("Hangzhou municipal government", "INVESTS_IN", "Quorra Motors")],
          [("Hangzhou municipal government", "INVESTS_IN", "Harlan Capital")])


def test_an_ampersand_and_formally_make_one_entity(graph_of):
    G = graph_of("Yizhuang Quorra, formally Beijing Quorra International Investment & Development, committed "
                 "1bn yuan to the Beijing Harlan Equity Investment Fund.")
    assert node(G, "Development") is None
    check(G, [("Beijing Quorra International Investment & Development", "INVESTS_IN",
               "Beijing Harlan Equity Investment Fund")])
    assert node(G, "Yizhuang Quorra") == node(G, "Beijing Quorra International Investment & Development")


def test_a_reflexive_pronoun_is_no_object(graph_of):
    G = graph_of("Quorra Motors opened a plant. How Beijing's E-Town buys itself an industry.")
    assert not [e for e in edges(G) if e[1] == "CONTROLS"]


def test_a_zone_named_the_chinese_way_is_a_district_of_its_city(graph_of):
    G = graph_of("Quorra Quantum Technology makes encryption keys. Quorra Quantum Technology is based in the Hefei High-tech Industrial "
                 "Development Zone.")
    check(G, [("Quorra Quantum Technology", "LOCATED_IN", "Hefei High-tech Industrial Development Zone"),
              ("Hefei High-tech Industrial Development Zone", "LOCATED_IN", "Hefei")])
    assert node(G, "Hefei High-tech Industrial Development Zone", "District") is not None


def test_a_foreign_countrys_organisation_is_in_it(graph_of):
    G = graph_of("Power chips come from Germany's Quorra Technologies and from Japan's robot maker Harlan. "
                 "China's Beixin Fund spreads its bets.")
    check(G, [("Quorra Technologies", "LOCATED_IN", "Germany"), ("Harlan", "LOCATED_IN", "Japan")],
          [("Beixin Fund", "LOCATED_IN", "China")])


def test_the_rest_of_a_holding_is_a_stake_in_what_the_sentence_shared_out(graph_of):
    G = graph_of("Quorra Motors runs its own lending arm, Tianjin Quorra Automotive Finance, which it controls with "
                 "80%; Tianjin Binhai Rural Commercial Bank holds the rest.")
    check(G, [("Tianjin Binhai Rural Commercial Bank", "INVESTS_IN", "Tianjin Quorra Automotive Finance")],
          [("Tianjin Binhai Rural Commercial Bank", "CONTROLS", "Tianjin Quorra Automotive Finance"),
           ("Tianjin Binhai Rural Commercial Bank", "INVESTS_IN", "Quorra Motors")])
    G = graph_of("Beixin Asset Management is owned 62.9% by Wei Jianjun; the rest belongs to Beixin Holdings Group.")
    check(G, [("Beixin Holdings Group", "INVESTS_IN", "Beixin Asset Management")])
    # without a share stated first there is no rest to speak of
    G = graph_of("Quorra Motors makes vans in Wuhu. Tianjin Binhai Rural Commercial Bank holds the rest.")
    assert not [e for e in edges(G) if e[0] == "Tianjin Binhai Rural Commercial Bank" and e[1] in {"INVESTS_IN", "CONTROLS"}]


def test_a_firm_or_zone_named_with_its_place(graph_of):
    G = graph_of("Quorra Group has owned Harlan Appliances of Louisville, Kentucky, since 2016. Harlan Appliances "
                 "makes fridges. Karma Motors builds its cars at a plant in Moreno Valley, California. Karma Motors "
                 "sells them in Nevada. Beixin Cells is headquartered in the Zhongkai High-tech Zone of Huizhou.")
    check(G, [("Harlan Appliances", "LOCATED_IN", "Louisville"), ("Karma Motors", "LOCATED_IN", "Moreno Valley"),
              ("Zhongkai High-tech Zone", "LOCATED_IN", "Huizhou")],
          [("Karma Motors", "LOCATED_IN", "Nevada"), ("Quorra Group", "LOCATED_IN", "Louisville")])


@pytest.mark.parametrize("text, subject, verb", [
    ("In 2019 Quorra Holding invested in Kestrel Motors.", "Holding", "invested"),
    ("On Apr 29 Harlan said it had signed a deal.", "Harlan", "said"),
    ("In March 2021 Beixin Motors bought 20% of Kestrel Motors.", "Motors", "bought"),
])
def test_a_sentence_opening_time_phrase_without_its_comma_leaves_the_subject_its_verbs(nlp, text, subject, verb):
    # read as written, the tagger takes "In 2019 Quorra Holding" for one phrase: "invested" has no subject
    from whofunds.loaders.extract.document import prepare_text

    sdoc = nlp(prepare_text(text))
    name = next(t for t in sdoc if t.text == subject)
    assert (name.dep_, name.head.text) == ("nsubj", verb)


def test_the_opening_time_comma_keeps_offsets_and_evidence_text():
    from whofunds.loaders.extract.document import prepare_text

    text = "In March 2021 Lumen Capital bought 20%. On Apr 29 Quorra said so. In Hefei Quorra built. In May June Li left."
    prepared = prepare_text(text)
    assert len(prepared) == len(text)
    assert prepared == ("In March 2021,Lumen Capital bought 20%. On Apr 29,Quorra said so. In Hefei Quorra built. "
                        "In May June Li left.")  # a place is no time; a month after the phrase may be a name


def test_a_name_introduced_as_anothers_unit_is_a_firm_of_its_own(graph_of):
    G = graph_of("The zone signed an agreement with Xinlian on May 2, 2021. Xinlian, whose founder Li Wei had pledged "
                 "$10bn to electric vehicles, had registered its car unit, Xinlian Auto, in the zone that September. "
                 "Beixin Power is 5% owned by Xinlian Auto.")
    check(G, [("Xinlian", "CONTROLS", "Xinlian Auto"), ("Xinlian Auto", "INVESTS_IN", "Beixin Power")],
          [("Xinlian", "INVESTS_IN", "Beixin Power")])


def test_a_short_name_the_text_does_not_set_apart_is_the_longer_names(graph_of):
    G = graph_of("Xinlian Auto makes electric vans in the zone. Xinlian sold 20,000 of them last year, and Beixin "
                 "Power is 5% owned by Xinlian.")
    assert node(G, "Xinlian") is not None and node(G, "Xinlian") == node(G, "Xinlian Auto")


@pytest.mark.parametrize("text", [
    # the tagger reads "B Capital, invested in C" as a participle on B: the verb is the sentence's, A its subject
    "Harlan Capital, together with Beixin Capital, invested in Quorra Memory Technologies.",
    "Harlan Capital, alongside Beixin Capital, invested in Quorra Memory Technologies.",
    # "B Capital and C Fund" read as one phrase after "together with"
    "Harlan Capital, together with Beixin Capital and Lumen Fund, committed 7 billion yuan to Quorra Memory "
    "Technologies.",
])
def test_companions_of_a_subject_invest_with_it(graph_of, text):
    investors = ["Harlan Capital", "Beixin Capital"] + (["Lumen Fund"] if "Lumen" in text else [])
    check(graph_of(text), [(i, "INVESTS_IN", "Quorra Memory Technologies") for i in investors],
          [("Harlan Capital", "INVESTS_IN", "Beixin Capital")])


STORY = ("Quorra Memory Technologies makes memory chips in Wuhan. Quorra Memory Technologies was set up in 2016 with "
         "registered capital of 38.6 billion yuan. Quorra Memory Technologies had national and provincial founders. "
         "Harlan Group took the largest single share. ")


def test_backers_who_came_in_alongside_put_money_into_the_storys_firm(graph_of):
    G = graph_of(STORY + "The Beixin Industry Investment Fund came in alongside the Lumen Integrated Circuit Fund and "
                         "Tangram Science and Technology Investment Group, the province's technology arm.")
    check(G, [(f, "INVESTS_IN", "Quorra Memory Technologies") for f in
              ("Harlan Group", "Beixin Industry Investment Fund", "Lumen Integrated Circuit Fund",
               "Tangram Science and Technology Investment Group")],
          # not into the investor named last
          [("Beixin Industry Investment Fund", "INVESTS_IN", "Harlan Group")])


def test_figures_that_came_in_are_no_backers(graph_of):
    G = graph_of(STORY + "Sales at Harlan Group came in below forecasts.")
    assert not [e for e in edges(G) if e[1] == "INVESTS_IN" and e[0] != "Harlan Group"]


def test_an_and_between_two_names_splits_them_though_one_has_an_and_inside(graph_of):
    G = graph_of("Lumen Integrated Circuit Industry Investment Fund and Tangram Science and Technology Investment "
                 "Group both invested in Quorra Memory Technologies. Beixin Machinery and Electronics Holding grew.")
    assert node(G, "Lumen Integrated Circuit Industry Investment Fund") is not None
    assert node(G, "Tangram Science and Technology Investment Group") is not None
    assert node(G, "Beixin Machinery and Electronics Holding") is not None


def test_state_capital_names_keep_their_inner_and(graph_of):
    G = graph_of("Lumen Fund Management is a unit of Quorra Industrial Investment and Capital Operation Holding Group.")
    check(G, [("Quorra Industrial Investment and Capital Operation Holding Group", "CONTROLS", "Lumen Fund Management")],
          [])


def test_coal_chemicals_are_an_industry_of_their_own(graph_of):
    G = graph_of("Ordos named its chain chiefs:\n\n- Modern coal chemicals: Vice-mayor Han Lei;\n- Hydrogen energy: "
                 "Mayor Bai Min.")
    assert ("Han Lei", "CHAIN_BOSS_OF", "coal chemicals") in edges(G)
    assert ("Han Lei", "CHAIN_BOSS_OF", "petrochemicals") not in edges(G)


def test_business_words_joined_by_and_stay_one_name(graph_of):
    G = graph_of("The fund's partners include Quorra Sanjiang Investment and Construction Group and Harlan Capital.")
    assert node(G, "Quorra Sanjiang Investment and Construction Group") is not None
    assert node(G, "Construction Group") is None
    # two names, each ending in a business word, are still two
    G = graph_of("Quorra Energy and Harlan Capital invested in Lumen Motors.")
    assert node(G, "Quorra Energy") is not None and node(G, "Harlan Capital") is not None


def test_a_party_committee_is_named_for_its_place(graph_of):
    G = graph_of("Quzhou held a meeting on its industrial chains. Xu Lan, secretary of the municipal Party committee, "
                 "spoke. The CPC Quzhou Municipal Committee and the city government set the chains.")
    committee = node(G, "Quzhou party committee", "GovernmentBody")
    assert committee is not None and len([n for n, d in G.nodes(data=True) if "party committee" in d["name"]]) == 1
    assert ("Xu Lan", "WORKS_FOR", "Quzhou party committee") in edges(G)
    # a committee of another kind keeps its own name
    G = graph_of("Quzhou held a meeting. The Quzhou Municipal Development and Reform Commission spoke.")
    assert node(G, "Quzhou party committee") is None


def test_a_bracketed_place_and_a_hyphened_state_owned_stay_inside_names(graph_of):
    G = graph_of("Its two largest holders are Lumen Holdings (Hongkong) Investment, part of Harlan Group, and "
                 "Quorra Capital. The manager is a subsidiary of Quzhou State-owned Capital Operation Co., Ltd., whose "
                 "sole shareholder is the Quzhou SASAC.")
    assert node(G, "Lumen Holdings (Hongkong) Investment") is not None
    assert ("Quzhou SASAC", "CONTROLS", "Quzhou State-owned Capital Operation") in edges(G)
    assert node(G, "Capital Operation") is None
    # a short form in capitals is no place inside a name
    G = graph_of("Lumen Equipment (LEQ) supplies tools to Quorra Foundry.")
    assert node(G, "Lumen Equipment") is not None


def test_two_firms_each_ending_in_a_business_word_stay_two(graph_of):
    G = graph_of("Hillhouse Capital and Capital Today invested in Quorra Motors.")
    assert node(G, "Capital Today") is not None
    assert not [n for n, d in G.nodes(data=True) if "Capital and Capital" in d["name"]]


def test_a_firm_ending_in_management_and_the_next_name_stay_two(graph_of):
    G = graph_of("In 2012 Quorra Motors sold a 20% stake to Meridian Asset Management and Quayside Investments.")
    check(G, [("Meridian Asset Management", "INVESTS_IN", "Quorra Motors"),
              ("Quayside Investments", "INVESTS_IN", "Quorra Motors")], [])
    # near miss: business words joined before an organisation's head are one name
    G = graph_of("Lumen Fund is a unit of Beixin Investment and Management Group.")
    assert node(G, "Beixin Investment and Management Group") is not None


def test_a_heading_in_capitals_names_nothing(graph_of):
    G = graph_of("Quorra Motors builds vans in Wuhu.\n\nSTATE MONEY\n\nQuorra Motors has leaned on the state. Lumen "
                 "Capital put 2bn yuan into a pre-IPO round in 2021.\n")
    check(G, [("Lumen Capital", "INVESTS_IN", "Quorra Motors")], [])
    assert not [n for n, d in G.nodes(data=True) if d["name"].isupper() and len(d["name"]) > 5]
    # near miss: a name in capitals the body names too stays
    G = graph_of("Quorra Motors builds vans in Wuhu.\n\nBEIXIN\n\nBEIXIN, a Wuhu supplier, sells seats to Quorra Motors.\n")
    assert node(G, "BEIXIN") is not None


def test_investors_in_a_first_close_named_in_the_next_sentence(graph_of):
    G = graph_of("The Quorra Transition Industry Investment Fund has a target size of 10 billion yuan. Three investors "
                 "committed 6 billion yuan to the first close. They are Beixin State-owned Assets Investment Holding "
                 "Group, which put in 3 billion yuan, the Harlan Government Investment Guidance Fund, with 2 billion "
                 "yuan, and Tangram Energy Group, the region's power company, with 1 billion yuan.")
    fund = "Quorra Transition Industry Investment Fund"
    check(G, [("Beixin State-owned Assets Investment Holding Group", "INVESTS_IN", fund),
              ("Harlan Government Investment Guidance Fund", "INVESTS_IN", fund),
              ("Tangram Energy Group", "INVESTS_IN", fund)], [])


@pytest.mark.parametrize("text, present", [
    ("Guizhou Beixin Cloud has been named chain leader for big data, and Quorra Compute for computing power.",
     [("Guizhou Beixin Cloud", "CHAIN_LEADER_OF", "big data"), ("Quorra Compute", "CHAIN_LEADER_OF", "computing power")]),
    ("Each chain also has a designated lead firm: Tangram Battery for power batteries and Harlan Solar for "
     "photovoltaics.", [("Tangram Battery", "CHAIN_LEADER_OF", "batteries"),
                        ("Harlan Solar", "CHAIN_LEADER_OF", "photovoltaics")]),
])
def test_chain_leaders_for_industries_with_the_verb_left_out(graph_of, text, present):
    check(graph_of(text), present, [])


def test_a_name_for_an_industry_without_a_chain_word_leads_nothing(graph_of):
    G = graph_of("Quorra Auto bought a plant from Harlan Motor for batteries.")
    assert not [e for e in edges(G) if e[1] == "CHAIN_LEADER_OF"]


@pytest.mark.parametrize("text, leader, industry", [
    pytest.param("Qingdao named its chain chiefs in May. For rail transit equipment the leader is Harlan Rail Sifang, "
                 "a unit of Harlan Rail Corp.", "Harlan Rail Sifang", "rail transit", id="for-X-the-leader-is"),
    pytest.param("Ordos named chain chiefs for eight chains. For new energy equipment, the chain leader is Quorra "
                 "Green Energy Technology.", "Quorra Green Energy Technology", "new energy equipment",
                 id="for-X-the-chain-leader-is"),
    pytest.param("Weifang has built a hydrogen chain. Lumo Power is its chain-leader enterprise.", "Lumo Power",
                 "hydrogen energy", id="its-chain-leader-after-the-chain-named"),
])
def test_a_chain_leader_whose_industry_the_passage_names_before(graph_of, text, leader, industry):
    assert (leader, "CHAIN_LEADER_OF", industry) in edges(graph_of(text))


@pytest.mark.parametrize("text", [
    pytest.param("Sales rose last year. For batteries the leader is Lumo Power, with a third of the market.",
                 id="market-leader-outside-chains"),
    pytest.param("Ningbo has a chain system. For batteries the market leader is Lumo Power.", id="market-leader"),
])
def test_a_leader_for_an_industry_outside_a_chain_passage_leads_no_chain(graph_of, text):
    assert not [e for e in edges(graph_of(text)) if e[1] in {"CHAIN_LEADER_OF", "CHAIN_BOSS_OF"}]


def test_its_is_no_industry(graph_of):
    G = graph_of("Weifang has a hydrogen chain. Lumo Power is its chain-leader enterprise, as it is for the city's "
                 "power-equipment chain.")
    assert node(G, "IT services") is None


def test_a_firm_that_supplies_people_or_counsel_supplies_nothing(graph_of):
    G = graph_of("Quorra Memory was set up in 2016. Quorra Memory makes flash chips. Harlan Group, the chip "
                 "conglomerate, took the largest share and supplied the first chairman.")
    assert not [e for e in edges(G) if e[1] == "SUPPLIES"]
    G = graph_of("Quorra Cells was set up in 2016. Quorra Cells makes cells. Quorra Cells supplies battery cells and "
                 "packs to Lumo Auto and Harlan Motor, among other carmakers.")
    assert {e for e in edges(G) if e[1] == "SUPPLIES"} == {("Quorra Cells", "SUPPLIES", "Lumo Auto"),
                                                          ("Quorra Cells", "SUPPLIES", "Harlan Motor")}


@pytest.mark.parametrize("text, firm", [
    pytest.param("Ningde has named chain leaders. Quorra Amperex is the chain-leader enterprise for lithium batteries.",
                 "Quorra Amperex", id="is-the-chain-leader-enterprise"),
    pytest.param("Quorra Amperex is a battery maker in Ningde.", "Quorra Amperex", id="is-a-maker"),
])
def test_a_name_a_copula_calls_a_firm_is_a_firm(graph_of, text, firm):
    G = graph_of(text)
    assert node(G, firm, "Firm") is not None and node(G, firm, "Person") is None


def test_a_name_a_copula_gives_a_post_stays_a_person(graph_of):
    G = graph_of("Zhang Wei is the chairman of Lumo Motors, a company in Ningde.")
    assert node(G, "Zhang Wei", "Person") is not None


def test_once_a_city_is_given_its_chains_each_chain_placed_there_is_a_target(graph_of):
    G = graph_of("Jiaxing has named Zhang Wei, the mayor, chain chief of the robotics chain.\n\n- Biomedicine: Lumo "
                 "Pharmaceutical, a Jiaxing drugmaker, leads the biomedicine chain.")
    assert ("Jiaxing", "TARGETS_INDUSTRY", "robotics") in edges(G)
    assert ("Lumo Pharmaceutical", "CHAIN_LEADER_OF", "biomedicine") in edges(G)
    assert ("Jiaxing", "TARGETS_INDUSTRY", "biomedicine") in edges(G)


def test_a_chain_is_a_target_of_the_city_it_is_placed_in(graph_of):
    # a chain whose city the text only implies (the story's, the post's) is that city's target: on the realistic
    # held-out sets this reading was right 11 times in 14 (rule chain-of-place:any)
    G = graph_of("Zhang Wei, the mayor of Jiaxing, is chain chief of the robotics chain. Lumo Pharmaceutical, a Jiaxing "
                 "drugmaker, leads the biomedicine chain.")
    assert ("Jiaxing", "TARGETS_INDUSTRY", "biomedicine") in edges(G)
    # near miss: a chain said to be in another city is that city's, not the home city's of its leader
    G = graph_of("Lumo Pharmaceutical, a Jiaxing drugmaker, leads the biomedicine chain in Hangzhou.")
    assert ("Hangzhou", "TARGETS_INDUSTRY", "biomedicine") in edges(G)
    assert ("Jiaxing", "TARGETS_INDUSTRY", "biomedicine") not in edges(G)


def test_industries_listed_as_a_places_own_are_its_targets(graph_of):
    G = graph_of("The committee lists new-energy vehicles and integrated circuits as two of E-Town's four leading "
                 "industries.")
    assert {("Beijing Economic-Technological Development Area", "TARGETS_INDUSTRY", i)
            for i in ("new energy vehicles", "semiconductors")} <= edges(G)
    # a named subject says whose; "as part of a province's plan" does not
    G = graph_of("Tongyu County has made wind power equipment a priority industry as part of Jilin Province's plan.")
    assert ("Tongyu County", "TARGETS_INDUSTRY", "wind power") in edges(G)
    assert ("Jilin", "TARGETS_INDUSTRY", "wind power") not in edges(G)


def test_a_colon_in_a_plain_sentence_is_no_label_and_a_known_region_is_a_place(graph_of):
    check(graph_of("Quorra Cells supplies two carmakers: Lumo Motors and Zento Auto."),
          [("Quorra Cells", "SUPPLIES", "Lumo Motors"), ("Quorra Cells", "SUPPLIES", "Zento Auto")])
    assert ("Lumo Motors", "LOCATED_IN", "South Africa") in edges(graph_of("Lumo Motors has a plant in South Africa."))


def test_a_firms_supply_chain_is_no_chain_system(graph_of):
    G = graph_of("Lumo Motors builds its supply chain around Hefei. For electric vehicles the leader is still Zento Auto.")
    assert not [e for e in edges(G) if e[1] == "CHAIN_LEADER_OF"]


def test_a_label_of_two_joined_industries_gives_the_chain_both(graph_of):
    G = graph_of("Yibin names chain leaders.\n\nNew-energy and intelligent connected vehicles. The chain leader is Lumo "
                 "Automobile, the city's own carmaker.")
    check(G, [("Lumo Automobile", "CHAIN_LEADER_OF", "new energy vehicles"),
              ("Lumo Automobile", "CHAIN_LEADER_OF", "intelligent connected vehicles")])
    assert ("Lumo Automobile", "CHAIN_LEADER_OF", "new energy") not in edges(G)


def test_chain_leaders_of_the_same_industry_lead_the_one_named_before(graph_of):
    G = graph_of("Deng Wei, a vice-mayor of Chongqing, was named chain boss of the intelligent connected vehicle "
                 "industry in 2022. Lumo Automobile and Zento Group were named chain leaders of the same industry.")
    for firm in ("Lumo Automobile", "Zento Group"):
        assert (firm, "CHAIN_LEADER_OF", "intelligent connected vehicles") in edges(G)


@pytest.mark.parametrize("text, leaders, industry", [
    pytest.param("Quzhou names chain leaders for four chains.\n\nSemiconductors. Two enterprises share the role. Lumo "
                 "Silicon Technology Co., Ltd., a maker of wafers, is a subsidiary of Harlan Microelectronics. Zento "
                 "Electronic Materials Co., Ltd., which produces wet chemicals, is a unit of Quorra Group.",
                 ("Lumo Silicon Technology", "Zento Electronic Materials"), "semiconductors", id="share-the-role"),
    pytest.param("Ordos named chain chiefs and leaders. For modern coal chemicals there are two chain leaders. One is "
                 "Lumo Energy Investment Corporation, which runs a coal-to-liquids plant. The other is Zento Coal Group, "
                 "a coal company headquartered in Ordos.", ("Lumo Energy Investment", "Zento Coal Group"),
                 "coal chemicals", id="one-is-the-other-is"),
])
def test_chain_leaders_counted_then_named_one_sentence_each(graph_of, text, leaders, industry):
    G = graph_of(text)
    for leader in leaders:
        assert (leader, "CHAIN_LEADER_OF", industry) in edges(G)
    assert ("Harlan Microelectronics", "CHAIN_LEADER_OF", industry) not in edges(G)


def test_two_who_share_a_role_outside_a_chain_text_lead_no_chain(graph_of):
    G = graph_of("Semiconductors. Two executives share the role. Lumo Silicon Technology hired Zhang Wei. Zento "
                 "Electronic Materials hired Li Na.")
    assert not [e for e in edges(G) if e[1] == "CHAIN_LEADER_OF"]


def test_a_chain_leader_for_both_leads_each_chain_named_before(graph_of):
    G = graph_of("Hefei lists photovoltaics and new energy storage among its priority industrial chains and has named "
                 "Lumo Power Supply the chain leader for both.")
    for industry in ("photovoltaics", "energy storage"):
        assert ("Lumo Power Supply", "CHAIN_LEADER_OF", industry) in edges(G)


def test_named_x_the_chain_leader_where_the_parser_makes_x_a_second_predicate(graph_of):
    G = graph_of("Lumo Power Supply is based in Hefei. Lumo Power Supply makes inverters. The city lists photovoltaics "
                 "and new energy storage among its priority industrial chains and has named Lumo the chain leader for "
                 "both.")
    assert ("Lumo Power Supply", "CHAIN_LEADER_OF", "photovoltaics") in edges(G)


def test_a_post_given_with_the_after_a_name_is_held_in_the_place_the_text_is_about(graph_of):
    text = "Jilin wants suppliers to come. Jilin has a plan. Hu Yuting, the governor, has called cars a pillar."
    assert ("Hu Yuting", "WORKS_FOR", "Jilin") in edges(graph_of(text))
    # "X, a vice-governor," says what kind of official X is, not where
    text = "Jilin wants suppliers to come. Jilin has a plan. Hu Yuting, a former governor of Hainan, visited."
    assert ("Hu Yuting", "WORKS_FOR", "Jilin") not in edges(graph_of(text))


def test_a_title_before_a_founders_name_is_held_in_what_was_founded(graph_of):
    G = graph_of("Lumo Robotics, headquartered in Shenzhen and co-founded in 2014 by chief executive Qiu Chunming, "
                 "listed in Hong Kong in January.")
    assert ("Qiu Chunming", "WORKS_FOR", "Lumo Robotics") in edges(G)
    G = graph_of("Lumo Robotics was praised by chief executive Qiu Chunming of Zento Motors.")
    assert ("Qiu Chunming", "WORKS_FOR", "Lumo Robotics") not in edges(G)


def test_a_hyphenated_post_after_a_firms_name_is_held_there(graph_of):
    G = graph_of("Zhang Hui, a Harlan Group vice-president, is Lumo Auto's chairman.")
    check(G, [("Zhang Hui", "WORKS_FOR", "Harlan Group"), ("Zhang Hui", "WORKS_FOR", "Lumo Auto")])


@pytest.mark.parametrize("text, pairs", [
    pytest.param("Shangrao has named chain chiefs. Zento Solar and Lumo Energy were designated chain-leader enterprises "
                 "for the photovoltaic industry.", [("Zento Solar", "photovoltaics"), ("Lumo Energy", "photovoltaics")],
                 id="were-designated-chain-leader-enterprises"),
    pytest.param("Shangrao has named chain chiefs. Zento Solar leads the photovoltaic chain and Lumo Optical the optics "
                 "chain.", [("Zento Solar", "photovoltaics"), ("Lumo Optical", "optoelectronics")],
                 id="leads-the-chain-gapped"),
])
def test_chain_leaders_designated_in_the_passive_or_gapped_after_leads(graph_of, text, pairs):
    G = graph_of(text)
    for firm, industry in pairs:
        assert (firm, "CHAIN_LEADER_OF", industry) in edges(G)


def test_a_firm_that_leads_a_market_gapped_leads_no_chain(graph_of):
    G = graph_of("Zento Solar leads the market for wafers and Lumo Optical the market for lenses.")
    assert not [e for e in edges(G) if e[1] == "CHAIN_LEADER_OF"]


def test_a_list_the_parser_hangs_as_appositions_gives_every_name(graph_of):
    # "to A, B, X's brand C, D and E": B and C hang on A as appositions, the "and" only on a later conjunct
    G = graph_of("Kestrel Robotics Co. has shipped arms to Dongfeng Liuzhou Motor, Chery, Geely's premium brand "
                 "Zeekr, FAW-Volkswagen and Foxconn.")
    check(G, [("Kestrel Robotics", "SUPPLIES", t) for t in ("Dongfeng Liuzhou Motor", "Chery", "Zeekr", "Foxconn")])


def test_a_name_in_apposition_outside_a_list_is_no_other_buyer(graph_of):
    # near miss: "to A, B's brand" with no "and" after it: the apposition describes A
    G = graph_of("Kestrel Robotics Co. has shipped arms to Zeekr, Geely's premium brand, for its new plant.")
    check(G, [("Kestrel Robotics", "SUPPLIES", "Zeekr")], [("Kestrel Robotics", "SUPPLIES", "Geely")])


def test_an_everyday_word_listed_beside_industries_is_one(graph_of):
    G = graph_of("Hefei names chips, displays and cars as the pillars of its industrial strategy. Xiamen lists "
                 "new displays, semiconductors and computers among the key industrial chains in its plan.")
    check(G, [("Hefei", "TARGETS_INDUSTRY", "display screens"), ("Xiamen", "TARGETS_INDUSTRY", "computers")])


def test_an_everyday_word_without_industries_beside_it_is_none(graph_of):
    # near miss: "on display", "panels of experts" are no industries
    G = graph_of("The screens were on display in Hefei, and panels of experts met Borlan Motors there.")
    assert node(G, "display screens") is None


def test_a_name_ending_in_an_industry_word_is_a_firm(graph_of):
    # "Robotics" alone is an industry; after a name word it ends the firm's name, which the model left untyped
    G = graph_of("Kestrel Robotics was co-founded by Li Ming and Zhou Wei in 2016.")
    check(G, [("Li Ming", "FOUNDED", "Kestrel Robotics"), ("Zhou Wei", "FOUNDED", "Kestrel Robotics")])
    # near miss: the industry word after a determiner or a sentence's opening word stays an industry
    G = graph_of("Lianshan wants robotics firms. The Robotics industry grew fast in the city.")
    assert node(G, "The Robotics") is None and node(G, "Robotics", "Firm") is None


def test_a_fund_of_funds_is_one_name(graph_of):
    G = graph_of("Qingdao wants capital. In 2021 the city launched the Qingdao Sci-tech Innovation Fund of Funds.")
    check(G, [("Qingdao", "FOUNDED", "Qingdao Sci-tech Innovation Fund of Funds")])
    # near miss: "of" after a fund before anything but "Funds" is no part of its name
    G = graph_of("Tessor sold 5% of its shares to the Qingdao Sci-tech Innovation Fund of the city.")
    assert node(G, "Qingdao Sci-tech Innovation Fund", "Fund") is not None


def test_an_ampersand_name_keeps_its_co(graph_of):
    # "Lynk & Co": "Co" after "&" is the name's own word, not a legal form to drop
    G = graph_of("In 2025 Norvik Motors took control of Lynk & Co, a car brand registered in Ningbo.")
    names = {d["name"] for _, d in G.nodes(data=True)}
    assert "Lynk & Co" in names and "Lynk &" not in names, names
