"""The overview page's numbers: decisions per UTC day by verdict and by rule, shaped for the charts."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from consentry.store import SqlStore
from consentry.store.decisions import DAY
from consentry.types import VERDICTS


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
    by_verdict = {v: [0] * days for v in VERDICTS}
    for day, verdict, count in store.decisions.verdicts_by_day(starts):
        if verdict in by_verdict:
            by_verdict[verdict][day] += count
    by_rule_all: dict[str, list[int]] = {}
    for day, rule_id, count in store.decisions.rules_by_day(starts):
        by_rule_all.setdefault(rule_id, [0] * days)[day] += count
    ranked = sorted(by_rule_all, key=lambda r: (-sum(by_rule_all[r]), r))
    by_rule = {r: tuple(by_rule_all[r]) for r in ranked[:top]}
    if len(ranked) > top:
        rest = [sum(by_rule_all[r][i] for r in ranked[top:]) for i in range(days)]
        by_rule["other rules"] = tuple(rest)
    labels = tuple(datetime.fromtimestamp(s, UTC).strftime("%Y-%m-%d") for s in starts)
    return DailyCounts(labels, {v: tuple(c) for v, c in by_verdict.items()}, by_rule)
