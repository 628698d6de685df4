"""Helpers for the kept programme page's tests: a programme with its trainer logged in,
reading the page, and what the grid says."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from types import SimpleNamespace

from mentorhub.extensions import db
from mentorhub.learning.group_sessions import SessionValues, create_session
from mentorhub.models import GroupSession, Programme, User
from tests.factories import csrf_token, log_in, make_programme, make_user
from tests.pages import who


def programme_with(app, name: str, trainees: list[str]) -> SimpleNamespace:
    """A programme (alpha required, two parts), its trainer (logged in) and trainees."""
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        programme = make_programme(modules, name=name, join_code=None)
        programme.join_code = f"J{abs(hash(name)) % 10**7:07d}"
        people = [make_user(programme=programme, display_name=n) for n in trainees]
        trainer = make_user(role="trainer", trainer_of=[programme], display_name=f"{name} lead")
        db.session.commit()
        found = SimpleNamespace(
            id=programme.id,
            trainer_id=trainer.id,
            trainees={
                p.display_name: SimpleNamespace(id=p.id, username=p.username) for p in people
            },
        )
    found.client = app.test_client()
    log_in(found.client, who(trainer.username))
    return found


def page(programme, **kwargs) -> str:
    response = programme.client.get(f"/programmes/{programme.id}", **kwargs)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def kept(programme, renders) -> str:
    """The page, rendered once and then served from the kept body (checked)."""
    first = page(programme)
    before = len(renders)
    assert untokened(page(programme)) == untokened(first)
    assert len(renders) == before, "the second view was not served from the kept page"
    return first


def untokened(markup: str) -> str:
    """The page without its CSRF tokens (signed with the time: they change each second)."""
    return re.sub(r'value="[\w-]+\.[\w-]+\.[\w-]+"', 'value="token"', markup)


def tokens(markup: str) -> list[str]:
    return re.findall(r'value="([\w-]+\.[\w-]+\.[\w-]+)"', markup)


def cells(markup: str, name: str) -> list[str]:
    """What the grid says for one trainee, module by module."""
    row = re.search(rf">{re.escape(name)}</a>.*?</tr>", markup, re.S)
    assert row, f"no row for {name}"
    return re.findall(r'<span class="visually-hidden">([^<]+)</span></td>', row.group(0))


def trainee_client(app, programme, name: str):
    client = app.test_client()
    log_in(client, who(programme.trainees[name].username))
    return client, csrf_token(client, "/training")


def in_app(app, change, *args) -> None:
    with app.app_context():
        change(*args)
        db.session.commit()


def objects(programme) -> tuple[Programme, User]:
    return db.session.get(Programme, programme.id), db.session.get(User, programme.trainer_id)


def past_session(fife, title: str = "Listening well") -> GroupSession:
    programme, _trainer = objects(fife)
    yesterday = date.today() - timedelta(days=1)
    return create_session(programme, SessionValues(title, yesterday, time(18), time(20)))
