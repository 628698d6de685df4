"""The certificate PDF is drawn once and kept on disk: a repeat download sends the kept
file; anything printed on it that changes gives a new PDF at once (and the old file
goes); nobody is ever sent another person's; a person's kept PDFs go with their data."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from jinja2 import ChoiceLoader, DictLoader

import mentorhub.certificates.views as certificate_views
import mentorhub.learning.certificate_files as certificate_files
from mentorhub.extensions import db
from mentorhub.models import Certificate, ModuleCompletion, Programme, User
from tests.factories import FIXTURES, csrf_token, edit_file, log_in, make_programme, make_user

NAME = "Morven Quillfeather"
PDF = "/training/certificate.pdf"


@pytest.fixture
def app_config(app_config, tmp_path):
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The HTML of every certificate WeasyPrint draws."""
    seen: list[str] = []
    real = certificate_views.render_pdf

    def spy(html, stylesheet):
        seen.append(html)
        return real(html, stylesheet)

    monkeypatch.setattr(certificate_views, "render_pdf", spy)
    return seen


def certified(
    app,
    programme_id: int | None = None,
    name: str = NAME,
    programme_name: str = "Fife Peer Mentors",
) -> SimpleNamespace:
    """A trainee who has finished alpha (the one required module), logged in."""
    with app.app_context():
        if programme_id is None:
            modules = app.extensions["mentorhub.catalogue"].modules
            programme = make_programme(
                modules, name=programme_name, partner_organisation="Kingdom Youth Trust"
            )
        else:
            programme = db.session.get(Programme, programme_id)
        user = make_user(programme=programme, display_name=name)
        person = SimpleNamespace(id=user.id, username=user.username, programme_id=programme.id)
    person.client = app.test_client()
    log_in(person.client, person)
    token = csrf_token(person.client, "/training")
    for section in ("getting-started", "part-two"):
        done = person.client.post(f"/training/alpha/{section}/done", data={"csrf_token": token})
        assert done.status_code == 302
    return person


@pytest.fixture
def trainee(app) -> SimpleNamespace:
    return certified(app)


def folder(app) -> Path:
    return Path(app.instance_path) / "cache" / "certificates"


def kept(app) -> list[str]:
    return sorted(p.name for p in folder(app).glob("*")) if folder(app).exists() else []


def certificate_id(app, person) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(Certificate.id).where(Certificate.user_id == person.id))


def download(person, **kwargs):
    response = person.client.get(PDF, **kwargs)
    assert response.status_code == 200, response.status_code
    assert response.data.startswith(b"%PDF")
    return response


# --- kept ---------------------------------------------------------------------------------


def test_the_first_download_is_drawn_and_kept(app, trainee, drawn):
    response = download(trainee)
    assert len(drawn) == 1
    [name] = kept(app)
    assert name.startswith(f"{certificate_id(app, trainee)}-") and name.endswith(".pdf")
    assert (folder(app) / name).read_bytes() == response.data


def test_a_repeat_download_sends_the_kept_pdf_without_drawing_it(app, trainee, drawn):
    first = download(trainee)
    second = download(trainee)
    assert len(drawn) == 1
    assert second.data == first.data
    assert second.headers["Content-Disposition"] == first.headers["Content-Disposition"]


def test_the_pdf_is_private_and_asked_for_again_each_time(trainee):
    response = download(trainee)
    assert response.cache_control.private and response.cache_control.no_cache
    assert not response.cache_control.public
    assert response.headers["ETag"].startswith('W/"')


def test_a_browser_holding_the_same_pdf_is_told_it_has_not_changed(trainee, drawn):
    etag = download(trainee).headers["ETag"]
    response = trainee.client.get(PDF, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.data == b""
    assert len(drawn) == 1


def test_a_browser_holding_an_older_pdf_gets_the_new_one(app, trainee):
    etag = download(trainee).headers["ETag"]
    rename(app, trainee, "Morven Q. Quillfeather")
    response = trainee.client.get(PDF, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


# --- anything printed that changes gives a new PDF ----------------------------------------


def rename(app, person, name: str) -> None:
    with app.app_context():
        db.session.get(User, person.id).display_name = name
        db.session.commit()


def change_programme(app, person, **values) -> None:
    with app.app_context():
        programme = db.session.get(Programme, person.programme_id)
        for field, value in values.items():
            setattr(programme, field, value)
        db.session.commit()


def change_certificate(app, person, **values) -> None:
    with app.app_context():
        db.session.execute(
            sa.update(Certificate).where(Certificate.user_id == person.id).values(**values)
        )
        db.session.commit()


def change_completion_date(app, person) -> None:
    with app.app_context():
        db.session.execute(
            sa.update(ModuleCompletion)
            .where(ModuleCompletion.user_id == person.id)
            .values(completed_at=datetime(2025, 3, 14, 12, 0))
        )
        db.session.commit()


def retitle_alpha(app, person) -> None:
    path = Path(app.config["CONTENT_DIR"]) / "modules" / "alpha.md"
    edit_file(path, "title: Alpha module", "title: Alpha, retold")


def reword_template(app, person) -> None:
    source = app.jinja_loader.get_source(app.jinja_env, "certificates/pdf.html")[0]
    reworded = source.replace("Certificate of training", "Certificate of peer mentor training")
    app.jinja_env.loader = ChoiceLoader(
        [DictLoader({"certificates/pdf.html": reworded}), app.jinja_env.loader]
    )
    app.jinja_env.cache.clear()


def restyle(app, person) -> None:
    static = Path(app.config["CONTENT_DIR"]).parent / "static"
    shutil.copytree(app.static_folder, static)
    with (static / "css" / "certificate.css").open("a") as css:
        css.write("h1 { color: #5a2d82; }\n")
    app.static_folder = str(static)


def new_build_version(monkeypatch) -> None:
    monkeypatch.setattr(certificate_files, "BUILD_VERSION", "test-next")


CHANGES = {
    "the name shown": (lambda app, p, mp: rename(app, p, "Morven Q. Quillfeather"), "Morven Q."),
    "the programme": (
        lambda app, p, mp: change_programme(app, p, name="Fife Peer Mentoring"),
        "Fife Peer Mentoring",
    ),
    "the partner": (
        lambda app, p, mp: change_programme(app, p, partner_organisation="Kingdom Youth"),
        "run by Kingdom Youth<",
    ),
    "a module's title": (lambda app, p, mp: retitle_alpha(app, p), "Alpha, retold"),
    "a module's completion date": (lambda app, p, mp: change_completion_date(app, p), "14 March"),
    "the online minutes": (lambda app, p, mp: change_certificate(app, p, minutes=95), "1 hour"),
    "the module count": (
        lambda app, p, mp: change_certificate(app, p, module_count=7),
        "7 modules",
    ),
    "the group minutes": (
        lambda app, p, mp: change_certificate(app, p, group_minutes=120),
        "of group sessions attended",
    ),
    "the issue date": (
        lambda app, p, mp: change_certificate(app, p, issued_at=datetime(2025, 1, 2, 9, 0)),
        "Issued 2 January 2025",
    ),
    "the code": (lambda app, p, mp: change_certificate(app, p, code="ZZZZ-YYYY-XXXX"), "ZZZZ-YYYY"),
    "the template": (lambda app, p, mp: reword_template(app, p), "Certificate of peer mentor"),
    "the stylesheet": (lambda app, p, mp: restyle(app, p), None),
    "how it is drawn": (lambda app, p, mp: new_build_version(mp), None),
}


@pytest.mark.parametrize("what", list(CHANGES))
def test_a_change_to_what_is_printed_gives_a_new_pdf_at_once(
    app, trainee, drawn, monkeypatch, what
):
    change, printed = CHANGES[what]
    first = download(trainee)
    [old_file] = kept(app)
    change(app, trainee, monkeypatch)
    second = download(trainee)
    assert len(drawn) == 2, "drawn again"
    if printed is not None:
        assert printed not in drawn[0] and printed in drawn[1]
    assert second.headers["ETag"] != first.headers["ETag"]
    [new_file] = kept(app)  # the old version is gone: one file per certificate
    assert new_file != old_file
    assert (folder(app) / new_file).read_bytes() == second.data


def test_the_address_that_checks_it_is_part_of_what_is_kept(app, trainee, drawn):
    download(trainee)
    response = trainee.client.get(PDF, base_url="https://localhost")
    assert response.status_code == 200
    assert len(drawn) == 2
    assert "https://localhost/certificates/" in drawn[1]


# --- never another person's ------------------------------------------------------------


def test_two_trainees_each_get_their_own_pdf_warm_and_cold(app, trainee, drawn):
    other = certified(app, programme_id=trainee.programme_id, name="Isla Brackenridge")
    stranger = certified(app, name="Calum Drummond", programme_name="Angus Peer Mentors")
    people = (trainee, other, stranger)
    cold = [download(p).data for p in people]
    warm = [download(p).data for p in people]
    assert len(drawn) == 3
    names = (NAME, "Isla Brackenridge", "Calum Drummond")
    for person, name, html, data in zip(people, names, drawn, cold, strict=True):
        assert name in html
        [file] = folder(app).glob(f"{certificate_id(app, person)}-*.pdf")
        assert file.read_bytes() == data
    assert cold == warm
    assert len(set(cold)) == 3


def test_one_trainee_s_etag_does_not_fit_another_s_pdf(app, trainee):
    other = certified(app, programme_id=trainee.programme_id, name="Isla Brackenridge")
    etag = download(trainee).headers["ETag"]
    response = other.client.get(PDF, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")


def test_a_trainer_or_visitor_never_gets_a_kept_pdf(app, trainee):
    download(trainee)
    with app.app_context():
        programme = db.session.get(Programme, trainee.programme_id)
        trainer = make_user(role="trainer", trainer_of=[programme]).username
    client = app.test_client()
    log_in(client, SimpleNamespace(username=trainer))
    assert client.get(PDF).status_code == 403
    assert app.test_client().get(PDF).status_code in (302, 401)


# --- when the folder cannot be written ------------------------------------------------------


def test_an_unwritable_folder_still_gives_the_pdf_from_memory(app, trainee, drawn):
    folder(app).parent.mkdir(parents=True, exist_ok=True)
    folder(app).write_text("a file where the folder should be")
    first = download(trainee)
    second = download(trainee)
    assert len(drawn) == 2  # nothing could be kept: drawn each time
    assert first.headers["Content-Disposition"] == second.headers["Content-Disposition"]
