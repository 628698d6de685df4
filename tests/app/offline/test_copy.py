"""What a phone keeps and how it is served: /offline/training.json, the service worker,
the manifest, the offline page, who each page is for, and log-out clearing the phone."""

from __future__ import annotations

import json
import re
from datetime import date, time, timedelta
from types import SimpleNamespace

import pytest

from mentorhub.extensions import db
from mentorhub.learning.adaptation_doc import AdaptationDoc
from mentorhub.learning.adaptations import save_revision
from mentorhub.learning.feedback import FeedbackAnswers, save_response
from mentorhub.learning.group_sessions import (
    SessionValues,
    cancel_session,
    send_notice,
    update_session,
)
from mentorhub.learning.offline_copy import kept_copy
from mentorhub.models import GroupSession, Programme, User
from mentorhub.models.base import utcnow
from tests.app.groupwork.helpers import add_session
from tests.app.offline.conftest import done_mark, send
from tests.app.test_training import new_trainee, rewrite_alpha
from tests.factories import log_in, make_user
from tests.pages import page_scripts


def copy_list(client) -> dict:
    response = client.get("/offline/training.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_json()


def by_id(listing: dict) -> dict[str, dict]:
    return {m["id"]: m for m in listing["modules"]}


def test_the_list_names_the_trainees_curriculum_in_order(client, trainee):
    listing = copy_list(client)
    assert listing["user"] == trainee.id
    assert listing["home"]["url"] == "/training"
    assert [(m["id"], m["url"], m["title"]) for m in listing["modules"]] == [
        ("alpha", "/training/alpha", "Alpha module"),
        ("beta", "/training/beta", "Beta module"),
        ("gamma", "/training/gamma", "Gamma module"),
    ]
    assert listing["csrf_token"]
    assert any(re.fullmatch(r"/static/css/site\.css\?v=[0-9a-f]{10}", a) for a in listing["assets"])
    assert "/offline" in listing["assets"]
    # Each script a kept module page loads is kept too.
    kept = {a.split("?")[0] for a in listing["assets"]}
    module_page = client.get("/training/alpha").get_data(as_text=True)
    assert set(page_scripts(module_page)) <= kept


def test_the_token_in_the_list_sends_marks(app, client, trainee):
    token = copy_list(client)["csrf_token"]
    assert send(client, token, done_mark(1)).status_code == 200


def test_a_mark_changes_that_modules_state_only(client, trainee):
    before = by_id(copy_list(client))
    send(client, trainee.token, done_mark(1))
    after = by_id(copy_list(client))
    assert after["alpha"]["state"] != before["alpha"]["state"]
    assert after["alpha"]["version"] == before["alpha"]["version"]
    assert after["gamma"] == before["gamma"]


def test_a_changed_module_file_changes_its_version(app_config, client, trainee):
    before = by_id(copy_list(client))
    rewrite_alpha(app_config, 3, extra="\n## Third part {#part-three}\n\nNew.\n")
    after = by_id(copy_list(client))
    assert after["alpha"]["version"] != before["alpha"]["version"]
    assert after["beta"]["version"] == before["beta"]["version"]


def test_a_new_adaptation_changes_that_modules_version(app, client, trainee):
    before = by_id(copy_list(client))
    with app.app_context():
        programme = db.session.get(Programme, trainee.programme_id)
        trainer = make_user(role="trainer", trainer_of=[programme])
        module = app.extensions["mentorhub.catalogue"].get("alpha")
        doc = AdaptationDoc.from_json({"intro": "Welcome from our own programme."})
        assert save_revision(programme, module, doc, trainer) is not None
        db.session.commit()
    after = by_id(copy_list(client))
    assert after["alpha"]["version"] != before["alpha"]["version"]
    assert after["gamma"]["version"] == before["gamma"]["version"]


# --- My training's tag, and the support box on every page ------------------------------


def home_tag(client) -> str:
    return copy_list(client)["home"]["state"]


def test_moving_a_session_changes_my_trainings_tag(app, client, trainee):
    session_id = add_session(app, trainee.programme_id, days=7, module_ids=("alpha",))
    before = copy_list(client)
    with app.app_context():
        session = db.session.get(GroupSession, session_id)
        moved = SessionValues("Session 7", date.today() + timedelta(days=8), time(18), time(20),
                              venue="The hub", module_ids=("alpha",))  # fmt: skip
        update_session(session, moved)
        db.session.commit()
    after = copy_list(client)
    assert after["home"]["state"] != before["home"]["state"]
    assert after["modules"] == before["modules"]  # module pages do not show sessions


def test_cancelling_a_session_changes_my_trainings_tag(app, client, trainee):
    session_id = add_session(app, trainee.programme_id, days=7)
    before = home_tag(client)
    with app.app_context():
        cancel_session(db.session.get(GroupSession, session_id), "The hall is flooded.")
        db.session.commit()
    assert home_tag(client) != before


def test_saying_i_cant_come_changes_my_trainings_tag(app, client, trainee):
    session_id = add_session(app, trainee.programme_id, days=7)
    before = home_tag(client)
    with app.app_context():
        send_notice(db.session.get(User, trainee.id), db.session.get(GroupSession, session_id), "")
        db.session.commit()
    assert home_tag(client) != before


def test_a_session_starting_changes_my_trainings_tag(app, trainee):
    """It moves from "coming up" to "past sessions"."""
    add_session(app, trainee.programme_id, days=1)
    with app.app_context():
        user = db.session.get(User, trainee.id)
        programme = db.session.get(Programme, trainee.programme_id)
        catalogue = app.extensions["mentorhub.catalogue"]
        today = kept_copy(user, programme, catalogue, utcnow())
        in_two_days = kept_copy(user, programme, catalogue, utcnow() + timedelta(days=2))
    assert today.home != in_two_days.home
    assert today.modules == in_two_days.modules


def test_giving_feedback_changes_my_trainings_tag(app, client, trainee):
    for section in ("getting-started", "part-two"):
        send(client, trainee.token, done_mark(1, section=section))
    before = copy_list(client)
    with app.app_context():
        user = db.session.get(User, trainee.id)
        module = app.extensions["mentorhub.catalogue"].get("alpha")
        save_response(user, user.programme, module, FeedbackAnswers(4, 4, 4))
        db.session.commit()
    after = copy_list(client)
    assert after["home"]["state"] != before["home"]["state"]
    assert after["modules"] == before["modules"]


def test_new_support_contacts_change_every_pages_tag_but_no_modules_version(app, client, trainee):
    before = copy_list(client)
    with app.app_context():
        programme = db.session.get(Programme, trainee.programme_id)
        programme.support_contacts = "Call Sam on 0141 496 0000."
        db.session.commit()
    after = copy_list(client)
    assert after["home"]["state"] != before["home"]["state"]
    for old, new in zip(before["modules"], after["modules"], strict=True):
        assert new["state"] != old["state"]
        assert new["version"] == old["version"]  # not named to the trainee as updated


def test_nobody_logged_in_gets_a_401(client):
    assert client.get("/offline/training.json").status_code == 401


@pytest.mark.parametrize("role", ["trainer", "evaluator", "admin"])
def test_staff_get_a_403(app, client, role):
    with app.app_context():
        username = make_user(role=role).username
    log_in(client, SimpleNamespace(username=username))
    assert client.get("/offline/training.json").status_code == 403


def test_a_trainee_without_a_programme_gets_a_403(app, client):
    with app.app_context():
        username = make_user().username
    log_in(client, SimpleNamespace(username=username))
    assert client.get("/offline/training.json").status_code == 403


# --- the service worker, manifest and offline page ------------------------------------


def test_the_service_worker_is_served_from_the_top_with_current_asset_addresses(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response.headers["Cache-Control"]
    script = response.get_data(as_text=True)
    assets = json.loads(re.search(r"^const MH_ASSETS = (.*);$", script, re.M).group(1))
    assert any(a.startswith("/static/css/site.css?v=") for a in assets)
    assert 'const MH_LOGOUT = "/logout";' in script
    assert 'self.addEventListener("fetch"' in script


def test_the_manifest_starts_at_my_training(client):
    response = client.get("/manifest.webmanifest")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json(force=True)
    assert manifest["start_url"] == "/training"
    assert manifest["display"] == "standalone"
    assert manifest["icons"][0]["src"].startswith("/static/favicon.svg?v=")


def test_every_page_says_whom_it_is_for_and_links_the_scripts(client, trainee):
    markup = client.get("/training").get_data(as_text=True)
    assert f'<meta name="mh-user" content="{trainee.id}">' in markup
    assert 'rel="manifest"' in markup
    assert re.search(r'<script src="/static/js/offline\.js\?v=[0-9a-f]+" defer', markup)
    assert "<script>" not in markup  # no inline script (strict CSP)


def test_an_anonymous_page_is_for_no_one(client):
    assert '<meta name="mh-user" content="">' in client.get("/").get_data(as_text=True)


def test_the_offline_page_is_for_no_one_in_particular_even_when_logged_in(client, trainee):
    markup = client.get("/offline").get_data(as_text=True)
    assert "You're offline" in markup
    assert 'name="mh-user"' not in markup
    assert trainee.display_name not in markup


def test_keep_my_training_is_hidden_until_the_script_shows_it(client, trainee):
    markup = client.get("/training").get_data(as_text=True)
    box = re.search(r"<section[^>]*data-offline-keep[^>]*>", markup).group(0)
    assert " hidden" in box
    assert "Keep my training on this phone" in markup


def test_a_kept_module_page_has_no_trainer_notes(client, trainee):
    for module in copy_list(client)["modules"]:
        assert "SECRET-TRAINER-NOTE" not in client.get(module["url"]).get_data(as_text=True)


def test_log_out_tells_the_browser_to_clear_what_the_site_stored(client, trainee):
    response = client.post("/logout", data={"csrf_token": trainee.token})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"cache", "storage"'


def test_a_new_person_gets_their_own_list(app, client, trainee):
    client.post("/logout", data={"csrf_token": trainee.token})
    other = new_trainee(app)
    log_in(client, other)
    assert copy_list(client)["user"] == other.id != trainee.id
