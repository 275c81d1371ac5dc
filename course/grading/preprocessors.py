"""nbgrader preprocessors that fix what stock nbgrader (0.9) gets wrong when grading a real class.

Registered in `nbgrader_config.py` (`c.Autograde.autograde_preprocessors`), so plain
`nbgrader autograde` and `course grade` grade alike.
"""

from __future__ import annotations

from nbclient.exceptions import DeadKernelError
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from nbgrader.utils import is_grade
from traitlets import Integer

from .policy import (
    NOT_RUN,
    NotebookClock,
    dead_kernel_output,
    died_in,
    error_output,
    limit_memory,
    not_run_output,
    timeout_output,
)

__all__ = ["NOT_RUN", "ForkedExecute", "GuardedExecute", "StderrIsNotFailure", "error_output"]

_executing = [0.0]  # seconds this process has spent in ForkedExecute.run_forked


def execute_seconds() -> float:
    """Seconds this process has spent running forked notebooks (for `course bench-class`)."""
    return _executing[0]


class GuardedExecute(Execute):
    """Execute with a memory limit, a per-notebook time cap, and survival of a dead kernel.

    Stock nbgrader deletes a whole submission when its kernel dies; here the cells that ran keep
    their outputs (and so their marks), the cell that killed the kernel and every later cell get
    an error output saying why, and the notebook is saved as usual. The rules are policy.py's,
    shared with ForkedExecute.
    """

    memory_limit_mb = Integer(
        4096, help="Address-space limit of a grading kernel in MiB (0: none)."
    ).tag(config=True)
    notebook_timeout = Integer(
        900, help="Seconds one notebook may run in all; later cells are not run (0: none)."
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._stopped_because = ""
        configured = self.timeout  # each cell's timeout is set below; restored afterwards
        self._clock = NotebookClock(configured, self.notebook_timeout)
        try:
            return super().preprocess(nb, resources, km)
        finally:
            self.timeout = configured

    def start_new_kernel(self, **kwargs):
        super().start_new_kernel(**kwargs)
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if process is not None:
            limit_memory(self.memory_limit_mb, process.pid)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if not self._stopped_because:
            timeout, self._stopped_because = self._clock.next_cell()
            if not self._stopped_because:
                self.timeout = timeout
        if self._stopped_because:
            cell.outputs = [not_run_output(self._stopped_because)]
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stopped_because = died_in(index)
            cell.outputs.append(dead_kernel_output())
            self.log.warning("Kernel died in cell %d; later cells are not run", index)
            return cell, resources


class StderrIsNotFailure(NbGraderPreprocessor):
    """Relabel stderr output of graded cells as stdout, so a warning costs no points.

    nbgrader scores a graded cell zero when it wrote anything to stderr (a numpy RuntimeWarning,
    a torch UserWarning), even though every assert passed. Only errors should fail a test cell.
    """

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and is_grade(cell):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    output["name"] = "stdout"
                    output["text"] = "[stderr] " + output.get("text", "")
        return cell, resources


class ForkedExecute(GuardedExecute):
    """Execute each notebook in a child forked from this (warm) process, not in a new kernel.

    The same policy as GuardedExecute (policy.py: memory, per-cell timeout with an interrupt,
    notebook cap, a dead child keeps the earlier cells' outputs) and the same error outputs;
    what it saves is the start of a kernel and the imports its grading worker has already made.
    """

    def preprocess(self, nb, resources=None, km=None):
        import time

        from nbformat import from_dict

        from .forked import run_forked

        resources = resources or {}
        code = [cell for cell in nb.cells if cell.cell_type == "code"]
        cwd = resources.get("metadata", {}).get("path") or "."
        start = time.perf_counter()
        results, stopped = run_forked(
            [cell.source for cell in code],
            cwd=cwd,
            clock=NotebookClock(self.timeout, self.notebook_timeout),
            memory_limit_mb=self.memory_limit_mb,
        )
        _executing[0] += time.perf_counter() - start
        position = {id(cell): index for index, cell in enumerate(nb.cells)}
        died_at = next(
            (position[id(c)] for c, r in zip(code, results, strict=True) if r and r.get("died")),
            None,
        )
        if died_at is not None:
            stopped = died_in(died_at)
        for cell, result in zip(code, results, strict=True):
            if result is None:
                cell.outputs = [not_run_output(stopped)]
                cell.execution_count = None
                continue
            cell.outputs = [from_dict(output) for output in result["outputs"]]
            cell.execution_count = result["count"]
            if result["timed_out"]:
                cell.outputs.append(timeout_output(self.error_on_timeout))
            if result.get("died"):
                cell.outputs.append(dead_kernel_output())
        return nb, resources
