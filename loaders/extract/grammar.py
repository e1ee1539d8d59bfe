"""Grammatical relations read off spaCy's dependency parse, in the terms frames need.

The parse gives surface relations (``nsubj``, ``dobj``, ``agent``, ``relcl``, ``acl``, ``xcomp``, ``conj``,
``appos``, ``poss``, ``prep``/``pobj``); a frame needs logical ones: who did it and to whom, whatever
the construction. These pure functions over tokens turn one into the other:

- :func:`subjects` / :func:`objects`: the logical subject and object of a verb through passives
  ("X was backed by Y"), relative clauses ("Y, which backed X"), reduced relatives ("a fund set up by
  Y"), controlled and participle clauses ("Y agreed to buy X", "..., paying Z for X") and verb
  coordination ("Y founded X and runs it").
- :func:`prep_objects`: the objects of a preposition on a word (or on the predicate it is the
  subject of: "its plant is in Hefei").
- :func:`owners` / :func:`holders`: whose a noun is ("X's stake", "chairman of X", "the X founder")
  and what it describes ("Y, the chairman", "Y is the chairman", "named Y chairman", "Y emerged as
  the largest shareholder", "chairman Y", "its backers include Y").
- :func:`coordinated`: a word and the words coordinated with it ("A, B and C"), including name lists
  the parser glues into one noun phrase ("A Capital and B Investment").

>>> import spacy
>>> from whofunds.loaders.nlp import load_nlp
>>> doc = load_nlp()("Baishan Capital, which was set up by Gao Lin, invested in Ruiqi.")
>>> [t.text for t in subjects(doc[5])]  # "set": logical subject of the passive relative clause
['Lin']
>>> [t.text for t in objects(doc[5])]
['Capital']
"""
from __future__ import annotations

from spacy.tokens import Token

RELATIVE_PRONOUNS = {"which", "that", "who", "whom", "whose"}
# Verbs whose object, not subject, does what the controlled clause says: "hired X to run the company"
OBJECT_CONTROL = {"hire", "ask", "appoint", "allow", "help", "force", "invite", "name", "choose", "select",
                  "pick", "persuade", "authorise", "authorize", "enable", "urge", "tell", "require", "get",
                  "encourage", "want", "need", "expect", "recruit", "commission", "task", "order"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
COPULAS = {"be", "become", "remain", "stay", "emerge", "turn", "seem", "appear", "prove", "serve", "act", "rank"}
LOCATIVE_VERBS = {"be", "sit", "lie", "stand", "remain", "stay"}
REFLEXIVES = {"itself", "themselves", "himself", "herself"}
CLAUSE_LINKS = {"xcomp", "ccomp", "advcl", "conj", "pcomp", "acl", "relcl"}


def misparsed_main_verb(verb: Token) -> bool:
    """'Tencent invested in NIO after selling Xpeng.': the small model reads a sentence whose only verb
    follows a name as a noun phrase with a participle (ROOT 'Tencent', acl 'invested'). A past-tense verb
    right after the root name, with no 'by' and no other verb to be the sentence's predicate, is its
    main verb."""
    return misread_subject(verb) is not None


def misread_subject(verb: Token) -> Token | None:
    """The subject of a main verb the parser misread as a participle (see :func:`misparsed_main_verb`): the
    root name before it, also across a companion phrase ("A, together with B, invested in C" parses as "A"
    with "B, invested in C")."""
    head = verb.head
    if verb.dep_ != "acl" or verb.tag_ not in {"VBD", "VBN"}:
        return None
    root = head
    if head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.dep_ == "ROOT" and (
            head.head.lower_ == "alongside" or head.head.lower_ == "with"
            and any(c.lower_ in {"together", "along"} for c in head.head.children)) \
            and verb.doc[verb.i - 1].text == ",":
        root = head.head.head
    elif verb.i != head.i + 1:
        return None
    if root.dep_ != "ROOT" or not (root.pos_ == "PROPN" or root.ent_type_ in {"ORG", "PERSON", "GPE"}):
        return None
    if any(c.dep_ in {"agent", "aux", "auxpass"} for c in verb.children):
        return None
    if any(t.pos_ in {"VERB", "AUX"} and t.dep_ in {"ROOT", "relcl"} for t in verb.sent):
        return None
    return root


def is_passive(verb: Token) -> bool:
    """'was backed', 'is 51% owned by', 'a fund set up by': the subject undergoes the action."""
    if any(c.dep_ in {"auxpass", "nsubjpass"} for c in verb.children):
        return True
    if misparsed_main_verb(verb):
        return False
    if verb.tag_ == "VBN":
        if verb.dep_ in {"acl", "advcl"} and not any(c.dep_ == "aux" for c in verb.children):
            return True  # "a fund set up by X", "Founded in 2015, the firm ..."
        if verb.dep_ in {"acomp", "xcomp", "oprd"} and verb.head.lemma_ in {"be", "become", "remain", "get"}:
            return True  # "is 51% owned by"
        if any(c.dep_ == "agent" for c in verb.children):
            return True
    if verb.tag_ == "VBD" and any(c.dep_ == "agent" for c in verb.children) \
            and not any(c.dep_ in {"aux", "dobj"} for c in verb.children):
        return True  # "X, a venture owned 51% by Y" read as a finite verb: an active verb has no "by" agent
    if verb.dep_ in {"advcl", "acl"} and any(c.dep_ == "agent" for c in verb.children) \
            and not any(c.dep_ in {"nsubj", "aux", "dobj"} for c in verb.children):
        return True  # "Set up in 2012 by X, Y manages ...": a participle the tagger read as a base form
    if verb.dep_ == "acl" and verb.tag_ == "VBD" and verb.head.pos_ in {"NOUN", "PROPN"} and verb.head.i < verb.i \
            and not any(c.dep_ in {"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "dative"} for c in verb.children) \
            and contact_clause(verb) is None:  # (not "the carmaker X founded", whose subject is the name before)
        return True  # "the battery maker spun out of X": a reduced relative has no subject, so no finite verb
    return False


def antecedent(tok: Token) -> Token | None:
    """The noun a relative pronoun stands for: 'which' in 'X, which invested' is X."""
    if tok.lower_ not in RELATIVE_PRONOUNS:
        return None
    for anc in tok.ancestors:
        if anc.dep_ == "relcl":
            noun = anc.head
            if anc.doc[anc.left_edge.i - 1].text == "," and tok.lower_ in {"which", "that"} \
                    and (described := _apposition_over(noun)) is not None:
                # "X, a state-owned platform of the city, which holds 20%", "Y, a company owned by the district
                # government, which holds 10%": the name the apposition describes, not the noun at its end
                return described
            return noun
    return None


def _apposition_over(noun: Token) -> Token | None:
    """The name an apposition describes, where ``noun`` ends that apposition's "of" phrase (a common noun: "a
    platform of the city") or its participle's agent ("a company owned by the district government", "a unit
    controlled by the Harlan Group"); else None."""
    n, through_participle = noun, False
    for _ in range(3):
        if n.dep_ != "pobj" or n.head.dep_ not in {"prep", "agent"}:
            return None
        host = n.head.head
        if host.dep_ == "acl" and host.tag_ == "VBN":
            if n.head.dep_ != "agent":
                return None  # "the lender formed with A, which holds 30%": A, a partner named there, holds it
            host, through_participle = host.head, True
        if host.dep_ == "appos" and host.pos_ == "NOUN":
            return host.head if noun.pos_ == "NOUN" or through_participle else None
        n = host
    return None


def _own_subjects(verb: Token) -> list[Token]:
    out = []
    for c in verb.children:
        if c.dep_ in {"nsubj", "csubj"} or (c.dep_ == "nsubjpass"):
            out.append(antecedent(c) or c)
    return out


def _apposition_described(participle: Token) -> Token:
    """What a reduced relative describes: its noun, except after an apposition's "of" phrase, where a comma
    sets it off ("X, the Quzhou production base of Y, located in Z": X is located there, not Y; the parser
    hangs the participle on the nearest noun)."""
    noun = participle.head
    if participle.i > 0 and participle.doc[participle.i - 1].text == "," and noun.dep_ == "pobj" \
            and noun.head.lower_ == "of" and noun.head.head.dep_ == "appos" and noun.i < participle.i:
        return noun.head.head.head
    return noun


def contact_clause(verb: Token) -> tuple[Token, Token] | None:
    """(subject, what it describes) of a relative clause without "that" that the parser hung on its noun as a
    participle: "Y, the carmaker X founded with Z in 2007", with X made the noun's apposition, or the noun made
    X's modifier and X the apposition of Y. Only a finite past verb right after the name: a participle ("the
    carmaker X, founded in 2007") is no such clause."""
    if verb.dep_ != "acl" or verb.tag_ != "VBD" or verb.i == 0:
        return None
    name, head = verb.doc[verb.i - 1], verb.head
    if name.pos_ == "PROPN" and name.dep_ == "appos" and name.head == head and head.pos_ == "NOUN":
        return name, head  # "the carmaker [appos X] [acl founded]"
    if name == head and name.pos_ == "PROPN" and name.dep_ == "appos" and any(
            c.dep_ == "compound" and c.pos_ == "NOUN" and any(d.lower_ == "the" for d in c.children)
            for c in name.children):
        return name, name.head  # "Y, [the carmaker] X [acl founded]": X an apposition of Y
    return None


def contact_subject(verb: Token) -> Token | None:
    clause = contact_clause(verb)
    return clause[0] if clause else None


def is_contact_subject(name: Token) -> bool:
    """Whether ``name``, an apposition of a noun, is the subject of a relative clause on that noun (see
    :func:`contact_subject`): the noun describes something else, not it."""
    return name.dep_ == "appos" and any(c.dep_ == "acl" and contact_subject(c) == name
                                        for c in (*name.head.children, *name.children))


def subjects(verb: Token, _depth: int = 0) -> list[Token]:
    """The logical subject(s) of ``verb``: who does what it says."""
    if _depth > 6:
        return []
    if is_passive(verb):
        agents = [p for a in verb.children if a.dep_ == "agent" for q in _preposition_and_conjuncts(a)
                  for p in q.children if p.dep_ == "pobj"]  # "backed by A and by B"
        return [antecedent(a) or a for a in agents]
    own = [c for c in _own_subjects(verb)]
    if own:
        return own
    if verb.dep_ == "relcl" and verb.tag_ in {"VBZ", "VBD", "VBP"} and any(
            c.dep_ == "dobj" and c.lower_ in RELATIVE_PRONOUNS for c in verb.children):
        # "a unit that Gao Lin chairs" with the name read as a compound of the verb: the name is its subject
        names = [c for c in verb.children if c.dep_ in {"compound", "npadvmod"} and c.pos_ == "PROPN" and c.i < verb.i]
        if names:
            return names[-1:]
    dep, head = verb.dep_, verb.head
    if head == verb:
        # "Wuhu targets semiconductors" parsed with "Wuhu" as a modifier of the verb: the name before it
        return [c for c in verb.children if c.dep_ in {"compound", "npadvmod", "nmod"} and c.i < verb.i
                and c.pos_ == "PROPN"]
    if dep == "relcl":
        return [head]  # "the fund that invested": no subject of its own means the antecedent is it
    if dep == "acl":
        if verb.tag_ == "VBG":
            return [head]
        contact = contact_subject(verb)
        if contact is not None:
            return [contact]
        misread = misread_subject(verb)
        if misread is not None:
            return [misread]
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and head.dep_ == "dobj":
            return subjects(head.head, _depth + 1)  # "won a contract to supply X", "signed a deal to buy Y"
        return []  # "a firm making chips"; a participle "set up by" is passive
    if dep in {"xcomp", "ccomp"} and verb.tag_ == "VBG":
        objs = [c for c in head.children if c.dep_ == "dobj"]
        if objs:
            return objs  # "the register showed X owning 20%", "saw X taking control"
    if dep == "xcomp":
        if head.lemma_ in OBJECT_CONTROL:
            objs = [c for c in head.children if c.dep_ in {"dobj", "nsubjpass"}]
            if objs:
                return objs
        return subjects(head, _depth + 1)
    if dep == "conj" and verb.doc[verb.left_edge.i - 1].text == ",":
        # "X, whose founder had pledged 10bn, had registered its unit": the parser files the main verb under
        # the relative clause (or gives the clause's verb both subjects); its subject is what the clause describes
        if head.dep_ == "relcl" and any(t.lower_ == "whose" for t in head.subtree if t.i < verb.i):
            return [head.head]
        both = [c for c in head.children if c.dep_ == "nsubj"]
        if len(both) == 2 and any(t.lower_ == "whose" for t in both[1].subtree) and both[0].i < both[1].i:
            return [both[0]]
    if dep in {"conj", "advcl", "ccomp", "pcomp"} or (dep == "prep" and verb.pos_ == "VERB"):
        # "X founded Y and runs it"; "..., paying 5bn for it"; "by buying ..."
        up = head
        while up.dep_ in {"prep", "pcomp"} and up.head != up:
            up = up.head
        return subjects(up, _depth + 1)
    return []


# verbs whose object the parser may read as the subject of a small clause: "made X a priority industry"
SMALL_CLAUSE_VERBS = {"make", "name", "designate", "declare", "consider", "call", "deem", "render", "keep", "list"}


def ellipsis_subjects(verb: Token) -> list[Token]:
    """The subjects of a clause that says the verb again with "do" or "have": "A joined the round, as did B"
    ("so did B", "as have B and C")."""
    if is_passive(verb):
        return []
    return [s for c in ellipsis_holders(verb) for s in c.children if s.dep_ == "nsubj"]


def in_ellipsis(tok: Token) -> bool:
    """Whether ``tok`` is the subject of a clause that repeats another verb by "do": "..., as did B"."""
    return tok.dep_ == "nsubj" and tok.head.lemma_ in {"do", "have"} and tok.head.head is not tok.head \
        and tok.head in ellipsis_holders(tok.head.head)


def ellipsis_holders(verb: Token) -> list[Token]:
    """The clauses after ``verb`` that repeat it by "do" or "have" with a subject of their own."""
    return [c for c in verb.children if c.dep_ in {"advcl", "conj"} and c.lemma_ in {"do", "have"}
            and not any(x.dep_ in {"dobj", "xcomp", "ccomp", "acomp", "attr"} for x in c.children)
            and any(m.lower_ in {"as", "so"} for m in c.children if m.i < c.i)]


def objects(verb: Token) -> list[Token]:
    """The logical object(s) of ``verb``: what it is done to."""
    out = []
    if verb.lemma_ in SMALL_CLAUSE_VERBS and not any(c.dep_ == "dobj" for c in verb.children):
        out += [s for c in verb.children if c.dep_ in {"ccomp", "xcomp"} for s in c.children if s.dep_ == "nsubj"]
    passive = is_passive(verb)
    for c in verb.children:
        if c.lower_ in REFLEXIVES:
            continue  # "E-Town buys itself an industry": the subject again, never what it buys
        if c.dep_ == "dobj" or (passive and c.dep_ == "nsubjpass"):
            out.append(antecedent(c) or c)
        elif c.dep_ == "conj" and c.pos_ == "NOUN" and c.text == "%" and any(
                x.dep_ == "dobj" and x.text == "%" for x in verb.children):
            out.append(c)  # "holds 100% of A, which ..., and 100% of B": the second share read as the verb's conjunct
        elif c.dep_ == "dative" and not any(x.dep_ == "dobj" for x in verb.children):
            out.append(c)
    shares = [o for o in out if o.text == "%"]
    if shares:
        # "holds 100% of A, which runs a plant in B, and 100% of C": the parser may hang the second share inside
        # the relative clause, as a conjunct of its last noun
        out += [t for t in verb.subtree if t.text == "%" and t.dep_ == "conj" and t.i > shares[0].i and t not in out
                and any(c.dep_ == "prep" and c.lower_ == "of" for c in t.children)
                and any(a.dep_ == "relcl" and shares[0].i < a.i < t.i for a in t.ancestors)]
    if passive and not out:
        # "Y is 60% owned by X": the parser may hang the subject on the auxiliary, not on the participle
        out += [antecedent(s) or s for a in verb.children if a.dep_ == "auxpass"
                for s in a.children if s.dep_ in {"nsubj", "nsubjpass"}]
        if not out and verb.tag_ == "VBN" and verb.i == verb.sent.start:
            # "Founded in 2012 by X, Y listed in 2021": the fronted participle's object is the clause's subject,
            # which the parser may hang on the agent as an apposition (with the main verb under it)
            out += [t for t in verb.subtree if t.dep_ == "appos" and t.pos_ == "PROPN"
                    and verb.doc[t.left_edge.i - 1].text == "," and any(c.pos_ == "VERB" and c.i > t.i
                                                                      for c in t.children)][:1]
        share = verb.head
        if not out and verb.dep_ == "acl" and share.text == "%" and share.dep_ in {"attr", "acomp"} \
                and share.head.lemma_ == "be":
            out += [antecedent(s) or s for s in share.head.children if s.dep_ in {"nsubj", "nsubjpass"}]  # "is 100% held by X"
    if not out and (clause := contact_clause(verb)) is not None:
        out.append(clause[1])  # "the carmaker X founded": what the clause describes is what X founded
    if passive and not out:
        if verb.dep_ == "acl" and verb.head.ent_type_ == "MONEY" and verb.head.dep_ == "pobj" \
                and verb.head.head.head.pos_ == "VERB":
            # "registered with 20bn yuan, anchored by X": what was registered with the money
            out += [antecedent(s) or s for s in verb.head.head.head.children if s.dep_ in SUBJECT_DEPS]
        elif verb.dep_ == "acl" and (in_turn := _in_turn(verb)) is not None:
            # "controlled by X Co., Ltd., in turn 100% held by Y": the name before "in turn"
            k = in_turn.i - 1
            while k > 0 and verb.doc[k].is_punct:
                k -= 1
            before = verb.doc[k]
            while before.dep_ in {"appos", "compound", "flat"} and before.head.i < before.i and \
                    before.head.pos_ == "PROPN":
                before = before.head  # ("Co., Ltd.": the legal form's second word hangs on the first)
            out.append(before)
        elif verb.dep_ in {"acl", "amod"} or verb.dep_ == "appos" and verb.tag_ == "VBN":
            # "a fund set up by X", "the 20% held by X", "a vehicle majority-owned by X"; "Y, the brand
            # majority-owned by X" read as an apposition headed by the participle
            out.append(_apposition_described(verb))
        elif verb.dep_ == "advcl":
            # "Run by X, the fund targets chips": the participle describes the main clause's subject
            out += [antecedent(s) or s for s in verb.head.children if s.dep_ in SUBJECT_DEPS]
        elif verb.dep_ in {"acomp", "xcomp", "oprd"}:
            out += [antecedent(s) or s for s in verb.head.children if s.dep_ in SUBJECT_DEPS]  # "is owned by"
        elif verb.dep_ == "relcl":
            out.append(verb.head)
        elif verb.tag_ == "VBD" and verb.dep_ != "conj":
            # the misread reduced relative above: its "subjects" are what it describes
            out += [antecedent(s) or s for s in verb.children if s.dep_ == "nsubj"]
        elif verb.dep_ == "conj":
            # "X was set up and funded by Y": the head's object; "X traces its roots to Z and is chaired by
            # Y": the head's subject
            out += objects(verb.head) if is_passive(verb.head) else [
                antecedent(s) or s for s in verb.head.children if s.dep_ in SUBJECT_DEPS]
    if not out:
        # "the stake that X bought", "the company it helped to found": the antecedent is the object when
        # the relative clause has a subject of its own and nothing else is the object
        clause = verb
        while clause.dep_ == "xcomp" and clause.head != clause and not any(
                c.dep_ == "dobj" for c in clause.head.children):
            clause = clause.head
        if clause.dep_ == "relcl" and any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ not in RELATIVE_PRONOUNS
                                          for c in clause.children):
            out.append(clause.head)
    return out


IN_ASIDES = {"full", "part", "turn", "whole", "total"}  # "in full", "in part", "in turn"


def _in_turn(verb: Token) -> Token | None:
    """The "in" of an "in turn" the participle ``verb`` hangs on ("in turn held by Y", "in turn 100% held by Y",
    however the parser attached the share)."""
    head = verb.head
    if head.lower_ == "turn" and head.head.lower_ == "in":
        return head.head
    return next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "in" and c.i < verb.i
                 and any(x.lower_ == "turn" for x in c.children)), None)


COMPOUND_PREPOSITION_HEADS = {"out", "away"}  # the first word of "out of", "away from"


def prep_objects(word: Token, preps: set[str], predicate: bool = True) -> list[Token]:
    """Objects of the prepositions ``preps`` on ``word``; for a noun that is the subject of a copula or
    locative verb, also on that verb ("its plant is in Hefei")."""
    out = []
    hosts = [word]
    if predicate and word.dep_ in {"nsubj", "nsubjpass"} and word.head.lemma_ in LOCATIVE_VERBS:
        hosts.append(word.head)
    for host in hosts:
        direct = {p.lower_ for p in host.children if p.dep_ in {"prep", "agent", "dative"}}
        # "makes cells at A, at B, and at C": the last preposition read as a conjunct of the verb
        out += [o for c in host.children if c.dep_ == "conj" and c.pos_ == "ADP" and c.lower_ in preps
                and c.lower_ in direct for o in c.children if o.dep_ == "pobj"]
        for prep in host.children:
            if prep.dep_ == "prep" and prep.lower_ == "in" and any(c.lower_ in IN_ASIDES for c in prep.children):
                # "belongs in full to X", "is in turn owned by": the parser may hang what follows on the aside
                out += [o for c in prep.children if c.lower_ in IN_ASIDES for q in c.children
                        if q.dep_ == "prep" and q.lower_ in preps for o in q.children if o.dep_ == "pobj"]
            if prep.dep_ == "prep":
                # "supplies cells to A for its G6 and to B": the repeated "to" hung on the "for" between them
                out += [o for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP" and c.lower_ != prep.lower_
                        and c.lower_ in preps and c.lower_ in direct for o in c.children if o.dep_ == "pobj"]
            if prep.dep_ == "prep" and prep.lower_ in COMPOUND_PREPOSITION_HEADS and prep.lower_ not in preps:
                # "spun out of X", "moved away from X": the parser hangs the second word on the first
                out += [o for inner in prep.children if inner.dep_ == "prep" and inner.i == prep.i + 1
                        and inner.lower_ in preps for o in inner.children if o.dep_ == "pobj"]
                continue
            if prep.dep_ == "prt" and any(o.dep_ == "pobj" for o in prep.children) and prep.lower_ in preps:
                pass  # "a round brought in X": a particle the parser gave an object is a preposition
            elif prep.dep_ not in {"prep", "agent", "dative"} or prep.lower_ not in preps:
                continue
            for p in _preposition_and_conjuncts(prep):
                out += [antecedent(o) or o for o in p.children if o.dep_ in {"pobj", "pcomp"}]
                # "along with X", "as well as X": a preposition made of two
                out += [o for inner in p.children if inner.dep_ == "prep" and inner.i == p.i + 1
                        for o in inner.children if o.dep_ == "pobj"]
    return out


def _preposition_and_conjuncts(prep: Token) -> list[Token]:
    """'chairman of A, of B and of C': the preposition repeated in a coordination."""
    out = [prep]
    for c in prep.children:
        if c.dep_ == "conj" and c.pos_ == "ADP" and c.lower_ == prep.lower_:
            out += _preposition_and_conjuncts(c)
    return out


def possessors(noun: Token) -> list[Token]:
    return [c for c in noun.children if c.dep_ == "poss"]


OWNER_PREPS = frozenset({"of", "in", "into", "at", "for", "to", "with"})


def owners(noun: Token, preps: frozenset[str] = OWNER_PREPS, possessive: bool = True) -> list[Token]:
    """Whose ``noun`` is: 'X's stake', 'a stake in X', 'chairman of X', 'the X founder'.

    Right-node raising: in 'Party secretary and director of X' the 'of X' is the secretary's too.
    """
    out = possessors(noun) if possessive else []
    out += prep_objects(noun, set(preps), predicate=False)
    if not out:
        out += [c for c in noun.children if c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN"]
    if not out and noun.dep_ == "conj":
        out += owners(noun.head, preps, possessive)
    if not out:
        for c in noun.children:
            if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}:
                out += prep_objects(c, set(preps), predicate=False)
    return out


def apposition_head(appos: Token) -> Token:
    """The name an apposition describes. The parser hangs an apposition that follows a list on the list's
    first name ("A and B, its Shanghai rival": on A); a singular one right after the last name describes that
    name ("its rival" is B's, and "its" is A). A plural one describes them all and stays where it is.

    >>> import spacy
    >>> from spacy.tokens import Doc
    >>> words = ["Kestrel", "and", "Vantor", ",", "its", "rival", ",", "merged"]
    >>> doc = Doc(spacy.blank("en").vocab, words=words, heads=[7, 0, 0, 0, 5, 0, 0, 7],
    ...           deps=["nsubj", "cc", "conj", "punct", "poss", "appos", "punct", "ROOT"],
    ...           tags=["NNP", "CC", "NNP", ",", "PRP$", "NN", ",", "VBD"])
    >>> apposition_head(doc[5]).text
    'Vantor'
    """
    head = appos.head
    if appos.dep_ != "appos" or appos.tag_ in {"NNS", "NNPS"} or head.i > appos.i:
        return head
    last = None
    for c in head.children:
        if c.dep_ == "conj" and c.i < appos.i and (last is None or c.i > last.i):
            last = c
    while last is not None:
        later = [c for c in last.children if c.dep_ == "conj" and c.i < appos.i]
        if not later:
            break
        last = max(later, key=lambda t: t.i)
    if last is None:
        return _last_listed_name(appos, head) or head
    between = appos.doc[last.right_edge.i + 1:appos.left_edge.i]
    # only the comma between them: "A and B, its rival"; not "A, its rival, and B"
    if all(t.is_punct for t in between) and len(between) <= 1:
        return last
    return head


def _last_listed_name(appos: Token, head: Token) -> Token | None:
    """The name listed right before an apposition's comma when the parser hung the list's later names under an
    earlier one ("by A, B Co. and C, the venture that ...": on B, with C a conjunct of B's apposition)."""
    comma = appos.left_edge.i - 1
    if comma < 1 or appos.doc[comma].text != ",":
        return None
    name = appos.doc[comma - 1]
    while name.dep_ in {"compound", "flat"} and name.head.i > name.i:
        name = name.head
    if name.dep_ == "conj" and name.tag_ in {"NNP", "NNPS"} and head.i < name.i < appos.i and head.is_ancestor(name):
        return name
    return None


def holders(noun: Token) -> list[Token]:
    """What ``noun`` describes, where it is a description of something named elsewhere."""
    dep, head = noun.dep_, noun.head
    out: list[Token] = []
    if dep == "appos":
        out.append(apposition_head(noun))  # "Y, the chairman of X"
    # "the chairman of X, Y"; not a second description of the same thing: "its general partner, a subsidiary of Y"
    out += [c for c in noun.children if c.dep_ == "appos" and not (
        c.pos_ == "NOUN" and any(d.dep_ == "det" and d.lower_ in {"a", "an"} for d in c.children))]
    if dep in {"attr", "advmod", "acomp"} and head.lemma_ in COPULAS:  # "the city is home to ..." ("home" an adverb)
        out += [antecedent(s) or s for s in head.children if s.dep_ in SUBJECT_DEPS]  # "Y is the chairman"
    if dep in {"oprd"}:
        obj = [c for c in head.children if c.dep_ in {"dobj"}]
        # "named Y chairman" (the parser may make Y a second predicate: "has named Y the chain leader")
        obj = obj or [c for c in head.children if c.dep_ == "oprd" and c.i < noun.i and c.pos_ == "PROPN"]
        out += obj or [antecedent(s) or s for s in head.children if s.dep_ in SUBJECT_DEPS]
    if dep == "pobj" and head.lower_ == "of" and head.head.lower_ in {"one", "some", "two", "three", "several", "many"}:
        out += holders(head.head)  # "YMTC, which has been one of their largest customers"
    withs = [o for p in head.head.children if p.dep_ == "prep" and p.lower_ == "with" and p.i < head.i
             for o in p.children if o.dep_ == "pobj"] if dep == "pobj" and head.lower_ == "as" and not any(
        c.dep_ == "dobj" for c in head.head.children) else []  # not "With a loan, X brought in Y as an investor"
    if dep == "pobj" and head.lower_ == "as" and head.head.dep_ == "pobj" and head.head.head.lower_ == "with":
        withs = [head.head]  # (the parser may hang "as" on the name itself)
    if withs:
        out += withs  # "..., with A and B as minority partners"
    elif dep == "pobj" and head.lower_ == "among" and head.head.dep_ == "pobj" and head.head.head.lower_ == "with":
        out.append(head.head)  # "launched with A and B among its backers" (the parser hangs "among" on A)
    elif dep == "pobj" and head.lower_ == "among" and (with_names := [
            o for p in head.head.children if p.dep_ == "prep" and p.lower_ == "with" and p.i < head.i
            for o in p.children if o.dep_ == "pobj"]):
        out += with_names  # (or on the verb, after the "with" phrase)
    elif dep == "pobj" and head.lower_ in {"as", "among"}:
        # "named X as chairman", "counts X among its customers"; "X emerged as", "X was among the backers"
        verb = head.head
        obj = [c for c in verb.children if c.dep_ == "dobj"]
        if head.i < verb.i and head.lower_ == "as" and any(s.dep_ in SUBJECT_DEPS and s.i > head.i
                                                           for s in verb.children):
            obj = []  # "As chain leader of X, Y draws suppliers": the phrase before the clause is its subject's
        out += obj or subjects(verb) or [antecedent(s) or s for s in verb.children if s.dep_ in SUBJECT_DEPS]
    if dep in {"compound", "nmod"} and head.pos_ == "PROPN":
        out.append(head)  # "chairman Tan Xuguang", "the Nexa founder Wei Lan"
    if dep in {"nsubj"} and head.lemma_ in {"include", "comprise", "be", "count"} and not any(
            c.dep_ == "appos" for c in noun.children):  # "Its manager, X, is a unit of Y": X is the manager
        out += [c for c in head.children if c.dep_ in {"dobj", "attr"}]  # "its backers include Y"
        if head.lemma_ == "be":  # "Among its first bets was Y": the parser makes Y a second subject
            out += [c for c in head.children if c.dep_ == "nsubj" and c != noun]
    if dep == "conj":
        out += holders(head)  # "Y, chairman and chief executive of X"
    if dep == "dobj" and head.lemma_ in {"call", "name", "make", "designate", "appoint", "elect"}:
        out += [c for c in head.children if c.dep_ in {"oprd", "ccomp"}]
        # "A and B were designated chain-leader enterprises": the passive's subject (the parser leaves the
        # noun as the object)
        out += [antecedent(c) or c for c in head.children if c.dep_ == "nsubjpass"]
    return [antecedent(t) or t for t in out if t != noun]


def coordinated(tok: Token) -> list[Token]:
    """``tok`` and what is coordinated with it: 'A, B and C'."""
    out = [tok]
    seen = {tok.i}
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c.i not in seen and not _is_clause(c):
                seen.add(c.i)
                out.append(c)
                stack.append(c)
            elif c.dep_ == "appos" and c.i not in seen and t.pos_ == "PROPN" and c.pos_ == "PROPN" \
                    and any(g.dep_ == "conj" and g.pos_ == "PROPN" for a in t.children
                            if a.dep_ == "appos" and a.pos_ == "PROPN" for g in a.children) \
                    and c.i > 0 and t.doc[c.left_edge.i - 1].text == ",":
                # "A, B and C launched ...", "to A, B, C's brand D and E": the parser hangs B (and D) on A as
                # appositions; where one of them has names coordinated after it, they are the list going on
                seen.add(c.i)
                out.append(c)
                stack.append(c)
    return out


def _is_clause(tok: Token) -> bool:
    """A conjunct that is a clause of its own ("... and sold it"), not a noun the tagger took for a verb
    ("automobiles and biomedicine")."""
    return tok.pos_ in {"VERB", "AUX"} and any(
        c.dep_ in {"nsubj", "nsubjpass", "dobj", "aux", "auxpass", "prep", "advmod", "xcomp", "ccomp"}
        for c in tok.children)


def governing_chain(tok: Token, limit: int = 8) -> list[Token]:
    """``tok`` and the predicates above it that frame it: for a verb, the verbs that embed it
    ('denied that it would invest', 'plans to buy'); for a noun, the verb it is an argument of first."""
    out = [tok]
    cur = tok
    for _ in range(limit):
        if cur.head == cur:
            break
        if cur.dep_ in CLAUSE_LINKS or cur.pos_ in {"NOUN", "PROPN", "NUM"} or cur.dep_ in {"pobj", "prep", "dobj"}:
            cur = cur.head
            out.append(cur)
            if cur.pos_ in {"VERB", "AUX"} and cur.dep_ in {"ROOT"}:
                break
        else:
            break
    return out
