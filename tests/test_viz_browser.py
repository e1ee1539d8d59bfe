"""Maps in real headless Chromium, offline: they load, count right, ask for nothing, run no document code."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from plugins.browser import XSS_PAYLOADS, open_map, random_graph, small_graph, xss_graph

from whofunds.viz import render_map

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"


def assert_only_the_file(requests: list[str], path: Path, driver) -> None:
    uri = path.resolve().as_uri()
    outside = [u for u in requests if u != uri and not u.startswith("data:")]
    assert outside == [], f"the map asked for {outside}"
    assert uri in requests, f"the request log missed the page itself: {requests}"
    resources = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert [r for r in resources if not r.startswith("data:")] == []


def counts(driver) -> dict:
    return driver.execute_script("""
        const m = window.whofundsMap;
        return {nodes: m.nodes.length, edges: m.edges.length,
                drawnNodes: m.network.body.nodeIndices.length, drawnEdges: m.network.body.edgeIndices.length,
                physics: m.network.physics.physicsEnabled};""")


def hover(driver, node_id) -> str:
    """Move the real mouse onto a node; return the tooltip's text."""
    from selenium.webdriver import ActionChains

    driver.execute_script("whofundsMap.network.focus(arguments[0], {scale: 1.5, animation: false});", node_id)
    x, y = driver.execute_script("""
        const m = whofundsMap.network, p = m.canvasToDOM(m.getPosition(arguments[0]));
        return [p.x, p.y];""", node_id)
    container = driver.find_element("id", "wf-network")
    size = container.size
    ActionChains(driver).move_to_element_with_offset(container, 0, 0).perform()
    ActionChains(driver).move_to_element_with_offset(
        container, int(x - size["width"] / 2), int(y - size["height"] / 2)).perform()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        text = driver.execute_script("const t = document.getElementById('wf-tooltip'); return t.hidden ? null : t.textContent;")
        if text:
            return text
        time.sleep(0.05)
    raise AssertionError(f"no tooltip after hovering {node_id!r}")


def test_map_loads_offline_with_expected_counts_and_no_requests(browser, tmp_path):
    G = small_graph()
    path = tmp_path / "map.html"
    render_map(G, path, title="Hefei test")
    requests = open_map(browser, path)
    assert_only_the_file(requests, path, browser)
    c = counts(browser)
    assert (c["nodes"], c["edges"]) == (6, 6)
    assert (c["drawnNodes"], c["drawnEdges"]) == (6, 6)
    assert browser.title == "Hefei test"
    assert browser.get_log("browser") == []  # no errors, no CSP violations


def test_request_check_catches_a_page_that_reaches_out(browser, tmp_path):
    """The detector itself: a page with one CDN image must be caught (so a clean result means something)."""
    path = tmp_path / "leaky.html"
    render_map(small_graph(), path)
    html = path.read_text(encoding="utf-8").replace(
        "<body>", '<body><img src="https://cdn.example.invalid/x.png" alt="">', 1).replace(
        "img-src data:", "img-src data: https:", 1)
    path.write_text(html, encoding="utf-8")
    requests = open_map(browser, path)
    with pytest.raises(AssertionError, match="cdn.example.invalid"):
        assert_only_the_file(requests, path, browser)


def test_xss_payloads_in_names_and_evidence_never_run(browser, tmp_path):
    G = xss_graph()
    path = tmp_path / "xss.html"
    title = XSS_PAYLOADS[5]
    render_map(G, path, title=title)
    requests = open_map(browser, path)
    assert_only_the_file(requests, path, browser)
    assert counts(browser)["nodes"] == G.number_of_nodes()
    assert browser.execute_script("return document.getElementById('wf-title').textContent") == title
    # Hover every node (tooltips), click a payload edge (details with all evidence), search a payload.
    for node in G:
        text = hover(browser, str(node))
        assert G.nodes[node]["name"] in text
    edge_id = browser.execute_script("return whofundsMap.edges.getIds()[0]")
    browser.execute_script("""
        const m = whofundsMap.network; m.selectEdges([arguments[0]]);
        m.body.emitter.emit('click', {nodes: [], edges: [arguments[0]], pointer: {DOM: {x: 0, y: 0}, canvas: {x: 0, y: 0}}});
    """, edge_id)
    details = browser.execute_script("return document.getElementById('wf-details').textContent")
    assert "<img src=x" in details or "</script>" in details or "javascript:" in details
    search = browser.find_element("id", "wf-search")
    search.send_keys(XSS_PAYLOADS[0][:20] + "\n")
    time.sleep(0.3)
    assert browser.execute_script("return typeof window.__xss") == "undefined"
    assert browser.title != "XSS"
    assert browser.execute_script(
        "return document.querySelectorAll('#wf-side img, #wf-side svg[onload], #wf-tooltip img, a').length") == 0
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []


def test_filters_and_search(browser, tmp_path):
    path = tmp_path / "map.html"
    render_map(small_graph(), path)
    open_map(browser, path)
    browser.find_element("css selector", "#wf-entity-filters input[value='Firm']").click()
    assert browser.execute_script("return whofundsMap.nodeView.length") == 4
    browser.find_element("css selector", "#wf-relation-filters input[value='LOCATED_IN']").click()
    assert browser.execute_script("return whofundsMap.edgeView.length") == 5
    browser.find_element("css selector", "#wf-entity-filters input[value='Firm']").click()
    search = browser.find_element("id", "wf-search")
    search.send_keys("合肥\n")
    assert browser.execute_script("return whofundsMap.network.getSelectedNodes()") == ["city:hefei"]
    assert browser.find_element("id", "wf-search-status").text == "1 match"
    assert "Hefei" in browser.find_element("id", "wf-details").text


def test_tooltip_shows_evidence_amount_and_document(browser, tmp_path):
    path = tmp_path / "map.html"
    render_map(small_graph(), path)
    open_map(browser, path)
    text = browser.execute_script("""
        const m = whofundsMap, id = m.edges.get({filter: e => e.relation === 'INVESTS_IN'})[0].id;
        m.network.body.emitter.emit('click', {nodes: [], edges: [id]});
        return document.getElementById('wf-details').textContent;""")
    for expected in ("invests in", "7 billion yuan", "The fund put 7 billion yuan into NIO.", "docs/report.txt",
                     "Report", "stake 24.1%", "year 2020"):
        assert expected in text
    dashed = browser.execute_script("return whofundsMap.edges.get({filter: e => e.dashes}).map(e => e.relation)")
    assert dashed == ["SUPPLIES"]


def test_large_map_uses_python_layout_without_physics(browser, tmp_path):
    G = random_graph(1500, seed=3)
    path = tmp_path / "large.html"
    report = render_map(G, path)
    assert report.layout == "networkx"
    requests = open_map(browser, path)
    assert_only_the_file(requests, path, browser)
    c = counts(browser)
    assert (c["nodes"], c["edges"]) == (1500, G.number_of_edges())
    assert c["physics"] is False
    moved = browser.execute_script("""
        const m = whofundsMap, before = m.network.getPositions(['n0', 'n1']);
        return new Promise(done => setTimeout(() => {
            const after = m.network.getPositions(['n0', 'n1']);
            done(before.n0.x === after.n0.x && before.n1.y === after.n1.y && Math.abs(before.n0.x - m.nodes.get('n0').x) <= 1);
        }, 300));""")
    assert moved is True


@pytest.mark.slow
def test_seeds_map_screenshot(browser, seeds_dir, tmp_path):
    """Build the seed corpus, open its map, keep a screenshot in tests/artifacts/ for people to look at."""
    from whofunds.graph.io import read_graph
    from whofunds.pipeline import build

    out = tmp_path / "seeds_out"
    build([seeds_dir], out, cache_dir=tmp_path / "cache")
    G = read_graph(out / "graph.json")
    requests = open_map(browser, out / "map.html")
    assert_only_the_file(requests, out / "map.html", browser)
    c = counts(browser)
    assert (c["nodes"], c["edges"]) == (G.number_of_nodes(), G.number_of_edges())
    browser.execute_script("return new Promise(done => setTimeout(done, 300))")
    ARTIFACTS.mkdir(exist_ok=True)
    assert browser.save_screenshot(str(ARTIFACTS / "seeds_map.png"))
    hefei = render_map(G, tmp_path / "hefei.html", focus="Hefei", depth=2)
    open_map(browser, tmp_path / "hefei.html")
    assert counts(browser)["nodes"] == hefei.nodes
    browser.execute_script("return new Promise(done => setTimeout(done, 300))")
    assert browser.save_screenshot(str(ARTIFACTS / "seeds_map_hefei.png"))


def test_details_show_a_table_row_and_the_source_of_a_document(browser, tmp_path):
    """A registry row shows as a sentence with its file, sheet and row; a document's publisher, date and URL show
    as text (never a link: the URL came from the document)."""
    import networkx as nx

    G = nx.MultiDiGraph(documents=[
        {"id": "t1", "path": "registry/holders.xlsx", "title": "holders.xlsx", "encoding": "xlsx"},
        {"id": "d1", "path": "news/a.html", "title": "Acme story", "url": "https://news.example/acme?<b>",
         "publisher": "Example News", "date": "2023-05-02"}])
    G.add_node("fund:borealis", name="Borealis Capital Fund", type="Fund", aliases=[])
    G.add_node("firm:acme", name="Acme Widgets Co", type="Firm", aliases=[])
    row = {"doc_id": "t1", "path": "registry/holders.xlsx", "sheet": "Shareholders", "row": 12, "start": 0, "end": 60,
           "sentence": "Borealis Capital Fund holds 60% of Acme Widgets Co; since 2019-03-02.", "rule": "registry:shareholder",
           "confidence": 1.0, "status": "stated", "stake": 60.0, "date": "2019-03-02", "year": 2019}
    prose = {"doc_id": "d1", "path": "news/a.html", "start": 0, "end": 40, "sentence": "Borealis controls Acme.",
             "rule": "controls", "confidence": 0.8, "status": "stated", "url": "https://news.example/acme?<b>"}
    G.add_edge("fund:borealis", "firm:acme", key="CONTROLS", type="CONTROLS", evidence=[row, prose], stake=60.0,
               status="stated", confidence=1.0)
    path = tmp_path / "map.html"
    render_map(G, path)
    open_map(browser, path)
    text = browser.execute_script("""
        const m = whofundsMap, id = m.edges.get()[0].id;
        m.network.body.emitter.emit('click', {nodes: [], edges: [id]});
        return document.getElementById('wf-details').textContent;""")
    for expected in ("Borealis Capital Fund holds 60% of Acme Widgets Co; since 2019-03-02.", "registry/holders.xlsx",
                     "sheet Shareholders, row 12", "since 2019-03-02", "Example News", "published 2023-05-02",
                     "https://news.example/acme?<b>"):
        assert expected in text, expected
    links = browser.execute_script("return document.querySelectorAll('#wf-details a, #wf-details b').length")
    assert links == 0
