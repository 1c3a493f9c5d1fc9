"""The database schema (SQLAlchemy 2 declarative models).

Every change here needs an Alembic migration in ``consentry/store/migrations/versions``;
``tests/test_store.py`` fails when the models and the migrations disagree.

Times are seconds since the epoch (float), which sort and compare the same way on SQLite and
PostgreSQL. Lists and finding details are JSON.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, LargeBinary, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so that migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Meta(Base):
    """Key/value settings of the store itself (e.g. ``gallery_version``)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


# --- galleries -------------------------------------------------------------------------------


class IdentityRow(Base):
    __tablename__ = "identities"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    gallery: Mapped[str] = mapped_column(String(100), index=True, default="default")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[float] = mapped_column(Float)


class FaceEmbeddingRow(Base):
    __tablename__ = "face_embeddings"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    identity_id: Mapped[str] = mapped_column(String(64), ForeignKey("identities.id", ondelete="CASCADE"), index=True)
    model: Mapped[str] = mapped_column(String(100), index=True)
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)  # float32, little-endian


class GallerySwitch(Base):
    """A gallery that is switched off (a gallery with no row here is on)."""

    __tablename__ = "gallery_switches"
    gallery: Mapped[str] = mapped_column(String(100), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class HashListRow(Base):
    __tablename__ = "hash_lists"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(32), default="pdq")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[float] = mapped_column(Float)


class HashEntryRow(Base):
    __tablename__ = "hash_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    list_id: Mapped[str] = mapped_column(String(64), ForeignKey("hash_lists.id", ondelete="CASCADE"), index=True)
    hash_hex: Mapped[str] = mapped_column(String(256))
    item_id: Mapped[str] = mapped_column(String(300), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


# --- the decision log -------------------------------------------------------------------------


class DecisionRow(Base):
    """One decision. ``prompt``/``negative_prompt`` are NULL unless the operator keeps prompt text;
    ``prompt_sha256`` is always kept (lets a moderator match a prompt they are shown elsewhere)."""

    __tablename__ = "decisions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[float] = mapped_column(Float, index=True)
    request_id: Mapped[str | None] = mapped_column(String(200), index=True)
    source: Mapped[str] = mapped_column(String(32), default="api")  # "api", "scan", "cli"...
    item_ref: Mapped[str | None] = mapped_column(String(500))  # e.g. the scanned item's id
    user_id: Mapped[str | None] = mapped_column(String(200), index=True)
    tier: Mapped[str | None] = mapped_column(String(100))
    api_key_id: Mapped[str | None] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(16), index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    rule_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    policy_version: Mapped[str] = mapped_column(String(200))
    detector_versions: Mapped[list[str]] = mapped_column(JSON, default=list)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    report: Mapped[bool] = mapped_column(Boolean, default=False)
    prompt_sha256: Mapped[str | None] = mapped_column(String(64))
    prompt: Mapped[str | None] = mapped_column(Text)
    negative_prompt: Mapped[str | None] = mapped_column(Text)
    images: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # ref, role, format, size, sha256
    elapsed_ms: Mapped[float] = mapped_column(Float, default=0.0)
    review_status: Mapped[str | None] = mapped_column(String(32), index=True)  # the last review action


class DecisionRuleRow(Base):
    """One row per (decision, rule): lets the log be searched by rule on every database."""

    __tablename__ = "decision_rules"
    decision_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True
    )
    rule_id: Mapped[str] = mapped_column(String(200), primary_key=True, index=True)


class DecisionImageRow(Base):
    """Image bytes of a decision, kept only when the operator asks (for the moderator's view)."""

    __tablename__ = "decision_images"
    decision_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("decisions.id", ondelete="CASCADE"), primary_key=True
    )
    ref: Mapped[str] = mapped_column(String(32), primary_key=True)  # "input:0", "output:1"
    format: Mapped[str] = mapped_column(String(16))
    data: Mapped[bytes] = mapped_column(LargeBinary)


# --- access, users, the operator's allow-list, reviews ---------------------------------------


class ApiKeyRow(Base):
    """An API key: only the SHA-256 of its secret is kept."""

    __tablename__ = "api_keys"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    scope: Mapped[str] = mapped_column(String(16))  # "check" or "admin"
    secret_sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[float] = mapped_column(Float)
    revoked_at: Mapped[float | None] = mapped_column(Float)


class UserRow(Base):
    """A user of the generation site, as the site identifies them (an opaque id)."""

    __tablename__ = "users"
    user_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    denied_count: Mapped[int] = mapped_column(Integer, default=0)
    last_denied_at: Mapped[float | None] = mapped_column(Float)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    flagged_at: Mapped[float | None] = mapped_column(Float)
    flagged_by: Mapped[str | None] = mapped_column(String(200))  # "auto" or a moderator
    flag_note: Mapped[str | None] = mapped_column(Text)


class AllowEntryRow(Base):
    """The operator's run-time allow-list: a phrase or a subject, with who, when and why."""

    __tablename__ = "allow_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))  # "phrase" or "subject"
    value: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[float] = mapped_column(Float)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    decision_id: Mapped[str | None] = mapped_column(String(64))  # the decision that prompted it


class ReviewActionRow(Base):
    """A moderator's action: on a decision (confirm, overturn...) or on a user (flag, unflag)."""

    __tablename__ = "review_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[float] = mapped_column(Float, index=True)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    decision_id: Mapped[str | None] = mapped_column(String(64), index=True)
    user_id: Mapped[str | None] = mapped_column(String(200), index=True)
    note: Mapped[str] = mapped_column(Text, default="")


class DashboardSessionRow(Base):
    """A moderator's dashboard session: only the SHA-256 of the cookie's token is kept."""

    __tablename__ = "dashboard_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the session token
    key_id: Mapped[str] = mapped_column(String(32), index=True)  # the admin API key that signed in
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[float] = mapped_column(Float)
    expires_at: Mapped[float] = mapped_column(Float, index=True)


Index("ix_decisions_user_time", DecisionRow.user_id, DecisionRow.created_at)
