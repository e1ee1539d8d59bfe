"""Frames matched on a parsed sentence: triggers found by lemma, roles filled, relation chosen.

For every verb or noun whose lemma is a trigger of ``frames.yaml``, :func:`sentence_hits` fills the
frame's source and target roles (see :mod:`roles`), picks the relation (the frame's, or another when
the stake is a majority or a role's type says so: "run" by a person is WORKS_FOR), checks it against
the schema, reads the relation's modality from its predicate and the stake, amount and year around
it, and yields one :class:`FrameHit` per source-target pair. A small token-level layer handles the
fixed constructions the parser gets wrong: shares listed after a passive ("owned 51% by A, 39% by
B"), gapped holdings ("in which A holds 45% and B 40%") and hyphenated modifiers ("a Hefei-based
firm", "a state-owned fund").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from spacy.tokens import Span, Token

from whofunds.graph.records import PRESUMED
from whofunds.graph.schema import SCHEMA

from . import grammar
from .amounts import PERCENT_RE, YEAR_RE, find_money, nearest
from .frames import Frame, trigger_index
from .discourse import REPORTING as REPORTING_VERBS
from .entities import norm_key
from .lexicon import load_lexicon
from .modality import HYPOTHETICAL, NEGATED, ended, modality, phrasal
from .modality import governors as modality_governors
from .roles import EVENTS, FACILITIES, PARTICLES, PLACE_NOUNS, QUANTITIES, SHARE_PARTS, SHARES, Filler, Roles
from ..nlp import LEMMA_FIXES, PREFIXED_LEMMAS

VERBISH = {"VERB", "AUX"}
PLACE_TYPES = {"City", "Province", "District"}
PLACE_REF_TYPES = {"city": "City", "province": "Province", "district": "District"}  # "the city's"
ORG_TYPES = {"Firm", "Fund", "Institution", "GovernmentBody", "Tentative"}
STAKE_NOUNS = {"stake", "share", "holding", "interest", "equity", "shareholding", "half", "third", "quarter",
               "two-thirds", "three-quarters"}
# a share said in words: "bought half of X", "a third of the shares"
FRACTIONS = {"half": 50.0, "third": 33.3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0, "two-thirds": 66.7,
             "three-quarters": 75.0}
PRIORITY_WORDS = {"priority", "priorities", "pillar", "key", "strategic", "leading", "lead", "focus", "core",
                  "flagship", "industry", "chain", "sector", "cluster", "strategy", "mainstay", "backbone",
                  "engine", "emerging", "first", "top", "main", "largest", "biggest"}
NOUNISH = {"NOUN", "PROPN"}
MAJORITY_WORDS = {"majority", "controlling", "sole", "wholly", "fully", "entire", "whole", "outright", "all",
                  "full", "100%"}
MINORITY_WORDS = {"minority", "partly", "partially", "part", "small", "minor", "passive", "jointly", "co-owned",
                  "equal", "equally", "evenly", "halves"}  # "own it in equal halves": no one's majority
OBJECT_TYPES_ANY = {"Firm", "Fund", "Institution", "GovernmentBody", "Person", "City", "Province", "District",
                    "Country", "Industry"}
TENTATIVE_AS = "Firm"
FUNDER_TYPES = {"Firm", "Fund", "Institution", "GovernmentBody", "City", "Province", "District", "Tentative",
                "Person"}
# "..., with Z adding 500m yuan": verbs by which a partner in the same deal puts in its part
PARTNER_VERBS = {"add", "contribute", "put", "provide", "chip", "inject", "commit", "invest", "supply", "take",
                 "subscribe", "pledge", "hold", "own", "keep", "retain", "have", "join", "participate", "follow"}
# Clauses inside a trigger's clause that state something else: their sums and years are not the trigger's
OTHER_CLAUSES = {"relcl", "advcl", "ccomp", "parataxis", "appos", "acl"}  # a name nothing typed yet fills a firm's place


@dataclass(frozen=True)
class FrameHit:
    frame: str
    relation: str
    source: Filler
    target: Filler
    trigger: int  # token index
    status: str  # stated or announced
    stake: float | None = None
    money: dict | None = None
    year: int | None = None


PLACE_RANK = {"District": 0, "City": 1, "Province": 2, "Country": 3}


# verbs by which a person's post ends: "X, who joined as chief executive, left in 2024"
LEAVING = {"leave", "quit", "resign", "retire", "depart", "step down", "step aside", "stand down"}


def capital_of_unsaid(prep: Token) -> bool:
    """"51% of the registered capital", "30% of the shares": the capital of a firm the phrase leaves unsaid."""
    objs = [o for o in prep.children if o.dep_ == "pobj"]
    return bool(objs) and all(o.lemma_.lower() in {"capital", "equity", "share", "stock"}
                              and any(d.lower_ == "the" for d in o.children)
                              and not any(d.dep_ in {"poss", "prep"} for d in o.children) for o in objs)


# words of a sentence that names chain leaders or chain chiefs ("named chain leader for", "a designated lead firm")
CHAIN_LEADER_CUE = re.compile(r"\bchain[\s-]*(?:leader|master|owner)s?\b|\blead(?:ing)? (?:firm|enterprise|company)s?\b")
COUNTS = {"two": 2, "three": 3, "four": 4, "both": 2}
# a paragraph about a city's chain system, not a firm's supply chain
CHAIN_SYSTEM_CUE = re.compile(r"\bchain[\s-]*(?:leaders?|chiefs?|boss(?:es)?|heads?|masters?|owners?)\b"
                              r"|\b(?:industrial|industry|key|priority) chains?\b")
CHAIN_CHIEF_CUE = re.compile(r"\bchain[\s-]*(?:chief|boss|head)s?\b")
# an item of a labelled list: "- Integrated circuits: X", "(2) New energy batteries chain: Comrade Li, Mayor;",
# "3. Biomedicine: Y", or a short label opening a line of its own ("Biomedicine: Y, a maker of ...")
LABELLED_ITEM = re.compile(r"[ \t]*(?P<mark>[-•*][ \t]+|\(?\d{1,2}[.)][ \t]+|\([a-z]\)[ \t]+)?"
                           r"(?P<label>[A-Za-z][^:\n.;,]{1,58}):(?=[ \t]+\S)")


def _measure_only(prep: Token) -> bool:
    """"a round of 3bn yuan", "a round in 2021": a size or a date, never whose the round is."""
    objs = [o for o in prep.children if o.dep_ == "pobj"]
    return bool(objs) and all(o.ent_type_ in {"MONEY", "DATE", "TIME", "PERCENT", "CARDINAL"} for o in objs)


# funding events that are a firm's (or a fund's) own raise: "a pre-IPO round", "a Series B", "the first close"
CLOSINGS = {"close", "closing", "fundraising"}  # a raise told as an event ("the first close was completed")
CLOSING_VERBS = {"complete", "finish", "conclude", "reach", "wrap", "finalise", "finalize", "close"}
FUNDING_EVENTS = {"round", "series", "tranche", "placement", "placing", "financing", "fundraising", "close", "closing",
                  "raise", "offering", "ipo", "increase", "listing", "flotation"}


def _ownerless_event(noun: Token) -> bool:
    """"a pre-IPO round", "the first close": a funding event whose firm the phrase leaves unsaid (not "a bond issue
    by the city", nor a deal or a transaction, which may be anyone's)."""
    lemma = noun.lemma_.lower()
    if lemma not in FUNDING_EVENTS:
        return False
    return not any(
        c.dep_ == "poss" or c.dep_ == "prep" and c.lower_ in {"of", "in", "at", "for", "into", "by"}
        and not _measure_only(c) for c in noun.children)  # ("a round led by X": the investor, no owner)


def _of_an_ownerless_event(prep: Token) -> bool:
    """"in the round", "in a pre-IPO placement": a preposition whose objects are all funding events with no firm."""
    objs = [o for o in prep.children if o.dep_ == "pobj"]
    return bool(objs) and all(_ownerless_event(o) for o in objs)


def most_specific(places: list[Filler]) -> list[Filler]:
    """'in the Jimo district of Qingdao, in Shandong province': the district, not the province too; but 'at a base
    in Hefei, and at a site in Xiapu county' names two places, the larger first: a place is dropped only for a
    smaller one named just before it, which it is what contains."""
    ranked = [p for p in places if p.type in PLACE_RANK]
    return [p for p in places if p.type not in PLACE_RANK or not any(
        PLACE_RANK[q.type] < PLACE_RANK[p.type] and _contains(p, q) for q in ranked)]


FOUNDING_VERBS = {"found", "co-found", "cofound", "establish", "start", "launch", "create"}
# verbs whose object is a holding given up: "sold its stake in Y", "divested its holding", "offloaded the shares"
SELLING_VERBS = {"sell", "divest", "dispose", "offload", "unload", "exit", "dump"}
DEAL_PARTY_SUPPLIES = {"supply", "provide", "deliver", "ship", "sell"}  # "with Y, which will supply X"
CROSS_SENTENCE_PATHS = {"chain-industry", "event-owner"}  # role paths that may find their filler in an earlier sentence
HOME_COUNTRY = "china"  # (as an entity key names it) the country these stories are about
NESTED_WITHIN = 8  # tokens: "the Jimo district of Qingdao, in Shandong province"


def _contains(larger: Filler, smaller: Filler) -> bool:
    """Whether ``larger`` holds ``smaller``: by the gazetteer, or, for a place it lacks, by being named right after
    it ("Xiapu county, in Ningde")."""
    lex = load_lexicon()
    big, small = (_gazetteer_place(f.key.split(":", 1)[-1]) for f in (larger, smaller))
    if big is not None and small is not None:
        return lex.within(small, big)
    return 0 < larger.token - smaller.token <= NESTED_WITHIN


def _gazetteer_place(key_name: str) -> str | None:
    """The gazetteer's name of the place an entity key names ("xi an" -> "Xi'an"), if it lists it."""
    return _gazetteer_keys().get(key_name)


@cache
def _gazetteer_keys() -> dict[str, str]:
    return {norm_key(n): n for n in load_lexicon().places}


def _schema_type(type_: str) -> str:
    return TENTATIVE_AS if type_ == "Tentative" else type_


def _noun_words(tok: Token) -> list[str]:
    """The words of the noun phrase up to ``tok``, hyphens dropped: 'chain-chief' -> ['chain', 'chief']."""
    words: list[str] = []
    i = tok.i
    doc = tok.doc
    while i >= max(0, tok.i - 4):
        t = doc[i]
        if t.text == "-":
            i -= 1
            continue
        if i != tok.i and (t.is_punct or t.is_space):
            break
        text = LEMMA_FIXES.get(t.lower_, t.lemma_.lower()) if i == tok.i else t.lower_
        words[:0] = [w for w in text.split("-") if w]
        i -= 1
    return words


def _phrase(noun: Token):
    """The words of ``noun``'s own phrase, without the clauses that describe it ("X, which is controlled by
    Y and which took a 19% stake in Z": the 19% is no share of X)."""
    stack = [noun]
    while stack:
        t = stack.pop()
        yield t
        stack.extend(c for c in t.children if c.dep_ not in {"relcl", "acl", "advcl", "appos"})


def misread_verb(tok: Token, anchors) -> Token | None:
    """'Haihe Industry Fund invests in robots': the small model tags a verb right after a name as a plural
    noun. When a trigger verb's -s form follows a name (or hangs off one as its conjunct), return the
    name's head token: the verb's subject."""
    if tok.lemma_.lower() not in trigger_index()["verb"] or tok.pos_ != "NOUN":
        return None
    if any(c.dep_ == "nsubj" for c in tok.children) and any(c.dep_ in {"dobj", "prep"} for c in tok.children):
        # "A and B both supply X to Y", "X, which in turn answers to Y": a noun with a subject is a verb
        subject = next(c for c in tok.children if c.dep_ == "nsubj")
        return grammar.antecedent(subject) or subject
    if tok.tag_ != "NNS" or not tok.lower_.endswith("s"):
        return None
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    before = anchors.slot_at(tok.doc[tok.i - 1]) if tok.i > 0 else None
    if tok.dep_ == "relcl" and before is not None and before.key is not None and before.last == tok.i - 1 \
            and before.first > 0 and tok.doc[before.first - 1].lower_ in {"that", "which", "whom"}:
        return tok.doc[before.head]  # "a unit that Dong Min chairs": the name is the subject, the unit the object
    if nxt is None or nxt.pos_ in {"VERB", "AUX", "PUNCT"}:
        return None
    if before is not None and before.key is not None and before.last == tok.i - 1:
        return tok.doc[before.head]
    head = anchors.slot_at(tok.head)
    if tok.dep_ in {"conj", "appos"} and head is not None and head.key is not None and tok.head.i == head.head:
        return tok.head
    return None


def triggers(tok: Token, misread: bool = False) -> list[Frame]:
    """The frames ``tok`` triggers; of noun phrases, the longest that matches ("general partner", not
    "partner"). ``misread``: a verb the tagger read as a noun (see :func:`misread_verb`)."""
    index = trigger_index()
    out: list[Frame] = []
    # (an adjective with a subject and an object is a verb the tagger misread: "A and B own Y equally")
    clause_head = tok.pos_ == "ADJ" and {"nsubj", "dobj"} <= {c.dep_ for c in tok.children}
    if tok.pos_ in VERBISH or (tok.pos_ == "ADJ" and tok.tag_ == "VBN") or clause_head or misread:
        lemma = PREFIXED_LEMMAS.get(tok.lower_, tok.lemma_.lower())
        for particles, frame in index["verb"].get(lemma, ()):
            if particles and not all(any(c.lower_ == p and c.i > tok.i for c in tok.children) for p in particles):
                continue
            out.append(frame)
    if (tok.pos_ in NOUNISH or tok.lower_ == "home" and tok.pos_ == "ADV") and not misread:
        words = _noun_words(tok)
        last = words[-1] if words else tok.lemma_.lower()
        matched = [(len(before), frame) for before, frame in index["noun"].get(last, ())
                   if not before or words[-1 - len(before):-1] == list(before)]
        if matched:
            longest = max(n for n, _ in matched)
            out += [frame for n, frame in matched if n == longest]
    return out


# what a city calls the industries it backs: "Wuhu's key industries", "its pillar sectors"
CONTRIBUTING = {"put", "contribute", "take", "subscribe", "come", "chip", "invest", "provide", "pile", "pitch",
                "inject", "commit", "pay",
                # taking part in the raise itself: "joined the round", "led it", "participated"
                "join", "lead", "co-lead", "participate", "anchor"}


SPEAKING = {"say", "tell", "add", "note", "explain", "write", "state"}


def _speaks(name: Token) -> bool:
    """Whether ``name`` is who says the sentence ("..., chief executive Wang Jun said"): a title before a speaker's
    name is a post in the firm the text is about."""
    return name.dep_ in {"nsubj", "nsubjpass"} and name.head.lemma_ in SPEAKING


def _contributed(trig: Token) -> bool:
    """A verb of putting money into something, in the past ("put in", "took the rest"): what a backer did in a
    raise the text has just told of (not "holds 10%", a holding now)."""
    return trig.pos_ == "VERB" and trig.lemma_.lower() in CONTRIBUTING and trig.tag_ in {"VBD", "VBN"}


CHAIN_ROLES = {"CHAIN_LEADER_OF", "CHAIN_BOSS_OF"}
BACKER_NOUNS = {"investor", "backer", "shareholder", "partner", "contributor", "subscriber", "lp"}
HOLDER_NOUNS = {"shareholder", "investor", "holder", "backer", "stakeholder"}
# frames that may go on with a register the sentences before opened ("Other holders include B and C")
REGISTER_READERS = {"investor-of", "stake-taken", "stake-held-absolute", "split-between", "came-in", "owned-by"}


def _register_kinds(frame, trig: Token) -> tuple[str, ...]:
    """Which earlier statements an unsaid owner at ``trig`` may be taken from (see Discourse.raised_before)."""
    kinds = ("raise", "capital") if _contributed(trig) else ("capital",)
    return kinds + ("register",) if frame.name in REGISTER_READERS else kinds


# frames whose target raised money: a raise with no backer named lets the next sentences name them
RAISE_FRAMES = {"received-money"}
# words that make a place's company its government's own: "state-owned", "municipal", "investment" vehicle
STATE_WORDS = {"state", "state-owned", "state-run", "state-backed", "government", "government-owned", "municipal",
               "provincial", "investment", "financing", "development", "construction", "guidance"}
KEY_MODIFIERS = {"key", "pillar", "priority", "strategic", "leading", "core", "flagship", "main", "top", "dominant",
                 "emerging", "major", "favoured", "favored", "target", "preferred", "mainstay"}

# what "X came from Y" can say of money: "early money", "the funding", "most of the capital"
MONEY_NOUNS = {"money", "funding", "capital", "cash", "backing", "financing", "investment", "funds"}
# what makes a supplier some one buyer's: "the main / sole / principal supplier"
RELATIONAL_MODIFIERS = {"main", "principal", "sole", "key", "primary", "chief", "only", "exclusive", "preferred",
                        "major", "core", "dedicated", "designated"}
NOT_CAPITAL_BODIES = {"alliance", "association", "consortium", "council", "forum", "federation", "union", "committee",
                      "league", "club", "society", "coalition", "platform"}
JOINT_FOUNDERS = {"Firm", "Fund", "GovernmentBody", "Institution"}  # who puts capital in a company it sets up
BUYER_NOUNS = {"customer", "client", "buyer", "user", "market", "carmaker", "automaker", "utility", "operator",
               "company", "firm", "group", "brand", "factory", "plant", "line", "government", "military", "army"}
# what comes from a firm or goes into one and is no goods it sells: its takings, its people, its ideas
NOT_GOODS = {"revenue", "sale", "income", "profit", "earnings", "growth", "demand", "order", "margin", "loss", "cost",
             "idea", "name", "support", "pressure", "competition", "threat", "challenge", "risk", "management", "team",
             "founder", "executive", "staff", "engineer", "talent", "people", "worker", "employee", "manager",
             "director", "chairman", "investor", "shareholder", "owner", "partner", "buyer", "customer", "client",
             "share", "stake", "proceeds", "dividend", "return", "percent", "%", "half", "third", "quarter", "most",
             "rest", "majority", "bulk", "part", "portion", "much", "many", "some", "all", "deal", "offer", "bid",
             "call", "request", "complaint", "statement", "comment", "news", "report", "data", "result", "answer",
             "decision", "approval", "push", "move", "change", "help", "advice", "technology", "know-how", "expertise",
             "ceo", "president", "officer", "head", "boss", "chief", "leader", "criticism", "contribution",
             "interest", "opposition", "praise", "warning", "signal", "inspiration", "pushback", "backlash"}


class SentenceFrames:
    """Frame hits of one sentence."""

    def __init__(self, sent: Span, roles: Roles):
        self.sent = sent
        self.tokens = list(sent)  # made once: every doc[i] makes a new Token object
        self.roles = roles
        self.anchors = roles.anchors
        self.text = roles.anchors.text
        self.share_targets: list[Filler] = []  # what the sentence's last stated share was a share of
        self.stated_share: tuple[int, list[Filler]] | None = None  # a trigger that stated a share of a named firm
        self._semicolons: list[int] | None = None  # where the sentence's semicolons are (see _segment)

    @staticmethod
    def _unnamed_backers(trig: Token) -> bool:
        """Whether who put the money in is a count or class of backers, not a name ("three investors")."""
        who = grammar.subjects(trig) if not grammar.is_passive(trig) else [
            o for a in trig.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        return any(w.lemma_.lower() in BACKER_NOUNS and (w.tag_ == "NNS" or any(c.dep_ == "nummod" for c in w.children))
                   and w.ent_type_ not in {"ORG", "PERSON"} for w in who)

    def _event_owner_in_focus(self, trig: Token, objs: list[Token]) -> tuple[str | None, str | None]:
        """The firm or fund the text is about, when the money went to an unowned event ("the first close")."""
        nouns = [*objs, *grammar.prep_objects(trig, {"to", "in", "into"})]
        for o in nouns:  # "its first close": whose the possessive says
            if o.lemma_.lower() in FUNDING_EVENTS:
                owners = [f for p in grammar.possessors(o) for f in self.roles.expand(p) if f.type in {"Firm", "Fund"}]
                if owners:
                    return owners[0].key, owners[0].type
        if not any(_ownerless_event(o) for o in nouns):
            return None, None
        return self.roles.discourse.focus(trig, types=("Firm", "Fund")) or (None, None)

    def _has_own_industry(self, tok: Token) -> bool:
        """Whether a name carries its own "for <industry>" phrase (a gapped clause: "B for vehicles")."""
        slot = self.anchors.slot_at(tok)
        head = tok.doc[slot.head] if slot is not None else tok
        return any(p.dep_ == "prep" and p.lower_ == "for" and any(
            (s := self.anchors.slot_at(o)) is not None and s.type == "Industry" for o in p.subtree if o is not p)
            for p in head.children)

    def _named_since_share(self, trig: Token, sources: list[Filler]) -> bool:
        """'A paid for 19.9% of Y, and the two set up Z, with A holding 51%': a firm named between the stated
        share and this one (other than the holder and what describes it) is what this share is of."""
        doc = trig.doc
        heads = [doc[slot.head] if (slot := self.anchors.slot_at(doc[s.token])) else doc[s.token] for s in sources]
        own = {t.i for h in heads for t in h.subtree}
        known = {s.key for s in sources} | {t.key for t in self.stated_share[1]}
        return any((slot := self.anchors.slot_at(t)) is not None and slot.key and slot.key not in known
                   and slot.type in ORG_TYPES
                   and t.i not in own for t in doc[self.stated_share[0] + 1:trig.i])

    def hits(self):
        self._note_capital()
        self._note_closing()
        for tok in self.tokens:
            slot = self.anchors.slot_at(tok)
            named = slot is not None and slot.key is not None
            subject = None if named else misread_verb(tok, self.anchors)
            if subject is not None:
                self.roles.misread[tok.i] = subject
            for frame in triggers(tok, misread=subject is not None):
                if named and frame.kind == "noun":
                    continue  # "Weichai Investor Relations Department": a word inside a name triggers nothing
                yield from self._apply(frame, tok)
        yield from self._hyphenated()
        yield from self._named_in_place()
        yield from self._list_in_place()
        yield from self._person_of_org()
        yield from self._labelled_list()
        yield from self._place_labelled_line()
        yield from self._chain_labelled_line()
        yield from self._chain_bracketed_labels()
        yield from self._chain_pairs()
        yield from self._shared_chain_role()

    def _note_capital(self) -> None:
        """"X's registered capital is 5.65bn yuan", "X has registered capital of 38bn yuan": the holdings the
        next sentences list ("A holds 25%", "the remainder is split between B and C") are shares of X."""
        for tok in self.tokens:
            if tok.lemma_.lower() in HOLDER_NOUNS and tok.dep_ == "dobj" and tok.head.lemma_ == "have" \
                    and any(c.dep_ == "nummod" for c in tok.children):
                # "X has 19 shareholders": the holdings the next sentences list are shares of X
                self._note_owner([c for c in tok.head.children if c.dep_ == "nsubj"], tok)
                continue
            if tok.lemma_.lower() != "capital":
                continue
            if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.dep_ == "dobj" \
                    and tok.head.head.head.lemma_ == "have" and tok.head.head.ent_type_ == "MONEY":
                # "X has 344bn yuan of registered capital"
                self._note_owner([c for c in tok.head.head.head.children if c.dep_ == "nsubj"], tok)
                continue
            owners = []
            verb = _capitalising_verb(tok)
            if verb is not None:
                owners = grammar.objects(verb)  # "X, registered in 2023 with US$4bn of capital"
            elif not any(c.lower_ in {"registered", "share", "equity", "paid-in"} for c in tok.children):
                continue
            elif tok.dep_ in {"nsubj", "nsubjpass"}:  # "X's registered capital is ..." (not "33% of its capital")
                owners = [c for c in tok.children if c.dep_ == "poss"]
            elif tok.dep_ == "dobj" and tok.head.lemma_ == "have":  # "X (will) have registered capital of ..."
                owners = [c for c in tok.head.children if c.dep_ == "nsubj"]
            if self._note_owner(owners, tok):
                return

    def _note_closing(self) -> None:
        """"The first close of 20bn yuan was completed in February", "The fund held a first close of 5bn yuan":
        the money the next sentences commit ("X committed 8bn yuan") went to what held the close."""
        for tok in self.tokens:
            if tok.lemma_.lower() not in CLOSINGS:
                continue
            # (the parser may hang "the first close of 20bn yuan" on the sum: the sum's place in the clause)
            node = tok.head if tok.dep_ in {"nmod", "compound"} and tok.head.ent_type_ == "MONEY" else tok
            verb = node.head
            if not (node.dep_ in {"nsubj", "nsubjpass"} and verb.lemma_.lower() in CLOSING_VERBS
                    or node.dep_ == "dobj" and verb.lemma_.lower() in CLOSING_VERBS | {"hold"}):
                continue
            owners = [f for p in grammar.possessors(tok) for f in self.roles.expand(p) if f.type in {"Firm", "Fund"}]
            if not owners and node.dep_ == "dobj":
                owners = [f for x in grammar.subjects(verb) for f in self.roles.expand(x) if f.type in {"Firm", "Fund"}]
            owner = (owners[0].key, owners[0].type) if owners else \
                self.roles.discourse.focus(tok, types=("Fund", "Firm"))
            if owner is not None:
                self.roles.discourse.note_raise(tok, owner[0], owner[1])
                return

    def _note_owner(self, owners: list[Token], tok: Token) -> bool:
        """Note the first named firm or fund among ``owners`` as what the next sentences' holdings are of."""
        for owner in owners:
            # the name itself, or the name in its apposition ("The venture, X Co, will have ..."): a pronoun
            # or a description is not resolved here, where a wrong owner would take every holding after it
            for named in [owner, *[c for c in owner.children if c.dep_ == "appos"]]:
                slot = self.anchors.slot_at(named)
                if slot is not None and slot.key and slot.type in {"Firm", "Fund"}:
                    self.roles.discourse.note_raise(tok, slot.key, slot.type, kind="capital")
                    return True
        return False

    def elliptical(self, hits: list[FrameHit], previous: list[FrameHit]) -> list[FrameHit]:
        """What "so does X" says again of X: "A has plants in Hefei. So does B." (the previous sentence's
        ``previous`` hits about its subject) and "A owns shares, and so do B and C" (this sentence's ``hits``
        about the subject of the clause "so do" is coordinated with). "do" stands in for the predicate; so do
        "B did the same" and "B followed suit"."""
        out = []
        for verb in self.tokens:
            so_does = verb.lemma_ == "do" and verb.pos_ in {"VERB", "AUX"} and any(
                c.dep_ == "advmod" and c.lower_ == "so" and c.i < verb.i for c in verb.children) and not any(
                c.dep_ in {"dobj", "xcomp", "ccomp", "neg"} for c in verb.children)  # not "so did the deal"
            # "A made chips a key industry, and B did the same", "B followed suit": the subject before the verb
            did_same = not so_does and verb.pos_ == "VERB" and not any(c.dep_ == "neg" for c in verb.children) and (
                verb.lemma_ == "do" and any(c.dep_ == "dobj" and c.lower_ == "same" for c in verb.children)
                or verb.lemma_ == "follow" and any(c.dep_ == "dobj" and c.lower_ == "suit" for c in verb.children))
            if not so_does and not did_same:
                continue
            # every name in the subject: the parser makes a tangle of "so do the carmaker A and battery group B"
            fillers = {f.key: f for c in verb.children if c.dep_ in grammar.SUBJECT_DEPS
                       and (c.i > verb.i if so_does else c.i < verb.i)
                       for t in c.subtree if (slot := self.anchors.slot_at(t)) is not None and t.i == slot.head
                       for f in self.roles.expand(t, conjuncts=False)}.values()
            if verb == self.sent.root:
                said = previous
            elif verb.dep_ == "conj":
                said = self._about_subject(hits, verb.head)
            else:
                continue
            out += [replace(h, frame=f"{h.frame}:ellipsis", source=f, money=None, stake=None)
                    for f in fillers for h in said if f.key != h.target.key]
        return out

    def subject_hits(self, hits: list[FrameHit]) -> list[FrameHit]:
        """The hits whose source is the subject of the sentence's main clause: what an elliptical next
        sentence ("So does X") can say again of someone else."""
        return self._about_subject(hits, self.sent.root)

    def _about_subject(self, hits: list[FrameHit], verb: Token) -> list[FrameHit]:
        # what the predicate says of the subject, not what a relative clause or apposition on it says
        subjects = grammar.subjects(verb)
        subject_keys = {f.key for t in subjects for f in self.roles.expand(t)}
        inside_subject = {t.i for s in subjects if s.head == verb for t in s.subtree}
        return [h for h in hits if h.source.key in subject_keys and h.trigger not in inside_subject]

    def _named_for_another_place(self, place: Filler, vehicle: Filler) -> bool:
        """Whether "the city's" reached a place other than the one the vehicle's own name begins with ("Yichun
        Development Group, the city's platform" in a story about Tongxiang: the guess is wrong)."""
        if self.sent.doc[place.token].pos_ == "PROPN" or place.type not in PLACE_RANK:
            return False  # the place is named, not guessed
        guessed = _gazetteer_place(place.key.split(":", 1)[-1])
        words = vehicle.key.split(":", 1)[-1].split()
        named = [_gazetteer_place(" ".join(words[:n])) for n in range(1, min(3, len(words) - 1) + 1)]
        named = [n for n in named if n]
        lex = load_lexicon()
        # "Cangzhou Bohai Development Group, the zone's platform": the zone is within Cangzhou, no other place
        return bool(named) and guessed is not None and not any(
            n == guessed or lex.within(guessed, n) or lex.within(n, guessed) for n in named)

    def _place_the_name_says(self, place: Filler, vehicles: list[Filler]) -> Filler | None:
        """'Wuxi Industry Development Group, the city's state-owned investment group' in a passage about
        another city: the city is the one the vehicle's own name begins with, when that is a place of the kind
        the description says (a city for "the city's"), and all the vehicles name the same one."""
        lex = load_lexicon()
        named = set()
        for vehicle in vehicles:
            words = vehicle.key.split(":", 1)[-1].split()
            first = next((p for n in range(min(3, len(words) - 1), 0, -1)
                          if (p := _gazetteer_place(" ".join(words[:n])))), None)
            named.add(first)
        if len(named) != 1 or None in named:
            return None
        name = named.pop()
        if lex.places[name].type != place.type:
            return None
        key = self.roles.discourse.ents.place_key(name)
        return Filler(key, place.type, place.token) if key else None

    @staticmethod
    def _state_owned_words(noun: Token) -> bool:
        """Whether a noun is called state-owned, or is a place's investment or financing vehicle ("the city's
        state-owned platform", "the municipal investment arm", "the zone's development company"); not "the
        city's largest private investor"."""
        words = {t.lower_ for c in noun.children if c.dep_ in {"amod", "compound", "nmod", "npadvmod"} and c.i < noun.i
                 for t in c.subtree}
        if words & {"private", "privately", "foreign", "listed"}:
            return False
        return bool(words & STATE_WORDS)

    # ------------------------------------------------------------------ one frame at one trigger
    def _apply(self, frame: Frame, trig: Token):
        objs = self.roles.objects(trig) if frame.kind == "verb" else []
        if frame.passive is not None and grammar.is_passive(trig) != frame.passive:
            return
        if frame.not_with and any(c.dep_ in frame.not_with for c in trig.children):
            return
        if frame.objects and not self._objects_fit(frame, objs, frame.objects):
            return
        if frame.not_objects and self._objects_fit(frame, objs, frame.not_objects):
            return
        if "money" in frame.requires and not self._money(trig) and not (
                # "A and B also put money in": money by name, with the particle that says where it went
                any(o.lemma_.lower() in {"money", "cash", "capital", "funds"} and not any(
                    c.dep_ in {"amod", "compound"} for c in o.children) for o in objs)
                and any(c.dep_ == "prt" and c.lower_ in {"in", "into"} for c in trig.children)):
            return
        if "chain" in frame.requires and not self._chain_context(trig):
            return
        if "stake" in frame.requires and not self._stake_words(trig):
            return
        if "event-object" in frame.requires and not any(
                _ownerless_event(o) for o in grammar.prep_objects(trig, {"in", "into", "to", "for"})):
            return
        if "event-subject" in frame.requires and not any(
                t.lemma_.lower() in FUNDING_EVENTS and t.lemma_.lower() not in {"close", "closing"}
                for t in grammar.subjects(trig)) and not self._event_main_verb(trig):
            return
        if "priority" in frame.requires and not self._priority_words(trig, objs):
            return
        if "money-subject" in frame.requires and not any(
                t.lemma_.lower() in MONEY_NOUNS for t in grammar.subjects(trig)):
            return
        if "key-modifier" in frame.requires and not any(
                c.dep_ in {"amod", "compound"} and c.lemma_.lower() in KEY_MODIFIERS for c in trig.children):
            return
        if "event-context" in frame.requires and not (
                any(t.lemma_.lower() in EVENTS and t.pos_ != "PROPN" for t in trig.subtree)
                or self.roles.discourse.raised_before(trig, kinds=("raise",)) is not None) \
                or "event-context" in frame.requires and any(c.dep_ == "xcomp" for c in trig.children):
            # "B and C also took part" after a raise, "joined the round"; not "she joined in 2019", not the
            # "Investment" of a name, and not "pledged to invest", whose inner verb says what was done
            return
        if "state-modifier" in frame.requires and (not self._state_owned_words(trig) or any(
                c.dep_ == "conj" and c.pos_ == "PROPN" and trig.doc[c.left_edge.i - 2].text != "," for c in trig.children)):
            return  # (not an item of a list misread as an apposition: "A, the zone's investment group and B")
        if "copular" in frame.requires and not (trig.dep_ in {"nsubj", "attr"} and trig.head.lemma_ == "be" and any(
                c.dep_ == "det" and c.lower_ == "the" for c in trig.children)):
            return  # "The general partner is X", "X is the manager"; not "which it runs as general partner", nor
            # "X is a fund manager with $50bn": a kind of firm, no one fund's
        if "goods-subject" in frame.requires and not any(
                (t.lemma_.lower() not in MONEY_NOUNS | NOT_GOODS or t.lower_ == "parts") and t.pos_ == "NOUN"
                for t in grammar.subjects(trig)):  # ("part of the money", but "wing parts" are goods)
            return  # goods, not money, people, a firm or its takings: "X's magnets go into ...", "chips come from X"
        role = frame.kind == "noun" and "holder" in frame.source + frame.target  # "founder", "shareholder"
        status = modality(trig, tuple(objs), alone=trig.i in self.roles.misread, role=role,
                          intent=frame.relation == "TARGETS_INDUSTRY")
        if status in {NEGATED, HYPOTHETICAL}:
            return
        if frame.relation in {"INVESTS_IN", "CONTROLS"}:
            verb = trig if frame.kind == "verb" else trig.head if trig.dep_ == "dobj" else None
            if verb is not None and ended(verb):
                return  # "held shares until 2022", "... but sold it in 2019": no holding now
            if frame.kind == "noun" and verb is not None and verb.lemma_.lower() in SELLING_VERBS:
                return  # "X sold its entire 35% stake in Y": the seller's holding is over, and the buyer's is
                # the sale's own frame
        sources = self._fill(frame, trig, frame.source)
        targets = self._fill(frame, trig, frame.target)
        if frame.relation in CHAIN_ROLES and frame.kind == "verb":
            # "A is the chain leader for batteries, B for vehicles, and C leads the steel chain": B, with its own
            # gapped "for" phrase, belongs to the clause before, not to "leads"
            sources = [s for s in sources if not self._has_own_industry(trig.doc[s.token])]
        if "state-modifier" in frame.requires:
            sources = [self._place_the_name_says(s, targets) if any(self._named_for_another_place(s, t)
                                                                    for t in targets) else s for s in sources]
            sources = [s for s in sources if s is not None]
            described = next((c for c in trig.children if c.dep_ == "poss" and c.lower_ in PLACE_REF_TYPES), None)
            if not sources and described is not None:  # "the city's" with no city named before it
                sources = [s for s in [self._place_the_name_says(
                    Filler("", PLACE_REF_TYPES[described.lower_], described.i), targets)] if s is not None]
        extra = self._gapped(frame, trig, sources) if (frame.majority or frame.minority) and sources else []
        if extra:  # "A will subscribe for 51% of the capital, B for 34%": B is a subscriber, not what A buys
            targets = [t for t in targets if t.key not in {s.key for s, _ in extra}]
        name = frame.name + (PRESUMED if frame.presumed else "")
        rest = False  # the rest of a holding, a minority unless said otherwise
        if targets and "absolute-owner" in frame.target and self.share_targets and self._rest_of_shares(trig, objs) \
                and not any(t.key in {x.key for x in self.share_targets} for t in targets):
            # "Y is owned 30% each by A, the unit of B, and by C, with D holding the remaining 10%": the rest of Y,
            # not of the name the absolute clause happens to hang on
            targets = [Filler(t.key, t.type, t.token) for t in self.share_targets]
        if sources and not targets and frame.relation in {"INVESTS_IN", "CONTROLS"} and self.share_targets \
                and self._rest_of_shares(trig, objs):
            # "A holds 76%, with the rest held by B", "...; B holds the rest", "the rest belongs to B": the rest
            # of what the sentence has shared out, a minority unless said otherwise
            targets, name = [Filler(t.key, t.type, t.token) for t in self.share_targets], f"{frame.name}:rest"
        if sources and not targets and frame.relation in {"INVESTS_IN", "CONTROLS"} and self.stated_share \
                and self.stated_share[0] < trig.i \
                and not any(s.key in {t.key for t in self.stated_share[1]} for s in sources) \
                and self._stake(trig, objs, frame) is not None and not self._named_since_share(trig, sources):
            # "A holds 57% of Y; B, a unit of C, holds 21%": a share left unsaid after another trigger of the
            # sentence stated a share of Y is of Y too, not of the firm the story follows
            targets, name = [Filler(t.key, t.type, t.token) for t in self.stated_share[1]], f"{frame.name}:shared"
        if sources and not targets and frame.relation in {"INVESTS_IN", "CONTROLS"} and self._rest_of_shares(trig, objs) \
                and not self._owner_said(frame, trig, objs):
            # "... raised 12.9bn yuan in new capital. A put in the largest share; B took the rest": of the raise
            raised = self.roles.discourse.raised_before(
                trig, {s.key for s in sources}, kinds=_register_kinds(frame, trig))
            if raised is not None:
                targets, name = [Filler(raised[0], raised[1], trig.i)], f"{frame.name}:{raised[2]}"
                rest = True
        if sources and not targets and frame.relation == "WORKS_FOR" and trig.dep_ == "compound":
            # "co-founded in 2014 by chief executive Qiu": a title before a founder's name is held in what was founded
            targets = self._founded_by(trig.head)
        if sources and not targets and frame.relation == "WORKS_FOR" and frame.implicit_target \
                and (founded := self._firm_its_holder_founded(trig)) is not None:
            # "Zeng Wei, chairman, founded X in 2011 with Huang Bo, the vice-chairman": of the firm they founded
            targets, name = [founded], f"{frame.name}:founded"
        if sources and not targets and frame.implicit_target and not self._owner_said(frame, trig, objs) \
                and not self._rest_of_shares(trig, objs) \
                and not (grammar.is_passive(trig) and not (objs and all(self._lemma_meant(o) in EVENTS for o in objs))
                         and not self._event_main_verb(trig) and not self._goods_supplied_by(frame, trig)) \
                and not (frame.kind == "noun" and (trig.dep_ == "appos" and trig.head.text != "-"
                                                   and not self._definite_post(frame, trig)
                                                   or trig.dep_ == "compound"
                                                   and frame.relation == "WORKS_FOR"
                                                   and frame.implicit_target == ("Firm",)
                                                   and not _speaks(trig.head))) \
                and not self._aside(trig) and not grammar.in_ellipsis(trig) \
                and not (frame.relation == "SUPPLIES" and (self._customer_said(trig) or not self._buyer_implied(trig))):
            # "Earlier backers include X", "Y paid $50m for a 5% stake", "a 2021 round was led by X": of the firm
            # the story follows (not "the 70% held by X", a share of something named nearby; not "X, a state
            # investor", a kind of firm; not "Chairman X", a title before a name, which says nothing of whose,
            # though "Mayor X" in a story about a city is its mayor)
            # nor the source's own parent named in its apposition ("X, a Geely unit, put in 4bn")
            doc = self.sent.doc
            heads = [doc[own.head] if (own := self.anchors.slot_at(doc[src.token])) else doc[src.token]
                     for src in sources]
            around = {slot.key for h in heads for t in h.subtree
                      if (slot := self.anchors.slot_at(t)) is not None and slot.key}
            if frame.relation == "INVESTS_IN":
                # "A has committed 1bn yuan, and B is putting in 2bn": a fellow payer in a coordinated clause is
                # no receiver
                fellows = [trig.head] if trig.dep_ == "conj" else []
                fellows += [c for c in trig.children if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}]
                around |= {f.key for v in fellows for x in grammar.subjects(v) for f in self.roles.expand(x)}
            if frame.relation == "SUPPLIES":
                # "X supplies separator film; Y supplies electrolyte": a buyer left unsaid is the firm the passage
                # is about, never one the sentence names for something else
                # (the trigger's own words aside: "the main suppliers are A and B" describes no buyer)
                around |= {f.key for t in self.tokens if t.i != trig.i for f in self.roles.expand(t)}
            # money goes to firms and to funds; what else an unnamed owner is, is a firm
            receivers = frame.implicit_target
            if frame.relation == "WORKS_FOR" and "Province" in receivers and "governor" in trig.lower_:
                receivers = ("Province",)  # a governor's unsaid place is a province
            firms = receivers == ("Firm",)
            raised = self.roles.discourse.raised_before(
                trig, {s.key for s in sources} | around,
                kinds=_register_kinds(frame, trig)) \
                if frame.relation in {"INVESTS_IN", "CONTROLS"} else None
            if raised is not None:
                # "... the holding company raised 12.9bn yuan in new capital. A put in the largest share": the
                # money went to what raised it, not to the firm the story follows
                focus = raised[:2]
            elif frame.relation == "SUPPLIES":
                # a list of suppliers names one after another: the firm they sell to is the one the whole text is
                # about before any named just above ("- Sensors come from A; B is the second source. - Glass comes
                # from C": not B)
                focus = self.roles.discourse.story_subject(trig, receivers, {s.key for s in sources} | around) \
                    or self.roles.discourse.focus(trig, types=receivers, exclude={s.key for s in sources} | around)
            elif trig.lemma_.lower() in {"keep", "retain"} or frame.name == "came-in":
                # "Gree Group kept a 3.22% stake" after selling to Mingjun: what it kept is the story's firm, not
                # the buyer the last sentence named; "X came in alongside Y": into the story's firm, not the
                # investor named last
                focus = self.roles.discourse.story_subject(trig, receivers, {s.key for s in sources} | around)
            else:
                # (an unsaid fund is one named a fund, where the text has one: not an investor typed as a fund)
                focus = (self._reporter(trig, {s.key for s in sources}) if firms else None) or \
                    self.roles.discourse.focus(trig, types=receivers, exclude={s.key for s in sources} | around,
                                               head="fund" if receivers == ("Fund",) else None) or \
                    self.roles.discourse.story_subject(trig, ("Firm", "Fund") if firms else receivers,
                                                       {s.key for s in sources} | around)
            if focus is not None and frame.relation == "SUPPLIES" and focus[0] in around:
                focus = None  # "... while Y supplies the small units, the company said": Y said it, not bought
            if focus is None and "City" in receivers and trig.lower_ == "mayor":
                # "- Photovoltaics: Mayor Liu Wenjie;", "Vice-mayor He": a mayor's unsaid city is the one the text is
                # about (not a district head's, a governor's, or a firm's party secretary's)
                focus = self._city_in_focus(trig)
            # (a fund is the unsaid receiver only when the whole story is about it: "Big Fund III ... Four banks
            # each put in 20bn yuan")
            if self.share_targets and any(c.lower_ in {"other", "remaining", "rest", "balance"}
                                          for o in objs for c in [o, *o.children]):
                # "A owns 35% of Y; B owns the other 65%": the rest of what the sentence has shared out
                focus = (self.share_targets[0].key, self.share_targets[0].type)
            if focus is not None:
                targets = [Filler(focus[0], focus[1], trig.i)]
                of_raise = raised is not None and focus == raised[:2]
                name = f"{frame.name}:{raised[2]}" if of_raise else f"{frame.name}:implied"
        subsidiary = trig.lemma_.lower() == "subsidiary" and trig.dep_ == "appos" and not any(
            c.dep_ in {"poss", "prep"} or self.anchors.slot_at(c) is not None
            or c.dep_ in {"acl", "relcl", "amod"} and any(a.dep_ == "agent" for a in c.children)
            for c in trig.children)  # not "a subsidiary controlled by X": its owner is said
        if targets and not sources and frame.implicit_source and frame.kind == "noun" \
                and not (frame.relation == "SUPPLIES" and (self._customer_said(trig) or trig.dep_ in {"appos", "compound"}
                                                     or trig.head.lower_ == "as")) \
                and (subsidiary or frame.relation == "SUPPLIES" or not any(c.dep_ in {"poss", "prep", "acl", "relcl"} or self.anchors.slot_at(c)
                                           is not None for c in trig.children)
                     and any(c.lemma_.lower() in {"wholly", "own", "control", "fully"}
                             for c in trig.subtree if c.i < trig.i)):
            # "SAIC Passenger Vehicle, a wholly owned subsidiary": of the firm the text is about ("X, a subsidiary
            # set up in 2019" too: a subsidiary is always somebody's)
            doc = self.sent.doc
            around = {slot.key for t in targets for x in self.tokens
                      if (slot := self.anchors.slot_at(x)) is not None and slot.key and x.i < trig.i
                      and x.i >= doc[t.token].i}
            focus = self.roles.discourse.focus(trig, exclude={t.key for t in targets} | around)
            if focus is not None:
                sources, name = [Filler(focus[0], focus[1], trig.i)], f"{frame.name}:implied"
        if frame.named_source:
            sources = [f for f in sources if self.anchors.slot_at(self.sent.doc[f.token]) is not None]
        if frame.kind == "noun" and sources and targets:
            # "A, B and C are brands of the carmaker": a definite description resolved to one of the names it
            # describes is a misreading, and says nothing of the others
            doc = trig.doc
            sources = [f for f in sources if not (f.key in {t.key for t in targets} and (
                doc[f.token].lower_ == "the" or doc[f.token].pos_ == "NOUN"
                and any(d.lower_ == "the" for d in doc[f.token].children)))]
        if frame.name == "supply-deal" and sources and targets and self._party_supplies(targets):
            sources, targets = targets, sources  # "a supply agreement with Y, which will supply cathode to X"
        if sources and targets:
            sources, targets = self._followers(trig, sources, targets)
            partners = self._partners(trig, sources, targets, together="from" not in frame.source) \
                if frame.relation == "INVESTS_IN" or frame.minority else []
        if not targets and frame.name in RAISE_FRAMES and not grammar.is_passive(trig) and any(
                _ownerless_event(s) for s in grammar.subjects(trig)):
            # "The Series C round raised 2bn yuan": the round of the firm the passage is about
            focus = self.roles.discourse.focus(trig, types=("Firm", "Fund"))
            targets = [Filler(focus[0], focus[1], trig.i)] if focus else []
        if targets and frame.name in RAISE_FRAMES and not grammar.is_passive(trig) \
                and status not in {NEGATED, HYPOTHETICAL}:
            # (with its lead investor named too: "X raised 2bn yuan in a round led by A. B and C also took part")
            for t in targets[:1]:
                self.roles.discourse.note_raise(trig, t.key, t.type)
        if frame.relation == "FOUNDED" and not sources and targets and status not in {NEGATED, HYPOTHETICAL} \
                and targets[0].type in {"Firm", "Fund"} and self._unnamed_backers(trig):
            # "It was incorporated in 2025 by three shareholders: - A, which holds 70%; ...": the holdings listed
            # next are shares of what was founded
            self.roles.discourse.note_raise(trig, targets[0].key, targets[0].type, kind="register")
        if frame.relation == "INVESTS_IN" and not sources and status not in {NEGATED, HYPOTHETICAL} \
                and self._unnamed_backers(trig):
            # "Three investors committed 6bn yuan to the first close", "Its first close was subscribed by three
            # investors": a raise whose backers the next sentences name ("A put in 3bn yuan")
            owner = targets[:1] or [Filler(k, t, trig.i) for k, t in [self._event_owner_in_focus(trig, objs)] if k]
            for t in owner:
                self.roles.discourse.note_raise(trig, t.key, t.type)
        if not sources or not targets:
            return
        if frame.relation == "LOCATED_IN":
            targets = most_specific(targets)
        stake = self._stake(trig, objs, frame)
        if frame.relation in {"INVESTS_IN", "CONTROLS"} and name == frame.name and (
                stake is not None or any(t.text == "%" for t in self.tokens) and not self.share_targets):
            # (what a share was said of stays what the sentence shares out: "Y is owned 30% each by A, the unit
            # of B, and C, with D holding the rest" is the rest of Y, not of A)
            self.share_targets = targets
            if stake is not None:
                self.stated_share = (trig.i, targets)
        extra = [(s, share) for s, share in extra if s.key not in {t.key for t in targets}]
        # "owned by A, B and C": three or more owners, none said to be the majority, each hold a part
        shared = len({s.key for s in sources}) >= 3
        # "A and B hold 60% of X" (not "each"): a joint share, no one's majority
        joint = len({s.key for s in sources}) >= 2 and stake is not None and not any(
            t.lower_ in {"each", "apiece", "respectively"} for t in self.tokens)
        for s, s_stake in [(s, self._share_by(s) or stake) for s in sources] + extra:
            for t in targets:
                hit = self._hit(frame, trig, s, t, status, s_stake, name, shared, rest,
                                joint and self._share_by(s) is None)
                if hit is not None:
                    yield hit
        for v in self._held_through(frame, trig, sources, targets):
            # "A holds 32% of Y through B": B is the holder of record, with the same share
            for t in targets:
                hit = self._hit(frame, trig, v, t, status, stake, f"{name}:through")
                if hit is not None:
                    yield hit
        if frame.relation == "FOUNDED" and self._joint_founders(frame, trig, sources, targets):
            # "Y, the venture that A and B set up in 2019", "established by A and B": each firm that set a company
            # up with another put capital in it (a person's founding says nothing of capital)
            for s in sources:
                for t in targets:
                    s_type, t_type = _schema_type(s.type), _schema_type(t.type)
                    if s.key != t.key and s_type in JOINT_FOUNDERS and t_type in {"Firm", "Fund"}:
                        # (a company or a fund: an institute two bodies set up is no holding of theirs)
                        yield FrameHit(f"{name}:joint", "INVESTS_IN", s, t, trig.i, status,
                                       self._share_by(s) or stake, self._money(trig), self._year(trig))
        for s, sum_at in partners:  # their own sum and share, not the subject's
            share = self._clause_share(sum_at) if sum_at is not None and sum_at.pos_ == "VERB" else None
            for t in targets:
                hit = self._hit(frame, trig, s, t, status, share, name)
                if hit is not None:
                    yield replace(hit, money=self._own_money(trig, sum_at))

    def _hit(self, frame: Frame, trig: Token, s: Filler, t: Filler, status: str, stake: float | None,
             name: str, shared: bool = False, rest: bool = False, joint: bool = False):
        if s.key == t.key:
            return None
        if frame.relation == "WORKS_FOR" and self._post_left(trig, s):
            return None
        # (a run of proper nouns no model typed passes where a firm may: "ships packs to Lumen Trucks")
        if frame.only_source and s.type not in frame.only_source and not (
                s.type == "Tentative" and "Firm" in frame.only_source):
            return None
        if frame.only_target and t.type not in frame.only_target and not (
                t.type == "Tentative" and "Firm" in frame.only_target):
            return None
        if frame.relation == "LOCATED_IN" and t.type == "Country" and t.key.split(":", 1)[-1] == HOME_COUNTRY:
            return None  # "its China headquarters", "operations in China": the country every story here is set in
        s_type, t_type = _schema_type(s.type), _schema_type(t.type)
        relation = frame.by_source_type.get(s_type) or frame.by_target_type.get(t_type) or frame.relation
        if relation == frame.relation:
            # (a stated minority share is whole only as a share: "its entire 35% stake" is no control, though "a
            # controlling 35% stake" is)
            majority = t.whole or (stake is not None and stake > 50) or self._cue(
                trig, MAJORITY_WORDS if stake is None or stake > 50 else {"majority", "controlling"})
            minority = (stake is not None and stake <= 50) or self._cue(trig, MINORITY_WORDS) or (
                shared and stake is None)
            if majority and frame.majority:
                relation = frame.majority
            elif minority and not majority and frame.minority:
                relation = frame.minority
        if joint and relation == "CONTROLS" and frame.majority == "CONTROLS":
            relation = "INVESTS_IN"  # a share held together: no one's majority
        if (rest or name.endswith(":rest")) and relation == "CONTROLS" and not (stake is not None and stake > 50):
            relation = "INVESTS_IN"  # the rest of a holding whose larger part the sentence gave another
        if not SCHEMA.relation(relation).allows(s_type, t_type):
            return None
        money = self._money(trig)
        return FrameHit(name, relation, s, t, trig.i, status, stake, money, self._year(trig))

    def _held_through(self, frame: Frame, trig: Token, sources: list[Filler], targets: list[Filler]) -> list[Filler]:
        """The vehicles a holding is said to be held through ("through B", "via B"), of a verb of holding."""
        if frame.kind != "verb" or frame.relation not in {"INVESTS_IN", "CONTROLS"} or not sources:
            return []
        taken = {f.key for f in [*sources, *targets]}
        return [f for o in grammar.prep_objects(trig, {"through", "via"}, predicate=False)
                for f in self.roles.expand(o) if _schema_type(f.type) in {"Firm", "Fund"} and f.key not in taken]

    @staticmethod
    def _rest_of_shares(trig: Token, objs: list[Token]) -> bool:
        """Whether the trigger's object or subject is the rest of a holding: "the rest", "the remainder", "the
        other 65%", "the remaining 10%"."""
        words = [*objs, *grammar.objects(trig)] + [c for c in trig.children if c.dep_ in {"nsubj", "nsubjpass"}]
        words += grammar.prep_objects(trig, {"for"}, predicate=False)  # "B subscribed for the rest"
        if trig.dep_ in {"acl", "amod"}:
            words.append(trig.head)  # "with the rest held by B"
        return any(w.lemma_.lower() in {"rest", "remainder", "balance"} or (w.text == "%" or w.lemma_.lower() in SHARES)
                   and any(c.lower_ in {"other", "remaining"} for c in w.children) for w in words)

    def _post_left(self, trig: Token, person: Filler) -> bool:
        """A post the text says is over: "X, who joined as chief executive, left in 2024". (A "former
        engineer at Y" keeps the edge: where a person worked is part of who they are.)"""
        who = trig.doc[person.token]
        slot = self.anchors.slot_at(who)
        if slot is not None:
            who = trig.doc[slot.head]  # "Zhang Yong ... left": the name's head word is the subject
        return who.dep_ in {"nsubj", "nsubjpass"} and bool(phrasal(who.head) & LEAVING)

    def _fill(self, frame: Frame, trig: Token, paths: tuple[str, ...]) -> list[Filler]:
        lo, hi = self._segment(trig)
        out: list[Filler] = []
        seen = set()
        for path in paths:
            # "a/b": b only where a names no one ("funded Y's expansion": the expansion is no one, so Y's)
            for alternative in path.split("/"):
                before = len(out)
                for tok, whole, spread in self.roles.tokens(trig, frame.kind, alternative):
                    if alternative in CROSS_SENTENCE_PATHS and tok.i < self.sent.start:
                        # a name another sentence gives ("Power batteries. The chain leader is X"): it fills the
                        # role where the trigger stands, and the evidence reaches back to it
                        slot = self.anchors.slot_at(tok)
                        if slot is not None and slot.key is not None and slot.key not in seen:
                            seen.add(slot.key)
                            out.append(Filler(slot.key, slot.type, trig.i, named_at=tok.i))
                        continue
                    if tok.i < lo or tok.i >= hi:
                        continue
                    own_head = trig.dep_ in {"acl", "relcl"} and tok == trig.head  # "a company owned by X"
                    for f in self.roles.expand(tok, conjuncts=spread, proxies=not own_head):
                        if f.key in seen or not lo <= f.token < hi:
                            continue  # a conjunct the parser attached across a semicolon
                        seen.add(f.key)
                        out.append(Filler(f.key, f.type, f.token, whole) if whole else f)
                if len(out) > before:
                    allowed = frame.only_target if paths == frame.target else frame.only_source \
                        if paths == frame.source else ()
                    if allowed and not any(f.type in allowed for f in out[before:]):
                        # "X is its chain-leader enterprise": "its" is the city, no industry; try the next way
                        del out[before:]
                        continue
                    break
        return out

    def _followers(self, trig: Token, sources: list[Filler], targets: list[Filler]):
        """'X counts A (15%) as its largest holder, followed by B (13%) and C': those after "followed by" take
        the role of the name nearest before it."""
        lo, hi = self._segment(trig)
        for f in self.tokens:
            if f.lemma_ != "follow" or f.tag_ != "VBN" or not lo <= f.i < hi or f.i < trig.i - 1:
                continue
            agents = [o for a in f.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
            followers = [x for o in agents for x in self.roles.expand(o)]
            if not followers:
                continue
            doc = self.sent.doc

            def named(x):  # a name, not a pronoun standing for one ("as its largest holder")
                slot = self.anchors.slot_at(doc[x.token])
                return slot is not None and slot.key is not None

            before = [(x.token, "s") for x in sources if x.token < f.i and named(x)] + \
                     [(x.token, "t") for x in targets if x.token < f.i and named(x)]
            if not before:
                continue
            side = max(before)[1]
            known = {x.key for x in sources + targets}
            new = [x for x in followers if x.key not in known]
            if side == "s":
                sources = sources + new
            else:
                targets = targets + new
        return sources, targets

    def _own_money(self, trig: Token, sum_at: Token | None) -> dict | None:
        """A partner's own sum: in its own clause ("while B added 5bn yuan"), else the one nearest its part of
        the sentence ("alongside 2bn yuan from B")."""
        if sum_at is None:
            return None
        if sum_at.pos_ == "PROPN" and sum_at.dep_ == "conj" and sum_at.head == trig:
            # a gapped payer ("and B another 2bn"): the sum in its own words, else none (not A's)
            toks = sorted(sum_at.subtree, key=lambda t: t.i)
            lo = toks[0].idx
            found = [(lo + a, lo + b, v) for a, b, v in find_money(self.text[lo:toks[-1].idx + len(toks[-1].text)])]
            return nearest(found, sum_at.idx)
        if sum_at.pos_ == "VERB":
            toks = sorted(sum_at.subtree, key=lambda t: t.i)
            lo = toks[0].idx
            found = [(lo + a, lo + b, v) for a, b, v in find_money(self.text[lo:toks[-1].idx + len(toks[-1].text)])]
            return nearest(found, sum_at.idx)
        return self._money(trig, sum_at)

    def _clause_share(self, verb: Token) -> float | None:
        """The share a partner's own clause states: "with B holding 38%"."""
        for o in verb.children:
            if o.dep_ == "dobj":
                for t in o.subtree:
                    m = PERCENT_RE.match(self.text, t.idx) if t.like_num else None
                    if m:
                        return float(m.group(1).replace(",", ""))
        return None

    def _share_by(self, source: Filler) -> float | None:
        """The share said right before a holder's "by": "owned 51% by A and 49% by B" gives B 49, whatever
        the parser made of the second "by"."""
        doc = self.sent.doc
        tok = doc[source.token]
        while (tok.dep_ in {"compound", "flat"} or tok.dep_ == "appos" and tok.head.pos_ == "NOUN") and tok.head != tok:
            tok = tok.head  # (and "by his son, B": the description the name is in apposition to)
        by = tok.head
        if tok.dep_ != "pobj" or by.lower_ != "by" or by.i < 2:
            return None
        start = by.i - 1
        while start > self.sent.start and doc[start].text in {"%", "per", "cent", "percent"}:
            start -= 1
        m = PERCENT_RE.match(self.text, doc[start].idx) if doc[start].like_num else None
        return float(m.group(1).replace(",", "")) if m and m.end() <= doc[by.i].idx else None

    def _event_main_verb(self, trig: Token) -> bool:
        """"A 2018 round brought in X" read as a round that was brought in: a participle on a funding event that
        is the sentence's root, in a sentence with no other verb, is the event's own main verb."""
        return trig.dep_ == "acl" and trig.head.dep_ == "ROOT" and trig.head.lemma_.lower() in FUNDING_EVENTS \
            and not any(t.pos_ in VERBISH and t.dep_ == "ROOT" for t in self.tokens)

    def _founded_by(self, name: Token) -> list[Filler]:
        """What the person ``name`` is the "by"-agent of founding: "Y, founded by chief executive X"."""
        if name.dep_ != "pobj" or name.head.dep_ != "agent":
            return []
        verb = name.head.head
        if PREFIXED_LEMMAS.get(verb.lower_, verb.lemma_.lower()) not in {"found", "co-found", "cofound", "set", "establish",
                                                                         "start", "create", "launch"}:
            return []
        return [Filler(f.key, f.type, name.i) for o in grammar.objects(verb) for f in self.roles.expand(o)
                if f.type in {"Firm", "Fund", "Institution", "Tentative"}]

    @staticmethod
    def _definite_post(frame: Frame, trig: Token) -> bool:
        """"Hu Yuting, the governor, said": a post given with "the" after a name is that person's post in the
        place or firm the text is about (not "X, a vice-mayor", which says what kind of official X is)."""
        return frame.relation == "WORKS_FOR" and any(c.dep_ == "det" and c.lower_ == "the" for c in trig.children) \
            and not any(c.dep_ in {"prep", "poss", "compound"} and c.lower_ not in {"vice", "deputy", "executive"}
                        for c in trig.children)

    @staticmethod
    def _joint_founders(frame: Frame, trig: Token, sources: list[Filler], targets: list[Filler]) -> bool:
        """Two or more organisations set the company up together (not "a partnership of A and B", which is
        no company of theirs; not "A and B founded Y and Z respectively"; not an alliance or association)."""
        if frame.kind == "noun" and trig.lemma_.lower() != "venture":
            return False
        if len({t.key for t in targets}) != 1 or any(t.lower_ == "respectively" for t in trig.sent) \
                or targets[0].key.rsplit(" ", 1)[-1] in NOT_CAPITAL_BODIES:
            return False
        return len({s.key for s in sources if _schema_type(s.type) in JOINT_FOUNDERS}) >= 2

    def _firm_its_holder_founded(self, trig: Token) -> Filler | None:
        """The firm a post's holder is said, in the same clause, to have founded: "Zeng Wei, chairman, founded
        X", "... founded X together with Huang Bo, the vice-chairman" (a title set off by commas, no owner)."""
        if trig.dep_ != "appos" or any(c.dep_ in {"prep", "poss"} for c in trig.children):
            return None
        person = trig.head
        verb = person.head if person.dep_ == "nsubj" else person.head.head \
            if person.dep_ == "pobj" and person.head.lower_ == "with" else None
        if verb is None or verb.pos_ != "VERB" or verb.lemma_.lower() not in FOUNDING_VERBS:
            return None
        firms = [f for o in grammar.objects(verb) for f in self.roles.expand(o) if f.type in {"Firm", "Fund"}]
        return Filler(firms[0].key, firms[0].type, trig.i) if len(firms) == 1 else None

    def _goods_supplied_by(self, frame: Frame, trig: Token) -> bool:
        """"... arms supplied by Orvik", "cells provided by X": goods the passage's firm uses, with their
        supplier, in a reduced relative on a common noun (not "the plant is supplied by X", whose subject
        may be anybody's)."""
        if frame.relation != "SUPPLIES":
            return False
        if trig.dep_ == "acl" and trig.head.pos_ == "NOUN" and self.anchors.slot_at(trig.head) is None:
            return True
        # "Engines are supplied by X", "Main bearings are supplied by Y": goods as a passive clause's subject,
        # plural and whoever's they are unsaid (not "the plant is supplied by X", nor "its cells", whose owner is
        # said and read elsewhere)
        subjects = [c for c in trig.children if c.dep_ == "nsubjpass"]
        return trig.lemma_.lower() in {"supply", "provide", "furnish", "deliver"} and len(subjects) == 1 \
            and (g := subjects[0]).pos_ == "NOUN" and g.tag_ == "NNS" and self.roles._goods(g) \
            and g.lemma_.lower() not in FACILITIES | PLACE_NOUNS \
            and not any(c.dep_ in {"poss", "det"} and c.lower_ not in {"the"} for c in g.children)

    @staticmethod
    def _buyer_implied(trig: Token) -> bool:
        """Whether a supply with no buyer said implies one: "X supplies electrolyte" (not "delivered 120,000
        vehicles" or "provides a useful comparison", said of what a firm sells to all), "the main / sole
        supplier" (not "the second-largest supplier", a rank in a market), "comes from X"."""
        lemma = trig.lemma_.lower()
        if trig.pos_ in VERBISH or trig.tag_ == "VBN":
            return lemma in {"supply", "furnish", "come"}
        return any(c.lower_ in RELATIONAL_MODIFIERS for c in trig.children if c.dep_ in {"amod", "compound"})

    @staticmethod
    def _customer_said(trig: Token) -> bool:
        """Whether a supply names its receiver or where the goods go, entity or not ("supplies cells to power
        groups", "the system on the first cars", "for the A320"): then the receiver is no unsaid firm."""
        objs = [c for c in trig.children if c.dep_ in {"dobj", "attr"}]
        objs += [c for o in objs for c in o.conjuncts]  # "supplies cells and packs to Y"
        if trig.dep_ == "compound":  # a verb misread as a noun's modifier: "X supplies cells to Y" as "(supplies) cells"
            objs.append(trig.head)
        if any(o.lemma_.lower() in BUYER_NOUNS or o.lower_.endswith(("makers", "manufacturers", "operators"))
               for o in objs):
            return True  # "to supply European customers", "supplies carmakers"
        return any(c.dep_ in {"prep", "dative"} and c.lower_ in {"to", "for", "on", "into", "in", "at", "with"}
                   for n in [trig, *objs] for c in n.children)

    @staticmethod
    def _aside(trig: Token) -> bool:
        """A trigger in an aside about a participant of another statement, whose unsaid owner is that
        statement's object, not the story's subject: "Y is owned 50% by A, with B holding 38%"; "took 18% of
        Y, formed with B, which holds 30%" (not "the round included B, which invested 5m": the round's)."""
        if trig.dep_ == "pcomp" and trig.head.lower_ == "with":
            return True
        if trig.dep_ == "relcl" and trig.head.pos_ == "PROPN" and trig.head.dep_ == "pobj" and any(
                c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"which", "who", "that"} for c in trig.children):
            return True
        return False

    def _partners(self, trig: Token, sources: list[Filler], targets: list[Filler],
                  together: bool = True) -> list[tuple[Filler, Token | None]]:
        """Who put money in beside the subject: 'X invested in Y alongside Z'; 'X committed 1bn yuan to F,
        alongside 2bn yuan from Z and 500m yuan from W'; 'X put 1bn into Y, with Z adding 500m'."""
        known = {x.key for x in sources + targets}
        out: list[tuple[Filler, Token | None]] = []

        def add(tok: Token, sum_at: Token | None = None) -> None:
            for x in self.roles.expand(tok):
                if x.key not in known and x.type in FUNDER_TYPES:
                    known.add(x.key)
                    out.append((x, sum_at))

        if trig.pos_ == "VERB" and not grammar.is_passive(trig):
            for c in self._gapped_payers(trig):
                add(c, c)  # "A committed 3bn yuan to it and B another 2bn": B's own sum
        for prep in trig.children:
            if prep.dep_ != "prep":
                continue
            if prep.lower_ in {"alongside", "beside"} or together and prep.lower_ == "with" and any(
                    c.lower_ in {"together", "along"} for c in prep.children):
                # "together with Z" beside the subject (not "raised 2bn yuan from A together with its sister B")
                for o in (c for c in prep.children if c.dep_ == "pobj"):
                    if o.ent_type_ != "MONEY":
                        add(o)
                        continue
                    # "alongside 2bn yuan from Z and 500m yuan from W" ("from" on the sum, or on the verb
                    # right after it)
                    sums = grammar.coordinated(o)
                    froms = [(f, s) for s in sums for f in s.children if f.dep_ == "prep" and f.lower_ == "from"]
                    froms += [(f, max((s for s in sums if s.i < f.i), key=lambda s: s.i)) for f in trig.children
                              if f.dep_ == "prep" and f.lower_ == "from" and f.i > o.i]
                    while froms:
                        f, sum_ = froms.pop(0)
                        for fo in f.children:
                            if fo.dep_ == "pobj":
                                add(fo, sum_)
                                # "... from Z and 500m yuan from W" read as the name's conjunct
                                froms += [(g, c) for c in fo.children if c.dep_ == "conj" and c.ent_type_ == "MONEY"
                                          for g in c.children if g.dep_ == "prep" and g.lower_ == "from"]
        # "with Z adding 500m yuan": an absolute clause, on the trigger or on the clause it hangs from ("a round
        # led by X, with Z joining")
        for host in [trig, *trig.ancestors]:
            for prep in host.children:
                if prep.dep_ != "prep" or prep.lower_ != "with":
                    continue
                for clause in prep.children:
                    if clause.dep_ in {"pcomp", "pobj"} and clause.tag_ == "VBG" and clause.lemma_ in PARTNER_VERBS:
                        for subj in clause.children:
                            if subj.dep_ == "nsubj":
                                add(subj, clause)
        for clause in trig.children:
            # "X put 14bn into Y, while the existing shareholders A and B added 5bn": a clause of the same deal
            # with no receiver of its own
            if clause.dep_ == "advcl" and clause.lemma_ in PARTNER_VERBS and any(
                    c.dep_ == "mark" and c.lower_ in {"while", "as", "whereas"} for c in clause.children) and not any(
                    c.dep_ == "prep" and c.lower_ in {"in", "into", "to"} for c in clause.children):
                for subj in grammar.subjects(clause):
                    add(subj, clause)
        return out

    def _segment(self, trig: Token) -> tuple[int, int]:
        """The part of the sentence between semicolons that holds the trigger: list items and clauses set
        off by semicolons state separate things, whatever the parser attached across them."""
        lo, hi = self.sent.start, self.sent.end
        if self._semicolons is None:
            self._semicolons = [t.i for t in self.tokens if t.text == ";"]
        for i in self._semicolons:
            if i < trig.i:
                lo = i + 1
            elif i > trig.i:
                hi = i
                break
        return lo, hi

    # ------------------------------------------------------------------ conditions
    def _objects_fit(self, frame: Frame, objs: list[Token], wanted: frozenset[str]) -> bool:
        for o in objs:
            lemma = o.lemma_.lower()
            if o.lower_ == "it" and self._lemma_meant(o) in wanted:
                return True  # "The Series D round raised 4.5bn yuan. It was led by X": the round
            slot = self.anchors.slot_at(o)
            # "Xi'an Investment Holding" is no holding; "a semiconductor industry" is an industry
            named = slot is not None and slot.type != "Industry"
            if lemma in wanted and not named:
                return True
            if not named and (o.lemma_.lower() in SHARE_PARTS or o.ent_type_ in {"CARDINAL", "QUANTITY"}) and any(
                    p.dep_ == "prep" and p.lower_ == "of" and any(
                        x.dep_ == "pobj" and x.lemma_.lower() in wanted & (SHARES | {"stock"}) for x in p.children)
                    for p in o.children):
                return True  # "sold a fifth of its shares", "half of the stake", "200 million of its shares"
            if "percent" in wanted and (o.text == "%" or lemma in {"percent", "per", "cent"}
                                        or o.ent_type_ == "PERCENT"):
                return True
            if "money" in wanted and (o.ent_type_ == "MONEY" or find_money(self._subtree_text(o))):
                return True
            if wanted & OBJECT_TYPES_ANY:
                # (a run of proper nouns no model typed may be a firm: "Kestrel Robotics was co-founded by ...")
                if any(_schema_type(f.type) in wanted or f.type == "Tentative" and "Firm" in wanted
                       for f in self.roles.expand(o)):
                    return True
        return False

    def _lemma_meant(self, o: Token) -> str:
        """An object's lemma; for "it" opening a sentence, that of the common noun it plainly stands for."""
        before = self._subject_before(o) if o.lower_ == "it" else None
        return (before or o).lemma_.lower()

    @staticmethod
    def _subject_before(pronoun: Token) -> Token | None:
        """The subject of the sentence before the one ``pronoun`` opens, when that is a common noun: what "it"
        most plainly stands for ("The round raised 2bn yuan. It was led by X")."""
        sent = pronoun.sent
        if sent.start == 0 or pronoun.i - sent.start > 1:
            return None
        before = pronoun.doc[sent.start - 1].sent
        subjects = [c for c in before.root.children if c.dep_ in {"nsubj", "nsubjpass"}]
        return subjects[0] if subjects and subjects[0].pos_ == "NOUN" else None

    def _reporter(self, trig: Token, exclude: set[str]) -> tuple[str, str] | None:
        """'Jinmen Robotics disclosed that X acquired a 7.5% stake': the firm that reports a stake owns it."""
        for gov, _ in modality_governors(trig)[1:]:
            if gov.lemma_.lower() in REPORTING_VERBS:
                for s in gov.children:
                    if s.dep_ in grammar.SUBJECT_DEPS:
                        for f in self.roles.expand(s):
                            if f.type in {"Firm", "Tentative"} and f.key not in exclude:
                                return f.key, f.type
                return None
        return None

    @staticmethod
    def _owner_said(frame: Frame, trig: Token, objs: list[Token]) -> bool:
        """Whether the text names an owner, even one that is no entity ("stakes in 40 companies", "20% of
        the market"): then the firm the story follows is not the one meant."""
        nouns = [trig] if frame.kind == "noun" else objs
        particle = PARTICLES.get(trig.lemma_.lower())
        # ("to" for money: "committed 6bn yuan to a charity" says where it went)
        preps = {"in", "into", "to"} if frame.relation == "INVESTS_IN" else {"in", "into"}
        if frame.kind == "verb" and "prep:in" not in frame.source and any(c.dep_ == "prep" and c.lower_ in preps and any(
                o.dep_ == "pobj" and o.ent_type_ not in {"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL"}
                and not _ownerless_event(o)
                for o in c.children) and not (c.lower_ == particle and c.i == trig.i + 1)
                for c in trig.children):  # not "put in 5bn yuan", "put in the largest share"
            return True  # "invested 1bn yuan in a new park": the target is said, it is just no entity
            # (but "put 2bn yuan into a pre-IPO round" leaves unsaid whose round it was)
        return any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in {"in", "of", "into"}
                                        and not capital_of_unsaid(c)
                                        and not (c.lower_ == "of" and n.lemma_.lower() in QUANTITIES)
                                        and not _measure_only(c)
                                        # "investors in the round": a round whose firm goes unsaid
                                        and not _of_an_ownerless_event(c))
                   for n in nouns for c in n.children)  # ("most of the rest": the rest is what is held)


    def _priority_words(self, trig: Token, objs: list[Token]) -> bool:
        """'made X its priority industry', 'named X as a pillar', 'among its key chains': the predicate
        says the object is a chosen industry (the object's own words do not count)."""
        # the industries' own words do not count ("a priority industry" names a priority; "the priority
        # sector" as an industry's name does not)
        inside = {t.i for o in objs if any(f.type == "Industry" for f in self.roles.expand(o))
                  for t in _phrase(o) if not (t.dep_ == "prep" or any(a.dep_ == "prep" for a in t.ancestors
                                                                       if a.i > o.i or a.head.i == o.i))}
        # a verb read as a noun ("Hefei names chips ... as pillars" as "names chips") says it over its head's words
        words = trig.head.subtree if trig.i in self.roles.misread and trig.dep_ == "compound" else trig.subtree
        return any(t.lemma_.lower() in PRIORITY_WORDS for t in words
                   if t.i not in inside and self.sent.start <= t.i < self.sent.end)

    def _stake_words(self, trig: Token) -> bool:
        """A share or percentage among the trigger's words ("paid 5bn for 20% of X", "for a stake")."""
        return any(t.lemma_.lower() in STAKE_NOUNS or t.text == "%" or t.lower_ in {"percent", "cent"}
                   for t in trig.subtree if t.i < self.sent.end)

    def _paragraph_before(self, trig: Token) -> str:
        """The text of ``trig``'s paragraph up to it."""
        text = trig.doc.text
        return text[text.rfind("\n\n", 0, trig.idx) + 1:trig.idx].lower()

    def _chain_context(self, trig: Token) -> bool:
        if self.tokens[0].lower_ == "for" and trig.lemma_.lower() in {"leader", "chief", "boss"} and any(
                c.lower_ == "the" for c in trig.children) and not any(c.dep_ in {"compound", "amod"}
                                                                     for c in trig.children) \
                and CHAIN_SYSTEM_CUE.search(self._paragraph_before(trig)) and self.roles.chain_industry(trig):
            return True  # "For rail transit equipment the leader is X", in a paragraph about chains (not "the
            # market leader")
        lo, hi = max(self.sent.start, trig.i - 3), min(self.sent.end, trig.i + 10)
        if any(t.lemma_.lower() in {"chain", "chains"} or "chain" in t.lower_ for t in trig.doc[lo:hi]):
            return True
        # "X leads new displays, and Y leads the automobile chain", or after "The city has named chain leaders.":
        # a verb whose object is an industry itself, where the sentence or its paragraph is about chains
        return trig.pos_ in VERBISH and any(
            (slot := self.anchors.slot_at(o)) is not None and slot.type == "Industry" and slot.head == o.i
            for o in grammar.objects(trig)) and (
            any("chain" in t.lower_ for t in self.tokens) or CHAIN_SYSTEM_CUE.search(self._paragraph_before(trig)) is not None)

    def _city_in_focus(self, trig: Token) -> tuple[str, str] | None:
        """The city the document is about (DocumentEntities.focus_city), not the one named last."""
        ents = self.roles.discourse.ents
        name = ents.focus_city
        key = ents.place_key(name) if name else None
        return (key, "City") if key and ents.entities[key].type == "City" else None

    def _party_supplies(self, parties: list[Filler]) -> bool:
        """Whether the sentence says the party a deal is "with" does the supplying: a relative clause on its name
        ("Y, which will supply LFP cathode to the new base")."""
        doc = self.sent.doc
        names = [doc[slot.head] if (slot := self.anchors.slot_at(doc[p.token])) else doc[p.token] for p in parties]
        heads = [t for n in names for t in [n, *(a for a in n.children if a.dep_ == "appos")]]
        return any(c.dep_ in {"relcl", "acl"} and c.lemma_.lower() in DEAL_PARTY_SUPPLIES and not any(
                   a.dep_ in {"auxpass", "nsubjpass"} for a in c.children)  # not "which will be supplied with"
                   for t in heads for c in t.children)  # (on the name or on its legal form: "Co., Ltd., which")

    def _cue(self, trig: Token, words: set[str]) -> bool:
        near = list(trig.children) + [c for o in grammar.objects(trig) for c in o.children]
        # "owns it jointly with B": the adverb the parser hangs on the preposition
        near += [a for p in trig.children if p.dep_ == "prep" for a in p.children if a.dep_ == "advmod"]
        # "own it in equal halves": the manner phrase's noun and its adjectives
        near += [w for p in trig.children if p.dep_ == "prep" and p.lower_ == "in" for o in p.children
                 if o.dep_ == "pobj" for w in (o, *o.children) if w.dep_ in {"pobj", "amod"}]
        if trig.dep_ in {"acl", "relcl", "amod"}:
            near.append(trig.head)
        return any(c.lower_ in words for c in near)

    # ------------------------------------------------------------------ attributes
    def _clause(self, trig: Token) -> tuple[int, str]:
        """The trigger's clause as (start offset, text with other clauses blanked out): its subtree, or
        the embedding verb's for a controlled clause or a noun ("pledged 5bn yuan to acquire a stake"),
        without relative clauses, appositions and other clauses that say something else."""
        top = trig
        while top.dep_ in {"xcomp", "dobj", "pobj", "prep", "attr", "npadvmod"} and top.head != top \
                and top.head.i >= self.sent.start:
            top = top.head
        keep = set()
        stack = [top]
        while stack:
            t = stack.pop()
            keep.add(t.i)
            for c in t.children:
                if c.dep_ in OTHER_CLAUSES and trig not in c.subtree:
                    continue
                stack.append(c)
        lo = max(top.left_edge.idx, self.sent.start_char)
        hi = min(top.right_edge.idx + len(top.right_edge.text), self.sent.end_char)
        chars = list(self.text[lo:hi])
        for t in trig.doc[top.left_edge.i:top.right_edge.i + 1]:
            if t.i not in keep:
                for k in range(t.idx - lo, min(t.idx - lo + len(t.text_with_ws), len(chars))):
                    if k >= 0:
                        chars[k] = " "
        return lo, "".join(chars)

    def _subtree_text(self, tok: Token) -> str:
        return self.text[tok.left_edge.idx:tok.right_edge.idx + len(tok.right_edge.text)]

    def _money(self, trig: Token, near: Token | None = None) -> dict | None:
        """The sum in ``trig``'s clause nearest to it (or to ``near``, a partner's own part of the deal)."""
        lo, text = self._clause(trig)
        starts = {s for s, _, _ in find_money(text)}
        # read the sums in the unblanked text, so a gloss in brackets stays with its sum: "5bn yuan ($700m)"
        whole = self.text[lo:lo + len(text)]
        found = [(lo + s, lo + e, v) for s, e, v in find_money(whole) if s in starts]
        return nearest(found, (near or trig).idx)

    def _stake(self, trig: Token, objs: list[Token], frame: Frame) -> float | None:
        # the percentage in the object ("took 15% of", "a 20% stake"), on the trigger ("51% owned"), or
        # on the noun itself ("its 49% stake")
        for host in [*objs, trig]:
            near = [*trig.children, *(g for c in trig.children if c.dep_ in {"npadvmod", "advmod", "nummod"}
                                      for g in c.children), trig]  # "is 25.1% owned": the number under the "%"
            # "will subscribe for 51% of the capital": the share the "for" names
            named_for = [n for c in trig.children if c.dep_ == "prep" and c.lower_ == "for" for o in c.children
                         if o.dep_ == "pobj" and o.text in {"%", "percent"} for n in o.children if n.like_num]
            near += named_for
            # "is 30%-owned by", "is 100% held by": the share written right before the participle
            k = trig.i - 1 - (trig.i > 0 and trig.doc[trig.i - 1].text == "-")
            adjacent = [trig.doc[k - 1]] if k >= 1 and trig.doc[k].text == "%" and trig.doc[k - 1].like_num else \
                [trig.doc[k]] if k >= 0 and re.fullmatch(r"\d[\d.,]*%", trig.doc[k].text) else []  # ("30%" one token)
            near += adjacent
            for t in _phrase(host) if host != trig else near:
                if t.i < self.sent.start or t.i >= self.sent.end:
                    continue
                m = PERCENT_RE.match(self.text, t.idx) if t.like_num or t in adjacent else None
                if m and (host != trig or t.head == trig or t.head.head == trig or t in named_for or t in adjacent):
                    return float(m.group(1).replace(",", ""))
        if frame.kind == "noun":
            own = sorted(_phrase(trig), key=lambda t: t.i)  # not a share said in a clause hanging on the noun
            m = PERCENT_RE.search(self.text[own[0].idx:own[-1].idx + len(own[-1].text)]) if own else None
            if m:
                return float(m.group(1).replace(",", ""))
        for o in objs:
            if o.lower_ in FRACTIONS:
                return FRACTIONS[o.lower_]
        return None

    def _year(self, trig: Token) -> int | None:
        lo, text = self._clause(trig)
        years = [(lo + m.start(), lo + m.end(), int(m.group(1))) for m in YEAR_RE.finditer(text)]
        year = nearest(years, trig.idx)
        if year is None:
            opening = re.match(r"\s*(?:In|By|Since)\s+(?:\w+\s+)?((?:19|20)\d\d)\b",
                               self.text[self.sent.start_char:self.sent.end_char])
            year = int(opening.group(1)) if opening else None
        return year

    # ------------------------------------------------------------------ token-level layer
    def _gapped_payers(self, trig: Token) -> list[Token]:
        """"A committed 3bn yuan to it and B another 2bn": a name the parser hangs on the verb as a conjunct, with
        its own sum and no verb of its own, pays the same way."""
        out: list[Token] = []
        for c in trig.children:
            if c.dep_ != "conj" or c.pos_ != "PROPN" or self.anchors.slot_at(c) is None:
                continue
            if any(g.dep_ in {"nsubj", "aux", "dobj"} for g in c.children):
                continue  # a clause of its own
            if any(g.ent_type_ == "MONEY" or g.lower_ in {"billion", "million", "bn", "mln"}
                   for g in c.children if g.dep_ in {"nummod", "npadvmod", "appos", "quantmod", "amod"}):
                out.append(c)
        return out

    def _gapped(self, frame: Frame, trig: Token, sources: list[Filler]) -> list[tuple[Filler, float | None]]:
        """Holders listed after the first with their own shares: 'owned 51% by A, 39% by B and 5% each by C
        and D'; 'in which A holds 45% and B 40%'. The parser attaches these anywhere; the words are fixed."""
        out: list[tuple[Filler, float | None]] = []
        known = {s.key for s in sources}
        doc = trig.doc
        i = trig.i + 1
        end = self.sent.end
        each: float | None = None  # "owned 30% each by A, by B and by C": the share every "by" gets
        while i < end:
            t = doc[i]
            if t.pos_ == "VERB" and i > trig.i + 2 and t.dep_ not in {"conj", "amod"}:  # not "the remaining"
                break
            if frame.passive and t.lower_ == "by" and doc[i - 1].lower_ in {",", "and"} and i > trig.i + 2:
                k = i + 1
                while k < end and doc[k].pos_ == "DET":
                    k += 1
                for f in self.roles.expand(doc[k]) if k < end else []:
                    if f.key not in known:
                        known.add(f.key)
                        out.append((f, each))
                i += 1
                continue
            m = PERCENT_RE.match(self.text, t.idx) if t.like_num else None
            if m:
                pct = float(m.group(1).replace(",", ""))
                j = i + 1
                while j < end and doc[j].lower_ in {"%", "percent", "per", "cent", "each", "stake"}:
                    if doc[j].lower_ == "each":
                        each = pct
                    j += 1
                if frame.passive and j < end and doc[j].lower_ == "by":
                    # the name after "by", over a determiner ("10% by the Jiangsu finance department")
                    k = j + 1
                    while k < end and doc[k].pos_ == "DET":
                        k += 1
                    for f in self.roles.expand(doc[k]) if k < end else []:
                        if f.key not in known:
                            known.add(f.key)
                            out.append((f, pct))
                elif not frame.passive and i - 1 > trig.i:
                    # "... and B 40%", "C the remaining 20%", "D, the lending arm of E, 35%": the name before
                    # the percentage, over a determiner or an apposition
                    k = i - 1
                    while k > trig.i and doc[k].lower_ in {"the", "remaining", "other", "rest", "a", "further", "for",
                                                           "about", "around", "roughly", "nearly", "almost", "some",
                                                           "approximately", "just", "over", "under"}:
                        k -= 1
                    if doc[k].text == ",":
                        back = k - 1
                        while back > trig.i and doc[back].text != "," and k - back < 12:
                            back -= 1
                        if doc[back].text == "," and back - 1 > trig.i:
                            k = back - 1
                    slot = self.anchors.slot_at(doc[k])
                    if slot is not None and slot.key is not None and slot.key not in known and slot.last == k:
                        known.add(slot.key)
                        out.append((Filler(slot.key, slot.type, k), pct))
                i = j
                continue
            i += 1
        return out

    def _hyphenated(self):
        """'a Hefei-based maker', 'the state-owned X', 'a Baishan-backed start-up': a name, a hyphen and a
        participle before a noun."""
        doc = self.sent.doc
        for tok in self.tokens:
            if tok.i < 2 or tok.lemma_.lower() not in HYPHEN_PARTICIPLES or doc[tok.i - 1].text != "-":
                continue
            slot = self.anchors.slot_at(doc[tok.i - 2])
            if slot is None or slot.key is None or doc[tok.i - 2].lower_ in DESCRIPTIVE_OWNERS:
                continue  # "Haifa State-owned Capital ...": "State-owned" says what kind, no one owns by it
            relation, named_is = HYPHEN_PARTICIPLES[tok.lemma_.lower()]
            described = tok.head if tok.head != tok else None
            if described is None:
                continue
            # "a Hubei-based fibre maker Quorra Photonics": the parser makes the descriptive noun a compound of
            # the name it describes, so the name is what is based there
            while described.dep_ == "compound" and self.anchors.slot_at(described) is None \
                    and described.head.i > described.i and self.anchors.slot_at(described.head) is not None:
                described = described.head
            if described.i < self.sent.start or described.i >= self.sent.end:
                continue
            named = Filler(slot.key, slot.type, slot.head)
            if modality(described) in {NEGATED, HYPOTHETICAL}:
                continue
            for other in self.roles.expand(described):
                s, t = (named, other) if named_is == "source" else (other, named)
                if s.key == t.key or not SCHEMA.relation(relation).allows(_schema_type(s.type), _schema_type(t.type)):
                    continue
                yield FrameHit(f"{tok.lemma_.lower()}-hyphen", relation, s, t, tok.i, "stated")


    def _named_in_place(self):
        """'the China Enterprise Research Institute in Beijing', 'Chayan Yuese in the city of Changsha': a
        name and "in" a place right after it."""
        for slot in self.anchors.sentence_slots(self.anchors.sentence_of(self.tokens[0])):
            if slot.key is None or slot.type not in ORG_TYPES:
                continue
            head = self.sent.doc[slot.head]
            for o in self._after_name(slot, {"in", "at"}):
                if o.lemma_.lower() in {"city", "town", "province", "district", "county"}:
                    o = next((x for p in o.children if p.dep_ == "prep" and p.lower_ == "of"
                              for x in p.children if x.dep_ == "pobj"), o)
                place = self.anchors.slot_at(o)
                if place is not None and place.key and place.type in PLACE_TYPES:
                    yield FrameHit("named-in-place", "LOCATED_IN", Filler(slot.key, slot.type, slot.head),
                                   Filler(place.key, place.type, o.i), head.i, "stated")

    def _list_in_place(self):
        """'A and B, both in Hangzhou', 'A, B and C, all at the Wujin zone': a quantifier over the list before it
        places every name of the list; 'A and B, both under the Shanghai SASAC' gives each its owner."""
        for tok in self.tokens:
            if tok.lower_ not in {"both", "all", "each"}:
                continue
            if tok.dep_ == "appos":  # "A and B, both in X": the parser hangs "both" on the list, "in X" on "both"
                prep, head = next((c for c in tok.children if c.dep_ == "prep" and c.i == tok.i + 1), None), tok.head
            else:  # "A and B, both in X": or "both" qualifies the preposition hung on the list
                prep, head = tok.head, tok.head.head
                if tok.dep_ not in {"preconj", "advmod", "det"} or prep.dep_ != "prep" or prep.i != tok.i + 1:
                    continue
            if prep is None or prep.lower_ not in {"in", "at", "under"}:
                continue
            named = self.anchors.slot_at(head)
            if named is None or named.key is None or named.type not in ORG_TYPES:
                continue
            listed = [f for f in self.roles.expand(head) if f.type in ORG_TYPES]
            if len(listed) < 2 or modality(head) in {NEGATED, HYPOTHETICAL}:
                continue
            for o in prep.children:
                where = self.anchors.slot_at(o) if o.dep_ == "pobj" else None
                if where is None or not where.key:
                    continue
                if prep.lower_ == "under" and where.type in {"GovernmentBody", "Firm", "Fund"}:
                    # "A and B, both under the Shanghai SASAC": each is the body's
                    for f in listed:
                        yield FrameHit("list-under", "CONTROLS", Filler(where.key, where.type, o.i), f, tok.i,
                                       "stated")
                elif prep.lower_ != "under" and where.type in PLACE_TYPES:
                    for f in listed:
                        yield FrameHit("list-in-place", "LOCATED_IN", f, Filler(where.key, where.type, o.i), tok.i,
                                       "stated")

    def _person_of_org(self):
        """'Wang Peng of Huijiang Automation', 'Gao Lin at Baishan Capital': a person and the organisation
        named right after them."""
        for slot in self.anchors.sentence_slots(self.anchors.sentence_of(self.tokens[0])):
            if slot.key is None or slot.type != "Person":
                continue
            for o in self._after_name(slot, {"of", "at", "from"}):
                for f in self.roles.expand(o, conjuncts=False):
                    if f.type in ORG_TYPES and f.key != slot.key:
                        yield FrameHit("person-of-org", "WORKS_FOR", Filler(slot.key, slot.type, slot.head),
                                       f, slot.head, "stated")

    def _labelled_list(self):
        """'- Leads: A; B, owned by C; and D': a line's label says what the names listed after it are (of the
        firm the note is about); only where the list has no verb of its own."""
        doc = self.sent.doc
        if self.sent.start == 0 or any(t.tag_ in {"VBD", "VBZ", "VBP", "MD"} for t in self.tokens):
            return
        label = self.anchors.sentence(doc[self.sent.start - 1])
        words = [t.lemma_.lower() for t in label if t.is_alpha]
        if not label.text.rstrip().endswith(":") or not words or len(words) > 3:
            return
        last = words[-1]
        relation, focus_is = LIST_LABELS.get(last, LIST_LABELS.get(last[:-1] if last.endswith("s") else last,
                                                                   (None, None)))
        if relation is None:
            return
        items = [s for s in self.anchors.sentence_slots(self.anchors.sentence_of(self.tokens[0]))
                 if s.key is not None and s.type in ORG_TYPES
                 and not any(a.dep_ in {"prep", "agent", "poss", "pobj"} for a in doc[s.head].ancestors
                             if a.i >= self.sent.start) and doc[s.head].dep_ not in {"pobj", "poss"}]
        if not items:
            return
        exclude = {s.key for s in items}
        focus = self.roles.discourse.focus(self.tokens[0], exclude=exclude)
        if focus is None:
            # a note's list about the one firm it has named so far: "X makes chips. - Customers: A, B and C"
            focus = self.roles.discourse.sole_candidate(self.tokens[0], ("Firm",), exclude=exclude)
        if focus is None:
            return
        owner = Filler(focus[0], focus[1], self.sent.start)
        for slot in items:
            item = Filler(slot.key, slot.type, slot.head)
            s, t = (owner, item) if focus_is == "source" else (item, owner)
            if SCHEMA.relation(relation).allows(_schema_type(s.type), _schema_type(t.type)):
                yield FrameHit("label-list:implied", relation, s, t, slot.head, "stated")

    def _chain_bracketed_labels(self):
        """'The chain leaders are A (lithium batteries) and B (integrated circuits)', 'chain chiefs Li Wen
        (robotics) and ...': in a sentence that names chain leaders or chiefs, a name with an industry in
        brackets right after it leads that industry's chain (a firm as its leader, a person as its chief)."""
        words = " ".join(t.lower_ for t in self.tokens)
        if not re.search(r"\bchain[\s-]*(?:-\s*)?(?:leaders?|chiefs?|bosses|boss|masters?|owners?|heads?)\b", words):
            return
        doc = self.sent.doc
        slots = [s for s in self.anchors.sentence_slots(self.anchors.sentence_of(self.tokens[0])) if s.key is not None]
        for name, label in zip(slots, slots[1:]):
            if label.type != "Industry" or name.type not in {"Firm", "Person"}:
                continue
            opening, closing = doc[name.last + 1] if name.last + 1 < len(doc) else None, \
                doc[label.last + 1] if label.last + 1 < len(doc) else None
            if opening is None or closing is None or opening.text != "(" or opening.i + 1 != label.first \
                    or closing.text != ")":
                continue
            relation = "CHAIN_LEADER_OF" if name.type == "Firm" else "CHAIN_BOSS_OF"
            yield FrameHit("chain-bracketed", relation, Filler(name.key, name.type, name.head),
                           Filler(label.key, label.type, label.head), name.head, "stated")

    def _chain_labelled_line(self):  # noqa: C901 - one reading of one layout
        """'The meeting named the chain leaders: / - Integrated circuits: X, the Hefei foundry ...; / - New
        displays: Y, which ...': under a lead-in that names chain leaders (or chiefs), a line labelled with an
        industry says whose chain each name it opens with leads."""
        doc = self.sent.doc
        text = self.anchors.text
        line_start = text.rfind("\n", 0, self.sent.start_char + 1) + 1
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        item = LABELLED_ITEM.match(text[line_start:line_end])
        if item is None:
            return
        label_start, label_end = line_start + item.start("label"), line_start + item.end("label")
        if text[label_end + 1:self.sent.start_char].strip():
            return  # a later sentence of the item ("... Xingfa is controlled by Y."): its names lead no chain
        industries = {s.key: s for s in self.anchors.sentence_slots(self.anchors.sentence_of(self.tokens[0]))
                      if s.key is not None and s.type == "Industry"
                      and label_start <= doc[s.first].idx < label_end}
        industries |= {s.key: s for n in range(max(0, self.anchors.sentence_of(self.tokens[0]) - 1),
                                               self.anchors.sentence_of(self.tokens[0]))
                       for s in self.anchors.sentence_slots(n) if s.key is not None and s.type == "Industry"
                       and label_start <= doc[s.first].idx < label_end}  # the label read as a sentence of its own
        if len(industries) != 1:
            return
        if not item.group("mark"):
            # a plain line's label is the industry alone ("Biomedicine:", "Phosphorus chemicals chain:"), not any
            # words before a colon ("Also attending biomedicine talks: Li Ming, ...")
            slot = next(iter(industries.values()))
            rest = (text[label_start:doc[slot.first].idx] + " " + text[doc[slot.last].idx + len(doc[slot.last].text):
                                                                      label_end]).lower().split()
            if any(w not in {"chain", "chains", "industry", "industrial", "sector", "cluster", "the"} for w in rest):
                return
        # the lead-in: the last line above that is not an item of the list
        above = text[:line_start].rstrip("\n").split("\n")
        while above and (LABELLED_ITEM.match(above[-1]) or re.match(r"\s*[-•*]\s", above[-1])
                         or not above[-1].strip()):
            above.pop()
        lead = above[-1].lower().rstrip() if above else ""
        if not lead.endswith(":"):
            return
        if re.search(r"chain[\s-]leader", lead):
            relation, types = "CHAIN_LEADER_OF", ORG_TYPES
        elif re.search(r"chain[\s-](?:chief|boss|head|master)", lead):
            relation, types = "CHAIN_BOSS_OF", {"Person"}
        else:
            return
        industry = next(iter(industries.values()))
        target = Filler(industry.key, industry.type, industry.head)
        body_start = next((t.i for t in self.tokens if t.idx >= label_end + 1), self.sent.end)
        for slot in self.anchors.sentence_slots(self.anchors.sentence_of(self.tokens[0])):
            head = doc[slot.head]
            if slot.key is None or slot.type not in types or slot.first < body_start or doc[slot.first].idx > line_end:
                continue
            if head.dep_ in {"pobj", "poss"} or any(a.dep_ in {"prep", "poss", "relcl", "acl", "appos"}
                                                     for a in head.ancestors if a.i >= body_start):
                continue  # a name inside a description of the item, not an item
            yield FrameHit("chain-list", relation, Filler(slot.key, slot.type, slot.head), target, slot.head,
                           "stated")

    def _chain_pairs(self):
        """"X has been named chain leader for big data, and Y for computing power", "Each chain has a lead firm: A
        for vehicles, B for power batteries and C for photovoltaics": in a sentence that names chain leaders (or
        chiefs), every name followed by "for" and an industry leads (or heads) that industry's chain, the verb
        left out after the first."""
        doc = self.sent.doc
        words = " ".join(t.lower_ for t in self.tokens)
        # "A leads the photovoltaic chain and B the optics chain": the verb left out after the first
        leads = any(t.lemma_ in {"lead", "head"} and t.pos_ == "VERB" and any(
            "chain" in o.lower_ for o in t.children if o.dep_ == "dobj") for t in self.tokens)
        between_ok = (["for"], ["for", "the"], ["the"]) if leads else (["for"], ["for", "the"])
        if CHAIN_LEADER_CUE.search(words):
            relation, types = "CHAIN_LEADER_OF", ORG_TYPES - {"GovernmentBody"}
        elif CHAIN_CHIEF_CUE.search(words):
            relation, types = "CHAIN_BOSS_OF", {"Person"}
        elif leads:
            relation, types = "CHAIN_LEADER_OF", ORG_TYPES - {"GovernmentBody"}
        else:
            return
        slots = [s for s in self.anchors.sentence_slots(self.anchors.sentence_of(self.tokens[0])) if s.key is not None]
        for name, industry in zip(slots, slots[1:]):
            if name.type not in types or industry.type != "Industry":
                continue
            between = [t.lower_ for t in doc[name.last + 1:industry.first]]
            if between not in between_ok:
                continue
            if between == ["the"] and name.type == "Person" and relation == "CHAIN_LEADER_OF":
                continue  # (a person heads a chain as its chief: left to the frames)
            head = doc[name.head]
            if head.dep_ in {"pobj", "poss"} and head.head.lower_ not in {":"}  and head.head.lower_ != "for" \
                    and any(a.dep_ == "prep" and a.lower_ not in {"for"} for a in head.ancestors):
                continue  # a name inside a phrase ("a unit of X for Y"), not an item
            yield FrameHit("chain-pairs", relation, Filler(name.key, name.type, name.head),
                           Filler(industry.key, industry.type, industry.head), name.head, "stated")

    def _shared_chain_role(self):
        """"Semiconductors. Two enterprises share the role. A, ..., is a wafer maker. B ...", "For coal chemicals
        there are two chain leaders. One is A ... The other is B": a sentence that counts the leaders of the chain
        its passage names, and names none, is followed by one sentence per leader, each about its leader."""
        doc = self.sent.doc
        words = " ".join(t.lower_ for t in self.tokens)
        count = next((COUNTS[t.lower_] for t in self.tokens if t.lower_ in COUNTS), None)
        if count is None or not (CHAIN_LEADER_CUE.search(words) or re.search(r"\bshare (?:the|this) role\b", words)):
            return
        if not CHAIN_SYSTEM_CUE.search(self.anchors.text[:self.sent.end_char].lower()):
            return  # ("two executives share the role" in a text about no chain system)
        n = self.anchors.sentence_of(self.tokens[0])
        if any(s.key and s.type != "Industry" for s in self.anchors.sentence_slots(n)):
            return  # the leaders are named here: the frames read them
        cue = next((t for t in self.tokens if t.lemma_.lower() in {"leader", "role", "enterprise", "firm", "company"}),
                   None)
        industries = self.roles.chain_industry(cue) if cue is not None else []
        if not industries:
            return
        sentences = self.anchors.sentences
        for later in sentences[n + 1:n + 1 + count]:
            if "\n\n" in self.anchors.text[self.sent.end_char:later.start_char]:
                break  # the paragraph ended
            leader = self._sentence_subject_name(later)
            if leader is None:
                break
            for ind in industries:
                slot = self.anchors.slot_at(ind)
                if slot is None or not slot.key:
                    continue
                yield FrameHit("chain-shared-role", "CHAIN_LEADER_OF",
                               Filler(leader.key, leader.type, self.tokens[0].i, named_at=leader.head),
                               Filler(slot.key, slot.type, ind.i, named_at=ind.i if ind.i < self.sent.start else None),
                               self.tokens[0].i, "stated")

    def _sentence_subject_name(self, sent: Span):
        """The named firm a sentence is about: its main subject ("A, a wafer maker, is ..."), or what "One is" /
        "The other is" names."""
        root = sent.root
        subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
        if root.lemma_ == "be" and subjects and subjects[0].lower_ in {"one", "other", "another", "second", "first"}:
            subjects = [c for c in root.children if c.dep_ == "attr"]
        for subject in subjects:
            slot = self.anchors.slot_at(subject)
            if slot is not None and slot.key and slot.type in {"Firm", "Tentative"}:
                return slot
        return None

    def _place_labelled_line(self):
        """'- Yibin, Sichuan: X, a wholly owned unit, runs ...': a line labelled with a place says where the
        firms it opens with are (those named before its verb, not inside a phrase)."""
        doc = self.sent.doc
        text = self.anchors.text
        colon = next((t for t in self.tokens if t.text == ":"), None)
        if colon is not None:
            label, body_start = doc[self.sent.start:colon.i], colon.i + 1
        elif self.sent.start > 0 and text[:self.sent.start_char].rstrip().endswith(":"):
            label, body_start = self.anchors.sentence(doc[self.sent.start - 1]), self.sent.start
        else:
            return
        line_start = text.rfind("\n", 0, label.start_char + 1) + 1
        if len(label) == 0 or text[line_start:label.start_char].strip(" -•*\t"):
            return  # a label opens its line
        places = {self.anchors.slot_at(t).index: self.anchors.slot_at(t) for t in label
                  if self.anchors.slot_at(t) is not None and self.anchors.slot_at(t).type in PLACE_RANK}
        if not places or any(t.is_alpha and self.anchors.slot_at(t) is None for t in label):
            return  # a label of places alone
        place = min(places.values(), key=lambda s: PLACE_RANK[s.type])
        target = Filler(place.key, place.type, place.head)
        verb = next((t.i for t in doc[body_start:self.sent.end] if t.pos_ in {"VERB", "AUX"}
                     and t.dep_ not in {"amod", "acl"}), self.sent.end)
        for slot in self.anchors.sentence_slots(self.anchors.sentence_of(self.tokens[0])):
            head = doc[slot.head]
            if slot.key is None or slot.type not in ORG_TYPES or not body_start <= slot.first < verb:
                continue
            if head.dep_ in {"pobj", "poss"} or any(a.dep_ in {"prep", "poss"} for a in head.ancestors
                                                     if body_start <= a.i < verb):
                continue
            yield FrameHit("place-label", "LOCATED_IN", Filler(slot.key, slot.type, slot.head), target, slot.head,
                           "stated")

    def _after_name(self, slot, preps: set[str]) -> list[Token]:
        """Objects of a preposition that directly follows a name and attaches to it."""
        head = self.sent.doc[slot.head]
        return [o for prep in head.children if prep.dep_ == "prep" and prep.lower_ in preps
                and prep.i == slot.last + 1 for o in prep.children if o.dep_ == "pobj"]


# A line's label -> (the relation its list states, which end the firm the text is about is)
LIST_LABELS = {"lead": ("INVESTS_IN", "target"), "investor": ("INVESTS_IN", "target"),
               "backer": ("INVESTS_IN", "target"), "shareholder": ("INVESTS_IN", "target"),
               "strategic": ("INVESTS_IN", "target"), "strategics": ("INVESTS_IN", "target"),
               "cornerstone": ("INVESTS_IN", "target"), "participant": ("INVESTS_IN", "target"),
               "customer": ("SUPPLIES", "source"), "client": ("SUPPLIES", "source"), "buyer": ("SUPPLIES", "source"),
               "supplier": ("SUPPLIES", "target"), "vendor": ("SUPPLIES", "target"),
               "subsidiary": ("CONTROLS", "source"), "unit": ("CONTROLS", "source")}

# words before "-owned"/"-backed" that say what kind of owner, not who: "State-owned", "family-run"
DESCRIPTIVE_OWNERS = {"state", "government", "privately", "foreign", "family", "employee", "publicly", "locally",
                      "jointly", "wholly", "majority", "minority", "party"}
# participle -> (relation, which end the hyphenated name is)
HYPHEN_PARTICIPLES = {"base": ("LOCATED_IN", "target"), "headquarter": ("LOCATED_IN", "target"),
                      "own": ("CONTROLS", "source"), "control": ("CONTROLS", "source"),
                      "run": ("CONTROLS", "source"), "back": ("INVESTS_IN", "source"),
                      "fund": ("INVESTS_IN", "source"), "finance": ("INVESTS_IN", "source"),
                      "found": ("FOUNDED", "source")}


CAPITALISING = {"register", "establish", "found", "incorporate", "set", "capitalise", "capitalize", "form", "launch"}


def _capitalising_verb(capital: Token) -> Token | None:
    """The verb of "X was registered (in 2023) with 5bn yuan of capital", "X, set up with registered capital of
    2bn yuan": a founding whose "with" phrase says what the thing founded was capitalised with."""
    tok = capital
    for _ in range(4):
        if tok.dep_ == "pobj" and tok.head.lower_ == "with" and tok.head.head.lemma_.lower() in CAPITALISING:
            return tok.head.head
        if tok.head == tok:
            return None
        tok = tok.head
    return None
