"""Gaps: the findings of a `GapReport` on the items they concern, clustered by OPD.

Missing integrations are dashed red edges; integrations that bypass the SPL are thick red
edges; every other gap marks its items (border colour = the worst severity, a line naming the
gaps). Existing integrations between the items drawn are shown for context.

Over `max_nodes` items the view collapses to one node per OPD with its gaps counted per kind,
linking to the OPD's drill-down (`unit=`), and the gap edges summed between OPDs.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from typing import Any

import graphviz
import networkx as nx

from registry.analysis.results import Gap, GapReport
from visualize import style
from visualize.canvas import Canvas, ViewOptions, government_name, unit_title
from visualize.escape import node_id, plain
from visualize.landscape import draw_by_owner

EDGE_GAPS = {"missing_integration": "gap:missing_integration", "spl_bypass": "gap:spl_bypass"}
SEVERITIES = ("high", "medium", "low")


def _rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def _is_edge(gap: Gap) -> bool:
    return gap.kind in EDGE_GAPS and len(gap.items) >= 2


def _pairs(graph: nx.MultiDiGraph, gap: Gap) -> list[tuple[str, str]]:
    """The consecutive items an edge gap joins (items missing from the graph are skipped)."""
    present = [i for i in gap.items if i in graph]
    return list(itertools.pairwise(present))


def _reason(gap: Gap, lang: str) -> str:
    return gap.reason_en if lang == "en" else gap.reason


def gaps(
    graph: nx.MultiDiGraph,
    report: GapReport,
    *,
    unit: str | None = None,
    options: ViewOptions | None = None,
) -> graphviz.Digraph:
    options = options or ViewOptions()
    lang = options.lang
    scope = report.instansi[0] if report.instansi else ""
    found = sorted(report.gaps, key=lambda g: (_rank(g.severity), g.kind, g.items))
    if unit is not None:
        unit_ref = f"{scope}:{unit}"
        found = [
            g
            for g in found
            if any(
                i == unit_ref or graph.nodes[i].get("owner") == unit_ref
                for i in g.items
                if i in graph
            )
        ]
    items = sorted({i for g in found for i in g.items if i in graph})
    title = f"{style.text('gaps', lang)} — {government_name(graph, scope)}"
    if unit is not None:
        title += f" — {unit_title(graph, f'{scope}:{unit}', lang)}"
    notes = [_summary(found, lang)]
    if unit is None and len(items) > options.max_nodes:
        notes.append(style.text("collapsed", lang, count=len(items), limit=options.max_nodes))
        return _collapsed(graph, scope, found, options, title, notes)
    canvas = Canvas(graph, options, name=f"gaps_{node_id(scope)}", scope=scope)
    worst: dict[str, str] = {}
    kinds_of: dict[str, set[str]] = defaultdict(set)
    for gap in found:
        for ref in gap.items:
            if _rank(gap.severity) < _rank(worst.get(ref, "none")):
                worst[ref] = gap.severity
            if not _is_edge(gap):
                kinds_of[ref].add(gap.kind)

    def decorate(ref: str) -> dict[str, Any]:
        marks = [f"severity_{worst[ref]}"] if ref in worst else []
        lines = [", ".join(style.gap_label(k, lang) for k in sorted(kinds_of[ref]))]
        return {"marks": marks, "lines": lines if kinds_of[ref] else []}

    blocks = draw_by_owner(
        canvas, scope, set(items), view="gaps", kind_line=True, decorate=decorate
    )
    canvas.columns(blocks)
    gap_pairs: set[tuple[str, str]] = set()
    for gap in found:
        if _is_edge(gap):
            for u, v in _pairs(graph, gap):
                gap_pairs.add((u, v))
                canvas.edge(
                    node_id(u),
                    node_id(v),
                    EDGE_GAPS[gap.kind],
                    tooltip=plain(_reason(gap, lang)),
                    constraint="false",
                )
    drawn = set(items)
    for u, v, d in graph.edges(data=True):
        if d["type"] == "integrates_with" and u in drawn and v in drawn and (u, v) not in gap_pairs:
            key = style.edge_style_key(d["type"], d.get("attributes"))
            canvas.edge(node_id(u), node_id(v), key, constraint="false")
    if not items:
        canvas.note(canvas.dot, "@none", [style.text("no_findings", lang)])
    return canvas.finish(title, notes)


def _summary(found: list[Gap], lang: str) -> str:
    per_kind = Counter(g.kind for g in found)
    detail = ", ".join(f"{style.gap_label(k, lang)} {n}" for k, n in sorted(per_kind.items()))
    return style.text("gap_counts", lang, count=len(found), detail=detail or "-")


def _collapsed(
    graph: nx.MultiDiGraph,
    scope: str,
    found: list[Gap],
    options: ViewOptions,
    title: str,
    notes: list[str],
) -> graphviz.Digraph:
    """One node per OPD with its gaps counted per kind, linking to its drill-down; gap edges
    summed between OPDs."""
    lang = options.lang
    canvas = Canvas(graph, options, name=f"gaps_{node_id(scope)}", scope=scope)

    def group_of(ref: str) -> str | None:
        data = graph.nodes[ref]
        return str(data["instansi"]) if data["instansi"] != scope else data.get("owner")

    per_group: dict[str | None, Counter[str]] = defaultdict(Counter)
    worst: dict[str | None, str] = {}
    for gap in found:
        for group in {group_of(i) for i in gap.items if i in graph}:
            per_group[group][gap.kind] += 1
            if _rank(gap.severity) < _rank(worst.get(group, "none")):
                worst[group] = gap.severity
    ids: dict[str | None, str] = {}
    for group in sorted(per_group, key=lambda g: (g is None, str(g))):
        ids[group] = gid = f"@gaps/{node_id(group) if group else 'none'}"
        is_unit = group is not None and group in graph
        canvas.group(
            canvas.dot,
            gid,
            unit_title(graph, group, lang)
            if is_unit or group is None
            else government_name(graph, group),
            [f"{n} × {style.gap_label(k, lang)}" for k, n in sorted(per_group[group].items())],
            url=canvas.view_url("gaps", instansi=scope, unit=graph.nodes[group]["key"])
            if is_unit
            else None,
            mark=f"severity_{worst[group]}" if group in worst else "group",
        )
    counts: Counter[tuple[str, str, str]] = Counter()
    for gap in found:
        if _is_edge(gap):
            for u, v in _pairs(graph, gap):
                if group_of(u) != group_of(v):
                    counts[(ids[group_of(u)], ids[group_of(v)], EDGE_GAPS[gap.kind])] += 1
    for (u, v, key), count in sorted(counts.items()):
        canvas.edge(u, v, key, label=str(count))
    return canvas.finish(title, notes)
