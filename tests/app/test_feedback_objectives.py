"""Per-objective confidence change on the programme dashboard."""

from __future__ import annotations

import shutil

import pytest

from mentorhub.extensions import db
from mentorhub.learning.feedback import rebuild_daily_totals
from mentorhub.models import FeedbackAnswer, FeedbackResponse
from tests.factories import FIXTURES, log_in, make_programme, make_user, write_module
from tests.pages import who

OBJECTIVES = ["Listen without judging", "Set a small goal"]


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    write_module(
        tmp_path / "content",
        "gamma",
        objectives=OBJECTIVES,
        feedback={"confidence": "per-objective"},
    )
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


def add_response(programme_id: int, pairs: dict[int, tuple[int, int]]) -> None:
    """Written straight to the tables: call rebuild_daily_totals() after the last one."""
    response = FeedbackResponse(
        module_id="gamma", module_version=1, programme_id=programme_id,
        relevant=4, clear=4, length=2, recommend=4,
    )  # fmt: skip
    for number, (before, after) in pairs.items():
        response.answers.append(FeedbackAnswer(key=f"objective-{number}_before", number=before))
        response.answers.append(FeedbackAnswer(key=f"objective-{number}_after", number=after))
    db.session.add(response)


@pytest.fixture
def dashboard(app):
    """Five responses: all five pair objective 1, only three pair objective 2."""
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        programme = make_programme(modules, name="Gamma programme", focus=["core"])
        trainer = make_user("trainer", trainer_of=[programme])
        changes = [(1, 3), (2, 3), (2, 4), (1, 4), (3, 5)]  # changes 2, 1, 2, 3, 2
        for n, pair in enumerate(changes):
            add_response(programme.id, {1: pair, **({2: (2, 2)} if n < 3 else {})})
        rebuild_daily_totals()
        db.session.commit()
        client = app.test_client()
        log_in(client, who(trainer.username))
        return client.get(f"/programmes/{programme.id}/feedback").get_data(as_text=True)


def row(html: str, objective: str) -> str:
    start = html.index(f'<th scope="row">{objective}</th>')
    return html[start : html.index("</tr>", start)]


def test_each_objective_gets_its_own_paired_change(dashboard):
    # changes 2, 1, 2, 3, 2: mean 2.0, sd sqrt(0.5), t(4) 2.776 -> 2.0 +/- 0.88
    assert "+2.0 (+1.1 to +2.9)" in row(dashboard, OBJECTIVES[0])
    assert "<td>5</td>" in row(dashboard, OBJECTIVES[0])


def test_an_objective_with_fewer_than_five_pairs_shows_no_figure(dashboard):
    assert "fewer than 5" in row(dashboard, OBJECTIVES[1])
    assert "+0.0" not in row(dashboard, OBJECTIVES[1])


def test_a_per_objective_module_does_not_claim_a_missing_module_pair(dashboard):
    section = dashboard[dashboard.index('id="fb-gamma"') :]
    assert "Not enough paired answers." not in section


def test_a_trainee_can_change_their_per_objective_answers(app):
    """Editing replaces each answer in place (it once broke the unique key constraint)."""
    import sqlalchemy as sa

    from tests.factories import csrf_token

    with app.app_context():
        programme = make_programme(
            app.extensions["mentorhub.catalogue"].modules, name="P", focus=["core"]
        )
        username = make_user("trainee", programme=programme).username
    client = app.test_client()
    log_in(client, who(username))
    base = dict.fromkeys(("relevant", "clear", "length", "recommend"), "2")
    for before, after in (("1", "3"), ("2", "5")):
        pairs = {f"objective-{n}_{when}": value for n in (1, 2) for when, value in
                 (("before", before), ("after", after))}  # fmt: skip
        data = base | pairs | {"csrf_token": csrf_token(client, "/account")}
        assert client.post("/training/gamma/feedback", data=data).status_code == 302
    with app.app_context():
        rows = db.session.execute(sa.select(FeedbackAnswer.key, FeedbackAnswer.number)).all()
    assert sorted(rows) == [
        ("objective-1_after", 5), ("objective-1_before", 2),
        ("objective-2_after", 5), ("objective-2_before", 2),
    ]  # fmt: skip


def test_the_evaluator_compares_each_objective_across_programmes(app):
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        big = make_programme(modules, name="Big programme", focus=["core"])
        small = make_programme(modules, name="Small programme", focus=["core"])
        for _ in range(5):
            add_response(big.id, {1: (2, 4), 2: (3, 3)})
        for _ in range(3):
            add_response(small.id, {1: (1, 5), 2: (1, 5)})
        rebuild_daily_totals()
        db.session.commit()
        evaluator = make_user("evaluator").username
    client = app.test_client()
    log_in(client, who(evaluator))
    html = client.get("/evaluation?module=gamma").get_data(as_text=True)
    table = html[html.index('id="objectives-title"') :]
    table = table[: table.index("</table>")]
    big_row = table[table.index("Big programme") :].split("</tr>")[0]
    assert "2.00" in big_row and "0.00" in big_row  # objective 1: +2, objective 2: no change
    small_row = table[table.index("Small programme") :].split("</tr>")[0]
    assert small_row.count("fewer than 5") == 2 and "4.00" not in small_row
    assert "Listen without judging" in table and "Set a small goal" in table
