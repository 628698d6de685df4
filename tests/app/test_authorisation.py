"""The authorisation matrix: every route, requested as every kind of person.

Each row names a route (endpoint and method), how to build its URL and form
data, and the status each persona must get. A route the app has but the matrix
lacks fails `test_every_route_has_a_row`, so a new route cannot ship without
deciding who may use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

import pytest

from mentorhub.accounts.resets import create_reset
from mentorhub.certificates.issue import (
    completed_required,
    completion_dates,
    issue_certificate,
)
from mentorhub.extensions import db
from mentorhub.learning.calendar_files import ensure_feed
from mentorhub.learning.curriculum import set_curriculum
from mentorhub.learning.group_sessions import SessionValues, create_session
from mentorhub.learning.progress_records import curriculum_modules, mark_done, trainee_progress
from mentorhub.learning.readiness import ensure_checklist, set_marked_objectives
from mentorhub.models import Programme, User
from tests.factories import csrf_token, log_in, make_programme, make_user
from tests.pages import who

PERSONAS = ["anonymous", "trainee_a", "trainee_b", "trainer_a", "trainer_b", "evaluator", "admin"]
LOGGED_IN = PERSONAS[1:]


@dataclass
class World:
    """Ids and values the URLs are built from."""

    programme_a: int = 0
    programme_b: int = 0
    users: dict[str, int] = field(default_factory=dict)
    usernames: dict[str, str] = field(default_factory=dict)
    module: str = ""  # in programme A's curriculum only; has a reflection prompt
    section: str = ""
    reflection: str = ""
    join_code: str = ""
    certificate: str = ""
    reset_token: str = ""
    event: str = ""  # a seminar event with a Markdown material and a file
    event_material: str = ""
    event_file: str = ""
    past_session: int = 0  # programme A's; neither needed for the certificate
    future_session: int = 0
    item: int = 0  # an item of programme A's readiness checklist, ticked by hand
    feed_token: str = ""  # trainee A's calendar feed


def build_world(app) -> World:
    """Programmes A and B with a trainee and a trainer each, an evaluator, an admin.

    Trainee A has finished every required module (so has a certificate)."""
    world = World()
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        with_reflection = next(m for m in modules if any(s.reflections for s in m.sections))
        a = make_programme(modules, name="Programme A")
        b = make_programme(modules, name="Programme B")
        set_curriculum(b, [(m.id, True) for m in modules if m.id != with_reflection.id])
        people = {
            "trainee_a": make_user("trainee", programme=a),
            "trainee_b": make_user("trainee", programme=b),
            "trainer_a": make_user("trainer", trainer_of=[a]),
            "trainer_b": make_user("trainer", trainer_of=[b]),
            "evaluator": make_user("evaluator"),
            "admin": make_user("admin"),
        }
        db.session.commit()
        trainee = people["trainee_a"]
        for module, _required in curriculum_modules(a, app.extensions["mentorhub.catalogue"]):
            for section in module.sections:
                mark_done(trainee, a, module, section.id)
        progress = trainee_progress(trainee, a, app.extensions["mentorhub.catalogue"])
        certificate = issue_certificate(
            trainee, a, completed_required(progress, completion_dates(trainee, a))
        )
        section = next(s for s in with_reflection.sections if s.reflections)
        world.programme_a, world.programme_b = a.id, b.id
        world.users = {name: user.id for name, user in people.items()}
        world.usernames = {name: user.username for name, user in people.items()}
        world.module, world.section = with_reflection.id, section.id
        world.reflection = section.reflections[0][0].split("/")[1]
        world.join_code = a.join_code
        world.certificate = certificate.code
        world.reset_token = create_reset(trainee, None, 48)
        for name, days in (("past_session", -7), ("future_session", 7)):
            values = SessionValues(name, date.today() + timedelta(days=days), time(18), time(20),
                                   venue="The hub", module_ids=(with_reflection.id,),
                                   required=False)  # fmt: skip
            setattr(world, name, create_session(a, values).id)
        world.item = next(i.id for i in ensure_checklist(a) if i.kind == "references")
        set_marked_objectives(a, [(with_reflection.id, 1)])
        world.feed_token = ensure_feed(trainee).token
        db.session.commit()
        event = app.extensions["mentorhub.catalogue"].events[0]
        world.event = event.slug
        world.event_material = next(m.id for m in event.materials if m.is_markdown)
        world.event_file = next(m.path.name for m in event.materials if not m.is_markdown)
    return world


def expect(default: int, **by_persona: int) -> dict[str, int]:
    """Status per persona: `default` for everyone not named."""
    return {persona: by_persona.get(persona, default) for persona in PERSONAS}


def staff_only(ok: int, *, trainer_a: int | None = None) -> dict[str, int]:
    """Admin and trainer A (their programme) may; everyone else is refused."""
    return expect(403, anonymous=302, trainer_a=ok if trainer_a is None else trainer_a, admin=ok)


def trainee_a_only(ok: int, trainee_b: int = 404) -> dict[str, int]:
    return expect(403, anonymous=302, trainee_a=ok, trainee_b=trainee_b)


def logged_in(ok: int, anonymous: int = 302) -> dict[str, int]:
    return expect(ok, anonymous=anonymous)


def admin_only(ok: int) -> dict[str, int]:
    return expect(403, anonymous=302, admin=ok)


@dataclass(frozen=True)
class Row:
    endpoint: str
    method: str
    url: Any  # World -> str
    statuses: dict[str, int]
    data: Any = None  # World -> dict of form fields (CSRF token added for you)


def sessions(world: World, rest: str = "") -> str:
    return f"/programmes/{world.programme_a}/sessions{rest}"


def ready(world: World, rest: str = "") -> str:
    return f"/programmes/{world.programme_a}/readiness{rest}"


def ready_a(world: World, rest: str = "") -> str:
    return ready(world, f"/trainees/{world.users['trainee_a']}{rest}")


def adapt(world: World, rest: str = "") -> str:
    """A URL of the adaptation pages for programme A's module."""
    return f"/programmes/{world.programme_a}/modules/{world.module}/adapt{rest}"


EVERYONE_200 = expect(200)
MATRIX: list[Row] = [
    Row("main.home", "GET", lambda w: "/", EVERYONE_200),
    Row("main.accessibility", "GET", lambda w: "/accessibility", EVERYONE_200),
    Row("main.privacy", "GET", lambda w: "/privacy", EVERYONE_200),
    Row("main.health", "GET", lambda w: "/health", EVERYONE_200),
    Row("main.favicon", "GET", lambda w: "/favicon.ico", expect(301)),
    Row("main.dashboard", "GET", lambda w: "/dashboard", expect(302)),
    Row("static", "GET", lambda w: "/static/css/site.css", EVERYONE_200),
    Row("library.index", "GET", lambda w: "/modules", EVERYONE_200),
    Row("library.module", "GET", lambda w: f"/modules/{w.module}", EVERYONE_200),
    Row("auth.login", "GET", lambda w: "/login", expect(302, anonymous=200)),
    Row("auth.login", "POST", lambda w: "/login", expect(302, anonymous=400),
        lambda w: {"username": "nobody", "password": "wrong password"}),
    Row("auth.logout", "POST", lambda w: "/logout", expect(302)),
    Row("auth.register", "GET", lambda w: "/register", expect(302, anonymous=200)),
    Row("auth.register", "POST", lambda w: "/register", expect(302, anonymous=400),
        lambda w: {"join_code": w.join_code}),
    Row("auth.join", "GET", lambda w: f"/join/{w.join_code}", expect(302)),
    Row("auth.forgot_password", "GET", lambda w: "/forgot", EVERYONE_200),
    Row("auth.forgot_password", "POST", lambda w: "/forgot", EVERYONE_200,
        lambda w: {"username": "nobody"}),
    Row("auth.reset_password", "GET", lambda w: f"/reset/{w.reset_token}", EVERYONE_200),
    Row("auth.reset_password", "POST", lambda w: f"/reset/{w.reset_token}", expect(400),
        lambda w: {"password": "short"}),
    Row("auth.change_password", "GET", lambda w: "/account/password", logged_in(200)),
    Row("auth.change_password", "POST", lambda w: "/account/password", logged_in(400),
        lambda w: {"current_password": ""}),
    Row("account.index", "GET", lambda w: "/account", logged_in(200)),
    Row("account.download_data", "GET", lambda w: "/account/data.json", logged_in(200)),
    Row("account.delete", "GET", lambda w: "/account/delete", logged_in(200)),
    Row("account.delete", "POST", lambda w: "/account/delete", logged_in(400),
        lambda w: {"password": "not my password"}),
    Row("training.index", "GET", lambda w: "/training", trainee_a_only(200, trainee_b=200)),
    Row("training.continue_training", "GET", lambda w: "/training/continue",
        trainee_a_only(302, trainee_b=302)),
    Row("training.module", "GET", lambda w: f"/training/{w.module}", trainee_a_only(200)),
    Row("training.mark_section_done", "POST", lambda w: f"/training/{w.module}/{w.section}/done",
        trainee_a_only(302)),
    Row("training.undo_section", "POST", lambda w: f"/training/{w.module}/{w.section}/undo",
        trainee_a_only(302)),
    Row("training.save_reflection_answer", "POST",
        lambda w: f"/training/{w.module}/{w.section}/reflections/{w.reflection}",
        trainee_a_only(302), lambda w: {f"{w.section}--{w.reflection}-text": "My answer"}),
    Row("evaluation.feedback", "GET", lambda w: f"/training/{w.module}/feedback",
        trainee_a_only(200)),
    Row("evaluation.feedback", "POST", lambda w: f"/training/{w.module}/feedback",
        trainee_a_only(400), lambda w: {"relevant": "9"}),
    Row("evaluation.skip", "POST", lambda w: f"/training/{w.module}/feedback/skip",
        trainee_a_only(302)),
    Row("evaluation.programme_dashboard", "GET", lambda w: f"/programmes/{w.programme_a}/feedback",
        expect(403, anonymous=302, trainer_a=200, evaluator=200, admin=200)),
    Row("evaluation.overview", "GET", lambda w: "/evaluation",
        expect(403, anonymous=302, evaluator=200, admin=200)),
    Row("evaluation.export_aggregates", "GET", lambda w: "/evaluation/exports/aggregates.csv",
        expect(403, anonymous=302, evaluator=200, admin=200)),
    Row("evaluation.exports", "GET", lambda w: "/evaluation/exports",
        expect(200, anonymous=302, trainee_a=403, trainee_b=403)),
    Row("evaluation.export_csv", "GET", lambda w: "/evaluation/exports/responses.csv",
        expect(200, anonymous=302, trainee_a=403, trainee_b=403)),
    Row("evaluation.export_json", "GET", lambda w: "/evaluation/exports/responses.json",
        expect(200, anonymous=302, trainee_a=403, trainee_b=403)),
    Row("evaluation.export_dictionary", "GET",
        lambda w: "/evaluation/exports/data-dictionary.csv",
        expect(200, anonymous=302, trainee_a=403, trainee_b=403)),
    Row("certificates.mine", "GET", lambda w: "/training/certificate",
        trainee_a_only(200, trainee_b=200)),
    Row("certificates.pdf", "GET", lambda w: "/training/certificate.pdf", trainee_a_only(200)),
    Row("certificates.visibility", "POST", lambda w: "/training/certificate/visibility",
        trainee_a_only(302), lambda w: {"show_name": "yes"}),
    Row("certificates.verify", "GET", lambda w: f"/certificates/{w.certificate}", EVERYONE_200),
    Row("programmes.index", "GET", lambda w: "/programmes",
        expect(200, anonymous=302, trainee_a=403, trainee_b=403)),
    Row("programmes.detail", "GET", lambda w: f"/programmes/{w.programme_a}",
        expect(403, anonymous=302, trainer_a=200, evaluator=200, admin=200)),
    Row("programmes.join_code", "POST", lambda w: f"/programmes/{w.programme_a}/join-code",
        staff_only(302), lambda w: {"action": "disable"}),
    Row("programmes.confirm_new_code", "GET",
        lambda w: f"/programmes/{w.programme_a}/join-code/new", staff_only(200)),
    Row("programmes.curriculum", "GET", lambda w: f"/programmes/{w.programme_a}/curriculum",
        staff_only(200)),
    Row("programmes.curriculum_position", "POST",
        lambda w: f"/programmes/{w.programme_a}/curriculum/{w.module}/position",
        staff_only(302), lambda w: {"position": "1"}),
    Row("programmes.curriculum_move", "POST",
        lambda w: f"/programmes/{w.programme_a}/curriculum/{w.module}/move",
        staff_only(302), lambda w: {"direction": "up"}),
    Row("programmes.curriculum_required", "POST",
        lambda w: f"/programmes/{w.programme_a}/curriculum/{w.module}/required",
        staff_only(302), lambda w: {"required": "no"}),
    # Removing or adding again is not an error (trainer A goes first), so both get a 302.
    Row("programmes.curriculum_remove", "POST",
        lambda w: f"/programmes/{w.programme_a}/curriculum/{w.module}/remove", staff_only(302)),
    Row("programmes.curriculum_add", "POST",
        lambda w: f"/programmes/{w.programme_a}/curriculum/{w.module}/add",
        staff_only(302), lambda w: {"required": "yes"}),
    # Putting back a module already in is not an error either.
    Row("programmes.curriculum_restore", "POST",
        lambda w: f"/programmes/{w.programme_a}/curriculum/{w.module}/restore",
        staff_only(302), lambda w: {"required": "yes", "position": "1"}),
    Row("programmes.progress_csv", "GET", lambda w: f"/programmes/{w.programme_a}/progress.csv",
        staff_only(200)),
    Row("programmes.trainee", "GET",
        lambda w: f"/programmes/{w.programme_a}/trainees/{w.users['trainee_a']}", staff_only(200)),
    Row("programmes.reset_link", "POST",
        lambda w: f"/programmes/{w.programme_a}/trainees/{w.users['trainee_a']}/reset-link",
        staff_only(200)),
    # Trainer A manages no other programme to move to, so their (allowed) request is a 400.
    Row("programmes.move", "POST",
        lambda w: f"/programmes/{w.programme_a}/trainees/{w.users['trainee_a']}/move",
        staff_only(302, trainer_a=400), lambda w: {"programme": str(w.programme_b)}),
    Row("seminar.index", "GET", lambda w: "/seminar", EVERYONE_200),
    Row("seminar.event", "GET", lambda w: f"/seminar/{w.event}", EVERYONE_200),
    Row("seminar.material", "GET", lambda w: f"/seminar/{w.event}/{w.event_material}",
        EVERYONE_200),
    Row("seminar.material_pdf_download", "GET",
        lambda w: f"/seminar/{w.event}/{w.event_material}.pdf", EVERYONE_200),
    Row("seminar.file_download", "GET", lambda w: f"/seminar/{w.event}/files/{w.event_file}",
        EVERYONE_200),
    Row("seminar.zip_download", "GET", lambda w: f"/seminar/{w.event}/all-materials.zip",
        EVERYONE_200),
    Row("seminar.interest", "GET", lambda w: "/seminar/interest", EVERYONE_200),
    Row("adaptation.index", "GET", lambda w: f"/programmes/{w.programme_a}/adaptations",
        staff_only(200)),
    Row("adaptation.editor", "GET", lambda w: adapt(w), staff_only(200)),
    Row("adaptation.submit", "POST", lambda w: adapt(w), staff_only(302)),
    Row("adaptation.edit_again", "POST", lambda w: adapt(w, "/preview/edit"), staff_only(200),
        lambda w: {"document": "{}"}),
    Row("adaptation.save_previewed", "POST", lambda w: adapt(w, "/preview/save"),
        staff_only(302), lambda w: {"document": "{}"}),
    Row("adaptation.view_as_trainee", "GET", lambda w: adapt(w, "/view"), staff_only(200)),
    Row("adaptation.history", "GET", lambda w: adapt(w, "/history"), staff_only(200)),
    Row("adaptation.compare", "GET", lambda w: adapt(w, "/compare?from=0&to=0"),
        staff_only(200)),
    Row("adaptation.restore", "POST", lambda w: adapt(w, "/revisions/1/restore"),
        staff_only(404)),
    Row("adaptation.review", "GET", lambda w: adapt(w, "/review"), staff_only(302)),
    Row("adaptation.accept_update", "POST", lambda w: adapt(w, "/review"), staff_only(302)),
    Row("adaptation.export", "GET", lambda w: adapt(w, "/export.md"), staff_only(200)),
    Row("adaptation.import_page", "GET", lambda w: adapt(w, "/import"), staff_only(200)),
    Row("adaptation.import_file", "POST", lambda w: adapt(w, "/import"), staff_only(400)),
    Row("adaptation.pdf", "GET", lambda w: adapt(w, "/module.pdf"), staff_only(200)),
    Row("seminar.interest", "POST", lambda w: "/seminar/interest", expect(400),
        lambda w: {"organisation": ""}),
    Row("seminar.interest_thanks", "GET", lambda w: "/seminar/interest/thanks", EVERYONE_200),
    Row("admin.interest", "GET", lambda w: "/admin/interest", admin_only(200)),
    Row("admin.interest_csv_download", "GET", lambda w: "/admin/interest.csv", admin_only(200)),
    Row("admin.index", "GET", lambda w: "/admin", admin_only(200)),
    Row("admin.new_programme", "GET", lambda w: "/admin/programmes/new", admin_only(200)),
    Row("admin.new_programme", "POST", lambda w: "/admin/programmes/new", admin_only(400),
        lambda w: {"name": ""}),
    Row("admin.edit_programme", "GET", lambda w: f"/admin/programmes/{w.programme_a}/edit",
        admin_only(200)),
    Row("admin.edit_programme", "POST", lambda w: f"/admin/programmes/{w.programme_a}/edit",
        admin_only(400), lambda w: {"name": ""}),
    Row("admin.new_user", "GET", lambda w: "/admin/users/new", admin_only(200)),
    Row("admin.new_user", "POST", lambda w: "/admin/users/new", admin_only(400),
        lambda w: {"username": ""}),
    Row("admin.user_reset_link", "POST",
        lambda w: f"/admin/users/{w.users['trainee_b']}/reset-link", admin_only(200)),
    # Group sessions and attendance: programme A's trainers and admins only.
    Row("groupwork.index", "GET", lambda w: sessions(w), staff_only(200)),
    Row("groupwork.new", "GET", lambda w: sessions(w, "/new"), staff_only(200)),
    Row("groupwork.new", "POST", lambda w: sessions(w, "/new"), staff_only(400),
        lambda w: {"title": ""}),
    Row("groupwork.plan", "GET", lambda w: sessions(w, "/plan"), staff_only(200)),
    Row("groupwork.plan", "POST", lambda w: sessions(w, "/plan"), staff_only(400),
        lambda w: {"first_day": ""}),
    Row("groupwork.edit", "GET", lambda w: sessions(w, f"/{w.past_session}/edit"),
        staff_only(200)),
    Row("groupwork.edit", "POST", lambda w: sessions(w, f"/{w.past_session}/edit"),
        staff_only(400), lambda w: {"title": ""}),
    Row("groupwork.cancel", "POST", lambda w: sessions(w, f"/{w.future_session}/cancel"),
        staff_only(302)),
    Row("groupwork.reinstate", "POST", lambda w: sessions(w, f"/{w.future_session}/reinstate"),
        staff_only(302)),
    Row("groupwork.attendance", "GET", lambda w: sessions(w, f"/{w.past_session}/attendance"),
        staff_only(200)),
    Row("groupwork.attendance", "POST", lambda w: sessions(w, f"/{w.past_session}/attendance"),
        staff_only(302), lambda w: {f"status-{w.users['trainee_a']}": "attended"}),
    Row("groupwork.everyone", "POST",
        lambda w: sessions(w, f"/{w.past_session}/attendance/everyone"), staff_only(302)),
    # Readiness: programme A's trainers and admins; a trainee sees their own checklist.
    Row("readiness.index", "GET", lambda w: ready(w), staff_only(200)),
    Row("readiness.add", "POST", lambda w: ready(w, "/items"), staff_only(400),
        lambda w: {"title": ""}),
    Row("readiness.rename", "POST", lambda w: ready(w, f"/items/{w.item}/rename"),
        staff_only(400)),
    # Removing twice is not an error (trainer A removed it: admin is told it is gone).
    Row("readiness.remove", "POST", lambda w: ready(w, f"/items/{w.item}/remove"),
        staff_only(302)),
    Row("readiness.objectives", "GET", lambda w: ready(w, "/objectives"), staff_only(200)),
    Row("readiness.objectives", "POST", lambda w: ready(w, "/objectives"), staff_only(302)),
    Row("readiness.trainee", "GET", lambda w: ready_a(w), staff_only(200)),
    Row("readiness.tick", "POST", lambda w: ready_a(w, f"/items/{w.item}"), staff_only(400)),
    Row("readiness.untick", "POST", lambda w: ready_a(w, f"/items/{w.item}/clear"),
        staff_only(302)),
    Row("readiness.sign", "POST", lambda w: ready_a(w, f"/objectives/{w.module}/1"),
        staff_only(400)),
    Row("readiness.unsign", "POST", lambda w: ready_a(w, f"/objectives/{w.module}/1/undo"),
        staff_only(302)),
    Row("readiness.decide", "POST", lambda w: ready_a(w, "/decision"), staff_only(400),
        lambda w: {"decision": "ready"}),
    # A trainee's own sessions, calendar and checklist.
    Row("training.session", "GET", lambda w: f"/training/sessions/{w.future_session}",
        trainee_a_only(200)),
    Row("training.cant_come", "POST", lambda w: f"/training/sessions/{w.future_session}/cant-come",
        trainee_a_only(302), lambda w: {"reason": "Exam"}),
    Row("training.can_come", "POST", lambda w: f"/training/sessions/{w.future_session}/can-come",
        trainee_a_only(302)),
    Row("training.session_ics", "GET", lambda w: f"/training/sessions/{w.future_session}.ics",
        trainee_a_only(200)),
    Row("training.calendar", "GET", lambda w: "/training/calendar",
        trainee_a_only(200, trainee_b=200)),
    Row("training.calendar_address", "POST", lambda w: "/training/calendar/address",
        trainee_a_only(302, trainee_b=302)),
    # The feed is reached by its secret token alone (a phone's calendar cannot log in).
    Row("training.calendar_feed", "GET", lambda w: f"/training/calendar/{w.feed_token}.ics",
        EVERYONE_200),
    Row("training.readiness", "GET", lambda w: "/training/readiness",
        trainee_a_only(200, trainee_b=200)),
    Row("evaluation.export_attendance", "GET", lambda w: "/evaluation/exports/attendance.csv",
        expect(200, anonymous=302, trainee_a=403, trainee_b=403)),
    Row("evaluation.export_readiness", "GET", lambda w: "/evaluation/exports/readiness.csv",
        expect(200, anonymous=302, trainee_a=403, trainee_b=403)),
    # Training on a phone with no signal: the worker, manifest and offline page are for
    # everyone (they hold no one's details); the JSON is a trainee's own, 401 for no one.
    Row("offline.service_worker", "GET", lambda w: "/sw.js", EVERYONE_200),
    Row("offline.manifest", "GET", lambda w: "/manifest.webmanifest", EVERYONE_200),
    Row("offline.page", "GET", lambda w: "/offline", EVERYONE_200),
    Row("offline.training_copy", "GET", lambda w: "/offline/training.json",
        expect(403, anonymous=401, trainee_a=200, trainee_b=200)),
    # The matrix posts a form, not JSON: a trainee's request is read and refused (400).
    Row("offline.send_marks", "POST", lambda w: "/offline/marks",
        expect(403, anonymous=401, trainee_a=400, trainee_b=400)),
]  # fmt: skip


def _row_id(row: Row) -> str:
    return f"{row.method} {row.endpoint}"


def test_every_route_has_a_row(app):
    routes = {
        (rule.endpoint, method)
        for rule in app.url_map.iter_rules()
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    covered = {(row.endpoint, row.method) for row in MATRIX}
    assert routes - covered == set(), "routes with no row in the authorisation matrix"
    assert covered - routes == set(), "rows for routes that no longer exist"


@pytest.mark.parametrize("row", MATRIX, ids=_row_id)
def test_route_answers_each_persona_as_the_matrix_says(app, row: Row):
    world = build_world(app)
    got = {}
    for number, persona in enumerate(PERSONAS):  # admin last: its POSTs may change things
        # Each person from their own address, as in life (rate limits are per address).
        client = app.test_client()
        client.environ_base["REMOTE_ADDR"] = f"192.0.2.{number + 1}"
        if persona != "anonymous":
            log_in(client, who(world.usernames[persona]))
        data = dict(row.data(world)) if row.data else {}
        if row.method == "POST":
            data["csrf_token"] = csrf_token(client, "/accessibility" if persona != "anonymous"
                                            else "/login")  # fmt: skip
            response = client.post(row.url(world), data=data)
        else:
            response = client.get(row.url(world))
        response.close()
        got[persona] = response.status_code
        if response.status_code == 302 and persona == "anonymous" and row.statuses[persona] == 302:
            location = response.headers["Location"]
            assert not _needs_login(row) or location.startswith("/login"), location
    assert got == row.statuses


def _needs_login(row: Row) -> bool:
    return row.statuses["anonymous"] == 302 and row.endpoint.split(".")[0] in {
        "account", "admin", "programmes", "training", "certificates", "adaptation", "groupwork",
        "readiness",
    } or row.endpoint in {"main.dashboard", "auth.change_password"}  # fmt: skip


def test_trainer_of_b_cannot_reach_a_trainee_of_a_through_programme_b(app):
    """Changing only the programme id in the URL must not open another programme's trainee."""
    world = build_world(app)
    client = app.test_client()
    log_in(client, who(world.usernames["trainer_b"]))
    url = f"/programmes/{world.programme_b}/trainees/{world.users['trainee_a']}"
    assert client.get(url).status_code == 404


def test_unknown_programme_and_trainee_are_404_for_admins(app):
    world = build_world(app)
    client = app.test_client()
    log_in(client, who(world.usernames["admin"]))
    assert client.get("/programmes/99999").status_code == 404
    assert client.get(f"/programmes/{world.programme_a}/trainees/99999").status_code == 404
    assert client.get("/admin/programmes/99999/edit").status_code == 404
    with app.app_context():
        assert db.session.get(Programme, world.programme_a) is not None
        assert db.session.get(User, world.users["admin"]) is not None
