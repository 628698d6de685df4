"""Loading, validating and rendering the Markdown content. No request handling here.

The stages, each in its own module: `source` (read a file, split front-matter),
`schema` (validate front-matter), `sections` (split the body, find blocks),
`render` (Markdown to sanitised HTML), `loader` (one module), `catalogue` (all
modules, cached and reloaded on change), `check` (what `flask content check` runs).
"""

from .catalogue import Catalogue
from .errors import ContentError
from .module import Block, Module, ModuleMeta, Section
from .render import render_markdown, sanitise

__all__ = [
    "Block",
    "Catalogue",
    "ContentError",
    "Module",
    "ModuleMeta",
    "Section",
    "render_markdown",
    "sanitise",
]
