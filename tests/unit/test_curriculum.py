"""Choosing a programme's curriculum, and join codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorhub.content import Module
from mentorhub.content.loader import load_module
from mentorhub.extensions import db
from mentorhub.models import Programme
from mentorhub.programmes.codes import ALPHABET, CODE_LENGTH, new_join_code, normalise_code
from mentorhub.programmes.curriculum import default_curriculum, set_curriculum
from tests.factories import make_programme, write_module


def build(tmp_path: Path, module_id: str, focus: list[str], order: int) -> Module:
    path = write_module(tmp_path / "content", module_id, focus=focus, order=order)
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
