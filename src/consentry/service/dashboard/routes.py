"""The dashboard's router: the routers of its page areas, each under ``/dashboard``."""

from __future__ import annotations

from fastapi import APIRouter

from consentry.service.actions import Actions
from consentry.service.dashboard import allow_list, auth, decisions, galleries, images, overview, queue
from consentry.service.dashboard.pages import static_router


def build_router(actions: Actions) -> APIRouter:
    """The dashboard router; include it in an app (``app.include_router(...)``) and call
    ``install_error_pages(app)``. Every change goes through ``actions`` (shared with the admin API)."""
    gate = auth.Gate(actions.store)
    router = APIRouter()
    router.include_router(static_router())
    router.include_router(auth.router(gate, actions.store))
    router.include_router(queue.router(gate, actions))
    router.include_router(decisions.router(gate, actions))
    router.include_router(images.router(gate, actions.store))
    router.include_router(overview.router(gate, actions.store))
    router.include_router(galleries.router(gate, actions))
    router.include_router(allow_list.router(gate, actions))
    return router
