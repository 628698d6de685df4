"""A programme's trainees as a whole: each one's checklist, stage and attendance, and
the figures trainers and evaluators see. Reads only: a handful of queries per
programme whatever its size (no query per trainee)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..content import Catalogue
from ..models import GroupSession, Programme, User
from .attendance import programme_statuses
from .attendance_figures import (
    DONE,
    LearnerFigures,
    SessionFigures,
    SessionsDone,
    learner_figures,
    session_figures,
    sessions_done,
)
from .group_sessions import sessions_of
from .progress import ModuleProgress, Status
from .progress_grid import ProgrammeRecords, records_by_learner, trainees_of
from .progress_records import curriculum_modules
from .readiness import (
    checklist_items,
    checks_for,
    decisions_by_learner,
    objectives_to_sign,
    sign_offs_for,
)
from .readiness_rules import Facts, Line, Stage, Standing, lines, stage, standing
from .session_times import day_text, to_london


def modules_missing(progress: Sequence[ModuleProgress]) -> list[str]:
    return [p.module.meta.title for p in progress if p.required and p.status is not Status.COMPLETE]


def sessions_missing(sessions: Sequence[GroupSession], statuses: Mapping[int, str]) -> list[str]:
    return [
        f"{s.title} ({day_text(to_london(s.starts_at).date())})"
        for s in sessions
        if s.required and not s.cancelled and statuses.get(s.id) not in DONE
    ]


@dataclass(frozen=True)
class TraineeState:
    """One trainee of the programme (or a learner whose account is gone: user None)."""

    learner_key: str
    user: User | None
    checklist: list[Line]
    standing: Standing
    sessions: SessionsDone
    modules_done: bool
    started: bool
    figures: LearnerFigures

    @property
    def completed(self) -> bool:
        """The training is done: required modules and required sessions."""
        return self.modules_done and self.sessions.complete

    @property
    def stage(self) -> Stage:
        return stage(self.standing, self.completed)

    @property
    def all_done(self) -> bool:
        return all(line.done for line in self.checklist)


@dataclass(frozen=True)
class Cohort:
    sessions: list[GroupSession]
    session_figures: list[SessionFigures]
    trainees: list[TraineeState]  # current trainees, by name
    everyone: list[TraineeState]  # and learners who left or deleted their account

    @property
    def session_rows(self) -> list[tuple[GroupSession, SessionFigures]]:
        return list(zip(self.sessions, self.session_figures, strict=True))

    def counts(self) -> dict[Stage, int]:
        found = dict.fromkeys(Stage, 0)
        for learner in self.everyone:
            found[learner.stage] += 1
        return found

    @property
    def started(self) -> int:
        return sum(1 for t in self.everyone if t.started)

    @property
    def attended_any(self) -> int:
        return sum(1 for t in self.everyone if t.figures.attended)


def cohort(
    programme: Programme,
    catalogue: Catalogue,
    only: User | None = None,
    records: ProgrammeRecords | None = None,
) -> Cohort:
    """Everything about the programme's trainees (or just `only`), from one query each
    for trainees, progress, sessions, attendance, ticks, sign-offs and decisions
    (trainees and progress from `records` when the page has loaded them already)."""
    if records is None or only is not None:
        done, finished = records_by_learner(programme)
        users = [only] if only is not None else trainees_of(programme)
        records = ProgrammeRecords(curriculum_modules(programme, catalogue), users, done, finished)
    users = records.trainees
    done = records.done
    sessions = sessions_of(programme.id)
    statuses = programme_statuses(programme.id)
    decisions = decisions_by_learner(programme.id)
    items = checklist_items(programme)
    checks = checks_for([u.id for u in users], programme.id)
    signed = sign_offs_for([u.id for u in users], programme.id)
    objectives = objectives_to_sign(programme, catalogue)
    keys = [u.learner_key for u in users]
    if only is None:
        others = (set(done) | {k for _s, k in statuses} | set(decisions)) - set(keys)
        keys += sorted(others)
    by_key = {u.learner_key: u for u in users}
    figures = learner_figures(sessions, statuses, keys)
    states = []
    for key in keys:
        user = by_key.get(key)
        progress = records.progress_of(key)
        mine = {sid: status for (sid, k), status in statuses.items() if k == key}
        own_signed = signed.get(user.id, {}) if user else {}
        facts = Facts(
            modules_missing=modules_missing(progress),
            sessions_missing=sessions_missing(sessions, mine),
            objectives_missing=[t for m, n, t in objectives if (m, n) not in own_signed],
            objectives_total=len(objectives),
            checks=checks.get(user.id, {}) if user else {},
        )
        states.append(
            TraineeState(
                learner_key=key,
                user=user,
                checklist=lines(items, facts),
                standing=standing(decisions.get(key, [])),
                sessions=sessions_done(sessions, mine),
                modules_done=not facts.modules_missing,
                started=bool(done.get(key)) or any(s in DONE for s in mine.values()),
                figures=figures[key],
            )
        )
    return Cohort(
        sessions=sessions,
        session_figures=session_figures(sessions, statuses),
        trainees=[s for s in states if s.user is not None],
        everyone=states,
    )


def trainee_state(user: User, programme: Programme, catalogue: Catalogue) -> TraineeState:
    """One trainee's checklist, stage and sessions."""
    return cohort(programme, catalogue, only=user).trainees[0]
