"""Entity mentions placed on the parse: which tokens each mention covers and which token heads it.

Frames work on tokens; entities come from mentions (character spans, see :mod:`mentions` and
:mod:`entities`). An :class:`Anchors` maps one to the other in both directions.

>>> from whofunds.loaders.nlp import load_nlp
>>> from whofunds.loaders.extract.mentions import Mention
>>> sdoc = load_nlp()("Baishan Capital invested in Ruiqi Motors.")
>>> a = Anchors(sdoc, [Mention(0, 15, "Baishan Capital", "Org", "ner"), Mention(28, 40, "Ruiqi Motors", "Org", "ner")],
...             keys=["Fund:baishan capital", "Firm:ruiqi motors"], types=["Fund", "Firm"])
>>> a.slot_at(sdoc[1]).key, sdoc[a.slots[1].head].text
('Fund:baishan capital', 'Motors')
"""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from .doctext import doc_text
from .amounts import PERCENT_RE
from .mentions import Mention


@dataclass
class Slot:
    """One mention on the parse."""

    index: int
    mention: Mention
    first: int  # first token
    last: int  # last token (inclusive)
    head: int  # the token that heads the mention's words in the parse
    sentence: int  # index of its sentence
    key: str | None  # the entity it names (None: a back-reference still to resolve)
    type: str | None

    @property
    def ref(self) -> str | None:
        return self.mention.ref if self.mention.kind == "Ref" else None


class Anchors:
    def __init__(self, sdoc: Doc, mentions: list[Mention], keys: list[str | None], types: list[str | None]):
        self.sdoc = sdoc
        # Doc.text and Doc.sents are rebuilt on every access: read them once
        self.text = doc_text(sdoc)
        self.sentences = list(sdoc.sents)
        self.sent_starts = [s.start for s in self.sentences]
        self.slots: list[Slot] = []
        self._by_token: list[int | None] = [None] * len(sdoc)
        self._sentence_of: list[int] = [0] * len(sdoc)
        for n, sent in enumerate(self.sentences):
            for i in range(sent.start, sent.end):
                self._sentence_of[i] = n
        for m, key, type_ in zip(mentions, keys, types):
            if key is None and m.kind != "Ref":
                continue  # a mention no entity came of ("start-up" read as a name) holds no place on the parse
            span = sdoc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            if any(self._by_token[i] is not None for i in range(span.start, span.end)):
                continue  # mentions do not overlap; a token belongs to one
            slot = Slot(len(self.slots), m, span.start, span.end - 1, _head_of(span), self._sentence_of[span.start],
                        key, type_)
            self.slots.append(slot)
            for i in range(span.start, span.end):
                self._by_token[i] = slot.index

    def share_follows(self, tok: Token) -> bool:
        """Whether the name at ``tok`` is followed by its own share ('held 51% of the vehicle, A 37% and B
        the remaining 12%'): the next item of a gapped list, not an apposition or an object of the verb."""
        slot = self.slot_at(tok)
        if slot is None:
            return False
        doc, nxt = tok.doc, slot.last + 1
        while nxt < len(doc) and doc[nxt].lower_ in {"the", "remaining", "other", "a", "further"}:
            nxt += 1
        return nxt < len(doc) and doc[nxt].like_num and PERCENT_RE.match(self.text, doc[nxt].idx) is not None

    def slot_index(self, tok: Token) -> int | None:
        """The index of the slot ``tok`` belongs to (the same for every token of one name)."""
        return self._by_token[tok.i]

    def slot_at(self, tok: Token) -> Slot | None:
        n = self._by_token[tok.i]
        return None if n is None else self.slots[n]

    def sentence_of(self, tok: Token) -> int:
        return self._sentence_of[tok.i]

    def sentence(self, tok: Token) -> Span:
        """The sentence of ``tok`` (``Token.sent`` walks the parse on every call)."""
        return self.sentences[self._sentence_of[tok.i]]

    def sentence_slots(self, n: int) -> list[Slot]:
        return [s for s in self.slots if s.sentence == n]


def _head_of(span) -> int:
    """The token of ``span`` whose head lies outside it (the rightmost such, for a flat name)."""
    heads = [t.i for t in span if t.head.i < span.start or t.head.i >= span.end or t.head == t]
    return heads[-1] if heads else span.end - 1
