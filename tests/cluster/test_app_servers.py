"""Several app servers act as one: two gunicorn instances behind nginx, Redis as the
log-in throttle's store, one PostgreSQL database (the deployment the README
describes), all real processes on 127.0.0.1. About 20-40 s."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from flask_migrate import upgrade

from bench.cluster import Cluster, missing_tools
from bench.logged_in import csrf_token_in, http_request, login_cookie, merge_cookies
from mentorhub import create_app
from mentorhub.catalogue import get_catalogue
from mentorhub.extensions import db
from tests.conftest import (
    ROOT,
    TEST_DATABASE_URL,
    XDIST_WORKER,
    config_class,
    reset_postgres_schema,
    skip_or_fail,
    worker_database_url,
)
from tests.factories import PASSWORD, make_programme, make_user

pytestmark = pytest.mark.cluster

MODULE = "welcome"
PUBLIC_PAGES = ["/modules", f"/modules/{MODULE}", "/modules?focus=housing", "/seminar"]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory) -> Iterator[SimpleNamespace]:
    if missing := missing_tools():
        skip_or_fail(", ".join(missing))
    if not TEST_DATABASE_URL:
        skip_or_fail("PostgreSQL: set TEST_DATABASE_URL=postgresql+psycopg://user:pass@host/db")
    url = worker_database_url(TEST_DATABASE_URL, f"cluster_{XDIST_WORKER or 'main'}")
    reset_postgres_schema(url)
    work = tmp_path_factory.mktemp("cluster")
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    app = create_app(
        config_class(
            SQLALCHEMY_DATABASE_URI=url,
            CONTENT_DIR=str(content),
            INSTANCE_PATH=str(work / "set-up"),
        )
    )
    with app.app_context():
        upgrade()
        programme = make_programme(get_catalogue().modules)
        trainee = make_user(programme=programme, display_name="Ailsa Drummond")
        username = trainee.username
        db.session.remove()
        db.engine.dispose()
    env = {
        "MENTORHUB_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),  # the same on every server, as it must be
        "DATABASE_URL": url,
        "CONTENT_DIR": str(content),
        "CONTENT_CHECK_INTERVAL": "0.2",
    }
    with Cluster(work / "run", env, servers=2, workers=2, access_logs=True) as running:
        yield SimpleNamespace(cluster=running, content=content, username=username)


def get(base: str, path: str, cookie: str = "", **headers: str):
    return http_request(base, "GET", path, cookie, headers=headers)


def failed_login(base: str, username: str, address: str) -> int:
    """A wrong password for `username`, as from `address` (the X-Forwarded-For a proxy
    in front of this server would send). Returns the status."""
    response, page = get(base, "/login", **{"X-Forwarded-For": address})
    cookie, _ = merge_cookies("", response)
    form = {"username": username, "password": "not the password", "csrf_token": csrf_token_in(page)}
    response, _page = http_request(
        base, "POST", "/login", cookie, urlencode(form), {"X-Forwarded-For": address}
    )
    return response.status


def test_two_app_servers_behind_nginx_act_as_one(cluster):
    a, b = cluster.cluster.server_urls
    check_a_session_made_on_one_server_works_on_the_other(a, b, cluster.username)
    check_nginx_sends_requests_to_both_servers(cluster.cluster)
    check_the_throttle_counts_failures_on_both_servers(a, b)
    etags = check_etags_agree(a, b, cluster.cluster.url)
    check_a_content_change_reaches_both_servers(a, b, cluster.content, etags)


def check_a_session_made_on_one_server_works_on_the_other(a: str, b: str, username: str):
    cookie = login_cookie(a, username, PASSWORD)
    response, page = get(b, "/training", cookie)
    assert response.status == 200, "B did not accept the session A made"
    assert "Ailsa Drummond" in page
    # Logging out on B revokes the session in the shared database: A refuses it too.
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response, _ = http_request(b, "POST", "/logout", cookie, urlencode({"csrf_token": token}))
    assert response.status == 302
    response, _ = get(a, "/training", cookie)
    assert response.status == 302 and "/login" in response.headers["Location"]


def check_nginx_sends_requests_to_both_servers(cluster: Cluster):
    for _ in range(6):
        response, _ = get(cluster.url, "/modules?from=nginx")
        assert response.status == 200
    for index in range(2):
        log = cluster.log(f"access-{index}").read_text()
        assert "/modules?from=nginx" in log, f"server {index} got nothing through nginx"


def check_the_throttle_counts_failures_on_both_servers(a: str, b: str):
    """LOGIN_ATTEMPTS is 5 per 15 minutes, per address and per username. Alternating
    servers (each with two worker processes), the sixth failure is refused: only a
    shared store counts that way (memory:// would count per process)."""
    by_address = [failed_login((a, b)[i % 2], f"nobody-{i}", "203.0.113.9") for i in range(6)]
    assert by_address == [400] * 5 + [429], by_address
    by_username = [failed_login((a, b)[i % 2], "guessed", f"198.51.100.{i}") for i in range(6)]
    assert by_username == [400] * 5 + [429], by_username


def check_etags_agree(a: str, b: str, nginx: str) -> dict[str, str]:
    etags = {}
    for path in PUBLIC_PAGES:
        seen = {get(base, path)[0].headers["ETag"] for base in (a, b, nginx, b)}
        assert len(seen) == 1, f"{path}: {seen}"
        etags[path] = seen.pop()
        response, _ = get(a, path, **{"If-None-Match": etags[path]})
        assert response.status == 304, f"{path}: B's ETag is not current on A"
    return etags


def check_a_content_change_reaches_both_servers(a, b, content: Path, etags: dict[str, str]):
    path = content / "modules" / f"{MODULE}.md"
    text = path.read_text(encoding="utf-8")
    title = "Welcome to your training, edited on the shared folder"
    changed = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    stat = path.stat()  # a later mtime even where timestamps are coarse
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    for base in (a, b):
        deadline = time.monotonic() + 20
        while title not in get(base, f"/modules/{MODULE}")[1]:
            assert time.monotonic() < deadline, f"{base} still serves the old module"
            time.sleep(0.2)
        # Every worker of the server has it (requests go to either worker).
        assert all(title in get(base, f"/modules/{MODULE}")[1] for _ in range(6))
    new = {get(base, f"/modules/{MODULE}")[0].headers["ETag"] for base in (a, b)}
    assert len(new) == 1 and new != {etags[f"/modules/{MODULE}"]}, new
