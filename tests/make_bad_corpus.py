"""Write a folder of bad and odd inputs, the kind real analysts' folders hold (no binaries are committed).

    python tests/make_bad_corpus.py OUT_DIR [--huge-bytes N]

or ``make_bad_corpus(folder)`` from a test; ``write_news_corpus(folder, n)`` writes ``n`` well-formed
generated articles (the same article ``i`` for any ``n``) for pipeline tests and benchmarks/incremental.py. Each file is described by a :class:`Case` in the returned
manifest: whether reading it should succeed, fail (and with which words in the reason) or be skipped
silently (unknown suffix or hidden file inside a folder). The good documents state small facts in this
project's own words, so a build over the folder has a known graph to find.
"""
from __future__ import annotations

import argparse
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

HUGE_LIMIT = 50_000  # the max_bytes tests pass when reading the corpus; the huge file is over it


@dataclass(frozen=True)
class Case:
    name: str  # path relative to the corpus folder
    outcome: str  # "ok", "fail" or "skip"
    reason: str = ""  # for "fail": words the failure's reason must contain
    encoding: str = ""  # for "ok": the encoding read_document must report (prefix)
    contains: str = ""  # for "ok": text the clean document must contain
    kind: str = ""  # what is odd about it, for humans


def _good(sentence: str) -> str:
    return f"Funding note\n\n{sentence}\nAnalysts track such deals every week.\n"


def _pdf_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _pdf(objects: list[bytes]) -> bytes:
    """A minimal valid PDF from numbered objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(content: bytes, extra: str = "") -> bytes:
    return f"<< {extra} /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (Helvetica, one line each)."""
    ops = ["BT", "/F1 12 Tf", "72 720 Td"]
    for i, line in enumerate(lines):
        ops.append(("0 -16 Td " if i else "") + f"({_pdf_string(line)}) Tj")
    ops.append("ET")
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        _stream("\n".join(ops).encode("latin-1")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ])


def scanned_pdf() -> bytes:
    """A one-page PDF that only draws a grey image: what a scanner makes, with no text layer."""
    pixels = bytes((x * 16 + y * 8) % 256 for y in range(16) for x in range(16))
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"q 400 0 0 400 100 300 cm /Im1 Do Q"),
        _stream(pixels, "/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray "
                        "/BitsPerComponent 8"),
    ])


def make_bad_corpus(folder: str | os.PathLike, *, huge_bytes: int = HUGE_LIMIT + 1) -> list[Case]:
    """Write the corpus into ``folder`` (created if missing) and return one :class:`Case` per entry."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    cases: list[Case] = []

    def put(name: str, data: bytes | str, case: Case) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        cases.append(case)

    # --- bad inputs: each must give one failure naming the file
    put("empty.txt", b"", Case("empty.txt", "fail", "empty", kind="empty file"))
    put("whitespace.txt", " \n\t\r\n  \n", Case("whitespace.txt", "fail", "whitespace", kind="whitespace only"))
    put("png_renamed.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(300)),
        Case("png_renamed.txt", "fail", "binary", kind="PNG bytes with a .txt name"))
    put("nul_bytes.md", bytes(rng.choice([0, 0, 1, 2, 65, 200, 255]) for _ in range(2000)),
        Case("nul_bytes.md", "fail", "binary", kind="binary with many NUL bytes"))
    put("undecodable.txt", bytes(rng.randrange(128, 256) for _ in range(600)),
        Case("undecodable.txt", "fail", "undecodable", kind="not UTF-8 and no encoding fits"))
    put("huge.txt", ("Hefei Big Fund news line. " * (huge_bytes // 26 + 1)).encode()[:huge_bytes],
        Case("huge.txt", "fail", "too large", kind=f"{huge_bytes:,} bytes, over the limit"))
    put("all_script.html", "<html><head><script>var x = 1;</script><style>p{color:red}</style></head>"
        "<body><script>document.write('hi')</script></body></html>",
        Case("all_script.html", "fail", "no visible text", kind="HTML that is all script"))
    put("scanned.pdf", scanned_pdf(), Case("scanned.pdf", "fail", "no text layer", kind="scanned PDF, image only"))
    put("fake.pdf", "This is plain text with a .pdf name.\n",
        Case("fake.pdf", "fail", "not a PDF", kind="text with a .pdf suffix"))
    put("truncated.pdf", text_pdf(["Cut short."])[:60],
        Case("truncated.pdf", "fail", "PDF", kind="PDF cut off after 60 bytes"))
    put("boilerplate_only.txt", "Advertisement\nShare\nCopyright 2024 Example News. All rights reserved.\n",
        Case("boilerplate_only.txt", "fail", "boilerplate", kind="nothing but boilerplate lines"))
    put("good_utf8_copy.txt", _good("The Wuxi Industry Fund invested in Alpha Chips."),
        Case("good_utf8_copy.txt", "fail", "duplicate of", kind="same text as good_utf8.txt"))
    (root / "broken_link.txt").symlink_to(root / "does_not_exist.txt")
    cases.append(Case("broken_link.txt", "fail", "broken symlink", kind="symlink to a missing file"))
    (root / "loop_a.txt").symlink_to(root / "loop_b.txt")
    (root / "loop_b.txt").symlink_to(root / "loop_a.txt")
    cases.append(Case("loop_a.txt", "fail", "symlink loop", kind="symlink loop"))
    cases.append(Case("loop_b.txt", "fail", "symlink loop", kind="symlink loop"))
    # chmod 000: root reads it anyway, so its outcome depends on who runs the tests.
    put("unreadable.txt", _good("The Changsha Guidance Fund invested in Beta Robotics."),
        Case("unreadable.txt", "fail" if os.geteuid() != 0 else "ok", "permission denied",
             contains="Beta Robotics", kind="chmod 000"))
    os.chmod(root / "unreadable.txt", 0)

    # --- odd but good inputs: each must read, with the right encoding and text
    put("good_utf8.txt", _good("The Wuxi Industry Fund invested in Alpha Chips."),
        Case("good_utf8.txt", "ok", encoding="utf-8", contains="Alpha Chips", kind="plain UTF-8"))
    put("bom_utf8.txt", b"\xef\xbb\xbf" + _good("The Hefei Construction Fund invested in Gamma Motors.").encode(),
        Case("bom_utf8.txt", "ok", encoding="utf-8-sig", contains="Gamma Motors", kind="UTF-8 with BOM"))
    put("utf16le.txt", b"\xff\xfe" + _good("The Hefei Venture Fund invested in Delta Displays.").encode("utf-16-le"),
        Case("utf16le.txt", "ok", encoding="utf-16", contains="Delta Displays", kind="UTF-16 LE with BOM"))
    put("utf16be.txt", b"\xfe\xff" + _good("The Anhui Fund invested in Epsilon Quantum.").encode("utf-16-be"),
        Case("utf16be.txt", "ok", encoding="utf-16", contains="Epsilon Quantum", kind="UTF-16 BE with BOM"))
    put("utf16le_nobom.txt", _good("The Jiangsu Fund invested in Zeta Sensors.").encode("utf-16-le"),
        Case("utf16le_nobom.txt", "ok", encoding="utf-16-le", contains="Zeta Sensors", kind="UTF-16 LE, no BOM"))
    put("gb18030.txt", _good("合肥市产业投资基金投资了蔚来汽车。The Hefei Industry Fund invested in Eta Batteries.")
        .encode("gb18030"),
        Case("gb18030.txt", "ok", encoding="gb18030", contains="合肥市产业投资基金", kind="GB18030 Chinese + English"))
    put("latin1.txt", _good("The Société Générale fund in Hefei invested in Théta Matériaux.").encode("latin-1"),
        Case("latin1.txt", "ok", encoding="", contains="Théta Matériaux", kind="Latin-1"))
    put("cp1252.txt", _good("The “chain boss” said the Suzhou Fund invested in Iota Lasers – €5m.").encode("cp1252"),
        Case("cp1252.txt", "ok", encoding="cp1252", contains="“chain boss”", kind="Windows-1252 smart quotes"))
    put("crlf.txt", _good("The Shenzhen Fund invested in Kappa Drones.").replace("\n", "\r\n"),
        Case("crlf.txt", "ok", encoding="utf-8", contains="Kappa Drones.\nAnalysts", kind="CRLF line endings"))
    put("old_mac.txt", _good("The Chengdu Fund invested in Lambda Cells.").replace("\n", "\r"),
        Case("old_mac.txt", "ok", encoding="utf-8", contains="Lambda Cells.\nAnalysts", kind="CR line endings"))
    put("long_line.txt", "The Xi'an Fund invested in Mu Materials. " * 300,
        Case("long_line.txt", "ok", encoding="utf-8", contains="Mu Materials", kind="one 12,300-character line"))
    put("nul_middle.txt", _good("The Ningbo Fund invested in Nu Magnets.").replace("Analysts", "Analy\x00sts"),
        Case("nul_middle.txt", "ok", encoding="utf-8", contains="Analysts track", kind="a stray NUL in text"))
    put("entities.html", "<html><head><title>Xi &amp; Omicron</title></head><body><nav>Home | News</nav>"
        "<p>The Hefei&nbsp;Fund invested in Xi &amp; Omicron&#8217;s &lt;new&gt; plant.</p>"
        "<footer>&copy; 2024 Example</footer></body></html>",
        Case("entities.html", "ok", contains="Xi & Omicron’s <new> plant", kind="HTML entities, nav and footer"))
    put("front_matter.md", "---\ntitle: \"Pi Semiconductors funded\"\ndate: 2024-01-01\n---\n\n"
        "The Hefei Semiconductor Fund invested in Pi Semiconductors.\n",
        Case("front_matter.md", "ok", contains="Pi Semiconductors", kind="markdown front matter"))
    put("text.pdf", text_pdf(["Rho Robotics funding", "The Wuhan Fund invested in Rho Robotics (2023)."]),
        Case("text.pdf", "ok", encoding="pdf", contains="Rho Robotics", kind="PDF with a text layer"))
    put("x.txt/inside.md", _good("The Hangzhou Fund invested in Sigma Vision."),
        Case("x.txt/inside.md", "ok", contains="Sigma Vision", kind="a folder named x.txt"))
    put("nested/deeper/deep.htm", "<p>The Xiamen Fund invested in Tau Optics.</p><p>Second paragraph.</p>",
        Case("nested/deeper/deep.htm", "ok", contains="Tau Optics.\n\nSecond paragraph.", kind="nested .htm"))
    put("UPPER.TXT", _good("The Qingdao Fund invested in Upsilon Ships."),
        Case("UPPER.TXT", "ok", contains="Upsilon Ships", kind="upper-case suffix"))

    put("odd [/] [bold]name.txt", _good("The Harbin Fund invested in Phi Turbines."),
        Case("odd [/] [bold]name.txt", "ok", contains="Phi Turbines", kind="file name that looks like rich markup"))
    put("合肥 report.md", _good("The Hefei Guidance Fund invested in Chi Sensors."),
        Case("合肥 report.md", "ok", contains="Chi Sensors", kind="non-ASCII file name"))
    put("[red]empty.md", b"", Case("[red]empty.md", "fail", "empty", kind="bad file with a markup-like name"))

    # --- skipped silently inside a folder
    put("notes.docx", b"PK\x03\x04 not really a docx", Case("notes.docx", "skip", kind="unknown suffix"))
    put("image.png", b"\x89PNG\r\n\x1a\n", Case("image.png", "skip", kind="unknown suffix"))
    put(".hidden.txt", _good("Hidden files are skipped."), Case(".hidden.txt", "skip", kind="hidden file"))
    return cases


CITIES = ["Hefei", "Wuxi", "Changsha", "Wuhan", "Chengdu", "Zhengzhou", "Nanchang", "Guiyang", "Taiyuan", "Kunming"]
SECTORS = ["semiconductor", "new energy vehicle", "battery", "display", "robotics", "biomedicine", "photonics"]
SYLLABLES = ["Hua", "Xin", "Kai", "Rui", "Tong", "Ming", "Jing", "Yuan", "Bo", "Heng", "Sheng", "Tian", "Lian",
             "Wei", "Feng", "Long", "Qi", "Jia", "Chuang", "Zhi"]
FIRM_KINDS = ["Technology", "Semiconductor", "Motors", "Materials", "Robotics", "Photonics", "Batteries", "Biotech"]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu"]
GIVEN = ["Wei", "Fang", "Jun", "Min", "Lei", "Qiang", "Hong", "Tao", "Bin", "Xia"]


def news_article(i: int, seed: int = 0) -> str:
    """Generated article number ``i``: a few funding, supply and chain-boss facts between made-up firms."""
    rng = random.Random(seed * 1_000_003 + i)

    def firm() -> str:
        return rng.choice(SYLLABLES) + rng.choice(SYLLABLES).lower() + " " + rng.choice(FIRM_KINDS)

    city, sector = rng.choice(CITIES), rng.choice(SECTORS)
    fund = f"{city} {sector.title()} Industry Investment Fund"
    target, buyer = firm(), firm()
    person = f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"
    amount, year = rng.randrange(1, 90) * 10, rng.randrange(2015, 2025)
    lines = [
        f"# {target} wins backing in {city}",
        "",
        f"The {fund} invested {amount} million yuan in {target} in {year}.",
        f"{target} supplies parts to {buyer}, which builds its products in {city}.",
        f"{person}, the Party secretary of {city}, is the chain boss of the city's {sector} industry chain.",
        f"Officials named {target} a chain leader enterprise for {sector} in {year}.",
        "",
        f"Analysts said deal number {i} showed how {city} uses state capital to attract {sector} firms.",
    ]
    facts = lines[3:6]
    rng.shuffle(facts)
    lines[3:6] = facts
    return "\n".join(lines) + "\n"


def write_news_corpus(folder: str | os.PathLike, n: int, *, start: int = 0, seed: int = 0) -> list[Path]:
    """Write articles ``start`` .. ``start + n - 1`` as ``news_00000.txt`` ... into ``folder``; return their paths."""
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        path = root / f"news_{i:05d}.txt"
        path.write_text(news_article(i, seed), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--huge-bytes", type=int, default=HUGE_LIMIT + 1)
    args = parser.parse_args(argv)
    cases = make_bad_corpus(args.out_dir, huge_bytes=args.huge_bytes)
    for case in cases:
        print(f"{case.outcome:4}  {case.name:28}  {case.kind}")
    print(f"{len(cases)} inputs in {args.out_dir}; read with max_bytes={HUGE_LIMIT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
