"""The widgets in a real browser: JupyterLab 4 and headless Chromium, driven as a person would.

One JupyterLab server (this environment's, on localhost) serves every release notebook with the
solutions filled in. For each notebook, Chromium opens it, runs all cells from the Run menu and
waits for the kernel; then every widget output must be a live widget (its DOM, not a text repr
such as "UlpRuler(children=...)"), and one control of each kind in it (slider, dropdown, toggle
button, checkbox, text field) is moved with the keyboard or the mouse, after which the readout
or the figure must change. A JavaScript error in the console fails the test. A screenshot of
each widget lands in test-output/screenshots/<series>-<widget>.png.

Needs Debian's chromium (/usr/bin/chromium) and Playwright for Python; skipped without them.
"""

from __future__ import annotations

import ast
import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from course_copy import REPO
from test_colab_versions import widget_factories

from course.grading.layout import CourseLayout
from course.grading.notebooks import fill_answers, read_notebook, write_notebook
from course.grading.samples import solution_answers
from course.widgets.registry import WIDGETS

CHROMIUM = Path("/usr/bin/chromium")
# What the machine's closed network and a root user need (see the machine notes): no sandbox,
# no GPU, and none of Chromium's own calls home, which the network would refuse noisily.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
RELEASES = sorted((REPO / "release").glob("*/*.ipynb"))
SCREENSHOTS = REPO / "test-output" / "screenshots"
WIDGET_VIEW = (
    ".jp-Cell-outputArea > .jp-OutputArea-child > .jp-OutputArea-output > .jupyter-widgets"
)
# The repr a widget falls back to when no widget manager renders it: "UlpRuler(children=(...".
WIDGET_REPR = re.compile(r"^\s*\w+\((children|value|layout)=")
SECONDS_PER_CHANGE = 20

# What a view shows, hashed in the page: the readout (HTML widgets) and the figure (<img> data).
VIEW_STATE = """view => {
  const hash = text => {
    let h = 5381;
    for (let i = 0; i < text.length; i++) h = (h * 33 + text.charCodeAt(i)) | 0;
    return String(h);
  };
  const texts = [...view.querySelectorAll('.widget-html-content, .widget-htmlmath-content')];
  const images = [...view.querySelectorAll('img')];
  return {
    readout: hash(texts.map(e => e.innerText).join('\\n')),
    figure: images.map(e => hash(e.src)).join(','),
    loaded: images.every(e => e.complete),
  };
}"""

# Controls that Tab cannot reach (every one must be reachable from the keyboard).
KEYBOARD_UNREACHABLE = """view => [...view.querySelectorAll(
  'input, select, textarea, button, .noUi-handle')]
  .filter(e => !e.disabled && e.tabIndex < 0)
  .map(e => e.outerHTML.slice(0, 120))"""

# Every code cell has run ("[12]:"), or the kernel is idle after an error stopped the run.
RUN_FINISHED = """() => {
  const panel = document.querySelector('.jp-NotebookPanel');
  if (!panel) return false;
  const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
  const idle = panel.querySelector('.jp-Notebook-ExecutionIndicator[data-status="idle"]');
  if (!idle || prompts.some(p => p.textContent.includes('*'))) return false;
  const errors = panel.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]');
  return prompts.every(p => /\\[\\d+\\]/.test(p.textContent)) || errors.length > 0;
}"""

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # the dev extra installs it; a bare environment skips
    sync_playwright = None

# CI (.ci/run installs Chromium through dev.sh) must run this test: there a missing browser is a
# failure, not a skip. Elsewhere, a machine without it skips with the reason.
_MISSING = (
    "playwright is not installed"
    if sync_playwright is None
    else f"{CHROMIUM} missing (apt install chromium)"
    if not CHROMIUM.is_file()
    else ""
)
if _MISSING and os.environ.get("CI"):
    raise RuntimeError(f"CI must run the browser test: {_MISSING}")
pytestmark = [pytest.mark.skipif(bool(_MISSING), reason=_MISSING)]


def shown_call(source: str) -> str | None:
    """The function whose result a cell shows: `f(...)` as its last line, or `v` after
    `v = f(...)`; None when the cell shows nothing or is not Python."""
    try:
        body = ast.parse(source).body
    except SyntaxError:
        return None
    if not body or not isinstance(body[-1], ast.Expr):
        return None
    value = body[-1].value
    if isinstance(value, ast.Name):  # `view = f(...)` earlier, `view` last
        for node in reversed(body[:-1]):
            if (
                isinstance(node, ast.Assign)
                and any(isinstance(t, ast.Name) and t.id == value.id for t in node.targets)
                and isinstance(node.value, ast.Call)
            ):
                value = node.value
                break
    if isinstance(value, ast.Call):
        func = value.func
        return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab_root(tmp_path_factory) -> Path:
    """A folder of release notebooks with the solutions filled in, one subfolder per series."""
    root = tmp_path_factory.mktemp("lab") / "notebooks"
    layout = CourseLayout(REPO)
    for series in sorted({path.parent.name for path in RELEASES}):
        shutil.copytree(REPO / "release" / series, root / series)  # data files travel too
        answers = solution_answers(layout, series)
        for path in sorted((REPO / "release" / series).glob("*.ipynb")):
            write_notebook(fill_answers(read_notebook(path), answers), root / series / path.name)
    return root


@pytest.fixture(scope="module")
def lab_server(lab_root, tmp_path_factory):
    """`jupyter lab` from this environment on a free localhost port; yields (url, token)."""
    home = tmp_path_factory.mktemp("jupyter")
    settings = home / "settings" / "@jupyterlab"
    # Every cell stays in the DOM, no news or update checks (the network is closed), no toasts
    # over the widgets.
    (settings / "notebook-extension").mkdir(parents=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"})
    )
    (settings / "apputils-extension").mkdir(parents=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True})
    )
    port, token = free_port(), uuid.uuid4().hex
    env = {
        **os.environ,
        # A private Jupyter home: no user config, kernels or workspaces from this machine.
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
        # Two cores here: a kernel that grabs both for BLAS starves the browser.
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
    }
    command = [
        sys.executable,
        "-m",
        "jupyterlab",
        "--no-browser",
        f"--port={port}",
        "--ip=127.0.0.1",
        f"--ServerApp.token={token}",
        f"--ServerApp.root_dir={lab_root}",
        "--allow-root",
        f"--LabApp.user_settings_dir={home / 'settings'}",
        f"--LabApp.workspaces_dir={home / 'workspaces'}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    log = (home / "server.log").open("w")
    server = subprocess.Popen(command, cwd=lab_root, env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2):
                    break
            except (urllib.error.URLError, OSError):
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    tail = (home / "server.log").read_text()[-3000:]
                    pytest.fail(f"jupyter lab did not start:\n{tail}")
                time.sleep(0.5)
        yield url, token
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        yield chromium
        chromium.close()


def shut_down_kernels(url: str, token: str) -> None:
    """End every session the page started, so the next notebook has the cores to itself."""
    headers = {"Authorization": f"token {token}"}
    request = urllib.request.Request(f"{url}/api/sessions", headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        sessions = json.load(response)
    for session in sessions:
        delete = urllib.request.Request(
            f"{url}/api/sessions/{session['id']}", headers=headers, method="DELETE"
        )
        urllib.request.urlopen(delete, timeout=10).close()


def console_problem(message) -> str | None:
    """A console message that fails the test, or None for one we understand to be harmless."""
    if message.type != "error":
        return None
    location = (message.location or {}).get("url", "")
    # A request to anywhere but this server can only fail on this closed network (a font or
    # news feed a plugin asks for); it says nothing about the widgets.
    if location and not location.startswith(("http://127.0.0.1", "http://localhost")):
        if message.text.startswith("Failed to load resource"):
            return None
    return f"console error: {message.text} ({location})"


def view_state(page, view) -> dict:
    return view.evaluate(VIEW_STATE)


def wait_for_change(page, view, before: dict, what: str) -> dict:
    """Wait until the readout or the figure differs from `before` (failing with `what` if it
    does not), then until the kernel is idle and the view has stopped changing."""
    try:
        page.wait_for_function(
            f"""([view, before]) => {{
                const now = ({VIEW_STATE})(view);
                return now.readout !== before.readout || now.figure !== before.figure;
            }}""",
            arg=[view.element_handle(), before],
            timeout=SECONDS_PER_CHANGE * 1000,
            polling=100,
        )
    except Exception as error:  # playwright's TimeoutError
        raise AssertionError(
            f"{what}: neither the readout nor the figure changed in {SECONDS_PER_CHANGE} s"
        ) from error
    # The readout may arrive before the figure: settle before the next move or a screenshot.
    idle = page.locator(".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']")
    deadline = time.monotonic() + SECONDS_PER_CHANGE
    state = view_state(page, view)
    while time.monotonic() < deadline:
        page.wait_for_timeout(400)
        now = view_state(page, view)
        if now == state and now["loaded"] and idle.count():
            break
        state = now
    return state


def move_controls(page, view) -> list[str]:
    """Move one control of each kind the view has, as a person would; returns what was done.

    Each move must change the readout or the figure before the next one starts."""
    done = []
    enabled = ":not([disabled]):not(.mod-disabled)"
    handles = view.locator(f".widget-slider:not(.mod-disabled) .noUi-handle{enabled}")
    if handles.count():  # keyboard: Tab-reachable slider handle, one step with an arrow key
        handle = handles.first
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        key = "ArrowLeft" if at_max else "ArrowRight"
        before = view_state(page, view)
        handle.focus()
        page.keyboard.press(key)
        wait_for_change(page, view, before, f"slider {key}")
        done.append(f"slider: {key}")
    selects = view.locator(f".widget-dropdown select{enabled}")
    if selects.count():  # keyboard: open the list with Space, step, commit with Enter
        select = selects.first
        last = select.evaluate("s => s.selectedIndex === s.options.length - 1")
        key = "ArrowUp" if last else "ArrowDown"
        before = view_state(page, view)
        select.focus()
        for press in ("Space", key, "Enter"):
            page.keyboard.press(press)
        wait_for_change(page, view, before, f"dropdown Space {key} Enter")
        done.append(f"dropdown: {select.input_value()}")
    options = view.locator(f".widget-toggle-buttons button:not(.mod-active){enabled}")
    if options.count():  # mouse: click another option of a ToggleButtons
        before = view_state(page, view)
        options.first.click()
        wait_for_change(page, view, before, "toggle buttons click")
        done.append(f"toggle buttons: {options.first.inner_text()}")
    toggles = view.locator(
        f"button.widget-toggle-button:not(.widget-toggle-buttons button){enabled}"
    )
    if toggles.count():  # mouse: click a ToggleButton (the last one, e.g. the lowest bit)
        before = view_state(page, view)
        toggles.last.click()
        wait_for_change(page, view, before, "toggle button click")
        done.append("toggle button: click")
    checkboxes = view.locator(f".widget-checkbox input[type=checkbox]{enabled}")
    if checkboxes.count():  # keyboard: Space on the focused checkbox
        before = view_state(page, view)
        checkboxes.first.focus()
        page.keyboard.press("Space")
        wait_for_change(page, view, before, "checkbox Space")
        done.append("checkbox: Space")
    texts = view.locator(f".widget-text input[type=text]{enabled}")
    if texts.count():  # keyboard: select the text, type a number, Enter
        field = texts.first
        typed = "1.5" if field.input_value().strip() == "0.3" else "0.3"
        before = view_state(page, view)
        field.click(click_count=3)
        page.keyboard.type(typed)
        page.keyboard.press("Enter")
        wait_for_change(page, view, before, f"text field typed {typed!r} and Enter")
        done.append(f"text: {typed}")
    return done


def test_release_notebooks_exist():
    """Are there release notebooks to open (so that the test below cannot pass vacuously)?"""
    assert RELEASES


@pytest.mark.parametrize("path", RELEASES, ids=lambda p: p.parent.name)
def test_widgets_work_in_jupyterlab(path, lab_server, browser):
    """Does every widget of the notebook render live in JupyterLab 4 and answer a person's
    keyboard and mouse with a new readout or figure, with no JavaScript error?"""
    url, token = lab_server
    series = path.parent.name
    nb = read_notebook(path)
    factories = widget_factories(nb)
    assert factories <= set(WIDGETS), f"{sorted(factories - set(WIDGETS))} not registered"
    # Tall enough that the largest widget fits whole in the notebook panel at 100% zoom.
    page = browser.new_page(viewport={"width": 1400, "height": 2200})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(console_problem(m)))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    try:
        # ?reset: a fresh workspace, so no tab of an earlier notebook comes back.
        page.goto(f"{url}/lab/tree/{series}/{path.name}?reset&token={token}")
        page.wait_for_selector(
            ".jp-NotebookPanel .jp-Notebook-ExecutionIndicator[data-status='idle']",
            timeout=120_000,
        )
        sidebar = page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")
        if sidebar.count():  # collapse the file browser: the notebook gets the width
            sidebar.first.click()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        page.wait_for_function(RUN_FINISHED, timeout=300_000, polling=500)
        assert page.locator(".jp-NotebookPanel").count() == 1
        errors = page.locator('.jp-NotebookPanel [data-mime-type="application/vnd.jupyter.stderr"]')
        shown = min(errors.count(), 3)
        assert errors.count() == 0, [errors.nth(i).inner_text()[-800:] for i in range(shown)]

        cells = page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")
        assert cells.count() == len(nb.cells)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        seen: dict[str, int] = {}
        widgets_found = []
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            dom = cells.nth(index)
            texts = dom.locator(".jp-Cell-outputArea .jp-RenderedText")
            for i in range(texts.count()):
                text = texts.nth(i).inner_text()
                assert not WIDGET_REPR.match(text), f"cell {index} shows a widget as text: {text}"
            views = dom.locator(WIDGET_VIEW)
            name = shown_call(cell.source) or f"cell{index}"
            if name in factories:
                assert views.count() >= 1, f"cell {index} ({name}) shows no live widget"
            for i in range(views.count()):
                view = views.nth(i)
                view.scroll_into_view_if_needed()
                assert "Loading widget" not in view.inner_text()
                unreachable = view.evaluate(KEYBOARD_UNREACHABLE)
                assert unreachable == [], f"cell {index} ({name}): not reachable by Tab"
                moves = move_controls(page, view)
                assert moves, f"cell {index} ({name}): a widget without a control to move"
                seen[name] = seen.get(name, 0) + 1
                label = name if seen[name] == 1 else f"{name}-{seen[name]}"
                view.scroll_into_view_if_needed()  # the moves may have made it taller
                box = view.bounding_box()
                margin = 8
                page.screenshot(
                    path=str(SCREENSHOTS / f"{series}-{label}.png"),
                    clip={
                        "x": max(box["x"] - margin, 0),
                        "y": max(box["y"] - margin, 0),
                        "width": box["width"] + 2 * margin,
                        "height": box["height"] + 2 * margin,
                    },
                )
                widgets_found.append((label, moves))
        assert widgets_found or not factories, f"{path.name} imports widgets but shows none"
        page.wait_for_timeout(500)  # let late console messages arrive
        assert [p for p in problems if p] == []
    finally:
        page.close()
        with contextlib.suppress(OSError):  # a dead server has no kernels left to end
            shut_down_kernels(url, token)
