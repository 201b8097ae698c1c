"""Time every stage of the analyses on synthetic national-scale registries (benchmarks/
generate.py): building the graph, duplicates over all governments (blocked per government)
next to a naive all-pairs comparison with the same scorer, gaps, impact, and loading the
snapshot and graph from a real SQLite database written through the store.

    .venv/bin/python benchmarks/bench_analysis.py                      # 55, 180, 550 governments
    .venv/bin/python benchmarks/bench_analysis.py --sizes 55 --db-size 55

The naive comparison scores every application against every other one in blocks of rows; for
large sizes it runs on a sample of rows and is extrapolated (printed as such).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PICCOLO_CONF", "registry.piccolo_conf")

import numpy as np  # noqa: E402

from benchmarks.generate import generate  # noqa: E402
from registry.analysis.duplicates import _features, _Scorer, find_duplicates  # noqa: E402
from registry.analysis.gaps import find_gaps  # noqa: E402
from registry.analysis.impact import dependency_graph, impact  # noqa: E402
from registry.analysis.quality import evaluate  # noqa: E402
from registry.analysis.text import TextNormaliser, default_lexicon  # noqa: E402
from registry.graph import build_graph  # noqa: E402
from registry.io.offline import snapshot_from_bundles  # noqa: E402
from registry.io.yaml_bundle import read_bundle  # noqa: E402


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def naive_all_pairs(graph: Any, sample_rows: int) -> tuple[float, int, bool]:
    """Seconds to score every application against every other (no blocking), the number of
    pairs, and whether the time was extrapolated from a sample of rows."""
    refs = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "application")
    lex = default_lexicon()
    apps = _features(graph, refs, TextNormaliser(lex))
    scorer = _Scorer(apps, lex)
    n = len(apps)
    rows = np.arange(n) if sample_rows >= n else np.random.default_rng(0).choice(n, sample_rows)
    cols = np.arange(n)
    start = time.perf_counter()
    for i in range(0, len(rows), 250):
        scorer.signals(rows[i : i + 250], cols)["score"] >= lex.scoring["threshold"]  # noqa: B015
    elapsed = time.perf_counter() - start
    return elapsed * n / len(rows), n * (n - 1) // 2, len(rows) < n


async def database_stage(bundles: list[Any], path: Path, fresh: bool) -> dict[str, float]:
    from registry import db, store
    from registry.graph import registry_graph
    from registry.migrate import migrate
    from registry.seed import seed
    from registry.store.snapshot import load_snapshot

    out: dict[str, float] = {}
    exists = path.exists() and not fresh
    if not exists:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    db.configure(f"sqlite:///{path}")
    await db.start()
    try:
        if not exists:
            await migrate()
            await seed(ROOT / "seed", demo=False, actor="bench")
            start = time.perf_counter()
            for bundle in bundles:
                await store.import_bundle(bundle, store.ImportOptions(actor="bench"))
            out["import through the store (setup)"] = time.perf_counter() - start
        with db.count_queries() as queries:
            start = time.perf_counter()
            snapshot = await load_snapshot()
            out["load snapshot from SQLite"] = time.perf_counter() - start
        out["queries"] = queries.count
        start = time.perf_counter()
        build_graph(snapshot)
        out["build_graph from it"] = time.perf_counter() - start
        start = time.perf_counter()
        await registry_graph(None)
        out["registry_graph(): snapshot + graph"] = time.perf_counter() - start
        start = time.perf_counter()
        await registry_graph(None)
        out["registry_graph() again (cached)"] = time.perf_counter() - start
        out["items"] = len(snapshot.items)
        out["relationships"] = len(snapshot.relationships)
    finally:
        await db.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="55,180,550", help="governments per run")
    parser.add_argument(
        "--db-size", type=int, default=550, help="governments in the SQLite stage (0: skip)"
    )
    parser.add_argument("--db", type=Path, default=Path("/tmp/spbe-bench.db"))
    parser.add_argument("--fresh", action="store_true", help="rebuild the SQLite database")
    parser.add_argument("--naive-sample", type=int, default=1500, help="rows for the naive run")
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"
    )
    TextNormaliser(default_lexicon()).word("kepegawaian")  # warm up: lexicon and stemmer
    national = read_bundle(ROOT / "seed" / "national" / "nasional.yaml")
    print(
        "| governments | applications | items | relationships | build_graph | duplicates "
        "(blocked) | naive all-pairs | naive / blocked | gaps | impact (DC) | planted P / R |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in (int(s) for s in args.sizes.split(",")):
        bundles, planted = generate(size)
        snapshot = snapshot_from_bundles([national, *bundles])
        graph, t_build = timed(lambda: build_graph(snapshot))  # noqa: B023
        apps = sum(1 for _, d in graph.nodes(data=True) if d["kind"] == "application")
        report, t_dup = timed(lambda: find_duplicates(graph))  # noqa: B023
        quality = evaluate(report, planted)
        naive, _pairs, sampled = naive_all_pairs(graph, args.naive_sample)
        _, t_gaps = timed(lambda: find_gaps(graph))  # noqa: B023
        dependency_graph(graph)
        _, t_impact = timed(lambda: impact(graph, f"{bundles[0].instansi['code']}:dc"))  # noqa: B023
        print(
            f"| {size} | {apps:,} | {len(snapshot.items):,} | {len(snapshot.relationships):,} | "
            f"{t_build:.2f} s | {t_dup:.2f} s | {naive:.1f} s{' (extrapolated)' if sampled else ''}"
            f" | {naive / t_dup:.0f}× | {t_gaps:.2f} s | {t_impact:.3f} s | "
            f"{quality.precision:.2f} / {quality.recall:.2f} |",
            flush=True,
        )
    print(f"(load average {os.getloadavg()[0]:.1f})")
    if args.db_size:
        bundles, _ = generate(args.db_size)
        figures = asyncio.run(database_stage(bundles, args.db, args.fresh))
        print(
            f"\nSQLite ({args.db}, {args.db_size} governments, "
            f"{int(figures.pop('items')):,} items, {int(figures.pop('relationships')):,} "
            f"relationships, {int(figures.pop('queries'))} queries for the snapshot):"
        )
        for stage, seconds in figures.items():
            print(f"- {stage}: {seconds:.2f} s")
        print(f"(load average {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
