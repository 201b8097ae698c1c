"""Compliance audit, rule settings, stored runs, evaluation frameworks and self-assessments."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Controller, Response, delete, get, patch, post, put
from litestar.datastructures import State
from litestar.params import FromPath, JSONBody, QueryParameter
from msgspec import UNSET, UnsetType

from registry import audit_service as service
from registry.analysis.audit import compute_index
from registry.api.common import ActorHeader, IfMatchHeader, actor_of, etag, version_of
from registry.diagrams import audit_figures
from registry.errors import Invalid
from registry.io.audit_report import MEDIA_TYPES, render
from registry.store import audit as audit_store

Format = Annotated[
    str, QueryParameter(name="format", description="json (bawaan/default), csv, html")
]
AsOf = Annotated[
    str | None,
    QueryParameter(description="Tanggal acuan YYYY-MM-DD (bawaan hari ini) / reference date"),
]
Compare = Annotated[
    str | None,
    QueryParameter(description="Bandingkan dengan hasil tersimpan: latest atau id / compare with"),
]
Pack = Annotated[
    str | None, QueryParameter(description="Paket aturan KODE atau KODE@VERSI / rule pack")
]


class SettingBody(msgspec.Struct, forbid_unknown_fields=True):
    """Send only what changes. `enabled: null` and a parameter set to null go back to the
    pack's default."""

    version: int | None = None
    enabled: bool | UnsetType | None = UNSET
    params: dict[str, Any] | UnsetType = UNSET
    note: str | UnsetType | None = UNSET


class AssessmentBody(msgspec.Struct, forbid_unknown_fields=True):
    """`indicators`: {"16": {"level": 3, "evidence": ["key" or "instansi:key"], "note": "..."}}."""

    version: int | None = None
    indicators: dict[str, Any] | UnsetType = UNSET
    note: str | UnsetType | None = UNSET


class IndexBody(msgspec.Struct, forbid_unknown_fields=True):
    """{"levels": {"1": 3, "2": 2, ...}}: a level per indicator."""

    levels: dict[str, Any]


def _patch(body: msgspec.Struct) -> dict[str, Any]:
    return {
        name: getattr(body, name)
        for name in body.__struct_fields__
        if name != "version" and getattr(body, name) is not UNSET
    }


def _int(value: str, field: str) -> int:
    if not value.isdigit():
        raise Invalid.one(field, "bad_type", expected="bilangan bulat", expected_en="integer")
    return int(value)


async def _report_response(
    report: Any, fmt: str, status: int = 200, *, live: bool = False
) -> Response[bytes]:
    """`live`: the report describes the registry as it is now, so its HTML embeds the
    government's diagrams (a stored run would be shown beside today's architecture)."""
    service.check_format(fmt)
    figures = await audit_figures(report.instansi) if live and fmt == "html" else None
    body = render(report, fmt, diagrams=figures)
    return Response(body, status_code=status, media_type=MEDIA_TYPES[fmt])


class AuditController(Controller):
    path = "/api/instansi/{code:str}/audit"
    tags = ["Audit"]

    @get("/", operation_id="auditInstansi", summary="Audit kepatuhan / compliance audit")
    async def audit(
        self,
        code: FromPath[str],
        state: State,
        fmt: Format = "json",
        as_of: AsOf = None,
        compare: Compare = None,
        pack: Pack = None,
    ) -> Response[bytes]:
        """Runs the rule pack over the government as it is now (nothing is stored): per rule,
        category and OPD the share of compliant items, every failure with its reason, the most
        important findings, and with `compare` the trend since a stored run."""
        service.check_format(fmt)
        report = await service.audit_government(
            code,
            state.settings.seed_dir,
            pack=pack,
            as_of=service.parse_as_of(as_of),
            compare_with=service.parse_compare(compare),
        )
        return await _report_response(report, fmt, live=True)

    @post("/runs", operation_id="storeAuditRun", summary="Audit dan simpan / audit and store")
    async def store_run(
        self,
        code: FromPath[str],
        state: State,
        as_of: AsOf = None,
        compare: Compare = None,
        pack: Pack = None,
        x_actor: ActorHeader = None,
    ) -> Response[bytes]:
        """Like GET .../audit, and the report is stored for later comparison (logged)."""
        report = await service.audit_government(
            code,
            state.settings.seed_dir,
            pack=pack,
            as_of=service.parse_as_of(as_of),
            compare_with=service.parse_compare(compare),
            save=True,
            actor=actor_of(x_actor),
        )
        return await _report_response(report, "json", status=201)

    @get("/runs", operation_id="listAuditRuns", summary="Hasil tersimpan / stored runs")
    async def list_runs(self, code: FromPath[str]) -> dict[str, Any]:
        return {"runs": await audit_store.list_runs(code)}

    @get("/runs/{run_id:str}", operation_id="getAuditRun", summary="Satu hasil / one run")
    async def get_run(
        self, code: FromPath[str], run_id: FromPath[str], fmt: Format = "json"
    ) -> Response[bytes]:
        service.check_format(fmt)
        report = await service.stored_report(code, _int(run_id, "run_id"))
        return await _report_response(report, fmt)

    @get("/rules", operation_id="listAuditRules", summary="Aturan instansi / rules as set")
    async def rules(self, code: FromPath[str], state: State, pack: Pack = None) -> dict[str, Any]:
        """Every rule of the pack as this government runs it: on or off, effective parameters,
        and the government's own setting (with its version) where there is one."""
        return await service.rules_for(code, state.settings.seed_dir, pack)

    @put(
        "/rules/{rule_id:str}",
        operation_id="setAuditRule",
        summary="Setel aturan / switch or tune a rule",
    )
    async def set_rule(
        self,
        code: FromPath[str],
        rule_id: FromPath[str],
        data: JSONBody[SettingBody],
        state: State,
        x_actor: ActorHeader = None,
        if_match: IfMatchHeader = None,
    ) -> Response[dict[str, Any]]:
        """Creates or changes the setting; changing an existing one needs its version (body
        `version` or If-Match)."""
        rule = service.catalogue(state.settings.seed_dir).pack().rule(rule_id)
        out = await audit_store.put_setting(
            code,
            rule,
            _patch(data),
            version=version_of(if_match, data.version),
            actor=actor_of(x_actor),
        )
        return Response(out, headers={"ETag": etag(out["version"])})

    @delete(
        "/rules/{rule_id:str}",
        status_code=200,
        operation_id="resetAuditRule",
        summary="Kembali ke bawaan / back to the pack's default",
    )
    async def reset_rule(
        self,
        code: FromPath[str],
        rule_id: FromPath[str],
        x_actor: ActorHeader = None,
        if_match: IfMatchHeader = None,
    ) -> dict[str, Any]:
        await audit_store.delete_setting(
            code, rule_id, version=version_of(if_match, None), actor=actor_of(x_actor)
        )
        return {"instansi": code, "rule": rule_id, "reset": True}


class AssessmentController(Controller):
    path = "/api/instansi/{code:str}/assessments"
    tags = ["Evaluasi / Evaluation"]

    @get("/", operation_id="listAssessments", summary="Penilaian mandiri / self-assessments")
    async def list_assessments(self, code: FromPath[str]) -> dict[str, Any]:
        return {"assessments": await audit_store.list_assessments(code)}

    @get(
        "/{framework:str}/{year:str}",
        operation_id="getAssessment",
        summary="Penilaian, indeks dan bukti / assessment, index and evidence",
    )
    async def get_assessment(
        self,
        code: FromPath[str],
        framework: FromPath[str],
        year: FromPath[str],
        state: State,
        as_of: AsOf = None,
    ) -> Response[Any]:
        """The stored levels with, per indicator, the evidence items and the audit rules that
        bear on it (a claim at the full-coverage level is flagged while such a rule fails),
        and the index and predicate by the framework's formula."""
        view = await service.assessment_view(
            code,
            framework,
            _int(year, "year"),
            state.settings.seed_dir,
            as_of=service.parse_as_of(as_of),
        )
        return Response(msgspec.to_builtins(view), headers={"ETag": etag(view.version)})

    async def _save(
        self,
        code: str,
        framework: str,
        year: str,
        data: AssessmentBody,
        state: State,
        x_actor: str | None,
        if_match: str | None,
        *,
        replace: bool,
    ) -> Response[dict[str, Any]]:
        fw = service.catalogue(state.settings.seed_dir).framework(framework)
        out = await audit_store.save_assessment(
            code,
            fw,
            _int(year, "year"),
            _patch(data),
            replace=replace,
            version=version_of(if_match, data.version),
            actor=actor_of(x_actor),
        )
        status = 201 if out["version"] == 1 else 200
        return Response(out, status_code=status, headers={"ETag": etag(out["version"])})

    @put(
        "/{framework:str}/{year:str}",
        operation_id="putAssessment",
        summary="Simpan penilaian (seluruhnya) / store the whole assessment",
    )
    async def put_assessment(
        self,
        code: FromPath[str],
        framework: FromPath[str],
        year: FromPath[str],
        data: JSONBody[AssessmentBody],
        state: State,
        x_actor: ActorHeader = None,
        if_match: IfMatchHeader = None,
    ) -> Response[dict[str, Any]]:
        return await self._save(code, framework, year, data, state, x_actor, if_match, replace=True)

    @patch(
        "/{framework:str}/{year:str}",
        operation_id="patchAssessment",
        summary="Ubah sebagian indikator / change some indicators",
    )
    async def patch_assessment(
        self,
        code: FromPath[str],
        framework: FromPath[str],
        year: FromPath[str],
        data: JSONBody[AssessmentBody],
        state: State,
        x_actor: ActorHeader = None,
        if_match: IfMatchHeader = None,
    ) -> Response[dict[str, Any]]:
        """Indicators sent merge into the assessment; an indicator set to null is removed."""
        return await self._save(
            code, framework, year, data, state, x_actor, if_match, replace=False
        )


class EvaluationController(Controller):
    path = "/api/evaluation"
    tags = ["Evaluasi / Evaluation"]

    @get("/frameworks", operation_id="listEvaluationFrameworks", summary="Kerangka evaluasi")
    async def frameworks(self, state: State) -> dict[str, Any]:
        fws = service.catalogue(state.settings.seed_dir).frameworks
        return {"frameworks": [fw.summary() for fw in fws.values()]}

    @get(
        "/frameworks/{framework:str}",
        operation_id="getEvaluationFramework",
        summary="Satu kerangka: domain, aspek, indikator, bobot, tingkat, predikat",
    )
    async def framework(self, framework: FromPath[str], state: State) -> dict[str, Any]:
        return service.catalogue(state.settings.seed_dir).framework(framework).to_dict()

    @post(
        "/frameworks/{framework:str}/index",
        status_code=200,
        operation_id="computeIndex",
        summary="Kalkulator indeks / index calculator",
    )
    async def index(
        self, framework: FromPath[str], data: JSONBody[IndexBody], state: State
    ) -> dict[str, Any]:
        """Σ(tingkat × bobot)/100 and the predicate for the levels sent; nothing is stored."""
        fw = service.catalogue(state.settings.seed_dir).framework(framework)
        return msgspec.to_builtins(compute_index(fw, data.levels))

    @get("/packs", operation_id="listRulePacks", summary="Paket aturan / rule packs")
    async def packs(self, state: State) -> dict[str, Any]:
        packs = service.catalogue(state.settings.seed_dir).packs
        return {"packs": [p.summary() for versions in packs.values() for p in versions]}

    @get("/rules", operation_id="listPackRules", summary="Aturan paket / the rules of a pack")
    async def pack_rules(self, state: State, pack: Pack = None) -> dict[str, Any]:
        chosen = service.catalogue(state.settings.seed_dir).pack(pack)
        return {"pack": chosen.summary(), "rules": [r.to_dict() for r in chosen.rules.values()]}
