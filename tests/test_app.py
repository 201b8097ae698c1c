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
