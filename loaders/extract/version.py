"""The extractor's version: a release number plus a digest of every rule, frame and gazetteer file.

Cached extractions carry it; any change to what extraction can yield gives a new version, so a
cache never serves an extraction made by other rules.
"""
from __future__ import annotations


def extractor_version(base: str = "0.5") -> str:
    """The release plus a digest of every rule, pattern and gazetteer file: any change to what extraction
    can yield gives a new version, so cached extractions are redone instead of silently going stale."""
    import hashlib
    from importlib import resources

    digest = hashlib.sha256()
    for package, suffixes in (("whofunds.loaders.extract", (".py", ".yaml")), ("whofunds.loaders", ("nlp.py",)),
                              ("whofunds.data", ("gazetteer-only",))):  # not aliases.yaml: resolution is not extraction
        root = resources.files(package)
        files = [f for f in root.iterdir() if f.is_file() and f.name.endswith(suffixes)]
        gazetteer = root.joinpath("gazetteer")
        if gazetteer.is_dir():
            files += [f for f in gazetteer.iterdir() if f.name.endswith((".yaml", ".tsv"))]
        for f in sorted(files, key=lambda f: f.name):
            digest.update(f.name.encode())
            digest.update(f.read_bytes())
    return f"{base}+{digest.hexdigest()[:12]}"


EXTRACTOR_VERSION = extractor_version()


def current_version() -> str:
    """The version of what extraction yields now: without the regex patterns of earlier releases
    (WHOFUNDS_LEGACY_PATTERNS=0) it yields other claims, so cached extractions must not be shared."""
    import os

    return EXTRACTOR_VERSION if os.environ.get("WHOFUNDS_LEGACY_PATTERNS", "1") != "0" else EXTRACTOR_VERSION + "-frames"
