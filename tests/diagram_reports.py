"""Analysis results written by hand for the diagram tests (the analyses live on another branch):
the problems planted in the demo (seed/demo/README.md) as the analyses would report them, and
the demo graph built straight from the seed files (no database)."""

from __future__ import annotations

from collections import deque
from functools import cache
from pathlib import Path

import networkx as nx

from registry.analysis.results import (
    DependencyEntry,
    DuplicateCluster,
    DuplicatePair,
    DuplicateReport,
    Gap,
    GapReport,
    ImpactReport,
    MigrationAdvice,
    Reason,
)
from registry.config import PROJECT_ROOT
from registry.io.offline import graph_from_bundles
from registry.io.yaml_bundle import parse_bundle

SEED = PROJECT_ROOT / "seed"
DEMO = ("sumedang", "aceh-utara")


@cache
def demo_graph() -> nx.MultiDiGraph:
    """Every seed government in one graph, from the YAML files (read-only: shared)."""
    files = [SEED / "national" / "nasional.yaml", *sorted((SEED / "demo").glob("*.yaml"))]
    return graph_from_bundles([parse_bundle(Path(f).read_text(), str(f)) for f in files])


SAME_NAME = Reason("same_name", "nama sama persis", "identical name", 0.5)
SAME_FUNCTION = Reason("same_function", "fungsi sama", "same function", 0.3)
SAME_REFERENCE = Reason("same_reference", "kode referensi sama", "same reference code", 0.2)
NATIONAL_OVERLAP = Reason(
    "national_overlap", "tumpang tindih aplikasi nasional", "overlaps a national application", 0.4
)


def _pair(a: str, b: str, score: float, *reasons: Reason, national: bool = False) -> DuplicatePair:
    return DuplicatePair(a, b, score, list(reasons), national)


def _cluster(pairs: list[DuplicatePair]) -> DuplicateCluster:
    members = sorted({r for p in pairs for r in (p.a, p.b)})
    return DuplicateCluster(members, max(p.score for p in pairs), pairs)


def duplicate_report(code: str) -> DuplicateReport:
    if code == "sumedang":
        pair = _pair(
            "sumedang:e-office", "nasional:srikandi", 0.35, NATIONAL_OVERLAP, national=True
        )
        return DuplicateReport([code], [pair], [_cluster([pair])], [])
    a = f"{code}:"
    groups = [
        [
            _pair(
                a + "sms-gateway-bpkd", a + "sms-gateway-dpmptsp", 0.95, SAME_NAME, SAME_FUNCTION
            ),
            _pair(a + "sms-gateway-bpkd", a + "sms-gateway-rsud", 0.93, SAME_NAME, SAME_FUNCTION),
        ],
        [
            _pair(a + "sistem-antrian-dpmptsp", a + "antrian-online-rsud", 0.72, SAME_FUNCTION),
            _pair(a + "antrian-online-rsud", a + "e-antrian-puskesmas", 0.7, SAME_FUNCTION),
        ],
        [_pair(a + "rujukan-online-rsud", a + "rujukan-online-dinkes", 0.9, SAME_NAME)],
        [_pair(a + "harga-pasar", a + "siharpa", 0.66, SAME_FUNCTION, SAME_REFERENCE)],
        [_pair(a + "simgam", a + "sidega", 0.81, SAME_FUNCTION)],
        [
            _pair(a + "lapor-web", a + "lapor-android", 0.78, SAME_FUNCTION),
            _pair(a + "lapor-web", "nasional:sp4n-lapor", 0.6, NATIONAL_OVERLAP, national=True),
        ],
        [
            _pair(a + "tnde", a + "e-surat", 0.74, SAME_FUNCTION, SAME_REFERENCE),
            _pair(a + "tnde", "nasional:srikandi", 0.7, NATIONAL_OVERLAP, national=True),
        ],
    ]
    pairs = [p for g in groups for p in g]
    migrations = [
        MigrationAdvice(a + source, f"nasional:{target}", score, [NATIONAL_OVERLAP])
        for source, target, score in (
            ("e-surat", "srikandi", 0.7),
            ("e-kinerja-aceh-utara", "e-kinerja-bkn", 0.8),
            ("e-proc-lokal", "spse", 0.85),
            ("simdik", "dapodik", 0.6),
        )
    ]
    return DuplicateReport([code], pairs, [_cluster(g) for g in groups], migrations)


# What depends on what, read backwards from the failing item (hand-made for the fixtures).
_DEPENDS = ("hosted_on", "stored_in", "uses", "reads", "writes", "exposes_api_on")
_SUPPORTS = ("supports", "realises")


def impact_report(graph: nx.MultiDiGraph, ref: str) -> ImpactReport:
    paths: dict[str, list[str]] = {ref: [ref]}
    queue = deque([ref])
    while queue:
        current = queue.popleft()
        nexts = [u for u, _, d in graph.in_edges(current, data=True) if d["type"] in _DEPENDS]
        nexts += [v for _, v, d in graph.out_edges(current, data=True) if d["type"] in _SUPPORTS]
        for n in sorted(nexts):
            if n not in paths:
                paths[n] = [*paths[current], n]
                queue.append(n)
    dependents = [DependencyEntry(n, len(p) - 1, p) for n, p in sorted(paths.items()) if n != ref]
    depends_on = [
        DependencyEntry(v, 1, [ref, v])
        for _, v, d in sorted(graph.out_edges(ref, data=True), key=lambda e: e[1])
        if d["type"] in ("hosted_on", "stored_in")
    ]
    return ImpactReport(
        item=ref,
        depends_on=depends_on,
        dependents=dependents,
        affected_services=sorted(n for n in paths if graph.nodes[n]["kind"] == "service"),
        affected_governments=sorted({str(graph.nodes[n]["instansi"]) for n in paths}),
        reasons=[
            Reason("hosting", "gangguan merambat lewat hosting", "failure spreads through hosting")
        ],
    )


IMPACT_ITEMS = {
    "sumedang": "sumedang:srv-app-01",
    "aceh-utara": "aceh-utara:ruang-server-diskominfo",
}


def gap_report(graph: nx.MultiDiGraph, code: str) -> GapReport:
    a = f"{code}:"
    if code == "sumedang":
        return GapReport(
            [code],
            [
                Gap("no_audit", [a + "bank-sampah"], "belum diaudit", "never audited", "low"),
                Gap("no_audit", [a + "e-makam"], "belum diaudit", "never audited", "low"),
                Gap("no_metadata", [a + "data-rtlh"], "tanpa metadata", "no metadata", "low"),
            ],
        )
    bypasses = [
        Gap(
            "spl_bypass",
            [u, v],
            f"integrasi {d['attributes']['mechanism']} tidak melalui SPL",
            f"{d['attributes']['mechanism']} integration not through the SPL",
            "high" if d["attributes"]["mechanism"] in ("db_link", "manual") else "medium",
        )
        for u, v, d in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1]))
        if d["type"] == "integrates_with" and u.startswith(a)
    ]
    return GapReport(
        [code],
        [
            *bypasses,
            Gap(
                "missing_integration",
                [a + "simpus", a + "simrs-cut-meutia"],
                "rujukan pasien tanpa integrasi",
                "patient referral without integration",
                "high",
            ),
            Gap(
                "missing_integration",
                [a + "lapor-web", "nasional:sp4n-lapor"],
                "pengaduan tidak diteruskan ke SP4N-LAPOR!",
                "complaints not passed on to SP4N-LAPOR!",
                "high",
            ),
            Gap(
                "claimed_interop_without_integration",
                [a + "simdik"],
                "diklaim terintegrasi tanpa integrasi",
                "claims integration, has none",
                "medium",
            ),
            Gap("service_without_application", [a + "layanan-bmd"], "tanpa aplikasi", "no app"),
            *(
                Gap("unowned", [a + k], "tanpa pemilik", "no owner", "medium")
                for k in ("visit-aceh-utara", "dashboard-dana-gampong", "data-pengaduan")
            ),
            *(
                Gap("unhosted", [a + k], "tanpa hosting", "not hosted", "low")
                for k in ("simdik", "si-bansos", "visit-aceh-utara")
            ),
            Gap(
                "shadow_master_data",
                [a + "data-penduduk", a + "simgam", a + "sidega"],
                "data induk ditulis beberapa aplikasi",
                "master data written by several applications",
                "high",
            ),
        ],
    )
