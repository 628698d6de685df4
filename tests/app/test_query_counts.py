"""Queries per logged-in request, for every page `bench/load.sh` measures and /admin.

The data is the benchmark's own (`bench/logged_in.py`): one programme with every
library module in its curriculum and one module adapted, its trainer, an admin, and
trainees part-way through. Each page is requested once to warm up (caches filled,
the certificate issued), then once more with every statement counted.
"""

from __future__ import annotations

import pytest

import mentorhub.learning.database_stamp as database_stamp
from bench.logged_in import Scenario, build_scenario
from mentorhub.catalogue import get_catalogue
from tests.factories import log_in, make_programme, make_user
from tests.pages import who
from tests.queries import listing, recorded_queries

# Queries per request, at most. Lower a budget when a change lowers the count (never
# raise one to make a change pass). bench/README.md ("Queries per request") says what
# each query is.
BUDGETS: dict[str, tuple[str, str, int]] = {
    # page: (who, path, queries)
    # The log-in session with the user and their programme; the curriculum with each
    # module's current adaptation revision; the trainee's parts done, completions and
    # feedback given or skipped (one UNION ALL); the group sessions with their own
    # attendance and "I can't come" (11 before issue #16).
    "My training": ("trainee", "/training", 3),
    # The log-in with the programme; the module's curriculum entry with its adaptation
    # revision; the trainee's parts done, completion and answers (one UNION ALL). 7 before.
    "module page (library)": ("trainee", "/training/{module}", 2),
    "module page (adapted)": ("trainee", "/training/{adapted}", 2),
    # Kept whole (programmes/kept_page.py): the log-in; the programme with "is this
    # their programme" and the database's stamp; the programme's fingerprint only if
    # the stamp moved (on PostgreSQL a commit anywhere on the server moves it, so the
    # budget is that case; test_cheap_checks.py counts the 2 of a kept page on its
    # stamp). Drawn afresh (after a change to its rows) it takes 18.
    "programme page (trainer)": ("trainer", "/programmes/{programme}", 3),
    "certificate PDF": ("certified", "/training/certificate.pdf", 9),  # 13 before #16
    "admin": ("admin", "/admin", 6),  # was 13 with 5 trainers and 83 with 40 (one per row)
}


def scenario_in(app, trainees: int) -> Scenario:
    with app.app_context():
        return build_scenario(get_catalogue(), trainees=trainees, password="bench-password")


def queries_for(app, client, scenario, page: str) -> tuple[int, list[str], int]:
    role, path, budget = BUDGETS[page]
    path = path.format(
        module=scenario.module_id, adapted=scenario.adapted_id, programme=scenario.programme_id
    )
    log_in(client, who(scenario.usernames[role]), scenario.password)
    warm_up = client.get(path)
    assert warm_up.status_code == 200, f"GET {path}: {warm_up.status_code}"
    with recorded_queries(app) as statements:
        response = client.get(path)
    assert response.status_code == 200
    return len(statements), statements, budget


@pytest.mark.parametrize("page", BUDGETS)
def test_each_page_stays_within_its_query_budget(app, client, page):
    scenario = scenario_in(app, trainees=4)
    count, statements, budget = queries_for(app, client, scenario, page)
    assert count <= budget, f"{page}: {count} queries, budget {budget}:\n{listing(statements)}"


def test_no_page_sends_more_queries_for_more_people(app, monkeypatch):
    """One query per trainee, trainer or programme (N+1) would show here: with a second
    programme of three times the trainees, every page costs what it did.

    With no database stamp to trust, so that the programme page always reads its
    fingerprint: on PostgreSQL any commit on the server (another test run's) moves the
    stamp, which would make its count 2 or 3 by chance."""
    monkeypatch.setattr(database_stamp, "_stamp", lambda _before, _value: None)
    counts: dict[str, list[int]] = {page: [] for page in BUDGETS}
    for trainees in (3, 9):
        scenario = scenario_in(app, trainees)
        for page in BUDGETS:
            count, _statements, _budget = queries_for(app, app.test_client(), scenario, page)
            counts[page].append(count)
    grew = {page: found for page, found in counts.items() if found[0] != found[1]}
    assert not grew, f"queries with one programme of 3 trainees, then a second of 9: {grew}"


def add_people(app, programmes: int) -> None:
    """`programmes` more programmes, each with a trainer and two trainees."""
    with app.app_context():
        for _ in range(programmes):
            programme = make_programme()
            make_user("trainer", trainer_of=[programme])
            make_user(programme=programme)
            make_user(programme=programme)


def test_admin_page_costs_the_same_with_5_or_40_trainers(app, client):
    with app.app_context():
        admin = make_user("admin").username
    log_in(client, who(admin))
    counts = []
    for more in (5, 35):  # 5 trainers, programmes and 10 trainees; then 40, 40 and 80
        add_people(app, more)
        assert client.get("/admin").status_code == 200
        with recorded_queries(app) as statements:
            page = client.get("/admin").get_data(as_text=True)
        counts.append(len(statements))
    assert counts[0] == counts[1], f"{counts}:\n{listing(statements)}"
    assert counts[1] <= BUDGETS["admin"][2]
    # Everyone is on the page: the fewer queries did not leave anyone out.
    assert page.count(">Trainer ") == 40 * 2  # in the programmes table and the people table
    assert page.count(">Trainee ") == 80
