"""A score (1 to 5) beside a reflection's note; the length question.

The feedback statement "It was the right length" (1 to 5) could not tell too long from
too short. Responses from now on answer "The length was: too short / about right / too
long" (`length`: 1, 2, 3) and leave `right_length` empty; older responses keep their
`right_length` and have no `length`. The daily totals count both, so the two can be
compared (the data dictionary says how): `right_length_n/_agree/_disagree` (answers to
the statement, those of 4-5 and those of 1-2) and `length_short/_right/_long`.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OLD_INDEX = [
    "programme_id", "module_id", "module_version", "adaptation_revision", "relevant", "clear",
    "right_length", "recommend", "confidence_before", "confidence_after", "submitted_at",
]  # fmt: skip
NEW_INDEX = OLD_INDEX[:8] + ["length"] + OLD_INDEX[8:]
ITEMS = ["relevant", "clear", "right_length", "recommend"]
KEY = ["programme_id", "module_id", "module_version", "adaptation_revision", "day"]
OLD_COUNTS = ["n", *(f"{item}_{part}" for item in ITEMS for part in ("sum", "squares")),
              "pairs", "change_sum", "change_squares"]  # fmt: skip
LENGTH_COUNTS = {
    "right_length_n": "count(right_length)",
    "right_length_agree": "count(CASE WHEN right_length >= 4 THEN 1 END)",
    "right_length_disagree": "count(CASE WHEN right_length <= 2 THEN 1 END)",
    "length_short": "count(CASE WHEN length = 1 THEN 1 END)",
    "length_right": "count(CASE WHEN length = 2 THEN 1 END)",
    "length_long": "count(CASE WHEN length = 3 THEN 1 END)",
}


def upgrade():
    with op.batch_alter_table("reflections") as batch:
        batch.add_column(sa.Column("score", sa.SmallInteger(), nullable=True))
    with op.batch_alter_table("feedback_responses") as batch:
        batch.drop_index("ix_feedback_responses_summary")
        batch.add_column(sa.Column("length", sa.Integer(), nullable=True))
        batch.alter_column("right_length", existing_type=sa.Integer(), nullable=True)
        batch.create_index("ix_feedback_responses_summary", NEW_INDEX, unique=False)
    with op.batch_alter_table("feedback_daily_totals") as batch:
        for name in LENGTH_COUNTS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("feedback_daily_totals") as batch:
        for name in LENGTH_COUNTS:
            batch.alter_column(name, existing_type=sa.Integer(), server_default=None)
    refill(list(LENGTH_COUNTS.items()))


def downgrade():
    # Lossy, as any step back must be: "about right" becomes 4 (agree), the others 2.
    op.execute(
        "UPDATE feedback_responses SET right_length = CASE WHEN length = 2 THEN 4 ELSE 2 END"
        " WHERE right_length IS NULL"
    )
    with op.batch_alter_table("feedback_daily_totals") as batch:
        for name in LENGTH_COUNTS:
            batch.drop_column(name)
    with op.batch_alter_table("feedback_responses") as batch:
        batch.drop_index("ix_feedback_responses_summary")
        batch.alter_column("right_length", existing_type=sa.Integer(), nullable=False)
        batch.drop_column("length")
        batch.create_index("ix_feedback_responses_summary", OLD_INDEX, unique=False)
    with op.batch_alter_table("reflections") as batch:
        batch.drop_column("score")
    refill([])


def refill(extra):
    """Every daily total computed again from the responses (models/feedback.py,
    daily_totals_query, is what keeps them up to date from here on)."""
    dialect = op.get_bind().dialect.name
    day = "date(submitted_at)" if dialect == "sqlite" else "CAST(submitted_at AS DATE)"
    diff = "(confidence_after - confidence_before)"  # NULL unless both were answered
    sums = "".join(
        f", coalesce(sum({item}), 0), coalesce(sum({item} * {item}), 0)" for item in ITEMS
    )
    names = KEY + OLD_COUNTS + [name for name, _sql in extra]
    more = "".join(f", {sql}" for _name, sql in extra)
    op.execute("DELETE FROM feedback_daily_totals")
    op.execute(
        f"INSERT INTO feedback_daily_totals ({', '.join(names)})"
        f" SELECT programme_id, module_id, module_version, coalesce(adaptation_revision, 0),"
        f" {day}, count(*){sums}, count({diff}), coalesce(sum({diff}), 0),"
        f" coalesce(sum({diff} * {diff}), 0){more}"
        " FROM feedback_responses GROUP BY programme_id, module_id, module_version,"
        f" coalesce(adaptation_revision, 0), {day}"
    )
