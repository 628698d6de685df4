"""Every CSV the site offers, with formulas typed into every kind of text it holds:
no text cell may start like a formula. The exports are found from the URL map, so a
new one is checked without editing this test."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from mentorhub.extensions import db
from mentorhub.learning.feedback import rebuild_daily_totals
from mentorhub.models import FeedbackAuthor, FeedbackResponse, InterestExpression
from tests.factories import FIXTURES, log_in, make_programme, make_user
from tests.pages import who

FORMULA = '=HYPERLINK("https://evil.example","click")'
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.fixture
def world(app):
    """Formulas as a programme's name, a trainee's name and username, feedback and an
    expression of interest; an admin to download everything."""
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        programme = make_programme(modules, name=FORMULA, partner_organisation="@partner")
        trainee = make_user("trainee", programme=programme, display_name="+44 7700 900123")
        for n in range(5):  # five: enough for the aggregates to show figures
            response = FeedbackResponse(
                module_id="alpha", module_version=1, programme_id=programme.id,
                relevant=1, clear=1, right_length=1, recommend=1,
                confidence_before=5, confidence_after=1,
                helped_most=f"-{n}+1", would_change="\t=cmd|' /C calc'!A0",
            )  # fmt: skip
            db.session.add(response)
            db.session.flush()
            if n == 0:
                author = FeedbackAuthor(
                    response_id=response.id, user_id=trainee.id, module_id="alpha", module_version=1
                )
                db.session.add(author)
        db.session.add(
            InterestExpression(
                organisation="=1+1",
                local_authority="fife",
                name="@Sam",
                email="s@example.org",
                role="-role",
                interest="pilot",
                message="\r=2",
            )  # fmt: skip
        )
        rebuild_daily_totals()  # rows added straight to the table, as an import would
        db.session.commit()
        return {"programme_id": programme.id, "admin": make_user("admin").username}


def csv_urls(app, world) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.rule.endswith(".csv"):
            values = {name: world[name] for name in rule.arguments}
            urls.append(rule.rule.replace("<int:programme_id>", str(values.get("programme_id"))))
    return urls


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_no_text_cell_in_any_csv_starts_like_a_formula(app, world):
    client = app.test_client()
    log_in(client, who(world["admin"]))
    urls = csv_urls(app, world)
    assert len(urls) >= 5
    cells: list[str] = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype == "text/csv", url
        for row in csv.reader(io.StringIO(response.get_data(as_text=True))):
            for value in row:
                assert not value.startswith(FORMULA_STARTS) or _is_number(value), (url, value)
                cells.append(value)
    for typed in (FORMULA, "+44 7700 900123", "-0+1", "\t=cmd", "=1+1", "@Sam", "-role", "\r=2"):
        assert any(value.startswith("'" + typed) for value in cells), typed


def test_negative_figures_stay_numbers(app, world):
    """The confidence change here is -4: a figure, not a formula."""
    client = app.test_client()
    log_in(client, who(world["admin"]))
    body = client.get("/evaluation/exports/aggregates.csv").get_data(as_text=True)
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row["programme"] == "'" + FORMULA
    assert row["confidence_change_mean"] == "-4.0"
