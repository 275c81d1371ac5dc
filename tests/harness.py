"""In-process runner for a series notebook's exercises: fast checks of answers against tests.

It runs the locked setup cells, then one exercise's answer, then that exercise's test cell
(hidden tests included), in a fresh namespace, and says whether the test cell passed. The real
nbgrader pipeline is exercised separately (tests/test_pipeline.py); this is the quick loop used to
prove every mistake fails and every alternative passes.
"""

from __future__ import annotations

import importlib
import json
import traceback
from dataclasses import dataclass
from pathlib import Path

from course.grading.notebooks import without_hidden_tests

REPO = Path(__file__).resolve().parents[1]
SETUP_IDS = ("setup_imports", "setup_references")


def load_cells(notebook: Path) -> dict[str, str]:
    """Map grade id -> source for every cell with nbgrader metadata."""
    nb = json.loads(Path(notebook).read_text())
    cells = {}
    for cell in nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta and meta.get("grade_id"):
            source = cell["source"]
            cells[meta["grade_id"]] = "".join(source) if isinstance(source, list) else source
    return cells


def answers_module(series_module: str):
    return importlib.import_module(f"answers.{series_module}")


@dataclass
class Outcome:
    passed: bool
    error: str = ""  # the traceback's last frames, for a test's failure message
    kind: str = ""  # the exception's class name: "AssertionError" for a failed assert
    message: str = ""  # str() of the exception


def run_exercise(
    cells: dict[str, str], exercise_id: str, answer: str | None = None, visible_only: bool = False
) -> Outcome:
    """Run setup cells, `answer` (default: the source solution) and the exercise's tests.

    `visible_only` runs the test cell as the release shows it (hidden region removed): what a
    student sees before grading.
    """
    namespace: dict = {"__name__": "__main__"}
    for setup_id in SETUP_IDS:
        exec(compile(cells[setup_id], setup_id, "exec"), namespace)
    code = cells[exercise_id] if answer is None else answer
    tests = cells[f"{exercise_id}_tests"]
    if visible_only:
        tests = without_hidden_tests(tests)
    try:
        exec(compile(code, exercise_id, "exec"), namespace)
        exec(compile(tests, f"{exercise_id}_tests", "exec"), namespace)
    except BaseException as error:  # noqa: BLE001 - a student's answer may raise anything
        return Outcome(False, traceback.format_exc(limit=-2), type(error).__name__, str(error))
    return Outcome(True)
