"""The package's layers, checked on the source: grading never imports the widgets, nothing below
the benchmarks imports them, and what notebooks import never reaches grading.

    course.cli  ->  course.bench  ->  course.grading, course.widgets  ->  course.* (topics)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import course

PACKAGE = Path(course.__file__).parent


def _imports(path: Path) -> set[str]:
    """Absolute names of every module `path` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            names.add(module)
            names |= {f"{module}.{alias.name}" for alias in node.names}
    return names


def _reaches(path: Path, package: str) -> list[str]:
    return sorted(n for n in _imports(path) if n == package or n.startswith(package + "."))


@pytest.mark.parametrize("path", sorted((PACKAGE / "grading").glob("*.py")), ids=lambda p: p.name)
def test_grading_never_imports_widgets_or_benchmarks(path):
    assert _reaches(path, "course.widgets") == [] and _reaches(path, "course.bench") == []


@pytest.mark.parametrize("path", sorted((PACKAGE / "widgets").glob("*.py")), ids=lambda p: p.name)
def test_widgets_never_import_grading_or_benchmarks(path):
    assert _reaches(path, "course.grading") == [] and _reaches(path, "course.bench") == []


def test_topic_modules_import_neither_grading_widgets_nor_benchmarks():
    """What notebooks import for their narratives and checks stays below everything else."""
    for path in sorted(PACKAGE.glob("*.py")):
        if path.name in ("cli.py", "__init__.py"):
            continue
        for package in ("course.grading", "course.widgets", "course.bench"):
            assert _reaches(path, package) == [], f"{path.name} imports {package}"


def test_the_resolver_sees_relative_imports():
    """Would a relative `from ..widgets import x` in grading be caught?"""
    names = _imports(PACKAGE / "grading" / "report.py")
    assert "course.grading.grade" in names and "course.plotting" in names
