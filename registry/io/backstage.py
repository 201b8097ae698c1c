"""Backstage software catalog descriptors (`catalog-info.yaml`, multi-document) into a Bundle.

| Backstage | SPBE Registry |
|---|---|
| Group | `unit`; `spec.parent` → `part_of` the parent unit |
| Component | `application` (`spec.type` kept as `custom.backstage_type`) |
| System | `application`; its components are `part_of` it |
| API | `interface` (`spec.type` → attribute `protocol`, e.g. openapi, grpc) |
| Resource | `spec.type` database/db → `data_store`; server/vm → `server`; storage/bucket/s3-bucket → `storage`; cluster/kubernetes/cloud → `cloud`; network → `network_device`; anything else `platform_software` |
| Domain | `process` (a business area); its systems `supports` it |
| `metadata.name` / `title` / `description` | key / name / description |
| `spec.owner` (`ownedBy`) | `owner`, when it names a Group of the file (a user or an unknown group is reported) |
| `spec.lifecycle` | status: production → aktif, experimental/development → pengembangan, deprecated → nonaktif |
| `spec.dependsOn` | `uses` (component/API), `hosted_on` (server, cloud), `reads` (database) |
| `spec.providesApis` / `spec.consumesApis` | `provides` / `consumes` |
| `spec.system` / `spec.subcomponentOf` (`partOf`) | `part_of` |
| `metadata.links[0].url` | attribute `url` (application) or `endpoint_url` (API) |
| `metadata.tags`, `metadata.annotations`, lifecycle | `custom.backstage_tags`, `custom.backstage_annotations`, `custom.backstage_lifecycle` |

Keys are entity names; when two entities of different kinds share a name, the kind is prefixed
(`api-orders`). Entities and relations that do not map (User, Template, Location, a relation the
meta-model does not allow) are skipped and reported as warnings.
"""

from __future__ import annotations

from typing import Any

import yaml

from registry import metamodel as mm
from registry.errors import FieldError, Invalid
from registry.store.bulk import Bundle, ItemRecord, RelationshipRecord

KINDS = {"component": "application", "system": "application", "api": "interface", "group": "unit"}
KINDS_DOMAIN = "process"
RESOURCE_KINDS = {
    "database": "data_store",
    "db": "data_store",
    "server": "server",
    "vm": "server",
    "storage": "storage",
    "bucket": "storage",
    "s3-bucket": "storage",
    "cluster": "cloud",
    "kubernetes-cluster": "cloud",
    "cloud": "cloud",
    "network": "network_device",
}
LIFECYCLE = {
    "production": "aktif",
    "experimental": "pengembangan",
    "development": "pengembangan",
    "deprecated": "nonaktif",
}
DEPENDS_ON = ("uses", "hosted_on", "reads")


def _kind(entity: dict[str, Any]) -> str | None:
    kind = str(entity.get("kind", "")).lower()
    if kind == "resource":
        spec_type = str((entity.get("spec") or {}).get("type", "")).lower()
        return RESOURCE_KINDS.get(spec_type, "platform_software")
    if kind == "domain":
        return KINDS_DOMAIN
    return KINDS.get(kind)


def _ref(text: str, default_kind: str) -> tuple[str, str]:
    """`[kind:][namespace/]name` -> (kind, name), lower case like Backstage compares them."""
    kind, _, rest = text.rpartition(":") if ":" in text else (default_kind, "", text)
    name = rest.rsplit("/", 1)[-1]
    return (kind or default_kind).lower(), name.lower()


def read_backstage(sources: list[tuple[str, str]]) -> Bundle:
    bundle = Bundle(instansi={})
    errors: list[FieldError] = []
    entities: list[tuple[str, dict[str, Any]]] = []
    for name, text in sources:
        try:
            docs = list(yaml.safe_load_all(text))
        except yaml.YAMLError as exc:
            errors.append(FieldError("$", "bad_file", {"format": "YAML", "detail": str(exc)}, name))
            continue
        for index, doc in enumerate(docs, start=1):
            if doc is None:
                continue
            where = f"{name}: dokumen {index}"
            if not isinstance(doc, dict) or not str(doc.get("apiVersion", "")).startswith(
                "backstage.io/"
            ):
                errors.append(
                    FieldError(
                        "apiVersion",
                        "bad_file",
                        {"format": "Backstage", "detail": "apiVersion backstage.io/... expected"},
                        where,
                    )
                )
                continue
            metadata = doc.get("metadata") or {}
            if not isinstance(metadata, dict) or not metadata.get("name"):
                errors.append(FieldError("metadata.name", "required", {}, where))
                continue
            entities.append((where, doc))
    if errors:
        raise Invalid(errors)

    names: dict[str, set[str]] = {}
    for _, doc in entities:
        names.setdefault(str(doc["metadata"]["name"]).lower(), set()).add(
            str(doc.get("kind", "")).lower()
        )
    keys: dict[tuple[str, str], str] = {}  # (backstage kind, name) -> key
    kinds: dict[str, str] = {}  # key -> SPBE kind
    records: dict[str, ItemRecord] = {}
    for where, doc in entities:
        kind = _kind(doc)
        b_kind = str(doc.get("kind", "")).lower()
        name = str(doc["metadata"]["name"])
        if kind is None:
            bundle.warnings.append(
                FieldError(
                    "kind", "backstage_unmapped", {"kind": doc.get("kind"), "name": name}, where
                )
            )
            continue
        key = name if len(names[name.lower()]) == 1 else f"{b_kind}-{name}"
        keys[(b_kind, name.lower())] = key
        kinds[key] = kind
        records[key] = ItemRecord(data=_item(doc, kind, key), location=where)
    bundle.items.extend(records.values())

    def resolve(text: str, default_kind: str) -> str | None:
        return keys.get(_ref(str(text), default_kind))

    for where, doc in entities:
        b_kind = str(doc.get("kind", "")).lower()
        source = keys.get((b_kind, str(doc["metadata"]["name"]).lower()))
        if source is None:
            continue
        spec = doc.get("spec") or {}
        owner = spec.get("owner")
        if owner:
            unit = resolve(owner, "group")
            if unit is not None and kinds.get(unit) == "unit" and unit != source:
                records[source].data["owner"] = unit
            else:
                bundle.warnings.append(_unmapped("ownedBy", source, str(owner), where))
        links: list[tuple[str, Any, str, tuple[str, ...]]] = [
            ("partOf", spec.get("system"), "system", ("part_of",)),
            ("partOf", spec.get("subcomponentOf"), "component", ("part_of",)),
            ("partOf", spec.get("parent"), "group", ("part_of",)),
            ("partOf", spec.get("domain"), "domain", ("supports",)),
        ]
        links += [("dependsOn", t, "component", DEPENDS_ON) for t in spec.get("dependsOn") or []]
        links += [("providesApi", t, "api", ("provides",)) for t in spec.get("providesApis") or []]
        links += [("consumesApi", t, "api", ("consumes",)) for t in spec.get("consumesApis") or []]
        for relation, target_text, default_kind, candidates in links:
            if not target_text:
                continue
            target = resolve(target_text, default_kind)
            rel_type = next(
                (
                    t
                    for t in candidates
                    if target is not None
                    and target != source
                    and mm.RELATIONSHIP_MAP[t].allows(kinds[source], kinds[target])
                ),
                None,
            )
            if rel_type is None or target is None:
                bundle.warnings.append(_unmapped(relation, source, str(target_text), where))
                continue
            bundle.relationships.append(RelationshipRecord(source, rel_type, target, {}, where))
    return bundle


def _item(doc: dict[str, Any], kind: str, key: str) -> dict[str, Any]:
    metadata, spec = doc.get("metadata") or {}, doc.get("spec") or {}
    data: dict[str, Any] = {"kind": kind, "key": key, "name": str(metadata.get("title") or key)}
    if metadata.get("description"):
        data["description"] = str(metadata["description"])
    lifecycle = str(spec.get("lifecycle", "")).lower()
    status = LIFECYCLE.get(lifecycle)
    if status and status in mm.KIND_MAP[kind].statuses:
        data["status"] = status
    attributes: dict[str, Any] = {}
    links = metadata.get("links") or []
    url = links[0].get("url") if links and isinstance(links[0], dict) else None
    if url and kind == "application":
        attributes["url"] = url
    if url and kind == "interface":
        attributes["endpoint_url"] = url
    if kind == "interface" and spec.get("type"):
        attributes["protocol"] = str(spec["type"])
    if attributes:
        data["attributes"] = attributes
    custom: dict[str, Any] = {"backstage_kind": str(doc.get("kind"))}
    if spec.get("type") and kind != "interface":
        custom["backstage_type"] = str(spec["type"])
    if lifecycle:
        custom["backstage_lifecycle"] = lifecycle
    if metadata.get("tags"):
        custom["backstage_tags"] = list(metadata["tags"])
    if metadata.get("annotations"):
        custom["backstage_annotations"] = dict(metadata["annotations"])
    data["custom"] = custom
    return data


def _unmapped(relation: str, source: str, target: str, where: str) -> FieldError:
    return FieldError(
        "relationship",
        "backstage_unmapped_relation",
        {"relation": relation, "source": source, "target": target},
        where,
    )
