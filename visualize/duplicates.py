"""Duplicates: the clusters of a `DuplicateReport` with their scores and reasons.

Each cluster is a box titled with its rank and score; its members carry their owner, and the
pairs inside are joined by an undirected edge labelled with the pair's score and reasons.
Advice to move to a national application is a dashed arrow to it.

Over `max_nodes`, the strongest clusters are drawn and each remaining one becomes a single node
linking to the view focused on it (`item=` one of its members).
"""

from __future__ import annotations

import textwrap

import graphviz
import networkx as nx

from registry.analysis.results import (
    DuplicateCluster,
    DuplicatePair,
    DuplicateReport,
    MigrationAdvice,
    Reason,
)
from visualize import style
from visualize.canvas import Canvas, ViewOptions, government_name, unit_short
from visualize.escape import node_id


def _score(value: float) -> str:
    return f"{value:.2f}"


def reason_lines(score: float, reasons: list[Reason], lang: str, width: int = 36) -> list[str]:
    """The label of a pair: its score, then its reasons wrapped."""
    text = "; ".join(r.text_en if lang == "en" else r.text for r in reasons)
    return [_score(score), *textwrap.wrap(text, width)[:4]]


def duplicates(
    graph: nx.MultiDiGraph,
    report: DuplicateReport,
    *,
    focus: str | None = None,
    options: ViewOptions | None = None,
) -> graphviz.Digraph:
    """`focus` (a global reference) keeps the clusters and advice involving that item."""
    options = options or ViewOptions()
    lang = options.lang
    scope = report.instansi[0] if len(report.instansi) == 1 else None
    canvas = Canvas(graph, options, name="duplicates", scope=scope)
    clusters = sorted(report.clusters, key=lambda c: (-c.score, c.members))
    migrations = sorted(report.migrations, key=lambda m: (m.source, m.target))
    if focus is not None:
        clusters = [c for c in clusters if focus in c.members]
        migrations = [m for m in migrations if focus in (m.source, m.target)]
    drawn: list[DuplicateCluster] = []
    budget = options.max_nodes
    for cluster in clusters:
        if len(cluster.members) > budget and drawn:
            break
        drawn.append(cluster)
        budget -= len(cluster.members)
    rest = clusters[len(drawn) :]
    for number, cluster in enumerate(drawn, start=1):
        with canvas.cluster(
            canvas.dot,
            f"dup_{number}",
            style.text("cluster", lang, n=number, score=_score(cluster.score)),
            fill="#fdf0f5",
            color="#c2185b",
        ) as sub:
            for ref in cluster.members:
                if ref in graph:
                    canvas.item(sub, ref, lines=[_where(graph, ref, scope, lang)])
    pairs = _pairs(report, drawn)
    for pair in pairs:
        if node_id(pair.a) in canvas.drawn and node_id(pair.b) in canvas.drawn:
            canvas.edge(
                node_id(pair.a),
                node_id(pair.b),
                "duplicate",
                label=reason_lines(pair.score, pair.reasons, lang),
            )
    _draw_migrations(canvas, migrations, scope)
    for number, cluster in enumerate(rest, start=len(drawn) + 1):
        _cluster_group(canvas, number, cluster)
    if not canvas.drawn:
        canvas.note(canvas.dot, "@none", [style.text("no_findings", lang)])
    title = style.text("duplicates", lang)
    if scope:
        title += f" — {government_name(graph, scope)}"
    notes = [
        style.text(
            "duplicate_counts",
            lang,
            clusters=len(clusters),
            pairs=len(report.pairs),
            migrations=len(migrations),
        )
    ]
    if rest:
        count = sum(len(c.members) for c in clusters)
        notes.append(style.text("collapsed", lang, count=count, limit=options.max_nodes))
    return canvas.finish(title, notes)


def _where(graph: nx.MultiDiGraph, ref: str, scope: str | None, lang: str) -> str:
    data = graph.nodes[ref]
    if data["instansi"] != scope:
        return government_name(graph, str(data["instansi"]))
    return unit_short(graph, data.get("owner"), lang)


def _pairs(report: DuplicateReport, clusters: list[DuplicateCluster]) -> list[DuplicatePair]:
    """Every pair once (the report's and the clusters'), in a stable order."""
    seen: dict[tuple[str, str], DuplicatePair] = {}
    for pair in [*report.pairs, *(p for c in clusters for p in c.pairs)]:
        seen.setdefault((min(pair.a, pair.b), max(pair.a, pair.b)), pair)
    return [seen[k] for k in sorted(seen)]


def _draw_migrations(canvas: Canvas, migrations: list[MigrationAdvice], scope: str | None) -> None:
    """Advice to move to a national application: the targets apart, a dashed arrow each."""
    graph, lang = canvas.graph, canvas.lang
    targets = sorted({m.target for m in migrations if m.target in graph})
    new_targets = [t for t in targets if node_id(t) not in canvas.drawn]
    if new_targets:
        with canvas.cluster(
            canvas.dot,
            "migration_targets",
            style.text("migration_targets", lang),
            fill=style.NATIONAL_FILL,
            color=style.NATIONAL_BORDER,
        ) as sub:
            for ref in new_targets:
                canvas.item(sub, ref, lines=[_where(graph, ref, scope, lang)])
    for m in migrations:
        if m.source in graph and m.target in graph:
            canvas.item(canvas.dot, m.source, lines=[_where(graph, m.source, scope, lang)])
            canvas.edge(
                node_id(m.source),
                node_id(m.target),
                "migration",
                label=reason_lines(m.score, m.reasons, lang),
            )


def _cluster_group(canvas: Canvas, number: int, cluster: DuplicateCluster) -> None:
    graph, lang = canvas.graph, canvas.lang
    names = [str(graph.nodes[r]["name"]) for r in cluster.members if r in graph]
    lines = names[:3] + ([style.text("more", lang, count=len(names) - 3)] if len(names) > 3 else [])
    first = next((r for r in cluster.members if r in graph), None)
    url = (
        canvas.view_url(
            "duplicates",
            instansi=str(graph.nodes[first]["instansi"]),
            item=str(graph.nodes[first]["key"]),
        )
        if first
        else None
    )
    canvas.group(
        canvas.dot,
        f"@cluster/{number}",
        style.text("cluster", lang, n=number, score=_score(cluster.score)),
        lines,
        url=url,
        tooltip=", ".join(names),
    )
