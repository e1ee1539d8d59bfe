"""Session fixture: Gephi's own importers (the Gephi Toolkit, headless) as a second reader of the exports.

The toolkit (``org.gephi:gephi-toolkit:0.10.1``, classifier ``all``) is fetched once with Maven into
``~/.m2``; ``tests/gephi/GephiImport.java`` is compiled against it into ``~/.cache/whofunds`` (once per
version of the source). :meth:`Gephi.load` imports a file as Gephi's File > Open does and returns what
Gephi saw: the issues its importer logged, its columns with their types, and each node's label, colour,
size and attributes. Without Java or Maven the tests skip locally and fail under ``CI``.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

VERSION = os.environ.get("WHOFUNDS_GEPHI_TOOLKIT", "0.10.1")
SOURCE = Path(__file__).resolve().parents[1] / "gephi" / "GephiImport.java"


@dataclass
class GephiView:
    """What Gephi imported: issues (level, message), columns (title -> Java type), nodes and edges."""

    issues: list[tuple[str, str]] = field(default_factory=list)
    directed: str = ""
    node_columns: dict[str, str] = field(default_factory=dict)
    edge_columns: dict[str, str] = field(default_factory=dict)
    nodes: dict[str, dict] = field(default_factory=dict)  # id -> {label, color, size, attrs}
    edges: dict[str, dict] = field(default_factory=dict)  # id -> {source, target, label, weight, attrs}

    def severe(self) -> list[str]:
        return [message for level, message in self.issues if level in ("SEVERE", "CRITICAL", "WARNING")]


def _attrs(fields: list[str]) -> dict:
    return dict(f.split("=", 1) for f in fields if "=" in f)


def parse_output(text: str) -> GephiView:
    view = GephiView()
    for line in text.splitlines():
        kind, *rest = line.split("\t")
        if kind == "ISSUE":
            view.issues.append((rest[0], rest[1] if len(rest) > 1 else ""))
        elif kind == "COUNTS":
            view.directed = rest[2]
        elif kind == "NODECOLUMN":
            view.node_columns[rest[0]] = rest[1]
        elif kind == "EDGECOLUMN":
            view.edge_columns[rest[0]] = rest[1]
        elif kind == "NODE":
            view.nodes[rest[0]] = {"label": rest[1], "color": rest[2], "size": float(rest[3]), "attrs": _attrs(rest[4:])}
        elif kind == "EDGE":
            view.edges[rest[0]] = {"source": rest[1], "target": rest[2], "label": rest[3], "weight": float(rest[4]),
                                   "directed": rest[5] == "true", "attrs": _attrs(rest[6:])}
    return view


class Gephi:
    def __init__(self, classpath: str, java: str):
        self.classpath = classpath
        self.java = java

    def load(self, path: str | os.PathLike) -> GephiView:
        proc = subprocess.run([self.java, "-Djava.awt.headless=true", "-Xmx1g", "-cp", self.classpath, "GephiImport",
                               str(path)], capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, f"Gephi could not import {path}:\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
        return parse_output(proc.stdout)


def _missing(reason: str):
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def toolkit_jar() -> Path:
    """The toolkit jar in the local Maven repository, fetched with ``mvn dependency:get`` when absent."""
    repo = Path(os.environ.get("MAVEN_REPO") or Path.home() / ".m2" / "repository")
    jar = repo / "org" / "gephi" / "gephi-toolkit" / VERSION / f"gephi-toolkit-{VERSION}-all.jar"
    if jar.is_file():
        return jar
    mvn = shutil.which("mvn")
    if not mvn:
        _missing("Maven ('mvn') is not on PATH: it fetches the Gephi Toolkit for the export tests")
    proc = subprocess.run([mvn, "-q", "-B", "dependency:get", f"-Dartifact=org.gephi:gephi-toolkit:{VERSION}:jar:all",
                           "-Dtransitive=false"], capture_output=True, text=True, timeout=1200, stdin=subprocess.DEVNULL)
    if proc.returncode != 0 or not jar.is_file():
        pytest.fail(f"Maven could not fetch org.gephi:gephi-toolkit:{VERSION} (exit {proc.returncode}):\n"
                    f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return jar


@pytest.fixture(scope="session")
def gephi() -> Gephi:
    java, javac = shutil.which("java"), shutil.which("javac")
    if not java or not javac:
        _missing("Java 11+ (java and javac) is needed to run Gephi's importers on the exports")
    jar = toolkit_jar()
    from whofunds.queries.server import cache_root

    digest = hashlib.sha256(SOURCE.read_bytes() + VERSION.encode()).hexdigest()[:12]
    classes = cache_root() / f"gephi-import-{digest}"
    if not (classes / "GephiImport.class").is_file():
        work = classes.with_name(classes.name + f".tmp{os.getpid()}")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        proc = subprocess.run([javac, "-cp", str(jar), "-d", str(work), str(SOURCE)], capture_output=True, text=True,
                              timeout=300, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, f"javac failed:\n{proc.stderr}"
        shutil.rmtree(classes, ignore_errors=True)
        os.replace(work, classes)
    return Gephi(f"{jar}{os.pathsep}{classes}", java)
