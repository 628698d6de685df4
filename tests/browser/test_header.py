"""The header: one compact row on a phone with the links in a menu that opens without
JavaScript, and one row with every link on a desktop, for every role."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import log_in, main_nav

ROLES = ["anonymous", "trainee", "trainer", "evaluator", "admin"]
LINKS = {
    "anonymous": ["Home", "Training library", "Seminar", "Log in"],
    "trainee": ["Home", "My training", "Training library", "Seminar", "Your account"],
    "trainer": ["Home", "Programmes", "Training library", "Seminar", "Your account"],
    "evaluator": ["Home", "Programmes", "Evaluation", "Training library", "Seminar"],
    "admin": ["Home", "Programmes", "Evaluation", "Admin", "Training library", "Your account"],
}


def _as(page: Page, live_server, seed, role: str) -> None:
    if role == "anonymous":
        page.goto(live_server("main.home"))
        return
    programme = seed.programme()
    if role == "trainee":
        user = seed.user("trainee", programme)
    elif role == "trainer":
        user = seed.user("trainer", trainer_of=[programme])
    else:
        user = seed.user(role)
    log_in(page, live_server("auth.login"), user.username, user.password)
    page.goto(live_server("main.home"))


def _header_height(page: Page) -> float:
    return page.locator(".site-header").evaluate("el => el.getBoundingClientRect().height")


@pytest.mark.parametrize("role", ROLES)
def test_on_a_phone_the_header_is_one_short_row_with_a_menu(
    new_page, live_server, seed, role: str
) -> None:
    page = new_page(PHONE)
    _as(page, live_server, seed, role)
    assert _header_height(page) <= 64, "the header should be one row on a phone"
    expect(page.locator(".site-nav a").first).to_be_hidden()
    nav = main_nav(page)
    for name in LINKS[role]:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    if role != "anonymous":
        expect(nav.get_by_role("button", name="Log out")).to_be_visible()


@pytest.mark.parametrize("role", ROLES)
def test_on_a_desktop_every_link_stands_in_one_row(new_page, live_server, seed, role: str) -> None:
    page = new_page(DESKTOP)
    _as(page, live_server, seed, role)
    expect(page.locator(".menu__toggle")).to_be_hidden()
    assert _header_height(page) <= 72, "the header should be one row on a desktop"
    tops = page.locator(".site-nav li").evaluate_all(
        "items => items.map(li => Math.round(li.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, f"the header's links wrap onto more than one row: {tops}"
    for name in LINKS[role]:
        expect(page.locator(".site-nav").get_by_role("link", name=name, exact=True)).to_be_visible()


def test_the_phone_menu_opens_and_works_without_javascript(browser, live_server) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server("main.home"))
        page.get_by_text("Menu", exact=True).click()
        page.locator(".site-nav").get_by_role("link", name="Training library").click()
        expect(page).to_have_url(live_server("library.index"))
        expect(page.locator("details.menu[open]")).to_have_count(0)  # closed on the new page
    finally:
        context.close()
