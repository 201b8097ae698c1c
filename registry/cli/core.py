"""Core commands: database schema, seed data, serving, and the demo."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import click

from registry.cli import fail, main, run_with_db, settings_of
from registry.config import Settings

# ---------------------------------------------------------------------------------- database


@main.group("db", help="Skema database / database schema.")
def db_group() -> None:
    pass


async def _migrate(quiet: bool = False) -> None:
    from registry.migrate import migrate

    report = await migrate()
    if not quiet:
        if report.applied:
            click.echo(f"Migrasi dijalankan / migrations applied: {', '.join(report.applied)}")
        else:
            click.echo(
                f"Skema sudah mutakhir / schema up to date ({report.already} migrasi/migrations)"
            )


@db_group.command("migrate", help="Jalankan migrasi / apply pending migrations.")
@click.pass_context
def db_migrate(ctx: click.Context) -> None:
    settings = settings_of(ctx)
    click.echo(f"Database: {settings.database_url}")
    run_with_db(settings, _migrate)


@db_group.command("status", help="Migrasi yang sudah/belum jalan / migration status.")
@click.pass_context
def db_status(ctx: click.Context) -> None:
    from registry.migrate import migration_status

    async def work() -> None:
        for migration_id, ran in await migration_status():
            click.echo(f"{'✔' if ran else '✘'} {migration_id}")

    run_with_db(settings_of(ctx), work)


# ---------------------------------------------------------------------------------- seed


async def _seed(settings: Settings, *, demo: bool, reference: tuple[Path, ...]) -> None:
    from registry.seed import seed

    report = await seed(
        settings.seed_dir,
        demo=demo,
        actor=settings.actor,
        default_framework=settings.reference_framework,
        extra_reference=list(reference),
    )
    for fw in report.frameworks:
        click.echo(
            f"Referensi {fw.framework}: {fw.created} baru/created, {fw.updated} diubah/updated, "
            f"{fw.unchanged} tetap/unchanged"
        )
    for gov in report.governments:
        d = gov.to_dict()
        click.echo(
            f"Instansi {gov.instansi}: item {d['items']['created']} baru/created, "
            f"{d['items']['updated']} diubah/updated, {d['items']['unchanged']} tetap/unchanged; "
            f"relasi/relationships {d['relationships']['created']} baru/created, "
            f"{d['relationships']['updated']} diubah/updated"
        )


@main.command(
    "seed", help="Muat referensi, katalog nasional (dan demo) dari seed/ / load seed data."
)
@click.option(
    "--demo/--no-demo",
    default=False,
    help="Sertakan pemerintah demo / include the demo governments",
)
@click.option(
    "--reference",
    "reference",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Berkas pohon referensi tambahan (YAML/CSV), mis. lampiran resmi / extra reference tree file",
)
@click.option("--migrate/--no-migrate", default=True, help="Jalankan migrasi dulu / migrate first")
@click.pass_context
def seed_command(
    ctx: click.Context, demo: bool, reference: tuple[Path, ...], migrate: bool
) -> None:
    settings = settings_of(ctx)

    async def work() -> None:
        if migrate:
            await _migrate(quiet=True)
        await _seed(settings, demo=demo, reference=reference)

    run_with_db(settings, work)


# ---------------------------------------------------------------------------------- serve


def _check_port(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            fail(
                f"Tidak dapat memakai {host}:{port} ({exc.strerror}); pilih port lain dengan --port. / "
                f"Cannot listen on {host}:{port}; choose another with --port.",
                1,
            )


def _print_urls(host: str, port: int, database: str) -> None:
    base = f"http://{host}:{port}"
    click.secho("SPBE Registry berjalan / is running:", fg="green", bold=True)
    click.echo(f"  Beranda / home:        {base}/")
    click.echo(f"  API instansi:          {base}/api/instansi")
    click.echo(f"  API aplikasi:          {base}/api/items?kind=application")
    click.echo(f"  Dokumentasi / docs:    {base}/schema/swagger")
    click.echo(f"  Database:              {database}")
    click.echo("Tekan Ctrl+C untuk berhenti / press Ctrl+C to stop.")


def _serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from registry.app import create_app

    _check_port(host, port)
    app = create_app(settings)
    _print_urls(host, port, settings.database_url)
    uvicorn.run(app, host=host, port=port, log_level="warning")


async def _pending_migrations() -> list[str]:
    from registry.migrate import migration_status

    return [mid for mid, ran in await migration_status() if not ran]


@main.command("serve", help="Jalankan web dan API / run the web app and API.")
@click.option("--host", envvar="SPBE_HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="SPBE_PORT", default=8000, show_default=True, type=int)
@click.option("--migrate/--no-migrate", default=False, help="Jalankan migrasi dulu / migrate first")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, migrate: bool) -> None:
    settings = settings_of(ctx)

    async def prepare() -> list[str]:
        if migrate:
            await _migrate()
        return await _pending_migrations()

    pending = run_with_db(settings, prepare)
    if pending:
        fail(
            "Skema database belum mutakhir; jalankan `spbe db migrate` (atau `spbe serve --migrate`). / "
            f"The database schema is not up to date: {len(pending)} pending migration(s).",
            1,
        )
    _serve(settings, host, port)


@main.command(
    "demo", help="Buat database SQLite demo, isi, lalu jalankan / create, seed and serve the demo."
)
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="SPBE_DATA_DIR",
    help="Folder data (bawaan ~/.local/share/spbe-registry) / data directory",
)
@click.option("--host", envvar="SPBE_HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="SPBE_PORT", default=8000, show_default=True, type=int)
@click.option("--reset", is_flag=True, help="Hapus database demo lalu buat ulang / start over")
@click.option(
    "--no-serve", is_flag=True, help="Siapkan saja, jangan jalankan server / prepare only"
)
@click.pass_context
def demo(
    ctx: click.Context, data_dir: Path | None, host: str, port: int, reset: bool, no_serve: bool
) -> None:
    base = settings_of(ctx)
    data_dir = (data_dir or base.data_dir).expanduser().resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / "demo.db"
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    settings = base.with_(database_url=f"sqlite:///{path}", data_dir=data_dir)
    if not no_serve:
        _check_port(host, port)
    click.echo(f"Database demo / demo database: {path}")

    async def prepare() -> None:
        from registry import store

        await _migrate(quiet=True)
        if await store.list_instansi():
            click.echo(
                "Memakai database demo yang ada (--reset untuk mulai ulang) / using the existing demo database."
            )
            return
        click.echo("Mengisi data demo / seeding the demo ...")
        await _seed(settings, demo=True, reference=())

    run_with_db(settings, prepare)
    if shutil.which("dot") is None:
        click.secho(
            "Catatan: Graphviz `dot` tidak ditemukan; diagram hanya tersedia sebagai DOT. "
            "Pasang paket `graphviz`. / Note: Graphviz `dot` not found.",
            fg="yellow",
        )
    if no_serve:
        click.echo(f"Siap / ready. Jalankan / run: spbe --database-url sqlite:///{path} serve")
        return
    _serve(settings, host, port)
