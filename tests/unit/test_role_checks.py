"""The plain `SignedIn` and the ORM `User` answer every role question alike."""

from __future__ import annotations

import pytest

from mentorhub.accounts.signed_in import SignedIn
from mentorhub.models import Role, User

QUESTIONS = ["is_trainee", "is_trainer", "is_evaluator", "is_admin", "is_staff"]


@pytest.mark.parametrize("role", list(Role))
def test_signed_in_and_user_agree_on_each_role(role):
    seen = SignedIn(1, "sam", "Sam", role, "k" * 32, None)
    user = User(role=role)
    assert [getattr(seen, q) for q in QUESTIONS] == [getattr(user, q) for q in QUESTIONS]
    assert seen.is_staff == (role in (Role.TRAINER, Role.ADMIN))
