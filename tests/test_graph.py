"""The registry as a networkx graph: built in constant queries, cached until a write."""

from __future__ import annotations

from registry import db, store
from registry.graph import build_graph, edges_of_type, registry_graph
from registry.store.snapshot import RegistrySnapshot
from tests.helpers import government, item, relate, small_landscape


async def test_graph_has_items_relationships_and_ownership(db_engine: object) -> None:
    await small_landscape()
    graph = await registry_graph(["kab-uji"])
    assert set(graph.nodes) == {
        "kab-uji:diskominfo",
        "kab-uji:simpeg",
        "kab-uji:e-office",
        "kab-uji:data-pegawai",
        "kab-uji:srv-1",
    }
    simpeg = graph.nodes["kab-uji:simpeg"]
    assert (simpeg["kind"], simpeg["layer"], simpeg["owner"]) == (
        "application",
        "application",
        "kab-uji:diskominfo",
    )
    assert simpeg["reference_codes"] == ["RAA.02.02"]
    owns = [(u, v) for u, v, _ in edges_of_type(graph, "owns")]
    assert ("kab-uji:diskominfo", "kab-uji:simpeg") in owns and len(
        owns
    ) == 3  # the server has no owner
    integration = edges_of_type(graph, "integrates_with")
    assert [(u, v, d["attributes"]["mechanism"]) for u, v, d in integration] == [
        ("kab-uji:e-office", "kab-uji:simpeg", "direct_api")
    ]


async def test_constant_queries_cache_and_invalidation(db_engine: object) -> None:
    await small_landscape()
    with db.count_queries() as first:
        graph = await registry_graph(["kab-uji"])
    with db.count_queries() as again:
        cached = await registry_graph(["kab-uji"])
    assert cached is graph and again.count == 1
    for i in range(30):
        await item("kab-uji", "application", f"extra-{i}", owner="diskominfo")
    with db.count_queries() as bigger:
        rebuilt = await registry_graph(["kab-uji"])
    assert rebuilt is not graph and rebuilt.number_of_nodes() == 35
    assert bigger.count == first.count


async def test_deleted_items_leave_the_graph(db_engine: object) -> None:
    await small_landscape()
    await store.delete_item("kab-uji", "e-office", version=None, actor="t")
    graph = await registry_graph(["kab-uji"])
    assert "kab-uji:e-office" not in graph
    assert edges_of_type(graph, "integrates_with") == []


async def test_scope_national_and_external_ends(db_engine: object) -> None:
    await small_landscape("kab-a")
    await government("nasional", level="nasional", name="Katalog Nasional")
    await item("nasional", "application", "srikandi", "SRIKANDI")
    await government("kab-b")
    await item("kab-b", "application", "wakepo", "WAKEPO")
    await relate("kab-a", "e-office", "uses", "nasional:srikandi")
    await relate("kab-a", "e-office", "replicated_from", "kab-b:wakepo", agreement_type="mou")
    graph = await registry_graph(["kab-a"])
    assert graph.nodes["nasional:srikandi"]["national"] is True
    assert graph.nodes["kab-b:wakepo"]["external"] is True
    assert not graph.nodes["kab-a:simpeg"]["external"]
    alone = await registry_graph(["kab-a"], include_national=False)
    assert "nasional:srikandi" in alone and alone.nodes["nasional:srikandi"]["external"] is True
    everything = await registry_graph()
    assert {d["instansi"] for _, d in everything.nodes(data=True)} == {"kab-a", "kab-b", "nasional"}


def test_build_graph_is_pure() -> None:
    snapshot = RegistrySnapshot(
        instansi=[{"code": "x", "name": "X", "level": "kota", "attributes": {}}],
        items=[
            {
                "ref": "x:a",
                "instansi": "x",
                "kind": "application",
                "key": "a",
                "name": "A",
                "description": "",
                "owner": None,
                "status": "aktif",
                "reference_codes": [],
                "attributes": {},
                "custom": {},
            },
        ],
        relationships=[
            {
                "id": 1,
                "instansi": "x",
                "type": "uses",
                "source": "x:a",
                "target": "x:missing",
                "attributes": {},
            }
        ],
    )
    graph = build_graph(snapshot)
    assert list(graph.nodes) == ["x:a"] and graph.number_of_edges() == 0
