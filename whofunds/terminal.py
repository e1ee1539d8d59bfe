"""Untrusted text on a terminal: names and sentences from documents are shown, never obeyed.

A document can carry terminal control sequences (``ESC [2J``, a fake prompt, a hyperlink), C1 controls
and bidirectional overrides that make ``Hefei`` display as something else. :func:`sanitize` turns
each such character into a visible escape (``\\x1b``, ``\\u202e``); :class:`SafeConsole` applies it to
every piece of text it renders (tables, trees, markup alike) and leaves rich's own styling alone;
:func:`json_text` keeps JSON output exact but escapes those characters too.

>>> sanitize("Hefei\\x1b[2J Fund\\u202e")
'Hefei\\\\x1b[2J Fund\\\\u202e'
>>> json_text({"name": "A\\u202eB"})
'{"name": "A\\\\u202eB"}'
"""
from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console
from rich.segment import Segment

# C0 controls but tab and newline, DEL, C1 controls, and the bidirectional formatting characters.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def sanitize(text: str) -> str:
    """``text`` with every control and bidirectional-formatting character shown as an escape."""
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text


class SafeConsole(Console):
    """A rich console whose rendered text is sanitized (rich's own control codes pass untouched)."""

    def render(self, renderable, options=None):
        for segment in super().render(renderable, options):
            if segment.control or not UNSAFE.search(segment.text):
                yield segment
            else:
                yield Segment(sanitize(segment.text), segment.style, segment.control)


def json_text(obj: Any, **kwargs) -> str:
    """``json.dumps(obj, ensure_ascii=False, ...)`` with the characters a terminal would obey escaped
    (``\\u001b`` is escaped by JSON itself; C1 and bidirectional ones here): the same data, safe to print."""
    return escape_json(json.dumps(obj, ensure_ascii=False, **kwargs))


def escape_json(text: str) -> str:
    """JSON text with C1 and bidirectional characters written as ``\\uXXXX`` (they only occur inside strings)."""
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def csv_for_stdout(text: str) -> str:
    """CSV printed to a terminal is sanitized; piped to a file or program it is left exact."""
    return sanitize(text) if sys.stdout.isatty() else text
