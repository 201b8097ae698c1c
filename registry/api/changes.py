"""The change log: of everything, or of one government."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get
from litestar.params import PathParameter, QueryParameter

from registry import store
from registry.api.common import Page, PageSize


def _operation_id(_handler: Any, _method: Any, path_components: list[Any]) -> str:
    # One handler serves two paths; OpenAPI needs a distinct id for each.
    scoped = any(not isinstance(part, str) for part in path_components)
    return "listInstansiChanges" if scoped else "listChanges"


class ChangeController(Controller):
    tags = ["Riwayat / History"]

    @get(
        ["/api/changes", "/api/instansi/{code:str}/changes"],
        operation_id=_operation_id,
        summary="Riwayat perubahan / change log",
    )
    async def list_changes(
        self,
        code: Annotated[str | None, PathParameter(description="Kode instansi / government")] = None,
        entity: Annotated[
            str | None,
            QueryParameter(description="instansi, item, relationship, reference_node"),
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
        """Newest first, each change with its actor, time, action, and the record before and
        after."""
        return await store.list_changes(
            store.ChangeQuery(
                instansi=code,
                entity=entity,
                action=action,
                actor=actor,
                batch=batch,
                page=page,
                page_size=page_size,
            )
        )
