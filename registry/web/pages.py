"""HTML pages. For now the root page: where the visitor is, the governments, and the API docs."""

from __future__ import annotations

from litestar import Controller, get
from litestar.response import Template

from registry import __version__, store
from registry import metamodel as mm

# The columns of the overview: the kinds a planner counts first.
OVERVIEW_KINDS = ("unit", "process", "service", "application", "dataset", "interface")


class PageController(Controller):
    include_in_schema = False

    @get("/")
    async def index(self) -> Template:
        governments = await store.list_instansi()
        infra = set(mm.kinds_in_layer("infrastructure"))
        rows = []
        for g in governments:
            counts = g["counts"]
            rows.append(
                {
                    **g,
                    "cells": [counts.get(k, 0) for k in OVERVIEW_KINDS],
                    "infrastructure": sum(n for k, n in counts.items() if k in infra),
                    "security": counts.get("security", 0),
                }
            )
        return Template(
            template_name="index.html",
            context={
                "version": __version__,
                "governments": rows,
                "kinds": [mm.KIND_MAP[k] for k in OVERVIEW_KINDS],
                "levels": {c.value: c.label_id for c in mm.INSTANSI_LEVELS},
            },
        )
