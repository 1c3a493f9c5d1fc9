"""API keys: only the SHA-256 of a key's secret is kept; the token is shown once."""

from __future__ import annotations

import hmac
import secrets
import time

from sqlalchemy import select, update

from consentry.errors import InputError
from consentry.store.database import Database, rowcount, sha256_text
from consentry.store.models import ApiKeyRow
from consentry.store.records import SCOPES, ApiKey, Scope

KEY_PREFIX = "csk_"


class ApiKeys:
    """Create, verify, list and revoke API keys."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def create(self, scope: Scope, name: str = "") -> tuple[ApiKey, str]:
        """A new key: returns the stored record and the secret token (shown once, never kept)."""
        if scope not in SCOPES:
            raise InputError(f"scope must be one of {', '.join(SCOPES)}, not {scope!r}", field="scope")
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = f"{KEY_PREFIX}{key_id}_{secret}"
        key = ApiKey(id=key_id, scope=scope, name=name, created_at=time.time())
        row = ApiKeyRow(id=key.id, name=name, scope=scope, secret_sha256=sha256_text(secret), created_at=key.created_at)
        with self.database.session() as s:
            s.add(row)
        return key, token

    def verify(self, token: str) -> ApiKey | None:
        """The active key a token belongs to, or None (unknown, malformed or revoked)."""
        if not token.startswith(KEY_PREFIX):
            return None
        key_id, sep, secret = token[len(KEY_PREFIX) :].partition("_")
        if not sep or not key_id or not secret:
            return None
        with self.database.session(drain=False) as s:
            row = s.get(ApiKeyRow, key_id)
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.secret_sha256, sha256_text(secret)):
            return None
        return api_key(row)

    def list(self) -> list[ApiKey]:
        with self.database.session() as s:
            return [api_key(r) for r in s.scalars(select(ApiKeyRow).order_by(ApiKeyRow.created_at))]

    def revoke(self, key_id: str) -> bool:
        stmt = (
            update(ApiKeyRow)
            .where(ApiKeyRow.id == key_id, ApiKeyRow.revoked_at.is_(None))
            .values(revoked_at=time.time())
        )
        with self.database.session() as s:
            return rowcount(s.execute(stmt)) > 0


def api_key(row: ApiKeyRow) -> ApiKey:
    scope: Scope = next((s for s in SCOPES if s == row.scope), "check")
    return ApiKey(id=row.id, scope=scope, name=row.name, created_at=row.created_at, revoked_at=row.revoked_at)
