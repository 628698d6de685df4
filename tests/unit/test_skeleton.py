"""The starting text for a new module, and writing it into a content folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mentorhub.content import Catalogue
from mentorhub.content.loader import load_module
from mentorhub.content.skeleton import ORDER_STEP, skeleton, write_skeleton
from tests.factories import FIXTURES, write_module


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "content", tmp_path / "content")
    return tmp_path / "content"


def load_text(tmp_path: Path, module_id: str, text: str):
    path = tmp_path / "modules" / f"{module_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return load_module(path)


def test_the_skeleton_is_a_valid_module_with_every_kind_of_block(tmp_path: Path):
    module, errors = load_text(tmp_path, "new-module", skeleton("new-module"))
    assert errors == []
    assert module.meta.title == "New module"
    assert module.meta.version == 1
    assert module.meta.order == ORDER_STEP
    assert module.intro_html
    assert [s.id for s in module.sections] == ["the-first-part", "second-part", "the-third-part"]
    assert sorted(b.kind for b in module.blocks) == ["activity", "local", "reflection", "trainer"]
    assert all(s.html.strip() for s in module.sections)
    assert "Only trainers see this" not in "".join(s.html for s in module.sections)


def test_the_skeleton_explains_every_field(tmp_path: Path):
    text = skeleton("new-module")
    front_matter = text.split("---\n")[1]
    for field in (
        "id",
        "title",
        "summary",
        "version",
        "order",
        "duration_minutes",
        "face_to_face_minutes",
        "focus",
        "objectives",
        "prerequisites",
        "content_warning",
        "feedback",
        "reviewed",
        "sources",
    ):
        assert f"\n{field}:" in f"\n{front_matter}", field
    assert front_matter.count("# ") >= 14  # a comment for each field


@pytest.mark.parametrize(
    "title", ['Money: "cash" & cards #1', "Cartrefi a gofal: ŵ", "- starts like a list"]
)
def test_any_title_survives_the_front_matter(tmp_path: Path, title: str):
    module, errors = load_text(tmp_path, "titled", skeleton("titled", title=title, order=75))
    assert errors == []
    assert module.meta.title == title
    assert module.meta.order == 75


@pytest.mark.parametrize("bad_id", ["", "Capitals", "two words", "trailing-", "a--b", "../up"])
def test_bad_ids_are_refused(content_dir: Path, bad_id: str):
    with pytest.raises(ValueError, match="not a valid module id"):
        skeleton(bad_id)
    with pytest.raises(ValueError, match="not a valid module id"):
        write_skeleton(content_dir, bad_id)
    assert sorted(p.name for p in (content_dir / "modules").iterdir()) == ["alpha.md", "beta.md"]


def test_ids_the_site_uses_itself_are_refused(content_dir: Path):
    with pytest.raises(ValueError, match="used by the site itself"):
        write_skeleton(content_dir, "certificate")


@pytest.mark.parametrize("title", ["", "   "])
def test_an_empty_title_is_refused(title: str):
    with pytest.raises(ValueError, match="title"):
        skeleton("new-module", title=title)


def test_writes_a_module_after_the_last_one_that_the_catalogue_loads(content_dir: Path):
    path = write_skeleton(content_dir, "gamma", title="Gamma")
    assert path == content_dir / "modules" / "gamma.md"
    catalogue = Catalogue(content_dir, check_interval=0)
    assert catalogue.problems == []
    assert catalogue.get("gamma").meta.order == 20 + ORDER_STEP  # beta has order 20
    assert [m.id for m in catalogue.modules] == ["alpha", "beta", "gamma"]


def test_an_explicit_order_is_kept(content_dir: Path):
    write_skeleton(content_dir, "gamma", order=15)
    assert Catalogue(content_dir, check_interval=0).get("gamma").meta.order == 15


def test_the_default_order_ignores_broken_files(content_dir: Path):
    (content_dir / "modules" / "broken.md").write_text("no front-matter here")
    write_module(content_dir, "late", order=300)
    path = write_skeleton(content_dir, "gamma")
    assert load_module(path)[0].meta.order == 300 + ORDER_STEP


def test_an_existing_file_is_never_overwritten(content_dir: Path):
    before = (content_dir / "modules" / "alpha.md").read_text(encoding="utf-8")
    with pytest.raises(FileExistsError, match="alpha.md already exists"):
        write_skeleton(content_dir, "alpha")
    assert (content_dir / "modules" / "alpha.md").read_text(encoding="utf-8") == before


def test_a_missing_content_folder_is_refused(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_skeleton(tmp_path / "nowhere", "gamma")
    assert not (tmp_path / "nowhere").exists()


def test_an_empty_content_folder_gets_a_modules_folder(tmp_path: Path):
    path = write_skeleton(tmp_path, "first")
    assert path == tmp_path / "modules" / "first.md"
    module, errors = load_module(path)
    assert errors == [] and module.meta.order == ORDER_STEP
