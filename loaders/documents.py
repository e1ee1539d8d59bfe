"""Reading documents from disk: paths in, clean :class:`~whofunds.graph.records.Document` objects out.

Every bad input becomes a :class:`Failure` naming the file and the reason; nothing here raises out of
:func:`read_documents`. The clean text keeps each kept line verbatim (so evidence sentences occur in the
source file); :func:`normalize_for_nlp` gives the same-length text the NLP sees, so offsets stay identical.

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.md").write_text("# Hefei bets on NIO\\n\\nAdvertisement\\nHefei’s fund invested in NIO.\\n")
>>> _ = (d / "empty.txt").write_text("")
>>> docs, failures = read_documents([d])
>>> docs[0].title, docs[0].text
('Hefei bets on NIO', '# Hefei bets on NIO\\n\\nHefei’s fund invested in NIO.')
>>> [str(DocumentError(f.path, f.reason)).endswith("empty.txt: empty file") for f in failures]
[True]
>>> normalize_for_nlp("Hefei’s\\u00a0fund")
"Hefei's fund"
"""
from __future__ import annotations

import glob
import hashlib
import logging
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from whofunds.graph.records import Document

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
DEFAULT_MAX_BYTES = 20_000_000


@dataclass(frozen=True)
class Failure:
    """An input that could not be read, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class DocumentError(Exception):
    """A document that cannot be read: ``str()`` is ``"PATH: reason"``."""

    def __init__(self, path: str | os.PathLike, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


# ---------------------------------------------------------------------------------------------- paths

def _has_glob(text: str) -> bool:
    return any(ch in text for ch in "*?[")


def _walk(folder: Path) -> tuple[list[Path], list[Failure]]:
    """Supported files under ``folder``; hidden files and folders (``.git``) are skipped, symlinked folders not followed."""
    files, failures = [], []
    for root, dirs, names in os.walk(folder, onerror=lambda e: failures.append(
            Failure(str(e.filename or folder), f"unreadable folder: {e.strerror or e}"))):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.startswith(".") or not name.lower().endswith(SUPPORTED_SUFFIXES):
                continue
            files.append(Path(root) / name)
        # A symlink to a folder shows up in ``dirs`` and is not followed; one that points nowhere is a file
        # whose name may still look like a document, handled above; report a link named like one.
    return files, failures


def iter_paths(inputs: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Failure]]:
    """Expand files, folders (recursively) and glob patterns into a sorted list of document paths.

    Files with unknown suffixes are skipped silently inside folders but reported when named explicitly.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("x"); _ = (d / "b.png").write_bytes(b"")
    >>> files, failures = iter_paths([d, d / "b.png", d / "missing.txt"])
    >>> [p.name for p in files], [f.reason.split(" (")[0] for f in failures]
    (['a.txt'], ['unsupported file type .png', 'no such file or directory'])
    """
    found: list[Path] = []
    failures: list[Failure] = []
    for raw in inputs:
        text = os.fspath(raw)
        path = Path(text)
        if path.is_symlink() and not path.exists():
            failures.append(Failure(text, _link_problem(path)))
        elif path.is_dir():
            files, problems = _walk(path)
            found.extend(files)
            failures.extend(problems)
        elif path.exists():
            if path.suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(path)
            else:
                failures.append(Failure(text, f"unsupported file type {path.suffix.lower() or '(no suffix)'} "
                                              f"(supported: {', '.join(SUPPORTED_SUFFIXES)})"))
        elif _has_glob(text):
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                failures.append(Failure(text, "no files match this pattern"))
            for match in matches:
                m = Path(match)
                if m.is_dir():
                    files, problems = _walk(m)
                    found.extend(files)
                    failures.extend(problems)
                elif m.suffix.lower() in SUPPORTED_SUFFIXES:
                    found.append(m)
        else:
            failures.append(Failure(text, "no such file or directory"))
    unique = sorted({Path(os.path.normpath(p)) for p in found}, key=lambda p: str(p))
    return unique, failures


def _link_problem(path: Path) -> str:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    try:
        os.stat(path)
    except OSError as exc:
        if exc.errno == 40:  # ELOOP
            return f"symlink loop (points to {target})"
    return f"broken symlink (points to missing {target})"


# ---------------------------------------------------------------------------------------------- bytes

_BINARY_MAGIC = {
    b"\x89PNG": "PNG image", b"\xff\xd8\xff": "JPEG image", b"GIF8": "GIF image", b"PK\x03\x04": "ZIP archive",
    b"\x7fELF": "ELF executable", b"%PDF": "PDF", b"\x1f\x8b": "gzip archive", b"II*\x00": "TIFF image",
    b"MM\x00*": "TIFF image", b"\xd0\xcf\x11\xe0": "MS Office (OLE) file", b"Rar!": "RAR archive",
}
_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]
# Encodings charset-normalizer may choose among: the common ones for English and Chinese news. Without a
# short list it labels a short Latin-1 article "cp775".
_CANDIDATES = ["cp1252", "latin_1", "gb18030", "big5", "shift_jis", "euc_kr", "cp1251", "koi8_r", "iso8859_2"]


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    if path.is_symlink() and not path.exists():
        raise DocumentError(path, _link_problem(path))
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DocumentError(path, "no such file or directory") from None
    except PermissionError:
        raise DocumentError(path, "unreadable: permission denied") from None
    except OSError as exc:
        raise DocumentError(path, f"unreadable: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DocumentError(path, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise DocumentError(path, "not a regular file (device, pipe or socket)")
    if info.st_size == 0:
        raise DocumentError(path, "empty file")
    if info.st_size > max_bytes:
        raise DocumentError(path, f"too large: {info.st_size:,} bytes, over the limit of {max_bytes:,} "
                                  f"(raise the limit to read it)")
    try:
        with open(path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise DocumentError(path, "unreadable: permission denied") from None
    except OSError as exc:
        raise DocumentError(path, f"unreadable: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew while we looked
        raise DocumentError(path, f"too large: over the limit of {max_bytes:,} bytes (raise the limit to read it)")
    if not data:
        raise DocumentError(path, "empty file")
    return data


def _unprintable_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\t\n\r\f")
    return bad / len(text)


def _cjk_share(text: str) -> float:
    """Share of non-ASCII characters that are CJK ideographs or CJK/full-width punctuation."""
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return 0.0
    cjk = sum(1 for ch in wide if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" or "\uf900" <= ch <= "\ufaff")
    return cjk / len(wide)


def _gb2312_share(text: str) -> float:
    """Share of non-ASCII characters in GB2312, the common core of GBK: Latin-1 bytes misread as GB18030
    mostly land outside it (an accented letter followed by an ASCII letter makes a rare GBK character)."""
    wide = [ch for ch in text if ord(ch) > 127]
    if not wide:
        return 0.0
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(wide)


def decode_bytes(data: bytes, path: str | os.PathLike = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` as text and say which encoding it was; raise :class:`DocumentError` for binary data.

    >>> decode_bytes("合肥 invests".encode("gb18030"))
    ('合肥 invests', 'gb18030')
    >>> decode_bytes(b"\\xef\\xbb\\xbfHefei")
    ('Hefei', 'utf-8-sig')
    """
    text, encoding = _decode(data, path)
    nuls = text.count("\x00")
    if nuls > max(1, len(text) // 1000):
        raise DocumentError(path, f"binary file (decoded as {encoding}, {nuls} NUL characters), not text")
    text = text.replace("\x00", "")  # a stray NUL or two in a text file: drop them, keep the text
    share = _unprintable_share(text)
    if share > 0.05:
        raise DocumentError(path, f"binary file (decoded as {encoding}, {share:.0%} control characters)")
    return text, encoding


def _decode(data: bytes, path: str | os.PathLike) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise DocumentError(path, f"undecodable: starts with a {encoding} byte-order mark but {exc.reason}") from None
    for magic, kind in _BINARY_MAGIC.items():
        if kind and data.startswith(magic):
            raise DocumentError(path, f"binary file ({kind}), not text")
    head = data[:65536]
    nuls = head.count(b"\x00")
    if nuls:
        # UTF-16 without a byte-order mark: ASCII text has every other byte zero.
        if nuls > len(head) // 4:
            for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
                if zeros.count(0) > 0.9 * len(zeros):
                    try:
                        text = data.decode(encoding)
                    except UnicodeDecodeError:
                        break
                    if _unprintable_share(text) < 0.01:
                        return text, encoding
            raise DocumentError(path, f"binary file ({nuls} NUL bytes in the first {len(head):,}), not text")
        if nuls > max(1, len(head) // 1000):
            raise DocumentError(path, f"binary file ({nuls} NUL bytes in the first {len(head):,}), not text")
        data = data.replace(b"\x00", b"")  # NUL bytes would break multi-byte sequences; see decode_bytes
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return _guess(data, path)


def _guess(data: bytes, path: str | os.PathLike) -> tuple[str, str]:
    try:
        text = data.decode("gb18030")
        if _cjk_share(text) >= 0.8 and _gb2312_share(text) >= 0.9:
            return text, "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is None:
        raise DocumentError(path, "undecodable: not UTF-8, UTF-16 or GB18030, and no common encoding fits")
    encoding = {"latin_1": "latin-1", "cp1252": "cp1252"}.get(best.encoding, best.encoding.replace("_", "-"))
    return str(best), encoding


# ---------------------------------------------------------------------------------------------- text

_BOILERPLATE = re.compile(r"""(?ix)^\s*(?:
    advertisements? | sponsored(?:\s+content)? | ad
  | (?:photo|image|picture|photograph|credit|source\s+image)s?(?:\s+credit)?\s*[:：].*
  | copyright\b.* | ©.* | \(c\)\s*\d{4}.* | .*\ball\s+rights\s+reserved\b.*
  | (?:share|share\s+this(?:\s+article|\s+story)?|share\s+on\s+\w+|subscribe(?:\s+now)?|sign\s+up\b.*newsletter.*
     |follow\s+us\b.*|click\s+here\s+to\s+subscribe.*|read\s+more|print|email|tweet|facebook|twitter|linkedin
     |whatsapp|weibo|wechat)
     (?:\s*[|/·•,]\s*(?:share|print|email|tweet|facebook|twitter|linkedin|whatsapp|weibo|wechat))*
  | (?:!\[[^\]]*\]\([^)]*\)\s*)+
  | website\s+identification\s+code.* | registration\s+number\s*[:：].*
  | (?:about\s+us|contact\s+us)(?:\s*\|\s*(?:about\s+us|contact\s+us|privacy\s+policy|terms[\w\s]*))*
)\s*$""")
_MAX_BOILERPLATE_LINE = 200  # a longer line is content even if it starts like a credit line
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)


def _is_boilerplate(line: str) -> bool:
    return len(line) <= _MAX_BOILERPLATE_LINE and bool(_BOILERPLATE.match(line))


def clean_text(text: str) -> str:
    """Line endings to ``\\n``, boilerplate lines dropped, runs of blank lines collapsed; kept lines verbatim.

    >>> clean_text("Photo: Reuters\\r\\nHefei’s  fund\\r\\n\\r\\n\\r\\n\\r\\nAll rights reserved.")
    'Hefei’s  fund'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.lstrip("\ufeff")
    kept: list[str] = []
    for line in text.split("\n"):
        if not line.strip():
            if kept and kept[-1] != "":
                kept.append("")
        elif not _is_boilerplate(line):
            kept.append(line)
    while kept and kept[-1] == "":
        kept.pop()
    return "\n".join(kept)


def _strip_front_matter(text: str) -> tuple[str, str | None]:
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        return text, None
    title = None
    for line in match.group(1).split("\n"):
        key, _, value = line.partition(":")
        if key.strip().lower() == "title" and value.strip():
            title = value.strip().strip("\"'")
    return text.replace("\r\n", "\n")[match.end():], title


_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


def _title_of(text: str, fallback: str) -> str:
    """The top-level markdown heading, else the first headline-like line (3-20 words, no full stop), else the first line."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    headings = [(len(m.group(1)), m.group(2)) for m in map(_HEADING.match, lines) if m and m.group(2)]
    if headings:
        top = min(level for level, _ in headings)
        return next(t for level, t in headings if level == top)[:200]
    for line in lines:
        if 3 <= len(line.split()) <= 20 and not line.endswith((".", "。", ":", ",")):
            return line.lstrip("#> ").strip()[:200]
    return (lines[0].lstrip("#> ").strip() if lines else fallback)[:200] or fallback


_BLOCK_TAGS = ["p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header", "main", "aside",
               "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figure", "figcaption", "hr"]
_DROP_TAGS = ["script", "style", "nav", "footer", "noscript", "template", "iframe", "svg", "form", "button"]


def _html_to_text(html: str) -> tuple[str, str | None, bool]:
    """Visible text with paragraph breaks, the page title, and whether the page had any script."""
    import warnings

    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    had_script = soup.find(["script", "style"]) is not None
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text(" ").split()) if title_tag else None
    if title_tag:
        title_tag.decompose()
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    h1 = soup.find("h1")
    title = title or (" ".join(h1.get_text(" ").split()) if h1 else None)
    # In HTML, runs of spaces and newlines inside a block are layout, not content: collapse them (not in <pre>).
    for node in soup.find_all(string=True):
        if node.find_parent("pre") is None and re.search(r"\s\s|[\n\r\t\f]", node):
            node.replace_with(re.sub(r"\s+", " ", str(node)))
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    lines = [line.strip(" ") for line in soup.get_text().split("\n")]
    return "\n".join(lines), title, had_script


def _pdf_to_text(data: bytes, path: Path) -> tuple[str, str | None]:
    import io

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(path, "encrypted PDF (needs a password)")
        pages = [(page.extract_text() or "") for page in reader.pages]
        meta_title = (reader.metadata.title if reader.metadata else None) or None
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 -- pypdf parsing untrusted bytes can fail in many ways; all mean the same
        raise DocumentError(path, f"not a readable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n\n".join(pages)
    if not text.strip():
        raise DocumentError(path, f"PDF has no text layer ({len(pages)} page(s); scanned images need OCR first)")
    return text, (str(meta_title).strip() or None) if meta_title else None


def read_document(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one ``.txt``/``.md``/``.html``/``.pdf`` file into a :class:`Document`; raise :class:`DocumentError`.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.html"
    >>> _ = p.write_text("<title>Hefei</title><p>Hefei &amp; NIO</p><script>x()</script>")
    >>> doc = read_document(p); doc.title, doc.text, len(doc.id)
    ('Hefei', 'Hefei & NIO', 16)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(path, f"unsupported file type {suffix or '(no suffix)'}")
    data = _read_bytes(path, max_bytes)
    title = None
    if suffix in PDF_SUFFIXES:
        if not data.lstrip().startswith(b"%PDF"):
            raise DocumentError(path, "not a PDF (no %PDF header)")
        raw, title = _pdf_to_text(data, path)
        encoding = "pdf"
    else:
        raw, encoding = decode_bytes(data, path)
        if not raw.strip():
            raise DocumentError(path, "no text (only whitespace)")
        if suffix in HTML_SUFFIXES:
            raw, title, had_script = _html_to_text(raw)
            if not raw.strip():
                raise DocumentError(path, "HTML has no visible text" + (" (only script/style)" if had_script else ""))
        elif suffix in (".md", ".markdown"):
            raw, title = _strip_front_matter(raw)
    text = clean_text(raw)
    if not text.strip():
        raise DocumentError(path, "no text left after removing boilerplate")
    doc_id = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return Document(id=doc_id, path=str(path), title=title or _title_of(text, path.stem), text=text, encoding=encoding)


def read_documents(inputs: Iterable[str | os.PathLike], *,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Document], list[Failure]]:
    """Read every document under ``inputs``; each bad one becomes a :class:`Failure` and the rest go on.

    A document whose clean text equals an earlier one's is a failure naming the earlier path.
    """
    paths, failures = iter_paths(inputs)
    documents: list[Document] = []
    first_path: dict[str, str] = {}
    for path in paths:
        try:
            doc = read_document(path, max_bytes=max_bytes)
        except DocumentError as exc:
            failures.append(Failure(exc.path, exc.reason))
            continue
        except Exception as exc:  # noqa: BLE001 -- a batch never dies on one file; the reason names the bug
            failures.append(Failure(str(path), f"could not be read ({type(exc).__name__}: {exc})"))
            continue
        if doc.id in first_path:
            failures.append(Failure(str(path), f"duplicate of {first_path[doc.id]} (same text, id {doc.id})"))
            continue
        first_path[doc.id] = doc.path
        documents.append(doc)
    return documents, failures


# Same-length replacements: offsets in the normalised text are offsets in the clean text.
_NLP_MAP = {**{c: "'" for c in "‘’‚‛′‵`"}, **{c: '"' for c in "“”„‟″‶«»"},
            **{c: " " for c in "\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
                                "\u200a\u200b\u200c\u200d\u202f\u205f\u2060\u3000\ufeff\t\x0b\x0c"},
            **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"},
            **{c: "\n" for c in "\u2028\u2029\x85\r"},
            **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}}
_NLP_MAP.update({chr(c): " " for c in list(range(0, 9)) + list(range(14, 32)) + [127] + list(range(0x80, 0x85))
                 + list(range(0x86, 0xA0))})
_NLP_TABLE = str.maketrans(_NLP_MAP)


def normalize_for_nlp(text: str) -> str:
    """The text the NLP sees: same length as ``text``, curly quotes straight, odd spaces plain, dashes ASCII.

    >>> s = "“Chain boss” — Hefei’s\\u200bfund"
    >>> t = normalize_for_nlp(s); t, len(t) == len(s)
    ('"Chain boss" - Hefei\\'s fund', True)
    """
    return text.translate(_NLP_TABLE)
