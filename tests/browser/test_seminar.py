"""The seminar in a browser: a visitor reads an event and takes its materials away, reads a
Markdown material, and registers interest in piloting; axe-core and phone width on every
seminar page and on the admins' list of expressions of interest.

Slugs, material ids, titles and the agenda all come from the loaded events, never from
copies of the content, so editing the shipped event does not break these tests.

The interest form is rate limited to 10 POSTs an hour per address, and every browser test
comes from 127.0.0.1 to one live server for the whole session, so this file posts the form
three times in all: twice in the form's flow, once to check the page with every error
shown. That is also why each page's accessibility test checks both sizes on one page
(desktop first, then resized to 360x740) rather than loading it twice.
"""

from __future__ import annotations

import re
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from mentorhub.content import Catalogue
from mentorhub.content.seminar import Event, Material
from mentorhub.extensions import db
from mentorhub.local_authorities import LOCAL_AUTHORITIES
from mentorhub.models import INTEREST_CHOICES, InterestExpression
from mentorhub.seminar.forms import InterestForm
from tests.browser.conftest import PHONE
from tests.browser.helpers import (
    assert_no_serious_axe_violations,
    assert_no_sideways_scrolling,
    log_in,
)
from tests.conftest import ROOT

# The interest form's fields that must be filled in, in the order the form shows them.
REQUIRED_FIELDS = ("organisation", "local_authority", "name", "email", "role", "interest")
BAD_EMAIL = "not-an-email-address"


# --- what the loaded content says --------------------------------------------------------


def _event(server) -> Event:
    """The newest event: the one the seminar page lists first."""
    events = server.catalogue.events
    assert events, f"no seminar event could be loaded from {ROOT / 'content' / 'seminar'}"
    return events[0]


def _markdown_materials(event: Event) -> list[Material]:
    found = [m for m in event.materials if m.is_markdown]
    assert found, f"event {event.slug} has no Markdown material; these tests need one"
    return found


def _zip_entry(material: Material) -> str:
    """A material's name in the ZIP: Markdown ones as <id>.pdf, files by their own name."""
    return f"{material.id}.pdf" if material.is_markdown else material.path.name


def _material_href(server, event: Event, material: Material) -> str:
    """Where the event page links a material: its page, or the file itself."""
    if material.is_markdown:
        return server.path("seminar.material", event_slug=event.slug, material_id=material.id)
    return server.path("seminar.file_download", event_slug=event.slug, filename=material.path.name)


class _Headings(HTMLParser):
    """The text of every h2-h6 in a piece of HTML, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if re.fullmatch(r"h[2-6]", tag):
            self._open = []

    def handle_endtag(self, tag) -> None:
        if re.fullmatch(r"h[2-6]", tag) and self._open is not None:
            self.found.append(" ".join("".join(self._open).split()))
            self._open = None

    def handle_data(self, data) -> None:
        if self._open is not None:
            self._open.append(data)


def _headings(html: str) -> list[str]:
    parser = _Headings()
    parser.feed(html)
    parser.close()
    return parser.found


def _goto(page: Page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None, f"no response from {url}"
    assert response.status == status, f"{url} answered {response.status}, not {status}"


def _download(page: Page, link, folder: Path) -> tuple[str, bytes]:
    """Click `link`, wait for the download, save it under `folder`; its name and bytes."""
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.failure() is None, f"the download of {download.url} failed"
    saved = folder / download.suggested_filename
    download.save_as(saved)
    return download.suggested_filename, saved.read_bytes()


# --- a. an attendee takes the materials away --------------------------------------------


def test_attendee_opens_the_event_and_downloads_its_materials(
    page: Page, live_server, tmp_path: Path
) -> None:
    event = _event(live_server)
    event_path = live_server.path("seminar.event", event_slug=event.slug)

    page.goto(live_server("main.home"))
    page.locator(".site-nav").get_by_role("link", name="Seminar", exact=True).click()
    expect(page).to_have_url(live_server("seminar.index"))
    expect(page.locator("main .cards .card")).to_have_count(len(live_server.catalogue.events))

    page.locator(f'main .card a[href="{event_path}"]').click()
    expect(page).to_have_url(live_server.url + event_path)
    expect(page.locator("main h1")).to_have_text(event.title)

    # The agenda: every item, in order, linking the materials it names.
    items = page.locator("main .agenda .agenda__item")
    expect(items).to_have_count(len(event.agenda))
    expect(items.locator(".agenda__title")).to_have_text([i.title for i in event.agenda])
    for item, agenda_item in zip(items.all(), event.agenda, strict=True):
        expect(item.locator("time")).to_have_text(agenda_item.time)
        links = item.locator(".agenda__materials a")
        expect(links).to_have_count(len(agenda_item.materials))
        for link, material_id in zip(links.all(), agenda_item.materials, strict=True):
            material = event.material(material_id)
            expect(link).to_have_attribute("href", _material_href(live_server, event, material))
            expect(link).to_have_text(material.title)

    # The materials list: one card per material, in the event's order.
    cards = page.locator('main section[aria-labelledby="materials-title"] .card')
    expect(cards).to_have_count(len(event.materials))
    expect(cards.locator(".card__title")).to_have_text([m.title for m in event.materials])

    # One material's PDF.
    material = _markdown_materials(event)[0]
    pdf_path = live_server.path(
        "seminar.material_pdf_download", event_slug=event.slug, material_id=material.id
    )
    name, data = _download(page, cards.locator(f'a[href="{pdf_path}"]'), tmp_path)
    assert name == f"{material.id}.pdf"
    assert data.startswith(b"%PDF"), f"{pdf_path} is not a PDF: {data[:20]!r}"

    # Everything in one ZIP: a README, then each material under its download name.
    zip_path = live_server.path("seminar.zip_download", event_slug=event.slug)
    link = page.locator(f'main a[href="{zip_path}"]')
    expect(link).to_contain_text(re.compile(r"all materials \(ZIP\)", re.IGNORECASE))
    name, data = _download(page, link, tmp_path)
    assert name == f"{event.slug}-materials.zip"
    with zipfile.ZipFile(tmp_path / name) as archive:
        assert archive.testzip() is None, f"{name} has a corrupt entry"
        assert sorted(archive.namelist()) == sorted(
            ["README.txt", *(_zip_entry(m) for m in event.materials)]
        )
        for m in event.materials:
            entry = archive.read(_zip_entry(m))
            if m.is_markdown:
                assert entry.startswith(b"%PDF"), f"{_zip_entry(m)} in the ZIP is not a PDF"
            else:
                assert entry == m.path.read_bytes(), f"{_zip_entry(m)} differs from its file"


# --- b. a Markdown material's own page ---------------------------------------------------


def _markdown_ids() -> list[tuple[str, str]]:
    events = Catalogue(ROOT / "content", check_interval=0).events
    assert events, f"no seminar event could be loaded from {ROOT / 'content' / 'seminar'}"
    return [(e.slug, m.id) for e in events for m in e.materials if m.is_markdown]


MARKDOWN_MATERIALS = _markdown_ids()


@pytest.mark.parametrize(
    ("event_slug", "material_id"),
    MARKDOWN_MATERIALS,
    ids=[f"{slug}/{mid}" for slug, mid in MARKDOWN_MATERIALS],
)
def test_markdown_material_page_shows_its_headings_and_downloads_as_a_pdf(
    page: Page, live_server, tmp_path: Path, event_slug: str, material_id: str
) -> None:
    event = live_server.catalogue.event(event_slug)
    assert event is not None, f"the live server has no event {event_slug}"
    material = event.material(material_id)
    material_path = live_server.path(
        "seminar.material", event_slug=event.slug, material_id=material.id
    )
    headings = _headings(material.html)
    assert headings, f"{material.path} has no headings; this test needs some"

    # From the event's list of materials to the material's page.
    _goto(page, live_server("seminar.event", event_slug=event.slug))
    page.locator(f'main .card__title a[href="{material_path}"]').click()
    expect(page).to_have_url(live_server.url + material_path)
    expect(page.locator("main h1")).to_have_text(material.title)
    shown = page.locator("main .prose").locator("h2, h3, h4, h5, h6")
    expect(shown).to_have_text(headings)
    expect(shown.first).to_be_visible()

    name, data = _download(page, page.get_by_role("link", name="Download PDF"), tmp_path)
    assert name == f"{material.id}.pdf"
    assert data.startswith(b"%PDF"), f"{material.id}.pdf is not a PDF: {data[:20]!r}"


# --- c. registering interest in piloting -------------------------------------------------


def _submit(page: Page, expected_status: int) -> None:
    """Press the form's submit button (one POST) and check the answer's status."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.locator("main form").locator('button[type="submit"]').click()
    assert answer.value.status == expected_status, (
        f"the form's POST answered {answer.value.status}, not {expected_status}"
    )
    page.wait_for_load_state()


def _summary_links(page: Page):
    return page.locator("main .error-summary a")


def _field_error_text(page: Page, name: str) -> str:
    """The error message beside field `name`, without its visually hidden "Error:"."""
    message = page.locator(f"main #{name}-error")
    expect(message).to_be_visible()
    return re.sub(r"^\s*Error:\s*", "", message.text_content() or "").strip()


def _label(name: str) -> str:
    """The label the interest form gives field `name` (from the form's definition)."""
    return getattr(InterestForm, name).args[0]


def _unique_organisation() -> str:
    return f"Browser test organisation {uuid.uuid4().hex[:10]}"


def test_register_interest_shows_errors_keeps_what_was_typed_then_thanks(
    page: Page, live_server
) -> None:
    event = _event(live_server)
    organisation = _unique_organisation()
    area_key, area_name = next(iter(LOCAL_AUTHORITIES.items()))
    interest_key, interest_label = next(iter(INTEREST_CHOICES.items()))

    _goto(page, live_server("seminar.event", event_slug=event.slug))
    page.locator(f'main a[href="{live_server.path("seminar.interest")}"]').first.click()
    expect(page).to_have_url(live_server("seminar.interest"))
    form = page.locator("main form")
    expect(page.locator("main .error-summary")).to_have_count(0)

    def field(name: str):
        return form.get_by_label(_label(name), exact=True)

    # POST 1: a name, an email address that is not one, nothing else. (The form sent
    # empty, with an error for every field, is the accessibility test's interest-with-errors.)
    field("name").fill("Alex Example")
    field("email").fill(BAD_EMAIL)
    _submit(page, 400)

    # The error summary comes first, above the form, on screen.
    summary = page.locator("main .error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_in_viewport()
    assert summary.evaluate(
        "(el) => !!(el.compareDocumentPosition(document.querySelector('main form'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    ), "the error summary is not above the form"
    wrong = [name for name in REQUIRED_FIELDS if name != "name"]
    links = _summary_links(page)
    expect(links).to_have_count(len(wrong))
    # Each error is in the summary and beside its field, in the same words.
    for link, name in zip(links.all(), wrong, strict=True):
        # A radio group is linked through its first option, which can take focus.
        expect(link).to_have_attribute("href", f"#{name}-0" if name == "interest" else f"#{name}")
        expect(link).to_have_text(_field_error_text(page, name))
    for name in ("organisation", "local_authority", "email", "role"):
        expect(field(name)).to_have_attribute("aria-invalid", "true")
        expect(field(name)).to_have_attribute("aria-describedby", re.compile(rf"\b{name}-error\b"))
    expect(field("name")).not_to_have_attribute("aria-invalid", "true")
    # What was typed is still there.
    expect(field("name")).to_have_value("Alex Example")
    expect(field("email")).to_have_value(BAD_EMAIL)

    # Each summary link takes focus to its field (a radio group's first option).
    for link, name in zip(links.all(), wrong, strict=True):
        link.click()
        target = page.locator(f"main {link.get_attribute('href')}")
        expect(target).to_have_count(1)
        expect(target).to_be_focused()
        expect(target).to_have_attribute("name", name)
        expect(target).to_be_in_viewport()

    # POST 2: everything filled in properly.
    field("organisation").fill(organisation)
    field("local_authority").select_option(label=area_name)
    field("email").fill("alex@example.org")
    field("role").fill("Project worker")
    form.get_by_role("group", name=_label("interest")).get_by_label(
        interest_label, exact=True
    ).check()
    _submit(page, 302)

    # (The browser keeps the fragment of the last summary link clicked across the redirect.)
    thanks = live_server("seminar.interest_thanks")
    expect(page).to_have_url(re.compile(rf"^{re.escape(thanks)}(#.*)?$"))
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(f'main a[href="{live_server.path("seminar.index")}"]')).to_be_visible()
    with live_server.app.app_context():
        saved = db.session.scalars(
            sa.select(InterestExpression).where(InterestExpression.organisation == organisation)
        ).all()
        assert [(s.name, s.email, s.local_authority, s.interest) for s in saved] == [
            ("Alex Example", "alex@example.org", area_key, interest_key)
        ], f"expected one saved expression of interest from {organisation}"


# --- d. accessibility on every seminar page ----------------------------------------------


@dataclass(frozen=True)
class SeminarPage:
    name: str
    # Opens the page (setting up what it needs) and checks it got there.
    open: Callable  # (page, live_server, seed) -> None


def _open_index(page, server, seed):
    _goto(page, server("seminar.index"))
    expect(page.locator("main .cards .card")).to_have_count(len(server.catalogue.events))


def _open_event(slug: str) -> Callable:
    def open_(page, server, seed):
        event = server.catalogue.event(slug)
        assert event is not None, f"the live server has no event {slug}"
        _goto(page, server("seminar.event", event_slug=slug))
        expect(page.locator("main h1")).to_have_text(event.title)
        expect(page.locator("main .agenda .agenda__item")).to_have_count(len(event.agenda))

    return open_


def _open_material(slug: str, material_id: str) -> Callable:
    def open_(page, server, seed):
        event = server.catalogue.event(slug)
        assert event is not None, f"the live server has no event {slug}"
        material = event.material(material_id)
        _goto(page, server("seminar.material", event_slug=slug, material_id=material_id))
        expect(page.locator("main h1")).to_have_text(material.title)

    return open_


def _open_interest(page, server, seed):
    _goto(page, server("seminar.interest"))
    expect(page.locator("main form")).to_be_visible()
    expect(page.locator("main .error-summary")).to_have_count(0)


def _open_interest_with_errors(page, server, seed):
    """The form sent empty (one POST): an error for every required field."""
    _open_interest(page, server, seed)
    _submit(page, 400)
    expect(page.locator("main .error-summary")).to_be_visible()
    expect(_summary_links(page)).to_have_count(len(REQUIRED_FIELDS))
    for name in REQUIRED_FIELDS:
        expect(page.locator(f"main #{name}-error")).to_be_visible()


def _open_interest_thanks(page, server, seed):
    _goto(page, server("seminar.interest_thanks"))
    expect(page.locator("main h1")).to_be_visible()


def _open_admin_interest(page, server, seed):
    organisation = _unique_organisation()
    with server.app.app_context():
        db.session.add(
            InterestExpression(
                organisation=organisation,
                local_authority=next(iter(LOCAL_AUTHORITIES)),
                name="Sam Example",
                email="sam@example.org",
                role="Throughcare and aftercare manager",
                interest=next(iter(INTEREST_CHOICES)),
                message="We would like to hear more about running a pilot. " * 5,
            )
        )
        db.session.commit()
    admin = seed.user("admin")
    log_in(page, server("auth.login"), admin.username, admin.password)
    _goto(page, server("admin.interest"))
    rows = page.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    expect(rows.filter(has_text=organisation)).to_have_count(1)


def _seminar_pages() -> list[SeminarPage]:
    events = Catalogue(ROOT / "content", check_interval=0).events
    assert events, f"no seminar event could be loaded from {ROOT / 'content' / 'seminar'}"
    pages = [SeminarPage("seminar", _open_index)]
    for event in events:
        pages.append(SeminarPage(f"event:{event.slug}", _open_event(event.slug)))
        pages += [
            SeminarPage(f"material:{event.slug}/{m.id}", _open_material(event.slug, m.id))
            for m in event.materials
            if m.is_markdown
        ]
    return pages + [
        SeminarPage("interest", _open_interest),
        SeminarPage("interest-with-errors", _open_interest_with_errors),
        SeminarPage("interest-thanks", _open_interest_thanks),
        SeminarPage("admin:interest", _open_admin_interest),
    ]


SEMINAR_PAGES = _seminar_pages()


@pytest.mark.parametrize("seminar_page", SEMINAR_PAGES, ids=[p.name for p in SEMINAR_PAGES])
def test_axe_on_desktop_and_phone_and_no_sideways_scrolling_on_a_phone(
    page: Page, live_server, seed, seminar_page: SeminarPage
) -> None:
    """One load per page (the form with errors costs a rate-limited POST): axe at 1280x900,
    then resized to 360x740, axe again and the sideways-scrolling check. Every check runs,
    and the failures are reported together."""
    seminar_page.open(page, live_server, seed)
    failures = []

    def check(what: str, assertion: Callable[[Page], None]) -> None:
        size = page.viewport_size or {}
        try:
            assertion(page)
        except AssertionError as error:
            failures.append(f"{what} at {size.get('width')}x{size.get('height')}: {error}")

    check("axe", assert_no_serious_axe_violations)
    page.set_viewport_size(PHONE)
    check("axe", assert_no_serious_axe_violations)
    check("sideways scrolling", assert_no_sideways_scrolling)
    assert not failures, "\n\n".join(failures)
