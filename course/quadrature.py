"""Quadrature and Monte Carlo computations for series 05 and its widgets.

The rules here take the library route (numpy's Gauss-Legendre nodes, scipy's quasi-random
generators) and exist for the narrative and the widgets: the exercises ask students to write
their own, and their tests make these helpers raise. References: Trefethen, "Is Gauss quadrature
better than Clenshaw-Curtis?", SIAM Review 50 (2008); Davis & Rabinowitz, Methods of Numerical
Integration (1984); Owen, Monte Carlo theory, methods and examples (2013), ch. 15-17.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special
from scipy.stats import qmc

Integrand = Callable[[np.ndarray], np.ndarray]
RULES = ("midpoint", "trapezoid", "simpson", "gauss", "clenshaw-curtis")
POINT_SETS = ("random", "halton", "sobol")


@dataclass(frozen=True)
class TestIntegrand:
    """An integrand on [a, b] with its exact integral and a one-line description."""

    name: str
    f: Integrand
    a: float
    b: float
    exact: float
    description: str


INTEGRANDS: dict[str, TestIntegrand] = {
    item.name: item
    for item in (
        TestIntegrand("smooth", np.exp, 0.0, 1.0, float(np.e - 1), "exp(x): analytic"),
        TestIntegrand(
            "periodic",
            lambda x: np.exp(np.cos(2 * np.pi * np.asarray(x, dtype=float))),
            0.0,
            1.0,
            float(special.i0(1.0)),
            "exp(cos 2 pi x) over one period: analytic and periodic",
        ),
        TestIntegrand(
            "kink",
            lambda x: np.abs(np.asarray(x, dtype=float) - 0.3),
            0.0,
            1.0,
            0.29,
            "|x - 0.3|: a kink that no node hits",
        ),
        TestIntegrand(
            "endpoint singularity",
            lambda x: np.sqrt(np.asarray(x, dtype=float)),
            0.0,
            1.0,
            2 / 3,
            "sqrt(x): infinite slope at 0",
        ),
    )
}


def rule_nodes_weights(rule: str, n: int, a: float = -1.0, b: float = 1.0):
    """Nodes and weights of `rule` on [a, b]: n subintervals (Newton-Cotes) or n nodes (Gauss, CC).

    Simpson needs an even n; Clenshaw-Curtis uses the n Chebyshev extreme points (n >= 2).
    """
    if rule not in RULES:
        raise ValueError(f"rule must be one of {RULES}, got {rule!r}")
    if n < 1 or (rule == "simpson" and n % 2) or (rule == "clenshaw-curtis" and n < 2):
        raise ValueError(f"n = {n} does not suit rule {rule!r}")
    if rule in ("midpoint", "trapezoid", "simpson"):
        h = (b - a) / n
        if rule == "midpoint":
            return a + h * (np.arange(n) + 0.5), np.full(n, h)
        nodes = np.linspace(a, b, n + 1)
        weights = np.full(n + 1, h)
        if rule == "trapezoid":
            weights[[0, -1]] = h / 2
        else:
            weights[1:-1:2], weights[2:-1:2] = 4 * h / 3, 2 * h / 3
            weights[[0, -1]] = h / 3
        return nodes, weights
    if rule == "gauss":
        t, w = np.polynomial.legendre.leggauss(n)
    else:
        t, w = _clenshaw_curtis(n - 1)
    return (a + b) / 2 + (b - a) / 2 * t, (b - a) / 2 * w


def _clenshaw_curtis(degree: int):
    """Chebyshev extreme points -cos(pi k / N), ascending, and their weights.

    As `clencurt` in Trefethen, Spectral Methods in MATLAB (2000), ch. 12.
    """
    theta = np.pi * np.arange(degree + 1) / degree
    nodes = -np.cos(theta)  # ascending
    weights = np.zeros(degree + 1)
    inner = np.arange(1, degree)
    v = np.ones(degree - 1)
    if degree % 2 == 0:
        weights[0] = weights[-1] = 1 / (degree**2 - 1)
        for k in range(1, degree // 2):
            v -= 2 * np.cos(2 * k * theta[inner]) / (4 * k**2 - 1)
        v -= np.cos(degree * theta[inner]) / (degree**2 - 1)
    else:
        weights[0] = weights[-1] = 1 / degree**2
        for k in range(1, (degree - 1) // 2 + 1):
            v -= 2 * np.cos(2 * k * theta[inner]) / (4 * k**2 - 1)
    weights[inner] = 2 * v / degree
    return nodes, weights


def rule_value(rule: str, f: Integrand, a: float, b: float, n: int) -> float:
    """The integral of f over [a, b] by `rule` with n (see rule_nodes_weights)."""
    nodes, weights = rule_nodes_weights(rule, n, a, b)
    return float(weights @ np.asarray(f(nodes), dtype=float))


def error_table(integrand: TestIntegrand, ns: Sequence[int], rules: Sequence[str] = RULES):
    """{rule: absolute errors for each n in ns} (Simpson at the even n just above an odd one)."""
    table = {}
    for rule in rules:
        errors = []
        for n in ns:
            m = n + (n % 2) if rule == "simpson" else max(n, 2)
            value = rule_value(rule, integrand.f, integrand.a, integrand.b, m)
            errors.append(abs(value - integrand.exact))
        table[rule] = np.array(errors)
    return table


def fitted_slope(ns: Sequence[float], errors: Sequence[float]) -> float:
    """Least-squares slope of log(error) against log(n), zero errors left out."""
    ns, errors = np.asarray(ns, dtype=float), np.asarray(errors, dtype=float)
    keep = errors > 0
    return float(np.polyfit(np.log(ns[keep]), np.log(errors[keep]), 1)[0])


def unit_square_points(kind: str, n: int, d: int = 2, seed: int = 0) -> np.ndarray:
    """n points in [0, 1]^d: pseudo-random, Halton (scrambled) or scrambled Sobol (scipy)."""
    if kind not in POINT_SETS:
        raise ValueError(f"kind must be one of {POINT_SETS}, got {kind!r}")
    if kind == "random":
        return np.random.default_rng(seed).random((n, d))
    if kind == "halton":
        return qmc.Halton(d, seed=seed).random(n)
    # Sobol points keep their balance properties in blocks of 2**m: draw the block that covers n.
    m = max(int(np.ceil(np.log2(max(n, 1)))), 0)
    return qmc.Sobol(d, seed=seed).random_base2(m)[:n]


def point_set_errors(
    f: Callable[[np.ndarray], np.ndarray],
    exact: float,
    ns: Sequence[int],
    d: int = 2,
    seed: int = 0,
) -> dict[str, np.ndarray]:
    """{kind: |mean of f over the first n points - exact| for each n}, one sequence per kind.

    The first n points of one long sequence, so that the curve shows one estimator improving.
    """
    largest = max(ns)
    table = {}
    for kind in POINT_SETS:
        values = np.asarray(f(unit_square_points(kind, largest, d, seed)), dtype=float)
        running = np.cumsum(values)
        table[kind] = np.array([abs(running[n - 1] / n - exact) for n in ns])
    return table


# ------------------------------------------------------------------ the widgets' models
EXPLORER_NS = tuple(2**k for k in range(1, 9))  # 2 .. 256 subintervals or nodes
_GRID = 401


@dataclass(frozen=True)
class ExplorerModel:
    """One view of the quadrature explorer: an integrand, a rule's nodes, every rule's errors."""

    integrand: TestIntegrand
    rule: str
    n: int
    x: np.ndarray  # a fine grid of [a, b] for drawing f
    fx: np.ndarray
    nodes: np.ndarray
    weights: np.ndarray
    value: float
    error: float
    ns: tuple[int, ...]
    errors: dict[str, np.ndarray]  # every rule's |error| against ns
    slopes: dict[str, float]  # fitted where the error is above rounding level (nan: never)


def _slope_above_rounding(ns: Sequence[int], errors: np.ndarray) -> float:
    """The fitted slope of the errors above 1e-12 (rounding noise has no order); nan if < 3."""
    keep = np.asarray(errors) > 1e-12
    if keep.sum() < 3:
        return float("nan")
    return fitted_slope(np.asarray(ns)[keep], np.asarray(errors)[keep])


def explorer_model(integrand: str, rule: str, n: int) -> ExplorerModel:
    """The quadrature explorer's numbers for `integrand` (a key of INTEGRANDS), `rule` and n."""
    if integrand not in INTEGRANDS:
        raise ValueError(f"integrand must be one of {tuple(INTEGRANDS)}, got {integrand!r}")
    item = INTEGRANDS[integrand]
    nodes, weights = rule_nodes_weights(rule, n, item.a, item.b)
    value = float(weights @ np.asarray(item.f(nodes), dtype=float))
    x = np.linspace(item.a, item.b, _GRID)
    errors = error_table(item, EXPLORER_NS)
    slopes = {name: _slope_above_rounding(EXPLORER_NS, e) for name, e in errors.items()}
    return ExplorerModel(
        item,
        rule,
        n,
        x,
        np.asarray(item.f(x), dtype=float),
        nodes,
        weights,
        value,
        abs(value - item.exact),
        EXPLORER_NS,
        errors,
        slopes,
    )


@dataclass(frozen=True)
class PointSetModel:
    """The MC-versus-QMC view: n points of each kind, and each kind's error against n."""

    n: int
    seed: int
    points: dict[str, np.ndarray]  # kind -> (n, 2)
    ns: tuple[int, ...]
    errors: dict[str, np.ndarray]
    slopes: dict[str, float]


POINT_SET_NS = tuple(2**m for m in range(2, 15))


def _exp_sum(x: np.ndarray) -> np.ndarray:
    return np.exp(x.sum(axis=1))


def point_set_model(n: int, seed: int = 0) -> PointSetModel:
    """n points of each kind in the unit square, and the errors of the mean of exp(x1 + x2)."""
    if not 1 <= n <= POINT_SET_NS[-1]:
        raise ValueError(f"n must be from 1 to {POINT_SET_NS[-1]}, got {n!r}")
    points = {kind: unit_square_points(kind, n, 2, seed) for kind in POINT_SETS}
    errors = point_set_errors(_exp_sum, float((np.e - 1) ** 2), POINT_SET_NS, 2, seed)
    slopes = {kind: fitted_slope(POINT_SET_NS, e) for kind, e in errors.items()}
    return PointSetModel(n, seed, points, POINT_SET_NS, errors, slopes)
