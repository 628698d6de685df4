"""Seminar pages, downloads and the expression-of-interest form."""

from __future__ import annotations

import io
import os
import re
import shutil
import zipfile
from datetime import timedelta
from urllib.parse import quote

import pytest

from mentorhub.extensions import db
from mentorhub.models import InterestExpression
from mentorhub.models.base import utcnow
from tests.factories import FIXTURES, csrf_token, edit_file, log_in, make_user
from tests.pages import field_error, field_value

EVENT = "/seminar/spring-event"


def get(client, url, **kwargs):
    """GET and close the response (file downloads hold the file open until then)."""
    response = client.get(url, **kwargs)
    response.get_data()
    response.close()
    return response


@pytest.fixture
def app_config(app_config, tmp_path):
    """The fixture content in a folder the test may change."""
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return {**app_config, "CONTENT_DIR": str(tmp_path / "content")}


@pytest.fixture
def event_dir(app_config):
    return os.path.join(app_config["CONTENT_DIR"], "seminar", "spring-event")


def test_events_are_listed_newest_first_and_past_ones_stay(client):
    html = get(client, "/seminar").get_data(as_text=True)
    assert html.index("Spring test seminar") < html.index("An older seminar")
    assert "(past event)" in html


def test_event_page_shows_date_venue_agenda_and_materials(client):
    html = get(client, EVENT).get_data(as_text=True)
    assert "Thursday 1 April 2027, 10:00 to 15:00" in html
    assert "A test venue" in html and "Why we meet" in html
    # The agenda item links its materials.
    assert f'href="{EVENT}/findings"' in html
    assert f'href="{EVENT}/files/planner.csv"' in html
    # Each material: title, type, format, size, summary, download.
    assert "Report summary" in html and "Form" in html
    assert "Format</dt><dd>PDF" in html and "Format</dt><dd>CSV" in html
    assert "Size</dt><dd>49 bytes" in html  # a file's size is known at once
    assert "A spreadsheet to plan with." in html
    assert f'href="{EVENT}/findings.pdf"' in html
    assert f'href="{EVENT}/all-materials.zip"' in html


def test_the_event_page_builds_nothing_and_shows_a_pdf_size_once_built(app, event_dir):
    from pathlib import Path

    cache = Path(app.instance_path) / "cache" / "seminar"
    html = get(app.test_client(), EVENT).get_data(as_text=True)
    assert html.count("Size</dt>") == 1  # the CSV's; the PDF is not built yet
    assert not list(cache.glob("*.pdf"))
    get(app.test_client(), f"{EVENT}/findings.pdf")
    logged_in = app.test_client()  # logged-in pages are never served from the page cache
    with app.app_context():
        log_in(logged_in, make_user("trainee"))
    html = get(logged_in, EVENT).get_data(as_text=True)
    assert re.search(r"Size</dt><dd>\d+(\.\d)? KB", html) and html.count("Size</dt>") == 2


def test_markdown_material_is_a_page_with_a_pdf_link_and_sanitised(client):
    response = get(client, f"{EVENT}/findings")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<h2>What we found</h2>" in html
    assert "<script>alert" not in html
    assert f'href="{EVENT}/findings.pdf"' in html and "Download PDF" in html


def test_pdf_download(client, app):
    response = get(client, f"{EVENT}/findings.pdf")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=findings.pdf"
    assert int(response.headers["Content-Length"]) == len(response.data)
    assert response.headers["ETag"] and response.headers["Last-Modified"]
    cached = list(
        (app.instance_path and __import__("pathlib").Path(app.instance_path)).glob(
            "cache/seminar/*.pdf"
        )
    )
    assert len(cached) == 1  # built once, kept on disk


def test_pdf_is_built_once_per_content_version(client, app, event_dir):
    from pathlib import Path

    first = get(client, f"{EVENT}/findings.pdf").headers["ETag"]
    assert get(client, f"{EVENT}/findings.pdf").headers["ETag"] == first
    edit_file(Path(event_dir) / "findings.md", "Peer mentoring helps.", "It helps a lot.")
    assert get(client, f"{EVENT}/findings.pdf").headers["ETag"] != first
    assert len(list(Path(app.instance_path).glob("cache/seminar/*.pdf"))) == 2


def test_file_download_is_the_file_as_it_is(client, event_dir):
    response = get(client, f"{EVENT}/files/planner.csv")
    assert response.status_code == 200
    with open(os.path.join(event_dir, "planner.csv"), "rb") as file:
        assert response.data == file.read()
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == "attachment; filename=planner.csv"


@pytest.mark.parametrize("url", [f"{EVENT}/files/planner.csv", f"{EVENT}/findings.pdf"])
def test_conditional_requests_get_304(client, url):
    first = get(client, url)
    again = get(client, url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    since = get(client, url, headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


@pytest.mark.parametrize(
    "url", [f"{EVENT}/files/planner.csv", f"{EVENT}/findings.pdf", f"{EVENT}/all-materials.zip"]
)
def test_range_requests_get_206(client, url):
    whole = get(client, url).data
    part = get(client, url, headers={"Range": "bytes=0-9"})
    assert part.status_code == 206
    assert part.data == whole[:10]
    assert part.headers["Content-Range"] == f"bytes 0-9/{len(whole)}"


def test_zip_has_every_file_every_pdf_and_a_readme(client):
    response = get(client, f"{EVENT}/all-materials.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "spring-event-materials.zip" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    assert sorted(archive.namelist()) == ["README.txt", "findings.pdf", "planner.csv"]
    assert archive.read("findings.pdf").startswith(b"%PDF")
    readme = archive.read("README.txt").decode()
    assert "findings.pdf: The findings" in readme and "planner.csv: Planning template" in readme


def test_zip_is_built_once_and_served_like_a_static_file(client):
    first = get(client, f"{EVENT}/all-materials.zip")
    again = get(
        client, f"{EVENT}/all-materials.zip", headers={"If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/files/../index.md",
        "/files/..%2Findex.md",
        "/files/..%252Findex.md",
        "/files/%2e%2e%2fmaterials.yml",
        "/files/%252e%252e%252fmaterials.yml",
        "/files/..",
        "/files/%2Fetc%2Fpasswd",
        "/files//etc/passwd",
        "/files/..%5C..%5Cconfig.py",
        "/files/..\\..\\config.py",
        "/files/planner.csv%00.pdf",
        "/files/index.md",
        "/files/materials.yml",
        "/files/findings.md",
        "/files/outside.txt",
        "/../../config.py",
        "/%2e%2e/%2e%2e/config.py",
        "/findings.md",
        "/index",
        "/index.pdf",
        "/planner.pdf",
    ],
)
def test_path_traversal_and_undescribed_files_are_not_found(client, path):
    assert get(client, EVENT + path).status_code == 404


def test_a_symlink_inside_the_event_folder_is_never_followed(client, event_dir, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    os.symlink(secret, os.path.join(event_dir, "outside.txt"))
    os.symlink(secret, os.path.join(event_dir, "linked.csv"))
    with open(os.path.join(event_dir, "materials.yml"), "a") as listing:
        listing.write("- file: linked.csv\n  title: Linked\n  type: other\n  summary: x\n")
    for url in (f"{EVENT}/files/outside.txt", f"{EVENT}/files/linked.csv"):
        response = get(client, url)
        assert response.status_code == 404
        assert b"TOP SECRET" not in response.data
    zipped = zipfile.ZipFile(io.BytesIO(get(client, f"{EVENT}/all-materials.zip").data))
    assert "linked.csv" not in zipped.namelist() and "outside.txt" not in zipped.namelist()


@pytest.mark.parametrize(
    "url",
    [
        "/seminar/nope",
        "/seminar/nope/findings",
        f"{EVENT}/nope",
        f"{EVENT}/nope.pdf",
        "/seminar/nope/all-materials.zip",
    ],
)
def test_unknown_events_and_materials_are_404(client, url):
    assert get(client, url).status_code == 404


# --- expression of interest ---

GOOD = {
    "organisation": "Fife Youth Trust",
    "local_authority": "fife",
    "name": "Sam Rae",
    "email": "sam@example.org",
    "role": "Throughcare worker",
    "interest": "pilot",
    "message": "We would like to pilot this.",
}


def post_interest(client, **changes):
    data = {**GOOD, **changes, "csrf_token": csrf_token(client, "/seminar/interest")}
    return client.post("/seminar/interest", data=data)


def stored(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [
            (r.organisation, r.interest) for r in db.session.scalars(db.select(InterestExpression))
        ]


def test_interest_form_says_how_long_details_are_kept(client):
    assert "We keep them for up to 12 months" in get(client, "/seminar/interest").get_data(
        as_text=True
    )


def test_interest_is_stored_and_confirmed(client, app):
    response = post_interest(client)
    assert (
        response.status_code == 302 and response.headers["Location"] == "/seminar/interest/thanks"
    )
    assert "Thank you" in get(client, "/seminar/interest/thanks").get_data(as_text=True)
    assert stored(app) == [("Fife Youth Trust", "pilot")]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("organisation", "", "Enter the name of your organisation."),
        ("local_authority", "atlantis", "Not a valid choice"),
        ("email", "not-an-email", "Enter an email address like"),
        ("interest", "", "Choose what you are interested in."),
        ("message", "x" * 2001, "Please keep it under 2,000 characters."),
    ],
)
def test_bad_values_come_back_beside_the_field_with_what_was_typed(
    client, app, field, value, message
):
    response = post_interest(client, **{field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html
    if field != "interest":
        assert message in field_error(html, field)
    else:
        assert message in html
    assert field_value(html, "name") == "Sam Rae"
    assert stored(app) == []


def test_the_honeypot_quietly_drops_bots(client, app):
    response = post_interest(client, website="http://spam.example")
    assert response.status_code == 302
    assert stored(app) == []


def test_interest_posts_are_rate_limited_per_address(client):
    statuses = [post_interest(client, organisation=f"Org {n}").status_code for n in range(11)]
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429


def test_interest_form_needs_csrf(client):
    assert client.post("/seminar/interest", data=GOOD).status_code == 400


def test_admins_list_filter_and_export_interest(client, app):
    post_interest(client)
    post_interest(
        client, organisation="Glasgow Trust", local_authority="glasgow-city", interest="informed"
    )
    admin = app.test_client()
    with app.app_context():
        log_in(admin, make_user("admin"))
    everything = get(admin, "/admin/interest").get_data(as_text=True)
    assert "Fife Youth Trust" in everything and "Glasgow Trust" in everything
    only_fife = get(admin, "/admin/interest?local_authority=fife").get_data(as_text=True)
    assert "Fife Youth Trust" in only_fife and "Glasgow Trust" not in only_fife
    only_informed = get(admin, "/admin/interest?interest=informed").get_data(as_text=True)
    assert "Glasgow Trust" in only_informed and "Fife Youth Trust" not in only_informed
    csv = get(admin, "/admin/interest.csv?interest=pilot")
    assert csv.mimetype == "text/csv"
    lines = csv.get_data(as_text=True).strip().splitlines()
    assert lines[0].startswith("created_at,organisation,local_authority")
    assert len(lines) == 2 and "Fife Youth Trust" in lines[1] and "Fife" in lines[1]


def test_hostile_text_in_interest_is_shown_escaped_and_csv_safe(client, app):
    post_interest(client, organisation='=HYPERLINK("x")', message="<script>alert(1)</script>")
    admin = app.test_client()
    with app.app_context():
        log_in(admin, make_user("admin"))
    html = get(admin, "/admin/interest").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "'=HYPERLINK" in get(admin, "/admin/interest.csv").get_data(as_text=True)


def test_purge_removes_only_old_expressions(client, app, runner):
    post_interest(client)
    post_interest(client, organisation="Old Org")
    with app.app_context():
        old = db.session.scalar(db.select(InterestExpression).filter_by(organisation="Old Org"))
        old.created_at = utcnow() - timedelta(days=400)
        db.session.commit()
    result = runner.invoke(args=["interest", "purge", "--older-than", "365"])
    assert result.exit_code == 0 and "Deleted 1 " in result.output
    assert stored(app) == [("Fife Youth Trust", "pilot")]


def test_check_reports_seminar_problems(runner, app_config):
    from pathlib import Path

    event = Path(app_config["CONTENT_DIR"]) / "seminar" / "spring-event"
    (event / "findings.md").write_text((event / "findings.md").read_text().replace(
        "type: report-summary", "type: poster"))  # fmt: skip
    (event / "stray.docx").write_bytes(b"x")
    with open(event / "materials.yml", "a") as listing:
        listing.write("- file: gone.pdf\n  title: Gone\n  type: other\n  summary: x\n")
    result = runner.invoke(args=["content", "check", app_config["CONTENT_DIR"]])
    assert result.exit_code == 1
    assert "findings.md:4: type: unknown type 'poster'" in result.output
    assert "gone.pdf is listed but missing" in result.output
    assert "names material 'findings', which does not exist" in result.output
    assert (
        "warning: " in result.output
        and "stray.docx: not described in materials.yml" in result.output
    )


def test_a_broken_event_does_not_stop_the_others(client, app_config):
    from pathlib import Path

    index = Path(app_config["CONTENT_DIR"]) / "seminar" / "spring-event" / "index.md"
    index.write_text(index.read_text().replace("date: 2027-04-01", "date: someday"))
    assert get(client, EVENT).status_code == 404
    assert get(client, "/seminar/old-event").status_code == 200


def test_seminar_pages_quote_safe_download_names(client):
    assert (
        quote("findings.pdf") in get(client, f"{EVENT}/findings.pdf").headers["Content-Disposition"]
    )
