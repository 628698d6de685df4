"""Flask-Limiter, bound so that only the throttled views pay for it.

The site's limits are all on views (`@limiter.limit` on log-in, register, the
password forms, the interest form): no default, application, blueprint or meta
limits. Flask-Limiter checks a decorated view's limits inside the view itself; its
`before_request` hook only ever checks the other kinds, so here it finds none, on
every request, at about a sixth of the cost of a visitor's request. `init_app` drops
that hook, and lets the after-request hook (which counts failed log-ins: the limits
with `deduct_when`) and the teardown hook run only when a throttled view has set up
the limiter's per-request state. A view without a limit then never touches the
limiter or its storage. `init_app` refuses any limit the dropped hook would have
checked, so a default limit added later cannot be silently ignored.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import Flask, Response
from flask.globals import request_ctx

from .extensions import limiter

#: Where Flask-Limiter keeps its per-request state (flask_limiter/_extension.py).
_STATE = "_limiter_request_context"
_UNCHECKED_SETTINGS = ("RATELIMIT_DEFAULT", "RATELIMIT_APPLICATION", "RATELIMIT_META")
_PUT_IT_ON_THE_VIEWS = (
    "would be checked by the before_request hook this module removes: "
    "put the limit on the views instead (@limiter.limit)."
)


def init_app(app: Flask) -> None:
    """`limiter.init_app`, then trim its hooks. Call after the blueprints are registered
    (their decorated limits are known by then)."""
    for setting in _UNCHECKED_SETTINGS:  # before init_app, which would keep them
        if app.config.get(setting):
            raise RuntimeError(f"mentorhub.throttling: {setting} {_PUT_IT_ON_THE_VIEWS}")
    limiter.init_app(app)
    if not limiter.enabled or limiter not in app.extensions.get("limiter", ()):
        return
    _refuse_limits_the_views_do_not_check()
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    after = app.after_request_funcs[None]
    after[:] = [_after_a_check(f) if _is_limiter_hook(f) else f for f in after]
    teardown = app.teardown_request_funcs[None]
    teardown[:] = [_teardown_after_a_check(f) if _is_limiter_hook(f) else f for f in teardown]


def checked_this_request() -> bool:
    """True once a throttled view has checked its limits in this request."""
    return hasattr(request_ctx._get_current_object(), _STATE)


def _refuse_limits_the_views_do_not_check() -> None:
    manager = limiter.limit_manager
    others = {
        "default": manager._default_limits,
        "application": manager._application_limits,
        "blueprint": manager._blueprint_limits,
        "meta": limiter._meta_limits,
    }
    if found := [kind for kind, limits in others.items() if limits]:
        raise RuntimeError(
            f"mentorhub.throttling: {', '.join(found)} limits {_PUT_IT_ON_THE_VIEWS}"
        )


def _is_limiter_hook(function: Callable) -> bool:
    bound = function.func if isinstance(function, partial) else function
    return getattr(bound, "__self__", None) is limiter or (
        isinstance(function, partial) and limiter in function.args
    )


def _after_a_check(hook: Callable[[Response], Response]) -> Callable[[Response], Response]:
    def after_request(response: Response) -> Response:
        return hook(response) if checked_this_request() else response

    after_request.limiter_hook = hook  # type: ignore[attr-defined]
    return after_request


def _teardown_after_a_check(hook: Callable[[Any], None]) -> Callable[[Any], None]:
    def teardown_request(error: BaseException | None) -> None:
        if checked_this_request():
            hook(error)

    teardown_request.limiter_hook = hook  # type: ignore[attr-defined]
    return teardown_request
