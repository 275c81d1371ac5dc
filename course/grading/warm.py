"""Warm grading workers: nbgrader in-process, notebooks run in children forked from a template.

Stock nbgrader pays, for every submission, a Python start with nbgrader's imports and a kernel
start with the notebook's imports (numpy, scipy, matplotlib, torch: seconds). Here a fork server
pays them once per `course grade`: it imports nbgrader and the modules that the series' locked
setup cells import (and nothing else: no solution, no hidden test), warms them up (a first figure
drawn, a first torch operation), and the workers are forked from it. The command starts it
before importing anything heavy itself (`start_pool`), so its imports overlap the command's own.
Each worker grades submission after submission through nbgrader's own Autograde converter, with
`ForkedExecute` in place of the kernel executor. Each notebook still runs in its own process
(forked from the worker, ended after it) with the same limits, so grades, checksums and feedback
are nbgrader's and no student's state reaches another's.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from .layout import CourseLayout
from .timing import Phases

if TYPE_CHECKING:  # heavy (nbformat, traitlets): the pool starts before the parent imports them
    from .nbgrader_env import CourseConfig
    from .series import Series

PRELOAD_ENV = "COURSE_WARM_PRELOAD"  # [root, series] for the fork server's preload
GRADER_MODULES = ("IPython.core.interactiveshell", "matplotlib_inline.backend_inline")
_api = None  # the worker's NbGraderAPI, made at its first submission
_api_config = None  # the nbgrader config _api was made with
_started_in = 0.0  # seconds the initializer took (imports, nbgrader)
_preloaded: tuple[str, str] | None = None  # (root, series) this process has preloaded


def setup_imports(layout: CourseLayout, series: Series | str) -> list[str]:
    """Modules imported by a series' locked setup cells (what every notebook imports first)."""
    from .series import load_series

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


def preload(root: str, series: str) -> None:
    """What every worker imports, once: nbgrader and the modules of the series' setup cells,
    with one BLAS thread and the inline plotting backend set before numpy and matplotlib load.
    Run by the pool's fork server (so each worker, forked from it, starts with it all) and again
    by each worker (nothing left to do when the fork server did it for the same series)."""
    global _preloaded
    if _preloaded == (root, series):
        return
    from .nbgrader_env import (
        ensure_tools_on_path,
        quiet_gradebook_warnings,
        single_threaded,
        skip_iri_format_checks,
    )

    skip_iri_format_checks()  # before anything imports nbformat
    single_threaded(os.environ)
    ensure_tools_on_path()
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    modules: list[str] = []
    with contextlib.suppress(Exception):  # a broken source is the parent's to report
        modules = setup_imports(CourseLayout(Path(root)), series)
    for module in [*GRADER_MODULES, *modules, "nbgrader.apps.api"]:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - the notebook will report a broken import itself
            pass
    quiet_gradebook_warnings()
    with contextlib.suppress(Exception):  # a warm-up that fails costs the children, nothing else
        _warm_up()
    _preloaded = (root, series)


def _warm_up() -> None:
    """Pay once, in the template, the first-use costs that every forked notebook would pay
    again: matplotlib's font cache, mathtext parser and PNG path (as the inline backend draws a
    figure), and the first operation of numpy's generator and of torch. Imports nothing new."""
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt
        from IPython.core.pylabtools import print_figure

        figure, axes = plt.subplots()
        axes.semilogy([1, 2], [1, 10], label="$x^2$")
        axes.set_title("warm-up")
        axes.legend()
        print_figure(figure, "png", bbox_inches="tight")
        plt.close(figure)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.default_rng(0).standard_normal(3)
    if "torch" in sys.modules:
        torch = sys.modules["torch"]
        torch.ones(2) @ torch.ones(2)


def _initialize(root: str, series: str) -> None:
    """Worker start: die with the parent, leave Ctrl-C to it, have everything imported."""
    global _started_in
    start = time.perf_counter()
    from .forked import kill_with_parent

    kill_with_parent(signal.SIGTERM)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.chdir(root)
    preload(root, series)
    _started_in = time.perf_counter() - start


def _ready() -> float:
    """A first task for each worker: it returns once the worker has started (its start-up s)."""
    return _started_in


def _autograde(nbgrader_config, series: str, student: str) -> tuple[bool, str, float, float]:
    """(success, log, seconds in nbgrader's autograde, seconds of that in forked notebooks)."""
    global _api, _api_config
    from . import preprocessors

    start, executing = time.perf_counter(), preprocessors.execute_seconds()
    if _api is None or nbgrader_config != _api_config:
        from nbgrader.apps.api import NbGraderAPI

        _api, _api_config = NbGraderAPI(config=nbgrader_config), nbgrader_config
    result = _api.autograde(series, student, force=True, create=True)
    seconds = time.perf_counter() - start
    log = (result.get("log") or "") + (result.get("error") or "")
    return bool(result.get("success")), log, seconds, preprocessors.execute_seconds() - executing


def start_pool(
    layout: CourseLayout, series: str, workers: int, phases: Phases | None = None
) -> WarmPool | None:
    """Warm workers for grading `series`, started before anything else is read (None when there
    is nothing to grade: `course grade` then says why); at most one per student."""
    students = layout.students(series)
    if workers < 1 or not students or not (layout.release / series).is_dir():
        return None
    return WarmPool(layout.root, series, min(workers, len(students)), phases)


class WarmPool:
    """`workers` warm grading processes; `autograde(series, student)` -> (success, log)."""

    def __init__(self, root: Path, series: str, workers: int, phases: Phases | None = None) -> None:
        self.phases = phases
        self.workers = workers
        self._config = None  # nbgrader's config for the workers, set by configure()
        self._closed = False
        root = str(Path(root).resolve())
        # Workers are forked from a fork server that has imported everything once (preload):
        # the imports (seconds of CPU) are paid once, not once per worker. The server is a fresh
        # process (no threads, nothing of this one's state), kept for this process's lifetime.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["course.grading.warm_preload"])
        self._pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=_initialize,
            initargs=(root, series),
        )
        # Start every worker now (workers are otherwise started at the first submissions), from
        # a thread: starting the first one waits for the fork server's imports, which overlap
        # this process's own imports, set-up and first checks.
        self._ready: list[Future] = []
        self._starter = threading.Thread(
            target=self._start_workers, args=(root, series, workers), daemon=True
        )
        self._starter.start()

    def _start_workers(self, root: str, series: str, workers: int) -> None:
        # The fork server starts with the first worker and reads what to preload from its
        # environment (multiprocessing passes it module names only).
        os.environ[PRELOAD_ENV] = json.dumps([root, series])
        try:
            for index in range(workers):
                start = time.perf_counter()
                future = self._pool.submit(_ready)
                if index == 0 and self.phases is not None:  # the server's imports, paid once
                    self.phases.add(
                        "fork server start-up (imports, nbgrader)", time.perf_counter() - start
                    )
                future.add_done_callback(self._record_start)
                self._ready.append(future)
        except RuntimeError:  # the pool was shut down (Ctrl-C, an error) while starting
            pass
        finally:
            os.environ.pop(PRELOAD_ENV, None)

    def configure(self, config: CourseConfig, db_url: str, cell_timeout: int | None) -> None:
        """The course's config, gradebook and cell timeout for the submissions to come."""
        self._config = worker_config(config, db_url, cell_timeout)

    def _record_start(self, future: Future) -> None:
        if self.phases is not None and not future.cancelled() and future.exception() is None:
            self.phases.add("worker start-up (forked from the server)", future.result())

    def autograde(self, series: str, student: str) -> tuple[bool, str]:
        if self._config is None:
            raise RuntimeError("WarmPool.configure() must come before autograde()")
        task = self._pool.submit(_autograde, self._config, series, student)
        success, log, seconds, executing = task.result()
        if self.phases is not None:
            self.phases.add("execute notebooks (forked children)", executing)
            self.phases.add(
                "nbgrader autograde besides execution (gradebook, files)", seconds - executing
            )
        return success, log

    def close(self, cancel: bool = False) -> None:
        """Stop the workers: terminate them (on cancel, Ctrl-C or an error, at once; else once
        every task has come back, sparing the seconds an interpreter holding torch and
        matplotlib takes to tear itself down: a worker keeps nothing that needs it). Idempotent."""
        if self._closed:
            return
        self._closed = True
        self._starter.join()
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
