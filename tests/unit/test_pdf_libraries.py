"""The PDF stack is complete: WeasyPrint imports without a warning.

WeasyPrint checks its system libraries when first imported, which the app does
lazily, inside the first request for a PDF. A missing library (HarfBuzz's subsetter,
fonts) is only a warning, but the suite turns warnings into errors, so it used to
surface as failures of whichever tests happened to render a PDF (the trainer-notes
test among them), far from the cause. This test names the cause instead.
"""

from __future__ import annotations

import subprocess
import sys


def test_weasyprint_imports_without_warnings():
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", "import weasyprint"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    last_line = (done.stderr.strip().splitlines() or [""])[-1]
    assert done.returncode == 0, (
        f"WeasyPrint warns when imported: {last_line}\n"
        "Install its libraries, e.g. on Debian: apt-get install libpango-1.0-0 "
        "libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 fonts-dejavu-core"
    )
