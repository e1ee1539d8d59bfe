"""How much slower is `whofunds build` than running spaCy alone over the same texts? (issue 11; goal <= 1.5)

One run times, over the same generated corpus of news-like articles, each as a fresh process
(so every figure includes interpreter start-up, imports, model load and reading the files):

  spacy-default  bare ``nlp.pipe`` with ``spacy.load(<model>)``'s default pipeline, ``n_process=2``:
                 the reference of the goal
  whofunds       ``whofunds build CORPUS --out TMP --no-cache -j 2 -q`` (graph.json, CSVs and map.html)
  spacy-lean     bare ``nlp.pipe`` with whofunds' own pipeline (``whofunds.loaders.nlp.load_nlp()``: the
                 default pipeline plus line breaks and the gazetteer's entity ruler), ``n_process=2``:
                 separates the cost of whofunds' pipeline additions from that of extraction and outputs

and prints them as a table with ratios against spacy-default, plus JSON in benchmarks/results/.

    .venv/bin/python benchmarks/build_vs_spacy.py                # 2,000 articles, 2 workers
    .venv/bin/python benchmarks/build_vs_spacy.py --docs 300     # a quick look

Timings depend on what else runs on the machine; the three runs are measured back to back in one
invocation so that they share its conditions, and ``--repeat N`` keeps the best of N for each.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"

# --------------------------------------------------------------------------- the corpus

CITIES = {"Hefei": "Anhui", "Wuxi": "Jiangsu", "Changsha": "Hunan", "Wuhan": "Hubei", "Chengdu": "Sichuan",
          "Zhengzhou": "Henan", "Nanchang": "Jiangxi", "Xi'an": "Shaanxi", "Changzhou": "Jiangsu",
          "Suzhou": "Jiangsu", "Chongqing": "Chongqing", "Guiyang": "Guizhou", "Taiyuan": "Shanxi",
          "Jinan": "Shandong", "Kunming": "Yunnan", "Nanning": "Guangxi"}
SECTORS = ["semiconductor", "new energy vehicle", "power battery", "display panel", "industrial robot",
           "biomedicine", "photonics", "artificial intelligence", "quantum information", "new materials",
           "hydrogen energy", "integrated circuit", "intelligent connected vehicle", "aviation equipment"]
ROOTS = ["Hua", "Xin", "Kai", "Rui", "Tong", "Ming", "Jing", "Yuan", "Bo", "Heng", "Sheng", "Tian", "Lian",
         "Wei", "Feng", "Long", "Qi", "Jia", "Chuang", "Zhi", "An", "Guo", "Hong", "Lan", "Shuo", "Xiang"]
FIRM_KINDS = ["Technology", "Semiconductor", "Motors", "Materials", "Robotics", "Photonics", "Energy",
              "Microelectronics", "Display", "Biopharma", "Precision Machinery", "Intelligent Equipment"]
LEGAL = ["Co., Ltd.", "Group", "Holdings", "Inc.", "Co."]
SURNAMES = ["Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu", "Sun", "Ma",
            "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao"]
GIVEN = ["Wei", "Fang", "Jun", "Min", "Lei", "Qiang", "Hong", "Tao", "Bin", "Xia", "Jianguo", "Haiyan",
         "Xiaoming", "Lihua", "Zhiqiang", "Yufeng", "Chunlei", "Guoqing"]
POSTS = ["Party secretary", "mayor", "executive vice mayor", "vice mayor", "director of the development and "
         "reform commission"]
FUND_KINDS = ["Industry Investment Fund", "Industrial Guidance Fund", "Emerging Industry Fund",
              "Science and Technology Innovation Fund", "Angel Fund"]
STATE_HOLDERS = ["Construction Investment Holding Group", "Industry Investment Holding Group",
                 "State-owned Capital Operation Co.", "Venture Capital Group", "Urban Investment Group"]
NATIONAL = ["the National Integrated Circuit Industry Investment Fund", "the China Structural Reform Fund",
            "the National Manufacturing Transformation and Upgrade Fund", "China Chengtong Holdings Group"]
OUTLETS = ["Caixin", "the Economic Observer", "Jiemian", "the 21st Century Business Herald", "Yicai",
           "the Securities Times", "LatePost", "the South China Morning Post"]


def _firm(rng: random.Random) -> str:
    name = rng.choice(ROOTS) + rng.choice(ROOTS).lower()
    return f"{name} {rng.choice(FIRM_KINDS)}" + (f" {rng.choice(LEGAL)}" if rng.random() < 0.4 else "")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}"


def _amount(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.randrange(1, 95) * 10} million yuan"
    if rng.random() < 0.5:
        return f"{rng.randrange(1, 30)}.{rng.randrange(10)} billion yuan"
    return f"${rng.randrange(5, 900)} million"


def _sentence_start(name: str) -> str:
    return name[:1].upper() + name[1:]


def news_article(i: int, seed: int = 0) -> str:
    """Article ``i``: headline, dateline, 5-9 paragraphs mixing funding, control, supply and policy.

    >>> a = news_article(7)
    >>> a == news_article(7) and a != news_article(8) and len(a.split()) > 250
    True
    """
    rng = random.Random(seed * 1_000_003 + i)
    city = rng.choice(list(CITIES))
    province = CITIES[city]
    sector, sector2 = rng.sample(SECTORS, 2)
    fund = f"{city} {sector.title()} {rng.choice(FUND_KINDS)}"
    holder = f"{city} {rng.choice(STATE_HOLDERS)}"
    target, buyer, supplier, rival = (_firm(rng) for _ in range(4))
    boss, official, founder, analyst = (_person(rng) for _ in range(4))
    post = rng.choice(POSTS)
    year = rng.randrange(2012, 2026)
    outlet = rng.choice(OUTLETS)

    facts = [
        f"The {fund}, which is managed by {holder}, invested {_amount(rng)} in {target} in {year}, "
        f"according to filings reviewed by {outlet}. The money bought a {rng.randrange(3, 49)}% stake, "
        f"making the fund the company's second-largest shareholder after its founder, {founder}.",
        f"{holder} is wholly owned by the {city} municipal government's state-owned assets supervision "
        f"and administration commission. It also controls the {fund} through a general partner it set up "
        f"in {year - rng.randrange(1, 5)}.",
        f"{boss}, the {post} of {city}, serves as the chain boss of the city's {sector} industry chain. "
        f"In that role {boss.split()[0]} chairs a monthly meeting with the heads of the chain's leading firms "
        f"and reports progress to the {province} provincial government.",
        f"Local officials named {target} a chain leader enterprise for the {sector} chain in {year}, "
        f"a title that brings priority access to land, power quotas and follow-on state funding.",
        f"{target} supplies {rng.choice(['modules', 'wafers', 'cells', 'sensors', 'control units'])} to "
        f"{buyer}, which assembles its products at a plant in {city}. {supplier} in turn provides "
        f"{target} with {rng.choice(['raw materials', 'equipment', 'chemicals', 'substrates'])}.",
        f"{_sentence_start(rng.choice(NATIONAL))} joined the round, investing alongside the {fund}. "
        f"People familiar with the deal said {outlet} was first to report the terms.",
        f"{target} and {holder} agreed to set up a joint venture in {city} to build a "
        f"{rng.randrange(2, 40)}-gigawatt {sector2} line, with the state side contributing land and "
        f"{_amount(rng)} in cash.",
        f"{official}, a vice mayor of {city}, said the city would not take a controlling stake in {rival}, "
        f"and denied reports that the {fund} had invested in the company.",
        f"In {year + 1}, {buyer} moved its headquarters to {city} after the {fund} offered "
        f"{_amount(rng)} in subsidised equity. The relocation was announced but has not been completed.",
    ]
    background = [
        f"{city} has spent the past decade turning its state capital into a venture capital engine. "
        f"Rather than building industrial parks and waiting for tenants, the city takes equity stakes in "
        f"promising firms and asks them to move production to {province}.",
        f"Analysts say the model has limits. \"Not every city can pick winners,\" said {analyst}, an "
        f"economist who studies local government financing. \"Debt levels in many inland cities are "
        f"already high, and returns on these funds are hard to verify.\"",
        f"The {sector} industry is one of {rng.randrange(8, 20)} priority chains in {province}'s "
        f"five-year plan. Provincial officials have set a target of {rng.randrange(100, 900)} billion "
        f"yuan in output by {year + rng.randrange(3, 8)}.",
        f"Local governments across China have created more than {rng.randrange(1, 3)},{rng.randrange(100, 999)} "
        f"government guidance funds since 2015, according to industry data, though many have struggled to "
        f"deploy their capital.",
        f"Employees at the plant in the {city} high-tech zone work in three shifts. The site covers "
        f"{rng.randrange(50, 900)} mu of land and is expected to employ {rng.randrange(1, 9)},000 people.",
        f"Shares of {buyer} rose {rng.randrange(1, 10)}.{rng.randrange(10)}% on the news. "
        f"The company did not respond to a request for comment.",
    ]
    chosen = rng.sample(facts, rng.randrange(4, 7)) + rng.sample(background, rng.randrange(2, 4))
    rng.shuffle(chosen)
    headline = rng.choice([f"{city} bets {_amount(rng)} on {target}",
                           f"How {city}'s state funds courted {target}",
                           f"{target} wins backing from {city} fund as {sector} push accelerates",
                           f"Inside {city}'s {sector} chain: funds, officials and {target}"])
    dateline = f"{city.upper()}, {rng.choice(['March', 'June', 'September', 'November'])} {rng.randrange(1, 29)} ({outlet}) - "
    return f"# {headline}\n\n{dateline}" + "\n\n".join(chosen) + "\n"


def write_corpus(folder: Path, n: int, seed: int = 0) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"article_{i:05d}.txt"
        path.write_text(news_article(i, seed), encoding="utf-8")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- the reference runs

def model_name() -> str:
    """The model whofunds would load (an official en_core_web_sm first, else the pinned re-upload)."""
    import spacy.util

    from whofunds.loaders.nlp import MODEL_CANDIDATES

    for name in MODEL_CANDIDATES:
        if spacy.util.is_package(name):
            return name
    raise SystemExit(f"none of {MODEL_CANDIDATES} is installed: run `make install`")


def reference_run(kind: str, corpus: Path, workers: int) -> dict:
    """Child process body: load the pipeline, read the files, ``nlp.pipe`` them; print phase times as JSON."""
    t0 = time.perf_counter()
    import spacy

    if kind == "spacy-default":
        name = model_name()
        nlp = spacy.load(name)
    else:
        from whofunds.loaders.nlp import load_nlp

        nlp, name = load_nlp(), model_name()
    t_load = time.perf_counter()
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    t_read = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=workers))
    t_pipe = time.perf_counter()
    return {"model": name, "pipeline": list(nlp.pipe_names), "docs": len(texts), "tokens": tokens,
            "load_s": t_load - t0, "read_s": t_read - t_load, "pipe_s": t_pipe - t_read}


def timed(cmd: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
    return wall, proc.stdout


def whofunds_command() -> list[str]:
    script = Path(sys.executable).with_name("whofunds")
    return [str(script)] if script.exists() else [sys.executable, "-m", "whofunds.cli"]


def run_all(corpus: Path, out_dir: Path, workers: int, repeat: int) -> dict:
    runs: dict[str, dict] = {}
    for _ in range(repeat):
        for kind in ("spacy-default", "whofunds", "spacy-lean"):
            if kind == "whofunds":
                shutil.rmtree(out_dir, ignore_errors=True)
                wall, _ = timed(whofunds_command() + ["build", str(corpus), "--out", str(out_dir), "--no-cache",
                                                      "-j", str(workers), "-q"])
                graph = json.loads((out_dir / "graph.json").read_text("utf-8"))
                detail = {"entities": len(graph["nodes"]), "relations": len(graph["links"]),
                          "documents": len(graph["graph"]["documents"]),
                          "failures": len(graph["graph"].get("failures", []))}
            else:
                wall, out = timed([sys.executable, __file__, "--child", kind, "--workers", str(workers), str(corpus)])
                detail = json.loads(out.strip().splitlines()[-1])
            print(f"  {kind:14} {wall:8.1f} s", file=sys.stderr, flush=True)
            if kind not in runs or wall < runs[kind]["wall_s"]:
                runs[kind] = {"wall_s": wall, **detail}
    return runs


def table(runs: dict) -> str:
    ref = runs["spacy-default"]["wall_s"]
    rows = [f"{'run':14} {'wall s':>8} {'x default':>10}  what",
            f"{'-' * 14} {'-' * 8} {'-' * 10}  {'-' * 40}"]
    what = {"spacy-default": f"nlp.pipe, {runs['spacy-default']['model']} default pipeline "
                             f"({'+'.join(runs['spacy-default']['pipeline'])})",
            "whofunds": "whofunds build --no-cache (extraction, graph, CSV, map)",
            "spacy-lean": f"nlp.pipe, whofunds' pipeline ({'+'.join(runs['spacy-lean']['pipeline'])})"}
    for kind in ("spacy-default", "whofunds", "spacy-lean"):
        wall = runs[kind]["wall_s"]
        rows.append(f"{kind:14} {wall:8.1f} {wall / ref:10.2f}  {what[kind]}")
    lean = runs["spacy-lean"]["wall_s"]
    rows.append("")
    rows.append(f"whofunds / spacy-default = {runs['whofunds']['wall_s'] / ref:.2f} (goal <= 1.5); "
                f"whofunds / spacy-lean = {runs['whofunds']['wall_s'] / lean:.2f} "
                f"(the cost of extraction + graph + outputs over the same pipeline)")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="Use this folder of .txt files instead of generating one.")
    parser.add_argument("--docs", type=int, default=2000, help="Articles to generate (default 2000).")
    parser.add_argument("--workers", type=int, default=2, help="Processes for nlp.pipe and whofunds -j (default 2).")
    parser.add_argument("--repeat", type=int, default=1, help="Keep the best of N runs of each (default 1).")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--child", choices=["spacy-default", "spacy-lean"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(reference_run(args.child, args.corpus, args.workers)))
        return 0

    with tempfile.TemporaryDirectory(prefix="whofunds-bench-") as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            write_corpus(corpus, args.docs, args.seed)
        n_docs = len(list(corpus.glob("*.txt")))
        chars = sum(p.stat().st_size for p in corpus.glob("*.txt"))
        print(f"corpus: {n_docs} documents, {chars / 1e6:.1f} MB; workers={args.workers}; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", file=sys.stderr, flush=True)
        runs = run_all(corpus, Path(tmp) / "out", args.workers, args.repeat)

    report = table(runs)
    print(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    result = {"benchmark": "build_vs_spacy", "docs": n_docs, "bytes": chars, "workers": args.workers,
              "repeat": args.repeat, "generated": args.corpus is None, "seed": args.seed,
              "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_average_after": os.getloadavg()},
              "runs": runs,
              "ratio_whofunds_vs_default": runs["whofunds"]["wall_s"] / runs["spacy-default"]["wall_s"],
              "ratio_whofunds_vs_lean": runs["whofunds"]["wall_s"] / runs["spacy-lean"]["wall_s"],
              "ratio_lean_vs_default": runs["spacy-lean"]["wall_s"] / runs["spacy-default"]["wall_s"]}
    path = RESULTS / "build_vs_spacy.json"
    path.write_text(json.dumps(result, indent=1) + "\n", "utf-8")
    print(f"\nwritten: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
