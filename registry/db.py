"""Database engines: built from a URL, bound to every table, and counting their queries.

Piccolo finds its engine through `piccolo_conf.DB` (migrations) and `Table._meta.db` (queries);
`use_engine` points both at the same engine, so a transaction always wraps the queries it should.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

os.environ.setdefault("PICCOLO_CONF", "registry.piccolo_conf")


@dataclass
class QueryCounter:
    count: int = 0


_counter: contextvars.ContextVar[QueryCounter | None] = contextvars.ContextVar(
    "spbe_query_counter", default=None
)


@contextlib.contextmanager
def count_queries() -> Iterator[QueryCounter]:
    """Count the queries run in this context (tests and the X-Query-Count header use it)."""
    counter = QueryCounter()
    token = _counter.set(counter)
    try:
        yield counter
    finally:
        _counter.reset(token)


def _tick() -> None:
    counter = _counter.get()
    if counter is not None:
        counter.count += 1


class CountingSQLiteEngine(SQLiteEngine):
    async def run_querystring(self, querystring: Any, in_pool: bool = False) -> Any:
        _tick()
        return await super().run_querystring(querystring, in_pool=in_pool)

    async def run_ddl(self, ddl: str, in_pool: bool = False) -> Any:
        _tick()
        return await super().run_ddl(ddl, in_pool=in_pool)


class CountingPostgresEngine(PostgresEngine):
    async def run_querystring(self, querystring: Any, in_pool: bool = True) -> Any:
        _tick()
        return await super().run_querystring(querystring, in_pool=in_pool)

    async def run_ddl(self, ddl: str, in_pool: bool = True) -> Any:
        _tick()
        return await super().run_ddl(ddl, in_pool=in_pool)


class DatabaseUrlError(ValueError):
    pass


def sqlite_path(url: str) -> Path:
    """`sqlite:///rel.db` is relative to the working directory, `sqlite:////abs.db` absolute."""
    path = url[len("sqlite:///") :]
    if not path or path.startswith(":memory:"):
        raise DatabaseUrlError(
            "SQLite in memory is not supported (every query opens a new connection); "
            "use a file: sqlite:///path/to/spbe.db"
        )
    return Path(path)


def make_engine(url: str) -> Engine:
    """Build an engine from `sqlite:///path.db` or `postgresql://user@host:port/db`."""
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        if not url.startswith("sqlite:///"):
            raise DatabaseUrlError(f"SQLite URL must look like sqlite:///path.db, got {url!r}")
        path = sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers work while one writer writes; the setting persists in the file.
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA journal_mode=WAL")
        return CountingSQLiteEngine(path=str(path), timeout=30)
    if scheme in ("postgres", "postgresql"):
        return CountingPostgresEngine(config={"dsn": url}, extensions=())
    raise DatabaseUrlError(
        f"unsupported database URL {url!r}: use sqlite:///path.db or postgresql://user@host:port/db"
    )


def engine_kind(engine: Engine) -> str:
    return "postgres" if engine.engine_type in ("postgres", "cockroach") else "sqlite"


_engine: Engine | None = None


def use_engine(engine: Engine) -> Engine:
    """Make `engine` the one every table and Piccolo's migrations use."""
    global _engine
    from models.piccolo_app import APP_CONFIG
    from registry import piccolo_conf

    _engine = engine
    piccolo_conf.DB = engine
    for table in APP_CONFIG.table_classes:
        table._meta.db = engine
    with contextlib.suppress(Exception):
        from piccolo.apps.migrations.tables import Migration

        Migration._meta.db = engine
    return engine


def configure(url: str) -> Engine:
    return use_engine(make_engine(url))


def engine() -> Engine:
    if _engine is None:
        from registry.config import load_settings

        return configure(load_settings().database_url)
    return _engine


def transaction() -> Any:
    """A write transaction; on SQLite it takes the write lock at once (no upgrade deadlocks)."""
    eng = engine()
    if isinstance(eng, SQLiteEngine):
        return eng.transaction(transaction_type=TransactionType.immediate)
    return eng.transaction()


async def start() -> None:
    eng = engine()
    if isinstance(eng, PostgresEngine):
        await eng.start_connection_pool(min_size=1, max_size=10)


async def stop() -> None:
    eng = engine()
    if isinstance(eng, PostgresEngine):
        await eng.close_connection_pool()
