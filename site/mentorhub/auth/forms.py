"""Log-in, registration and password forms."""

from __future__ import annotations

from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from ..accounts.passwords import password_problem
from ..accounts.users import USERNAME_HINT, find_user, open_programme, username_problem
from ..forms import PlainName, SiteForm


class LoginForm(SiteForm):
    username = StringField(
        "Username",
        validators=[DataRequired("Enter your username.")],
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    remember = BooleanField("Keep me logged in on this device")


class NewPasswordMixin:
    """A new password typed twice, checked against the rules."""

    password = PasswordField(
        "New password",
        validators=[DataRequired("Choose a password.")],
        description="At least 10 characters. A few words together are easy to remember.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Type the password again",
        validators=[
            DataRequired("Type the password again."),
            EqualTo("password", "The two passwords do not match."),
        ],
        render_kw={"autocomplete": "new-password"},
    )

    def username_for_password_check(self) -> str:
        return ""

    def validate_password(self, field) -> None:
        if problem := password_problem(field.data or "", self.username_for_password_check()):
            raise ValidationError(problem)


class RegisterForm(NewPasswordMixin, SiteForm):
    join_code = StringField(
        "Join code",
        validators=[DataRequired("Enter the join code your programme gave you.")],
        description="Your coordinator or trainer gives you this code.",
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )
    display_name = StringField(
        "Your name",
        validators=[
            DataRequired("Tell us what to call you."),
            PlainName("Tell us what to call you."),
            Length(max=80),
        ],
        description="What you would like to be called. It can be just your first name.",
        render_kw={"autocomplete": "given-name"},
    )
    username = StringField(
        "Username",
        validators=[DataRequired("Choose a username.")],
        description="You use this to log in. " + USERNAME_HINT,
        render_kw={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"},
    )
    email = EmailField(
        "Email (optional)",
        validators=[
            Optional(),
            Email("Enter an email address like name@example.com."),
            Length(max=254),
        ],
        description="Only used to send you a link if you forget your password.",
        render_kw={"autocomplete": "email"},
    )

    def username_for_password_check(self) -> str:
        return self.username.data or ""

    def validate_join_code(self, field) -> None:
        if open_programme(field.data or "") is None:
            raise ValidationError(
                "We don't recognise that join code, or it has been switched off. "
                "Check it with your coordinator."
            )

    def validate_username(self, field) -> None:
        if problem := username_problem(field.data or ""):
            raise ValidationError(problem)
        if find_user(field.data):
            raise ValidationError("That username is taken. Try adding a number to it.")


class ChangePasswordForm(NewPasswordMixin, SiteForm):
    current_password = PasswordField(
        "Your current password",
        validators=[DataRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )


class ResetPasswordForm(NewPasswordMixin, SiteForm):
    pass


class ForgotPasswordForm(SiteForm):
    username = StringField(
        "Username",
        validators=[DataRequired("Enter your username.")],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
