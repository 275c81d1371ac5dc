"""Headless tests of series 02's widgets (conditioning explorer, CG convergence viewer): set a
control's `.value` as a user would and read what the view computed (`.model`, `.readout.value`,
`.figure`, `.pngs`). Any warning is an error, and nothing may reach stderr."""

from __future__ import annotations

import math

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
