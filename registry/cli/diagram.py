"""`spbe diagram VIEW --instansi CODE [--item KEY] [--unit KEY] [--depth N] [--lang en] -o FILE`:
the same diagrams as the API, the format taken from the file's extension."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from registry.cli import EXIT_CODES, fail, main, run_with_db, settings_of
from registry.diagrams import VIEWS, DiagramRequest, build_diagram, check, choice_error
from registry.errors import Invalid, RegistryError
from visualize.render import EXTENSIONS, DotMissing, render


def _format_of(output: Path | None) -> str:
    if output is None or str(output) == "-":
        return "dot"
    fmt = EXTENSIONS.get(output.suffix.lower())
    if fmt is None:
        value = output.suffix or output.name
        raise Invalid([choice_error("--output", value, list(EXTENSIONS))])
    return fmt


@main.command(
    "diagram",
    help=(
        "Buat diagram arsitektur / make an architecture diagram. VIEW: "
        + ", ".join(VIEWS)
        + ". Format dari ekstensi berkas / format from the file extension "
        + "(.svg .png .pdf .dot); tanpa -o: DOT ke stdout / without -o: DOT to stdout."
    ),
)
@click.argument("view")
@click.option("--instansi", help="Kode instansi (tanpa: semua, untuk landscape) / government")
@click.option("--item", help="Kunci item atau ref global / item key or global ref")
@click.option("--unit", help="Kunci OPD untuk rincian / unit key to drill down")
@click.option("--depth", type=int, help="Kedalaman / depth (item, impact)")
@click.option("--province", help="Lanskap nasional satu provinsi / one province (landscape)")
@click.option("--lang", default="id", show_default=True, help="id atau/or en")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Berkas keluaran / output file (.svg, .png, .pdf, .dot)",
)
@click.option(
    "--base-url",
    default="",
    help="Awalan tautan di SVG, mis. http://127.0.0.1:8000 / prefix of the links in the SVG",
)
@click.pass_context
def diagram(
    ctx: click.Context,
    view: str,
    instansi: str | None,
    item: str | None,
    unit: str | None,
    depth: int | None,
    province: str | None,
    lang: str,
    output: Path | None,
    base_url: str,
) -> None:
    try:
        fmt = _format_of(output)
        request = DiagramRequest(view, instansi, item, unit, depth, lang, fmt, province)
        check(request)
    except RegistryError as exc:
        # Each problem with the option it is about ("item: wajib diisi / is required").
        code = next((c for cls, c in EXIT_CODES.items() if isinstance(exc, cls)), 1)
        fail(str(exc), code)
    source = run_with_db(
        settings_of(ctx), lambda: build_diagram(request, base_url=base_url.rstrip("/"))
    )
    if output is None or str(output) == "-":
        sys.stdout.write(source.source)
        return
    try:
        content = render(source, request.format)
    except DotMissing as exc:
        fallback = output.with_suffix(".dot")
        fallback.write_text(exc.source, encoding="utf-8")
        fail(f"{exc.message} / {exc.message_en}\nDOT: {fallback}", 1)
    output.write_bytes(content)
    click.echo(f"Diagram ditulis ke / written to {output} ({len(content) // 1024 + 1} KB)")
