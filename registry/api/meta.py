"""The API's own description: index, meta-model, health, and the global change log."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get
from litestar.datastructures import State
from litestar.params import QueryParameter

from registry import __version__, db, store
from registry import metamodel as mm
from registry.api.common import Page, PageSize


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

    @get(
        "/changes",
        operation_id="allChanges",
        summary="Riwayat semua perubahan / the whole change log",
    )
    async def all_changes(
        self,
        entity: Annotated[
            str | None, QueryParameter(description="instansi, item, relationship, reference_node")
        ] = None,
        action: Annotated[
            str | None, QueryParameter(description="create, update, delete, restore")
        ] = None,
        actor: Annotated[str | None, QueryParameter(description="Pelaku / actor")] = None,
        batch: Annotated[
            str | None, QueryParameter(description="Satu impor / one import batch")
        ] = None,
        page: Page = 1,
        page_size: PageSize = 100,
    ) -> dict[str, Any]:
        return await store.list_changes(
            store.ChangeQuery(
                entity=entity,
                action=action,
                actor=actor,
                batch=batch,
                page=page,
                page_size=page_size,
            )
        )
