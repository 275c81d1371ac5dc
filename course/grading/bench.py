"""`course bench`: timing figures of a series, printed, never asserted.

- executing the solution notebook top to bottom (a fresh kernel, as a student's "Run all");
- autograding one full-solution submission with nbgrader, in a scratch copy of the course;
- their ratio (target: autograde within 1.3x of plain execution);
- the update latency of each widget's computation and drawing (target: under 50 ms).
"""

from __future__ import annotations

import platform
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from .execute import execute_notebook
from .layout import CourseLayout, run_nbgrader
from .samples import solution_answers, write_submission


def machine_summary() -> str:
    import os

    cpu = platform.processor() or platform.machine()
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def time_execution(layout: CourseLayout, series: str) -> float:
    return sum(execute_notebook(p)[1] for p in sorted((layout.solutions / series).glob("*.ipynb")))


def _scratch(layout: CourseLayout, series: str, folder: Path) -> CourseLayout:
    copy = CourseLayout(folder)
    for name in ("source", "release"):
        shutil.copytree(layout.root / name / series, copy.root / name / series)
    shutil.copy(layout.root / "nbgrader_config.py", copy.root)
    run_nbgrader(copy, ["generate_assignment", series, "--force"])
    return copy


def time_autograde(layout: CourseLayout, series: str) -> float:
    """Seconds of stock `nbgrader autograde` of one full-solution submission (gradebook ready)."""
    with tempfile.TemporaryDirectory(prefix="course-bench-") as scratch:
        copy = _scratch(layout, series, Path(scratch))
        write_submission(copy, series, "bench_student", solution_answers(copy, series))
        start = time.perf_counter()
        result = run_nbgrader(copy, ["autograde", series, "--student=bench_student", "--create"])
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise RuntimeError(f"autograde failed during the benchmark: {result.stderr[-500:]}")
        return seconds


def time_warm_autograde(layout: CourseLayout, series: str, submissions: int = 4) -> float:
    """Median seconds per full-solution submission in one warm worker, once it has started."""
    from .grade import grade

    with tempfile.TemporaryDirectory(prefix="course-bench-") as scratch:
        copy = _scratch(layout, series, Path(scratch))
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
    from ..widgets.latency import widget_latencies

    for name, seconds in widget_latencies().items():
        print(f"widget {name}: median update {seconds * 1000:.1f} ms (target < 50 ms)")
    return 0
