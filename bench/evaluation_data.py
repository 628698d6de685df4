"""The database bench/evaluation.py measures: the app on SQLite (a new file) or on a
throwaway PostgreSQL database (`--database-url`, whose public schema is dropped and
rebuilt: only if its name contains "bench" or "test", or with --yes-drop), the schema
from the migrations, and realistic feedback written straight into it, past
save_response (executemany on SQLite, COPY on PostgreSQL)."""

from __future__ import annotations

import contextlib
import io
import random
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from config import TestingConfig
from mentorhub import create_app
from mentorhub.accounts.users import create_user
from mentorhub.catalogue import get_catalogue
from mentorhub.extensions import db
from mentorhub.learning.curriculum import set_curriculum
from mentorhub.models import Programme, Role

ROOT = Path(__file__).resolve().parent.parent
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


# --- the app and its database -------------------------------------------------------------


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


class NotThrowaway(ValueError):
    """The database does not look like one the bench may empty."""


def looks_throwaway(url: str) -> bool:
    """Whether the database's name says it is for benches or tests."""
    name = (sa.engine.make_url(url).database or "").lower()
    return "bench" in name or "test" in name


def reset_postgres(url: str, *, yes_drop: bool = False) -> None:
    """An empty public schema, so the migrations build everything (a throwaway database).
    Refuses, before connecting, unless the database's name contains "bench" or "test"
    or `yes_drop` says the caller really means it."""
    if not (yes_drop or looks_throwaway(url)):
        name = sa.engine.make_url(url).database
        raise NotThrowaway(
            f"refusing to drop the public schema of database {name!r}: its name has neither"
            ' "bench" nor "test" in it. Pass --yes-drop if it really is a throwaway database.'
        )
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


def make_app(folder: Path, url: str) -> Flask:
    config = type(
        "BenchConfig",
        (TestingConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": url,
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


# --- seeding, straight into the database ---------------------------------------------------


def raw_connection(url: str) -> Any:
    """A DB-API connection of the database's own driver (sqlite3 or psycopg)."""
    if is_sqlite(url):
        con = sqlite3.connect(sa.engine.make_url(url).database)
        con.execute("PRAGMA synchronous = OFF")
        con.execute("PRAGMA journal_mode = MEMORY")
        return con
    import psycopg

    plain = sa.engine.make_url(url).set(drivername="postgresql")
    return psycopg.connect(plain.render_as_string(hide_password=False))


def insert_rows(con: Any, table: str, columns: str, rows: list[tuple]) -> None:
    """`rows` into `table` (`columns`: their names, comma-separated), in con's transaction."""
    if isinstance(con, sqlite3.Connection):
        marks = ", ".join("?" * len(columns.split(",")))
        con.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
        return
    with con.cursor() as cursor, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def after_seeding(con: Any) -> None:
    """PostgreSQL: the id sequences moved past the ids written."""
    if isinstance(con, sqlite3.Connection):
        return
    for table in ("users", "feedback_responses"):
        con.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )
    con.commit()


def analyze(url: str) -> None:
    """PostgreSQL: the planner's statistics gathered, as autovacuum would do within a minute
    or so of a bulk load (a bench cannot wait for it). SQLite: nothing, as in a fresh
    deployment (no ANALYZE)."""
    if is_sqlite(url):
        return
    con = raw_connection(url)
    try:
        con.execute("ANALYZE")
        con.commit()
    finally:
        con.close()


def seed(url: str, size: int, world: World, rng: random.Random) -> dict[str, int]:
    """`size` responses over the last year, with authors for most and extra answers for
    some, inserted in one transaction."""
    con = raw_connection(url)
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
    insert_rows(
        con, "users",
        "id, username, display_name, password_hash, role, learner_key, created_at", user_rows,
    )  # fmt: skip

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
        insert_rows(con, "feedback_responses", RESPONSE_COLUMNS, rows)
        insert_rows(
            con, "feedback_authors", "response_id, user_id, module_id, module_version", authors
        )
        insert_rows(con, "feedback_answers", "response_id, key, number, text", answers)
        counts["responses"] += len(rows)
        counts["authors"] += len(authors)
        counts["answers"] += len(answers)
    con.commit()
    after_seeding(con)
    con.close()
    return counts


RESPONSE_COLUMNS = (
    "id, module_id, module_version, programme_id, adaptation_revision, relevant, clear,"
    " right_length, recommend, confidence_before, confidence_after, helped_most,"
    " would_change, submitted_at, updated_at"
)


def database_bytes(url: str) -> int:
    con = raw_connection(url)
    try:
        if isinstance(con, sqlite3.Connection):
            return (
                con.execute("PRAGMA page_count").fetchone()[0]
                * con.execute("PRAGMA page_size").fetchone()[0]
            )
        return con.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    finally:
        con.close()
