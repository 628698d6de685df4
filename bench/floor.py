"""What any logged-in request costs before a page does anything (`logged_in.py floor`).

In one process, CPU time per request through the app's WSGI callable (no HTTP server,
no test client), against a Flask hello-world measured in turns with it, so the ratios
hold on a busy machine too. The app is built as `profile_page.py` builds it
(production settings, a new SQLite database or DATABASE_URL, the benchmark's people),
with three routes added for the measurement only:

    /_bench/visitor   returns a short string; sent with a trainee's session cookie, so
                      it pays the session, the rate limiter and the other hooks
    /_bench/login     the same behind the log-in check (any role): loads the log-in
                      session, the user and their programme (one query), and ends the
                      session
    /_bench/csrf      and makes the CSRF token, as every page with a form does

then each PATH given, as the trainee (or --as WHO).

With --calls, each row is instead counted: Python function calls per request (cProfile)
and SQL statements (SQLAlchemy's before_cursor_execute), over N requests after a
warm-up. Unlike CPU time, neither moves with the machine's load, so before and after
a change compare on a busy machine too.
"""

from __future__ import annotations

import cProfile
import pstats
import shutil
import tempfile
import time

from logged_in import USER_AGENT, build_scenario, csrf_token_in
from profile_page import _environment


def _cpu_per_request(wsgi, environ: dict, requests: int) -> float:
    """The best of 5 rounds, in microseconds."""
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for _ in range(requests // 5):
            body = wsgi(dict(environ), lambda status, headers, exc_info=None: None)
            b"".join(body)
            getattr(body, "close", lambda: None)()
        best = min(best, (time.process_time() - started) / (requests // 5) * 1e6)
    return best


def _call(wsgi, environ: dict) -> tuple[str, list[tuple[str, str]]]:
    """One request: its status and headers (the body read and dropped)."""
    answer: list = []
    body = wsgi(
        dict(environ), lambda status, headers, exc_info=None: answer.extend([status, headers])
    )
    b"".join(body)
    getattr(body, "close", lambda: None)()
    return answer[0], answer[1]


def _hello():
    from flask import Flask

    hello = Flask("hello")
    hello.add_url_rule("/", "index", lambda: "Hello, World!")
    return hello


def _add_routes(app) -> None:
    from flask_login import current_user
    from flask_wtf.csrf import generate_csrf

    from mentorhub.accounts.permissions import roles_required
    from mentorhub.models import Role

    # Any role, so that a trainer's page (--as trainer) is measured against a trainer's
    # log-in; a trainee's log-in loads their programme with them, as before.
    anyone = roles_required(*Role)
    app.add_url_rule("/_bench/visitor", "bench_visitor", lambda: "ok")
    app.add_url_rule("/_bench/login", "bench_login", anyone(lambda: str(current_user.id)))
    app.add_url_rule(
        "/_bench/csrf", "bench_csrf", anyone(lambda: str(current_user.id) + generate_csrf())
    )


def _stable_cookie(app, who: str, scenario) -> str:
    """Log in through the form, then follow the session cookie until the app stops
    rewriting it (as `logged_in.login_cookie` does over HTTP)."""
    from werkzeug.test import EnvironBuilder

    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    token = csrf_token_in(client.get("/login").get_data(as_text=True))
    form = {"username": scenario.usernames[who], "password": scenario.password, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 302
    cookie = client.get_cookie("session").value
    for _ in range(6):
        headers = {"User-Agent": USER_AGENT, "Cookie": f"session={cookie}"}
        environ = EnvironBuilder(path="/", headers=headers).get_environ()
        _status, headers = _call(app.wsgi_app, environ)
        new = [value for key, value in headers if key == "Set-Cookie"]
        if not new:
            return cookie
        cookie = new[0].split(";")[0].split("=", 1)[1]
    raise SystemExit("floor.py: the session cookie kept changing")


def floor(paths: list[str], who: str, requests: int, *, calls: bool = False) -> None:
    tmp = tempfile.mkdtemp(prefix="mentorhub-floor.")
    try:
        _environment(tmp)
        _floor(paths, who, requests, calls)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _calls_per_request(wsgi, environ: dict, requests: int) -> float:
    """cProfile's count of Python function calls, per request."""
    _cpu_per_request(wsgi, environ, 50)  # warm-up
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        body = wsgi(dict(environ), lambda status, headers, exc_info=None: None)
        b"".join(body)
        getattr(body, "close", lambda: None)()
    profiler.disable()
    return pstats.Stats(profiler).total_calls / requests


def _floor(paths: list[str], who: str, requests: int, calls: bool = False) -> None:
    from flask_migrate import upgrade
    from werkzeug.test import EnvironBuilder

    from mentorhub import create_app
    from mentorhub.catalogue import get_catalogue
    from mentorhub.extensions import db

    app = create_app({"SESSION_COOKIE_SECURE": False})
    _add_routes(app)
    with app.app_context():
        upgrade(directory=app.config["MIGRATIONS_DIR"])
        scenario = build_scenario(get_catalogue())
        database = db.engine.url.get_backend_name()
    cookie = _stable_cookie(app, who, scenario)
    hello = _hello()
    hello_environ = EnvironBuilder(path="/").get_environ()
    rows = ["/_bench/visitor", "/_bench/login", "/_bench/csrf", *paths]
    if calls:
        _count(app, hello, hello_environ, rows, cookie, scenario, requests, database)
        return
    print(f"CPU per request in one process ({database}; best of 5 rounds, in turns with")
    print("the hello-world; ratio = hello-world / row, as load.sh reports it)\n")
    print(f"{'request':44s} {'µs':>7s} {'ratio':>6s}")
    for path in rows:
        path = path.format(
            module=scenario.module_id, adapted=scenario.adapted_id, programme=scenario.programme_id
        )
        headers = {"User-Agent": USER_AGENT, "Cookie": f"session={cookie}"}
        environ = EnvironBuilder(path=path, headers=headers).get_environ()
        status, _headers = _call(app.wsgi_app, environ)
        assert status.startswith("200"), f"{path}: {status}"
        base, page = [], []
        for _ in range(4):
            base.append(_cpu_per_request(hello.wsgi_app, hello_environ, requests * 5))
            page.append(_cpu_per_request(app.wsgi_app, environ, requests))
        print(f"{path:44s} {min(page):7.0f} {min(base) / min(page):6.3f}")
    print(f"{'hello-world':44s} {min(base):7.0f}  1.000")
    with app.app_context():
        db.engine.dispose()


def _count(app, hello, hello_environ, rows, cookie, scenario, requests, database) -> None:
    import sqlalchemy as sa
    from werkzeug.test import EnvironBuilder

    from mentorhub.extensions import db

    statements = [0]

    def count(*_args, **_kwargs) -> None:
        statements[0] += 1

    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", count)
    print(f"Per request in one process ({database}; cookie: {len(cookie)} characters)\n")
    print(f"{'request':44s} {'calls':>7s} {'SQL':>4s}")
    print(f"{'hello-world':44s} {_calls_per_request(hello.wsgi_app, hello_environ, requests):7.0f}")
    for path in rows:
        path = path.format(
            module=scenario.module_id, adapted=scenario.adapted_id, programme=scenario.programme_id
        )
        headers = {"User-Agent": USER_AGENT, "Cookie": f"session={cookie}"}
        environ = EnvironBuilder(path=path, headers=headers).get_environ()
        status, _headers = _call(app.wsgi_app, environ)
        assert status.startswith("200"), f"{path}: {status}"
        _call(app.wsgi_app, environ)
        statements[0] = 0
        _call(app.wsgi_app, environ)
        one = statements[0]
        print(f"{path:44s} {_calls_per_request(app.wsgi_app, environ, requests):7.0f} {one:4d}")
    with app.app_context():
        db.engine.dispose()
