"""`course demo`: build every series, make three sample submissions, grade them, print grades."""

from __future__ import annotations

from collections.abc import Callable

from .build import build, exercise_points
from .grade import grade
from .layout import CourseLayout
from .report import format_table, write_csv
from .samples import solution_answers, typical_answers, write_submission

DEMO_STUDENTS = ("demo_solution", "demo_release", "demo_mistakes")


def make_demo_submissions(layout: CourseLayout, series: str) -> list[str]:
    """A full solution, the untouched release, and a student with typical mistakes."""
    students = [
        write_submission(layout, series, "demo_solution", solution_answers(layout, series)),
        write_submission(layout, series, "demo_release", {}),
    ]
    mistakes = typical_answers(layout, series)
    if mistakes:
        students.append(write_submission(layout, series, "demo_mistakes", mistakes))
    return [folder.parent.name for folder in students]


def run_demo(layout: CourseLayout, workers: int = 2, echo: Callable[[str], None] = print) -> int:
    """Build, submit, grade and print; returns 0 when the solution earned every point."""
    echo("building release/ and solutions/ ...")
    build(layout)
    status = 0
    for series in layout.series():
        students = make_demo_submissions(layout, series)
        echo(f"\n== {series}: grading {', '.join(students)}")
        results = grade(layout, series, workers=workers)
        points = exercise_points(layout, series)
        csv_path = write_csv(layout.reports / f"{series}-grades.csv", series, results, points)
        echo(format_table(series, results, points))
        echo(f"gradebook CSV: {csv_path.relative_to(layout.root)}")
        solution = next(r for r in results if r.student == "demo_solution")
        if sum(solution.scores.values()) < sum(points.values()):
            echo(f"!! the solution of {series} did not earn full marks")
            status = 1
    return status
