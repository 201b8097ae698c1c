"""Escaping user text for DOT, so a name with quotes, braces, angle brackets, backslashes or
`<script>` is drawn literally and cannot break the DOT or inject markup into the SVG.

Two kinds of strings reach Graphviz: HTML-like labels (we build them, user text goes through
`html_text`) and plain attributes such as tooltips (`plain`). Node ids are derived from global
references by `node_id`, never taken raw.
"""

from __future__ import annotations

import html
import re
import textwrap
from urllib.parse import quote

import graphviz

# Characters XML 1.0 forbids (Graphviz parses HTML labels with expat) and other controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"\s+")
_ID_SAFE = re.compile(r"[A-Za-z0-9._-]")


def clean(text: object) -> str:
    """One line of printable text."""
    return _SPACES.sub(" ", _CONTROL.sub("", str(text))).strip()


def html_text(text: object) -> str:
    """User text inside an HTML-like label."""
    return html.escape(clean(text), quote=True)


def plain(text: object) -> str:
    """User text as a plain DOT attribute value (escString: tooltips, URLs), never taken as an
    HTML label; the graphviz package escapes the quotes when it quotes the value.

    Graphviz 2.43 unescapes node tooltips twice (`\\N` became the node's name), so one
    literal backslash is written as four, which every attribute reads back as one."""
    return graphviz.nohtml(clean(text).replace("\\", "\\" * 4))


def wrap(text: object, width: int = 24, max_lines: int = 3) -> list[str]:
    """Split a long name into lines; past `max_lines` it ends with "…" (the tooltip keeps the
    full name)."""
    lines = textwrap.wrap(clean(text), width=width, break_long_words=True) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 2].rstrip() + " …"]
    return lines


def node_id(ref: str) -> str:
    """A stable DOT node id for a global reference `<instansi>:<key>`.

    The colon would read as a port in an edge statement, so it becomes `/`; anything outside
    the key alphabet is percent-encoded, which keeps ids distinct and readable.
    """
    out = []
    for ch in ref:
        if _ID_SAFE.match(ch):
            out.append(ch)
        elif ch == ":":
            out.append("/")
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
    return "".join(out)


def url_part(text: str) -> str:
    return quote(text, safe="")
