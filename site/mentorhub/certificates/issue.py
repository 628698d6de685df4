"""Issuing certificates and making their PDF."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from ..extensions import db
from ..learning.join_codes import ALPHABET
from ..learning.progress import ModuleProgress
from ..models import Certificate, ModuleCompletion, Programme, User
from ..models.writes import lock_person


def new_certificate_code() -> str:
    """12 unambiguous characters in three groups: easy to read out, hard to guess."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@dataclass(frozen=True)
class CompletedModule:
    title: str
    minutes: int
    completed_at: datetime | None


def completed_required(
    progress: list[ModuleProgress], completions: dict[str, datetime]
) -> list[CompletedModule]:
    return [
        CompletedModule(
            p.module.meta.title, p.module.meta.duration_minutes, completions.get(p.module.id)
        )
        for p in progress
        if p.required
    ]


def completion_dates(user: User, programme: Programme) -> dict[str, datetime]:
    rows = db.session.execute(
        sa.select(ModuleCompletion.module_id, ModuleCompletion.completed_at).where(
            ModuleCompletion.learner_key == user.learner_key,
            ModuleCompletion.programme_id == programme.id,
        )
    )
    return dict(rows.all())


def certificate_for(user: User, programme: Programme) -> Certificate | None:
    return db.session.scalar(
        sa.select(Certificate).where(
            Certificate.user_id == user.id, Certificate.programme_id == programme.id
        )
    )


def issue_certificate(
    user: User, programme: Programme, modules: list[CompletedModule], group_minutes: int = 0
) -> Certificate:
    """The trainee's certificate, issued the first time: online minutes of the required
    modules, and `group_minutes` of group sessions they attended. One per trainee and
    programme, however many pages ask at once (the trainee's lock). Flushes only."""
    certificate = certificate_for(user, programme)
    if certificate is None:
        lock_person(user.id)
        certificate = certificate_for(user, programme)  # another request may just have
    if certificate is None:
        certificate = Certificate(
            code=_unique_code(),
            user_id=user.id,
            programme_id=programme.id,
            module_count=len(modules),
            minutes=sum(m.minutes for m in modules),
            group_minutes=group_minutes,
        )
        db.session.add(certificate)
        db.session.flush()
    return certificate


def _unique_code() -> str:
    while True:
        code = new_certificate_code()
        if db.session.scalar(sa.select(Certificate.id).where(Certificate.code == code)) is None:
            return code
