"""What export and import share: entry kinds, patterns, settings and the help comment."""

from __future__ import annotations

import re
from enum import StrEnum

from ...learning.adaptation_doc import Action

MAX_IMPORT_BYTES = 200 * 1024
# The settings block is four short lines; a few thousand characters is already odd.
MAX_SETTINGS_CHARS = 4_000

#: Prefix of the id given to a New section written without `{#id}`.
NEW_SECTION_ID_PREFIX = "local-"

HELP_COMMENT = """<!--
This file is your programme's version of the library module "{module_id}".
You can change it in any text editor and upload it again.

Each part starts with a line beginning "## ". These are the kinds of line:

  ## Programme introduction       your introduction, shown above the module
  ## Keep: Title {{#id}}            show the library's text for this section
  ## Replace: Title {{#id}}         show your own text, written under the line, instead
  ## Hide: Title {{#id}}            do not show this section
  ## Note before {{#id}}            your note, shown just before that section
  ## Note after {{#id}}             your note, shown just after that section
  ## New section: Title {{#id}}     a section you write yourself; it comes after
                                 the Keep, Replace or Hide line above it
  ## Local box: Title {{#id}}       what to show in one of the library's local boxes

To change what happens to a section, change the word Keep, Replace or Hide.
The {{#id}} at the end of a line says which section it is about: do not change it.
The words before it are only there to help you.
A "Note before" goes straight above the section's line, a "Note after" straight below.
Do not start any other line with "## " or "# ": use "### " for headings in your text.
The lines between the two "---" lines at the top are settings: leave them as they are.
-->"""


class Kind(StrEnum):
    """The kinds of entry, named as a trainer reads them in the file."""

    INTRO = "Programme introduction"
    KEEP = "Keep"
    REPLACE = "Replace"
    HIDE = "Hide"
    NOTE_BEFORE = "Note before"
    NOTE_AFTER = "Note after"
    NEW = "New section"
    LOCAL = "Local box"


SECTION_KINDS = {Kind.KEEP: Action.KEEP, Kind.REPLACE: Action.REPLACE, Kind.HIDE: Action.HIDE}
KIND_OF_ACTION = {action: kind for kind, action in SECTION_KINDS.items()}
NOTE_KINDS = (Kind.NOTE_BEFORE, Kind.NOTE_AFTER)
KIND_RE = re.compile(
    r"^(?:(?P<intro>program(?:me)?\s+introduction)\s*:?"
    r"|(?P<note>note\s+(?:before|after))\s*(?::\s*(?P<note_title>.*))?"
    r"|(?P<word>keep|replace|hide|new\s+section|local\s+box)\s*:\s*(?P<title>.*))$",
    re.IGNORECASE,
)
ALLOWED_KEYS = ("extends", "programme", "base_version", "revision")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
