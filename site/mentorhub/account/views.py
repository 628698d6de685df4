"""Your account: password, your data, deleting the account."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms import PasswordField
from wtforms.validators import DataRequired

from ..accounts.passwords import verify_password
from ..accounts.users import end_session
from ..extensions import db
from ..forms import SiteForm
from . import bp
from .data import delete_account, export_user_data


class DeleteAccountForm(SiteForm):
    password = PasswordField(
        "Type your password to confirm",
        validators=[DataRequired("Type your password to confirm.")],
        render_kw={"autocomplete": "current-password"},
    )


@bp.get("")
@login_required
def index():
    return render_template("account/index.html")


@bp.get("/data.json")
@login_required
def download_data():
    body = json.dumps(export_user_data(current_user), indent=2, ensure_ascii=False)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-mentorhub-data.json"'},
    )


@bp.route("/delete", methods=["GET", "POST"])
@login_required
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.password.data):
            form.password.errors.append("That is not your password.")
        else:
            user = current_user._get_current_object()
            end_session()
            delete_account(user)
            db.session.commit()
            flash("Your account has been deleted. Thank you for taking part.", "success")
            return redirect(url_for("main.home"))
    status = 400 if request.method == "POST" else 200
    return render_template("account/delete.html", form=form), status
