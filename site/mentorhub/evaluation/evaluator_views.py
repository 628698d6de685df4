"""The evaluator's dashboard: every programme compared, and the monitoring overview."""

from __future__ import annotations

from datetime import date

from flask import Response, render_template, request

from ..accounts.permissions import roles_required
from ..catalogue import get_catalogue
from ..csvfile import csv_text
from ..inputs import query_int
from ..models import LIKERT_ITEMS, Role
from . import bp
from .charts import MEASURES, comparison_chart, distinguishing
from .compare import Filters, compare, filter_options
from .group_monitoring import group_monitoring
from .monitoring import monitoring
from .objectives import objective_changes
from .stats import is_suppressed

evaluators = roles_required(Role.EVALUATOR, Role.ADMIN)


def _date(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _filters() -> Filters:
    return Filters(
        start=_date("start"),
        end=_date("end"),
        programme_id=query_int("programme"),
        module_id=request.args.get("module") or None,
        version=query_int("version"),
    )


@bp.get("/evaluation")
@evaluators
def overview():
    filters = _filters()
    groups = compare(filters)
    titles = {m.id: m.meta.title for m in get_catalogue().modules}
    measure = request.args.get("chart", "recommend")
    if measure not in MEASURES:
        measure = "recommend"
    describe, shared = distinguishing(groups, titles)
    return render_template(
        "evaluation/overview.html",
        filters=filters,
        options=filter_options(),
        groups=groups,
        titles=titles,
        measure=measure,
        measures=MEASURES,
        chart=comparison_chart(groups, measure, describe),
        chart_shared=shared,
        objective_module=_per_objective_module(filters),
        objective_groups=objective_changes(filters),
        item_labels=LIKERT_ITEMS,
        monitoring=monitoring(get_catalogue()),
        group_monitoring=group_monitoring(get_catalogue()),
        query=request.query_string.decode(),
    )


def _per_objective_module(filters: Filters):
    """The filtered module, if it asks a confidence pair per objective."""
    module = get_catalogue().get(filters.module_id) if filters.module_id else None
    return module if module and module.feedback.confidence == "per-objective" else None


@bp.get("/evaluation/exports/aggregates.csv")
@evaluators
def export_aggregates():
    """The comparison table as CSV: a group with fewer than 5 responses has no figures."""
    items = list(LIKERT_ITEMS)
    header = (
        ["module_id", "programme", "module_version", "adaptation_revision", "responses"]
        + [f"{key}_mean" for key in items]
        + ["length_about_right_share", "length_answers"]
        + ["confidence_change_mean", "confidence_change_low", "confidence_change_high"]
    )
    rows = []
    for group in compare(_filters()):
        head = [group.module_id, group.programme, group.version, group.revision or ""]
        if is_suppressed(group.n):
            rows.append([*head, "fewer than 5"] + [""] * (len(items) + 5))
            continue
        means = [_round(group.means[key]) for key in items]
        share = group.length.share_about_right()
        if share is None or is_suppressed(share):
            length_cells = ["fewer than 5" if share is not None else "", ""]
        else:
            length_cells = [round(share, 3), group.length.judged]
        change = group.change
        if change is None or is_suppressed(change):
            change_cells = ["fewer than 5" if change is not None else "", "", ""]
        else:
            change_cells = [_round(change), round(change.low, 3), round(change.high, 3)]
        rows.append([*head, group.n, *means, *length_cells, *change_cells])
    return Response(
        csv_text(header, rows),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="feedback-aggregates.csv"'},
    )


def _round(ci) -> str | float:
    return "" if ci is None or is_suppressed(ci) else round(ci.mean, 3)
