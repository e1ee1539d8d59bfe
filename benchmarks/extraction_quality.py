"""Extraction quality on every annotated set: precision and recall per set, per relation type and per rule.

    .venv/bin/python benchmarks/extraction_quality.py                 # development sets
    .venv/bin/python benchmarks/extraction_quality.py --heldout       # also the held-out sets
    .venv/bin/python benchmarks/extraction_quality.py --sets dev --errors
    .venv/bin/python benchmarks/extraction_quality.py --write-precision   # development sets only

Sets, each a folder of documents with an answer key in the format of ``../shared/gold/seeds.yaml``:

  sample           data/sample (the project's sample corpus)
  set-a .. set-e   data/eval/set-* (written for the project; see data/eval/README.md)
  seeds            ../shared/corpus/seeds (the articles the rules were first written against)
  dev              ../shared/corpus/dev d01-d06 (realistic reporting: develop on these)
  dev-heldout      ../shared/corpus/dev d07-d08 (scored only at the end of a round)

Held-out sets (``dev-heldout``, and any set whose data/eval README row says "held out") are left out
unless ``--heldout`` is given, so that a development loop never looks at them by accident.

Per rule: how many edges the rule contributed evidence to, and how many of those edges match a
required relation of the key ("right"), only optional ones, or none ("wrong"). ``--write-precision``
stores each rule's measured precision over all sets (held-out included only with ``--heldout``) in
``loaders/extract/rule_precision.yaml``, which the extractor reads as the confidence of the edges a
rule makes: confidence is measured, not set by hand.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
RESULTS = ROOT / "benchmarks" / "results"
PRECISION_FILE = ROOT / "loaders" / "extract" / "rule_precision.yaml"
MIN_SUPPORT = 3  # a rule's precision is written only when it made at least this many judged edges
HELD_OUT = {"set-e", "set-l", "set-m", "set-p", "set-r", "set-s", "set-u"}  # written to be scored only at the end of a round


def discover_sets(heldout: bool) -> dict[str, tuple[list[Path], dict]]:
    """Set name -> (document paths, answer key), for every annotated set present on this machine."""
    sets: dict[str, tuple[list[Path], dict]] = {}

    def add(name: str, docs: list[Path], key: Path, only_docs: set[str] | None = None):
        gold = yaml.safe_load(key.read_text("utf-8"))
        if only_docs is not None:
            gold = subset_key(gold, only_docs, docs)
        sets[name] = (docs, gold)

    add("sample", sorted((ROOT / "data" / "sample").glob("*.txt")), ROOT / "data" / "sample" / "expected.yaml")
    readme = (ROOT / "data" / "eval" / "README.md").read_text("utf-8")
    for folder in sorted((ROOT / "data" / "eval").glob("set-*")):
        row = next((line for line in readme.splitlines() if f"`{folder.name}`" in line), "")
        if ("held out" in row or folder.name in HELD_OUT) and not heldout:
            continue
        if not (folder / "expected.yaml").is_file():
            continue
        add(folder.name, sorted((folder / "docs").glob("*.txt")), folder / "expected.yaml")
    if (SHARED / "corpus" / "seeds").is_dir():
        add("seeds", sorted((SHARED / "corpus" / "seeds").glob("*.txt")), SHARED / "gold" / "seeds.yaml")
    dev = SHARED / "corpus" / "dev"
    if dev.is_dir():
        docs = sorted(dev.glob("*.txt"))
        development = {"d01", "d02", "d03", "d04", "d05", "d06"}
        add("dev", [d for d in docs if d.stem in development], SHARED / "gold" / "dev.yaml", development)
        if heldout:
            rest = {d.stem for d in docs} - development
            add("dev-heldout", [d for d in docs if d.stem in rest], SHARED / "gold" / "dev.yaml", rest)
    return sets


def subset_key(gold: dict, doc_ids: set[str], docs: list[Path]) -> dict:
    """The part of a key that concerns some of its documents: their relations, and the entities
    named in their text (a key lists entities without their documents)."""
    from whofunds.graph.evaluate import norm

    text = " " + norm(" ".join(p.read_text("utf-8") for p in docs)) + " "
    relations = [r for r in gold["relations"] if r.get("doc") in doc_ids]
    ends = {e for r in relations for side in ("from", "to") for e in r[side].split("|")}
    entities = [e for e in gold["entities"] if e["id"] in ends
                or any(f" {norm(n)} " in text for n in [e["name"], *e.get("aliases", [])])]
    return {**gold, "entities": entities, "relations": relations}


def graph_rows(G) -> tuple[list[dict], list[dict]]:
    nodes = [{"id": n, **d} for n, d in G.nodes(data=True)]
    links = [{"source": u, "target": v, **d} for u, v, d in G.edges(data=True)]
    return nodes, links


def measure(sets: dict[str, tuple[list[Path], dict]]) -> dict:
    from whofunds.graph.evaluate import link_verdicts, score
    from whofunds.pipeline import build

    out: dict = {"sets": {}, "rules": defaultdict(lambda: defaultdict(int))}
    for name, (docs, gold) in sets.items():
        with tempfile.TemporaryDirectory() as tmp:
            # one folder per set, so the build reads exactly these documents
            folder = Path(tmp)
            for p in docs:
                (folder / p.name).symlink_to(p)
            report = build([folder], None, use_cache=False, write_map=False, n_process=1)
        if report.failures:
            # a measurement over documents that failed to extract would be a wrong number: stop, naming them
            raise SystemExit(f"{name}: {len(report.failures)} document(s) could not be extracted: "
                             + "; ".join(str(f) for f in report.failures[:3]))
        nodes, links = graph_rows(report.graph)
        result = score(nodes, links, gold)
        names = {n["id"]: n.get("name", n["id"]) for n in nodes}
        result["explained_wrong"] = [
            f'{names[l["source"]]} -{l["type"]}-> {names[l["target"]]}  [{ev.get("rule")}] {ev.get("sentence", "")[:160]}'
            for l, v in zip(links, link_verdicts(nodes, links, gold)) if v == "wrong" for ev in l["evidence"][:1]]
        for link, verdict in zip(links, link_verdicts(nodes, links, gold)):
            for rule in sorted({ev.get("rule") or "?" for ev in link.get("evidence", [])}):
                counts = out["rules"][(link["type"], rule)]
                counts[verdict] += 1
                counts["sets:" + name] += 1
        out["sets"][name] = result
    return out


def per_type(results: dict) -> dict[str, dict[str, int]]:
    total: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for result in results.values():
        for rtype, figures in result["relations_by_type"].items():
            for k in ("tp", "fp", "fn"):
                total[rtype][k] += figures[k]
    return total


def rule_precision(counts: dict) -> float | None:
    judged = counts.get("right", 0) + counts.get("wrong", 0)
    return counts.get("right", 0) / judged if judged else None


def print_report(measured: dict, errors: bool) -> None:
    print(f"{'set':<12} {'rel P':>6} {'rel R':>6} {'rel F1':>6} {'ent F1':>6}  edges gold")
    for name, r in measured["sets"].items():
        rel, ent = r["relations"], r["entities"]
        print(f"{name:<12} {rel['precision']:6.2f} {rel['recall']:6.2f} {rel['f1']:6.3f} {ent['f1']:6.3f}  "
              f"{r['counts']['graph_edges']:5} {r['counts']['gold_relations']:4}")
    print()
    print(f"{'relation type':<18} {'tp':>4} {'fp':>4} {'fn':>4} {'P':>5} {'R':>5}")
    for rtype, c in sorted(per_type(measured["sets"]).items()):
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        print(f"{rtype:<18} {c['tp']:4} {c['fp']:4} {c['fn']:4} {p:5.2f} {r:5.2f}")
    print()
    print(f"{'rule':<46} {'edges':>5} {'right':>5} {'wrong':>5} {'opt':>4} {'P':>5}")
    for (rtype, rule), c in sorted(measured["rules"].items(), key=lambda kv: (kv[0][0], -sum(
            kv[1][v] for v in ("right", "wrong", "optional")))):
        n = c.get("right", 0) + c.get("wrong", 0) + c.get("optional", 0)
        p = rule_precision(c)
        print(f"{rtype[:12] + ' ' + rule:<46} {n:5} {c.get('right', 0):5} {c.get('wrong', 0):5} "
              f"{c.get('optional', 0):4} {'' if p is None else f'{p:5.2f}':>5}")
    if errors:
        for name, r in measured["sets"].items():
            print(f"\n== {name}")
            for key in ("missed_relations", "missed_entities", "spurious_entities"):
                print(f"{key}: " + "; ".join(r[key]))
            print("wrong relations:")
            for line in r["explained_wrong"]:
                print("  " + line)


def write_precision(measured: dict) -> None:
    table = {}
    for (rtype, rule), c in sorted(measured["rules"].items()):
        judged = c.get("right", 0) + c.get("wrong", 0)
        if judged >= MIN_SUPPORT:
            table.setdefault(rtype, {})[rule] = round(c.get("right", 0) / judged, 2)
    header = ("# Measured precision of each extraction rule (share of the edges it made that an answer key\n"
              "# confirms), written by benchmarks/extraction_quality.py --write-precision over the annotated\n"
              f"# sets; rules with fewer than {MIN_SUPPORT} judged edges are absent and get the frame's default.\n")
    PRECISION_FILE.write_text(header + yaml.safe_dump(table, sort_keys=True, allow_unicode=True), "utf-8")
    print(f"wrote {PRECISION_FILE.relative_to(ROOT)}")


def miss_kinds(sets: dict[str, tuple[list[Path], dict]], measured: dict) -> dict[str, Counter]:
    """The missed relations of each set counted by kind, without showing a word of the texts (so held-out sets
    can be diagnosed without being read): relation type x whether some sentence names both ends ("same") or
    none does ("cross") x whether an end is a missed entity ("entity-missed") or both were found."""
    out: dict[str, Counter] = {}
    for name, (docs, gold) in sets.items():
        ents = {e["id"]: e for e in gold["entities"]}
        texts = {p.stem.split("_")[0]: p.read_text("utf-8") for p in docs}
        missed_names = set(measured["sets"][name].get("missed_entities", []))
        kinds: Counter = Counter()
        for miss in measured["sets"][name]["missed_relations"]:
            a, rel_type, b = re.match(r"(\S+) -(\w+)-> (\S+)", miss).groups()
            rel = next(r for r in gold["relations"] if r["from"] == a and r["to"] == b and r["type"] == rel_type)
            doc = str(rel.get("doc", ""))
            body = next((v for k, v in texts.items() if doc and (k.startswith(doc) or doc.startswith(k))),
                        " ".join(texts.values()))
            names = lambda ids: [n.lower() for i in ids.split("|") for n in [ents[i]["name"], *ents[i].get("aliases", [])]]  # noqa: E731
            sentences = [x.lower() for x in re.split(r"(?<=[.!?])\s+|\n+", body)]
            same = any(any(n in x for n in names(a)) and any(n in x for n in names(b)) for x in sentences)
            lost = any(ents[i]["name"] in missed_names for i in [*a.split("|"), *b.split("|")])
            kinds[(rel_type, "same" if same else "cross", "entity-missed" if lost else "entities-found")] += 1
        out[name] = kinds
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--heldout", action="store_true", help="also score the held-out sets")
    ap.add_argument("--sets", default="", help="comma-separated set names (default: all present)")
    ap.add_argument("--errors", action="store_true", help="list missed and wrong relations and entities")
    ap.add_argument("--write-precision", action="store_true", help="store measured per-rule precision")
    ap.add_argument("--misses", action="store_true",
                    help="count missed relations by kind (type, same sentence or not, entity found or not); "
                         "shows no text, so held-out sets can be diagnosed unread")
    args = ap.parse_args(argv)
    sets = discover_sets(args.heldout)
    if args.sets:
        wanted = set(args.sets.split(","))
        sets = {k: v for k, v in sets.items() if k in wanted}
    measured = measure(sets)
    print_report(measured, args.errors)
    if args.misses:
        for name, kinds in miss_kinds(sets, measured).items():
            print(f"\nmissed relations of {name} by kind ({sum(kinds.values())})")
            for (rel_type, where, found), n in kinds.most_common():
                print(f"  {rel_type:17} {where:6} {found:15} {n:4}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extraction_quality.json").write_text(json.dumps({
        "sets": {k: {x: v[x] for x in ("relations", "entities", "relations_by_type", "counts")}
                 for k, v in measured["sets"].items()},
        "rules": {f"{t} {r}": dict(c) for (t, r), c in measured["rules"].items()},
    }, indent=1), "utf-8")
    if args.write_precision:
        write_precision(measured)
    return 0


if __name__ == "__main__":
    sys.exit(main())
