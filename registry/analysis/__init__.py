"""Analyses as pure functions over the registry graph (`registry.graph`): graph in, typed
results with reasons out (`registry.analysis.results`). No database access here.

Planned public functions (one module each):

- `duplicates.find_duplicates(graph, instansi=None) -> DuplicateReport`
- `impact.impact(graph, ref, max_depth=None) -> ImpactReport`
- `gaps.find_gaps(graph, instansi=None) -> GapReport`
"""
