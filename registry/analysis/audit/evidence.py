"""A self-assessment read against the registry: per indicator the claimed level, the evidence
items, the audit rules that bear on it (from the framework file) and whether the claim needs a
second look; plus the index and predicate when the framework is complete."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from registry.analysis.audit.frameworks import Framework, IndexResult, compute_index
from registry.analysis.audit.results import AuditReport


@dataclass
class EvidenceItem:
    ref: str
    name: str
    kind: str
    url: str
    suggested: bool = False  # not chosen by the assessor: the item names this indicator


@dataclass
class RuleEvidence:
    rule: str
    title: str
    title_en: str
    status: str  # evaluated | not_evaluated | disabled | missing (not in the pack)
    checked: int = 0
    failed: int = 0
    share: float | None = None


@dataclass
class IndicatorView:
    id: str
    name: str
    name_en: str
    aspect: str | None
    weight: float | None
    level: int | None
    level_name: str | None
    level_name_en: str | None
    note: str
    evidence: list[EvidenceItem] = field(default_factory=list)
    rules: list[RuleEvidence] = field(default_factory=list)
    needs_review: bool = False
    review_reason: str = ""
    review_reason_en: str = ""


@dataclass
class AssessmentView:
    instansi: str
    framework: str
    framework_version: str
    year: int
    version: int
    complete_framework: bool
    framework_problems: list[str]
    index: IndexResult | None
    indicators: list[IndicatorView]
    audit_as_of: str | None


def _item(graph: nx.MultiDiGraph, ref: str, suggested: bool = False) -> EvidenceItem:
    data = graph.nodes[ref] if ref in graph else {}
    instansi, _, key = ref.partition(":")
    return EvidenceItem(
        ref=ref,
        name=data.get("name", ref),
        kind=data.get("kind", "?"),
        url=f"/api/instansi/{instansi}/items/{key}",
        suggested=suggested,
    )


def assess(
    fw: Framework,
    stored: Mapping[str, Any],
    graph: nx.MultiDiGraph,
    report: AuditReport | None,
) -> AssessmentView:
    """`stored`: the self-assessment as the store returns it."""
    entries: Mapping[str, Any] = stored.get("indicators") or {}
    levels = {i: e["level"] for i, e in entries.items() if e and e.get("level") is not None}
    index = compute_index(fw, levels) if fw.complete else None
    # Items that name an indicator themselves (a service's `evaluation_indicator`).
    named: dict[str, list[str]] = {}
    for ref, data in graph.nodes(data=True):
        tag = (data.get("attributes") or {}).get("evaluation_indicator")
        if data.get("instansi") == stored["instansi"] and isinstance(tag, str):
            code, _, number = tag.partition(":")
            if code == fw.code:
                named.setdefault(number, []).append(ref)
    threshold = fw.spec.full_coverage_level
    views = []
    for indicator_id, place in fw.indicators.items():
        entry = entries.get(indicator_id) or {}
        level = entry.get("level")
        name = fw.level_name(indicator_id, level) if level is not None else None
        chosen = [r for r in entry.get("evidence") or []]
        evidence = [_item(graph, r) for r in chosen]
        evidence += [
            _item(graph, r, True) for r in sorted(named.get(indicator_id, [])) if r not in chosen
        ]
        rules = []
        for rule_id in place.indicator.rules:
            result = report.rule(rule_id) if report else None
            if result is None:
                rules.append(RuleEvidence(rule_id, rule_id, rule_id, "missing"))
                continue
            rules.append(
                RuleEvidence(
                    rule_id,
                    result.title,
                    result.title_en,
                    result.status,
                    result.tally.checked,
                    result.tally.failed,
                    result.tally.share,
                )
            )
        failing = [r.rule for r in rules if r.status == "evaluated" and r.failed]
        view = IndicatorView(
            id=indicator_id,
            name=place.indicator.name,
            name_en=place.indicator.name_en,
            aspect=place.aspect.id if place.aspect else None,
            weight=float(place.indicator.weight) if place.indicator.weight is not None else None,
            level=level,
            level_name=name.name if name else None,
            level_name_en=name.name_en if name else None,
            note=entry.get("note", ""),
            evidence=evidence,
            rules=rules,
        )
        # The framework's full-coverage level (PM59: 3, "in all units") cannot hold while a
        # rule bearing on the indicator still fails somewhere.
        if threshold is not None and level is not None and level >= threshold and failing:
            view.needs_review = True
            view.review_reason = (
                f"tingkat {level} menuntut penerapan di semua unit, tetapi aturan berikut masih "
                f"gagal: {', '.join(failing)}"
            )
            view.review_reason_en = f"level {level} requires all units, but these rules still fail: {', '.join(failing)}"
        views.append(view)
    return AssessmentView(
        instansi=stored["instansi"],
        framework=fw.code,
        framework_version=fw.spec.version,
        year=stored["year"],
        version=stored["version"],
        complete_framework=fw.complete,
        framework_problems=list(fw.problems),
        index=index,
        indicators=views,
        audit_as_of=report.as_of if report else None,
    )
