"""The app's one content catalogue."""

from __future__ import annotations

from flask import Flask, current_app

from .content import Catalogue
from .content.catalogue import parsed_files

EXTENSION_KEY = "mentorhub.catalogue"


def init_app(app: Flask) -> None:
    # One store of parsed files per process, shared by every app in it: the last
    # app made sets its size.
    parsed_files.resize(app.config["CONTENT_CACHE_FILES"])
    app.extensions[EXTENSION_KEY] = Catalogue(
        app.config["CONTENT_DIR"],
        check_interval=app.config["CONTENT_CHECK_INTERVAL"],
        max_bytes=app.config["CONTENT_MAX_BYTES"],
    )


def get_catalogue() -> Catalogue:
    return current_app.extensions[EXTENSION_KEY]
