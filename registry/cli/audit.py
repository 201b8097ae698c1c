"""Audit commands: `spbe audit` (report, rules, settings, stored runs) and `spbe assessment`
(self-assessments and the index calculator). The same service and store calls as the API."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
import yaml

from registry.cli import fail, main, print_json, report_registry_error, run_with_db, settings_of
from registry.config import Settings
from registry.errors import RegistryError

# The audit, its graph and its templates are imported by the commands that use them, so that
# every other `spbe` command starts as fast as before.
FORMAT_HELP = "json, csv atau/or html"


def _write(data: bytes, output: Path | None) -> None:
    if output is None:
        sys.stdout.buffer.write(data)
        if not data.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)


def _pairs(values: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    """`16=3` -> ("16", "3"); a bad one is a clear error naming the option."""
    out = []
    for v in values:
        key, sep, value = v.partition("=")
        if not sep or not key.strip():
            fail(f"{option} '{v}': gunakan / use NAME=VALUE", 2)
        out.append((key.strip(), value.strip()))
    return out


def _scalar(text: str) -> Any:
    """A parameter value as YAML reads it: 3, 2.5, true, [a, b], text."""
    try:
        return yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return text


def _catalogue(settings: Settings) -> Any:
    from registry.audit_service import catalogue

    try:
        return catalogue(settings.seed_dir)
    except RegistryError as exc:
        report_registry_error(exc)
        raise


def _check_format(fmt: str) -> None:
    from registry.audit_service import check_format

    try:
        check_format(fmt)
    except RegistryError as exc:
        report_registry_error(exc)


def _base_url(settings: Settings, given: str | None) -> str:
    return given if given is not None else f"http://{settings.host}:{settings.port}"


# ---------------------------------------------------------------------------------- audit


@main.group(
    "audit",
    invoke_without_command=True,
    help=(
        "Audit kepatuhan SPBE / SPBE compliance audit. Tanpa subperintah: buat laporan "
        "(--instansi KODE --format html|csv|json -o BERKAS). / Without a subcommand: the report."
    ),
)
@click.option("--instansi", "code", help="Kode instansi / government code")
@click.option("--format", "fmt", default="json", show_default=True, help=FORMAT_HELP)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Berkas keluaran (bawaan: stdout) / output file",
)
@click.option("--as-of", help="Tanggal acuan YYYY-MM-DD (bawaan hari ini) / reference date")
@click.option(
    "--compare", help="Bandingkan dengan hasil tersimpan: latest atau ID / compare with a run"
)
@click.option("--save", is_flag=True, help="Simpan hasil untuk perbandingan / store the run")
@click.option("--pack", help="Paket aturan KODE[@VERSI] / rule pack")
@click.option(
    "--base-url",
    help="Awal tautan item di HTML/CSV (bawaan http://SPBE_HOST:SPBE_PORT) / link base",
)
@click.pass_context
def audit_group(
    ctx: click.Context,
    code: str | None,
    fmt: str,
    output: Path | None,
    as_of: str | None,
    compare: str | None,
    save: bool,
    pack: str | None,
    base_url: str | None,
) -> None:
    if ctx.invoked_subcommand:
        return
    if not code:
        fail("--instansi wajib diisi / is required (spbe audit --help)", 2)
    from registry import audit_service as service
    from registry.io.audit_report import render

    settings = settings_of(ctx)
    _check_format(fmt)

    link_base = _base_url(settings, base_url)

    async def work() -> Any:
        from registry.diagrams import audit_figures

        report = await service.audit_government(
            code,
            settings.seed_dir,
            pack=pack,
            as_of=service.parse_as_of(as_of, "--as-of"),
            compare_with=service.parse_compare(compare),
            save=save,
            actor=settings.actor,
        )
        figures = await audit_figures(code, base_url=link_base) if fmt == "html" else None
        return report, figures

    report, figures = run_with_db(settings, work)
    _write(render(report, fmt, base_url=link_base, diagrams=figures), output)
    t = report.tally
    line = (
        f"{report.instansi_name}: {t.passed}/{t.checked} pemeriksaan patuh / checks comply"
        f" ({(t.share or 0) * 100:.0f}%), {t.checked - t.passed} temuan / failures"
    )
    if report.run_id:
        line += f"; disimpan / stored as run {report.run_id}"
    if report.trend and report.trend.delta is not None:
        line += f"; perubahan / change {report.trend.delta * 100:+.1f} poin/points"
    if output:
        line += f" -> {output}"
    click.echo(line, err=True)


@audit_group.command("rules", help="Aturan sebagaimana disetel instansi / rules as set.")
@click.option("--instansi", "code", required=True)
@click.option("--pack")
@click.option("--json", "as_json", is_flag=True, help="Keluaran JSON / JSON output")
@click.pass_context
def audit_rules(ctx: click.Context, code: str, pack: str | None, as_json: bool) -> None:
    from registry import audit_service as service

    settings = settings_of(ctx)
    out = run_with_db(settings, lambda: service.rules_for(code, settings.seed_dir, pack))
    if as_json:
        print_json(out)
        return
    click.echo(f"{out['pack']['code']} {out['pack']['version']} — {code}")
    for r in out["rules"]:
        mark = "✔" if r["enabled"] else "✘"
        tuned = " *" if r["customised"] else ""
        params = ", ".join(f"{k}={v}" for k, v in r["params_effective"].items())
        click.echo(
            f"{mark} {r['id']:30} {r['severity']:6} {r['confidence']:3} {r['title']}{tuned}"
            + (f"  [{params}]" if params else "")
        )


@audit_group.command("set", help="Nyalakan, matikan atau setel aturan / switch or tune a rule.")
@click.argument("rule_id")
@click.option("--instansi", "code", required=True)
@click.option("--on/--off", "enabled", default=None, help="Nyalakan/matikan / switch on or off")
@click.option("--default", "to_default", is_flag=True, help="Nyala/mati sesuai paket / as the pack")
@click.option("--param", "params", multiple=True, help="NAMA=NILAI (kosong: bawaan) / NAME=VALUE")
@click.option("--note", help="Catatan / note")
@click.option("--version", "version", type=int, help="Versi saat ini (bawaan: dibaca) / current")
@click.pass_context
def audit_set(
    ctx: click.Context,
    rule_id: str,
    code: str,
    enabled: bool | None,
    to_default: bool,
    params: tuple[str, ...],
    note: str | None,
    version: int | None,
) -> None:
    from registry.store import audit as audit_store

    settings = settings_of(ctx)
    data: dict[str, Any] = {}
    if enabled is not None or to_default:
        data["enabled"] = None if to_default else enabled
    if params:
        data["params"] = {k: _scalar(v) for k, v in _pairs(params, "--param")}
    if note is not None:
        data["note"] = note
    if not data:
        fail("tidak ada perubahan; gunakan --on/--off, --param atau --note / nothing to change", 2)

    async def work() -> dict[str, Any]:
        rule = _catalogue(settings).pack().rule(rule_id)
        current = (await audit_store.list_settings(code)).get(rule_id)
        return await audit_store.put_setting(
            code,
            rule,
            data,
            version=version if version is not None else (current or {}).get("version"),
            actor=settings.actor,
        )

    out = run_with_db(settings, work)
    click.echo(
        f"{code}:{rule_id} versi/version {out['version']}: enabled={out['enabled']} params={out['params']}"
    )


@audit_group.command("reset", help="Kembalikan aturan ke bawaan paket / back to the default.")
@click.argument("rule_id")
@click.option("--instansi", "code", required=True)
@click.pass_context
def audit_reset(ctx: click.Context, rule_id: str, code: str) -> None:
    from registry.store import audit as audit_store

    settings = settings_of(ctx)
    run_with_db(
        settings,
        lambda: audit_store.delete_setting(code, rule_id, version=None, actor=settings.actor),
    )
    click.echo(f"{code}:{rule_id}: bawaan paket / pack default")


@audit_group.command("runs", help="Hasil audit tersimpan / stored audit runs.")
@click.option("--instansi", "code", required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def audit_runs(ctx: click.Context, code: str, as_json: bool) -> None:
    from registry.store import audit as audit_store

    runs = run_with_db(settings_of(ctx), lambda: audit_store.list_runs(code))
    if as_json:
        print_json(runs)
        return
    if not runs:
        click.echo("Belum ada hasil tersimpan / no stored runs (spbe audit --save)")
    for run in runs:
        share = "–" if run["share"] is None else f"{run['share'] * 100:.0f}%"
        click.echo(
            f"#{run['id']:<5} {run['created_at']}  per {run['as_of']}  {run['pack']} "
            f"{run['pack_version']}  {run['passed']}/{run['checked']} ({share})  {run['created_by']}"
        )


@audit_group.command("show", help="Tampilkan hasil tersimpan / render a stored run.")
@click.argument("run_id", type=int)
@click.option("--instansi", "code", required=True)
@click.option("--format", "fmt", default="json", show_default=True, help=FORMAT_HELP)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--base-url")
@click.pass_context
def audit_show(
    ctx: click.Context,
    run_id: int,
    code: str,
    fmt: str,
    output: Path | None,
    base_url: str | None,
) -> None:
    from registry import audit_service as service
    from registry.io.audit_report import render

    settings = settings_of(ctx)
    _check_format(fmt)
    report = run_with_db(settings, lambda: service.stored_report(code, run_id))
    _write(render(report, fmt, base_url=_base_url(settings, base_url)), output)


# ---------------------------------------------------------------------------------- assessment


@main.group("assessment", help="Penilaian mandiri dan indeks / self-assessment and index.")
def assessment_group() -> None:
    pass


@assessment_group.command("frameworks", help="Kerangka evaluasi / evaluation frameworks.")
@click.pass_context
def assessment_frameworks(ctx: click.Context) -> None:
    for fw in _catalogue(settings_of(ctx)).frameworks.values():
        state = "lengkap / complete" if fw.complete else "belum lengkap / incomplete"
        click.echo(
            f"{fw.code:22} {fw.spec.version:11} {len(fw.indicators):3} indikator  "
            f"[{fw.spec.status}, {fw.spec.confidence}] {state} — {fw.spec.name}"
        )


def _levels_from(levels: tuple[str, ...], file: Path | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if file is not None:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        data = data.get("levels", data) if isinstance(data, dict) else data
        if not isinstance(data, dict):
            fail(f"{file}: harus berisi pemetaan indikator: tingkat / must map indicator: level", 2)
        out.update({str(k): v for k, v in data.items()})
    for key, value in _pairs(levels, "--level"):
        out[key] = _scalar(value)
    return out


@assessment_group.command(
    "index", help="Kalkulator indeks: Σ(tingkat × bobot)/100 dan predikat / index calculator."
)
@click.option("--framework", default="PERMENPANRB59_2020", show_default=True)
@click.option("--level", "levels", multiple=True, help="INDIKATOR=TINGKAT, mis. 16=3")
@click.option(
    "--file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML/JSON {indikator: tingkat}",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def assessment_index(
    ctx: click.Context, framework: str, levels: tuple[str, ...], file: Path | None, as_json: bool
) -> None:
    import msgspec

    from registry.analysis.audit import compute_index

    try:
        fw = _catalogue(settings_of(ctx)).framework(framework)
        result = compute_index(fw, _levels_from(levels, file))
    except RegistryError as exc:
        report_registry_error(exc)
        return
    if as_json:
        print_json(msgspec.to_builtins(result))
        return
    _print_index(result)


def _print_index(result: Any) -> None:
    for d in result.domains or result.aspects:
        click.echo(f"  {d.id:>3} {d.name[:48]:48} bobot {d.weight:5g}  indeks {d.index:.2f}")
    click.echo(
        f"Indeks / index {result.framework}: {result.index:.2f} — {result.predicate} / "
        f"{result.predicate_en}"
    )
    if result.missing:
        click.echo(
            f"  {len(result.missing)} indikator belum dinilai (dihitung 0) / not assessed "
            f"(count as 0): {', '.join(result.missing[:12])}{' ...' if len(result.missing) > 12 else ''}"
        )


@assessment_group.command("list", help="Penilaian mandiri instansi / a government's assessments.")
@click.option("--instansi", "code", required=True)
@click.pass_context
def assessment_list(ctx: click.Context, code: str) -> None:
    from registry.store import audit as audit_store

    rows = run_with_db(settings_of(ctx), lambda: audit_store.list_assessments(code))
    if not rows:
        click.echo("Belum ada penilaian / no assessment yet (spbe assessment set)")
    for a in rows:
        click.echo(
            f"{a['framework']:22} {a['year']}  {len(a['indicators'])} indikator  versi {a['version']}"
            f"  {a['updated_at']} {a['updated_by']}"
        )


@assessment_group.command(
    "set",
    help=(
        "Catat tingkat, bukti dan catatan per indikator (digabung ke penilaian yang ada; --file "
        "mengganti seluruhnya) / record levels, evidence and notes."
    ),
)
@click.option("--instansi", "code", required=True)
@click.option("--framework", default="PERMENPANRB59_2020", show_default=True)
@click.option("--year", type=int, required=True)
@click.option("--level", "levels", multiple=True, help="INDIKATOR=TINGKAT (kosong: hapus)")
@click.option("--evidence", "evidence", multiple=True, help="INDIKATOR=KUNCI[,KUNCI...] item")
@click.option("--note", "notes", multiple=True, help="INDIKATOR=CATATAN")
@click.option(
    "--file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="YAML {indicators: {16: {level: 3, evidence: [...], note: ...}}}: seluruh penilaian",
)
@click.pass_context
def assessment_set(
    ctx: click.Context,
    code: str,
    framework: str,
    year: int,
    levels: tuple[str, ...],
    evidence: tuple[str, ...],
    notes: tuple[str, ...],
    file: Path | None,
) -> None:
    from registry.store import audit as audit_store

    settings = settings_of(ctx)
    if file is None and not (levels or evidence or notes):
        fail("tidak ada perubahan; gunakan --level, --evidence, --note atau --file", 2)
    indicators: dict[str, Any] = {}
    note: str | None = None
    if file is not None:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict):
            fail(f"{file}: harus berisi pemetaan / must be a mapping", 2)
        indicators = {str(k): v for k, v in (data.get("indicators") or {}).items()}
        note = data.get("note")

    async def work() -> dict[str, Any]:
        fw = _catalogue(settings).framework(framework)
        try:
            current = await audit_store.get_assessment(code, framework, year)
        except RegistryError:
            current = None
        entries = (
            {k: dict(v) for k, v in (current or {}).get("indicators", {}).items()}
            if file is None
            else {}
        )
        changed = dict(indicators)

        def entry(indicator: str) -> dict[str, Any]:
            if indicator not in changed:
                changed[indicator] = dict(entries.get(indicator) or {"evidence": [], "note": ""})
            return changed[indicator]

        for key, value in _pairs(levels, "--level"):
            entry(key)["level"] = _scalar(value)
        for key, value in _pairs(evidence, "--evidence"):
            refs = [r.strip() for r in value.split(",") if r.strip()]
            entry(key)["evidence"] = sorted(set(entry(key).get("evidence") or []) | set(refs))
        for key, value in _pairs(notes, "--note"):
            entry(key)["note"] = value
        body: dict[str, Any] = {"indicators": changed}
        if note is not None:
            body["note"] = note
        return await audit_store.save_assessment(
            code,
            fw,
            year,
            body,
            replace=file is not None,
            version=current["version"] if current else None,
            actor=settings.actor,
        )

    out = run_with_db(settings, work)
    click.echo(
        f"{code} {framework} {year}: {len(out['indicators'])} indikator, versi/version {out['version']}"
    )


@assessment_group.command(
    "show", help="Penilaian dengan indeks, bukti dan hasil aturan / assessment with evidence."
)
@click.option("--instansi", "code", required=True)
@click.option("--framework", default="PERMENPANRB59_2020", show_default=True)
@click.option("--year", type=int, required=True)
@click.option("--as-of", help="Tanggal acuan audit / audit reference date")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def assessment_show(
    ctx: click.Context, code: str, framework: str, year: int, as_of: str | None, as_json: bool
) -> None:
    import msgspec

    from registry import audit_service as service

    settings = settings_of(ctx)
    view = run_with_db(
        settings,
        lambda: service.assessment_view(
            code, framework, year, settings.seed_dir, as_of=service.parse_as_of(as_of, "--as-of")
        ),
    )
    if as_json:
        print_json(msgspec.to_builtins(view))
        return
    click.echo(f"{code} — {framework} {year} (versi/version {view.version})")
    for ind in view.indicators:
        if ind.level is None and not ind.evidence and not ind.rules:
            continue
        level = f"{ind.level} {ind.level_name}" if ind.level is not None else "–"
        click.echo(f"  [{ind.id:>2}] {ind.name[:52]:52} tingkat/level {level}")
        for rule in ind.rules:
            if rule.status == "evaluated":
                share = "–" if rule.share is None else f"{rule.share * 100:.0f}%"
                click.echo(f"         aturan {rule.rule}: {share} ({rule.failed} gagal/failed)")
        if ind.evidence:
            click.echo("         bukti/evidence: " + ", ".join(e.ref for e in ind.evidence[:8]))
        if ind.needs_review:
            click.secho(f"         ! {ind.review_reason}", fg="yellow")
    if view.index is not None:
        _print_index(view.index)
    else:
        click.echo("Indeks tidak dihitung / no index: " + "; ".join(view.framework_problems))
