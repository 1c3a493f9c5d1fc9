"""Dashboard sessions: only the SHA-256 of a session's token is kept, so a copy of the database
does not let anyone in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import delete, select, update

from consentry.store.database import Database, sha256_text
from consentry.store.models import ApiKeyRow, DashboardSessionRow

SLIDE_EVERY = 60.0  # seconds: a session's expiry is written forward at most this often


@dataclass(frozen=True, slots=True)
class SessionRecord:
    key_id: str  # the admin API key that signed in
    actor: str
    created_at: float
    expires_at: float


class DashboardSessions:
    """Open, find (with a sliding expiry) and close dashboard sessions."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def open(self, token: str, session: SessionRecord) -> None:
        """Keep a new session (and drop the expired ones)."""
        row = DashboardSessionRow(
            id=sha256_text(token),
            key_id=session.key_id,
            actor=session.actor,
            created_at=session.created_at,
            expires_at=session.expires_at,
        )
        with self.database.session() as s:
            s.execute(delete(DashboardSessionRow).where(DashboardSessionRow.expires_at < session.created_at))
            s.add(row)

    def get(self, token: str, *, now: float, ttl: float) -> SessionRecord | None:
        """The live session of a token, its expiry moved to ``now + ttl``; None when it expired,
        or when its key was revoked or is no longer an admin key (the session is then ended)."""
        with self.database.session() as s:
            row = s.scalar(select(DashboardSessionRow).where(DashboardSessionRow.id == sha256_text(token)))
            if row is None or row.expires_at < now:
                return None
            key = s.get(ApiKeyRow, row.key_id)
            if key is None or key.revoked_at is not None or key.scope != "admin":
                s.execute(delete(DashboardSessionRow).where(DashboardSessionRow.id == row.id))
                return None
            expires = now + ttl
            if expires - row.expires_at > SLIDE_EVERY:
                s.execute(
                    update(DashboardSessionRow).where(DashboardSessionRow.id == row.id).values(expires_at=expires)
                )
            return SessionRecord(row.key_id, row.actor, row.created_at, expires)

    def close(self, token: str) -> None:
        with self.database.session() as s:
            s.execute(delete(DashboardSessionRow).where(DashboardSessionRow.id == sha256_text(token)))
