"""Relationships: typed, directed edges between items, validated by the meta-model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.tables import Item, Relationship
from registry import db
from registry import metamodel as mm
from registry.errors import Conflict, FieldError, Invalid, NotFound
from registry.store import base
from registry.store.instansi import check_version, get_instansi_row
from registry.store.items import rows_by_ref, split_ref
from registry.store.validate import End, check_relationship

REL_FIELDS = ("source", "type", "target", "attributes")


def end_of(row: dict[str, Any]) -> End:
    return End(
        ref=row["ref"],
        kind=row["kind"],
        instansi_code=row["instansi_code"],
        instansi_level=row["instansi_level"],
        deleted=row["deleted_at"] is not None,
    )


async def _get_row(rel_id: int) -> dict[str, Any]:
    row = (
        await Relationship.select(*base.RELATIONSHIP_COLUMNS)
        .where(Relationship.id == rel_id)
        .first()
        if base.id_in_range(rel_id)
        else None
    )
    if row is None:
        raise NotFound.one("id", "not_found", what="relasi / relationship", ident=str(rel_id))
    return row


async def get_relationship(rel_id: int) -> dict[str, Any]:
    return base.relationship_out(await _get_row(rel_id))


def _parse(data: Any) -> tuple[str, str, str, Any]:
    errors: list[FieldError] = []
    if not isinstance(data, dict):
        raise Invalid([FieldError("$", "bad_type", {"expected": "objek", "expected_en": "object"})])
    for extra in sorted(set(data) - set(REL_FIELDS) - {"version"}):
        errors.append(
            FieldError(
                extra,
                "unknown_field",
                {"name": extra, "kind": "relationship", "allowed": ", ".join(REL_FIELDS)},
            )
        )
    values = []
    for name in ("source", "type", "target"):
        value = data.get(name)
        if value is None:
            errors.append(FieldError(name, "required"))
        elif not isinstance(value, str) or not value.strip():
            errors.append(FieldError(name, "bad_type", {"expected": "teks", "expected_en": "text"}))
        values.append(value.strip() if isinstance(value, str) else "")
    if errors:
        raise Invalid(errors)
    return values[0], values[1], values[2], data.get("attributes") or {}


async def create_relationship(
    instansi_code: str, data: dict[str, Any], *, actor: str
) -> dict[str, Any]:
    source_ref, rel_type, target_ref, attributes = _parse(data)
    instansi = await get_instansi_row(instansi_code)
    source_ref = split_ref(source_ref, instansi_code)
    target_ref = split_ref(target_ref, instansi_code)
    rows = await rows_by_ref([source_ref, target_ref])
    errors = []
    for name, ref in (("source", source_ref), ("target", target_ref)):
        if ref not in rows:
            errors.append(FieldError(name, "unknown_item", {"ref": ref}))
    if errors:
        raise Invalid(errors)
    source, target = rows[source_ref], rows[target_ref]
    if source["instansi"] != instansi["id"]:
        raise Invalid.one(
            "source", "relationship_wrong_instansi", ref=source_ref, instansi=instansi_code
        )
    attrs, errors = check_relationship(rel_type, end_of(source), end_of(target), attributes)
    if errors:
        raise Invalid(errors)
    natural_key = f"{source['id']}:{rel_type}:{target['id']}"
    existing = (
        await Relationship.select(*base.RELATIONSHIP_COLUMNS)
        .where(Relationship.natural_key == natural_key)
        .first()
    )
    if existing and existing["deleted_at"] is None:
        raise Conflict.one(
            "target",
            "relationship_exists",
            source=source_ref,
            type=rel_type,
            target=target_ref,
            id=existing["id"],
        )
    at = base.now()
    async with db.transaction():
        if existing:
            # The same edge existed and was deleted: bring it back rather than duplicate it.
            await Relationship.update(
                {
                    Relationship.deleted_at: None,
                    Relationship.deleted_with: None,
                    Relationship.attributes: base.dumps(attrs),
                    Relationship.version: existing["version"] + 1,
                    Relationship.updated_at: at,
                    Relationship.updated_by: actor,
                }
            ).where(Relationship.id == existing["id"])
            rel_id = existing["id"]
            before = base.relationship_snapshot(existing)
        else:
            inserted = await Relationship.insert(
                Relationship(
                    instansi=instansi["id"],
                    source=source["id"],
                    target=target["id"],
                    type=rel_type,
                    natural_key=natural_key,
                    attributes=base.dumps(attrs),
                    version=1,
                    created_at=at,
                    updated_at=at,
                    created_by=actor,
                    updated_by=actor,
                )
            ).returning(Relationship.id)
            rel_id = inserted[0]["id"]
            before = None
        row = await _get_row(rel_id)
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action="create",
                    entity="relationship",
                    entity_id=rel_id,
                    label=base.relationship_label(row),
                    version=row["version"],
                    before=before,
                    after=base.relationship_snapshot(row),
                    instansi_id=instansi["id"],
                    subject_id=source["id"],
                    object_id=target["id"],
                    at=at,
                )
            ]
        )
    return base.relationship_out(row)


async def update_relationship(
    rel_id: int, data: dict[str, Any], *, version: int | None, actor: str
) -> dict[str, Any]:
    """Only attributes change; a relationship's ends and type are its identity."""
    row = await _get_row(rel_id)
    if row["deleted_at"] is not None:
        raise Conflict.one("id", "is_deleted", what="relasi / relationship", ident=str(rel_id))
    check_version(version, row["version"])
    if not isinstance(data, dict):
        raise Invalid([FieldError("$", "bad_type", {"expected": "objek", "expected_en": "object"})])
    errors = []
    for name in ("source", "type", "target"):
        current = row["type"] if name == "type" else row[f"{name}_ref"]
        if name in data and data[name] not in (current, row.get(f"{name}_key")):
            errors.append(
                FieldError(name, "immutable", {"name": name, "old": current, "new": data[name]})
            )
    for extra in sorted(set(data) - set(REL_FIELDS) - {"version"}):
        errors.append(
            FieldError(
                extra,
                "unknown_field",
                {"name": extra, "kind": "relationship", "allowed": "attributes"},
            )
        )
    if errors:
        raise Invalid(errors)
    patch = data.get("attributes") or {}
    if not isinstance(patch, dict):
        raise Invalid.one("attributes", "bad_type", expected="objek", expected_en="object")
    current_attrs = base.loads(row["attributes"]) or {}
    merged = dict(current_attrs)
    for k, v in patch.items():
        if v is None:
            merged.pop(k, None)
        else:
            merged[k] = v
    spec = mm.RELATIONSHIP_MAP[row["type"]]
    attrs, errors = mm.validate_attributes(spec.name, spec.attribute_map, merged)
    if errors:
        raise Invalid(errors)
    if attrs == current_attrs:
        return base.relationship_out(row)
    at = base.now()
    async with db.transaction():
        updated = (
            await Relationship.update(
                {
                    Relationship.attributes: base.dumps(attrs),
                    Relationship.version: row["version"] + 1,
                    Relationship.updated_at: at,
                    Relationship.updated_by: actor,
                }
            )
            .where((Relationship.id == rel_id) & (Relationship.version == row["version"]))
            .returning(Relationship.id)
        )
        if not updated:
            fresh = await _get_row(rel_id)
            raise Conflict.one(
                "version", "stale_version", given=row["version"], current=fresh["version"]
            )
        after = await _get_row(rel_id)
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action="update",
                    entity="relationship",
                    entity_id=rel_id,
                    label=base.relationship_label(after),
                    version=after["version"],
                    before=base.relationship_snapshot(row),
                    after=base.relationship_snapshot(after),
                    instansi_id=row["instansi"],
                    subject_id=row["source"],
                    object_id=row["target"],
                    at=at,
                )
            ]
        )
    return base.relationship_out(after)


async def set_relationship_deleted(
    rel_id: int, *, deleted: bool, version: int | None, actor: str
) -> dict[str, Any]:
    row = await _get_row(rel_id)
    what = "relasi / relationship"
    if deleted and row["deleted_at"] is not None:
        raise Conflict.one("id", "is_deleted", what=what, ident=str(rel_id))
    if not deleted:
        if row["deleted_at"] is None:
            raise Conflict.one("id", "not_deleted", what=what, ident=str(rel_id))
        ends = await rows_by_ref([row["source_ref"], row["target_ref"]])
        for name in ("source", "target"):
            if ends[row[f"{name}_ref"]]["deleted_at"] is not None:
                raise Conflict.one(name, "relationship_deleted_end", ref=row[f"{name}_ref"])
    check_version(version, row["version"], required=False)
    at = base.now()
    async with db.transaction():
        await Relationship.update(
            {
                Relationship.deleted_at: at if deleted else None,
                Relationship.deleted_with: None,
                Relationship.version: row["version"] + 1,
                Relationship.updated_at: at,
                Relationship.updated_by: actor,
            }
        ).where(Relationship.id == rel_id)
        after = await _get_row(rel_id)
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action="delete" if deleted else "restore",
                    entity="relationship",
                    entity_id=rel_id,
                    label=base.relationship_label(after),
                    version=after["version"],
                    before=base.relationship_snapshot(row),
                    after=base.relationship_snapshot(after),
                    instansi_id=row["instansi"],
                    subject_id=row["source"],
                    object_id=row["target"],
                    at=at,
                )
            ]
        )
    return base.relationship_out(after)


@dataclass
class RelationshipQuery:
    instansi: str
    type: str | None = None
    item: str | None = None  # key or ref: relationships touching this item
    direction: str = "both"  # out | in | both
    page: int = 1
    page_size: int = 100
    deleted: str = "exclude"


async def list_relationships(query: RelationshipQuery) -> dict[str, Any]:
    errors = []
    if query.type and query.type not in mm.RELATIONSHIP_MAP:
        errors.append(
            FieldError(
                "type",
                "unknown_relationship_type",
                {"type": query.type, "allowed": ", ".join(mm.RELATIONSHIP_MAP)},
            )
        )
    errors += base.choice_error("direction", query.direction, ("out", "in", "both"))
    errors += base.choice_error("deleted", query.deleted, base.DELETED_MODES)
    errors += base.paging_errors(query.page, query.page_size)
    if errors:
        raise Invalid(errors)
    instansi = await get_instansi_row(query.instansi)
    conditions: list[Any] = []
    if query.item:
        item_ids = Item.select(Item.id).where(Item.ref == split_ref(query.item, query.instansi))
        by_source = Relationship.source.is_in(item_ids)
        by_target = Relationship.target.is_in(item_ids)
        conditions.append(
            by_source
            if query.direction == "out"
            else by_target
            if query.direction == "in"
            else by_source | by_target
        )
    else:
        # A government's relationships: those it starts, and those that reach into it.
        conditions.append(
            (Relationship.instansi == instansi["id"])
            | Relationship.target.is_in(Item.select(Item.id).where(Item.instansi == instansi["id"]))
        )
    if query.type:
        conditions.append(Relationship.type == query.type)
    if query.deleted == "exclude":
        conditions.append(Relationship.deleted_at.is_null())
    elif query.deleted == "only":
        conditions.append(Relationship.deleted_at.is_not_null())
    select = Relationship.select(*base.RELATIONSHIP_COLUMNS)
    count = Relationship.count()
    for cond in conditions:
        select = select.where(cond)
        count = count.where(cond)
    total = await count
    rows = (
        await select.order_by(Relationship.id)
        .limit(query.page_size)
        .offset((query.page - 1) * query.page_size)
    )
    return {
        "relationships": [base.relationship_out(r) for r in rows],
        "total": total,
        "page": query.page,
        "page_size": query.page_size,
        "pages": max(1, -(-total // query.page_size)),
    }
