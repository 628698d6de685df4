"""The pure progress logic: module states, curriculum progress, where to continue."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from mentorhub.content import Module
from mentorhub.content.loader import load_module
from mentorhub.learning.progress import (
    STATUS_LABELS,
    Status,
    continue_target,
    curriculum_progress,
    module_progress,
    required_complete,
)
from tests.factories import write_module

T0 = datetime(2024, 5, 1, 9, 0)


def at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def build(tmp_path: Path, module_id: str, *section_ids: str, **meta) -> Module:
    """A real Module, loaded from a file, with sections whose ids are `section_ids`."""
    body = "".join(f"## Part {sid} {{#{sid}}}\n\nText of {sid}.\n\n" for sid in section_ids)
    path = write_module(tmp_path / "content", module_id, body, **meta)
    module, errors = load_module(path)
    assert errors == [] and module is not None
    assert [s.id for s in module.sections] == list(section_ids)
    return module


@pytest.fixture
def three(tmp_path) -> Module:
    return build(tmp_path, "three", "a", "b", "c")


# --- one module ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("done", "status"),
    [
        ({}, Status.NOT_STARTED),
        ({"a": at(1)}, Status.IN_PROGRESS),
        ({"a": at(1), "c": at(2)}, Status.IN_PROGRESS),
        ({"a": at(1), "b": at(2), "c": at(3)}, Status.COMPLETE),
    ],
)
def test_status_follows_the_sections_done(three, done, status):
    assert module_progress(three, True, done).status is status


@pytest.mark.parametrize(("done", "count", "percent"), [(0, 0, 0), (1, 1, 33), (3, 3, 100)])
def test_done_total_and_percent(three, done, count, percent):
    progress = module_progress(three, True, {sid: at(1) for sid in "abc"[:done]})
    assert (progress.done, progress.total, progress.percent) == (count, 3, percent)


def test_sections_removed_from_the_module_do_not_count(three):
    progress = module_progress(three, True, {"a": at(1), "gone": at(2), "old": at(3)})
    assert progress.done == 1
    assert progress.status is Status.IN_PROGRESS


def test_a_module_is_complete_when_every_current_section_is_done_even_with_old_ones(three):
    done = {"a": at(1), "b": at(2), "c": at(3), "removed": at(4)}
    assert module_progress(three, True, done).status is Status.COMPLETE


def test_last_activity_is_the_latest_done_section_still_in_the_module(three):
    progress = module_progress(three, True, {"a": at(5), "b": at(7), "removed": at(60)})
    assert progress.last_activity == at(7)


def test_no_last_activity_before_anything_is_done(three):
    assert module_progress(three, True, {}).last_activity is None


@pytest.mark.parametrize(
    ("done", "first"), [("", "a"), ("a", "b"), ("ac", "b"), ("ab", "c"), ("abc", None)]
)
def test_first_unfinished_is_the_earliest_section_not_done(three, done, first):
    assert module_progress(three, True, {sid: at(1) for sid in done}).first_unfinished == first


def test_a_finished_module_with_a_new_section_counts_it_as_new(three):
    earlier = three.meta.version - 1
    progress = module_progress(three, True, {"a": at(1), "b": at(2)}, finished_version=earlier)
    assert progress.status is Status.IN_PROGRESS
    assert progress.new_sections == 1


def test_no_new_sections_for_a_module_never_finished(three):
    assert module_progress(three, True, {"a": at(1)}).new_sections == 0


def test_no_new_sections_once_the_new_ones_are_done(three):
    done = {"a": at(1), "b": at(2), "c": at(3)}
    earlier = three.meta.version - 1
    assert module_progress(three, True, done, finished_version=earlier).new_sections == 0


def test_undoing_a_part_of_an_unchanged_finished_module_is_not_an_update(three):
    progress = module_progress(
        three, True, {"a": at(1), "b": at(2)}, finished_version=three.meta.version
    )
    assert progress.status is Status.IN_PROGRESS
    assert not progress.finished_before
    assert progress.new_sections == 0


def test_status_labels_are_the_words_trainees_see():
    assert STATUS_LABELS == {
        Status.NOT_STARTED: "Not started",
        Status.IN_PROGRESS: "In progress",
        Status.COMPLETE: "Complete",
    }


# --- a curriculum -------------------------------------------------------------


@pytest.fixture
def curriculum(tmp_path) -> list[tuple[Module, bool]]:
    return [
        (build(tmp_path, "one", "one-a", "one-b"), True),
        (build(tmp_path, "two", "two-a", "two-b"), False),
        (build(tmp_path, "three", "three-a", "three-b"), True),
    ]


def test_curriculum_progress_keeps_the_curriculum_order_and_required_flags(curriculum):
    progress = curriculum_progress(curriculum, {})
    assert [(p.module.id, p.required) for p in progress] == [
        ("one", True),
        ("two", False),
        ("three", True),
    ]


def test_curriculum_progress_gives_each_module_its_own_done_sections(curriculum):
    done = {"two": {"two-a": at(1)}, "three": {"three-a": at(2), "three-b": at(3)}}
    progress = curriculum_progress(curriculum, done)
    assert [p.status for p in progress] == [
        Status.NOT_STARTED,
        Status.IN_PROGRESS,
        Status.COMPLETE,
    ]


def test_curriculum_progress_ignores_modules_outside_the_curriculum(curriculum):
    progress = curriculum_progress(curriculum, {"elsewhere": {"x": at(1)}})
    assert all(p.status is Status.NOT_STARTED for p in progress)


def test_curriculum_progress_marks_only_the_finished_modules_as_finished_before(curriculum):
    progress = curriculum_progress(curriculum, {}, finished={"two": 0})
    assert [p.finished_before for p in progress] == [False, True, False]


def test_curriculum_progress_of_an_empty_curriculum_is_empty():
    assert curriculum_progress([], {"one": {"one-a": at(1)}}) == []


# --- continue where you left off ----------------------------------------------


def test_continue_target_of_an_empty_curriculum_is_none():
    assert continue_target([]) is None


def test_continue_target_before_any_activity_is_the_first_section_of_the_first_module(
    curriculum,
):
    assert continue_target(curriculum_progress(curriculum, {})) == ("one", "one-a")


def test_continue_target_is_in_the_module_worked_on_last_not_the_first_unfinished(curriculum):
    done = {"one": {"one-a": at(1)}, "three": {"three-a": at(9)}}
    assert continue_target(curriculum_progress(curriculum, done)) == ("three", "three-b")


def test_continue_target_goes_back_to_a_skipped_section_in_the_last_module(tmp_path):
    module = build(tmp_path, "gappy", "p1", "p2", "p3")
    progress = curriculum_progress([(module, True)], {"gappy": {"p1": at(1), "p3": at(2)}})
    assert continue_target(progress) == ("gappy", "p2")


def test_continue_target_moves_on_when_the_last_module_is_complete(curriculum):
    done = {"one": {"one-a": at(1), "one-b": at(2)}}
    assert continue_target(curriculum_progress(curriculum, done)) == ("two", "two-a")


def test_continue_target_wraps_round_to_an_earlier_unfinished_module(curriculum):
    done = {
        "one": {"one-a": at(1)},
        "three": {"three-a": at(5), "three-b": at(6)},
    }
    assert continue_target(curriculum_progress(curriculum, done)) == ("one", "one-b")


def test_continue_target_is_none_when_everything_is_done(curriculum):
    done = {m.id: {s.id: at(i) for i, s in enumerate(m.sections)} for m, _ in curriculum}
    assert continue_target(curriculum_progress(curriculum, done)) is None


def test_continue_target_ignores_activity_on_sections_since_removed(curriculum):
    # Work on a section that no longer exists is not "where you left off".
    done = {"one": {"one-a": at(5)}, "three": {"removed-part": at(50)}}
    assert continue_target(curriculum_progress(curriculum, done)) == ("one", "one-b")


# --- certificates need every required module ---------------------------------


def _all_done(modules: list[tuple[Module, bool]], which: set[str]):
    return {m.id: {s.id: at(1) for s in m.sections} for m, _ in modules if m.id in which}


def test_required_complete_when_every_required_module_is_complete(curriculum):
    progress = curriculum_progress(curriculum, _all_done(curriculum, {"one", "three"}))
    assert required_complete(progress) is True


def test_required_complete_is_false_while_a_required_module_is_unfinished(curriculum):
    progress = curriculum_progress(curriculum, _all_done(curriculum, {"one", "two"}))
    assert required_complete(progress) is False


def test_required_complete_is_false_without_any_required_module(tmp_path):
    module = build(tmp_path, "only-optional", "x")
    progress = curriculum_progress([(module, False)], {"only-optional": {"x": at(1)}})
    assert required_complete(progress) is False
