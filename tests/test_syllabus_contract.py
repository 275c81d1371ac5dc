"""The exercise list in course/grading/syllabus.py matches the syllabus, the course's contract."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.grading.syllabus import SERIES

SYLLABUS = Path(__file__).resolve().parents[2] / "shared" / "syllabus.md"


def _contract() -> dict[str, list[str]]:
    """Series -> the function names at the start of each numbered exercise."""
    series, result = None, {}
    for line in SYLLABUS.read_text().splitlines():
        heading = re.match(r"## (\d\d-[a-z-]+)", line)
        if heading:
            series = heading.group(1)
            result[series] = []
        item = re.match(r"(\d+)\. (.*)", line.strip())
        if series and item:
            result[series].append(item.group(2))
        elif series and result[series] and line.startswith("   "):
            result[series][-1] += " " + line.strip()  # an item's continuation line
    return result


@pytest.mark.skipif(not SYLLABUS.is_file(), reason="shared/syllabus.md is not beside the repo")
def test_every_series_has_twelve_exercises_with_the_contract_names():
    """Does each exercise name the functions the syllabus item names, in order?"""
    contract = _contract()
    assert sorted(contract) == sorted(SERIES)
    for series, items in contract.items():
        assert len(items) == 12 == len(SERIES[series]), series
        for text, exercise in zip(items, SERIES[series], strict=True):
            for function in exercise.functions:
                assert (
                    f"`{function}(" in text or f"`{function}`" in text or (f"{function}(" in text)
                ), f"{series} {exercise.id}: {function} not in {text[:80]!r}"


def test_ids_are_unique_and_numbered():
    """Are the ids exNN_name, numbered 01..12 in each series?"""
    for exercises in SERIES.values():
        assert [e.id[:4] for e in exercises] == [f"ex{i:02d}" for i in range(1, 13)]
