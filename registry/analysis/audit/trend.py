"""Comparing an audit with an earlier run: what got better, what got worse."""

from __future__ import annotations

from registry.analysis.audit.results import AuditReport, RuleChange, TrendReport


def _failing(report: AuditReport, rule: str) -> set[str]:
    result = report.rule(rule)
    if result is None or result.status != "evaluated":
        return set()
    return {f.item or report.instansi for f in result.failures}


def compare(current: AuditReport, previous: AuditReport) -> TrendReport:
    """Per rule: the share before and after, failures that are new and failures resolved.

    Only rules evaluated in both runs are compared (a rule switched off, not evaluated or added
    since says nothing about progress); the overall share compares those same rules.
    """
    before = {r.rule: r for r in previous.rules if r.status == "evaluated"}
    after = {r.rule: r for r in current.rules if r.status == "evaluated"}
    shared = [rid for rid in after if rid in before]
    trend = TrendReport(
        previous_run=previous.run_id,
        previous_at=previous.generated_at,
        previous_as_of=previous.as_of,
        previous_pack_version=previous.pack_version,
        share_before=None,
        share_after=None,
        delta=None,
        added_rules=sorted(set(after) - set(before)),
        removed_rules=sorted(set(before) - set(after)),
    )
    checked = [0, 0]
    passed = [0, 0]
    for rid in shared:
        old, new = before[rid], after[rid]
        for i, r in enumerate((old, new)):
            checked[i] += r.tally.checked
            passed[i] += r.tally.passed
        new_fail = sorted(_failing(current, rid) - _failing(previous, rid))
        resolved = sorted(_failing(previous, rid) - _failing(current, rid))
        trend.new_failures += len(new_fail)
        trend.resolved += len(resolved)
        delta = (
            round(new.tally.share - old.tally.share, 4)
            if new.tally.share is not None and old.tally.share is not None
            else None
        )
        change = RuleChange(
            rule=rid,
            title=new.title,
            title_en=new.title_en,
            before=old.tally.share,
            after=new.tally.share,
            delta=delta,
            new_failures=new_fail,
            resolved=resolved,
        )
        # Item by item: a rule with failures resolved AND new ones shows under both lists.
        if resolved or (delta or 0) > 0:
            trend.better.append(change)
        if new_fail or (delta or 0) < 0:
            trend.worse.append(change)
    share = [round(p / c, 4) if c else None for p, c in zip(passed, checked, strict=True)]
    trend.share_before, trend.share_after = share
    if share[0] is not None and share[1] is not None:
        trend.delta = round(share[1] - share[0], 4)
    trend.better.sort(key=lambda c: (-(len(c.resolved)), c.rule))
    trend.worse.sort(key=lambda c: (-(len(c.new_failures)), c.rule))
    return trend
