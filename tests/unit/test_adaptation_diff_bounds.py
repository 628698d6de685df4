"""Comparing revisions stays quick on any text: lines first, words only inside
changed lines, and a bounded amount of work with a plain fallback."""

from __future__ import annotations

import html as html_module
import re

import pytest

from mentorhub.adaptation.diff import (
    MAX_DIFF_CHARS,
    WORK_BUDGET,
    _Budget,
    diff_docs,
    diff_text_html,
)
from mentorhub.learning.adaptation_doc import AdaptationDoc, NewSection


def _side(html: str, keep: str, drop: str) -> str:
    html = re.sub(rf"<{drop}>.*?</{drop}>", "", html, flags=re.DOTALL)
    return html_module.unescape(re.sub(rf"</?{keep}>", "", html))


def assert_faithful(old: str, new: str, html: str) -> None:
    assert _side(html, "del", "ins") == old
    assert _side(html, "ins", "del") == new
    assert not re.sub(r"</?(del|ins)>", "", html).count("<")


# Each of these took minutes (the work grew with the cube of the length) before.
REPETITIVE = [
    (("a " * 10_000), ("a b " * 5_000)),
    (("ab " * 7_000)[:20_000], ("ab ba " * 4_000)[:20_000]),
    (("a\n" * 10_000), ("a\nb\n" * 5_000)),
    (("a b\n" * 5_000), ("b a\n" * 5_000)),
]


@pytest.mark.parametrize(("old", "new"), REPETITIVE, ids=["words", "pairs", "lines", "swapped"])
def test_20000_repetitive_characters_are_compared_within_the_budget(old, new):
    budget = _Budget(WORK_BUDGET)
    html = str(diff_text_html(old, new, budget))
    assert_faithful(old, new, html)
    assert budget.left < 0, "this text should have needed the plain fallback"


def test_the_budget_is_charged_before_the_work_is_done():
    budget = _Budget(1_000)
    assert budget.opcodes(list("a" * 2_000), list("a" * 1_999 + "b")) is None
    assert budget.opcodes(["x"], ["x"]) is None  # nothing left for another comparison


def test_a_small_change_in_a_long_repetitive_text_stays_small():
    old = "- the same item\n" * 5_000
    new = old[:40_000] + "- a new item\n" + old[40_000:]
    html = str(diff_text_html(old, new))
    assert_faithful(old, new, html)
    # Too many equal lines for a line diff within the budget: the plain fallback
    # still keeps everything before and after the one new line.
    assert re.findall(r"<ins>(.*?)</ins>", html, re.S) == ["a new item\n- "]
    assert "<del>" not in html


def test_words_are_compared_only_inside_changed_lines():
    old = "First line stays.\nSecond line has kind words.\nThird stays too.\n"
    new = "First line stays.\nSecond line has patient words.\nThird stays too.\n"
    assert str(diff_text_html(old, new)) == (
        "First line stays.\nSecond line has <del>kind</del><ins>patient</ins> words.\n"
        "Third stays too.\n"
    )


def test_text_past_the_size_cap_is_compared_plainly():
    old = "x " * (MAX_DIFF_CHARS // 2)
    new = "start " + old
    html = str(diff_text_html(old, new))
    assert html.startswith("<ins>start </ins>")
    assert_faithful(old, new, html)


def test_one_page_of_changes_shares_one_budget():
    sections = tuple(NewSection(f"s{n}", f"S{n}", "a " * 3_000) for n in range(30))
    changed = tuple(NewSection(s.id, s.title, "a b " * 1_500) for s in sections)
    changes = diff_docs(
        AdaptationDoc(new_sections=sections), AdaptationDoc(new_sections=changed), []
    )
    assert len(changes) == 30
    for change in changes:
        assert_faithful(change.before, change.after, str(change.inline_html))
