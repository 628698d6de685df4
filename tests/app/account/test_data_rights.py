"""A trainee's data rights: download everything held about them, and delete the
account, leaving anonymous progress behind and nothing personal anywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from mentorhub.extensions import db
from mentorhub.models import (
    Certificate,
    LoginSession,
    ModuleCompletion,
    PasswordReset,
    Programme,
    Reflection,
    SectionProgress,
    User,
)
from tests.app.account.helpers import (
    DISPLAY_NAME,
    EMAIL,
    PERSONAL,
    REFLECTION,
    USERNAME,
    post,
)
from tests.factories import PASSWORD, csrf_token, log_in


def count(app, model, **where) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).filter_by(**where))


def delete_account(client, person, password: str = PASSWORD, token: bool = True):
    return post(client, "/account/delete", person.token if token else None, password=password)


# --- downloading your data ---------------------------------------------------------------


@pytest.fixture
def download(client, person) -> dict:
    response = client.get("/account/data.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="my-mentorhub-data.json"'
    )
    return json.loads(response.get_data(as_text=True))


def test_the_download_has_the_account_fields(download):
    account = download["account"]
    assert {k: account[k] for k in ("username", "display_name", "email", "role", "programme")} == {
        "username": USERNAME,
        "display_name": DISPLAY_NAME,
        "email": EMAIL,
        "role": "trainee",
        "programme": "Angus Peer Mentors",
    }
    assert account["created_at"] and account["last_login_at"]


def test_the_download_has_every_section_done(download, person):
    done = sorted(
        (s["module"], s["section"], s["module_version"]) for s in download["sections_done"]
    )
    assert done == [("alpha", "getting-started", 2), ("alpha", "part-two", 2)]
    assert all(
        s["programme_id"] == person.programme_id and s["done_at"] for s in download["sections_done"]
    )


def test_the_download_has_the_modules_completed(download):
    assert [(m["module"], m["module_version"]) for m in download["modules_completed"]] == [
        ("alpha", 2)
    ]


def test_the_download_has_the_reflections(download):
    [reflection] = download["reflections"]
    assert (reflection["module"], reflection["prompt"], reflection["text"]) == (
        "alpha",
        "part-two/think-about-it",
        REFLECTION,
    )


def test_the_download_has_the_certificates(download, person):
    [certificate] = download["certificates"]
    assert (certificate["code"], certificate["programme_id"], certificate["show_name"]) == (
        person.code,
        person.programme_id,
        True,
    )
    # Both halves of the training the certificate counts: online and in the group.
    assert {"minutes", "group_minutes"} <= certificate.keys()
    assert certificate["group_minutes"] == 0  # no group sessions in this programme


def test_the_download_has_nobody_else_s_data(download):
    assert len(download["sections_done"]) == 2
    assert "Other Trainee" not in json.dumps(download)


def test_the_download_needs_a_log_in(client):
    response = client.get("/account/data.json")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_the_account_page_links_to_download_and_delete(client, person):
    markup = client.get("/account").get_data(as_text=True)
    assert 'href="/account/data.json"' in markup
    assert 'href="/account/delete"' in markup


# --- deleting: refused ----------------------------------------------------------------------


def test_the_delete_page_asks_for_the_password(client, person):
    markup = client.get("/account/delete").get_data(as_text=True)
    assert 'name="password"' in markup and 'type="password"' in markup


def test_a_wrong_password_is_refused_with_a_message(client, person):
    response = delete_account(client, person, password="not my password at all")
    assert response.status_code == 400
    assert "That is not your password." in response.get_data(as_text=True)


def test_a_wrong_password_deletes_nothing(app, client, person):
    delete_account(client, person, password="not my password at all")
    assert count(app, User, id=person.id) == 1
    assert count(app, Reflection, user_id=person.id) == 1
    assert count(app, SectionProgress, user_id=person.id) == 2
    assert client.get("/training").status_code == 200  # still logged in


def test_an_empty_password_is_refused(app, client, person):
    response = delete_account(client, person, password="")
    assert response.status_code == 400
    assert "Type your password to confirm." in response.get_data(as_text=True)
    assert count(app, User, id=person.id) == 1


def test_deleting_without_a_csrf_token_is_refused(app, client, person):
    assert delete_account(client, person, token=False).status_code == 400
    assert count(app, User, id=person.id) == 1


# --- deleting: done -----------------------------------------------------------------------


def test_deleting_logs_out_and_says_so(client, person):
    response = delete_account(client, person)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/").get_data(as_text=True)
    assert "Your account has been deleted. Thank you for taking part." in home
    assert client.get("/training").status_code == 302


def test_after_deleting_the_person_cannot_log_in(app, client, person):
    delete_account(client, person)
    fresh = app.test_client()
    response = fresh.post(
        "/login",
        data={"username": USERNAME, "password": PASSWORD, "csrf_token": csrf_token(fresh)},
    )
    assert response.status_code == 400
    assert count(app, User, username=USERNAME) == 0


def test_deleting_removes_reflections_sessions_and_reset_links(app, client, person):
    delete_account(client, person)
    assert count(app, Reflection) == 0
    assert count(app, LoginSession, user_id=person.id) == 0
    assert count(app, PasswordReset, user_id=person.id) == 0


def test_progress_rows_stay_without_a_user(app, client, person):
    before = (count(app, SectionProgress), count(app, ModuleCompletion))
    delete_account(client, person)
    assert (count(app, SectionProgress), count(app, ModuleCompletion)) == before
    assert count(app, SectionProgress, learner_key=person.learner_key, user_id=None) == 2
    assert count(app, ModuleCompletion, learner_key=person.learner_key, user_id=None) == 1


def test_other_trainees_progress_is_untouched(app, client, person):
    delete_account(client, person)
    assert count(app, SectionProgress, user_id=person.other_id) == 1
    assert count(app, User, id=person.other_id) == 1


def aggregates(app, person) -> dict[str, str]:
    """Module title -> the evaluator's counts (required, not started, in progress, complete)."""
    client = app.test_client()
    log_in(client, SimpleNamespace(username=person.evaluator))
    markup = client.get(f"/programmes/{person.programme_id}").get_data(as_text=True)
    rows = re.findall(r'<tr><th scope="row">([^<]+)</th>(.*?)</tr>', markup, re.S)
    return {title: " ".join(re.sub(r"<[^>]+>", " ", cells).split()) for title, cells in rows}


def test_programme_figures_still_count_a_deleted_learner_s_progress(app, client, person):
    before = aggregates(app, person)
    assert before["Alpha module"] == "Yes 0 1 1"  # the other trainee; the deleted one
    delete_account(client, person)
    after = aggregates(app, person)
    # The completed module must still count: that is why the rows are kept.
    assert after["Alpha module"].split()[-1] == "1"


def test_the_certificate_still_checks_out_but_without_the_name(app, client, person):
    delete_account(client, person)
    response = app.test_client().get(f"/certificates/{person.code}")
    assert response.status_code == 200
    markup = response.get_data(as_text=True)
    assert "This certificate is genuine" in markup
    assert DISPLAY_NAME not in markup


def every_value_in_the_database(app) -> list[tuple[str, str, object]]:
    """(table, column, value) for every non-null value of every table in the database
    (reflected from the database itself, not the models)."""
    found = []
    with app.app_context(), db.engine.connect() as connection:
        metadata = sa.MetaData()
        metadata.reflect(bind=connection)
        assert {"users", "section_progress", "reflections", "certificates"} <= set(metadata.tables)
        for table in metadata.sorted_tables:
            for row in connection.execute(sa.select(table)):
                for column, value in zip(table.columns, row, strict=True):
                    if value is not None:
                        found.append((table.name, column.name, value))
    return found


def test_before_deleting_the_scan_finds_the_personal_data(app, client, person):
    # Proves the scan below can see what it looks for.
    values = " ".join(str(v) for _, _, v in every_value_in_the_database(app)).lower()
    assert all(needle.lower() in values for needle in PERSONAL)


def test_after_deleting_no_personal_field_survives_anywhere(app, client, person):
    assert delete_account(client, person).status_code == 302
    leftovers = [
        (table, column, value)
        for table, column, value in every_value_in_the_database(app)
        if isinstance(value, str | dict | list)
        and any(needle.lower() in str(value).lower() for needle in PERSONAL)
    ]
    assert leftovers == []


def test_after_deleting_no_text_column_mentions_the_person_in_any_form(app, client, person):
    assert delete_account(client, person).status_code == 302
    text_values = [
        str(value).lower()
        for table, column, value in every_value_in_the_database(app)
        if not isinstance(value, int | float | bool)
    ]
    for needle in ("zebedee", "quixotic", "marmalade", "purple elephants"):
        assert not any(needle in value for value in text_values), needle


def test_the_programme_survives_the_deletion(app, client, person):
    delete_account(client, person)
    with app.app_context():
        assert db.session.get(Programme, person.programme_id).name == "Angus Peer Mentors"


def test_deleting_removes_their_kept_certificate_pdf_and_no_one_else_s(app, client, person):
    assert client.get("/training/certificate.pdf").status_code == 200
    other = app.test_client()
    log_in(other, SimpleNamespace(username=person.other_username))
    token = csrf_token(other, "/training")
    assert post(other, "/training/alpha/part-two/done", token).status_code == 302
    assert other.get("/training/certificate.pdf").status_code == 200
    folder = Path(app.instance_path) / "cache" / "certificates"
    with app.app_context():
        ids = dict(db.session.execute(sa.select(Certificate.user_id, Certificate.id)).all())
    theirs, others = ids[person.id], ids[person.other_id]
    assert len(list(folder.glob(f"{theirs}-*.pdf"))) == 1
    assert delete_account(client, person).status_code == 302
    assert [p.name.split("-")[0] for p in folder.iterdir()] == [str(others)]


def test_prune_removes_a_deleted_holder_s_pdf_kept_on_another_server(app, client, person, runner):
    """Deleting the account removes the PDF on the server that deletes it; another
    server's copy goes when that server runs `flask certificates prune` (daily)."""
    assert client.get("/training/certificate.pdf").status_code == 200
    other = app.test_client()
    log_in(other, SimpleNamespace(username=person.other_username))
    token = csrf_token(other, "/training")
    assert post(other, "/training/alpha/part-two/done", token).status_code == 302
    assert other.get("/training/certificate.pdf").status_code == 200
    folder = Path(app.instance_path) / "cache" / "certificates"
    kept = {path: path.read_bytes() for path in folder.iterdir()}
    assert delete_account(client, person).status_code == 302
    for path, data in kept.items():  # as another server's folder still has them
        path.write_bytes(data)
    result = runner.invoke(args=["certificates", "prune"])
    assert result.exit_code == 0, result.output
    assert "Removed the kept PDFs of 1 certificate(s)" in result.output
    with app.app_context():
        others = db.session.scalar(
            sa.select(Certificate.id).where(Certificate.user_id == person.other_id)
        )
    assert [p.name.split("-")[0] for p in folder.iterdir()] == [str(others)]
