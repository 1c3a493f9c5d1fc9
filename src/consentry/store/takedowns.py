"""The store of notice-and-removal: image sightings, takedown requests, their compliance record
and the outbox of notifications. A repository over the store's engine (its own tables, see
``consentry.store.takedown_models``); every method raises ``StoreUnavailableError`` when the
database cannot be reached.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt
from sqlalchemy import Engine, func, insert, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from consentry.store.takedown_models import (
    ImageSightingRow,
    SightingFaceRow,
    TakedownEventRow,
    TakedownHashRow,
    TakedownMatchRow,
    TakedownRow,
    WebhookDeliveryRow,
)

Status: TypeAlias = Literal["received", "info_requested", "accepted", "rejected"]
STATUSES: tuple[Status, ...] = ("received", "info_requested", "accepted", "rejected")
OPEN_STATUSES: tuple[Status, ...] = ("received", "info_requested")
Relationship: TypeAlias = Literal["self", "representative"]
_BATCH = 5000


def _unavailable(exc: Exception) -> Exception:
    from consentry.store import StoreUnavailableError

    detail = str(getattr(exc, "orig", exc)).strip().splitlines()
    first = detail[0] if detail else type(exc).__name__
    return StoreUnavailableError(f"the database is unavailable ({first[:200]})")


@dataclass(frozen=True, slots=True)
class Sighting:
    """One checked image as logged: hashes, never pixels."""

    id: int
    created_at: float
    sha256: str
    pdq_hex: str | None
    pdq_quality: int = 0
    decision_id: str | None = None
    source: str = "api"
    item_ref: str | None = None
    user_id: str | None = None
    ref: str = ""
    role: str = ""
    pdq_crop_hex: str | None = None


@dataclass(frozen=True, slots=True)
class NewSighting:
    sha256: str
    pdq_hex: str | None
    pdq_quality: int
    ref: str = ""
    role: str = ""
    decision_id: str | None = None
    source: str = "api"
    item_ref: str | None = None
    user_id: str | None = None
    created_at: float = field(default_factory=time.time)
    pdq_crop_hex: str | None = None  # PDQ of the image cropped on every side (``SIGHTING_CROP``)
    faces: tuple[tuple[str, npt.NDArray[np.float32]], ...] = field(default=(), repr=False)  # (model, embedding)


@dataclass(frozen=True, slots=True)
class ReportedImage:
    """The hashes of one uploaded image of a request."""

    position: int
    sha256: str
    pdq_hex: str | None
    pdq_quality: int
    variants: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    """An item found for a request: by SHA-256, by PDQ (with its distance), by face, or named."""

    via: str
    item_ref: str | None
    user_id: str | None = None
    decision_id: str | None = None
    sighting_id: int | None = None
    distance: int | None = None
    pdq_hex: str | None = None
    seen_at: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "via": self.via,
            "item_ref": self.item_ref,
            "user_id": self.user_id,
            "decision_id": self.decision_id,
            "sighting_id": self.sighting_id,
            "distance": self.distance,
            "seen_at": self.seen_at,
        }


@dataclass(frozen=True, slots=True)
class Event:
    at: float
    actor: str
    action: str
    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "actor": self.actor, "action": self.action, "note": self.note, "data": self.data}


@dataclass(frozen=True, slots=True)
class Takedown:
    """A request and what belongs to it. The requester's fields are None once purged."""

    id: str
    status: Status
    received_at: float
    deadline: float
    relationship: str
    full_name: str | None
    contact_email: str | None
    signature: str | None
    details: str | None
    content_refs: tuple[str, ...] = ()
    good_faith: bool = True
    face_consent: bool = False
    face_model: str | None = None
    face_vector: npt.NDArray[np.float32] | None = field(default=None, repr=False)
    decided_at: float | None = None
    decided_by: str | None = None
    reason: str = ""
    removed_at: float | None = None
    purged_at: float | None = None
    images: tuple[ReportedImage, ...] = ()
    matches: tuple[Match, ...] = ()
    match_count: int = 0  # also set where ``matches`` were not read (a list of requests)
    events: tuple[Event, ...] = ()

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue(self, now: float) -> bool:
        return self.open and now > self.deadline

    def to_dict(self, *, requester: bool = True) -> dict[str, Any]:
        """As the API shows it (``requester``: with the requester's details)."""
        out: dict[str, Any] = {
            "id": self.id,
            "status": self.status,
            "received_at": self.received_at,
            "deadline": self.deadline,
            "relationship": self.relationship,
            "content_refs": list(self.content_refs),
            "face_consent": self.face_consent,
            "decided_at": self.decided_at,
            "decided_by": self.decided_by,
            "reason": self.reason,
            "removed_at": self.removed_at,
            "images": [{"position": i.position, "sha256": i.sha256, "pdq": i.pdq_hex} for i in self.images],
            "matches": [m.to_dict() for m in self.matches],
            "match_count": self.match_count,
            "events": [e.to_dict() for e in self.events],
        }
        if requester:
            out.update(
                full_name=self.full_name,
                contact_email=self.contact_email,
                signature=self.signature,
                details=self.details,
                purged_at=self.purged_at,
            )
        return out


@dataclass(frozen=True, slots=True)
class Delivery:
    id: str
    takedown_id: str | None
    event: str
    channel: str
    payload: str
    attempts: int
    created_at: float
    delivered_at: float | None = None
    given_up_at: float | None = None
    last_error: str = ""


@dataclass(frozen=True, slots=True)
class Report:
    """Counts and times of the requests received in a period."""

    since: float
    until: float
    received: int
    accepted: int
    rejected: int
    open: int
    overdue: int
    decided_late: int
    median_hours_to_removal: float | None
    max_hours_to_removal: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "since": self.since,
            "until": self.until,
            "received": self.received,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "open": self.open,
            "overdue": self.overdue,
            "decided_late": self.decided_late,
            "median_hours_to_removal": self.median_hours_to_removal,
            "max_hours_to_removal": self.max_hours_to_removal,
        }


class TakedownRepository:
    """Sightings, requests, their record and the notification outbox, in the store's database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        try:
            with Session(self.engine, expire_on_commit=False) as session, session.begin():
                yield session
        except IntegrityError:
            raise
        except DBAPIError as exc:
            raise _unavailable(exc) from exc

    # --- sightings ------------------------------------------------------------------------------

    def add_sightings(self, sightings: Sequence[NewSighting]) -> int:
        if not sightings:
            return 0
        with_faces = [s for s in sightings if s.faces]
        sightings = [s for s in sightings if not s.faces]
        if with_faces:
            self._add_with_faces(with_faces)
        if not sightings:
            return len(with_faces)
        rows = [
            {
                "created_at": s.created_at,
                "decision_id": s.decision_id,
                "source": s.source,
                "item_ref": s.item_ref,
                "user_id": s.user_id,
                "ref": s.ref,
                "role": s.role,
                "pdq_hex": s.pdq_hex,
                "pdq_quality": s.pdq_quality,
                "pdq_crop_hex": s.pdq_crop_hex,
                "sha256": s.sha256,
            }
            for s in sightings
        ]
        try:
            with self.engine.begin() as connection:
                for start in range(0, len(rows), _BATCH):
                    connection.execute(insert(ImageSightingRow), rows[start : start + _BATCH])
        except DBAPIError as exc:
            raise _unavailable(exc) from exc
        return len(rows) + len(with_faces)

    def _add_with_faces(self, sightings: Sequence[NewSighting]) -> None:
        with self.session() as s:
            for sighting in sightings:
                row = ImageSightingRow(
                    created_at=sighting.created_at,
                    decision_id=sighting.decision_id,
                    source=sighting.source,
                    item_ref=sighting.item_ref,
                    user_id=sighting.user_id,
                    ref=sighting.ref,
                    role=sighting.role,
                    pdq_hex=sighting.pdq_hex,
                    pdq_quality=sighting.pdq_quality,
                    pdq_crop_hex=sighting.pdq_crop_hex,
                    sha256=sighting.sha256,
                )
                s.add(row)
                s.flush()
                for model, vector in sighting.faces:
                    data = np.ascontiguousarray(vector, dtype="<f4").reshape(-1).tobytes()
                    s.add(SightingFaceRow(sighting_id=row.id, model=model, vector=data))

    def face_vectors(self, model: str) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float32]]:
        """(sighting ids, embeddings as rows) of every logged face of ``model``."""
        stmt = select(SightingFaceRow.sighting_id, SightingFaceRow.vector).where(SightingFaceRow.model == model)
        with self.session() as s:
            rows = list(s.execute(stmt))
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
        ids = np.asarray([int(r[0]) for r in rows], dtype=np.int64)
        matrix = np.stack([np.frombuffer(r[1], dtype="<f4").astype(np.float32) for r in rows])
        return ids, matrix

    def sighting_hashes(self, after_id: int = 0, *, min_quality: int = 0) -> tuple[list[int], list[str]]:
        """(ids, PDQ hex) of the sightings with a PDQ hash after ``after_id``, in id order; a
        sighting with a cropped hash too is listed twice (its id with each hash)."""
        stmt = (
            select(ImageSightingRow.id, ImageSightingRow.pdq_hex, ImageSightingRow.pdq_crop_hex)
            .where(
                ImageSightingRow.id > after_id,
                ImageSightingRow.pdq_hex.is_not(None),
                ImageSightingRow.pdq_quality >= min_quality,
            )
            .order_by(ImageSightingRow.id)
        )
        ids: list[int] = []
        hashes: list[str] = []
        with self.session() as s:
            for sighting_id, pdq, cropped in s.execute(stmt):
                ids.append(int(sighting_id))
                hashes.append(str(pdq))
                if cropped:
                    ids.append(int(sighting_id))
                    hashes.append(str(cropped))
        return ids, hashes

    def sightings(
        self,
        *,
        ids: Sequence[int] = (),
        sha256: Sequence[str] = (),
        item_refs: Sequence[str] = (),
        limit: int = 10_000,
    ) -> list[Sighting]:
        """Sightings with any of these ids, SHA-256 digests or item references."""
        found: dict[int, Sighting] = {}
        with self.session() as s:
            for column, values in (
                (ImageSightingRow.id, list(ids)),
                (ImageSightingRow.sha256, list(sha256)),
                (ImageSightingRow.item_ref, list(item_refs)),
            ):
                for start in range(0, len(values), 500):
                    chunk = values[start : start + 500]
                    stmt = select(ImageSightingRow).where(column.in_(chunk)).limit(limit)
                    for row in s.scalars(stmt):
                        found[row.id] = _sighting(row)
        return [found[k] for k in sorted(found)][:limit]

    def count_sightings(self) -> int:
        with self.session() as s:
            return int(s.scalar(select(func.count()).select_from(ImageSightingRow)) or 0)

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
            for image in images:
                s.add(
                    TakedownHashRow(
                        takedown_id=takedown_id,
                        position=image.position,
                        pdq_hex=image.pdq_hex,
                        pdq_quality=image.pdq_quality,
                        variants=list(image.variants),
                        sha256=image.sha256,
                    )
                )
            self._add_matches(s, takedown_id, matches)
            s.add(
                TakedownEventRow(
                    takedown_id=takedown_id,
                    at=received_at,
                    actor=actor,
                    action="received",
                    note="",
                    data={"images": len(images), "content_refs": len(content_refs), "matches": len(matches)},
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

    # --- the notification outbox ----------------------------------------------------------------

    def enqueue_delivery(self, *, event: str, channel: str, payload: str, takedown_id: str | None) -> str:
        delivery_id = "wh_" + uuid.uuid4().hex[:24]
        now = time.time()
        with self.session() as s:
            s.add(
                WebhookDeliveryRow(
                    id=delivery_id,
                    takedown_id=takedown_id,
                    event=event,
                    channel=channel,
                    payload=payload,
                    created_at=now,
                    attempts=0,
                    next_attempt_at=now,
                    last_error="",
                )
            )
        return delivery_id

    def due_deliveries(self, now: float, *, limit: int = 50) -> list[Delivery]:
        stmt = (
            select(WebhookDeliveryRow)
            .where(
                WebhookDeliveryRow.delivered_at.is_(None),
                WebhookDeliveryRow.given_up_at.is_(None),
                WebhookDeliveryRow.next_attempt_at <= now,
            )
            .order_by(WebhookDeliveryRow.next_attempt_at)
            .limit(limit)
        )
        with self.session() as s:
            return [_delivery(r) for r in s.scalars(stmt)]

    def deliveries(self, takedown_id: str) -> list[Delivery]:
        stmt = (
            select(WebhookDeliveryRow)
            .where(WebhookDeliveryRow.takedown_id == takedown_id)
            .order_by(WebhookDeliveryRow.created_at)
        )
        with self.session() as s:
            return [_delivery(r) for r in s.scalars(stmt)]

    def delivery_done(self, delivery_id: str, *, ok: bool, error: str = "", retry_at: float | None = None) -> None:
        """Record one attempt: delivered, retried at ``retry_at``, or given up (``retry_at`` None)."""
        now = time.time()
        values: dict[str, Any] = {"attempts": WebhookDeliveryRow.attempts + 1, "last_error": error[:1000]}
        if ok:
            values["delivered_at"] = now
        elif retry_at is not None:
            values["next_attempt_at"] = retry_at
        else:
            values["given_up_at"] = now
        with self.session() as s:
            s.execute(update(WebhookDeliveryRow).where(WebhookDeliveryRow.id == delivery_id).values(**values))


# --- rows to records ------------------------------------------------------------------------------


def _sighting(row: ImageSightingRow) -> Sighting:
    return Sighting(
        id=row.id,
        created_at=row.created_at,
        sha256=row.sha256,
        pdq_hex=row.pdq_hex,
        pdq_quality=row.pdq_quality,
        decision_id=row.decision_id,
        source=row.source,
        item_ref=row.item_ref,
        user_id=row.user_id,
        ref=row.ref,
        role=row.role,
        pdq_crop_hex=row.pdq_crop_hex,
    )


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


def _delivery(row: WebhookDeliveryRow) -> Delivery:
    return Delivery(
        id=row.id,
        takedown_id=row.takedown_id,
        event=row.event,
        channel=row.channel,
        payload=row.payload,
        attempts=row.attempts,
        created_at=row.created_at,
        delivered_at=row.delivered_at,
        given_up_at=row.given_up_at,
        last_error=row.last_error or "",
    )
