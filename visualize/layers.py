"""Layers: the SPBE layers top to bottom (business process, service, application, data,
infrastructure), security alongside, the ArchiMate-style layered view.

Each layer is a band; inside it items sit in rows of at most ROW_WIDTH per kind, so a band of
60 applications is a block of rows instead of one line 100 inches long. Rows fix the ranks;
relationships are drawn between the layers without moving them (integrations between
applications are the landscape's job, ownership the drill-down's). Security items stand beside
the bands, with one edge per layer they secure and the number of items.

Over `max_nodes` items the view collapses to one node per kind with counts, relationships summed
per type between kinds, and a table of OPDs whose rows link to each OPD's own layered view.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable

import graphviz
import networkx as nx

from registry import metamodel as mm
from visualize import style
from visualize.canvas import (
    Canvas,
    ViewOptions,
    government_name,
    is_active,
    unit_short,
    unit_title,
)
from visualize.escape import html_text, node_id

BANDS = ("business", "service", "application", "data", "infrastructure")
# Kinds top to bottom inside a band: in infrastructure the logical before the physical.
KIND_ORDER = (
    "process",
    "service",
    "application",
    "interface",
    "dataset",
    "data_store",
    "spl",
    "platform_software",
    "intranet",
    "network_device",
    "security_device",
    "peripheral",
    "storage",
    "server",
    "cloud",
    "data_centre",
)
LAYER_EDGES = (
    "realises",
    "supports",
    "uses",
    "requires",
    "reads",
    "writes",
    "source_of_truth_for",
    "stored_in",
    "hosted_on",
    "provides",
    "consumes",
    "exposes_api_on",
    "connected_via",
)
SECURITY_EDGES = ("secured_by", "audited_by")
ROW_WIDTH = 8
# Past this many relationships between items, a whole government's bands become a hairball
# (edges from upper rows must leave the band box and loop round it): they are summed per type
# between bands instead, and each OPD's own layered view shows them item by item.
MAX_ITEM_EDGES = 60


def _layer_of(graph: nx.MultiDiGraph, ref: str) -> str:
    return str(graph.nodes[ref].get("layer"))


def _in_scope(graph: nx.MultiDiGraph, instansi: str, unit: str | None) -> list[str]:
    wanted = set(BANDS) | {"security"}
    owner = f"{instansi}:{unit}" if unit else None
    return sorted(
        n
        for n, d in graph.nodes(data=True)
        if d["instansi"] == instansi
        and not d.get("external")
        and d.get("layer") in wanted
        and (owner is None or d.get("owner") == owner)
    )


def _edges(
    graph: nx.MultiDiGraph, nodes: set[str], types: Iterable[str]
) -> list[tuple[str, str, str]]:
    wanted = set(types)
    return sorted(
        {
            (u, v, d["type"])
            for u, v, d in graph.edges(data=True)
            if d["type"] in wanted and (u in nodes or v in nodes)
        }
    )


def layers(
    graph: nx.MultiDiGraph,
    instansi: str,
    *,
    unit: str | None = None,
    options: ViewOptions | None = None,
) -> graphviz.Digraph:
    """The layered view of one government, or of one OPD's items (`unit`) with what they rely
    on."""
    options = options or ViewOptions()
    lang = options.lang
    scope = _in_scope(graph, instansi, unit)
    core = {n for n in scope if _layer_of(graph, n) in BANDS}
    links = [
        (u, v, t)
        for u, v, t in _edges(graph, core, LAYER_EDGES)
        if _layer_of(graph, u) in BANDS and _layer_of(graph, v) in BANDS
    ]
    # Items of other governments (national ones, mostly) that the scope relies on are drawn too.
    shown = core | {e for u, v, _ in links for e in (u, v)}
    title = f"{style.text('layers', lang)} — {government_name(graph, instansi)}"
    if unit is not None:
        title += f" — {unit_title(graph, f'{instansi}:{unit}', lang)}"
    if unit is None and len(shown) > options.max_nodes:
        return _collapsed(graph, instansi, scope, links, options, title)
    canvas = Canvas(
        graph,
        options,
        name=f"layers_{instansi}",
        rankdir="TB",
        scope=instansi,
        ranksep="0.45",
        nodesep="0.2",
    )
    rows, anchors = _draw_bands(canvas, instansi, shown)
    # Security beside the bands: the scope's own items and those securing what is drawn.
    security = sorted(
        {n for n in scope if _layer_of(graph, n) == "security"}
        | {v for u, v, _ in _edges(graph, shown, SECURITY_EDGES) if u in shown}
    )
    if security:
        anchors["security"] = _draw_security(canvas, security, rows)
    notes = [_layer_counts(graph, scope, lang)]
    if len(links) <= MAX_ITEM_EDGES:
        for u, v, t in links:
            canvas.edge(node_id(u), node_id(v), t, back=_upward(graph, u, v))
    else:
        _band_edges(canvas, links, anchors, clusters=True)
        notes.append(style.text("summed_edges", lang, count=len(links), limit=MAX_ITEM_EDGES))
    _security_edges(canvas, security, anchors, shown, clusters=True)
    if unit is None and rows:
        _unit_table(canvas, instansi, scope, below=rows[-1][0])
    return canvas.finish(title, notes)


def _upward(graph: nx.MultiDiGraph, u: str, v: str) -> bool:
    """Whether u→v points up the bands (drawn reversed so ranks stay top to bottom)."""
    return mm.LAYER_MAP[_layer_of(graph, u)].order > mm.LAYER_MAP[_layer_of(graph, v)].order


def _band_edges(
    canvas: Canvas,
    links: list[tuple[str, str, str]],
    anchors: dict[str, str],
    *,
    clusters: bool,
) -> None:
    """Relationships summed per type between bands. `anchors` are the bands' nodes (collapsed)
    or a node inside each band's cluster, the edge then clipped at the band's border."""
    graph = canvas.graph
    counts: Counter[tuple[str, str, str]] = Counter()
    for u, v, t in links:
        lu, lv = _layer_of(graph, u), _layer_of(graph, v)
        if lu != lv and lu in anchors and lv in anchors:
            counts[(lu, lv, t)] += 1
    for (lu, lv, t), count in sorted(counts.items()):
        up = mm.LAYER_MAP[lu].order > mm.LAYER_MAP[lv].order
        top, bottom = (lv, lu) if up else (lu, lv)
        extra = {"dir": "back"} if up else {}
        if clusters:
            extra.update(ltail=f"cluster_layer_{top}", lhead=f"cluster_layer_{bottom}")
        canvas.edge(
            anchors[top],
            anchors[bottom],
            t,
            label=f"{style.EDGE_STYLES[t].label(canvas.lang)} ×{count}",
            constraint="false",
            **extra,
        )


def _security_edges(
    canvas: Canvas,
    security: list[str],
    anchors: dict[str, str],
    shown: set[str],
    *,
    clusters: bool,
) -> None:
    """One edge from each band to security per type (secured by, audited by), labelled with
    the number of items drawn that it concerns."""
    graph = canvas.graph
    target = anchors.get("security")
    if target is None:
        return
    counts: Counter[tuple[str, str]] = Counter()
    for u, v, t in _edges(graph, set(security), SECURITY_EDGES):
        band = _layer_of(graph, u)
        if u in shown and v in security and band in anchors and band != "security":
            counts[(band, t)] += 1
    for (band, t), count in sorted(counts.items()):
        extra = (
            {"ltail": f"cluster_layer_{band}", "lhead": "cluster_layer_security"}
            if clusters
            else {}
        )
        canvas.edge(
            anchors[band],
            target,
            t,
            label=f"{style.EDGE_STYLES[t].label(canvas.lang)} ×{count}",
            constraint="false",
            **extra,
        )


def _layer_counts(graph: nx.MultiDiGraph, scope: list[str], lang: str) -> str:
    counts = Counter(_layer_of(graph, n) for n in scope)
    return " · ".join(
        f"{style.label_of(mm.LAYER_MAP[band], lang)}: {counts[band]}"
        for band in (*BANDS, "security")
    )


def _rows(refs: list[str], width: int) -> list[list[str]]:
    return [refs[i : i + width] for i in range(0, len(refs), width)]


def _draw_bands(
    canvas: Canvas, instansi: str, shown: set[str]
) -> tuple[list[list[str]], dict[str, str]]:
    """The bands with their items in rows; returns all rows top to bottom and each band's
    first node (where the summed edges are anchored)."""
    graph, lang = canvas.graph, canvas.lang
    by_kind: dict[str, list[str]] = defaultdict(list)
    for ref in sorted(shown):
        by_kind[str(graph.nodes[ref]["kind"])].append(ref)
    all_rows: list[list[str]] = []
    firsts: dict[str, str] = {}
    for band in BANDS:
        kinds = [k for k in KIND_ORDER if mm.KIND_MAP[k].layer == band and by_kind.get(k)]
        if not kinds:
            continue
        layer = mm.LAYER_MAP[band]
        with canvas.cluster(
            canvas.dot,
            f"layer_{band}",
            style.label_of(layer, lang),
            fill=style.LAYER_FILLS[band],
            color="#b0bec5",
        ) as sub:
            for kind in kinds:
                refs = sorted(by_kind[kind], key=lambda r: (str(graph.nodes[r]["name"]).lower(), r))
                for row in _rows(refs, ROW_WIDTH):
                    ids = [
                        canvas.item(
                            sub,
                            ref,
                            kind_line=False,
                            lines=[_small_line(graph, ref, instansi, lang)],
                        )
                        for ref in row
                    ]
                    all_rows.append(ids)
                    firsts.setdefault(band, ids[0])
    for ids in all_rows:
        canvas.same_rank(ids)
    for upper, lower in itertools.pairwise(all_rows):
        canvas.invisible(upper[0], lower[0])
    return all_rows, firsts


def _small_line(graph: nx.MultiDiGraph, ref: str, instansi: str, lang: str) -> str:
    data = graph.nodes[ref]
    kind = style.kind_label(str(data["kind"]), lang)
    if data["instansi"] != instansi:
        return f"{kind} · {government_name(graph, data['instansi'])}"
    owner = data.get("owner")
    return f"{kind} · {unit_short(graph, owner, lang)}" if owner else kind


def _draw_security(canvas: Canvas, security: list[str], rows: list[list[str]]) -> str:
    """Security items in a column beside the bands (item i on the rank of row i). Returns the
    first one, where the security edges point."""
    with canvas.cluster(
        canvas.dot,
        "layer_security",
        style.label_of(mm.LAYER_MAP["security"], canvas.lang),
        fill=style.LAYER_FILLS["security"],
        color="#e57373",
    ) as sub:
        ids = [canvas.item(sub, ref) for ref in security]
    for row, nid in zip(rows, ids, strict=False):
        canvas.same_rank([row[0], nid])
    return ids[0]


def _collapsed(
    graph: nx.MultiDiGraph,
    instansi: str,
    scope: list[str],
    links: list[tuple[str, str, str]],
    options: ViewOptions,
    title: str,
) -> graphviz.Digraph:
    """One node per band listing its kinds with counts, relationships summed per type between
    bands, security beside them, and below the table of OPDs linking to their layered views."""
    lang = options.lang
    canvas = Canvas(graph, options, name=f"layers_{instansi}", rankdir="TB", scope=instansi)
    by_kind = Counter(str(graph.nodes[n]["kind"]) for n in scope)
    inactive = Counter(str(graph.nodes[n]["kind"]) for n in scope if not is_active(graph.nodes[n]))
    anchors: dict[str, str] = {}
    for band in (*BANDS, "security"):
        kinds = [k.name for k in mm.KINDS if k.layer == band and by_kind.get(k.name)]
        if not kinds:
            continue
        lines = []
        for kind in kinds:
            line = f"{style.kind_label(kind, lang)}: {by_kind[kind]}"
            if inactive[kind]:
                line += f" ({inactive[kind]} {style.text('inactive', lang)})"
            lines.append(line)
        anchors[band] = canvas.group(
            canvas.dot,
            f"@layer/{band}",
            style.label_of(mm.LAYER_MAP[band], lang),
            lines,
            url=None,
            fill=style.LAYER_FILLS[band],
            big=True,
        )
    chain = [anchors[b] for b in BANDS if b in anchors]
    for upper, lower in itertools.pairwise(chain):
        canvas.invisible(upper, lower, weight="10")
    if "security" in anchors and "application" in anchors:
        canvas.same_rank([anchors["application"], anchors["security"]])
    _band_edges(canvas, links, anchors, clusters=False)
    security = [n for n in scope if _layer_of(graph, n) == "security"]
    _security_edges(canvas, security, anchors, set(scope), clusters=False)
    _unit_table(canvas, instansi, scope, below=chain[-1] if chain else None)
    notes = [
        _layer_counts(graph, scope, lang),
        style.text("collapsed", lang, count=len(scope), limit=options.max_nodes),
    ]
    return canvas.finish(title, notes)


def _unit_table(canvas: Canvas, instansi: str, scope: list[str], *, below: str | None) -> None:
    """Below the bands, OPD × layer counts; each OPD links to that OPD's layered view."""
    graph, lang = canvas.graph, canvas.lang
    table: dict[str | None, Counter[str]] = defaultdict(Counter)
    for ref in scope:
        table[graph.nodes[ref].get("owner")][_layer_of(graph, ref)] += 1
    bands = [b for b in (*BANDS, "security") if any(c[b] for c in table.values())]
    head = f'<TD ALIGN="LEFT"><B>{html_text(style.text("unit_table", lang))}</B></TD>' + "".join(
        f"<TD><B>{html_text(style.label_of(mm.LAYER_MAP[b], lang))}</B></TD>" for b in bands
    )
    rows = [f"<TR>{head}</TR>"]
    for owner in sorted(table, key=lambda o: (unit_title(graph, o, lang), o or "")):
        name = html_text(unit_title(graph, owner, lang))
        if owner is not None:
            url = canvas.view_url("layers", instansi=instansi, unit=graph.nodes[owner]["key"])
            cell = (
                f'<TD ALIGN="LEFT" HREF="{html_text(url)}" TARGET="_top" TITLE="{name}">'
                f'<FONT COLOR="#0b5cad"><U>{name}</U></FONT></TD>'
            )
        else:
            cell = f'<TD ALIGN="LEFT">{name}</TD>'
        counts = "".join(f"<TD>{table[owner][b] or ''}</TD>" for b in bands)
        rows.append(f"<TR>{cell}{counts}</TR>")
    canvas.dot.node(
        "@units",
        label=(
            '<<TABLE BORDER="1" COLOR="#b0bec5" CELLBORDER="0" CELLSPACING="0" CELLPADDING="3" '
            f'BGCOLOR="#ffffff">{"".join(rows)}</TABLE>>'
        ),
        shape="plain",
        fontsize=style.SMALL_SIZE,
    )
    if below:
        canvas.invisible(below, "@units")
