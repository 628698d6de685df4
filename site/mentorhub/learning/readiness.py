"""A programme's readiness checklist, what is done for each trainee, objective
sign-offs and "ready to be matched". Services flush, never commit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from ..content import Catalogue
from ..extensions import db
from ..models import (
    Decision,
    GroupSession,
    ItemKind,
    ObjectiveSignOff,
    Programme,
    ReadinessCheck,
    ReadinessDecision,
    ReadinessItem,
    SignOffObjective,
    User,
)
from ..models.base import utcnow
from ..models.writes import insert_or_ignore, lock_person, lock_programme, upsert
from .readiness_rules import DEFAULT_ITEMS


def checklist_items(programme: Programme) -> list[ReadinessItem]:
    """The programme's checklist. Until a trainer opens it, that is the defaults, not
    yet stored (their ids are None, so nothing can be ticked against them)."""
    return _items(programme.id) or [
        ReadinessItem(programme_id=programme.id, kind=kind, title=title, position=position)
        for position, (kind, title) in enumerate(DEFAULT_ITEMS, 1)
    ]


def ensure_checklist(programme: Programme) -> list[ReadinessItem]:
    """The programme's stored checklist, storing the defaults the first time.

    A checklist always keeps at least one line (see `remove_item`), so none stored
    means "never opened". Two first visits at once store the defaults once: each line
    goes in unless its place (the unique position) is taken."""
    items = _items(programme.id)
    if items:
        return items
    for position, (kind, title) in enumerate(DEFAULT_ITEMS, 1):
        values = {"programme_id": programme.id, "kind": kind, "title": title,
                  "position": position}  # fmt: skip
        insert_or_ignore(ReadinessItem, values, key=("programme_id", "position"))
    return _items(programme.id)


def _items(programme_id: int) -> list[ReadinessItem]:
    return list(
        db.session.scalars(
            sa.select(ReadinessItem)
            .where(ReadinessItem.programme_id == programme_id)
            .order_by(ReadinessItem.position, ReadinessItem.id)
        )
    )


def item_in(programme: Programme, item_id: int) -> ReadinessItem | None:
    item = db.session.get(ReadinessItem, item_id)
    return item if item is not None and item.programme_id == programme.id else None


def add_item(programme: Programme, title: str) -> ReadinessItem:
    """A line of the trainer's own, ticked by hand, at the end. Lines added at once wait
    for each other (the programme's lock), so each gets a place of its own."""
    lock_programme(programme.id)
    last = max((i.position for i in ensure_checklist(programme)), default=0)
    item = ReadinessItem(
        programme_id=programme.id, kind=ItemKind.CUSTOM, title=title.strip(), position=last + 1
    )
    db.session.add(item)
    db.session.flush()
    return item


def rename_item(item: ReadinessItem, title: str) -> bool:
    """Give a line new words; False if another request removed it meanwhile (one
    statement: it renames the line if it is still there)."""
    renamed = db.session.execute(
        sa.update(ReadinessItem).where(ReadinessItem.id == item.id).values(title=title.strip())
    )
    return renamed.rowcount == 1


def remove_item(programme: Programme, item: ReadinessItem) -> bool:
    """Remove a line and what was ticked for it; refuse to remove the last line (False).

    Removals at once wait for each other (the programme's lock), so two never take away
    the last two lines; a line another request removed meanwhile counts as removed."""
    lock_programme(programme.id)
    left = [i.id for i in ensure_checklist(programme)]
    if item.id not in left:
        return True
    if len(left) <= 1:
        return False
    db.session.execute(sa.delete(ReadinessCheck).where(ReadinessCheck.item_id == item.id))
    db.session.execute(sa.delete(ReadinessItem).where(ReadinessItem.id == item.id))
    db.session.flush()
    return True


# --- objectives the programme marks for sign-off ----------------------------------------


def marked_objectives(programme_id: int) -> set[tuple[str, int]]:
    rows = db.session.execute(
        sa.select(SignOffObjective.module_id, SignOffObjective.objective).where(
            SignOffObjective.programme_id == programme_id
        )
    )
    return {(module_id, number) for module_id, number in rows}


def set_marked_objectives(programme: Programme, chosen: Iterable[tuple[str, int]]) -> None:
    """Mark exactly these objectives. Two saves at once wait for each other (the
    programme's lock): the second compares with what the first stored."""
    lock_programme(programme.id)
    wanted = set(chosen)
    have = marked_objectives(programme.id)
    for module_id, number in have - wanted:
        db.session.execute(
            sa.delete(SignOffObjective).where(
                SignOffObjective.programme_id == programme.id,
                SignOffObjective.module_id == module_id,
                SignOffObjective.objective == number,
            )
        )
    for module_id, number in sorted(wanted - have):
        db.session.add(
            SignOffObjective(programme_id=programme.id, module_id=module_id, objective=number)
        )
    db.session.flush()


def objectives_to_sign(programme: Programme, catalogue: Catalogue) -> list[tuple[str, int, str]]:
    """(module id, objective number, objective text) marked for sign-off, in curriculum
    order; objectives no longer in the module are left out."""
    marked = marked_objectives(programme.id)
    out = []
    for item in programme.curriculum:
        module = catalogue.get(item.module_id)
        if module is None:
            continue
        for number, text in enumerate(module.meta.objectives, 1):
            if (module.id, number) in marked:
                out.append((module.id, number, text))
    return out


# --- ticks for one trainee ---------------------------------------------------------------


@dataclass(frozen=True)
class CheckValues:
    done_on: date
    who: str = ""  # who checked (PVG) or who supervises
    how_often: str = ""  # supervision
    note: str = ""  # trainers only


def checks_for(user_ids: Iterable[int], programme_id: int) -> dict[int, dict[int, ReadinessCheck]]:
    """User id -> item id -> their check, for this programme's items."""
    rows = db.session.scalars(
        sa.select(ReadinessCheck)
        .join(ReadinessItem, ReadinessItem.id == ReadinessCheck.item_id)
        .where(
            ReadinessItem.programme_id == programme_id, ReadinessCheck.user_id.in_(list(user_ids))
        )
    )
    found: dict[int, dict[int, ReadinessCheck]] = {}
    for check in rows:
        found.setdefault(check.user_id, {})[check.item_id] = check
    return found


_CHECK_FIELDS = ("done_on", "who", "how_often", "note", "recorded_by_id", "recorded_by_name",
                 "recorded_at")  # fmt: skip


def record_check(
    item: ReadinessItem, user: User, values: CheckValues, by: User
) -> ReadinessCheck | None:
    """Tick a line for a trainee, or change its tick. One statement, so a tick sent
    twice at once is one tick. None if the line was removed meanwhile: a removal and a
    tick wait for each other (the programme's lock), so a tick never meets a line that
    is half gone."""
    lock_programme(item.programme_id)
    if db.session.scalar(sa.select(ReadinessItem.id).where(ReadinessItem.id == item.id)) is None:
        return None
    row = {
        "item_id": item.id,
        "user_id": user.id,
        "done_on": values.done_on,
        "who": values.who.strip(),
        "how_often": values.how_often.strip(),
        "note": values.note.strip(),
        "recorded_by_id": by.id,
        "recorded_by_name": by.display_name,
        "recorded_at": utcnow(),
    }
    upsert(ReadinessCheck, row, key=("item_id", "user_id"), update=_CHECK_FIELDS)
    return db.session.scalars(
        sa.select(ReadinessCheck)
        .where(ReadinessCheck.item_id == item.id, ReadinessCheck.user_id == user.id)
        .execution_options(populate_existing=True)
    ).one()


def clear_check(item: ReadinessItem, user: User) -> None:
    db.session.execute(
        sa.delete(ReadinessCheck).where(
            ReadinessCheck.item_id == item.id, ReadinessCheck.user_id == user.id
        )
    )
    db.session.flush()


def sign_offs_for(
    user_ids: Iterable[int], programme_id: int
) -> dict[int, dict[tuple[str, int], ObjectiveSignOff]]:
    rows = db.session.scalars(
        sa.select(ObjectiveSignOff).where(
            ObjectiveSignOff.programme_id == programme_id,
            ObjectiveSignOff.user_id.in_(list(user_ids)),
        )
    )
    found: dict[int, dict[tuple[str, int], ObjectiveSignOff]] = {}
    for row in rows:
        found.setdefault(row.user_id, {})[(row.module_id, row.objective)] = row
    return found


def sign_off(
    user: User,
    programme: Programme,
    objective: tuple[str, int],
    session: GroupSession | None,
    note: str,
    by: User,
) -> ObjectiveSignOff:
    """Sign off an objective for a trainee, or change the sign-off. One statement, so a
    sign-off sent twice at once is one sign-off."""
    module_id, number = objective
    key = {"user_id": user.id, "programme_id": programme.id, "module_id": module_id,
           "objective": number}  # fmt: skip
    values = {"session_id": session.id if session else None, "note": note.strip(),
              "signed_by_id": by.id, "signed_by_name": by.display_name,
              "signed_at": utcnow()}  # fmt: skip
    upsert(ObjectiveSignOff, {**key, **values}, key=tuple(key), update=tuple(values))
    return db.session.scalars(
        sa.select(ObjectiveSignOff).filter_by(**key).execution_options(populate_existing=True)
    ).one()


def undo_sign_off(user: User, programme: Programme, objective: tuple[str, int]) -> None:
    module_id, number = objective
    db.session.execute(
        sa.delete(ObjectiveSignOff).where(
            ObjectiveSignOff.user_id == user.id,
            ObjectiveSignOff.programme_id == programme.id,
            ObjectiveSignOff.module_id == module_id,
            ObjectiveSignOff.objective == number,
        )
    )
    db.session.flush()


# --- decisions -----------------------------------------------------------------------------


def decisions_by_learner(programme_id: int) -> dict[str, list[ReadinessDecision]]:
    """Learner key -> their decisions in this programme, oldest first."""
    rows = db.session.scalars(
        sa.select(ReadinessDecision)
        .where(ReadinessDecision.programme_id == programme_id)
        .order_by(ReadinessDecision.decided_at, ReadinessDecision.id)
    )
    found: dict[str, list[ReadinessDecision]] = {}
    for row in rows:
        found.setdefault(row.learner_key, []).append(row)
    return found


def lock_trainee(user: User) -> None:
    """Wait for any other request deciding about this trainee to finish (two "Ready"
    presses at once). Call it before reading where they stand, then `record_decision`:
    the second press then reads the first one's decision, and is refused."""
    lock_person(user.id)


def record_decision(
    programme: Programme, user: User, kind: Decision, by: User, on: date, reason: str = ""
) -> ReadinessDecision:
    """Keep a decision (see `lock_trainee`: take it first, then check the decision
    makes sense where they stand)."""
    row = ReadinessDecision(
        programme_id=programme.id,
        user_id=user.id,
        learner_key=user.learner_key,
        kind=kind,
        reason=reason.strip(),
        decided_on=on,
        decided_by_id=by.id,
        decided_by_name=by.display_name,
        decided_at=utcnow(),
    )
    db.session.add(row)
    db.session.flush()
    return row
