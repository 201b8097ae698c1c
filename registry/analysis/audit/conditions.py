"""The condition vocabulary of rule packs: small, composable, declarative, evaluated on the graph.

A condition is a mapping with one operator key (plus an optional `label` / `label_en` that
replaces the generated explanation):

========================  ===================================================================
``all: [c, ...]``          every condition holds
``any: [c, ...]``          at least one holds
``not: c``                 the condition does not hold
``attr: NAME, OP: V``      an attribute of the item (OP: present, equals, in, gte, gt, lte, lt,
                           within_days); on a relationship (`related.edge`) the edge's attributes
``field: NAME, OP: V``     a field of the item: kind, status, owner, key, name, national
``classified: {...}``      the item has a reference code: ``domain`` (RAB.., or ``primary``, the
                           kind's first domain), ``min_level``, ``under`` (a code and below)
``related: {...}``         relationships of ``type`` (one or a list) in ``direction`` (out, in,
                           any) to items of ``kind`` satisfying ``where`` and whose relationship
                           satisfies ``edge``; ``transitive`` follows the type repeatedly; holds
                           when ``min`` (default 1) <= count <= ``max``
``count: {...}``           items of the government of ``kind`` satisfying ``where``, between
                           ``min`` and ``max`` (for rules whose scope is the government)
``finding: KIND``          an analysis finding of that kind names the item (see `findings`)
========================  ===================================================================

Any value may be ``$name``, a parameter of the rule that a government may tune.

Evaluation pushes negation down to the leaves, so a failure is explained by the leaves that did
not hold ("Ada cadangan (backup) harus 'ya' (sekarang: 'tidak')"), in Bahasa Indonesia and English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from registry import metamodel as mm
from registry.errors import FieldError

# --------------------------------------------------------------------------------------------
# Texts


@dataclass(frozen=True)
class Text:
    id: str
    en: str

    def join(self, other: Text, sep: str = "; ") -> Text:
        return Text(f"{self.id}{sep}{other.id}", f"{self.en}{sep}{other.en}")


def join_texts(texts: Iterable[Text], sep: str = "; ", sep_en: str | None = None) -> Text:
    items = list(texts)
    return Text(sep.join(t.id for t in items), (sep_en or sep).join(t.en for t in items))


class FindingsUnavailable(Exception):
    """A condition needs an analysis that is not available; the rule is not evaluated."""

    def __init__(self, kind: str):
        self.kind = kind
        super().__init__(kind)


# --------------------------------------------------------------------------------------------
# Evaluation context


@dataclass(frozen=True)
class FindingRef:
    """One analysis finding naming an item (built by `findings.collect_findings`)."""

    kind: str
    reason: str
    reason_en: str


# What a condition is evaluated on: an item (its global reference), or a relationship's
# attributes dressed as an item ({"kind": "relationship:<type>", "attributes": {...}}).
Subject = str | dict[str, Any]


@dataclass
class Context:
    graph: nx.MultiDiGraph
    instansi: str
    as_of: dt.date
    findings: Mapping[str, Mapping[str, list[FindingRef]]] = field(default_factory=dict)
    available_findings: frozenset[str] = frozenset()
    # code -> (domain, level) of the government's reference framework; codes that are not in
    # it fall back to the code's own shape (prefix, number of segments).
    reference: Mapping[str, tuple[str, int]] = field(default_factory=dict)
    params: Mapping[str, Any] = field(default_factory=dict)

    def node(self, ref: Subject) -> dict[str, Any]:
        return ref if isinstance(ref, dict) else self.graph.nodes[ref]

    def own_items(self) -> list[str]:
        return sorted(
            n
            for n, d in self.graph.nodes(data=True)
            if d["instansi"] == self.instansi and not d.get("external")
        )

    def resolve(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("$"):
            return self.params[value[1:]]
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value

    def code_info(self, code: str) -> tuple[str, int]:
        if code in self.reference:
            return self.reference[code]
        parts = code.split(".")
        return parts[0], max(1, len(parts) - 1)


# --------------------------------------------------------------------------------------------
# Labels and values in both languages

_FIELD_LABELS = {
    "kind": Text("Jenis item", "Item kind"),
    "status": Text("Status", "Status"),
    "owner": Text("Pemilik (OPD)", "Owner (OPD)"),
    "key": Text("Kunci", "Key"),
    "name": Text("Nama", "Name"),
    "national": Text("Item nasional", "National item"),
}
_YES, _NO = Text("ya", "yes"), Text("tidak", "no")
_EMPTY = Text("tidak diisi", "not filled in")


def _attr_spec(kind: str | None, name: str) -> mm.Attribute | None:
    if kind and kind in mm.KIND_MAP:
        spec = mm.KIND_MAP[kind].attribute_map.get(name)
        if spec:
            return spec
    if kind and kind.startswith("relationship:"):
        rel = mm.RELATIONSHIP_MAP.get(kind.split(":", 1)[1])
        return rel.attribute_map.get(name) if rel else None
    return None


def attr_label(kind: str | None, name: str) -> Text:
    spec = _attr_spec(kind, name)
    return Text(spec.label_id, spec.label_en) if spec else Text(name, name)


def kind_label(kind: str) -> Text:
    spec = mm.KIND_MAP.get(kind)
    return Text(spec.label_id, spec.label_en) if spec else Text(kind, kind)


def kinds_label(kinds: Iterable[str]) -> Text:
    return join_texts((kind_label(k) for k in kinds), "/", "/")


def relationship_label(rel_type: str, direction: str) -> Text:
    spec = mm.OWNS if rel_type == "owns" else mm.RELATIONSHIP_MAP.get(rel_type)
    if spec is None:
        return Text(rel_type, rel_type)
    if direction == "in":
        return Text(spec.inverse_id, spec.inverse_en)
    return Text(spec.label_id, spec.label_en)


def format_value(value: Any, spec: mm.Attribute | None = None) -> Text:
    if value is None or value == [] or value == "":
        return _EMPTY
    if isinstance(value, bool):
        return _YES if value else _NO
    if isinstance(value, list | tuple | set | frozenset):
        return join_texts((format_value(v, spec) for v in value), ", ")
    if spec and spec.choices:
        choice = next((c for c in spec.choices if c.value == value), None)
        if choice:
            return Text(choice.label_id, choice.label_en)
    return Text(str(value), str(value))


# --------------------------------------------------------------------------------------------
# Conditions


class Condition:
    label: Text | None = None

    def test(self, ctx: Context, ref: Subject) -> bool:
        """A leaf's answer; combinations are evaluated by `check`."""
        raise NotImplementedError

    def describe(self, ctx: Context, kind: str | None = None) -> Text:
        """The requirement, in positive form (`kind`: the kind of item it is about, if known)."""
        raise NotImplementedError

    def fail_reason(self, ctx: Context, ref: Subject, negate: bool) -> Text:
        """Why this leaf did not give the wanted answer (`negate`: it was wanted false)."""
        if negate:
            return Text(
                f"tidak boleh: {self.describe(ctx).id}", f"must not: {self.describe(ctx).en}"
            )
        return self.describe(ctx)

    def params(self) -> set[str]:
        """Names of the `$parameters` this condition uses."""
        return set()

    def findings(self) -> set[str]:
        return set()


def check(
    cond: Condition, ctx: Context, ref: Subject, negate: bool = False
) -> tuple[bool, list[Text]]:
    """Whether `cond` holds (or, with `negate`, does not hold) for the item, and if not, why."""
    if isinstance(cond, Not):
        ok, reasons = check(cond.item, ctx, ref, not negate)
    elif isinstance(cond, All | Any_):
        # De Morgan: a negated `all` is an `any` of negated children, and the other way round.
        conjunctive = isinstance(cond, All) != negate
        results = [check(c, ctx, ref, negate) for c in cond.items]
        if conjunctive:
            ok = all(r[0] for r in results)
            reasons = [t for r in results if not r[0] for t in r[1]]
        else:
            ok = any(r[0] for r in results)
            reasons = (
                [] if ok else [join_texts((join_texts(r[1]) for r in results), " ATAU ", " OR ")]
            )
    else:
        ok = cond.test(ctx, ref) != negate
        reasons = [] if ok else [cond.fail_reason(ctx, ref, negate)]
    if not ok and cond.label is not None and isinstance(cond, All | Any_ | Not):
        # Leaves put their label into their own reason; a combination prefixes its details.
        label = (
            cond.label
            if not negate
            else Text(f"tidak boleh: {cond.label.id}", f"must not: {cond.label.en}")
        )
        reasons = [label.join(join_texts(reasons), ": ")] if reasons else [label]
    return ok, reasons


def holds(cond: Condition | None, ctx: Context, ref: Subject) -> bool:
    return True if cond is None else check(cond, ctx, ref)[0]


@dataclass
class All(Condition):
    items: list[Condition]
    label: Text | None = None

    def describe(self, ctx: Context, kind: str | None = None) -> Text:
        return self.label or join_texts(
            (c.describe(ctx, kind) for c in self.items), " DAN ", " AND "
        )

    def params(self) -> set[str]:
        return set().union(*(c.params() for c in self.items))

    def findings(self) -> set[str]:
        return set().union(*(c.findings() for c in self.items))


@dataclass
class Any_(Condition):
    items: list[Condition]
    label: Text | None = None

    def describe(self, ctx: Context, kind: str | None = None) -> Text:
        return self.label or join_texts(
            (c.describe(ctx, kind) for c in self.items), " ATAU ", " OR "
        )

    def params(self) -> set[str]:
        return set().union(*(c.params() for c in self.items))

    def findings(self) -> set[str]:
        return set().union(*(c.findings() for c in self.items))


@dataclass
class Not(Condition):
    item: Condition
    label: Text | None = None

    def describe(self, ctx: Context, kind: str | None = None) -> Text:
        inner = self.item.describe(ctx, kind)
        return self.label or Text(f"bukan ({inner.id})", f"not ({inner.en})")

    def params(self) -> set[str]:
        return self.item.params()

    def findings(self) -> set[str]:
        return self.item.findings()


# ---- comparisons shared by `attr` and `field`

OPERATORS = ("present", "equals", "in", "gte", "gt", "lte", "lt", "within_days")
_OP_TEXT = {
    "equals": ("=", "="),
    "in": ("salah satu dari", "one of"),
    "gte": ("≥", "≥"),
    "gt": (">", ">"),
    "lte": ("≤", "≤"),
    "lt": ("<", "<"),
}


def _compare(op: str, actual: Any, wanted: Any, as_of: dt.date) -> bool:
    if op == "present":
        filled = actual not in (None, "", [])
        return filled == bool(wanted)
    if actual is None:
        return False
    if op == "equals":
        return actual == wanted
    if op == "in":
        values = wanted if isinstance(wanted, list | tuple | set) else [wanted]
        if isinstance(actual, list):
            return any(a in values for a in actual)
        return actual in values
    if op == "within_days":
        try:
            when = dt.date.fromisoformat(str(actual)[:10])
        except ValueError:
            return False
        return 0 <= (as_of - when).days <= int(wanted)
    try:
        return {
            "gte": lambda: actual >= wanted,
            "gt": lambda: actual > wanted,
            "lte": lambda: actual <= wanted,
            "lt": lambda: actual < wanted,
        }[op]()
    except TypeError:
        return False


@dataclass
class Compare(Condition):
    """`attr` (item or edge attributes) and `field` (item fields) comparisons."""

    source: str  # "attr" | "field"
    name: str
    op: str
    value: Any
    label: Text | None = None

    def actual(self, ctx: Context, ref: Subject) -> Any:
        data = ctx.node(ref)
        if self.source == "attr":
            return data.get("attributes", {}).get(self.name)
        if self.name == "owner":
            return (data.get("owner") or "").split(":", 1)[-1] or None
        return data.get(self.name)

    def test(self, ctx: Context, ref: Subject) -> bool:
        return _compare(self.op, self.actual(ctx, ref), ctx.resolve(self.value), ctx.as_of)

    def _label(self, kind: str | None) -> Text:
        if self.source == "field":
            return _FIELD_LABELS.get(self.name, Text(self.name, self.name))
        return attr_label(kind, self.name)

    def _statement(self, ctx: Context, kind: str | None) -> Text:
        label = self._label(kind)
        spec = _attr_spec(kind, self.name) if self.source == "attr" else None
        wanted = ctx.resolve(self.value)
        if self.op == "present":
            if wanted:
                return Text(f"{label.id} terisi", f"{label.en} filled in")
            return Text(f"{label.id} kosong", f"{label.en} empty")
        if self.op == "within_days":
            return Text(
                f"{label.id} dalam {wanted} hari terakhir (per {ctx.as_of.isoformat()})",
                f"{label.en} within the last {wanted} days (as of {ctx.as_of.isoformat()})",
            )
        op_id, op_en = _OP_TEXT[self.op]
        value = format_value(wanted, spec)
        return Text(f"{label.id} {op_id} '{value.id}'", f"{label.en} {op_en} '{value.en}'")

    def describe(self, ctx: Context, kind: str | None = None) -> Text:
        return self.label or self._statement(ctx, kind)

    def fail_reason(self, ctx: Context, ref: Subject, negate: bool) -> Text:
        data = ctx.node(ref)
        kind = data.get("kind")
        spec = _attr_spec(kind, self.name) if self.source == "attr" else None
        now = format_value(self.actual(ctx, ref), spec)
        if self.op == "present" and ctx.resolve(self.value) and not negate and not self.label:
            label = self._label(kind)
            return Text(f"{label.id} belum diisi", f"{label.en} is missing")
        base = self.label or self._statement(ctx, kind)
        prefix = ("tidak boleh", "not allowed") if negate else ("harus", "required")
        return Text(
            f"{prefix[0]}: {base.id} (sekarang: '{now.id}')",
            f"{prefix[1]}: {base.en} (now: '{now.en}')",
        )

    def params(self) -> set[str]:
        return _param_names(self.value)


def _param_names(value: Any) -> set[str]:
    if isinstance(value, str) and value.startswith("$"):
        return {value[1:]}
    if isinstance(value, list):
        return set().union(*(_param_names(v) for v in value)) if value else set()
    return set()


@dataclass
class Classified(Condition):
    domain: str | None = None  # "primary": the kind's first reference domain
    min_level: Any = None
    under: str | None = None
    label: Text | None = None

    def _domain(self, kind: str) -> str | None:
        if self.domain == "primary":
            spec = mm.KIND_MAP.get(kind)
            return spec.reference_domains[0] if spec and spec.reference_domains else None
        return self.domain

    def matching(self, ctx: Context, ref: str) -> list[str]:
        data = ctx.node(ref)
        domain = self._domain(data["kind"])
        min_level = ctx.resolve(self.min_level)
        out = []
        for code in data.get("reference_codes") or []:
            code_domain, level = ctx.code_info(code)
            if domain and code_domain != domain:
                continue
            if min_level is not None and level < int(min_level):
                continue
            if self.under and not (code == self.under or code.startswith(self.under + ".")):
                continue
            out.append(code)
        return out

    def test(self, ctx: Context, ref: Subject) -> bool:
        return bool(self.matching(ctx, ref))

    def _text(self, ctx: Context, kind: str | None) -> Text:
        parts_id, parts_en = (
            ["terklasifikasi dengan kode referensi"],
            ["classified by a reference code"],
        )
        domain = self._domain(kind) if kind else self.domain
        if domain == "primary":
            parts_id.append("di domain utamanya")
            parts_en.append("in its primary domain")
        elif domain:
            parts_id.append(f"domain {domain}")
            parts_en.append(f"of domain {domain}")
        if self.under:
            parts_id.append(f"di bawah {self.under}")
            parts_en.append(f"under {self.under}")
        if self.min_level is not None:
            level = ctx.resolve(self.min_level)
            parts_id.append(f"pada level ≥ {level}")
            parts_en.append(f"at level ≥ {level}")
        return Text(" ".join(parts_id), " ".join(parts_en))

    def describe(self, ctx: Context, kind: str | None = None) -> Text:
        return self.label or self._text(ctx, kind)

    def fail_reason(self, ctx: Context, ref: Subject, negate: bool) -> Text:
        data = ctx.node(ref)
        base = self.label or self._text(ctx, data["kind"])
        codes = ", ".join(data.get("reference_codes") or []) or "-"
        if negate:
            return Text(
                f"tidak boleh {base.id} (kode: {', '.join(self.matching(ctx, ref))})",
                f"must not be {base.en} (codes: {', '.join(self.matching(ctx, ref))})",
            )
        return Text(
            f"harus {base.id} (kode sekarang: {codes})", f"must be {base.en} (codes now: {codes})"
        )

    def params(self) -> set[str]:
        return _param_names(self.min_level)


@dataclass
class Related(Condition):
    types: list[str]
    direction: str = "out"  # out | in | any
    kinds: list[str] = field(default_factory=list)
    where: Condition | None = None
    edge: Condition | None = None
    transitive: bool = False
    min: Any = 1
    max: Any = None
    label: Text | None = None

    MAX_DEPTH = 8  # hosting chains are short; a bound keeps a bad cycle from running long

    def _steps(self, ctx: Context, ref: str) -> Iterable[tuple[str, dict[str, Any]]]:
        graph = ctx.graph
        if self.direction in ("out", "any"):
            for _, other, data in graph.out_edges(ref, data=True):
                if data["type"] in self.types:
                    yield other, data
        if self.direction in ("in", "any"):
            for other, _, data in graph.in_edges(ref, data=True):
                if data["type"] in self.types:
                    yield other, data

    def _edge_ok(self, ctx: Context, data: dict[str, Any]) -> bool:
        if self.edge is None:
            return True
        pseudo = {
            "kind": f"relationship:{data['type']}",
            "attributes": data.get("attributes") or {},
        }
        return holds(self.edge, ctx, pseudo)

    def reached(self, ctx: Context, ref: str) -> list[str]:
        """Items reached through the relationship (transitively when asked), in stable order."""
        seen: dict[str, None] = {}
        frontier = [ref]
        for _ in range(self.MAX_DEPTH if self.transitive else 1):
            nxt = []
            for current in frontier:
                for other, data in self._steps(ctx, current):
                    if other != ref and other not in seen and self._edge_ok(ctx, data):
                        seen[other] = None
                        nxt.append(other)
            if not nxt:
                break
            frontier = nxt
        return list(seen)

    def matches(self, ctx: Context, ref: str) -> tuple[list[str], list[str]]:
        """(matching items, reached items of the right kind that did not match `where`)."""
        hits, misses = [], []
        for other in self.reached(ctx, ref):
            if self.kinds and ctx.node(other)["kind"] not in self.kinds:
                continue
            (hits if holds(self.where, ctx, other) else misses).append(other)
        return hits, misses

    def _bounds(self, ctx: Context) -> tuple[int, int | None]:
        low = ctx.resolve(self.min)
        high = ctx.resolve(self.max)
        return int(low or 0), (int(high) if high is not None else None)

    def test(self, ctx: Context, ref: Subject) -> bool:
        low, high = self._bounds(ctx)
        n = len(self.matches(ctx, ref)[0])
        return n >= low and (high is None or n <= high)

    def _text(self, ctx: Context) -> Text:
        rel = join_texts((relationship_label(t, self.direction) for t in self.types), "/", "/")
        target = kinds_label(self.kinds) if self.kinds else Text("item", "item")
        low, high = self._bounds(ctx)
        via = (
            Text(" (langsung atau melalui rantai)", " (directly or through a chain)")
            if self.transitive
            else Text("", "")
        )
        hint = self.kinds[0] if len(self.kinds) == 1 else None
        where = self.where.describe(ctx, hint) if self.where else None
        cond = Text(f" dengan {where.id}", f" with {where.en}") if where else Text("", "")
        if high is None:
            amount = Text(f"minimal {low}", f"at least {low}")
        elif low == high:
            amount = Text(f"tepat {low}", f"exactly {low}")
        else:
            amount = Text(f"{low} sampai {high}", f"{low} to {high}")
        return Text(
            f"relasi '{rel.id}'{via.id} ke {amount.id} {target.id}{cond.id}",
            f"'{rel.en}' relationship{via.en} to {amount.en} {target.en}{cond.en}",
        )

    def describe(self, ctx: Context, kind: str | None = None) -> Text:
        return self.label or self._text(ctx)

    def fail_reason(self, ctx: Context, ref: Subject, negate: bool) -> Text:
        hits, misses = self.matches(ctx, ref)
        base = self.label or self._text(ctx)
        found = [ctx.node(n)["name"] for n in (hits if negate else misses)][:6]
        extra_id = f"; ditemukan {len(hits)}" + (
            f" (terhubung ke: {', '.join(found)})" if found else ""
        )
        extra_en = f"; found {len(hits)}" + (f" (linked to: {', '.join(found)})" if found else "")
        if negate:
            return Text(
                f"tidak boleh ada {base.id}{extra_id}", f"must not have {base.en}{extra_en}"
            )
        return Text(f"harus ada {base.id}{extra_id}", f"needs {base.en}{extra_en}")

    def params(self) -> set[str]:
        out = _param_names(self.min) | _param_names(self.max)
        for sub in (self.where, self.edge):
            if sub:
                out |= sub.params()
        return out

    def findings(self) -> set[str]:
        return self.where.findings() if self.where else set()


@dataclass
class Count(Condition):
    kinds: list[str] = field(default_factory=list)
    where: Condition | None = None
    min: Any = None
    max: Any = None
    label: Text | None = None

    def matching(self, ctx: Context) -> list[str]:
        return [
            n
            for n in ctx.own_items()
            if (not self.kinds or ctx.node(n)["kind"] in self.kinds) and holds(self.where, ctx, n)
        ]

    def _bounds(self, ctx: Context) -> tuple[int | None, int | None]:
        low, high = ctx.resolve(self.min), ctx.resolve(self.max)
        return (int(low) if low is not None else None, int(high) if high is not None else None)

    def test(self, ctx: Context, ref: Subject) -> bool:
        n = len(self.matching(ctx))
        low, high = self._bounds(ctx)
        return (low is None or n >= low) and (high is None or n <= high)

    def _text(self, ctx: Context) -> Text:
        what = kinds_label(self.kinds) if self.kinds else Text("item", "items")
        hint = self.kinds[0] if len(self.kinds) == 1 else None
        where = self.where.describe(ctx, hint) if self.where else None
        cond = Text(f" dengan {where.id}", f" with {where.en}") if where else Text("", "")
        low, high = self._bounds(ctx)
        bounds_id = " dan ".join(
            x
            for x in (
                f"≥ {low}" if low is not None else "",
                f"≤ {high}" if high is not None else "",
            )
            if x
        )
        bounds_en = " and ".join(
            x
            for x in (
                f"≥ {low}" if low is not None else "",
                f"≤ {high}" if high is not None else "",
            )
            if x
        )
        return Text(
            f"jumlah {what.id}{cond.id} {bounds_id}",
            f"the number of {what.en}{cond.en} {bounds_en}",
        )

    def describe(self, ctx: Context, kind: str | None = None) -> Text:
        return self.label or self._text(ctx)

    def fail_reason(self, ctx: Context, ref: Subject, negate: bool) -> Text:
        items = self.matching(ctx)
        base = self.label or self._text(ctx)
        names = [ctx.node(n)["name"] for n in items][:8]
        listing = f": {', '.join(names)}" if names else ""
        prefix = ("tidak boleh: ", "must not be: ") if negate else ("harus: ", "must be: ")
        return Text(
            f"{prefix[0]}{base.id} (sekarang {len(items)}{listing})",
            f"{prefix[1]}{base.en} (now {len(items)}{listing})",
        )

    def params(self) -> set[str]:
        out = _param_names(self.min) | _param_names(self.max)
        return out | (self.where.params() if self.where else set())

    def findings(self) -> set[str]:
        return self.where.findings() if self.where else set()


@dataclass
class Finding(Condition):
    kind: str
    label: Text | None = None

    def _of(self, ctx: Context, ref: str) -> list[FindingRef]:
        if self.kind not in ctx.available_findings:
            raise FindingsUnavailable(self.kind)
        return list(ctx.findings.get(ref, {}).get(self.kind, []))

    def test(self, ctx: Context, ref: Subject) -> bool:
        return bool(self._of(ctx, ref))

    def describe(self, ctx: Context, kind: str | None = None) -> Text:
        return self.label or Text(
            f"temuan analisis '{self.kind}'", f"analysis finding '{self.kind}'"
        )

    def fail_reason(self, ctx: Context, ref: Subject, negate: bool) -> Text:
        if negate:
            found = self._of(ctx, ref)
            return Text(
                f"temuan analisis ({self.kind}): " + " | ".join(f.reason for f in found),
                f"analysis finding ({self.kind}): " + " | ".join(f.reason_en for f in found),
            )
        return Text(
            f"harus ada temuan analisis '{self.kind}'", f"needs analysis finding '{self.kind}'"
        )

    def findings(self) -> set[str]:
        return {self.kind}


# --------------------------------------------------------------------------------------------
# Parsing (YAML -> conditions), every problem named by its path


LEAVES = ("attr", "field", "classified", "related", "count", "finding")
COMBINATORS = ("all", "any", "not")
FIELDS = tuple(_FIELD_LABELS)
DIRECTIONS = ("out", "in", "any")
_RELATED_KEYS = {"type", "direction", "kind", "where", "edge", "transitive", "min", "max"}
_COUNT_KEYS = {"kind", "where", "min", "max"}
_CLASSIFIED_KEYS = {"domain", "min_level", "under"}


class _Parser:
    def __init__(self, location: str):
        self.location = location
        self.errors: list[FieldError] = []

    def fail(self, path: str, detail: str) -> None:
        self.errors.append(FieldError(path, "bad_condition", {"detail": detail}, self.location))

    def kinds(self, value: Any, path: str) -> list[str]:
        kinds = [value] if isinstance(value, str) else list(value or [])
        for k in kinds:
            if k not in mm.KIND_MAP:
                self.fail(path, f"unknown kind '{k}' (known: {', '.join(mm.KIND_MAP)})")
        return kinds

    def parse(self, data: Any, path: str) -> Condition | None:
        if not isinstance(data, dict):
            self.fail(path, "a condition is a mapping such as {attr: backup, equals: true}")
            return None
        label = None
        if "label" in data or "label_en" in data:
            label = Text(
                str(data.get("label", "")), str(data.get("label_en", data.get("label", "")))
            )
        ops = [k for k in data if k in LEAVES + COMBINATORS]
        if len(ops) != 1:
            self.fail(
                path,
                f"needs exactly one of {', '.join(COMBINATORS + LEAVES)}; got {', '.join(data) or 'nothing'}",
            )
            return None
        op = ops[0]
        body = data[op]
        if op in ("all", "any"):
            if not isinstance(body, list) or not body:
                self.fail(f"{path}.{op}", "a non-empty list of conditions")
                return None
            items = [self.parse(c, f"{path}.{op}[{i}]") for i, c in enumerate(body)]
            clean = [c for c in items if c is not None]
            return All(clean, label) if op == "all" else Any_(clean, label)
        if op == "not":
            inner = self.parse(body, f"{path}.not")
            return Not(inner, label) if inner else None
        if op in ("attr", "field"):
            return self.compare(op, data, path, label)
        if op == "finding":
            if not isinstance(body, str):
                self.fail(f"{path}.finding", "the kind of an analysis finding, e.g. spl_bypass")
                return None
            return Finding(body, label)
        if not isinstance(body, dict):
            self.fail(f"{path}.{op}", "a mapping of options")
            return None
        allowed = {"classified": _CLASSIFIED_KEYS, "related": _RELATED_KEYS, "count": _COUNT_KEYS}[
            op
        ]
        for extra in sorted(set(body) - allowed):
            self.fail(
                f"{path}.{op}.{extra}", f"unknown option; known: {', '.join(sorted(allowed))}"
            )
        if op == "classified":
            domain = body.get("domain")
            if domain is not None and domain != "primary" and not str(domain).startswith("RA"):
                self.fail(f"{path}.classified.domain", "RAB, RAD, RAL, RAA, RAI, RAK or primary")
            return Classified(domain, body.get("min_level"), body.get("under"), label)
        where = self.parse(body["where"], f"{path}.{op}.where") if "where" in body else None
        kinds = self.kinds(body.get("kind"), f"{path}.{op}.kind")
        if op == "count":
            return Count(kinds, where, body.get("min"), body.get("max"), label)
        types = body.get("type")
        types = [types] if isinstance(types, str) else list(types or [])
        if not types:
            self.fail(f"{path}.related.type", "one relationship type or a list")
        for t in types:
            if t != "owns" and t not in mm.RELATIONSHIP_MAP:
                self.fail(f"{path}.related.type", f"unknown relationship type '{t}'")
        direction = body.get("direction", "out")
        if direction not in DIRECTIONS:
            self.fail(f"{path}.related.direction", f"one of {', '.join(DIRECTIONS)}")
        edge = self.parse(body["edge"], f"{path}.related.edge") if "edge" in body else None
        if edge is not None and not _edge_safe(edge):
            self.fail(
                f"{path}.related.edge",
                "only attr conditions (with all/any/not) apply to a relationship",
            )
        return Related(
            types,
            direction,
            kinds,
            where,
            edge,
            bool(body.get("transitive", False)),
            body.get("min", 1),
            body.get("max"),
            label,
        )

    def compare(
        self, source: str, data: dict[str, Any], path: str, label: Text | None
    ) -> Condition | None:
        name = data[source]
        if not isinstance(name, str):
            self.fail(f"{path}.{source}", "a name")
            return None
        if source == "field" and name not in FIELDS:
            self.fail(f"{path}.field", f"unknown field '{name}'; known: {', '.join(FIELDS)}")
        ops = [k for k in data if k in OPERATORS]
        extra = set(data) - set(OPERATORS) - {source, "label", "label_en"}
        if len(ops) != 1 or extra:
            self.fail(path, f"{source} needs exactly one of {', '.join(OPERATORS)}")
            return None
        return Compare(source, name, ops[0], data[ops[0]], label)


def _edge_safe(cond: Condition) -> bool:
    if isinstance(cond, All | Any_):
        return all(_edge_safe(c) for c in cond.items)
    if isinstance(cond, Not):
        return _edge_safe(cond.item)
    return isinstance(cond, Compare) and cond.source == "attr"


def parse_many(
    entries: Iterable[tuple[Any, str]], location: str
) -> tuple[list[Condition | None], list[FieldError]]:
    """Parse several conditions, collecting every error instead of stopping at the first."""
    parser = _Parser(location)
    out = [parser.parse(data, path) for data, path in entries]
    return out, parser.errors
