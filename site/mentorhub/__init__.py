"""mentorhub: training, local adaptation and evaluation for peer-mentoring programmes."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from flask import Flask

from config import config_for

from . import (
    caching,
    catalogue,
    cli,
    connections,
    csrf_tokens,
    errors,
    formatting,
    inputs,
    reading,
    security,
    static_files,
    throttling,
)
from .extensions import compress, csrf, db, login_manager, migrate


class Site(Flask):
    """Flask, asking once per function whether it is a coroutine function rather than on
    every call: Flask asks for the view and each of about ten hooks on every request
    (`inspect.iscoroutinefunction`, about 2 µs each). Bounded, as a function made per
    request (`after_this_request`) would otherwise be remembered for ever."""

    REMEMBERED_FUNCTIONS = 512

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._made_sync: dict[Callable, Callable] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        made = self._made_sync.get(func)
        if made is None:
            if len(self._made_sync) >= self.REMEMBERED_FUNCTIONS:
                self._made_sync.clear()
            made = self._made_sync[func] = super().ensure_sync(func)
        return made


def create_app(config: Any = None) -> Flask:
    """Build the app. `config` is a config class, a mapping of overrides, or None
    (the class named by MENTORHUB_ENV)."""
    base = config if isinstance(config, type) else config_for()
    app = Site(__name__, instance_path=base.INSTANCE_PATH)
    app.config.from_object(base)
    if isinstance(config, dict):
        app.config.update(config)
    security.check_production_settings(app)
    os.makedirs(app.instance_path, exist_ok=True)

    register_extensions(app)
    inputs.init_app(app)  # before the blueprints add their routes
    register_blueprints(app)
    throttling.init_app(app)  # after the blueprints: see throttling.py
    errors.register(app)
    formatting.register(app)
    security.init_app(app)
    cli.register(app)
    with app.app_context():
        if app.config["CONTENT_PRELOAD"]:
            # Parse the content once here, so gunicorn --preload workers share it.
            catalogue.get_catalogue().refresh(force=True)
        # Under gunicorn --preload the workers fork from this process: make sure they
        # do not inherit (and share) a database connection opened during set-up.
        db.engine.dispose()
    return app


def register_extensions(app: Flask) -> None:
    connections.configure_engine(app)
    db.init_app(app)
    connections.init_app(app)  # after db: see connections.init_app
    reading.init_app(app)
    migrate.init_app(
        app, db, directory=app.config["MIGRATIONS_DIR"], render_as_batch=True, compare_type=True
    )
    catalogue.init_app(app)
    caching.init_app(app)  # first before_request hook: cached pages skip the rest
    csrf.init_app(app)
    csrf_tokens.init_app(app)
    login_manager.init_app(app)
    compress.init_app(app)
    static_files.init_app(app)


def register_blueprints(app: Flask) -> None:
    from .account import bp as account_bp
    from .adaptation.blueprint import bp as adaptation_bp
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .certificates import bp as certificates_bp
    from .evaluation import bp as evaluation_bp
    from .groupwork import bp as groupwork_bp
    from .library import bp as library_bp
    from .main import bp as main_bp
    from .offline import bp as offline_bp
    from .programmes import bp as programmes_bp
    from .readiness import bp as readiness_bp
    from .seminar import bp as seminar_bp
    from .training import bp as training_bp

    for blueprint in (
        main_bp,
        library_bp,
        auth_bp,
        training_bp,
        programmes_bp,
        admin_bp,
        account_bp,
        certificates_bp,
        seminar_bp,
        evaluation_bp,
        adaptation_bp,
        groupwork_bp,
        readiness_bp,
        offline_bp,
    ):
        app.register_blueprint(blueprint)
