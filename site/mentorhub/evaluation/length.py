"""The length question, and how its answers compare with the statement it replaced.

Until the length question, the form asked "It was the right length" (1 strongly disagree
to 5 strongly agree), which cannot tell too long from too short. Now it asks "The length
was: too short / about right / too long". The two meet on one measure: the share of
answers saying the length was right, where "about right" counts with 4 or 5 (agree) on
the old statement, "too short" and "too long" with 1 or 2 (disagree), and the old 3
("not sure") is left out, having no counterpart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..models import LENGTH_ANSWERS
from .stats import SUPPRESSED, Suppressed, _rounded_percentages, suppressed

ABOUT_RIGHT, NOT_ABOUT_RIGHT = "about_right", "not_about_right"


@dataclass(frozen=True)
class LengthCounts:
    """Answers about length in a group of responses."""

    too_short: int = 0
    about_right: int = 0
    too_long: int = 0
    agreed: int = 0  # the earlier statement, 4 or 5
    disagreed: int = 0  # the earlier statement, 1 or 2

    @classmethod
    def from_totals(cls, counts: Mapping[str, int | None]) -> LengthCounts:
        """From the daily totals' names (length_short, ..., right_length_disagree)."""

        def get(name: str) -> int:
            return int(counts.get(name) or 0)

        return cls(
            too_short=get("length_short"),
            about_right=get("length_right"),
            too_long=get("length_long"),
            agreed=get("right_length_agree"),
            disagreed=get("right_length_disagree"),
        )

    @property
    def asked(self) -> int:
        """Answers to the length question itself."""
        return self.too_short + self.about_right + self.too_long

    @property
    def judged(self) -> int:
        """Answers on the shared measure: the question's, and the statement's but for 3."""
        return self.asked + self.agreed + self.disagreed

    def rows(self) -> list[tuple[int, str, int, float]]:
        """(value, answer, count, percentage) for the question's three answers; the
        percentages are rounded to add up to 100."""
        counts = (self.too_short, self.about_right, self.too_long)
        percentages = _rounded_percentages(counts, 0)
        return [
            (value, label, count, share)
            for (value, label), count, share in zip(
                LENGTH_ANSWERS.items(), counts, percentages, strict=True
            )
        ]

    def share_about_right(self) -> float | None | Suppressed:
        """The share saying the length was right; None with no answers, suppressed under 5."""
        if not self.judged:
            return None
        if suppressed(self.judged):
            return SUPPRESSED
        return (self.about_right + self.agreed) / self.judged


def comparable_length(length: int | None, right_length: int | None) -> str:
    """One response on the shared measure: 'about_right', 'not_about_right' or ''."""
    if length is not None:
        return ABOUT_RIGHT if length == 2 else NOT_ABOUT_RIGHT
    if right_length is None or right_length == 3:
        return ""
    return ABOUT_RIGHT if right_length >= 4 else NOT_ABOUT_RIGHT
