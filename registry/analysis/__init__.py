"""Analyses as pure functions over the registry graph (`registry.graph`): graph in, typed
results with reasons out (`registry.analysis.results`). No database access here.

- `duplicates.find_duplicates(graph, instansi=None) -> DuplicateReport`
- `impact.impact(graph, ref, max_depth=None) -> ImpactReport` (also
  `single_points_of_failure`, `dependency_cycles`, `dependency_graph`)
- `gaps.find_gaps(graph, instansi=None) -> GapReport`
- `text`: Indonesian-aware normalisation (lexicon in `seed/analysis/duplicates.yaml`);
  `functions`: the narrow SPBE functions an application performs (lexicon in
  `seed/analysis/functions.yaml`); `quality`: precision, recall and F1 of a duplicate report
  against hand labels.
"""
