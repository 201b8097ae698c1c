"""Items through the real HTTP app: create, read, update with versions, delete and restore,
and every kind of bad input refused with a 4xx that names the field, writing nothing."""

from __future__ import annotations

from typing import Any

import pytest

from models.tables import Change, Item, Relationship
from tests.helpers import government, item, small_landscape


async def _counts() -> tuple[int, int, int]:
    return await Item.count(), await Relationship.count(), await Change.count()


async def test_create_and_read_an_item(client: Any) -> None:
    await government("kab-uji")
    await item("kab-uji", "unit", "bkpsdm", "Badan Kepegawaian dan Pengembangan SDM")
    response = await client.post(
        "/api/instansi/kab-uji/items",
        json={
            "kind": "application",
            "name": "Sistem Informasi Manajemen Kepegawaian",
            "owner": "bkpsdm",
            "reference_codes": ["RAA.02.02"],
            "attributes": {"origin": "aplikasi_khusus_pemda", "year_built": 2019, "backup": True},
        },
        headers={"X-Actor": "budi@diskominfo"},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["key"] == "sistem-informasi-manajemen-kepegawaian"
    assert body["ref"] == "kab-uji:sistem-informasi-manajemen-kepegawaian"
    assert body["owner"] == "bkpsdm" and body["owner_name"].startswith("Badan Kepegawaian")
    assert body["version"] == 1 and response.headers["etag"] == 'W/"1"'
    assert body["created_by"] == "budi@diskominfo"

    detail = (await client.get(f"/api/instansi/kab-uji/items/{body['key']}")).json()
    assert detail["attributes"] == {
        "origin": "aplikasi_khusus_pemda",
        "year_built": 2019,
        "backup": True,
    }
    assert detail["reference_codes"] == ["RAA.02.02"]
    unit = (await client.get("/api/instansi/kab-uji/items/bkpsdm")).json()
    assert [o["key"] for o in unit["owns"]] == [body["key"]]


async def test_detail_has_relationships_both_ways(client: Any) -> None:
    await small_landscape()
    detail = (await client.get("/api/instansi/kab-uji/items/simpeg")).json()
    outgoing = {(r["type"], r["target"]["key"]) for r in detail["relationships"]["outgoing"]}
    incoming = {(r["type"], r["source"]["key"]) for r in detail["relationships"]["incoming"]}
    assert outgoing == {("writes", "data-pegawai"), ("hosted_on", "srv-1")}
    assert incoming == {("integrates_with", "e-office")}
    inverse = next(r for r in detail["relationships"]["incoming"])
    assert inverse["label_en"] == "integrated with"


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        ({"kind": "aplikasi", "name": "X"}, "kind", "unknown_kind"),
        ({"kind": "application"}, "name", "required"),
        ({"kind": "application", "name": "   "}, "name", "empty"),
        (
            {"kind": "application", "name": "X", "reference_codes": ["RAA.99"]},
            "reference_codes",
            "unknown_reference_code",
        ),
        (
            {"kind": "application", "name": "X", "reference_codes": ["RAD.01"]},
            "reference_codes",
            "reference_domain_mismatch",
        ),
        ({"kind": "application", "name": "X", "owner": "nobody"}, "owner", "unknown_owner"),
        ({"kind": "application", "name": "X", "owner": "simpeg"}, "owner", "owner_not_unit"),
        ({"kind": "application", "name": "X", "status": "hidup"}, "status", "bad_status"),
        ({"kind": "application", "name": "X", "key": "bad key!"}, "key", "bad_key"),
        (
            {"kind": "application", "name": "X", "attributes": {"origin": "lokal"}},
            "attributes.origin",
            "not_in_choices",
        ),
        (
            {"kind": "application", "name": "X", "attributes": {"year_built": "2019"}},
            "attributes.year_built",
            "bad_type",
        ),
        (
            {"kind": "application", "name": "X", "attributes": {"colour": "red"}},
            "attributes.colour",
            "unknown_field",
        ),
        (
            {"kind": "application", "name": "X", "attributes": {"flagship_sector": 7}},
            "attributes.flagship_sector",
            "out_of_range",
        ),
        ({"kind": "security", "name": "Audit"}, "attributes.security_type", "required"),
        ({"kind": "application", "name": 5}, "name", "bad_value"),
        ({"kind": "application", "name": "X", "colour": "red"}, "colour", "unknown_field"),
    ],
)
async def test_bad_items_are_refused_naming_the_field(
    client: Any, payload: dict, field: str, code: str
) -> None:
    await small_landscape()
    before = await _counts()
    response = await client.post("/api/instansi/kab-uji/items", json=payload)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "invalid"
    assert (body["errors"][0]["field"], body["errors"][0]["code"]) == (field, code)
    assert body["errors"][0]["reason"] and body["errors"][0]["reason_en"]
    assert await _counts() == before


async def test_malformed_json_is_a_400_and_writes_nothing(client: Any) -> None:
    await small_landscape()
    before = await _counts()
    response = await client.post(
        "/api/instansi/kab-uji/items",
        content=b'{"kind": "application", "name": ',
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "malformed_json"
    assert await _counts() == before


async def test_duplicate_key_is_a_conflict(client: Any) -> None:
    await small_landscape()
    response = await client.post(
        "/api/instansi/kab-uji/items", json={"kind": "application", "name": "SIMPEG"}
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "already_exists"


async def test_unknown_government_and_item_are_404(client: Any) -> None:
    await small_landscape()
    assert (await client.get("/api/instansi/nowhere/items")).status_code == 404
    response = await client.get("/api/instansi/kab-uji/items/nothing")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
    assert (
        await client.post("/api/instansi/nowhere/items", json={"kind": "unit", "name": "X"})
    ).status_code == 404


async def test_update_needs_the_current_version(client: Any) -> None:
    await small_landscape()
    url = "/api/instansi/kab-uji/items/simpeg"
    missing = await client.patch(url, json={"name": "SIMPEG v2"})
    assert missing.status_code == 428
    ok = await client.patch(
        url, json={"name": "SIMPEG v2", "version": 1, "attributes": {"url": "https://simpeg.go.id"}}
    )
    assert ok.status_code == 200 and ok.json()["version"] == 2
    before = await _counts()
    stale = await client.patch(url, json={"name": "SIMPEG v3"}, headers={"If-Match": 'W/"1"'})
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["code"] == "stale_version"
    assert await _counts() == before
    current = (await client.get(url)).json()
    assert current["name"] == "SIMPEG v2" and current["version"] == 2
    # a null in attributes removes the key (JSON merge patch)
    removed = await client.patch(
        url, json={"attributes": {"url": None}}, headers={"If-Match": 'W/"2"'}
    )
    assert removed.status_code == 200 and "url" not in removed.json()["attributes"]


async def test_kind_cannot_change_and_bad_update_changes_nothing(client: Any) -> None:
    await small_landscape()
    url = "/api/instansi/kab-uji/items/simpeg"
    response = await client.patch(url, json={"kind": "service", "version": 1})
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "kind_immutable"
    response = await client.patch(
        url, json={"reference_codes": ["RAA.77"], "name": "Baru", "version": 1}
    )
    assert response.status_code == 400
    assert (await client.get(url)).json()["name"] == "SIMPEG"


async def test_rename_key_keeps_relationships(client: Any) -> None:
    await small_landscape()
    response = await client.patch(
        "/api/instansi/kab-uji/items/simpeg", json={"key": "simpeg-2", "version": 1}
    )
    assert response.status_code == 200, response.text
    detail = (await client.get("/api/instansi/kab-uji/items/simpeg-2")).json()
    assert detail["ref"] == "kab-uji:simpeg-2"
    assert len(detail["relationships"]["outgoing"]) == 2
    assert (await client.get("/api/instansi/kab-uji/items/simpeg")).status_code == 404


async def test_soft_delete_and_restore_with_relationships(client: Any) -> None:
    await small_landscape()
    url = "/api/instansi/kab-uji/items/simpeg"
    deleted = await client.delete(url)
    assert deleted.status_code == 200 and deleted.json()["deleted"] is True
    listing = (await client.get("/api/instansi/kab-uji/items?kind=application")).json()
    assert [i["key"] for i in listing["items"]] == ["e-office"]
    server = (await client.get("/api/instansi/kab-uji/items/srv-1")).json()
    assert server["relationships"]["incoming"] == []
    # the relationship from e-office was taken down too; a deleted end cannot gain new ones
    response = await client.post(
        "/api/instansi/kab-uji/relationships",
        json={"source": "simpeg", "type": "reads", "target": "data-pegawai"},
    )
    assert (
        response.status_code == 400
        and response.json()["errors"][0]["code"] == "relationship_deleted_end"
    )
    again = await client.delete(url)
    assert again.status_code == 409

    restored = await client.post(f"{url}/restore")
    assert restored.status_code == 200
    body = restored.json()
    assert body["deleted"] is False
    assert {r["type"] for r in body["relationships"]["outgoing"]} == {"writes", "hosted_on"}
    assert {r["type"] for r in body["relationships"]["incoming"]} == {"integrates_with"}
    assert (await client.post(f"{url}/restore")).status_code == 409


async def test_relationship_deleted_on_its_own_stays_deleted_when_item_is_restored(
    client: Any,
) -> None:
    await small_landscape()
    detail = (await client.get("/api/instansi/kab-uji/items/simpeg")).json()
    hosted = next(r for r in detail["relationships"]["outgoing"] if r["type"] == "hosted_on")
    assert (await client.delete(f"/api/relationships/{hosted['id']}")).status_code == 200
    await client.delete("/api/instansi/kab-uji/items/simpeg")
    body = (await client.post("/api/instansi/kab-uji/items/simpeg/restore")).json()
    assert {r["type"] for r in body["relationships"]["outgoing"]} == {"writes"}


async def test_unit_with_items_cannot_be_deleted(client: Any) -> None:
    await small_landscape()
    response = await client.delete("/api/instansi/kab-uji/items/diskominfo")
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "unit_has_items"


async def test_list_filters_sort_and_paginate(client: Any) -> None:
    await small_landscape()
    await item("kab-uji", "unit", "dinkes", "Dinas Kesehatan")
    await item(
        "kab-uji",
        "application",
        "simpus",
        "SIMPUS Puskesmas",
        owner="dinkes",
        status="nonaktif",
        reference_codes=["RAA.02.01"],
        attributes={"function": "Rekam medis puskesmas"},
    )

    async def keys(query: str) -> list[str]:
        response = await client.get(f"/api/instansi/kab-uji/items?{query}")
        assert response.status_code == 200, response.text
        return [i["key"] for i in response.json()["items"]]

    assert await keys("kind=application") == ["e-office", "simpeg", "simpus"]
    assert await keys("kind=application&sort=-name") == ["simpus", "simpeg", "e-office"]
    assert await keys("kind=application,dataset&unit=diskominfo") == [
        "data-pegawai",
        "e-office",
        "simpeg",
    ]
    assert await keys("status=nonaktif") == ["simpus"]
    assert await keys("reference=RAA.02") == ["simpeg", "simpus"]
    assert await keys("reference=RAA.02.01") == ["simpus"]
    assert await keys("q=puskesmas") == ["simpus"]
    assert await keys("q=rekam medis") == ["simpus"]  # inside attributes
    assert await keys("layer=infrastructure") == ["srv-1"]
    page = (
        await client.get("/api/instansi/kab-uji/items?kind=application&page=2&page_size=2")
    ).json()
    assert [i["key"] for i in page["items"]] == ["simpus"]
    assert (page["total"], page["pages"]) == (3, 2)
    everywhere = (await client.get("/api/items?kind=application&q=simpeg")).json()
    assert [i["ref"] for i in everywhere["items"]] == ["kab-uji:simpeg"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=app", "kind"),
        ("sort=colour", "sort"),
        ("layer=cloud", "layer"),
        ("page_size=5000", "page_size"),
        ("deleted=maybe", "deleted"),
    ],
)
async def test_bad_list_parameters(client: Any, query: str, field: str) -> None:
    await small_landscape()
    response = await client.get(f"/api/instansi/kab-uji/items?{query}")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field


async def test_deleted_items_can_be_listed(client: Any) -> None:
    await small_landscape()
    await client.delete("/api/instansi/kab-uji/items/e-office")
    only = (await client.get("/api/instansi/kab-uji/items?deleted=only")).json()
    assert [i["key"] for i in only["items"]] == ["e-office"]
    assert only["items"][0]["deleted_at"] is not None


async def test_items_are_scoped_to_their_government(client: Any) -> None:
    await small_landscape("kab-a")
    await government("kab-b")
    await item("kab-b", "application", "simpeg", "SIMPEG Kab B")
    a = (await client.get("/api/instansi/kab-a/items/simpeg")).json()
    b = (await client.get("/api/instansi/kab-b/items/simpeg")).json()
    assert (a["ref"], b["ref"]) == ("kab-a:simpeg", "kab-b:simpeg")
    # a unit of another government cannot own an item here
    response = await client.post(
        "/api/instansi/kab-b/items",
        json={"kind": "application", "name": "Z", "owner": "kab-a:diskominfo"},
    )
    assert response.status_code == 400 and response.json()["errors"][0]["code"] == "unknown_owner"
