"""The analyses over HTTP, on the seeded demo database (SQLite or PostgreSQL)."""

from __future__ import annotations

from typing import Any

from tests.test_duplicates import MIGRATIONS, PLANTED


async def test_duplicates_of_aceh_utara(demo_client: Any) -> None:
    response = await demo_client.get("/api/analysis/duplicates", params={"instansi": "aceh-utara"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["instansi"] == ["aceh-utara"]
    assert sorted(c["members"] for c in body["clusters"]) == sorted(sorted(c) for c in PLANTED)
    assert {m["source"].split(":")[1]: m["target"].split(":")[1] for m in body["migrations"]} == (
        MIGRATIONS
    )
    reason = body["pairs"][0]["reasons"][0]
    assert {"code", "text", "text_en", "weight"} <= set(reason)


async def test_duplicates_clean_case_and_item_filter(demo_client: Any) -> None:
    clean = (await demo_client.get("/api/analysis/duplicates?instansi=sumedang")).json()
    assert clean["pairs"] == [] and clean["clusters"] == [] and clean["migrations"] == []
    one = (await demo_client.get("/api/analysis/duplicates?instansi=aceh-utara&item=tnde")).json()
    assert [c["members"] for c in one["clusters"]] == [
        ["aceh-utara:e-surat", "aceh-utara:tnde", "nasional:srikandi"]
    ]
    assert all("aceh-utara:tnde" in (p["a"], p["b"]) for p in one["pairs"])


async def test_gaps_and_kind_filter(demo_client: Any) -> None:
    body = (await demo_client.get("/api/analysis/gaps?instansi=aceh-utara")).json()
    kinds = {g["kind"] for g in body["gaps"]}
    assert {
        "spl_bypass",
        "shadow_master_data",
        "claimed_interop_without_integration",
        "service_without_application",
        "orphan_application",
        "unowned",
        "unhosted",
        "single_point_of_failure",
    } <= kinds
    only = (
        await demo_client.get("/api/analysis/gaps?instansi=aceh-utara&kind=unowned,unhosted")
    ).json()
    assert {g["kind"] for g in only["gaps"]} == {"unowned", "unhosted"}
    sumedang = (await demo_client.get("/api/analysis/gaps?instansi=sumedang")).json()
    sumedang_kinds = {g["kind"] for g in sumedang["gaps"]}
    assert "dependency_cycle" in sumedang_kinds and "missing_integration" not in sumedang_kinds
    missing = [g["items"] for g in body["gaps"] if g["kind"] == "missing_integration"]
    assert any("aceh-utara:dashboard-dana-gampong" in items for items in missing)


async def test_impact(demo_client: Any) -> None:
    response = await demo_client.get(
        "/api/analysis/impact", params={"instansi": "aceh-utara", "item": "srv-diskominfo-01"}
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["item"] == "aceh-utara:srv-diskominfo-01"
    assert "aceh-utara:layanan-kepegawaian" in body["affected_services"]
    assert all(d["path"][0] == body["item"] for d in body["dependents"])
    national = await demo_client.get(
        "/api/analysis/impact", params={"instansi": "nasional", "item": "srikandi"}
    )
    assert "sumedang" in national.json()["affected_governments"]


async def test_bad_requests_are_clear(demo_client: Any) -> None:
    cases = [
        ("/api/analysis/duplicates?instansi=tidak-ada", 404, "instansi"),
        ("/api/analysis/gaps?instansi=tidak-ada", 404, "instansi"),
        ("/api/analysis/gaps?instansi=aceh-utara&item=tidak-ada", 404, "item"),
        ("/api/analysis/gaps?instansi=aceh-utara&kind=bogus", 400, "kind"),
        ("/api/analysis/impact?instansi=tidak-ada&item=x", 404, "instansi"),
        ("/api/analysis/impact?instansi=aceh-utara&item=tidak-ada", 404, "item"),
        ("/api/analysis/impact?instansi=aceh-utara&item=simpeg&max_depth=0", 400, "max_depth"),
        ("/api/analysis/impact?instansi=aceh-utara&item=simpeg&max_depth=x", 400, "max_depth"),
        ("/api/analysis/impact?instansi=aceh-utara", 400, "item"),
    ]
    for url, status, field in cases:
        response = await demo_client.get(url)
        assert response.status_code == status, (url, response.text)
        body = response.json()
        assert body["message"] and body["message_en"]
        assert body["errors"][0]["field"] == field, (url, body)


async def test_graph_is_loaded_in_constant_queries(demo_client: Any) -> None:
    first = await demo_client.get("/api/analysis/gaps?instansi=aceh-utara")
    again = await demo_client.get("/api/analysis/gaps?instansi=aceh-utara")
    assert int(first.headers["X-Query-Count"]) <= 8
    assert int(again.headers["X-Query-Count"]) == 1  # the cached graph: only the version check
