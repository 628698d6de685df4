"""Demo data for `make run`: two programmes, their staff, and trainees part-way through.

Idempotent: running it twice changes nothing. Refuses to run in production.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from .auth.accounts import create_user, find_user
from .content import Catalogue
from .extensions import db
from .models import Programme, Role, User
from .programmes.curriculum import default_curriculum, set_curriculum
from .training.records import curriculum_modules, mark_done

DEMO_PASSWORD = "demo-password-2026"

PROGRAMMES = [
    {
        "name": "Next Steps Peer Mentoring",
        "local_authority": "glasgow-city",
        "partner_organisation": "Clyde Youth Trust",
        "focus": ["transitions", "housing"],
        "join_code": "GLASGOW26",
        "support_contacts": "**Your coordinator:** Aisha, Monday to Friday, 9am to 5pm.\n\n"
        "Out of hours, call the duty team number on your card.",
    },
    {
        "name": "Fife Care Leavers Mentoring",
        "local_authority": "fife",
        "partner_organisation": "Kingdom Futures",
        "focus": ["education-employment", "wellbeing"],
        "join_code": "FIFEJOIN2",
        "support_contacts": "**Your coordinator:** Callum, weekdays 10am to 4pm.",
    },
]

STAFF = [
    ("admin", "Morag (admin)", Role.ADMIN, None),
    ("evaluator", "Priya (evaluator)", Role.EVALUATOR, None),
    ("trainer.glasgow", "Aisha Rahman", Role.TRAINER, 0),
    ("trainer.fife", "Callum Reid", Role.TRAINER, 1),
]

# username, display name, programme index, how many sections each to mark done
TRAINEES = [
    ("jordan", "Jordan", 0, 99),
    ("kayleigh", "Kayleigh", 0, 4),
    ("ewan", "Ewan", 0, 0),
    ("amira", "Amira", 1, 9),
    ("liam", "Liam", 1, 2),
    ("skye", "Skye", 1, 0),
]


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    programme: str


def seed_demo(catalogue: Catalogue) -> list[Login]:
    programmes = [_programme(spec, catalogue) for spec in PROGRAMMES]
    logins = []
    for username, name, role, index in STAFF:
        user = find_user(username) or create_user(username, name, DEMO_PASSWORD, role)
        if index is not None and programmes[index] not in user.trainer_of:
            user.trainer_of.append(programmes[index])
        logins.append(
            Login(username, role.value, programmes[index].name if index is not None else "all")
        )
    db.session.commit()
    for username, name, index, sections in TRAINEES:
        programme = programmes[index]
        user = find_user(username)
        if user is None:
            user = create_user(username, name, DEMO_PASSWORD, programme=programme)
            db.session.commit()
            _work_through(user, programme, catalogue, sections)
        logins.append(Login(username, "trainee", programme.name))
    return logins


def _programme(spec: dict, catalogue: Catalogue) -> Programme:
    programme = db.session.scalar(sa.select(Programme).where(Programme.name == spec["name"]))
    if programme is None:
        programme = Programme(**spec)
        db.session.add(programme)
        set_curriculum(programme, default_curriculum(catalogue.modules, programme.focus))
        db.session.commit()
    return programme


def _work_through(user: User, programme: Programme, catalogue: Catalogue, sections: int) -> None:
    """Mark the first `sections` sections of the curriculum as done, in order."""
    for module, _required in curriculum_modules(programme, catalogue):
        for section in module.sections:
            if sections <= 0:
                return
            mark_done(user, programme, module, section.id)
            sections -= 1
