"""The evaluator's comparison, monitoring overview and aggregates CSV."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import timedelta

import pytest

from mentorhub.extensions import db
from mentorhub.learning.feedback import rebuild_daily_totals
from mentorhub.models import FeedbackResponse
from mentorhub.models.base import utcnow
from tests.factories import FIXTURES, log_in, make_programme, make_user
from tests.pages import who


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


def add(app, programme_id, n, version=2, relevant=4, days_ago=0, length=2, right_length=None):
    with app.app_context():
        for _ in range(n):
            db.session.add(
                FeedbackResponse(
                    module_id="alpha", module_version=version, programme_id=programme_id,
                    relevant=relevant, clear=4, length=length, right_length=right_length,
                    recommend=5,
                    confidence_before=2, confidence_after=3,
                    submitted_at=utcnow() - timedelta(days=days_ago),
                )
            )  # fmt: skip
        rebuild_daily_totals()  # dated in the past: written past save_response, then totalled
        db.session.commit()


@pytest.fixture
def world(app):
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        a = make_programme(modules, name="Programme A")
        b = make_programme(modules, name="Programme B")
        make_user("trainee", programme=a)
        evaluator = make_user("evaluator")
        return {"a": a.id, "b": b.id, "evaluator": evaluator.username}


def get(app, username, url):
    client = app.test_client()
    log_in(client, who(username))
    return client.get(url).get_data(as_text=True)


def test_groups_are_compared_and_small_ones_suppressed(app, world):
    add(app, world["a"], 6, relevant=4)
    add(app, world["b"], 3, relevant=1)
    html = get(app, world["evaluator"], "/evaluation")
    a_row = html[html.index("<td>Programme A</td>") :][:1500]
    b_row = html[html.index("<td>Programme B</td>") :][:600]
    assert "<td>6</td>" in a_row and "4.00" in a_row
    assert "fewer than 5" in b_row and "1.00" not in b_row and "<td>3</td>" not in b_row


def test_versions_are_compared_separately(app, world):
    add(app, world["a"], 5, version=1, relevant=2)
    add(app, world["a"], 5, version=2, relevant=5)
    html = get(app, world["evaluator"], "/evaluation")
    assert "2.00" in html and "5.00" in html


@pytest.mark.parametrize(
    ("query", "present", "absent"),
    [
        ("programme={b}", "Programme B", "Programme A</td>"),
        ("version=1", "<td>1</td>", "<td>2</td><td>library"),
        ("start={recent}", "<td>5</td>", "<td>10</td>"),
    ],
)
def test_filters(app, world, query, present, absent):
    add(app, world["a"], 5, version=2, days_ago=40)
    add(app, world["a"], 5, version=2)
    add(app, world["b"], 5, version=1)
    recent = (utcnow() - timedelta(days=10)).date().isoformat()
    html = get(app, world["evaluator"], "/evaluation?" + query.format(b=world["b"], recent=recent))
    section = html[html.index('id="compare-title"') :]
    assert present in section
    assert absent not in section


def test_aggregates_csv_obeys_suppression(app, world):
    add(app, world["a"], 5, relevant=4)
    add(app, world["b"], 4, relevant=2)
    body = get(app, world["evaluator"], "/evaluation/exports/aggregates.csv")
    rows = {r["programme"]: r for r in csv.DictReader(io.StringIO(body))}
    assert rows["Programme A"]["responses"] == "5" and rows["Programme A"]["relevant_mean"] == "4.0"
    assert rows["Programme B"]["responses"] == "fewer than 5"
    assert all(
        v in ("", "fewer than 5", "alpha", "Programme B", "2") for v in rows["Programme B"].values()
    )


def test_monitoring_overview(app, world):
    html = get(app, world["evaluator"], "/evaluation")
    monitoring = html[html.index('id="monitoring-title"') : html.index('id="compare-title"')]
    assert "Programme A" in monitoring and "Programme B" in monitoring
    assert "<td>1</td>" in monitoring  # one trainee enrolled in A


def test_the_length_share_counts_older_and_newer_answers_together(app, world):
    """6 newer answers (4 about right, 2 too long) and 6 older ones (3 agree, 1 disagree,
    2 not sure): 7 of 10 said the length was right; the earlier statement's mean is over
    its own 6 answers."""
    add(app, world["a"], 4, length=2)
    add(app, world["a"], 2, length=3)
    add(app, world["a"], 3, length=None, right_length=5)
    add(app, world["a"], 1, length=None, right_length=1)
    add(app, world["a"], 2, length=None, right_length=3)
    html = get(app, world["evaluator"], "/evaluation")
    row = html[html.index("<td>Programme A</td>") :].split("</tr>")[0]
    assert "<td>12</td>" in row
    assert '70% <span class="hint-inline">(of 10)</span>' in row
    assert "3.67" in row  # (3*5 + 1 + 2*3) / 6
    body = get(app, world["evaluator"], "/evaluation/exports/aggregates.csv")
    [figures] = list(csv.DictReader(io.StringIO(body)))
    assert (figures["length_about_right_share"], figures["length_answers"]) == ("0.7", "10")
    assert figures["right_length_mean"] == "3.667"


def test_the_earlier_statement_with_fewer_than_5_answers_is_suppressed(app, world):
    add(app, world["a"], 6, length=2)
    add(app, world["a"], 2, length=None, right_length=4)
    html = get(app, world["evaluator"], "/evaluation")
    row = html[html.index("<td>Programme A</td>") :].split("</tr>")[0]
    cells = row.split("<td>")
    assert cells[5 + 2].startswith("fewer than 5")  # the right_length column
    assert '100% <span class="hint-inline">(of 8)</span>' in row
