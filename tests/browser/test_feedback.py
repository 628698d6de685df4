"""Feedback, clicked through as people would: a trainee answering (and skipping) the feedback
form at the end of a module, an evaluator filtering the comparison and downloading its CSV and
the response-level export, and axe-core plus no sideways scrolling on every feedback page.

Set-up data goes straight into the live server's database: programmes and people through
`seed`, and for the dashboards whole feedback responses through `add_responses` below (each
from a real trainee of the programme who has finished the module). The live server is shared
by the whole session, so every check finds its own rows by programme name or id and never
assumes it has the database to itself.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Download, Locator, Page, expect

from mentorhub.content import Module
from tests.browser.helpers import (
    assert_no_serious_axe_violations,
    assert_no_sideways_scrolling,
    in_viewport,
    log_in,
)

AGREE = ["Strongly disagree", "Disagree", "Not sure", "Agree", "Strongly agree"]
CONFIDENT = ["Not at all confident", "A little", "Fairly", "Quite", "Very confident"]
LIKERT = {  # field name -> question, as the tables word them
    "relevant": "This was relevant to me",
    "clear": "It was clear",
    "right_length": "It was the right length (the earlier question)",
    "recommend": "I would recommend it to another peer mentor",
}
LENGTH = "The length was"
LENGTH_ANSWERS = ["Too short", "About right", "Too long"]
BEFORE = "Before this module: how confident did you feel about what this module covers?"
NOW = "Now: how confident do you feel about what this module covers?"
HELPED_MOST = "What helped you most? (optional)"
WOULD_CHANGE = "What would you change? (optional)"


def _numbered(words: list[str]) -> list[str]:
    return [f"{n}: {word}" for n, word in enumerate(words, 1)]


# Every question with radio buttons on a standard feedback form, in order: (legend, the
# options' labels, message when left empty).
SCALES = [
    (LIKERT["relevant"], _numbered(AGREE), "Choose one answer."),
    (LIKERT["clear"], _numbered(AGREE), "Choose one answer."),
    (LENGTH, LENGTH_ANSWERS, "Choose one answer."),
    (LIKERT["recommend"], _numbered(AGREE), "Choose one answer."),
    (BEFORE, _numbered(CONFIDENT), "Choose how you felt before."),
    (NOW, _numbered(CONFIDENT), "Choose how you feel now."),
]

THANKS_FLASH = "Thank you. Your feedback helps make the training better."
SKIP_FLASH = "No problem. You can give feedback later from My training."
EDITING_NOTICE = "You gave feedback on this module before. You can change your answers."
FEWER_THAN_5 = "fewer than 5"

AGGREGATES_HEADER = [
    "module_id",
    "programme",
    "module_version",
    "adaptation_revision",
    "responses",
    "relevant_mean",
    "clear_mean",
    "right_length_mean",
    "recommend_mean",
    "length_about_right_share",
    "length_answers",
    "confidence_change_mean",
    "confidence_change_low",
    "confidence_change_high",
]

# Six responses (one per trainee): relevant, clear, right length, recommend, before, now.
SIX_RESPONSES = [
    (5, 4, 3, 5, 2, 4),
    (4, 4, 3, 5, 1, 3),
    (4, 5, 4, 4, 3, 4),
    (5, 5, 2, 5, 2, 4),
    (3, 4, 3, 4, 2, 3),
    (5, 3, 3, 5, 1, 3),
]
THREE_RESPONSES = [(1, 2, 2, 1, 3, 3), (2, 1, 1, 2, 4, 4), (1, 1, 2, 2, 3, 2)]


# --- set-up --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Author:
    """A trainee who gave one of the inserted responses: everything that could identify them."""

    username: str
    display_name: str
    email: str


def add_responses(
    server,
    seed,
    programme,
    module_id: str,
    scores: Sequence[tuple[int, int, int, int, int, int]],
    comment: str = "The real stories",
) -> list[Author]:
    """One feedback response per `scores` tuple, each from a new trainee of `programme` who
    has finished the module (so the response rate counts them), saved the way the form
    saves it. Returns the authors."""
    from mentorhub.extensions import db
    from mentorhub.learning.feedback import FeedbackAnswers, save_response
    from mentorhub.models import Programme, User

    module = server.catalogue.get(module_id)
    assert module is not None, f"no module {module_id!r} in the catalogue"
    authors = []
    for n, (relevant, clear, length, recommend, before, after) in enumerate(scores, 1):
        tag = uuid.uuid4().hex[:8]
        author = Author(f"fbk{tag}", f"Morven Fbk{tag}", f"morven.{tag}@example.org")
        trainee = seed.user(
            "trainee",
            programme,
            username=author.username,
            display_name=author.display_name,
            email=author.email,
        )
        seed.sections_done(trainee, programme, module_id)
        answers = FeedbackAnswers(
            relevant=relevant,
            clear=clear,
            right_length=length,
            recommend=recommend,
            confidence_before=before,
            confidence_after=after,
            helped_most=f"{comment} ({n})",
        )
        with server.app.app_context():
            person = db.session.get(User, trainee.id)
            group = db.session.get(Programme, programme.id)
            save_response(person, group, module, answers)
            db.session.commit()
        authors.append(author)
    return authors


def _mean(scores: Sequence[tuple[int, ...]], index: int) -> float:
    return sum(row[index] for row in scores) / len(scores)


def _short_module(server) -> Module:
    """The module with the fewest parts and no content warning (quickest to finish)."""
    plain = [m for m in server.modules if not m.meta.content_warning]
    assert plain, "every shipped module has a content warning; these tests need one without"
    return min(plain, key=lambda m: len(m.sections))


def _log_in(page: Page, server, user) -> None:
    log_in(page, server("auth.login"), user.username, user.password)


def _goto(page: Page, url: str, status: int = 200) -> None:
    response = page.goto(url)
    assert response is not None, f"no response from {url}"
    assert response.status == status, f"{url} answered {response.status}, not {status}"


def _scale(page: Page, legend: str) -> Locator:
    """A scale's fieldset, found by its legend as assistive technology would find it."""
    return page.locator("main form").get_by_role("group", name=legend, exact=True)


def _send_empty(page: Page) -> None:
    page.locator("main form").get_by_role("button", name="Send feedback").click()
    expect(page.locator(".error-summary")).to_be_visible()


def _curriculum_item(page: Page, module: Module) -> Locator:
    return page.locator(".curriculum__item").filter(
        has=page.locator(".curriculum__title").get_by_role("link", name=module.meta.title)
    )


def _download_text(download: Download) -> str:
    failure = download.failure()
    assert failure is None, f"the download of {download.url} failed: {failure}"
    return Path(download.path()).read_text(encoding="utf-8")


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- 1. a trainee gives feedback -----------------------------------------------------------


def test_a_trainee_gives_feedback_after_finishing_a_module(page: Page, live_server, seed) -> None:
    module = _short_module(live_server)
    programme = seed.programme(curriculum=[(module.id, True)])
    trainee = seed.user("trainee", programme)
    seed.sections_done(trainee, programme, module.id, how_many=len(module.sections) - 1)
    last = module.sections[-1]
    feedback_url = live_server("evaluation.feedback", module_id=module.id)

    # Finish the module: the last part, then the end of the module offers the form.
    _log_in(page, live_server, trainee)
    expect(page).to_have_url(live_server("training.index"))
    _curriculum_item(page, module).get_by_role("link", name=module.meta.title).click()
    expect(page).to_have_url(live_server("training.module", module_id=module.id))
    page.locator(f"section.module-section#{last.id}").get_by_role(
        "button", name="Mark as done"
    ).click()
    expect(page).to_have_url(live_server("training.module", module_id=module.id) + "#module-end")
    end = page.locator("#module-end")
    expect(end).to_contain_text("You have finished this module.")
    end.get_by_role("link", name="Tell us what you thought (2 minutes)").click()

    expect(page).to_have_url(feedback_url)
    expect(page.locator("main h1")).to_have_text(f"What did you think of “{module.meta.title}”?")
    expect(page.locator(".error-summary")).to_have_count(0)
    expect(page.locator("main .notice--info")).to_have_count(0)  # no earlier answers

    # Sending it empty: a summary of the problems at the top, each message beside its field.
    with page.expect_response(feedback_url) as answered:
        page.locator("main form").get_by_role("button", name="Send feedback").click()
    assert answered.value.status == 400, f"an empty form answered {answered.value.status}"
    expect(page).to_have_url(feedback_url)
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading", level=2)).to_have_text("There is a problem")
    expect(summary.get_by_role("link")).to_have_text([message for _, _, message in SCALES])
    assert in_viewport(summary), "the error summary is not on screen when the page opens"
    assert summary.evaluate(
        "el => !!(el.compareDocumentPosition(document.querySelector('main form.form'))"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    ), "the error summary does not come before the form"
    for legend, _words, message in SCALES:
        scale = _scale(page, legend)
        expect(scale.locator(".error-message")).to_have_text(f"Error: {message}")
        expect(scale).to_have_accessible_description(f"Error: {message}")
    for label in (HELPED_MOST, WOULD_CHANGE):  # optional: no complaint
        expect(page.get_by_label(label, exact=True)).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("main .error-message")).to_have_count(len(SCALES))

    # Every scale, and one of the free-text questions.
    chosen = dict(zip([legend for legend, _, _ in SCALES], [5, 4, 3, 4, 2, 4], strict=True))
    for legend, words, _message in SCALES:
        number = chosen[legend]
        _scale(page, legend).get_by_label(words[number - 1], exact=True).check()
    page.get_by_label(HELPED_MOST, exact=True).fill("Hearing how other mentors keep boundaries.")
    page.locator("main form").get_by_role("button", name="Send feedback").click()

    expect(page).to_have_url(live_server("training.index"))
    expect(page.locator(".flash--success")).to_have_text(THANKS_FLASH)
    item = _curriculum_item(page, module)
    expect(item.locator(".feedback-link")).to_contain_text("Thank you for your feedback.")
    expect(item.get_by_role("link", name=f"Give feedback on {module.meta.title}")).to_have_count(0)

    # Back to the form: the answers are kept, ready to change.
    item.get_by_role("link", name=f"Change it for {module.meta.title}").click()
    expect(page).to_have_url(feedback_url)
    expect(page.locator("main .notice--info")).to_have_text(EDITING_NOTICE)
    for legend, words, _message in SCALES:
        number = chosen[legend]
        scale = _scale(page, legend)
        expect(scale.get_by_label(words[number - 1], exact=True)).to_be_checked()
        expect(scale.locator("input:checked")).to_have_count(1)
    expect(page.get_by_label(HELPED_MOST, exact=True)).to_have_value(
        "Hearing how other mentors keep boundaries."
    )
    expect(page.get_by_label(WOULD_CHANGE, exact=True)).to_have_value("")

    # And what reached the database is what was chosen, once, for this programme.
    stored = _stored_responses(live_server, trainee.id, module.id)
    assert stored == [
        {
            "programme_id": programme.id,
            "module_version": module.meta.version,
            "relevant": 5,
            "clear": 4,
            "length": 3,
            "right_length": None,
            "recommend": 4,
            "confidence_before": 2,
            "confidence_after": 4,
            "helped_most": "Hearing how other mentors keep boundaries.",
            "would_change": "",
        }
    ]


def _stored_responses(server, user_id: int, module_id: str) -> list[dict]:
    import sqlalchemy as sa

    from mentorhub.extensions import db
    from mentorhub.models import FeedbackAuthor, FeedbackResponse

    keys = [
        "programme_id",
        "module_version",
        "relevant",
        "clear",
        "length",
        "right_length",
        "recommend",
        "confidence_before",
        "confidence_after",
        "helped_most",
        "would_change",
    ]
    with server.app.app_context():
        responses = db.session.scalars(
            sa.select(FeedbackResponse)
            .join(FeedbackAuthor, FeedbackAuthor.response_id == FeedbackResponse.id)
            .where(FeedbackAuthor.user_id == user_id, FeedbackResponse.module_id == module_id)
        ).all()
        return [{key: getattr(r, key) for key in keys} for r in responses]


def test_error_summary_links_move_focus_to_their_fields(page: Page, live_server, seed) -> None:
    """Each link in the error summary takes the keyboard to the question it is about, so
    someone can go straight there and answer it (WCAG 2.4.3, 3.3.1)."""
    module = _short_module(live_server)
    programme = seed.programme(curriculum=[(module.id, True)])
    trainee = seed.user("trainee", programme)
    seed.sections_done(trainee, programme, module.id)
    _log_in(page, live_server, trainee)
    _goto(page, live_server("evaluation.feedback", module_id=module.id))
    _send_empty(page)

    links = page.locator(".error-summary").get_by_role("link")
    expect(links).to_have_count(len(SCALES))
    problems = []
    for index, (legend, _words, message) in enumerate(SCALES):
        link = links.nth(index)
        expect(link).to_have_text(message)
        href = link.get_attribute("href") or ""
        link.click()
        # Focus must land in the question's fieldset (its first option, say).
        inside = _scale(page, legend).evaluate("el => el.contains(document.activeElement)")
        if not inside:
            target_exists = page.evaluate(
                "id => !!document.getElementById(id)", href.removeprefix("#")
            )
            problems.append(
                f"{message!r} ({href}, "
                f"{'an element' if target_exists else 'no element'} with that id) left focus "
                f"on {page.evaluate('() => document.activeElement.outerHTML.slice(0, 80)')}"
                f" instead of the question {legend!r}"
            )
    assert not problems, "error summary links that do not reach their fields:\n" + "\n".join(
        problems
    )


# --- 2. a trainee skips feedback -----------------------------------------------------------


def test_a_trainee_skips_feedback_from_my_training(page: Page, live_server, seed) -> None:
    module = _short_module(live_server)
    programme = seed.programme(curriculum=[(module.id, True)])
    trainee = seed.user("trainee", programme)
    seed.sections_done(trainee, programme, module.id)

    _log_in(page, live_server, trainee)
    expect(page).to_have_url(live_server("training.index"))
    item = _curriculum_item(page, module)
    expect(item.locator(".badge").first).to_have_text("Complete")
    item.get_by_role("link", name=f"Give feedback on {module.meta.title}").click()
    expect(page).to_have_url(live_server("evaluation.feedback", module_id=module.id))

    page.get_by_role("button", name="Skip feedback for now").click()

    expect(page).to_have_url(live_server("training.index"))
    expect(page.locator(".flash--success")).to_have_text(SKIP_FLASH)
    expect(page.locator(".error-summary")).to_have_count(0)
    # Skipping is not giving: the way back to the form stays, with no thanks yet.
    item = _curriculum_item(page, module)
    expect(item.get_by_role("link", name=f"Give feedback on {module.meta.title}")).to_be_visible()
    expect(item.locator(".feedback-link")).not_to_contain_text("Thank you for your feedback")
    assert _stored_responses(live_server, trainee.id, module.id) == []


# --- 3. an evaluator compares programmes and downloads -------------------------------------


def _compare_table(page: Page) -> Locator:
    return page.get_by_role("region", name="Table: feedback compared")


def _compare_row(page: Page, module: Module, programme) -> Locator:
    return (
        _compare_table(page)
        .locator("tbody tr")
        .filter(has=page.get_by_role("rowheader", name=module.meta.title, exact=True))
        .filter(has=page.get_by_role("cell", name=programme.name, exact=True))
    )


def _length_share(scores) -> str:
    """The "said the length was right" cell for responses to the earlier statement: 4-5
    count as about right, 1-2 as not, 3 not at all."""
    judged = [row[2] for row in scores if row[2] != 3]
    if len(judged) < 5:
        return FEWER_THAN_5
    return f"{sum(v >= 4 for v in judged) / len(judged) * 100:.0f}% (of {len(judged)})"


def _figures_pattern(scores) -> list[re.Pattern | str]:
    """A big group's four means, the length share, and its confidence change; a mean or
    change is "m.mm (low to high)"."""
    means = [_mean(scores, i) for i in range(4)]
    change = sum(row[5] - row[4] for row in scores) / len(scores)
    ci = [re.compile(rf"^{v:.2f} \(-?\d+\.\d\d to -?\d+\.\d\d\)$") for v in [*means, change]]
    return [*ci[:4], _length_share(scores), ci[4]]


def test_an_evaluator_filters_the_comparison_and_downloads_it(
    page: Page, live_server, seed
) -> None:
    big, small = seed.programme(), seed.programme()
    module = live_server.catalogue.get(big.module_ids[0])
    assert module is not None and module.id in small.module_ids
    authors = add_responses(live_server, seed, big, module.id, SIX_RESPONSES)
    authors += add_responses(live_server, seed, small, module.id, THREE_RESPONSES)
    evaluator = seed.user("evaluator")
    version = str(module.meta.version)

    _log_in(page, live_server, evaluator)
    page.locator(".site-nav").get_by_role("link", name="Evaluation").click()
    expect(page).to_have_url(live_server("evaluation.overview"))
    expect(page.locator("main h1")).to_have_text("Evaluation")

    # All programmes: the big group has figures, the small one says only "fewer than 5".
    expect(_compare_row(page, module, big).locator("td")).to_have_text(
        [big.name, version, "library", "6", *_figures_pattern(SIX_RESPONSES)]
    )
    expect(_compare_row(page, module, small).locator("td")).to_have_text(
        [small.name, version, "library", FEWER_THAN_5]
    )

    # Filter to the big programme.
    form = page.locator("form.filter-form")
    form.get_by_label("Programme").select_option(label=big.name)
    form.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"[?&]programme={big.id}(&|$)"))
    assert parse_qs(urlsplit(page.url).query).get("programme") == [str(big.id)]
    expect(form.get_by_label("Programme")).to_have_value(str(big.id))  # the choice is kept
    rows = _compare_table(page).locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(_compare_row(page, module, big).locator("td")).to_have_text(
        [big.name, version, "library", "6", *_figures_pattern(SIX_RESPONSES)]
    )
    expect(_compare_row(page, module, small)).to_have_count(0)

    with page.expect_download() as info:
        page.get_by_role("link", name="Download this table (CSV)").click()
    download = info.value
    assert download.suggested_filename == "feedback-aggregates.csv"
    assert f"programme={big.id}" in download.url, f"the filter was lost: {download.url}"
    header, *body = _csv_rows(_download_text(download))
    assert header == AGGREGATES_HEADER
    assert [row[:5] for row in body] == [[module.id, big.name, version, "", "6"]]
    figures = dict(zip(header, body[0], strict=True))
    for index, key in enumerate(["relevant", "clear", "right_length", "recommend"]):
        assert float(figures[f"{key}_mean"]) == pytest.approx(_mean(SIX_RESPONSES, index), abs=1e-3)
    change = sum(row[5] - row[4] for row in SIX_RESPONSES) / len(SIX_RESPONSES)
    assert float(figures["confidence_change_mean"]) == pytest.approx(change, abs=1e-3)
    assert (
        float(figures["confidence_change_low"]) < change < float(figures["confidence_change_high"])
    )

    # Filter to the small programme: no figures on the page or in the CSV.
    form.get_by_label("Programme").select_option(label=small.name)
    form.get_by_role("button", name="Show").click()
    expect(page).to_have_url(re.compile(rf"[?&]programme={small.id}(&|$)"))
    expect(rows).to_have_count(1)
    expect(_compare_row(page, module, small).locator("td")).to_have_text(
        [small.name, version, "library", FEWER_THAN_5]
    )
    with page.expect_download() as info:
        page.get_by_role("link", name="Download this table (CSV)").click()
    header, *body = _csv_rows(_download_text(info.value))
    assert header == AGGREGATES_HEADER
    assert body == [
        [module.id, small.name, version, "", FEWER_THAN_5] + [""] * (len(AGGREGATES_HEADER) - 5)
    ], f"the small group's row gives figures away: {body}"

    # The response-level export names nobody.
    page.get_by_role("link", name="Response-level exports and data dictionary").click()
    expect(page).to_have_url(live_server("evaluation.exports"))
    expect(page.locator("main h1")).to_have_text("Feedback exports")
    columns = page.locator("#responses-dictionary tbody th code").all_inner_texts()
    with page.expect_download() as info:
        page.get_by_role("link", name="Responses as CSV").click()
    assert info.value.suggested_filename == "feedback-responses.csv"
    text = _download_text(info.value)
    header, *body = _csv_rows(text)
    assert header == columns, "the CSV's columns are not the data dictionary's"
    by_column = [dict(zip(header, row, strict=True)) for row in body]
    ours = [row for row in by_column if row["programme_id"] in (str(big.id), str(small.id))]
    assert len(ours) == len(SIX_RESPONSES) + len(THREE_RESPONSES)
    pseudonyms = [row["trainee_pseudonym"] for row in ours]
    assert all(re.fullmatch(r"[0-9a-f]{16}", p) for p in pseudonyms), pseudonyms
    assert len(set(pseudonyms)) == len(authors), "different trainees share a pseudonym"
    lowered = text.lower()
    leaks = [
        f"{what} {value!r}"
        for author in authors
        for what, value in (
            ("name", author.display_name),
            ("username", author.username),
            ("email", author.email),
        )
        if value.lower() in lowered
    ]
    assert not leaks, "responses.csv identifies trainees: " + ", ".join(leaks)


# --- 4. accessibility ----------------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackPage:
    name: str
    # Sets up the data, logs in and opens the page; checks it got there.
    open: Callable  # (page, live_server, seed) -> None


def _feedback_form(page: Page, server, seed) -> None:
    module = _short_module(server)
    programme = seed.programme(curriculum=[(module.id, True)])
    trainee = seed.user("trainee", programme)
    seed.sections_done(trainee, programme, module.id)
    _log_in(page, server, trainee)
    _goto(page, server("evaluation.feedback", module_id=module.id))
    expect(page.locator("main h1")).to_have_text(f"What did you think of “{module.meta.title}”?")


def _feedback_form_with_errors(page: Page, server, seed) -> None:
    _feedback_form(page, server, seed)
    _send_empty(page)
    expect(page.locator("main .error-message")).to_have_count(len(SCALES))


def _programme_dashboard(page: Page, server, seed) -> None:
    programme = seed.programme()
    module = server.catalogue.get(programme.module_ids[0])
    add_responses(server, seed, programme, module.id, SIX_RESPONSES)
    trainer = seed.user("trainer", trainer_of=[programme])
    _log_in(page, server, trainer)
    _goto(page, server("evaluation.programme_dashboard", programme_id=programme.id))
    expect(page.locator("main h1")).to_have_text(f"Feedback on {programme.name}'s modules")
    section = page.locator(f"section[aria-labelledby='fb-{module.id}']")
    expect(section).to_contain_text("6 responses, from 6 trainees who finished it (100%)")
    expect(section.locator("figure.chart svg")).to_have_count(len(LIKERT))
    expect(section.locator(".comments li").first).to_be_visible()


def _evaluation_overview(page: Page, server, seed) -> None:
    big, small = seed.programme(), seed.programme()
    module = server.catalogue.get(big.module_ids[0])
    add_responses(server, seed, big, module.id, SIX_RESPONSES)
    add_responses(server, seed, small, module.id, THREE_RESPONSES)
    _log_in(page, server, seed.user("evaluator"))
    _goto(page, server("evaluation.overview"))
    expect(page.locator("main h1")).to_have_text("Evaluation")
    expect(_compare_row(page, module, big).locator("td").nth(3)).to_have_text("6")
    expect(_compare_row(page, module, small)).to_contain_text(FEWER_THAN_5)


def _exports_as(role: str) -> Callable:
    def open_exports(page: Page, server, seed) -> None:
        programme = seed.programme()
        user = seed.user(role, trainer_of=[programme] if role == "trainer" else ())
        _log_in(page, server, user)
        _goto(page, server("evaluation.exports"))
        expect(page.locator("main h1")).to_have_text("Feedback exports")
        expect(page.get_by_role("link", name="Responses as CSV")).to_be_visible()

    return open_exports


FEEDBACK_PAGES = [
    FeedbackPage("trainee:feedback-form", _feedback_form),
    FeedbackPage("trainee:feedback-form-with-errors", _feedback_form_with_errors),
    FeedbackPage("trainer:programme-feedback", _programme_dashboard),
    FeedbackPage("trainer:exports", _exports_as("trainer")),
    FeedbackPage("evaluator:evaluation", _evaluation_overview),
    FeedbackPage("evaluator:exports", _exports_as("evaluator")),
]
by_feedback_page = pytest.mark.parametrize(
    "feedback_page", FEEDBACK_PAGES, ids=[p.name for p in FEEDBACK_PAGES]
)


@by_feedback_page
def test_no_serious_axe_violations_on_desktop(
    page: Page, live_server, seed, feedback_page: FeedbackPage
) -> None:
    feedback_page.open(page, live_server, seed)
    assert_no_serious_axe_violations(page)


@by_feedback_page
def test_on_a_phone_no_serious_axe_violations_and_no_sideways_scrolling(
    phone_page: Page, live_server, seed, feedback_page: FeedbackPage
) -> None:
    """One visit (and one set-up and log-in) for both phone checks."""
    feedback_page.open(phone_page, live_server, seed)
    assert_no_sideways_scrolling(phone_page)
    assert_no_serious_axe_violations(phone_page)
