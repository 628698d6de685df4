"""Varied feedback written straight to the tables (as a restore or a bulk load would),
then totalled by the rebuild: what the daily-totals tests check the app's figures on
(tests/app/test_feedback_totals.py and test_feedback_programme_totals.py)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.learning.feedback import rebuild_daily_totals
from mentorhub.models import FeedbackDailyTotal, FeedbackResponse
from mentorhub.models.feedback import daily_totals_query
from tests.factories import make_programme

FIRST_DAY = date(2026, 9, 1)


def stored_totals() -> set[tuple]:
    return {tuple(row) for row in db.session.execute(sa.select(FeedbackDailyTotal.__table__))}


def expected_totals() -> set[tuple]:
    """The totals computed afresh from the responses (the rebuild's and the migration's sum)."""
    dialect = db.session.get_bind().dialect.name
    return {tuple(row) for row in db.session.execute(daily_totals_query(dialect))}


# --- varied responses: programmes, modules, versions, revisions, days, edits -----------


def length_answer(rng: random.Random, newer: bool = True) -> dict:
    """Older responses answered the 1-5 statement, newer ones the length question."""
    if not newer or rng.random() < 0.4:
        return {"right_length": rng.randint(1, 5), "length": None}
    return {"right_length": None, "length": rng.randint(1, 3)}


def _response(
    rng: random.Random, programme_id: int, when: datetime, newer: bool = True
) -> FeedbackResponse:
    pair = (rng.randint(1, 5), rng.randint(1, 5))
    missing = rng.random()
    if missing < 0.15:
        pair = (None, None)  # a per-objective module: no module-level pair
    elif missing < 0.2:
        pair = (pair[0], None)  # half a pair counts as none
    return FeedbackResponse(
        module_id=rng.choice(["alpha", "beta", "gamma"]), module_version=rng.choice([1, 2]),
        programme_id=programme_id, adaptation_revision=rng.choice([None, None, None, 1, 2]),
        relevant=rng.randint(1, 5), clear=rng.randint(1, 5), **length_answer(rng, newer),
        recommend=rng.randint(1, 5), confidence_before=pair[0], confidence_after=pair[1],
        submitted_at=when,
    )  # fmt: skip


def _moment(rng: random.Random) -> datetime:
    """A time on one of six days; often right at a day's first or last microsecond."""
    day = datetime.combine(FIRST_DAY + timedelta(days=rng.randrange(6)), time.min)
    edge = rng.random()
    if edge < 0.2:
        return day
    if edge < 0.4:
        return datetime.combine(day.date(), time.max)
    return day + timedelta(seconds=rng.randrange(86_400))


def seed(seed_value: int = 6, newer: bool = True) -> list[int]:
    """About 400 responses in three programmes, written straight to the table (as a
    restore or a bulk load would), often dated on the edge of a day, then totalled by
    the rebuild. Returns the programme ids. With `newer=False`, every response answers
    the earlier length statement (as before 0010)."""
    rng = random.Random(seed_value)
    programmes = [make_programme(None, name=f"Totals {n}").id for n in range(3)]
    for _ in range(400):
        db.session.add(_response(rng, rng.choice(programmes), _moment(rng), newer))
    rebuild_daily_totals()
    db.session.commit()
    return programmes
