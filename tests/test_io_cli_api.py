"""`spbe import / export / template` as a user runs them, and the same through the HTTP API."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from piccolo.engine.base import Engine

from registry import store
from registry.io import archimate
from registry.seed import seed_governments
from registry.store.snapshot import registry_version
from tests.conftest import SEED_DIR
from tests.test_cli import run
from tests.test_io_files import DENPASAR

ITEMS = """kind,key,name,owner_unit,reference_code,platform
unit,diskominfo,Dinas Komunikasi dan Informatika,,,
application,e-office,E-Office,diskominfo,RAA.01.02,web
application,sipkd,SIPKD,Badan Keuangan Daerah,,desktop
"""
RELS = """source,type,target,mechanism
e-office,integrates_with,sipkd,spl
diskominfo,uses,nasional:srikandi,
"""
BAD_ITEMS = ITEMS + "application,x,Aplikasi X,diskominfo,RAA.77,\nrobot,y,Robot,,,\n"


def _write(folder: Path, **files: str) -> list[str]:
    paths = []
    for name, text in files.items():
        path = folder / name.replace("_", ".")
        path.write_text(text)
        paths.append(str(path))
    return paths


async def _national() -> None:
    await seed_governments(
        [SEED_DIR / "national" / "nasional.yaml"], actor="test", default_framework="PERPRES132_2022"
    )


async def test_cli_import_export_and_template(
    spbe_bin: str, engine_url: str, db_engine: Engine, tmp_path: Path
) -> None:
    await _national()
    env = {"SPBE_DATABASE_URL": engine_url}
    files = _write(tmp_path, items_csv=ITEMS, relationships_csv=RELS)
    dry = run(
        spbe_bin,
        "import",
        "--instansi",
        "kab-cli",
        "--name",
        "Kabupaten CLI",
        "--dry-run",
        "--json",
        *files,
        env=env,
    )
    assert dry.returncode == 0, dry.stderr
    report = json.loads(dry.stdout)
    assert (
        report["dry_run"]
        and report["items"]["created"] == 4
        and report["relationships"]["created"] == 2
    )
    done = run(
        spbe_bin,
        "--actor",
        "budi",
        "import",
        "--instansi",
        "kab-cli",
        "--name",
        "Kabupaten CLI",
        *files,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "4 baru/created" in done.stdout and "badan-keuangan-daerah" in done.stdout
    assert (await store.get_item("kab-cli", "sipkd"))["created_by"] == "budi"

    bad = _write(tmp_path, items_csv=BAD_ITEMS)
    version = await registry_version()
    refused = run(spbe_bin, "import", "--instansi", "kab-cli", *bad, env=env)
    assert refused.returncode == 2
    assert "items.csv, baris 5: reference_code" in refused.stderr
    assert "items.csv, baris 6: kind" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert await registry_version() == version

    out = tmp_path / "export"
    exported = run(
        spbe_bin, "export", "--instansi", "kab-cli", "--format", "csv", "-o", str(out), env=env
    )
    assert exported.returncode == 0, exported.stderr
    assert (out / "items.csv").read_text().startswith("kind,key,name,description,owner_unit")
    assert "diskominfo,uses,nasional:srikandi" in (out / "relationships.csv").read_text()
    model = tmp_path / "kab-cli.xml"
    as_xml = run(spbe_bin, "export", "--instansi", "kab-cli", "-o", str(model), env=env)
    if archimate.available():
        assert as_xml.returncode == 0, as_xml.stderr
        assert b"ApplicationComponent" in model.read_bytes()
    else:  # said clearly, with the setting that fixes it
        assert as_xml.returncode == 1 and "SPBE_ARCHIMATE_DIR" in as_xml.stderr
    missing = run(spbe_bin, "export", "--instansi", "kab-tidak-ada", "-o", str(model), env=env)
    assert missing.returncode == 3 and "kab-tidak-ada" in missing.stderr

    template = tmp_path / "template.xlsx"
    made = run(spbe_bin, "template", "-o", str(template))
    assert made.returncode == 0, made.stderr
    assert load_workbook(template).sheetnames[1:3] == ["items", "relationships"]


def test_cli_refuses_a_file_over_the_limit(spbe_bin: str, engine_url: str, tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"kind,name\n" + b"unit,OPD\n" * 200_000)  # 1.8 MB
    result = run(
        spbe_bin,
        "import",
        "--instansi",
        "kab-big",
        str(big),
        env={"SPBE_DATABASE_URL": engine_url, "SPBE_IMPORT_MAX_MB": "1"},
    )
    assert result.returncode == 2
    assert (
        "big.csv" in result.stderr and "1 MB" in result.stderr and "Traceback" not in result.stderr
    )


def test_cli_import_into_an_unseeded_database_says_why_and_what_to_do(
    spbe_bin: str, tmp_path: Path
) -> None:
    # a new user who migrated but did not seed: the reason and the remedy, not just "refused"
    env = {"SPBE_DATABASE_URL": f"sqlite:///{tmp_path / 'kosong.db'}"}
    assert run(spbe_bin, "db", "migrate", env=env).returncode == 0
    files = _write(tmp_path, items_csv=ITEMS)
    result = run(spbe_bin, "import", "--instansi", "kab-baru", *files, env=env)
    assert result.returncode == 2
    assert "reference framework 'PERPRES132_2022' not found" in result.stderr
    assert "`spbe seed`" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.skipif(not DENPASAR.exists(), reason=f"{DENPASAR} not present")
def test_cli_imports_the_denpasar_folder(spbe_bin: str, engine_url: str) -> None:
    result = run(spbe_bin, "import", str(DENPASAR), env={"SPBE_DATABASE_URL": engine_url})
    assert result.returncode == 0, result.stderr
    assert "denpasar (instansi baru / new government)" in result.stdout
    assert "application: 189" in result.stdout


async def test_api_upload_returns_the_report(client: Any) -> None:
    await _national()
    files = [
        ("files", ("items.csv", ITEMS.encode(), "text/csv")),
        ("files", ("relationships.csv", RELS.encode(), "text/csv")),
    ]
    response = await client.post(
        "/api/instansi/kab-api/import",
        params={"name": "Kabupaten API", "dry_run": "true"},
        files=files,
    )
    assert response.status_code == 200, response.text
    assert (
        response.json()["dry_run"] and response.json()["items"]["created"] == 4
    )  # with the new OPD
    response = await client.post(
        "/api/instansi/kab-api/import",
        params={"name": "Kabupaten API"},
        files=files,
        headers={"X-Actor": "sari"},
    )
    body = response.json()
    assert response.status_code == 200 and body["ok"] and body["instansi_created"]
    assert body["units_created"] == ["badan-keuangan-daerah"]
    assert (await store.get_item("kab-api", "e-office"))["created_by"] == "sari"

    version = await registry_version()
    refused = await client.post(
        "/api/instansi/kab-api/import",
        files=[("file", ("items.csv", BAD_ITEMS.encode(), "text/csv"))],
    )
    assert refused.status_code == 400
    body = refused.json()
    assert body["error"] == "invalid" and body["report"]["ok"] is False
    assert {(e["location"], e["field"]) for e in body["errors"]} == {
        ("items.csv, baris 5", "reference_code"),
        ("items.csv, baris 6", "kind"),
    }
    assert await registry_version() == version


async def test_api_refuses_an_upload_over_the_limit(client: Any) -> None:
    big = b"kind,name\n" + b"unit,Organisasi Perangkat Daerah\n" * 1_700_000  # ~54 MB
    response = await client.post(
        "/api/instansi/kab-api/import", files=[("file", ("big.csv", big, "text/csv"))]
    )
    assert response.status_code == 413
    body = response.json()
    assert body["errors"][0]["code"] == "request_too_large"
    assert "20 MB" in body["errors"][0]["reason"]


async def test_api_downloads(demo_client: Any) -> None:
    response = await demo_client.get("/api/instansi/aceh-utara/export", params={"format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert archive.namelist() == ["items.csv", "relationships.csv"]
    assert int(response.headers["x-query-count"]) <= 8  # the snapshot: constant queries

    items = await demo_client.get(
        "/api/instansi/aceh-utara/export", params={"format": "csv", "table": "items"}
    )
    assert items.text == archive.read("items.csv").decode()
    for fmt, kind, name in (
        ("xlsx", "spreadsheetml", "aceh-utara.xlsx"),
        ("yaml", "yaml", "aceh-utara.yaml"),
        ("archimate", "xml", "aceh-utara.xml"),
    ):
        response = await demo_client.get("/api/instansi/aceh-utara/export", params={"format": fmt})
        if fmt == "archimate" and not archimate.available():
            assert response.status_code == 503
            assert response.json()["errors"][0]["code"] == "archimate_files_missing"
            continue
        assert response.status_code == 200 and kind in response.headers["content-type"]
        assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert (await demo_client.get("/api/instansi/tidak-ada/export")).status_code == 404
    bad = await demo_client.get("/api/instansi/aceh-utara/export", params={"format": "pdf"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "format"

    template = await demo_client.get("/api/import/template")
    assert template.status_code == 200
    assert load_workbook(io.BytesIO(template.content))["items"]["A1"].value == "kind"


async def test_import_reports_progress(db_engine: Engine) -> None:
    seen: list[tuple[str, int, int]] = []
    bundle = store.Bundle(
        instansi={"code": "kab-progress", "level": "kabupaten"},
        items=[store.ItemRecord({"kind": "unit", "name": f"OPD {i}"}) for i in range(1500)],
        relationships=[
            store.RelationshipRecord(f"opd-{i}", "part_of", "opd-0") for i in range(1, 1500)
        ],
    )
    await store.import_bundle(
        bundle, store.ImportOptions(actor="test", progress=lambda *a: seen.append(a))
    )
    phases = {phase: (done, total) for phase, done, total in seen}
    assert phases == {
        "check_items": (1500, 1500),
        "check_relationships": (1499, 1499),
        "write_items": (1500, 1500),
        "write_relationships": (1499, 1499),
    }
    assert len(seen) > 4  # it moves along, not only at the end
