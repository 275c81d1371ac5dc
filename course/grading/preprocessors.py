"""nbgrader preprocessors that fix what stock nbgrader (0.9) gets wrong when grading a real class.

Registered in `nbgrader_config.py` (`c.Autograde.autograde_preprocessors`), so plain
`nbgrader autograde` and `course grade` grade alike.
"""

from __future__ import annotations

import resource
import time

from nbclient.exceptions import DeadKernelError
from nbformat.notebooknode import NotebookNode
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from nbgrader.utils import is_grade
from traitlets import Integer

NOT_RUN = "NotRun"


def error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue, traceback=[])


class GuardedExecute(Execute):
    """Execute with a memory limit, a per-notebook time cap, and survival of a dead kernel.

    Stock nbgrader deletes a whole submission when its kernel dies; here the cells that ran keep
    their outputs (and so their marks), the cell that killed the kernel and every later cell get
    an error output saying why, and the notebook is saved as usual.
    """

    memory_limit_mb = Integer(
        4096, help="Address-space limit of a grading kernel in MiB (0: none)."
    ).tag(config=True)
    notebook_timeout = Integer(
        900, help="Seconds one notebook may run in all; later cells are not run (0: none)."
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        self._stopped_because = ""
        self._deadline = time.monotonic() + self.notebook_timeout if self.notebook_timeout else None
        self._cell_timeout = self.timeout
        return super().preprocess(nb, resources, km)

    def start_new_kernel(self, **kwargs):
        super().start_new_kernel(**kwargs)
        self._limit_kernel_memory()

    def _limit_kernel_memory(self) -> None:
        process = getattr(getattr(self.km, "provisioner", None), "process", None)
        if self.memory_limit_mb and process is not None:
            limit = self.memory_limit_mb * 2**20
            # A memory bomb then fails with MemoryError in its own cell instead of taking the
            # machine (and every other student's grading) down with it.
            resource.prlimit(process.pid, resource.RLIMIT_AS, (limit, limit))

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if not self._stopped_because and self._deadline is not None:
            left = self._deadline - time.monotonic()
            if left <= 0:
                self._stopped_because = (
                    f"the notebook ran past its {self.notebook_timeout} s time cap"
                )
            else:
                self.timeout = max(1, int(min(self._cell_timeout or left, left)))
        if self._stopped_because:
            cell.outputs = [error_output(NOT_RUN, f"not run: {self._stopped_because}")]
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._stopped_because = f"the kernel died in cell {index}"
            cell.outputs.append(
                error_output(
                    "DeadKernelError",
                    "the kernel died running this cell (a crash, os._exit, or memory exhausted)",
                )
            )
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

    Same limits and the same error outputs as GuardedExecute (memory, per-cell timeout with an
    interrupt, notebook cap, a dead child keeps the earlier cells' outputs); what it saves is the
    start of a kernel and the imports its grading worker has already made.
    """

    def preprocess(self, nb, resources=None, km=None):
        from nbformat import from_dict

        from .forked import run_forked

        resources = resources or {}
        code = [cell for cell in nb.cells if cell.cell_type == "code"]
        cwd = resources.get("metadata", {}).get("path") or "."
        results, stopped = run_forked(
            [cell.source for cell in code],
            cwd=cwd,
            cell_timeout=self.timeout or 0,
            notebook_timeout=self.notebook_timeout,
            memory_limit_mb=self.memory_limit_mb,
        )
        position = {id(cell): index for index, cell in enumerate(nb.cells)}
        died_at = next(
            (position[id(c)] for c, r in zip(code, results, strict=True) if r and r.get("died")),
            None,
        )
        if died_at is not None:
            stopped = f"the kernel died in cell {died_at}"
        for cell, result in zip(code, results, strict=True):
            if result is None:
                cell.outputs = [error_output(NOT_RUN, f"not run: {stopped}")]
                cell.execution_count = None
                continue
            cell.outputs = [from_dict(output) for output in result["outputs"]]
            cell.execution_count = result["count"]
            if result["timed_out"]:
                cell.outputs.append(error_output("CellTimeoutError", "no reply before timeout"))
            if result.get("died"):
                cell.outputs.append(
                    error_output(
                        "DeadKernelError",
                        "the kernel died running this cell (a crash, os._exit, or memory)",
                    )
                )
        return nb, resources
