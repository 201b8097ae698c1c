"""The `spbe` command as a user runs it: a real process, a real database, a real server."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any


def run(
    spbe_bin: str, *args: str, env: dict[str, str] | None = None, timeout: int = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [spbe_bin, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> Any:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return json.loads(response.read())
        except Exception as exc:
            last = exc
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer: {last}")


def test_help_on_every_command(spbe_bin: str) -> None:
    for args in ([], ["demo"], ["serve"], ["db"], ["db", "migrate"], ["db", "status"], ["seed"]):
        result = run(spbe_bin, *args, "--help")
        assert result.returncode == 0, result.stderr
        assert "Usage:" in result.stdout


async def test_migrate_seed_and_status(spbe_bin: str, engine_url: str) -> None:
    env = {"SPBE_DATABASE_URL": engine_url}
    migrated = run(spbe_bin, "db", "migrate", env=env)
    assert migrated.returncode == 0, migrated.stderr
    assert "up to date" in migrated.stdout
    status = run(spbe_bin, "db", "status", env=env)
    assert status.returncode == 0 and "✔" in status.stdout
    seeded = run(spbe_bin, "--actor", "tester", "seed", env=env)
    assert seeded.returncode == 0, seeded.stderr
    assert "Referensi PERPRES132_2022" in seeded.stdout
    assert "Instansi nasional" in seeded.stdout


def test_bad_database_url_is_a_clear_error(spbe_bin: str, tmp_path: Path) -> None:
    result = run(spbe_bin, "--database-url", "mysql://x", "db", "migrate")
    assert result.returncode == 2
    assert "sqlite:///" in result.stderr and "Traceback" not in result.stderr
    missing = run(
        spbe_bin, "--database-url", "postgresql://postgres@127.0.0.1:1/none", "db", "migrate"
    )
    assert missing.returncode == 1
    assert "database" in missing.stderr.lower() and "Traceback" not in missing.stderr


def test_bad_reference_file_is_reported_with_its_location(spbe_bin: str, tmp_path: Path) -> None:
    bad = tmp_path / "lampiran.csv"
    bad.write_text(
        "framework,domain,code,name\nX,RAB,RAB.01,Sektor\nX,RAB,RAB.01.01.05,Tanpa induk\nX,RZZ,RZZ.01,Salah\n"
    )
    result = run(
        spbe_bin,
        "--database-url",
        f"sqlite:///{tmp_path / 'r.db'}",
        "seed",
        "--reference",
        str(bad),
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "lampiran.csv: baris 3" in result.stderr and "lampiran.csv: baris 4" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_refuses_an_unmigrated_database(spbe_bin: str, tmp_path: Path) -> None:
    result = run(
        spbe_bin,
        "--database-url",
        f"sqlite:///{tmp_path / 'new.db'}",
        "serve",
        "--port",
        str(free_port()),
    )
    assert result.returncode == 1
    assert "spbe db migrate" in result.stderr


def test_demo_seeds_and_serves(spbe_bin: str, tmp_path: Path) -> None:
    """The README's first command, end to end: SQLite under a data dir, seeded, served, curl-able."""
    port = free_port()
    process = subprocess.Popen(
        [spbe_bin, "demo", "--data-dir", str(tmp_path / "data"), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "SPBE_DATABASE_URL"},
    )
    try:
        governments = wait_for(f"http://127.0.0.1:{port}/api/instansi", timeout=120)["instansi"]
        codes = {g["code"] for g in governments}
        assert "nasional" in codes
        assert (tmp_path / "data" / "demo.db").exists()
        apps = wait_for(f"http://127.0.0.1:{port}/api/items?kind=application&page_size=5")
        assert apps["total"] > 0 and len(apps["items"]) == 5
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
            page = response.read().decode()
        assert "SPBE Registry" in page and "/schema/swagger" in page
        busy = run(spbe_bin, "demo", "--data-dir", str(tmp_path / "data"), "--port", str(port))
        assert busy.returncode == 1 and "--port" in busy.stderr
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0]
    assert f"http://127.0.0.1:{port}/" in output
    assert "Traceback" not in output
