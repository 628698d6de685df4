"""Reading the attendance form: marks out, and a message per box for what is wrong."""

from __future__ import annotations

from datetime import date

from mentorhub.groupwork.attendance_form import has_errors, read_marks
from mentorhub.models import AttendanceStatus, CatchUp

SESSION_DAY, TODAY = date(2027, 3, 2), date(2027, 3, 10)


def test_a_choice_per_trainee_and_no_choice_leaves_them_as_they_are():
    form = {"status-1": "attended", "status-2": "absent", "status-3": ""}
    marks, typed = read_marks(form, [1, 2, 3], SESSION_DAY, TODAY)
    assert [(m.user_id, m.status) for m in marks] == [
        (1, AttendanceStatus.ATTENDED),
        (2, AttendanceStatus.ABSENT),
    ]
    assert not has_errors(typed)


def test_caught_up_needs_a_date_and_a_way():
    form = {
        "status-1": "caught-up",
        "caught-up-on-1": "2027-03-05",
        "caught-up-how-1": "one-to-one",
    }
    marks, _typed = read_marks(form, [1], SESSION_DAY, TODAY)
    assert (
        marks[0].caught_up_on == date(2027, 3, 5) and marks[0].caught_up_how is CatchUp.ONE_TO_ONE
    )


def test_problems_are_kept_per_box_with_what_was_typed():
    form = {"status-1": "caught-up", "caught-up-on-1": "1900-01-01",
            "status-2": "caught-up", "caught-up-on-2": "2027-04-01", "caught-up-how-2": "x",
            "status-3": "caught-up", "caught-up-on-3": "not a date",
            "status-4": "present"}  # fmt: skip
    marks, typed = read_marks(form, [1, 2, 3, 4], SESSION_DAY, TODAY)
    assert marks == [] and has_errors(typed)
    assert typed[1].errors == {
        "caught_up_on": "They can only catch up on or after the session's date.",
        "caught_up_how": "Choose how they caught up.",
    }
    assert typed[2].errors["caught_up_on"] == "That date has not come yet."
    assert typed[3].caught_up_on == "not a date" and "real date" in typed[3].errors["caught_up_on"]
    assert typed[4].errors == {"status": "Choose one of the options."}


def test_caught_up_details_are_ignored_for_other_choices():
    form = {"status-1": "attended", "caught-up-on-1": "nonsense"}
    marks, typed = read_marks(form, [1], SESSION_DAY, TODAY)
    assert marks[0].status is AttendanceStatus.ATTENDED and not has_errors(typed)
