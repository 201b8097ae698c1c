"""The same suite runs on SQLite and on PostgreSQL (`--engine sqlite|postgres`).

Two databases per run: a scratch one, emptied before every test that asks for `db`, and a demo
one, seeded once with `seed/` and only read by the tests that ask for `demo_db`. PostgreSQL runs
use their own schemas in the `test` database, so two runs never see each other's rows.
Under CI=true a PostgreSQL run that cannot connect fails; elsewhere it is skipped with a message.
Tests that use no database run in the SQLite run only (their result is the same on every engine).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("PICCOLO_CONF", "registry.piccolo_conf")
# Piccolo's conf module builds an engine at import; keep it away from the user's own database.
_TMP = Path(tempfile.mkdtemp(prefix="spbe-test-"))
os.environ["SPBE_DATABASE_URL"] = f"sqlite:///{_TMP / 'import-time.db'}"
os.environ.setdefault("SPBE_DATA_DIR", str(_TMP / "data"))

from litestar.testing import AsyncTestClient  # noqa: E402
from piccolo.engine.base import Engine  # noqa: E402

from registry import db  # noqa: E402
from registry.config import PROJECT_ROOT, load_settings  # noqa: E402

logging.getLogger("httpx").setLevel(logging.WARNING)

POSTGRES_URL = os.environ.get("SPBE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
SEED_DIR = PROJECT_ROOT / "seed"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--engine",
        choices=("sqlite", "postgres"),
        default=os.environ.get("SPBE_TEST_ENGINE", "sqlite"),
        help="database engine the suite runs on",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under `--engine postgres`, only the tests that use a database: the others (analysis on
    graphs read from files, the lexicons, diagrams from bundles) give the same result on every
    engine and have run in the SQLite run."""
    if config.getoption("--engine") != "postgres":
        return
    kept = [i for i in items if "databases" in getattr(i, "fixturenames", ())]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in kept])
        items[:] = kept


def pytest_report_header(config: pytest.Config) -> str:
    engine = config.getoption("--engine")
    where = POSTGRES_URL if engine == "postgres" else "SQLite files in a temporary folder"
    return f"SPBE Registry test engine: {engine} ({where})"


class Databases:
    def __init__(self, kind: str, scratch_url: str, demo_url: str, schemas: list[str]):
        self.kind = kind
        self.scratch_url = scratch_url
        self.demo_url = demo_url
        self.schemas = schemas
        self.scratch: Engine = db.make_engine(scratch_url)
        self.demo: Engine = db.make_engine(demo_url)
        self.demo_seeded = False


async def _postgres_schemas(names: list[str], *, drop_only: bool = False) -> None:
    import asyncpg

    conn = await asyncpg.connect(POSTGRES_URL, timeout=5)
    try:
        for name in names:
            await conn.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
            if not drop_only:
                await conn.execute(f'CREATE SCHEMA "{name}"')
    finally:
        await conn.close()


def _with_search_path(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}search_path={schema}"


@pytest.fixture(scope="session")
async def databases(request: pytest.FixtureRequest) -> AsyncIterator[Databases]:
    from registry.migrate import migrate
    from registry.seed import seed_reference

    kind = request.config.getoption("--engine")
    if kind == "postgres":
        tag = f"spbe_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        schemas = [f"{tag}_scratch", f"{tag}_demo"]
        try:
            await _postgres_schemas(schemas)
        except Exception as exc:
            message = f"PostgreSQL not reachable at {POSTGRES_URL}: {exc}"
            if os.environ.get("CI", "").lower() == "true":
                pytest.fail(f"{message} (CI=true: the PostgreSQL run is mandatory)", pytrace=False)
            pytest.skip(f"{message}; set SPBE_TEST_POSTGRES_URL or start PostgreSQL")
        dbs = Databases(
            kind,
            _with_search_path(POSTGRES_URL, schemas[0]),
            _with_search_path(POSTGRES_URL, schemas[1]),
            schemas,
        )
    else:
        dbs = Databases(
            kind, f"sqlite:///{_TMP / 'scratch.db'}", f"sqlite:///{_TMP / 'demo.db'}", []
        )
    for engine in (dbs.scratch, dbs.demo):
        db.use_engine(engine)
        await migrate()
        await seed_reference(sorted((SEED_DIR / "reference").glob("*.yaml")), actor="test")
    db.use_engine(dbs.scratch)
    yield dbs
    if dbs.schemas:
        await _postgres_schemas(dbs.schemas, drop_only=True)


TABLES_IN_DELETE_ORDER = ("change", "classification", "relationship", "item", "instansi")


async def _empty(engine: Engine) -> None:
    await engine.run_ddl('UPDATE "item" SET "owner" = NULL')
    for table in TABLES_IN_DELETE_ORDER:
        await engine.run_ddl(f'DELETE FROM "{table}"')


@pytest.fixture
async def db_engine(databases: Databases) -> Engine:
    """An empty scratch database (reference frameworks loaded), bound for this test."""
    db.use_engine(databases.scratch)
    await _empty(databases.scratch)
    return databases.scratch


@pytest.fixture
async def demo_db(databases: Databases) -> Engine:
    """The demo database: reference trees, national catalogue and demo governments. Read-only."""
    from registry.seed import seed

    db.use_engine(databases.demo)
    if not databases.demo_seeded:
        await seed(SEED_DIR, demo=True, actor="seed")
        databases.demo_seeded = True
    return databases.demo


@pytest.fixture(scope="session")
async def app(databases: Databases) -> Any:
    from registry.app import create_app

    return create_app(load_settings(), engine=databases.scratch, pool=False)


@pytest.fixture
async def client(app: Any, db_engine: Engine) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=app) as c:
        db.use_engine(db_engine)
        yield c


@pytest.fixture
async def demo_client(app: Any, demo_db: Engine) -> AsyncIterator[AsyncTestClient[Any]]:
    async with AsyncTestClient(app=app) as c:
        db.use_engine(demo_db)
        yield c


@pytest.fixture
def engine_url(databases: Databases, db_engine: Engine) -> str:
    """The scratch database's URL, for CLI subprocesses."""
    return databases.scratch_url


@pytest.fixture(scope="session")
def spbe_bin() -> str:
    path = Path(sys.executable).parent / "spbe"
    assert path.exists(), "the `spbe` command is not installed: pip install -e ."
    return str(path)
