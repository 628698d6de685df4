"""What a trainee meets on a 360 px phone: joining from the home page, the contents list
with done ticks and "next part" links, "Listen", tap-to-call numbers, and the public
module page's hint about saving answers."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import PHONE
from tests.browser.helpers import assert_no_sideways_scrolling, in_viewport, log_in

# Stands in for the browser's speech: records what it is asked to say.
FAKE_SPEECH = """
window.__spoken = [];
window.__cancelled = 0;
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  speak: function (u) { window.__spoken.push(u.text); },
  cancel: function () { window.__cancelled += 1; },
}});
"""
NO_SPEECH = """
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: undefined});
"""


def _welcome(live_server):
    return live_server.catalogue.get("welcome")


def _trainee_on_welcome(page: Page, live_server, seed, done: int = 0):
    programme = seed.programme(curriculum=[("welcome", True)], support_contacts=(
        "**Your coordinator:** Aisha, on 07700 900123."
    ))  # fmt: skip
    trainee = seed.user("trainee", programme)
    if done:
        seed.sections_done(trainee, programme, "welcome", how_many=done)
    log_in(page, live_server("auth.login"), trainee.username, trainee.password)
    page.goto(live_server("training.module", module_id="welcome"))
    return programme


def test_joining_from_the_home_page_with_a_code(phone_page: Page, live_server, seed) -> None:
    programme = seed.programme()
    page = phone_page
    page.goto(live_server("main.home"))
    join = page.locator("form.way")
    expect(join.get_by_role("heading", name="Join your programme")).to_be_visible()
    expect(page.locator("main").get_by_role("link", name="Log in")).to_be_visible()
    join.get_by_label("Your join code").fill(programme.join_code.lower())
    join.get_by_role("button", name="Join").click()

    expect(page.locator("main h1")).to_have_text("Create your account")
    expect(page.locator("main .lead")).to_contain_text(programme.name)
    expect(page.get_by_label("Join code")).to_have_value(programme.join_code)
    form = page.locator("main form")
    form.get_by_label("Your name").fill("Robyn")
    form.get_by_label("Username").fill(f"robyn{programme.id}")
    form.get_by_label("New password").fill("marmalade lighthouse kettle")
    form.get_by_label("Type the password again").fill("marmalade lighthouse kettle")
    form.get_by_role("button", name="Create account").click()

    expect(page.locator("main h1")).to_have_text("My training")
    expect(page.get_by_role("link", name="Start your training")).to_be_visible()
    assert_no_sideways_scrolling(page)


def test_contents_at_the_top_with_ticks_and_next_part_links(
    phone_page: Page, live_server, seed
) -> None:
    page = phone_page
    _trainee_on_welcome(page, live_server, seed, done=2)
    module = _welcome(live_server)
    toc = page.locator("nav.toc")
    objectives = page.locator("#objectives-title")
    assert toc.bounding_box()["y"] < objectives.bounding_box()["y"], "contents come first"
    expect(toc.locator(".done-mark")).to_have_count(2)
    expect(toc.locator(".toc__item--done a")).to_have_text([s.title for s in module.sections[:2]])

    first, second = module.sections[0], module.sections[1]
    next_link = page.locator(f"section#{first.id} .next-part a")
    expect(next_link).to_have_text(f"Next part: {second.title}")
    next_link.click()
    expect(page).to_have_url(re.compile(f"#{second.id}$"))
    assert in_viewport(page.locator(f"#{second.id}-title"))

    last = page.locator(f"section#{module.sections[-1].id} .next-part a")
    expect(last).to_have_text("To the end of the module")
    last.click()
    expect(page).to_have_url(re.compile("#module-end$"))
    assert_no_sideways_scrolling(page)


def test_listen_reads_a_part_aloud_and_stops(browser, live_server, seed) -> None:
    context = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    context.add_init_script(FAKE_SPEECH)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        _trainee_on_welcome(page, live_server, seed)
        section = _welcome(live_server).sections[0]
        button = page.locator(f"section#{section.id}").get_by_role(
            "button", name=f"Listen to “{section.title}”"
        )
        expect(button).to_be_visible()
        button.click()
        spoken = page.evaluate("window.__spoken")
        assert spoken[0].endswith(section.title), spoken[:2]
        assert len(spoken) > 2
        assert not any("Mark as done" in text or text == "#" for text in spoken)
        stop = page.get_by_role("button", name=f"Stop reading “{section.title}”")
        expect(stop).to_be_visible()
        stop.click()
        expect(button).to_be_visible()
        assert page.evaluate("window.__cancelled") >= 1
        assert not errors, errors  # e.g. a Content-Security-Policy refusal
    finally:
        context.close()


def test_listen_is_hidden_where_the_browser_cannot_speak(browser, live_server, seed) -> None:
    for options, script in [({}, NO_SPEECH), ({"java_script_enabled": False}, None)]:
        context = browser.new_context(viewport=PHONE, **options)
        if script:
            context.add_init_script(script)
        try:
            page = context.new_page()
            page.goto(live_server("library.module", module_id="welcome"))
            expect(page.locator("section.module-section").first).to_be_visible()
            expect(page.locator("button.listen")).to_have_count(len(_welcome(live_server).sections))
            expect(page.locator("button.listen").first).to_be_hidden()
        finally:
            context.close()


def test_the_programme_number_is_tap_to_call(phone_page: Page, live_server, seed) -> None:
    _trainee_on_welcome(phone_page, live_server, seed)
    call = phone_page.locator(".programme-support").get_by_role("link", name="07700 900123")
    expect(call).to_have_attribute("href", "tel:07700900123")


def test_a_visitor_is_told_how_to_save_answers(phone_page: Page, live_server) -> None:
    page = phone_page
    page.goto(live_server("library.module", module_id="welcome"))
    hint = page.locator(".reflection-hint").first
    expect(hint).to_contain_text("only they can see")
    hint.get_by_role("link", name="Join your programme").click()
    expect(page.locator("main h1")).to_have_text("Create your account")
