"""The append-only change log: every write with actor, time, action, before and after."""

from __future__ import annotations

from typing import Any

from tests.helpers import small_landscape


async def test_every_write_is_in_the_item_history(client: Any) -> None:
    await small_landscape()
    url = "/api/instansi/kab-uji/items/simpeg"
    await client.patch(url, json={"status": "nonaktif", "version": 1}, headers={"X-Actor": "sari"})
    await client.delete(url, headers={"X-Actor": "sari"})
    await client.post(f"{url}/restore", headers={"X-Actor": "andi"})
    history = (await client.get(f"{url}/history")).json()["changes"]
    item_changes = [c for c in history if c["entity"] == "item"]
    assert [c["action"] for c in item_changes] == ["restore", "delete", "update", "create"]
    update = item_changes[2]
    assert update["actor"] == "sari"
    assert update["before"]["status"] == "aktif" and update["after"]["status"] == "nonaktif"
    assert update["before"]["version"] == 1 and update["after"]["version"] == 2
    create = item_changes[3]
    assert create["before"] is None and create["after"]["name"] == "SIMPEG"
    assert item_changes[0]["actor"] == "andi" and item_changes[0]["after"]["deleted"] is False
    # relationship changes of the item are in its history too, including the cascade
    rel_changes = [c for c in history if c["entity"] == "relationship"]
    assert {c["action"] for c in rel_changes} == {"create", "delete", "restore"}
    assert all(c["cascade"] for c in rel_changes if c["action"] in ("delete", "restore"))
    for change in history:
        assert change["at"].endswith("Z")


async def test_government_change_log_and_filters(client: Any) -> None:
    await small_landscape()
    log = (await client.get("/api/instansi/kab-uji/changes")).json()
    # 1 government + 5 items + 4 relationships
    assert log["total"] == 10
    creates = (await client.get("/api/instansi/kab-uji/changes?entity=relationship")).json()
    assert creates["total"] == 4
    assert (await client.get("/api/instansi/kab-uji/changes?action=explode")).status_code == 400
    everything = (await client.get("/api/changes?entity=item")).json()
    assert everything["total"] == 5


async def test_failed_write_leaves_no_trace(client: Any) -> None:
    await small_landscape()
    before = (await client.get("/api/changes")).json()["total"]
    await client.patch("/api/instansi/kab-uji/items/simpeg", json={"version": 7, "name": "X"})
    await client.post("/api/instansi/kab-uji/items", json={"kind": "nope", "name": "X"})
    assert (await client.get("/api/changes")).json()["total"] == before
