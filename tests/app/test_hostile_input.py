"""Hostile input sent to every route and every form the app has, found from its URL
map: huge numbers, NUL and other control characters, direction overrides, 5,000
characters, `<script>` payloads, JSON nested thousands deep and a YAML alias bomb.

No answer may be a 5xx, bring a payload back as markup, or be invalid HTML. Each
route is requested as the person the authorisation matrix says can reach it (so its
form code runs), with a valid session and CSRF token; a route the matrix lacks is
requested as an admin. A new route or form is covered without editing this test.

The requests run in three passes over one world: hostile paths and queries on every
GET route, hostile values in every field of every form, then every page again, to
show whatever the forms stored.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from flask import Flask, got_request_exception, request
from flask.testing import FlaskClient
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, Rule

from mentorhub import create_app
from mentorhub.extensions import db
from mentorhub.models import Programme, User
from tests.app.adaptation.helpers import form_fields
from tests.app.test_authorisation import MATRIX, Row, World, build_world
from tests.conftest import ROOT, config_class, empty_tables
from tests.factories import csrf_token, log_in
from tests.hostile import (
    FIELD_VALUES,
    FILE_VALUES,
    PATH_VALUES,
    QUERY_VALUES,
    SCRIPT,
    FormFields,
    forms_on,
    path_value,
    problems_with,
    query_names,
    raw_form_names,
)
from tests.pages import who

# The order in which people are tried when several may use a route.
PREFERENCE = ["trainee_a", "trainer_a", "admin", "evaluator", "anonymous"]
REACHED = {200: 0, 201: 0, 400: 0, 409: 0, 410: 0, 301: 1, 302: 1, 404: 2, 405: 2, 403: 3}
_PLACEHOLDER_RE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


@dataclass
class Site:
    app: Flask
    world: World
    routes: list[tuple[Rule, str]]
    exceptions: list[BaseException] = field(default_factory=list)  # raised by the app
    csrf_refused: list[str] = field(default_factory=list)  # paths whose CSRF check failed
    pages: dict[str, bool] = field(default_factory=dict)  # rule -> answers with HTML
    _clients: dict[str, FlaskClient] = field(default_factory=dict)

    def client(self, persona: str) -> FlaskClient:
        """A client logged in as `persona`, kept while its session lasts."""
        client = self._clients.get(persona)
        if client is None or (persona != "anonymous" and not _logged_in(client)):
            client = self.app.test_client()
            if persona != "anonymous":
                log_in(client, who(self.world.usernames[persona]))
            page = "/login" if persona == "anonymous" else "/accessibility"
            client.token = csrf_token(client, page)
            self._clients[persona] = client
        return client

    def check(self, problems: list[str], url: str, response) -> None:
        problems += problems_with(url, response, self.exceptions)
        response.close()


def _logged_in(client: FlaskClient) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session  # Flask-Login's mark of a logged-in session


@pytest.fixture(scope="module")
def site(database_url, tmp_path_factory):
    """The app with the authorisation matrix's world, a few stored payloads, and no
    rate limits (they would answer 429 before the form code runs)."""
    app = create_app(
        config_class(
            CONTENT_DIR=str(ROOT / "content"),
            INSTANCE_PATH=str(tmp_path_factory.mktemp("hostile")),
            SQLALCHEMY_DATABASE_URI=database_url,
            RATELIMIT_ENABLED=False,
            PROPAGATE_EXCEPTIONS=False,  # a 500 is answered (and reported), as in production
        )
    )
    refused: list[str] = []
    _record_csrf_refusals(app, refused)
    world = build_world(app)
    _store_payloads(app, world)
    routes = sorted(
        ((rule, method) for rule in app.url_map.iter_rules() for method in rule.methods),
        key=lambda pair: (pair[0].rule, pair[1]),
    )
    found = Site(app, world, [(r, m) for r, m in routes if m not in ("HEAD", "OPTIONS")])
    found.csrf_refused = refused
    with got_request_exception.connected_to(
        lambda _sender, exception, **_: found.exceptions.append(exception), app
    ):
        yield found
    with app.app_context():
        empty_tables()
        db.engine.dispose()


def _record_csrf_refusals(app: Flask, refused: list[str]) -> None:
    """Note each path whose CSRF check fails (then the form code never ran), and
    answer as the site does."""
    site_handler = app.error_handler_spec[None][400][CSRFError]

    def recording(error: CSRFError):
        refused.append(request.path)
        return site_handler(error)

    app.register_error_handler(CSRFError, recording)


def _store_payloads(app: Flask, world: World) -> None:
    """Script payloads where people type names and text, stored as if typed earlier."""
    with app.app_context():
        trainee = db.session.get(User, world.users["trainee_a"])
        trainee.display_name = f"Sam {SCRIPT}"
        programme = db.session.get(Programme, world.programme_a)
        programme.support_contacts = (
            f"Call {SCRIPT} [us](javascript:hostile()) ![x](https://a.example/x.png)"
        )
        db.session.commit()
    trainer = app.test_client()
    log_in(trainer, who(world.usernames["trainer_a"]))
    url = f"/programmes/{world.programme_a}/modules/{world.module}/adapt"
    fields = form_fields(trainer.get(url).get_data(as_text=True))
    fields.update(intro=f"Hello {SCRIPT} ![team](https://a.example/team.png)", action="save")
    fields["csrf_token"] = csrf_token(trainer, url)
    assert trainer.post(url, data=fields).status_code == 302


def _row(rule: Rule, method: str) -> Row | None:
    return next((r for r in MATRIX if r.endpoint == rule.endpoint and r.method == method), None)


def _persona(row: Row | None) -> str:
    """Who can reach the route: the best answer in the matrix, by PREFERENCE (an
    anonymous 302 is the way to the log-in page, so as good as a 403)."""
    if row is None:
        return "admin"

    def rank(persona: str) -> tuple[int, int]:
        status = row.statuses[persona]
        reached = 3 if persona == "anonymous" and status == 302 else REACHED.get(status, 4)
        return reached, PREFERENCE.index(persona)

    return min(PREFERENCE, key=rank)


def _valid_url(site: Site, rule: Rule, row: Row | None) -> str:
    if row is not None:
        return row.url(site.world)
    values = {name: 1 for name in rule.arguments}
    return _fill(rule, {name: str(value) for name, value in values.items()})


def _fill(rule: Rule, values: dict[str, str]) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: values[m.group(2)], rule.rule)


def _arguments(site: Site, rule: Rule, method: str, url: str) -> dict[str, str]:
    """The valid value of each part of the route, read back from a valid URL."""
    adapter = site.app.url_map.bind("localhost")
    try:
        endpoint, values = adapter.match(urlsplit(url).path, method)
    except HTTPException:
        return {name: "1" for name in rule.arguments}
    return {name: path_value(str(value)) for name, value in values.items()}


def _converter_kind(rule: Rule, name: str) -> str:
    converter = (rule._converters or {}).get(name)
    return "int" if isinstance(converter, IntegerConverter) else "default"


def test_every_get_route_takes_hostile_paths_and_queries(site):
    problems: list[str] = []
    names = query_names()
    for rule, method in site.routes:
        if method != "GET":
            continue
        row = _row(rule, method)
        client = site.client(_persona(row))
        url = _valid_url(site, rule, row)
        path, _, query = url.partition("?")
        valid_query = dict(parse_qsl(query))
        # First the valid URL, with every other query name the code reads made hostile.
        first = f"{path}?" + urlencode(
            {**dict.fromkeys(names, QUERY_VALUES["text"]), **valid_query}
        )
        response = client.get(first)
        is_page = site.pages[rule.rule] = response.mimetype == "text/html"
        site.check(problems, first, response)
        if is_page:  # a download (a PDF takes a while to build) is not asked again
            for value in QUERY_VALUES.values():
                hostile = f"{path}?" + urlencode(dict.fromkeys(names, value))
                site.check(problems, hostile, client.get(hostile))
        valid = _arguments(site, rule, method, url)
        for name in rule.arguments:
            for value in PATH_VALUES[_converter_kind(rule, name)]:
                hostile = _fill(rule, {**valid, name: path_value(value)})
                site.check(problems, hostile, client.get(hostile))
    assert problems == []


def test_every_page_shows_what_was_stored_safely(site):
    """Every page as its person sees it, with the payloads stored with the world (in
    names, support contacts and an adaptation). Each answers as the authorisation
    matrix says: the world is intact, so the forms below reach their code too."""
    problems: list[str] = []
    for rule, method in site.routes:
        if method != "GET" or not site.pages.get(rule.rule, True):
            continue  # a download (already checked) cannot show a payload as markup
        row = _row(rule, method)
        persona = _persona(row)
        url = _valid_url(site, rule, row)
        response = site.client(persona).get(url)
        if row is not None and response.status_code != row.statuses[persona]:
            problems.append(f"{url}: {response.status_code} for {persona}, not as the matrix says")
        site.check(problems, url, response)
    assert problems == []


def _fields_posting_to(site: Site, client, url: str, row: Row | None) -> FormFields:
    """The fields of every form that posts to `url`, found on the pages at `url` and
    above it, plus the values views read straight from the request."""
    found = FormFields(names=set(row.data(site.world)) if row and row.data else set())
    adapter = site.app.url_map.bind("localhost")
    path = urlsplit(url).path
    parts = path.strip("/").split("/")
    for end in range(len(parts), 0, -1):
        page = "/" + "/".join(parts[:end])
        try:
            adapter.match(page, "GET")
        except HTTPException:
            continue
        response = client.get(page)
        form = forms_on(page, response.get_data(as_text=True)).get(path)
        response.close()
        if form:  # the nearest page with the form
            found.names |= form.names
            found.files |= form.files
            found.csrf |= form.csrf
            break
    found.names |= raw_form_names()
    return found


# Run last among the forms: they remove or end what other routes use.
ENDS_SOMETHING = ("remove", "delete", "logout")


def test_every_form_takes_hostile_values_in_every_field(site):
    problems: list[str] = []
    posts = [(rule, method) for rule, method in site.routes if method == "POST"]
    posts.sort(key=lambda pair: any(word in pair[0].endpoint for word in ENDS_SOMETHING))
    for rule, method in posts:
        row = _row(rule, method)
        persona = _persona(row)
        url = _valid_url(site, rule, row)
        fields = _fields_posting_to(site, site.client(persona), url, row)
        ends_something = any(word in rule.endpoint for word in ENDS_SOMETHING)
        reached = False  # once a remove has worked, its target is gone: a 404 is right
        for kind, value in FIELD_VALUES.items():
            client = site.client(persona)  # a new one if the last post ended the session
            data: dict = {name: value for name in fields.names - fields.files}
            for name in fields.files:
                data[name] = (io.BytesIO(FILE_VALUES[kind]), f"{value[:40]}.md")
            data.update(dict.fromkeys(fields.csrf, client.token))
            response = client.post(url, data=data)
            refused = response.status_code in (403, 404) or "/login" in (response.location or "")
            gone = ends_something and reached and response.status_code == 404
            if row is not None and refused and not gone and row.statuses[persona] not in (403, 404):
                problems.append(f"POST {url}: {response.status_code} for {persona}: not reached")
            reached = reached or not refused
            if site.csrf_refused:
                problems.append(f"POST {url}: the CSRF token was refused: not reached")
                site.csrf_refused.clear()
            site.check(problems, f"POST {url} [{kind}]", response)
    assert problems == []
