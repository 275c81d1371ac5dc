"""Every series, in-process: solutions and alternatives keep points, mistakes lose them.

For each series with a source notebook and a module of answers under tests/answers/, each case
runs the locked setup cells, one answer and that exercise's test cell (hidden tests included) in a
fresh namespace with tests/harness.py. The real nbgrader pipeline runs the same answers in
tests/test_pipeline.py.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import warnings

import nbformat
import pytest
from harness import REPO, load_cells, run_exercise
from nbgrader.preprocessors import ClearSolutions

from course.grading.layout import CourseLayout
from course.grading.samples import answers_module_name
from course.grading.syllabus import SERIES

LAYOUT = CourseLayout(REPO)
ALL_SERIES = LAYOUT.series()
NOTEBOOKS = {s: LAYOUT.source_notebooks(s)[0] for s in ALL_SERIES}
CELLS = {s: load_cells(NOTEBOOKS[s]) for s in ALL_SERIES}
ANSWERS = {s: importlib.import_module(f"answers.{answers_module_name(s)}") for s in ALL_SERIES}
EXERCISES = [(s, e.id) for s in ALL_SERIES for e in SERIES[s]]
MISTAKES = [(s, e, m) for s, e in EXERCISES for m in ANSWERS[s].MISTAKES.get(e, {})]


def release_stub(source: str) -> str:
    """The solution cell as students get it, made by nbgrader's own ClearSolutions."""
    cell = nbformat.v4.new_code_cell(source)
    assert ClearSolutions()._replace_solution_region(cell, "python")
    return cell.source


@pytest.mark.parametrize("series", ALL_SERIES)
def test_every_exercise_has_an_alternative_and_two_mistakes(series):
    """Does each of the 12 exercises keep one alternative answer and at least two mistakes?"""
    exercises = [e.id for e in SERIES[series]]
    answers = ANSWERS[series]
    assert len(exercises) == 12
    assert sorted(answers.ALTERNATIVES) == sorted(exercises)
    assert sorted(answers.MISTAKES) == sorted(exercises)
    for exercise in exercises:
        assert len(answers.MISTAKES[exercise]) >= 2, exercise


@pytest.mark.parametrize("series", ALL_SERIES)
def test_grade_ids_have_the_nbgrader_metadata(series):
    """Are the setup, solution and test cells there once each, with the metadata nbgrader needs?"""
    exercises = [e.id for e in SERIES[series]]
    nb = json.loads(NOTEBOOKS[series].read_text())
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
    for exercise in exercises:
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
    assert len(by_id) == 3 + 2 * len(exercises)
    for cell in nb["cells"]:
        assert cell["id"] and (cell["cell_type"] != "code" or not cell["outputs"])


@pytest.mark.parametrize("series, exercise", EXERCISES)
def test_source_solution_passes(series, exercise):
    """Does the source solution pass its own tests, hidden ones included?"""
    outcome = run_exercise(CELLS[series], exercise)
    assert outcome.passed, outcome.error


@pytest.mark.parametrize("series, exercise", EXERCISES)
def test_release_stub_fails(series, exercise):
    """Does the unsolved release cell (raise NotImplementedError()) fail the tests?"""
    cells = CELLS[series]
    outcome = run_exercise(cells, exercise, release_stub(cells[exercise]))
    assert not outcome.passed
    assert "NotImplementedError" in outcome.error


@pytest.mark.parametrize("series, exercise", EXERCISES)
def test_alternative_passes(series, exercise):
    """Does a different correct answer keep the point?"""
    outcome = run_exercise(CELLS[series], exercise, ANSWERS[series].ALTERNATIVES[exercise])
    assert outcome.passed, outcome.error


@pytest.mark.parametrize(
    "series, exercise, mistake", MISTAKES, ids=[f"{e}-{m}" for _, e, m in MISTAKES]
)
def test_mistake_fails(series, exercise, mistake):
    """Does this classic mistake lose the point (and not by a crash of the test cell itself)?"""
    code = ANSWERS[series].MISTAKES[exercise][mistake]
    outcome = run_exercise(CELLS[series], exercise, code)
    assert not outcome.passed, f"{exercise}: the mistake {mistake!r} passes the tests"
    assert "NameError" not in outcome.error, outcome.error


@pytest.mark.parametrize("answer", ["solution", "alternative"])
@pytest.mark.parametrize("series, exercise", EXERCISES)
def test_correct_answer_is_silent(series, exercise, answer):
    """Does a correct answer pass with warnings as errors and nothing written to stderr?"""
    cells = CELLS[series]
    run_exercise(cells, exercise)  # the setup cells' imports happen outside the strict filter
    code = None if answer == "solution" else ANSWERS[series].ALTERNATIVES[exercise]
    stderr = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stderr(stderr):
        warnings.simplefilter("error")
        outcome = run_exercise(cells, exercise, code)
    assert outcome.passed, outcome.error
    assert stderr.getvalue() == ""
