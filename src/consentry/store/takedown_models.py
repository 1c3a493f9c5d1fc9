"""Tables of notice-and-removal: image sightings, takedown requests, their hashes, matches, the
compliance record (events) and the outbox of signed webhooks.

Imported by ``consentry.store.models`` so that the migrations and the models are compared as one
schema. Times are seconds since the epoch (float), as in the rest of the store.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from consentry.store.models import Base


class ImageSightingRow(Base):
    """One image Consentry checked (an input or an output of a check, or a scanned item): its PDQ
    hash and SHA-256, never its pixels, with the site's item reference and user id, so that a
    takedown request can find every copy later."""

    __tablename__ = "image_sightings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[float] = mapped_column(Float, index=True)
    decision_id: Mapped[str | None] = mapped_column(String(64), index=True)
    source: Mapped[str] = mapped_column(String(32), default="api")  # "api", "scan"
    item_ref: Mapped[str | None] = mapped_column(String(500), index=True)
    user_id: Mapped[str | None] = mapped_column(String(200), index=True)
    ref: Mapped[str] = mapped_column(String(32), default="")  # "input:0", "output:1"
    role: Mapped[str] = mapped_column(String(16), default="")
    pdq_hex: Mapped[str | None] = mapped_column(String(64))  # None: the image could not be hashed
    pdq_quality: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    # PDQ of the image cropped on every side: finds it from a cropped copy (see consentry.image.copies)
    pdq_crop_hex: Mapped[str | None] = mapped_column(String(64))


class SightingFaceRow(Base):
    """The face embedding of one face in a logged image: kept only when the operator switches face
    search on (``TakedownSettings.face_search``), so that a consenting requester's face finds it."""

    __tablename__ = "sighting_faces"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sighting_id: Mapped[int] = mapped_column(Integer, ForeignKey("image_sightings.id", ondelete="CASCADE"), index=True)
    model: Mapped[str] = mapped_column(String(100), index=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian, unit length


class TakedownRow(Base):
    """A notice-and-removal request. The requester's details (name, email, signature, details, the
    consented face embedding) are cleared by the retention purge; the rest is the record."""

    __tablename__ = "takedowns"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), index=True)  # received, info_requested, accepted, rejected
    received_at: Mapped[float] = mapped_column(Float, index=True)
    deadline: Mapped[float] = mapped_column(Float)
    relationship: Mapped[str] = mapped_column(String(20))  # self, representative
    full_name: Mapped[str | None] = mapped_column(String(300))
    contact_email: Mapped[str | None] = mapped_column(String(320))
    signature: Mapped[str | None] = mapped_column(String(300))
    details: Mapped[str | None] = mapped_column(Text)
    content_refs: Mapped[list[str]] = mapped_column(JSON, default=list)
    good_faith: Mapped[bool] = mapped_column(Boolean, default=False)
    face_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    face_model: Mapped[str | None] = mapped_column(String(100))
    face_vector: Mapped[bytes | None] = mapped_column(LargeBinary)  # float32; only with consent
    decided_at: Mapped[float | None] = mapped_column(Float)
    decided_by: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str] = mapped_column(Text, default="")
    removed_at: Mapped[float | None] = mapped_column(Float)  # the site confirmed the webhook
    purged_at: Mapped[float | None] = mapped_column(Float)  # the requester's details were cleared


class TakedownHashRow(Base):
    """The hashes of one uploaded image of a request (the image itself is never stored)."""

    __tablename__ = "takedown_hashes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    takedown_id: Mapped[str] = mapped_column(String(40), ForeignKey("takedowns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)  # the upload's place in the form
    pdq_hex: Mapped[str | None] = mapped_column(String(64))
    pdq_quality: Mapped[int] = mapped_column(Integer, default=0)
    variants: Mapped[list[str]] = mapped_column(JSON, default=list)  # PDQ of its rotations, mirrors, crops
    sha256: Mapped[str] = mapped_column(String(64), index=True)


class TakedownMatchRow(Base):
    """An item the copy search found for a request (or one the requester named)."""

    __tablename__ = "takedown_matches"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    takedown_id: Mapped[str] = mapped_column(String(40), ForeignKey("takedowns.id", ondelete="CASCADE"), index=True)
    via: Mapped[str] = mapped_column(String(16))  # "sha256", "pdq", "face", "content_ref"
    item_ref: Mapped[str | None] = mapped_column(String(500))
    user_id: Mapped[str | None] = mapped_column(String(200))
    decision_id: Mapped[str | None] = mapped_column(String(64))
    sighting_id: Mapped[int | None] = mapped_column(Integer)
    distance: Mapped[int | None] = mapped_column(Integer)
    pdq_hex: Mapped[str | None] = mapped_column(String(64))
    seen_at: Mapped[float | None] = mapped_column(Float)


class TakedownEventRow(Base):
    """The compliance record: every state change of a request, when and by whom."""

    __tablename__ = "takedown_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    takedown_id: Mapped[str] = mapped_column(String(40), ForeignKey("takedowns.id", ondelete="CASCADE"), index=True)
    at: Mapped[float] = mapped_column(Float, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class WebhookDeliveryRow(Base):
    """A signed notification to send (the outbox): retried until delivered or out of attempts."""

    __tablename__ = "webhook_deliveries"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    takedown_id: Mapped[str | None] = mapped_column(String(40), index=True)
    event: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(String(20))  # "site" (the site's webhook), "requester"
    payload: Mapped[str] = mapped_column(Text)  # the JSON body, exactly as signed
    created_at: Mapped[float] = mapped_column(Float)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[float] = mapped_column(Float, index=True)
    delivered_at: Mapped[float | None] = mapped_column(Float)
    given_up_at: Mapped[float | None] = mapped_column(Float)
    last_error: Mapped[str] = mapped_column(Text, default="")
