"""Notice-and-removal: image sightings, takedown requests, their hashes, matches, events, webhooks.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "image_sightings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("decision_id", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("item_ref", sa.String(length=500), nullable=True),
        sa.Column("user_id", sa.String(length=200), nullable=True),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("pdq_hex", sa.String(length=64), nullable=True),
        sa.Column("pdq_quality", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_image_sightings")),
    )
    with op.batch_alter_table("image_sightings", schema=None) as batch_op:
        for column in ("created_at", "decision_id", "item_ref", "user_id", "sha256"):
            batch_op.create_index(batch_op.f(f"ix_image_sightings_{column}"), [column], unique=False)

    op.create_table(
        "takedowns",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("received_at", sa.Float(), nullable=False),
        sa.Column("deadline", sa.Float(), nullable=False),
        sa.Column("relationship", sa.String(length=20), nullable=False),
        sa.Column("full_name", sa.String(length=300), nullable=True),
        sa.Column("contact_email", sa.String(length=320), nullable=True),
        sa.Column("signature", sa.String(length=300), nullable=True),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("content_refs", sa.JSON(), nullable=False),
        sa.Column("good_faith", sa.Boolean(), nullable=False),
        sa.Column("face_consent", sa.Boolean(), nullable=False),
        sa.Column("face_model", sa.String(length=100), nullable=True),
        sa.Column("face_vector", sa.LargeBinary(), nullable=True),
        sa.Column("decided_at", sa.Float(), nullable=True),
        sa.Column("decided_by", sa.String(length=200), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("removed_at", sa.Float(), nullable=True),
        sa.Column("purged_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedowns")),
    )
    with op.batch_alter_table("takedowns", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_takedowns_received_at"), ["received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_takedowns_status"), ["status"], unique=False)

    op.create_table(
        "takedown_hashes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("takedown_id", sa.String(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pdq_hex", sa.String(length=64), nullable=True),
        sa.Column("pdq_quality", sa.Integer(), nullable=False),
        sa.Column("variants", sa.JSON(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["takedown_id"], ["takedowns.id"], name=op.f("fk_takedown_hashes_takedown_id_takedowns"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedown_hashes")),
    )
    with op.batch_alter_table("takedown_hashes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_takedown_hashes_sha256"), ["sha256"], unique=False)
        batch_op.create_index(batch_op.f("ix_takedown_hashes_takedown_id"), ["takedown_id"], unique=False)

    op.create_table(
        "takedown_matches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("takedown_id", sa.String(length=40), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("item_ref", sa.String(length=500), nullable=True),
        sa.Column("user_id", sa.String(length=200), nullable=True),
        sa.Column("decision_id", sa.String(length=64), nullable=True),
        sa.Column("sighting_id", sa.Integer(), nullable=True),
        sa.Column("distance", sa.Integer(), nullable=True),
        sa.Column("pdq_hex", sa.String(length=64), nullable=True),
        sa.Column("seen_at", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["takedown_id"],
            ["takedowns.id"],
            name=op.f("fk_takedown_matches_takedown_id_takedowns"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedown_matches")),
    )
    with op.batch_alter_table("takedown_matches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_takedown_matches_takedown_id"), ["takedown_id"], unique=False)

    op.create_table(
        "takedown_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("takedown_id", sa.String(length=40), nullable=False),
        sa.Column("at", sa.Float(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["takedown_id"], ["takedowns.id"], name=op.f("fk_takedown_events_takedown_id_takedowns"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_takedown_events")),
    )
    with op.batch_alter_table("takedown_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_takedown_events_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_takedown_events_takedown_id"), ["takedown_id"], unique=False)

    op.create_table(
        "webhook_deliveries",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("takedown_id", sa.String(length=40), nullable=True),
        sa.Column("event", sa.String(length=60), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.Float(), nullable=False),
        sa.Column("delivered_at", sa.Float(), nullable=True),
        sa.Column("given_up_at", sa.Float(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_deliveries")),
    )
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_webhook_deliveries_next_attempt_at"), ["next_attempt_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_webhook_deliveries_takedown_id"), ["takedown_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    for table in (
        "webhook_deliveries",
        "takedown_events",
        "takedown_matches",
        "takedown_hashes",
        "takedowns",
        "image_sightings",
    ):
        op.drop_table(table)
