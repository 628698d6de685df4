"""Choosing a programme's curriculum from the library, and changing it one step at a time."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import sqlalchemy as sa

from ..content import Catalogue, Module
from ..content.vocab import FOCUS_TAGS
from ..extensions import db
from ..models import CurriculumItem, ModuleCompletion, Programme, SectionProgress, User
from .join_codes import new_join_code

Direction = Literal["up", "down"]
DIRECTIONS: tuple[Direction, ...] = ("up", "down")

#: The report behind the project suggests at least this much training in all.
SUGGESTED_MINUTES = 20 * 60


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


# --- the curriculum editor: one small change at a time -----------------------------


def moved(order: Sequence[str], module_id: str, direction: Direction) -> list[str]:
    """`order` with `module_id` swapped with the module before (up) or after (down) it.

    A module already first (up) or last (down) stays where it is. Raises ValueError
    when `module_id` is not in `order`, or for an unknown direction."""
    if direction not in DIRECTIONS:
        raise ValueError(f"unknown direction {direction!r}")
    result = list(order)
    index = result.index(module_id)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(result):
        result[index], result[other] = result[other], result[index]
    return result


def placed(order: Sequence[str], module_id: str, position: int) -> list[str]:
    """`order` with `module_id` moved to `position` (1 is first), the others keeping their
    order. A position past either end puts it at that end. ValueError if it is not in."""
    result = [m for m in order if m != module_id]
    if len(result) == len(order):
        raise ValueError(f"{module_id!r} is not in the order")
    index = min(max(position, 1), len(order)) - 1
    result.insert(index, module_id)
    return result


def find_item(programme: Programme, module_id: str) -> CurriculumItem | None:
    return next((item for item in programme.curriculum if item.module_id == module_id), None)


def _reorder(programme: Programme, order: Sequence[str]) -> None:
    """Number the items 0, 1, 2... in `order`, and keep the loaded list in that order."""
    rank = {module_id: position for position, module_id in enumerate(order)}
    for item in programme.curriculum:
        item.position = rank[item.module_id]
    programme.curriculum.sort(key=lambda item: item.position)  # same members: no events


def move_module(programme: Programme, module_id: str, direction: Direction) -> bool:
    """Move a module one place up or down. False when it is already at that end."""
    before = [item.module_id for item in programme.curriculum]
    after = moved(before, module_id, direction)
    _reorder(programme, after)
    return after != before


def move_to(programme: Programme, module_id: str, position: int) -> bool:
    """Move a module straight to `position` (1 is first). False when it is already there."""
    before = [item.module_id for item in programme.curriculum]
    after = placed(before, module_id, position)
    _reorder(programme, after)
    return after != before


def set_required(programme: Programme, module_id: str, required: bool) -> None:
    item = find_item(programme, module_id)
    if item is None:
        raise LookupError(module_id)
    item.required = required


def remove_module(programme: Programme, module_id: str) -> bool:
    """Take a module out and close the gap. False when it was not in the curriculum.

    Trainees' progress is stored per programme and module, not per curriculum item, so
    it stays: adding the module back brings it back."""
    item = find_item(programme, module_id)
    if item is None:
        return False
    programme.curriculum.remove(item)
    _reorder(programme, [i.module_id for i in programme.curriculum])
    return True


def add_module(programme: Programme, module_id: str, required: bool) -> bool:
    """Add a module at the end. False (and no change) when it is already in."""
    if find_item(programme, module_id) is not None:
        return False
    position = max((item.position for item in programme.curriculum), default=-1) + 1
    programme.curriculum.append(
        CurriculumItem(module_id=module_id, required=required, position=position)
    )
    _reorder(programme, [i.module_id for i in programme.curriculum])
    return True


@dataclass(frozen=True)
class CurriculumRow:
    """One module in a programme's curriculum, as the trainer pages show it."""

    module_id: str
    required: bool
    module: Module | None  # None when the module has left the library

    @property
    def title(self) -> str:
        return self.module.meta.title if self.module else self.module_id


def curriculum_rows(programme: Programme, catalogue: Catalogue) -> list[CurriculumRow]:
    """Every item in order, including any whose module is no longer in the library (so a
    trainer can see it and take it out)."""
    return [
        CurriculumRow(item.module_id, item.required, catalogue.get(item.module_id))
        for item in programme.curriculum
    ]


@dataclass(frozen=True)
class TotalTime:
    minutes: int  # online time plus face-to-face sessions
    face_to_face: int

    @property
    def below_suggested(self) -> bool:
        return self.minutes < SUGGESTED_MINUTES


def total_time(modules: Iterable[Module | None]) -> TotalTime:
    """Each module's online time plus its group session, where it has one. Modules no
    longer in the library (None) count for nothing."""
    present = [m for m in modules if m is not None]
    face_to_face = sum(m.meta.face_to_face_minutes or 0 for m in present)
    return TotalTime(sum(m.meta.duration_minutes for m in present) + face_to_face, face_to_face)


def addable(library: Sequence[Module], chosen: Iterable[str], focus: str = "") -> list[Module]:
    """Library modules not yet chosen, in library order; only those tagged `focus` if given."""
    chosen = set(chosen)
    return [m for m in library if m.id not in chosen and (not focus or focus in m.meta.focus)]


def focus_options(modules: Sequence[Module], current: str = "") -> list[tuple[str, str, int]]:
    """(tag, label, count) for each focus tag with a module to add, in the library's order.
    The tag in use stays in the list when nothing is left under it, so the filter still
    says which one is chosen."""
    counts = Counter(tag for m in modules for tag in m.meta.focus)
    return [
        (tag, label, counts[tag])
        for tag, label in FOCUS_TAGS.items()
        if counts[tag] or tag == current
    ]


def neighbour(order: Sequence[str], item: str) -> str | None:
    """What takes `item`'s place once it has gone from `order`: the one after it, else
    the one before it, else None. For sending someone back to where they were."""
    if item not in order:
        return None
    index = list(order).index(item)
    if index + 1 < len(order):
        return order[index + 1]
    return order[index - 1] if index > 0 else None


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
