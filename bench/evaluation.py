"""Benchmark: the evaluation dashboards and exports on 10k, 100k and 1M feedback responses.

For each size, a fresh SQLite file database (schema from the Alembic migrations) is
seeded with realistic responses, then this prints, as medians of warm runs (wall time,
and this process's CPU time, which a busy shared machine disturbs much less):

- the evaluator dashboard's data: `compare(Filters())` and three filtered variants (one
  programme, one module, a three-month date range), `filter_options()` and `monitoring()`;
- the whole page `GET /evaluation` (and `?programme=`) through the Flask test client,
  logged in as an evaluator through the real log-in form;
- the trainer's dashboard data `programme_feedback(programme_id, module_ids)` (also with one
  module asking per objective) and its page, with the plans of its queries;
- the exports: streaming the whole `responses.csv` (rows/s), and `aggregates.csv`;
- the comparison query's plan (EXPLAIN QUERY PLAN): which index, or a full scan.

The responses are inserted straight into the file, past `save_response`, so the
daily totals (migration 0006) are then filled with the app's own rebuild, one INSERT ...
SELECT ... GROUP BY, as `flask feedback rebuild-totals` does (timed).

It measures two states of the same database, with the same schema (the migrations'):

- responses: `compare()` and `filter_options()` as they were up to migration 0005, one
  grouped query over every response through the covering index (`compare_from_responses`
  and `filter_options_from_responses`), and `programme_feedback()` counted over every
  response as up to migration 0010 (`programme_feedback_from_responses`), all from
  tests/feedback_reference.py, swapped into the views while they are measured;
- shipped: the app as it is, reading the daily totals. Each of its results is checked to
  equal the responses' exactly; the script stops if one differs.

Run with `.venv/bin/python bench/evaluation.py` (all sizes, about 4 minutes on a quiet
machine), `--quick` (10k only) or `--sizes 10k,100k`; `--no-export` leaves out streaming the
whole responses.csv (35 s or more at 1M). See bench/README.md for results.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402

from bench.evaluation_data import (  # noqa: E402
    World,
    analyze,
    database_bytes,
    is_sqlite,
    looks_throwaway,
    make_app,
    reset_postgres,
    seed,
    set_up,
)
from mentorhub.catalogue import get_catalogue  # noqa: E402
from mentorhub.evaluation import dashboard, evaluator_views  # noqa: E402
from mentorhub.evaluation.aggregates import _comments, programme_feedback  # noqa: E402
from mentorhub.evaluation.compare import Filters, compare, filter_options  # noqa: E402
from mentorhub.evaluation.exports import responses_csv  # noqa: E402
from mentorhub.evaluation.monitoring import monitoring  # noqa: E402
from mentorhub.extensions import db  # noqa: E402
from mentorhub.learning.feedback import rebuild_daily_totals  # noqa: E402
from tests.feedback_reference import (  # noqa: E402
    compare_from_responses,
    filter_options_from_responses,
    programme_feedback_from_responses,
)

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
GOAL_SECONDS = 0.3  # the evaluator dashboard at 1M responses
PASSWORD = "bench-password-not-secret"


def parse_size(text: str) -> int:
    text = text.strip().lower().replace("_", "")
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text.rstrip("km")) * scale)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", type=lambda s: [parse_size(x) for x in s.split(",")], default=None,
        help="comma-separated response counts, e.g. 10k,100k,1m (default: 10k,100k,1m)",
    )  # fmt: skip
    parser.add_argument("--quick", action="store_true", help="10k responses only")
    parser.add_argument("--runs", type=int, default=7, help="timed runs per fast measurement")
    parser.add_argument("--no-reference", action="store_true", help="measure the shipped code only")
    parser.add_argument("--keep", action="store_true", help="keep the databases and say where")
    parser.add_argument("--no-export", action="store_true", help="skip streaming responses.csv")
    parser.add_argument(
        "--database-url", default=None,
        help="a throwaway PostgreSQL database (postgresql+psycopg://...): its public schema is"
        " dropped and rebuilt for each size (default: a new SQLite file). Its name must"
        ' contain "bench" or "test", unless --yes-drop',
    )  # fmt: skip
    parser.add_argument(
        "--yes-drop", action="store_true",
        help="drop the --database-url database's public schema whatever its name",
    )  # fmt: skip
    args = parser.parse_args()
    url = args.database_url
    if url and not is_sqlite(url) and not (args.yes_drop or looks_throwaway(url)):
        parser.error(
            "--database-url: its public schema would be dropped, and the database's name has"
            ' neither "bench" nor "test" in it; pass --yes-drop if it is a throwaway one'
        )
    if args.sizes is None:
        args.sizes = [10_000] if args.quick else list(DEFAULT_SIZES)
    return args


# --- timing -----------------------------------------------------------------------------


@dataclass
class Timing:
    seconds: float  # wall time
    cpu: float  # this process's CPU time: moves much less than wall time on a shared machine
    runs: int


def measure(action: Callable[[], object], runs: int) -> Timing:
    """Medians of warm runs. One untimed warm-up first; slow actions get fewer runs
    (at most 3 if the warm-up took over a second, 1 if it took over 20 s)."""
    start = time.perf_counter()
    action()
    warm = time.perf_counter() - start
    if warm > 20:
        runs = 1
    elif warm > 1:
        runs = min(runs, 3)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return Timing(statistics.median(walls), statistics.median(cpus), runs)


def fmt_seconds(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms" if seconds >= 0.01 else f"{seconds * 1000:.2f} ms"


def fmt_size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    return f"{n // 1000}k" if n >= 1000 and n % 1000 == 0 else str(n)


# --- the reference (tests/feedback_reference.py) is swapped in while it is measured ---


def fill_totals() -> tuple[float, int]:
    """The app's rebuild of the daily totals (the seeding went past save_response)."""
    start = time.perf_counter()
    rows = rebuild_daily_totals()
    db.session.commit()
    return time.perf_counter() - start, rows


# --- query plans ------------------------------------------------------------------------


def statements_of(action: Callable[[], object]) -> list[tuple[str, tuple]]:
    """The SQL statements (with parameters) that `action` sends to the database."""
    seen: list[tuple[str, tuple]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", record)
    return seen


def run_sql(statement: str, parameters: tuple) -> list:
    return db.session.connection().exec_driver_sql(statement, parameters).fetchall()


def query_plan(statement: str, parameters: tuple) -> list[str]:
    """SQLite's EXPLAIN QUERY PLAN, or PostgreSQL's EXPLAIN (estimates, not run)."""
    sqlite = db.engine.dialect.name == "sqlite"
    explain = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN "
    rows = db.session.connection().exec_driver_sql(explain + statement, parameters)
    return [row[-1] if sqlite else row[0] for row in rows]


PG_SCAN = re.compile(r"((?:Parallel )?(?:Seq|Index|Index Only|Bitmap Index|Bitmap Heap) Scan)"
                     r"(?: Backward)?(?: using (\w+))? on (\w+)")  # fmt: skip


def plan_verdict(plan: list[str]) -> str:
    """How the plan reads the responses (or their daily totals): index or full scan."""
    if plan and not re.match(r"(SCAN|SEARCH|USE|CO-ROUTINE|MATERIALIZE) ", plan[0]):
        scans = [PG_SCAN.search(line) for line in plan]  # PostgreSQL
        found = [" ".join(filter(None, m.groups())) for m in scans if m]
        return "; ".join(found) or "?"
    verdicts = []
    for line in plan:
        match = re.match(r"(SCAN|SEARCH) (\w+)(?: USING (.*))?", line)
        if not match or match.group(2) in ("p", "programmes"):
            continue
        how, using = match.group(1), match.group(3) or ""
        index = re.search(r"INDEX (\w+)", using)
        index_name = index.group(1) if index else "?"
        covering = "covering " if "COVERING" in using else ""
        if how == "SCAN" and not using:
            verdicts.append("full table scan")
        elif how == "SCAN":
            verdicts.append(f"full scan of {covering}index {index_name}")
        elif "PRIMARY KEY" in using and not index:
            verdicts.append("search by primary key")
        else:
            detail = re.search(r"\((.*)\)", using)
            where = f" ({detail.group(1)})" if detail else ""
            verdicts.append(f"search in {covering}index {index_name}{where}")
    temp = [line.replace("USE TEMP B-TREE FOR ", "") for line in plan if "TEMP B-TREE" in line]
    if temp:
        verdicts.append("then sorts for " + " and ".join(temp))
    return "; ".join(verdicts) or "?"


# --- logging in -------------------------------------------------------------------------


def logged_in_client(app: Flask, username: str):
    """A test client logged in through the real form (CSRF token and all)."""
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert token, "no CSRF token on /login"
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD, "csrf_token": token.group(1)}
    )
    assert response.status_code == 302, response.status_code
    return client


def get_ok(client, url: str, expect: bytes) -> int:
    response = client.get(url)
    body = response.get_data()
    assert response.status_code == 200 and expect in body, (url, response.status_code)
    return len(body)


# --- one size -----------------------------------------------------------------------------

STATES = ["responses (to 0005/0010)", "shipped: daily totals"]
REFERENCE, SHIPPED = STATES


@dataclass
class Row:
    cells: dict[str, Timing] = field(default_factory=dict)
    note: str = ""


class Results:
    def __init__(self) -> None:
        self.rows: dict[str, Row] = {}
        self.plans: dict[str, dict[str, list[str]]] = {}
        self.page_plans: list[tuple[str, list[str]]] = []  # the trainer's page, shipped

    def add(self, label: str, state: str, timing: Timing, note: str = "") -> None:
        row = self.rows.setdefault(label, Row())
        row.cells[state] = timing
        if note and note not in row.note:
            row.note = f"{row.note}; {note}" if row.note else note


def filter_variants(world: World) -> dict[str, Filters]:
    today = date(2026, 11, 23)  # the seeded year ends today
    return {
        "all": Filters(),
        "one programme": Filters(programme_id=world.programme_ids[0]),
        "one module": Filters(module_id=world.module_ids[0]),
        "last 3 months": Filters(start=today - timedelta(days=91), end=today),
    }


def measure_data(
    state: str, world: World, results: Results, runs: int, reference: dict[str, list]
) -> None:
    """The dashboards' data functions, with the comparison's query plan (app context)."""
    do_compare, options = compare, filter_options
    if state == REFERENCE:
        do_compare, options = compare_from_responses, filter_options_from_responses
    results.plans[state] = {}
    for name, filters in filter_variants(world).items():
        statement, parameters = statements_of(lambda f=filters: do_compare(f))[-1]
        results.plans[state][name] = query_plan(statement, parameters)
        groups = do_compare(filters)
        if state == REFERENCE:
            reference[name] = groups
        elif name in reference and groups != reference[name]:
            raise SystemExit(f"{state}: compare() for {name} differs from the responses' one")
        timing = measure(lambda f=filters: do_compare(f), runs)
        results.add(f"compare(): {name}", state, timing, f"{len(groups)} groups")
        if name == "all":
            timing = measure(lambda s=statement, p=parameters: run_sql(s, p), runs)
            results.add("  its SQL alone", state, timing)
    results.add("filter_options()", state, measure(options, runs))
    catalogue = get_catalogue()
    timing = measure(lambda: monitoring(catalogue), runs)
    results.add("monitoring()", state, timing, "no trainees enrolled: empty grids")
    measure_programme_feedback(state, world, results, runs, reference)
    db.session.remove()


def measure_programme_feedback(
    state: str, world: World, results: Results, runs: int, reference: dict[str, list]
) -> None:
    """The trainer's page data for the largest programme, as the page asks it (no shipped
    module asks per objective) and with its first module asking per objective."""
    feedback = programme_feedback
    if state == REFERENCE:
        feedback = programme_feedback_from_responses
    programme_id, module_ids = world.programme_ids[0], world.module_ids
    variants = {"largest": set(), "  with 1 module per objective": {module_ids[0]}}
    for name, per_objective in variants.items():
        found = feedback(programme_id, module_ids, per_objective)
        if state == REFERENCE:
            reference[name] = found
        elif name in reference and found != reference[name]:
            raise SystemExit(f"{state}: programme_feedback() ({name}) differs from the responses'")
        timing = measure(lambda p=per_objective: feedback(programme_id, module_ids, p), runs)
        label = f"programme_feedback(): {name}" if name == "largest" else name
        results.add(label, state, timing)
    if state == SHIPPED:  # its one part that reads responses for every module
        timing = measure(lambda: _comments(programme_id, module_ids), runs)
        comments = sum(len(c) for c in _comments(programme_id, module_ids).values())
        results.add("  its comments queries", state, timing, f"{comments:,} comments")
        seen = set()

        def one_per_objective() -> object:
            return programme_feedback(programme_id, module_ids, {module_ids[0]})

        for statement, parameters in statements_of(one_per_objective):
            if statement not in seen:
                seen.add(statement)
                results.page_plans.append((statement, query_plan(statement, parameters)))


def measure_pages(state: str, client, world: World, results: Results, runs: int) -> None:
    """Whole pages through the test client, outside any app context (each request gets its
    own, as in production). The reference state swaps the view's compare and filter_options."""
    patches = []
    if state == REFERENCE:
        patches = [
            (evaluator_views, "compare", compare_from_responses),
            (evaluator_views, "filter_options", filter_options_from_responses),
            (dashboard, "programme_feedback", programme_feedback_from_responses),
        ]
    saved = [(module, name, getattr(module, name)) for module, name, _function in patches]
    for module, name, function in patches:
        setattr(module, name, function)
    programme_id = world.programme_ids[0]
    pages = [
        ("GET /evaluation", "/evaluation", b"Compare feedback"),
        ("GET /evaluation?programme=", f"/evaluation?programme={programme_id}", b"Compare"),
        ("GET aggregates.csv", "/evaluation/exports/aggregates.csv", b"module_id"),
        ("GET programme's feedback page", f"/programmes/{programme_id}/feedback", b"Comments"),
    ]
    try:
        for label, url, expect in pages:
            size = get_ok(client, url, expect)
            timing = measure(lambda u=url, e=expect: get_ok(client, u, e), runs)
            note = f"{size / 2**20:.1f} MiB" if size > 2**20 else f"{size / 1024:.0f} KiB"
            results.add(label, state, timing, note)
    finally:
        for module, name, function in saved:
            setattr(module, name, function)


def measure_export(state: str, results: Results, runs: int, responses: int) -> None:
    """Stream the whole responses.csv (app context). Only in the shipped state: it reads
    the responses in id order, whatever the comparison reads."""
    exported = {}

    def stream() -> None:
        text_bytes = newlines = 0
        for chunk in responses_csv(None):
            text_bytes += len(chunk.encode())
            newlines += chunk.count("\n")
        exported.update(rows=newlines - 1, bytes=text_bytes)

    timing = measure(stream, min(runs, 3))
    assert exported["rows"] >= responses, exported  # a comment could hold a newline
    rate = responses / timing.seconds
    note = f"{rate:,.0f} rows/s, {exported['bytes'] / 2**20:.0f} MiB"
    results.add("responses.csv, streamed whole", state, timing, note)
    db.session.remove()


def run_size(size: int, args: argparse.Namespace) -> None:
    """Seed a fresh database with `size` responses and measure every state. The folder
    goes afterwards, even on an error or Ctrl-C, unless --keep."""
    folder = Path(tempfile.mkdtemp(prefix="mentorhub-bench-"))
    try:
        measure_size(folder, size, args)
    finally:
        if args.keep and not args.database_url:
            print(f"database kept: {folder / 'bench.sqlite3'}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def add_fill(app: Flask, url: str, results: Results) -> None:
    """Fill the daily totals from the seeded responses, once, and say what it cost."""
    before = database_bytes(url)
    with app.app_context():
        seconds, rows = fill_totals()
        db.engine.dispose()
    grown = (database_bytes(url) - before) / 2**20
    note = f"{rows:,} rows ({grown:+.1f} MiB)"
    results.add("fill the daily totals (once)", SHIPPED, Timing(seconds, seconds, 1), note)


def measure_size(folder: Path, size: int, args: argparse.Namespace) -> None:
    url = args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    if not is_sqlite(url):
        reset_postgres(url, yes_drop=args.yes_drop)
    app = make_app(folder, url)
    world = set_up(app)
    start = time.perf_counter()
    counts = seed(url, size, world, random.Random(2026))
    seeded = time.perf_counter() - start
    print(
        f"\n== {fmt_size(size)} responses on {sa.engine.make_url(url).get_backend_name()}:"
        f" seeded in {seeded:.1f} s ("
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        + f"), database {database_bytes(url) / 2**20:.0f} MiB; load average "
        + " ".join(f"{x:.1f}" for x in os.getloadavg()),
        flush=True,
    )
    results = Results()
    add_fill(app, url, results)
    analyze(url)
    reference: dict[str, list] = {}
    states = [SHIPPED] if args.no_reference else STATES
    client = logged_in_client(app, world.evaluator)
    try:
        for state in states:
            with app.app_context():
                measure_data(state, world, results, args.runs, reference)
            measure_pages(state, client, world, results, args.runs)
            if state == SHIPPED and not args.no_export:
                with app.app_context():
                    measure_export(state, results, args.runs, counts["responses"])
    finally:
        with app.app_context():
            db.engine.dispose()
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print_table(results, states)
    print_plans(results)
    print_page_plans(results)
    page = results.rows["GET /evaluation"].cells
    verdicts = [
        f"{state} {fmt_seconds(t.seconds)} ({'met' if t.seconds <= GOAL_SECONDS else 'not met'})"
        for state, t in page.items()
    ]
    print(f"goal GET /evaluation <= {fmt_seconds(GOAL_SECONDS)}: " + ", ".join(verdicts))


def print_table(results: Results, states: list[str]) -> None:
    print("\nwall time, median of warm runs [this process's CPU time]; n=: fewer runs")
    width = 26
    print(f"{'':<31}" + "".join(f"{s:>{width}}" for s in states) + "  note")
    for label, row in results.rows.items():
        cells = ""
        for state in states:
            timing = row.cells.get(state)
            text = "–"
            if timing is not None:
                text = f"{fmt_seconds(timing.seconds)} [{fmt_seconds(timing.cpu)}]"
                if timing.runs < 3:
                    text += f" n={timing.runs}"
            cells += f"{text:>{width}}"
        print(f"{label:<31}{cells}  {row.note}")


def print_plans(results: Results) -> None:
    print("\nthe comparison query's plan (SQLite: no ANALYZE run; PostgreSQL: ANALYZEd):")
    for state, by_variant in results.plans.items():
        print(f"  {state}")
        for variant, plan in by_variant.items():
            print(f"    {variant + ':':<15} {plan_verdict(plan)}")
            if variant == "all":
                for line in plan:
                    print(f"    {'':<15}   {line}")


def print_page_plans(results: Results) -> None:
    print("\nthe trainer's page: each query's plan, shipped state:")
    for statement, plan in results.page_plans:
        print(f"  {' '.join(statement.split())[:150]}")
        for line in plan:
            print(f"      {line}")


def main() -> None:
    args = parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )
    for size in sorted(args.sizes):
        run_size(size, args)


if __name__ == "__main__":
    main()
