"""The dashboard's pages and actions, as a FastAPI router mounted under ``/dashboard``."""

from __future__ import annotations

import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy import select

from consentry.errors import InputError
from consentry.guard import Guard
from consentry.policy import AllowList
from consentry.service.dashboard import queries
from consentry.service.dashboard.auth import (
    COOKIE_PATH,
    CSRF_FIELD,
    CSRF_HEADER,
    LOGIN_COOKIE,
    SESSION_COOKIE,
    DashboardSession,
    Sessions,
    csrf_ok,
)
from consentry.service.dashboard.chart import VERDICT_COLOURS, Series, stacked_bars_svg
from consentry.service.dashboard.thumbnails import thumbnail_png
from consentry.service.dashboard.views import QueueItem, queue_item, when
from consentry.store.models import ReviewActionRow
from consentry.store.records import DecisionQuery, DecisionRecord, UserRecord
from consentry.store.sql import SqlStore

PREFIX = "/dashboard"
PAGE_SIZE = 20
IDENTITIES_SHOWN = 200  # rows on the galleries page (search for the others)
BLURRED_CACHE = 256  # blurred thumbnails kept in memory
REVEAL_TTL = 600.0  # seconds a revealed image stays viewable without a new reveal
STATIC_FILES = {"dashboard.css": "text/css", "dashboard.js": "text/javascript"}
NOTICES = {
    "confirmed": "Decision confirmed.",
    "overturned": "Decision overturned.",
    "overturned-allowed": "Decision overturned; the allow-list entries apply from the next check.",
    "flagged": "User flagged for review.",
    "unflagged": "User unflagged.",
    "signed-out": "Signed out.",
    "gallery-updated": "Gallery updated; detectors reloaded it.",
    "allow-removed": "Allow-list entry removed.",
}
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


class DashboardError(Exception):
    """An error shown to the moderator as a page (or a redirect, e.g. to the sign-in form)."""

    def __init__(self, status: int, message: str, *, location: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.location = location


def install_error_pages(app: FastAPI) -> None:
    """Show the dashboard's errors as pages rather than the API's JSON errors."""

    async def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, DashboardError)
        if exc.location is not None:
            return RedirectResponse(exc.location, status_code=exc.status)
        html = _ENV.get_template("error.html").render(
            session=None, active="", notice="", status=exc.status, message=exc.message, now=when(time.time())
        )
        return HTMLResponse(html, status_code=exc.status, headers=SECURITY_HEADERS)

    app.add_exception_handler(DashboardError, handler)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("consentry.service.dashboard", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["path"] = lambda value: quote(str(value), safe="")
    env.filters["when"] = when
    env.globals["base"] = PREFIX
    return env


_ENV = _environment()


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def _safe_next(value: object, default: str) -> str:
    """Only redirect within the dashboard (no open redirects)."""
    text = str(value or "")
    if (
        text.startswith(PREFIX + "/")
        and not text.startswith("//")
        and "\\" not in text
        and "\n" not in text
        and "\r" not in text
    ):
        return text
    return default


def _day_start(value: str | None, *, end: bool = False) -> float | None:
    if not value:
        return None
    try:
        day = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC).timestamp()
    except ValueError:
        raise DashboardError(400, f"dates are YYYY-MM-DD, not {value!r}") from None
    return day + 86400.0 if end else day


class Dashboard:
    """The dashboard bound to a store and to the running Guard."""

    def __init__(
        self,
        store: SqlStore,
        guard: Callable[[], Guard],
        *,
        sync_allow_list: Callable[[], object] | None = None,
        refresh_galleries: Callable[[], object] | None = None,
    ) -> None:
        self.store = store
        self.guard = guard
        self._sync_allow_list = sync_allow_list
        self._refresh_galleries = refresh_galleries
        self.sessions = Sessions(store)
        self.env = _ENV
        # Blurred thumbnails of the most recently shown images (a decision's images never change).
        self.blurred: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.lock = threading.Lock()

    # --- plumbing ---------------------------------------------------------------------------

    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(**context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def session_of(self, request: Request) -> DashboardSession | None:
        return self.sessions.get(request.cookies.get(SESSION_COOKIE))

    def require(self, request: Request) -> DashboardSession:
        session = self.session_of(request)
        if session is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            location = f"{PREFIX}/login?" + urlencode({"next": target})
            raise DashboardError(303, "sign in first", location=location)
        return session

    async def require_post(self, request: Request) -> tuple[DashboardSession, dict[str, Any]]:
        """A signed-in session and the form of a POST whose CSRF token and origin check out."""
        session = self.require(request)
        _check_origin(request)
        form = await request.form()
        fields: dict[str, Any] = {}
        for key, value in form.multi_items():
            if isinstance(value, str):
                fields.setdefault(key, []).append(value)
        token = request.headers.get(CSRF_HEADER) or (fields.get(CSRF_FIELD) or [""])[0]
        if not csrf_ok(session.token, token):
            raise DashboardError(403, "missing or wrong CSRF token; reload the page and retry")
        return session, {k: v if len(v) > 1 else v[0] for k, v in fields.items()}

    def sync_allow_list(self) -> None:
        """Make the running Guard's allow-list the store's (after an entry is removed)."""
        if self._sync_allow_list is not None:
            self._sync_allow_list()
            return
        entries = self.store.list_allow_entries()
        self.guard().allow_list = AllowList.of(  # replaced at once: a check reads it once
            phrases=[e.value for e in entries if e.kind == "phrase"],
            subjects=[e.value for e in entries if e.kind == "subject"],
        )

    def refresh_galleries(self) -> None:
        if self._refresh_galleries is not None:
            self._refresh_galleries()
        else:
            self.guard().refresh_galleries()

    def context(self, request: Request, session: DashboardSession | None, active: str) -> dict[str, Any]:
        notice = NOTICES.get(request.query_params.get("notice", ""), "")
        return {"session": session, "active": active, "notice": notice, "now": when(time.time())}


def _check_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    if origin and origin != "null":
        expected = f"{request.url.scheme}://{request.url.netloc}"
        if origin != expected and origin.replace("http://", "https://", 1) != expected.replace(
            "http://", "https://", 1
        ):
            raise DashboardError(403, "cross-site request refused")


def _list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def build_router(
    store: SqlStore,
    guard: Callable[[], Guard],
    *,
    sync_allow_list: Callable[[], object] | None = None,
    refresh_galleries: Callable[[], object] | None = None,
) -> APIRouter:
    """The dashboard router; include it in an app (``app.include_router(...)``).

    ``guard`` returns the running Guard: an overturn adds its allow-list entries to it at once.
    ``sync_allow_list`` and ``refresh_galleries`` (default: done on the Guard directly) let the
    service reload the allow-list and the galleries its own way after a change.
    """
    dash = Dashboard(store, guard, sync_allow_list=sync_allow_list, refresh_galleries=refresh_galleries)
    router = APIRouter(prefix=PREFIX, include_in_schema=False)

    @router.get("")
    @router.get("/")
    def home(request: Request) -> Response:
        target = "queue" if dash.session_of(request) else "login"
        return RedirectResponse(f"{PREFIX}/{target}", status_code=303)

    @router.get("/static/{name}")
    def static(name: str) -> Response:
        if name not in STATIC_FILES:
            raise DashboardError(404, "not found")
        data = resources.files("consentry.service.dashboard").joinpath("static", name).read_bytes()
        headers = {"Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"}
        return Response(data, media_type=STATIC_FILES[name], headers=headers)

    # --- sign in and out --------------------------------------------------------------------

    @router.get("/login")
    def login_form(request: Request) -> Response:
        nonce = secrets.token_urlsafe(24)
        next_url = _safe_next(request.query_params.get("next"), f"{PREFIX}/queue")
        response = dash.page("login.html", **dash.context(request, None, "login"), nonce=nonce, next=next_url, error="")
        response.set_cookie(
            LOGIN_COOKIE,
            nonce,
            max_age=900,
            path=COOKIE_PATH,
            httponly=True,
            samesite="strict",
            secure=_secure(request),
        )
        return response

    @router.post("/login")
    async def login(request: Request) -> Response:
        _check_origin(request)
        form = await request.form()
        key_text = str(form.get("key") or "").strip()
        nonce = str(form.get(CSRF_FIELD) or "")
        next_url = _safe_next(form.get("next"), f"{PREFIX}/queue")
        cookie_nonce = request.cookies.get(LOGIN_COOKIE, "")
        error = ""
        key = None
        if not nonce or nonce != cookie_nonce:
            error = "The sign-in form expired; please try again."
        else:
            key = store.verify_api_key(key_text) if key_text else None
            if key is None:
                error = "That key is not valid (unknown, mistyped or revoked)."
            elif key.scope != "admin":
                error = "That key has the 'check' scope; the dashboard needs an admin key."
                key = None
        if key is None:
            fresh = secrets.token_urlsafe(24)
            response = dash.page(
                "login.html", 401, **dash.context(request, None, "login"), nonce=fresh, next=next_url, error=error
            )
            response.set_cookie(
                LOGIN_COOKIE,
                fresh,
                max_age=900,
                path=COOKIE_PATH,
                httponly=True,
                samesite="strict",
                secure=_secure(request),
            )
            return response
        session = dash.sessions.open(key)
        redirect = RedirectResponse(next_url, status_code=303)
        redirect.set_cookie(
            SESSION_COOKIE,
            session.token,
            max_age=int(dash.sessions.ttl),
            path=COOKIE_PATH,
            httponly=True,
            samesite="strict",
            secure=_secure(request),
        )
        redirect.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)
        return redirect

    @router.post("/logout")
    async def logout(request: Request) -> Response:
        session, _ = await dash.require_post(request)
        dash.sessions.close(session.token)
        response = RedirectResponse(f"{PREFIX}/login?notice=signed-out", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
        return response

    # --- the review queue -------------------------------------------------------------------

    @router.get("/queue")
    def queue(request: Request) -> Response:
        session = dash.require(request)
        params = request.query_params
        verdict = params.get("verdict", "")
        status = params.get("status", "open")
        source = params.get("source", "")
        try:
            offset = max(0, int(params.get("offset", "0")))
        except ValueError:
            offset = 0
        query = DecisionQuery(
            user_id=params.get("user") or None,
            verdicts=(verdict,) if verdict in ("review", "deny") else ("review", "deny"),
            rule_id=params.get("rule") or None,
            since=_day_start(params.get("since")),
            until=_day_start(params.get("until"), end=True),
            source=source or None,
            unreviewed=status == "open",
            limit=PAGE_SIZE + 1,
            offset=offset,
        )
        records = store.search_decisions(query)
        more = len(records) > PAGE_SIZE
        records = records[:PAGE_SIZE]
        items = _items(dash, records)
        filters = {
            "verdict": verdict,
            "status": status,
            "source": source,
            "rule": params.get("rule", ""),
            "user": params.get("user", ""),
            "since": params.get("since", ""),
            "until": params.get("until", ""),
        }
        shown = {k: v for k, v in filters.items() if v}
        older = f"{PREFIX}/queue?" + urlencode({**shown, "offset": offset + PAGE_SIZE}) if more else ""
        newer = f"{PREFIX}/queue?" + urlencode({**shown, "offset": max(0, offset - PAGE_SIZE)}) if offset else ""
        return dash.page(
            "queue.html",
            **dash.context(request, session, "queue"),
            items=items,
            filters=filters,
            rules=queries.known_rules(store),
            total=store.count_decisions(query),
            older=older,
            newer=newer,
            here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        )

    @router.get("/decisions/{decision_id}")
    def decision_page(request: Request, decision_id: str) -> Response:
        session = dash.require(request)
        record = store.get_decision(decision_id)
        if record is None:
            raise DashboardError(404, "no such decision")
        (item,) = _items(dash, [record])
        return dash.page(
            "decision.html",
            **dash.context(request, session, "queue"),
            item=item,
            revealed=_revealed_refs(store, session, decision_id),
            here=request.url.path,
        )

    @router.post("/decisions/{decision_id}/confirm")
    async def confirm(request: Request, decision_id: str) -> Response:
        session, form = await dash.require_post(request)
        _get_record(store, decision_id)
        store.record_review(
            actor=session.actor, action="confirm", decision_id=decision_id, note=str(form.get("note", ""))
        )
        return _back(form, decision_id, "confirmed")

    @router.post("/decisions/{decision_id}/overturn")
    async def overturn(request: Request, decision_id: str) -> Response:
        session, form = await dash.require_post(request)
        record = _get_record(store, decision_id)
        note = str(form.get("note", "")).strip()
        phrases = [p for p in _list(form.get("allow_phrase")) if p.strip()]
        subjects = [s for s in _list(form.get("allow_subject")) if s.strip()]
        extra = str(form.get("allow_extra", "")).strip()
        if extra:
            phrases.append(extra)
        added = []
        try:
            for phrase in phrases:
                added.append(
                    store.add_allow_entry(
                        "phrase", phrase, created_by=session.actor, reason=note, decision_id=record.id
                    )
                )
            for subject in subjects:
                added.append(
                    store.add_allow_entry(
                        "subject", subject, created_by=session.actor, reason=note, decision_id=record.id
                    )
                )
        except InputError as exc:
            raise DashboardError(400, str(exc)) from None
        if added:
            dash.guard().allow(
                phrases=[a.value for a in added if a.kind == "phrase"],
                subjects=[a.value for a in added if a.kind == "subject"],
            )
        listed = "; ".join(f"allow-list {a.kind} {a.value!r}" for a in added)
        store.record_review(
            actor=session.actor,
            action="overturn",
            decision_id=record.id,
            note="; ".join(x for x in (note, listed) if x),
        )
        return _back(form, decision_id, "overturned-allowed" if added else "overturned")

    # --- images: blurred by default, clear after a logged reveal ----------------------------

    @router.get("/decisions/{decision_id}/images/{ref}/blurred.png")
    def blurred(request: Request, decision_id: str, ref: str) -> Response:
        dash.require(request)
        key = (decision_id, ref)
        if key not in queries.stored_image_refs(store, [decision_id]):  # e.g. purged since
            raise DashboardError(404, "this image was not stored (only its hash was kept)")
        with dash.lock:
            png = dash.blurred.get(key)
            if png is not None:
                dash.blurred.move_to_end(key)
        if png is None:
            png = _thumbnail(store, decision_id, ref, blur=True)
            with dash.lock:
                dash.blurred[key] = png
                while len(dash.blurred) > BLURRED_CACHE:
                    dash.blurred.popitem(last=False)
        return _png(png)

    @router.post("/decisions/{decision_id}/images/{ref}/reveal")
    async def reveal(request: Request, decision_id: str, ref: str) -> Response:
        session, _form = await dash.require_post(request)
        if store.decision_image(decision_id, ref) is None:
            raise DashboardError(404, "this image was not stored (only its hash was kept)")
        _log_reveal(store, session, decision_id, ref)
        url = f"{PREFIX}/decisions/{quote(decision_id, safe='')}/images/{quote(ref, safe='')}/clear.png"
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"url": url}, headers={"Cache-Control": "no-store"})
        return RedirectResponse(f"{PREFIX}/decisions/{quote(decision_id, safe='')}#image-{ref}", status_code=303)

    @router.get("/decisions/{decision_id}/images/{ref}/clear.png")
    def clear(request: Request, decision_id: str, ref: str) -> Response:
        session = dash.require(request)
        if ref not in _revealed_refs(store, session, decision_id):
            raise DashboardError(403, "reveal the image first (the reveal is logged)")
        return _png(_thumbnail(store, decision_id, ref, blur=False))

    # --- users ------------------------------------------------------------------------------

    @router.post("/users/flag")
    async def flag(request: Request) -> Response:
        session, form = await dash.require_post(request)
        user_id = str(form.get("user_id", "")).strip()
        if not user_id:
            raise DashboardError(400, "no user id")
        flagged = str(form.get("flagged", "1")) == "1"
        store.set_user_flag(user_id, flagged, actor=session.actor, note=str(form.get("note", "")))
        next_url = _safe_next(form.get("next"), f"{PREFIX}/queue")
        sep = "&" if "?" in next_url else "?"
        return RedirectResponse(f"{next_url}{sep}notice={'flagged' if flagged else 'unflagged'}", status_code=303)

    # --- overview ---------------------------------------------------------------------------

    @router.get("/overview")
    def overview(request: Request) -> Response:
        session = dash.require(request)
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
        return dash.page(
            "overview.html",
            **dash.context(request, session, "overview"),
            days=days,
            counts=counts,
            verdict_chart=verdict_chart,
            rule_chart=rule_chart,
            totals={v: sum(c) for v, c in counts.by_verdict.items()},
            top_rules=queries.top_rules(store, since),
            repeat_users=store.list_users(min_denied=2, limit=15),
            flagged_users=store.list_users(flagged=True, limit=50),
            open_count=store.count_decisions(DecisionQuery(verdicts=("review", "deny"), unreviewed=True)),
        )

    # --- galleries --------------------------------------------------------------------------

    @router.get("/galleries")
    def galleries(request: Request) -> Response:
        session = dash.require(request)
        gallery = store.gallery
        identities = gallery.list_identities()
        lists = gallery.list_hash_lists()
        search = request.query_params.get("q", "").strip()
        needle = search.casefold()
        found = [
            i
            for i in identities
            if not needle
            or needle in i.name.casefold()
            or needle in i.id.casefold()
            or needle == i.gallery.casefold()
            or any(needle in a.casefold() for a in i.aliases)
        ]
        found.sort(key=lambda i: (i.gallery, i.name.casefold()))
        return dash.page(
            "galleries.html",
            **dash.context(request, session, "galleries"),
            identities=found[:IDENTITIES_SHOWN],
            matching=len(found),
            total_identities=len(identities),
            search=search,
            gallery_names=sorted({i.gallery for i in identities} | gallery.disabled_galleries()),
            disabled=gallery.disabled_galleries(),
            hash_lists=[(h, gallery.count_hashes(h.id)) for h in lists],
        )

    @router.post("/galleries/{what}/{item_id}/{action}")
    async def gallery_action(request: Request, what: str, item_id: str, action: str) -> Response:
        session, _ = await dash.require_post(request)
        gallery = store.gallery
        if action not in ("enable", "disable", "remove") or what not in ("identity", "hash-list", "gallery"):
            raise DashboardError(404, "not found")
        found = True
        if what == "identity":
            if action == "remove":
                found = gallery.remove_identity(item_id)
            else:
                found = gallery.set_identity_enabled(item_id, action == "enable")
        elif what == "hash-list":
            if action == "remove":
                found = gallery.remove_hash_list(item_id)
            else:
                found = gallery.set_hash_list_enabled(item_id, action == "enable")
        else:
            if action == "remove":
                raise DashboardError(400, "remove a gallery's identities one by one")
            gallery.set_gallery_enabled(item_id, action == "enable")
        if not found:
            raise DashboardError(404, f"no {what} {item_id!r}")
        store.record_review(actor=session.actor, action=f"{what}-{action}", note=f"{what} {item_id}")
        dash.refresh_galleries()
        return RedirectResponse(f"{PREFIX}/galleries?notice=gallery-updated", status_code=303)

    # --- the allow-list ---------------------------------------------------------------------

    @router.get("/allow-list")
    def allow_list(request: Request) -> Response:
        session = dash.require(request)
        return dash.page(
            "allow_list.html",
            **dash.context(request, session, "allow-list"),
            entries=list(reversed(store.list_allow_entries())),
        )

    @router.post("/allow-list/{entry_id}/remove")
    async def allow_remove(request: Request, entry_id: int) -> Response:
        session, _ = await dash.require_post(request)
        if not store.remove_allow_entry(entry_id):
            raise DashboardError(404, "no such allow-list entry")
        store.record_review(actor=session.actor, action="allow-remove", note=f"allow-list entry {entry_id}")
        dash.sync_allow_list()
        return RedirectResponse(f"{PREFIX}/allow-list?notice=allow-removed", status_code=303)

    return router


def _get_record(store: SqlStore, decision_id: str) -> DecisionRecord:
    record = store.get_decision(decision_id)
    if record is None:
        raise DashboardError(404, "no such decision")
    return record


def _back(form: dict[str, Any], decision_id: str, notice: str) -> Response:
    next_url = _safe_next(form.get("next"), f"{PREFIX}/decisions/{quote(decision_id, safe='')}")
    path, _, fragment = next_url.partition("#")
    sep = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{sep}notice={notice}" + (f"#{fragment}" if fragment else ""), status_code=303)


def _items(dash: Dashboard, records: list[DecisionRecord]) -> list[QueueItem]:
    store = dash.store
    refs = queries.stored_image_refs(store, [r.id for r in records])
    users: dict[str, UserRecord | None] = {}
    for r in records:
        if r.user_id and r.user_id not in users:
            users[r.user_id] = store.get_user(r.user_id)
    return [
        queue_item(
            r,
            stored_refs=refs,
            reviews=store.list_reviews(decision_id=r.id, limit=10),
            user=users.get(r.user_id) if r.user_id else None,
            gallery=store.gallery,
        )
        for r in records
    ]


def _thumbnail(store: SqlStore, decision_id: str, ref: str, *, blur: bool) -> bytes:
    kept = store.decision_image(decision_id, ref)
    if kept is None:
        raise DashboardError(404, "this image was not stored (only its hash was kept)")
    try:
        return thumbnail_png(kept[1], blur=blur)
    except InputError as exc:
        raise DashboardError(422, str(exc)) from None


def _png(png: bytes) -> Response:
    headers = {"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}
    return Response(png, media_type="image/png", headers=headers)


def _log_reveal(store: SqlStore, session: DashboardSession, decision_id: str, ref: str) -> None:
    # A reveal is logged like any review action, but it does not settle the decision, so it is
    # written beside ``record_review`` (which would set the decision's review status).
    with store.session() as s:
        s.add(
            ReviewActionRow(
                created_at=time.time(), actor=session.actor, action="reveal", decision_id=decision_id, note=ref
            )
        )


def _revealed_refs(store: SqlStore, session: DashboardSession, decision_id: str) -> set[str]:
    since = time.time() - REVEAL_TTL
    with store.session() as s:
        rows = s.scalars(
            select(ReviewActionRow.note).where(
                ReviewActionRow.decision_id == decision_id,
                ReviewActionRow.action == "reveal",
                ReviewActionRow.actor == session.actor,
                ReviewActionRow.created_at >= since,
            )
        )
        return set(rows)
