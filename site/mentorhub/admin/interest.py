"""Expressions of interest: the admin list, its CSV, and purging old ones."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ..csvfile import csv_text
from ..extensions import db
from ..local_authorities import LOCAL_AUTHORITIES
from ..models import INTEREST_CHOICES, InterestExpression
from ..models.base import utcnow

CSV_COLUMNS = [
    "created_at",
    "organisation",
    "local_authority",
    "name",
    "email",
    "role",
    "interest",
    "message",
]


def filtered(interest: str = "", local_authority: str = "") -> sa.Select:
    query = sa.select(InterestExpression).order_by(InterestExpression.created_at.desc())
    if interest in INTEREST_CHOICES:
        query = query.where(InterestExpression.interest == interest)
    if local_authority in LOCAL_AUTHORITIES:
        query = query.where(InterestExpression.local_authority == local_authority)
    return query


def interest_csv(rows: list[InterestExpression]) -> str:
    return csv_text(
        CSV_COLUMNS,
        (
            [
                row.created_at.strftime("%Y-%m-%d %H:%M"),
                row.organisation,
                LOCAL_AUTHORITIES.get(row.local_authority, row.local_authority),
                row.name,
                row.email,
                row.role,
                INTEREST_CHOICES.get(row.interest, row.interest),
                row.message,
            ]
            for row in rows
        ),
    )


def purge_older_than(days: int) -> int:
    """Delete expressions of interest older than `days`; return how many."""
    cutoff = utcnow() - timedelta(days=days)
    result = db.session.execute(
        sa.delete(InterestExpression).where(InterestExpression.created_at < cutoff)
    )
    return result.rowcount or 0
