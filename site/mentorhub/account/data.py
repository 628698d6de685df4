"""A person's data: everything held about them, and deleting their account."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..learning.certificate_files import certificate_folder, forget_certificate_pdfs
from ..learning.group_data import export_group_data, forget_group_data
from ..models import (
    LENGTH_ANSWERS,
    Adaptation,
    AdaptationRevision,
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


def _rows(model, user: User, *order_by) -> list:
    """The person's rows of `model`, always in the same order (id breaks ties)."""
    return list(
        db.session.scalars(
            sa.select(model).where(model.user_id == user.id).order_by(*order_by, model.id)
        )
    )


def export_user_data(user: User) -> dict[str, Any]:
    """Everything held about `user`, as plain data for a JSON download. Every list is
    in a fixed order, so two downloads of the same data are the same, byte for byte."""
    return {
        "account": _account(user),
        "sections_done": _sections_done(user),
        "modules_completed": _modules_completed(user),
        "reflections": _reflections(user),
        "certificates": _certificates(user),
        "feedback": _feedback(user),
        "feedback_skipped": _feedback_skipped(user),
        "log_ins": _log_ins(user),
        "password_reset_links": _password_reset_links(user),
        "adaptation_revisions_written": _revisions_written(user),
        **export_group_data(user),
    }


def _account(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "role": str(user.role),
        "programme": user.programme.name if user.programme else None,
        "programmes_you_train": sorted(p.name for p in user.trainer_of),
        "created_at": _iso(user.created_at),
        "last_login_at": _iso(user.last_login_at),
    }


def _sections_done(user: User) -> list[dict[str, Any]]:
    rows = _rows(
        SectionProgress,
        user,
        SectionProgress.programme_id,
        SectionProgress.module_id,
        SectionProgress.done_at,
        SectionProgress.section_id,
    )
    return [
        {
            "programme_id": r.programme_id,
            "module": r.module_id,
            "section": r.section_id,
            "module_version": r.module_version,
            "done_at": _iso(r.done_at),
        }
        for r in rows
    ]


def _modules_completed(user: User) -> list[dict[str, Any]]:
    rows = _rows(ModuleCompletion, user, ModuleCompletion.completed_at, ModuleCompletion.module_id)
    return [
        {
            "programme_id": r.programme_id,
            "module": r.module_id,
            "module_version": r.module_version,
            "completed_at": _iso(r.completed_at),
        }
        for r in rows
    ]


def _reflections(user: User) -> list[dict[str, Any]]:
    return [
        {
            "module": r.module_id,
            "prompt": r.block_key,
            "text": r.text,
            "created_at": _iso(r.created_at),
            "score": r.score,
            "updated_at": _iso(r.updated_at),
        }
        for r in _rows(Reflection, user, Reflection.module_id, Reflection.block_key)
    ]


def _certificates(user: User) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "programme_id": c.programme_id,
            "issued_at": _iso(c.issued_at),
            "modules": c.module_count,
            "minutes": c.minutes,
            "group_minutes": c.group_minutes,
            "show_name": c.show_name,
            "name_shown": c.holder_name,
        }
        for c in _rows(Certificate, user, Certificate.issued_at)
    ]


def _feedback_skipped(user: User) -> list[dict[str, Any]]:
    return [
        {
            "module": s.module_id,
            "module_version": s.module_version,
            "skipped_at": _iso(s.skipped_at),
        }
        for s in _rows(FeedbackSkip, user, FeedbackSkip.skipped_at, FeedbackSkip.module_id)
    ]


def _log_ins(user: User) -> list[dict[str, Any]]:
    return [
        {"started": _iso(s.created_at), "ended": _iso(s.revoked_at)}
        for s in _rows(LoginSession, user, LoginSession.created_at)
    ]


def _password_reset_links(user: User) -> list[dict[str, Any]]:
    return [
        {
            "created_at": _iso(r.created_at),
            "expires_at": _iso(r.expires_at),
            "used_at": _iso(r.used_at),
            "made_by_someone_else": r.created_by_id not in (None, user.id),
        }
        for r in _rows(PasswordReset, user, PasswordReset.created_at)
    ]


def _feedback(user: User) -> list[dict[str, Any]]:
    """Every answer the person gave, with what it was about."""
    responses = db.session.scalars(
        sa.select(FeedbackResponse)
        .join(FeedbackAuthor, FeedbackAuthor.response_id == FeedbackResponse.id)
        .where(FeedbackAuthor.user_id == user.id)
        .options(selectinload(FeedbackResponse.answers))
        .order_by(FeedbackResponse.submitted_at, FeedbackResponse.id)
    )
    return [
        {
            "module": r.module_id,
            "module_version": r.module_version,
            "programme_id": r.programme_id,
            "adaptation_revision": r.adaptation_revision,
            "submitted_at": _iso(r.submitted_at),
            "updated_at": _iso(r.updated_at),
            "relevant_to_me": r.relevant,
            "clear": r.clear,
            "right_length": r.right_length,  # the earlier statement, 1-5 (older answers)
            "length": LENGTH_ANSWERS.get(r.length),  # "Too short", "About right", "Too long"
            "would_recommend": r.recommend,
            "confidence_before": r.confidence_before,
            "confidence_now": r.confidence_after,
            "helped_most": r.helped_most,
            "would_change": r.would_change,
            "other_answers": [
                {"question": a.key, "number": a.number, "text": a.text}
                for a in sorted(r.answers, key=lambda a: (a.key, a.id))
            ],
        }
        for r in responses
    ]


def _revisions_written(user: User) -> list[dict[str, Any]]:
    """Adaptation revisions saved by the person (trainers and admins)."""
    rows = db.session.execute(
        sa.select(Adaptation.programme_id, Adaptation.module_id, AdaptationRevision)
        .join(Adaptation, Adaptation.id == AdaptationRevision.adaptation_id)
        .where(AdaptationRevision.author_id == user.id)
        .order_by(AdaptationRevision.created_at, AdaptationRevision.id)
    )
    return [
        {
            "programme_id": programme_id,
            "module": module_id,
            "revision": revision.number,
            "saved_at": _iso(revision.created_at),
            "message": revision.message,
        }
        for programme_id, module_id, revision in rows
    ]


def delete_account(user: User) -> None:
    """Remove the person; keep their progress, detached, so programme figures stay right.

    Reflections, log-in sessions, reset links and the links to feedback go with the
    account; progress and certificates lose their link to it; certificates stop
    showing a name; feedback responses stay, with nothing to say whose they were.
    """
    forget_group_data(user)
    # Their certificates stay, nameless, for the public check; their PDFs (with the
    # name printed) go. A later download is impossible: the account is gone.
    forget_certificate_pdfs(
        db.session.scalars(sa.select(Certificate.id).where(Certificate.user_id == user.id)),
        certificate_folder(),
    )
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
    db.session.flush()
