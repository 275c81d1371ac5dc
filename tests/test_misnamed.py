"""A notebook saved under a wrong name is graded under the right one, when there is no doubt."""

from __future__ import annotations

import shutil
from pathlib import Path

from course.grading.grade import _grade_ids, adopt_misnamed

REPO = Path(__file__).resolve().parents[1]
RELEASE = REPO / "release" / "01-floating-point" / "01-floating-point.ipynb"
NAME = RELEASE.name


def _expected() -> dict[str, frozenset[str]]:
    ids = _grade_ids(REPO / "source" / "01-floating-point" / NAME)
    assert len(ids) >= 24  # 12 answers, 12 test cells
    return {NAME: ids}


def test_lone_misnamed_notebook_is_copied_and_kept(tmp_path):
    shutil.copyfile(RELEASE, tmp_path / "Copy of 01-floating-point.ipynb")
    notes = adopt_misnamed(tmp_path, _expected())
    assert notes == {
        "Copy of 01-floating-point.ipynb": f"Copy of 01-floating-point.ipynb graded as {NAME} "
        "(misnamed)"
    }
    assert (tmp_path / NAME).read_bytes() == RELEASE.read_bytes()
    assert (tmp_path / "Copy of 01-floating-point.ipynb").is_file()
    assert adopt_misnamed(tmp_path, _expected()) == notes  # a re-run says the same


def test_doubt_or_foreign_files_are_left_alone(tmp_path):
    for name in ("a.ipynb", "b.ipynb"):
        shutil.copyfile(RELEASE, tmp_path / name)
    (tmp_path / "scratch.ipynb").write_text("{}")
    assert adopt_misnamed(tmp_path, _expected()) == {}
    assert not (tmp_path / NAME).exists()
    (tmp_path / "a.ipynb").unlink()
    (tmp_path / "b.ipynb").unlink()
    (tmp_path / "notes.ipynb").write_text(
        '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}'
    )
    assert adopt_misnamed(tmp_path, _expected()) == {}  # a real notebook, but not this one
    assert not (tmp_path / NAME).exists()
