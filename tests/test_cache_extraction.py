"""The extraction cache: keyed by content hash and extractor version, atomic, and robust to corrupted entries."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from whofunds.cache import ExtractionCache
from whofunds.graph.records import Claim, Document, Entity, Evidence, Extraction


def make_extraction(doc_id="0123456789abcdef", path="news/a.txt", version="v1"):
    text = "The Hefei Fund invested ¥5bn in NIO in 2020."
    doc = Document(id=doc_id, path=path, title="A", text=text, encoding="gb18030")
    ev = Evidence(doc_id=doc_id, sentence=text, start=0, end=len(text), path=path)
    return Extraction(
        document=doc,
        entities=[Entity(key="e1", name="Hefei Fund", type="Fund", aliases=["HF"], mentions=[(4, 14)]),
                  Entity(key="e2", name="NIO", type="Firm", mentions=[(36, 39)], city="Hefei")],
        claims=[Claim(source="e1", target="e2", type="INVESTS_IN", evidence=ev, confidence=0.9, rule="invest_verb",
                      amount=5e9, currency="CNY", amount_text="¥5bn", year=2020, stake=None)],
        extractor_version=version,
    )


def test_round_trip_is_exact(tmp_path):
    cache = ExtractionCache(tmp_path, "v1")
    original = make_extraction()
    assert cache.get(original.document.id) is None
    cache.put(original)
    again = ExtractionCache(tmp_path, "v1").get(original.document.id)
    assert again == original
    assert again.entities[0].mentions == [(4, 14)]
    assert (cache.hits, cache.misses) == (0, 1)


def test_other_extractor_version_misses(tmp_path):
    ExtractionCache(tmp_path, "v1").put(make_extraction())
    v2 = ExtractionCache(tmp_path, "v2")
    assert v2.get("0123456789abcdef") is None
    with pytest.raises(ValueError, match="made by 'v1'"):
        v2.put(make_extraction(version="v1"))
    assert "0123456789abcdef" in ExtractionCache(tmp_path, "v1")
    assert "0123456789abcdef" not in v2


@pytest.mark.parametrize("damage", [
    lambda p: p.write_text(p.read_text()[: len(p.read_text()) // 2]),  # truncated
    lambda p: p.write_bytes(b"\xff\xfe\x00garbage"),  # not UTF-8
    lambda p: p.write_text("[]"),  # valid JSON, wrong shape
    lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "extractor_version": "v0"})),
    lambda p: p.write_text(p.read_text().replace("0123456789abcdef", "fedcba9876543210")),  # another doc's entry
])
def test_corrupted_entry_is_ignored_and_rewritten(tmp_path, damage):
    cache = ExtractionCache(tmp_path, "v1")
    cache.put(make_extraction())
    damage(cache.path_for("0123456789abcdef"))
    assert cache.get("0123456789abcdef") is None
    assert cache.corrupted == 1
    cache.put(make_extraction())
    assert cache.get("0123456789abcdef") == make_extraction()


def test_get_for_rebinds_a_moved_document(tmp_path):
    cache = ExtractionCache(tmp_path, "v1")
    cache.put(make_extraction(path="old/a.txt"))
    moved = make_extraction(path="new/b.txt").document
    hit = cache.get_for(moved)
    assert hit.document.path == "new/b.txt"
    assert [c.evidence.path for c in hit.claims] == ["new/b.txt"]
    assert cache.get("0123456789abcdef").document.path == "old/a.txt"  # the entry itself is unchanged


def test_doc_ids_and_prune(tmp_path):
    cache = ExtractionCache(tmp_path, "v1")
    for doc_id in ("aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"):
        cache.put(make_extraction(doc_id=doc_id))
    ExtractionCache(tmp_path, "v0").put(make_extraction(version="v0"))
    assert cache.doc_ids() == ["aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb", "cccccccccccccccc"]
    assert cache.prune({"bbbbbbbbbbbbbbbb"}) == 3
    assert cache.doc_ids() == ["bbbbbbbbbbbbbbbb"]
    assert ExtractionCache(tmp_path, "v0").doc_ids() == []


def test_rejects_paths_disguised_as_ids(tmp_path):
    with pytest.raises(ValueError):
        ExtractionCache(tmp_path, "v1").get("../../etc/passwd")


def test_writer_killed_mid_put_leaves_no_half_entry(tmp_path):
    """SIGKILL a process writing entries in a loop: every entry left behind reads back whole."""
    script = textwrap.dedent(f"""
        import dataclasses, sys
        sys.path.insert(0, {os.path.dirname(__file__)!r})
        from test_cache_extraction import make_extraction
        from whofunds.cache import ExtractionCache
        cache = ExtractionCache({str(tmp_path)!r}, "v1")
        i = 0
        print("ready", flush=True)
        while True:
            ex = make_extraction(doc_id=f"{{i % 50:016x}}")
            doc = dataclasses.replace(ex.document, text=ex.document.text * 2000)  # big enough to be caught mid-write
            cache.put(dataclasses.replace(ex, document=doc))
            i += 1
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    cache = ExtractionCache(tmp_path, "v1")
    deadline = time.monotonic() + 20
    while len(cache.doc_ids()) < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    ids = cache.doc_ids()
    assert len(ids) >= 5
    for doc_id in ids:
        entry = cache.get(doc_id)
        assert entry is not None and entry.document.text.startswith("The Hefei Fund")
    assert cache.corrupted == 0


def _within(seconds, fn, *args):
    """``fn(*args)``, failing the test if it does not return within ``seconds`` (a hang, not a slowness)."""
    import threading

    result = {}
    worker = threading.Thread(target=lambda: result.setdefault("value", fn(*args)), daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"{fn.__name__} hung for {seconds}s"
    return result.get("value")


def test_a_tampered_amount_is_refused_by_the_checksum(tmp_path):
    cache = ExtractionCache(tmp_path, "v1")
    cache.put(make_extraction())
    path = cache.path_for("0123456789abcdef")
    path.write_text(path.read_text().replace('"amount":5000000000.0', '"amount":5.0'))
    assert cache.get("0123456789abcdef") is None and cache.corrupted == 1


@pytest.mark.parametrize("field, value", [("start", "0"), ("amount", "lots"), ("status", "rumoured"),
                                          ("sentence", "not the text at these offsets")])
def test_a_wrong_entry_with_a_valid_checksum_is_refused_by_the_schema(tmp_path, field, value):
    from whofunds.cache import _canonical, _digest

    cache = ExtractionCache(tmp_path, "v1")
    cache.put(make_extraction())
    path = cache.path_for("0123456789abcdef")
    data = json.loads(path.read_text())["extraction"]
    claim = data["claims"][0]
    (claim["evidence"] if field in claim["evidence"] else claim)[field] = value
    path.write_text(json.dumps({"sha256": _digest(_canonical(data)), "extraction": data}))
    assert cache.get("0123456789abcdef") is None and cache.corrupted == 1


@pytest.mark.parametrize("replacement", ["fifo", "dev_zero", "folder", "link_to_entry"])
def test_an_entry_replaced_by_a_special_file_is_refused_at_once(tmp_path, replacement):
    cache = ExtractionCache(tmp_path, "v1")
    cache.put(make_extraction())
    path = cache.path_for("0123456789abcdef")
    saved = path.read_bytes()
    path.unlink()
    if replacement == "fifo":
        os.mkfifo(path)
    elif replacement == "dev_zero":
        os.symlink("/dev/zero", path)
    elif replacement == "folder":
        path.mkdir()
    else:
        (tmp_path / "elsewhere.json").write_bytes(saved)
        os.symlink(tmp_path / "elsewhere.json", path)  # the cache never writes links
    assert _within(20, cache.get, "0123456789abcdef") is None
    assert cache.corrupted == 1 and not os.path.lexists(path)
    cache.put(make_extraction())
    assert cache.get("0123456789abcdef") == make_extraction()


def test_a_wrong_typed_entry_does_not_break_later_builds(tmp_path):
    """An entry with a number where text belongs is re-extracted, not a traceback in every later build."""
    from whofunds.pipeline import build

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("The Hefei Fund invested 5 billion yuan in NIO in 2020.\n")
    out = tmp_path / "out"
    first = build([corpus], out, write_map=False, n_process=1)
    entry = next((out / ".cache").glob("*/*.json"))
    data = json.loads(entry.read_text())
    data["extraction"]["claims"][0]["evidence"]["start"] = "zero"
    entry.write_text(json.dumps(data))
    again = build([corpus], out, write_map=False, n_process=1)
    assert (again.cached, again.extracted) == (0, 1)
    assert again.graph.edges(data=True) and sorted(again.graph.edges) == sorted(first.graph.edges)
