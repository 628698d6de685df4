"""The curriculum editor: a trainer's page for putting a programme's modules in order,
making them required or optional, taking them out and adding more from the library."""

from __future__ import annotations

import html
import re
from datetime import datetime
from types import SimpleNamespace

import pytest

from mentorhub.extensions import db
from mentorhub.learning.curriculum import set_curriculum
from mentorhub.models import Programme, SectionProgress, User
from tests.factories import csrf_token, log_in, make_programme, make_user, write_module

TWO_PARTS = "## Part one {#one}\n\nFirst.\n\n## Part two {#two}\n\nSecond.\n"
START = [("ground-rules", True), ("listening", True), ("first-flat", False)]


@pytest.fixture
def app_config(app_config, tmp_path):
    """A small library. Ground rules (40 min + 2 h), Listening well (35 min + 1 h 40) and
    Your first flat (40 min + 2 h) start in the curriculum: 7 hours 35 minutes in all.
    Paying the rent (housing), Running a group (group work) and Residential weekend (group
    work, 1 h + 15 h) can be added."""
    content = tmp_path / "content"
    modules = [
        ("ground-rules", "Ground rules", ["core"], 40, 120),
        ("listening", "Listening well", ["core"], 35, 100),
        ("first-flat", "Your first flat", ["housing"], 40, 120),
        ("rent", "Paying the rent", ["housing", "transitions"], 30, None),
        ("groups", "Running a group", ["group-work"], 35, None),
        ("residential", "Residential weekend", ["group-work"], 60, 900),
    ]
    for order, (module_id, title, focus, minutes, face_to_face) in enumerate(modules):
        write_module(
            content,
            module_id,
            TWO_PARTS,
            title=title,
            focus=focus,
            order=order,
            duration_minutes=minutes,
            face_to_face_minutes=face_to_face,
            summary=f"All about {title.lower()}.",
            objectives=[f"Explain {title.lower()}", "Know who to ask"],
        )
    return {**app_config, "CONTENT_DIR": str(content)}


@pytest.fixture
def world(app) -> SimpleNamespace:
    """Programme A (START) with a trainer, a trainee part way through Your first flat;
    Programme B (the same curriculum) with its own trainer; an evaluator and an admin."""
    with app.app_context():
        a = make_programme(name="Programme A", focus=["housing"])
        b = make_programme(name="Programme B", focus=["housing"])
        for programme in (a, b):
            set_curriculum(programme, START)
        trainee = make_user(programme=a, display_name="Aileen Abbot", username="aileen")
        db.session.add(
            SectionProgress(
                user_id=trainee.id,
                learner_key=trainee.learner_key,
                programme_id=a.id,
                module_id="first-flat",
                section_id="one",
                module_version=1,
                done_at=datetime(2024, 5, 1, 10, 0),
            )
        )
        db.session.commit()
        make_user("trainer", trainer_of=[a], username="trainer-a")
        make_user("trainer", trainer_of=[b], username="trainer-b")
        make_user("evaluator", username="evaluator")
        make_user("admin", username="admin")
        return SimpleNamespace(a=a.id, b=b.id, trainee="aileen")


def logged_in(app, username: str):
    client = app.test_client()
    log_in(client, SimpleNamespace(username=username))
    return client


@pytest.fixture
def trainer(app, world):
    return logged_in(app, "trainer-a")


def editor_url(programme_id: int, suffix: str = "") -> str:
    return f"/programmes/{programme_id}/curriculum{suffix}"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def post(client, url: str, token: bool = True, **data):
    if token:
        data["csrf_token"] = csrf_token(client, "/programmes")
    return client.post(url, data=data)


def action(client, programme_id: int, module_id: str, what: str, **data):
    return post(client, editor_url(programme_id, f"/{module_id}/{what}"), **data)


def curriculum_of(app, programme_id: int) -> list[tuple[str, bool]]:
    with app.app_context():
        programme = db.session.get(Programme, programme_id)
        return [(item.module_id, item.required) for item in programme.curriculum]


def modules_section(markup: str) -> str:
    return markup.split('<section id="modules"')[1].split("</section>")[0]


def library_section(markup: str) -> str:
    return markup.split('<section id="library"')[1].split("</section>")[0]


def row_titles(markup: str) -> list[str]:
    return [
        text_of(title)
        for title in re.findall(
            r'<h3 class="curriculum__title">(.*?)</h3>', modules_section(markup)
        )
    ]


def library_titles(markup: str) -> list[str]:
    return [
        text_of(title)
        for title in re.findall(r'<h3 class="card__title">(.*?)</h3>', library_section(markup))
    ]


def flashes(client, response) -> str:
    """The messages on the page a POST redirected to."""
    markup = page(client, response.headers["Location"])
    return " ".join(text_of(m) for m in re.findall(r'<p class="flash[^"]*">(.*?)</p>', markup))


# --- the page -------------------------------------------------------------------------


def test_the_page_lists_the_curriculum_in_order_with_time_and_setting(trainer, world):
    markup = page(trainer, editor_url(world.a))
    assert row_titles(markup) == ["1. Ground rules", "2. Listening well", "3. Your first flat"]
    rows = re.findall(r'<li class="curriculum__item"[^>]*>(.*?)</li>', markup, re.S)
    assert "Required About 40 minutes online, plus 2 hours face to face" in text_of(rows[0])
    assert "Optional About 40 minutes online, plus 2 hours face to face" in text_of(rows[2])
    assert "Required About 35 minutes online, plus 1 hour 40 minutes face to face" in text_of(
        rows[1]
    )


def test_each_row_has_an_anchor_to_come_back_to(trainer, world):
    markup = page(trainer, editor_url(world.a))
    assert re.findall(r'<li class="curriculum__item" id="([^"]+)"', markup) == [
        "module-ground-rules",
        "module-listening",
        "module-first-flat",
    ]


def test_the_page_shows_the_total_time_including_face_to_face(trainer, world):
    text = text_of(page(trainer, editor_url(world.a)))
    assert "Total: 7 hours 35 minutes, of which 5 hours 40 minutes face to face." in text


def test_under_twenty_hours_a_gentle_note_says_so(trainer, world):
    text = text_of(page(trainer, editor_url(world.a)))
    assert "suggests at least 20 hours of training in all" in text


def test_at_twenty_hours_or_more_the_note_goes(app, trainer, world):
    action(trainer, world.a, "residential", "add", required="no")
    text = text_of(page(trainer, editor_url(world.a)))
    assert "Total: 23 hours 35 minutes, of which 20 hours 40 minutes face to face." in text
    assert "20 hours" not in text.replace("20 hours 40 minutes", "")


def test_a_curriculum_without_group_sessions_says_nothing_about_face_to_face(app, trainer, world):
    with app.app_context():
        set_curriculum(db.session.get(Programme, world.a), [("rent", True)])
        db.session.commit()
    text = text_of(page(trainer, editor_url(world.a)))
    assert "Total: 30 minutes." in text
    assert "face to face" not in text


def test_an_empty_curriculum_invites_the_trainer_to_add_modules(app, trainer, world):
    with app.app_context():
        set_curriculum(db.session.get(Programme, world.a), [])
        db.session.commit()
    markup = page(trainer, editor_url(world.a))
    assert "There are no modules in this programme yet." in text_of(markup)
    assert "Total:" not in markup
    assert len(library_titles(markup)) == 6


def test_the_first_row_cannot_move_up_and_the_last_cannot_move_down(trainer, world):
    section = modules_section(page(trainer, editor_url(world.a)))
    names = [text_of(b) for b in re.findall(r"<button[^>]*>(.*?)</button>", section)]
    assert "Move “Ground rules” up" not in names
    assert "Move “Your first flat” down" not in names
    assert names == [
        "Move “Ground rules” down",
        "Move “Ground rules”",  # to the number chosen beside it
        "Make “Ground rules” optional",
        "Remove “Ground rules”",
        "Move “Listening well” up",
        "Move “Listening well” down",
        "Move “Listening well”",
        "Make “Listening well” optional",
        "Remove “Listening well”",
        "Move “Your first flat” up",
        "Move “Your first flat”",
        "Make “Your first flat” required",
        "Remove “Your first flat”",
    ]


def test_the_module_title_is_hidden_text_in_each_button(trainer, world):
    """Sighted people see "Move up"; a screen reader hears which module it moves."""
    markup = page(trainer, editor_url(world.a))
    assert 'Move<span class="visually-hidden"> “Listening well”</span> up</button>' in markup


def test_every_form_carries_a_csrf_token(trainer, world):
    markup = page(trainer, editor_url(world.a))
    forms = re.findall(r'<form method="post".*?</form>', markup, re.S)
    assert len(forms) > 10
    assert all('name="csrf_token"' in form for form in forms)


def test_a_module_gone_from_the_library_is_shown_so_it_can_be_removed(app, trainer, world):
    with app.app_context():
        set_curriculum(db.session.get(Programme, world.a), [*START, ("old-module", True)])
        db.session.commit()
    markup = page(trainer, editor_url(world.a))
    assert row_titles(markup)[-1] == "4. old-module"
    assert "This module is no longer in the library, so trainees do not see it." in text_of(markup)
    response = action(trainer, world.a, "old-module", "remove")
    assert response.status_code == 302
    assert [m for m, _ in curriculum_of(app, world.a)] == [
        "ground-rules",
        "listening",
        "first-flat",
    ]


# --- moving ---------------------------------------------------------------------------


def test_moving_a_module_up(app, trainer, world):
    response = action(trainer, world.a, "listening", "move", direction="up")
    assert response.status_code == 302
    assert curriculum_of(app, world.a) == [
        ("listening", True),
        ("ground-rules", True),
        ("first-flat", False),
    ]
    assert flashes(trainer, response) == "Moved “Listening well” up."


def test_moving_a_module_down(app, trainer, world):
    action(trainer, world.a, "ground-rules", "move", direction="down")
    assert [m for m, _ in curriculum_of(app, world.a)] == [
        "listening",
        "ground-rules",
        "first-flat",
    ]


def test_after_a_move_the_trainer_is_back_at_the_module_s_row(trainer, world):
    response = action(trainer, world.a, "listening", "move", direction="down")
    assert response.headers["Location"] == editor_url(world.a, "#module-listening")


def test_the_page_shows_the_new_order(trainer, world):
    action(trainer, world.a, "first-flat", "move", direction="up")
    assert row_titles(page(trainer, editor_url(world.a))) == [
        "1. Ground rules",
        "2. Your first flat",
        "3. Listening well",
    ]


@pytest.mark.parametrize(
    ("module_id", "direction", "message"),
    [
        ("ground-rules", "up", "“Ground rules” is already first."),
        ("first-flat", "down", "“Your first flat” is already last."),
    ],
)
def test_moving_past_the_end_changes_nothing_and_says_so(
    app, trainer, world, module_id, direction, message
):
    response = action(trainer, world.a, module_id, "move", direction=direction)
    assert response.status_code == 302
    assert curriculum_of(app, world.a) == START
    assert flashes(trainer, response) == message


@pytest.mark.parametrize("direction", ["sideways", ""])
def test_an_unknown_direction_is_a_bad_request(app, trainer, world, direction):
    assert action(trainer, world.a, "listening", "move", direction=direction).status_code == 400
    assert curriculum_of(app, world.a) == START


def test_the_trainee_sees_the_new_order(app, trainer, world):
    action(trainer, world.a, "first-flat", "move", direction="up")
    markup = page(logged_in(app, world.trainee), "/training")
    titles = re.findall(r'<h2 class="curriculum__title"><a [^>]*>([^<]+)</a>', markup)
    assert titles == ["Ground rules", "Your first flat", "Listening well"]


# --- required or optional ---------------------------------------------------------------


def test_making_a_required_module_optional(app, trainer, world):
    response = action(trainer, world.a, "listening", "required", required="no")
    assert response.status_code == 302
    assert dict(curriculum_of(app, world.a))["listening"] is False
    assert response.headers["Location"] == editor_url(world.a, "#module-listening")
    assert flashes(trainer, response) == "“Listening well” is now optional."


def test_making_an_optional_module_required(app, trainer, world):
    response = action(trainer, world.a, "first-flat", "required", required="yes")
    assert curriculum_of(app, world.a)[2] == ("first-flat", True)
    assert flashes(trainer, response) == "“Your first flat” is now required."
    markup = page(trainer, editor_url(world.a))
    assert 'Make<span class="visually-hidden"> “Your first flat”</span> optional' in markup


def test_setting_required_twice_leaves_it_as_asked(app, trainer, world):
    action(trainer, world.a, "first-flat", "required", required="yes")
    action(trainer, world.a, "first-flat", "required", required="yes")
    assert dict(curriculum_of(app, world.a))["first-flat"] is True


def test_an_unknown_required_value_is_a_bad_request(app, trainer, world):
    assert action(trainer, world.a, "listening", "required", required="maybe").status_code == 400
    assert curriculum_of(app, world.a) == START


# --- removing ---------------------------------------------------------------------------


def test_removing_a_module(app, trainer, world):
    response = action(trainer, world.a, "listening", "remove")
    assert response.status_code == 302
    assert curriculum_of(app, world.a) == [("ground-rules", True), ("first-flat", False)]
    markup = page(trainer, response.headers["Location"])
    undo = re.search(r'<div class="notice notice--success undo".*?</div>', markup, re.S).group(0)
    assert text_of(undo).startswith(
        "Removed “Listening well”. Trainees keep any progress on it if you put it back."
    )
    assert f'action="/programmes/{world.a}/curriculum/listening/restore"' in undo
    assert '<input type="hidden" name="position" value="2">' in undo
    assert '<input type="hidden" name="required" value="yes">' in undo
    assert 'class="flashes"' not in markup  # said once, with its button, not twice


def test_undoing_a_removal_puts_the_module_back_where_it_was(app, trainer, world):
    action(trainer, world.a, "listening", "remove")
    response = action(trainer, world.a, "listening", "restore", position="2", required="yes")
    assert response.status_code == 302
    assert response.headers["Location"] == editor_url(world.a, "#module-listening")
    assert curriculum_of(app, world.a) == START
    assert flashes(trainer, response) == "Put “Listening well” back as number 2."
    again = action(trainer, world.a, "listening", "restore", position="2", required="yes")
    assert flashes(trainer, again) == "“Listening well” is already in the curriculum."
    assert curriculum_of(app, world.a) == START


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"position": "9", "required": "yes"}, 400),
        ({"position": "0", "required": "yes"}, 400),
        ({"position": "two", "required": "yes"}, 400),
        ({"position": "1", "required": "maybe"}, 400),
    ],
)
def test_a_bad_undo_is_refused(app, trainer, world, data, status):
    action(trainer, world.a, "listening", "remove")
    assert action(trainer, world.a, "listening", "restore", **data).status_code == status
    assert "listening" not in [m for m, _ in curriculum_of(app, world.a)]


def test_undo_of_a_module_not_in_the_library_is_not_found(trainer, world):
    assert (
        action(trainer, world.a, "nowhere", "restore", position="1", required="yes").status_code
        == 404
    )


# --- moving straight to a position --------------------------------------------------------


def test_a_module_moves_straight_to_the_position_chosen(app, trainer, world):
    response = action(trainer, world.a, "first-flat", "position", position="1")
    assert response.headers["Location"] == editor_url(world.a, "#module-first-flat")
    assert [m for m, _ in curriculum_of(app, world.a)] == [
        "first-flat",
        "ground-rules",
        "listening",
    ]
    assert flashes(trainer, response) == "Moved “Your first flat” to number 1."
    same = action(trainer, world.a, "first-flat", "position", position="1")
    assert flashes(trainer, same) == "“Your first flat” is already number 1."


def test_each_row_offers_every_position_with_its_own_selected(trainer, world):
    markup = page(trainer, editor_url(world.a))
    select = re.search(r'<select[^>]*id="position-listening".*?</select>', markup, re.S).group(0)
    assert re.findall(r'<option value="(\d)"', select) == ["1", "2", "3"]
    assert '<option value="2" selected>' in select
    assert '<label for="position-listening">Move to number' in markup


@pytest.mark.parametrize("position", ["0", "4", "", "first", "-1"])
def test_a_position_outside_the_list_is_refused(app, trainer, world, position):
    response = action(trainer, world.a, "listening", "position", position=position)
    assert response.status_code == 400
    assert curriculum_of(app, world.a) == START


@pytest.mark.parametrize("who", ["trainer-b", "evaluator"])
def test_only_the_programme_s_staff_move_or_restore(app, world, who):
    client = logged_in(app, who)
    moved = action(client, world.a, "listening", "position", position="1")
    restored = action(client, world.a, "listening", "restore", position="1", required="yes")
    assert (moved.status_code, restored.status_code) == (403, 403)
    assert curriculum_of(app, world.a) == START


@pytest.mark.parametrize(
    ("module_id", "anchor"),
    [("ground-rules", "#module-listening"), ("first-flat", "#module-listening")],
)
def test_after_removing_the_trainer_is_at_the_row_that_took_its_place(
    trainer, world, module_id, anchor
):
    response = action(trainer, world.a, module_id, "remove")
    assert response.headers["Location"] == editor_url(world.a, anchor)


def test_removing_the_last_module_goes_back_to_the_list(app, trainer, world):
    for module_id, _ in START:
        response = action(trainer, world.a, module_id, "remove")
    assert response.headers["Location"] == editor_url(world.a, "#modules")
    assert curriculum_of(app, world.a) == []


def test_a_removed_module_is_back_in_the_library_list(trainer, world):
    action(trainer, world.a, "listening", "remove")
    assert "Listening well" in library_titles(page(trainer, editor_url(world.a)))


def test_removing_twice_is_not_an_error(app, trainer, world):
    action(trainer, world.a, "listening", "remove")
    response = action(trainer, world.a, "listening", "remove")
    assert response.status_code == 302
    assert flashes(trainer, response) == "“Listening well” is not in the curriculum."


def test_removing_keeps_progress_and_adding_back_brings_it_back(app, trainer, world):
    action(trainer, world.a, "first-flat", "remove")
    with app.app_context():
        kept = db.session.query(SectionProgress).filter_by(module_id="first-flat").count()
    assert kept == 1
    action(trainer, world.a, "first-flat", "add", required="no")
    markup = page(trainer, f"/programmes/{world.a}")
    row = re.search(r"Aileen Abbot</a>.*?</tr>", markup, re.S).group(0)
    assert "In progress (1/2)" in row


# --- adding ---------------------------------------------------------------------------


def test_the_library_lists_only_modules_not_yet_in_the_curriculum(trainer, world):
    markup = page(trainer, editor_url(world.a))
    assert library_titles(markup) == ["Paying the rent", "Running a group", "Residential weekend"]
    assert "3 modules you can add." in text_of(library_section(markup))


def test_each_library_module_shows_its_summary_time_and_objectives(trainer, world):
    section = library_section(page(trainer, editor_url(world.a)))
    card = section.split('id="add-residential"')[1].split("</li>\n")[0]
    text = text_of(card)
    assert "All about residential weekend." in text
    assert "About 1 hour online, plus a 15-hour group session" in text
    assert re.search(r"<details[^>]*>\s*<summary>What trainees will learn", card)
    assert "Explain residential weekend" in text and "Know who to ask" in text


def test_adding_a_module_as_optional_puts_it_at_the_end(app, trainer, world):
    response = action(trainer, world.a, "groups", "add", required="no")
    assert response.status_code == 302
    assert curriculum_of(app, world.a) == [*START, ("groups", False)]
    assert flashes(trainer, response) == (
        "Added “Running a group” at the end of the curriculum, as optional."
    )


def test_adding_a_module_as_required(app, trainer, world):
    response = action(trainer, world.a, "rent", "add", required="yes")
    assert curriculum_of(app, world.a)[-1] == ("rent", True)
    assert "as required." in flashes(trainer, response)


def test_after_adding_the_trainer_is_at_the_next_module_in_the_library(trainer, world):
    response = action(trainer, world.a, "rent", "add", required="no")
    assert response.headers["Location"] == editor_url(world.a, "#add-groups")
    response = action(trainer, world.a, "residential", "add", required="no")
    assert response.headers["Location"] == editor_url(world.a, "#add-groups")
    response = action(trainer, world.a, "groups", "add", required="no")
    assert response.headers["Location"] == editor_url(world.a, "#library")


def test_adding_keeps_the_library_filter(trainer, world):
    response = action(trainer, world.a, "groups", "add", required="no", focus="group-work")
    assert response.headers["Location"] == editor_url(world.a, "?focus=group-work#add-residential")


def test_a_made_up_filter_in_a_form_is_dropped(trainer, world):
    response = action(trainer, world.a, "listening", "move", direction="up", focus="<script>")
    assert response.headers["Location"] == editor_url(world.a, "#module-listening")


def test_adding_a_module_already_there_changes_nothing(app, trainer, world):
    response = action(trainer, world.a, "listening", "add", required="no")
    assert response.status_code == 302
    assert curriculum_of(app, world.a) == START
    assert flashes(trainer, response) == "“Listening well” is already in the curriculum."


def test_adding_without_choosing_required_or_optional_is_a_bad_request(app, trainer, world):
    assert action(trainer, world.a, "groups", "add").status_code == 400
    assert curriculum_of(app, world.a) == START


def test_every_library_module_in_the_curriculum_leaves_nothing_to_add(app, trainer, world):
    for module_id in ("rent", "groups", "residential"):
        action(trainer, world.a, module_id, "add", required="no")
    markup = page(trainer, editor_url(world.a))
    assert library_titles(markup) == []
    assert "Every module in the library is already in this programme." in text_of(markup)


# --- the focus filter -------------------------------------------------------------------


def test_the_focus_filter_shows_only_modules_with_that_tag(trainer, world):
    markup = page(trainer, editor_url(world.a, "?focus=group-work"))
    assert library_titles(markup) == ["Running a group", "Residential weekend"]
    assert "2 modules about peer-led group work you can add." in text_of(markup)


def test_the_focus_filter_leaves_out_modules_already_in_the_curriculum(trainer, world):
    markup = page(trainer, editor_url(world.a, "?focus=housing"))
    assert library_titles(markup) == ["Paying the rent"]  # Your first flat is already in


def test_the_filter_offers_tags_with_modules_to_add_and_marks_the_one_in_use(trainer, world):
    markup = page(trainer, editor_url(world.a, "?focus=housing"))
    chips = re.findall(r'<a class="chip" href="([^"]+)"([^>]*)>(.*?)</a>', markup, re.S)
    assert [(href, text_of(label)) for href, _, label in chips] == [
        (editor_url(world.a, "#library"), "Everything"),
        (editor_url(world.a, "?focus=transitions#library"), "Moving on from care (1)"),
        (editor_url(world.a, "?focus=housing#library"), "Housing and tenancy (1)"),
        (editor_url(world.a, "?focus=group-work#library"), "Peer-led group work (2)"),
    ]
    assert [text_of(label) for _, attrs, label in chips if 'aria-current="page"' in attrs] == [
        "Housing and tenancy (1)"
    ]


def test_a_filter_with_nothing_left_to_add_says_so(trainer, world):
    action(trainer, world.a, "rent", "add", required="no")
    markup = page(trainer, editor_url(world.a, "?focus=housing"))
    assert library_titles(markup) == []
    assert "There is nothing more about housing and tenancy to add." in text_of(markup)
    assert 'aria-current="page">Housing and tenancy' in markup


def test_the_forms_carry_the_filter_so_it_survives_each_change(trainer, world):
    markup = page(trainer, editor_url(world.a, "?focus=housing")).split("<main")[1]
    forms = re.findall(r'<form method="post".*?</form>', markup, re.S)
    assert len(forms) == 14  # thirteen in the rows (three to move straight), one to add
    assert all('<input type="hidden" name="focus" value="housing">' in form for form in forms)


def test_an_unknown_focus_is_not_found(trainer, world):
    assert trainer.get(editor_url(world.a, "?focus=nonsense")).status_code == 404


# --- the programme page -------------------------------------------------------------------


def test_the_programme_page_shows_the_curriculum_read_only_with_a_link(trainer, world):
    markup = page(trainer, f"/programmes/{world.a}")
    section = markup.split('<section id="curriculum"')[1].split("</section>")[0]
    assert "<form" not in section and "<input" not in section
    assert [text_of(item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)] == [
        "Ground rules (required; 40 minutes online, 2 hours face to face)",
        "Listening well (required; 35 minutes online, 1 hour 40 minutes face to face)",
        "Your first flat (optional; 40 minutes online, 2 hours face to face)",
    ]
    assert "Total: 7 hours 35 minutes, of which 5 hours 40 minutes face to face." in text_of(
        section
    )
    assert f'href="{editor_url(world.a)}">Change the curriculum</a>' in section


def test_an_evaluator_s_programme_page_has_no_link_to_the_editor(app, world):
    markup = page(logged_in(app, "evaluator"), f"/programmes/{world.a}")
    assert editor_url(world.a) not in markup


# --- who may change it ------------------------------------------------------------------

REQUESTS = {
    "page": ("get", "", {}),
    "move": ("post", "/listening/move", {"direction": "up"}),
    "required": ("post", "/listening/required", {"required": "no"}),
    "remove": ("post", "/listening/remove", {}),
    "add": ("post", "/groups/add", {"required": "yes"}),
}


def send(client, programme_id: int, name: str):
    method, suffix, data = REQUESTS[name]
    if method == "get":
        return client.get(editor_url(programme_id, suffix))
    return post(client, editor_url(programme_id, suffix), **data)


@pytest.mark.parametrize("name", REQUESTS)
def test_a_trainer_of_another_programme_is_forbidden_and_nothing_changes(app, world, name):
    other = logged_in(app, "trainer-b")
    assert send(other, world.a, name).status_code == 403
    assert curriculum_of(app, world.a) == START


@pytest.mark.parametrize("name", REQUESTS)
def test_an_evaluator_is_forbidden(app, world, name):
    assert send(logged_in(app, "evaluator"), world.a, name).status_code == 403
    assert curriculum_of(app, world.a) == START


@pytest.mark.parametrize("name", REQUESTS)
def test_a_trainee_is_forbidden(app, world, name):
    assert send(logged_in(app, world.trainee), world.a, name).status_code == 403
    assert curriculum_of(app, world.a) == START


@pytest.mark.parametrize("name", REQUESTS)
def test_an_admin_may_change_any_programme(app, world, name):
    expected = 200 if name == "page" else 302
    assert send(logged_in(app, "admin"), world.b, name).status_code == expected


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(editor_url(world.a))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("name", [n for n in REQUESTS if n != "page"])
def test_a_change_without_a_csrf_token_is_refused(app, trainer, world, name):
    _method, suffix, data = REQUESTS[name]
    assert post(trainer, editor_url(world.a, suffix), token=False, **data).status_code == 400
    assert curriculum_of(app, world.a) == START


# --- not found ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", REQUESTS)
def test_an_unknown_programme_is_not_found(app, world, name):
    assert send(logged_in(app, "admin"), 99999, name).status_code == 404


@pytest.mark.parametrize(
    ("suffix", "data"),
    [
        ("/groups/move", {"direction": "up"}),  # in the library, not in the curriculum
        ("/groups/required", {"required": "yes"}),
        ("/no-such-module/move", {"direction": "up"}),
        ("/no-such-module/required", {"required": "yes"}),
        ("/no-such-module/remove", {}),
        ("/no-such-module/add", {"required": "yes"}),
    ],
)
def test_a_module_not_in_the_curriculum_or_library_is_not_found(app, trainer, world, suffix, data):
    assert post(trainer, editor_url(world.a, suffix), **data).status_code == 404
    assert curriculum_of(app, world.a) == START


def test_a_trainer_of_another_programme_gets_403_not_404_for_unknown_modules(app, world):
    """Who may is checked before what exists, so the answer does not reveal the curriculum."""
    other = logged_in(app, "trainer-b")
    response = post(other, editor_url(world.a, "/no-such-module/remove"))
    assert response.status_code == 403


def test_the_users_are_who_the_tests_think(app, world):
    with app.app_context():
        trainer_a = db.session.query(User).filter_by(username="trainer-a").one()
        assert [p.id for p in trainer_a.trainer_of] == [world.a]
