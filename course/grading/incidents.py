"""What went wrong while a submission ran, read from its autograded notebook.

Both executors (policy.py) leave an error output in the cell where the kernel died,
where a notebook's time cap stopped it, and nbclient leaves one where a cell timed out; a memory
bomb shows up as MemoryError. These are the reasons an instructor needs in the report.
"""

from __future__ import annotations

from .notebooks import cell_label, graded_cells, grader_meta
from .policy import NOT_RUN

INCIDENTS = {
    "DeadKernelError": "the kernel died (crash, os._exit or memory)",
    "CellTimeoutError": "timed out",
    "MemoryError": "ran out of memory (MemoryError)",
    "SystemExit": "called sys.exit / raised SystemExit",
}


def notebook_incidents(nb) -> tuple[list[str], bool]:
    """(one line per incident, whether every cell ran) for an autograded notebook."""
    lines, complete, not_run = [], True, []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") != "error":
                continue
            name = output.get("ename", "")
            if name == NOT_RUN:
                complete = False
                not_run.append(index)
            elif name in INCIDENTS:
                label = cell_label(index, grader_meta(nb.cells[index]))
                lines.append(f"{label}: {INCIDENTS[name]}")
                complete = complete and name != "DeadKernelError"
    if not_run:
        graded = sum(bool((grader_meta(nb.cells[i]) or {}).get("grade")) for i in not_run)
        reason = nb.cells[not_run[0]].outputs[0].get("evalue", "").removeprefix("not run: ")
        lines.append(f"{len(not_run)} later cells not run ({graded} graded) because {reason}")
    return lines, complete


def cell_outcomes(nb) -> dict[str, tuple[bool, str]]:
    """grade id -> (passed, "all tests passed" or the error's name and message) for the graded
    cells of an autograded notebook (what the feedback pages show; never a traceback)."""
    return {
        meta["grade_id"]: result_line(cell)
        for _, cell, meta in graded_cells(nb)
        if meta.get("grade_id") is not None
    }


def result_line(cell) -> tuple[bool, str]:
    """(passed, what the feedback says) for one graded cell."""
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return False, f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".strip()
    return True, "all tests passed"
