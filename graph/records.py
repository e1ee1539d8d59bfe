"""What loaders hand to the graph: documents, entities found in them, and claims with evidence.

Everything here is plain data that round-trips through JSON, so a document's extraction can be
cached by content hash and replayed without re-reading the document.

>>> ev = Evidence(doc_id="d1", sentence="Hefei invested in NIO.", start=0, end=22)
>>> Claim(source="e1", target="e2", type="INVESTS_IN", evidence=ev).to_dict()["evidence"]["start"]
0
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Document:
    """A document read from disk: ``id`` is a hash of its clean text, so it is stable across paths."""

    id: str
    path: str
    title: str
    text: str
    encoding: str = "utf-8"
    # Where the document came from, when its page, a sidecar or a dateline says (see loaders/sources.py):
    # ``url`` (canonical address), ``publisher`` and ``date`` (publication date, ISO ``YYYY``, ``YYYY-MM`` or
    # ``YYYY-MM-DD``). A table or an entity file is a document too: its ``encoding`` names its format.
    url: str | None = None
    publisher: str | None = None
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def source(self) -> dict[str, Any]:
        """The document's entry in ``graph.json``'s ``graph.documents``: source metadata only where known.

        >>> Document("d1", "a.html", "A", "text", url="https://example.org/a").source()["url"]
        'https://example.org/a'
        """
        entry = {"id": self.id, "path": self.path, "title": self.title, "encoding": self.encoding}
        entry.update({k: getattr(self, k) for k in SOURCE_FIELDS if getattr(self, k)})
        return entry


SOURCE_FIELDS = ("url", "publisher", "date")


@dataclass(frozen=True)
class Evidence:
    """Where a claim is stated: the sentence and its character offsets in the document's clean text."""

    doc_id: str
    sentence: str
    start: int
    end: int
    path: str = ""
    # A table's row (loaders/registry.py): its sheet (None for CSV) and its row number as a spreadsheet
    # shows it (the header row is row 1). Prose evidence has neither, and its dict leaves them out.
    sheet: str | None = None
    row: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        for key in ("sheet", "row"):
            if d[key] is None:
                del d[key]
        return d


@dataclass
class Entity:
    """An entity as one document knows it: ``key`` is local to the document."""

    key: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    city: str | None = None  # for posts named by office ("Mayor of Hefei"): the city they belong to

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["mentions"] = [list(m) for m in self.mentions]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entity":
        d = dict(d)
        d["mentions"] = [tuple(m) for m in d.get("mentions", [])]
        return cls(**d)



# A rule name ending in this marks a relation presumed from a description ("X, the city's state platform":
# the city controls X), not stated: it gives way to the same relation of the same target stated from another
# source, in the document (:func:`yield_presumed`) and across documents (graph.build).
PRESUMED = ":presumed"


def presumed(rule: str) -> bool:
    return rule.endswith(PRESUMED)


def yield_presumed(claims: list["Claim"]) -> list["Claim"]:
    """The claims without those presumed where a stated claim of the same type gives the target another source.

    >>> ev = Evidence(doc_id="d", start=0, end=1, sentence="")
    >>> city = Claim("city", "fund", "CONTROLS", ev, rule="state-vehicle" + PRESUMED)
    >>> sasac = Claim("sasac", "fund", "CONTROLS", ev, rule="owned-by")
    >>> [c.source for c in yield_presumed([city, sasac])]
    ['sasac']
    """
    stated = {(c.type, c.target, c.source) for c in claims if not presumed(c.rule)}
    return [c for c in claims if not (presumed(c.rule) and any(
        t == c.type and g == c.target and s != c.source for t, g, s in stated))]

@dataclass
class Claim:
    """A relation stated in a document, between two entity keys of that document."""

    source: str
    target: str
    type: str
    evidence: Evidence
    confidence: float = 0.8
    status: str = "stated"  # "stated" or "announced" (plans and pledges, not yet done)
    rule: str = ""  # which extraction rule made it: the explanation an analyst can check
    amount: float | None = None
    currency: str | None = None
    amount_text: str | None = None
    year: int | None = None
    stake: float | None = None  # percent
    # for chain edges (CHAIN_BOSS_OF, CHAIN_LEADER_OF): the place whose chain it is, as the text names it
    city: str | None = None
    # Stated by structured sources (tables, entity files): the date of the holding or post (ISO), and a
    # person's role (WORKS_FOR: "Chairman"). Prose leaves them None; graph.json then leaves them out.
    date: str | None = None
    role: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["evidence"] = self.evidence.to_dict()
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Claim":
        d = dict(d)
        d["evidence"] = Evidence(**d["evidence"])
        return cls(**d)


@dataclass
class Extraction:
    """All that one document yields."""

    document: Document
    entities: list[Entity]
    claims: list[Claim]
    extractor_version: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "document": self.document.to_dict(),
            "entities": [e.to_dict() for e in self.entities],
            "claims": [c.to_dict() for c in self.claims],
            "extractor_version": self.extractor_version,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Extraction":
        return cls(
            document=Document(**d["document"]),
            entities=[Entity.from_dict(e) for e in d["entities"]],
            claims=[Claim.from_dict(c) for c in d["claims"]],
            extractor_version=d.get("extractor_version", ""),
        )
