"""What several page packages share about learning: the curriculum a trainee sees
(library modules, adapted for their programme), progress, and feedback records.

Layer 3 (see DESIGN.md "Layers"): page packages import these; these import only
models, extensions and `content`, never a page package. Services flush; the request
or CLI command commits.
"""
