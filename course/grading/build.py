"""`course build`: check the source notebooks, then generate release/ and solutions/.

The release comes from `nbgrader generate_assignment` (stubs for solutions, hidden tests removed,
checksums recorded in the gradebook); the solutions are the source notebooks with the solution
markers and the hidden tests taken out. Both are byte-deterministic, so a rebuild of an unchanged
source changes nothing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from .layout import CourseError, CourseLayout
from .nbgrader_env import nbgrader_errors, run_nbgrader
from .notebooks import (
    BEGIN_HIDDEN,
    BEGIN_SOLUTION,
    END_HIDDEN,
    END_SOLUTION,
    check_series,
    check_source_notebook,
    read_notebook,
    solutions_notebook,
    write_notebook,
)
from .syllabus import SERIES, exercises_of


def check_source(layout: CourseLayout, series: str) -> list[str]:
    """Every authoring problem of a series' source notebooks (empty when it is fine)."""
    if series not in SERIES:
        return [f"{series}: not a series of the syllabus ({', '.join(SERIES)})"]
    paths = layout.source_notebooks(series)
    if not paths:
        return [f"{layout.source / series}: no notebook"]
    problems, notebooks = [], {}
    for path in paths:
        relative = path.relative_to(layout.root)
        try:
            notebooks[relative] = nb = read_notebook(path)
        except CourseError as error:
            problems.append(str(error))
            continue
        problems += check_source_notebook(relative, nb)
    if len(notebooks) == len(paths):
        problems += check_series(notebooks, exercises_of(series))
    return problems


def leaked_markers(folder: Path) -> list[str]:
    """Release notebooks that still hold a solution or a hidden test (must be none)."""
    markers = (BEGIN_SOLUTION, END_SOLUTION, BEGIN_HIDDEN, END_HIDDEN)
    return [
        str(path)
        for path in sorted(folder.rglob("*.ipynb"))
        if any(marker in path.read_text(encoding="utf-8") for marker in markers)
    ]


def build_series(layout: CourseLayout, series: str, db_url: str | None = None) -> list[Path]:
    """Check, then generate release/SERIES and solutions/SERIES; returns the files written."""
    problems = check_source(layout, series)
    if problems:
        raise CourseError(f"{series}: source check failed:\n  " + "\n  ".join(problems))
    release = layout.release / series
    shutil.rmtree(release, ignore_errors=True)
    result = run_nbgrader(layout, ["generate_assignment", series, "--force"], db_url=db_url)
    if result.returncode != 0 or not release.is_dir():
        errors = nbgrader_errors(result.stdout + result.stderr)
        raise CourseError(f"{series}: nbgrader generate_assignment failed: {errors}")
    leaks = leaked_markers(release)
    if leaks:
        raise CourseError(f"{series}: the release still holds solutions or hidden tests: {leaks}")
    solutions = layout.solutions / series
    shutil.rmtree(solutions, ignore_errors=True)
    written = sorted(release.rglob("*.ipynb"))
    for path in layout.source_notebooks(series):
        target = solutions / path.name
        write_notebook(solutions_notebook(read_notebook(path)), target)
        written.append(target)
    return written


def build(layout: CourseLayout, series: str | None = None, db_url: str | None = None) -> list[Path]:
    """Build one series, or every series that has a source folder."""
    names = [series] if series else layout.series()
    if not names:
        raise CourseError(f"no series under {layout.source}")
    written = []
    for name in names:
        written += build_series(layout, name, db_url=db_url)
    return written


def exercise_points(layout: CourseLayout, series: str) -> dict[str, float]:
    """Points of each graded cell of a series, from its source notebooks."""
    from .series import load_series

    return load_series(layout, series).points
