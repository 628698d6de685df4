"""Set-up shared by the parallel-request tests, here and under gunicorn
(tests/faults/test_parallel_gunicorn.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import sqlalchemy as sa
from flask import Flask

from mentorhub.extensions import db
from mentorhub.learning.curriculum import set_curriculum
from tests.factories import FIXTURES, make_programme, make_user, write_module
from tests.live_server import Answer, Server, Visitor

ROUNDS = 4  # fresh people each round: enough tries to meet a race, still a few seconds
MANY_PARTS = [f"part-{n}" for n in range(1, 7)]


def race_content(folder: Path) -> Path:
    """The fixture content, plus `many` (a module of six parts) and `together` (a module
    with a group session), copied into `folder`."""
    shutil.copytree(FIXTURES / "content", folder)
    body = "".join(f"## Part {n} {{#{part}}}\n\nText {n}.\n\n" for n, part in
                   enumerate(MANY_PARTS, 1))  # fmt: skip
    write_module(folder, "many", body, title="Many parts", order=30)
    write_module(folder, "together", title="Together", order=40, face_to_face_minutes=120)
    return folder


def trainees(app: Flask, server: Server, count: int = ROUNDS) -> list[SimpleNamespace]:
    """`count` trainees of one programme (alpha and many, both required), each logged in
    at a browser of their own: `.id`, `.learner_key`, `.browser`, `.token`."""
    with app.app_context():
        programme = make_programme(app.extensions["mentorhub.catalogue"].modules)
        set_curriculum(programme, [("alpha", True), ("many", True)])
        db.session.commit()
        people = [make_user("trainee", programme=programme) for _ in range(count)]
        found = [(p.id, p.username, p.learner_key) for p in people]
    result = []
    for user_id, username, learner_key in found:
        browser = Visitor(server).log_in(username)
        result.append(SimpleNamespace(id=user_id, learner_key=learner_key, browser=browser,
                                      token=browser.csrf_token()))  # fmt: skip
    return result


def staffed_programme(
    app: Flask, server: Server, trainees: int = 3, trainers: int = 2
) -> SimpleNamespace:
    """A programme (alpha and together, both required) with `trainees` trainees and
    `trainers` trainers, each trainer logged in at a browser of their own: `.id`,
    `.trainee_ids`, `.trainees` (usernames), `.trainers` (browsers), `.token` (the
    first trainer's CSRF token), `.tokens` (each trainer's)."""
    with app.app_context():
        programme = make_programme(app.extensions["mentorhub.catalogue"].modules)
        set_curriculum(programme, [("alpha", True), ("together", True)])
        db.session.commit()
        people = [make_user("trainee", programme=programme) for _ in range(trainees)]
        staff = [make_user("trainer", trainer_of=[programme]) for _ in range(trainers)]
        found = SimpleNamespace(id=programme.id, trainee_ids=[p.id for p in people],
                                trainees=[p.username for p in people])  # fmt: skip
        staff_names = [s.username for s in staff]
    found.trainers = [Visitor(server).log_in(name) for name in staff_names]
    found.tokens = [browser.csrf_token() for browser in found.trainers]
    found.token = found.tokens[0]
    return found


def count(app: Flask, model, **where) -> int:
    """How many rows of `model` match `where` (column=value)."""
    with app.app_context():
        query = sa.select(sa.func.count()).select_from(model)
        for name, value in where.items():
            query = query.where(getattr(model, name) == value)
        return db.session.scalar(query)


def the_same(answers: list[Answer]) -> Answer:
    """The one answer every request got (status and where it leads)."""
    assert len({(a.status, a.location) for a in answers}) == 1, answers
    return answers[0]


def no_errors(server: Server) -> None:
    assert server.errors == [], "\n".join(server.errors)
