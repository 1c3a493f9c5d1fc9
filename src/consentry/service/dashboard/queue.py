"""The review queue: denied and held decisions, newest first, with filters; flagging their users."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from consentry.service.actions import Actions
from consentry.service.dashboard.auth import Gate, context
from consentry.service.dashboard.pages import PREFIX, DashboardError, back, render, shown_as_page
from consentry.service.dashboard.views import QueueItem, queue_item
from consentry.store import DecisionQuery, DecisionRecord, SqlStore, UserRecord

PAGE_SIZE = 20
FILTERS = ("verdict", "status", "source", "rule", "user", "since", "until")


def queue_items(store: SqlStore, records: Sequence[DecisionRecord]) -> list[QueueItem]:
    """The decisions as the queue and the decision page show them (with their users and reviews)."""
    refs = store.decisions.stored_image_refs([r.id for r in records])
    users: dict[str, UserRecord | None] = {}
    for r in records:
        if r.user_id and r.user_id not in users:
            users[r.user_id] = store.users.get(r.user_id)
    return [
        queue_item(
            r,
            stored_refs=refs,
            reviews=store.reviews.list(decision_id=r.id, limit=10),
            user=users.get(r.user_id) if r.user_id else None,
            gallery=store.gallery,
        )
        for r in records
    ]


def _day_start(value: str | None, *, end: bool = False) -> float | None:
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC).timestamp()
    except ValueError:
        raise DashboardError(400, f"dates are YYYY-MM-DD, not {value!r}") from None
    return day + 86400.0 if end else day


def _query(filters: dict[str, str], offset: int) -> DecisionQuery:
    verdict = filters["verdict"]
    return DecisionQuery(
        user_id=filters["user"] or None,
        verdicts=(verdict,) if verdict in ("review", "deny") else ("review", "deny"),
        rule_id=filters["rule"] or None,
        since=_day_start(filters["since"]),
        until=_day_start(filters["until"], end=True),
        source=filters["source"] or None,
        unreviewed=filters["status"] == "open",
        limit=PAGE_SIZE + 1,
        offset=offset,
    )


def router(gate: Gate, actions: Actions) -> APIRouter:
    routes = APIRouter(prefix=PREFIX, include_in_schema=False)
    store = actions.store

    @routes.get("/queue")
    def queue(request: Request) -> Response:
        session = gate.require(request)
        params = request.query_params
        filters = {name: params.get(name, "open" if name == "status" else "") for name in FILTERS}
        try:
            offset = max(0, int(params.get("offset", "0")))
        except ValueError:
            offset = 0
        query = _query(filters, offset)
        records = store.decisions.search(query)
        shown = {k: v for k, v in filters.items() if v}
        more = len(records) > PAGE_SIZE
        older = f"{PREFIX}/queue?" + urlencode({**shown, "offset": offset + PAGE_SIZE}) if more else ""
        newer = f"{PREFIX}/queue?" + urlencode({**shown, "offset": max(0, offset - PAGE_SIZE)}) if offset else ""
        return render(
            "queue.html",
            **context(request, session, "queue"),
            items=queue_items(store, records[:PAGE_SIZE]),
            filters=filters,
            rules=store.decisions.rule_ids(),
            total=store.decisions.count(query),
            older=older,
            newer=newer,
            here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        )

    @routes.post("/users/flag")
    async def flag(request: Request) -> Response:
        session, form = await gate.require_post(request)
        flagged = str(form.get("flagged", "1")) == "1"
        with shown_as_page():
            actions.flag_user(
                str(form.get("user_id", "")).strip(), flagged, actor=session.actor, note=str(form.get("note", ""))
            )
        return back(form, f"{PREFIX}/queue", "flagged" if flagged else "unflagged")

    return routes
