"""What `course grade` and `course demo` report: grade tables (CSV and text), the class plot
and the feedback pages, all made by `report_series`."""

from __future__ import annotations

import contextlib
import csv
import importlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .feedback import write_feedback
from .grade import SubmissionResult, check_gradable, grade
from .layout import CourseLayout
from .nbgrader_env import read_config
from .series import Series, load_series
from .syllabus import exercises_of
from .timing import Phases, maybe

if TYPE_CHECKING:
    from .warm import WarmPool


def table_rows(
    series: str, results: list[SubmissionResult], points: dict[str, float]
) -> tuple[list[str], list[list]]:
    """Header and rows: student, each exercise's score, total, max, status, problems."""
    exercises = exercises_of(series)
    header = ["student", *(e.id for e in exercises), "total", "max", "status", "problems", "flags"]
    rows = []
    for result in results:
        scores = [result.scores.get(e.tests_id, 0.0) for e in exercises]
        rows.append(
            [
                result.student,
                *scores,
                sum(scores),
                sum(points.get(e.tests_id, 0.0) for e in exercises),
                result.status,
                "; ".join(result.problems),
                "; ".join(result.flags),
            ]
        )
    return header, rows


def write_csv(
    path: Path, series: str, results: list[SubmissionResult], points: dict[str, float]
) -> Path:
    header, rows = table_rows(series, results, points)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def format_table(series: str, results: list[SubmissionResult], points: dict[str, float]) -> str:
    """A fixed-width text table: exercises as columns numbered 1..12, then total and status."""
    exercises = exercises_of(series)
    width = max([7, *(len(r.student) for r in results)])
    head = f"{'student':<{width}} " + " ".join(f"{i:>3}" for i in range(1, len(exercises) + 1))
    lines = [head + "   total  status"]
    for result in results:
        cells = []
        for exercise in exercises:
            score = result.scores.get(exercise.tests_id)
            cells.append("  -" if score is None else f"{score:>3g}")
        total = sum(result.scores.get(e.tests_id, 0.0) for e in exercises)
        available = sum(points.get(e.tests_id, 0.0) for e in exercises)
        lines.append(
            f"{result.student:<{width}} {' '.join(cells)}   {total:>2g}/{available:g}  "
            f"{result.status}"
        )
        lines += [f"{'':<{width}}   ! {problem}" for problem in result.problems]
        lines += [f"{'':<{width}}   ? review: {flag}" for flag in result.flags]
    legend = ", ".join(f"{i}={e.id}" for i, e in enumerate(exercises, start=1))
    return "\n".join([*lines, "", f"columns: {legend}"])


def plot_class(
    path: Path, series: str, results: list[SubmissionResult], points: dict[str, float]
) -> Path:
    """Bar chart of the share of the class with full, partial and no marks on each exercise."""
    from matplotlib.figure import Figure  # no pyplot: the caller's backend stays as it is

    from ..plotting import PALETTE

    exercises = exercises_of(series)
    graded = [r for r in results if r.status != "failed"] or results
    full, some = [], []
    for exercise in exercises:
        scores = [r.scores.get(exercise.tests_id, 0.0) for r in graded]
        top = points.get(exercise.tests_id, 1.0)
        full.append(sum(s >= top for s in scores) / max(len(scores), 1))
        some.append(sum(0 < s < top for s in scores) / max(len(scores), 1))
    none = [1 - f - s for f, s in zip(full, some, strict=True)]
    fig = Figure(figsize=(8, 0.35 * len(exercises) + 1.5))
    ax = fig.subplots()
    labels = [e.id for e in exercises][::-1]
    left = [0.0] * len(exercises)
    for share, name, colour in (
        (full, "full marks", PALETTE[0]),
        (some, "partial", PALETTE[2]),
        (none, "no marks", PALETTE[1]),
    ):
        values = [100 * v for v in share[::-1]]
        ax.barh(labels, values, left=left, label=name, color=colour)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of graded submissions (%)")
    ax.set_title(f"{series}: which exercises the class fails ({len(graded)} graded)")
    ax.legend(loc="lower right", fontsize="small")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=100)
    return path


@dataclass(frozen=True)
class SeriesReport:
    """A graded series and the files written about it."""

    series: Series
    results: list[SubmissionResult]
    points: dict[str, float]
    csv: Path  # reports/SERIES-grades.csv
    plot: Path  # reports/SERIES-scores.png
    feedback: Path  # feedback/ (one HTML page per student and notebook)

    @property
    def table(self) -> str:
        return format_table(self.series.name, self.results, self.points)

    @property
    def summary(self) -> str:
        results = self.results
        failed = sum(r.status == "failed" for r in results)
        partial = sum(r.status == "partial" for r in results)
        flagged = sum(bool(r.flags) for r in results)
        return (
            f"{len(results)} submission(s): {len(results) - failed - partial} graded, "
            f"{partial} partly graded, {failed} not graded, {flagged} flagged for review"
        )

    @property
    def files(self) -> tuple[tuple[str, Path], ...]:
        return (("gradebook CSV", self.csv), ("class plot", self.plot), ("feedback", self.feedback))

    def full_marks(self, student: str) -> bool:
        """Did `student` earn every point of the series?"""
        result = next(r for r in self.results if r.student == student)
        return sum(result.scores.values()) >= sum(self.points.values())


def _print_now(line: str) -> None:
    print(line, flush=True)


def progress_printer(echo: Callable[[str], None] = _print_now):
    """An `on_result` for `grade`: a progress bar with an estimate of the time left, one line
    per graded submission (printed at once by default, also into a pipe)."""
    start = time.perf_counter()

    def progress(done: int, total: int, result: SubmissionResult) -> None:
        elapsed = time.perf_counter() - start
        left = elapsed / done * (total - done)
        bar = "#" * round(20 * done / total)
        note = f", {len(result.problems)} problem(s)" if result.problems else ""
        note += f", {len(result.flags)} flag(s)" if result.flags else ""
        echo(
            f"[{bar:<20}] {done}/{total} ETA {int(left) // 60}m{int(left) % 60:02d}s  "
            f"{result.student}: {result.status}{note} ({result.seconds:.1f} s)"
        )

    return progress


def report_series(
    layout: CourseLayout,
    series: Series | str,
    workers: int = 1,
    db_url: str | None = None,
    on_result: Callable[[int, int, SubmissionResult], None] | None = None,
    cell_timeout: int | None = None,
    kernels: str = "warm",
    phases: Phases | None = None,
    pool: WarmPool | None = None,
) -> SeriesReport:
    """Grade every submission of `series`, then write its CSV, class plot and feedback pages:
    what `course grade` and `course demo` both run (see `grade` for the options)."""
    with maybe(phases, "set-up (series, config, gradebook check)"):
        check_gradable(layout, str(series), workers, kernels)  # before any notebook is read
        series = load_series(layout, series)
        config = read_config(layout)
    # The plotting stack (matplotlib, seconds to import) loads beside the grading, which mostly
    # waits for the workers, so the plot costs only its drawing at the end.
    plotting = threading.Thread(target=_import_plotting, daemon=True)
    plotting.start()
    results = grade(
        layout,
        series,
        workers=workers,
        db_url=db_url,
        on_result=on_result,
        cell_timeout=cell_timeout,
        kernels=kernels,
        config=config,
        phases=phases,
        pool=pool,
    )
    points = series.points
    name = series.name
    with maybe(phases, "CSV report"):
        csv_path = write_csv(layout.reports / f"{name}-grades.csv", name, results, points)
    with maybe(phases, "feedback pages"):
        feedback = write_feedback(layout, series, results)
    with maybe(phases, "class plot"):
        plotting.join()
        plot = plot_class(layout.reports / f"{name}-scores.png", name, results, points)
    return SeriesReport(
        series=series, results=results, points=points, csv=csv_path, plot=plot, feedback=feedback
    )


def _import_plotting() -> None:
    with contextlib.suppress(Exception):  # plot_class reports a broken matplotlib itself
        importlib.import_module("course.plotting")
