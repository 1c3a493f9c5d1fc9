"""The store of notice-and-removal: takedown requests and their compliance record, with the image
sightings (``takedown_sightings``) and the outbox of notifications (``takedown_outbox``) in one
repository over the store's engine (its own tables, see ``consentry.store.takedown_models``);
every method raises ``StoreUnavailableError`` when the database cannot be reached. The records it
returns are in ``takedown_records``.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from consentry.store.takedown_models import (
    TakedownEventRow,
    TakedownHashRow,
    TakedownMatchRow,
    TakedownRow,
)
from consentry.store.takedown_outbox import OutboxRepository
from consentry.store.takedown_records import (
    OPEN_STATUSES,
    STATUSES,
    Delivery,
    Event,
    Match,
    NewSighting,
    Relationship,
    Report,
    ReportedImage,
    Sighting,
    Status,
    Takedown,
)
from consentry.store.takedown_sightings import SightingRepository


class TakedownRepository(SightingRepository, OutboxRepository):
    """Sightings (``SightingRepository``), requests and their record, and the notification outbox
    (``OutboxRepository``), in the store's database."""

    # --- requests -------------------------------------------------------------------------------

    def create(
        self,
        *,
        received_at: float,
        deadline: float,
        relationship: str,
        full_name: str,
        contact_email: str,
        signature: str,
        details: str,
        content_refs: Sequence[str],
        images: Sequence[ReportedImage],
        matches: Sequence[Match],
        face_model: str | None = None,
        face_vector: npt.NDArray[np.float32] | None = None,
        actor: str = "requester",
    ) -> Takedown:
        takedown_id = "td_" + uuid.uuid4().hex[:24]
        with self.session() as s:
            s.add(
                TakedownRow(
                    id=takedown_id,
                    status="received",
                    received_at=received_at,
                    deadline=deadline,
                    relationship=relationship,
                    full_name=full_name,
                    contact_email=contact_email,
                    signature=signature,
                    details=details,
                    content_refs=list(content_refs),
                    good_faith=True,
                    face_consent=face_vector is not None,
                    face_model=face_model,
                    face_vector=None if face_vector is None else np.asarray(face_vector, dtype="<f4").tobytes(),
                    reason="",
                )
            )
            s.flush()
            s.add_all(_hash_rows(takedown_id, images))
            self._add_matches(s, takedown_id, matches)
            counts = {"images": len(images), "content_refs": len(content_refs), "matches": len(matches)}
            s.add(
                TakedownEventRow(
                    takedown_id=takedown_id, at=received_at, actor=actor, action="received", note="", data=counts
                )
            )
        found = self.get(takedown_id)
        assert found is not None
        return found

    @staticmethod
    def _add_matches(s: Session, takedown_id: str, matches: Sequence[Match]) -> None:
        for m in matches:
            s.add(
                TakedownMatchRow(
                    takedown_id=takedown_id,
                    via=m.via,
                    item_ref=m.item_ref,
                    user_id=m.user_id,
                    decision_id=m.decision_id,
                    sighting_id=m.sighting_id,
                    distance=m.distance,
                    pdq_hex=m.pdq_hex,
                    seen_at=m.seen_at,
                )
            )

    def get(self, takedown_id: str) -> Takedown | None:
        with self.session() as s:
            row = s.get(TakedownRow, takedown_id)
            if row is None:
                return None
            images = s.scalars(
                select(TakedownHashRow)
                .where(TakedownHashRow.takedown_id == takedown_id)
                .order_by(TakedownHashRow.position, TakedownHashRow.id)
            )
            matches = s.scalars(
                select(TakedownMatchRow)
                .where(TakedownMatchRow.takedown_id == takedown_id)
                .order_by(TakedownMatchRow.id)
            )
            events = s.scalars(
                select(TakedownEventRow)
                .where(TakedownEventRow.takedown_id == takedown_id)
                .order_by(TakedownEventRow.at, TakedownEventRow.id)
            )
            return _takedown(row, list(images), list(matches), list(events))

    def find(
        self, *, status: Sequence[str] = (), since: float | None = None, limit: int = 100, offset: int = 0
    ) -> list[Takedown]:
        """Requests, the nearest deadline first among open ones, then the newest decided."""
        stmt = select(TakedownRow)
        if status:
            stmt = stmt.where(TakedownRow.status.in_(list(status)))
        if since is not None:
            stmt = stmt.where(TakedownRow.received_at >= since)
        stmt = stmt.order_by(TakedownRow.deadline, TakedownRow.id).limit(limit).offset(offset)
        with self.session() as s:
            rows = list(s.scalars(stmt))
            counts: dict[str, int] = {}
            if rows:
                counted = (
                    select(TakedownMatchRow.takedown_id, func.count())
                    .where(TakedownMatchRow.takedown_id.in_([r.id for r in rows]))
                    .group_by(TakedownMatchRow.takedown_id)
                )
                counts = {k: int(n) for k, n in s.execute(counted)}
            return [_takedown(r, [], [], [], match_count=counts.get(r.id, 0)) for r in rows]

    def count(self, *, status: Sequence[str] = ()) -> int:
        stmt = select(func.count()).select_from(TakedownRow)
        if status:
            stmt = stmt.where(TakedownRow.status.in_(list(status)))
        with self.session() as s:
            return int(s.scalar(stmt) or 0)

    def transition(
        self,
        takedown_id: str,
        to: Status,
        *,
        actor: str,
        reason: str = "",
        allowed_from: Sequence[str] = OPEN_STATUSES,
        at: float | None = None,
    ) -> Takedown | None:
        """Move a request to ``to`` if it is in one of ``allowed_from`` (atomically), with an
        event. None when there is no such request; raises ``ValueError`` when its state forbids it."""
        now = time.time() if at is None else at
        with self.session() as s:
            row = s.get(TakedownRow, takedown_id)
            if row is None:
                return None
            if row.status not in allowed_from:
                raise ValueError(f"the request is already {row.status.replace('_', ' ')}")
            values: dict[str, Any] = {"status": to}
            if to in ("accepted", "rejected"):
                values.update(decided_at=now, decided_by=actor, reason=reason)
            result = s.execute(
                update(TakedownRow)
                .where(TakedownRow.id == takedown_id, TakedownRow.status == row.status)
                .values(**values)
            )
            if not getattr(result, "rowcount", 1):
                raise ValueError("the request changed meanwhile; reload it")
            s.add(TakedownEventRow(takedown_id=takedown_id, at=now, actor=actor, action=to, note=reason, data={}))
        return self.get(takedown_id)

    def add_event(
        self, takedown_id: str, action: str, *, actor: str, note: str = "", data: dict[str, Any] | None = None
    ) -> None:
        with self.session() as s:
            s.add(
                TakedownEventRow(
                    takedown_id=takedown_id, at=time.time(), actor=actor, action=action, note=note, data=data or {}
                )
            )

    def add_matches(self, takedown_id: str, matches: Sequence[Match]) -> None:
        with self.session() as s:
            self._add_matches(s, takedown_id, matches)

    def set_removed(self, takedown_id: str, at: float) -> None:
        with self.session() as s:
            s.execute(
                update(TakedownRow)
                .where(TakedownRow.id == takedown_id, TakedownRow.removed_at.is_(None))
                .values(removed_at=at)
            )

    def purge_requesters(self, *, decided_before: float, actor: str = "retention") -> int:
        """Clear the requester's details (name, email, signature, details, face embedding) of
        requests decided before ``decided_before``; the record of what happened stays."""
        now = time.time()
        with self.session() as s:
            ids = list(
                s.scalars(
                    select(TakedownRow.id).where(
                        TakedownRow.decided_at.is_not(None),
                        TakedownRow.decided_at < decided_before,
                        TakedownRow.purged_at.is_(None),
                    )
                )
            )
            if not ids:
                return 0
            s.execute(
                update(TakedownRow)
                .where(TakedownRow.id.in_(ids))
                .values(
                    full_name=None,
                    contact_email=None,
                    signature=None,
                    details=None,
                    face_vector=None,
                    face_model=None,
                    purged_at=now,
                )
            )
            for takedown_id in ids:
                s.add(
                    TakedownEventRow(
                        takedown_id=takedown_id, at=now, actor=actor, action="requester_data_purged", note="", data={}
                    )
                )
            return len(ids)

    def report(self, since: float, until: float, *, now: float | None = None) -> Report:
        """Requests received in [since, until): counts, time from receipt to removal (the site's
        confirmation, else the acceptance), overdue ones."""
        now = time.time() if now is None else now
        stmt = select(TakedownRow).where(TakedownRow.received_at >= since, TakedownRow.received_at < until)
        with self.session() as s:
            rows = list(s.scalars(stmt))
        hours = sorted(
            ((r.removed_at or r.decided_at or 0.0) - r.received_at) / 3600.0 for r in rows if r.status == "accepted"
        )
        open_rows = [r for r in rows if r.status in OPEN_STATUSES]
        late = [r for r in rows if r.decided_at is not None and r.decided_at > r.deadline]
        return Report(
            since=since,
            until=until,
            received=len(rows),
            accepted=sum(r.status == "accepted" for r in rows),
            rejected=sum(r.status == "rejected" for r in rows),
            open=len(open_rows),
            overdue=sum(now > r.deadline for r in open_rows),
            decided_late=len(late),
            median_hours_to_removal=round(float(np.median(hours)), 3) if hours else None,
            max_hours_to_removal=round(hours[-1], 3) if hours else None,
        )


# --- rows to records ------------------------------------------------------------------------------


def _hash_rows(takedown_id: str, images: Sequence[ReportedImage]) -> list[TakedownHashRow]:
    """The rows of a request's reported images (their hashes)."""
    return [
        TakedownHashRow(
            takedown_id=takedown_id,
            position=image.position,
            pdq_hex=image.pdq_hex,
            pdq_quality=image.pdq_quality,
            variants=list(image.variants),
            sha256=image.sha256,
        )
        for image in images
    ]


def _status(value: str) -> Status:
    for status in STATUSES:
        if status == value:
            return status
    raise ValueError(f"unknown takedown status {value!r} in the database")


def _takedown(
    row: TakedownRow,
    images: list[TakedownHashRow],
    matches: list[TakedownMatchRow],
    events: list[TakedownEventRow],
    *,
    match_count: int | None = None,
) -> Takedown:
    vector = None if row.face_vector is None else np.frombuffer(row.face_vector, dtype="<f4").astype(np.float32)
    found = tuple(
        Match(
            via=m.via,
            item_ref=m.item_ref,
            user_id=m.user_id,
            decision_id=m.decision_id,
            sighting_id=m.sighting_id,
            distance=m.distance,
            pdq_hex=m.pdq_hex,
            seen_at=m.seen_at,
        )
        for m in matches
    )
    return Takedown(
        id=row.id,
        status=_status(row.status),
        received_at=row.received_at,
        deadline=row.deadline,
        relationship=row.relationship,
        full_name=row.full_name,
        contact_email=row.contact_email,
        signature=row.signature,
        details=row.details,
        content_refs=tuple(row.content_refs or ()),
        good_faith=bool(row.good_faith),
        face_consent=bool(row.face_consent),
        face_model=row.face_model,
        face_vector=vector,
        decided_at=row.decided_at,
        decided_by=row.decided_by,
        reason=row.reason or "",
        removed_at=row.removed_at,
        purged_at=row.purged_at,
        images=tuple(
            ReportedImage(i.position, i.sha256, i.pdq_hex, i.pdq_quality, tuple(i.variants or ())) for i in images
        ),
        matches=found,
        match_count=len(found) if match_count is None else match_count,
        events=tuple(Event(e.at, e.actor, e.action, e.note or "", dict(e.data or {})) for e in events),
    )


# the repository and, for its callers, the records it returns
__all__ = [
    "OPEN_STATUSES",
    "STATUSES",
    "Delivery",
    "Event",
    "Match",
    "NewSighting",
    "Relationship",
    "Report",
    "ReportedImage",
    "Sighting",
    "Status",
    "Takedown",
    "TakedownRepository",
]
