"""Every kind of input in one pass: documents (prose), registry tables and FollowTheMoney entity files.

:func:`read_sources` expands the build's inputs (files, folders, globs: :func:`~whofunds.loaders.documents.iter_paths`)
and reads each file by its kind (:func:`~whofunds.loaders.documents.input_kind`): a document becomes a
:class:`~whofunds.graph.records.Document` for the NLP; a table (``.csv``, ``.tsv``, ``.xlsx``:
:mod:`whofunds.loaders.registry`) or an entity file (``.ftm.json``, ``.ftm.jsonl``, ``.ijson``:
:mod:`whofunds.loaders.ftm`) becomes extractions directly, with no NLP. Nothing is skipped silently: a file
or row that cannot be read is a :class:`~whofunds.loaders.documents.Failure` naming it; the rest go on.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.txt").write_text("Hefei invested in NIO.")
>>> _ = (d / "holders.csv").write_text("company,shareholder,stake\\nAcme Widgets,Borealis Fund,10\\n")
>>> found = read_sources([d])
>>> [doc.path.endswith("a.txt") for doc in found.documents], [ex.document.title for ex in found.structured]
([True], ['holders.csv'])
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterable

from whofunds.graph.records import Document, Extraction
from whofunds.loaders.documents import (
    DEFAULT_MAX_BYTES, DocumentError, Failure, input_kind, iter_paths, read_document_paths, read_sidecar,
)


@dataclass
class Sources:
    """What :func:`read_sources` gives."""

    documents: list[Document] = field(default_factory=list)  # prose, for the NLP
    structured: list[Extraction] = field(default_factory=list)  # tables and entity files, read already
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows: int = 0  # table rows seen
    rows_loaded: int = 0


def read_sources(inputs: Iterable[str | os.PathLike], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 columns=None) -> Sources:
    """Read every input; ``columns`` is a :class:`~whofunds.loaders.registry.ColumnMap` for the tables
    (a table's own sidecar ``columns:`` come first)."""
    paths, failures = iter_paths(inputs)
    documents = [p for p in paths if input_kind(p) == "document"]
    out = Sources()
    out.documents, out.failures = read_document_paths(documents, failures, max_bytes=max_bytes)
    read_structured(paths, {d.id: d.path for d in out.documents}, out, max_bytes=max_bytes, columns=columns)
    return out


def read_structured(paths: Iterable[os.PathLike], seen: dict[str, str], out: Sources, *,
                    max_bytes: int = DEFAULT_MAX_BYTES, columns=None) -> None:
    """The tables and entity files among ``paths`` (the documents are skipped), read into ``out`` after
    what it holds: :func:`read_sources` once the documents are read, a cluster build (:mod:`whofunds.cluster`)
    once its workers have read them. ``seen`` maps the ids of the documents kept to their paths, for
    duplicates; it grows with the extractions read here."""
    for path in paths:
        kind = input_kind(path)
        if kind == "document":
            continue
        try:
            sidecar = read_sidecar(path)
        except DocumentError as exc:
            out.failures.append(Failure(exc.path, exc.reason))
            continue
        if kind == "table":
            from whofunds.loaders.registry import ColumnMap, read_table

            try:
                own = ColumnMap.parse(mapping=sidecar.get("columns") or {}) if sidecar.get("columns") else None
            except ValueError as exc:
                out.failures.append(Failure(str(path), f"sidecar columns: {exc}"))
                continue
            table = read_table(path, columns=(columns or ColumnMap()).merged(own), max_bytes=max_bytes,
                               source=sidecar)
            out.rows += table.rows
            out.rows_loaded += table.loaded
            out.failures.extend(table.failures)
            out.warnings.extend(table.warnings)
            extractions = [table.extraction] if table.extraction is not None else []
        else:
            from whofunds.loaders.ftm import read_ftm

            result = read_ftm(path, max_bytes=max_bytes, source=sidecar)
            out.failures.extend(result.failures)
            out.warnings.extend(result.warnings)
            extractions = result.extractions
        for ex in extractions:
            if ex.document.id in seen:
                out.failures.append(Failure(str(path), f"duplicate of {seen[ex.document.id]} "
                                                       f"(same content, id {ex.document.id})"))
                continue
            seen[ex.document.id] = ex.document.path
            out.structured.append(ex)
