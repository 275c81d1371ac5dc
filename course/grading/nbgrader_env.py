"""How this package runs nbgrader: its tools on PATH, its subprocess, its config and gradebook.

nbgrader creates a fresh gradebook by running `alembic` from PATH, so every nbgrader process we
start gets this interpreter's `bin/` first on PATH: `course` works from a virtualenv that is not
activated. Grading processes run side by side on few cores, so each gets one BLAS thread.
`nbgrader_config.py` is read once per command (`read_config`), and what it says is passed on.
"""

from __future__ import annotations

import contextlib
import copy
import os
import subprocess
import sys
import warnings
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .layout import CourseLayout

# One BLAS thread per grading process (kernel, warm worker, nbgrader subprocess).
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _tools_first(path: str) -> str:
    """`path` (a PATH value) with this interpreter's bin/ first, added once."""
    bindir = str(Path(sys.executable).parent)
    parts = path.split(os.pathsep) if path else []
    if parts and parts[0] == bindir:
        return path
    return os.pathsep.join([bindir, *(p for p in parts if p != bindir)])


def ensure_tools_on_path() -> None:
    """Put this interpreter's bin/ on this process's PATH (idempotent), for nbgrader's `alembic`
    call when nbgrader runs in-process (gradebooks, warm workers)."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = _tools_first(os.environ.get("PATH", ""))


def single_threaded(env: MutableMapping[str, str]) -> MutableMapping[str, str]:
    """One BLAS thread unless `env` already says how many; returns `env`."""
    for variable in THREAD_VARIABLES:
        env.setdefault(variable, "1")
    return env


def tool_env() -> dict[str, str]:
    """The environment for nbgrader subprocesses: this interpreter's bin/ first on PATH."""
    env = dict(os.environ)
    env["PATH"] = _tools_first(env.get("PATH", ""))
    env.setdefault("PYTHONUNBUFFERED", "1")
    return dict(single_threaded(env))


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


@dataclass(frozen=True)
class CourseConfig:
    """What nbgrader_config.py says, read once: nbgrader's own config and the two values
    this package needs from it."""

    root: Path
    db_url: str  # the gradebook URL nbgrader itself will use
    course_id: str
    nbgrader: Any  # traitlets Config; copy it (`nbgrader_config()`) before changing it

    def nbgrader_config(self, **sections: dict[str, Any]):
        """A copy of nbgrader's config with `sections` ({"Execute": {"timeout": 5}}) set."""
        config = copy.deepcopy(self.nbgrader)
        for section, values in sections.items():
            for key, value in values.items():
                config[section][key] = value
        return config


def read_config(layout: CourseLayout) -> CourseConfig:
    """Parse the course's nbgrader_config.py (as nbgrader does, environment included)."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(layout.root)).load_config()
    directory = config.get("CourseDirectory", {})
    url = directory.get("db_url")
    return CourseConfig(
        root=layout.root,
        db_url=str(url) if url else f"sqlite:///{layout.root / 'gradebook.db'}",
        course_id=str(directory.get("course_id") or "default_course"),
        nbgrader=config,
    )


def configured_db_url(layout: CourseLayout) -> str:
    """The gradebook URL that nbgrader_config.py sets (what nbgrader itself will use)."""
    return read_config(layout).db_url


@contextlib.contextmanager
def open_gradebook(layout: CourseLayout, db_url: str, course_id: str | None = None):
    """nbgrader's Gradebook for this course, as a context; a new SQLite file is created.
    `course_id` defaults to nbgrader_config.py's (read for the occasion)."""
    from nbgrader.api import Gradebook

    ensure_tools_on_path()
    course_id = course_id or read_config(layout).course_id
    with warnings.catch_warnings(), Gradebook(db_url, course_id) as gradebook:
        quiet_gradebook_warnings()
        yield gradebook


def quiet_gradebook_warnings() -> None:
    """Hide SQLAlchemy's warnings about nbgrader's models.

    nbgrader 0.9's lazy relationships warn under SQLAlchemy 2 ("not in session ... will not
    proceed") on reads that are correct; the warning is noise on an instructor's terminal.
    """
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)


def skip_iri_format_checks() -> None:
    """Import jsonschema without its "iri" format checkers, in a grading process.

    jsonschema (through nbformat, in every process that reads a notebook) imports the optional
    `rfc3987_syntax` when it is installed (jupyter-events pulls it in), which builds a Lark
    parser at import: about 0.9 s on the critical path of `course grade`. Only the "iri" and
    "iri-reference" formats need it, and nbformat's schemas use neither, so validation is the
    same. The module is importable again afterwards (a notebook may import it).
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment] - makes its import fail
    try:
        import jsonschema  # noqa: F401 - imported now, without the iri checkers
    except ImportError:
        pass
    finally:
        del sys.modules["rfc3987_syntax"]
