"""The overview: decisions and rule matches per day, the top rules, repeat and flagged users."""

from __future__ import annotations

import time

from fastapi import APIRouter, Request
from fastapi.responses import Response

from consentry.service.dashboard import queries
from consentry.service.dashboard.auth import Gate, context
from consentry.service.dashboard.chart import VERDICT_COLOURS, Series, stacked_bars_svg
from consentry.service.dashboard.pages import PREFIX, render
from consentry.store import DecisionQuery, SqlStore


def router(gate: Gate, store: SqlStore) -> APIRouter:
    routes = APIRouter(prefix=PREFIX, include_in_schema=False)

    @routes.get("/overview")
    def overview(request: Request) -> Response:
        session = gate.require(request)
        try:
            days = min(90, max(1, int(request.query_params.get("days", "14"))))
        except ValueError:
            days = 14
        counts = queries.daily_counts(store, days)
        short = tuple(d[5:] for d in counts.days)
        verdict_chart = stacked_bars_svg(
            short,
            [Series(v, counts.by_verdict[v], VERDICT_COLOURS[v]) for v in ("deny", "review", "allow")],
            chart_id="chart-verdicts",
            title=f"Decisions per day by verdict, last {days} days (UTC)",
        )
        rule_chart = stacked_bars_svg(
            short,
            [Series(rule, values) for rule, values in counts.by_rule.items()],
            chart_id="chart-rules",
            title=f"Rule matches per day, last {days} days (UTC)",
        )
        since = queries.day_starts(days, time.time())[0]
        return render(
            "overview.html",
            **context(request, session, "overview"),
            days=days,
            counts=counts,
            verdict_chart=verdict_chart,
            rule_chart=rule_chart,
            totals={v: sum(c) for v, c in counts.by_verdict.items()},
            top_rules=store.decisions.top_rules(since),
            repeat_users=store.users.list(min_denied=2, limit=15),
            flagged_users=store.users.list(flagged=True, limit=50),
            open_count=store.decisions.count(DecisionQuery(verdicts=("review", "deny"), unreviewed=True)),
        )

    return routes
