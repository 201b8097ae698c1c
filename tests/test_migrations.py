"""The committed migrations build the schema from nothing, and are idempotent."""

from __future__ import annotations

from typing import Any

from registry import db
from registry.migrate import migrate, migration_status


async def test_schema_is_migrated_and_up_to_date(databases: Any) -> None:
    db.use_engine(databases.scratch)
    statuses = await migration_status()
    assert statuses and all(ran for _, ran in statuses)
    report = await migrate()
    assert report.applied == [] and report.already == len(statuses)


async def test_fresh_sqlite_database_from_scratch(tmp_path: Any) -> None:
    previous = db.engine()
    try:
        db.configure(f"sqlite:///{tmp_path / 'fresh.db'}")
        report = await migrate()
        assert len(report.applied) >= 1
        tables = await db.engine().run_ddl("SELECT name FROM sqlite_master WHERE type='table'")
        names = {t["name"] for t in tables}
        assert {
            "instansi",
            "item",
            "relationship",
            "change",
            "reference_node",
            "classification",
        } <= names
    finally:
        db.use_engine(previous)
