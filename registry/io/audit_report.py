"""An audit report as JSON, CSV or HTML (printable A4, Bahasa Indonesia first, English second).

The same functions serve the CLI (`spbe audit --format ...`) and the API
(`GET /api/instansi/{code}/audit?format=...`). Links point at the items' API resources; a CLI
report gets absolute links from `base_url`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import msgspec
from jinja2 import Environment, FileSystemLoader, select_autoescape

from registry import __version__
from registry.analysis.audit.engine import scope_label
from registry.analysis.audit.findings import KIND_LABELS
from registry.analysis.audit.results import AuditReport, Failure, RuleResult

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"
SEVERITY_LABELS = {
    "high": ("Tinggi", "High"),
    "medium": ("Sedang", "Medium"),
    "low": ("Rendah", "Low"),
}
STATUS_LABELS = {
    "evaluated": ("dinilai", "evaluated"),
    "not_evaluated": ("belum dinilai", "not evaluated"),
    "disabled": ("dinonaktifkan", "switched off"),
}
CSV_COLUMNS = (
    "record",
    "instansi",
    "category",
    "rule",
    "severity",
    "status",
    "title",
    "title_en",
    "scope",
    "checked",
    "passed",
    "share",
    "item",
    "item_name",
    "item_kind",
    "unit",
    "unit_name",
    "reason",
    "reason_en",
    "url",
)


def to_json(report: AuditReport) -> bytes:
    return msgspec.json.encode(report)


def to_csv(report: AuditReport, base_url: str = "") -> str:
    """One row per rule (`record` = rule) followed by one row per failure (`record` = failure),
    so a spreadsheet filters either."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for r in report.rules:
        writer.writerow(
            {
                "record": "rule",
                "instansi": report.instansi,
                "category": r.category,
                "rule": r.rule,
                "severity": r.severity,
                "status": r.status,
                "title": r.title,
                "title_en": r.title_en,
                "checked": r.tally.checked,
                "passed": r.tally.passed,
                "share": "" if r.tally.share is None else f"{r.tally.share:.4f}",
                "scope": scope_label(r),
                "reason": r.note,
                "reason_en": r.note_en,
            }
        )
    for r in report.rules:
        for f in r.failures:
            writer.writerow(
                {
                    "record": "failure",
                    "instansi": report.instansi,
                    "category": r.category,
                    "rule": r.rule,
                    "severity": r.severity,
                    "status": r.status,
                    "title": r.title,
                    "title_en": r.title_en,
                    "item": f.item or "",
                    "item_name": f.item_name,
                    "item_kind": f.item_kind,
                    "unit": f.unit or "",
                    "unit_name": f.unit_name or "",
                    "reason": f.reason,
                    "reason_en": f.reason_en,
                    "url": base_url + f.url,
                }
            )
    return out.getvalue()


def _percent(share: float | None) -> str:
    return "–" if share is None else f"{share * 100:.0f}%"


def _tone(share: float | None) -> str:
    if share is None:
        return "none"
    if share >= 0.9:
        return "good"
    if share >= 0.6:
        return "fair"
    return "poor"


_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["percent"] = _percent
_env.filters["tone"] = _tone


def _groups(result: RuleResult) -> list[tuple[str, str, list[Failure]]]:
    """Failures with the same reason together (a reason is printed once, then its items)."""
    groups: dict[tuple[str, str], list[Failure]] = {}
    for f in result.failures:
        groups.setdefault((f.reason, f.reason_en), []).append(f)
    return [(reason, reason_en, items) for (reason, reason_en), items in groups.items()]


def _when(iso: str) -> str:
    """'2026-11-28T21:36:28+00:00' -> '2026-11-28 21:36 UTC'."""
    return iso[:16].replace("T", " ") + (" UTC" if iso.endswith("+00:00") else "")


def to_html(
    report: AuditReport,
    *,
    base_url: str = "",
    diagrams: dict[str, str] | None = None,
) -> str:
    """The printable report. `diagrams`: SVG markup by place ("overview", "hosting",
    "integration"), embedded where the template marks it (see `audit/report.html`)."""
    template = _env.get_template("audit/report.html")
    by_category: dict[str, list[RuleResult]] = {}
    for r in report.rules:
        by_category.setdefault(r.category, []).append(r)
    evaluated = [r for r in report.rules if r.status == "evaluated"]
    return template.render(
        r=report,
        base=base_url.rstrip("/"),
        by_category=by_category,
        groups=_groups,
        when=_when,
        severity=SEVERITY_LABELS,
        status=STATUS_LABELS,
        finding_labels=KIND_LABELS,
        counts={
            "evaluated": len(evaluated),
            "failing": sum(1 for x in evaluated if x.tally.failed),
            "not_evaluated": sum(1 for x in report.rules if x.status == "not_evaluated"),
            "disabled": sum(1 for x in report.rules if x.status == "disabled"),
        },
        diagrams=diagrams or {},
        version=__version__,
    )


def render(
    report: AuditReport,
    fmt: str,
    *,
    base_url: str = "",
    diagrams: dict[str, str] | None = None,
) -> bytes:
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report, base_url).encode("utf-8")
    return to_html(report, base_url=base_url, diagrams=diagrams).encode("utf-8")


MEDIA_TYPES = {
    "json": "application/json",
    "csv": "text/csv",
    "html": "text/html",
}
