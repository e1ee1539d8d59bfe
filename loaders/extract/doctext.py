"""A parsed document's text, read once: spaCy's ``Doc.text`` joins every token on each access, and extraction
reads it in a dozen places.

>>> import spacy
>>> doc = spacy.blank("en")("Hefei backs NIO.")
>>> doc_text(doc) == doc.text and doc_text(doc) is doc_text(doc)
True
"""
from __future__ import annotations

KEY = "whofunds_text"


def doc_text(sdoc) -> str:
    """``sdoc.text``, kept in ``sdoc.user_data`` after the first read (the text of a Doc never changes)."""
    text = sdoc.user_data.get(KEY)
    if text is None:
        text = sdoc.user_data[KEY] = sdoc.text
    return text
