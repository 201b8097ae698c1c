"""Small builders shared by the tests (they go through the real store)."""

from __future__ import annotations

from typing import Any

from registry import store


async def government(
    code: str = "kab-uji", level: str = "kabupaten", name: str | None = None
) -> dict[str, Any]:
    return await store.create_instansi(
        {"code": code, "name": name or f"Kabupaten {code}", "level": level}, actor="test"
    )


async def item(
    code: str, kind: str, key: str, name: str | None = None, **fields: Any
) -> dict[str, Any]:
    return await store.create_item(
        code, {"kind": kind, "key": key, "name": name or key, **fields}, actor="test"
    )


async def relate(
    code: str, source: str, rel_type: str, target: str, **attributes: Any
) -> dict[str, Any]:
    return await store.create_relationship(
        code,
        {"source": source, "type": rel_type, "target": target, "attributes": attributes},
        actor="test",
    )


async def small_landscape(code: str = "kab-uji") -> None:
    """A government with a unit, two applications, a data set and a server."""
    await government(code)
    await item(code, "unit", "diskominfo", "Dinas Komunikasi dan Informatika")
    await item(
        code, "application", "simpeg", "SIMPEG", owner="diskominfo", reference_codes=["RAA.02.02"]
    )
    await item(code, "application", "e-office", "E-Office", owner="diskominfo")
    await item(code, "dataset", "data-pegawai", "Data Pegawai", owner="diskominfo")
    await item(code, "server", "srv-1", "Server 1")
    await relate(code, "simpeg", "writes", "data-pegawai")
    await relate(code, "e-office", "reads", "data-pegawai")
    await relate(code, "simpeg", "hosted_on", "srv-1")
    await relate(code, "e-office", "integrates_with", "simpeg", mechanism="direct_api")
