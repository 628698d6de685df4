"""Keyboard only: Tab and Enter, never a click. Everything focused must be visibly so."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import assert_visibly_focused, in_viewport, is_focused, tab_to


def test_keyboard_only_from_home_to_a_section_of_a_module(page: Page, live_server) -> None:
    module = live_server.module_with_content_warning()
    module_path = live_server.path("library.module", module_id=module.id)
    start_path = live_server.path("library.module", module_id=module.id, start=1)
    first_section = module.sections[0]

    page.goto(live_server("main.home"))

    # The skip link is the first stop, off screen until it has focus.
    skip_link = page.locator("a.skip-link")
    assert not in_viewport(skip_link), "the skip link shows before it has focus"
    page.keyboard.press("Tab")
    assert is_focused(skip_link), "the first Tab does not reach the skip link"
    assert_visibly_focused(page)
    assert in_viewport(skip_link)

    # Header navigation to the library.
    tab_to(page, page.locator(f'.site-nav a[href="{live_server.path("library.index")}"]'))
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server("library.index"))

    # The module's card.
    tab_to(page, page.locator(f'.cards a[href="{module_path}"]'))
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + module_path)
    expect(page.locator(".content-warning")).to_contain_text(module.meta.content_warning)

    # Past the content warning.
    tab_to(page, page.locator(f'main a[href="{start_path}"]'))
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + start_path)

    # The first link of the table of contents, to the first section.
    toc_link = page.locator("nav.toc a").first
    expect(toc_link).to_have_attribute("href", f"#{first_section.id}")
    tab_to(page, toc_link)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"#{re.escape(first_section.id)}$"))
    expect(page.locator(f"#{first_section.id} h2")).to_be_in_viewport()


def test_skip_link_moves_focus_past_the_header(page: Page, live_server) -> None:
    page.goto(live_server("main.home"))
    page.keyboard.press("Tab")
    assert is_focused(page.locator("a.skip-link"))

    page.keyboard.press("Enter")
    assert is_focused(page.locator("main#main")), "Enter on the skip link leaves focus behind"

    # The next Tab goes to the first control in the main content, not back to the header.
    page.keyboard.press("Tab")
    assert is_focused(page.locator("main").locator("a, input, button").first)
    assert_visibly_focused(page)
