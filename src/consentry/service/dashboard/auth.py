"""Dashboard sign-in: an admin API key opens a server-side session; forms carry a CSRF token.

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

from sqlalchemy import delete, select, update

from consentry.store.models import ApiKeyRow, DashboardSessionRow
from consentry.store.records import ApiKey
from consentry.store.sql import SqlStore

SESSION_COOKIE = "consentry_dashboard"
LOGIN_COOKIE = "consentry_dashboard_login"
COOKIE_PATH = "/dashboard"
SESSION_TTL = 8 * 3600.0  # seconds of inactivity before a session ends
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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
        session = DashboardSession(token, key.id, actor_name(key), now, now + self.ttl)
        with self.store.session() as s:
            s.execute(delete(DashboardSessionRow).where(DashboardSessionRow.expires_at < now))
            s.add(
                DashboardSessionRow(
                    id=_sha256(token),
                    key_id=key.id,
                    actor=session.actor,
                    created_at=now,
                    expires_at=session.expires_at,
                )
            )
        return session

    def get(self, token: str | None) -> DashboardSession | None:
        """The live session of a cookie token (its expiry slides forward), or None."""
        if not token or len(token) > 200:
            return None
        now = time.time()
        with self.store.session() as s:
            row = s.scalar(select(DashboardSessionRow).where(DashboardSessionRow.id == _sha256(token)))
            if row is None or row.expires_at < now:
                return None
            key = s.get(ApiKeyRow, row.key_id)
            if key is None or key.revoked_at is not None or key.scope != "admin":  # revoked since sign-in
                s.execute(delete(DashboardSessionRow).where(DashboardSessionRow.id == row.id))
                return None
            key_id, actor, created_at = row.key_id, row.actor, row.created_at
            expires = now + self.ttl
            if expires - row.expires_at > 60:  # write at most once a minute
                s.execute(
                    update(DashboardSessionRow).where(DashboardSessionRow.id == row.id).values(expires_at=expires)
                )
        return DashboardSession(token, key_id, actor, created_at, expires)

    def close(self, token: str) -> None:
        with self.store.session() as s:
            s.execute(delete(DashboardSessionRow).where(DashboardSessionRow.id == _sha256(token)))
