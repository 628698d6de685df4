"""Geometry for the evaluator's comparison chart: each group's mean as a dot with its
95% confidence interval as a line, on a shared scale. The template only draws."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..models import LIKERT_ITEMS
from .compare import Group
from .stats import MeanCI, is_suppressed

WIDTH = 400
PLOT_LEFT, PLOT_RIGHT = 16, WIDTH - 16
ROW_HEIGHT = 44  # a label line, then the interval under it
TOP = 8
AXIS_HEIGHT = 40
MAX_ROWS = 40  # more than this is unreadable; the table beside still has every group
LABEL_CHARS = 52

MEASURES: dict[str, str] = {**LIKERT_ITEMS, "change": "Confidence change (now minus before)"}


@dataclass(frozen=True)
class ChartRow:
    label: str
    value: MeanCI
    y: float  # baseline of the label; the interval is drawn below it
    x: float
    x_low: float
    x_high: float


@dataclass(frozen=True)
class Chart:
    title: str
    axis_label: str
    ticks: tuple[tuple[str, float], ...]
    rows: tuple[ChartRow, ...]
    height: float
    left_out: int  # groups with fewer than 5 responses, or past MAX_ROWS

    @property
    def axis_y(self) -> float:
        return self.height - AXIS_HEIGHT + 6


def _value(group: Group, measure: str) -> MeanCI | None:
    value = group.change if measure == "change" else group.means.get(measure)
    return None if value is None or is_suppressed(value) else value


def _scale(measure: str) -> tuple[int, int]:
    return (-4, 4) if measure == "change" else (1, 5)


def comparison_chart(
    groups: Sequence[Group], measure: str, describe: Callable[[Group], str]
) -> Chart | None:
    """The chart for one measure; None when no group has a figure to show."""
    low, high = _scale(measure)

    def x(v: float) -> float:
        v = min(max(v, low), high)
        return round(PLOT_LEFT + (v - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT), 1)

    shown = [(g, v) for g in groups if not is_suppressed(g.n) and (v := _value(g, measure))]
    rows = tuple(
        ChartRow(
            label=_shorten(describe(group)),
            value=value,
            y=TOP + index * ROW_HEIGHT + 16,
            x=x(value.mean),
            x_low=x(value.low),
            x_high=x(value.high),
        )
        for index, (group, value) in enumerate(shown[:MAX_ROWS])
    )
    if not rows:
        return None
    ticks = tuple(
        (f"{v:+d}" if measure == "change" else str(v), x(v)) for v in range(low, high + 1)
    )
    return Chart(
        title=f"{MEASURES[measure]}: mean and 95% confidence interval for each group",
        axis_label="Change in points" if measure == "change" else "Mean answer, 1 to 5",
        ticks=ticks,
        rows=rows,
        height=TOP + len(rows) * ROW_HEIGHT + AXIS_HEIGHT,
        left_out=len(groups) - len(rows),
    )


def _shorten(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"
