"""Where one logged-in page spends its time, in one process (`logged_in.py profile`).

The app runs with production settings (MENTORHUB_ENV=production, a random
SECRET_KEY) on a new SQLite database in a temporary folder, or on DATABASE_URL if
set (the scenario is added to it: use a throwaway database). The scenario is
`logged_in.build_scenario`; the log-in goes through the real form. Then PATH (with
`{module}`, `{adapted}` and `{programme}` filled in) is requested through Flask's
test client: a warm-up, N timed requests, then N more under cProfile.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import secrets
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from logged_in import USER_AGENT, build_scenario, csrf_token_in

ROOT = Path(__file__).resolve().parent.parent


def _environment(tmp: str) -> None:
    """Settings are read when `config` is imported: set them first."""
    os.environ["MENTORHUB_ENV"] = "production"
    os.environ["SECRET_KEY"] = secrets.token_hex(32)
    os.environ["INSTANCE_PATH"] = tmp
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/profile.sqlite3")
    os.environ.setdefault("CONTENT_DIR", str(ROOT / "content"))
    os.environ.setdefault("MIGRATIONS_DIR", str(ROOT / "migrations"))


class Timers:
    """Queries and their time, and template rendering time, per request."""

    def __init__(self, app, engine) -> None:
        import sqlalchemy as sa
        from flask import before_render_template, template_rendered

        self.queries = 0
        self.sql = 0.0
        self.templates = 0.0
        self._started: list[float] = []
        sa.event.listen(engine, "before_cursor_execute", self._before_sql)
        sa.event.listen(engine, "after_cursor_execute", self._after_sql)
        before_render_template.connect(self._before_render, app)
        template_rendered.connect(self._after_render, app)

    def _before_sql(self, *args, **kwargs) -> None:
        self.queries += 1
        self._started.append(time.perf_counter())

    def _after_sql(self, *args, **kwargs) -> None:
        self.sql += time.perf_counter() - self._started.pop()

    def _before_render(self, *args, **kwargs) -> None:
        self._render_started = time.perf_counter()

    def _after_render(self, *args, **kwargs) -> None:
        self.templates += time.perf_counter() - self._render_started


def _by_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own (not cumulative) time, grouped by the package the function is in."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        if filename == "~":
            package = f"built-in: {name.split(' ')[-1].strip('<>')}"[:40]
        elif "site-packages/" in filename:
            package = filename.split("site-packages/")[1].split("/")[0]
        elif "/mentorhub/" in filename:
            package = "mentorhub/" + filename.split("/mentorhub/")[1].split("/")[0]
        elif "/python3." in filename:
            package = "stdlib: " + filename.split("/")[-1]
        else:
            package = filename
        totals[package] += tottime
    return sorted(totals.items(), key=lambda kv: -kv[1])


# Where a request's time goes, from cProfile's cumulative times of these functions
# (file ending, function name). The parts overlap: a query run while rendering counts
# in both the database and the templates.
PARTS = [
    ("templates (render_template)", [("flask/templating.py", "render_template")]),
    ("  of which WTForms fields rendered", [("wtforms/fields/core.py", "__call__")]),
    ("WTForms forms built", [("wtforms/form.py", "__call__")]),
    ("database (ORM and driver)", [("sqlalchemy/orm/session.py", "_execute_internal")]),
    ("log-in check (load_user, its query)", [("mentorhub/accounts/users.py", "load_user")]),
    ("session cookie (open and save)", [("flask/sessions.py", "open_session"),
                                        ("flask/sessions.py", "save_session")]),
    ("Markdown rendered", [("mentorhub/content/render.py", "render_markdown")]),
    ("PDF (WeasyPrint)", [("mentorhub/certificates/issue.py", "render_pdf")]),
]  # fmt: skip


def _parts(stats: pstats.Stats, total: float) -> list[tuple[str, float]]:
    found = []
    for label, functions in PARTS:
        seconds = sum(
            cumtime
            for (filename, _line, name), (_cc, _nc, _tt, cumtime, _callers) in stats.stats.items()
            if any(filename.endswith(end) and name == want for end, want in functions)
        )
        if seconds:
            found.append((label, seconds / total))
    return found


def profile(path: str, who: str, requests: int, top: int) -> None:
    tmp = tempfile.mkdtemp(prefix="mentorhub-profile.")
    try:
        _environment(tmp)
        _profile(path, who, requests, top)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _profile(path: str, who: str, requests: int, top: int) -> None:
    from flask_migrate import upgrade

    from mentorhub import create_app
    from mentorhub.catalogue import get_catalogue
    from mentorhub.extensions import db

    # The cookie is Secure in production; the test client speaks plain http.
    app = create_app({"SESSION_COOKIE_SECURE": False})
    with app.app_context():
        upgrade(directory=app.config["MIGRATIONS_DIR"])
        scenario = build_scenario(get_catalogue())
        engine = db.engine
    path = path.format(
        module=scenario.module_id, adapted=scenario.adapted_id, programme=scenario.programme_id
    )
    client = app.test_client()
    client.environ_base["HTTP_USER_AGENT"] = USER_AGENT
    token = csrf_token_in(client.get("/login").get_data(as_text=True))
    form = {"username": scenario.usernames[who], "password": scenario.password}
    response = client.post("/login", data={**form, "csrf_token": token})
    assert response.status_code == 302, response.status_code
    for _ in range(5):
        response = client.get(path)
        assert response.status_code == 200, f"GET {path} answered {response.status_code}"

    timers = Timers(app, engine)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(requests):
        client.get(path)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    queries, sql, templates = timers.queries, timers.sql, timers.templates
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()

    per = 1000 / requests
    print(f"GET {path} as {who}, {requests} requests, {len(response.get_data())} bytes")
    print(f"  database      {engine.url.get_backend_name()}")
    print(f"  per request   {wall * per:.2f} ms wall, {cpu * per:.2f} ms CPU")
    print(f"  queries       {queries / requests:.1f}, {sql * per:.2f} ms in SQL")
    print(f"  templates     {templates * per:.2f} ms (render_template, all it includes)")
    stats = pstats.Stats(profiler)
    total = sum(t for _pkg, t in _by_package(stats))
    print("\nshare of the request (cumulative, under cProfile; parts overlap):")
    for label, share in _parts(stats, total):
        print(f"  {100 * share:5.1f} %  {label}")
    print("\nown time by package (under cProfile, which slows every call):")
    for package, seconds in _by_package(stats)[:15]:
        print(f"  {100 * seconds / total:5.1f} %  {package}")
    print()
    stats.sort_stats("cumulative").print_stats(top)
    with app.app_context():
        db.engine.dispose()
