"""Every look of every view, in one place: colours and shapes per kind, edge styles per
relationship type (and integration mechanism), the words on the diagrams in both languages, and
the legend.

Colours are 6-digit hex on purpose: Debian's Graphviz 2.43 does not read 3-digit hex. Layer
colours follow the ArchiMate habit (business yellow, application blue, technology green) with
SPBE's own data layer in teal, security in red and the SPL in purple so the bus stands out.
"""

from __future__ import annotations

from dataclasses import dataclass

from registry import metamodel as mm
from visualize.escape import html_text

FONT = "Helvetica,Arial,sans-serif"
INK = "#1d2733"
MUTED = "#5b6775"
LINE = "#8a96a3"
TITLE_SIZE = "20"
FONT_SIZE = "11"
SMALL_SIZE = "9"


@dataclass(frozen=True)
class NodeStyle:
    fill: str
    shape: str = "box"
    style: str = "rounded,filled"


_INFRA = NodeStyle("#dcedc8", "box3d", "filled")
KIND_STYLES: dict[str, NodeStyle] = {
    "unit": NodeStyle("#eceff1", "folder", "filled"),
    "process": NodeStyle("#fff3b0", "cds", "filled"),
    "service": NodeStyle("#ffe0b2", "box", "rounded,filled"),
    "application": NodeStyle("#bbdefb"),
    "interface": NodeStyle("#e3f2fd", "box", "rounded,filled,dashed"),
    "dataset": NodeStyle("#b2ebf2", "note", "filled"),
    "data_store": NodeStyle("#80deea", "cylinder", "filled"),
    "data_centre": _INFRA,
    "cloud": NodeStyle("#dcedc8", "ellipse", "filled"),
    "server": _INFRA,
    "storage": NodeStyle("#dcedc8", "cylinder", "filled"),
    "network_device": NodeStyle("#dcedc8", "hexagon", "filled"),
    "security_device": NodeStyle("#ffcdd2", "box", "filled,diagonals"),
    "peripheral": NodeStyle("#dcedc8", "box", "filled"),
    "platform_software": NodeStyle("#dcedc8", "component", "filled"),
    "intranet": NodeStyle("#dcedc8", "hexagon", "filled"),
    "spl": NodeStyle("#d1c4e9", "hexagon", "filled,bold"),
    "security": NodeStyle("#ffcdd2", "box", "rounded,filled,diagonals"),
}
UNKNOWN_KIND = NodeStyle("#f5f5f5")

# Band (cluster) background per layer in the layered view: the kind colours, paler.
LAYER_FILLS: dict[str, str] = {
    "organisation": "#f7f8f9",
    "business": "#fffbe6",
    "service": "#fff6eb",
    "application": "#eef6fe",
    "data": "#ecfafc",
    "infrastructure": "#f4faee",
    "security": "#fff1f2",
}
CLUSTER_FILL = "#f7f9fb"  # an OPD in the landscape
NATIONAL_FILL = "#fdf3e1"  # the national catalogue, set apart
OTHER_FILL = "#f3eef8"  # other governments (replication sources)
NATIONAL_BORDER = "#b26a00"
EXTERNAL_BORDER = "#7e57c2"
FOCUS_BORDER = "#c62828"  # the item a view is about
GROUP_FILL = "#ffffff"  # a collapsed group (OPD or government with counts)

# Severity of a finding (gaps, impact depth): border colours, strongest first.
SEVERITY_COLOURS = {"high": "#c62828", "medium": "#ef6c00", "low": "#f9a825"}
IMPACT_DEPTH_FILLS = ("#ef9a9a", "#ffcdd2", "#ffebee")  # depth 1, 2, 3+


@dataclass(frozen=True)
class EdgeStyle:
    """How one kind of edge looks; `label_id`/`label_en` name it in the legend."""

    color: str
    label_id: str
    label_en: str
    style: str = "solid"
    penwidth: str = "1.2"
    arrowhead: str = "normal"
    dir: str = "forward"

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_id

    def attrs(self) -> dict[str, str]:
        out = {"color": self.color, "style": self.style, "penwidth": self.penwidth}
        if self.arrowhead != "normal":
            out["arrowhead"] = self.arrowhead
        if self.dir != "forward":
            out["dir"] = self.dir
        return out


def _rel(name: str, color: str, **kw: str) -> EdgeStyle:
    rel = mm.OWNS if name == "owns" else mm.RELATIONSHIP_MAP[name]
    return EdgeStyle(color, rel.label_id, rel.label_en, **kw)


def _mechanism(value: str, color: str, **kw: str) -> EdgeStyle:
    choice = next(c for c in mm.MECHANISM if c.value == value)
    return EdgeStyle(color, choice.label_id, choice.label_en, **kw)


SPL_BLUE = "#1565c0"
# Keys: a relationship type, "integrates_with:<mechanism>", or a mark of a view ("gap:...",
# "duplicate", "aggregate:...").
EDGE_STYLES: dict[str, EdgeStyle] = {
    "integrates_with:spl": _mechanism("spl", SPL_BLUE, penwidth="1.6"),
    "integrates_with:direct_api": _mechanism("direct_api", "#ef6c00", penwidth="1.6"),
    "integrates_with:db_link": _mechanism("db_link", "#ad1457", penwidth="1.6", style="bold"),
    "integrates_with:file": _mechanism("file", "#6d4c41", style="dashed", penwidth="1.4"),
    "integrates_with:manual": _mechanism("manual", "#757575", style="dotted", penwidth="1.6"),
    "integrates_with": _rel("integrates_with", "#ef6c00"),
    "owns": _rel("owns", "#b0bec5", style="dotted", arrowhead="none"),
    "operates": _rel("operates", "#90a4ae", style="dotted"),
    "develops": _rel("develops", "#90a4ae", style="dotted"),
    "uses": _rel("uses", "#546e7a"),
    "produces": _rel("produces", "#00838f", style="dotted"),
    "is_walidata_of": _rel("is_walidata_of", "#00838f", style="dotted"),
    "supports": _rel("supports", "#8d6e00"),
    "realises": _rel("realises", "#8d6e00", style="dashed", arrowhead="empty"),
    "part_of": _rel("part_of", "#90a4ae", arrowhead="odiamond"),
    "reads": _rel("reads", "#00838f", style="dashed"),
    "writes": _rel("writes", "#00838f", penwidth="1.6"),
    "source_of_truth_for": _rel("source_of_truth_for", "#006064", penwidth="2.2"),
    "requires": _rel("requires", "#8d6e00", style="dashed"),
    "stored_in": _rel("stored_in", "#00838f", arrowhead="box"),
    "hosted_on": _rel("hosted_on", "#558b2f", arrowhead="box"),
    "connected_via": _rel("connected_via", "#7cb342", style="dotted", arrowhead="none"),
    "provides": _rel("provides", "#1e88e5", arrowhead="dot"),
    "consumes": _rel("consumes", "#1e88e5", style="dashed", arrowhead="dot"),
    "exposes_api_on": _rel("exposes_api_on", SPL_BLUE, style="dashed"),
    "secured_by": _rel("secured_by", "#e57373", style="dotted"),
    "audited_by": _rel("audited_by", "#e57373", style="dashed"),
    "replicated_from": _rel("replicated_from", EXTERNAL_BORDER, style="dashed", penwidth="1.6"),
    "should_migrate_to": _rel("should_migrate_to", NATIONAL_BORDER, style="dashed", penwidth="2"),
    "duplicates": _rel("duplicates", "#c2185b", dir="none", penwidth="2"),
    "version_of": _rel("version_of", "#90a4ae", style="dashed"),
    # Marks of the analysis views.
    "gap:missing_integration": EdgeStyle(
        "#d32f2f",
        "integrasi yang hilang",
        "missing integration",
        style="dashed",
        penwidth="2.4",
    ),
    "gap:spl_bypass": EdgeStyle(
        "#d32f2f", "melewati SPL (point-to-point)", "bypasses the SPL", penwidth="2.8"
    ),
    "duplicate": EdgeStyle(
        "#c2185b", "kemiripan (skor, alasan)", "similarity (score, reasons)", dir="none"
    ),
    "migration": EdgeStyle(
        NATIONAL_BORDER,
        "sebaiknya bermigrasi ke",
        "should migrate to",
        style="dashed",
        penwidth="2",
    ),
    "impact": EdgeStyle("#c62828", "rantai dampak", "impact chain", penwidth="1.8"),
    "dependency": EdgeStyle("#546e7a", "bergantung pada", "depends on", style="dashed"),
    "aggregate:spl": EdgeStyle(
        SPL_BLUE, "integrasi melalui SPL (jumlah)", "integrations via SPL (count)", penwidth="1.6"
    ),
    "aggregate:p2p": EdgeStyle(
        "#ef6c00",
        "integrasi point-to-point (jumlah)",
        "point-to-point integrations (count)",
        penwidth="1.6",
    ),
    "aggregate:rel": EdgeStyle(LINE, "relasi (jumlah)", "relationships (count)"),
}
DEFAULT_EDGE = EdgeStyle(LINE, "relasi", "relationship")


def edge_style_key(rel_type: str, attributes: dict[str, object] | None = None) -> str:
    """The EDGE_STYLES key of a graph edge: integrations are told apart by mechanism."""
    if rel_type == "integrates_with":
        key = f"integrates_with:{(attributes or {}).get('mechanism')}"
        return key if key in EDGE_STYLES else "integrates_with"
    return rel_type


# Words on the diagrams (titles, groups, legend), Bahasa Indonesia first.
TEXTS: dict[str, tuple[str, str]] = {
    "landscape": ("Lanskap Aplikasi", "Application Landscape"),
    "landscape_national": ("Lanskap Aplikasi Nasional", "National Application Landscape"),
    "layers": ("Arsitektur SPBE per Lapisan", "SPBE Layered Architecture"),
    "item": ("Keterkaitan", "Neighbourhood of"),
    "impact": ("Analisis Dampak", "Impact Analysis"),
    "duplicates": ("Duplikasi Aplikasi", "Duplicate Applications"),
    "gaps": ("Kesenjangan Integrasi", "Integration Gaps"),
    "legend": ("Keterangan", "Legend"),
    "other_governments": ("Instansi lain", "Other governments"),
    "no_owner": ("Tanpa pemilik", "No owner"),
    "no_province": ("Tanpa provinsi", "No province"),
    "national_item": ("nasional", "national"),
    "external_item": ("instansi lain", "other government"),
    "inactive": ("tidak aktif", "inactive"),
    "focus": ("item yang dianalisis", "the item analysed"),
    "group": ("kelompok diringkas (klik untuk rinci)", "collapsed group (click to drill down)"),
    "collapsed": (
        "Diringkas: {count} item melebihi batas {limit}; klik kelompok untuk rincian.",
        "Collapsed: {count} items exceed the limit of {limit}; click a group to drill down.",
    ),
    "applications": ("aplikasi", "applications"),
    "governments": ("instansi", "governments"),
    "integrations": ("integrasi", "integrations"),
    "via_spl": ("melalui SPL", "via SPL"),
    "p2p": ("point-to-point", "point-to-point"),
    "items": ("item", "items"),
    "more": ("+{count} lainnya", "+{count} more"),
    "depth": ("kedalaman {depth}", "depth {depth}"),
    "dependents": ("Terdampak (bergantung padanya)", "Affected (depend on it)"),
    "depends_on": ("Bergantung pada", "It depends on"),
    "affected_services": ("layanan terdampak", "affected services"),
    "affected_governments": ("Instansi terdampak", "Affected governments"),
    "affected_service": ("layanan terdampak", "affected service"),
    "cluster": ("Klaster {n} · skor {score}", "Cluster {n} · score {score}"),
    "duplicate_counts": (
        "{clusters} klaster · {pairs} pasangan · {migrations} saran migrasi",
        "{clusters} clusters · {pairs} pairs · {migrations} migration advices",
    ),
    "migration_targets": (
        "Tujuan migrasi (aplikasi nasional)",
        "Migration targets (national applications)",
    ),
    "severity_high": ("kesenjangan tingkat tinggi", "high severity gap"),
    "severity_medium": ("kesenjangan tingkat sedang", "medium severity gap"),
    "severity_low": ("kesenjangan tingkat rendah", "low severity gap"),
    "no_findings": ("Tidak ada temuan.", "No findings."),
    "summed_edges": (
        "{count} relasi antaritem melebihi batas {limit}: dijumlahkan per jenis antarlapisan; "
        "buka satu OPD untuk rinciannya.",
        "{count} relationships between items exceed the limit of {limit}: summed per type "
        "between layers; open one unit for the details.",
    ),
    "unit_table": ("Rincian per OPD (klik)", "Per unit (click)"),
    "summed_p2p": (
        "{count} pasangan OPD berintegrasi point-to-point (batas {limit}): dihitung per OPD; "
        "klik OPD untuk melihatnya.",
        "{count} pairs of units integrate point-to-point (limit {limit}): counted per unit; "
        "click a unit to see them.",
    ),
    "gap_counts": ("{count} kesenjangan: {detail}", "{count} gaps: {detail}"),
}

# Kinds of gap (registry.analysis.results.Gap.kind); an unknown kind is shown by its code.
GAP_LABELS: dict[str, tuple[str, str]] = {
    "missing_integration": ("integrasi hilang", "missing integration"),
    "spl_bypass": ("melewati SPL", "bypasses the SPL"),
    "shadow_master_data": ("data induk bayangan", "shadow master data"),
    "claimed_interop_without_integration": (
        "klaim interoperabilitas tanpa integrasi",
        "claims interoperability, no integration",
    ),
    "service_without_application": ("layanan tanpa aplikasi", "service without application"),
    "orphan_application": ("aplikasi tanpa layanan", "application supporting nothing"),
    "unowned": ("tanpa pemilik", "no owner"),
    "unhosted": ("tanpa hosting", "not hosted"),
}


def gap_label(kind: str, lang: str) -> str:
    pair = GAP_LABELS.get(kind)
    if pair is None:
        return kind.replace("_", " ")
    return pair[1] if lang == "en" else pair[0]


def text(key: str, lang: str, **params: object) -> str:
    pair = TEXTS[key]
    return (pair[1] if lang == "en" else pair[0]).format(**params)


def label_of(obj: mm.Kind | mm.Layer | mm.RelationshipType | mm.Choice, lang: str) -> str:
    return obj.label_en if lang == "en" else obj.label_id


def kind_label(kind: str, lang: str) -> str:
    spec = mm.KIND_MAP.get(kind)
    return label_of(spec, lang) if spec else kind


def kind_style(kind: str) -> NodeStyle:
    return KIND_STYLES.get(kind, UNKNOWN_KIND)


def graph_attrs(rankdir: str) -> dict[str, str]:
    return {
        "rankdir": rankdir,
        "fontname": FONT,
        "fontcolor": INK,
        "labeljust": "l",
        "nodesep": "0.25",
        "ranksep": "0.55",
        "compound": "true",
        "newrank": "true",
        "outputorder": "edgesfirst",
        "pad": "0.3",
        "bgcolor": "#ffffff",
    }


NODE_ATTRS = {
    "fontname": FONT,
    "fontsize": FONT_SIZE,
    "fontcolor": INK,
    "color": "#607d8b",
    "penwidth": "1",
    "margin": "0.12,0.06",
}
EDGE_ATTRS = {"fontname": FONT, "fontsize": SMALL_SIZE, "fontcolor": MUTED, "arrowsize": "0.7"}
CLUSTER_ATTRS = {
    "style": "rounded,filled",
    "color": "#cfd8dc",
    "fillcolor": CLUSTER_FILL,
    "fontname": FONT,
    "fontsize": "12",
    "fontcolor": INK,
    "labeljust": "l",
    "labelloc": "t",
    "penwidth": "1",
    "peripheries": "1",
    "margin": "10",
}


@dataclass(frozen=True)
class NodeMark:
    """A border that says something about a node (national, inactive, the focus, ...)."""

    color: str
    text_key: str
    penwidth: str = "2"
    dashed: bool = False


MARKS: dict[str, NodeMark] = {
    "focus": NodeMark(FOCUS_BORDER, "focus", penwidth="3.5"),
    "national": NodeMark(NATIONAL_BORDER, "national_item", penwidth="2.2"),
    "external": NodeMark(EXTERNAL_BORDER, "external_item", dashed=True),
    "inactive": NodeMark("#9e9e9e", "inactive", dashed=True),
    "group": NodeMark("#37474f", "group", penwidth="1.6"),
    "affected_service": NodeMark(FOCUS_BORDER, "affected_service", penwidth="3"),
    "severity_high": NodeMark(SEVERITY_COLOURS["high"], "severity_high", penwidth="3"),
    "severity_medium": NodeMark(SEVERITY_COLOURS["medium"], "severity_medium", penwidth="2.5"),
    "severity_low": NodeMark(SEVERITY_COLOURS["low"], "severity_low", penwidth="2"),
}


def _line_glyph(style: EdgeStyle) -> str:
    heavy = float(style.penwidth) >= 2 or "bold" in style.style
    if "dashed" in style.style:
        line = "╍╍╍" if heavy else "╌╌╌"
    elif "dotted" in style.style:
        line = "┉┉┉" if heavy else "┈┈┈"
    else:
        line = "━━━" if heavy else "───"
    return line if style.dir == "none" or style.arrowhead == "none" else line + "▶"


def legend_html(
    kinds: set[str],
    edge_keys: set[str],
    marks: set[str],
    lang: str,
    swatches: tuple[tuple[str, str], ...] = (),
) -> str:
    """The legend of a view: only what the view draws, in a fixed order, as one table with a
    column pair each for kinds (or the view's own fills, `swatches`: colour, text), lines and
    marks (one table, so rows keep their natural height)."""
    small = f'<FONT POINT-SIZE="{SMALL_SIZE}">{{}}</FONT>'
    swatch = '<TD BGCOLOR="{}" BORDER="1" COLOR="#607d8b" WIDTH="22" HEIGHT="12"> </TD>'
    kind_cells = [(swatch.format(fill), html_text(label)) for fill, label in swatches] + [
        (swatch.format(kind_style(k.name).fill), html_text(label_of(k, lang)))
        for k in mm.KINDS
        if k.name in kinds
    ]
    edge_cells = [
        (
            f'<TD><FONT COLOR="{s.color}">{_line_glyph(s)}</FONT></TD>',
            html_text(s.label(lang)),
        )
        for key, s in EDGE_STYLES.items()
        if key in edge_keys
    ]
    mark_cells = [
        (
            f'<TD BORDER="{max(1, round(float(m.penwidth)))}" COLOR="{m.color}" WIDTH="22" '
            'HEIGHT="12"> </TD>',
            html_text(text(m.text_key, lang)),
        )
        for key, m in MARKS.items()
        if key in marks
    ]
    columns = [
        (title, cells)
        for title, cells in (
            (
                ("Warna", "Fill")[lang == "en"]
                if swatches
                else ("Jenis item", "Kinds")[lang == "en"],
                kind_cells,
            ),
            (("Garis", "Lines")[lang == "en"], edge_cells),
            (("Tanda", "Marks")[lang == "en"], mark_cells),
        )
        if cells
    ]
    if not columns:
        return ""
    head = "".join(
        f'<TD COLSPAN="2" ALIGN="LEFT"><FONT COLOR="{MUTED}">{html_text(title)}</FONT></TD>'
        for title, _ in columns
    )
    rows = [f"<TR>{head}</TR>"]
    for i in range(max((len(cells) for _, cells in columns), default=0)):
        row = ""
        for _, cells in columns:
            if i < len(cells):
                row += cells[i][0] + '<TD ALIGN="LEFT">' + small.format(cells[i][1]) + "</TD>"
            else:
                row += "<TD></TD><TD></TD>"
        rows.append(f"<TR>{row}</TR>")
    return (
        '<TABLE BORDER="1" COLOR="#cfd8dc" CELLBORDER="0" CELLSPACING="3" CELLPADDING="1" '
        'BGCOLOR="#ffffff">'
        f'<TR><TD COLSPAN="{2 * max(1, len(columns))}" ALIGN="LEFT">'
        f"<B>{html_text(text('legend', lang))}</B></TD></TR>" + "".join(rows) + "</TABLE>"
    )


def title_html(title: str, notes: list[str]) -> str:
    """The title of a view with a few lines of figures under it."""
    rows = f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{TITLE_SIZE}"><B>{html_text(title)}</B></FONT></TD></TR>'
    rows += "".join(
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="{MUTED}">{html_text(n)}</FONT></TD></TR>'
        for n in notes
    )
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="0">{rows}</TABLE>>'
