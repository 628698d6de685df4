"""Shared by the data-rights tests: who the trainee is, and posting a form."""

from __future__ import annotations

USERNAME = "zqmarmalade"
DISPLAY_NAME = "Zebedee Quixotic-Marmalade"
EMAIL = "zebedee.quixotic@example.org"
REFLECTION = "My answer mentions purple elephants and Auntie Morag."
PERSONAL = (USERNAME, DISPLAY_NAME, EMAIL, REFLECTION)


def post(client, url: str, token: str | None, **data):
    if token is not None:
        data.setdefault("csrf_token", token)
    return client.post(url, data=data)
