"""Answers kept for the tests of series 03-optimization: other correct answers, classic mistakes.

Each value is the whole source of an exercise's solution cell as a student might write it.
`ALTERNATIVES` holds, per exercise id, one correct answer that takes a different route from the
source solution; `MISTAKES` holds, per exercise id, wrong answers that students really write,
named by the mistake, the main one (`MAIN_MISTAKES`, caught by a visible assert that says why)
first. `DELEGATIONS` holds answers that hand the job to a shipped `course` helper or to the
library routine the exercise replaces: each scores zero (tests/test_teaching.py).
"""

ALTERNATIVES: dict[str, str] = {}
MISTAKES: dict[str, dict[str, str]] = {}
MAIN_MISTAKES: dict[str, str] = {}
DELEGATIONS: dict[str, dict[str, str]] = {}

# ----------------------------------------------------------------------------------------- ex01
ALTERNATIVES["ex01_grad_check"] = '''
def grad_check(f, grad, x, h=1e-5) -> float:
    """Largest relative difference between grad(x) and central differences of f at x."""
    x = np.array(x, dtype=float)
    flat = x.ravel()
    g = np.asarray(grad(x.copy()), dtype=float).ravel()
    worst = 0.0
    for i in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[i] += h
        down[i] -= h
        n = (f(up.reshape(x.shape)) - f(down.reshape(x.shape))) / (2 * h)
        if g[i] == 0 and n == 0:
            continue
        worst = max(worst, abs(g[i] - n) / (abs(g[i]) + abs(n)))
    return float(worst)
'''

_GRAD_CHECK = """
def grad_check(f, grad, x, h=1e-5) -> float:
    x = np.array(x, dtype=float)
    g = np.asarray(grad(x.copy()), dtype=float).reshape(x.shape)
    n = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        n[i] = {difference}
    return float({reduce}({error}))
"""
_CENTRAL = "(f(x + e) - f(x - e)) / (2 * h)"
_RELATIVE = "np.abs(g - n) / np.maximum(np.abs(g) + np.abs(n), 1e-8)"

MISTAKES["ex01_grad_check"] = {
    "forward difference": _GRAD_CHECK.format(
        difference="(f(x + e) - f(x)) / h", reduce="np.max", error=_RELATIVE
    ),
    "absolute instead of relative error": _GRAD_CHECK.format(
        difference=_CENTRAL, reduce="np.max", error="np.abs(g - n)"
    ),
    "mean over the entries instead of the largest": _GRAD_CHECK.format(
        difference=_CENTRAL, reduce="np.mean", error=_RELATIVE
    ),
}
MAIN_MISTAKES["ex01_grad_check"] = "forward difference"

# ----------------------------------------------------------------------------------------- ex02
ALTERNATIVES["ex02_fd_errors"] = '''
_ORDERS = {"forward": 1, "central": 2}


def fd_errors(f, df, x, hs, kind="central"):
    """|D_h f(x) - df(x)| for each h in hs, D_h the forward or central difference."""
    if kind not in _ORDERS:
        raise ValueError(f"unknown kind {kind!r}")
    hs = np.asarray(hs, dtype=float)
    if kind == "forward":
        estimates = (np.array([f(x + h) for h in hs]) - f(x)) / hs
    else:
        estimates = (np.array([f(x + h) for h in hs]) - np.array([f(x - h) for h in hs])) / (2 * hs)
    return np.abs(estimates - df(x))


def optimal_step(kind, eps) -> float:
    """The step balancing truncation and rounding: sqrt(eps) forward, eps**(1/3) central."""
    if kind not in _ORDERS:
        raise ValueError(f"unknown kind {kind!r}")
    return float(math.exp(math.log(eps) / (_ORDERS[kind] + 1)))
'''

_FD = """
def fd_errors(f, df, x, hs, kind="central"):
    if kind == "forward":
        return np.array([abs((f(x + h) - f(x)) / h - df(x)) for h in hs])
    if kind == "central":
        return np.array([abs({central} - df(x)) for h in hs])
    raise ValueError(f"unknown kind {{kind!r}}")


def optimal_step(kind, eps) -> float:
    if kind == "forward":
        return float(math.sqrt(eps))
    if kind == "central":
        return float({central_step})
    {other}
"""
MISTAKES["ex02_fd_errors"] = {
    "sqrt(eps) for the central difference too": _FD.format(
        central="(f(x + h) - f(x - h)) / (2 * h)",
        central_step="math.sqrt(eps)",
        other='raise ValueError(f"unknown kind {kind!r}")',
    ),
    "central difference divided by h": _FD.format(
        central="(f(x + h) - f(x - h)) / h",
        central_step="eps ** (1 / 3)",
        other='raise ValueError(f"unknown kind {kind!r}")',
    ),
    "any other kind treated as forward": _FD.format(
        central="(f(x + h) - f(x - h)) / (2 * h)",
        central_step="eps ** (1 / 3)",
        other="return float(math.sqrt(eps))",
    ),
}
MAIN_MISTAKES["ex02_fd_errors"] = "sqrt(eps) for the central difference too"
DELEGATIONS["ex02_fd_errors"] = {
    "course.optimization.difference_errors": """
def fd_errors(f, df, x, hs, kind="central"):
    return optimization.difference_errors(f, df, x, hs, kind)


def optimal_step(kind, eps) -> float:
    if kind == "forward":
        return float(math.sqrt(eps))
    if kind == "central":
        return float(eps ** (1 / 3))
    raise ValueError(f"unknown kind {kind!r}")
"""
}

# ----------------------------------------------------------------------------------------- ex03
ALTERNATIVES["ex03_backtracking_line_search"] = '''
def backtracking_line_search(f, g, x, p, alpha0=1.0, c1=1e-4, rho=0.5):
    """The first alpha0 * rho**k meeting the Armijo condition along the descent direction p."""
    x, p = np.asarray(x, dtype=float), np.asarray(p, dtype=float)
    slope = float(np.vdot(g(x), p))
    if slope >= 0:
        raise ValueError(f"p must be a descent direction (g.p = {slope})")
    fx, k = f(x), 0
    while True:
        alpha = alpha0 * rho**k
        value = f(x + alpha * p)
        if math.isfinite(value) and value - fx <= c1 * alpha * slope:
            return alpha
        k += 1
'''
_BACKTRACK = """
def backtracking_line_search(f, g, x, p, alpha0=1.0, c1=1e-4, rho=0.5):
    x, p = np.asarray(x, dtype=float), np.asarray(p, dtype=float)
    fx, slope = f(x), float(np.asarray(g(x)) @ p)
    {check}
    alpha = alpha0
    for _ in range(200):
        if {accept}:
            return alpha
        alpha *= rho
    return alpha
"""
_RAISE = 'if slope >= 0:\n        raise ValueError("p is not a descent direction")'
MISTAKES["ex03_backtracking_line_search"] = {
    "accepts any decrease": _BACKTRACK.format(check=_RAISE, accept="f(x + alpha * p) < fx"),
    "NaN passes the test": _BACKTRACK.format(
        check=_RAISE, accept="not f(x + alpha * p) > fx + c1 * alpha * slope"
    ),
    "no ValueError for an ascent direction": _BACKTRACK.format(
        check="pass",
        accept="np.isfinite(f(x + alpha * p)) and f(x + alpha * p) <= fx + c1 * alpha * slope",
    ),
}
MAIN_MISTAKES["ex03_backtracking_line_search"] = "accepts any decrease"

# ----------------------------------------------------------------------------------------- ex04
ALTERNATIVES["ex04_strong_wolfe_line_search"] = '''
def strong_wolfe_line_search(f, g, x, p, c1=1e-4, c2=0.9):
    """A step alpha > 0 meeting the strong Wolfe conditions, by bracketing then bisection."""
    x, p = np.asarray(x, dtype=float), np.asarray(p, dtype=float)
    f0, d0 = f(x), float(np.asarray(g(x)) @ p)
    if d0 >= 0:
        raise ValueError(f"p must be a descent direction, g.p = {d0}")
    armijo = lambda a: np.isfinite(f(x + a * p)) and f(x + a * p) <= f0 + c1 * a * d0
    slope = lambda a: float(np.asarray(g(x + a * p)) @ p)
    lo, hi = 0.0, None
    alpha = 1.0
    for _ in range(200):
        if not armijo(alpha):
            hi = alpha
        elif abs(slope(alpha)) <= c2 * abs(d0):
            return float(alpha)
        elif slope(alpha) > 0:
            hi = alpha
        else:
            lo = alpha
        if hi is None:
            alpha = 2 * alpha
            if alpha > 1e12:
                return None
        else:
            alpha = (lo + hi) / 2
    return None
'''
_WOLFE = """
def strong_wolfe_line_search(f, g, x, p, c1=1e-4, c2=0.9):
    x, p = np.asarray(x, dtype=float), np.asarray(p, dtype=float)
    f0, d0 = f(x), float(np.asarray(g(x)) @ p)
    {check}
    alpha = 1.0
    for _ in range(100):
        value = f(x + alpha * p)
        if not (np.isfinite(value) and value <= f0 + c1 * alpha * d0):
            alpha /= 2
        elif {curvature}:
            return alpha
        else:
            alpha *= 2
    return None
"""
MISTAKES["ex04_strong_wolfe_line_search"] = {
    "Armijo only": _WOLFE.format(check=_RAISE.replace("slope", "d0"), curvature="True"),
    "weak curvature condition": _WOLFE.format(
        check=_RAISE.replace("slope", "d0"),
        curvature="float(np.asarray(g(x + alpha * p)) @ p) >= c2 * d0",
    ),
    "no ValueError for an ascent direction": _WOLFE.format(
        check="pass",
        curvature="abs(float(np.asarray(g(x + alpha * p)) @ p)) <= c2 * abs(d0)",
    ),
}
MAIN_MISTAKES["ex04_strong_wolfe_line_search"] = "Armijo only"
DELEGATIONS["ex04_strong_wolfe_line_search"] = {
    "scipy.optimize.line_search": """
def strong_wolfe_line_search(f, g, x, p, c1=1e-4, c2=0.9):
    x, p = np.asarray(x, dtype=float), np.asarray(p, dtype=float)
    if float(np.asarray(g(x)) @ p) >= 0:
        raise ValueError("p is not a descent direction")
    alpha = optimize.line_search(f, g, x, p, c1=c1, c2=c2)[0]
    return None if alpha is None else float(alpha)
"""
}

# ----------------------------------------------------------------------------------------- ex05
ALTERNATIVES["ex05_bfgs_inverse_update"] = '''
def bfgs_inverse_update(H, s, y):
    """The BFGS update of H, in its expanded form (N&W (6.17) multiplied out)."""
    H, s, y = (np.asarray(a, dtype=float) for a in (H, s, y))
    sy = float(s @ y)
    if sy <= 0:
        raise ValueError(f"curvature condition y.s > 0 fails: y.s = {sy}")
    Hy = H @ y
    return (
        H
        + (sy + y @ Hy) * np.outer(s, s) / sy**2
        - (np.outer(Hy, s) + np.outer(s, Hy)) / sy
    )
'''
_BFGS = """
def bfgs_inverse_update(H, s, y):
    H, s, y = (np.asarray(a, dtype=float) for a in (H, s, y))
    {check}
    {body}
"""
_BFGS_CHECK = 'if y @ s <= 0:\n        raise ValueError("y.s must be positive")'
MISTAKES["ex05_bfgs_inverse_update"] = {
    "the direct (B) update applied to H": _BFGS.format(
        check=_BFGS_CHECK,
        body="Hs = H @ s\n    return H - np.outer(Hs, Hs) / (s @ Hs) + np.outer(y, y) / (y @ s)",
    ),
    "the two factors swapped": _BFGS.format(
        check=_BFGS_CHECK,
        body="rho = 1 / (y @ s)\n    v = np.eye(len(s)) - rho * np.outer(y, s)\n"
        "    return v @ H @ v.T + rho * np.outer(s, s)",
    ),
    "no ValueError when y.s <= 0": _BFGS.format(
        check="pass",
        body="rho = 1 / (y @ s)\n    v = np.eye(len(s)) - rho * np.outer(s, y)\n"
        "    return v @ H @ v.T + rho * np.outer(s, s)",
    ),
}
MAIN_MISTAKES["ex05_bfgs_inverse_update"] = "the direct (B) update applied to H"

# ----------------------------------------------------------------------------------------- ex06
ALTERNATIVES["ex06_lbfgs_direction"] = '''
def lbfgs_direction(g, s_list, y_list):
    """-H g with H built densely: the BFGS update applied to gamma I, pair by pair."""
    if len(s_list) != len(y_list):
        raise ValueError("s_list and y_list must have the same length")
    g = np.asarray(g, dtype=float)
    if len(s_list) == 0:
        return -g
    s_new, y_new = np.asarray(s_list[-1], float), np.asarray(y_list[-1], float)
    H = (s_new @ y_new) / (y_new @ y_new) * np.eye(g.size)
    for s, y in zip(s_list, y_list):
        s, y = np.asarray(s, float), np.asarray(y, float)
        rho = 1 / (y @ s)
        V = np.eye(g.size) - rho * np.outer(s, y)
        H = V @ H @ V.T + rho * np.outer(s, s)
    return -H @ g
'''
_LBFGS = """
def lbfgs_direction(g, s_list, y_list):
    {check}
    q = np.array(g, dtype=float)
    if not s_list:
        return -q
    pairs = [(np.asarray(s, float), np.asarray(y, float)) for s, y in zip(s_list, y_list)]
    first, second = {orders}
    alphas = {{}}
    for i in first:
        s, y = pairs[i]
        alphas[i] = (s @ q) / (y @ s)
        q = q - alphas[i] * y
    s, y = pairs[{gamma_pair}]
    r = {h0} * q
    for i in second:
        s, y = pairs[i]
        b = (y @ r) / (y @ s)
        r = r + s * (alphas[i] - b)
    return -r
"""
_LENGTHS = 'if len(s_list) != len(y_list):\n        raise ValueError("lists of different length")'
_RIGHT_ORDER = "range(len(pairs) - 1, -1, -1), range(len(pairs))"
MISTAKES["ex06_lbfgs_direction"] = {
    "loops in the wrong order": _LBFGS.format(
        check=_LENGTHS,
        orders="range(len(pairs)), range(len(pairs) - 1, -1, -1)",
        gamma_pair=-1,
        h0="(s @ y) / (y @ y)",
    ),
    "H0 = I instead of gamma I": _LBFGS.format(
        check=_LENGTHS, orders=_RIGHT_ORDER, gamma_pair=-1, h0="1.0"
    ),
    "gamma from the oldest pair": _LBFGS.format(
        check=_LENGTHS, orders=_RIGHT_ORDER, gamma_pair=0, h0="(s @ y) / (y @ y)"
    ),
    "no ValueError for lists of different lengths": _LBFGS.format(
        check="pass", orders=_RIGHT_ORDER, gamma_pair=-1, h0="(s @ y) / (y @ y)"
    ),
}
MAIN_MISTAKES["ex06_lbfgs_direction"] = "loops in the wrong order"

# ----------------------------------------------------------------------------------------- ex07
ALTERNATIVES["ex07_cauchy_point"] = '''
def cauchy_point(g, B, delta):
    """Minimise the model along -g: the unconstrained minimiser, cut back to the radius."""
    if delta <= 0:
        raise ValueError(f"the radius delta must be > 0, got {delta}")
    g, B = np.asarray(g, dtype=float), np.asarray(B, dtype=float)
    gg = float(g @ g)
    if gg == 0:
        return np.zeros_like(g)
    boundary = -delta / math.sqrt(gg) * g
    curvature = float(g @ B @ g)
    if curvature <= 0:
        return boundary
    inside = -gg / curvature * g
    return inside if np.linalg.norm(inside) <= delta else boundary
'''
_CAUCHY = """
def cauchy_point(g, B, delta):
    {check}
    g, B = np.asarray(g, dtype=float), np.asarray(B, dtype=float)
    norm = np.linalg.norm(g)
    {zero}
    curvature = g @ B @ g
    tau = {tau}
    return -tau * delta / norm * g
"""
_DELTA = 'if delta <= 0:\n        raise ValueError("delta must be positive")'
_ZERO = "if norm == 0:\n        return np.zeros_like(g)"
MISTAKES["ex07_cauchy_point"] = {
    "always steps to the boundary": _CAUCHY.format(check=_DELTA, zero=_ZERO, tau="1.0"),
    "|g|^2 instead of |g|^3": _CAUCHY.format(
        check=_DELTA,
        zero=_ZERO,
        tau="1.0 if curvature <= 0 else min(norm**2 / (delta * curvature), 1.0)",
    ),
    "negative curvature not handled": _CAUCHY.format(
        check=_DELTA, zero=_ZERO, tau="min(norm**3 / (delta * curvature), 1.0)"
    ),
    "zero gradient gives NaN": _CAUCHY.format(
        check=_DELTA,
        zero="pass",
        tau="1.0 if curvature <= 0 else min(norm**3 / (delta * curvature), 1.0)",
    ),
}
MAIN_MISTAKES["ex07_cauchy_point"] = "always steps to the boundary"

# ----------------------------------------------------------------------------------------- ex08
ALTERNATIVES["ex08_dogleg_step"] = '''
def dogleg_step(g, B, delta):
    """The dogleg step, the boundary crossing found by bisection on the second leg."""
    if delta <= 0:
        raise ValueError(f"delta must be > 0, got {delta}")
    g, B = np.asarray(g, dtype=float), np.asarray(B, dtype=float)
    full = np.linalg.solve(B, -g)
    if np.linalg.norm(full) <= delta:
        return full
    kink = -(g @ g) / (g @ B @ g) * g
    if np.linalg.norm(kink) >= delta:
        return -delta * g / np.linalg.norm(g)
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = (lo + hi) / 2
        if np.linalg.norm(kink + mid * (full - kink)) < delta:
            lo = mid
        else:
            hi = mid
    return kink + (lo + hi) / 2 * (full - kink)
'''
_DOGLEG = """
def dogleg_step(g, B, delta):
    {check}
    g, B = np.asarray(g, dtype=float), np.asarray(B, dtype=float)
    full = -np.linalg.solve(B, g)
    if np.linalg.norm(full) <= delta:
        return full
    {body}
"""
_DOG_PATH = """steepest = -(g @ g) / (g @ B @ g) * g
    if np.linalg.norm(steepest) >= delta:
        return {outside}
    d = full - steepest
    a, b, c = d @ d, 2 * steepest @ d, steepest @ steepest - delta**2
    t = (-b {sign} math.sqrt(b * b - 4 * a * c)) / (2 * a)
    return steepest + t * d"""
MISTAKES["ex08_dogleg_step"] = {
    "Newton step shrunk to the boundary": _DOGLEG.format(
        check=_DELTA, body="return delta * full / np.linalg.norm(full)"
    ),
    "the other root of the quadratic": _DOGLEG.format(
        check=_DELTA, body=_DOG_PATH.format(outside="-delta * g / np.linalg.norm(g)", sign="-")
    ),
    "the unscaled steepest-descent step when it leaves the region": _DOGLEG.format(
        check=_DELTA, body=_DOG_PATH.format(outside="steepest", sign="+")
    ),
    "no ValueError for delta <= 0": _DOGLEG.format(
        check="pass", body=_DOG_PATH.format(outside="-delta * g / np.linalg.norm(g)", sign="+")
    ),
}
MAIN_MISTAKES["ex08_dogleg_step"] = "Newton step shrunk to the boundary"

# ----------------------------------------------------------------------------------------- ex09
ALTERNATIVES["ex09_hvp"] = '''
def hvp_fd(grad, x, v, eps=1e-6):
    """Hessian-vector product by a central difference of gradients along v."""
    x, v = np.asarray(x, dtype=float), np.asarray(v, dtype=float)
    plus, minus = np.asarray(grad(x + eps * v)), np.asarray(grad(x - eps * v))
    return (plus - minus) / (2 * eps)


def hvp_autograd(f, x, v):
    """Hessian-vector product as the gradient of the directional derivative grad f . v."""
    shape = np.shape(x)
    xt = torch.from_numpy(np.array(x, dtype=np.float64)).requires_grad_(True)
    vt = torch.from_numpy(np.array(v, dtype=np.float64))
    gradient = torch.autograd.grad(f(xt), xt, create_graph=True)[0]
    directional = torch.sum(gradient * vt)
    directional.backward()
    return xt.grad.detach().numpy().reshape(shape).copy()
'''
_HVP = """
def hvp_fd(grad, x, v, eps=1e-6):
    x, v = np.asarray(x, dtype=float), np.asarray(v, dtype=float)
    {fd}


def hvp_autograd(f, x, v):
    xt = torch.tensor(np.asarray(x, dtype=float), dtype={dtype}, requires_grad=True)
    vt = torch.tensor(np.asarray(v, dtype=float), dtype={dtype})
    (gradient,) = torch.autograd.grad(f(xt), xt, create_graph=True)
    (product,) = torch.autograd.grad((gradient * vt).sum(), xt)
    return product.detach().double().numpy().reshape(np.shape(x))
"""
_FD_RIGHT = "return (np.asarray(grad(x + eps * v)) - np.asarray(grad(x - eps * v))) / (2 * eps)"
MISTAKES["ex09_hvp"] = {
    "float32 tensors": _HVP.format(fd=_FD_RIGHT, dtype="torch.float32"),
    "forward difference of gradients": _HVP.format(
        fd="return (np.asarray(grad(x + eps * v)) - np.asarray(grad(x))) / eps",
        dtype="torch.float64",
    ),
    "normalises v": _HVP.format(
        fd="u = v / np.linalg.norm(v)\n    "
        "return (np.asarray(grad(x + eps * u)) - np.asarray(grad(x - eps * u))) / (2 * eps)",
        dtype="torch.float64",
    ),
}
MAIN_MISTAKES["ex09_hvp"] = "float32 tensors"
DELEGATIONS["ex09_hvp"] = {
    "torch.autograd.functional.hvp": """
def hvp_fd(grad, x, v, eps=1e-6):
    x, v = np.asarray(x, dtype=float), np.asarray(v, dtype=float)
    return (np.asarray(grad(x + eps * v)) - np.asarray(grad(x - eps * v))) / (2 * eps)


def hvp_autograd(f, x, v):
    xt = torch.tensor(np.asarray(x, dtype=float), dtype=torch.float64)
    vt = torch.tensor(np.asarray(v, dtype=float), dtype=torch.float64)
    return torch.autograd.functional.hvp(f, xt, vt)[1].numpy().reshape(np.shape(x))
"""
}

# ----------------------------------------------------------------------------------------- ex10
ALTERNATIVES["ex10_adam_update"] = '''
def adam_update(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """One Adam step written as torch does it: step size lr / bc1, denominator sqrt(v)/sqrt(bc2)."""
    beta1, beta2 = betas
    g = np.asarray(grad, dtype=float)
    m_new = np.asarray(m, dtype=float) + (1 - beta1) * (g - np.asarray(m, dtype=float))
    v_new = np.asarray(v, dtype=float) * beta2 + (1 - beta2) * g * g
    bias1, bias2 = 1 - beta1**t, 1 - beta2**t
    denominator = np.sqrt(v_new) / math.sqrt(bias2) + eps
    return np.asarray(param, dtype=float) - (lr / bias1) * m_new / denominator, m_new, v_new
'''
_ADAM = """
def adam_update(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    beta1, beta2 = betas
    grad = np.asarray(grad, dtype=float)
    m = beta1 * np.asarray(m, dtype=float) + (1 - beta1) * grad
    v = beta2 * np.asarray(v, dtype=float) + (1 - beta2) * grad**2
    m_hat, v_hat = {hats}
    new = np.asarray(param, dtype=float) - lr * m_hat / {denominator}
    return new, {moments}
"""
_HATS = "m / (1 - beta1**t), v / (1 - beta2**t)"
MISTAKES["ex10_adam_update"] = {
    "no bias correction": _ADAM.format(
        hats="m, v", denominator="(np.sqrt(v_hat) + eps)", moments="m, v"
    ),
    "eps inside the square root": _ADAM.format(
        hats=_HATS, denominator="np.sqrt(v_hat + eps)", moments="m, v"
    ),
    "returns the bias-corrected moments": _ADAM.format(
        hats=_HATS, denominator="(np.sqrt(v_hat) + eps)", moments="m_hat, v_hat"
    ),
}
MAIN_MISTAKES["ex10_adam_update"] = "no bias correction"
DELEGATIONS["ex10_adam_update"] = {
    "torch.optim.Adam": """
def adam_update(param, grad, m, v, t, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    weights = torch.tensor(np.asarray(param, dtype=float), requires_grad=True)
    adam = torch.optim.Adam([weights], lr=lr, betas=betas, eps=eps)
    if t > 1:
        adam.state[weights] = {
            "step": torch.tensor(float(t - 1)),
            "exp_avg": torch.tensor(np.asarray(m, dtype=float)),
            "exp_avg_sq": torch.tensor(np.asarray(v, dtype=float)),
        }
    weights.grad = torch.tensor(np.asarray(grad, dtype=float))
    adam.step()
    state = adam.state[weights]
    return (
        weights.detach().numpy().copy(),
        state["exp_avg"].numpy().copy(),
        state["exp_avg_sq"].numpy().copy(),
    )
"""
}

# ----------------------------------------------------------------------------------------- ex11
ALTERNATIVES["ex11_clip_grad_norm"] = '''
def clip_grad_norm(grads, max_norm):
    """Global-norm clipping: the norm of all gradients laid end to end."""
    if isinstance(grads, np.ndarray):
        (clipped,), total = clip_grad_norm([grads], max_norm)
        return clipped, total
    flat = np.concatenate([np.ravel(np.asarray(g, dtype=float)) for g in grads])
    total = float(np.linalg.norm(flat))
    coefficient = max_norm / (total + 1e-6)
    if coefficient >= 1:
        return [np.array(g, dtype=float) for g in grads], total
    return [np.asarray(g, dtype=float) * coefficient for g in grads], total


def adaptive_grad_clip(param, grad, clipping=0.01, eps=1e-3):
    """Unit-wise AGC, one unit at a time."""
    param, grad = np.asarray(param, dtype=float), np.asarray(grad, dtype=float)
    out = np.array(grad, dtype=float)
    units = [Ellipsis] if grad.ndim <= 1 else range(grad.shape[0])
    for i in units:
        g_norm = float(np.sqrt(np.sum(out[i] ** 2)))
        w_norm = float(np.sqrt(np.sum(param[i] ** 2)))
        if g_norm > 0:
            factor = clipping * max(w_norm, eps) / g_norm
            if factor < 1:
                out[i] = out[i] * factor
    return out
'''
_CLIP = """
def clip_grad_norm(grads, max_norm):
    single = isinstance(grads, np.ndarray)
    arrays = [np.asarray(g, dtype=float) for g in ([grads] if single else grads)]
    total = math.sqrt(sum(float(np.sum(g * g)) for g in arrays))
    {body}
    return (clipped[0] if single else clipped), total


def adaptive_grad_clip(param, grad, clipping=0.01, eps=1e-3):
    param, grad = np.asarray(param, dtype=float), np.asarray(grad, dtype=float)
    rows = 1 if grad.ndim <= 1 else grad.shape[0]
    w_norm = {w_norm}
    g_norm = {g_norm}
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = clipping * np.maximum(w_norm, eps) / g_norm
    factor = np.where(ratio < 1, ratio, 1.0)
    return (grad.reshape(rows, -1) * factor[:, None]).reshape(grad.shape)
"""
_ROW_W = "np.linalg.norm(param.reshape(rows, -1), axis=1)"
_ROW_G = "np.linalg.norm(grad.reshape(rows, -1), axis=1)"
MISTAKES["ex11_clip_grad_norm"] = {
    "each gradient clipped by its own norm": _CLIP.format(
        body="clipped = [g * min(1.0, max_norm / (np.linalg.norm(g) + 1e-6)) for g in arrays]",
        w_norm=_ROW_W,
        g_norm=_ROW_G,
    ),
    "scales up small gradients too": _CLIP.format(
        body="clipped = [g * max_norm / (total + 1e-6) for g in arrays]",
        w_norm=_ROW_W,
        g_norm=_ROW_G,
    ),
    "AGC on the whole tensor instead of per unit": _CLIP.format(
        body="clipped = [g * min(1.0, max_norm / (total + 1e-6)) for g in arrays]",
        w_norm="np.full(rows, np.linalg.norm(param))",
        g_norm="np.full(rows, np.linalg.norm(grad))",
    ),
}
MAIN_MISTAKES["ex11_clip_grad_norm"] = "each gradient clipped by its own norm"
DELEGATIONS["ex11_clip_grad_norm"] = {
    "torch.nn.utils.clip_grad_norm_": """
def clip_grad_norm(grads, max_norm):
    single = isinstance(grads, np.ndarray)
    arrays = [np.asarray(g, dtype=float) for g in ([grads] if single else grads)]
    tensors = [torch.zeros(a.shape, dtype=torch.float64, requires_grad=True) for a in arrays]
    for tensor, a in zip(tensors, arrays):
        tensor.grad = torch.tensor(a)
    total = float(torch.nn.utils.clip_grad_norm_(tensors, max_norm))
    clipped = [t.grad.numpy().copy() for t in tensors]
    return (clipped[0] if single else clipped), total


def adaptive_grad_clip(param, grad, clipping=0.01, eps=1e-3):
    param, grad = np.asarray(param, dtype=float), np.asarray(grad, dtype=float)
    rows = 1 if grad.ndim <= 1 else grad.shape[0]
    w_norm = np.linalg.norm(param.reshape(rows, -1), axis=1)
    g_norm = np.linalg.norm(grad.reshape(rows, -1), axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = clipping * np.maximum(w_norm, eps) / g_norm
    factor = np.where(ratio < 1, ratio, 1.0)
    return (grad.reshape(rows, -1) * factor[:, None]).reshape(grad.shape)
"""
}

# ----------------------------------------------------------------------------------------- ex12
ALTERNATIVES["ex12_lr_at"] = '''
def _cosine_between(start, end, fraction):
    return end + (start - end) * (1 + math.cos(math.pi * fraction)) / 2


def lr_at(step, total_steps, base_lr, warmup_steps=0, kind="cosine", min_lr=0.0) -> float:
    """Learning rate at `step`: a table of decays after a linear warmup, or one-cycle."""
    decays = {
        "constant": lambda p: base_lr,
        "linear": lambda p: base_lr + (min_lr - base_lr) * p,
        "cosine": lambda p: _cosine_between(base_lr, min_lr, p),
    }
    if step < 0:
        raise ValueError(f"negative step: {step}")
    if kind == "one_cycle":
        start, end = base_lr / 25, base_lr / 25 / 1e4
        turn = 0.3 * total_steps - 1
        if step <= turn:
            return float(_cosine_between(start, base_lr, step / turn))
        return float(_cosine_between(base_lr, end, (step - turn) / (total_steps - 1 - turn)))
    if kind not in decays:
        raise ValueError(f"kind must be one of {sorted(decays)} or 'one_cycle', got {kind!r}")
    if step < warmup_steps:
        return float(base_lr * step / warmup_steps)
    progress = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))
    return float(decays[kind](progress))
'''
_LR = """
def lr_at(step, total_steps, base_lr, warmup_steps=0, kind="cosine", min_lr=0.0) -> float:
    if step < 0:
        raise ValueError(f"step must be >= 0, got {{step}}")
    if kind == "one_cycle":
        initial = base_lr / 25.0
        final = initial / 1e4
        peak = float(0.3 * total_steps) - 1
        anneal = lambda a, b, q: b + (a - b) / 2.0 * (math.cos(math.pi * q) + 1)
        if step <= peak:
            return float({first_phase})
        return float(anneal(base_lr, final, (step - peak) / (total_steps - 1 - peak)))
    if kind not in ("constant", "linear", "cosine"):
        raise ValueError(f"unknown kind {{kind!r}}")
    if step < warmup_steps:
        return float({warmup})
    p = {progress}
    if kind == "constant":
        return float(base_lr)
    if kind == "linear":
        return float(min_lr + (base_lr - min_lr) * (1 - p))
    return float(min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * p)) / 2)
"""
_FIRST = "anneal(initial, base_lr, step / peak)"
_PROGRESS = "min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))"
MISTAKES["ex12_lr_at"] = {
    "decay progress counted from step 0": _LR.format(
        first_phase=_FIRST,
        warmup="base_lr * step / warmup_steps",
        progress="min(1.0, step / total_steps)",
    ),
    "warmup one step ahead": _LR.format(
        first_phase=_FIRST, warmup="base_lr * (step + 1) / warmup_steps", progress=_PROGRESS
    ),
    "progress not clamped after total_steps": _LR.format(
        first_phase=_FIRST,
        warmup="base_lr * step / warmup_steps",
        progress="(step - warmup_steps) / (total_steps - warmup_steps)",
    ),
    "one-cycle warm phase linear": _LR.format(
        first_phase="initial + (base_lr - initial) * step / peak",
        warmup="base_lr * step / warmup_steps",
        progress=_PROGRESS,
    ),
}
MAIN_MISTAKES["ex12_lr_at"] = "decay progress counted from step 0"
DELEGATIONS["ex12_lr_at"] = {
    "torch.optim.lr_scheduler.OneCycleLR": """
def lr_at(step, total_steps, base_lr, warmup_steps=0, kind="cosine", min_lr=0.0) -> float:
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step}")
    if kind == "one_cycle":
        sgd = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=base_lr)
        schedule = torch.optim.lr_scheduler.OneCycleLR(sgd, max_lr=base_lr, total_steps=total_steps)
        for _ in range(step):
            sgd.step()
            schedule.step()
        return float(sgd.param_groups[0]["lr"])
    if kind not in ("constant", "linear", "cosine"):
        raise ValueError(f"unknown kind {kind!r}")
    if step < warmup_steps:
        return float(base_lr * step / warmup_steps)
    p = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))
    if kind == "constant":
        return float(base_lr)
    if kind == "linear":
        return float(min_lr + (base_lr - min_lr) * (1 - p))
    return float(min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * p)) / 2)
""",
    "course.optimization.learning_rate_schedule": """
def lr_at(step, total_steps, base_lr, warmup_steps=0, kind="cosine", min_lr=0.0) -> float:
    if step < 0:
        raise ValueError(f"step must be >= 0, got {step}")
    if kind == "one_cycle":
        return float(optimization.learning_rate_schedule("one-cycle", total_steps, base_lr)[step])
    if kind not in ("constant", "linear", "cosine"):
        raise ValueError(f"unknown kind {kind!r}")
    if kind == "constant" and step >= warmup_steps:
        return float(optimization.learning_rate_schedule("constant", 1, base_lr)[0])
    if step < warmup_steps:
        return float(base_lr * step / warmup_steps)
    p = min(1.0, (step - warmup_steps) / (total_steps - warmup_steps))
    if kind == "linear":
        return float(min_lr + (base_lr - min_lr) * (1 - p))
    return float(min_lr + (base_lr - min_lr) * (1 + math.cos(math.pi * p)) / 2)
""",
}
