"""Reading single documents: paths, clean text, titles, encodings, HTML, PDF, and the NLP view of the text."""
from __future__ import annotations

import hashlib

import pytest

from make_bad_corpus import text_pdf
from whofunds.loaders.documents import (
    DocumentError, Failure, clean_text, decode_bytes, iter_paths, normalize_for_nlp, read_document, read_documents,
)


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(data, bytes) else path.write_text)(data)
    return path


def test_iter_paths_files_folders_and_globs_sorted(tmp_path):
    write(tmp_path / "b.txt", "b")
    write(tmp_path / "a.md", "a")
    write(tmp_path / "sub" / "c.html", "<p>c</p>")
    write(tmp_path / "sub" / "d.csv", "d")  # a table: an input too (loaders/registry.py), never skipped silently
    write(tmp_path / "sub" / "e.docx", "e")
    write(tmp_path / ".git" / "e.txt", "hidden folder")
    files, failures = iter_paths([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in files] == ["a.md", "b.txt", "sub/c.html", "sub/d.csv"]
    assert failures == []
    files, failures = iter_paths([str(tmp_path / "**" / "*.html"), tmp_path / "b.txt", tmp_path / "b.txt"])
    assert [p.name for p in files] == ["b.txt", "c.html"]
    files, failures = iter_paths([str(tmp_path / "*.pdf"), tmp_path / "missing.md", tmp_path / "sub" / "e.docx"])
    assert files == []
    assert [f.reason.split(" (")[0] for f in failures] == [
        "no files match this pattern", "no such file or directory", "unsupported file type .docx"]


def test_document_error_and_failure_say_path_and_reason(tmp_path):
    err = DocumentError(tmp_path / "x.txt", "empty file")
    assert (err.path, err.reason, str(err)) == (str(tmp_path / "x.txt"), "empty file", f"{tmp_path}/x.txt: empty file")
    assert str(Failure("a.txt", "binary")) == "a.txt: binary"


def test_id_is_hash_of_clean_text_so_it_ignores_path_and_line_endings(tmp_path):
    a = read_document(write(tmp_path / "a.txt", "Hefei invested in NIO.\n"))
    b = read_document(write(tmp_path / "copy" / "b.txt", b"Hefei invested in NIO.\r\n\r\n"))
    assert a.id == b.id == hashlib.sha256(b"Hefei invested in NIO.").hexdigest()[:16]
    assert a.path != b.path


def test_clean_text_drops_boilerplate_keeps_lines_verbatim():
    raw = ("Advertisement\n# Title\n![image](images/x.jpg) \nPhoto: Xinhua\n"
           "The “chain boss”  of Hefei’s  NEV chain\u00a0said so. \n\n\n\n\nShare\nSubscribe now\n"
           "Copyright 2024 Some Daily\nAll rights reserved.\nFollow us on Weibo\nNext paragraph.\n")
    assert clean_text(raw) == "# Title\nThe “chain boss”  of Hefei’s  NEV chain\u00a0said so. \n\nNext paragraph."


def test_clean_text_keeps_long_lines_that_start_like_boilerplate():
    line = "Photo: " + "the fund invested in many firms, " * 10
    assert clean_text(line) == line


@pytest.mark.parametrize("text,title", [
    ("###### Kicker\n# Main headline here\n## Sub\nBody.", "Main headline here"),
    ("App\nLocal funds pour money into chips\nBody text follows here.", "Local funds pour money into chips"),
    ("One sentence only, and it is long enough to be a sentence.", "One sentence only, and it is long enough to be a sentence."),
])
def test_title(tmp_path, text, title):
    assert read_document(write(tmp_path / "t.md", text)).title == title


def test_markdown_front_matter_gives_title_and_is_dropped(tmp_path):
    doc = read_document(write(tmp_path / "f.md", "---\ntitle: Funds in Hefei\ntags: [a]\n---\nBody line.\n"))
    assert (doc.title, doc.text) == ("Funds in Hefei", "Body line.")


def test_html_paragraphs_entities_and_dropped_chrome(tmp_path):
    html = ("<html><head><title>Hefei &amp; NIO</title><style>p{}</style></head><body><nav>Home</nav>"
            "<h1>Big   bet</h1><p>The city&#8217;s fund\n   invested.</p><div>Second<br>line</div>"
            "<script>alert(1)</script><footer>Contact</footer></body></html>")
    doc = read_document(write(tmp_path / "p.html", html))
    assert doc.title == "Hefei & NIO"
    assert doc.text == "Big bet\n\nThe city’s fund invested.\n\nSecond\n\nline"


def test_html_in_gbk_is_decoded(tmp_path):
    doc = read_document(write(tmp_path / "g.htm", "<p>合肥市政府投资了蔚来汽车，长沙也在投资。</p>".encode("gbk")))
    assert doc.encoding == "gb18030" and "蔚来汽车" in doc.text


def test_pdf_text_layer(tmp_path):
    doc = read_document(write(tmp_path / "r.pdf", text_pdf(["Report", "Hefei (the city) funds NIO."])))
    assert doc.encoding == "pdf"
    assert "Hefei (the city) funds NIO." in doc.text


@pytest.mark.parametrize("data,encoding", [
    ("Hefei’s fund".encode(), "utf-8"),
    (b"\xef\xbb\xbfHefei", "utf-8-sig"),
    ("Hefei".encode("utf-16"), "utf-16"),
    ("合肥市政府引导基金投资了这家公司。".encode("gb18030"), "gb18030"),
    ("Größe und Qualität der Förderung".encode("latin-1"), "cp1252"),
])
def test_decode_bytes_detects_encoding(data, encoding):
    assert decode_bytes(data)[1] == encoding


@pytest.mark.parametrize("data,reason", [
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file (PNG image)"),
    (bytes(range(256)) * 4, "binary file"),
    (b"\xff\xfe\x00\xd8", "undecodable"),  # UTF-16 BOM then a lone surrogate
])
def test_decode_bytes_rejects_binary(data, reason):
    with pytest.raises(DocumentError, match=reason.replace("(", r"\(").replace(")", r"\)")):
        decode_bytes(data, "x.txt")


def test_read_documents_never_raises_and_reports_duplicates(tmp_path):
    write(tmp_path / "a.txt", "Same text.")
    write(tmp_path / "b.txt", "Same text.\n")
    write(tmp_path / "c.txt", b"")
    docs, failures = read_documents([tmp_path, tmp_path / "nope.txt"])
    assert [d.path for d in docs] == [str(tmp_path / "a.txt")]
    reasons = {f.path: f.reason for f in failures}
    assert reasons[str(tmp_path / "b.txt")].startswith(f"duplicate of {tmp_path / 'a.txt'}")
    assert reasons[str(tmp_path / "c.txt")] == "empty file"
    assert reasons[str(tmp_path / "nope.txt")] == "no such file or directory"


def test_normalize_for_nlp_same_length_and_plain():
    text = "“Chain boss” Hefei’s\u00a0fund\u200b—\u3000ＮＩＯ\tgot ¥5bn…"
    norm = normalize_for_nlp(text)
    assert len(norm) == len(text)
    assert norm == '"Chain boss" Hefei\'s fund - NIO got ¥5bn…'
    assert normalize_for_nlp(norm) == norm
