"""Both grading executors follow one policy (course/grading/policy.py): the kernel route
(GuardedExecute, what stock `nbgrader autograde` runs) and the warm route (ForkedExecute, a
child forked from the grading worker) give the same outputs for the same broken notebook: a cell
timeout, a MemoryError, sys.exit, a crash, the notebook's time cap."""

from __future__ import annotations

import sys
import warnings

import nbformat
import pytest

from course.grading.incidents import notebook_incidents
from course.grading.preprocessors import ForkedExecute, GuardedExecute

BROKEN = [
    'print("before")',
    "import time\ntime.sleep(30)",  # past the cell timeout: interrupted
    "x = bytearray(64 * 2**30)",  # past the memory limit (16 GiB, whatever pytest holds)
    "import sys\nsys.exit(3)",
    'print("after exit")',  # sys.exit ends the cell, not the notebook
    "import os\nos._exit(1)",  # the process dies
    'print("never")',  # not run
]
SLOW = ["import time\ntime.sleep(30)", "import time\ntime.sleep(30)", 'print("late")']


def _notebook(sources: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.cells = [nbformat.v4.new_markdown_cell("# broken")]
    nb.cells += [nbformat.v4.new_code_cell(source) for source in sources]
    return nb


def _outputs(nb) -> list[list[tuple]]:
    """What a student and the grader see of each code cell (tracebacks left out: the kernel
    colours them, the forked shell does not)."""
    shown = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            if output.output_type == "error":
                outputs.append(("error", output.ename, output.evalue))
            elif output.output_type == "stream":
                outputs.append((output.name, output.text))
            else:
                outputs.append((output.output_type,))
        shown.append(outputs)
    return shown


def _to_stderr(message, category, filename, lineno, file=None, line=None):
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _run(executor, sources, tmp_path, **limits):
    nb = _notebook(sources)
    # As in a grading worker (and a kernel), not as under pytest, which records warnings
    # instead of writing them: the forked child writes them to its stderr, a cell output.
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        warnings.showwarning = _to_stderr
        executor(**limits).preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    return nb


@pytest.mark.parametrize(
    ("sources", "limits"),
    [
        (BROKEN, {"timeout": 2, "notebook_timeout": 0, "memory_limit_mb": 16384}),
        (SLOW, {"timeout": 60, "notebook_timeout": 3, "memory_limit_mb": 0}),
    ],
    ids=["crash", "time-cap"],
)
def test_cold_and_warm_executors_give_the_same_outputs(sources, limits, tmp_path):
    """Do a kernel and a forked child leave identical outputs and report the same incidents?"""
    warm = _run(ForkedExecute, sources, tmp_path, **limits)  # first: fork before zmq's threads
    cold = _run(GuardedExecute, sources, tmp_path, **limits)
    assert _outputs(warm) == _outputs(cold)
    assert notebook_incidents(warm) == notebook_incidents(cold)
    names = [[o[1] for o in cell if o[0] == "error"] for cell in _outputs(cold)]
    if sources is BROKEN:
        assert names[1][-1] == "CellTimeoutError" and names[2] == ["MemoryError"]
        assert names[3] == ["SystemExit"] and _outputs(cold)[4] == [("stdout", "after exit\n")]
        assert "To exit: use 'exit'" in _outputs(cold)[3][-1][1]  # IPython's warning, on stderr
        assert names[5] == ["DeadKernelError"] and names[6] == ["NotRun"]
        assert "the kernel died in cell 6" in _outputs(cold)[6][0][2]
    else:
        assert names[0][-1] == names[1][-1] == "CellTimeoutError" and names[2] == ["NotRun"]
        assert "past its 3 s time cap" in _outputs(cold)[2][0][2]


def test_the_clock_gives_each_cell_what_is_left_of_the_cap(monkeypatch):
    """Does a cell get its own timeout, cut to the whole seconds left of the notebook's cap
    (counted from the first cell), and is a cell past the cap refused with the reason?"""
    from course.grading import policy

    now = [100.0]
    monkeypatch.setattr(policy.time, "monotonic", lambda: now[0])
    clock = policy.NotebookClock(cell_timeout=60, notebook_timeout=900)
    assert clock.next_cell() == (60, "")
    now[0] += 850.5
    assert clock.next_cell() == (49, "")
    now[0] += 49.0
    assert clock.next_cell() == (1, "")  # never 0 s: nbclient reads 0 as "no timeout"
    now[0] += 1
    assert clock.next_cell() == (None, "the notebook ran past its 900 s time cap")
    assert policy.NotebookClock(60, 0).next_cell() == (60, "")
    assert policy.NotebookClock(None, 0).next_cell() == (None, "")
