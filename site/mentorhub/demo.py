"""Demo data for `make run`: two programmes, their staff, and trainees part-way through.

Idempotent: running it twice changes nothing. Refuses to run in production. Flushes,
never commits: `flask seed-demo` commits once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from .accounts.users import create_user, find_user
from .content import Catalogue
from .demo_sessions import seed_sessions
from .extensions import db
from .learning.adaptation_doc import AdaptationDoc, NewSection, SectionChange
from .learning.adaptations import adaptation_for, save_revision
from .learning.curriculum import default_curriculum, set_curriculum
from .learning.progress_records import curriculum_modules, mark_done
from .local_authorities import LOCAL_AUTHORITIES
from .models import FeedbackResponse, Programme, Role, User
from .models.base import utcnow
from .models.feedback import contribution, move_totals

DEMO_PASSWORD = "demo-password-2026"

PROGRAMMES = [
    {
        "name": "Next Steps Peer Mentoring",
        "local_authority": "glasgow-city",
        "partner_organisation": "Clyde Youth Trust",
        "focus": ["transitions", "housing"],
        "join_code": "GLASGOW26",
        "support_contacts": "**Your coordinator:** Aisha, Monday to Friday, 9am to 5pm, "
        "on 07700 900123.\n\nOut of hours, call the duty team on 0141 496 0000.",
    },
    {
        "name": "Fife Care Leavers Mentoring",
        "local_authority": "fife",
        "partner_organisation": "Kingdom Futures",
        "focus": ["education-employment", "wellbeing"],
        "join_code": "FIFEJOIN2",
        "support_contacts": "**Your coordinator:** Callum, weekdays 10am to 4pm, on 07700 900456.",
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
class DemoProgramme:
    name: str
    area: str
    join_code: str


def demo_programmes() -> list[DemoProgramme]:
    """The demo programmes as `make run` prints them: name, council area, join code."""
    found = []
    for spec in PROGRAMMES:
        programme = db.session.scalar(sa.select(Programme).where(Programme.name == spec["name"]))
        if programme is not None:
            area = LOCAL_AUTHORITIES.get(programme.local_authority, programme.local_authority)
            found.append(DemoProgramme(programme.name, area, programme.join_code or "(off)"))
    return found


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
    db.session.flush()
    _demo_adaptation(programmes[0], catalogue, find_user("trainer.glasgow"))
    for username, name, index, sections in TRAINEES:
        programme = programmes[index]
        user = find_user(username)
        if user is None:
            user = create_user(username, name, DEMO_PASSWORD, programme=programme)
            db.session.flush()  # for its id
            _work_through(user, programme, catalogue, sections)
        logins.append(Login(username, "trainee", programme.name))
    for programme in programmes:
        _demo_feedback(programme, catalogue)
    glasgow = {name: find_user(name) for name in ("jordan", "kayleigh", "ewan")}
    seed_sessions(programmes[0], catalogue, find_user("trainer.glasgow"), glasgow)
    return logins


def _demo_adaptation(programme: Programme, catalogue: Catalogue, trainer: User) -> None:
    """Glasgow's version of the welcome module: its coordinator and meeting place filled
    in, a note of its own, and one section of its own, so `make run` shows adaptation."""
    module = catalogue.get("welcome")
    if module is None or adaptation_for(programme.id, module.id) is not None:
        return
    local = {block.key: "" for block in module.blocks if block.kind == "local"}
    fills = {
        "your-coordinator": "Your coordinator is **Aisha Rahman**. Text or call her on "
        "07700 900123, Monday to Friday, 9am to 5pm.",
        "when-and-where-the-group-meets": "We meet on **Tuesdays, 6pm to 8pm**, at the Clyde "
        "Youth Trust hub on Argyle Street. We pay your bus or subway fare on the night.",
    }
    doc = AdaptationDoc(
        intro="Welcome to Next Steps! Everyone in our group has been in care, "
        "so you are among people who get it.",
        changes={
            module.sections[0].id: SectionChange(
                note_after="In Glasgow, most of our mentees are 16 to 19 and have just "
                "moved into their first flat."
            )
        },
        new_sections=(
            NewSection(
                id="our-hub",
                title="Our hub",
                text="The hub is open for a cuppa and a chat on weekday afternoons. "
                "You do not need to book.",
                after=module.sections[-1].id,
            ),
        ),
        local_blocks={key: fills[key] for key in local if key in fills},
    )
    save_revision(programme, module, doc, trainer, message="Our coordinator, group and hub")


@dataclass(frozen=True)
class Leaning:
    """How a programme's made-up earlier cohort tends to answer, so each programme's
    figures differ, as real ones would."""

    relevant: float
    clear: float
    recommend: float
    lengths: tuple[int, int, int]  # weights of too short, about right, too long
    before: float  # confidence before the module
    gain: float  # and how much it grew
    earlier_statement: int  # how many answered "It was the right length" (1-5) instead
    comments: tuple[str, ...]


LEANINGS = {
    "GLASGOW26": Leaning(4.4, 4.0, 4.5, (1, 6, 3), 2.0, 1.5, 0, (
        "Hearing other people's stories.", "The activity about befriending.",
        "Talking it through in the group.", "It was a bit long on my phone.",
    )),
    "FIFEJOIN2": Leaning(3.9, 4.3, 3.8, (3, 5, 1), 2.6, 0.9, 4, (
        "Short and to the point.", "I wanted more about college and work.",
        "The quiz was good.",
    )),
}  # fmt: skip


def _demo_feedback(programme: Programme, catalogue: Catalogue) -> None:
    """Feedback from an earlier (made-up) cohort, so the dashboards have something to
    show: enough responses on the first two modules to pass the 5-response threshold,
    different for each programme. Some of Fife's answered the earlier length statement.
    They have no author, as if those trainees had since deleted their accounts."""
    modules = curriculum_modules(programme, catalogue)
    leaning = LEANINGS.get(programme.join_code)
    if leaning is None or db.session.scalar(
        sa.select(FeedbackResponse.id).where(FeedbackResponse.programme_id == programme.id)
    ):
        return
    rng = random.Random(programme.join_code)  # the same figures on every machine
    for index, (module, _required) in enumerate(modules[:2]):
        count = rng.randint(8, 12)
        # Length answers in the programme's proportions, and each comment once.
        lengths = [v for v, w in zip((1, 2, 3), leaning.lengths, strict=True) for _ in range(w)]
        rng.shuffle(lengths)
        comments = [*leaning.comments, *[""] * count][:count]
        rng.shuffle(comments)
        for number in range(count):
            earlier = index == 0 and number < leaning.earlier_statement
            answers = (lengths[number % len(lengths)], comments[number])
            response = _demo_response(rng, programme, module, leaning, earlier, answers)
            db.session.add(response)
            db.session.flush()
            # Dated in the past, so added here rather than by save_response (which dates a
            # response now), and counted in the daily totals as save_response would.
            move_totals(None, contribution(response.id))


def _demo_response(
    rng: random.Random,
    programme: Programme,
    module,
    leaning: Leaning,
    earlier: bool,
    answers: tuple[int, str],
) -> FeedbackResponse:
    def score(mean: float) -> int:
        return min(5, max(1, round(rng.gauss(mean, 0.8))))

    before = score(leaning.before)
    after = min(5, max(1, before + round(rng.gauss(leaning.gain, 0.9))))
    length, comment = answers
    days_ago = rng.randint(40, 60) if earlier else rng.randint(1, 30)
    return FeedbackResponse(
        module_id=module.id, module_version=module.meta.version, programme_id=programme.id,
        relevant=score(leaning.relevant), clear=score(leaning.clear),
        recommend=score(leaning.recommend),
        right_length=score(3.6) if earlier else None, length=None if earlier else length,
        confidence_before=before, confidence_after=after,
        helped_most=comment,
        submitted_at=utcnow() - timedelta(days=days_ago),
    )  # fmt: skip


def _programme(spec: dict, catalogue: Catalogue) -> Programme:
    programme = db.session.scalar(sa.select(Programme).where(Programme.name == spec["name"]))
    if programme is None:
        programme = Programme(**spec)
        db.session.add(programme)
        set_curriculum(programme, default_curriculum(catalogue.modules, programme.focus))
        db.session.flush()
    return programme


def _work_through(user: User, programme: Programme, catalogue: Catalogue, sections: int) -> None:
    """Mark the first `sections` sections of the curriculum as done, in order."""
    for module, _required in curriculum_modules(programme, catalogue):
        for section in module.sections:
            if sections <= 0:
                return
            mark_done(user, programme, module, section.id)
            sections -= 1
