"""The programme's readiness checklist: its items (add, rename, remove), the
objectives trainers sign off, and where each trainee is."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice

from ..accounts.permissions import managed_programme, roles_required
from ..catalogue import get_catalogue
from ..extensions import db
from ..learning.cohort import cohort
from ..learning.readiness import (
    add_item,
    ensure_checklist,
    item_in,
    marked_objectives,
    remove_item,
    rename_item,
    set_marked_objectives,
)
from ..learning.readiness_rules import AUTOMATIC, STAGE_LABELS
from ..models import Programme, ReadinessItem, Role
from . import bp
from .forms import ItemForm, ObjectivesForm

staff = roles_required(Role.TRAINER, Role.ADMIN)


def _item_or_404(programme: Programme, item_id: int) -> ReadinessItem:
    item = item_in(programme, item_id)
    if item is None:
        abort(404)
    return item


def _overview(programme: Programme, add_form=None, rename=None, status: int = 200):
    """The page; `rename` is (item id, form) when a rename came back with a problem.
    Never commits: a POST sent back with a problem stores nothing."""
    items = ensure_checklist(programme)
    group = cohort(programme, get_catalogue())
    rename_forms = {item.id: ItemForm(formdata=None, data={"title": item.title}) for item in items}
    if rename:
        rename_forms[rename[0]] = rename[1]
    return render_template(
        "readiness/index.html",
        programme=programme,
        items=items,
        automatic=AUTOMATIC,
        add_form=add_form or ItemForm(formdata=None),
        rename_forms=rename_forms,
        trainees=group.trainees,
        stage_labels=STAGE_LABELS,
        counts=group.counts(),
    ), status


@bp.get("")
@staff
def index(programme_id: int):
    programme = managed_programme(programme_id)
    ensure_checklist(programme)
    db.session.commit()  # the defaults, stored the first time a trainer opens the list
    return _overview(programme)


@bp.post("/items")
@staff
def add(programme_id: int):
    programme = managed_programme(programme_id)
    form = ItemForm()
    if not form.validate_on_submit():
        return _overview(programme, add_form=form, status=400)
    item = add_item(programme, form.title.data)
    db.session.commit()
    flash(f"Added “{item.title}”. Trainers tick it for each trainee.", "success")
    return redirect(url_for("readiness.index", programme_id=programme.id, _anchor="items"))


@bp.post("/items/<int:item_id>/rename")
@staff
def rename(programme_id: int, item_id: int):
    programme = managed_programme(programme_id)
    item = _item_or_404(programme, item_id)
    form = ItemForm(prefix=f"item-{item.id}")
    if not form.validate_on_submit():
        return _overview(programme, rename=(item.id, form), status=400)
    title = form.title.data.strip()
    if not rename_item(item, title):
        flash("That item is no longer on the checklist.", "info")
        return redirect(url_for("readiness.index", programme_id=programme.id, _anchor="items"))
    db.session.commit()
    flash(f"Renamed to “{title}”.", "success")
    return redirect(
        url_for("readiness.index", programme_id=programme.id, _anchor=f"item-{item_id}")
    )


@bp.post("/items/<int:item_id>/remove")
@staff
def remove(programme_id: int, item_id: int):
    programme = managed_programme(programme_id)
    item = item_in(programme, item_id)
    if item is None:  # removed already (a double tap)
        flash("That item is no longer on the checklist.", "info")
        return redirect(url_for("readiness.index", programme_id=programme.id, _anchor="items"))
    title = item.title
    if remove_item(programme, item):
        db.session.commit()
        flash(f"Removed “{title}”.", "success")
    else:
        flash("A checklist needs at least one item: add another before removing this one.", "info")
    return redirect(url_for("readiness.index", programme_id=programme.id, _anchor="items"))


def _objective_choices(programme: Programme) -> list[tuple[str, list[SelectChoice]]]:
    """Per curriculum module with objectives: (title, choices 'module:n')."""
    catalogue = get_catalogue()
    groups = []
    for item in programme.curriculum:
        module = catalogue.get(item.module_id)
        if module and module.meta.objectives:
            groups.append(
                (
                    module.meta.title,
                    [
                        SelectChoice(f"{module.id}:{n}", text)
                        for n, text in enumerate(module.meta.objectives, 1)
                    ],
                )
            )
    return groups


@bp.route("/objectives", methods=["GET", "POST"])
@staff
def objectives(programme_id: int):
    """Which module objectives a trainer signs off for each trainee."""
    programme = managed_programme(programme_id)
    groups = _objective_choices(programme)
    form = ObjectivesForm()
    form.objectives.choices = [choice for _title, choices in groups for choice in choices]
    if request.method == "GET":
        form.objectives.data = [f"{m}:{n}" for m, n in sorted(marked_objectives(programme.id))]
    elif form.validate_on_submit():
        chosen = [value.rsplit(":", 1) for value in form.objectives.data or []]
        set_marked_objectives(programme, [(module_id, int(n)) for module_id, n in chosen])
        db.session.commit()
        flash(f"{len(chosen)} objectives to sign off.", "success")
        return redirect(url_for("readiness.index", programme_id=programme.id))
    elif form.objectives.errors:
        # An objective no longer offered (the curriculum changed meanwhile, or a made-up
        # value): say so in words, not with the value sent.
        form.objectives.errors = [
            "Some of what you ticked is no longer in the curriculum. "
            "Check the ticks below and save again."
        ]
    offered = {str(choice.value) for choice in form.objectives.choices}
    return render_template(
        "readiness/objectives.html",
        programme=programme,
        form=form,
        groups=groups,
        chosen=set(form.objectives.data or []) & offered,
    ), 400 if request.method == "POST" else 200
