"""Daily totals of feedback for the evaluator's comparison, filled from the responses.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23
"""

from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ITEMS = ["relevant", "clear", "right_length", "recommend"]
KEY = ["programme_id", "module_id", "module_version", "adaptation_revision", "day"]
COUNTS = ["n", *(f"{item}_{part}" for item in ITEMS for part in ("sum", "squares")),
          "pairs", "change_sum", "change_squares"]  # fmt: skip


def upgrade():
    op.create_table(
        "feedback_daily_totals",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=80), nullable=False),
        sa.Column("module_version", sa.Integer(), nullable=False),
        sa.Column("adaptation_revision", sa.Integer(), nullable=False),  # 0: none
        sa.Column("day", sa.Date(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        sa.ForeignKeyConstraint(
            ["programme_id"], ["programmes.id"],
            name=op.f("fk_feedback_daily_totals_programme_id_programmes"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(*KEY, name=op.f("pk_feedback_daily_totals")),
    )  # fmt: skip
    op.execute(fill_statement(op.get_bind().dialect.name))


def fill_statement(dialect):
    """INSERT ... SELECT ... GROUP BY over every response: what the app's flush events keep
    up to date from here on (models/feedback.py, daily_totals_query)."""
    # SQLite stores datetimes as text: date() gives the 'YYYY-MM-DD' its Date type stores
    # (CAST would give the number 2026).
    day = "date(submitted_at)" if dialect == "sqlite" else "CAST(submitted_at AS DATE)"
    diff = "(confidence_after - confidence_before)"  # NULL unless both were answered
    sums = "".join(f", sum({item}), sum({item} * {item})" for item in ITEMS)
    return (
        f"INSERT INTO feedback_daily_totals ({', '.join(KEY + COUNTS)})"
        f" SELECT programme_id, module_id, module_version, coalesce(adaptation_revision, 0),"
        f" {day}, count(*){sums}, count({diff}), coalesce(sum({diff}), 0),"
        f" coalesce(sum({diff} * {diff}), 0)"
        " FROM feedback_responses GROUP BY programme_id, module_id, module_version,"
        f" coalesce(adaptation_revision, 0), {day}"
    )


def downgrade():
    op.drop_table("feedback_daily_totals")
