"""A graph straight from files, without a database: for labelled test fixtures, benchmarks and
quick what-ifs. The store remains the only way into the registry; this only reads.

Bundles are taken as they are (validation is the store's job): owners are matched like the
importer does (unit key, name, code or abbreviation), relationship ends by key or global ref.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from registry import metamodel as mm
from registry.graph import build_graph
from registry.store.bulk import Bundle
from registry.store.snapshot import RegistrySnapshot


def _norm(text: str) -> str:
    return " ".join(str(text).lower().split())


def snapshot_from_bundles(bundles: Iterable[Bundle]) -> RegistrySnapshot:
    snapshot = RegistrySnapshot(version="offline")
    rel_id = 0
    for bundle in bundles:
        code = bundle.instansi["code"]
        snapshot.instansi.append(
            {
                "code": code,
                "name": bundle.instansi.get("name", code),
                "level": bundle.instansi.get("level", "kabupaten"),
                "attributes": bundle.instansi.get("attributes") or {},
            }
        )
        units: dict[str, str] = {}
        items: list[dict[str, Any]] = []
        for record in bundle.items:
            data = record.data
            key = str(data.get("key") or mm.slugify(str(data.get("name", ""))))
            attrs = data.get("attributes") or {}
            item = {
                "ref": f"{code}:{key}",
                "instansi": code,
                "kind": data["kind"],
                "key": key,
                "name": str(data.get("name", key)),
                "description": str(data.get("description") or ""),
                "owner": data.get("owner"),
                "status": data.get("status") or "aktif",
                "reference_codes": sorted(data.get("reference_codes") or []),
                "attributes": dict(attrs),
                "custom": dict(data.get("custom") or {}),
            }
            items.append(item)
            if data["kind"] == "unit":
                for text in (key, item["name"], attrs.get("unit_code"), attrs.get("abbreviation")):
                    if text:
                        units.setdefault(_norm(text), item["ref"])
        for item in items:
            owner = item["owner"]
            item["owner"] = units.get(_norm(owner)) if owner else None
        snapshot.items.extend(items)
        for rel in bundle.relationships:
            rel_id += 1
            source = rel.source if ":" in rel.source else f"{code}:{rel.source}"
            target = rel.target if ":" in rel.target else f"{code}:{rel.target}"
            snapshot.relationships.append(
                {
                    "id": rel_id,
                    "instansi": code,
                    "type": rel.type,
                    "source": source,
                    "target": target,
                    "attributes": dict(rel.attributes),
                }
            )
    snapshot.items.sort(key=lambda i: i["ref"])
    return snapshot


def graph_from_bundles(bundles: Iterable[Bundle]) -> nx.MultiDiGraph:
    return build_graph(snapshot_from_bundles(bundles))
