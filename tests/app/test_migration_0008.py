"""Migration 0008 on data left by the bugs it closes: responses doubled by a double tap
(the newest kept, the totals summed again), and, on SQLite, rows pointing at nothing
from before foreign keys were enforced (mended as their ON DELETE says)."""

from __future__ import annotations

import importlib.util
import sqlite3
from collections.abc import Iterator
from types import ModuleType

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from mentorhub import create_app
from mentorhub.extensions import db
from mentorhub.models import FeedbackDailyTotal
from mentorhub.models.feedback import daily_totals_query
from tests.conftest import ROOT, config_class


def run(statements: list[str]) -> None:
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(sa.text(statement))


def at_0007_with_a_doubled_response() -> None:
    """Trainee 1 answered alpha v2 twice (a double tap, the second a moment later) and
    beta v1 once; response 4 has no author (a deleted account)."""
    run([
        "INSERT INTO programmes (id, name, local_authority, partner_organisation, focus,"
        " support_contacts, join_code_enabled, created_at)"
        " VALUES (1, 'P', 'fife', 'Partner', '[]', '', true, '2026-09-01 10:00:00')",
        "INSERT INTO users (id, username, display_name, password_hash, role, programme_id,"
        " learner_key, created_at) VALUES (1, 'sam', 'Sam', 'x', 'trainee', 1, 'k1',"
        " '2026-09-01 10:00:00')",
        *(
            "INSERT INTO feedback_responses (id, module_id, module_version, programme_id,"
            " relevant, clear, right_length, recommend, confidence_before, confidence_after,"
            f" helped_most, would_change, submitted_at, updated_at) VALUES ({values})"
            for values in [
                "1, 'alpha', 2, 1, 5, 5, 5, 5, 1, 5, 'first tap', '', '2026-09-02 10:00:00',"
                " '2026-09-02 10:00:00'",
                "2, 'alpha', 2, 1, 4, 4, 4, 4, 2, 4, 'second tap', '',"
                " '2026-09-02 10:00:00.5', '2026-09-02 10:00:00.5'",
                "3, 'beta', 1, 1, 3, 3, 3, 3, NULL, NULL, '', '', '2026-09-03 09:00:00',"
                " '2026-09-03 09:00:00'",
                "4, 'alpha', 2, 1, 2, 2, 2, 2, NULL, NULL, '', '', '2026-09-02 11:00:00',"
                " '2026-09-02 11:00:00'",
            ]
        ),
        "INSERT INTO feedback_answers (response_id, key, text) VALUES (1, 'extra-q', 'one')",
        "INSERT INTO feedback_answers (response_id, key, text) VALUES (2, 'extra-q', 'two')",
        "INSERT INTO feedback_authors (response_id, user_id) VALUES (1, 1), (2, 1), (3, 1)",
    ])  # fmt: skip


def migration(name: str) -> ModuleType:
    """A revision's module from migrations/versions (not a package), for its SQL."""
    spec = importlib.util.spec_from_file_location(
        name, ROOT / "migrations" / "versions" / f"{name}.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def totals() -> tuple[set[tuple], set[tuple]]:
    """(stored, what the responses add up to)."""
    stored = db.session.execute(sa.select(FeedbackDailyTotal.__table__))
    expected = db.session.execute(daily_totals_query(db.engine.dialect.name))
    return {tuple(row) for row in stored}, {tuple(row) for row in expected}


def test_0008_keeps_the_newest_of_doubled_responses_and_sums_the_totals_again(migration_app):
    with migration_app.app_context():
        upgrade()
        downgrade(revision="0007")
        at_0007_with_a_doubled_response()
        # The totals as the app kept them then (0006's columns): the doubled response
        # counted twice. (Today's rebuild_daily_totals writes columns 0007 does not have.)
        run([migration("0006_feedback_daily_totals").fill_statement(db.engine.dialect.name)])
        assert db.session.scalar(sa.select(sa.func.sum(FeedbackDailyTotal.n))) == 4
        db.session.remove()
        upgrade()
        kept = db.session.execute(
            sa.text(
                "SELECT response_id, user_id, module_id, module_version FROM feedback_authors"
                " ORDER BY response_id"
            )  # fmt: skip
        ).all()
        assert [tuple(row) for row in kept] == [(2, 1, "alpha", 2), (3, 1, "beta", 1)]
        ids = db.session.scalars(sa.text("SELECT id FROM feedback_responses ORDER BY id")).all()
        assert ids == [2, 3, 4]  # the anonymous one stays
        answers = db.session.execute(sa.text("SELECT response_id, text FROM feedback_answers"))
        assert [tuple(row) for row in answers] == [(2, "two")]
        stored, expected = totals()
        assert stored == expected and len(stored) == 2
        alpha_n = db.session.scalar(
            sa.select(FeedbackDailyTotal.n).where(FeedbackDailyTotal.module_id == "alpha")
        )
        assert alpha_n == 2  # the second tap and the anonymous response, not three


@pytest.fixture
def sqlite_app(tmp_path) -> Iterator[Flask]:
    """An app on a new SQLite file (PostgreSQL always refused such rows: nothing to mend)."""
    app = create_app(config_class(
        CONTENT_DIR=str(ROOT / "content"), INSTANCE_PATH=str(tmp_path),
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'orphans.sqlite3'}",
    ))  # fmt: skip
    yield app
    with app.app_context():
        db.engine.dispose()


def test_0008_mends_rows_that_point_at_nothing_on_sqlite(sqlite_app, tmp_path):
    with sqlite_app.app_context():
        upgrade(revision="0007")
        at_0007_with_a_doubled_response()
        db.engine.dispose()
    path = tmp_path / "orphans.sqlite3"
    # Written as SQLite let them be before 0008 (the app's connections refuse them now).
    raw = sqlite3.connect(path)
    raw.executescript("""
        INSERT INTO adaptations (id, programme_id, module_id, current_number, created_at)
            VALUES (1, 1, 'alpha', 1, '2026-09-01');
        INSERT INTO adaptation_revisions (adaptation_id, number, kind, author_id, author_name,
            created_at, message, base_version, base_sections, document)
            VALUES (1, 1, 'edit', 99, 'Gone Trainer', '2026-09-01', '', 2, '[]', '{}');
        INSERT INTO reflections (user_id, module_id, block_key, text, created_at, updated_at)
            VALUES (99, 'alpha', 'a/b', 'orphan', '2026-09-01', '2026-09-01'),
                   (1, 'alpha', 'a/b', 'kept', '2026-09-01', '2026-09-01');
        INSERT INTO section_progress (user_id, learner_key, programme_id, module_id,
            section_id, module_version, done_at)
            VALUES (NULL, 'k9', 77, 'alpha', 's', 2, '2026-09-01');
    """)
    raw.commit()
    raw.close()
    with sqlite_app.app_context():
        upgrade()
        revision = db.session.execute(sa.text("SELECT author_id, author_name FROM"
                                              " adaptation_revisions")).one()  # fmt: skip
        assert tuple(revision) == (None, "Gone Trainer")  # ON DELETE SET NULL
        texts = db.session.scalars(sa.text("SELECT text FROM reflections")).all()
        assert texts == ["kept"]  # ON DELETE CASCADE
        assert db.session.scalar(sa.text("SELECT count(*) FROM section_progress")) == 0
        assert db.session.execute(sa.text("PRAGMA foreign_key_check")).all() == []
        assert db.session.scalar(sa.text("PRAGMA foreign_keys")) == 1
