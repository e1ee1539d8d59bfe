"""A per-document cache of extractions, so a rebuild only runs the NLP on new or changed documents.

An entry is keyed by the document's content hash (``Document.id``) and the extractor version: a changed
document has a new id, a changed extractor a new version, and either misses. Entries are JSON files written
atomically, ``{"sha256": ..., "extraction": ...}``, the digest taken over the extraction's canonical JSON.
An entry is used only if it is a regular file (opened without following links or blocking: a FIFO or a
link to ``/dev/zero`` in its place is refused at once), of a sane size, whose digest matches and whose
content has the schema of an :class:`~whofunds.graph.records.Extraction` with its evidence inside its
text; anything else (truncated, hand-edited, a tampered amount, from another version) is a miss,
removed, and rewritten by the next :meth:`ExtractionCache.put`.

>>> import tempfile
>>> from whofunds.graph.records import Document, Extraction
>>> cache = ExtractionCache(tempfile.mkdtemp(), "rules-1")
>>> doc = Document(id="0123456789abcdef", path="a.txt", title="A", text="Hefei invested in NIO.")
>>> cache.get(doc.id) is None
True
>>> cache.put(Extraction(document=doc, entities=[], claims=[], extractor_version="rules-1"))
>>> cache.get(doc.id).document.text, cache.hits, cache.misses
('Hefei invested in NIO.', 1, 1)
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from functools import cache
from pathlib import Path

import fastjsonschema

from whofunds.graph.files import read_regular
from whofunds.graph.io import atomic_write_text
from whofunds.graph.records import Document, Extraction

_DOC_ID = re.compile(r"^[0-9a-f]{8,64}$")
MAX_ENTRY_BYTES = 1 << 30  # an entry holds its document's text (20 MB by default) and its extraction

_STR, _INT, _NUM = {"type": "string"}, {"type": "integer", "minimum": 0}, {"type": "number"}
_OPT_STR, _OPT_NUM = {"type": ["string", "null"]}, {"type": ["number", "null"]}
EXTRACTION_SCHEMA = {
    "type": "object",
    "required": ["document", "entities", "claims", "extractor_version"],
    "properties": {
        "extractor_version": _STR,
        "document": {"type": "object", "required": ["id", "path", "title", "text", "encoding"],
                     "properties": {"id": _STR, "path": _STR, "title": _STR, "text": _STR, "encoding": _STR}},
        "entities": {"type": "array", "items": {
            "type": "object", "required": ["key", "name", "type", "aliases", "mentions", "city"],
            "properties": {"key": _STR, "name": _STR, "type": _STR, "city": _OPT_STR,
                           "aliases": {"type": "array", "items": _STR},
                           "mentions": {"type": "array", "items": {"type": "array", "items": _INT,
                                                                   "minItems": 2, "maxItems": 2}}}}},
        "claims": {"type": "array", "items": {
            "type": "object",
            "required": ["source", "target", "type", "evidence", "confidence", "status", "rule", "amount", "currency",
                         "amount_text", "year", "stake"],
            "properties": {
                "source": _STR, "target": _STR, "type": _STR, "rule": _STR, "confidence": _NUM,
                "status": {"enum": ["stated", "announced"]}, "amount": _OPT_NUM, "currency": _OPT_STR,
                "amount_text": _OPT_STR, "year": {"type": ["integer", "null"]}, "stake": _OPT_NUM,
                "city": _OPT_STR,  # a chain edge's place, as the text names it
                "evidence": {"type": "object", "required": ["doc_id", "sentence", "start", "end", "path"],
                             "properties": {"doc_id": _STR, "sentence": _STR, "start": _INT, "end": _INT,
                                            "path": _STR}}}}},
    },
}


class CorruptEntry(ValueError):
    """A cache entry that must not be used (the reason says why)."""


@cache
def _check_schema():
    return fastjsonschema.compile(EXTRACTION_SCHEMA)


def _canonical(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def entry_text(extraction_data: dict) -> str:
    """What :meth:`ExtractionCache.put` writes for an extraction's ``to_dict()``."""
    payload = _canonical(extraction_data)
    return '{"sha256":"' + _digest(payload) + '","extraction":' + payload + "}"


def parse_entry(raw: bytes) -> Extraction:
    """The extraction in an entry's bytes, checked (digest, schema, consistency); :class:`CorruptEntry` if not.

    >>> doc = Document(id="0123456789abcdef", path="a.txt", title="A", text="Hefei invested in NIO.")
    >>> text = entry_text(Extraction(doc, [], [], "v1").to_dict())
    >>> parse_entry(text.encode()).document.text
    'Hefei invested in NIO.'
    >>> parse_entry(text.replace("NIO", "BYD").encode())
    Traceback (most recent call last):
    ...
    whofunds.cache.CorruptEntry: checksum does not match (edited or damaged)
    """
    try:
        entry = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise CorruptEntry(f"not JSON ({exc})") from None
    if not isinstance(entry, dict) or set(entry) != {"sha256", "extraction"}:
        raise CorruptEntry("not a cache entry (no sha256 and extraction)")
    data = entry["extraction"]
    if not isinstance(data, dict) or entry["sha256"] != _digest(_canonical(data)):
        raise CorruptEntry("checksum does not match (edited or damaged)")
    try:
        _check_schema()(data)
    except fastjsonschema.JsonSchemaValueException as exc:
        raise CorruptEntry(f"wrong shape: {exc.message}") from None
    extraction = Extraction.from_dict(data)
    text, keys = extraction.document.text, {e.key for e in extraction.entities}
    for claim in extraction.claims:
        ev = claim.evidence
        if text[ev.start:ev.end] != ev.sentence or claim.source not in keys or claim.target not in keys:
            raise CorruptEntry("evidence or entities do not fit the document")
    return extraction


class ExtractionCache:
    """Extractions stored as ``DIRECTORY/<extractor version key>/<doc id>.json``.

    ``hits``, ``misses`` and ``corrupted`` count what :meth:`get` found, for the build's summary.
    """

    def __init__(self, directory: str | os.PathLike, extractor_version: str):
        self.directory = Path(directory)
        self.extractor_version = str(extractor_version)
        slug = re.sub(r"[^A-Za-z0-9._-]+", "-", self.extractor_version)[:40].strip("-.") or "v"
        digest = hashlib.sha256(self.extractor_version.encode("utf-8")).hexdigest()[:8]
        # Slug for people looking at the folder, digest so two versions never share one.
        self.version_dir = self.directory / f"{slug}-{digest}"
        self.hits = 0
        self.misses = 0
        self.corrupted = 0

    def path_for(self, doc_id: str) -> Path:
        """Where the entry for ``doc_id`` lives (whether or not it exists)."""
        if not _DOC_ID.match(doc_id):
            raise ValueError(f"not a document id (hex content hash): {doc_id!r}")
        return self.version_dir / f"{doc_id}.json"

    def get(self, doc_id: str) -> Extraction | None:
        """The cached extraction of the document with this content hash, or None (missing or unusable)."""
        path = self.path_for(doc_id)
        try:
            raw = read_regular(path, MAX_ENTRY_BYTES, follow_symlinks=False)
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError:  # a FIFO, device, link, folder or over-long file in its place; unreadable
            return self._corrupt(path)
        try:
            extraction = parse_entry(raw)
        except (CorruptEntry, ValueError, TypeError, KeyError, AttributeError):
            return self._corrupt(path)
        if extraction.document.id != doc_id or extraction.extractor_version != self.extractor_version:
            return self._corrupt(path)
        self.hits += 1
        return extraction

    def get_for(self, document: Document) -> Extraction | None:
        """Like :meth:`get`, with the document (and its evidence) re-bound to ``document``'s current path.

        The same text under a new name or folder is still a hit; its evidence then points at the new path.
        """
        extraction = self.get(document.id)
        if extraction is None:
            return None
        if extraction.document == document:
            return extraction
        claims = []
        for claim in extraction.claims:
            claim = dataclasses.replace(claim)
            claim.evidence = dataclasses.replace(claim.evidence, path=document.path)
            claims.append(claim)
        return dataclasses.replace(extraction, document=document, claims=claims)

    def put(self, extraction: Extraction) -> None:
        """Store ``extraction`` under its document's id (atomically: a killed writer leaves no half entry)."""
        if extraction.extractor_version and extraction.extractor_version != self.extractor_version:
            raise ValueError(f"extraction made by {extraction.extractor_version!r}, "
                             f"cache is for {self.extractor_version!r}")
        data = extraction.to_dict()
        data["extractor_version"] = self.extractor_version
        atomic_write_text(self.path_for(extraction.document.id), entry_text(data))

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and _DOC_ID.match(doc_id) is not None and self.path_for(doc_id).is_file()

    def doc_ids(self) -> list[str]:
        """Ids of the documents with an entry for this extractor version, sorted."""
        if not self.version_dir.is_dir():
            return []
        return sorted(p.stem for p in self.version_dir.glob("*.json") if _DOC_ID.match(p.stem))

    def prune(self, keep: set[str] | list[str]) -> int:
        """Delete entries of documents not in ``keep`` and of other extractor versions (and stale temporary
        files); return how many entries went."""
        keep = set(keep)
        removed = 0
        if self.version_dir.is_dir():
            for stale in self.version_dir.glob(".*.tmp"):  # left by a writer killed mid-put
                stale.unlink(missing_ok=True)
        for doc_id in self.doc_ids():
            if doc_id not in keep:
                self.path_for(doc_id).unlink(missing_ok=True)
                removed += 1
        if self.directory.is_dir():
            for other in self.directory.iterdir():
                if other.is_dir() and other != self.version_dir:
                    for entry in other.glob("*.json"):
                        entry.unlink(missing_ok=True)
                        removed += 1
                    try:
                        other.rmdir()
                    except OSError:
                        pass
        return removed

    def _corrupt(self, path: Path) -> None:
        self.corrupted += 1
        self.misses += 1
        try:
            if path.is_dir() and not path.is_symlink():
                os.rmdir(path)
            else:
                path.unlink()
        except OSError:
            pass
        return None
