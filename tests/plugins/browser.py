"""Session fixture: real headless Chromium (Debian's ``chromium`` + ``chromium-driver``) through selenium.

The browser is cut off from the network twice over: a proxy on a dead port for every non-loopback
URL, and DevTools' offline emulation. It records its network log (``goog:loggingPrefs`` performance)
so tests can prove a page asked for nothing. Missing binaries skip the tests locally and fail them
under ``CI`` (run ``scripts/install-system-deps``).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")


def _first_existing(candidates, env_name):
    chosen = os.environ.get(env_name)
    if chosen:
        return chosen if Path(chosen).exists() else None
    return next((c for c in candidates if Path(c).exists()), None)


def chromium_paths() -> tuple[str | None, str | None]:
    """(chromium, chromedriver), or None for what is missing. ``WHOFUNDS_CHROMIUM``/``WHOFUNDS_CHROMEDRIVER`` override."""
    return (_first_existing(CHROMIUM_CANDIDATES, "WHOFUNDS_CHROMIUM"),
            _first_existing(CHROMEDRIVER_CANDIDATES, "WHOFUNDS_CHROMEDRIVER"))


def chromium_options(user_data_dir: str, *, width: int = 1400, height: int = 900):
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio",
                 "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
                 f"--window-size={width},{height}", f"--user-data-dir={user_data_dir}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    return options


def start_chromium(user_data_dir: str, **size):
    """A selenium driver for headless Chromium with networking blocked; the caller quits it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, chromedriver = chromium_paths()
    options = chromium_options(user_data_dir, **size)
    options.binary_location = chromium
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    return driver


def network_requests(driver) -> list[str]:
    """URLs the browser asked for since the last call (DevTools ``Network.requestWillBeSent``)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.fixture(scope="session")
def browser():
    """A session-wide headless Chromium driver (selenium), offline."""
    chromium, chromedriver = chromium_paths()
    if not chromium or not chromedriver:
        reason = (f"headless Chromium not available (chromium: {chromium or 'missing'}, "
                  f"chromedriver: {chromedriver or 'missing'}); run scripts/install-system-deps")
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        import selenium  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("selenium not installed (pip install -e '.[test]')")
    profile = tempfile.mkdtemp(prefix="whofunds-chromium-")
    driver = start_chromium(profile)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Pages and graphs for map tests


def open_map(driver, path, *, timeout: float = 30.0) -> list[str]:
    """Load a map from ``file://``, wait for its first draw, and return the URLs it requested."""
    driver.get("about:blank")
    network_requests(driver)  # drop what came before this page
    driver.get_log("browser")
    driver.get(Path(path).resolve().as_uri())
    # Wait inside the page (one call, no polling traffic that would cost the page CPU while it draws).
    driver.set_script_timeout(timeout + 10)
    drawn = driver.execute_async_script("""
        const done = arguments[arguments.length - 1], deadline = performance.now() + arguments[0] * 1000;
        (function check() {
            if (window.whofundsMap && window.whofundsMap.drawnAt !== null) { done(true); }
            else if (performance.now() > deadline) { done(false); }
            else { setTimeout(check, 10); }
        })();""", timeout)
    if drawn:
        return network_requests(driver)
    raise AssertionError(f"{path}: the map was not drawn within {timeout} s; console: {driver.get_log('browser')}")


def _evidence(sentence, doc_id="d1", path="docs/report.txt", **extra):
    ev = {"doc_id": doc_id, "path": path, "sentence": sentence, "start": 0, "end": len(sentence), "rule": "test",
          "confidence": 0.9, "status": "stated", "amount": None, "currency": None, "amount_text": None,
          "year": None, "stake": None}
    ev.update(extra)
    return ev


def add_relation(G, u, v, relation, *sentences, **extra):
    """Add an edge the way the build does: lifted attributes plus an evidence list."""
    evidence = [_evidence(s, **extra) for s in sentences or ("evidence sentence",)]
    G.add_edge(u, v, key=relation, type=relation, evidence=evidence,
               confidence=max(e["confidence"] for e in evidence),
               status="stated" if any(e["status"] == "stated" for e in evidence) else "announced",
               amount=evidence[0]["amount"], currency=evidence[0]["currency"],
               amount_text=evidence[0]["amount_text"], year=evidence[0]["year"], stake=evidence[0]["stake"],
               doc_ids=sorted({e["doc_id"] for e in evidence}))


def small_graph():
    """Six entities, six relations (one announced, one with an amount), two documents."""
    import networkx as nx

    G = nx.MultiDiGraph(name="whofunds", documents=[{"id": "d1", "path": "docs/report.txt", "title": "Report"},
                                                    {"id": "d2", "path": "docs/news.txt", "title": "News"}])
    for node, name, etype, aliases in [
        ("city:hefei", "Hefei", "City", ["合肥"]), ("firm:nio", "NIO", "Firm", ["NIO Inc."]),
        ("fund:hefei-construction", "Hefei Construction Investment", "Fund", ["Hefei Jiantou"]),
        ("person:hefei-mayor", "Hefei mayor", "Person", ["Mayor of Hefei"]),
        ("industry:new-energy-vehicles", "new energy vehicles", "Industry", []),
        ("firm:catl", "CATL", "Firm", []),
    ]:
        G.add_node(node, name=name, type=etype, aliases=aliases, doc_ids=["d1"], mentions=2)
    add_relation(G, "fund:hefei-construction", "firm:nio", "INVESTS_IN", "The fund put 7 billion yuan into NIO.",
                 amount=7e9, currency="CNY", amount_text="7 billion yuan", year=2020, stake=24.1)
    add_relation(G, "city:hefei", "fund:hefei-construction", "CONTROLS", "The city owns the fund.")
    add_relation(G, "firm:nio", "city:hefei", "LOCATED_IN", "NIO is based in the city.")
    add_relation(G, "person:hefei-mayor", "city:hefei", "WORKS_FOR", "The mayor runs the city.", doc_id="d2",
                 path="docs/news.txt")
    add_relation(G, "city:hefei", "industry:new-energy-vehicles", "TARGETS_INDUSTRY", "The city targets NEVs.")
    add_relation(G, "firm:catl", "firm:nio", "SUPPLIES", "CATL will supply NIO.", status="announced")
    return G


XSS_FLAG_JS = "window.__xss = (window.__xss || 0) + 1; document.title = 'XSS';"
XSS_PAYLOADS = [
    f'<img src=x onerror="{XSS_FLAG_JS}">',
    f"</script><script>{XSS_FLAG_JS}</script>",
    f'<a href="javascript:{XSS_FLAG_JS}">href</a>',
    f"javascript:{XSS_FLAG_JS}",
    f'"><svg onload="{XSS_FLAG_JS}">',
    f"</title><script>{XSS_FLAG_JS}</script>\u2028\u2029",
]


def xss_graph():
    """Every string a document can put in a graph carries a payload that flags ``window.__xss`` if run."""
    import networkx as nx

    p = XSS_PAYLOADS
    G = nx.MultiDiGraph(name="whofunds", documents=[{"id": p[0], "path": p[3], "title": p[1]},
                                                    {"id": "d2", "path": p[2], "title": p[4]}])
    for i, payload in enumerate(p):
        G.add_node(f"firm:{payload}", name=payload, type="Firm", aliases=[p[(i + 1) % len(p)], "href"],
                   doc_ids=[p[0]], mentions=1, city=p[(i + 2) % len(p)])
    G.add_node("fund:plain", name="Plain fund", type="Fund", aliases=[], doc_ids=["d2"], mentions=1)
    G.add_node("odd:" + p[1], name="odd type " + p[0], type=p[1], aliases=[p[2]], doc_ids=[], mentions=0)
    for i, payload in enumerate(p):
        add_relation(G, "fund:plain", f"firm:{payload}", "INVESTS_IN", payload, p[(i + 3) % len(p)],
                     doc_id=p[0] if i % 2 else "d2", path=p[3], amount_text=p[(i + 4) % len(p)], rule=p[2])
    add_relation(G, "odd:" + p[1], "fund:plain", p[0], p[5])  # a relation type the schema does not know
    return G


def random_graph(n_nodes: int, *, edges_per_node: float = 2.0, seed: int = 0):
    """A whofunds-shaped graph of ``n_nodes`` (schema types, evidence on every edge) for size tests."""
    import random

    import networkx as nx

    from whofunds.graph.schema import SCHEMA

    rng = random.Random(seed)
    G = nx.MultiDiGraph(name="whofunds", documents=[{"id": f"d{i}", "path": f"docs/{i}.txt", "title": f"Doc {i}"}
                                                    for i in range(50)])
    types = list(SCHEMA.entity_types)
    for i in range(n_nodes):
        G.add_node(f"n{i}", name=f"Entity {i}", type=types[i % len(types)], aliases=[f"E{i}"],
                   doc_ids=[f"d{i % 50}"], mentions=1 + i % 7)
    relations = list(SCHEMA.relation_types)
    # Preferential attachment gives hubs, like a real corpus (a few cities and funds everywhere).
    targets = [0]
    for i in range(1, n_nodes):
        for _ in range(max(1, round(edges_per_node * rng.random() * 1.0))):
            j = rng.choice(targets)
            relation = relations[(i + j) % len(relations)]
            if not G.has_edge(f"n{i}", f"n{j}", key=relation):
                add_relation(G, f"n{i}", f"n{j}", relation, f"Entity {i} and entity {j} are linked.",
                             doc_id=f"d{i % 50}", path=f"docs/{i % 50}.txt")
            targets.append(j)
        targets.append(i)
    return G
