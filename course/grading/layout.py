"""Where a course's folders are, and how to run nbgrader from Python.

The course root is the folder holding `nbgrader_config.py`. nbgrader creates a fresh gradebook by
running `alembic` from PATH, so every nbgrader process we start gets this interpreter's `bin/`
first on PATH: `course` works from a virtualenv that is not activated.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import warnings
from dataclasses import dataclass
from pathlib import Path


class CourseError(RuntimeError):
    """An instructor-facing error: printed as one line, never as a traceback."""


@dataclass(frozen=True)
class CourseLayout:
    root: Path

    @property
    def source(self) -> Path:
        return self.root / "source"

    @property
    def release(self) -> Path:
        return self.root / "release"

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def submitted(self) -> Path:
        return self.root / "submitted"

    @property
    def autograded(self) -> Path:
        return self.root / "autograded"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    def series(self) -> list[str]:
        """The series that have a source folder, in order."""
        if not self.source.is_dir():
            return []
        return sorted(p.name for p in self.source.iterdir() if p.is_dir() and p.name[:2].isdigit())

    def source_notebooks(self, series: str) -> list[Path]:
        folder = self.source / series
        if not folder.is_dir():
            raise CourseError(f"no source folder {folder} (known series: {self.series()})")
        return sorted(folder.glob("*.ipynb"))


def find_root(start: Path | None = None) -> CourseLayout:
    """The course around `start` (default: the working directory), found by nbgrader_config.py."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file():
            return CourseLayout(folder)
    raise CourseError(f"no nbgrader_config.py in {here} or above: run course from the course root")


def ensure_tools_on_path() -> None:
    """Put this interpreter's bin/ on PATH (idempotent), for nbgrader's `alembic` call."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


@contextlib.contextmanager
def open_gradebook(layout: CourseLayout, db_url: str):
    """nbgrader's Gradebook for this course, as a context; a new SQLite file is created."""
    from nbgrader.api import Gradebook

    ensure_tools_on_path()
    with warnings.catch_warnings(), Gradebook(db_url, configured_course_id(layout)) as gradebook:
        quiet_gradebook_warnings()
        yield gradebook


def quiet_gradebook_warnings() -> None:
    """Hide SQLAlchemy's warnings about nbgrader's models.

    nbgrader 0.9's lazy relationships warn under SQLAlchemy 2 ("not in session ... will not
    proceed") on reads that are correct; the warning is noise on an instructor's terminal.
    """
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


def tool_env() -> dict[str, str]:
    """The environment for nbgrader subprocesses: this interpreter's bin/ first on PATH."""
    env = dict(os.environ)
    bindir = str(Path(sys.executable).parent)
    env["PATH"] = bindir + os.pathsep + env.get("PATH", "")
    env.setdefault("PYTHONUNBUFFERED", "1")
    # One BLAS thread per kernel: grading workers run side by side on few cores.
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.setdefault(var, "1")
    return env


def run_nbgrader(
    layout: CourseLayout, args: list[str], db_url: str | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess:
    """Run `nbgrader ARGS` in the course root; output captured, never raises on failure."""
    command = [sys.executable, "-m", "nbgrader", *args]
    if db_url:
        command.append(f"--CourseDirectory.db_url={db_url}")
    return subprocess.run(
        command,
        cwd=layout.root,
        env=tool_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def nbgrader_errors(output: str, limit: int = 3) -> str:
    """The ERROR/CRITICAL lines of nbgrader's log, shortened to a few."""
    lines = [ln.strip() for ln in output.splitlines() if "| ERROR]" in ln or "| CRITICAL]" in ln]
    return " / ".join(lines[:limit]) if lines else (output.strip().splitlines() or [""])[-1]


def configured_db_url(layout: CourseLayout) -> str:
    """The gradebook URL that nbgrader_config.py sets (what nbgrader itself will use)."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(layout.root)).load_config()
    url = config.get("CourseDirectory", {}).get("db_url")
    return str(url) if url else f"sqlite:///{layout.root / 'gradebook.db'}"


def configured_course_id(layout: CourseLayout) -> str:
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(layout.root)).load_config()
    return str(config.get("CourseDirectory", {}).get("course_id") or "default_course")
