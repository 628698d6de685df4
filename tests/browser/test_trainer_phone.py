"""What a busy trainer meets, on a phone and on a desktop: a new join code asked for
first, and a progress grid that is readable on both."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.helpers import assert_no_sideways_scrolling, log_in


def _trainer_on_programme(page: Page, live_server, seed):
    programme = seed.programme()  # the default curriculum: many modules
    for name in ("Aaliyah Grid", "Ben Grid"):
        trainee = seed.user("trainee", programme, display_name=name)
        seed.sections_done(trainee, programme, programme.module_ids[0], how_many=1)
    trainer = seed.user("trainer", trainer_of=[programme])
    log_in(page, live_server("auth.login"), trainer.username, trainer.password)
    page.goto(live_server("programmes.detail", programme_id=programme.id))
    return programme


def test_on_a_phone_the_grid_scrolls_with_names_in_view(new_page, live_server, seed) -> None:
    page = new_page(PHONE)
    programme = _trainer_on_programme(page, live_server, seed)
    count = len(programme.module_ids)
    expect(page.locator(".scroll-cue")).to_contain_text(f"all {count} modules")
    expect(page.locator(".grid-key li")).to_have_count(count)
    wrap = page.locator("#trainees .table-wrap")
    name = page.locator("#trainees tbody th", has_text="Aaliyah Grid")
    before = name.bounding_box()["x"]
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert wrap.evaluate("el => el.scrollLeft") > 100, "the grid should scroll sideways"
    assert abs(name.bounding_box()["x"] - before) < 1, "the trainee's name should stay put"
    header = page.locator("#trainees thead th.grid__module").first
    assert header.bounding_box()["height"] < 70, "module headings are short numbers"
    assert_no_sideways_scrolling(page)


def test_on_a_desktop_every_module_of_the_default_curriculum_fits(
    new_page, live_server, seed
) -> None:
    page = new_page(DESKTOP)
    _trainer_on_programme(page, live_server, seed)
    wrap = page.locator("#trainees .table-wrap")
    assert wrap.evaluate("el => el.scrollWidth <= el.clientWidth"), "the grid should fit"
    expect(page.locator(".scroll-cue")).to_be_hidden()


def test_make_a_new_code_asks_first_on_a_phone(new_page, live_server, seed) -> None:
    page = new_page(PHONE)
    programme = _trainer_on_programme(page, live_server, seed)
    page.get_by_role("link", name="Make a new code").click()
    expect(page.locator("main h1")).to_have_text("Make a new join code?")
    assert_no_sideways_scrolling(page)
    page.get_by_role("link", name="No, keep this code").click()
    expect(page.locator(".join-code")).to_contain_text(programme.join_code)

    page.get_by_role("link", name="Make a new code").click()
    page.get_by_role("button", name="Yes, make a new code").click()
    expect(page.locator(".flash--success")).to_contain_text("The old code no longer works.")
    expect(page.locator(".join-code")).not_to_contain_text(programme.join_code)


def test_the_one_time_link_can_be_copied_on_a_phone(browser, live_server, seed) -> None:
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    try:
        page = context.new_page()
        admin = seed.user("admin")
        log_in(page, live_server("auth.login"), admin.username, admin.password)
        page.goto(live_server("admin.new_user"))
        form = page.locator("main form")
        expect(form).to_contain_text("Dots, dashes and underscores are fine")
        form.get_by_label("Name", exact=True).fill("Ola Copy")
        form.get_by_label("Username").fill("ola.copy")
        form.get_by_role("button", name="Add person").click()
        expect(page.locator("main h1")).to_have_text("Ola Copy has been added")
        field = page.get_by_label("One-time link")
        link = field.input_value()
        assert "/reset/" in link
        assert field.evaluate("el => el.scrollWidth >= el.clientWidth")  # one line, not two
        page.get_by_role("button", name="Copy one-time link").click()
        expect(page.locator(".copy__status")).to_have_text(
            "Copied. You can paste it into a message now."
        )
        assert page.evaluate("navigator.clipboard.readText()") == link
        assert_no_sideways_scrolling(page)
    finally:
        context.close()


def test_without_a_script_the_link_is_there_to_copy_by_hand(browser, live_server, seed) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        admin = seed.user("admin")
        log_in(page, live_server("auth.login"), admin.username, admin.password)
        page.goto(live_server("admin.new_user"))
        form = page.locator("main form")
        form.get_by_label("Name", exact=True).fill("Noor Hand")
        form.get_by_label("Username").fill("noor-hand")
        form.get_by_role("button", name="Add person").click()
        expect(page.get_by_label("One-time link")).to_have_value(re.compile("/reset/"))
        expect(page.locator("button.copy__button")).to_be_hidden()
    finally:
        context.close()
