"""`SessionSeen`, the plain group session on a trainee's own pages, stays the row."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from mentorhub.learning.attendance import SessionSeen
from mentorhub.models import GroupSession


def test_its_fields_are_the_tables_columns_in_order():
    fields = [field.name for field in dataclasses.fields(SessionSeen)]
    assert fields == [column.key for column in GroupSession.__table__.columns]


def test_it_answers_cancelled_and_minutes_as_the_model_does():
    values = {field.name: None for field in dataclasses.fields(SessionSeen)}
    start = datetime(2027, 3, 2, 18, 0)
    values.update(starts_at=start, ends_at=datetime(2027, 3, 2, 20, 30))
    seen = SessionSeen(**values)
    assert (seen.cancelled, seen.minutes) == (False, 150)
    model = GroupSession(starts_at=start, ends_at=values["ends_at"], cancelled_at=start)
    cancelled = dataclasses.replace(seen, cancelled_at=start)
    assert (cancelled.cancelled, cancelled.minutes) == (model.cancelled, model.minutes)
