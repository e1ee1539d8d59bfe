"""Scoring a built graph against an analyst's answer key (the format of ``shared/gold/seeds.yaml``).

Same rules as the project's reference scorer: a node matches a gold entity when one of its names
(name or alias) equals one of the entity's names after :func:`norm`; an edge matches a gold relation
when both ends match and its type is the relation's type or a listed alternative; direction counts;
``optional`` entities and relations are neither rewarded nor punished. Adds per-relation-type
precision, recall and F1.

>>> gold = {"entities": [{"id": "h", "name": "Hefei", "type": "City"}, {"id": "a", "name": "Anhui", "type": "Province"}],
...         "relations": [{"from": "h", "type": "LOCATED_IN", "to": "a"}]}
>>> nodes = [{"id": "c", "name": "Hefei", "type": "City"}, {"id": "p", "name": "Anhui", "type": "Province"}]
>>> links = [{"source": "c", "target": "p", "type": "LOCATED_IN"}]
>>> score(nodes, links, gold)["relations"]["f1"]
1.0
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import yaml


def norm(text) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("\u2019", "'")
    text = re.sub(r"'s\b", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the ", "", text)


def _names(node: dict) -> set[str]:
    names = [node.get("name") or node.get("label") or node.get("id")]
    aliases = node.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a for a in re.split(r"[|;]", aliases) if a.strip()]
    names.extend(aliases)
    return {norm(n) for n in names if n}


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def _node_gold(nodes: list[dict], gold: dict) -> dict[str, set[str]]:
    """For each node id, the ids of the gold entities it matches by name."""
    alias_index: dict[str, set[str]] = defaultdict(set)
    for ent in gold["entities"]:
        for name in [ent["name"], *ent.get("aliases", [])]:
            alias_index[norm(name)].add(ent["id"])
    return {n["id"]: set().union(*[alias_index.get(x, set()) for x in _names(n)]) for n in nodes}


def _unique_relations(gold: dict) -> list[dict]:
    rels, seen = [], set()
    for rel in gold["relations"]:
        key = (rel["from"], rel["type"], rel["to"])
        if key not in seen:
            seen.add(key)
            rels.append(rel)
    return rels


def _link_matches(node_gold: dict[str, set[str]], links: list[dict], rels: list[dict]) -> list[set[int]]:
    """For each link, the indexes of the gold relations it matches (empty: a wrong edge)."""
    out = []
    for link in links:
        src, dst = node_gold.get(link["source"], set()), node_gold.get(link["target"], set())
        ltype = link.get("type") or link.get("label")
        out.append({i for i, rel in enumerate(rels)
                    if ltype in {rel["type"], *rel.get("types", [])} and src & set(rel["from"].split("|"))
                    and dst & set(rel["to"].split("|"))})
    return out


def link_verdicts(nodes: list[dict], links: list[dict], gold: dict) -> list[str]:
    """For each link: "right" (matches a required gold relation), "optional" (matches only optional
    ones, neither rewarded nor punished) or "wrong" -- what per-rule precision is measured from.

    >>> gold = {"entities": [{"id": "h", "name": "Hefei", "type": "City"}, {"id": "a", "name": "Anhui", "type": "Province"}],
    ...         "relations": [{"from": "h", "type": "LOCATED_IN", "to": "a"}]}
    >>> nodes = [{"id": "c", "name": "Hefei"}, {"id": "p", "name": "Anhui"}]
    >>> link_verdicts(nodes, [{"source": "c", "target": "p", "type": "LOCATED_IN"},
    ...                       {"source": "p", "target": "c", "type": "LOCATED_IN"}], gold)
    ['right', 'wrong']
    """
    rels = _unique_relations(gold)
    out = []
    for hits in _link_matches(_node_gold(nodes, gold), links, rels):
        if not hits:
            out.append("wrong")
        else:
            out.append("right" if any(not rels[i].get("optional") for i in hits) else "optional")
    return out


def score(nodes: list[dict], links: list[dict], gold: dict) -> dict:
    """Entity and relation scores (overall and per relation type) of a graph against ``gold``."""
    gold_by_id = {ent["id"]: ent for ent in gold["entities"]}
    node_gold = _node_gold(nodes, gold)

    found = set().union(*node_gold.values()) if node_gold else set()
    required = {e["id"] for e in gold["entities"] if not e.get("optional")}
    spurious = [n for n in nodes if not node_gold[n["id"]]]
    matched_nodes = [n for n in nodes if node_gold[n["id"]]]
    typed_ok = sum(1 for n in matched_nodes if any(gold_by_id[g]["type"] == n.get("type") for g in node_gold[n["id"]]))

    rels = _unique_relations(gold)
    matched, wrong = set(), []
    wrong_by_type: dict[str, int] = defaultdict(int)
    for link, hits in zip(links, _link_matches(node_gold, links, rels)):
        matched.update(hits)
        if not hits:
            wrong.append(link)
            wrong_by_type[link.get("type") or link.get("label")] += 1
    required_rels = [i for i, r in enumerate(rels) if not r.get("optional")]
    tp = sum(1 for i in required_rels if i in matched)
    missed = [rels[i] for i in required_rels if i not in matched]

    per_type = {}
    for rtype in sorted({rels[i]["type"] for i in required_rels} | set(wrong_by_type)):
        idx = [i for i in required_rels if rels[i]["type"] == rtype]
        t = sum(1 for i in idx if i in matched)
        per_type[rtype] = prf(t, wrong_by_type.get(rtype, 0), len(idx) - t)

    name_of = {n["id"]: n.get("name", n["id"]) for n in nodes}
    return {
        "entities": prf(len(required & found), len(spurious), len(required - found)),
        "entity_type_accuracy": typed_ok / len(matched_nodes) if matched_nodes else 0.0,
        "relations": prf(tp, len(wrong), len(missed)),
        "relations_by_type": per_type,
        "counts": {"graph_nodes": len(nodes), "graph_edges": len(links), "gold_entities": len(required),
                   "gold_relations": len(required_rels)},
        "missed_entities": sorted(gold_by_id[g]["name"] for g in required - found),
        "spurious_entities": [n.get("name", n["id"]) for n in spurious],
        "missed_relations": [f'{r["from"]} -{r["type"]}-> {r["to"]}' for r in missed],
        "wrong_relations": [f'{name_of.get(l["source"], l["source"])} -{l.get("type")}-> '
                            f'{name_of.get(l["target"], l["target"])}' for l in wrong],
    }


def score_files(graph_path: str | Path, gold_path: str | Path) -> dict:
    """Score a ``graph.json`` against a gold YAML file; errors name the file and the reason."""
    try:
        data = json.loads(Path(graph_path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{graph_path}: cannot read graph ({exc})") from None
    try:
        gold = yaml.safe_load(Path(gold_path).read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{gold_path}: cannot read answer key ({exc})") from None
    if not isinstance(gold, dict) or "entities" not in gold or "relations" not in gold:
        raise ValueError(f"{gold_path}: not an answer key (needs 'entities' and 'relations')")
    return score(data["nodes"], data.get("links", data.get("edges", [])), gold)
