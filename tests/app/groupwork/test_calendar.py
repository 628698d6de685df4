"""Calendar files: one session to download, a private feed a phone subscribes to
(read back with icalendar), and "I can't come"."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from mentorhub.extensions import db
from mentorhub.models import AbsenceNotice
from tests.app.groupwork.helpers import add_session, parse_ics


def test_a_session_downloads_as_a_calendar_file_in_london_time(app, world, jo):
    day = date.today() + timedelta(days=7)
    session_id = add_session(app, world.a, days=7, title="Boundaries", venue="Clyde hub",
                             trainee_note="Bring a notebook.")  # fmt: skip
    response = jo.get(f"/training/sessions/{session_id}.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    (event,) = parse_ics(response.data)
    assert str(event["SUMMARY"]) == "Boundaries"
    assert str(event["LOCATION"]) == "Clyde hub"
    assert "Bring a notebook." in str(event["DESCRIPTION"])
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.date(), start.time(), end.time()) == (day, time(18), time(20))
    assert str(start.tzinfo) == "Europe/London"
    assert event["STATUS"] == "CONFIRMED"


def test_the_calendar_file_carries_its_timezone(app, world, jo):
    session_id = add_session(app, world.a, days=7)
    body = jo.get(f"/training/sessions/{session_id}.ics").get_data(as_text=True)
    assert "BEGIN:VTIMEZONE" in body and "TZID:Europe/London" in body
    assert "DTSTART;TZID=Europe/London:" in body
    assert len(body) < 20_000  # only the years the sessions need


def feed_url(client) -> str:
    page = client.get("/training/calendar").get_data(as_text=True)
    match = re.search(r"http://localhost(/training/calendar/[A-Za-z0-9_-]+\.ics)", page)
    return match.group(1) if match else ""


def test_a_private_feed_lists_every_session_and_follows_changes(app, world, jo, trainer):
    assert feed_url(jo) == ""
    jo.post("/training/calendar/address", data={"csrf_token": jo.token})
    url = feed_url(jo)
    assert url
    first = add_session(app, world.a, days=7, title="One")
    add_session(app, world.a, days=14, title="Two")
    add_session(app, world.b, days=7, title="Someone else's")
    phone = app.test_client()  # a phone's calendar: no log-in
    events = parse_ics(phone.get(url).data)
    assert sorted(str(e["SUMMARY"]) for e in events) == ["One", "Two"]
    trainer.post(f"/programmes/{world.a}/sessions/{first}/cancel",
                 data={"csrf_token": trainer.token})  # fmt: skip
    events = {str(e["UID"]): e for e in parse_ics(phone.get(url).data)}
    cancelled = [e for e in events.values() if e["STATUS"] == "CANCELLED"]
    assert len(cancelled) == 1 and str(cancelled[0]["SUMMARY"]) == "Cancelled: One"
    assert int(cancelled[0]["SEQUENCE"]) == 1


def test_resetting_the_address_stops_the_old_one(app, world, jo):
    jo.post("/training/calendar/address", data={"csrf_token": jo.token})
    old = feed_url(jo)
    jo.post("/training/calendar/address", data={"csrf_token": jo.token})
    new = feed_url(jo)
    phone = app.test_client()
    assert new != old
    assert phone.get(old).status_code == 404
    assert phone.get(new).status_code == 200


def test_an_unknown_feed_token_is_not_found(app, world):
    phone = app.test_client()
    for token in ("nope", "x" * 200, "%00"):
        assert phone.get(f"/training/calendar/{token}.ics").status_code == 404


def notices(app) -> list[tuple[int, str]]:
    with app.app_context():
        return [(n.user_id, n.reason) for n in db.session.query(AbsenceNotice).all()]


def test_i_cant_come_with_a_reason_the_trainer_sees(app, world, jo, trainer):
    session_id = add_session(app, world.a, days=3)
    response = jo.post(f"/training/sessions/{session_id}/cant-come",
                       data={"csrf_token": jo.token, "reason": "Hospital appointment"})  # fmt: skip
    assert response.status_code == 302
    assert notices(app) == [(world.ids["jo"], "Hospital appointment")]
    page = jo.get(f"/training/sessions/{session_id}").get_data(as_text=True)
    assert "You told your trainer you can't come" in page
    listing = trainer.get(f"/programmes/{world.a}/sessions").get_data(as_text=True)
    assert "Said they can't come:" in listing and "Jo: “Hospital appointment”" in listing
    assert jo.post(f"/training/sessions/{session_id}/can-come",
                   data={"csrf_token": jo.token}).status_code == 302  # fmt: skip
    assert notices(app) == []


def test_a_reason_too_long_is_kept_with_a_message(app, world, jo):
    session_id = add_session(app, world.a, days=3)
    response = jo.post(f"/training/sessions/{session_id}/cant-come",
                       data={"csrf_token": jo.token, "reason": "r" * 600})  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please keep it under 500 characters." in page and "r" * 600 in page
    assert notices(app) == []


def test_no_cant_come_once_a_session_has_started(app, world, jo):
    session_id = add_session(app, world.a, days=-1)
    response = jo.post(f"/training/sessions/{session_id}/cant-come",
                       data={"csrf_token": jo.token})  # fmt: skip
    assert response.status_code == 400
    assert "already started" in response.get_data(as_text=True)
    assert notices(app) == []


def test_a_trainee_cannot_open_another_programmes_session(app, world, jo):
    other = add_session(app, world.b, days=3)
    assert jo.get(f"/training/sessions/{other}").status_code == 404
    assert jo.get(f"/training/sessions/{other}.ics").status_code == 404
    response = jo.post(f"/training/sessions/{other}/cant-come", data={"csrf_token": jo.token})
    assert response.status_code == 404
