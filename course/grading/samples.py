"""Sample submissions made from the release: what a demo and the pipeline tests grade.

A submission is the release notebook with some solution cells filled in, as a student would
hand it in. The answers other than the solution (alternatives, typical mistakes) live in the
course repository under tests/answers/<series module>.py, never in this package.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType

from .layout import CourseError, CourseLayout
from .notebooks import fill_answers, read_notebook, write_notebook
from .series import Series, load_series


def answers_module_name(series: str) -> str:
    """'01-floating-point' -> 'floating_point'."""
    return series.split("-", 1)[1].replace("-", "_")


def load_answers(layout: CourseLayout, series: str) -> ModuleType | None:
    """The series' module of alternative and wrong answers, if the repository has one."""
    path = layout.answers / f"{answers_module_name(series)}.py"
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"course_answers_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def solution_answers(layout: CourseLayout, series: Series | str) -> dict[str, str]:
    """Grade id -> the solution's code, for every solution cell of the series."""
    return load_series(layout, series).answers


def typical_answers(layout: CourseLayout, series: Series | str) -> dict[str, str]:
    """A typical student: correct on every other exercise, a classic mistake on the rest."""
    module = load_answers(layout, str(series))
    if module is None:
        return {}
    answers = solution_answers(layout, series)
    for number, (exercise, wrong) in enumerate(sorted(module.MISTAKES.items())):
        if wrong and number % 2 == 0:
            answers[exercise] = next(iter(wrong.values()))
    return answers


def write_submission(
    layout: CourseLayout, series: str, student: str, answers: dict[str, str]
) -> Path:
    """submitted/STUDENT/SERIES/: every release notebook with `answers` filled in."""
    release = layout.release / series
    if not release.is_dir():
        raise CourseError(f"{series} has no release: run `course build {series}` first")
    folder = layout.submitted / student / series
    shutil.rmtree(folder, ignore_errors=True)
    for path in sorted(release.glob("*.ipynb")):
        write_notebook(fill_answers(read_notebook(path), answers), folder / path.name)
    return folder
