"""The regular-expression relation patterns of earlier releases (``patterns.yaml`` over slot-masked
sentences), kept while the frame extractor (:mod:`framing`) takes their place; see
benchmarks/extraction_quality.py for what each still adds."""
from __future__ import annotations

import re

from .modality import ended
from .doctext import doc_text
from .entities import DocumentEntities
from .discourse import names_as
from .mentions import Mention
from .relations import mask, match_sentence, money_of, stake_of, year_of


class _Resolver:
    """Turns mentions into (entity key, type), following back-references to what came before.

    "the city" is the city named last. "the company", "the fund", "the group" are the most salient
    entity of that kind named so far (most mentions, then most recent): news refers back to its
    protagonist, not to the bank whose analyst was quoted last.
    """

    def __init__(self, ents: DocumentEntities, discourse=None):
        self.ents = ents
        self.discourse = discourse
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
        if m.ref == "Fund" and self.discourse is not None:
            # "the fund", "the group": what the discourse module makes of it (one resolver for frames and
            # patterns), when it makes anything
            found = self.discourse.mention(m)
            if found:
                return found[0]
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
        head = "fund" if m.ref == "Fund" else None
        key = next((k for k in self.previous_sentence if self.ents.entities[k].type in types
                    and k not in sentence_keys), None)
        if key is not None and head and not names_as(self.ents.entities[key].name, head):
            # "The X Fund ... Y Investment Group and Z are owned by ... The fund invests in ...": the one named a
            # fund, when there is one, over an investment group the model typed as a fund
            key = self._salient(types, exclude=sentence_keys, head=head, head_only=True) or key
        if key is None:
            key = self._salient(types, anywhere=m.ref == "Institution", exclude=sentence_keys, head=head)
        return (key, self.ents.entities[key].type) if key else None

    def next_sentence(self, keys: list[str]) -> None:
        """Called after each sentence with the entity keys it named, in order."""
        if keys:
            self.previous_sentence = list(keys)

    def _salient(self, types, anywhere: bool = False, exclude=frozenset(), head: str | None = None,
                 head_only: bool = False) -> str | None:
        # "Baishan Group invested in the firm": a back-reference points outside its own sentence; "the fund" is
        # one named a fund ("X Fund") before an investment group the model typed as one
        pool = [k for k in (self.ents.entities if anywhere else self.seen)
                if self.ents.entities[k].type in types and k not in exclude
                and not (head_only and not names_as(self.ents.entities[k].name, head))]
        if not pool:
            return None
        return max(pool, key=lambda k: (bool(head) and names_as(self.ents.entities[k].name, head),
                                        len(self.ents.entities[k].mentions), self.seen.get(k, -1)))


ORG_REF_TYPES = ("Firm", "Fund", "GovernmentBody", "Institution")
REF_TYPES = {"Firm": ("Firm",), "Fund": ("Fund",), "Group": ("Firm", "Fund"), "Institution": ("Institution",)}




# words without which no holding in a sentence can have ended (a cheap test before the parse is walked)
ENDED_CUES = re.compile(r"\b(?:until|till|formerly|previously|once|sold|sell|sells|selling|divest\w*|exit\w*|"
                        r"dispos\w*|offload\w*|unload\w*|transferr?\w*|cash\w* out|hand\w*|return\w*|gave|give\w*|"
                        r"no longer)\b", re.IGNORECASE)


def legacy_claims(sdoc, ents: DocumentEntities, mentions: list[Mention], add, evidence_of, discourse=None) -> None:
    """Claims of the regex patterns, sentence by sentence. ``discourse``: the document's resolver of
    definite descriptions ("the fund", "the group"), which the patterns then share with the frames."""
    text = doc_text(sdoc)
    resolver = _Resolver(ents, discourse)
    for sent, sent_mentions in _mentions_by_sentence(sdoc, mentions):
        slots, keys = [], []
        sent_text = text[sent.start_char:sent.end_char]  # (a Span's .text walks its tokens every time)
        for m in sent_mentions:
            before = sent_text[:m.start - sent.start_char]
            quoted = before.count('"') % 2 == 1 or sent_text.lstrip().startswith('"')
            reported = re.search(r"\b(?:said|says|told|announced|added)\b(?:\s+\S+){0,4}\s*$", before) is not None
            subordinate = re.search(r",\s+(?:which|who)\b", before) is not None
            resolved = resolver.resolve(m, in_quote=quoted, sentence_order=keys, reported=reported,
                                        subordinate=subordinate)
            if resolved is None:
                continue
            slots.append((m.start - sent.start_char, m.end - sent.start_char, resolved[1]))
            keys.append(resolved[0])
        resolver.next_sentence(keys)
        if not slots:
            continue
        ev = evidence_of(sent.start_char, sent.end_char)
        masked = mask(sent_text, slots)
        holding_over = bool(ENDED_CUES.search(sent_text)) and any(ended(t) for t in sent if t.pos_ == "VERB")
        for sc in match_sentence(masked, text):
            if holding_over and sc.relation in {"INVESTS_IN", "CONTROLS"}:
                continue  # "held a stake from 2011 but sold it in 2019" (see modality.ended)
            attrs = None
            if sc.relation == "INVESTS_IN":
                region = re.sub(r"⟪\d+:\w+⟫", " X ", masked[sc.span[0]:min(len(masked), sc.span[1] + 40)])
                opening = re.match(r"\s*(?:In|By|Since)\s+((?:19|20)\d\d)\b", sent.text)
                year = year_of(region) or (int(opening.group(1)) if opening else None)
                attrs = {**money_of(region), "stake": stake_of(region), "year": year}
            add(keys[sc.source], keys[sc.target], sc.relation, ev, "pattern:" + sc.rule, sc.status, attrs)


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


