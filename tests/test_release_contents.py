"""What students get: the committed release holds no solution and no hidden test."""

from __future__ import annotations

import pytest
from course_copy import REPO

from course.grading.build import check_source, leaked_markers
from course.grading.layout import CourseLayout
from course.grading.notebooks import graded_cells, read_notebook, without_hidden_tests

LAYOUT = CourseLayout(REPO)
SERIES = LAYOUT.series()


def test_there_is_a_series():
    """Is there at least one series to check (so the tests below cannot pass vacuously)?"""
    assert "01-floating-point" in SERIES


@pytest.mark.parametrize("series", SERIES)
def test_source_notebooks_pass_the_authoring_checks(series):
    """Do the source notebooks pass `course check` (metadata, ids, points, no outputs, syllabus)?"""
    assert check_source(LAYOUT, series) == []


@pytest.mark.parametrize("series", SERIES)
def test_release_has_no_markers(series):
    """Is every solution and hidden-test marker gone from the release?"""
    assert (LAYOUT.release / series).is_dir()
    assert leaked_markers(LAYOUT.release / series) == []


@pytest.mark.parametrize("series", SERIES)
def test_release_cells_are_stubs_and_visible_tests(series):
    """Is each release solution cell a stub, and each test cell the source's visible part only?"""
    for source_path in LAYOUT.source_notebooks(series):
        source = {m["grade_id"]: c for _, c, m in graded_cells(read_notebook(source_path))}
        release = read_notebook(LAYOUT.release / series / source_path.name)
        for _, cell, meta in graded_cells(release):
            original = source[meta["grade_id"]]
            if meta.get("solution"):
                assert "raise NotImplementedError()" in cell.source, meta["grade_id"]
                body = original.source.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
                for line in body.strip().splitlines():
                    if len(line.strip()) > 12:
                        assert line not in cell.source, f"{meta['grade_id']}: {line!r} leaked"
            if meta.get("grade"):
                assert cell.source.strip() == without_hidden_tests(original.source).strip()


@pytest.mark.parametrize("series", SERIES)
def test_solutions_hold_solutions_but_no_hidden_tests(series):
    """Do the solution notebooks show the solution code and keep the hidden tests out?"""
    for path in sorted((LAYOUT.solutions / series).glob("*.ipynb")):
        text = path.read_text()
        assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text
        nb = read_notebook(path)
        stubs = [
            m["grade_id"]
            for _, c, m in graded_cells(nb)
            if m.get("solution") and "NotImplementedError" in c.source
        ]
        assert stubs == []
