"""Shared pieces of the store: time, JSON columns, snapshots and the change log."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec
from piccolo.query.mixins import OrderByRaw

from models.tables import Change, Classification, Instansi, Item, Relationship
from registry import db
from registry.errors import FieldError

JSON_ENCODER = msgspec.json.Encoder(order="sorted")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def dumps(value: Any) -> str:
    return JSON_ENCODER.encode(value).decode()


def loads(value: Any) -> Any:
    """JSON columns come back as text (SQLite, asyncpg without codecs) or already decoded."""
    if type(value) is str:  # the common case first: a national snapshot calls this 480,000 times
        return msgspec.json.decode(value)
    if value is None or isinstance(value, dict | list):
        return value
    if isinstance(value, bytes | str):
        return msgspec.json.decode(value)
    return value


def iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def new_batch_id() -> str:
    return uuid.uuid4().hex


def chunks(seq: Sequence[Any], size: int = 500) -> Iterable[Sequence[Any]]:
    for i in range(0, len(seq), size):
        yield seq[i : i + size]


def ilike(column: Any, pattern: str) -> Any:
    """Case-insensitive LIKE on both engines (SQLite's LIKE already ignores ASCII case)."""
    if db.engine_kind(db.engine()) == "postgres":
        return column.ilike(pattern)
    return column.like(pattern)


def order_text(column: str, table: str = "item") -> OrderByRaw:
    """Case-insensitive, byte-wise ordering that is the same on SQLite and PostgreSQL."""
    collate = ' COLLATE "C"' if db.engine_kind(db.engine()) == "postgres" else ""
    return OrderByRaw(f'lower("{table}"."{column}"){collate}')


# --------------------------------------------------------------------------------------------
# Lists: choices, paging, deleted filter (shared by every list in the store)

MAX_PAGE_SIZE = 1000
MAX_PAGE = 1_000_000  # past this an offset overflows SQLite's integers
MAX_ID = 2**31 - 1  # row ids are 32-bit on PostgreSQL; larger numbers name nothing


def id_in_range(value: int) -> bool:
    return 1 <= value <= MAX_ID


DELETED_MODES = ("exclude", "include", "only")


def choice_error(field: str, value: str | None, choices: Sequence[str]) -> list[FieldError]:
    if value is None or value in choices:
        return []
    return [FieldError(field, "not_in_choices", {"value": value, "choices": ", ".join(choices)})]


def paging_errors(page: int, page_size: int) -> list[FieldError]:
    errors = []
    if not 1 <= page <= MAX_PAGE:
        errors.append(FieldError("page", "out_of_range", {"minimum": 1, "maximum": MAX_PAGE}))
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        errors.append(
            FieldError("page_size", "out_of_range", {"minimum": 1, "maximum": MAX_PAGE_SIZE})
        )
    return errors


def deleted_condition(column: Any, mode: str) -> Any | None:
    """`exclude` live rows only, `only` deleted ones, `include` both (no condition)."""
    if mode == "exclude":
        return column.is_null()
    if mode == "only":
        return column.is_not_null()
    return None


async def fetch_page(
    table: Any, select: Any, conditions: Sequence[Any], page: int, page_size: int
) -> tuple[list[dict[str, Any]], int]:
    """Rows of one page and the total, in two queries; `select` carries its own ordering."""
    count = table.count()
    for cond in conditions:
        if cond is not None:
            select = select.where(cond)
            count = count.where(cond)
    total = await count
    rows = await select.limit(page_size).offset((page - 1) * page_size)
    return rows, total


def page_result(
    key: str, rows: list[dict[str, Any]], total: int, page: int, page_size: int
) -> dict[str, Any]:
    return {
        key: rows,
        "total": total,
        "page": page,
        "page_size": page_size,
        "pages": max(1, -(-total // page_size)),
    }


# --------------------------------------------------------------------------------------------
# Item rows

ITEM_COLUMNS = (
    Item.id,
    Item.instansi,
    Item.instansi.code.as_alias("instansi_code"),
    Item.instansi.level.as_alias("instansi_level"),
    Item.kind,
    Item.key,
    Item.ref,
    Item.name,
    Item.description,
    Item.owner,
    Item.owner.key.as_alias("owner_key"),
    Item.owner.name.as_alias("owner_name"),
    Item.status,
    Item.attributes,
    Item.custom,
    Item.version,
    Item.created_at,
    Item.updated_at,
    Item.created_by,
    Item.updated_by,
    Item.deleted_at,
)


async def codes_by_item(item_ids: Sequence[int]) -> dict[int, list[str]]:
    """Reference codes of many items in one query."""
    out: dict[int, list[str]] = {i: [] for i in item_ids}
    if not item_ids:
        return out
    rows = await Classification.select(
        Classification.item, Classification.node.code.as_alias("code")
    ).where(Classification.item.is_in(list(item_ids)))
    for row in rows:
        out[row["item"]].append(row["code"])
    for codes in out.values():
        codes.sort()
    return out


SNAPSHOT_KEYS = (
    "ref",
    "instansi",
    "kind",
    "key",
    "name",
    "description",
    "owner",
    "status",
    "reference_codes",
    "attributes",
    "custom",
    "version",
    "deleted",
)


def item_snapshot(row: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    """The item as recorded in the change log and returned by the API (without links)."""
    return {
        "ref": row["ref"],
        "instansi": row["instansi_code"],
        "kind": row["kind"],
        "key": row["key"],
        "name": row["name"],
        "description": row["description"],
        "owner": row["owner_key"],
        "status": row["status"],
        "reference_codes": codes,
        "attributes": loads(row["attributes"]) or {},
        "custom": loads(row["custom"]) or {},
        "version": row["version"],
        "deleted": row["deleted_at"] is not None,
    }


def item_out(row: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    out = item_snapshot(row, codes)
    out["owner_name"] = row.get("owner_name")
    out["created_at"] = iso(row["created_at"])
    out["updated_at"] = iso(row["updated_at"])
    out["created_by"] = row["created_by"]
    out["updated_by"] = row["updated_by"]
    out["deleted_at"] = iso(row["deleted_at"])
    out["url"] = f"/api/instansi/{row['instansi_code']}/items/{row['key']}"
    return out


# --------------------------------------------------------------------------------------------
# Relationship rows

RELATIONSHIP_COLUMNS = (
    Relationship.id,
    Relationship.instansi,
    Relationship.instansi.code.as_alias("instansi_code"),
    Relationship.type,
    Relationship.source,
    Relationship.source.ref.as_alias("source_ref"),
    Relationship.source.key.as_alias("source_key"),
    Relationship.source.kind.as_alias("source_kind"),
    Relationship.source.name.as_alias("source_name"),
    Relationship.target,
    Relationship.target.ref.as_alias("target_ref"),
    Relationship.target.key.as_alias("target_key"),
    Relationship.target.kind.as_alias("target_kind"),
    Relationship.target.name.as_alias("target_name"),
    Relationship.attributes,
    Relationship.version,
    Relationship.created_at,
    Relationship.updated_at,
    Relationship.created_by,
    Relationship.updated_by,
    Relationship.deleted_at,
)


def relationship_label(row: dict[str, Any]) -> str:
    return f"{row['source_ref']} -[{row['type']}]-> {row['target_ref']}"


def relationship_snapshot(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "instansi": row["instansi_code"],
        "type": row["type"],
        "source": row["source_ref"],
        "target": row["target_ref"],
        "attributes": loads(row["attributes"]) or {},
        "version": row["version"],
        "deleted": row["deleted_at"] is not None,
    }


def relationship_out(row: dict[str, Any]) -> dict[str, Any]:
    out = relationship_snapshot(row)
    out["source"] = {
        "ref": row["source_ref"],
        "key": row["source_key"],
        "kind": row["source_kind"],
        "name": row["source_name"],
    }
    out["target"] = {
        "ref": row["target_ref"],
        "key": row["target_key"],
        "kind": row["target_kind"],
        "name": row["target_name"],
    }
    out["created_at"] = iso(row["created_at"])
    out["updated_at"] = iso(row["updated_at"])
    out["created_by"] = row["created_by"]
    out["updated_by"] = row["updated_by"]
    out["deleted_at"] = iso(row["deleted_at"])
    out["url"] = f"/api/relationships/{row['id']}"
    return out


# --------------------------------------------------------------------------------------------
# Instansi rows

INSTANSI_COLUMNS = (
    Instansi.id,
    Instansi.code,
    Instansi.name,
    Instansi.level,
    Instansi.reference_framework,
    Instansi.attributes,
    Instansi.version,
    Instansi.created_at,
    Instansi.updated_at,
    Instansi.created_by,
    Instansi.updated_by,
    Instansi.deleted_at,
)


def instansi_snapshot(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "code": row["code"],
        "name": row["name"],
        "level": row["level"],
        "reference_framework": row["reference_framework"],
        "attributes": loads(row["attributes"]) or {},
        "version": row["version"],
        "deleted": row["deleted_at"] is not None,
    }


# --------------------------------------------------------------------------------------------
# Change log


def change_row(
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int,
    label: str,
    version: int,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    instansi_id: int | None,
    subject_id: int | None = None,
    object_id: int | None = None,
    batch: str | None = None,
    cascade: bool = False,
    at: dt.datetime | None = None,
) -> Change:
    return Change(
        at=at or now(),
        actor=actor[:128],
        action=action,
        entity=entity,
        entity_id=entity_id,
        instansi_id=instansi_id,
        subject_id=subject_id,
        object_id=object_id,
        label=label[:300],
        version=version,
        batch=batch,
        before=dumps(before) if before is not None else None,
        after=dumps(after) if after is not None else None,
        cascade=cascade,
    )


async def record(changes: Sequence[Change]) -> None:
    for part in chunks(changes, 200):
        await Change.insert(*part)
