"""A scratch copy of the course (source, release, solutions, config, answers) for pipeline tests."""

from __future__ import annotations

import shutil
from pathlib import Path

from course.grading.layout import CourseLayout

REPO = Path(__file__).resolve().parents[1]


def copy_course(target: Path, with_generated: bool = True) -> CourseLayout:
    """Copy what `course build` and `course grade` read into `target`; returns its layout."""
    names = ["source", "release", "solutions"] if with_generated else ["source"]
    for name in names:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, target / name)
    shutil.copytree(REPO / "tests" / "answers", target / "tests" / "answers")
    shutil.copy(REPO / "nbgrader_config.py", target / "nbgrader_config.py")
    return CourseLayout(target)
