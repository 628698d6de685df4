"""Logged-in pages for `bench/load.sh`: the people and progress they need, a log-in
through the real form, and a profile of one page in one process.

    python bench/logged_in.py setup OUT.json [--module ID] [--adapted ID]
        In the app's environment (MENTORHUB_ENV, DATABASE_URL, CONTENT_DIR...): one
        programme with every library module in its curriculum (core ones required),
        one module adapted, a trainer, an admin and 30 trainees part-way through;
        writes who is who (usernames, the shared password, ids) to OUT.json.
    python bench/logged_in.py cookie BASE_URL OUT.json WHO
        Logs WHO (trainee, certified, trainer or admin) in through /login, with the
        form's CSRF token, and prints the `Cookie:` value to send with wrk.
    python bench/logged_in.py get OUT.json KEY
        Prints one value from OUT.json (for the shell).
    python bench/logged_in.py profile PATH [--as WHO] [--requests N] [--top N]
        In one process on a new SQLite database (or DATABASE_URL): the same set-up,
        a log-in through the test client, then PATH requested N times: time per
        request, queries and their time, template time, and cProfile's top functions.
    python bench/logged_in.py floor [PATH ...] [--as WHO] [--requests N] [--calls]
        In one process: CPU per request of a logged-in request that does nothing (and of
        its parts), then of each PATH, each against the hello-world (bench/floor.py).
        --calls: Python function calls and SQL statements per request instead (counts
        that do not move with the machine's load).

The same scenario is what `tests/app/test_query_counts.py` counts queries on.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import secrets
import sys
from dataclasses import asdict, dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-2026"
# wrk and the log-in send the same User-Agent: Flask-Login's session protection marks
# a session that changes browser as not fresh, which rewrites the cookie every request.
USER_AGENT = "mentorhub-bench/1"
WHO = ("trainee", "certified", "trainer", "admin")


@dataclass(frozen=True)
class Scenario:
    programme_id: int
    module_id: str  # a library module, as the programme's trainees see it
    adapted_id: str  # a module the programme adapted
    usernames: dict[str, str]  # who (see WHO) -> username
    password: str
    trainees: int


def _plain_modules(modules: list) -> list:
    """Modules without a content warning, in library order."""
    return [m for m in modules if not m.meta.content_warning]


def build_scenario(
    catalogue,
    *,
    trainees: int = 30,
    tag: str | None = None,
    module_id: str | None = None,
    adapted_id: str | None = None,
    password: str = PASSWORD,
) -> Scenario:
    """The programme, people and progress the logged-in benchmark measures (in an app
    context; commits). `tag` keeps names unique when run twice on one database."""
    from mentorhub.accounts.users import create_user
    from mentorhub.extensions import db
    from mentorhub.learning.curriculum import set_curriculum, unique_join_code
    from mentorhub.learning.progress_records import curriculum_modules
    from mentorhub.models import Programme, Role

    tag = tag or secrets.token_hex(3)
    modules = catalogue.modules
    plain = _plain_modules(modules)
    module_id = module_id or plain[0].id
    adapted_id = adapted_id or next(m.id for m in plain if m.id != module_id)
    programme = Programme(
        name=f"Bench programme {tag}",
        local_authority="fife",
        partner_organisation="Bench Partners",
        focus=["transitions", "housing"],
        join_code=unique_join_code(),
        support_contacts="**Your coordinator:** Sam, weekdays 9am to 5pm.",
    )
    db.session.add(programme)
    set_curriculum(programme, [(m.id, "core" in m.meta.focus) for m in modules])
    trainer = create_user(f"bench-{tag}-trainer", "Bench Trainer", password, Role.TRAINER)
    trainer.trainer_of = [programme]
    admin = create_user(f"bench-{tag}-admin", "Bench Admin", password, Role.ADMIN)
    people = [
        create_user(f"bench-{tag}-{i:02d}", f"Trainee {i:02d}", password, programme=programme)
        for i in range(trainees)
    ]
    db.session.commit()
    _adapt(programme, catalogue.get(adapted_id), trainer)

    curriculum = [module for module, _required in curriculum_modules(programme, catalogue)]
    parts = [(module, section.id) for module in curriculum for section in module.sections]
    for index, person in enumerate(people[1:], start=1):
        share = len(parts) if index == trainees - 1 else len(parts) * index // (trainees - 1)
        _work_through(person, programme, parts[:share])
    # The trainee the pages are measured for: part-way through both measured modules,
    # with answers saved in some reflection boxes.
    first = people[0]
    for measured, done in ((module_id, 3), (adapted_id, 2)):
        module = next(m for m in curriculum if m.id == measured)
        _work_through(first, programme, [(module, s.id) for s in module.sections[:done]])
        _reflect(first, module)
    usernames = {
        "trainee": first.username,
        "certified": people[-1].username,
        "trainer": trainer.username,
        "admin": admin.username,
    }
    return Scenario(programme.id, module_id, adapted_id, usernames, password, trainees)


def _adapt(programme, module, trainer) -> None:
    """A local version like a real one: an introduction, a note, a section of the
    programme's own, and every local block filled in."""
    from mentorhub.learning.adaptation_doc import AdaptationDoc, NewSection, SectionChange
    from mentorhub.learning.adaptations import save_revision

    doc = AdaptationDoc(
        intro="Welcome! Everyone in our group has been in care, so you are among people "
        "who get it.",
        changes={
            module.sections[0].id: SectionChange(
                note_after="Most of our mentees are 16 to 19 and have just moved into "
                "their first flat."
            )
        },
        new_sections=(
            NewSection(
                id="our-hub",
                title="Our hub",
                text="The hub is open for a cuppa and a chat on weekday afternoons.",
                after=module.sections[-1].id,
            ),
        ),
        local_blocks={
            block.key: "Call **Sam** on 07700 900123, Monday to Friday."
            for block in module.blocks
            if block.kind == "local"
        },
    )
    save_revision(programme, module, doc, trainer, message="Our coordinator and hub")


def _work_through(user, programme, parts: list) -> None:
    """Mark (module, section id) pairs done; modules finished get their completion."""
    from mentorhub.extensions import db
    from mentorhub.learning.progress_records import mark_done
    from mentorhub.models import SectionProgress

    for module, section_id in parts:
        db.session.add(
            SectionProgress(
                user_id=user.id,
                learner_key=user.learner_key,
                programme_id=programme.id,
                module_id=module.id,
                section_id=section_id,
                module_version=module.meta.version,
            )
        )
    db.session.flush()
    done = {(module.id, section_id) for module, section_id in parts}
    for module in {module.id: module for module, _ in parts}.values():
        last = module.sections[-1].id
        if all((module.id, s.id) in done for s in module.sections):
            mark_done(user, programme, module, last)  # records the completion
    db.session.commit()


def _reflect(user, module) -> None:
    from mentorhub.learning.progress_records import save_reflection

    keys = [key for section in module.sections for key, _block in section.reflections]
    for key in keys[:2]:
        save_reflection(user, module.id, key, "I would listen first, and ask what they need.")


# --- logging in over HTTP --------------------------------------------------------------


def http_request(
    base: str,
    method: str,
    path: str,
    cookie: str = "",
    body: str = "",
    headers: dict[str, str] | None = None,
) -> tuple[http.client.HTTPResponse, str]:
    """One request, no redirects followed: the response (read) and its text."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    headers = {"User-Agent": USER_AGENT, "Host": parts.netloc, **(headers or {})}
    if cookie:
        headers["Cookie"] = cookie
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    data = response.read().decode("utf-8", "replace")
    connection.close()
    return response, data


def merge_cookies(cookie: str, response) -> tuple[str, bool]:
    """The Cookie header after the response's Set-Cookie lines; whether any came."""
    jar = SimpleCookie(cookie)
    set_cookies = response.headers.get_all("Set-Cookie") or []
    for line in set_cookies:
        jar.load(line)
    return "; ".join(f"{k}={m.value}" for k, m in jar.items() if m.value), bool(set_cookies)


def csrf_token_in(page: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    if not match:
        raise SystemExit("logged_in.py: no CSRF token on the log-in page")
    return match.group(1)


def login_cookie(base: str, username: str, password: str) -> str:
    """Log in through the form and return a Cookie header value that the app no longer
    rewrites: after the log-in, pages are fetched until no Set-Cookie comes back (the
    first one stores the CSRF token for the log-out button in the session)."""
    response, page = http_request(base, "GET", "/login")
    cookie, _ = merge_cookies("", response)
    form = {"username": username, "password": password, "csrf_token": csrf_token_in(page)}
    response, page = http_request(base, "POST", "/login", cookie, urlencode(form))
    if response.status != 302:
        raise SystemExit(f"logged_in.py: log-in as {username} answered {response.status}")
    cookie, _ = merge_cookies(cookie, response)
    target = urlsplit(response.headers["Location"]).path or "/dashboard"
    for _ in range(5):
        response, _page = http_request(base, "GET", target, cookie)
        if response.status in (301, 302, 303):
            target = urlsplit(response.headers["Location"]).path
        cookie, changed = merge_cookies(cookie, response)
        if not changed and response.status == 200:
            return cookie
    raise SystemExit(f"logged_in.py: the session cookie of {username} kept changing")


# --- the command line -------------------------------------------------------------------


def setup(out: Path, module_id: str | None, adapted_id: str | None) -> None:
    from mentorhub import create_app
    from mentorhub.catalogue import get_catalogue
    from mentorhub.extensions import db

    app = create_app()
    with app.app_context():
        scenario = build_scenario(get_catalogue(), module_id=module_id, adapted_id=adapted_id)
        db.engine.dispose()
    data = {**asdict(scenario), "user_agent": USER_AGENT}
    out.write_text(json.dumps(data, indent=1), encoding="utf-8")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    p = commands.add_parser("setup")
    p.add_argument("out", type=Path)
    p.add_argument("--module")
    p.add_argument("--adapted")
    p = commands.add_parser("cookie")
    p.add_argument("base")
    p.add_argument("scenario", type=Path)
    p.add_argument("who", choices=WHO)
    p = commands.add_parser("get")
    p.add_argument("scenario", type=Path)
    p.add_argument("key")
    p = commands.add_parser("profile")
    p.add_argument("path")
    p.add_argument("--as", dest="who", choices=WHO, default="trainee")
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--top", type=int, default=30)
    p = commands.add_parser("floor")
    p.add_argument("paths", nargs="*", default=["/training/{module}", "/training"])
    p.add_argument("--as", dest="who", choices=WHO, default="trainee")
    p.add_argument("--requests", type=int, default=200)
    p.add_argument(
        "--calls",
        action="store_true",
        help="count Python calls and statements per request (cProfile) instead of timing",
    )
    args = parser.parse_args(argv)

    if args.command == "setup":
        setup(args.out, args.module, args.adapted)
    elif args.command == "cookie":
        data = json.loads(args.scenario.read_text(encoding="utf-8"))
        print(login_cookie(args.base, data["usernames"][args.who], data["password"]))
    elif args.command == "get":
        print(json.loads(args.scenario.read_text(encoding="utf-8"))[args.key])
    elif args.command == "floor":
        from floor import floor  # bench/floor.py

        floor(args.paths, args.who, args.requests, calls=args.calls)
    else:
        from profile_page import profile  # bench/profile_page.py

        profile(args.path, args.who, args.requests, args.top)
    return 0


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    sys.exit(main(sys.argv[1:]))
