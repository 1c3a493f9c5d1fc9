"""Users as the decision log sees them: how many of their requests were denied, and whether a
moderator (or the automatic threshold) flagged them."""

from __future__ import annotations

import time

from sqlalchemy import select

from consentry.store.database import Database
from consentry.store.models import ReviewActionRow, UserRow
from consentry.store.records import UserRecord


class Users:
    """Read users and flag or unflag them (denied requests are counted by the decision log)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def get(self, user_id: str) -> UserRecord | None:
        with self.database.session() as s:
            row = s.get(UserRow, user_id)
            return _user(row) if row is not None else None

    def list(
        self, *, flagged: bool | None = None, min_denied: int = 0, limit: int = 100, offset: int = 0
    ) -> list[UserRecord]:
        """Users, those with the most denied requests first."""
        stmt = select(UserRow).where(UserRow.denied_count >= min_denied)
        if flagged is not None:
            stmt = stmt.where(UserRow.flagged.is_(flagged))
        stmt = stmt.order_by(UserRow.denied_count.desc(), UserRow.user_id).limit(limit).offset(offset)
        with self.database.session() as s:
            return [_user(r) for r in s.scalars(stmt)]

    def set_flag(self, user_id: str, flagged: bool, *, actor: str, note: str = "") -> UserRecord:
        """Flag or unflag a user (recorded as a review action). Unflagging resets the denied count,
        so that the automatic flag trips again only after ``threshold`` new denials."""
        now = time.time()
        with self.database.session() as s:
            row = s.get(UserRow, user_id)
            if row is None:
                row = UserRow(user_id=user_id, denied_count=0)
                s.add(row)
            previous = row.denied_count or 0
            row.flagged = flagged
            row.flagged_at = now if flagged else None
            row.flagged_by = actor if flagged else None
            row.flag_note = note if flagged else None
            if not flagged:
                row.denied_count = 0
            detail = note if flagged else f"{note} (denied count was {previous})".strip()
            action = "flag" if flagged else "unflag"
            s.add(ReviewActionRow(created_at=now, actor=actor, action=action, user_id=user_id, note=detail))
            s.flush()
            return _user(row)


def _user(row: UserRow) -> UserRecord:
    return UserRecord(
        user_id=row.user_id,
        denied_count=row.denied_count or 0,
        last_denied_at=row.last_denied_at,
        flagged=bool(row.flagged),
        flagged_at=row.flagged_at,
        flagged_by=row.flagged_by,
        flag_note=row.flag_note,
    )
