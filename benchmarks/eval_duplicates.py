"""Quality of the duplicate analysis: pairwise precision, recall and F1 on the labelled
inventories (synthetic ones in tests/fixtures/duplicates, the demo's Aceh Utara and Sumedang, and
the real Kota Denpasar inventory labelled by hand). Each is read with the national catalogue.

    .venv/bin/python benchmarks/eval_duplicates.py [--details|--explain] [--held-out] [--folder DIR]

`--held-out` adds the inventories written and labelled apart from the matcher, one folder of
tests/fixtures/duplicates/ per round (GROUPS): leave them out while tuning, so that their figure
stays a measure of what generalises (benchmarks/README.md says which ones have since become
development data). `--folder DIR` scores the labelled inventories of any folder (`x.yaml` with
`x.labels.yaml`), `--only` nothing else; `--explain` prints each miss with its names, functions
and reasons.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from registry.analysis.duplicates import find_duplicates  # noqa: E402
from registry.analysis.quality import Quality, cluster_pairs, evaluate, load_labels  # noqa: E402
from registry.io.denpasar import read_denpasar  # noqa: E402
from registry.io.offline import graph_from_bundles  # noqa: E402
from registry.io.yaml_bundle import read_bundle  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "duplicates"
# written by another author who never saw the lexicon or the code; first scored on 2026-11-29
# the rounds of inventories written apart from the matcher, in order: (folder, label)
GROUPS = (
    ("held-out", "held-out"),
    ("independent", "independent"),
    ("round4-dev", "round-4 development"),
    ("sealed-1", "sealed 1"),
    ("sealed-2", "sealed 2"),
    ("sealed-3", "sealed 3"),
    ("sealed-4", "sealed 4"),
    ("sealed-5", "sealed 5"),
    ("sealed-6", "sealed 6"),
    ("sealed-7", "sealed 7"),
    ("sealed-8", "sealed 8"),
    ("sealed-9", "sealed 9"),
    ("sealed-10", "sealed 10"),
    ("sealed-11", "sealed 11"),
    ("sealed-12", "sealed 12"),
    ("sealed-13", "sealed 13"),
    ("sealed-14", "sealed 14"),
    ("sealed-15", "sealed 15"),
    ("sealed-16", "sealed 16"),
    ("sealed-17", "sealed 17"),
    ("sealed-18", "sealed 18"),
    ("sealed-19", "sealed 19"),
    ("sealed-20", "sealed 20"),
    ("sealed-21", "sealed 21"),
    ("sealed-22", "sealed 22"),
    ("sealed-23", "sealed 23"),
    ("sealed-24", "sealed 24"),
)
SEED = ROOT / "seed"
DENPASAR = ROOT.parent / "shared" / "data" / "denpasar"

# the demo's planted duplicates (seed/demo/README.md), as labelled clusters
DEMO_LABELS = {
    "aceh-utara": [
        ["sms-gateway-bpkd", "sms-gateway-dpmptsp", "sms-gateway-rsud"],
        ["sistem-antrian-dpmptsp", "antrian-online-rsud", "e-antrian-puskesmas"],
        ["rujukan-online-rsud", "rujukan-online-dinkes"],
        ["harga-pasar", "siharpa"],
        ["simgam", "sidega"],
        ["lapor-web", "lapor-android", "nasional:sp4n-lapor"],
        ["simpeg", "simpeg-setda", "nasional:siasn"],
        ["tnde", "e-surat", "nasional:srikandi"],
        ["e-kinerja-aceh-utara", "nasional:e-kinerja-bkn"],
        ["e-proc-lokal", "nasional:spse"],
        ["simduk", "nasional:siak"],
        ["simdik", "nasional:dapodik"],
    ],
    "sumedang": [],
}


def demo_labels(code: str) -> list[list[str]]:
    return [[m if ":" in m else f"{code}:{m}" for m in c] for c in DEMO_LABELS[code]]


def synthetic(folder: Path, national: object) -> list[tuple[str, list, list[list[str]], str]]:
    """The labelled synthetic inventories of a folder (`x.yaml` with `x.labels.yaml`)."""
    out = []
    for path in sorted(folder.glob("*.labels.yaml")):
        bundle = read_bundle(path.with_name(path.name.replace(".labels", "")))
        out.append(
            (
                path.stem.replace(".labels", ""),
                [national, bundle],
                load_labels(path),
                bundle.instansi["code"],
            )
        )
    return out


def cases(held_out: bool = False) -> list[tuple[str, list, list[list[str]], str]]:
    """(name, bundles, labels, government code) of every labelled inventory; the held-out
    ones (named "... (held-out)") only when asked."""
    national = read_bundle(SEED / "national" / "nasional.yaml")
    out = synthetic(FIXTURES, national)
    demo = [read_bundle(SEED / "demo" / f) for f in ("10-sumedang.yaml", "20-aceh-utara.yaml")]
    for code in DEMO_LABELS:
        out.append((f"demo {code}", [national, *demo], demo_labels(code), code))
    if DENPASAR.exists():
        out.append(
            (
                "Kota Denpasar (real, hand-labelled)",
                [national, read_denpasar(DENPASAR)],
                load_labels(FIXTURES / "denpasar-labels.yaml"),
                "denpasar",
            )
        )
    if held_out:
        for folder, label in GROUPS:
            out += [
                (f"{n} ({label})", *rest) for n, *rest in synthetic(FIXTURES / folder, national)
            ]
    return out


def pooled(qualities: list[Quality]) -> tuple[int, int, float, float, float]:
    """(labelled pairs, found pairs, precision, recall, F1) over several inventories."""
    tp = sum(q.true_positives for q in qualities)
    fp = sum(len(q.false_positives) for q in qualities)
    fn = sum(len(q.false_negatives) for q in qualities)
    p, r = tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0
    return tp + fn, tp + fp, p, r, 2 * p * r / (p + r) if p + r else 0.0


def _explain(graph: object, pair: object, *refs: str) -> None:
    """Names, descriptions and functions of a pair's applications, and the pair's reasons."""
    from registry.analysis.text import default_lexicon

    functions = default_lexicon().functions
    for ref in refs:
        d = graph.nodes[ref]  # type: ignore[attr-defined]
        attrs = d.get("attributes") or {}
        text = str(attrs.get("function") or d.get("description") or "")
        prof = functions.profile(d["name"], text) if functions else None
        named = sorted(functions.functions[f].key for f in prof.named) if prof else []
        desc = sorted(functions.functions[f].key for f in prof.described) if prof else []
        print(f"        {ref}: {d['name']!r} named={named} described={desc}")
        print(f"            {text[:160]!r}")
    if pair is not None:
        reasons = "; ".join(r.text_en for r in pair.reasons)  # type: ignore[attr-defined]
        print(f"        score {pair.score:.2f} (in a found pair): {reasons}")  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--details", action="store_true", help="list false positives/negatives")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="list false positives/negatives with names, functions and reasons",
    )
    parser.add_argument(
        "--held-out", action="store_true", help="add the held-out synthetic inventories"
    )
    parser.add_argument(
        "--folder",
        action="append",
        type=Path,
        default=[],
        help="also (with --only: only) score the labelled inventories of this folder",
    )
    parser.add_argument("--only", action="store_true", help="score only the --folder inventories")
    args = parser.parse_args()
    print("| inventory | apps | labelled pairs | found pairs | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    groups: dict[str, list[Quality]] = {"synthetic fixtures": []}
    national = read_bundle(SEED / "national" / "nasional.yaml")
    extra = [
        (f"{n} ({folder.name})", *rest)
        for folder in args.folder
        for n, *rest in synthetic(folder, national)
    ]
    todo = extra if args.only else cases(args.held_out) + extra
    for name, bundles, labels, code in todo:
        graph = graph_from_bundles(bundles)
        report = find_duplicates(graph, code)
        q = evaluate(report, labels)
        apps = sum(
            1
            for _, d in graph.nodes(data=True)
            if d["kind"] == "application" and d["instansi"] == code
        )
        found = len(cluster_pairs(c.members for c in report.clusters))
        print(
            f"| {name} | {apps} | {len(cluster_pairs(labels))} | {found} | "
            f"{q.precision:.2f} | {q.recall:.2f} | {q.f1:.2f} |"
        )
        if name.endswith(")"):
            groups.setdefault(name.rsplit("(", 1)[1][:-1], []).append(q)
        elif not name.startswith(("demo", "Kota")):
            groups["synthetic fixtures"].append(q)
        if args.details or args.explain:
            pairs = {(p.a, p.b): p for p in report.pairs} | {(p.b, p.a): p for p in report.pairs}
            for kind, found_pairs in (("FP", q.false_positives), ("FN", q.false_negatives)):
                for a, b in found_pairs:
                    print(f"    {kind} {a} {b}")
                    if args.explain:
                        _explain(graph, pairs.get((a, b)), a, b)
    for label, qualities in groups.items():
        if qualities:
            truth, found, p, r, f1 = pooled(qualities)
            print(f"| {label}, pooled | | {truth} | {found} | {p:.2f} | {r:.2f} | {f1:.2f} |")


if __name__ == "__main__":
    main()
