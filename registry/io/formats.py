"""Which reader or writer a file needs, and the import and export both front ends share.

The CLI (`spbe import`, `spbe export`) and the API (upload, download) call only this module:
files in, an import report out; a government in, files out.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from registry.errors import FieldError, Invalid
from registry.io.government import Government, load_government
from registry.store.bulk import Bundle, ImportFailed, ImportOptions, ImportReport, import_bundle

IMPORT_FORMATS = ("csv", "xlsx", "yaml", "archimate", "backstage", "denpasar")
EXPORT_FORMATS = ("csv", "xlsx", "yaml", "archimate")
TABULAR = ("csv", "xlsx")
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "yaml": "application/yaml; charset=utf-8",
    "archimate": "application/xml; charset=utf-8",
}
EXTENSIONS = {"xlsx": "xlsx", "yaml": "yaml", "archimate": "xml"}
DENPASAR_FILES = ("units.csv", "inventory.csv")


class TooLarge(Invalid):
    """A file or upload over the configured import limit (HTTP 413)."""

    status = 413
    error = "too_large"
    summary = ("Berkas terlalu besar", "File too large")


@dataclass
class Source:
    name: str
    data: bytes


def check_size(name: str, size: int, limit: int) -> None:
    if size > limit:
        raise TooLarge(
            [
                FieldError(
                    "$",
                    "file_too_large",
                    {"size_mb": f"{size / 1048576:.1f}", "limit_mb": f"{limit / 1048576:g}"},
                    name,
                )
            ]
        )


def read_paths(paths: Sequence[Path], limit: int) -> tuple[list[Source], str | None]:
    """Files (or folders: a Denpasar inventory, or a CSV export) as sources; refuses big ones
    before reading them. Returns the sources and the format a folder implies."""
    files: list[Path] = []
    implied = None
    for path in paths:
        if path.is_dir():
            if all((path / n).exists() for n in DENPASAR_FILES):
                files.extend(path / n for n in DENPASAR_FILES)
                implied = "denpasar"
            else:
                files.extend(sorted(p for p in path.iterdir() if p.suffix.lower() == ".csv"))
        else:
            files.append(path)
    sources = []
    for path in files:
        check_size(path.name, path.stat().st_size, limit)
        sources.append(Source(path.name, path.read_bytes()))
    return sources, implied


def detect(source: Source) -> str:
    name = source.name.lower()
    head = source.data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.endswith((".xlsx", ".xlsm")) or head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if name.endswith(".xml") or head.startswith(b"<"):
        return "archimate"
    if name.endswith((".yaml", ".yml")):
        return "backstage" if b"backstage.io/" in head else "yaml"
    if name.endswith((".csv", ".tsv", ".txt")):
        return "csv"
    if b"backstage.io/" in head:
        return "backstage"
    if b"spbe-registry/" in head:
        return "yaml"
    raise Invalid(
        [
            FieldError(
                "$",
                "unknown_format",
                {"detail": source.name, "allowed": ", ".join(IMPORT_FORMATS)},
                source.name,
            )
        ]
    )


def _format_of(sources: Sequence[Source], fmt: str | None) -> str:
    if fmt:
        if fmt not in IMPORT_FORMATS:
            raise Invalid.one(
                "format", "not_in_choices", value=fmt, choices=", ".join(IMPORT_FORMATS)
            )
        return fmt
    if {s.name.lower() for s in sources} == set(DENPASAR_FILES):
        return "denpasar"
    found = {detect(s) for s in sources}
    if found <= set(TABULAR):
        return "xlsx" if found == {"xlsx"} else "csv"
    if len(found) > 1:
        raise Invalid.one(
            "format",
            "unknown_format",
            detail="campuran / mixed: " + ", ".join(sorted(found)),
            allowed=", ".join(IMPORT_FORMATS),
        )
    return found.pop()


def read_sources(sources: Sequence[Source], fmt: str | None = None) -> Bundle:
    """Files into one Bundle (the government as the files describe it, code may be empty)."""
    if not sources:
        raise Invalid.one("files", "no_files")
    fmt = _format_of(sources, fmt)
    if fmt in TABULAR:
        from registry.io.tabular import read_tables

        return read_tables([(s.name, s.data) for s in sources], {})
    if fmt == "denpasar":
        from registry.io.denpasar import read_denpasar

        with tempfile.TemporaryDirectory() as folder:
            for s in sources:
                (Path(folder) / Path(s.name).name).write_bytes(s.data)
            return read_denpasar(Path(folder))
    if len(sources) > 1 and fmt in ("yaml", "archimate"):
        raise Invalid.one("files", "unknown_format", detail="satu berkas / one file", allowed=fmt)
    if fmt == "yaml":
        from registry.io.yaml_bundle import parse_bundle

        return parse_bundle(_text(sources[0]), sources[0].name)
    if fmt == "archimate":
        from registry.io.archimate import read_archimate

        return read_archimate(sources[0].name, sources[0].data)
    from registry.io.backstage import read_backstage

    return read_backstage([(s.name, _text(s)) for s in sources])


def _text(source: Source) -> str:
    try:
        return source.data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(
            [FieldError("$", "bad_file", {"format": "UTF-8", "detail": str(exc)}, source.name)]
        ) from exc


def infer_level(name: str | None) -> str | None:
    """`Kabupaten Sumedang` is a kabupaten; so for Kota and Provinsi."""
    first = (name or "").strip().split(" ", 1)[0].lower()
    return {
        "kabupaten": "kabupaten",
        "kab.": "kabupaten",
        "kota": "kota",
        "provinsi": "provinsi",
    }.get(first)


async def import_files(
    sources: Sequence[Source],
    options: ImportOptions,
    *,
    code: str | None = None,
    name: str | None = None,
    level: str | None = None,
    fmt: str | None = None,
) -> ImportReport:
    """Read, validate and write (or, with `dry_run`, only count): all or nothing. A file that
    cannot be read is refused like a bad row: ImportFailed with the report."""
    try:
        bundle = read_sources(sources, fmt)
    except Invalid as exc:
        if isinstance(exc, TooLarge):
            raise
        report = ImportReport(instansi=code or "", dry_run=options.dry_run, batch="")
        report.errors.extend(exc.errors)
        raise ImportFailed(report) from exc
    overrides: dict[str, Any] = {"code": code, "name": name, "level": level}
    bundle.instansi.update({k: v for k, v in overrides.items() if v})
    if not bundle.instansi.get("code"):
        report = ImportReport(instansi="", dry_run=options.dry_run, batch="")
        report.errors.append(FieldError("instansi", "instansi_needed"))
        raise ImportFailed(report)
    if not bundle.instansi.get("level"):
        inferred = infer_level(bundle.instansi.get("name"))
        if inferred:
            bundle.instansi["level"] = inferred
    return await import_bundle(bundle, options)


# --------------------------------------------------------------------------------------------
# Export


def export_government(
    gov: Government, fmt: str, picklists: dict[str, list[str]] | None = None
) -> dict[str, bytes]:
    """File name -> content. CSV gives `items.csv` and `relationships.csv`."""
    if fmt not in EXPORT_FORMATS:
        raise Invalid.one("format", "not_in_choices", value=fmt, choices=", ".join(EXPORT_FORMATS))
    if fmt == "csv":
        from registry.io.tabular import write_csv

        return write_csv(gov)
    name = f"{gov.code}.{EXTENSIONS[fmt]}"
    if fmt == "xlsx":
        from registry.io.tabular import write_xlsx

        return {name: write_xlsx(gov, picklists)}
    if fmt == "yaml":
        from registry.io.yaml_bundle import write_yaml

        return {name: write_yaml(gov)}
    from registry.io.archimate import write_archimate

    return {name: write_archimate(gov)}


async def export(
    code: str, fmt: str, picklists: dict[str, list[str]] | None = None
) -> dict[str, bytes]:
    if fmt not in EXPORT_FORMATS:
        raise Invalid.one("format", "not_in_choices", value=fmt, choices=", ".join(EXPORT_FORMATS))
    return export_government(await load_government(code), fmt, picklists)


def zip_files(files: dict[str, bytes]) -> bytes:
    """Several export files as one download, byte-for-byte stable."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return out.getvalue()


__all__ = [
    "EXPORT_FORMATS",
    "IMPORT_FORMATS",
    "Source",
    "TooLarge",
    "export",
    "import_files",
]
