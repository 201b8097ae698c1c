"""The compliance audit: rule packs evaluated over the registry graph, and evaluation frameworks.

Pure functions, no database: `run_audit(graph, instansi, pack, settings=...)` returns an
`AuditReport`; `compute_index(framework, levels)` the index and predicate of a self-assessment;
`compare(current, previous)` the trend between two runs.
"""

from registry.analysis.audit.engine import run_audit
from registry.analysis.audit.findings import Findings, collect_findings
from registry.analysis.audit.frameworks import (
    Framework,
    IndexResult,
    compute_index,
    get_framework,
    load_frameworks,
    validate_levels,
)
from registry.analysis.audit.results import AuditReport
from registry.analysis.audit.rules import (
    RulePack,
    effective_rules,
    load_packs,
    select_pack,
    validate_setting,
)
from registry.analysis.audit.trend import compare

__all__ = [
    "AuditReport",
    "Findings",
    "Framework",
    "IndexResult",
    "RulePack",
    "collect_findings",
    "compare",
    "compute_index",
    "effective_rules",
    "get_framework",
    "load_frameworks",
    "load_packs",
    "run_audit",
    "select_pack",
    "validate_levels",
    "validate_setting",
]
