"""Reference architectures (read-only over the API; loaded from files with `spbe seed`)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get
from litestar.params import FromPath, QueryParameter

from registry import store


class ReferenceController(Controller):
    path = "/api/reference"
    tags = ["Referensi / Reference architecture"]

    @get("/", operation_id="listFrameworks", summary="Kerangka referensi / reference frameworks")
    async def list_frameworks(self) -> dict[str, Any]:
        return {"frameworks": await store.list_frameworks()}

    @get(
        "/{framework:str}/nodes",
        operation_id="listReferenceNodes",
        summary="Simpul referensi / nodes",
    )
    async def list_nodes(
        self,
        framework: FromPath[str],
        domain: Annotated[
            str | None, QueryParameter(description="RAB, RAD, RAL, RAA, RAI, RAK")
        ] = None,
        level: Annotated[int | None, QueryParameter(description="Level 1..7", ge=1, le=7)] = None,
        parent: Annotated[
            str | None, QueryParameter(description="Kode induk / parent code")
        ] = None,
        q: Annotated[str | None, QueryParameter(description="Cari / search")] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=5000)] = 1000,
        offset: Annotated[int, QueryParameter(ge=0)] = 0,
    ) -> dict[str, Any]:
        return await store.list_nodes(
            framework, domain=domain, level=level, parent=parent, q=q, limit=limit, offset=offset
        )

    @get(
        "/{framework:str}/nodes/{node_code:str}",
        operation_id="getReferenceNode",
        summary="Satu simpul / one node",
    )
    async def get_node(self, framework: FromPath[str], node_code: FromPath[str]) -> dict[str, Any]:
        """A node with its children and the number of items classified by it."""
        return await store.get_node(framework, node_code)
