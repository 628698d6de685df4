"""Security headers and the settings production refuses to run without."""

from __future__ import annotations

from flask import Flask, Response
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)


def check_production_settings(app: Flask) -> None:
    """Refuse to start in production with a missing or development secret key."""
    from config import DEV_SECRET_KEY

    if app.config.get("ENV_NAME") != "production":
        return
    if app.config.get("SECRET_KEY") in (None, "", DEV_SECRET_KEY):
        raise SystemExit(
            "mentorhub: set SECRET_KEY to a long random value before running in production "
            '(for example: python -c "import secrets; print(secrets.token_hex(32))").'
        )


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    return response


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
    if app.config.get("HSTS"):

        @app.after_request
        def set_hsts(response: Response) -> Response:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=63072000; includeSubDomains"
            )
            return response

    if app.config.get("PROXY_COUNT"):
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_prefix=count
        )
