"""FollowTheMoney entity files in: companies, public bodies, people and their ownerships, controls and posts as
entities and claims, read with the ``followthemoney`` library's model.

An entity file (``.ftm.json``, ``.ftm.jsonl``, ``.ijson``: one entity per line, as FtM tools write them, or a
JSON list) from Aleph, OpenSanctions or ``whofunds export ftm``. Legal entities become entities: the type
``classification`` names when it is a whofunds type (a whofunds export), else by schema and name
(``Company`` a Firm or a Fund, ``PublicBody`` a GovernmentBody, ``Person`` a Person, ``Organization`` a Firm
or an Institution). Intervals become claims: an interval whose ``role`` is a whofunds relation's label
("invests in") is that relation; otherwise ``Ownership`` is ``INVESTS_IN``, or ``CONTROLS`` above the control
model's majority; ``Control`` is ``CONTROLS``; ``Directorship``, ``Employment`` and a person's ``Membership``
are ``WORKS_FOR``. Stakes come from ``percentage``, amounts from ``sharesValue``/``sharesCurrency``, dates from
``startDate``/``date``; the evidence is the interval's ``description`` (else its ``summary``, else the claim in
words) and its document the interval's ``proof``, kept with its id, path and source when it is a whofunds
export (``recordId`` ``wf:DOC:START-END``). A claim whose ends the schema does not allow (a public body as an
asset) is left out and counted in a warning. A line that is not an entity is a failure naming its line.

>>> import json, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.ftm.json"
>>> rows = [{"id": "a", "schema": "Company", "properties": {"name": ["Acme Widgets"]}},
...         {"id": "b", "schema": "PublicBody", "properties": {"name": ["Greyhaven SASAC"]}},
...         {"id": "o", "schema": "Ownership", "properties": {"owner": ["b"], "asset": ["a"], "percentage": ["75"]}}]
>>> _ = p.write_text("\\n".join(json.dumps(r) for r in rows))
>>> result = read_ftm(p)
>>> [(c.type, c.stake) for ex in result.extractions for c in ex.claims]
[('CONTROLS', 75.0)]
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from whofunds.graph.ftm import EDGE_PROPERTIES, RECORD_ID
from whofunds.graph.records import Claim, Document, Entity, Evidence, Extraction
from whofunds.graph.schema import SCHEMA
from whofunds.loaders.documents import DEFAULT_MAX_BYTES, DocumentError, Failure, _read_bytes, decode_bytes

LEGAL_ENTITIES = {"Company": "Firm", "PublicBody": "GovernmentBody", "Person": "Person", "Organization": "Firm",
                  "LegalEntity": "Firm"}
DOCUMENT_SCHEMATA = ("Document",)  # and every schema that extends it (Article, Pages, Table, ...)


@dataclass
class FtmFile:
    """What :func:`read_ftm` gives."""

    path: str
    extractions: list[Extraction] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _records(text: str) -> list[tuple[int, Any]]:
    """(line number, parsed value) for each entity: a JSON list, or one JSON object per line."""
    stripped = text.lstrip("\ufeff").strip()
    if stripped.startswith("["):
        return [(0, item) for item in json.loads(stripped)]
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            try:
                out.append((number, json.loads(line)))
            except json.JSONDecodeError as exc:
                out.append((number, exc))
    return out


def _type_of(proxy) -> str | None:
    """The whofunds entity type of an FtM legal entity (None: not one whofunds keeps)."""
    from whofunds.loaders.registry import guess_type

    for value in proxy.get("classification", quiet=True):
        if value in SCHEMA.entities:
            return value
    for schema, kind in LEGAL_ENTITIES.items():
        if proxy.schema.is_a(schema):
            if kind in ("Firm",):
                topics = set(proxy.get("topics", quiet=True))
                if "fin.fund" in topics:
                    return "Fund"
                return guess_type(proxy.caption, default="Firm") if proxy.schema.name != "Person" else "Person"
            return kind
    return None


def _relation(proxy, majority_above: float) -> str | None:
    labels = {SCHEMA.relations[r].label: r for r in SCHEMA.relation_types}
    for role in proxy.get("role", quiet=True):
        if role in labels:
            return labels[role]
    name = proxy.schema.name
    if name == "Ownership":
        stake = _float(proxy.first("percentage", quiet=True))
        return "CONTROLS" if stake is not None and stake > majority_above else "INVESTS_IN"
    if name == "Control":
        return "CONTROLS"
    if name in ("Directorship", "Employment", "Membership"):
        return "WORKS_FOR"
    return None


def _float(value) -> float | None:
    if value is None:
        return None
    try:
        number = float(str(value).replace("%", "").replace(",", "").strip())
    except ValueError:
        return None
    return number


def read_ftm(path: str | os.PathLike, *, max_bytes: int = DEFAULT_MAX_BYTES,
             source: Mapping[str, Any] | None = None, majority_above: float | None = None) -> FtmFile:
    """Read one FtM entity file (see the module docstring); never raises for bad input."""
    from followthemoney import model

    path = Path(path)
    result = FtmFile(path=str(path))
    if majority_above is None:
        from whofunds.graph.control import MODEL

        majority_above = MODEL.majority_above
    try:
        data = _read_bytes(path, max_bytes)
        text, _ = decode_bytes(data, path)
        records = _records(text)
    except DocumentError as exc:
        result.failures.append(Failure(exc.path, exc.reason))
        return result
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        result.failures.append(Failure(str(path), f"not FollowTheMoney entities (not JSON: {exc})"))
        return result
    proxies = {}
    for number, item in records:
        where = f"line {number}: " if number else ""
        if isinstance(item, Exception):
            result.failures.append(Failure(str(path), f"{where}not JSON ({item})"))
            continue
        if isinstance(item, dict) and "nodes" in item and ("links" in item or "edges" in item):
            result.failures.append(Failure(str(path), "a node-link graph (graph.json), not FollowTheMoney entities: "
                                                      "read it with whofunds.read_graph or export it with "
                                                      "`whofunds export ftm`"))
            return result
        try:
            proxy = model.get_proxy(item, cleaned=False)  # untrusted: every value is cleaned by its type
        except Exception as exc:  # noqa: BLE001 -- the library's errors for a bad entity vary by kind
            result.failures.append(Failure(str(path), f"{where}not a FollowTheMoney entity ({type(exc).__name__}: {exc})"))
            continue
        if not proxy.id:
            result.failures.append(Failure(str(path), f"{where}a FollowTheMoney entity without an id"))
            continue
        proxies[proxy.id] = proxy
    file_id = hashlib.sha256(data).hexdigest()[:16]
    source = dict(source or {})
    entities: dict[str, Entity] = {}
    for pid, proxy in proxies.items():
        if proxy.schema.edge or proxy.schema.is_a("Document") or proxy.schema.is_a("Interval"):
            continue
        kind = _type_of(proxy)
        if kind is None or not proxy.caption:
            continue
        names = [n for n in proxy.get("name", quiet=True) if n]
        name = names[0] if names else proxy.caption
        city = proxy.first("address", quiet=True) if kind in ("GovernmentBody", "Person") and proxy.get("classification", quiet=True) else None
        entities[pid] = Entity(key=pid, name=name, type=kind, aliases=sorted(set(names[1:] + proxy.get("alias", quiet=True))),
                               city=city)
    documents: dict[str, Document] = {}
    for pid, proxy in proxies.items():
        if proxy.schema.is_a("Document"):
            doc_id = pid[len("wf-doc-"):] if pid.startswith("wf-doc-") else hashlib.sha256(pid.encode()).hexdigest()[:16]
            documents[pid] = Document(id=doc_id, path=proxy.first("fileName", quiet=True) or f"{path}#{pid}",
                                      title=proxy.first("title", quiet=True) or proxy.first("fileName", quiet=True) or pid, text="",
                                      encoding=proxy.first("encoding", quiet=True) or "ftm", url=proxy.first("sourceUrl", quiet=True),
                                      publisher=proxy.first("publisher", quiet=True), date=proxy.first("publishedAt", quiet=True))
    file_doc = Document(id=file_id, path=str(path), title=str(source.get("title") or path.name), text="",
                        encoding="ftm", url=source.get("url"), publisher=source.get("publisher"),
                        date=source.get("date"))
    claims: dict[str, list[Claim]] = {}
    lines: dict[str, list[str]] = {}
    skipped: dict[str, int] = {}
    for pid, proxy in proxies.items():
        if proxy.schema.name not in EDGE_PROPERTIES:
            continue
        relation = _relation(proxy, majority_above)
        src_prop, dst_prop = EDGE_PROPERTIES[proxy.schema.name]
        u, v = proxy.first(src_prop, quiet=True), proxy.first(dst_prop, quiet=True)
        if relation is None or u not in entities or v not in entities:
            skipped[proxy.schema.name] = skipped.get(proxy.schema.name, 0) + 1
            continue
        if not SCHEMA.relation(relation).allows(entities[u].type, entities[v].type):
            skipped[f"{proxy.schema.name} ({relation} {entities[u].type} -> {entities[v].type})"] = \
                skipped.get(f"{proxy.schema.name} ({relation} {entities[u].type} -> {entities[v].type})", 0) + 1
            continue
        proof = proxy.first("proof", quiet=True)
        doc = documents.get(proof, file_doc)
        label = SCHEMA.relation(relation).label
        sentence = proxy.first("description", quiet=True) or proxy.first("summary", quiet=True) or \
            f"{entities[u].name} {label} {entities[v].name}."
        record = RECORD_ID.match(proxy.first("recordId", quiet=True) or "")
        if record and record.group("doc") == doc.id:
            start, end = int(record.group("start")), int(record.group("end"))
            row = int(record.group("row")) if record.group("row") else None
            sheet = record.group("sheet")
        else:
            doc_lines = lines.setdefault(doc.id, [])
            start = sum(len(line) + 1 for line in doc_lines)
            end = start + len(sentence)
            doc_lines.append(sentence)
            row = sheet = None
        date = proxy.first("startDate", quiet=True) or proxy.first("date", quiet=True)
        year = int(date[:4]) if date and date[:4].isdigit() else None
        amount = _float(proxy.first("sharesValue", quiet=True))
        claims.setdefault(doc.id, []).append(Claim(
            source=u, target=v, type=relation,
            evidence=Evidence(doc_id=doc.id, sentence=sentence, start=start, end=end, path=doc.path, sheet=sheet,
                              row=row),
            confidence=1.0, status="announced" if proxy.first("status", quiet=True) == "announced" else "stated",
            rule=f"ftm:{proxy.schema.name}", amount=amount,
            currency=proxy.first("sharesCurrency", quiet=True) if amount is not None else None,
            stake=_float(proxy.first("percentage", quiet=True)), year=year,
            date=date if date and len(date) > 4 else None,
            role=proxy.first("role", quiet=True) if relation == "WORKS_FOR" else None))
    if skipped:
        result.warnings.append(f"{path}: left out {sum(skipped.values())} relation(s) whofunds cannot hold "
                               f"({'; '.join(f'{k}: {n}' for k, n in sorted(skipped.items()))})")
    by_id = {d.id: d for d in documents.values()}
    by_id[file_doc.id] = file_doc
    for doc_id, doc_claims in claims.items():
        doc = by_id[doc_id]
        if lines.get(doc_id):
            doc = Document(**{**doc.to_dict(), "text": "\n".join(lines[doc_id])})
        keys = {k for c in doc_claims for k in (c.source, c.target)}
        result.extractions.append(Extraction(document=doc, entities=[entities[k] for k in sorted(keys)],
                                             claims=doc_claims))
    if file_id not in claims and entities:
        # the entities themselves (those no claim names too): the file is their document
        result.extractions.append(Extraction(document=file_doc, entities=list(entities.values()), claims=[]))
    elif entities:
        ex = next(e for e in result.extractions if e.document.id == file_id)
        named = {e.key for e in ex.entities}
        ex.entities.extend(e for k, e in entities.items() if k not in named)
    if not result.extractions and not result.failures:
        result.failures.append(Failure(str(path), "no FollowTheMoney entity whofunds can use (companies, public "
                                                  "bodies, organisations, people)"))
    return result
