"""Local adaptations of library modules and their revisions.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "adaptations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=80), nullable=False),
        sa.Column("current_number", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"],
            name=op.f("fk_adaptations_programme_id_programmes"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptations")),
        sa.UniqueConstraint(
            "programme_id", "module_id", name=op.f("uq_adaptations_programme_id")
        ),
    )  # fmt: skip
    op.create_index(
        op.f("ix_adaptations_programme_id"), "adaptations", ["programme_id"], unique=False
    )
    op.create_table(
        "adaptation_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("adaptation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_name", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("message", sa.String(length=200), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("base_sections", sa.JSON(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["adaptation_id"], ["adaptations.id"],
            name=op.f("fk_adaptation_revisions_adaptation_id_adaptations"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["author_id"], ["users.id"],
            name=op.f("fk_adaptation_revisions_author_id_users"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_adaptation_revisions")),
        sa.UniqueConstraint(
            "adaptation_id", "number", name=op.f("uq_adaptation_revisions_adaptation_id")
        ),
    )  # fmt: skip
    op.create_index(
        op.f("ix_adaptation_revisions_adaptation_id"),
        "adaptation_revisions",
        ["adaptation_id"],
        unique=False,
    )
    op.create_index(
        op.f("ix_adaptation_revisions_author_id"),
        "adaptation_revisions",
        ["author_id"],
        unique=False,
    )


def downgrade():
    op.drop_index(op.f("ix_adaptation_revisions_author_id"), table_name="adaptation_revisions")
    op.drop_index(op.f("ix_adaptation_revisions_adaptation_id"), table_name="adaptation_revisions")
    op.drop_table("adaptation_revisions")
    op.drop_index(op.f("ix_adaptations_programme_id"), table_name="adaptations")
    op.drop_table("adaptations")
