"""Graph analyses over HTTP: duplicates, impact, gaps. JSON only; the work is in
`registry.analyses` (shared with the CLI) and `registry.analysis` (pure functions)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get
from litestar.params import QueryParameter

from registry import analyses
from registry.analysis.gaps import GAP_KINDS
from registry.api.common import split_csv
from registry.errors import FieldError, Invalid

Instansi = Annotated[
    str | None,
    QueryParameter(description="Kode instansi / government code (kosong: semua / all)"),
]
Item = Annotated[
    str | None,
    QueryParameter(description="Kunci item atau <instansi>:<kunci> / item key or global ref"),
]


class AnalysisController(Controller):
    path = "/api/analysis"
    tags = ["Analisis / Analysis"]

    @get(
        "/duplicates",
        operation_id="analyseDuplicates",
        summary="Aplikasi duplikat / duplicate applications",
    )
    async def duplicates(self, instansi: Instansi = None, item: Item = None) -> dict[str, Any]:
        """Pairs with a score and reasons, clusters, `should_migrate_to` advice for local copies
        of national applications, and complements (similar but allowed to coexist)."""
        return (await analyses.duplicates(instansi, item)).to_dict()

    @get(
        "/impact",
        operation_id="analyseImpact",
        summary="Ketergantungan dan dampak / dependencies and impact",
    )
    async def impact(
        self,
        instansi: Annotated[str, QueryParameter(description="Kode instansi / government code")],
        item: Annotated[str, QueryParameter(description="Kunci item / item key or global ref")],
        max_depth: Annotated[
            int | None, QueryParameter(description="Kedalaman maksimum / maximum depth (1..)")
        ] = None,
    ) -> dict[str, Any]:
        """What the item depends on and what depends on it (depth and path), and the services
        and governments its failure takes down."""
        return (await analyses.impact_of(instansi, item, max_depth)).to_dict()

    @get("/gaps", operation_id="analyseGaps", summary="Celah integrasi / integration gaps")
    async def gaps(
        self,
        instansi: Instansi = None,
        item: Item = None,
        kind: Annotated[
            str | None,
            QueryParameter(
                description=f"Jenis celah, dipisah koma / gap kinds: {', '.join(GAP_KINDS)}"
            ),
        ] = None,
    ) -> dict[str, Any]:
        """Integration and coverage gaps, each with its items and a reason."""
        kinds = split_csv(kind)
        unknown = sorted(set(kinds or ()) - set(GAP_KINDS))
        if unknown:
            raise Invalid(
                [
                    FieldError(
                        "kind", "not_in_choices", {"value": v, "choices": ", ".join(GAP_KINDS)}
                    )
                    for v in unknown
                ]
            )
        report = (await analyses.gaps(instansi, item)).to_dict()
        if kinds:
            report["gaps"] = [g for g in report["gaps"] if g["kind"] in kinds]
        return report
