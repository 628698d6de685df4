"""Pure progress logic: what state each module is in, and where to continue.

Nothing here touches the database or Flask: it takes modules and the facts
recorded about a trainee, and returns what to show them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from functools import cached_property

from ..content import Module

# Sections done, per module id: section id -> when.
DoneSections = dict[str, dict[str, datetime]]


class Status(StrEnum):
    NOT_STARTED = "not-started"
    IN_PROGRESS = "in-progress"
    COMPLETE = "complete"


STATUS_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.IN_PROGRESS: "In progress",
    Status.COMPLETE: "Complete",
}


@dataclass(frozen=True)
class ModuleProgress:
    """One trainee's progress in one module. The figures are worked out on first use and
    kept (a page asks for them many times: the programme page's grid, thousands)."""

    module: Module
    required: bool
    done_ids: frozenset[str]
    last_activity: datetime | None
    finished_version: int | None = None  # the version the trainee first finished, if any

    @cached_property
    def finished_before(self) -> bool:
        """The trainee finished an earlier version of this module."""
        return (
            self.finished_version is not None and self.finished_version < self.module.meta.version
        )

    @cached_property
    def total(self) -> int:
        return len(self.module.sections)

    @cached_property
    def done(self) -> int:
        """Done sections that are still in the module (removed ones do not count)."""
        return sum(1 for s in self.module.sections if s.id in self.done_ids)

    @cached_property
    def status(self) -> Status:
        if self.total and self.done == self.total:
            return Status.COMPLETE
        return Status.IN_PROGRESS if self.done else Status.NOT_STARTED

    @cached_property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @cached_property
    def new_sections(self) -> int:
        """Sections not done in a module that changed since the trainee finished it:
        why a finished module reopened. (Undoing a part of an unchanged module is not
        an update, so it does not count.)"""
        if not self.finished_before or self.status is Status.COMPLETE:
            return 0
        return self.total - self.done

    @cached_property
    def first_unfinished(self) -> str | None:
        return next((s.id for s in self.module.sections if s.id not in self.done_ids), None)


def module_progress(
    module: Module,
    required: bool,
    done: dict[str, datetime],
    finished_version: int | None = None,
) -> ModuleProgress:
    current = {s.id for s in module.sections}
    times = [when for sid, when in done.items() if sid in current]
    return ModuleProgress(
        module=module,
        required=required,
        done_ids=frozenset(done),
        last_activity=max(times) if times else None,
        finished_version=finished_version,
    )


def curriculum_progress(
    curriculum: Iterable[tuple[Module, bool]],
    done: DoneSections,
    finished: Mapping[str, int] | None = None,
) -> list[ModuleProgress]:
    """Progress for each (module, required) pair, in curriculum order. `finished` maps
    a module id to the version the trainee first finished it at."""
    finished = finished or {}
    return [
        module_progress(module, required, done.get(module.id, {}), finished.get(module.id))
        for module, required in curriculum
    ]


def continue_target(progress: Sequence[ModuleProgress]) -> tuple[str, str] | None:
    """(module id, section id) to continue from: the first unfinished section of the
    module worked on last; if that one is complete, the next unfinished module."""
    if not progress:
        return None
    worked = [p for p in progress if p.last_activity is not None]
    start = max(worked, key=lambda p: p.last_activity) if worked else progress[0]
    ordered = list(progress)
    index = ordered.index(start)
    for candidate in ordered[index:] + ordered[:index]:
        if candidate.first_unfinished:
            return candidate.module.id, candidate.first_unfinished
    return None


def required_complete(progress: Sequence[ModuleProgress]) -> bool:
    """Every required module complete (and at least one required module exists)."""
    required = [p for p in progress if p.required]
    return bool(required) and all(p.status is Status.COMPLETE for p in required)
