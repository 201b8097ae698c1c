"""Typed results of the analyses: every finding names its items and says why, in Bahasa
Indonesia and in English. Diagrams, the audit and the API consume these, never the analysis
internals.

Items are named by their global reference `<instansi-code>:<key>` (the graph's node ids).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Reason:
    """One reason behind a finding, e.g. code "acronym" with a text in both languages."""

    code: str
    text: str
    text_en: str
    weight: float = 0.0  # contribution to a score, where the finding has one


@dataclass
class DuplicatePair:
    a: str
    b: str
    score: float  # 0..1
    reasons: list[Reason]
    national: bool = False  # b is in the national catalogue (a local copy of a national app)


@dataclass
class DuplicateCluster:
    members: list[str]  # sorted
    score: float  # the highest pair score inside the cluster
    pairs: list[DuplicatePair]


@dataclass
class MigrationAdvice:
    """A local application that should move to a national one (`should_migrate_to`)."""

    source: str
    target: str
    score: float
    reasons: list[Reason]


@dataclass
class DuplicateReport:
    instansi: list[str]
    pairs: list[DuplicatePair] = field(default_factory=list)
    clusters: list[DuplicateCluster] = field(default_factory=list)
    migrations: list[MigrationAdvice] = field(default_factory=list)
    # similar local applications that may coexist with a national one (aligned, integrated
    # through the SPL, or members of a national network): not duplicates, shown for audit
    complements: list[DuplicatePair] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DependencyEntry:
    ref: str
    depth: int
    path: list[str]  # from the item asked about to this one, both ends included


@dataclass
class ImpactReport:
    item: str
    depends_on: list[DependencyEntry] = field(default_factory=list)
    dependents: list[DependencyEntry] = field(default_factory=list)
    affected_services: list[str] = field(default_factory=list)
    affected_governments: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Gap:
    """One integration or coverage gap.

    kind is one of: missing_integration, spl_bypass, shadow_master_data,
    claimed_interop_without_integration, service_without_application, orphan_application,
    unowned, unhosted (analyses may add kinds; consumers show unknown kinds generically).
    """

    kind: str
    items: list[str]
    reason: str
    reason_en: str
    severity: str = "medium"  # low | medium | high


@dataclass
class GapReport:
    instansi: list[str]
    gaps: list[Gap] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
