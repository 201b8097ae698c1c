"""Graphs for the analysis tests, read straight from the seed and fixture files (no database)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import networkx as nx

from registry.config import PROJECT_ROOT
from registry.io.offline import graph_from_bundles
from registry.io.yaml_bundle import read_bundle
from registry.store.bulk import Bundle, ItemRecord

SEED = PROJECT_ROOT / "seed"
FIXTURES = Path(__file__).parent / "fixtures" / "duplicates"
DENPASAR = PROJECT_ROOT.parent / "shared" / "data" / "denpasar"


def national() -> Bundle:
    return read_bundle(SEED / "national" / "nasional.yaml")


@cache
def demo_graph() -> nx.MultiDiGraph:
    """The national catalogue and both demo governments, as `spbe seed --demo` loads them."""
    return graph_from_bundles(
        [
            national(),
            read_bundle(SEED / "demo" / "10-sumedang.yaml"),
            read_bundle(SEED / "demo" / "20-aceh-utara.yaml"),
        ]
    )


def aceh(*keys: str) -> list[str]:
    return [k if ":" in k else f"aceh-utara:{k}" for k in keys]


def app_bundle(code: str, apps: list[tuple[str, str, str]], **attributes: object) -> Bundle:
    """A kabupaten of applications given as (key, name, function), each with `attributes`."""
    return Bundle(
        {"code": code, "name": f"Kabupaten {code}", "level": "kabupaten"},
        [
            ItemRecord(
                {
                    "kind": "application",
                    "key": k,
                    "name": n,
                    "attributes": {"function": f, **attributes},
                }
            )
            for k, n, f in apps
        ],
    )
