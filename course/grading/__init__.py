"""Instructor tooling: check and build notebooks, autograde submissions, report.

layout (paths) <- nbgrader_env (PATH, threads, nbgrader subprocess, config, gradebook);
syllabus, notebooks, tamper <- series (a series read once per command) <- build, grade, warm,
feedback, report (`report_series`, what `course grade` and `course demo` both run); policy (the
execution rules) <- preprocessors (GuardedExecute) and forked (ForkedExecute). Benchmarks live in
`course.bench`, above this package; nothing here imports `course.widgets`.
"""
