"""Bulk upsert of a government's items and relationships: all or nothing, every error reported.

Readers (YAML, CSV, XLSX, ArchiMate, Backstage, the seed) turn their files into a `Bundle`; this
module validates the whole bundle against the meta-model and the database, and either writes it
in one transaction (with one change-log entry per written record, all sharing a batch id) or
writes nothing and reports every bad record with its location.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from piccolo.table import Table

from models.tables import Change, Classification, Instansi, Item, Relationship
from registry import db
from registry import metamodel as mm
from registry.errors import FieldError, Invalid
from registry.store import base
from registry.store.reference import framework_exists, nodes_by_code
from registry.store.validate import (
    End,
    ItemDraft,
    check_reference_codes,
    check_relationship,
    validate_item,
)


@dataclass
class ItemRecord:
    data: dict[str, Any]
    location: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field -> column label in the file


@dataclass
class RelationshipRecord:
    source: str
    type: str
    target: str
    attributes: dict[str, Any] = field(default_factory=dict)
    location: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field -> column label in the file


@dataclass
class Bundle:
    instansi: dict[str, Any]  # code (required), name, level, reference_framework, attributes
    items: list[ItemRecord] = field(default_factory=list)
    relationships: list[RelationshipRecord] = field(default_factory=list)
    # what the reader could not map (an ArchiMate type, a Backstage kind): reported, not fatal
    warnings: list[FieldError] = field(default_factory=list)


# (phase, done, total): called as an import advances, for progress bars
Progress = Callable[[str, int, int], None]
ANALYZE_FROM = 5000  # rows written by one import before the planner statistics are refreshed


@dataclass
class ImportOptions:
    actor: str
    dry_run: bool = False
    strict: bool = False  # refuse unknown columns instead of keeping them as custom attributes
    lenient: bool = True  # accept spreadsheet-style values ("ya", "2020", "a; b")
    create_missing_units: bool = True
    default_framework: str = "PERPRES132_2022"
    progress: Progress | None = None

    def tick(self, phase: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(phase, done, total)


@dataclass
class ImportReport:
    instansi: str
    dry_run: bool
    batch: str
    instansi_created: bool = False
    items_created: Counter[str] = field(default_factory=Counter)
    items_updated: Counter[str] = field(default_factory=Counter)
    items_unchanged: Counter[str] = field(default_factory=Counter)
    relationships_created: int = 0
    relationships_updated: int = 0
    relationships_unchanged: int = 0
    units_created: list[str] = field(default_factory=list)
    created_refs: list[str] = field(default_factory=list)
    updated_refs: list[str] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "instansi": self.instansi,
            "dry_run": self.dry_run,
            "batch": self.batch,
            "ok": not self.errors,
            "instansi_created": self.instansi_created,
            "items": {
                "created": sum(self.items_created.values()),
                "updated": sum(self.items_updated.values()),
                "unchanged": sum(self.items_unchanged.values()),
                "created_by_kind": dict(sorted(self.items_created.items())),
                "updated_by_kind": dict(sorted(self.items_updated.items())),
            },
            "relationships": {
                "created": self.relationships_created,
                "updated": self.relationships_updated,
                "unchanged": self.relationships_unchanged,
            },
            "units_created": self.units_created,
            "created": self.created_refs,
            "updated": self.updated_refs,
            "warnings": [w.to_dict() for w in self.warnings],
            "errors": [e.to_dict() for e in self.errors],
        }


class ImportFailed(Invalid):
    """An import with bad records: nothing was written; `report.errors` lists every problem."""

    summary = (
        "Impor dibatalkan: ada data yang tidak valid, tidak ada yang ditulis",
        "Import refused: some records are invalid, nothing was written",
    )

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(report.errors)

    @property
    def message(self) -> str:
        return f"{self.summary[0]} ({len(self.errors)} galat)"

    @property
    def message_en(self) -> str:
        return f"{self.summary[1]} ({len(self.errors)} errors)"

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "report": self.report.to_dict()}


def _err(error: FieldError, location: str, columns: dict[str, str] | None = None) -> FieldError:
    if columns:
        head = error.field.split(".", 1)
        label = columns.get(error.field) or columns.get(head[-1]) or columns.get(head[0])
        if label:
            error.field = label
    error.location = location
    return error


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass
class _Planned:
    draft: ItemDraft
    location: str
    existing: dict[str, Any] | None
    node_ids: list[int]
    owner_ref: str | None = None
    columns: dict[str, str] = field(default_factory=dict)


async def import_bundle(bundle: Bundle, options: ImportOptions) -> ImportReport:
    code = str(bundle.instansi.get("code") or "").strip()
    report = ImportReport(instansi=code, dry_run=options.dry_run, batch=base.new_batch_id())
    report.warnings.extend(bundle.warnings)
    errors = report.errors

    # ---- the government
    if not mm.CODE_PATTERN.match(code):
        errors.append(FieldError("instansi", "bad_code", {"code": code}))
        raise ImportFailed(report)
    instansi = await Instansi.select(*base.INSTANSI_COLUMNS).where(Instansi.code == code).first()
    framework = (
        instansi["reference_framework"]
        if instansi
        else bundle.instansi.get("reference_framework") or options.default_framework
    )
    if instansi is None:
        report.instansi_created = True
        level = bundle.instansi.get("level")
        if level not in {c.value for c in mm.INSTANSI_LEVELS}:
            errors.append(
                FieldError(
                    "instansi.level",
                    "not_in_choices" if level else "required",
                    {"value": level, "choices": ", ".join(c.value for c in mm.INSTANSI_LEVELS)},
                )
            )
        if not await framework_exists(framework):
            errors.append(
                FieldError(
                    "instansi.reference_framework",
                    "not_found",
                    {"what": "kerangka referensi / reference framework", "ident": framework},
                )
            )
    elif instansi["deleted_at"] is not None:
        errors.append(FieldError("instansi", "is_deleted", {"what": "instansi", "ident": code}))
    if errors:
        raise ImportFailed(report)

    # ---- what exists: this government's items, and the other ends the bundle points at
    existing_rows = (
        await Item.select(*base.ITEM_COLUMNS).where(Item.instansi == instansi["id"])
        if instansi
        else []
    )
    existing = {r["key"]: r for r in existing_rows}
    existing_codes = (
        await base.codes_by_item([r["id"] for r in existing_rows]) if existing_rows else {}
    )
    nodes = await nodes_by_code(framework)
    external_refs = {
        ref
        for rel in bundle.relationships
        for ref in (rel.source, rel.target)
        if ":" in ref and not ref.startswith(f"{code}:")
    }
    external = (
        {
            r["ref"]: r
            for r in await Item.select(*base.ITEM_COLUMNS).where(
                Item.ref.is_in(sorted(external_refs))
            )
        }
        if external_refs
        else {}
    )

    # ---- items
    planned: dict[str, _Planned] = {}
    seen_at: dict[str, str] = {}
    refused: set[str] = set()  # keys of items refused above: their relationships say nothing new
    total_items = len(bundle.items)
    for index, record in enumerate(bundle.items):
        if index % 1000 == 0:
            options.tick("check_items", index, total_items)
        draft, item_errors, warnings = validate_item(
            record.data,
            lenient=options.lenient,
            unknown_attributes="error" if options.strict else "custom",
        )
        if options.strict:
            item_errors = [
                FieldError(e.field, "custom_attribute_strict", e.params)
                if e.code == "unknown_field" and e.field.startswith("attributes.")
                else e
                for e in item_errors
            ]
        for w in warnings:
            report.warnings.append(_err(w, record.location, record.columns))
        if draft is None:
            errors.extend(_err(e, record.location, record.columns) for e in item_errors)
            data = record.data if isinstance(record.data, dict) else {}
            refused.add(str(data.get("key") or mm.slugify(str(data.get("name") or ""))))
            continue
        if draft.key in seen_at:
            errors.append(
                _err(
                    FieldError(
                        "key",
                        "duplicate_key_in_file",
                        {"key": draft.key, "other": seen_at[draft.key]},
                    ),
                    record.location,
                    record.columns,
                )
            )
            continue
        seen_at[draft.key] = record.location
        code_errors = check_reference_codes(draft.kind, draft.reference_codes, nodes, framework)
        errors.extend(_err(e, record.location, record.columns) for e in code_errors)
        old = existing.get(draft.key)
        if old is not None and old["kind"] != draft.kind:
            errors.append(
                _err(
                    FieldError("kind", "kind_immutable", {"old": old["kind"], "new": draft.kind}),
                    record.location,
                    record.columns,
                )
            )
        planned[draft.key] = _Planned(
            draft=draft,
            location=record.location,
            existing=old,
            node_ids=[nodes[c][0] for c in draft.reference_codes if c in nodes],
            columns=record.columns,
        )
    options.tick("check_items", total_items, total_items)

    # ---- owners: a unit's key, name, code or abbreviation; unknown units are created
    units: dict[str, str] = {}  # lookup text -> key

    def index_unit(key: str, name: str, attrs: dict[str, Any]) -> None:
        for text in (key, name, attrs.get("unit_code"), attrs.get("abbreviation")):
            if text:
                units.setdefault(_norm(str(text)), key)

    for row in existing_rows:
        if row["kind"] == "unit" and row["deleted_at"] is None:
            index_unit(row["key"], row["name"], base.loads(row["attributes"]) or {})
    for p in planned.values():
        if p.draft.kind == "unit":
            index_unit(p.draft.key, p.draft.name, p.draft.attributes)
    for p in list(planned.values()):
        owner = p.draft.owner
        if not owner:
            continue
        key = units.get(_norm(owner))
        if key is None and ":" not in owner:
            existing_other = existing.get(owner) or (
                planned[owner].draft if owner in planned else None
            )
            if existing_other is not None:
                kind = (
                    existing_other["kind"]
                    if isinstance(existing_other, dict)
                    else existing_other.kind
                )
                errors.append(
                    _err(
                        FieldError("owner", "owner_not_unit", {"owner": owner, "kind": kind}),
                        p.location,
                        p.columns,
                    )
                )
                continue
            if not options.create_missing_units:
                errors.append(
                    _err(
                        FieldError("owner", "unknown_owner", {"owner": owner, "instansi": code}),
                        p.location,
                        p.columns,
                    )
                )
                continue
            key = mm.slugify(owner)
            while key in planned or key in existing:
                key = f"{key}-unit"
            planned[key] = _Planned(
                draft=ItemDraft(kind="unit", key=key, name=owner),
                location=p.location,
                existing=None,
                node_ids=[],
            )
            index_unit(key, owner, {})
            report.units_created.append(key)
            report.warnings.append(
                _err(FieldError("owner", "unit_created", {"owner": owner}), p.location, p.columns)
            )
        elif key is None:
            errors.append(
                _err(
                    FieldError("owner", "unknown_owner", {"owner": owner, "instansi": code}),
                    p.location,
                    p.columns,
                )
            )
            continue
        if key == p.draft.key:
            errors.append(_err(FieldError("owner", "owner_self"), p.location, p.columns))
            continue
        p.owner_ref = key

    # ---- relationships
    level = instansi["level"] if instansi else bundle.instansi.get("level", "")

    def end(ref: str) -> End | None:
        if ":" in ref and not ref.startswith(f"{code}:"):
            row = external.get(ref)
            return (
                None
                if row is None
                else End(
                    row["ref"],
                    row["kind"],
                    row["instansi_code"],
                    row["instansi_level"],
                    row["deleted_at"] is not None,
                )
            )
        key = ref.split(":", 1)[1] if ":" in ref else ref
        if key in planned:
            return End(f"{code}:{key}", planned[key].draft.kind, code, level)
        row = existing.get(key)
        if row is None:
            return None
        return End(row["ref"], row["kind"], code, level, row["deleted_at"] is not None)

    planned_rels: dict[tuple[str, str, str], tuple[dict[str, Any], str]] = {}
    total_rels = len(bundle.relationships)
    for index, rel in enumerate(bundle.relationships):
        if index % 1000 == 0:
            options.tick("check_relationships", index, total_rels)
        source, target = end(rel.source.strip()), end(rel.target.strip())
        bad = False
        for name, ref in (("source", rel.source), ("type", rel.type), ("target", rel.target)):
            if not ref.strip():
                errors.append(_err(FieldError(name, "required"), rel.location, rel.columns))
                bad = True
        if bad:
            continue
        for name, ref, resolved in (("source", rel.source, source), ("target", rel.target, target)):
            if resolved is None and ref.strip().removeprefix(f"{code}:") in refused:
                bad = True
            elif resolved is None:
                errors.append(
                    _err(FieldError(name, "unknown_item", {"ref": ref}), rel.location, rel.columns)
                )
                bad = True
        if bad or source is None or target is None:
            continue
        if source.instansi_code != code:
            errors.append(
                _err(
                    FieldError(
                        "source",
                        "relationship_wrong_instansi",
                        {"ref": source.ref, "instansi": code},
                    ),
                    rel.location,
                    rel.columns,
                )
            )
            continue
        attrs, rel_errors = check_relationship(
            rel.type.strip(), source, target, rel.attributes, lenient=options.lenient
        )
        if rel_errors:
            errors.extend(_err(e, rel.location, rel.columns) for e in rel_errors)
            continue
        key3 = (source.ref, rel.type.strip(), target.ref)
        if key3 in planned_rels:
            errors.append(
                _err(
                    FieldError(
                        "relationship",
                        "duplicate_key_in_file",
                        {
                            "key": f"{key3[0]} -[{key3[1]}]-> {key3[2]}",
                            "other": planned_rels[key3][1],
                        },
                    ),
                    rel.location,
                    rel.columns,
                )
            )
            continue
        planned_rels[key3] = (attrs, rel.location)
    options.tick("check_relationships", total_rels, total_rels)

    if errors:
        raise ImportFailed(report)

    # ---- diff against what exists
    to_create: list[_Planned] = []
    to_update: list[_Planned] = []
    for p in planned.values():
        kind = p.draft.kind
        if p.existing is None:
            to_create.append(p)
            report.items_created[kind] += 1
            report.created_refs.append(f"{code}:{p.draft.key}")
            continue
        old = base.item_snapshot(p.existing, existing_codes.get(p.existing["id"], []))
        new = {
            **old,
            "name": p.draft.name,
            "description": p.draft.description,
            "owner": p.owner_ref,
            "status": p.draft.status,
            "reference_codes": sorted(p.draft.reference_codes),
            "attributes": p.draft.attributes,
            "custom": p.draft.custom,
            "deleted": False,
        }
        if new == old:
            report.items_unchanged[kind] += 1
        else:
            to_update.append(p)
            report.items_updated[kind] += 1
            report.updated_refs.append(f"{code}:{p.draft.key}")

    if options.dry_run:
        await _count_relationship_changes(planned_rels, report, existing, external)
        return report

    await _write(
        bundle,
        options,
        report,
        instansi,
        framework,
        to_create,
        to_update,
        planned_rels,
        existing,
        existing_codes,
        external,
        code,
    )
    written = len(to_create) + len(to_update) + report.relationships_created
    if written >= ANALYZE_FROM and db.engine_kind(db.engine()) == "postgres":
        # Fresh planner statistics: without them PostgreSQL plans the next lookups of these
        # tables (a re-import, say) as if they were still empty, and a 2 s query takes 45 s.
        await db.engine().run_ddl("ANALYZE item, relationship, classification")
    return report


async def _count_relationship_changes(
    planned_rels: dict[tuple[str, str, str], tuple[dict[str, Any], str]],
    report: ImportReport,
    existing: dict[str, dict[str, Any]],
    external: dict[str, dict[str, Any]],
) -> dict[tuple[str, str, str], dict[str, Any]]:
    """Existing relationship rows for the planned triples (by natural key), and the counts."""
    ids: dict[str, int] = {r["ref"]: r["id"] for r in existing.values()}
    ids.update({r["ref"]: r["id"] for r in external.values()})
    natural = {}
    for s, t, g in planned_rels:
        if s in ids and g in ids:
            natural[f"{ids[s]}:{t}:{ids[g]}"] = (s, t, g)
    found: dict[tuple[str, str, str], dict[str, Any]] = {}
    keys = sorted(natural)
    for part in base.chunks(keys, 500):
        rows = await Relationship.select(
            *base.RELATIONSHIP_COLUMNS, Relationship.natural_key
        ).where(Relationship.natural_key.is_in(list(part)))
        for row in rows:
            found[natural[row["natural_key"]]] = row
    for key3, (attrs, _) in planned_rels.items():
        row = found.get(key3)
        if row is None:
            report.relationships_created += 1
        elif row["deleted_at"] is None and (base.loads(row["attributes"]) or {}) == attrs:
            report.relationships_unchanged += 1
        else:
            report.relationships_updated += 1
    return found


async def _write(
    bundle: Bundle,
    options: ImportOptions,
    report: ImportReport,
    instansi: dict[str, Any] | None,
    framework: str,
    to_create: list[_Planned],
    to_update: list[_Planned],
    planned_rels: dict[tuple[str, str, str], tuple[dict[str, Any], str]],
    existing: dict[str, dict[str, Any]],
    existing_codes: dict[int, list[str]],
    external: dict[str, dict[str, Any]],
    code: str,
) -> None:
    actor, batch, at = options.actor, report.batch, base.now()
    changes = []
    async with db.transaction():
        # ---- the government
        if instansi is None:
            values = {
                "code": code,
                "name": bundle.instansi.get("name") or code,
                "level": bundle.instansi["level"],
                "reference_framework": framework,
                "attributes": bundle.instansi.get("attributes") or {},
            }
            inserted = await Instansi.insert(
                Instansi(
                    **{**values, "attributes": base.dumps(values["attributes"])},
                    version=1,
                    created_at=at,
                    updated_at=at,
                    created_by=actor,
                    updated_by=actor,
                )
            ).returning(Instansi.id)
            instansi_id = inserted[0]["id"]
            changes.append(
                base.change_row(
                    actor=actor,
                    action="create",
                    entity="instansi",
                    entity_id=instansi_id,
                    label=code,
                    version=1,
                    before=None,
                    after={**values, "version": 1, "deleted": False},
                    instansi_id=instansi_id,
                    batch=batch,
                    at=at,
                )
            )
        else:
            instansi_id = instansi["id"]
            wanted = {
                k: bundle.instansi[k]
                for k in ("name", "level")
                if bundle.instansi.get(k) and bundle.instansi[k] != instansi[k]
            }
            attrs_now = base.loads(instansi["attributes"]) or {}
            if bundle.instansi.get("attributes") and bundle.instansi["attributes"] != attrs_now:
                wanted["attributes"] = bundle.instansi["attributes"]
            if wanted:
                before = base.instansi_snapshot(instansi)
                await Instansi.update(
                    {
                        **{
                            getattr(Instansi, k): base.dumps(v) if k == "attributes" else v
                            for k, v in wanted.items()
                        },
                        Instansi.version: instansi["version"] + 1,
                        Instansi.updated_at: at,
                        Instansi.updated_by: actor,
                    }
                ).where(Instansi.id == instansi_id)
                changes.append(
                    base.change_row(
                        actor=actor,
                        action="update",
                        entity="instansi",
                        entity_id=instansi_id,
                        label=code,
                        version=instansi["version"] + 1,
                        before=before,
                        after={**before, **wanted, "version": instansi["version"] + 1},
                        instansi_id=instansi_id,
                        batch=batch,
                        at=at,
                    )
                )

        # ---- items: units first, so every owner has an id when its items are written
        ids: dict[str, int] = {k: r["id"] for k, r in existing.items()}
        to_create.sort(key=lambda p: (p.draft.kind != "unit", p.draft.key))
        new_rows: list[tuple[_Planned, Item]] = []
        for p in to_create:
            d = p.draft
            new_rows.append(
                (
                    p,
                    Item(
                        instansi=instansi_id,
                        kind=d.kind,
                        key=d.key,
                        ref=f"{code}:{d.key}",
                        name=d.name,
                        description=d.description,
                        owner=None,
                        status=d.status,
                        attributes=base.dumps(d.attributes),
                        custom=base.dumps(d.custom),
                        version=1,
                        created_at=at,
                        updated_at=at,
                        created_by=actor,
                        updated_by=actor,
                    ),
                )
            )
        written = 0
        for part in base.chunks(new_rows, 400):
            inserted = await _insert(Item, [row for _, row in part], ("id", "key"))
            for r in inserted:
                ids[r["key"]] = r["id"]
            written += len(part)
            options.tick("write_items", written, len(new_rows))
        # owners, set once every id is known (one UPDATE per distinct owner)
        by_owner: dict[int, list[int]] = defaultdict(list)
        for p, _ in new_rows:
            if p.owner_ref:
                by_owner[ids[p.owner_ref]].append(ids[p.draft.key])
        for owner_id, item_ids in by_owner.items():
            for part in base.chunks(item_ids, 500):
                await Item.update({Item.owner: owner_id}).where(Item.id.is_in(list(part)))
        classifications = [
            Classification(item=ids[p.draft.key], node=n, natural_key=f"{ids[p.draft.key]}:{n}")
            for p in to_create
            for n in sorted(set(p.node_ids))
        ]
        for p in to_update:
            item_id = ids[p.draft.key]
            old = existing[p.draft.key]
            d = p.draft
            await Item.update(
                {
                    Item.name: d.name,
                    Item.description: d.description,
                    Item.owner: ids[p.owner_ref] if p.owner_ref else None,
                    Item.status: d.status,
                    Item.attributes: base.dumps(d.attributes),
                    Item.custom: base.dumps(d.custom),
                    Item.deleted_at: None,
                    Item.version: old["version"] + 1,
                    Item.updated_at: at,
                    Item.updated_by: actor,
                }
            ).where(Item.id == item_id)
            classifications.extend(
                Classification(item=item_id, node=n, natural_key=f"{item_id}:{n}")
                for n in sorted(set(p.node_ids))
            )
        if to_update:
            updated_ids = [ids[p.draft.key] for p in to_update]
            for part in base.chunks(updated_ids, 500):
                await Classification.delete().where(Classification.item.is_in(list(part)))
        for part in base.chunks(classifications, 500):
            await _insert(Classification, part)

        # change log for items: the rows as they now are
        touched = [ids[p.draft.key] for p in (*to_create, *to_update)]
        after_rows: dict[int, dict[str, Any]] = {}
        for part in base.chunks(touched, 500):
            for r in await Item.select(*base.ITEM_COLUMNS).where(Item.id.is_in(list(part))):
                after_rows[r["id"]] = r
        after_codes = await _codes_chunked(touched)
        for p in to_create:
            row = after_rows[ids[p.draft.key]]
            changes.append(
                base.change_row(
                    actor=actor,
                    action="create",
                    entity="item",
                    entity_id=row["id"],
                    label=row["ref"],
                    version=1,
                    before=None,
                    after=base.item_snapshot(row, after_codes.get(row["id"], [])),
                    instansi_id=instansi_id,
                    subject_id=row["id"],
                    batch=batch,
                    at=at,
                )
            )
        for p in to_update:
            row = after_rows[ids[p.draft.key]]
            old = existing[p.draft.key]
            changes.append(
                base.change_row(
                    actor=actor,
                    action="update",
                    entity="item",
                    entity_id=row["id"],
                    label=row["ref"],
                    version=row["version"],
                    before=base.item_snapshot(old, existing_codes.get(old["id"], [])),
                    after=base.item_snapshot(row, after_codes.get(row["id"], [])),
                    instansi_id=instansi_id,
                    subject_id=row["id"],
                    batch=batch,
                    at=at,
                )
            )

        # ---- relationships
        refs_to_id = {f"{code}:{k}": v for k, v in ids.items()}
        refs_to_id.update({r["ref"]: r["id"] for r in external.values()})
        found = await _count_relationship_changes(
            planned_rels,
            report,
            {k: {"ref": f"{code}:{k}", "id": v} for k, v in ids.items()},
            external,
        )
        new_rels = []
        for key3, (attrs, _) in planned_rels.items():
            s, t, g = key3
            row = found.get(key3)
            if row is None:
                new_rels.append(
                    Relationship(
                        instansi=instansi_id,
                        source=refs_to_id[s],
                        target=refs_to_id[g],
                        type=t,
                        natural_key=f"{refs_to_id[s]}:{t}:{refs_to_id[g]}",
                        attributes=base.dumps(attrs),
                        version=1,
                        created_at=at,
                        updated_at=at,
                        created_by=actor,
                        updated_by=actor,
                    )
                )
            elif row["deleted_at"] is not None or (base.loads(row["attributes"]) or {}) != attrs:
                await Relationship.update(
                    {
                        Relationship.attributes: base.dumps(attrs),
                        Relationship.deleted_at: None,
                        Relationship.deleted_with: None,
                        Relationship.version: row["version"] + 1,
                        Relationship.updated_at: at,
                        Relationship.updated_by: actor,
                    }
                ).where(Relationship.id == row["id"])
                before = base.relationship_snapshot(row)
                changes.append(
                    base.change_row(
                        actor=actor,
                        action="update",
                        entity="relationship",
                        entity_id=row["id"],
                        label=base.relationship_label(row),
                        version=row["version"] + 1,
                        before=before,
                        after={
                            **before,
                            "attributes": attrs,
                            "version": row["version"] + 1,
                            "deleted": False,
                        },
                        instansi_id=instansi_id,
                        subject_id=row["source"],
                        object_id=row["target"],
                        batch=batch,
                        at=at,
                    )
                )
        written = 0
        for part in base.chunks(new_rels, 400):
            written += len(part)
            options.tick("write_relationships", written, len(new_rels))
            inserted = await _insert(
                Relationship, part, ("id", "source", "target", "type", "attributes")
            )
            id_to_ref = {v: k for k, v in refs_to_id.items()}
            for r in inserted:
                label = f"{id_to_ref[r['source']]} -[{r['type']}]-> {id_to_ref[r['target']]}"
                changes.append(
                    base.change_row(
                        actor=actor,
                        action="create",
                        entity="relationship",
                        entity_id=r["id"],
                        label=label,
                        version=1,
                        before=None,
                        after={
                            "id": r["id"],
                            "instansi": code,
                            "type": r["type"],
                            "source": id_to_ref[r["source"]],
                            "target": id_to_ref[r["target"]],
                            "attributes": base.loads(r["attributes"]) or {},
                            "version": 1,
                            "deleted": False,
                        },
                        instansi_id=instansi_id,
                        subject_id=r["source"],
                        object_id=r["target"],
                        batch=batch,
                        at=at,
                    )
                )
        await _insert(Change, changes)


async def _insert(
    table: type[Table], rows: Sequence[Table], returning: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Multi-row INSERT of table instances as one raw statement per chunk.

    The same values Piccolo's `insert` would send (instances were built with the JSON already
    encoded), without its per-value conversion, which costs most of the time of a
    40,000-row import. Piccolo still picks the placeholder style, counts the query and runs it
    in the open transaction.
    """
    columns = [c for c in table._meta.columns if not c._meta.primary_key]
    names = ", ".join(f'"{c._meta.db_column_name}"' for c in columns)
    placeholders = "(" + ", ".join("{}" for _ in columns) + ")"
    tail = (" RETURNING " + ", ".join(f'"{r}"' for r in returning)) if returning else ""
    out: list[dict[str, Any]] = []
    for part in base.chunks(rows, 500):
        sql = (
            f'INSERT INTO "{table._meta.tablename}" ({names}) VALUES '
            + ", ".join([placeholders] * len(part))
            + tail
        )
        args = [getattr(row, c._meta.name) for row in part for c in columns]
        out.extend(await table.raw(sql, *args) or [])
    return out


async def _codes_chunked(item_ids: list[int]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for part in base.chunks(item_ids, 500):
        out.update(await base.codes_by_item(list(part)))
    return out
