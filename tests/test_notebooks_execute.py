"""Every notebook students get runs top to bottom in a fresh kernel.

Solutions run without an error and without stderr output. The release runs too: the only errors
are the unsolved exercises' test cells (NotImplementedError), so the narrative and the widgets
work before a student has written anything.
"""

from __future__ import annotations

import pytest
from course_copy import REPO

from course.grading.execute import error_cells, execute_notebook, stderr_cells
from course.grading.notebooks import grader_meta

SOLUTIONS = sorted((REPO / "solutions").glob("*/*.ipynb"))
RELEASES = sorted((REPO / "release").glob("*/*.ipynb"))


def test_notebooks_exist():
    """Are there notebooks to run (so that the tests below cannot pass vacuously)?"""
    assert SOLUTIONS and RELEASES


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.parent.name)
def test_solution_notebook_runs_clean(path):
    """Does the solution notebook run top to bottom with no error and nothing on stderr?"""
    nb, _ = execute_notebook(path, allow_errors=True)
    assert error_cells(nb) == []
    assert stderr_cells(nb) == [], [nb.cells[i].source[:80] for i in stderr_cells(nb)]


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.parent.name)
def test_release_notebook_runs_with_only_exercise_failures(path):
    """Does the release run top to bottom, failing only in the unsolved exercises' test cells?"""
    nb, _ = execute_notebook(path, allow_errors=True)
    failing = {index for index, _ in error_cells(nb)}
    test_cells = {
        index
        for index, cell in enumerate(nb.cells)
        if (grader_meta(cell) or {}).get("grade") and cell.cell_type == "code"
    }
    assert failing <= test_cells, [nb.cells[i].source[:80] for i in failing - test_cells]
    assert failing == test_cells, "every exercise's tests must fail on the release"
    for index, message in error_cells(nb):
        assert message.startswith("NotImplementedError"), (index, message)
