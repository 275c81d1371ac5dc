"""Where the time of a grading run goes: named phases, added up, for `course bench-class`.

`Phases.wall` holds phases of the parent process, one after another (their sum is close to the
run's wall time); `Phases.busy` holds work done side by side, summed over submissions or workers
(worker start-up, checks, execution, nbgrader's own work): a share of the work, not of the wait.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import defaultdict


class Phases:
    def __init__(self) -> None:
        self.wall: dict[str, float] = defaultdict(float)
        self.busy: dict[str, float] = defaultdict(float)
        self._lock = threading.Lock()

    @contextlib.contextmanager
    def phase(self, name: str):
        """Time a parent phase (wall clock)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.add(name, time.perf_counter() - start, wall=True)

    def add(self, name: str, seconds: float, wall: bool = False) -> None:
        with self._lock:
            (self.wall if wall else self.busy)[name] += seconds


@contextlib.contextmanager
def maybe(phases: Phases | None, name: str):
    """`phases.phase(name)`, or nothing when no one is timing."""
    if phases is None:
        yield
    else:
        with phases.phase(name):
            yield
