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
import contextlib
import io
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
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402
from flask import Flask  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from config import TestingConfig  # noqa: E402
from mentorhub import create_app  # noqa: E402
from mentorhub.accounts.users import create_user  # noqa: E402
from mentorhub.catalogue import get_catalogue  # noqa: E402
from mentorhub.evaluation import dashboard, evaluator_views  # noqa: E402
from mentorhub.evaluation.aggregates import _comments, programme_feedback  # noqa: E402
from mentorhub.evaluation.compare import Filters, compare, filter_options  # noqa: E402
from mentorhub.evaluation.exports import responses_csv  # noqa: E402
from mentorhub.evaluation.monitoring import monitoring  # noqa: E402
from mentorhub.extensions import db  # noqa: E402
from mentorhub.learning.curriculum import set_curriculum  # noqa: E402
from mentorhub.learning.feedback import rebuild_daily_totals  # noqa: E402
from mentorhub.models import Programme, Role  # noqa: E402
from tests.feedback_reference import (  # noqa: E402
    compare_from_responses,
    filter_options_from_responses,
    programme_feedback_from_responses,
)

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
GOAL_SECONDS = 0.3  # the evaluator dashboard at 1M responses
PASSWORD = "bench-password-not-secret"

PROGRAMMES = [  # name, local authority, share of the responses
    ("Glasgow Peer Mentors", "glasgow-city", 0.32),
    ("Fife Care Leavers Mentoring", "fife", 0.24),
    ("Dundee Next Steps", "dundee-city", 0.18),
    ("Highland Peer Support", "highland", 0.15),
    ("Edinburgh Moving On", "city-of-edinburgh", 0.11),
]
HELPED = [
    "The stories from other care leavers",
    "Talking it through in the group",
    "The role play",
    "Knowing who to call",
    "Short videos",
    "Practising what to say",
    "Our trainer explained it well",
    "- the list of local contacts",  # starts with "-": the CSV escapes it
]
CHANGE = [
    "More time for questions",
    "It was a bit long",
    "More examples from real life",
    "Less reading on the phone",
    "Nothing really",
    "=more breaks",  # starts with "=": the CSV escapes it
]
TIME_FORMAT_SPEC = "microseconds"  # SQLAlchemy stores SQLite datetimes with microseconds


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
    args = parser.parse_args()
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


# --- the app and its database -------------------------------------------------------------


def make_app(folder: Path) -> Flask:
    config = type(
        "BenchConfig",
        (TestingConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.sqlite3'}",
            "INSTANCE_PATH": str(folder / "instance"),
            "CONTENT_DIR": str(ROOT / "content"),
            "CONTENT_CHECK_INTERVAL": 2.0,  # the production default
        },
    )
    return create_app(config)


@dataclass
class World:
    programme_ids: list[int]
    module_ids: list[str]
    evaluator: str
    first_user_id: int


def set_up(app: Flask) -> World:
    """Schema from the migrations, the programmes (every module in each curriculum) and
    one evaluator, through the app's own code."""
    with app.app_context():
        with contextlib.redirect_stderr(io.StringIO()):
            upgrade()  # (Alembic's log lines go to the StringIO)
        modules = get_catalogue().modules
        programme_ids = []
        for n, (name, authority, _share) in enumerate(PROGRAMMES, 1):
            programme = Programme(
                name=name,
                local_authority=authority,
                partner_organisation=f"Partner {n}",
                focus=["transitions"],
                join_code=f"BENCH{n:03d}",
            )
            db.session.add(programme)
            set_curriculum(programme, [(m.id, True) for m in modules])
            db.session.flush()
            programme_ids.append(programme.id)
        evaluator = create_user("bench-evaluator", "Bench Evaluator", PASSWORD, Role.EVALUATOR)
        db.session.commit()
        world = World(programme_ids, [m.id for m in modules], evaluator.username, evaluator.id + 1)
        db.session.remove()
        db.engine.dispose()
    return world


# --- seeding, straight into the SQLite file ------------------------------------------------


def seed(path: Path, size: int, world: World, rng: random.Random) -> dict[str, int]:
    """`size` responses over the last year, with authors for most and extra answers for
    some, inserted with executemany in one transaction."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA synchronous = OFF")
    con.execute("PRAGMA journal_mode = MEMORY")
    now = datetime(2026, 11, 23, 12, 0, 0)
    year_ago = now - timedelta(days=365)
    span = (now - year_ago).total_seconds()

    # Trainees who answered (about 12 responses each), each in one programme. They are not
    # attached to a programme in `users` (as if they had moved on), so the monitoring grid
    # has no rows to build: see the README.
    shares = [share for _name, _la, share in PROGRAMMES]
    n_users = max(10 * len(PROGRAMMES), size // 12)
    user_programme = rng.choices(range(len(PROGRAMMES)), shares, k=n_users)
    users_of: list[list[int]] = [[] for _ in PROGRAMMES]
    user_rows = []
    for offset, p in enumerate(user_programme):
        user_id = world.first_user_id + offset
        users_of[p].append(user_id)
        user_rows.append(
            (user_id, f"trainee{user_id}", f"Trainee {user_id}", "!", "trainee",
             f"{rng.getrandbits(128):032x}", year_ago.isoformat(" ", TIME_FORMAT_SPEC))
        )  # fmt: skip
    con.executemany(
        "INSERT INTO users (id, username, display_name, password_hash, role, learner_key,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        user_rows,
    )

    # Per module: a weight (later modules fewer answers) and, for every third module, the
    # day version 2 came out. Per programme and module: for about one in seven, the day
    # the programme adapted it (revision 1) and, for some, revised it again (revision 2).
    modules = world.module_ids
    module_weights = [1 / (1 + 0.08 * i) for i in range(len(modules))]
    version_2_from = [rng.random() if i % 3 == 0 else 2.0 for i in range(len(modules))]
    adapted = {}
    for p in range(len(PROGRAMMES)):
        for m in range(len(modules)):
            if rng.random() < 0.15:
                first = rng.uniform(0.2, 0.8)
                adapted[p, m] = (first, first + 0.15 if rng.random() < 0.4 else 2.0)

    moments = sorted(rng.random() for _ in range(size))  # ids follow time, as in real life
    likert = (1, 2, 3, 4, 5)
    likert_weights = (3, 7, 20, 40, 30)
    chunk = 100_000
    response_id = 0
    counts = {"responses": 0, "authors": 0, "answers": 0, "users": n_users}
    authored = set()  # (user, module, version): one response each, as the schema holds
    for begin in range(0, size, chunk):
        k = min(chunk, size - begin)
        programmes = rng.choices(range(len(PROGRAMMES)), shares, k=k)
        module_index = rng.choices(range(len(modules)), module_weights, k=k)
        items = [rng.choices(likert, likert_weights, k=k) for _ in range(4)]
        before = rng.choices(likert, (10, 25, 35, 20, 10), k=k)
        delta = rng.choices((-1, 0, 1, 2), (5, 35, 40, 20), k=k)
        rows, authors, answers = [], [], []
        for j in range(k):
            response_id += 1
            moment = moments[begin + j]
            p, m = programmes[j], module_index[j]
            revision = None
            if (p, m) in adapted:
                first, second = adapted[p, m]
                revision = 2 if moment >= second else 1 if moment >= first else None
            if rng.random() < 0.9:
                pair = (before[j], min(5, max(1, before[j] + delta[j])))
            else:
                pair = (None, None)
            when = (year_ago + timedelta(seconds=moment * span)).isoformat(" ", TIME_FORMAT_SPEC)
            helped = rng.choice(HELPED) if rng.random() < 0.35 else ""
            change = rng.choice(CHANGE) if rng.random() < 0.2 else ""
            version = 2 if moment >= version_2_from[m] else 1
            rows.append(
                (response_id, modules[m], version,
                 world.programme_ids[p], revision, items[0][j], items[1][j], items[2][j],
                 items[3][j], *pair, helped, change, when, when)
            )  # fmt: skip
            author = rng.choice(users_of[p])
            if rng.random() < 0.93 and (author, m, version) not in authored:  # the rest:
                authored.add((author, m, version))  # accounts deleted since
                authors.append((response_id, author, modules[m], version))
            draw = rng.random()
            if draw < 0.08:
                answers.append((response_id, "objective-1_before", before[j], None))
                answers.append((response_id, "objective-1_after", pair[1] or 3, None))
            elif draw < 0.11:
                answers.append((response_id, "extra-what-next", None, rng.choice(CHANGE)))
        con.executemany(
            "INSERT INTO feedback_responses (id, module_id, module_version, programme_id,"
            " adaptation_revision, relevant, clear, right_length, recommend, confidence_before,"
            " confidence_after, helped_most, would_change, submitted_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        con.executemany(
            "INSERT INTO feedback_authors (response_id, user_id, module_id, module_version)"
            " VALUES (?, ?, ?, ?)",
            authors,
        )
        con.executemany(
            "INSERT INTO feedback_answers (response_id, key, number, text) VALUES (?, ?, ?, ?)",
            answers,
        )
        counts["responses"] += len(rows)
        counts["authors"] += len(authors)
        counts["answers"] += len(answers)
    con.commit()
    con.close()
    return counts


def database_bytes(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return (
            con.execute("PRAGMA page_count").fetchone()[0]
            * con.execute("PRAGMA page_size").fetchone()[0]
        )
    finally:
        con.close()


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
    rows = db.session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters)
    return [row[-1] for row in rows]


def plan_verdict(plan: list[str]) -> str:
    """How the plan reads the responses (or their daily totals): index or full scan."""
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
        if args.keep:
            print(f"database kept: {folder / 'bench.sqlite3'}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def add_fill(app: Flask, path: Path, results: Results) -> None:
    """Fill the daily totals from the seeded responses, once, and say what it cost."""
    before = database_bytes(path)
    with app.app_context():
        seconds, rows = fill_totals()
        db.engine.dispose()
    grown = (database_bytes(path) - before) / 2**20
    note = f"{rows:,} rows ({grown:+.1f} MiB)"
    results.add("fill the daily totals (once)", SHIPPED, Timing(seconds, seconds, 1), note)


def measure_size(folder: Path, size: int, args: argparse.Namespace) -> None:
    path = folder / "bench.sqlite3"
    app = make_app(folder)
    world = set_up(app)
    start = time.perf_counter()
    counts = seed(path, size, world, random.Random(2026))
    seeded = time.perf_counter() - start
    print(
        f"\n== {fmt_size(size)} responses: seeded in {seeded:.1f} s ("
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
        + f"), database {database_bytes(path) / 2**20:.0f} MiB; load average "
        + " ".join(f"{x:.1f}" for x in os.getloadavg()),
        flush=True,
    )
    results = Results()
    add_fill(app, path, results)
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
    print("\nthe comparison query's plan (EXPLAIN QUERY PLAN), no ANALYZE run:")
    for state, by_variant in results.plans.items():
        print(f"  {state}")
        for variant, plan in by_variant.items():
            print(f"    {variant + ':':<15} {plan_verdict(plan)}")
            if variant == "all":
                for line in plan:
                    print(f"    {'':<15}   {line}")


def print_page_plans(results: Results) -> None:
    print("\nthe trainer's page: each query's plan (EXPLAIN QUERY PLAN), shipped state:")
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
