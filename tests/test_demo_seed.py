"""The seed: national catalogue and two illustrative demo governments, loaded through the store."""

from __future__ import annotations

from typing import Any

from registry.graph import edges_of_type, nodes_of_kind, registry_graph
from registry.seed import seed
from tests.conftest import SEED_DIR


async def test_demo_governments_are_seeded(demo_client: Any) -> None:
    governments = {
        g["code"]: g for g in (await demo_client.get("/api/instansi")).json()["instansi"]
    }
    assert set(governments) == {"nasional", "sumedang", "aceh-utara"}
    assert governments["sumedang"]["counts"]["application"] >= 60
    assert governments["aceh-utara"]["counts"]["application"] >= 40
    for code in ("sumedang", "aceh-utara"):
        assert governments[code]["attributes"]["illustrative"] is True
        assert governments[code]["level"] == "kabupaten"
    srikandi = (await demo_client.get("/api/instansi/nasional/items/srikandi")).json()
    assert srikandi["attributes"]["origin"] == "aplikasi_umum"
    assert srikandi["attributes"]["designation_decree"] == "Kepmen PANRB 679/2020"
    assert srikandi["owner"] == "anri"


async def test_seeding_again_changes_nothing(demo_db: Any) -> None:
    report = await seed(SEED_DIR, demo=True, actor="seed")
    for government in report.governments:
        summary = government.to_dict()
        assert summary["items"]["created"] == summary["items"]["updated"] == 0, government.instansi
        assert summary["relationships"]["created"] == summary["relationships"]["updated"] == 0
    assert all(f.created == f.updated == 0 for f in report.frameworks)


async def test_demo_gives_the_analyses_something_to_find(demo_db: Any) -> None:
    graph = await registry_graph(["sumedang", "aceh-utara"])
    replicated = {(u, v) for u, v, _ in edges_of_type(graph, "replicated_from")}
    assert ("aceh-utara:wa-gateway", "sumedang:wakepo") in replicated
    mechanisms = {
        (graph.nodes[u]["instansi"], d["attributes"]["mechanism"])
        for u, _, d in edges_of_type(graph, "integrates_with")
    }
    assert ("sumedang", "spl") in mechanisms
    assert {("aceh-utara", m) for m in ("direct_api", "db_link", "file", "manual")} <= mechanisms
    names = [
        graph.nodes[n]["name"] for n in nodes_of_kind(graph, "application", instansi="aceh-utara")
    ]
    assert names.count("SMS Gateway") == 3
    unowned = [
        n
        for n in nodes_of_kind(graph, "application", instansi="aceh-utara")
        if not graph.nodes[n]["owner"]
    ]
    assert unowned
    # every Sumedang application is hosted; several in Aceh Utara are not
    hosted = {u for u, _, _ in edges_of_type(graph, "hosted_on")}
    assert all(a in hosted for a in nodes_of_kind(graph, "application", instansi="sumedang"))
    assert any(a not in hosted for a in nodes_of_kind(graph, "application", instansi="aceh-utara"))


async def test_demo_lists_are_browsable(demo_client: Any) -> None:
    page = (
        await demo_client.get(
            "/api/instansi/sumedang/items?kind=application&page_size=10&sort=name"
        )
    ).json()
    assert page["total"] >= 60 and len(page["items"]) == 10
    names = [i["name"].lower() for i in page["items"]]
    assert names == sorted(names)
    found = (await demo_client.get("/api/instansi/aceh-utara/items?q=SMS Gateway")).json()
    assert found["total"] == 3
    root = await demo_client.get("/")
    assert "Kabupaten Sumedang" in root.text and "Kabupaten Aceh Utara" in root.text
