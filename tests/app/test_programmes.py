"""Trainer pages: the progress grid, its CSV, trainee detail, who may see what,
join codes, the curriculum and moving a trainee between programmes."""

from __future__ import annotations

import csv
import html
import io
import re
import shutil
from datetime import datetime
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.learning.curriculum import set_curriculum
from mentorhub.learning.join_codes import ALPHABET
from mentorhub.models import ModuleCompletion, Programme, SectionProgress, User
from tests.factories import (
    FIXTURES,
    PASSWORD,
    csrf_token,
    log_in,
    make_programme,
    make_user,
    write_module,
)

GAMMA = "## Gamma one {#g-one}\n\nFirst.\n\n## Gamma two {#g-two}\n\nSecond.\n"
MAY_1 = datetime(2024, 5, 1, 10, 0)
JUNE_9 = datetime(2024, 6, 9, 15, 30)


@pytest.fixture
def app_config(app_config, tmp_path):
    """Fixture content (alpha: core, 2 parts; beta: housing, 1 part) and gamma
    (transitions, 2 parts)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    write_module(content, "gamma", GAMMA, title="Gamma module", focus=["transitions"], order=30)
    return {**app_config, "CONTENT_DIR": str(content)}


def record(user: User, programme: Programme, module_id: str, section_id: str, when: datetime):
    """A section done at a known time (inside an app context)."""
    db.session.add(
        SectionProgress(
            user_id=user.id,
            learner_key=user.learner_key,
            programme_id=programme.id,
            module_id=module_id,
            section_id=section_id,
            module_version=1,
            done_at=when,
        )
    )


def complete(user: User, programme: Programme, module_id: str, when: datetime):
    db.session.add(
        ModuleCompletion(
            user_id=user.id,
            learner_key=user.learner_key,
            programme_id=programme.id,
            module_id=module_id,
            module_version=1,
            completed_at=when,
        )
    )


@pytest.fixture
def world(app) -> SimpleNamespace:
    """Programme A (alpha required; beta, gamma optional) with three trainees: Aileen
    (alpha in progress, 1 May), Bruce (alpha complete, 9 June), Callum (nothing yet).
    Programme B with one trainee, Programme C (alpha only). A trainer of A and C, a
    trainer of B, an evaluator and an admin."""
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        a = make_programme(modules, name="Programme A", focus=["transitions"])
        b = make_programme(modules, name="Programme B", focus=["transitions"])
        c = make_programme(modules, name="Programme C", focus=[])
        aileen = make_user(programme=a, display_name="Aileen Abbot", username="aileen")
        bruce = make_user(programme=a, display_name="Bruce Brown", username="bruce")
        callum = make_user(programme=a, display_name="Callum Craig", username="callum")
        bella = make_user(programme=b, display_name="Bella Bain", username="bella")
        record(aileen, a, "alpha", "getting-started", MAY_1)
        record(bruce, a, "alpha", "getting-started", JUNE_9)
        record(bruce, a, "alpha", "part-two", JUNE_9)
        complete(bruce, a, "alpha", JUNE_9)
        record(bella, b, "alpha", "getting-started", MAY_1)
        db.session.commit()
        trainer_ac = make_user(role="trainer", trainer_of=[a, c], username="trainer-ac")
        trainer_b = make_user(role="trainer", trainer_of=[b], username="trainer-b")
        evaluator = make_user(role="evaluator", username="evaluator")
        admin = make_user(role="admin", username="admin")
        return SimpleNamespace(
            a=a.id,
            b=b.id,
            c=c.id,
            a_code=a.join_code,
            aileen=aileen.id,
            bruce=bruce.id,
            callum=callum.id,
            bella=bella.id,
            trainer_ac=trainer_ac.username,
            trainer_b=trainer_b.username,
            evaluator=evaluator.username,
            admin=admin.username,
        )


def logged_in(app, username: str):
    client = app.test_client()
    log_in(client, SimpleNamespace(username=username))
    return client


@pytest.fixture
def trainer(app, world):
    """A client logged in as the trainer of A and C."""
    return logged_in(app, world.trainer_ac)


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def text_of(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def grid_rows(markup: str) -> dict[str, list[str]]:
    """Trainee display name -> their last activity, then each module's state as a screen
    reader hears it (the cells show an icon and a short count, the words are hidden)."""
    rows = {}
    for row in re.findall(r"<tr>\s*<th scope=\"row\"[^>]*>.*?</tr>", markup, re.S):
        name = re.search(r'<th scope="row"[^>]*><a href="[^"]+">([^<]+)</a>', row).group(1)
        last = re.search(r'<span class="grid__last">(.*?)</span>', row).group(1)
        cells = re.findall(
            r'<td[^>]*>.*?<span class="visually-hidden">(.*?)</span></td>', row, re.S
        )
        rows[name] = [last, *(text_of(cell) for cell in cells)]
    return rows


def grid_names(markup: str) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*><a href="[^"]+">([^<]+)</a>', markup)


def curriculum_of(app, programme_id: int) -> list[tuple[str, bool]]:
    with app.app_context():
        programme = db.session.get(Programme, programme_id)
        return [(item.module_id, item.required) for item in programme.curriculum]


def programme_field(app, programme_id: int, name: str):
    with app.app_context():
        return getattr(db.session.get(Programme, programme_id), name)


# --- the grid ---------------------------------------------------------------------


def test_a_trainer_sees_only_their_own_programmes(trainer):
    listing = text_of(page(trainer, "/programmes"))
    assert "Programme A" in listing and "Programme C" in listing
    assert "Programme B" not in listing


def test_the_grid_has_a_row_per_trainee_of_the_programme(trainer, world):
    names = grid_names(page(trainer, f"/programmes/{world.a}"))
    assert names == ["Aileen Abbot", "Bruce Brown", "Callum Craig"]


def test_the_grid_has_a_column_per_module_in_curriculum_order(trainer, world):
    markup = page(trainer, f"/programmes/{world.a}")
    head = markup.split("<thead>")[1].split("</thead>")[0]
    # Numbered columns for the eye, the module's name for a screen reader, and a key.
    numbers = r'<th scope="col" class="grid__module"><span aria-hidden="true">(\d+)'
    assert re.findall(numbers, head) == ["1", "2", "3"]
    assert re.findall(r'<span class="visually-hidden">([^<]+)</span></th>', head) == [
        "Alpha module", "Beta module (optional)", "Gamma module (optional)"
    ]  # fmt: skip
    key = markup.split('class="grid-key"')[1].split("</ol>")[0]
    assert text_of(key.split(">", 1)[1]) == (
        "Alpha module Beta module (optional) Gamma module (optional)"
    )


@pytest.mark.parametrize(
    ("name", "cells"),
    [
        ("Aileen Abbot", ["1 May 2024", "In progress (1/2)", "Not started", "Not started"]),
        ("Bruce Brown", ["9 Jun 2024", "Complete", "Not started", "Not started"]),
        ("Callum Craig", ["Not yet", "Not started", "Not started", "Not started"]),
    ],
)
def test_the_grid_shows_each_state_and_the_last_activity_date(trainer, world, name, cells):
    assert grid_rows(page(trainer, f"/programmes/{world.a}"))[name] == cells


def test_the_grid_sorts_by_last_activity_most_recent_first(trainer, world):
    names = grid_names(page(trainer, f"/programmes/{world.a}?sort=activity"))
    assert names == ["Bruce Brown", "Aileen Abbot", "Callum Craig"]


def test_the_grid_says_which_sort_is_in_use(trainer, world):
    markup = page(trainer, f"/programmes/{world.a}?sort=activity")
    assert '<strong aria-current="true">last activity</strong>' in markup
    assert f'href="/programmes/{world.a}?sort=name#trainees"' in markup


def test_an_unknown_sort_falls_back_to_name(trainer, world):
    names = grid_names(page(trainer, f"/programmes/{world.a}?sort=nonsense"))
    assert names == ["Aileen Abbot", "Bruce Brown", "Callum Craig"]


def test_the_grid_leaves_out_staff_and_other_programmes_trainees(trainer, world):
    markup = page(trainer, f"/programmes/{world.a}")
    assert "Bella Bain" not in markup
    assert "trainer-ac" not in grid_names(markup)


def test_the_trainee_detail_shows_progress_per_module(trainer, world):
    markup = page(trainer, f"/programmes/{world.a}/trainees/{world.aileen}")
    text = text_of(markup)
    assert "Aileen Abbot" in text and "Username: aileen" in text
    assert "In progress Required Last worked on 1 May 2024 1 of 2 parts done" in text
    assert "private answers to reflection questions are never shown here" in text


def test_the_trainee_detail_of_someone_else_s_trainee_is_not_found(trainer, world):
    response = trainer.get(f"/programmes/{world.a}/trainees/{world.bella}")
    assert response.status_code == 404


# --- CSV export ---------------------------------------------------------------------


def read_csv(client, programme_id: int) -> list[list[str]]:
    response = client.get(f"/programmes/{programme_id}/progress.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_has_a_header_row_and_one_row_per_trainee(trainer, world):
    rows = read_csv(trainer, world.a)
    assert rows[0] == [
        "display_name",
        "username",
        "last_activity",
        "modules_complete",
        "alpha",
        "beta",
        "gamma",
    ]
    assert [row[0] for row in rows[1:]] == ["Aileen Abbot", "Bruce Brown", "Callum Craig"]


def test_the_csv_rows_carry_the_grid(trainer, world):
    rows = {row[0]: row for row in read_csv(trainer, world.a)[1:]}
    assert rows["Bruce Brown"] == [
        "Bruce Brown",
        "bruce",
        "2024-06-09 15:30",
        "1",
        "Complete (2/2)",
        "Not started (0/1)",
        "Not started (0/2)",
    ]
    assert rows["Callum Craig"][2:4] == ["", "0"]


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1:A2)"]
)
def test_the_csv_defuses_formulas_in_names(app, trainer, world, name):
    with app.app_context():
        make_user(programme=db.session.get(Programme, world.a), display_name=name)
    names = [row[0] for row in read_csv(trainer, world.a)[1:]]
    assert "'" + name in names
    assert name not in names


def test_the_csv_leaves_ordinary_names_alone(trainer, world):
    names = [row[0] for row in read_csv(trainer, world.a)[1:]]
    assert "Aileen Abbot" in names


# --- who may see what -------------------------------------------------------------


def _requests(world, programme_id: int, trainee_id: int):
    base = f"/programmes/{programme_id}"
    return {
        "detail": ("get", base, None),
        "csv": ("get", f"{base}/progress.csv", None),
        "trainee": ("get", f"{base}/trainees/{trainee_id}", None),
        "join-code": ("post", f"{base}/join-code", {"action": "regenerate", "confirmed": "yes"}),
        "join-code-confirm": ("get", f"{base}/join-code/new", None),
        "curriculum": ("get", f"{base}/curriculum", None),
        "curriculum-remove": ("post", f"{base}/curriculum/beta/remove", {}),
        "move": ("post", f"{base}/trainees/{trainee_id}/move", {"programme": str(world.a)}),
    }


def _send(client, method: str, url: str, data):
    if method == "get":
        return client.get(url)
    token = csrf_token(client, "/programmes")
    return client.post(url, data={**data, "csrf_token": token})


@pytest.mark.parametrize(
    "action",
    ["detail", "csv", "trainee", "join-code", "join-code-confirm", "curriculum",
     "curriculum-remove", "move"],
)  # fmt: skip
def test_a_trainer_of_another_programme_is_forbidden(trainer, world, action):
    method, url, data = _requests(world, world.b, world.bella)[action]
    assert _send(trainer, method, url, data).status_code == 403


def test_nothing_changes_when_a_trainer_of_another_programme_tries(app, trainer, world):
    code = programme_field(app, world.b, "join_code")
    for action in ("join-code", "curriculum-remove", "move"):
        method, url, data = _requests(world, world.b, world.bella)[action]
        _send(trainer, method, url, data)
    assert programme_field(app, world.b, "join_code") == code
    assert curriculum_of(app, world.b) == [("alpha", True), ("beta", False), ("gamma", False)]
    with app.app_context():
        assert db.session.get(User, world.bella).programme_id == world.b


@pytest.mark.parametrize(
    "action", ["csv", "trainee", "join-code", "curriculum", "curriculum-remove", "move"]
)
def test_an_evaluator_cannot_reach_trainee_level_pages_or_change_anything(app, world, action):
    evaluator = logged_in(app, world.evaluator)
    method, url, data = _requests(world, world.a, world.aileen)[action]
    assert _send(evaluator, method, url, data).status_code == 403


def test_an_evaluator_sees_aggregates_without_names(app, world):
    evaluator = logged_in(app, world.evaluator)
    markup = page(evaluator, f"/programmes/{world.a}")
    for personal in ("Aileen", "Bruce", "Callum", "aileen", "bruce", "callum"):
        assert personal not in markup
    assert f"/programmes/{world.a}/trainees/" not in markup
    assert "progress.csv" not in markup


def test_an_evaluator_sees_counts_per_module(app, world):
    evaluator = logged_in(app, world.evaluator)
    markup = page(evaluator, f"/programmes/{world.a}")
    rows = {
        text_of(r.split("</th>")[0]): text_of(r.split("</th>", 1)[1])
        for r in re.findall(r'<tr><th scope="row">(.*?)</tr>', markup, re.S)
    }
    assert rows["Alpha module"] == "Yes 1 1 1"
    assert rows["Beta module"] == "No 3 0 0"


def test_an_evaluator_sees_every_programme(app, world):
    evaluator = logged_in(app, world.evaluator)
    listing = text_of(page(evaluator, "/programmes"))
    assert all(f"Programme {x}" in listing for x in "ABC")


def test_an_admin_sees_the_named_grid_of_any_programme(app, world):
    admin = logged_in(app, world.admin)
    assert grid_names(page(admin, f"/programmes/{world.b}")) == ["Bella Bain"]


@pytest.mark.parametrize("url", ["/programmes", "/programmes/{a}", "/programmes/{a}/progress.csv"])
def test_trainees_cannot_see_trainer_pages(app, world, url):
    with app.app_context():
        username = db.session.get(User, world.aileen).username
    client = logged_in(app, username)
    assert client.get(url.format(a=world.a)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    response = client.get(f"/programmes/{world.a}")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


# --- join codes -------------------------------------------------------------------


def join_code_action(client, programme_id: int, action: str, token: bool = True):
    """Press a join-code button; "regenerate" as its confirmation page sends it."""
    data = {"action": action}
    if action == "regenerate":
        data["confirmed"] = "yes"
    if token:
        data["csrf_token"] = csrf_token(client, "/programmes")
    return client.post(f"/programmes/{programme_id}/join-code", data=data)


def register(app, code: str, username: str):
    """Try to register a new trainee with `code` from a fresh browser."""
    client = app.test_client()
    data = {
        "join_code": code,
        "display_name": "New Person",
        "username": username,
        "email": "",
        "password": PASSWORD,
        "confirm": PASSWORD,
        "csrf_token": csrf_token(client, "/register"),
    }
    return client.post("/register", data=data)


def user_exists(app, username: str) -> bool:
    with app.app_context():
        return db.session.scalar(sa.select(User.id).where(User.username == username)) is not None


def test_the_join_code_works_before_any_change(app, world):
    response = register(app, world.a_code.lower(), "newbie")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(sa.select(User).where(User.username == "newbie")).programme_id == (
            world.a
        )


def test_the_programme_page_shows_the_join_code(trainer, world):
    assert world.a_code in page(trainer, f"/programmes/{world.a}")


def test_regenerating_makes_a_new_code(app, trainer, world):
    response = join_code_action(trainer, world.a, "regenerate")
    assert response.status_code == 302
    code = programme_field(app, world.a, "join_code")
    assert code != world.a_code
    assert len(code) == 8 and set(code) <= set(ALPHABET)
    assert f"New join code: {code}." in page(trainer, f"/programmes/{world.a}")


def test_make_a_new_code_asks_first_and_changes_nothing_until_confirmed(app, trainer, world):
    detail = page(trainer, f"/programmes/{world.a}")
    assert f'<a class="button button--secondary" href="/programmes/{world.a}/join-code/new">' \
        "Make a new code</a>" in detail  # fmt: skip
    confirm = page(trainer, f"/programmes/{world.a}/join-code/new")
    assert "Make a new join code?" in confirm
    assert world.a_code in confirm and "will stop working straight away" in confirm
    assert '<input type="hidden" name="confirmed" value="yes">' in confirm
    assert f'href="/programmes/{world.a}#join">No, keep this code</a>' in confirm
    assert programme_field(app, world.a, "join_code") == world.a_code


def test_a_new_code_posted_without_the_confirmation_is_sent_to_ask_first(app, trainer, world):
    token = csrf_token(trainer, "/programmes")
    response = trainer.post(
        f"/programmes/{world.a}/join-code", data={"action": "regenerate", "csrf_token": token}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/programmes/{world.a}/join-code/new"
    assert programme_field(app, world.a, "join_code") == world.a_code


def test_after_regenerating_the_old_code_no_longer_registers(app, trainer, world):
    join_code_action(trainer, world.a, "regenerate")
    response = register(app, world.a_code, "too-late")
    assert response.status_code == 400
    assert not user_exists(app, "too-late")


def test_after_regenerating_the_new_code_registers(app, trainer, world):
    join_code_action(trainer, world.a, "regenerate")
    assert register(app, programme_field(app, world.a, "join_code"), "fresh").status_code == 302
    assert user_exists(app, "fresh")


def test_disabling_the_code_stops_registration(app, trainer, world):
    assert join_code_action(trainer, world.a, "disable").status_code == 302
    assert programme_field(app, world.a, "join_code_enabled") is False
    response = register(app, world.a_code, "locked-out")
    assert response.status_code == 400
    assert "it has been switched off" in response.get_data(as_text=True)
    assert not user_exists(app, "locked-out")


def test_a_disabled_code_link_says_it_does_not_work(app, trainer, world):
    join_code_action(trainer, world.a, "disable")
    response = app.test_client().get(f"/join/{world.a_code}")
    assert "That join code does not work" in response.get_data(as_text=True)
    assert "Location" not in response.headers


def test_a_disabled_code_is_not_shown_to_the_trainer(trainer, world):
    join_code_action(trainer, world.a, "disable")
    markup = page(trainer, f"/programmes/{world.a}")
    assert "The join code is switched off: nobody new can join." in markup
    assert world.a_code not in markup


def test_enabling_the_code_again_lets_people_register(app, trainer, world):
    join_code_action(trainer, world.a, "disable")
    join_code_action(trainer, world.a, "enable")
    assert programme_field(app, world.a, "join_code") == world.a_code
    assert register(app, world.a_code, "welcome-back").status_code == 302
    assert user_exists(app, "welcome-back")


def test_an_unknown_join_code_action_is_a_bad_request(app, trainer, world):
    assert join_code_action(trainer, world.a, "explode").status_code == 400
    assert programme_field(app, world.a, "join_code") == world.a_code


def test_a_join_code_change_without_a_csrf_token_is_refused(app, trainer, world):
    assert join_code_action(trainer, world.a, "disable", token=False).status_code == 400
    assert programme_field(app, world.a, "join_code_enabled") is True


# --- curriculum -------------------------------------------------------------------
# The editor has its own tests (test_curriculum_editor.py); here, the programme page.


def curriculum_section(markup: str) -> str:
    return markup.split('<section id="curriculum"')[1].split("</section>")[0]


def test_the_programme_page_lists_the_curriculum_without_a_form(trainer, world):
    section = curriculum_section(page(trainer, f"/programmes/{world.a}"))
    assert "<form" not in section
    assert [text_of(item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)] == [
        "Alpha module (required; 20 minutes online)",
        "Beta module (optional; 25 minutes online)",
        "Gamma module (optional; 20 minutes online)",
    ]
    assert "Total: 1 hour 5 minutes." in text_of(section)


def test_the_programme_page_links_to_the_curriculum_editor(trainer, world):
    section = curriculum_section(page(trainer, f"/programmes/{world.a}"))
    assert f'href="/programmes/{world.a}/curriculum">Change the curriculum</a>' in section


def test_the_programme_page_follows_changes_made_in_the_editor(app, trainer, world):
    token = csrf_token(trainer, "/programmes")
    trainer.post(
        f"/programmes/{world.a}/curriculum/gamma/move",
        data={"direction": "up", "csrf_token": token},
    )
    trainer.post(f"/programmes/{world.a}/curriculum/alpha/remove", data={"csrf_token": token})
    section = curriculum_section(page(trainer, f"/programmes/{world.a}"))
    assert [text_of(item).split(" (")[0] for item in re.findall(r"<li>(.*?)</li>", section)] == [
        "Gamma module",
        "Beta module",
    ]
    assert curriculum_of(app, world.a) == [("gamma", False), ("beta", False)]


def test_an_empty_curriculum_says_so_on_the_programme_page(app, trainer, world):
    with app.app_context():
        set_curriculum(db.session.get(Programme, world.a), [])
        db.session.commit()
    section = curriculum_section(page(trainer, f"/programmes/{world.a}"))
    assert "There are no modules in this programme yet." in text_of(section)
    assert "Total:" not in section


# --- moving a trainee ---------------------------------------------------------------


@pytest.fixture
def mover(app, world) -> SimpleNamespace:
    """Dana in A: alpha complete, beta complete, gamma started. C's curriculum is alpha."""
    with app.app_context():
        a = db.session.get(Programme, world.a)
        dana = make_user(programme=a, display_name="Dana Dunn", username="dana")
        for module_id, section_id in [
            ("alpha", "getting-started"),
            ("alpha", "part-two"),
            ("beta", "only-section"),
            ("gamma", "g-one"),
        ]:
            record(dana, a, module_id, section_id, MAY_1)
        complete(dana, a, "alpha", MAY_1)
        complete(dana, a, "beta", MAY_1)
        db.session.commit()
        return SimpleNamespace(id=dana.id, username=dana.username, learner_key=dana.learner_key)


def move(client, world, user_id: int, target: int, token: bool = True):
    data = {"programme": str(target)}
    if token:
        data["csrf_token"] = csrf_token(client, "/programmes")
    return client.post(f"/programmes/{world.a}/trainees/{user_id}/move", data=data)


def rows_of(app, model, learner_key: str, programme_id: int) -> list[tuple]:
    with app.app_context():
        query = sa.select(model).where(
            model.learner_key == learner_key, model.programme_id == programme_id
        )
        found = db.session.scalars(query).all()
        return sorted((r.module_id, getattr(r, "section_id", None)) for r in found)


def test_the_move_form_offers_only_other_programmes_the_trainer_manages(trainer, world, mover):
    markup = page(trainer, f"/programmes/{world.a}/trainees/{mover.id}")
    select = markup.split('name="programme"')[1].split("</select>")[0]
    assert re.findall(r"<option[^>]*>([^<]+)</option>", select) == ["Programme C"]


def test_moving_a_trainee_changes_their_programme(app, trainer, world, mover):
    response = move(trainer, world, mover.id, world.c)
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, mover.id).programme_id == world.c


def test_the_move_message_counts_the_finished_parts_carried_over(trainer, world, mover):
    # Two parts of alpha (the one module A and C share) come along; the module
    # completion row copied with them is not a "finished part".
    response = move(trainer, world, mover.id, world.c)
    flash = "Dana Dunn has moved to Programme C. 2 finished parts on shared modules came with them."
    assert flash in page(trainer, response.headers["Location"])


def test_moving_carries_over_progress_on_shared_modules_only(app, trainer, world, mover):
    move(trainer, world, mover.id, world.c)
    assert rows_of(app, SectionProgress, mover.learner_key, world.c) == [
        ("alpha", "getting-started"),
        ("alpha", "part-two"),
    ]
    assert rows_of(app, ModuleCompletion, mover.learner_key, world.c) == [("alpha", None)]


def test_moving_leaves_the_old_programme_s_records_in_place(app, trainer, world, mover):
    before = (
        rows_of(app, SectionProgress, mover.learner_key, world.a),
        rows_of(app, ModuleCompletion, mover.learner_key, world.a),
    )
    move(trainer, world, mover.id, world.c)
    after = (
        rows_of(app, SectionProgress, mover.learner_key, world.a),
        rows_of(app, ModuleCompletion, mover.learner_key, world.a),
    )
    assert after == before
    assert len(before[0]) == 4 and len(before[1]) == 2


def test_a_moved_trainee_sees_their_carried_over_progress(app, trainer, world, mover):
    move(trainer, world, mover.id, world.c)
    markup = page(logged_in(app, mover.username), "/training")
    assert "You are in Programme C" in text_of(markup)
    assert "Complete" in text_of(markup.split("Alpha module</a>")[1])


def test_a_moved_trainee_appears_in_the_new_grid_not_the_old(trainer, world, mover):
    move(trainer, world, mover.id, world.c)
    assert "Dana Dunn" not in grid_names(page(trainer, f"/programmes/{world.a}"))
    assert grid_rows(page(trainer, f"/programmes/{world.c}"))["Dana Dunn"] == [
        "1 May 2024",
        "Complete",
    ]


def test_a_trainee_cannot_be_moved_to_a_programme_the_trainer_does_not_manage(
    app, trainer, world, mover
):
    assert move(trainer, world, mover.id, world.b).status_code in (400, 403)
    with app.app_context():
        assert db.session.get(User, mover.id).programme_id == world.a
    assert rows_of(app, SectionProgress, mover.learner_key, world.b) == []


def test_moving_without_a_csrf_token_is_refused(app, trainer, world, mover):
    assert move(trainer, world, mover.id, world.c, token=False).status_code == 400
    with app.app_context():
        assert db.session.get(User, mover.id).programme_id == world.a


def test_switching_on_a_programme_without_a_code_makes_one(app, trainer, world):
    with app.app_context():
        programme = db.session.get(Programme, world.a)
        programme.join_code, programme.join_code_enabled = None, False
        db.session.commit()
    join_code_action(trainer, world.a, "enable")
    code = programme_field(app, world.a, "join_code")
    assert code and set(code) <= set(ALPHABET)
    assert programme_field(app, world.a, "join_code_enabled") is True


def test_regenerating_a_switched_off_code_switches_it_on(app, trainer, world):
    join_code_action(trainer, world.a, "disable")
    join_code_action(trainer, world.a, "regenerate")
    assert programme_field(app, world.a, "join_code_enabled") is True
    assert register(app, programme_field(app, world.a, "join_code"), "second-go").status_code == 302
