# mentorhub: `make run` serves the site with demo data; `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
PYTEST_ARGS ?=
TEST_WORKERS ?= auto
export FLASK_APP := mentorhub

.PHONY: install install-test run test lint format bench load clean

# (Re)install whenever pyproject.toml changes. `make run` needs only what the site runs
# on; the test tools (Playwright, SciPy, Hypothesis, ruff: several hundred MB) come with
# `make test`, `make lint` and the benchmarks.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	MENTORHUB_ENV=development $(BIN)/flask db upgrade
	MENTORHUB_ENV=development $(BIN)/flask seed-demo
	MENTORHUB_ENV=development $(BIN)/flask run --host $(HOST) --port $(PORT) --reload

test: install-test
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not faults" --durations=15 $(PYTEST_ARGS)
	@# The fault tests stop and pause a private PostgreSQL cluster: one process, after the rest
	@# (exit 5 is "nothing selected", e.g. PYTEST_ARGS=tests/unit).
	$(BIN)/python -m pytest -m faults $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-test
	$(BIN)/python bench/catalogue.py

load: install-test
	bash bench/load.sh

clean:
	rm -rf $(VENV) instance test-artifacts .pytest_cache .ruff_cache
