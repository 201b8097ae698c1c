"""Diagrams for the API, the web pages and the CLI, in one place: check the request, get the
registry graph, run the analysis a view needs (one small adapter each), build the view with
`visualize`, render it.

`visualize` never touches the database; this module hands it the graph.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass

import graphviz
import networkx as nx

from registry.analyses import item_ref
from registry.analysis.duplicates import find_duplicates
from registry.analysis.gaps import find_gaps
from registry.analysis.impact import impact as impact_of
from registry.errors import FieldError, Invalid, NotFound
from registry.graph import registry_graph
from visualize.canvas import LANGS, ViewOptions
from visualize.duplicates import duplicates
from visualize.gaps import gaps
from visualize.impact import impact
from visualize.landscape import landscape
from visualize.layers import layers
from visualize.neighbourhood import MAX_DEPTH, neighbourhood
from visualize.render import FORMATS, dot_available, render


@dataclass(frozen=True)
class ViewSpec:
    label_id: str
    label_en: str
    needs_item: bool = False
    takes_item: bool = False
    takes_unit: bool = False
    takes_depth: bool = False
    takes_province: bool = False
    needs_instansi: bool = True


VIEWS: dict[str, ViewSpec] = {
    "landscape": ViewSpec(
        "Lanskap aplikasi per OPD dan integrasinya (tanpa instansi: semua instansi)",
        "Applications per unit and their integrations (without a government: all of them)",
        takes_unit=True,
        takes_province=True,
        needs_instansi=False,
    ),
    "layers": ViewSpec(
        "Lapisan SPBE: proses bisnis, layanan, aplikasi, data, infrastruktur; keamanan",
        "SPBE layers: business, service, application, data, infrastructure; security",
        takes_unit=True,
    ),
    "item": ViewSpec(
        "Keterkaitan satu item sampai kedalaman tertentu",
        "One item's neighbourhood to a depth",
        needs_item=True,
        takes_item=True,
        takes_depth=True,
    ),
    "impact": ViewSpec(
        "Dampak bila satu item gagal",
        "What an item's failure reaches",
        needs_item=True,
        takes_item=True,
        takes_depth=True,
    ),
    "duplicates": ViewSpec(
        "Klaster aplikasi duplikat dengan skor dan alasan",
        "Clusters of duplicate applications with scores and reasons",
        takes_item=True,
    ),
    "gaps": ViewSpec(
        "Integrasi yang hilang dan yang melewati SPL",
        "Missing integrations and SPL bypasses",
        takes_unit=True,
    ),
}


@dataclass(frozen=True)
class DiagramRequest:
    view: str
    instansi: str | None = None
    item: str | None = None
    unit: str | None = None
    depth: int | None = None
    lang: str = "id"
    format: str = "svg"
    province: str | None = None  # the national landscape of one province


def choice_error(field: str, value: str, allowed: list[str]) -> FieldError:
    params = {"field": field, "value": value, "choices": ", ".join(allowed)}
    return FieldError(field, "unknown_option", params)


def check(request: DiagramRequest) -> ViewSpec:
    """Everything that can be checked without the registry, all problems at once."""
    spec = VIEWS.get(request.view)
    if spec is None:
        raise NotFound([choice_error("view", request.view, list(VIEWS))])
    errors: list[FieldError] = []
    if request.format not in FORMATS:
        errors.append(choice_error("format", request.format, list(FORMATS)))
    if request.lang not in LANGS:
        errors.append(choice_error("lang", request.lang, list(LANGS)))
    if spec.needs_instansi and not request.instansi:
        errors.append(FieldError("instansi", "required"))
    if spec.needs_item and not request.item:
        errors.append(FieldError("item", "required"))
    for field, value, allowed in (
        ("item", request.item, spec.takes_item),
        ("unit", request.unit, spec.takes_unit),
        ("depth", request.depth, spec.takes_depth),
        ("province", request.province, spec.takes_province and not request.instansi),
    ):
        if value is not None and not allowed:
            detail = f"'{request.view}' tidak memakai / does not take '{field}'"
            errors.append(FieldError(field, "bad_value", {"detail": detail}))
    if request.depth is not None and not 1 <= request.depth <= MAX_DEPTH:
        errors.append(FieldError("depth", "out_of_range", {"minimum": 1, "maximum": MAX_DEPTH}))
    if errors:
        raise Invalid(errors)
    return spec


def _check_unit(graph: nx.MultiDiGraph, instansi: str, unit: str) -> None:
    ref = f"{instansi}:{unit}"
    if ref not in graph or graph.nodes[ref]["kind"] != "unit":
        raise NotFound.one("unit", "not_found", what="unit/OPD", ident=ref)


# ------------------------------------------------------------------ building and rendering


async def build_diagram(request: DiagramRequest, *, base_url: str = "") -> graphviz.Digraph:
    """The requested view as a Digraph (not rendered)."""
    check(request)
    # Items and impacts cross governments (a national app is used everywhere): whole registry.
    whole = request.view in ("item", "impact") or not request.instansi
    graph = await registry_graph(None if whole else [str(request.instansi)])
    instansi = str(request.instansi or "")
    if instansi and instansi not in (graph.graph.get("instansi") or {}):
        raise NotFound.one("instansi", "not_found", what="instansi", ident=instansi)
    ref = item_ref(graph, instansi, request.item) if request.item else None
    if request.unit:
        _check_unit(graph, instansi, request.unit)
    options = ViewOptions(lang=request.lang, base_url=base_url)
    return _view(request, graph, instansi, ref, options)


def _view(
    request: DiagramRequest,
    graph: nx.MultiDiGraph,
    instansi: str,
    ref: str | None,
    options: ViewOptions,
) -> graphviz.Digraph:
    if request.view == "landscape":
        return landscape(
            graph, instansi or None, unit=request.unit, province=request.province, options=options
        )
    if request.view == "layers":
        return layers(graph, instansi, unit=request.unit, options=options)
    if request.view == "item":
        assert ref is not None
        return neighbourhood(graph, ref, depth=request.depth or 1, options=options)
    if request.view == "impact":
        assert ref is not None
        return impact(graph, impact_of(graph, ref, max_depth=request.depth), options=options)
    if request.view == "duplicates":
        report = find_duplicates(graph, instansi=instansi)
        return duplicates(graph, report, focus=ref, options=options)
    return gaps(graph, find_gaps(graph, instansi=instansi), unit=request.unit, options=options)


async def render_diagram(request: DiagramRequest, *, base_url: str = "") -> bytes:
    """The requested view rendered in its format (`dot` runs in a worker thread)."""
    diagram = await build_diagram(request, base_url=base_url)
    return await asyncio.to_thread(render, diagram, request.format)


def file_name(request: DiagramRequest) -> str:
    parts = [request.view, request.instansi or request.province or "semua"]
    parts += [request.item, request.unit]
    stem = "-".join(p.replace(":", "_") for p in parts if p)
    return f"{stem}.{request.format}"


# The audit report embeds two views of the government it judges (its template marks where).
AUDIT_FIGURES = {"overview": "layers", "integration": "landscape"}
_SVG_START = re.compile(rb"<svg\b")


async def audit_figures(instansi: str, *, base_url: str = "") -> dict[str, str]:
    """Inline SVG markup by place in the audit report; none without Graphviz `dot`."""
    if not dot_available():
        return {}
    figures = {}
    for place, view in AUDIT_FIGURES.items():
        svg = await render_diagram(DiagramRequest(view, instansi=instansi), base_url=base_url)
        # Inline SVG takes the <svg> element only, not the XML declaration and doctype.
        start = _SVG_START.search(svg)
        figures[place] = svg[start.start() if start else 0 :].decode("utf-8")
    return figures
