"""The galleries: protected identities (searchable), whole galleries and hash lists, switched on
or off or removed."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from consentry.gallery.store import Identity
from consentry.service.actions import GALLERY_ITEMS, Actions
from consentry.service.dashboard.auth import Gate, context
from consentry.service.dashboard.pages import PREFIX, DashboardError, redirect, render, shown_as_page

IDENTITIES_SHOWN = 200  # rows on the galleries page (search for the others)


def _matches(identity: Identity, needle: str) -> bool:
    return (
        not needle
        or needle in identity.name.casefold()
        or needle in identity.id.casefold()
        or needle == identity.gallery.casefold()
        or any(needle in a.casefold() for a in identity.aliases)
    )


def router(gate: Gate, actions: Actions) -> APIRouter:
    routes = APIRouter(prefix=PREFIX, include_in_schema=False)
    gallery = actions.store.gallery

    @routes.get("/galleries")
    def galleries(request: Request) -> Response:
        session = gate.require(request)
        identities = gallery.list_identities()
        search = request.query_params.get("q", "").strip()
        found = sorted(
            (i for i in identities if _matches(i, search.casefold())), key=lambda i: (i.gallery, i.name.casefold())
        )
        disabled = gallery.disabled_galleries()
        return render(
            "galleries.html",
            **context(request, session, "galleries"),
            identities=found[:IDENTITIES_SHOWN],
            matching=len(found),
            total_identities=len(identities),
            search=search,
            gallery_names=sorted({i.gallery for i in identities} | disabled),
            disabled=disabled,
            hash_lists=[(h, gallery.count_hashes(h.id)) for h in gallery.list_hash_lists()],
        )

    @routes.post("/galleries/{what}/{item_id}/{action}")
    async def gallery_action(request: Request, what: str, item_id: str, action: str) -> Response:
        session, _ = await gate.require_post(request)
        if action not in ("enable", "disable", "remove") or what not in GALLERY_ITEMS:
            raise DashboardError(404, "not found")
        with shown_as_page():
            if action == "remove":
                actions.remove(what, item_id, actor=session.actor)
            else:
                actions.switch(what, item_id, action == "enable", actor=session.actor)
        return redirect(f"{PREFIX}/galleries?notice=gallery-updated")

    return routes
