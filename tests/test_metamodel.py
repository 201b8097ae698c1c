"""The meta-model as data: kinds, attributes and relationship rules (no database)."""

from registry import metamodel as mm
from registry.store.validate import End, check_relationship, validate_item


def test_required_kinds_and_relationship_types_are_declared() -> None:
    kinds = set(mm.KIND_MAP)
    assert {
        "unit",
        "process",
        "service",
        "dataset",
        "data_store",
        "application",
        "interface",
        "security",
    } <= kinds
    # SIA-SPBE infrastructure objects
    assert {
        "data_centre",
        "cloud",
        "server",
        "storage",
        "network_device",
        "security_device",
        "platform_software",
        "intranet",
        "spl",
        "peripheral",
    } <= kinds
    assert {
        "operates",
        "uses",
        "supports",
        "realises",
        "reads",
        "writes",
        "requires",
        "hosted_on",
        "connected_via",
        "integrates_with",
        "secured_by",
        "replicated_from",
        "should_migrate_to",
    } <= set(mm.RELATIONSHIP_MAP)
    security_types = mm.KIND_MAP["security"].attribute_map["security_type"].choice_values
    assert len(security_types) == 7


def test_application_has_the_attributes_an_auditor_needs() -> None:
    attrs = mm.KIND_MAP["application"].attribute_map
    for name in (
        "origin",
        "platform",
        "url",
        "license",
        "language",
        "dbms",
        "hosting",
        "backup",
        "disaster_recovery",
        "source_code_registered",
        "pertimbangan_kemenpanrb",
        "year_built",
    ):
        assert name in attrs, name
    assert attrs["origin"].choice_values == (
        "aplikasi_umum",
        "aplikasi_khusus_kl",
        "aplikasi_khusus_pemda",
    )
    assert mm.KIND_MAP["application"].statuses == (
        "rencana",
        "pengembangan",
        "aktif",
        "nonaktif",
        "pensiun",
    )


def test_forbidden_relationship_names_the_alternatives() -> None:
    err = mm.check_relationship_kinds("hosted_on", "application", "dataset")
    assert err is not None and err.code == "relationship_not_allowed"
    assert "reads" in err.reason and "writes" in err.reason  # what to use instead
    assert "server" in err.reason_en  # what hosted_on may join
    assert mm.check_relationship_kinds("hosted_on", "application", "server") is None
    unknown = mm.check_relationship_kinds("hosts", "application", "server")
    assert unknown is not None and unknown.code == "unknown_relationship_type"


def test_lenient_values_from_spreadsheets_are_converted() -> None:
    draft, errors, _ = validate_item(
        {
            "kind": "application",
            "name": "e-Kinerja",
            "attributes": {"origin": "Aplikasi Khusus Pemda", "year_built": "2019", "backup": "ya"},
        },
        lenient=True,
    )
    assert errors == []
    assert draft is not None
    assert draft.key == "e-kinerja"
    assert draft.attributes == {
        "origin": "aplikasi_khusus_pemda",
        "year_built": 2019,
        "backup": True,
    }


def test_strict_values_report_every_bad_field() -> None:
    draft, errors, _ = validate_item(
        {
            "kind": "application",
            "name": "X",
            "status": "hidup",
            "attributes": {"year_built": "2019", "origin": "lokal", "colour": "red"},
        }
    )
    assert draft is None
    fields = sorted(e.field for e in errors)
    assert fields == ["attributes.colour", "attributes.origin", "attributes.year_built", "status"]
    origin = next(e for e in errors if e.field == "attributes.origin")
    assert "aplikasi_umum" in origin.reason_en


def test_cross_government_relationships_only_towards_the_national_catalogue() -> None:
    local = End("kab-a:app", "application", "kab-a", "kabupaten")
    other = End("kab-b:app", "application", "kab-b", "kabupaten")
    national = End("nasional:srikandi", "application", "nasional", "nasional")
    _, errors = check_relationship("integrates_with", local, national, {"mechanism": "spl"})
    assert errors == []
    _, errors = check_relationship("integrates_with", local, other, {"mechanism": "spl"})
    assert [e.code for e in errors] == ["relationship_cross_instansi"]
    _, errors = check_relationship("replicated_from", local, other, {"agreement_type": "mou"})
    assert errors == []
    _, errors = check_relationship(
        "replicated_from", local, End("kab-a:x", "application", "kab-a", "kabupaten"), {}
    )
    assert [e.code for e in errors] == ["relationship_needs_other_instansi"]
    _, errors = check_relationship("should_migrate_to", local, other, {})
    assert "relationship_needs_national" in [e.code for e in errors]
    _, errors = check_relationship("integrates_with", local, national, {})
    assert [e.field for e in errors] == ["attributes.mechanism"]


def test_slugify_derives_keys_from_names() -> None:
    assert mm.slugify("e-Kinerja (BKN)") == "e-kinerja-bkn"
    assert (
        mm.slugify("Sistem Informasi Manajemen Kepegawaian")
        == "sistem-informasi-manajemen-kepegawaian"
    )
    assert mm.slugify("!!!") == "item"
