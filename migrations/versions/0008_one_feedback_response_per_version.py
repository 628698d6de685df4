"""One feedback response per trainee per module version, held by the database; and,
on SQLite, the rows that foreign keys (now enforced) would refuse.

feedback_authors repeats its response's module and version, under a unique index on
(user, module, version). Where a double tap had already stored two responses, the
most recently changed one stays and the others go (they were counted twice in the
evaluation), and the daily totals are summed again from the responses.

The app now turns SQLite's foreign keys on. Before, SQLite kept rows that point at
nothing (say, a revision's author after the account went). Those are mended here as
PostgreSQL would have: the reference set to NULL where the key says ON DELETE SET
NULL, else the row deleted.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ONE_PER_VERSION = "ix_feedback_authors_one_per_version"
ITEMS = ["relevant", "clear", "right_length", "recommend"]
KEY = ["programme_id", "module_id", "module_version", "adaptation_revision", "day"]
COUNTS = ["n", *(f"{item}_{part}" for item in ITEMS for part in ("sum", "squares")),
          "pairs", "change_sum", "change_squares"]  # fmt: skip


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        mend_dangling_references(bind)
    with op.batch_alter_table("feedback_authors") as batch_op:
        batch_op.add_column(sa.Column("module_id", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("module_version", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE feedback_authors SET"
        " module_id = (SELECT r.module_id FROM feedback_responses r"
        "              WHERE r.id = feedback_authors.response_id),"
        " module_version = (SELECT r.module_version FROM feedback_responses r"
        "                   WHERE r.id = feedback_authors.response_id)"
    )
    if drop_doubled_responses(bind):
        op.execute("DELETE FROM feedback_daily_totals")
        op.execute(fill_totals(bind.dialect.name))
    with op.batch_alter_table("feedback_authors") as batch_op:
        batch_op.alter_column("module_id", existing_type=sa.String(length=80), nullable=False)
        batch_op.alter_column("module_version", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(
            ONE_PER_VERSION, ["user_id", "module_id", "module_version"], unique=True
        )


def drop_doubled_responses(bind) -> int:
    """Delete every response whose author has a more recently changed one for the same
    module version; return how many. (Children first: this may run with foreign keys off.)"""
    doubled = (
        "SELECT a.response_id FROM feedback_authors a"
        " JOIN feedback_responses r ON r.id = a.response_id"
        " WHERE EXISTS (SELECT 1 FROM feedback_authors b"
        "  JOIN feedback_responses s ON s.id = b.response_id"
        "  WHERE b.user_id = a.user_id AND b.module_id = a.module_id"
        "  AND b.module_version = a.module_version"
        "  AND (s.updated_at > r.updated_at OR (s.updated_at = r.updated_at AND s.id > r.id)))"
    )
    ids = [row[0] for row in bind.execute(sa.text(doubled))]
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for table, column in [("feedback_answers", "response_id"),
                              ("feedback_authors", "response_id"), ("feedback_responses", "id")]:
            statement = sa.text(f"DELETE FROM {table} WHERE {column} IN :ids")
            bind.execute(statement.bindparams(sa.bindparam("ids", expanding=True)), {"ids": chunk})
    return len(ids)  # fmt: skip


def fill_totals(dialect):
    """The daily totals summed from every response (as in 0006 and the app's rebuild)."""
    day = "date(submitted_at)" if dialect == "sqlite" else "CAST(submitted_at AS DATE)"
    diff = "(confidence_after - confidence_before)"  # NULL unless both were answered
    sums = "".join(f", sum({item}), sum({item} * {item})" for item in ITEMS)
    return (
        f"INSERT INTO feedback_daily_totals ({', '.join(KEY + COUNTS)})"
        f" SELECT programme_id, module_id, module_version, coalesce(adaptation_revision, 0),"
        f" {day}, count(*){sums}, count({diff}), coalesce(sum({diff}), 0),"
        f" coalesce(sum({diff} * {diff}), 0)"
        " FROM feedback_responses GROUP BY programme_id, module_id, module_version,"
        f" coalesce(adaptation_revision, 0), {day}"
    )


def mend_dangling_references(bind) -> None:
    """Do to each SQLite row that points at a missing row what its foreign key's ON
    DELETE says, until none is left (a deleted row can leave others dangling)."""
    for _round in range(20):
        problems = bind.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if not problems:
            return
        for table, rowid, _parent, fk_id in problems:
            keys = bind.exec_driver_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
            # (id, seq, table, from, to, on_update, on_delete, match), a row per column
            columns = [key[3] for key in keys if key[0] == fk_id]
            action = next(key[6] for key in keys if key[0] == fk_id)
            if action == "SET NULL":
                assignments = ", ".join(f'"{column}" = NULL' for column in columns)
                bind.exec_driver_sql(f'UPDATE "{table}" SET {assignments} WHERE rowid = ?',
                                     (rowid,))  # fmt: skip
            else:
                bind.exec_driver_sql(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
    raise RuntimeError("rows that break foreign keys are still there after 20 rounds")


def downgrade():
    with op.batch_alter_table("feedback_authors") as batch_op:
        batch_op.drop_index(ONE_PER_VERSION)
        batch_op.drop_column("module_version")
        batch_op.drop_column("module_id")
