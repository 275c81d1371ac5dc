"""One series as every command sees it, read once from its source notebooks and passed on.

`load_series` reads the source notebooks (and the release, for the code cells students start
from) and keeps what `course build`, `course grade`, the warm workers, the tamper scan and the
feedback pages need: the notebooks, the exercises, the points and grade ids, the locked setup
cells with the modules they import and the names they bind, and the visible part of each test.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from .layout import CourseLayout
from .notebooks import answers_of, graded_cells, read_notebook, without_hidden_tests
from .syllabus import Exercise, exercises_of
from .tamper import bound_names, watched_modules


def _frozen(mapping: dict) -> Mapping:
    return MappingProxyType(dict(mapping))


def is_setup_cell(cell, meta: dict) -> bool:
    """A locked, ungraded code cell: the course's setup (imports, grader references)."""
    return bool(meta.get("locked")) and not meta.get("grade") and cell.cell_type == "code"


def imported_modules(sources: list[str]) -> tuple[str, ...]:
    """Modules the given cells import at top level, in order of first import."""
    modules: list[str] = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                modules += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                modules.append(node.module)
    return tuple(dict.fromkeys(modules))


@dataclass(frozen=True)
class SeriesNotebook:
    """One source notebook of a series."""

    name: str  # file name, as students submit it
    path: Path
    grade_ids: frozenset[str]  # every nbgrader cell's id
    points: Mapping[str, float]  # graded (test) cell id -> points, in notebook order
    visible_tests: Mapping[str, str]  # graded cell id -> its source without hidden tests
    answers: Mapping[str, str]  # solution cell id -> the solution code (markers removed)
    setup_cells: tuple[str, ...]  # sources of the locked setup cells, in order


@dataclass(frozen=True)
class Series:
    """A series of the course, read once per command."""

    name: str
    exercises: tuple[Exercise, ...]
    notebooks: tuple[SeriesNotebook, ...]
    known_sources: frozenset[str]  # code cells as the course wrote them (source and release)
    protected: frozenset[str]  # names the locked setup cells bind (the grader's references)
    watched: frozenset[str]  # modules the tamper scan watches (tamper.watched_modules)

    @property
    def notebook_names(self) -> tuple[str, ...]:
        return tuple(nb.name for nb in self.notebooks)

    @property
    def grade_ids(self) -> Mapping[str, frozenset[str]]:
        """Notebook file name -> the ids of its nbgrader cells."""
        return _frozen({nb.name: nb.grade_ids for nb in self.notebooks})

    @property
    def points(self) -> dict[str, float]:
        """Graded cell id -> points, over every notebook."""
        return {grade_id: p for nb in self.notebooks for grade_id, p in nb.points.items()}

    @property
    def answers(self) -> dict[str, str]:
        """Solution cell id -> the solution's code, over every notebook."""
        return {grade_id: a for nb in self.notebooks for grade_id, a in nb.answers.items()}

    @property
    def setup_imports(self) -> tuple[str, ...]:
        """Modules the locked setup cells import (what every notebook imports first)."""
        return imported_modules([s for nb in self.notebooks for s in nb.setup_cells])

    def __str__(self) -> str:
        return self.name


def _notebook(path: Path) -> SeriesNotebook:
    nb = read_notebook(path)
    cells = list(graded_cells(nb))
    return SeriesNotebook(
        name=path.name,
        path=path,
        grade_ids=frozenset(str(meta.get("grade_id")) for _, _, meta in cells),
        points=_frozen(
            {
                meta["grade_id"]: float(meta.get("points", 0))
                for _, _, meta in cells
                if meta.get("grade")
            }
        ),
        visible_tests=_frozen(
            {
                meta["grade_id"]: without_hidden_tests(cell.source)
                for _, cell, meta in cells
                if meta.get("grade")
            }
        ),
        answers=_frozen(answers_of(nb)),
        setup_cells=tuple(cell.source for _, cell, meta in cells if is_setup_cell(cell, meta)),
    )


def load_series(layout: CourseLayout, name: str | Series) -> Series:
    """The series `name` of this course (a Series is returned as it is). ValueError for a
    series the syllabus does not know; CourseError when it has no source folder."""
    if isinstance(name, Series):
        return name
    exercises = exercises_of(name)
    notebooks = tuple(_notebook(path) for path in layout.source_notebooks(name))
    known, setup = set(), []
    for notebook in notebooks:
        for path in (notebook.path, layout.release / name / notebook.name):
            if not path.is_file():
                continue
            nb = read_notebook(path)
            known |= {cell.source for cell in nb.cells if cell.cell_type == "code"}
            setup += [
                cell.source for _, cell, meta in graded_cells(nb) if is_setup_cell(cell, meta)
            ]
    return Series(
        name=name,
        exercises=exercises,
        notebooks=notebooks,
        known_sources=frozenset(known),
        protected=frozenset(bound_names(sorted(setup))),
        watched=watched_modules(known),
    )
