"""Benchmark: what an adaptation costs a trainee's page.

Prints, as medians over several runs, for every shipped module adapted in a typical
way (one section hidden, one replaced, notes before and after, a new section, every
local box filled):
- the merge alone (pure, no rendering) and the build (merge plus Markdown rendering),
  which runs once per revision and library change;
- a trainee's module page through the Flask test client, adapted and not adapted
  (the adapted module comes from the per-app cache after the first view).

Run with `.venv/bin/python bench/adaptation.py`.
"""

from __future__ import annotations

import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import TestingConfig  # noqa: E402
from mentorhub import create_app  # noqa: E402
from mentorhub.content import Module  # noqa: E402
from mentorhub.learning.adaptation_build import build_module  # noqa: E402
from mentorhub.learning.adaptation_doc import (  # noqa: E402
    Action,
    AdaptationDoc,
    NewSection,
    SectionChange,
)
from mentorhub.learning.adaptation_merge import merge  # noqa: E402

NOTE = "Ask **Sam**, our coordinator, if anything here worries you. " * 3


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def typical_doc(module: Module) -> AdaptationDoc:
    sections = module.sections
    changes = {sections[0].id: SectionChange(note_before=NOTE, note_after=NOTE)}
    if len(sections) > 2:
        changes[sections[1].id] = SectionChange(Action.HIDE)
        changes[sections[2].id] = SectionChange(Action.REPLACE, sections[2].markdown + NOTE)
    local = {b.key: NOTE for b in module.blocks if b.kind == "local"}
    new = (NewSection("our-section", "Our section", NOTE * 4, sections[-1].id),)
    return AdaptationDoc(intro=NOTE, changes=changes, new_sections=new, local_blocks=local)


def page_time(client, url: str, runs: int = 200) -> float:
    client.get(url)  # warm: build and cache
    return median_seconds(lambda: client.get(url), runs)


def main() -> None:
    print(f"Python {platform.python_version()} on {platform.machine()}")
    instance = Path(tempfile.mkdtemp(prefix="mentorhub-bench-"))

    class Config(TestingConfig):
        CONTENT_DIR = str(ROOT / "content")
        INSTANCE_PATH = str(instance)
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{instance / 'bench.sqlite3'}"
        PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
        CONTENT_CHECK_INTERVAL = 2.0  # as in production (testing looks at every call)

    app = create_app(Config)
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        modules = app.extensions["mentorhub.catalogue"].modules
        docs = {m.id: typical_doc(m) for m in modules}
        merge_s = sum(
            median_seconds(lambda m=m: merge(m.sections, docs[m.id]), 50) for m in modules
        )
        build_s = sum(median_seconds(lambda m=m: build_module(m, docs[m.id]), 10) for m in modules)
        print(
            f"{len(modules)} modules, each adapted: merge {merge_s * 1000:.1f} ms in all, "
            f"build {build_s * 1000:.1f} ms in all ({build_s / len(modules) * 1000:.2f} ms each)"
        )
        trainees = _two_trainees(modules, docs)
    adapted, plain = (_logged_in(app, username) for username in trainees)
    module = modules[0].id
    for label, client in (("not adapted", plain), ("adapted", adapted)):
        seconds = page_time(client, f"/training/{module}")
        print(f"trainee page /training/{module}, {label}: {seconds * 1000:.2f} ms (median)")


def _two_trainees(modules, docs) -> list[str]:
    """A trainee in a programme that adapted every module, and one in a programme that
    did not; their usernames."""
    from mentorhub.learning.adaptations import save_revision
    from tests.factories import make_programme, make_user

    usernames = []
    for adapt in (True, False):
        programme = make_programme(modules, focus=["core"])
        trainer = make_user("trainer", trainer_of=[programme])
        if adapt:
            for item in programme.curriculum:
                module = next(m for m in modules if m.id == item.module_id)
                save_revision(programme, module, docs[module.id], trainer)
        usernames.append(make_user("trainee", programme=programme).username)
    return usernames


def _logged_in(app, username: str):
    from tests.factories import log_in
    from tests.pages import who

    client = app.test_client()
    log_in(client, who(username))
    return client


if __name__ == "__main__":
    main()
