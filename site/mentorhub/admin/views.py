"""Admin pages: programmes and staff accounts."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask import Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from ..accounts.permissions import roles_required
from ..accounts.resets import new_reset_link
from ..accounts.users import create_user
from ..catalogue import get_catalogue
from ..extensions import db
from ..learning.curriculum import default_curriculum, set_curriculum, unique_join_code
from ..models import INTEREST_CHOICES, Programme, Role, User
from . import bp
from .forms import ProgrammeForm, StaffForm
from .interest import filtered, interest_csv

admin_only = roles_required(Role.ADMIN)


def _trainer_choices() -> list[SelectChoice]:
    trainers = db.session.scalars(
        sa.select(User).where(User.role == Role.TRAINER).order_by(User.display_name)
    )
    return [SelectChoice(u.id, f"{u.display_name} ({u.username})") for u in trainers]


def _programme_choices() -> list[tuple[int, str]]:
    return [
        (p.id, p.name) for p in db.session.scalars(sa.select(Programme).order_by(Programme.name))
    ]


@bp.get("")
@admin_only
def index():
    role = request.args.get("role", "")
    # Each table's related rows come in one more query each, however many people
    # there are (not one query per row).
    programmes = (
        sa.select(Programme).options(selectinload(Programme.trainers)).order_by(Programme.name)
    )
    users = (
        sa.select(User)
        .options(selectinload(User.programme), selectinload(User.trainer_of))
        .order_by(User.role, User.display_name)
    )
    if role in {r.value for r in Role}:
        users = users.where(User.role == role)
    return render_template(
        "admin/index.html",
        programmes=db.session.scalars(programmes).all(),
        users=db.session.scalars(users.limit(500)).all(),
        role=role,
        roles=[r.value for r in Role],
    )


def _name_taken(name: str, existing_id: int | None) -> bool:
    query = sa.select(Programme.id).where(sa.func.lower(Programme.name) == name.strip().lower())
    if existing_id:
        query = query.where(Programme.id != existing_id)
    return db.session.scalar(query) is not None


def _save_programme(form: ProgrammeForm, programme: Programme) -> None:
    programme.name = form.name.data.strip()
    programme.local_authority = form.local_authority.data
    programme.partner_organisation = form.partner_organisation.data.strip()
    programme.focus = list(form.focus.data or [])
    programme.support_contacts = form.support_contacts.data or ""
    chosen = set(form.trainers.data or [])
    programme.trainers = [db.session.get(User, uid) for uid in chosen if db.session.get(User, uid)]


@bp.route("/programmes/new", methods=["GET", "POST"])
@admin_only
def new_programme():
    form = ProgrammeForm()
    form.trainers.choices = _trainer_choices()
    if form.validate_on_submit():
        if _name_taken(form.name.data, None):
            form.name.errors.append("There is already a programme with that name.")
        else:
            programme = Programme(join_code=unique_join_code())
            _save_programme(form, programme)
            db.session.add(programme)
            set_curriculum(programme, default_curriculum(get_catalogue().modules, programme.focus))
            db.session.commit()
            flash(
                f"Programme “{programme.name}” created. Its join code is {programme.join_code}.",
                "success",
            )
            return redirect(url_for("programmes.detail", programme_id=programme.id))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/programme_form.html", form=form, programme=None), status


@bp.route("/programmes/<int:programme_id>/edit", methods=["GET", "POST"])
@admin_only
def edit_programme(programme_id: int):
    programme = db.get_or_404(Programme, programme_id)
    form = ProgrammeForm(obj=programme if request.method == "GET" else None)
    form.trainers.choices = _trainer_choices()
    if request.method == "GET":
        form.trainers.data = [u.id for u in programme.trainers]
    if form.validate_on_submit():
        if _name_taken(form.name.data, programme.id):
            form.name.errors.append("There is already a programme with that name.")
        else:
            _save_programme(form, programme)
            db.session.commit()
            flash("Programme saved.", "success")
            return redirect(url_for("programmes.detail", programme_id=programme.id))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/programme_form.html", form=form, programme=programme), status


@bp.route("/users/new", methods=["GET", "POST"])
@admin_only
def new_user():
    form = StaffForm()
    form.programmes.choices = _programme_choices()
    if form.validate_on_submit():
        user = create_user(
            form.username.data,
            form.display_name.data,
            secrets.token_urlsafe(32),  # never told to anyone: they set their own via the link
            Role(form.role.data),
            email=form.email.data,
        )
        if user.role == Role.TRAINER:
            user.trainer_of = [db.session.get(Programme, pid) for pid in form.programmes.data or []]
        db.session.flush()  # the reset link needs the user's id; one commit, below
        return _show_reset_link(user, created=True)
    status = 400 if request.method == "POST" else 200
    return render_template("admin/user_form.html", form=form), status


def _show_reset_link(user: User, created: bool = False) -> str:
    """Make a new set-a-password link for `user`, commit the request, show the link."""
    link, hours = new_reset_link(user, current_user)
    db.session.commit()
    return render_template(
        "admin/user_link.html", user=user, created=created, link=link, hours=hours
    )


@bp.get("/interest")
@admin_only
def interest():
    chosen = request.args.get("interest", ""), request.args.get("local_authority", "")
    rows = db.session.scalars(filtered(*chosen).limit(1000)).all()
    return render_template(
        "admin/interest.html",
        rows=rows,
        interest=chosen[0],
        local_authority=chosen[1],
        choices=INTEREST_CHOICES,
        retention_days=current_app.config["INTEREST_RETENTION_DAYS"],
    )


@bp.get("/interest.csv")
@admin_only
def interest_csv_download():
    chosen = request.args.get("interest", ""), request.args.get("local_authority", "")
    rows = db.session.scalars(filtered(*chosen)).all()
    return Response(
        interest_csv(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="expressions-of-interest.csv"'},
    )


@bp.post("/users/<int:user_id>/reset-link")
@admin_only
def user_reset_link(user_id: int):
    return _show_reset_link(db.get_or_404(User, user_id))
