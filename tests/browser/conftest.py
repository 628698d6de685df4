"""Browser tests: the real app on a real HTTP server, driven through Debian's Chromium.

Fixtures:
- `live_server`: the app on SQLite (schema from the migrations), served by werkzeug on a
  free port for the whole session; `.url`, `.app`, `.path(endpoint, **values)`, `.catalogue`.
- `browser`: one Chromium for the session (skipped, or failed in CI, when it cannot start).
- `page` (1280x900) and `phone_page` (360x740): a fresh context and page per test. When a
  test fails, a full-page screenshot and the page's HTML are saved under test-artifacts/.
- `new_page`: opens more pages, each in a fresh context of its own (another person, or an
  anonymous visitor beside a logged-in one); saved the same way when a test fails.
- `seed`: set-up data (programmes, people, progress, reset links, certificates) written into
  the live server's database through the factories; returns plain records, not ORM objects.

Every test in this folder is marked `browser`.
"""

from __future__ import annotations

import re
import threading
import traceback
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask, got_request_exception, url_for
from flask_migrate import upgrade
from werkzeug.serving import make_server

from mentorhub import create_app
from mentorhub.content import Catalogue, Module
from mentorhub.extensions import db
from tests.browser.helpers import AXE_FINDINGS
from tests.conftest import ROOT, config_class, skip_or_fail
from tests.factories import PASSWORD, make_programme, make_user

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
ARTIFACTS_DIR = ROOT / "test-artifacts"
HERE = Path(__file__).resolve().parent

# Where the makereport hook keeps each phase's report, for the page fixtures' teardown.
REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


# --- marking and reporting -----------------------------------------------------------------


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `browser` (the hook sees the whole session's items)."""
    for item in items:
        if HERE in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


def pytest_terminal_summary(terminalreporter) -> None:
    """List the minor and moderate axe findings, which do not fail a test."""
    if not AXE_FINDINGS:
        return
    terminalreporter.section("axe: minor and moderate findings (not failures)")
    for line in AXE_FINDINGS:
        terminalreporter.write_line(line)


def _test_failed(request: pytest.FixtureRequest) -> bool:
    reports = request.node.stash.get(REPORTS, {})
    return any(report.failed for report in reports.values())


def _save_artifacts(page, nodeid: str) -> list[Path]:
    """Save a full-page screenshot and the HTML of `page`, named after the test id."""
    ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid).strip("_")
    screenshot = ARTIFACTS_DIR / f"{stem}.png"
    html = ARTIFACTS_DIR / f"{stem}.html"
    page.screenshot(path=str(screenshot), full_page=True)
    html.write_text(page.content(), encoding="utf-8")
    return [screenshot, html]


# --- the app on a real server --------------------------------------------------------------


@dataclass
class LiveServer:
    url: str  # base URL, without a trailing slash
    app: Flask

    def path(self, endpoint: str, **values: object) -> str:
        """The app's own path for `endpoint` (so tests never hard-code URLs)."""
        with self.app.test_request_context():
            return url_for(endpoint, **values)

    def __call__(self, endpoint: str, **values: object) -> str:
        """The full URL for `endpoint`."""
        return self.url + self.path(endpoint, **values)

    @property
    def catalogue(self) -> Catalogue:
        return self.app.extensions["mentorhub.catalogue"]

    @property
    def modules(self) -> list[Module]:
        return self.catalogue.modules

    def module_with_content_warning(self) -> Module:
        for module in self.modules:
            if module.meta.content_warning:
                return module
        pytest.fail("no shipped module has a content_warning; this test needs one")

    def module_without_content_warning(self) -> Module:
        for module in self.modules:
            if not module.meta.content_warning:
                return module
        pytest.fail("every shipped module has a content_warning; this test needs one without")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    instance = tmp_path_factory.mktemp("browser-instance")
    app = create_app(
        config_class(
            CONTENT_DIR=str(ROOT / "content"),
            INSTANCE_PATH=str(instance),
            SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance / 'browser.sqlite3'}",
        )
    )
    with app.app_context():
        upgrade()  # the schema comes from the Alembic revisions
        db.engine.dispose()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(autouse=True)
def _print_server_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print the traceback of any exception the live server raised during the test (the
    browser only sees a bare 500), so a failing test's report says what went wrong."""
    if "live_server" not in request.fixturenames:
        yield
        return
    app = request.getfixturevalue("live_server").app
    errors: list[str] = []

    def record(sender, exception, **extra) -> None:
        errors.append("".join(traceback.format_exception(exception)))

    got_request_exception.connect(record, app)
    try:
        yield
    finally:
        got_request_exception.disconnect(record, app)
        for error in errors:
            print(f"the live server raised an exception during this test:\n{error}")


# --- the browser ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        skip_or_fail(f"Debian's chromium at {CHROMIUM} (apt-get install -y chromium)")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            skip_or_fail(f"Debian's chromium at {CHROMIUM} to start ({first_line})")
        try:
            yield chromium
        finally:
            chromium.close()
    finally:
        playwright.stop()


def _open_page(browser, request: pytest.FixtureRequest, viewport: dict[str, int]):
    context = browser.new_context(viewport=viewport, reduced_motion="reduce")
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
        if _test_failed(request):
            try:
                saved = _save_artifacts(page, request.node.nodeid)
            except Exception as error:  # never hide the test's own failure behind this one
                print(f"could not save the page for {request.node.nodeid}: {error}")
            else:
                print("saved " + ", ".join(str(p.relative_to(ROOT)) for p in saved))
    finally:
        context.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A fresh page at desktop size (1280x900)."""
    yield from _open_page(browser, request, DESKTOP)


@pytest.fixture
def phone_page(browser, request: pytest.FixtureRequest):
    """A fresh page at a small phone's size (360x740)."""
    yield from _open_page(browser, request, PHONE)


@pytest.fixture
def new_page(browser, request: pytest.FixtureRequest):
    """A factory: `new_page()` (or `new_page({"width": 360, "height": 740})`) opens a page in
    a fresh context with its own cookies, so two people can use the site side by side."""
    pages = []

    def open_page(viewport: dict[str, int] = DESKTOP):
        context = browser.new_context(viewport=viewport, reduced_motion="reduce")
        context.set_default_timeout(10_000)
        pages.append(context.new_page())
        return pages[-1]

    try:
        yield open_page
        if _test_failed(request):
            for number, extra in enumerate(pages, 1):
                try:
                    saved = _save_artifacts(extra, f"{request.node.nodeid}-page{number}")
                except Exception as error:  # never hide the test's own failure behind this one
                    print(f"could not save page {number} for {request.node.nodeid}: {error}")
                else:
                    print("saved " + ", ".join(str(p.relative_to(ROOT)) for p in saved))
    finally:
        for extra in pages:
            extra.context.close()


# --- set-up data in the live server's database ---------------------------------------------


@dataclass(frozen=True)
class SeededProgramme:
    id: int
    name: str
    join_code: str
    module_ids: tuple[str, ...]  # the curriculum, in order


@dataclass(frozen=True)
class SeededUser:
    id: int
    username: str
    display_name: str
    password: str = PASSWORD


class Seeder:
    """Writes set-up data straight into the live server's database, each call in its own
    app context, and hands back plain records (ids and names), never ORM objects."""

    def __init__(self, server: LiveServer) -> None:
        self.server = server

    def programme(
        self, curriculum: Sequence[tuple[str, bool]] | None = None, **overrides: object
    ) -> SeededProgramme:
        """A new programme with a join code and the default curriculum for its focus, or
        `curriculum` ((module id, required) pairs) when given."""
        from mentorhub.learning.curriculum import set_curriculum

        with self.server.app.app_context():
            programme = make_programme(self.server.modules, **overrides)
            if curriculum is not None:
                set_curriculum(programme, list(curriculum))
                db.session.commit()
            return SeededProgramme(
                id=programme.id,
                name=programme.name,
                join_code=programme.join_code,
                module_ids=tuple(item.module_id for item in programme.curriculum),
            )

    def user(
        self,
        role: str = "trainee",
        programme: SeededProgramme | None = None,
        trainer_of: Sequence[SeededProgramme] = (),
        **overrides: object,
    ) -> SeededUser:
        """A new person of any role; trainees belong to `programme`, trainers to `trainer_of`."""
        from mentorhub.models import Programme

        with self.server.app.app_context():
            user = make_user(
                role,
                programme=db.session.get(Programme, programme.id) if programme else None,
                trainer_of=[db.session.get(Programme, p.id) for p in trainer_of],
                **overrides,
            )
            return SeededUser(id=user.id, username=user.username, display_name=user.display_name)

    def sections_done(
        self,
        user: SeededUser,
        programme: SeededProgramme,
        module_id: str,
        how_many: int | None = None,
    ) -> None:
        """Mark the first `how_many` sections of a module done (all of them when None)."""
        from mentorhub.learning.progress_records import mark_done
        from mentorhub.models import Programme, User

        module = self.server.catalogue.get(module_id)
        assert module is not None, f"no module {module_id!r} in the catalogue"
        with self.server.app.app_context():
            person = db.session.get(User, user.id)
            group = db.session.get(Programme, programme.id)
            for section in module.sections[:how_many]:
                mark_done(person, group, module, section.id)
            db.session.commit()

    def reset_token(self, user: SeededUser) -> str:
        """A working password reset token for `user`."""
        from mentorhub.accounts.resets import create_reset
        from mentorhub.models import User

        with self.server.app.app_context():
            token = create_reset(db.session.get(User, user.id), None, hours=1)
            db.session.commit()
            return token

    def certificate(self, user: SeededUser, programme: SeededProgramme) -> str:
        """Issue the certificate `user` has earned (every required module done); its code."""
        from mentorhub.certificates.issue import (
            completed_required,
            completion_dates,
            issue_certificate,
        )
        from mentorhub.learning.progress import required_complete
        from mentorhub.learning.progress_records import trainee_progress
        from mentorhub.models import Programme, User

        with self.server.app.app_context():
            person = db.session.get(User, user.id)
            group = db.session.get(Programme, programme.id)
            progress = trainee_progress(person, group, self.server.catalogue)
            assert required_complete(progress), f"{user.username} has not earned a certificate"
            modules = completed_required(progress, completion_dates(person, group))
            code = issue_certificate(person, group, modules).code
            db.session.commit()
            return code


@pytest.fixture
def seed(live_server: LiveServer) -> Seeder:
    return Seeder(live_server)
