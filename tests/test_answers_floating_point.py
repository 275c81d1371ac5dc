"""Series 01-floating-point in-process: solutions and alternatives keep points, mistakes lose them.

Each case runs the locked setup cells, one answer and that exercise's test cell (hidden tests
included) in a fresh namespace with tests/harness.py. The real nbgrader pipeline runs the same
answers in tests/test_pipeline.py.
"""

from __future__ import annotations

import contextlib
import io
import json
import warnings

import nbformat
import pytest
from answers import floating_point as answers
from harness import REPO, load_cells, run_exercise
from nbgrader.preprocessors import ClearSolutions

from course.grading.syllabus import SERIES

NOTEBOOK = REPO / "source" / "01-floating-point" / "01-floating-point.ipynb"
EXERCISES = [exercise.id for exercise in SERIES["01-floating-point"]]
CELLS = load_cells(NOTEBOOK)
MISTAKES = [(ex, name) for ex in EXERCISES for name in answers.MISTAKES.get(ex, {})]


def release_stub(source: str) -> str:
    """The solution cell as students get it, made by nbgrader's own ClearSolutions."""
    cell = nbformat.v4.new_code_cell(source)
    assert ClearSolutions()._replace_solution_region(cell, "python")
    return cell.source


def test_every_exercise_has_an_alternative_and_two_mistakes():
    """Does each of the 12 exercises keep one alternative answer and at least two mistakes?"""
    assert len(EXERCISES) == 12
    assert sorted(answers.ALTERNATIVES) == sorted(EXERCISES)
    assert sorted(answers.MISTAKES) == sorted(EXERCISES)
    for exercise in EXERCISES:
        assert len(answers.MISTAKES[exercise]) >= 2, exercise


def test_grade_ids_have_the_nbgrader_metadata():
    """Are the setup, solution and test cells there once each, with the metadata nbgrader needs?"""
    nb = json.loads(NOTEBOOK.read_text())
    assert nb["nbformat"] == 4 and nb["nbformat_minor"] == 5
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    metas = [c["metadata"]["nbgrader"] for c in nb["cells"] if "nbgrader" in c["metadata"]]
    by_id = {meta["grade_id"]: meta for meta in metas}
    assert len(by_id) == len(metas), "duplicate grade ids"
    common = {"schema_version": 3, "task": False}
    for setup in ("setup_colab", "setup_imports", "setup_references"):
        assert by_id[setup] == {
            **common,
            "grade_id": setup,
            "grade": False,
            "solution": False,
            "locked": True,
        }
    for exercise in EXERCISES:
        assert by_id[exercise] == {
            **common,
            "grade_id": exercise,
            "grade": False,
            "solution": True,
            "locked": False,
        }
        tests = f"{exercise}_tests"
        assert by_id[tests] == {
            **common,
            "grade_id": tests,
            "grade": True,
            "solution": False,
            "locked": True,
            "points": 1,
        }
    assert len(by_id) == 3 + 2 * len(EXERCISES)
    for cell in nb["cells"]:
        assert cell["id"] and (cell["cell_type"] != "code" or not cell["outputs"])


@pytest.mark.parametrize("exercise", EXERCISES)
def test_source_solution_passes(exercise):
    """Does the source solution pass its own tests, hidden ones included?"""
    outcome = run_exercise(CELLS, exercise)
    assert outcome.passed, outcome.error


@pytest.mark.parametrize("exercise", EXERCISES)
def test_release_stub_fails(exercise):
    """Does the unsolved release cell (raise NotImplementedError()) fail the tests?"""
    outcome = run_exercise(CELLS, exercise, release_stub(CELLS[exercise]))
    assert not outcome.passed
    assert "NotImplementedError" in outcome.error


@pytest.mark.parametrize("exercise", EXERCISES)
def test_alternative_passes(exercise):
    """Does a different correct answer keep the point?"""
    outcome = run_exercise(CELLS, exercise, answers.ALTERNATIVES[exercise])
    assert outcome.passed, outcome.error


@pytest.mark.parametrize("exercise, mistake", MISTAKES, ids=[f"{e}-{m}" for e, m in MISTAKES])
def test_mistake_fails(exercise, mistake):
    """Does this classic mistake lose the point (and not by a crash of the test cell itself)?"""
    outcome = run_exercise(CELLS, exercise, answers.MISTAKES[exercise][mistake])
    assert not outcome.passed, f"{exercise}: the mistake {mistake!r} passes the tests"
    assert "NameError" not in outcome.error, outcome.error


@pytest.mark.parametrize("answer", ["solution", "alternative"])
@pytest.mark.parametrize("exercise", EXERCISES)
def test_correct_answer_is_silent(exercise, answer):
    """Does a correct answer pass with warnings as errors and nothing written to stderr?"""
    run_exercise(CELLS, exercise)  # the setup cells' imports happen outside the strict filter
    code = None if answer == "solution" else answers.ALTERNATIVES[exercise]
    stderr = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stderr(stderr):
        warnings.simplefilter("error")
        outcome = run_exercise(CELLS, exercise, code)
    assert outcome.passed, outcome.error
    assert stderr.getvalue() == ""
