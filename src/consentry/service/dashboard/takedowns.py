"""The dashboard's removal requests: the queue with its countdowns, one request with its matched
items (blurred thumbnails), accept / reject / ask for information, and the compliance report.

Signed-in moderators only (the dashboard's sessions and CSRF tokens, ``auth.py``). Thumbnails of
matched items come from the decision log's kept images, else from the site's thumbnail URL
template (``TakedownSettings.thumbnail_url_template``); they are fetched and blurred on the
server, so the clear pixels never reach the browser.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from consentry.errors import ConsentryError, InputError
from consentry.service.dashboard.auth import (
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    DashboardSession,
    Sessions,
    csrf_ok,
)
from consentry.service.dashboard.chart import Series, stacked_bars_svg
from consentry.service.dashboard.thumbnails import thumbnail_png
from consentry.service.takedowns import REPORT_COLUMNS, TakedownDesk, to_csv
from consentry.store.sql import SqlStore
from consentry.store.takedowns import OPEN_STATUSES, Match

PREFIX = "/dashboard/takedowns"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}
NOTICES = {
    "accepted": "Accepted: the hashes are on the known-NCII list and the items were sent to the site.",
    "rejected": "Rejected; the requester is told the reason.",
    "info_requested": "The requester was asked for more information.",
}
_THUMB_MAX_BYTES = 8 * 1024 * 1024
_WEEKS = 12


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("consentry.service.dashboard", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["path"] = lambda value: quote(str(value), safe="")
    env.filters["when"] = lambda at: (
        "" if at is None else datetime.fromtimestamp(at, UTC).strftime("%Y-%m-%d %H:%M UTC")
    )
    env.globals["base"] = "/dashboard"
    return env


_ENV = _environment()


def render(template: str, **context: Any) -> str:
    return _ENV.get_template(template).render(**context)


def countdown(deadline: float, now: float) -> str:
    """'31 h 12 min left' or 'overdue by 2 h 5 min'."""
    left = deadline - now
    minutes = int(abs(left) // 60)
    text = f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{text} left" if left >= 0 else f"overdue by {text}"


def build_router(store: SqlStore, desk: TakedownDesk) -> APIRouter:
    """The takedown pages; include in the app (``takedown_api.mount`` does)."""
    sessions = Sessions(store)
    router = APIRouter(include_in_schema=False)
    blurred: OrderedDict[tuple[str, int], bytes] = OrderedDict()

    def session_or_redirect(request: Request) -> DashboardSession | Response:
        session = sessions.get(request.cookies.get(SESSION_COOKIE))
        if session is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse("/dashboard/login?" + urlencode({"next": target}), status_code=303)
        return session

    def page(template: str, code: int = 200, **context: Any) -> HTMLResponse:
        return HTMLResponse(render(template, **context), status_code=code, headers=SECURITY_HEADERS)

    def context(request: Request, session: DashboardSession) -> dict[str, Any]:
        return {
            "session": session,
            "active": "takedowns",
            "notice": NOTICES.get(request.query_params.get("notice", ""), ""),
            "now": datetime.fromtimestamp(time.time(), UTC).strftime("%Y-%m-%d %H:%M UTC"),
        }

    def error(session: DashboardSession | None, status: int, message: str) -> HTMLResponse:
        return page(
            "error.html",
            status,
            session=session,
            active="takedowns",
            notice="",
            status=status,
            message=message,
            now=datetime.fromtimestamp(time.time(), UTC).strftime("%Y-%m-%d %H:%M UTC"),
        )

    @router.get("/takedown/static/takedown.css")
    def stylesheet() -> Response:
        data = resources.files("consentry.service.dashboard").joinpath("static", "takedown.css").read_bytes()
        return Response(data, media_type="text/css", headers={"Cache-Control": "max-age=300"})

    @router.get(PREFIX)
    def queue(request: Request) -> Response:
        session = session_or_redirect(request)
        if not isinstance(session, DashboardSession):
            return session
        desk.purge_if_due()
        show = request.query_params.get("show", "open")
        status = OPEN_STATUSES if show == "open" else ("accepted", "rejected") if show == "decided" else ()
        now = time.time()
        items = desk.list(status=status, limit=200)
        if show != "open":
            items.sort(key=lambda t: -t.received_at)
        rows = [
            {"t": t, "overdue": t.overdue(now), "countdown": countdown(t.deadline, now) if t.open else ""}
            for t in items
        ]
        return page(
            "takedown_queue.html",
            **context(request, session),
            rows=rows,
            show=show,
            open_count=desk.repository.count(status=OPEN_STATUSES),
            overdue_count=sum(r["overdue"] for r in rows),
        )

    @router.get(PREFIX + "/report")
    def report(request: Request) -> Response:
        session = session_or_redirect(request)
        if not isinstance(session, DashboardSession):
            return session
        weeks = _weekly(desk)
        chart = stacked_bars_svg(
            [w["label"] for w in weeks],
            [
                Series("accepted", tuple(w["report"].accepted for w in weeks), "#009E73"),
                Series("rejected", tuple(w["report"].rejected for w in weeks), "#999999"),
                Series("open", tuple(w["report"].open for w in weeks), "#E69F00"),
            ],
            chart_id="takedowns-weekly",
            title="Removal requests received per week, by outcome",
        )
        return page("takedown_report.html", **context(request, session), weeks=weeks, chart=Markup(chart))

    @router.get(PREFIX + "/report.csv")
    def report_csv(request: Request) -> Response:
        session = session_or_redirect(request)
        if not isinstance(session, DashboardSession):
            return session

        rows = [w["report"].to_dict() for w in _weekly(desk)]
        return Response(
            to_csv(rows, REPORT_COLUMNS),
            media_type="text/csv",
            headers={"Content-Disposition": 'attachment; filename="takedown-report.csv"'},
        )

    @router.get(PREFIX + "/{takedown_id}")
    def detail(takedown_id: str, request: Request) -> Response:
        session = session_or_redirect(request)
        if not isinstance(session, DashboardSession):
            return session
        takedown = desk.get(takedown_id)
        if takedown is None:
            return error(session, 404, f"no removal request {takedown_id!r}")
        now = time.time()
        return page(
            "takedown_detail.html",
            **context(request, session),
            t=takedown,
            overdue=takedown.overdue(now),
            countdown=countdown(takedown.deadline, now) if takedown.open else "",
            matches=[(i, m, _has_thumbnail(store, desk, m)) for i, m in enumerate(takedown.matches)],
            deliveries=desk.repository.deliveries(takedown.id),
        )

    @router.get(PREFIX + "/{takedown_id}/thumb/{index}")
    def thumbnail(takedown_id: str, index: int, request: Request) -> Response:
        session = session_or_redirect(request)
        if not isinstance(session, DashboardSession):
            return Response(status_code=401)
        cached = blurred.get((takedown_id, index))
        if cached is None:
            takedown = desk.get(takedown_id)
            if takedown is None or not 0 <= index < len(takedown.matches):
                return Response(status_code=404)
            data = _thumbnail_source(store, desk, takedown.matches[index])
            if data is None:
                return Response(status_code=404)
            try:
                cached = thumbnail_png(data, blur=True, side=160)
            except InputError:
                return Response(status_code=404)
            blurred[(takedown_id, index)] = cached
            while len(blurred) > 256:
                blurred.popitem(last=False)
        return Response(cached, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})

    @router.post(PREFIX + "/{takedown_id}/{action}")
    async def act(takedown_id: str, action: str, request: Request) -> Response:
        session = session_or_redirect(request)
        if not isinstance(session, DashboardSession):
            return session
        origin = request.headers.get("origin")
        if origin and origin not in ("null", f"{request.url.scheme}://{request.url.netloc}"):
            return error(session, 403, "cross-site request refused")
        form = await request.form()
        token = request.headers.get(CSRF_HEADER) or str(form.get(CSRF_FIELD) or "")
        if not csrf_ok(session.token, token):
            return error(session, 403, "missing or wrong CSRF token; reload the page and retry")
        reason = str(form.get("reason") or "")
        try:
            if action == "accept":
                done = desk.accept(takedown_id, actor=session.actor, note=reason)
            elif action == "reject":
                done = desk.reject(takedown_id, actor=session.actor, reason=reason)
            elif action == "info":
                done = desk.ask_info(takedown_id, actor=session.actor, question=reason)
            else:
                return error(session, 404, f"no action {action!r}")
        except ConsentryError as exc:
            return error(session, 400, str(exc))
        except ValueError as exc:
            return error(session, 409, str(exc))
        if done is None:
            return error(session, 404, f"no removal request {takedown_id!r}")
        notice = {"accept": "accepted", "reject": "rejected", "info": "info_requested"}[action]
        return RedirectResponse(f"{PREFIX}/{quote(takedown_id, safe='')}?notice={notice}", status_code=303)

    return router


def _weekly(desk: TakedownDesk) -> list[dict[str, Any]]:
    """The report of each of the last weeks (Monday to Monday, UTC), oldest first."""
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    monday = today - timedelta(days=today.weekday())
    weeks = []
    for back in range(_WEEKS - 1, -1, -1):
        start = monday - timedelta(weeks=back)
        end = start + timedelta(weeks=1)
        weeks.append({"label": start.strftime("%d %b"), "report": desk.report(start.timestamp(), end.timestamp())})
    return weeks


def _has_thumbnail(store: SqlStore, desk: TakedownDesk, match: Match) -> bool:
    return bool(match.item_ref and desk.settings.thumbnail_url_template) or _kept_image(store, desk, match) is not None


def _kept_image(store: SqlStore, desk: TakedownDesk, match: Match) -> bytes | None:
    """The matched image's bytes, if the decision log kept them (``--keep-images``)."""
    if not match.decision_id or match.sighting_id is None:
        return None
    seen = desk.repository.sightings(ids=[match.sighting_id])
    kept = store.decisions.image(match.decision_id, seen[0].ref) if seen else None
    return kept[1] if kept is not None else None


def _thumbnail_source(store: SqlStore, desk: TakedownDesk, match: Match) -> bytes | None:
    """The item's image: kept by the decision log, else fetched from the site's thumbnail URL."""
    kept = _kept_image(store, desk, match)
    if kept is not None:
        return kept
    template = desk.settings.thumbnail_url_template
    if not template or not match.item_ref:
        return None
    import urllib.error
    import urllib.request

    url = template.replace("{item_ref}", quote(match.item_ref, safe=""))
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
