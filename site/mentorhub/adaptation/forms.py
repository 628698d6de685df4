"""The adaptation editor's form, made for one library module, and its mapping to and
from an AdaptationDoc."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf.file import FileField, FileRequired, FileSize
from wtforms import (
    BooleanField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

from ..content import Module
from ..content.slugs import slugify
from ..forms import SiteForm, SiteSubform
from ..learning.adaptation_doc import (
    ACTION_LABELS,
    Action,
    AdaptationDoc,
    NewSection,
    SectionChange,
)
from .files import MAX_IMPORT_BYTES
from .own_text import starting_text

TEXT_LIMIT = 20_000
MESSAGE_HINT = "For example: “Added our office address”. This helps your team later."


def section_key(section_id: str) -> str:
    return "s_" + section_id.replace("-", "_")


def local_key(block_key: str) -> str:
    return "local_" + block_key.replace("-", "_")


def _text(label: str, description: str = "") -> TextAreaField:
    return TextAreaField(
        label, description=description, validators=[Optional(), Length(max=TEXT_LIMIT)]
    )


class NewSectionForm(SiteSubform):
    id = HiddenField()
    title = StringField("Title", validators=[Optional(), Length(max=120)])
    text = _text("Text")
    after = SelectField("Where it goes", choices=[], validate_choice=False)
    remove = BooleanField("Remove this section")


class ImportForm(SiteForm):
    file = FileField(
        "Adaptation file (.md)",
        description="A file exported from this page, up to 200 KB.",
        validators=[
            FileRequired("Choose a file to import."),
            FileSize(MAX_IMPORT_BYTES, message="The file is over 200 KB. Is it the right file?"),
        ],
    )


def position_choices(module: Module) -> list[SelectChoice]:
    return [SelectChoice("", "At the start, before the first section")] + [
        SelectChoice(s.id, f"After “{s.title}”") for s in module.sections
    ]


def editor_form_class(module: Module) -> type[SiteForm]:
    """A form class with a field for every choice this module offers."""
    fields: dict[str, object] = {
        "intro": _text(
            "Programme introduction",
            "Shown at the top of the module. Say what this module means in your programme.",
        ),
        "message": StringField(
            "What did you change? (optional)",
            description=MESSAGE_HINT,
            validators=[Optional(), Length(max=200)],
        ),
        # The revision the trainer started from: saving over a newer one is refused.
        "based_on": HiddenField(default="0"),
        "new": FieldList(FormField(NewSectionForm), min_entries=0),
        "add_title": StringField(
            "Title of the new section", validators=[Optional(), Length(max=120)]
        ),
        "add_text": _text("Text of the new section"),
        "add_after": SelectField("Where it goes", choices=[], validate_choice=False),
    }
    for section in module.sections:
        key = section_key(section.id)
        fields[f"{key}_action"] = RadioField(
            f"What to do with “{section.title}”",
            choices=[SelectChoice(str(a), ACTION_LABELS[a]) for a in Action],
            default=str(Action.KEEP),
        )
        fields[f"{key}_text"] = _text(
            "Your own text for this section",
            "Used only if you choose “Use our own text”. It starts as the library's text "
            "(without the “In your programme” boxes, which you fill in below), ready to change.",
        )
        fields[f"{key}_note_before"] = _text("A note before this section (optional)")
        fields[f"{key}_note_after"] = _text("A note after this section (optional)")
    for block in module.blocks:
        if block.kind == "local":
            fields[local_key(block.key)] = _text(
                f"“{block.title}”", "Leave it empty to show the library's text."
            )
    return type("AdaptationEditorForm", (SiteForm,), fields)


def editor_form(module: Module, doc: AdaptationDoc | None = None, **kwargs) -> SiteForm:
    """The editor form; filled from `doc` when given (else from the request)."""
    form_class = editor_form_class(module)
    if doc is None:
        form = form_class(**kwargs)
    else:
        form = form_class(formdata=None, data=_data(module, doc), **kwargs)
    choices = position_choices(module)
    form.add_after.choices = choices
    for entry in form.new:
        entry.form.after.choices = choices
    return form


def _data(module: Module, doc: AdaptationDoc) -> dict[str, object]:
    data: dict[str, object] = {"intro": doc.intro, "add_after": _last_id(module)}
    for section in module.sections:
        key, change = section_key(section.id), doc.change(section.id)
        data[f"{key}_action"] = str(change.action)
        data[f"{key}_text"] = change.text or starting_text(section.markdown)
        data[f"{key}_note_before"] = change.note_before
        data[f"{key}_note_after"] = change.note_after
    for block_key, text in doc.local_blocks.items():
        data[local_key(block_key)] = text
    data["new"] = [
        {"id": n.id, "title": n.title, "text": n.text, "after": n.after or ""}
        for n in doc.new_sections
    ]
    return data


def _last_id(module: Module) -> str:
    return module.sections[-1].id if module.sections else ""


def doc_from_form(form: SiteForm, module: Module) -> AdaptationDoc:
    """What the trainer asked for. Not validated here: see `checks.doc_problems`."""
    changes = {}
    for section in module.sections:
        key = section_key(section.id)
        action = form[f"{key}_action"].data
        change = SectionChange(
            action=Action(action) if action in set(Action) else Action.KEEP,
            text=form[f"{key}_text"].data or "",
            note_before=form[f"{key}_note_before"].data or "",
            note_after=form[f"{key}_note_after"].data or "",
        )
        if change.action is not Action.REPLACE:
            change = SectionChange(change.action, "", change.note_before, change.note_after)
        changes[section.id] = change
    local = {
        block.key: form[local_key(block.key)].data or ""
        for block in module.blocks
        if block.kind == "local"
    }
    doc = AdaptationDoc(
        intro=form.intro.data or "",
        changes=changes,
        new_sections=tuple(_new_sections(form, module)),
        local_blocks=local,
    )
    return doc.normalised()


def _new_sections(form: SiteForm, module: Module) -> Iterable[NewSection]:
    valid_anchors = {s.id for s in module.sections}
    taken = set(valid_anchors)
    for entry in form.new:
        sub = entry.form
        if sub.remove.data:
            continue
        section_id = sub.id.data or new_section_id(sub.title.data or "", taken)
        taken.add(section_id)
        after = sub.after.data if sub.after.data in valid_anchors else None
        yield NewSection(section_id, sub.title.data or "", sub.text.data or "", after)
    if (form.add_title.data or "").strip() or (form.add_text.data or "").strip():
        after = form.add_after.data if form.add_after.data in valid_anchors else None
        section_id = new_section_id(form.add_title.data or "", taken)
        yield NewSection(section_id, form.add_title.data or "", form.add_text.data or "", after)


def new_section_id(title: str, taken: set[str]) -> str:
    """A stable id for a programme's own section: from its title, never one in use."""
    stem = slugify(title)[:60].strip("-") or "our-section"
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    return candidate


def attach_problems(form: SiteForm, module: Module, problems: list[tuple[str, str]]) -> None:
    """Put each (key, message) from `checks.doc_problems` beside its field."""
    new_by_id = {entry.form.id.data: entry.form for entry in form.new if entry.form.id.data}
    for key, message in problems:
        field = _field_for(form, module, key, new_by_id)
        field.errors = [*field.errors, message] if isinstance(field.errors, list) else [message]


def _field_for(form, module, key: str, new_by_id):
    if key in ("intro",):
        return form.intro
    if key == "sections":
        return form[f"{section_key(module.sections[0].id)}_action"]
    for section in module.sections:
        prefix = f"section-{section.id}-"
        if key.startswith(prefix):
            return form[f"{section_key(section.id)}_{key.removeprefix(prefix)}"]
    if key.startswith("local-") and local_key(key.removeprefix("local-")) in form:
        return form[local_key(key.removeprefix("local-"))]
    if key.startswith("new-"):
        for section_id, sub in new_by_id.items():
            prefix = f"new-{section_id}-"
            if key.startswith(prefix):
                part = key.removeprefix(prefix)
                return sub[part] if part in ("title", "text") else sub.title
        return form.add_title if key.endswith("-title") else form.add_text
    return form.intro
