"""Request bodies as msgspec Structs: typed in the OpenAPI schema, validated on arrival.

Fields left out of an update are UNSET and keep their value; the store validates the content
against the meta-model and reports every problem by field.
"""

from __future__ import annotations

from typing import Any

import msgspec
from msgspec import UNSET, UnsetType


class InstansiCreate(msgspec.Struct, forbid_unknown_fields=True):
    code: str
    name: str
    level: str
    reference_framework: str | UnsetType = UNSET
    attributes: dict[str, Any] | UnsetType = UNSET


class InstansiUpdate(msgspec.Struct, forbid_unknown_fields=True):
    version: int | None = None
    name: str | UnsetType = UNSET
    level: str | UnsetType = UNSET
    reference_framework: str | UnsetType = UNSET
    attributes: dict[str, Any] | UnsetType | None = UNSET


class ItemCreate(msgspec.Struct, forbid_unknown_fields=True):
    kind: str
    name: str
    key: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    owner: str | UnsetType | None = UNSET
    status: str | UnsetType = UNSET
    reference_codes: list[str] | UnsetType = UNSET
    attributes: dict[str, Any] | UnsetType = UNSET
    custom: dict[str, Any] | UnsetType = UNSET


class ItemUpdate(msgspec.Struct, forbid_unknown_fields=True):
    """Send only what changes. In `attributes` and `custom`, null removes a key."""

    version: int | None = None
    kind: str | UnsetType = UNSET
    key: str | UnsetType = UNSET
    name: str | UnsetType = UNSET
    description: str | UnsetType = UNSET
    owner: str | UnsetType | None = UNSET
    status: str | UnsetType = UNSET
    reference_codes: list[str] | UnsetType = UNSET
    attributes: dict[str, Any] | UnsetType | None = UNSET
    custom: dict[str, Any] | UnsetType | None = UNSET


class RelationshipCreate(msgspec.Struct, forbid_unknown_fields=True):
    """`source` is a key of this government; `target` a key or a global ref `<instansi>:<key>`."""

    source: str
    type: str
    target: str
    attributes: dict[str, Any] | UnsetType = UNSET


class RelationshipUpdate(msgspec.Struct, forbid_unknown_fields=True):
    version: int | None = None
    attributes: dict[str, Any] | UnsetType = UNSET


class VersionBody(msgspec.Struct, forbid_unknown_fields=True):
    version: int | None = None
