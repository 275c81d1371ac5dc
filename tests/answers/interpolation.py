"""Answers kept for the tests of series 04-interpolation: other correct answers, classic mistakes.

Each value is the whole source of an exercise's solution cell as a student might write it.
`ALTERNATIVES` holds, per exercise id, one correct answer that takes a different route from the
source solution (a vectorised product, a full divided-difference table, the incremental weight
update, a sine formula, scipy's interpolator, the first barycentric form, slopes and Hermite
pieces, a memoised recursion, Cholesky, an iterative bit-reversed FFT, cdist, complex rotations):
the tests prove it keeps the exercise's point. `MISTAKES` holds, per exercise id, wrong answers
that students really write, named by the mistake: the tests prove each one loses the point
(tests/test_answers.py in-process, tests/test_pipeline.py through nbgrader). The order of
`MISTAKES[id]` matters to the pipeline test, which submits the first mistake of every exercise as
one student, the second as another, and so on.

At the end, `MAIN_MISTAKES` names the mistake each exercise exists to teach (first in its
`MISTAKES` list; it must fail a visible assert that says why), and `DELEGATIONS` holds answers
that hand an exercise to a shipped `course` helper or to the library routine its contract
forbids: each must score zero (tests/test_teaching.py).
"""

ALTERNATIVES: dict[str, str] = {}
MISTAKES: dict[str, dict[str, str]] = {}

# ----------------------------------------------------------------------------------------- ex01
ALTERNATIVES["ex01_lagrange_eval"] = '''
def lagrange_eval(xn, yn, x) -> np.ndarray:
    """Value at x (any shape) of the polynomial through (xn, yn), by the Lagrange formula."""
    xn = np.asarray(xn, dtype=float)
    yn = np.asarray(yn, dtype=float)
    x = np.asarray(x, dtype=float)
    n = len(xn)
    # ratios[m, j, k] = (x_m - x_k) / (x_j - x_k), with 1 where k == j.
    same = np.eye(n, dtype=bool)
    ratios = (x.reshape(-1, 1, 1) - xn[None, None, :]) / np.where(same, 1.0, xn[:, None] - xn)
    ratios[:, same] = 1.0
    return (ratios.prod(axis=2) @ yn).reshape(x.shape)
'''

MISTAKES["ex01_lagrange_eval"] = {
    "divides by x - x_j (the modified form): 0/0 at the nodes": """
def lagrange_eval(xn, yn, x):
    xn = np.asarray(xn, dtype=float)
    yn = np.asarray(yn, dtype=float)
    x = np.asarray(x, dtype=float)
    node_polynomial = np.ones_like(x)
    for node in xn:
        node_polynomial = node_polynomial * (x - node)
    total = np.zeros_like(x)
    for j in range(len(xn)):
        w = 1.0 / np.prod([xn[j] - xn[k] for k in range(len(xn)) if k != j])
        total = total + yn[j] * node_polynomial * w / (x - xn[j])
    return total
""",
    "keeps k == j in the product": """
def lagrange_eval(xn, yn, x):
    xn = np.asarray(xn, dtype=float)
    x = np.asarray(x, dtype=float)
    total = np.zeros_like(x)
    for j in range(len(xn)):
        basis = np.ones_like(x)
        for k in range(len(xn)):
            basis = basis * (x - xn[k]) / (xn[j] - xn[k])
        total = total + yn[j] * basis
    return total
""",
    "returns a 1-d array for every x": """
def lagrange_eval(xn, yn, x):
    xn = np.asarray(xn, dtype=float)
    x = np.atleast_1d(np.asarray(x, dtype=float)).ravel()
    total = np.zeros_like(x)
    for j in range(len(xn)):
        basis = np.ones_like(x)
        for k in range(len(xn)):
            if k != j:
                basis = basis * (x - xn[k]) / (xn[j] - xn[k])
        total = total + yn[j] * basis
    return total
""",
}

# ----------------------------------------------------------------------------------------- ex02
ALTERNATIVES["ex02_newton"] = '''
def divided_differences(xn, yn) -> np.ndarray:
    """Newton coefficients from the full table: column j holds f[x_i, ..., x_{i+j}]."""
    xn = np.asarray(xn, dtype=float)
    n = len(xn)
    table = np.zeros((n, n))
    table[:, 0] = np.asarray(yn, dtype=float)
    for j in range(1, n):
        for i in range(n - j):
            table[i, j] = (table[i + 1, j - 1] - table[i, j - 1]) / (xn[i + j] - xn[i])
    return table[0].copy()


def newton_eval(xn, coef, x) -> np.ndarray:
    """Newton's form summed term by term (running product), not nested."""
    x = np.asarray(x, dtype=float)
    total = np.zeros_like(x)
    product = np.ones_like(x)
    for c, node in zip(coef, xn):
        total = total + c * product
        product = product * (x - node)
    return total
'''

MISTAKES["ex02_newton"] = {
    "updates the table top-down in place": """
def divided_differences(xn, yn):
    xn = np.asarray(xn, dtype=float)
    coef = np.array(yn, dtype=float)
    n = len(xn)
    for level in range(1, n):
        for i in range(level, n):
            coef[i] = (coef[i] - coef[i - 1]) / (xn[i] - xn[i - level])
    return coef


def newton_eval(xn, coef, x):
    x = np.asarray(x, dtype=float)
    result = np.full_like(x, coef[-1])
    for k in range(len(coef) - 2, -1, -1):
        result = result * (x - xn[k]) + coef[k]
    return result
""",
    "Horner's loop pairs coef[k] with xn[k + 1]": """
def divided_differences(xn, yn):
    xn = np.asarray(xn, dtype=float)
    coef = np.array(yn, dtype=float)
    n = len(xn)
    for level in range(1, n):
        coef[level:] = (coef[level:] - coef[level - 1 : -1]) / (xn[level:] - xn[: n - level])
    return coef


def newton_eval(xn, coef, x):
    x = np.asarray(x, dtype=float)
    xn = np.asarray(xn, dtype=float)
    result = np.full_like(x, coef[-1])
    for k in range(len(coef) - 2, -1, -1):
        result = result * (x - xn[k + 1]) + coef[k]
    return result
""",
    "divides every level by the neighbouring gap": """
def divided_differences(xn, yn):
    xn = np.asarray(xn, dtype=float)
    coef = np.array(yn, dtype=float)
    n = len(xn)
    for level in range(1, n):
        coef[level:] = (coef[level:] - coef[level - 1 : -1]) / (xn[level:] - xn[level - 1 : -1])
    return coef


def newton_eval(xn, coef, x):
    x = np.asarray(x, dtype=float)
    result = np.full_like(x, coef[-1])
    for k in range(len(coef) - 2, -1, -1):
        result = result * (x - xn[k]) + coef[k]
    return result
""",
    "modifies yn in place": """
def divided_differences(xn, yn):
    xn = np.asarray(xn, dtype=float)
    coef = np.asarray(yn, dtype=float)  # the caller's array when yn is float64 already
    n = len(xn)
    for level in range(1, n):
        coef[level:] = (coef[level:] - coef[level - 1 : -1]) / (xn[level:] - xn[: n - level])
    return coef


def newton_eval(xn, coef, x):
    x = np.asarray(x, dtype=float)
    result = np.full_like(x, coef[-1])
    for k in range(len(coef) - 2, -1, -1):
        result = result * (x - xn[k]) + coef[k]
    return result
""",
}

# ----------------------------------------------------------------------------------------- ex03
ALTERNATIVES["ex03_barycentric"] = '''
def barycentric_weights(xn) -> np.ndarray:
    """Weights by the O(n^2) update: each new node multiplies the old products by (x_i - x_j)."""
    xn = np.asarray(xn, dtype=float)
    products = np.ones(len(xn))
    for j in range(1, len(xn)):
        products[:j] = products[:j] * (xn[:j] - xn[j])
        products[j] = np.prod(xn[j] - xn[:j])
    return 1.0 / products


def barycentric_eval(xn, yn, w, x) -> np.ndarray:
    """Point by point, returning the data value where x hits a node."""
    xn, yn, w = (np.asarray(a, dtype=float) for a in (xn, yn, w))
    x = np.asarray(x, dtype=float)
    out = np.empty(x.size)
    for i, point in enumerate(x.ravel()):
        diff = point - xn
        hit = np.flatnonzero(diff == 0)
        if hit.size:
            out[i] = yn[hit[0]]
        else:
            terms = w / diff
            out[i] = terms @ yn / terms.sum()
    return out.reshape(x.shape)
'''

MISTAKES["ex03_barycentric"] = {
    "the first form: right only when w has no common factor": """
def barycentric_weights(xn):
    xn = np.asarray(xn, dtype=float)
    gaps = xn[:, None] - xn[None, :]
    np.fill_diagonal(gaps, 1.0)
    return 1.0 / np.prod(gaps, axis=1)


def barycentric_eval(xn, yn, w, x):
    xn, yn, w = (np.asarray(a, dtype=float) for a in (xn, yn, w))
    x = np.asarray(x, dtype=float)
    diff = x.reshape(-1, 1) - xn
    hit = diff == 0
    node_polynomial = np.prod(diff, axis=1)
    diff[hit] = 1.0
    values = node_polynomial * ((w / diff) @ yn)
    rows, cols = np.nonzero(hit)
    values[rows] = yn[cols]
    return values.reshape(x.shape)
""",
    "0/0 at the nodes is not handled": """
def barycentric_weights(xn):
    xn = np.asarray(xn, dtype=float)
    gaps = xn[:, None] - xn[None, :]
    np.fill_diagonal(gaps, 1.0)
    return 1.0 / np.prod(gaps, axis=1)


def barycentric_eval(xn, yn, w, x):
    xn, yn, w = (np.asarray(a, dtype=float) for a in (xn, yn, w))
    x = np.asarray(x, dtype=float)
    terms = w / (x.reshape(-1, 1) - xn)
    return ((terms @ yn) / terms.sum(axis=1)).reshape(x.shape)
""",
    "weights without the reciprocal": """
def barycentric_weights(xn):
    xn = np.asarray(xn, dtype=float)
    gaps = xn[:, None] - xn[None, :]
    np.fill_diagonal(gaps, 1.0)
    return np.prod(gaps, axis=1)


def barycentric_eval(xn, yn, w, x):
    xn, yn, w = (np.asarray(a, dtype=float) for a in (xn, yn, w))
    x = np.asarray(x, dtype=float)
    diff = x.reshape(-1, 1) - xn
    hit = diff == 0
    diff[hit] = 1.0
    terms = w / diff
    values = (terms @ yn) / terms.sum(axis=1)
    rows, cols = np.nonzero(hit)
    values[rows] = yn[cols]
    return values.reshape(x.shape)
""",
    "Chebyshev's weights (-1)^j, halved at the ends, for every node set": """
def barycentric_weights(xn):
    n = len(xn)
    w = (-1.0) ** np.arange(n)
    w[0] *= 0.5
    w[-1] *= 0.5
    return w


def barycentric_eval(xn, yn, w, x):
    xn, yn, w = (np.asarray(a, dtype=float) for a in (xn, yn, w))
    x = np.asarray(x, dtype=float)
    diff = x.reshape(-1, 1) - xn
    hit = diff == 0
    diff[hit] = 1.0
    terms = w / diff
    values = (terms @ yn) / terms.sum(axis=1)
    rows, cols = np.nonzero(hit)
    values[rows] = yn[cols]
    return values.reshape(x.shape)
""",
}

# ----------------------------------------------------------------------------------------- ex04
ALTERNATIVES["ex04_chebyshev_points"] = '''
def chebyshev_points(n: int, a: float = -1.0, b: float = 1.0) -> np.ndarray:
    """The sine form: exactly symmetric, and already ascending."""
    if n < 1:
        raise ValueError(f"need n >= 1 points, got n = {n}")
    if n == 1:
        return np.array([0.5 * (a + b)])
    t = np.sin(np.pi * (2 * np.arange(n) - (n - 1)) / (2 * (n - 1)))
    return 0.5 * (a + b) + 0.5 * (b - a) * t
'''

MISTAKES["ex04_chebyshev_points"] = {
    "points of the first kind (the roots of T_n)": """
def chebyshev_points(n, a=-1.0, b=1.0):
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    t = -np.cos((2 * np.arange(n) + 1) * np.pi / (2 * n))
    return (a + b) / 2 + (b - a) / 2 * t
""",
    "descending order": """
def chebyshev_points(n, a=-1.0, b=1.0):
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if n == 1:
        return np.array([(a + b) / 2])
    return (a + b) / 2 + (b - a) / 2 * np.cos(np.pi * np.arange(n) / (n - 1))
""",
    "divides by n, so b is missing": """
def chebyshev_points(n, a=-1.0, b=1.0):
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    t = -np.cos(np.pi * np.arange(n) / n)
    return (a + b) / 2 + (b - a) / 2 * t
""",
    "n = 1 divides by zero": """
def chebyshev_points(n, a=-1.0, b=1.0):
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    t = -np.cos(np.pi * np.arange(n) / (n - 1))
    return (a + b) / 2 + (b - a) / 2 * t
""",
}

# ----------------------------------------------------------------------------------------- ex05
ALTERNATIVES["ex05_runge_errors"] = '''
def runge_errors(ns, kind: str = "equispaced") -> np.ndarray:
    """The second barycentric form written out: weights from products, 0/0 at the nodes handled."""
    if kind not in ("equispaced", "chebyshev"):
        raise ValueError(f"kind must be 'equispaced' or 'chebyshev', got {kind!r}")

    def f(t):
        return 1.0 / (1.0 + 25.0 * t * t)

    x = np.linspace(-1.0, 1.0, 2001)
    errors = []
    for n in ns:
        n = int(n)
        if kind == "equispaced":
            nodes = np.linspace(-1.0, 1.0, n)
        else:
            nodes = -np.cos(np.pi * np.arange(n) / (n - 1))
        values = f(nodes)
        gaps = nodes[:, None] - nodes[None, :]
        np.fill_diagonal(gaps, 1.0)
        weights = 1.0 / np.prod(gaps, axis=1)
        diff = x[:, None] - nodes
        on_node = diff == 0
        diff[on_node] = 1.0
        terms = weights / diff
        p = (terms @ values) / terms.sum(axis=1)
        points, which = np.nonzero(on_node)
        p[points] = values[which]
        errors.append(np.max(np.abs(p - f(x))))
    return np.array(errors, dtype=np.float64)
'''

_RUNGE_BODY = """
    def f(t):
        return 1.0 / (1.0 + 25.0 * t * t)

    errors = []
    for n in ns:
        values = f(nodes_for(n))
        nodes = nodes_for(n)
        gaps = nodes[:, None] - nodes[None, :]
        np.fill_diagonal(gaps, 1.0)
        w = 1.0 / np.prod(gaps, axis=1)
        diff = x[:, None] - nodes
        hit = diff == 0
        diff[hit] = 1.0
        terms = w / diff
        p = (terms @ values) / terms.sum(axis=1)
        rows, cols = np.nonzero(hit)
        p[rows] = values[cols]
        errors.append(np.max(np.abs(p - f(x))))
    return np.array(errors)
"""

MISTAKES["ex05_runge_errors"] = {
    "monomial coefficients (np.polyfit): rounding, not Runge, is measured": """
def runge_errors(ns, kind="equispaced"):
    if kind not in ("equispaced", "chebyshev"):
        raise ValueError(f"kind must be equispaced or chebyshev, got {kind!r}")
    x = np.linspace(-1.0, 1.0, 2001)
    f = 1.0 / (1.0 + 25.0 * x**2)
    errors = []
    for n in ns:
        n = int(n)
        if kind == "equispaced":
            nodes = np.linspace(-1.0, 1.0, n)
        else:
            nodes = -np.cos(np.pi * np.arange(n) / (n - 1))
        coefficients = np.polyfit(nodes, 1.0 / (1.0 + 25.0 * nodes**2), n - 1)
        errors.append(np.max(np.abs(np.polyval(coefficients, x) - f)))
    return np.array(errors)
""",
    "measures the error on 201 points": """
def runge_errors(ns, kind="equispaced"):
    if kind not in ("equispaced", "chebyshev"):
        raise ValueError(f"kind must be equispaced or chebyshev, got {kind!r}")
    x = np.linspace(-1.0, 1.0, 201)

    def nodes_for(n):
        if kind == "equispaced":
            return np.linspace(-1.0, 1.0, n)
        return -np.cos(np.pi * np.arange(n) / (n - 1))
"""
    + _RUNGE_BODY,
    "n + 1 nodes (degree n) instead of n": """
def runge_errors(ns, kind="equispaced"):
    if kind not in ("equispaced", "chebyshev"):
        raise ValueError(f"kind must be equispaced or chebyshev, got {kind!r}")
    x = np.linspace(-1.0, 1.0, 2001)

    def nodes_for(n):
        if kind == "equispaced":
            return np.linspace(-1.0, 1.0, n + 1)
        return -np.cos(np.pi * np.arange(n + 1) / n)
"""
    + _RUNGE_BODY,
    "Chebyshev points of the first kind": """
def runge_errors(ns, kind="equispaced"):
    if kind not in ("equispaced", "chebyshev"):
        raise ValueError(f"kind must be equispaced or chebyshev, got {kind!r}")
    x = np.linspace(-1.0, 1.0, 2001)

    def nodes_for(n):
        if kind == "equispaced":
            return np.linspace(-1.0, 1.0, n)
        return -np.cos((2 * np.arange(n) + 1) * np.pi / (2 * n))
"""
    + _RUNGE_BODY,
}

# ----------------------------------------------------------------------------------------- ex06
ALTERNATIVES["ex06_lebesgue_constant"] = '''
def lebesgue_constant(xn, n_eval: int = 5001) -> float:
    """Sum of |l_j| with each cardinal function from its product (no barycentric weights)."""
    xn = np.asarray(xn, dtype=float)
    x = np.linspace(xn.min(), xn.max(), n_eval)
    total = np.zeros_like(x)
    for j in range(len(xn)):
        basis = np.ones_like(x)
        for k in range(len(xn)):
            if k != j:
                basis *= (x - xn[k]) / (xn[j] - xn[k])
        total += np.abs(basis)
    return float(total.max())
'''

_LEBESGUE_BODY = """
    gaps = xn[:, None] - xn[None, :]
    np.fill_diagonal(gaps, 1.0)
    w = 1.0 / np.prod(gaps, axis=1)
    diff = x[:, None] - xn
    hit = diff == 0
    diff[hit] = 1.0
    terms = w / diff
"""

MISTAKES["ex06_lebesgue_constant"] = {
    "sums l_j without the absolute value": """
def lebesgue_constant(xn, n_eval=5001):
    xn = np.asarray(xn, dtype=float)
    x = np.linspace(xn.min(), xn.max(), n_eval)
"""
    + _LEBESGUE_BODY
    + """
    cardinal = terms / terms.sum(axis=1, keepdims=True)
    cardinal[hit.any(axis=1)] = hit[hit.any(axis=1)]
    return float(np.max(cardinal.sum(axis=1)))
""",
    "measures on [-1, 1] instead of [min(xn), max(xn)]": """
def lebesgue_constant(xn, n_eval=5001):
    xn = np.asarray(xn, dtype=float)
    x = np.linspace(-1.0, 1.0, n_eval)
"""
    + _LEBESGUE_BODY
    + """
    lebesgue = np.abs(terms).sum(axis=1) / np.abs(terms.sum(axis=1))
    lebesgue[hit.any(axis=1)] = 1.0
    return float(np.max(lebesgue))
""",
    "a fixed grid of 101 points, whatever n_eval": """
def lebesgue_constant(xn, n_eval=5001):
    xn = np.asarray(xn, dtype=float)
    x = np.linspace(xn.min(), xn.max(), 101)
"""
    + _LEBESGUE_BODY
    + """
    lebesgue = np.abs(terms).sum(axis=1) / np.abs(terms.sum(axis=1))
    lebesgue[hit.any(axis=1)] = 1.0
    return float(np.max(lebesgue))
""",
    "0/0 at the nodes": """
def lebesgue_constant(xn, n_eval=5001):
    xn = np.asarray(xn, dtype=float)
    x = np.linspace(xn.min(), xn.max(), n_eval)
    gaps = xn[:, None] - xn[None, :]
    np.fill_diagonal(gaps, 1.0)
    terms = (1.0 / np.prod(gaps, axis=1)) / (x[:, None] - xn)
    return float(np.max(np.abs(terms).sum(axis=1) / np.abs(terms.sum(axis=1))))
""",
}

# ----------------------------------------------------------------------------------------- ex07
ALTERNATIVES["ex07_natural_cubic_spline"] = '''
from scipy.linalg import solve_banded


def natural_cubic_spline(x, y):
    """Slopes s_i from a banded system, then cubic Hermite pieces."""
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    n = len(x)
    h = np.diff(x)
    delta = np.diff(y) / h
    bands = np.zeros((3, n))
    rhs = np.zeros(n)
    bands[1, 0], bands[0, 1], rhs[0] = 2.0, 1.0, 3.0 * delta[0]  # S''(x_0) = 0
    bands[1, -1], bands[2, -2], rhs[-1] = 2.0, 1.0, 3.0 * delta[-1]  # S''(x_end) = 0
    for i in range(1, n - 1):
        bands[2, i - 1] = h[i]  # coefficient of s_{i-1} in row i
        bands[1, i] = 2.0 * (h[i - 1] + h[i])
        bands[0, i + 1] = h[i - 1]  # coefficient of s_{i+1} in row i
        rhs[i] = 3.0 * (h[i] * delta[i - 1] + h[i - 1] * delta[i])
    s = solve_banded((1, 1), bands, rhs)

    def spline(t):
        t = np.asarray(t, dtype=float)
        i = np.minimum(np.maximum(np.searchsorted(x, t, side="right") - 1, 0), n - 2)
        u = (t - x[i]) / h[i]
        h00, h10 = 2 * u**3 - 3 * u**2 + 1, u**3 - 2 * u**2 + u
        h01, h11 = -2 * u**3 + 3 * u**2, u**3 - u**2
        return h00 * y[i] + h10 * h[i] * s[i] + h01 * y[i + 1] + h11 * h[i] * s[i + 1]

    return spline
'''

_SPLINE_EVAL = """
    def spline(t):
        t = np.asarray(t, dtype=float)
        i = np.clip(np.searchsorted(x, t, side="right") - 1, 0, n - 2)
        a, b = x[i + 1] - t, t - x[i]
        return (
            (m[i] * a**3 + m[i + 1] * b**3) / (6 * h[i])
            + (y[i] - m[i] * h[i] ** 2 / 6) * a / h[i]
            + (y[i + 1] - m[i + 1] * h[i] ** 2 / 6) * b / h[i]
        )

    return spline
"""

MISTAKES["ex07_natural_cubic_spline"] = {
    "clamped ends (S' = 0) instead of natural ones": """
def natural_cubic_spline(x, y):
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    n = len(x)
    h = np.diff(x)
    slopes = np.diff(y) / h
    A = np.zeros((n, n))
    r = np.zeros(n)
    A[0, 0], A[0, 1], r[0] = 2 * h[0], h[0], 6 * slopes[0]  # S'(x_0) = 0
    A[-1, -2], A[-1, -1], r[-1] = h[-1], 2 * h[-1], -6 * slopes[-1]  # S'(x_end) = 0
    for i in range(1, n - 1):
        A[i, i - 1], A[i, i], A[i, i + 1] = h[i - 1], 2 * (h[i - 1] + h[i]), h[i]
        r[i] = 6 * (slopes[i] - slopes[i - 1])
    m = np.linalg.solve(A, r)
"""
    + _SPLINE_EVAL,
    "assumes equal spacing h = x[1] - x[0]": """
def natural_cubic_spline(x, y):
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    n = len(x)
    h = np.full(n - 1, x[1] - x[0])
    slopes = np.diff(y) / h
    A = np.zeros((n - 2, n - 2))
    for i in range(n - 2):
        A[i, i] = 4 * h[0]
        if i > 0:
            A[i, i - 1] = h[0]
        if i < n - 3:
            A[i, i + 1] = h[0]
    m = np.zeros(n)
    m[1:-1] = np.linalg.solve(A, 6 * np.diff(slopes))
"""
    + _SPLINE_EVAL,
    "searchsorted(side='left') - 1 without clipping: x[0] wraps around": """
def natural_cubic_spline(x, y):
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    n = len(x)
    h = np.diff(x)
    slopes = np.diff(y) / h
    A = np.diag(2 * (h[:-1] + h[1:])) + np.diag(h[1:-1], 1) + np.diag(h[1:-1], -1)
    m = np.zeros(n)
    m[1:-1] = np.linalg.solve(A, 6 * np.diff(slopes))

    def spline(t):
        t = np.asarray(t, dtype=float)
        i = np.searchsorted(x, t) - 1
        a, b = x[i + 1] - t, t - x[i]
        return (
            (m[i] * a**3 + m[i + 1] * b**3) / (6 * h[i])
            + (y[i] - m[i] * h[i] ** 2 / 6) * a / h[i]
            + (y[i + 1] - m[i + 1] * h[i] ** 2 / 6) * b / h[i]
        )

    return spline
""",
    "a dense O(n^3) solve of the tridiagonal system": """
def natural_cubic_spline(x, y):
    x = np.array(x, dtype=float)
    y = np.array(y, dtype=float)
    n = len(x)
    h = np.diff(x)
    slopes = np.diff(y) / h
    matrix = np.diag(2.0 * (h[:-1] + h[1:])) + np.diag(h[1:-1], 1) + np.diag(h[1:-1], -1)
    m = np.zeros(n)
    m[1:-1] = np.linalg.solve(matrix, 6.0 * np.diff(slopes))

    def spline(t):
        t = np.asarray(t, dtype=float)
        i = np.clip(np.searchsorted(x, t, side="right") - 1, 0, n - 2)
        left, right = x[i + 1] - t, t - x[i]
        return (
            (m[i] * left**3 + m[i + 1] * right**3) / (6.0 * h[i])
            + (y[i] - m[i] * h[i] ** 2 / 6.0) * left / h[i]
            + (y[i + 1] - m[i + 1] * h[i] ** 2 / 6.0) * right / h[i]
        )

    return spline
""",
}

# ----------------------------------------------------------------------------------------- ex08
ALTERNATIVES["ex08_bspline"] = '''
from functools import lru_cache


def bspline_basis(t, k: int, x) -> np.ndarray:
    """One basis function at a time, by the recursion on (i, p), memoised per point."""
    t = [float(v) for v in t]
    n = len(t) - k - 1
    last = max(i for i in range(n) if t[i] < t[i + 1])
    rows = []
    for point in np.asarray(x, dtype=float).tolist():

        @lru_cache(maxsize=None)
        def b(i, p, point=point):
            if p == 0:
                if point == t[n]:
                    return 1.0 if i == last else 0.0
                return 1.0 if t[i] <= point < t[i + 1] else 0.0
            value = 0.0
            if t[i + p] > t[i]:
                value += (point - t[i]) / (t[i + p] - t[i]) * b(i, p - 1)
            if t[i + p + 1] > t[i + 1]:
                value += (t[i + p + 1] - point) / (t[i + p + 1] - t[i + 1]) * b(i + 1, p - 1)
            return value

        rows.append([b(i, k) for i in range(n)])
    return np.array(rows, dtype=float).reshape(-1, n)


def de_boor(t, c, k: int, x) -> np.ndarray:
    """de Boor point by point, with the interval found by a linear scan."""
    t = np.asarray(t, dtype=float)
    c = np.asarray(c, dtype=float)
    x = np.asarray(x, dtype=float)
    n = len(t) - k - 1
    out = []
    for point in x.ravel():
        ell = k
        while ell < n - 1 and t[ell + 1] <= point:
            ell += 1
        d = [c[j + ell - k] for j in range(k + 1)]
        for r in range(1, k + 1):
            for j in range(k, r - 1, -1):
                i = j + ell - k
                alpha = (point - t[i]) / (t[i + k + 1 - r] - t[i])
                d[j] = alpha * d[j] + (1.0 - alpha) * d[j - 1]
        out.append(d[k])
    return np.array(out, dtype=float).reshape(x.shape)
'''

_DE_BOOR = """

def de_boor(t, c, k, x):
    t = np.asarray(t, dtype=float)
    c = np.asarray(c, dtype=float)
    x = np.asarray(x, dtype=float)
    n = len(t) - k - 1
    flat = x.ravel()
    interval = np.clip(np.searchsorted(t, flat, side="right") - 1, k, n - 1)
    idx = interval[:, None] - k + np.arange(k + 1)
    d = c[idx]
    for r in range(1, k + 1):
        for j in range(k, r - 1, -1):
            knot = idx[:, j]
            alpha = (flat - t[knot]) / (t[knot + k + 1 - r] - t[knot])
            d[:, j] = (1.0 - alpha) * d[:, j - 1] + alpha * d[:, j]
    return d[:, k].reshape(x.shape)
"""

MISTAKES["ex08_bspline"] = {
    "no 0/0 := 0 at repeated knots": """
def bspline_basis(t, k, x):
    t = np.asarray(t, dtype=float)
    x = np.asarray(x, dtype=float)
    n = len(t) - k - 1
    basis = np.array([(t[i] <= x) & (x < t[i + 1]) for i in range(len(t) - 1)], float).T
    last = max(i for i in range(n) if t[i] < t[i + 1])
    basis[x == t[n]] = 0.0
    basis[x == t[n], last] = 1.0
    for p in range(1, k + 1):
        basis = np.stack(
            [
                (x - t[i]) / (t[i + p] - t[i]) * basis[:, i]
                + (t[i + p + 1] - x) / (t[i + p + 1] - t[i + 1]) * basis[:, i + 1]
                for i in range(len(t) - 1 - p)
            ],
            axis=1,
        )
    return basis
"""
    + _DE_BOOR,
    "half-open intervals at the right end too: a row of zeros at x = t[n]": """
def bspline_basis(t, k, x):
    t = np.asarray(t, dtype=float)
    x = np.asarray(x, dtype=float)
    basis = np.array([(t[i] <= x) & (x < t[i + 1]) for i in range(len(t) - 1)], float).T
    for p in range(1, k + 1):
        new = np.zeros((len(x), len(t) - 1 - p))
        for i in range(len(t) - 1 - p):
            if t[i + p] > t[i]:
                new[:, i] += (x - t[i]) / (t[i + p] - t[i]) * basis[:, i]
            if t[i + p + 1] > t[i + 1]:
                new[:, i] += (t[i + p + 1] - x) / (t[i + p + 1] - t[i + 1]) * basis[:, i + 1]
        basis = new
    return basis
"""
    + _DE_BOOR,
    "de Boor's alpha always over t[i + k] - t[i]": """
def bspline_basis(t, k, x):
    t = np.asarray(t, dtype=float)
    x = np.asarray(x, dtype=float)
    n = len(t) - k - 1
    basis = np.array([(t[i] <= x) & (x < t[i + 1]) for i in range(len(t) - 1)], float).T
    last = max(i for i in range(n) if t[i] < t[i + 1])
    basis[x == t[n]] = 0.0
    basis[x == t[n], last] = 1.0
    for p in range(1, k + 1):
        new = np.zeros((len(x), len(t) - 1 - p))
        for i in range(len(t) - 1 - p):
            if t[i + p] > t[i]:
                new[:, i] += (x - t[i]) / (t[i + p] - t[i]) * basis[:, i]
            if t[i + p + 1] > t[i + 1]:
                new[:, i] += (t[i + p + 1] - x) / (t[i + p + 1] - t[i + 1]) * basis[:, i + 1]
        basis = new
    return basis


def de_boor(t, c, k, x):
    t = np.asarray(t, dtype=float)
    c = np.asarray(c, dtype=float)
    x = np.asarray(x, dtype=float)
    n = len(t) - k - 1
    flat = x.ravel()
    interval = np.clip(np.searchsorted(t, flat, side="right") - 1, k, n - 1)
    idx = interval[:, None] - k + np.arange(k + 1)
    d = c[idx]
    for r in range(1, k + 1):
        for j in range(k, r - 1, -1):
            knot = idx[:, j]
            alpha = (flat - t[knot]) / (t[knot + k] - t[knot])
            d[:, j] = (1.0 - alpha) * d[:, j - 1] + alpha * d[:, j]
    return d[:, k].reshape(x.shape)
""",
}

# ----------------------------------------------------------------------------------------- ex09
ALTERNATIVES["ex09_polyfit"] = '''
from scipy.linalg import cho_factor, cho_solve, qr


def polyfit_qr(x, y, deg: int) -> np.ndarray:
    """scipy's economic QR, then back substitution by hand."""
    x = np.asarray(x, dtype=float)
    vandermonde = x[:, None] ** np.arange(deg + 1)
    q, r = qr(vandermonde, mode="economic")
    rhs = q.T @ np.asarray(y, dtype=float)
    c = np.zeros(deg + 1)
    for i in range(deg, -1, -1):
        c[i] = (rhs[i] - r[i, i + 1 :] @ c[i + 1 :]) / r[i, i]
    return c


def polyfit_normal(x, y, deg: int) -> np.ndarray:
    """The normal equations by Cholesky (V^T V is symmetric positive definite)."""
    x = np.asarray(x, dtype=float)
    vandermonde = x[:, None] ** np.arange(deg + 1)
    gram = vandermonde.T @ vandermonde
    return cho_solve(cho_factor(gram), vandermonde.T @ np.asarray(y, dtype=float))
'''

_NORMAL = """

def polyfit_normal(x, y, deg):
    V = np.vander(np.asarray(x, dtype=float), deg + 1, increasing=True)
    return np.linalg.solve(V.T @ V, V.T @ np.asarray(y, dtype=float))
"""

MISTAKES["ex09_polyfit"] = {
    "polyfit_qr solves the normal equations": """
def polyfit_qr(x, y, deg):
    V = np.vander(np.asarray(x, dtype=float), deg + 1, increasing=True)
    return np.linalg.solve(V.T @ V, V.T @ np.asarray(y, dtype=float))
"""
    + _NORMAL,
    "coefficients highest degree first (np.vander's default)": """
def polyfit_qr(x, y, deg):
    V = np.vander(np.asarray(x, dtype=float), deg + 1)
    q, r = np.linalg.qr(V)
    return scipy.linalg.solve_triangular(r, q.T @ np.asarray(y, dtype=float))


def polyfit_normal(x, y, deg):
    V = np.vander(np.asarray(x, dtype=float), deg + 1)
    return np.linalg.solve(V.T @ V, V.T @ np.asarray(y, dtype=float))
""",
    "classical Gram-Schmidt instead of Householder QR": """
def polyfit_qr(x, y, deg):
    V = np.vander(np.asarray(x, dtype=float), deg + 1, increasing=True)
    m, n = V.shape
    q = np.zeros((m, n))
    r = np.zeros((n, n))
    for j in range(n):
        v = V[:, j].copy()
        for i in range(j):
            r[i, j] = q[:, i] @ V[:, j]
            v -= r[i, j] * q[:, i]
        r[j, j] = np.linalg.norm(v)
        q[:, j] = v / r[j, j]
    return scipy.linalg.solve_triangular(r, q.T @ np.asarray(y, dtype=float))
"""
    + _NORMAL,
}

# ----------------------------------------------------------------------------------------- ex10
ALTERNATIVES["ex10_fft"] = '''
def fft(x) -> np.ndarray:
    """Iterative radix-2: bit-reversal permutation, then butterflies of growing size."""
    a = np.array(x, dtype=complex)
    n = len(a)
    if n < 1 or (n & (n - 1)) != 0:
        raise ValueError(f"fft needs len(x) to be a power of two, got len(x) = {n}")
    bits = n.bit_length() - 1
    order = [int(format(i, f"0{bits}b")[::-1], 2) if bits else 0 for i in range(n)]
    a = a[order]
    size = 2
    while size <= n:
        half = size // 2
        w = np.exp(-2j * np.pi * np.arange(half) / size)
        blocks = a.reshape(-1, size)
        top = blocks[:, :half].copy()
        bottom = blocks[:, half:] * w
        blocks[:, :half] = top + bottom
        blocks[:, half:] = top - bottom
        a = blocks.reshape(-1)
        size *= 2
    return a
'''

MISTAKES["ex10_fft"] = {
    "twiddle factors exp(+2 pi i k / n)": """
def fft(x):
    x = np.asarray(x, dtype=complex)
    n = len(x)
    if n == 0 or n & (n - 1):
        raise ValueError(f"len(x) must be a power of two, got {n}")
    if n == 1:
        return x.copy()
    even, odd = fft(x[0::2]), fft(x[1::2])
    t = np.exp(2j * np.pi * np.arange(n // 2) / n) * odd
    return np.concatenate([even + t, even - t])
""",
    "no power-of-two check: falls back to a direct DFT": """
def fft(x):
    x = np.asarray(x, dtype=complex)
    n = len(x)
    if n % 2 or n == 0:
        k = np.arange(n)
        return np.exp(-2j * np.pi * np.outer(k, k) / max(n, 1)) @ x
    even, odd = fft(x[0::2]), fft(x[1::2])
    t = np.exp(-2j * np.pi * np.arange(n // 2) / n) * odd
    return np.concatenate([even + t, even - t])
""",
    "halves joined in the wrong order": """
def fft(x):
    x = np.asarray(x, dtype=complex)
    n = len(x)
    if n == 0 or n & (n - 1):
        raise ValueError(f"len(x) must be a power of two, got {n}")
    if n == 1:
        return x.copy()
    even, odd = fft(x[0::2]), fft(x[1::2])
    t = np.exp(-2j * np.pi * np.arange(n // 2) / n) * odd
    return np.concatenate([even - t, even + t])
""",
    "the DFT matrix: O(n^2), not O(n log n)": """
def fft(x):
    x = np.asarray(x, dtype=complex)
    n = len(x)
    if n == 0 or n & (n - 1):
        raise ValueError(f"len(x) must be a power of two, got {n}")
    k = np.arange(n)
    return np.exp(-2j * np.pi * np.outer(k, k) / n) @ x
""",
}

# ----------------------------------------------------------------------------------------- ex11
ALTERNATIVES["ex11_rbf_interpolant"] = '''
from scipy.linalg import cho_factor, cho_solve
from scipy.spatial.distance import cdist


def rbf_interpolant(centers, values, eps: float, kernel: str = "gaussian"):
    """cdist for the distances, Cholesky for the symmetric positive definite kernel matrix."""
    if kernel not in ("gaussian",):
        raise ValueError(f"unsupported kernel {kernel!r}")
    c = np.asarray(centers, dtype=float)
    dim = 1 if c.ndim == 1 else c.shape[1]
    c = c.reshape(len(c), dim)
    gram = np.exp(-((eps * cdist(c, c)) ** 2))
    a = cho_solve(cho_factor(gram), np.asarray(values, dtype=float))

    def interpolant(x):
        points = np.asarray(x, dtype=float).reshape(-1, dim)
        return np.exp(-((eps * cdist(points, c)) ** 2)) @ a

    return interpolant
'''

_RBF_HEAD = """
def rbf_interpolant(centers, values, eps, kernel="gaussian"):
    if kernel != "gaussian":
        raise ValueError(f"kernel must be 'gaussian', got {kernel!r}")
    c = np.asarray(centers, dtype=float)
    c = c.reshape(-1, 1) if c.ndim == 1 else c
    dim = c.shape[1]
"""

MISTAKES["ex11_rbf_interpolant"] = {
    "kernel exp(-eps * r**2)": _RBF_HEAD
    + """
    def phi(a, b):
        r = np.sqrt(((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1))
        return np.exp(-eps * r**2)

    coef = np.linalg.solve(phi(c, c), np.asarray(values, dtype=float))
    return lambda x: phi(np.asarray(x, dtype=float).reshape(-1, dim), c) @ coef
""",
    "squared distances used as r": _RBF_HEAD
    + """
    def phi(a, b):
        r2 = ((a[:, None, :] - b[None, :, :]) ** 2).sum(axis=-1)
        return np.exp(-((eps * r2) ** 2))

    coef = np.linalg.solve(phi(c, c), np.asarray(values, dtype=float))
    return lambda x: phi(np.asarray(x, dtype=float).reshape(-1, dim), c) @ coef
""",
    "Manhattan distance |dx| + |dy| instead of Euclidean": _RBF_HEAD
    + """
    def phi(a, b):
        r = np.abs(a[:, None, :] - b[None, :, :]).sum(axis=-1)
        return np.exp(-((eps * r) ** 2))

    coef = np.linalg.solve(phi(c, c), np.asarray(values, dtype=float))
    return lambda x: phi(np.asarray(x, dtype=float).reshape(-1, dim), c) @ coef
""",
}

# ----------------------------------------------------------------------------------------- ex12
ALTERNATIVES["ex12_positional_encodings"] = '''
def sinusoidal_encoding(positions, d: int) -> np.ndarray:
    """Column by column, the frequency from exp and log."""
    p = np.asarray(positions, dtype=float)
    table = np.empty((len(p), d))
    for j in range(d):
        i = j // 2
        angle = p * np.exp(-2.0 * i / d * np.log(10000.0))
        table[:, j] = np.sin(angle) if j % 2 == 0 else np.cos(angle)
    return table


def rope(x, positions, base: float = 10000.0) -> np.ndarray:
    """Each pair as a complex number, rotated by multiplying with exp(i angle)."""
    x = np.asarray(x, dtype=float)
    d = x.shape[-1]
    if d % 2 != 0:
        raise ValueError(f"rope needs an even d, got d={d}")
    z = x[..., 0::2] + 1j * x[..., 1::2]
    angles = np.outer(np.asarray(positions, dtype=float), 1.0 / base ** (np.arange(d // 2) * 2 / d))
    z = z * np.exp(1j * angles)
    return np.stack([z.real, z.imag], axis=-1).reshape(x.shape)
'''

_ENCODING = """
def sinusoidal_encoding(positions, d):
    positions = np.asarray(positions, dtype=float)
    columns = np.arange(d)
    angles = positions[:, None] * 10000.0 ** (-(columns - columns % 2) / d)
    return np.where(columns % 2 == 0, np.sin(angles), np.cos(angles))
"""

_ROPE_HEAD = """

def rope(x, positions, base=10000.0):
    x = np.asarray(x, dtype=float)
    d = x.shape[-1]
    if d % 2:
        raise ValueError(f"d must be even, got d = {d}")
    angles = np.asarray(positions, dtype=float)[:, None] * base ** (-np.arange(0, d, 2) / d)
    cos, sin = np.cos(angles), np.sin(angles)
"""

MISTAKES["ex12_positional_encodings"] = {
    "rope rotates the two halves, not interleaved pairs": _ENCODING
    + _ROPE_HEAD
    + """
    first, second = x[..., : d // 2], x[..., d // 2 :]
    return np.concatenate([first * cos - second * sin, first * sin + second * cos], axis=-1)
""",
    "sin and cos swapped": """
def sinusoidal_encoding(positions, d):
    positions = np.asarray(positions, dtype=float)
    columns = np.arange(d)
    angles = positions[:, None] * 10000.0 ** (-(columns - columns % 2) / d)
    return np.where(columns % 2 == 0, np.cos(angles), np.sin(angles))
"""
    + _ROPE_HEAD
    + """
    out = np.empty_like(x)
    out[..., 0::2] = x[..., 0::2] * cos - x[..., 1::2] * sin
    out[..., 1::2] = x[..., 0::2] * sin + x[..., 1::2] * cos
    return out
""",
    "rope turns clockwise": _ENCODING
    + _ROPE_HEAD
    + """
    out = np.empty_like(x)
    out[..., 0::2] = x[..., 0::2] * cos + x[..., 1::2] * sin
    out[..., 1::2] = -x[..., 0::2] * sin + x[..., 1::2] * cos
    return out
""",
    "frequencies 10000**(+2i/d)": """
def sinusoidal_encoding(positions, d):
    positions = np.asarray(positions, dtype=float)
    columns = np.arange(d)
    angles = positions[:, None] * 10000.0 ** ((columns - columns % 2) / d)
    return np.where(columns % 2 == 0, np.sin(angles), np.cos(angles))
"""
    + _ROPE_HEAD
    + """
    out = np.empty_like(x)
    out[..., 0::2] = x[..., 0::2] * cos - x[..., 1::2] * sin
    out[..., 1::2] = x[..., 0::2] * sin + x[..., 1::2] * cos
    return out
""",
}

# ------------------------------------------------------------------------- teaching and leakage
# The mistake each exercise exists to teach: it fails a visible assert whose message says why
# (tests/test_teaching.py), and it comes first in MISTAKES[id].
MAIN_MISTAKES: dict[str, str] = {
    "ex01_lagrange_eval": "divides by x - x_j (the modified form): 0/0 at the nodes",
    "ex02_newton": "updates the table top-down in place",
    "ex03_barycentric": "the first form: right only when w has no common factor",
    "ex04_chebyshev_points": "points of the first kind (the roots of T_n)",
    "ex05_runge_errors": "monomial coefficients (np.polyfit): rounding, not Runge, is measured",
    "ex06_lebesgue_constant": "sums l_j without the absolute value",
    "ex07_natural_cubic_spline": "clamped ends (S' = 0) instead of natural ones",
    "ex08_bspline": "no 0/0 := 0 at repeated knots",
    "ex09_polyfit": "polyfit_qr solves the normal equations",
    "ex10_fft": "twiddle factors exp(+2 pi i k / n)",
    "ex11_rbf_interpolant": "kernel exp(-eps * r**2)",
    "ex12_positional_encodings": "rope rotates the two halves, not interleaved pairs",
}

# Answers that hand the exercise to a shipped `course` helper or to the library routine that the
# contract forbids: each must score zero on its exercise (hidden tests included).
DELEGATIONS: dict[str, dict[str, str]] = {
    "ex01_lagrange_eval": {
        "course.interpolation.interpolant": """
from course import interpolation


def lagrange_eval(xn, yn, x):
    return interpolation.interpolant(xn, yn, x)
""",
        "course.interpolation.exact_interpolant": """
from course import interpolation


def lagrange_eval(xn, yn, x):
    return interpolation.exact_interpolant(xn, yn, x)
""",
        "course.interpolation.cardinal_functions": """
from course import interpolation


def lagrange_eval(xn, yn, x):
    x = np.asarray(x, dtype=float)
    cardinal = interpolation.cardinal_functions(xn, x.ravel())
    return (cardinal @ np.asarray(yn, dtype=float)).reshape(x.shape)
""",
        "scipy.interpolate.lagrange": """
import scipy.interpolate


def lagrange_eval(xn, yn, x):
    return np.asarray(scipy.interpolate.lagrange(xn, yn)(np.asarray(x, dtype=float)), dtype=float)
""",
    },
    "ex02_newton": {
        "scipy's KroghInterpolator (its .c are the divided differences)": """
import scipy.interpolate


def divided_differences(xn, yn):
    coefficients = scipy.interpolate.KroghInterpolator(xn, yn).c  # one extra trailing 0
    return np.asarray(coefficients, dtype=float).ravel()[: len(xn)]


def newton_eval(xn, coef, x):
    xn, coef = np.asarray(xn, dtype=float), np.asarray(coef, dtype=float)
    x = np.asarray(x, dtype=float)
    result = np.full_like(x, coef[-1])
    for k in range(len(coef) - 2, -1, -1):
        result = result * (x - xn[k]) + coef[k]
    return result
""",
    },
    "ex03_barycentric": {
        "scipy's BarycentricInterpolator": """
import scipy.interpolate


def barycentric_weights(xn):
    return scipy.interpolate.BarycentricInterpolator(xn, np.zeros(len(xn))).wi


def barycentric_eval(xn, yn, w, x):
    return scipy.interpolate.BarycentricInterpolator(xn, yn)(np.asarray(x, dtype=float))
""",
        "course.interpolation.interpolant": """
from course import interpolation


def barycentric_weights(xn):
    xn = np.asarray(xn, dtype=float)
    gaps = xn[:, None] - xn[None, :]
    np.fill_diagonal(gaps, 1.0)
    return 1.0 / np.prod(gaps, axis=1)


def barycentric_eval(xn, yn, w, x):
    return interpolation.interpolant(xn, yn, x)
""",
    },
    "ex04_chebyshev_points": {
        "numpy's chebpts2": """
def chebyshev_points(n, a=-1.0, b=1.0):
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if n == 1:
        return np.array([(a + b) / 2])
    return (a + b) / 2 + (b - a) / 2 * np.polynomial.chebyshev.chebpts2(n)
""",
        "course.interpolation.interpolation_nodes": """
from course import interpolation


def chebyshev_points(n, a=-1.0, b=1.0):
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if n == 1:
        return np.array([(a + b) / 2])
    return interpolation.interpolation_nodes("chebyshev", n, a, b)
""",
    },
    "ex05_runge_errors": {
        "course.interpolation.interpolation_errors": """
from course import interpolation


def runge_errors(ns, kind="equispaced"):
    if kind not in ("equispaced", "chebyshev"):
        raise ValueError(f"kind must be equispaced or chebyshev, got {kind!r}")
    return interpolation.interpolation_errors("runge", kind, [int(n) for n in ns])
""",
    },
    "ex06_lebesgue_constant": {
        "course.interpolation.cardinal_functions": """
from course import interpolation


def lebesgue_constant(xn, n_eval=5001):
    xn = np.asarray(xn, dtype=float)
    grid = np.linspace(xn.min(), xn.max(), n_eval)
    return float(np.max(np.abs(interpolation.cardinal_functions(xn, grid)).sum(axis=1)))
""",
        "course.interpolation.lebesgue_function": """
from course import interpolation


def lebesgue_constant(xn, n_eval=5001):
    xn = np.asarray(xn, dtype=float)
    grid = np.linspace(xn.min(), xn.max(), n_eval)
    return float(np.max(interpolation.lebesgue_function(xn, grid)))
""",
    },
    "ex07_natural_cubic_spline": {
        "scipy's CubicSpline(bc_type='natural')": """
import scipy.interpolate


def natural_cubic_spline(x, y):
    return scipy.interpolate.CubicSpline(x, y, bc_type="natural")
""",
    },
    "ex08_bspline": {
        "scipy's BSpline.design_matrix and BSpline": """
import scipy.interpolate


def bspline_basis(t, k, x):
    return scipy.interpolate.BSpline.design_matrix(np.asarray(x, dtype=float), t, k).toarray()


def de_boor(t, c, k, x):
    return scipy.interpolate.BSpline(t, c, k)(np.asarray(x, dtype=float))
""",
    },
    "ex09_polyfit": {
        "numpy's lstsq and polyfit": """
def polyfit_qr(x, y, deg):
    vandermonde = np.vander(np.asarray(x, dtype=float), deg + 1, increasing=True)
    return np.linalg.lstsq(vandermonde, np.asarray(y, dtype=float), rcond=None)[0]


def polyfit_normal(x, y, deg):
    return np.polyfit(np.asarray(x, dtype=float), np.asarray(y, dtype=float), deg)[::-1]
""",
    },
    "ex10_fft": {
        "numpy's fft": """
def fft(x):
    x = np.asarray(x, dtype=complex)
    n = len(x)
    if n == 0 or n & (n - 1):
        raise ValueError(f"len(x) must be a power of two, got {n}")
    return np.fft.fft(x)
""",
    },
    "ex11_rbf_interpolant": {
        "scipy's RBFInterpolator": """
import scipy.interpolate


def rbf_interpolant(centers, values, eps, kernel="gaussian"):
    if kernel != "gaussian":
        raise ValueError(f"kernel must be 'gaussian', got {kernel!r}")
    centers = np.asarray(centers, dtype=float)
    line = centers.ndim == 1
    points = centers.reshape(-1, 1) if line else centers
    rbf = scipy.interpolate.RBFInterpolator(
        points, np.asarray(values, dtype=float), kernel="gaussian", epsilon=eps, degree=-1
    )

    def interpolant(x):
        x = np.asarray(x, dtype=float)
        return rbf(x.reshape(-1, 1) if line else x.reshape(-1, points.shape[1]))

    return interpolant
""",
    },
}
