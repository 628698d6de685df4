"""The library of modules: loaded once, reloaded file by file when files change."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..lru import LRU
from . import seminar
from .errors import ContentError
from .loader import load_module
from .module import Module
from .seminar import Event

Stamp = tuple[int, int]  # (mtime_ns, size): cheap to read, changes when a file is saved


@dataclass(frozen=True)
class _Loaded:
    stamp: Stamp
    module: Module | None
    errors: tuple[ContentError, ...]


DEFAULT_MAX_BYTES = 200 * 1024  # the app passes its CONTENT_MAX_BYTES
DEFAULT_PARSED_FILES = 256


class ParsedFiles:
    """Parsed module files shared by every Catalogue in the process, so that several
    apps (tests, CLI commands) reading the same unchanged file parse it once.

    One entry per path: a file saved again replaces its entry (a stale parse is never
    kept beside the new one). Beyond `size` paths, the least recently used goes.
    Each Catalogue keeps the files it serves itself, so a small size costs re-parsing
    in a new Catalogue, never a missing module.
    """

    def __init__(self, size: int = DEFAULT_PARSED_FILES) -> None:
        self._entries: LRU[Path, tuple[int, _Loaded]] = LRU(size)

    @property
    def size(self) -> int:
        return self._entries.size

    def load(self, path: Path, stamp: Stamp, max_bytes: int = DEFAULT_MAX_BYTES) -> _Loaded:
        """The file parsed as it is at `stamp` (under the size limit `max_bytes`), from
        the cache when it can be."""
        limit, found = self._entries.get(path) or (None, None)
        if found is not None and found.stamp == stamp and limit == max_bytes:
            return found
        module, errors = load_module(path, max_bytes)  # not under a lock: parsing takes a while
        found = _Loaded(stamp, module, tuple(errors))
        if module is None and not path.exists():
            return found  # deleted while being read: nothing worth keeping
        self._entries.put(path, (max_bytes, found))
        return found

    def resize(self, size: int) -> None:
        """Hold at most `size` paths from now on, keeping the most recently used."""
        smaller: LRU[Path, tuple[int, _Loaded]] = LRU(max(0, size))
        for path in self.paths():  # oldest first, so the order is kept
            entry = self._entries.get(path)
            if entry is not None:
                smaller.put(path, entry)
        self._entries = smaller

    def paths(self) -> list[Path]:
        """The paths held, least recently used first."""
        return self._entries.keys()

    def __len__(self) -> int:
        return len(self._entries)


parsed_files = ParsedFiles()


def _load(path: Path, stamp: Stamp, max_bytes: int = DEFAULT_MAX_BYTES) -> _Loaded:
    return parsed_files.load(path, stamp, max_bytes)


def check_references(
    modules: dict[str, Module], file_ids: set[str] | frozenset[str] = frozenset()
) -> tuple[list[ContentError], list[ContentError]]:
    """(problems, warnings) about prerequisites. No module is left out for them: one
    bad file takes out one module, and a module whose prerequisite is missing is
    served with that prerequisite shown as unavailable.

    A prerequisite naming no module file, and a cycle, are mistakes in the module
    itself (problems). A prerequisite whose file exists but is broken is a warning:
    the broken file is reported on its own. `file_ids` names every module file.
    """
    problems: list[ContentError] = []
    warnings: list[ContentError] = []
    for module in modules.values():
        for prerequisite in module.meta.prerequisites:
            if prerequisite in modules:
                continue
            if prerequisite in file_ids:
                message = f"{prerequisite!r} could not be loaded, so it is shown as unavailable"
                warnings.append(_prerequisite_error(module, message))
            else:
                problems.append(_prerequisite_error(module, f"{prerequisite!r} is not a module"))
    for cycle_member in sorted(_in_cycles(modules)):
        problems.append(
            _prerequisite_error(modules[cycle_member], "the prerequisites form a cycle")
        )
    return problems, warnings


def _prerequisite_error(module: Module, message: str) -> ContentError:
    line = module.field_lines.get("prerequisites")
    return ContentError(module.path, message, line=line, field="prerequisites")


def _in_cycles(modules: dict[str, Module]) -> set[str]:
    """Ids of modules that can reach themselves through their prerequisites."""
    graph = {mid: set(m.meta.prerequisites) for mid, m in modules.items()}
    in_cycle: set[str] = set()
    for start in graph:
        stack, seen = list(graph[start]), set()
        while stack:
            node = stack.pop()
            if node == start:
                in_cycle.add(start)
                break
            if node not in seen:
                seen.add(node)
                stack.extend(graph.get(node, ()))
    return in_cycle


class Catalogue:
    """Every module in `content_dir/modules`, with the problems of the ones left out.

    `refresh()` is cheap: at most once per `check_interval` seconds it lists the
    folder and compares each file's mtime and size with what was loaded, and
    re-parses only files that changed.
    """

    def __init__(
        self,
        content_dir: Path | str,
        check_interval: float = 2.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> None:
        self.content_dir = Path(content_dir)
        self.modules_dir = self.content_dir / "modules"
        self.check_interval = check_interval
        self.max_bytes = max_bytes  # a module file bigger than this is left out
        self.generation = 0  # goes up whenever what the catalogue serves changes
        self._lock = threading.Lock()
        self._files: dict[Path, _Loaded] = {}
        self._stamps: dict[Path, Stamp] | None = None
        self._checked_at = float("-inf")
        self._modules: dict[str, Module] = {}
        self._problems: list[ContentError] = []
        self._warnings: list[ContentError] = []
        self.seminar_dir = self.content_dir / "seminar"
        self._seminar_stamps: dict | None = None
        self._events: dict[str, Event] = {}
        self._seminar_problems: list[ContentError] = []
        self._seminar_warnings: list[ContentError] = []

    @property
    def modules(self) -> list[Module]:
        """Loaded modules in library order."""
        self.refresh()
        return sorted(self._modules.values(), key=lambda m: (m.meta.order, m.meta.title))

    @property
    def problems(self) -> list[ContentError]:
        """Everything wrong in the content, modules and seminar events alike: files left
        out of the site, and prerequisites that name no module or form a cycle."""
        self.refresh()
        return list(self._problems) + list(self._seminar_problems)

    @property
    def warnings(self) -> list[ContentError]:
        """Things worth fixing that do not stop anything being served."""
        self.refresh()
        return list(self._warnings) + list(self._seminar_warnings)

    @property
    def events(self) -> list[Event]:
        """Seminar events, newest first."""
        self.refresh()
        return sorted(self._events.values(), key=lambda e: (e.date, e.slug), reverse=True)

    def event(self, slug: str) -> Event | None:
        self.refresh()
        return self._events.get(slug)

    def get(self, module_id: str) -> Module | None:
        self.refresh()
        return self._modules.get(module_id)

    def refresh(self, force: bool = False) -> bool:
        """Reload changed files; return True if anything changed."""
        now = time.monotonic()
        if not force and now - self._checked_at < self.check_interval:
            return False
        with self._lock:
            self._checked_at = now
            changed = False
            stamps = self._scan()
            if stamps != self._stamps:
                self._reload(stamps)
                changed = True
            seminar_stamps = seminar.stamps(self.seminar_dir)
            if seminar_stamps != self._seminar_stamps:
                self._events, self._seminar_problems, self._seminar_warnings = seminar.load_events(
                    self.seminar_dir
                )
                self._seminar_stamps = seminar_stamps
                changed = True
            if changed:
                self.generation += 1
            return changed

    def _scan(self) -> dict[Path, Stamp]:
        try:
            entries = sorted(os.scandir(self.modules_dir), key=lambda e: e.name)
        except FileNotFoundError:
            return {}
        stamps = {}
        for entry in entries:
            if not entry.name.endswith(".md"):
                continue
            try:
                if not entry.is_file():
                    continue
                stat = entry.stat()
            except FileNotFoundError:
                continue  # deleted since the folder was listed: it is simply not there
            stamps[Path(entry.path)] = (stat.st_mtime_ns, stat.st_size)
        return stamps

    def _reload(self, stamps: dict[Path, Stamp]) -> None:
        files = {}
        for path, stamp in list(stamps.items()):
            cached = self._files.get(path)
            fresh = cached and cached.stamp == stamp
            loaded = cached if fresh else _load(path, stamp, self.max_bytes)
            if loaded.module is None and not path.exists():
                del stamps[path]  # deleted while being read: as if never listed
                continue
            files[path] = loaded
        modules = {f.module.id: f.module for f in files.values() if f.module is not None}
        reference_problems, reference_warnings = check_references(
            modules, {path.stem for path in files}
        )
        self._files, self._stamps = files, stamps
        self._modules = modules
        self._problems = _sorted_errors(
            [e for f in files.values() for e in f.errors] + reference_problems
        )
        self._warnings = _sorted_errors(reference_warnings)


def _sorted_errors(errors: Iterable[ContentError]) -> list[ContentError]:
    return sorted(errors, key=lambda e: (str(e.path), e.line or 0))
