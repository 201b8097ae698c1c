"""The audit over HTTP: reports in three formats, rule settings, stored runs and the trend,
self-assessments with evidence and index, the calculator; bad input gets a 4xx naming the field."""

from __future__ import annotations

from typing import Any

from tests.helpers import item
from tests.test_audit_rules import load_examples

AUDIT = "/api/instansi/kab-uji/audit"
AS_OF = {"as_of": "2026-06-30"}
ASSESSMENT = "/api/instansi/kab-uji/assessments/PERMENPANRB59_2020/2025"


def fields(response: Any) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


async def test_report_in_three_formats(client: Any) -> None:
    await load_examples()
    response = await client.get(AUDIT, params=AS_OF)
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    report = response.json()
    assert report["instansi"] == "kab-uji" and report["as_of"] == "2026-06-30"
    rules = {r["rule"]: r for r in report["rules"]}
    backup = rules["infra.app_backup"]
    assert backup["status"] == "evaluated" and backup["tally"]["checked"] >= 2
    assert any(f["item"] == "kab-uji:backup-bad" for f in backup["failures"])
    # Rules backed by the analyses are evaluated by the real gap analysis.
    bypass = rules["int.spl_bypass"]
    assert bypass["status"] == "evaluated"
    assert any(f["item"] == "kab-uji:bypass-bad" for f in bypass["failures"])
    assert all(f["item"] != "kab-uji:bypass-ok" for f in bypass["failures"])
    assert {c["id"] for c in report["categories"]} >= {"aplikasi", "data", "keamanan"}
    assert any(u["unit"] == "kab-uji:dinas-terpencil" for u in report["units"])

    csv = await client.get(AUDIT, params={**AS_OF, "format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    lines = csv.text.splitlines()
    assert lines[0].startswith("record,instansi,category,rule")
    assert any(line.startswith("failure,kab-uji,infrastruktur,infra.app_backup") for line in lines)

    html = await client.get(AUDIT, params={**AS_OF, "format": "html"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert (
        "Kabupaten Uji" in html.text
        and 'href="/api/instansi/kab-uji/items/backup-bad"' in html.text
    )
    assert "DIAGRAM EMBED" not in html.text  # the marker is a template comment


async def test_bad_input_names_the_field(client: Any) -> None:
    await load_examples()
    cases = [
        (AUDIT, {"format": "pdf"}, 400, ("format", "not_in_choices")),
        (AUDIT, {"as_of": "2026-13-01"}, 400, ("as_of", "bad_type")),
        (AUDIT, {"compare": "yesterday"}, 400, ("compare", "bad_value")),
        (AUDIT, {"compare": "latest"}, 404, ("compare", "not_found")),
        (AUDIT, {"pack": "NOPE"}, 404, ("pack", "not_found_among")),
        ("/api/instansi/tidak-ada/audit", {}, 404, ("instansi", "not_found")),
        (f"{AUDIT}/runs/abc", {}, 400, ("run_id", "bad_type")),
        (f"{AUDIT}/runs/999", {}, 404, ("run", "not_found")),
    ]
    for url, params, status, field in cases:
        response = await client.get(url, params=params)
        assert response.status_code == status, (url, params, response.text)
        assert fields(response) == [field], (url, params)
        assert response.json()["message"] and response.json()["message_en"]


async def test_query_count_does_not_grow_with_the_registry(client: Any) -> None:
    await load_examples()
    small = await client.get("/api/instansi/kab-langgar/audit")
    for i in range(25):
        await item("kab-langgar", "application", f"extra-{i}", owner="setda")
    bigger = await client.get("/api/instansi/kab-langgar/audit")
    assert bigger.json()["tally"]["checked"] > small.json()["tally"]["checked"]
    assert bigger.headers["X-Query-Count"] == small.headers["X-Query-Count"]
    assert int(small.headers["X-Query-Count"]) <= 15


async def test_rule_settings(client: Any) -> None:
    await load_examples()
    url = f"{AUDIT}/rules/infra.app_backup"
    rules = (await client.get(f"{AUDIT}/rules")).json()
    assert rules["pack"]["code"] == "SPBE_AUDIT"
    assert all(r["setting"] is None for r in rules["rules"])

    off = await client.put(
        url, json={"enabled": False, "note": "dinilai terpisah"}, headers={"X-Actor": "auditor"}
    )
    assert off.status_code == 200 and off.json()["version"] == 1 and off.headers["ETag"] == 'W/"1"'
    report = (await client.get(AUDIT)).json()
    assert (
        next(r for r in report["rules"] if r["rule"] == "infra.app_backup")["status"] == "disabled"
    )

    assert (await client.put(url, json={"enabled": True})).status_code == 428
    stale = await client.put(url, json={"enabled": True, "version": 7})
    assert stale.status_code == 409 and fields(stale) == [("version", "stale_version")]
    on = await client.put(url, json={"enabled": None}, headers={"If-Match": 'W/"1"'})
    assert on.status_code == 200 and on.json()["enabled"] is None and on.json()["version"] == 2

    tuned = await client.put(
        f"{AUDIT}/rules/svc.flagship_max", json={"params": {"max_flagship": 5}}
    )
    assert tuned.json()["params"] == {"max_flagship": 5}
    listed = {r["id"]: r for r in (await client.get(f"{AUDIT}/rules")).json()["rules"]}
    assert listed["svc.flagship_max"]["params_effective"] == {"max_flagship": 5}
    assert listed["svc.flagship_max"]["customised"] is True

    bad = await client.put(
        f"{AUDIT}/rules/svc.flagship_max",
        json={"params": {"max_flagship": "tiga", "x": 1}, "version": 1},
    )
    assert bad.status_code == 400
    assert sorted(fields(bad)) == [
        ("params.max_flagship", "bad_type"),
        ("params.x", "unknown_param"),
    ]
    unknown = await client.put(f"{AUDIT}/rules/no.such_rule", json={"enabled": False})
    assert unknown.status_code == 404 and fields(unknown) == [("rule", "not_found_among")]
    wrong_type = await client.put(url, json={"enabled": "nee", "version": 2})
    assert wrong_type.status_code == 400 and fields(wrong_type)[0][0] == "enabled"

    reset = await client.delete(url)
    assert reset.status_code == 200
    assert (await client.delete(url)).status_code == 404
    changes = (
        await client.get("/api/instansi/kab-uji/changes", params={"entity": "audit_setting"})
    ).json()
    actions = [c["action"] for c in changes["changes"] if c["label"] == "kab-uji:infra.app_backup"]
    assert actions == ["delete", "update", "create"]
    assert changes["changes"][-1]["actor"] == "auditor"


async def test_stored_runs_and_the_trend(client: Any) -> None:
    await load_examples()
    stored = await client.post(f"{AUDIT}/runs", params=AS_OF, headers={"X-Actor": "inspektorat"})
    assert stored.status_code == 201
    run_id = stored.json()["run_id"]
    runs = (await client.get(f"{AUDIT}/runs")).json()["runs"]
    assert [r["id"] for r in runs] == [run_id] and runs[0]["created_by"] == "inspektorat"
    assert runs[0]["failed"] == stored.json()["tally"]["checked"] - stored.json()["tally"]["passed"]

    # One failure fixed, one new failure: both show in the trend.
    current = (await client.get("/api/instansi/kab-uji/items/backup-bad")).json()
    fixed = await client.patch(
        "/api/instansi/kab-uji/items/backup-bad",
        json={"attributes": {"backup": True}, "version": current["version"]},
    )
    assert fixed.status_code == 200
    await item(
        "kab-uji",
        "application",
        "baru-tanpa-cadangan",
        owner="diskominfo",
        attributes={"backup": False},
    )

    trend = (await client.get(AUDIT, params={**AS_OF, "compare": "latest"})).json()["trend"]
    assert trend["previous_run"] == run_id
    better = {c["rule"]: c for c in trend["better"]}
    worse = {c["rule"]: c for c in trend["worse"]}
    assert "kab-uji:backup-bad" in better["infra.app_backup"]["resolved"]
    assert "kab-uji:baru-tanpa-cadangan" in worse["infra.app_backup"]["new_failures"]
    assert trend["resolved"] >= 1 and trend["new_failures"] >= 1

    html = await client.get(f"{AUDIT}/runs/{run_id}", params={"format": "html"})
    assert html.status_code == 200 and f"#{run_id}" in html.text
    again = (
        await client.get(AUDIT, params={**AS_OF, "compare": str(run_id), "format": "html"})
    ).text
    assert "Lebih baik" in again and "Baru Tanpa Cadangan" not in again.split("Lebih buruk")[0]


async def test_self_assessment_with_evidence_and_index(client: Any) -> None:
    await load_examples()
    body = {
        "indicators": {
            "16": {"level": 3, "evidence": ["dc-pemda", "nasional:splp"], "note": "SOP 2025"},
            "17": {"level": 4},
        },
        "note": "evaluasi mandiri",
    }
    created = await client.put(ASSESSMENT, json=body, headers={"X-Actor": "tim-spbe"})
    assert created.status_code == 201, created.text
    assert created.json()["indicators"]["16"]["evidence"] == ["kab-uji:dc-pemda", "nasional:splp"]

    view = (await client.get(ASSESSMENT, params=AS_OF)).json()
    # (3 × 2.5 + 4 × 2.5) / 100 = 0.175 → 0.18, the other 45 indicators not yet assessed.
    assert view["index"]["index"] == 0.18 and view["index"]["predicate"] == "Kurang"
    assert len(view["index"]["missing"]) == 45
    sixteen = next(i for i in view["indicators"] if i["id"] == "16")
    assert sixteen["level_name"] == "Terdefinisi" and sixteen["note"] == "SOP 2025"
    assert [e["url"] for e in sixteen["evidence"]] == [
        "/api/instansi/kab-uji/items/dc-pemda",
        "/api/instansi/nasional/items/splp",
    ]
    hosting = next(r for r in sixteen["rules"] if r["rule"] == "infra.hosting_pemda_pdn")
    assert hosting["status"] == "evaluated" and hosting["failed"] >= 1
    assert sixteen["needs_review"] is True and "infra.hosting_pemda_pdn" in sixteen["review_reason"]

    assert (
        await client.patch(ASSESSMENT, json={"indicators": {"30": {"level": 2}}})
    ).status_code == 428
    merged = await client.patch(
        ASSESSMENT,
        json={"indicators": {"17": None, "30": {"level": 2}}},
        headers={"If-Match": 'W/"1"'},
    )
    assert merged.status_code == 200 and sorted(merged.json()["indicators"]) == ["16", "30"]

    bad = await client.patch(
        ASSESSMENT,
        json={
            "version": 2,
            "indicators": {
                "16": {"level": 7},
                "99": {"level": 3},
                "30": {"level": 2, "evidence": ["tidak-ada", "kab-langgar:setda"]},
            },
        },
    )
    assert bad.status_code == 400
    assert sorted(fields(bad)) == [
        ("indicators.16.level", "out_of_range"),
        ("indicators.99", "unknown_indicator"),
    ]
    evidence = await client.patch(
        ASSESSMENT,
        json={
            "version": 2,
            "indicators": {"30": {"level": 2, "evidence": ["tidak-ada", "kab-langgar:setda"]}},
        },
    )
    assert sorted(fields(evidence)) == [
        ("indicators.30.evidence[0]", "unknown_item"),
        ("indicators.30.evidence[1]", "evidence_out_of_scope"),
    ]
    unknown = await client.put("/api/instansi/kab-uji/assessments/NOPE/2025", json=body)
    assert unknown.status_code == 404 and fields(unknown) == [("framework", "not_found_among")]
    year = await client.put("/api/instansi/kab-uji/assessments/PERMENPANRB59_2020/dua", json=body)
    assert year.status_code == 400 and fields(year) == [("year", "bad_type")]
    old = await client.put("/api/instansi/kab-uji/assessments/PERMENPANRB59_2020/1990", json=body)
    assert old.status_code == 400 and fields(old) == [("year", "out_of_range")]

    draft = await client.put(
        "/api/instansi/kab-uji/assessments/PERMENPANRB8_2026/2026",
        json={"indicators": {"14": {"level": 2}}},
    )
    assert draft.status_code == 201
    draft_view = (
        await client.get("/api/instansi/kab-uji/assessments/PERMENPANRB8_2026/2026")
    ).json()
    assert draft_view["index"] is None and draft_view["framework_problems"]
    listed = (await client.get("/api/instansi/kab-uji/assessments")).json()["assessments"]
    assert [(a["framework"], a["year"]) for a in listed] == [
        ("PERMENPANRB8_2026", 2026),
        ("PERMENPANRB59_2020", 2025),
    ]
    log = (await client.get("/api/changes", params={"entity": "self_assessment"})).json()["changes"]
    assert {c["actor"] for c in log} >= {"tim-spbe"} and len(log) == 3


async def test_frameworks_packs_and_the_calculator(client: Any) -> None:
    frameworks = (await client.get("/api/evaluation/frameworks")).json()["frameworks"]
    assert {f["code"]: f["complete"] for f in frameworks} == {
        "PERMENPANRB59_2020": True,
        "PERMENPANRB8_2026": False,
    }
    detail = (await client.get("/api/evaluation/frameworks/PERMENPANRB59_2020")).json()
    assert len(detail["domains"]) == 4 and detail["predicates"][0]["min"] == 4.2

    url = "/api/evaluation/frameworks/PERMENPANRB59_2020/index"
    levels = {str(i): 3 for i in range(1, 48)} | {str(i): 4 for i in range(11, 19)}
    result = await client.post(url, json={"levels": levels})
    # 3 + 8 × 2.5 / 100 = 3.20
    assert result.status_code == 200 and result.json()["index"] == 3.2
    assert result.json()["predicate"] == "Baik"
    bad = await client.post(url, json={"levels": {"16": 6, "x": 2}})
    assert bad.status_code == 400
    assert sorted(fields(bad)) == [("levels.16", "out_of_range"), ("levels.x", "unknown_indicator")]
    draft = await client.post(
        "/api/evaluation/frameworks/PERMENPANRB8_2026/index", json={"levels": {}}
    )
    assert draft.status_code == 400 and fields(draft) == [("framework", "framework_incomplete")]
    missing = await client.post(url, json={})
    assert missing.status_code == 400 and fields(missing) == [("levels", "required")]

    packs = (await client.get("/api/evaluation/packs")).json()["packs"]
    assert [(p["code"], p["version"]) for p in packs] == [("SPBE_AUDIT", "2026.1")]
    rules = (await client.get("/api/evaluation/rules")).json()["rules"]
    hosting = next(r for r in rules if r["id"] == "infra.hosting_pemda_pdn")
    assert hosting["regulation"][0].startswith("PermenPANRB 59/2020")
    assert hosting["title"] and hosting["title_en"] and hosting["explanation_en"]
    bypass = next(r for r in rules if r["id"] == "int.spl_bypass")
    assert bypass["analysis_findings"] == ["spl_bypass"]
