"""Item: one item's neighbourhood to a chosen depth, every relationship type, both directions.

Breadth-first from the item; only edges from one ring to the next are drawn. When the next
ring would take the view past `max_nodes`, that ring is collapsed: one node per item it hangs
from ("+12 more": 3 applications, ...), linking to that item's own neighbourhood, where they are
drawn one by one.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import graphviz
import networkx as nx

from visualize import style
from visualize.canvas import Canvas, ViewOptions, government_name, unit_short
from visualize.escape import node_id

MAX_DEPTH = 5
# Relationship names on the edges while they stay few enough to read.
MAX_LABELLED_EDGES = 40


def _neighbours(graph: nx.MultiDiGraph, ref: str) -> set[str]:
    return set(graph.successors(ref)) | set(graph.predecessors(ref))


def neighbourhood(
    graph: nx.MultiDiGraph,
    ref: str,
    *,
    depth: int = 1,
    options: ViewOptions | None = None,
) -> graphviz.Digraph:
    options = options or ViewOptions()
    lang = options.lang
    data = graph.nodes[ref]
    canvas = Canvas(graph, options, name=f"item_{node_id(ref)}", scope=str(data["instansi"]))
    ring_of = {ref: 0}
    ring = [ref]
    collapsed: dict[str, list[str]] = defaultdict(list)
    for distance in range(1, depth + 1):
        parent_of: dict[str, str] = {}
        for parent in ring:
            for n in sorted(_neighbours(graph, parent) - ring_of.keys()):
                parent_of.setdefault(n, parent)
        if not parent_of:
            break
        if len(ring_of) + len(parent_of) > options.max_nodes:
            for n, parent in sorted(parent_of.items()):
                collapsed[parent].append(n)
            break
        ring_of.update(dict.fromkeys(parent_of, distance))
        ring = sorted(parent_of)
    seen = set(ring_of)
    for n in sorted(seen):
        owner = graph.nodes[n].get("owner")
        lines = [unit_short(graph, owner, lang)] if owner else []
        if graph.nodes[n]["instansi"] != data["instansi"]:
            lines = [government_name(graph, str(graph.nodes[n]["instansi"]))]
        canvas.item(canvas.dot, n, lines=lines, marks=["focus"] if n == ref else ())
    # Only edges from one ring to the next: links among neighbours themselves are the
    # neighbours' own story (and made a hairball of every hub).
    edges = sorted(
        {
            (u, v, style.edge_style_key(d["type"], d.get("attributes")))
            for u, v, d in graph.edges(data=True)
            if u in seen and v in seen and abs(ring_of[u] - ring_of[v]) == 1
        }
    )
    labelled = len(edges) <= MAX_LABELLED_EDGES
    for u, v, key in edges:
        label = style.EDGE_STYLES.get(key, style.DEFAULT_EDGE).label(lang) if labelled else None
        canvas.edge(node_id(u), node_id(v), key, label=label)
    for parent, members in sorted(collapsed.items()):
        gid = f"@more/{node_id(parent)}"
        kinds = Counter(str(graph.nodes[m]["kind"]) for m in members)
        canvas.group(
            canvas.dot,
            gid,
            style.text("more", lang, count=len(members)),
            [f"{n} {style.kind_label(k, lang)}" for k, n in sorted(kinds.items())],
            url=canvas.view_url(
                "item",
                instansi=str(graph.nodes[parent]["instansi"]),
                item=str(graph.nodes[parent]["key"]),
            ),
            tooltip=", ".join(str(graph.nodes[m]["name"]) for m in members[:50]),
        )
        canvas.edge(node_id(parent), gid, "aggregate:rel", label=str(len(members)))
    title = f"{style.text('item', lang)} {data['name']}"
    notes = [
        f"{style.kind_label(str(data['kind']), lang)} · {government_name(graph, str(data['instansi']))}"
        f" · {style.text('depth', lang, depth=depth)}",
        f"{len(seen) - 1} {style.text('items', lang)}",
    ]
    if collapsed:
        count = sum(len(m) for m in collapsed.values())
        notes.append(
            style.text("collapsed", lang, count=len(seen) + count, limit=options.max_nodes)
        )
    return canvas.finish(title, notes)
