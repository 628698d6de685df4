"""A module to adapt, programmes around it, and helpers to drive the editor."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.factories import FIXTURES, csrf_token, log_in, make_programme, make_user, write_module
from tests.pages import who

DELTA_BODY = """\
## Welcome {#welcome}

Hello from the library. LIBRARY-WELCOME

!!! local "Your coordinator"
    LIBRARY-COORDINATOR default text.

!!! trainer "Secret plan"
    TRAINER-ONLY notes for the session.

## Staying safe {#staying-safe}

LIBRARY-SAFE text about staying safe.

## Wrapping up {#wrapping-up}

LIBRARY-WRAP text.

!!! reflection "What next"
    Write one thing you will do.
"""


def write_delta(content_dir: Path, version: int = 1, body: str = DELTA_BODY) -> None:
    write_module(content_dir, "delta", body, version=version, title="Delta module", order=5)


def content_with_delta(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    write_delta(tmp_path / "content")
    return tmp_path / "content"


def build_world(app) -> dict:
    """Programmes A and B (both with delta), a trainer and a trainee in each, an admin."""
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        a = make_programme(modules, name="Programme A", focus=["core"])
        b = make_programme(modules, name="Programme B", focus=["core"])
        return {
            "a": a.id,
            "b": b.id,
            "trainer_a": make_user("trainer", trainer_of=[a], display_name="Tess Trainer").username,
            "trainer_b": make_user("trainer", trainer_of=[b]).username,
            "trainee_a": make_user("trainee", programme=a).username,
            "trainee_b": make_user("trainee", programme=b).username,
            "admin": make_user("admin").username,
        }


def client_for(app, username: str):
    client = app.test_client()
    log_in(client, who(username))
    return client


def editor_url(programme_id: int, module_id: str = "delta") -> str:
    return f"/programmes/{programme_id}/modules/{module_id}/adapt"


def form_fields(html: str) -> dict[str, str]:
    """The editor's fields as a browser would send them untouched."""
    fields: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag:
            continue
        if 'type="radio"' in tag or 'type="checkbox"' in tag:
            if " checked" in tag:
                fields[name.group(1)] = re.search(r'value="([^"]*)"', tag).group(1)
            continue
        value = re.search(r'value="([^"]*)"', tag)
        fields[name.group(1)] = _unescape(value.group(1)) if value else ""
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        fields[name] = _unescape(text.removeprefix("\n").removeprefix("\r\n"))
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', html, re.S):
        options = re.findall(r"<option[^>]*>", body)
        chosen = [o for o in options if re.search(r"\sselected\b", o)] or options[:1]
        value = re.search(r'value="([^"]*)"', chosen[0]) if chosen else None
        fields[name] = value.group(1) if value else ""
    return fields


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def submit_editor(client, programme_id: int, action: str = "save", **changes: str):
    """Open the editor, change some fields, and press Preview or Save."""
    url = editor_url(programme_id)
    fields = form_fields(client.get(url).get_data(as_text=True))
    fields.update(changes)
    fields["action"] = action
    fields["csrf_token"] = csrf_token(client, url)
    return client.post(url, data=fields)
