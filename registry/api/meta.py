"""The API's own description: index, meta-model, health, and the global change log."""

from __future__ import annotations

from typing import Any

from litestar import Controller, get
from litestar.datastructures import State

from registry import __version__, db
from registry import metamodel as mm


class MetaController(Controller):
    path = "/api"
    tags = ["Meta"]

    @get("/", operation_id="apiIndex", summary="Indeks API / API index")
    async def api_index(self) -> dict[str, Any]:
        return {
            "name": "SPBE Registry",
            "version": __version__,
            "links": {
                "instansi": "/api/instansi",
                "items": "/api/items",
                "metamodel": "/api/metamodel",
                "reference": "/api/reference",
                "changes": "/api/changes",
                "openapi": "/schema/openapi.json",
                "docs": "/schema/swagger",
            },
        }

    @get(
        "/metamodel",
        operation_id="metamodel",
        summary="Meta-model: jenis, atribut, relasi / kinds, attributes, relationships",
    )
    async def get_metamodel(self, state: State) -> dict[str, Any]:
        return mm.describe(state.picklists)

    @get("/health", operation_id="health", summary="Kesehatan / health")
    async def health_check(self) -> dict[str, Any]:
        return {"status": "ok", "engine": db.engine_kind(db.engine())}
