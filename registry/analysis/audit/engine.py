"""Running a rule pack over one government's graph: a pure function, graph in, report out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import networkx as nx

from registry.analysis.audit.conditions import (
    Context,
    FindingsUnavailable,
    check,
    holds,
    kind_label,
)
from registry.analysis.audit.findings import Findings, collect_findings
from registry.analysis.audit.results import (
    AuditReport,
    CategoryResult,
    Failure,
    KeyFinding,
    RuleResult,
    Tally,
    UnitScorecard,
)
from registry.analysis.audit.rules import (
    SEVERITIES,
    SEVERITY_RANK,
    EffectiveRule,
    Rule,
    RulePack,
    effective_rules,
)
from registry.analysis.results import DuplicateReport, GapReport

SUMMARY_SIZE = 8


def _item_url(instansi: str, key: str) -> str:
    return f"/api/instansi/{instansi}/items/{key}"


def _unit_of(ctx: Context, ref: str) -> str | None:
    data = ctx.node(ref)
    return ref if data["kind"] == "unit" else data.get("owner")


def _result_shell(eff: EffectiveRule) -> RuleResult:
    spec = eff.rule.spec
    return RuleResult(
        rule=spec.id,
        category=spec.category,
        severity=spec.severity,
        title=spec.title,
        title_en=spec.title_en,
        explanation=spec.explanation,
        explanation_en=spec.explanation_en,
        regulation=list(spec.regulation),
        confidence=spec.confidence,
        status="evaluated",
        scope=list(eff.rule.kinds) or ["instansi"],
        noun=spec.noun or "item",
        noun_en=spec.noun_en or "items",
        params=dict(eff.params),
        customised=eff.customised,
    )


def make_context(
    graph: nx.MultiDiGraph,
    instansi: str,
    findings: Findings,
    *,
    as_of: dt.date,
    reference: Mapping[str, tuple[str, int]] | None = None,
) -> Context:
    return Context(
        graph=graph,
        instansi=instansi,
        as_of=as_of,
        findings=findings.by_item,
        available_findings=findings.available,
        reference=reference or {},
    )


def items_by_kind(ctx: Context) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ref in ctx.own_items():
        out.setdefault(ctx.node(ref)["kind"], []).append(ref)
    return out


def scope_items(rule: Rule, ctx: Context, by_kind: Mapping[str, list[str]]) -> list[str]:
    """The government's items a rule looks at (none for a government-wide rule);
    `ctx.params` must hold the rule's parameters."""
    return [
        ref for kind in rule.kinds for ref in by_kind.get(kind, []) if holds(rule.where, ctx, ref)
    ]


def _evaluate(
    eff: EffectiveRule, ctx: Context, items_by_kind: Mapping[str, list[str]], instansi_name: str
) -> tuple[RuleResult, list[tuple[str, bool]]]:
    """The rule's result and, for item rules, (item, compliant) per checked item."""
    result = _result_shell(eff)
    rule = eff.rule
    checks: list[tuple[str, bool]] = []
    if not eff.enabled:
        result.status = "disabled"
        result.note = "dinonaktifkan untuk instansi ini"
        result.note_en = "switched off for this government"
        return result, checks
    ctx.params = eff.params
    try:
        if rule.government:
            ok, reasons = check(rule.condition, ctx, "")
            result.tally.add(ok)
            if not ok:
                result.failures.append(
                    Failure(
                        rule=rule.id,
                        item=None,
                        item_name=instansi_name,
                        item_kind="instansi",
                        unit=None,
                        unit_name=None,
                        reason="; ".join(r.id for r in reasons),
                        reason_en="; ".join(r.en for r in reasons),
                        url=f"/api/instansi/{ctx.instansi}",
                    )
                )
        else:
            for ref in scope_items(rule, ctx, items_by_kind):
                ok, reasons = check(rule.condition, ctx, ref)
                result.tally.add(ok)
                checks.append((ref, ok))
                if ok:
                    continue
                data = ctx.node(ref)
                unit = _unit_of(ctx, ref)
                known = unit is not None and unit in ctx.graph
                result.failures.append(
                    Failure(
                        rule=rule.id,
                        item=ref,
                        item_name=data["name"],
                        item_kind=data["kind"],
                        unit=unit,
                        unit_name=ctx.node(unit)["name"] if known else None,
                        reason="; ".join(r.id for r in reasons),
                        reason_en="; ".join(r.en for r in reasons),
                        url=_item_url(ctx.instansi, data["key"]),
                    )
                )
    except FindingsUnavailable as missing:
        result = _result_shell(eff)
        result.status = "not_evaluated"
        result.note = f"analisis untuk temuan '{missing.kind}' belum tersedia di instalasi ini"
        result.note_en = (
            f"the analysis behind finding '{missing.kind}' is not available in this installation"
        )
        return result, []
    result.failures.sort(key=lambda f: (f.unit_name or "~", f.item_name.lower()))
    result.tally.finish()
    return result, checks


def _summary(rules: list[RuleResult]) -> list[KeyFinding]:
    failing = [r for r in rules if r.status == "evaluated" and r.tally.failed]
    failing.sort(
        key=lambda r: (
            SEVERITY_RANK[r.severity],
            -(r.tally.failed / r.tally.checked),
            -r.tally.failed,
        )
    )
    out = []
    for r in failing[:SUMMARY_SIZE]:
        if r.scope == ["instansi"]:
            reason = r.failures[0]
            text, text_en = f"{r.title}: {reason.reason}", f"{r.title_en}: {reason.reason_en}"
        else:
            text = f"{r.tally.failed} dari {r.tally.checked} {r.noun}: {r.title}"
            text_en = f"{r.tally.failed} of {r.tally.checked} {r.noun_en}: {r.title_en}"
        out.append(
            KeyFinding(
                r.rule, r.severity, r.category, text, text_en, r.tally.failed, r.tally.checked
            )
        )
    return out


def run_audit(
    graph: nx.MultiDiGraph,
    instansi: str,
    pack: RulePack,
    *,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    as_of: dt.date | None = None,
    reference: Mapping[str, tuple[str, int]] | None = None,
    findings: Findings | None = None,
    gaps: GapReport | None = None,
    duplicates: DuplicateReport | None = None,
    generated_at: str | None = None,
) -> AuditReport:
    """Audit one government.

    Parameters
    ----------
    graph : the registry graph holding the government (`registry.graph.registry_graph`)
    instansi : the government's code
    pack : the rule pack; `settings` (rule id -> {enabled, params}) are the government's own
    as_of : the date "recent" is measured from (default: today)
    reference : code -> (domain, level) of the government's reference framework
    findings, gaps, duplicates : analysis results for the rules that name a finding kind; when
        none is given the analyses are run here if installed (see `findings`)

    Notes
    -----
    O(rules × items × degree); transitive conditions follow at most a few hops.
    """
    as_of = as_of or dt.date.today()
    if findings is None:
        findings = collect_findings(graph, instansi, gaps=gaps, duplicates=duplicates)
    ctx = make_context(graph, instansi, findings, as_of=as_of, reference=reference)
    government = graph.graph.get("instansi", {}).get(instansi, {})
    instansi_name = government.get("name", instansi)
    by_kind = items_by_kind(ctx)

    report = AuditReport(
        instansi=instansi,
        instansi_name=instansi_name,
        pack=pack.code,
        pack_version=pack.version,
        pack_name=pack.spec.name,
        pack_name_en=pack.spec.name_en,
        as_of=as_of.isoformat(),
        generated_at=generated_at or dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        registry_version=str(graph.graph.get("version", "")),
        failures_by_severity={s: 0 for s in SEVERITIES},
    )
    categories = {
        c.id: CategoryResult(c.id, c.name, c.name_en, c.short or c.name, c.short_en or c.name_en)
        for c in pack.spec.categories
    }
    units: dict[str | None, UnitScorecard] = {}
    for eff in effective_rules(pack, settings).values():
        result, checks = _evaluate(eff, ctx, by_kind, instansi_name)
        report.rules.append(result)
        category = categories[result.category]
        category.rules += 1
        if result.status == "not_evaluated":
            category.rules_not_evaluated += 1
            report.unavailable_findings = sorted(
                set(report.unavailable_findings) | eff.rule.needs_findings - findings.available
            )
        if result.status != "evaluated":
            continue
        category.rules_failing += int(result.tally.failed > 0)
        category.tally.checked += result.tally.checked
        category.tally.passed += result.tally.passed
        report.tally.checked += result.tally.checked
        report.tally.passed += result.tally.passed
        report.failures_by_severity[result.severity] += result.tally.failed
        for ref, ok in checks:
            unit = _unit_of(ctx, ref)
            card = units.get(unit)
            if card is None:
                known = unit is not None and unit in graph
                card = units[unit] = UnitScorecard(
                    unit=unit,
                    name=graph.nodes[unit]["name"] if known else "(tanpa pemilik / no owner)",
                    url=_item_url(instansi, graph.nodes[unit]["key"]) if known else None,
                )
            card.tally.add(ok)
            card.categories.setdefault(result.category, Tally()).add(ok)
            card.rules.setdefault(result.rule, Tally()).add(ok)
    for category in categories.values():
        category.tally.finish()
    report.categories = list(categories.values())
    for card in units.values():
        card.tally.finish()
        for tally in (*card.categories.values(), *card.rules.values()):
            tally.finish()
    report.units = sorted(
        units.values(), key=lambda c: (c.tally.share if c.tally.share is not None else 1, c.name)
    )
    report.tally.finish()
    report.summary = _summary(report.rules)
    return report


def scope_label(result: RuleResult) -> str:
    """'Aplikasi, Layanan' for the kinds a rule looks at (used by the exporters)."""
    if result.scope == ["instansi"]:
        return "Instansi / Government"
    return ", ".join(f"{kind_label(k).id}" for k in result.scope)
