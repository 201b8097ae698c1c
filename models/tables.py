"""The tables.

Items and typed relationships, as in every enterprise-architecture repository: kinds and their
attributes live in `registry.metamodel`, so a new kind or attribute needs no new table. Natural
keys are single unique columns (`ref`, `natural_key`) because Piccolo's composite unique
constraints break table creation on SQLite.
"""

from piccolo.columns import (
    JSONB,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    OnDelete,
    Text,
    Timestamptz,
    Varchar,
)
from piccolo.table import Table


class Instansi(Table, tablename="instansi"):
    """A government (pemerintah provinsi/kabupaten/kota, K/L) or the national catalogue."""

    code = Varchar(length=64, unique=True, index=True)
    name = Varchar(length=255)
    level = Varchar(length=16)
    reference_framework = Varchar(length=64)
    attributes = JSONB(default={})
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    created_by = Varchar(length=128, default="")
    updated_by = Varchar(length=128, default="")
    deleted_at = Timestamptz(null=True, default=None)


class ReferenceNode(Table, tablename="reference_node"):
    """A node of a national reference tree (RAB, RAD, RAL, RAA, RAI, RAK) or a local extension."""

    framework = Varchar(length=64, index=True)
    domain = Varchar(length=8, index=True)
    code = Varchar(length=64, index=True)
    natural_key = Varchar(length=140, unique=True)  # "<framework>:<code>"
    name = Varchar(length=255)
    level = Integer()
    parent = ForeignKey("self", null=True, on_delete=OnDelete.restrict)
    scope = Varchar(length=16, default="national")
    source = Text(default="")
    confidence = Varchar(length=8, default="")
    description = Text(default="")


class Item(Table, tablename="item"):
    """One architecture item of one government: unit, process, service, data set, application,
    interface, infrastructure or security item."""

    instansi = ForeignKey(Instansi, index=True, on_delete=OnDelete.restrict)
    kind = Varchar(length=40, index=True)
    key = Varchar(length=128)
    ref = Varchar(length=200, unique=True)  # "<instansi-code>:<key>"
    name = Varchar(length=255, index=True)
    description = Text(default="")
    owner = ForeignKey("self", null=True, index=True, on_delete=OnDelete.restrict)
    status = Varchar(length=32, index=True)
    attributes = JSONB(default={})
    custom = JSONB(default={})
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    created_by = Varchar(length=128, default="")
    updated_by = Varchar(length=128, default="")
    deleted_at = Timestamptz(null=True, default=None, index=True)


class Classification(Table, tablename="classification"):
    """An item classified by a reference node (the `classified_as` edge)."""

    item = ForeignKey(Item, index=True, on_delete=OnDelete.cascade)
    node = ForeignKey(ReferenceNode, index=True, on_delete=OnDelete.restrict)
    natural_key = Varchar(length=64, unique=True)  # "<item-id>:<node-id>"


class Relationship(Table, tablename="relationship"):
    """A typed, directed edge between two items (possibly of two governments)."""

    instansi = ForeignKey(Instansi, index=True, on_delete=OnDelete.restrict)
    source = ForeignKey(Item, index=True, on_delete=OnDelete.restrict)
    target = ForeignKey(Item, index=True, on_delete=OnDelete.restrict)
    type = Varchar(length=40, index=True)
    natural_key = Varchar(length=100, unique=True)  # "<source-id>:<type>:<target-id>"
    attributes = JSONB(default={})
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    created_by = Varchar(length=128, default="")
    updated_by = Varchar(length=128, default="")
    deleted_at = Timestamptz(null=True, default=None, index=True)
    # The item whose soft-delete took this relationship down, so restoring that item brings
    # back exactly these relationships.
    deleted_with = Integer(null=True, default=None, index=True)


class Change(Table, tablename="change"):
    """Append-only change log: who did what, when, with the record before and after."""

    at = Timestamptz(index=True)
    actor = Varchar(length=128)
    action = Varchar(length=16)  # create, update, delete, restore
    entity = Varchar(length=16, index=True)  # instansi, item, relationship
    entity_id = Integer(index=True)
    instansi_id = Integer(null=True, default=None, index=True)
    subject_id = Integer(null=True, default=None, index=True)  # item, or relationship source
    object_id = Integer(null=True, default=None, index=True)  # relationship target
    label = Varchar(length=300, default="")  # human-readable: ref or "a -[type]-> b"
    version = Integer(default=1)
    batch = Varchar(length=64, null=True, default=None, index=True)  # one import = one batch
    before = JSONB(null=True, default=None)
    after = JSONB(null=True, default=None)
    cascade = Boolean(default=False)  # caused by another change (e.g. an item's delete)


class ReferenceFramework(Table, tablename="reference_framework"):
    """A versioned reference architecture (e.g. PERPRES132_2022), loaded from `seed/`."""

    code = Varchar(length=64, unique=True)
    name = Varchar(length=255)
    status = Varchar(length=32, default="")  # e.g. "illustrative", "official"
    source = Text(default="")
    description = Text(default="")
    settings = JSONB(default={})  # domains, level names, code pattern
    loaded_at = Timestamptz()


class AuditSetting(Table, tablename="audit_setting"):
    """A government's own setting of one audit rule: switched on or off, parameters tuned.
    Keyed by rule id, not pack version, so a setting carries over to the next pack version."""

    instansi = ForeignKey(Instansi, index=True, on_delete=OnDelete.cascade)
    rule = Varchar(length=100)
    natural_key = Varchar(length=200, unique=True)  # "<instansi-code>:<rule>"
    enabled = Boolean(null=True, default=None)  # None: the pack's default
    params = JSONB(default={})
    note = Text(default="")
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    created_by = Varchar(length=128, default="")
    updated_by = Varchar(length=128, default="")


class SelfAssessment(Table, tablename="self_assessment"):
    """A government's self-assessment (evaluasi mandiri) for one evaluation framework and year:
    a level per indicator, with evidence (registry items) and a note."""

    instansi = ForeignKey(Instansi, index=True, on_delete=OnDelete.cascade)
    framework = Varchar(length=64)
    year = Integer()
    natural_key = Varchar(length=200, unique=True)  # "<instansi-code>:<framework>:<year>"
    indicators = JSONB(default={})  # {"16": {"level": 3, "evidence": [refs], "note": ""}}
    note = Text(default="")
    version = Integer(default=1)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    created_by = Varchar(length=128, default="")
    updated_by = Varchar(length=128, default="")


class AuditRun(Table, tablename="audit_run"):
    """A stored audit report, so that a later run can say what got better and what got worse."""

    instansi = ForeignKey(Instansi, index=True, on_delete=OnDelete.cascade)
    pack = Varchar(length=64)
    pack_version = Varchar(length=32)
    as_of = Date()
    registry_version = Varchar(length=64, default="")
    checked = Integer(default=0)
    passed = Integer(default=0)
    report = JSONB(default={})
    created_at = Timestamptz(index=True)
    created_by = Varchar(length=128, default="")
