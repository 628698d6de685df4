"""A person's data: everything held about them, and deleting their account."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Certificate,
    FeedbackAuthor,
    FeedbackResponse,
    FeedbackSkip,
    LoginSession,
    ModuleCompletion,
    PasswordReset,
    Reflection,
    SectionProgress,
    User,
)


def _iso(value) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def export_user_data(user: User) -> dict[str, Any]:
    """Everything held about `user`, as plain data for a JSON download."""

    def rows(model):
        return db.session.scalars(sa.select(model).where(model.user_id == user.id)).all()

    return {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "role": str(user.role),
            "programme": user.programme.name if user.programme else None,
            "created_at": _iso(user.created_at),
            "last_login_at": _iso(user.last_login_at),
        },
        "sections_done": [
            {
                "programme_id": r.programme_id,
                "module": r.module_id,
                "section": r.section_id,
                "module_version": r.module_version,
                "done_at": _iso(r.done_at),
            }
            for r in rows(SectionProgress)
        ],
        "modules_completed": [
            {
                "programme_id": r.programme_id,
                "module": r.module_id,
                "module_version": r.module_version,
                "completed_at": _iso(r.completed_at),
            }
            for r in rows(ModuleCompletion)
        ],
        "reflections": [
            {
                "module": r.module_id,
                "prompt": r.block_key,
                "text": r.text,
                "score": r.score,
                "updated_at": _iso(r.updated_at),
            }
            for r in rows(Reflection)
        ],
        "certificates": [
            {
                "code": c.code,
                "programme_id": c.programme_id,
                "issued_at": _iso(c.issued_at),
                "show_name": c.show_name,
            }
            for c in rows(Certificate)
        ],
        "feedback": [
            {
                "module": r.module_id,
                "module_version": r.module_version,
                "submitted_at": _iso(r.submitted_at),
                "helped_most": r.helped_most,
                "would_change": r.would_change,
            }
            for r in db.session.scalars(
                sa.select(FeedbackResponse)
                .join(FeedbackAuthor, FeedbackAuthor.response_id == FeedbackResponse.id)
                .where(FeedbackAuthor.user_id == user.id)
            )
        ],
        "log_ins": [
            {"started": _iso(s.created_at), "ended": _iso(s.revoked_at)} for s in rows(LoginSession)
        ],
    }


def delete_account(user: User) -> None:
    """Remove the person; keep their progress, detached, so programme figures stay right.

    Reflections, log-in sessions, reset links and the links to feedback go with the
    account; progress and certificates lose their link to it; certificates stop
    showing a name; feedback responses stay, with nothing to say whose they were.
    """
    db.session.execute(
        sa.update(Certificate)
        .where(Certificate.user_id == user.id)
        .values(holder_name=None, show_name=False)
    )
    for model in (SectionProgress, ModuleCompletion, Certificate):
        db.session.execute(sa.update(model).where(model.user_id == user.id).values(user_id=None))
    # Feedback stays, anonymous: only the link to the person goes.
    for model in (Reflection, LoginSession, FeedbackAuthor, FeedbackSkip):
        db.session.execute(sa.delete(model).where(model.user_id == user.id))
    db.session.execute(sa.delete(PasswordReset).where(PasswordReset.user_id == user.id))
    db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.created_by_id == user.id)
        .values(created_by_id=None)
    )
    user.trainer_of = []
    db.session.delete(user)
    db.session.commit()
