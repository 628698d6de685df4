"""Local adaptation pages: a programme adapts library modules without touching the files.

The adaptation itself lives in `learning` (layer 3): `adaptation_doc` (what a programme
changes), `adaptation_merge` and `adaptation_build` (what trainees see), `adaptations`
(reading and writing revisions). Here: `checks` (what may be saved), `files` (export
and import), `diff` and `review` (comparing revisions, and library updates) are plain
functions with no Flask or database; the views (`blueprint` registers them) are thin.
Importing this package loads none of them.
"""
