"""What trainees and trainers do with their accounts, clicked through as a person would:
joining with a code, marking parts of a module done, undoing, private reflections, the
trainer's progress grid, certificates and logging out.

Set-up data (programmes, people) goes straight into the database through `seed`; every
step being tested is done in the browser.
"""

from __future__ import annotations

import re
import uuid

from playwright.sync_api import Locator, Page, expect

from mentorhub.content import Module, Section
from tests.browser.helpers import in_viewport, log_in, main_nav

CERTIFICATE_CODE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")
NEW_PASSWORD = "kettle lighthouse marmalade"


def _unique(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def _module(live_server, module_id: str) -> Module:
    module = live_server.catalogue.get(module_id)
    assert module is not None, f"no module {module_id!r} in the catalogue"
    return module


def _section(page: Page, section: Section) -> Locator:
    return page.locator(f"section.module-section#{section.id}")


def _progress_text(page: Page) -> Locator:
    """The module page's own "N of M parts done", under its title."""
    return page.locator(".module__header .progress-text")


def _mark_done(page: Page, live_server, module: Module, section: Section) -> None:
    """Press a section's "Mark as done" and wait for the page it leads to."""
    index = [s.id for s in module.sections].index(section.id)
    next_anchor = (
        module.sections[index + 1].id if index + 1 < len(module.sections) else "module-end"
    )
    _section(page, section).get_by_role("button", name="Mark as done").click()
    expect(page).to_have_url(
        live_server("training.module", module_id=module.id) + f"#{next_anchor}"
    )
    expect(_section(page, section).locator(".done-note")).to_have_text(
        "You marked this part as done."
    )


def _log_in(page: Page, live_server, user) -> None:
    log_in(page, live_server("auth.login"), user.username, user.password)


def _open_module_from_my_training(page: Page, live_server, module: Module) -> None:
    main_nav(page).get_by_role("link", name="My training").click()
    expect(page).to_have_url(live_server("training.index"))
    page.locator(".curriculum").get_by_role("link", name=module.meta.title).click()
    expect(page).to_have_url(live_server("training.module", module_id=module.id))
    expect(page.locator("main h1")).to_have_text(module.meta.title)


# --- a. joining with a code ----------------------------------------------------------------


def test_joining_with_a_code_lands_on_my_training(page: Page, live_server, seed) -> None:
    programme = seed.programme()
    username = _unique("joiner")

    page.goto(live_server("auth.join", code=programme.join_code))

    expect(page).to_have_url(live_server("auth.register", code=programme.join_code))
    expect(page.locator("main h1")).to_have_text("Create your account")
    expect(page.locator("main .lead")).to_contain_text(f"You are joining {programme.name}")
    form = page.locator("main form")
    expect(form.get_by_label("Join code")).to_have_value(programme.join_code)

    form.get_by_label("Your name").fill("Rowan")
    form.get_by_label("Username").fill(username)
    form.get_by_label("New password").fill(NEW_PASSWORD)
    form.get_by_label("Type the password again").fill(NEW_PASSWORD)
    form.get_by_role("button", name="Create account").click()

    expect(page).to_have_url(live_server("training.index"))
    expect(page.locator("main h1")).to_have_text("My training")
    expect(page.locator(".flash--success")).to_have_text(f"Welcome to {programme.name}, Rowan!")
    expect(page.locator("main .lead")).to_contain_text(f"You are in {programme.name}")
    expect(page.locator(".curriculum__title")).to_have_text(
        [_module(live_server, mid).meta.title for mid in programme.module_ids]
    )
    expect(page.locator(".site-nav").get_by_role("button", name="Log out")).to_be_visible()


# --- b. marking sections done, and continuing later ----------------------------------------


def test_mark_sections_done_then_continue_where_you_left_off(page: Page, live_server, seed) -> None:
    programme = seed.programme()
    trainee = seed.user("trainee", programme)
    module = _module(live_server, programme.module_ids[0])
    first, second, third = module.sections[:3]
    total = len(module.sections)

    _log_in(page, live_server, trainee)
    expect(page).to_have_url(live_server("training.index"))
    page.locator(".curriculum__title a").first.click()

    expect(page).to_have_url(live_server("training.module", module_id=module.id))
    expect(page.locator("main h1")).to_have_text(module.meta.title)
    expect(_progress_text(page)).to_have_text(f"0 of {total} parts done")

    _mark_done(page, live_server, module, first)
    expect(_progress_text(page)).to_have_text(f"1 of {total} parts done")
    _mark_done(page, live_server, module, second)
    expect(_progress_text(page)).to_have_text(f"2 of {total} parts done")
    expect(page.locator("nav.toc .done-mark")).to_have_count(2)

    # Leave, and come back later.
    page.locator(".site-nav").get_by_role("link", name="Home").click()
    expect(page).to_have_url(live_server("main.home"))
    page.locator(".site-nav").get_by_role("link", name="My training").click()
    expect(page).to_have_url(live_server("training.index"))
    item = page.locator(".curriculum__item", has=page.get_by_role("link", name=module.meta.title))
    expect(item.locator(".badge").first).to_have_text("In progress")
    expect(item.locator(".progress-text")).to_have_text(f"2 of {total} parts done")

    page.get_by_role("link", name="Continue where you left off").click()

    expect(page).to_have_url(live_server("training.module", module_id=module.id) + f"#{third.id}")
    assert page.evaluate("() => location.hash") == f"#{third.id}"
    expect(_section(page, third).locator("h2")).to_be_in_viewport()
    expect(_section(page, third).get_by_role("button", name="Mark as done")).to_be_visible()


# --- c. undo ---------------------------------------------------------------------------------


def test_undoing_a_section_lowers_the_count(page: Page, live_server, seed) -> None:
    programme = seed.programme()
    trainee = seed.user("trainee", programme)
    module = _module(live_server, programme.module_ids[0])
    first, second = module.sections[:2]
    total = len(module.sections)

    _log_in(page, live_server, trainee)
    _open_module_from_my_training(page, live_server, module)
    _mark_done(page, live_server, module, first)
    _mark_done(page, live_server, module, second)
    expect(_progress_text(page)).to_have_text(f"2 of {total} parts done")

    _section(page, first).get_by_role("button", name="Undo").click()

    expect(page).to_have_url(live_server("training.module", module_id=module.id) + f"#{first.id}")
    expect(_progress_text(page)).to_have_text(f"1 of {total} parts done")
    expect(_section(page, first).locator(".done-note")).to_have_count(0)
    expect(_section(page, first).get_by_role("button", name="Mark as done")).to_be_visible()
    expect(_section(page, second).locator(".done-note")).to_be_visible()
    expect(page.locator("nav.toc .done-mark")).to_have_count(1)


# --- d. private reflections ------------------------------------------------------------------


def test_a_saved_reflection_is_kept(phone_page: Page, live_server, seed) -> None:
    """On a phone: the first question of the first module asks for a score; the box is
    right under it, and "saved" is said beside it, with the time."""
    page = phone_page
    programme = seed.programme()
    trainee = seed.user("trainee", programme)
    module, section, key, block = next(
        (module, section, key, block)
        for module in (_module(live_server, mid) for mid in programme.module_ids)
        for section in module.sections
        for key, block in section.reflections
    )
    assert block.score, "the first reflection (welcome) asks for a score"
    answer = "Someone stuck by me when I left care.\nI want to do that for somebody else."
    form_id = f"reflection-{section.id}-{key.split('/')[1]}"

    _log_in(page, live_server, trainee)
    _open_module_from_my_training(page, live_server, module)
    form = page.locator(f"form#{form_id}")
    question = _section(page, section).locator(".block-reflection", has_text=block.title)
    gap = form.evaluate(
        "(f, q) => f.getBoundingClientRect().top - q.getBoundingClientRect().bottom",
        question.element_handle(),
    )
    assert 0 <= gap < 2, f"the answer box is {gap}px away from its question"
    note = form.get_by_label(f"Your note to “{block.title}”")
    expect(note).to_have_value("")
    form.get_by_role("radio", name="4").check()
    note.fill(answer)
    form.get_by_role("button", name=f"Save your answer to “{block.title}”").click()

    expect(page).to_have_url(live_server("training.module", module_id=module.id) + f"#{form_id}")
    saved = form.locator(".saved-note--now")
    expect(saved).to_have_text(re.compile(r"Saved today at \d\d:\d\d"))
    assert in_viewport(saved), "the saved message should be on screen beside the box"
    expect(page.locator(".flash")).to_have_count(0)

    page.reload()

    expect(form.get_by_role("radio", name="4")).to_be_checked()
    expect(note).to_have_value(answer)
    expect(form.locator(".saved-note")).to_contain_text("Last saved today at")


# --- e. the trainer's grid -------------------------------------------------------------------


def _grid_cell(page: Page, trainee_name: str, module: Module) -> Locator:
    """The cell for one trainee and one module in the trainer's progress grid."""
    grid = page.locator("#trainees table")
    headers = grid.locator("thead th .visually-hidden").all_text_contents()
    column = next(i for i, text in enumerate(headers) if text.startswith(module.meta.title))
    row = grid.locator("tbody tr", has=page.get_by_role("link", name=trainee_name, exact=True))
    expect(row).to_have_count(1)
    return row.locator("td").nth(column).locator(".visually-hidden")


def test_trainer_sees_a_trainee_progress_in_the_grid(
    page: Page, new_page, live_server, seed
) -> None:
    programme = seed.programme()
    trainee = seed.user("trainee", programme, display_name=_unique("Trainee "))
    trainer = seed.user("trainer", trainer_of=[programme])
    module = _module(live_server, programme.module_ids[0])
    total = len(module.sections)
    grid_url = live_server("programmes.detail", programme_id=programme.id)

    # The trainee does one part.
    _log_in(page, live_server, trainee)
    _open_module_from_my_training(page, live_server, module)
    _mark_done(page, live_server, module, module.sections[0])

    # The trainer, on another computer, looks at the programme.
    trainer_page = new_page()
    _log_in(trainer_page, live_server, trainer)
    trainer_page.locator("main").get_by_role("link", name=programme.name).click()
    expect(trainer_page).to_have_url(grid_url)
    cell = _grid_cell(trainer_page, trainee.display_name, module)
    expect(cell).to_have_text(f"In progress (1/{total})")

    # The trainee finishes the module.
    for section in module.sections[1:]:
        _mark_done(page, live_server, module, section)
    expect(page.locator(".module__footer")).to_contain_text("You have finished this module.")

    trainer_page.reload()
    expect(_grid_cell(trainer_page, trainee.display_name, module)).to_have_text("Complete")


# --- f. the certificate ----------------------------------------------------------------------


def test_certificate_download_and_public_check(
    page: Page, new_page, live_server, seed, tmp_path
) -> None:
    module = min(live_server.modules, key=lambda m: len(m.sections))
    programme = seed.programme(curriculum=[(module.id, True)])
    trainee = seed.user("trainee", programme, display_name=_unique("Holder "))

    _log_in(page, live_server, trainee)
    _open_module_from_my_training(page, live_server, module)
    for section in module.sections:
        _mark_done(page, live_server, module, section)
    expect(page.locator(".flash--success")).to_contain_text(
        f"You have finished “{module.meta.title}”"
    )

    page.locator(".site-nav").get_by_role("link", name="My training").click()
    expect(page.locator(".notice--success h2")).to_have_text(
        "You have finished all your required modules"
    )
    page.get_by_role("link", name="Get your certificate").click()

    expect(page).to_have_url(live_server("certificates.mine"))
    expect(page.locator("main h1")).to_have_text("Your certificate")
    code = page.locator("main p", has_text="with its code").locator("strong").inner_text()
    assert CERTIFICATE_CODE.match(code), f"{code!r} does not look like a certificate code"
    check_url = live_server("certificates.verify", code=code)
    expect(page.locator("main code")).to_have_text(check_url)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your certificate (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"certificate-{code}.pdf"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF"), "the download is not a PDF"

    # Someone else checks it, without logging in: genuine, but no name yet.
    visitor = new_page()
    response = visitor.goto(check_url)
    assert response is not None and response.status == 200
    expect(visitor.locator(".site-nav").get_by_role("link", name="Log in")).to_be_visible()
    facts = visitor.locator(".notice--success")
    expect(facts.locator("h2")).to_have_text("This certificate is genuine")
    expect(facts).to_contain_text(programme.name)
    expect(facts).to_contain_text(code)
    expect(visitor.locator("main")).not_to_contain_text(trainee.display_name)
    expect(facts.locator("dt", has_text="Awarded to")).to_have_count(0)

    # The trainee chooses to show their name.
    page.get_by_role("button", name="Show my name when it is checked").click()
    expect(page).to_have_url(live_server("certificates.mine"))
    expect(page.locator(".flash--success")).to_have_text(
        "Your name now shows when someone checks your certificate."
    )
    expect(page.get_by_role("button", name="Hide my name")).to_be_visible()

    visitor.reload()
    awarded = facts.locator("div", has=visitor.locator("dt", has_text="Awarded to"))
    expect(awarded.locator("dd")).to_have_text(trainee.display_name)


# --- g. logging out --------------------------------------------------------------------------


def test_log_out_from_the_header(page: Page, live_server, seed) -> None:
    programme = seed.programme()
    trainee = seed.user("trainee", programme)
    _log_in(page, live_server, trainee)
    nav = page.locator(".site-nav")
    expect(nav.get_by_role("link", name="My training")).to_be_visible()

    nav.get_by_role("button", name="Log out").click()

    expect(page).to_have_url(live_server("main.home"))
    expect(page.locator(".flash--success")).to_have_text("You have logged out. See you soon.")
    expect(nav.get_by_role("link", name="Log in")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_have_count(0)
    expect(nav.get_by_role("link", name="My training")).to_have_count(0)

    # The log-out really ended the session: My training now asks to log in.
    page.goto(live_server("training.index"))
    expect(page).to_have_url(re.compile(re.escape(live_server("auth.login")) + r"\?next="))
