"""Integration and coverage gaps, each with the items involved and a reason.

Kinds (`Gap.kind`):

- `missing_integration`: data written by one application and read by another (or required by a
  service another supports) with no integration path between them;
- `spl_bypass`: an integration that does not go through the SPL (point-to-point API, database
  link, file, manual);
- `spl_not_connected`: an SPL without a link to the national SPLP, a metadata repository or a
  service directory;
- `shadow_master_data`: master data (data induk) written by more than one application;
  `multiple_writers`: other data written by more than one application;
- `claimed_interop_without_integration`: an application that claims to be integrated but has no
  integration;
- `service_without_application`; `capability_without_integration`: a service that claims
  capability level 4 or more (collaboration) while none of its applications integrates;
- `orphan_application` (supports no service or process), `unowned`, `unhosted`,
  `inactive_but_hosted`;
- from `registry.analysis.impact`: `single_point_of_failure`, `critical_link`,
  `dependency_cycle`.

Notes
-----
One pass over the edges builds the indexes; integration paths are connected components of the
integration graph, so every check is linear in the size of the graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import networkx as nx

from registry.analysis.duplicates import scope_of
from registry.analysis.impact import dependency_cycles, single_points_of_failure
from registry.analysis.results import Gap, GapReport

__all__ = ["GAP_KINDS", "find_gaps"]

GAP_KINDS = (
    "missing_integration",
    "spl_bypass",
    "spl_not_connected",
    "shadow_master_data",
    "multiple_writers",
    "claimed_interop_without_integration",
    "service_without_application",
    "capability_without_integration",
    "orphan_application",
    "unowned",
    "unhosted",
    "inactive_but_hosted",
    "single_point_of_failure",
    "critical_link",
    "dependency_cycle",
)
_MECHANISM = {
    "direct_api": ("API langsung (point-to-point)", "a direct point-to-point API", "high"),
    "db_link": ("tautan basis data", "a database link", "high"),
    "file": ("pertukaran berkas", "a file exchange", "medium"),
    "manual": ("proses manual", "a manual process", "medium"),
}
_INACTIVE = {"nonaktif", "pensiun"}
_OWNED_KINDS = {"application", "dataset", "service", "process", "interface", "data_store"}


class _Index:
    """Who writes, reads, supports, hosts and integrates what: one pass over the edges."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.writers: dict[str, set[str]] = defaultdict(set)
        self.readers: dict[str, set[str]] = defaultdict(set)
        self.requires: dict[str, set[str]] = defaultdict(set)
        self.supporters: dict[str, set[str]] = defaultdict(set)
        self.supports: dict[str, set[str]] = defaultdict(set)
        self.hosted: dict[str, set[str]] = defaultdict(set)
        self.integrations: list[tuple[str, str, dict]] = []
        self.spl_links: dict[str, set[str]] = defaultdict(set)
        self.integration = nx.Graph()
        provides: dict[str, set[str]] = defaultdict(set)
        consumes: dict[str, set[str]] = defaultdict(set)
        kinds = dict(graph.nodes(data=True))  # a plain dict: many lookups
        edges = (
            (u, v, d)
            for u, neighbours in graph.adjacency()  # plain dicts: faster than edges(data=True)
            for v, keyed in neighbours.items()
            for d in keyed.values()
        )
        for u, v, d in edges:
            t = d["type"]
            if t in ("writes", "source_of_truth_for") and kinds[u]["kind"] == "application":
                self.writers[v].add(u)
            elif t == "reads" and kinds[u]["kind"] == "application":
                self.readers[v].add(u)
            elif t == "requires":
                self.requires[u].add(v)
            elif t in ("supports", "realises") and kinds[u]["kind"] == "application":
                self.supporters[v].add(u)
                self.supports[u].add(v)
            elif t == "uses" and kinds[u]["kind"] in ("service", "process"):
                self.supporters[u].add(v)  # a service that uses a (national) application
                self.supports[v].add(u)
            elif t == "hosted_on":
                self.hosted[u].add(v)
            elif t == "integrates_with":
                if kinds[u]["kind"] == "spl":
                    self.spl_links[u].add(v)
                    self.spl_links[v].add(u)
                else:
                    self.integrations.append((u, v, d))
                    self.integration.add_edge(u, v)
                    via = (d.get("attributes") or {}).get("via")
                    spl = f"{kinds[u]['instansi']}:{via}" if via and ":" not in via else via
                    if spl in kinds:  # both ends reach the bus the integration runs on
                        self.integration.add_edge(u, spl)
                        self.integration.add_edge(v, spl)
            elif t == "exposes_api_on":
                self.integration.add_edge(u, v)  # published on the bus: reachable through it
            elif t == "provides":
                provides[v].add(u)
            elif t == "consumes":
                consumes[v].add(u)
        for interface, providers in provides.items():
            for a in providers:
                for b in consumes.get(interface, ()):
                    self.integration.add_edge(a, b)
        self.nodes = kinds
        self.component: dict[str, int] = {}
        for i, members in enumerate(nx.connected_components(self.integration)):
            for m in members:
                self.component[m] = i

    def connected(self, a: str, b: str) -> bool:
        return a == b or (a in self.component and self.component.get(b) == self.component[a])


def _name(graph: nx.MultiDiGraph, ref: str) -> str:
    return str(graph.nodes[ref]["name"])


def _names(graph: nx.MultiDiGraph, refs: Sequence[str]) -> str:
    return ", ".join(_name(graph, r) for r in refs)


def find_gaps(graph: nx.MultiDiGraph, instansi: str | Sequence[str] | None = None) -> GapReport:
    """Integration and coverage gaps of some governments (all local ones when None).

    Parameters
    ----------
    graph : the registry graph (`registry.graph`).
    instansi : a government code, several, or None for every local government in the graph.

    Returns
    -------
    GapReport
        gaps ordered by kind (as in `GAP_KINDS`), then by their items.

    Examples
    --------
    >>> g = nx.MultiDiGraph(instansi={"x": {"level": "kota"}})
    >>> g.add_node("x:layanan", kind="service", instansi="x", name="Layanan", owner="x:u",
    ...            status="aktif", attributes={})
    >>> [gap.kind for gap in find_gaps(g, "x").gaps]
    ['service_without_application']
    """
    codes = scope_of(graph, instansi)
    wanted = set(codes)
    ix = _Index(graph)
    nodes = ix.nodes
    scope = sorted(n for n, d in nodes.items() if d["instansi"] in wanted and not d.get("external"))
    in_scope = set(scope)
    gaps: list[Gap] = []

    # ---- data written by one application and needed by another, with no integration path
    for dataset in sorted(set(ix.readers) | {d for s in ix.requires.values() for d in s}):
        writers = sorted(ix.writers.get(dataset, ()))
        if not writers:
            continue
        for reader in sorted(ix.readers.get(dataset, ())):
            if (
                reader in in_scope
                and reader not in writers
                and not any(ix.connected(reader, w) for w in writers)
            ):
                gaps.append(
                    Gap(
                        "missing_integration",
                        [dataset, reader, *writers],
                        f"{_name(graph, reader)} membaca {_name(graph, dataset)} yang ditulis "
                        f"{_names(graph, writers)}, tanpa jalur integrasi di antaranya",
                        f"{_name(graph, reader)} reads {_name(graph, dataset)}, written by "
                        f"{_names(graph, writers)}, with no integration path between them",
                        "high",
                    )
                )
    for service in sorted(ix.requires):
        if service not in in_scope:
            continue
        apps = sorted(ix.supporters.get(service, ()))
        for dataset in sorted(ix.requires[service]):
            writers = sorted(ix.writers.get(dataset, ()))
            if not apps or not writers or set(apps) & set(writers):
                continue
            if any(ix.connected(a, w) for a in apps for w in writers):
                continue
            gaps.append(
                Gap(
                    "missing_integration",
                    [service, dataset, *apps, *writers],
                    f"layanan {_name(graph, service)} membutuhkan {_name(graph, dataset)} yang "
                    f"ditulis {_names(graph, writers)}, tetapi aplikasinya "
                    f"({_names(graph, apps)}) tidak terintegrasi dengan penulisnya",
                    f"service {_name(graph, service)} requires {_name(graph, dataset)}, written "
                    f"by {_names(graph, writers)}, but its applications ({_names(graph, apps)}) "
                    "are not integrated with them",
                    "high",
                )
            )

    # ---- integrations that bypass the SPL; SPLs not connected
    for u, v, d in sorted(ix.integrations, key=lambda e: (e[0], e[1])):
        mechanism = (d.get("attributes") or {}).get("mechanism")
        if u not in in_scope or mechanism not in _MECHANISM:
            continue
        text_id, text_en, severity = _MECHANISM[mechanism]
        gaps.append(
            Gap(
                "spl_bypass",
                [u, v],
                f"integrasi {_name(graph, u)} → {_name(graph, v)} melalui {text_id}, tidak "
                "melalui SPL",
                f"integration {_name(graph, u)} → {_name(graph, v)} uses {text_en}, not the SPL",
                severity,
            )
        )
    for spl in scope:
        if nodes[spl]["kind"] != "spl":
            continue
        attrs = nodes[spl].get("attributes") or {}
        missing_id, missing_en = [], []
        if not any(nodes[o].get("national") for o in ix.spl_links.get(spl, ())):
            missing_id.append("tidak terhubung ke SPLP nasional")
            missing_en.append("no link to the national SPLP")
        if attrs.get("has_metadata_repository") is not True:
            missing_id.append("tanpa repositori metadata")
            missing_en.append("no metadata repository")
        if attrs.get("has_service_directory") is not True:
            missing_id.append("tanpa direktori layanan")
            missing_en.append("no service directory")
        if missing_id:
            gaps.append(
                Gap(
                    "spl_not_connected",
                    [spl],
                    f"{_name(graph, spl)}: {'; '.join(missing_id)}",
                    f"{_name(graph, spl)}: {'; '.join(missing_en)}",
                    "high",
                )
            )

    # ---- data written by several applications
    for dataset in sorted(ix.writers):
        writers = sorted(ix.writers[dataset])
        if len(writers) < 2 or not (set(writers) & in_scope or dataset in in_scope):
            continue
        attrs = nodes[dataset].get("attributes") or {}
        sources = sorted(
            u
            for u, _, d in graph.in_edges(dataset, data=True)
            if d["type"] == "source_of_truth_for"
        )
        sot_id = (
            f"sumber kebenaran: {_names(graph, sources)}"
            if sources
            else "tanpa sumber kebenaran yang ditetapkan"
        )
        sot_en = (
            f"source of truth: {_names(graph, sources)}" if sources else "no source of truth set"
        )
        if attrs.get("is_master_data"):
            gaps.append(
                Gap(
                    "shadow_master_data",
                    [dataset, *writers],
                    f"data induk {_name(graph, dataset)} ditulis {len(writers)} aplikasi "
                    f"({_names(graph, writers)}); {sot_id}",
                    f"master data {_name(graph, dataset)} is written by {len(writers)} "
                    f"applications ({_names(graph, writers)}); {sot_en}",
                    "high",
                )
            )
        else:
            gaps.append(
                Gap(
                    "multiple_writers",
                    [dataset, *writers],
                    f"{_name(graph, dataset)} ditulis {len(writers)} aplikasi "
                    f"({_names(graph, writers)})",
                    f"{_name(graph, dataset)} is written by {len(writers)} applications "
                    f"({_names(graph, writers)})",
                    "low",
                )
            )

    # ---- per item: claims, coverage, orphans, owners, hosting
    integrated = set(ix.integration.nodes)
    for ref in scope:
        d = nodes[ref]
        kind, name, attrs = d["kind"], d["name"], d.get("attributes") or {}
        inactive = d.get("status") in _INACTIVE
        if kind == "application":
            if attrs.get("interoperability_claimed") and ref not in integrated:
                gaps.append(
                    Gap(
                        "claimed_interop_without_integration",
                        [ref],
                        f"{name} diklaim terintegrasi, tetapi tidak ada integrasi yang tercatat",
                        f"{name} claims to be integrated, but no integration is recorded",
                        "medium",
                    )
                )
            if not ix.supports.get(ref):
                gaps.append(
                    Gap(
                        "orphan_application",
                        [ref],
                        f"{name} tidak mendukung layanan atau proses bisnis apa pun: kandidat "
                        "untuk dipensiunkan atau dipetakan",
                        f"{name} supports no service or business process: a candidate to "
                        "retire or to map",
                        "low" if inactive else "medium",
                    )
                )
            if not ix.hosted.get(ref) and not d.get("national") and attrs.get("hosting") != "pusat":
                declared = attrs.get("hosting")
                gaps.append(
                    Gap(
                        "unhosted",
                        [ref],
                        f"{name} tidak tercatat di-hosting di infrastruktur mana pun"
                        + (f" (tercatat '{declared}')" if declared else ""),
                        f"{name} is hosted on no recorded infrastructure"
                        + (f" (declared '{declared}')" if declared else ""),
                        "low" if inactive else "high",
                    )
                )
            if inactive and ix.hosted.get(ref):
                hosts = sorted(ix.hosted[ref])
                gaps.append(
                    Gap(
                        "inactive_but_hosted",
                        [ref, *hosts],
                        f"{name} berstatus {d.get('status')} tetapi masih berjalan di "
                        f"{_names(graph, hosts)}",
                        f"{name} is {d.get('status')} but still runs on {_names(graph, hosts)}",
                        "medium",
                    )
                )
        elif kind == "service" and not inactive:
            apps = sorted(ix.supporters.get(ref, ()))
            if not apps:
                gaps.append(
                    Gap(
                        "service_without_application",
                        [ref],
                        f"layanan {name} tidak didukung aplikasi apa pun",
                        f"service {name} is supported by no application",
                        "high",
                    )
                )
            elif (
                (attrs.get("capability_level") or 0) >= 4
                and not set(apps) & integrated
                and not all(nodes[a].get("national") for a in apps)  # the national app's own
            ):
                gaps.append(
                    Gap(
                        "capability_without_integration",
                        [ref, *apps],
                        f"layanan {name} mengklaim tingkat kapabilitas "
                        f"{attrs['capability_level']} (kolaborasi), tetapi aplikasinya "
                        f"({_names(graph, apps)}) tidak terintegrasi dengan apa pun",
                        f"service {name} claims capability level {attrs['capability_level']} "
                        f"(collaboration), but its applications ({_names(graph, apps)}) are "
                        "not integrated with anything",
                        "high",
                    )
                )
        if kind in _OWNED_KINDS and not d.get("owner"):
            gaps.append(
                Gap(
                    "unowned",
                    [ref],
                    f"{name} ({kind}) tidak memiliki unit/OPD pemilik",
                    f"{name} ({kind}) has no owner unit",
                    "medium",
                )
            )

    gaps.extend(single_points_of_failure(graph, codes))
    gaps.extend(dependency_cycles(graph, codes))
    # each kind is produced in item order already: a stable sort by kind keeps it
    order = {k: i for i, k in enumerate(GAP_KINDS)}
    gaps.sort(key=lambda g: order.get(g.kind, len(order)))
    return GapReport(instansi=codes, gaps=gaps)
