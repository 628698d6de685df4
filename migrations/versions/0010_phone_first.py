"""A score (1 to 5) beside a reflection's note.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reflections") as batch:
        batch.add_column(sa.Column("score", sa.SmallInteger(), nullable=True))


def downgrade():
    with op.batch_alter_table("reflections") as batch:
        batch.drop_column("score")
