"""Adapting a module, clicked through: a trainer hides a section, adds a note, fills a
local box, previews and saves; trainees of that programme see the change and trainees of
another programme do not. axe-core runs on the editor, the preview and the review page.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from mentorhub.extensions import db
from tests.browser.helpers import (
    assert_no_serious_axe_violations,
    assert_no_sideways_scrolling,
    log_in,
)

MODULE = "welcome"  # shipped; has a local box ("Your coordinator") and trainer notes


@pytest.fixture
def people(live_server, seed):
    curriculum = [(MODULE, True)]
    a = seed.programme(curriculum=curriculum, name=f"Adapting A {id(seed)}")
    b = seed.programme(curriculum=curriculum, name=f"Adapting B {id(seed)}")
    return {
        "a": a,
        "trainer": seed.user("trainer", trainer_of=[a]),
        "trainee_a": seed.user("trainee", programme=a),
        "trainee_b": seed.user("trainee", programme=b),
    }


def sections(live_server):
    module = live_server.catalogue.get(MODULE)
    return module.sections[0], module.sections[2]  # (gets a note, gets hidden)


def test_a_trainer_adapts_previews_and_saves_and_only_their_trainees_see_it(
    live_server, page: Page, new_page, people
):
    first, hidden = sections(live_server)
    log_in(page, live_server("auth.login"), people["trainer"].username, people["trainer"].password)
    page.goto(live_server("adaptation.index", programme_id=people["a"].id))
    page.get_by_role("link", name=f"Adapt {live_server.catalogue.get(MODULE).meta.title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Adapt")
    assert_no_serious_axe_violations(page)

    hidden_part = page.locator(f"#section-{hidden.id}")
    hidden_part.get_by_label("Hide this section").check()
    first_part = page.locator(f"#section-{first.id}")
    first_part.get_by_text("Your own text and notes").click()  # a <details>: no script needed
    first_part.get_by_label("A note before this section (optional)").fill(
        "Our group meets on Tuesdays at the Hub."
    )
    page.get_by_label("“Your coordinator”").fill("Your coordinator is Sam Reid: 0141 496 0000.")
    page.get_by_role("button", name="Preview").click()

    expect(page.get_by_role("heading", name="Preview: not saved yet")).to_be_visible()
    expect(page.locator(".module")).to_contain_text("Our group meets on Tuesdays at the Hub.")
    expect(page.locator(".module")).to_contain_text("Sam Reid")
    expect(page.locator(f"section#{hidden.id}")).to_have_count(0)
    expect(page.locator(".block-trainer")).to_have_count(0)  # as a trainee sees it
    assert_no_serious_axe_violations(page)
    page.get_by_label("What did you change? (optional)").fill("Local details")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash--success")).to_contain_text("Saved as revision 1")

    trainee_a = new_page()
    log_in(
        trainee_a,
        live_server("auth.login"),
        people["trainee_a"].username,
        people["trainee_a"].password,
    )
    trainee_a.goto(live_server("training.module", module_id=MODULE))
    expect(trainee_a.locator(".module")).to_contain_text("Our group meets on Tuesdays at the Hub.")
    expect(trainee_a.locator(".module")).to_contain_text("Sam Reid")
    expect(trainee_a.locator(f"section#{hidden.id}")).to_have_count(0)

    trainee_b = new_page()
    log_in(
        trainee_b,
        live_server("auth.login"),
        people["trainee_b"].username,
        people["trainee_a"].password,
    )
    trainee_b.goto(live_server("training.module", module_id=MODULE))
    expect(trainee_b.locator(f"section#{hidden.id}")).to_have_count(1)
    expect(trainee_b.locator(".module")).not_to_contain_text("Sam Reid")


def test_the_review_page_after_a_library_update(live_server, page: Page, people):
    """The library moving on is simulated by marking the saved revision as made against
    an older version whose text for one section was different."""
    from mentorhub.learning.adaptation_doc import Action, AdaptationDoc, SectionChange
    from mentorhub.learning.adaptations import save_revision
    from mentorhub.models import Programme, User

    module = live_server.catalogue.get(MODULE)
    _first, changed = sections(live_server)
    with live_server.app.app_context():
        doc = AdaptationDoc(changes={changed.id: SectionChange(Action.REPLACE, "Our own words.")})
        older = [
            {
                "id": s.id,
                "title": s.title,
                "markdown": s.markdown + ("\nOld words." if s is changed else ""),
            }
            for s in module.sections
        ]
        save_revision(
            db.session.get(Programme, people["a"].id),
            module,
            doc,
            db.session.get(User, people["trainer"].id),
            base_version=module.meta.version - 1,
            base_sections=older,
        )
        db.session.commit()  # services flush; the caller commits
    log_in(page, live_server("auth.login"), people["trainer"].username, people["trainer"].password)
    page.goto(live_server("adaptation.index", programme_id=people["a"].id))
    expect(page.get_by_text("Library updated: review")).to_be_visible()
    page.get_by_role("link", name=f"Review the update to {module.meta.title}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review the update")
    assert_no_serious_axe_violations(page)
    page.get_by_label("Use the new library text instead").check()
    page.get_by_role("button", name="Accept the update").click()
    expect(page.get_by_text(f"now builds on version {module.meta.version}")).to_be_visible()


def test_the_editor_fits_a_phone(live_server, phone_page: Page, people):
    log_in(
        phone_page,
        live_server("auth.login"),
        people["trainer"].username,
        people["trainer"].password,
    )
    phone_page.goto(live_server("adaptation.editor", programme_id=people["a"].id, module_id=MODULE))
    assert_no_sideways_scrolling(phone_page)
    assert_no_serious_axe_violations(phone_page)


def test_on_a_phone_the_editor_guides_own_text_and_the_history_fits(
    live_server, phone_page: Page, people
):
    page = phone_page
    first = live_server.catalogue.get(MODULE).sections[0]
    log_in(page, live_server("auth.login"), people["trainer"].username, people["trainer"].password)
    page.goto(live_server("adaptation.editor", programme_id=people["a"].id, module_id=MODULE))
    expect(page.locator(".breadcrumbs")).to_contain_text("Adapt the training")
    part = page.locator(f"#section-{first.id}")
    toggle = part.get_by_text("Your own text and notes")
    assert toggle.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"  # a control
    toggle.click()
    own = part.get_by_label("Your own text for this section")
    expect(own).not_to_have_value(re.compile("!!! local"))
    expect(part.locator(".guide")).to_contain_text("are boxes")
    part.get_by_label("Use our own text").check()
    own.fill("Our own welcome, in plain words.")
    page.get_by_label("What did you change? (optional)").fill(
        "A long message to see that it wraps on a small phone screen without scrolling"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash--success")).to_contain_text("Saved as revision 1")

    expect(page.locator("main h1")).to_contain_text("History of")
    revision = page.locator(".revision").first
    expect(revision).to_contain_text("without scrolling")
    view = revision.get_by_role("link", name="View revision 1")
    expect(view).to_be_visible()
    for element in (revision.locator(".revision__what"), view):
        box = element.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, "off to the side"
    assert_no_sideways_scrolling(page)
    assert_no_serious_axe_violations(page)
