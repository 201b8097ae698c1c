"""Governments (instansi)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Response, delete, get, patch, post
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody, QueryParameter

from registry import store
from registry.api.common import (
    ActorHeader,
    IfMatchHeader,
    actor_of,
    etag,
    struct_to_patch,
    version_of,
)
from registry.api.schemas import InstansiCreate, InstansiUpdate


class InstansiController(Controller):
    path = "/api/instansi"
    tags = ["Instansi / Governments"]

    @get("/", operation_id="listInstansi", summary="Daftar instansi / list governments")
    async def list_instansi(
        self,
        include_deleted: Annotated[
            bool, QueryParameter(description="Termasuk yang dihapus")
        ] = False,
    ) -> dict[str, Any]:
        """Every government with its number of items per kind."""
        return {"instansi": await store.list_instansi(include_deleted=include_deleted)}

    @post("/", operation_id="createInstansi", summary="Tambah instansi / create a government")
    async def create_instansi(
        self, data: JSONBody[InstansiCreate], state: State, x_actor: ActorHeader = None
    ) -> Response[dict[str, Any]]:
        out = await store.create_instansi(
            struct_to_patch(data),
            actor=actor_of(x_actor),
            default_framework=state.settings.reference_framework,
        )
        return Response(out, status_code=201, headers={"ETag": etag(out["version"])})

    @get("/{code:str}", operation_id="getInstansi", summary="Detail instansi / one government")
    async def get_instansi(self, code: FromPath[str]) -> Response[dict[str, Any]]:
        out = await store.get_instansi(code)
        return Response(out, headers={"ETag": etag(out["version"])})

    @patch(
        "/{code:str}", operation_id="updateInstansi", summary="Ubah instansi / update a government"
    )
    async def update_instansi(
        self,
        code: FromPath[str],
        data: JSONBody[InstansiUpdate],
        x_actor: ActorHeader = None,
        if_match: IfMatchHeader = None,
    ) -> Response[dict[str, Any]]:
        values = struct_to_patch(data)
        values.pop("version", None)
        out = await store.update_instansi(
            code, values, version=version_of(if_match, data.version), actor=actor_of(x_actor)
        )
        return Response(out, headers={"ETag": etag(out["version"])})

    @delete(
        "/{code:str}",
        status_code=200,
        operation_id="deleteInstansi",
        summary="Hapus instansi (lunak) / soft-delete",
    )
    async def delete_instansi(
        self, code: FromPath[str], x_actor: ActorHeader = None, if_match: IfMatchHeader = None
    ) -> dict[str, Any]:
        """Only a government without live items can be deleted; it can be restored."""
        return await store.set_instansi_deleted(
            code, deleted=True, version=version_of(if_match, None), actor=actor_of(x_actor)
        )

    @post(
        "/{code:str}/restore",
        status_code=200,
        operation_id="restoreInstansi",
        summary="Pulihkan / restore",
    )
    async def restore_instansi(
        self, code: FromPath[str], x_actor: ActorHeader = None
    ) -> dict[str, Any]:
        return await store.set_instansi_deleted(
            code, deleted=False, version=None, actor=actor_of(x_actor)
        )
