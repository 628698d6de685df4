"""Certificates: earned only by finishing every required module; a PDF; a public
page that says whether a code is genuine, without the holder's name unless they
chose to show it."""

from __future__ import annotations

import re
import shutil
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

import mentorhub.certificates.views as certificate_views
from mentorhub.extensions import db
from mentorhub.learning.join_codes import ALPHABET
from mentorhub.models import Certificate
from mentorhub.models.base import utcnow
from tests.factories import FIXTURES, csrf_token, log_in, make_programme, make_user

CODE_RE = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")
NAME = "Morven Quillfeather"


@pytest.fixture
def app_config(app_config, tmp_path):
    """Fixture content: alpha (core, two parts) is required; beta is optional."""
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.fixture
def trainee(app, client) -> SimpleNamespace:
    with app.app_context():
        modules = app.extensions["mentorhub.catalogue"].modules
        programme = make_programme(
            modules, name="Fife Peer Mentors", partner_organisation="Kingdom Youth Trust"
        )
        user = make_user(programme=programme, display_name=NAME)
        person = SimpleNamespace(id=user.id, username=user.username, programme_id=programme.id)
    log_in(client, person)
    person.token = csrf_token(client, "/training")
    return person


def mark_done(client, trainee, module_id: str, section_id: str) -> None:
    response = client.post(
        f"/training/{module_id}/{section_id}/done", data={"csrf_token": trainee.token}
    )
    assert response.status_code == 302


@pytest.fixture
def earned(client, trainee) -> SimpleNamespace:
    """The trainee has finished alpha, the one required module (beta, optional, not)."""
    mark_done(client, trainee, "alpha", "getting-started")
    mark_done(client, trainee, "alpha", "part-two")
    return trainee


def certificates(app) -> list[Certificate]:
    with app.app_context():
        rows = db.session.scalars(sa.select(Certificate)).all()
        db.session.expunge_all()
        return rows


def the_code(app) -> str:
    [certificate] = certificates(app)
    return certificate.code


def set_visibility(client, trainee, show: str, token: bool = True):
    data = {"show_name": show}
    if token:
        data["csrf_token"] = trainee.token
    return client.post("/training/certificate/visibility", data=data)


# --- not earned yet -------------------------------------------------------------------


def test_before_finishing_the_certificate_page_says_it_is_not_ready(app, client, trainee):
    response = client.get("/training/certificate")
    assert response.status_code == 200
    assert "Your certificate will be ready when you have finished every required module." in (
        response.get_data(as_text=True)
    )
    assert certificates(app) == []


def test_before_finishing_the_pdf_is_not_found(app, client, trainee):
    assert client.get("/training/certificate.pdf").status_code == 404
    assert certificates(app) == []


def test_a_required_module_half_done_is_not_enough(app, client, trainee):
    mark_done(client, trainee, "alpha", "getting-started")
    mark_done(client, trainee, "beta", "only-section")
    assert client.get("/training/certificate.pdf").status_code == 404
    assert "will be ready when" in client.get("/training/certificate").get_data(as_text=True)


def test_my_training_offers_no_certificate_before_it_is_earned(client, trainee):
    assert "Get your certificate" not in client.get("/training").get_data(as_text=True)


def test_changing_visibility_without_a_certificate_is_not_found(client, trainee):
    assert set_visibility(client, trainee, "yes").status_code == 404


def test_the_certificate_pages_are_for_trainees(app):
    with app.app_context():
        username = make_user(role="trainer").username
    client = app.test_client()
    log_in(client, SimpleNamespace(username=username))
    assert client.get("/training/certificate").status_code == 403
    assert client.get("/training/certificate.pdf").status_code == 403


# --- earned ---------------------------------------------------------------------------


def test_finishing_the_required_modules_offers_the_certificate_on_my_training(client, earned):
    markup = client.get("/training").get_data(as_text=True)
    assert "You have finished all your required modules" in markup
    assert 'href="/training/certificate"' in markup


def test_the_certificate_page_shows_its_code_and_the_download(app, client, earned):
    markup = client.get("/training/certificate").get_data(as_text=True)
    code = the_code(app)
    assert CODE_RE.match(code)
    assert f"<strong>{code}</strong>" in markup
    assert f"/certificates/{code}" in markup
    assert 'href="/training/certificate.pdf"' in markup


def test_the_certificate_records_programme_and_required_module_count(app, client, earned):
    client.get("/training/certificate")
    [certificate] = certificates(app)
    assert (certificate.user_id, certificate.programme_id) == (earned.id, earned.programme_id)
    assert (certificate.module_count, certificate.minutes) == (1, 20)
    assert certificate.show_name is False and certificate.holder_name is None


def test_visiting_again_keeps_the_same_certificate(app, client, earned):
    client.get("/training/certificate")
    code = the_code(app)
    client.get("/training/certificate")
    client.get("/training/certificate.pdf")
    assert [c.code for c in certificates(app)] == [code]


def test_the_pdf_downloads_as_a_pdf(app, client, earned):
    response = client.get("/training/certificate.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert len(response.data) > 5_000
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="certificate-{the_code(app)}.pdf"'
    )


def test_the_pdf_is_made_from_the_name_programme_modules_and_code(app, client, earned, monkeypatch):
    seen = []
    real = certificate_views.render_pdf

    def spy(html, stylesheet):
        seen.append(html)
        return real(html, stylesheet)

    monkeypatch.setattr(certificate_views, "render_pdf", spy)
    assert client.get("/training/certificate.pdf").data.startswith(b"%PDF")
    [html] = seen
    code = the_code(app)
    for expected in (
        NAME,
        "Fife Peer Mentors",
        "Kingdom Youth Trust",
        "Alpha module",
        f"Verification code: <strong>{code}</strong>",
        f"http://localhost/certificates/{code}",
        utcnow().strftime("Issued %-d %B %Y"),
    ):
        assert expected in html, expected
    assert "Beta module" not in html  # optional and not done


# --- checking a certificate in public ------------------------------------------------


@pytest.fixture
def code(app, client, earned) -> str:
    client.get("/training/certificate")
    return the_code(app)


def verify(app, code: str):
    return app.test_client().get(f"/certificates/{code}")  # nobody logged in


def test_anyone_can_check_a_certificate_is_genuine(app, code):
    response = verify(app, code)
    assert response.status_code == 200
    markup = response.get_data(as_text=True)
    assert "This certificate is genuine" in markup
    assert "Fife Peer Mentors, run by Kingdom Youth Trust" in markup
    assert f"<dd>{utcnow().strftime('%-d %B %Y')}</dd>" in markup
    assert "<dt>Modules completed</dt><dd>1 (20 minutes online)</dd>" in markup


def test_the_public_check_shows_the_group_sessions_attended(app, code):
    assert "Group sessions" not in verify(app, code).get_data(as_text=True)  # none attended
    with app.app_context():
        db.session.execute(sa.update(Certificate).values(group_minutes=840))
        db.session.commit()
    markup = verify(app, code).get_data(as_text=True)
    assert "<dt>Group sessions</dt><dd>14 hours attended</dd>" in markup


def test_the_public_check_does_not_show_the_name_by_default(app, code):
    markup = verify(app, code).get_data(as_text=True)
    assert NAME not in markup
    assert "Awarded to" not in markup


def test_the_code_may_be_typed_in_lower_case(app, code):
    assert "This certificate is genuine" in verify(app, code.lower()).get_data(as_text=True)


def test_showing_the_name_puts_it_on_the_public_check(app, client, earned, code):
    response = set_visibility(client, earned, "yes")
    assert response.status_code == 302
    markup = verify(app, code).get_data(as_text=True)
    assert f"<dt>Awarded to</dt><dd>{NAME}</dd>" in markup
    assert "They will also see your name." in client.get("/training/certificate").get_data(
        as_text=True
    )


def test_hiding_the_name_again_removes_it(app, client, earned, code):
    set_visibility(client, earned, "yes")
    set_visibility(client, earned, "no")
    assert NAME not in verify(app, code).get_data(as_text=True)
    [certificate] = certificates(app)
    assert certificate.show_name is False
    assert certificate.holder_name is None  # not kept while hidden


def test_changing_visibility_without_a_csrf_token_is_refused(app, client, earned, code):
    assert set_visibility(client, earned, "yes", token=False).status_code == 400
    assert NAME not in verify(app, code).get_data(as_text=True)


@pytest.mark.parametrize("unknown", ["ABCD-EFGH-JKMN", "nonsense", "<i>x"])
def test_an_unknown_code_is_404_with_a_clear_message(app, code, unknown):
    response = verify(app, unknown)
    assert response.status_code == 404
    markup = response.get_data(as_text=True)
    assert "We have no certificate with the code" in markup
    assert "This certificate is genuine" not in markup
    assert "<i>x" not in markup  # the typed code is shown escaped
