"""Image sightings: a second PDQ hash, of the image cropped on every side.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("image_sightings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("pdq_crop_hex", sa.String(length=64), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("image_sightings", schema=None) as batch_op:
        batch_op.drop_column("pdq_crop_hex")
