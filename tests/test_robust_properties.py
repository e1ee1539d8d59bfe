"""Property-based tests (hypothesis): arbitrary bytes and text never crash reading, normalising or extraction."""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from make_bad_corpus import text_pdf
from whofunds.graph.records import Document
from whofunds.loaders.documents import DocumentError, clean_text, normalize_for_nlp, read_document, read_documents

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = [".txt", ".md", ".html", ".htm", ".pdf"]
# Words that make the extractor's rules fire, mixed with anything at all.
FUNDING_WORDS = ["Hefei", "government", "fund", "invested", "in", "NIO", "the", "chain", "boss", "leader", "Mayor",
                 "of", "Wuxi", "Industry", "Investment", "Fund", "¥5bn", "20%", "stake", "supplies", "to", "CATL",
                 "Co.,", "Ltd.", "Party", "Secretary", "Changsha", "“", "”", ".", ",", "\n", "\n\n", "’s", "—",
                 "\u00a0", "announced", "plans", "will", "invest", "$1.2 billion", "in 2021", "Anhui", "province"]
any_text = st.text(alphabet=st.characters(codec=None), max_size=400)
fundingish = st.lists(st.one_of(st.sampled_from(FUNDING_WORDS), st.text(max_size=6)), max_size=80).map(" ".join)


_SCRATCH = tempfile.TemporaryDirectory(prefix="whofunds-prop-")  # one folder, each example overwrites its file


def _write(data: bytes, suffix: str) -> Path:
    path = Path(_SCRATCH.name) / f"doc{suffix}"
    path.write_bytes(data)
    return path


def _check_document(doc: Document) -> None:
    assert doc.text.strip()
    assert "\r" not in doc.text
    assert doc.id == hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    assert isinstance(doc.title, str) and doc.title


@FAST
@given(data=st.binary(max_size=2000), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes_read_or_fail_cleanly(data, suffix):
    path = _write(data, suffix)
    try:
        doc = read_document(path)
    except DocumentError as exc:
        assert str(exc).startswith(str(path) + ": ") and exc.reason
    else:
        _check_document(doc)
    docs, failures = read_documents([path])
    assert len(docs) + len(failures) == 1


@FAST
@given(text=st.text(max_size=600), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
       crlf=st.booleans())
def test_any_text_in_any_encoding_reads_back_with_lines_verbatim(text, encoding, crlf):
    source = text.replace("\n", "\r\n") if crlf else text
    path = _write(source.encode(encoding, "surrogatepass"), ".txt")
    try:
        doc = read_document(path)
    except DocumentError as exc:
        # Only texts with nothing worth reading, or NUL/control-heavy ones that look binary, may fail.
        assert any(w in exc.reason for w in ("whitespace", "boilerplate", "binary", "undecodable", "empty")), exc
        return
    _check_document(doc)
    if encoding.startswith("utf"):
        unix = source.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
        for line in doc.text.split("\n"):
            assert line in unix


@FAST
@given(lines=st.lists(st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF), max_size=60),
                      max_size=8))
def test_text_pdfs_read_their_text(lines):
    latin = [line.encode("latin-1", "replace").decode("latin-1") for line in lines]
    path = _write(text_pdf(latin), ".pdf")
    try:
        doc = read_document(path)
    except DocumentError as exc:
        assert "no text layer" in exc.reason or "boilerplate" in exc.reason
        return
    _check_document(doc)


@FAST
@given(html=st.text(max_size=400), tag=st.sampled_from(["p", "script", "div", "b", "nav", "pre"]))
def test_any_html_reads_or_fails_cleanly(html, tag):
    path = _write(f"<html><body><{tag}>{html}</{tag}><p>{html}</p></body></html>".encode("utf-8", "surrogatepass"),
                  ".html")
    try:
        _check_document(read_document(path))
    except DocumentError as exc:
        assert exc.reason


@FAST
@given(text=any_text)
def test_normalize_for_nlp_keeps_length_and_is_idempotent(text):
    norm = normalize_for_nlp(text)
    assert len(norm) == len(text)
    assert normalize_for_nlp(norm) == norm
    assert not any(ch in norm for ch in "“”‘’\u00a0\u200b\r")


@FAST
@given(text=any_text)
def test_clean_text_is_idempotent_and_keeps_lines(text):
    clean = clean_text(text)
    assert clean_text(clean) == clean
    unix = text.replace("\r\n", "\n").replace("\r", "\n")
    for line in clean.split("\n"):
        assert line in unix


@pytest.fixture(scope="module")
def extractor():
    """The lead's extractor, once it is complete; in CI a missing or broken one fails instead of skipping."""
    try:
        import whofunds.loaders.extract as extract

        list(extract.extract_documents([Document(id="0" * 16, path="p.txt", title="t", text="Hefei funds NIO.")]))
    except (ImportError, OSError) as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"extractor not usable in this tree yet: {type(exc).__name__}: {exc}")
    return extract


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(text=st.one_of(fundingish, any_text))
def test_extraction_never_crashes_and_evidence_is_verbatim(extractor, text):
    text = text.encode("utf-8", "replace").decode("utf-8")  # a Document's text came from a decoded file
    if not text.strip():
        text = "x"
    doc = Document(id=hashlib.sha256(text.encode()).hexdigest()[:16], path="p.txt", title="t", text=text)
    [ex] = list(extractor.extract_documents([doc]))
    keys = {e.key for e in ex.entities}
    for claim in ex.claims:
        assert claim.source in keys and claim.target in keys
        ev = claim.evidence
        assert ev.sentence == text[ev.start:ev.end] and ev.sentence
