"""The real nbgrader pipeline, end to end, on a scratch copy of the course.

Build the release with `nbgrader generate_assignment`, then autograde, through `course grade`
on the command line, a class of submissions made from the release: the full solution, the
untouched release, one alternative correct answer per exercise, one submission per rank of
typical mistakes, and two broken files.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys

import pytest
from course_copy import REPO, copy_course

from course.grading.build import build, exercise_points
from course.grading.layout import CourseLayout
from course.grading.notebooks import read_notebook
from course.grading.samples import load_answers, solution_answers, write_submission
from course.grading.syllabus import exercises_of

SERIES = CourseLayout(REPO).series()

pytestmark = pytest.mark.pipeline


@pytest.fixture(scope="module", params=SERIES)
def graded_class(request, tmp_path_factory):
    """Build a scratch course, submit a class, grade it with `course grade`; yield the rows."""
    series = request.param
    layout = copy_course(tmp_path_factory.mktemp("course"), with_generated=False)
    build(layout, series)
    answers = load_answers(layout, series)
    solution = solution_answers(layout, series)
    submissions = {"solution": solution, "release": {}, "alternatives": answers.ALTERNATIVES}
    ranks = max(len(m) for m in answers.MISTAKES.values())
    for rank in range(ranks):
        wrong = {ex: list(m.values())[rank] for ex, m in answers.MISTAKES.items() if len(m) > rank}
        submissions[f"mistakes_{rank}"] = wrong
    for student, filled in submissions.items():
        write_submission(layout, series, student, filled)
    notebook = next((layout.release / series).glob("*.ipynb")).name
    broken = layout.submitted / "broken_json" / series
    broken.mkdir(parents=True)
    (broken / notebook).write_text('{"cells": [')
    empty = layout.submitted / "empty_file" / series
    empty.mkdir(parents=True)
    (empty / notebook).write_text("")

    command = [sys.executable, "-m", "course.cli", "grade", series, "--workers", "2"]
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env["PATH"] = "/usr/bin:/bin"  # as from a shell where the virtualenv is not activated
    done = subprocess.run(command, cwd=layout.root, capture_output=True, text=True, env=env)
    csv_path = layout.reports / f"{series}-grades.csv"
    with csv_path.open() as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    return {
        "series": series,
        "layout": layout,
        "answers": answers,
        "rows": rows,
        "stdout": done.stdout,
        "returncode": done.returncode,
        "points": exercise_points(layout, series),
    }


def test_grade_command_succeeds_and_prints_a_table(graded_class):
    """Does `course grade` finish, from a shell without the virtualenv, and print every student?"""
    assert graded_class["returncode"] == 0, graded_class["stdout"]
    for student in graded_class["rows"]:
        assert student in graded_class["stdout"]


def test_solution_gets_full_marks(graded_class):
    """Does the full solution, submitted into the release, earn every point of every exercise?"""
    row = graded_class["rows"]["solution"]
    for exercise in exercises_of(graded_class["series"]):
        assert float(row[exercise.id]) == graded_class["points"][exercise.tests_id], exercise.id
    assert row["status"] == "graded"
    assert row["flags"] == "", f"the tamper scan flags the model solution: {row['flags']}"


def test_release_gets_zero(graded_class):
    """Does the untouched release earn nothing?"""
    row = graded_class["rows"]["release"]
    assert float(row["total"]) == 0.0
    assert row["status"] == "graded"


def test_alternative_answers_keep_their_points(graded_class):
    """Does a different correct answer to each exercise keep full marks?"""
    row = graded_class["rows"]["alternatives"]
    for exercise in exercises_of(graded_class["series"]):
        assert exercise.id in graded_class["answers"].ALTERNATIVES, exercise.id
        assert float(row[exercise.id]) == graded_class["points"][exercise.tests_id], exercise.id
    assert row["flags"] == "", f"the tamper scan flags correct answers: {row['flags']}"


def test_every_typical_mistake_loses_its_points(graded_class):
    """Does each plausible wrong answer lose its exercise's points (two or more per exercise)?"""
    mistakes = graded_class["answers"].MISTAKES
    for exercise in exercises_of(graded_class["series"]):
        assert len(mistakes.get(exercise.id, {})) >= 2, exercise.id
        for rank, name in enumerate(mistakes[exercise.id]):
            row = graded_class["rows"][f"mistakes_{rank}"]
            assert float(row[exercise.id]) == 0.0, f"{exercise.id}: '{name}' kept its points"


def test_broken_submissions_are_reported_and_stop_nothing(graded_class):
    """Are an invalid and an empty notebook reported with a reason, the others still graded?"""
    rows = graded_class["rows"]
    assert rows["broken_json"]["status"] == "failed"
    assert "invalid JSON" in rows["broken_json"]["problems"]
    assert rows["empty_file"]["status"] == "failed"
    assert "empty" in rows["empty_file"]["problems"]
    assert float(rows["solution"]["total"]) > 0


def test_autograded_notebooks_written(graded_class):
    """Did nbgrader write an autograded notebook per graded student, hidden tests restored?"""
    layout, series = graded_class["layout"], graded_class["series"]
    for student in ("solution", "release"):
        (path,) = (layout.autograded / student / series).glob("*.ipynb")
        nb = read_notebook(path)
        assert any("BEGIN HIDDEN TESTS" in c.source for c in nb.cells)


@pytest.mark.parametrize("series", SERIES)
def test_committed_release_and_solutions_are_in_sync(series, tmp_path):
    """Does a rebuild from source/ reproduce the committed release/ and solutions/ exactly?"""
    layout = copy_course(tmp_path, with_generated=False)
    build(layout, series)
    for folder in ("release", "solutions"):
        built = sorted(p.relative_to(tmp_path) for p in (tmp_path / folder / series).rglob("*"))
        committed = sorted(p.relative_to(REPO) for p in (REPO / folder / series).rglob("*"))
        assert built == committed, f"{folder}/{series}: files differ; run `course build`"
        for relative in built:
            if (tmp_path / relative).is_file():
                assert (tmp_path / relative).read_bytes() == (REPO / relative).read_bytes(), (
                    f"{relative} is out of date: run `course build {series}` and commit"
                )
