"""Words the templates build from numbers."""

from __future__ import annotations

import pytest

from mentorhub.formatting import duration, group_session


@pytest.mark.parametrize(
    ("minutes", "said"),
    [
        (120, "a 2-hour group session"),
        (60, "a 1-hour group session"),
        (45, "a 45-minute group session"),
        (100, "a group session of 1 hour 40 minutes"),
        (110, "a group session of 1 hour 50 minutes"),
    ],
)
def test_group_session(minutes, said):
    assert group_session(minutes) == said


def test_duration():
    assert duration(75) == "1 hour 15 minutes"
    assert duration(40) == "40 minutes"
    assert duration(120) == "2 hours"
