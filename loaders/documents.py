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

import hashlib
from html import unescape as html_unescape
from html.entities import html5 as html5_entities
from html.parser import HTMLParser
import logging
import os
import re
import stat
import unicodedata
import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from whofunds.graph.files import FileTooLarge, NotARegularFile, read_regular
from whofunds.graph.records import Document

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
PDF_SUFFIXES = (".pdf",)
DOCUMENT_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + PDF_SUFFIXES
# Structured sources, read by loaders/registry.py (tables) and loaders/ftm.py (FollowTheMoney entities);
# loaders/sources.py reads every kind.
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm")
FTM_SUFFIXES = (".ftm.json", ".ftm.jsonl", ".ijson")
STRUCTURED_SUFFIXES = TABLE_SUFFIXES + FTM_SUFFIXES
SUPPORTED_SUFFIXES = DOCUMENT_SUFFIXES + STRUCTURED_SUFFIXES


def input_kind(path: str | os.PathLike) -> str | None:
    """``"document"``, ``"table"``, ``"ftm"`` or None (not an input whofunds reads), by the file's name.

    >>> input_kind("a.PDF"), input_kind("holders.xlsx"), input_kind("x.ftm.json"), input_kind("graph.json")
    ('document', 'table', 'ftm', None)
    """
    name = Path(path).name.lower()
    if name.endswith(FTM_SUFFIXES):
        return "ftm"
    if name.endswith(TABLE_SUFFIXES):
        return "table"
    if name.endswith(DOCUMENT_SUFFIXES):
        return "document"
    return None
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
            if name.startswith(".") or input_kind(name) is None:
                continue
            files.append(Path(root) / name)
        # A symlink to a folder shows up in ``dirs`` and is not followed; one that points nowhere is a file
        # whose name may still look like a document, handled above; report a link named like one.
    return files, failures


def iter_paths(inputs: Iterable[str | os.PathLike]) -> tuple[list[Path], list[Failure]]:
    """Expand files, folders (recursively) and glob patterns into a sorted list of document paths.

    Files with unknown suffixes are skipped silently inside folders but reported when named explicitly.
    The paths found are absolute (``os.path.abspath``: symlinks kept as named), so a document's path, and
    its evidence's, means the same file wherever the graph is read, not only where the build ran; a
    failure for an input that matches nothing names it as given.

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
            if input_kind(path) is not None:
                found.append(path)
            else:
                failures.append(Failure(text, f"unsupported file type {path.suffix.lower() or '(no suffix)'} "
                                              f"(supported: {', '.join(SUPPORTED_SUFFIXES)})"))
        elif _has_glob(text):
            matches = sorted(glob_paths(text))
            if not matches:
                failures.append(Failure(text, "no files match this pattern"))
            for match in matches:
                m = Path(match)
                if m.is_dir():
                    files, problems = _walk(m)
                    found.extend(files)
                    failures.extend(problems)
                elif input_kind(m) is not None:
                    found.append(m)
        else:
            failures.append(Failure(text, "no such file or directory"))
    unique = sorted({Path(os.path.abspath(p)) for p in found}, key=lambda p: str(p))
    return unique, failures


def glob_paths(pattern: str) -> list[str]:
    """Paths matching ``pattern``, with ``**`` for any depth of folders, never through a symlinked folder.

    Python's own ``glob`` follows folder links inside ``**``: a link to a parent folder makes it loop
    (40 copies of every file for one link, a hang for two). ``wcmatch`` walks ``**`` without them;
    hidden names match only a pattern that starts with a dot, as in the shell.

    >>> import tempfile, pathlib, os
    >>> d = pathlib.Path(tempfile.mkdtemp()); (d / "a").mkdir(); _ = (d / "a" / "x.txt").write_text("x")
    >>> os.symlink(d, d / "a" / "loop")
    >>> [os.path.relpath(p, d) for p in glob_paths(str(d / "**" / "*.txt"))]
    ['a/x.txt']
    """
    from wcmatch import glob as wcglob

    return wcglob.glob(pattern, flags=wcglob.GLOBSTAR)


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
                                  f"(--max-mb raises it; longer texts are read in parts)")
    try:
        # Checked again on the open file: a path swapped for a FIFO or a device since the stat above is
        # refused here, without blocking and without reading.
        data = read_regular(path, max_bytes)
    except NotARegularFile as exc:
        raise DocumentError(path, f"not a regular file ({exc.kind}: device, pipe or socket)") from None
    except FileTooLarge:
        raise DocumentError(path, f"too large: over the limit of {max_bytes:,} bytes (--max-mb raises it)") from None
    except PermissionError:
        raise DocumentError(path, "unreadable: permission denied") from None
    except OSError as exc:
        raise DocumentError(path, f"unreadable: {exc.strerror or exc}") from None
    if not data:
        raise DocumentError(path, "empty file")
    return data


# Characters that may be unprintable: ASCII controls other than tab, line and page breaks, and all
# non-ASCII (looked up one by one); printable ASCII, most of any text, is skipped at C speed.
_MAYBE_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\U0010ffff]")


def _unprintable_share(text: str) -> float:
    """Share of control, surrogate, private-use and unassigned characters (tab and line breaks aside).

    >>> _unprintable_share("ab\x01\tc")
    0.2
    """
    if not text:
        return 0.0
    bad = sum(1 for ch in _MAYBE_UNPRINTABLE.findall(text) if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"))
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
    body, meta = _front_matter(text)
    return body, meta.get("title")


def _front_matter(text: str) -> tuple[str, dict[str, str]]:
    """The text after a markdown front matter block, and the block's ``key: value`` lines (keys lower case)."""
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        return text, {}
    meta: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        key, _, value = line.partition(":")
        if key.strip() and value.strip():
            meta.setdefault(key.strip().lower(), value.strip().strip("\"'"))
    return text.replace("\r\n", "\n")[match.end():], meta


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


_BLOCK_TAGS = frozenset(["p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header", "main",
                         "aside", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "figure",
                         "figcaption", "hr"])
_DROP_TAGS = frozenset(["script", "style", "nav", "footer", "noscript", "template", "iframe", "svg", "form", "button"])
# What an HTML parser treats as having no end tag (BeautifulSoup's list), and tags whose text is not shown.
_VOID_TAGS = frozenset(["area", "base", "basefont", "bgsound", "br", "col", "command", "embed", "frame", "hr", "image",
                        "img", "input", "isindex", "keygen", "link", "menuitem", "meta", "nextid", "param", "source",
                        "spacer", "track", "wbr"])
_UNSHOWN_TEXT_TAGS = frozenset(["rt", "rp"])  # ruby annotations: pronunciation, not text
_ASCII_SPACES = frozenset("\x20\x0a\x09\x0c\x0d")


class _HTMLText(HTMLParser):
    """One pass over the tag stream, keeping the open elements on a stack: time linear in the page's size.

    An end tag closes the most recent open element of its name and every element opened inside it (an
    end tag with no open element is ignored); elements still open at the end close there. A block
    element is set off by blank lines where it opens and where it closes. Text inside dropped elements
    (script, navigation, forms, ...), inside the first ``<title>`` and in comments is not shown; runs
    of whitespace are collapsed to one space except inside ``<pre>``.
    """

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.open: dict[str, int] = {}
        self.hidden = 0  # open dropped elements, plus one inside the first <title>
        self.data: list[str] = []
        self.out: list[str] = []
        self.title_state = "before"  # before -> inside -> done
        self.title: list[str] = []
        self.h1_state = "before"
        self.h1_depth = 0
        self.h1: list[str] = []
        self.had_script = False
        self.closed_void: dict[str, int] = {}
        self.meta: dict[str, str] = {}  # source metadata from <link rel=canonical>, <meta> and <time>

    def _collect_meta(self, tag: str, attrs) -> None:
        attrs = {k.lower(): (v or "").strip() for k, v in attrs if k}
        if tag == "link" and "canonical" in attrs.get("rel", "").lower().split() and attrs.get("href"):
            self.meta.setdefault("canonical", attrs["href"])
        elif tag == "meta" and attrs.get("content"):
            name = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if name:
                self.meta.setdefault(name, attrs["content"])
        elif tag == "time" and attrs.get("datetime"):
            self.meta.setdefault("time", attrs["datetime"])

    # -- elements
    def handle_starttag(self, tag, attrs):
        if tag in ("link", "meta", "time"):
            self._collect_meta(tag, attrs)
        self._flush()
        if tag in ("script", "style"):
            self.had_script = True
        self._push(tag)
        if tag in _VOID_TAGS:
            self._pop_to(tag)
            self.closed_void[tag] = self.closed_void.get(tag, 0) + 1  # a later </br> only crosses it off

    def handle_startendtag(self, tag, attrs):
        if tag in ("link", "meta", "time"):
            self._collect_meta(tag, attrs)
        self._flush()
        if tag in ("script", "style"):
            self.had_script = True
        self._push(tag)
        self._pop_to(tag)

    def handle_endtag(self, tag):
        if self.closed_void.get(tag):
            self.closed_void[tag] -= 1
            return
        self._flush()
        self._pop_to(tag)

    def _push(self, tag: str) -> None:
        if tag == "title" and self.title_state == "before":
            self.title_state = "inside"
            self.hidden += 1
        elif tag in _DROP_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS and not self.hidden:
            self.out.append("\n\n")
        if tag == "h1" and self.h1_state == "before" and not self.hidden:
            self.h1_state, self.h1_depth = "inside", len(self.stack) + 1
        self.stack.append(tag)
        self.open[tag] = self.open.get(tag, 0) + 1

    def _pop_to(self, tag: str) -> None:
        if not self.open.get(tag):
            return
        while self.stack:
            name = self.stack.pop()
            self.open[name] -= 1
            if self.h1_state == "inside" and len(self.stack) < self.h1_depth:
                self.h1_state = "done"
            if name == "title" and self.title_state == "inside" and "title" not in self._open_names():
                self.title_state = "done"
                self.hidden -= 1
            elif name in _DROP_TAGS:
                self.hidden -= 1
            elif name in _BLOCK_TAGS and not self.hidden:
                self.out.append("\n\n")
            if name == tag:
                return

    def _open_names(self):
        return {name for name, n in self.open.items() if n}

    def close(self):
        super().close()
        self._flush()
        while self.stack:
            self._pop_to(self.stack[-1])

    # -- text
    def handle_data(self, data):
        self.data.append(data)

    def handle_charref(self, name):
        text = html_unescape(f"&#{name};")
        self.data.append(text if text != f"&#{name};" else f"&#{name}")

    def handle_entityref(self, name):
        self.data.append(html5_entities.get(name + ";") or f"&{name}")

    def unknown_decl(self, data):  # <![CDATA[...]]> is text
        self._flush()
        if data.upper().startswith("CDATA["):
            self.data.append(data[len("CDATA["):])
            self._flush()

    def handle_comment(self, data):
        self._flush()

    def handle_decl(self, decl):
        self._flush()

    def handle_pi(self, data):
        self._flush()

    def _flush(self) -> None:
        """One text node: the data since the last tag, comment or declaration."""
        if not self.data:
            return
        text = "".join(self.data)
        self.data = []
        unshown = any(self.open.get(t) for t in _UNSHOWN_TEXT_TAGS)
        if self.title_state == "inside":
            if not unshown and not any(self.open.get(t) for t in ("script", "style", "template")):
                self.title.append(text)
            return
        if self.hidden or unshown:
            return
        if self.h1_state == "inside":
            self.h1.append(text)
        if not self.open.get("pre"):
            if not self.open.get("textarea") and all(ch in _ASCII_SPACES for ch in text):
                text = "\n" if "\n" in text else " "
            if re.search(r"\s\s|[\n\r\t\f]", text):
                text = re.sub(r"\s+", " ", text)
        self.out.append(text)


def _html_to_text(html: str, meta: dict | None = None) -> tuple[str, str | None, bool]:
    """Visible text with paragraph breaks, the page title (``<title>``, else the first ``<h1>``), and
    whether the page had any script. Linear in the size of the page, however deep its nesting.

    >>> _html_to_text("<title>T</title><div><p>Hefei <b>fund</b></p><script>x()</script><p>NIO</p></div>")
    ('\\n\\n\\n\\nHefei fund\\n\\n\\n\\nNIO\\n\\n\\n\\n', 'T', True)
    """
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    title = " ".join(" ".join(parser.title).split()) or None
    title = title or (" ".join(" ".join(parser.h1).split()) or None)
    lines = [line.strip(" ") for line in "".join(parser.out).split("\n")]
    if meta is not None:
        meta.update(parser.meta)
    return "\n".join(lines), title, parser.had_script


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


# ---------------------------------------------------------------------------------------------- source

SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
SIDECAR_KEYS = ("url", "publisher", "date", "title", "columns")
_MONTHS = {m: i for i, ms in enumerate([("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
                                        ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
                                        ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
                                        ("dec", "december")], start=1) for m in ms}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = [re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b", re.I),
          re.compile(rf"\b{_MONTH}\s+(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?(?P<year>(?:19|20)\d\d)\b", re.I),
          re.compile(r"\b(?P<year>(?:19|20)\d\d)[-/.年](?P<month>\d{1,2})(?:[-/.月](?P<day>\d{1,2})日?)?(?!\d)")]
_DATELINE = re.compile(r"^(?:[A-Z][A-Z .'-]{2,}[,(\s–—-]|(?:published|posted|updated|date|dated)\b[: ]?)", re.I)
_LABELLED = re.compile(r"^(?P<key>source|url|link|publisher|published by|publication)\s*[:：]\s*(?P<value>\S.*)$", re.I)
_URL = re.compile(r"^https?://\S+$", re.I)


def iso_date(value) -> str | None:
    """An ISO date (``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``) from metadata text, a dateline or a YAML date.

    >>> iso_date("2021-03-04T08:00:00+08:00"), iso_date("March 2022"), iso_date("3 Sept. 2021"), iso_date("n/a")
    ('2021-03-04', '2022-03', '2021-09-03', None)
    """
    import datetime as dt

    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int) and 1800 <= value <= 2200:
        return f"{value:04d}"
    text = str(value or "").strip()
    if re.fullmatch(r"(?:19|20)\d\d", text):
        return text
    for pattern in _DATES:
        m = pattern.search(text)
        if not m:
            continue
        month = m.group("month")
        month = _MONTHS.get(month.lower().rstrip(".")) if not month.isdigit() else int(month)
        year, day = int(m.group("year")), m.group("day")
        try:
            if day:
                return dt.date(year, month, int(day)).isoformat()
            return dt.date(year, month, 1).isoformat()[:7]
        except (TypeError, ValueError):
            continue
    return None


def read_sidecar(path: str | os.PathLike) -> dict:
    """The source metadata a sidecar file beside ``path`` gives (``NAME.meta.yaml`` or ``.json``, NAME with or
    without the document's suffix): ``url``, ``publisher``, ``date``, ``title`` and, for tables, ``columns``.
    A sidecar that cannot be read is a :class:`DocumentError` naming it.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt.meta.yaml").write_text("url: https://x.org/a\\ndate: 2021-03-04")
    >>> read_sidecar(d / "a.txt")
    {'url': 'https://x.org/a', 'date': '2021-03-04'}
    """
    import yaml

    path = Path(path)
    for base in (path.name, path.stem):
        for suffix in SIDECAR_SUFFIXES:
            side = path.with_name(base + suffix)
            if not side.is_file():
                continue
            try:
                raw = yaml.safe_load(read_regular(side, 1_000_000).decode("utf-8")) or {}
            except (OSError, UnicodeDecodeError, NotARegularFile, FileTooLarge, yaml.YAMLError) as exc:
                raise DocumentError(side, f"unreadable source sidecar ({type(exc).__name__}: {exc})") from None
            if not isinstance(raw, dict):
                raise DocumentError(side, "a source sidecar is a mapping with url, publisher, date, title")
            out = {k: raw[k] for k in SIDECAR_KEYS if raw.get(k) not in (None, "")}
            if "date" in out:
                out["date"] = iso_date(out["date"]) or str(out["date"])
            for key in ("url", "publisher", "title"):
                if key in out:
                    out[key] = str(out[key]).strip()
            return out
    return {}


def source_metadata(found: dict, text: str, sidecar: dict | None = None) -> dict:
    """``url``, ``publisher``, ``date`` (and ``title``) of a document, from (first wins) its sidecar, its own
    metadata (HTML ``<link rel=canonical>``, ``og:url``, ``og:site_name``, ``article:published_time``,
    ``<time datetime>``; markdown front matter ``url``/``source``, ``publisher``, ``date``) and its first lines
    (a dateline such as ``HEFEI, March 3, 2022 (Xinhua) -``, or ``Source: https://...``).

    >>> source_metadata({}, "Title\\nHEFEI, Anhui province, March 2022 (Xinhua)\\n\\nHefei invested in NIO.")
    {'publisher': 'Xinhua', 'date': '2022-03'}
    >>> source_metadata({"canonical": "https://news.example/a", "og:site_name": "Example News"}, "x")["url"]
    'https://news.example/a'
    """
    out: dict = dict(sidecar or {})
    out.pop("columns", None)
    url = next((found[k] for k in ("canonical", "og:url", "url", "source", "link") if found.get(k)
                and _URL.match(str(found[k]).strip())), None)
    publisher = next((found[k] for k in ("og:site_name", "publisher", "article:publisher", "application-name",
                                          "source_name", "site") if found.get(k) and not _URL.match(found[k])), None)
    date = next((d for d in (iso_date(found.get(k)) for k in (
        "article:published_time", "date", "published", "datepublished", "pubdate", "publish-date", "dc.date",
        "dcterms.created", "og:published_time", "time")) if d), None)
    for line in [line.strip() for line in text.split("\n") if line.strip()][:6]:
        if len(line) > 120:
            continue
        labelled = _LABELLED.match(line)
        if labelled:
            key, value = labelled.group("key").lower(), labelled.group("value").strip()
            if _URL.match(value):
                url = url or value
            elif key != "url":
                publisher = publisher or value
            continue
        head = re.split(r"\s[-–—]{1,2}\s", line, maxsplit=1)  # "WUXI, Jan. 5, 2024 (Xinhua) -- The city's ..."
        if len(head) == 2 or not line.endswith("."):
            line = head[0]
        else:
            continue
        if date is None and _DATELINE.match(line):
            date = iso_date(line)
            credit = re.search(r"\(([A-Z][A-Za-z&.' -]{1,40})\)", line)
            if date and credit and not iso_date(credit.group(1)):
                publisher = publisher or credit.group(1).strip()
    for key, value in (("url", url), ("publisher", publisher), ("date", date)):
        if value and key not in out:
            out[key] = str(value).strip()
    return out


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
    if input_kind(path) != "document":
        raise DocumentError(path, f"unsupported file type {suffix or '(no suffix)'}" + (
            " (a table or entity file: whofunds.loaders.sources.read_sources reads it)" if input_kind(path) else ""))
    data = _read_bytes(path, max_bytes)
    title = None
    found: dict[str, str] = {}  # metadata the file itself gives (HTML head, front matter, PDF info)
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
            raw, title, had_script = _html_to_text(raw, found)
            if not raw.strip():
                raise DocumentError(path, "HTML has no visible text" + (" (only script/style)" if had_script else ""))
        elif suffix in (".md", ".markdown"):
            raw, found = _front_matter(raw)
            title = found.get("title")
    text = clean_text(raw)
    if not text.strip():
        raise DocumentError(path, "no text left after removing boilerplate")
    doc_id = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    source = source_metadata(found, text, read_sidecar(path))
    return Document(id=doc_id, path=str(path), title=source.get("title") or title or _title_of(text, path.stem),
                    text=text, encoding=encoding, url=source.get("url"), publisher=source.get("publisher"),
                    date=source.get("date"))


def read_documents(inputs: Iterable[str | os.PathLike], *,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Document], list[Failure]]:
    """Read every document under ``inputs``; each bad one becomes a :class:`Failure` and the rest go on.

    A document whose clean text equals an earlier one's is a failure naming the earlier path. Tables and
    entity files are not documents: :func:`whofunds.loaders.sources.read_sources` reads every kind of input.
    """
    paths, failures = iter_paths(inputs)
    return read_document_paths(paths, failures, max_bytes=max_bytes)


def read_document_paths(paths: Iterable[Path], failures: list[Failure] | None = None, *,
                        max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Document], list[Failure]]:
    """:func:`read_documents` for paths already found (by :func:`iter_paths`)."""
    failures = list(failures or [])
    documents: list[Document] = []
    first_path: dict[str, str] = {}
    for path in paths:
        doc = read_one(path, max_bytes=max_bytes)
        if isinstance(doc, Failure):
            failures.append(doc)
            continue
        if doc.id in first_path:
            failures.append(duplicate_failure(doc.path, doc.id, first_path[doc.id]))
            continue
        first_path[doc.id] = doc.path
        documents.append(doc)
    return documents, failures


def read_one(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES,
             base: str | os.PathLike | None = None) -> Document | Failure:
    """One path as :func:`read_documents` reads it: its :class:`Document`, or a :class:`Failure` naming it.

    ``base``: the folder a relative ``path`` is opened from, for a process whose working folder is not the
    build's (a cluster worker); the document or failure still names ``path`` as given.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp()); _ = (d / "a.txt").write_text("Hefei invested in NIO.")
    >>> read_one("a.txt", base=d).path, read_one("b.txt", base=d)
    ('a.txt', Failure(path='b.txt', reason='no such file or directory'))
    """
    shown = str(Path(path))
    where = Path(base, path) if base is not None and not os.path.isabs(path) else Path(path)
    try:
        doc = read_document(where, max_bytes=max_bytes)
    except DocumentError as exc:
        return Failure(shown if exc.path == str(where) else exc.path, exc.reason)
    except Exception as exc:  # noqa: BLE001 -- a batch never dies on one file; the reason names the bug
        return Failure(shown, f"could not be read ({type(exc).__name__}: {exc})")
    return doc if doc.path == shown else dataclasses.replace(doc, path=shown)


def duplicate_failure(path: str, doc_id: str, first_path: str) -> Failure:
    """The failure of the document at ``path`` whose clean text (id ``doc_id``) is that of one read earlier
    from ``first_path``."""
    return Failure(path, f"duplicate of {first_path} (same text, id {doc_id})")


_SENTENCE_END = re.compile(r"[.!?。！？][\"'’”)\]]*\s+")


def text_parts(text: str, limit: int) -> list[tuple[int, int]]:
    """``text`` cut into consecutive ``(start, end)`` spans of at most ``limit`` characters, for an NLP
    pipeline that takes no more at once: after the last paragraph break that fits, else the last line
    break, else the last sentence end, else the last space (a hard cut only in a text without any).
    The spans cover the text exactly, so offsets within a part plus its start are offsets in the text.

    >>> text = "One. Two.\\n\\nThree four five. Six."
    >>> [text[a:b] for a, b in text_parts(text, 20)]
    ['One. Two.\\n\\n', 'Three four five. ', 'Six.']
    >>> text_parts("x" * 5, 2)
    [(0, 2), (2, 4), (4, 5)]
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    spans, start, n = [], 0, len(text)
    while n - start > limit:
        end = start + limit
        cut = text.rfind("\n\n", start, end - 1)
        if cut > start:
            cut += 2
        else:
            cut = text.rfind("\n", start, end)
            cut = cut + 1 if cut > start else -1
        if cut <= start:
            ends = [m.end() for m in _SENTENCE_END.finditer(text, start, end)]
            cut = ends[-1] if ends and ends[-1] > start else -1
        if cut <= start:
            space = text.rfind(" ", start, end)
            cut = space + 1 if space > start else end
        spans.append((start, cut))
        start = cut
    spans.append((start, n))
    return spans


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
