"""The drawing surface every view shares: options, nodes for items and collapsed groups, styled
edges, links, and the title with a legend of what was actually drawn.

Views decide *what* to draw; the canvas decides *how* (with `visualize.style`), so every view
looks alike and escapes user text the same way.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import graphviz
import networkx as nx

from visualize import style
from visualize.escape import html_text, node_id, plain, url_part, wrap

# Above this many item nodes a view collapses (per OPD, per government, or per depth). See the
# README ("Diagrams: readable at scale") for why 100.
MAX_NODES = 100
MAX_COLUMNS = 7
LANGS = ("id", "en")


@dataclass(frozen=True)
class ViewOptions:
    lang: str = "id"  # "id" (Bahasa Indonesia) or "en"
    max_nodes: int = MAX_NODES
    base_url: str = ""  # prefix of links: "" keeps them root-relative ("/api/...")


INACTIVE_STATUSES = frozenset({"nonaktif", "pensiun"})


def is_active(data: dict[str, Any]) -> bool:
    return data.get("status") not in INACTIVE_STATUSES


def unit_title(graph: nx.MultiDiGraph, unit_ref: str | None, lang: str) -> str:
    """An OPD's name with its abbreviation, or "no owner"."""
    if unit_ref is None or unit_ref not in graph:
        return style.text("no_owner", lang)
    data = graph.nodes[unit_ref]
    abbr = (data.get("attributes") or {}).get("abbreviation")
    return f"{data['name']} ({abbr})" if abbr and abbr != data["name"] else str(data["name"])


def unit_short(graph: nx.MultiDiGraph, unit_ref: str | None, lang: str) -> str:
    if unit_ref is None or unit_ref not in graph:
        return style.text("no_owner", lang)
    data = graph.nodes[unit_ref]
    return str((data.get("attributes") or {}).get("abbreviation") or data["name"])


def government_name(graph: nx.MultiDiGraph, code: str) -> str:
    return str((graph.graph.get("instansi") or {}).get(code, {}).get("name") or code)


class Canvas:
    """One diagram being drawn. Nodes are added in the order the view chooses (sorted), edges
    are collected and written sorted, so the same data always gives the same DOT."""

    def __init__(
        self,
        graph: nx.MultiDiGraph,
        options: ViewOptions,
        *,
        name: str,
        rankdir: str = "LR",
        scope: str | None = None,
        **layout: str,
    ) -> None:
        self.graph = graph
        self.scope = scope  # the government drawn: national items elsewhere get a mark
        self.options = options
        self.lang = options.lang
        self.name = name
        self.graph_attrs = {**style.graph_attrs(rankdir), **layout}
        # Everything is drawn inside one borderless cluster whose label is the title; the
        # legend is the graph's own label, below. (A legend nested in the title's table got
        # stretched to the title's width by Graphviz.)
        self.dot = graphviz.Digraph(name="cluster_view")
        self.kinds: set[str] = set()
        self.marks: set[str] = set()
        self.edge_keys: set[str] = set()
        self.drawn: set[str] = set()  # DOT ids of the nodes drawn
        self.swatches: tuple[tuple[str, str], ...] = ()  # fills a view uses instead of kinds
        self._edges: dict[tuple[str, str, str, str], dict[str, str]] = {}
        self._ranks: list[list[str]] = []

    # ------------------------------------------------------------------ links

    def item_url(self, ref: str) -> str:
        data = self.graph.nodes[ref]
        return (
            f"{self.options.base_url}/api/instansi/{url_part(str(data['instansi']))}"
            f"/items/{url_part(str(data['key']))}"
        )

    def view_url(self, view: str, **params: str | int | None) -> str:
        query = {k: v for k, v in params.items() if v is not None}
        query["format"] = "svg"
        if self.lang != "id":
            query["lang"] = self.lang
        return f"{self.options.base_url}/api/diagrams/{url_part(view)}?{urlencode(query)}"

    # ------------------------------------------------------------------ nodes

    def item(
        self,
        target: graphviz.Digraph,
        ref: str,
        *,
        lines: Sequence[str] = (),
        marks: Sequence[str] = (),
        fill: str | None = None,
        kind_line: bool = True,
    ) -> str:
        """Draw an item: its name (wrapped, bold), then small lines (kind, what the view adds).
        Linked to its API resource, with the full name and description as tooltip."""
        data = self.graph.nodes[ref]
        kind = str(data["kind"])
        nid = node_id(ref)
        if nid in self.drawn:
            return nid
        self.drawn.add(nid)
        self.kinds.add(kind)
        marks = list(marks)
        if data.get("national") and data.get("instansi") != self.scope:
            marks.append("national")
        if data.get("external"):
            marks.append("external")
        if not is_active(data):
            marks.append("inactive")
        small = [style.kind_label(kind, self.lang)] if kind_line else []
        if data.get("status") not in (None, "aktif"):
            small.append(str(data.get("status")))
        small.extend(lines)
        spec = style.kind_style(kind)
        attrs = {
            "label": self._label(wrap(data["name"]), small),
            "shape": spec.shape,
            "style": spec.style,
            "fillcolor": fill or spec.fill,
            "URL": plain(self.item_url(ref)),
            "target": "_top",
            "tooltip": plain(self._tooltip(data)),
        }
        attrs.update(self._mark_attrs(marks, spec.style))
        target.node(nid, **attrs)
        return nid

    def group(
        self,
        target: graphviz.Digraph,
        gid: str,
        title: str,
        lines: Sequence[str],
        *,
        url: str | None,
        kind: str | None = None,
        tooltip: str | None = None,
        fill: str | None = None,
        big: bool = False,
        mark: str = "group",
    ) -> str:
        """A collapsed group (an OPD or a government with counts) linking to its drill-down;
        `big` for the few nodes of a summary (layers of a whole government)."""
        self.drawn.add(gid)
        self.marks.add(mark)
        if kind:
            self.kinds.add(kind)
        border = style.MARKS[mark]
        attrs = {
            "label": self._label(wrap(title, 28), list(lines), small_size="11" if big else None),
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": fill or (style.kind_style(kind).fill if kind else style.GROUP_FILL),
            "color": border.color,
            "penwidth": border.penwidth,
            "tooltip": plain(tooltip or title),
            "target": "_top",
        }
        if url:
            attrs["URL"] = plain(url)
        if big:
            attrs.update(fontsize="15", margin="0.25,0.12")
        target.node(gid, **attrs)
        return gid

    def note(self, target: graphviz.Digraph, nid: str, lines: Sequence[str]) -> str:
        """A plain note, not linked (e.g. "no findings", so an empty view still shows its
        title: Graphviz drops an empty cluster with its label)."""
        self.drawn.add(nid)
        rows = "".join(
            f'<TR><TD ALIGN="LEFT">{html_text(line)}</TD></TR>' for line in lines if line
        )
        target.node(
            nid,
            label=f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0">{rows}</TABLE>>',
            shape="note",
            style="filled",
            fillcolor="#fffde7",
            color="#bdbdbd",
        )
        return nid

    # ------------------------------------------------------------------ edges

    def edge(
        self,
        u: str,
        v: str,
        key: str,
        *,
        label: str | Sequence[str] | None = None,
        back: bool = False,
        **extra: str,
    ) -> None:
        """A styled edge between two drawn DOT ids. `back` draws v→u with the arrow at u, so
        a layered view can keep its ranks top to bottom while arrows keep their meaning."""
        s = style.EDGE_STYLES.get(key, style.DEFAULT_EDGE)
        if key in style.EDGE_STYLES:
            self.edge_keys.add(key)
        attrs = s.attrs()
        if back:
            u, v = v, u
            attrs["dir"] = "back" if s.dir != "none" else "none"
        lines = [label] if isinstance(label, str) else list(label or [])
        if lines:
            text = "<BR/>".join(html_text(line) for line in lines)
            attrs["label"] = f'<<FONT COLOR="{s.color}">{text}</FONT>>'
        attrs.update(extra)
        self._edges.setdefault((u, v, key, "\n".join(lines)), attrs)

    def invisible(self, u: str, v: str, **extra: str) -> None:
        """A layout-only edge (orders columns or rows; never drawn)."""
        self._edges.setdefault((u, v, "", ""), {"style": "invis", **extra})

    def same_rank(self, ids: Sequence[str]) -> None:
        if ids:
            self._ranks.append(list(ids))

    def columns(
        self, blocks: Sequence[tuple[Sequence[str], bool]], *, hub: str | None = None
    ) -> dict[str, str]:
        """Lay blocks (the node ids of one cluster; True = keep right) out in balanced columns
        from left to right (rankdir LR), instead of one endless column. With a hub (the SPL),
        the hub sits in the middle. Returns each node's side of the hub, "left" or "right"."""
        sizes = [len(ids) + 1 for ids, _ in blocks]  # +1: the cluster's title
        # With a hub, two columns each side: every bus edge stays short and the picture near
        # square (one column each side made a 1:2 poster). Without one, a roughly 4:3 grid.
        k = 4 if hub else max(1, min(MAX_COLUMNS, round(math.sqrt(sum(sizes) / 3.2))))
        half = (k + 1) // 2
        heights = [0] * k
        column_of = [0] * len(blocks)
        for i in sorted(range(len(blocks)), key=lambda i: (-sizes[i], i)):
            allowed = range(half, k) if blocks[i][1] and k > 1 else range(k)
            best = min(allowed, key=lambda c: (heights[c], c))
            column_of[i] = best
            heights[best] += sizes[i]
        sides: dict[str, str] = {}
        firsts: list[str] = []
        for c in range(k):
            ids = [n for i, (block, _) in enumerate(blocks) if column_of[i] == c for n in block]
            if not ids:
                continue
            self.same_rank(ids)
            if hub and c == half:
                firsts.append(hub)
            firsts.append(ids[0])
            sides.update((n, "left" if c < half else "right") for n in ids)
        if hub and hub not in firsts:
            firsts.append(hub)
        for u, v in itertools.pairwise(firsts):
            self.invisible(u, v)
        return sides

    # ------------------------------------------------------------------ clusters

    @contextmanager
    def cluster(
        self,
        parent: graphviz.Digraph,
        name: str,
        title: str,
        *,
        fill: str = style.CLUSTER_FILL,
        color: str = "#cfd8dc",
        url: str | None = None,
        **extra: str,
    ) -> Iterator[graphviz.Digraph]:
        """A titled box (an OPD, a layer, a cluster of duplicates), linked when `url` is given."""
        label = f"<<B>{html_text(title)}</B>>"
        attrs = {**style.CLUSTER_ATTRS, "label": label, "fillcolor": fill, "color": color}
        if url:
            attrs["URL"] = plain(url)
            attrs["target"] = "_top"
            attrs["tooltip"] = plain(title)
        attrs.update(extra)
        with parent.subgraph(name=f"cluster_{name}") as sub:
            sub.attr(**attrs)
            yield sub

    # ------------------------------------------------------------------ finishing

    def finish(self, title: str, notes: Sequence[str] = ()) -> graphviz.Digraph:
        for ids in self._ranks:
            with self.dot.subgraph() as rank:
                rank.attr(rank="same")
                for nid in ids:
                    rank.node(nid)
        for (u, v, _key, _label), attrs in sorted(self._edges.items(), key=lambda e: e[0]):
            self.dot.edge(u, v, **attrs)
        self.dot.attr(
            label=style.title_html(title, list(notes)),
            labelloc="t",
            labeljust="l",
            peripheries="0",
            margin="12",
        )
        kinds = set() if self.swatches else self.kinds
        legend = style.legend_html(kinds, self.edge_keys, self.marks, self.lang, self.swatches)
        # A view with nothing drawn (e.g. no duplicates found) has nothing to explain.
        legend_attrs = {"label": f"<{legend}>", "labelloc": "b"} if legend else {}
        root = graphviz.Digraph(
            name=self.name,
            graph_attr={**self.graph_attrs, **legend_attrs},
            node_attr=style.NODE_ATTRS,
            edge_attr=style.EDGE_ATTRS,
        )
        root.subgraph(self.dot)
        return root

    # ------------------------------------------------------------------ helpers

    def _label(
        self, name_lines: Sequence[str], small: Sequence[str], small_size: str | None = None
    ) -> str:
        name = "<BR/>".join(html_text(line) for line in name_lines)
        out = f"<B>{name}</B>"
        for line in small:
            if line:
                out += (
                    f'<BR/><FONT POINT-SIZE="{small_size or style.SMALL_SIZE}" '
                    f'COLOR="{style.MUTED}">{html_text(line)}</FONT>'
                )
        return f"<{out}>"

    def _tooltip(self, data: dict[str, Any]) -> str:
        head = f"{data['name']} [{data['instansi']}:{data['key']}]"
        desc = str(data.get("description") or "")
        return f"{head} — {desc[:300]}" if desc else head

    def _mark_attrs(self, marks: Sequence[str], base_style: str) -> dict[str, str]:
        if not marks:
            return {}
        # The first mark wins the border; a dashed one keeps the dash.
        chosen = [style.MARKS[m] for m in marks if m in style.MARKS]
        self.marks.update(m for m in marks if m in style.MARKS)
        if not chosen:
            return {}
        first = chosen[0]
        attrs = {"color": first.color, "penwidth": first.penwidth}
        if any(m.dashed for m in chosen) and "dashed" not in base_style:
            attrs["style"] = base_style + ",dashed"
        return attrs
