"""Readiness to mentor, as plain rules: the default checklist, the words trainees see,
what each line's state is, and where a trainee stands after a trainer's decisions.

Pure: no Flask, no database. The defaults follow the report (training, then a
trainer's judgement) and current Scottish practice (PVG scheme membership for a
regulated role with children, references, an induction, agreed supervision).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Protocol

from ..models.readiness import Decision, ItemKind

DEFAULT_ITEMS: list[tuple[ItemKind, str]] = [
    (ItemKind.PVG, "PVG scheme membership confirmed for the role"),
    (ItemKind.REFERENCES, "References received"),
    (ItemKind.INDUCTION, "Induction meeting held"),
    (ItemKind.MODULES, "Every required online module complete"),
    (ItemKind.SESSIONS, "Every required group session attended or caught up"),
    (ItemKind.OBJECTIVES, "Objectives signed off by a trainer"),
    (ItemKind.SUPERVISION, "Supervision arrangement agreed (who, how often)"),
]

# Lines the site fills in: nobody ticks them by hand.
AUTOMATIC = frozenset({ItemKind.MODULES, ItemKind.SESSIONS, ItemKind.OBJECTIVES})

# What a trainee reads: (what it is, who does it). Plain words, short sentences.
TRAINEE_WORDS: dict[str, tuple[str, str]] = {
    ItemKind.PVG: ("Your PVG check. PVG is a check that you are safe to work with young "
                   "people. Your trainer helps you apply.", "Your trainer confirms it."),
    ItemKind.REFERENCES: ("References. People who know you say you would be a good mentor.",
                          "Your trainer asks for them."),
    ItemKind.INDUCTION: ("A first meeting about how the programme works.",
                         "You and your trainer meet."),
    ItemKind.MODULES: ("Finish the online modules you need.", "You do this."),
    ItemKind.SESSIONS: ("Come to the group sessions you need, or catch up on any you miss.",
                        "You do this. Your trainer helps you catch up."),
    ItemKind.OBJECTIVES: ("Show the skills from the training in the sessions.",
                          "Your trainer signs them off."),
    ItemKind.SUPERVISION: ("Agree who will support you as a mentor, and how often you meet.",
                           "You and your trainer agree it."),
}  # fmt: skip


def trainee_words(kind: str, title: str) -> tuple[str, str]:
    """(what, who does it) for a trainee; a trainer's own item shows its title."""
    return TRAINEE_WORDS.get(kind, (title, "Your trainer ticks it off."))


class CheckLike(Protocol):
    done_on: date
    who: str
    how_often: str
    note: str
    recorded_by_name: str


class ItemLike(Protocol):
    id: int
    kind: str
    title: str


@dataclass(frozen=True)
class Facts:
    """What the site knows about one trainee, beyond ticks."""

    modules_missing: Sequence[str] = ()  # required modules not complete
    sessions_missing: Sequence[str] = ()  # required sessions not attended or caught up
    objectives_missing: Sequence[str] = ()  # objectives marked for sign-off, not signed
    objectives_total: int = 0
    checks: Mapping[int, CheckLike] = field(default_factory=dict)  # item id -> check


@dataclass(frozen=True)
class Line:
    item_id: int
    kind: str
    title: str
    done: bool
    automatic: bool
    check: CheckLike | None = None  # for a line ticked by hand
    missing: tuple[str, ...] = ()  # what is left, for automatic lines


def lines(items: Sequence[ItemLike], facts: Facts) -> list[Line]:
    out = []
    for item in items:
        if item.kind in AUTOMATIC:
            missing = {
                ItemKind.MODULES: facts.modules_missing,
                ItemKind.SESSIONS: facts.sessions_missing,
                ItemKind.OBJECTIVES: facts.objectives_missing,
            }[ItemKind(item.kind)]
            out.append(
                Line(item.id, item.kind, item.title, not missing, True, None, tuple(missing))
            )
        else:
            check = facts.checks.get(item.id)
            out.append(Line(item.id, item.kind, item.title, check is not None, False, check))
    return out


def all_done(checklist: Sequence[Line]) -> bool:
    return all(line.done for line in checklist)


class DecisionLike(Protocol):
    kind: str
    reason: str
    decided_on: date
    decided_by_name: str
    decided_at: datetime


@dataclass(frozen=True)
class Standing:
    ready_on: date | None = None
    ready_by: str = ""
    not_ready_reason: str = ""  # when the latest readiness decision withdrew it
    left_on: date | None = None
    left_reason: str = ""

    @property
    def ready(self) -> bool:
        return self.ready_on is not None

    @property
    def withdrawn(self) -> bool:
        return self.left_on is not None


def standing(decisions: Sequence[DecisionLike]) -> Standing:
    """Where a trainee stands: the latest readiness decision and the latest
    leaving or return each count (`decisions` in the order they were made)."""
    readiness = [d for d in decisions if d.kind in (Decision.READY, Decision.NOT_READY)]
    leaving = [d for d in decisions if d.kind in (Decision.LEFT, Decision.RETURNED)]
    latest = readiness[-1] if readiness else None
    left = leaving[-1] if leaving and leaving[-1].kind == Decision.LEFT else None
    ready = latest if latest is not None and latest.kind == Decision.READY else None
    return Standing(
        ready_on=ready.decided_on if ready else None,
        ready_by=ready.decided_by_name if ready else "",
        not_ready_reason=latest.reason if latest and latest.kind == Decision.NOT_READY else "",
        left_on=left.decided_on if left else None,
        left_reason=left.reason if left else "",
    )


class Stage(StrEnum):
    IN_TRAINING = "in-training"
    COMPLETED = "completed"
    READY = "ready"
    WITHDRAWN = "withdrawn"


STAGE_LABELS = {
    Stage.IN_TRAINING: "In training",
    Stage.COMPLETED: "Completed the training",
    Stage.READY: "Ready to be matched",
    Stage.WITHDRAWN: "Withdrawn",
}


def stage(where: Standing, completed: bool) -> Stage:
    """One stage per trainee, for counting: withdrawn, else ready, else completed
    (required modules and sessions done), else in training."""
    if where.withdrawn:
        return Stage.WITHDRAWN
    if where.ready:
        return Stage.READY
    return Stage.COMPLETED if completed else Stage.IN_TRAINING
