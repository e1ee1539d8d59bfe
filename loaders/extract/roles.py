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
from .discourse import REFERRING_PRONOUNS, Discourse

COLLECTIVES = {"consortium", "group", "syndicate", "investor", "backer", "shareholder", "partner", "lender", "bank",
               "institution", "party", "company", "firm", "fund", "member", "entity", "vehicle", "buyer", "bidder",
               "participant", "newcomer", "holder", "stakeholder", "owner", "alliance", "team", "pair",
               "enterprise", "heavyweight", "behemoth", "giant", "name", "player", "carmaker", "maker", "champion",
               "customer", "client", "supplier", "business", "round", "financing", "placement"}
# verbs whose particle the parser often reads as a preposition, leaving the object inside it
PARTICLES = {"put": "in", "pay": "in", "chip": "in", "pitch": "in", "pile": "in", "take": "up", "buy": "up",
             "snap": "up", "pick": "up"}
QUANTITIES = {"most", "much", "all", "part", "some", "half", "bulk", "rest", "remainder", "balance", "majority", "share"}
MEMBER_PREPS = {"including", "include", "like", "alongside", "among"}
CHAIN_NOUNS = {"chain", "industry", "sector", "cluster", "supply-chain", "base", "field", "segment", "sectors",
               "industries", "chains", "hub", "centre", "center", "powerhouse", "heartland", "capital"}
# Plural descriptions in apposition to a list stand for all of it: "A and B, the pair who founded X"
PLURAL_APPOSITIVES = {"pair", "duo", "trio", "two", "three", "both", "founders", "partners", "investors", "brothers",
                      "couple", "executives"}
EVENTS = {"round", "financing", "fundraising", "placement", "placing", "offering", "ipo", "tranche", "deal",
          "series", "raise", "investment", "increase", "injection", "restructuring", "transaction", "issue",
          "close", "closing", "listing", "flotation"}  # (a fund's "first close"; "an anchor investor in X's listing")
# parts of a whole, said of shares: "a fifth of its shares", "half of the stake"
SHARE_PARTS = {"half", "third", "quarter", "fifth", "sixth", "tenth", "two-thirds", "three-quarters", "two-fifths",
               "majority", "most", "part", "bulk", "some", "all"}
SHAREHOLDER_NOUNS = {"shareholder", "investor", "owner", "holder", "backer", "stakeholder", "partner"}
# what a holder has of a company: in "X's stake in Y", "X's half of Y" the possessor is the holder, Y the company
SHARES = {"stake", "share", "holding", "interest", "equity", "shareholding", "%", "percent", "cent", "half", "third",
          "quarter", "two-thirds", "three-quarters"}
# verbs of joining forces: "A teamed up with B to set up C"
PARTNERING = {"team", "partner", "join", "tie", "link", "cooperate", "collaborate", "combine", "ally", "work", "unite"}
# participles that name who made goods: "batteries made by X"
MAKING = {"make", "supply", "produce", "manufacture", "build", "provide", "design", "develop", "assemble", "sell"}
PLANS = {"plan", "policy", "strategy", "programme", "program", "blueprint", "roadmap", "initiative"}
PLACE_NOUNS = {"district", "county", "city", "province", "zone", "area", "town"}
# Unnamed vehicles that stand for whoever owns or runs them
PROXIES = {"fund", "vehicle", "platform", "unit", "subsidiary", "company", "firm", "arm"}
# Unnamed parts of an organisation that stand for it as an owner or employer
FACILITIES = {"plant", "factory", "site", "base", "facility", "fab", "works", "campus", "centre", "center", "line",
              "gigafactory", "park"}
PARTS = {"board", "committee", "management", "team", "council", "unit", "division", "department", "arm",
         "subsidiary", "affiliate", "branch", "office", "bureau", "school", "faculty", "center", "centre",
         "laboratory", "lab"}
ORG_DESCRIPTORS = {"fund", "company", "firm", "group", "unit", "venture", "platform", "vehicle", "partnership",
                   "bank", "investor", "carmaker", "maker", "arm", "subsidiary", "affiliate", "chipmaker",
                   "manufacturer", "supplier", "startup", "start-up", "developer", "insurer", "brokerage",
                   "lender", "giant", "conglomerate", "automaker", "producer", "operator", "foundry", "government",
                   "commission", "bureau", "regulator", "committee", "university", "institute",
                   # what reporting calls a firm beside its rivals: "X, a rival backed by Y"
                   "rival", "competitor", "peer", "challenger", "newcomer", "upstart", "unicorn", "player",
                   "specialist", "business", "enterprise", "champion"}


REFERRING_PRONOUNS_SET = set(REFERRING_PRONOUNS)


COUNTING = {"count", "include", "list", "name", "number", "rank"}  # "X counts A among its backers"
# verbs whose subject comes to own what its object names: "X set up / bought Y, a unit"; not "X anchored Y, a
# vehicle" (money in, not ownership)
CREATING = {"set", "found", "establish", "create", "form", "launch", "start", "incorporate", "register", "spin",
            "carve", "incubate", "build", "buy", "acquire", "purchase", "take", "own", "control", "hold", "run",
            "operate", "open", "merge", "restructure", "rename", "list"}


def _counted_among(name: Token) -> bool:
    """A "with" phrase that counts names among a group ("launched with A and B among its backers"): they are
    the group's (backers), not partners in what the verb does."""
    first = name
    while first.dep_ == "conj":
        first = first.head
    if first.dep_ != "pobj" or first.head.lower_ != "with":
        return False
    hosts = (first, first.head.head)  # (the parser hangs "among" on the first name or on the verb)
    return any(c.dep_ == "prep" and c.lower_ == "among" and c.i > first.i for h in hosts for c in h.children)


@dataclass(frozen=True)
class Filler:
    """An entity in a role, and how it was reached."""

    key: str
    type: str
    token: int  # where in the sentence it fills the role
    whole: bool = False  # the role is filled by the entity itself, not by a share of it ("paid X for Y")
    named_at: int | None = None  # where the name stands when another sentence names it ("They were A and B.")


# verbs of spending on something: what is bought or built with the money is the spender's
SPENDING_VERBS = {"invest", "spend", "pour", "pump", "plough", "plow", "sink", "put"}


def collective(lemma: str) -> bool:
    """A noun that can stand for the names listed with it: "investors including A", "chipmakers such as B" (any
    trade's makers)."""
    return lemma in COLLECTIVES or lemma.endswith(("maker", "producer", "supplier"))


class Roles:
    def __init__(self, anchors: Anchors, discourse: Discourse, descriptors: frozenset[str] = frozenset()):
        self.anchors = anchors
        self.discourse = discourse
        # nouns that describe an organisation ("a carmaker", "the state fund"): the lexicon's and ours
        self.descriptors = frozenset(ORG_DESCRIPTORS) | {d.split()[-1] for d in descriptors}
        self.misread: dict[int, Token] = {}  # verbs the tagger read as nouns -> their subject (framing.misread_verb)

    # ---------------------------------------------------------------- from tokens to entities
    def expand(self, tok: Token, _depth: int = 0, conjuncts: bool = True, proxies: bool = True) -> list[Filler]:
        """The entities ``tok`` denotes, with everything coordinated with it (unless ``conjuncts`` is false:
        "A, chairman of X, and B" -- the apposition describes A alone). ``proxies``: may an unnamed vehicle
        stand for its owner ("a fund owned by X" as the subject of another verb, not as the object of its own
        "owned")."""
        if grammar.antecedent(tok) is not None:
            return self.expand(grammar.antecedent(tok), _depth + 1, conjuncts, proxies)  # "which": no conjuncts of its own
        out: list[Filler] = []
        seen: set[str] = set()
        for t in (self._with_conjuncts(tok) if conjuncts else [tok]):
            for f in self._denotes(t, _depth, proxies):
                if f.key not in seen:
                    seen.add(f.key)
                    out.append(f)
        return out

    def _with_conjuncts(self, tok: Token) -> list[Token]:
        slot = self.anchors.slot_at(tok)
        if slot is not None:
            # the name's words carry its coordination ("the internet of things and integrated circuits")
            toks = []
            for t in self.anchors.sdoc[slot.first:slot.last + 1]:
                toks += [c for c in grammar.coordinated(t) if c not in toks]
        else:
            toks = grammar.coordinated(tok)
        if slot is not None:
            toks += [t for t in self._glued(slot) if t not in toks]
            # "A, together with B and C," / "A, alongside B": B and C act with A
            for prep in self.anchors.sdoc[slot.head].children:
                if prep.dep_ == "prep" and (prep.lower_ == "alongside" or (
                        prep.lower_ == "with" and any(c.lower_ in {"together", "along"} for c in prep.children))):
                    for o in prep.children:
                        if o.dep_ == "pobj":
                            toks += grammar.coordinated(o)
                            companion = self.anchors.slot_at(o)
                            if companion is not None:  # "together with B Capital and C Fund" read as one name
                                toks += [t for t in self._glued(companion) if t not in toks]
        return toks

    def objects(self, verb: Token) -> list[Token]:
        """The verb's objects; for a verb the tagger read as a noun ("X ships parts to Y" as the compound
        "ships parts"), the noun it was glued to."""
        if verb.i in self.misread and verb.dep_ in {"compound", "relcl"} and verb.head.pos_ in {"NOUN", "PROPN"}:
            return [verb.head]  # ("a unit that Dong Min chairs": what the relative clause hangs on)
        objs = grammar.objects(verb)
        if not objs:
            # "put in the largest share", "took up the rest": a particle the parser read as a preposition
            particle = PARTICLES.get(verb.lemma_.lower())
            objs = [o for c in verb.children if c.dep_ == "prep" and c.i == verb.i + 1 and c.lower_ == particle
                    for o in c.children if o.dep_ == "pobj"]
        # "took most of the rest", "bought part of the stake": what the quantity is of
        return [of for o in objs for of in ([o] + [p for c in o.children if c.dep_ == "prep" and c.lower_ == "of"
                                                   for p in c.children if p.dep_ == "pobj"]
                                            if o.lemma_.lower() in QUANTITIES else [o])]

    @staticmethod
    def _lists_after(noun: Token, item: Token) -> bool:
        """Whether ``item`` opens a list of what ``noun`` names: "its backers include A, B ...", "among the
        holders are A, B ..."."""
        return item.i > noun.i and (noun.dep_ == "nsubj" and noun.head.lemma_ in {"include", "comprise", "be"}
                                    or noun.dep_ == "pobj" and noun.head.lower_ == "among")

    def list_items(self, first: Token) -> list[Token]:
        """The names listed from ``first`` on, read off the surface where appositions break the parse: "A,
        the venture arm of the chipmaker X, B, C, the firm once known as D, and the fund manager E" is A, B, C
        and E (a chunk that describes, starting with a determiner or holding "of", is no item)."""
        doc = first.doc
        sent = self.anchors.sentence(first)
        slot = self.anchors.slot_at(first)
        i = slot.first if slot is not None else first.i
        if any(doc[k].text == ";" for k in range(i, sent.end)):
            # "They are A, which will put in 1.2bn; B, 800m; and C (the "Fund"), 500m": items led by a name,
            # set apart by semicolons, each with its own description
            items, start = [], i
            for k in range(i, sent.end + 1):
                if k == sent.end or doc[k].text == ";":
                    j = start
                    while j < k and doc[j].lower_ in {"and", "or", ","}:
                        j += 1
                    lead = self.anchors.slot_at(doc[j]) if j < k else None
                    if lead is not None and lead.key is not None and lead.first == j:
                        items.append(doc[lead.head])
                    start = k + 1
            if len(items) >= 2:
                return items
        chunks, cur = [], []
        last_joint = 0  # chunks from here on follow the list's last "and"
        while i < sent.end:
            t = doc[i]
            if t.text in {";", "."}:
                break
            in_relative = any(c.lower_ in {"which", "who"} for c in cur)  # "A, which put in 3bn yuan, B, ..."
            if t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"amod", "acl", "prep"} and (cur or chunks) \
                    and not in_relative:
                if not cur:
                    # "..., and its chairman, Qiu Wei, answers to Y": a verb right after a chunk opens a clause of
                    # its own, whose subject is what follows the last "and", not an item of the list
                    chunks = chunks[:last_joint]
                break
            if t.lower_ in {"and", "or"} and in_relative:
                cur.append(t)  # "A, which said X and Y would invest, B": the clause's own list, no items
                i += 1
                continue
            if t.text == "," or t.lower_ in {"and", "or"}:
                if cur:
                    chunks.append(cur)
                cur = []
                if t.lower_ in {"and", "or"}:
                    last_joint = len(chunks)
            else:
                cur.append(t)
            i += 1
        if cur:
            chunks.append(cur)
        out = []
        for chunk in chunks:
            if any(t.lower_ in {"of", "known", "formerly", "which", "who", "based", "headquartered", "in", "at"}
                   for t in chunk):
                continue  # "the venture arm of X", "the firm once known as Y", "a firm based in Z": it describes
            slots = [s for s in (self.anchors.slot_at(t) for t in chunk) if s is not None and s.key is not None]
            if not slots:
                continue
            last = slots[-1]
            if chunk[-1].i != last.last:
                continue  # the name must end the chunk ("the Edinburgh fund manager E")
            if chunk[0].lower_ in {"the", "a", "an"} and not any(
                    t.pos_ == "NOUN" for t in chunk if t.i < last.first) \
                    and not (chunk[0].lower_ == "the" and len(chunk) > 1 and chunk[1].i == last.first
                             and last.type in {"Fund", "Firm", "GovernmentBody", "Institution"}):
                continue  # (but "the X Guidance Fund" is a name with its article)
            out.append(doc[last.head])
        return out

    def _goods(self, noun: Token) -> bool:
        """Whether ``noun`` names goods or another unnamed thing, not an organisation ("batteries", a product
        the gazetteer knows as an industry, counts; "Qiaoxin Technology" does not)."""
        slot = self.anchors.slot_at(noun)
        if slot is None and (noun.lemma_.lower() in self.descriptors or noun.lemma_.lower() in PARTS
                             or noun.lemma_.lower() in SHARES or noun.text == "%"
                             or noun.lemma_.lower() in {"parent", "owner", "shareholder"}):
            return False  # "took over X's former parent", "bought X's half of Y": an organisation or a share
        return slot is None or slot.type == "Industry"

    def _glued(self, slot) -> list[Token]:
        """Coordinated names the parser attached inside each other ("A Group, B Capital and C Investment"
        as one noun phrase): separate mentions whose heads hang off one another, with "and" or a comma
        between them (an apposed name counts only in a list that has an "and")."""
        out, todo, done = [], [slot], {slot.index}
        doc = self.anchors.sdoc
        sentence = self.anchors.sentence_slots(slot.sentence)
        while todo:
            cur = todo.pop()
            for other in sentence:
                if other.index in done or other.key is None:
                    continue
                head = doc[other.head]
                if not cur.first <= head.head.i <= cur.last:
                    continue
                lo, hi = (other.last + 1, cur.first) if other.last < cur.first else (cur.last + 1, other.first)
                between = doc[lo:hi]
                listed = any(t.lower_ in {"and", "or", "&"} for t in between) or (
                    head.dep_ in {"compound", "nmod", "amod"} and any(t.text == "," for t in between)) or (
                    # "to A, B, Geely's brand C, D and E": names the parser hung on A as appositions, in a
                    # list whose "and" comes later, on A's own conjunct
                    head.dep_ == "appos" and head.head.i == cur.head and any(t.text == "," for t in between)
                    and any(c.dep_ == "conj" and c.i > head.i for c in head.head.children)
                    and any(t.lower_ in {"and", "or"} for t in doc[head.i:head.head.sent.end]))
                if head.dep_ in {"compound", "nmod", "amod", "appos"} and listed and len(between) <= 8:
                    done.add(other.index)
                    todo.append(other)
                    out.append(head)
        return out

    def _denotes(self, t: Token, depth: int, proxies: bool = True) -> list[Filler]:
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
        if t.lower_ in {"both", "all", "each"}:
            # "A and B both supply ...": the quantifier carries the names it floats off
            out = [f for c in t.children if c.dep_ in {"nmod", "compound", "appos", "amod"}
                   and (c.dep_ != "amod" or self.anchors.slot_at(c) is not None) for f in self.expand(c, depth + 1)]
            if not out and t.head.pos_ in {"NOUN", "PROPN"}:
                out = self.expand(t.head, depth + 1)
            return out
        if self.discourse.is_reference(t):
            resolved = [Filler(k, ty, t.i) for k, ty in self.discourse.token(t)]
            if resolved:
                return resolved
        if t.pos_ not in {"NOUN", "PROPN", "NUM", "X", "ADJ"}:
            return []
        out: list[Filler] = []
        lemma = t.lemma_.lower()
        # "a carmaker, Xinlian" / "Xinlian, a carmaker": the description is the name
        for c in t.children:
            if c.dep_ == "appos" and self.anchors.slot_at(c) is not None and not self.anchors.share_follows(c) \
                    and not self._across_anothers_colon(t, c) and not grammar.is_contact_subject(c):
                out += self.expand(c, depth + 1)
        holder = grammar.apposition_head(t) if t.dep_ == "appos" else None
        head_slot = self.anchors.slot_at(holder) if holder is not None else None
        if head_slot is not None and (lemma in self.descriptors or lemma in PLURAL_APPOSITIVES
                                      or head_slot.type == "Person"):
            # "Zhu and Fu, the pair who ...": a plural description stands for the whole list (the parser hangs it
            # on the last name; the list starts at the first)
            first = t.head
            while first.dep_ == "conj" and first.head != first:
                first = first.head
            out += self.expand(first, depth + 1) if lemma in PLURAL_APPOSITIVES else self._denotes(holder, depth + 1)
        if not out:
            # "An Conghui, Zeekr's chief executive, is ...": the parser may hang the name on the title after it
            for c in t.children:
                slot = self.anchors.slot_at(c)
                if c.dep_ in {"nmod", "compound", "npadvmod"} and c.i < t.i and slot is not None \
                        and slot.type == "Person" and slot.key is not None \
                        and any(t.doc[k].text == "," for k in range(slot.last + 1, t.i)):
                    out.append(Filler(slot.key, slot.type, slot.head))
        if not out and t.i + 2 < len(t.doc) and t.doc[t.i + 1].text == ",":
            # "chaired by its founder, Gao Lin": an apposition the parser attached elsewhere
            slot = self.anchors.slot_at(t.doc[t.i + 2])
            if slot is not None and slot.first == t.i + 2 and slot.type == "Person" and slot.key is not None:
                out.append(Filler(slot.key, slot.type, slot.head))
        if out:
            return out
        # "..., described X as a strategic industry that Y pushes", "X, set up as a company owned by Y": the
        # predicate names X
        if t.dep_ == "pobj" and t.head.lower_ == "as" and t.head.head.pos_ == "VERB":
            verb = t.head.head
            for o in [o for o in verb.children if o.dep_ == "dobj"] or grammar.objects(verb):
                out += self.expand(o, depth + 1)
            if out:
                return out
        # "the Xinlian fund", "its Baishan Hailan unit": a name inside; "the integrated-circuit industry
        # chain": an industry anywhere among the words before the noun
        if lemma in CHAIN_NOUNS:
            # "a semiconductor cluster", "a hub for semiconductors", "the capital of robotics"
            words = [*t.doc[t.left_edge.i:t.i], *(o for p in t.children if p.dep_ == "prep" and p.lower_ in {"for", "of"}
                                                 for o in p.children if o.dep_ == "pobj")]
            for c in words:
                slot = self.anchors.slot_at(c)
                if slot is not None and slot.key is not None and slot.type == "Industry" \
                        and all(f.key != slot.key for f in out):
                    out.append(Filler(slot.key, slot.type, c.i))
            if out:
                return out
        if lemma in PLACE_NOUNS:
            # "the Jimo district of Qingdao", "the city of Changsha": the place the noun names
            # (the word glued to the noun before its possessor: "Ningde's Jiaocheng district" is Jiaocheng)
            before = sorted((c for c in t.children if c.i < t.i), key=lambda c: (c.dep_ == "poss", -c.i))
            for c in [*before, *(c for c in t.children if c.i > t.i),
                      *(o for p in t.children if p.dep_ == "prep" and p.lower_ == "of"
                        for o in p.children if o.dep_ == "pobj")]:
                slot = self.anchors.slot_at(c)
                if slot is not None and slot.key is not None and slot.type in {"City", "District", "Province"} \
                        and (c.i < t.i or lemma in {"city", "province"}):
                    return [Filler(slot.key, slot.type, c.i)]
        if lemma in ORG_DESCRIPTORS:
            for c in t.children:
                if c.dep_ in {"compound", "nmod", "amod"} and c.i < t.i:
                    slot = self.anchors.slot_at(c)
                    if slot is not None and slot.key is not None and slot.type not in {
                            "Industry", "City", "Province", "Country", "District"}:
                        out.append(Filler(slot.key, slot.type, c.i))
            if out:
                return out
        # a collective: "a consortium led by A", "investors including A and B"
        if collective(lemma):
            for m in self.members(t):
                out += self.expand(m, depth + 1)
            if not out and t.tag_ in {"NNS", "NNPS"} and t.i + 2 < self.anchors.sentence(t).end \
                    and t.doc[t.i + 1].text == ":" and (first := self.anchors.slot_at(t.doc[t.i + 2])) is not None \
                    and first.first == t.i + 2:
                # "held by two local investors: A, a county platform, with 15%, and B, with 10%": the names the
                # colon opens
                out += [f for m in self.list_items(t.doc[first.head]) for f in self.expand(m, depth + 1)]
            if not out and t.tag_ in {"NNS", "NNPS"}:
                # "raised 1bn yuan from investors in Hangzhou. They were A and B.": the next sentence names them
                out += [Filler(f.key, f.type, t.i, f.whole, named_at=f.token)
                        for m in self.members_named_next(t) for f in self.expand(m, depth + 1)]
        # "500m yuan from a unit of Kingsoft": an unnamed part stands for its owner
        if not out and lemma in PARTS:
            for o in self.owners(t):
                out += self.expand(o, depth + 1)
        # "Binhu District's policy, which zeroes in on biomedicine": a plan stands for whoever made it
        if not out and lemma in PLANS:
            for p in grammar.possessors(t):
                out += self.expand(p, depth + 1)
        # "Hillhouse's fund invested": an unnamed vehicle acts for its owner
        if not out and proxies and lemma in PROXIES and t.dep_ not in {"appos"}:
            for p in grammar.possessors(t):
                if p.lower_ not in {"its", "their"}:
                    out += self.expand(p, depth + 1)
        # "a fund wholly controlled by the district": an unnamed vehicle acts for the one that controls it
        if not out and proxies and lemma in PROXIES:
            for acl in t.children:
                if acl.dep_ == "acl" and acl.lemma_.lower() in {"own", "control", "run", "manage", "set"}:
                    for a in acl.children:
                        if a.dep_ == "agent":
                            for o in a.children:
                                if o.dep_ == "pobj":
                                    out += self.expand(o, depth + 1)
        predicate = t.dep_ == "attr" and t.head.lemma_ in {"be", "become", "remain"} or (
            t.dep_ == "pobj" and t.head.lower_ == "of" and t.head.head.lower_ == "one")
        if not out and predicate and (lemma in self.descriptors or lemma in ORG_DESCRIPTORS):
            # "X became one of the first firms to supply Y", "X is a state group supervised by Y": the
            # predicate noun is X
            for h in grammar.holders(t):
                if self.anchors.slot_at(h) is not None or self.discourse.is_reference(h):
                    out += self.expand(h, depth + 1)
        return out

    @staticmethod
    def _across_anothers_colon(noun: Token, appos: Token) -> bool:
        """"The remaining shares are held by two investors: A, ...": the parser may hang the names a colon opens
        on a noun before the colon's own ("shares"); they name what the words right before the colon name."""
        doc = noun.doc
        for k in range(noun.i + 1, appos.i):
            if doc[k].text == ":":
                before = doc[k - 1]
                return before != noun and before.head != noun
        return False

    def members(self, noun: Token) -> list[Token]:
        out = []
        for c in noun.children:
            if c.dep_ in {"acl", "relcl"} and c.lemma_ in {"lead", "head", "include", "co-lead", "anchor", "comprise"}:
                out += [p for a in c.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
                out += [o for o in c.children if o.dep_ == "dobj"]
            elif c.dep_ == "prep" and (c.lower_ in MEMBER_PREPS or c.lower_ == "such" or (
                    c.lower_ == "as" and any(x.lower_ == "such" for x in c.children)) or (
                    c.lower_ == "with" and any(x.lower_ in {"together", "along"} for x in c.children))):
                out += [o for o in c.children if o.dep_ == "pobj"]
                out += [o for x in c.children if x.dep_ == "prep" for o in x.children if o.dep_ == "pobj"]  # such as
            elif c.dep_ == "appos" and not self.anchors.share_follows(c):
                out.append(c)
        return out

    def members_named_next(self, noun: Token) -> list[Token]:
        """The names the sentence after ``noun``'s lists as its members: "They were A and B.", "They include A,
        B and C.", "The investors are A and B.", "Among them were A and B." (a plural noun that names no one in
        its own sentence)."""
        sent = self.anchors.sentence(noun)
        doc = noun.doc
        if sent.end >= len(doc):
            return []
        nxt = doc[sent.end].sent
        root = nxt.root
        if root.lemma_ not in {"be", "include", "comprise"}:
            return []
        subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
        among = any(c.dep_ == "prep" and c.lower_ == "among" and any(o.lower_ in {"them", "these", "those"}
                                                                     for o in c.children) for c in root.children)
        if among:  # "Among them were A and B": the names are the subject
            firsts = [s for s in subjects if s.i > root.i]
        elif subjects and (subjects[0].lower_ in {"they", "these", "those"} or subjects[0].lemma_ == noun.lemma_
                           and any(d.lower_ in {"the", "these", "those"} for d in subjects[0].children)):
            firsts = [c for c in root.children if c.dep_ in {"attr", "dobj"} and c.i > root.i]
        else:
            return []
        return [item for first in firsts[:1] for item in self.list_items(first)]

    # ---------------------------------------------------------------- role paths
    def tokens(self, trigger: Token, kind: str, path: str) -> list[tuple[Token, bool, bool]]:
        """Tokens a role path reaches from ``trigger``, each with two flags: whether it is a whole entity
        (not a share of it: "paid 5bn for Xinlian"), and whether what is coordinated with it shares the role.
        ``a/b``: the path ``b`` only where ``a`` reaches nothing."""
        for alternative in path.split("/"):
            found = self._tokens(trigger, kind, alternative)
            if found:
                return found
        return []

    def _tokens(self, trigger: Token, kind: str, path: str):
        if path == "object>owner":
            return [(p, False, True) for o in grammar.objects(trigger) if self._goods(o)
                    for p in grammar.possessors(o)]
        if path in {"goods-maker", "goods-maker-named"}:
            path_allows_names = path == "goods-maker-named"
            goods = [o for o in grammar.objects(trigger) if self._goods(o)]
            goods += [o for p in trigger.children if p.dep_ == "prep" and p.lower_ in {"on", "upon"}
                      for o in p.children if o.dep_ == "pobj" and self._goods(o)]
            out = []
            for g in goods:
                out += [(p, False, True) for p in grammar.possessors(g)]
                if path_allows_names:
                    # "buys YMTC wafers": a maker's name glued before its goods (not for "runs on Orin-X
                    # chips", where a product's name stands there as often)
                    out += [(c, False, False) for c in g.children if c.dep_ == "compound" and c.i < g.i
                            and (slot := self.anchors.slot_at(c)) is not None and slot.type == "Firm"
                            and slot.last == c.i]
                out += [(o, False, True) for o in grammar.prep_objects(g, {"from", "by"}, predicate=False)]
                out += [(o, False, True) for acl in g.children if acl.dep_ == "acl" and acl.lemma_ in MAKING
                        for a in acl.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
            if goods:  # "use battery packs from X": the parser may hang the "from" on the verb
                out += [(o, False, True) for o in grammar.prep_objects(trigger, {"from"}, predicate=False)
                        if (o, False, True) not in out]
            return out
        if path == "patient-owner":
            # "its cells are sourced from X": whose the goods a passive verb is said of are (never an active verb's
            # object's: "the base buys its cells from X" says "its" of the base)
            if kind != "verb" or not grammar.is_passive(trigger):
                return []
            return [(p, False, True) for o in grammar.objects(trigger) if self._goods(o) for p in grammar.possessors(o)]
        if path == "subject>owner":
            # "X's magnets go into ...": whose the unnamed subject is
            return [(p, False, True) for s in grammar.subjects(trigger) if self._goods(s)
                    for p in grammar.possessors(s)]
        if path == "seller":
            # "Y sold a 10% stake to X": a stake in itself; not "A and B sold their combined 50% to X", a stake they
            # held in something else
            if any(c.dep_ == "poss" and c.pos_ == "PRON" for o in grammar.objects(trigger) for c in o.subtree):
                return []
            # nor "transferred those shares (it, that stake) to X": a holding named before, in whatever it was in
            if any(o.lower_ in {"it", "them"} or any(d.lower_ in {"those", "these", "that", "this"} for d in o.children)
                   for o in grammar.objects(trigger)):
                return []
            path = "subject"
        if path == "subject":
            if trigger.i in self.misread:
                return [(self.misread[trigger.i], False, True)]
            if kind != "verb":
                return [(t, False, True) for t in self._noun_subject(trigger)]
            # "A joined the round, as did B and C": the subjects of the clause that repeats the verb by "do"
            return [(t, False, True) for t in grammar.subjects(trigger) + grammar.ellipsis_subjects(trigger)]
        if path == "object":
            # "A, managed by X, and B": a reduced relative describes its own noun, not the nouns listed with it
            # (but "X, which also owns A and B": the relative's own object is listed as any other)
            spread = trigger.dep_ not in {"acl", "relcl"} or any(
                # "A and B, both owned by X": the quantifier before it makes it the whole list's
                q.lower_ in {"both", "all", "each"} and q.i < trigger.i for q in trigger.head.children)
            return [(t, False, spread or t.i in range(trigger.i + 1, trigger.right_edge.i + 1))
                    for t in self.objects(trigger)]
        if path == "agent":
            # "backed by A and by B": the preposition repeated
            return [(p, False, True) for a in trigger.children if a.dep_ == "agent"
                    for q in grammar._preposition_and_conjuncts(a) for p in q.children if p.dep_ == "pobj"]
        if path == "as-host":
            # "X, a venture controlled by A, with B as a minority partner": what the "with ... as" phrase hangs on
            if not (trigger.dep_ == "pobj" and trigger.head.lower_ == "as"):
                return []
            host = trigger.head.head
            if host.dep_ == "pobj" and host.head.lower_ == "with":
                host = host.head.head  # "as" hung on the name after "with"
            while host.pos_ == "VERB" and host.dep_ in {"acl", "relcl"}:
                host = host.head  # "a company jointly owned by A and B, with C as ...": the company
            if host.pos_ in {"VERB", "AUX"} or host.lemma_.lower() in SHAREHOLDER_NOUNS:
                # (a holder's "with": "X is Y's largest shareholder, with B as a minority one" says B holds Y, but
                # which Y the parse leaves unclear: nothing)
                return [(o, False, False) for o in grammar.objects(host)] \
                    if host.pos_ in {"VERB", "AUX"} and grammar.is_passive(host) else []
            if self.anchors.slot_at(host) is not None:
                return [(host, False, False)]
            return [(h, False, False) for h, _, _ in self.holders(host)]
        if path == "holder":
            return self.holders(trigger)
        if path == "owner" or path.startswith("owner:"):
            nouns = [trigger] if kind == "noun" else [o for o in grammar.objects(trigger)
                                                       if not self.anchors.share_follows(o)]
            spec = path.partition(":")[2]
            preps = frozenset(spec.split("|")) if spec and spec != "poss" else grammar.OWNER_PREPS
            out = []
            for n in nouns:
                if spec == "poss":
                    out += [(p, False, True) for p in grammar.possessors(n)]
                else:
                    found = self.owners(n, preps=preps)
                    if n.lemma_.lower() in SHARES and grammar.prep_objects(n, {"in", "of"}, predicate=False):
                        holders = set(grammar.possessors(n))  # "bought X's stake in Y": Y's, not X's
                        found = [o for o in found if o not in holders]
                    elif kind == "verb" and (n.lemma_.lower() in SHARES or n.text == "%"):
                        # "A and B sold their combined 50%": the pronoun is the holders, not what they hold
                        found = [o for o in found if not (o.pos_ == "PRON" and o.dep_ == "poss")]
                    # "X, the venture arm of A, B, C and D": in a list, the names after A are the list's, not A's
                    spread = not (n.dep_ == "appos" and n.lemma_.lower() in PROXIES | PARTS)
                    out += [(o, False, spread) for o in found]
            return out
        if path == "goods-buyer":
            # "the main supplier of lens modules for Y's headsets", "a supplier of cells for Y": whom the goods
            # a supplier noun is "of" are for
            out = []
            for g in grammar.prep_objects(trigger, {"of"}, predicate=False):
                if not self._goods(g):
                    continue
                for o in grammar.prep_objects(g, {"for"}, predicate=False):
                    owners = grammar.possessors(o) if self._goods(o) else [o]
                    out += [(x, False, True) for x in owners]
            return out
        if path == "members":
            return [(m, False, True) for m in self.members(trigger)]
        if path == "dative":  # "gives X a 30% stake": who receives
            return [(c, False, True) for c in trigger.children if c.dep_ == "dative"]
        if path == "event-owner":
            # "took part in Y's round", "joined the round" of "Y's Series B was led by A, with B joining",
            # "in a capital increase at Y, the fund took 27%"
            events = [n for n in [*grammar.objects(trigger), *grammar.prep_objects(trigger, {"in"}),
                                  *[p for o in grammar.objects(trigger) if o.lemma_.lower() in SHARES
                                    for p in grammar.prep_objects(o, {"in"}, predicate=False)],  # "a stake in that round"
                                  *self._absolute_heads(trigger)]
                      if n.lemma_.lower() in EVENTS and self.anchors.slot_at(n) is None]  # not "Longmen Investment"
            preps = frozenset({"of", "in", "at", "into", "for"})
            out = []
            for n in events:
                owners = self.owners(n, preps=preps)
                if not owners and any(c.dep_ == "det" and c.lower_ in {"that", "this", "another"}
                                      or c.lower_ in {"same", "later", "next", "subsequent", "following", "follow-on"}
                                      for c in n.children):
                    # "took a stake in that round", "joined a later round": the firm whose round was told
                    owners = self._event_told_before(n, preps)
                out += [(o, False, True) for o in owners]
            return out
        if path == "topic":
            # the subject of the sentence's main clause: what a colon's elaboration is about
            root = self.anchors.sentence(trigger).root
            return [(s, False, False) for s in root.children if s.dep_ in grammar.SUBJECT_DEPS]
        if path == "absolute-owner":
            # "a joint venture, with A holding 51%": the share is of what the absolute clause hangs on (a name,
            # or what a description there describes)
            out = []
            for n in self._absolute_heads(trigger):
                out += [(n, False, False)] if self.expand(n) else [(h, w, False) for h, w, _ in self.holders(n)]
            return out
        if path == "self":
            # "a Beijing carmaker", not "the Shaanxi fund": a back-reference names, it does not place; but "the
            # Wuhu carmaker Ruiqi Motors" is a description of the name right after it
            if trigger.dep_ == "compound" and self.anchors.slot_at(trigger.head) is not None \
                    and self.anchors.slot_at(trigger.head).first == trigger.i + 1 \
                    and not grammar.is_contact_subject(trigger.head):  # not "Y, the Wuhu carmaker X founded"
                return [(trigger.head, False, False)]
            named_after = [c for c in trigger.children if c.dep_ == "appos" and self.anchors.slot_at(c) is not None
                           and self.anchors.slot_at(c).first == trigger.i + 1 and not grammar.is_contact_subject(c)]
            if named_after:
                return [(named_after[0], False, False)]
            if trigger.dep_ == "appos" and self.anchors.slot_at(grammar.apposition_head(trigger)) is not None:
                # "Sunwoda, the Shenzhen battery maker": an apposition describes the name it follows
                return [(grammar.apposition_head(trigger), False, False)]
            if any(c.dep_ in {"det", "poss"} and c.lower_ in {"the", "this", "that", "its", "their"}
                   for c in trigger.children):
                return []
            return [(trigger, False, True)]
        if path == "clause-for-members":
            # "named leaders as chain chiefs for 10 clusters, including A and B": the "for" anywhere in the clause,
            # and what its noun lists
            fors = [p for t in trigger.subtree if t.dep_ == "prep" and t.lower_ == "for" for p in t.children
                    if p.dep_ == "pobj"]
            out = [(p, False, True) for p in fors]
            out += [(m, False, True) for p in fors for m in self.members(p)]
            return out
        if path == "where":
            # "the East Lake zone, where A and B run plants": the place the "where" clause hangs on
            verb = trigger.head if kind == "noun" and trigger.dep_ in {"dobj", "nsubj", "nsubjpass"} else trigger
            if verb.dep_ == "relcl" and any(c.dep_ == "advmod" and c.lower_ == "where" for c in verb.children):
                return [(verb.head, False, False)]
            return []
        if path == "facility-place":
            # "builds its cars at a plant in Moreno Valley", "moved production to a plant in X": the place of the
            # facility the verb works at
            # ("produces at a base in A, and at a site in B": the repeated preposition read as the verb's conjunct)
            # (or hung on the verb's object: "makes cells at plants in A and B")
            hosts = [trigger, *(o for o in grammar.objects(trigger) if kind == "verb")]
            preps = [p for h in hosts for c in h.children if c.dep_ in {"prep", "conj"} and c.pos_ == "ADP"
                     for p in grammar._preposition_and_conjuncts(c)]
            return [(o, False, True) for p in preps if p.lower_ in {"at", "in", "to"}
                    for f in p.children if f.dep_ == "pobj" and f.lemma_.lower() in FACILITIES
                    for q in f.children if q.dep_ == "prep" and q.lower_ == "in"
                    for o in q.children if o.dep_ == "pobj"]
        if path == "as-owner":
            # "lists A and B as two of E-Town's leading industries", "... among Hefei's key chains": whose
            # industries the "as"/"among" phrase says they are
            out = []
            for prep in trigger.children:
                if prep.dep_ != "prep" or prep.lower_ not in {"as", "among"}:
                    continue
                for noun in (c for c in prep.children if c.dep_ == "pobj"):
                    nouns = [noun] + [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of"
                                      for o in p.children if o.dep_ == "pobj"]
                    out += [(c, False, True) for n in nouns for c in n.children if c.dep_ == "poss"]
            return out
        if path == "chain-industry":
            return [(t, False, False) for t in self.chain_industry(trigger)]
        if path == "agent-place":
            # "X, founded by Y in Wenzhou": the place the parser hung on the founder, a person, is the founding's
            return [(o, False, True) for a in trigger.children if a.dep_ == "agent" for p in a.children
                    if p.dep_ == "pobj" and p.ent_type_ == "PERSON" for q in p.children
                    if q.dep_ == "prep" and q.lower_ == "in" for o in q.children if o.dep_ == "pobj"]
        if path == "owned-by":
            # "a plant owned by X", "a factory run by X": who owns the facility the noun names
            return [(o, False, True) for c in trigger.children if c.dep_ == "acl"
                    and c.lemma_.lower() in {"own", "run", "operate", "control"}
                    for a in c.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        if path == "relative-of":
            # "Ruifeng, of which A holds 40%": what "which" stands for
            return [(p, False, True) for c in trigger.children if c.dep_ == "prep" and c.lower_ == "of"
                    for p in c.children if p.dep_ == "pobj" and p.lower_ in {"which", "whom"}]
        if path == "there":
            return [(c, False, True) for c in trigger.children if c.lower_ == "there" and c.dep_ == "advmod"]
        if path == "creator":
            # "X set up Y, a wholly owned unit": who made or bought what the noun describes
            out = []
            for h, _, _ in self.holders(trigger):
                if h.dep_ in {"dobj", "nsubjpass"} and h.head.pos_ == "VERB" and h.head.lemma_.lower() in CREATING:
                    makers = grammar.subjects(h.head)
                    if len(makers) == 1 and len(grammar.coordinated(makers[0])) == 1:
                        out.append((makers[0], False, True))  # what two set up together neither controls alone
            return out
        if path == "from":
            hosts = [trigger] + grammar.objects(trigger)
            for c in trigger.children:
                if c.dep_ == "prep" and c.lower_ in {"with", "of", "alongside", "including", "plus", "in"}:
                    hosts += [o for o in c.children if o.dep_ == "pobj"]
            for o in list(hosts):
                for c in o.children:
                    # "A alongside B", "took 2bn yuan of investment from X"
                    if c.dep_ == "prep" and (c.lower_ in {"alongside", "plus"} or c.lower_ == "of" and o != trigger):
                        hosts += [x for x in c.children if x.dep_ == "pobj"]
            return [(t, False, True) for h in hosts for t in grammar.prep_objects(h, {"from"}, predicate=h == trigger)]
        if path == "place":
            before = [c for c in trigger.children if c.dep_ in {"compound", "nmod", "amod"} and c.i < trigger.i]
            # "a Hong Kong holding company": the place may hang on a modifier of the noun, not on the noun; not
            # across a hyphen ("a Hong Kong-listed company" is listed there, not based there)
            below = [g for c in before for g in c.children if g.dep_ in {"compound", "npadvmod", "nmod"}
                     and g.i < c.i and not any(t.text == "-" for t in trigger.doc[g.i:c.i])
                     and (slot := self.anchors.slot_at(g)) is not None and slot.key is not None]
            return [(c, False, True) for c in before + below]
        if path == "partner":
            # "A teamed up with B to form C": B forms C too
            if kind != "verb" or trigger.dep_ not in {"advcl", "xcomp"} or trigger.head.lemma_ not in PARTNERING:
                return []
            return [(t, False, True) for t in grammar.prep_objects(trigger.head, {"with"})]
        if path.startswith("clause-prep:"):
            # "Volvo's first plant opened in 2013 in Chengdu": a preposition on the verb the noun is subject of
            if kind != "noun" or trigger.dep_ not in {"nsubj", "nsubjpass"} or trigger.head.pos_ not in {"VERB", "AUX"}:
                return []
            preps = set(path.partition(":")[2].split("|"))
            return [(t, False, True) for t in grammar.prep_objects(trigger.head, preps)]
        if path.startswith("prep:"):
            spec = path[5:]
            then_owner = spec.endswith(">owner")
            preps = set(spec.removesuffix(">owner").split("|"))
            hosts = [trigger] + (self.objects(trigger) if kind == "verb" else [])
            if kind == "noun" and trigger.dep_ == "dobj":
                hosts.append(trigger.head)  # "set up an office in Changsha", "made an investment in X"
            found = [t for h in hosts for t in grammar.prep_objects(h, preps, predicate=(h == trigger))
                     if not _counted_among(t)]
            if not then_owner:
                return [(t, False, True) for t in found]
            out = []
            for t in [c for f in found for c in grammar.coordinated(f)]:  # "for 19.88% of A, 7.87% of B"
                slot = self.anchors.slot_at(t)
                # "go into cars made by A, B and C": goods (a kind of goods too) are their maker's
                makers = [(o, False, True) for acl in t.children if acl.dep_ == "acl" and acl.lemma_ in MAKING
                          for a in acl.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
                if makers and (slot is None or slot.type == "Industry"):
                    out += makers
                elif slot is not None and slot.type == "Industry" and any(c.dep_ == "poss" for c in t.children):
                    out += [(o, False, True) for o in self.owners(t)]  # "in Y's compact cars": whose goods they are
                elif slot is not None and (slot.key is not None or self.discourse.slot(slot)) or (
                        slot is None and self.discourse.is_reference(t) and self.discourse.token(t)):
                    out.append((t, True, True))  # "paid 5bn for Xinlian": the firm itself
                elif slot is None and collective(t.lemma_.lower()) and t.lemma_.lower() not in EVENTS \
                        and self.members(t):
                    out += [(x, True, True) for x in self.members(t)]  # "to panel makers including BOE"
                else:
                    out += [(o, False, True) for o in self.owners(t)]
            return out
        raise ValueError(f"unknown role path {path!r}")

    def _event_told_before(self, event: Token, preps: frozenset[str]) -> list[Token]:
        """The owner of the same kind of event told last, in the sentence or the two before ("SAIC led Y's
        Series C round. X also took a stake in that round": Y's)."""
        doc = event.doc
        here = self.anchors.sentence_of(event)
        start = self.anchors.sentences[max(0, here - 2)].start
        for t in reversed(doc[start:event.i]):
            if t.lemma_.lower() == event.lemma_.lower() and self.anchors.slot_at(t) is None:
                owners = self.owners(t, preps=preps)
                if owners:
                    return owners
        return []

    def owners(self, noun: Token, _depth: int = 0, preps: frozenset[str] = grammar.OWNER_PREPS) -> list[Token]:
        found = self._owners(noun, _depth, preps)
        if noun.dep_ == "pobj" and noun.head.lower_ == "among" and noun.head.head.lemma_ in COUNTING:
            # "X counts A and B among its contributors": "its" is the counting subject's, never A's or B's
            if found and all(o.dep_ == "poss" and o.pos_ == "PRON" for o in found):
                found = grammar.subjects(noun.head.head)[:1]  # (the first: the parser may read the counted as one)
        if "of" in preps:
            # "chairman of A, of B and of C": a repeated "of" the parser hangs on the name before it
            for o in list(found):
                for p in o.children:
                    if p.dep_ == "prep" and p.lower_ == "of" and p.i > 0 and noun.doc[p.i - 1].text == "," \
                            and self.anchors.slot_at(o) is not None:
                        found += [x for q in grammar._preposition_and_conjuncts(p) for x in q.children
                                  if x.dep_ == "pobj" and x not in found]
        if noun.dep_ == "appos" and "of" in preps:
            # "Tan, chairman of A, of B and of C": the parser hangs the repeated "of" on the name
            found += [o for p in noun.head.children if p.dep_ == "prep" and p.lower_ == "of" and p.i > noun.i
                      for o in p.children if o.dep_ == "pobj" and o not in found]
        return found

    def _owners(self, noun: Token, _depth: int, preps: frozenset[str]) -> list[Token]:
        """Whose ``noun`` is (see :func:`grammar.owners`), plus names compounded with a title:
        'the Xinlian founder', 'Xinlian chief executive Gao Lin'; through an unnamed part: 'chairman of
        Xinlian's supervisory board', 'head of the zone's manufacturing unit'."""
        out = []
        for o in grammar.owners(noun, preps):
            # through an unnamed part or round: "head of X's unit", "lead investor in X's Series B"
            # ("listing" read as a verb: its word, not its lemma "list")
            event = o.lemma_.lower() in EVENTS or o.lower_ in EVENTS or any(c.lower_ in {"series", "round"}
                                                                          for c in o.children)
            # through the shares a part is of: "a fifth of its shares" is of the firm whose shares they are
            of_shares = noun.lemma_.lower() in SHARE_PARTS and o.lemma_.lower() in SHARES
            if of_shares and _depth < 3 and self.anchors.slot_at(o) is None:
                # ("half of its stake in Y": Y's, the possessor being the holder)
                # (not "all of its shares": a pronoun's shares are the holder's own, in whatever they were in)
                out += grammar.owners(o, frozenset({"in", "of"}), possessive=False) or [
                    p for p in self.owners(o, _depth + 1) if not (p.dep_ == "poss" and p.pos_ == "PRON")]
                continue
            if _depth < 3 and (o.lemma_.lower() in PARTS or event) and self.anchors.slot_at(o) is None \
                    and not self.discourse.is_reference(o):
                out += self.owners(o, _depth + 1) or [o]
            else:
                out.append(o)
        if not any(c.dep_ == "poss" or c.dep_ == "prep" for c in noun.children):
            holder_slots = {id(self.anchors.slot_at(h)) for h, _, _ in self.holders(noun)}
            # (through a word of the title itself: "Taiyuan Party Secretary Wei Tao" hangs "Taiyuan" on "Party")
            modifiers = [c for c in noun.children if c.i < noun.i]
            modifiers += [g for c in modifiers if c.dep_ == "compound" and self.anchors.slot_at(c) is None
                          and c.pos_ in {"PROPN", "NOUN"} for g in c.children if g.dep_ == "compound" and g.i < c.i]
            for c in modifiers:
                # "a wholly owned Geely Holding subsidiary" (the parser may read the name as a modifier)
                if c.dep_ in {"compound", "nmod", "amod", "advmod"} \
                        and self.anchors.slot_at(c) is not None \
                        and id(self.anchors.slot_at(c)) not in holder_slots and c not in out:
                    out.append(c)
            if noun.dep_ == "compound":
                # "Xinlian Chief Executive Gao Lin": all words hang off the name; the org is a sibling before
                for c in noun.head.children:
                    if c.dep_ == "compound" and c.i < noun.i and self.anchors.slot_at(c) is not None \
                            and self.anchors.slot_at(c) is not self.anchors.slot_at(noun.head):
                        out.append(c)
                # "Xinlian's subsidiary Xinlian Cells": the possessive hangs off the name
                if not out:
                    out += grammar.possessors(noun.head)
        return out

    def holders(self, noun: Token) -> list[tuple[Token, bool, bool]]:
        """What ``noun`` describes (see :func:`grammar.holders`), as role tokens. An apposition describes
        the one name it stands next to, not the names coordinated with it; a description that is itself
        being defined ("the listed manufacturer was X's unit") refers to nothing before it."""
        out = []
        top = noun
        while top.dep_ == "conj" and top.head != top:
            top = top.head  # "X, Party secretary and director of Y": the apposition is the first conjunct
        for h in grammar.holders(noun):
            if h.pos_ in {"VERB", "AUX"} and h.dep_ == "appos":
                continue  # "A subsidiary of X, Y designs ...": a clause the parser hung on as an apposition
            while h == top.head and top.dep_ == "appos" and h.dep_ == "appos" and h.pos_ == "NOUN" \
                    and self.anchors.slot_at(h) is None and not self.discourse.is_reference(h):
                # "X, its general partner, a subsidiary of Y": two descriptions in a row, both of X
                top, h = h, h.head
            appositive = top.dep_ == "appos" and h in (top.head, grammar.apposition_head(top)) or h.dep_ == "appos" and h.head in (noun, top) \
                or noun.dep_ == "compound" and h == noun.head and noun.tag_ not in {"NNS", "NNPS"}
            # (a singular word glued to a name describes that name alone: "Geely's premium brand Zeekr and Foxconn")
            if appositive and noun.tag_ in {"NNS", "NNPS"} and h.dep_ == "conj":
                # "A and B, analysts at X": a plural apposition hangs on the last name and describes them all
                while h.dep_ == "conj" and h.head != h:
                    h = h.head
                appositive = False
            elif appositive and noun.tag_ in {"NNS", "NNPS"}:
                # the same, with the names before the last misread as its modifiers ("of A and B, both units of X")
                out += [(t, False, False) for t in self._names_listed_before(h)]
                # ... or hanging on the list's first name: "A and B, units of X" describes B as well
                out += [(t, False, False) for t in grammar.coordinated(h) if t != h and t.i < noun.i]
            defined = h.dep_ in grammar.SUBJECT_DEPS and noun.dep_ == "attr" and self.anchors.slot_at(h) is None \
                and self.discourse.is_reference(h) and h.lower_ not in REFERRING_PRONOUNS_SET
            if defined:
                continue
            out.append((h, False, not appositive))
            if self._lists_after(noun, h):
                out += [(t, False, False) for t in self.list_items(h) if t != h]
        # "chaired by its founder, Gao Lin" / "Ni Hua and Zhou Li, analysts at X, wrote": a name on the other
        # side of a comma, whatever the parser made of it
        doc = noun.doc
        if not out and noun.i + 2 < len(doc) and doc[noun.i + 1].text == ",":
            slot = self.anchors.slot_at(doc[noun.i + 2])
            if slot is not None and slot.first == noun.i + 2 and slot.type == "Person":
                out.append((doc[slot.head], False, False))
        if noun.i + 1 < len(doc) and noun.tag_ in {"NN", "NNP"}:
            # "Vice-mayor He Yuxiang spoke": a title right before a name is that person's, however the parser
            # joined them
            slot = self.anchors.slot_at(doc[noun.i + 1])
            if slot is not None and slot.first == noun.i + 1 and slot.type == "Person":
                return [(doc[slot.head], False, False)]
        first = noun.left_edge.i
        if not out and first >= 2 and doc[first - 1].text == ",":
            slot = self.anchors.slot_at(doc[first - 2])
            if slot is not None and slot.last == first - 2 and slot.type == "Person":
                head = doc[slot.head]
                while head.dep_ == "conj" and head.head != head and noun.tag_ in {"NNS", "NNPS"}:
                    head = head.head
                out.append((head, False, noun.tag_ in {"NNS", "NNPS"}))
        # "its Baishan Hailan unit": the name inside the description, when the owner is named apart
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in noun.children):
            for c in noun.children:
                if c.dep_ in {"compound", "nmod"} and c.i < noun.i and self.anchors.slot_at(c) is not None:
                    out.append((c, False, False))
        if not out:
            out += self._fronted_description_of(noun)
        return out

    def _fronted_description_of(self, noun: Token) -> list[tuple[Token, bool, bool]]:
        """"A subsidiary of Sany Group, the Company designs ...": a description that opens the sentence is of the
        subject after its comma, however the parser read the rest."""
        doc, sent = noun.doc, self.anchors.sentence(noun)
        if any(t.pos_ not in {"DET", "ADJ", "ADV", "NOUN", "PROPN"} for t in doc[sent.start:noun.i]):
            return []
        if any(t.lower_ in {"former", "formerly", "once", "previously", "ex", "erstwhile", "onetime", "one-time"}
               for t in doc[sent.start:noun.i]):
            return []  # "Formerly a subsidiary of X, Y ...": no more
        k = noun.i + 1
        while k < sent.end and doc[k].text != "," and doc[k].pos_ not in {"VERB", "AUX"}:
            k += 1
        if k + 1 >= sent.end or doc[k].text != ",":
            return []
        j = k + 1
        while j < sent.end and doc[j].lower_ in {"the", "its"}:
            j += 1
        slot = self.anchors.slot_at(doc[j]) if j < sent.end else None
        if slot is not None and slot.first >= k + 1:
            return [(doc[slot.head], False, False)]
        return [(doc[j], False, False)] if j < sent.end and self.discourse.is_reference(doc[j]) else []

    def chain_industry(self, trigger: Token) -> list[Token]:
        """The industry whose chain a chain role with no "of"/"for" phrase belongs to: a fronted "for" phrase
        ("For hydrogen energy, the chain leader is X"), the label the paragraph opens with ("Power batteries.
        The chain leader is X"), or the one industry the sentence names ("Jinhua has named new-energy vehicles
        one of its chains and lists X as the chain-leader enterprise")."""
        doc, n = trigger.doc, self.anchors.sentence_of(trigger)
        sent = self.anchors.sentence(trigger)
        industries = [s for s in self.anchors.sentence_slots(n) if s.type == "Industry" and s.key]
        fronted = [s for s in industries if s.first == sent.start + 1 and doc[sent.start].lower_ == "for"]
        if fronted:
            return [doc[fronted[0].head]]
        if len(industries) == 1 and industries[0].last < trigger.i:
            return [doc[industries[0].head]]  # (named before the role: "has named X one of its chains and lists Y")
        if any(p.dep_ == "prep" and p.lower_ == "for" and any(o.lower_ in {"both", "all", "each"} for o in p.children)
               for p in trigger.children):
            # "lists A and B among its chains and has named X the chain leader for both"
            return [doc[s.head] for s in industries if s.last < trigger.i]
        if industries or n == 0:
            return []
        same = [o for p in trigger.children if p.dep_ == "prep" and p.lower_ in {"of", "for"}
                for o in p.children if o.dep_ == "pobj" and o.lemma_.lower() in {"industry", "chain", "sector"}
                and any(c.lower_ in {"same", "that", "this"} for c in o.children)]
        definite = trigger.dep_ in {"attr", "nsubj"} and trigger.head.lemma_ == "be" and any(
            c.dep_ == "det" and c.lower_ == "the" for c in trigger.children)  # "X is the chain leader"
        if same or definite or any(c.dep_ == "poss" and c.lower_ in {"its", "whose"} for c in trigger.children) \
                or trigger.dep_ == "compound" and any(c.dep_ == "poss" and c.lower_ in {"its", "whose"}
                                                       for c in trigger.head.children):
            # ("chain leaders of the same industry", "of that chain": the one the sentence before names)
            # "Weifang has built a hydrogen chain. X is its chain-leader enterprise" (or "the chain leader"): the
            # chain the sentence before names, if it names one
            before = [s for s in self.anchors.sentence_slots(n - 1) if s.type == "Industry" and s.key]
            # ("the chain leader" only after a sentence about that industry's chain or industry as such:
            # "X wants its EV industry to double. Y is the chain leader", not "Y makes EVs")
            named_as_chain = any(s.last + 1 < len(doc) and doc[s.last + 1].lemma_.lower() in
                                 {"chain", "industry", "sector", "cluster"} for s in before) or any(
                # "The city has named lithium batteries one of its key industrial chains. X is the chain leader."
                t.lemma_.lower() == "chain" for t in self.anchors.sentences[n - 1])
            if len({s.key for s in before}) == 1 and (named_as_chain or not definite or same):
                return [doc[before[0].head]]
        label = list(self.anchors.sentences[n - 1])
        breaks = [i for i, t in enumerate(label) if "\n" in t.text or "\n" in t.whitespace_]
        label = label[breaks[-1] + 1:] if breaks else label  # a heading before it on its own line is no part of it
        # the label names one industry, or several joined by "and" ("New-energy and intelligent connected
        # vehicles."): each is the chain's
        words = [t for t in label if not (t.is_punct or t.is_space) and t.lower_ not in {"and", "&"}]
        slots = {self.anchors.slot_index(t) for t in words}
        if not slots or None in slots:
            return []
        found = [self.anchors.slots[i] for i in sorted(slots)]
        if all(slot.type == "Industry" and slot.key for slot in found):
            return [doc[slot.head] for slot in found]
        return []

    def _names_listed_before(self, name: Token) -> list[Token]:
        """The names joined to ``name``'s by "and" or commas right before it, nearest last."""
        out: list[Token] = []
        slot = self.anchors.slot_at(name)
        doc = name.doc
        while slot is not None and slot.first >= 2 and doc[slot.first - 1].lower_ in {"and", ","}:
            before = self.anchors.slot_at(doc[slot.first - 2])
            if before is None or before.key is None or before.last != slot.first - 2 or \
                    doc[slot.first - 1].text == "," and before.first > 0 and doc[before.first - 1].pos_ == "ADP":
                break  # (not "According to Reuters, A and B": a name a preposition governs, then a comma)
            out.insert(0, doc[before.head])
            slot = before
        return out

    def _absolute_heads(self, trigger: Token) -> list[Token]:
        """What an absolute "with X doing ..." clause is about: the noun it hangs on, or the subject of the
        verb it hangs on."""
        if trigger.dep_ != "pcomp" or trigger.head.lower_ != "with":
            return []
        host = trigger.head.head
        if host.pos_ in {"NOUN", "PROPN"}:
            return [host]
        return [s for s in host.children if s.dep_ in grammar.SUBJECT_DEPS]

    def _noun_subject(self, noun: Token) -> list[Token]:
        # "X made an investment in Y", "X led the round": the subject of the verb the noun is the object of
        while noun.dep_ == "conj" and noun.head.pos_ in {"NOUN", "PROPN"} and noun.head.dep_ in {"dobj", "pobj"}:
            noun = noun.head  # "X runs bases in A and B, and a plant in C": the plant is X's too
        if noun.dep_ in {"dobj", "nsubjpass"}:
            return grammar.subjects(noun.head)
        if noun.dep_ == "conj" and noun.head.pos_ == "VERB" and any(c.dep_ == "dobj" for c in noun.head.children):
            return grammar.subjects(noun.head)  # the same, the second object read as a conjunct of the verb
        if noun.dep_ == "pobj" and noun.head.lower_ in {"on", "for"} and noun.head.head.pos_ == "VERB":
            return grammar.subjects(noun.head.head)  # "X broke ground on a plant in Y"
        if noun.dep_ == "pobj" and noun.head.lower_ in {"in", "into"} and noun.head.head.lemma_ in SPENDING_VERBS \
                and not any(c.dep_ == "poss" for c in noun.children):
            return grammar.subjects(noun.head.head)  # "X will invest 5bn yuan in a new plant in Y" (not "in B's plant")
        if noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.dep_ == "prep":
            # "X makes chips in A, with further sites in B", "X, with plants in A and B, is growing": X's sites
            host = noun.head.head
            if host.pos_ in {"VERB", "AUX"}:
                return grammar.subjects(host)
            if self.anchors.slot_at(host) is not None:
                return [host]
        if noun.dep_ == "attr" and noun.head.lemma_ == "be":
            # "X's first big bet was an investment in Y": the unnamed subject's owner does what the noun says
            out = []
            for s in grammar.subjects(noun.head):
                named = self.anchors.slot_at(s) is not None or self.discourse.is_reference(s)
                out += [s] if named else grammar.possessors(s)
            return out
        return []
