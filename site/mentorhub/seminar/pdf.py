"""Seminar materials as PDFs, with the event's name and page numbers on each page."""

from __future__ import annotations

from flask import render_template

from ..content.seminar import Event, Material
from ..pdf import render_pdf


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def page_css(event: Event) -> str:
    return f"""
@page {{
  size: A4; margin: 22mm 18mm 20mm;
  @top-center {{ content: {_css_string(event.title)}; font-size: 8.5pt; color: #555; }}
  @bottom-right {{
    content: "Page " counter(page) " of " counter(pages); font-size: 8.5pt; color: #555;
  }}
}}
body {{ font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; }}
h1 {{ font-size: 18pt; margin: 0 0 4mm; color: #0b4f59; }}
h2 {{ font-size: 13pt; margin: 6mm 0 2mm; break-after: avoid; }}
h3 {{ font-size: 11pt; margin: 4mm 0 1mm; break-after: avoid; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 1px solid #999; padding: 1.5mm 2mm; text-align: left; vertical-align: top; }}
tr, li {{ break-inside: avoid; }}
.kicker {{ color: #555; font-size: 9pt; margin: 0 0 1mm; }}
"""


def render_material_pdf(event: Event, material: Material) -> bytes:
    """Render one Markdown material to PDF. Nothing is fetched over the network."""
    html = render_template("seminar/material_pdf.html", event=event, material=material)
    return render_pdf(html, page_css(event))
