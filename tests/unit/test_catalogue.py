"""The catalogue: cross-file checks, caching, and reloading when files change."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from mentorhub.content import Catalogue
from mentorhub.content import loader as loader_module
from mentorhub.content.catalogue import ParsedFiles, parsed_files
from tests.factories import FIXTURES, write_module


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return tmp_path / "content"


def bump_mtime(path: Path) -> None:
    """Make sure a rewrite is seen even on file systems with coarse timestamps."""
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_loads_modules_in_library_order(content_dir: Path):
    catalogue = Catalogue(content_dir, check_interval=0)
    assert [m.id for m in catalogue.modules] == ["alpha", "beta"]
    assert catalogue.problems == []
    assert catalogue.get("beta").meta.prerequisites == ("alpha",)
    assert catalogue.get("missing") is None


def test_unknown_prerequisite_is_reported_and_module_left_out(content_dir: Path):
    write_module(content_dir, "gamma", prerequisites=["nowhere"])
    catalogue = Catalogue(content_dir, check_interval=0)
    assert catalogue.get("gamma") is None
    [problem] = catalogue.problems
    assert problem.field == "prerequisites"
    assert problem.line == 12  # the 'prerequisites:' line of the file
    assert "'nowhere' is not a module" in problem.message


def test_module_needing_a_broken_module_is_left_out_too(content_dir: Path):
    (content_dir / "modules" / "alpha.md").write_text("not a module")
    catalogue = Catalogue(content_dir, check_interval=0)
    assert catalogue.modules == []
    messages = [p.message for p in catalogue.problems]
    assert any("front-matter" in m for m in messages)
    assert any("'alpha' could not be loaded" in m for m in messages)


def test_prerequisite_cycle_is_reported(content_dir: Path):
    write_module(content_dir, "one", prerequisites=["two"])
    write_module(content_dir, "two", prerequisites=["three"])
    write_module(content_dir, "three", prerequisites=["one"])
    catalogue = Catalogue(content_dir, check_interval=0)
    assert {m.id for m in catalogue.modules} == {"alpha", "beta"}
    cycle = [p for p in catalogue.problems if "cycle" in p.message]
    assert {p.path.stem for p in cycle} == {"one", "two", "three"}


def test_broken_file_does_not_stop_the_others(content_dir: Path):
    shutil.copy(FIXTURES / "broken" / "bad-yaml.md", content_dir / "modules")
    catalogue = Catalogue(content_dir, check_interval=0)
    assert [m.id for m in catalogue.modules] == ["alpha", "beta"]
    assert [p.path.name for p in catalogue.problems] == ["bad-yaml.md"]


def test_changed_added_and_removed_files_are_noticed_without_restart(content_dir: Path):
    catalogue = Catalogue(content_dir, check_interval=0)
    catalogue.refresh()
    generation = catalogue.generation
    assert catalogue.get("alpha").meta.title == "Alpha module"

    alpha = content_dir / "modules" / "alpha.md"
    alpha.write_text(alpha.read_text().replace("Alpha module", "Alpha, revised"))
    bump_mtime(alpha)
    assert catalogue.get("alpha").meta.title == "Alpha, revised"

    write_module(content_dir, "delta")
    assert catalogue.get("delta") is not None

    (content_dir / "modules" / "delta.md").unlink()
    assert catalogue.get("delta") is None
    assert catalogue.generation == generation + 3


def test_unchanged_files_are_not_parsed_again(content_dir: Path, monkeypatch):
    catalogue = Catalogue(content_dir, check_interval=0)
    catalogue.refresh()
    parsed: list[Path] = []
    real_load = loader_module.load_module

    def counting_load(path: Path):
        parsed.append(path)
        return real_load(path)

    monkeypatch.setattr("mentorhub.content.catalogue.load_module", counting_load)
    assert catalogue.refresh() is False  # nothing changed: nothing parsed
    write_module(content_dir, "delta")
    assert catalogue.refresh() is True
    assert [p.name for p in parsed] == ["delta.md"]


def test_check_interval_limits_how_often_the_folder_is_scanned(content_dir: Path):
    catalogue = Catalogue(content_dir, check_interval=3600)
    assert len(catalogue.modules) == 2
    write_module(content_dir, "delta")
    assert len(catalogue.modules) == 2  # not looked at again within the interval
    catalogue.refresh(force=True)
    assert len(catalogue.modules) == 3


def test_missing_folder_gives_an_empty_catalogue(tmp_path: Path):
    catalogue = Catalogue(tmp_path / "nowhere", check_interval=0)
    assert catalogue.modules == []


# --- the parsed files shared by every catalogue in the process ------------------------


def test_a_file_edited_many_times_keeps_one_parsed_entry(content_dir: Path):
    catalogue = Catalogue(content_dir, check_interval=0)
    path = content_dir / "modules" / "alpha.md"
    for edit in range(25):
        write_module(content_dir, "alpha", title=f"Alpha, edit {edit}")
        bump_mtime(path)
        assert catalogue.get("alpha").meta.title == f"Alpha, edit {edit}"
    held = [p for p in parsed_files.paths() if p.parent == content_dir / "modules"]
    assert sorted(p.name for p in held) == ["alpha.md", "beta.md"]
    # A new catalogue of the same folder is served the last edit, not an older parse.
    assert Catalogue(content_dir, check_interval=0).get("alpha").meta.title == "Alpha, edit 24"


def test_parsed_files_keep_at_most_their_size_dropping_the_least_recently_used(tmp_path: Path):
    store = ParsedFiles(size=3)
    paths = [write_module(tmp_path, f"m{n}") for n in range(5)]

    def load(path: Path):
        stat = path.stat()
        return store.load(path, (stat.st_mtime_ns, stat.st_size))

    for path in paths[:3]:
        load(path)
    first = load(paths[0])  # used again: now the most recent
    assert load(paths[0]) is first  # a hit, not parsed again
    load(paths[3])
    load(paths[4])
    assert len(store) == 3
    assert [p.name for p in store.paths()] == ["m0.md", "m3.md", "m4.md"]
    store.resize(1)
    assert [p.name for p in store.paths()] == ["m4.md"]


def test_a_catalogue_serves_every_module_when_the_shared_store_is_smaller(content_dir: Path):
    for n in range(4):
        write_module(content_dir, f"extra-{n}")
    size = parsed_files.size
    parsed_files.resize(2)
    try:
        catalogue = Catalogue(content_dir, check_interval=0)
        assert len(catalogue.modules) == 6
        assert len(parsed_files) <= 2
    finally:
        parsed_files.resize(size)
