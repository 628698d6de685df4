"""Database timeouts as engine options, and what /health reports (pure functions)."""

from __future__ import annotations

import pytest

from mentorhub.connections import engine_options
from mentorhub.main.health import health_report

PG = "postgresql+psycopg://u:p@db:5432/mentorhub"


def test_postgresql_gets_a_connect_and_a_statement_timeout():
    options = engine_options(
        PG, {"pool_pre_ping": True}, connect_timeout=5, statement_timeout_ms=10_000
    )
    assert options["pool_pre_ping"] is True
    assert options["pool_timeout"] == 5
    assert options["connect_args"] == {
        "connect_timeout": 5,
        "options": "-c statement_timeout=10000",
    }


def test_postgresql_counts_whole_seconds_at_least_two():
    assert engine_options(PG, {}, connect_timeout=0.5, statement_timeout_ms=0)["connect_args"] == {
        "connect_timeout": 2
    }
    assert engine_options(PG, {}, connect_timeout=2.5, statement_timeout_ms=0)["connect_args"] == {
        "connect_timeout": 3
    }


def test_options_already_given_are_kept():
    base = {"connect_args": {"options": "-c search_path=app", "application_name": "x"}}
    options = engine_options(PG, base, connect_timeout=5, statement_timeout_ms=250)
    assert options["connect_args"]["options"] == "-c search_path=app -c statement_timeout=250"
    assert options["connect_args"]["application_name"] == "x"
    assert base["connect_args"] == {"options": "-c search_path=app", "application_name": "x"}


def test_zero_means_no_limit():
    assert engine_options(PG, {}, connect_timeout=0, statement_timeout_ms=0) == {}


def test_sqlite_waits_for_another_writer_as_long_as_a_statement_may_take():
    options = engine_options(
        "sqlite:///x.sqlite3", {}, connect_timeout=5, statement_timeout_ms=1500
    )
    assert options == {"connect_args": {"timeout": 1.5}}


@pytest.mark.parametrize(
    ("database_ok", "modules", "problems", "status", "code", "content"),
    [
        (True, 19, 0, "ok", 200, "ok"),
        (True, 18, 1, "degraded", 200, "problems"),
        (True, 0, 0, "degraded", 200, "empty"),
        (True, 0, 3, "degraded", 200, "empty"),
        (False, 19, 0, "down", 503, "ok"),
        (False, 0, 2, "down", 503, "empty"),
    ],
)
def test_health_report(database_ok, modules, problems, status, code, content):
    report = health_report(database_ok, modules, problems)
    assert (report.status, report.status_code) == (status, code)
    assert report.body == {
        "status": status,
        "database": "ok" if database_ok else "down",
        "content": content,
        "modules": modules,
        "content_problems": problems,
    }
