"""Diagrams: every view in SVG, PNG, PDF or DOT (`/api/diagrams/{view}?instansi=...`)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Response, get
from litestar.params import FromPath, QueryParameter

from registry.diagrams import VIEWS, DiagramRequest, file_name, render_diagram
from visualize.canvas import MAX_NODES
from visualize.neighbourhood import MAX_DEPTH
from visualize.render import FORMATS, dot_available


class DiagramController(Controller):
    path = "/api/diagrams"
    tags = ["Diagram"]

    @get("/", operation_id="listDiagrams", summary="Jenis diagram / diagram views")
    async def list_views(self) -> dict[str, Any]:
        return {
            "views": {
                name: {
                    "description": spec.label_id,
                    "description_en": spec.label_en,
                    "href": f"/api/diagrams/{name}",
                    "needs_item": spec.needs_item,
                    "takes_unit": spec.takes_unit,
                    "takes_depth": spec.takes_depth,
                }
                for name, spec in VIEWS.items()
            },
            "formats": list(FORMATS),
            "dot_available": dot_available(),
            "max_nodes": MAX_NODES,
            "max_depth": MAX_DEPTH,
        }

    @get(
        "/{view:str}",
        operation_id="getDiagram",
        summary="Satu diagram / one diagram",
        media_type="image/svg+xml",
    )
    async def get_view(
        self,
        view: FromPath[str],
        instansi: Annotated[
            str | None, QueryParameter(description="Kode instansi / government code")
        ] = None,
        item: Annotated[
            str | None,
            QueryParameter(description="Kunci item (item, impact, duplicates) / item key"),
        ] = None,
        unit: Annotated[
            str | None,
            QueryParameter(description="Kunci OPD untuk rincian / unit key to drill down"),
        ] = None,
        depth: Annotated[
            int | None, QueryParameter(description=f"Kedalaman / depth 1..{MAX_DEPTH}")
        ] = None,
        province: Annotated[
            str | None,
            QueryParameter(description="Lanskap nasional satu provinsi / one province's landscape"),
        ] = None,
        lang: Annotated[str, QueryParameter(description="id (bawaan/default) atau/or en")] = "id",
        format: Annotated[str, QueryParameter(description="svg, png, pdf, dot")] = "svg",
    ) -> Response[bytes]:
        """The view rendered; items link to their API resource, collapsed groups to their
        drill-down. Without Graphviz `dot`, 503 with the DOT source in the body."""
        request = DiagramRequest(view, instansi, item, unit, depth, lang, format, province)
        content = await render_diagram(request)
        return Response(
            content,
            media_type=FORMATS[format],
            headers={"Content-Disposition": f'inline; filename="{file_name(request)}"'},
        )
