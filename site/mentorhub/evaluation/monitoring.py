"""The overview the strategic group uses to monitor the pilots, one row per programme."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from ..content import Catalogue
from ..extensions import db
from ..learning.progress import required_complete
from ..learning.progress_grid import progress_grid
from ..models import FeedbackDailyTotal, ModuleCompletion, Programme, SectionProgress
from ..models.base import utcnow
from .stats import SUPPRESSED, Suppressed, response_rate, suppressed


@dataclass(frozen=True)
class ProgrammeMonitoring:
    programme: Programme
    enrolled: int
    active_30_days: int
    modules_completed: int
    completed_required_share: float | None
    feedback_rate: float | None | Suppressed  # suppressed below 5 responses


def _counts_by_programme(query: sa.Select) -> dict[int, int]:
    return dict(db.session.execute(query).all())


def monitoring(catalogue: Catalogue) -> list[ProgrammeMonitoring]:
    since = utcnow() - timedelta(days=30)
    learners = sa.func.count(sa.distinct(SectionProgress.learner_key))
    active = _counts_by_programme(
        sa.select(SectionProgress.programme_id, learners)
        .where(SectionProgress.done_at >= since)
        .group_by(SectionProgress.programme_id)
    )
    completed = _counts_by_programme(
        sa.select(ModuleCompletion.programme_id, sa.func.count()).group_by(
            ModuleCompletion.programme_id
        )
    )
    responses = _counts_by_programme(  # from the daily totals: no scan of every response
        sa.select(FeedbackDailyTotal.programme_id, sa.func.sum(FeedbackDailyTotal.n)).group_by(
            FeedbackDailyTotal.programme_id
        )
    )
    rows = []
    for programme in db.session.scalars(sa.select(Programme).order_by(Programme.name)):
        grid = progress_grid(programme, catalogue)
        finished = sum(1 for row in grid.rows if required_complete(row.progress))
        done = completed.get(programme.id, 0)
        rows.append(
            ProgrammeMonitoring(
                programme=programme,
                enrolled=len(grid.rows),
                active_30_days=active.get(programme.id, 0),
                modules_completed=done,
                completed_required_share=finished / len(grid.rows) if grid.rows else None,
                feedback_rate=_feedback_rate(responses.get(programme.id, 0), done),
            )
        )
    return rows


def _feedback_rate(responses: int, completions: int) -> float | None | Suppressed:
    """Responses per completed module; a rate from 1 to 4 responses is not shown."""
    if not completions:
        return None
    if responses and suppressed(responses):
        return SUPPRESSED
    return response_rate(min(responses, completions), completions)
