"""Items of every kind, their relationships both ways, and their history."""

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
    split_csv,
    struct_to_patch,
    version_of,
)
from registry.api.schemas import ItemCreate, ItemUpdate

Kind = Annotated[
    str | None, QueryParameter(description="Jenis, dipisah koma / kinds, comma-separated")
]
Layer = Annotated[
    str | None, QueryParameter(description="Lapisan / layer (business, application, ...)")
]
Unit = Annotated[str | None, QueryParameter(description="Kunci unit/OPD pemilik / owner unit key")]
Status = Annotated[str | None, QueryParameter(description="Status (aktif, nonaktif, ...)")]
Reference = Annotated[
    str | None,
    QueryParameter(description="Kode referensi, termasuk turunannya / reference code and below"),
]
Q = Annotated[
    str | None, QueryParameter(description="Cari di nama, kunci, uraian, atribut / free text")
]
Sort = Annotated[
    str,
    QueryParameter(
        description="name, -name, key, kind, status, updated_at, created_at (- = turun)"
    ),
]


async def _list(
    instansi: str | None,
    kind: str | None,
    layer: str | None,
    unit: str | None,
    status: str | None,
    reference: str | None,
    q: str | None,
    sort: str,
    page: int,
    page_size: int,
    deleted: str,
) -> dict[str, Any]:
    return await store.list_items(
        store.ItemQuery(
            instansi=instansi,
            kinds=split_csv(kind),
            layer=layer,
            unit=unit,
            status=status,
            reference=reference,
            q=q,
            sort=sort,
            page=page,
            page_size=page_size,
            deleted=deleted,
        )
    )


class ItemController(Controller):
    path = "/api/instansi/{code:str}"
    tags = ["Item"]

    @get("/items", operation_id="listItems", summary="Daftar item / list items")
    async def list_items(
        self,
        code: FromPath[str],
        kind: Kind = None,
        layer: Layer = None,
        unit: Unit = None,
        status: Status = None,
        reference: Reference = None,
        q: Q = None,
        sort: Sort = "name",
        page: Page = 1,
        page_size: PageSize = 50,
        deleted: Deleted = "exclude",
    ) -> dict[str, Any]:
        """A page of a government's items, filtered and sorted. The number of database queries
        does not depend on the page size (see the X-Query-Count header)."""
        return await _list(
            code, kind, layer, unit, status, reference, q, sort, page, page_size, deleted
        )

    @get("/units", operation_id="listUnits", summary="Daftar unit/OPD / list units (OPD)")
    async def list_units(
        self,
        code: FromPath[str],
        q: Q = None,
        sort: Sort = "name",
        page: Page = 1,
        page_size: PageSize = 100,
    ) -> dict[str, Any]:
        return await _list(
            code, "unit", None, None, None, None, q, sort, page, page_size, "exclude"
        )

    @post("/items", operation_id="createItem", summary="Tambah item / create an item")
    async def create_item(
        self, code: FromPath[str], data: JSONBody[ItemCreate], x_actor: ActorHeader = None
    ) -> Response[dict[str, Any]]:
        """`key` is derived from the name when left out. `owner` is a unit key; `reference_codes`
        must exist in the government's reference framework; `attributes` follow the kind's
        declaration in `GET /api/metamodel`."""
        out = await store.create_item(code, struct_to_patch(data), actor=actor_of(x_actor))
        return Response(out, status_code=201, headers={"ETag": etag(out["version"])})

    @get("/items/{key:str}", operation_id="getItem", summary="Detail item / one item")
    async def get_item(self, code: FromPath[str], key: FromPath[str]) -> Response[dict[str, Any]]:
        """The item with its relationships both ways (`relationships.outgoing` and `.incoming`)."""
        out = await store.get_item(code, key)
        return Response(out, headers={"ETag": etag(out["version"])})

    @patch("/items/{key:str}", operation_id="updateItem", summary="Ubah item / update an item")
    async def update_item(
        self,
        code: FromPath[str],
        key: FromPath[str],
        data: JSONBody[ItemUpdate],
        x_actor: ActorHeader = None,
        if_match: IfMatchHeader = None,
    ) -> Response[dict[str, Any]]:
        """Send `version` (or If-Match): a stale version gets 409 and changes nothing."""
        values = struct_to_patch(data)
        values.pop("version", None)
        out = await store.update_item(
            code, key, values, version=version_of(if_match, data.version), actor=actor_of(x_actor)
        )
        return Response(out, headers={"ETag": etag(out["version"])})

    @delete(
        "/items/{key:str}",
        status_code=200,
        operation_id="deleteItem",
        summary="Hapus item (lunak) / soft-delete",
    )
    async def delete_item(
        self,
        code: FromPath[str],
        key: FromPath[str],
        x_actor: ActorHeader = None,
        if_match: IfMatchHeader = None,
    ) -> dict[str, Any]:
        """Soft delete: the item and its relationships disappear from lists and the graph, and
        come back together with `POST .../restore`."""
        return await store.delete_item(
            code, key, version=version_of(if_match, None), actor=actor_of(x_actor)
        )

    @post(
        "/items/{key:str}/restore",
        status_code=200,
        operation_id="restoreItem",
        summary="Pulihkan item / restore",
    )
    async def restore_item(
        self, code: FromPath[str], key: FromPath[str], x_actor: ActorHeader = None
    ) -> dict[str, Any]:
        return await store.restore_item(code, key, actor=actor_of(x_actor))

    @get(
        "/items/{key:str}/history",
        operation_id="itemHistory",
        summary="Riwayat item / item history",
    )
    async def item_history(
        self, code: FromPath[str], key: FromPath[str], page: Page = 1, page_size: PageSize = 100
    ) -> dict[str, Any]:
        """Every change of the item and of its relationships, newest first, with before and after."""
        return await store.list_changes(
            store.ChangeQuery(instansi=code, item=key, page=page, page_size=page_size)
        )


class AllItemsController(Controller):
    path = "/api/items"
    tags = ["Item"]

    @get(
        "/", operation_id="listAllItems", summary="Item semua instansi / items of every government"
    )
    async def list_items(
        self,
        instansi: Annotated[
            str | None, QueryParameter(description="Kode instansi / government code")
        ] = None,
        kind: Kind = None,
        layer: Layer = None,
        status: Status = None,
        reference: Reference = None,
        q: Q = None,
        sort: Sort = "name",
        page: Page = 1,
        page_size: PageSize = 50,
        deleted: Deleted = "exclude",
    ) -> dict[str, Any]:
        return await _list(
            instansi, kind, layer, None, status, reference, q, sort, page, page_size, deleted
        )
