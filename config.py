"""Settings for mentorhub.

Every setting can be overridden by an environment variable of the same name.
`MENTORHUB_ENV` chooses the class: development (the default), testing or production.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET_KEY = "dev-only-not-secret"

# The "Need help now?" footer on every page. Each is a tap-to-call (tel:) or
# tap-to-text (sms:) link; modules point here rather than repeat the numbers.
DEFAULT_SUPPORT_LINKS = [
    {
        "label": "Emergency: call 999",
        "detail": "If you or someone else is in danger right now.",
        "url": "tel:999",
    },
    {
        "label": "NHS 24: call 111",
        "detail": "Free, day and night, if you are ill or in distress and it cannot wait.",
        "url": "tel:111",
    },
    {
        "label": "Samaritans: call 116 123",
        "detail": "Free, any time, day or night, if you need to talk.",
        "url": "tel:116123",
    },
    {
        "label": "Breathing Space: call 0800 83 85 87",
        "detail": (
            "Free, if you feel low, stressed or worried. Open Monday to Thursday 6pm to 2am, "
            "and from 6pm Friday right through to 6am Monday."
        ),
        "url": "tel:0800838587",
    },
    {
        "label": "Shout: text SHOUT to 85258",
        "detail": "Free, private text support, any time.",
        "url": "sms:85258",
    },
    {
        "label": "Childline: call 0800 1111",
        "detail": "Free and private, for anyone under 19.",
        "url": "tel:08001111",
    },
]


def _env(name: str, default: str) -> str:
    return os.environ.get(name, default)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    return default if value is None else float(value)


def _env_json(name: str, default: object) -> object:
    value = os.environ.get(name)
    return default if value is None else json.loads(value)


class Config:
    """Settings shared by every environment."""

    ENV_NAME = "base"
    SECRET_KEY = _env("SECRET_KEY", DEV_SECRET_KEY)
    INSTANCE_PATH = _env("INSTANCE_PATH", str(BASE_DIR / "instance"))
    SQLALCHEMY_DATABASE_URI = _env(
        "DATABASE_URL", f"sqlite:///{Path(INSTANCE_PATH) / 'mentorhub.sqlite3'}"
    )
    # No pool_pre_ping (a round trip on every request): connections the server closed
    # are caught on checkout without one (connections.py).
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_recycle": int(_env("DATABASE_POOL_RECYCLE", "300"))}
    # A database that hangs must not hang every request with it (see connections.py):
    # seconds to wait for a connection, and the longest one SQL statement may take.
    DATABASE_CONNECT_TIMEOUT = _env_float("DATABASE_CONNECT_TIMEOUT", 5.0)
    DATABASE_STATEMENT_TIMEOUT_MS = int(_env("DATABASE_STATEMENT_TIMEOUT_MS", "10000"))
    CONTENT_DIR = _env("CONTENT_DIR", str(BASE_DIR / "content"))
    MIGRATIONS_DIR = _env("MIGRATIONS_DIR", str(BASE_DIR / "migrations"))
    # Seconds between checks of the content folder for changed files; 0 checks
    # on every request (fine for authors, wasteful for a busy server).
    CONTENT_CHECK_INTERVAL = _env_float("CONTENT_CHECK_INTERVAL", 2.0)
    # Parsed content files kept in the process (shared by every catalogue in it; a
    # file saved again replaces its entry). Beyond this many, the least recently used go.
    CONTENT_CACHE_FILES = int(_env("CONTENT_CACHE_FILES", "256"))
    # Load all content when the app is created (before gunicorn forks its workers).
    CONTENT_PRELOAD = _env_bool("CONTENT_PRELOAD", False)
    # A module file bigger than this is reported by `flask content check` and left out
    # (it would be served as one page that big).
    CONTENT_MAX_BYTES = int(_env("CONTENT_MAX_BYTES", str(200 * 1024)))
    # Show "N modules could not be loaded" to every visitor (development only).
    SHOW_CONTENT_ERRORS = _env_bool("SHOW_CONTENT_ERRORS", False)
    # `flask content check` warns about a module last reviewed more than this many
    # months ago (and fails with --strict).
    CONTENT_REVIEW_MONTHS = int(_env("CONTENT_REVIEW_MONTHS", "12"))
    SITE_NAME = _env("SITE_NAME", "mentorhub")
    SUPPORT_LINKS = _env_json("SUPPORT_LINKS", DEFAULT_SUPPORT_LINKS)
    CONTACT_EMAIL = _env("CONTACT_EMAIL", "")

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", False)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # a form left open on a phone all afternoon still posts
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    # Number of reverse proxies in front of the app whose X-Forwarded-* to trust.
    PROXY_COUNT = int(_env("PROXY_COUNT", "0"))
    HSTS = False

    # "Remember me" keeps the log-in for this long; without it, until the browser closes.
    PERMANENT_SESSION_LIFETIME = int(_env("REMEMBER_DAYS", "30")) * 24 * 3600
    PASSWORD_RESET_HOURS = int(_env("PASSWORD_RESET_HOURS", "48"))
    # werkzeug's default (scrypt). Tests use a fast method; never change it in production.
    PASSWORD_HASH_METHOD = "scrypt"
    # Log-in throttling (Flask-Limiter). memory:// is per process: with several app
    # servers, point this at a shared store such as redis://host:6379.
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _env_bool("RATELIMIT_ENABLED", True)
    LOGIN_ATTEMPTS = _env("LOGIN_ATTEMPTS", "5 per 15 minutes")
    # Mail for self-service password resets. With no MAIL_SERVER, mail is not sent
    # (in development it is printed to the console instead).
    MAIL_SERVER = _env("MAIL_SERVER", "")
    MAIL_PORT = int(_env("MAIL_PORT", "587"))
    MAIL_USERNAME = _env("MAIL_USERNAME", "")
    MAIL_PASSWORD = _env("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _env_bool("MAIL_USE_TLS", True)
    MAIL_SENDER = _env("MAIL_SENDER", "mentorhub <no-reply@localhost>")
    MAIL_TO_CONSOLE = _env_bool("MAIL_TO_CONSOLE", False)
    # How long expressions of interest are kept (said on the form; purged by
    # `flask interest purge --older-than DAYS`).
    INTEREST_RETENTION_DAYS = int(_env("INTEREST_RETENTION_DAYS", "365"))
    # Key for the pseudonymous trainee ids in feedback exports (kept out of the
    # database). Empty: derived from SECRET_KEY. Changing it changes every id.
    PSEUDONYM_KEY = _env("PSEUDONYM_KEY", "")
    # Flask-Compress: Brotli where the browser takes it (every current one does over
    # HTTPS), else gzip. Off with COMPRESS_REGISTER=0 when the proxy compresses instead.
    COMPRESS_REGISTER = _env_bool("COMPRESS_REGISTER", True)
    COMPRESS_ALGORITHM = ["br", "gzip"]
    # Streamed responses stay as they are (big downloads; Flask-Compress would leave the
    # file open). Static files are read whole first, so they are compressed (static_files.py).
    COMPRESS_STREAMS = False
    COMPRESS_BR_LEVEL = 5
    COMPRESS_MIN_SIZE = 500


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = True
    MAIL_TO_CONSOLE = _env_bool("MAIL_TO_CONSOLE", True)
    SHOW_CONTENT_ERRORS = _env_bool("SHOW_CONTENT_ERRORS", True)
    CONTENT_CHECK_INTERVAL = _env_float("CONTENT_CHECK_INTERVAL", 0.5)


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    CONTENT_CHECK_INTERVAL = 0.0
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast: tests log in hundreds of times


class ProductionConfig(Config):
    ENV_NAME = "production"
    CONTENT_PRELOAD = _env_bool("CONTENT_PRELOAD", True)
    SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    HSTS = True


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_for(name: str | None = None) -> type[Config]:
    """The config class named by `name` or by MENTORHUB_ENV (default development)."""
    name = name or os.environ.get("MENTORHUB_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise SystemExit(f"MENTORHUB_ENV={name!r} is not one of {', '.join(CONFIGS)}.") from None
