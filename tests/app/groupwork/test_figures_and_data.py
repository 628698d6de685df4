"""What group sessions change elsewhere: the certificate, the programme's figures,
the evaluator's overview (suppressed below 5), exports, and a trainee's data rights."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date

import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.learning.progress_records import mark_done
from mentorhub.models import Attendance, CurriculumItem, Programme, ReadinessItem, User
from tests.app.groupwork.helpers import add_session, client_for
from tests.factories import make_user


def mark(trainer, world, session_id: int, **statuses: str) -> None:
    data = {"csrf_token": trainer.token}
    data.update({f"status-{world.ids[name]}": status for name, status in statuses.items()})
    url = f"/programmes/{world.a}/sessions/{session_id}/attendance"
    assert trainer.post(url, data=data).status_code == 302


def only_welcome_required_and_done(app, world) -> None:
    """Welcome is the one required module, and Jo has finished it."""
    with app.app_context():
        db.session.execute(
            sa.update(CurriculumItem).values(required=CurriculumItem.module_id == "welcome")
        )
        db.session.commit()
        jo = db.session.get(User, world.ids["jo"])
        welcome = app.extensions["mentorhub.catalogue"].get("welcome")
        for section in welcome.sections:
            mark_done(jo, jo.programme, welcome, section.id)
        db.session.commit()  # services flush; the caller commits


def test_the_certificate_needs_the_required_sessions_and_states_group_hours(app, world, trainer,
                                                                            jo):  # fmt: skip
    only_welcome_required_and_done(app, world)
    first = add_session(app, world.a, days=-9, hours=2)
    second = add_session(app, world.a, days=-2, hours=3)
    add_session(app, world.a, days=-1, required=False)  # optional, missed: no matter
    mark(trainer, world, first, jo="attended")
    page = jo.get("/training/certificate").get_data(as_text=True)
    assert "Group sessions: 1 of 2 done." in page
    assert jo.get("/training/certificate.pdf").status_code == 404
    mark(trainer, world, second, jo="attended")
    page = jo.get("/training/certificate").get_data(as_text=True)
    assert "and 5 hours of group sessions" in page
    code = re.search(r"<strong>([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})</strong>", page).group(1)
    # The public check confirms what the certificate says, group hours included.
    public = app.test_client().get(f"/certificates/{code}").get_data(as_text=True)
    assert "<dt>Group sessions</dt><dd>5 hours attended</dd>" in public


def test_caught_up_counts_for_the_certificate_but_not_as_group_hours(app, world, trainer, jo):
    only_welcome_required_and_done(app, world)
    session_id = add_session(app, world.a, days=-5)
    url = f"/programmes/{world.a}/sessions/{session_id}/attendance"
    trainer.post(
        url,
        data={
            "csrf_token": trainer.token,
            f"status-{world.ids['jo']}": "caught-up",
            f"caught-up-on-{world.ids['jo']}": date.today().isoformat(),
            f"caught-up-how-{world.ids['jo']}": "other-group",
        },
    )
    page = jo.get("/training/certificate").get_data(as_text=True)
    assert (
        "Download your certificate" in page
        and "group sessions"
        not in page.split("Checking it is genuine")[0].split("online training")[1]
    )


def test_the_programme_page_shows_attendance_by_session_and_by_trainee(app, world, trainer):
    sessions = [add_session(app, world.a, days=-d, title=f"Week {n}")
                for n, d in enumerate((21, 14, 7), 1)]  # fmt: skip
    mark(trainer, world, sessions[0], jo="attended", kit="attended", lee="attended")
    mark(trainer, world, sessions[1], jo="attended", kit="absent", lee="apologies")
    mark(trainer, world, sessions[2], jo="attended", kit="attended", lee="absent")
    page = trainer.get(f"/programmes/{world.a}").get_data(as_text=True)
    by_session = page[page.index("Attendance by session") : page.index("Attendance by trainee")]
    assert re.search(r"Week 2 .*?<td>3</td><td>1</td><td>1</td><td>1</td><td>0</td><td>33%</td>",
                     by_session)  # fmt: skip
    by_trainee = page[page.index("Attendance by trainee") :]
    assert re.search(r">Lee</a></th><td>3</td><td>1</td><td>0</td><td>33%</td><td><strong>2"
                     r"</strong></td>", by_trainee)  # fmt: skip
    assert re.search(r">Jo</a></th><td>3</td><td>3</td><td>0</td><td>100%</td><td>0</td>",
                     by_trainee)  # fmt: skip


def overview_row(page: str, programme: str) -> str:
    section = page[page.index("Group sessions and readiness") :]
    return re.search(rf"<th scope=\"row\">{programme}</th>(.*?)</tr>", section, re.S).group(1)


def test_the_evaluators_overview_suppresses_fewer_than_five(app, world, trainer):
    session_id = add_session(app, world.a, days=-3, title="Week 1")
    mark(trainer, world, session_id, jo="attended", kit="attended", lee="absent")
    evaluator = client_for(app, world.names["evaluator"])
    row = overview_row(evaluator.get("/evaluation").get_data(as_text=True), "Programme A")
    assert row.count("fewer than 5") >= 2  # started 2, attended 2
    assert "Week 1: fewer than 5 marked" in row
    assert "67%" not in row
    with app.app_context():
        a = db.session.get(Programme, world.a)
        more = [make_user("trainee", programme=a) for _ in range(3)]
        usernames = [u.username for u in more]
    for username in usernames:
        with app.app_context():
            user = db.session.scalar(sa.select(User).where(User.username == username))
            db.session.add(Attendance(session_id=session_id, user_id=user.id,
                                      learner_key=user.learner_key, status="attended",
                                      updated_by_name="Aisha Trainer"))  # fmt: skip
            db.session.commit()
    row = overview_row(evaluator.get("/evaluation").get_data(as_text=True), "Programme A")
    assert "Week 1: 83%" in row  # 5 of 6
    assert re.search(r"<td>5</td><td>5</td>", row)  # started, attended at least one


def test_exports_add_attendance_and_readiness_with_the_same_pseudonyms(app, world, trainer):
    session_id = add_session(app, world.a, days=-3, module_ids=("welcome",))
    mark(trainer, world, session_id, jo="attended", kit="apologies")
    evaluator = client_for(app, world.names["evaluator"])
    body = evaluator.get("/evaluation/exports/attendance.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    dictionary = evaluator.get("/evaluation/exports/data-dictionary.csv?export=attendance")
    columns = [r["column"] for r in csv.DictReader(io.StringIO(dictionary.get_data(as_text=True)))]
    assert list(rows[0]) == columns
    assert sorted(r["status"] for r in rows) == ["apologies", "attended"]
    assert {r["module_ids"] for r in rows} == {"welcome"}
    readiness = evaluator.get("/evaluation/exports/readiness.csv").get_data(as_text=True)
    ready_rows = list(csv.DictReader(io.StringIO(readiness)))
    dictionary = evaluator.get("/evaluation/exports/data-dictionary.csv?export=readiness")
    columns = [r["column"] for r in csv.DictReader(io.StringIO(dictionary.get_data(as_text=True)))]
    assert list(ready_rows[0]) == columns
    pseudonyms = {r["trainee_pseudonym"] for r in rows}
    assert pseudonyms <= {r["trainee_pseudonym"] for r in ready_rows}
    assert all(re.fullmatch(r"[0-9a-f]{16}", p) for p in pseudonyms)
    for personal in ("Jo", "Kit", world.names["jo"]):
        assert f",{personal}," not in body and world.names["jo"] not in readiness
    assert evaluator.get("/evaluation/exports/data-dictionary.csv?export=nope").status_code == 404
    # A trainer exports only their own programme.
    add_session(app, world.b, days=-3)
    other = client_for(app, world.names["trainer_b"])
    assert other.get("/evaluation/exports/attendance.csv").get_data(as_text=True).count("\n") == 1


def test_the_data_download_has_sessions_attendance_messages_and_checklist(app, world, trainer,
                                                                         jo):  # fmt: skip
    past = add_session(app, world.a, days=-3, title="Past")
    coming = add_session(app, world.a, days=4, title="Coming")
    mark(trainer, world, past, jo="attended")
    jo.post(f"/training/sessions/{coming}/cant-come",
            data={"csrf_token": jo.token, "reason": "Dentist"})  # fmt: skip
    trainer.get(f"/programmes/{world.a}/readiness/trainees/{world.ids['jo']}")
    with app.app_context():
        pvg = db.session.scalar(sa.select(ReadinessItem.id).where(ReadinessItem.kind == "pvg",
                                ReadinessItem.programme_id == world.a))  # fmt: skip
    trainer.post(f"/programmes/{world.a}/readiness/trainees/{world.ids['jo']}/items/{pvg}",
                 data={"csrf_token": trainer.token, f"check-{pvg}-done_on":
                       date.today().isoformat(),
                       f"check-{pvg}-who": "Aisha Trainer"})  # fmt: skip
    data = json.loads(jo.get("/account/data.json").get_data(as_text=True))
    assert [s["title"] for s in data["group_sessions"]] == ["Past", "Coming"]
    assert [(a["title"], a["status"]) for a in data["attendance"]] == [("Past", "attended")]
    assert data["messages"][0]["reason"] == "Dentist"
    assert data["readiness_checklist"][0]["who"] == "Aisha Trainer"


def test_deleting_an_account_keeps_attendance_figures_right(app, world, trainer):
    session_id = add_session(app, world.a, days=-3, title="Week 1")
    mark(trainer, world, session_id, jo="attended", kit="attended", lee="absent")
    kit = client_for(app, world.names["kit"])
    kit.post("/account/delete", data={"csrf_token": kit.token, "password":
                                      "correct horse battery staple"})  # fmt: skip
    with app.app_context():
        assert db.session.get(User, world.ids["kit"]) is None
        rows = db.session.scalars(sa.select(Attendance).where(Attendance.session_id == session_id))
        assert sorted((r.user_id is None, r.status) for r in rows) == [
            (False, "absent"),
            (False, "attended"),
            (True, "attended"),
        ]
    page = trainer.get(f"/programmes/{world.a}").get_data(as_text=True)
    assert re.search(r"Week 1 .*?<td>3</td><td>2</td>", page)  # still 2 of 3 attended
    assert ">Kit<" not in page
