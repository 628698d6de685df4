"""Group sessions in a real Chromium: a trainer takes attendance on a 360 px phone, a
trainee downloads their calendar file, and axe-core on every new page as each role that
uses it (no sideways scrolling at 360 px either)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta
from pathlib import Path

import icalendar
import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from mentorhub.extensions import db
from tests.browser.helpers import (
    assert_no_serious_axe_violations,
    assert_no_sideways_scrolling,
    log_in,
)


@dataclass(frozen=True)
class Group:
    programme: object
    trainer: object
    trainees: list
    past: int
    future: int


def _add_session(server, programme_id: int, title: str, days: int, **values) -> int:
    from mentorhub.learning.group_sessions import SessionValues, create_session
    from mentorhub.models import Programme

    with server.app.app_context():
        session = create_session(
            db.session.get(Programme, programme_id),
            SessionValues(title, date.today() + timedelta(days=days), time(18), time(20),
                          venue="Clyde hub, 140 Argyle Street", **values),
        )  # fmt: skip
        db.session.commit()
        return session.id


def _group(server, seed, trainees: int = 3) -> Group:
    """A programme with a trainer, trainees, a past session and one next week."""
    programme = seed.programme()
    trainer = seed.user("trainer", trainer_of=[programme], display_name="Aisha Rahman")
    people = [seed.user("trainee", programme, display_name=name)
              for name in ("Jordan", "Kayleigh", "Ewan", "Skye")[:trainees]]  # fmt: skip
    first = programme.module_ids[0]
    past = _add_session(server, programme.id, "Welcome night", -2, module_ids=(first,))
    future = _add_session(
        server,
        programme.id,
        "Boundaries",
        7,
        module_ids=(first,),
        trainee_note="Bring a notebook. Travel is paid in advance.",
    )
    return Group(programme, trainer, people, past, future)


def _login(page: Page, server, user) -> None:
    log_in(page, server("auth.login"), user.username, user.password)


def _goto(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.status == 200, f"{url}: {response and response.status}"


def _marks(server, session_id: int) -> dict[str, str]:
    from mentorhub.models import Attendance, User

    with server.app.app_context():
        rows = db.session.execute(
            sa.select(User.display_name, Attendance.status, Attendance.caught_up_how)
            .join(User, User.id == Attendance.user_id)
            .where(Attendance.session_id == session_id)
        )
        return {name: status + (f"/{how}" if how else "") for name, status, how in rows}


def test_a_trainer_takes_attendance_on_a_phone(phone_page: Page, live_server, seed):
    group = _group(live_server, seed)
    page = phone_page
    _login(page, live_server, group.trainer)
    _goto(page, live_server("programmes.detail", programme_id=group.programme.id))
    page.get_by_role("link", name="Group sessions and attendance").click()
    page.get_by_role("link", name="Take attendance for Welcome night").click()
    expect(page.locator("main h1")).to_have_text("Attendance: Welcome night")
    assert_no_sideways_scrolling(page)
    page.get_by_role("button", name="Everyone attended").click()
    expect(page.locator(".flash")).to_contain_text("3 marked as attended")
    ewan = page.locator("fieldset", has=page.locator("legend", has_text="Ewan"))
    ewan.get_by_label("Absent").check()
    kayleigh = page.locator("fieldset", has=page.locator("legend", has_text="Kayleigh"))
    kayleigh.get_by_label("Caught up later").check()
    expect(kayleigh.get_by_label("Caught up on")).to_be_visible()
    expect(ewan.get_by_label("Caught up on")).to_be_hidden()  # only where it applies
    kayleigh.get_by_label("Caught up on").fill(date.today().isoformat())
    kayleigh.get_by_label("How").select_option(label="One-to-one")
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".flash")).to_contain_text("Attendance saved (2 changed).")
    assert _marks(live_server, group.past) == {
        "Jordan": "attended", "Kayleigh": "caught-up/one-to-one", "Ewan": "absent"
    }  # fmt: skip
    expect(page.get_by_text("Aisha Rahman marked Ewan as “Absent”")).to_be_visible()
    assert_no_sideways_scrolling(page)
    assert_no_serious_axe_violations(page)


def test_attendance_is_refused_before_the_session_starts(phone_page: Page, live_server, seed):
    group = _group(live_server, seed)
    _login(phone_page, live_server, group.trainer)
    _goto(phone_page, live_server("groupwork.attendance", programme_id=group.programme.id,
                                  session_id=group.future))  # fmt: skip
    expect(phone_page.locator("main")).to_contain_text("This session has not started yet.")
    expect(phone_page.get_by_role("button", name="Save attendance")).to_have_count(0)


def test_a_trainee_downloads_their_calendar_file(page: Page, live_server, seed):
    group = _group(live_server, seed)
    _login(page, live_server, group.trainees[0])
    _goto(page, live_server("training.index"))
    next_card = page.locator(".session--next")
    expect(next_card).to_contain_text("Boundaries")
    expect(next_card).to_contain_text("6pm to 8pm")
    with page.expect_download() as info:
        next_card.get_by_role("link", name="Add to my calendar").click()
    assert info.value.suggested_filename == f"session-{group.future}.ics"
    event = icalendar.Calendar.from_ical(Path(info.value.path()).read_bytes()).events[0]
    assert str(event["SUMMARY"]) == "Boundaries"
    start = event.decoded("DTSTART")
    assert (start.date(), start.time(), str(start.tzinfo)) == (
        date.today() + timedelta(days=7),
        time(18),
        "Europe/London",
    )
    # The private feed, for a phone's calendar to subscribe to.
    page.get_by_role("link", name="Put all your sessions in your phone's calendar").click()
    page.get_by_role("button", name="Get my calendar address").click()
    address = page.locator("#feed-address").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the calendar file").click()
    events = icalendar.Calendar.from_ical(Path(info.value.path()).read_bytes()).events
    assert sorted(str(e["SUMMARY"]) for e in events) == ["Boundaries", "Welcome night"]
    assert address.endswith(".ics") and "/training/calendar/" in address


# --- axe on every new page, as each role that uses it ----------------------------------------


@dataclass(frozen=True)
class RolePage:
    role: str
    name: str
    open: Callable  # (page, server, seed) -> None

    @property
    def id(self) -> str:
        return f"{self.role}:{self.name}"


def _as(role: str):
    """Set up a group, log in as `role` (trainer, admin, trainee or evaluator)."""

    def open_as(page, server, seed) -> Group:
        group = _group(server, seed)
        person = {"trainer": group.trainer, "trainee": group.trainees[0]}.get(role)
        _login(page, server, person or seed.user(role))
        return group

    return open_as


def _staff_page(role: str, endpoint: str, heading: str, **extra):
    def open_page(page, server, seed):
        group = _as(role)(page, server, seed)
        values = {"programme_id": group.programme.id}
        if "session" in extra:
            values["session_id"] = getattr(group, extra["session"])
        if extra.get("user"):
            values["user_id"] = group.trainees[0].id
        _goto(page, server(endpoint, **values))
        expect(page.locator("main h1")).to_contain_text(heading)

    return open_page


def _new_session_with_errors(page, server, seed):
    _staff_page("trainer", "groupwork.new", "Schedule a session")(page, server, seed)
    form = page.locator("main form")
    form.get_by_label("Date").fill("1900-01-01")
    form.get_by_label("Starts at").fill("18:00")
    form.get_by_label("Ends at").fill("17:00")
    form.get_by_role("button", name="Schedule the session").click()
    expect(page.locator(".error-summary")).to_contain_text("The end must be after the start.")


def _attendance_with_errors(page, server, seed):
    _staff_page("trainer", "groupwork.attendance", "Attendance", session="past")(page, server, seed)
    first = page.locator("fieldset.mark").first
    first.get_by_label("Caught up later").check()
    page.get_by_role("button", name="Save attendance").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the date they caught up.")


def _readiness_trainee_with_errors(page, server, seed):
    _staff_page("trainer", "readiness.trainee", "readiness to mentor", user=True)(
        page, server, seed
    )
    expect(page.get_by_role("button", name="Ready to be matched")).to_have_count(0)  # not yet
    pvg = page.locator("li.checklist__item").first
    pvg.get_by_label("Who").fill("")
    pvg.locator("button", has_text="Save").click()
    expect(page.locator(".error-message").first).to_contain_text("Enter who checked")


def _trainee_page(endpoint: str, heading: str, session: str | None = None):
    def open_page(page, server, seed):
        group = _as("trainee")(page, server, seed)
        values = {"session_id": getattr(group, session)} if session else {}
        _goto(page, server(endpoint, **values))
        expect(page.locator("main h1")).to_contain_text(heading)

    return open_page


def _calendar_with_address(page, server, seed):
    _trainee_page("training.calendar", "Your sessions in your calendar")(page, server, seed)
    page.get_by_role("button", name="Get my calendar address").click()
    expect(page.locator("#feed-address")).to_be_visible()


def _session_after_cant_come(page, server, seed):
    """(A reason too long cannot be typed: the box stops at 500 characters; the app tests
    check the server's message.)"""
    _trainee_page("training.session", "Boundaries", session="future")(page, server, seed)
    page.get_by_label("Anything your trainer should know? (optional)").fill("A college exam")
    page.get_by_role("button", name="I can't come").click()
    expect(page.get_by_role("button", name="I can come after all")).to_be_visible()


def _evaluator_page(endpoint: str, heading: str):
    def open_page(page, server, seed):
        _as("evaluator")(page, server, seed)
        _goto(page, server(endpoint))
        expect(page.locator("main h1")).to_have_text(heading)

    return open_page


ROLE_PAGES = [
    RolePage("trainer", "sessions", _staff_page("trainer", "groupwork.index", "Group sessions")),
    RolePage("admin", "sessions", _staff_page("admin", "groupwork.index", "Group sessions")),
    RolePage("trainer", "session-new", _staff_page("trainer", "groupwork.new", "Schedule")),
    RolePage("trainer", "session-new-with-errors", _new_session_with_errors),
    RolePage("trainer", "session-edit",
             _staff_page("trainer", "groupwork.edit", "Edit", session="future")),
    RolePage("trainer", "session-plan", _staff_page("trainer", "groupwork.plan", "Make a plan")),
    RolePage("trainer", "attendance",
             _staff_page("trainer", "groupwork.attendance", "Attendance", session="past")),
    RolePage("admin", "attendance",
             _staff_page("admin", "groupwork.attendance", "Attendance", session="past")),
    RolePage("trainer", "attendance-with-errors", _attendance_with_errors),
    RolePage("trainer", "attendance-not-yet",
             _staff_page("trainer", "groupwork.attendance", "Attendance", session="future")),
    RolePage("trainer", "readiness", _staff_page("trainer", "readiness.index", "Readiness")),
    RolePage("admin", "readiness", _staff_page("admin", "readiness.index", "Readiness")),
    RolePage("trainer", "readiness-objectives",
             _staff_page("trainer", "readiness.objectives", "Objectives to sign off")),
    RolePage("trainer", "readiness-trainee",
             _staff_page("trainer", "readiness.trainee", "readiness to mentor", user=True)),
    RolePage("trainer", "readiness-trainee-with-errors", _readiness_trainee_with_errors),
    RolePage("trainer", "programme-with-figures",
             _staff_page("trainer", "programmes.detail", "Programme")),
    RolePage("trainee", "training-with-sessions", _trainee_page("training.index", "My training")),
    RolePage("trainee", "session", _trainee_page("training.session", "Boundaries", "future")),
    RolePage("trainee", "session-past", _trainee_page("training.session", "Welcome", "past")),
    RolePage("trainee", "session-after-cant-come", _session_after_cant_come),
    RolePage("trainee", "calendar", _trainee_page("training.calendar", "in your calendar")),
    RolePage("trainee", "calendar-with-address", _calendar_with_address),
    RolePage("trainee", "readiness", _trainee_page("training.readiness", "Getting ready")),
    RolePage("evaluator", "evaluation", _evaluator_page("evaluation.overview", "Evaluation")),
    RolePage("evaluator", "exports", _evaluator_page("evaluation.exports", "Feedback exports")),
]  # fmt: skip
by_role_page = pytest.mark.parametrize("role_page", ROLE_PAGES, ids=[p.id for p in ROLE_PAGES])


@by_role_page
def test_no_serious_axe_violations_on_a_phone(phone_page: Page, live_server, seed, role_page):
    role_page.open(phone_page, live_server, seed)
    assert_no_serious_axe_violations(phone_page)
    assert_no_sideways_scrolling(phone_page)


@pytest.mark.parametrize("role_page", [p for p in ROLE_PAGES if p.role == "trainer"][:6],
                         ids=lambda p: p.id)  # fmt: skip
def test_no_serious_axe_violations_on_a_desktop(page: Page, live_server, seed, role_page):
    role_page.open(page, live_server, seed)
    assert_no_serious_axe_violations(page)
