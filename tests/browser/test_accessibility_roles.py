"""axe-core and no sideways scrolling at 360x740 on every page behind a log-in (and the
public account pages), each seen as the role that uses it.

Each case sets up its own programme and people, logs in through the real form, and gets
to its page the way a person would (forms with errors are really submitted). At 360 px a
wide table may scroll inside its own `.table-wrap`; the document itself must not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    assert_no_serious_axe_violations,
    assert_no_sideways_scrolling,
    log_in,
)

UNKNOWN_CODE = "ZZZZ-ZZZZ-ZZZZ"


@dataclass(frozen=True)
class RolePage:
    role: str
    name: str
    # Sets up the data, logs in as `role` and opens the page; checks it got there.
    open: Callable  # (page, live_server, seed) -> None

    @property
    def id(self) -> str:
        return f"{self.role}:{self.name}"


def _goto(page: Page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None, f"no response from {url}"
    assert response.status == status, f"{url} answered {response.status}, not {status}"


def _heading(page: Page, text: str) -> None:
    expect(page.locator("main h1")).to_have_text(text)


def _log_in(page: Page, server, user) -> None:
    log_in(page, server("auth.login"), user.username, user.password)


def _programme_with_trainees(server, seed):
    """A programme (default curriculum) with two trainees part of the way through."""
    programme = seed.programme()
    first, second = programme.module_ids[:2]
    keen = seed.user("trainee", programme)
    seed.sections_done(keen, programme, first)
    seed.sections_done(keen, programme, second, how_many=2)
    starting = seed.user("trainee", programme)
    seed.sections_done(starting, programme, first, how_many=1)
    return programme, keen


def _finished_trainee(server, seed):
    """A trainee who has finished the only module of a one-module programme."""
    module = min(server.modules, key=lambda m: len(m.sections))
    programme = seed.programme(curriculum=[(module.id, True)])
    trainee = seed.user("trainee", programme)
    seed.sections_done(trainee, programme, module.id)
    return programme, trainee


# --- anonymous -----------------------------------------------------------------------------


def _login(page, server, seed):
    _goto(page, server("auth.login"))
    _heading(page, "Log in")


def _login_with_errors(page, server, seed):
    _goto(page, server("auth.login"))
    page.locator("main form").get_by_role("button", name="Log in").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter your username.")
    expect(page.locator(".error-summary")).to_contain_text("Enter your password.")


def _register(page, server, seed):
    _goto(page, server("auth.register"))
    _heading(page, "Create your account")


def _register_with_errors(page, server, seed):
    programme = seed.programme()
    _goto(page, server("auth.join", code=programme.join_code))
    form = page.locator("main form")
    form.get_by_label("Username").fill("a b")
    form.get_by_label("New password").fill("short")
    form.get_by_label("Type the password again").fill("different")
    form.get_by_role("button", name="Create account").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Tell us what to call you.")
    expect(summary).to_contain_text("Use 3 to 40 letters or numbers.")
    expect(summary).to_contain_text("The two passwords do not match.")
    expect(page.locator('[aria-invalid="true"]').first).to_be_visible()


def _join_with_a_bad_code(page, server, seed):
    _goto(page, server("auth.join", code="NO-SUCH-CODE"))
    _heading(page, "That join code does not work")


def _forgot(page, server, seed):
    _goto(page, server("auth.forgot_password"))
    _heading(page, "Forgotten your password?")


def _reset(page, server, seed):
    trainee = seed.user("trainee", seed.programme())
    _goto(page, server("auth.reset_password", token=seed.reset_token(trainee)))
    _heading(page, "Choose a new password")
    expect(page.locator("main .lead")).to_contain_text(trainee.username)


def _certificate_genuine(page, server, seed):
    programme, trainee = _finished_trainee(server, seed)
    code = seed.certificate(trainee, programme)
    _goto(page, server("certificates.verify", code=code))
    expect(page.locator(".notice--success h2")).to_have_text("This certificate is genuine")


def _certificate_unknown(page, server, seed):
    _goto(page, server("certificates.verify", code=UNKNOWN_CODE), status=404)
    expect(page.locator("main .lead")).to_contain_text("We have no certificate")


# --- trainee -------------------------------------------------------------------------------


def _as_trainee_with_progress(page, server, seed):
    programme, trainee = _programme_with_trainees(server, seed)
    _log_in(page, server, trainee)
    return programme, trainee


def _training(page, server, seed):
    _as_trainee_with_progress(page, server, seed)
    _goto(page, server("training.index"))
    _heading(page, "My training")
    expect(page.get_by_role("link", name="Continue where you left off")).to_be_visible()


def _training_module(page, server, seed):
    programme, _trainee = _as_trainee_with_progress(page, server, seed)
    module = server.catalogue.get(programme.module_ids[1])  # part done: both kinds of button
    _goto(page, server("training.module", module_id=module.id))
    _heading(page, module.meta.title)
    expect(page.locator(".done-note").first).to_be_visible()
    expect(page.get_by_role("button", name="Mark as done").first).to_be_visible()


def _certificate_not_earned(page, server, seed):
    _as_trainee_with_progress(page, server, seed)
    _goto(page, server("certificates.mine"))
    expect(page.locator("main .lead")).to_contain_text("Your certificate will be ready")


def _certificate_earned(page, server, seed):
    _programme, trainee = _finished_trainee(server, seed)
    _log_in(page, server, trainee)
    _goto(page, server("certificates.mine"))
    expect(page.get_by_role("link", name="Download your certificate (PDF)")).to_be_visible()


def _account(page, server, seed):
    _as_trainee_with_progress(page, server, seed)
    _goto(page, server("account.index"))
    _heading(page, "Your account")


def _account_password(page, server, seed):
    _as_trainee_with_progress(page, server, seed)
    _goto(page, server("auth.change_password"))
    _heading(page, "Change your password")


def _account_delete(page, server, seed):
    _as_trainee_with_progress(page, server, seed)
    _goto(page, server("account.delete"))
    _heading(page, "Delete your account")


# --- trainer and evaluator -----------------------------------------------------------------


def _as_trainer(page, server, seed):
    programme, trainee = _programme_with_trainees(server, seed)
    other = seed.programme()  # a second programme, so "Move to another programme" shows
    trainer = seed.user("trainer", trainer_of=[programme, other])
    _log_in(page, server, trainer)
    return programme, trainee


def _programmes(page, server, seed):
    programme, _trainee = _as_trainer(page, server, seed)
    _goto(page, server("programmes.index"))
    _heading(page, "Your programmes")
    expect(page.get_by_role("link", name=programme.name, exact=True)).to_be_visible()


def _programme_detail_for_a_trainer(page, server, seed):
    programme, _trainee = _as_trainer(page, server, seed)
    _goto(page, server("programmes.detail", programme_id=programme.id))
    _heading(page, programme.name)
    expect(page.locator("#trainees tbody tr")).to_have_count(2)


def _programme_trainee(page, server, seed):
    programme, trainee = _as_trainer(page, server, seed)
    _goto(page, server("programmes.trainee", programme_id=programme.id, user_id=trainee.id))
    _heading(page, trainee.display_name)
    expect(page.get_by_role("button", name="Move trainee")).to_be_visible()


def _programme_detail_for_an_evaluator(page, server, seed):
    programme, _trainee = _programme_with_trainees(server, seed)
    _log_in(page, server, seed.user("evaluator"))
    _goto(page, server("programmes.detail", programme_id=programme.id))
    _heading(page, programme.name)
    expect(page.locator("main table tbody tr")).to_have_count(len(programme.module_ids))


# --- admin ---------------------------------------------------------------------------------


def _as_admin(page, server, seed):
    _log_in(page, server, seed.user("admin"))


def _admin(page, server, seed):
    programme = seed.programme()
    _as_admin(page, server, seed)
    _goto(page, server("admin.index"))
    _heading(page, "Admin")
    expect(page.get_by_role("link", name=programme.name, exact=True)).to_be_visible()


def _admin_new_programme(page, server, seed):
    _as_admin(page, server, seed)
    _goto(page, server("admin.new_programme"))
    _heading(page, "Create a programme")


def _admin_edit_programme(page, server, seed):
    programme = seed.programme()
    _as_admin(page, server, seed)
    _goto(page, server("admin.edit_programme", programme_id=programme.id))
    _heading(page, f"Edit {programme.name}")


def _admin_new_user(page, server, seed):
    _as_admin(page, server, seed)
    _goto(page, server("admin.new_user"))
    _heading(page, "Add a trainer, evaluator or admin")


def _admin_new_user_with_errors(page, server, seed):
    _as_admin(page, server, seed)
    _goto(page, server("admin.new_user"))
    form = page.locator("main form")
    form.get_by_label("Username").fill("no spaces allowed")
    form.get_by_role("button", name="Add person").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter their name.")
    expect(summary).to_contain_text("Use 3 to 40 letters or numbers.")


def _adapt_url(server, programme, endpoint="adaptation.editor", **values):
    return server(endpoint, programme_id=programme.id, module_id="welcome", **values)


def _saved_adaptation(page, server, seed):
    """As a trainer: hide the welcome module's second section and save."""
    programme, _trainee = _as_trainer(page, server, seed)
    _goto(page, _adapt_url(server, programme))
    second = server.catalogue.get("welcome").sections[1]
    page.locator(f"#section-{second.id}").get_by_label("Hide this section").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".flash--success")).to_contain_text("Saved as revision 1")
    return programme


def _adaptations(page, server, seed):
    programme = _saved_adaptation(page, server, seed)
    _goto(page, server("adaptation.index", programme_id=programme.id))
    _heading(page, f"Adapt the training for {programme.name}")


def _adapt_editor_with_errors(page, server, seed):
    programme, _trainee = _as_trainer(page, server, seed)
    _goto(page, _adapt_url(server, programme))
    page.get_by_label("Programme introduction").fill("# Not allowed here")
    page.get_by_role("button", name="Preview").click()
    expect(page.locator(".error-summary")).to_contain_text("###")


def _adapt_history(page, server, seed):
    _saved_adaptation(page, server, seed)
    expect(page.locator("main h1")).to_contain_text("History of")


def _adapt_compare(page, server, seed):
    _saved_adaptation(page, server, seed)
    page.get_by_role("button", name="Show the differences").click()
    expect(page.locator("main h1")).to_have_text("From the library version to revision 1")


def _adapt_view_as_trainee(page, server, seed):
    programme = _saved_adaptation(page, server, seed)
    _goto(page, _adapt_url(server, programme, "adaptation.view_as_trainee"))
    expect(
        page.get_by_role("heading", name="You are seeing this as a trainee would")
    ).to_be_visible()


def _adapt_import_with_errors(page, server, seed):
    programme, _trainee = _as_trainer(page, server, seed)
    _goto(page, _adapt_url(server, programme, "adaptation.import_page"))
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose a file to import.")


# --- pages added for phones: home, saved answers, confirmations, one-time links, undo -----


def _home_as_trainee(page, server, seed):
    _as_trainee_with_progress(page, server, seed)
    _goto(page, server("main.home"))
    expect(page.get_by_role("link", name="Go to My training")).to_be_visible()


def _training_start(page, server, seed):
    programme = seed.programme()
    _log_in(page, server, seed.user("trainee", programme))
    _goto(page, server("training.index"))
    expect(page.get_by_role("link", name="Start your training")).to_be_visible()


def _welcome_with_a_saved_score(page, server, seed):
    programme = seed.programme(curriculum=[("welcome", True)])
    _log_in(page, server, seed.user("trainee", programme))
    _goto(page, server("training.module", module_id="welcome"))
    form = page.locator("form.reflection-form").first
    form.get_by_role("radio", name="3").check()
    form.get_by_role("button", name=re.compile("^Save")).click()
    expect(page.locator(".saved-note--now")).to_be_visible()


def _join_code_confirm(page, server, seed):
    programme, _trainee = _as_trainer(page, server, seed)
    _goto(page, server("programmes.confirm_new_code", programme_id=programme.id))
    _heading(page, "Make a new join code?")


def _reset_link(page, server, seed):
    programme, trainee = _as_trainer(page, server, seed)
    _goto(page, server("programmes.trainee", programme_id=programme.id, user_id=trainee.id))
    page.get_by_role("button", name=re.compile("reset link", re.I)).click()
    expect(page.get_by_label("Reset link")).to_have_value(re.compile("/reset/"))


def _curriculum_undo(page, server, seed):
    programme, _trainee = _as_trainer(page, server, seed)
    _goto(page, server("programmes.curriculum", programme_id=programme.id))
    page.locator("#modules").get_by_role("button", name=re.compile("^Remove")).first.click()
    expect(page.get_by_role("button", name=re.compile("^Undo: put"))).to_be_visible()


def _user_link(page, server, seed):
    _as_admin(page, server, seed)
    _goto(page, server("admin.new_user"))
    form = page.locator("main form")
    form.get_by_label("Name", exact=True).fill("Link Person")
    form.get_by_label("Username").fill(f"link.person{id(page) % 100000}")
    form.get_by_role("button", name="Add person").click()
    expect(page.get_by_label("One-time link")).to_have_value(re.compile("/reset/"))


ROLE_PAGES = [
    RolePage("anonymous", "login", _login),
    RolePage("anonymous", "login-with-errors", _login_with_errors),
    RolePage("anonymous", "register", _register),
    RolePage("anonymous", "register-with-errors", _register_with_errors),
    RolePage("anonymous", "join-bad-code", _join_with_a_bad_code),
    RolePage("anonymous", "forgot", _forgot),
    RolePage("anonymous", "reset", _reset),
    RolePage("anonymous", "certificate-genuine", _certificate_genuine),
    RolePage("anonymous", "certificate-unknown", _certificate_unknown),
    RolePage("trainee", "training", _training),
    RolePage("trainee", "training-module", _training_module),
    RolePage("trainee", "certificate-not-earned", _certificate_not_earned),
    RolePage("trainee", "certificate-earned", _certificate_earned),
    RolePage("trainee", "account", _account),
    RolePage("trainee", "account-password", _account_password),
    RolePage("trainee", "account-delete", _account_delete),
    RolePage("trainer", "programmes", _programmes),
    RolePage("trainer", "programme-detail", _programme_detail_for_a_trainer),
    RolePage("trainer", "programme-trainee", _programme_trainee),
    RolePage("trainer", "adaptations", _adaptations),
    RolePage("trainer", "adapt-editor-with-errors", _adapt_editor_with_errors),
    RolePage("trainer", "adapt-history", _adapt_history),
    RolePage("trainer", "adapt-compare", _adapt_compare),
    RolePage("trainer", "adapt-view-as-trainee", _adapt_view_as_trainee),
    RolePage("trainer", "adapt-import-with-errors", _adapt_import_with_errors),
    RolePage("evaluator", "programme-detail", _programme_detail_for_an_evaluator),
    RolePage("admin", "admin", _admin),
    RolePage("admin", "programme-new", _admin_new_programme),
    RolePage("admin", "programme-edit", _admin_edit_programme),
    RolePage("admin", "user-new", _admin_new_user),
    RolePage("admin", "user-new-with-errors", _admin_new_user_with_errors),
    RolePage("trainee", "home", _home_as_trainee),
    RolePage("trainee", "training-start", _training_start),
    RolePage("trainee", "welcome-saved-score", _welcome_with_a_saved_score),
    RolePage("trainer", "join-code-confirm", _join_code_confirm),
    RolePage("trainer", "reset-link", _reset_link),
    RolePage("trainer", "curriculum-undo", _curriculum_undo),
    RolePage("admin", "user-link", _user_link),
]
by_role_page = pytest.mark.parametrize("role_page", ROLE_PAGES, ids=[p.id for p in ROLE_PAGES])


@by_role_page
def test_on_a_phone_no_serious_axe_violations_and_no_sideways_scrolling(
    phone_page: Page, live_server, seed, role_page: RolePage
) -> None:
    """One visit (and one set-up and log-in) for both phone checks."""
    role_page.open(phone_page, live_server, seed)
    assert_no_sideways_scrolling(phone_page)
    assert_no_serious_axe_violations(phone_page)
