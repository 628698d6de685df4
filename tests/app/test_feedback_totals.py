"""The daily totals behind the evaluator's comparison: kept in step as responses are
saved and edited (by save_response, the one writer) and as accounts are deleted,
filled by migration 0006, checked by `flask feedback check-totals`, repaired by
`flask feedback rebuild-totals`, and giving exactly what the responses themselves give."""

from __future__ import annotations

import random
import shutil
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from mentorhub.evaluation.compare import Filters, compare, filter_options
from mentorhub.evaluation.stats import SUPPRESSED
from mentorhub.extensions import db
from mentorhub.learning.feedback import (
    FeedbackAnswers,
    save_response,
    totals_drift,
)
from mentorhub.models import FeedbackAuthor, FeedbackDailyTotal, FeedbackResponse
from mentorhub.models.feedback import VALUE_COUNTS
from tests.factories import FIXTURES, PASSWORD, csrf_token, log_in, make_programme, make_user
from tests.feedback_reference import compare_from_responses, filter_options_from_responses
from tests.feedback_seed import FIRST_DAY, expected_totals, length_answer, seed, stored_totals


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


def variety_of_filters(programmes: list[int]) -> list[Filters]:
    third, fifth = FIRST_DAY + timedelta(days=2), FIRST_DAY + timedelta(days=4)
    return [
        Filters(),
        Filters(start=third),
        Filters(end=third),
        Filters(start=third, end=third),
        Filters(start=third, end=fifth),
        Filters(programme_id=programmes[1]),
        Filters(module_id="beta"),
        Filters(version=1),
        Filters(start=third, programme_id=programmes[0], module_id="alpha", version=2),
        Filters(start=FIRST_DAY + timedelta(days=30)),  # nothing
    ]


def test_compare_from_the_totals_equals_compare_over_the_responses(app):
    with app.app_context():
        programmes = seed()
        groups = compare(Filters())
        assert len(groups) > 30 and any(g.n is not SUPPRESSED for g in groups)
        assert {g.revision for g in groups} == {None, 1, 2}
        for filters in variety_of_filters(programmes):
            assert compare(filters) == compare_from_responses(filters), filters
        assert filter_options() == filter_options_from_responses()


def _answers(rng: random.Random) -> FeedbackAnswers:
    pair = (rng.randint(1, 5), rng.randint(1, 5)) if rng.random() < 0.8 else (None, None)
    return FeedbackAnswers(
        relevant=rng.randint(1, 5), clear=rng.randint(1, 5), **length_answer(rng),
        recommend=rng.randint(1, 5), confidence_before=pair[0], confidence_after=pair[1],
        helped_most=rng.choice(["", "The stories"]),
    )  # fmt: skip


def test_saves_and_edits_keep_the_table_exactly_what_the_responses_add_up_to(app):
    """New responses (with and without an author) and edits of earlier ones, some in one
    transaction, all through save_response."""
    rng = random.Random(14)
    with app.app_context():
        catalogue = app.extensions["mentorhub.catalogue"]
        modules = [catalogue.get("alpha"), catalogue.get("beta")]
        programmes = [make_programme(None, name=f"Saves {n}") for n in range(2)]
        people = [make_user("trainee", programme=programmes[n % 2]) for n in range(8)]
        for step in range(120):
            author = rng.choice([*people, None])
            programme = author.programme if author else rng.choice(programmes)
            save_response(author, programme, rng.choice(modules), _answers(rng))
            if step % 3 == 0:
                db.session.commit()
        db.session.commit()
        authored = db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackAuthor))
        assert authored == len(people) * len(modules)  # every later save was an edit
        assert stored_totals() == expected_totals()
        assert all(row[5] > 0 for row in stored_totals())  # n
        assert totals_drift() == []


# --- through the feedback form: a new response, its edit, the account deleted ----------


def send(client, **changes):
    data = {"relevant": "5", "clear": "4", "length": "3", "recommend": "5",
            "confidence_before": "2", "confidence_after": "4", **changes,
            "csrf_token": csrf_token(client, "/account")}  # fmt: skip
    response = client.post("/training/alpha/feedback", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def the_only_total() -> tuple:
    t = FeedbackDailyTotal
    [row] = db.session.execute(
        sa.select(t.n, t.relevant_sum, t.relevant_squares, t.pairs, t.change_sum, t.change_squares)
    ).all()
    return tuple(row)


def test_saving_and_editing_through_the_form_keeps_the_totals(app, client):
    with app.app_context():
        programme = make_programme(app.extensions["mentorhub.catalogue"].modules)
        log_in(client, make_user("trainee", programme=programme))
    send(client)
    with app.app_context():
        assert the_only_total() == (1, 5, 25, 1, 2, 4)
    send(client, relevant="2", confidence_before="5", confidence_after="4")  # an edit
    with app.app_context():
        assert the_only_total() == (1, 2, 4, 1, -1, 1)
        assert stored_totals() == expected_totals()
    token = csrf_token(client, "/account")
    client.post("/account/delete", data={"password": PASSWORD, "csrf_token": token})
    with app.app_context():  # the response stays, detached, and so do its totals
        assert db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackResponse)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(FeedbackAuthor)) == 0
        assert the_only_total() == (1, 2, 4, 1, -1, 1)
        assert stored_totals() == expected_totals()


# --- repairing them ----------------------------------------------------------------------


def test_rebuild_totals_repairs_them(app, runner):
    with app.app_context():
        programmes = seed()
        t = FeedbackDailyTotal
        db.session.execute(sa.update(t).where(t.module_id == "alpha").values(n=t.n + 3))
        db.session.execute(sa.delete(t).where(t.module_id == "beta"))
        db.session.add(FeedbackDailyTotal(
            programme_id=programmes[0], module_id="nowhere", module_version=1,
            adaptation_revision=0, day=FIRST_DAY, n=9, relevant_sum=9, relevant_squares=9,
            clear_sum=9, clear_squares=9, right_length_sum=9, right_length_squares=9,
            recommend_sum=9, recommend_squares=9, pairs=0, change_sum=0, change_squares=0,
            right_length_n=9, right_length_agree=9, right_length_disagree=0, length_short=0,
            length_right=0, length_long=0, **dict.fromkeys(VALUE_COUNTS, 0),
        ))  # fmt: skip
        db.session.commit()
        assert stored_totals() != expected_totals()
        expected = expected_totals()
    result = runner.invoke(args=["feedback", "rebuild-totals"])
    assert result.exit_code == 0, result.output
    assert result.output == f"Rebuilt the feedback daily totals: {len(expected)} row(s).\n"
    with app.app_context():
        assert stored_totals() == expected
        assert compare(Filters()) == compare_from_responses(Filters())


def test_check_totals_lists_the_rows_that_differ_and_exits_1(app, runner):
    with app.app_context():
        programmes = seed()
    result = runner.invoke(args=["feedback", "check-totals"])
    assert (result.exit_code, result.output) == (
        0,
        "The feedback daily totals match the responses.\n",
    )
    with app.app_context():
        t = FeedbackDailyTotal
        first = db.session.scalars(
            sa.select(t).where(t.module_id == "alpha", t.programme_id == programmes[0]).limit(1)
        ).one()
        where, n = f"programme {programmes[0]}, alpha v{first.module_version}, ", first.n
        first.n += 3
        db.session.execute(sa.delete(t).where(t.module_id == "beta"))
        db.session.flush()
        missing = len(expected_totals()) - len(stored_totals())
        db.session.commit()
    result = runner.invoke(args=["feedback", "check-totals", "--show", "1000"])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[-1].startswith(f"{missing + 1} daily-totals row(s) differ from the responses.")
    assert "rebuild-totals" in lines[-1]
    assert sum(", beta v" in line and "stored no row" in line for line in lines) == missing > 0
    changed = [line for line in lines if line.startswith(where) and f"stored n={n + 3}, " in line]
    assert len(changed) == 1 and f"expected n={n}, " in changed[0]
    assert runner.invoke(args=["feedback", "rebuild-totals"]).exit_code == 0
    assert runner.invoke(args=["feedback", "check-totals"]).exit_code == 0


# --- migration 0006 fills the table from the responses already there --------------------


def test_migrations_0006_and_0010_fill_the_totals_from_existing_responses(migration_app):
    with migration_app.app_context():
        upgrade()
        seed(newer=False)  # what a database before the length question could hold
        kept_by_the_app = stored_totals()
        db.session.remove()
        downgrade(revision="0005")
        assert "feedback_daily_totals" not in sa.inspect(db.engine).get_table_names()
        upgrade()
        assert stored_totals() == kept_by_the_app == expected_totals()


def test_migration_0010_undone_maps_length_answers_back_to_the_statement(migration_app):
    with migration_app.app_context():
        upgrade()
        seed()
        r = FeedbackResponse.__table__.c
        before = dict(db.session.execute(sa.select(r.id, r.length)).all())
        db.session.remove()
        downgrade(revision="0009")
        rows = dict(
            db.session.execute(sa.text("SELECT id, right_length FROM feedback_responses")).all()
        )
        for response_id, length in before.items():
            if length is not None:  # lossy, as said: about right -> 4, the others -> 2
                assert rows[response_id] == (4 if length == 2 else 2)
        assert None not in rows.values()
        db.session.remove()  # PostgreSQL: no open transaction may hold the table
        upgrade()
        assert stored_totals() == expected_totals()


def test_migration_0011_fills_the_per_value_counts_and_can_be_undone(migration_app):
    with migration_app.app_context():
        upgrade()
        seed()
        kept_by_the_app = stored_totals()
        db.session.remove()
        downgrade(revision="0010")
        inspector = sa.inspect(db.engine)
        columns = {c["name"] for c in inspector.get_columns("feedback_daily_totals")}
        assert columns.isdisjoint(VALUE_COUNTS) and "length_long" in columns
        indexes = {i["name"] for i in inspector.get_indexes("feedback_responses")}
        assert "ix_feedback_responses_newest" not in indexes
        indexes = {i["name"] for i in inspector.get_indexes("module_completions")}
        assert "ix_module_completions_programme_module" not in indexes
        upgrade()  # fills the new columns from the responses
        assert stored_totals() == kept_by_the_app == expected_totals()
        assert sum(row.relevant_5 for row in db.session.scalars(sa.select(FeedbackDailyTotal)))
