"""XLSX workbooks for planners: an items sheet and a relationships sheet, with a comment on every
header (what the column means, its type, its choices) and pick lists for enumerations.

The template and the XLSX export are the same workbook (the export has rows), so an export can be
edited and imported again. The bytes are normalised: the same data gives the same file.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from registry import metamodel as mm
from registry.io.cells import CUSTOM_PREFIX
from registry.io.tabular import (
    ITEMS_SHEET,
    RELATIONSHIPS_SHEET,
    Tables,
    normalise_zip,
)

LISTS_SHEET = "pilihan"
GUIDE_SHEET = "petunjuk"
LAST_ROW = 1048576
_TYPE_TEXT = {
    "str": "teks / text",
    "text": "teks panjang / long text",
    "int": "bilangan bulat / integer",
    "float": "angka / number",
    "bool": "ya/tidak (yes/no)",
    "date": "tanggal YYYY-MM-DD / date",
    "list": "daftar dipisah ';' / list separated by ';'",
}
CORE_DOCS = {
    "kind": "Jenis item / kind of item (wajib / required). Alias: jenis.",
    "key": "Kunci unik di instansi; kosong = diturunkan dari nama / unique key; empty = derived "
    "from the name. Alias: kode.",
    "name": "Nama / name (wajib / required). Alias: nama.",
    "description": "Uraian / description. Alias: uraian.",
    "owner_unit": "OPD pemilik: kunci, nama, kode unit atau singkatan; OPD yang belum ada dibuat "
    "/ owning unit: key, name, unit code or abbreviation; unknown units are created. Alias: opd.",
    "reference_code": "Kode referensi arsitektur, dipisah ';' / reference codes separated by ';' "
    "(RAA.02.02; RAB.09.02). Alias: kode_referensi.",
    "status": "Status (bawaan aktif / default aktif).",
    "source": "Sumber: kunci item di instansi ini / source: key of an item of this government. "
    "Alias: sumber.",
    "type": "Tipe relasi / relationship type. Alias: relasi.",
    "target": "Tujuan: kunci, atau <instansi>:<kunci> untuk item instansi lain (mis. "
    "nasional:srikandi) / target: key, or <instansi>:<key>. Alias: tujuan.",
}
GUIDE = (
    "SPBE Registry: templat impor / import template",
    "",
    "Lembar 'items': satu baris per item (OPD, aplikasi, layanan, data, infrastruktur, ...).",
    "Sheet 'items': one row per item. Columns kind and name are required; leave the other "
    "attribute columns empty when they do not apply to the kind.",
    "Lembar 'relationships': satu baris per relasi (source, type, target) / one row per "
    "relationship.",
    "Komentar pada judul kolom menjelaskan isi dan pilihannya / header comments explain each "
    "column and its choices.",
    "Kolom yang tidak dikenal disimpan sebagai atribut khusus (custom.<nama>) / unknown columns "
    "are kept as custom attributes.",
    "Impor / import: spbe import --instansi KODE berkas.xlsx [--dry-run]",
)


def _attribute_specs(name: str, relationship: bool) -> list[tuple[str, mm.Attribute]]:
    if relationship:
        return [(r.name, a) for r in mm.RELATIONSHIP_TYPES for a in r.attributes if a.name == name]
    return [(k.name, a) for k in mm.KINDS for a in k.attributes if a.name == name]


def _choices(
    header: str, relationship: bool, picklists: dict[str, list[str]]
) -> tuple[list[str], bool] | None:
    """(values, closed) offered for a column, or None."""
    if not relationship and header == "kind":
        return list(mm.KIND_MAP), True
    if not relationship and header == "status":
        return list(dict.fromkeys(s for k in mm.KINDS for s in k.statuses)), True
    if relationship and header == "type":
        return list(mm.RELATIONSHIP_MAP), True
    specs = [a for _, a in _attribute_specs(header, relationship)]
    if not specs:
        return None
    if all(a.type == "bool" for a in specs):
        return ["ya", "tidak"], True
    values: list[str] = []
    for a in specs:
        values.extend(a.choice_values)
        if a.suggestions:
            values.extend(picklists.get(a.suggestions, []))
    if not values:
        return None
    return list(dict.fromkeys(values)), all(a.choices for a in specs)


def _doc(header: str, relationship: bool) -> str:
    if header in CORE_DOCS and (
        (relationship and header in ("source", "type", "target"))
        or (not relationship and header not in ("source", "type", "target"))
    ):
        return CORE_DOCS[header]
    if header.startswith(CUSTOM_PREFIX):
        return "Atribut khusus / custom attribute"
    specs = _attribute_specs(header, relationship)
    if not specs:
        return "Atribut khusus / custom attribute"
    first = specs[0][1]
    owners = ", ".join(dict.fromkeys(owner for owner, _ in specs))
    lines = [
        f"{first.label_id} / {first.label_en}",
        f"{'Relasi' if relationship else 'Jenis'}: {owners}",
        f"Tipe / type: {_TYPE_TEXT[first.type]}",
    ]
    if first.description:
        lines.append(first.description)
    if first.choices:
        lines.append("Pilihan / choices: " + ", ".join(first.choice_values))
    if first.required:
        lines.append("Wajib / required")
    return "\n".join(lines)


def _sheet(
    ws: Worksheet,
    headers: list[str],
    rows: list[list[str]],
    relationship: bool,
    lists: Worksheet,
    picklists: dict[str, list[str]],
) -> None:
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    ws.append(headers)
    for index, header in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="top")
        comment = Comment(_doc(header, relationship), "SPBE Registry")
        comment.width, comment.height = 320, 160
        cell.comment = comment
        ws.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(header) + 4))
    for row in rows:
        ws.append(row)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(headers)))}{max(1, len(rows) + 1)}"
    for index, header in enumerate(headers, start=1):
        offered = _choices(header, relationship, picklists)
        if offered is None:
            continue
        values, closed = offered
        column = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
        letter = get_column_letter(column)
        lists.cell(row=1, column=column, value=f"{ws.title}.{header}")
        for r, value in enumerate(values, start=2):
            lists.cell(row=r, column=column, value=value)
        validation = DataValidation(
            type="list",
            formula1=f"{LISTS_SHEET}!${letter}$2:${letter}${len(values) + 1}",
            allow_blank=True,
            showDropDown=False,  # False shows the arrow (the attribute name is inverted)
            showErrorMessage=closed,
            errorTitle="Nilai tidak dikenal / unknown value",
            error="Pilih dari daftar / choose from the list",
        )
        col_letter = get_column_letter(index)
        validation.add(f"{col_letter}2:{col_letter}{LAST_ROW}")
        ws.add_data_validation(validation)


def build_workbook(tables: Tables, picklists: dict[str, Any], *, guide: bool = False) -> bytes:
    workbook = Workbook()
    items = workbook.active
    items.title = ITEMS_SHEET
    relationships = workbook.create_sheet(RELATIONSHIPS_SHEET)
    lists = workbook.create_sheet(LISTS_SHEET)
    _sheet(items, tables.item_headers, tables.item_rows, False, lists, picklists)
    _sheet(
        relationships,
        tables.relationship_headers,
        tables.relationship_rows,
        True,
        lists,
        picklists,
    )
    lists.sheet_state = "hidden"
    if guide:
        sheet = workbook.create_sheet(GUIDE_SHEET, 0)
        for line in GUIDE:
            sheet.append([line])
        sheet["A1"].font = Font(bold=True, size=14)
        sheet.column_dimensions["A"].width = 120
        workbook.active = 1
    out = io.BytesIO()
    workbook.save(out)
    return normalise_zip(out.getvalue())
