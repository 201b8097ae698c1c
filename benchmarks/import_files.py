"""Import of 10,000 items and 30,000 relationships from CSV and from XLSX.

    .venv/bin/python benchmarks/import_files.py [--engine sqlite|postgres] [--items N]

Generates a synthetic government (units, applications, interfaces, data sets, data stores,
servers; every relationship one the meta-model allows), writes it with the exporters, then for
each format imports it into a fresh database in a child process and prints the seconds
(reading, checking and writing; the import is one transaction) and the child's peak memory.
A second import of the same files (nothing changes) is timed as well.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PICCOLO_CONF", "registry.piccolo_conf")

POSTGRES_URL = os.environ.get("SPBE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


def synthetic(n_items: int, n_rels: int) -> Any:
    """A government with `n_items` items and `n_rels` relationships, deterministic."""
    from registry.io.government import Government

    gov = Government(
        instansi={"code": "kab-bench", "name": "Kabupaten Bench", "level": "kabupaten"}
    )
    units = max(10, n_items // 50)
    mix = [
        ("application", 0.4),
        ("dataset", 0.25),
        ("interface", 0.1),
        ("data_store", 0.1),
        ("server", 0.15),
    ]
    counts = {kind: int((n_items - units) * share) for kind, share in mix}
    counts["application"] += n_items - units - sum(counts.values())
    keys: dict[str, list[str]] = {}
    for i in range(units):
        gov.items.append(
            {
                "kind": "unit",
                "key": f"opd-{i:04d}",
                "name": f"Organisasi Perangkat Daerah {i}",
                "description": "",
                "owner": None,
                "status": "aktif",
                "reference_codes": [],
                "attributes": {"unit_code": f"1.{i:02d}.0.00", "abbreviation": f"OPD{i}"},
                "custom": {},
            }
        )
    keys["unit"] = [f"opd-{i:04d}" for i in range(units)]
    attrs = {
        "application": lambda i: {
            "origin": "aplikasi_khusus_pemda",
            "platform": "web",
            "year_built": 2010 + i % 14,
            "url": f"https://app{i}.example.go.id",
            "backup": i % 2 == 0,
        },
        "dataset": lambda i: {"is_master_data": i % 5 == 0, "update_frequency": "bulanan"},
        "interface": lambda i: {
            "protocol": "REST",
            "endpoint_url": f"https://api{i}.example.go.id",
        },
        "data_store": lambda i: {"dbms": "PostgreSQL", "size_gb": float(i % 300)},
        "server": lambda i: {
            "server_type": "virtual",
            "memory_gb": 16.0,
            "operating_system": "Linux",
        },
    }
    codes = {
        "application": ["RAA.02.02"],
        "dataset": [],
        "interface": [],
        "data_store": [],
        "server": [],
    }
    for kind, count in counts.items():
        keys[kind] = []
        for i in range(count):
            key = f"{kind.replace('_', '-')}-{i:05d}"
            keys[kind].append(key)
            gov.items.append(
                {
                    "kind": kind,
                    "key": key,
                    "name": f"{kind.title()} {i}",
                    "description": f"Uraian {kind} nomor {i}",
                    "owner": keys["unit"][i % units],
                    "status": "aktif",
                    "reference_codes": codes[kind],
                    "attributes": attrs[kind](i),
                    "custom": {"nomor_inventaris": i} if i % 3 == 0 else {},
                }
            )
    apps, data, servers, apis, stores = (
        keys["application"],
        keys["dataset"],
        keys["server"],
        keys["interface"],
        keys["data_store"],
    )
    plans = [
        lambda i: (apps[i % len(apps)], "hosted_on", servers[i % len(servers)], {}),
        lambda i: (apps[i % len(apps)], "writes", data[(i * 7) % len(data)], {}),
        lambda i: (apps[i % len(apps)], "reads", data[(i * 13) % len(data)], {}),
        lambda i: (
            apps[i % len(apps)],
            "integrates_with",
            apps[(i * 31 + 1) % len(apps)],
            {"mechanism": "spl"},
        ),
        lambda i: (apps[i % len(apps)], "provides", apis[i % len(apis)], {}),
        lambda i: (apps[(i * 3) % len(apps)], "consumes", apis[(i * 11) % len(apis)], {}),
        lambda i: (data[i % len(data)], "stored_in", stores[i % len(stores)], {}),
        lambda i: (keys["unit"][i % units], "uses", apps[(i * 17) % len(apps)], {}),
    ]
    seen: set[tuple[str, str, str]] = set()
    i = 0
    while len(gov.relationships) < n_rels:
        source, rel_type, target, attributes = plans[i % len(plans)](i // len(plans))
        i += 1
        if source == target or (source, rel_type, target) in seen:
            continue
        seen.add((source, rel_type, target))
        gov.relationships.append(
            {"source": source, "type": rel_type, "target": target, "attributes": attributes}
        )
    return gov


async def _import(url: str, paths: list[str]) -> dict[str, Any]:
    from registry import db
    from registry.config import PROJECT_ROOT
    from registry.io.formats import import_files, read_paths
    from registry.migrate import migrate
    from registry.seed import seed_reference
    from registry.store import ImportOptions

    db.configure(url)
    await db.start()
    try:
        await migrate()
        await seed_reference(
            sorted((PROJECT_ROOT / "seed" / "reference").glob("*.yaml")), actor="bench"
        )
        timings = []
        for _ in range(2):
            start = time.perf_counter()
            sources, _ = read_paths([Path(p) for p in paths], 1 << 30)
            report = await import_files(
                sources, ImportOptions(actor="bench"), code="kab-bench", name="Kabupaten Bench"
            )
            timings.append(time.perf_counter() - start)
            assert not report.errors
        return {
            "first": timings[0],
            "again": timings[1],
            "items": sum(report.items_unchanged.values()),
            "relationships": report.relationships_unchanged,
        }
    finally:
        await db.stop()


def child(url: str, paths: list[str]) -> None:
    result = asyncio.run(_import(url, paths))
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def database_url(engine: str, folder: Path, tag: str) -> tuple[str, Any]:
    if engine == "sqlite":
        return f"sqlite:///{folder / f'{tag}.db'}", None
    import asyncpg

    schema = f"bench_{tag}_{uuid.uuid4().hex[:6]}"

    async def schema_sql(sql: str) -> None:
        conn = await asyncpg.connect(POSTGRES_URL)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    asyncio.run(schema_sql(f'CREATE SCHEMA "{schema}"'))
    return (
        f"{POSTGRES_URL}?search_path={schema}",
        lambda: asyncio.run(schema_sql(f'DROP SCHEMA "{schema}" CASCADE')),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--relationships", type=int, default=30_000)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1:])
        return

    from registry.io.tabular import write_csv, write_xlsx

    folder = Path(tempfile.mkdtemp(prefix="spbe-bench-"))
    start = time.perf_counter()
    gov = synthetic(args.items, args.relationships)
    csv_files = write_csv(gov)
    for name, data in csv_files.items():
        (folder / name).write_bytes(data)
    csv_seconds = time.perf_counter() - start
    start = time.perf_counter()
    (folder / "bench.xlsx").write_bytes(write_xlsx(gov))
    xlsx_seconds = time.perf_counter() - start
    print(
        f"{len(gov.items)} items, {len(gov.relationships)} relationships; engine {args.engine}; "
        f"written in {csv_seconds:.1f} s (CSV) and {xlsx_seconds:.1f} s (XLSX)"
    )
    sizes = {
        "csv": sum((folder / n).stat().st_size for n in csv_files),
        "xlsx": (folder / "bench.xlsx").stat().st_size,
    }
    runs = {"csv": [str(folder / n) for n in csv_files], "xlsx": [str(folder / "bench.xlsx")]}
    print("| format | file size | import (new) | import again (unchanged) | peak memory |")
    print("|---|---|---|---|---|")
    for fmt, paths in runs.items():
        url, cleanup = database_url(args.engine, folder, fmt)
        try:
            out = subprocess.run(
                [sys.executable, __file__, "--child", url, *paths],
                capture_output=True,
                text=True,
                check=True,
            )
        except subprocess.CalledProcessError as exc:
            print(exc.stderr, file=sys.stderr)
            raise
        finally:
            if cleanup:
                cleanup()
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"| {fmt} | {sizes[fmt] / 1048576:.1f} MB | {result['first']:.1f} s | "
            f"{result['again']:.1f} s | {result['peak_mb']:.0f} MB |"
        )


if __name__ == "__main__":
    main()
