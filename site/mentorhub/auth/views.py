"""Log in, log out, join a programme, and passwords."""

from __future__ import annotations

import math
import time

from flask import (
    Response,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_limiter import RequestLimit
from flask_login import current_user, login_required

from ..accounts.passwords import verify_password
from ..accounts.resets import check_reset, mark_used, new_reset_link
from ..accounts.users import (
    authenticate,
    create_user,
    end_session,
    find_user,
    open_programme,
    revoke_all_sessions,
    revoke_other_sessions,
    set_password,
    start_session,
)
from ..extensions import db, limiter
from ..learning.join_codes import normalise_code
from . import bp
from .forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from .safe_redirect import safe_next_url


def _login_failed(response) -> bool:
    return response.status_code != 302


def _username_key() -> str:
    return "login-username:" + (request.form.get("username", "").strip().lower() or "-")


def _too_many_attempts(limit: RequestLimit) -> Response:
    # reset_at is rounded up by a second; take it off so a fresh 15-minute pause says 15.
    minutes = max(1, math.ceil((limit.reset_at - 1 - time.time()) / 60))
    form = LoginForm()
    message = (
        f"Too many tries. For your safety, log-in is paused. "
        f"Please try again in {minutes} minute{'s' if minutes != 1 else ''}."
    )
    # Flask-Limiter only uses a Response object returned from on_breach.
    return make_response(render_template("auth/login.html", form=form, throttled=message), 429)


def _login_limit() -> str:
    return current_app.config["LOGIN_ATTEMPTS"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _login_limit,
    key_func=_username_key,
    methods=["POST"],
    deduct_when=_login_failed,
    on_breach=_too_many_attempts,
)
@limiter.limit(
    _login_limit, methods=["POST"], deduct_when=_login_failed, on_breach=_too_many_attempts
)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            start_session(user, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next_url(request.args.get("next")) or url_for("main.dashboard"))
        form.password.errors.append("That username and password do not match. Check and try again.")
    return render_template("auth/login.html", form=form), 200 if request.method == "GET" else 400


@bp.post("/logout")
def logout():
    end_session()
    db.session.commit()
    flash("You have logged out. See you soon.", "success")
    response = redirect(url_for("main.home"))
    # Remove the training kept on this phone (caches, the service worker's stores) and
    # any page kept for Back: the next person to pick up the phone sees none of it.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@bp.get("/join/<code>")
def join(code: str):
    programme = open_programme(code)
    if programme is None:
        return render_template("auth/join_closed.html"), 200
    return redirect(url_for("auth.register", code=programme.join_code))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("20 per hour", methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm()
    if request.method == "GET" and request.args.get("code"):
        form.join_code.data = normalise_code(request.args["code"])
    programme = open_programme(form.join_code.data or "")
    if request.method == "GET" and form.join_code.data and programme is None:
        return render_template("auth/join_closed.html"), 200
    # validate_join_code has checked the code, so `programme` is set when this passes.
    if form.validate_on_submit() and programme is not None:
        user = create_user(
            form.username.data,
            form.display_name.data,
            form.password.data,
            email=form.email.data,
            programme=programme,
        )
        start_session(user)
        db.session.commit()
        flash(f"Welcome to {programme.name}, {user.display_name}!", "success")
        return redirect(url_for("training.index"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/register.html", form=form, programme=programme), status


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    form.username_for_password_check = lambda: current_user.username
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current_password.data):
            form.current_password.errors.append("That is not your current password.")
        else:
            set_password(current_user, form.password.data)
            revoke_other_sessions(current_user)
            db.session.commit()
            flash("Your password has been changed.", "success")
            return redirect(url_for("main.dashboard"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/change_password.html", form=form), status


RESET_PROBLEMS = {
    "unknown": "This link does not work. Check you copied all of it, or ask for a new one.",
    "used": "This link has already been used. "
    "If you still need to reset your password, ask for a new link.",
    "expired": "This link has expired. Links last 48 hours. "
    "Ask your trainer or coordinator for a new one.",
}


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    reset, problem = check_reset(token)
    if reset is None:
        return render_template("auth/reset_problem.html", message=RESET_PROBLEMS[problem]), 410
    form = ResetPasswordForm()
    form.username_for_password_check = lambda: reset.user.username
    if form.validate_on_submit():
        set_password(reset.user, form.password.data)
        mark_used(reset)
        revoke_all_sessions(reset.user)  # whoever knew the old password is logged out
        if current_user.is_authenticated and current_user.id == reset.user_id:
            end_session()
        db.session.commit()
        flash("Your new password is set. You can log in with it now.", "success")
        return redirect(url_for("auth.login"))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/reset.html", form=form, user=reset.user), status


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit("5 per hour", methods=["POST"])
def forgot_password():
    from ..mail import mail_configured, send_mail

    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = find_user(form.username.data)
        if user is not None and user.email and mail_configured():
            link, hours = new_reset_link(user, None)
            db.session.commit()
            send_mail(
                user.email,
                "Reset your mentorhub password",
                f"Hi {user.display_name},\n\nUse this link to choose a new password. "
                f"It works once, for {hours} hours:\n\n"
                f"{link}\n\nIf you did not ask for this, you can ignore this email.\n",
            )
        # The same answer whether or not the account exists, so nobody can test usernames.
        return render_template("auth/forgot_sent.html")
    return render_template("auth/forgot.html", form=form, mail=mail_configured())
