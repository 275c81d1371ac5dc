"""`course bench-class`: grading throughput on a synthetic class, printed, never asserted.

The class is made from the release: full solutions, untouched releases and submissions with
typical mistakes, in turn. The same class is graded by stock sequential `nbgrader autograde`
(one process, every student) and by `course grade` with cold and warm kernels and several worker
counts, each in a fresh scratch copy of the course with a fresh gradebook; the grades of every
run are compared with stock's.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from .bench import machine_summary
from .build import build
from .grade import grade
from .layout import CourseLayout, configured_db_url, open_gradebook, run_nbgrader
from .samples import solution_answers, typical_answers, write_submission


def make_class(layout: CourseLayout, series: str, students: int) -> list[str]:
    """submitted/student_NNN/SERIES for `students` students (solution, release, mistakes...)."""
    kinds = [solution_answers(layout, series), {}, typical_answers(layout, series)]
    names = [f"student_{i:03d}" for i in range(students)]
    for i, name in enumerate(names):
        write_submission(layout, series, name, kinds[i % len(kinds)])
    return names


def scratch_course(layout: CourseLayout, series: str, folder: Path, students: int) -> CourseLayout:
    copy = CourseLayout(folder)
    shutil.copytree(layout.source / series, copy.source / series)
    shutil.copy(layout.root / "nbgrader_config.py", copy.root)
    build(copy, series)
    make_class(copy, series, students)
    return copy


def gradebook_totals(layout: CourseLayout, series: str) -> dict[str, float]:
    with open_gradebook(layout, configured_db_url(layout)) as gradebook:
        return {
            s.student.id: sum(g.score or 0.0 for nb in s.notebooks for g in nb.grades)
            for s in gradebook.assignment_submissions(series)
        }


def run_class_benchmark(
    layout: CourseLayout,
    series: str,
    students: int = 40,
    workers: tuple[int, ...] = (1, 2),
    kernels: tuple[str, ...] = ("cold", "warm"),
) -> int:
    print(f"machine: {machine_summary()}; class of {students} submissions of {series}")
    runs: list[tuple[str, float, dict[str, float]]] = []
    with tempfile.TemporaryDirectory(prefix="course-bench-class-") as scratch:
        stock = scratch_course(layout, series, Path(scratch) / "stock", students)
        start = time.perf_counter()
        run_nbgrader(stock, ["autograde", series, "--create", "--force"])
        runs.append(
            (
                "stock nbgrader autograde (sequential)",
                time.perf_counter() - start,
                gradebook_totals(stock, series),
            )
        )
        for mode in kernels:
            for count in workers:
                copy = scratch_course(layout, series, Path(scratch) / f"{mode}{count}", students)
                start = time.perf_counter()
                grade(copy, series, workers=count, kernels=mode)
                runs.append(
                    (
                        f"course grade --kernels {mode} --workers {count}",
                        time.perf_counter() - start,
                        gradebook_totals(copy, series),
                    )
                )
    reference = runs[0][1]
    print(f"{'run':<44} {'seconds':>8} {'subs/min':>9} {'s/sub':>6} {'vs stock':>9}  grades")
    for name, seconds, totals in runs:
        same = "same" if totals == runs[0][2] else "DIFFERENT"
        print(
            f"{name:<44} {seconds:>8.1f} {60 * students / seconds:>9.1f} "
            f"{seconds / students:>6.2f} {reference / seconds:>8.2f}x  {same}"
        )
    return 0
