"""The cheaper checks that a kept programme page is still its rows': on SQLite, the
database's stamp (nothing committed by anyone since) stands in for the fingerprint; on
PostgreSQL, the progress tables are summed by row version. Neither may let a write pass
unseen, nor keep a page made from rows that were never committed. The grid's icons are
drawn once and used by every cell; the programme and whether the trainer manages it are
read in one query."""

from __future__ import annotations

import re
import sqlite3

import pytest
import sqlalchemy as sa

import mentorhub.programmes.views as programme_views
from mentorhub.extensions import db
from mentorhub.learning.database_stamp import database_stamp, read_with_stamp
from mentorhub.learning.programme_fingerprint import programme_fingerprint
from mentorhub.models import ModuleCompletion, SectionProgress, User
from tests.app.programme_page.helpers import cells, kept, page, trainee_client
from tests.factories import make_programme
from tests.queries import recorded_queries


def on_sqlite(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def commit_elsewhere(app, statement: str, **values) -> None:
    """A commit from another process: a connection of its own, outside the app's pool."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if on_sqlite(app):
        connection = sqlite3.connect(sa.engine.make_url(url).database)
        with connection:  # commits
            connection.execute(statement, values)
        connection.close()
        return
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    with engine.begin() as connection:
        connection.execute(sa.text(statement), values)
    engine.dispose()


def fingerprint_reads(statements: list[str]) -> int:
    return sum("section_progress" in statement for statement in statements)


# --- the stamp (SQLite) --------------------------------------------------------------------


TRIES = 30  # PostgreSQL: any commit on the server (another database's too) moves the stamp


def steady_stamp(app):
    """A stamp that reading leaves as it was. On PostgreSQL another database's commit
    (another test run's) may move it between two reads: tried again, a few times."""
    for _ in range(1 if on_sqlite(app) else TRIES):
        first = database_stamp()
        db.session.scalar(sa.select(sa.func.count(User.id)))
        if database_stamp() == first:
            return first
    pytest.fail("reading moved the stamp")


def on_its_stamp(app, fife) -> list[str]:
    """The statements of a view of the kept page served on its stamp, with no
    fingerprint read (the first view on SQLite; see `steady_stamp` for PostgreSQL)."""
    for _ in range(1 if on_sqlite(app) else TRIES):
        with recorded_queries(app) as statements:
            page(fife)
        if fingerprint_reads(statements) == 0:
            return statements
    pytest.fail("the kept page was never served on its stamp")


def test_the_stamp_moves_on_every_commit_and_only_then(app, fife):
    with app.app_context():
        first = steady_stamp(app)
        assert first is not None
    aileen = fife.trainees["Aileen Brodie"].id
    commit_elsewhere(app, "UPDATE users SET display_name = 'A' WHERE id = :id", id=aileen)
    with app.app_context():
        second = database_stamp()
        assert second != first  # another process committed
        db.session.execute(sa.update(User).where(User.id == aileen).values(display_name="B"))
        assert database_stamp() is None  # written, not yet committed: no stamp
        db.session.commit()
        third = database_stamp()
        assert third not in (first, second)  # this connection committed


def test_the_stamp_comes_in_the_same_statement_as_what_it_vouches_for(app, fife):
    with app.app_context():
        query = sa.select(User.id).where(User.id == sa.bindparam("id"))
        with recorded_queries(app) as statements:
            row, stamp = read_with_stamp(query, {"id": fife.trainer_id})
        assert tuple(row) == (fife.trainer_id,) and stamp is not None
        assert len(statements) == 1
        assert read_with_stamp(query, {"id": -1}) == (None, None)
        db.session.execute(sa.update(User).where(User.id == fife.trainer_id).values(email=None))
        assert read_with_stamp(query, {"id": fife.trainer_id})[1] is None  # written
        db.session.rollback()


def test_requests_taking_turns_on_two_pooled_connections_are_served_on_their_stamps(
    app, fife, renders
):
    """On SQLite each pooled connection has stamps of its own, and a worker's requests
    may take its connections in turns (the pool hands out the longest idle first): the
    page remembers a stamp for each, so none of them reads the fingerprint."""
    kept(fife, renders)
    with app.app_context():
        one, two = db.engine.raw_connection(), db.engine.raw_connection()
        one.close()
        two.close()  # two idle connections now
    for _ in range(2):
        page(fife)  # each connection's stamp checked against the fingerprint once
    for _ in range(3):
        on_its_stamp(app, fife)
    assert len(renders) == 1


def test_the_stamp_moves_when_a_transaction_in_progress_commits(app, fife):
    """A transaction that began before the stamp was read, and commits after: on
    PostgreSQL it was in the snapshot's list of those in progress, and leaves it; on
    SQLite its commit moves `data_version`."""
    engine = sa.create_engine(app.config["SQLALCHEMY_DATABASE_URI"], poolclass=sa.pool.NullPool)
    with engine.connect() as elsewhere:
        elsewhere.execute(
            sa.text("UPDATE users SET display_name = 'C' WHERE id = :id"),
            {"id": fife.trainees["Bruce Kerr"].id},
        )
        with app.app_context():
            during = database_stamp()
        elsewhere.commit()
    engine.dispose()
    with app.app_context():
        assert database_stamp() != during


def test_a_kept_page_is_checked_by_its_stamp_until_anyone_commits(app, fife, renders):
    kept(fife, renders)
    on_its_stamp(app, fife)
    aileen = fife.trainees["Aileen Brodie"].id
    commit_elsewhere(app, "UPDATE users SET display_name = 'Aileen Shaw' WHERE id = :id", id=aileen)
    with recorded_queries(app) as statements:
        markup = page(fife)
    assert "Aileen Shaw" in markup and "Aileen Brodie" not in markup
    assert fingerprint_reads(statements) >= 1 and len(renders) == 2


def test_a_commit_elsewhere_that_leaves_the_rows_as_they_were_keeps_the_page(app, fife, renders):
    """A write the page does not show (the trainer's last log-in, here) moves the stamp,
    not this programme's fingerprint nor the viewer's row."""
    kept(fife, renders)
    commit_elsewhere(
        app,
        "UPDATE users SET last_login_at = '2020-01-01 10:00:00' WHERE id = :viewer",
        viewer=fife.trainer_id,
    )
    with recorded_queries(app) as statements:
        page(fife)
    assert fingerprint_reads(statements) == 1 and len(renders) == 1
    on_its_stamp(app, fife)  # trusted by its stamp again
    assert len(renders) == 1


def test_a_page_made_from_rows_never_committed_is_not_served_again(app, fife, renders, monkeypatch):
    """A request that wrote (and then rolled back) before reading the page: there is no
    stamp inside its transaction, so the page it kept is checked by fingerprint. (The
    log-in is read on the request's reader, reading.py, in autocommit on PostgreSQL;
    the stamp then comes from the session, which has written.)"""
    kept(fife, renders)
    aileen = fife.trainees["Aileen Brodie"].id
    real = programme_views.read_with_stamp
    writes = [1]

    def write_first(query, values):
        if writes:
            writes.pop()
            db.session.execute(
                sa.update(User).where(User.id == aileen).values(display_name="Aileen Shaw")
            )
        return real(query, values)

    monkeypatch.setattr(programme_views, "read_with_stamp", write_first)
    assert "Aileen Shaw" in page(fife)  # its own write, never committed
    for _ in range(2):
        markup = page(fife)
        assert "Aileen Brodie" in markup and "Aileen Shaw" not in markup


# --- the progress tables by row version (PostgreSQL), by their text (SQLite) ---------------


def _progress_row(app, fife) -> int:
    client, token = trainee_client(app, fife, "Aileen Brodie")
    client.post("/training/alpha/getting-started/done", data={"csrf_token": token})
    client.post("/training/alpha/part-two/done", data={"csrf_token": token})
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.min(SectionProgress.id)))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE section_progress SET done_at = '2020-01-01 10:00:00' WHERE id = :id",
        "UPDATE section_progress SET section_id = 'elsewhere' WHERE id = :id",
        "UPDATE section_progress SET learner_key = 'someone-else' WHERE id = :id",
        "DELETE FROM section_progress WHERE id = :id",
        "UPDATE module_completions SET completed_at = '2020-01-01 10:00:00'",
        "UPDATE module_completions SET module_id = 'elsewhere'",
        "DELETE FROM module_completions",
    ],
)
def test_every_write_to_a_progress_row_moves_the_fingerprint(app, fife, statement):
    row = _progress_row(app, fife)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ModuleCompletion.id))) == 1
        before = programme_fingerprint(fife.id)
    commit_elsewhere(app, statement, id=row)
    with app.app_context():
        assert programme_fingerprint(fife.id) != before


def test_a_progress_row_replaced_by_another_moves_the_fingerprint(app, fife):
    """One part undone and another done in one transaction: as many rows as before."""
    row = _progress_row(app, fife)
    with app.app_context():
        before = programme_fingerprint(fife.id)
        done = db.session.get(SectionProgress, row)
        values = {c.name: getattr(done, c.name) for c in SectionProgress.__table__.columns}
        db.session.delete(done)
        db.session.flush()
        values.pop("id")
        db.session.add(SectionProgress(**{**values, "section_id": "another-part"}))
        db.session.commit()
        assert programme_fingerprint(fife.id) != before


# --- the grid's icons -----------------------------------------------------------------------


def test_each_grid_icon_is_drawn_once_and_every_cell_uses_one_and_says_it(app, fife, renders):
    client, token = trainee_client(app, fife, "Aileen Brodie")
    client.post("/training/alpha/getting-started/done", data={"csrf_token": token})
    markup = kept(fife, renders)
    drawn = re.findall(r'<symbol id="([\w-]+)"', markup)
    assert sorted(drawn) == ["grid-done", "grid-in-progress", "grid-not-started"]
    grid = markup[markup.index("<tbody>") : markup.index("</tbody>")]
    tds = re.findall(r"<td[^>]*>.*?</td>", grid)
    assert tds and len(tds) == grid.count('<svg aria-hidden="true"><use href="#grid-')
    for td in tds:
        status = re.match(r'<td class="cell--([\w-]+)">', td).group(1)
        shown = re.search(r'<use href="#([\w-]+)"/>', td).group(1)
        assert shown == ("grid-done" if status == "complete" else f"grid-{status}")
    assert cells(markup, "Aileen Brodie")[0] == "In progress (1/2)"
    assert cells(markup, "Bruce Kerr")[0] == "Not started"


# --- the programme and "is it theirs" in one query ------------------------------------------


def test_a_kept_page_costs_a_trainer_two_queries(app, fife, renders):
    """The log-in; the programme with whether this trainer manages it, and the stamp
    (the fingerprint only when the stamp moved)."""
    kept(fife, renders)
    statements = on_its_stamp(app, fife)
    assert len(statements) == 2, "\n".join(statements)
    assert "trainer_programmes" in statements[1] and "FROM programmes" in statements[1]


def test_a_trainer_gets_403_for_another_programme_and_404_for_none(app, fife):
    with app.app_context():
        other = make_programme(app.extensions["mentorhub.catalogue"].modules, name="Other")
        db.session.commit()
        other_id = other.id
    assert fife.client.get(f"/programmes/{other_id}").status_code == 403
    assert fife.client.get(f"/programmes/{other_id + 1000}").status_code == 404
    assert fife.client.get(f"/programmes/{fife.id}").status_code == 200
