"""A scratch copy of the course (source, release, solutions, config, answers) for pipeline tests."""

from __future__ import annotations

from pathlib import Path

from course.grading.layout import CourseLayout

REPO = Path(__file__).resolve().parents[1]


def copy_course(target: Path, with_generated: bool = True) -> CourseLayout:
    """Copy what `course build` and `course grade` read into `target`; returns its layout."""
    generated = ("release", "solutions") if with_generated else ()
    return CourseLayout(REPO).copy_to(target, generated=generated)
