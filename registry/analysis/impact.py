"""Dependencies and impact: what an item depends on, what depends on it (with depth and path),
the blast radius of an infrastructure item (the services and governments a data-centre failure
takes down: the PDNS 2 lesson of 2024), single points of failure and dependency cycles.

Relationships are read as "depends on" edges: an application depends on the server it is
hosted on, the data it reads, the interface it consumes, the SPL it publishes on and the
application it integrates with; a service depends on the applications that support or realise
it and the data it requires; a data set depends on the applications that write it and the store
it lives in; infrastructure depends on the facility it sits in and the network it is connected
via. Ownership, security and rationalisation links are no dependencies.

Notes
-----
Paths are breadth-first (`single_source_shortest_path`), linear in the graph. Single points of
failure are articulation points and bridges of the undirected service-support graph of each
government (Hopcroft-Tarjan, linear); cycles are the strongly connected components.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from weakref import WeakKeyDictionary

import networkx as nx

from registry import metamodel as mm
from registry.analysis.results import DependencyEntry, Gap, ImpactReport, Reason
from registry.errors import NotFound

__all__ = [
    "DEPENDENCY",
    "dependency_cycles",
    "dependency_graph",
    "impact",
    "single_points_of_failure",
]

# relationship type -> +1: source depends on target; -1: target depends on source
DEPENDENCY: dict[str, int] = {
    "hosted_on": 1,
    "stored_in": 1,
    "connected_via": 1,
    "reads": 1,
    "requires": 1,
    "uses": 1,
    "consumes": 1,
    "exposes_api_on": 1,
    "integrates_with": 1,
    "supports": -1,
    "realises": -1,
    "provides": -1,
    "writes": -1,
    "source_of_truth_for": -1,
}
_RUNTIME = {"hosted_on", "stored_in", "connected_via", "integrates_with", "exposes_api_on", "uses"}
_INFRA_LAYER = "infrastructure"

_cache: WeakKeyDictionary[nx.MultiDiGraph, nx.DiGraph] = WeakKeyDictionary()


def dependency_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """A DiGraph with an edge u → v when u depends on v (attribute `type`), built once per
    registry graph."""
    cached = _cache.get(graph)
    if cached is not None:
        return cached
    edges = []
    for u, neighbours in graph.adjacency():  # plain dicts: several times faster than edges()
        for v, keyed in neighbours.items():
            for d in keyed.values():
                direction = DEPENDENCY.get(d["type"])
                if direction == 1:
                    edges.append((u, v, {"type": d["type"]}))
                elif direction == -1:
                    edges.append((v, u, {"type": d["type"]}))
    dep = nx.DiGraph()
    dep.add_nodes_from(graph.nodes)
    dep.add_edges_from(edges)
    _cache[graph] = dep
    return dep


def _entries(paths: dict[str, list[str]], ref: str) -> list[DependencyEntry]:
    return sorted(
        (DependencyEntry(ref=n, depth=len(p) - 1, path=p) for n, p in paths.items() if n != ref),
        key=lambda e: (e.depth, e.ref),
    )


def impact(graph: nx.MultiDiGraph, ref: str, max_depth: int | None = None) -> ImpactReport:
    """What `ref` depends on and what depends on it, with the services and governments a
    failure of `ref` would take down.

    Parameters
    ----------
    graph : the registry graph; for the blast radius of a national item it should hold every
        government that depends on it.
    ref : the item, as `<instansi>:<key>`.
    max_depth : stop after this many dependency steps (None: follow every chain).

    Examples
    --------
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("x:app", kind="application", instansi="x", name="App")
    >>> g.add_node("x:srv", kind="server", instansi="x", name="Server")
    >>> g.add_node("x:svc", kind="service", instansi="x", name="Layanan")
    >>> _ = g.add_edge("x:app", "x:srv", type="hosted_on")
    >>> _ = g.add_edge("x:app", "x:svc", type="supports")
    >>> impact(g, "x:srv").affected_services
    ['x:svc']
    """
    if ref not in graph:
        raise NotFound.one("item", "not_found", what="item", ident=ref)
    dep = dependency_graph(graph)
    depends_on = _entries(nx.single_source_shortest_path(dep, ref, cutoff=max_depth), ref)
    dependents = _entries(
        nx.single_source_shortest_path(dep.reverse(copy=False), ref, cutoff=max_depth), ref
    )
    nodes = graph.nodes
    services = sorted(e.ref for e in dependents if nodes[e.ref]["kind"] == "service")
    governments = sorted({nodes[e.ref]["instansi"] for e in dependents})
    d = nodes[ref]
    reasons = [
        Reason(
            "blast_radius",
            f"{len(dependents)} item bergantung pada {d['name']}, termasuk {len(services)} "
            f"layanan di {len(governments)} instansi",
            f"{len(dependents)} items depend on {d['name']}, including {len(services)} services "
            f"in {len(governments)} governments",
            float(len(dependents)),
        )
    ]
    attrs = d.get("attributes") or {}
    if (
        d.get("layer") == _INFRA_LAYER
        and dependents
        and not (attrs.get("backup_site") or attrs.get("backup") or attrs.get("disaster_recovery"))
    ):
        reasons.append(
            Reason(
                "no_backup",
                f"{d['name']} tidak mencatat lokasi cadangan atau DR: kegagalannya menghentikan "
                "semua yang bergantung padanya (pelajaran PDNS 2 2024)",
                f"{d['name']} records no backup or DR site: its failure stops everything that "
                "depends on it (the PDNS 2 lesson of 2024)",
            )
        )
    return ImpactReport(
        item=ref,
        depends_on=depends_on,
        dependents=dependents,
        affected_services=services,
        affected_governments=governments,
        reasons=reasons,
    )


def _in_scope(graph: nx.MultiDiGraph, instansi: Sequence[str]) -> set[str]:
    wanted = set(instansi)
    return {n for n, d in graph.nodes(data=True) if d["instansi"] in wanted}


def single_points_of_failure(graph: nx.MultiDiGraph, instansi: Sequence[str]) -> list[Gap]:
    """Articulation points (applications, infrastructure) and bridges (hosting, network,
    integration links) of the governments' service-support graph that services depend on."""
    dep = dependency_graph(graph)
    nodes = dict(graph.nodes(data=True))  # a plain dict: many lookups
    scope = _in_scope(graph, instansi)
    units = {n for n, d in nodes.items() if d["kind"] == "unit"}
    # the service-support graph: services, processes, applications and infrastructure; units
    # are who, not what runs, and data sets are what flows, not what supports
    outside = units | {n for n, d in nodes.items() if d["kind"] == "dataset"}
    support = nx.Graph()
    support.add_edges_from(
        (u, v, d)
        for u, targets in dep.adjacency()
        if u not in outside
        for v, d in targets.items()
        if (u in scope or v in scope) and v not in outside
    )
    # one depth-first pass: a node in two biconnected components is an articulation point, a
    # component of one edge is a bridge
    components: dict[str, int] = defaultdict(int)
    bridges = []
    for edges in nx.biconnected_component_edges(support):
        if len(edges) == 1:
            bridges.append(tuple(sorted(edges[0])))
        for n in {n for e in edges for n in e}:
            components[n] += 1
    dependents = dep._pred  # u -> v means u depends on v: who depends on x is pred[x]

    def services_depending_on(start: str) -> list[str]:
        seen, stack, found = {start}, [start], []
        while stack:
            for other in dependents[stack.pop()]:
                if other not in seen and other in scope:
                    seen.add(other)
                    stack.append(other)
                    if nodes[other]["kind"] == "service":
                        found.append(other)
        return sorted(found)

    gaps: list[Gap] = []
    for node in sorted(n for n, c in components.items() if c > 1 and n in scope):
        kind = nodes[node]
        if kind["kind"] not in ("application", "spl") and kind.get("layer") != _INFRA_LAYER:
            continue
        services = services_depending_on(node)
        if len(services) < 2:
            continue
        names = ", ".join(nodes[s]["name"] for s in services[:5])
        gaps.append(
            Gap(
                "single_point_of_failure",
                [node, *services],
                f"{kind['name']} adalah titik tunggal kegagalan: {len(services)} layanan "
                f"bergantung padanya ({names})",
                f"{kind['name']} is a single point of failure: {len(services)} services depend "
                f"on it ({names})",
                "high" if kind.get("layer") == _INFRA_LAYER else "medium",
            )
        )
    for u, v in sorted(bridges):
        rel = support.edges[u, v]["type"]
        if rel not in _RUNTIME or support.degree(u) < 2 or support.degree(v) < 2:
            continue
        if u not in scope and v not in scope:
            continue
        gaps.append(
            Gap(
                "critical_link",
                [u, v],
                f"satu-satunya hubungan ({rel}) antara {nodes[u]['name']} dan "
                f"{nodes[v]['name']}: bila putus, grafik dukungan layanan terbelah",
                f"the only link ({rel}) between {nodes[u]['name']} and {nodes[v]['name']}: "
                "cutting it splits the service-support graph",
                "low",
            )
        )
    return gaps


def _label(rel_type: str, lang: str) -> str:
    """How a dependency step reads: "reads", or the inverse of a reversed type ("written by")."""
    rt = mm.RELATIONSHIP_MAP[rel_type]
    if DEPENDENCY[rel_type] == 1:
        return rt.label_id if lang == "id" else rt.label_en
    return rt.inverse_id if lang == "id" else rt.inverse_en


def dependency_cycles(graph: nx.MultiDiGraph, instansi: Sequence[str]) -> list[Gap]:
    """Applications that depend on each other in a circle, directly or through the data they
    write and read (SIMPEG logs in through the SSO, the SSO reads SIMPEG's staff data): the
    strongly connected components of the dependency graph with two applications or more."""
    dep = dependency_graph(graph)
    nodes = dict(graph.nodes(data=True))
    scope = _in_scope(graph, instansi)
    local = nx.DiGraph()
    local.add_edges_from(
        (u, v, d)
        for u, targets in dep.adjacency()
        if u in scope
        for v, d in targets.items()
        if v in scope
    )
    gaps = []
    for component in nx.strongly_connected_components(local):
        if sum(1 for n in component if nodes[n]["kind"] == "application") < 2:
            continue  # an application that reads what it writes is no circle
        cycle = nx.find_cycle(local.subgraph(component))
        texts = {}
        for lang in ("id", "en"):
            steps = [nodes[cycle[0][0]]["name"]]
            for u, v in cycle:
                steps.append(f"—{_label(local.edges[u, v]['type'], lang)}→ {nodes[v]['name']}")
            texts[lang] = " ".join(steps)
        gaps.append(
            Gap(
                "dependency_cycle",
                sorted(component),
                f"ketergantungan melingkar: {texts['id']}",
                f"circular dependency: {texts['en']}",
                "medium",
            )
        )
    return sorted(gaps, key=lambda g: g.items)
