"""When a module was last checked: the `reviewed:` and `sources:` front-matter, and
which modules are due a fresh review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mentorhub.content.check import check_content
from mentorhub.content.loader import load_module
from mentorhub.content.module import ModuleSource
from mentorhub.content.review import add_months, review_is_due, review_warnings
from tests.factories import write_module

HEAD = """\
---
id: checked
title: A checked module
summary: A module whose facts were checked.
version: 1
order: 10
duration_minutes: 20
focus: [core]
objectives: [Do a thing]
"""
BODY = "---\n\n## First part\n\nSome text.\n"
REVIEWED_LINE = HEAD.count("\n") + 1  # the first line written after HEAD


def load(tmp_path: Path, extra: str):
    path = tmp_path / "checked.md"
    path.write_text(HEAD + extra + BODY, encoding="utf-8")
    return load_module(path)


@pytest.mark.parametrize(
    ("extra", "reviewed", "sources"),
    [
        ("", None, ()),
        ("reviewed: null\nsources: []\n", None, ()),
        ("reviewed: 2026-03-15\n", dt.date(2026, 3, 15), ()),
        ('reviewed: "2026-03-15"\n', dt.date(2026, 3, 15), ()),
        (
            "reviewed: 2026-12-01\nsources:\n"
            "  - title: Domestic Abuse (Scotland) Act 2018\n"
            "    url: https://www.legislation.gov.uk/asp/2018/5\n"
            '  - {title: "  When to phone 111  ", url: "https://www.nhs24.scot/111/ "}\n',
            dt.date(2026, 12, 1),
            (
                ModuleSource(
                    "Domestic Abuse (Scotland) Act 2018",
                    "https://www.legislation.gov.uk/asp/2018/5",
                ),
                ModuleSource("When to phone 111", "https://www.nhs24.scot/111/"),
            ),
        ),
    ],
)
def test_good_review_fields_load_typed(tmp_path, extra, reviewed, sources):
    module, errors = load(tmp_path, extra)
    assert errors == []
    assert module.meta.reviewed == reviewed
    assert module.meta.sources == sources


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ("reviewed: next March\n", "reviewed", "must be a date like 2026-03-15"),
        ("reviewed: 2026-13-01\n", "reviewed", "must be a date like 2026-03-15"),
        ("reviewed: 2026\n", "reviewed", "not 2026"),
        ("reviewed: 2026-03-15 10:30:00\n", "reviewed", "must be a date like 2026-03-15"),
        ("sources: https://www.gov.scot\n", "sources", "must be a list"),
        ("sources:\n  - https://www.gov.scot\n", "sources", "source 1 must have a title and a url"),
        (
            "sources:\n  - {title: Fine, url: 'https://www.gov.scot/'}\n  - {title: No url}\n",
            "sources",
            "source 2: url must be a web address starting http:// or https://",
        ),
        ("sources:\n  - {title: '', url: 'https://www.gov.scot/'}\n", "sources", "title must be"),
        ("sources:\n  - {title: Bare, url: www.gov.scot}\n", "sources", "not 'www.gov.scot'"),
        ("sources:\n  - {title: Sly, url: 'javascript:alert(1)'}\n", "sources", "url must be"),
        (
            "sources:\n  - {title: Typo, link: 'https://www.gov.scot/'}\n",
            "sources",
            "source 1: unknown key 'link'; use title and url",
        ),
    ],
)
def test_bad_review_fields_are_reported_with_path_line_and_field(tmp_path, extra, field, message):
    module, errors = load(tmp_path, extra)
    assert module is None
    [error] = errors
    assert error.field == field
    assert error.line == REVIEWED_LINE  # the line of the field's key
    assert message in error.message
    assert str(error).startswith(f"{tmp_path / 'checked.md'}:{REVIEWED_LINE}: {field}: ")


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 3, 15), 12, dt.date(2027, 3, 15)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2028, 1, 31), 1, dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 12, 1), 0, dt.date(2026, 12, 1)),
    ],
)
def test_add_months_keeps_the_day_or_the_month_end(day, months, expected):
    assert add_months(day, months) == expected


def test_a_review_is_due_the_day_after_it_is_months_old_or_when_there_is_none():
    reviewed = dt.date(2026, 3, 15)
    assert not review_is_due(reviewed, dt.date(2027, 3, 15), 12)
    assert review_is_due(reviewed, dt.date(2027, 3, 16), 12)
    assert not review_is_due(reviewed, dt.date(2027, 3, 16), 13)
    assert review_is_due(None, dt.date(2026, 3, 15), 12)


def test_review_warnings_name_the_module_line_and_date(tmp_path):
    content = tmp_path / "content"
    old = write_module(content, "old", reviewed=dt.date(2025, 1, 10))
    write_module(content, "fresh", reviewed=dt.date(2026, 11, 1))
    never = write_module(content, "never")
    modules = [load_module(path)[0] for path in sorted((content / "modules").glob("*.md"))]
    warnings = review_warnings(modules, today=dt.date(2026, 12, 1), months=12)
    assert [w.path for w in warnings] == [never, old]
    never_warning, old_warning = warnings
    assert never_warning.field == "reviewed" and never_warning.line is None
    assert "has no review date" in never_warning.message
    line = old.read_text().splitlines().index("reviewed: 2025-01-10") + 1
    assert old_warning.line == line and old_warning.field == "reviewed"
    assert "last checked 2025-01-10, more than 12 months ago" in old_warning.message


def test_check_content_lists_reviews_due_apart_from_problems(tmp_path):
    content = tmp_path / "content"
    write_module(content, "old", reviewed=dt.date(2025, 1, 10))
    write_module(content, "fresh", reviewed=dt.date(2026, 11, 1), order=20)
    result = check_content(content, today=dt.date(2026, 12, 1), review_months=12)
    assert result.ok and result.problems == []
    assert [w.path.stem for w in result.reviews_due] == ["old"]
    later = check_content(content, today=dt.date(2026, 12, 1), review_months=24)
    assert later.reviews_due == []
