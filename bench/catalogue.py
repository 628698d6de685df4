"""Benchmark: loading and rendering the module catalogue.

Prints, as medians over several runs:
- cold load + render of the shipped modules (a new Catalogue each time);
- the same for 100 generated modules of realistic size;
- a warm look-up (the cached catalogue, including its change check);
- a warm module page and library page through the Flask test client.

Run with `make bench` or `.venv/bin/python bench/catalogue.py`.
"""

from __future__ import annotations

import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config import TestingConfig  # noqa: E402
from mentorhub import create_app  # noqa: E402
from mentorhub.content import Catalogue  # noqa: E402


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def generated_module(n: int) -> str:
    sections = []
    for s in range(5):
        sections.append(
            f"## Part {s + 1}\n\n"
            + "This is a short plain sentence for a trainee to read. " * 12
            + "\n\n- one point\n- another point\n- a third point\n\n"
            + f'!!! activity "Try this {s}"\n    Talk to the person next to you.\n\n'
            + f'!!! trainer "Notes {s}"\n    Ten minutes. Watch for quiet people.\n\n'
        )
    return (
        f"---\nid: generated-{n:03d}\ntitle: Generated module {n}\n"
        "summary: Made for the benchmark.\n"
        f"version: 1\norder: {n}\nduration_minutes: 30\nfocus: [core]\nobjectives: [Read it]\n"
        "prerequisites: []\n---\n\n" + "\n".join(sections)
    )


def cold_load(content_dir: Path) -> int:
    catalogue = Catalogue(content_dir, check_interval=0)
    return len(catalogue.modules)


def main() -> None:
    print(
        f"machine: {platform.machine()}, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.system()} {platform.release()}"
    )
    shipped = ROOT / "content"
    count = cold_load(shipped)
    print(
        f"shipped modules ({count}): cold load+render "
        f"{median_seconds(lambda: cold_load(shipped), 20) * 1000:.1f} ms"
    )

    with tempfile.TemporaryDirectory() as tmp:
        generated = Path(tmp)
        (generated / "modules").mkdir()
        for n in range(100):
            (generated / "modules" / f"generated-{n:03d}.md").write_text(generated_module(n))
        assert cold_load(generated) == 100
        print(
            f"100 generated modules: cold load+render "
            f"{median_seconds(lambda: cold_load(generated), 5) * 1000:.1f} ms"
        )
        warm = Catalogue(generated, check_interval=0)
        warm.refresh()
        print(
            f"100 generated modules: warm look-up with change check "
            f"{median_seconds(lambda: warm.get('generated-050'), 200) * 1e6:.0f} µs"
        )

    app = create_app(TestingConfig)
    client = app.test_client()
    module_id = app.extensions["mentorhub.catalogue"].modules[0].id
    client.get(f"/modules/{module_id}")
    for url in (f"/modules/{module_id}", "/modules"):
        ms = median_seconds(lambda url=url: client.get(url), 200) * 1000
        print(f"warm page {url}: {ms:.2f} ms per request (test client)")


if __name__ == "__main__":
    main()
