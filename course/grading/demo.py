"""`course demo`: build every series, make three sample submissions, grade them, print grades."""

from __future__ import annotations

from collections.abc import Callable

from .build import build
from .layout import CourseLayout
from .report import report_series
from .samples import solution_answers, typical_answers, write_submission
from .series import Series, load_series

DEMO_STUDENTS = ("demo_solution", "demo_release", "demo_mistakes")


def make_demo_submissions(layout: CourseLayout, series: Series | str) -> list[str]:
    """A full solution, the untouched release, and a student with typical mistakes."""
    series = load_series(layout, series)
    students = [
        write_submission(layout, series.name, "demo_solution", solution_answers(layout, series)),
        write_submission(layout, series.name, "demo_release", {}),
    ]
    mistakes = typical_answers(layout, series)
    if mistakes:
        students.append(write_submission(layout, series.name, "demo_mistakes", mistakes))
    return [folder.parent.name for folder in students]


def run_demo(layout: CourseLayout, workers: int = 2, echo: Callable[[str], None] = print) -> int:
    """Build, submit, grade and print; returns 0 when the solution earned every point."""
    echo("building release/ and solutions/ ...")
    build(layout)
    status = 0
    for name in layout.series():
        series = load_series(layout, name)
        students = make_demo_submissions(layout, series)
        echo(f"\n== {name}: grading {', '.join(students)}")
        report = report_series(layout, series, workers=workers)
        echo(report.table)
        echo(f"gradebook CSV: {report.csv.relative_to(layout.root)}")
        if not report.full_marks("demo_solution"):
            echo(f"!! the solution of {name} did not earn full marks")
            status = 1
    return status
