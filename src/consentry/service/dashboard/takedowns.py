"""The dashboard's removal requests: the queue with its countdowns, one request with its matched
items (blurred thumbnails), accept / reject / ask for information, and the compliance report.

Signed-in moderators only (the dashboard's gate, ``auth.Gate``); every action is one of the
``TakedownDesk``'s, the same the moderators' API calls. Thumbnails of matched items come from the
decision log's kept images, else from the site's thumbnail URL template
(``TakedownSettings.thumbnail_url_template``); they are fetched and blurred on the server, so the
clear pixels never reach the browser.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import Response
from markupsafe import Markup

from consentry.errors import ConsentryError, InputError
from consentry.service.dashboard.auth import Gate, context
from consentry.service.dashboard.chart import Series, stacked_bars_svg
from consentry.service.dashboard.pages import PREFIX as DASHBOARD
from consentry.service.dashboard.pages import DashboardError, redirect, render
from consentry.service.dashboard.thumbnails import thumbnail_png
from consentry.service.takedowns import REPORT_COLUMNS, TakedownDesk, to_csv
from consentry.store.sql import SqlStore
from consentry.store.takedowns import OPEN_STATUSES, Match

PREFIX = f"{DASHBOARD}/takedowns"
NOTICES = {
    "accepted": "Accepted: the hashes are on the known-NCII list and the items were sent to the site.",
    "rejected": "Rejected; the requester is told the reason.",
    "info_requested": "The requester was asked for more information.",
}
ACTION_NOTICES = {"accept": "accepted", "reject": "rejected", "info": "info_requested"}
_THUMB_MAX_BYTES = 8 * 1024 * 1024
_THUMB_CACHE = 256
_WEEKS = 12


def countdown(deadline: float, now: float) -> str:
    """'31 h 12 min left' or 'overdue by 2 h 5 min'."""
    left = deadline - now
    minutes = int(abs(left) // 60)
    text = f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{text} left" if left >= 0 else f"overdue by {text}"


def page_context(request: Request, gate: Gate) -> dict[str, Any]:
    """The frame of a takedown page (the signed-in session, the tab) with this area's notices."""
    out = context(request, gate.require(request), "takedowns")
    out["notice"] = NOTICES.get(request.query_params.get("notice", ""), "")
    return out


@contextmanager
def decided_as_page() -> Iterator[None]:
    """A moderator action's refusal as an error page: a bad or missing reason or no webhook (400),
    a request whose state does not allow it (409)."""
    try:
        yield
    except ConsentryError as exc:
        missing = isinstance(exc, InputError) and exc.code == "not_found"
        raise DashboardError(404 if missing else 400, str(exc)) from None
    except ValueError as exc:
        raise DashboardError(409, str(exc)) from None


def build_router(store: SqlStore, desk: TakedownDesk) -> APIRouter:
    """The takedown pages; include in the app (``takedown_api.mount`` does)."""
    gate = Gate(store)
    thumbnails = BlurredThumbnails(store, desk)
    router = APIRouter(include_in_schema=False)

    @router.get("/takedown/static/takedown.css")
    def stylesheet() -> Response:
        data = resources.files("consentry.service.dashboard").joinpath("static", "takedown.css").read_bytes()
        return Response(data, media_type="text/css", headers={"Cache-Control": "max-age=300"})

    @router.get(PREFIX)
    def queue(request: Request) -> Response:
        frame = page_context(request, gate)
        desk.purge_if_due()
        show = request.query_params.get("show", "open")
        rows = queue_rows(desk, show, time.time())
        overdue = sum(r["overdue"] for r in rows)
        counts = {"open_count": desk.open_count(), "overdue_count": overdue}
        return render("takedown_queue.html", **frame, rows=rows, show=show, **counts)

    @router.get(PREFIX + "/report")
    def report(request: Request) -> Response:
        frame = page_context(request, gate)
        weeks = weekly(desk)
        return render("takedown_report.html", **frame, weeks=weeks, chart=Markup(weekly_chart(weeks)))

    @router.get(PREFIX + "/report.csv")
    def report_csv(request: Request) -> Response:
        gate.require(request)
        rows = [w["report"].to_dict() for w in weekly(desk)]
        disposition = {"Content-Disposition": 'attachment; filename="takedown-report.csv"'}
        return Response(to_csv(rows, REPORT_COLUMNS), media_type="text/csv", headers=disposition)

    @router.get(PREFIX + "/{takedown_id}")
    def detail(takedown_id: str, request: Request) -> Response:
        frame = page_context(request, gate)
        takedown = desk.get(takedown_id)
        if takedown is None:
            raise DashboardError(404, f"no removal request {takedown_id!r}")
        now = time.time()
        return render(
            "takedown_detail.html",
            **frame,
            t=takedown,
            overdue=takedown.overdue(now),
            countdown=countdown(takedown.deadline, now) if takedown.open else "",
            matches=[(i, m, thumbnails.available(m)) for i, m in enumerate(takedown.matches)],
            deliveries=desk.deliveries(takedown.id),
        )

    @router.get(PREFIX + "/{takedown_id}/thumb/{index}")
    def thumbnail(takedown_id: str, index: int, request: Request) -> Response:
        if gate.session_of(request) is None:
            return Response(status_code=401)
        png = thumbnails.get(takedown_id, index)
        if png is None:
            return Response(status_code=404)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})

    @router.post(PREFIX + "/{takedown_id}/{action}")
    async def act(takedown_id: str, action: str, request: Request) -> Response:
        session, form = await gate.require_post(request)
        with decided_as_page():
            done = desk.decide(takedown_id, action, actor=session.actor, reason=str(form.get("reason") or ""))
        if done is None:
            raise DashboardError(404, f"no removal request {takedown_id!r}")
        return redirect(f"{PREFIX}/{quote(takedown_id, safe='')}?notice={ACTION_NOTICES[action]}")

    return router


def queue_rows(desk: TakedownDesk, show: str, now: float) -> list[dict[str, Any]]:
    """The queue's rows: open requests by deadline, or the decided (or all) ones newest first."""
    status = OPEN_STATUSES if show == "open" else ("accepted", "rejected") if show == "decided" else ()
    items = desk.list(status=status, limit=200)
    if show != "open":
        items.sort(key=lambda t: -t.received_at)
    return [
        {"t": t, "overdue": t.overdue(now), "countdown": countdown(t.deadline, now) if t.open else ""} for t in items
    ]


def weekly(desk: TakedownDesk) -> list[dict[str, Any]]:
    """The report of each of the last weeks (Monday to Monday, UTC), oldest first."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday())
    weeks = []
    for back in range(_WEEKS - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        end = start + timedelta(weeks=1)
        weeks.append({"label": start.strftime("%d %b"), "report": desk.report(start.timestamp(), end.timestamp())})
    return weeks


def weekly_chart(weeks: list[dict[str, Any]]) -> str:
    return stacked_bars_svg(
        [w["label"] for w in weeks],
        [
            Series("accepted", tuple(w["report"].accepted for w in weeks), "#009E73"),
            Series("rejected", tuple(w["report"].rejected for w in weeks), "#999999"),
            Series("open", tuple(w["report"].open for w in weeks), "#E69F00"),
        ],
        chart_id="takedowns-weekly",
        title="Removal requests received per week, by outcome",
    )


class BlurredThumbnails:
    """Blurred thumbnails of a request's matched items, the last few kept in memory."""

    def __init__(self, store: SqlStore, desk: TakedownDesk) -> None:
        self.store = store
        self.desk = desk
        self._cache: OrderedDict[tuple[str, int], bytes] = OrderedDict()

    def available(self, match: Match) -> bool:
        """Whether a thumbnail can be shown: an item the site's template names, or a kept image."""
        has_template = bool(match.item_ref and self.desk.settings.thumbnail_url_template)
        return has_template or self._kept_image(match) is not None

    def get(self, takedown_id: str, index: int) -> bytes | None:
        """The blurred PNG of a request's ``index``-th match, or None (no such match, no image)."""
        cached = self._cache.get((takedown_id, index))
        if cached is not None:
            return cached
        takedown = self.desk.get(takedown_id)
        if takedown is None or not 0 <= index < len(takedown.matches):
            return None
        data = self._source(takedown.matches[index])
        if data is None:
            return None
        try:
            cached = thumbnail_png(data, blur=True, side=160)
        except InputError:
            return None
        self._cache[(takedown_id, index)] = cached
        while len(self._cache) > _THUMB_CACHE:
            self._cache.popitem(last=False)
        return cached

    def _kept_image(self, match: Match) -> bytes | None:
        """The matched image's bytes, if the decision log kept them (``--keep-images``)."""
        if not match.decision_id or match.sighting_id is None:
            return None
        ref = self.desk.sighting_ref(match.sighting_id)
        kept = self.store.decisions.image(match.decision_id, ref) if ref is not None else None
        return kept[1] if kept is not None else None

    def _source(self, match: Match) -> bytes | None:
        """The item's image: kept by the decision log, else fetched from the site's thumbnail URL."""
        kept = self._kept_image(match)
        if kept is not None:
            return kept
        template = self.desk.settings.thumbnail_url_template
        if not template or not match.item_ref:
            return None
        url = template.replace("{item_ref}", quote(match.item_ref, safe=""))
        return fetch_image(url)


def fetch_image(url: str) -> bytes | None:
    """An image from the site (http or https, 200, at most 8 MB), or None."""
    import urllib.error
    import urllib.request

    if not url.startswith(("http://", "https://")):
        return None
    try:
        with urllib.request.urlopen(url, timeout=5.0) as response:
            if int(response.status) != 200:
                return None
            data: bytes = response.read(_THUMB_MAX_BYTES + 1)
            return data if len(data) <= _THUMB_MAX_BYTES else None
    except (urllib.error.URLError, OSError, ValueError):
        return None
