"""No N+1: the number of queries a list request runs does not grow with its rows.

The app reports the queries each request ran in the X-Query-Count header; these tests pin it at
10 and at 1,000 rows."""

from __future__ import annotations

from typing import Any

import pytest

from registry import store
from tests.helpers import government


async def _government_with(n_apps: int) -> None:
    await government("kab-besar")
    bundle = store.Bundle(
        instansi={"code": "kab-besar"},
        items=[
            store.ItemRecord({"kind": "unit", "key": f"opd-{u}", "name": f"OPD {u}"})
            for u in range(20)
        ]
        + [
            store.ItemRecord(
                {
                    "kind": "application",
                    "key": f"app-{i:04d}",
                    "name": f"Aplikasi {i:04d}",
                    "owner": f"opd-{i % 20}",
                    "reference_codes": ["RAA.02.02"],
                    "attributes": {"origin": "aplikasi_khusus_pemda", "year_built": 2020},
                }
            )
            for i in range(n_apps)
        ],
        relationships=[
            store.RelationshipRecord(
                f"app-{i:04d}",
                "integrates_with",
                f"app-{(i + 1) % n_apps:04d}",
                {"mechanism": "spl"},
            )
            for i in range(n_apps)
        ],
    )
    await store.import_bundle(bundle, store.ImportOptions(actor="test"))


async def _measure(client: Any, url: str, key: str) -> tuple[int, int]:
    """(rows returned, queries run) for one request."""
    response = await client.get(url)
    assert response.status_code == 200, response.text
    return len(response.json()[key]), int(response.headers["x-query-count"])


async def _reset() -> None:
    from registry import db
    from tests.conftest import _empty

    await _empty(db.engine())


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("/api/instansi/kab-besar/items?kind=application&page_size=1000", "items"),
        ("/api/items?kind=application&page_size=1000", "items"),
        ("/api/instansi/kab-besar/relationships?page_size=1000", "relationships"),
        ("/api/instansi/kab-besar/changes?entity=relationship&page_size=1000", "changes"),
    ],
)
async def test_list_query_count_is_constant(client: Any, url: str, key: str) -> None:
    await _government_with(10)
    small_rows, small_queries = await _measure(client, url, key)
    await _reset()
    await _government_with(1000)
    large_rows, large_queries = await _measure(client, url, key)
    assert (small_rows, large_rows) == (10, 1000)
    assert small_queries == large_queries, (
        f"{url}: {small_queries} queries for 10 rows, {large_queries} for 1000"
    )
    assert large_queries <= 5


async def test_item_detail_and_government_list_are_constant(client: Any) -> None:
    await _government_with(50)
    detail = await client.get("/api/instansi/kab-besar/items/opd-3")
    assert len(detail.json()["owns"]) == 3  # apps 3, 23, 43
    assert int(detail.headers["x-query-count"]) <= 5
    listing = await client.get("/api/instansi")
    assert int(listing.headers["x-query-count"]) == 2
