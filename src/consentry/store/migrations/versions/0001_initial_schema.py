"""Initial schema: galleries, the decision log, API keys, users, allow-list, review actions.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "allow_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decision_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allow_entries")),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("secret_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("revoked_at", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("request_id", sa.String(length=200), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("item_ref", sa.String(length=500), nullable=True),
        sa.Column("user_id", sa.String(length=200), nullable=True),
        sa.Column("tier", sa.String(length=100), nullable=True),
        sa.Column("api_key_id", sa.String(length=64), nullable=True),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("rule_ids", sa.JSON(), nullable=False),
        sa.Column("policy_version", sa.String(length=200), nullable=False),
        sa.Column("detector_versions", sa.JSON(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("report", sa.Boolean(), nullable=False),
        sa.Column("prompt_sha256", sa.String(length=64), nullable=True),
        sa.Column("prompt", sa.Text(), nullable=True),
        sa.Column("negative_prompt", sa.Text(), nullable=True),
        sa.Column("images", sa.JSON(), nullable=False),
        sa.Column("elapsed_ms", sa.Float(), nullable=False),
        sa.Column("review_status", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decisions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_request_id"), ["request_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_review_status"), ["review_status"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_user_id"), ["user_id"], unique=False)
        batch_op.create_index("ix_decisions_user_time", ["user_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_decisions_verdict"), ["verdict"], unique=False)

    op.create_table(
        "gallery_switches",
        sa.Column("gallery", sa.String(length=100), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("gallery", name=op.f("pk_gallery_switches")),
    )
    op.create_table(
        "hash_lists",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hash_lists")),
    )
    op.create_table(
        "identities",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("gallery", sa.String(length=100), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_identities")),
    )
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identities_gallery"), ["gallery"], unique=False)

    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.Integer))
    op.bulk_insert(meta, [{"key": "gallery_version", "value": 0}, {"key": "allow_version", "value": 0}])
    op.create_table(
        "review_actions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.Float(), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("decision_id", sa.String(length=64), nullable=True),
        sa.Column("user_id", sa.String(length=200), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_actions")),
    )
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_actions_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_actions_decision_id"), ["decision_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_review_actions_user_id"), ["user_id"], unique=False)

    op.create_table(
        "users",
        sa.Column("user_id", sa.String(length=200), nullable=False),
        sa.Column("denied_count", sa.Integer(), nullable=False),
        sa.Column("last_denied_at", sa.Float(), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("flagged_at", sa.Float(), nullable=True),
        sa.Column("flagged_by", sa.String(length=200), nullable=True),
        sa.Column("flag_note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_flagged"), ["flagged"], unique=False)

    op.create_table(
        "decision_images",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("ref", sa.String(length=32), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name=op.f("fk_decision_images_decision_id_decisions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("decision_id", "ref", name=op.f("pk_decision_images")),
    )
    op.create_table(
        "decision_rules",
        sa.Column("decision_id", sa.String(length=64), nullable=False),
        sa.Column("rule_id", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["decision_id"], ["decisions.id"], name=op.f("fk_decision_rules_decision_id_decisions"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("decision_id", "rule_id", name=op.f("pk_decision_rules")),
    )
    with op.batch_alter_table("decision_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_rules_rule_id"), ["rule_id"], unique=False)

    op.create_table(
        "face_embeddings",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("identity_id", sa.String(length=64), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["identity_id"],
            ["identities.id"],
            name=op.f("fk_face_embeddings_identity_id_identities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_face_embeddings")),
    )
    with op.batch_alter_table("face_embeddings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_face_embeddings_identity_id"), ["identity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_face_embeddings_model"), ["model"], unique=False)

    op.create_table(
        "hash_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("list_id", sa.String(length=64), nullable=False),
        sa.Column("hash_hex", sa.String(length=256), nullable=False),
        sa.Column("item_id", sa.String(length=300), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["list_id"], ["hash_lists.id"], name=op.f("fk_hash_entries_list_id_hash_lists"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hash_entries")),
    )
    with op.batch_alter_table("hash_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hash_entries_list_id"), ["list_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("hash_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hash_entries_list_id"))

    op.drop_table("hash_entries")
    with op.batch_alter_table("face_embeddings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_face_embeddings_model"))
        batch_op.drop_index(batch_op.f("ix_face_embeddings_identity_id"))

    op.drop_table("face_embeddings")
    with op.batch_alter_table("decision_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_rules_rule_id"))

    op.drop_table("decision_rules")
    op.drop_table("decision_images")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_flagged"))

    op.drop_table("users")
    with op.batch_alter_table("review_actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_actions_user_id"))
        batch_op.drop_index(batch_op.f("ix_review_actions_decision_id"))
        batch_op.drop_index(batch_op.f("ix_review_actions_created_at"))

    op.drop_table("review_actions")
    op.drop_table("meta")
    with op.batch_alter_table("identities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identities_gallery"))

    op.drop_table("identities")
    op.drop_table("hash_lists")
    op.drop_table("gallery_switches")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decisions_verdict"))
        batch_op.drop_index("ix_decisions_user_time")
        batch_op.drop_index(batch_op.f("ix_decisions_user_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_review_status"))
        batch_op.drop_index(batch_op.f("ix_decisions_request_id"))
        batch_op.drop_index(batch_op.f("ix_decisions_created_at"))

    op.drop_table("decisions")
    op.drop_table("api_keys")
    op.drop_table("allow_entries")
