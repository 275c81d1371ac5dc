"""The execution policy of a grading run, shared by both executors.

`GuardedExecute` (a kernel per notebook, nbclient) and `ForkedExecute` (a child forked from a
warm worker, forked.py) run a notebook under the same rules, written once here:

- memory: the notebook's process gets an address-space limit, so a memory bomb fails with
  MemoryError in its own cell instead of taking the machine down (`limit_memory`);
- time: each cell has its timeout (interrupted, then marked as nbgrader marks a timeout), and the
  whole notebook a cap counted from its first cell; a cell starting past the cap is not run
  (`NotebookClock`);
- death: the cell in which the process died gets `dead_kernel_output()`, every later code cell
  `not_run_output(...)`, and the cells that ran keep their outputs (and so their marks).

Plain Python (no nbclient, no nbgrader), so the forked child can use it too.
"""

from __future__ import annotations

import resource
import time

from nbformat.notebooknode import NotebookNode

NOT_RUN = "NotRun"  # ename of a cell that was not run (incidents.py reads it)
DEAD_KERNEL = "DeadKernelError"
DIED_RUNNING = "the kernel died running this cell (a crash, os._exit, or memory exhausted)"


def error_output(ename: str, evalue: str, traceback: list[str] | None = None) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=traceback or [])


def dead_kernel_output() -> NotebookNode:
    return error_output(DEAD_KERNEL, DIED_RUNNING)


def timeout_output(error_on_timeout: dict) -> NotebookNode:
    """What a timed-out cell gets after the interrupt: nbgrader's `Execute.error_on_timeout`."""
    return error_output(
        error_on_timeout.get("ename", "CellTimeoutError"),
        error_on_timeout.get("evalue", ""),
        list(error_on_timeout.get("traceback", [])),
    )


def not_run_output(reason: str) -> NotebookNode:
    return error_output(NOT_RUN, f"not run: {reason}")


def died_in(index: int) -> str:
    """Why later cells did not run: the process died in notebook cell `index`."""
    return f"the kernel died in cell {index}"


def limit_memory(memory_limit_mb: int, pid: int = 0) -> None:
    """Limit the address space of process `pid` (0: this one) to `memory_limit_mb` MiB."""
    if memory_limit_mb:
        limit = memory_limit_mb * 2**20
        resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))


class NotebookClock:
    """The time rules of one notebook: a per-cell timeout under a cap on the whole notebook,
    counted from the first cell (a kernel's start is not the student's time)."""

    def __init__(self, cell_timeout: float | None, notebook_timeout: float | None) -> None:
        self.cell_timeout = cell_timeout or None
        self.notebook_timeout = notebook_timeout or None
        self._deadline: float | None = None

    def next_cell(self) -> tuple[int | None, str]:
        """(seconds the next cell may run, None for no limit; why it may not run, or "")."""
        if self.notebook_timeout is None:
            return (int(self.cell_timeout) if self.cell_timeout else None), ""
        if self._deadline is None:
            self._deadline = time.monotonic() + self.notebook_timeout
        left = self._deadline - time.monotonic()
        if left <= 0:
            return None, f"the notebook ran past its {self.notebook_timeout:g} s time cap"
        return max(1, int(min(self.cell_timeout or left, left))), ""
