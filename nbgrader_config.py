"""nbgrader settings of numerics-course: every knob of the build and the autograder lives here."""

import os

c = get_config()  # noqa: F821 - provided by nbgrader's config loader

ROOT = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "numerics-course"
c.CourseDirectory.root = ROOT
# SQLite by default; COURSE_DB_URL (or `course grade --db URL`) selects another gradebook, e.g.
# postgresql://user@localhost/grades. The timeout lets parallel graders wait for the write lock.
c.CourseDirectory.db_url = os.environ.get(
    "COURSE_DB_URL", f"sqlite:///{os.path.join(ROOT, 'gradebook.db')}?timeout=60"
)
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", ".DS_Store"]

# A graded cell a student deleted is put back from the source (nbgrader's own mechanism), so a
# deleted test cell is still run and scored on what the student's code earns.
c.OverwriteCells.add_missing_cells = True

# Release stubs: what students see in place of a solution.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Execution while autograding: a per-cell timeout (seconds), the kernel's start-up allowance, a
# cap on a whole notebook and a memory limit per grading kernel (course/grading/preprocessors.py).
c.Execute.timeout = 60
c.Execute.startup_timeout = 120
c.Execute.interrupt_on_timeout = True
c.GuardedExecute.notebook_timeout = 900
c.GuardedExecute.memory_limit_mb = 4096

# Stock nbgrader's autograde steps, with Execute guarded (a dead kernel keeps the marks earned
# before it died) and stderr in a test cell no longer scored as a failure (a warning is not one).
c.Autograde.autograde_preprocessors = [
    "course.grading.preprocessors.GuardedExecute",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "course.grading.preprocessors.StderrIsNotFailure",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# The kernel's own start-up warnings (e.g. ipykernel 7's "running over TCP without encryption")
# are noise in a grading log.
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]
