"""A programme's adapted module as a PDF, for face-to-face sessions."""

from __future__ import annotations

from flask import render_template

from ..content import Module
from ..models import Programme
from ..pdf import render_pdf

PAGE_CSS = """
@page {
  size: A4; margin: 20mm 18mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8.5pt; }
}
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 18pt; margin: 0 0 3mm; color: #0b4f59; }
h2 { font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }
h3 { font-size: 11pt; margin: 3mm 0 1mm; break-after: avoid; }
.kicker { color: #555; font-size: 9pt; }
.block { border-left: 3pt solid #666; padding: 1mm 3mm; margin: 3mm 0; break-inside: avoid; }
.block-trainer { border-left-color: #000; background: #eee; }
.block-programme, .block-local { border-left-color: #8a4b00; }
.block-kind { font-weight: bold; }
li { break-inside: avoid; }
"""


def render_module_pdf(programme: Programme, module: Module, *, with_notes: bool) -> bytes:
    html = render_template(
        "adaptation/module_pdf.html", programme=programme, module=module, with_notes=with_notes
    )
    return render_pdf(html, PAGE_CSS)
