"""Per-student feedback (HTML) that never shows a hidden test.

`nbgrader generate_feedback` renders the autograded notebook, hidden tests and their tracebacks
included (nbgrader issue 917). Here each exercise shows its score, the visible part of its test
cell as the student received it, and the error's name and message only: a traceback would quote
hidden test lines.
"""

from __future__ import annotations

import html
from pathlib import Path

from .grade import SubmissionResult
from .incidents import cell_outcomes
from .layout import CourseLayout
from .notebooks import read_notebook
from .series import Series, load_series

STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;color:#222}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem}
.pass{color:#006ba4}.fail{color:#c85200}pre{background:#f6f6f6;padding:.5rem;overflow:auto}"""


def feedback_html(
    layout: CourseLayout, series: Series | str, result: SubmissionResult
) -> dict[str, str]:
    """notebook name -> HTML page for one student's graded submission."""
    series = load_series(layout, series)
    pages = {}
    for notebook in series.notebooks:
        visible, points = notebook.visible_tests, notebook.points
        outcomes = result.outcomes.get(notebook.name)  # read while grading
        if outcomes is None:
            graded_path = layout.autograded / result.student / series.name / notebook.name
            graded = read_notebook(graded_path) if graded_path.is_file() else None
            outcomes = cell_outcomes(graded) if graded is not None else {}
        rows, details = [], []
        for grade_id, tests in visible.items():
            score = result.scores.get(grade_id, 0.0)
            passed, line = outcomes.get(grade_id, (False, "not graded"))
            css = "pass" if passed else "fail"
            exercise = html.escape(grade_id.removesuffix("_tests"))
            rows.append(
                f"<tr><td>{exercise}</td><td>{score:g} / {points[grade_id]:g}</td>"
                f"<td class='{css}'>{html.escape(line)}</td></tr>"
            )
            details.append(f"<h3>{exercise}</h3><pre>{html.escape(tests)}</pre>")
        total = sum(result.scores.get(g, 0.0) for g in visible)
        problems = "".join(f"<li>{html.escape(p)}</li>" for p in result.problems)
        pages[notebook.name] = (
            f"<!doctype html><html><head><meta charset='utf-8'><title>{series.name}: "
            f"{html.escape(result.student)}</title><style>{STYLE}</style></head><body>"
            f"<h1>{html.escape(series.name)}: feedback for {html.escape(result.student)}</h1>"
            f"<p>Score: <b>{total:g} / {sum(points[g] for g in visible):g}</b></p>"
            + (f"<p>While grading:</p><ul>{problems}</ul>" if problems else "")
            + "<table><tr><th>exercise</th><th>score</th><th>result</th></tr>"
            + "".join(rows)
            + "</table><h2>The visible tests</h2>"
            + "".join(details)
            + "<p>Hidden tests also ran; they are not shown.</p></body></html>"
        )
    return pages


def write_feedback(
    layout: CourseLayout, series: Series | str, results: list[SubmissionResult]
) -> Path:
    """feedback/<student>/<series>/<notebook>.html for every student; returns the folder."""
    series = load_series(layout, series)
    folder = layout.feedback
    for result in results:
        for name, page in feedback_html(layout, series, result).items():
            target = folder / result.student / series.name / name.replace(".ipynb", ".html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
    return folder
