"""The build: documents in; ``graph.json``, ``nodes.csv``, ``edges.csv`` and ``map.html`` out.

Stages run one way: read documents (loaders) -> extract entities and claims (loaders, cached per
document; a text over the NLP limit in parts) -> resolve and build the graph, add centrality (graph)
-> write outputs (graph.io, viz) as one set (whofunds.outputs).
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx

from whofunds.cache import ExtractionCache
from whofunds.graph.analysis import add_centrality
from whofunds.graph.build import build_graph
from whofunds.graph.io import write_graph, write_tables
from whofunds.graph.records import Claim, Document, Entity, Evidence, Extraction
from whofunds.graph.resolve import AliasFile
from whofunds.loaders.documents import DEFAULT_MAX_BYTES, Failure, text_parts
from whofunds.loaders.evidence import MAX_EVIDENCE_CHARS, cap_evidence
from whofunds.loaders.extract import current_version, extract_documents
from whofunds.loaders.sources import Sources, read_sources, read_structured
from whofunds.outputs import OutputFolder
from whofunds.workers import end_with_parent

OUTPUTS = ("graph.json", "nodes.csv", "edges.csv", "map.html")


class StrictFailure(Exception):
    """``strict`` build: some inputs could not be read, so nothing was written."""

    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__(f"{len(failures)} input(s) could not be read; nothing written")


@dataclass
class BuildReport:
    graph: nx.MultiDiGraph
    documents: int
    failures: list[Failure]
    out_dir: Path | None = None
    cached: int = 0
    extracted: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    written: bool = False  # whether the outputs in out_dir were replaced
    structured: int = 0  # tables and entity files read (no NLP); counted in ``documents`` too
    rows: int = 0  # table rows seen, and loaded (the others are failures naming their row)
    rows_loaded: int = 0
    cluster: dict | None = None  # a build on a Dask cluster: its workers, losses and retries (whofunds.cluster)

    @property
    def ok(self) -> bool:
        return not self.failures


def default_workers(n_docs: int) -> int:
    # Worker processes cost ~1 s each to start (they load the model): only worth it for real batches.
    return min(os.cpu_count() or 1, 2) if n_docs >= 40 else 1


def input_relpath(path: str | os.PathLike, inputs: Iterable[str | os.PathLike]) -> str:
    """``path`` relative to the input it came from: the same document gets the same relative path
    whatever folder the corpus was built from (``data/sample`` or ``/home/me/data/sample``).

    A folder input (or a glob's folder part) is the root; a file input is its own name. With several
    inputs, the deepest root that holds the file wins.

    >>> input_relpath("data/sample/01.txt", ["data/sample"]), input_relpath("/x/a.txt", ["/x/a.txt"])
    ('01.txt', 'a.txt')
    >>> input_relpath("notes/2024/b.md", ["notes/*/*.md"])
    '2024/b.md'
    """
    import glob

    target = Path(os.path.abspath(path))
    best: str | None = None
    for raw in inputs:
        text = os.fspath(raw)
        if glob.has_magic(text):
            parts = Path(text).parts
            fixed = [p for p in parts[:next(i for i, p in enumerate(parts) if glob.has_magic(p))]]
            root = Path(os.path.abspath(os.path.join(*fixed))) if fixed else Path(os.path.abspath("."))
        else:
            root = Path(os.path.abspath(text))
        if root == target:
            candidate = target.name
        else:
            try:
                candidate = target.relative_to(root).as_posix()
            except ValueError:
                continue
        if best is None or len(candidate) < len(best):
            best = candidate
    return best if best is not None else target.name


def nlp_char_limit() -> int:
    """The longest text the NLP pipeline takes in one piece (spaCy's ``max_length``)."""
    from whofunds.loaders.extract.component import load_extraction_pipeline

    return load_extraction_pipeline().max_length


def join_parts(document: Document, parts: list[tuple[int, Extraction]]) -> Extraction:
    """One extraction of ``document`` from the extractions of its parts, each starting at its offset.

    Offsets are shifted back into the whole text (evidence stays ``document.text[start:end]``); entity
    keys get the part's number, and entity resolution merges the same name across parts as it does
    across documents.

    >>> doc = Document(id="d1", path="a.txt", title="a", text="Hefei.\\n\\nNIO.")
    >>> part = Extraction(Document("d1", "a.txt", "a", "NIO."), [Entity("Firm:nio", "NIO", "Firm", mentions=[(0, 3)])],
    ...                   [Claim("Firm:nio", "Firm:nio", "SUPPLIES", Evidence("d1", "NIO.", 0, 4))])
    >>> joined = join_parts(doc, [(8, part)])
    >>> joined.entities[0].key, joined.entities[0].mentions, joined.claims[0].evidence.sentence
    ('p1:Firm:nio', [(8, 11)], 'NIO.')
    """
    entities: list[Entity] = []
    claims: list[Claim] = []
    for number, (offset, ex) in enumerate(parts, start=1):
        prefix = f"p{number}:"
        for ent in ex.entities:
            entities.append(dataclasses.replace(ent, key=prefix + ent.key,
                                                mentions=[(a + offset, b + offset) for a, b in ent.mentions]))
        for claim in ex.claims:
            start, end = claim.evidence.start + offset, claim.evidence.end + offset
            claims.append(dataclasses.replace(
                claim, source=prefix + claim.source, target=prefix + claim.target,
                evidence=Evidence(doc_id=document.id, path=document.path, sentence=document.text[start:end],
                                  start=start, end=end)))
    version = parts[0][1].extractor_version if parts else current_version()
    return Extraction(document=document, entities=entities, claims=claims, extractor_version=version)


def _extract_one(doc: Document, limit: int, n_process: int) -> Iterator[Extraction]:
    if len(doc.text) <= limit:
        yield from extract_documents([doc], n_process=n_process)
        return
    spans = text_parts(doc.text, limit)
    pieces = [dataclasses.replace(doc, text=doc.text[a:b]) for a, b in spans]
    extracted = list(extract_documents(pieces, n_process=n_process))
    yield join_parts(doc, [(a, ex) for (a, _), ex in zip(spans, extracted)])


def _extract(todo: list[Document], n_process: int) -> Iterator[tuple[Document, Extraction | None, str | None]]:
    """(document, extraction, None) for each document, or (document, None, reason) when it cannot be extracted.

    Documents longer than the NLP limit are read in parts (:func:`text_parts`, :func:`join_parts`). If
    the batch fails, the documents it had not finished are extracted one by one, so one bad document
    is named and the others still build.
    """
    limit = nlp_char_limit()
    if n_process > 1:
        end_with_parent()  # spaCy's worker processes must not outlive a killed build
    short = [d for d in todo if len(d.text) <= limit]
    done: set[str] = set()
    try:
        for doc, ex in zip(short, extract_documents(short, n_process=n_process)):
            done.add(doc.id)
            yield doc, ex, None
    except Exception:  # noqa: BLE001 -- retried one by one below, where the culprit gets named
        pass
    for doc in todo:
        if doc.id in done:
            continue
        try:
            yield doc, next(_extract_one(doc, limit, 1)), None
        except Exception as exc:  # noqa: BLE001 -- one document never stops the batch
            yield doc, None, f"could not be extracted ({type(exc).__name__}: {str(exc)[:300]})"


@dataclass
class Extracted:
    """What :func:`extract_all` gives: extractions in document order, and what happened on the way."""

    extractions: list[Extraction]
    cached: int = 0
    failures: list[Failure] = field(default_factory=list)  # documents that could not be extracted
    warnings: list[str] = field(default_factory=list)
    hits: set[str] = field(default_factory=set)  # ids of the documents served from the cache
    warnings_for: dict[str, list[str]] = field(default_factory=dict)  # the warnings by document id


def extract_all(documents, *, cache: ExtractionCache | None, n_process: int,
                progress: Callable[[int], None] | None = None) -> Extracted:
    """Extractions for ``documents``, from the cache where possible (see :class:`Extracted`)."""
    out: dict[str, Extraction] = {}
    failures: list[Failure] = []
    warnings: list[str] = []
    warnings_for: dict[str, list[str]] = {}
    todo = []
    for doc in documents:
        hit = cache.get_for(doc) if cache is not None else None
        if hit is not None:
            out[doc.id] = hit
            if progress:
                progress(1)
        else:
            todo.append(doc)
    cached = len(out)
    hits = set(out)
    if todo:
        workers = n_process if n_process > 0 else default_workers(len(todo))
        for doc, ex, reason in _extract(todo, workers):
            if ex is None:
                failures.append(Failure(doc.path, reason))
            else:
                ex, cut = cap_evidence(ex)
                if cut:
                    warnings.append(f"{doc.path}: {cut} evidence sentence(s) longer than {MAX_EVIDENCE_CHARS:,} "
                                    "characters (a very long list?) cut to the part around each claim")
                    warnings_for.setdefault(doc.id, []).append(warnings[-1])
                out[doc.id] = ex
                if cache is not None:
                    cache.put(ex)
            if progress:
                progress(1)
    return Extracted([out[d.id] for d in documents if d.id in out], cached, failures, warnings, hits, warnings_for)


def build(inputs: Iterable[str | os.PathLike], out_dir: str | os.PathLike | None = None, *,
          aliases: str | os.PathLike | None = None, cache_dir: str | os.PathLike | None = None,
          use_cache: bool = True, n_process: int = 0, max_bytes: int = DEFAULT_MAX_BYTES,
          write_map: bool = True, strict: bool = False, on_documents: Callable[[int], None] | None = None,
          progress: Callable[[int], None] | None = None, columns=None, scheduler: str | None = None,
          partition_size: int = 0, notify: Callable[[str], None] | None = None,
          status: Callable[[str], None] | None = None, connect_timeout: float = 30.0) -> BuildReport:
    """Run the whole build. With ``out_dir`` None nothing is written and the graph is returned.

    Inputs are documents (``.txt``, ``.md``, ``.html``, ``.pdf``), registry tables (``.csv``, ``.tsv``,
    ``.xlsx``; ``columns``: a :class:`whofunds.loaders.registry.ColumnMap` for their headers) and
    FollowTheMoney entity files (``.ftm.json``); see :mod:`whofunds.loaders.sources`.

    ``on_documents(n)`` is told how many documents were read (to size a progress bar); ``progress(k)``
    is called as documents are done.

    ``scheduler`` (``"tcp://HOST:8786"``, or ``"local:N"`` for a cluster of N worker processes on this
    machine) reads and extracts on a Dask distributed cluster instead (:mod:`whofunds.cluster`: documents in
    partitions of ``partition_size``, 0 to choose; ``notify`` hears of lost workers and retries, ``status``
    every minute how far the build is, with failures by worker); the result
    is the same graph, byte for byte, and the same failures.

    The outputs in ``out_dir`` are replaced as one set, under a lock (:mod:`whofunds.outputs`), and only by
    a build that read at least one document: a failed run (an exception, :class:`StrictFailure`, no
    readable input) leaves the previous outputs as they were. :class:`whofunds.outputs.OutputLocked`
    if another build is writing to ``out_dir``.
    """
    folder = OutputFolder(out_dir) if out_dir is not None else None
    with folder.locked() if folder is not None else contextlib.nullcontext():
        return _build(inputs, folder, aliases=aliases, cache_dir=cache_dir, use_cache=use_cache,
                      n_process=n_process, max_bytes=max_bytes, write_map=write_map, strict=strict,
                      on_documents=on_documents, progress=progress, columns=columns, scheduler=scheduler,
                      partition_size=partition_size, notify=notify, status=status, connect_timeout=connect_timeout)


def _build(inputs, folder: OutputFolder | None, *, aliases, cache_dir, use_cache, n_process, max_bytes, write_map,
           strict, on_documents, progress, columns=None, scheduler=None, partition_size=0, notify=None, status=None,
           connect_timeout=30.0) -> BuildReport:
    t0 = time.perf_counter()
    alias_file = AliasFile.read(aliases)
    inputs = list(inputs)
    cache_root = None
    if use_cache and (cache_dir or folder is not None):
        cache_root = Path(cache_dir) if cache_dir else folder.root / ".cache"
    cluster_info = None
    if scheduler is None:
        sources = read_sources(inputs, max_bytes=max_bytes, columns=columns)
        documents, failures = sources.documents, sources.failures
        if strict and failures:
            raise StrictFailure(failures)
        if on_documents:
            on_documents(len(documents))
        t1 = time.perf_counter()
        cache = ExtractionCache(cache_root, current_version()) if cache_root is not None else None
        extracted = extract_all(documents, cache=cache, n_process=n_process, progress=progress)
    else:
        from whofunds.cluster import read_and_extract_on_cluster

        # Documents are read and extracted on the workers; tables and entity files (no NLP), the resolution
        # and the graph here, in the order a local build reads them (whofunds.cluster).
        run = read_and_extract_on_cluster(inputs, scheduler, cache_dir=cache_root, max_bytes=max_bytes,
                                          partition_size=partition_size, on_paths=on_documents, progress=progress,
                                          notify=notify, status=status, connect_timeout=connect_timeout)
        sources = Sources(failures=list(run.read_failures))
        read_structured(run.paths, dict(run.kept), sources, max_bytes=max_bytes, columns=columns)
        failures, extracted, cluster_info = sources.failures, run.extracted, run.info
        if strict and failures:
            raise StrictFailure(failures)
        t1 = run.listed_at  # "read": listing the inputs here; "extract": the cluster's part
    if strict and extracted.failures:
        raise StrictFailure(extracted.failures)
    extractions, cached = extracted.extractions + sources.structured, extracted.cached
    failures = failures + extracted.failures
    t2 = time.perf_counter()
    G = build_graph(extractions, aliases=alias_file,
                    failures=[{"path": f.path, "reason": f.reason} for f in failures])
    for entry in G.graph["documents"]:
        entry["relpath"] = input_relpath(entry["path"], inputs)
    add_centrality(G)
    t3 = time.perf_counter()
    report = BuildReport(graph=G, documents=len(extractions), failures=failures, cached=cached,
                         extracted=len(extractions) - cached,
                         out_dir=folder.root if folder is not None else None, structured=len(sources.structured),
                         rows=sources.rows, rows_loaded=sources.rows_loaded, cluster=cluster_info)
    report.warnings.extend(sources.warnings + extracted.warnings)
    if folder is not None and extractions:
        folder.write_set(lambda staged: write_outputs(G, staged, write_map=write_map))
        report.written = True
    t4 = time.perf_counter()
    report.seconds = {"read": t1 - t0, "extract": t2 - t1, "graph": t3 - t2, "write": t4 - t3}
    return report


def write_outputs(G: nx.MultiDiGraph, folder: Path, *, write_map: bool = True) -> None:
    """``nodes.csv``, ``edges.csv``, ``map.html`` and ``graph.json`` into ``folder`` (a staging folder: see
    :meth:`whofunds.outputs.OutputFolder.write_set`, which makes them current together). Any failure,
    a full disk or a map that cannot be drawn, propagates: no set is better than a mixed one."""
    write_tables(G, folder)
    if write_map:
        from whofunds.viz import render_map

        render_map(G, folder / "map.html", title="whofunds: who funds whom")
    write_graph(G, folder / "graph.json")
