"""The real Kota Denpasar inventory imports through its adapter with no error."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry import store
from registry.graph import edges_of_type, nodes_of_kind, registry_graph
from registry.io.denpasar import read_denpasar
from registry.io.offline import graph_from_bundles

DENPASAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "denpasar"
needs_denpasar = pytest.mark.skipif(not DENPASAR.exists(), reason=f"{DENPASAR} not present")


@needs_denpasar
async def test_denpasar_imports_whole(db_engine: object) -> None:
    report = await store.import_bundle(read_denpasar(DENPASAR), store.ImportOptions(actor="test"))
    summary = report.to_dict()
    assert summary["errors"] == [] and summary["warnings"] == []
    assert summary["items"]["created_by_kind"] == {"application": 189, "unit": 102}
    assert summary["relationships"]["created"] == 42  # units with a derivable parent
    assert report.units_created == []  # every owner is a known unit
    app = await store.get_item("denpasar", "app-011")
    assert (app["name"], app["owner"], app["owner_name"]) == (
        "Rujukan Online",
        "041001",
        "Rumah Sakit Umum Daerah Wangaya",
    )
    assert app["attributes"]["origin"] == "aplikasi_khusus_pemda"
    # "Umum" is kept as the city wrote it, never read as a designated Aplikasi Umum
    umum = await store.list_items(store.ItemQuery(instansi="denpasar", q="Smart Arsip"))
    assert umum["items"][0]["custom"]["klasifikasi"] == "Umum"
    assert umum["items"][0]["attributes"]["origin"] == "aplikasi_khusus_pemda"
    # re-import is an upsert: nothing changes
    again = await store.import_bundle(read_denpasar(DENPASAR), store.ImportOptions(actor="test"))
    assert again.to_dict()["items"]["unchanged"] == 291

    graph = await registry_graph(["denpasar"], include_national=False)
    offline = graph_from_bundles([read_denpasar(DENPASAR)])
    assert (
        len(nodes_of_kind(graph, "application"))
        == len(nodes_of_kind(offline, "application"))
        == 189
    )
    assert sorted((u, v) for u, v, _ in edges_of_type(graph, "owns")) == sorted(
        (u, v) for u, v, _ in edges_of_type(offline, "owns")
    )
