"""Quality of the duplicate analysis against hand labels: pairwise precision, recall and F1.

Labels are clusters of applications that duplicate each other (a YAML file with `clusters`,
each `members` and `why`). Both sides are compared as the set of pairs inside their clusters
(the usual measure for entity resolution), so a cluster found through different pairs still
counts whole.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

import yaml

from registry.analysis.results import DuplicateReport

__all__ = ["Quality", "cluster_pairs", "evaluate", "load_labels"]


@dataclass
class Quality:
    precision: float
    recall: float
    f1: float
    true_positives: int
    false_positives: list[tuple[str, str]] = field(default_factory=list)
    false_negatives: list[tuple[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 3),
            "recall": round(self.recall, 3),
            "f1": round(self.f1, 3),
            "true_positives": self.true_positives,
            "false_positives": [list(p) for p in self.false_positives],
            "false_negatives": [list(p) for p in self.false_negatives],
        }


def cluster_pairs(clusters: Iterable[Iterable[str]]) -> set[tuple[str, str]]:
    """Every pair inside each cluster, as sorted tuples."""
    return {(a, b) for c in clusters for a, b in combinations(sorted(set(c)), 2)}


def load_labels(path: Path) -> list[list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [list(c["members"]) for c in data.get("clusters") or []]


def evaluate(report: DuplicateReport, labels: list[list[str]]) -> Quality:
    """Pairwise precision, recall and F1 of a report's clusters against labelled clusters."""
    found = cluster_pairs(c.members for c in report.clusters)
    truth = cluster_pairs(labels)
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(precision, recall, f1, tp, sorted(found - truth), sorted(truth - found))
