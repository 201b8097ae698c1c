"""The SPBE meta-model: kinds of item, their attributes, and the relationship types between them.

This module is the single declaration of what the registry can hold. The store validates against
it, the API publishes it (`GET /api/metamodel`), importers and templates read their columns from
it, and later the diagrams read layers and labels from it. Adding an attribute or a kind is a
change here, not a new table or migration: attributes are stored as JSON and validated by the
kind's declaration.

Sources: DOMAIN.md §4 (SIA-SPBE field names, extended list) and §5 (relationship kinds).
Enumerations that DOMAIN.md marks as not official are *suggestions* (editable pick-lists in
`seed/picklists.yaml`), not closed choices; only values the code itself depends on (origin,
integration mechanism, ...) are closed choices.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import msgspec

from registry.errors import FieldError

AttrType = Literal["str", "text", "int", "float", "bool", "date", "list"]

# --------------------------------------------------------------------------------------------
# Declarations


@dataclass(frozen=True)
class Choice:
    value: str
    label_id: str
    label_en: str


@dataclass(frozen=True)
class Attribute:
    name: str
    type: AttrType
    label_id: str
    label_en: str
    description: str = ""
    choices: tuple[Choice, ...] = ()  # closed: anything else is refused
    suggestions: str | None = None  # name of an editable pick-list in seed/picklists.yaml
    minimum: float | None = None
    maximum: float | None = None
    required: bool = False

    @property
    def choice_values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)


@dataclass(frozen=True)
class Layer:
    name: str
    label_id: str
    label_en: str
    order: int  # top to bottom in the layered view


@dataclass(frozen=True)
class Kind:
    name: str
    label_id: str
    label_en: str
    layer: str
    reference_domains: tuple[
        str, ...
    ]  # reference trees this kind is classified by; first = primary
    attributes: tuple[Attribute, ...]
    statuses: tuple[str, ...] = ("aktif", "nonaktif")
    default_status: str = "aktif"
    description: str = ""

    @property
    def attribute_map(self) -> dict[str, Attribute]:
        return _attribute_map(self.name)


@dataclass(frozen=True)
class RelationshipType:
    name: str
    label_id: str
    label_en: str
    inverse_id: str
    inverse_en: str
    pairs: tuple[tuple[frozenset[str], frozenset[str]], ...]
    attributes: tuple[Attribute, ...] = ()
    # "national": may point into the national catalogue (or K/L) from any government;
    # "other": must point into another government; "any": anywhere.
    cross_instansi: Literal["national", "other", "any"] = "national"
    same_kind: bool = False
    target_national: bool = False  # target must be in a national/K-L government
    description: str = ""

    def allows(self, source_kind: str, target_kind: str) -> bool:
        if self.same_kind and source_kind != target_kind:
            return False
        return any(source_kind in s and target_kind in t for s, t in self.pairs)

    def describe_pairs(self) -> str:
        if self.same_kind:
            return "X → X (jenis sama / same kind)"
        return "; ".join(f"{'|'.join(sorted(s))} → {'|'.join(sorted(t))}" for s, t in self.pairs)

    @property
    def attribute_map(self) -> dict[str, Attribute]:
        return {a.name: a for a in self.attributes}


# --------------------------------------------------------------------------------------------
# Attribute helpers


def _a(name: str, type_: AttrType, label_id: str, label_en: str, **kw: Any) -> Attribute:
    return Attribute(name, type_, label_id, label_en, **kw)


def _choices(*items: tuple[str, str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(*i) for i in items)


STATUS_LIFECYCLE = ("rencana", "pengembangan", "aktif", "nonaktif", "pensiun")

LIFECYCLE_ATTRS = (
    _a("planned_date", "date", "Tanggal perencanaan", "Planning date"),
    _a("procured_date", "date", "Tanggal pengadaan", "Procurement date"),
    _a("in_use_date", "date", "Tanggal mulai dimanfaatkan", "In use since"),
    _a("retired_date", "date", "Tanggal penghapusan", "Retirement date"),
)

AUDIT_TYPE = _choices(
    ("internal", "Auditor internal", "Internal auditor"),
    ("eksternal_bersertifikat", "Auditor eksternal bersertifikat", "Certified external auditor"),
)

AUDIT_ATTRS = (
    _a("last_audit_date", "date", "Tanggal audit terakhir", "Last audit date"),
    _a("audit_type", "str", "Jenis auditor", "Auditor type", choices=AUDIT_TYPE),
    _a("audit_findings", "text", "Temuan audit", "Audit findings"),
    _a("audit_follow_up", "text", "Tindak lanjut audit", "Audit follow-up"),
)

INFRA_COMMON = (
    _a("ownership", "str", "Status kepemilikan", "Ownership", suggestions="ownership"),
    _a("owner_name", "str", "Nama pemilik", "Owner name"),
    _a("location", "str", "Lokasi", "Location"),
    _a("vendor", "str", "Vendor/penyedia", "Vendor"),
    *LIFECYCLE_ATTRS,
    *AUDIT_ATTRS,
)

# --------------------------------------------------------------------------------------------
# Layers and kinds

LAYERS: tuple[Layer, ...] = (
    Layer("organisation", "Organisasi", "Organisation", 0),
    Layer("business", "Proses Bisnis", "Business process", 1),
    Layer("service", "Layanan", "Service", 2),
    Layer("application", "Aplikasi", "Application", 3),
    Layer("data", "Data dan Informasi", "Data and information", 4),
    Layer("infrastructure", "Infrastruktur", "Infrastructure", 5),
    Layer("security", "Keamanan", "Security", 6),
)

ORIGIN = _choices(
    ("aplikasi_umum", "Aplikasi Umum", "General application (designated by MenPANRB)"),
    ("aplikasi_khusus_kl", "Aplikasi Khusus K/L", "Special application of a ministry/agency"),
    (
        "aplikasi_khusus_pemda",
        "Aplikasi Khusus Pemda",
        "Special application of the local government",
    ),
)

HOSTING = _choices(
    ("pusat_data_pemda", "Pusat data Pemda", "Local government data centre"),
    ("pdn", "Pusat Data Nasional (PDN/PDNS)", "National data centre (PDN/PDNS)"),
    ("cloud_pemerintah", "Cloud pemerintah", "Government cloud"),
    ("cloud_swasta", "Cloud swasta", "Commercial cloud"),
    ("server_opd", "Server di OPD", "Server at the agency (OPD)"),
    ("vendor", "Server vendor/pihak ketiga", "Vendor or third-party server"),
    ("pusat", "Dikelola pusat (K/L)", "Run by the central ministry/agency"),
    ("tidak_diketahui", "Tidak diketahui", "Unknown"),
)

KINDS: tuple[Kind, ...] = (
    Kind(
        "unit",
        "Unit/OPD",
        "Unit (OPD)",
        "organisation",
        ("RAB",),
        (
            _a("unit_code", "str", "Kode unit (SIPD/Permendagri)", "Unit code (SIPD)"),
            _a("abbreviation", "str", "Singkatan", "Abbreviation"),
            _a("unit_type", "str", "Tipe unit", "Unit type", suggestions="unit_type"),
            _a(
                "roles",
                "list",
                "Peran SPBE",
                "SPBE roles",
                suggestions="unit_role",
                description="pengelola_tik, walidata, produsen_data, koordinator_spbe, ...",
            ),
            _a("website", "str", "Situs web", "Website"),
        ),
        description="Organisasi Perangkat Daerah, unit kerja, atau K/L pemilik aplikasi nasional.",
    ),
    Kind(
        "process",
        "Proses Bisnis",
        "Business process",
        "business",
        ("RAB",),
        (
            _a(
                "process_type",
                "str",
                "Jenis proses",
                "Process type",
                choices=_choices(
                    ("inti", "Inti", "Core"),
                    ("manajemen", "Manajemen", "Management"),
                    ("pendukung", "Pendukung", "Support"),
                ),
            ),
            _a("urusan", "str", "Bidang urusan", "Government affair (urusan)"),
            _a("sasaran", "text", "Sasaran strategis", "Strategic objective"),
            _a("iku", "text", "Indikator kinerja utama", "Key performance indicator"),
            _a("year", "int", "Tahun", "Year", minimum=1990, maximum=2100),
        ),
        statuses=("rencana", "aktif", "nonaktif"),
    ),
    Kind(
        "service",
        "Layanan",
        "Service",
        "service",
        ("RAL",),
        (
            _a(
                "service_type",
                "str",
                "Jenis layanan",
                "Service type",
                choices=_choices(
                    ("publik", "Layanan publik", "Public service"),
                    (
                        "administrasi",
                        "Layanan administrasi pemerintahan",
                        "Government administration",
                    ),
                ),
            ),
            _a("purpose", "text", "Tujuan", "Purpose"),
            _a("function", "text", "Fungsi", "Function"),
            _a("target_users", "str", "Target layanan", "Target users"),
            _a("method", "str", "Metode/kanal layanan", "Delivery method/channel"),
            _a("related_kl", "str", "K/L terkait", "Related ministry/agency"),
            _a("related_urusan", "str", "Urusan terkait", "Related government affair"),
            _a("benefits", "text", "Potensi manfaat", "Expected benefits"),
            _a("economic_potential", "text", "Potensi ekonomi", "Economic potential"),
            _a("implementing_unit", "str", "Unit pelaksana", "Implementing unit"),
            _a("risks", "text", "Potensi risiko", "Risks"),
            _a("risk_mitigation", "text", "Mitigasi risiko", "Risk mitigation"),
            _a("online", "bool", "Daring", "Online"),
            _a("url", "str", "Tautan", "URL"),
            _a("requirements", "text", "Persyaratan", "Requirements"),
            _a("tariff", "str", "Tarif", "Tariff"),
            _a(
                "capability_level",
                "int",
                "Tingkat kapabilitas (1-5)",
                "Capability level (1-5)",
                minimum=1,
                maximum=5,
            ),
            _a(
                "evaluation_indicator",
                "str",
                "Indikator evaluasi terkait",
                "Related evaluation indicator",
                description="e.g. PERMENPANRB59_2020:36",
            ),
            _a(
                "flagship_sector",
                "int",
                "Unggulan sektor (1-3)",
                "Flagship sector (1-3)",
                minimum=1,
                maximum=3,
            ),
        ),
        statuses=("rencana", "pengembangan", "aktif", "nonaktif"),
    ),
    Kind(
        "dataset",
        "Data Set",
        "Data set",
        "data",
        ("RAD",),
        (
            _a("purpose", "text", "Tujuan", "Purpose"),
            _a("nature", "str", "Sifat data", "Data nature", suggestions="data_nature"),
            _a("data_type", "str", "Jenis data", "Data type", suggestions="data_type"),
            _a("validity", "str", "Validitas data", "Validity", suggestions="data_validity"),
            _a("inputs", "text", "Informasi masukan", "Input information"),
            _a("outputs", "text", "Informasi keluaran", "Output information"),
            _a("interoperable", "bool", "Interoperabilitas", "Interoperable (claimed)"),
            _a("is_master_data", "bool", "Data induk", "Master data (data induk)"),
            _a("is_reference_data", "bool", "Data referensi", "Reference data"),
            _a("sdi_reference_code", "str", "Kode referensi SDI", "SDI reference code"),
            _a("data_standard", "str", "Standar data", "Data standard"),
            _a("metadata_available", "bool", "Metadata tersedia", "Metadata available"),
            _a("priority_data", "bool", "Data prioritas", "Priority data"),
            _a(
                "contains_personal_data",
                "bool",
                "Mengandung data pribadi",
                "Contains personal data",
            ),
            _a("open_data_published", "bool", "Dipublikasikan sebagai data terbuka", "Open data"),
            _a("update_frequency", "str", "Frekuensi pemutakhiran", "Update frequency"),
        ),
    ),
    Kind(
        "data_store",
        "Basis Data",
        "Data store",
        "data",
        ("RAD", "RAI"),
        (
            _a("dbms", "str", "DBMS", "DBMS", suggestions="dbms"),
            _a("dbms_version", "str", "Versi DBMS", "DBMS version"),
            _a("size_gb", "float", "Ukuran (GB)", "Size (GB)", minimum=0),
            _a("backup", "bool", "Dicadangkan", "Backed up"),
            _a("backup_location", "str", "Lokasi cadangan", "Backup location"),
            _a("encrypted", "bool", "Terenkripsi", "Encrypted"),
        ),
    ),
    Kind(
        "application",
        "Aplikasi",
        "Application",
        "application",
        ("RAA", "RAB", "RAL"),
        (
            _a("origin", "str", "Asal aplikasi", "Origin", choices=ORIGIN),
            _a(
                "designation_decree",
                "str",
                "Keputusan penetapan Aplikasi Umum",
                "Designation decree (Aplikasi Umum)",
            ),
            _a("function", "text", "Fungsi", "Function"),
            _a("inputs", "text", "Masukan", "Inputs"),
            _a("outputs", "text", "Luaran", "Outputs"),
            _a("platform", "str", "Basis aplikasi", "Platform", suggestions="platform"),
            _a("url", "str", "URL", "URL"),
            _a("license", "str", "Tipe lisensi", "Licence", suggestions="license"),
            _a("language", "str", "Bahasa pemrograman", "Programming language"),
            _a("framework", "str", "Kerangka kerja", "Framework"),
            _a("dbms", "str", "Basis data (DBMS)", "DBMS", suggestions="dbms"),
            _a("hosting", "str", "Lokasi hosting", "Hosting", choices=HOSTING),
            _a("backup", "bool", "Ada cadangan (backup)", "Backed up"),
            _a("backup_location", "str", "Lokasi cadangan", "Backup location"),
            _a("disaster_recovery", "bool", "Ada pemulihan bencana (DR)", "Disaster recovery"),
            _a(
                "source_code_registered",
                "bool",
                "Kode sumber terdaftar di repositori SPBE",
                "Source code registered in the SPBE repository",
            ),
            _a(
                "pertimbangan_kemenpanrb",
                "bool",
                "Pertimbangan KemenPANRB",
                "KemenPANRB approval (pertimbangan)",
            ),
            _a("pertimbangan_date", "date", "Tanggal pertimbangan", "Approval date"),
            _a("pertimbangan_number", "str", "Nomor surat pertimbangan", "Approval letter number"),
            _a(
                "cost_benefit_study",
                "bool",
                "Kajian biaya dan manfaat",
                "Cost-benefit study",
            ),
            _a(
                "aligned_with_aplikasi_umum",
                "bool",
                "Diselaraskan dengan Aplikasi Umum",
                "Aligned with the Aplikasi Umum",
            ),
            _a(
                "diskominfo_consulted",
                "bool",
                "Dikonsultasikan dengan Diskominfo",
                "Consulted with the ICT unit (Diskominfo)",
            ),
            _a("year_built", "int", "Tahun pembuatan", "Year built", minimum=1970, maximum=2100),
            _a("app_version", "str", "Versi", "Version"),
            _a(
                "user_type",
                "str",
                "Jenis pengguna",
                "User type",
                choices=_choices(
                    ("internal", "Internal pemerintah", "Internal"),
                    ("publik", "Publik", "Public"),
                    ("campuran", "Internal dan publik", "Internal and public"),
                ),
            ),
            _a("user_units", "text", "Unit pengguna", "User units"),
            _a("developer", "str", "Pengembang", "Developer"),
            _a("vendor", "str", "Vendor", "Vendor"),
            _a("contract_value", "float", "Nilai kontrak (Rp)", "Contract value (IDR)", minimum=0),
            _a("funding_source", "str", "Sumber dana", "Funding source", suggestions="funding"),
            _a("legal_basis", "str", "Dasar hukum", "Legal basis"),
            _a("sso", "bool", "Terhubung SSO", "Single sign-on"),
            _a(
                "interoperability_claimed",
                "bool",
                "Diklaim terintegrasi",
                "Claims to be integrated",
            ),
            _a(
                "flagship_sector",
                "int",
                "Unggulan sektor (1-3)",
                "Flagship sector (1-3)",
                minimum=1,
                maximum=3,
            ),
            *LIFECYCLE_ATTRS,
            *AUDIT_ATTRS,
        ),
        statuses=STATUS_LIFECYCLE,
    ),
    Kind(
        "interface",
        "Antarmuka/API",
        "Interface (API)",
        "application",
        ("RAA",),
        (
            _a("protocol", "str", "Protokol", "Protocol", suggestions="protocol"),
            _a("endpoint_url", "str", "URL endpoint", "Endpoint URL"),
            _a("data_format", "str", "Format data", "Data format"),
            _a("standard", "str", "Standar", "Standard"),
            _a("auth_method", "str", "Metode otentikasi", "Authentication"),
            _a(
                "registered_in_spl_directory",
                "bool",
                "Terdaftar di direktori layanan SPL",
                "Registered in the SPL service directory",
            ),
        ),
        statuses=("rencana", "pengembangan", "aktif", "nonaktif"),
    ),
    Kind(
        "data_centre",
        "Fasilitas Komputasi/Pusat Data",
        "Data centre (computing facility)",
        "infrastructure",
        ("RAI",),
        (
            _a(
                "facility_type",
                "str",
                "Jenis fasilitas",
                "Facility type",
                choices=_choices(
                    ("pusat_data_pemda", "Pusat data Pemda", "Local government data centre"),
                    ("pdn", "Pusat Data Nasional", "National data centre"),
                    ("pdns", "Pusat Data Nasional Sementara", "Temporary national data centre"),
                    ("ruang_server_opd", "Ruang server OPD", "Agency server room"),
                    ("kolokasi", "Kolokasi/pihak ketiga", "Colocation/third party"),
                    ("pusat_pemulihan", "Pusat pemulihan bencana", "Disaster recovery centre"),
                ),
            ),
            _a("tier", "str", "Klasifikasi tier", "Tier", suggestions="tier"),
            _a(
                "bandwidth_intranet_mbps",
                "float",
                "Bandwidth intranet (Mbps)",
                "Intranet bandwidth (Mbps)",
                minimum=0,
            ),
            _a(
                "bandwidth_internet_mbps",
                "float",
                "Bandwidth internet (Mbps)",
                "Internet bandwidth (Mbps)",
                minimum=0,
            ),
            _a("security_system", "text", "Sistem pengamanan", "Physical security"),
            _a("backup_site", "str", "Lokasi cadangan/DR", "Backup/DR site"),
            *INFRA_COMMON,
        ),
    ),
    Kind(
        "cloud",
        "Komputasi Awan",
        "Cloud",
        "infrastructure",
        ("RAI",),
        (
            _a(
                "cloud_type", "str", "Tipe government cloud", "Cloud type", suggestions="cloud_type"
            ),
            _a("provider", "str", "Penyedia", "Provider"),
            _a("government_cloud", "bool", "Cloud pemerintah", "Government cloud"),
            _a(
                "service_cost",
                "float",
                "Biaya layanan (Rp/tahun)",
                "Service cost (IDR/year)",
                minimum=0,
            ),
            *INFRA_COMMON,
        ),
    ),
    Kind(
        "server",
        "Server",
        "Server",
        "infrastructure",
        ("RAI",),
        (
            _a(
                "server_type",
                "str",
                "Fisik/virtual",
                "Physical/virtual",
                choices=_choices(("fisik", "Fisik", "Physical"), ("virtual", "Virtual", "Virtual")),
            ),
            _a("usage", "str", "Jenis penggunaan", "Usage"),
            _a("cpu", "str", "Prosesor", "Processor"),
            _a("memory_gb", "float", "Memori (GB)", "Memory (GB)", minimum=0),
            _a("storage_gb", "float", "Penyimpanan (GB)", "Storage (GB)", minimum=0),
            _a("operating_system", "str", "Sistem operasi", "Operating system"),
            *INFRA_COMMON,
        ),
    ),
    Kind(
        "storage",
        "Media Penyimpanan",
        "Storage",
        "infrastructure",
        ("RAI",),
        (
            _a("capacity_tb", "float", "Kapasitas (TB)", "Capacity (TB)", minimum=0),
            _a("access_method", "str", "Metode akses berbagi data", "Data sharing access method"),
            *INFRA_COMMON,
        ),
    ),
    Kind(
        "network_device",
        "Perangkat Jaringan",
        "Network device",
        "infrastructure",
        ("RAI",),
        (_a("device_type", "str", "Tipe", "Type"), *INFRA_COMMON),
    ),
    Kind(
        "security_device",
        "Perangkat Keamanan",
        "Security device",
        "infrastructure",
        ("RAI", "RAK"),
        (_a("device_type", "str", "Tipe", "Type", suggestions="security_device"), *INFRA_COMMON),
    ),
    Kind(
        "peripheral",
        "Periferal",
        "Peripheral",
        "infrastructure",
        ("RAI",),
        (_a("device_type", "str", "Tipe", "Type"), *INFRA_COMMON),
    ),
    Kind(
        "platform_software",
        "Perangkat Lunak Platform",
        "Platform software",
        "infrastructure",
        ("RAI",),
        (
            _a(
                "software_type",
                "str",
                "Jenis",
                "Type",
                choices=_choices(
                    ("sistem_operasi", "Sistem operasi", "Operating system"),
                    ("sistem_database", "Sistem database", "Database system"),
                    ("sistem_utilitas", "Sistem utilitas", "Utility software"),
                ),
            ),
            _a("product", "str", "Produk", "Product"),
            _a("license", "str", "Lisensi", "Licence", suggestions="license"),
            _a("license_valid_until", "date", "Validitas lisensi", "Licence valid until"),
            *INFRA_COMMON,
        ),
    ),
    Kind(
        "intranet",
        "Jaringan Intra",
        "Intranet",
        "infrastructure",
        ("RAI",),
        (
            _a("network_type", "str", "Jenis jaringan", "Network type"),
            _a("media_type", "str", "Tipe media", "Media type", suggestions="network_media"),
            _a("bandwidth_mbps", "float", "Bandwidth (Mbps)", "Bandwidth (Mbps)", minimum=0),
            *INFRA_COMMON,
        ),
    ),
    Kind(
        "spl",
        "Sistem Penghubung Layanan",
        "Service bus (SPL)",
        "infrastructure",
        ("RAI",),
        (
            _a("spl_type", "str", "Jenis", "Type", suggestions="spl_type"),
            _a("product", "str", "Produk", "Product"),
            _a("has_metadata_repository", "bool", "Ada repositori metadata", "Metadata repository"),
            _a("has_service_directory", "bool", "Ada direktori layanan", "Service directory"),
            *INFRA_COMMON,
        ),
    ),
    Kind(
        "security",
        "Keamanan SPBE",
        "Security item",
        "security",
        ("RAK",),
        (
            _a(
                "security_type",
                "str",
                "Objek keamanan",
                "Security object",
                required=True,
                choices=_choices(
                    (
                        "standar_prosedur",
                        "Standar/Prosedur/Regulasi",
                        "Standard/procedure/regulation",
                    ),
                    ("edukasi_kesadaran", "Edukasi kesadaran", "Awareness education"),
                    (
                        "identifikasi_kerentanan",
                        "Identifikasi kerentanan",
                        "Vulnerability identification",
                    ),
                    ("peningkatan_keamanan", "Peningkatan keamanan", "Security improvement"),
                    ("penanganan_insiden", "Penanganan insiden", "Incident handling"),
                    ("audit_keamanan", "Audit keamanan", "Security audit"),
                    ("kelaikan_keamanan", "Kelaikan keamanan", "Security fitness (kelaikan)"),
                ),
            ),
            _a("start_date", "date", "Tanggal mulai", "Start date"),
            _a("end_date", "date", "Tanggal akhir", "End date"),
            _a("date", "date", "Tanggal", "Date"),
            _a(
                "maturity_value",
                "float",
                "Nilai kematangan",
                "Maturity value",
                minimum=0,
                maximum=5,
            ),
            _a("audit_kind", "str", "Jenis audit", "Audit kind"),
            _a("result", "text", "Hasil", "Result"),
            _a("follow_up", "text", "Tindak lanjut", "Follow-up"),
        ),
        statuses=("rencana", "aktif", "selesai", "nonaktif"),
    ),
)

KIND_MAP: dict[str, Kind] = {k.name: k for k in KINDS}
LAYER_MAP: dict[str, Layer] = {layer.name: layer for layer in LAYERS}

INFRA = frozenset(k.name for k in KINDS if k.layer == "infrastructure")
HOSTS = frozenset({"data_centre", "cloud", "server"})
ALL_KINDS = frozenset(KIND_MAP)
DATA = frozenset({"dataset", "data_store"})


def _fs(*names: str | frozenset[str]) -> frozenset[str]:
    out: set[str] = set()
    for n in names:
        out |= {n} if isinstance(n, str) else set(n)
    return frozenset(out)


MECHANISM = _choices(
    ("spl", "Melalui SPL/SPLP", "Via the service bus (SPL/SPLP)"),
    ("direct_api", "API langsung (point-to-point)", "Direct API (point-to-point)"),
    ("db_link", "Tautan basis data", "Database link"),
    ("file", "Pertukaran berkas", "File exchange"),
    ("manual", "Manual", "Manual"),
)

AGREEMENT = _choices(
    ("mou", "Nota kesepahaman (MoU)", "Memorandum of understanding"),
    ("nphd_hibah", "Hibah (NPHD)", "Grant agreement (NPHD)"),
    ("pks", "Perjanjian kerja sama", "Cooperation agreement"),
    ("lainnya", "Lainnya", "Other"),
)

RELATIONSHIP_TYPES: tuple[RelationshipType, ...] = (
    RelationshipType(
        "operates",
        "mengoperasikan",
        "operates",
        "dioperasikan oleh",
        "operated by",
        ((_fs("unit"), _fs("application", "interface", "service", DATA, INFRA)),),
        description="OPD yang mengoperasikan (berbeda dari pemilik). / The unit that runs it.",
    ),
    RelationshipType(
        "develops",
        "mengembangkan",
        "develops",
        "dikembangkan oleh",
        "developed by",
        ((_fs("unit"), _fs("application", "interface")),),
    ),
    RelationshipType(
        "uses",
        "menggunakan",
        "uses",
        "digunakan oleh",
        "used by",
        (
            (_fs("unit"), _fs("application", "service", "spl", "intranet", "data_centre", "cloud")),
            (_fs("application"), _fs("application", "interface", "spl")),
            (_fs("service", "process"), _fs("application")),
        ),
    ),
    RelationshipType(
        "produces",
        "memproduksi data",
        "produces",
        "diproduksi oleh (produsen data)",
        "produced by",
        ((_fs("unit"), _fs("dataset")),),
    ),
    RelationshipType(
        "is_walidata_of",
        "walidata untuk",
        "is data steward of",
        "walidata",
        "data steward",
        ((_fs("unit"), _fs("dataset")),),
    ),
    RelationshipType(
        "supports",
        "mendukung",
        "supports",
        "didukung oleh",
        "supported by",
        ((_fs("application"), _fs("process", "service")),),
    ),
    RelationshipType(
        "realises",
        "mewujudkan",
        "realises",
        "diwujudkan oleh",
        "realised by",
        ((_fs("application", "process"), _fs("service")),),
    ),
    RelationshipType(
        "part_of",
        "bagian dari",
        "part of",
        "terdiri atas",
        "consists of",
        (
            (_fs("unit"), _fs("unit")),
            (_fs("process"), _fs("process", "service")),
            (_fs("service"), _fs("service")),
            (_fs("dataset"), _fs("dataset")),
            (_fs("application"), _fs("application")),
        ),
    ),
    RelationshipType(
        "reads",
        "membaca",
        "reads",
        "dibaca oleh",
        "read by",
        ((_fs("application", "interface"), DATA),),
    ),
    RelationshipType(
        "writes",
        "menulis",
        "writes",
        "ditulis oleh",
        "written by",
        ((_fs("application", "interface"), DATA),),
    ),
    RelationshipType(
        "source_of_truth_for",
        "sumber kebenaran untuk",
        "is the source of truth for",
        "bersumber dari",
        "sourced from",
        ((_fs("application"), _fs("dataset")),),
    ),
    RelationshipType(
        "requires",
        "membutuhkan",
        "requires",
        "dibutuhkan oleh",
        "required by",
        ((_fs("service", "process"), _fs("dataset")),),
    ),
    RelationshipType(
        "stored_in",
        "disimpan di",
        "stored in",
        "menyimpan",
        "stores",
        ((_fs("dataset"), _fs("data_store", "storage", "cloud")),),
    ),
    RelationshipType(
        "hosted_on",
        "di-hosting di",
        "hosted on",
        "menjadi host bagi",
        "hosts",
        (
            (_fs("application", "interface", "data_store", "platform_software", "spl"), HOSTS),
            (
                _fs("server", "storage", "network_device", "security_device", "peripheral"),
                _fs("data_centre", "cloud"),
            ),
            (_fs("cloud"), _fs("data_centre")),
        ),
    ),
    RelationshipType(
        "connected_via",
        "terhubung melalui",
        "connected via",
        "menghubungkan",
        "connects",
        (
            (
                _fs("unit", "data_centre", "server", "cloud", "spl", "network_device"),
                _fs("intranet", "network_device"),
            ),
            (_fs("intranet"), _fs("intranet")),
        ),
    ),
    RelationshipType(
        "integrates_with",
        "terintegrasi dengan",
        "integrates with",
        "terintegrasi dengan",
        "integrated with",
        ((_fs("application"), _fs("application")), (_fs("spl"), _fs("spl"))),
        attributes=(
            _a("mechanism", "str", "Mekanisme", "Mechanism", choices=MECHANISM, required=True),
            _a("via", "str", "Melalui SPL (kunci)", "Via SPL (key)"),
            _a("interface", "str", "Antarmuka (kunci)", "Interface (key)"),
            _a("data", "str", "Data yang dipertukarkan", "Data exchanged"),
            _a(
                "registered_in_spl_directory",
                "bool",
                "Terdaftar di direktori SPL",
                "In the SPL directory",
            ),
            _a("protocol", "str", "Protokol", "Protocol", suggestions="protocol"),
            _a(
                "status",
                "str",
                "Status",
                "Status",
                choices=_choices(
                    ("aktif", "Aktif", "Active"),
                    ("rencana", "Rencana", "Planned"),
                    ("nonaktif", "Nonaktif", "Inactive"),
                ),
            ),
            _a("since", "int", "Sejak tahun", "Since (year)", minimum=1990, maximum=2100),
        ),
        description="Integrasi antaraplikasi; mekanisme wajib. / Integration; mechanism required.",
    ),
    RelationshipType(
        "provides",
        "menyediakan",
        "provides",
        "disediakan oleh",
        "provided by",
        ((_fs("application"), _fs("interface")),),
    ),
    RelationshipType(
        "consumes",
        "mengonsumsi",
        "consumes",
        "dikonsumsi oleh",
        "consumed by",
        ((_fs("application"), _fs("interface")),),
    ),
    RelationshipType(
        "exposes_api_on",
        "memublikasikan API di",
        "exposes its API on",
        "memuat API dari",
        "carries the API of",
        ((_fs("application", "interface"), _fs("spl")),),
    ),
    RelationshipType(
        "secured_by",
        "diamankan oleh",
        "secured by",
        "mengamankan",
        "secures",
        ((_fs("application", "interface", DATA, INFRA), _fs("security", "security_device")),),
    ),
    RelationshipType(
        "audited_by",
        "diaudit melalui",
        "audited by",
        "mengaudit",
        "audits",
        ((_fs("application", "interface", DATA, INFRA), _fs("security")),),
        attributes=(_a("date", "date", "Tanggal audit", "Audit date"),),
    ),
    RelationshipType(
        "replicated_from",
        "direplikasi dari",
        "replicated from",
        "direplikasi menjadi",
        "replicated as",
        ((ALL_KINDS, ALL_KINDS),),
        attributes=(
            _a("agreement_type", "str", "Jenis perjanjian", "Agreement type", choices=AGREEMENT),
            _a("agreement_number", "str", "Nomor perjanjian", "Agreement number"),
            _a("agreement_date", "date", "Tanggal perjanjian", "Agreement date"),
            _a("note", "text", "Catatan", "Note"),
        ),
        cross_instansi="other",
        same_kind=True,
        description="Item yang direplikasi/dihibahkan dari pemerintah lain (mis. MoU, NPHD).",
    ),
    RelationshipType(
        "should_migrate_to",
        "sebaiknya bermigrasi ke",
        "should migrate to",
        "menjadi tujuan migrasi dari",
        "migration target of",
        ((_fs("application"), _fs("application")),),
        attributes=(
            _a("reason", "text", "Alasan", "Reason"),
            _a("score", "float", "Skor", "Score", minimum=0, maximum=1),
        ),
        target_national=True,
    ),
    RelationshipType(
        "duplicates",
        "menduplikasi",
        "duplicates",
        "diduplikasi oleh",
        "duplicated by",
        (
            (
                _fs("application", "service", "dataset", "process"),
                _fs("application", "service", "dataset", "process"),
            ),
        ),
        attributes=(
            _a("reason", "text", "Alasan", "Reason"),
            _a("score", "float", "Skor", "Score", minimum=0, maximum=1),
        ),
        same_kind=True,
    ),
    RelationshipType(
        "version_of",
        "versi dari",
        "version of",
        "memiliki versi",
        "has version",
        ((ALL_KINDS, ALL_KINDS),),
        cross_instansi="any",
        same_kind=True,
    ),
)

RELATIONSHIP_MAP: dict[str, RelationshipType] = {r.name: r for r in RELATIONSHIP_TYPES}

# Ownership is the item's `owner` field (a unit), not a relationship row; the graph shows it as
# an `owns` edge so analyses and diagrams treat it like any other relationship.
OWNS = RelationshipType(
    "owns",
    "memiliki",
    "owns",
    "dimiliki oleh",
    "owned by",
    ((_fs("unit"), ALL_KINDS),),
    description="Dari kolom 'owner' item (bukan baris relasi). / From the item's owner field.",
)

INSTANSI_LEVELS = _choices(
    ("provinsi", "Pemerintah provinsi", "Province"),
    ("kabupaten", "Pemerintah kabupaten", "Regency"),
    ("kota", "Pemerintah kota", "City"),
    ("kl", "Kementerian/Lembaga", "Ministry or agency"),
    ("nasional", "Katalog nasional", "National catalogue"),
)
NATIONAL_LEVELS = frozenset({"kl", "nasional"})

KEY_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

# --------------------------------------------------------------------------------------------
# Lookups


def kind_names() -> list[str]:
    return [k.name for k in KINDS]


def get_kind(name: str) -> Kind | None:
    return KIND_MAP.get(name)


def kinds_in_layer(layer: str) -> list[str]:
    return [k.name for k in KINDS if k.layer == layer]


@cache
def _attribute_map(kind: str) -> dict[str, Attribute]:
    return {a.name: a for a in KIND_MAP[kind].attributes}


def alternatives_for(source_kind: str, target_kind: str) -> list[str]:
    """Relationship types that may join these two kinds (for helpful refusals)."""
    return [r.name for r in RELATIONSHIP_TYPES if r.allows(source_kind, target_kind)]


_SLUG_STRIP = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_length: int = 64) -> str:
    """Derive a key from a name: 'e-Kinerja (BKN)' -> 'e-kinerja-bkn'."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _SLUG_STRIP.sub("-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "item"


# --------------------------------------------------------------------------------------------
# Validation of attribute values

_TRUE = {"true", "1", "ya", "y", "yes", "sudah", "ada", "benar"}
_FALSE = {"false", "0", "tidak", "t", "no", "n", "belum", "tidak ada", "salah"}
_TYPE_NAMES = {
    "str": ("teks", "text"),
    "text": ("teks", "text"),
    "int": ("bilangan bulat", "integer"),
    "float": ("angka", "number"),
    "bool": ("ya/tidak", "boolean"),
    "date": ("tanggal YYYY-MM-DD", "date YYYY-MM-DD"),
    "list": ("daftar", "list"),
}
_PY_TYPES: dict[str, Any] = {
    "str": str,
    "text": str,
    "int": int,
    "float": float,
    "bool": bool,
    "date": dt.date,
    "list": list[str],
}


def _norm_choice(value: str) -> str:
    return re.sub(r"[\s\-/]+", "_", value.strip().lower())


def coerce_value(attr: Attribute, value: Any, *, lenient: bool) -> tuple[Any, FieldError | None]:
    """Convert one attribute value to its declared type.

    Strict mode (JSON API) accepts only values of the right JSON type; lenient mode (spreadsheets)
    also accepts strings such as "2020", "ya" or "a; b".
    """
    name = attr.name
    if value is None or (isinstance(value, str) and value.strip() == "" and lenient):
        return None, None
    try:
        if lenient and isinstance(value, str):
            value = value.strip()
            if attr.type == "bool":
                low = value.lower()
                if low in _TRUE:
                    value = True
                elif low in _FALSE:
                    value = False
            elif attr.type == "list":
                value = [p.strip() for p in re.split(r"[;\n]", value) if p.strip()]
            elif attr.type == "int" and re.fullmatch(r"-?\d+\.0+", value):
                value = value.split(".")[0]
            elif attr.type == "float":
                value = (
                    value.replace(",", ".") if value.count(",") == 1 and "." not in value else value
                )
        if lenient and attr.type == "date" and isinstance(value, dt.datetime):
            value = value.date()
        if (
            lenient
            and attr.type in ("str", "text")
            and isinstance(value, (int, float))
            and not isinstance(value, bool)
        ):
            value = str(value)
        if attr.type == "date" and isinstance(value, dt.date):
            converted: Any = value
        else:
            converted = msgspec.convert(value, _PY_TYPES[attr.type], strict=not lenient)
    except msgspec.ValidationError:
        expected_id, expected_en = _TYPE_NAMES[attr.type]
        return None, FieldError(
            name, "bad_type", {"expected": expected_id, "expected_en": expected_en}
        )
    if attr.type == "float" and isinstance(converted, int):
        converted = float(converted)
    if isinstance(converted, str):
        if attr.type in ("str",) and len(converted) > 1000:
            return None, FieldError(name, "too_long", {"max": 1000})
        if attr.choices:
            wanted = _norm_choice(converted)
            match = next(
                (
                    c.value
                    for c in attr.choices
                    if wanted in (c.value, _norm_choice(c.label_id), _norm_choice(c.label_en))
                ),
                None,
            )
            if match is None:
                return None, FieldError(
                    name,
                    "not_in_choices",
                    {"value": converted, "choices": ", ".join(attr.choice_values)},
                )
            converted = match
    if attr.type in ("int", "float") and (
        (attr.minimum is not None and converted < attr.minimum)
        or (attr.maximum is not None and converted > attr.maximum)
    ):
        return None, FieldError(
            name,
            "out_of_range",
            {
                "minimum": _fmt_num(attr.minimum),
                "maximum": _fmt_num(attr.maximum),
            },
        )
    if attr.type == "date":
        converted = converted.isoformat()
    return converted, None


def _fmt_num(v: float | None) -> str:
    if v is None:
        return "-"
    return str(int(v)) if float(v).is_integer() else str(v)


def validate_attributes(
    owner_label: str,
    specs: dict[str, Attribute],
    values: dict[str, Any] | None,
    *,
    lenient: bool = False,
    check_required: bool = True,
    field_prefix: str = "attributes.",
) -> tuple[dict[str, Any], list[FieldError]]:
    """Validate and normalise a dict of attributes against their declarations.

    Returns the normalised values (None values dropped) and every error found (not just the
    first), each naming its field.
    """
    out: dict[str, Any] = {}
    errors: list[FieldError] = []
    values = values or {}
    if not isinstance(values, dict):
        return out, [
            FieldError(
                field_prefix.rstrip("."), "bad_type", {"expected": "objek", "expected_en": "object"}
            )
        ]
    for name, value in values.items():
        spec = specs.get(name)
        if spec is None:
            errors.append(
                FieldError(
                    f"{field_prefix}{name}",
                    "unknown_field",
                    {"name": name, "kind": owner_label, "allowed": ", ".join(sorted(specs)) or "-"},
                )
            )
            continue
        converted, err = coerce_value(spec, value, lenient=lenient)
        if err:
            err.field = f"{field_prefix}{name}"
            errors.append(err)
        elif converted is not None and converted != []:
            out[name] = converted
    if check_required:
        for spec in specs.values():
            if (
                spec.required
                and spec.name not in out
                and not any(e.field == f"{field_prefix}{spec.name}" for e in errors)
            ):
                errors.append(FieldError(f"{field_prefix}{spec.name}", "required"))
    return out, errors


def check_relationship_kinds(
    rel_type: str, source_kind: str, target_kind: str
) -> FieldError | None:
    """Refuse a relationship the meta-model forbids, naming what is allowed instead."""
    spec = RELATIONSHIP_MAP.get(rel_type)
    if spec is None:
        return FieldError(
            "type",
            "unknown_relationship_type",
            {"type": rel_type, "allowed": ", ".join(RELATIONSHIP_MAP)},
        )
    if spec.allows(source_kind, target_kind):
        return None
    if spec.same_kind and any(source_kind in s for s, _ in spec.pairs):
        return FieldError(
            "type",
            "relationship_same_kind",
            {"type": rel_type, "source_kind": source_kind, "target_kind": target_kind},
        )
    alts = [a for a in alternatives_for(source_kind, target_kind) if a != rel_type]
    return FieldError(
        "type",
        "relationship_not_allowed",
        {
            "type": rel_type,
            "source_kind": source_kind,
            "target_kind": target_kind,
            "allowed": spec.describe_pairs(),
            "alternatives": (
                f"; untuk {source_kind} → {target_kind} gunakan: {', '.join(alts)}" if alts else ""
            ),
            "alternatives_en": (
                f"; for {source_kind} → {target_kind} use: {', '.join(alts)}" if alts else ""
            ),
        },
    )


# --------------------------------------------------------------------------------------------
# Publication (GET /api/metamodel, templates, docs)


def _attr_doc(a: Attribute) -> dict[str, Any]:
    d: dict[str, Any] = {
        "name": a.name,
        "type": a.type,
        "label": a.label_id,
        "label_en": a.label_en,
    }
    if a.description:
        d["description"] = a.description
    if a.required:
        d["required"] = True
    if a.choices:
        d["choices"] = [
            {"value": c.value, "label": c.label_id, "label_en": c.label_en} for c in a.choices
        ]
    if a.suggestions:
        d["suggestions"] = a.suggestions
    if a.minimum is not None:
        d["minimum"] = a.minimum
    if a.maximum is not None:
        d["maximum"] = a.maximum
    return d


def describe(picklists: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """The whole meta-model as plain data."""
    picklists = picklists or {}

    def attrs(items: Iterable[Attribute]) -> list[dict[str, Any]]:
        out = []
        for a in items:
            d = _attr_doc(a)
            if a.suggestions and a.suggestions in picklists:
                d["suggested_values"] = picklists[a.suggestions]
            out.append(d)
        return out

    return {
        "layers": [
            {"name": ly.name, "label": ly.label_id, "label_en": ly.label_en, "order": ly.order}
            for ly in LAYERS
        ],
        "kinds": [
            {
                "name": k.name,
                "label": k.label_id,
                "label_en": k.label_en,
                "layer": k.layer,
                "reference_domains": list(k.reference_domains),
                "statuses": list(k.statuses),
                "default_status": k.default_status,
                "description": k.description,
                "attributes": attrs(k.attributes),
            }
            for k in KINDS
        ],
        "relationship_types": [
            {
                "name": r.name,
                "label": r.label_id,
                "label_en": r.label_en,
                "inverse_label": r.inverse_id,
                "inverse_label_en": r.inverse_en,
                "pairs": (
                    [{"source": ["*"], "target": ["*"], "same_kind": True}]
                    if r.same_kind
                    else [{"source": sorted(s), "target": sorted(t)} for s, t in r.pairs]
                ),
                "cross_instansi": r.cross_instansi,
                "target_national": r.target_national,
                "attributes": attrs(r.attributes),
                "description": r.description,
            }
            for r in (*RELATIONSHIP_TYPES, OWNS)
        ],
        "instansi_levels": [
            {"value": c.value, "label": c.label_id, "label_en": c.label_en} for c in INSTANSI_LEVELS
        ],
    }


__all__ = [
    "KINDS",
    "KIND_MAP",
    "LAYERS",
    "OWNS",
    "RELATIONSHIP_MAP",
    "RELATIONSHIP_TYPES",
    "Attribute",
    "Kind",
    "RelationshipType",
    "check_relationship_kinds",
    "coerce_value",
    "describe",
    "slugify",
    "validate_attributes",
]
