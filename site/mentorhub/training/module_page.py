"""A trainee's module page: the module rendered once, the trainee's own state laid over.

A `ModulePage` is the whole page for one module as trainees see it, rendered from
training/module.html with a marker wherever one trainee's state goes, together with
every variant of the parts that change with it (done or not, for each part; the
progress line and the footer for each count), each rendered once. `module_page_html`
fills the markers for the trainee in front of us: a join of strings, with no template
and no form object (the answer boxes are plain HTML; a POST is still checked by the
WTForms form in training/forms.py, CSRF token included).

Pages are kept in an LRU per app (`CACHE_SIZE` of them), keyed by module id, version,
adaptation revision id (None: the library's) and audience, and used only for the very
Module object they were rendered from: a content change (a new version, or any edit
the catalogue reloads) or a new adaptation revision gives a new Module object, whose
page is rendered afresh (under the same key it replaces the old page; under a new
one, the old page ages out), as it is when a static file it addresses changes (its
`?v=`: static_files.py `still_current`). Nothing in a page is about a person:
the CSRF token, messages, the programme's support box, parts done and answers all go
in per request. Trainer notes are never in it: it is made from `section.html`, the
trainees' text.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, get_flashed_messages, render_template
from flask_login import current_user
from markupsafe import escape

from ..content import Module
from ..csrf_tokens import with_token, without_token
from ..formatting import saved_when
from ..learning.progress import ModuleProgress
from ..learning.trainee_records import SavedAnswer, ServedModule
from ..lru import LRU, app_cache
from ..models import Programme
from ..static_files import Seen, still_current, versions_seen
from .forms import ReflectionForm
from .overlay import Skeleton, Slots

CACHE_SIZE = 256  # about 40 KB each: a programme's whole curriculum, adapted, many times
SUPPORT_CACHE_SIZE = 64
EXTENSION_KEY = "mentorhub.module_pages"
AUDIENCE = "trainee"  # the only audience so far; part of the key all the same
SAVED_CATEGORY = "inline:reflection-saved"  # the flash that says which box was saved
# Parts shown one way or another per section: kind -> its macro in _module_parts.html.
SWITCHES = ("toc-class", "toc-mark", "section-class", "section-end", "badge")


@dataclass
class ModulePage:
    module: Module  # what it was rendered from
    skeleton: Skeleton
    owner: str  # stands for the head's "whose page is this" line (the offline copy's owner)
    switches: dict[tuple[str, str], tuple[str, str]]  # (kind, section id) -> (off, on)
    boxes: dict[str, Skeleton]  # reflection key -> its answer box
    notes: dict[bool, tuple[str, str]]  # just saved? -> the "saved" line around the time
    shown: dict[Hashable, str] = field(default_factory=dict)  # progress line, footer: by state
    statics: Seen = ()  # the static addresses it was drawn with (static_files.py)

    def once(self, key: Hashable, render: Callable[[], Any]) -> str:
        """What `render` gives for this state, rendered the first time only."""
        text = self.shown.get(key)
        if text is None:
            text = self.shown[key] = without_token(str(render()))
        return text


@dataclass(frozen=True)
class FailedBox:
    """An answer that did not save: shown in its box with what was typed and why."""

    key: str
    form: ReflectionForm


class ModulePages:
    """Per app: the rendered pages, and each programme's support box."""

    def __init__(self) -> None:
        self.pages: LRU[tuple, ModulePage] = LRU(CACHE_SIZE)
        self.support: LRU[tuple[str, str], str] = LRU(SUPPORT_CACHE_SIZE)


def _caches() -> ModulePages:
    return app_cache(EXTENSION_KEY, ModulePages)


def _macros(template: str) -> Any:
    return current_app.jinja_env.get_template(template).module


def _owner_line() -> str:
    """The head's `mh-user` line as _offline_head.html draws it for this request."""
    return f'<meta name="mh-user" content="{current_user.id}">'


def page_key(served: ServedModule) -> tuple:
    module = served.module
    return (module.id, module.meta.version, served.revision_id, AUDIENCE)


def module_page(served: ServedModule) -> ModulePage:
    """The page for this module, from the cache unless it was made from another object."""
    cache = _caches().pages
    key = page_key(served)
    page = cache.get(key)
    if page is None or page.module is not served.module or not still_current(page.statics):
        with versions_seen() as seen:
            page = _build(served.module)
        page.statics = tuple(seen)
        cache.put(key, page)
    return page


def _build(module: Module) -> ModulePage:
    slots = Slots()
    parts = _macros("training/_module_parts.html")
    reflection = _macros("training/_reflection.html")
    owner = slots.placeholder("owner")
    text = render_template("training/module.html", module=module, slot=slots)
    if _owner_line() not in text:
        raise RuntimeError("the module page no longer says whose it is: kept copies need it")
    text = text.replace(_owner_line(), owner)
    switches: dict[tuple[str, str], tuple[str, str]] = {}
    boxes: dict[str, Skeleton] = {}
    for section in module.sections:
        renders = {
            "toc-class": parts.toc_class,
            "toc-mark": parts.toc_mark,
            "section-class": parts.section_class,
            "section-end": lambda on, s=section: parts.section_end(module, s, on),
            "badge": parts.badge,
        }
        for kind in SWITCHES:
            off, on = (without_token(str(renders[kind](state))) for state in (False, True))
            switches[(kind, section.id)] = (off, on)
        for key, block in section.reflections:
            box = Slots()
            markup = reflection.reflection_box(
                module, section, key, block, box("text"), lambda n, b=box: b("checked", n),
                box("note"),
            )  # fmt: skip
            boxes[key] = box.skeleton(without_token(str(markup)))
    notes = {}
    for just_saved in (False, True):
        when = Slots()
        before, after = when.skeleton(
            without_token(str(reflection.saved_note(when("when"), just_saved)))
        ).pieces
        notes[just_saved] = (before, after)
    skeleton = slots.skeleton(without_token(text))
    return ModulePage(module, skeleton, owner, switches, boxes, notes)


def support_box(programme: Programme) -> str:
    """The programme's support contacts, rendered once per text (trainers may edit it)."""
    cache = _caches().support
    key = (programme.name, programme.support_contacts or "")
    html = cache.get(key)
    if html is None:
        html = render_template("training/_support.html", programme=programme)
        cache.put(key, html)
    return html


def module_page_html(
    served: ServedModule,
    progress: ModuleProgress,
    answers: Mapping[str, SavedAnswer],
    support: str,
    failed: FailedBox | None = None,
) -> str:
    """The page for the trainee in front of us: their parts done, answers, messages."""
    page = module_page(served)
    messages = get_flashed_messages(with_categories=True)
    just_saved = {message for category, message in messages if category == SAVED_CATEGORY}
    done = progress.done_ids
    new = progress.new_sections > 0

    def macros() -> Any:
        return _macros("training/_module_parts.html")

    def value(kind: str, key: Any) -> str:
        if kind in SWITCHES:
            on = (new and key not in done) if kind == "badge" else key in done
            return page.switches[(kind, key)][on]
        if kind == "reflection":
            if failed is not None and failed.key == key:
                return _failed_box(served.module, failed, answers.get(key))
            return _box(page, key, answers.get(key), key in just_saved)
        if kind == "progress":
            state = ("progress", progress.done, progress.new_sections)
            return page.once(state, lambda: macros().progress_header(progress))
        if kind == "footer":
            state = ("footer", progress.status, progress.done)
            return page.once(state, lambda: macros().footer(served.module, progress))
        if kind == "notice":
            return str(_macros("_forms.html").error_summary(failed.form)) if failed else ""
        if kind == "flashes":
            top = any(not category.startswith("inline:") for category, _ in messages)
            return str(macros().flashes()) if top else ""
        if kind == "support":
            return support
        raise KeyError(kind)

    html = with_token(page.skeleton.fill(value))
    return html.replace(page.owner, _owner_line())


def _when(saved: SavedAnswer | None) -> str:
    return saved_when(saved.updated_at) if saved else "just now"


def _box(page: ModulePage, key: str, saved: SavedAnswer | None, just_saved: bool) -> str:
    def value(kind: str, n: Any) -> str:
        if kind == "text":
            return str(escape(saved.text)) if saved else ""
        if kind == "checked":
            return " checked" if saved and saved.score == n else ""
        if saved is None and not just_saved:
            return ""
        before, after = page.notes[just_saved]
        return f"{before}{escape(_when(saved))}{after}"

    return page.boxes[key].fill(value)


def _failed_box(module: Module, failed: FailedBox, saved: SavedAnswer | None) -> str:
    """Rendered for this request: the typed answer, its errors, and the saved time."""
    section_id = failed.key.split("/")[0]
    section = module.section(section_id)
    block = dict(section.reflections)[failed.key]
    form = failed.form
    score = form.score.data if block.score else None
    errors = {"text": form.text.errors, "score": form.score.errors if block.score else []}
    reflection = _macros("training/_reflection.html")
    note = reflection.saved_note(_when(saved), False) if saved else ""
    return str(
        reflection.reflection_box(
            module, section, failed.key, block, form.text.data or "",
            lambda n: " checked" if score == n else "", note, errors,
        )
    )  # fmt: skip
