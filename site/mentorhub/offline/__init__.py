"""Training on a phone with no signal: the service worker, the web app manifest, the
offline page, and the two JSON addresses the phone's script uses."""

from flask import Blueprint

bp = Blueprint("offline", __name__)

from . import views  # noqa: E402,F401
