"""Choosing a programme's curriculum, changing it one step at a time, and join codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorhub.content import Module
from mentorhub.content.loader import load_module
from mentorhub.extensions import db
from mentorhub.learning.curriculum import (
    SUGGESTED_MINUTES,
    add_module,
    addable,
    default_curriculum,
    focus_options,
    move_module,
    moved,
    neighbour,
    remove_module,
    set_curriculum,
    set_required,
    total_time,
)
from mentorhub.learning.join_codes import ALPHABET, CODE_LENGTH, new_join_code, normalise_code
from mentorhub.models import Programme
from tests.factories import make_programme, write_module


def build(tmp_path: Path, module_id: str, focus: list[str], order: int, **meta) -> Module:
    path = write_module(tmp_path / "content", module_id, focus=focus, order=order, **meta)
    module, errors = load_module(path)
    assert errors == [] and module is not None
    return module


@pytest.fixture
def library(tmp_path) -> list[Module]:
    return [
        build(tmp_path, "basics", ["core"], 1),
        build(tmp_path, "flats", ["housing"], 2),
        build(tmp_path, "moving-on", ["transitions", "housing"], 3),
        build(tmp_path, "groups", ["group-work"], 4),
        build(tmp_path, "listening", ["core", "wellbeing"], 5),
    ]


# --- default_curriculum ---------------------------------------------------------


def test_default_curriculum_requires_core_and_offers_focus_modules_as_optional(library):
    assert default_curriculum(library, ["housing"]) == [
        ("basics", True),
        ("flats", False),
        ("moving-on", False),
        ("listening", True),
    ]


def test_default_curriculum_leaves_out_modules_outside_the_focus(library):
    chosen = dict(default_curriculum(library, ["transitions"]))
    assert "flats" not in chosen and "groups" not in chosen
    assert chosen["moving-on"] is False


def test_a_core_module_that_also_matches_the_focus_stays_required(library):
    assert dict(default_curriculum(library, ["wellbeing"]))["listening"] is True


def test_default_curriculum_without_a_focus_is_the_core_modules_only(library):
    assert default_curriculum(library, []) == [("basics", True), ("listening", True)]


def test_default_curriculum_keeps_the_order_the_modules_are_given_in(library):
    chosen = default_curriculum(list(reversed(library)), ["housing", "group-work"])
    assert [module_id for module_id, _ in chosen] == [
        "listening",
        "groups",
        "moving-on",
        "flats",
        "basics",
    ]


# --- set_curriculum (on a real programme in the database) -----------------------


def _items(programme_id: int) -> list[tuple[str, bool, int]]:
    programme = db.session.get(Programme, programme_id)
    return [(i.module_id, i.required, i.position) for i in programme.curriculum]


def _set(programme_id: int, chosen) -> None:
    set_curriculum(db.session.get(Programme, programme_id), chosen)
    db.session.commit()
    db.session.expire_all()


def test_set_curriculum_on_an_empty_programme_keeps_the_order_given(app):
    with app.app_context():
        programme_id = make_programme().id
        _set(programme_id, [("c", True), ("a", False), ("b", True)])
        assert _items(programme_id) == [("c", True, 0), ("a", False, 1), ("b", True, 2)]


def test_set_curriculum_keeps_existing_modules_in_place_and_appends_new_ones(app):
    with app.app_context():
        programme_id = make_programme().id
        _set(programme_id, [("c", True), ("a", True)])
        _set(programme_id, [("a", True), ("b", True), ("c", True)])
        assert [m for m, _, _ in _items(programme_id)] == ["c", "a", "b"]


def test_set_curriculum_removes_unchosen_modules_and_closes_the_gap(app):
    with app.app_context():
        programme_id = make_programme().id
        _set(programme_id, [("a", True), ("b", True), ("c", True)])
        _set(programme_id, [("a", True), ("c", True)])
        assert _items(programme_id) == [("a", True, 0), ("c", True, 1)]


def test_set_curriculum_changes_required_to_optional_and_back(app):
    with app.app_context():
        programme_id = make_programme().id
        _set(programme_id, [("a", True), ("b", False)])
        _set(programme_id, [("a", False), ("b", True)])
        assert _items(programme_id) == [("a", False, 0), ("b", True, 1)]


def test_set_curriculum_to_nothing_empties_it(app):
    with app.app_context():
        programme_id = make_programme().id
        _set(programme_id, [("a", True)])
        _set(programme_id, [])
        assert _items(programme_id) == []


def test_make_programme_uses_the_default_curriculum_of_the_library(app):
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        programme_id = make_programme(modules, focus=["housing"]).id
        expected = default_curriculum(modules, ["housing"])
        assert [(m, r) for m, r, _ in _items(programme_id)] == expected
        core = {m.id for m in modules if "core" in m.meta.focus}
        housing = {m.id for m in modules if "housing" in m.meta.focus} - core
        assert {m for m, required in expected if required} == core
        assert {m for m, required in expected if not required} == housing


# --- moved: the pure reordering ------------------------------------------------------

ORDER = ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("module_id", "direction", "expected"),
    [
        ("c", "up", ["a", "c", "b", "d"]),
        ("b", "down", ["a", "c", "b", "d"]),
        ("b", "up", ["b", "a", "c", "d"]),
        ("c", "down", ["a", "b", "d", "c"]),
    ],
)
def test_moved_swaps_a_module_with_its_neighbour(module_id, direction, expected):
    assert moved(ORDER, module_id, direction) == expected


@pytest.mark.parametrize(("module_id", "direction"), [("a", "up"), ("d", "down")])
def test_moved_leaves_a_module_at_the_end_it_is_moving_towards(module_id, direction):
    assert moved(ORDER, module_id, direction) == ORDER


def test_moved_leaves_a_single_module_alone():
    assert moved(["a"], "a", "up") == moved(["a"], "a", "down") == ["a"]


def test_moved_does_not_change_the_list_it_is_given():
    order = list(ORDER)
    moved(order, "b", "up")
    assert order == ORDER


@pytest.mark.parametrize(("module_id", "direction"), [("x", "up"), ("a", "sideways")])
def test_moved_refuses_an_unknown_module_or_direction(module_id, direction):
    with pytest.raises(ValueError):
        moved(ORDER, module_id, direction)


# --- neighbour: where to send someone back to -----------------------------------------


@pytest.mark.parametrize(("item", "expected"), [("a", "b"), ("b", "c"), ("d", "c"), ("x", None)])
def test_neighbour_is_the_next_item_or_else_the_one_before(item, expected):
    assert neighbour(ORDER, item) == expected


def test_the_only_item_has_no_neighbour():
    assert neighbour(["a"], "a") is None


# --- the library beside the curriculum: addable, focus_options, total_time ------------


def test_addable_leaves_out_chosen_modules_and_keeps_library_order(library):
    assert [m.id for m in addable(library, ["flats", "basics"])] == [
        "moving-on",
        "groups",
        "listening",
    ]


def test_addable_with_a_focus_keeps_only_modules_tagged_with_it(library):
    assert [m.id for m in addable(library, ["flats"], "housing")] == ["moving-on"]
    assert addable(library, ["flats", "moving-on"], "housing") == []


def test_focus_options_count_modules_per_tag_in_the_library_s_order(library):
    assert focus_options(addable(library, ["basics", "listening"])) == [
        ("transitions", "Moving on from care", 1),
        ("housing", "Housing and tenancy", 2),
        ("group-work", "Peer-led group work", 1),
    ]


def test_focus_options_keep_the_tag_in_use_when_nothing_is_left_under_it(library):
    options = focus_options(addable(library, ["flats", "moving-on"]), "housing")
    assert ("housing", "Housing and tenancy", 0) in options
    assert "transitions" not in [tag for tag, _, _ in options]


def test_total_time_adds_online_time_and_group_sessions(tmp_path):
    modules = [
        build(tmp_path, "one", ["core"], 1, duration_minutes=40, face_to_face_minutes=120),
        build(tmp_path, "two", ["core"], 2, duration_minutes=35),
        None,  # no longer in the library: counts for nothing
    ]
    total = total_time(modules)
    assert (total.minutes, total.face_to_face) == (195, 120)
    assert total.below_suggested


def test_total_time_of_nothing_is_zero():
    assert (total_time([]).minutes, total_time([]).face_to_face) == (0, 0)


@pytest.mark.parametrize(
    ("online", "below"), [(SUGGESTED_MINUTES - 1, True), (SUGGESTED_MINUTES, False)]
)
def test_twenty_hours_or_more_is_not_below_the_suggestion(tmp_path, online, below):
    module = build(tmp_path, "long", ["core"], 1, duration_minutes=online)
    assert total_time([module]).below_suggested is below


# --- one change at a time (on a real programme in the database) ---------------------


def _programme_with(chosen) -> int:
    programme_id = make_programme().id
    _set(programme_id, chosen)
    return programme_id


def _change(programme_id: int, change, *args):
    """Apply `change` to the programme, commit, and return what it returned."""
    result = change(db.session.get(Programme, programme_id), *args)
    db.session.commit()
    db.session.expire_all()
    return result


ABC = [("a", True), ("b", False), ("c", True)]


def test_move_module_up_swaps_and_renumbers(app):
    with app.app_context():
        programme_id = _programme_with(ABC)
        assert _change(programme_id, move_module, "c", "up") is True
        assert _items(programme_id) == [("a", True, 0), ("c", True, 1), ("b", False, 2)]


def test_move_module_down(app):
    with app.app_context():
        programme_id = _programme_with(ABC)
        assert _change(programme_id, move_module, "a", "down") is True
        assert [m for m, _, _ in _items(programme_id)] == ["b", "a", "c"]


@pytest.mark.parametrize(("module_id", "direction"), [("a", "up"), ("c", "down")])
def test_move_module_at_the_end_changes_nothing(app, module_id, direction):
    with app.app_context():
        programme_id = _programme_with(ABC)
        assert _change(programme_id, move_module, module_id, direction) is False
        assert _items(programme_id) == [("a", True, 0), ("b", False, 1), ("c", True, 2)]


def test_move_module_keeps_the_loaded_list_in_the_new_order(app):
    with app.app_context():
        programme = db.session.get(Programme, _programme_with(ABC))
        move_module(programme, "b", "up")
        assert [i.module_id for i in programme.curriculum] == ["b", "a", "c"]
        assert [i.position for i in programme.curriculum] == [0, 1, 2]


def test_move_module_mends_gaps_in_the_positions(app):
    with app.app_context():
        programme_id = _programme_with(ABC)
        programme = db.session.get(Programme, programme_id)
        for item, position in zip(programme.curriculum, [3, 7, 20], strict=True):
            item.position = position
        db.session.commit()
        _change(programme_id, move_module, "c", "up")
        assert _items(programme_id) == [("a", True, 0), ("c", True, 1), ("b", False, 2)]


def test_set_required_switches_one_module_only(app):
    with app.app_context():
        programme_id = _programme_with(ABC)
        _change(programme_id, set_required, "b", True)
        _change(programme_id, set_required, "a", False)
        assert _items(programme_id) == [("a", False, 0), ("b", True, 1), ("c", True, 2)]


def test_set_required_on_a_module_not_in_the_curriculum_is_an_error(app):
    with app.app_context():
        programme = db.session.get(Programme, _programme_with(ABC))
        with pytest.raises(LookupError):
            set_required(programme, "x", True)


def test_remove_module_closes_the_gap(app):
    with app.app_context():
        programme_id = _programme_with(ABC)
        assert _change(programme_id, remove_module, "b") is True
        assert _items(programme_id) == [("a", True, 0), ("c", True, 1)]


def test_removing_a_module_that_is_not_there_changes_nothing(app):
    with app.app_context():
        programme_id = _programme_with(ABC)
        assert _change(programme_id, remove_module, "x") is False
        assert len(_items(programme_id)) == 3


def test_add_module_puts_it_at_the_end_with_the_setting_chosen(app):
    with app.app_context():
        programme_id = _programme_with(ABC)
        assert _change(programme_id, add_module, "d", False) is True
        assert _change(programme_id, add_module, "e", True) is True
        assert _items(programme_id)[-2:] == [("d", False, 3), ("e", True, 4)]


def test_adding_a_module_already_there_changes_nothing(app):
    with app.app_context():
        programme_id = _programme_with(ABC)
        assert _change(programme_id, add_module, "b", True) is False
        assert _items(programme_id) == [("a", True, 0), ("b", False, 1), ("c", True, 2)]


def test_add_module_to_an_empty_programme(app):
    with app.app_context():
        programme_id = make_programme().id
        _change(programme_id, add_module, "a", True)
        assert _items(programme_id) == [("a", True, 0)]


def test_a_module_removed_and_added_again_goes_to_the_end(app):
    with app.app_context():
        programme_id = _programme_with(ABC)
        _change(programme_id, remove_module, "a")
        _change(programme_id, add_module, "a", False)
        assert _items(programme_id) == [("b", False, 0), ("c", True, 1), ("a", False, 2)]


# --- join codes -------------------------------------------------------------------


def test_a_new_join_code_has_the_default_length():
    assert len(new_join_code()) == CODE_LENGTH == 8


def test_a_join_code_can_be_made_longer():
    assert len(new_join_code(12)) == 12


def test_join_codes_use_only_the_unambiguous_alphabet():
    codes = "".join(new_join_code() for _ in range(200))
    assert set(codes) <= set(ALPHABET)


@pytest.mark.parametrize("lookalike", ["0", "O", "1", "I", "L"])
def test_the_alphabet_leaves_out_characters_that_look_alike(lookalike):
    assert lookalike not in ALPHABET


def test_join_codes_are_random():
    assert len({new_join_code() for _ in range(100)}) == 100


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ABCD2345", "ABCD2345"),
        ("abcd2345", "ABCD2345"),
        ("abcd-2345", "ABCD2345"),
        ("  ab cd 23 45 ", "ABCD2345"),
        ("ab_cd.23/45", "ABCD2345"),
        ("", ""),
        ("- -", ""),
    ],
)
def test_normalise_code_accepts_what_people_type(typed, stored):
    assert normalise_code(typed) == stored


def test_a_new_code_typed_in_lower_case_normalises_back_to_itself():
    codes = [new_join_code() for _ in range(20)]
    assert [normalise_code(code.lower()) for code in codes] == codes


@pytest.mark.parametrize(
    ("position", "expected"),
    [(1, ["c", "a", "b", "d"]), (3, ["a", "b", "c", "d"]), (4, ["a", "b", "d", "c"]),
     (9, ["a", "b", "d", "c"]), (0, ["c", "a", "b", "d"])],
)  # fmt: skip
def test_placed_moves_one_module_straight_to_a_position(position, expected):
    from mentorhub.learning.curriculum import placed

    assert placed(["a", "b", "c", "d"], "c", position) == expected


def test_placed_refuses_a_module_not_in_the_order():
    from mentorhub.learning.curriculum import placed

    with pytest.raises(ValueError):
        placed(["a"], "b", 1)
