"""course.quadrature (rules, integrands, point sets) and the statistical bounds of series 05.

The rules are checked on their degree of exactness and their measured orders. The statistical
hidden tests of 05-integration (Monte Carlo, antithetic, MC-versus-Sobol slopes, gradient
estimators) use seeded generators and fixed tolerances; the last tests here run correct
estimators (the plain one and a variant) over many seeds to show that the tolerances hold for
every seed, not only for the one the notebook uses.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from scipy import integrate, special
from scipy.stats import qmc

from course import quadrature

SEEDS = range(200)


@pytest.mark.parametrize(
    "rule, n, degree",
    [
        ("midpoint", 6, 1),
        ("trapezoid", 6, 1),
        ("simpson", 6, 3),
        ("gauss", 5, 9),
        ("clenshaw-curtis", 9, 9),
        ("clenshaw-curtis", 8, 7),
    ],
)
def test_rules_are_exact_to_their_degree(rule, n, degree):
    """Does each rule integrate x**k exactly up to its degree on [-1, 2], and not beyond?"""
    a, b = -1.0, 2.0
    for k in range(degree + 1):
        exact = (b ** (k + 1) - a ** (k + 1)) / (k + 1)
        value = quadrature.rule_value(rule, lambda x, k=k: x**k, a, b, n)
        assert value == pytest.approx(exact, rel=1e-13, abs=1e-13), (rule, k)
    k = degree + 1
    exact = (b ** (k + 1) - a ** (k + 1)) / (k + 1)
    assert abs(quadrature.rule_value(rule, lambda x: x**k, a, b, n) - exact) > 1e-10


def test_bad_rules_and_sizes_raise():
    """Does an unknown rule, an odd Simpson n or a one-node Clenshaw-Curtis raise ValueError?"""
    with pytest.raises(ValueError, match="rule"):
        quadrature.rule_nodes_weights("boole", 4)
    with pytest.raises(ValueError, match="n = 3"):
        quadrature.rule_nodes_weights("simpson", 3)
    with pytest.raises(ValueError, match="n = 1"):
        quadrature.rule_nodes_weights("clenshaw-curtis", 1)
    with pytest.raises(ValueError, match="kind"):
        quadrature.unit_square_points("lattice", 4)


@pytest.mark.parametrize("name", sorted(quadrature.INTEGRANDS))
def test_integrands_have_their_exact_integrals(name):
    """Does each test integrand's stored integral agree with scipy's quad?"""
    item = quadrature.INTEGRANDS[name]
    integrand = lambda x: float(item.f(np.array([x]))[0])  # noqa: E731
    value = integrate.quad(integrand, item.a, item.b, points=[0.3])[0]
    assert value == pytest.approx(item.exact, rel=1e-10)


def test_measured_orders_of_the_newton_cotes_rules():
    """Are the fitted slopes on exp(x) -2 (midpoint, trapezoid) and -4 (Simpson)?"""
    ns = [4, 8, 16, 32, 64]
    table = quadrature.error_table(quadrature.INTEGRANDS["smooth"], ns)
    assert quadrature.fitted_slope(ns, table["midpoint"]) == pytest.approx(-2, abs=0.02)
    assert quadrature.fitted_slope(ns, table["trapezoid"]) == pytest.approx(-2, abs=0.02)
    assert quadrature.fitted_slope(ns, table["simpson"]) == pytest.approx(-4, abs=0.05)
    assert table["gauss"][-1] < 1e-14


def test_trapezoid_is_spectral_on_the_periodic_integrand():
    """Does the trapezoid rule reach rounding level with 16 nodes on exp(cos 2 pi x)?"""
    periodic = quadrature.INTEGRANDS["periodic"]
    assert periodic.exact == pytest.approx(special.i0(1.0))
    assert abs(quadrature.rule_value("trapezoid", periodic.f, 0, 1, 16) - periodic.exact) < 1e-14


def test_fitted_slope_ignores_exact_zeros():
    """Does a zero error (a rule that is exact) drop out of the fit instead of giving -inf?"""
    assert quadrature.fitted_slope([1, 10, 100, 1000], [1.0, 0.1, 0.01, 0.0]) == pytest.approx(-1)


@pytest.mark.parametrize("kind", quadrature.POINT_SETS)
def test_unit_square_points(kind):
    """Are the points of each kind in [0, 1)^d, reproducible by seed, with no warning for any n?"""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        points = quadrature.unit_square_points(kind, 100, d=3, seed=4)
    assert points.shape == (100, 3) and np.all((0 <= points) & (points < 1))
    np.testing.assert_array_equal(points, quadrature.unit_square_points(kind, 100, d=3, seed=4))


def test_point_set_errors_show_the_rates():
    """Do the running errors fall like n**-0.5 for random points and faster than 1/n for Sobol?"""
    ns = [2**m for m in range(4, 15)]
    errors = quadrature.point_set_errors(lambda x: np.exp(x.sum(axis=1)), (math.e - 1) ** 2, ns)
    assert set(errors) == set(quadrature.POINT_SETS)
    assert -0.9 < quadrature.fitted_slope(ns, errors["random"]) < -0.1
    assert quadrature.fitted_slope(ns, errors["sobol"]) < -1.0


# ------------------------------------------------- the statistical bounds of the notebook's tests


def _mc_estimate(f, n, rng):
    values = f(rng.random(n))
    return values.mean(), values.std(ddof=1) / math.sqrt(n)


def test_mc_estimate_visible_bounds_hold_for_every_seed():
    """ex07's visible bounds (|mean - 1/2| < 0.02, stderr in (0.0026, 0.0032)) for 200 seeds."""
    for seed in SEEDS:
        mean, stderr = _mc_estimate(lambda x: x, 10_000, np.random.default_rng(seed))
        assert abs(mean - 0.5) < 0.02 and 0.0026 < stderr < 0.0032, seed


def test_antithetic_visible_bounds_hold_for_every_seed():
    """ex08's visible bounds (|mean - (e - 1)| < 0.01, stderr < 0.004 at n = 1000) for 200 seeds."""
    for seed in SEEDS:
        u = np.random.default_rng(seed).random(1000)
        pairs = (np.exp(u) + np.exp(1 - u)) / 2
        assert abs(pairs.mean() - (math.e - 1)) < 0.01, seed
        assert pairs.std(ddof=1) / math.sqrt(1000) < 0.004, seed


def _slopes(f, exact, d, ms, rng, sobol_first=False):
    ns, mc, sobol = [], [], []
    for m in ms:
        if sobol_first:
            sobol.append(abs(f(qmc.Sobol(d, seed=rng).random_base2(m)).mean() - exact))
        mc.append(abs(f(rng.random((2**m, d))).mean() - exact))
        if not sobol_first:
            sobol.append(abs(f(qmc.Sobol(d, seed=rng).random_base2(m)).mean() - exact))
        ns.append(2**m)
    fit = lambda e: np.polyfit(np.log(ns), np.log(e), 1)[0]  # noqa: E731
    return fit(mc), fit(sobol)


@pytest.mark.parametrize("sobol_first", [False, True])
def test_mc_sobol_slope_bounds_hold_for_every_seed(sobol_first):
    """ex10's hidden bounds (slope_mc in (-0.95, -0.05), slope_sobol < -0.8) for 200 seeds."""
    worst_mc, worst_sobol = [], []
    for seed in SEEDS:
        slope_mc, slope_sobol = _slopes(
            lambda x: np.exp(x.sum(axis=1)),
            (math.e - 1) ** 2,
            2,
            range(4, 17),
            np.random.default_rng(seed),
            sobol_first,
        )
        worst_mc.append(slope_mc)
        worst_sobol.append(slope_sobol)
    assert -0.95 < min(worst_mc) and max(worst_mc) < -0.05, (min(worst_mc), max(worst_mc))
    assert max(worst_sobol) < -0.8, max(worst_sobol)


def test_gradient_estimator_bounds_hold_for_every_seed():
    """ex11's visible and hidden bounds, plain estimators and a baseline variant, many seeds."""
    true = math.cos(0.3) * math.exp(-0.125)
    for seed in range(100):
        z = 0.3 + 0.5 * np.random.default_rng(seed).standard_normal(100_000)
        assert abs(np.cos(z).mean() - true) < 0.02, seed
        values = np.sin(z)
        for estimate in (values * (z - 0.3) / 0.25, (values - values.mean()) * (z - 0.3) / 0.25):
            assert abs(estimate.mean() - true) < 0.05, seed
    n = 200_000
    for mu, sigma in ((1.0, 0.5), (-0.7, 1.5), (0.2, 0.2)):

        def weighted(z, mu=mu, sigma=sigma):
            density = np.exp(-((z - mu) ** 2) / (2 * sigma**2)) / (sigma * math.sqrt(2 * math.pi))
            return density / np.cosh(z) ** 2

        exact = integrate.quad(weighted, mu - 12 * sigma, mu + 12 * sigma)[0]
        for seed in range(40):
            z = mu + sigma * np.random.default_rng(seed).standard_normal(n)
            assert abs(np.mean(1 / np.cosh(z) ** 2) - exact) < 8 / math.sqrt(n)
            values = np.tanh(z)
            for estimate in (
                values * (z - mu) / sigma**2,
                (values - np.tanh(mu)) * (z - mu) / sigma**2,
            ):
                assert abs(estimate.mean() - exact) < 16 / sigma / math.sqrt(n), (mu, sigma, seed)
