"""The evaluation bench empties a PostgreSQL database only when told it is a throwaway."""

from __future__ import annotations

import pytest

from bench.evaluation_data import NotThrowaway, looks_throwaway, reset_postgres

# Nothing listens on port 9: a guard that let the URL through would fail to connect
# (an OperationalError), not refuse.
NOWHERE = "postgresql+psycopg://someone:secret@127.0.0.1:9/{}"


@pytest.mark.parametrize("name", ["mentorhub", "production", "mentorhub_live", ""])
def test_reset_refuses_a_database_not_named_for_benches_or_tests(name):
    assert not looks_throwaway(NOWHERE.format(name))
    with pytest.raises(NotThrowaway, match="--yes-drop"):
        reset_postgres(NOWHERE.format(name))


@pytest.mark.parametrize("name", ["mentorhub_bench", "mentorhub_test_2", "BENCH"])
def test_a_bench_or_test_database_may_be_emptied(name):
    assert looks_throwaway(NOWHERE.format(name))


def test_yes_drop_lets_any_name_through_to_the_database():
    with pytest.raises(Exception) as raised:
        reset_postgres(NOWHERE.format("mentorhub"), yes_drop=True)
    assert not isinstance(raised.value, NotThrowaway)  # it got as far as connecting
