"""Relationships between items."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Response, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from registry import store
from registry.api.common import (
    ActorHeader,
    Deleted,
    IfMatchHeader,
    Page,
    PageSize,
    actor_of,
    etag,
    struct_to_patch,
    version_of,
)
from registry.api.schemas import RelationshipCreate, RelationshipUpdate


class InstansiRelationshipController(Controller):
    path = "/api/instansi/{code:str}/relationships"
    tags = ["Relasi / Relationships"]

    @get("/", operation_id="listRelationships", summary="Daftar relasi / list relationships")
    async def list_relationships(
        self,
        code: FromPath[str],
        type: Annotated[
            str | None, QueryParameter(description="Tipe relasi / relationship type")
        ] = None,
        item: Annotated[
            str | None, QueryParameter(description="Kunci item / an item's key")
        ] = None,
        direction: Annotated[str, QueryParameter(description="out, in, both")] = "both",
        page: Page = 1,
        page_size: PageSize = 100,
        deleted: Deleted = "exclude",
    ) -> dict[str, Any]:
        return await store.list_relationships(
            store.RelationshipQuery(
                instansi=code,
                type=type,
                item=item,
                direction=direction,
                page=page,
                page_size=page_size,
                deleted=deleted,
            )
        )

    @post("/", operation_id="createRelationship", summary="Tambah relasi / create a relationship")
    async def create_relationship(
        self, code: FromPath[str], data: JSONBody[RelationshipCreate], x_actor: ActorHeader = None
    ) -> Response[dict[str, Any]]:
        """A relationship the meta-model forbids is refused with the allowed alternatives named."""
        out = await store.create_relationship(code, struct_to_patch(data), actor=actor_of(x_actor))
        return Response(out, status_code=201, headers={"ETag": etag(out["version"])})


class RelationshipController(Controller):
    path = "/api/relationships/{rel_id:int}"
    tags = ["Relasi / Relationships"]

    @get("/", operation_id="getRelationship", summary="Detail relasi / one relationship")
    async def get_relationship(self, rel_id: FromPath[int]) -> Response[dict[str, Any]]:
        out = await store.get_relationship(rel_id)
        return Response(out, headers={"ETag": etag(out["version"])})

    @patch(
        "/", operation_id="updateRelationship", summary="Ubah atribut relasi / update attributes"
    )
    async def update_relationship(
        self,
        rel_id: FromPath[int],
        data: JSONBody[RelationshipUpdate],
        x_actor: ActorHeader = None,
        if_match: IfMatchHeader = None,
    ) -> Response[dict[str, Any]]:
        values = struct_to_patch(data)
        values.pop("version", None)
        out = await store.update_relationship(
            rel_id, values, version=version_of(if_match, data.version), actor=actor_of(x_actor)
        )
        return Response(out, headers={"ETag": etag(out["version"])})

    @delete(
        "/", status_code=200, operation_id="deleteRelationship", summary="Hapus relasi / delete"
    )
    async def delete_relationship(
        self, rel_id: FromPath[int], x_actor: ActorHeader = None, if_match: IfMatchHeader = None
    ) -> dict[str, Any]:
        return await store.set_relationship_deleted(
            rel_id, deleted=True, version=version_of(if_match, None), actor=actor_of(x_actor)
        )

    @post(
        "/restore",
        status_code=200,
        operation_id="restoreRelationship",
        summary="Pulihkan relasi / restore",
    )
    async def restore_relationship(
        self, rel_id: FromPath[int], x_actor: ActorHeader = None
    ) -> dict[str, Any]:
        return await store.set_relationship_deleted(
            rel_id, deleted=False, version=None, actor=actor_of(x_actor)
        )
