"""`spbe analyze` as a user runs it: a real process on the real (demo or scratch) database."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest

from registry import store
from tests.helpers import government, item
from tests.test_cli import run
from tests.test_duplicates import PLANTED


@pytest.fixture
def demo_url(databases: Any, demo_db: Any) -> str:
    return databases.demo_url


def test_duplicates_csv_json_and_table(spbe_bin: str, demo_url: str) -> None:
    env = {"SPBE_DATABASE_URL": demo_url}
    out = run(
        spbe_bin, "analyze", "duplicates", "--instansi", "aceh-utara", "--format", "csv", env=env
    )
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["a", "b", "score", "reasons"]
    pairs = {(a, b) for a, b, *_ in rows[1:]}
    assert ("aceh-utara:sms-gateway-bpkd", "aceh-utara:sms-gateway-dpmptsp") in pairs
    assert ("aceh-utara:tnde", "nasional:srikandi") in pairs
    assert all(0 < float(r[2]) <= 1 and " / " in r[3] for r in rows[1:])

    out = run(
        spbe_bin, "analyze", "duplicates", "--instansi", "aceh-utara", "--format", "json", env=env
    )
    body = json.loads(out.stdout)
    assert sorted(c["members"] for c in body["clusters"]) == sorted(sorted(c) for c in PLANTED)

    out = run(
        spbe_bin, "analyze", "duplicates", "--instansi", "sumedang", "--format", "csv", env=env
    )
    assert out.returncode == 0 and out.stdout.strip() == "a,b,score,reasons"

    out = run(spbe_bin, "analyze", "duplicates", "--instansi", "aceh-utara", env=env)
    assert out.returncode == 0 and "Saran migrasi" in out.stdout and "srikandi" in out.stdout


def test_gaps_and_impact(spbe_bin: str, demo_url: str) -> None:
    env = {"SPBE_DATABASE_URL": demo_url}
    out = run(spbe_bin, "analyze", "gaps", "--instansi", "aceh-utara", "--format", "csv", env=env)
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["kind", "items", "reason"]
    assert ["service_without_application", "aceh-utara:layanan-bmd"] in [r[:2] for r in rows]
    out = run(
        spbe_bin,
        "analyze",
        "gaps",
        "--instansi",
        "aceh-utara",
        "--item",
        "simdik",
        "--kind",
        "claimed_interop_without_integration",
        "--format",
        "json",
        env=env,
    )
    assert [g["items"] for g in json.loads(out.stdout)["gaps"]] == [["aceh-utara:simdik"]]
    out = run(
        spbe_bin,
        "analyze",
        "impact",
        "--instansi",
        "aceh-utara",
        "--item",
        "srv-diskominfo-01",
        env=env,
    )
    assert out.returncode == 0 and "layanan-kepegawaian" in out.stdout
    out = run(
        spbe_bin,
        "analyze",
        "impact",
        "--instansi",
        "aceh-utara",
        "--item",
        "simpeg",
        "--max-depth",
        "1",
        "--format",
        "csv",
        env=env,
    )
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["direction", "item", "depth", "path"] and {r[2] for r in rows[1:]} == {"1"}


def test_bad_requests_exit_with_a_message(spbe_bin: str, demo_url: str) -> None:
    env = {"SPBE_DATABASE_URL": demo_url}
    cases = [
        (["duplicates", "--instansi", "tidak-ada"], 3, "tidak-ada"),
        (["gaps", "--instansi", "aceh-utara", "--item", "tidak-ada"], 3, "tidak-ada"),
        (["impact", "--instansi", "aceh-utara", "--item", "tidak-ada"], 3, "tidak-ada"),
        (["gaps", "--instansi", "aceh-utara", "--format", "xml"], 2, "xml"),
        (["impact", "--instansi", "aceh-utara"], 2, "--item"),
    ]
    for args, code, text in cases:
        out = run(spbe_bin, "analyze", *args, env=env)
        assert out.returncode == code, (args, out.stdout, out.stderr)
        assert text in out.stderr and "Traceback" not in out.stderr


async def test_apply_records_migrations_once(spbe_bin: str, engine_url: str) -> None:
    await government("nasional", level="nasional", name="Katalog Nasional")
    await item(
        "nasional",
        "application",
        "srikandi",
        "SRIKANDI (Sistem Informasi Kearsipan Dinamis Terintegrasi)",
        attributes={
            "function": "Pembuatan, pengiriman dan disposisi naskah dinas elektronik serta arsip dinamis"
        },
    )
    await government("kab-uji")
    await item(
        "kab-uji",
        "application",
        "tnde",
        "Tata Naskah Dinas Elektronik (TNDE)",
        attributes={
            "function": "Pembuatan, pengiriman dan disposisi naskah dinas elektronik serta pengarsipan surat"
        },
    )
    env = {"SPBE_DATABASE_URL": engine_url}
    first = run(
        spbe_bin,
        "analyze",
        "duplicates",
        "--instansi",
        "kab-uji",
        "--apply",
        "--format",
        "json",
        env=env,
    )
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["applied"]["created"] == 1
    rels = await store.list_relationships(
        store.RelationshipQuery(instansi="kab-uji", type="should_migrate_to")
    )
    [rel] = rels["relationships"]
    assert (rel["source"]["ref"], rel["target"]["ref"]) == ("kab-uji:tnde", "nasional:srikandi")
    assert 0 < rel["attributes"]["score"] <= 1 and rel["attributes"]["reason"]
    again = run(spbe_bin, "analyze", "duplicates", "--instansi", "kab-uji", "--apply", env=env)
    assert again.returncode == 0 and "0 dibuat/created" in again.stdout
