"""Impact: what an item's failure reaches, from an `ImpactReport`.

The item sits in the middle; what depends on it (and would fail with it) fans out to the right
along the report's paths, shaded darker the closer it is; what it depends on is on the left.
Affected services get a red border, affected governments their own cluster.

Over `max_nodes`, the nearest entries are drawn and the rest are collapsed per item at depth 1
they are reached through ("+23 more via SIMPEG"), linking to that item's own impact view.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict

import graphviz
import networkx as nx

from registry.analysis.results import DependencyEntry, ImpactReport
from visualize import style
from visualize.canvas import Canvas, ViewOptions, government_name, unit_short
from visualize.escape import node_id, plain


def _relationship(graph: nx.MultiDiGraph, u: str, v: str, lang: str) -> str:
    """What joins two consecutive items of a path (either direction), for the tooltip."""
    for a, b in ((u, v), (v, u)):
        if graph.has_edge(a, b):
            rel = min(graph.get_edge_data(a, b).values(), key=lambda d: d["type"])["type"]
            name = style.EDGE_STYLES.get(rel, style.DEFAULT_EDGE).label(lang)
            return f"{graph.nodes[a]['name']} {name} {graph.nodes[b]['name']}"
    return ""


def impact(
    graph: nx.MultiDiGraph, report: ImpactReport, *, options: ViewOptions | None = None
) -> graphviz.Digraph:
    options = options or ViewOptions()
    lang = options.lang
    focus = report.item
    home = str(graph.nodes[focus]["instansi"])
    canvas = Canvas(graph, options, name=f"impact_{node_id(focus)}", scope=home)
    budget = max(1, options.max_nodes - 1)
    # Entries whose path leaves the graph (another scope) cannot be drawn.
    known = [e for e in report.dependents if all(n in graph for n in e.path)]
    dependents, collapsed = _split(known, budget)
    known_on = [e for e in report.depends_on if all(n in graph for n in e.path)]
    depends_on, collapsed_on = _split(known_on, max(0, budget - len(dependents)))
    services = set(report.affected_services)
    depth_of = {e.ref: e.depth for e in dependents}

    def draw(target: graphviz.Digraph, ref: str) -> None:
        marks = ["affected_service"] if ref in services else []
        fill = None
        if ref in depth_of:
            fill = style.IMPACT_DEPTH_FILLS[min(depth_of[ref], len(style.IMPACT_DEPTH_FILLS)) - 1]
        owner = graph.nodes[ref].get("owner")
        lines = [style.text("depth", lang, depth=depth_of[ref])] if ref in depth_of else []
        if owner:
            lines.append(unit_short(graph, owner, lang))
        canvas.item(target, ref, marks=marks, fill=fill, lines=lines)

    canvas.item(canvas.dot, focus, marks=["focus"])
    # Fills say how far the failure travels; the kind is written in each node.
    canvas.swatches = tuple(
        (
            fill,
            style.text("depth", lang, depth=f"{i}+" if i == len(style.IMPACT_DEPTH_FILLS) else i),
        )
        for i, fill in enumerate(style.IMPACT_DEPTH_FILLS, start=1)
    )
    by_gov: dict[str, list[str]] = defaultdict(list)
    for ref in sorted({n for e in dependents for n in e.path} - {focus}):
        by_gov[str(graph.nodes[ref]["instansi"])].append(ref)
    for code in sorted(by_gov):
        if code == home:
            for ref in by_gov[code]:
                draw(canvas.dot, ref)
            continue
        with canvas.cluster(
            canvas.dot,
            f"gov_{node_id(code)}",
            f"{style.text('affected_governments', lang)}: {government_name(graph, code)}",
            fill=style.OTHER_FILL,
            color=style.EXTERNAL_BORDER,
        ) as sub:
            for ref in by_gov[code]:
                draw(sub, ref)
    for ref in sorted({n for e in depends_on for n in e.path} - {focus}):
        draw(canvas.dot, ref)
    for entry in dependents:
        for u, v in itertools.pairwise(entry.path):
            tip = plain(_relationship(graph, u, v, lang))
            canvas.edge(node_id(u), node_id(v), "impact", tooltip=tip)
    for entry in depends_on:
        # Drawn right to left: what the item relies on stands left of it.
        for u, v in itertools.pairwise(entry.path):
            canvas.edge(node_id(u), node_id(v), "dependency", back=True)
    _collapsed_groups(canvas, focus, collapsed, "impact")
    _collapsed_groups(canvas, focus, collapsed_on, "dependency")
    title = f"{style.text('impact', lang)}: {graph.nodes[focus]['name']}"
    notes = [
        f"{len(report.dependents)} {style.text('dependents', lang).lower()} · "
        f"{len(report.depends_on)} {style.text('depends_on', lang).lower()}",
        f"{len(services)} {style.text('affected_services', lang)} · "
        f"{style.text('affected_governments', lang)}: "
        + ", ".join(government_name(graph, c) for c in sorted(report.affected_governments)),
    ]
    notes += [r.text_en if lang == "en" else r.text for r in report.reasons]
    if collapsed or collapsed_on:
        total = len(report.dependents) + len(report.depends_on)
        notes.append(style.text("collapsed", lang, count=total, limit=options.max_nodes))
    return canvas.finish(title, notes)


def _split(
    entries: list[DependencyEntry], budget: int
) -> tuple[list[DependencyEntry], list[DependencyEntry]]:
    """The nearest entries that fit the budget (whole paths), and the rest."""
    ordered = sorted(entries, key=lambda e: (e.depth, e.ref))
    kept: list[DependencyEntry] = []
    drawn: set[str] = set()
    for i, entry in enumerate(ordered):
        new = set(entry.path[1:]) - drawn
        if len(drawn) + len(new) > budget:
            return kept, ordered[i:]
        kept.append(entry)
        drawn |= new
    return kept, []


def _collapsed_groups(canvas: Canvas, focus: str, rest: list[DependencyEntry], key: str) -> None:
    """The entries past the budget, one group per item at depth 1 they are reached through,
    linking to that item's impact view."""
    graph, lang = canvas.graph, canvas.lang
    via: dict[str, list[str]] = defaultdict(list)
    for entry in rest:
        first = entry.path[1] if len(entry.path) > 1 else entry.ref
        via[first].append(entry.ref)
    for first, refs in sorted(via.items()):
        kinds = Counter(str(graph.nodes[r]["kind"]) for r in refs if r in graph)
        gid = f"@{key}/{node_id(first)}"
        canvas.group(
            canvas.dot,
            gid,
            f"{style.text('more', lang, count=len(refs))}: {graph.nodes[first]['name']}",
            [f"{n} {style.kind_label(k, lang)}" for k, n in sorted(kinds.items())],
            url=canvas.view_url(
                "impact",
                instansi=str(graph.nodes[first]["instansi"]),
                item=str(graph.nodes[first]["key"]),
            ),
            tooltip=", ".join(str(graph.nodes[r]["name"]) for r in refs[:50] if r in graph),
        )
        anchor = node_id(first) if node_id(first) in canvas.drawn else node_id(focus)
        canvas.edge(anchor, gid, key, label=str(len(refs)), back=key == "dependency")
