"""Governments over HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from tests.helpers import small_landscape


async def test_create_list_update_government(client: Any) -> None:
    created = await client.post(
        "/api/instansi",
        json={
            "code": "kab-sumedang",
            "name": "Kabupaten Sumedang",
            "level": "kabupaten",
            "attributes": {"province": "Jawa Barat"},
        },
    )
    assert created.status_code == 201, created.text
    assert created.json()["reference_framework"] == "PERPRES132_2022"
    listing = (await client.get("/api/instansi")).json()["instansi"]
    assert [g["code"] for g in listing] == ["kab-sumedang"]
    assert listing[0]["counts"] == {} and listing[0]["total_items"] == 0
    updated = await client.patch(
        "/api/instansi/kab-sumedang", json={"name": "Pemerintah Kabupaten Sumedang", "version": 1}
    )
    assert updated.status_code == 200 and updated.json()["version"] == 2
    stale = await client.patch("/api/instansi/kab-sumedang", json={"name": "X", "version": 1})
    assert stale.status_code == 409


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"code": "Kab Besar", "name": "X", "level": "kabupaten"}, "code", "bad_code"),
        ({"code": "kab-x", "name": "X", "level": "desa"}, "level", "not_in_choices"),
        (
            {"code": "kab-x", "name": "X", "level": "kabupaten", "reference_framework": "NOPE"},
            "reference_framework",
            "not_found",
        ),
        ({"code": "kab-x", "level": "kabupaten"}, "name", "required"),
    ],
)
async def test_bad_governments(client: Any, payload: dict, field: str, code: str) -> None:
    response = await client.post("/api/instansi", json=payload)
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == (field, code)
    assert (await client.get("/api/instansi")).json()["instansi"] == []


async def test_counts_per_kind_and_delete_rules(client: Any) -> None:
    await small_landscape()
    detail = (await client.get("/api/instansi/kab-uji")).json()
    assert detail["counts"] == {"unit": 1, "dataset": 1, "application": 2, "server": 1}
    assert (
        await client.post("/api/instansi", json={"code": "kab-uji", "name": "X", "level": "kota"})
    ).status_code == 409
    blocked = await client.delete("/api/instansi/kab-uji")
    assert (
        blocked.status_code == 409 and blocked.json()["errors"][0]["code"] == "instansi_has_items"
    )
