"""The race-safe write helpers (models/writes.py) on SQLite and PostgreSQL: ON CONFLICT
inserts and upserts, and the per-person lock that queues a second writer."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.models import FeedbackSkip, Reflection
from mentorhub.models.base import utcnow
from mentorhub.models.writes import insert_or_ignore, lock_person, upsert
from tests.factories import make_user

SKIP_KEY = ["user_id", "module_id", "module_version"]
REFLECTION_KEY = ["user_id", "module_id", "block_key"]


def reflection(user_id: int, text: str) -> dict:
    now = utcnow()
    return {"user_id": user_id, "module_id": "alpha", "block_key": "part/prompt", "text": text,
            "created_at": now, "updated_at": now}  # fmt: skip


def test_insert_or_ignore_inserts_once_and_says_which_time_it_did(app):
    with app.app_context():
        user = make_user("trainee")
        values = {"user_id": user.id, "module_id": "alpha", "module_version": 2}
        assert insert_or_ignore(FeedbackSkip, values, SKIP_KEY) is True
        assert insert_or_ignore(FeedbackSkip, values, SKIP_KEY) is False
        assert insert_or_ignore(FeedbackSkip, {**values, "module_version": 3}, SKIP_KEY) is True
        db.session.commit()
        versions = db.session.scalars(sa.select(FeedbackSkip.module_version)).all()
        assert sorted(versions) == [2, 3]


def test_upsert_inserts_then_updates_only_the_columns_named(app):
    with app.app_context():
        user = make_user("trainee")
        upsert(Reflection, reflection(user.id, "First"), REFLECTION_KEY, ["text"])
        db.session.commit()
        first = db.session.scalars(sa.select(Reflection)).one()
        created, first_id = first.created_at, first.id
        later = {**reflection(user.id, "Second"), "created_at": utcnow().replace(year=2030)}
        upsert(Reflection, later, REFLECTION_KEY, ["text"])
        db.session.commit()
        db.session.expire_all()
        [row] = db.session.scalars(sa.select(Reflection)).all()
        assert (row.id, row.text, row.created_at) == (first_id, "Second", created)


def test_upsert_leaves_the_row_when_only_if_is_false(app):
    with app.app_context():
        user = make_user("trainee")
        table = Reflection.__table__
        upsert(Reflection, reflection(user.id, "Kept"), REFLECTION_KEY, ["text"])
        upsert(Reflection, reflection(user.id, "Not written"), REFLECTION_KEY, ["text"],
               only_if=table.c.text != "Kept")  # fmt: skip
        upsert(Reflection, reflection(user.id, "Written"), REFLECTION_KEY, ["text"],
               only_if=table.c.text == "Kept")  # fmt: skip
        db.session.commit()
        assert db.session.scalars(sa.select(Reflection.text)).all() == ["Written"]


def test_the_person_lock_makes_a_second_writer_wait_for_the_first_to_commit(app):
    """Thread A holds the lock for HOLD seconds; thread B asks for it meanwhile and gets
    it only once A has committed."""
    hold = 0.5
    with app.app_context():
        user_id = make_user("trainee").id
    held, times = threading.Event(), {}

    def first() -> None:
        with app.app_context():
            lock_person(user_id)
            held.set()
            time.sleep(hold)
            times["a_commits"] = time.perf_counter()
            db.session.commit()

    def second() -> None:
        with app.app_context():
            held.wait(5)
            times["b_asks"] = time.perf_counter()
            lock_person(user_id)
            times["b_has_it"] = time.perf_counter()
            db.session.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert set(times) == {"a_commits", "b_asks", "b_has_it"}
    assert times["b_asks"] < times["a_commits"] <= times["b_has_it"]


@pytest.mark.parametrize("values", [{"module_version": None}, {"user_id": 10**9}])
def test_the_database_refuses_what_the_schema_forbids(app, values):
    """A bad row is refused by the database (SQLite enforces foreign keys too), not
    ignored: ON CONFLICT covers the unique key only."""
    with app.app_context():
        user = make_user("trainee")
        row = {"user_id": user.id, "module_id": "alpha", "module_version": 2, **values}
        with pytest.raises(sa.exc.IntegrityError):
            insert_or_ignore(FeedbackSkip, row, SKIP_KEY)
        db.session.rollback()
