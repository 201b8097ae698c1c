"""Bad files get a clear report and change nothing; Backstage catalogs and the Denpasar inventory
import through the same entry point as every other format."""

from __future__ import annotations

from pathlib import Path

import pytest
from piccolo.engine.base import Engine

from registry import db, store
from registry.io import archimate
from registry.io.formats import Source, TooLarge, check_size, export, import_files, read_paths
from registry.io.government import load_government
from registry.store.snapshot import registry_version

DATA = Path(__file__).parent / "data"
DENPASAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "denpasar"


async def _refused(name: str, data: bytes, **kwargs: str) -> list[tuple[str, str]]:
    """Import one file that must be refused; returns (code, location) of each error."""
    version = await registry_version()
    with pytest.raises(store.ImportFailed) as caught:
        await import_files(
            [Source(name, data)],
            store.ImportOptions(actor="test"),
            code="kab-uji",
            name="Kabupaten Uji",
            **kwargs,
        )
    assert await registry_version() == version, "a refused import must write nothing"
    errors = caught.value.report.errors
    assert errors and all(e.reason and e.reason_en for e in errors)
    return [(e.code, e.location or "") for e in errors]


async def test_truncated_xlsx(demo_db: Engine, db_engine: Engine) -> None:
    db.use_engine(demo_db)
    data = (await export("aceh-utara", "xlsx"))["aceh-utara.xlsx"]
    db.use_engine(db_engine)
    assert await _refused("aceh-utara.xlsx", data[: len(data) // 2]) == [
        ("bad_file", "aceh-utara.xlsx")
    ]


async def test_not_xml_and_xml_of_another_schema(db_engine: Engine) -> None:
    assert await _refused("model.xml", b"this is not XML <at all") == [("bad_file", "model.xml")]
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>'
    assert await _refused("drawing.xml", svg) == [("xml_not_archimate", "drawing.xml")]
    # the right namespace, but not a valid model: the schema's own complaints, each located
    broken = (
        b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><elements>'
        b"<element/></elements></model>"
    )
    if archimate.available():
        errors = await _refused("broken.xml", broken)
        assert errors and {code for code, _ in errors} == {"xml_schema"}
    else:  # without the schemas an ArchiMate file is refused with where to put them
        with pytest.raises(archimate.Unavailable) as caught:
            await import_files(
                [Source("broken.xml", broken)], store.ImportOptions(actor="t"), code="kab-uji"
            )
        assert caught.value.errors[0].code == "archimate_files_missing"


async def test_binary_and_unknown_files(db_engine: Engine) -> None:
    assert await _refused("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00") == [("bad_file", "photo.csv")]
    assert await _refused("notes.docx", b"\x00\x01 something") == [("unknown_format", "notes.docx")]
    assert await _refused("broken.yaml", b"format: spbe-registry/1\ninstansi: [") == [
        ("bad_value", "broken.yaml")
    ]


def test_files_over_the_limit_are_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.write(b"kind,name\n")
        f.write(b"application,Aplikasi yang sangat besar sekali\n" * 1_150_000)  # ~52 MB
    assert big.stat().st_size > 50 * 1024 * 1024
    with pytest.raises(TooLarge) as caught:
        read_paths([big], 20 * 1024 * 1024)
    error = caught.value.errors[0]
    assert caught.value.status == 413
    assert (error.code, error.location) == ("file_too_large", "big.csv")
    assert "20 MB" in error.reason and "SPBE_IMPORT_MAX_MB" in error.reason_en
    check_size("small.csv", 10, 20 * 1024 * 1024)  # below the limit: no complaint


async def test_backstage_catalog(db_engine: Engine) -> None:
    source = Source("catalog-info.yaml", (DATA / "catalog-info.yaml").read_bytes())
    report = await import_files(
        [source], store.ImportOptions(actor="test"), code="kab-dev", name="Kabupaten Dev"
    )
    assert report.errors == []
    gov = await load_government("kab-dev")
    kinds = {i["key"]: (i["kind"], i["owner"]) for i in gov.items}
    assert kinds == {
        "diskominfo": ("unit", None),
        "tim-aplikasi": ("unit", None),
        "kepegawaian": ("process", "diskominfo"),
        "simpeg": ("application", "tim-aplikasi"),
        "simpeg-web": ("application", "tim-aplikasi"),
        "simpeg-api": ("interface", "tim-aplikasi"),
        "siasn-api": ("interface", None),
        "db-simpeg": ("data_store", "tim-aplikasi"),
        "vm-simpeg": ("server", "tim-aplikasi"),
    }
    assert {(r["source"], r["type"], r["target"]) for r in gov.relationships} == {
        ("tim-aplikasi", "part_of", "diskominfo"),
        ("simpeg", "supports", "kepegawaian"),
        ("simpeg-web", "part_of", "simpeg"),
        ("simpeg-web", "reads", "db-simpeg"),
        ("simpeg-web", "hosted_on", "vm-simpeg"),
        ("simpeg-web", "provides", "simpeg-api"),
        ("simpeg-web", "consumes", "siasn-api"),
    }
    web = next(i for i in gov.items if i["key"] == "simpeg-web")
    assert web["status"] == "aktif" and web["attributes"]["url"] == "https://simpeg.example.go.id"
    assert web["custom"]["backstage_tags"] == ["php", "laravel"]
    # a User, an owner that is a user, and partOf links the meta-model has no place for
    assert sorted(w.code for w in report.warnings) == [
        "backstage_unmapped",
        "backstage_unmapped_relation",
        "backstage_unmapped_relation",
        "backstage_unmapped_relation",
    ]


@pytest.mark.skipif(not DENPASAR.exists(), reason=f"{DENPASAR} not present")
async def test_denpasar_folder_is_recognised(db_engine: Engine) -> None:
    sources, implied = read_paths([DENPASAR], 20 * 1024 * 1024)
    assert implied == "denpasar"
    report = await import_files(sources, store.ImportOptions(actor="test"))
    assert report.instansi == "denpasar" and report.errors == [] and report.warnings == []
    assert sum(report.items_created.values()) == 291


def test_the_mapping_documentation_covers_every_kind_and_relationship_type() -> None:
    from registry import metamodel as mm
    from registry.io import archimate

    doc = (Path(__file__).resolve().parents[1] / "docs" / "import-export.md").read_text()
    for kind, element in archimate.ELEMENT_TYPES.items():
        assert f"| `{kind}` | {element}" in doc, kind
    for name in [*mm.RELATIONSHIP_MAP, "owns"]:
        assert f"`{name}`" in doc, name
    for kind, spbe in archimate.FOREIGN_KINDS.items():
        assert kind in doc and f"`{spbe}`" in doc


async def test_archimate_2_1_model(db_engine: Engine) -> None:
    source = Source("lama.xml", (DATA / "archimate21.xml").read_bytes())
    report = await import_files(
        [source], store.ImportOptions(actor="test"), code="kab-lama", level="kabupaten"
    )
    assert report.errors == []
    gov = await load_government("kab-lama")
    assert gov.instansi["name"] == "Pemkab lama"
    assert [(i["kind"], i["key"]) for i in gov.items] == [
        ("unit", "bagian-umum"),
        ("application", "e-surat"),
        ("server", "server-utama"),
        ("intranet", "jaringan-kantor"),
    ]
    app = gov.items[1]
    assert app["description"] == "Surat elektronik"
    assert app["custom"] == {
        "archimate_id": "id-2",
        "archimate_type": "ApplicationComponent",
        "tahun": "2015",  # its property, kept
    }
    # UsedBy (Serving): the node hosts the application, the application serves the unit
    assert {(r["source"], r["type"], r["target"]) for r in gov.relationships} == {
        ("e-surat", "hosted_on", "server-utama"),
        ("bagian-umum", "uses", "e-surat"),
        ("server-utama", "connected_via", "jaringan-kantor"),
    }
    assert sorted(w.code for w in report.warnings) == [
        "archimate_unmapped_element",  # the Goal
        "archimate_unmapped_relationship",  # and the realisation of it
    ]
