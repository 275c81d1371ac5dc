"""What every command reads once and passes on: the Series, nbgrader_config.py, the scratch copy,
and the environment nbgrader runs in."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from course_copy import REPO

from course.grading.layout import CourseError, CourseLayout
from course.grading.nbgrader_env import _tools_first, read_config, tool_env
from course.grading.notebooks import BEGIN_HIDDEN, graded_cells, read_notebook
from course.grading.series import load_series
from course.grading.syllabus import SERIES
from course.grading.warm import worker_config

LAYOUT = CourseLayout(REPO)
ALL_SERIES = LAYOUT.series()


@pytest.mark.parametrize("name", ALL_SERIES)
def test_a_series_holds_what_the_commands_need(name):
    """Exercises, points, grade ids, setup cells, protected names and visible tests, read once."""
    series = load_series(LAYOUT, name)
    assert load_series(LAYOUT, series) is series  # passed on, never read again
    assert series.exercises == SERIES[name] and series.notebook_names == (f"{name}.ipynb",)
    assert set(series.points) == {e.tests_id for e in series.exercises}
    assert sum(series.points.values()) == 12
    ids = series.grade_ids[f"{name}.ipynb"]
    assert {e.id for e in series.exercises} | set(series.points) <= ids
    assert set(series.answers) == {e.id for e in series.exercises}
    assert "numpy" in series.setup_imports and "course.checks" in series.setup_imports
    assert {"np", "_quiet", "_forbid"} <= series.protected
    notebook = series.notebooks[0]
    assert list(notebook.visible_tests) == list(notebook.points)
    assert all(BEGIN_HIDDEN not in text for text in notebook.visible_tests.values())
    nb = read_notebook(notebook.path)
    assert {c.source for c in nb.cells if c.cell_type == "code"} <= series.known_sources
    setup = [
        c.source
        for _, c, m in graded_cells(nb)
        if m.get("locked") and not m.get("grade") and c.cell_type == "code"
    ]
    assert notebook.setup_cells == tuple(setup) and len(setup) >= 2
    with pytest.raises(TypeError):
        notebook.points["x"] = 1.0  # frozen: no command changes what another reads


def test_unknown_and_missing_series_fail_by_name(tmp_path):
    """Is a series outside the syllabus a ValueError, and one without a source a CourseError?"""
    with pytest.raises(ValueError, match="99-nothing"):
        load_series(LAYOUT, "99-nothing")
    with pytest.raises(CourseError, match="no source folder"):
        load_series(CourseLayout(tmp_path), "02-linear-algebra")


def test_config_is_read_once_and_copied_before_a_change():
    """Does the worker config swap the executor and set the run's options on a copy only?"""
    config = read_config(LAYOUT)
    assert config.course_id == "numerics-course" and config.db_url.startswith("sqlite:///")
    worker = worker_config(config, "sqlite:///elsewhere.db", 7)
    steps = worker.Autograde.autograde_preprocessors
    assert "course.grading.preprocessors.ForkedExecute" in steps
    assert not any(step.endswith("GuardedExecute") for step in steps)
    assert worker.Execute.timeout == 7 and worker.CourseDirectory.db_url == "sqlite:///elsewhere.db"
    original = config.nbgrader
    assert (
        "course.grading.preprocessors.GuardedExecute" in original.Autograde.autograde_preprocessors
    )
    assert original.Execute.timeout == 60 and original.CourseDirectory.db_url == config.db_url


def test_nbgrader_runs_with_our_tools_first_and_one_blas_thread(monkeypatch):
    """Is this interpreter's bin/ first on PATH once, and BLAS single-threaded unless set?"""
    bindir = str(Path(sys.executable).parent)
    path = os.pathsep.join(["/usr/bin", bindir, "/bin"])
    assert _tools_first(path) == os.pathsep.join([bindir, "/usr/bin", "/bin"])
    assert _tools_first(_tools_first(path)) == _tools_first(path)
    monkeypatch.setenv("MKL_NUM_THREADS", "3")
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    env = tool_env()
    assert env["PATH"].split(os.pathsep)[0] == bindir
    assert env["OMP_NUM_THREADS"] == "1" and env["MKL_NUM_THREADS"] == "3"


def test_a_scratch_copy_holds_what_it_was_asked_for(tmp_path):
    """Does copy_to copy the config, the chosen series' folders and the answers, nothing else?"""
    name = ALL_SERIES[0]
    copy = LAYOUT.copy_to(tmp_path / "c", [name], generated=("release",))
    assert (copy.root / "nbgrader_config.py").is_file()
    assert copy.series() == [name] and (copy.release / name).is_dir()
    assert not copy.solutions.exists() and (copy.answers / "__init__.py").is_file()
    bare = LAYOUT.copy_to(tmp_path / "b", generated=(), answers=False)
    assert bare.series() == ALL_SERIES and not bare.release.exists() and not bare.answers.exists()
