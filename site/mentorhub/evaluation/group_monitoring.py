"""The monitoring overview's group-session and readiness figures, per programme.

Counts of 1 to 4 trainees, and attendance rates over fewer than 5 trainees, are
suppressed as everywhere else: small numbers re-identify young people."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..content import Catalogue
from ..extensions import db
from ..learning.cohort import cohort
from ..learning.readiness_rules import Stage
from ..models import Programme
from .stats import SUPPRESSED, Suppressed, suppressed

Count = int | Suppressed


def small(n: int) -> Count:
    """n, or SUPPRESSED for 1 to 4 (0 says nothing about anyone)."""
    return SUPPRESSED if n > 0 and suppressed(n) else n


@dataclass(frozen=True)
class SessionRate:
    title: str
    rate: float | None | Suppressed  # None: nobody marked yet


@dataclass(frozen=True)
class GroupMonitoring:
    programme: Programme
    started: Count
    attended_a_session: Count
    completed: Count  # required modules and sessions done (and since then ready or not)
    ready: Count
    withdrew: Count
    sessions: list[SessionRate]


def group_monitoring(catalogue: Catalogue) -> list[GroupMonitoring]:
    rows = []
    for programme in db.session.scalars(sa.select(Programme).order_by(Programme.name)):
        group = cohort(programme, catalogue)
        counts = group.counts()
        completed = sum(1 for t in group.everyone if t.completed)
        rates = [
            SessionRate(
                session.title,
                None if not f.marked else SUPPRESSED if suppressed(f.marked) else f.rate,
            )
            for session, f in group.session_rows
            if not session.cancelled
        ]
        rows.append(
            GroupMonitoring(
                programme=programme,
                started=small(group.started),
                attended_a_session=small(group.attended_any),
                completed=small(completed),
                ready=small(counts[Stage.READY]),
                withdrew=small(counts[Stage.WITHDRAWN]),
                sessions=rates,
            )
        )
    return rows
