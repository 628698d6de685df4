"""Command-line tools: `flask --app mentorhub content check`, and more in later features."""

from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from .catalogue import get_catalogue
from .content.check import check_content
from .content.skeleton import write_skeleton
from .extensions import db
from .models import Programme, Role

content_cli = AppGroup("content", help="Check and create training content.")


@content_cli.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--strict",
    is_flag=True,
    help="Treat a module due for review (CONTENT_REVIEW_MONTHS) as an error, not a warning.",
)
def check_command(directory: Path | None, strict: bool) -> None:
    """Check every content file in DIRECTORY (default: the configured CONTENT_DIR).

    DIRECTORY is a content folder holding modules/ and seminar/.
    Prints every problem as path:line: message and exits 1 if there are any.
    A module last reviewed more than CONTENT_REVIEW_MONTHS ago is a warning
    (exit 0), or with --strict an error (exit 1).
    """
    result = check_content(
        directory or Path(current_app.config["CONTENT_DIR"]),
        review_months=int(current_app.config["CONTENT_REVIEW_MONTHS"]),
        max_bytes=current_app.config["CONTENT_MAX_BYTES"],
    )
    problems = result.problems + (result.reviews_due if strict else [])
    warnings = result.warnings + ([] if strict else result.reviews_due)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        raise SystemExit(1)
    click.echo(result.summary())


@content_cli.command("new")
@click.argument("module_id", metavar="ID")
@click.option("--title", help="The module's title (default: made from the id).")
@click.option(
    "--order",
    type=click.IntRange(min=0),
    help="Position in the library (default: 10 more than the highest in use).",
)
def new_command(module_id: str, title: str | None, order: int | None) -> None:
    """Start a new module: write CONTENT_DIR/modules/ID.md from a template.

    ID is the module's permanent id: lower-case letters, digits and hyphens.
    Never overwrites an existing file.
    """
    content_dir = Path(current_app.config["CONTENT_DIR"])
    try:
        path = write_skeleton(content_dir, module_id, title=title, order=order)
    except (ValueError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Wrote {path}")
    click.echo(
        "Next: fill in the front-matter and the text (docs/authoring.md explains each part), "
        "then run: .venv/bin/flask --app mentorhub content check"
    )


users_cli = AppGroup("users", help="Create accounts from the command line.")


@users_cli.command("create-admin")
@click.option("--username", prompt=True)
@click.option("--name", "display_name", prompt="Display name")
@click.password_option()
def create_admin_command(username: str, display_name: str, password: str) -> None:
    """Create an administrator (the first account on a new site)."""
    _create_staff(username, display_name, password, Role.ADMIN, [])


@users_cli.command("create")
@click.option("--username", prompt=True)
@click.option("--name", "display_name", prompt="Display name")
@click.option("--role", type=click.Choice(["trainer", "evaluator", "admin"]), prompt=True)
@click.option("--programme", "programmes", multiple=True, help="Programme name (trainers).")
@click.password_option()
def create_user_command(username, display_name, role, programmes, password) -> None:
    """Create a trainer, evaluator or admin."""
    _create_staff(username, display_name, password, Role(role), list(programmes))


def _create_staff(
    username: str, display_name: str, password: str, role: Role, programmes: list[str]
) -> None:
    from .accounts.passwords import password_problem
    from .accounts.users import create_user, find_user, username_problem
    from .extensions import db

    problem = username_problem(username) or password_problem(password, username)
    if find_user(username):
        problem = f"the username {username!r} is taken"
    if problem:
        raise click.ClickException(problem)
    user = create_user(username, display_name, password, role)
    for name in programmes:
        programme = db.session.scalar(sa.select(Programme).where(Programme.name == name))
        if programme is None:
            raise click.ClickException(f"no programme called {name!r}")
        user.trainer_of.append(programme)
    db.session.commit()
    click.echo(f"Created {role.value} {user.username}.")


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load demo programmes and accounts (development only) and print the logins."""
    from .demo import DEMO_PASSWORD, demo_programmes, seed_demo

    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("demo data is never loaded in production")
    logins = seed_demo(get_catalogue())
    db.session.commit()
    click.echo("Demo programmes (a new trainee joins with the code, on the home page):")
    for programme in demo_programmes():
        click.echo(f"  {programme.name:<30} {programme.area:<14} join code {programme.join_code}")
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for login in logins:
        click.echo(f"  {login.username:<18} {login.role:<10} {login.programme}")


interest_cli = AppGroup("interest", help="Expressions of interest from the seminar form.")


@interest_cli.command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=0), required=True, help="Days.")
def purge_interest_command(days: int) -> None:
    """Delete expressions of interest older than DAYS days."""
    from .admin.interest import purge_older_than

    deleted = purge_older_than(days)
    db.session.commit()
    click.echo(f"Deleted {deleted} expression(s) of interest older than {days} days.")


certificates_cli = AppGroup("certificates", help="Trainees' certificates.")


@certificates_cli.command("prune")
def prune_certificates_command() -> None:
    """Remove this server's kept certificate PDFs whose holder has deleted their account
    (run it daily from cron on every app server)."""
    from .learning.certificate_files import certificate_folder, prune_certificate_pdfs

    removed = prune_certificate_pdfs(certificate_folder())
    db.session.rollback()  # read only
    click.echo(f"Removed the kept PDFs of {removed} certificate(s) nobody holds now.")


feedback_cli = AppGroup("feedback", help="Trainees' feedback and its daily totals.")


@feedback_cli.command("rebuild-totals")
def rebuild_totals_command() -> None:
    """Recompute the daily totals of feedback (what the evaluator's comparison reads) from
    every response, in one transaction: after a restore, a bulk change made in SQL, or
    any doubt that they match."""
    from .learning.feedback import rebuild_daily_totals

    rows = rebuild_daily_totals()
    db.session.commit()
    click.echo(f"Rebuilt the feedback daily totals: {rows} row(s).")


@feedback_cli.command("check-totals")
@click.option("--show", default=20, show_default=True, help="How many differing rows to list.")
def check_totals_command(show: int) -> None:
    """Compare the daily totals of feedback with what the responses add up to. Lists the
    rows that differ and exits 1 if any do (repair them with rebuild-totals)."""
    from .learning.feedback import totals_drift

    drift = totals_drift()
    db.session.rollback()  # read only; ends the transaction (and its lock) now
    if not drift:
        click.echo("The feedback daily totals match the responses.")
        return
    for row in drift[:show]:
        click.echo(str(row), err=True)
    if len(drift) > show:
        click.echo(f"... and {len(drift) - show} more.", err=True)
    click.echo(
        f"{len(drift)} daily-totals row(s) differ from the responses. "
        "Run `flask feedback rebuild-totals` to repair them.",
        err=True,
    )
    raise SystemExit(1)


def register(app: Flask) -> None:
    app.cli.add_command(content_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(interest_cli)
    app.cli.add_command(feedback_cli)
    app.cli.add_command(certificates_cli)
    app.cli.add_command(seed_demo_command)
