"""Unit tests of course/interpolation.py: the computations behind series 04's demos and widgets.

Exact rational arithmetic (fractions.Fraction) is the reference where rounding is the question;
scipy is the reference elsewhere. Any warning is an error.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from numpy.polynomial.chebyshev import chebpts2
from scipy.interpolate import BarycentricInterpolator, BSpline

from course import interpolation
from course.interpolation import (
    EPS,
    FORMS,
    FUNCTIONS,
    NODE_FAMILIES,
    cardinal_functions,
    exact_interpolant,
    greville_abscissae,
    interpolant,
    interpolation_errors,
    interpolation_nodes,
    knot_multiplicities,
    lebesgue_function,
    runge_model,
    spline_knots,
    spline_model,
)

pytestmark = pytest.mark.filterwarnings("error")


def exact_lebesgue(nodes, point) -> Fraction:
    """sum_j |l_j(point)| in rational arithmetic (the floats are read exactly)."""
    nodes = [Fraction(float(v)) for v in nodes]
    point = Fraction(float(point))
    total = Fraction(0)
    for j, node in enumerate(nodes):
        term = Fraction(1)
        for k, other in enumerate(nodes):
            if k != j:
                term *= (point - other) / (node - other)
        total += abs(term)
    return total


def test_node_families():
    """Are the nodes numpy's linspace and chebpts2, ascending, with both ends exact?"""
    np.testing.assert_array_equal(interpolation_nodes("equispaced", 7), np.linspace(-1, 1, 7))
    np.testing.assert_allclose(interpolation_nodes("chebyshev", 9), chebpts2(9), atol=1e-16)
    nodes = interpolation_nodes("chebyshev", 33, 2.0, 5.0)
    assert nodes[0] == 2.0 and nodes[-1] == 5.0 and np.all(np.diff(nodes) > 0)
    assert set(NODE_FAMILIES) == {"equispaced", "chebyshev"}


@pytest.mark.parametrize(
    ("family", "n", "name"),
    [
        ("equispaced", 1, "n"),
        ("chebyshev", 2.0, "n"),
        ("chebyshev", True, "n"),
        ("uniform", 5, "family"),
    ],
)
def test_node_families_reject_bad_arguments(family, n, name):
    """Is a bad family or n a ValueError naming it?"""
    with pytest.raises(ValueError, match=name):
        interpolation_nodes(family, n)


def test_cardinal_functions_are_exact_at_the_nodes_and_sum_to_one():
    """Is l_j(x_k) exactly 1 or 0, and sum_j l_j(x) = 1 for a modest n?"""
    nodes = np.sort(np.random.default_rng(0).uniform(-1, 1, 9))
    np.testing.assert_array_equal(cardinal_functions(nodes, nodes), np.eye(9))
    x = np.linspace(-1, 1, 301)
    np.testing.assert_allclose(cardinal_functions(nodes, x).sum(axis=1), 1.0, rtol=1e-9)
    assert cardinal_functions(nodes, x).shape == (301, 9)


def test_cardinal_functions_match_the_product_formula():
    """Do the logarithms give the same l_j(x) as the Lagrange products (signs included)?"""
    nodes = np.array([-0.9, -0.3, 0.1, 0.4, 1.2])
    x = np.array([-1.0, -0.5, 0.0, 0.25, 0.8, 2.0])
    expected = np.ones((len(x), len(nodes)))
    for j in range(len(nodes)):
        for k in range(len(nodes)):
            if k != j:
                expected[:, j] *= (x - nodes[k]) / (nodes[j] - nodes[k])
    np.testing.assert_allclose(cardinal_functions(nodes, x), expected, rtol=1e-13, atol=1e-15)


def test_cardinal_functions_reject_repeated_nodes():
    """Are repeated nodes (no interpolant exists) a ValueError naming the nodes?"""
    with pytest.raises(ValueError, match="nodes"):
        cardinal_functions([0.0, 0.5, 0.5], [0.1])


@pytest.mark.parametrize(("family", "n"), [("equispaced", 40), ("chebyshev", 60)])
def test_lebesgue_function_matches_exact_arithmetic(family, n):
    """Is the Lebesgue function right to rounding where Lambda is 1e9 (no cancellation)?"""
    nodes = interpolation_nodes(family, n)
    points = np.array([-0.99, -0.987, -0.5, 0.0013, 0.73, 0.9995])
    got = lebesgue_function(nodes, points)
    expected = [float(exact_lebesgue(nodes, p)) for p in points]
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_lebesgue_constants_known_values():
    """Do the constants match the classical values (2 nodes: 1; 3 equispaced: 1.25; growth laws)?"""
    grid = np.linspace(0, 1, 5001)
    assert abs(np.max(lebesgue_function([0.0, 1.0], grid)) - 1.0) < 1e-15
    assert abs(np.max(lebesgue_function([0.0, 0.5, 1.0], grid)) - 1.25) < 1e-12
    grid = np.linspace(-1, 1, 5001)
    for n in (10, 40, 100):
        chebyshev = np.max(lebesgue_function(interpolation_nodes("chebyshev", n), grid))
        assert 1 < chebyshev <= 2 / math.pi * math.log(n) + 1
        equispaced = np.max(lebesgue_function(interpolation_nodes("equispaced", n), grid))
        asymptotic = 2**n / (math.e * (n - 1) * math.log(n - 1))
        assert 0.5 < equispaced / asymptotic < 1.0, (n, equispaced, asymptotic)


def test_interpolant_reproduces_polynomials_and_matches_scipy():
    """Is a polynomial of degree n - 1 reproduced, and scipy's interpolant matched on good nodes?"""
    nodes = interpolation_nodes("chebyshev", 6, 0.0, 3.0)
    x = np.linspace(0, 3, 50)
    np.testing.assert_allclose(interpolant(nodes, nodes**5 - nodes, x), x**5 - x, atol=1e-11)
    nodes = interpolation_nodes("chebyshev", 50)
    values = np.cos(4 * nodes)
    np.testing.assert_allclose(
        interpolant(nodes, values, x / 3), BarycentricInterpolator(nodes, values)(x / 3), atol=1e-14
    )


def test_both_forms_match_exact_arithmetic_on_chebyshev_points():
    """Are both barycentric forms within a few eps of the exact interpolant of the same data?"""
    nodes = interpolation_nodes("chebyshev", 30)
    values = 1.0 / (1.0 + 25.0 * nodes**2)
    x = np.linspace(-1.0, 1.0, 41)
    exact = exact_interpolant(nodes, values, x)
    for form in FORMS:
        np.testing.assert_allclose(interpolant(nodes, values, x, form), exact, rtol=0, atol=2e-15)
    np.testing.assert_array_equal(exact_interpolant(nodes, values, nodes), values)
    with pytest.raises(ValueError, match="form"):
        interpolant(nodes, values, x, "third")


def test_chebyshev_interpolation_of_exp_reaches_the_rounding_floor():
    """Does e^x at 80 and 160 Chebyshev points come within the floor eps * Lambda * max|f|?"""
    x = np.linspace(-1.0, 1.0, 2001)
    for n in (80, 160):
        nodes = interpolation_nodes("chebyshev", n)
        floor = EPS * np.max(lebesgue_function(nodes, x)) * math.e
        error = np.max(np.abs(interpolant(nodes, np.exp(nodes), x) - np.exp(x)))
        assert error <= floor, (n, error, floor)


def test_equispaced_runge_error_grows_like_the_potential_theory_rate():
    """Does the equispaced Runge error grow by about 1.46 per node (asymptotically 1.49)?"""
    ns = np.arange(20, 61, 2)
    rate = np.exp(np.polyfit(ns, np.log(interpolation_errors("runge", "equispaced", ns)), 1)[0])
    assert 1.42 < rate < 1.5, rate


def test_interpolation_errors_runge():
    """Does the Runge experiment give the classical numbers and reject an unknown function?"""
    errors = interpolation_errors("runge", "equispaced", [5, 11, 21])
    assert abs(errors[1] - 1.9156430502) < 1e-8 and errors[0] < errors[1] < errors[2]
    chebyshev = interpolation_errors("runge", "chebyshev", [5, 11, 21, 41])
    assert np.all(np.diff(chebyshev) < 0)
    with pytest.raises(ValueError, match="function"):
        interpolation_errors("sinc", "equispaced", [5])


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
@pytest.mark.parametrize("family", NODE_FAMILIES)
def test_runge_model_is_finite_and_consistent_up_to_100_nodes(function, family):
    """Does every experiment of the widget's range give finite, consistent numbers?"""
    for n in (2, 37, 100):
        model = runge_model(function, n, family)
        assert model.n == n and len(model.nodes) == n and model.x.shape == (801,)
        for values in (model.p, model.error, model.lebesgue):
            assert np.all(np.isfinite(values))
        assert model.max_error == np.max(model.error)
        assert model.lebesgue_constant == np.max(model.lebesgue) >= 1.0
        expected_floor = EPS * model.lebesgue_constant * np.max(np.abs(model.f))
        assert model.rounding_floor == pytest.approx(expected_floor)
        on_grid = np.isin(model.x, model.nodes)
        assert np.all(model.error[on_grid] == 0.0)  # the nodes that lie on the grid


def test_runge_model_shows_rounding_for_exp_at_many_equispaced_nodes():
    """Does exp at 70 equispaced nodes show an error near eps * Lambda (rounding), far above eps?"""
    model = runge_model("exp", 70, "equispaced")
    assert model.max_error > 1e-3
    assert 0.1 < model.max_error / model.rounding_floor < 100
    chebyshev = runge_model("exp", 70, "chebyshev")
    assert chebyshev.max_error < 1e-13 and chebyshev.lebesgue_constant < 4


def test_spline_knots_layouts():
    """Are the knot vectors clamped, with the requested interior knots and multiplicities?"""
    t = spline_knots("uniform", 3, 4)
    np.testing.assert_allclose(t, [0, 0, 0, 0, 0.2, 0.4, 0.6, 0.8, 1, 1, 1, 1])
    random = spline_knots("random", 2, 5)
    assert len(random) == 5 + 2 * 3 and np.all(np.diff(random) >= 0)
    np.testing.assert_array_equal(random, spline_knots("random", 2, 5))  # a fixed seed
    repeated = spline_knots("repeated knot", 3, 3)
    assert knot_multiplicities(repeated, 3) == [(0.25, 1, 2), (0.5, 3, 0), (0.75, 1, 2)]
    assert len(spline_knots("repeated knot", 0, 0)) == 3


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("square", 3, 4), "layout"),
        (("uniform", -1, 4), "degree"),
        (("uniform", 3, 2.5), "interior"),
    ],
)
def test_spline_knots_reject_bad_arguments(args, name):
    """Is a bad layout, degree or interior count a ValueError naming it?"""
    with pytest.raises(ValueError, match=name):
        spline_knots(*args)


def test_greville_abscissae():
    """Are the abscissae the means of k consecutive knots (midpoints for degree 0)?"""
    t = np.array([0.0, 0.0, 0.0, 0.5, 1.0, 1.0, 1.0])
    np.testing.assert_allclose(greville_abscissae(t, 2), [0.0, 0.25, 0.75, 1.0])
    np.testing.assert_allclose(greville_abscissae(np.array([0.0, 0.5, 1.0]), 0), [0.25, 0.75])


@pytest.mark.parametrize("degree", range(6))
@pytest.mark.parametrize("layout", ["uniform", "random", "repeated knot"])
def test_spline_model_basis(degree, layout):
    """Is the basis scipy's, a partition of unity, with at most k + 1 functions active?"""
    model = spline_model(degree, 6, layout, "random", 0.37)
    expected = BSpline.design_matrix(model.x, model.knots, degree).toarray()
    np.testing.assert_array_equal(model.basis, expected)
    assert model.partition_error < 1e-14
    assert 1 <= len(model.active) <= degree + 1
    assert abs(model.probe_basis.sum() - 1) < 1e-14
    np.testing.assert_allclose(model.curve, model.basis @ model.coefficients)
    assert model.probe_value == pytest.approx(float(model.probe_basis @ model.coefficients))


def test_spline_model_ends_and_patterns():
    """Is the probe at 1 the limit from the left, and "single" one basis function?"""
    model = spline_model(3, 4, "uniform", "single", 1.0)
    count = len(model.coefficients)
    assert model.active == (count - 1,) and model.probe_basis[-1] == 1.0
    np.testing.assert_array_equal(model.coefficients, np.eye(count)[count // 2])
    with pytest.raises(ValueError, match="probe"):
        spline_model(probe=1.5)
    with pytest.raises(ValueError, match="pattern"):
        spline_model(pattern="zigzag")


def test_module_holds_no_exercise_names():
    """Does the shipped module avoid the names of series 04's exercises (no solutions)?"""
    from course.grading.syllabus import SERIES

    names = {name for exercise in SERIES["04-interpolation"] for name in exercise.functions}
    assert names.isdisjoint(dir(interpolation))
