"""Messages of the importers and exporters, registered with the one message table.

Kept beside the code that raises them; `registry.io` registers them on import, so every
FieldError an importer builds renders in both languages like any other.
"""

from __future__ import annotations

from registry.messages import MESSAGES

IO_MESSAGES: dict[str, tuple[str, str]] = {
    "archimate_files_missing": (
        "berkas ArchiMate '{name}' tidak ditemukan di {folders}; atur SPBE_ARCHIMATE_DIR ke folder "
        "skema Open Group (archimate3_*.xsd, dc.xsd, xml.xsd) dan relationships.xml dari "
        "archimatetool/archi",
        "ArchiMate file '{name}' not found in {folders}; set SPBE_ARCHIMATE_DIR to a folder with "
        "the Open Group schemas (archimate3_*.xsd, dc.xsd, xml.xsd) and Archi's relationships.xml "
        "(archimatetool/archi)",
    ),
    "file_too_large": (
        "berkas {size_mb} MB melebihi batas impor {limit_mb} MB (atur SPBE_IMPORT_MAX_MB)",
        "file of {size_mb} MB exceeds the import limit of {limit_mb} MB (set SPBE_IMPORT_MAX_MB)",
    ),
    "request_too_large": (
        "unggahan melebihi batas impor {limit_mb} MB (atur SPBE_IMPORT_MAX_MB)",
        "the upload exceeds the import limit of {limit_mb} MB (set SPBE_IMPORT_MAX_MB)",
    ),
    "unknown_format": (
        "format berkas tidak dikenali ({detail}); pilihan: {allowed}",
        "unrecognised file format ({detail}); allowed: {allowed}",
    ),
    "bad_file": (
        "berkas tidak dapat dibaca sebagai {format}: {detail}",
        "the file cannot be read as {format}: {detail}",
    ),
    "no_files": ("tidak ada berkas untuk diimpor", "no files to import"),
    "missing_columns": (
        "kolom wajib tidak ada: {columns} (ditemukan: {found})",
        "required columns are missing: {columns} (found: {found})",
    ),
    "duplicate_column": (
        "kolom '{column}' muncul lebih dari sekali",
        "column '{column}' appears more than once",
    ),
    "unrecognised_table": (
        "tabel tidak dikenali: tabel item memerlukan kolom {items}, tabel relasi {relationships} "
        "(ditemukan: {found})",
        "unrecognised table: an items table needs columns {items}, a relationships table "
        "{relationships} (found: {found})",
    ),
    "sheet_ignored": (
        "lembar '{sheet}' bukan tabel item atau relasi; dilewati",
        "sheet '{sheet}' is neither an items nor a relationships table; skipped",
    ),
    "no_tables": (
        "tidak ada tabel item atau relasi dalam berkas",
        "the files hold no items or relationships table",
    ),
    "instansi_needed": (
        "sebutkan instansi (--instansi KODE): berkas ini tidak memuatnya",
        "name the government (--instansi CODE): these files do not carry it",
    ),
    "xml_not_archimate": (
        "XML ini bukan model ArchiMate Open Exchange (elemen akar {root}); yang diharapkan: "
        "<model> dalam namespace {expected}",
        "this XML is not an ArchiMate Open Exchange model (root element {root}); expected "
        "<model> in namespace {expected}",
    ),
    "xml_schema": (
        "tidak sesuai skema ArchiMate 3.1: {detail}",
        "does not conform to the ArchiMate 3.1 schema: {detail}",
    ),
    "archimate_unmapped_element": (
        "elemen ArchiMate {type} '{name}' tidak punya padanan SPBE; dilewati",
        "ArchiMate element {type} '{name}' has no SPBE equivalent; skipped",
    ),
    "archimate_unmapped_relationship": (
        "relasi ArchiMate {type} {source} → {target} tidak punya padanan SPBE; dilewati",
        "ArchiMate relationship {type} {source} → {target} has no SPBE equivalent; skipped",
    ),
    "backstage_unmapped": (
        "entitas Backstage {kind} '{name}' tidak punya padanan SPBE; dilewati",
        "Backstage entity {kind} '{name}' has no SPBE equivalent; skipped",
    ),
    "backstage_unmapped_relation": (
        "relasi Backstage {relation} {source} → {target} tidak dapat dipetakan; dilewati",
        "Backstage relation {relation} {source} → {target} cannot be mapped; skipped",
    ),
}

MESSAGES.update(IO_MESSAGES)
