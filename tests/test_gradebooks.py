"""Parallel grading into SQLite and PostgreSQL gradebooks: no lost or duplicated rows, and
re-running `course grade` changes nothing."""

from __future__ import annotations

import pytest
from course_copy import copy_course
from postgres_server import postgres_url, server_binaries

from course.grading.build import build
from course.grading.grade import grade
from course.grading.nbgrader_env import configured_db_url, open_gradebook
from course.grading.samples import load_answers, solution_answers, write_submission

SERIES = "01-floating-point"
pytestmark = pytest.mark.pipeline


def _class(tmp_path):
    layout = copy_course(tmp_path, with_generated=False)
    build(layout, SERIES)
    solution = solution_answers(layout, SERIES)
    mistakes = load_answers(layout, SERIES).MISTAKES
    write_submission(layout, SERIES, "alice", solution)
    write_submission(layout, SERIES, "bob", {})
    write_submission(
        layout,
        SERIES,
        "carol",
        {**solution, **{e: next(iter(m.values())) for e, m in mistakes.items()}},
    )
    write_submission(layout, SERIES, "dave", {**solution, "ex01_float_bits": "x = ("})
    return layout


def _gradebook_rows(layout, db_url):
    """(student, grade id, score) for every grade row of the series, as stored."""
    with open_gradebook(layout, db_url) as gradebook:
        rows = []
        for submission in gradebook.assignment_submissions(SERIES):
            for notebook in submission.notebooks:
                rows += [(submission.student.id, g.name, g.score) for g in notebook.grades]
        return sorted(rows)


def _check_class(layout, db_url, kernels):
    first = grade(layout, SERIES, workers=2, db_url=db_url, kernels=kernels)
    rows = _gradebook_rows(layout, db_url)
    assert len(rows) == len(set(rows)) == 4 * 12  # one row per student and exercise
    assert {s for s, _, _ in rows} == {"alice", "bob", "carol", "dave"}
    totals = {r.student: sum(r.scores.values()) for r in first}
    assert totals["alice"] == 12 and totals["bob"] == 0 and totals["carol"] == 0
    assert totals["dave"] == 11  # a syntax error costs its own exercise only
    second = grade(layout, SERIES, workers=2, db_url=db_url, kernels=kernels)
    assert _gradebook_rows(layout, db_url) == rows
    assert [(r.student, r.scores) for r in second] == [(r.student, r.scores) for r in first]
    return totals


@pytest.mark.parametrize("kernels", ["cold", "warm"])
def test_sqlite_parallel_and_idempotent(tmp_path, kernels):
    """Do two workers on the default SQLite gradebook lose or duplicate nothing, twice over?"""
    layout = _class(tmp_path)
    _check_class(layout, configured_db_url(layout), kernels)


@pytest.mark.skipif(server_binaries() is None, reason="PostgreSQL server not installed")
def test_postgresql_gradebook(tmp_path):
    """Does `course grade --db postgresql://...` work against a real server, with 2 workers?"""
    layout = _class(tmp_path)
    with postgres_url() as url:
        totals = _check_class(layout, url, "warm")
    assert totals["alice"] == 12
