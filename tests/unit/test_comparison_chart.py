"""The evaluator's comparison chart: what is drawn, and where."""

from __future__ import annotations

from mentorhub.evaluation.charts import MAX_ROWS, PLOT_LEFT, PLOT_RIGHT, comparison_chart
from mentorhub.evaluation.compare import Group
from mentorhub.evaluation.stats import SUPPRESSED, MeanCI


def group(name: str, mean: float, half: float = 0.5, n: int = 8, change=None) -> Group:
    ci = MeanCI(mean=mean, low=mean - half, high=mean + half, n=n, sd=1.0)
    items = dict.fromkeys(["relevant", "clear", "right_length", "recommend"], ci)
    return Group("alpha", name, 1, None, n, items, change)


def label(g: Group) -> str:
    return g.programme


def test_a_mean_of_three_sits_in_the_middle_of_the_one_to_five_scale():
    chart = comparison_chart([group("A", 3.0, half=1.0)], "recommend", label)
    (row,) = chart.rows
    middle = (PLOT_LEFT + PLOT_RIGHT) / 2
    assert row.x == middle
    assert row.x_low == PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) / 4
    assert [t for t, _ in chart.ticks] == ["1", "2", "3", "4", "5"]


def test_suppressed_groups_are_left_out_and_counted():
    small = Group("alpha", "Small", 1, None, SUPPRESSED, {}, SUPPRESSED)
    chart = comparison_chart([group("A", 4.0), small], "recommend", label)
    assert [r.label for r in chart.rows] == ["A"]
    assert chart.left_out == 1


def test_no_chart_when_nothing_can_be_shown():
    small = Group("alpha", "Small", 1, None, SUPPRESSED, {}, SUPPRESSED)
    assert comparison_chart([small], "recommend", label) is None


def test_confidence_change_uses_a_signed_scale_and_clamps_intervals():
    change = MeanCI(mean=1.5, low=-0.5, high=6.0, n=8, sd=1.0)
    chart = comparison_chart([group("A", 4.0, change=change)], "change", label)
    assert chart.ticks[0][0] == "-4" and chart.ticks[-1][0] == "+4"
    assert chart.rows[0].x_high == PLOT_RIGHT


def test_long_labels_are_shortened_and_rows_capped():
    groups = [group("A very long programme name " * 4, 3.0) for _ in range(MAX_ROWS + 3)]
    chart = comparison_chart(groups, "clear", label)
    assert len(chart.rows) == MAX_ROWS and chart.left_out == 3
    assert chart.rows[0].label.endswith("…") and len(chart.rows[0].label) <= 52


def _titled(module_id: str, programme: str, version: int = 1, revision=None) -> Group:
    ci = MeanCI(mean=4.0, low=3.5, high=4.5, n=8, sd=1.0)
    return Group(module_id, programme, version, revision, 8, {"recommend": ci}, None)


def test_rows_are_labelled_with_what_tells_them_apart():
    from mentorhub.evaluation.charts import distinguishing

    titles = {"welcome": "Welcome: your programme and where you are starting from"}
    groups = [_titled("welcome", "Fife"), _titled("welcome", "Glasgow", revision=2)]
    describe, shared = distinguishing(groups, titles)
    assert [describe(g) for g in groups] == ["Fife · library", "Glasgow · revision 2"]
    assert shared == "Welcome: your programme and where you are starting from · v1"
    one, shared_one = distinguishing(groups[:1], titles)
    assert one(groups[0]) == "Fife" and shared_one.endswith("· v1 · library")


def test_values_sit_in_their_own_column_clear_of_every_mark():
    from mentorhub.evaluation.charts import VALUE_X

    chart = comparison_chart([group("A", 4.9, half=0.5)], "recommend", label)
    (row,) = chart.rows
    assert row.x_high == PLOT_RIGHT  # the interval runs to the scale's end...
    assert VALUE_X - 4 * 8 > PLOT_RIGHT + 6  # ...and "4.90", right-aligned, starts after it
    assert all(x <= PLOT_RIGHT for _t, x in chart.ticks)


def test_a_long_module_title_is_cut_before_the_programme_that_tells_rows_apart():
    from mentorhub.evaluation.charts import LABEL_CHARS, distinguishing

    titles = {"a": "What peer mentoring is (and is not), a very long title", "b": "Short"}
    groups = [_titled("a", "Fife Care Leavers Mentoring"), _titled("b", "Next Steps")]
    describe, _shared = distinguishing(groups, titles)
    first = describe(groups[0])
    assert first.endswith(" · Fife Care Leavers Mentoring") and "…" in first
    assert len(first) <= LABEL_CHARS
