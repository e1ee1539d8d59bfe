"""One document's extraction: its parse in; its entities and claims, each with the sentence that states it, out.

Stages, each in its own module: mentions (:mod:`mentions`) become the document's entities
(:mod:`entities`, :mod:`propagation`); mentions are placed on the parse (:mod:`anchors`); frames
(:mod:`framing`) read relations off the dependency tree, with references resolved by
:mod:`discourse`, modality by :mod:`modality`, amounts by :mod:`amounts`; the gazetteer adds
placements no sentence spells out (:mod:`placement`).

>>> from whofunds.graph.records import Document
>>> from whofunds.loaders.nlp import load_nlp
>>> text = "Robin Xing, an economist at Morgan Stanley, said so."
>>> doc = Document(id="d1", path="d1.txt", title="t", text=text)
>>> ex = extract_document(doc, load_nlp()(text))
>>> [(c.source, c.type, c.target, c.evidence.sentence[:10]) for c in ex.claims]
[('Person:robin xing', 'WORKS_FOR', 'Firm:morgan stanley', 'Robin Xing')]

Where frames and the older patterns state the same claim, the rule with the higher measured precision
(``rule_precision.yaml``) is the one the claim records.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import re
from functools import cache
from importlib import resources


from whofunds.graph.yaml_text import load_yaml
from whofunds.graph.records import Claim, Document, Entity, Evidence, Extraction, yield_presumed
from whofunds.graph.schema import SCHEMA

from .doctext import doc_text
from .anchors import Anchors
from .chains import chain_targets, set_chain_cities
from .discourse import Discourse
from .entities import DocumentEntities
from .framing import SentenceFrames
from .lexicon import load_lexicon
from .mentions import find_mentions
from .placement import (comma_hierarchy, cooccurrence_rules, country_possessive, document_rules, named_after_place,
                        of_place, possessive_hierarchy, post_rules, under_place, zone_city)
from .propagation import propagate
from .registers import holder_line_claims, register_claims
from .respectively import pair_respectively
from .roles import Roles
from .tables import table_claims
from .version import current_version

DEFAULT_CONFIDENCE = 0.6  # a rule too rarely seen on the annotated sets to have a measured precision
MONEY_RELATIONS = {"INVESTS_IN", "CONTROLS"}
# holdings that name what is held, and open a register ("A is X's largest shareholder", "Y is X's ultimate controller")
REGISTER_FRAMES = {"investor-of", "stake-taken", "stake-held-absolute", "subscribed", "parent-of", "owns",
                   "register-list"}
DESCRIPTOR_LISTS = ("firm_descriptors", "fund_descriptors", "institution_descriptors", "unit_descriptors")
def legacy_patterns_enabled() -> bool:
    """Whether the regex patterns of earlier releases run beside the frames (WHOFUNDS_LEGACY_PATTERNS=0
    turns them off: the frame extractor alone, as the construction tests and the benchmark check it)."""
    return not current_version().endswith("-frames")


@cache
def rule_precision() -> dict[tuple[str, str], float]:
    """(relation, rule) -> precision measured on the annotated sets (``rule_precision.yaml``)."""
    path = resources.files("whofunds.loaders.extract").joinpath("rule_precision.yaml")
    raw = load_yaml(path.read_text("utf-8")) if path.is_file() else None
    return {(rel, rule): float(p) for rel, rules in (raw or {}).items() for rule, p in rules.items()}


class ClaimSet:
    """The claims of one document: one per (source, target, relation) and sentence, the best-supported
    statement of a sentence winning within it. Every sentence that says a thing is kept as its evidence (an
    analyst checking an edge wants all of them, and one may carry the stake another leaves out)."""

    def __init__(self, ents: DocumentEntities):
        self.ents = ents
        self.by_key: dict[tuple[str, str, str], dict[int, Claim]] = {}

    @property
    def claims(self) -> list[Claim]:
        """Every kept claim, the best-supported statement of each (source, target, relation) first."""
        out = []
        for found in self.by_key.values():
            out += sorted(found.values(), key=lambda c: (c.status != "stated", -c.confidence, c.evidence.start))
        return out

    def add(self, source: str, target: str, relation: str, ev: Evidence | None, rule: str, status: str = "stated",
            attrs: dict | None = None) -> None:
        if ev is None or source == target:
            return
        s_type, t_type = self.ents.entities[source].type, self.ents.entities[target].type
        if not SCHEMA.relation(relation).allows(s_type, t_type):
            return
        confidence = rule_precision().get((relation, rule), DEFAULT_CONFIDENCE)
        found = self.by_key.setdefault((source, target, relation), {})
        old = found.get(ev.start)
        new = Claim(source=source, target=target, type=relation, evidence=ev, confidence=confidence,
                    status=status, rule=rule, **(attrs or {}))
        if old is not None and (old.status == "stated" and status != "stated"
                                or old.status == status and old.confidence >= confidence):
            new, old = old, new
        if old is not None:
            # two readings of one sentence: the better keeps its rule, and takes the figures only the other read
            if new.amount is None and old.amount is not None:
                new.amount, new.currency, new.amount_text = old.amount, old.currency, old.amount_text
            for attr in ("stake", "year", "city"):
                if getattr(new, attr) is None and getattr(old, attr) is not None:
                    setattr(new, attr, getattr(old, attr))
        found[ev.start] = new


def evidence(doc: Document, start: int, end: int) -> Evidence:
    """The sentence at ``start:end``, trimmed so that it is exactly ``doc.text[start:end]``."""
    while start < end and doc.text[start].isspace():
        start += 1
    while end > start and doc.text[end - 1].isspace():
        end -= 1
    return Evidence(doc_id=doc.id, path=doc.path, sentence=doc.text[start:end], start=start, end=end)


def extract_document(doc: Document, sdoc) -> Extraction:
    """Entities and claims of one document, given its spaCy parse (of ``prepare_text(doc.text)``)."""
    return bind(extract_parsed(sdoc), doc)


def bind(ex: Extraction, doc: Document) -> Extraction:
    """Attach a parse-only extraction to its document: evidence gets the document's own sentence text.

    The parse saw a same-length normalised copy of the text, so offsets carry over unchanged.
    """
    for claim in ex.claims:
        ev = claim.evidence
        claim.evidence = Evidence(doc_id=doc.id, path=doc.path, sentence=doc.text[ev.start:ev.end],
                                  start=ev.start, end=ev.end)
    ex.document = doc
    return ex


def extract_parsed(sdoc) -> Extraction:
    """Entities and claims from a spaCy parse alone; evidence holds offsets until :func:`bind`."""
    # Doc.sents (and so Token.sent) walks every token on each access; the parse does not change while it is
    # read here, so its sentences are listed once (a user hook spaCy honours), and the hook removed after.
    sentences = list(sdoc.sents)
    had_hook = "sents" in sdoc.user_hooks
    if not had_hook:
        sdoc.user_hooks["sents"] = lambda _doc: iter(sentences)
    try:
        return _extract(sdoc)
    finally:
        if not had_hook:
            sdoc.user_hooks.pop("sents", None)


@dataclass
class Reading:
    """A parse read for names: its mentions, the entities they name, and both placed on the parse, with
    references resolved -- what every relation stage reads."""

    text: str
    mentions: list
    ents: DocumentEntities
    keys: list
    types: list
    anchors: Anchors
    discourse: Discourse


def read_names(sdoc) -> Reading:
    """The mentions and entities of a parse (whose sentences the caller has listed once, as
    :func:`extract_parsed` does)."""
    lex = load_lexicon()
    text = doc_text(sdoc)
    mentions = find_mentions(sdoc)
    ents = DocumentEntities(mentions, text, lex)
    mentions = propagate(text, mentions, ents)
    keys = [ents.key_of(m) for m in mentions]
    types = [None if k is None else ("Tentative" if k in ents.tentative else ents.entities[k].type) for k in keys]
    anchors = Anchors(sdoc, mentions, keys, types)
    return Reading(text, mentions, ents, keys, types, anchors, Discourse(anchors, ents, lex))


def _extract(sdoc) -> Extraction:
    lex = load_lexicon()
    reading = read_names(sdoc)
    text, mentions, ents, keys, types = reading.text, reading.mentions, reading.ents, reading.keys, reading.types
    anchors, discourse = reading.anchors, reading.discourse
    doc = Document(id="", path="", title="", text=text)
    direct = {k for k, e in ents.entities.items() if e.mentions}
    claims = ClaimSet(ents)

    roles = Roles(anchors, discourse, frozenset(w.lower() for key in DESCRIPTOR_LISTS for w in lex.list(key)))
    sentences = anchors.sentences
    said_of_subject: list = []  # the previous sentence's hits about its subject, for "So does X."
    for n, sent in enumerate(sentences):
        ev = evidence(doc, sent.start_char, sent.end_char)
        frames = SentenceFrames(sent, roles)
        hits = list(frames.hits())
        hits += frames.elliptical(hits, said_of_subject)
        for hit in hits:
            attrs = None
            if hit.relation in MONEY_RELATIONS:
                attrs = {**(hit.money or {}), "stake": hit.stake, "year": hit.year}
            # a name the next sentence gives ("... from investors. They were A and B."): both are the evidence
            far = max((f.named_at for f in (hit.source, hit.target) if f.named_at is not None), default=None)
            near = min((f.named_at for f in (hit.source, hit.target) if f.named_at is not None), default=None)
            hit_ev = evidence(doc, sent.start_char, sdoc[far].sent.end_char) if far is not None and far >= sent.end \
                else evidence(doc, sdoc[near].sent.start_char, sent.end_char) if near is not None and near < sent.start \
                else ev  # (or the label a sentence before: "Power batteries. The chain leader is X")
            claims.add(hit.source.key, hit.target.key, hit.relation, hit_ev, hit.frame, hit.status, attrs)
        said_of_subject = frames.subject_hits(hits)
        for hit in hits:
            # "A is the largest shareholder of X with 49%. Other holders include B and C": a holding the sentence
            # names the owned firm of opens a register the next sentences may go on with
            if hit.relation in MONEY_RELATIONS and hit.status == "stated" and ":" not in hit.frame \
                    and hit.target.type in {"Firm", "Fund", "Tentative"} \
                    and (hit.stake is not None or hit.frame in REGISTER_FRAMES):
                discourse.note_raise(sdoc[hit.trigger], hit.target.key, hit.target.type, kind="register")
            elif hit.relation == "FOUNDED" and hit.status == "stated" and hit.target.type in {"Firm", "Fund"} \
                    and hit.source.type != "Person":
                # "A and B set up a venture, X, in 2023. A holds 51% and B 49%": the shares are of what was founded
                # (not "X, the group founded by Zhang": a person founds a firm without holding a share named next)
                discourse.note_raise(sdoc[hit.trigger], hit.target.key, hit.target.type, kind="register")
        named = [k for s in anchors.sentence_slots(n) for k in ([s.key] if s.key else [k for k, _ in discourse.slot(s)])]
        cooccurrence_rules(ents, lex, named, ev, claims.add)

    def evidence_at(pos: int) -> Evidence | None:
        for s in sentences:
            if s.start_char <= pos < s.end_char:
                return evidence(doc, s.start_char, s.end_char)
        return None

    document_rules(ents, lex, mentions, claims.add, evidence_at)
    comma_hierarchy(ents, lex, mentions, text, claims.add, evidence_at)
    possessive_hierarchy(ents, lex, mentions, text, claims.add, evidence_at)
    country_possessive(ents, mentions, text, claims.add, evidence_at)
    zone_city(ents, lex, mentions, claims.add, evidence_at)
    of_place(ents, mentions, text, claims.add, evidence_at)
    under_place(ents, mentions, text, claims.add, evidence_at)
    named_after_place(ents, mentions, text, claims.add, evidence_at)
    named = [(m.start, m.end, k, t) for m, k, t in zip(mentions, keys, types) if k is not None and t != "Tentative"]
    # a register item opens with its holder's name, which the model may have left untyped
    # ("- Lianshan Investment & Development, 50%")
    with_untyped = [(m.start, m.end, k, t) for m, k, t in zip(mentions, keys, types) if k is not None]

    def focus_at(pos: int):
        tok = sdoc[min(bisect.bisect_right([t.idx for t in sdoc], pos), len(sdoc) - 1)]
        return discourse.focus(tok, types=("Firm",)) or discourse.story_subject(tok, ("Firm", "Fund"))

    table_claims(text, named, focus_at, claims.add, lambda s, e: evidence(doc, s, e))
    register_claims(text, with_untyped, claims.add, lambda s, e: evidence(doc, s, e))
    holder_line_claims(text, named, claims.add, lambda s, e: evidence(doc, s, e))
    post_rules(ents, claims.add, evidence_at)
    if legacy_patterns_enabled():
        from .legacy import legacy_claims

        legacy_claims(sdoc, ents, mentions, claims.add, lambda s, e: evidence(doc, s, e), discourse)

    chains = claims.claims
    set_chain_cities(chains, ents, mentions, text)
    chain_targets(chains, ents, claims.add)
    found = claims.claims
    # a founder's capital read from a joint founding says less than the control the text states elsewhere
    controlled = {(c.source, c.target) for c in found if c.type == "CONTROLS"}
    found = [c for c in found if not (c.type == "INVESTS_IN" and c.rule.endswith(":joint")
                                      and (c.source, c.target) in controlled)]
    # a place's own vehicle is its government's only where the text names no owner nearer to it: "the city's
    # investment group, wholly owned by the city's SASAC"
    found = yield_presumed(found)

    def first_mention(key: str, start: int, end: int) -> int | None:
        return min((s for s, e in ents.entities[key].mentions if start <= s < end), default=None)

    found = pair_respectively(found, first_mention)
    set_chain_cities(found, ents, mentions, text)
    used = {c.source for c in found} | {c.target for c in found}
    keep = [e for k, e in ents.entities.items()
            if k in used or (k in direct and e.type != "Industry" and k not in ents.tentative
                             and not _only_modifier(e, text))]
    return Extraction(document=doc, entities=keep, claims=found, extractor_version=current_version())


def _only_modifier(ent: Entity, text: str) -> bool:
    """A place named only inside a compound ("a Hong Kong-listed firm") is not a subject of the story."""
    return ent.type in {"City", "Province", "Country", "District"} and all(
        text.startswith("-", end) for _, end in ent.mentions)


MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
         r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?")
# A time phrase opening a sentence with no comma after it: the tagger reads the name that follows as part
# of the phrase ("In January Arcadia Holding raised ..." parses with no subject)
OPENING_TIME = re.compile(
    r"(?:^|(?<=[.!?] )|(?<=[.!?]\" ))[ \t]*(?:"
    r"(?:In|By|Since|Until|During|Early|Late|Later|Earlier)\s+(?:(?:early|late|mid-?)\s*)?"
    r"(?:" + MONTH + r"(?:\s+\d{1,2})?(?:,?\s+(?:19|20)\d\d)?|(?:19|20)\d\d"
    r"|the\s+(?:first|second|third|fourth|last)\s+(?:quarter|half)(?:\s+of\s+(?:19|20)\d\d)?)"
    r"|(?:Last|This|Next|Earlier\s+this|Later\s+that)\s+(?:year|month|week|quarter|spring|summer|autumn|winter)"
    r"|On\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|" + MONTH + r"\s+\d{1,2}(?:,?\s+(?:19|20)\d\d)?)"
    r")( )(?=[A-Z])(?!" + MONTH + r"\b|(?:19|20)\d\d\b)", re.MULTILINE)
SPACED_HYPHEN = re.compile(r"(?<=\w) - (?=\w)")
CREDITS = re.compile(r"(?:\b(?:Photo|Photograph|Picture|Image|Illustration|Graphic)s?(?:\s+credit)?\s*:\s*[^\n.]{1,60}"
                     r"|^[ \t]*By\s+[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,3}\b)", re.MULTILINE)


def prepare_text(text: str) -> str:
    """What spaCy reads: the document's text, same length, with photo credits and bylines blanked out
    (their names are not part of the story)."""
    from whofunds.loaders.documents import normalize_for_nlp

    text = CREDITS.sub(lambda m: " " * len(m.group(0)), normalize_for_nlp(text))
    # "the X Fund - RMB30bn target - for ...": a spaced hyphen is a dash, which the tagger reads as a hyphen
    # inside a compound unless it is written as one (same length, so offsets hold)
    text = SPACED_HYPHEN.sub(" — ", text)
    # "In 2019 Arcadia invested": a comma for the space ends the time phrase as a writer's comma would
    return OPENING_TIME.sub(lambda m: m.group(0)[:-1] + ",", text)
