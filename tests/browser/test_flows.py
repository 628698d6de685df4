"""What a visitor does with a mouse or a finger: home, library, filter, module, print."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from mentorhub.content.vocab import FOCUS_TAGS
from mentorhub.library.listing import focus_counts
from tests.browser.helpers import in_viewport


def test_home_to_library_to_a_module(page: Page, live_server) -> None:
    module = live_server.module_without_content_warning()

    page.goto(live_server("main.home"))
    expect(page.locator("h1")).to_be_visible()
    page.locator(f'.site-nav a[href="{live_server.path("library.index")}"]').click()

    expect(page).to_have_url(live_server("library.index"))
    cards = page.locator(".cards .card")
    expect(cards).to_have_count(len(live_server.modules))

    module_path = live_server.path("library.module", module_id=module.id)
    cards.locator(f'a[href="{module_path}"]').click()

    expect(page).to_have_url(live_server.url + module_path)
    expect(page.locator("h1")).to_have_text(module.meta.title)
    expect(page.locator("section.module-section")).to_have_count(len(module.sections))


def test_focus_chip_filters_the_library(page: Page, live_server) -> None:
    # The first focus the library offers, with the modules that carry it.
    tag, label, count = focus_counts(live_server.modules)[0]
    tagged = [m for m in live_server.modules if tag in m.meta.focus]
    assert count == len(tagged) > 0

    page.goto(live_server("library.index"))
    chip = page.locator(f'.chips a[href="{live_server.path("library.index", focus=tag)}"]')
    expect(chip).not_to_have_attribute("aria-current", "page")
    chip.click()

    expect(page).to_have_url(re.compile(rf"\?focus={re.escape(tag)}$"))
    expect(chip).to_have_attribute("aria-current", "page")
    expect(page.locator('.chips a[aria-current="page"]')).to_have_count(1)

    cards = page.locator(".cards .card")
    expect(cards).to_have_count(len(tagged))
    for card in cards.all():
        expect(card.locator(".tag", has_text=label)).to_have_count(1)
    expect(cards.locator(".card__title")).to_have_text([m.meta.title for m in tagged])


def test_focus_labels_are_the_vocabulary_labels(page: Page, live_server) -> None:
    """Each card shows its module's focus tags by their plain labels, not their codes."""
    page.goto(live_server("library.index"))
    for module in live_server.modules:
        link = page.locator(f'a[href="{live_server.path("library.module", module_id=module.id)}"]')
        card = page.locator(".cards .card", has=link)
        expect(card.locator(".tag")).to_have_text([FOCUS_TAGS[t] for t in module.meta.focus])


def test_content_warning_comes_before_the_module(page: Page, live_server) -> None:
    module = live_server.module_with_content_warning()
    module_path = live_server.path("library.module", module_id=module.id)
    start_path = live_server.path("library.module", module_id=module.id, start=1)

    page.goto(live_server("library.index"))
    page.locator(f'.cards a[href="{module_path}"]').click()

    expect(page).to_have_url(live_server.url + module_path)
    expect(page.locator("h1")).to_have_text(module.meta.title)
    expect(page.locator(".content-warning")).to_contain_text(module.meta.content_warning)
    expect(page.locator("section.module-section")).to_have_count(0)

    page.locator(f'main a[href="{start_path}"]').click()

    expect(page).to_have_url(live_server.url + start_path)
    expect(page.locator("h1")).to_have_text(module.meta.title)
    expect(page.locator("section.module-section")).to_have_count(len(module.sections))
    toc_links = page.locator("nav.toc a")
    expect(toc_links).to_have_count(len(module.sections))
    for link, section in zip(toc_links.all(), module.sections, strict=True):
        expect(link).to_have_attribute("href", f"#{section.id}")


def test_table_of_contents_link_scrolls_to_its_section(page: Page, live_server) -> None:
    module = max(live_server.modules, key=lambda m: len(m.sections))
    last = module.sections[-1]  # far enough down to start off screen
    page.goto(live_server("library.module", module_id=module.id, start=1))

    target = page.locator(f"section.module-section#{last.id}")
    assert not in_viewport(target.locator("h2")), "the last section starts on screen already"

    page.locator(f'nav.toc a[href="#{last.id}"]').click()

    expect(page).to_have_url(re.compile(rf"#{re.escape(last.id)}$"))
    expect(target.locator("h2")).to_be_in_viewport()
    assert page.evaluate("() => location.hash") == f"#{last.id}"


def test_printing_a_module_hides_the_site_around_it(page: Page, live_server) -> None:
    module = live_server.module_with_content_warning()
    page.goto(live_server("library.module", module_id=module.id, start=1))
    chrome = [page.locator(".site-header"), page.locator(".site-footer"), page.locator("nav.toc")]
    sections = page.locator("section.module-section")
    expect(sections).to_have_count(len(module.sections))
    for part in chrome:
        expect(part).to_be_visible()

    page.emulate_media(media="print")

    for part in chrome:
        expect(part).to_be_hidden()
    for section in sections.all():
        expect(section).to_be_visible()
    expect(page.locator("h1")).to_be_visible()


def test_not_found_page_uses_the_site_layout(page: Page, live_server) -> None:
    missing = "no-such-module"
    assert live_server.catalogue.get(missing) is None

    response = page.goto(live_server("library.module", module_id=missing))

    assert response is not None and response.status == 404
    site_name = live_server.app.config["SITE_NAME"]
    expect(page).to_have_title(re.compile(rf"{re.escape(site_name)}$"))
    expect(page.locator(".site-header")).to_be_visible()
    expect(page.locator(".site-footer")).to_be_visible()
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator(f'main a[href="{live_server.path("main.home")}"]')).to_be_visible()
    # The site's stylesheet applies: the header is not the browser's default transparent box.
    header_background = page.locator(".site-header").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert header_background not in ("rgba(0, 0, 0, 0)", "transparent")
