"""The operator's allow-list: every entry with who added it and why; removing one."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from consentry.service.actions import Actions
from consentry.service.dashboard.auth import Gate, context
from consentry.service.dashboard.pages import PREFIX, redirect, render, shown_as_page


def router(gate: Gate, actions: Actions) -> APIRouter:
    routes = APIRouter(prefix=PREFIX, include_in_schema=False)

    @routes.get("/allow-list")
    def allow_list(request: Request) -> Response:
        session = gate.require(request)
        entries = list(reversed(actions.store.allow_list.list()))
        return render("allow_list.html", **context(request, session, "allow-list"), entries=entries)

    @routes.post("/allow-list/{entry_id}/remove")
    async def allow_remove(request: Request, entry_id: int) -> Response:
        session, _ = await gate.require_post(request)
        with shown_as_page():
            actions.remove_allow_entry(entry_id, actor=session.actor)
        return redirect(f"{PREFIX}/allow-list?notice=allow-removed")

    return routes
