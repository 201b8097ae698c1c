"""Rendering, apart from building: DOT text needs nothing, SVG, PNG and PDF need Graphviz's
`dot` on PATH (Debian package `graphviz`). Without it, `DotMissing` says so and carries the
DOT, so callers can still hand it out."""

from __future__ import annotations

import re
import shutil
from functools import lru_cache
from typing import Any

import graphviz

from registry.errors import FieldError, RegistryError

FORMATS: dict[str, str] = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "dot": "text/vnd.graphviz",
}
EXTENSIONS = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}
# Graphviz 2.43 writes the `&` of a link's query string raw into xlink:href, which is not
# well-formed XML (browsers then refuse an SVG file). Any `&` that does not start an entity
# becomes `&amp;`; text and tooltips are already escaped by dot.
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);)")


class DotMissing(RegistryError):
    """Graphviz `dot` is not installed: only DOT can be given (it is in `source`)."""

    status = 503
    error = "dot_missing"

    def __init__(self, fmt: str, source: str) -> None:
        self.source = source
        super().__init__([FieldError("format", "dot_missing", {"format": fmt})])

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "dot": self.source}


def dot_available() -> bool:
    return shutil.which("dot") is not None


def render(diagram: graphviz.Digraph, fmt: str) -> bytes:
    """The diagram in one of FORMATS. The same DOT gives the same bytes in DOT, SVG and PNG;
    cairo stamps a creation date into PDF."""
    source = diagram.source
    if fmt == "dot":
        return source.encode("utf-8")
    if not dot_available():
        raise DotMissing(fmt, source)
    return _render(source, fmt)


@lru_cache(maxsize=32)
def _render(source: str, fmt: str) -> bytes:
    # Keyed by the DOT itself, so a cached picture is never stale; pages render the same
    # landscape again and again.
    try:
        content = graphviz.pipe("dot", fmt, source.encode("utf-8"), quiet=True)
    except graphviz.ExecutableNotFound:
        raise DotMissing(fmt, source) from None
    return _BARE_AMPERSAND.sub(b"&amp;", content) if fmt == "svg" else content
