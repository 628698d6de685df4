"""Geometry for the evaluator's comparison chart: each group's mean as a dot with its
95% confidence interval as a line, on a shared scale. The template only draws."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..models import LIKERT_ITEMS
from .compare import Group
from .stats import MeanCI, is_suppressed

WIDTH = 400
VALUE_X = WIDTH - 4  # each mean's figure, right-aligned in a column of its own
PLOT_LEFT, PLOT_RIGHT = 16, WIDTH - 60  # so the figures never sit on a line or the axis
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
    def value_x(self) -> float:
        return VALUE_X

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


def _fields(group: Group, titles: Mapping[str, str]) -> dict[str, str]:
    return {
        "module": titles.get(group.module_id, group.module_id),
        "programme": group.programme,
        "version": f"v{group.version}",
        "adaptation": f"revision {group.revision}" if group.revision else "library",
    }


def distinguishing(
    groups: Sequence[Group], titles: Mapping[str, str]
) -> tuple[Callable[[Group], str], str]:
    """(a label for each row naming only what differs between the groups, a sentence of
    what they all share). Two programmes' rows for one module read "Fife · library" and
    "Glasgow · revision 2", not the module's title twice, cut short."""
    shown = [g for g in groups if not is_suppressed(g.n)] or list(groups)
    values = [_fields(g, titles) for g in shown]
    varying = [key for key in ("module", "programme", "version", "adaptation")
               if len({v[key] for v in values}) > 1]  # fmt: skip
    if not varying:
        varying = ["programme"]
    shared = [values[0][key] for key in ("module", "programme", "version", "adaptation")
              if key not in varying] if values else []  # fmt: skip

    def describe(group: Group) -> str:
        fields = _fields(group, titles)
        rest = " · ".join(fields[key] for key in varying if key != "module")
        if "module" not in varying:
            return rest
        # A long module title is cut, not what follows it: that tells the rows apart.
        budget = max(16, LABEL_CHARS - len(rest) - 3) if rest else LABEL_CHARS
        return " · ".join([_shorten(fields["module"], budget), *([rest] if rest else [])])

    return describe, " · ".join(shared)


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
