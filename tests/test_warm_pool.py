"""Warm grading workers: isolation between submissions, and a clean stop leaving no process."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import psutil
import pytest
from course_copy import copy_course

from course.grading.build import build
from course.grading.grade import grade
from course.grading.samples import solution_answers, write_submission
from course.grading.warm import setup_imports, start_pool

SERIES = "01-floating-point"
pytestmark = pytest.mark.pipeline

PATCHER = """
import math

import numpy as np
import torch

np.sum = lambda *a, **k: 0.0
np.asarray = lambda *a, **k: None
math.fsum = lambda *a, **k: 0.0
torch.tensor = None
import builtins

builtins.abs = lambda x: 0
"""


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    layout = copy_course(tmp_path_factory.mktemp("warm"), with_generated=False)
    build(layout, SERIES)
    return layout


def test_setup_imports_are_only_imports(course):
    """Does a worker pre-import what the locked setup cells import, and nothing of the answers?"""
    modules = setup_imports(course, SERIES)
    assert "numpy" in modules and "torch" in modules
    assert all("solution" not in m and "answers" not in m for m in modules)


def test_the_pool_starts_only_for_something_to_grade(course, tmp_path):
    """Does `course grade` start its workers first only when there are submissions of a built
    series, and no more workers than students?"""
    empty = copy_course(tmp_path / "empty", with_generated=False)
    assert start_pool(empty, SERIES, 2) is None  # no release, no submissions
    write_submission(course, SERIES, "only_one", solution_answers(course, SERIES))
    assert start_pool(course, "09-no-such-series", 2) is None
    assert start_pool(course, SERIES, 0) is None
    pool = start_pool(course, SERIES, 8)
    try:
        assert pool.workers == len(course.students(SERIES)) == 1
    finally:
        pool.close(cancel=True)
        pool.close()  # idempotent


IRI_CHECK = """
import sys
from course.grading.nbgrader_env import skip_iri_format_checks
skip_iri_format_checks()
import nbformat
nb = nbformat.v4.new_notebook()
nbformat.validate(nb)
nb.cells.append({"cell_type": "code", "source": 1})
try:
    nbformat.validate(nb)
except nbformat.ValidationError:
    print("invalid notebook rejected")
try:
    import rfc3987_syntax  # noqa: F401
    print("rfc3987_syntax importable")
except ModuleNotFoundError:
    print("rfc3987_syntax importable")  # not installed here: nothing was skipped
"""


def test_skipping_the_iri_checkers_keeps_notebook_validation():
    """Does the start-up shortcut (jsonschema without its iri checkers) still reject an invalid
    notebook, and leave rfc3987_syntax importable for a student's code?"""
    done = subprocess.run(
        [sys.executable, "-c", IRI_CHECK], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == [
        "invalid notebook rejected",
        "rfc3987_syntax importable",
    ]


def test_a_monkeypatching_submission_cannot_reach_the_next(course):
    """With one warm worker, does a submission that patches numpy, math, torch and builtins
    leave the next student's grading untouched?"""
    solution = solution_answers(course, SERIES)
    patched = dict(solution)
    patched["ex01_float_bits"] = PATCHER + "\n" + solution["ex01_float_bits"]
    write_submission(course, SERIES, "a_patcher", patched)
    write_submission(course, SERIES, "b_correct", solution)
    results = {r.student: r for r in grade(course, SERIES, workers=1, kernels="warm")}
    assert sum(results["b_correct"].scores.values()) == 12
    assert sum(results["a_patcher"].scores.values()) < 12  # its own patches broke its own tests


def _descendants(pid: int) -> list[psutil.Process]:
    return psutil.Process(pid).children(recursive=True)


def _generation(family: list[psutil.Process], top: int, depth: int) -> list[psutil.Process]:
    """The processes of `family` exactly `depth` generations below process `top`."""
    found = []
    for process in family:
        try:
            chain, parent = 1, process.parent()
            while parent is not None and parent.pid != top:
                chain, parent = chain + 1, parent.parent()
        except psutil.NoSuchProcess:
            continue
        if parent is not None and chain == depth:
            found.append(process)
    return found


def _wait_gone(processes: list[psutil.Process], timeout: float) -> list[psutil.Process]:
    _, alive = psutil.wait_procs(processes, timeout=timeout)
    return [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]


@pytest.mark.parametrize("stop", ["ctrl-c", "worker killed"])
def test_the_pool_stops_cleanly(course, stop):
    """On Ctrl-C, or when a worker dies, does grading end and leave no process behind?"""
    loop = {"ex03_ulp": "def ulp(x, fmt):\\n    while True:\\n        pass\\n"}
    for i in range(4):
        write_submission(
            course, SERIES, f"looper_{i}", {**solution_answers(course, SERIES), **loop}
        )
    command = [
        sys.executable,
        "-m",
        "course.cli",
        "grade",
        SERIES,
        "--kernels",
        "warm",
        "--workers",
        "2",
        "--cell-timeout",
        "60",
    ]
    process = subprocess.Popen(
        command, cwd=course.root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    # Wait until both workers run a notebook: course grade -> fork server -> worker -> notebook.
    deadline, family = time.monotonic() + 120, []
    while time.monotonic() < deadline:
        family = _descendants(process.pid)
        if len(_generation(family, process.pid, 3)) >= 2:
            break
        time.sleep(0.5)
    else:
        process.kill()
        process.communicate()
        pytest.fail("the warm workers never started a notebook")
    family = _descendants(process.pid)
    if stop == "ctrl-c":
        process.send_signal(signal.SIGINT)
    else:
        _generation(family, process.pid, 2)[0].kill()
    try:
        process.communicate(timeout=90)  # reads and closes its pipe
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail("course grade did not stop")
    assert _wait_gone(family, timeout=15) == []
