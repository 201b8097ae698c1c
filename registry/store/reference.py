"""Reference architectures (RAB, RAD, RAL, RAA, RAI, RAK) as data: frameworks and their nodes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from piccolo.query.functions.aggregate import Count

from models.tables import Classification, ReferenceFramework, ReferenceNode
from registry import db
from registry.errors import FieldError, Invalid, NotFound
from registry.store import base

DOMAINS = ("RAB", "RAD", "RAL", "RAA", "RAI", "RAK")


@dataclass
class NodeRecord:
    domain: str
    code: str
    name: str
    level: int | None = None
    parent: str | None = None
    source: str = ""
    confidence: str = ""
    description: str = ""
    scope: str = "national"
    location: str = ""


@dataclass
class FrameworkRecord:
    code: str
    name: str
    status: str = ""
    source: str = ""
    description: str = ""
    settings: dict[str, Any] = field(default_factory=dict)
    nodes: list[NodeRecord] = field(default_factory=list)
    has_metadata: bool = True  # False for a bare CSV of nodes: keep the framework's description


@dataclass
class ReferenceLoadReport:
    framework: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _derive_parent(code: str, separator: str) -> str | None:
    parts = code.split(separator)
    return separator.join(parts[:-1]) if len(parts) > 2 else None


def _derive_level(code: str, separator: str) -> int:
    # "RAB.01" is level 1, "RAB.01.02" level 2: the prefix is not a level.
    return max(1, len(code.split(separator)) - 1)


async def framework_exists(code: str) -> bool:
    return await ReferenceFramework.exists().where(ReferenceFramework.code == code)


async def load_framework(record: FrameworkRecord, *, actor: str) -> ReferenceLoadReport:
    """Upsert a framework and its nodes, all or nothing; every bad node is reported."""
    separator = record.settings.get("separator", ".")
    errors: list[FieldError] = []
    existing = {
        r["code"]: r
        for r in await ReferenceNode.select(
            ReferenceNode.id,
            ReferenceNode.code,
            ReferenceNode.domain,
            ReferenceNode.name,
            ReferenceNode.level,
            ReferenceNode.parent.code.as_alias("parent_code"),
            ReferenceNode.source,
            ReferenceNode.confidence,
            ReferenceNode.description,
            ReferenceNode.scope,
        ).where(ReferenceNode.framework == record.code)
    }
    incoming: dict[str, NodeRecord] = {}
    for node in record.nodes:
        where = node.location or node.code
        if node.domain not in DOMAINS:
            errors.append(
                FieldError(
                    "domain",
                    "not_in_choices",
                    {"value": node.domain, "choices": ", ".join(DOMAINS)},
                    where,
                )
            )
            continue
        if not node.code or not node.name:
            errors.append(FieldError("code" if not node.code else "name", "required", {}, where))
            continue
        if node.code in incoming:
            errors.append(
                FieldError(
                    "code",
                    "duplicate_key_in_file",
                    {"key": node.code, "other": incoming[node.code].location},
                    where,
                )
            )
            continue
        node.parent = node.parent or _derive_parent(node.code, separator)
        node.level = node.level or _derive_level(node.code, separator)
        incoming[node.code] = node

    def lookup(code: str) -> tuple[str, int] | None:
        if code in incoming:
            n = incoming[code]
            return n.domain, n.level or 0
        if code in existing:
            return existing[code]["domain"], existing[code]["level"]
        return None

    for node in incoming.values():
        if node.parent:
            parent = lookup(node.parent)
            if parent is None:
                errors.append(
                    FieldError(
                        "parent",
                        "reference_parent_missing",
                        {"parent": node.parent, "code": node.code, "framework": record.code},
                        node.location,
                    )
                )
            elif parent[0] != node.domain:
                errors.append(
                    FieldError(
                        "parent",
                        "reference_domain_parent",
                        {"code": node.code, "domain": node.domain, "parent_domain": parent[0]},
                        node.location,
                    )
                )
            elif parent[1] + 1 != node.level:
                errors.append(
                    FieldError(
                        "level",
                        "reference_level_mismatch",
                        {"code": node.code, "level": node.level, "parent_level": parent[1]},
                        node.location,
                    )
                )
    if errors:
        raise Invalid(errors)

    report = ReferenceLoadReport(framework=record.code)
    at = base.now()
    async with db.transaction():
        fw = (
            await ReferenceFramework.select(ReferenceFramework.id)
            .where(ReferenceFramework.code == record.code)
            .first()
        )
        fw_values = {
            ReferenceFramework.name: record.name,
            ReferenceFramework.status: record.status,
            ReferenceFramework.source: record.source,
            ReferenceFramework.description: record.description,
            ReferenceFramework.settings: base.dumps(record.settings),
            ReferenceFramework.loaded_at: at,
        }
        if fw and record.has_metadata:
            await ReferenceFramework.update(fw_values).where(ReferenceFramework.id == fw["id"])
        elif fw:
            await ReferenceFramework.update({ReferenceFramework.loaded_at: at}).where(
                ReferenceFramework.id == fw["id"]
            )
        else:
            await ReferenceFramework.insert(
                ReferenceFramework(
                    code=record.code, **{c._meta.name: v for c, v in fw_values.items()}
                )
            )
        # Parents first (by level), so every parent id is known when its children are written.
        ids = {code: r["id"] for code, r in existing.items()}
        changes = []
        for node in sorted(incoming.values(), key=lambda n: (n.level or 0, n.code)):
            values = {
                "domain": node.domain,
                "name": node.name,
                "level": node.level,
                "source": node.source,
                "confidence": node.confidence,
                "description": node.description,
                "scope": node.scope,
            }
            parent_id = ids.get(node.parent) if node.parent else None
            old = existing.get(node.code)
            snapshot = {
                "framework": record.code,
                "code": node.code,
                "parent": node.parent,
                **values,
            }
            if old is None:
                inserted = await ReferenceNode.insert(
                    ReferenceNode(
                        framework=record.code,
                        code=node.code,
                        natural_key=f"{record.code}:{node.code}",
                        parent=parent_id,
                        **values,
                    )
                ).returning(ReferenceNode.id)
                ids[node.code] = inserted[0]["id"]
                report.created += 1
                changes.append(("create", ids[node.code], None, snapshot))
            else:
                before = {
                    "framework": record.code,
                    "code": node.code,
                    "parent": old["parent_code"],
                    **{k: old[k] for k in values},
                }
                if before == snapshot:
                    report.unchanged += 1
                    continue
                await ReferenceNode.update(
                    {
                        **{getattr(ReferenceNode, k): v for k, v in values.items()},
                        ReferenceNode.parent: parent_id,
                    }
                ).where(ReferenceNode.id == old["id"])
                report.updated += 1
                changes.append(("update", old["id"], before, snapshot))
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action=action,
                    entity="reference_node",
                    entity_id=node_id,
                    label=f"{record.code}:{after['code']}",
                    version=1,
                    before=before,
                    after=after,
                    instansi_id=None,
                    at=at,
                )
                for action, node_id, before, after in changes
            ]
        )
    return report


async def nodes_by_code(framework: str) -> dict[str, tuple[int, str]]:
    """code -> (id, domain) for a whole framework, in one query (validation of many items)."""
    rows = await ReferenceNode.select(
        ReferenceNode.id, ReferenceNode.code, ReferenceNode.domain
    ).where(ReferenceNode.framework == framework)
    return {r["code"]: (r["id"], r["domain"]) for r in rows}


async def nodes_for_codes(framework: str, codes: Sequence[str]) -> dict[str, tuple[int, str]]:
    if not codes:
        return {}
    rows = await ReferenceNode.select(
        ReferenceNode.id, ReferenceNode.code, ReferenceNode.domain
    ).where((ReferenceNode.framework == framework) & ReferenceNode.code.is_in(list(codes)))
    return {r["code"]: (r["id"], r["domain"]) for r in rows}


NODE_COLUMNS = (
    ReferenceNode.id,
    ReferenceNode.framework,
    ReferenceNode.domain,
    ReferenceNode.code,
    ReferenceNode.name,
    ReferenceNode.level,
    ReferenceNode.parent.code.as_alias("parent"),
    ReferenceNode.scope,
    ReferenceNode.source,
    ReferenceNode.confidence,
    ReferenceNode.description,
)


def _node_out(row: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in row.items() if k != "id"}
    out["url"] = f"/api/reference/{row['framework']}/nodes/{row['code']}"
    return out


async def list_frameworks() -> list[dict[str, Any]]:
    rows = await ReferenceFramework.select().order_by(ReferenceFramework.code)
    counts = await ReferenceNode.select(
        ReferenceNode.framework, ReferenceNode.domain, Count(alias="n")
    ).group_by(ReferenceNode.framework, ReferenceNode.domain)
    per: dict[str, dict[str, int]] = {}
    for c in counts:
        per.setdefault(c["framework"], {})[c["domain"]] = c["n"]
    return [
        {
            "code": r["code"],
            "name": r["name"],
            "status": r["status"],
            "source": r["source"],
            "description": r["description"],
            "settings": base.loads(r["settings"]) or {},
            "loaded_at": base.iso(r["loaded_at"]),
            "node_counts": per.get(r["code"], {}),
            "url": f"/api/reference/{r['code']}/nodes",
        }
        for r in rows
    ]


async def list_nodes(
    framework: str,
    *,
    domain: str | None = None,
    level: int | None = None,
    parent: str | None = None,
    q: str | None = None,
    limit: int = 1000,
    offset: int = 0,
) -> dict[str, Any]:
    if not await framework_exists(framework):
        raise NotFound.one("framework", "not_found", what="kerangka / framework", ident=framework)
    query = ReferenceNode.select(*NODE_COLUMNS).where(ReferenceNode.framework == framework)
    count = ReferenceNode.count().where(ReferenceNode.framework == framework)
    conditions = []
    if domain:
        conditions.append(ReferenceNode.domain == domain.upper())
    if level is not None:
        conditions.append(ReferenceNode.level == level)
    if parent:
        conditions.append(ReferenceNode.parent.code == parent)
    if q:
        conditions.append(
            base.ilike(ReferenceNode.name, f"%{q}%") | base.ilike(ReferenceNode.code, f"%{q}%")
        )
    for cond in conditions:
        query = query.where(cond)
        count = count.where(cond)
    rows = await query.order_by(ReferenceNode.code).limit(limit).offset(offset)
    return {"nodes": [_node_out(r) for r in rows], "total": await count}


async def get_node(framework: str, code: str) -> dict[str, Any]:
    row = (
        await ReferenceNode.select(*NODE_COLUMNS)
        .where((ReferenceNode.framework == framework) & (ReferenceNode.code == code))
        .first()
    )
    if row is None:
        raise NotFound.one("code", "not_found", what="kode referensi / reference code", ident=code)
    children = (
        await ReferenceNode.select(*NODE_COLUMNS)
        .where(ReferenceNode.parent == row["id"])
        .order_by(ReferenceNode.code)
    )
    classified = await Classification.count().where(
        (Classification.node == row["id"]) & Classification.item.deleted_at.is_null()
    )
    out = _node_out(row)
    out["children"] = [_node_out(c) for c in children]
    out["classified_items"] = classified
    return out
