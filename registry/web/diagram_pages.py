"""A page per government with its diagrams inline (landscape and layers) and links to the
others, in any format."""

from __future__ import annotations

import re
from typing import Annotated, Any

from litestar import Controller, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from registry.diagrams import VIEWS, DiagramRequest, check, render_diagram
from registry.graph import nodes_of_kind, registry_graph
from visualize import style
from visualize.canvas import government_name
from visualize.neighbourhood import MAX_DEPTH
from visualize.render import FORMATS, DotMissing

INLINE_VIEWS = ("landscape", "layers")
_BEFORE_SVG = re.compile(r"^.*?(?=<svg)", re.DOTALL)


def inline_svg(svg: str, prefix: str) -> str:
    """dot's SVG made fit for an HTML page: no XML prolog or doctype, and ids prefixed so two
    diagrams on one page do not share them."""
    return _BEFORE_SVG.sub("", svg, count=1).replace(' id="', f' id="{prefix}-')


class InstansiPageController(Controller):
    include_in_schema = False

    @get("/instansi/{code:str}")
    async def instansi_page(
        self,
        code: FromPath[str],
        lang: Annotated[str, QueryParameter(description="id atau/or en")] = "id",
    ) -> Template:
        check(DiagramRequest("landscape", code, lang=lang))
        graph = await registry_graph([code])
        diagrams: list[dict[str, Any]] = []
        for view in INLINE_VIEWS:
            request = DiagramRequest(view, code, lang=lang)
            entry: dict[str, Any] = {
                "view": view,
                "title": style.TEXTS[view],
                "svg": None,
                "error": None,
            }
            try:
                svg = (await render_diagram(request)).decode("utf-8")
                entry["svg"] = inline_svg(svg, view)
            except DotMissing as exc:
                entry["error"] = f"{exc.message} / {exc.message_en}"
            diagrams.append(entry)
        items = [
            {"key": graph.nodes[n]["key"], "name": graph.nodes[n]["name"]}
            for n in sorted(
                nodes_of_kind(
                    graph, "application", "service", "server", "data_centre", "spl", instansi=code
                ),
                key=lambda n: str(graph.nodes[n]["name"]).lower(),
            )
        ]
        return Template(
            template_name="instansi.html",
            context={
                "code": code,
                "name": government_name(graph, code),
                "lang": lang,
                "diagrams": diagrams,
                "views": VIEWS,
                "formats": list(FORMATS),
                "items": items,
                "max_depth": MAX_DEPTH,
            },
        )
