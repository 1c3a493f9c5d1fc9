"""Dashboard sign-in and sign-out: an admin API key opens a server-side session; forms carry a CSRF token.

* The session cookie holds a random token; the database keeps only its SHA-256, so a copy of the
  database does not let anyone in, and signing out deletes the row (the cookie is then useless).
* The cookie is ``HttpOnly``, ``SameSite=Strict``, limited to ``/dashboard`` and ``Secure`` when the
  dashboard is served over HTTPS.
* Every state-changing request (a POST) must carry the session's CSRF token, an HMAC of the
  session token, in a form field or the ``X-CSRF-Token`` header; a POST whose ``Origin`` names
  another site is refused as well. The sign-in form uses a double-submit cookie instead.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from consentry.service.dashboard.pages import NOTICES, PREFIX, DashboardError, redirect, render, safe_next
from consentry.service.dashboard.views import when
from consentry.store import ApiKey, SqlStore
from consentry.store.sessions import SessionRecord

SESSION_COOKIE = "consentry_dashboard"
LOGIN_COOKIE = "consentry_dashboard_login"
COOKIE_PATH = "/dashboard"
SESSION_TTL = 8 * 3600.0  # seconds of inactivity before a session ends
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def csrf_for(session_token: str) -> str:
    """The CSRF token of a session: derived from its secret, so nothing else is stored."""
    return hmac.new(session_token.encode("utf-8"), b"consentry-dashboard-csrf", hashlib.sha256).hexdigest()


def csrf_ok(session_token: str, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(csrf_for(session_token), submitted or "")


def actor_name(key: ApiKey) -> str:
    """How a moderator is named in the review log: the key's name and id."""
    return f"{key.name} (key {key.id})" if key.name else f"key {key.id}"


@dataclass(frozen=True, slots=True)
class DashboardSession:
    token: str
    key_id: str
    actor: str
    created_at: float
    expires_at: float

    @property
    def csrf(self) -> str:
        return csrf_for(self.token)


class Sessions:
    """Dashboard sessions kept in the store's database (works across several instances)."""

    def __init__(self, store: SqlStore, ttl: float = SESSION_TTL) -> None:
        self.store = store
        self.ttl = ttl

    def open(self, key: ApiKey) -> DashboardSession:
        token = secrets.token_urlsafe(32)
        now = time.time()
        record = SessionRecord(key.id, actor_name(key), now, now + self.ttl)
        self.store.sessions.open(token, record)
        return DashboardSession(token, record.key_id, record.actor, record.created_at, record.expires_at)

    def get(self, token: str | None) -> DashboardSession | None:
        """The live session of a cookie token (its expiry slides forward), or None."""
        if not token or len(token) > 200:
            return None
        record = self.store.sessions.get(token, now=time.time(), ttl=self.ttl)
        if record is None:
            return None
        return DashboardSession(token, record.key_id, record.actor, record.created_at, record.expires_at)

    def close(self, token: str) -> None:
        self.store.sessions.close(token)


def context(request: Request, session: DashboardSession | None, active: str) -> dict[str, Any]:
    """What every page's frame shows: who is signed in, the active tab, a notice after an action."""
    notice = NOTICES.get(request.query_params.get("notice", ""), "")
    return {"session": session, "active": active, "notice": notice, "now": when(time.time())}


class Gate:
    """Who may see a page or post a form: a live session, and for a POST its CSRF token and origin."""

    def __init__(self, store: SqlStore) -> None:
        self.sessions = Sessions(store)

    def session_of(self, request: Request) -> DashboardSession | None:
        return self.sessions.get(request.cookies.get(SESSION_COOKIE))

    def require(self, request: Request) -> DashboardSession:
        """The signed-in session, or a redirect to the sign-in form that comes back here."""
        session = self.session_of(request)
        if session is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            location = f"{PREFIX}/login?" + urlencode({"next": target})
            raise DashboardError(303, "sign in first", location=location)
        return session

    async def require_post(self, request: Request) -> tuple[DashboardSession, dict[str, Any]]:
        """A signed-in session and the form of a POST whose CSRF token and origin check out."""
        session = self.require(request)
        check_origin(request)
        form = await request.form()
        fields: dict[str, Any] = {}
        for key, value in form.multi_items():
            if isinstance(value, str):
                fields.setdefault(key, []).append(value)
        token = request.headers.get(CSRF_HEADER) or (fields.get(CSRF_FIELD) or [""])[0]
        if not csrf_ok(session.token, token):
            raise DashboardError(403, "missing or wrong CSRF token; reload the page and retry")
        return session, {k: v if len(v) > 1 else v[0] for k, v in fields.items()}


def check_origin(request: Request) -> None:
    origin = request.headers.get("origin")
    if origin and origin != "null":
        expected = f"{request.url.scheme}://{request.url.netloc}"
        if origin != expected and origin.replace("http://", "https://", 1) != expected.replace(
            "http://", "https://", 1
        ):
            raise DashboardError(403, "cross-site request refused")


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


def _cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(
        name, value, max_age=max_age, path=COOKIE_PATH, httponly=True, samesite="strict", secure=_secure(request)
    )


def _login_page(request: Request, next_url: str, *, status: int = 200, error: str = "") -> Response:
    """The sign-in form, with a fresh nonce in a cookie and in the form (double submit)."""
    nonce = secrets.token_urlsafe(24)
    response = render("login.html", status, **context(request, None, "login"), nonce=nonce, next=next_url, error=error)
    _cookie(response, request, LOGIN_COOKIE, nonce, 900)
    return response


def _key_error(store: SqlStore, key_text: str) -> tuple[ApiKey | None, str]:
    key = store.keys.verify(key_text) if key_text else None
    if key is None:
        return None, "That key is not valid (unknown, mistyped or revoked)."
    if key.scope != "admin":
        return None, f"That key has the '{key.scope}' scope; the dashboard needs an admin key."
    return key, ""


def router(gate: Gate, store: SqlStore) -> APIRouter:
    """The dashboard's home (to the queue or the sign-in form), sign-in and sign-out."""
    routes = APIRouter(prefix=PREFIX, include_in_schema=False)
    default_next = f"{PREFIX}/queue"

    @routes.get("")
    @routes.get("/")
    def home(request: Request) -> Response:
        return redirect(f"{PREFIX}/{'queue' if gate.session_of(request) else 'login'}")

    @routes.get("/login")
    def login_form(request: Request) -> Response:
        return _login_page(request, safe_next(request.query_params.get("next"), default_next))

    @routes.post("/login")
    async def login(request: Request) -> Response:
        check_origin(request)
        form = await request.form()
        next_url = safe_next(form.get("next"), default_next)
        nonce = str(form.get(CSRF_FIELD) or "")
        if not nonce or nonce != request.cookies.get(LOGIN_COOKIE, ""):
            key, error = None, "The sign-in form expired; please try again."
        else:
            key, error = _key_error(store, str(form.get("key") or "").strip())
        if key is None:
            return _login_page(request, next_url, status=401, error=error)
        session = gate.sessions.open(key)
        response = redirect(next_url)
        _cookie(response, request, SESSION_COOKIE, session.token, int(gate.sessions.ttl))
        response.delete_cookie(LOGIN_COOKIE, path=COOKIE_PATH)
        return response

    @routes.post("/logout")
    async def logout(request: Request) -> Response:
        session, _ = await gate.require_post(request)
        gate.sessions.close(session.token)
        response = redirect(f"{PREFIX}/login?notice=signed-out")
        response.delete_cookie(SESSION_COOKIE, path=COOKIE_PATH)
        return response

    return routes
