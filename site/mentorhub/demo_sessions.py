"""Demo group sessions and readiness for Glasgow: a ten-session plan on Tuesday
evenings, seven past with attendance, this week's cancelled, one next week; some
checklist items done; Jordan ready to be matched. Runs once (not if Glasgow has
sessions already). Flushes, never commits: `flask seed-demo` commits once."""

from __future__ import annotations

from datetime import date, time, timedelta

from .content import Catalogue
from .learning.attendance import Mark, record_attendance
from .learning.group_sessions import (
    SessionValues,
    cancel_session,
    create_session,
    send_notice,
    sessions_of,
)
from .learning.readiness import (
    CheckValues,
    ensure_checklist,
    record_check,
    record_decision,
    set_marked_objectives,
    sign_off,
)
from .models import AttendanceStatus, CatchUp, Decision, ItemKind, Programme, User

VENUE = "Clyde Youth Trust hub, 140 Argyle Street, Glasgow"
NOTE = "Bring your phone or a notebook. We pay your bus or subway fare in advance: ask Aisha."

# Ten sessions, a week apart: the modules each covers, and whether it is required.
PLAN = [
    ("Welcome and what mentoring is", ["welcome", "what-is-peer-mentoring"], True),
    ("Values, confidentiality and boundaries",
     ["values-and-stereotypes", "confidentiality-and-boundaries"], True),
    ("Staying safe, and the teenage years",
     ["personal-safety-and-first-aid", "understanding-adolescence"], True),
    ("Challenging behaviour and keeping people safe",
     ["managing-challenging-behaviour", "keeping-people-safe"], True),
    ("Mentoring skills", ["mentoring-skills-1", "mentoring-skills-2"], True),
    ("Your story, and looking after yourself", ["sharing-your-story", "looking-after-yourself"],
     True),
    ("Review and round-up", ["review-and-round-up"], True),
    ("Moving on from care", ["moving-on-from-care"], False),
    ("Your first tenancy", ["your-first-tenancy"], False),
    ("Celebration and next steps", [], False),
]  # fmt: skip

A, P, X = AttendanceStatus.ATTENDED, AttendanceStatus.APOLOGIES, AttendanceStatus.ABSENT
# Attendance at the seven past sessions ("C": apologies, then caught up one-to-one).
ATTENDANCE = {
    "jordan": [A, A, A, A, A, A, A],
    "kayleigh": [A, A, A, "C", A, A, A],
    "ewan": [A, A, A, A, P, X, X],
}


def seed_sessions(programme: Programme, catalogue: Catalogue, trainer: User, people: dict) -> None:
    """Glasgow's sessions, attendance and readiness, unless it has sessions already."""
    if sessions_of(programme.id):
        return
    today = date.today()
    coming_tuesday = today + timedelta(days=(1 - today.weekday()) % 7)
    first = coming_tuesday - timedelta(weeks=7)  # so index 7 is this week, 8 next week
    sessions = []
    for n, (title, modules, required) in enumerate(PLAN):
        values = SessionValues(
            title=title,
            day=first + timedelta(weeks=n),
            start=time(18),
            end=time(20),
            venue=VENUE,
            facilitators="Aisha Rahman and a peer mentor from last year",
            module_ids=tuple(m for m in modules if catalogue.get(m)),
            trainee_note=NOTE,
            required=required,
        )
        sessions.append(create_session(programme, values))
    cancel_session(sessions[7], "Aisha is unwell. We will cover it next time.")
    for username, marks in ATTENDANCE.items():
        user = people[username]
        for session, mark in zip(sessions, marks, strict=False):
            caught = mark == "C"
            status = AttendanceStatus.CAUGHT_UP if caught else mark
            day = session.starts_at.date() + timedelta(days=2) if caught else None
            how = CatchUp.ONE_TO_ONE if caught else None
            record_attendance(session, [user], [Mark(user.id, status, day, how)], trainer)
    send_notice(people["kayleigh"], sessions[8], "I have a college exam that evening.")
    _readiness(programme, trainer, people, sessions)


def _readiness(programme: Programme, trainer: User, people: dict, sessions: list) -> None:
    items = {item.kind: item for item in ensure_checklist(programme)}
    objectives = [("mentoring-skills-1", 1), ("confidentiality-and-boundaries", 1)]
    set_marked_objectives(programme, objectives)
    weeks_ago = date.today() - timedelta(weeks=3)
    done = {
        "jordan": [ItemKind.PVG, ItemKind.REFERENCES, ItemKind.INDUCTION, ItemKind.SUPERVISION],
        "kayleigh": [ItemKind.PVG, ItemKind.INDUCTION],
    }
    for username, kinds in done.items():
        for kind in kinds:
            values = CheckValues(
                done_on=weeks_ago,
                who={ItemKind.PVG: trainer.display_name, ItemKind.SUPERVISION: "Aisha Rahman"}.get(
                    kind, ""
                ),
                how_often="every two weeks" if kind == ItemKind.SUPERVISION else "",
            )
            record_check(items[kind], people[username], values, trainer)
    jordan = people["jordan"]
    sign_off(jordan, programme, objectives[0], sessions[4], "Listened really well in role play.",
             trainer)  # fmt: skip
    sign_off(jordan, programme, objectives[1], sessions[1], "", trainer)
    record_decision(programme, jordan, Decision.READY, trainer, date.today() - timedelta(days=2))
