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


def test_unknown_prerequisite_is_a_problem_but_the_module_still_serves(content_dir: Path):
    write_module(content_dir, "gamma", prerequisites=["nowhere"])
    catalogue = Catalogue(content_dir, check_interval=0)
    assert catalogue.get("gamma") is not None
    [problem] = catalogue.problems
    assert problem.field == "prerequisites"
    assert problem.line == 12  # the 'prerequisites:' line of the file
    assert "'nowhere' is not a module" in problem.message


def test_a_broken_prerequisite_takes_out_only_its_own_module(content_dir: Path):
    """Every module may need `alpha`: breaking it must not empty the library."""
    write_module(content_dir, "gamma", prerequisites=["alpha"])
    write_module(content_dir, "delta", prerequisites=["gamma", "alpha"])
    (content_dir / "modules" / "alpha.md").write_text("not a module")
    catalogue = Catalogue(content_dir, check_interval=0)
    assert sorted(m.id for m in catalogue.modules) == ["beta", "delta", "gamma"]
    [problem] = catalogue.problems
    assert problem.path.name == "alpha.md" and "front-matter" in problem.message
    warned = {(w.path.stem, w.field) for w in catalogue.warnings}
    assert warned == {
        ("beta", "prerequisites"),
        ("gamma", "prerequisites"),
        ("delta", "prerequisites"),
    }
    assert all("'alpha' could not be loaded" in w.message for w in catalogue.warnings)


def test_a_deleted_prerequisite_takes_out_only_its_own_module(content_dir: Path):
    (content_dir / "modules" / "alpha.md").unlink()
    catalogue = Catalogue(content_dir, check_interval=0)
    assert [m.id for m in catalogue.modules] == ["beta"]
    [problem] = catalogue.problems
    assert problem.path.stem == "beta" and "'alpha' is not a module" in problem.message


def test_prerequisite_cycle_is_reported_and_the_modules_still_serve(content_dir: Path):
    write_module(content_dir, "one", prerequisites=["two"])
    write_module(content_dir, "two", prerequisites=["three"])
    write_module(content_dir, "three", prerequisites=["one"])
    catalogue = Catalogue(content_dir, check_interval=0)
    assert {m.id for m in catalogue.modules} == {"alpha", "beta", "one", "two", "three"}
    cycle = [p for p in catalogue.problems if "cycle" in p.message]
    assert {p.path.stem for p in cycle} == {"one", "two", "three"}


def test_a_file_deleted_between_listing_and_reading_is_skipped(content_dir: Path, monkeypatch):
    """The folder is listed, then a file goes before its size and date are read
    (an author deleting or renaming a file while the site runs)."""
    catalogue = Catalogue(content_dir, check_interval=0)
    doomed = write_module(content_dir, "doomed")
    real_scandir = os.scandir

    def listing_then_delete(path):
        if Path(path) != doomed.parent:
            return real_scandir(path)
        entries = list(real_scandir(path))
        if doomed.exists():
            doomed.unlink()  # gone after the listing, before stat()
        return iter(entries)

    monkeypatch.setattr("mentorhub.content.catalogue.os.scandir", listing_then_delete)
    assert [m.id for m in catalogue.modules] == ["alpha", "beta"]
    assert catalogue.problems == []


def test_a_file_deleted_between_stat_and_parsing_is_skipped(content_dir: Path, monkeypatch):
    catalogue = Catalogue(content_dir, check_interval=0)
    doomed = write_module(content_dir, "doomed")
    real_load = loader_module.load_module

    deleted: list[Path] = []

    def delete_then_load(path: Path, *args):
        if path == doomed and not deleted:
            doomed.unlink()
            deleted.append(path)
        return real_load(path, *args)

    monkeypatch.setattr("mentorhub.content.catalogue.load_module", delete_then_load)
    assert [m.id for m in catalogue.modules] == ["alpha", "beta"]
    assert catalogue.problems == []
    write_module(content_dir, "doomed")  # and back again
    assert catalogue.get("doomed") is not None


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

    def counting_load(path: Path, *args):
        parsed.append(path)
        return real_load(path, *args)

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
