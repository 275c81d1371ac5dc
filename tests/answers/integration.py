"""Answers kept for the tests of series 05-integration: other correct answers, classic mistakes.

Each value is the whole source of an exercise's solution cell as a student might write it.
`ALTERNATIVES` holds, per exercise id, one correct answer that takes a different route from the
source solution (explicit weight vectors, a Romberg table built row by row from scratch, Newton's
method on the Legendre recurrence, the probabilists' Hermite rule, an explicit stack...): the
tests prove it keeps the exercise's point. `MISTAKES` holds, per exercise id, wrong answers that
students really write, named by the mistake: the tests prove each one loses the point
(tests/test_answers.py in-process, tests/test_pipeline.py through nbgrader). The order of
`MISTAKES[id]` matters to the pipeline test, which submits the first mistake of every exercise as
one student, the second as another, and so on.

`MAIN_MISTAKES` names, per exercise, the mistake it exists to teach (listed first in its
`MISTAKES`): it fails a visible assert whose message says why. `DELEGATIONS` holds answers that
hand the job to a shipped `course` helper or to a library routine the contract forbids: each
scores zero (tests/test_teaching.py).
"""

ALTERNATIVES: dict[str, str] = {}
MISTAKES: dict[str, dict[str, str]] = {}
DELEGATIONS: dict[str, dict[str, str]] = {}

# ----------------------------------------------------------------------------------------- ex01
ALTERNATIVES["ex01_newton_cotes"] = '''
def _nodes_and_step(a, b, n):
    h = (b - a) / n
    return a + h * np.arange(n + 1), h


def trapezoid(f, a, b, n):
    """Composite trapezoid rule: an explicit weight vector."""
    x, h = _nodes_and_step(a, b, n)
    weights = np.full(n + 1, h)
    weights[0] = weights[-1] = h / 2
    return float(weights @ f(x))


def simpson(f, a, b, n):
    """Composite Simpson: one parabola per pair of subintervals, summed in a loop."""
    if n % 2 != 0 or n < 2:
        raise ValueError("n must be even and at least 2")
    x, h = _nodes_and_step(a, b, n)
    y = f(x)
    total = 0.0
    for k in range(0, n, 2):
        total += h / 3 * (y[k] + 4 * y[k + 1] + y[k + 2])
    return float(total)
'''

MISTAKES["ex01_newton_cotes"] = {
    "weighs the end nodes like the inner ones": """
def trapezoid(f, a, b, n):
    x = np.linspace(a, b, n + 1)
    return float((b - a) / n * np.sum(f(x)))


def simpson(f, a, b, n):
    if n % 2:
        raise ValueError(f"odd n = {n}")
    x = np.linspace(a, b, n + 1)
    y = f(x)
    h = (b - a) / n
    return float(h / 3 * (y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()))
""",
    "Simpson on 2n subintervals": """
def trapezoid(f, a, b, n):
    x = np.linspace(a, b, n + 1)
    y = f(x)
    return float((b - a) / n * (y.sum() - (y[0] + y[-1]) / 2))


def simpson(f, a, b, n):
    if n % 2:
        raise ValueError(f"odd n = {n}")
    m = 2 * n  # "n panels, each split in two"
    x = np.linspace(a, b, m + 1)
    y = f(x)
    h = (b - a) / m
    return float(h / 3 * (y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()))
""",
    "Simpson accepts an odd n": """
def trapezoid(f, a, b, n):
    x = np.linspace(a, b, n + 1)
    y = f(x)
    return float((b - a) / n * (y.sum() - (y[0] + y[-1]) / 2))


def simpson(f, a, b, n):
    x = np.linspace(a, b, n + 1)
    y = f(x)
    h = (b - a) / n
    return float(h / 3 * (y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()))
""",
    "integrates over [min, max] whatever the order of a and b": """
def trapezoid(f, a, b, n):
    a, b = min(a, b), max(a, b)
    x = np.linspace(a, b, n + 1)
    y = f(x)
    return float((b - a) / n * (y.sum() - (y[0] + y[-1]) / 2))


def simpson(f, a, b, n):
    if n % 2:
        raise ValueError(f"odd n = {n}")
    a, b = min(a, b), max(a, b)
    x = np.linspace(a, b, n + 1)
    y = f(x)
    h = (b - a) / n
    return float(h / 3 * (y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()))
""",
}

DELEGATIONS["ex01_newton_cotes"] = {
    "scipy's trapezoid and simpson": """
from scipy import integrate


def trapezoid(f, a, b, n):
    x = np.linspace(a, b, n + 1)
    return float(integrate.trapezoid(f(x), x))


def simpson(f, a, b, n):
    if n % 2:
        raise ValueError(f"odd n = {n}")
    x = np.linspace(a, b, n + 1)
    return float(integrate.simpson(f(x), x=x))
""",
    "course.quadrature.rule_value": """
def trapezoid(f, a, b, n):
    return quadrature.rule_value("trapezoid", f, a, b, n)


def simpson(f, a, b, n):
    if n % 2:
        raise ValueError(f"odd n = {n}")
    return quadrature.rule_value("simpson", f, a, b, n)
""",
}

# ----------------------------------------------------------------------------------------- ex02
ALTERNATIVES["ex02_romberg"] = '''
def romberg(f, a, b, levels):
    """Each row's trapezoid value from scratch on 2**i subintervals, then Richardson by columns."""
    table = np.zeros((levels, levels))
    for i in range(levels):
        x = np.linspace(a, b, 2**i + 1)
        y = f(x)
        h = (b - a) / 2**i
        table[i, 0] = h * (np.sum(y) - 0.5 * (y[0] + y[-1]))
    for j in range(1, levels):
        factor = 4.0**j
        for i in range(j, levels):
            table[i, j] = (factor * table[i, j - 1] - table[i - 1, j - 1]) / (factor - 1)
    return table
'''

MISTAKES["ex02_romberg"] = {
    "divides by 4 - 1 in every column": """
def romberg(f, a, b, levels):
    table = np.zeros((levels, levels))
    table[0, 0] = (b - a) / 2 * (f(np.array([a]))[0] + f(np.array([b]))[0])
    for i in range(1, levels):
        h = (b - a) / 2**i
        table[i, 0] = table[i - 1, 0] / 2 + h * np.sum(f(a + h * np.arange(1, 2**i, 2)))
        for j in range(1, i + 1):
            table[i, j] = table[i, j - 1] + (table[i, j - 1] - table[i - 1, j - 1]) / 3
    return table
""",
    "row i on i + 1 subintervals": """
def romberg(f, a, b, levels):
    table = np.zeros((levels, levels))
    for i in range(levels):
        x = np.linspace(a, b, i + 2)
        y = f(x)
        table[i, 0] = (b - a) / (i + 1) * (y.sum() - (y[0] + y[-1]) / 2)
        for j in range(1, i + 1):
            table[i, j] = table[i, j - 1] + (table[i, j - 1] - table[i - 1, j - 1]) / (4**j - 1)
    return table
""",
    "subtracts the correction": """
def romberg(f, a, b, levels):
    table = np.zeros((levels, levels))
    table[0, 0] = (b - a) / 2 * (f(np.array([a]))[0] + f(np.array([b]))[0])
    for i in range(1, levels):
        h = (b - a) / 2**i
        table[i, 0] = table[i - 1, 0] / 2 + h * np.sum(f(a + h * np.arange(1, 2**i, 2)))
        for j in range(1, i + 1):
            table[i, j] = table[i, j - 1] - (table[i, j - 1] - table[i - 1, j - 1]) / (4**j - 1)
    return table
""",
}

DELEGATIONS["ex02_romberg"] = {
    "the diagonal from scipy's romb": """
from scipy.integrate import romb


def romberg(f, a, b, levels):
    table = np.zeros((levels, levels))
    for i in range(levels):
        x = np.linspace(a, b, 2**i + 1)
        y = f(x)
        table[i, 0] = (b - a) / 2**i * (y.sum() - (y[0] + y[-1]) / 2)
        for j in range(1, i + 1):
            table[i, j] = table[i, j - 1] + (table[i, j - 1] - table[i - 1, j - 1]) / (4**j - 1)
        if i > 0:
            table[i, i] = romb(y, (b - a) / 2**i)
    return table
""",
}

# ----------------------------------------------------------------------------------------- ex03
ALTERNATIVES["ex03_gauss_legendre"] = '''
def gauss_legendre(n):
    """Golub-Welsch with scipy's tridiagonal eigensolver."""
    from scipy.linalg import eigh_tridiagonal

    k = np.arange(1, n, dtype=float)
    off_diagonal = k / np.sqrt((2 * k - 1) * (2 * k + 1))
    nodes, vectors = eigh_tridiagonal(np.zeros(n), off_diagonal)
    order = np.argsort(nodes)
    return nodes[order], 2 * vectors[0, order] ** 2
'''

MISTAKES["ex03_gauss_legendre"] = {
    "forgets mu_0 = 2 in the weights": """
def gauss_legendre(n):
    k = np.arange(1, n)
    beta = k / np.sqrt(4.0 * k**2 - 1.0)
    nodes, vectors = np.linalg.eigh(np.diag(beta, 1) + np.diag(beta, -1))
    return nodes, vectors[0, :] ** 2
""",
    "takes the first eigenvector instead of the first components": """
def gauss_legendre(n):
    k = np.arange(1, n)
    beta = k / np.sqrt(4.0 * k**2 - 1.0)
    nodes, vectors = np.linalg.eigh(np.diag(beta, 1) + np.diag(beta, -1))
    return nodes, 2 * vectors[:, 0] ** 2
""",
    "the monic recurrence coefficient beta_k**2 off the diagonal": """
def gauss_legendre(n):
    k = np.arange(1, n)
    beta = k**2 / (4.0 * k**2 - 1.0)
    nodes, vectors = np.linalg.eigh(np.diag(beta, 1) + np.diag(beta, -1))
    return nodes, 2 * vectors[0, :] ** 2
""",
}

DELEGATIONS["ex03_gauss_legendre"] = {
    "numpy's leggauss": """
def gauss_legendre(n):
    return np.polynomial.legendre.leggauss(n)
""",
}

# ----------------------------------------------------------------------------------------- ex04
ALTERNATIVES["ex04_gauss_quad"] = '''
def gauss_quad(f, a, b, n):
    """The map written as midpoint and half-length."""
    t, w = np.polynomial.legendre.leggauss(n)
    half = 0.5 * (b - a)
    return float(half * np.dot(w, f(0.5 * (a + b) + half * t)))
'''

MISTAKES["ex04_gauss_quad"] = {
    "does not scale the weights": """
def gauss_quad(f, a, b, n):
    t, w = np.polynomial.legendre.leggauss(n)
    return float(np.sum(w * f((a + b) / 2 + (b - a) / 2 * t)))
""",
    "maps t to a + (b - a) t": """
def gauss_quad(f, a, b, n):
    t, w = np.polynomial.legendre.leggauss(n)
    return float((b - a) / 2 * np.sum(w * f(a + (b - a) * t)))
""",
    "n + 1 nodes": """
def gauss_quad(f, a, b, n):
    t, w = np.polynomial.legendre.leggauss(n + 1)
    return float((b - a) / 2 * np.sum(w * f((a + b) / 2 + (b - a) / 2 * t)))
""",
}

DELEGATIONS["ex04_gauss_quad"] = {
    "scipy's fixed_quad": """
from scipy.integrate import fixed_quad


def gauss_quad(f, a, b, n):
    return float(fixed_quad(f, a, b, n=n)[0])
""",
    "course.quadrature.rule_value": """
def gauss_quad(f, a, b, n):
    return quadrature.rule_value("gauss", f, a, b, n)
""",
}

# ----------------------------------------------------------------------------------------- ex05
ALTERNATIVES["ex05_gauss_hermite_expectation"] = '''
def gauss_hermite_expectation(f, mu, sigma, n=20):
    """The probabilists' rule (weight exp(-t**2 / 2)): x = mu + sigma t, divide by sqrt(2 pi)."""
    if sigma <= 0:
        raise ValueError("sigma must be positive")
    t, w = np.polynomial.hermite_e.hermegauss(n)
    return float(w @ f(mu + sigma * t) / math.sqrt(2 * math.pi))
'''

MISTAKES["ex05_gauss_hermite_expectation"] = {
    "forgets the sqrt(2) of the change of variables": """
def gauss_hermite_expectation(f, mu, sigma, n=20):
    if sigma <= 0:
        raise ValueError(f"sigma = {sigma}")
    t, w = np.polynomial.hermite.hermgauss(n)
    return float(np.sum(w * f(mu + sigma * t)) / np.sqrt(np.pi))
""",
    "forgets to divide by sqrt(pi)": """
def gauss_hermite_expectation(f, mu, sigma, n=20):
    if sigma <= 0:
        raise ValueError(f"sigma = {sigma}")
    t, w = np.polynomial.hermite.hermgauss(n)
    return float(np.sum(w * f(mu + np.sqrt(2) * sigma * t)))
""",
    "accepts sigma <= 0": """
def gauss_hermite_expectation(f, mu, sigma, n=20):
    t, w = np.polynomial.hermite.hermgauss(n)
    return float(np.sum(w * f(mu + np.sqrt(2) * sigma * t)) / np.sqrt(np.pi))
""",
    "always 20 nodes": """
def gauss_hermite_expectation(f, mu, sigma, n=20):
    if sigma <= 0:
        raise ValueError(f"sigma = {sigma}")
    t, w = np.polynomial.hermite.hermgauss(20)
    return float(np.sum(w * f(mu + np.sqrt(2) * sigma * t)) / np.sqrt(np.pi))
""",
}

DELEGATIONS["ex05_gauss_hermite_expectation"] = {
    "scipy.stats.norm.expect": """
from scipy import stats


def gauss_hermite_expectation(f, mu, sigma, n=20):
    if sigma <= 0:
        raise ValueError(f"sigma = {sigma}")
    return float(stats.norm.expect(lambda x: f(np.asarray(x)), loc=mu, scale=sigma))
""",
}

# ----------------------------------------------------------------------------------------- ex06
ALTERNATIVES["ex06_adaptive_simpson"] = '''
def adaptive_simpson(f, a, b, tol):
    """An explicit stack of panels instead of recursion; values cached in a dict."""
    cache = {}

    def value(x):
        if x not in cache:
            cache[x] = float(f(np.array([x]))[0])
        return cache[x]

    def simpson_panel(lo, hi):
        mid = (lo + hi) / 2
        return (hi - lo) / 6 * (value(lo) + 4 * value(mid) + value(hi))

    total = 0.0
    stack = [(a, b, simpson_panel(a, b), tol, 0)]
    while stack:
        lo, hi, whole, budget, depth = stack.pop()
        mid = (lo + hi) / 2
        left, right = simpson_panel(lo, mid), simpson_panel(mid, hi)
        delta = left + right - whole
        if depth >= 50 or abs(delta) <= 15 * budget:
            total += left + right + delta / 15
        else:
            stack.append((mid, hi, right, budget / 2, depth + 1))
            stack.append((lo, mid, left, budget / 2, depth + 1))
    return total, len(cache)
'''

_SIMPSON_RECURSION = """
def adaptive_simpson(f, a, b, tol):
    count = [0]

    def evaluate(x):
        count[0] += 1
        return float(f(np.array([x]))[0])

    def step(a, fa, m, fm, b, fb, whole, tol, depth):
        lm, rm = (a + m) / 2, (m + b) / 2
        flm, frm = evaluate(lm), evaluate(rm)
        left, right = (m - a) / 6 * (fa + 4 * flm + fm), (b - m) / 6 * (fm + 4 * frm + fb)
        delta = left + right - whole
        if depth <= 0 or ACCEPT:
            return RESULT
        return step(a, fa, lm, flm, m, fm, left, SPLIT, depth - 1) + step(
            m, fm, rm, frm, b, fb, right, SPLIT, depth - 1
        )

    fa, fb, m = evaluate(a), evaluate(b), (a + b) / 2
    fm = evaluate(m)
    return step(a, fa, m, fm, b, fb, (b - a) / 6 * (fa + 4 * fm + fb), tol, 50), count[0]
"""


def _recursion(accept: str, result: str, split: str) -> str:
    return (
        _SIMPSON_RECURSION.replace("ACCEPT", accept)
        .replace("RESULT", result)
        .replace("SPLIT", split)
    )


MISTAKES["ex06_adaptive_simpson"] = {
    "keeps the whole tol for both halves": _recursion(
        "abs(delta) <= 15 * tol", "left + right + delta / 15", "tol"
    ),
    "accepts at tol instead of 15 tol": _recursion(
        "abs(delta) <= tol", "left + right + delta / 15", "tol / 2"
    ),
    "evaluates every point of every panel afresh": """
def adaptive_simpson(f, a, b, tol):
    count = [0]

    def simpson_panel(lo, hi):
        x = np.array([lo, (lo + hi) / 2, hi])
        count[0] += 3
        y = f(x)
        return (hi - lo) / 6 * (y[0] + 4 * y[1] + y[2])

    def step(lo, hi, whole, tol, depth):
        mid = (lo + hi) / 2
        left, right = simpson_panel(lo, mid), simpson_panel(mid, hi)
        delta = left + right - whole
        if depth <= 0 or abs(delta) <= 15 * tol:
            return left + right + delta / 15
        return step(lo, mid, left, tol / 2, depth - 1) + step(mid, hi, right, tol / 2, depth - 1)

    return step(a, b, simpson_panel(a, b), tol, 50), count[0]
""",
}

DELEGATIONS["ex06_adaptive_simpson"] = {
    "scipy's quad": """
from scipy import integrate


def adaptive_simpson(f, a, b, tol):
    value, _, info = integrate.quad(lambda x: float(f(np.array([x]))[0]), a, b, epsabs=tol,
                                    full_output=True)
    return float(value), int(info["neval"])
""",
}

# ----------------------------------------------------------------------------------------- ex07
ALTERNATIVES["ex07_mc_estimate"] = '''
def mc_estimate(f, sampler, n, rng):
    """Mean and unbiased variance written out."""
    if n < 2:
        raise ValueError("n must be >= 2")
    values = np.asarray(f(sampler(n, rng)), dtype=float)
    mean = values.sum() / n
    variance = ((values - mean) ** 2).sum() / (n - 1)
    return float(mean), float(math.sqrt(variance / n))
'''

MISTAKES["ex07_mc_estimate"] = {
    "returns the standard deviation of one sample": """
def mc_estimate(f, sampler, n, rng):
    if n < 2:
        raise ValueError(f"n = {n}")
    values = f(sampler(n, rng))
    return float(np.mean(values)), float(np.std(values, ddof=1))
""",
    "ddof = 0": """
def mc_estimate(f, sampler, n, rng):
    if n < 2:
        raise ValueError(f"n = {n}")
    values = f(sampler(n, rng))
    return float(np.mean(values)), float(np.std(values) / np.sqrt(n))
""",
    "calls the sampler once per sample": """
def mc_estimate(f, sampler, n, rng):
    if n < 2:
        raise ValueError(f"n = {n}")
    values = np.array([f(sampler(1, rng))[0] for _ in range(n)])
    return float(np.mean(values)), float(np.std(values, ddof=1) / np.sqrt(n))
""",
}

# ----------------------------------------------------------------------------------------- ex08
ALTERNATIVES["ex08_antithetic_estimate"] = '''
def antithetic_estimate(f, n, rng):
    """One call of f on the 2n points; pair averages from the two halves."""
    u = rng.uniform(0.0, 1.0, size=n)
    values = np.asarray(f(np.concatenate([u, 1.0 - u])), dtype=float)
    pairs = 0.5 * (values[:n] + values[n:])
    return float(np.mean(pairs)), float(np.std(pairs, ddof=1) / math.sqrt(n))
'''

MISTAKES["ex08_antithetic_estimate"] = {
    "treats the 2n values as independent": """
def antithetic_estimate(f, n, rng):
    u = rng.random(n)
    values = np.concatenate([f(u), f(1 - u)])
    return float(values.mean()), float(values.std(ddof=1) / np.sqrt(2 * n))
""",
    "draws fresh uniforms for the partner": """
def antithetic_estimate(f, n, rng):
    u = rng.random(n)
    v = rng.random(n)
    pairs = (f(u) + f(v)) / 2
    return float(pairs.mean()), float(pairs.std(ddof=1) / np.sqrt(n))
""",
    "n / 2 pairs": """
def antithetic_estimate(f, n, rng):
    u = rng.random(max(n // 2, 2))
    pairs = (f(u) + f(1 - u)) / 2
    return float(pairs.mean()), float(pairs.std(ddof=1) / np.sqrt(len(u)))
""",
}

# ----------------------------------------------------------------------------------------- ex09
ALTERNATIVES["ex09_halton"] = '''
def _first_primes(count):
    primes = []
    candidate = 2
    while len(primes) < count:
        if all(candidate % p != 0 for p in primes if p * p <= candidate):
            primes.append(candidate)
        candidate += 1
    return primes


def _radical_inverse(i, base):
    result, scale = 0.0, 1.0 / base
    while i > 0:
        i, digit = divmod(i, base)
        result += digit * scale
        scale /= base
    return result


def halton(n, d, skip=0):
    """Plain Python loops over indices and dimensions."""
    if n < 0:
        raise ValueError("n must be non-negative")
    if d < 1:
        raise ValueError("d must be at least 1")
    if skip < 0:
        raise ValueError("skip must be non-negative")
    bases = _first_primes(d)
    return np.array(
        [[_radical_inverse(skip + r, p) for p in bases] for r in range(n)], dtype=float
    ).reshape(n, d)
'''

_HALTON_BODY = """
def halton(n, d, skip=0):
    for name, value, lowest in (("n", n, 0), ("d", d, 1), ("skip", skip, 0)):
        if value < lowest:
            raise ValueError(f"{name} = {value}")
    bases = BASES
    points = np.zeros((n, d))
    for column, p in enumerate(bases):
        index = np.arange(skip + START, skip + START + n)
        scale = 1.0 / p
        while np.any(index > 0):
            points[:, column] += scale * (index % p)
            index //= p
            scale /= p
    return points
"""
_PRIMES = "[p for p in range(2, 200) if all(p % q for q in range(2, p))][:d]"

MISTAKES["ex09_halton"] = {
    "bases 2, 3, 4, ... instead of primes": _HALTON_BODY.replace(
        "BASES", "list(range(2, d + 2))"
    ).replace("START", "0"),
    "indices start at 1": _HALTON_BODY.replace("BASES", _PRIMES).replace("START", "1"),
    "no argument checks": _HALTON_BODY.replace("BASES", _PRIMES)
    .replace("START", "0")
    .replace('raise ValueError(f"{name} = {value}")', "pass"),
}

DELEGATIONS["ex09_halton"] = {
    "scipy's Halton": """
from scipy.stats import qmc


def halton(n, d, skip=0):
    for name, value, lowest in (("n", n, 0), ("d", d, 1), ("skip", skip, 0)):
        if value < lowest:
            raise ValueError(f"{name} = {value}")
    engine = qmc.Halton(d, scramble=False)
    engine.fast_forward(skip)
    return engine.random(n)
""",
}

# ----------------------------------------------------------------------------------------- ex10
ALTERNATIVES["ex10_convergence_slopes"] = '''
def convergence_slope(ns, errors):
    """The normal equations of the line fit, written out."""
    x = np.log(np.asarray(ns, dtype=float))
    y = np.log(np.asarray(errors, dtype=float))
    x_centred = x - x.mean()
    return float(np.sum(x_centred * (y - y.mean())) / np.sum(x_centred**2))


def mc_sobol_slopes(f, exact, d, ms, rng):
    """Sobol first, then MC, per m: a different use of rng, the same distribution."""
    ns, sobol_errors, mc_errors = [], [], []
    for m in ms:
        sobol = qmc.Sobol(d, scramble=True, seed=rng)
        sobol_errors.append(abs(f(sobol.random_base2(m)).mean() - exact))
        mc_errors.append(abs(f(rng.random((2**m, d))).mean() - exact))
        ns.append(2**m)
    return convergence_slope(ns, mc_errors), convergence_slope(ns, sobol_errors)
'''

_SOBOL_SLOPES = """

def mc_sobol_slopes(f, exact, d, ms, rng):
    ns, mc_errors, sobol_errors = [], [], []
    for m in ms:
        ns.append(2**m)
        mc_errors.append(abs(np.mean(f(rng.random((2**m, d)))) - exact))
        points = qmc.Sobol(d, scramble=True, seed=rng).random_base2(m)
        sobol_errors.append(abs(np.mean(f(points)) - exact))
    return convergence_slope(ns, mc_errors), convergence_slope(ns, sobol_errors)
"""

MISTAKES["ex10_convergence_slopes"] = {
    "fits log(errors) against ns, not log(ns)": """
def convergence_slope(ns, errors):
    return float(np.polyfit(np.asarray(ns, dtype=float), np.log(errors), 1)[0])
"""
    + _SOBOL_SLOPES,
    "slope through the first and last points only": """
def convergence_slope(ns, errors):
    return float(np.log(errors[-1] / errors[0]) / np.log(ns[-1] / ns[0]))
"""
    + _SOBOL_SLOPES,
    "signed errors": """
def convergence_slope(ns, errors):
    return float(np.polyfit(np.log(ns), np.log(errors), 1)[0])


def mc_sobol_slopes(f, exact, d, ms, rng):
    ns, mc_errors, sobol_errors = [], [], []
    for m in ms:
        ns.append(2**m)
        mc_errors.append(np.mean(f(rng.random((2**m, d)))) - exact)
        points = qmc.Sobol(d, scramble=True, seed=rng).random_base2(m)
        sobol_errors.append(np.mean(f(points)) - exact)
    return convergence_slope(ns, mc_errors), convergence_slope(ns, sobol_errors)
""",
    "slopes in the wrong order": """
def convergence_slope(ns, errors):
    return float(np.polyfit(np.log(ns), np.log(errors), 1)[0])


def mc_sobol_slopes(f, exact, d, ms, rng):
    ns, mc_errors, sobol_errors = [], [], []
    for m in ms:
        ns.append(2**m)
        mc_errors.append(abs(np.mean(f(rng.random((2**m, d)))) - exact))
        points = qmc.Sobol(d, scramble=True, seed=rng).random_base2(m)
        sobol_errors.append(abs(np.mean(f(points)) - exact))
    return convergence_slope(ns, sobol_errors), convergence_slope(ns, mc_errors)
""",
}

DELEGATIONS["ex10_convergence_slopes"] = {
    "course.quadrature.fitted_slope": """
def convergence_slope(ns, errors):
    return quadrature.fitted_slope(ns, errors)
"""
    + _SOBOL_SLOPES,
}

# ----------------------------------------------------------------------------------------- ex11
ALTERNATIVES["ex11_gradient_estimators"] = '''
def reparam_gradient(df, mu, sigma, n, rng):
    """Pathwise: the derivative of f at the reparameterized samples."""
    eps = rng.standard_normal(n)
    return float(np.mean(df(mu + sigma * eps)))


def score_gradient(f, mu, sigma, n, rng):
    """Score function with the batch mean of f as a baseline (leave-one-out keeps it unbiased)."""
    eps = rng.standard_normal(n)
    values = f(mu + sigma * eps)
    baseline = (values.sum() - values) / (n - 1)
    return float(np.mean((values - baseline) * eps / sigma))
'''

MISTAKES["ex11_gradient_estimators"] = {
    "divides the score by sigma, not sigma**2": """
def reparam_gradient(df, mu, sigma, n, rng):
    z = mu + sigma * rng.standard_normal(n)
    return float(np.mean(df(z)))


def score_gradient(f, mu, sigma, n, rng):
    z = mu + sigma * rng.standard_normal(n)
    return float(np.mean(f(z) * (z - mu) / sigma))
""",
    "score with z instead of z - mu": """
def reparam_gradient(df, mu, sigma, n, rng):
    z = mu + sigma * rng.standard_normal(n)
    return float(np.mean(df(z)))


def score_gradient(f, mu, sigma, n, rng):
    z = mu + sigma * rng.standard_normal(n)
    return float(np.mean(f(z) * z / sigma**2))
""",
    "pathwise derivative at eps instead of z": """
def reparam_gradient(df, mu, sigma, n, rng):
    eps = rng.standard_normal(n)
    return float(np.mean(df(eps)))


def score_gradient(f, mu, sigma, n, rng):
    z = mu + sigma * rng.standard_normal(n)
    return float(np.mean(f(z) * (z - mu) / sigma**2))
""",
}

# ----------------------------------------------------------------------------------------- ex12
ALTERNATIVES["ex12_elbo_1d"] = '''
def elbo_1d(log_joint, mu, sigma, n=20):
    """Probabilists' Hermite nodes, and the entropy as log(sigma) + (1 + log(2 pi)) / 2."""
    t, w = np.polynomial.hermite_e.hermegauss(n)
    expected = w @ log_joint(mu + sigma * t) / math.sqrt(2 * math.pi)
    return float(expected + math.log(sigma) + 0.5 * (1 + math.log(2 * math.pi)))
'''

_ELBO = """
def elbo_1d(log_joint, mu, sigma, n=20):
    t, w = np.polynomial.hermite.hermgauss(n)
    expected = np.sum(w * log_joint(mu + SCALE * sigma * t)) / NORMALISE
    return float(expected SIGN 0.5 * np.log(2 * np.pi * np.e * VARIANCE))
"""


def _elbo(scale="np.sqrt(2)", normalise="np.sqrt(np.pi)", sign="+", variance="sigma**2") -> str:
    return (
        _ELBO.replace("SCALE", scale)
        .replace("NORMALISE", normalise)
        .replace("SIGN", sign)
        .replace("VARIANCE", variance)
    )


MISTAKES["ex12_elbo_1d"] = {
    "subtracts the entropy": _elbo(sign="-"),
    "entropy of sigma instead of sigma**2": _elbo(variance="sigma"),
    "forgets the sqrt(2) of the change of variables": _elbo(scale="1.0"),
    "forgets to divide by sqrt(pi)": _elbo(normalise="1.0"),
}

MAIN_MISTAKES: dict[str, str] = {
    "ex01_newton_cotes": "weighs the end nodes like the inner ones",
    "ex02_romberg": "divides by 4 - 1 in every column",
    "ex03_gauss_legendre": "forgets mu_0 = 2 in the weights",
    "ex04_gauss_quad": "does not scale the weights",
    "ex05_gauss_hermite_expectation": "forgets the sqrt(2) of the change of variables",
    "ex06_adaptive_simpson": "keeps the whole tol for both halves",
    "ex07_mc_estimate": "returns the standard deviation of one sample",
    "ex08_antithetic_estimate": "treats the 2n values as independent",
    "ex09_halton": "bases 2, 3, 4, ... instead of primes",
    "ex10_convergence_slopes": "fits log(errors) against ns, not log(ns)",
    "ex11_gradient_estimators": "divides the score by sigma, not sigma**2",
    "ex12_elbo_1d": "subtracts the entropy",
}
