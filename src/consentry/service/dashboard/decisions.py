"""One decision: its findings and images, confirming it, overturning it with allow-list entries."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response

from consentry.service.actions import Actions
from consentry.service.dashboard.auth import Gate, context
from consentry.service.dashboard.images import revealed_refs
from consentry.service.dashboard.pages import PREFIX, DashboardError, back, form_list, render, shown_as_page
from consentry.service.dashboard.queue import queue_items


def router(gate: Gate, actions: Actions) -> APIRouter:
    routes = APIRouter(prefix=PREFIX, include_in_schema=False)
    store = actions.store

    @routes.get("/decisions/{decision_id}")
    def decision_page(request: Request, decision_id: str) -> Response:
        session = gate.require(request)
        record = store.decisions.get(decision_id)
        if record is None:
            raise DashboardError(404, "no such decision")
        (item,) = queue_items(store, [record])
        return render(
            "decision.html",
            **context(request, session, "queue"),
            item=item,
            revealed=revealed_refs(store, session.actor, decision_id),
            here=request.url.path,
        )

    @routes.post("/decisions/{decision_id}/confirm")
    async def confirm(request: Request, decision_id: str) -> Response:
        session, form = await gate.require_post(request)
        with shown_as_page():
            actions.review(decision_id, actor=session.actor, action="confirm", note=str(form.get("note", "")))
        return back(form, _page(decision_id), "confirmed")

    @routes.post("/decisions/{decision_id}/overturn")
    async def overturn(request: Request, decision_id: str) -> Response:
        session, form = await gate.require_post(request)
        phrases = [p for p in [*form_list(form.get("allow_phrase")), str(form.get("allow_extra", ""))] if p.strip()]
        subjects = [s for s in form_list(form.get("allow_subject")) if s.strip()]
        with shown_as_page():
            _, added = actions.overturn(
                decision_id,
                actor=session.actor,
                note=str(form.get("note", "")).strip(),
                phrases=[p.strip() for p in phrases],
                subjects=subjects,
            )
        return back(form, _page(decision_id), "overturned-allowed" if added else "overturned")

    return routes


def _page(decision_id: str) -> str:
    return f"{PREFIX}/decisions/{quote(decision_id, safe='')}"
