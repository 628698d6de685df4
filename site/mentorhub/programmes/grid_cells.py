"""The progress grid's cells, each rendered once.

A cell (programmes/_grid_cell.html) shows a trainee's state in one module and depends
only on its status and the parts done of the total, so a page of 30 trainees and 19
modules joins 570 kept strings instead of rendering 570 cells.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import current_app
from markupsafe import Markup

from ..learning.progress import STATUS_LABELS, ModuleProgress
from ..lru import LRU, app_cache

CACHE_SIZE = 1024  # three statuses times the part counts modules have
EXTENSION_KEY = "mentorhub.grid_cells"


def grid_cells(progress: Sequence[ModuleProgress]) -> Markup:
    """One trainee's row of cells, in curriculum order."""
    cache: LRU[tuple, str] = app_cache(EXTENSION_KEY, lambda: LRU(CACHE_SIZE))
    cells = []
    for p in progress:
        key = (p.status, p.done, p.total)
        cell = cache.get(key)
        if cell is None:
            macro = current_app.jinja_env.get_template("programmes/_grid_cell.html").module
            cell = str(macro.grid_cell(*key, STATUS_LABELS))
            cache.put(key, cell)
        cells.append(cell)
    return Markup("".join(cells))
