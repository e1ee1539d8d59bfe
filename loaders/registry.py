"""Company-registry tables in: shareholder and officer tables (CSV, TSV, XLSX) as entities and claims.

A shareholder table (columns company, shareholder; optionally stake, capital, currency, date, control,
shareholder type) gives one claim per row: ``CONTROLS`` when the row states control (a ``control`` column
says so) or a stake above the control model's majority (``graph/control.yaml``: 50 %), else
``INVESTS_IN``; with the stake, the subscribed capital (``amount``, ``currency``), the date and its year.
An officer table (company, officer; optionally role, date) gives ``WORKS_FOR`` claims with the role.

Every claim's evidence is its row, written as a sentence ("Hefei Jiantou holds 24.1% of NIO; subscribed
capital CNY 7,000,000.") with the file, the sheet and the row number as a spreadsheet shows it (the header
is row 1): the table becomes one :class:`~whofunds.graph.records.Document` whose text is those sentences,
one per line, so evidence offsets work as for prose. Entities are named as the table writes them and resolve
against entities from prose (and the alias file) in the build like any other document's.

Headers are matched by :class:`ColumnMap`: the defaults in ``loaders/registry.yaml`` (English and Chinese
exports), before them a user's mapping. A row that cannot be read (no company, a stake that is not a number
or over 100, a date that is not a date, ...) is reported by file, sheet and row; the other rows load.
pandas reads the tables (openpyxl for XLSX).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "holders.csv"
>>> _ = p.write_text("Company,Shareholder,Stake (%)\\nAcme Widgets,Borealis Capital Fund,60\\n"
...                  "Acme Widgets,Zed Holdings,140\\n")
>>> table = read_table(p)
>>> [(c.type, c.stake, c.evidence.row) for c in table.extraction.claims]
[('CONTROLS', 60.0, 2)]
>>> [str(f) for f in table.failures]  # doctest: +ELLIPSIS
['.../holders.csv: row 3: stake 140 is over 100 %']
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
import os
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from whofunds.graph.yaml_text import load_yaml
from whofunds.graph.records import Claim, Document, Entity, Evidence, Extraction
from whofunds.loaders.documents import (
    DEFAULT_MAX_BYTES, TABLE_SUFFIXES, DocumentError, Failure, _read_bytes, decode_bytes,
)

__all__ = ["ColumnMap", "Table", "TABLE_SUFFIXES", "read_table", "guess_type"]
FIELDS = ("company", "shareholder", "shareholder_type", "stake", "capital", "currency", "date", "control",
          "officer", "role")
RULE_SHAREHOLDER = "registry:shareholder"
RULE_OFFICER = "registry:officer"
HEADER_SEARCH_ROWS = 10  # exports often put a title or a note above the header row


class TableError(Exception):
    """A table (or sheet) that cannot be used at all: no header that maps to the needed columns."""


def header_key(text: Any) -> str:
    """A header as compared: lower case, no spaces, underscores, dashes or brackets (full-width ones too).

    >>> header_key(" Stake (%) "), header_key("stake_%"), header_key("认缴出资额（万元）")
    ('stake%', 'stake%', '认缴出资额万元')
    """
    text = str(text).strip().lower()
    return re.sub(r"[\s_\-()\[\]（）【】:：.]+", "", text)


@cache
def _defaults() -> dict:
    return load_yaml(resources.files("whofunds.loaders").joinpath("registry.yaml").read_text("utf-8"))


@dataclass
class ColumnMap:
    """Which header each field is read from: the user's names first, then the defaults.

    >>> cm = ColumnMap.parse(["stake=Anteil"])
    >>> cm.match(["Firma", "Gesellschafter", "Anteil"], "stake"), cm.match(["Company", "Owner"], "shareholder")
    ('Anteil', 'Owner')
    """

    user: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def parse(cls, pairs: Iterable[str] = (), mapping: Mapping[str, Any] | None = None) -> "ColumnMap":
        """From ``FIELD=HEADER`` strings (``--column``) and a mapping (a ``--columns`` file or a sidecar's
        ``columns:``) of field to a header or a list of headers. Raises ``ValueError`` for an unknown field."""
        user: dict[str, list[str]] = {}

        def add(name: str, headers: Any) -> None:
            name = str(name).strip()
            if name not in FIELDS:
                raise ValueError(f"unknown column field {name!r}; fields are: {', '.join(FIELDS)}")
            values = headers if isinstance(headers, list) else [headers]
            user.setdefault(name, []).extend(str(h) for h in values if h is not None and str(h).strip())

        for pair in pairs:
            name, sep, header = str(pair).partition("=")
            if not sep or not header.strip():
                raise ValueError(f"--column wants FIELD=HEADER, such as stake=持股比例; got {pair!r}")
            add(name, header.strip())
        for name, headers in (mapping or {}).items():
            add(name, headers)
        return cls(user)

    @classmethod
    def read(cls, path: str | os.PathLike | None, pairs: Iterable[str] = ()) -> "ColumnMap":
        """From a YAML file (``{field: header or [headers]}``, or the same under ``fields:``) and ``pairs``."""
        mapping: dict = {}
        if path:
            try:
                raw = yaml.safe_load(Path(path).read_text("utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise ValueError(f"{path}: cannot read the column mapping ({exc})") from None
            if not isinstance(raw, dict):
                raise ValueError(f"{path}: a column mapping is a YAML mapping of field to header name(s)")
            mapping = raw.get("fields", raw) if isinstance(raw.get("fields"), dict) else raw
        try:
            return cls.parse(pairs, mapping)
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}" if path else str(exc)) from None

    def merged(self, other: "ColumnMap | None") -> "ColumnMap":
        """``other``'s names before this map's (a table's sidecar before the build's ``--column``)."""
        if other is None:
            return self
        user = {k: list(v) for k, v in other.user.items()}
        for k, v in self.user.items():
            user.setdefault(k, []).extend(v)
        return ColumnMap(user)

    def candidates(self, name: str) -> list[str]:
        return [*self.user.get(name, []), *(_defaults()["fields"].get(name) or [])]

    def match(self, headers: Iterable[Any], name: str) -> Any | None:
        """The first of ``headers`` that ``name`` is read from, or None."""
        by_key: dict[str, Any] = {}
        for h in headers:
            if h is None or (isinstance(h, float) and math.isnan(h)):
                continue
            by_key.setdefault(header_key(h), h)
        for h in headers:  # "Subscribed capital (万元)" is the capital column, in units of 10,000 yuan
            if isinstance(h, str) and re.search(r"[(（\[【]", h):
                by_key.setdefault(header_key(re.sub(r"[(（\[【].*?(?:[)）\]】]|$)", "", h)), h)
        for wanted in self.candidates(name):
            if header_key(wanted) in by_key:
                return by_key[header_key(wanted)]
        return None

    def columns(self, headers: list) -> dict[str, Any]:
        """Field -> header for every field found (each header used once)."""
        found: dict[str, Any] = {}
        for name in FIELDS:
            header = self.match([h for h in headers if h not in found.values()], name)
            if header is not None:
                found[name] = header
        return found


# --------------------------------------------------------------------------------------- values

class BadValue(ValueError):
    """A cell that cannot be read as its field: the message says which and why."""


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str)
                                                                                  and not value.strip()) \
        or str(value).strip().lower() in ("nan", "nat", "-", "--", "—", "n/a", "na", "none", "null")


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?|[-+]?\.\d+")
_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)")


def parse_stake(value: Any) -> tuple[float, bool]:
    """A stake in percent, and whether the cell said ``%`` (``"24.1%"``, ``24.1``, ``"24,1 %"``).

    >>> parse_stake("24.1%"), parse_stake(60), parse_stake("33.33 ％")
    ((24.1, True), (60.0, False), (33.33, True))
    """
    if isinstance(value, bool):
        raise BadValue(f"stake {value!r} is not a number")
    if isinstance(value, (int, float)):
        number, percent = float(value), False
    else:
        text = str(value).strip().replace("％", "%")
        percent = text.endswith("%") or "percent" in text.lower() or "per cent" in text.lower()
        core = re.sub(r"%|per\s?cent|percent", "", text, flags=re.I).strip()
        if re.fullmatch(r"\d+,\d+", core):  # a decimal comma: "24,1"
            core = core.replace(",", ".")
        try:
            number = float(core.replace(",", ""))
        except ValueError:
            raise BadValue(f"stake {_text(value)!r} is not a number") from None
    if math.isnan(number) or math.isinf(number):
        raise BadValue(f"stake {_text(value)!r} is not a number")
    if number < 0:
        raise BadValue(f"stake {number:g} is negative")
    if number > 100:
        raise BadValue(f"stake {number:g} is over 100 %")
    return number, percent


def header_unit(header: Any) -> tuple[float, str | None]:
    """(multiplier, currency) that a header's words give its numbers: ``"认缴出资额（万元）"`` is 10,000 CNY.

    >>> header_unit("认缴出资额（万元）"), header_unit("Capital (USD million)"), header_unit("Capital")
    ((10000.0, 'CNY'), (1000000.0, 'USD'), (1.0, None))
    """
    text = str(header).lower()
    multiplier = 1.0
    for pattern, factor in _word_patterns("units"):
        if pattern.search(text):
            multiplier = float(factor)
            break
    return multiplier, _currency_in(text)


@cache
def _word_patterns(section: str) -> list[tuple[re.Pattern, Any]]:
    """The words of a section of registry.yaml (units, currencies) as patterns, in order."""
    return [(re.compile(rf"(?<![a-z]){re.escape(str(word).lower())}(?![a-z])"), value)
            for word, value in _defaults()[section].items()]


def _currency_in(text: str) -> str | None:
    text = text.lower()
    for pattern, code in _word_patterns("currencies"):
        if pattern.search(text):
            return str(code)
    return None


def parse_capital(value: Any, multiplier: float = 1.0) -> tuple[float, str | None]:
    """An amount of money and the currency the cell names, if any (``"700万元"``, ``"1,200.5"``, ``"USD 3m"``).

    >>> parse_capital("700万元"), parse_capital("1,200.5", 10000), parse_capital("USD 3 million")
    ((7000000.0, 'CNY'), (12005000.0, None), (3000000.0, 'USD'))
    """
    if isinstance(value, bool):
        raise BadValue(f"capital {value!r} is not a number")
    if isinstance(value, (int, float)):
        number, currency = float(value), None
        if math.isnan(number) or math.isinf(number):
            raise BadValue(f"capital {value!r} is not a number")
    else:
        text = str(value).strip()
        plain = text.replace(",", "")
        if _PLAIN_NUMBER.fullmatch(plain):  # the usual cell: just a number
            number = float(plain)
            if number < 0:
                raise BadValue(f"capital {number:g} is negative")
            return round(number * multiplier, 4), None
        numbers = _NUMBER.findall(text)
        rest = _NUMBER.sub(" ", text)
        if len(numbers) != 1 or re.search(r"[a-z\u4e00-\u9fff]", rest.lower()) and not (
                _currency_in(rest) or header_unit(rest)[0] != 1.0):
            raise BadValue(f"capital {_text(value)!r} is not a number")
        number = float(numbers[0].replace(",", ""))
        unit, currency = header_unit(rest)
        if unit != 1.0:
            multiplier = unit
    if number < 0:
        raise BadValue(f"capital {number:g} is negative")
    return round(number * multiplier, 4), currency


_DATE_PATTERNS = [
    (re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$"), 3),
    (re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$"), -3),  # day first: 01/06/2020 (as registries outside the US)
    (re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$"), 2),
    (re.compile(r"^(\d{4})\s*年?$"), 1),
]


def parse_date(value: Any) -> str:
    """An ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) from a cell.

    >>> parse_date("2020/6/1"), parse_date("2021年3月"), parse_date(2019.0), parse_date(dt.datetime(2020, 6, 1))
    ('2020-06-01', '2021-03', '2019', '2020-06-01')
    """
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        return value.to_pydatetime().strftime("%Y-%m-%d")
    text = _text(value)
    for pattern, parts in _DATE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        if parts == -3:
            day, month, year = (int(g) for g in m.groups())
        else:
            nums = [int(g) for g in m.groups()]
            year, month, day = (nums + [None, None])[:3]
        try:
            if day is not None:
                return dt.date(year, month, day).isoformat()
            if month is not None:
                return dt.date(year, month, 1).isoformat()[:7]
            if 1800 <= year <= 2200:
                return f"{year:04d}"
        except ValueError:
            break
        break
    raise BadValue(f"date {text!r} is not a date")


def _says_control(value: Any) -> bool:
    text = _text(value).strip().lower()
    return any(text == str(word).lower() for word in _defaults()["control_yes"])


# --------------------------------------------------------------------------------------- entity types

_FUND = re.compile(r"\bfunds?\b|\bcapital partners\b|\bl\.?p\.?$|\blimited partnership\b|基金|合伙企业|有限合伙", re.I)
_GOVERNMENT = re.compile(r"\bgovernment\b|\bcommission\b|\bsasac\b|\bbureau\b|\bministry\b|\bcommittee\b|"
                         r"\bdepartment of\b|\badministration\b|国资委|政府|委员会|财政局|财政厅|管委会|管理局", re.I)
_INSTITUTION = re.compile(r"\buniversity\b|\binstitute\b|\bacademy\b|\blaborator(?:y|ies)\b|大学|研究院|研究所|学院|实验室", re.I)
_CJK_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]{1,4}·[\u4e00-\u9fff]{1,8}$")
_CJK_ORG = re.compile(r"公司|集团|基金|中心|局|委|院|所|厂|行|社|会|部|办|企业|合伙|控股|投资")
INVESTEE_TYPES = ("Firm", "Fund", "Institution")


@cache
def _known_names() -> dict[str, str]:
    """Normalised name -> entity type for the gazetteer's organisations, cities and provinces."""
    from whofunds.graph.resolve import norm

    root = resources.files("whofunds.data.gazetteer")
    known: dict[str, str] = {}
    places = load_yaml(root.joinpath("places.yaml").read_text("utf-8"))
    for key, kind in (("provinces", "Province"), ("cities", "City")):
        for entry in places.get(key) or []:
            for name in [entry.get("name"), *(entry.get("aliases") or [])]:
                if name:
                    known[norm(name)] = kind
    orgs = load_yaml(root.joinpath("organisations.yaml").read_text("utf-8"))
    for entry in orgs.get("organisations") or []:
        for name in [entry.get("name"), *(entry.get("aliases") or [])]:
            if name:
                known[norm(name)] = entry.get("type") or "Firm"
    return known


def guess_type(name: str, stated: Any = None, default: str = "Firm") -> str:
    """The entity type of a name in a table: from a type column's words, the gazetteer, or the name's words.

    >>> guess_type("Borealis Capital Fund"), guess_type("Hefei SASAC"), guess_type("张伟"), guess_type("X", "自然人")
    ('Fund', 'GovernmentBody', 'Person', 'Person')
    """
    return _guess_type(name, None if _blank(stated) else str(stated), default)


@lru_cache(maxsize=65536)
def _guess_type(name: str, stated: str | None, default: str) -> str:
    from whofunds.graph.resolve import norm

    if stated is not None:
        words = stated.lower()
        for word, kind in _defaults()["shareholder_types"].items():
            if str(word).lower() in words:
                return str(kind)
    known = _known_names().get(norm(name))
    if known:
        return known
    if _GOVERNMENT.search(name):
        return "GovernmentBody"
    if _FUND.search(name):
        return "Fund"
    if _INSTITUTION.search(name):
        return "Institution"
    if _CJK_PERSON.match(name) and not _CJK_ORG.search(name):
        return "Person"
    return default


# --------------------------------------------------------------------------------------- reading

@dataclass
class Table:
    """What :func:`read_table` gives: one extraction (None when no row loaded), and the problems."""

    path: str
    extraction: Extraction | None
    rows: int = 0  # data rows seen
    loaded: int = 0  # rows that became a claim
    failures: list[Failure] = field(default_factory=list)  # bad rows, unreadable sheets or file
    warnings: list[str] = field(default_factory=list)


def _frames(path: Path, data: bytes) -> tuple[list[tuple[str | None, Any]], str]:
    """(sheet name or None, header-less DataFrame of cells) for each sheet, and the file's format."""
    import pandas as pd

    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        if not data.startswith(b"PK\x03\x04"):
            raise DocumentError(path, "not an XLSX workbook (no ZIP header); save it as .xlsx or .csv")
        try:
            sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object, engine="openpyxl")
        except Exception as exc:  # noqa: BLE001 -- openpyxl on untrusted bytes fails in many ways, all alike
            raise DocumentError(path, f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from None
        return [(str(name), frame) for name, frame in sheets.items()], "xlsx"
    text, encoding = decode_bytes(data, path)
    if suffix == ".tsv":
        sep = "\t"
    else:
        head = "\n".join(text.lstrip("\ufeff").splitlines()[:HEADER_SEARCH_ROWS + 1])
        counts = {s: head.count(s) for s in (",", ";", "\t", "|")}
        sep = max(counts, key=lambda s: (counts[s], s == ","))
    try:
        frame = _read_delimited(text.lstrip("\ufeff"), sep)
    except Exception as exc:  # noqa: BLE001 -- pandas' parser errors name the line
        raise DocumentError(path, f"not a readable {suffix[1:].upper()} table ({type(exc).__name__}: {exc})") from None
    return [(None, frame)], f"{suffix[1:]} {encoding}"


def _read_delimited(text: str, sep: str):
    """Every line of a CSV/TSV as a row of cells, however many each has: pandas takes the first line's width
    for all, so a title line above the header, or one row with a comma too many, would make the whole table
    unreadable. Lines wider than the first are read again at the widest width (``None`` pads the shorter);
    :func:`_read_rows` then names each row that has more cells than its header."""
    import pandas as pd

    widest = 0

    def wider(fields: list[str]) -> None:
        nonlocal widest
        widest = max(widest, len(fields))
        return None  # pandas drops the line for now; the second read keeps it

    options = dict(sep=sep, header=None, dtype=str, keep_default_na=False, skip_blank_lines=False, engine="python")
    frame = pd.read_csv(io.StringIO(text), on_bad_lines=wider, **options)
    if widest > frame.shape[1]:
        frame = pd.read_csv(io.StringIO(text), names=list(range(widest)), **options)
    return frame


def _header_row(frame, columns: ColumnMap) -> tuple[int, dict[str, Any]] | None:
    """The first row (of the first few) whose cells map to a shareholder or an officer table."""
    for i in range(min(HEADER_SEARCH_ROWS, len(frame))):
        headers = [h for h in frame.iloc[i].tolist() if not _blank(h)]
        found = columns.columns(headers)
        if "company" in found and ("shareholder" in found or "officer" in found):
            return i, found
    return None


@dataclass
class _Builder:
    """Entities (one per name and type) and claims of one table, and the text their sentences make."""

    doc_id: str
    path: str
    entities: dict[str, Entity] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    offset: int = 0
    keys: dict = field(default_factory=dict)

    def entity(self, name: str, kind: str) -> str:
        key = self.keys.get((name, kind))
        if key is None:
            from whofunds.graph.resolve import norm

            key = self.keys[(name, kind)] = f"{kind}:{norm(name) or name}"
        if key not in self.entities:
            self.entities[key] = Entity(key=key, name=name, type=kind)
        return key

    def add(self, sentence: str, source: tuple[str, str], target: tuple[str, str], relation: str, *, sheet, row,
            rule: str, **facts) -> None:
        start = self.offset
        end = start + len(sentence)
        self.lines.append(sentence)
        self.offset = end + 1  # the newline between rows
        keys = []
        for name, kind in (source, target):
            key = self.entity(name, kind)
            at = sentence.find(name)
            if at >= 0:
                self.entities[key].mentions.append((start + at, start + at + len(name)))
            keys.append(key)
        evidence = Evidence(doc_id=self.doc_id, sentence=sentence, start=start, end=end, path=self.path,
                            sheet=sheet, row=row)
        self.claims.append(Claim(source=keys[0], target=keys[1], type=relation, evidence=evidence, confidence=1.0,
                                 status="stated", rule=rule, **facts))


def _fmt_stake(stake: float) -> str:
    return f"{stake:.6g}%"


def _fmt_money(amount: float, currency: str | None) -> str:
    text = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return f"{currency} {text}" if currency else text


def read_table(path: str | os.PathLike, *, columns: ColumnMap | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               source: Mapping[str, Any] | None = None, majority_above: float | None = None) -> Table:
    """Read one registry table into claims (see the module docstring). Never raises for bad input: a file
    or sheet that cannot be used, and every bad row, is a :class:`Failure` naming the file (and sheet and row).

    ``source`` gives the document's ``url``, ``publisher`` and ``date`` (a sidecar's); ``majority_above`` the
    control threshold (default: ``graph/control.yaml``'s).
    """
    path = Path(path)
    columns = columns or ColumnMap()
    table = Table(path=str(path), extraction=None)
    if majority_above is None:
        from whofunds.graph.control import MODEL

        majority_above = MODEL.majority_above
    try:
        data = _read_bytes(path, max_bytes)
        sheets, fmt = _frames(path, data)
    except DocumentError as exc:
        table.failures.append(Failure(exc.path, exc.reason))
        return table
    doc_id = hashlib.sha256(data).hexdigest()[:16]
    builder = _Builder(doc_id=doc_id, path=str(path))
    unusable: list[str] = []
    for sheet, frame in sheets:
        where = f"sheet {sheet!r}, " if sheet is not None else ""
        found = _header_row(frame, columns)
        if found is None:
            seen = [_text(h) for h in (frame.iloc[0].tolist() if len(frame) else []) if not _blank(h)]
            unusable.append(f"{where}no header with a company column and a shareholder or officer column "
                            f"(first row: {', '.join(seen[:8]) or 'empty'}; map yours with --column FIELD=HEADER, "
                            f"fields: {', '.join(FIELDS)})")
            continue
        header_at, cols = found
        _read_rows(table, builder, frame, header_at, cols, sheet, majority_above)
    if not table.loaded:
        reasons = unusable or ["no row could be read"]
        if unusable or not table.failures:
            table.failures.extend(Failure(str(path), r) for r in reasons)
        return table
    table.warnings.extend(f"{path}: {r}" for r in unusable)  # other sheets loaded: a notes sheet is no failure
    source = dict(source or {})
    document = Document(id=doc_id, path=str(path), title=str(source.get("title") or path.name),
                        text="\n".join(builder.lines), encoding=fmt, url=source.get("url"),
                        publisher=source.get("publisher"), date=source.get("date"))
    table.extraction = Extraction(document=document, entities=list(builder.entities.values()), claims=builder.claims)
    return table


def _read_rows(table: Table, builder: _Builder, frame, header_at: int, cols: dict[str, Any], sheet: str | None,
               majority_above: float) -> None:
    header = frame.iloc[header_at].tolist()
    index = {name: header.index(h) for name, h in cols.items()}
    shareholders = "shareholder" in index
    stake_unit_fraction = False
    cells = frame.iloc[header_at + 1:].values.tolist()
    first_row = header_at + 2  # spreadsheet numbering: the header is row header_at + 1
    if shareholders and "stake" in index:
        # Spreadsheets often hold percentages as fractions (0.241 shown as 24.1%): a column of numbers that
        # are all at most 1, none written with "%", is read as fractions.
        numeric = [r[index["stake"]] for r in cells if isinstance(r[index["stake"]], (int, float))
                   and not isinstance(r[index["stake"]], bool) and not _blank(r[index["stake"]])]
        texts = [r[index["stake"]] for r in cells if isinstance(r[index["stake"]], str) and r[index["stake"]].strip()]
        stake_unit_fraction = bool(numeric) and not texts and all(0 <= v <= 1 for v in numeric) \
            and any(0 < v < 1 for v in numeric)
    multiplier, header_currency = header_unit(cols["capital"]) if "capital" in cols else (1.0, None)
    where = f"sheet {sheet!r}, " if sheet is not None else ""
    # A CSV/TSV row with more cells than its header has its cells out of place (a comma inside a name that is
    # not quoted): a bad row. A workbook's cells beside the table (a note in a spare column) are left alone.
    width = sum(1 for h in header if h is not None) if sheet is None else None
    for offset, values in enumerate(cells):
        row = first_row + offset
        if all(_blank(v) for v in values):
            continue
        table.rows += 1
        if width is not None and any(not _blank(v) for v in values[width:]):
            cells_in_row = max(i for i, v in enumerate(values) if not _blank(v)) + 1
            table.failures.append(Failure(table.path, f"{where}row {row}: {cells_in_row} cells where the header has "
                                                      f"{width} (a separator inside a name that is not quoted?)"))
            continue

        def cell(name):
            return values[index[name]] if name in index and index[name] < len(values) else None

        try:
            company = cell("company")
            other = cell("shareholder" if shareholders else "officer")
            if _blank(company):
                raise BadValue(f"no company (column {cols['company']!r} is empty)")
            if _blank(other):
                what = "shareholder" if shareholders else "officer"
                raise BadValue(f"no {what} (column {cols[what]!r} is empty)")
            company, other = _text(company), _text(other)
            date = None if _blank(cell("date")) else parse_date(cell("date"))
            year = int(date[:4]) if date else None
            if shareholders:
                _shareholder_row(builder, company, other, cell, date, year, where, row, sheet, multiplier,
                                 header_currency, stake_unit_fraction, majority_above)
            else:
                role = None if _blank(cell("role")) else _text(cell("role"))
                kind = guess_type(company)
                sentence = f"{other} is {role} of {company}." if role else f"{other} is an officer of {company}."
                if date:
                    sentence = sentence[:-1] + f" (since {date})."
                builder.add(sentence, (other, "Person"), (company, kind), "WORKS_FOR", sheet=sheet, row=row,
                            rule=RULE_OFFICER, date=date, year=year, role=role)
            table.loaded += 1
        except BadValue as exc:
            table.failures.append(Failure(table.path, f"{where}row {row}: {exc}"))


def _shareholder_row(builder, company, holder, cell, date, year, where, row, sheet, multiplier, header_currency,
                     fraction, majority_above) -> None:
    stake = None
    if not _blank(cell("stake")):
        stake, _ = parse_stake(cell("stake"))
        if fraction:
            stake = round(stake * 100, 6)
    amount = currency = None
    if not _blank(cell("capital")):
        amount, currency = parse_capital(cell("capital"), multiplier)
        currency = currency or header_currency
    if not _blank(cell("currency")):
        currency = _currency_in(_text(cell("currency"))) or _text(cell("currency")).upper()
    if amount is None:
        currency = None
    if company.casefold() == holder.casefold():
        raise BadValue(f"{company!r} is listed as its own shareholder")
    stated = not _blank(cell("control")) and _says_control(cell("control"))
    relation = "CONTROLS" if stated or (stake is not None and stake > majority_above) else "INVESTS_IN"
    target_type = guess_type(company)
    if target_type not in INVESTEE_TYPES:
        target_type = "Firm"  # what has shareholders takes capital: a firm unless its name says fund or institute
    holder_type = guess_type(holder, cell("shareholder_type"))
    sentence = f"{holder} holds {_fmt_stake(stake)} of {company}" if stake is not None \
        else f"{holder} is a shareholder of {company}"
    extras = []
    if amount is not None:
        extras.append(f"subscribed capital {_fmt_money(amount, currency)}")
    if date:
        extras.append(f"since {date}")
    if stated:
        extras.append(f"controlling shareholder ({_text(cell('control'))})")
    sentence += ("; " + "; ".join(extras) if extras else "") + "."
    builder.add(sentence, (holder, holder_type), (company, target_type), relation, sheet=sheet, row=row,
                rule=RULE_SHAREHOLDER, stake=stake, amount=amount, currency=currency,
                amount_text=f"{_fmt_money(amount, currency)} subscribed" if amount is not None else None,
                date=date, year=year)
