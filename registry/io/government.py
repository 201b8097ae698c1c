"""One government as every exporter sees it: plain data in a stable order.

Built from the same registry snapshot as the graph (`registry.store.snapshot`), so a spreadsheet,
a YAML file and an ArchiMate model say the same thing. Relationship ends and owners inside the
government are plain keys, others global references `<instansi>:<key>`, so an export imports
into any database that holds the governments it refers to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from registry import metamodel as mm
from registry.store.snapshot import RegistrySnapshot, load_snapshot

KIND_ORDER = {name: index for index, name in enumerate(mm.KIND_MAP)}


@dataclass
class Government:
    instansi: dict[str, Any]  # code, name, level, reference_framework, attributes
    items: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    # items of other governments that relationships point at, by global reference
    external: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return str(self.instansi["code"])

    def local(self, ref: str | None) -> str | None:
        """A key for this government's items, the global reference for anything else."""
        if ref is None:
            return None
        prefix = f"{self.code}:"
        return ref[len(prefix) :] if ref.startswith(prefix) else ref


def item_sort_key(item: dict[str, Any]) -> tuple[int, str]:
    return KIND_ORDER.get(item["kind"], len(KIND_ORDER)), item["key"]


def government_from_snapshot(snapshot: RegistrySnapshot, code: str) -> Government:
    meta = next(g for g in snapshot.instansi if g["code"] == code)
    gov = Government(
        instansi={
            "code": meta["code"],
            "name": meta["name"],
            "level": meta["level"],
            "reference_framework": meta.get("reference_framework"),
            "attributes": meta.get("attributes") or {},
        }
    )
    for item in snapshot.items:
        if item["instansi"] != code:
            continue
        gov.items.append(
            {
                "kind": item["kind"],
                "key": item["key"],
                "name": item["name"],
                "description": item["description"] or "",
                "owner": gov.local(item["owner"]),
                "status": item["status"],
                "reference_codes": sorted(item["reference_codes"]),
                "attributes": item["attributes"],
                "custom": item["custom"],
            }
        )
    gov.items.sort(key=item_sort_key)
    for rel in snapshot.relationships:
        if rel["instansi"] != code:
            continue
        gov.relationships.append(
            {
                "source": gov.local(rel["source"]),
                "type": rel["type"],
                "target": gov.local(rel["target"]),
                "attributes": rel["attributes"],
            }
        )
    gov.relationships.sort(key=lambda r: (r["source"], r["type"], r["target"]))
    gov.external = {i["ref"]: i for i in sorted(snapshot.external_items, key=lambda i: i["ref"])}
    return gov


async def load_government(code: str) -> Government:
    """The live items and relationships of one government (deleted ones left out)."""
    snapshot = await load_snapshot([code], include_national=False)
    return government_from_snapshot(snapshot, code)
