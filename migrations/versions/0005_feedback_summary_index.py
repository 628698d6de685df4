"""A covering index for the feedback dashboards (replaces programme/module index).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = [
    "programme_id", "module_id", "module_version", "adaptation_revision", "relevant", "clear",
    "right_length", "recommend", "confidence_before", "confidence_after", "submitted_at",
]  # fmt: skip


def upgrade():
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_responses_programme_module")
        batch_op.create_index("ix_feedback_responses_summary", COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table("feedback_responses", schema=None) as batch_op:
        batch_op.drop_index("ix_feedback_responses_summary")
        batch_op.create_index(
            "ix_feedback_responses_programme_module", ["programme_id", "module_id"], unique=False
        )
