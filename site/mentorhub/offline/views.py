"""The service worker and what it asks for. See static/js/ for the scripts.

- /sw.js: the service worker (static/js/sw.js, with the current asset addresses put in
  front), at the top of the site so it may look after the training pages.
- /manifest.webmanifest: lets a phone add the site to its home screen.
- /offline: the page shown for an address not kept on the phone (no one's details).
- /offline/training.json: what a trainee may keep, with tags that change with each page.
- /offline/marks: marks made with no signal, sent when the phone is back online.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from flask import Response, current_app, jsonify, render_template, request, url_for
from flask_login import current_user

from ..catalogue import get_catalogue
from ..csrf_tokens import csrf_token
from ..extensions import db
from ..learning.offline_batch import BatchError, read_batch
from ..learning.offline_copy import kept_copy
from ..learning.offline_marks import apply_marks
from ..models.base import utcnow
from . import bp

#: Static files every kept page needs, besides the pages themselves.
ASSET_FILES = (
    "css/site.css",
    "css/print.css",
    "js/offline-store.js",
    "js/offline.js",
    "js/listen.js",  # a kept module can still be read aloud with no signal
    "favicon.svg",
)


def _assets() -> list[str]:
    return [url_for("static", filename=name) for name in ASSET_FILES] + [
        url_for("offline.page"),
        url_for("offline.manifest"),
    ]


def _build(assets: list[str]) -> str:
    """Changes whenever a static file does: kept pages are then fetched afresh."""
    return hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]


def _json_error(message: str, status: int) -> Response:
    response = jsonify(error=message)
    response.status_code = status
    response.cache_control.no_store = True
    return response


def trainee_json(view: Callable) -> Callable:
    """A trainee in a programme, or a JSON answer: 401 (log in), 403 (not a trainee)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return _json_error("Please log in.", 401)
        if not current_user.is_trainee or current_user.programme is None:
            return _json_error("Only trainees in a programme keep training here.", 403)
        return view(*args, **kwargs)

    return wrapper


@bp.get("/sw.js")
def service_worker():
    assets = _assets()
    source = Path(current_app.static_folder or "", "js", "sw.js").read_text(encoding="utf-8")
    store = url_for("static", filename="js/offline-store.js")
    head = (
        f"const MH_ASSETS = {json.dumps(assets)};\n"
        f"const MH_BUILD = {json.dumps(_build(assets))};\n"
        f"const MH_OFFLINE_PAGE = {json.dumps(url_for('offline.page'))};\n"
        f"const MH_LOGOUT = {json.dumps(url_for('auth.logout'))};\n"
        f"const MH_STORE_SCRIPT = {json.dumps(store)};\n"
    )
    response = Response(head + source, mimetype="text/javascript")
    # The browser checks for a new worker on each visit: always ask us.
    response.cache_control.no_cache = True
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/manifest.webmanifest")
def manifest():
    name = current_app.config["SITE_NAME"]
    body = {
        "name": f"{name}: peer mentor training",
        "short_name": name,
        "start_url": url_for("training.index"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f59",
        "icons": [
            {
                "src": url_for("static", filename="favicon.svg"),
                "sizes": "any",
                "type": "image/svg+xml",
            }
        ],
    }
    return Response(json.dumps(body), mimetype="application/manifest+json")


@bp.get("/offline")
def page():
    """Drawn for no one in particular: the service worker keeps it and shows it for any
    address it has not kept."""
    return render_template("offline/offline.html", no_identity=True)


@bp.get("/offline/training.json")
@trainee_json
def training_copy():
    copy = kept_copy(current_user, current_user.programme, get_catalogue())
    assets = _assets()
    response = jsonify(
        user=current_user.id,
        csrf_token=csrf_token(),
        build=_build(assets),
        assets=assets,
        home={"url": url_for("training.index"), "state": copy.home},
        modules=[
            {
                "id": m.module_id,
                "url": url_for("training.module", module_id=m.module_id),
                "title": m.title,
                "version": m.version,
                "state": m.state,
            }
            for m in copy.modules
        ],
    )
    response.cache_control.no_store = True
    return response


@bp.post("/offline/marks")
@trainee_json
def send_marks():
    """CSRF: the X-CSRFToken header, checked by CSRFProtect before this runs."""
    try:
        marks = read_batch(request.get_json(silent=True), utcnow())
    except BatchError as error:
        return _json_error(str(error), 400)
    answers = apply_marks(current_user, current_user.programme, get_catalogue(), marks)
    db.session.commit()
    response = jsonify(answers=[answer.as_json() for answer in answers])
    response.cache_control.no_store = True
    return response
