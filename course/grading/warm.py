"""Warm grading workers: nbgrader in-process, notebooks run in children forked from a template.

Stock nbgrader pays, for every submission, a Python start with nbgrader's imports and a kernel
start with the notebook's imports (numpy, scipy, matplotlib, torch: seconds). A warm worker pays
both once: it imports nbgrader and the modules that the series' locked setup cells import (and
nothing else: no solution, no hidden test), then grades submission after submission through
nbgrader's own Autograde converter, with `ForkedExecute` in place of the kernel executor. Each
notebook still runs in its own process (forked, ended after it) with the same limits, so grades,
checksums and feedback are nbgrader's and no student's state reaches another's.
"""

from __future__ import annotations

import ast
import importlib
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .layout import CourseLayout, quiet_gradebook_warnings
from .notebooks import graded_cells, read_notebook

GRADER_MODULES = ("IPython.core.interactiveshell", "matplotlib_inline.backend_inline")
_api = None  # the worker's NbGraderAPI, made once by the initializer


def setup_imports(layout: CourseLayout, series: str) -> list[str]:
    """Modules imported by a series' locked setup cells (what every notebook imports first)."""
    modules: list[str] = []
    for path in layout.source_notebooks(series):
        for _, cell, meta in graded_cells(read_notebook(path)):
            if not (meta.get("locked") and not meta.get("grade") and cell.cell_type == "code"):
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in tree.body:
                if isinstance(node, ast.Import):
                    modules += [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    modules.append(node.module)
    return list(dict.fromkeys(modules))


def _nbgrader_config(root: str, db_url: str, cell_timeout: int | None):
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=root).load_config()
    config.CourseDirectory.root = root
    config.CourseDirectory.db_url = db_url
    steps = list(config.Autograde.autograde_preprocessors)
    config.Autograde.autograde_preprocessors = [
        "course.grading.preprocessors.ForkedExecute" if step.endswith("GuardedExecute") else step
        for step in steps
    ]
    if cell_timeout:
        config.Execute.timeout = cell_timeout
    return config


def _initialize(root: str, db_url: str, cell_timeout: int | None, modules: list[str]) -> None:
    """Worker start: die with the parent, leave Ctrl-C to it, import once, open nbgrader."""
    global _api
    from .forked import kill_with_parent

    kill_with_parent(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.chdir(root)
    for module in [*GRADER_MODULES, *modules]:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - the notebook will report a broken import itself
            pass
    from nbgrader.apps.api import NbGraderAPI

    quiet_gradebook_warnings()
    _api = NbGraderAPI(config=_nbgrader_config(root, db_url, cell_timeout))


def _autograde(series: str, student: str) -> tuple[bool, str]:
    result = _api.autograde(series, student, force=True, create=True)
    return bool(result.get("success")), (result.get("log") or "") + (result.get("error") or "")


class WarmPool:
    """`workers` warm grading processes; `autograde(series, student)` -> (success, log)."""

    def __init__(
        self,
        layout: CourseLayout,
        series: str,
        workers: int,
        db_url: str,
        cell_timeout: int | None = None,
    ) -> None:
        modules = setup_imports(layout, series)
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_initialize,
            initargs=(str(Path(layout.root).resolve()), db_url, cell_timeout, modules),
        )

    def autograde(self, series: str, student: str) -> tuple[bool, str]:
        return self._pool.submit(_autograde, series, student).result()

    def close(self, cancel: bool = False) -> None:
        """Stop the workers; on cancel (Ctrl-C, an error) terminate them at once."""
        if cancel:
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()  # their forked children die with them (PDEATHSIG)
        self._pool.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.close(cancel=kind is not None)
