"""What pronouns and definite descriptions refer to: one resolver, by salience and type.

"it", "its", "they"; "the carmaker", "the fund", "the commission", "the Wuhu platform"; "the city";
"the municipal government"; "there". A reference resolves to an entity named before it, preferring,
in order: one of the type the words call for; the same or the previous sentence over older ones; a
subject over other roles; the entity the document names most. A description's own words narrow the
choice ("the Wuhu platform" is the platform with Wuhu in its name). Quoted speech resolves nothing
by description: quotes refer loosely.

>>> from whofunds.loaders.extract.discourse import REFERRING_PRONOUNS
>>> "its" in REFERRING_PRONOUNS
True
"""
from __future__ import annotations

from spacy.tokens import Token

from .anchors import Anchors, Slot

ORGANISATIONS = ("Firm", "Fund", "GovernmentBody", "Institution")
PLACES = ("City", "Province", "District", "Country")
REFERRING_PRONOUNS = {
    "it": ORGANISATIONS + ("City", "Province", "District"), "its": ORGANISATIONS + ("City", "Province", "District"),
    "itself": ORGANISATIONS, "they": ORGANISATIONS, "them": ORGANISATIONS, "their": ORGANISATIONS,
    "he": ("Person",), "him": ("Person",), "his": ("Person",), "she": ("Person",), "her": ("Person",),
}
# Ref mentions found by the mention finders (see mentions.py), by the types they refer to
REF_TYPES = {"City": ("City",), "Province": ("Province",), "District": ("District",), "Firm": ("Firm",),
             "Fund": ("Fund",), "Group": ("Firm", "Fund"), "Institution": ("Institution",), "Venture": ("Firm",)}
WINDOW = 3  # sentences a pronoun looks back over
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


class Discourse:
    """Resolves references in one document (see the module docstring)."""

    def __init__(self, anchors: Anchors, ents, lex):
        self.anchors = anchors
        self.ents = ents
        self.nouns: dict[str, tuple[str, ...]] = {}
        for type_, words in (lex.words.get("back_reference_nouns") or {}).items():
            for w in words:
                self.nouns.setdefault(w.lower(), ())
                self.nouns[w.lower()] += (type_,)
        self.named = [s for s in anchors.slots if s.key is not None]
        self.mention_count: dict[str, int] = {}
        for s in self.named:
            self.mention_count[s.key] = self.mention_count.get(s.key, 0) + 1
        self._cache: dict[tuple, list[tuple[str, str]]] = {}

    # ---- entry points
    def slot(self, slot: Slot) -> list[tuple[str, str]]:
        """A back-reference mention (kind "Ref") as (entity key, type); empty when unresolved."""
        key = ("slot", slot.index)
        if key not in self._cache:
            self._cache[key] = self._slot(slot)
        return self._cache[key]

    def token(self, tok: Token) -> list[tuple[str, str]]:
        """A pronoun, "there", or a definite description ("the carmaker") as (entity key, type)."""
        key = ("tok", tok.i)
        if key not in self._cache:
            self._cache[key] = self._token(tok)
        return self._cache[key]

    def is_reference(self, tok: Token) -> bool:
        low = tok.lower_
        if low in REFERRING_PRONOUNS or low == "there":
            return True
        return self._description_types(tok) is not None

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
            return self._pronoun(tok, REFERRING_PRONOUNS["it"])
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
        hit = self._best(tok, types, window=None, words=self._modifiers(tok))
        return [hit] if hit else []

    def _token(self, tok: Token) -> list[tuple[str, str]]:
        low = tok.lower_
        if low in REFERRING_PRONOUNS:
            return self._pronoun(tok, REFERRING_PRONOUNS[low])
        if low == "there":
            hit = self._best(tok, PLACES, window=2)
            return [hit] if hit else []
        types = self._description_types(tok)
        if not types or self._quoted(tok):
            return []
        hit = self._best(tok, types, window=None, words=self._modifiers(tok))
        return [hit] if hit else []

    def _pronoun(self, tok: Token, types) -> list[tuple[str, str]]:
        # "X said it would ...": the speaker
        clause = tok.head
        if tok.dep_ in SUBJECT_DEPS and clause.dep_ == "ccomp" and clause.head.lemma_ in REPORTING:
            for s in clause.head.children:
                if s.dep_ in SUBJECT_DEPS:
                    slot = self.anchors.slot_at(s)
                    if slot is not None and slot.key is not None and slot.type in types:
                        return [(slot.key, slot.type)]
        hit = self._best(tok, types, window=WINDOW)
        return [hit] if hit else []

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
        if not dets or dets[0].lower_ not in {"the", "this", "that", "these", "those"}:
            return None
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            return None  # "the company of X" is described by its complement, not a back-reference
        if tok.dep_ == "appos" or any(c.dep_ == "appos" for c in tok.children):
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

    def _quoted(self, tok: Token) -> bool:
        sent = tok.sent
        return sent.doc.text[sent.start_char:tok.idx].count('"') % 2 == 1

    def _best(self, tok: Token, types, window: int | None, words=()) -> tuple[str, str] | None:
        here = self.anchors.sentence_of(tok)
        best, best_score = None, None
        for slot in self.named:
            if slot.last >= tok.i:
                break
            if slot.type not in types:
                continue
            distance = here - slot.sentence
            if window is not None and distance >= window:
                continue
            name = self.ents.entities[slot.key].name.lower()
            if words and not all(w in name or w in " ".join(self.ents.entities[slot.key].aliases).lower()
                                 for w in words):
                continue
            head = self.anchors.sdoc[slot.head]
            subject = head.dep_ in SUBJECT_DEPS or (head.dep_ == "appos" and head.head.dep_ in SUBJECT_DEPS)
            score = (-1.5 * min(distance, 4) + (1.2 if subject else 0.0)
                     + 0.35 * min(self.mention_count[slot.key], 6) + 0.001 * slot.first)
            if best_score is None or score > best_score:
                best, best_score = (slot.key, slot.type), score
        return best


REPORTING = {"say", "tell", "announce", "add", "confirm", "state", "report", "disclose", "note", "insist", "argue",
             "claim", "explain", "write", "reply", "declare"}
