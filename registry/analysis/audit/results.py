"""Typed results of an audit run: per rule, per category, per OPD, with every failure and why.

Plain dataclasses, so a report converts to JSON (`msgspec.to_builtins`) and back
(`msgspec.convert(data, AuditReport)`) for stored runs and the trend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import msgspec


@dataclass
class Tally:
    checked: int = 0
    passed: int = 0
    share: float | None = None  # passed / checked, None when nothing was checked

    @property
    def failed(self) -> int:
        return self.checked - self.passed

    def add(self, ok: bool) -> None:
        self.checked += 1
        self.passed += int(ok)

    def finish(self) -> Tally:
        self.share = round(self.passed / self.checked, 4) if self.checked else None
        return self


@dataclass
class Failure:
    rule: str
    item: str | None  # global reference; None when the rule looks at the whole government
    item_name: str
    item_kind: str
    unit: str | None  # the OPD that owns the item
    unit_name: str | None
    reason: str
    reason_en: str
    url: str


@dataclass
class RuleResult:
    rule: str
    category: str
    severity: str
    title: str
    title_en: str
    explanation: str
    explanation_en: str
    regulation: list[str]
    confidence: str
    status: str  # evaluated | not_evaluated | disabled
    scope: list[str]  # kinds, or ["instansi"]
    noun: str
    noun_en: str
    tally: Tally = field(default_factory=Tally)
    params: dict[str, Any] = field(default_factory=dict)
    customised: bool = False
    note: str = ""
    note_en: str = ""
    failures: list[Failure] = field(default_factory=list)


@dataclass
class CategoryResult:
    id: str
    name: str
    name_en: str
    short: str = ""
    short_en: str = ""
    tally: Tally = field(default_factory=Tally)
    rules: int = 0
    rules_failing: int = 0
    rules_not_evaluated: int = 0


@dataclass
class UnitScorecard:
    unit: str | None  # None: items without an owner
    name: str
    url: str | None
    tally: Tally = field(default_factory=Tally)
    categories: dict[str, Tally] = field(default_factory=dict)
    rules: dict[str, Tally] = field(default_factory=dict)


@dataclass
class KeyFinding:
    rule: str
    severity: str
    category: str
    text: str
    text_en: str
    failed: int
    checked: int


@dataclass
class RuleChange:
    rule: str
    title: str
    title_en: str
    before: float | None
    after: float | None
    delta: float | None
    new_failures: list[str] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)


@dataclass
class TrendReport:
    previous_run: int | None
    previous_at: str
    previous_as_of: str
    previous_pack_version: str
    share_before: float | None
    share_after: float | None
    delta: float | None
    better: list[RuleChange] = field(default_factory=list)
    worse: list[RuleChange] = field(default_factory=list)
    new_failures: int = 0
    resolved: int = 0
    added_rules: list[str] = field(default_factory=list)
    removed_rules: list[str] = field(default_factory=list)


@dataclass
class AuditReport:
    instansi: str
    instansi_name: str
    pack: str
    pack_version: str
    pack_name: str
    pack_name_en: str
    as_of: str
    generated_at: str
    registry_version: str
    tally: Tally = field(default_factory=Tally)
    failures_by_severity: dict[str, int] = field(default_factory=dict)
    categories: list[CategoryResult] = field(default_factory=list)
    rules: list[RuleResult] = field(default_factory=list)
    units: list[UnitScorecard] = field(default_factory=list)
    summary: list[KeyFinding] = field(default_factory=list)
    unavailable_findings: list[str] = field(default_factory=list)
    trend: TrendReport | None = None
    run_id: int | None = None

    def rule(self, rule_id: str) -> RuleResult | None:
        return next((r for r in self.rules if r.rule == rule_id), None)

    def to_dict(self) -> dict[str, Any]:
        return msgspec.to_builtins(self)

    @classmethod
    def from_dict(cls, data: Any) -> AuditReport:
        return msgspec.convert(data, cls)
