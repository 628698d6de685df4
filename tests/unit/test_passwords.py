"""Password rules and hashing, usernames, and which `next=` links are followed."""

from __future__ import annotations

from importlib import resources

import pytest
from werkzeug.security import check_password_hash

from mentorhub.accounts.passwords import (
    MIN_LENGTH,
    common_passwords,
    hash_password,
    password_problem,
    verify_password,
)
from mentorhub.accounts.users import normalise_username, username_problem
from mentorhub.auth.safe_redirect import safe_next_url

# --- password rules ---


@pytest.mark.parametrize("password", ["", "a", "short", "nine char", "x7#kQ2!mz"])
def test_short_passwords_are_refused(password):
    assert len(password) < MIN_LENGTH
    assert password_problem(password) == (
        "Use at least 10 characters. A few words together work well."
    )


def test_minimum_length_is_ten():
    assert MIN_LENGTH == 10
    assert password_problem("k3v!n-w0ls") is None  # exactly 10 characters


def test_very_long_passwords_are_refused():
    assert password_problem("walk the dog " * 20) == "Use at most 200 characters."


@pytest.mark.parametrize(
    "password", ["password123", "PASSWORD123", "Password123", "QwertyUiop", "Scotland123"]
)
def test_common_passwords_are_refused_whatever_their_case(password):
    assert password_problem(password) == (
        "That password is too common. Try a few words that mean something to you."
    )


def _shipped_list() -> list[str]:
    text = resources.files("mentorhub").joinpath("data/common-passwords.txt").read_text()
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def test_the_common_password_list_is_the_shipped_file():
    shipped = _shipped_list()
    assert len(shipped) > 50
    assert common_passwords() == {entry.lower() for entry in shipped}


def test_every_password_on_the_shipped_list_is_refused():
    accepted = [entry for entry in _shipped_list() if password_problem(entry) is None]
    assert accepted == []


@pytest.mark.parametrize(
    "password", ["zzzzzzzzzzzz", "ZzZzZzZzZzZz", "abababababab", "!!!!!!!!!!!"]
)
def test_passwords_of_one_or_two_repeated_characters_are_refused(password):
    assert password_problem(password) == (
        "That password is too easy to guess. Try a few words together."
    )


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("sam.jones-rocks-on", "sam.jones"),
        ("I am SAM.JONES really", "sam.jones"),
        ("mid-kayleigh99-end", "Kayleigh99"),
    ],
)
def test_passwords_containing_the_username_are_refused(password, username):
    assert password_problem(password, username) == "Your password must not contain your username."


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("correct horse battery staple", ""),
        ("correct horse battery staple", "sam.jones"),
        ("Tea at the harbour on Sunday", "kayleigh"),
        ("ab12ab12ab12", "jordan"),
    ],
)
def test_good_passwords_pass(password, username):
    assert password_problem(password, username) is None


# --- hashing ---


def test_hash_is_not_the_password_and_verifies_with_werkzeug():
    password = "correct horse battery staple"
    stored = hash_password(password)
    assert password not in stored
    assert check_password_hash(stored, password)
    assert verify_password(stored, password)


def test_a_wrong_password_does_not_verify():
    stored = hash_password("correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stapler")
    assert not verify_password(stored, "")


def test_the_same_password_hashes_differently_each_time():
    assert hash_password("correct horse battery staple") != hash_password(
        "correct horse battery staple"
    )


# --- usernames ---


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("sam", "sam"), ("  Sam.Jones ", "sam.jones"), ("KAYLEIGH_99", "kayleigh_99")],
)
def test_usernames_are_stored_trimmed_and_lower_case(typed, stored):
    assert normalise_username(typed) == stored


@pytest.mark.parametrize(
    "username",
    ["sam", "Sam.Jones", " jordan ", "a_b-c.d", "9lives", "x" * 40],
)
def test_good_usernames_pass(username):
    assert username_problem(username) is None


@pytest.mark.parametrize(
    "username",
    [
        "",
        "ab",
        "x" * 41,
        "sam jones",
        "sam@example.com",
        "-sam",
        ".sam",
        "_sam",
        "séan",
        "sam/../admin",
        "<script>",
    ],
)
def test_bad_usernames_are_refused_in_plain_words(username):
    assert username_problem(username) == (
        "Use 3 to 40 letters or numbers. You can also use dots, dashes and underscores, "
        "but not spaces."
    )


# --- next= links after log-in ---


@pytest.mark.parametrize(
    "target",
    ["/training", "/", "/modules/what-is-peer-mentoring#confidentiality", "/modules?focus=housing"],
)
def test_local_paths_are_followed(target):
    assert safe_next_url(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "//evil.example",
        "//evil.example/training",
        "https://evil.example",
        "http://evil.example/training",
        "/\\evil.example",
        "\\\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
        "training",
        " //evil.example",
    ],
)
def test_other_sites_and_odd_links_are_not_followed(target):
    assert safe_next_url(target) is None
