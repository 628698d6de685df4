"""The evaluator's comparison computed straight from the responses, as it was before
the daily totals: the reference the totals are checked against, by the tests
(`tests/app/test_feedback_totals.py`) and by `bench/evaluation.py`.

Only the SQL is independent of the app's; turning a row into a Group is the app's own
`group_from_row`, since the statistics are tested on their own."""

from __future__ import annotations

import sqlalchemy as sa

from mentorhub.evaluation.compare import Filters, Group, group_from_row, responses_filtered
from mentorhub.extensions import db
from mentorhub.models import LIKERT_ITEMS, FeedbackResponse, Programme


def compare_from_responses(filters: Filters) -> list[Group]:
    """compare() over every response: one grouped query, no totals."""
    r = FeedbackResponse
    diff = sa.case(
        (sa.and_(r.confidence_before.is_not(None), r.confidence_after.is_not(None)),
         r.confidence_after - r.confidence_before),
    )  # fmt: skip
    sums = []
    for key in LIKERT_ITEMS:
        column = getattr(r, key)
        sums += [sa.func.sum(column).label(f"{key}_sum"),
                 sa.func.sum(column * column).label(f"{key}_squares")]  # fmt: skip

    def tally(condition, name: str):
        return sa.func.sum(sa.case((condition, 1), else_=0)).label(name)

    lengths = [
        tally(r.right_length.is_not(None), "right_length_n"),
        tally(r.right_length.in_([4, 5]), "right_length_agree"),
        tally(r.right_length.in_([1, 2]), "right_length_disagree"),
        tally(r.length == 1, "length_short"),
        tally(r.length == 2, "length_right"),
        tally(r.length == 3, "length_long"),
    ]
    query = (
        sa.select(
            r.module_id, Programme.name, r.module_version, r.adaptation_revision,
            sa.func.count().label("n"), *sums,
            sa.func.count(diff).label("pairs"), sa.func.sum(diff).label("change_sum"),
            sa.func.sum(diff * diff).label("change_squares"), *lengths,
        )
        .join(Programme, Programme.id == r.programme_id)
        .group_by(r.module_id, Programme.name, r.module_version, r.adaptation_revision)
        .order_by(r.module_id, Programme.name, r.module_version, r.adaptation_revision)
    )  # fmt: skip
    rows = db.session.execute(responses_filtered(query, filters))
    return [group_from_row(*row[:4], counts=row._mapping) for row in rows]


def filter_options_from_responses() -> dict:
    """filter_options() over every response."""
    r = FeedbackResponse
    return {
        "programmes": db.session.execute(
            sa.select(Programme.id, Programme.name).order_by(Programme.name)
        ).all(),
        "modules": db.session.scalars(
            sa.select(r.module_id).distinct().order_by(r.module_id)
        ).all(),
        "versions": db.session.scalars(
            sa.select(r.module_version).distinct().order_by(r.module_version)
        ).all(),
    }
