"""A trainee's training: marking parts done and undoing, module updates, My training,
continue where you left off, and private reflections."""

from __future__ import annotations

import html
import os
import re
import shutil
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.learning.curriculum import set_curriculum
from mentorhub.models import ModuleCompletion, Programme, Reflection, SectionProgress
from mentorhub.models.base import utcnow
from tests.app.groupwork.helpers import add_session
from tests.factories import FIXTURES, csrf_token, log_in, make_programme, make_user, write_module

GAMMA = "## Gamma one {#g-one}\n\nFirst.\n\n## Gamma two {#g-two}\n\nSecond.\n"
REFLECTION_URL = "/training/alpha/part-two/reflections/think-about-it"
REFLECTION_FIELD = "part-two--think-about-it-text"
REFLECTION_CSRF = "part-two--think-about-it-csrf_token"
REFLECTION_KEY = "part-two/think-about-it"


@pytest.fixture
def app_config(app_config, tmp_path):
    """The fixture content (alpha: core; beta: housing, transitions) plus gamma
    (transitions, two parts), in a folder the test may change."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    write_module(content, "gamma", GAMMA, title="Gamma module", focus=["transitions"], order=30)
    return {**app_config, "CONTENT_DIR": str(content)}


def bump_mtime(path: Path) -> None:
    """Make sure a rewrite is seen even on file systems with coarse timestamps."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def new_trainee(app, programme_id: int | None = None, **user) -> SimpleNamespace:
    """A trainee in a programme whose curriculum is alpha (required), beta and gamma
    (optional): a new programme unless `programme_id` is given."""
    with app.app_context():
        if programme_id is None:
            modules = app.extensions["mentorhub.catalogue"].modules
            programme = make_programme(modules, focus=["transitions"])
        else:
            programme = db.session.get(Programme, programme_id)
        trainee = make_user(programme=programme, **user)
        return SimpleNamespace(
            id=trainee.id,
            username=trainee.username,
            display_name=trainee.display_name,
            learner_key=trainee.learner_key,
            programme_id=programme.id,
            programme_name=programme.name,
        )


@pytest.fixture
def trainee(app, client) -> SimpleNamespace:
    """A trainee, logged in on `client`, with a CSRF token for posting."""
    person = new_trainee(app)
    log_in(client, person)
    person.token = csrf_token(client, "/training")
    return person


def post(client, url: str, token: str | None, **data):
    if token is not None:
        data["csrf_token"] = token
    return client.post(url, data=data)


def done(client, trainee, module_id: str, section_id: str):
    response = post(client, f"/training/{module_id}/{section_id}/done", trainee.token)
    assert response.status_code == 302, response.status_code
    return response


def progress_rows(app, **where) -> list[SectionProgress]:
    with app.app_context():
        query = sa.select(SectionProgress).filter_by(**where).order_by(SectionProgress.id)
        rows = db.session.scalars(query).all()
        db.session.expunge_all()
        return rows


def completions(app, **where) -> list[ModuleCompletion]:
    with app.app_context():
        rows = db.session.scalars(sa.select(ModuleCompletion).filter_by(**where)).all()
        db.session.expunge_all()
        return rows


def reflections(app) -> list[Reflection]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Reflection)).all()
        db.session.expunge_all()
        return rows


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def text_of(markup: str) -> str:
    """The page's text with tags removed and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def curriculum_item(markup: str, title: str) -> str:
    """The text of one module's entry on My training."""
    for item in re.findall(r'<li class="curriculum__item.*?</li>', markup, re.S):
        if f">{title}</a>" in item:
            return text_of(item)
    raise AssertionError(f"{title} is not on the page")


def rewrite_alpha(app_config, version: int, extra: str = "", drop_part_two: bool = False) -> None:
    path = Path(app_config["CONTENT_DIR"]) / "modules" / "alpha.md"
    text = path.read_text(encoding="utf-8").replace("version: 2", f"version: {version}")
    if drop_part_two:
        text = text.split("## Second part")[0]
    path.write_text(text + extra, encoding="utf-8")
    bump_mtime(path)


NEW_PART = "\n## Third part {#part-three}\n\nSomething added later.\n"


# --- who may see the trainee pages ---------------------------------------------


def test_my_training_needs_a_log_in(client):
    response = client.get("/training")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_my_training_is_for_trainees_only(app, client):
    with app.app_context():
        trainer = make_user(role="trainer")
        username = trainer.username
    log_in(client, SimpleNamespace(username=username))
    assert client.get("/training").status_code == 403


def test_a_trainee_without_a_programme_is_forbidden(app, client):
    with app.app_context():
        username = make_user().username
    log_in(client, SimpleNamespace(username=username))
    response = client.get("/training")
    assert response.status_code == 403


def test_a_module_outside_the_curriculum_is_not_found(app, client):
    with app.app_context():
        programme = make_programme(app.extensions["mentorhub.catalogue"].modules, focus=[])
        username = make_user(programme=programme).username
    log_in(client, SimpleNamespace(username=username))
    assert client.get("/training/beta").status_code == 404
    token = csrf_token(client, "/training")
    assert post(client, "/training/beta/only-section/done", token).status_code == 404
    assert progress_rows(app) == []


def test_trainer_notes_never_reach_the_trainee(client, trainee):
    assert "SECRET-TRAINER-NOTE" not in page(client, "/training/alpha")


# --- mark as done and undo ------------------------------------------------------


def test_each_section_has_a_mark_as_done_form_that_posts_with_a_csrf_token(client, trainee):
    markup = page(client, "/training/alpha")
    for section_id in ("getting-started", "part-two"):
        form = re.search(
            rf'<form method="post" action="/training/alpha/{section_id}/done"[^>]*>(.*?)</form>',
            markup,
            re.S,
        )
        assert form, section_id
        assert 'name="csrf_token"' in form.group(1)
        assert "Mark as done" in form.group(1)


def test_marking_done_without_a_csrf_token_is_refused(app, client, trainee):
    response = post(client, "/training/alpha/getting-started/done", token=None)
    assert response.status_code == 400
    assert progress_rows(app) == []


def test_marking_done_with_a_wrong_csrf_token_is_refused(app, client, trainee):
    response = post(client, "/training/alpha/getting-started/done", token="not-a-token")
    assert response.status_code == 400
    assert progress_rows(app) == []


def test_marking_done_records_trainee_programme_module_section_version_and_time(
    app, client, trainee
):
    before = utcnow() - timedelta(seconds=1)
    done(client, trainee, "alpha", "getting-started")
    [row] = progress_rows(app)
    assert (row.user_id, row.learner_key, row.programme_id) == (
        trainee.id,
        trainee.learner_key,
        trainee.programme_id,
    )
    assert (row.module_id, row.section_id, row.module_version) == ("alpha", "getting-started", 2)
    assert before <= row.done_at <= utcnow() + timedelta(seconds=1)


def test_marking_done_goes_on_to_the_next_section(client, trainee):
    response = done(client, trainee, "alpha", "getting-started")
    assert response.headers["Location"].endswith("/training/alpha#part-two")


def test_marking_done_twice_keeps_one_record(app, client, trainee):
    done(client, trainee, "alpha", "getting-started")
    done(client, trainee, "alpha", "getting-started")
    assert len(progress_rows(app)) == 1


def test_a_done_section_shows_as_done_with_an_undo_form(client, trainee):
    done(client, trainee, "alpha", "getting-started")
    markup = page(client, "/training/alpha")
    section = markup.split('id="getting-started"')[1].split('id="part-two"')[0]
    assert "You marked this part as done." in section
    assert 'action="/training/alpha/getting-started/undo"' in section
    assert 'action="/training/alpha/getting-started/done"' not in section
    assert "1 of 2 parts done" in text_of(markup)


def test_undo_removes_the_record_and_offers_mark_as_done_again(app, client, trainee):
    done(client, trainee, "alpha", "getting-started")
    response = post(client, "/training/alpha/getting-started/undo", trainee.token)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/training/alpha#getting-started")
    assert progress_rows(app) == []
    assert 'action="/training/alpha/getting-started/done"' in page(client, "/training/alpha")


def test_undo_without_a_csrf_token_is_refused(app, client, trainee):
    done(client, trainee, "alpha", "getting-started")
    assert post(client, "/training/alpha/getting-started/undo", token=None).status_code == 400
    assert len(progress_rows(app)) == 1


def test_marking_an_unknown_section_done_is_not_found(app, client, trainee):
    assert post(client, "/training/alpha/no-such-part/done", trainee.token).status_code == 404
    assert progress_rows(app) == []


def test_progress_is_kept_per_trainee(app, client, trainee):
    other = new_trainee(app, trainee.programme_id)
    done(client, trainee, "alpha", "getting-started")
    assert progress_rows(app, user_id=other.id) == []
    other_client = app.test_client()
    log_in(other_client, other)
    assert "0 of 2 parts done" in text_of(page(other_client, "/training/alpha"))


# --- completing a module, and module updates -----------------------------------


def test_finishing_the_last_section_completes_the_module(app, client, trainee):
    done(client, trainee, "alpha", "getting-started")
    response = done(client, trainee, "alpha", "part-two")
    assert response.headers["Location"].endswith("/training/alpha#module-end")
    [completion] = completions(app)
    assert (completion.user_id, completion.module_id, completion.module_version) == (
        trainee.id,
        "alpha",
        2,
    )
    markup = page(client, "/training/alpha")
    assert "Well done! You have finished “Alpha module”." in markup
    assert "You have finished this module." in markup


def test_a_module_is_not_complete_until_every_section_is_done(app, client, trainee):
    done(client, trainee, "alpha", "part-two")
    assert completions(app) == []
    assert "In progress" in curriculum_item(page(client, "/training"), "Alpha module")


def test_a_new_version_keeps_the_sections_done_that_still_exist(app, app_config, client, trainee):
    done(client, trainee, "alpha", "getting-started")
    rewrite_alpha(app_config, 3, NEW_PART)
    markup = page(client, "/training/alpha")
    assert "1 of 3 parts done" in text_of(markup)
    section = markup.split('id="getting-started"')[1].split('id="part-two"')[0]
    assert "You marked this part as done." in section
    [row] = progress_rows(app)
    assert row.module_version == 2  # the version it was done in


def test_a_finished_module_that_gains_a_section_says_so_on_my_training(app_config, client, trainee):
    done(client, trainee, "alpha", "getting-started")
    done(client, trainee, "alpha", "part-two")
    rewrite_alpha(app_config, 3, NEW_PART)
    entry = curriculum_item(page(client, "/training"), "Alpha module")
    assert "This module was updated: 1 new part since you finished it." in entry
    assert "2 of 3 parts done" in entry


def test_a_finished_module_that_gains_a_section_says_so_on_the_module_page(
    app_config, client, trainee
):
    done(client, trainee, "alpha", "getting-started")
    done(client, trainee, "alpha", "part-two")
    rewrite_alpha(app_config, 3, NEW_PART)
    markup = page(client, "/training/alpha")
    assert "1 new part since you finished it. They are marked “New”." in text_of(markup)
    new_section = markup.split('id="part-three"')[1]
    old_section = markup.split('id="getting-started"')[1].split('id="part-two"')[0]
    assert "badge--new" in new_section.split("</h2>")[0]
    assert "badge--new" not in old_section


def test_finishing_the_new_section_records_its_version_and_completes_again(
    app, app_config, client, trainee
):
    done(client, trainee, "alpha", "getting-started")
    done(client, trainee, "alpha", "part-two")
    rewrite_alpha(app_config, 3, NEW_PART)
    done(client, trainee, "alpha", "part-three")
    versions = {r.section_id: r.module_version for r in progress_rows(app)}
    assert versions == {"getting-started": 2, "part-two": 2, "part-three": 3}
    [completion] = completions(app)
    assert completion.module_version == 3
    entry = curriculum_item(page(client, "/training"), "Alpha module")
    assert "Complete" in entry and "new part" not in entry


def test_removed_sections_do_not_count_against_completion(app_config, client, trainee):
    done(client, trainee, "alpha", "getting-started")
    rewrite_alpha(app_config, 3, drop_part_two=True)
    entry = curriculum_item(page(client, "/training"), "Alpha module")
    assert "Complete" in entry
    assert "1 of 1 part done" in entry


def test_a_removed_section_done_earlier_does_not_count_as_done(app_config, client, trainee):
    done(client, trainee, "alpha", "part-two")
    rewrite_alpha(app_config, 3, drop_part_two=True)
    entry = curriculum_item(page(client, "/training"), "Alpha module")
    assert "Not started" in entry
    assert "0 of 1 part done" in entry


def test_undoing_a_part_of_a_finished_module_does_not_claim_the_module_was_updated(client, trainee):
    done(client, trainee, "alpha", "getting-started")
    done(client, trainee, "alpha", "part-two")
    post(client, "/training/alpha/part-two/undo", trainee.token)
    entry = curriculum_item(page(client, "/training"), "Alpha module")
    assert "In progress" in entry
    assert "new part" not in entry
    assert "This module was updated" not in page(client, "/training/alpha")


# --- My training ------------------------------------------------------------------


def test_my_training_names_the_programme(client, trainee):
    assert f"You are in {trainee.programme_name}" in text_of(page(client, "/training"))


def test_my_training_lists_the_curriculum_in_its_order(app, client, trainee):
    with app.app_context():
        programme = db.session.get(Programme, trainee.programme_id)
        set_curriculum(programme, [])  # set_curriculum keeps the order of modules already in it
        db.session.commit()
        set_curriculum(programme, [("gamma", False), ("alpha", True), ("beta", False)])
        db.session.commit()
    markup = page(client, "/training")
    titles = re.findall(r'class="curriculum__title"><a href="[^"]+">([^<]+)</a>', markup)
    assert titles == ["Gamma module", "Alpha module", "Beta module"]


def test_my_training_shows_each_modules_state(client, trainee):
    done(client, trainee, "alpha", "getting-started")
    done(client, trainee, "beta", "only-section")
    markup = page(client, "/training")
    alpha = curriculum_item(markup, "Alpha module")
    beta = curriculum_item(markup, "Beta module")
    gamma = curriculum_item(markup, "Gamma module")
    assert "In progress" in alpha and "1 of 2 parts done" in alpha
    assert "Complete" in beta and "1 of 1 part done" in beta
    assert "Not started" in gamma and "0 of 2 parts done" in gamma


def test_a_module_card_names_the_next_group_session_not_a_past_one(app, client, trainee):
    add_session(app, trainee.programme_id, days=-14, title="Two weeks ago", module_ids=("alpha",))
    add_session(app, trainee.programme_id, days=7, title="Next week", module_ids=("alpha",))
    alpha = curriculum_item(page(client, "/training"), "Alpha module")
    assert "Group session:" in alpha and "(Next week)" in alpha
    assert "Two weeks ago" not in alpha


def test_a_module_whose_only_session_is_past_names_none(app, client, trainee):
    add_session(app, trainee.programme_id, days=-14, title="Two weeks ago", module_ids=("alpha",))
    assert "Group session:" not in curriculum_item(page(client, "/training"), "Alpha module")


@pytest.mark.parametrize(
    ("title", "label"),
    [("Alpha module", "Required"), ("Beta module", "Optional"), ("Gamma module", "Optional")],
)
def test_my_training_says_which_modules_are_required(client, trainee, title, label):
    entry = curriculum_item(page(client, "/training"), title)
    assert label in entry
    assert ({"Required", "Optional"} - {label}).pop() not in entry


def test_my_training_has_an_accessible_progress_bar_with_text(client, trainee):
    done(client, trainee, "alpha", "getting-started")
    markup = page(client, "/training")
    bar = re.search(r"<progress[^>]*>[^<]*</progress>", markup.split("Alpha module</a>")[1])
    assert bar
    assert 'max="2"' in bar.group(0) and 'value="1"' in bar.group(0)
    assert 'aria-label="Alpha module: 1 of 2 parts done"' in bar.group(0)
    assert ">50%</progress>" in bar.group(0)


def test_a_programme_without_modules_says_so(app, client):
    with app.app_context():
        username = make_user(programme=make_programme()).username
    log_in(client, SimpleNamespace(username=username))
    markup = page(client, "/training")
    assert "Your programme has not chosen any modules yet." in markup
    assert "Continue where you left off" not in markup


# --- continue where you left off --------------------------------------------------


def test_my_training_says_start_before_anything_is_done(client, trainee):
    markup = page(client, "/training")
    assert '<a class="button" href="/training/continue">Start your training</a>' in markup
    assert "Continue where you left off" not in markup


def test_my_training_offers_continue_where_you_left_off(client, trainee):
    done(client, trainee, "beta", "only-section")
    markup = page(client, "/training")
    assert '<a class="button" href="/training/continue">Continue where you left off</a>' in markup
    assert "Start your training" not in markup


def continue_location(client) -> str:
    response = client.get("/training/continue")
    assert response.status_code == 302
    return response.headers["Location"]


def test_continue_starts_at_the_first_section_before_anything_is_done(client, trainee):
    assert continue_location(client).endswith("/training/alpha#getting-started")


def test_continue_goes_to_the_next_unfinished_section(client, trainee):
    done(client, trainee, "alpha", "getting-started")
    assert continue_location(client).endswith("/training/alpha#part-two")


def test_continue_goes_to_the_module_worked_on_last(client, trainee):
    done(client, trainee, "alpha", "getting-started")
    done(client, trainee, "gamma", "g-one")
    assert continue_location(client).endswith("/training/gamma#g-two")


def test_continue_goes_back_to_a_skipped_section_of_the_module_worked_on_last(client, trainee):
    done(client, trainee, "gamma", "g-two")
    assert continue_location(client).endswith("/training/gamma#g-one")


def test_continue_after_everything_is_done_goes_to_my_training(client, trainee):
    for module_id, section_id in [
        ("alpha", "getting-started"),
        ("alpha", "part-two"),
        ("beta", "only-section"),
        ("gamma", "g-one"),
        ("gamma", "g-two"),
    ]:
        done(client, trainee, module_id, section_id)
    assert continue_location(client).endswith("/training")
    markup = page(client, "/training")
    assert "Continue where you left off" not in markup and "Start your training" not in markup


# --- private reflections ------------------------------------------------------------


def save_reflection(client, trainee, text: str, *, token: bool = True):
    data = {REFLECTION_FIELD: text}
    if token:
        data[REFLECTION_CSRF] = trainee.token
    return client.post(REFLECTION_URL, data=data)


def textarea(markup: str) -> str:
    match = re.search(
        rf'<textarea[^>]*name="{REFLECTION_FIELD}"[^>]*>(.*?)</textarea>', markup, re.S
    )
    assert match, "no reflection box"
    return html.unescape(match.group(1)).strip("\r\n")


def test_the_reflection_prompt_has_a_private_answer_form(client, trainee):
    markup = page(client, "/training/alpha")
    form = re.search(rf'<form method="post" action="{REFLECTION_URL}".*?</form>', markup, re.S)
    assert form
    assert f'name="{REFLECTION_CSRF}"' in form.group(0)
    assert "Your answer to “Think about it” Only you can see this." in text_of(form.group(0))


def test_saving_a_reflection_keeps_it_for_the_trainee(app, client, trainee):
    response = save_reflection(client, trainee, "I noticed I talk too fast.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/training/alpha#reflection-part-two-think-about-it"
    )
    [row] = reflections(app)
    assert (row.user_id, row.module_id, row.block_key, row.text) == (
        trainee.id,
        "alpha",
        REFLECTION_KEY,
        "I noticed I talk too fast.",
    )
    markup = page(client, "/training/alpha")
    form = re.search(rf'<form method="post" action="{REFLECTION_URL}".*?</form>', markup, re.S)
    # Said beside the box, with the time, not in a message at the top of the page.
    assert re.search(r'role="status">.*Saved today at \d\d:\d\d', form.group(0), re.S)
    assert 'class="flashes"' not in markup
    assert textarea(markup) == "I noticed I talk too fast."


def test_a_reflection_can_be_edited_later(app, client, trainee):
    save_reflection(client, trainee, "First thoughts.")
    save_reflection(client, trainee, "Second thoughts.")
    assert [r.text for r in reflections(app)] == ["Second thoughts."]
    assert textarea(page(client, "/training/alpha")) == "Second thoughts."


@pytest.mark.parametrize("empty", ["", "   \n  "])
def test_saving_an_empty_reflection_deletes_it(app, client, trainee, empty):
    save_reflection(client, trainee, "Something I no longer want kept.")
    assert save_reflection(client, trainee, empty).status_code == 302
    assert reflections(app) == []
    assert textarea(page(client, "/training/alpha")) == ""


def test_a_reflection_of_exactly_5000_characters_is_saved(app, client, trainee):
    assert save_reflection(client, trainee, "a" * 5000).status_code == 302
    assert len(reflections(app)[0].text) == 5000


def test_a_reflection_over_5000_characters_comes_back_with_the_message_and_the_text(
    app, client, trainee
):
    typed = "My long answer. " + "b" * 5000
    response = save_reflection(client, trainee, typed)
    assert response.status_code == 400
    markup = response.get_data(as_text=True)
    assert "Please keep it under 5,000 characters." in markup
    assert textarea(markup) == typed
    assert reflections(app) == []


def test_an_over_long_edit_keeps_the_saved_answer(app, client, trainee):
    save_reflection(client, trainee, "Kept.")
    assert save_reflection(client, trainee, "c" * 5001).status_code == 400
    assert [r.text for r in reflections(app)] == ["Kept."]


def test_saving_a_reflection_without_a_csrf_token_is_refused(app, client, trainee):
    assert save_reflection(client, trainee, "No token.", token=False).status_code == 400
    assert reflections(app) == []


def test_a_reflection_for_an_unknown_prompt_is_not_found(app, client, trainee):
    response = client.post(
        "/training/alpha/part-two/reflections/no-such-prompt",
        data={"csrf_token": trainee.token, "no-such-prompt-text": "x"},
    )
    assert response.status_code == 404
    assert reflections(app) == []


def test_another_trainee_never_sees_a_reflection(app, client, trainee):
    save_reflection(client, trainee, "PRIVATE-ANSWER-OF-ONE")
    other = new_trainee(app, trainee.programme_id)
    other_client = app.test_client()
    log_in(other_client, other)
    markup = page(other_client, "/training/alpha")
    assert "PRIVATE-ANSWER-OF-ONE" not in markup
    assert textarea(markup) == ""


def test_a_trainer_of_the_programme_never_sees_a_reflection(app, client, trainee):
    save_reflection(client, trainee, "PRIVATE-ANSWER-OF-ONE")
    done(client, trainee, "alpha", "part-two")
    with app.app_context():
        programme = db.session.get(Programme, trainee.programme_id)
        trainer = make_user(role="trainer", trainer_of=[programme])
        trainer_name = trainer.username
    trainer_client = app.test_client()
    log_in(trainer_client, SimpleNamespace(username=trainer_name))
    base = f"/programmes/{trainee.programme_id}"
    for url in [
        "/programmes",
        base,
        f"{base}?sort=activity",
        f"{base}/trainees/{trainee.id}",
        f"{base}/progress.csv",
        "/modules/alpha",
    ]:
        response = trainer_client.get(url)
        assert response.status_code == 200, url
        assert b"PRIVATE-ANSWER-OF-ONE" not in response.data, url
    assert trainer_client.get("/training/alpha").status_code == 403
