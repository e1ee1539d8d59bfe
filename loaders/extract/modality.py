"""Is a relation stated, announced (a plan, a pledge, a deal still to close), hypothetical or negated?

Read from the predicate that carries the relation and the predicates that embed it, never from
anywhere else in the sentence: in "X, which could not be reached for comment, has invested in Y"
the negation and the modal belong to the relative clause, and the investment is stated. The cue
words are the ``modality`` section of ``data/gazetteer/lexicon.yaml``.

>>> from whofunds.loaders.nlp import load_nlp
>>> nlp = load_nlp()
>>> def status(text, word):
...     doc = nlp(text)
...     return modality(next(t for t in doc if t.text == word))
>>> status("Baishan, which could not be reached for comment, has invested in Ruiqi.", "invested")
'stated'
>>> status("Baishan denied that it would invest in Ruiqi.", "invest")
'negated'
>>> status("Baishan said it would invest in Ruiqi.", "invest")
'announced'
>>> status("Baishan is considering an investment in Ruiqi.", "investment")
'hypothetical'
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from .lexicon import load_lexicon

STATED, ANNOUNCED, HYPOTHETICAL, NEGATED = "stated", "announced", "hypothetical", "negated"
NOUNISH = {"NOUN", "PROPN", "NUM", "PRON", "X"}
# How a noun reaches the predicate that states something about it
NOUN_LINKS = {"dobj", "pobj", "nsubj", "nsubjpass", "attr", "oprd", "npadvmod", "conj", "dative", "prep", "acomp"}
# How a clause reaches the clause that embeds it (a relative clause or apposition is its own statement)
CLAUSE_LINKS = {"xcomp", "ccomp", "pcomp", "prep", "acomp", "auxpass"}


@dataclass(frozen=True)
class Cues:
    negation_words: frozenset[str]
    negation_verbs: frozenset[str]
    negation_preps: frozenset[str]
    hypothetical_aux: frozenset[str]
    hypothetical_verbs: frozenset[str]
    hypothetical_adverbs: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    hypothetical_marks: frozenset[str]
    hypothetical_nouns: frozenset[str]
    planned_aux: frozenset[str]
    planned_verbs: frozenset[str]
    planned_adjectives: frozenset[str]
    planned_modifiers: frozenset[str]
    planned_nouns: frozenset[str]
    reporting: frozenset[str]
    adjuncts: frozenset[str]
    intent_verbs: frozenset[str]
    ended_verbs: frozenset[str] = frozenset()
    ended_preps: frozenset[str] = frozenset()
    ended_adverbs: frozenset[str] = frozenset()
    holding_verbs: frozenset[str] = frozenset()


@cache
def cues() -> Cues:
    m = load_lexicon().words["modality"]

    def words(*path):
        node = m
        for p in path:
            node = node.get(p) or {}
        return frozenset(str(w).lower() for w in (node or []))

    return Cues(words("negation", "words"), words("negation", "verbs"), words("negation", "prepositions"),
                words("hypothetical", "auxiliaries"),
                words("hypothetical", "verbs"), words("hypothetical", "adverbs"), words("hypothetical", "modifiers"),
                words("hypothetical", "marks"), words("hypothetical", "nouns"), words("planned", "auxiliaries"),
                words("planned", "verbs"), words("planned", "adjectives"), words("planned", "modifiers"),
                words("planned", "nouns"), frozenset(str(w).lower() for w in m.get("reporting") or []),
                frozenset(str(w).lower() for w in m.get("adjuncts") or []),
                frozenset(str(w).lower() for w in m.get("intent") or []),
                words("ended", "verbs"), words("ended", "prepositions"), words("ended", "adverbs"),
                words("ended", "holding_verbs"))


SOLD_THINGS = {"stake", "share", "holding", "interest", "shareholding", "equity", "position"}


def _holder_says_over(main: Token, c) -> bool:
    """Whether ``main`` (or a verb coordinated with it) says its subject's holding is over: it sold or
    transferred "it" / "its shares" / "that stake", or "no longer holds any shares" / "is no longer a shareholder"."""
    for v in [main, *main.conjuncts]:
        # what was sold is the holding just named: "it", "those shares", "all of its shares" (not "its stake in Z")
        if not phrasal(v).isdisjoint(c.ended_verbs) and any(
                o.dep_ == "dobj" and (o.lower_ in {"it", "them"} or o.lemma_.lower() in SOLD_THINGS and not any(
                    p.dep_ == "prep" and p.lower_ == "in" for p in o.children) or o.lower_ == "all")
                for o in v.children):
            return True
        # "no longer holds any shares", "is no longer a shareholder" (not "no longer makes cars")
        holding = v.lemma_.lower() in c.holding_verbs or v.lemma_ == "be" and any(
            a.dep_ == "attr" and a.lemma_.lower() in {"shareholder", "holder", "investor", "owner"} for a in v.children)
        if holding and any(a.lower_ == "longer" and any(n.lower_ == "no" for n in a.children) for a in v.children):
            return True
    return False


def ended(verb: Token) -> bool:
    """Whether the holding ``verb`` states is over by the text's own account: "held shares in Y from 2017
    until 2022", "held a stake from 2011 but sold it back in 2019", "formerly owned 20% of Y".

    >>> from whofunds.loaders.nlp import load_nlp
    >>> nlp = load_nlp()
    >>> doc = nlp("Baishan held a stake in Ruiqi from 2011, but sold it back to the company in 2019.")
    >>> ended(next(t for t in doc if t.text == "held"))
    True
    >>> ended(next(t for t in nlp("Baishan has held a stake in Ruiqi since 2011.") if t.text == "held"))
    False
    >>> ended(next(t for t in nlp("The city's state-assets office used to own Ruiqi Holding.") if t.text == "own"))
    True
    """
    c = cues()
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    for tok in verb.subtree:
        # "until 2022" on the verb, or on its own "from 2017": not inside a clause of its own further down
        if tok.lower_ in c.ended_preps and tok.dep_ in {"prep", "mark"}:
            up = tok
            while up.i != verb.i and up.dep_ in {"prep", "pobj", "mark", "advcl", "npadvmod", "conj", "cc"}:
                up = up.head
            if up.i == verb.i:
                return True
    if verb.lemma_.lower() in c.holding_verbs and any(
            ch.dep_ == "advmod" and ch.lower_ in c.ended_adverbs for ch in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lower_ == "used" and any(
            ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children):
        return True  # "X used to own Y": no more
    if verb.lemma_.lower() not in {"sell", "divest", "exit"}:
        # "bought 50% in 2019 ...; it no longer holds any shares": a later clause of the same holder says it is over
        subjects = {s.lower_ for s in verb.children if s.dep_ == "nsubj"}
        for other in verb.sent:
            if other.i > verb.i and other.lemma_.lower() in c.holding_verbs and any(
                    a.lower_ == "longer" and any(n.lower_ == "no" for n in a.children) for a in other.children) \
                    and any(s.dep_ == "nsubj" and (s.pos_ == "PRON" or s.lower_ in subjects) for s in other.children):
                return True
    if verb.dep_ == "relcl" and verb.head.dep_ in {"nsubj", "nsubjpass"} and _holder_says_over(verb.head.head, c):
        # "X, which took a 10% stake in 2019, transferred it to Y in 2023 and no longer holds any shares": the
        # holder's own main clause ends what its relative clause began
        return True
    for other in verb.conjuncts:
        if other.i < verb.i or phrasal(other).isdisjoint(c.ended_verbs):
            continue
        if any(s.dep_ in {"nsubj", "nsubjpass"} and s.pos_ != "PRON" for s in other.children):
            continue  # another seller: "A held 20%, and B sold its stake"
        for obj in (o for o in other.children if o.dep_ == "dobj"):
            if obj.lower_ in {"it", "them"} or obj.lemma_.lower() in SOLD_THINGS and any(
                    d.lower_ in {"its", "their", "the", "those", "these", "all"} for d in obj.children):
                return True
    return False


def phrasal(tok: Token) -> set[str]:
    """A verb's lemma and, with its particle, the phrasal verb: 'rule', 'rule out'."""
    lemma = tok.lemma_.lower()
    low = tok.lower_
    # the lemmatizer's guess, and the word itself without its inflection ("hopes" lemmatised as "hop")
    out = {lemma, low, low[:-1] if low.endswith("s") else low, low[:-2] if low.endswith("ed") else low}
    for c in tok.children:
        if c.dep_ in {"prt", "advmod", "prep"} and c.i == tok.i + 1:
            out.add(f"{lemma} {c.lower_}")
    return out


def governors(tok: Token, role: bool = False) -> list[tuple[Token, bool]]:
    """``tok`` and the predicates that embed it, each with whether its own meaning applies
    (a coordinated verb shares its neighbour's auxiliaries, not the neighbour's meaning). ``role``: ``tok``
    names a role ("founder", "shareholder"); in a subject it is who acts, not what is planned ("whose
    founder had pledged ...")."""
    out = [(tok, False)]
    cur = tok
    for _ in range(10):
        head = cur.head
        if head == cur:
            break
        if role and cur.pos_ in NOUNISH and cur.dep_ in {"nsubj", "nsubjpass", "appos", "poss"}:
            break
        if cur.pos_ in NOUNISH and cur.dep_ in NOUN_LINKS:
            out.append((head, True))
        elif cur.dep_ == "prep" and cur.lower_ in cues().adjuncts:
            out.append((head, False))  # "tried several cities before settling in X": the trying is not the settling
        elif cur.dep_ in CLAUSE_LINKS or (cur.dep_ == "advcl" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)):
            out.append((head, True))  # "agreed to buy", "said that ...", "signed a deal to invest"
        elif cur.dep_ == "conj" and cur.pos_ in {"VERB", "AUX"}:
            out.append((head, False))
        elif cur.dep_ == "acl" and head.lemma_.lower() in cues().hypothetical_nouns | cues().planned_nouns:
            out.append((head, True))  # "reports that X had invested ...", "a deal to invest"
        else:
            break
        cur = head
    return out


def modality(trigger: Token, extra: tuple[Token, ...] = (), alone: bool = False, role: bool = False,
             intent: bool = False) -> str:
    """'stated', 'announced', 'hypothetical' or 'negated' for the relation ``trigger`` states;
    ``extra`` are words whose own determiners count too (a verb's object: "has no stake"); ``alone``:
    the trigger's own words only (a verb the parser misattached has no trustworthy governors); ``intent``:
    the relation is an aim itself (a city's industrial policy), so "wants to", "seeks to" announce it."""
    c = cues()
    planned = hypothetical = False
    chain = [(trigger, False)] if alone else governors(trigger, role)
    for n, (tok, meaning) in enumerate(chain):
        lemmas = phrasal(tok)
        if tok.pos_ == "VERB" and tok.left_edge.i >= 2 and \
                " ".join(t.lower_ for t in tok.doc[tok.left_edge.i - 2:tok.left_edge.i]) in c.negation_preps:
            return NEGATED  # "bought A rather than investing in B" (however the parser hangs "instead of")
        if tok.dep_ == "pcomp" and tok.head.lower_ in c.negation_words:
            return NEGATED  # "controls Y without owning a share in it"
        if (n > 0 or tok.pos_ == "VERB") and lemmas & c.planned_verbs and any(
                other.i > tok.i and phrasal(other) & c.negation_verbs and not any(
                    s.dep_ in {"nsubj", "nsubjpass"} and s.pos_ != "PRON" for s in other.children)
                for other in tok.conjuncts):
            return NEGATED  # "had planned to buy X but dropped the plan": the plan is off
        if meaning and n > 0:
            if lemmas & c.negation_verbs:
                return NEGATED
            if intent and lemmas & c.intent_verbs:
                planned = True  # "Wuhu wants to build a chip industry": the wanting is the policy
            elif lemmas & c.hypothetical_verbs or lemmas & c.hypothetical_nouns:
                hypothetical = True
            if lemmas & c.planned_verbs or (tok.pos_ == "ADJ" and tok.lemma_.lower() in c.planned_adjectives) \
                    or tok.lemma_.lower() in c.planned_nouns:
                planned = True
        for child in tok.children:
            low, dep = child.lower_, child.dep_
            if dep == "neg" or (dep in {"det", "advmod", "preconj"} and low in c.negation_words):
                return NEGATED
            if dep == "advmod" and any(g.lower_ in c.negation_words for g in child.children):
                return NEGATED  # "no longer supplies"
            if dep == "aux" and child.tag_ == "MD":
                if low in c.planned_aux:
                    planned = True
                elif low in {"would", "'d"}:
                    if not any(g.lemma_.lower() in c.reporting for g, _ in chain[n + 1:]):
                        hypothetical = True
                    else:
                        planned = True
                elif low in c.hypothetical_aux:
                    hypothetical = True
            if dep == "advmod" and low in c.hypothetical_adverbs:
                hypothetical = True
            if dep == "mark" and low in c.hypothetical_marks:
                hypothetical = True
            if dep == "amod" and low in c.hypothetical_modifiers:
                hypothetical = True
            if dep == "amod" and low in c.planned_modifiers:
                planned = True
            if dep == "prep" and low == "in" and any(o.lemma_.lower() in {"talk", "negotiation", "discussion"}
                                                     for o in child.children):
                hypothetical = True  # "is in talks to buy"
        if tok.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in c.hypothetical_marks for m in tok.children):
            hypothetical = True
    for word in extra:
        if any(ch.dep_ == "det" and ch.lower_ in c.negation_words for ch in word.children):
            return NEGATED
    if hypothetical:
        return HYPOTHETICAL
    return ANNOUNCED if planned else STATED
