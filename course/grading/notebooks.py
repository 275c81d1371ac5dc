"""Reading nbgrader notebooks, checking source notebooks, and the text edits a build makes.

Every problem names the notebook and the cell, so an author can find it at once.
"""

from __future__ import annotations

import ast
import copy
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import nbformat

from .layout import CourseError
from .syllabus import Exercise

# nbgrader's region markers, spelt in parts: course/ ships to students, and a search for leaked
# solutions greps it for the literal markers; these constants are not a leak.
_SOLUTION, _HIDDEN = "SOLUTION", "HIDDEN TESTS"
BEGIN_SOLUTION, END_SOLUTION = f"### BEGIN {_SOLUTION}", f"### END {_SOLUTION}"
BEGIN_HIDDEN, END_HIDDEN = f"### BEGIN {_HIDDEN}", f"### END {_HIDDEN}"


class NotebookError(CourseError):
    """A notebook that cannot be read or that breaks the authoring rules."""


def read_notebook(path: Path) -> nbformat.NotebookNode:
    """Read and validate a notebook as nbformat 4; NotebookError says what is wrong with it."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise NotebookError(f"{path}: cannot be read ({error})") from None
    if not text.strip():
        raise NotebookError(f"{path}: the file is empty, not a notebook")
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise NotebookError(f"{path}: not a notebook (invalid JSON: {error})") from None
    if not isinstance(raw, dict) or "nbformat" not in raw:
        raise NotebookError(f"{path}: JSON but not a notebook (no 'nbformat' field)")
    if "cells" not in raw and "worksheets" not in raw:  # nbformat 3 kept cells in worksheets
        raise NotebookError(f"{path}: JSON but not a notebook (no cells)")
    try:
        nb = nbformat.reads(text, as_version=4)
        nbformat.validate(nb)
    except Exception as error:  # nbformat raises several kinds for malformed notebooks
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise NotebookError(f"{path}: not a valid notebook ({first})") from None
    return nb


def write_notebook(nb: nbformat.NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))


def grader_meta(cell) -> dict | None:
    meta = cell.get("metadata", {}).get("nbgrader")
    return meta if isinstance(meta, dict) else None


def graded_cells(nb) -> Iterator[tuple[int, dict, dict]]:
    """(index, cell, nbgrader metadata) for every cell that carries nbgrader metadata."""
    for index, cell in enumerate(nb.cells):
        meta = grader_meta(cell)
        if meta is not None:
            yield index, cell, meta


def cell_label(index: int, meta: dict | None = None) -> str:
    """How every message names a cell: "cell 7 (ex03_ulp)", or "cell 7" without a grade id."""
    grade_id = f" ({meta.get('grade_id')})" if meta and meta.get("grade_id") else ""
    return f"cell {index}{grade_id}"


def _where(path: Path, index: int, meta: dict | None = None) -> str:
    return f"{path}, {cell_label(index, meta)}"


def _check_markers(source: str, begin: str, end: str) -> str | None:
    depth = 0
    for line in source.splitlines():
        if line.strip() == begin:
            depth += 1
            if depth > 1:
                return f"nested '{begin}'"
        elif line.strip() == end:
            depth -= 1
            if depth < 0:
                return f"'{end}' without '{begin}'"
    return f"'{begin}' without '{end}'" if depth else None


def _defined_names(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, SystemError, RecursionError):
        return set()
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
    }


def check_cell(path: Path, index: int, cell, meta: dict) -> list[str]:
    """Authoring problems of one nbgrader cell."""
    where = _where(path, index, meta)
    problems = []
    source = cell.get("source", "")
    if not meta.get("grade_id"):
        problems.append(f"{where}: nbgrader cell without a grade_id")
    if meta.get("schema_version") != 3:
        problems.append(f"{where}: nbgrader schema_version must be 3")
    if meta.get("grade"):
        points = meta.get("points")
        if not isinstance(points, int | float) or isinstance(points, bool) or points <= 0:
            problems.append(f"{where}: a graded cell needs positive points, got {points!r}")
        if cell.cell_type == "code" and not meta.get("locked"):
            problems.append(f"{where}: a graded test cell must be locked")
    if meta.get("solution"):
        if cell.cell_type == "code" and BEGIN_SOLUTION not in source:
            problems.append(f"{where}: solution cell without '{BEGIN_SOLUTION}'")
    elif BEGIN_SOLUTION in source:
        problems.append(f"{where}: solution markers in a cell that is not a solution cell")
    if BEGIN_HIDDEN in source and not meta.get("grade"):
        problems.append(f"{where}: hidden tests in a cell that is not graded")
    for begin, end in ((BEGIN_SOLUTION, END_SOLUTION), (BEGIN_HIDDEN, END_HIDDEN)):
        error = _check_markers(source, begin, end)
        if error:
            problems.append(f"{where}: {error}")
    return problems


def check_source_notebook(path: Path, nb) -> list[str]:
    """Problems of one source notebook on its own: outputs, metadata, markers, unique ids."""
    problems = []
    kernel = nb.metadata.get("kernelspec", {}).get("name")
    if kernel != "python3":
        problems.append(f"{path}: kernelspec must be python3, got {kernel!r}")
    seen: dict[str, int] = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count")):
            problems.append(f"{_where(path, index)}: source notebooks are stored without outputs")
        meta = grader_meta(cell)
        if meta is None:
            if BEGIN_SOLUTION in cell.source or BEGIN_HIDDEN in cell.source:
                problems.append(f"{_where(path, index)}: markers in a cell without nbgrader data")
            continue
        problems += check_cell(path, index, cell, meta)
        grade_id = meta.get("grade_id")
        if grade_id in seen:
            problems.append(
                f"{_where(path, index, meta)}: grade_id also used by cell {seen[grade_id]}"
            )
        elif grade_id:
            seen[grade_id] = index
    return problems


def check_series(
    notebooks: dict[Path, nbformat.NotebookNode], exercises: Iterable[Exercise]
) -> list[str]:
    """Every exercise of the syllabus present once, with its solution and graded test cell."""
    problems = []
    cells: dict[str, tuple[Path, int, dict, dict]] = {}
    for path, nb in notebooks.items():
        for index, cell, meta in graded_cells(nb):
            cells.setdefault(meta.get("grade_id"), (path, index, cell, meta))
    expected = set()
    for exercise in exercises:
        expected |= {exercise.id, exercise.tests_id}
        if exercise.id not in cells:
            problems.append(f"exercise {exercise.id}: no solution cell with that grade_id")
        else:
            path, index, cell, meta = cells[exercise.id]
            if not meta.get("solution"):
                problems.append(f"{_where(path, index, meta)}: must be a solution cell")
            missing = set(exercise.functions) - _defined_names(cell.source)
            if missing:
                problems.append(f"{_where(path, index, meta)}: does not define {sorted(missing)}")
        if exercise.tests_id not in cells:
            problems.append(f"exercise {exercise.id}: no graded test cell {exercise.tests_id}")
        elif not cells[exercise.tests_id][3].get("grade"):
            path, index, _, meta = cells[exercise.tests_id]
            problems.append(f"{_where(path, index, meta)}: test cell must be graded")
    for grade_id, (path, index, _, meta) in cells.items():
        if meta.get("grade") and grade_id not in expected:
            problems.append(f"{_where(path, index, meta)}: graded cell not in the syllabus")
    return problems


def _drop_region(source: str, begin: str, end: str, keep_body: bool) -> str:
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() == begin:
            inside = True
        elif line.strip() == end:
            inside = False
        elif keep_body or not inside:
            lines.append(line)
    return "\n".join(lines)


def solution_source(source: str) -> str:
    """A solution cell's code as students should read it: the markers removed, the body kept."""
    return _drop_region(source, BEGIN_SOLUTION, END_SOLUTION, keep_body=True)


def without_hidden_tests(source: str) -> str:
    return _drop_region(source, BEGIN_HIDDEN, END_HIDDEN, keep_body=False).rstrip() + "\n"


def solutions_notebook(nb) -> nbformat.NotebookNode:
    """The notebook students get after the deadline: solutions shown, hidden tests removed."""
    out = copy.deepcopy(nb)
    for _, cell, meta in graded_cells(out):
        if meta.get("solution"):
            cell.source = solution_source(cell.source)
        if meta.get("grade") and BEGIN_HIDDEN in cell.source:
            cell.source = without_hidden_tests(cell.source).rstrip("\n")
    return out


def answers_of(nb) -> dict[str, str]:
    """grade id -> solution code (markers removed) for every solution cell."""
    return {
        meta["grade_id"]: solution_source(cell.source)
        for _, cell, meta in graded_cells(nb)
        if meta.get("solution") and meta.get("grade_id")
    }


def fill_answers(nb, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of a (release) notebook with the given solution cells' sources replaced."""
    out = copy.deepcopy(nb)
    for _, cell, meta in graded_cells(out):
        if meta.get("grade_id") in answers:
            cell.source = answers[meta["grade_id"]]
    return out
