"""The shipped training library: every module in content/modules/ is readable,
well shaped, and together they cover the training outline.

Run `pytest tests/unit/test_library_content.py -rA` to see each module's
reading score and a summary of the library.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import textstat

from mentorhub.content import Catalogue, ContentError, Module
from mentorhub.content.loader import load_module
from mentorhub.content.vocab import FOCUS_TAGS
from tests.factories import FIXTURES, write_module

ROOT = Path(__file__).resolve().parents[2]
CONTENT_DIR = ROOT / "content"
MODULES_DIR = CONTENT_DIR / "modules"
# Every module file, loaded or not, so a broken file still gets (failing) tests.
MODULE_IDS = sorted(path.stem for path in MODULES_DIR.glob("*.md"))

MIN_READING_EASE = 60  # plain English; 70 to 80 is about a reading age of 12
CORE_ORDER_LIMIT = 200
MIN_MINUTES, MAX_MINUTES = 20, 45
MIN_SECTIONS, MAX_SECTIONS = 3, 7
MIN_CORE_MINUTES = 20 * 60  # the report's outline: at least 20 hours in all

# The training outline's ten topics, split into thirteen modules, plus the
# optional extras it names and the focus areas of the pilot programmes.
CORE_MODULES = (
    "welcome",
    "what-is-peer-mentoring",
    "values-and-stereotypes",
    "confidentiality-and-boundaries",
    "personal-safety-and-first-aid",
    "understanding-adolescence",
    "managing-challenging-behaviour",
    "keeping-people-safe",
    "mentoring-skills-1",
    "mentoring-skills-2",
    "review-and-round-up",
    "sharing-your-story",
    "looking-after-yourself",
)
FOCUS_MODULES = {
    "moving-on-from-care": "transitions",
    "your-first-tenancy": "housing",
    "homelessness": "homelessness",
    "drugs-and-alcohol": "substance-use",
    "peer-led-group-work": "group-work",
    "education-and-work": "education-employment",
}

LINK_RE = re.compile(r"https?://|www\.|mailto:|tel:", re.IGNORECASE)
# Five or more digits, spaces allowed between them: 0800 1111, 116 123, 0141 123 4567.
LONG_NUMBER_RE = re.compile(r"\d(?: ?\d){4,}")
EMERGENCY_RE = re.compile(r"(?<!\d)999(?!\d)")  # the one number trainees may be given


# --- turning a module into the plain text a trainee reads ---

HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
BREAKS = {"p", "li", "td", "th", "dt", "dd", "pre", "blockquote", "br", *HEADINGS}
SENTENCE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*$")


class _PlainText(HTMLParser):
    """Sanitised module HTML -> plain text, one chunk per paragraph, list item or cell.

    Leaves out the block-kind labels ("Activity", "Think about it"): the site adds
    them, the author did not write them. With `skip_local`, also leaves out `local`
    blocks, where a programme's contact details belong. Link targets are kept
    apart in `hrefs`.
    """

    def __init__(self, skip_local: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_local = skip_local
        self.chunks: list[str] = []
        self.hrefs: list[str] = []
        self._current: list[str] = []
        self._label_depth = 0  # > 0 inside span.block-kind
        self._local_depth = 0  # > 0 inside a skipped div.block-local

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "div" and (self._local_depth or (self.skip_local and "block-local" in classes)):
            self._local_depth += 1
        if tag == "span" and (self._label_depth or "block-kind" in classes):
            self._label_depth += 1
        if tag == "a" and not self._local_depth:
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)
        if tag in BREAKS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._local_depth:
            self._local_depth -= 1
        if tag == "span" and self._label_depth:
            self._label_depth -= 1
        if tag in BREAKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._label_depth and not self._local_depth:
            self._current.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._current).split())
        if text:
            self.chunks.append(text)
        self._current = []

    def close(self) -> None:
        super().close()
        self._flush()


def as_sentence(text: str) -> str:
    """End a heading, list item or objective with a full stop.

    Readability formulas count sentences by their full stops: without this, a
    list of short items would be scored as one very long sentence.
    """
    text = text.strip().rstrip(":;,").strip()
    return text if not text or SENTENCE_END_RE.search(text) else f"{text}."


def html_chunks(html: str, skip_local: bool = False) -> tuple[list[str], list[str]]:
    """(text chunks, link targets) of a piece of module HTML."""
    parser = _PlainText(skip_local=skip_local)
    parser.feed(html)
    parser.close()
    return parser.chunks, parser.hrefs


def trainee_html(module: Module) -> list[str]:
    """The module's HTML as a trainee gets it: intro and sections, no trainer notes."""
    return [module.intro_html, *(section.html for section in module.sections)]


def trainee_text(module: Module) -> str:
    """Everything a trainee reads in the module (not the site's own words), as sentences."""
    meta = module.meta
    chunks = [meta.summary, *meta.objectives]
    if meta.content_warning:
        chunks.append(meta.content_warning)
    for html in trainee_html(module):
        chunks.extend(html_chunks(html)[0])
    return "\n".join(as_sentence(chunk) for chunk in chunks if chunk.strip())


def reading_ease(module: Module) -> float:
    return textstat.flesch_reading_ease(trainee_text(module))


def contact_details(module: Module) -> list[str]:
    """Links and long numbers in trainee text outside `local` blocks (999 allowed)."""
    texts = [module.meta.summary, *module.meta.objectives, module.meta.content_warning or ""]
    for html in trainee_html(module):
        chunks, hrefs = html_chunks(html, skip_local=True)
        # The site makes each phone number in the text a tel: link: count the number once.
        numbers = {re.sub(r"\D", "", n) for c in chunks for n in LONG_NUMBER_RE.findall(c)}
        hrefs = [h for h in hrefs if not (h.startswith("tel:") and h[4:].lstrip("+") in numbers)]
        texts.extend(chunks + [h for h in hrefs if h not in ("tel:999",)])
    found = []
    for text in texts:
        text = EMERGENCY_RE.sub(" ", text)
        found += [m.group() for m in LINK_RE.finditer(text)]
        found += [m.group() for m in LONG_NUMBER_RE.finditer(text)]
    return found


# --- fixtures ---


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return Catalogue(CONTENT_DIR, check_interval=0)


def module_problems(catalogue: Catalogue, path: Path | None = None) -> list[ContentError]:
    """Problems with module files (the seminar's are checked elsewhere)."""
    return [
        p
        for p in catalogue.problems
        if p.path.resolve().parent == MODULES_DIR and (path is None or p.path.resolve() == path)
    ]


@pytest.fixture(params=MODULE_IDS)
def module_id(request) -> str:
    return request.param


def loaded(catalogue: Catalogue, module_id: str) -> Module:
    """The shipped module; fails the test with the file's problems if it did not load."""
    found = catalogue.get(module_id)
    if found is None:
        problems = module_problems(catalogue, MODULES_DIR / f"{module_id}.md")
        listed = "\n".join(f"  {p}" for p in problems) or "  (no problem recorded)"
        pytest.fail(f"{module_id} did not load:\n{listed}", pytrace=False)
    return found


def format_problems(module_id: str, problems: list[str]) -> str:
    return f"{module_id}: {len(problems)} problem(s):\n" + "\n".join(f"  - {p}" for p in problems)


# --- every file loads ---


def test_every_module_file_loads(catalogue: Catalogue):
    problems = module_problems(catalogue)
    assert not problems, "content problems:\n" + "\n".join(f"  {p}" for p in problems)


# --- reading level ---


def test_plain_text_drops_block_labels_and_ends_each_item_as_a_sentence():
    html = (
        '<p>Hello there</p><ul><li>One thing</li><li>Another thing!</li></ul><div class="block '
        'block-activity"><h3 class="block-title"><span class="block-kind">Activity<span '
        'class="visually-hidden">:</span></span> Try this</h3><p>Do it.</p></div>'
    )
    chunks, _ = html_chunks(html)
    assert [as_sentence(c) for c in chunks] == [
        "Hello there.",
        "One thing.",
        "Another thing!",
        "Try this.",
        "Do it.",
    ]


def test_trainee_text_leaves_out_trainer_notes():
    module, errors = load_module(FIXTURES / "content" / "modules" / "alpha.md")
    assert errors == [] and any(s.has_trainer_notes for s in module.sections)
    text = trainee_text(module)
    assert "Say what alpha is." in text  # an objective
    assert "SECRET-TRAINER-NOTE" not in text


def test_contact_details_are_found_outside_local_blocks_only(tmp_path: Path):
    body = (
        "## Help\n\nCall 999 or 0800 1111, or see www.example.org.\n\n"
        "Read [this](https://example.org/help) or [write](mailto:help@example.org).\n\n"
        '!!! local "Local help"\n    Ring 0141 123 4567 or see https://example.org/local.\n'
    )
    module, errors = load_module(write_module(tmp_path, "contacts", body=body))
    assert errors == []
    assert sorted(contact_details(module)) == sorted(["0800 1111", "www.", "https://", "mailto:"])


def test_reading_level(module_id: str, catalogue: Catalogue):
    module = loaded(catalogue, module_id)
    score = reading_ease(module)
    print(f"{module.id}: Flesch reading ease {score:.1f}")
    assert score >= MIN_READING_EASE, (
        f"{module.id}: Flesch reading ease {score:.1f} is below {MIN_READING_EASE}; "
        "use shorter sentences and shorter words"
    )


def test_library_summary(catalogue: Catalogue):
    """Print the library at a glance: each module's time, parts and score, and the totals."""
    modules = catalogue.modules
    assert modules, f"no modules loaded from {MODULES_DIR}"
    print()
    print(f"{'order':>5}  {'module':<34} {'online':>6} {'group':>5} {'parts':>5} {'Flesch':>6}")
    for m in modules:
        group = m.meta.face_to_face_minutes or 0
        print(
            f"{m.meta.order:>5}  {m.id:<34} {m.meta.duration_minutes:>6} {group:>5} "
            f"{len(m.sections):>5} {reading_ease(m):>6.1f}"
        )
    online = sum(m.meta.duration_minutes for m in modules)
    group = sum(m.meta.face_to_face_minutes or 0 for m in modules)
    core = [m for m in modules if "core" in m.meta.focus]
    core_total = sum(m.meta.duration_minutes + (m.meta.face_to_face_minutes or 0) for m in core)
    print(f"{len(modules)} modules, {sum(len(m.sections) for m in modules)} parts.")
    print(f"Online: {online} minutes ({hours(online)}).")
    print(f"Face to face: {group} minutes ({hours(group)}).")
    print(f"Core training ({len(core)} modules), online plus face to face: {hours(core_total)}.")
    for tag, label in FOCUS_TAGS.items():
        tagged = [m.id for m in modules if tag in m.meta.focus]
        print(f"  {label}: {len(tagged)} module(s)")
    assert online > 0


def hours(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d} min"


# --- structure ---


def structure_problems(module: Module, catalogue: Catalogue) -> list[str]:
    """Everything about a module's shape that breaks the library's conventions."""
    meta = module.meta
    problems = []
    unknown = [tag for tag in meta.focus if tag not in FOCUS_TAGS]
    if unknown:
        problems.append(f"unknown focus tags {unknown}")
    if "core" in meta.focus and meta.order >= CORE_ORDER_LIMIT:
        problems.append(f"a core module needs an order below {CORE_ORDER_LIMIT}, not {meta.order}")
    if not MIN_MINUTES <= meta.duration_minutes <= MAX_MINUTES:
        problems.append(
            f"duration_minutes is {meta.duration_minutes}; keep it between "
            f"{MIN_MINUTES} and {MAX_MINUTES} (split a longer module in two)"
        )
    if not MIN_SECTIONS <= len(module.sections) <= MAX_SECTIONS:
        problems.append(f"{len(module.sections)} sections; use {MIN_SECTIONS} to {MAX_SECTIONS}")
    kinds = {block.kind for block in module.blocks}
    for kind in ("activity", "reflection", "trainer"):
        if kind not in kinds:
            problems.append(f"no {kind} block")
    if not meta.title.strip() or not meta.summary.strip():
        problems.append("the title and the summary must not be empty")
    warning = meta.content_warning
    if warning is not None and re.search(r"[.!?]+\s+\S", warning.strip()):
        problems.append(f"content_warning should be one sentence: {warning!r}")
    for prerequisite in meta.prerequisites:
        needed = catalogue.get(prerequisite)
        if needed is not None and needed.meta.order >= meta.order:
            problems.append(
                f"prerequisite {prerequisite!r} comes later in the library "
                f"(order {needed.meta.order} >= {meta.order})"
            )
    details = contact_details(module)
    if details:
        problems.append(
            f"links or phone numbers outside local blocks: {details} "
            "(999 is the only number allowed; put contacts in a local block)"
        )
    return problems


def test_every_module_says_when_and_against_what_it_was_checked(module_id, catalogue):
    """A reviewed date (not in the future) and at least one source on the web."""
    meta = loaded(catalogue, module_id).meta
    assert meta.reviewed is not None, f"{module_id}: add reviewed: (docs/authoring.md)"
    assert meta.reviewed <= dt.date.today(), f"{module_id}: reviewed: is in the future"
    assert meta.sources, f"{module_id}: list the sources its facts were checked against"
    assert all(source.url.startswith("https://") for source in meta.sources)


def test_structure(module_id: str, catalogue: Catalogue):
    module = loaded(catalogue, module_id)
    problems = structure_problems(module, catalogue)
    assert not problems, format_problems(module.id, problems)


# --- coverage of the training outline ---


def test_every_core_module_of_the_outline_is_there(catalogue: Catalogue):
    problems = []
    for module_id in CORE_MODULES:
        module = catalogue.get(module_id)
        if module is None:
            problems.append(f"{module_id}: missing (or did not load)")
        elif "core" not in module.meta.focus:
            problems.append(f"{module_id}: not tagged core (focus: {list(module.meta.focus)})")
    assert not problems, format_problems("core modules", problems)


def test_every_focus_module_is_there(catalogue: Catalogue):
    problems = []
    for module_id, tag in FOCUS_MODULES.items():
        module = catalogue.get(module_id)
        if module is None:
            problems.append(f"{module_id}: missing (or did not load)")
        elif tag not in module.meta.focus:
            problems.append(f"{module_id}: not tagged {tag} (focus: {list(module.meta.focus)})")
    assert not problems, format_problems("focus modules", problems)


def test_core_training_takes_at_least_twenty_hours(catalogue: Catalogue):
    core = [m for m in catalogue.modules if "core" in m.meta.focus]
    total = sum(m.meta.duration_minutes + (m.meta.face_to_face_minutes or 0) for m in core)
    print(f"core training: {len(core)} modules, {hours(total)} online plus face to face")
    assert total >= MIN_CORE_MINUTES, (
        f"the core modules add up to {hours(total)} online plus face to face; "
        f"the outline asks for at least {hours(MIN_CORE_MINUTES)}"
    )
