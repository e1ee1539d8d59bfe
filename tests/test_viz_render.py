"""The HTML file itself: self-contained, UTF-8, escaped, deterministic, and the right layout for its size."""
from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest
from plugins.browser import XSS_PAYLOADS, random_graph, small_graph, xss_graph

from whofunds.graph.schema import SCHEMA
from whofunds.viz import PHYSICS_LIMIT, MapError, render_map


def page_data(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="wf-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, re.S)


def test_page_is_self_contained_utf8_and_free_of_cdn(tmp_path):
    path = tmp_path / "map.html"
    render_map(small_graph(), path)
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in html
    assert not re.search(r"<(script|link|img|iframe)[^>]*\s(src|href)=", html, re.I)
    assert not re.search(r"url\(\s*['\"]?(https?:|//)", html, re.I)
    assert "@import" not in html
    for cdn in ("cdn.jsdelivr", "cdnjs", "bootstrap", "unpkg", "fonts.googleapis"):
        assert cdn not in html.lower()
    assert "vis-network" in html and "new vis.Network" in html


def test_content_security_policy_allows_exactly_the_two_inline_scripts(tmp_path):
    path = tmp_path / "map.html"
    render_map(small_graph(), path)
    html = path.read_text(encoding="utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    scripts = inline_scripts(html)
    assert len(scripts) == 2
    for script in scripts:
        digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_document_strings_never_reach_the_markup_unescaped(tmp_path):
    G = xss_graph()
    path = tmp_path / "xss.html"
    render_map(G, path, title=XSS_PAYLOADS[1])
    html = path.read_text(encoding="utf-8")
    for payload in XSS_PAYLOADS:
        if "<" in payload:  # the rest is harmless text (a quote or "javascript:" inside a JSON string)
            assert payload not in html
    assert html.count("</script>") == 3  # data + vis-network + ours, nothing smuggled in
    assert "onerror=" not in html.split("<script")[0]
    assert "\u2028" not in html and "\u2029" not in html
    data = page_data(html)  # ... and yet every string arrives intact as data
    names = {n["name"] for n in data["nodes"]}
    assert set(XSS_PAYLOADS) <= names
    sentences = {ev["sentence"] for e in data["edges"] for ev in e["evidence"]}
    assert set(XSS_PAYLOADS) <= sentences
    assert all("title" not in item for item in data["nodes"] + data["edges"])  # vis never builds a tooltip
    assert "Unknown" in data["entityTypes"]


def test_styles_come_from_the_schema(tmp_path):
    path = tmp_path / "map.html"
    render_map(small_graph(), path)
    data = page_data(path.read_text(encoding="utf-8"))
    nodes = {n["id"]: n for n in data["nodes"]}
    assert nodes["fund:hefei-construction"]["color"] == SCHEMA.entity("Fund").color
    assert nodes["fund:hefei-construction"]["shape"] == SCHEMA.entity("Fund").shape
    edges = {e["relation"]: e for e in data["edges"]}
    assert edges["INVESTS_IN"]["color"] == SCHEMA.relation("INVESTS_IN").color
    assert edges["INVESTS_IN"]["label"] == "invests in (7 billion yuan)"
    assert edges["SUPPLIES"]["dashes"] is True and edges["INVESTS_IN"]["dashes"] is False
    assert all(e["arrows"] == "to" for e in data["edges"])
    assert data["entityOrder"] == [t for t in SCHEMA.entity_types if t in {n["type"] for n in data["nodes"]}]
    assert nodes["city:hefei"]["value"] > nodes["firm:catl"]["value"]  # sized by pagerank


def test_caption_says_what_is_shown_and_from_how_many_documents(tmp_path):
    report = render_map(small_graph(), tmp_path / "map.html", focus="Hefei", depth=1, relations="CONTROLS,INVESTS_IN")
    assert report.caption.startswith("2 entities and 1 relation found in 2 documents — within 1 hop of Hefei")
    assert "relations: controls, invests in" in report.caption
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    assert "within 1 hop of Hefei" in html and "<title>Who funds whom</title>" in html
    data = page_data(html)
    assert data["focus"] == "city:hefei"  # selected and shown in the details panel on load
    assert [n["id"] for n in data["nodes"] if n.get("borderWidth") == 4] == ["city:hefei"]


def test_map_file_is_readable_by_others(tmp_path):
    import os
    import stat

    report = render_map(small_graph(), tmp_path / "map.html")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(report.path.stat().st_mode) == 0o666 & ~umask


def test_same_graph_gives_the_same_bytes(tmp_path):
    for n, name in ((6, "small"), (PHYSICS_LIMIT + 50, "large")):
        G = small_graph() if n == 6 else random_graph(n, seed=2)
        render_map(G, tmp_path / f"{name}1.html")
        render_map(G, tmp_path / f"{name}2.html")
        assert (tmp_path / f"{name}1.html").read_bytes() == (tmp_path / f"{name}2.html").read_bytes()


def test_layout_switches_to_python_with_physics_off_above_the_limit(tmp_path):
    small = render_map(random_graph(PHYSICS_LIMIT, seed=1), tmp_path / "a.html")
    assert small.layout == "physics"
    data = page_data((tmp_path / "a.html").read_text(encoding="utf-8"))
    assert data["options"]["physics"]["enabled"] is True and "x" not in data["nodes"][0]
    large = render_map(random_graph(PHYSICS_LIMIT + 1, seed=1), tmp_path / "b.html")
    assert large.layout == "networkx"
    data = page_data((tmp_path / "b.html").read_text(encoding="utf-8"))
    assert data["options"]["physics"] == {"enabled": False}
    positions = {(n["x"], n["y"]) for n in data["nodes"]}
    assert len(positions) == PHYSICS_LIMIT + 1  # every node placed, none on top of another


def test_python_layout_keeps_neighbours_closer_than_strangers():
    import math
    import random

    from whofunds.viz.layout import component_layout

    G = random_graph(2000, seed=4)
    pos = component_layout(G, seed=0)
    dist = lambda u, v: math.dist(pos[u], pos[v])  # noqa: E731
    linked = sorted(dist(u, v) for u, v in G.edges())
    rng = random.Random(0)
    nodes = list(G)
    strangers = sorted(dist(*rng.sample(nodes, 2)) for _ in range(2000))
    assert linked[len(linked) // 2] * 4 < strangers[len(strangers) // 2]


def test_empty_graph_still_makes_a_page(tmp_path):
    import networkx as nx

    report = render_map(nx.MultiDiGraph(), tmp_path / "empty.html")
    assert (report.nodes, report.edges, report.documents) == (0, 0, 0)
    assert page_data((tmp_path / "empty.html").read_text(encoding="utf-8"))["nodes"] == []


def test_focus_errors_surface_as_name_errors(tmp_path):
    from whofunds.graph.lookup import NameNotFound

    with pytest.raises(NameNotFound, match="no node matches 'Atlantis'. Closest names"):
        render_map(small_graph(), tmp_path / "x.html", focus="Atlantis")
    with pytest.raises(MapError):
        render_map(small_graph(), tmp_path / "x.html", types="Bank")
    assert not (tmp_path / "x.html").exists()


def test_too_big_a_graph_is_cut_to_the_most_central_and_the_page_says_so(tmp_path, monkeypatch):
    import whofunds.viz.render as render

    monkeypatch.setattr(render, "MAX_NODES", 40)
    report = render_map(random_graph(100, seed=5), tmp_path / "big.html")
    assert report.nodes == 40 and report.dropped_nodes == 60
    html = (tmp_path / "big.html").read_text(encoding="utf-8")
    assert '<p class="wf-message">This selection has 100 entities' in html
    assert len(page_data(html)["nodes"]) == 40
