"""What pronouns and definite descriptions refer to: one resolver, by salience and type.

"it", "its", "they"; "the carmaker", "the fund", "the commission", "the Wuhu platform"; "the city";
"the municipal government"; "there". The document is read in order and every reference, once
resolved, counts as a mention of what it refers to, so a firm talked about as "it" for a paragraph
stays salient. A reference resolves to an entity mentioned before it, preferring, in order: one of
the type the words call for; the same or the previous sentence over older ones; a subject over other
roles; for a possessive ("through its unit"), the nearest name before it in the sentence; the entity
the document names most. A description's own proper words narrow the choice ("the Wuhu platform" is
the one with Wuhu in its name). Quoted speech resolves nothing by description: quotes refer loosely.

>>> from whofunds.graph.records import Document
>>> from whofunds.loaders.extract import extract_document
>>> from whofunds.loaders.nlp import load_nlp
>>> text = "Baishan Capital is a state fund. In 2019 it invested in Ruiqi Motors. The fund also backs Xinlian."
>>> ex = extract_document(Document(id="d", path="d", title="t", text=text), load_nlp()(text))
>>> sorted((c.source, c.target) for c in ex.claims if c.type == "INVESTS_IN")
[('Fund:baishan capital', 'Firm:ruiqi motors'), ('Fund:baishan capital', 'Firm:xinlian')]
"""
from __future__ import annotations

import re

from dataclasses import dataclass

from spacy.tokens import Token

from . import grammar
from .anchors import Anchors, Slot

ORGANISATIONS = ("Firm", "Fund", "GovernmentBody", "Institution")
PLACES = ("City", "Province", "District", "Country")
REFERRING_PRONOUNS = {
    "it": ORGANISATIONS, "its": ORGANISATIONS, "itself": ORGANISATIONS, "they": ORGANISATIONS,
    "their": ORGANISATIONS,
    "he": ("Person",), "him": ("Person",), "his": ("Person",), "she": ("Person",), "her": ("Person",),
}
# "it" may be a place, but only one the text is talking about: a place needs to be a subject to win
PLACE_PRONOUNS = {"it", "its"}
# Ref mentions found by the mention finders (see mentions.py), by the types they refer to
# description heads a name carries when it is one of them: "the fund" is an "X Fund" when one is named
NAMED_HEADS = {"fund"}
# words after "Fund" in a name that make it the fund's manager, not a fund ("X Fund Management Co.")
MANAGING_WORDS = {"management", "manager", "managers", "managing", "advisers", "advisors", "administration"}
REF_TYPES = {"City": ("City",), "Province": ("Province",), "District": ("District",), "Firm": ("Firm",),
             "Fund": ("Fund",), "Group": ("Firm", "Fund"), "Institution": ("Institution",), "Venture": ("Firm",)}
RIVAL_TYPES = ("Firm", "Fund")  # what else an unsaid owner may be, in the way of a guess between them
PRONOUN_WINDOW = 3  # sentences a pronoun looks back over
# verbs that bring a firm into being: its name as their object is what the text goes on to describe
CREATING = {"form", "establish", "set", "create", "found", "incorporate", "register", "launch", "start", "build"}
FOCUS_FLOOR = 0.0  # and how salient it must be at all (named lately, often, or as a subject)
STORY_MIN_MENTIONS = 3  # how often a story must name its subject before an unsaid owner falls back to it
FOCUS_MARGIN = 1.0  # how far the firm a text is about must stand out before an unsaid owner is taken to be it
# "the provincial fund" is one named after a province
LEVELS = {"provincial": "Province", "municipal": "City", "city": "City", "district": "District"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
REPORTING = {"say", "tell", "announce", "add", "confirm", "state", "report", "disclose", "note", "insist", "argue",
             "claim", "explain", "write", "reply", "declare"}


COPULAR = {"be", "become", "remain"}


COUNTED = {"two": 2, "three": 3, "four": 4, "both": 2}  # "the two vehicles", "both companies"


@dataclass(frozen=True)
class Mentioned:
    """An entity mentioned at a token, by name or by a reference already resolved."""

    token: int
    sentence: int
    key: str
    type: str
    subject: bool
    created: bool = False  # the object of a founding verb: "will form Quorra Cells", "set up X, a venture"


class Discourse:
    """Resolves the references of one document (see the module docstring)."""

    def __init__(self, anchors: Anchors, ents, lex):
        self.anchors = anchors
        self.ents = ents
        self.nouns: dict[str, tuple[str, ...]] = {}
        for type_, words in (lex.words.get("back_reference_nouns") or {}).items():
            for w in words:
                self.nouns[w.lower()] = self.nouns.get(w.lower(), ()) + (type_,)
        self.resolved: dict[int, list[tuple[str, str]]] = {}  # token index -> what the reference there means
        self.raised: list[tuple[int, str, str]] = []  # (token, key, type): who raised money the text left unsourced
        self.chain: list[Mentioned] = []
        self.count: dict[str, int] = {}
        self._read()

    # ---- entry points
    def mention(self, m) -> list[tuple[str, str]]:
        """What the reference mention ``m`` (by its place in the text) stands for: as :meth:`slot`."""
        span = self.anchors.sdoc.char_span(m.start, m.end, alignment_mode="expand")
        slot = self.anchors.slot_at(span[0]) if span is not None and len(span) else None
        return self.slot(slot) if slot is not None and slot.mention.start == m.start else []

    def slot(self, slot: Slot) -> list[tuple[str, str]]:
        """A back-reference mention (kind "Ref") as (entity key, type); empty when unresolved."""
        return self.resolved.get(slot.head, [])

    def token(self, tok: Token) -> list[tuple[str, str]]:
        """A pronoun, "there", or a definite description ("the carmaker") as (entity key, type)."""
        return self.resolved.get(tok.i, [])

    def note_raise(self, tok: Token, key: str, type_: str, kind: str = "raise") -> None:
        """``key`` raised money at ``tok`` from backers the sentence does not name ("In 2023 the holding
        company raised 12.9bn yuan in new capital"; kind "raise"), or the text gives its capital ("X's
        registered capital is 5bn yuan"; kind "capital"): the sentences after it may name who holds it."""
        self.raised.append((tok.i, key, type_, kind))

    def raised_before(self, tok: Token, exclude=frozenset(), kinds=("raise", "capital")) -> tuple[str, str, str] | None:
        """What the backers or holders at ``tok`` put money in: the last raise or capital noted before, of
        ``kinds``, within three sentences and in the same paragraph ("... raised 12.9bn yuan in new capital.
        X put in the largest share"; "X's registered capital is 5bn yuan. A holds 25%. B holds 10%."), as (key,
        type, "raised" or "capital")."""
        here = self.anchors.sentence_of(tok)
        for at, key, type_, kind in reversed(self.raised):
            if at >= tok.i:
                continue
            if here - self.anchors._sentence_of[at] > 3 or "\n" in self.anchors.text[tok.doc[at].idx:tok.idx]:
                return None
            if kind not in kinds:
                return None
            if key in exclude:
                continue  # the register's own holder ("A holds 49%. A's founder ..."): look further back
            return key, type_, "raised" if kind == "raise" else kind
        return None

    def focus(self, tok: Token, types=("Firm",), exclude=frozenset(), head: str | None = None) -> tuple[str, str] | None:
        """What the text is about at ``tok``, for a statement that leaves its owner unsaid ("backers include
        X" of the firm the story follows): the firm a section heading names as its owner ("Aion's capital"),
        else the most salient entity of ``types`` mentioned before it, if it clearly stands out (no guess
        between two firms the text talks about as much)."""
        heading = self._heading_owner(tok, types, exclude)
        if heading:
            return heading
        ranked = self._ranked(tok, types, window=None, exclude=exclude, head=head)
        if not ranked:
            return None
        here = self.anchors.sentence_of(tok)
        named_here = {m.key for m in self.chain if m.sentence == here}  # a holder beside it is no owner of it
        rivals = [r for r in self._ranked(tok, RIVAL_TYPES, window=None, exclude=exclude)
                  if r[1][1] not in types and r[1][0] not in named_here]
        if rivals and rivals[0][0] > ranked[0][0]:
            return None  # a fund the text talks about more lately: the owner may be it, do not guess a firm
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < FOCUS_MARGIN or ranked[0][0] < FOCUS_FLOOR:
            # no firm stands out lately (two as salient, or one named only in passing): the story's own
            # subject, if the text so far names one far more than any other
            return self.story_subject(tok, types, exclude)
        return ranked[0][1]

    def sole_candidate(self, tok: Token, types, exclude=frozenset()) -> tuple[str, str] | None:
        """The one entity of ``types`` named before ``tok``, if the text has named exactly one."""
        ranked = self._ranked(tok, types, window=None, exclude=exclude)
        return ranked[0][1] if len(ranked) == 1 else None

    def story_subject(self, tok: Token, types, exclude=frozenset()) -> tuple[str, str] | None:
        """The entity of ``types`` named at least three times before ``tok`` and at least twice as often as any
        other (what a wire story or a company profile is about), or None."""
        counts: dict[str, list] = {}
        for m in self.chain:
            if m.token >= tok.i:
                break
            # every organisation counts toward what the story is about; only one of ``types`` may be it
            if m.type not in PLACES and m.type not in {"Person", "Industry"} and m.key not in exclude:
                counts.setdefault(m.key, [0, m.type])[0] += 1
        ranked = sorted(counts.items(), key=lambda kv: -kv[1][0])
        if not ranked or ranked[0][1][0] < STORY_MIN_MENTIONS:
            return None
        if len(ranked) > 1 and ranked[0][1][0] < 2 * ranked[1][1][0]:
            return None
        key, (_, type_) = ranked[0]
        return (key, type_) if type_ in types else None

    def _heading_owner(self, tok: Token, types, exclude) -> tuple[str, str] | None:
        """The possessor in the nearest section heading above ``tok`` (a short line without a full stop)."""
        doc = self.anchors.sdoc
        here = self.anchors.sentence(tok).start
        full = self.anchors.text
        for sent in reversed([s for s in self.anchors.sentences if s.end <= here]):
            words = [t for t in sent if not t.is_space and not t.is_punct]
            text = sent.text.strip()
            if not words or len(words) > 8 or text.endswith((".", "?", "!", ":", ";", '"', "”")) or "\n" not in \
                    sent.text + doc[sent.end:sent.end + 1].text_with_ws:
                continue
            named = {}
            for t in sent:
                slot = self.anchors.slot_at(t)
                type_ = "Firm" if slot is not None and slot.type == "Tentative" else slot and slot.type
                before = full[sent.start_char:t.idx]
                if before.count("(") > before.count(")"):
                    continue  # "Hesai (HSAI US)": a ticker in brackets is no second name
                if slot is not None and slot.key and type_ in types and slot.key not in exclude:
                    if doc[slot.head].dep_ == "poss":
                        return slot.key, slot.type  # "Aion's capital"
                    named[slot.key] = (slot.type, slot)
            if len(named) == 1:
                # "Hesai (HSAI US)", "Ruiqi Motors": a heading that is a name (and its ticker) titles its section
                (key, (type_, slot)), = named.items()
                rest = re.sub(r"\([^)]*\)", " ", full[sent.start_char:doc[slot.first].idx] + " " +
                              full[doc[slot.last].idx + len(doc[slot.last]):sent.end_char])
                if len(re.findall(r"[A-Za-z]\w*", rest)) <= 1:
                    return key, type_
            return None  # the nearest heading has no owner: what follows is not about one firm
        return None

    def is_reference(self, tok: Token) -> bool:
        low = tok.lower_
        if low in REFERRING_PRONOUNS or low == "there" or self._names_a_pair(tok):
            return True
        return self._description_types(tok) is not None

    @staticmethod
    def _names_a_pair(tok: Token) -> bool:
        """"The two will set up a venture", "a company the two jointly own", "the pair": two things named
        together before, referred to as such (not "the two companies", whose noun says what they are)."""
        return tok.lower_ in {"two", "pair"} and tok.dep_ in {"nsubj", "nsubjpass", "dobj", "pobj"} and any(
            c.dep_ == "det" and c.lower_ == "the" for c in tok.children)

    def _pair_before(self, tok: Token) -> list[tuple[str, str]]:
        """The names coordinated as the subject of the sentence before ``tok``'s ("A and B signed a deal. The
        two will set up ..."; "They will jointly own ..."), when there are two or more."""
        n = self.anchors.sentence_of(tok)
        if n == 0:
            return []
        root = self.anchors.sentences[n - 1].root
        named = list(dict.fromkeys((k, t) for s in grammar.subjects(root) for c in s.subtree
                                   if c.dep_ not in {"prep", "pobj", "relcl", "acl", "appos"}
                                   for k, t in self._named_at(c)))
        return named if len(named) > 1 and all(t in ORGANISATIONS for _, t in named) else []

    # ---- reading the document in order
    def _read(self) -> None:
        sdoc = self.anchors.sdoc
        slot_heads = {s.head: s for s in self.anchors.slots}
        for tok in sdoc:
            slot = self.anchors.slot_at(tok)
            if slot is not None:
                if tok.i != slot.head:
                    continue
                if slot.key is not None:
                    self._mention(tok, slot.key, slot.type)
                    continue
                found = self._slot(slot)
            elif tok.i in slot_heads or not self.is_reference(tok):
                continue
            else:
                found = self._token(tok)
            self.resolved[tok.i] = found
            for key, type_ in found:
                self._mention(tok, key, type_)

    def _mention(self, tok: Token, key: str, type_: str) -> None:
        type_ = "Firm" if type_ == "Tentative" else type_  # a name nothing typed yet is taken for a firm
        head = tok
        subject = head.dep_ in SUBJECT_DEPS or (head.dep_ == "appos" and head.head.dep_ in SUBJECT_DEPS)
        made = head.head if head.dep_ in {"dobj", "nsubjpass"} else head.head.head if head.dep_ == "appos" \
            and head.head.dep_ in {"dobj", "nsubjpass"} else None
        created = made is not None and made.pos_ == "VERB" and made.lemma_.lower() in CREATING
        self.chain.append(Mentioned(tok.i, self.anchors.sentence_of(tok), key, type_, subject, created))
        self.count[key] = self.count.get(key, 0) + 1

    # ---- rules
    def _slot(self, slot: Slot) -> list[tuple[str, str]]:
        tok = self.anchors.sdoc[slot.head]
        ref = slot.ref
        if ref == "Government":
            city = self.ents.city_before(slot.mention.start) or self.ents.focus_city
            if not city:
                return []
            return [(self.ents.government_of(city), "GovernmentBody")]
        if ref in {"It", "ItObject", "Subject"}:
            return self._pronoun(tok, "it")
        if tok.lower_ in REFERRING_PRONOUNS:
            return self._pronoun(tok, tok.lower_)  # "its backers": a pronoun, bound and excluded as pronouns are
        if ref in {"City", "Province", "District"}:
            hit = self._best(tok, REF_TYPES[ref], window=None)
            if hit is None and ref == "City" and self.ents.focus_city:
                key = next((k for k, e in self.ents.entities.items()
                            if e.type == "City" and e.name == self.ents.focus_city), None)
                return [(key, "City")] if key else []
            return [hit] if hit else []
        types = REF_TYPES.get(ref or "")
        if not types or self._quoted(tok):
            return []
        exclude = self._clause_subjects(tok)  # "X sold a stake in the carmaker": not X
        hit = self._best(tok, types, window=None, words=self._modifiers(tok), head=tok.lemma_.lower(),
                         exclude=exclude, favoured=self._heading_key(tok, types, exclude))
        return [hit] if hit else []

    def _token(self, tok: Token) -> list[tuple[str, str]]:
        low = tok.lower_
        if self._names_a_pair(tok):
            return self._pair_before(tok)
        if low == "they" and tok.dep_ in {"nsubj", "nsubjpass"} and tok.i == self.anchors.sentence(tok).start:
            pair = self._pair_before(tok)  # "A and B signed a deal. They will jointly own X"
            if pair:
                return pair
        if low in REFERRING_PRONOUNS:
            return self._pronoun(tok, low)
        if low == "there":
            hit = self._best(tok, PLACES, window=2)
            return [hit] if hit else []
        types = self._description_types(tok)
        if not types or self._quoted(tok):
            return []
        if tok.text in {"Company", "Issuer"} and tok.i > self.anchors.sentence(tok).start + 1:
            # "the Company" capitalised, as filings and releases write it: the company reporting, not the
            # last one named
            hit = self.focus(tok, types=types)
            return [hit] if hit else []
        counted = [COUNTED[c.lower_] for c in tok.children
                   if c.dep_ in {"nummod", "det", "predet"} and c.lower_ in COUNTED]
        if counted:
            # "the two vehicles", "both companies": as many things of the kind as were named last, or nothing
            return self._last_named(tok, types, counted[0]) if tok.tag_ == "NNS" else []
        if any(c.dep_ in {"nummod", "det", "predet"} and c.lower_ == "all" for c in tok.children):
            return []  # "all the companies": several things, which no single antecedent is
        level = self._level(tok)
        exclude = frozenset(k for k in self.count if level and not self._named_for(k, level)) | self._clause_subjects(tok)
        hit = self._best(tok, types, window=None, words=self._modifiers(tok), exclude=exclude, head=tok.lemma_.lower(),
                         favoured=self._heading_key(tok, types, exclude))
        return [hit] if hit else []

    def _last_named(self, tok: Token, types, count: int) -> list[tuple[str, str]]:
        """The ``count`` entities of ``types`` named last before ``tok``, within the three sentences before its
        own, whose names carry the description's proper words ("A took 29% and Wuxi B 20%. Wuxi C has also
        subscribed. The two Wuxi vehicles were bankrolled by X": B and C) or its kind ("both funds": "... Fund");
        else the things the sentence before had as its subject ("A and B took 20% each. Both vehicles ...")."""
        words, head = self._modifiers(tok), tok.lemma_.lower()
        pair = self._pair_before(tok)
        if len(pair) == count and all(t in types for _, t in pair) and not words:
            return pair
        if not words and head not in NAMED_HEADS:
            return []  # ("the three truck groups": which three, only a name's own words could tell)
        here = self.anchors.sentence_of(tok)
        found: list[tuple[str, str]] = []
        for m in reversed(self.chain):
            if m.token >= tok.i or m.type not in types or (m.key, m.type) in found:
                continue
            if m.sentence < here - 3:
                break
            ent = self.ents.entities[m.key]
            # only names that say what the description says: "the two Wuxi vehicles" are named "Wuxi ...",
            # "both funds" "... Fund" (where the kind is one names carry)
            if not all(any(n.lower().startswith(w) for n in [ent.name, *ent.aliases]) for w in words) \
                    or head in NAMED_HEADS and not names_as(ent.name, head):
                continue  # (a name that opens with the word: "Wuxi X", not "X (Wuxi)", a unit placed there)
            found.append((m.key, m.type))
            if len(found) == count:
                return found[::-1]
        return []

    def _clause_subjects(self, tok: Token) -> frozenset[str]:
        """The names a word in a verb's object (or in a preposition's object inside it) cannot refer back
        to: that verb's own subjects ("X founded A and went on to run it", "X held 51% of the vehicle")."""
        cur = tok
        while cur.dep_ in {"pobj", "prep", "poss"} and cur.head != cur:  # ("sold a fifth of the carmaker's shares")
            cur = cur.head
        if cur.dep_ not in {"dobj", "dative"} and not (tok.dep_ == "pobj" and cur.pos_ in {"VERB", "AUX"}):
            return frozenset()
        verb = cur.head if cur.dep_ in {"dobj", "dative"} else cur
        while verb.pos_ not in {"VERB", "AUX"} and verb.head != verb:
            verb = verb.head
        return frozenset(k for s in grammar.subjects(verb) for c in grammar.coordinated(s)
                         for k, _ in self._named_at(c))

    def _agent_described(self, tok: Token, types) -> list[tuple[str, str]]:
        """"X, the group founded by Zhang, who is its chief executive": a possessive in a relative clause on the
        agent of a participle is what the participle describes, not the sentence's subject."""
        clause = next((a for a in tok.ancestors if a.dep_ == "relcl"), None)
        if clause is None:
            return []
        agent = clause.head
        if agent.dep_ != "pobj" or agent.head.dep_ != "agent" or agent.head.head.dep_ not in {"acl", "relcl"}:
            return []
        described = agent.head.head.head
        for cand in (described, described.head if described.dep_ == "appos" else None):
            named = [(k, t) for k, t in (self._named_at(cand) if cand is not None else [])
                     if ("Firm" if t == "Tentative" else t) in types]
            if named:
                return named
        return []

    def _pronoun(self, tok: Token, word: str) -> list[tuple[str, str]]:
        types = REFERRING_PRONOUNS[word]
        # "X said it would ...": the speaker
        clause = tok.head
        if tok.dep_ in SUBJECT_DEPS and clause.dep_ == "ccomp" and clause.head.lemma_ in REPORTING:
            for s in clause.head.children:
                if s.dep_ in SUBJECT_DEPS:
                    slot = self.anchors.slot_at(s)
                    type_ = "Firm" if slot is not None and slot.type == "Tentative" else slot and slot.type
                    if slot is not None and slot.key is not None and type_ in types:
                        return [(slot.key, slot.type)]
        if tok.dep_ == "poss":
            bound = self._bound(tok, types)
            if bound:
                return bound
            described = self._agent_described(tok, types)
            if described:
                return described
        if tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.dep_ == "conj" and tok.head.head.pos_ in {"VERB", "AUX"} \
                and word not in {"they", "them", "their"}:
            # "The Big Fund remains a shareholder, and last year it injected 12bn yuan": the first clause's subject
            firsts = [s for s in grammar.subjects(tok.head.head) if s.i < tok.i and s.lower_ not in REFERRING_PRONOUNS]
            named = [(k, t) for s in firsts[:1] if not any(c.dep_ == "conj" for c in s.children)
                     for k, t in self._named_at(s)]
            if len(named) == 1 and ("Firm" if named[0][1] == "Tentative" else named[0][1]) in types:
                return named
        if tok.dep_ in {"nsubj", "nsubjpass"} and word == "they" and tok.head.dep_ == "conj":
            # "A and B founded X in 2018, and they still own 60% of it": the first clause's coordinated subjects
            firsts = [s for s in grammar.subjects(tok.head.head) if s.i < tok.i]
            # (every name in the subject: the parser may hang "A and B" as a modifier of B)
            named = list(dict.fromkeys((k, t) for s in firsts[:1] for c in s.subtree
                                       if c.dep_ not in {"prep", "pobj", "relcl", "acl", "appos"}
                                       for k, t in self._named_at(c)))
            if len(named) > 1:
                return named
        places = PLACES[:3] if word in PLACE_PRONOUNS else ()
        # "X founded A and went on to run it": an object pronoun is not its own clause's subject
        exclude = self._clause_subjects(tok) if tok.dep_ in {"dobj", "pobj", "dative"} else frozenset()
        if word == "its":  # nor any name of a list that is the subject of its clause
            exclude |= frozenset(k for k, n in self._list_subject(tok) if n > 1)
        if tok.dep_ == "poss" and tok.head.dep_ == "appos":
            # "X, its wholly owned project arm": the apposition says whose X is; "its" is not X itself
            exclude |= frozenset(k for k, _ in self._named_at(tok.head.head))
        if tok.dep_ == "poss":
            verb = tok.head
            while verb.dep_ in {"attr", "pobj", "prep"} and verb.head != verb:
                verb = verb.head
            if verb.lemma_ in COPULAR and verb.dep_ == "conj" and verb.head.lemma_ in COPULAR:
                # "Its general partner is A, and its largest limited partner is B": the same "its" both times
                for s in grammar.subjects(verb.head):
                    for c in s.subtree:
                        if c.dep_ == "poss" and c.lower_ == word and self.resolved.get(c.i):
                            return self.resolved[c.i]
            if verb.lemma_ in COPULAR:  # "X is its largest shareholder", "X was among its backers": not X's
                clauses = {t.i for s in grammar.subjects(verb) for c in s.children if c.dep_ in {"acl", "relcl"}
                           for t in c.subtree}
                exclude |= frozenset(k for s in grammar.subjects(verb) for c in s.subtree if c.i not in clauses
                                     for k, _ in self._named_at(c))
                # "X invested in Y in 2015, becoming one of its largest shareholders": what X acted on (the
                # parser may hang the first verb on X as a participle)
                acts = [verb.head] if verb.dep_ in {"advcl", "conj"} else []
                acts += [c for s in grammar.subjects(verb) for c in s.children if c.dep_ in {"acl", "relcl"}]
                for act in acts:
                    for o in grammar.objects(act) + grammar.prep_objects(act, {"in", "into"}):
                        for key, type_ in self._named_at(o):
                            if key not in exclude and ("Firm" if type_ == "Tentative" else type_) in types:
                                return [(key, type_)]
        hit = self._best(tok, types + places, window=PRONOUN_WINDOW, possessive=tok.dep_ == "poss",
                         subject_only=set(places), exclude=exclude)
        return [hit] if hit else []

    def _list_subject(self, tok: Token) -> list[tuple[str, int]]:
        """The names of the subject of the clause ``tok`` is in, each with the length of the list they form."""
        cur = tok.head
        for _ in range(8):
            if cur.pos_ in {"VERB", "AUX"} or cur.head == cur:
                break
            cur = cur.head
        out = []
        for s in cur.children:
            if s.dep_ in SUBJECT_DEPS and tok.i not in {t.i for t in s.subtree}:  # not "A, through its unit, and B"
                listed = self._names_listed(grammar.antecedent(s) or s)
                out += [(k, len(listed)) for k in listed]
        return out

    def _names_listed(self, head: Token) -> list[str]:
        """The names of the noun phrase ``head`` is in, a list counting all its items ("A, B and C", also as
        the parser glues them), not the names in clauses that describe it."""
        while head.dep_ == "conj" and head.head != head:
            head = head.head  # "which" hangs on a list's last name
        keys: list[str] = []
        stack = [head]
        while stack:
            t = stack.pop()
            for k, type_ in self._named_at(t):
                if k not in keys and type_ not in PLACES:
                    keys.append(k)
            # a named apposition in a list is the parser's glue between items ("A, B and C" as A + appos); an
            # apposition that describes ("BYD, the Shenzhen-based maker") or a possessor is no item
            stack.extend(c for c in t.children if c.dep_ not in {"relcl", "acl", "prep", "poss", "appos"}
                         or c.dep_ == "appos" and self.anchors.slot_at(c) is not None)
        return keys

    def _named_at(self, tok: Token) -> list[tuple[str, str]]:
        slot = self.anchors.slot_at(tok)
        if slot is not None and slot.key is not None:
            return [(slot.key, slot.type)]
        return self.resolved.get(tok.i, [])

    def _bound(self, tok: Token, types) -> list[tuple[str, str]]:
        """A possessive in a clause's predicate is its subject's: "Lingrui counts Yutong among its customers",
        "the venture that has its biggest base in Shenyang", "A and B count X as their customer"."""
        np = tok.head
        if np.dep_ == "conj" and self.anchors.slot_at(np.head) is not None:
            slot = self.anchors.slot_at(np.head)  # "A and its subsidiary B": its = A
            type_ = "Firm" if slot.type == "Tentative" else slot.type
            return [(slot.key, slot.type)] if slot.key is not None and type_ in types else []
        cur = tok.head
        for _ in range(6):
            if cur.pos_ in {"VERB", "AUX"} or cur.head == cur:
                break
            if cur.dep_ not in {"pobj", "prep", "dobj", "attr", "oprd", "npadvmod", "dative", "conj", "compound"}:
                return []  # a possessive inside the subject, an apposition or a modifier binds nothing
            cur = cur.head
        if cur.pos_ not in {"VERB", "AUX"} or cur.lemma_ in COPULAR:
            return []  # "X is its largest shareholder", "X was among its backers": someone else's
        out = []
        for s in cur.children:
            if s.dep_ not in SUBJECT_DEPS or tok.i in {t.i for t in s.subtree}:
                continue
            head = s.head.head if s.lower_ in {"which", "that", "who"} and s.head.dep_ == "relcl" else s
            if tok.lower_ == "its" and len(self._names_listed(head)) > 1:
                return []  # "A, B and C, which supply chips for its phones": "its" is no list's
            for t in [head, *[c for c in head.children if c.dep_ in {"conj", "appos"}]]:
                slot = self.anchors.slot_at(t)
                if slot is None and t.dep_ != "conj":
                    slot = next((self.anchors.slot_at(a) for a in [t.head] if t.dep_ == "appos"), None)
                if slot is not None and slot.key is not None:
                    type_ = "Firm" if slot.type == "Tentative" else slot.type
                    if type_ in types and (slot.key, slot.type) not in out:
                        out.append((slot.key, slot.type))
        return out[:1] if tok.lower_ != "their" else out

    def _description_types(self, tok: Token) -> tuple[str, ...] | None:
        """The types "the <noun>" refers to, when ``tok`` heads such a definite description."""
        if tok.pos_ not in {"NOUN", "PROPN"} or self.anchors.slot_at(tok) is not None:
            return None
        phrase = tok.lemma_.lower()
        compounds = [c for c in tok.children if c.dep_ == "compound" and c.i == tok.i - 1]
        if compounds and f"{compounds[0].lemma_.lower()} {phrase}" in self.nouns:
            phrase = f"{compounds[0].lemma_.lower()} {phrase}"
        if phrase not in self.nouns:
            return None
        dets = [c for c in tok.children if c.dep_ in {"det", "poss"}]
        if not dets and tok.dep_ == "compound" and tok.i > 0 and tok.doc[tok.i - 1].lower_ == "the" \
                and tok.doc[tok.i - 1].head == tok.head:
            dets = [tok.doc[tok.i - 1]]  # "the Company designs ..." read as a compound of "designs": its "the"
        if not dets or dets[0].lower_ not in {"the", "this", "that", "both"}:
            return None  # ("both vehicles": as "the two vehicles")
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            return None  # "the company of X" is described by its complement, not a back-reference
        if tok.dep_ == "appos" and self.anchors.slot_at(tok.head) is not None or any(
                c.dep_ == "appos" and self.anchors.slot_at(c) is not None and not self.anchors.share_follows(c)
                for c in tok.children):
            return None  # "the carmaker, Xinlian": named right here
        return self.nouns[phrase]

    def _modifiers(self, tok: Token) -> list[str]:
        """Proper words inside the description that the entity's name should share ("the Wuhu platform")."""
        out = []
        for c in tok.children:
            if c.dep_ in {"compound", "amod", "nmod"} and c.i < tok.i and c.text[:1].isupper():
                slot = self.anchors.slot_at(c)
                out.append((self.ents.entities[slot.key].name if slot and slot.key else c.text).lower())
        return out

    @staticmethod
    def _hints(tok: Token) -> tuple[str, ...]:
        """Lower-case words of a description a name may share ("the heavy-industry group", "the holding group"):
        a preference, not a requirement (unlike a proper word, see _modifiers)."""
        mods = [c for c in tok.children if c.dep_ in {"compound", "amod", "nmod"} and c.i < tok.i]
        mods += [g for c in mods for g in c.children if g.dep_ in {"compound", "amod"} and g.i < c.i]  # heavy-machinery
        words = [w for c in mods if c.text[:1].islower() for w in c.lower_.split("-")]
        return tuple(w for w in words if w not in HINT_STOP and len(w) > 2)

    def _level(self, tok: Token) -> str | None:
        """'the provincial fund': the place type a description's tier adjective calls for in the name."""
        for c in tok.children:
            if c.dep_ == "amod" and c.lower_ in LEVELS:
                return LEVELS[c.lower_]
        return None

    def _named_for(self, key: str, place_type: str) -> bool:
        first = self.ents.entities[key].name.split()[0]
        place = self.ents.lex.place_alias.get(first)
        return place is not None and self.ents.lex.places[place].type == place_type

    def _quoted(self, tok: Token) -> bool:
        sent = self.anchors.sentence(tok)
        return self.anchors.text[sent.start_char:tok.idx].count('"') % 2 == 1

    def _best(self, tok: Token, types, window: int | None, words=(), possessive: bool = False,
              subject_only=frozenset(), exclude=frozenset(), head: str | None = None,
              favoured: str | None = None) -> tuple[str, str] | None:
        ranked = self._ranked(tok, types, window, words, possessive, subject_only, exclude, head, favoured,
                              hints=self._hints(tok) if head else ())
        return ranked[0][1] if ranked else None

    def _heading_key(self, tok: Token, types, exclude=frozenset()) -> str | None:
        """The fund the section heading above ``tok`` is named for ("III. X Industry Fund"): "the fund" in that
        section is most likely it. Only for a description whose head a name carries (NAMED_HEADS), and only a
        heading that names it as a fund, not a headline's possessor ("Geely's EV Push")."""
        head = tok.lemma_.lower()
        if head not in NAMED_HEADS:
            return None
        owner = self._heading_owner(tok, types, exclude)
        return owner[0] if owner and names_as(self.ents.entities[owner[0]].name, head) else None

    def _ranked(self, tok: Token, types, window: int | None, words=(), possessive: bool = False,
                subject_only=frozenset(), exclude=frozenset(), head: str | None = None, favoured: str | None = None,
                hints=()) -> list[tuple[float, tuple[str, str]]]:
        """Candidate antecedents of ``tok``, best first, one per entity, with their salience scores."""
        here = self.anchors.sentence_of(tok)
        best: dict[str, tuple[float, tuple[str, str]]] = {}
        head_named = head in NAMED_HEADS and any(
            names_as(self.ents.entities[c.key].name, head) for c in self.chain
            if c.token < tok.i and c.type in types and c.key not in exclude)
        for m in self.chain:
            if m.type not in types or (m.type in subject_only and not m.subject) or m.key in exclude:
                continue
            if m.token >= tok.i:
                break
            distance = here - m.sentence
            if window is not None and distance >= window:
                continue
            if words:
                ent = self.ents.entities[m.key]
                names = " ".join([ent.name, *ent.aliases]).lower()
                if not all(w in names for w in words):
                    continue
            score = -1.5 * min(distance, 4) + (1.2 if m.subject else 0.0) + 0.35 * min(self.count[m.key], 6)
            if m.created and distance <= 1:
                score += 2.5  # what was just set up is what the next words go on about ("A will subscribe 51%")
            elif m.created and distance <= 5:
                score += 1.5  # and the passage after it goes on about it ("The general partner is X")
            if words and self.ents.entities[m.key].name.lower().startswith(words[0]):
                score += 1.0  # "the Wuxi group": a name that starts with the word, over one that only has it
            carries_head = bool(head) and names_as(self.ents.entities[m.key].name, head)
            if head_named and not carries_head:
                continue  # "the fund": one named a fund ("X Fund"), when there is one, not an investment group
                # the model typed as a fund
            if m.key == favoured:
                score += 5.0  # the section's own subject, over one named in passing since
            if carries_head:
                score += 1.5  # "the group": a name that says it is one ("X Group") over one that does not
            if hints and all(h in set(re.split(r"[\s\-]+", self.ents.entities[m.key].name.lower())) for h in hints):
                score += 4.0  # "the heavy-industry group": a name with those words ("X Heavy Industry Group")
            if distance == 0:
                score += (2.0 - 0.05 * (tok.i - m.token)) if possessive else 0.5
            score += 0.0001 * m.token  # the later of equals
            if m.key not in best or score > best[m.key][0]:
                best[m.key] = (score, (m.key, m.type))
        return sorted(best.values(), key=lambda b: -b[0])


# description words that say nothing of a name: "the state-owned group", "the new venture", "the local firm"
HINT_STOP = {"state", "owned", "new", "local", "big", "biggest", "large", "largest", "main", "former", "listed",
             "private", "city", "municipal", "provincial", "district", "county", "national", "central", "same", "other",
             "parent", "unit", "own", "chinese", "foreign", "german", "american", "japanese", "british", "french",
             "korean", "wholly", "majority", "minority", "controlling", "leading", "top", "key", "early", "first",
             "second", "third", "last", "based", "run", "backed", "controlled", "funded", "its", "the"}


def names_as(name: str, head: str) -> bool:
    """Whether a proper name says it is a ``head`` ("X Equity Investment Fund" for "fund"; not a description the
    text gave a name to, "Beijing municipal guidance fund"; nor "X Fund Management", which manages one).

    >>> names_as("Qilan Industry Fund (Limited Partnership)", "fund"), names_as("Qilan Fund Management", "fund")
    (True, False)
    """
    words = name.split()
    word = head.capitalize()
    return word in words and not any(w.strip(".,").lower() in MANAGING_WORDS for w in words[words.index(word) + 1:])
