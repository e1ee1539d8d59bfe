"""Filling a frame's roles: from role paths (``frames.yaml``) over the parse to the entities they name.

A role path (``subject``, ``prep:in|into``, ``owner``, ``holder`` ...) gives tokens (see
:mod:`grammar`); :meth:`Roles.expand` turns a token into the entities it denotes:

- a token inside a mention: that mention's entity (a back-reference mention is resolved first);
- a relative pronoun: its antecedent; a pronoun or a definite description: what :mod:`discourse`
  resolves it to;
- a description next to a name ("a carmaker, Xinlian", "Xinlian, a carmaker") or around one ("the
  Xinlian fund", "the semiconductor chain"): the name;
- a collective ("a consortium led by A, together with B"; "investors including A and B"): its members;
- coordination throughout: "A, B and C" is three entities, also where the parser glued the names
  into one phrase ("A Capital and B Investment").
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from . import grammar
from .anchors import Anchors
from .discourse import Discourse

COLLECTIVES = {"consortium", "group", "syndicate", "investor", "backer", "shareholder", "partner", "lender", "bank",
               "institution", "party", "company", "firm", "fund", "member", "entity", "vehicle", "buyer", "bidder",
               "participant", "newcomer", "holder", "stakeholder", "owner", "alliance", "team", "pair"}
MEMBER_PREPS = {"including", "include", "like", "alongside", "among"}
CHAIN_NOUNS = {"chain", "industry", "sector", "cluster", "supply-chain", "base", "field", "segment", "sectors",
               "industries", "chains"}
ORG_DESCRIPTORS = {"fund", "company", "firm", "group", "unit", "venture", "platform", "vehicle", "partnership",
                   "bank", "investor", "carmaker", "maker", "arm", "subsidiary", "affiliate", "chipmaker",
                   "manufacturer", "supplier", "startup", "start-up", "developer", "insurer", "brokerage",
                   "lender", "giant", "conglomerate", "automaker", "producer", "operator", "foundry", "government",
                   "commission", "bureau", "regulator", "committee", "university", "institute"}


@dataclass(frozen=True)
class Filler:
    """An entity in a role, and how it was reached."""

    key: str
    type: str
    token: int  # where in the sentence it fills the role
    whole: bool = False  # the role is filled by the entity itself, not by a share of it ("paid X for Y")


class Roles:
    def __init__(self, anchors: Anchors, discourse: Discourse):
        self.anchors = anchors
        self.discourse = discourse

    # ---------------------------------------------------------------- from tokens to entities
    def expand(self, tok: Token, _depth: int = 0) -> list[Filler]:
        """The entities ``tok`` denotes, with everything coordinated with it."""
        out: list[Filler] = []
        seen: set[str] = set()
        for t in self._with_conjuncts(tok):
            for f in self._denotes(t, _depth):
                if f.key not in seen:
                    seen.add(f.key)
                    out.append(f)
        return out

    def _with_conjuncts(self, tok: Token) -> list[Token]:
        toks = grammar.coordinated(tok)
        slot = self.anchors.slot_at(tok)
        if slot is not None:
            # a coordinated name the parser attached inside this one ("A Capital and B Investment" as one
            # noun phrase): a separate mention whose head hangs off this mention, with "and" or "," between
            for other in self.anchors.sentence_slots(slot.sentence):
                if other is slot or other.last >= slot.first:
                    continue
                head = self.anchors.sdoc[other.head]
                if head.head.i < slot.first or head.head.i > slot.last or head.dep_ not in {"compound", "nmod", "amod"}:
                    continue
                between = self.anchors.sdoc[other.last + 1:slot.first]
                if any(t.lower_ in {"and", ",", "&", "or"} for t in between):
                    toks.append(head)
            # "A, together with B and C," / "A, alongside B": B and C act with A
            for prep in self.anchors.sdoc[slot.head].children:
                if prep.dep_ == "prep" and (prep.lower_ == "alongside" or (
                        prep.lower_ == "with" and any(c.lower_ in {"together", "along"} for c in prep.children))):
                    for o in prep.children:
                        if o.dep_ == "pobj":
                            toks += grammar.coordinated(o)
        return toks

    def _denotes(self, t: Token, depth: int) -> list[Filler]:
        if depth > 4:
            return []
        slot = self.anchors.slot_at(t)
        if slot is not None:
            if slot.key is not None:
                return [Filler(slot.key, slot.type, t.i)]
            return [Filler(k, ty, t.i) for k, ty in self.discourse.slot(slot)]
        ante = grammar.antecedent(t)
        if ante is not None:
            return self.expand(ante, depth + 1)
        if self.discourse.is_reference(t):
            resolved = [Filler(k, ty, t.i) for k, ty in self.discourse.token(t)]
            if resolved:
                return resolved
        if t.pos_ not in {"NOUN", "PROPN", "NUM", "X", "ADJ"}:
            return []
        out: list[Filler] = []
        # "a carmaker, Xinlian" / "Xinlian, a carmaker": the description is the name
        for c in t.children:
            if c.dep_ == "appos" and self.anchors.slot_at(c) is not None:
                out += self.expand(c, depth + 1)
        if t.dep_ == "appos" and self.anchors.slot_at(t.head) is not None:
            out += self._denotes(t.head, depth + 1)
        if out:
            return out
        lemma = t.lemma_.lower()
        # "the Xinlian fund", "its Baishan Hailan unit", "the integrated-circuit chain": a name inside
        if lemma in ORG_DESCRIPTORS or lemma in CHAIN_NOUNS:
            for c in t.children:
                if c.dep_ in {"compound", "nmod", "amod"} and c.i < t.i:
                    slot = self.anchors.slot_at(c)
                    if slot is not None and slot.key is not None and (
                            lemma in CHAIN_NOUNS and slot.type == "Industry"
                            or lemma in ORG_DESCRIPTORS and slot.type not in {"Industry", "City", "Province",
                                                                              "Country", "District"}):
                        out.append(Filler(slot.key, slot.type, c.i))
            if out:
                return out
        # a collective: "a consortium led by A", "investors including A and B"
        if lemma in COLLECTIVES:
            for m in self.members(t):
                out += self.expand(m, depth + 1)
        return out

    def members(self, noun: Token) -> list[Token]:
        out = []
        for c in noun.children:
            if c.dep_ == "acl" and c.lemma_ in {"lead", "head", "include", "co-lead", "anchor", "comprise"}:
                out += [p for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
                out += [o for o in c.children if o.dep_ == "dobj"]
            elif c.dep_ == "prep" and (c.lower_ in MEMBER_PREPS or c.lower_ == "such" or (
                    c.lower_ == "with" and any(x.lower_ in {"together", "along"} for x in c.children))):
                out += [o for o in c.children if o.dep_ == "pobj"]
                out += [o for x in c.children if x.dep_ == "prep" for o in x.children if o.dep_ == "pobj"]  # such as
            elif c.dep_ == "appos":
                out.append(c)
        return out

    # ---------------------------------------------------------------- role paths
    def tokens(self, trigger: Token, kind: str, path: str) -> list[tuple[Token, bool]]:
        """Tokens a role path reaches from ``trigger``; the flag marks a whole entity (not a share of it)."""
        if path == "subject":
            return [(t, False) for t in (grammar.subjects(trigger) if kind == "verb" else self._noun_subject(trigger))]
        if path == "object":
            return [(t, False) for t in grammar.objects(trigger)]
        if path == "agent":
            return [(p, False) for a in trigger.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
        if path == "holder":
            return [(t, False) for t in self.holders(trigger)]
        if path in {"owner", "owner:poss"}:
            nouns = [trigger] if kind == "noun" else grammar.objects(trigger)
            out = []
            for n in nouns:
                if path == "owner:poss":
                    out += [(p, False) for p in grammar.possessors(n)]
                else:
                    out += [(o, False) for o in self.owners(n)]
            return out
        if path == "from":
            hosts = [trigger] + grammar.objects(trigger)
            for c in trigger.children:
                if c.dep_ == "prep" and c.lower_ in {"with", "of"}:
                    hosts += [o for o in c.children if o.dep_ == "pobj"]
            return [(t, False) for h in hosts for t in grammar.prep_objects(h, {"from"}, predicate=h is trigger)]
        if path == "place":
            return [(c, False) for c in trigger.children if c.dep_ in {"compound", "nmod", "amod"} and c.i < trigger.i]
        if path.startswith("prep:"):
            spec = path[5:]
            then_owner = spec.endswith(">owner")
            preps = set(spec.removesuffix(">owner").split("|"))
            hosts = [trigger] + (grammar.objects(trigger) if kind == "verb" else [])
            found = [t for h in hosts for t in grammar.prep_objects(h, preps, predicate=(h is trigger))]
            if not then_owner:
                return [(t, False) for t in found]
            out = []
            for t in found:
                if self.anchors.slot_at(t) is not None or self.discourse.is_reference(t):
                    out.append((t, True))  # "paid 5bn for Xinlian": the firm itself
                else:
                    out += [(o, False) for o in self.owners(t)]
            return out
        raise ValueError(f"unknown role path {path!r}")

    def owners(self, noun: Token) -> list[Token]:
        """Whose ``noun`` is (see :func:`grammar.owners`), plus names compounded with a title:
        'the Xinlian founder', 'Xinlian chief executive Gao Lin'."""
        out = grammar.owners(noun)
        if not any(c.dep_ == "poss" or c.dep_ == "prep" for c in noun.children):
            holder_slots = {id(self.anchors.slot_at(h)) for h in self.holders(noun)}
            for c in noun.children:
                if c.dep_ in {"compound", "nmod"} and c.i < noun.i and self.anchors.slot_at(c) is not None \
                        and id(self.anchors.slot_at(c)) not in holder_slots and c not in out:
                    out.append(c)
            if noun.dep_ == "compound":
                # "Xinlian Chief Executive Gao Lin": all words hang off the name; the org is a sibling before
                for c in noun.head.children:
                    if c.dep_ == "compound" and c.i < noun.i and self.anchors.slot_at(c) is not None \
                            and self.anchors.slot_at(c) is not self.anchors.slot_at(noun.head):
                        out.append(c)
        return out

    def holders(self, noun: Token) -> list[Token]:
        out = grammar.holders(noun)
        # "its Baishan Hailan unit": the name inside the description, when the owner is named apart
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in noun.children):
            for c in noun.children:
                if c.dep_ in {"compound", "nmod"} and c.i < noun.i and self.anchors.slot_at(c) is not None:
                    out.append(c)
        return out

    def _noun_subject(self, noun: Token) -> list[Token]:
        # "X made an investment in Y", "X led the round": the subject of the verb the noun is the object of
        if noun.dep_ in {"dobj", "nsubjpass"}:
            return grammar.subjects(noun.head)
        return []
