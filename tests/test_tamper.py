"""The tamper scan: what it flags for review, and what a correct answer may do unflagged."""

from __future__ import annotations

import pytest

from course.grading.tamper import bound_names, scan_cell

MODULES = {"np", "numpy", "torch", "os", "sys", "math"}


def reasons(source: str, protected: frozenset[str] = frozenset({"_reference"})) -> list[str]:
    return [reason for _, reason in scan_cell(source, set(protected), MODULES)]


@pytest.mark.parametrize(
    ("source", "needle"),
    [
        ("np.allclose = lambda *a, **k: True", "reassigns np.allclose"),
        ("import numpy\nnumpy.testing.assert_allclose = print", "reassigns numpy.testing"),
        ("def abs(x):\n    return 0", "rebinds the builtin 'abs'"),
        ("_reference = None", "rebinds '_reference'"),
        ("def f():\n    global _reference\n    _reference = 1", "rebinds '_reference'"),
        ("import os\nos._exit(0)", "calls os._exit"),
        ("import sys\nsys.exit()", "calls sys.exit"),
        ("%reset -f", "magic or shell command '%reset'"),
        ("!rm -rf /", "magic or shell command '!rm'"),
        ("import ctypes", "imports ctypes"),
        ("setattr(np, 'sum', max)", "calls setattr"),
        ("__builtins__.len = lambda x: 0", "touches __builtins__"),
        ("torch.manual_seed = print", "reassigns torch.manual_seed"),
    ],
)
def test_reaching_into_the_grader_is_flagged(source, needle):
    """Does each way of replacing what the hidden tests rely on give a review line?"""
    assert any(needle in reason for reason in reasons(source)), reasons(source)


@pytest.mark.parametrize(
    "source",
    [
        # set_seed's expected configuration, in the forms a correct answer writes it
        "torch.backends.cudnn.deterministic = True\ntorch.backends.cudnn.benchmark = False",
        "torch.backends.cuda.matmul.allow_tf32 = False",
        "import os\nos.environ['CUBLAS_WORKSPACE_CONFIG'] = ':4096:8'",
        # a local that shadows a builtin, a re-import, an ordinary helper
        "def total(xs):\n    sum = 0.0\n    for x in xs:\n        sum += x\n    return sum",
        "import numpy as np",
        "def helper(x):\n    return np.sum(x)",
        "x = [1, 2]\nx[0] = 3",
        "def f(:",  # does not parse: its own exercise fails, nothing to flag
    ],
)
def test_ordinary_answers_are_not_flagged(source):
    """Does code a correct answer plausibly contains pass without a review line?"""
    assert reasons(source) == []


def test_bound_names_sees_imports_assignments_and_defs():
    """Are the names the setup cells bind (the protected set) found?"""
    cells = ["import numpy as np\nfrom math import fsum", "_ref = 1\ndef check():\n    pass"]
    assert bound_names(cells) == {"np", "fsum", "_ref", "check"}
    assert bound_names(cells, imports_only=True) == {"np", "fsum"}
