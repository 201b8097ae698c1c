"""Reference trees from files: the YAML of `seed/reference/`, or a CSV of an official lampiran
or SIA-SPBE export with columns framework,domain,code,name,level,parent,source,confidence,description.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import yaml

from registry.errors import FieldError, Invalid
from registry.store.reference import FrameworkRecord, NodeRecord

CSV_COLUMNS = (
    "framework",
    "domain",
    "code",
    "name",
    "level",
    "parent",
    "source",
    "confidence",
    "description",
)


def _node(raw: dict[str, Any], where: str, errors: list[FieldError]) -> NodeRecord | None:
    level = raw.get("level")
    if level not in (None, ""):
        try:
            level = int(level)
        except (TypeError, ValueError):
            errors.append(
                FieldError(
                    "level",
                    "bad_type",
                    {"expected": "bilangan bulat", "expected_en": "integer"},
                    where,
                )
            )
            return None
    return NodeRecord(
        domain=str(raw.get("domain") or "").strip().upper(),
        code=str(raw.get("code") or "").strip(),
        name=str(raw.get("name") or "").strip(),
        level=level or None,
        parent=(str(raw["parent"]).strip() or None) if raw.get("parent") else None,
        source=str(raw.get("source") or ""),
        confidence=str(raw.get("confidence") or ""),
        description=str(raw.get("description") or ""),
        scope=str(raw.get("scope") or "national"),
        location=where,
    )


def parse_yaml(text: str, source: str) -> FrameworkRecord:
    doc = yaml.safe_load(text)
    if not isinstance(doc, dict) or not doc.get("framework"):
        raise Invalid([FieldError("framework", "required", {}, source)])
    errors: list[FieldError] = []
    record = FrameworkRecord(
        code=str(doc["framework"]),
        name=str(doc.get("name") or doc["framework"]),
        status=str(doc.get("status") or ""),
        source=str(doc.get("source") or ""),
        description=str(doc.get("description") or ""),
        settings=doc.get("settings") or {},
    )
    for index, raw in enumerate(doc.get("nodes") or []):
        where = f"{source}: nodes[{index}]"
        node = _node(raw if isinstance(raw, dict) else {}, where, errors)
        if node:
            record.nodes.append(node)
    if errors:
        raise Invalid(errors)
    return record


def parse_csv(text: str, source: str, *, framework: str | None = None) -> list[FrameworkRecord]:
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("domain", "code", "name") if c not in headers]
    if not framework and "framework" not in headers:
        missing.insert(0, "framework")
    if missing:
        raise Invalid([FieldError(c, "required", {}, f"{source}: header") for c in missing])
    errors: list[FieldError] = []
    frameworks: dict[str, FrameworkRecord] = {}
    for line, raw in enumerate(reader, start=2):
        row = {k.strip().lower(): (v or "").strip() for k, v in raw.items() if k}
        code = framework or row.get("framework", "")
        node = _node(row, f"{source}: baris {line}", errors)
        if node:
            frameworks.setdefault(
                code, FrameworkRecord(code=code, name=code, source=source, has_metadata=False)
            ).nodes.append(node)
    if errors:
        raise Invalid(errors)
    return list(frameworks.values())


def read_reference_file(path: Path) -> list[FrameworkRecord]:
    text = path.read_text(encoding="utf-8-sig")
    if path.suffix.lower() == ".csv":
        return parse_csv(text, path.name)
    return [parse_yaml(text, path.name)]
