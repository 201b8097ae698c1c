"""Adapter for the real Kota Denpasar application inventory (`units.csv`, `inventory.csv`).

The files come from Diskominfo Denpasar's SPBE monitoring tool (see their README). The mapping:

| Denpasar column | SPBE Registry |
|---|---|
| `units.csv` unit_code, unit_name | a `unit` item: key = unit_code, name, `attributes.unit_code` |
| `units.csv` parent | `part_of` relationship to the parent unit |
| `inventory.csv` app_id | key `app-<id>` (names repeat: three "SMS Gateway") and `custom.dps_app_id` |
| name, function | name; description and `attributes.function` |
| category Pusat / Lokal | `attributes.origin` aplikasi_khusus_kl / aplikasi_khusus_pemda |
| classification Umum / Khusus | `custom.klasifikasi` only: locally "Umum" means "shared across OPD", not "designated by MenPANRB" (DOMAIN.md §10.1), so it is never read as origin aplikasi_umum |
| platform, url, legal_basis, year_built, inputs, outputs, database, language | attributes platform, url, legal_basis, year_built, inputs, outputs, dbms, language |
| owner_unit | `owner` (matched by unit name) |
| developer_unit, user_unit | attributes developer, user_units |
| status aktif / nonaktif | status |
| integrated yes / no | `attributes.interoperability_claimed` |
| integration_info, integrates_with | `custom.info_versi`, `custom.terintegrasi_dengan` (free text, kept as found) |

Nothing is corrected: typos, malformed URLs and mis-coded categories stay as the city recorded
them, so analyses meet real data.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from registry.store.bulk import Bundle, ItemRecord, RelationshipRecord

INSTANSI = {
    "code": "denpasar",
    "name": "Kota Denpasar",
    "level": "kota",
    "attributes": {
        "province": "Bali",
        "source": "putuokky/monev-spbe-dps, database/indeksdp_db_indeks.sql (2022-05-09)",
        "note": "Inventaris nyata Diskominfo Denpasar sekitar 2019-2022 / real inventory",
    },
}
ORIGIN = {"Pusat": "aplikasi_khusus_kl", "Lokal": "aplikasi_khusus_pemda"}
ATTRIBUTE_COLUMNS = {
    "function": "function",
    "platform": "platform",
    "url": "url",
    "legal_basis": "legal_basis",
    "year_built": "year_built",
    "inputs": "inputs",
    "outputs": "outputs",
    "database": "dbms",
    "language": "language",
    "developer_unit": "developer",
    "user_unit": "user_units",
}


def is_denpasar_folder(path: Path) -> bool:
    return path.is_dir() and (path / "inventory.csv").exists() and (path / "units.csv").exists()


def read_denpasar(folder: Path) -> Bundle:
    bundle = Bundle(instansi=dict(INSTANSI))
    with (folder / "units.csv").open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            where = f"units.csv: baris {line}"
            bundle.items.append(
                ItemRecord(
                    {
                        "kind": "unit",
                        "key": row["unit_code"],
                        "name": row["unit_name"],
                        "attributes": {"unit_code": row["unit_code"]},
                    },
                    where,
                )
            )
            if row.get("parent"):
                bundle.relationships.append(
                    RelationshipRecord(row["unit_code"], "part_of", row["parent"], {}, where)
                )
    with (folder / "inventory.csv").open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            attributes: dict[str, Any] = {
                target: row[column]
                for column, target in ATTRIBUTE_COLUMNS.items()
                if row.get(column)
            }
            if row.get("category") in ORIGIN:
                attributes["origin"] = ORIGIN[row["category"]]
            if row.get("integrated") in ("yes", "no"):
                attributes["interoperability_claimed"] = row["integrated"] == "yes"
            custom = {"dps_app_id": int(row["app_id"])}
            for column, name in (
                ("classification", "klasifikasi"),
                ("category", "kategori"),
                ("integration_info", "info_versi"),
                ("integrates_with", "terintegrasi_dengan"),
            ):
                if row.get(column):
                    custom[name] = row[column]
            bundle.items.append(
                ItemRecord(
                    {
                        "kind": "application",
                        "key": f"app-{int(row['app_id']):03d}",
                        "name": row["name"],
                        "description": row.get("function") or "",
                        "owner": row.get("owner_unit") or None,
                        "status": row.get("status") or "aktif",
                        "attributes": attributes,
                        "custom": custom,
                    },
                    f"inventory.csv: baris {line}",
                )
            )
    return bundle
