"""Import (upload) and export (download) of a government's files, and the XLSX template."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import State, UploadFile
from litestar.exceptions.http_exceptions import RequestEntityTooLarge
from litestar.params import FromPath, QueryParameter
from litestar.response import Stream

from registry import metamodel as mm
from registry.api.common import ActorHeader, actor_of
from registry.api.errors import registry_error_handler
from registry.errors import FieldError
from registry.io.formats import (
    EXPORT_FORMATS,
    IMPORT_FORMATS,
    MEDIA_TYPES,
    Source,
    TooLarge,
    check_size,
    export,
    import_files,
    zip_files,
)
from registry.io.tabular import iter_chunks, template_xlsx
from registry.store import ImportOptions

Flag = Annotated[bool, QueryParameter(description="ya/tidak / yes or no")]


def _too_large(request: Request[Any, Any, Any], _: RequestEntityTooLarge) -> Response[Any]:
    limit = request.app.state.settings.import_max_mb
    error = TooLarge([FieldError("$", "request_too_large", {"limit_mb": f"{limit:g}"})])
    return registry_error_handler(request, error)


def _download(data: bytes, filename: str, media_type: str) -> Stream:
    return Stream(
        iter_chunks(data),
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Content-Length": str(len(data)),
        },
    )


class ImportExportController(Controller):
    path = "/api"
    tags = ["Impor dan ekspor / Import and export"]
    exception_handlers = {RequestEntityTooLarge: _too_large}

    @post(
        "/instansi/{code:str}/import",
        status_code=200,
        operation_id="importFiles",
        summary="Impor berkas / import files (all or nothing)",
    )
    async def upload(
        self,
        code: FromPath[str],
        request: Request[Any, Any, Any],
        state: State,
        x_actor: ActorHeader = None,
        dry_run: Flag = False,
        strict: Flag = False,
        format: Annotated[
            str | None,
            QueryParameter(description=f"Format: {', '.join(IMPORT_FORMATS)} (bawaan: deteksi)"),
        ] = None,
        name: Annotated[str | None, QueryParameter(description="Nama instansi baru")] = None,
        level: Annotated[
            str | None,
            QueryParameter(description=", ".join(c.value for c in mm.INSTANSI_LEVELS)),
        ] = None,
    ) -> dict[str, Any]:
        """Upload one or more files (multipart, any field name): CSV, XLSX, YAML, ArchiMate XML,
        Backstage catalog-info.yaml, or the Denpasar `units.csv` + `inventory.csv`. Returns the
        import report; a refused import answers 400 with every error and the report, and writes
        nothing. The government is created when new. Files over SPBE_IMPORT_MAX_MB get 413."""
        settings = state.settings
        sources = []
        # The form is read here rather than declared as a body parameter: Litestar 2.25 fails
        # with a 500 on an empty multipart body declared as list[UploadFile].
        form = await request.form()
        uploads = [v for _, v in form.multi_items() if isinstance(v, UploadFile)]
        for upload in uploads:
            content = await upload.read()
            check_size(upload.filename, len(content), settings.import_max_bytes)
            sources.append(Source(upload.filename or "upload", content))
        options = ImportOptions(
            actor=actor_of(x_actor),
            dry_run=dry_run,
            strict=strict,
            default_framework=settings.reference_framework,
        )
        report = await import_files(sources, options, code=code, name=name, level=level, fmt=format)
        return report.to_dict()

    @get(
        "/instansi/{code:str}/export",
        operation_id="exportInstansi",
        summary="Ekspor / export (csv, xlsx, yaml, archimate)",
    )
    async def download(
        self,
        code: FromPath[str],
        state: State,
        format: Annotated[str, QueryParameter(description=", ".join(EXPORT_FORMATS))] = "xlsx",
        table: Annotated[
            str | None,
            QueryParameter(
                description="csv: items atau/or relationships (bawaan: zip berisi keduanya)"
            ),
        ] = None,
    ) -> Stream:
        """The government's items and relationships as a download. CSV comes as a zip holding
        `items.csv` and `relationships.csv`, or one table with `table=`."""
        files = await export(code, format, state.picklists)
        if format == "csv":
            if table in ("items", "relationships"):
                name = f"{table}.csv"
                return _download(files[name], f"{code}-{name}", MEDIA_TYPES["csv"])
            return _download(zip_files(files), f"{code}-csv.zip", MEDIA_TYPES["zip"])
        name, content = next(iter(files.items()))
        return _download(content, name, MEDIA_TYPES[format])

    @get(
        "/import/template",
        operation_id="importTemplate",
        summary="Templat XLSX impor / XLSX import template",
    )
    async def template(self, state: State) -> Stream:
        """One sheet per table, a comment on every header, pick lists for enumerations."""
        return _download(template_xlsx(state.picklists), "spbe-template.xlsx", MEDIA_TYPES["xlsx"])
