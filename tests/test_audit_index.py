"""The index calculator against hand-computed indices (PermenPANRB 59/2020), the predicate
boundaries 1.8, 2.6, 3.5 and 4.2, and frameworks as data (a new version is a file, not code).

PM59 indicator weights: 1-10 → 1.30, 11-20 → 2.50, 21-31 → 1.50, 32-41 → 2.75, 42-47 → 3.00
(they add up to 100, so all indicators at level L give an index of exactly L)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from registry.analysis.audit.frameworks import (
    Framework,
    compute_index,
    load_framework_file,
    load_frameworks,
)
from registry.audit_service import catalogue
from registry.errors import Invalid, NotFound
from tests.conftest import SEED_DIR

ALL = [str(i) for i in range(1, 48)]


@pytest.fixture(scope="module")
def pm59() -> Framework:
    return load_framework_file(SEED_DIR / "evaluation" / "permenpanrb59_2020.yaml")


def levels(base: int, raised: dict[int, list[int]] | None = None) -> dict[str, int]:
    """Every indicator at `base`, then {level: [indicators]} on top."""
    out = {i: base for i in ALL}
    for level, indicators in (raised or {}).items():
        for i in indicators:
            out[str(i)] = level
    return out


def span(a: int, b: int) -> list[int]:
    return list(range(a, b + 1))


def test_structure_of_permenpanrb59(pm59: Framework) -> None:
    spec = pm59.spec
    assert len(spec.domains) == 4 and len(pm59.aspects) == 8 and len(pm59.indicators) == 47
    assert [float(d.weight) for d in spec.domains] == [13, 25, 16.5, 45.5]
    assert [float(a.weight or 0) for a, _ in pm59.aspects] == [13, 10, 10, 5, 12, 4.5, 27.5, 18]
    assert pm59.complete and spec.formula.divisor == 100
    assert [p.name for p in spec.predicates] == [
        "Memuaskan",
        "Sangat Baik",
        "Baik",
        "Cukup",
        "Kurang",
    ]
    assert pm59.level_name("16", 3).name == "Terdefinisi"  # type: ignore[union-attr]
    assert pm59.level_name("36", 4).name == "Kolaborasi"  # type: ignore[union-attr]


@pytest.mark.parametrize("level", [1, 2, 3, 4, 5])
def test_uniform_levels_give_the_level(pm59: Framework, level: int) -> None:
    assert compute_index(pm59, levels(level)).index == level


# Hand computations (Σ level × weight / 100):
# 1.80 = all 1, raised to 2: ind 1-5 (+6.5), 11-20 (+25), 21-22 (+3), 32-47 (+45.5) = +80
# 2.60 = all 2, raised to 3: 11-14 (+10), 21-23 (+4.5), 32-47 (+45.5) = +60
# 3.50 = all 3, raised to 4: 21-23 (+4.5), 32-47 (+45.5) = +50
# 4.20 = all 4, raised to 5: 11-18 (+20) = +20
# One indicator less in each gives the value just below the boundary.
BOUNDARIES = [
    (levels(1, {2: span(1, 5) + span(11, 22) + span(32, 47)}), 1.80, "Cukup"),
    (levels(1, {2: span(1, 4) + span(11, 22) + span(32, 47)}), 1.79, "Kurang"),  # 1.787
    (levels(2, {3: span(11, 14) + span(21, 23) + span(32, 47)}), 2.60, "Baik"),
    (levels(2, {3: span(11, 14) + span(21, 22) + span(32, 47)}), 2.59, "Cukup"),  # 2.585
    (levels(3, {4: span(21, 23) + span(32, 47)}), 3.50, "Sangat Baik"),
    (levels(3, {4: span(21, 22) + span(32, 47)}), 3.49, "Baik"),  # 3.485
    (levels(4, {5: span(11, 18)}), 4.20, "Memuaskan"),
    (levels(4, {5: span(11, 17)}), 4.18, "Sangat Baik"),  # 4.175
]


@pytest.mark.parametrize(("given", "index", "predicate"), BOUNDARIES)
def test_predicate_boundaries(
    pm59: Framework, given: dict[str, int], index: float, predicate: str
) -> None:
    result = compute_index(pm59, given)
    assert (result.index, result.predicate) == (index, predicate)
    assert result.complete and result.missing == []


def test_exact_value_and_group_indices(pm59: Framework) -> None:
    result = compute_index(pm59, levels(4, {5: span(11, 17)}))
    assert result.exact == "4.175" and result.index == 4.18
    aspects = {a.id: a.index for a in result.aspects}
    # Aspect 2 (11-14) all at 5; aspect 3 (15-18): three at 5, one at 4 → (15 + 4) × 2.5 / 10;
    # aspect 4 (19-20) stays at 4.
    assert aspects["2"] == 5.0 and aspects["3"] == 4.75 and aspects["4"] == 4.0
    domains = {d.id: d.index for d in result.domains}
    # Domain 2 (weight 25): indicators 11-17 at 5 and 18-20 at 4, each weighing 2.5.
    assert domains["2"] == round((7 * 2.5 * 5 + 3 * 2.5 * 4) / 25, 2) == 4.7
    assert domains["1"] == 4.0 and domains["4"] == 4.0
    contribution = next(i for i in result.indicators if i.id == "11")
    assert contribution.level == 5 and contribution.contribution == pytest.approx(0.125)


def test_unassessed_indicators_count_as_zero(pm59: Framework) -> None:
    result = compute_index(pm59, {"16": 4, "17": 3})
    # (4 × 2.5 + 3 × 2.5) / 100 = 0.175, rounded half up (not to even) to 0.18.
    assert result.exact == "0.175" and result.index == 0.18
    assert result.predicate == "Kurang" and not result.complete and len(result.missing) == 45


@pytest.mark.parametrize(
    ("given", "field", "code"),
    [
        ({"48": 3}, "levels.48", "unknown_indicator"),
        ({"16": 6}, "levels.16", "out_of_range"),
        ({"16": 0}, "levels.16", "out_of_range"),
        ({"16": "tiga"}, "levels.16", "bad_type"),
        ({"16": True}, "levels.16", "bad_type"),
    ],
)
def test_bad_levels_are_named(
    pm59: Framework, given: dict[str, object], field: str, code: str
) -> None:
    with pytest.raises(Invalid) as err:
        compute_index(pm59, given)  # type: ignore[arg-type]
    assert [(e.field, e.code) for e in err.value.errors] == [(field, code)]


def test_the_2026_draft_records_but_does_not_compute() -> None:
    frameworks = load_frameworks(SEED_DIR / "evaluation")
    draft = frameworks["PERMENPANRB8_2026"]
    assert not draft.complete and len(draft.indicators) == 20
    assert sum(float(a.weight or 0) for a, _ in draft.aspects) == 100
    assert draft.spec.predicates[0].min == 4 and draft.spec.confidence == "S2"
    with pytest.raises(Invalid) as err:
        compute_index(draft, {"1": 3})
    assert err.value.errors[0].code == "framework_incomplete"


def _write(path: Path, data: object) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


MINI = {
    "format": "spbe-evaluation-framework/1",
    "code": "MINI_2030",
    "version": "2030",
    "name": "Mini",
    "name_en": "Mini",
    "regulation": "contoh / example",
    "status": "test",
    "confidence": "U",
    "formula": {"divisor": 10, "decimals": 1},
    "levels": {"min": 0, "max": 4},
    "scales": {"default": [{"level": n, "name": f"T{n}", "name_en": f"L{n}"} for n in range(5)]},
    "predicates": [
        {"name": "Tinggi", "name_en": "High", "min": 3},
        {"name": "Rendah", "name_en": "Low", "min": 0},
    ],
    "aspects": [
        {
            "id": "a",
            "name": "A",
            "name_en": "A",
            "weight": 6,
            "indicators": [
                {"id": "x", "name": "X", "name_en": "X", "weight": 4},
                {"id": "y", "name": "Y", "name_en": "Y", "weight": 2},
            ],
        },
        {
            "id": "b",
            "name": "B",
            "name_en": "B",
            "weight": 4,
            "indicators": [{"id": "z", "name": "Z", "name_en": "Z", "weight": 4}],
        },
    ],
}


def test_a_new_framework_version_is_a_file(tmp_path: Path) -> None:
    _write(tmp_path / "mini.yaml", MINI)
    fw = load_frameworks(tmp_path)["MINI_2030"]
    # (4×4 + 2×1 + 4×2) / 10 = 2.6 → Rendah; aspect a = 18/6 = 3.0, b = 8/4 = 2.0
    result = compute_index(fw, {"x": 4, "y": 1, "z": 2})
    assert (result.index, result.predicate) == (2.6, "Rendah")
    assert [(a.id, a.index) for a in result.aspects] == [("a", 3.0), ("b", 2.0)]
    assert compute_index(fw, {"x": 4, "y": 4, "z": 2}).predicate == "Tinggi"  # 3.2


def test_a_broken_framework_file_is_reported_by_path(tmp_path: Path) -> None:
    broken = {**MINI, "aspects": [{**MINI["aspects"][0], "weight": 7}, MINI["aspects"][1]]}  # type: ignore[index]
    _write(tmp_path / "broken.yaml", broken)
    with pytest.raises(Invalid) as err:
        load_frameworks(tmp_path)
    assert [(e.field, e.code, e.location) for e in err.value.errors] == [
        ("aspects[0]", "weights_mismatch", "broken.yaml")
    ]
    _write(tmp_path / "broken.yaml", {**MINI, "levels": {"min": 1, "max": "vijf"}})
    with pytest.raises(Invalid) as err:
        load_frameworks(tmp_path)
    assert err.value.errors[0].code == "bad_data_file" and "levels" in err.value.errors[0].reason


def test_unknown_framework_names_the_known_ones() -> None:
    with pytest.raises(NotFound) as err:
        catalogue(SEED_DIR).framework("PERMENPANRB99_2099")
    assert "PERMENPANRB59_2020" in err.value.errors[0].reason
