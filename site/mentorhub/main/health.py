"""What `/health` reports: whether the database answers and the content library loaded.

"down" (503): the database cannot be reached, so no logged-in page works; a load
balancer should stop sending people here. "degraded" (200): the database is fine but
the library is empty or some content files are broken. Every app server reads the
same content, so taking servers out for it would take the whole site down for one bad
file while everything else still works: monitoring reads `status` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app

from ..errors import forget_database_work
from ..extensions import db


@dataclass(frozen=True)
class HealthReport:
    status: str  # "ok", "degraded" or "down"
    body: dict[str, Any]

    @property
    def status_code(self) -> int:
        return 503 if self.status == "down" else 200


def health_report(database_ok: bool, modules: int, content_problems: int) -> HealthReport:
    """The report for these facts (pure, so every combination is easy to test)."""
    if not database_ok:
        status = "down"
    elif modules == 0 or content_problems:
        status = "degraded"
    else:
        status = "ok"
    content = "empty" if modules == 0 else ("problems" if content_problems else "ok")
    return HealthReport(
        status,
        {
            "status": status,
            "database": "ok" if database_ok else "down",
            "content": content,
            "modules": modules,
            "content_problems": content_problems,
        },
    )


def database_reachable() -> bool:
    """True if the database answers a trivial query (within the statement timeout)."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        current_app.logger.warning("Health check: database down: %s", str(error).splitlines()[0])
        forget_database_work()
        return False
    return True
