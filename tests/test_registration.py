"""A series or a widget is registered whole or not at all (CONTRIBUTING.md, "Adding series NN").

A series with a source notebook needs its syllabus entry, its release and solutions (`course
build`), its answers module and its README rows; a registered widget needs a notebook that shows
it and a README row. Half a registration fails here, by name, before the slow tests run.
"""

from __future__ import annotations

import ast
import json
import re

import pytest
from course_copy import REPO

from course.grading.layout import CourseLayout
from course.grading.samples import answers_module_name
from course.grading.syllabus import SERIES
from course.widgets.registry import WIDGETS

LAYOUT = CourseLayout(REPO)
README = (REPO / "README.md").read_text(encoding="utf-8")


def _folders(name: str) -> set[str]:
    folder = REPO / name
    return {p.name for p in folder.iterdir() if p.is_dir() and p.name[:2].isdigit()}


def test_generated_folders_match_the_sources():
    """Does every series with a source have a release and solutions, and nothing else?"""
    sources = set(LAYOUT.series())
    assert sources, "no series under source/"
    assert _folders("release") == sources, "run `course build SERIES`"
    assert _folders("solutions") == sources, "run `course build SERIES`"


@pytest.mark.parametrize("series", LAYOUT.series())
def test_each_series_is_registered_whole(series):
    """Is the series in the syllabus, with an answers module, notebooks of its own name and a
    Colab row in the README?"""
    assert series in SERIES, f"{series}: add it to course/grading/syllabus.py"
    answers = LAYOUT.answers / f"{answers_module_name(series)}.py"
    assert answers.is_file(), f"{series}: no {answers.relative_to(REPO)}"
    assert [p.name for p in LAYOUT.source_notebooks(series)] == [f"{series}.ipynb"]
    assert f"| `{series}` | [![Open in Colab]" in README, f"{series}: no Colab row in README.md"
    assert f"release/{series}/{series}.ipynb" in README


def test_every_answers_module_has_its_series():
    """Is each module under tests/answers/ the answers of a series with a source notebook?"""
    modules = {p.stem for p in LAYOUT.answers.glob("*.py")} - {"__init__"}
    assert modules == {answers_module_name(s) for s in LAYOUT.series()}


def _widgets_shown(series: str) -> set[str]:
    names = set()
    for path in LAYOUT.source_notebooks(series):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] != "code":
                continue
            try:
                tree = ast.parse("".join(cell["source"]))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "course.widgets"
                ):
                    names |= {alias.name for alias in node.names}
    return names


def test_every_registered_widget_is_shown_and_documented():
    """Does a source notebook import each registered widget, only registered ones, and does the
    README's widget table have a row for it?"""
    shown = {s: _widgets_shown(s) for s in LAYOUT.series()}
    everywhere = set().union(*shown.values())
    assert everywhere <= set(WIDGETS), f"not registered: {sorted(everywhere - set(WIDGETS))}"
    assert set(WIDGETS) <= everywhere, f"shown by no notebook: {sorted(set(WIDGETS) - everywhere)}"
    for series, names in shown.items():
        for name in names:
            row = re.search(rf"^\| {series[:2]} \| `{name}\(", README, flags=re.MULTILINE)
            assert row, f"README.md: no widget row `| {series[:2]} | `{name}(...)` |`"
