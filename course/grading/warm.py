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

import contextlib
import importlib
import multiprocessing
import os
import signal
import time
from concurrent.futures import Future, ProcessPoolExecutor

from .layout import CourseLayout
from .nbgrader_env import (
    CourseConfig,
    ensure_tools_on_path,
    quiet_gradebook_warnings,
    single_threaded,
)
from .series import Series, load_series
from .timing import Phases

GRADER_MODULES = ("IPython.core.interactiveshell", "matplotlib_inline.backend_inline")
_api = None  # the worker's NbGraderAPI, made once by the initializer
_started_in = 0.0  # seconds the initializer took (imports, nbgrader)


def setup_imports(layout: CourseLayout, series: Series | str) -> list[str]:
    """Modules imported by a series' locked setup cells (what every notebook imports first)."""
    return list(load_series(layout, series).setup_imports)


def worker_config(config: CourseConfig, db_url: str, cell_timeout: int | None):
    """nbgrader's config for a warm worker: the course's, with ForkedExecute in place of
    GuardedExecute (same limits, same outputs) and this run's gradebook and cell timeout."""
    steps = [
        "course.grading.preprocessors.ForkedExecute" if step.endswith("GuardedExecute") else step
        for step in config.nbgrader.Autograde.autograde_preprocessors
    ]
    sections = {
        "CourseDirectory": {"root": str(config.root.resolve()), "db_url": db_url},
        "Autograde": {"autograde_preprocessors": steps},
    }
    if cell_timeout:
        sections["Execute"] = {"timeout": cell_timeout}
    return config.nbgrader_config(**sections)


def _initialize(root: str, nbgrader_config, modules: list[str]) -> None:
    """Worker start: die with the parent, leave Ctrl-C to it, import once, open nbgrader."""
    global _api, _started_in
    start = time.perf_counter()
    from .forked import kill_with_parent

    kill_with_parent(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    single_threaded(os.environ)
    ensure_tools_on_path()
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.chdir(root)
    for module in [*GRADER_MODULES, *modules]:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - the notebook will report a broken import itself
            pass
    from nbgrader.apps.api import NbGraderAPI

    quiet_gradebook_warnings()
    _api = NbGraderAPI(config=nbgrader_config)
    _started_in = time.perf_counter() - start


def _ready() -> float:
    """A first task for each worker: it returns once the worker has started (its start-up s)."""
    return _started_in


def _autograde(series: str, student: str) -> tuple[bool, str, float, float]:
    """(success, log, seconds in nbgrader's autograde, seconds of that in forked notebooks)."""
    from . import preprocessors

    start, executing = time.perf_counter(), preprocessors.execute_seconds()
    result = _api.autograde(series, student, force=True, create=True)
    seconds = time.perf_counter() - start
    log = (result.get("log") or "") + (result.get("error") or "")
    return bool(result.get("success")), log, seconds, preprocessors.execute_seconds() - executing


class WarmPool:
    """`workers` warm grading processes; `autograde(series, student)` -> (success, log)."""

    def __init__(
        self,
        series: Series,
        workers: int,
        db_url: str,
        cell_timeout: int | None,
        config: CourseConfig,
        phases: Phases | None = None,
    ) -> None:
        self.phases = phases
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_initialize,
            initargs=(
                str(config.root.resolve()),
                worker_config(config, db_url, cell_timeout),
                list(series.setup_imports),
            ),
        )
        # Start every worker now (spawned workers are otherwise started at the first
        # submissions): their imports overlap the parent's set-up and the first checks.
        self._ready: list[Future] = [self._pool.submit(_ready) for _ in range(workers)]
        for future in self._ready:
            future.add_done_callback(self._record_start)

    def _record_start(self, future: Future) -> None:
        if self.phases is not None and not future.cancelled() and future.exception() is None:
            self.phases.add("worker start-up (imports, nbgrader)", future.result())

    def autograde(self, series: str, student: str) -> tuple[bool, str]:
        success, log, seconds, executing = self._pool.submit(_autograde, series, student).result()
        if self.phases is not None:
            self.phases.add("execute notebooks (forked children)", executing)
            self.phases.add(
                "nbgrader autograde besides execution (gradebook, files)", seconds - executing
            )
        return success, log

    def close(self, cancel: bool = False) -> None:
        """Stop the workers: terminate them (on cancel, Ctrl-C or an error, at once; else once
        every task has come back, sparing the seconds an interpreter holding torch and
        matplotlib takes to tear itself down: a worker keeps nothing that needs it)."""
        if not cancel:
            for future in self._ready:
                with contextlib.suppress(Exception):
                    future.result()  # a worker still starting is not killed in its imports
        for process in list(getattr(self._pool, "_processes", {}).values()):
            process.terminate()  # their forked children die with them (PDEATHSIG)
        self._pool.shutdown(wait=True, cancel_futures=cancel)

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        self.close(cancel=kind is not None)
