"""The audit as the API and the CLI run it: gather the inputs through the store and the graph,
run the pure audit (`registry.analysis.audit`), store a run when asked, compare with an earlier
one. The rule packs and evaluation frameworks are read once per process from `seed/`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from registry.analysis.audit import (
    AuditReport,
    Framework,
    RulePack,
    compare,
    effective_rules,
    get_framework,
    load_frameworks,
    load_packs,
    run_audit,
    select_pack,
)
from registry.analysis.audit.evidence import AssessmentView, assess
from registry.analysis.results import DuplicateReport, GapReport
from registry.errors import Invalid, NotFound
from registry.graph import registry_graph
from registry.store import audit as audit_store
from registry.store.instansi import get_instansi_row

FORMATS = ("json", "csv", "html")


@dataclass(frozen=True)
class Catalogue:
    packs: dict[str, list[RulePack]]
    frameworks: dict[str, Framework]

    def pack(self, wanted: str | None = None) -> RulePack:
        return select_pack(self.packs, wanted)

    def framework(self, code: str) -> Framework:
        return get_framework(self.frameworks, code)


@cache
def catalogue(seed_dir: Path) -> Catalogue:
    return Catalogue(load_packs(seed_dir / "rules"), load_frameworks(seed_dir / "evaluation"))


def parse_as_of(value: str | None, field: str = "as_of") -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid.one(
            field, "bad_type", expected="tanggal YYYY-MM-DD", expected_en="date YYYY-MM-DD"
        ) from None


def parse_compare(value: str | None) -> int | str | None:
    """`latest` (the newest stored run) or a run id."""
    if value in (None, ""):
        return None
    if value == "latest":
        return value
    if value.isdigit():
        return int(value)
    raise Invalid.one("compare", "bad_value", detail=f"'{value}': latest atau/or a run id")


def check_format(value: str) -> str:
    if value not in FORMATS:
        raise Invalid.one("format", "not_in_choices", value=value, choices=", ".join(FORMATS))
    return value


async def audit_government(
    code: str,
    seed_dir: Path,
    *,
    pack: str | None = None,
    as_of: dt.date | None = None,
    compare_with: int | str | None = None,
    save: bool = False,
    actor: str = "api",
    gaps: GapReport | None = None,
    duplicates: DuplicateReport | None = None,
) -> AuditReport:
    """Audit a government as it is now; compare with a stored run; store this one if asked."""
    rules = catalogue(seed_dir).pack(pack)
    government = await get_instansi_row(code)
    previous = None
    if compare_with is not None:
        run_id = None if compare_with == "latest" else int(compare_with)
        try:
            stored = await audit_store.get_run(code, run_id)
        except NotFound as exc:
            for err in exc.errors:  # the caller asked through `compare`: name that field
                err.field = "compare" if err.field == "run" else err.field
            raise
        previous = AuditReport.from_dict(stored["report"])
    graph = await registry_graph([code])
    settings = await audit_store.list_settings(code)
    reference = await audit_store.reference_levels(government["reference_framework"])
    report = run_audit(
        graph,
        code,
        rules,
        settings=settings,
        as_of=as_of,
        reference=reference,
        gaps=gaps,
        duplicates=duplicates,
    )
    if previous is not None:
        report.trend = compare(report, previous)
    if save:
        run = await audit_store.save_run(code, report.to_dict(), actor=actor)
        report.run_id = run["id"]
    return report


async def stored_report(code: str, run_id: int) -> AuditReport:
    return AuditReport.from_dict((await audit_store.get_run(code, run_id))["report"])


async def rules_for(code: str, seed_dir: Path, pack: str | None = None) -> dict[str, Any]:
    """The pack as this government runs it: every rule, switched on or off, with its params."""
    rules = catalogue(seed_dir).pack(pack)
    settings = await audit_store.list_settings(code)
    out = []
    for rule_id, eff in effective_rules(rules, settings).items():
        entry = eff.rule.to_dict()
        entry.update(
            enabled=eff.enabled,
            params_effective=eff.params,
            customised=eff.customised,
            setting=settings.get(rule_id),
        )
        out.append(entry)
    return {"instansi": code, "pack": rules.summary(), "rules": out}


async def assessment_view(
    code: str, framework: str, year: int, seed_dir: Path, *, as_of: dt.date | None = None
) -> AssessmentView:
    fw = catalogue(seed_dir).framework(framework)
    stored = await audit_store.get_assessment(code, framework, year)
    report = await audit_government(code, seed_dir, as_of=as_of)
    graph = await registry_graph([code])  # cached: the audit just built it
    return assess(fw, stored, graph, report)
