"""Governments (instansi): the national catalogue, K/L, provinces, regencies and cities."""

from __future__ import annotations

from typing import Any

from piccolo.query.functions.aggregate import Count

from models.tables import Instansi, Item
from registry import db
from registry import metamodel as mm
from registry.errors import Conflict, FieldError, Invalid, NotFound, PreconditionRequired
from registry.store import base
from registry.store.reference import framework_exists

INSTANSI_FIELDS = ("code", "name", "level", "reference_framework", "attributes")


def _validate(data: dict[str, Any], *, partial: bool, default_framework: str) -> dict[str, Any]:
    errors: list[FieldError] = []
    if not isinstance(data, dict):
        raise Invalid([FieldError("$", "bad_type", {"expected": "objek", "expected_en": "object"})])
    for extra in sorted(set(data) - set(INSTANSI_FIELDS) - {"version"}):
        errors.append(
            FieldError(
                extra,
                "unknown_field",
                {"name": extra, "kind": "instansi", "allowed": ", ".join(INSTANSI_FIELDS)},
            )
        )
    out: dict[str, Any] = {}
    for name, max_len in (("code", 64), ("name", 255), ("level", 16), ("reference_framework", 64)):
        if name not in data:
            continue
        value = data[name]
        if not isinstance(value, str):
            errors.append(FieldError(name, "bad_type", {"expected": "teks", "expected_en": "text"}))
            continue
        value = value.strip()
        if not value:
            errors.append(FieldError(name, "empty"))
        elif len(value) > max_len:
            errors.append(FieldError(name, "too_long", {"max": max_len}))
        else:
            out[name] = value
    if "code" in out and not mm.CODE_PATTERN.match(out["code"]):
        errors.append(FieldError("code", "bad_code", {"code": out["code"]}))
    if "level" in out:
        levels = [c.value for c in mm.INSTANSI_LEVELS]
        if out["level"] not in levels:
            errors.append(
                FieldError(
                    "level",
                    "not_in_choices",
                    {"value": out["level"], "choices": ", ".join(levels)},
                )
            )
    if "attributes" in data:
        if data["attributes"] is not None and not isinstance(data["attributes"], dict):
            errors.append(
                FieldError("attributes", "bad_type", {"expected": "objek", "expected_en": "object"})
            )
        else:
            out["attributes"] = data["attributes"] or {}
    if not partial:
        for name in ("code", "name", "level"):
            if name not in data:
                errors.append(FieldError(name, "required"))
        out.setdefault("reference_framework", default_framework)
        out.setdefault("attributes", {})
    if errors:
        raise Invalid(errors)
    return out


async def _get_row(code: str) -> dict[str, Any]:
    row = await Instansi.select(*base.INSTANSI_COLUMNS).where(Instansi.code == code).first()
    if row is None:
        raise NotFound.one("instansi", "not_found", what="instansi", ident=code)
    return row


async def get_instansi_row(code: str, *, allow_deleted: bool = False) -> dict[str, Any]:
    row = await _get_row(code)
    if row["deleted_at"] is not None and not allow_deleted:
        raise NotFound.one("instansi", "is_deleted", what="instansi", ident=code)
    return row


async def _counts(instansi_ids: list[int] | None = None) -> dict[int, dict[str, int]]:
    """Live items per kind per government, in one GROUP BY query."""
    query = Item.select(Item.instansi, Item.kind, Count(alias="n")).where(Item.deleted_at.is_null())
    if instansi_ids is not None:
        query = query.where(Item.instansi.is_in(instansi_ids or [-1]))
    rows = await query.group_by(Item.instansi, Item.kind)
    out: dict[int, dict[str, int]] = {}
    for row in rows:
        out.setdefault(row["instansi"], {})[row["kind"]] = row["n"]
    return out


def _out(row: dict[str, Any], counts: dict[str, int] | None) -> dict[str, Any]:
    out = base.instansi_snapshot(row)
    if counts is not None:
        out["counts"] = {k: counts[k] for k in mm.KIND_MAP if k in counts}
        out["total_items"] = sum(counts.values())
    out["created_at"] = base.iso(row["created_at"])
    out["updated_at"] = base.iso(row["updated_at"])
    out["created_by"] = row["created_by"]
    out["updated_by"] = row["updated_by"]
    out["url"] = f"/api/instansi/{row['code']}"
    return out


async def list_instansi(*, include_deleted: bool = False) -> list[dict[str, Any]]:
    query = Instansi.select(*base.INSTANSI_COLUMNS).order_by(Instansi.code)
    if not include_deleted:
        query = query.where(Instansi.deleted_at.is_null())
    rows = await query
    counts = await _counts()
    return [_out(r, counts.get(r["id"], {})) for r in rows]


async def get_instansi(code: str) -> dict[str, Any]:
    row = await _get_row(code)
    counts = await _counts([row["id"]])
    return _out(row, counts.get(row["id"], {}))


async def create_instansi(
    data: dict[str, Any], *, actor: str, default_framework: str = "PERPRES132_2022"
) -> dict[str, Any]:
    values = _validate(data, partial=False, default_framework=default_framework)
    if not await framework_exists(values["reference_framework"]):
        raise Invalid.one(
            "reference_framework",
            "not_found",
            what="kerangka referensi / reference framework",
            ident=values["reference_framework"],
        )
    existing = (
        await Instansi.select(Instansi.id, Instansi.deleted_at)
        .where(Instansi.code == values["code"])
        .first()
    )
    if existing:
        code = "exists_deleted" if existing["deleted_at"] else "already_exists"
        raise Conflict.one("code", code, what="instansi", ident=values["code"])
    at = base.now()
    async with db.transaction():
        inserted = await Instansi.insert(
            Instansi(
                code=values["code"],
                name=values["name"],
                level=values["level"],
                reference_framework=values["reference_framework"],
                attributes=base.dumps(values["attributes"]),
                version=1,
                created_at=at,
                updated_at=at,
                created_by=actor,
                updated_by=actor,
            )
        ).returning(Instansi.id)
        row = await _get_row(values["code"])
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action="create",
                    entity="instansi",
                    entity_id=inserted[0]["id"],
                    label=values["code"],
                    version=1,
                    before=None,
                    after=base.instansi_snapshot(row),
                    instansi_id=inserted[0]["id"],
                    at=at,
                )
            ]
        )
    return _out(row, {})


def check_version(given: int | None, current: int, *, required: bool = True) -> None:
    if given is None:
        if required:
            raise PreconditionRequired.one("version", "version_required")
        return
    if given != current:
        raise Conflict.one("version", "stale_version", given=given, current=current)


async def update_instansi(
    code: str, data: dict[str, Any], *, version: int | None, actor: str
) -> dict[str, Any]:
    values = _validate(data, partial=True, default_framework="")
    row = await get_instansi_row(code)
    check_version(version, row["version"])
    if "code" in values and values["code"] != code:
        raise Invalid.one("code", "immutable", name="code", old=code, new=values["code"])
    if "reference_framework" in values and not await framework_exists(
        values["reference_framework"]
    ):
        raise Invalid.one(
            "reference_framework",
            "not_found",
            what="kerangka referensi / reference framework",
            ident=values["reference_framework"],
        )
    before = base.instansi_snapshot(row)
    changes: dict[Any, Any] = {}
    for name in ("name", "level", "reference_framework"):
        if name in values and values[name] != row[name]:
            changes[getattr(Instansi, name)] = values[name]
    if "attributes" in values:
        merged = dict(before["attributes"])
        for k, v in values["attributes"].items():
            if v is None:
                merged.pop(k, None)
            else:
                merged[k] = v
        if merged != before["attributes"]:
            changes[Instansi.attributes] = base.dumps(merged)
    if not changes:
        return await get_instansi(code)
    at = base.now()
    async with db.transaction():
        updated = (
            await Instansi.update(
                {
                    **changes,
                    Instansi.version: row["version"] + 1,
                    Instansi.updated_at: at,
                    Instansi.updated_by: actor,
                }
            )
            .where((Instansi.id == row["id"]) & (Instansi.version == row["version"]))
            .returning(Instansi.id)
        )
        if not updated:
            current = await _get_row(code)
            raise Conflict.one(
                "version", "stale_version", given=row["version"], current=current["version"]
            )
        after_row = await _get_row(code)
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action="update",
                    entity="instansi",
                    entity_id=row["id"],
                    label=code,
                    version=after_row["version"],
                    before=before,
                    after=base.instansi_snapshot(after_row),
                    instansi_id=row["id"],
                    at=at,
                )
            ]
        )
    return await get_instansi(code)


async def set_instansi_deleted(
    code: str, *, deleted: bool, version: int | None, actor: str
) -> dict[str, Any]:
    row = await _get_row(code)
    if deleted and row["deleted_at"] is not None:
        raise Conflict.one("instansi", "is_deleted", what="instansi", ident=code)
    if not deleted and row["deleted_at"] is None:
        raise Conflict.one("instansi", "not_deleted", what="instansi", ident=code)
    check_version(version, row["version"], required=False)
    if deleted:
        live = await Item.count().where((Item.instansi == row["id"]) & Item.deleted_at.is_null())
        if live:
            raise Conflict.one("instansi", "instansi_has_items", code=code, count=live)
    at = base.now()
    async with db.transaction():
        await Instansi.update(
            {
                Instansi.deleted_at: at if deleted else None,
                Instansi.version: row["version"] + 1,
                Instansi.updated_at: at,
                Instansi.updated_by: actor,
            }
        ).where(Instansi.id == row["id"])
        after_row = await _get_row(code)
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action="delete" if deleted else "restore",
                    entity="instansi",
                    entity_id=row["id"],
                    label=code,
                    version=after_row["version"],
                    before=base.instansi_snapshot(row),
                    after=base.instansi_snapshot(after_row),
                    instansi_id=row["id"],
                    at=at,
                )
            ]
        )
    return await get_instansi(code)
