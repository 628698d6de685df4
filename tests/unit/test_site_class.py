"""The app class: Flask, asking once per function whether it is a coroutine function."""

from __future__ import annotations

import asyncio

import pytest

from mentorhub import Site


def test_plain_functions_are_returned_as_they_are_and_remembered():
    app = Site("t")

    def view():
        return "ok"

    assert app.ensure_sync(view) is view
    assert app._made_sync == {view: view}


def test_coroutine_functions_are_still_handed_to_flask():
    """Never returned as they are: Flask wraps them (or, without its "async" extra, as
    here, refuses them), as it would without the memory."""
    app = Site("t")

    async def view():
        await asyncio.sleep(0)
        return "ok"

    with pytest.raises(RuntimeError, match="async"):
        app.ensure_sync(view)
    assert view not in app._made_sync


def test_functions_made_per_request_are_not_remembered_for_ever():
    app = Site("t")
    for n in range(3 * Site.REMEMBERED_FUNCTIONS):
        app.ensure_sync(lambda n=n: n)
    assert len(app._made_sync) <= Site.REMEMBERED_FUNCTIONS
