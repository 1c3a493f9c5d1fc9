"""Image sightings: face embeddings of the faces in logged images (only with face search on).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "sighting_faces",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sighting_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=100), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["sighting_id"],
            ["image_sightings.id"],
            name=op.f("fk_sighting_faces_sighting_id_image_sightings"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sighting_faces")),
    )
    with op.batch_alter_table("sighting_faces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sighting_faces_model"), ["model"], unique=False)
        batch_op.create_index(batch_op.f("ix_sighting_faces_sighting_id"), ["sighting_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("sighting_faces")
