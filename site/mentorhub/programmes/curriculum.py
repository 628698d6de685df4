"""Choosing a programme's curriculum from the library."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa

from ..content import Module
from ..extensions import db
from ..models import CurriculumItem, ModuleCompletion, Programme, SectionProgress, User
from .codes import new_join_code


def default_curriculum(modules: Sequence[Module], focus: Iterable[str]) -> list[tuple[str, bool]]:
    """Every core module (required) plus modules matching the programme's focus (optional)."""
    focus = set(focus)
    chosen = []
    for module in modules:
        if "core" in module.meta.focus:
            chosen.append((module.id, True))
        elif focus & set(module.meta.focus):
            chosen.append((module.id, False))
    return chosen


def set_curriculum(programme: Programme, chosen: Sequence[tuple[str, bool]]) -> None:
    """Replace the curriculum with `chosen`, keeping the order of modules already in it
    and adding new ones after them in the order given."""
    existing = {item.module_id: item for item in programme.curriculum}
    wanted = dict(chosen)
    ordered = [item.module_id for item in programme.curriculum if item.module_id in wanted]
    ordered += [module_id for module_id, _ in chosen if module_id not in existing]
    for module_id, item in existing.items():
        if module_id not in wanted:
            programme.curriculum.remove(item)
    for position, module_id in enumerate(ordered):
        item = existing.get(module_id)
        if item is None:
            item = CurriculumItem(module_id=module_id)
            programme.curriculum.append(item)
        item.position = position
        item.required = wanted[module_id]


def unique_join_code() -> str:
    while True:
        code = new_join_code()
        if db.session.scalar(sa.select(Programme.id).where(Programme.join_code == code)) is None:
            return code


def move_trainee(user: User, target: Programme) -> int:
    """Move a trainee to `target`; copy their progress on modules both programmes share.

    Returns the number of section records carried over. The old programme keeps
    its own records, so its figures do not change.
    """
    source_id = user.programme_id
    shared = {item.module_id for item in target.curriculum}
    copied = 0
    if source_id is not None and source_id != target.id:
        copied = _copy_rows(SectionProgress, user, source_id, target.id, shared)
        _copy_rows(ModuleCompletion, user, source_id, target.id, shared)
    user.programme = target
    return copied


def _copy_rows(model, user: User, source_id: int, target_id: int, modules: set[str]) -> int:
    rows = db.session.scalars(
        sa.select(model).where(
            model.learner_key == user.learner_key,
            model.programme_id == source_id,
            model.module_id.in_(modules),
        )
    ).all()
    present = set(
        db.session.execute(
            sa.select(*_identity(model)).where(
                model.learner_key == user.learner_key, model.programme_id == target_id
            )
        ).all()
    )
    copied = 0
    for row in rows:
        key = tuple(getattr(row, column.key) for column in _identity(model))
        if key in present:
            continue
        values = {c.key: getattr(row, c.key) for c in model.__table__.columns if c.key != "id"}
        db.session.add(model(**{**values, "programme_id": target_id}))
        copied += 1
    return copied


def _identity(model) -> tuple:
    if model is SectionProgress:
        return (SectionProgress.module_id, SectionProgress.section_id)
    return (ModuleCompletion.module_id,)
