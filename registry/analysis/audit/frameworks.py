"""Evaluation frameworks as versioned data, and the index calculator.

A framework file (`seed/evaluation/*.yaml`, format `spbe-evaluation-framework/1`) holds the whole
instrument: domains and aspects (either may be absent), indicators with their weights and maturity
scale, level names, predicate bands and the aggregation settings. PermenPANRB 59/2020 and the
PermenPANRB 8/2026 draft are two such files; a new version is a new file, never new code.

The index is the regulation's formula, Σ(level × weight) / divisor (PermenPANRB 59/2020:
Indeks SPBE = (1/100)·Σ(ND×BD), which equals Σ(indicator level × indicator weight)/100), computed
exactly with `Decimal` so that the predicate boundaries (1.8, 2.6, 3.5, 4.2) are not lost to
floating point.

Examples
--------
>>> fw = load_framework_file(Path("seed/evaluation/permenpanrb59_2020.yaml"))
>>> result = compute_index(fw, {i: 3 for i in fw.indicators})
>>> (result.index, result.predicate)
(3.0, 'Baik')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

import msgspec

from registry.analysis.audit.files import read_yaml
from registry.errors import FieldError, Invalid, NotFound

FORMAT = "spbe-evaluation-framework/1"
_NUMBERS = msgspec.json.Encoder(decimal_format="number")

# --------------------------------------------------------------------------------------------
# The file format (msgspec names the path of any type error, e.g. `$.domains[0].weight`)


class CriterionText(msgspec.Struct, forbid_unknown_fields=True):
    text: str
    text_en: str


class LevelName(msgspec.Struct, forbid_unknown_fields=True):
    level: int
    name: str
    name_en: str
    description: str = ""
    description_en: str = ""
    confidence: str = ""


class Predicate(msgspec.Struct, forbid_unknown_fields=True):
    name: str
    name_en: str
    min: Decimal
    confidence: str = ""


class Indicator(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    name: str
    name_en: str
    weight: Decimal | None = None
    scale: str = "default"
    tags: list[str] = []
    criteria: dict[str, CriterionText] = {}
    evidence: str = ""
    evidence_en: str = ""
    rules: list[str] = []  # audit rules whose results bear on this indicator
    confidence: str = ""


class Aspect(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    name: str
    name_en: str
    weight: Decimal | None = None
    indicators: list[Indicator] = []
    confidence: str = ""


class Domain(msgspec.Struct, forbid_unknown_fields=True):
    id: str
    name: str
    name_en: str
    weight: Decimal
    aspects: list[Aspect]
    confidence: str = ""


class Formula(msgspec.Struct, forbid_unknown_fields=True):
    divisor: Decimal = Decimal(100)
    decimals: int = 2
    predicate_on: Literal["rounded", "exact"] = "rounded"
    unassessed_level: int = 0  # what an indicator without a level counts as


class LevelRange(msgspec.Struct, forbid_unknown_fields=True):
    min: int = 1
    max: int = 5


class Years(msgspec.Struct, forbid_unknown_fields=True, rename={"from_": "from"}):
    from_: int | None = None
    to: int | None = None


class FrameworkSpec(msgspec.Struct, forbid_unknown_fields=True):
    format: str
    code: str
    version: str
    name: str
    name_en: str
    regulation: str
    status: str
    confidence: str
    scales: dict[str, list[LevelName]]
    predicates: list[Predicate]
    source: str = ""
    years: Years | None = None
    formula: Formula = msgspec.field(default_factory=Formula)
    levels: LevelRange = msgspec.field(default_factory=LevelRange)
    full_coverage_level: int | None = None
    domains: list[Domain] = []
    aspects: list[Aspect] = []  # aspects without a domain level
    indicators: list[Indicator] = []  # indicators not yet placed in an aspect


# --------------------------------------------------------------------------------------------
# The loaded framework


@dataclass(frozen=True)
class IndicatorPlace:
    indicator: Indicator
    aspect: Aspect | None
    domain: Domain | None


@dataclass
class Framework:
    """A validated framework with lookups; `complete` says whether an index can be computed."""

    spec: FrameworkSpec
    path: Path | None = None
    indicators: dict[str, IndicatorPlace] = field(default_factory=dict)
    aspects: list[tuple[Aspect, Domain | None]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # why the index cannot be computed

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def complete(self) -> bool:
        return not self.problems

    def scale_of(self, indicator_id: str) -> list[LevelName]:
        return self.spec.scales[self.indicators[indicator_id].indicator.scale]

    def level_name(self, indicator_id: str, level: int) -> LevelName | None:
        return next((lv for lv in self.scale_of(indicator_id) if lv.level == level), None)

    def to_dict(self) -> dict[str, Any]:
        # Weights and bounds as JSON numbers, not the strings `to_builtins` makes of Decimals.
        out: dict[str, Any] = msgspec.json.decode(_NUMBERS.encode(self.spec))
        out["complete"] = self.complete
        out["problems"] = list(self.problems)
        out["indicator_count"] = len(self.indicators)
        return out

    def summary(self) -> dict[str, Any]:
        s = self.spec
        return {
            "code": s.code,
            "version": s.version,
            "name": s.name,
            "name_en": s.name_en,
            "regulation": s.regulation,
            "status": s.status,
            "confidence": s.confidence,
            "indicator_count": len(self.indicators),
            "complete": self.complete,
            "problems": list(self.problems),
            "url": f"/api/evaluation/frameworks/{s.code}",
        }


def _sum(values: list[Decimal | None]) -> Decimal | None:
    return None if any(v is None for v in values) else sum((v for v in values if v), Decimal(0))


def _check(spec: FrameworkSpec, location: str) -> tuple[Framework, list[FieldError]]:
    """Structural errors (a broken file) and completeness problems (no index yet)."""
    errors: list[FieldError] = []
    fw = Framework(spec=spec)

    def err(path: str, code: str, **params: Any) -> None:
        errors.append(FieldError(path, code, params, location))

    if spec.format != FORMAT:
        err("format", "not_in_choices", value=spec.format, choices=FORMAT)
    lo, hi = spec.levels.min, spec.levels.max
    if not 0 <= lo <= hi:
        err("levels", "bad_value", detail=f"min {lo} > max {hi}")
    for name, scale in spec.scales.items():
        got = sorted(lv.level for lv in scale)
        if got != list(range(lo, hi + 1)):
            err(f"scales.{name}", "bad_value", detail=f"levels {got} != {lo}..{hi}")
    mins = [p.min for p in spec.predicates]
    if not mins or mins != sorted(mins, reverse=True) or mins[-1] > lo:
        err(
            "predicates",
            "bad_value",
            detail="highest band first; the last must start at or below the lowest level",
        )

    groups: list[tuple[str, Aspect, Domain | None]] = []
    for d_i, domain in enumerate(spec.domains):
        for a_i, aspect in enumerate(domain.aspects):
            groups.append((f"domains[{d_i}].aspects[{a_i}]", aspect, domain))
        weights = [a.weight for a in domain.aspects]
        total = _sum(weights)
        if total is not None and total != domain.weight:
            err(
                f"domains[{d_i}]",
                "weights_mismatch",
                what=domain.id,
                total=total,
                expected=domain.weight,
            )
    for a_i, aspect in enumerate(spec.aspects):
        groups.append((f"aspects[{a_i}]", aspect, None))
    seen: set[str] = set()
    for path, aspect, domain in groups:
        fw.aspects.append((aspect, domain))
        if aspect.id in seen:
            err(path, "duplicate_key_in_file", key=aspect.id, other="aspects")
        seen.add(aspect.id)
        if not aspect.indicators:
            fw.problems.append(
                f"aspek '{aspect.id}' belum berisi indikator / aspect has no indicators"
            )
        ind_total = _sum([i.weight for i in aspect.indicators])
        if aspect.indicators and ind_total is not None and ind_total != aspect.weight:
            err(path, "weights_mismatch", what=aspect.id, total=ind_total, expected=aspect.weight)
    placed = [
        (f"{path}.indicators[{i}]", ind, aspect, domain)
        for path, aspect, domain in groups
        for i, ind in enumerate(aspect.indicators)
    ] + [(f"indicators[{i}]", ind, None, None) for i, ind in enumerate(spec.indicators)]
    for path, ind, aspect, domain in placed:
        if ind.id in fw.indicators:
            err(path, "duplicate_key_in_file", key=ind.id, other="indicators")
            continue
        fw.indicators[ind.id] = IndicatorPlace(ind, aspect, domain)
        if ind.scale not in spec.scales:
            err(f"{path}.scale", "not_in_choices", value=ind.scale, choices=", ".join(spec.scales))
        for level in ind.criteria:
            if not level.isdigit() or not lo <= int(level) <= hi:
                err(f"{path}.criteria.{level}", "out_of_range", minimum=lo, maximum=hi)
    unplaced = [i.id for i in spec.indicators]
    if unplaced:
        fw.problems.append(
            f"{len(unplaced)} indikator belum dipetakan ke aspek / not mapped to an aspect: "
            + ", ".join(unplaced)
        )
    unweighted = [i for i, p in fw.indicators.items() if p.indicator.weight is None]
    if unweighted and not unplaced:
        fw.problems.append(
            "indikator tanpa bobot / indicators without a weight: " + ", ".join(unweighted)
        )
    if not fw.problems:
        total = _sum([p.indicator.weight for p in fw.indicators.values()])
        if total != spec.formula.divisor:
            err(
                "formula.divisor",
                "weights_mismatch",
                what="indikator",
                total=total,
                expected=spec.formula.divisor,
            )
    return fw, errors


def parse_framework(data: Any, *, location: str = "") -> Framework:
    try:
        spec = msgspec.convert(data, FrameworkSpec, strict=False)
    except msgspec.ValidationError as exc:
        raise Invalid([FieldError("$", "bad_data_file", {"detail": str(exc)}, location)]) from None
    fw, errors = _check(spec, location)
    if errors:
        raise Invalid(errors)
    return fw


def load_framework_file(path: Path) -> Framework:
    data = read_yaml(path)
    fw = parse_framework(data, location=path.name)
    fw.path = path
    return fw


def load_frameworks(folder: Path) -> dict[str, Framework]:
    """Every framework file of a folder, by code."""
    out: dict[str, Framework] = {}
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        fw = load_framework_file(path)
        out[fw.code] = fw
    return out


def get_framework(frameworks: Mapping[str, Framework], code: str) -> Framework:
    if code not in frameworks:
        raise NotFound.one(
            "framework",
            "not_found_among",
            what="kerangka evaluasi / evaluation framework",
            ident=code,
            allowed=", ".join(frameworks) or "-",
        )
    return frameworks[code]


# --------------------------------------------------------------------------------------------
# Levels and the index


def validate_levels(
    fw: Framework, levels: Mapping[str, Any], *, prefix: str = "levels"
) -> list[FieldError]:
    """Every problem with a {indicator: level} mapping, each naming its field."""
    errors: list[FieldError] = []
    lo, hi = fw.spec.levels.min, fw.spec.levels.max
    for indicator, level in levels.items():
        where = f"{prefix}.{indicator}"
        if indicator not in fw.indicators:
            errors.append(
                FieldError(
                    where,
                    "unknown_indicator",
                    {"indicator": indicator, "framework": fw.code, "count": len(fw.indicators)},
                )
            )
        elif isinstance(level, bool) or not isinstance(level, int):
            errors.append(
                FieldError(
                    where, "bad_type", {"expected": "bilangan bulat", "expected_en": "integer"}
                )
            )
        elif not lo <= level <= hi:
            errors.append(FieldError(where, "out_of_range", {"minimum": lo, "maximum": hi}))
    return errors


@dataclass
class GroupScore:
    """An aspect or domain: its weight and its own index, Σ(level × weight) / group weight."""

    id: str
    name: str
    name_en: str
    weight: float
    index: float
    assessed: int
    indicators: int


@dataclass
class IndicatorScore:
    id: str
    name: str
    name_en: str
    weight: float
    level: int | None
    level_name: str | None
    level_name_en: str | None
    contribution: float  # level × weight / divisor


@dataclass
class IndexResult:
    framework: str
    version: str
    index: float  # rounded to the framework's decimals
    exact: str  # the exact value, as a decimal string
    predicate: str
    predicate_en: str
    complete: bool  # every indicator has a level
    missing: list[str]
    domains: list[GroupScore]
    aspects: list[GroupScore]
    indicators: list[IndicatorScore]


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def predicate_for(fw: Framework, value: Decimal) -> Predicate:
    return next((p for p in fw.spec.predicates if value >= p.min), fw.spec.predicates[-1])


def compute_index(fw: Framework, levels: Mapping[str, int]) -> IndexResult:
    """The index, its predicate and the aspect and domain indices for one set of levels."""
    if not fw.complete:
        raise Invalid.one(
            "framework", "framework_incomplete", framework=fw.code, detail="; ".join(fw.problems)
        )
    errors = validate_levels(fw, levels)
    if errors:
        raise Invalid(errors)
    formula = fw.spec.formula
    unassessed = Decimal(formula.unassessed_level)

    def value(indicator_id: str) -> Decimal:
        level = levels.get(indicator_id)
        return Decimal(level) if level is not None else unassessed

    def weight(p: IndicatorPlace) -> Decimal:
        assert p.indicator.weight is not None  # a complete framework has every weight
        return p.indicator.weight

    total = sum((value(i) * weight(p) for i, p in fw.indicators.items()), Decimal(0))
    exact = total / formula.divisor
    rounded = _round(exact, formula.decimals)
    predicate = predicate_for(fw, rounded if formula.predicate_on == "rounded" else exact)

    def group(
        gid: str, name: str, name_en: str, gweight: Decimal, members: list[str]
    ) -> GroupScore:
        points = sum((value(i) * weight(fw.indicators[i]) for i in members), Decimal(0))
        return GroupScore(
            id=gid,
            name=name,
            name_en=name_en,
            weight=float(gweight),
            index=float(_round(points / gweight, formula.decimals)) if gweight else 0.0,
            assessed=sum(1 for i in members if i in levels),
            indicators=len(members),
        )

    aspects = [
        group(a.id, a.name, a.name_en, a.weight or Decimal(0), [i.id for i in a.indicators])
        for a, _ in fw.aspects
    ]
    domains = [
        group(
            d.id,
            d.name,
            d.name_en,
            d.weight,
            [i.id for a in d.aspects for i in a.indicators],
        )
        for d in fw.spec.domains
    ]
    indicators = []
    for i, p in fw.indicators.items():
        level = levels.get(i)
        name = fw.level_name(i, level) if level is not None else None
        indicators.append(
            IndicatorScore(
                id=i,
                name=p.indicator.name,
                name_en=p.indicator.name_en,
                weight=float(weight(p)),
                level=level,
                level_name=name.name if name else None,
                level_name_en=name.name_en if name else None,
                contribution=float(value(i) * weight(p) / formula.divisor),
            )
        )
    missing = [i for i in fw.indicators if i not in levels]
    return IndexResult(
        framework=fw.code,
        version=fw.spec.version,
        index=float(rounded),
        exact=str(exact.normalize()) if exact else "0",
        predicate=predicate.name,
        predicate_en=predicate.name_en,
        complete=not missing,
        missing=missing,
        domains=domains,
        aspects=aspects,
        indicators=indicators,
    )
