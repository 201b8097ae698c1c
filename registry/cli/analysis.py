"""`spbe analyze duplicates|impact|gaps`: the graph analyses in a terminal (rich tables), as
JSON or as CSV. The same calls as the API (`registry.analyses`)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from registry import analyses
from registry.analysis.gaps import GAP_KINDS
from registry.cli import main, print_json, run_with_db, settings_of

_instansi = click.option(
    "--instansi", required=True, help="Kode instansi / government code, e.g. aceh-utara"
)
_item = click.option(
    "--item", default=None, help="Kunci item atau <instansi>:<kunci> / item key or global ref"
)
_format = click.option(
    "--format",
    "fmt",
    type=click.Choice(analyses.FORMATS),
    default="table",
    show_default=True,
    help="Keluaran / output",
)


def _csv(header: Sequence[str], rows: list[list[Any]]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)


def _table(title: str, header: Sequence[str], rows: list[list[Any]]) -> None:
    table = Table(title=title, show_lines=True, expand=True)
    for name in header:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*(str(v) for v in row))
    Console(width=max(Console().width, 120)).print(table)


@main.group("analyze", help="Analisis graf / graph analyses: duplicates, impact, gaps.")
def analyze() -> None:
    pass


@analyze.command(
    "duplicates",
    help="Aplikasi duplikat, klaster dan saran migrasi / duplicate applications.",
)
@_instansi
@_item
@_format
@click.option(
    "--apply",
    is_flag=True,
    help="Catat saran migrasi sebagai relasi should_migrate_to / record the migration advice",
)
@click.pass_context
def duplicates(ctx: click.Context, instansi: str, item: str | None, fmt: str, apply: bool) -> None:
    settings = settings_of(ctx)

    async def work() -> tuple[Any, Any]:
        report = await analyses.duplicates(instansi, item)
        applied = (
            await analyses.apply_migrations(report, instansi, settings.actor) if apply else None
        )
        return report, applied

    report, applied = run_with_db(settings, work)
    if fmt == "json":
        out = report.to_dict()
        if applied is not None:
            out["applied"] = applied.to_dict()["relationships"]
        print_json(out)
    elif fmt == "csv":
        _csv(analyses.DUPLICATES_CSV, analyses.duplicate_rows(report))
    else:
        _table(
            f"Duplikasi / duplicates: {instansi} ({len(report.pairs)} pasangan/pairs, "
            f"{len(report.clusters)} klaster/clusters)",
            analyses.DUPLICATES_CSV,
            analyses.duplicate_rows(report),
        )
        if report.migrations:
            _table(
                "Saran migrasi / should migrate to",
                ("source", "target", "score"),
                [[m.source, m.target, f"{m.score:.3f}"] for m in report.migrations],
            )
        if report.complements:
            _table(
                "Pelengkap aplikasi nasional (bukan duplikat) / complements (not duplicates)",
                analyses.DUPLICATES_CSV,
                [
                    [p.a, p.b, f"{p.score:.3f}", analyses.reasons_text(p.reasons)]
                    for p in report.complements
                ],
            )
    if applied is not None and fmt != "json":
        r = applied.to_dict()["relationships"]
        click.echo(
            f"should_migrate_to: {r['created']} dibuat/created, {r['updated']} diubah/updated, "
            f"{r['unchanged']} tetap/unchanged",
            err=fmt == "csv",
        )


@analyze.command("impact", help="Ketergantungan dan dampak satu item / dependencies and impact.")
@_instansi
@click.option("--item", required=True, help="Kunci item atau <instansi>:<kunci> / item key")
@click.option("--max-depth", type=click.IntRange(min=1), default=None, help="Kedalaman / depth")
@_format
@click.pass_context
def impact(ctx: click.Context, instansi: str, item: str, max_depth: int | None, fmt: str) -> None:
    report = run_with_db(settings_of(ctx), lambda: analyses.impact_of(instansi, item, max_depth))
    if fmt == "json":
        print_json(report.to_dict())
    elif fmt == "csv":
        _csv(analyses.IMPACT_CSV, analyses.impact_rows(report))
    else:
        _table(f"Dampak / impact: {report.item}", analyses.IMPACT_CSV, analyses.impact_rows(report))
        for r in report.reasons:
            click.echo(f"{r.text} / {r.text_en}")
        click.echo(
            f"Layanan terdampak / affected services: {', '.join(report.affected_services) or '-'}"
        )
        click.echo(
            "Instansi terdampak / affected governments: "
            f"{', '.join(report.affected_governments) or '-'}"
        )


@analyze.command("gaps", help="Celah integrasi dan cakupan / integration and coverage gaps.")
@_instansi
@_item
@_format
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(GAP_KINDS),
    help="Hanya jenis ini (boleh berulang) / only these kinds (repeatable)",
)
@click.pass_context
def gaps(
    ctx: click.Context, instansi: str, item: str | None, fmt: str, kinds: tuple[str, ...]
) -> None:
    report = run_with_db(settings_of(ctx), lambda: analyses.gaps(instansi, item))
    if kinds:
        report.gaps = [g for g in report.gaps if g.kind in kinds]
    if fmt == "json":
        print_json(report.to_dict())
    elif fmt == "csv":
        _csv(analyses.GAPS_CSV, analyses.gap_rows(report))
    else:
        _table(
            f"Celah / gaps: {instansi} ({len(report.gaps)})",
            analyses.GAPS_CSV,
            analyses.gap_rows(report),
        )
