"""What series 02 (numerical linear algebra) computes for its narrative and its widgets.

Test matrices (Wilkinson's, one with a chosen condition number), the orthogonality lost by three
QR methods, and the model of the conditioning explorer. Solvers come from numpy and scipy; the
exercises' own algorithms are never shipped under the exercises' names, and the Gram-Schmidt used
for the orthogonality table fails while Exercise 6's tests run.
"""

from __future__ import annotations

import functools
import inspect
import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse
import scipy.sparse.linalg


def wilkinson_matrix(n: int) -> np.ndarray:
    """Wilkinson's n x n matrix: 1 on the diagonal, -1 below it, 1 in the last column.

    Gaussian elimination with partial pivoting makes no row exchange on it and doubles the last
    column at every step: the growth factor reaches its bound 2**(n-1) (Higham, ASNA, 9.3).
    """
    if n < 1:
        raise ValueError(f"n must be >= 1, got {n}")
    matrix = np.eye(n) - np.tril(np.ones((n, n)), -1)
    matrix[:, -1] = 1.0
    return matrix


def matrix_with_condition(m: int, n: int, kappa: float, rng: np.random.Generator) -> np.ndarray:
    """A random m x n matrix (m >= n) with singular values logspaced from 1 to 1/kappa."""
    if m < n or kappa < 1:
        raise ValueError(f"need m >= n and kappa >= 1, got m={m}, n={n}, kappa={kappa}")
    left, _ = np.linalg.qr(rng.standard_normal((m, n)))
    right, _ = np.linalg.qr(rng.standard_normal((n, n)))
    return (left * np.logspace(0, -np.log10(kappa), n)) @ right.T


def _gram_schmidt_q(matrix: np.ndarray, modified: bool) -> np.ndarray:
    q = np.zeros_like(matrix)
    for j in range(matrix.shape[1]):
        v = matrix[:, j].copy()
        for i in range(j):
            v -= (q[:, i] @ (v if modified else matrix[:, j])) * q[:, i]
        q[:, j] = v / np.linalg.norm(v)
    return q


def orthogonality_losses(matrix: np.ndarray) -> dict[str, float]:
    """||Q^T Q - I||_F for classical and modified Gram-Schmidt and Householder (numpy's QR).

    They grow like kappa**2 u, kappa u and u (Bjorck 1967; Giraud, Langou, Rozloznik 2005).
    """
    matrix = np.asarray(matrix, dtype=float)
    identity = np.eye(matrix.shape[1])
    qs = {
        "classical": _gram_schmidt_q(matrix, modified=False),
        "modified": _gram_schmidt_q(matrix, modified=True),
        "householder": np.linalg.qr(matrix)[0],
    }
    return {name: float(np.linalg.norm(q.T @ q - identity)) for name, q in qs.items()}


# ------------------------------------------------------------------ conditioning explorer


def rotation(angle: float) -> np.ndarray:
    """The 2 x 2 rotation by `angle` radians."""
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def matrix_2x2(kappa: float, tilt: float = 0.5) -> np.ndarray:
    """A 2 x 2 matrix with singular values 1 and 1/kappa, its axes turned by `tilt` radians."""
    if not kappa >= 1:
        raise ValueError(f"kappa must be >= 1, got {kappa}")
    return rotation(tilt) @ np.diag([1.0, 1.0 / kappa]) @ rotation(-0.3 * tilt).T


@dataclass(frozen=True)
class Perturbation:
    """One experiment of the conditioning explorer: A x = b, then A x' = b + db."""

    matrix: np.ndarray
    b: np.ndarray
    x: np.ndarray
    x_perturbed: np.ndarray
    kappa: float  # the 2-norm condition number
    relative_in: float  # ||db|| / ||b||
    relative_out: float  # ||x' - x|| / ||x||
    circle_image: np.ndarray  # (2, points): A^-1 applied to the unit circle

    @property
    def amplification(self) -> float:
        """relative_out / relative_in, at most kappa."""
        return self.relative_out / self.relative_in

    @property
    def digits_lost(self) -> float:
        """log10 of the amplification: decimal digits the perturbation costs."""
        return float(np.log10(max(self.amplification, 1.0)))


def perturbation_model(
    kappa: float, relative: float, angle: float, tilt: float = 0.5, points: int = 181
) -> Perturbation:
    """Solve A x = b with b along A's top left singular vector, then perturb b by `relative`
    times ||b|| in the direction `angle` (radians) and solve again.

    b along u_1 makes x as small as it can be, so a perturbation along u_2 (angle = tilt + pi/2)
    is amplified by the full kappa (Trefethen & Bau, Lecture 12).
    """
    if not relative > 0:
        raise ValueError(f"relative must be > 0, got {relative}")
    matrix = matrix_2x2(kappa, tilt)
    u, s, vt = np.linalg.svd(matrix)
    b = u[:, 0]
    db = relative * np.linalg.norm(b) * np.array([np.cos(angle), np.sin(angle)])
    x = np.linalg.solve(matrix, b)
    x_perturbed = np.linalg.solve(matrix, b + db)
    t = np.linspace(0, 2 * np.pi, points)
    circle_image = np.linalg.solve(matrix, np.vstack([np.cos(t), np.sin(t)]))
    return Perturbation(
        matrix=matrix,
        b=b,
        x=x,
        x_perturbed=x_perturbed,
        kappa=float(s[0] / s[-1]),
        relative_in=float(np.linalg.norm(db) / np.linalg.norm(b)),
        relative_out=float(np.linalg.norm(x_perturbed - x) / np.linalg.norm(x)),
        circle_image=circle_image,
    )


# ------------------------------------------------------------------------ CG convergence

SPECTRA = ("chebyshev", "uniform")  # eigenvalue layouts of the CG convergence viewer


@dataclass(frozen=True)
class CgRun:
    """One conjugate gradient run of the CG convergence viewer (scipy's `cg`)."""

    kappa: float  # cond(A)
    effective_kappa: float  # cond of the matrix CG really sees (Jacobi-scaled when jacobi)
    errors: np.ndarray  # ||x_k - x||_A / ||x_0 - x||_A, from k = 0
    residuals: np.ndarray  # ||b - A x_k|| / ||b||, from k = 0
    bound: np.ndarray  # 2 ((sqrt(k_eff) - 1) / (sqrt(k_eff) + 1))**k, the same length
    tol: float
    size: int  # n: in exact arithmetic CG ends within n steps, whatever the bound says

    @property
    def iterations(self) -> int:
        return len(self.errors) - 1

    @property
    def predicted_iterations(self) -> float:
        """sqrt(k_eff) / 2 * ln(2 / tol): where the bound reaches tol."""
        return math.sqrt(self.effective_kappa) / 2 * math.log(2 / self.tol)


def _scipy_cg_tolerance(tol: float) -> dict[str, float]:
    # scipy 1.12 renamed `tol` to `rtol` (and 1.14 removed `tol`); pyproject admits both.
    parameters = inspect.signature(scipy.sparse.linalg.cg).parameters
    return {"rtol" if "rtol" in parameters else "tol": tol, "atol": 0.0}


@functools.lru_cache(maxsize=4)
def _cg_basis(n: int) -> tuple[np.ndarray, np.ndarray]:
    """A seeded random orthogonal n x n basis and solution, the same for every kappa."""
    rng = np.random.default_rng(0)
    basis, _ = np.linalg.qr(rng.standard_normal((n, n)))  # the costliest step: done once per n
    solution = rng.standard_normal(n)
    for array in (basis, solution):
        array.flags.writeable = False  # shared by every run of this size
    return basis, solution


@functools.lru_cache(maxsize=32)
def _cg_core(kappa: float, spectrum: str, n: int) -> tuple[np.ndarray, np.ndarray]:
    """The SPD core C (eigenvalues from 1 to kappa at `spectrum` points) and a solution, seeded."""
    if spectrum == "chebyshev":  # the extreme points, endpoints included: exactly [1, kappa]
        layout = np.cos(np.pi * np.arange(n) / max(n - 1, 1))
    else:
        layout = np.linspace(-1.0, 1.0, n)
    eigenvalues = (1 + kappa) / 2 + (kappa - 1) / 2 * layout
    basis, solution = _cg_basis(n)
    core = (basis * eigenvalues) @ basis.T
    core.flags.writeable = False  # shared by every run with these arguments
    return core, solution


def _condition_number(ascending_eigenvalues: np.ndarray) -> float:
    """Largest over smallest eigenvalue, at most 1/eps (about 4.5e15): eigvalsh errs by about
    eps times the largest eigenvalue, so a smaller one (even a negative one) is rounding noise."""
    largest = float(ascending_eigenvalues[-1])
    return largest / max(float(ascending_eigenvalues[0]), np.finfo(float).eps * largest)


@functools.lru_cache(maxsize=32)
def _cg_system(
    kappa: float, scaling_decades: float, spectrum: str, n: int
) -> tuple[np.ndarray, np.ndarray, float]:
    """A = S C S (exactly symmetric), b = A x and cond(A), which toggling Jacobi leaves alone."""
    core, solution = _cg_core(kappa, spectrum, n)
    scales = np.logspace(-scaling_decades / 2, scaling_decades / 2, n)
    matrix = scales[:, None] * core * scales[None, :]
    matrix = (matrix + matrix.T) / 2
    b = matrix @ solution
    for array in (matrix, b):
        array.flags.writeable = False  # shared by the runs with and without Jacobi
    return matrix, b, _condition_number(np.linalg.eigvalsh(matrix))


@functools.lru_cache(maxsize=32)
def _cg_jacobi_kappa(kappa: float, scaling_decades: float, spectrum: str, n: int) -> float:
    """cond(D^-1/2 A D^-1/2), D = diag(A): the condition number Jacobi-preconditioned CG sees."""
    matrix, _, _ = _cg_system(kappa, scaling_decades, spectrum, n)
    diagonal = np.diag(matrix)
    return _condition_number(np.linalg.eigvalsh(matrix / np.sqrt(np.outer(diagonal, diagonal))))


@functools.lru_cache(maxsize=64)  # a pure function of four slider values, which users revisit
def cg_run(
    kappa: float,
    scaling_decades: float = 0.0,
    jacobi: bool = False,
    spectrum: str = "chebyshev",
    n: int = 200,
    tol: float = 1e-10,
) -> CgRun:
    """CG (scipy) on A = S C S: C SPD with condition `kappa` and eigenvalues at `spectrum`
    points, S diagonal over `scaling_decades` decades; `jacobi` preconditions by diag(A).

    The A-norm error of CG is at most 2 q**k times the first, q = (sqrt(k) - 1)/(sqrt(k) + 1)
    (Trefethen & Bau, Theorem 38.5), with k the condition number of the matrix CG sees.
    Condition numbers past 1/eps (about 4.5e15), which eigvalsh cannot resolve, come back as 1/eps.
    """
    if spectrum not in SPECTRA:
        raise ValueError(f"spectrum must be one of {SPECTRA}, got {spectrum!r}")
    if not kappa >= 1 or not scaling_decades >= 0:
        raise ValueError(
            f"need kappa >= 1 and scaling_decades >= 0, got {kappa}, {scaling_decades}"
        )
    # The matrix, its spectrum and the solution are cached apart from the run (the costly dense
    # steps), so that a toggle of Jacobi or a revisited kappa reruns only CG itself.
    kappa, scaling_decades = float(kappa), float(scaling_decades)
    matrix, b, kappa_a = _cg_system(kappa, scaling_decades, spectrum, n)
    _, solution = _cg_basis(n)
    if jacobi:
        effective_kappa = _cg_jacobi_kappa(kappa, scaling_decades, spectrum, n)
    else:
        effective_kappa = kappa_a
    iterates = [np.zeros(n)]
    preconditioner = scipy.sparse.diags(1.0 / np.diag(matrix)) if jacobi else None
    scipy.sparse.linalg.cg(
        matrix,
        b,
        M=preconditioner,
        maxiter=20 * n,
        callback=lambda xk: iterates.append(xk.copy()),
        **_scipy_cg_tolerance(tol),
    )
    iterates_array = np.array(iterates)
    differences = iterates_array - solution
    errors_abs = np.sqrt(np.maximum(np.einsum("ij,ij->i", differences @ matrix, differences), 0.0))
    errors = errors_abs / errors_abs[0]
    residuals = np.linalg.norm(b - iterates_array @ matrix, axis=1) / np.linalg.norm(b)
    q = (math.sqrt(effective_kappa) - 1) / (math.sqrt(effective_kappa) + 1)
    bound = np.minimum(2 * q ** np.arange(len(errors)), 1.0)
    for array in (errors, residuals, bound):
        array.flags.writeable = False  # shared through the cache
    return CgRun(kappa_a, effective_kappa, errors, residuals, bound, tol, n)
