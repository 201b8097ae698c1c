"""Dependencies, impact and integration gaps on the demo governments (every problem planted in
Aceh Utara, seed/demo/README.md) and on purpose-built graphs."""

from __future__ import annotations

from collections import defaultdict

import pytest

from registry.analysis.gaps import GAP_KINDS, find_gaps
from registry.analysis.impact import impact
from registry.errors import NotFound
from registry.io.offline import graph_from_bundles
from registry.store.bulk import Bundle, ItemRecord, RelationshipRecord
from tests.analysis_data import aceh, demo_graph, national


def _by_kind(instansi: str) -> dict[str, list[list[str]]]:
    out: dict[str, list[list[str]]] = defaultdict(list)
    for gap in find_gaps(demo_graph(), instansi).gaps:
        assert gap.reason and gap.reason_en and gap.severity in ("low", "medium", "high")
        out[gap.kind].append(gap.items)
    return out


def _firsts(gaps: list[list[str]]) -> set[str]:
    return {items[0] for items in gaps}


def test_aceh_utara_planted_gaps() -> None:
    gaps = _by_kind("aceh-utara")
    assert _firsts(gaps["service_without_application"]) == set(aceh("layanan-bmd"))
    assert gaps["capability_without_integration"] == [
        aceh("layanan-pengaduan", "lapor-android", "lapor-web")
    ]
    assert _firsts(gaps["claimed_interop_without_integration"]) == set(aceh("simdik"))
    shadow = {items[0]: set(items[1:]) for items in gaps["shadow_master_data"]}
    assert shadow[aceh("data-penduduk")[0]] == set(aceh("simduk", "simgam", "sidega"))
    assert shadow[aceh("data-pegawai")[0]] == set(aceh("simpeg", "simpeg-setda"))
    assert shadow["nasional:data-kependudukan"] == {"aceh-utara:simduk", "nasional:siak"}
    assert _firsts(gaps["multiple_writers"]) == set(
        aceh("data-pengaduan", "data-rujukan", "data-harga-pasar", "data-gampong")
    )
    assert _firsts(gaps["orphan_application"]) == set(
        aceh(
            "sms-gateway-bpkd",
            "sms-gateway-rsud",
            "e-musrenbang",
            "portal-aceh-utara",
            "jdih",
            "ppid",
            "simdik",
            "si-bansos",
            "e-audit",
            "si-bencana",
            "e-retribusi-pasar",
            "visit-aceh-utara",
            "dashboard-dana-gampong",
            "dashboard-covid",
        )
    )
    assert _firsts(gaps["unowned"]) == set(
        aceh("visit-aceh-utara", "dashboard-dana-gampong", "data-pengaduan", "data-rujukan")
    )
    assert _firsts(gaps["unhosted"]) == set(
        aceh(
            "sms-gateway-dpmptsp",
            "sistem-antrian-dpmptsp",
            "rujukan-online-dinkes",
            "sidega",
            "simpeg-setda",
            "e-proc-lokal",
            "simpus",
            "sim-perizinan",
            "e-audit",
            "simdik",
            "si-bansos",
            "visit-aceh-utara",
            "dashboard-dana-gampong",
            "dashboard-covid",
        )
    )
    assert gaps["inactive_but_hosted"] == [aceh("e-musrenbang", "srv-diskominfo-01")]
    assert _firsts(gaps["spl_not_connected"]) == set(aceh("spl-aceh-utara"))


def test_point_to_point_integrations_by_mechanism() -> None:
    sources: dict[str, set[str]] = defaultdict(set)
    for gap in find_gaps(demo_graph(), "aceh-utara").gaps:
        if gap.kind == "spl_bypass":
            mechanism = gap.reason_en.split(" uses ")[1]
            sources[mechanism].add(gap.items[0].split(":")[1])
    assert sources["a direct point-to-point API, not the SPL"] == {
        "sistem-antrian-dpmptsp",
        "tnde",
        "e-surat",
        "command-center",
        "simrs-cut-meutia",
        "simpus",
        "jdih",
        "sim-perizinan",
    }
    assert sources["a database link, not the SPL"] == {
        "antrian-online-rsud",
        "rujukan-online-rsud",
        "e-kinerja-aceh-utara",
        "simrs-cut-meutia",
        "e-pbb",
        "e-bphtb",
    }
    assert sources["a file exchange, not the SPL"] == {
        "simgam",
        "simpati-aceh-utara",
        "command-center",
    }
    assert sources["a manual process, not the SPL"] == {"simpeg", "portal-satu-data"}


def test_single_points_of_failure_and_critical_links() -> None:
    gaps = _by_kind("aceh-utara")
    spof = {items[0]: items[1:] for items in gaps["single_point_of_failure"]}
    assert "aceh-utara:srv-diskominfo-01" in spof and "aceh-utara:cloud-vps" in spof
    assert "aceh-utara:layanan-kepegawaian" in spof["aceh-utara:srv-diskominfo-01"]
    assert gaps["critical_link"]


def test_clean_government_has_few_gaps() -> None:
    """Sumedang integrates through its SPL, hosts everything in its data centre, owns every
    item: none of the Aceh Utara kinds of debt appear."""
    gaps = _by_kind("sumedang")
    for kind in (
        "spl_bypass",
        "spl_not_connected",
        "shadow_master_data",
        "unhosted",
        "unowned",
        "orphan_application",
        "claimed_interop_without_integration",
    ):
        assert kind not in gaps, (kind, gaps[kind])
    # the SSO reads the staff data SIMPEG writes, and is integrated with SIMPEG through the SPL
    assert "missing_integration" not in gaps
    # SIMPEG logs in through the SSO, which reads the staff data SIMPEG writes
    assert ["sumedang:data-pegawai", "sumedang:simpeg", "sumedang:sso"] in gaps["dependency_cycle"]


def _mini(relationships: list[tuple[str, str, str, dict]], code: str = "kab-uji") -> Bundle:
    keys = {k for s, _, t, _ in relationships for k in (s, t) if ":" not in k}
    kinds = {"svc": "service", "data": "dataset", "srv": "server", "dc": "data_centre"}
    return Bundle(
        {"code": code, "name": code, "level": "kabupaten"},
        [
            ItemRecord({"kind": kinds.get(k.split("-")[0], "application"), "key": k, "name": k})
            for k in sorted(keys)
        ],
        [RelationshipRecord(s, t, g, a) for s, t, g, a in relationships],
    )


def test_missing_integration_and_cycles() -> None:
    bundle = _mini(
        [
            ("writer", "writes", "data-x", {}),
            ("reader", "reads", "data-x", {}),
            ("helper", "supports", "svc-y", {}),
            ("svc-y", "requires", "data-x", {}),
            ("a", "integrates_with", "b", {"mechanism": "spl"}),
            ("b", "integrates_with", "a", {"mechanism": "spl"}),
        ]
    )
    gaps = find_gaps(graph_from_bundles([bundle]), "kab-uji").gaps
    missing = [g.items for g in gaps if g.kind == "missing_integration"]
    assert ["kab-uji:data-x", "kab-uji:reader", "kab-uji:writer"] in missing
    assert ["kab-uji:svc-y", "kab-uji:data-x", "kab-uji:helper", "kab-uji:writer"] in missing
    cycles = [g for g in gaps if g.kind == "dependency_cycle"]
    assert [g.items for g in cycles] == [["kab-uji:a", "kab-uji:b"]]
    assert {g.kind for g in gaps} <= set(GAP_KINDS)
    # an integration closes the gap
    bundle.relationships.append(
        RelationshipRecord("reader", "integrates_with", "writer", {"mechanism": "spl"})
    )
    gaps = find_gaps(graph_from_bundles([bundle]), "kab-uji").gaps
    assert ["kab-uji:data-x", "kab-uji:reader", "kab-uji:writer"] not in [
        g.items for g in gaps if g.kind == "missing_integration"
    ]


def test_impact_of_a_server_depth_and_paths() -> None:
    report = impact(demo_graph(), "aceh-utara:srv-diskominfo-01")
    assert "aceh-utara:ruang-server-diskominfo" in {e.ref for e in report.depends_on}
    dependents = {e.ref: e for e in report.dependents}
    simpeg = dependents["aceh-utara:simpeg"]
    assert simpeg.depth == 1 and simpeg.path == [
        "aceh-utara:srv-diskominfo-01",
        "aceh-utara:simpeg",
    ]
    assert "aceh-utara:layanan-kepegawaian" in report.affected_services
    assert report.affected_governments == ["aceh-utara"]
    assert {r.code for r in report.reasons} == {"blast_radius", "no_backup"}
    shallow = impact(demo_graph(), "aceh-utara:srv-diskominfo-01", max_depth=1)
    assert {e.depth for e in shallow.dependents} == {1}
    for e in report.dependents:
        assert e.path[0] == report.item and e.path[-1] == e.ref and len(e.path) == e.depth + 1


def test_blast_radius_of_a_national_data_centre_crosses_governments() -> None:
    """The PDNS 2 lesson: one national facility, tenants in several governments."""
    tenants = [
        _mini(
            [
                ("app-a", "hosted_on", "nasional:pdns2-surabaya", {}),
                ("app-a", "supports", "svc-a", {}),
            ],
            code,
        )
        for code in ("kab-a", "kota-b")
    ]
    graph = graph_from_bundles([national(), *tenants])
    report = impact(graph, "nasional:pdns2-surabaya")
    assert report.affected_governments == ["kab-a", "kota-b"]
    assert report.affected_services == ["kab-a:svc-a", "kota-b:svc-a"]


def test_impact_of_an_unknown_item() -> None:
    with pytest.raises(NotFound):
        impact(demo_graph(), "aceh-utara:tidak-ada")


def test_every_gap_kind_appears_on_the_demo() -> None:
    kinds = {g.kind for g in find_gaps(demo_graph()).gaps}
    assert kinds == set(GAP_KINDS)
