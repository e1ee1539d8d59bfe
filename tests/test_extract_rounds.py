"""Backers of a funding round told over several sentences, construction by construction.

Covers: a raise whose lead investor is named, followed by backers that "also took part", "added" money or
"followed in later rounds"; a sentence that names no raise before it gives none of these a target. Every
sentence is written here with invented names, and each positive case sits beside a near miss.
"""
from __future__ import annotations

from test_extract_constructions import check, graph_of, nlp  # noqa: F401 - fixtures

PROFILE = ("Kestrel Robotics makes warehouse robots in Jiaxing. Kestrel Robotics has grown fast, and Kestrel now "
           "sells abroad.\n\n")


def test_backers_after_a_raise_with_its_lead_named(graph_of):
    G = graph_of(PROFILE + "Kestrel Robotics raised 2 billion yuan in March in a round led by Orvena Capital. "
                 "Lorvan Capital and Pellix Ventures also took part. Tarsen Investment added 300 million yuan "
                 "later that month. Brisk Capital, an early backer, followed in later rounds.")
    check(G, [("Orvena Capital", "INVESTS_IN", "Kestrel Robotics"),
              ("Lorvan Capital", "INVESTS_IN", "Kestrel Robotics"),
              ("Pellix Ventures", "INVESTS_IN", "Kestrel Robotics"),
              ("Tarsen Investment", "INVESTS_IN", "Kestrel Robotics"),
              ("Brisk Capital", "INVESTS_IN", "Kestrel Robotics")],
          # a backer named just before is no receiver of the next one's money
          [("Brisk Capital", "INVESTS_IN", "Tarsen Investment"),
           ("Pellix Ventures", "INVESTS_IN", "Lorvan Capital")])


def test_no_raise_told_no_round_joined(graph_of):
    G = graph_of(PROFILE + "Kestrel Robotics opened a second plant in March. Tarsen Logistics added 300 million "
                 "yuan of revenue last year. Brisk Capital joined in 2019 as an adviser. Its chief executive, "
                 "Lin Rao, took part in the opening.")
    check(G, [],
          [("Tarsen Logistics", "INVESTS_IN", "Kestrel Robotics"),
           ("Brisk Capital", "INVESTS_IN", "Kestrel Robotics"),
           ("Lin Rao", "INVESTS_IN", "Kestrel Robotics")])


def test_it_after_a_sentence_about_the_round_is_the_round(graph_of):
    G = graph_of(PROFILE + "The Series C round raised 2 billion yuan. It was led by Borlan Capital.")
    check(G, [("Borlan Capital", "INVESTS_IN", "Kestrel Robotics")])


def test_it_after_a_sentence_about_a_firm_is_no_round(graph_of):
    # near miss: "it" is the firm the sentence before was about, and a firm led by someone takes no money
    G = graph_of("Kestrel Robotics makes warehouse robots in Jiaxing. It was led by Borlan Capital's former "
                 "chief, Qiu Wen.")
    check(G, [], [("Borlan Capital", "INVESTS_IN", "Kestrel Robotics")])


def test_backers_in_a_clause_that_repeats_the_verb_by_do(graph_of):
    G = graph_of("Kestrel Robotics makes warehouse robots in Jiaxing. Kestrel Robotics has grown fast. The Series C "
                 "round raised 2 billion yuan. Lianshan Torch Group joined the round, as did existing shareholders "
                 "Harlan Capital and Vantor Industry Investment Group.")
    check(G, [("Lianshan Torch Group", "INVESTS_IN", "Kestrel Robotics"),
              ("Harlan Capital", "INVESTS_IN", "Kestrel Robotics"),
              ("Vantor Industry Investment Group", "INVESTS_IN", "Kestrel Robotics")],
          # the shareholders are Kestrel's, not of the backer named just before them
          [("Harlan Capital", "INVESTS_IN", "Lianshan Torch Group")])


def test_investors_in_a_round_whose_firm_goes_unsaid_are_the_raisers(graph_of):
    G = graph_of(PROFILE + "Kestrel Robotics raised 4 billion yuan in a round led by Borlan Capital in May. Investors "
                 "in the round included Harlan Fund and Vantor Capital.")
    check(G, [("Harlan Fund", "INVESTS_IN", "Kestrel Robotics"), ("Vantor Capital", "INVESTS_IN", "Kestrel Robotics")])


def test_investors_in_an_industry_are_no_backers_of_the_passages_firm(graph_of):
    # near miss: "in the chip industry" says what they invest in, and it is no firm
    G = graph_of(PROFILE + "Kestrel Robotics raised 4 billion yuan in May. Investors in the chip industry include "
                 "Harlan Fund.")
    check(G, [], [("Harlan Fund", "INVESTS_IN", "Kestrel Robotics")])


def test_money_put_in_by_name_after_a_raise(graph_of):
    G = graph_of(PROFILE + "Kestrel Robotics raised 4 billion yuan in a round led by Borlan Capital in May. Harlan "
                 "Fund and Vantor Capital also put money in.")
    check(G, [("Harlan Fund", "INVESTS_IN", "Kestrel Robotics"), ("Vantor Capital", "INVESTS_IN", "Kestrel Robotics")])


def test_money_put_into_something_else_is_no_backing_of_the_raiser(graph_of):
    # near miss: where the money went is said, and it is not the firm that raised
    G = graph_of(PROFILE + "Kestrel Robotics raised 4 billion yuan in May. Harlan Fund put its own money in shares "
                 "of other firms.")
    check(G, [], [("Harlan Fund", "INVESTS_IN", "Kestrel Robotics")])


def test_a_sum_taken_in_a_raise_just_told(graph_of):
    G = graph_of(PROFILE + "Kestrel Robotics raised 4 billion yuan in a share sale in May. Harlan Fund subscribed about "
                 "US$500m; Lumen Investment took about US$200m, with Vantor Capital also participating.")
    check(G, [("Lumen Investment", "INVESTS_IN", "Kestrel Robotics"),
              ("Vantor Capital", "INVESTS_IN", "Kestrel Robotics")])


def test_a_sum_taken_with_no_raise_in_view_is_no_investment(graph_of):
    # near miss: takings are no stake in anything
    G = graph_of(PROFILE + "Lumen Investment took about US$200m in fees last year.")
    check(G, [], [("Lumen Investment", "INVESTS_IN", "Kestrel Robotics")])
