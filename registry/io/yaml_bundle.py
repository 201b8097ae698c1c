"""One government as one YAML document: items grouped by kind, relationships inline.

The demo governments in `seed/` are written in this format, and `spbe export --format yaml`
writes it back, so a seed file, an export and an import are the same thing.

    format: spbe-registry/1
    instansi: {code: sumedang, name: Kabupaten Sumedang, level: kabupaten, ...}
    items:
      unit:
        - {key: diskominfo, name: Dinas Komunikasi dan Informatika}
      application:
        - key: simpeg
          name: SIMPEG
          owner: bkpsdm
          reference_codes: [RAA.02.02]
          attributes: {origin: aplikasi_khusus_pemda}
          relationships:
            - {type: hosted_on, target: dc-pemda}
            - {type: integrates_with, target: nasional:siasn, mechanism: spl}
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from registry import metamodel as mm
from registry.errors import FieldError, Invalid
from registry.io.government import Government
from registry.store.bulk import Bundle, ItemRecord, RelationshipRecord

FORMAT = "spbe-registry/1"


class _Loader(yaml.SafeLoader):
    """Safe loader that keeps dates as text (the meta-model converts them itself)."""


_Loader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_bundle(text: str, source: str = "<yaml>") -> Bundle:
    """Read a YAML document into a Bundle; structural problems are reported all at once."""
    try:
        doc = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise Invalid([FieldError("$", "bad_value", {"detail": f"YAML: {exc}"}, source)]) from exc
    errors: list[FieldError] = []
    if not isinstance(doc, dict):
        raise Invalid(
            [
                FieldError(
                    "$", "bad_type", {"expected": "pemetaan", "expected_en": "mapping"}, source
                )
            ]
        )
    if doc.get("format", FORMAT) != FORMAT:
        errors.append(
            FieldError(
                "format", "not_in_choices", {"value": doc.get("format"), "choices": FORMAT}, source
            )
        )
    instansi = doc.get("instansi")
    if not isinstance(instansi, dict) or not instansi.get("code"):
        errors.append(FieldError("instansi.code", "required", {}, source))
        instansi = {}
    bundle = Bundle(instansi=dict(instansi))
    items = doc.get("items") or {}
    if not isinstance(items, dict):
        errors.append(FieldError("items", "bad_type", {"expected": "mapping kind -> list"}, source))
        items = {}
    for kind, records in items.items():
        if kind not in mm.KIND_MAP:
            errors.append(
                FieldError(
                    f"items.{kind}",
                    "unknown_kind",
                    {"kind": kind, "allowed": ", ".join(mm.KIND_MAP)},
                    source,
                )
            )
            continue
        if not isinstance(records, list):
            errors.append(
                FieldError(
                    f"items.{kind}",
                    "bad_type",
                    {"expected": "daftar", "expected_en": "list"},
                    source,
                )
            )
            continue
        for index, record in enumerate(records):
            where = f"{source}: items.{kind}[{index}]"
            if not isinstance(record, dict):
                errors.append(
                    FieldError(
                        f"items.{kind}[{index}]",
                        "bad_type",
                        {"expected": "pemetaan", "expected_en": "mapping"},
                        where,
                    )
                )
                continue
            if record.get("key"):
                where += f" ({record['key']})"
            data = {k: v for k, v in record.items() if k != "relationships"}
            data["kind"] = kind
            bundle.items.append(ItemRecord(data=data, location=where))
            rels = record.get("relationships") or []
            if not isinstance(rels, list):
                errors.append(
                    FieldError(
                        "relationships",
                        "bad_type",
                        {"expected": "daftar", "expected_en": "list"},
                        where,
                    )
                )
                continue
            source_key = str(record.get("key") or mm.slugify(str(record.get("name") or "")))
            for r_index, rel in enumerate(rels):
                r_where = f"{where}.relationships[{r_index}]"
                if not isinstance(rel, dict) or not rel.get("type") or not rel.get("target"):
                    errors.append(FieldError("relationships", "required", {}, r_where))
                    continue
                attrs = {k: v for k, v in rel.items() if k not in ("type", "target")}
                bundle.relationships.append(
                    RelationshipRecord(
                        source=source_key,
                        type=str(rel["type"]),
                        target=str(rel["target"]),
                        attributes=attrs,
                        location=r_where,
                    )
                )
    if errors:
        raise Invalid(errors)
    return bundle


def read_bundle(path: Path) -> Bundle:
    return parse_bundle(path.read_text(encoding="utf-8"), path.name)


class _Flow(list[Any]):
    """A short list written on one line (`[RAA.02.02]`)."""


class _FlowMap(dict[str, Any]):
    """A short mapping written on one line (`{type: hosted_on, target: dc-pemda}`)."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)
_Dumper.add_representer(
    _FlowMap, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v.items(), flow_style=True)
)


def dump_bundle(bundle: dict[str, Any]) -> str:
    """Write a bundle document with stable ordering (kinds in meta-model order, keys sorted)."""
    return yaml.dump(bundle, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def government_document(gov: Government) -> dict[str, Any]:
    """The YAML document of a government: what the seed files hold, in a stable order."""
    outgoing: dict[str, list[dict[str, Any]]] = {}
    for rel in gov.relationships:
        outgoing.setdefault(rel["source"], []).append(
            _FlowMap(
                {
                    "type": rel["type"],
                    "target": rel["target"],
                    **dict(sorted(rel["attributes"].items())),
                }
            )
        )
    items: dict[str, list[dict[str, Any]]] = {}
    for item in gov.items:
        record: dict[str, Any] = {"key": item["key"], "name": item["name"]}
        if item["description"]:
            record["description"] = item["description"]
        if item["owner"]:
            record["owner"] = item["owner"]
        record["status"] = item["status"]
        if item["reference_codes"]:
            record["reference_codes"] = _Flow(item["reference_codes"])
        for name in ("attributes", "custom"):
            if item[name]:
                record[name] = _plain(item[name])
        if item["key"] in outgoing:
            record["relationships"] = outgoing[item["key"]]
        items.setdefault(item["kind"], []).append(record)
    instansi = {
        k: gov.instansi[k]
        for k in ("code", "name", "level", "reference_framework")
        if gov.instansi.get(k)
    }
    if gov.instansi.get("attributes"):
        instansi["attributes"] = _plain(gov.instansi["attributes"])
    return {"format": FORMAT, "instansi": instansi, "items": items}


def _plain(value: Any) -> Any:
    """Mappings with sorted keys, so diffs of two exports show only what changed."""
    if isinstance(value, dict):
        return {k: _plain(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def write_yaml(gov: Government) -> bytes:
    return dump_bundle(government_document(gov)).encode("utf-8")
