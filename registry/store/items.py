"""Items of every kind: create, read, list, update, soft-delete and restore."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from piccolo.columns.combination import WhereRaw

from models.tables import Classification, Item, ReferenceNode, Relationship
from registry import db
from registry import metamodel as mm
from registry.errors import Conflict, FieldError, Invalid, NotFound
from registry.store import base
from registry.store.instansi import check_version, get_instansi_row
from registry.store.reference import nodes_for_codes
from registry.store.validate import ItemDraft, check_reference_codes, validate_item

SORTS = {
    "name": ("name", False),
    "-name": ("name", True),
    "key": ("key", False),
    "-key": ("key", True),
    "kind": ("kind", False),
    "-kind": ("kind", True),
    "status": ("status", False),
    "-status": ("status", True),
    "updated_at": ("updated_at", False),
    "-updated_at": ("updated_at", True),
    "created_at": ("created_at", False),
    "-created_at": ("created_at", True),
}


def split_ref(ref: str, default_instansi: str) -> str:
    """A key in the current government, or a global reference `<instansi-code>:<key>`."""
    return ref if ":" in ref else f"{default_instansi}:{ref}"


async def rows_by_ref(refs: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Many items by global reference, in one query (deleted ones included)."""
    if not refs:
        return {}
    rows = await Item.select(*base.ITEM_COLUMNS).where(Item.ref.is_in(sorted(set(refs))))
    return {r["ref"]: r for r in rows}


async def get_item_row(instansi_code: str, key: str) -> dict[str, Any]:
    row = await Item.select(*base.ITEM_COLUMNS).where(Item.ref == f"{instansi_code}:{key}").first()
    if row is None:
        await get_instansi_row(instansi_code, allow_deleted=True)  # 404 names the government
        raise NotFound.one("key", "not_found", what="item", ident=f"{instansi_code}:{key}")
    return row


async def _item_dict(row_id: int) -> dict[str, Any]:
    row = await Item.select(*base.ITEM_COLUMNS).where(Item.id == row_id).first()
    assert row is not None
    codes = await base.codes_by_item([row_id])
    return base.item_out(row, codes[row_id])


# --------------------------------------------------------------------------------------------
# Reading


@dataclass
class ItemQuery:
    instansi: str | None = None
    kinds: list[str] | None = None
    layer: str | None = None
    unit: str | None = None  # owner unit key (or global ref)
    status: str | None = None
    reference: str | None = None  # code; matches the node and its descendants
    q: str | None = None
    sort: str = "name"
    page: int = 1
    page_size: int = 50
    deleted: str = "exclude"  # exclude | include | only


def _validate_query(query: ItemQuery) -> None:
    errors = []
    for kind in query.kinds or []:
        if kind not in mm.KIND_MAP:
            errors.append(
                FieldError(
                    "kind", "unknown_kind", {"kind": kind, "allowed": ", ".join(mm.KIND_MAP)}
                )
            )
    if query.layer and query.layer not in mm.LAYER_MAP:
        errors.append(
            FieldError(
                "layer", "unknown_layer", {"layer": query.layer, "allowed": ", ".join(mm.LAYER_MAP)}
            )
        )
    if query.sort not in SORTS:
        errors.append(
            FieldError("sort", "bad_sort", {"sort": query.sort, "allowed": ", ".join(SORTS)})
        )
    errors += base.paging_errors(query.page, query.page_size)
    errors += base.choice_error("deleted", query.deleted, base.DELETED_MODES)
    if errors:
        raise Invalid(errors)


async def list_items(query: ItemQuery) -> dict[str, Any]:
    """One page of items. A constant number of queries whatever the page size:
    government check, count, page (owner and government joined), reference codes."""
    _validate_query(query)
    conditions: list[Any] = []
    instansi_row = None
    if query.instansi:
        instansi_row = await get_instansi_row(query.instansi)
        conditions.append(Item.instansi == instansi_row["id"])
    kinds = list(query.kinds or [])
    if query.layer:
        layer_kinds = mm.kinds_in_layer(query.layer)
        kinds = [k for k in kinds if k in layer_kinds] if kinds else layer_kinds
        if not kinds:
            kinds = ["-"]
    if kinds:
        conditions.append(Item.kind.is_in(kinds))
    if query.unit:
        owner_ref = split_ref(query.unit, query.instansi) if query.instansi else query.unit
        conditions.append(Item.owner.is_in(Item.select(Item.id).where(Item.ref == owner_ref)))
    if query.status:
        conditions.append(Item.status == query.status.lower())
    if query.reference:
        code = query.reference.strip()
        node_ids = ReferenceNode.select(ReferenceNode.id).where(
            (ReferenceNode.code == code) | ReferenceNode.code.like(f"{code}.%")
        )
        if instansi_row:
            node_ids = node_ids.where(
                ReferenceNode.framework == instansi_row["reference_framework"]
            )
        conditions.append(
            Item.id.is_in(
                Classification.select(Classification.item).where(
                    Classification.node.is_in(node_ids)
                )
            )
        )
    if query.q:
        pattern = f"%{query.q.strip()}%"
        text_attrs = (
            WhereRaw('CAST("item"."attributes" AS TEXT) ILIKE {}', pattern)
            if db.engine_kind(db.engine()) == "postgres"
            else WhereRaw('"item"."attributes" LIKE {}', pattern)
        )
        conditions.append(
            base.ilike(Item.name, pattern)
            | base.ilike(Item.key, pattern)
            | base.ilike(Item.description, pattern)
            | text_attrs
        )
    conditions.append(base.deleted_condition(Item.deleted_at, query.deleted))

    select = Item.select(*base.ITEM_COLUMNS)
    column, descending = SORTS[query.sort]
    if column in ("name", "key"):
        select = select.order_by(base.order_text(column), ascending=not descending)
    else:
        select = select.order_by(getattr(Item, column), ascending=not descending)
    select = select.order_by(Item.id, ascending=not descending)
    rows, total = await base.fetch_page(Item, select, conditions, query.page, query.page_size)
    codes = await base.codes_by_item([r["id"] for r in rows])
    items = [base.item_out(r, codes[r["id"]]) for r in rows]
    return base.page_result("items", items, total, query.page, query.page_size)


async def relationships_of(item_id: int) -> dict[str, list[dict[str, Any]]]:
    rows = (
        await Relationship.select(*base.RELATIONSHIP_COLUMNS)
        .where(
            ((Relationship.source == item_id) | (Relationship.target == item_id))
            & Relationship.deleted_at.is_null()
        )
        .order_by(Relationship.type)
        .order_by(Relationship.id)
    )
    outgoing, incoming = [], []
    for row in rows:
        rel = base.relationship_out(row)
        spec = mm.RELATIONSHIP_MAP.get(row["type"])
        if row["source"] == item_id:
            rel["label"] = spec.label_id if spec else row["type"]
            rel["label_en"] = spec.label_en if spec else row["type"]
            outgoing.append(rel)
        if row["target"] == item_id:
            rel = dict(rel)
            rel["label"] = spec.inverse_id if spec else row["type"]
            rel["label_en"] = spec.inverse_en if spec else row["type"]
            incoming.append(rel)
    return {"outgoing": outgoing, "incoming": incoming}


async def get_item(instansi_code: str, key: str) -> dict[str, Any]:
    """An item with its relationships both ways (and, for a unit, what it owns)."""
    row = await get_item_row(instansi_code, key)
    codes = await base.codes_by_item([row["id"]])
    out = base.item_out(row, codes[row["id"]])
    out["relationships"] = await relationships_of(row["id"])
    if row["kind"] == "unit":
        owned = (
            await Item.select(Item.ref, Item.key, Item.kind, Item.name)
            .where((Item.owner == row["id"]) & Item.deleted_at.is_null())
            .order_by(Item.kind)
            .order_by(Item.key)
        )
        out["owns"] = owned
    return out


# --------------------------------------------------------------------------------------------
# Writing


async def _resolve_owner(
    instansi_code: str, instansi_id: int, owner: str | None, item_id: int | None = None
) -> int | None:
    if owner is None:
        return None
    ref = split_ref(owner, instansi_code)
    row = (
        await Item.select(Item.id, Item.kind, Item.instansi, Item.deleted_at)
        .where(Item.ref == ref)
        .first()
    )
    if row is None or row["instansi"] != instansi_id:
        raise Invalid.one("owner", "unknown_owner", owner=owner, instansi=instansi_code)
    if row["deleted_at"] is not None:
        raise Invalid.one("owner", "relationship_deleted_end", ref=ref)
    if row["kind"] != "unit":
        raise Invalid.one("owner", "owner_not_unit", owner=owner, kind=row["kind"])
    if item_id is not None and row["id"] == item_id:
        raise Invalid.one("owner", "owner_self")
    return row["id"]


async def _resolve_codes(draft: ItemDraft, framework: str) -> list[int]:
    nodes = await nodes_for_codes(framework, draft.reference_codes)
    errors = check_reference_codes(draft.kind, draft.reference_codes, nodes, framework)
    if errors:
        raise Invalid(errors)
    return [nodes[c][0] for c in draft.reference_codes]


async def _set_classifications(item_id: int, node_ids: list[int]) -> None:
    await Classification.delete().where(Classification.item == item_id)
    if node_ids:
        await Classification.insert(
            *[
                Classification(item=item_id, node=n, natural_key=f"{item_id}:{n}")
                for n in sorted(set(node_ids))
            ]
        )


async def create_item(instansi_code: str, data: dict[str, Any], *, actor: str) -> dict[str, Any]:
    draft, errors, _ = validate_item(data)
    if errors or draft is None:
        raise Invalid(errors)
    instansi = await get_instansi_row(instansi_code)
    ref = f"{instansi_code}:{draft.key}"
    existing = await Item.select(Item.id, Item.deleted_at).where(Item.ref == ref).first()
    if existing:
        code = "exists_deleted" if existing["deleted_at"] else "already_exists"
        raise Conflict.one("key", code, what="item", ident=ref)
    owner_id = await _resolve_owner(instansi_code, instansi["id"], draft.owner)
    node_ids = await _resolve_codes(draft, instansi["reference_framework"])
    at = base.now()
    async with db.transaction():
        inserted = await Item.insert(
            Item(
                instansi=instansi["id"],
                kind=draft.kind,
                key=draft.key,
                ref=ref,
                name=draft.name,
                description=draft.description,
                owner=owner_id,
                status=draft.status,
                attributes=base.dumps(draft.attributes),
                custom=base.dumps(draft.custom),
                version=1,
                created_at=at,
                updated_at=at,
                created_by=actor,
                updated_by=actor,
            )
        ).returning(Item.id)
        item_id = inserted[0]["id"]
        await _set_classifications(item_id, node_ids)
        item = await _item_dict(item_id)
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action="create",
                    entity="item",
                    entity_id=item_id,
                    label=ref,
                    version=1,
                    before=None,
                    after=_snapshot_of(item),
                    instansi_id=instansi["id"],
                    subject_id=item_id,
                    at=at,
                )
            ]
        )
    return item


def _snapshot_of(item: dict[str, Any]) -> dict[str, Any]:
    return {k: item[k] for k in base.SNAPSHOT_KEYS}


def _merge(current: dict[str, Any], patch: dict[str, Any] | None) -> dict[str, Any]:
    """JSON merge patch for attribute maps: a null value removes the key."""
    out = dict(current)
    for k, v in (patch or {}).items():
        if v is None:
            out.pop(k, None)
        else:
            out[k] = v
    return out


async def update_item(
    instansi_code: str,
    key: str,
    patch: dict[str, Any],
    *,
    version: int | None,
    actor: str,
) -> dict[str, Any]:
    row = await get_item_row(instansi_code, key)
    if row["deleted_at"] is not None:
        raise Conflict.one("key", "is_deleted", what="item", ident=row["ref"])
    check_version(version, row["version"])
    if not isinstance(patch, dict):
        raise Invalid([FieldError("$", "bad_type", {"expected": "objek", "expected_en": "object"})])
    codes = (await base.codes_by_item([row["id"]]))[row["id"]]
    current = base.item_snapshot(row, codes)
    if "kind" in patch and patch["kind"] != current["kind"]:
        raise Invalid.one("kind", "kind_immutable", old=current["kind"], new=patch["kind"])
    merged = {
        "kind": current["kind"],
        "key": current["key"],
        "name": current["name"],
        "description": current["description"],
        "owner": current["owner"],
        "status": current["status"],
        "reference_codes": current["reference_codes"],
        "attributes": current["attributes"],
        "custom": current["custom"],
    }
    for field_name in ("key", "name", "description", "owner", "status", "reference_codes"):
        if field_name in patch:
            merged[field_name] = patch[field_name]
    if "attributes" in patch:
        if patch["attributes"] is not None and not isinstance(patch["attributes"], dict):
            raise Invalid.one("attributes", "bad_type", expected="objek", expected_en="object")
        merged["attributes"] = _merge(current["attributes"], patch["attributes"])
    if "custom" in patch:
        if patch["custom"] is not None and not isinstance(patch["custom"], dict):
            raise Invalid.one("custom", "bad_type", expected="objek", expected_en="object")
        merged["custom"] = _merge(current["custom"], patch["custom"])
    extra = {k: v for k, v in patch.items() if k not in merged and k != "version"}
    draft, errors, _ = validate_item({**merged, **extra})
    if errors or draft is None:
        raise Invalid(errors)
    instansi = await get_instansi_row(instansi_code)
    owner_id = await _resolve_owner(instansi_code, instansi["id"], draft.owner, row["id"])
    node_ids = await _resolve_codes(draft, instansi["reference_framework"])
    new_ref = f"{instansi_code}:{draft.key}"
    if draft.key != current["key"] and await Item.exists().where(Item.ref == new_ref):
        raise Conflict.one("key", "already_exists", what="item", ident=new_ref)
    changes: dict[Any, Any] = {}
    if draft.key != current["key"]:
        changes[Item.key] = draft.key
        changes[Item.ref] = new_ref
    if draft.name != current["name"]:
        changes[Item.name] = draft.name
    if draft.description != current["description"]:
        changes[Item.description] = draft.description
    if owner_id != row["owner"]:
        changes[Item.owner] = owner_id
    if draft.status != current["status"]:
        changes[Item.status] = draft.status
    if draft.attributes != current["attributes"]:
        changes[Item.attributes] = base.dumps(draft.attributes)
    if draft.custom != current["custom"]:
        changes[Item.custom] = base.dumps(draft.custom)
    codes_changed = sorted(draft.reference_codes) != current["reference_codes"]
    if not changes and not codes_changed:
        return await get_item(instansi_code, key)
    at = base.now()
    async with db.transaction():
        updated = (
            await Item.update(
                {
                    **changes,
                    Item.version: row["version"] + 1,
                    Item.updated_at: at,
                    Item.updated_by: actor,
                }
            )
            .where((Item.id == row["id"]) & (Item.version == row["version"]))
            .returning(Item.id)
        )
        if not updated:
            fresh = await Item.select(Item.version).where(Item.id == row["id"]).first()
            raise Conflict.one(
                "version",
                "stale_version",
                given=row["version"],
                current=fresh["version"] if fresh else "?",
            )
        if codes_changed:
            await _set_classifications(row["id"], node_ids)
        item = await _item_dict(row["id"])
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action="update",
                    entity="item",
                    entity_id=row["id"],
                    label=item["ref"],
                    version=item["version"],
                    before=current,
                    after=_snapshot_of(item),
                    instansi_id=row["instansi"],
                    subject_id=row["id"],
                    at=at,
                )
            ]
        )
    return await get_item(instansi_code, draft.key)


async def delete_item(
    instansi_code: str, key: str, *, version: int | None, actor: str
) -> dict[str, Any]:
    """Soft-delete an item and, with it, its live relationships (restored together)."""
    row = await get_item_row(instansi_code, key)
    if row["deleted_at"] is not None:
        raise Conflict.one("key", "is_deleted", what="item", ident=row["ref"])
    check_version(version, row["version"], required=False)
    if row["kind"] == "unit":
        owned = await Item.count().where((Item.owner == row["id"]) & Item.deleted_at.is_null())
        if owned:
            raise Conflict.one("key", "unit_has_items", ref=row["ref"], count=owned)
    return await _set_deleted(row, deleted=True, actor=actor)


async def restore_item(instansi_code: str, key: str, *, actor: str) -> dict[str, Any]:
    row = await get_item_row(instansi_code, key)
    if row["deleted_at"] is None:
        raise Conflict.one("key", "not_deleted", what="item", ident=row["ref"])
    await get_instansi_row(instansi_code)
    return await _set_deleted(row, deleted=False, actor=actor)


async def _set_deleted(row: dict[str, Any], *, deleted: bool, actor: str) -> dict[str, Any]:
    at = base.now()
    item_id = row["id"]
    codes = (await base.codes_by_item([item_id]))[item_id]
    before = base.item_snapshot(row, codes)
    async with db.transaction():
        await Item.update(
            {
                Item.deleted_at: at if deleted else None,
                Item.version: row["version"] + 1,
                Item.updated_at: at,
                Item.updated_by: actor,
            }
        ).where(Item.id == item_id)
        if deleted:
            rel_rows = await Relationship.select(*base.RELATIONSHIP_COLUMNS).where(
                ((Relationship.source == item_id) | (Relationship.target == item_id))
                & Relationship.deleted_at.is_null()
            )
        else:
            # Bring back what this item's delete took down, unless the other end is gone.
            rel_rows = await Relationship.select(*base.RELATIONSHIP_COLUMNS).where(
                (Relationship.deleted_with == item_id)
                & Relationship.source.deleted_at.is_null()
                & Relationship.target.deleted_at.is_null()
            )
        rel_ids = [r["id"] for r in rel_rows]
        if rel_ids:
            await Relationship.update(
                {
                    Relationship.deleted_at: at if deleted else None,
                    Relationship.deleted_with: item_id if deleted else None,
                    Relationship.version: Relationship.version + 1,
                    Relationship.updated_at: at,
                    Relationship.updated_by: actor,
                }
            ).where(Relationship.id.is_in(rel_ids))
        item = await _item_dict(item_id)
        action = "delete" if deleted else "restore"
        changes = [
            base.change_row(
                actor=actor,
                action=action,
                entity="item",
                entity_id=item_id,
                label=row["ref"],
                version=item["version"],
                before=before,
                after=_snapshot_of(item),
                instansi_id=row["instansi"],
                subject_id=item_id,
                at=at,
            )
        ]
        for rel in rel_rows:
            rel_before = base.relationship_snapshot(rel)
            rel_after = {**rel_before, "version": rel["version"] + 1, "deleted": deleted}
            changes.append(
                base.change_row(
                    actor=actor,
                    action=action,
                    entity="relationship",
                    entity_id=rel["id"],
                    label=base.relationship_label(rel),
                    version=rel["version"] + 1,
                    before=rel_before,
                    after=rel_after,
                    instansi_id=rel["instansi"],
                    subject_id=rel["source"],
                    object_id=rel["target"],
                    cascade=True,
                    at=at,
                )
            )
        await base.record(changes)
    return await get_item(row["instansi_code"], row["key"])
