"""Lossless round trips on the demo data: export → import into an empty database (holding only
the governments the export refers to) → export gives the same bytes, and the same registry.

Also: every ArchiMate export validates against the official schema, and the Open Group samples
import."""

from __future__ import annotations

import pytest
from piccolo.engine.base import Engine

from registry import db, store
from registry.io import archimate
from registry.io.formats import EXPORT_FORMATS, Source, export, import_files
from registry.io.government import load_government
from registry.seed import seed_governments
from tests.conftest import SEED_DIR

needs_archimate = pytest.mark.skipif(
    not archimate.available(),
    reason="ArchiMate schemas not present (../shared/data/archimate or SPBE_ARCHIMATE_DIR)",
)
SEED_FILES = {
    "nasional": SEED_DIR / "national" / "nasional.yaml",
    "sumedang": SEED_DIR / "demo" / "10-sumedang.yaml",
    "aceh-utara": SEED_DIR / "demo" / "20-aceh-utara.yaml",
}
# what each government's export refers to (Aceh Utara replicates Sumedang's applications)
NEEDS = {"nasional": [], "sumedang": ["nasional"], "aceh-utara": ["nasional", "sumedang"]}
CASES = [
    pytest.param(code, fmt, marks=[needs_archimate] if fmt == "archimate" else [])
    for code in NEEDS
    for fmt in EXPORT_FORMATS
]


def _sources(files: dict[str, bytes]) -> list[Source]:
    return [Source(name, data) for name, data in sorted(files.items())]


@pytest.mark.parametrize(("code", "fmt"), CASES)
async def test_export_import_export_is_identical(
    demo_db: Engine, db_engine: Engine, code: str, fmt: str
) -> None:
    db.use_engine(demo_db)
    first = await export(code, fmt)
    original = await load_government(code)

    db.use_engine(db_engine)
    await seed_governments(
        [SEED_FILES[c] for c in NEEDS[code]], actor="test", default_framework="PERPRES132_2022"
    )
    # spreadsheets carry no government: the user names it (as `spbe import --name` does)
    tabular = fmt in ("csv", "xlsx")
    report = await import_files(
        _sources(first),
        store.ImportOptions(actor="test"),
        code=code,
        name=str(original.instansi["name"]) if tabular else None,
        level=str(original.instansi["level"]) if tabular else None,
    )
    assert report.errors == []
    assert report.warnings == []
    assert report.instansi_created
    assert sum(report.items_created.values()) == len(original.items)
    assert report.relationships_created == len(original.relationships)

    second = await export(code, fmt)
    assert second.keys() == first.keys()
    for name_ in first:
        assert second[name_] == first[name_], f"{fmt}: {name_} differs after the round trip"
    # nothing lost on the way: the imported registry is the original one
    imported = await load_government(code)
    assert imported.items == original.items
    assert imported.relationships == original.relationships
    if fmt in ("yaml", "archimate"):
        assert imported.instansi == original.instansi

    again = await import_files(_sources(first), store.ImportOptions(actor="test"), code=code)
    assert sum(again.items_unchanged.values()) == len(original.items)
    assert again.relationships_unchanged == len(original.relationships)
    assert not again.items_created and not again.items_updated


async def test_yaml_export_is_the_seed_data(demo_db: Engine) -> None:
    """The YAML export of a seeded government reads back as the seed file's records."""
    from registry.io.yaml_bundle import parse_bundle, read_bundle

    exported = parse_bundle((await export("sumedang", "yaml"))["sumedang.yaml"].decode())
    seeded = read_bundle(SEED_FILES["sumedang"])

    def items(bundle: store.Bundle) -> dict[str, dict[str, object]]:
        return {
            r.data["key"]: {k: v for k, v in r.data.items() if v not in ("", [], {}, None)}
            for r in bundle.items
        }

    def rels(bundle: store.Bundle) -> set[tuple[str, str, str, str]]:
        return {
            (r.source, r.type, r.target, repr(sorted(r.attributes.items())))
            for r in bundle.relationships
        }

    assert items(exported).keys() == items(seeded).keys()
    assert rels(exported) == rels(seeded)
    assert exported.instansi["attributes"] == seeded.instansi["attributes"]


@needs_archimate
@pytest.mark.parametrize("code", list(NEEDS))
async def test_archimate_exports_validate_against_the_official_schema(
    demo_db: Engine, code: str
) -> None:
    files = await export(code, "archimate")
    data = files[f"{code}.xml"]
    assert archimate.validate(f"{code}.xml", data) == []
    text = data.decode()
    assert "<view " in text and 'xsi:type="Diagram"' in text
    assert 'xsi:type="ApplicationComponent"' in text and "spbe:kind" in text


@needs_archimate
@pytest.mark.parametrize("sample", ["Sample1.xml", "bendpoint.test.xml"])
async def test_open_group_samples_import(db_engine: Engine, sample: str) -> None:
    data = (archimate.data_file(sample).parent / sample).read_bytes()
    report = await import_files(
        [Source(sample, data)],
        store.ImportOptions(actor="test"),
        code="kab-archi",
        name="Kabupaten Archi",
    )
    assert report.errors == []
    gov = await load_government("kab-archi")
    if sample == "Sample1.xml":
        # BusinessRole → unit; its Assignment to the process becomes the process's owner
        assert [(i["kind"], i["name"], i["owner"]) for i in gov.items] == [
            ("unit", "Sales Person", None),
            ("process", "Sell Product", "sales-person"),
        ]
        assert gov.items[1]["description"] == "A description of the sell product process"
    else:
        assert {i["kind"] for i in gov.items} == {"process", "service"}
        assert [(r["source"], r["type"], r["target"]) for r in gov.relationships] == [
            ("business-function", "realises", "business-service")
        ]
        # Serving from a service to a function has no SPBE equivalent: reported, not fatal
        assert [w.code for w in report.warnings] == ["archimate_unmapped_relationship"]
