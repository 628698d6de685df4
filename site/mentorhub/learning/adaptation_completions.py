"""Keeping trainees' completions right when an adaptation changes what they see.

Section progress is read against the module as it is now, so percentages follow an
adaptation by themselves. A completion, though, is a dated record (certificates
show it): when hiding sections finishes a module for someone, it is written here.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from ..content import Module
from ..extensions import db
from ..models import ModuleCompletion, Programme, Role, SectionProgress, User
from ..models.base import utcnow
from ..models.writes import insert_or_ignore
from .progress import Status, module_progress


def record_new_completions(programme: Programme, module: Module) -> int:
    """Add a completion for each current trainee whom `module` (as adapted) now
    counts as finished; return how many were added."""
    rows = db.session.execute(
        sa.select(
            SectionProgress.learner_key,
            SectionProgress.user_id,
            SectionProgress.section_id,
            SectionProgress.done_at,
        )
        .join(User, User.id == SectionProgress.user_id)
        .where(
            SectionProgress.programme_id == programme.id,
            SectionProgress.module_id == module.id,
            User.programme_id == programme.id,
            User.role == Role.TRAINEE,
        )
    )
    done: dict[tuple[str, int], dict[str, datetime]] = {}
    for learner_key, user_id, section_id, when in rows:
        done.setdefault((learner_key, user_id), {})[section_id] = when
    finished = set(
        db.session.scalars(
            sa.select(ModuleCompletion.learner_key).where(
                ModuleCompletion.programme_id == programme.id,
                ModuleCompletion.module_id == module.id,
            )
        )
    )
    added = 0
    for (learner_key, user_id), sections in done.items():
        if learner_key in finished:
            continue
        if module_progress(module, True, sections).status is Status.COMPLETE:
            # The trainee may be finishing it themselves at this moment: one row either way.
            added += insert_or_ignore(
                ModuleCompletion,
                {
                    "user_id": user_id,
                    "learner_key": learner_key,
                    "programme_id": programme.id,
                    "module_id": module.id,
                    "module_version": module.meta.version,
                    "completed_at": utcnow(),
                },
                key=["learner_key", "programme_id", "module_id"],
            )
    return added
