"""Make tests/ importable (harness, course_copy, answers) from every test module, and hold the
rules every headless widget test obeys (modules named test_widgets*), set here once."""

import gc
import pathlib
import sys

import matplotlib
import pytest

matplotlib.use("Agg")  # widgets render PNGs headless; no display here or in CI

sys.path.insert(0, str(pathlib.Path(__file__).parent))


def _is_widget_test(module) -> bool:
    return module is not None and module.__name__.startswith("test_widgets")


def pytest_collection_modifyitems(items):
    """In widget tests any warning is an error: a student's notebook would show it."""
    for item in items:
        if _is_widget_test(getattr(item, "module", None)):
            item.add_marker(pytest.mark.filterwarnings("error"))


@pytest.fixture(autouse=True)
def _widget_tests_write_nothing_to_stderr(request):
    """A widget test writes nothing to stderr (nbgrader and students would see it)."""
    if not _is_widget_test(request.module):
        yield
        return
    # Garbage that earlier tests left (an unclosed pipe of a finished subprocess) would otherwise
    # be collected, and warn, inside this test, which then fails for what it did not do.
    gc.collect()
    capsys = request.getfixturevalue("capsys")
    yield
    assert capsys.readouterr().err == ""
