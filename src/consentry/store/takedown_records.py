"""The records of notice-and-removal as the store returns them: sightings, requests with their
images, matches and events, deliveries of the outbox, and the compliance report."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

Status: TypeAlias = Literal["received", "info_requested", "accepted", "rejected"]
STATUSES: tuple[Status, ...] = ("received", "info_requested", "accepted", "rejected")
OPEN_STATUSES: tuple[Status, ...] = ("received", "info_requested")
Relationship: TypeAlias = Literal["self", "representative"]


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
