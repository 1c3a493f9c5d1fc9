"""A decision's kept images: blurred by default, in the clear only after a reveal, which is logged."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from consentry.errors import InputError
from consentry.service.dashboard.auth import Gate
from consentry.service.dashboard.pages import PREFIX, DashboardError, redirect
from consentry.service.dashboard.thumbnails import thumbnail_png
from consentry.store import SqlStore

BLURRED_CACHE = 256  # blurred thumbnails kept in memory
REVEAL_TTL = 600.0  # seconds a revealed image stays viewable without a new reveal
NOT_STORED = "this image was not stored (only its hash was kept)"


def revealed_refs(store: SqlStore, actor: str, decision_id: str) -> set[str]:
    """The images of a decision this moderator may see in the clear now."""
    return store.reviews.revealed(actor=actor, decision_id=decision_id, since=time.time() - REVEAL_TTL)


class BlurredCache:
    """Blurred thumbnails of the most recently shown images (a decision's images never change)."""

    def __init__(self, size: int = BLURRED_CACHE) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> bytes | None:
        with self._lock:
            png = self._items.get(key)
            if png is not None:
                self._items.move_to_end(key)
            return png

    def put(self, key: tuple[str, str], png: bytes) -> None:
        with self._lock:
            self._items[key] = png
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def _thumbnail(store: SqlStore, decision_id: str, ref: str, *, blur: bool) -> bytes:
    kept = store.decisions.image(decision_id, ref)
    if kept is None:
        raise DashboardError(404, NOT_STORED)
    try:
        return thumbnail_png(kept[1], blur=blur)
    except InputError as exc:
        raise DashboardError(422, str(exc)) from None


def _png(png: bytes) -> Response:
    headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
    return Response(png, media_type="image/png", headers=headers)


def router(gate: Gate, store: SqlStore) -> APIRouter:
    routes = APIRouter(prefix=PREFIX, include_in_schema=False)
    blurred_cache = BlurredCache()

    @routes.get("/decisions/{decision_id}/images/{ref}/blurred.png")
    def blurred(request: Request, decision_id: str, ref: str) -> Response:
        gate.require(request)
        key = (decision_id, ref)
        if key not in store.decisions.stored_image_refs([decision_id]):  # e.g. purged since
            raise DashboardError(404, NOT_STORED)
        png = blurred_cache.get(key)
        if png is None:
            png = _thumbnail(store, decision_id, ref, blur=True)
            blurred_cache.put(key, png)
        return _png(png)

    @routes.post("/decisions/{decision_id}/images/{ref}/reveal")
    async def reveal(request: Request, decision_id: str, ref: str) -> Response:
        session, _form = await gate.require_post(request)
        if store.decisions.image(decision_id, ref) is None:
            raise DashboardError(404, NOT_STORED)
        store.reviews.log_reveal(actor=session.actor, decision_id=decision_id, ref=ref)
        page = f"{PREFIX}/decisions/{quote(decision_id, safe='')}"
        if "application/json" in request.headers.get("accept", ""):
            url = f"{page}/images/{quote(ref, safe='')}/clear.png"
            return JSONResponse({"url": url}, headers={"Cache-Control": "no-store"})
        return redirect(f"{page}#image-{ref}")

    @routes.get("/decisions/{decision_id}/images/{ref}/clear.png")
    def clear(request: Request, decision_id: str, ref: str) -> Response:
        session = gate.require(request)
        if ref not in revealed_refs(store, session.actor, decision_id):
            raise DashboardError(403, "reveal the image first (the reveal is logged)")
        return _png(_thumbnail(store, decision_id, ref, blur=False))

    return routes
