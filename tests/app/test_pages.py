"""Every page through the test client, with the shipped content."""

from __future__ import annotations

import re

import pytest

from mentorhub import create_app
from tests.conftest import ROOT, config_class
from tests.factories import FIXTURES
from tests.pages import SITE_SCRIPTS, page_scripts

SHIPPED_MODULES = sorted(p.stem for p in (ROOT / "content" / "modules").glob("*.md"))


def page_text(response) -> str:
    return response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/", "/modules", "/accessibility", "/privacy"])
def test_public_pages_render_in_the_site_layout(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = page_text(response)
    assert '<html lang="en-GB">' in html
    assert html.count("<h1") == 1
    assert 'href="#main"' in html and 'id="main"' in html
    assert "Need help now?" in html
    assert page_scripts(html) == SITE_SCRIPTS and "style=" not in html


HELP_LINKS = {
    "tel:999": "Emergency: call 999",
    "tel:111": "NHS 24: call 111",
    "tel:116123": "Samaritans: call 116 123",
    "tel:0800838587": "Breathing Space: call 0800 83 85 87",
    "sms:85258": "Shout: text SHOUT to 85258",
    "tel:08001111": "Childline: call 0800 1111",
}


def test_need_help_now_gives_tap_to_call_and_text_links(client):
    html = page_text(client.get("/"))
    footer = html[
        html.index('id="help-now"') : html.index("</section>", html.index('id="help-now"'))
    ]
    for href, label in HELP_LINKS.items():
        assert f'<a href="{href}">{label}</a>' in footer
    assert "Monday to Thursday 6pm to 2am" in footer  # Breathing Space's hours
    assert "under 19" in footer  # who Childline is for


def test_modules_point_to_the_help_list_instead_of_repeating_numbers(client):
    html = page_text(client.get("/modules/looking-after-yourself?start=1"))
    assert re.search(r'<a href="#help-now"[^>]*>Need help now\?</a>', html)
    assert 'id="help-now"' in html  # the list it points to is on the same page


def test_home_links_to_library_and_seminar(client):
    html = page_text(client.get("/"))
    assert 'href="/modules"' in html
    assert 'id="seminar"' in html


def test_home_lets_a_trainee_join_with_a_code_beside_log_in(client, app):
    from tests.factories import make_programme

    html = page_text(client.get("/"))
    form = re.search(r'<form class="way" method="get" action="/register".*?</form>', html, re.S)
    assert (
        form and 'name="code"' in form.group(0) and '<label class="label" for="join-code">' in html
    )
    assert 'href="/login">Log in</a>' in html
    with app.app_context():
        make_programme(join_code="HOMEJOIN1", name="Home Join Programme")
    # What the form sends: a known code opens the sign-up form filled in, an unknown
    # one says so.
    joined = client.get("/register?code=homejoin1").get_data(as_text=True)
    assert "Home Join Programme" in joined and 'value="HOMEJOIN1"' in joined
    unknown = client.get("/register?code=NOPE").get_data(as_text=True)
    assert "That join code does not work" in unknown


def test_library_lists_every_shipped_module(client, app):
    html = page_text(client.get("/modules"))
    for module in app.extensions["mentorhub.catalogue"].modules:
        assert f'href="/modules/{module.id}"' in html
        assert module.meta.title.replace("(", "").split()[0] in html
    assert f"{len(SHIPPED_MODULES)} modules" in html


def test_library_filters_by_focus_without_javascript(app_config):
    app = create_app(config_class(**{**app_config, "CONTENT_DIR": str(FIXTURES / "content")}))
    client = app.test_client()
    html = page_text(client.get("/modules?focus=housing"))
    assert 'href="/modules/beta"' in html
    assert 'href="/modules/alpha"' not in html
    assert "1 module about housing and tenancy" in html
    assert re.search(r'href="/modules\?focus=housing" aria-current="page"', html)
    every = page_text(client.get("/modules"))
    assert 'href="/modules/alpha"' in every and 'href="/modules/beta"' in every


def test_unknown_focus_is_not_found(client):
    assert client.get("/modules?focus=knitting").status_code == 404


@pytest.mark.parametrize("module_id", SHIPPED_MODULES)
def test_every_shipped_module_page_renders(client, module_id):
    response = client.get(f"/modules/{module_id}?start=1")
    assert response.status_code == 200
    html = page_text(response)
    assert 'class="toc"' in html
    assert "block-trainer" not in html and "Trainer notes" not in html


def test_module_page_shows_objectives_toc_sections_and_blocks(app_config):
    app = create_app(config_class(**{**app_config, "CONTENT_DIR": str(FIXTURES / "content")}))
    html = page_text(app.test_client().get("/modules/alpha"))
    assert "<h1>Alpha module</h1>" in html
    assert "Say what alpha is" in html
    assert '<a href="#getting-started">Getting started</a>' in html
    assert '<a href="#part-two">Second part</a>' in html
    assert 'id="part-two"' in html and 'class="anchor" href="#part-two"' in html
    assert "block-activity" in html and "block-reflection" in html and "block-local" in html
    assert "About 20 minutes" in html


def test_trainer_notes_never_reach_the_public_html(app_config):
    app = create_app(config_class(**{**app_config, "CONTENT_DIR": str(FIXTURES / "content")}))
    html = page_text(app.test_client().get("/modules/alpha"))
    assert "SECRET-TRAINER-NOTE" not in html
    assert "Facilitation" not in html


def test_content_warning_comes_first_with_a_continue_link(app_config):
    app = create_app(config_class(**{**app_config, "CONTENT_DIR": str(FIXTURES / "content")}))
    client = app.test_client()
    html = page_text(client.get("/modules/beta"))
    assert "This module talks about losing a home." in html
    assert 'href="/modules/beta?start=1"' in html
    assert "Only section" not in html
    after = page_text(client.get("/modules/beta?start=1"))
    assert "Only section" in after
    assert 'href="/modules/alpha"' in after  # its prerequisite


def test_unknown_module_is_a_404_page_in_the_site_look(client):
    response = client.get("/modules/no-such-module")
    assert response.status_code == 404
    html = page_text(response)
    assert "Page not found" in html and "Need help now?" in html
    assert "Traceback" not in html


def test_405_page(client):
    response = client.post("/modules", data={"x": 1})
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "Need help now?" in page_text(response)


def test_500_page_hides_the_error(app_config):
    app = create_app(config_class(**app_config, TESTING=False, PROPAGATE_EXCEPTIONS=False))

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    html = page_text(response)
    assert "Sorry, something went wrong on our side" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_health_check_reaches_the_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json["status"] == "ok"
    assert response.json["modules"] == len(SHIPPED_MODULES)


def test_content_problems_shown_in_development_only(tmp_path, app_config):
    import shutil

    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "content", content)
    shutil.copy(FIXTURES / "broken" / "bad-yaml.md", content / "modules")
    settings = {**app_config, "CONTENT_DIR": str(content)}
    shown = create_app(config_class(**settings, SHOW_CONTENT_ERRORS=True)).test_client()
    html = page_text(shown.get("/modules"))
    assert "1 problem in the content files" in html
    assert "bad-yaml.md:4" in html
    assert 'href="/modules/alpha"' in html  # the rest still serves
    hidden = create_app(config_class(**settings, SHOW_CONTENT_ERRORS=False)).test_client()
    assert "bad-yaml" not in page_text(hidden.get("/modules"))


CHANGES = "/seminar/peer-mentoring-seminar-2027/what-has-changed-since-2012"


def test_what_has_changed_since_2012_is_served_listed_and_downloadable(client):
    event = page_text(client.get("/seminar/peer-mentoring-seminar-2027"))
    assert f'href="{CHANGES}"' in event and "What has changed since 2012" in event
    page = client.get(CHANGES)
    assert page.status_code == 200
    html = page_text(page)
    for heading in (
        "The Children and Young People (Scotland) Act 2014",
        "The Promise (2020)",
        "The Disclosure (Scotland) Act 2020",
        "Mentoring and peer support in Scotland today",
    ):
        assert f"<h2>{heading}</h2>" in html
    assert "MCR Pathways" in html and "Who Cares? Scotland" in html
    pdf = client.get(f"{CHANGES}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    pdf.close()


def test_the_seminar_names_no_real_organiser_and_is_not_the_2012_one(client):
    html = page_text(client.get("/seminar/peer-mentoring-seminar-2027"))
    assert "Organiser to be confirmed" in html
    assert "CELCIS" not in html.split("Why we are meeting")[0]  # not billed as organiser or speaker
    assert "This is that seminar" not in html and "inspired by the report" in html


def test_a_module_page_loads_listen_from_a_static_file_and_no_inline_script(client):
    html = page_text(client.get("/modules/welcome"))
    # Every script is a static file (no inline script): the site's own, then listen.js.
    assert page_scripts(html) == [*SITE_SCRIPTS, "/static/js/listen.js"]
    # The Listen buttons are in the page, hidden until the script finds speech.
    assert re.search(r'<button type="button" class="[^"]*listen"[^>]*\shidden>', html)
    with client.get("/static/js/listen.js") as script:
        assert script.status_code == 200
