"""What series 03-optimization computes for its narrative: test functions, error curves, paths.

Nothing here is an exercise's answer under the exercise's name; `difference_errors` does the job
of exercise 2 and `learning_rate_schedule` (torch's schedulers) that of exercise 12, and each is
made to raise during that exercise's tests. References: Nocedal & Wright,
Numerical Optimization (2nd ed., 2006); Higham, Accuracy and Stability of Numerical Algorithms.
The optimizer explorer's model (`optimizer_run`) takes the library route: torch's optimizers and
scipy.optimize.minimize, never the exercises' functions.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

EPS64 = float(np.finfo(np.float64).eps)


def rosenbrock(x) -> float:
    """Rosenbrock's banana (N&W (2.22)), minimum 0 at (1, 1)."""
    x = np.asarray(x, dtype=float)
    return float(100.0 * (x[1] - x[0] ** 2) ** 2 + (1.0 - x[0]) ** 2)


def rosenbrock_grad(x) -> np.ndarray:
    """The gradient of `rosenbrock`."""
    x = np.asarray(x, dtype=float)
    return np.array(
        [-400.0 * x[0] * (x[1] - x[0] ** 2) - 2.0 * (1.0 - x[0]), 200.0 * (x[1] - x[0] ** 2)]
    )


def quadratic(condition: float) -> tuple[Callable, Callable, np.ndarray]:
    """f(x) = x.Ax / 2 with A = diag(1, condition): (f, gradient, A)."""
    a = np.diag([1.0, float(condition)])
    return (lambda x: float(0.5 * np.asarray(x) @ a @ np.asarray(x))), (lambda x: a @ x), a


def difference_errors(f: Callable, df: Callable, x: float, hs, kind: str = "central"):
    """|D_h f(x) - f'(x)| for each step in `hs` (forward or central difference)."""
    hs = np.asarray(hs, dtype=float)
    if kind == "forward":
        estimates = np.array([(f(x + h) - f(x)) / h for h in hs])
    elif kind == "central":
        estimates = np.array([(f(x + h) - f(x - h)) / (2 * h) for h in hs])
    else:
        raise ValueError(f"kind must be 'forward' or 'central', got {kind!r}")
    return np.abs(estimates - df(x))


def gradient_descent_path(grad: Callable, x0, lr: float, steps: int) -> np.ndarray:
    """The iterates x_{k+1} = x_k - lr grad(x_k), shape (steps + 1, n)."""
    path = [np.asarray(x0, dtype=float)]
    for _ in range(steps):
        path.append(path[-1] - lr * np.asarray(grad(path[-1])))
    return np.array(path)


def scipy_path(f: Callable, grad: Callable, x0, method: str = "BFGS") -> np.ndarray:
    """The iterates of `scipy.optimize.minimize(method=...)`, the start included."""
    path = [np.asarray(x0, dtype=float)]
    optimize.minimize(f, x0, jac=grad, method=method, callback=lambda xk: path.append(xk.copy()))
    return np.array(path)


# --------------------------------------------------------------- the optimizer explorer's model


def rosenbrock_hessian(x) -> np.ndarray:
    """The Hessian of `rosenbrock`."""
    x = np.asarray(x, dtype=float)
    return np.array(
        [[1200.0 * x[0] ** 2 - 400.0 * x[1] + 2.0, -400.0 * x[0]], [-400.0 * x[0], 200.0]]
    )


def _logistic_data() -> tuple[np.ndarray, np.ndarray]:
    """40 points on a line, labels from a noisy threshold: a 2-parameter (w, b) model."""
    generator = np.random.default_rng(0)
    features = np.linspace(-2.0, 2.0, 40)
    labels = (features + 0.8 * generator.normal(size=40) > 0.3).astype(float)
    return features, labels


_FEATURES, _LABELS = _logistic_data()


def logistic_loss(theta) -> float:
    """Mean cross-entropy of sigmoid(w x + b) on the fixed data set, theta = (w, b)."""
    z = theta[0] * _FEATURES + theta[1]
    return float(np.mean(np.logaddexp(0.0, z) - _LABELS * z))


def logistic_grad(theta) -> np.ndarray:
    residual = 1.0 / (1.0 + np.exp(-(theta[0] * _FEATURES + theta[1]))) - _LABELS
    return np.array([np.mean(residual * _FEATURES), np.mean(residual)])


def logistic_hessian(theta) -> np.ndarray:
    p = 1.0 / (1.0 + np.exp(-(theta[0] * _FEATURES + theta[1])))
    weight = p * (1.0 - p)
    return np.array(
        [
            [np.mean(weight * _FEATURES**2), np.mean(weight * _FEATURES)],
            [np.mean(weight * _FEATURES), np.mean(weight)],
        ]
    )


_QUADRATIC_A = np.diag([1.0, 50.0])


@dataclass(frozen=True)
class Problem:
    """A 2-D test function with its derivatives and the window the explorer draws."""

    f: Callable
    grad: Callable
    hess: Callable
    xlim: tuple[float, float]
    ylim: tuple[float, float]


PROBLEMS = {
    "quadratic (κ = 50)": Problem(
        lambda x: float(0.5 * x @ _QUADRATIC_A @ x),
        lambda x: _QUADRATIC_A @ x,
        lambda x: _QUADRATIC_A,
        (-2.0, 2.0),
        (-2.0, 2.0),
    ),
    "Rosenbrock": Problem(
        rosenbrock, rosenbrock_grad, rosenbrock_hessian, (-2.0, 2.0), (-1.0, 3.0)
    ),
    "logistic regression": Problem(
        logistic_loss, logistic_grad, logistic_hessian, (-2.0, 6.0), (-4.0, 4.0)
    ),
}
METHODS = ("gradient descent", "momentum", "Adam", "BFGS", "L-BFGS", "dogleg")
LEARNING_RATE_METHODS = METHODS[:3]  # the others (scipy) choose their own steps
_SCIPY_METHODS = {"BFGS": "BFGS", "L-BFGS": "L-BFGS-B", "dogleg": "dogleg"}


SCHEDULES = ("constant", "warmup + cosine", "one-cycle")


def learning_rate_schedule(kind: str, steps: int, base_lr: float) -> np.ndarray:
    """The learning rate of each of `steps` steps as torch.optim.lr_scheduler gives it: "constant";
    "warmup + cosine", LinearLR (from base_lr / w up to base_lr over w = steps // 10 steps) then
    CosineAnnealingLR down to 0; "one-cycle", OneCycleLR(max_lr=base_lr) with its defaults (its
    momentum cycle left out: only the rate is scheduled)."""
    if kind not in SCHEDULES:
        raise ValueError(f"kind must be one of {SCHEDULES}, got {kind!r}")
    if steps < 1:
        raise ValueError(f"steps must be >= 1, got {steps!r}")
    return base_lr * _unit_schedule(kind, int(steps))  # all three scale with the base rate


@functools.lru_cache(maxsize=16)
def _unit_schedule(kind: str, steps: int) -> np.ndarray:
    """`learning_rate_schedule` at base_lr = 1, computed once per (kind, steps) (read-only)."""
    import torch

    def rates(count: int, make_scheduler: Callable) -> list[float]:
        sgd = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=1.0)
        scheduler, found = make_scheduler(sgd), []
        for _ in range(count):
            found.append(sgd.param_groups[0]["lr"])
            sgd.step()  # no gradient: nothing moves, but torch sees the step before the schedule's
            scheduler.step()
        return found

    schedulers = torch.optim.lr_scheduler
    if kind == "constant":
        found = [1.0] * steps
    elif kind == "one-cycle":
        found = rates(steps, lambda sgd: schedulers.OneCycleLR(sgd, 1.0, total_steps=steps))
    else:
        warmup = max(1, steps // 10)
        found = rates(warmup, lambda sgd: schedulers.LinearLR(sgd, 1 / warmup, 1.0, warmup))
        decay = max(1, steps - warmup)
        found += rates(steps - warmup, lambda sgd: schedulers.CosineAnnealingLR(sgd, decay))
    result = np.array(found, dtype=float)
    result.flags.writeable = False
    return result


@functools.lru_cache(maxsize=8)
def contour_grid(problem: str, size: int = 120) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(grid_x, grid_y, values) of PROBLEMS[problem] on a size x size grid of its window, computed
    once per problem (the explorer's contours; read-only arrays)."""
    task = PROBLEMS[problem]
    grid_x = np.linspace(*task.xlim, size)
    grid_y = np.linspace(*task.ylim, size)
    with np.errstate(all="ignore"):
        values = np.array([[task.f(np.array([x, y])) for x in grid_x] for y in grid_y])
    for array in (grid_x, grid_y, values):
        array.flags.writeable = False
    return grid_x, grid_y, values


@dataclass(frozen=True)
class OptimizerRun:
    """Iterates, losses, and the first step seen as a line search along -g."""

    path: np.ndarray  # (k + 1, 2), the start first
    losses: np.ndarray  # f at each iterate
    first_alpha: float  # the first step's length along p = -g(x0), in units of |p|
    armijo: bool  # whether that step meets Armijo (c1 = 1e-4)
    wolfe: bool  # whether it meets the strong Wolfe curvature condition (c2 = 0.9)
    message: str


def optimizer_run(
    problem: str, method: str, lr: float, start, steps: int = 200, schedule: str = "constant"
) -> OptimizerRun:
    """Run `method` on `PROBLEMS[problem]` from `start`: torch's SGD rule (momentum 0.9) and
    torch.optim.Adam for the first-order methods, their learning rate following `schedule` (one
    of SCHEDULES, peak lr); scipy.optimize.minimize for BFGS, L-BFGS-B and dogleg."""
    if problem not in PROBLEMS:
        raise ValueError(f"problem must be one of {list(PROBLEMS)}, got {problem!r}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if schedule not in SCHEDULES:
        raise ValueError(f"schedule must be one of {SCHEDULES}, got {schedule!r}")
    task, x0 = PROBLEMS[problem], np.asarray(start, dtype=float)
    message = f"{steps} steps of lr {lr:.3g}"
    if schedule != "constant":
        message += f" ({schedule})"
    if method in _SCIPY_METHODS:
        path = [x0]
        options = {"maxiter": steps}
        try:
            result = optimize.minimize(
                task.f,
                x0,
                jac=task.grad,
                hess=task.hess if method == "dogleg" else None,
                method=_SCIPY_METHODS[method],
                callback=lambda xk: path.append(np.array(xk, dtype=float)),
                options=options,
            )
            message = f"scipy: {result.message}"
        except (ValueError, np.linalg.LinAlgError) as error:
            message = f"scipy stopped: {error}"
        path = np.array(path)
    else:
        rates = learning_rate_schedule(schedule, steps, lr)
        path = _torch_path(task, method, rates, x0)
    with np.errstate(all="ignore"):
        losses = np.array([task.f(x) for x in path])
    return OptimizerRun(path, losses, *_first_step(task, path), message)


def _torch_path(task: Problem, method: str, rates: np.ndarray, x0: np.ndarray) -> np.ndarray:
    """Gradient descent and heavy-ball momentum as torch.optim.SGD does them (buffer
    b = 0.9 b + g, step -lr b), in numpy for speed; Adam by torch.optim.Adam itself. Step k
    uses the learning rate rates[k]."""
    optimizer = weights = None
    if method == "Adam":
        import torch

        weights = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        optimizer = torch.optim.Adam([weights], lr=float(rates[0]))
    momentum = 0.9 if method == "momentum" else 0.0
    path, buffer = [x0], np.zeros_like(x0)
    for lr in rates:
        with np.errstate(all="ignore"):
            gradient = np.asarray(task.grad(path[-1]), dtype=float)
        if not np.all(np.isfinite(gradient)) or np.abs(path[-1]).max() > 1e6:
            break  # diverged: the loss curve shows where
        if optimizer is not None:
            weights.grad = torch.from_numpy(gradient)
            optimizer.param_groups[0]["lr"] = float(lr)
            optimizer.step()
            path.append(weights.detach().numpy().copy())
        else:
            buffer = momentum * buffer + gradient
            path.append(path[-1] - lr * buffer)
    return np.array(path)


def _first_step(task: Problem, path: np.ndarray) -> tuple[float, bool, bool]:
    """The first step's alpha along p = -g(x0) and the Armijo / strong Wolfe verdicts there."""
    x0 = path[0]
    p = -np.asarray(task.grad(x0), dtype=float)
    if len(path) < 2 or not p @ p > 0:
        return 0.0, False, False
    alpha = float((path[1] - x0) @ p / (p @ p))
    with np.errstate(all="ignore"):
        trial = x0 + alpha * p
        armijo = bool(task.f(trial) <= task.f(x0) - 1e-4 * alpha * (p @ p))
        wolfe = bool(abs(np.asarray(task.grad(trial)) @ p) <= 0.9 * (p @ p))
    return alpha, armijo, wolfe


# --------------------------------------------------------- the finite-difference error explorer

# name -> (f, f', f'', f''') for the finite-difference explorer.
FD_FUNCTIONS = {
    "exp(x)": (np.exp, np.exp, np.exp, np.exp),
    "sin(x)": (np.sin, np.cos, lambda x: -np.sin(x), lambda x: -np.cos(x)),
    "x³": (lambda x: x**3, lambda x: 3 * x**2, lambda x: 6 * x, lambda x: 6.0 + 0 * x),
    "1/(1 + 25x²)": (
        lambda x: 1 / (1 + 25 * x**2),
        lambda x: -50 * x / (1 + 25 * x**2) ** 2,
        lambda x: (3750 * x**2 - 50) / (1 + 25 * x**2) ** 3,
        lambda x: 15000 * x * (1 - 25 * x**2) / (1 + 25 * x**2) ** 4,
    ),
}


@dataclass(frozen=True)
class DifferenceCurve:
    """The measured error against h and the model truncation + rounding (N&W section 8.1)."""

    hs: np.ndarray
    errors: np.ndarray
    model: np.ndarray  # the error bound: |f''| h / 2 + 2 eps |f| / h (forward), or the central one
    best_h: float  # the step that minimises the model
    measured_best_h: float


def difference_curve(name: str, x: float, kind: str, hs=None) -> DifferenceCurve:
    """Errors of the forward or central difference of FD_FUNCTIONS[name] at x, with the model's
    optimum h* = 2 sqrt(eps |f| / |f''|) (forward) or (3 eps |f| / |f'''|)^(1/3) (central)."""
    if name not in FD_FUNCTIONS:
        raise ValueError(f"name must be one of {list(FD_FUNCTIONS)}, got {name!r}")
    f, df, d2f, d3f = FD_FUNCTIONS[name]
    hs = np.logspace(-16, 0, 97) if hs is None else np.asarray(hs, dtype=float)
    errors = difference_errors(f, df, x, hs, kind)
    size = max(abs(float(f(x))), EPS64)  # rounding in f(x) is eps |f(x)|
    if kind == "forward":
        curvature = max(abs(float(d2f(x))), EPS64)
        model = curvature * hs / 2 + 2 * EPS64 * size / hs
        best = 2 * np.sqrt(EPS64 * size / curvature)
    else:
        curvature = max(abs(float(d3f(x))), EPS64)
        model = curvature * hs**2 / 6 + EPS64 * size / hs
        best = (3 * EPS64 * size / curvature) ** (1 / 3)
    return DifferenceCurve(hs, errors, model, float(best), float(hs[np.argmin(errors)]))
