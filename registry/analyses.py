"""The analyses on the live registry, shared by the API and the CLI: check the request, load
the graph (cached by registry version), run the pure analysis, narrow to one item, and turn the
result into JSON, CSV rows or table rows. The analyses themselves live in `registry.analysis`
and never touch the database.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import networkx as nx

from registry import store
from registry.analysis.duplicates import find_duplicates
from registry.analysis.gaps import find_gaps
from registry.analysis.impact import impact
from registry.analysis.results import DuplicateReport, GapReport, ImpactReport, Reason
from registry.errors import Invalid, NotFound
from registry.graph import registry_graph
from registry.store.bulk import Bundle, ImportOptions, ImportReport, RelationshipRecord

FORMATS = ("table", "json", "csv")
DUPLICATES_CSV = ("a", "b", "score", "reasons")
GAPS_CSV = ("kind", "items", "reason")
IMPACT_CSV = ("direction", "item", "depth", "path")


def check_depth(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise Invalid.one("max_depth", "out_of_range", minimum=1, maximum="∞")
    return value


def item_ref(graph: nx.MultiDiGraph, instansi: str, item: str) -> str:
    """An item key of the government, or a global reference `<instansi>:<key>` (e.g.
    `nasional:srikandi`); items only present as the far end of a relationship do not count."""
    ref = item if ":" in item else f"{instansi}:{item}"
    if ref not in graph or graph.nodes[ref].get("external"):
        raise NotFound.one("item", "not_found", what="item", ident=ref)
    return ref


async def _graph(instansi: str | None) -> nx.MultiDiGraph:
    """The graph of one government with the national catalogue (of all when None); an unknown
    government is refused by the snapshot with a NotFound naming it."""
    return await registry_graph([instansi] if instansi else None)


async def duplicates(instansi: str | None, item: str | None = None) -> DuplicateReport:
    graph = await _graph(instansi)
    report = find_duplicates(graph, instansi)
    if item:
        if not instansi:
            raise Invalid.one("instansi", "required")
        ref = item_ref(graph, instansi, item)

        def has(*refs: str) -> bool:
            return ref in refs

        report = replace(
            report,
            pairs=[p for p in report.pairs if has(p.a, p.b)],
            clusters=[c for c in report.clusters if ref in c.members],
            migrations=[m for m in report.migrations if has(m.source, m.target)],
            complements=[p for p in report.complements if has(p.a, p.b)],
        )
    return report


async def gaps(instansi: str | None, item: str | None = None) -> GapReport:
    graph = await _graph(instansi)
    report = find_gaps(graph, instansi)
    if item:
        if not instansi:
            raise Invalid.one("instansi", "required")
        ref = item_ref(graph, instansi, item)
        report = replace(report, gaps=[g for g in report.gaps if ref in g.items])
    return report


async def impact_of(instansi: str, item: str, max_depth: int | None = None) -> ImpactReport:
    """Impact needs every government: a national data centre takes down tenants everywhere."""
    await store.get_instansi(instansi)  # an unknown government is a 404 naming it
    graph = await registry_graph(None)
    return impact(graph, item_ref(graph, instansi, item), check_depth(max_depth))


async def apply_migrations(report: DuplicateReport, instansi: str, actor: str) -> ImportReport:
    """Record each migration advice as a `should_migrate_to` relationship (an upsert: running
    it twice changes nothing)."""
    bundle = Bundle(instansi={"code": instansi})
    for m in report.migrations:
        if not m.source.startswith(f"{instansi}:"):
            continue
        bundle.relationships.append(
            RelationshipRecord(
                m.source.split(":", 1)[1],
                "should_migrate_to",
                m.target,
                {"score": m.score, "reason": reasons_text(m.reasons)},
                "spbe analyze duplicates --apply",
            )
        )
    return await store.import_bundle(bundle, ImportOptions(actor=actor))


# ---------------------------------------------------------------------------------- output


def reasons_text(reasons: list[Reason]) -> str:
    return "; ".join(f"{r.text} / {r.text_en}" for r in reasons)


def duplicate_rows(report: DuplicateReport) -> list[list[Any]]:
    return [[p.a, p.b, f"{p.score:.3f}", reasons_text(p.reasons)] for p in report.pairs]


def gap_rows(report: GapReport) -> list[list[Any]]:
    return [[g.kind, " ".join(g.items), f"{g.reason} / {g.reason_en}"] for g in report.gaps]


def impact_rows(report: ImpactReport) -> list[list[Any]]:
    return [
        [direction, e.ref, e.depth, " > ".join(e.path)]
        for direction, entries in (
            ("depends_on", report.depends_on),
            ("dependent", report.dependents),
        )
        for e in entries
    ]
