"""A whole registry (one, several or all governments) read in a constant number of queries.

The graph builder and the exporters both start from this snapshot, so the registry is read the
same way whether it becomes a networkx graph, a spreadsheet or an ArchiMate model.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from piccolo.query.functions.aggregate import Max

from models.tables import Change, Classification, Instansi, Item, Relationship
from registry import metamodel as mm
from registry.errors import NotFound
from registry.store import base


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block: for code that allocates hundreds of
    thousands of small dicts and lists that stay alive (a snapshot's rows, a graph's nodes and
    edges). Every few hundred allocations Python's collector runs, and its older generations
    walk everything allocated so far again: at national scale that was 60 % of `build_graph`
    (benchmarks/README.md). Such code makes no cyclic garbage, so nothing is lost; the
    collector runs again from the first allocation after the block."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(repr=False)
class RegistrySnapshot:
    """Plain rows: governments, items (with owner ref and reference codes) and relationships."""

    instansi: list[dict[str, Any]] = field(default_factory=list)
    items: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    external_items: list[dict[str, Any]] = field(
        default_factory=list
    )  # other ends, outside the scope
    version: str = ""

    def __repr__(self) -> str:  # the rows would take a second to print at national scale
        return (
            f"RegistrySnapshot(version={self.version!r}, instansi={len(self.instansi)}, "
            f"items={len(self.items)}, relationships={len(self.relationships)}, "
            f"external_items={len(self.external_items)})"
        )


async def registry_version() -> str:
    """Changes with every write (each appends to the change log): a cheap cache key. The time
    is part of it so that a database rebuilt from scratch never matches an old key."""
    row = await Change.select(Max(Change.id, alias="id"), Max(Change.at, alias="at")).first()
    row = row or {}
    at = row.get("at")
    return f"{row.get('id') or 0}@{at or '-'}"


_ITEM_COLUMNS = (
    Item.id,
    Item.instansi.code.as_alias("instansi_code"),
    Item.kind,
    Item.key,
    Item.ref,
    Item.name,
    Item.description,
    Item.owner.ref.as_alias("owner_ref"),
    Item.status,
    Item.attributes,
    Item.custom,
    Item.deleted_at,
)


def _item_row(row: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    return {
        "ref": row["ref"],
        "instansi": row["instansi_code"],
        "kind": row["kind"],
        "key": row["key"],
        "name": row["name"],
        "description": row["description"],
        "owner": row["owner_ref"],
        "status": row["status"],
        "reference_codes": codes,
        "attributes": base.loads(row["attributes"]) or {},
        "custom": base.loads(row["custom"]) or {},
    }


async def load_snapshot(
    instansi: Sequence[str] | None = None,
    *,
    include_national: bool = True,
    version: str | None = None,
) -> RegistrySnapshot:
    """Live items and relationships of the given governments (all when None), plus the
    national catalogue when `include_national`. At most six queries whatever the size."""
    if version is None:
        version = await registry_version()
    gov_query = Instansi.select(
        Instansi.id,
        Instansi.code,
        Instansi.name,
        Instansi.level,
        Instansi.reference_framework,
        Instansi.attributes,
    ).where(Instansi.deleted_at.is_null())
    governments = await gov_query.order_by(Instansi.code)
    if instansi is not None:
        wanted = set(instansi)
        missing = wanted - {g["code"] for g in governments}
        if missing:
            raise NotFound.one(
                "instansi", "not_found", what="instansi", ident=", ".join(sorted(missing))
            )
        governments = [
            g
            for g in governments
            if g["code"] in wanted or (include_national and g["level"] in mm.NATIONAL_LEVELS)
        ]
    gov_ids = [g["id"] for g in governments] or [-1]
    in_scope = Item.instansi.is_in(gov_ids) & Item.deleted_at.is_null()
    rows = await Item.select(*_ITEM_COLUMNS).where(in_scope).order_by(Item.ref)
    codes: dict[int, list[str]] = {}
    for c in await Classification.select(
        Classification.item, Classification.node.code.as_alias("code")
    ).where(Classification.item.is_in(Item.select(Item.id).where(in_scope))):
        codes.setdefault(c["item"], []).append(c["code"])
    rels = (
        await Relationship.select(
            Relationship.id,
            Relationship.instansi.code.as_alias("instansi_code"),
            Relationship.type,
            Relationship.source.ref.as_alias("source_ref"),
            Relationship.target.ref.as_alias("target_ref"),
            Relationship.target.instansi.as_alias("target_instansi_id"),
            Relationship.attributes,
        )
        .where(
            Relationship.source.is_in(Item.select(Item.id).where(in_scope))
            & Relationship.deleted_at.is_null()
            & Relationship.target.deleted_at.is_null()
        )
        .order_by(Relationship.id)
    )
    in_scope_ids = set(gov_ids)
    external_refs = sorted(
        {r["target_ref"] for r in rels if r["target_instansi_id"] not in in_scope_ids}
    )
    external: list[dict[str, Any]] = []
    if external_refs:
        ext_rows = await Item.select(*_ITEM_COLUMNS).where(Item.ref.is_in(external_refs))
        external = [_item_row(r, []) for r in ext_rows]
    with gc_paused():
        return _rows_to_snapshot(governments, rows, codes, rels, external, version)


def _rows_to_snapshot(
    governments: list[dict[str, Any]],
    rows: list[dict[str, Any]],
    codes: dict[int, list[str]],
    rels: list[dict[str, Any]],
    external: list[dict[str, Any]],
    version: str,
) -> RegistrySnapshot:
    return RegistrySnapshot(
        instansi=[
            {
                "code": g["code"],
                "name": g["name"],
                "level": g["level"],
                "reference_framework": g["reference_framework"],
                "attributes": base.loads(g["attributes"]) or {},
            }
            for g in governments
        ],
        items=[_item_row(r, sorted(codes.get(r["id"], []))) for r in rows],
        relationships=[
            {
                "id": r["id"],
                "instansi": r["instansi_code"],
                "type": r["type"],
                "source": r["source_ref"],
                "target": r["target_ref"],
                "attributes": base.loads(r["attributes"]) or {},
            }
            for r in rels
        ],
        external_items=external,
        version=version,
    )
