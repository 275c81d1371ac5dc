"""`course check` / `course build` catch authoring mistakes and name the notebook and cell."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course.grading.build import check_source
from course.grading.layout import CourseLayout
from course.grading.notebooks import (
    answers_of,
    check_series,
    check_source_notebook,
    fill_answers,
    read_notebook,
    solutions_notebook,
)
from course.grading.syllabus import Exercise

REPO = Path(__file__).resolve().parents[1]


def create_cell(source, grade_id, solution=False, grade=False, points=None, locked=False):
    """A code cell with nbgrader metadata, like nbgrader's own test factories."""
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if points is not None:
        meta["points"] = points
    return nbformat.v4.new_code_cell(source, metadata={"nbgrader": meta})


def solution_cell(grade_id="ex01_f", body="return 2 * x"):
    return create_cell(
        f"def f(x):\n    ### BEGIN SOLUTION\n    {body}\n    ### END SOLUTION",
        grade_id,
        solution=True,
    )


def graded_cell(grade_id="ex01_f_tests", points=1):
    return create_cell(
        "assert f(1) == 2\n### BEGIN HIDDEN TESTS\nassert f(2) == 4\n### END HIDDEN TESTS",
        grade_id,
        grade=True,
        points=points,
        locked=True,
    )


def notebook(*cells):
    nb = nbformat.v4.new_notebook(cells=list(cells))
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    return nb


EXERCISES = [Exercise("ex01_f", ("f",))]


def test_a_good_notebook_has_no_problems():
    """Does a well-formed notebook pass both checks?"""
    nb = notebook(solution_cell(), graded_cell())
    assert check_source_notebook(Path("a.ipynb"), nb) == []
    assert check_series({Path("a.ipynb"): nb}, EXERCISES) == []


@pytest.mark.parametrize(
    "cells, message",
    [
        ((solution_cell(), graded_cell(), create_cell("x = 1", "ex01_f")), "grade_id also used"),
        ((solution_cell(), graded_cell(points=0)), "positive points"),
        ((solution_cell(), graded_cell(points=None)), "positive points"),
        (
            (create_cell("def f(x):\n    return 1", "ex01_f", solution=True), graded_cell()),
            "without '### BEGIN SOLUTION'",
        ),
        (
            (
                create_cell(
                    "def f(x):\n    ### BEGIN SOLUTION\n    return 1", "ex01_f", solution=True
                ),
                graded_cell(),
            ),
            "without '### END SOLUTION'",
        ),
        (
            (solution_cell(), create_cell("### BEGIN HIDDEN TESTS\nassert 1", "t", locked=True)),
            "hidden tests in a cell that is not graded",
        ),
        (
            (solution_cell(), create_cell("assert f(1)", "ex01_f_tests", grade=True, points=1)),
            "must be locked",
        ),
    ],
)
def test_cell_problems_are_named(cells, message):
    """Is each authoring mistake reported with the notebook, the cell index and the grade id?"""
    problems = check_source_notebook(Path("nb.ipynb"), notebook(*cells))
    assert any(message in p and p.startswith("nb.ipynb, cell ") for p in problems), problems


def test_outputs_in_source_are_refused():
    """Are outputs and execution counts in a source notebook reported?"""
    cell = solution_cell()
    cell.execution_count = 3
    problems = check_source_notebook(Path("nb.ipynb"), notebook(cell, graded_cell()))
    assert any("without outputs" in p for p in problems)


def test_missing_exercise_and_missing_function_are_reported():
    """Does the series check name a missing exercise and a solution that defines the wrong name?"""
    nb = notebook(solution_cell(body="return 1").copy(), graded_cell())
    nb.cells[0].source = nb.cells[0].source.replace("def f", "def g")
    problems = check_series({Path("a.ipynb"): nb}, [*EXERCISES, Exercise("ex02_h", ("h",))])
    assert any("does not define ['f']" in p for p in problems)
    assert any("exercise ex02_h: no solution cell" in p for p in problems)
    assert any("no graded test cell ex02_h_tests" in p for p in problems)


def test_graded_cell_outside_the_syllabus_is_reported():
    """Is an extra graded cell (a typo in an id, say) reported?"""
    nb = notebook(solution_cell(), graded_cell(), graded_cell("ex01_f_test"))
    assert any("not in the syllabus" in p for p in check_series({Path("a"): nb}, EXERCISES))


def test_solutions_notebook_and_answers():
    """Does the solutions notebook keep the solution, drop markers and hidden tests?"""
    nb = notebook(solution_cell(), graded_cell())
    out = solutions_notebook(nb)
    assert out.cells[0].source == "def f(x):\n    return 2 * x"
    assert "HIDDEN" not in out.cells[1].source and "f(2)" not in out.cells[1].source
    assert answers_of(nb) == {"ex01_f": "def f(x):\n    return 2 * x"}
    filled = fill_answers(nb, {"ex01_f": "def f(x):\n    return 0"})
    assert (
        filled.cells[0].source.endswith("return 0") and nb.cells[0].source != filled.cells[0].source
    )


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "empty"),
        ("{not json", "invalid JSON"),
        ("[1, 2]", "not a notebook"),
        ("import numpy as np\n", "invalid JSON"),
    ],
)
def test_unreadable_notebooks_get_a_clear_error(tmp_path, content, message):
    """Do an empty file, broken JSON and a .py renamed .ipynb give one clear line each?"""
    path = tmp_path / "x.ipynb"
    path.write_text(content)
    with pytest.raises(Exception, match=message):
        read_notebook(path)


def _course_with(tmp_path: Path, nb) -> CourseLayout:
    (tmp_path / "source" / "01-floating-point").mkdir(parents=True)
    nbformat.write(nb, tmp_path / "source" / "01-floating-point" / "01-floating-point.ipynb")
    (tmp_path / "nbgrader_config.py").write_text((REPO / "nbgrader_config.py").read_text())
    return CourseLayout(tmp_path)


def test_build_refuses_a_broken_source_with_a_one_line_message(tmp_path):
    """Does `course build` fail without a traceback, naming the notebook and what is missing?"""
    _course_with(tmp_path, notebook(solution_cell(), graded_cell()))
    done = subprocess.run(
        [sys.executable, "-m", "course.cli", "build"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "ex01_float_bits: no solution cell" in done.stderr
    assert "01-floating-point.ipynb, cell 0 (ex01_f): graded" not in done.stderr
    assert not (tmp_path / "release").exists()


def test_check_reports_problems_of_the_real_layout(tmp_path):
    """Does check_source report a series that is not in the syllabus?"""
    layout = _course_with(tmp_path, notebook(solution_cell(), graded_cell()))
    (tmp_path / "source" / "99-nothing").mkdir()
    assert "not a series of the syllabus" in check_source(layout, "99-nothing")[0]


def test_grade_without_release_is_a_clear_error(tmp_path):
    """Does `course grade` before `course build` say what to do, without a traceback?"""
    _course_with(tmp_path, notebook(solution_cell(), graded_cell()))
    done = subprocess.run(
        [sys.executable, "-m", "course.cli", "grade", "01-floating-point"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "course build 01-floating-point" in done.stderr


def test_unknown_series_is_a_clear_error(tmp_path):
    """Is an unknown series named in the error?"""
    _course_with(tmp_path, notebook(solution_cell(), graded_cell()))
    done = subprocess.run(
        [sys.executable, "-m", "course.cli", "grade", "08-nothing"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "08-nothing" in done.stderr
