"""Nothing hung: small hostile inputs cannot stall or abort a build.

Deeply nested HTML, a document over the NLP limit, ``**`` through symlink loops, a file swapped for a FIFO
after it was checked, and one sentence listing thousands of names. Where the failure on older code was
a hang, the test runs the work in a subprocess with a generous time-out (minutes of margin over the few
seconds it takes): a stall, not a speed, is what fails it. Speed is measured in benchmarks/.
"""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from whofunds.graph.io import read_graph
from whofunds.loaders.documents import _html_to_text, clean_text, iter_paths, read_document, read_documents

WHOFUNDS = [sys.executable, "-m", "whofunds.cli"]


def python(code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout)


# ---------------------------------------------------------------------------------------------- HTML

def test_deeply_nested_html_is_read_without_stalling(tmp_path):
    page = tmp_path / "deep.html"
    depth = 100_000
    page.write_text("<html><body>" + "<div>" * depth + "<p>Hefei invested in NIO.</p>" + "</div>" * depth)
    result = python(f"""
        from whofunds.loaders.documents import read_document
        print(read_document({str(page)!r}).text)
    """, timeout=120)  # older code: about 9 minutes
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Hefei invested in NIO."


@pytest.mark.parametrize("html, text, title", [
    ("<title>T</title><h1>H</h1><p>a  b\n c</p>", "H\n\na b c", "T"),
    ("<h1>Only <b>heading</b></h1><p>x</p>", "Only heading\n\nx", "Only heading"),
    ("<p>one<!-- a\n  comment -->two</p>", "onetwo", None),  # comments are not text, even across lines
    ("<pre>keep   this\n  layout</pre><p>x   y</p>", "keep   this\nlayout\n\nx y", None),
    ("<div>a<br>b<br/>c</br>d</div>", "a\n\nb\n\ncd", None),
    ("<nav><p>menu</p></nav><p>body</p><script>x()</script><footer>f</footer>", "body", None),
    ("<ruby>漢<rt>kan</rt></ruby> <p>&amp; &#147;q&#148; &foo; &nbsp;</p>", "漢\n\n& “q” &foo", None),
    ("<div><p>unclosed<div>inner", "unclosed\n\ninner", None),
])
def test_html_to_text(html, text, title):
    got, got_title, _ = _html_to_text(html)
    assert (clean_text(got), got_title) == (text, title)


# ---------------------------------------------------------------------------------------------- FIFOs

SWAP_FOR_FIFO = """
    import os, sys
    path = {path!r}
    def swap(event, args):
        # Between the build's check of the file and its open, the file becomes a FIFO.
        if event == "open" and args and os.fspath(args[0]) == path and not os.path.exists(path + ".swapped"):
            open(path + ".swapped", "w").close()
            os.unlink(path)
            os.mkfifo(path)
    sys.addaudithook(swap)
    from whofunds.loaders.documents import read_documents
    docs, failures = read_documents([path])
    print([f.reason for f in failures])
"""


def test_a_file_swapped_for_a_fifo_before_its_open_is_refused_not_waited_on(tmp_path):
    path = tmp_path / "news.txt"
    path.write_text("Hefei invested in NIO.\n")
    result = python(SWAP_FOR_FIFO.format(path=str(path)), timeout=60)  # older code: blocks for ever
    assert result.returncode == 0, result.stderr
    assert "not a regular file (a named pipe" in result.stdout


def test_special_files_in_a_corpus_are_named_and_skipped(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    (tmp_path / "good.txt").write_text("Hefei invested in NIO.\n")
    docs, failures = read_documents([tmp_path / "pipe.txt", tmp_path / "zero.txt", tmp_path / "good.txt"])
    assert [d.path for d in docs] == [str(tmp_path / "good.txt")]
    assert sorted(f.reason for f in failures) == ["not a regular file (device, pipe or socket)"] * 2


# ---------------------------------------------------------------------------------------------- globs

def test_double_star_never_follows_folder_symlinks(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "news.txt").write_text("x")
    os.symlink(tmp_path, tmp_path / "a" / "loop")  # a loop back to the top
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "up")  # and a second one
    os.symlink(tmp_path / "a" / "b", tmp_path / "a" / "b" / "self")  # and a third
    result = python(f"""
        from whofunds.loaders.documents import iter_paths
        files, failures = iter_paths([{str(tmp_path / "**" / "*.txt")!r}])
        print([str(f) for f in files])
    """, timeout=60)  # older code: 40 copies for one link, a hang for two
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr([str(tmp_path / "a" / "b" / "news.txt")])
    files, _ = iter_paths([tmp_path])  # folders given directly never followed links either
    assert files == [tmp_path / "a" / "b" / "news.txt"]


# ---------------------------------------------------------------------------------------------- long texts

def test_text_parts_cover_the_text_and_prefer_paragraphs():
    from whofunds.loaders.documents import text_parts

    text = ("Hefei invested in NIO. " * 30 + "\n\n") * 5 + "x" * 50
    spans = text_parts(text, 1000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(spans, spans[1:]))
    assert all(b - a <= 1000 for a, b in spans)
    assert all(text[a - 2:a] == "\n\n" for a, _ in spans[1:])


def _long_corpus(tmp_path, limit: int) -> Path:
    """A corpus with one document just over ``limit`` characters (claims in its first and last part) and a short one."""
    filler = "Analysts said the market was calm and trading was thin on the day. "
    head = "The Hefei Fund invested 5 billion yuan in NIO in 2020.\n\n"
    tail = "\n\nCATL supplies batteries to BYD.\n"
    body = (filler * 40 + "\n\n") * (limit // (len(filler) * 40) + 2)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "long.txt").write_text(head + body + tail)
    (corpus / "short.txt").write_text("Wuxi targets the internet of things.\n")
    assert len(read_document(corpus / "long.txt").text) > limit
    return corpus


def _assert_long_document_built_whole(G, corpus: Path) -> None:
    text = read_document(corpus / "long.txt").text
    sentences = set()
    for _, _, d in G.edges(data=True):
        for ev in d["evidence"]:
            if ev["path"].endswith("long.txt"):
                assert text[ev["start"]:ev["end"]] == ev["sentence"]
                sentences.add(ev["sentence"])
    assert "CATL supplies batteries to BYD." in sentences  # from the last part, offset back into the whole text
    assert {d["path"] for d in G.graph["documents"]} == {str(corpus / "long.txt"), str(corpus / "short.txt")}


def test_a_document_over_a_lowered_nlp_limit_is_built_in_parts_with_offsets_kept(tmp_path, monkeypatch):
    """The splitting itself (text_parts, join_parts, offsets) at a limit of 20,000 characters: quick with any
    extractor, where the test below, at spaCy's own limit, also measures how extraction scales."""
    import whofunds.pipeline as pipeline

    corpus = _long_corpus(tmp_path, 20_000)
    monkeypatch.setattr(pipeline, "nlp_char_limit", lambda: 20_000)
    report = pipeline.build([corpus], tmp_path / "out", write_map=False, use_cache=False, n_process=1)
    assert report.documents == 2 and not report.failures
    _assert_long_document_built_whole(read_graph(tmp_path / "out" / "graph.json"), corpus)


@pytest.mark.slow
def test_a_document_over_the_nlp_limit_is_built_in_parts_with_offsets_kept(tmp_path):
    from whofunds.pipeline import nlp_char_limit

    corpus = _long_corpus(tmp_path, nlp_char_limit())
    result = subprocess.run([*WHOFUNDS, "build", str(corpus), "--out", str(tmp_path / "out"), "--no-map", "-q",
                             "--max-mb", "50"], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr  # older code: spaCy E088 aborts the whole build
    _assert_long_document_built_whole(read_graph(tmp_path / "out" / "graph.json"), corpus)


# ---------------------------------------------------------------------------------------------- long lists

@pytest.mark.slow
def test_one_sentence_listing_many_names_gives_bounded_evidence(tmp_path):
    n = 300
    names = [f"Firm{i:04d} Holdings" for i in range(n)]
    sentence = ", ".join(names[:-1]) + " and " + names[-1] + " invested in NIO."
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "list.txt").write_text("# Investors\n\n" + sentence + "\n")
    result = subprocess.run([*WHOFUNDS, "build", str(corpus), "--out", str(tmp_path / "out"), "-q"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr
    # The warning is printed when the extractor's evidence was over the cap and had to be cut; whether it
    # is depends on the extractor (sentence-long evidence, or only the part that states each claim).
    from whofunds.loaders.evidence import MAX_EVIDENCE_CHARS
    from whofunds.loaders.extract import extract_documents

    raw = next(extract_documents([read_document(corpus / "list.txt")]))
    cut = any(len(c.evidence.sentence) > MAX_EVIDENCE_CHARS for c in raw.claims)
    assert ("evidence sentence(s) longer than 1,000 characters" in result.stderr) == cut, result.stderr
    G = read_graph(tmp_path / "out" / "graph.json")
    text = read_document(corpus / "list.txt").text
    evidence = [ev for _, _, d in G.edges(data=True) for ev in d["evidence"]]
    assert len(sentence) > 5_000 and evidence
    assert max(len(ev["sentence"]) for ev in evidence) <= 1000
    for ev in evidence:
        assert text[ev["start"]:ev["end"]] == ev["sentence"]
    size = sum((tmp_path / "out" / name).stat().st_size for name in ("graph.json", "edges.csv", "map.html"))
    assert size < 5 * len(evidence) * 1000 + 2_000_000  # linear in the claims, not claims x sentence
