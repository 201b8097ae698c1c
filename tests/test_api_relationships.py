"""Relationships through the HTTP app: meta-model rules, cross-government rules, attributes."""

from __future__ import annotations

from typing import Any

import pytest

from models.tables import Change, Relationship
from tests.helpers import government, item, small_landscape

URL = "/api/instansi/kab-uji/relationships"


async def test_forbidden_relationship_is_refused_with_alternatives(client: Any) -> None:
    await small_landscape()
    before = (await Relationship.count(), await Change.count())
    response = await client.post(
        URL, json={"source": "simpeg", "type": "hosted_on", "target": "data-pegawai"}
    )
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == ("type", "relationship_not_allowed")
    assert "reads" in error["reason_en"] and "writes" in error["reason_en"]
    assert (await Relationship.count(), await Change.count()) == before


@pytest.mark.parametrize(
    ("payload", "field", "code"),
    [
        (
            {"source": "simpeg", "type": "befriends", "target": "e-office"},
            "type",
            "unknown_relationship_type",
        ),
        ({"source": "simpeg", "type": "reads", "target": "nothing"}, "target", "unknown_item"),
        ({"source": "simpeg", "type": "reads"}, "target", "required"),
        (
            {"source": "simpeg", "type": "integrates_with", "target": "e-office"},
            "attributes.mechanism",
            "required",
        ),
        (
            {
                "source": "simpeg",
                "type": "integrates_with",
                "target": "e-office",
                "attributes": {"mechanism": "pigeon"},
            },
            "attributes.mechanism",
            "not_in_choices",
        ),
        ({"source": "simpeg", "type": "uses", "target": "simpeg"}, "target", "relationship_self"),
        (
            {"source": "simpeg", "type": "replicated_from", "target": "e-office"},
            "target",
            "relationship_needs_other_instansi",
        ),
    ],
)
async def test_bad_relationships(client: Any, payload: dict, field: str, code: str) -> None:
    await small_landscape()
    response = await client.post(URL, json=payload)
    assert response.status_code == 400, response.text
    error = response.json()["errors"][0]
    assert (error["field"], error["code"]) == (field, code)


async def test_duplicate_relationship_is_a_conflict(client: Any) -> None:
    await small_landscape()
    response = await client.post(
        URL, json={"source": "simpeg", "type": "writes", "target": "data-pegawai"}
    )
    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "relationship_exists"


async def test_national_catalogue_and_other_governments(client: Any) -> None:
    await small_landscape()
    await government("nasional", level="nasional", name="Katalog Nasional")
    await item(
        "nasional", "application", "srikandi", "SRIKANDI", attributes={"origin": "aplikasi_umum"}
    )
    await government("kab-lain")
    await item("kab-lain", "application", "wakepo", "WAKEPO")

    ok = await client.post(
        URL, json={"source": "e-office", "type": "should_migrate_to", "target": "nasional:srikandi"}
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["target"]["ref"] == "nasional:srikandi"
    # the national item sees the local one coming in
    srikandi = (await client.get("/api/instansi/nasional/items/srikandi")).json()
    assert [r["source"]["ref"] for r in srikandi["relationships"]["incoming"]] == [
        "kab-uji:e-office"
    ]

    refused = await client.post(
        URL,
        json={
            "source": "e-office",
            "type": "integrates_with",
            "target": "kab-lain:wakepo",
            "attributes": {"mechanism": "spl"},
        },
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["code"] == "relationship_cross_instansi"
    replicated = await client.post(
        URL,
        json={
            "source": "e-office",
            "type": "replicated_from",
            "target": "kab-lain:wakepo",
            "attributes": {"agreement_type": "mou", "agreement_date": "2023-03-14"},
        },
    )
    assert replicated.status_code == 201, replicated.text
    assert replicated.json()["attributes"] == {
        "agreement_type": "mou",
        "agreement_date": "2023-03-14",
    }
    # the source must belong to the government in the URL
    wrong = await client.post(
        "/api/instansi/kab-lain/relationships",
        json={"source": "kab-uji:simpeg", "type": "uses", "target": "wakepo"},
    )
    assert wrong.status_code == 400
    assert wrong.json()["errors"][0]["code"] == "relationship_wrong_instansi"


async def test_update_attributes_with_version_and_delete_restore(client: Any) -> None:
    await small_landscape()
    listing = (await client.get(f"{URL}?type=integrates_with")).json()
    rel = listing["relationships"][0]
    url = f"/api/relationships/{rel['id']}"
    assert (await client.patch(url, json={"attributes": {"mechanism": "spl"}})).status_code == 428
    updated = await client.patch(
        url, json={"attributes": {"mechanism": "spl", "since": 2022}, "version": 1}
    )
    assert updated.status_code == 200, updated.text
    assert updated.json()["attributes"] == {"mechanism": "spl", "since": 2022}
    stale = await client.patch(url, json={"attributes": {"mechanism": "file"}, "version": 1})
    assert stale.status_code == 409
    immutable = await client.patch(url, json={"type": "uses", "version": 2})
    # ends and type are the relationship's identity: not part of an update
    assert immutable.status_code == 400
    assert (immutable.json()["errors"][0]["field"], immutable.json()["errors"][0]["code"]) == (
        "type",
        "unknown_field",
    )
    assert (await client.delete(url)).json()["deleted"] is True
    assert (await client.get(f"{URL}?type=integrates_with")).json()["total"] == 0
    assert (await client.post(f"{url}/restore")).json()["deleted"] is False
    assert (await client.get("/api/relationships/999999")).status_code == 404


async def test_list_relationships_of_an_item(client: Any) -> None:
    await small_landscape()
    out = (await client.get(f"{URL}?item=simpeg&direction=out")).json()
    assert sorted(r["type"] for r in out["relationships"]) == ["hosted_on", "writes"]
    incoming = (await client.get(f"{URL}?item=simpeg&direction=in")).json()
    assert [r["type"] for r in incoming["relationships"]] == ["integrates_with"]
    assert (await client.get(f"{URL}?direction=sideways")).status_code == 400
