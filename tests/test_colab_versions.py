"""The notebooks on Colab's package versions: ipywidgets 7.7.1, no nbgrader, no JupyterLab.

A fresh virtualenv gets what Colab has of what matters (ipywidgets 7.7.1 with the classic
notebook 6.5 it ships beside it, current numpy, scipy and matplotlib, torch as a CPU build) and
then only what the notebooks' Colab setup cell installs: the course package, from a copy of
this checkout, not editable, constrained so that it may add packages but never move one of
Colab's (its dependency ranges must admit Colab's versions). In that venv, each release notebook
with the solutions filled in runs top to bottom in an IPython shell with the inline matplotlib
backend, as in a Colab kernel: the setup cell once as on Colab (with `%pip` recorded, not run),
the narrative, the widgets and the visible tests. Every widget a cell shows then has each of its
controls changed and put back headless; each change must redraw the figure or rewrite the
readout. No cell may raise, warn or write to stderr.

Colab runs Python 3.13; this machine's torch CPU wheel is for Python 3.11 only (a PyPI torch for
3.13 is a CUDA build of several GB), so the venv uses the machine's python3 (3.11). The venv is
built once and kept under build/colab-venv (rebuilt after a week or when the pins change); the
course package is reinstalled into it on every run. Without a network to build it, the tests
are skipped.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from course_copy import REPO

from course.grading.layout import CourseLayout
from course.grading.notebooks import fill_answers, read_notebook, write_notebook
from course.grading.samples import solution_answers
from course.widgets.registry import WIDGETS

RELEASES = sorted((REPO / "release").glob("*/*.ipynb"))
VENV = REPO / "build" / "colab-venv"
# Colab's of what matters (its published package list, 2026-08). ipywidgets 7.7.1 pulls
# widgetsnbextension 3.6, which wants a notebook server: Colab has the classic notebook 6.5,
# and pinning it keeps JupyterLab (notebook 7's base) out, as on Colab.
# Installed first, alone, as dev.sh does: torch==2.13.0 is a CPU build on this machine's disk;
# elsewhere set TORCH_SPEC (as for dev.sh), or a bare torch pulls a CUDA build of several GB.
TORCH = os.environ.get("TORCH_SPEC", "torch==2.13.0")
COLAB_PACKAGES = ["ipywidgets==7.7.1", "notebook==6.5.7", "numpy", "scipy", "matplotlib"]
REBUILD_AFTER_SECONDS = 7 * 24 * 3600  # "current" numpy/scipy/matplotlib stay current
COURSE_URL = re.compile(
    r"^git\+https://github\.com/numerics-course/numerics-course(\.git)?([@#].*)?$"
)
NOT_ON_COLAB = ["nbgrader", "jupyterlab"]


def setup_cell_requirements(nb) -> list[str]:
    """What the notebook's first code cell asks pip for: `%pip install ...`, `!pip install ...`
    or `get_ipython().run_line_magic("pip", "install ...")`, options left out."""
    cell = next(c for c in nb.cells if c.cell_type == "code")
    lines = []
    for line in cell.source.splitlines():
        match = re.match(r"\s*[%!]\s*pip\s+(install\s.*)", line)
        if match:
            lines.append(match.group(1))
    with contextlib.suppress(SyntaxError):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value.startswith("install "):
                    lines.append(node.value)
    return [word for line in lines for word in line.split()[1:] if not word.startswith("-")]


def widget_factories(nb) -> set[str]:
    """Names imported from course.widgets anywhere in the notebook (the widget factories)."""
    names = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        with contextlib.suppress(SyntaxError):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "course.widget"
                ):
                    names |= {alias.asname or alias.name for alias in node.names}
    return names


def run_pip(python: Path, *args: str, timeout: int = 1800) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(python), "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def tail(done: subprocess.CompletedProcess, size: int = 2500) -> str:
    return (done.stdout + done.stderr)[-size:]


def build_base_venv() -> Path:
    """build/colab-venv with Colab's packages (reused while its stamp matches); skips the
    tests when pip cannot get them."""
    python3 = shutil.which("python3") or sys.executable
    version = subprocess.run(
        [python3, "-c", "import sys; print(sys.version)"], capture_output=True, text=True
    ).stdout.strip()
    stamp = {"python3": python3, "version": version, "torch": TORCH, "packages": COLAB_PACKAGES}
    stamp_file = VENV / "colab-stamp.json"
    python = VENV / "bin" / "python"
    if (
        stamp_file.is_file()
        and python.is_file()
        and json.loads(stamp_file.read_text()) == stamp
        and time.time() - stamp_file.stat().st_mtime < REBUILD_AFTER_SECONDS
    ):
        return python
    shutil.rmtree(VENV, ignore_errors=True)
    made = subprocess.run([python3, "-m", "venv", str(VENV)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"{python3} cannot make a virtualenv: {tail(made, 600)}")
    for packages in ([TORCH], COLAB_PACKAGES):
        done = run_pip(python, "install", "-q", *packages)
        if done.returncode != 0:
            shutil.rmtree(VENV, ignore_errors=True)
            pytest.skip(f"cannot build the Colab virtualenv (no network?): {tail(done, 600)}")
    stamp_file.write_text(json.dumps(stamp))
    return python


def install_course(python: Path, requirements: list[str], scratch: Path) -> None:
    """Install what the setup cells ask for into the venv, never moving a package already there:
    the course repository's URL becomes a copy of this checkout (what pip would build from it)."""
    copy = scratch / "numerics-course"
    shutil.copytree(REPO / "course", copy / "course", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, copy / name)
    targets = sorted({str(copy) if COURSE_URL.match(r) else r for r in requirements})
    assert str(copy) in targets, f"the setup cells do not install the course: {requirements}"
    frozen = run_pip(python, "freeze", "--exclude", "numerics-course")
    constraints = scratch / "colab-constraints.txt"
    constraints.write_text(frozen.stdout)
    run_pip(python, "uninstall", "-y", "-q", "numerics-course")
    done = run_pip(python, "install", "-q", "-c", str(constraints), *targets)
    assert done.returncode == 0, (
        "installing the course would move one of Colab's packages (check the dependency "
        f"ranges in pyproject.toml):\n{tail(done)}"
    )


@pytest.fixture(scope="module")
def colab_python(tmp_path_factory) -> Path:
    """The Colab-like venv's python, with the course installed as the setup cells do."""
    VENV.parent.mkdir(exist_ok=True)
    lock = (VENV.parent / "colab-venv.lock").open("w")
    try:
        import fcntl  # another session building the same venv at once waits for this one

        fcntl.flock(lock, fcntl.LOCK_EX)
    except ImportError:
        pass
    try:
        python = build_base_venv()
        requirements = []
        for path in RELEASES:
            requirements += setup_cell_requirements(read_notebook(path))
        install_course(python, requirements, tmp_path_factory.mktemp("colab-install"))
        yield python
    finally:
        lock.close()


def drive_notebook(notebook: str, report: str) -> None:
    """Runs inside the Colab venv (no pytest there; only the standard library, IPython and
    ipywidgets): every code cell of `notebook`, then every control of every widget a cell
    showed. Writes {"ipywidgets", "course", "pip", "widgets", "problems"} as JSON to `report`."""
    import contextlib
    import hashlib
    import io
    import json
    import math
    import sys
    import types
    import warnings

    import ipywidgets
    from IPython.core.displaypub import DisplayPublisher
    from IPython.core.interactiveshell import InteractiveShell

    problems, pip_lines, widgets_seen, warned = [], [], [], []

    def record_warning(message, category, filename, lineno, file=None, line=None):
        warned.append(f"{category.__name__}: {message} ({filename}:{lineno})")

    warnings.showwarning = record_warning  # what a student would see printed under a cell
    # A keyword that ipywidgets 7.7.1 does not know (`tooltip` on a slider, ...) is dropped with
    # only a DeprecationWarning, hidden by default: show it, the widget is not 7.7.1-safe.
    warnings.filterwarnings("default", "Passing unrecognized arguments", DeprecationWarning)

    class Images(DisplayPublisher):
        """Keeps a digest of every PNG displayed: inline plots and the widgets' Outputs."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.pngs = []

        def publish(self, data, metadata=None, source=None, **kwargs):
            if "image/png" in data:
                self.pngs.append(hashlib.sha256(str(data["image/png"]).encode()).hexdigest())

        def clear_output(self, wait=False):
            pass

    shell = InteractiveShell.instance()
    images = shell.display_pub = Images(shell=shell)
    shell.register_magic_function(pip_lines.append, "line", "pip")  # record, do not install
    display_only = (ipywidgets.HTML, ipywidgets.HTMLMath, ipywidgets.Label, ipywidgets.Image)

    def controls_of(widget):
        if isinstance(widget, ipywidgets.Box):
            for child in widget.children:
                yield from controls_of(child)
        elif isinstance(widget, ipywidgets.Button) or (
            isinstance(widget, ipywidgets.ValueWidget) and not isinstance(widget, display_only)
        ):
            if not getattr(widget, "disabled", False):
                yield widget

    def readouts_of(widget):
        if isinstance(widget, ipywidgets.Box):
            return tuple(text for child in widget.children for text in readouts_of(child))
        return (widget.value,) if isinstance(widget, display_only[:3]) else ()

    def another_value(control):
        """A different valid value for the control, as a person could pick it."""
        value = control.value
        if isinstance(value, bool):
            return not value
        if hasattr(control, "options") and hasattr(control, "index"):
            return ("index", (control.index + 1) % len(control.options))
        if isinstance(control, ipywidgets.FloatLogSlider):
            exponent = math.log(value, control.base)
            up = exponent + control.step <= control.max
            return control.base ** (exponent + (control.step if up else -control.step))
        if isinstance(value, (int, float)) and hasattr(control, "max"):
            step = getattr(control, "step", 1) or 1
            return value + step if value + step <= control.max else value - step
        if isinstance(value, (int, float)):
            return value + 1
        if isinstance(value, str):
            return "1.5" if value.strip() == "0.3" else "0.3"
        raise TypeError(f"no rule to change a {type(control).__name__} ({value!r})")

    def set_value(control, value):
        if isinstance(value, tuple) and value[:1] == ("index",):
            control.index = value[1]
        else:
            control.value = value

    def describe(control):
        label = getattr(control, "description", "") or ""
        return f"{type(control).__name__} {label!r}".strip()

    def probe(widget, index, shown_pngs):
        """Change every control and put it back; the readout or a figure must change."""
        entry = {"cell": index, "widget": type(widget).__name__, "controls": []}
        widgets_seen.append(entry)
        controls = list(controls_of(widget))
        if not controls:
            problems.append(f"cell {index} {entry['widget']}: no control to change")
        last_pngs = shown_pngs  # what the widget's Outputs show now
        for control in controls:
            name = describe(control)
            before = readouts_of(widget)
            is_button = isinstance(control, ipywidgets.Button)
            if is_button:
                original = None
            else:
                original = ("index", control.index) if hasattr(control, "index") else control.value
            images.pngs = []
            try:
                if is_button:
                    control.click()
                else:
                    set_value(control, another_value(control))
                drawn = images.pngs
                changed_figure = bool(drawn) and drawn != last_pngs
                changed_readout = readouts_of(widget) != before
                images.pngs = []
                if not is_button:
                    set_value(control, original)
                last_pngs = images.pngs or drawn or last_pngs
            except Exception as error:  # an observer that raises: what a student would see
                problems.append(f"cell {index} {name}: {type(error).__name__}: {error}")
                continue
            what = " ".join(
                word
                for word, flag in (("figure", changed_figure), ("readout", changed_readout))
                if flag
            )
            entry["controls"].append({"control": name, "changed": what})
            if not what:
                problems.append(
                    f"cell {index} {entry['widget']}: {name} changed neither figure nor readout"
                )

    with open(notebook, encoding="utf-8") as file:
        nb = json.load(file)
    code = [(i, c) for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    for position, (index, cell) in enumerate(code):
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        if position == 0:  # the Colab setup cell, run as on Colab: `google.colab` imported
            fake = {"google": types.ModuleType("google"), "google.colab": None}
            fake["google.colab"] = fake["google"].colab = types.ModuleType("google.colab")
            fake = {name: module for name, module in fake.items() if name not in sys.modules}
            sys.modules.update(fake)
        images.pngs = []
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            result = shell.run_cell(source, store_history=True)
            if isinstance(result.result, ipywidgets.Widget) and result.success:
                probe(result.result, index, images.pngs)
        if position == 0:
            for name in fake:
                del sys.modules[name]
        error = result.error_before_exec or result.error_in_exec
        if error is not None:
            problems.append(f"cell {index}: {type(error).__name__}: {error}")
        if stderr.getvalue().strip():
            problems.append(f"cell {index} wrote to stderr: {stderr.getvalue().strip()[-600:]}")
        problems.extend(f"cell {index} warned: {w}" for w in warned)
        warned.clear()
    import course

    with open(report, "w", encoding="utf-8") as out:
        json.dump(
            {
                "ipywidgets": ipywidgets.__version__,
                "course": course.__file__,
                "pip": pip_lines,
                "widgets": widgets_seen,
                "problems": problems,
            },
            out,
            indent=1,
        )


DRIVER = (
    textwrap.dedent(inspect.getsource(drive_notebook))
    + "\ndrive_notebook(*__import__('sys').argv[1:])\n"
)


def test_release_notebooks_exist():
    """Are there release notebooks to run (so that the tests below cannot pass vacuously)?"""
    assert RELEASES


def test_venv_has_colab_versions_and_no_instructor_tools(colab_python):
    """Does the venv hold ipywidgets 7.7.1 and the course, and none of nbgrader, JupyterLab?"""
    done = run_pip(colab_python, "list", "--format=json")
    installed = {
        re.sub(r"[-_.]+", "-", p["name"]).lower(): p["version"] for p in json.loads(done.stdout)
    }
    assert installed["ipywidgets"] == "7.7.1"
    assert "torch" in installed
    assert "numerics-course" in installed and "ml-dtypes" in installed
    assert [name for name in NOT_ON_COLAB if name in installed] == []
    check = run_pip(colab_python, "check")
    assert check.returncode == 0, check.stdout


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.parent.name)
def test_notebook_and_widgets_run_on_colab_versions(path, colab_python, tmp_path):
    """Do the narrative, the widgets (every control changed) and the visible tests run on
    ipywidgets 7.7.1 with no error, no warning and nothing on stderr?"""
    series = path.parent.name
    folder = tmp_path / series
    shutil.copytree(path.parent, folder)  # data files travel with the notebook
    nb = fill_answers(read_notebook(path), solution_answers(CourseLayout(REPO), series))
    write_notebook(nb, folder / path.name)
    report = tmp_path / "report.json"
    # VIRTUAL_ENV of an activated instructor venv would make IPython warn in the Colab venv.
    skip = ("PYTHON", "MPL", "JUPYTER", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if not k.startswith(skip)}
    env.update(
        MPLBACKEND="module://matplotlib_inline.backend_inline",  # what a Colab kernel draws with
        OMP_NUM_THREADS="1",
        OPENBLAS_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
    )
    done = subprocess.run(
        [str(colab_python), "-c", DRIVER, str(folder / path.name), str(report)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0 and report.is_file(), tail(done)
    result = json.loads(report.read_text())
    assert result["ipywidgets"] == "7.7.1"
    assert Path(result["course"]).is_relative_to(colab_python.parent.parent), result["course"]
    assert result["problems"] == []
    requirements = setup_cell_requirements(nb)
    asked = [w for line in result["pip"] for w in line.split()[1:] if not w.startswith("-")]
    assert asked == requirements and any(COURSE_URL.match(r) for r in asked), result["pip"]
    factories = widget_factories(nb)
    assert factories <= set(WIDGETS), f"{sorted(factories - set(WIDGETS))} not registered"
    if factories:
        assert result["widgets"], f"{path.name} imports {sorted(factories)} but shows no widget"
    for widget in result["widgets"]:
        assert widget["controls"], widget
