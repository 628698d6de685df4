"""An adaptation as one Markdown file that a trainer can read and edit in a text editor.

The file starts with a `---` front-matter block:

    extends: <module id>        required; must be the module being imported into
    programme: <name>           optional; informational
    base_version: <n>           required; whole number >= 1: the library version adapted
    revision: <n>               optional; whole number >= 1

No other keys are allowed (a misspelt key would otherwise be ignored silently).

After it, an optional HTML comment (`<!-- ... -->`) explaining the format, then the
entries. Each entry is a header line starting with `## ` (any line matching the
library's section-heading pattern outside a code fence is a header), followed by its
Markdown, which runs to the next header. Keywords are case-insensitive; `{#id}` is
always the last thing on the line; words after the colon are a title.

    ## Programme introduction        the intro (at most once; may be empty)
    ## Keep: <title> {#id}           library section shown as it is; nothing under it
    ## Replace: <title> {#id}        library section replaced by the Markdown under it
    ## Hide: <title> {#id}           library section hidden; nothing under it
    ## Note before {#id}             Markdown shown before section id; must come directly
                                     before that section's Keep/Replace/Hide line
    ## Note after {#id}              the same, after it; must come directly after that line
    ## New section: <title> {#id}    a programme's own section; `{#id}` may be left out
                                     (the id is then `local-` + the title's slug)
    ## Local box: <title> {#key}     Markdown filling the library's `!!! local` box with
                                     that key; `{#key}` may be left out (the title's slug)

For Keep, Replace, Hide and Local box the title is informational: the id decides. A
note may carry an informational title too (`## Note before: <title> {#id}`).
Keep/Replace/Hide/Note ids must be library section ids, and the Keep/Replace/Hide
lines must follow the library's order (not every section needs a line). A New section
comes after the nearest Keep/Replace/Hide line above it, or at the start if there is
none. Local boxes and the introduction may go anywhere. Entries appear once each.
A `# ` line outside a code fence, text before the first header, and a code fence that
is never closed are errors. Line endings are read as `\\n`; texts are stripped.

The export writes entries in the order the trainee sees them: introduction, new
sections at the start, then for each library section its Note before, its
Keep/Replace/Hide line, its Note after, the local boxes inside it and the new sections
after it. Sections the document changes that the library no longer has come after the
library's sections (their titles are their ids); local boxes the library does not
have come last.

The package: `grammar` holds what both directions share, `export` writes the file,
`reading` turns an uploaded file into its settings and entries, and `importing` checks
the entries and builds the document.
"""

from __future__ import annotations

from .export import SectionLike, export_adaptation, local_boxes_by_section
from .grammar import MAX_IMPORT_BYTES, NEW_SECTION_ID_PREFIX
from .importing import ImportedAdaptation, import_adaptation

__all__ = [
    "MAX_IMPORT_BYTES",
    "NEW_SECTION_ID_PREFIX",
    "ImportedAdaptation",
    "SectionLike",
    "export_adaptation",
    "import_adaptation",
    "local_boxes_by_section",
]
