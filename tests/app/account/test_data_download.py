"""The data download is complete (feedback answers and skips included) and stable:
two downloads of the same data are the same, byte for byte."""

from __future__ import annotations

import json

from tests.app.account.helpers import post

LIKERT = {"relevant": "5", "clear": "4", "length": "3", "recommend": "2"}


def download(client) -> bytes:
    response = client.get("/account/data.json")
    assert response.status_code == 200
    return response.get_data()


def give_feedback(client, token: str) -> None:
    answers = {
        **LIKERT,
        "confidence_before": "1",
        "confidence_after": "4",
        "helped_most": "HELPED-MOST-ANSWER",
        "would_change": "WOULD-CHANGE-ANSWER",
    }
    assert post(client, "/training/alpha/feedback", token, **answers).status_code == 302


def test_two_downloads_of_the_same_data_are_identical(client, person):
    give_feedback(client, person.token)
    assert post(client, "/training/beta/feedback/skip", person.token).status_code == 302
    first, second = download(client), download(client)
    assert first == second


def test_every_list_is_in_a_fixed_order(client, person):
    data = json.loads(download(client))
    done = [(s["programme_id"], s["module"], s["done_at"]) for s in data["sections_done"]]
    assert done == sorted(done)
    logins = [s["started"] for s in data["log_ins"]]
    assert logins == sorted(logins)


def test_the_download_has_the_feedback_answers(client, person):
    give_feedback(client, person.token)
    [given] = json.loads(download(client))["feedback"]
    assert (given["module"], given["module_version"], given["programme_id"]) == (
        "alpha",
        2,
        person.programme_id,
    )
    assert (
        given["relevant_to_me"],
        given["clear"],
        given["right_length"],
        given["length"],
        given["would_recommend"],
    ) == (5, 4, None, "Too long", 2)
    assert (given["confidence_before"], given["confidence_now"]) == (1, 4)
    assert given["helped_most"] == "HELPED-MOST-ANSWER"
    assert given["would_change"] == "WOULD-CHANGE-ANSWER"
    assert given["submitted_at"] and given["adaptation_revision"] is None


def test_the_download_has_the_feedback_skipped(client, person):
    assert post(client, "/training/beta/feedback/skip", person.token).status_code == 302
    [skipped] = json.loads(download(client))["feedback_skipped"]
    assert (skipped["module"], skipped["module_version"]) == ("beta", 1)
    assert skipped["skipped_at"]


def test_the_download_has_the_reset_links_made_for_them(client, person):
    [link] = json.loads(download(client))["password_reset_links"]
    assert link["created_at"] and link["expires_at"] and link["used_at"] is None
    assert link["made_by_someone_else"] is True
    assert "token" not in json.dumps(link)
