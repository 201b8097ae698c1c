"""The `spbe` command: the same store calls as the API, for a terminal.

One module per area registers its commands on `main` (core: db, seed, serve, demo).

Errors are mapped to messages and exit codes in one place (`run_with_db`): a user sees what is wrong
and why, never a traceback.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import click

from registry import db
from registry.config import Settings, load_settings
from registry.db import DatabaseUrlError
from registry.errors import Conflict, Invalid, NotFound, RegistryError

T = TypeVar("T")

EXIT_CODES: dict[type[RegistryError], int] = {Invalid: 2, NotFound: 3, Conflict: 4}


def fail(message: str, code: int = 1) -> None:
    click.secho(message, fg="red", err=True)
    sys.exit(code)


def report_registry_error(exc: RegistryError) -> None:
    head = f"{exc.message} / {exc.message_en}"
    only = exc.errors[0] if len(exc.errors) == 1 else None
    if only is not None and not only.location and only.field not in ("", "$"):
        head = f"{only.field}: {head}"  # name the field, as the API does
    click.secho(head, fg="red", err=True)
    # list the errors unless the head already says the only one ("Impor dibatalkan" does not)
    if len(exc.errors) > 1 or (
        exc.errors and (exc.errors[0].location or exc.errors[0].reason not in head)
    ):
        for err in exc.errors:
            click.echo(f"  - {err}", err=True)
    if any(e.field.endswith("reference_framework") and e.code == "not_found" for e in exc.errors):
        click.echo(
            "  Muat kerangka referensi dan katalog nasional dulu: `spbe seed` / "
            "load the reference frameworks and the national catalogue first: `spbe seed`",
            err=True,
        )
    code = next((c for cls, c in EXIT_CODES.items() if isinstance(exc, cls)), 1)
    sys.exit(code)


def run_with_db(settings: Settings, work: Callable[[], Awaitable[T]]) -> T:
    """Open the database, run `work`, and turn every expected failure into a clear message."""

    async def main() -> T:
        db.configure(settings.database_url)
        await db.start()
        try:
            return await work()
        finally:
            await db.stop()

    try:
        return asyncio.run(main())
    except RegistryError as exc:
        report_registry_error(exc)
    except DatabaseUrlError as exc:
        fail(f"SPBE_DATABASE_URL tidak valid / invalid: {exc}", 2)
    except (OSError, ConnectionError) as exc:
        fail(
            f"Tidak dapat membuka database / cannot open the database {settings.database_url}: {exc}",
            1,
        )
    except Exception as exc:
        # asyncpg and sqlite raise their own types for a database that is not there.
        name = type(exc).__name__
        if "no such table" in str(exc) or "UndefinedTable" in name:
            fail(
                "Skema database belum mutakhir; jalankan `spbe db migrate`. / "
                f"The database schema is not up to date: run `spbe db migrate` ({exc}).",
                1,
            )
        if "Connect" in name or "InvalidCatalogName" in name or "OperationalError" in name:
            fail(f"Tidak dapat membuka database / cannot open the database: {exc}", 1)
        raise
    raise AssertionError("unreachable")


def settings_of(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


@click.group(help="SPBE Registry: registri arsitektur SPBE / a registry of SPBE architecture.")
@click.option(
    "--database-url",
    envvar="SPBE_DATABASE_URL",
    help="sqlite:///path.db atau/or postgresql://user@host:port/db [env SPBE_DATABASE_URL]",
)
@click.option(
    "--actor", envvar="SPBE_ACTOR", help="Nama pelaku di riwayat / actor in the change log"
)
@click.version_option(package_name="spbe-registry")
@click.pass_context
def main(ctx: click.Context, database_url: str | None, actor: str | None) -> None:
    ctx.ensure_object(dict)
    ctx.obj["settings"] = load_settings().with_(database_url=database_url, actor=actor)


def print_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# Command modules register themselves on `main` when imported.
from registry.cli import analysis, audit, core, diagram, io  # noqa: E402,F401
