"""Reference architectures as data: shipped with sources and confidence, replaceable from files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from registry.errors import Invalid
from registry.io.reference_files import parse_csv, read_reference_file
from registry.seed import seed_reference
from tests.helpers import government, item


async def test_shipped_tree_covers_six_domains_with_sources(client: Any) -> None:
    frameworks = (await client.get("/api/reference")).json()["frameworks"]
    perpres = next(f for f in frameworks if f["code"] == "PERPRES132_2022")
    assert perpres["status"] == "illustrative"
    assert set(perpres["node_counts"]) == {"RAB", "RAD", "RAL", "RAA", "RAI", "RAK"}
    nodes = (await client.get("/api/reference/PERPRES132_2022/nodes?domain=RAA")).json()["nodes"]
    assert [n["code"] for n in nodes] == [
        "RAA.01",
        "RAA.01.01",
        "RAA.01.02",
        "RAA.02",
        "RAA.02.01",
        "RAA.02.02",
    ]
    assert all(n["confidence"] == "S2" and n["source"] for n in nodes)
    node = (await client.get("/api/reference/PERPRES132_2022/nodes/RAA.02")).json()
    assert node["level"] == 1 and [c["code"] for c in node["children"]] == [
        "RAA.02.01",
        "RAA.02.02",
    ]
    child = (await client.get("/api/reference/PERPRES132_2022/nodes/RAA.02.02")).json()
    assert child["parent"] == "RAA.02" and child["level"] == 2
    conflict = (await client.get("/api/reference/PERPRES132_2022/nodes/RAB.01.02")).json()
    assert conflict["confidence"] == "U"
    assert (await client.get("/api/reference/PERPRES132_2022/nodes/RAZ.01")).status_code == 404
    assert (await client.get("/api/reference/NOPE/nodes")).status_code == 404


async def test_official_lampiran_replaces_names_without_code_changes(
    client: Any, tmp_path: Path
) -> None:
    lampiran = tmp_path / "lampiran.csv"
    lampiran.write_text(
        "framework,domain,code,name,level,parent,source,confidence\n"
        "PERPRES132_2022,RAB,RAB.01.02,Urusan Luar Negeri,2,RAB.01,Lampiran resmi,P\n"
        "PERPRES132_2022,RAB,RAB.09.03.01,Pengelolaan Informasi Publik,3,RAB.09.03,Lampiran resmi,P\n"
    )
    reports = await seed_reference([lampiran], actor="test")
    assert (reports[0].created, reports[0].updated) == (1, 1)
    try:
        await _check_replacement(client, lampiran)
    finally:  # later tests expect the shipped names
        await seed_reference([SHIPPED], actor="test")


SHIPPED = Path(__file__).parents[1] / "seed" / "reference" / "perpres132_2022.yaml"


async def _check_replacement(client: Any, lampiran: Path) -> None:
    node = (await client.get("/api/reference/PERPRES132_2022/nodes/RAB.01.02")).json()
    assert (node["name"], node["confidence"]) == ("Urusan Luar Negeri", "P")
    # the framework's own description is kept when a bare CSV of nodes is loaded
    frameworks = (await client.get("/api/reference")).json()["frameworks"]
    assert next(f for f in frameworks if f["code"] == "PERPRES132_2022")["status"] == "illustrative"
    # items can be classified by the new level-3 node, and the filter finds them from above
    await government("kab-uji")
    await item(
        "kab-uji", "process", "ppid", "Pelayanan Informasi Publik", reference_codes=["RAB.09.03.01"]
    )
    found = (await client.get("/api/instansi/kab-uji/items?reference=RAB.09")).json()
    assert [i["key"] for i in found["items"]] == ["ppid"]
    # loading it again changes nothing
    again = await seed_reference([lampiran], actor="test")
    assert (again[0].created, again[0].updated, again[0].unchanged) == (0, 0, 2)


async def test_bad_reference_rows_are_all_reported(db_engine: object, tmp_path: Path) -> None:
    text = (
        "framework,domain,code,name,level\n"
        "X,RAB,RAB.01,Sektor,1\n"
        "X,RAB,RAB.01.01.07,Tanpa induk,3\n"
        "X,RAD,RAB.01.02,Domain lain,2\n"
        "X,RAB,RAB.01.03,Level salah,3\n"
        "X,RZZ,RZZ.01,Domain tak dikenal,1\n"
    )
    (tmp_path / "x.csv").write_text(text)
    with pytest.raises(Invalid) as caught:
        await seed_reference([tmp_path / "x.csv"], actor="test")
    codes = sorted((e.location, e.code) for e in caught.value.errors)
    assert codes == [
        ("x.csv: baris 3", "reference_parent_missing"),
        ("x.csv: baris 4", "reference_domain_parent"),
        ("x.csv: baris 5", "reference_level_mismatch"),
        ("x.csv: baris 6", "not_in_choices"),
    ]


def test_csv_needs_its_columns(tmp_path: Path) -> None:
    with pytest.raises(Invalid) as caught:
        parse_csv("kode,nama\nRAB.01,X\n", "bad.csv")
    assert {e.field for e in caught.value.errors} == {"framework", "domain", "code", "name"}


def test_shipped_yaml_parses() -> None:
    (record,) = read_reference_file(
        Path(__file__).parents[1] / "seed" / "reference" / "perpres132_2022.yaml"
    )
    assert record.code == "PERPRES132_2022" and len(record.nodes) > 100
    assert {n.confidence for n in record.nodes} <= {"S2", "S1", "U"}
