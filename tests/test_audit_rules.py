"""Every rule of the shipped pack, pinned on purpose-built examples loaded through the store:
one item that complies (`<x>-ok`) and one that does not (`<x>-bad`), see tests/data/audit/.

The rules that rest on the analyses (`finding: ...`) get hand-built GapReport and DuplicateReport
objects, exactly what `registry.analysis.gaps` / `.duplicates` return."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from registry import db, store
from registry.analysis.audit import AuditReport, collect_findings, effective_rules, run_audit
from registry.analysis.audit.engine import items_by_kind, make_context, scope_items
from registry.analysis.audit.rules import RulePack, load_packs, parse_pack, select_pack
from registry.analysis.results import (
    DuplicatePair,
    DuplicateReport,
    Gap,
    GapReport,
    MigrationAdvice,
    Reason,
)
from registry.errors import Invalid, NotFound
from registry.graph import registry_graph
from registry.io.yaml_bundle import read_bundle
from registry.store import audit as audit_store
from tests.conftest import SEED_DIR, Databases, _empty

DATA = Path(__file__).parent / "data" / "audit"
AS_OF = dt.date(2026, 6, 30)
# Options that are off by default ([S1]/[U] sources), switched on to pin them too.
OPTIONS_ON = {
    "arch.classification_depth": {"enabled": True},
    "app.audit_recent": {"enabled": True},
    "sec.programme_recent": {"enabled": True},
}

CASES: list[tuple[str, str, str]] = [
    ("arch.classified", "cls-ok", "cls-bad"),
    ("arch.classification_depth", "depth-ok", "depth-bad"),
    ("arch.orphan_application", "orphan-ok", "orphan-bad"),
    ("arch.unowned", "unowned-ok", "unowned-bad"),
    ("app.national_overlap", "overlap-ok", "overlap-bad"),
    ("app.duplicate", "dup-ok", "dup-bad"),
    ("app.false_umum", "umum-ok", "umum-bad"),
    ("app.new_khusus_approval", "new-ok", "new-bad"),
    ("app.diskominfo_consulted", "consult-ok", "consult-bad"),
    ("app.lifecycle_dates", "life-ok", "life-bad"),
    ("app.inactive_hosted", "retired-ok", "retired-bad"),
    ("app.audit_record", "audit-ok", "audit-bad"),
    ("app.audit_recent", "audit-ok", "audit-old"),
    ("infra.hosting_pemda_pdn", "host-ok", "host-bad"),
    ("infra.app_backup", "backup-ok", "backup-bad"),
    ("infra.app_dr", "dr-ok", "dr-bad"),
    ("infra.datastore_backup", "db-ok", "db-bad"),
    ("infra.unhosted", "unhosted-ok", "unhosted-bad"),
    ("infra.audit_record", "dc-pemda", "ruang-server"),
    ("infra.unit_on_intranet", "diskominfo", "dinas-terpencil"),
    ("infra.intranet_national", "jaringan-intra", "intra-terpisah"),
    ("int.spl_components", "spl-pemda", "spl-rintisan"),
    ("int.spl_splp", "spl-pemda", "spl-rintisan"),
    ("int.spl_bypass", "bypass-ok", "bypass-bad"),
    ("int.api_in_directory", "api-ok", "api-bad"),
    ("int.claimed_interop", "interop-ok", "interop-bad"),
    ("data.produsen", "data-ok", "data-bad"),
    ("data.walidata", "data-ok", "data-bad"),
    ("data.metadata", "data-ok", "data-bad"),
    ("data.nature", "data-ok", "data-bad"),
    ("data.master_source_of_truth", "master-ok", "master-bad"),
    ("data.shadow_master", "master-ok", "master-bad"),
    ("svc.has_application", "svc-ok", "svc-bad"),
    ("svc.level4_integration", "svc-l4-ok", "svc-l4-bad"),
]
# Government-wide rules: kab-uji complies, kab-langgar does not.
GOVERNMENT_RULES = (
    "arch.six_domains",
    "infra.intranet_present",
    "int.spl_present",
    "svc.flagship_max",
    "sec.programme",
    "sec.programme_recent",
)


def _reason(text: str) -> list[Reason]:
    return [Reason("test", text, text)]


GAPS = GapReport(
    instansi=["kab-uji"],
    gaps=[
        Gap(
            "orphan_application",
            ["kab-uji:orphan-bad"],
            "tidak mendukung apa pun",
            "supports nothing",
        ),
        Gap("unowned", ["kab-uji:unowned-bad"], "tanpa pemilik", "no owner", "low"),
        Gap("unhosted", ["kab-uji:unhosted-bad"], "tanpa hosting", "not hosted"),
        Gap(
            "spl_bypass",
            ["kab-uji:bypass-bad", "kab-uji:lonely-app"],
            "integrasi langsung tanpa SPL",
            "direct integration bypassing the bus",
            "high",
        ),
        Gap(
            "claimed_interop_without_integration",
            ["kab-uji:interop-bad"],
            "klaim tanpa integrasi",
            "claimed, never integrated",
        ),
        Gap(
            "shadow_master_data",
            ["kab-uji:master-bad", "kab-uji:master-writer-1", "kab-uji:master-writer-2"],
            "data induk ditulis dua aplikasi",
            "master data written by two applications",
            "high",
        ),
        Gap("service_without_application", ["kab-uji:svc-bad"], "tanpa aplikasi", "no application"),
    ],
)
DUPLICATES = DuplicateReport(
    instansi=["kab-uji"],
    pairs=[
        DuplicatePair("kab-uji:dup-bad", "kab-uji:dup-twin", 0.95, _reason("nama sama")),
        DuplicatePair(
            "kab-uji:overlap-ok", "nasional:srikandi", 0.8, _reason("naskah dinas"), True
        ),
        DuplicatePair(
            "kab-uji:overlap-bad", "nasional:srikandi", 0.9, _reason("naskah dinas"), True
        ),
    ],
    migrations=[
        MigrationAdvice("kab-uji:overlap-bad", "nasional:srikandi", 0.9, _reason("fungsi sama"))
    ],
)


@dataclass
class Landscape:
    pack: RulePack
    graph: nx.MultiDiGraph
    reference: dict[str, tuple[str, int]]
    uji: AuditReport
    langgar: AuditReport
    langgar_graph: nx.MultiDiGraph

    def scope(self, rule_id: str) -> set[str]:
        """The kab-uji items the rule looked at."""
        findings = collect_findings(self.graph, "kab-uji", gaps=GAPS, duplicates=DUPLICATES)
        ctx = make_context(self.graph, "kab-uji", findings, as_of=AS_OF, reference=self.reference)
        eff = effective_rules(self.pack, OPTIONS_ON)[rule_id]
        ctx.params = eff.params
        return set(scope_items(eff.rule, ctx, items_by_kind(ctx)))


async def load_examples() -> None:
    for path in sorted(DATA.glob("*.yaml")):
        await store.import_bundle(
            read_bundle(path),
            store.ImportOptions(
                actor="test", strict=True, lenient=True, create_missing_units=False
            ),
        )


@pytest.fixture(scope="module")
async def landscape(databases: Databases) -> Landscape:
    db.use_engine(databases.scratch)
    await _empty(databases.scratch)
    await load_examples()
    pack = select_pack(load_packs(SEED_DIR / "rules"))
    reference = await audit_store.reference_levels("PERPRES132_2022")
    graph = await registry_graph(["kab-uji"])
    langgar_graph = await registry_graph(["kab-langgar"])
    uji = run_audit(
        graph,
        "kab-uji",
        pack,
        settings=OPTIONS_ON,
        as_of=AS_OF,
        reference=reference,
        gaps=GAPS,
        duplicates=DUPLICATES,
    )
    langgar = run_audit(
        langgar_graph,
        "kab-langgar",
        pack,
        settings=OPTIONS_ON,
        as_of=AS_OF,
        reference=reference,
        gaps=GapReport(["kab-langgar"]),
        duplicates=DuplicateReport(["kab-langgar"]),
    )
    return Landscape(pack, graph, reference, uji, langgar, langgar_graph)


def test_every_rule_of_the_pack_is_pinned(landscape: Landscape) -> None:
    pinned = {c[0] for c in CASES} | set(GOVERNMENT_RULES)
    assert pinned == set(landscape.pack.rules)


@pytest.mark.parametrize(("rule_id", "ok", "bad"), CASES, ids=[c[0] for c in CASES])
def test_rule_on_a_compliant_and_a_failing_example(
    landscape: Landscape, rule_id: str, ok: str, bad: str
) -> None:
    result = landscape.uji.rule(rule_id)
    assert result is not None and result.status == "evaluated", result
    failed = {f.item for f in result.failures}
    scope = landscape.scope(rule_id)
    assert f"kab-uji:{ok}" in scope and f"kab-uji:{bad}" in scope
    assert f"kab-uji:{ok}" not in failed
    assert f"kab-uji:{bad}" in failed
    failure = next(f for f in result.failures if f.item == f"kab-uji:{bad}")
    assert failure.reason and failure.reason_en and failure.reason != failure.reason_en
    assert failure.url == f"/api/instansi/kab-uji/items/{bad}"


@pytest.mark.parametrize("rule_id", GOVERNMENT_RULES)
def test_government_wide_rule(landscape: Landscape, rule_id: str) -> None:
    good, bad = landscape.uji.rule(rule_id), landscape.langgar.rule(rule_id)
    assert good is not None and bad is not None
    assert (good.tally.checked, good.tally.passed) == (1, 1)
    assert (bad.tally.checked, bad.tally.passed) == (1, 0)
    assert bad.failures[0].item is None and bad.failures[0].item_name == "Kabupaten Langgar"


def test_reasons_name_what_is_missing(landscape: Landscape) -> None:
    def reason(report: AuditReport, rule_id: str, item: str | None = None) -> str:
        result = report.rule(rule_id)
        assert result is not None
        return next(f.reason for f in result.failures if f.item == item)

    hosting = reason(landscape.uji, "infra.hosting_pemda_pdn", "kab-uji:host-bad")
    assert "Ruang Server OPD" in hosting and "Pusat data Pemda" in hosting
    security = reason(landscape.langgar, "sec.programme")
    for missing in ("identifikasi kerentanan", "peningkatan keamanan", "penanganan insiden"):
        assert missing in security
    assert "edukasi" not in security  # present, so not named as missing
    flagships = reason(landscape.langgar, "svc.flagship_max")
    assert "sekarang 4" in flagships and "Unggulan 4" in flagships
    overlap = reason(landscape.uji, "app.national_overlap", "kab-uji:overlap-bad")
    assert "SRIKANDI" in overlap and "Kajian biaya dan manfaat" in overlap
    shadow = reason(landscape.uji, "data.shadow_master", "kab-uji:master-bad")
    assert "ditulis dua aplikasi" in shadow


def test_analysis_rules_are_not_evaluated_without_the_analyses(landscape: Landscape) -> None:
    findings = collect_findings(landscape.graph, "kab-uji", run_analyses=False)
    report = run_audit(landscape.graph, "kab-uji", landscape.pack, findings=findings, as_of=AS_OF)
    pending = {r.rule for r in report.rules if r.status == "not_evaluated"}
    assert pending == {
        "arch.orphan_application",
        "arch.unowned",
        "app.national_overlap",
        "app.duplicate",
        "infra.unhosted",
        "int.spl_bypass",
        "int.claimed_interop",
        "data.shadow_master",
        "svc.has_application",
    }
    for rule_id in pending:
        result = report.rule(rule_id)
        assert result is not None and result.tally.checked == 0 and not result.failures
        assert "belum tersedia" in result.note
    assert "spl_bypass" in report.unavailable_findings


def test_settings_switch_off_and_tune(landscape: Landscape) -> None:
    settings: dict[str, Any] = {
        "infra.app_backup": {"enabled": False},
        "infra.hosting_pemda_pdn": {"params": {"facilities": ["ruang_server_opd"]}},
        "svc.flagship_max": {"params": {"max_flagship": 5}},
    }
    uji = run_audit(
        landscape.graph, "kab-uji", landscape.pack, settings=settings, as_of=AS_OF, gaps=GAPS
    )
    backup = uji.rule("infra.app_backup")
    assert backup is not None and backup.status == "disabled" and backup.tally.checked == 0
    hosting = uji.rule("infra.hosting_pemda_pdn")
    assert hosting is not None and hosting.customised
    failed = {f.item for f in hosting.failures}
    assert "kab-uji:host-bad" not in failed and "kab-uji:host-ok" in failed
    langgar = run_audit(
        landscape.langgar_graph, "kab-langgar", landscape.pack, settings=settings, as_of=AS_OF
    )
    flagship = langgar.rule("svc.flagship_max")
    assert flagship is not None and flagship.tally.passed == 1
    # Options are off by default: no result counts them.
    default = run_audit(landscape.graph, "kab-uji", landscape.pack, as_of=AS_OF, gaps=GAPS)
    for option in OPTIONS_ON:
        result = default.rule(option)
        assert result is not None and result.status == "disabled"


def test_scorecards_per_opd_and_category(landscape: Landscape) -> None:
    report = landscape.uji
    cards = {c.unit: c for c in report.units}
    remote = cards["kab-uji:dinas-terpencil"]
    # The unit itself (not on the intranet), its server room, server and the duplicate twin.
    assert remote.rules["infra.unit_on_intranet"].passed == 0
    assert remote.tally.checked == sum(t.checked for t in remote.categories.values())
    assert cards[None].name.startswith("(tanpa pemilik")  # unowned-bad
    total = sum(c.tally.checked for c in report.categories)
    assert total == report.tally.checked == sum(r.tally.checked for r in report.rules)
    assert report.tally.checked - report.tally.passed == sum(report.failures_by_severity.values())
    assert report.summary and report.summary[0].severity == "high"


def test_a_broken_rule_pack_is_reported_by_path() -> None:
    def rule(**changes: Any) -> dict[str, Any]:
        base: dict[str, Any] = {
            "id": "x.rule",
            "category": "c",
            "title": "t",
            "title_en": "t",
            "explanation": "e",
            "explanation_en": "e",
            "regulation": ["Perpres 95/2018"],
            "severity": "high",
            "scope": {"kind": "application"},
            "condition": {"attr": "backup", "equals": True},
        }
        return {**base, **changes}

    pack = {
        "format": "spbe-audit-rules/1",
        "code": "P",
        "version": "1",
        "name": "p",
        "name_en": "p",
        "categories": [{"id": "c", "name": "c", "name_en": "c"}],
        "rules": [
            rule(id="a", condition={"atr": "backup", "equals": True}),
            rule(id="b", condition={"attr": "backup", "equals": "$missing"}),
            rule(id="c", scope={"kind": "aplikasi"}),
            rule(id="d", scope="instansi"),
            rule(id="e", condition={"related": {"type": "hosted_at", "direction": "up"}}),
        ],
    }
    with pytest.raises(Invalid) as err:
        parse_pack(pack, location="broken.yaml")
    found = {(e.field, e.code) for e in err.value.errors}
    assert found == {
        ("rules[0].condition", "bad_condition"),
        ("rules[1].params", "unknown_param"),
        ("rules[2].scope.kind", "unknown_kind"),
        ("rules[3].condition", "bad_condition"),
        ("rules[4].condition.related.type", "bad_condition"),
        ("rules[4].condition.related.direction", "bad_condition"),
    }
    assert all(e.location == "broken.yaml" for e in err.value.errors)


def test_pack_versions_are_selected_by_code_and_version(tmp_path: Path) -> None:
    source = (SEED_DIR / "rules" / "spbe-audit-2026.1.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        source.replace('version: "2026.1"', 'version: "2026.10"'), encoding="utf-8"
    )
    packs = load_packs(tmp_path)
    assert select_pack(packs).version == "2026.10"  # numeric, not text, order
    assert select_pack(packs, "SPBE_AUDIT@2026.1").version == "2026.1"
    with pytest.raises(NotFound) as err:
        select_pack(packs, "SPBE_AUDIT@2025.1")
    assert "SPBE_AUDIT@2026.10" in err.value.errors[0].reason
