"""The app's own pages: the root page, the API documentation (served offline), errors as JSON."""

from __future__ import annotations

from typing import Any

from tests.helpers import small_landscape


async def test_root_page_lists_governments_and_links_docs(client: Any) -> None:
    await small_landscape()
    page = await client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "Kabupaten kab-uji" in page.text and "/schema/swagger" in page.text
    assert '<a href="/api/instansi/kab-uji/items">5</a>' in page.text  # total items


async def test_api_docs_work_without_internet(client: Any) -> None:
    docs = await client.get("/schema/swagger")
    assert docs.status_code == 200
    assert "/static/swagger-ui/swagger-ui-bundle.js" in docs.text and "unpkg" not in docs.text
    bundle = await client.get("/static/swagger-ui/swagger-ui-bundle.js")
    assert bundle.status_code == 200 and len(bundle.content) > 100_000
    spec = (await client.get("/schema/openapi.json")).json()
    assert spec["info"]["title"] == "SPBE Registry API"
    assert "/api/instansi/{code}/items" in spec["paths"]
    create = spec["paths"]["/api/instansi/{code}/items"]["post"]
    assert create["operationId"] == "createItem"


async def test_unknown_path_and_method_are_json(client: Any) -> None:
    missing = await client.get("/api/nothing-here")
    assert missing.status_code == 404 and missing.json()["message_en"] == "No such resource"
    wrong = await client.put("/api/instansi")
    assert wrong.status_code == 405 and wrong.json()["error"] == "http_error"
    health = (await client.get("/api/health")).json()
    assert health["status"] == "ok" and health["engine"] in ("sqlite", "postgres")


async def test_out_of_range_numbers_are_client_errors(client: Any) -> None:
    """Numbers beyond what the databases hold name nothing: 404 or 400, never a 500."""
    huge = 551788890654564516308570865664
    assert (await client.get(f"/api/relationships/{huge}")).status_code == 404
    assert (await client.post(f"/api/relationships/{huge}/restore")).status_code == 404
    page = await client.get("/api/changes", params={"page": 94827215850230071296})
    assert page.status_code == 400 and page.json()["errors"][0]["field"] == "page"


async def test_empty_upload_is_a_client_error(client: Any) -> None:
    response = await client.post(
        "/api/instansi/kab-uji/import",
        content=b"--abc--\r\n",
        headers={"Content-Type": "multipart/form-data; boundary=abc"},
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "no_files"
