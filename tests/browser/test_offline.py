"""Training on a phone with no signal, in Chromium with its network switched off
(`context.set_offline`): keeping the training, reading it offline, marks made offline
and sent later, updates, log-out, and a second person on the same phone."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from playwright.sync_api import Page, expect

from mentorhub.content import Module
from mentorhub.extensions import db
from mentorhub.models import Reflection, SectionProgress
from mentorhub.models.base import utcnow
from tests.browser.helpers import assert_no_serious_axe_violations, log_in, main_nav

STATUS = "[data-offline-status]"
KEEP = "Keep my training on this phone"


def _module_with_reflection(live_server, programme) -> Module:
    """The first module of the programme with two parts or more and a reflection."""
    for module_id in programme.module_ids:
        module = live_server.catalogue.get(module_id)
        sections = module.sections if module else ()
        if len(sections) >= 2 and any(s.reflections for s in sections):
            return module
    raise AssertionError("no module in the curriculum has two parts and a reflection")


def _keep(page: Page, live_server, user) -> None:
    """Log in, open My training and keep the training on this phone."""
    log_in(page, live_server("auth.login"), user.username, user.password)
    page.goto(live_server("training.index"))
    page.get_by_role("button", name=KEEP).click()
    expect(page.locator(STATUS)).to_contain_text(
        "Your training is saved on this phone", timeout=30_000
    )
    expect(page.locator(STATUS)).to_contain_text(" KB")


def _done_rows(live_server, user) -> list[tuple[str, str]]:
    with live_server.app.app_context():
        rows = db.session.execute(
            sa.select(SectionProgress.section_id, SectionProgress.done_at)
            .where(SectionProgress.user_id == user.id)
            .order_by(SectionProgress.done_at)
        ).all()
        db.session.remove()
        return [tuple(row) for row in rows]


def _kept_on_phone(page: Page) -> dict:
    """Everything the site keeps in this browser: cache names, and what its store holds."""
    return page.evaluate(
        """async () => {
            const names = await caches.keys();
            const user = await MH.store.currentUser();
            return {
                caches: names.filter(n => n.startsWith("mh-user-")),
                current: user,
                queued: user ? (await MH.store.queuedFor(user)).length : 0,
            };
        }"""
    )


def _section(page: Page, section_id: str):
    return page.locator(f"section.module-section#{section_id}")


def test_keep_read_offline_mark_two_parts_and_they_are_saved_when_back_online(
    live_server, seed, phone_page: Page
):
    page = phone_page
    programme = seed.programme()
    trainee = seed.user(programme=programme)
    module = _module_with_reflection(live_server, programme)
    _keep(page, live_server, trainee)

    page.context.set_offline(True)
    page.goto(live_server("training.module", module_id=module.id))
    expect(page.locator(".offline-banner")).to_contain_text(
        "You're offline: showing the copy saved on"
    )
    expect(page.locator("h1")).to_have_text(module.meta.title)
    assert_no_serious_axe_violations(page)

    made_from = utcnow() - timedelta(seconds=2)
    for section in module.sections[:2]:
        _section(page, section.id).get_by_role("button", name="Mark as done").click()
        expect(_section(page, section.id).locator(".offline-waiting")).to_have_text(
            "Marked as done on this phone. It will be sent when you are back online."
        )
        expect(_section(page, section.id).get_by_role("button", name="Mark as done")).to_be_hidden()
    assert _done_rows(live_server, trainee) == []

    # My training, still offline, lists what is waiting.
    page.goto(live_server("training.index"))
    expect(page.locator(".offline-banner")).to_be_visible()
    expect(page.locator("[data-offline-waiting]")).to_be_visible()
    expect(page.locator("[data-offline-waiting]")).to_contain_text("Waiting to be sent: 2 marks")
    expect(page.get_by_role("button", name=KEEP)).to_be_hidden()  # that needs a connection
    expect(page.locator("[data-offline-waiting]")).to_contain_text(module.sections[1].title)

    page.context.set_offline(False)  # the browser says "online": the marks are sent
    expect(page.locator(".offline-messages")).to_contain_text(
        "2 marks you made with no signal are now saved", timeout=15_000
    )
    rows = _done_rows(live_server, trainee)
    assert [section_id for section_id, _ in rows] == [s.id for s in module.sections[:2]]
    assert all(made_from <= done_at <= utcnow() for _, done_at in rows)
    assert _kept_on_phone(page)["queued"] == 0
    expect(page.locator("[data-offline-waiting]")).to_be_hidden()

    # The kept copy was fetched again: offline, the module shows both parts done.
    page.context.set_offline(True)
    page.goto(live_server("training.module", module_id=module.id))
    for section in module.sections[:2]:
        expect(_section(page, section.id).locator(".done-note")).to_have_text(
            "You marked this part as done."
        )


def test_an_answer_saved_offline_is_sent_on_the_next_page_load(live_server, seed, phone_page: Page):
    page = phone_page
    programme = seed.programme()
    trainee = seed.user(programme=programme)
    module = _module_with_reflection(live_server, programme)
    section = next(s for s in module.sections if s.reflections)
    _keep(page, live_server, trainee)

    page.context.set_offline(True)
    page.goto(live_server("training.module", module_id=module.id))
    form = _section(page, section.id).locator("form.reflection-form").first
    scored = form.locator('input[type="radio"][value="4"]')
    if scored.count():  # a prompt that asks for a score from 1 to 5
        scored.check()
    form.locator("textarea").fill("Written on the bus")
    form.get_by_role("button", name=re.compile(r"^Save")).click()
    expect(form.locator(".offline-waiting")).to_have_text(
        "Saved on this phone. It will be sent when you are back online."
    )
    page.reload()  # still offline: the copy shows the answer waiting
    expect(form.locator("textarea")).to_have_value("Written on the bus")
    if scored.count():
        expect(scored).to_be_checked()

    # Leave the kept copy (which would send it on hearing "online") for the offline page,
    # which does not: the answer goes with the next page loaded online.
    page.goto(live_server("offline.page"))
    page.context.set_offline(False)
    page.goto(live_server("training.module", module_id=module.id))
    expect(page.locator(".offline-messages")).to_contain_text("now saved", timeout=15_000)
    with live_server.app.app_context():
        saved = db.session.execute(
            sa.select(Reflection.text, Reflection.score).where(Reflection.user_id == trainee.id)
        ).all()
        db.session.remove()
    assert [tuple(row) for row in saved] == [("Written on the bus", 4 if scored.count() else None)]


def test_a_mark_whose_sending_fails_waits_on_the_phone_too(live_server, seed, phone_page: Page):
    """The phone thinks it is online but nothing gets through (a weak signal): the form is
    sent, the service worker finds no network, keeps the mark and shows the kept copy."""
    page = phone_page
    programme = seed.programme()
    trainee = seed.user(programme=programme)
    module = _module_with_reflection(live_server, programme)
    section = module.sections[0]
    _keep(page, live_server, trainee)
    page.goto(live_server("training.module", module_id=module.id))
    page.context.set_offline(True)
    # The page's own script would keep the mark itself; make it believe it is online.
    page.evaluate("Object.defineProperty(navigator, 'onLine', {get: () => true})")
    _section(page, section.id).get_by_role("button", name="Mark as done").click()
    expect(page.locator(".offline-banner")).to_be_visible()
    expect(_section(page, section.id).locator(".offline-waiting")).to_contain_text(
        "Marked as done on this phone"
    )
    assert _done_rows(live_server, trainee) == []
    page.context.set_offline(False)  # the kept copy on screen hears "online" and sends it
    expect(page.locator(".offline-messages")).to_contain_text("1 mark you made", timeout=15_000)
    assert [sid for sid, _ in _done_rows(live_server, trainee)] == [section.id]


def test_a_page_not_kept_says_so_kindly(live_server, seed, phone_page: Page):
    page = phone_page
    programme = seed.programme()
    trainee = seed.user(programme=programme)
    _keep(page, live_server, trainee)
    page.context.set_offline(True)
    page.goto(live_server("training.readiness"))
    expect(page.locator("h1")).to_have_text("You're offline")
    expect(page.locator("main")).to_contain_text("This page is not saved on this phone")
    expect(page.locator("#help-now")).to_contain_text("999")  # the support numbers
    assert_no_serious_axe_violations(page)


def test_logging_out_offline_leaves_nothing_of_the_trainee_readable(
    live_server, seed, phone_page: Page
):
    page = phone_page
    programme = seed.programme()
    trainee = seed.user(programme=programme)
    module = _module_with_reflection(live_server, programme)
    _keep(page, live_server, trainee)

    page.context.set_offline(True)
    page.goto(live_server("training.module", module_id=module.id))
    _section(page, module.sections[0].id).get_by_role("button", name="Mark as done").click()
    main_nav(page).get_by_role("button", name="Log out").click()
    expect(page.locator("[data-offline-logged-out]")).to_be_visible()
    expect(page.locator("h1")).to_have_text("You're offline")
    assert_no_serious_axe_violations(page)
    kept = _kept_on_phone(page)
    assert kept == {"caches": [], "current": "", "queued": 0}
    for url in (live_server("training.index"), live_server("training.module", module_id=module.id)):
        page.goto(url)
        expect(page.locator("h1")).to_have_text("You're offline")
        assert trainee.display_name not in page.content()

    # Back online, the next page finishes logging out on the server.
    page.context.set_offline(False)
    page.goto(live_server("main.home"))
    expect(page.locator(".flash")).to_have_text("You have logged out. See you soon.")
    expect(main_nav(page).get_by_role("link", name="Log in")).to_be_visible()
    page.goto(live_server("training.index"))
    expect(page).to_have_url(re.compile(r"/login\?"))
    assert _done_rows(live_server, trainee) == []  # the waiting mark went with the rest


def test_logging_out_then_going_offline_leaves_nothing_readable(
    live_server, seed, phone_page: Page
):
    page = phone_page
    programme = seed.programme()
    trainee = seed.user(programme=programme)
    _keep(page, live_server, trainee)
    main_nav(page).get_by_role("button", name="Log out").click()
    expect(page.locator(".flash")).to_have_text("You have logged out. See you soon.")
    # Clear-Site-Data removed the kept pages, the store and the service worker itself.
    assert page.evaluate(
        """async () => ({
            caches: (await caches.keys()).filter(n => n.startsWith("mh-")),
            workers: (await navigator.serviceWorker.getRegistrations()).length,
            databases: (await indexedDB.databases()).map(d => d.name),
        })"""
    ) == {"caches": [], "workers": 0, "databases": []}  # and an anonymous page wrote none
    page.context.set_offline(True)
    try:
        page.goto(live_server("training.index"))
    except Exception as error:  # no service worker left: the browser's own error page
        assert "ERR_INTERNET_DISCONNECTED" in str(error)
    else:
        expect(page.locator("h1")).to_have_text("You're offline")
    expect(page.locator("body")).not_to_contain_text(trainee.display_name)


def test_another_person_on_the_same_phone_never_sees_the_previous_copy(
    live_server, seed, phone_page: Page
):
    page = phone_page
    first = seed.user(programme=seed.programme())
    _keep(page, live_server, first)
    page.context.clear_cookies()  # the first person's log-in ended without logging out

    second_programme = seed.programme()
    second = seed.user(programme=second_programme)
    log_in(page, live_server("auth.login"), second.username, second.password)
    page.goto(live_server("training.index"))
    expect(page.get_by_role("button", name=KEEP)).to_be_visible()
    kept = _kept_on_phone(page)
    assert kept["caches"] == [] and kept["current"] == str(second.id)

    page.context.set_offline(True)
    page.goto(live_server("training.index"))
    expect(page.locator("h1")).to_have_text("You're offline")
    assert first.display_name not in page.content()


def test_a_changed_module_is_fetched_again_and_the_trainee_is_told(
    live_server, seed, phone_page: Page
):
    from mentorhub.learning.adaptation_doc import AdaptationDoc
    from mentorhub.learning.adaptations import save_revision
    from mentorhub.models import Programme, User

    page = phone_page
    programme = seed.programme()
    trainee = seed.user(programme=programme)
    trainer = seed.user("trainer", trainer_of=[programme])
    module = live_server.catalogue.get(programme.module_ids[0])
    _keep(page, live_server, trainee)

    with live_server.app.app_context():
        doc = AdaptationDoc.from_json({"intro": "Our group meets in the library on Tuesdays."})
        saved = save_revision(
            db.session.get(Programme, programme.id),
            module,
            doc,
            db.session.get(User, trainer.id),
        )
        assert saved is not None
        db.session.commit()
        db.session.remove()

    page.goto(live_server("training.index"))  # online: the copy is checked
    expect(page.locator(".offline-messages")).to_contain_text(
        f"Changed since you saved it: {module.meta.title}", timeout=15_000
    )
    page.context.set_offline(True)
    page.goto(live_server("training.module", module_id=module.id))
    expect(page.locator(".offline-banner")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Our group meets in the library on Tuesdays.")


def test_without_javascript_the_training_works_as_before(live_server, seed, browser):
    programme = seed.programme()
    trainee = seed.user(programme=programme)
    module = live_server.catalogue.get(programme.module_ids[0])
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, live_server("auth.login"), trainee.username, trainee.password)
        page.goto(live_server("training.index"))
        expect(page.get_by_role("button", name=KEEP)).to_be_hidden()
        page.goto(live_server("training.module", module_id=module.id))
        section = module.sections[0]
        _section(page, section.id).get_by_role("button", name="Mark as done").click()
        expect(_section(page, section.id).locator(".done-note")).to_have_text(
            "You marked this part as done."
        )
        assert [sid for sid, _ in _done_rows(live_server, trainee)] == [section.id]
    finally:
        context.close()
