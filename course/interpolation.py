"""Interpolation experiments behind the notebook of series 04 and its widgets.

Pure functions and frozen models, no drawing. Where an experiment needs what an exercise asks
students to write (Chebyshev points, a B-spline basis), it takes the library route
(`numpy.polynomial.chebyshev.chebpts2`, `scipy.interpolate.BSpline.design_matrix`). Polynomial
interpolants are evaluated by a barycentric form (the first, backward stable, for equispaced
nodes; the second, forward stable for Chebyshev points); `exact_interpolant` evaluates the same
interpolant in rational arithmetic, the reference that the notebook judges methods against. The
test cells of series 04 make these helpers fail: the exercises are to be written, not borrowed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction

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

    l_j(x) = ell(x) / ((x - x_j) ell'(x_j)) with ell(x) = prod_k (x - x_k). The products are
    summed as logarithms of magnitudes, so none over- or underflows even for 100 equispaced nodes
    (Lambda ~ 1e25), with a relative error of a few hundred eps in each l_j: ample for the
    Lebesgue function (a sum of |l_j|, no cancellation), not for an interpolant (see `interpolant`).
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


def _scaled_products(factors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row products of `factors` as (mantissa, exponent), renormalised at every step by an exact
    power of two: no overflow or underflow, and no rounding beyond the multiplications."""
    mantissa = np.ones(factors.shape[0])
    exponent = np.zeros(factors.shape[0], dtype=np.int64)
    for column in factors.T:
        mantissa, step = np.frexp(mantissa * column)
        exponent += step
    return mantissa, exponent


FORMS: tuple[str, ...] = ("first", "second")
STABLE_FORM: dict[str, str] = {"equispaced": "first", "chebyshev": "second"}


def interpolant(
    nodes: Sequence[float], values: Sequence[float], x: np.ndarray, form: str = "second"
) -> np.ndarray:
    """Values at x of the polynomial through (nodes, values), by a barycentric form.

    With w_j = 1 / prod_{k != j} (x_j - x_k) and ell(x) = prod_k (x - x_k), the "first" form
    ell(x) sum_j w_j y_j / (x - x_j) is backward stable for any nodes; the "second"
    sum_j w_j y_j / (x - x_j) / sum_j w_j / (x - x_j) is forward stable when the Lebesgue constant
    is small, e.g. for Chebyshev points (Higham, IMA J. Numer. Anal. 24, 2004), but its denominator
    cancels for many equispaced nodes. Products are scaled by exact powers of two (no overflow for
    100 equispaced nodes); both forms return the data exactly at the nodes.
    """
    if form not in FORMS:
        raise ValueError(f"form must be one of {FORMS}, got {form!r}")
    nodes = np.asarray(nodes, dtype=np.float64)
    if nodes.ndim != 1 or len(np.unique(nodes)) != len(nodes):
        raise ValueError(f"nodes must be distinct numbers in a 1-d array, got {nodes!r}")
    values = np.asarray(values, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    node_gaps = nodes[:, None] - nodes[None, :]
    np.fill_diagonal(node_gaps, 1.0)
    mantissa, exponent = _scaled_products(node_gaps)
    scale = int(np.max(-exponent))
    weights = np.ldexp(1.0 / mantissa, -exponent - scale)  # w_j / 2**scale
    gaps = x.reshape(-1, 1) - nodes
    at_node = gaps == 0
    gaps[at_node] = 1.0
    terms = weights / gaps
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        if form == "first":
            ell_mantissa, ell_exponent = _scaled_products(gaps)
            p = np.ldexp(ell_mantissa * (terms @ values), ell_exponent + scale)
        else:
            p = (terms @ values) / terms.sum(axis=1)
    points, which = np.nonzero(at_node)
    p[points] = values[which]
    return p.reshape(x.shape)


def exact_interpolant(
    nodes: Sequence[float], values: Sequence[float], x: Sequence[float]
) -> np.ndarray:
    """The interpolant of the float64 data (nodes, values) at x in exact rational arithmetic,
    rounded once to float64: a reference without evaluation error (slow: O(n) Fractions a point).
    """
    xs = [Fraction(float(v)) for v in np.asarray(nodes, dtype=np.float64)]
    ys = [Fraction(float(v)) for v in np.asarray(values, dtype=np.float64)]
    if len(set(xs)) != len(xs):
        raise ValueError(f"nodes must be distinct, got {nodes!r}")
    scaled = []  # y_j / prod_{k != j} (x_j - x_k)
    for j, (xj, yj) in enumerate(zip(xs, ys, strict=True)):
        product = Fraction(1)
        for k, xk in enumerate(xs):
            if k != j:
                product *= xj - xk
        scaled.append(yj / product)
    points = np.asarray(x, dtype=np.float64)
    out = np.empty(points.size)
    for index, point in enumerate(points.ravel()):
        t = Fraction(float(point))
        if t in xs:
            out[index] = float(ys[xs.index(t)])
            continue
        ell, total = Fraction(1), Fraction(0)
        for xj, cj in zip(xs, scaled, strict=True):
            ell *= t - xj
            total += cj / (t - xj)
        out[index] = float(ell * total)
    return out.reshape(points.shape)


def interpolation_errors(
    function: str, family: str, ns: Sequence[int], samples: int = 2001
) -> np.ndarray:
    """Max |f - p_n| on `samples` equispaced points of [-1, 1], for each n of `ns` nodes (each
    family evaluated by its stable barycentric form, `STABLE_FORM`)."""
    f = get_function(function).f
    x = np.linspace(-1.0, 1.0, samples)
    errors = []
    for n in ns:
        nodes = interpolation_nodes(family, int(n))
        p = interpolant(nodes, f(nodes), x, STABLE_FORM[family])
        errors.append(np.max(np.abs(p - f(x))))
    return np.array(errors)


@dataclass(frozen=True)
class RungeModel:
    """One Runge experiment: f, its interpolant through n nodes, the error and Lebesgue function.

    `p` is evaluated by the barycentric form that is stable for the family (`STABLE_FORM`).
    `rounding_floor` is eps * Lambda_n * max|f|: the size of the error that rounding the data
    alone can cause (it grows like Lambda_n, roughly 2**n / (e n ln n), for equispaced nodes).
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
    p = interpolant(nodes, node_values, x, STABLE_FORM[family])
    error = np.abs(p - f)
    lebesgue = lebesgue_function(nodes, x)
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
