"""Small builders for test data."""

from __future__ import annotations

import os
from pathlib import Path

import yaml

FIXTURES = Path(__file__).parent / "fixtures"


def module_text(module_id: str, body: str | None = None, **overrides: object) -> str:
    """The text of a valid module file, with front-matter fields overridden."""
    meta: dict[str, object] = {
        "id": module_id,
        "title": f"Module {module_id}",
        "summary": "A module made by a test.",
        "version": 1,
        "order": 10,
        "duration_minutes": 20,
        "focus": ["core"],
        "objectives": ["Do a thing"],
        "prerequisites": [],
    }
    meta.update(overrides)
    if body is None:
        body = "## First part\n\nSome text.\n"
    return f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n\n{body}"


def write_module(content_dir: Path, module_id: str, body: str | None = None, **overrides) -> Path:
    """Write a valid module into `content_dir/modules/` and return its path."""
    path = content_dir / "modules" / f"{module_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(module_text(module_id, body, **overrides), encoding="utf-8")
    return path


# --- database factories (use inside an app context, e.g. with the `app` fixture) ---

PASSWORD = "correct horse battery staple"
_counter = iter(range(1, 1_000_000))


def make_programme(catalogue_modules=None, **overrides):
    """A programme with a join code; its curriculum is the default for its focus
    when `catalogue_modules` (a list of content Modules) is given."""
    from mentorhub.extensions import db
    from mentorhub.learning.curriculum import default_curriculum, set_curriculum
    from mentorhub.models import Programme

    n = next(_counter)
    values = {
        "name": f"Programme {n}",
        "local_authority": "fife",
        "partner_organisation": f"Partner {n}",
        "focus": ["transitions"],
        "join_code": f"JOIN{n:04d}",
        "support_contacts": "Call **Sam** on weekdays.",
    }
    values.update(overrides)
    programme = Programme(**values)
    db.session.add(programme)
    if catalogue_modules is not None:
        set_curriculum(programme, default_curriculum(catalogue_modules, programme.focus))
    db.session.commit()
    return programme


def make_user(role="trainee", programme=None, trainer_of=(), password=PASSWORD, **overrides):
    """A user of any role; trainees belong to `programme`, trainers to `trainer_of`."""
    from mentorhub.accounts.users import create_user
    from mentorhub.extensions import db
    from mentorhub.models import Role

    n = next(_counter)
    user = create_user(
        overrides.pop("username", f"{role}{n}"),
        overrides.pop("display_name", f"{role.title()} {n}"),
        password,
        Role(role),
        email=overrides.pop("email", None),
        programme=programme,
    )
    user.trainer_of = list(trainer_of)
    for key, value in overrides.items():
        setattr(user, key, value)
    db.session.commit()
    return user


def log_in(client, user, password=PASSWORD):
    """Log `user` in through the real log-in form (CSRF token included)."""
    response = client.post(
        "/login",
        data={"username": user.username, "password": password, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


def csrf_token(client, url="/login") -> str:
    """A valid CSRF token for this client's session, read from a page with a form
    (for a logged-in client, any page: the log-out button carries one)."""
    import re

    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def edit_file(path: Path | str, old: str, new: str) -> None:
    """Replace `old` with `new` in a content file, and move its mtime on by a second so
    the catalogue sees the change even on a file system with coarse timestamps."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
