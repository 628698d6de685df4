"""Per-value counts in the feedback daily totals, and indexes for the trainer's page.

The trainer's feedback page shows, per module, how many answered each value (1 to 5) of
each statement. Up to now it counted them over every response of the programme (about
1.1 s at 1M responses, bench/README.md). The daily totals now hold those counts too
(`relevant_1` ... `recommend_5`), so the page sums a few rows per module instead:

- 20 columns in feedback_daily_totals, filled here from the responses already stored
  (the app's `save_response` keeps them in step from here on);
- `ix_feedback_responses_newest` (programme, module, submitted_at, id): each module's
  newest comments without sorting all of them;
- `ix_module_completions_programme_module`: a programme's completions per module.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

ITEMS = ["relevant", "clear", "right_length", "recommend"]
KEY = ["programme_id", "module_id", "module_version", "adaptation_revision", "day"]
DIFF = "(confidence_after - confidence_before)"  # NULL unless both were answered
COUNTS = {  # every column of a daily total (0006, 0010, and the new per-value counts)
    "n": "count(*)",
    **{
        f"{item}_{part}": f"coalesce(sum({sql}), 0)"
        for item in ITEMS
        for part, sql in (("sum", item), ("squares", f"{item} * {item}"))
    },
    "pairs": f"count({DIFF})",
    "change_sum": f"coalesce(sum({DIFF}), 0)",
    "change_squares": f"coalesce(sum({DIFF} * {DIFF}), 0)",
    "right_length_n": "count(right_length)",
    "right_length_agree": "count(CASE WHEN right_length >= 4 THEN 1 END)",
    "right_length_disagree": "count(CASE WHEN right_length <= 2 THEN 1 END)",
    "length_short": "count(CASE WHEN length = 1 THEN 1 END)",
    "length_right": "count(CASE WHEN length = 2 THEN 1 END)",
    "length_long": "count(CASE WHEN length = 3 THEN 1 END)",
}
VALUE_COUNTS = {
    f"{item}_{value}": f"count(CASE WHEN {item} = {value} THEN 1 END)"
    for item in ITEMS
    for value in (1, 2, 3, 4, 5)
}
NEWEST = ["programme_id", "module_id", "submitted_at", "id"]


def upgrade():
    with op.batch_alter_table("feedback_daily_totals") as batch:
        for name in VALUE_COUNTS:
            batch.add_column(sa.Column(name, sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("feedback_daily_totals") as batch:
        for name in VALUE_COUNTS:
            batch.alter_column(name, existing_type=sa.Integer(), server_default=None)
    refill(op.get_bind().dialect.name)
    op.create_index("ix_feedback_responses_newest", "feedback_responses", NEWEST)
    op.create_index(
        "ix_module_completions_programme_module",
        "module_completions",
        ["programme_id", "module_id"],
    )


def refill(dialect):
    """Every daily total computed again from the responses, the new counts with the rest
    (models/feedback.py, daily_totals_query, is what keeps them up to date from here on)."""
    # SQLite stores datetimes as text: date() gives the 'YYYY-MM-DD' its Date type stores
    # (CAST would give the number 2026).
    day = "date(submitted_at)" if dialect == "sqlite" else "CAST(submitted_at AS DATE)"
    key = [*KEY[:3], "coalesce(adaptation_revision, 0)", day]
    counts = {**COUNTS, **VALUE_COUNTS}
    op.execute("DELETE FROM feedback_daily_totals")
    op.execute(
        f"INSERT INTO feedback_daily_totals ({', '.join([*KEY, *counts])})"
        f" SELECT {', '.join([*key, *counts.values()])}"
        f" FROM feedback_responses GROUP BY {', '.join(key)}"
    )


def downgrade():
    op.drop_index("ix_module_completions_programme_module", table_name="module_completions")
    op.drop_index("ix_feedback_responses_newest", table_name="feedback_responses")
    with op.batch_alter_table("feedback_daily_totals") as batch:
        for name in VALUE_COUNTS:
            batch.drop_column(name)
