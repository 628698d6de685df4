"""Readiness rules: the lines of a trainee's checklist, and where they stand after a
trainer's decisions (the latest counts)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from mentorhub.learning.readiness_rules import (
    DEFAULT_ITEMS,
    TRAINEE_WORDS,
    Facts,
    Stage,
    all_done,
    lines,
    stage,
    standing,
    trainee_words,
)
from mentorhub.models import Decision, ItemKind


@dataclass
class Item:
    id: int
    kind: str
    title: str


@dataclass
class Check:
    done_on: date = date(2027, 1, 1)
    who: str = ""
    how_often: str = ""
    note: str = ""
    recorded_by_name: str = "Aisha"


@dataclass
class D:
    kind: str
    reason: str = ""
    decided_on: date = date(2027, 1, 1)
    decided_by_name: str = "Aisha"
    decided_at: datetime = field(default_factory=datetime.now)


ITEMS = [Item(n, kind, title) for n, (kind, title) in enumerate(DEFAULT_ITEMS, 1)]


def test_the_defaults_cover_the_report_and_scottish_practice():
    kinds = [kind for kind, _title in DEFAULT_ITEMS]
    assert kinds == [ItemKind.PVG, ItemKind.REFERENCES, ItemKind.INDUCTION, ItemKind.MODULES,
                     ItemKind.SESSIONS, ItemKind.OBJECTIVES, ItemKind.SUPERVISION]  # fmt: skip
    assert set(TRAINEE_WORDS) == set(kinds)


def test_lines_filled_in_by_the_site_follow_the_facts_and_list_what_is_missing():
    facts = Facts(modules_missing=["Boundaries"], sessions_missing=[], objectives_missing=[])
    by_kind = {line.kind: line for line in lines(ITEMS, facts)}
    assert not by_kind[ItemKind.MODULES].done
    assert by_kind[ItemKind.MODULES].missing == ("Boundaries",)
    assert by_kind[ItemKind.SESSIONS].done and by_kind[ItemKind.SESSIONS].automatic
    assert not by_kind[ItemKind.PVG].done and not by_kind[ItemKind.PVG].automatic


def test_all_done_needs_every_tick_and_every_fact():
    checks = {item.id: Check() for item in ITEMS}
    assert all_done(lines(ITEMS, Facts(checks=checks)))
    assert not all_done(lines(ITEMS, Facts(checks=checks, sessions_missing=["Week 3"])))
    del checks[ITEMS[0].id]
    assert not all_done(lines(ITEMS, Facts(checks=checks)))


def test_the_latest_decision_counts():
    assert not standing([]).ready
    ready = standing([D(Decision.READY, decided_on=date(2027, 2, 1))])
    assert ready.ready and ready.ready_on == date(2027, 2, 1) and ready.ready_by == "Aisha"
    taken_back = standing([D(Decision.READY), D(Decision.NOT_READY, "Needs more practice")])
    assert not taken_back.ready and taken_back.not_ready_reason == "Needs more practice"
    again = standing([D(Decision.READY), D(Decision.NOT_READY, "x"), D(Decision.READY)])
    assert again.ready and again.not_ready_reason == ""


def test_leaving_and_coming_back():
    left = standing([D(Decision.LEFT, "Moved away", date(2027, 3, 1))])
    assert left.withdrawn and left.left_reason == "Moved away"
    assert not standing([D(Decision.LEFT), D(Decision.RETURNED)]).withdrawn


def test_one_stage_each_withdrawn_first_then_ready_then_completed():
    assert stage(standing([D(Decision.READY), D(Decision.LEFT)]), True) is Stage.WITHDRAWN
    assert stage(standing([D(Decision.READY)]), False) is Stage.READY
    assert stage(standing([]), True) is Stage.COMPLETED
    assert stage(standing([]), False) is Stage.IN_TRAINING


def test_a_trainers_own_item_shows_its_title_to_trainees():
    assert trainee_words(ItemKind.CUSTOM, "First-aid course") == (
        "First-aid course",
        "Your trainer ticks it off.",
    )
    what, who = trainee_words(ItemKind.PVG, "PVG scheme membership confirmed for the role")
    assert "PVG" in what and who
