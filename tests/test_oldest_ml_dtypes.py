"""The series that use ml_dtypes (01, 06) on the oldest version pyproject.toml admits.

Their prose says what depends on the version (0.4 rounds float64 to bf16 through float32, 0.7
rounds once), and the cells assert it. Here the solution notebooks run top to bottom with the
floor version put first on the kernel's path (pip's --target into a scratch folder; skipped
without a network), with no error and nothing on stderr, and the kernel reports that version.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from course_copy import REPO

from course.grading.execute import error_cells, execute_notebook, stderr_cells

SERIES = ("01-floating-point", "06-mixed-precision")


def floor_version() -> str:
    """The X of `"ml_dtypes>=X"` in pyproject.toml."""
    match = re.search(r'"ml_dtypes>=([0-9.]+)"', (REPO / "pyproject.toml").read_text())
    assert match, "pyproject.toml names no ml_dtypes floor"
    return match.group(1)


@pytest.fixture(scope="module")
def oldest_on_path(tmp_path_factory):
    target = tmp_path_factory.mktemp("ml_dtypes_floor")
    version = floor_version()
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--disable-pip-version-check",
         "--no-deps", "--target", str(target), f"ml_dtypes=={version}"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot install ml_dtypes=={version} (no network?): {done.stderr[-300:]}")
    saved = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), saved]))
    try:
        yield version
    finally:
        if saved is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = saved


@pytest.mark.parametrize("series", SERIES)
def test_solution_runs_on_the_oldest_ml_dtypes(series, oldest_on_path):
    """Does the solution notebook run clean with the floor ml_dtypes in its kernel?"""
    path = next((REPO / "solutions" / series).glob("*.ipynb"))
    nb, _ = execute_notebook(path, allow_errors=True)
    assert error_cells(nb) == []
    assert stderr_cells(nb) == [], [nb.cells[i].source[:80] for i in stderr_cells(nb)]
    printed = "".join(
        o.get("text", "") for cell in nb.cells for o in cell.get("outputs", []) if "text" in o
    )
    if series == "01-floating-point":  # the cell that names the version the kernel ran
        assert f"ml_dtypes {oldest_on_path}:" in printed, "the kernel did not run the floor version"
