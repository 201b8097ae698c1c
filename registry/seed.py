"""Loading `seed/`: reference trees, the national catalogue and the demo governments.

Everything here is data in files; this module only finds the files and hands them to the store,
in dependency order (frameworks, then the national catalogue, then governments that point at it).
Seeding is an upsert: running it twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from registry import store
from registry.io.reference_files import read_reference_file
from registry.io.yaml_bundle import read_bundle
from registry.store.reference import ReferenceLoadReport


@dataclass
class SeedReport:
    frameworks: list[ReferenceLoadReport] = field(default_factory=list)
    governments: list[store.ImportReport] = field(default_factory=list)


def _files(folder: Path, *suffixes: str) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in suffixes)


def load_picklists(seed_dir: Path) -> dict[str, list[str]]:
    path = seed_dir / "picklists.yaml"
    if not path.exists():
        return {}
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): [str(v) for v in vs] for k, vs in data.items()}


async def seed_reference(files: list[Path], *, actor: str) -> list[ReferenceLoadReport]:
    reports = []
    for path in files:
        for record in read_reference_file(path):
            reports.append(await store.load_framework(record, actor=actor))
    return reports


async def seed_governments(
    files: list[Path], *, actor: str, default_framework: str
) -> list[store.ImportReport]:
    reports = []
    for path in files:
        bundle = read_bundle(path)
        options = store.ImportOptions(
            actor=actor,
            strict=True,
            lenient=True,
            create_missing_units=False,
            default_framework=default_framework,
        )
        reports.append(await store.import_bundle(bundle, options))
    return reports


async def seed(
    seed_dir: Path,
    *,
    demo: bool,
    actor: str,
    default_framework: str = "PERPRES132_2022",
    extra_reference: list[Path] | None = None,
) -> SeedReport:
    report = SeedReport()
    report.frameworks = await seed_reference(
        _files(seed_dir / "reference", ".yaml", ".yml", ".csv") + list(extra_reference or []),
        actor=actor,
    )
    government_files = _files(seed_dir / "national", ".yaml", ".yml")
    if demo:
        government_files += _files(seed_dir / "demo", ".yaml", ".yml")
    report.governments = await seed_governments(
        government_files, actor=actor, default_framework=default_framework
    )
    return report
