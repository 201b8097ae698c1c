"""Reading the append-only change log (it is written by the other store modules)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.tables import Change, Instansi
from registry.errors import Invalid
from registry.store import base
from registry.store.instansi import get_instansi_row
from registry.store.items import get_item_row

ACTIONS = ("create", "update", "delete", "restore")
ENTITIES = (
    "instansi",
    "item",
    "relationship",
    "reference_node",
    "audit_setting",
    "self_assessment",
    "audit_run",
)


@dataclass
class ChangeQuery:
    instansi: str | None = None
    item: str | None = None  # key (with instansi) -> the item's own changes and its relationships'
    entity: str | None = None
    action: str | None = None
    actor: str | None = None
    batch: str | None = None
    page: int = 1
    page_size: int = 100


def _out(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "at": base.iso(row["at"]),
        "actor": row["actor"],
        "action": row["action"],
        "entity": row["entity"],
        "entity_id": row["entity_id"],
        "instansi": None,
        "label": row["label"],
        "version": row["version"],
        "batch": row["batch"],
        "cascade": row["cascade"],
        "before": base.loads(row["before"]),
        "after": base.loads(row["after"]),
    }


async def list_changes(query: ChangeQuery) -> dict[str, Any]:
    errors = [
        *base.choice_error("action", query.action, ACTIONS),
        *base.choice_error("entity", query.entity, ENTITIES),
        *base.paging_errors(query.page, query.page_size),
    ]
    if errors:
        raise Invalid(errors)
    conditions: list[Any] = []
    if query.item:
        if not query.instansi:
            raise Invalid.one("instansi", "required")
        item = await get_item_row(query.instansi, query.item)
        conditions.append(
            ((Change.entity == "item") & (Change.entity_id == item["id"]))
            | (
                (Change.entity == "relationship")
                & ((Change.subject_id == item["id"]) | (Change.object_id == item["id"]))
            )
        )
    elif query.instansi:
        instansi = await get_instansi_row(query.instansi, allow_deleted=True)
        conditions.append(Change.instansi_id == instansi["id"])
    for column, value in (
        (Change.entity, query.entity),
        (Change.action, query.action),
        (Change.actor, query.actor),
        (Change.batch, query.batch),
    ):
        if value:
            conditions.append(column == value)
    select = Change.select(*Change.all_columns()).order_by(Change.id, ascending=False)
    rows, total = await base.fetch_page(Change, select, conditions, query.page, query.page_size)
    codes = {
        r["id"]: r["code"]
        for r in await Instansi.select(Instansi.id, Instansi.code).where(
            Instansi.id.is_in(sorted({r["instansi_id"] for r in rows if r["instansi_id"]}) or [-1])
        )
    }
    out = [{**_out(r), "instansi": codes.get(r["instansi_id"])} for r in rows]
    return base.page_result("changes", out, total, query.page, query.page_size)
