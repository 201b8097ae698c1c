"""Spreadsheets: an items table and a relationships table, as CSV files or XLSX sheets.

Items: `kind,key,name,description,owner_unit,reference_code,status`, then any attribute of the
kind (`platform`, `url`, `origin`, ...) and custom attributes as `custom.<name>`. Relationships:
`source,type,target`, then relationship attributes (`mechanism`, ...). Headers are
case-insensitive and also accepted in Bahasa Indonesia (`jenis`, `kode`, `nama`, `uraian`, `opd`,
`kode_referensi`, `sumber`, `relasi`, `tujuan`, and each attribute's Indonesian label such as
`basis_aplikasi` for `platform`). A table is recognised by its headers, not by its file or sheet
name. Every cell keeps its location (file, sheet, row, column) for error reports.

The same tables are written by the exporters, so an export is also a filled-in template.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from registry import metamodel as mm
from registry.errors import FieldError, Invalid
from registry.io.cells import (
    CUSTOM_PREFIX,
    attribute_from_text,
    attribute_to_text,
    codes_to_text,
    custom_from_text,
)
from registry.io.government import Government
from registry.store.bulk import Bundle, ItemRecord, RelationshipRecord

ITEM_COLUMNS = ("kind", "key", "name", "description", "owner_unit", "reference_code", "status")
RELATIONSHIP_COLUMNS = ("source", "type", "target")
ITEMS_SHEET, RELATIONSHIPS_SHEET = "items", "relationships"
GUIDE_SHEETS = {"petunjuk", "pilihan", "guide", "lists"}

# column -> item field; Bahasa Indonesia aliases after the English names
ITEM_HEADERS: dict[str, tuple[str, ...]] = {
    "kind": ("kind", "jenis", "jenis_item"),
    "key": ("key", "kode", "kunci"),
    "name": ("name", "nama"),
    "description": ("description", "uraian", "deskripsi", "keterangan"),
    "owner": ("owner_unit", "owner", "opd", "unit_pemilik", "pemilik", "perangkat_daerah"),
    "reference_codes": ("reference_code", "reference_codes", "kode_referensi"),
    "status": ("status",),
}
RELATIONSHIP_HEADERS: dict[str, tuple[str, ...]] = {
    "source": ("source", "sumber", "dari"),
    "type": ("type", "relasi", "jenis_relasi", "tipe_relasi"),
    "target": ("target", "tujuan", "ke"),
}
ITEM_FIELD_COLUMN = {f: names[0] for f, names in ITEM_HEADERS.items()}


def norm(text: str) -> str:
    """Header or value as a lookup key: lower case, words joined by `_`."""
    return re.sub(r"[\s\-/]+", "_", str(text).strip().lower()).strip("_")


def _lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {alias: target for target, aliases in table.items() for alias in aliases}


ITEM_ALIASES = _lookup(ITEM_HEADERS)
RELATIONSHIP_ALIASES = _lookup(RELATIONSHIP_HEADERS)


def _attribute_aliases(attributes: Iterable[mm.Attribute]) -> dict[str, str]:
    out: dict[str, str] = {}
    for a in attributes:
        for alias in (a.name, norm(a.label_id), norm(a.label_en)):
            out.setdefault(alias, a.name)
    return out


KIND_ATTRIBUTE_ALIASES = {k.name: _attribute_aliases(k.attributes) for k in mm.KINDS}
RELATIONSHIP_ATTRIBUTE_ALIASES = {
    r.name: _attribute_aliases(r.attributes) for r in mm.RELATIONSHIP_TYPES
}
KIND_VALUES = {
    alias: k.name for k in mm.KINDS for alias in (k.name, norm(k.label_id), norm(k.label_en))
} | {"opd": "unit", "aplikasi": "application", "layanan": "service"}
TYPE_VALUES = {
    alias: r.name
    for r in mm.RELATIONSHIP_TYPES
    for alias in (r.name, norm(r.label_id), norm(r.label_en))
}


# --------------------------------------------------------------------------------------------
# Reading


@dataclass
class Table:
    """One table as found in a file: header row, then numbered rows of cells."""

    where: str  # "items.csv" or "data.xlsx, sheet items"
    headers: list[Any]
    rows: Iterable[tuple[int, Iterable[Any]]]
    letters: bool = False  # label columns with their spreadsheet letter
    sheet_named: bool = False  # the sheet's name says it is a table (errors, not warnings)


@dataclass
class _Column:
    index: int
    label: str
    key: str  # normalised header


def _label(table: Table, index: int, header: str) -> str:
    if table.letters:
        from openpyxl.utils import get_column_letter

        return f"{header} (kolom {get_column_letter(index + 1)})"
    return header


def classify(headers: Iterable[str]) -> str | None:
    keys = {norm(h) for h in headers if h is not None}
    if {"source", "type", "target"} <= {RELATIONSHIP_ALIASES.get(k, "") for k in keys}:
        return "relationships"
    fields = {ITEM_ALIASES.get(k, "") for k in keys}
    if "kind" in fields and ("name" in fields or "key" in fields):
        return "items"
    return None


def _missing(headers: list[str], required: tuple[str, ...], aliases: dict[str, str]) -> list[str]:
    found = {aliases.get(norm(h), "") for h in headers if h}
    return [column for column in required if column not in found]


def _text(value: Any) -> str:
    """A cell as text (numbers without a spurious `.0`, dates as ISO)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _native(value: Any) -> Any:
    """A cell for a typed attribute: numbers and yes/no stay native, the rest is text."""
    if isinstance(value, bool | int | float):
        return value
    return _text(value)


class TableReader:
    """Turns recognised tables into one Bundle, collecting every header problem."""

    def __init__(self, bundle: Bundle):
        self.bundle = bundle
        self.errors: list[FieldError] = []
        self.tables = 0

    def add(self, table: Table) -> None:
        headers = [_text(h) for h in table.headers]
        table.headers = headers
        kind = classify(headers)
        if kind is None:
            found = ", ".join(h for h in headers if h) or "-"
            if table.sheet_named or not table.letters:
                self.errors.append(
                    FieldError(
                        "header",
                        "unrecognised_table",
                        {
                            "items": "kind, name",
                            "relationships": "source, type, target",
                            "found": found,
                        },
                        f"{table.where}, baris 1",
                    )
                )
            else:
                self.bundle.warnings.append(
                    FieldError("sheet", "sheet_ignored", {"sheet": table.where}, table.where)
                )
            return
        columns: list[_Column] = []
        seen: dict[str, str] = {}
        aliases = ITEM_ALIASES if kind == "items" else RELATIONSHIP_ALIASES
        for index, header in enumerate(headers):
            if not header:
                continue
            key = norm(header)
            canonical = aliases.get(key, key)
            if canonical in seen:
                self.errors.append(
                    FieldError(
                        _label(table, index, header),
                        "duplicate_column",
                        {"column": header},
                        f"{table.where}, baris 1",
                    )
                )
                continue
            seen[canonical] = header
            columns.append(_Column(index, _label(table, index, header), key))
        if kind == "items":
            missing = _missing(headers, ("kind", "name"), ITEM_ALIASES)
        else:
            missing = _missing(headers, RELATIONSHIP_COLUMNS, RELATIONSHIP_ALIASES)
        if missing:
            self.errors.append(
                FieldError(
                    "header",
                    "missing_columns",
                    {"columns": ", ".join(missing), "found": ", ".join(h for h in headers if h)},
                    f"{table.where}, baris 1",
                )
            )
        if self.errors:
            return
        self.tables += 1
        for number, cells in table.rows:
            values = list(cells)
            if not any(_text(v) for v in values):
                continue
            where = f"{table.where}, baris {number}"
            if kind == "items":
                self._item(columns, values, where)
            else:
                self._relationship(columns, values, where)

    def _item(self, columns: list[_Column], values: list[Any], where: str) -> None:
        data: dict[str, Any] = {}
        attributes: dict[str, Any] = {}
        custom: dict[str, Any] = {}
        labels: dict[str, str] = {}
        kind_col = next(c for c in columns if ITEM_ALIASES.get(c.key) == "kind")
        raw_kind = _text(values[kind_col.index]) if kind_col.index < len(values) else ""
        kind = KIND_VALUES.get(norm(raw_kind), raw_kind)
        known = KIND_ATTRIBUTE_ALIASES.get(kind, {})
        specs = mm.KIND_MAP[kind].attribute_map if kind in mm.KIND_MAP else {}
        for col in columns:
            value = values[col.index] if col.index < len(values) else None
            text = _text(value)
            field_name = ITEM_ALIASES.get(col.key)
            if field_name is not None:
                labels[field_name] = col.label
                if field_name == "kind":
                    data["kind"] = kind
                elif text:
                    data[field_name] = text
                continue
            if not text:
                continue
            if col.key.startswith(CUSTOM_PREFIX):
                name = col.key[len(CUSTOM_PREFIX) :]
                custom[name] = custom_from_text(text) if isinstance(value, str) else value
                labels[f"custom.{name}"] = col.label
                continue
            name = known.get(col.key.removeprefix("attributes."), col.key)
            spec = specs.get(name)
            cell = _native(value) if spec and spec.type in ("bool", "int", "float") else text
            attributes[name] = attribute_from_text(spec, cell) if isinstance(cell, str) else cell
            labels[f"attributes.{name}"] = col.label
            labels[name] = col.label
        if attributes:
            data["attributes"] = attributes
        if custom:
            data["custom"] = custom
        self.bundle.items.append(ItemRecord(data=data, location=where, columns=labels))

    def _relationship(self, columns: list[_Column], values: list[Any], where: str) -> None:
        ends: dict[str, str] = {}
        attributes: dict[str, Any] = {}
        labels: dict[str, str] = {}
        type_col = next(c for c in columns if RELATIONSHIP_ALIASES.get(c.key) == "type")
        raw_type = _text(values[type_col.index]) if type_col.index < len(values) else ""
        rel_type = TYPE_VALUES.get(norm(raw_type), raw_type)
        known = RELATIONSHIP_ATTRIBUTE_ALIASES.get(rel_type, {})
        for col in columns:
            value = values[col.index] if col.index < len(values) else None
            text = _text(value)
            field_name = RELATIONSHIP_ALIASES.get(col.key)
            if field_name is not None:
                labels[field_name] = col.label
                ends[field_name] = text
                continue
            if not text:
                continue
            name = known.get(col.key.removeprefix("attributes."), col.key)
            attributes[name] = _native(value)
            labels[f"attributes.{name}"] = col.label
        self.bundle.relationships.append(
            RelationshipRecord(
                source=ends.get("source", ""),
                type=rel_type,
                target=ends.get("target", ""),
                attributes=attributes,
                location=where,
                columns=labels,
            )
        )

    def finish(self) -> None:
        if not self.errors and not self.tables:
            self.errors.append(FieldError("$", "no_tables", {}, None))
        if self.errors:
            raise Invalid(self.errors)


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # spreadsheet programs on Windows still save CSV as cp1252 by default
        return data.decode("cp1252", errors="replace")


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_table(name: str, data: bytes) -> Table:
    text = _decode(name, data)
    if "\x00" in text:
        raise Invalid([FieldError("$", "bad_file", {"format": "CSV", "detail": "binary"}, name)])
    delimiter = _sniff_delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        raise Invalid(
            [FieldError("$", "bad_file", {"format": "CSV", "detail": str(exc)}, name)]
        ) from exc
    headers = rows[0] if rows else []
    return Table(
        where=name, headers=list(headers), rows=((n + 2, r) for n, r in enumerate(rows[1:]))
    )


def xlsx_tables(name: str, data: bytes) -> list[Table]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # a truncated or foreign file fails in zipfile, lxml or openpyxl
        raise Invalid(
            [
                FieldError(
                    "$",
                    "bad_file",
                    {"format": "XLSX", "detail": f"{type(exc).__name__}: {exc}"},
                    name,
                )
            ]
        ) from exc
    tables = []
    for sheet in workbook.worksheets:
        if norm(sheet.title) in GUIDE_SHEETS:
            continue
        rows = sheet.iter_rows(values_only=True)
        headers = next(rows, ())
        tables.append(
            Table(
                where=f"{name}, sheet {sheet.title}",
                headers=list(headers),
                rows=((n + 2, r) for n, r in enumerate(rows)),
                letters=True,
                sheet_named=norm(sheet.title)
                in {ITEMS_SHEET, RELATIONSHIPS_SHEET, "item", "relasi"},
            )
        )
    return tables


def read_tables(sources: list[tuple[str, bytes]], instansi: dict[str, Any]) -> Bundle:
    """CSV files and XLSX workbooks (any mix) into one Bundle; header errors all at once."""
    reader = TableReader(Bundle(instansi=dict(instansi)))
    for name, data in sources:
        try:
            tables = xlsx_tables(name, data) if is_xlsx(name, data) else [csv_table(name, data)]
        except Invalid as exc:
            reader.errors.extend(exc.errors)
            continue
        for table in tables:
            reader.add(table)
    reader.finish()
    return reader.bundle


def is_xlsx(name: str, data: bytes) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04"


# --------------------------------------------------------------------------------------------
# Writing


@dataclass
class Tables:
    item_headers: list[str]
    item_rows: list[list[str]] = field(default_factory=list)
    relationship_headers: list[str] = field(default_factory=list)
    relationship_rows: list[list[str]] = field(default_factory=list)


def attribute_columns() -> list[str]:
    """Every kind's attributes once, in meta-model order (the template's columns)."""
    return list(dict.fromkeys(a.name for k in mm.KINDS for a in k.attributes))


def relationship_attribute_columns() -> list[str]:
    return list(dict.fromkeys(a.name for r in mm.RELATIONSHIP_TYPES for a in r.attributes))


def government_tables(gov: Government) -> Tables:
    used = {name for item in gov.items for name in item["attributes"]}
    attrs = [a for a in attribute_columns() if a in used]
    custom = sorted({name for item in gov.items for name in item["custom"]})
    tables = Tables(item_headers=[*ITEM_COLUMNS, *attrs, *(f"{CUSTOM_PREFIX}{c}" for c in custom)])
    for item in gov.items:
        specs = mm.KIND_MAP[item["kind"]].attribute_map
        tables.item_rows.append(
            [
                item["kind"],
                item["key"],
                item["name"],
                item["description"],
                item["owner"] or "",
                codes_to_text(item["reference_codes"]),
                item["status"],
                *(
                    attribute_to_text(specs.get(a), item["attributes"].get(a))
                    if a in item["attributes"]
                    else ""
                    for a in attrs
                ),
                *(
                    attribute_to_text(None, item["custom"][c]) if c in item["custom"] else ""
                    for c in custom
                ),
            ]
        )
    rel_used = {name for rel in gov.relationships for name in rel["attributes"]}
    rel_attrs = [a for a in relationship_attribute_columns() if a in rel_used]
    tables.relationship_headers = [*RELATIONSHIP_COLUMNS, *rel_attrs]
    for rel in gov.relationships:
        specs = mm.RELATIONSHIP_MAP[rel["type"]].attribute_map
        tables.relationship_rows.append(
            [
                rel["source"],
                rel["type"],
                rel["target"],
                *(
                    attribute_to_text(specs.get(a), rel["attributes"][a])
                    if a in rel["attributes"]
                    else ""
                    for a in rel_attrs
                ),
            ]
        )
    return tables


def _csv_bytes(headers: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def write_csv(gov: Government) -> dict[str, bytes]:
    tables = government_tables(gov)
    return {
        "items.csv": _csv_bytes(tables.item_headers, tables.item_rows),
        "relationships.csv": _csv_bytes(tables.relationship_headers, tables.relationship_rows),
    }


def write_xlsx(gov: Government, picklists: dict[str, list[str]] | None = None) -> bytes:
    from registry.io.workbook import build_workbook

    return build_workbook(government_tables(gov), picklists or {})


def template_xlsx(picklists: dict[str, list[str]] | None = None) -> bytes:
    """The empty workbook planners fill in: every column, comments and pick lists."""
    from registry.io.workbook import build_workbook

    tables = Tables(
        item_headers=[*ITEM_COLUMNS, *attribute_columns()],
        relationship_headers=[*RELATIONSHIP_COLUMNS, *relationship_attribute_columns()],
    )
    return build_workbook(tables, picklists or {}, guide=True)


def normalise_zip(data: bytes) -> bytes:
    """The same workbook gives the same bytes: fixed entry times and document dates."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                    rb"\g<1>2000-01-01T00:00:00Z\g<2>",
                    content,
                )
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, content)
    return out.getvalue()


def iter_chunks(data: bytes, size: int = 65536) -> Iterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]
