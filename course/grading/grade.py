"""`course grade`: autograde every submission of a series.

Each submission goes through nbgrader's Autograde converter: in a warm worker that forks a
process per notebook (warm.py, the default), or in a stock `nbgrader autograde` process with a
new kernel (cold). A submission that cannot be graded (not a notebook, missing, nbgrader failing
on it) is reported with the reason and never stops the others. Scores are read back from
nbgrader's gradebook, so what the report says is what nbgrader recorded.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .incidents import cell_outcomes, notebook_incidents
from .layout import CourseError, CourseLayout
from .nbgrader_env import CourseConfig, nbgrader_errors, open_gradebook, read_config, run_nbgrader
from .notebooks import NotebookError, graded_cells, read_notebook
from .series import Series, load_series
from .syllabus import exercises_of
from .tamper import scan_notebook
from .timing import Phases, maybe

if TYPE_CHECKING:
    from .warm import WarmPool

# Generous: a whole notebook under nbgrader's per-cell timeouts must fit, but a wedged grader
# process must not hold a worker for ever.
SUBMISSION_TIMEOUT_S = 1800


@dataclass
class SubmissionResult:
    """What happened to one student's submission of a series."""

    student: str
    status: str  # "graded", "partial" (some notebook missing or broken) or "failed"
    scores: dict[str, float] = field(default_factory=dict)  # test cell grade id -> score
    problems: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)  # tamper-scan findings, for review
    seconds: float = 0.0
    # notebook -> {grade id: (passed, line)}, read from the autograded notebook for feedback
    outcomes: dict[str, dict[str, tuple[bool, str]]] = field(
        default_factory=dict, repr=False, compare=False
    )


def _grade_ids(path: Path) -> frozenset[str]:
    """Grade ids of the nbgrader cells in a notebook; empty for a file that is not one."""
    try:
        nb = read_notebook(path)
    except NotebookError:
        return frozenset()
    return frozenset(str(meta.get("grade_id")) for _, _, meta in graded_cells(nb))


def adopt_misnamed(folder: Path, expected: Mapping[str, frozenset[str]]) -> dict[str, str]:
    """Notes {file: what became of it} on notebooks saved under a wrong name ("X (1).ipynb",
    "Copy of X.ipynb").

    A file holding an expected notebook's graded cells while that name is missing is copied to
    the expected name, so nbgrader grades it; the student's file stays as it was. A file identical
    to an expected notebook (such a copy, on a re-run) gets the same note, so re-runs report alike.
    """
    present = {p.name for p in folder.glob("*.ipynb")}
    strays = sorted(present - set(expected))
    notes = {}
    for name in sorted(set(expected) - present):
        holders = [f for f in strays if _grade_ids(folder / f) & expected[name]]
        if len(holders) == 1:  # two candidates: which one the student meant is not ours to guess
            shutil.copyfile(folder / holders[0], folder / name)
            notes[holders[0]] = f"{holders[0]} graded as {name} (misnamed)"
    for stray in strays:
        for name in sorted(set(expected) & present):
            if (folder / stray).read_bytes() == (folder / name).read_bytes():
                notes[stray] = f"{stray} graded as {name} (misnamed)"
    return notes


def check_submission(
    layout: CourseLayout,
    series: Series | str,
    student: str,
    adopted: Mapping[str, str] | None = None,
    read: dict | None = None,
) -> tuple[list[str], bool]:
    """(problems, gradable): missing, unreadable or unexpected notebooks of one submission;
    `adopted` holds the misnamed files that are graded as an expected notebook; the notebooks
    read are put in `read` (name -> notebook) when given."""
    series = load_series(layout, series)
    adopted = adopted or {}
    expected = set(series.notebook_names)
    folder = layout.submitted / student / series.name
    present = {p.name for p in folder.glob("*.ipynb")}
    problems = [f"missing notebook {name}" for name in sorted(expected - present)]
    problems += [
        f"unexpected notebook {name} (expected {sorted(expected)})"
        for name in sorted(present - expected - set(adopted))
    ]
    readable = 0
    for name in sorted(expected & present):
        try:
            nb = read_notebook(folder / name)
            readable += 1
            if read is not None:
                read[name] = nb
        except NotebookError as error:
            problems.append(str(error).replace(str(layout.root) + "/", ""))
    return problems, readable > 0 and readable == len(expected & present)


Autograder = Callable[[str], tuple[bool, str]]  # student -> (nbgrader succeeded, its log)


def cold_autograder(layout: CourseLayout, series: str, db_url: str, options: tuple[str, ...]):
    """Stock route: one `nbgrader autograde` process (and one fresh kernel) per submission."""

    def autograde(student: str) -> tuple[bool, str]:
        args = ["autograde", series, f"--student={student}", "--force", "--create", *options]
        done = run_nbgrader(layout, args, db_url=db_url, timeout=SUBMISSION_TIMEOUT_S)
        return done.returncode == 0, done.stdout + done.stderr

    return autograde


def grade_submission(
    layout: CourseLayout,
    series: Series,
    student: str,
    autograde: Autograder,
    phases: Phases | None = None,
) -> SubmissionResult:
    """Check, scan and autograde one student's submission, then read what happened."""
    start = time.perf_counter()
    submitted = layout.submitted / student / series.name
    adopted = adopt_misnamed(submitted, series.grade_ids)
    notes = [adopted[stray] for stray in sorted(adopted)]
    notebooks: dict = {}
    problems, gradable = check_submission(layout, series, student, adopted, notebooks)
    if not gradable:
        return SubmissionResult(student, "failed", problems=problems or ["nothing to grade"])
    flags = []
    for name in series.notebook_names:
        if (submitted / name).is_file():
            nb = notebooks.get(name) or read_notebook(submitted / name)
            flags += scan_notebook(nb, series.known_sources, series.protected, series.watched)
    checked = time.perf_counter()
    output = ""
    try:
        _, output = autograde(student)
    except Exception as error:  # a timeout or a failure to start: report, go on with the others
        problems.append(f"nbgrader did not finish: {error}")
    graded_at = time.perf_counter()
    complete = not problems
    outcomes = {}
    for name in series.notebook_names:
        graded = layout.autograded / student / series.name / name
        if graded.is_file():
            graded_nb = read_notebook(graded)
            outcomes[name] = cell_outcomes(graded_nb)
            incidents, ran_all = notebook_incidents(graded_nb)
            problems += incidents
            complete = complete and ran_all
        elif (submitted / name).is_file():
            problems.append(f"{name} was not graded: {nbgrader_errors(output)}")
            complete = False
    status = "graded" if complete else "partial"
    if phases is not None:
        phases.add("check and tamper-scan submissions", checked - start)
        phases.add("read graded notebooks (incidents)", time.perf_counter() - graded_at)
    return SubmissionResult(
        student,
        status,
        problems=notes + problems,
        flags=flags,
        seconds=time.perf_counter() - start,
        outcomes=outcomes,
    )


def read_scores(
    layout: CourseLayout,
    series: str,
    results: list[SubmissionResult],
    db_url: str,
    course_id: str | None = None,
) -> None:
    """Fill each result's scores from the gradebook; a student with none there has failed."""
    from nbgrader.api import MissingEntry

    with open_gradebook(layout, db_url, course_id) as gradebook:
        for result in results:
            try:
                submission = gradebook.find_submission(series, result.student)
            except MissingEntry:
                if result.status != "failed":
                    result.status = "failed"
                    result.problems.append("no grades recorded")
                continue
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    result.scores[grade.name] = float(grade.score or 0.0)


def ensure_assignment(
    layout: CourseLayout, series: str, db_url: str, course_id: str | None = None
) -> None:
    """Record the series in the gradebook (a fresh database has none): generate it there.

    nbgrader restores locked cells and checks checksums from what generate_assignment stored, so
    an assignment is only usable in a gradebook that generated it; the release it writes is
    byte-identical to the committed one.
    """
    from nbgrader.api import MissingEntry

    with open_gradebook(layout, db_url, course_id) as gradebook:
        try:
            gradebook.find_assignment(series)
            return
        except MissingEntry:
            pass
    result = run_nbgrader(layout, ["generate_assignment", series, "--force"], db_url=db_url)
    if result.returncode != 0:
        raise CourseError(
            f"{series}: could not record the assignment in the gradebook: "
            f"{nbgrader_errors(result.stdout + result.stderr)}"
        )


def check_gradable(layout: CourseLayout, series: str, workers: int, kernels: str) -> list[str]:
    """The students to grade; CourseError (ValueError for a series outside the syllabus) when
    `course grade` cannot run, before anything is read or started."""
    if kernels not in ("cold", "warm"):
        raise CourseError(f"kernels must be 'cold' or 'warm', got {kernels!r}")
    exercises_of(series)
    if workers < 1:
        raise CourseError(f"--workers must be at least 1, got {workers}")
    if not (layout.release / series).is_dir():
        raise CourseError(f"{series} has no release: run `course build {series}` first")
    students = layout.students(series)
    if not students:
        raise CourseError(f"no submissions of {series} under {layout.submitted}/<student>/")
    return students


def grade(
    layout: CourseLayout,
    series: Series | str,
    workers: int = 1,
    db_url: str | None = None,
    on_result: Callable[[int, int, SubmissionResult], None] | None = None,
    cell_timeout: int | None = None,
    kernels: str = "warm",
    config: CourseConfig | None = None,
    phases: Phases | None = None,
    pool: WarmPool | None = None,
) -> list[SubmissionResult]:
    """Autograde every submission of `series` (a name, or the Series the command has read);
    results in student order.

    `cell_timeout` overrides nbgrader_config.py's per-cell timeout (seconds) for this run.
    `kernels`: "warm" (default) grades in pre-started workers that fork each notebook's process
    (warm.py); "cold" runs stock `nbgrader autograde` per submission, a new kernel each.
    `config`: nbgrader_config.py as the command has read it (read here when not given).
    `phases`: where the time goes, for `course bench-class`.
    `pool`: warm workers the command started first (`warm.start_pool`); grade closes it. Made
    here when not given.
    """
    with maybe(phases, "set-up (series, config, gradebook check)"):
        students = check_gradable(layout, str(series), workers, kernels)
        series = load_series(layout, series)
        config = config or read_config(layout)
        db_url = db_url or config.db_url
    workers = min(workers, len(students))  # a worker with no submission is only start-up
    with contextlib.ExitStack() as stack:
        if kernels == "warm":
            from .warm import WarmPool

            # Started first when not given: the workers import while the gradebook is checked.
            pool = stack.enter_context(pool or WarmPool(layout.root, series.name, workers, phases))
            pool.configure(config, db_url, cell_timeout)
            autograde = functools.partial(pool.autograde, series.name)
        else:
            options = (f"--Execute.timeout={cell_timeout}",) if cell_timeout else ()
            autograde = cold_autograder(layout, series.name, db_url, options)
        with maybe(phases, "set-up (series, config, gradebook check)"):
            ensure_assignment(layout, series.name, db_url, config.course_id)
        results = []
        threads = stack.enter_context(ThreadPoolExecutor(max_workers=workers))
        futures = [
            threads.submit(grade_submission, layout, series, s, autograde, phases) for s in students
        ]
        grading = time.perf_counter()
        try:
            for done, future in enumerate(as_completed(futures), start=1):
                result = future.result()
                results.append(result)
                if on_result:
                    on_result(done, len(students), result)
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        if phases is not None:
            phases.add("grade submissions (workers busy)", time.perf_counter() - grading, True)
        results.sort(key=lambda r: r.student)
        with maybe(phases, "read scores from the gradebook"):
            read_scores(layout, series.name, results, db_url, config.course_id)
        stopping = time.perf_counter()
    if phases is not None:
        phases.add("stop workers", time.perf_counter() - stopping, wall=True)
    return results
