"""Pure validation of items and relationships against the meta-model (no database access).

Single writes (API, CLI) and bulk imports share these functions, so a value is refused for the
same reason, in the same words, whichever way it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from registry import metamodel as mm
from registry.errors import FieldError

ITEM_FIELDS = (
    "kind",
    "key",
    "name",
    "description",
    "owner",
    "status",
    "reference_codes",
    "attributes",
    "custom",
)


@dataclass
class ItemDraft:
    """An item's fields after validation, before references (owner, codes) are resolved."""

    kind: str
    key: str
    name: str
    description: str = ""
    owner: str | None = None  # key (same government) or global ref of a unit
    status: str = "aktif"
    reference_codes: list[str] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    custom: dict[str, Any] = field(default_factory=dict)


def _text(data: dict[str, Any], name: str, errors: list[FieldError], *, max_len: int) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        errors.append(FieldError(name, "bad_type", {"expected": "teks", "expected_en": "text"}))
        return None
    value = value.strip()
    if len(value) > max_len:
        errors.append(FieldError(name, "too_long", {"max": max_len}))
        return None
    return value


def validate_key(key: str) -> FieldError | None:
    if not mm.KEY_PATTERN.match(key):
        return FieldError("key", "bad_key", {"key": key})
    return None


def validate_item(
    data: dict[str, Any],
    *,
    lenient: bool = False,
    unknown_attributes: str = "error",  # "error" | "custom" (importers keep them as custom)
) -> tuple[ItemDraft | None, list[FieldError], list[FieldError]]:
    """Validate a whole item. Returns (draft or None, errors, warnings)."""
    errors: list[FieldError] = []
    warnings: list[FieldError] = []
    if not isinstance(data, dict):
        return (
            None,
            [FieldError("$", "bad_type", {"expected": "objek", "expected_en": "object"})],
            warnings,
        )
    for extra in sorted(set(data) - set(ITEM_FIELDS) - {"version", "ref", "instansi"}):
        errors.append(
            FieldError(
                extra,
                "unknown_field",
                {"name": extra, "kind": "item", "allowed": ", ".join(ITEM_FIELDS)},
            )
        )

    kind_name = _text(data, "kind", errors, max_len=40)
    kind = mm.get_kind(kind_name) if kind_name else None
    if not kind_name:
        if not any(e.field == "kind" for e in errors):
            errors.append(FieldError("kind", "required"))
    elif kind is None:
        errors.append(
            FieldError(
                "kind", "unknown_kind", {"kind": kind_name, "allowed": ", ".join(mm.KIND_MAP)}
            )
        )

    name = _text(data, "name", errors, max_len=255)
    if name is None and not any(e.field == "name" for e in errors):
        errors.append(FieldError("name", "required"))
    elif name == "":
        errors.append(FieldError("name", "empty"))

    key = _text(data, "key", errors, max_len=128)
    if not key and name:
        key = mm.slugify(name)
    if key:
        err = validate_key(key)
        if err:
            errors.append(err)

    description = _text(data, "description", errors, max_len=20000) or ""
    owner = _text(data, "owner", errors, max_len=200) or None

    status = _text(data, "status", errors, max_len=32)
    if kind is not None:
        if not status:
            status = kind.default_status
        else:
            status = status.lower()
            if status not in kind.statuses:
                errors.append(
                    FieldError(
                        "status",
                        "bad_status",
                        {"status": status, "kind": kind.name, "allowed": ", ".join(kind.statuses)},
                    )
                )

    codes_raw = data.get("reference_codes") or []
    codes: list[str] = []
    if isinstance(codes_raw, str):
        codes_raw = [c for c in codes_raw.replace(",", ";").split(";")]
    if not isinstance(codes_raw, list) or not all(isinstance(c, str) for c in codes_raw):
        errors.append(
            FieldError(
                "reference_codes",
                "bad_type",
                {"expected": "daftar kode", "expected_en": "list of codes"},
            )
        )
    else:
        codes = sorted({c.strip() for c in codes_raw if c.strip()})

    attributes: dict[str, Any] = {}
    custom = data.get("custom") or {}
    if not isinstance(custom, dict):
        errors.append(
            FieldError("custom", "bad_type", {"expected": "objek", "expected_en": "object"})
        )
        custom = {}
    if kind is not None:
        raw_attrs = data.get("attributes") or {}
        if isinstance(raw_attrs, dict) and unknown_attributes == "custom":
            known = kind.attribute_map
            for name_ in [n for n in raw_attrs if n not in known]:
                value = raw_attrs[name_]
                if value not in (None, ""):
                    custom[name_] = value
                    warnings.append(
                        FieldError(name_, "custom_attribute", {"name": name_, "kind": kind.name})
                    )
            raw_attrs = {n: v for n, v in raw_attrs.items() if n in known}
        attributes, attr_errors = mm.validate_attributes(
            kind.name, kind.attribute_map, raw_attrs, lenient=lenient
        )
        errors.extend(attr_errors)

    if errors or kind is None or not key or not name:
        return None, errors, warnings
    return (
        ItemDraft(
            kind=kind.name,
            key=key,
            name=name,
            description=description,
            owner=owner,
            status=status or kind.default_status,
            reference_codes=codes,
            attributes=attributes,
            custom=custom,
        ),
        [],
        warnings,
    )


def check_reference_codes(
    kind: str,
    codes: list[str],
    nodes_by_code: dict[str, tuple[int, str]],
    framework: str,
) -> list[FieldError]:
    """Every code must exist in the government's framework and fit the kind's domains."""
    errors = []
    allowed = mm.KIND_MAP[kind].reference_domains
    for code in codes:
        node = nodes_by_code.get(code)
        if node is None:
            errors.append(
                FieldError(
                    "reference_codes",
                    "unknown_reference_code",
                    {"code": code, "framework": framework},
                )
            )
        elif node[1] not in allowed:
            errors.append(
                FieldError(
                    "reference_codes",
                    "reference_domain_mismatch",
                    {"code": code, "domain": node[1], "kind": kind, "allowed": "/".join(allowed)},
                )
            )
    return errors


@dataclass(frozen=True)
class End:
    """One end of a relationship, as the checks need it."""

    ref: str
    kind: str
    instansi_code: str
    instansi_level: str
    deleted: bool = False


def check_relationship(
    rel_type: str, source: End, target: End, attributes: Any, *, lenient: bool = False
) -> tuple[dict[str, Any], list[FieldError]]:
    """Kinds, governments and attributes of one relationship. Returns (attributes, errors)."""
    errors: list[FieldError] = []
    err = mm.check_relationship_kinds(rel_type, source.kind, target.kind)
    if err:
        return {}, [err]
    spec = mm.RELATIONSHIP_MAP[rel_type]
    if source.ref == target.ref:
        errors.append(FieldError("target", "relationship_self"))
    for end_name, end in (("source", source), ("target", target)):
        if end.deleted:
            errors.append(FieldError(end_name, "relationship_deleted_end", {"ref": end.ref}))
    national_target = target.instansi_level in mm.NATIONAL_LEVELS
    same = source.instansi_code == target.instansi_code
    if spec.cross_instansi == "other" and same:
        errors.append(FieldError("target", "relationship_needs_other_instansi", {"type": rel_type}))
    elif spec.cross_instansi == "national" and not same and not national_target:
        errors.append(
            FieldError(
                "target",
                "relationship_cross_instansi",
                {"type": rel_type, "target": target.ref, "target_instansi": target.instansi_code},
            )
        )
    if spec.target_national and not national_target:
        errors.append(
            FieldError(
                "target",
                "relationship_needs_national",
                {"type": rel_type, "target": target.ref, "target_instansi": target.instansi_code},
            )
        )
    attrs, attr_errors = mm.validate_attributes(
        rel_type, spec.attribute_map, attributes, lenient=lenient
    )
    errors.extend(attr_errors)
    return attrs, errors
