"""Extraction: a parsed document in, its entities and relation claims (with evidence) out.

This package's public names; each lives in the module that does its one job (see
:mod:`whofunds.loaders.extract.document` for how the stages fit together).
"""
from __future__ import annotations

from .component import extract_documents
from .document import bind, extract_document, extract_parsed, prepare_text
from .version import EXTRACTOR_VERSION, current_version

__all__ = ["EXTRACTOR_VERSION", "bind", "current_version", "extract_document", "extract_documents", "extract_parsed", "prepare_text"]
