"""Moderators' actions: confirm, overturn, flag, gallery changes, and the logged reveal of an image."""

from __future__ import annotations

import time

from sqlalchemy import select, update

from consentry.errors import InputError
from consentry.store.database import Database
from consentry.store.models import DecisionRow, ReviewActionRow
from consentry.store.records import ReviewAction

REVEAL = "reveal"


class Reviews:
    """The review log: who did what, when, to which decision or user."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def record(
        self,
        *,
        actor: str,
        action: str,
        decision_id: str | None = None,
        user_id: str | None = None,
        note: str = "",
    ) -> ReviewAction:
        """Record a moderator's action; an action on a decision becomes its ``review_status``."""
        if not action:
            raise InputError("a review action needs a name (e.g. 'confirm', 'overturn')", field="action")
        row = ReviewActionRow(
            created_at=time.time(), actor=actor, action=action, decision_id=decision_id, user_id=user_id, note=note
        )
        with self.database.session() as s:
            s.add(row)
            if decision_id is not None:
                s.execute(update(DecisionRow).where(DecisionRow.id == decision_id).values(review_status=action))
            s.flush()
            return _review(row)

    def list(
        self, *, decision_id: str | None = None, user_id: str | None = None, limit: int = 100
    ) -> list[ReviewAction]:
        stmt = select(ReviewActionRow)
        if decision_id is not None:
            stmt = stmt.where(ReviewActionRow.decision_id == decision_id)
        if user_id is not None:
            stmt = stmt.where(ReviewActionRow.user_id == user_id)
        stmt = stmt.order_by(ReviewActionRow.created_at.desc(), ReviewActionRow.id.desc()).limit(limit)
        with self.database.session() as s:
            return [_review(r) for r in s.scalars(stmt)]

    def log_reveal(self, *, actor: str, decision_id: str, ref: str) -> None:
        """Log that a moderator saw an image of a decision in the clear. Unlike ``record``, this
        does not settle the decision (its review status stays)."""
        row = ReviewActionRow(created_at=time.time(), actor=actor, action=REVEAL, decision_id=decision_id, note=ref)
        with self.database.session() as s:
            s.add(row)

    def revealed(self, *, actor: str, decision_id: str, since: float) -> set[str]:
        """The image refs of a decision this moderator revealed since ``since``."""
        stmt = select(ReviewActionRow.note).where(
            ReviewActionRow.decision_id == decision_id,
            ReviewActionRow.action == REVEAL,
            ReviewActionRow.actor == actor,
            ReviewActionRow.created_at >= since,
        )
        with self.database.session() as s:
            return set(s.scalars(stmt))


def _review(row: ReviewActionRow) -> ReviewAction:
    return ReviewAction(
        id=row.id,
        created_at=row.created_at,
        actor=row.actor,
        action=row.action,
        decision_id=row.decision_id,
        user_id=row.user_id,
        note=row.note,
    )
