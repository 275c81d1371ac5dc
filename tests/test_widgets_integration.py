"""Headless tests of series 05's widgets (quadrature explorer, MC versus QMC view): set a control's
`.value` as a user would and read what the view computed (`.model`, `.readout.value`, `.figure`,
`.pngs`). Any warning is an error, and nothing may reach stderr."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course import quadrature
from course.widgets import (
    McQmcView,
    QuadratureExplorer,
    mc_qmc_view,
    quadrature_explorer,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_explorer_model_matches_the_rules():
    """Is the model's value the rule's value, its error against the stored exact integral?"""
    model = quadrature.explorer_model("kink", "gauss", 16)
    item = quadrature.INTEGRANDS["kink"]
    assert model.value == pytest.approx(quadrature.rule_value("gauss", item.f, 0, 1, 16))
    assert model.error == pytest.approx(abs(model.value - 0.29))
    assert len(model.nodes) == 16 and model.weights.sum() == pytest.approx(1.0)
    assert set(model.errors) == set(quadrature.RULES)
    assert all(len(e) == len(model.ns) for e in model.errors.values())
    with pytest.raises(ValueError, match="integrand"):
        quadrature.explorer_model("wiggly", "gauss", 4)


def test_explorer_slopes_show_the_orders():
    """Does the model fit -2 for the trapezoid rule and -4 for Simpson on exp, nan at rounding?"""
    model = quadrature.explorer_model("smooth", "trapezoid", 8)
    assert model.slopes["trapezoid"] == pytest.approx(-2, abs=0.05)
    assert model.slopes["simpson"] == pytest.approx(-4, abs=0.1)
    assert math.isnan(model.slopes["gauss"])  # exact to rounding from n = 8 on
    singular = quadrature.explorer_model("endpoint singularity", "trapezoid", 8)
    assert singular.slopes["trapezoid"] == pytest.approx(-1.5, abs=0.1)


def test_quadrature_explorer_starts_on_its_arguments_and_follows_its_controls():
    """Does the explorer start where asked, and recompute on each control change?"""
    view = quadrature_explorer("periodic", "midpoint", 6)
    assert isinstance(view, QuadratureExplorer)
    assert (view.model.integrand.name, view.model.rule, view.model.n) == ("periodic", "midpoint", 6)
    assert view.pngs and view.pngs[0].startswith(PNG_SIGNATURE)
    view.rule_buttons.value = "simpson"
    assert view.model.rule == "simpson" and len(view.model.nodes) == 7
    view.n_slider.value = 20
    assert view.model.n == 20 and "n = 20" in view.readout.value
    view.integrand_dropdown.value = "endpoint singularity"
    assert "sqrt(x)" in view.readout.value and view.model.error > 0
    view.integrand_dropdown.value = "smooth"
    view.rule_buttons.value = "gauss"
    assert "at rounding level" in view.readout.value


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"integrand": "wiggly"}, "integrand"),
        ({"rule": "boole"}, "rule"),
        ({"n": 7}, "n"),
        ({"n": 66}, "n"),
        ({"n": True}, "n"),
    ],
)
def test_quadrature_explorer_rejects_bad_arguments(kwargs, name):
    """Does a bad argument raise ValueError naming it?"""
    with pytest.raises(ValueError, match=name):
        quadrature_explorer(**kwargs)


def test_point_set_model():
    """Are there n points of each kind, and errors that fall at the MC and QMC rates?"""
    model = quadrature.point_set_model(64, seed=2)
    assert all(model.points[kind].shape == (64, 2) for kind in quadrature.POINT_SETS)
    assert -0.9 < model.slopes["random"] < -0.1
    assert model.slopes["sobol"] < -1.0 and model.slopes["halton"] < -0.7
    with pytest.raises(ValueError, match="n"):
        quadrature.point_set_model(0)


def test_mc_qmc_view_follows_its_controls():
    """Does the view show 2**exponent points and recompute for a new seed?"""
    view = mc_qmc_view(5, seed=1)
    assert isinstance(view, McQmcView) and view.model.n == 32
    assert view.pngs[0].startswith(PNG_SIGNATURE)
    first = view.model.points["random"].copy()
    view.exponent_slider.value = 10
    assert view.model.n == 1024 and "n = 1024" in view.readout.value
    view.seed_slider.value = 7
    assert not np.allclose(view.model.points["random"][:32], first)
    with pytest.raises(ValueError, match="exponent"):
        mc_qmc_view(13)
    with pytest.raises(ValueError, match="seed"):
        mc_qmc_view(4, seed=-1)
