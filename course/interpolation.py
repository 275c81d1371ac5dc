"""Interpolation experiments behind the notebook of series 04 and its widgets.

Pure functions and frozen models, no drawing. Where an experiment needs what an exercise asks
students to write (Chebyshev points, a B-spline basis), it takes the library route
(`numpy.polynomial.chebyshev.chebpts2`, `scipy.interpolate.BSpline.design_matrix`). Polynomial
interpolants are evaluated from the cardinal functions in logarithms (see `cardinal_functions`),
which stays accurate to eps * Lambda even for 100 equispaced nodes. The test cells of series 04
make these helpers fail: the exercises are to be written, not borrowed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.polynomial.chebyshev import chebpts2
from scipy.interpolate import BSpline

EPS = float(np.finfo(np.float64).eps)


@dataclass(frozen=True)
class TestFunction:
    """A function to interpolate on [-1, 1], with the label a plot shows."""

    label: str
    f: Callable[[np.ndarray], np.ndarray]


def _runge(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + 25.0 * x * x)


def _oscillating(x: np.ndarray) -> np.ndarray:
    return np.sin(12.0 * x)


FUNCTIONS: dict[str, TestFunction] = {
    "runge": TestFunction("Runge 1/(1 + 25x²)", _runge),
    "abs": TestFunction("|x|", np.abs),
    "exp": TestFunction("exp(x)", np.exp),
    "oscillating": TestFunction("sin(12x)", _oscillating),
}
NODE_FAMILIES: tuple[str, ...] = ("equispaced", "chebyshev")


def get_function(function: str) -> TestFunction:
    """The TestFunction named `function`; ValueError naming `function` otherwise."""
    if function not in FUNCTIONS:
        raise ValueError(f"function must be one of {sorted(FUNCTIONS)}, got {function!r}")
    return FUNCTIONS[function]


def interpolation_nodes(family: str, n: int, a: float = -1.0, b: float = 1.0) -> np.ndarray:
    """n >= 2 ascending nodes on [a, b]: equispaced, or Chebyshev extrema (numpy's chebpts2)."""
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 2:
        raise ValueError(f"n must be an int >= 2, got {n!r}")
    if family not in NODE_FAMILIES:
        raise ValueError(f"family must be one of {NODE_FAMILIES}, got {family!r}")
    if family == "equispaced":
        return np.linspace(a, b, int(n))
    return (a + b) / 2 + (b - a) / 2 * chebpts2(int(n))


def cardinal_functions(nodes: Sequence[float], x: np.ndarray) -> np.ndarray:
    """Matrix (len(x), len(nodes)) of the Lagrange cardinal functions l_j(x), exact at the nodes.

    l_j(x) = ell(x) / ((x - x_j) ell'(x_j)) with ell(x) = prod_k (x - x_k) (the "first" or modified
    Lagrange form, backward stable: Higham, IMA J. Numer. Anal. 24, 2004). The products are summed
    as logarithms of magnitudes, so none over- or underflows and no sum cancels, even for 100
    equispaced nodes where Lambda reaches 1e25. The second barycentric form (what
    scipy's BarycentricInterpolator evaluates) divides by sum_j w_j / (x - x_j), which cancels
    there: its relative error is about eps * Lambda, and past n ~ 60 equispaced nodes it is noise.
    """
    nodes = np.asarray(nodes, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if nodes.ndim != 1 or len(np.unique(nodes)) != len(nodes):
        raise ValueError(f"nodes must be distinct numbers in a 1-d array, got {nodes!r}")
    node_gaps = nodes[:, None] - nodes[None, :]
    np.fill_diagonal(node_gaps, 1.0)
    log_derivative = np.sum(np.log(np.abs(node_gaps)), axis=1)  # log |ell'(x_j)|
    sign_derivative = np.prod(np.sign(node_gaps), axis=1)
    gaps = x.reshape(-1, 1) - nodes
    at_node = gaps == 0
    gaps[at_node] = 1.0
    log_gaps = np.log(np.abs(gaps))
    log_ell = log_gaps.sum(axis=1, keepdims=True)
    sign_ell = np.prod(np.sign(gaps), axis=1, keepdims=True)
    cardinal = sign_ell * np.sign(gaps) * sign_derivative
    cardinal *= np.exp(log_ell - log_gaps - log_derivative)
    on_node = at_node.any(axis=1)
    cardinal[on_node] = at_node[on_node]  # l_j(x_k) = 1 if j == k else 0, exactly
    return cardinal


def lebesgue_function(nodes: Sequence[float], x: np.ndarray) -> np.ndarray:
    """sum_j |l_j(x)|: how much interpolation through `nodes` can amplify errors in the data."""
    return np.abs(cardinal_functions(nodes, x)).sum(axis=1)


def interpolant(nodes: Sequence[float], values: Sequence[float], x: np.ndarray) -> np.ndarray:
    """Values at x (1-d) of the polynomial through (nodes, values): sum_j values_j l_j(x)."""
    return cardinal_functions(nodes, x) @ np.asarray(values, dtype=np.float64)


def interpolation_errors(
    function: str, family: str, ns: Sequence[int], samples: int = 2001
) -> np.ndarray:
    """Max |f - p_n| on `samples` equispaced points of [-1, 1], for each n of `ns` nodes."""
    f = get_function(function).f
    x = np.linspace(-1.0, 1.0, samples)
    errors = []
    for n in ns:
        nodes = interpolation_nodes(family, int(n))
        errors.append(np.max(np.abs(interpolant(nodes, f(nodes), x) - f(x))))
    return np.array(errors)


@dataclass(frozen=True)
class RungeModel:
    """One Runge experiment: f, its interpolant through n nodes, the error and Lebesgue function.

    `rounding_floor` is eps * Lambda_n * max|f|: the error that rounding the data alone can cause,
    below which no evaluation in float64 can go (it grows like 2**n for equispaced nodes).
    """

    function: str
    label: str
    family: str
    n: int
    nodes: np.ndarray
    node_values: np.ndarray
    x: np.ndarray
    f: np.ndarray
    p: np.ndarray
    error: np.ndarray
    lebesgue: np.ndarray
    max_error: float
    lebesgue_constant: float
    rounding_floor: float


def runge_model(
    function: str = "runge", n: int = 11, family: str = "equispaced", samples: int = 801
) -> RungeModel:
    """Interpolate FUNCTIONS[function] at n nodes of `family` on [-1, 1], sampled on a grid."""
    test = get_function(function)
    nodes = interpolation_nodes(family, n)
    x = np.linspace(-1.0, 1.0, samples)
    f = test.f(x)
    node_values = test.f(nodes)
    cardinal = cardinal_functions(nodes, x)
    p = cardinal @ node_values
    error = np.abs(p - f)
    lebesgue = np.abs(cardinal).sum(axis=1)
    constant = float(np.max(lebesgue))
    return RungeModel(
        function=function,
        label=test.label,
        family=family,
        n=int(n),
        nodes=nodes,
        node_values=node_values,
        x=x,
        f=f,
        p=p,
        error=error,
        lebesgue=lebesgue,
        max_error=float(np.max(error)),
        lebesgue_constant=constant,
        rounding_floor=EPS * constant * float(np.max(np.abs(f))),
    )


# ------------------------------------------------------------------------------- B-splines
KNOT_LAYOUTS: tuple[str, ...] = ("uniform", "random", "repeated knot")
COEFFICIENT_PATTERNS: tuple[str, ...] = ("sine", "random", "single")


def spline_knots(layout: str, degree: int, interior: int) -> np.ndarray:
    """A clamped knot vector on [0, 1]: degree + 1 copies of each end around `interior` knots.

    "random" draws the interior knots from a fixed seed; "repeated knot" gives 0.5 multiplicity
    `degree` (the spline is only continuous there, C^0, for degree >= 1).
    """
    if layout not in KNOT_LAYOUTS:
        raise ValueError(f"layout must be one of {KNOT_LAYOUTS}, got {layout!r}")
    if isinstance(degree, bool) or not isinstance(degree, int | np.integer) or degree < 0:
        raise ValueError(f"degree must be an int >= 0, got {degree!r}")
    if isinstance(interior, bool) or not isinstance(interior, int | np.integer) or interior < 0:
        raise ValueError(f"interior must be an int >= 0, got {interior!r}")
    inner = np.linspace(0.0, 1.0, interior + 2)[1:-1]
    if layout == "random":
        inner = np.sort(np.random.default_rng(interior).uniform(0.02, 0.98, interior))
    elif layout == "repeated knot":
        inner = np.sort(np.concatenate([inner[inner != 0.5], np.full(max(degree, 1), 0.5)]))
    return np.concatenate([np.zeros(degree + 1), inner, np.ones(degree + 1)])


def greville_abscissae(t: np.ndarray, degree: int) -> np.ndarray:
    """Where each coefficient sits along x: the mean of the `degree` knots inside its support
    (the interval midpoints for degree 0). The control polygon joins (greville, c)."""
    count = len(t) - degree - 1
    if degree == 0:
        return (t[:count] + t[1 : count + 1]) / 2
    return np.array([np.mean(t[i + 1 : i + degree + 1]) for i in range(count)])


@dataclass(frozen=True)
class SplineModel:
    """A spline sum_i c_i B_i(x) on [0, 1], its basis on a grid and its values at a probe x."""

    degree: int
    layout: str
    pattern: str
    knots: np.ndarray
    x: np.ndarray
    basis: np.ndarray  # (len(x), count)
    coefficients: np.ndarray
    curve: np.ndarray
    greville: np.ndarray
    probe: float
    probe_basis: np.ndarray  # (count,): B_i(probe)
    probe_value: float
    active: tuple[int, ...]  # the i with B_i(probe) != 0: at most degree + 1 of them
    partition_error: float  # max |sum_i B_i(x) - 1| on the grid


def spline_coefficients(pattern: str, count: int, greville: np.ndarray) -> np.ndarray:
    """Coefficients to draw: samples of a sine at the Greville abscissae, random, or e_middle."""
    if pattern not in COEFFICIENT_PATTERNS:
        raise ValueError(f"pattern must be one of {COEFFICIENT_PATTERNS}, got {pattern!r}")
    if pattern == "sine":
        return np.sin(2 * np.pi * greville)
    if pattern == "random":
        return np.random.default_rng(count).uniform(-1.0, 1.0, count)
    return np.eye(count)[count // 2]


def spline_model(
    degree: int = 3,
    interior: int = 4,
    layout: str = "uniform",
    pattern: str = "sine",
    probe: float = 0.3,
    samples: int = 401,
) -> SplineModel:
    """The basis (scipy's BSpline.design_matrix, Cox-de Boor inside) and the spline it spans."""
    if not 0.0 <= probe <= 1.0:
        raise ValueError(f"probe must lie in [0, 1], got {probe!r}")
    t = spline_knots(layout, degree, interior)
    count = len(t) - degree - 1
    x = np.linspace(0.0, 1.0, samples)
    basis = BSpline.design_matrix(x, t, degree).toarray()
    greville = greville_abscissae(t, degree)
    c = spline_coefficients(pattern, count, greville)
    probe_basis = BSpline.design_matrix([float(probe)], t, degree).toarray()[0]
    return SplineModel(
        degree=int(degree),
        layout=layout,
        pattern=pattern,
        knots=t,
        x=x,
        basis=basis,
        coefficients=c,
        curve=basis @ c,
        greville=greville,
        probe=float(probe),
        probe_basis=probe_basis,
        probe_value=float(probe_basis @ c),
        active=tuple(int(i) for i in np.flatnonzero(probe_basis)),
        partition_error=float(np.max(np.abs(basis.sum(axis=1) - 1.0))),
    )


def knot_multiplicities(t: np.ndarray, degree: int) -> list[tuple[float, int, int]]:
    """(knot, multiplicity m, continuity degree - m) for each distinct interior knot."""
    inner = t[degree + 1 : len(t) - degree - 1]
    values, counts = np.unique(inner, return_counts=True)
    return [(float(v), int(m), int(degree - m)) for v, m in zip(values, counts, strict=True)]
