"""Import and export commands: `spbe import`, `spbe export`, `spbe template`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from registry import metamodel as mm
from registry.cli import main, print_json, run_with_db, settings_of
from registry.io.formats import EXPORT_FORMATS, IMPORT_FORMATS

PHASES = {
    "check_items": "Memeriksa item / checking items",
    "check_relationships": "Memeriksa relasi / checking relationships",
    "write_items": "Menulis item / writing items",
    "write_relationships": "Menulis relasi / writing relationships",
}
PROGRESS_FROM = 1000  # records; smaller imports finish before a bar is worth drawing
WARNINGS_SHOWN = 20
SUFFIX_FORMATS = {".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml", ".xml": "archimate"}


class _ProgressBar:
    """A rich progress bar on stderr, one task per import phase (only on a terminal)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        console = Console(stderr=True)
        self.progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self.tasks: dict[str, Any] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        if phase not in self.tasks:
            self.tasks[phase] = self.progress.add_task(PHASES.get(phase, phase), total=total)
        self.progress.update(self.tasks[phase], completed=done, total=total)

    def __enter__(self) -> _ProgressBar:
        self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def _summary(report: dict[str, Any]) -> None:
    items, rels = report["items"], report["relationships"]
    prefix = (
        "Uji coba (tidak ada yang ditulis) / dry run (nothing written): "
        if report["dry_run"]
        else ""
    )
    created = " (instansi baru / new government)" if report["instansi_created"] else ""
    click.echo(f"{prefix}Impor / import {report['instansi']}{created}")
    click.echo(
        f"  item / items: {items['created']} baru/created, {items['updated']} diubah/updated, "
        f"{items['unchanged']} tetap/unchanged"
    )
    for kind, count in items["created_by_kind"].items():
        click.echo(f"    + {kind}: {count}")
    click.echo(
        f"  relasi / relationships: {rels['created']} baru/created, {rels['updated']} "
        f"diubah/updated, {rels['unchanged']} tetap/unchanged"
    )
    if report["units_created"]:
        click.echo(f"  OPD dibuat / units created: {', '.join(report['units_created'])}")
    if report["warnings"]:
        click.secho(f"  peringatan / warnings: {len(report['warnings'])}", fg="yellow")
        for w in report["warnings"][:WARNINGS_SHOWN]:
            where = f"{w['location']}: " if w.get("location") else ""
            click.echo(f"    - {where}{w['field']}: {w['reason']} / {w['reason_en']}")
        if len(report["warnings"]) > WARNINGS_SHOWN:
            click.echo("    ... (--json untuk semuanya / for all of them)")


@main.command(
    "import",
    help=(
        "Impor berkas ke satu instansi (CSV, XLSX, YAML, ArchiMate XML, Backstage "
        "catalog-info.yaml, folder inventaris Denpasar); semua atau tidak sama sekali. / "
        "Import files into one government: all or nothing."
    ),
)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--instansi", "code", help="Kode instansi (dibuat bila baru) / government code")
@click.option("--name", help="Nama instansi baru / name of a new government")
@click.option(
    "--level",
    type=click.Choice([c.value for c in mm.INSTANSI_LEVELS]),
    help="Tingkat instansi baru (bawaan dari nama) / level of a new government",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(IMPORT_FORMATS),
    help="Format (bawaan: dari ekstensi/isi) / format (default: from extension or content)",
)
@click.option("--dry-run", is_flag=True, help="Laporkan saja, jangan tulis / report only")
@click.option("--strict", is_flag=True, help="Tolak kolom tak dikenal / refuse unknown columns")
@click.option("--json", "as_json", is_flag=True, help="Laporan sebagai JSON / report as JSON")
@click.pass_context
def import_command(
    ctx: click.Context,
    files: tuple[Path, ...],
    code: str | None,
    name: str | None,
    level: str | None,
    fmt: str | None,
    dry_run: bool,
    strict: bool,
    as_json: bool,
) -> None:
    from registry.io.formats import import_files, read_paths
    from registry.store import ImportFailed, ImportOptions

    settings = settings_of(ctx)

    async def work() -> dict[str, Any]:
        sources, implied = read_paths(files, settings.import_max_bytes)
        with _ProgressBar() as bar:
            options = ImportOptions(
                actor=settings.actor,
                dry_run=dry_run,
                strict=strict,
                default_framework=settings.reference_framework,
                progress=bar,
            )
            try:
                report = await import_files(
                    sources, options, code=code, name=name, level=level, fmt=fmt or implied
                )
            except ImportFailed as exc:
                if as_json:
                    print_json(exc.report.to_dict())
                raise
        return report.to_dict()

    report = run_with_db(settings, work)
    if as_json:
        print_json(report)
    else:
        _summary(report)


@main.command(
    "export",
    help=(
        "Ekspor satu instansi: csv (folder dengan items.csv dan relationships.csv), xlsx, yaml, "
        "archimate. / Export one government."
    ),
)
@click.option("--instansi", "code", required=True, help="Kode instansi / government code")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    help="Format (bawaan: dari ekstensi -o; tanpa ekstensi = csv) / default: from -o's suffix",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path),
    help="Berkas, atau folder untuk csv; '-' = stdout / file, or folder for csv",
)
@click.pass_context
def export_command(ctx: click.Context, code: str, fmt: str | None, output: Path) -> None:
    from registry.io.formats import export
    from registry.seed import load_picklists

    settings = settings_of(ctx)
    fmt = fmt or SUFFIX_FORMATS.get(output.suffix.lower(), "csv")
    picklists = load_picklists(settings.seed_dir)
    files = run_with_db(settings, lambda: export(code, fmt, picklists))
    if str(output) == "-":
        if fmt in ("csv", "xlsx"):
            raise click.UsageError("'-o -' hanya untuk yaml/archimate / only for yaml or archimate")
        sys.stdout.buffer.write(next(iter(files.values())))
        return
    if fmt == "csv":
        output.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (output / name).write_bytes(data)
        written = [str(output / name) for name in files]
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(next(iter(files.values())))
        written = [str(output)]
    click.echo(f"Diekspor / exported ({fmt}): {', '.join(written)}")


@main.command(
    "template",
    help="Templat XLSX impor (komentar kolom, daftar pilihan) / the XLSX import template.",
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def template_command(ctx: click.Context, output: Path) -> None:
    from registry.io.tabular import template_xlsx
    from registry.seed import load_picklists

    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(template_xlsx(load_picklists(settings_of(ctx).seed_dir)))
    click.echo(f"Templat / template: {output}")
