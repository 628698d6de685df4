"""Reads sent straight to the driver (reading.py): the same rows, of the same types, as
SQLAlchemy gives; seen by the engine's listeners; errors as SQLAlchemy's own."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from flask import request_finished

from mentorhub.extensions import db
from mentorhub.learning.attendance import _trainee_sessions_query, trainee_sessions_read
from mentorhub.learning.trainee_records import (
    _records_query,
    _training_records_query,
    module_page_read,
    training_page_read,
)
from mentorhub.models import User
from mentorhub.reading import Reader, current_reader
from tests.app.groupwork.helpers import add_session
from tests.factories import csrf_token, log_in, make_programme, make_user
from tests.queries import recorded_queries


@pytest.fixture
def trainee(app, client) -> SimpleNamespace:
    """A trainee with a part done, an answer saved and a session with its modules."""
    with app.app_context():
        catalogue = app.extensions["mentorhub.catalogue"]
        programme = make_programme(catalogue.modules)
        user = make_user(programme=programme)
        module = next(  # the first module of the curriculum with a question to answer
            found
            for item in programme.curriculum
            if (found := catalogue.get(item.module_id)) is not None
            and any(section.reflections for section in found.sections)
        )
        found = SimpleNamespace(
            id=user.id,
            learner_key=user.learner_key,
            programme_id=programme.id,
            module=module,
        )
    add_session(app, found.programme_id, days=3, module_ids=[module.id])
    log_in(client, SimpleNamespace(username=user.username))
    token = csrf_token(client, f"/training/{module.id}")
    done = client.post(
        f"/training/{module.id}/{module.sections[0].id}/done", data={"csrf_token": token}
    )
    assert done.status_code == 302
    section = next(section for section in module.sections if section.reflections)
    key = section.reflections[0][0]
    prefix = key.replace("/", "--")
    answer = f"/training/{module.id}/{section.id}/reflections/{key.split('/')[1]}"
    saved = client.post(
        answer, data={f"{prefix}-csrf_token": token, f"{prefix}-text": "To listen well"}
    )
    assert saved.status_code == 302
    return found


def _statements(trainee) -> list[tuple[sa.Executable, dict]]:
    """The trainee pages' statements: the log-in's own values, and the same statements
    reading the trainee's programme and key from their row (`own_rows`)."""
    values = {
        "learner_key": trainee.learner_key,
        "programme_id": trainee.programme_id,
        "user_id": trainee.id,
        "module_id": trainee.module.id,
    }
    return [
        (_training_records_query(with_curriculum=True), values),
        (_records_query(with_entry=True), values),
        (_trainee_sessions_query(), values),
        training_page_read(trainee.id),
        module_page_read(trainee.id, trainee.module.id),
        trainee_sessions_read(trainee.id),
    ]


def _through_sqlalchemy(statement, values) -> list[tuple]:
    return [tuple(row) for row in db.session.connection().execute(statement, values)]


def test_the_rows_and_their_types_are_sqlalchemys(app, trainee):
    with app.test_request_context():
        reader = Reader(db.engine)
        try:
            for statement, values in _statements(trainee):
                expected = _through_sqlalchemy(statement, values)
                got = reader.rows(statement, values)
                assert got == expected
                assert [list(map(type, row)) for row in got] == [
                    list(map(type, row)) for row in expected
                ]
        finally:
            reader.close()
    # what the comparison covered: datetimes, a JSON list, the statement's own words,
    # the saved answer
    kinds = {type(value) for row in got for value in row}
    assert {datetime, list, str, int} <= kinds
    with app.test_request_context():
        answers = [
            row for row in _through_sqlalchemy(*_statements(trainee)[1]) if row[0] == "answer"
        ]
    assert [row[4] for row in answers] == ["To listen well"]


def test_the_engines_listeners_see_each_statement(app, trainee):
    statement, values = _statements(trainee)[0]
    with recorded_queries(app) as statements, app.test_request_context():
        reader = Reader(db.engine)
        try:
            reader.rows(statement, values)
            reader.rows(statement, values)
        finally:
            reader.close()
    assert len(statements) == 2 and statements[0].startswith("SELECT")


@pytest.mark.parametrize("page, statements", [("/training", 3), ("/training/{module}", 2)])
def test_a_trainee_page_is_one_round_trip_on_postgresql(
    app, client, trainee, database_url, page, statements
):
    """The page's reads go with the log-in (`signed_in_only(ahead=...)`, psycopg's
    pipeline mode) and serve the view; on SQLite, one statement after another."""
    seen = []

    def note(_app, response, **_extra):
        seen.append(current_reader().round_trips)

    with recorded_queries(app) as sent, request_finished.connected_to(note, app):
        answer = client.get(page.format(module=trainee.module.id))
    assert answer.status_code == 200
    assert (
        "Session 3" in answer.text
        if page == "/training"
        else "You marked this part as done." in answer.text
    )
    assert len(sent) == statements
    assert seen == [1 if database_url.startswith("postgresql") else statements]


def test_a_page_read_ahead_follows_the_trainee_to_their_new_programme(app, client, trainee):
    """What is read ahead takes the programme from the trainee's row, as the log-in
    does: moved to a programme with no modules yet, the old curriculum is gone at once."""
    link = f'href="/training/{trainee.module.id}"'
    assert link in client.get("/training").text
    with app.app_context():
        other = make_programme(None, name="Another programme")
        db.session.get(User, trainee.id).programme_id = other.id
        db.session.commit()
    assert link not in client.get("/training").text
    assert client.get(f"/training/{trainee.module.id}").status_code == 404


def test_statements_read_together_give_each_its_own_rows(app, trainee):
    reads = _statements(trainee)
    with app.test_request_context():
        reader = Reader(db.engine)
        try:
            together = reader.rows_together(reads)
            assert together == [reader.rows(statement, values) for statement, values in reads]
            assert all(together)
        finally:
            reader.close()


def test_a_driver_error_is_sqlalchemys(app):
    with app.test_request_context():
        reader = Reader(db.engine)
        try:
            missing = sa.select(sa.table("no_such_table", sa.column("x")))
            with pytest.raises(sa.exc.DBAPIError):
                reader.rows(missing, {})
            count = sa.select(sa.func.count()).select_from(User)
            with pytest.raises(sa.exc.DBAPIError):  # sent together (PostgreSQL's pipeline)
                reader.rows_together([(count, {}), (missing, {})])
            # the connection still reads afterwards
            assert reader.rows(sa.select(sa.func.count()).select_from(User), {}) == [(0,)]
        finally:
            reader.close()


class Lowered(sa.types.TypeDecorator):
    """A type that changes its values on the way in."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.lower()


def test_a_parameter_the_driver_cannot_take_as_it_is_is_refused(app):
    statement = sa.select(User.id).where(User.username == sa.bindparam("name", type_=Lowered))
    with app.test_request_context():
        reader = Reader(db.engine)
        try:
            with pytest.raises(ValueError, match="not a plain read"):
                reader.rows(statement, {"name": "Jo"})
        finally:
            reader.close()


def test_the_connection_goes_back_to_the_pool_out_of_autocommit(app, database_url):
    with app.test_request_context():
        reader = Reader(db.engine)
        driver = reader.connection.driver_connection
        if database_url.startswith("postgresql"):
            assert driver.autocommit is True
        reader.close()
        if database_url.startswith("postgresql"):
            assert driver.autocommit is False
