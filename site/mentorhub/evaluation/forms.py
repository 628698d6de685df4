"""The feedback form, built for each module from its feedback spec."""

from __future__ import annotations

from wtforms import RadioField, SelectChoice, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..content import Module
from ..forms import SiteForm
from ..learning.feedback import FeedbackAnswers, confidence_keys
from ..models import ASKED_ITEMS, LENGTH_ANSWERS, LENGTH_QUESTION, LIKERT_ITEMS, FeedbackResponse

TEXT_MAX = 2000
AGREE = ["Strongly disagree", "Disagree", "Not sure", "Agree", "Strongly agree"]
CONFIDENT = ["Not at all confident", "A little", "Fairly", "Quite", "Very confident"]


def _scale(label: str, words: list[str], required: str | None) -> RadioField:
    validators = [DataRequired(required)] if required else [Optional()]
    return RadioField(
        label,
        choices=[SelectChoice(n, f"{n}: {word}") for n, word in enumerate(words, 1)],
        coerce=int,
        validators=validators,
    )


def _text(label: str) -> TextAreaField:
    return TextAreaField(
        label,
        validators=[
            Optional(),
            Length(max=TEXT_MAX, message=f"Please keep it under {TEXT_MAX:,} characters."),
        ],
    )


class FeedbackBase(SiteForm):
    helped_most = _text("What helped you most? (optional)")
    would_change = _text("What would you change? (optional)")


def feedback_form_for(module: Module, response: FeedbackResponse | None = None) -> SiteForm:
    """A form class made for this module, filled with an earlier answer if there is one."""
    fields = {}
    for key in ASKED_ITEMS:
        fields[key] = _scale(LIKERT_ITEMS[key], AGREE, "Choose one answer.")
        if key == "clear":  # the length question follows "It was clear"
            fields["length"] = RadioField(
                LENGTH_QUESTION,
                choices=[SelectChoice(n, word) for n, word in LENGTH_ANSWERS.items()],
                coerce=int,
                validators=[DataRequired("Choose one answer.")],
            )
    for prefix, about in confidence_keys(module):
        fields[f"{prefix}_before"] = _scale(
            f"Before this module: how confident did you feel about {about}?",
            CONFIDENT,
            "Choose how you felt before.",
        )
        fields[f"{prefix}_after"] = _scale(
            f"Now: how confident do you feel about {about}?", CONFIDENT, "Choose how you feel now."
        )
    for question in module.feedback.questions:
        name = f"extra_{question.id.replace('-', '_')}"
        if question.type == "likert":
            fields[name] = _scale(question.label, AGREE, None)
        elif question.type == "choice":
            fields[name] = RadioField(
                question.label,
                choices=[SelectChoice(o, o) for o in question.options],
                validators=[Optional()],
            )
        else:
            fields[name] = _text(question.label)
    form_class = type("ModuleFeedbackForm", (FeedbackBase,), fields)
    return form_class(data=response_data(module, response) if response else None)


def response_data(module: Module, response: FeedbackResponse) -> dict:
    """An earlier response as form data, to edit it."""
    data = {key: getattr(response, key) for key in ASKED_ITEMS}
    data["length"] = response.length  # None for a response from before the length question
    data.update(helped_most=response.helped_most, would_change=response.would_change)
    data["confidence_before"] = response.confidence_before
    data["confidence_after"] = response.confidence_after
    for answer in response.answers:
        field = answer.key.replace("-", "_") if answer.key.startswith("extra-") else answer.key
        data[field] = answer.number if answer.number is not None else answer.text
    return data


def answers_from_form(form: SiteForm, module: Module) -> FeedbackAnswers:
    """The answers of a validated feedback form, as plain values for `save_response`."""
    more: dict[str, int | str | None] = {}
    pair: tuple[int | None, int | None] = (None, None)
    for prefix, _about in confidence_keys(module):
        before, after = form[f"{prefix}_before"].data, form[f"{prefix}_after"].data
        if prefix == "confidence":
            pair = (before, after)
        else:
            more[f"{prefix}_before"], more[f"{prefix}_after"] = before, after
    for question in module.feedback.questions:
        more[f"extra-{question.id}"] = form[f"extra_{question.id.replace('-', '_')}"].data
    return FeedbackAnswers(
        **{key: form[key].data for key in ASKED_ITEMS},
        length=form.length.data,
        confidence_before=pair[0],
        confidence_after=pair[1],
        helped_most=form.helped_most.data or "",
        would_change=form.would_change.data or "",
        more=more,
    )
