"""Local adaptation: a programme adapts library modules without touching the files.

`document` (what a programme changes), `merge` and `build` (what trainees see),
`checks` (what may be saved), `files` (export and import), `diff` and `review`
(comparing revisions, and library updates) are plain functions with no Flask or
database. `store` reads and writes revisions; the views (`blueprint` registers
them) are thin. Importing this package loads none of them.
"""
