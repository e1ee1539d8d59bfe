"""Extraction as the last component of the spaCy pipeline.

Running inside the pipeline means that ``nlp.pipe(..., n_process=2)`` spreads the rule work over
the worker processes along with the parse, instead of leaving it to the main process. The result
travels back with the Doc in ``doc.user_data`` as plain data.
"""
from __future__ import annotations

import os
from functools import cache

from typing import Iterable, Iterator

from spacy.language import Language

from whofunds.graph.records import Document, Extraction

USER_DATA_KEY = "whofunds_extraction"


def _die_with_parent() -> None:
    """In a worker process: end when the build that started it is killed (Linux), instead of lingering."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class ExtractorComponent:
    """Stores the document's extraction (without its text) in ``doc.user_data``."""

    def __init__(self):
        self._home_pid = os.getpid()
        self._in_worker = False

    def __call__(self, sdoc):
        from .document import extract_parsed

        if not self._in_worker and os.getpid() != self._home_pid:
            self._in_worker = True  # running in an nlp.pipe worker process
            _die_with_parent()

        data = extract_parsed(sdoc).to_dict()
        data["document"]["text"] = ""  # the main process has the text; do not ship it twice
        sdoc.user_data[USER_DATA_KEY] = data
        return sdoc


@Language.factory("whofunds_extractor")
def make_extractor(nlp: Language, name: str) -> ExtractorComponent:
    return ExtractorComponent()


@cache
def load_extraction_pipeline() -> Language:
    from whofunds.loaders.nlp import load_nlp

    nlp = load_nlp()
    if "whofunds_extractor" not in nlp.pipe_names:
        nlp.add_pipe("whofunds_extractor", last=True)
    return nlp


def take_extraction(sdoc) -> Extraction:
    """The extraction the component left on a Doc."""
    data = sdoc.user_data[USER_DATA_KEY]
    data["document"] = Document(id="", path="", title="", text="").to_dict()
    return Extraction.from_dict(data)


def extract_documents(docs: Iterable[Document], *, n_process: int = 1, batch_size: int = 64) -> Iterator[Extraction]:
    """Extract many documents with spaCy's ``nlp.pipe``; with ``n_process`` > 1 the extraction itself
    runs in the worker processes too (it is the pipeline's last component), so it scales with the parse."""
    from .document import bind, prepare_text

    nlp = load_extraction_pipeline()
    docs = list(docs)
    texts = (prepare_text(d.text) for d in docs)
    for doc, sdoc in zip(docs, nlp.pipe(texts, n_process=n_process, batch_size=batch_size)):
        yield bind(take_extraction(sdoc), doc)
