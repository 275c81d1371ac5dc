"""`course bench` and `course bench-class`: timing figures of grading, printed, never asserted.

`course bench SERIES`:
- executing the solution notebook top to bottom (a fresh kernel, as a student's "Run all");
- autograding one full-solution submission with nbgrader, in a scratch copy of the course;
- their ratio (target: autograde within 1.3x of plain execution);
- the update latency of each registered widget (target: under 50 ms).

`course bench-class SERIES`: grading throughput on a synthetic class. The class is made from the
release: full solutions, untouched releases and submissions with typical mistakes, in turn. The
same class is graded by stock sequential `nbgrader autograde` (one process, every student) and
then, back to back, by `course grade` (its own process, as an instructor runs it: feedback,
CSV and class plot included) with cold and warm kernels and several worker counts, each in a
fresh scratch copy of the course with a fresh gradebook; the grades of every run are compared
with stock's, and where each `course grade` spent its time is printed.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course.grading.build import build
from course.grading.execute import execute_notebook
from course.grading.grade import grade
from course.grading.layout import CourseLayout
from course.grading.nbgrader_env import open_gradebook, read_config, run_nbgrader, tool_env
from course.grading.samples import solution_answers, typical_answers, write_submission


def machine_summary() -> str:
    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def scratch_course(layout: CourseLayout, series: str, folder: Path, fresh: bool) -> CourseLayout:
    """A copy of the course with `series` only, its gradebook holding the assignment: rebuilt
    from source when `fresh`, else the committed release, recorded by generate_assignment."""
    if fresh:
        copy = layout.copy_to(folder, [series], generated=())
        build(copy, series)
    else:
        copy = layout.copy_to(folder, [series], generated=("release",))
        run_nbgrader(copy, ["generate_assignment", series, "--force"])
    return copy


def time_execution(layout: CourseLayout, series: str) -> float:
    return sum(execute_notebook(p)[1] for p in sorted((layout.solutions / series).glob("*.ipynb")))


def time_autograde(layout: CourseLayout, series: str) -> float:
    """Seconds of stock `nbgrader autograde` of one full-solution submission (gradebook ready)."""
    with tempfile.TemporaryDirectory(prefix="course-bench-") as scratch:
        copy = scratch_course(layout, series, Path(scratch), fresh=False)
        write_submission(copy, series, "bench_student", solution_answers(copy, series))
        start = time.perf_counter()
        result = run_nbgrader(copy, ["autograde", series, "--student=bench_student", "--create"])
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise RuntimeError(f"autograde failed during the benchmark: {result.stderr[-500:]}")
        return seconds


def time_warm_autograde(layout: CourseLayout, series: str, submissions: int = 4) -> float:
    """Median seconds per full-solution submission in one warm worker, once it has started."""
    with tempfile.TemporaryDirectory(prefix="course-bench-") as scratch:
        copy = scratch_course(layout, series, Path(scratch), fresh=False)
        for i in range(submissions):
            write_submission(copy, series, f"bench_{i}", solution_answers(copy, series))
        seconds: list[float] = []
        grade(
            copy,
            series,
            workers=1,
            kernels="warm",
            on_result=lambda done, total, result: seconds.append(result.seconds),
        )
        return statistics.median(seconds[1:])  # the first also waits for the worker's imports


def run_benchmarks(layout: CourseLayout, series: str) -> int:
    print(f"machine: {machine_summary()}")
    execute_s = time_execution(layout, series)
    print(f"{series}: execute solution notebook top to bottom: {execute_s:.2f} s")
    autograde_s = time_autograde(layout, series)
    print(f"{series}: stock nbgrader autograde, one submission: {autograde_s:.2f} s")
    print(f"{series}: stock autograde / execute ratio:         {autograde_s / execute_s:.2f}")
    warm_s = time_warm_autograde(layout, series)
    print(f"{series}: course grade --kernels warm, per submission: {warm_s:.2f} s")
    print(
        f"{series}: warm autograde / execute ratio:          {warm_s / execute_s:.2f} "
        "(target <= 1.3)"
    )
    from .latency import widget_latencies

    for name, seconds in widget_latencies().items():
        print(f"widget {name}: median update {seconds * 1000:.1f} ms (target < 50 ms)")
    return 0


# ------------------------------------------------------------------------------ bench-class


def make_class(layout: CourseLayout, series: str, students: int) -> list[str]:
    """submitted/student_NNN/SERIES for `students` students (solution, release, mistakes...)."""
    kinds = [solution_answers(layout, series), {}, typical_answers(layout, series)]
    names = [f"student_{i:03d}" for i in range(students)]
    for i, name in enumerate(names):
        write_submission(layout, series, name, kinds[i % len(kinds)])
    return names


def gradebook_totals(layout: CourseLayout, series: str) -> dict[str, float]:
    config = read_config(layout)
    with open_gradebook(layout, config.db_url, config.course_id) as gradebook:
        return {
            s.student.id: sum(g.score or 0.0 for nb in s.notebooks for g in nb.grades)
            for s in gradebook.assignment_submissions(series)
        }


def course_grade(copy: CourseLayout, series: str, workers: int, kernels: str):
    """Run `course grade` as an instructor does (its own process); (seconds, phases as JSON)."""
    timings = copy.root / "timings.json"
    command = [sys.executable, "-m", "course.cli", "--root", str(copy.root), "grade", series]
    command += ["--workers", str(workers), "--kernels", kernels, "--timings", str(timings)]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=copy.root, env=tool_env(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"course grade failed during the benchmark: {done.stderr[-800:]}")
    return seconds, json.loads(timings.read_text())


def print_phases(seconds: float, phases: dict) -> None:
    """Where the time of one `course grade` went: the parent's phases, one after another, then
    the work done side by side (summed over workers and submissions)."""
    accounted = sum(phases["wall"].values())
    start_up = "python start-up and imports of `course grade`"
    print(f"    {start_up:<58} {seconds - accounted:>6.2f} s")
    for name, value in phases["wall"].items():
        print(f"    {name:<58} {value:>6.2f} s")
    print("    summed over workers and submissions:")
    for name, value in phases["busy"].items():
        print(f"      {name:<56} {value:>6.2f} s")


def run_class_benchmark(
    layout: CourseLayout,
    series: str,
    students: tuple[int, ...] | int = (40,),
    workers: tuple[int, ...] = (1, 2),
    kernels: tuple[str, ...] = ("cold", "warm"),
) -> int:
    """For each class size: stock sequential `nbgrader autograde`, then `course grade` (its
    own process: reports, feedback and plot included) in each mode, back to back, each in a
    fresh scratch copy of the course; prints the table and where `course grade`'s time went."""
    sizes = (students,) if isinstance(students, int) else tuple(students)
    print(f"machine: {machine_summary()}; {series}; class sizes {', '.join(map(str, sizes))}")
    for size in sizes:
        runs: list[tuple[str, float, dict[str, float], dict | None]] = []
        with tempfile.TemporaryDirectory(prefix="course-bench-class-") as scratch:
            stock = scratch_course(layout, series, Path(scratch) / "stock", fresh=True)
            make_class(stock, series, size)
            start = time.perf_counter()
            run_nbgrader(stock, ["autograde", series, "--create", "--force"])
            runs.append(
                (
                    "stock nbgrader autograde (sequential)",
                    time.perf_counter() - start,
                    gradebook_totals(stock, series),
                    None,
                )
            )
            for mode in kernels:
                for count in workers:
                    copy = scratch_course(layout, series, Path(scratch) / f"{mode}{count}", True)
                    make_class(copy, series, size)
                    seconds, phases = course_grade(copy, series, count, mode)
                    name = f"course grade --kernels {mode} --workers {count}"
                    runs.append((name, seconds, gradebook_totals(copy, series), phases))
        reference = runs[0][1]
        print(f"\nclass of {size} submission(s):")
        print(f"{'run':<44} {'seconds':>8} {'subs/min':>9} {'s/sub':>6} {'vs stock':>9}  grades")
        for name, seconds, totals, _ in runs:
            same = "same" if totals == runs[0][2] else "DIFFERENT"
            print(
                f"{name:<44} {seconds:>8.1f} {60 * size / seconds:>9.1f} "
                f"{seconds / size:>6.2f} {reference / seconds:>8.2f}x  {same}"
            )
        for name, seconds, _, phases in runs[1:]:
            print(f"  where the time of `{name}` went ({seconds:.1f} s):")
            print_phases(seconds, phases)
    return 0
