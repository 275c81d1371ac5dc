"""Run a notebook top to bottom in a fresh kernel (nbclient), as CI and the benchmarks do."""

from __future__ import annotations

import time
from pathlib import Path

from .notebooks import read_notebook


def execute_notebook(path: Path, timeout: int = 300, allow_errors: bool = False):
    """Execute `path` in its own folder; returns (executed notebook, wall seconds)."""
    from nbclient import NotebookClient

    nb = read_notebook(path)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(Path(path).parent)}},
    )
    start = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - start


def error_cells(nb) -> list[tuple[int, str]]:
    """(index, "Ename: evalue") of every code cell whose output holds an error."""
    errors = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                errors.append((index, f"{output.get('ename')}: {output.get('evalue')}"))
    return errors


def stderr_cells(nb) -> list[int]:
    """Indexes of code cells that wrote to stderr (nbgrader scores such a test cell zero)."""
    return [
        index
        for index, cell in enumerate(nb.cells)
        if any(o.get("name") == "stderr" for o in cell.get("outputs", []))
    ]
