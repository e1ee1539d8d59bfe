"""The build: documents in; ``graph.json``, ``nodes.csv``, ``edges.csv`` and ``map.html`` out.

Stages run one way: read documents (loaders) -> extract entities and claims (loaders, cached per
document) -> resolve and build the graph, add centrality (graph) -> write outputs (graph.io, viz).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import networkx as nx

from whofunds.cache import ExtractionCache
from whofunds.graph.analysis import add_centrality
from whofunds.graph.build import build_graph
from whofunds.graph.io import write_graph, write_tables
from whofunds.graph.records import Extraction
from whofunds.graph.resolve import AliasFile
from whofunds.loaders.documents import DEFAULT_MAX_BYTES, Failure, read_documents
from whofunds.loaders.extract import current_version, extract_documents

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


def extract_all(documents, *, cache: ExtractionCache | None, n_process: int,
                progress: Callable[[int], None] | None = None) -> tuple[list[Extraction], int]:
    """Extractions for ``documents``, from the cache where possible; returns them and how many were cached."""
    out: dict[str, Extraction] = {}
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
    if todo:
        for ex in extract_documents(todo, n_process=n_process if n_process > 0 else default_workers(len(todo))):
            out[ex.document.id] = ex
            if cache is not None:
                cache.put(ex)
            if progress:
                progress(1)
    return [out[d.id] for d in documents], cached


def build(inputs: Iterable[str | os.PathLike], out_dir: str | os.PathLike | None = None, *,
          aliases: str | os.PathLike | None = None, cache_dir: str | os.PathLike | None = None,
          use_cache: bool = True, n_process: int = 0, max_bytes: int = DEFAULT_MAX_BYTES,
          write_map: bool = True, strict: bool = False, on_documents: Callable[[int], None] | None = None,
          progress: Callable[[int], None] | None = None) -> BuildReport:
    """Run the whole build. With ``out_dir`` None nothing is written and the graph is returned.

    ``on_documents(n)`` is told how many documents were read (to size a progress bar); ``progress(k)``
    is called as documents are done.
    """
    t0 = time.perf_counter()
    alias_file = AliasFile.read(aliases)
    documents, failures = read_documents(inputs, max_bytes=max_bytes)
    if strict and failures:
        raise StrictFailure(failures)
    if on_documents:
        on_documents(len(documents))
    t1 = time.perf_counter()
    cache = None
    if use_cache and (cache_dir or out_dir):
        cache = ExtractionCache(Path(cache_dir) if cache_dir else Path(out_dir) / ".cache", current_version())
    extractions, cached = extract_all(documents, cache=cache, n_process=n_process, progress=progress)
    t2 = time.perf_counter()
    G = build_graph(extractions, aliases=alias_file,
                    failures=[{"path": f.path, "reason": f.reason} for f in failures])
    for entry in G.graph["documents"]:
        entry["relpath"] = input_relpath(entry["path"], inputs)
    add_centrality(G)
    t3 = time.perf_counter()
    report = BuildReport(graph=G, documents=len(documents), failures=failures, cached=cached,
                         extracted=len(documents) - cached,
                         out_dir=Path(out_dir) if out_dir else None)
    if out_dir is not None:
        write_outputs(G, Path(out_dir), report, write_map=write_map)
    t4 = time.perf_counter()
    report.seconds = {"read": t1 - t0, "extract": t2 - t1, "graph": t3 - t2, "write": t4 - t3}
    return report


def write_outputs(G: nx.MultiDiGraph, out_dir: Path, report: BuildReport, *, write_map: bool = True) -> None:
    """Each file is written to a temporary name and renamed: a killed build leaves the old outputs whole."""
    out_dir.mkdir(parents=True, exist_ok=True)
    write_tables(G, out_dir)
    if write_map:
        from whofunds.viz import render_map

        try:
            render_map(G, out_dir / "map.html", title="whofunds: who funds whom")
        except Exception as exc:  # noqa: BLE001 -- a map problem must not cost the analyst the graph
            report.warnings.append(f"map.html not written: {type(exc).__name__}: {exc}")
    # graph.json last: its presence means the build finished.
    write_graph(G, out_dir / "graph.json")
