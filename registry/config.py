"""Configuration, read from the environment in one place.

| variable | meaning | default |
|---|---|---|
| SPBE_DATABASE_URL | `sqlite:///path.db` or `postgresql://user@host:port/db` | SQLite file in the data dir |
| SPBE_DATA_DIR | where the SQLite database and exports live | `$XDG_DATA_HOME/spbe-registry` |
| SPBE_HOST, SPBE_PORT | where `spbe serve` listens | 127.0.0.1, 8000 |
| SPBE_SEED_DIR | reference trees, national catalogue, demo governments | `seed/` of this checkout |
| SPBE_REFERENCE_FRAMEWORK | framework new governments are classified by | PERPRES132_2022 |
| SPBE_ACTOR | actor recorded in the change log by the CLI | `cli:<user>` |
| SPBE_IMPORT_MAX_MB | largest file (and API upload) an import accepts, in MB | 20 |
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "spbe-registry"


@dataclass(frozen=True)
class Settings:
    database_url: str
    data_dir: Path
    host: str
    port: int
    seed_dir: Path
    reference_framework: str
    actor: str
    import_max_mb: float = 20.0

    @property
    def import_max_bytes(self) -> int:
        return int(self.import_max_mb * 1024 * 1024)

    def with_(self, **changes: object) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _default_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no user name in some containers
        return "cli"


def load_settings() -> Settings:
    env = os.environ
    data_dir = Path(env.get("SPBE_DATA_DIR") or default_data_dir())
    return Settings(
        database_url=env.get("SPBE_DATABASE_URL") or f"sqlite:///{data_dir / 'spbe.db'}",
        data_dir=data_dir,
        host=env.get("SPBE_HOST", "127.0.0.1"),
        port=int(env.get("SPBE_PORT", "8000")),
        seed_dir=Path(env.get("SPBE_SEED_DIR") or PROJECT_ROOT / "seed"),
        reference_framework=env.get("SPBE_REFERENCE_FRAMEWORK", "PERPRES132_2022"),
        actor=env.get("SPBE_ACTOR") or _default_actor(),
        import_max_mb=float(env.get("SPBE_IMPORT_MAX_MB") or 20),
    )
