"""Where a course's folders are. Nothing here runs nbgrader (that is nbgrader_env.py).

The course root is the folder holding `nbgrader_config.py`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# What `course build` writes from source/ (committed, one folder per series).
GENERATED = ("release", "solutions")


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
    def feedback(self) -> Path:
        return self.root / "feedback"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def answers(self) -> Path:
        """tests/answers/: the alternative and wrong answers of each series (not shipped)."""
        return self.root / "tests" / "answers"

    def series(self) -> list[str]:
        """The series that have a source folder, in order."""
        if not self.source.is_dir():
            return []
        return sorted(p.name for p in self.source.iterdir() if p.is_dir() and p.name[:2].isdigit())

    def students(self, series: str) -> list[str]:
        """Students with a folder for `series` under submitted/, in order."""
        if not self.submitted.is_dir():
            return []
        return sorted(
            p.name for p in self.submitted.iterdir() if p.is_dir() and (p / series).is_dir()
        )

    def source_notebooks(self, series: str) -> list[Path]:
        folder = self.source / series
        if not folder.is_dir():
            raise CourseError(f"no source folder {folder} (known series: {self.series()})")
        return sorted(folder.glob("*.ipynb"))

    def copy_to(
        self,
        target: Path,
        series: Iterable[str] | None = None,
        generated: Iterable[str] = GENERATED,
        answers: bool = True,
    ) -> CourseLayout:
        """A scratch copy of this course in `target` (benchmarks, tests): nbgrader_config.py,
        source/ and the `generated` folders of `series` (default: every series), and
        tests/answers/ unless `answers` is false. Returns the copy's layout."""
        copy = CourseLayout(Path(target))
        names = self.series() if series is None else list(series)
        for folder in ("source", *generated):
            for name in names:
                if (self.root / folder / name).is_dir():
                    shutil.copytree(self.root / folder / name, copy.root / folder / name)
        if answers and self.answers.is_dir():
            shutil.copytree(self.answers, copy.answers)
        copy.root.mkdir(parents=True, exist_ok=True)
        shutil.copy(self.root / "nbgrader_config.py", copy.root / "nbgrader_config.py")
        return copy


def find_root(start: Path | None = None) -> CourseLayout:
    """The course around `start` (default: the working directory), found by nbgrader_config.py."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file():
            return CourseLayout(folder)
    raise CourseError(f"no nbgrader_config.py in {here} or above: run course from the course root")
