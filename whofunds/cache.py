"""A per-document cache of extractions, so a rebuild only runs the NLP on new or changed documents.

An entry is keyed by the document's content hash (``Document.id``) and the extractor version: a changed
document has a new id, a changed extractor a new version, and either misses. Entries are JSON files written
atomically; an entry that cannot be read back (truncated, hand-edited, from another version) is ignored and
rewritten by the next :meth:`ExtractionCache.put`.

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
from pathlib import Path

from whofunds.graph.io import atomic_write_text
from whofunds.graph.records import Document, Extraction

_DOC_ID = re.compile(r"^[0-9a-f]{8,64}$")


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
        """The cached extraction of the document with this content hash, or None (missing or unreadable)."""
        path = self.path_for(doc_id)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.misses += 1
            return None
        except (OSError, UnicodeDecodeError):
            return self._corrupt(path)
        try:
            data = json.loads(raw)
            extraction = Extraction.from_dict(data)
        except (ValueError, TypeError, KeyError, AttributeError):
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
        text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        atomic_write_text(self.path_for(extraction.document.id), text)

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
            path.unlink()
        except OSError:
            pass
        return None
