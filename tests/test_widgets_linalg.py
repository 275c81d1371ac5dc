"""Headless tests of series 02's widgets (conditioning explorer, CG convergence viewer): set a
control's `.value` as a user would and read what the view computed (`.model`, `.readout.value`,
`.figure`, `.pngs`). Any warning is an error, and nothing may reach stderr."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest

from course.widgets import (
    CgConvergence,
    ConditioningExplorer,
    cg_convergence,
    conditioning_explorer,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_conditioning_explorer_starts_on_its_arguments():
    """Does the view start on kappa, the perturbation size and angle it was given?"""
    view = conditioning_explorer(kappa=1e6, relative=1e-8, angle=30.0)
    assert isinstance(view, ConditioningExplorer)
    assert view.kappa_slider.value == 6.0 and view.size_slider.value == -8.0
    assert view.model.kappa == pytest.approx(1e6, rel=1e-6)
    assert view.model.relative_in == pytest.approx(1e-8, rel=1e-9)
    assert "1.000e+06" in view.readout.value
    assert view.pngs and view.pngs[0].startswith(PNG_SIGNATURE)
    assert len(view.figure.axes) == 2
    assert view.figure.axes[1].get_title().startswith("its image under A⁻¹")


def test_conditioning_explorer_follows_each_control():
    """Does each control recompute the model, the readout and the picture?"""
    view = ConditioningExplorer(1e3, 1e-3, 90.0)
    before = view.pngs
    view.kappa_slider.value = 8.0
    assert view.model.kappa == pytest.approx(1e8, rel=1e-6)
    assert view.pngs != before
    view.size_slider.value = -5.0
    assert view.model.relative_in == pytest.approx(1e-5, rel=1e-9)
    # Along u_2 (the tilt 0.5 rad plus 90 degrees) the amplification is the full kappa.
    view.angle_slider.value = 120.0
    assert view.model.amplification > 0.99 * view.model.kappa
    assert f"{view.model.digits_lost:.2f}" in view.readout.value
    view.angle_slider.value = 30.0
    assert view.model.amplification < 0.05 * view.model.kappa  # 1.4 degrees off b's direction
    assert view.model.digits_lost < math.log10(view.model.kappa)


@pytest.mark.parametrize(
    ("kwargs", "name"), [({"kappa": 0.5}, "kappa"), ({"relative": 1.0}, "relative")]
)
def test_conditioning_explorer_rejects_bad_arguments(kwargs, name):
    """Do out-of-range arguments raise a ValueError naming the argument?"""
    with pytest.raises(ValueError, match=name):
        conditioning_explorer(**kwargs)


def test_cg_convergence_starts_on_its_arguments():
    """Does the viewer start on kappa, scaling, preconditioner and spectrum it was given?"""
    view = cg_convergence(1e2, scaling_decades=6, jacobi=True, spectrum="uniform")
    assert isinstance(view, CgConvergence)
    assert view.kappa_slider.value == 2.0 and view.scaling_slider.value == 6.0
    assert view.jacobi_checkbox.value and view.spectrum_buttons.value == "uniform"
    assert view.model.effective_kappa < 1e3 < view.model.kappa
    assert f"{view.model.iterations}" in view.readout.value
    assert view.pngs and view.pngs[0].startswith(PNG_SIGNATURE)
    assert "with Jacobi" in view.figure.axes[0].get_title()


def test_cg_convergence_follows_each_control():
    """Does each control rerun CG and redraw?"""
    view = CgConvergence(1e2, 0.0, False, "chebyshev")
    plain = view.model.iterations
    view.scaling_slider.value = 6.0
    assert view.model.iterations > 5 * plain
    view.jacobi_checkbox.value = True
    assert view.model.iterations < 2 * plain
    view.kappa_slider.value = 4.0
    assert view.model.iterations > plain
    before = view.pngs
    view.spectrum_buttons.value = "uniform"
    assert view.pngs != before and "uniform" not in view.readout.value


def _pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)


def test_cg_convergence_redraws_only_what_a_new_x_range_or_title_needs():
    """Does a new x range or preconditioner draw only the x axis and title over the kept base, a
    return to one seen before restore its bitmap, and every frame show what a full savefig shows?"""
    from course.plotting import figure_png

    view = CgConvergence(1e1, 0.0, False, "chebyshev")  # 35 steps (x up to 50), 1e3: 200 (250)
    canvas, xaxis = view.plot.png.canvas, view.figure.axes[0].xaxis
    full_draws, axis_draws = [], []
    draw, draw_axis = canvas.draw, xaxis.draw
    canvas.draw = lambda *args, **kwargs: (full_draws.append(1), draw(*args, **kwargs))[1]
    xaxis.draw = lambda *args, **kwargs: (axis_draws.append(1), draw_axis(*args, **kwargs))[1]
    # New keys: (250, plain), (250, Jacobi), (50, Jacobi); then four returns to kept ones.
    changes = [(view.kappa_slider, 3.0), (view.jacobi_checkbox, True), (view.kappa_slider, 1.0)]
    changes += [(view.jacobi_checkbox, False), (view.kappa_slider, 3.0)]
    changes += [(view.jacobi_checkbox, True), (view.kappa_slider, 1.0)]
    drawn = []
    for control, value in changes:
        before = len(full_draws), len(axis_draws)
        control.value = value
        drawn.append((len(full_draws) - before[0], len(axis_draws) - before[1]))
        shown, full = _pixels(view.pngs[0]), _pixels(figure_png(view.figure))
        assert (np.abs(shown - full) > 40).sum() == 0, f"after {value!r}"
        title = view.figure.axes[0].get_title()
        assert ("with Jacobi" in title) == view.jacobi_checkbox.value
    assert drawn == [(0, 1)] * 3 + [(0, 0)] * 4, drawn


def test_cg_convergence_survives_a_condition_number_beyond_float64():
    """Does a scaling of 8 decades (cond(A) past 1/eps, where eigvalsh returns rounding noise,
    even negative eigenvalues) show a flat bound and say so, instead of raising?"""
    view = CgConvergence(1e3, 8.0, False, "chebyshev")
    assert view.model.kappa == view.model.effective_kappa == pytest.approx(1 / np.finfo(float).eps)
    assert (view.model.bound == 1.0).all()
    assert view.readout.value.count("beyond float64") == 2
    view.jacobi_checkbox.value = True
    assert view.model.effective_kappa < 1e4 < view.model.kappa
    assert view.model.bound[-1] < 1e-3 and "beyond float64" in view.readout.value


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"kappa": 1e7}, "kappa"),
        ({"scaling_decades": 9}, "scaling"),
        ({"spectrum": "x"}, "spectrum"),
    ],
)
def test_cg_convergence_rejects_bad_arguments(kwargs, name):
    """Do out-of-range arguments raise a ValueError naming the argument?"""
    with pytest.raises(ValueError, match=name):
        cg_convergence(**kwargs)
