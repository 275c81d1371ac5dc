"""Headless tests of series 04's widgets (Runge visualizer, B-spline explorer): set a control's
`.value` as a user would and read what the view computed (`.model`, `.readout.value`, `.figure`,
`.pngs`). Any warning is an error, and nothing may reach stderr."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pytest

from course.bench.latency import widget_latencies
from course.interpolation import FUNCTIONS, KNOT_LAYOUTS
from course.widgets import (
    RungeVisualizer,
    SplineExplorer,
    runge_visualizer,
    spline_explorer,
)
from course.widgets.registry import PROBES

REPO = Path(__file__).resolve().parents[1]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_runge_visualizer_starts_on_its_arguments():
    """Does the visualizer build headless, as a VBox, on Runge's function at 11 equispaced nodes?"""
    view = runge_visualizer()
    assert isinstance(view, widgets.VBox) and isinstance(view, RungeVisualizer)
    model = view.model
    assert (model.function, model.n, model.family) == ("runge", 11, "equispaced")
    assert model.max_error == pytest.approx(1.9156, abs=1e-3)
    assert "1.916e+00" in view.readout.value and "Lebesgue constant" in view.readout.value
    assert "first barycentric form" in view.readout.value  # backward stable for equispaced nodes
    assert view.pngs and view.pngs[0].startswith(PNG_SIGNATURE)
    top, bottom = view.figure.axes
    assert "11 equispaced nodes" in top.get_title() and "clipped" in top.get_title()
    assert bottom.get_yscale() == "log" and bottom.get_xlabel() == "x"
    assert [o[1] for o in view.function_dropdown.options] == list(FUNCTIONS)


def test_runge_visualizer_follows_each_control():
    """Does each control recompute the model, the readout and the picture?"""
    view = runge_visualizer("runge", 11, "equispaced")
    seen = {view.pngs[0]}
    readouts = {view.readout.value}
    view.family_buttons.value = "chebyshev"
    assert view.model.family == "chebyshev" and view.model.lebesgue_constant < 3
    assert "second barycentric form" in view.readout.value
    view.n_slider.value = 41
    assert view.model.n == 41 and len(view.model.nodes) == 41 and view.model.max_error < 1e-2
    view.function_dropdown.value = "abs"
    assert view.model.function == "abs" and view.model.label == "|x|"
    for png in view.pngs:
        seen.add(png)
    readouts.add(view.readout.value)
    assert len(seen) == 2 and len(readouts) == 2
    assert "|x|" in view.figure.axes[0].get_title()


def test_runge_visualizer_shows_rounding_at_large_n():
    """At 70 equispaced nodes for exp: is the error at the rounding floor, all of it finite?"""
    view = runge_visualizer("exp", 70, "equispaced")
    model = view.model
    assert np.all(np.isfinite(model.p)) and np.isfinite(model.lebesgue_constant)
    assert model.max_error > 1e-3 and 0.1 < model.max_error / model.rounding_floor < 100
    view.n_slider.value = 100
    assert view.model.lebesgue_constant > 1e25 and view.pngs[0].startswith(PNG_SIGNATURE)
    low, high = view.figure.axes[0].get_ylim()
    assert high - low < 10  # the runaway interpolant is clipped, the frame follows f


def test_runge_visualizer_clamps_out_of_range_values():
    """Do out-of-range slider values clamp (as ipywidgets does) without raising?"""
    view = runge_visualizer()
    view.n_slider.value = 1000
    assert view.model.n == 100
    view.n_slider.value = -3
    assert view.model.n == 2 and view.model.max_error >= 0


def test_spline_explorer_starts_on_its_arguments():
    """Does the explorer build headless with a cubic basis on uniform knots?"""
    view = spline_explorer()
    assert isinstance(view, widgets.VBox) and isinstance(view, SplineExplorer)
    model = view.model
    assert model.degree == 3 and model.basis.shape == (401, 8)
    assert len(model.active) == 4 and abs(model.probe_basis.sum() - 1) < 1e-14
    assert "B-splines" in view.figure.axes[0].get_title()
    assert "their sum" in view.readout.value and view.pngs[0].startswith(PNG_SIGNATURE)


def test_spline_explorer_follows_each_control():
    """Does each control change the basis, the spline, the readout and the picture?"""
    view = spline_explorer(3, 4, "uniform", "sine", 0.3)
    pngs, readouts = [view.pngs[0]], [view.readout.value]

    def record():
        pngs.append(view.pngs[0])
        readouts.append(view.readout.value)

    view.degree_slider.value = 2
    assert view.model.degree == 2 and view.model.basis.shape[1] == 7 and len(view.model.active) <= 3
    record()
    view.interior_slider.value = 9
    assert view.model.basis.shape[1] == 12
    record()
    view.layout_dropdown.value = "repeated knot"  # 0.5 now twice: the spline is only C^0 there
    assert (0.5, 2, 0) in _multiplicities(view.model) and view.model.basis.shape[1] == 13
    record()
    view.pattern_dropdown.value = "single"
    assert np.count_nonzero(view.model.coefficients) == 1
    record()
    view.probe_slider.value = 1.0
    assert view.model.active == (view.model.basis.shape[1] - 1,)
    record()
    assert len(set(pngs)) == len(pngs) and len(set(readouts)) == len(readouts)
    for layout in KNOT_LAYOUTS:
        view.layout_dropdown.value = layout
        assert view.model.layout == layout and view.model.partition_error < 1e-14


def _multiplicities(model):
    from course.interpolation import knot_multiplicities

    return knot_multiplicities(model.knots, model.degree)


def test_spline_explorer_extremes_and_clamping():
    """Degree 5 with 16 interior knots repeated, degree 0, out-of-range values: no error?"""
    view = spline_explorer()
    view.degree_slider.value = 5
    view.interior_slider.value = 16
    view.layout_dropdown.value = "repeated knot"
    assert view.model.basis.shape[1] <= 28 and view.pngs[0].startswith(PNG_SIGNATURE)
    view.degree_slider.value = 0
    view.probe_slider.value = 5.0  # clamped to 1 by the slider
    assert view.model.probe == 1.0 and len(view.model.active) == 1
    view.layout_dropdown.value = "uniform"
    view.interior_slider.value = -2  # clamped to 0: degree 0, no interior knot, one function
    assert view.model.basis.shape[1] == 1 and view.model.active == (0,)


@pytest.mark.parametrize(
    ("factory", "kwargs", "name"),
    [
        (runge_visualizer, {"function": "sinc"}, "function"),
        (runge_visualizer, {"n": 1}, "n"),
        (runge_visualizer, {"n": 101}, "n"),
        (runge_visualizer, {"n": 10.0}, "n"),
        (runge_visualizer, {"family": "random"}, "family"),
        (spline_explorer, {"degree": 6}, "degree"),
        (spline_explorer, {"interior": 17}, "interior"),
        (spline_explorer, {"layout": "dense"}, "layout"),
        (spline_explorer, {"pattern": "ramp"}, "pattern"),
        (spline_explorer, {"probe": -0.1}, "probe"),
    ],
)
def test_factories_reject_bad_arguments(factory, kwargs, name):
    """Is a bad argument a ValueError naming it?"""
    with pytest.raises(ValueError, match=name):
        factory(**kwargs)


def test_latency_probes_cover_both_widgets():
    """Are both widgets registered and timed by widget_latencies, each change a real update?"""
    assert {"runge_visualizer", "spline_explorer"} <= set(PROBES)
    for name in ("runge_visualizer", "spline_explorer"):
        change = PROBES[name]()
        for i in range(4):
            change(i)
    latencies = widget_latencies(repeats=2)
    assert all(0 < latencies[name] < 5 for name in ("runge_visualizer", "spline_explorer"))


def test_factories_work_in_a_plain_python_process():
    """Do both widgets build and update in a fresh interpreter with no display, silently?"""
    code = (
        "from course.widgets import runge_visualizer, spline_explorer\n"
        "r = runge_visualizer('exp', 80); r.family_buttons.value = 'chebyshev'\n"
        "s = spline_explorer(); s.degree_slider.value = 5; s.probe_slider.value = 1.0\n"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "MPLBACKEND": "Agg"},
        timeout=120,
    )
    assert done.returncode == 0 and done.stderr == "" and done.stdout == "", done.stderr
