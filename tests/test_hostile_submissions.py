"""Submissions that fight the grader, each fed through `course grade` (real nbgrader).

Every case starts from the full solution and breaks one thing, so the exercises it does not
touch must keep their marks: what a correct answer earned before a crash stays earned, a warning
costs nothing, and tampering gains nothing but a flag for review. The class is graded twice,
with cold kernels (stock nbgrader per submission) and warm ones (forked from grading workers):
every test holds for both, and both give the same grades.
"""

from __future__ import annotations

import csv
import html
import json
import subprocess
import sys

import nbformat
import pytest
from course_copy import copy_course

from course.grading.build import build
from course.grading.notebooks import read_notebook, without_hidden_tests, write_notebook
from course.grading.samples import solution_answers, write_submission
from course.grading.syllabus import exercises_of

SERIES = "01-floating-point"
EXERCISES = [e.id for e in exercises_of(SERIES)]
pytestmark = pytest.mark.pipeline


def _answers(sol: dict[str, str]) -> dict[str, dict[str, str]]:
    """student -> answers that differ from the solution."""
    return {
        "correct": {},
        "loop_in_function": {"ex03_ulp": "def ulp(x, fmt):\n    while True:\n        pass\n"},
        "loop_at_top_level": {
            "ex05_count_between": sol["ex05_count_between"] + "\nwhile True:\n    pass\n"
        },
        "os_exit": {"ex07_kahan_sum": "import os\n\nos._exit(1)\n" + sol["ex07_kahan_sum"]},
        "segfault": {
            "ex07_kahan_sum": "import ctypes\n\nctypes.string_at(0)\n" + sol["ex07_kahan_sum"]
        },
        "memory_bomb": {
            "ex04_machine_epsilon": sol["ex04_machine_epsilon"]
            + "\n_hog = [bytearray(2**26) for _ in range(10**6)]\n"
        },
        "sys_exit": {"ex02_float_value": "import sys\n\nsys.exit()\n" + sol["ex02_float_value"]},
        "raise_system_exit": {"ex09_softmax": "def softmax(z, axis=-1):\n    raise SystemExit\n"},
        "reset": {"ex12_quadratic_roots": sol["ex12_quadratic_roots"] + "\n%reset -f\n"},
        "warns_on_stderr": {"ex08_logsumexp": _warning_answer(sol["ex08_logsumexp"])},
        "tamper": {
            "ex01_float_bits": "import builtins\nimport warnings\n\nimport numpy as np\n\n"
            "np.allclose = lambda *a, **k: True\n"
            "np.testing.assert_allclose = lambda *a, **k: None\n"
            "builtins.print = lambda *a, **k: None\n"
            "warnings.warn = lambda *a, **k: None\n"
            "AssertionError = Exception\n"
            "_assert_allclose = lambda *a, **k: None\n\n\n"
            "def float_bits(x, fmt):\n    return (0, 0, 0)\n",
            "ex06_welford": "def welford(xs):\n    return (len(xs), 0.0, 0.0)\n\n\n"
            "def welford_merge(a, b):\n    return a\n",
        },
    }


def _warning_answer(solution: str) -> str:
    """The solution, logging a warning on every call through a handler bound to stderr."""
    lines = solution.splitlines()
    body = next(
        i
        for i, line in enumerate(lines)
        if line.strip().startswith("###")
        or (i > 0 and lines[i - 1].rstrip().endswith('"""') and line.startswith("    "))
    )
    lines.insert(body, '    logging.getLogger("student").warning("computing logsumexp")')
    return "import logging\n\nlogging.basicConfig()\n\n" + "\n".join(lines) + "\n"


def _edit(layout, student, change):
    (path,) = (layout.submitted / student / SERIES).glob("*.ipynb")
    nb = read_notebook(path)
    change(nb)
    write_notebook(nb, path)


def _index(nb, grade_id):
    return next(
        i
        for i, c in enumerate(nb.cells)
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
    )


@pytest.fixture(scope="module")
def hostile_class(tmp_path_factory):
    """The scratch course with the hostile class submitted, graded by nobody yet."""
    layout = copy_course(tmp_path_factory.mktemp("hostile"), with_generated=False)
    config = layout.root / "nbgrader_config.py"
    config.write_text(config.read_text() + "\nc.GuardedExecute.memory_limit_mb = 2048\n")
    build(layout, SERIES)
    sol = solution_answers(layout, SERIES)
    for student, changes in _answers(sol).items():
        write_submission(layout, SERIES, student, {**sol, **changes})
    # Cell surgery on otherwise correct submissions.
    for student in (
        "deleted_test_cell",
        "deleted_solution_cell",
        "reordered",
        "edited_tests",
        "huge_outputs",
        "extra_files",
        "zoë_ünïcode",
        "old_nbformat",
    ):
        write_submission(layout, SERIES, student, sol)
    _edit(layout, "deleted_test_cell", lambda nb: nb.cells.pop(_index(nb, "ex06_welford_tests")))
    _edit(layout, "deleted_solution_cell", lambda nb: nb.cells.pop(_index(nb, "ex06_welford")))
    _edit(
        layout, "reordered", lambda nb: nb.cells.append(nb.cells.pop(_index(nb, "ex08_logsumexp")))
    )

    def edit_tests(nb):
        nb.cells[_index(nb, "ex10_bce_with_logits_tests")].source = "pass  # all good"
        nb.cells[
            _index(nb, "ex10_bce_with_logits")
        ].source = "def bce_with_logits(l, t):\n    return 0.0\n"

    _edit(layout, "edited_tests", edit_tests)

    def huge(nb):
        nb.cells[_index(nb, "ex01_float_bits")].outputs = [
            nbformat.v4.new_output("stream", name="stdout", text="x" * 20_000_000)
        ]

    _edit(layout, "huge_outputs", huge)
    (layout.submitted / "extra_files" / SERIES / "notes.txt").write_text("my notes")
    (layout.submitted / "extra_files" / SERIES / "scratch.ipynb").write_text("{}")
    (path,) = (layout.submitted / "old_nbformat" / SERIES).glob("*.ipynb")
    path.write_text(nbformat.writes(nbformat.convert(read_notebook(path), 3)))
    notebook = path.name
    for student, content in {
        "invalid_json": '{"cells": [',
        "empty_file": "",
        "python_file": "import numpy as np\nprint(np.pi)\n",
    }.items():
        folder = layout.submitted / student / SERIES
        folder.mkdir(parents=True)
        (folder / notebook).write_text(content)
    # A browser's second download of the notebook; then two copies, and no telling which counts.
    write_submission(layout, SERIES, "wrong_name", sol)
    wrong = layout.submitted / "wrong_name" / SERIES / notebook
    wrong.rename(wrong.with_name("01-floating-point (1).ipynb"))
    write_submission(layout, SERIES, "two_copies", sol)
    first = layout.submitted / "two_copies" / SERIES / notebook
    (first.parent / "Copy of 01-floating-point.ipynb").write_bytes(first.read_bytes())
    first.rename(first.with_name("01-floating-point (1).ipynb"))

    return layout


RUNS: dict[str, dict] = {}


@pytest.fixture(scope="module", params=["cold", "warm"])
def graded(request, hostile_class):
    """The hostile class graded by `course grade --kernels cold|warm`, as an instructor would."""
    layout = hostile_class
    command = [
        sys.executable,
        "-m",
        "course.cli",
        "grade",
        SERIES,
        "--workers",
        "2",
        "--cell-timeout",
        "10",
        "--kernels",
        request.param,
    ]
    done = subprocess.run(command, cwd=layout.root, capture_output=True, text=True)
    with (layout.reports / f"{SERIES}-grades.csv").open(encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    RUNS[request.param] = rows
    return {"rows": rows, "stdout": done.stdout, "returncode": done.returncode, "layout": layout}


def _scores(row):
    return [float(row[e]) for e in EXERCISES]


def _full_except(row, *lost):
    return _scores(row) == [0.0 if e in lost else 1.0 for e in EXERCISES]


def test_grading_finishes_and_reports_everyone(graded):
    """Does one run grade the whole hostile class and list every student?"""
    assert graded["returncode"] == 0, graded["stdout"][-3000:]
    assert len(graded["rows"]) == 24


def test_correct_submission_gets_full_marks(graded):
    """Is the control case untouched by its neighbours?"""
    assert _full_except(graded["rows"]["correct"])


def test_infinite_loops_cost_only_their_exercise(graded):
    """Does a loop in a function or at a cell's top level time out that cell alone?"""
    rows = graded["rows"]
    assert _full_except(rows["loop_in_function"], "ex03_ulp")
    assert "timed out" in rows["loop_in_function"]["problems"]
    # The loop runs after the function's definition: the cell is stopped, the function stands.
    assert _full_except(rows["loop_at_top_level"])
    assert "timed out" in rows["loop_at_top_level"]["problems"]


@pytest.mark.parametrize("student", ["os_exit", "segfault"])
def test_a_dead_kernel_keeps_the_marks_earned_before(graded, student):
    """Does a kernel killed in exercise 7 keep exercises 1-6 and report why the rest is zero?"""
    row = graded["rows"][student]
    assert _full_except(row, *EXERCISES[6:])
    assert row["status"] == "partial"
    assert "kernel died" in row["problems"] and "not run" in row["problems"]


def test_memory_bomb_ends_only_its_own_cell(graded):
    """Does a memory bomb hit the kernel's memory limit (MemoryError) and nothing else?"""
    row = graded["rows"]["memory_bomb"]
    assert _full_except(row)
    assert "MemoryError" in row["problems"]


def test_exit_and_reset(graded):
    """Do sys.exit, raise SystemExit and %reset -f cost exactly the exercises they break?"""
    rows = graded["rows"]
    assert _full_except(rows["sys_exit"], "ex02_float_value")
    assert _full_except(rows["raise_system_exit"], "ex09_softmax")
    assert _full_except(rows["reset"], "ex12_quadratic_roots")
    assert "reset" in rows["reset"]["flags"]


def test_a_warning_on_stderr_costs_nothing(graded):
    """Does a correct answer that writes a warning to stderr during its tests keep its point?"""
    row = graded["rows"]["warns_on_stderr"]
    assert _full_except(row)
    (path,) = (graded["layout"].autograded / "warns_on_stderr" / SERIES).glob("*.ipynb")
    assert "computing logsumexp" in path.read_text()  # the warning really was printed


def test_cell_surgery(graded):
    """Deleted test cells come back from the source; deleted, moved or edited code earns what it
    earns; edited visible tests are restored."""
    rows = graded["rows"]
    assert _full_except(rows["deleted_test_cell"])
    assert _full_except(rows["deleted_solution_cell"], "ex06_welford")
    assert _full_except(rows["reordered"], "ex08_logsumexp")
    assert _full_except(rows["edited_tests"], "ex10_bce_with_logits")


def test_tampering_gains_nothing_and_is_flagged(graded):
    """Do wrong answers stay wrong when the grader's helpers are reassigned, and is it flagged?"""
    row = graded["rows"]["tamper"]
    assert _full_except(row, "ex01_float_bits", "ex06_welford")
    for needle in (
        "np.allclose",
        "np.testing.assert_allclose",
        "builtins.print",
        "warnings.warn",
        "AssertionError",
        "_assert_allclose",
    ):
        assert needle in row["flags"], needle
    assert graded["rows"]["correct"]["flags"] == ""


def test_files_that_are_not_valid_notebooks(graded):
    """Do broken files get one clear reason each, while odd but valid ones are graded?"""
    rows = graded["rows"]
    assert (
        rows["invalid_json"]["status"] == "failed"
        and "invalid JSON" in rows["invalid_json"]["problems"]
    )
    assert rows["empty_file"]["status"] == "failed" and "empty" in rows["empty_file"]["problems"]
    assert (
        rows["python_file"]["status"] == "failed"
        and "not a notebook" in rows["python_file"]["problems"]
    )
    # A lone misnamed notebook is graded under its name (both runs say so), the file kept.
    assert _full_except(rows["wrong_name"]), rows["wrong_name"]
    assert "01-floating-point (1).ipynb" in rows["wrong_name"]["problems"]
    assert "unexpected" not in rows["wrong_name"]["problems"]
    assert (
        graded["layout"].submitted / "wrong_name" / SERIES / "01-floating-point (1).ipynb"
    ).is_file()
    # Two candidates: reported, not guessed.
    assert rows["two_copies"]["status"] == "failed"
    assert "missing notebook 01-floating-point.ipynb" in rows["two_copies"]["problems"]
    assert "unexpected notebook Copy of 01-floating-point.ipynb" in rows["two_copies"]["problems"]
    for student in ("old_nbformat", "huge_outputs", "extra_files", "zoë_ünïcode"):
        assert _full_except(rows[student]), student
    assert "unexpected notebook scratch.ipynb" in rows["extra_files"]["problems"]


def test_feedback_never_shows_hidden_tests(graded):
    """Does each student's feedback page show scores and visible tests, and no hidden test?"""
    layout = graded["layout"]
    page = (layout.root / "feedback" / "tamper" / SERIES / "01-floating-point.html").read_text()
    assert "ex01_float_bits" in page and "0 / 1" in page
    source = json.loads((layout.source / SERIES / "01-floating-point.ipynb").read_text())
    checked = 0
    for cell in source["cells"]:
        text = "".join(cell["source"])
        if "### BEGIN HIDDEN TESTS" not in text:
            continue
        visible = without_hidden_tests(text)
        hidden = text.split("### BEGIN HIDDEN TESTS")[1].split("### END HIDDEN TESTS")[0]
        for line in hidden.splitlines():
            if len(line.strip()) > 25 and line.strip() not in visible:
                assert html.escape(line.strip()) not in page, line
                checked += 1
    assert checked > 50


def test_class_report_plot_written(graded):
    """Is the per-exercise score plot written for the instructor?"""
    plot = graded["layout"].reports / f"{SERIES}-scores.png"
    assert plot.is_file() and plot.stat().st_size > 10_000


def test_warm_kernels_grade_exactly_as_cold_ones(graded):
    """Once both runs exist: same scores, statuses, problems and flags for every student?"""
    if set(RUNS) != {"cold", "warm"}:
        pytest.skip("needs both runs of the class (runs after the second one)")
    assert RUNS["warm"] == RUNS["cold"]
