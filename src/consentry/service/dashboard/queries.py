"""Read-only queries behind the overview page (aggregates over the decision log)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import case, func, select

from consentry.store.models import DecisionImageRow, DecisionRow, DecisionRuleRow
from consentry.store.sql import SqlStore
from consentry.types import VERDICTS

DAY = 86400.0


@dataclass(frozen=True, slots=True)
class DailyCounts:
    days: tuple[str, ...]  # "2026-11-24", oldest first
    by_verdict: dict[str, tuple[int, ...]]
    by_rule: dict[str, tuple[int, ...]]  # the top rules, then "other rules"


def day_starts(days: int, now: float) -> list[float]:
    """The UTC midnights of the last ``days`` days, oldest first (the last one is today)."""
    today = datetime.fromtimestamp(now, UTC).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    return [today - DAY * i for i in range(days - 1, -1, -1)]


def daily_counts(store: SqlStore, days: int = 14, *, top: int = 5, now: float | None = None) -> DailyCounts:
    """Decisions per UTC day by verdict, and by rule (the ``top`` rules, the rest as one series)."""
    now = time.time() if now is None else now
    starts = day_starts(days, now)
    bucket = case(*[(DecisionRow.created_at < start + DAY, i) for i, start in enumerate(starts)], else_=-1)
    since = starts[0]
    by_verdict = {v: [0] * days for v in VERDICTS}
    by_rule_all: dict[str, list[int]] = {}
    with store.session() as s:
        rows = s.execute(
            select(bucket.label("day"), DecisionRow.verdict, func.count())
            .where(DecisionRow.created_at >= since)
            .group_by("day", DecisionRow.verdict)
        )
        for day, verdict, count in rows:
            if 0 <= day < days and verdict in by_verdict:
                by_verdict[verdict][day] += int(count)
        rows = s.execute(
            select(bucket.label("day"), DecisionRuleRow.rule_id, func.count())
            .join(DecisionRow, DecisionRow.id == DecisionRuleRow.decision_id)
            .where(DecisionRow.created_at >= since)
            .group_by("day", DecisionRuleRow.rule_id)
        )
        for day, rule_id, count in rows:
            if 0 <= day < days:
                by_rule_all.setdefault(rule_id, [0] * days)[day] += int(count)
    ranked = sorted(by_rule_all, key=lambda r: (-sum(by_rule_all[r]), r))
    by_rule = {r: tuple(by_rule_all[r]) for r in ranked[:top]}
    if len(ranked) > top:
        rest = [sum(by_rule_all[r][i] for r in ranked[top:]) for i in range(days)]
        by_rule["other rules"] = tuple(rest)
    labels = tuple(datetime.fromtimestamp(s, UTC).strftime("%Y-%m-%d") for s in starts)
    return DailyCounts(labels, {v: tuple(c) for v, c in by_verdict.items()}, by_rule)


def top_rules(store: SqlStore, since: float, limit: int = 10) -> list[tuple[str, int]]:
    """The rules that matched most often since ``since``, with their counts."""
    count = func.count().label("n")
    stmt = (
        select(DecisionRuleRow.rule_id, count)
        .join(DecisionRow, DecisionRow.id == DecisionRuleRow.decision_id)
        .where(DecisionRow.created_at >= since)
        .group_by(DecisionRuleRow.rule_id)
        .order_by(count.desc(), DecisionRuleRow.rule_id)
        .limit(limit)
    )
    with store.session() as s:
        return [(rule, int(n)) for rule, n in s.execute(stmt)]


def known_rules(store: SqlStore) -> list[str]:
    """Every rule id that appears in the log (for the queue's rule filter)."""
    with store.session() as s:
        return sorted(s.scalars(select(DecisionRuleRow.rule_id).distinct()))


def stored_image_refs(store: SqlStore, decision_ids: list[str]) -> set[tuple[str, str]]:
    """Which (decision id, image ref) pairs have their bytes kept (the operator's choice)."""
    if not decision_ids:
        return set()
    with store.session() as s:
        rows = s.execute(
            select(DecisionImageRow.decision_id, DecisionImageRow.ref).where(
                DecisionImageRow.decision_id.in_(decision_ids)
            )
        )
        return {(d, r) for d, r in rows}
