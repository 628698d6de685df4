"""The curriculum editor in a real browser: a trainer reorders and adds modules with the
keyboard alone, the page passes axe, and nothing scrolls sideways on a small phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    assert_no_serious_axe_violations,
    assert_no_sideways_scrolling,
    assert_visibly_focused,
    describe_active_element,
    log_in,
    tab_to,
)


def _set_up(live_server, seed):
    """A programme of three core modules (the last optional) and its trainer, logged in
    on no page yet. Returns the programme, the three modules and a housing module that is
    not in the curriculum."""
    core = [m for m in live_server.modules if "core" in m.meta.focus][:3]
    housing = next(m for m in live_server.modules if "housing" in m.meta.focus)
    programme = seed.programme(
        curriculum=[(core[0].id, True), (core[1].id, True), (core[2].id, False)]
    )
    trainer = seed.user("trainer", trainer_of=[programme])
    return programme, core, housing, trainer


def _open_editor(page: Page, live_server, seed):
    programme, core, housing, trainer = _set_up(live_server, seed)
    log_in(page, live_server("auth.login"), trainer.username, trainer.password)
    page.goto(live_server("programmes.curriculum", programme_id=programme.id))
    expect(page.locator("main h1")).to_have_text("Change the curriculum")
    return programme, core, housing


def _row_titles(page: Page):
    return page.locator("#modules .curriculum__title a")


def test_a_trainer_moves_a_module_up_and_adds_one_with_the_keyboard(
    page: Page, live_server, seed
) -> None:
    programme, core, housing = _open_editor(page, live_server, seed)
    first, second, third = core
    expect(_row_titles(page)).to_have_text([m.meta.title for m in core])

    # Move the second module up: Tab to its button, press Enter.
    move_up = page.get_by_role("button", name=f"Move “{second.meta.title}” up", exact=True)
    tab_to(page, move_up, max_presses=80)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"/curriculum#module-{re.escape(second.id)}$"))
    expect(page.locator(".flash")).to_have_text(f"Moved “{second.meta.title}” up.")
    expect(_row_titles(page)).to_have_text([second.meta.title, first.meta.title, third.meta.title])

    # The trainer keeps their place: the next Tab lands in the row they moved.
    row = page.locator(f"#module-{second.id}")
    expect(row).to_be_in_viewport()
    page.keyboard.press("Tab")
    assert row.evaluate("el => el.contains(document.activeElement)"), (
        f"focus went to {describe_active_element(page)}, not into the moved row"
    )
    assert_visibly_focused(page)

    # Show only housing modules, then add one as optional: keyboard again.
    chip = page.locator("#library .chips").get_by_role("link", name=re.compile("^Housing"))
    tab_to(page, chip, max_presses=80)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?focus=housing#library$"))
    expect(chip).to_have_attribute("aria-current", "page")

    card = page.locator(f"#add-{housing.id}")
    objectives = card.locator("details summary")
    tab_to(page, objectives)
    page.keyboard.press("Enter")
    expect(card.locator("details li").first).to_be_visible()
    expect(card.locator("details li")).to_have_text(list(housing.meta.objectives))

    add = card.get_by_role("button", name=f"Add “{housing.meta.title}” as optional", exact=True)
    tab_to(page, add)
    page.keyboard.press("Enter")

    expect(page.locator(".flash")).to_have_text(
        f"Added “{housing.meta.title}” at the end of the curriculum, as optional."
    )
    expect(page).to_have_url(re.compile(r"\?focus=housing#"))  # the filter is kept
    expect(_row_titles(page)).to_have_text(
        [second.meta.title, first.meta.title, third.meta.title, housing.meta.title]
    )
    last_row = page.locator("#modules .curriculum__item").last
    expect(last_row.locator(".badge")).to_have_text("Optional")
    expect(page.locator(f"#add-{housing.id}")).to_have_count(0)

    # And the programme page shows the same order.
    page.goto(live_server("programmes.detail", programme_id=programme.id))
    items = page.locator("#curriculum ol li")
    expect(items).to_have_count(4)
    expect(items.first).to_contain_text(second.meta.title)


def test_the_editor_has_no_serious_axe_violations(page: Page, live_server, seed) -> None:
    _open_editor(page, live_server, seed)
    page.locator("#library details summary").first.click()  # objectives open, too
    assert_no_serious_axe_violations(page)


def test_the_filtered_editor_after_a_change_has_no_serious_axe_violations(
    page: Page, live_server, seed
) -> None:
    _programme, core, _housing = _open_editor(page, live_server, seed)
    page.get_by_role("button", name=f"Make “{core[2].meta.title}” required").click()
    expect(page.locator(".flash")).to_be_visible()
    page.locator("#library .chips").get_by_role("link", name=re.compile("^Housing")).click()
    assert_no_serious_axe_violations(page)


def test_the_editor_does_not_scroll_sideways_on_a_small_phone(
    phone_page: Page, live_server, seed
) -> None:
    _open_editor(phone_page, live_server, seed)
    for summary in phone_page.locator("#library details summary").all():
        summary.click()
    assert_no_sideways_scrolling(phone_page)
    assert_no_serious_axe_violations(phone_page)


def test_on_a_phone_a_trainer_moves_a_module_straight_to_a_number_and_undoes_a_removal(
    phone_page: Page, live_server, seed
) -> None:
    page = phone_page
    programme, core, _housing = _open_editor(page, live_server, seed)
    first, second, third = core

    third_row = page.locator(f"#module-{third.id}")
    third_row.get_by_label(f"Move to number (for “{third.meta.title}”)").select_option("1")
    third_row.get_by_role("button", name=f"Move “{third.meta.title}”", exact=True).click()
    expect(page.locator(".flash")).to_have_text(f"Moved “{third.meta.title}” to number 1.")
    expect(_row_titles(page)).to_have_text([m.meta.title for m in (third, first, second)])
    assert_no_sideways_scrolling(page)

    page.locator(f"#module-{first.id}").get_by_role(
        "button", name=f"Remove “{first.meta.title}”"
    ).click()
    expect(_row_titles(page)).to_have_text([third.meta.title, second.meta.title])
    undo = page.get_by_role("button", name=f"Undo: put “{first.meta.title}” back")
    expect(undo).to_be_visible()
    undo.click()
    expect(page.locator(".flash")).to_have_text(f"Put “{first.meta.title}” back as number 2.")
    expect(_row_titles(page)).to_have_text([m.meta.title for m in (third, first, second)])
    expect(page.locator(f"#module-{first.id} .badge--required")).to_be_visible()
