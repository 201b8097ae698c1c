"""User-facing messages, Bahasa Indonesia first and English second.

Errors carry a message code and parameters; the text is rendered here so every layer (API, CLI,
importers) says the same thing in both languages.
"""

from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # generic field checks
    "required": ("wajib diisi", "is required"),
    "empty": ("tidak boleh kosong", "must not be empty"),
    "too_long": (
        "terlalu panjang (maksimum {max} karakter)",
        "too long (at most {max} characters)",
    ),
    "bad_type": ("harus bertipe {expected}", "must be of type {expected_en}"),
    "bad_value": ("nilai tidak valid: {detail}", "invalid value: {detail}"),
    "not_in_choices": (
        "nilai '{value}' tidak dikenal; pilihan: {choices}",
        "unknown value '{value}'; allowed: {choices}",
    ),
    "out_of_range": (
        "harus antara {minimum} dan {maximum}",
        "must be between {minimum} and {maximum}",
    ),
    "unknown_field": (
        "kolom '{name}' tidak dikenal untuk {kind}; yang dikenal: {allowed}",
        "unknown field '{name}' for {kind}; known fields: {allowed}",
    ),
    "bad_key": (
        "kunci '{key}' tidak valid: gunakan huruf, angka, '.', '_' atau '-' (maks. 128)",
        "invalid key '{key}': use letters, digits, '.', '_' or '-' (at most 128)",
    ),
    "bad_code": (
        "kode '{code}' tidak valid: gunakan huruf kecil, angka, '_' atau '-'",
        "invalid code '{code}': use lower-case letters, digits, '_' or '-'",
    ),
    # meta-model
    "unknown_kind": (
        "jenis '{kind}' tidak dikenal; pilihan: {allowed}",
        "unknown kind '{kind}'; allowed: {allowed}",
    ),
    "unknown_layer": (
        "lapisan '{layer}' tidak dikenal; pilihan: {allowed}",
        "unknown layer '{layer}'; allowed: {allowed}",
    ),
    "kind_immutable": (
        "jenis item tidak dapat diubah (dari {old} ke {new}); buat item baru",
        "an item's kind cannot change (from {old} to {new}); create a new item",
    ),
    "immutable": (
        "kolom '{name}' tidak dapat diubah (dari {old} ke {new})",
        "field '{name}' cannot be changed (from {old} to {new})",
    ),
    "bad_status": (
        "status '{status}' tidak berlaku untuk {kind}; pilihan: {allowed}",
        "status '{status}' does not apply to {kind}; allowed: {allowed}",
    ),
    "unknown_relationship_type": (
        "tipe relasi '{type}' tidak dikenal; pilihan: {allowed}",
        "unknown relationship type '{type}'; allowed: {allowed}",
    ),
    "relationship_not_allowed": (
        "relasi '{type}' tidak boleh menghubungkan {source_kind} → {target_kind}; "
        "yang diizinkan untuk '{type}': {allowed}{alternatives}",
        "relationship '{type}' cannot join {source_kind} → {target_kind}; "
        "allowed for '{type}': {allowed}{alternatives_en}",
    ),
    "relationship_same_kind": (
        "relasi '{type}' hanya menghubungkan item sejenis ({source_kind} → {target_kind})",
        "relationship '{type}' joins items of the same kind only ({source_kind} → {target_kind})",
    ),
    "relationship_self": (
        "item tidak dapat berelasi dengan dirinya sendiri",
        "an item cannot be related to itself",
    ),
    "relationship_cross_instansi": (
        "relasi '{type}' ke instansi lain hanya boleh menuju katalog nasional "
        "(tujuan {target} ada di '{target_instansi}')",
        "relationship '{type}' may cross governments only towards the national catalogue "
        "(target {target} is in '{target_instansi}')",
    ),
    "relationship_needs_other_instansi": (
        "relasi '{type}' harus menuju item di instansi lain",
        "relationship '{type}' must point to an item in another government",
    ),
    "relationship_needs_national": (
        "tujuan relasi '{type}' harus aplikasi nasional (instansi tingkat nasional atau K/L); "
        "'{target}' ada di '{target_instansi}'",
        "the target of '{type}' must be a national application (a national or K/L "
        "government); '{target}' is in '{target_instansi}'",
    ),
    "relationship_exists": (
        "relasi {source} -[{type}]-> {target} sudah ada (id {id})",
        "relationship {source} -[{type}]-> {target} already exists (id {id})",
    ),
    "relationship_deleted_end": (
        "item '{ref}' sudah dihapus; pulihkan dulu",
        "item '{ref}' is deleted; restore it first",
    ),
    "relationship_wrong_instansi": (
        "sumber relasi '{ref}' tidak berada di instansi '{instansi}'",
        "the relationship's source '{ref}' is not in government '{instansi}'",
    ),
    "owner_not_unit": (
        "pemilik '{owner}' harus berupa unit/OPD, bukan {kind}",
        "owner '{owner}' must be a unit (OPD), not a {kind}",
    ),
    "owner_self": ("item tidak dapat memiliki dirinya sendiri", "an item cannot own itself"),
    "unknown_owner": (
        "unit/OPD pemilik '{owner}' tidak ditemukan di instansi '{instansi}'",
        "owner unit '{owner}' not found in government '{instansi}'",
    ),
    "unknown_reference_code": (
        "kode referensi '{code}' tidak ada di kerangka {framework}",
        "reference code '{code}' is not in framework {framework}",
    ),
    "reference_domain_mismatch": (
        "kode referensi '{code}' ({domain}) tidak cocok untuk {kind}; gunakan domain {allowed}",
        "reference code '{code}' ({domain}) does not fit a {kind}; use domain {allowed}",
    ),
    "unit_has_items": (
        "unit '{ref}' masih memiliki {count} item aktif; pindahkan dulu pemiliknya",
        "unit '{ref}' still owns {count} live items; reassign them first",
    ),
    "instansi_has_items": (
        "instansi '{code}' masih memiliki {count} item; hapus item terlebih dahulu",
        "government '{code}' still holds {count} items; delete them first",
    ),
    # store
    "not_found": ("{what} '{ident}' tidak ditemukan", "{what} '{ident}' not found"),
    "already_exists": ("{what} '{ident}' sudah ada", "{what} '{ident}' already exists"),
    "exists_deleted": (
        "{what} '{ident}' sudah ada tetapi terhapus; pulihkan dengan POST .../restore",
        "{what} '{ident}' exists but is deleted; restore it with POST .../restore",
    ),
    "stale_version": (
        "versi usang: Anda mengirim versi {given}, versi saat ini {current}; muat ulang lalu ulangi",
        "stale version: you sent version {given}, the current version is {current}; "
        "reload and retry",
    ),
    "version_required": (
        "sertakan versi saat ini (kolom 'version' atau header If-Match) untuk mengubah data",
        "send the current version (field 'version' or header If-Match) to change data",
    ),
    "not_deleted": (
        "{what} '{ident}' tidak dalam keadaan terhapus",
        "{what} '{ident}' is not deleted",
    ),
    "is_deleted": ("{what} '{ident}' sudah dihapus", "{what} '{ident}' is deleted"),
    # request parsing
    "malformed_json": ("JSON tidak valid: {detail}", "malformed JSON: {detail}"),
    "bad_request": ("permintaan tidak valid: {detail}", "bad request: {detail}"),
    "bad_sort": (
        "urutan '{sort}' tidak dikenal; pilihan: {allowed}",
        "unknown sort '{sort}'; allowed: {allowed}",
    ),
    "unknown_option": (
        "{field} '{value}' tidak dikenal; pilihan: {choices}",
        "unknown {field} '{value}'; allowed: {choices}",
    ),
    "dot_missing": (
        "Graphviz `dot` tidak ditemukan, jadi format {format} tidak dapat dibuat; pasang paket "
        "graphviz (mis. `apt-get install graphviz`) atau minta format dot (sumber DOT disertakan)",
        "Graphviz `dot` was not found, so {format} cannot be produced; install the graphviz "
        "package (e.g. `apt-get install graphviz`) or ask for the dot format (the DOT is included)",
    ),
    "internal_error": (
        "terjadi kesalahan internal; sudah dicatat",
        "an internal error occurred; it has been logged",
    ),
    # import
    "reference_parent_missing": (
        "induk '{parent}' dari kode '{code}' tidak ada di kerangka {framework}",
        "parent '{parent}' of code '{code}' is not in framework {framework}",
    ),
    "reference_level_mismatch": (
        "level {level} kode '{code}' tidak sesuai dengan induknya (level {parent_level})",
        "level {level} of code '{code}' does not follow its parent (level {parent_level})",
    ),
    "reference_domain_parent": (
        "kode '{code}' ({domain}) berada di bawah induk dari domain lain ({parent_domain})",
        "code '{code}' ({domain}) sits under a parent of another domain ({parent_domain})",
    ),
    "duplicate_key_in_file": (
        "kunci '{key}' muncul lebih dari sekali (juga di {other})",
        "key '{key}' appears more than once (also at {other})",
    ),
    "unknown_item": ("item '{ref}' tidak ditemukan", "item '{ref}' not found"),
    "unit_created": (
        "unit/OPD '{owner}' belum ada dan dibuat",
        "unit (OPD) '{owner}' did not exist and was created",
    ),
    "custom_attribute": (
        "kolom '{name}' tidak dikenal untuk {kind}; disimpan sebagai atribut khusus",
        "column '{name}' is unknown for {kind}; kept as a custom attribute",
    ),
    "custom_attribute_strict": (
        "kolom '{name}' tidak dikenal untuk {kind} (mode --strict)",
        "column '{name}' is unknown for {kind} (--strict mode)",
    ),
    # audit: rule packs, evaluation frameworks, self-assessments
    "not_found_among": (
        "{what} '{ident}' tidak ditemukan; yang ada: {allowed}",
        "{what} '{ident}' not found; available: {allowed}",
    ),
    "bad_data_file": ("isi berkas tidak valid: {detail}", "invalid file content: {detail}"),
    "bad_condition": ("kondisi tidak valid: {detail}", "invalid condition: {detail}"),
    "weights_mismatch": (
        "jumlah bobot di bawah '{what}' = {total}, seharusnya {expected}",
        "the weights under '{what}' add up to {total}, expected {expected}",
    ),
    "unknown_indicator": (
        "indikator '{indicator}' tidak ada di kerangka {framework} ({count} indikator)",
        "indicator '{indicator}' is not in framework {framework} ({count} indicators)",
    ),
    "framework_incomplete": (
        "kerangka {framework} belum lengkap sehingga indeks tidak dapat dihitung: {detail}",
        "framework {framework} is incomplete, so no index can be computed: {detail}",
    ),
    "unknown_param": (
        "parameter '{name}' tidak dikenal untuk aturan {rule}; yang dikenal: {allowed}",
        "unknown parameter '{name}' for rule {rule}; known: {allowed}",
    ),
    "evidence_out_of_scope": (
        "bukti '{ref}' harus item instansi '{instansi}' atau katalog nasional",
        "evidence '{ref}' must be an item of government '{instansi}' or of the national catalogue",
    ),
}


def render(message_code: str, lang: str = "id", /, **params: Any) -> str:
    """Render a message in one language ("id" or "en")."""
    texts = MESSAGES.get(message_code)
    if texts is None:
        return message_code
    text = texts[0] if lang == "id" else texts[1]
    if lang == "en":
        # "{x_en}" falls back to "{x}" when a caller gave one language only.
        params = {**{f"{k}_en": v for k, v in params.items()}, **params}
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def both(message_code: str, /, **params: Any) -> tuple[str, str]:
    return render(message_code, "id", **params), render(message_code, "en", **params)
