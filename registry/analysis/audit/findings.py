"""The one adapter between audit rules and the graph analyses.

Some checks are computed by the analyses (`registry.analysis.duplicates` and `.gaps`): SPL bypass,
shadow master data, local overlap with a national application, duplicates, orphan, unowned and
unhosted items, claimed interoperability without integration, services without an application.
The audit does not compute them again: a rule names a finding kind (`finding: spl_bypass`) and
this module turns the analyses' typed reports into findings per item.

The reports may be passed in (tests hand-build them; a caller that already ran the analyses
reuses them); otherwise the analyses are called here. With `run_analyses=False` and no report,
their kinds are unavailable and the rules that need them are reported as not evaluated, never as
passed.

Finding kinds: every `Gap.kind` of a `GapReport`, plus from a `DuplicateReport`:
``duplicate`` (both members of a pair of local applications) and ``national_overlap`` (a local
application next to a national one: a national pair or a migration advice).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from registry.analysis.audit.conditions import FindingRef
from registry.analysis.duplicates import find_duplicates
from registry.analysis.gaps import find_gaps
from registry.analysis.results import DuplicateReport, GapReport

GAP_KINDS = (
    "missing_integration",
    "spl_bypass",
    "shadow_master_data",
    "claimed_interop_without_integration",
    "service_without_application",
    "orphan_application",
    "unowned",
    "unhosted",
)
DUPLICATE_KINDS = ("duplicate", "national_overlap")
# How a report names the kinds (unknown kinds are shown by their code).
KIND_LABELS: dict[str, tuple[str, str]] = {
    "missing_integration": ("integrasi yang hilang", "missing integration"),
    "spl_bypass": ("integrasi tanpa SPL", "integration bypassing the bus"),
    "shadow_master_data": (
        "data induk dengan beberapa penulis",
        "master data with several writers",
    ),
    "claimed_interop_without_integration": (
        "klaim interoperabilitas tanpa integrasi",
        "claimed interoperability without integration",
    ),
    "service_without_application": ("layanan tanpa aplikasi", "service without application"),
    "orphan_application": ("aplikasi yatim", "orphan application"),
    "unowned": ("item tanpa pemilik", "unowned item"),
    "unhosted": ("aplikasi tanpa hosting", "unhosted application"),
    "duplicate": ("aplikasi ganda", "duplicate application"),
    "national_overlap": (
        "tumpang tindih dengan aplikasi nasional",
        "overlap with a national application",
    ),
}


@dataclass
class Findings:
    by_item: dict[str, dict[str, list[FindingRef]]] = field(default_factory=dict)
    available: frozenset[str] = frozenset()

    def add(self, ref: str, finding: FindingRef) -> None:
        bucket = self.by_item.setdefault(ref, {}).setdefault(finding.kind, [])
        if finding not in bucket:
            bucket.append(finding)


def _name(graph: nx.MultiDiGraph, ref: str) -> str:
    return graph.nodes[ref]["name"] if ref in graph else ref


def collect_findings(
    graph: nx.MultiDiGraph,
    instansi: str,
    *,
    gaps: GapReport | None = None,
    duplicates: DuplicateReport | None = None,
    run_analyses: bool = True,
) -> Findings:
    """Findings per item from the analyses' reports (run here when not given)."""
    if run_analyses:
        gaps = gaps if gaps is not None else find_gaps(graph, instansi=instansi)
        if duplicates is None:
            duplicates = find_duplicates(graph, instansi=instansi)
    out = Findings()
    available: set[str] = set()
    if gaps is not None:
        available |= set(GAP_KINDS)
        for gap in gaps.gaps:
            available.add(gap.kind)
            # Every item a gap names has the finding (the rule's scope picks the ones it checks).
            for ref in gap.items:
                out.add(ref, FindingRef(gap.kind, gap.reason, gap.reason_en))
    if duplicates is not None:
        available |= set(DUPLICATE_KINDS)
        for pair in duplicates.pairs:
            why = "; ".join(r.text for r in pair.reasons)
            why_en = "; ".join(r.text_en for r in pair.reasons)
            if pair.national:
                target = _name(graph, pair.b)
                out.add(
                    pair.a,
                    FindingRef(
                        "national_overlap",
                        f"tumpang tindih dengan aplikasi nasional '{target}' (skor {pair.score:.2f}): {why}",
                        f"overlaps the national application '{target}' (score {pair.score:.2f}): {why_en}",
                    ),
                )
                continue
            for this, other in ((pair.a, pair.b), (pair.b, pair.a)):
                name = _name(graph, other)
                out.add(
                    this,
                    FindingRef(
                        "duplicate",
                        f"mirip dengan '{name}' (skor {pair.score:.2f}): {why}",
                        f"similar to '{name}' (score {pair.score:.2f}): {why_en}",
                    ),
                )
        for advice in duplicates.migrations:
            target = _name(graph, advice.target)
            out.add(
                advice.source,
                FindingRef(
                    "national_overlap",
                    f"sebaiknya bermigrasi ke '{target}': "
                    + "; ".join(r.text for r in advice.reasons),
                    f"should migrate to '{target}': "
                    + "; ".join(r.text_en for r in advice.reasons),
                ),
            )
    out.available = frozenset(available)
    return out
