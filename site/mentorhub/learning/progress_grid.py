"""The trainee x module progress grid a trainer sees, built from one query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa

from ..content import Catalogue, Module
from ..csvfile import csv_text
from ..extensions import db
from ..models import ModuleCompletion, Programme, Role, SectionProgress, User
from .progress import STATUS_LABELS, ModuleProgress, curriculum_progress
from .progress_records import curriculum_modules


@dataclass(frozen=True)
class TraineeRow:
    user: User
    progress: list[ModuleProgress]

    @property
    def last_activity(self) -> datetime | None:
        times = [p.last_activity for p in self.progress if p.last_activity]
        return max(times) if times else None

    @property
    def complete(self) -> int:
        return sum(1 for p in self.progress if p.status == "complete")


@dataclass(frozen=True)
class Grid:
    modules: list[tuple[Module, bool]]
    rows: list[TraineeRow]  # the programme's current trainees, by name
    # Everyone with a record in this programme, named or not: current trainees,
    # trainees who moved on and deleted accounts. For figures, never for names.
    learners: list[list[ModuleProgress]]


def trainees_of(programme: Programme) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.programme_id == programme.id, User.role == Role.TRAINEE)
            .order_by(User.display_name, User.username)
        )
    )


class LearnerRecords(NamedTuple):
    """A programme's progress records, keyed by learner key (everyone with a record:
    current trainees, those who moved on, deleted accounts)."""

    done: dict[str, dict[str, dict[str, datetime]]]  # learner -> module -> section -> done at
    finished: dict[str, dict[str, int]]  # learner -> module -> version finished


def records_by_learner(programme: Programme) -> LearnerRecords:
    """Sections done and modules finished in `programme`, from two queries."""
    done: dict[str, dict[str, dict[str, datetime]]] = {}
    rows = db.session.execute(
        sa.select(
            SectionProgress.learner_key,
            SectionProgress.module_id,
            SectionProgress.section_id,
            SectionProgress.done_at,
        ).where(SectionProgress.programme_id == programme.id)
    )
    for learner, module_id, section_id, done_at in rows:
        done.setdefault(learner, {}).setdefault(module_id, {})[section_id] = done_at
    finished: dict[str, dict[str, int]] = {}
    rows = db.session.execute(
        sa.select(
            ModuleCompletion.learner_key,
            ModuleCompletion.module_id,
            ModuleCompletion.module_version,
        ).where(ModuleCompletion.programme_id == programme.id)
    )
    for learner, module_id, version in rows:
        finished.setdefault(learner, {})[module_id] = version
    return LearnerRecords(done, finished)


@dataclass(frozen=True)
class ProgrammeRecords:
    """What the grid and the cohort both read, loaded once for a page that shows both:
    the curriculum as served, the current trainees, and every learner's records."""

    modules: list[tuple[Module, bool]]
    trainees: list[User]  # by name
    done: dict[str, dict[str, dict[str, datetime]]]  # learner key -> module -> section -> when
    finished: dict[str, dict[str, int]]  # learner key -> module -> version finished
    _progress: dict[str, list[ModuleProgress]] = field(default_factory=dict, repr=False)

    def progress_of(self, learner_key: str) -> list[ModuleProgress]:
        """The learner's progress in each curriculum module (worked out once)."""
        found = self._progress.get(learner_key)
        if found is None:
            found = self._progress[learner_key] = curriculum_progress(
                self.modules, self.done.get(learner_key, {}), self.finished.get(learner_key)
            )
        return found


def programme_records(programme: Programme, catalogue: Catalogue) -> ProgrammeRecords:
    done, finished = records_by_learner(programme)
    return ProgrammeRecords(
        curriculum_modules(programme, catalogue), trainees_of(programme), done, finished
    )


def progress_grid(
    programme: Programme,
    catalogue: Catalogue,
    sort: str = "name",
    records: ProgrammeRecords | None = None,
) -> Grid:
    """The grid from two queries (sections done, modules finished), whatever the size."""
    records = records or programme_records(programme, catalogue)
    trainees = records.trainees
    rows = [TraineeRow(u, records.progress_of(u.learner_key)) for u in trainees]
    if sort == "activity":
        # Most recent first; trainees who have not started yet go last.
        rows.sort(key=lambda r: r.last_activity or datetime.min, reverse=True)
    current = {u.learner_key for u in trainees}
    others = [records.progress_of(learner) for learner in sorted(records.done.keys() - current)]
    return Grid(modules=records.modules, rows=rows, learners=[r.progress for r in rows] + others)


def grid_csv(grid: Grid) -> str:
    """One row per trainee: name, username, last activity, then each module's state."""
    return csv_text(
        ["display_name", "username", "last_activity", "modules_complete"]
        + [module.id for module, _required in grid.modules],
        (
            [
                row.user.display_name,
                row.user.username,
                row.last_activity.strftime("%Y-%m-%d %H:%M") if row.last_activity else "",
                row.complete,
            ]
            + [f"{STATUS_LABELS[p.status]} ({p.done}/{p.total})" for p in row.progress]
            for row in grid.rows
        ),
    )
