"""Spreadsheet imports the way planners make them: Bahasa Indonesia headers, OPD by name, custom
columns, derived keys, upserts, dry runs, and every bad row reported with file, sheet, row and
column while nothing is written."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from piccolo.engine.base import Engine

from registry import store
from registry.io.formats import Source, import_files
from registry.io.tabular import template_xlsx
from registry.seed import seed_governments
from registry.store.snapshot import registry_version
from tests.conftest import SEED_DIR

ITEMS_ID = """Jenis,Kode,Nama,Uraian,OPD,Kode_Referensi,Status,Basis Aplikasi,URL,Asal Aplikasi,Ruang Server
unit,diskominfo,Dinas Komunikasi dan Informatika,,,RAB.09.04,aktif,,,,
aplikasi,,Sistem Informasi Kepegawaian,Data ASN,Badan Kepegawaian Daerah,RAA.02.02,aktif,web,https://simpeg.example.go.id,Aplikasi Khusus Pemda,Gedung B
application,e-office,E-Office,,diskominfo,RAA.01.02; RAB.09.07,pengembangan,web,,aplikasi_khusus_pemda,
"""
RELS_ID = """Sumber,Relasi,Tujuan,Mekanisme
e-office,integrates_with,sistem-informasi-kepegawaian,spl
diskominfo,uses,nasional:srikandi,
sistem-informasi-kepegawaian,terintegrasi dengan,nasional:siasn,direct_api
"""


async def _import(
    files: dict[str, str | bytes], *, code: str = "kab-uji", **kwargs: Any
) -> store.ImportReport:
    sources = [
        Source(name, data.encode() if isinstance(data, str) else data)
        for name, data in files.items()
    ]
    options = store.ImportOptions(
        actor="test", dry_run=kwargs.pop("dry_run", False), strict=kwargs.pop("strict", False)
    )
    return await import_files(
        sources, options, code=code, name=kwargs.pop("name", "Kabupaten Uji"), **kwargs
    )


@pytest.fixture
async def national(db_engine: Engine) -> Engine:
    await seed_governments(
        [SEED_DIR / "national" / "nasional.yaml"], actor="test", default_framework="PERPRES132_2022"
    )
    return db_engine


async def test_bahasa_headers_units_by_name_custom_columns_and_upsert(national: Engine) -> None:
    report = await _import({"items.csv": ITEMS_ID, "relationships.csv": RELS_ID})
    summary = report.to_dict()
    assert summary["instansi_created"] and summary["errors"] == []
    assert summary["items"]["created_by_kind"] == {"application": 2, "unit": 2}
    # the unknown OPD is created and reported; the unknown column kept as custom and reported
    assert summary["units_created"] == ["badan-kepegawaian-daerah"]
    codes = {w["code"]: w for w in summary["warnings"]}
    assert codes["unit_created"]["location"] == "items.csv, baris 3"
    assert codes["unit_created"]["field"] == "OPD"
    assert codes["custom_attribute"]["field"] == "Ruang Server"
    app = await store.get_item("kab-uji", "sistem-informasi-kepegawaian")  # key from the name
    assert app["owner"] == "badan-kepegawaian-daerah"
    assert app["attributes"] == {
        "platform": "web",
        "url": "https://simpeg.example.go.id",
        "origin": "aplikasi_khusus_pemda",
    }
    assert app["custom"] == {"ruang_server": "Gedung B"}
    office = await store.get_item("kab-uji", "e-office")
    assert office["reference_codes"] == ["RAA.01.02", "RAB.09.07"]
    assert office["status"] == "pengembangan"
    rels = await store.list_relationships(store.RelationshipQuery(instansi="kab-uji"))
    assert {(r["source"]["key"], r["type"], r["target"]["ref"]) for r in rels["relationships"]} == {
        ("e-office", "integrates_with", "kab-uji:sistem-informasi-kepegawaian"),
        ("diskominfo", "uses", "nasional:srikandi"),
        ("sistem-informasi-kepegawaian", "integrates_with", "nasional:siasn"),
    }

    again = await _import({"items.csv": ITEMS_ID, "relationships.csv": RELS_ID})
    assert again.to_dict()["items"]["unchanged"] == 3  # the rows of the file
    assert again.relationships_unchanged == 3 and not again.units_created

    changed = ITEMS_ID.replace("Data ASN", "Data seluruh ASN")
    dry = await _import({"items.csv": changed}, dry_run=True)
    assert dry.to_dict()["items"]["updated"] == 1 and dry.updated_refs == [
        "kab-uji:sistem-informasi-kepegawaian"
    ]
    assert (await store.get_item("kab-uji", "sistem-informasi-kepegawaian"))[
        "description"
    ] == "Data ASN"


async def test_strict_refuses_unknown_columns(national: Engine) -> None:
    version = await registry_version()
    with pytest.raises(store.ImportFailed) as caught:
        await _import({"items.csv": ITEMS_ID}, strict=True)
    errors = caught.value.report.errors
    assert [(e.code, e.field, e.location) for e in errors] == [
        ("custom_attribute_strict", "Ruang Server", "items.csv, baris 3")
    ]
    assert await registry_version() == version


async def test_every_bad_row_is_reported_and_nothing_is_written(national: Engine) -> None:
    items = (
        "kind,key,name,owner_unit,reference_code,status,year_built,origin\n"
        "unit,opd-a,OPD A,,,,,\n"
        "gadget,x,Unknown kind,,,,,\n"  # 3: unknown kind
        "application,app-1,App 1,opd-a,RAA.99.99,,,\n"  # 4: bad reference code
        "application,app-2,App 2,opd-a,,,dua ribu,\n"  # 5: bad value
        "application,app-1,App 1 again,opd-a,,,,\n"  # 6: duplicate key
        "application,app-3,App 3,opd-a,,,,lokal\n"  # 7: not a choice
        "application,app-4,App 4,opd-a,,,,\n"
    )
    rels = (
        "source,type,target,mechanism\n"
        "app-1,hosted_on,opd-a,\n"  # 2: the meta-model forbids application -> unit
        "app-1,uses,nowhere,\n"  # 3: dangling
        "app-1,integrates_with,app-4,carrier pigeon\n"  # 4: bad mechanism
        "app-4,uses,app-2,\n"  # app-2 is refused above: not reported twice
        ",uses,app-4,\n"  # 6: no source
    )
    version = await registry_version()
    with pytest.raises(store.ImportFailed) as caught:
        await _import({"items.csv": items, "relationships.csv": rels})
    found = {(e.location, e.field, e.code) for e in caught.value.report.errors}
    assert found == {
        ("items.csv, baris 3", "kind", "unknown_kind"),
        ("items.csv, baris 4", "reference_code", "unknown_reference_code"),
        ("items.csv, baris 5", "year_built", "bad_type"),
        ("items.csv, baris 6", "key", "duplicate_key_in_file"),
        ("items.csv, baris 7", "origin", "not_in_choices"),
        ("relationships.csv, baris 2", "type", "relationship_not_allowed"),
        ("relationships.csv, baris 3", "target", "unknown_item"),
        ("relationships.csv, baris 4", "mechanism", "not_in_choices"),
        ("relationships.csv, baris 6", "source", "required"),
    }
    assert await registry_version() == version
    body = caught.value.to_dict()
    assert body["status"] == 400 and body["report"]["ok"] is False
    assert all(e["reason"] and e["reason_en"] for e in body["errors"])


async def test_wrong_headers_are_refused(db_engine: Engine) -> None:
    version = await registry_version()
    with pytest.raises(store.ImportFailed) as caught:
        await _import(
            {
                "items.csv": "jenis,kode\nunit,a\n",  # no name column
                "other.csv": "foo,bar\n1,2\n",  # neither table
                "relationships.csv": "source,type,target,tujuan\na,uses,b,c\n",
            }
        )
    found = {(e.location, e.code) for e in caught.value.report.errors}
    assert found == {
        ("items.csv, baris 1", "missing_columns"),
        ("other.csv, baris 1", "unrecognised_table"),
        ("relationships.csv, baris 1", "duplicate_column"),
    }
    assert await registry_version() == version


def _workbook(rows: list[list[Any]], rel_rows: list[list[Any]] | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Item"
    for row in rows:
        sheet.append(row)
    if rel_rows:
        rels = workbook.create_sheet("Relasi")
        for row in rel_rows:
            rels.append(row)
    notes = workbook.create_sheet("Catatan")
    notes.append(["Catatan rapat 2024"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def test_xlsx_native_cells_and_located_errors(db_engine: Engine) -> None:
    import datetime as dt

    good = _workbook(
        [
            [
                "JENIS",
                "KODE",
                "NAMA",
                "OPD",
                "Tahun Pembuatan",
                "Ada cadangan (backup)",
                "tanggal pertimbangan",
            ],
            ["unit", "bkd", "BKD", None, None, None, None],
            ["application", 12345, "Aplikasi Angka", "bkd", 2019, True, dt.datetime(2021, 3, 4)],
        ],
        [["sumber", "relasi", "tujuan"], ["12345", "uses", "12345"]],
    )
    with pytest.raises(store.ImportFailed) as caught:
        await _import({"data.xlsx": good})
    assert [(e.location, e.field, e.code) for e in caught.value.report.errors] == [
        ("data.xlsx, sheet Relasi, baris 2", "tujuan (kolom C)", "relationship_self")
    ]
    ok = _workbook(
        [
            [
                "JENIS",
                "KODE",
                "NAMA",
                "OPD",
                "Tahun Pembuatan",
                "Ada cadangan (backup)",
                "tanggal pertimbangan",
            ],
            ["unit", "bkd", "BKD", None, None, None, None],
            ["application", 12345, "Aplikasi Angka", "bkd", 2019, True, dt.datetime(2021, 3, 4)],
        ]
    )
    report = await _import({"data.xlsx": ok})
    assert [w.code for w in report.warnings] == ["sheet_ignored"]  # the notes sheet
    app = await store.get_item("kab-uji", "12345")
    assert app["attributes"] == {
        "year_built": 2019,
        "backup": True,
        "pertimbangan_date": "2021-03-04",
    }

    bad = _workbook(
        [
            ["jenis", "nama", "tahun_pembuatan"],
            ["application", "Aplikasi", "tahun lalu"],
        ]
    )
    with pytest.raises(store.ImportFailed) as caught:
        await _import({"data.xlsx": bad})
    assert [(e.location, e.field, e.code) for e in caught.value.report.errors] == [
        ("data.xlsx, sheet Item, baris 2", "tahun_pembuatan (kolom C)", "bad_type")
    ]


async def test_template_is_a_workbook_that_imports(db_engine: Engine) -> None:
    data = template_xlsx({"platform": ["web", "mobile"]})
    assert data == template_xlsx({"platform": ["web", "mobile"]})  # the same bytes every time
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["petunjuk", "items", "relationships", "pilihan"]
    items = workbook["items"]
    headers = [c.value for c in items[1]]
    assert headers[:7] == [
        "kind",
        "key",
        "name",
        "description",
        "owner_unit",
        "reference_code",
        "status",
    ]
    assert {"platform", "origin", "security_type"} <= set(headers)
    origin = items.cell(row=1, column=headers.index("origin") + 1)
    assert "Asal aplikasi / Origin" in origin.comment.text
    lists = {str(v.sqref): v for v in items.data_validations.dataValidation}
    assert lists["A2:A1048576"].showErrorMessage  # kind: a closed pick list
    platform = headers.index("platform") + 1
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(platform)
    assert not lists[f"{letter}2:{letter}1048576"].showErrorMessage  # suggestions only
    assert workbook["pilihan"].sheet_state == "hidden"

    items.append(["unit", "dinkes", "Dinas Kesehatan"])
    items.append(["application", "sikda", "SIKDA", "", "dinkes", "", "aktif"])
    rels = workbook["relationships"]
    rels.append(["dinkes", "uses", "sikda"])
    out = io.BytesIO()
    workbook.save(out)
    report = await _import({"filled.xlsx": out.getvalue()})
    assert report.errors == [] and sum(report.items_created.values()) == 2
    assert report.relationships_created == 1
