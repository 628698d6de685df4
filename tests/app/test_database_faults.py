"""A database that is down or hangs: error pages still render, fast, in the site's
look, without asking the database who is logged in; /health says what is down."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape

import pytest
import sqlalchemy as sa
from flask import Flask

from mentorhub import create_app
from mentorhub.extensions import db
from tests.conftest import TEST_DATABASE_URL, config_class, skip_or_fail
from tests.factories import csrf_token, log_in, make_user
from tests.pages import who

UNREACHABLE = {
    # Nothing listens on port 1; a folder that cannot exist holds no SQLite file.
    "postgresql": "postgresql+psycopg://nobody:nothing@127.0.0.1:1/nowhere",
    "sqlite": "sqlite:////proc/no-such-folder/mentorhub.sqlite3",
}


def backend(url: str) -> str:
    return sa.engine.make_url(url).get_backend_name()


@pytest.fixture
def trainee_client(app):
    """A test client logged in as a trainee while the database works."""
    with app.app_context():
        username = make_user("trainee").username
    client = app.test_client()
    log_in(client, who(username))
    return client


def same_browser(client, app):
    """A test client for `app` carrying `client`'s log-in cookie."""
    other = app.test_client()
    cookie = client.get_cookie("session")
    other.set_cookie("session", cookie.value)
    return other


@pytest.fixture
def app_without_database(app_config):
    """The same site with its database unreachable."""
    url = UNREACHABLE[backend(app_config["SQLALCHEMY_DATABASE_URI"])]
    return create_app(
        config_class(
            **{**app_config, "SQLALCHEMY_DATABASE_URI": url},
            DATABASE_CONNECT_TIMEOUT=2,
            TESTING=False,
            PROPAGATE_EXCEPTIONS=False,
        )
    )


def assert_site_error_page(response, status: int, text: str) -> str:
    html = unescape(response.get_data(as_text=True))
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert text in html
    assert "Need help now?" in html and 'href="#main"' in html  # the site's own layout
    assert "Traceback" not in html and "Internal Server Error" not in html
    return html


def test_a_logged_in_page_with_the_database_down_is_the_503_page(
    app, trainee_client, app_without_database
):
    client = same_browser(trainee_client, app_without_database)
    for url in ("/training", "/account", "/modules"):
        response = client.get(url)
        html = assert_site_error_page(response, 503, "We can't reach our records right now")
        assert response.headers["Retry-After"] == "30"
        # Drawn without knowing who is logged in: neither their links nor "Log in".
        assert "Log out" not in html and "My training" not in html and ">Log in<" not in html


def test_a_form_posted_with_the_database_down_is_the_503_page(trainee_client, app_without_database):
    token = csrf_token(trainee_client, "/account")  # a valid token, while the database works
    client = same_browser(trainee_client, app_without_database)
    response = client.post("/logout", data={"csrf_token": token})
    assert_site_error_page(response, 503, "We can't reach our records right now")


def test_public_pages_need_no_database(app_without_database):
    client = app_without_database.test_client()
    assert client.get("/modules").status_code == 200
    assert client.get("/").status_code == 200


def test_health_is_503_json_saying_the_database_is_down(app_without_database):
    response = app_without_database.test_client().get("/health")
    assert response.status_code == 503
    assert response.mimetype == "application/json"
    assert response.json["status"] == "down" and response.json["database"] == "down"
    assert response.json["content"] == "ok"


def test_health_is_200_ok_when_everything_works(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "ok"
    assert response.headers["Cache-Control"] == "no-store"


@contextmanager
def database_locked(url: str) -> Iterator[None]:
    """Another connection holds a lock on the users table (the whole file on SQLite)
    until the block ends, as a stuck migration or a long report would."""
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    connection = engine.connect()
    try:
        if backend(url) == "sqlite":
            connection.exec_driver_sql("BEGIN EXCLUSIVE")
        else:
            connection.exec_driver_sql("LOCK TABLE users IN ACCESS EXCLUSIVE MODE")
        yield
    finally:
        connection.rollback()
        connection.close()
        engine.dispose()


def test_a_hanging_database_fails_fast_with_the_error_page(app_config, trainee_client):
    slow = create_app(
        config_class(
            **app_config,
            DATABASE_STATEMENT_TIMEOUT_MS=300,
            TESTING=False,
            PROPAGATE_EXCEPTIONS=False,
        )
    )
    client = same_browser(trainee_client, slow)
    try:
        with database_locked(app_config["SQLALCHEMY_DATABASE_URI"]):
            started = time.monotonic()
            response = client.get("/account")
            took = time.monotonic() - started
        assert_site_error_page(response, 503, "We can't reach our records right now")
        assert took < 3, f"the request waited {took:.1f} s for the lock"
        assert client.get("/account").status_code == 200  # and works again at once
    finally:
        with slow.app_context():
            db.engine.dispose()


def test_a_short_lock_only_delays_a_request(app_config, trainee_client):
    """A lock released well within the timeout costs a wait, not an error."""
    patient = create_app(
        config_class(
            **app_config,
            DATABASE_STATEMENT_TIMEOUT_MS=5000,
            TESTING=False,
            PROPAGATE_EXCEPTIONS=False,
        )
    )
    client = same_browser(trainee_client, patient)
    release = threading.Event()

    def hold() -> None:
        with database_locked(app_config["SQLALCHEMY_DATABASE_URI"]):
            locked.set()
            release.wait(5)

    locked = threading.Event()
    holder = threading.Thread(target=hold)
    holder.start()
    try:
        locked.wait(5)
        threading.Timer(0.3, release.set).start()
        assert client.get("/account").status_code == 200
    finally:
        release.set()
        holder.join()
        with patient.app_context():
            db.engine.dispose()


@pytest.fixture
def postgres_app(tmp_path) -> Iterator[tuple[Flask, sa.Engine]]:
    """The app on PostgreSQL as in production (errors become pages), and a connection
    from outside it that can end the app's connections, as a restart would."""
    if not TEST_DATABASE_URL:
        skip_or_fail("PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://user:pass@host/db")
    app = create_app(
        config_class(
            SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL,
            INSTANCE_PATH=str(tmp_path),
            TESTING=False,
            PROPAGATE_EXCEPTIONS=False,
        )
    )
    other = sa.create_engine(TEST_DATABASE_URL, poolclass=sa.pool.NullPool)
    try:
        yield app, other
    finally:
        other.dispose()
        with app.app_context():
            db.engine.dispose()


def test_a_connection_lost_after_the_last_query_does_not_spoil_the_page(postgres_app):
    """PostgreSQL restarts between a page's last query and the end of the request:
    the ROLLBACK that closes the session fails, and must not turn the finished page
    into a bare 500 (it did under gunicorn during restarts)."""
    app, other = postgres_app

    @app.get("/query-then-lose-the-connection")
    def lose():
        pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
        with other.begin() as connection:  # as a restart would, from outside
            connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        return "finished"

    response = app.test_client().get("/query-then-lose-the-connection")
    assert response.status_code == 200 and response.get_data(as_text=True) == "finished"
    assert app.test_client().get("/health").json["status"] == "ok"  # and it reconnects


def test_a_pooled_connection_the_server_closed_is_replaced_before_use(postgres_app):
    """A restart or an administrator ends the app's idle connections: the next request
    gets a new one and its page, not the 503 (without a ping on every checkout)."""
    app, other = postgres_app

    @app.get("/backend")
    def backend_pid():
        return str(db.session.scalar(sa.text("SELECT pg_backend_pid()")))

    client = app.test_client()
    first = client.get("/backend").get_data(as_text=True)
    assert client.get("/backend").get_data(as_text=True) == first  # the pooled one again
    with other.begin() as connection:  # waits (up to 5 s) until it has gone
        ended = connection.execute(
            sa.text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": int(first)}
        )
        assert ended.scalar() is True
    response = client.get("/backend")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.get_data(as_text=True) != first
