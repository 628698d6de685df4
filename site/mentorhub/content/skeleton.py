"""A new module's starting text: valid front-matter, explained line by line, and
three sections that show every kind of block. `flask content new` writes it."""

from __future__ import annotations

import json
from pathlib import Path

from .errors import ContentError
from .schema import RESERVED_IDS
from .slugs import is_slug
from .source import read_source
from .vocab import FOCUS_TAGS

ORDER_STEP = 10  # a new module goes this far after the last one, leaving room between

_TEMPLATE = """\
---
# The module's id: lower-case letters, digits and hyphens. It must match the file
# name. Progress and programmes' adaptations refer to it, so never change it.
id: {module_id}
# The title trainees see, in plain words.
title: {title}
# One or two short sentences saying what the module is about. Shown in the library.
summary: Say in one or two short sentences what this module is about and why it matters.
# Start at 1. Add 1 whenever you change something a trainee would notice.
# A typo fix does not need a new version.
version: 1
# Where the module sits in the library. Lower numbers come first.
# Core modules use numbers below 200.
order: {order}
# About how long the online part takes, in minutes (20 to 45).
duration_minutes: 30
# How long the suggested group session takes, in minutes, or null if there is none.
face_to_face_minutes: null
# What the module is for. One or more of: {focus_tags}.
focus: [core]
# What a trainee will be able to do at the end. One short line each, starting
# with a doing word. Trainees rate their confidence in each one afterwards.
objectives:
  - Explain one thing in your own words
  - Do one thing you could not do before
# Ids of modules it helps to do first, for example [what-is-peer-mentoring], or [].
prerequisites: []
# One sentence shown before the module starts if it touches hard experiences,
# for example "This module talks about self-harm." Otherwise null.
content_warning: null
# "standard" asks the usual feedback questions. A list adds questions of your own.
feedback: standard
# The day you last checked every fact in the module against its sources, like
# 2026-03-15, or null until you have. The page shows "Last checked: March 2026".
reviewed: null
# Where each fact can be checked: the law, or the official page that says it.
# One "- title: ..." line with a "url: ..." line under it for each source.
sources: []
---

Write a short opening here. Say what the module covers and why it matters to a
peer mentor. Use two or three short sentences, and talk to the reader as "you".

## The first part

Each part starts with a heading like the one above. The part's id comes from
the heading: this one is "the-first-part". Keep it the same once people use the
module, because their progress is saved against it.

!!! activity "Try this: give the activity a short title"
    Say what to do in a few short steps. Every line of a block starts with four
    spaces.

    - One example to think about.
    - Another example to think about.

## The second part {{#second-part}}

This heading gives its id in curly brackets. Use that to keep the old id when
you reword a heading.

!!! reflection "Ask one clear question"
    Ask one question the trainee can answer about their own life or their role.
    They can save a private answer. Tell them they do not have to share anything
    they would rather keep to themselves.

## The third part

Write the last part here. End with what the trainee can do next.

!!! trainer "Running this part"
    Only trainers see this. Say how long the activity takes, how to set it up,
    and what to watch for. Trainees never see these notes.

!!! local "Who to talk to"
    Each programme fills this in with its own details, such as who to contact.
    Write what a trainee should see until the programme fills it in.
"""


def default_title(module_id: str) -> str:
    """`your-first-tenancy` -> `Your first tenancy`."""
    return module_id.replace("-", " ").capitalize()


def id_problem(module_id: str) -> str | None:
    """Why `module_id` cannot be a module id, or None if it can."""
    if not is_slug(module_id):
        return (
            f"{module_id!r} is not a valid module id: use lower-case letters, digits and "
            "single hyphens, for example 'your-first-tenancy'"
        )
    if module_id in RESERVED_IDS:
        return f"{module_id!r} is used by the site itself; choose another id"
    return None


def skeleton(module_id: str, title: str | None = None, order: int | None = None) -> str:
    """The text of a new, valid module with every field and block explained."""
    if problem := id_problem(module_id):
        raise ValueError(problem)
    title = default_title(module_id) if title is None else title.strip()
    if not title:
        raise ValueError("the title must not be empty")
    if order is None:
        order = ORDER_STEP
    if isinstance(order, bool) or not isinstance(order, int) or order < 0:
        raise ValueError(f"the order must be a whole number, 0 or more, not {order!r}")
    return _TEMPLATE.format(
        module_id=module_id,
        # A JSON string is a valid YAML string, so any title survives: colons, quotes, '#'.
        title=json.dumps(title, ensure_ascii=False),
        order=order,
        focus_tags=", ".join(FOCUS_TAGS),
    )


def next_order(modules_dir: Path) -> int:
    """ORDER_STEP more than the highest `order` of any module file in `modules_dir`."""
    orders = [0]
    for path in sorted(modules_dir.glob("*.md")):
        try:
            order = read_source(path).meta.get("order")
        except ContentError:
            continue  # a broken file is `flask content check`'s to report, not ours
        if isinstance(order, int) and not isinstance(order, bool):
            orders.append(order)
    return max(orders) + ORDER_STEP


def write_skeleton(
    content_dir: Path, module_id: str, title: str | None = None, order: int | None = None
) -> Path:
    """Write a new module to `content_dir/modules/<module_id>.md` and return its path.

    Raises ValueError for an id that is not a slug (or is reserved) and
    FileExistsError if the module's file already exists; never overwrites.
    """
    if problem := id_problem(module_id):
        raise ValueError(problem)
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise FileNotFoundError(f"the content folder {content_dir} does not exist")
    modules_dir = content_dir / "modules"
    path = modules_dir / f"{module_id}.md"
    if path.exists():
        raise FileExistsError(f"{path} already exists: choose another id or edit that file")
    text = skeleton(module_id, title, next_order(modules_dir) if order is None else order)
    modules_dir.mkdir(exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as file:  # "x": never overwrite, even in a race
            file.write(text)
    except FileExistsError as exc:
        raise FileExistsError(
            f"{path} already exists: choose another id or edit that file"
        ) from exc
    return path
