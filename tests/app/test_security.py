"""Security headers, cookies and CSRF, in every config."""

from __future__ import annotations

import pytest
from flask import session
from flask_wtf import FlaskForm
from wtforms import StringField

from config import DevelopmentConfig, ProductionConfig, TestingConfig
from mentorhub import create_app
from tests.conftest import config_class

PAGES = ["/", "/modules", "/modules/what-is-peer-mentoring", "/privacy", "/modules/nope"]


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_a_strict_content_security_policy(client, url):
    csp = client.get(url).headers["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_other_security_headers(client, url):
    headers = client.get(url).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers  # only in production


def test_static_files_carry_the_headers_too(client):
    with client.get("/static/css/site.css") as response:
        assert response.status_code == 200
        assert "Content-Security-Policy" in response.headers


def _app_with_session_route(base: type, tmp_path):
    app = create_app(config_class(base, SECRET_KEY="s" * 40, INSTANCE_PATH=str(tmp_path)))

    @app.get("/set-session")
    def set_session():
        session["seen"] = True
        return "ok"

    return app


@pytest.mark.parametrize("base", [DevelopmentConfig, TestingConfig, ProductionConfig])
def test_session_cookie_is_httponly_and_samesite_lax(base, tmp_path):
    cookie = _app_with_session_route(base, tmp_path).test_client().get("/set-session")
    set_cookie = cookie.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie
    assert "SameSite=Lax" in set_cookie
    assert ("Secure" in set_cookie) is (base is ProductionConfig)


def test_production_sends_hsts(tmp_path):
    app = create_app(
        config_class(ProductionConfig, SECRET_KEY="s" * 40, INSTANCE_PATH=str(tmp_path))
    )
    hsts = app.test_client().get("/").headers["Strict-Transport-Security"]
    assert hsts.startswith("max-age=") and int(hsts.split("=")[1].split(";")[0]) >= 31536000


class NameForm(FlaskForm):
    name = StringField("Name")


def _app_with_form(app_config):
    app = create_app(config_class(**app_config))

    @app.route("/form", methods=["GET", "POST"])
    def form_view():
        form = NameForm()
        if form.validate_on_submit():
            return f"hello {form.name.data}"
        return f'<form method="post">{form.csrf_token()}</form>'

    return app


def test_a_post_without_a_csrf_token_is_refused(app_config):
    client = _app_with_form(app_config).test_client()
    response = client.post("/form", data={"name": "Sam"})
    assert response.status_code == 400
    assert "This form was open too long" in response.get_data(as_text=True)


def test_a_post_with_the_csrf_token_is_accepted(app_config):
    import re

    client = _app_with_form(app_config).test_client()
    page = client.get("/form").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/form", data={"name": "Sam", "csrf_token": token})
    assert response.get_data(as_text=True) == "hello Sam"


def test_proxy_fix_trusts_only_the_configured_proxies(app_config):
    app = create_app(config_class(**app_config, PROXY_COUNT=1))

    @app.get("/scheme")
    def scheme():
        from flask import request

        return f"{request.scheme} {request.remote_addr}"

    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert app.test_client().get("/scheme", headers=headers).text == "https 203.0.113.9"
