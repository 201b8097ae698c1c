"""Render times of the diagrams on generated registries (no database): a government with 300
applications (collapsed by default, and forced whole to show why), and the national view of
every kabupaten/kota collapsed per government.

    .venv/bin/python benchmarks/diagrams.py [--apps 300] [--governments 514] [--repeat 3]

Prints a Markdown table; results go in benchmarks/README.md with the command and the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import time
from collections.abc import Callable
from typing import Any

import networkx as nx

from registry.graph import build_graph
from registry.store.snapshot import RegistrySnapshot
from visualize.canvas import ViewOptions
from visualize.landscape import landscape
from visualize.layers import layers
from visualize.render import _render

# The uncached renderer: every run really calls `dot`.
render_uncached = _render.__wrapped__

MECHANISMS = ("spl", "spl", "spl", "direct_api", "db_link", "file", "manual")
PROVINCES = 38


def _item(code: str, kind: str, key: str, name: str, owner: str | None) -> dict[str, Any]:
    return {
        "ref": f"{code}:{key}",
        "instansi": code,
        "kind": kind,
        "key": key,
        "name": name,
        "description": "",
        "owner": owner,
        "status": "aktif",
        "reference_codes": [],
        "attributes": {"abbreviation": key.upper()} if kind == "unit" else {},
        "custom": {},
    }


def generate(governments: int, apps: int, seed: int = 1) -> RegistrySnapshot:
    """`governments` kabupaten with `apps` applications each over apps/10 OPDs, an SPL, a few
    services and servers, ~1.2 integrations per application (3 in 7 through the SPL; mostly
    inside an OPD or to the ICT unit's apps, 15% to the national catalogue of 25 apps)."""
    rng = random.Random(seed)
    snap = RegistrySnapshot(version="bench")
    snap.instansi.append({"code": "nasional", "name": "Katalog Nasional", "level": "nasional"})
    national = [f"nasional:app-{i}" for i in range(25)]
    snap.items += [
        _item("nasional", "application", f"app-{i}", f"Aplikasi Nasional {i}", None)
        for i in range(25)
    ]
    rel_id = 0

    def relate(code: str, source: str, rel_type: str, target: str, **attrs: Any) -> None:
        nonlocal rel_id
        rel_id += 1
        snap.relationships.append(
            {
                "id": rel_id,
                "instansi": code,
                "type": rel_type,
                "source": source,
                "target": target,
                "attributes": attrs,
            }
        )

    for g in range(governments):
        code = f"kab-{g:03d}"
        snap.instansi.append(
            {
                "code": code,
                "name": f"Kabupaten {g:03d}",
                "level": "kabupaten",
                "attributes": {"province": f"Provinsi {g % PROVINCES:02d}"},
            }
        )
        units = [f"{code}:opd-{u}" for u in range(max(1, apps // 10))]
        snap.items += [
            _item(code, "unit", f"opd-{u}", f"Dinas Nomor {u} Kabupaten {g:03d}", None)
            for u in range(len(units))
        ]
        snap.items.append(_item(code, "spl", "spl", "Sistem Penghubung Layanan", units[0]))
        owner_of = {f"{code}:app-{a}": rng.choice(units) for a in range(apps)}
        app_refs = list(owner_of)
        snap.items += [
            _item(
                code,
                "application",
                ref.split(":")[1],
                f"Sistem Informasi {ref.rsplit('-', 1)[1]}",
                owner,
            )
            for ref, owner in owner_of.items()
        ]
        servers = [f"{code}:srv-{s}" for s in range(max(1, apps // 20))]
        snap.items += [
            _item(code, "server", f"srv-{s}", f"Server {s}", units[0]) for s in range(len(servers))
        ]
        services = [f"{code}:svc-{s}" for s in range(max(1, apps // 3))]
        snap.items += [
            _item(code, "service", f"svc-{s}", f"Layanan {s}", rng.choice(units))
            for s in range(len(services))
        ]
        for ref in app_refs:
            relate(code, ref, "hosted_on", rng.choice(servers))
            relate(code, ref, "supports", rng.choice(services))
        by_owner: dict[str, list[str]] = {}
        for ref in app_refs:
            by_owner.setdefault(owner_of[ref], []).append(ref)
        hubs = by_owner.get(units[0]) or app_refs[:5]
        for _ in range(int(apps * 1.2)):
            # Like real registries: mostly within an OPD or to the ICT unit's shared apps.
            source = rng.choice(app_refs)
            draw = rng.random()
            if draw < 0.15:
                target = rng.choice(national)
            elif draw < 0.55:
                target = rng.choice(by_owner[owner_of[source]])
            elif draw < 0.85:
                target = rng.choice(hubs)
            else:
                target = rng.choice(app_refs)
            mechanism = rng.choice(MECHANISMS)
            if source != target:
                via = {"via": "spl"} if mechanism == "spl" else {}
                relate(code, source, "integrates_with", target, mechanism=mechanism, **via)
    snap.items.sort(key=lambda i: i["ref"])
    return snap


def timed(work: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds of `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench(label: str, graph: nx.MultiDiGraph, build: Callable[[], Any], repeat: int) -> None:
    build_s, diagram = timed(build, repeat)
    nodes = sum(
        1 for line in diagram.source.splitlines() if " [label=<" in line and "->" not in line
    )
    for fmt in ("svg", "png"):
        render_s, content = timed(lambda f=fmt: render_uncached(diagram.source, f), repeat)
        print(
            f"| {label} | {graph.number_of_nodes():,} | {nodes} | {fmt} | {build_s * 1000:.0f} ms "
            f"| {render_s:.2f} s | {len(content) / 1024:.0f} KB |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--apps", type=int, default=300)
    parser.add_argument("--governments", type=int, default=514)
    parser.add_argument("--national-apps", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    dot = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    print(
        f"Machine: {platform.platform()}, {os.cpu_count()} CPU, Python {platform.python_version()}, {dot}"
    )
    print()
    print("| view | graph nodes | drawn nodes | format | build DOT | render | size |")
    print("|---|---:|---:|---|---:|---:|---:|")
    one = build_graph(generate(1, args.apps))
    bench(
        f"landscape, {args.apps} apps (collapsed per OPD)",
        one,
        lambda: landscape(one, "kab-000"),
        args.repeat,
    )
    bench(
        f"landscape, {args.apps} apps, forced whole",
        one,
        lambda: landscape(one, "kab-000", options=ViewOptions(max_nodes=10_000)),
        args.repeat,
    )
    bench(f"layers, {args.apps} apps (collapsed)", one, lambda: layers(one, "kab-000"), args.repeat)
    start = time.perf_counter()
    everything = build_graph(generate(args.governments, args.national_apps))
    graph_s = time.perf_counter() - start
    bench(
        f"national view, {args.governments} governments × {args.national_apps} apps "
        f"(collapsed per province)",
        everything,
        lambda: landscape(everything),
        args.repeat,
    )
    bench(
        "national view of one province (collapsed per government)",
        everything,
        lambda: landscape(everything, province="Provinsi 07"),
        args.repeat,
    )
    print()
    print(f"Building the national graph itself (snapshot → networkx): {graph_s:.1f} s")


if __name__ == "__main__":
    main()
