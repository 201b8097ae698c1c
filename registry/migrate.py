"""Run the committed Piccolo migrations (the same files on SQLite and PostgreSQL)."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass

from piccolo.apps.migrations.commands.check import CheckMigrationManager
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.tables import Migration


@dataclass
class MigrationReport:
    applied: list[str]
    already: int


async def _ensure_migration_table() -> None:
    # Piccolo decides whether its `migration` table exists by looking in every schema; in a
    # database with several schemas (one per test run, or per tenant) it would then skip creating
    # it in ours. CREATE TABLE IF NOT EXISTS lands in our search_path either way.
    await Migration.create_table(if_not_exists=True)


async def migration_status() -> list[tuple[str, bool]]:
    await _ensure_migration_table()
    with contextlib.redirect_stdout(io.StringIO()):
        statuses = await CheckMigrationManager(app_name="spbe").get_migration_statuses()
    return [(s.migration_id, s.has_ran) for s in statuses]


async def migrate() -> MigrationReport:
    """Apply every migration not yet run; Piccolo's own chatter is kept off the terminal."""
    before = await migration_status()
    pending = [mid for mid, ran in before if not ran]
    if pending:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            result = await run_forwards(app_name="spbe")
        if not result.success:
            raise RuntimeError(f"migration failed: {result.message}\n{out.getvalue()}")
    return MigrationReport(applied=pending, already=len(before) - len(pending))
