"""Command-line tools: `flask --app mentorhub content check`, and more in later features."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from .content.check import check_content

content_cli = AppGroup("content", help="Check and create training content.")


@content_cli.command("check")
@click.argument("directory", required=False, type=click.Path(file_okay=False, path_type=Path))
def check_command(directory: Path | None) -> None:
    """Check every content file in DIRECTORY (default: the configured CONTENT_DIR).

    DIRECTORY is a content folder holding modules/ and seminar/.
    Prints every problem as path:line: message and exits 1 if there are any.
    """
    result = check_content(directory or Path(current_app.config["CONTENT_DIR"]))
    for problem in result.problems:
        click.echo(str(problem), err=True)
    if not result.ok:
        click.echo(f"{len(result.problems)} problem(s) found.", err=True)
        raise SystemExit(1)
    click.echo(result.summary())


def register(app: Flask) -> None:
    app.cli.add_command(content_cli)
