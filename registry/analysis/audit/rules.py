"""Rule packs: versioned files of audit rules (`seed/rules/*.yaml`, format `spbe-audit-rules/1`).

Like iTop's audit categories and rules, a rule names the items it looks at (its scope) and the
condition they must meet; on top, each rule carries its title and explanation in Bahasa Indonesia
and English, the regulation it rests on, a severity, the confidence of its source (DOMAIN.md tags)
and parameters that a government may tune. A government may also switch a rule off. No rule has
Python code of its own: conditions use the vocabulary of `conditions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import msgspec

from registry import metamodel as mm
from registry.analysis.audit.conditions import All, Any_, Condition, Count, Not, parse_many
from registry.analysis.audit.files import read_yaml
from registry.errors import FieldError, Invalid, NotFound

FORMAT = "spbe-audit-rules/1"
SEVERITIES = ("high", "medium", "low")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
GOVERNMENT_SCOPE = "instansi"

# --------------------------------------------------------------------------------------------
# File format


class ParamSpec(msgspec.Struct, forbid_unknown_fields=True):
    default: Any
    description: str = ""
    description_en: str = ""
    confidence: str = ""


class CategorySpec(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    name: str
    name_en: str
    short: str = ""  # column heading in the per-OPD scorecard
    short_en: str = ""
    description: str = ""
    description_en: str = ""


class RuleSpec(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    category: str
    title: str
    title_en: str
    explanation: str
    explanation_en: str
    regulation: list[str]
    severity: Literal["high", "medium", "low"]
    scope: Any
    condition: Any
    confidence: str = ""
    enabled: bool = True
    params: dict[str, ParamSpec] = {}
    # What a failing item is called in the summary ("aplikasi" / "applications").
    noun: str = ""
    noun_en: str = ""


class PackSpec(msgspec.Struct, forbid_unknown_fields=True):
    format: str
    code: str
    version: str
    name: str
    name_en: str
    categories: list[CategorySpec]
    rules: list[RuleSpec]
    description: str = ""
    description_en: str = ""


# --------------------------------------------------------------------------------------------
# Loaded rules


@dataclass
class Rule:
    spec: RuleSpec
    kinds: list[str]  # empty for a government-scope rule
    where: Condition | None
    condition: Condition
    government: bool  # evaluated once for the government, not per item

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def needs_findings(self) -> set[str]:
        found = self.condition.findings()
        return found | (self.where.findings() if self.where else set())

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.spec.params.items()}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = msgspec.to_builtins(self.spec)
        out["government_scope"] = self.government
        out["analysis_findings"] = sorted(self.needs_findings)
        return out


@dataclass
class RulePack:
    spec: PackSpec
    rules: dict[str, Rule] = field(default_factory=dict)
    path: Path | None = None

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def version(self) -> str:
        return self.spec.version

    def rule(self, rule_id: str) -> Rule:
        if rule_id not in self.rules:
            raise NotFound.one(
                "rule",
                "not_found_among",
                what="aturan / rule",
                ident=rule_id,
                allowed=", ".join(self.rules),
            )
        return self.rules[rule_id]

    def summary(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "version": self.version,
            "name": self.spec.name,
            "name_en": self.spec.name_en,
            "description": self.spec.description,
            "description_en": self.spec.description_en,
            "rules": len(self.rules),
            "categories": [msgspec.to_builtins(c) for c in self.spec.categories],
        }


def _kind_of_param(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, list):
        return "list"
    return "str"


def parse_pack(data: Any, *, location: str = "") -> RulePack:
    """Validate a whole pack; every problem is reported with its path, not just the first."""
    try:
        spec = msgspec.convert(data, PackSpec, strict=False)
    except msgspec.ValidationError as exc:
        raise Invalid([FieldError("$", "bad_data_file", {"detail": str(exc)}, location)]) from None
    errors: list[FieldError] = []

    def err(path: str, code: str, **params: Any) -> None:
        errors.append(FieldError(path, code, params, location))

    if spec.format != FORMAT:
        err("format", "not_in_choices", value=spec.format, choices=FORMAT)
    categories = {c.id for c in spec.categories}
    entries: list[tuple[Any, str]] = []
    scopes: list[tuple[list[str], bool]] = []
    for i, rule in enumerate(spec.rules):
        path = f"rules[{i}]"
        if rule.category not in categories:
            err(
                f"{path}.category",
                "not_in_choices",
                value=rule.category,
                choices=", ".join(categories),
            )
        if rule.scope == GOVERNMENT_SCOPE:
            scopes.append(([], True))
            entries.append((None, f"{path}.scope"))
        elif (
            isinstance(rule.scope, dict)
            and set(rule.scope) <= {"kind", "where"}
            and "kind" in rule.scope
        ):
            kinds = rule.scope["kind"]
            kinds = [kinds] if isinstance(kinds, str) else list(kinds)
            for k in kinds:
                if k not in mm.KIND_MAP:
                    err(
                        f"{path}.scope.kind", "unknown_kind", kind=k, allowed=", ".join(mm.KIND_MAP)
                    )
            scopes.append((kinds, False))
            entries.append((rule.scope.get("where"), f"{path}.scope.where"))
        else:
            err(f"{path}.scope", "bad_value", detail="'instansi' or {kind: [...], where: {...}}")
            scopes.append(([], True))
            entries.append((None, f"{path}.scope"))
        entries.append((rule.condition, f"{path}.condition"))
    # Scopes without `where` have nothing to parse; parse the rest in one pass.
    to_parse = [(d, p) for d, p in entries if d is not None]
    parsed, cond_errors = parse_many(to_parse, location)
    errors += cond_errors
    by_path = dict(zip([p for _, p in to_parse], parsed, strict=True))
    pack = RulePack(spec=spec)
    for i, rule in enumerate(spec.rules):
        path = f"rules[{i}]"
        if rule.id in pack.rules:
            err(f"{path}.id", "duplicate_key_in_file", key=rule.id, other="rules")
            continue
        kinds, government = scopes[i]
        where = by_path.get(f"{path}.scope.where")
        condition = by_path.get(f"{path}.condition")
        if condition is None:
            continue
        if government and not _government_safe(condition):
            err(
                f"{path}.condition",
                "bad_condition",
                detail="a government-scope rule uses count conditions (with all/any/not)",
            )
        used = condition.params() | (where.params() if where else set())
        for name in sorted(used - set(rule.params)):
            err(
                f"{path}.params",
                "unknown_param",
                name=name,
                rule=rule.id,
                allowed=", ".join(rule.params) or "-",
            )
        pack.rules[rule.id] = Rule(rule, kinds, where, condition, government)
    if errors:
        raise Invalid(errors)
    return pack


def _government_safe(cond: Condition) -> bool:
    """A rule about the whole government has no item of its own: only counts make sense."""
    if isinstance(cond, All | Any_):
        return all(_government_safe(c) for c in cond.items)
    if isinstance(cond, Not):
        return _government_safe(cond.item)
    return isinstance(cond, Count)


def load_pack_file(path: Path) -> RulePack:
    pack = parse_pack(read_yaml(path), location=path.name)
    pack.path = path
    return pack


def _version_key(version: str) -> tuple[Any, ...]:
    return tuple(int(p) if p.isdigit() else p for p in version.replace("-", ".").split("."))


def load_packs(folder: Path) -> dict[str, list[RulePack]]:
    """Every pack of a folder: code -> versions, newest first."""
    out: dict[str, list[RulePack]] = {}
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        pack = load_pack_file(path)
        out.setdefault(pack.code, []).append(pack)
    for versions in out.values():
        versions.sort(key=lambda p: _version_key(p.version), reverse=True)
    return out


def select_pack(packs: Mapping[str, list[RulePack]], wanted: str | None = None) -> RulePack:
    """`CODE`, `CODE@VERSION` or None (the only pack, newest version)."""
    if not packs:
        raise NotFound.one(
            "pack", "not_found_among", what="paket aturan / rule pack", ident="-", allowed="-"
        )
    code, _, version = (wanted or "").partition("@")
    if not code:
        if len(packs) > 1:
            raise Invalid.one("pack", "required")
        code = next(iter(packs))
    versions = packs.get(code)
    available = ", ".join(f"{c}@{p.version}" for c, vs in packs.items() for p in vs)
    if not versions:
        raise NotFound.one(
            "pack",
            "not_found_among",
            what="paket aturan / rule pack",
            ident=code,
            allowed=available,
        )
    if not version:
        return versions[0]
    for pack in versions:
        if pack.version == version:
            return pack
    raise NotFound.one(
        "pack", "not_found_among", what="paket aturan / rule pack", ident=wanted, allowed=available
    )


# --------------------------------------------------------------------------------------------
# Per-government settings: rules switched off, parameters tuned


@dataclass
class EffectiveRule:
    rule: Rule
    enabled: bool
    params: dict[str, Any]
    customised: bool  # differs from the pack's defaults for this government


def validate_setting(rule: Rule, *, enabled: Any, params: Any) -> list[FieldError]:
    """Problems with a government's setting for one rule, each naming its field."""
    errors: list[FieldError] = []
    if enabled is not None and not isinstance(enabled, bool):
        errors.append(
            FieldError("enabled", "bad_type", {"expected": "ya/tidak", "expected_en": "boolean"})
        )
    if params is None:
        return errors
    if not isinstance(params, dict):
        return [
            *errors,
            FieldError("params", "bad_type", {"expected": "objek", "expected_en": "object"}),
        ]
    for name, value in params.items():
        spec = rule.spec.params.get(name)
        if spec is None:
            errors.append(
                FieldError(
                    f"params.{name}",
                    "unknown_param",
                    {"name": name, "rule": rule.id, "allowed": ", ".join(rule.spec.params) or "-"},
                )
            )
            continue
        if value is None:
            continue  # back to the default
        wanted = _kind_of_param(spec.default)
        got = _kind_of_param(value)
        ok = got == wanted or (wanted == "float" and got == "int")
        if ok and wanted == "list":
            ok = all(isinstance(v, str | int | float) and not isinstance(v, bool) for v in value)
        if not ok:
            names = {
                "bool": ("ya/tidak", "boolean"),
                "int": ("bilangan bulat", "integer"),
                "float": ("angka", "number"),
                "list": ("daftar", "list"),
                "str": ("teks", "text"),
            }
            errors.append(
                FieldError(
                    f"params.{name}",
                    "bad_type",
                    {"expected": names[wanted][0], "expected_en": names[wanted][1]},
                )
            )
        elif wanted in ("int", "float") and value < 0:
            errors.append(
                FieldError(f"params.{name}", "out_of_range", {"minimum": 0, "maximum": "∞"})
            )
    return errors


def effective_rules(
    pack: RulePack, settings: Mapping[str, Mapping[str, Any]] | None = None
) -> dict[str, EffectiveRule]:
    """The pack as one government runs it. `settings`: rule id -> {enabled, params}; settings of
    rules that are not in this pack version are ignored (they may belong to another version)."""
    out: dict[str, EffectiveRule] = {}
    settings = settings or {}
    for rule_id, rule in pack.rules.items():
        own = settings.get(rule_id) or {}
        params = rule.defaults()
        overrides = {
            k: v for k, v in (own.get("params") or {}).items() if k in params and v is not None
        }
        params.update(overrides)
        enabled = own.get("enabled")
        enabled = rule.spec.enabled if enabled is None else bool(enabled)
        out[rule_id] = EffectiveRule(
            rule=rule,
            enabled=enabled,
            params=params,
            customised=bool(overrides) or enabled != rule.spec.enabled,
        )
    return out
