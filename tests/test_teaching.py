"""The teaching pattern of every series (CONTRIBUTING.md, "Anatomy of a series"), checked.

- The main mistake of each exercise (tests/answers: `MAIN_MISTAKES`) fails a *visible* assert whose
  message says why: a student learns the point before grading, not from it.
- An answer that hands the job to a shipped `course` helper or to the library routine the contract
  forbids (`DELEGATIONS`) scores zero.
- No answer is reachable from the release: the locked setup cells only import and bind names (no
  function or class a student could call or copy), and no narrative cell defines an exercise's
  function.
- Exercises sit inside their sections: the first one within a screenful of the setup cells, no long
  stretch of reading between two, each section with a question to predict and two folded hints.
"""

from __future__ import annotations

import ast
import importlib
import re

import pytest
from harness import REPO, load_cells, run_exercise

from course.grading.layout import CourseLayout
from course.grading.notebooks import grader_meta, read_notebook
from course.grading.samples import answers_module_name
from course.grading.syllabus import SERIES

LAYOUT = CourseLayout(REPO)
ALL_SERIES = LAYOUT.series()
NOTEBOOKS = {s: LAYOUT.source_notebooks(s)[0] for s in ALL_SERIES}
CELLS = {s: load_cells(NOTEBOOKS[s]) for s in ALL_SERIES}
ANSWERS = {s: importlib.import_module(f"answers.{answers_module_name(s)}") for s in ALL_SERIES}
EXERCISES = [(s, e.id) for s in ALL_SERIES for e in SERIES[s]]
DELEGATIONS = [
    (s, e, name) for s, e in EXERCISES for name in getattr(ANSWERS[s], "DELEGATIONS", {}).get(e, {})
]
SETUP_IDS = ("setup_colab", "setup_imports", "setup_references")

# A screenful of prose before the first exercise, and at most a few between two exercises.
FIRST_EXERCISE_WORDS = 450
WORDS_BETWEEN_EXERCISES = 1500


def _words(markdown: str) -> int:
    """Words a student reads: folded <details> blocks (hints, answers) and code spans excluded."""
    text = re.sub(r"<details>.*?</details>", " ", markdown, flags=re.S)
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    return len(re.findall(r"[A-Za-z]{2,}", text))


def _sections(series: str) -> list[tuple[str, list]]:
    """(exercise id, the cells since the previous exercise's test cell up to its solution cell)."""
    nb = read_notebook(NOTEBOOKS[series])
    exercises = {e.id for e in SERIES[series]}
    sections, current, started = [], [], False
    for cell in nb.cells:
        grade_id = (grader_meta(cell) or {}).get("grade_id")
        if grade_id == "setup_references":
            started, current = True, []
        elif grade_id in exercises:
            sections.append((grade_id, current))
        elif grade_id and grade_id.endswith("_tests"):
            current = []
        elif started:
            current.append(cell)
    return sections


@pytest.mark.parametrize("series", ALL_SERIES)
def test_every_exercise_names_its_main_mistake(series):
    """Does each exercise name the mistake it exists to teach, first among its mistakes?"""
    answers = ANSWERS[series]
    main = getattr(answers, "MAIN_MISTAKES", {})
    assert sorted(main) == sorted(e.id for e in SERIES[series])
    for exercise, name in main.items():
        assert name in answers.MISTAKES[exercise], (exercise, name)
        assert next(iter(answers.MISTAKES[exercise])) == name, f"{exercise}: list {name!r} first"


@pytest.mark.parametrize("series, exercise", EXERCISES)
def test_main_mistake_fails_a_visible_assert_that_says_why(series, exercise):
    """Does the main mistake fail an assert a student sees, with a message that explains?"""
    answers = ANSWERS[series]
    name = getattr(answers, "MAIN_MISTAKES", {}).get(exercise)
    assert name, f"{exercise}: no main mistake named in tests/answers"
    code = answers.MISTAKES[exercise][name]
    outcome = run_exercise(CELLS[series], exercise, code, visible_only=True)
    assert not outcome.passed, f"{exercise}: {name!r} passes every visible assert"
    assert outcome.kind == "AssertionError", f"{exercise}: {name!r} fails by {outcome.error}"
    assert len(outcome.message.split()) >= 5, (
        f"{exercise}: the visible assert that catches {name!r} should say why, "
        f"not only {outcome.message!r}"
    )


@pytest.mark.parametrize(
    "series, exercise, delegation", DELEGATIONS, ids=[f"{e}-{d}" for _, e, d in DELEGATIONS]
)
def test_delegating_to_a_shipped_helper_scores_zero(series, exercise, delegation):
    """Does an answer that lets a `course` helper or a forbidden library routine do the job fail?"""
    code = ANSWERS[series].DELEGATIONS[exercise][delegation]
    outcome = run_exercise(CELLS[series], exercise, code)
    assert not outcome.passed, f"{exercise}: delegating ({delegation}) keeps the point"
    assert "NameError" not in outcome.error, outcome.error


@pytest.mark.parametrize("series", ALL_SERIES)
def test_series_keeps_delegation_answers(series):
    """Does the series keep delegation answers (so the test above cannot pass vacuously)?"""
    delegations = getattr(ANSWERS[series], "DELEGATIONS", {})
    assert delegations, f"{series}: tests/answers holds no DELEGATIONS"
    assert set(delegations) <= {e.id for e in SERIES[series]}


@pytest.mark.parametrize("series", ALL_SERIES)
def test_release_setup_cells_only_import_and_bind(series):
    """Do the release's locked setup cells hold no function or class a student could call?"""
    for path in sorted((LAYOUT.release / series).glob("*.ipynb")):
        for cell in read_notebook(path).cells:
            meta = grader_meta(cell) or {}
            if meta.get("grade_id") not in SETUP_IDS:
                continue
            tree = ast.parse(cell.source)
            defined = [
                node.name
                for node in ast.walk(tree)
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
            ]
            assert defined == [], (
                f"{path.name} {meta['grade_id']}: defines {defined}; references belong in the "
                "hidden region of the test cell that uses them"
            )


@pytest.mark.parametrize("series", ALL_SERIES)
def test_release_narrative_defines_no_exercise_function(series):
    """Does no ungraded cell of the release define a function an exercise asks for?"""
    asked = {name for exercise in SERIES[series] for name in exercise.functions}
    for path in sorted((LAYOUT.release / series).glob("*.ipynb")):
        for index, cell in enumerate(read_notebook(path).cells):
            if cell.cell_type != "code" or grader_meta(cell):
                continue
            source = "\n".join(
                line
                for line in cell.source.splitlines()
                if not line.lstrip().startswith(("%", "!"))
            )
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    assert node.name not in asked, f"{path.name} cell {index} defines {node.name}"


@pytest.mark.parametrize("series", ALL_SERIES)
def test_exercises_sit_inside_their_sections(series):
    """Does the first exercise come within a screenful, and no exercise after a long reading?"""
    sections = _sections(series)
    assert [e for e, _ in sections] == [e.id for e in SERIES[series]]
    for position, (exercise, cells) in enumerate(sections):
        words = sum(_words(c.source) for c in cells if c.cell_type == "markdown")
        limit = FIRST_EXERCISE_WORDS if position == 0 else WORDS_BETWEEN_EXERCISES
        assert words <= limit, f"{exercise}: {words} words of reading before it (at most {limit})"


@pytest.mark.parametrize("series", ALL_SERIES)
def test_each_section_asks_to_predict_and_folds_two_hints(series):
    """Does each section ask a question to predict, its answer and two hints folded?"""
    for exercise, cells in _sections(series):
        markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        assert "**Predict" in markdown, f"{exercise}: its section asks nothing to predict"
        assert re.search(r"<summary>\s*Answer", markdown), f"{exercise}: no folded answer"
        hints = re.findall(r"<summary>\s*Hint\s*(\d)", markdown)
        assert hints[:2] == ["1", "2"], f"{exercise}: two folded hints expected, got {hints}"
