"""Landscape: a government's applications clustered by OPD, with their integrations.

Integrations through the SPL are drawn as a bus: every application that integrates via the SPL
has one blue edge to (or from) the SPL node, because that is how the traffic flows and because
it keeps a mature government's picture a clean star instead of a mesh. Point-to-point
integrations (direct API, database link, file, manual) are drawn as direct edges coloured by
mechanism, so they stand out. National applications and other governments' applications sit
apart in their own clusters.

Over `max_nodes` the view collapses to one node per OPD with counts, each linking to the
drill-down (`unit=`). Without a government it is the national view: all governments, collapsed
to one node per government when large, and per province (`province=`) when they are many.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import graphviz
import networkx as nx

from registry.graph import nodes_of_kind
from visualize import style
from visualize.canvas import Canvas, ViewOptions, government_name, unit_short, unit_title
from visualize.escape import node_id, plain

# `uses` (e.g. every app using the SSO) is left to the item view: it would drown the integrations.
LINK_TYPES = ("integrates_with", "replicated_from")
SPL_HUB = "@spl"
# A collapsed landscape draws the sums between OPDs up to this many edges; past it (scattered
# point-to-point integrations) every OPD counts its own, and its drill-down draws them.
MAX_SUMMARY_EDGES = 60


@dataclass(frozen=True)
class Link:
    """An edge between two applications, as the landscape draws it."""

    source: str
    target: str
    type: str
    attributes: dict[str, Any]
    spl: str | None = None  # the SPL an integration via the SPL goes through, when known

    @property
    def via_spl(self) -> bool:
        return self.type == "integrates_with" and self.attributes.get("mechanism") == "spl"

    @property
    def style_key(self) -> str:
        return style.edge_style_key(self.type, self.attributes)


def app_links(graph: nx.MultiDiGraph, apps: set[str]) -> list[Link]:
    """Edges of LINK_TYPES between applications, with at least one end in `apps`, sorted; an
    integration via the SPL knows its SPL (its `via`, else its government's SPL)."""
    first_spl: dict[str, str] = {}
    for ref in nodes_of_kind(graph, "spl"):
        first_spl.setdefault(str(graph.nodes[ref]["instansi"]), ref)
    links = []
    for u, v, d in graph.edges(data=True):
        if d["type"] not in LINK_TYPES or (u not in apps and v not in apps):
            continue
        if graph.nodes[u]["kind"] != "application" or graph.nodes[v]["kind"] != "application":
            continue
        attrs = dict(d.get("attributes") or {})
        spl = None
        if d["type"] == "integrates_with" and attrs.get("mechanism") == "spl":
            code = str(graph.nodes[u]["instansi"])
            via = str(attrs.get("via") or "")
            via_ref = via if ":" in via else f"{code}:{via}"
            spl = via_ref if via and via_ref in graph else first_spl.get(code)
        links.append(Link(u, v, d["type"], attrs, spl))
    return sorted(
        links, key=lambda k: (k.source, k.target, k.type, json.dumps(k.attributes, sort_keys=True))
    )


def hub_id(link: Link) -> str:
    """The DOT id of the node an SPL integration meets: its SPL, or a generic SPL node."""
    return node_id(link.spl) if link.spl else SPL_HUB


def local_apps(graph: nx.MultiDiGraph, instansi: str) -> list[str]:
    return [
        n
        for n in nodes_of_kind(graph, "application", instansi=instansi)
        if not graph.nodes[n].get("external")
    ]


def integration_note(links: list[Link], lang: str) -> str:
    integrations = [k for k in links if k.type == "integrates_with"]
    spl = sum(1 for k in integrations if k.via_spl)
    return (
        f"{len(integrations)} {style.text('integrations', lang)}: {spl} "
        f"{style.text('via_spl', lang)}, {len(integrations) - spl} {style.text('p2p', lang)}"
    )


def landscape(
    graph: nx.MultiDiGraph,
    instansi: str | None = None,
    *,
    unit: str | None = None,
    province: str | None = None,
    options: ViewOptions | None = None,
) -> graphviz.Digraph:
    """The landscape of one government (optionally one OPD's drill-down), or of all (optionally
    of one province's: `attributes.province` of the governments)."""
    options = options or ViewOptions()
    if instansi is None:
        return _national(graph, options, province)
    apps = local_apps(graph, instansi)
    if unit is not None:
        unit_ref = f"{instansi}:{unit}"
        apps = [a for a in apps if graph.nodes[a].get("owner") == unit_ref]
    focus = set(apps)
    links = app_links(graph, focus)
    # In a drill-down the partners of the OPD's apps are drawn too, in their own clusters.
    shown = focus | {e for k in links for e in (k.source, k.target)}
    if unit is None and len(shown) > options.max_nodes:
        return _collapsed(graph, instansi, sorted(focus), links, options)
    canvas = Canvas(graph, options, name=f"landscape_{instansi}", scope=instansi)
    blocks = draw_by_owner(canvas, instansi, shown)
    hub = _draw_hubs(canvas, links)
    sides = canvas.columns(blocks, hub=hub)
    _draw_links(canvas, links, sides)
    title = f"{style.text('landscape', options.lang)} — {government_name(graph, instansi)}"
    if unit is not None:
        title += f" — {unit_title(graph, f'{instansi}:{unit}', options.lang)}"
    notes = [
        f"{len(focus)} {style.text('applications', options.lang)}",
        integration_note(links, options.lang),
    ]
    return canvas.finish(title, notes)


def draw_by_owner(
    canvas: Canvas,
    instansi: str,
    shown: set[str],
    *,
    view: str = "landscape",
    kind_line: bool = False,
    decorate: Callable[[str], dict[str, Any]] | None = None,
) -> list[tuple[list[str], bool]]:
    """Items in clusters: per OPD (linking to the OPD's drill-down of `view`), the national
    catalogue's, other governments'. `decorate(ref)` adds `Canvas.item` arguments (lines,
    marks, fill). Returns the blocks for `Canvas.columns` (national and others kept right)."""
    graph, lang = canvas.graph, canvas.lang
    by_owner: dict[str | None, list[str]] = defaultdict(list)
    national: dict[str, list[str]] = defaultdict(list)
    others: dict[str, list[str]] = defaultdict(list)
    for ref in sorted(shown):
        data = graph.nodes[ref]
        if data["instansi"] == instansi:
            by_owner[data.get("owner")].append(ref)
        elif data.get("national"):
            national[data["instansi"]].append(ref)
        else:
            others[data["instansi"]].append(ref)

    def draw(target: graphviz.Digraph, ref: str, lines: list[str]) -> str:
        extra = dict(decorate(ref)) if decorate else {}
        extra["lines"] = [*lines, *extra.get("lines", [])]
        return canvas.item(target, ref, kind_line=kind_line, **extra)

    blocks: list[tuple[list[str], bool]] = []
    for owner in sorted(by_owner, key=lambda o: (unit_title(graph, o, lang), o or "")):
        url = (
            canvas.view_url(view, instansi=instansi, unit=graph.nodes[owner]["key"])
            if owner
            else None
        )
        name = f"unit_{node_id(owner) if owner else 'none'}"
        with canvas.cluster(canvas.dot, name, unit_title(graph, owner, lang), url=url) as sub:
            blocks.append(([draw(sub, r, []) for r in by_owner[owner]], False))
    for code in sorted(national):
        with canvas.cluster(
            canvas.dot,
            f"national_{node_id(code)}",
            government_name(graph, code),
            fill=style.NATIONAL_FILL,
            color=style.NATIONAL_BORDER,
        ) as sub:
            ids = [
                draw(sub, ref, [unit_short(graph, graph.nodes[ref].get("owner"), lang)])
                for ref in national[code]
            ]
            blocks.append((ids, True))
    for code in sorted(others):
        with canvas.cluster(
            canvas.dot,
            f"other_{node_id(code)}",
            f"{style.text('other_governments', lang)}: {government_name(graph, code)}",
            fill=style.OTHER_FILL,
            color=style.EXTERNAL_BORDER,
        ) as sub:
            blocks.append(([draw(sub, r, []) for r in others[code]], True))
    return blocks


def _draw_hubs(canvas: Canvas, links: list[Link]) -> str | None:
    """The SPL node(s) the bus edges meet at; the first one anchors the layout."""
    hubs = sorted({k.spl or SPL_HUB for k in links if k.via_spl})
    for hub in hubs:
        if hub == SPL_HUB:
            canvas.group(canvas.dot, SPL_HUB, "SPL / SPLP", [], url=None, kind="spl")
        else:
            canvas.item(canvas.dot, hub)
    if not hubs:
        return None
    return SPL_HUB if hubs[0] == SPL_HUB else node_id(hubs[0])


def _draw_links(canvas: Canvas, links: list[Link], sides: dict[str, str]) -> None:
    """SPL integrations as a bus (one edge per app and direction, with a count), the rest as
    direct edges coloured by mechanism. Only bus edges shape the layout (apps left of the SPL
    send, right of it receive); the others follow it, so the columns stay balanced."""
    graph = canvas.graph
    bus: Counter[tuple[str, str, str]] = Counter()
    for link in links:
        if link.via_spl:
            bus[(node_id(link.source), hub_id(link), "out")] += 1
            bus[(node_id(link.target), hub_id(link), "in")] += 1
            continue
        data = str(link.attributes.get("data") or "")
        tip = f"{graph.nodes[link.source]['name']} → {graph.nodes[link.target]['name']}"
        canvas.edge(
            node_id(link.source),
            node_id(link.target),
            link.style_key,
            tooltip=plain(f"{tip}: {data}" if data else tip),
            constraint="false",
        )
    for (app, hub, way), count in sorted(bus.items()):
        label = str(count) if count > 1 else None
        left = sides.get(app, "left") == "left"
        if way == "out":
            canvas.edge(app, hub, "integrates_with:spl", label=label, back=not left)
        else:
            canvas.edge(hub, app, "integrates_with:spl", label=label, back=left)


def _collapsed(
    graph: nx.MultiDiGraph,
    instansi: str,
    apps: list[str],
    links: list[Link],
    options: ViewOptions,
) -> graphviz.Digraph:
    """One node per OPD with its number of applications, linking to the OPD's drill-down;
    integrations summed between OPDs (and to the SPL and to national applications). When even
    the sums between OPDs are too many edges, each OPD just counts its point-to-point ones."""
    lang = options.lang
    canvas = Canvas(graph, options, name=f"landscape_{instansi}", scope=instansi)
    members: dict[str | None, list[str]] = defaultdict(list)
    for ref in apps:
        members[graph.nodes[ref].get("owner")].append(ref)
    group_of = {
        ref: f"@unit/{node_id(owner) if owner else 'none'}"
        for owner, refs in members.items()
        for ref in refs
    }
    bus: Counter[tuple[str, str, str]] = Counter()
    pairs: Counter[tuple[str, str, str]] = Counter()
    p2p_of: Counter[str] = Counter()
    for link in links:
        u = group_of.get(link.source, node_id(link.source))
        v = group_of.get(link.target, node_id(link.target))
        if link.via_spl:
            bus[(u, hub_id(link), "out")] += 1
            bus[(v, hub_id(link), "in")] += 1
        elif u != v:
            pairs[
                (u, v, "aggregate:p2p" if link.type == "integrates_with" else link.style_key)
            ] += 1
            if link.type == "integrates_with":
                p2p_of[u] += 1
                p2p_of[v] += 1
    summed = len(pairs) > MAX_SUMMARY_EDGES
    blocks: list[tuple[list[str], bool]] = []
    for owner in sorted(members, key=lambda o: (unit_title(graph, o, lang), o or "")):
        gid = group_of[members[owner][0]]
        lines = [f"{len(members[owner])} {style.text('applications', lang)}"]
        if summed and p2p_of[gid]:
            lines.append(
                f"{p2p_of[gid]} {style.text('integrations', lang)} {style.text('p2p', lang)}"
            )
        url = (
            canvas.view_url("landscape", instansi=instansi, unit=graph.nodes[owner]["key"])
            if owner
            else None
        )
        names = [str(graph.nodes[r]["name"]) for r in members[owner]]
        canvas.group(
            canvas.dot,
            gid,
            unit_title(graph, owner, lang),
            lines,
            url=url,
            tooltip=", ".join(names),
        )
        blocks.append(([gid], False))
    partners = {e for k in links for e in (k.source, k.target)} - set(apps)
    blocks += draw_by_owner(canvas, instansi, partners)
    hub = _draw_hubs(canvas, links)
    sides = canvas.columns(blocks, hub=hub)
    for (u, hub, way), count in sorted(bus.items()):
        right = sides.get(u) == "right"
        if way == "out":
            canvas.edge(u, hub, "aggregate:spl", label=str(count), back=right)
        else:
            canvas.edge(hub, u, "aggregate:spl", label=str(count), back=not right)
    for (u, v, key), count in sorted(pairs.items()):
        if not summed:
            canvas.edge(u, v, key, label=str(count), constraint="false")
    title = f"{style.text('landscape', lang)} — {government_name(graph, instansi)}"
    notes = [
        f"{len(apps)} {style.text('applications', lang)}",
        integration_note(links, lang),
        style.text("collapsed", lang, count=len(apps), limit=options.max_nodes),
    ]
    if summed:
        notes.append(style.text("summed_p2p", lang, count=len(pairs), limit=MAX_SUMMARY_EDGES))
    return canvas.finish(title, notes)


def _is_national(graph: nx.MultiDiGraph, code: str) -> bool:
    return graph.graph["instansi"][code].get("level") in ("nasional", "kl")


def province_of(graph: nx.MultiDiGraph, code: str) -> str | None:
    return (graph.graph["instansi"][code].get("attributes") or {}).get("province")


def _national(
    graph: nx.MultiDiGraph, options: ViewOptions, province: str | None = None
) -> graphviz.Digraph:
    """Every government (of one province, with the national catalogue): their applications in
    one cluster each; over the limit one node per government linking to its landscape; with
    more governments than the limit, one node per province linking to the province's view."""
    lang = options.lang
    codes = sorted(
        c
        for c in (graph.graph.get("instansi") or {})
        if province is None or _is_national(graph, c) or province_of(graph, c) == province
    )
    apps = [
        n
        for n in nodes_of_kind(graph, "application")
        if not graph.nodes[n].get("external") and graph.nodes[n]["instansi"] in codes
    ]
    app_set = set(apps)
    links = [k for k in app_links(graph, app_set) if k.source in app_set and k.target in app_set]
    canvas = Canvas(graph, options, name="landscape_national")
    title = style.text("landscape_national", lang) + (f" — {province}" if province else "")
    notes = [
        f"{len(codes)} {style.text('governments', lang)}, "
        f"{len(apps)} {style.text('applications', lang)}"
    ]
    notes.append(integration_note(links, lang))
    if len(apps) <= options.max_nodes:
        blocks: list[tuple[list[str], bool]] = []
        for code in codes:
            with canvas.cluster(
                canvas.dot,
                f"gov_{node_id(code)}",
                government_name(graph, code),
                fill=style.NATIONAL_FILL if _is_national(graph, code) else style.CLUSTER_FILL,
                url=canvas.view_url("landscape", instansi=code),
            ) as sub:
                ids = [
                    canvas.item(sub, ref, kind_line=False)
                    for ref in apps
                    if graph.nodes[ref]["instansi"] == code
                ]
                blocks.append((ids, _is_national(graph, code)))
        hub = _draw_hubs(canvas, links)
        _draw_links(canvas, links, canvas.columns(blocks, hub=hub))
        return canvas.finish(title, notes)
    by_province = len(codes) > options.max_nodes

    def group(code: str) -> str:
        if by_province and not _is_national(graph, code):
            return f"@province/{node_id(province_of(graph, code) or '-')}"
        return f"@gov/{node_id(code)}"

    members: dict[str, list[str]] = defaultdict(list)
    for code in codes:
        members[group(code)].append(code)
    app_count = Counter(group(graph.nodes[a]["instansi"]) for a in apps)
    spl = Counter(group(graph.nodes[k.source]["instansi"]) for k in links if k.via_spl)
    p2p = Counter(
        group(graph.nodes[k.source]["instansi"])
        for k in links
        if k.type == "integrates_with" and not k.via_spl
    )
    blocks = []
    for gid, govs in sorted(members.items()):
        first = govs[0]
        lines = [
            f"{app_count[gid]} {style.text('applications', lang)}",
            f"{style.text('integrations', lang)}: {spl[gid]} {style.text('via_spl', lang)}, "
            f"{p2p[gid]} {style.text('p2p', lang)}",
        ]
        if gid.startswith("@province/"):
            name = province_of(graph, first) or style.text("no_province", lang)
            lines.insert(0, f"{len(govs)} {style.text('governments', lang)}")
            url = canvas.view_url("landscape", province=province_of(graph, first) or "")
        else:
            name, url = government_name(graph, first), canvas.view_url("landscape", instansi=first)
        national = _is_national(graph, first)
        canvas.group(
            canvas.dot,
            gid,
            name,
            lines,
            url=url,
            fill=style.NATIONAL_FILL if national else None,
            tooltip=", ".join(government_name(graph, c) for c in govs[:60]),
        )
        if not national:
            blocks.append(([gid], False))
    # The national catalogue, which every government integrates with, in the middle.
    hubs = [gid for gid, govs in members.items() if _is_national(graph, govs[0])]
    hub = hubs[0] if len(hubs) == 1 else None
    sides = canvas.columns(blocks, hub=hub)
    counts: Counter[tuple[str, str, str]] = Counter()
    for link in links:
        u, v = (
            group(graph.nodes[link.source]["instansi"]),
            group(graph.nodes[link.target]["instansi"]),
        )
        if u != v:
            if link.via_spl:
                key = "aggregate:spl"
            elif link.type == "integrates_with":
                key = "aggregate:p2p"
            else:
                key = link.style_key
            counts[(u, v, key)] += 1
    for (u, v, key), count in sorted(counts.items()):
        # Edges to the hub shape the layout (drawn reversed from its right side), others not.
        if hub in (u, v):
            other = u if v == hub else v
            back = (sides.get(other) == "right") == (v == hub)
            canvas.edge(u, v, key, label=str(count), back=back)
        else:
            canvas.edge(u, v, key, label=str(count), constraint="false")
    limit_count = len(codes) if by_province else len(apps)
    notes.append(style.text("collapsed", lang, count=limit_count, limit=options.max_nodes))
    return canvas.finish(title, notes)
