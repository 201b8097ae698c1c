"""`spbe audit` and `spbe assessment` as a user runs them: real processes on a real database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.test_audit_rules import load_examples
from tests.test_cli import run


async def test_audit_report_files_and_errors(
    spbe_bin: str, engine_url: str, tmp_path: Path, db_engine: Any
) -> None:
    await load_examples()
    env = {"SPBE_DATABASE_URL": engine_url}
    out = tmp_path / "laporan" / "kab-uji.html"
    made = run(
        spbe_bin,
        "audit",
        "--instansi",
        "kab-uji",
        "--format",
        "html",
        "-o",
        str(out),
        "--as-of",
        "2026-06-30",
        "--base-url",
        "http://registri.example",
        env=env,
    )
    assert made.returncode == 0, made.stderr
    assert "Kabupaten Uji" in made.stderr and "pemeriksaan patuh" in made.stderr
    html = out.read_text(encoding="utf-8")
    assert 'href="http://registri.example/api/instansi/kab-uji/items/backup-bad"' in html

    bad_format = run(spbe_bin, "audit", "--instansi", "kab-uji", "--format", "pdf", env=env)
    assert bad_format.returncode == 2 and "pdf" in bad_format.stderr
    unknown = run(spbe_bin, "audit", "--instansi", "tidak-ada", env=env)
    assert unknown.returncode == 3 and "tidak-ada" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    bad_date = run(spbe_bin, "audit", "--instansi", "kab-uji", "--as-of", "kemarin", env=env)
    assert bad_date.returncode == 2 and "--as-of" in bad_date.stderr
    missing = run(spbe_bin, "audit", "--format", "json", env=env)
    assert missing.returncode == 2 and "--instansi" in missing.stderr


async def test_rules_settings_runs_and_trend(
    spbe_bin: str, engine_url: str, db_engine: Any
) -> None:
    await load_examples()
    env = {"SPBE_DATABASE_URL": engine_url, "SPBE_ACTOR": "inspektorat"}
    off = run(
        spbe_bin, "audit", "set", "infra.app_backup", "--instansi", "kab-uji", "--off", env=env
    )
    assert off.returncode == 0, off.stderr
    tuned = run(
        spbe_bin,
        "audit",
        "set",
        "svc.flagship_max",
        "--instansi",
        "kab-uji",
        "--param",
        "max_flagship=2",
        env=env,
    )
    assert tuned.returncode == 0, tuned.stderr
    rules = run(spbe_bin, "audit", "rules", "--instansi", "kab-uji", env=env)
    assert "✘ infra.app_backup" in rules.stdout and "max_flagship=2" in rules.stdout
    bad = run(
        spbe_bin,
        "audit",
        "set",
        "svc.flagship_max",
        "--instansi",
        "kab-uji",
        "--param",
        "max_flagship=tiga",
        env=env,
    )
    assert bad.returncode == 2 and "params.max_flagship" in bad.stderr

    saved = run(spbe_bin, "audit", "--instansi", "kab-uji", "--save", "--format", "json", env=env)
    assert saved.returncode == 0, saved.stderr
    run_id = json.loads(saved.stdout)["run_id"]
    runs = run(spbe_bin, "audit", "runs", "--instansi", "kab-uji", env=env)
    assert f"#{run_id}" in runs.stdout and "inspektorat" in runs.stdout
    reset = run(spbe_bin, "audit", "reset", "infra.app_backup", "--instansi", "kab-uji", env=env)
    assert reset.returncode == 0
    compared = run(
        spbe_bin,
        "audit",
        "--instansi",
        "kab-uji",
        "--compare",
        "latest",
        "--format",
        "json",
        env=env,
    )
    trend = json.loads(compared.stdout)["trend"]
    # Switched back on: the rule is new to the comparison, not "worse".
    assert trend["previous_run"] == run_id and "infra.app_backup" in trend["added_rules"]


async def test_assessment_and_index(spbe_bin: str, engine_url: str, db_engine: Any) -> None:
    await load_examples()
    env = {"SPBE_DATABASE_URL": engine_url}
    levels = [arg for i in range(1, 48) for arg in ("--level", f"{i}=4")]
    index = run(spbe_bin, "assessment", "index", *levels, "--level", "11=5", env=env)
    assert index.returncode == 0, index.stderr
    assert "4.03" in index.stdout and "Sangat Baik" in index.stdout  # 4 + 2.5/100 = 4.025
    out_of_range = run(spbe_bin, "assessment", "index", "--level", "16=9", env=env)
    assert out_of_range.returncode == 2 and "levels.16" in out_of_range.stderr

    recorded = run(
        spbe_bin,
        "assessment",
        "set",
        "--instansi",
        "kab-uji",
        "--year",
        "2025",
        "--level",
        "16=3",
        "--evidence",
        "16=dc-pemda,srv-pemda",
        "--note",
        "16=SOP pusat data",
        env=env,
    )
    assert recorded.returncode == 0, recorded.stderr
    again = run(
        spbe_bin,
        "assessment",
        "set",
        "--instansi",
        "kab-uji",
        "--year",
        "2025",
        "--level",
        "17=2",
        env=env,
    )
    assert again.returncode == 0 and "versi/version 2" in again.stdout
    shown = run(
        spbe_bin,
        "assessment",
        "show",
        "--instansi",
        "kab-uji",
        "--year",
        "2025",
        "--as-of",
        "2026-06-30",
        env=env,
    )
    assert shown.returncode == 0, shown.stderr
    assert "Layanan Pusat Data" in shown.stdout and "kab-uji:dc-pemda" in shown.stdout
    assert "infra.hosting_pemda_pdn" in shown.stdout and "0.13" in shown.stdout  # 0.125
    bad_evidence = run(
        spbe_bin,
        "assessment",
        "set",
        "--instansi",
        "kab-uji",
        "--year",
        "2025",
        "--evidence",
        "16=tidak-ada",
        env=env,
    )
    assert bad_evidence.returncode == 2 and "indicators.16.evidence" in bad_evidence.stderr
