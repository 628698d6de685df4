"""No aggregate page or export shows a figure computed from fewer than 5 responses.

The proof is differential. Programme B's trainees answer one by one, then one of
them changes every answer. Every aggregate page and export, as each role that can
see it, must stay byte-for-byte the same from the first response to the fourth
(and after the edit): anything computed from those answers would change. The fifth
response must change them, which shows the pages really do read B's answers.
"""

from __future__ import annotations

import difflib
import re
import shutil

import pytest

from mentorhub.extensions import db
from mentorhub.learning.progress_records import mark_done
from mentorhub.models import Programme, User
from tests.factories import FIXTURES, csrf_token, log_in, make_programme, make_user, write_module
from tests.pages import who

CSRF_RE = re.compile(r'(name="csrf_token"(?: type="hidden")? value=")[^"]+"')


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    write_module(
        tmp_path / "content",
        "gamma",
        objectives=["Listen well", "Set a goal"],
        feedback={"confidence": "per-objective"},
    )
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


def answers(module: str, value: int, note: str) -> dict[str, str]:
    """Every question answered with `value` (1-5), comments carrying `note`."""
    v = str(value)
    data = {key: v for key in ("relevant", "clear", "recommend")} | {"length": "2"}
    pairs = ("objective-1", "objective-2") if module == "gamma" else ("confidence",)
    for prefix in pairs:
        data |= {f"{prefix}_before": str(6 - value), f"{prefix}_after": v}
    return data | {"helped_most": f"helped {note}", "would_change": f"change {note}"}


@pytest.fixture
def world(app):
    """Programme A with 6 answers to each module; programme B with 5 trainees who
    have finished both modules and not answered yet."""
    with app.app_context():
        catalogue = app.extensions["mentorhub.catalogue"]
        a = make_programme(catalogue.modules, name="Programme A", focus=["core"])
        b = make_programme(catalogue.modules, name="Programme B", focus=["core"])
        people = {
            "trainer_b": make_user("trainer", trainer_of=[b]).username,
            "evaluator": make_user("evaluator").username,
            "admin": make_user("admin").username,
        }
        trainees = {"a": [], "b": []}
        for key, programme, count in (("a", a, 6), ("b", b, 5)):
            for _ in range(count):
                user = make_user("trainee", programme=programme)
                for module_id in ("alpha", "gamma"):
                    module = catalogue.get(module_id)
                    for section in module.sections:
                        mark_done(user, programme, module, section.id)
                trainees[key].append(user.username)
        db.session.commit()
        return {"a": a.id, "b": b.id, "people": people, "trainees": trainees}


def submit(app, username: str, value: int, note: str, modules=("alpha", "gamma")) -> None:
    client = app.test_client()
    log_in(client, who(username))
    for module in modules:
        data = answers(module, value, note) | {"csrf_token": csrf_token(client, "/account")}
        response = client.post(f"/training/{module}/feedback", data=data)
        assert response.status_code == 302, response.get_data(as_text=True)[:400]


def aggregate_pages(world) -> list[tuple[str, str]]:
    """(who, url) for every page and export that shows aggregated feedback."""
    b = world["b"]
    evaluation = [
        "/evaluation",
        f"/evaluation?programme={b}",
        "/evaluation?module=alpha",
        "/evaluation?module=gamma&version=1",
        "/evaluation?chart=change",
        "/evaluation?chart=relevant",
        "/evaluation/exports",
        "/evaluation/exports/aggregates.csv",
        f"/evaluation/exports/aggregates.csv?programme={b}",
    ]
    programme = [f"/programmes/{b}/feedback", f"/programmes/{b}", "/programmes"]
    pages = [(role, url) for role in ("evaluator", "admin") for url in evaluation + programme]
    return pages + [("trainer_b", url) for url in programme]


def snapshot(app, world) -> dict[tuple[str, str], str]:
    clients = {}
    for role in ("evaluator", "admin", "trainer_b"):
        clients[role] = app.test_client()
        log_in(clients[role], who(world["people"][role]))
    found = {}
    for role, url in aggregate_pages(world):
        response = clients[role].get(url)
        assert response.status_code == 200, (role, url)
        found[role, url] = CSRF_RE.sub(r'\1"', response.get_data(as_text=True))
    return found


def differences(before: dict, after: dict) -> str:
    """The changed lines of each page that changed, for a readable failure."""
    out = []
    for key in before:
        if before[key] != after[key]:
            diff = difflib.unified_diff(
                before[key].splitlines(), after[key].splitlines(), lineterm="", n=0
            )
            out.append(f"{key}:\n" + "\n".join(list(diff)[2:12]))
    return "\n".join(out)


@pytest.mark.parametrize("module", ["alpha", "gamma"])
def test_no_aggregate_shows_a_figure_from_fewer_than_five(app, world, module):
    """B answers one module only, so every cell B's answers reach (the module's
    groups, the programme's monitoring row) has between 1 and 4 of them."""
    for username in world["trainees"]["a"]:
        submit(app, username, 4, "from A")
    b = world["trainees"]["b"]
    submit(app, b[0], 5, "first B answer", [module])
    first = snapshot(app, world)
    for n, username in enumerate(b[1:4], 2):
        submit(app, username, n % 5 + 1, f"B answer {n}", [module])
        now = snapshot(app, world)
        assert now == first, f"with {n} responses from B:\n{differences(first, now)}"
    submit(app, b[3], 1, "B changed their mind", [module])
    now = snapshot(app, world)
    assert now == first, f"after an edit:\n{differences(first, now)}"

    submit(app, b[4], 2, "fifth B answer", [module])
    fifth = snapshot(app, world)
    changed = {key for key in first if first[key] != fifth[key]}
    for role in ("evaluator", "admin"):
        assert (role, f"/evaluation?programme={world['b']}") in changed
        assert (role, "/evaluation/exports/aggregates.csv") in changed
    assert ("trainer_b", f"/programmes/{world['b']}/feedback") in changed
    assert "fifth B answer" in fifth["trainer_b", f"/programmes/{world['b']}/feedback"]


def test_the_small_group_is_named_as_fewer_than_five(app, world):
    for username in world["trainees"]["b"][:3]:
        submit(app, username, 3, "small")
    pages = snapshot(app, world)
    overview = pages["evaluator", f"/evaluation?programme={world['b']}"]
    assert "fewer than 5" in overview
    csv_text = pages["evaluator", f"/evaluation/exports/aggregates.csv?programme={world['b']}"]
    assert "fewer than 5" in csv_text
    assert "small" not in pages["trainer_b", f"/programmes/{world['b']}/feedback"]


def test_every_programme_and_user_exists(app, world):
    """Guard for the fixture: the differential test means nothing without B's people."""
    with app.app_context():
        assert db.session.get(Programme, world["b"]).name == "Programme B"
        assert db.session.query(User).filter(User.programme_id == world["b"]).count() == 5


def test_the_comparison_chart_draws_only_groups_of_five_or_more(app, world):
    for username in world["trainees"]["a"]:
        submit(app, username, 4, "from A")
    for username in world["trainees"]["b"][:2]:
        submit(app, username, 2, "small")
    html = snapshot(app, world)["evaluator", "/evaluation?chart=relevant"]
    chart = html[html.index('<figure class="chart chart--comparison">') : html.index("</figure>")]
    assert "This was relevant to me: mean and 95% confidence interval" in chart
    # Rows are labelled with what tells them apart (the module); the caption says the rest.
    assert re.search(r'class="chart__label">Alpha module( · v2)?</text>', chart)
    assert "Every row: Programme A" in chart
    assert "Programme B" not in chart
    assert "2 groups are not in the chart" in chart  # B's alpha and gamma
    assert chart.count('class="chart__mean"') == 2  # A's alpha and gamma
