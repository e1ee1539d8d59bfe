"""FollowTheMoney out: a whofunds graph as FtM entities (Aleph, OpenSanctions, ``ftm`` tools), with the
``followthemoney`` library's own model.

What becomes what (docs/ftm.md has the table for analysts):

* entities: Firm and Fund -> ``Company``; GovernmentBody and the places that act in money (City, Province,
  District, Country) -> ``PublicBody``; Institution -> ``Organization``; Person -> ``Person``. Each keeps its
  name, its aliases (``alias``), its whofunds type (``classification``, so a round trip gives it back) and an
  FtM topic where one fits (``fin.fund``, ``gov``, ``gov.muni``, ``gov.state``, ``gov.national``); a
  government body's or post's ``city`` is its ``address``.
* every piece of evidence of an edge -> one interval entity, so each statement keeps its own source:
  ``INVESTS_IN``, ``CONTROLS`` with a stake and ``FOUNDED`` with capital -> ``Ownership`` (``percentage``,
  ``sharesValue``, ``sharesCurrency``) when the target is a company; other ``CONTROLS`` -> ``Control``;
  ``WORKS_FOR`` -> ``Directorship`` (a registry's officer table) or ``Employment``; ``LOCATED_IN``,
  ``SUPPLIES``, ``FOUNDED`` without capital, and funding of an institution -> ``UnknownLink``. ``role`` is the
  relation's label ("invests in"), ``description`` the evidence sentence, ``summary`` the claim in words,
  ``date``/``startDate`` the stated year or date, ``status`` stated or announced, ``recordId`` where the
  sentence is (``wf:DOC:START-END``, a table's row and sheet), ``sourceUrl``/``publisher`` the document's
  source, and ``proof`` the document.
* documents cited -> ``Document`` (``fileName`` is the path, ``title``, ``sourceUrl``, ``publisher``,
  ``publishedAt``, ``encoding``).

FtM has no place for industries, so Industry nodes and their edges (``CHAIN_BOSS_OF``, ``CHAIN_LEADER_OF``,
``TARGETS_INDUSTRY``) are left out, and counted (:class:`FtmExport`); nor for an extraction rule, a confidence
or an amount's original words.

>>> import networkx as nx
>>> G = nx.MultiDiGraph(documents=[{"id": "d1", "path": "a.txt", "title": "A"}])
>>> G.add_node("fund:x", name="X Fund", type="Fund", aliases=[]); G.add_node("firm:y", name="Y", type="Firm", aliases=[])
>>> _ = G.add_edge("fund:x", "firm:y", key="INVESTS_IN", type="INVESTS_IN", evidence=[
...     {"doc_id": "d1", "sentence": "X Fund holds 20% of Y.", "start": 0, "end": 22, "stake": 20.0, "status": "stated"}])
>>> export = ftm_export(G)
>>> [(e.schema.name, e.first("percentage")) for e in export.entities if e.schema.edge]
[('Ownership', '20')]
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterator

import networkx as nx

from whofunds.graph.schema import SCHEMA

ENTITY_SCHEMATA = {"Firm": "Company", "Fund": "Company", "GovernmentBody": "PublicBody", "Institution": "Organization",
                   "Person": "Person", "City": "PublicBody", "Province": "PublicBody", "District": "PublicBody",
                   "Country": "PublicBody"}
TOPICS = {"Fund": "fin.fund", "GovernmentBody": "gov", "City": "gov.muni", "District": "gov.muni",
          "Province": "gov.state", "Country": "gov.national"}
FUNDING = ("INVESTS_IN", "CONTROLS", "FOUNDED")
# interval schema -> (property of the source, property of the target)
EDGE_PROPERTIES = {"Ownership": ("owner", "asset"), "Control": ("controller", "controlled"),
                   "Directorship": ("director", "organization"), "Employment": ("employee", "employer"),
                   "UnknownLink": ("subject", "object"), "Membership": ("member", "organization")}
RECORD_ID = re.compile(r"^wf:(?P<doc>[^:]+):(?P<start>\d+)-(?P<end>\d+)(?::r(?P<row>\d+))?(?::s(?P<sheet>.*))?$")
_ID_OK = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.\-]*[0-9a-zA-Z])?$")


def entity_id(node: Any) -> str:
    """An FtM id for a node: readable where the node id allows (``firm:nio`` -> ``wf-firm-nio``), else a hash.

    >>> entity_id("firm:nio"), entity_id("person:张伟")
    ('wf-firm-nio', 'wf-n-d9a5721050c70d92d164')
    """
    readable = "wf-" + re.sub(r"[^0-9a-zA-Z.\-]+", "-", str(node)).strip("-.")
    if _ID_OK.match(readable) and readable.replace("wf-", "", 1).replace("-", ":", 1) == str(node):
        return readable
    return "wf-n-" + hashlib.sha1(str(node).encode("utf-8")).hexdigest()[:20]


def document_id(doc_id: Any) -> str:
    return entity_id(f"doc:{doc_id}")


@dataclass
class FtmExport:
    """FtM entities (``followthemoney`` proxies) and what could not go in."""

    entities: list = field(default_factory=list)
    left_out_nodes: dict[str, int] = field(default_factory=dict)  # entity type -> count
    left_out_edges: dict[str, int] = field(default_factory=dict)  # relation type -> count

    def lines(self) -> Iterator[str]:
        """One JSON object per line, as FtM tools read and write them (``.ftm.json``)."""
        for proxy in self.entities:
            yield json.dumps(proxy.to_dict(), ensure_ascii=False, sort_keys=True)


def _number(value) -> str | None:
    if value is None:
        return None
    value = float(value)
    return f"{value:.6f}".rstrip("0").rstrip(".")


def interval_schema(relation: str, target_schema: str, ev: dict, rule: str | None = None) -> str:
    """The FtM interval schema for one piece of evidence of an edge (see the module docstring)."""
    if relation in FUNDING and target_schema == "Company":
        if relation == "INVESTS_IN" or ev.get("stake") is not None or (relation == "FOUNDED" and ev.get("amount")):
            return "Ownership"
    if relation == "CONTROLS":
        return "Control"
    if relation == "WORKS_FOR":
        return "Directorship" if str(rule or ev.get("rule") or "").startswith("registry:") else "Employment"
    return "UnknownLink"


def ftm_export(G: nx.MultiDiGraph) -> FtmExport:
    """``G`` as FtM entities: documents, then nodes, then one interval entity per piece of evidence."""
    from followthemoney import model

    out = FtmExport()
    names = {n: str(a.get("name") or n) for n, a in G.nodes(data=True)}
    schemata: dict[Any, str] = {}
    nodes = []
    for node, attrs in sorted(G.nodes(data=True), key=lambda x: str(x[0])):
        kind = attrs.get("type")
        schema = ENTITY_SCHEMATA.get(kind)
        if schema is None:
            out.left_out_nodes[str(kind)] = out.left_out_nodes.get(str(kind), 0) + 1
            continue
        proxy = model.make_entity(schema)
        proxy.id = entity_id(node)
        proxy.add("name", names[node])
        proxy.add("alias", [a for a in attrs.get("aliases") or [] if a != names[node]])
        proxy.add("classification", kind)
        if kind in TOPICS:
            proxy.add("topics", TOPICS[kind])
        city = attrs.get("city")
        if city:
            proxy.add("address", names.get(city, str(city)))
        schemata[node] = schema
        nodes.append(proxy)
    documents = {d.get("id"): d for d in G.graph.get("documents") or [] if isinstance(d, dict)}
    cited: dict[str, Any] = {}
    intervals = []
    for u, v, key, attrs in sorted(G.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))):
        relation = str(attrs.get("type", key))
        if u not in schemata or v not in schemata:
            out.left_out_edges[relation] = out.left_out_edges.get(relation, 0) + 1
            continue
        label = SCHEMA.relations[relation].label if relation in SCHEMA.relations else relation.lower()
        for ev in attrs.get("evidence") or [{}]:
            schema = interval_schema(relation, schemata[v], ev)
            if schema == "Employment" and schemata[u] != "Person":
                schema = "UnknownLink"
            proxy = model.make_entity(schema)
            record = f"wf:{ev.get('doc_id')}:{ev.get('start', 0)}-{ev.get('end', 0)}"
            if ev.get("row") is not None:
                record += f":r{ev['row']}"
            if ev.get("sheet") is not None:
                record += f":s{ev['sheet']}"
            proxy.id = "wf-r-" + hashlib.sha1(f"{u}|{relation}|{v}|{record}".encode("utf-8")).hexdigest()[:24]
            src, dst = EDGE_PROPERTIES[schema]
            proxy.add(src, entity_id(u))
            proxy.add(dst, entity_id(v))
            if schema in ("Ownership", "Control", "UnknownLink"):
                proxy.add("role", label)
            elif ev.get("role"):
                proxy.add("role", ev["role"])
            if schema == "Ownership":
                proxy.add("percentage", _number(ev.get("stake")))
                proxy.add("sharesValue", _number(ev.get("amount")))
                proxy.add("sharesCurrency", ev.get("currency") if ev.get("amount") is not None else None)
            if ev.get("date"):
                proxy.add("startDate", ev["date"])
            elif ev.get("year"):
                proxy.add("date", str(ev["year"]))
            proxy.add("status", ev.get("status"))
            proxy.add("description", ev.get("sentence"))
            proxy.add("summary", f"{names[u]} {label} {names[v]}")
            proxy.add("recordId", record)
            doc = documents.get(ev.get("doc_id")) or {}
            proxy.add("sourceUrl", ev.get("url") or doc.get("url"))
            proxy.add("publisher", doc.get("publisher"))
            if ev.get("doc_id") is not None:
                proxy.add("proof", document_id(ev["doc_id"]))
                cited[ev["doc_id"]] = doc or {"id": ev["doc_id"], "path": ev.get("path")}
            intervals.append(proxy)
    for doc_id, doc in sorted(cited.items(), key=lambda x: str(x[0])):
        proxy = model.make_entity("Document")
        proxy.id = document_id(doc_id)
        proxy.add("fileName", doc.get("path") or str(doc_id))
        proxy.add("title", doc.get("title"))
        proxy.add("sourceUrl", doc.get("url"))
        proxy.add("publisher", doc.get("publisher"))
        proxy.add("publishedAt", doc.get("date"))
        proxy.add("encoding", doc.get("encoding"))
        out.entities.append(proxy)
    out.entities.extend(nodes)
    out.entities.extend(intervals)
    return out


def write_ftm(G: nx.MultiDiGraph, path: str | os.PathLike) -> FtmExport:
    """Write ``G`` as line-delimited FtM entities (``.ftm.json``), atomically; return what was written."""
    from whofunds.graph.io import atomic_write_text

    export = ftm_export(G)
    atomic_write_text(path, "".join(line + "\n" for line in export.lines()))
    return export
