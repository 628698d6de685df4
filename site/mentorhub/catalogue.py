"""The app's one content catalogue."""

from __future__ import annotations

from flask import Flask, current_app

from .content import Catalogue

EXTENSION_KEY = "mentorhub.catalogue"


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION_KEY] = Catalogue(
        app.config["CONTENT_DIR"],
        check_interval=app.config["CONTENT_CHECK_INTERVAL"],
        max_bytes=app.config["CONTENT_MAX_BYTES"],
    )


def get_catalogue() -> Catalogue:
    return current_app.extensions[EXTENSION_KEY]
