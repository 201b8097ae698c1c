"""The views as pure functions: demo graphs from the seed files (no database), the real `dot`,
analysis results written by hand (tests/diagram_reports.py)."""

from __future__ import annotations

import os
import random
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

import graphviz
import networkx as nx
import pytest

from registry.graph import build_graph
from registry.store.snapshot import RegistrySnapshot
from tests.diagram_reports import (
    DEMO,
    IMPACT_ITEMS,
    demo_graph,
    duplicate_report,
    gap_report,
    impact_report,
)
from visualize.canvas import ViewOptions
from visualize.duplicates import duplicates
from visualize.gaps import gaps
from visualize.impact import impact
from visualize.landscape import landscape
from visualize.layers import layers
from visualize.neighbourhood import neighbourhood
from visualize.render import DotMissing, render

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def svg_of(diagram: graphviz.Digraph) -> ET.Element:
    """Rendered by the real `dot` and parsed: fails unless it is well-formed XML."""
    return ET.fromstring(render(diagram, "svg"))


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def links(root: ET.Element) -> list[str]:
    return [a.get(f"{XLINK}href") or "" for a in root.iter(f"{SVG}a") if a.get(f"{XLINK}href")]


def views_for(code: str) -> dict[str, Callable[[], graphviz.Digraph]]:
    graph = demo_graph()
    return {
        "landscape": lambda: landscape(graph, code),
        "layers": lambda: layers(graph, code),
        "item": lambda: neighbourhood(graph, IMPACT_ITEMS[code], depth=2),
        "impact": lambda: impact(graph, impact_report(graph, IMPACT_ITEMS[code])),
        "duplicates": lambda: duplicates(graph, duplicate_report(code)),
        "gaps": lambda: gaps(graph, gap_report(graph, code)),
    }


@pytest.mark.parametrize("code", DEMO)
@pytest.mark.parametrize("view", ["landscape", "layers", "item", "impact", "duplicates", "gaps"])
def test_every_view_renders_for_both_demo_governments(code: str, view: str) -> None:
    diagram = views_for(code)[view]()
    root = svg_of(diagram)
    words = " ".join(texts(root))
    assert "Keterangan" in words  # the legend, on every view
    hrefs = links(root)
    assert hrefs and all(h.startswith("/api/") for h in hrefs)
    # Items link to their API resource; a collapsed view's groups to their drill-down.
    assert any(re.match(r"/api/instansi/[^/]+/items/[^/]+$", h) or "unit=" in h for h in hrefs)
    # Deterministic: built again, the same DOT.
    assert views_for(code)[view]().source == diagram.source
    assert render(diagram, "png").startswith(b"\x89PNG")
    assert render(diagram, "pdf").startswith(b"%PDF")


def test_landscape_shows_apps_per_unit_spl_bus_and_national_apart() -> None:
    graph = demo_graph()
    source = landscape(graph, "sumedang").source
    root = ET.fromstring(render(landscape(graph, "sumedang"), "svg"))
    words = " ".join(texts(root))
    assert "Dinas Kesehatan (Dinkes)" in words and "SIMPEG Sumedang" in words
    # 73 SPL integrations meet at the SPL node: no point-to-point edge in Sumedang.
    assert '"sumedang/spl-sumedang"' in source
    assert "74 integrasi: 74 melalui SPL, 0 point-to-point" in source
    assert "cluster_national_nasional" in source
    assert "/api/instansi/sumedang/items/simpeg" in links(root)
    aceh = landscape(graph, "aceh-utara").source
    assert "20 integrasi: 0 melalui SPL, 20 point-to-point" in aceh
    assert aceh.count('color="#ad1457"') >= 6  # database links in their own colour


def test_layers_bands_in_order_and_collapse_with_drill_down() -> None:
    graph = demo_graph()
    aceh = layers(graph, "aceh-utara")
    words = " ".join(texts(svg_of(aceh)))
    positions = [
        words.index(f" {band} ")
        for band in ("Proses Bisnis", "Layanan", "Aplikasi", "Data dan Informasi", "Infrastruktur")
    ]
    assert positions == sorted(positions)  # bands top to bottom in the SVG's drawing order
    # Sumedang is over the limit: one node per layer and a table of units linking down.
    sumedang = layers(graph, "sumedang")
    assert "melebihi batas 100" in sumedang.source
    hrefs = links(svg_of(sumedang))
    assert "/api/diagrams/layers?instansi=sumedang&unit=dinkes&format=svg" in hrefs
    drill = layers(graph, "sumedang", unit="dinkes")
    assert "sumedang/simpus" in drill.source and "sumedang/simpeg" not in drill.source


def test_landscape_collapses_per_unit_and_national_view_per_government() -> None:
    graph = demo_graph()
    small = landscape(graph, "aceh-utara", options=ViewOptions(max_nodes=20))
    root = svg_of(small)
    assert "/api/diagrams/landscape?instansi=aceh-utara&unit=diskominfo&format=svg" in links(root)
    assert "8 aplikasi" in " ".join(texts(root))
    national = landscape(graph)  # 127 applications: one node per government
    hrefs = links(svg_of(national))
    for code in ("sumedang", "aceh-utara", "nasional"):
        assert f"/api/diagrams/landscape?instansi={code}&format=svg" in hrefs
    drill = landscape(graph, "aceh-utara", unit="rsud-cut-meutia")
    assert "aceh-utara/simrs-cut-meutia" in drill.source
    assert "nasional/satusehat" in drill.source  # a partner outside the unit


def test_national_view_collapses_per_province_then_per_government() -> None:
    snapshot = RegistrySnapshot(
        instansi=[{"code": "nasional", "name": "Nasional", "level": "nasional", "attributes": {}}]
    )
    snapshot.items.append(_app("nasional", "hub"))
    for g in range(12):
        code = f"kab-{g:02d}"
        province = f"Provinsi {g % 3}"
        snapshot.instansi.append(
            {
                "code": code,
                "name": code.upper(),
                "level": "kabupaten",
                "attributes": {"province": province},
            }
        )
        snapshot.items += [_app(code, "a"), _app(code, "b")]
        snapshot.relationships.append(
            {
                "id": g,
                "instansi": code,
                "type": "integrates_with",
                "source": f"{code}:a",
                "target": "nasional:hub",
                "attributes": {"mechanism": "spl" if g % 2 else "direct_api"},
            }
        )
    graph = build_graph(snapshot)
    options = ViewOptions(max_nodes=5)
    provinces = links(svg_of(landscape(graph, options=options)))
    assert "/api/diagrams/landscape?province=Provinsi+1&format=svg" in provinces
    one = landscape(graph, province="Provinsi 1", options=options)
    hrefs = links(svg_of(one))
    assert "/api/diagrams/landscape?instansi=kab-01&format=svg" in hrefs
    assert "kab-02" not in one.source and "Lanskap Aplikasi Nasional — Provinsi 1" in one.source


def _app(code: str, key: str) -> dict[str, object]:
    return {
        "ref": f"{code}:{key}",
        "instansi": code,
        "kind": "application",
        "key": key,
        "name": f"Aplikasi {key}",
        "description": "",
        "owner": None,
        "status": "aktif",
        "reference_codes": [],
        "attributes": {},
        "custom": {},
    }


def test_item_view_collapses_the_outer_ring() -> None:
    graph = demo_graph()
    sso = neighbourhood(graph, "sumedang:sso", depth=2, options=ViewOptions(max_nodes=30))
    assert "/api/diagrams/item?instansi=sumedang&item=" in " ".join(links(svg_of(sso)))
    one = neighbourhood(graph, "sumedang:simpeg")
    assert "nasional/siasn" in one.source and "melalui SPL/SPLP" not in one.source.lower()


def test_analysis_views_collapse_with_links() -> None:
    graph = demo_graph()
    dup = duplicates(graph, duplicate_report("aceh-utara"), options=ViewOptions(max_nodes=6))
    assert "/api/diagrams/duplicates?instansi=aceh-utara&item=" in " ".join(links(svg_of(dup)))
    focused = duplicates(graph, duplicate_report("aceh-utara"), focus="aceh-utara:tnde")
    assert "aceh-utara/e-surat" in focused.source and "sms-gateway" not in focused.source
    report = impact_report(graph, IMPACT_ITEMS["aceh-utara"])
    small = impact(graph, report, options=ViewOptions(max_nodes=8))
    assert "/api/diagrams/impact?instansi=aceh-utara&item=" in " ".join(links(svg_of(small)))
    gap = gaps(graph, gap_report(graph, "aceh-utara"), options=ViewOptions(max_nodes=10))
    assert "/api/diagrams/gaps?instansi=aceh-utara&unit=rsud-cut-meutia&format=svg" in links(
        svg_of(gap)
    )


def test_gaps_draw_missing_integrations_dashed_red_and_bypasses_marked() -> None:
    graph = demo_graph()
    source = gaps(graph, gap_report(graph, "aceh-utara")).source
    missing = re.search(
        r'"aceh-utara/simpus" -> "aceh-utara/simrs-cut-meutia" \[([^\]]*)\]', source
    )
    assert missing and "style=dashed" in missing.group(1) and "#d32f2f" in missing.group(1)
    assert source.count("melewati SPL") >= 1 and "penwidth=2.8" in source
    assert "tanpa pemilik" in source and "data induk bayangan" in source
    unknown = gaps(graph, gap_report(graph, "sumedang")).source
    assert "no audit" in unknown  # a kind the view does not know is still shown


def test_english_on_request() -> None:
    graph = demo_graph()
    english = landscape(graph, "aceh-utara", options=ViewOptions(lang="en")).source
    assert "Application Landscape" in english and "Legend" in english
    assert "Lanskap" not in english and "Keterangan" not in english
    assert (
        "Data and information" in layers(graph, "aceh-utara", options=ViewOptions(lang="en")).source
    )


def _shuffled(graph: nx.MultiDiGraph, seed: int) -> nx.MultiDiGraph:
    """The same graph built in another order."""
    rng = random.Random(seed)
    nodes = list(graph.nodes(data=True))
    edges = list(graph.edges(keys=True, data=True))
    rng.shuffle(nodes)
    rng.shuffle(edges)
    copy = nx.MultiDiGraph(**graph.graph)
    copy.add_nodes_from(nodes)
    copy.add_edges_from(edges)
    return copy


def test_same_data_in_another_order_gives_byte_identical_dot() -> None:
    graph = demo_graph()
    other = _shuffled(graph, 7)
    for code in DEMO:
        assert landscape(other, code).source == landscape(graph, code).source
        assert layers(other, code).source == layers(graph, code).source
        report = gap_report(graph, code)
        assert gaps(other, report).source == gaps(graph, report).source
    assert landscape(other).source == landscape(graph).source


NASTY = 'Kutip "ganda" {kurung} <b>tebal</b> <script>alert(1)</script> \\N \\" & ;'


def nasty_graph() -> nx.MultiDiGraph:
    """User text that could break DOT or inject markup, in names, descriptions and keys."""

    def item(key: str, kind: str, name: str, owner: str | None = None) -> dict[str, object]:
        return {
            "ref": f"kab-x:{key}",
            "instansi": "kab-x",
            "kind": kind,
            "key": key,
            "name": name,
            "description": NASTY,
            "owner": owner,
            "status": "aktif",
            "reference_codes": [],
            "attributes": {"abbreviation": "<i>OPD</i>"} if kind == "unit" else {},
            "custom": {},
        }

    odd_key = 'a b"c<d>'
    return build_graph(
        RegistrySnapshot(
            instansi=[{"code": "kab-x", "name": NASTY, "level": "kabupaten", "attributes": {}}],
            items=[
                item("opd", "unit", NASTY),
                item("app", "application", NASTY, "kab-x:opd"),
                item(odd_key, "application", "Biasa", "kab-x:opd"),
                item("svc", "service", "Layanan {x}", "kab-x:opd"),
            ],
            relationships=[
                {
                    "id": 1,
                    "instansi": "kab-x",
                    "type": "integrates_with",
                    "source": "kab-x:app",
                    "target": f"kab-x:{odd_key}",
                    "attributes": {"mechanism": "direct_api", "data": NASTY},
                },
                {
                    "id": 2,
                    "instansi": "kab-x",
                    "type": "supports",
                    "source": "kab-x:app",
                    "target": "kab-x:svc",
                    "attributes": {},
                },
            ],
        )
    )


def test_user_text_renders_literally_through_dot() -> None:
    graph = nasty_graph()
    for diagram in (
        landscape(graph, "kab-x"),
        layers(graph, "kab-x"),
        neighbourhood(graph, "kab-x:app"),
    ):
        raw = render(diagram, "svg").decode("utf-8")
        root = ET.fromstring(raw)  # well-formed despite the names
        assert not list(root.iter(f"{SVG}script")) and "<script" not in raw
        joined = "".join(texts(root))
        for piece in ('"ganda"', "{kurung}", "<b>tebal</b>", "<script>alert(1)</script>"):
            assert piece in joined, piece
        titles = [t.text or "" for t in root.iter(f"{SVG}title")]
        assert "kab-x/a%20b%22c%3Cd%3E" in titles  # the odd key, as a stable id
        assert "/api/instansi/kab-x/items/a%20b%22c%3Cd%3E" in links(root)
        tooltips = [a.get(f"{XLINK}title") or "" for a in root.iter(f"{SVG}a")]
        assert any("<script>alert(1)</script> \\N" in t for t in tooltips)
        assert render(diagram, "png").startswith(b"\x89PNG")


def test_formats_and_missing_dot(monkeypatch: pytest.MonkeyPatch) -> None:
    diagram = landscape(demo_graph(), "aceh-utara", unit="dinkes")
    assert render(diagram, "pdf").startswith(b"%PDF")
    assert render(diagram, "png").startswith(b"\x89PNG")
    assert render(diagram, "dot").decode() == diagram.source
    monkeypatch.setenv("PATH", os.devnull)
    assert render(diagram, "dot").decode() == diagram.source  # DOT needs no Graphviz
    with pytest.raises(DotMissing) as missing:
        render(landscape(demo_graph(), "aceh-utara", unit="bpbd"), "svg")
    assert missing.value.status == 503 and "dot" in missing.value.to_dict()
    assert missing.value.source.startswith("digraph")


def test_views_of_nothing_found_render() -> None:
    """A clean government gives empty reports: the views still render, saying so."""
    from registry.analysis.results import DuplicateReport, GapReport, ImpactReport

    snapshot = RegistrySnapshot(
        instansi=[
            {
                "code": "kab-bersih",
                "name": "Kabupaten Bersih",
                "level": "kabupaten",
                "attributes": {},
            }
        ],
        items=[_app("kab-bersih", "satu")],
    )
    graph = build_graph(snapshot)
    for view in (
        duplicates(graph, DuplicateReport(instansi=["kab-bersih"])),
        gaps(graph, GapReport(instansi=["kab-bersih"])),
        impact(graph, ImpactReport(item="kab-bersih:satu")),
    ):
        root = svg_of(view)
        assert root.tag.endswith("svg") and texts(root)
