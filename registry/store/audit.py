"""Audit data: a government's rule settings, its self-assessments and its stored audit runs.

Like every store module: validation first (every problem named by its field), one transaction
per write, the change log, and optimistic versions for updates. Rule packs and evaluation
frameworks are files (`seed/`); the caller passes the loaded rule or framework to validate
against.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from models.tables import AuditRun, AuditSetting, Item, ReferenceNode, SelfAssessment
from registry import db
from registry import metamodel as mm
from registry.analysis.audit.frameworks import Framework, validate_levels
from registry.analysis.audit.rules import Rule, validate_setting
from registry.errors import Conflict, FieldError, Invalid, NotFound
from registry.store import base
from registry.store.instansi import check_version, get_instansi_row

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_EVIDENCE = 200
RUN_LIST_LIMIT = 100

# --------------------------------------------------------------------------------------------
# Reference levels (for the audit's classification conditions)


async def reference_levels(framework: str) -> dict[str, tuple[str, int]]:
    """code -> (domain, level) of a reference framework, in one query."""
    rows = await ReferenceNode.select(
        ReferenceNode.code, ReferenceNode.domain, ReferenceNode.level
    ).where(ReferenceNode.framework == framework)
    return {r["code"]: (r["domain"], r["level"]) for r in rows}


# --------------------------------------------------------------------------------------------
# Rule settings

SETTING_COLUMNS = (
    AuditSetting.id,
    AuditSetting.rule,
    AuditSetting.enabled,
    AuditSetting.params,
    AuditSetting.note,
    AuditSetting.version,
    AuditSetting.created_at,
    AuditSetting.updated_at,
    AuditSetting.created_by,
    AuditSetting.updated_by,
)


def _setting_snapshot(code: str, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "instansi": code,
        "rule": row["rule"],
        "enabled": row["enabled"],
        "params": base.loads(row["params"]) or {},
        "note": row["note"],
        "version": row["version"],
    }


def _setting_out(code: str, row: dict[str, Any]) -> dict[str, Any]:
    out = _setting_snapshot(code, row)
    out["updated_at"] = base.iso(row["updated_at"])
    out["updated_by"] = row["updated_by"]
    return out


async def list_settings(code: str) -> dict[str, dict[str, Any]]:
    """rule id -> the government's setting, for every rule it has changed (two queries)."""
    gov = await get_instansi_row(code)
    rows = await AuditSetting.select(*SETTING_COLUMNS).where(AuditSetting.instansi == gov["id"])
    return {r["rule"]: _setting_out(code, r) for r in rows}


async def _setting_row(code: str, rule_id: str) -> dict[str, Any] | None:
    return (
        await AuditSetting.select(*SETTING_COLUMNS)
        .where(AuditSetting.natural_key == f"{code}:{rule_id}")
        .first()
    )


async def put_setting(
    code: str,
    rule: Rule,
    data: dict[str, Any],
    *,
    version: int | None,
    actor: str,
) -> dict[str, Any]:
    """Create or change a government's setting of one rule. `params` merge into the current
    ones (a null removes a parameter, back to the pack's default). Changing an existing setting
    needs its current version."""
    unknown = sorted(set(data) - {"enabled", "params", "note"})
    errors = [
        FieldError(
            f, "unknown_field", {"name": f, "kind": "setting", "allowed": "enabled, params, note"}
        )
        for f in unknown
    ]
    errors += validate_setting(rule, enabled=data.get("enabled"), params=data.get("params"))
    if "note" in data and not isinstance(data["note"], str | type(None)):
        errors.append(FieldError("note", "bad_type", {"expected": "teks", "expected_en": "text"}))
    if errors:
        raise Invalid(errors)
    gov = await get_instansi_row(code)
    row = await _setting_row(code, rule.id)
    at = base.now()
    if row is not None:
        check_version(version, row["version"])
    before = _setting_snapshot(code, row) if row else None
    params = dict(before["params"]) if before else {}
    for name, value in (data.get("params") or {}).items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    enabled = data["enabled"] if "enabled" in data else (row["enabled"] if row else None)
    note = (data.get("note") or "") if "note" in data else (row["note"] if row else "")
    async with db.transaction():
        if row is None:
            inserted = await AuditSetting.insert(
                AuditSetting(
                    instansi=gov["id"],
                    rule=rule.id,
                    natural_key=f"{code}:{rule.id}",
                    enabled=enabled,
                    params=base.dumps(params),
                    note=note,
                    version=1,
                    created_at=at,
                    updated_at=at,
                    created_by=actor,
                    updated_by=actor,
                )
            ).returning(AuditSetting.id)
            row_id, action = inserted[0]["id"], "create"
        else:
            updated = (
                await AuditSetting.update(
                    {
                        AuditSetting.enabled: enabled,
                        AuditSetting.params: base.dumps(params),
                        AuditSetting.note: note,
                        AuditSetting.version: row["version"] + 1,
                        AuditSetting.updated_at: at,
                        AuditSetting.updated_by: actor,
                    }
                )
                .where((AuditSetting.id == row["id"]) & (AuditSetting.version == row["version"]))
                .returning(AuditSetting.id)
            )
            if not updated:
                current = await _setting_row(code, rule.id)
                raise Conflict.one(
                    "version",
                    "stale_version",
                    given=row["version"],
                    current=current["version"] if current else "-",
                )
            row_id, action = row["id"], "update"
        after_row = await _setting_row(code, rule.id)
        assert after_row is not None
        after = _setting_snapshot(code, after_row)
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action=action,
                    entity="audit_setting",
                    entity_id=row_id,
                    label=f"{code}:{rule.id}",
                    version=after["version"],
                    before=before,
                    after=after,
                    instansi_id=gov["id"],
                    at=at,
                )
            ]
        )
    return _setting_out(code, after_row)


async def delete_setting(code: str, rule_id: str, *, version: int | None, actor: str) -> None:
    """Back to the pack's defaults for this rule."""
    gov = await get_instansi_row(code)
    row = await _setting_row(code, rule_id)
    if row is None:
        raise NotFound.one(
            "rule", "not_found", what="pengaturan aturan / rule setting", ident=rule_id
        )
    check_version(version, row["version"], required=False)
    async with db.transaction():
        await AuditSetting.delete().where(AuditSetting.id == row["id"])
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action="delete",
                    entity="audit_setting",
                    entity_id=row["id"],
                    label=f"{code}:{rule_id}",
                    version=row["version"],
                    before=_setting_snapshot(code, row),
                    after=None,
                    instansi_id=gov["id"],
                )
            ]
        )


# --------------------------------------------------------------------------------------------
# Self-assessments

ASSESSMENT_COLUMNS = (
    SelfAssessment.id,
    SelfAssessment.framework,
    SelfAssessment.year,
    SelfAssessment.indicators,
    SelfAssessment.note,
    SelfAssessment.version,
    SelfAssessment.created_at,
    SelfAssessment.updated_at,
    SelfAssessment.created_by,
    SelfAssessment.updated_by,
)


def _assessment_snapshot(code: str, row: dict[str, Any]) -> dict[str, Any]:
    return {
        "instansi": code,
        "framework": row["framework"],
        "year": row["year"],
        "indicators": base.loads(row["indicators"]) or {},
        "note": row["note"],
        "version": row["version"],
    }


def _assessment_out(code: str, row: dict[str, Any]) -> dict[str, Any]:
    out = _assessment_snapshot(code, row)
    out["created_at"] = base.iso(row["created_at"])
    out["updated_at"] = base.iso(row["updated_at"])
    out["created_by"] = row["created_by"]
    out["updated_by"] = row["updated_by"]
    out["url"] = f"/api/instansi/{code}/assessments/{row['framework']}/{row['year']}"
    return out


async def list_assessments(code: str) -> list[dict[str, Any]]:
    gov = await get_instansi_row(code)
    rows = (
        await SelfAssessment.select(*ASSESSMENT_COLUMNS)
        .where(SelfAssessment.instansi == gov["id"])
        .order_by(SelfAssessment.year, ascending=False)
        .order_by(SelfAssessment.framework)
    )
    return [_assessment_out(code, r) for r in rows]


async def _assessment_row(code: str, framework: str, year: int) -> dict[str, Any] | None:
    return (
        await SelfAssessment.select(*ASSESSMENT_COLUMNS)
        .where(SelfAssessment.natural_key == f"{code}:{framework}:{year}")
        .first()
    )


async def get_assessment(code: str, framework: str, year: int) -> dict[str, Any]:
    await get_instansi_row(code)
    row = await _assessment_row(code, framework, year)
    if row is None:
        raise NotFound.one(
            "year",
            "not_found",
            what="penilaian mandiri / self-assessment",
            ident=f"{code} {framework} {year}",
        )
    return _assessment_out(code, row)


def _normalise_indicators(
    fw: Framework, indicators: Any, code: str
) -> tuple[dict[str, Any], list[FieldError], dict[str, list[tuple[str, str]]]]:
    """Check the shape of each entry; returns the clean entries, the errors, and the evidence
    references to look up (indicator -> [(field, ref)])."""
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    refs: dict[str, list[tuple[str, str]]] = {}
    if not isinstance(indicators, dict):
        return (
            clean,
            [FieldError("indicators", "bad_type", {"expected": "objek", "expected_en": "object"})],
            refs,
        )
    levels = {
        k: v["level"]
        for k, v in indicators.items()
        if isinstance(v, dict) and v.get("level") is not None
    }
    for err in validate_levels(fw, levels, prefix="indicators"):
        err.field = f"{err.field}.level" if err.code != "unknown_indicator" else err.field
        errors.append(err)
    for indicator, entry in indicators.items():
        where = f"indicators.{indicator}"
        if entry is None:
            clean[indicator] = None  # removes it (PATCH)
            continue
        if indicator not in fw.indicators:
            if indicator not in levels:
                errors.append(
                    FieldError(
                        where,
                        "unknown_indicator",
                        {"indicator": indicator, "framework": fw.code, "count": len(fw.indicators)},
                    )
                )
            continue
        if not isinstance(entry, dict):
            errors.append(
                FieldError(where, "bad_type", {"expected": "objek", "expected_en": "object"})
            )
            continue
        for extra in sorted(set(entry) - {"level", "evidence", "note"}):
            errors.append(
                FieldError(
                    f"{where}.{extra}",
                    "unknown_field",
                    {"name": extra, "kind": "indicator", "allowed": "level, evidence, note"},
                )
            )
        evidence = entry.get("evidence") or []
        if not isinstance(evidence, list) or not all(isinstance(e, str) for e in evidence):
            errors.append(
                FieldError(
                    f"{where}.evidence",
                    "bad_type",
                    {"expected": "daftar teks", "expected_en": "list of text"},
                )
            )
            evidence = []
        elif len(evidence) > MAX_EVIDENCE:
            errors.append(FieldError(f"{where}.evidence", "too_long", {"max": MAX_EVIDENCE}))
        note = entry.get("note") or ""
        if not isinstance(note, str):
            errors.append(
                FieldError(f"{where}.note", "bad_type", {"expected": "teks", "expected_en": "text"})
            )
            note = ""
        full = [e if ":" in e else f"{code}:{e}" for e in evidence]
        refs[indicator] = [(f"{where}.evidence[{i}]", r) for i, r in enumerate(full)]
        clean[indicator] = {
            "level": entry.get("level"),
            "evidence": sorted(dict.fromkeys(full)),
            "note": note,
        }
    return clean, errors, refs


async def _check_evidence(code: str, refs: dict[str, list[tuple[str, str]]]) -> list[FieldError]:
    """Evidence must be live items of this government or of the national catalogue (one query)."""
    wanted = sorted({r for entries in refs.values() for _, r in entries})
    if not wanted:
        return []
    rows = await Item.select(
        Item.ref,
        Item.deleted_at,
        Item.instansi.code.as_alias("code"),
        Item.instansi.level.as_alias("level"),
    ).where(Item.ref.is_in(wanted))
    found = {r["ref"]: r for r in rows}
    errors = []
    for entries in refs.values():
        for path, ref in entries:
            row = found.get(ref)
            if row is None or row["deleted_at"] is not None:
                errors.append(FieldError(path, "unknown_item", {"ref": ref}))
            elif row["code"] != code and row["level"] not in mm.NATIONAL_LEVELS:
                errors.append(
                    FieldError(path, "evidence_out_of_scope", {"ref": ref, "instansi": code})
                )
    return errors


async def save_assessment(
    code: str,
    fw: Framework,
    year: int,
    data: dict[str, Any],
    *,
    replace: bool,
    version: int | None,
    actor: str,
) -> dict[str, Any]:
    """Create or change the self-assessment of a government for a framework and year.

    `replace`: the indicators sent are the whole assessment (PUT); otherwise they merge into it
    (PATCH; an indicator set to null is removed). A change to an existing assessment needs its
    current version."""
    errors: list[FieldError] = []
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors.append(
            FieldError("year", "out_of_range", {"minimum": MIN_YEAR, "maximum": MAX_YEAR})
        )
    for extra in sorted(set(data) - {"indicators", "note"}):
        errors.append(
            FieldError(
                extra,
                "unknown_field",
                {"name": extra, "kind": "assessment", "allowed": "indicators, note"},
            )
        )
    clean, shape_errors, refs = _normalise_indicators(fw, data.get("indicators") or {}, code)
    errors += shape_errors
    if "note" in data and not isinstance(data["note"], str | type(None)):
        errors.append(FieldError("note", "bad_type", {"expected": "teks", "expected_en": "text"}))
    if errors:
        raise Invalid(errors)
    gov = await get_instansi_row(code)
    evidence_errors = await _check_evidence(code, refs)
    if evidence_errors:
        raise Invalid(evidence_errors)
    row = await _assessment_row(code, fw.code, year)
    if row is not None:
        check_version(version, row["version"])
    before = _assessment_snapshot(code, row) if row else None
    indicators: dict[str, Any] = {} if replace or before is None else dict(before["indicators"])
    for indicator, entry in clean.items():
        if entry is None:
            indicators.pop(indicator, None)
        else:
            indicators[indicator] = entry
    # Keep the framework's order, so the stored JSON reads like the instrument.
    indicators = {i: indicators[i] for i in fw.indicators if i in indicators}
    note = (data.get("note") or "") if "note" in data else (row["note"] if row else "")
    at = base.now()
    async with db.transaction():
        if row is None:
            inserted = await SelfAssessment.insert(
                SelfAssessment(
                    instansi=gov["id"],
                    framework=fw.code,
                    year=year,
                    natural_key=f"{code}:{fw.code}:{year}",
                    indicators=base.dumps(indicators),
                    note=note,
                    version=1,
                    created_at=at,
                    updated_at=at,
                    created_by=actor,
                    updated_by=actor,
                )
            ).returning(SelfAssessment.id)
            row_id, action = inserted[0]["id"], "create"
        else:
            updated = (
                await SelfAssessment.update(
                    {
                        SelfAssessment.indicators: base.dumps(indicators),
                        SelfAssessment.note: note,
                        SelfAssessment.version: row["version"] + 1,
                        SelfAssessment.updated_at: at,
                        SelfAssessment.updated_by: actor,
                    }
                )
                .where(
                    (SelfAssessment.id == row["id"]) & (SelfAssessment.version == row["version"])
                )
                .returning(SelfAssessment.id)
            )
            if not updated:
                current = await _assessment_row(code, fw.code, year)
                raise Conflict.one(
                    "version",
                    "stale_version",
                    given=row["version"],
                    current=current["version"] if current else "-",
                )
            row_id, action = row["id"], "update"
        after_row = await _assessment_row(code, fw.code, year)
        assert after_row is not None
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action=action,
                    entity="self_assessment",
                    entity_id=row_id,
                    label=f"{code}:{fw.code}:{year}",
                    version=after_row["version"],
                    before=before,
                    after=_assessment_snapshot(code, after_row),
                    instansi_id=gov["id"],
                    at=at,
                )
            ]
        )
    return _assessment_out(code, after_row)


# --------------------------------------------------------------------------------------------
# Stored audit runs

RUN_COLUMNS = (
    AuditRun.id,
    AuditRun.pack,
    AuditRun.pack_version,
    AuditRun.as_of,
    AuditRun.registry_version,
    AuditRun.checked,
    AuditRun.passed,
    AuditRun.created_at,
    AuditRun.created_by,
)


def _run_out(code: str, row: dict[str, Any]) -> dict[str, Any]:
    checked, passed = row["checked"], row["passed"]
    return {
        "id": row["id"],
        "instansi": code,
        "pack": row["pack"],
        "pack_version": row["pack_version"],
        "as_of": row["as_of"].isoformat() if isinstance(row["as_of"], dt.date) else row["as_of"],
        "registry_version": row["registry_version"],
        "checked": checked,
        "passed": passed,
        "failed": checked - passed,
        "share": round(passed / checked, 4) if checked else None,
        "created_at": base.iso(row["created_at"]),
        "created_by": row["created_by"],
        "url": f"/api/instansi/{code}/audit/runs/{row['id']}",
    }


async def save_run(code: str, report: dict[str, Any], *, actor: str) -> dict[str, Any]:
    """Store an audit report (without its trend) and log it."""
    gov = await get_instansi_row(code)
    stored = {k: v for k, v in report.items() if k not in ("trend", "run_id")}
    tally = stored.get("tally") or {}
    at = base.now()
    async with db.transaction():
        inserted = await AuditRun.insert(
            AuditRun(
                instansi=gov["id"],
                pack=stored["pack"],
                pack_version=stored["pack_version"],
                as_of=dt.date.fromisoformat(stored["as_of"]),
                registry_version=stored.get("registry_version", "")[:64],
                checked=tally.get("checked", 0),
                passed=tally.get("passed", 0),
                report=base.dumps(stored),
                created_at=at,
                created_by=actor,
            )
        ).returning(AuditRun.id)
        run_id = inserted[0]["id"]
        row = await AuditRun.select(*RUN_COLUMNS).where(AuditRun.id == run_id).first()
        assert row is not None
        out = _run_out(code, row)
        await base.record(
            [
                base.change_row(
                    actor=actor,
                    action="create",
                    entity="audit_run",
                    entity_id=run_id,
                    label=f"{code}:audit:{run_id}",
                    version=1,
                    before=None,
                    after={k: v for k, v in out.items() if k != "url"},
                    instansi_id=gov["id"],
                    at=at,
                )
            ]
        )
    return out


async def list_runs(code: str, *, limit: int = RUN_LIST_LIMIT) -> list[dict[str, Any]]:
    gov = await get_instansi_row(code)
    rows = (
        await AuditRun.select(*RUN_COLUMNS)
        .where(AuditRun.instansi == gov["id"])
        .order_by(AuditRun.id, ascending=False)
        .limit(limit)
    )
    return [_run_out(code, r) for r in rows]


async def get_run(code: str, run_id: int | None = None) -> dict[str, Any]:
    """A stored run with its report; None: the newest. One query (plus the government's)."""
    query = AuditRun.select(*RUN_COLUMNS, AuditRun.report).where(AuditRun.instansi.code == code)
    if run_id is not None:
        query = query.where(AuditRun.id == run_id)
    in_range = run_id is None or base.id_in_range(run_id)
    row = await query.order_by(AuditRun.id, ascending=False).first() if in_range else None
    if row is None:
        await get_instansi_row(code)  # an unknown government is named as such
        raise NotFound.one(
            "run",
            "not_found",
            what="hasil audit tersimpan / stored audit run",
            ident=str(run_id) if run_id is not None else f"{code} (belum ada / none yet)",
        )
    out = _run_out(code, row)
    report = base.loads(row["report"]) or {}
    report["run_id"] = row["id"]
    out["report"] = report
    return out
