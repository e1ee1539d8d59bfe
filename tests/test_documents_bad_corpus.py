"""The bad-input corpus (tests/make_bad_corpus.py): one clear failure per bad file, every good file read."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from make_bad_corpus import HUGE_LIMIT, make_bad_corpus
from whofunds.loaders.documents import DocumentError, read_document, read_documents


@pytest.fixture(scope="module")
def bad_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad_corpus")
    return root, make_bad_corpus(root)


def test_corpus_has_at_least_twenty_kinds(bad_corpus):
    _, cases = bad_corpus
    assert len({c.kind for c in cases}) >= 20
    assert sum(c.outcome == "fail" for c in cases) >= 12


def test_each_bad_file_gives_one_failure_naming_it(bad_corpus):
    root, cases = bad_corpus
    docs, failures = read_documents([root], max_bytes=HUGE_LIMIT)
    by_path = {}
    for failure in failures:
        assert failure.path not in by_path, f"two failures for {failure.path}"
        by_path[failure.path] = failure.reason
    expected_fail = {str(root / c.name): c for c in cases if c.outcome == "fail"}
    assert set(by_path) == set(expected_fail)
    for path, case in expected_fail.items():
        assert case.reason.lower() in by_path[path].lower(), (case.name, by_path[path])


def test_good_files_read_with_encoding_and_text(bad_corpus):
    root, cases = bad_corpus
    docs, _ = read_documents([root], max_bytes=HUGE_LIMIT)
    by_path = {d.path: d for d in docs}
    expected_ok = {str(root / c.name): c for c in cases if c.outcome == "ok"}
    assert set(by_path) == set(expected_ok)
    for path, case in expected_ok.items():
        doc = by_path[path]
        assert doc.encoding.startswith(case.encoding), (case.name, doc.encoding)
        assert case.contains in doc.text, (case.name, doc.text[:200])
        assert "\r" not in doc.text and "\x00" not in doc.text
    assert len({d.id for d in docs}) == len(docs)


def test_skipped_files_are_silent_in_folders_but_named_when_explicit(bad_corpus):
    root, cases = bad_corpus
    skipped = [c for c in cases if c.outcome == "skip"]
    docs, failures = read_documents([root], max_bytes=HUGE_LIMIT)
    seen = {d.path for d in docs} | {f.path for f in failures}
    assert not any(str(root / c.name) in seen for c in skipped)
    _, failures = read_documents([root / "notes.docx"])
    assert len(failures) == 1 and "unsupported file type .docx" in failures[0].reason


def test_huge_file_reads_under_a_larger_limit(bad_corpus):
    root, _ = bad_corpus
    doc = read_document(root / "huge.txt", max_bytes=10 * HUGE_LIMIT)
    assert doc.text.startswith("Hefei Big Fund news line.")


def test_text_in_good_files_occurs_verbatim_in_the_source(bad_corpus):
    """Evidence sentences come from Document.text; for UTF-8 text files each line must be in the file."""
    root, cases = bad_corpus
    for case in cases:
        if case.outcome == "ok" and case.name.endswith(".txt") and case.name in ("good_utf8.txt", "long_line.txt"):
            source = (root / case.name).read_text("utf-8")
            for line in read_document(root / case.name).text.split("\n"):
                assert line in source


def _as_nobody(fn):
    """Run ``fn`` with the effective uid/gid of ``nobody``, so that file permissions apply even to root."""
    os.setegid(65534)
    os.seteuid(65534)
    try:
        return fn()
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_unreadable_file_is_reported_as_permission_denied():
    # Root reads a chmod-000 file anyway; as root we drop to nobody's effective uid for the read itself.
    folder = Path(tempfile.mkdtemp(prefix="whofunds-perm-"))
    try:
        folder.chmod(0o755)
        path = folder / "secret.txt"
        path.write_text("The Hefei Fund invested in NIO.\n")
        path.chmod(0)
        if os.geteuid() == 0:
            docs, failures = _as_nobody(lambda: read_documents([folder]))
        else:
            docs, failures = read_documents([folder])
        assert docs == []
        assert [(f.path, f.reason) for f in failures] == [(str(path), "unreadable: permission denied")]
        with pytest.raises(DocumentError, match="secret.txt: unreadable: permission denied"):
            (_as_nobody if os.geteuid() == 0 else (lambda f: f()))(lambda: read_document(path))
    finally:
        path.chmod(0o644)
        path.unlink()
        folder.rmdir()
