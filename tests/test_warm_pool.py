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
from course.grading.warm import setup_imports

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
    # Wait until both workers run a notebook: the forked children are the workers' children.
    deadline, family = time.monotonic() + 120, []
    while time.monotonic() < deadline:
        family = _descendants(process.pid)
        workers = [p for p in family if p.ppid() == process.pid]
        if sum(len(w.children()) for w in workers) >= 2:
            break
        time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("the warm workers never started a notebook")
    family = _descendants(process.pid)
    if stop == "ctrl-c":
        process.send_signal(signal.SIGINT)
    else:
        next(p for p in family if p.ppid() == process.pid).kill()
    try:
        process.wait(timeout=90)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail("course grade did not stop")
    assert _wait_gone(family, timeout=15) == []
