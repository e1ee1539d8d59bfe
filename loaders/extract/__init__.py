"""Extraction: a parsed document in, its entities and relation claims (with evidence) out.

>>> from whofunds.graph.records import Document
>>> from whofunds.loaders.nlp import load_nlp
>>> text = "Robin Xing, an economist at Morgan Stanley, said so."
>>> doc = Document(id="d1", path="d1.txt", title="t", text=text)
>>> ex = extract_document(doc, load_nlp()(text))
>>> [(c.type, c.evidence.sentence[:10]) for c in ex.claims]
[('WORKS_FOR', 'Robin Xing')]
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

from whofunds.graph.records import Claim, Document, Entity, Evidence, Extraction
from whofunds.graph.schema import SCHEMA

from .entities import DocumentEntities
from .lexicon import load_lexicon
from .mentions import Mention, find_mentions, propagate_names
from .relations import mask, match_sentence, money_of, stake_of, year_of

def _extractor_version(base: str = "0.4") -> str:
    """The release plus a digest of every rule, pattern and gazetteer file: any change to what extraction
    can yield gives a new version, so cached extractions are redone instead of silently going stale."""
    import hashlib
    from importlib import resources

    digest = hashlib.sha256()
    for package, suffixes in (("whofunds.loaders.extract", (".py", ".yaml")), ("whofunds.loaders", ("nlp.py",)),
                              ("whofunds.data", ("gazetteer-only",))):  # not aliases.yaml: resolution is not extraction
        root = resources.files(package)
        files = [f for f in root.iterdir() if f.is_file() and f.name.endswith(suffixes)]
        gazetteer = root.joinpath("gazetteer")
        if gazetteer.is_dir():
            files += [f for f in gazetteer.iterdir() if f.name.endswith(".yaml")]
        for f in sorted(files, key=lambda f: f.name):
            digest.update(f.name.encode())
            digest.update(f.read_bytes())
    return f"{base}+{digest.hexdigest()[:12]}"


EXTRACTOR_VERSION = _extractor_version()


class _Resolver:
    """Turns mentions into (entity key, type), following back-references to what came before.

    "the city" is the city named last. "the company", "the fund", "the group" are the most salient
    entity of that kind named so far (most mentions, then most recent): news refers back to its
    protagonist, not to the bank whose analyst was quoted last.
    """

    def __init__(self, ents: DocumentEntities):
        self.ents = ents
        self.last: dict[str, str] = {}  # type -> most recent entity key of that type
        self.seen: dict[str, int] = {}  # key -> order of first mention so far
        self.previous_sentence: list[str] = []  # entity keys of the last sentence that named any

    def resolve(self, m: Mention, in_quote: bool = False, sentence_order=(),
                reported: bool = False, subordinate: bool = False) -> tuple[str, str] | None:
        sentence_keys = set(sentence_order)
        key = self.ents.key_of(m)
        if key is not None:
            type_ = self.ents.entities[key].type
            self.last[type_] = key
            self.seen[key] = len(self.seen)
            return key, ("Tentative" if key in self.ents.tentative else type_)
        if m.kind != "Ref":
            return None
        if m.ref == "Government":
            # "the municipal government" is the government of the city the story is about
            city = self.ents.focus_city or self.ents.city_before(m.start)
            if not city:
                return None
            key = self.ents.government_of(city)
            return key, "GovernmentBody"
        if m.ref in {"City", "Province", "District"}:
            key = self.last.get(m.ref)
            if key is None and m.ref == "City" and self.ents.focus_city:
                key = next((k for k, e in self.ents.entities.items()
                            if e.type == "City" and e.name == self.ents.focus_city), None)
            return (key, m.ref) if key else None
        if m.ref == "Subject":  # "X said it ...": the sentence's first organisation
            key = next((k for k in sentence_order if self.ents.entities[k].type in ORG_REF_TYPES), None)
            return (key, self.ents.entities[key].type) if key else None
        if m.ref in {"It", "ItObject"}:
            # "X remains its largest shareholder, and last year it injected ...": the sentence's first firm
            # or fund, else the previous sentence's. "The company was founded by Y, and Z bought a stake in
            # it": the same, but never the name just before it, which is who acts on it.
            agent = sentence_order[-1] if m.ref == "ItObject" and sentence_order else None
            key = next((k for k in [*sentence_order, *self.previous_sentence]
                        if self.ents.entities[k].type in ("Firm", "Fund") and k != agent), None)
            return (key, self.ents.entities[key].type) if key else None
        if m.ref == "Venture":  # "the joint venture" is the firm just named, often in the same sentence
            key = self.last.get("Firm")
            return (key, "Firm") if key else None
        if in_quote:
            return None  # quoted speech refers loosely ("the group runs the fund"): do not guess
        if m.ref in {"Firm", "Fund", "Group"} and subordinate and sentence_order:
            # "Y was backed by Z, which paid 800m yuan for 35% of the company": inside a relative clause
            # the reference is the main clause's subject, the sentence's first name
            first = sentence_order[0]
            if self.ents.entities[first].type in REF_TYPES.get(m.ref, (m.ref,)):
                return first, self.ents.entities[first].type
        if m.ref in {"Firm", "Fund", "Group"} and reported and sentence_order:
            # "BYD's chairman said the carmaker would ...": the firm already named in this sentence
            types = REF_TYPES.get(m.ref, (m.ref,))
            key = next((k for k in sentence_order if self.ents.entities[k].type in types), None)
            if key:
                return key, self.ents.entities[key].type
        types = REF_TYPES.get(m.ref, (m.ref,))
        # "X injected money into Y. The group is owned by Z": the previous sentence's first fitting name,
        # else the document's most salient one
        key = next((k for k in self.previous_sentence if self.ents.entities[k].type in types
                    and k not in sentence_keys), None)
        if key is None:
            key = self._salient(types, anywhere=m.ref == "Institution", exclude=sentence_keys)
        return (key, self.ents.entities[key].type) if key else None

    def next_sentence(self, keys: list[str]) -> None:
        """Called after each sentence with the entity keys it named, in order."""
        if keys:
            self.previous_sentence = list(keys)

    def _salient(self, types, anywhere: bool = False, exclude=frozenset()) -> str | None:
        # "Baishan Group invested in the firm": a back-reference points outside its own sentence
        pool = [k for k in (self.ents.entities if anywhere else self.seen)
                if self.ents.entities[k].type in types and k not in exclude]
        if not pool:
            return None
        return max(pool, key=lambda k: (len(self.ents.entities[k].mentions), self.seen.get(k, -1)))


ORG_REF_TYPES = ("Firm", "Fund", "GovernmentBody", "Institution")
REF_TYPES = {"Firm": ("Firm",), "Fund": ("Fund",), "Group": ("Firm", "Fund"), "Institution": ("Institution",)}


def _evidence(doc: Document, start: int, end: int) -> Evidence:
    # Trim the sentence so that it is exactly doc.text[start:end].
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
    lex = load_lexicon()
    text = sdoc.text
    doc = Document(id="", path="", title="", text=text)
    mentions = find_mentions(sdoc)
    ents = DocumentEntities(mentions, text, lex)
    mentions = _propagate(text, mentions, ents)
    direct = {k for k, e in ents.entities.items() if e.mentions}
    resolver = _Resolver(ents)
    claims: dict[tuple[str, str, str], Claim] = {}

    def add(source, target, relation, ev, rule, confidence, status="stated", attrs=None):
        s_type, t_type = ents.entities[source].type, ents.entities[target].type
        if source == target or not SCHEMA.relation(relation).allows(s_type, t_type):
            return
        key = (source, target, relation)
        old = claims.get(key)
        if old is not None and (old.confidence >= confidence or old.status == "stated" and status != "stated"):
            return
        claims[key] = Claim(source=source, target=target, type=relation, evidence=ev, confidence=confidence,
                            status=status, rule=rule, **(attrs or {}))

    by_sentence = _mentions_by_sentence(sdoc, mentions)
    for sent, sent_mentions in by_sentence:
        slots, keys = [], []
        for m in sent_mentions:
            # inside quotation marks: an odd number of quotes before it in the sentence (a quoted phrase
            # such as "optics valley" elsewhere in the sentence does not make it speech)
            quoted = sent.text[:m.start - sent.start_char].count('"') % 2 == 1 or sent.text.lstrip().startswith('"')
            before = sent.text[:m.start - sent.start_char]
            reported = re.search(r"\b(?:said|says|told|announced|added)\b(?:\s+\S+){0,4}\s*$", before) is not None
            subordinate = re.search(r",\s+(?:which|who)\b", before) is not None
            resolved = resolver.resolve(m, in_quote=quoted, sentence_order=keys, reported=reported,
                                        subordinate=subordinate)
            if resolved is None:
                continue
            slots.append((m.start - sent.start_char, m.end - sent.start_char, resolved[1]))
            keys.append(resolved[0])
        resolver.next_sentence(keys)
        if len(slots) < 1:
            continue
        ev = _evidence(doc, sent.start_char, sent.end_char)
        masked = mask(sent.text, slots)
        for sc in match_sentence(masked, text):
            attrs = None
            if sc.relation == "INVESTS_IN":
                region = re.sub(r"⟪\d+:\w+⟫", " X ", masked[sc.span[0]:min(len(masked), sc.span[1] + 40)])
                # the year of the investment: in the statement, or a sentence-opening "In 2020,"
                opening = re.match(r"\s*(?:In|By|Since)\s+((?:19|20)\d\d)\b", sent.text)
                year = year_of(region) or (int(opening.group(1)) if opening else None)
                attrs = {**money_of(region), "stake": stake_of(region), "year": year}
            add(keys[sc.source], keys[sc.target], sc.relation, ev, sc.rule, sc.confidence, sc.status, attrs)
        _cooccurrence_rules(ents, lex, slots, keys, ev, add)
    _document_rules(doc, sdoc, ents, lex, mentions, add)
    for claim in claims.values():
        if claim.type in CHAIN_RELATIONS:
            claim.city = chain_city(claim, ents, mentions, text)

    used = {c.source for c in claims.values()} | {c.target for c in claims.values()}
    keep = [e for k, e in ents.entities.items()
            if k in used or (k in direct and e.type != "Industry" and k not in ents.tentative
                             and not _only_modifier(e, text))]
    return Extraction(document=doc, entities=keep, claims=list(claims.values()), extractor_version=EXTRACTOR_VERSION)


CHAIN_RELATIONS = ("CHAIN_BOSS_OF", "CHAIN_LEADER_OF")
PLACE_TYPES = SCHEMA.types("Place")


def chain_city(claim: Claim, ents: DocumentEntities, mentions: list[Mention], text: str) -> str | None:
    """Whose chain a CHAIN_BOSS_OF / CHAIN_LEADER_OF claim is, as a place name.

    The first place named in the claim's sentence as a possessive ("Changchun's automotive chain"),
    else the first named right after "in" ("the chain in Wuxi"), else the place of the official's
    post (``Entity.city``: "the mayor of Hefei"), else the document's focus city.
    """
    start, end = claim.evidence.start, claim.evidence.end
    places = []
    for m in mentions:
        key = ents.key_of(m) if start <= m.start and m.end <= end else None
        if key is not None and ents.entities[key].type in PLACE_TYPES:
            places.append((m, ents.entities[key].name))
    for m, name in places:
        if re.match(r"'s?\b", text[m.end:]):
            return name
    for m, name in places:
        if re.search(r"\bin\s+$", text[start:m.start], re.IGNORECASE):
            return name
    source = ents.entities.get(claim.source)
    if source is not None and source.city:
        return source.city
    return ents.focus_city


def _only_modifier(ent: Entity, text: str) -> bool:
    """A place named only inside a compound ("a Hong Kong-listed firm") is not a subject of the story."""
    return ent.type in {"City", "Province", "Country", "District"} and all(
        text.startswith("-", end) for _, end in ent.mentions)


PROPAGATED_TYPES = {"Firm", "Fund", "Institution", "GovernmentBody", "Person"}


def _propagate(text: str, mentions: list[Mention], ents: DocumentEntities) -> list[Mention]:
    """Link further occurrences of the document's own organisation and person names to them."""
    surface_key = {}
    short_forms: dict[str, set[str]] = {}
    for key, ent in ents.entities.items():
        if ent.type not in PROPAGATED_TYPES:
            continue
        for surface in (ent.name, *ent.aliases):
            if ent.type == "Person" and " " not in surface and surface == ent.name:
                continue
            surface_key.setdefault(surface, key)
        if ent.type in {"Firm", "Fund"}:
            first = ent.name.split()[0]
            if _distinctive(first, text, ents):
                short_forms.setdefault(first, set()).add(key)
    for surface, keys in short_forms.items():
        if len(keys) == 1:  # "Sanwei" for "Sanwei Technology", when no other name starts so
            surface_key.setdefault(surface, keys.pop())
    extra = propagate_names(text, mentions, {s: s for s in surface_key})
    for m in extra:
        ents.link(m, surface_key[m.name], surface=text[m.start:m.end])
    return _join_ventures(text, sorted(mentions + extra, key=lambda m: m.start), ents)


def _distinctive(word: str, text: str, ents: DocumentEntities) -> bool:
    """A first word that can stand for its firm: a capitalised coinage, not a place or an everyday word."""
    if len(word) < 4 or not word[:1].isupper() or " " in word or "'" in word:
        return False
    if word in ents.lex.place_alias or word.lower() in COMMON_FIRST_WORDS:
        return False
    return word.lower() not in _lower_words(text)  # never written in lower case here


_LOWER_WORDS: dict[int, set[str]] = {}


def _lower_words(text: str) -> set[str]:
    key = id(text)
    if key not in _LOWER_WORDS:
        _LOWER_WORDS.clear()  # one document at a time
        _LOWER_WORDS[key] = set(re.findall(r"\b[a-z][a-z\-]*\b", text))
    return _LOWER_WORDS[key]


COMMON_FIRST_WORDS = {"china", "chinese", "national", "state", "first", "new", "great", "general", "united", "global",
                      "international", "golden", "eastern", "western", "southern", "northern", "central", "east",
                      "west", "south", "north", "asia", "asian", "pacific", "people", "bank", "industrial", "digital",
                      "smart", "future", "capital", "group", "city", "provincial", "municipal", "hong", "kong"}


def _join_ventures(text: str, mentions: list[Mention], ents: DocumentEntities) -> list[Mention]:
    """'FAW-Volkswagen': two firm names joined by a hyphen are one firm, their joint venture."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is not None and prev.end + 1 == m.start and text[prev.end] == "-":
            a, b = ents.key_of(prev), ents.key_of(m)
            if a and b and {ents.entities[a].type, ents.entities[b].type} <= {"Firm"}:
                joined = Mention(prev.start, m.end, text[prev.start:m.end], "Org", "rule", hint="Firm")
                ents.link(joined, ents.add_entity(joined.name, "Firm"))
                out[-1] = joined
                continue
        out.append(m)
    return out


def _mentions_by_sentence(sdoc, mentions: list[Mention]):
    out, i = [], 0
    ordered = sorted(mentions, key=lambda m: m.start)
    for sent in sdoc.sents:
        bucket = []
        while i < len(ordered) and ordered[i].start < sent.end_char:
            if ordered[i].end <= sent.end_char and ordered[i].start >= sent.start_char:
                bucket.append(ordered[i])
            i += 1
        out.append((sent, bucket))
    return out


def _cooccurrence_rules(ents, lex, slots, keys, ev, add) -> None:
    """A city and its own province (per the gazetteer) named in one sentence: the city lies in it."""
    named = {}
    for (_, _, type_), key in zip(slots, keys):
        named.setdefault(type_, set()).add(key)
    for child_type, parent_type in (("City", "Province"), ("District", "City")):
        for child in named.get(child_type, ()):
            place = lex.places.get(ents.entities[child].name)
            if not place or not place.parent:
                continue
            for parent in named.get(parent_type, ()):
                if ents.entities[parent].name == place.parent:
                    add(child, parent, "LOCATED_IN", ev, "gazetteer-cooccurrence", 0.7)


def _document_rules(doc, sdoc, ents, lex, mentions, add) -> None:
    sentences = list(sdoc.sents)

    def evidence_at(pos: int) -> Evidence | None:
        for s in sentences:
            if s.start_char <= pos < s.end_char:
                return _evidence(doc, s.start_char, s.end_char)
        return None

    city_keys = {e.name: k for k, e in ents.entities.items() if e.type == "City"}
    for m in mentions:
        key = ents.key_of(m)
        if key is None:
            continue
        ent = ents.entities[key]
        # "Cadstar, a local industrial-software company": local to the city the text is about.
        if m.city == "local" and ent.type in {"Firm", "Fund", "Institution"}:
            city = ents.city_before(m.start)
            if city in city_keys:
                add(key, city_keys[city], "LOCATED_IN", evidence_at(m.start), "local-descriptor", 0.7)
        # "National Supercomputing Centre in Wuxi": the name says where it is.
        hit = re.search(r"\bin ([A-Z][\w\-]+)$", ent.name)
        if hit and hit.group(1) in city_keys:
            add(key, city_keys[hit.group(1)], "LOCATED_IN", evidence_at(m.start), "name-in-place", 0.85)
        # A district the gazetteer places in a city this document names.
        if ent.type == "District":
            place = lex.places.get(ent.name)
            if place and place.parent in city_keys:
                add(key, city_keys[place.parent], "LOCATED_IN", evidence_at(m.start), "gazetteer-district", 0.6)


CREDITS = re.compile(r"(?:\b(?:Photo|Photograph|Picture|Image|Illustration|Graphic)s?(?:\s+credit)?\s*:\s*[^\n.]{1,60}"
                     r"|^[ \t]*By\s+[A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,3}\b)", re.MULTILINE)


def prepare_text(text: str) -> str:
    """What spaCy reads: the document's text, same length, with photo credits and bylines blanked out
    (their names are not part of the story)."""
    from whofunds.loaders.documents import normalize_for_nlp

    return CREDITS.sub(lambda m: " " * len(m.group(0)), normalize_for_nlp(text))


def extract_documents(docs: Iterable[Document], *, n_process: int = 1, batch_size: int = 64) -> Iterator[Extraction]:
    """Extract many documents with spaCy's ``nlp.pipe``; with ``n_process`` > 1 the extraction itself
    runs in the worker processes too (it is the pipeline's last component), so it scales with the parse."""
    from .component import load_extraction_pipeline, take_extraction

    nlp = load_extraction_pipeline()
    docs = list(docs)
    texts = (prepare_text(d.text) for d in docs)
    for doc, sdoc in zip(docs, nlp.pipe(texts, n_process=n_process, batch_size=batch_size)):
        yield bind(take_extraction(sdoc), doc)
