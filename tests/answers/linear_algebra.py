"""Answers kept for the tests of series 02-linear-algebra: other correct answers, classic mistakes.

Each value is the whole source of an exercise's solution cell as a student might write it.
`ALTERNATIVES` holds, per exercise id, one correct answer that takes a different route from the
source solution (a permutation vector instead of row swaps, column-oriented substitution, a
bordered Cholesky, Householder with explicit matrices, a vectorised CSR product...): the tests
prove it keeps the exercise's point. `MISTAKES` holds, per exercise id, wrong answers that students
really write, named by the mistake: the tests prove each one loses the point (tests/test_answers.py
in-process, tests/test_pipeline.py through nbgrader). The order of `MISTAKES[id]` matters to the
pipeline test, which submits the first mistake of every exercise as one student, the second as
another, and so on.

`MAIN_MISTAKES` names, per exercise, the mistake it exists to teach (listed first in its
`MISTAKES`): it fails a visible assert whose message says why. `DELEGATIONS` holds answers that
hand the job to a shipped `course` helper or to a library routine the contract forbids: each
scores zero (tests/test_teaching.py).
"""

ALTERNATIVES: dict[str, str] = {}
MISTAKES: dict[str, dict[str, str]] = {}

# ----------------------------------------------------------------------------------------- ex01
ALTERNATIVES["ex01_lu_factor"] = '''
def lu_factor(A):
    """(P, L, U) with P @ A == L @ U by Gaussian elimination with partial pivoting."""
    A = np.array(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be a square matrix")
    n = len(A)
    # Row-oriented (Doolittle) elimination on a working copy that holds L below and U above.
    work = A.copy()
    perm = list(range(n))
    for k in range(n):
        column = [abs(work[i, k]) for i in range(k, n)]
        best = k + column.index(max(column)) if column else k
        work[[k, best]] = work[[best, k]]
        perm[k], perm[best] = perm[best], perm[k]
        for i in range(k + 1, n):
            if work[k, k] != 0:
                work[i, k] /= work[k, k]
                work[i, k + 1 :] -= work[i, k] * work[k, k + 1 :]
            else:
                work[i, k] = 0.0
    L = np.tril(work, -1) + np.eye(n)
    U = np.triu(work)
    P = np.zeros((n, n))
    P[np.arange(n), perm] = 1.0
    return P, L, U
'''

_LU_NO_PIVOTING = """
def lu_factor(A):
    U = np.array(A, dtype=float)
    if U.ndim != 2 or U.shape[0] != U.shape[1]:
        raise ValueError("A must be square")
    n = len(U)
    L = np.eye(n)
    for k in range(n - 1):
        if U[k, k] != 0:
            L[k + 1 :, k] = U[k + 1 :, k] / U[k, k]
            U[k + 1 :, k:] -= np.outer(L[k + 1 :, k], U[k, k:])
        U[k + 1 :, k] = 0.0
    return np.eye(n), L, U
"""

MISTAKES["ex01_lu_factor"] = {
    "no pivoting": _LU_NO_PIVOTING,
    "forgets to swap the multipliers already in L": """
def lu_factor(A):
    U = np.array(A, dtype=float)
    if U.ndim != 2 or U.shape[0] != U.shape[1]:
        raise ValueError("A must be square")
    n = len(U)
    L = np.eye(n)
    order = np.arange(n)
    for k in range(n - 1):
        p = k + int(np.argmax(np.abs(U[k:, k])))
        U[[k, p], k:] = U[[p, k], k:]
        order[[k, p]] = order[[p, k]]
        if U[k, k] != 0:
            L[k + 1 :, k] = U[k + 1 :, k] / U[k, k]
            U[k + 1 :, k:] -= np.outer(L[k + 1 :, k], U[k, k:])
        U[k + 1 :, k] = 0.0
    return np.eye(n)[order], L, U
""",
    "pivots on the largest signed entry, not the largest magnitude": """
def lu_factor(A):
    U = np.array(A, dtype=float)
    if U.ndim != 2 or U.shape[0] != U.shape[1]:
        raise ValueError("A must be square")
    n = len(U)
    L = np.eye(n)
    order = np.arange(n)
    for k in range(n - 1):
        p = k + int(np.argmax(U[k:, k]))
        U[[k, p], k:] = U[[p, k], k:]
        L[[k, p], :k] = L[[p, k], :k]
        order[[k, p]] = order[[p, k]]
        if U[k, k] != 0:
            L[k + 1 :, k] = U[k + 1 :, k] / U[k, k]
            U[k + 1 :, k:] -= np.outer(L[k + 1 :, k], U[k, k:])
        U[k + 1 :, k] = 0.0
    return np.eye(n)[order], L, U
""",
    "returns scipy's p (P.T) as P": """
def lu_factor(A):
    U = np.array(A, dtype=float)
    if U.ndim != 2 or U.shape[0] != U.shape[1]:
        raise ValueError("A must be square")
    n = len(U)
    L = np.eye(n)
    order = np.arange(n)
    for k in range(n - 1):
        p = k + int(np.argmax(np.abs(U[k:, k])))
        U[[k, p], k:] = U[[p, k], k:]
        L[[k, p], :k] = L[[p, k], :k]
        order[[k, p]] = order[[p, k]]
        if U[k, k] != 0:
            L[k + 1 :, k] = U[k + 1 :, k] / U[k, k]
            U[k + 1 :, k:] -= np.outer(L[k + 1 :, k], U[k, k:])
        U[k + 1 :, k] = 0.0
    return np.eye(n)[order].T, L, U
""",
}

# ----------------------------------------------------------------------------------------- ex02
ALTERNATIVES["ex02_lu_solve"] = '''
def lu_solve(P, L, U, b):
    """x with A x = b from P @ A = L @ U: forward substitution, then back substitution."""
    L = np.asarray(L, dtype=float)
    U = np.asarray(U, dtype=float)
    x = np.asarray(P, dtype=float) @ np.asarray(b, dtype=float)
    n = len(L)
    # Column-oriented: once x[j] is known, remove its contribution from the rows below (above).
    for j in range(n):
        x[j] = x[j] / L[j, j]
        x[j + 1 :] -= np.multiply.outer(L[j + 1 :, j], x[j]) if x.ndim > 1 else L[j + 1 :, j] * x[j]
    for j in range(n - 1, -1, -1):
        x[j] = x[j] / U[j, j]
        x[:j] -= np.multiply.outer(U[:j, j], x[j]) if x.ndim > 1 else U[:j, j] * x[j]
    return x
'''

MISTAKES["ex02_lu_solve"] = {
    "forgets to apply P to b": """
def lu_solve(P, L, U, b):
    L, U = np.asarray(L, dtype=float), np.asarray(U, dtype=float)
    y = np.array(b, dtype=float)
    n = len(L)
    for i in range(n):
        y[i] = (y[i] - L[i, :i] @ y[:i]) / L[i, i]
    for i in range(n - 1, -1, -1):
        y[i] = (y[i] - U[i, i + 1 :] @ y[i + 1 :]) / U[i, i]
    return y
""",
    "applies P.T (scipy's p) instead of P": """
def lu_solve(P, L, U, b):
    L, U = np.asarray(L, dtype=float), np.asarray(U, dtype=float)
    y = np.asarray(P, dtype=float).T @ np.asarray(b, dtype=float)
    n = len(L)
    for i in range(n):
        y[i] = (y[i] - L[i, :i] @ y[:i]) / L[i, i]
    for i in range(n - 1, -1, -1):
        y[i] = (y[i] - U[i, i + 1 :] @ y[i + 1 :]) / U[i, i]
    return y
""",
    "only one right-hand side (flattens b)": """
def lu_solve(P, L, U, b):
    L, U = np.asarray(L, dtype=float), np.asarray(U, dtype=float)
    y = np.asarray(P, dtype=float) @ np.asarray(b, dtype=float).ravel()[: len(L)]
    n = len(L)
    for i in range(n):
        y[i] = y[i] - sum(L[i, j] * y[j] for j in range(i))
    for i in range(n - 1, -1, -1):
        y[i] = (y[i] - sum(U[i, j] * y[j] for j in range(i + 1, n))) / U[i, i]
    return y
""",
}

# ----------------------------------------------------------------------------------------- ex03
ALTERNATIVES["ex03_growth_factor"] = '''
def growth_factor(A) -> float:
    """max|U| / max|A| for the U of Gaussian elimination with partial pivoting."""
    A = np.array(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    if not np.any(A):
        raise ValueError("A is zero: no growth factor")
    rows = [list(row) for row in A]
    n = len(rows)
    for k in range(n):
        best = max(range(k, n), key=lambda i: (abs(rows[i][k]), -i))
        rows[k], rows[best] = rows[best], rows[k]
        for i in range(k + 1, n):
            if rows[k][k] != 0:
                factor = rows[i][k] / rows[k][k]
                rows[i] = [
                    a - factor * c if j >= k else a
                    for j, (a, c) in enumerate(zip(rows[i], rows[k]))
                ]
            rows[i][k] = 0.0
    return max(abs(v) for row in rows for v in row) / float(np.max(np.abs(A)))
'''

MISTAKES["ex03_growth_factor"] = {
    "no pivoting": """
def growth_factor(A) -> float:
    U = np.array(A, dtype=float)
    largest = np.max(np.abs(U))
    if largest == 0:
        raise ValueError("A is zero")
    n = len(U)
    for k in range(n - 1):
        if U[k, k] != 0:
            U[k + 1 :, k:] -= np.outer(U[k + 1 :, k] / U[k, k], U[k, k:])
    return float(np.max(np.abs(np.triu(U))) / largest)
""",
    "signed maxima instead of magnitudes": """
def growth_factor(A) -> float:
    U = np.array(A, dtype=float)
    largest = np.max(U)
    if np.max(np.abs(U)) == 0:
        raise ValueError("A is zero")
    n = len(U)
    for k in range(n - 1):
        p = k + int(np.argmax(np.abs(U[k:, k])))
        U[[k, p], k:] = U[[p, k], k:]
        if U[k, k] != 0:
            U[k + 1 :, k:] -= np.outer(U[k + 1 :, k] / U[k, k], U[k, k:])
    return float(np.max(np.triu(U)) / largest)
""",
    "does not divide by max|A|": """
def growth_factor(A) -> float:
    U = np.array(A, dtype=float)
    if np.max(np.abs(U)) == 0:
        raise ValueError("A is zero")
    n = len(U)
    for k in range(n - 1):
        p = k + int(np.argmax(np.abs(U[k:, k])))
        U[[k, p], k:] = U[[p, k], k:]
        if U[k, k] != 0:
            U[k + 1 :, k:] -= np.outer(U[k + 1 :, k] / U[k, k], U[k, k:])
    return float(np.max(np.abs(np.triu(U))))
""",
    "no ValueError for a zero matrix": """
def growth_factor(A) -> float:
    U = np.array(A, dtype=float)
    largest = np.max(np.abs(U))
    n = len(U)
    for k in range(n - 1):
        p = k + int(np.argmax(np.abs(U[k:, k])))
        U[[k, p], k:] = U[[p, k], k:]
        if U[k, k] != 0:
            U[k + 1 :, k:] -= np.outer(U[k + 1 :, k] / U[k, k], U[k, k:])
    return float(np.max(np.abs(np.triu(U))) / largest) if largest else 1.0
""",
}

# ----------------------------------------------------------------------------------------- ex04
ALTERNATIVES["ex04_cholesky"] = '''
import math


def cholesky(A):
    """Lower triangular L with a positive diagonal and L @ L.T == A, for SPD A."""
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise np.linalg.LinAlgError("not square")
    if A.size and np.abs(A - A.T).max() > 1e-8 * np.abs(A).max():
        raise np.linalg.LinAlgError("not symmetric")
    n = len(A)
    L = np.zeros((n, n))
    # Row by row (the bordered form): row i of L from the rows above it.
    for i in range(n):
        for j in range(i):
            L[i, j] = (A[i, j] - sum(L[i, k] * L[j, k] for k in range(j))) / L[j, j]
        pivot = A[i, i] - sum(L[i, k] ** 2 for k in range(i))
        if pivot <= 0 or math.isnan(pivot):
            raise np.linalg.LinAlgError("not positive definite")
        L[i, i] = math.sqrt(pivot)
    return L
'''

_CHOLESKY_NO_CHECK = """
def cholesky(A):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise np.linalg.LinAlgError("not square")
    if np.abs(A - A.T).max() > 1e-8 * np.abs(A).max():
        raise np.linalg.LinAlgError("not symmetric")
    n = len(A)
    L = np.zeros((n, n))
    for j in range(n):
        L[j, j] = np.sqrt(A[j, j] - L[j, :j] @ L[j, :j])
        L[j + 1 :, j] = (A[j + 1 :, j] - L[j + 1 :, :j] @ L[j, :j]) / L[j, j]
    return L
"""

MISTAKES["ex04_cholesky"] = {
    "takes the square root of a negative pivot (NaN, no error)": _CHOLESKY_NO_CHECK,
    "accepts a zero pivot (semidefinite)": """
def cholesky(A):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise np.linalg.LinAlgError("not square")
    if np.abs(A - A.T).max() > 1e-8 * np.abs(A).max():
        raise np.linalg.LinAlgError("not symmetric")
    n = len(A)
    L = np.zeros((n, n))
    for j in range(n):
        pivot = A[j, j] - L[j, :j] @ L[j, :j]
        if pivot < 0:
            raise np.linalg.LinAlgError("not positive definite")
        L[j, j] = np.sqrt(pivot)
        L[j + 1 :, j] = (A[j + 1 :, j] - L[j + 1 :, :j] @ L[j, :j]) / L[j, j]
    return L
""",
    "demands exact symmetry": """
def cholesky(A):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or not np.array_equal(A, A.T):
        raise np.linalg.LinAlgError("not square and symmetric")
    n = len(A)
    L = np.zeros((n, n))
    for j in range(n):
        pivot = A[j, j] - L[j, :j] @ L[j, :j]
        if not pivot > 0:
            raise np.linalg.LinAlgError("not positive definite")
        L[j, j] = np.sqrt(pivot)
        L[j + 1 :, j] = (A[j + 1 :, j] - L[j + 1 :, :j] @ L[j, :j]) / L[j, j]
    return L
""",
    "never checks symmetry": """
def cholesky(A):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise np.linalg.LinAlgError("not square")
    n = len(A)
    L = np.zeros((n, n))
    for j in range(n):
        pivot = A[j, j] - L[j, :j] @ L[j, :j]
        if not pivot > 0:
            raise np.linalg.LinAlgError("not positive definite")
        L[j, j] = np.sqrt(pivot)
        L[j + 1 :, j] = (A[j + 1 :, j] - L[j + 1 :, :j] @ L[j, :j]) / L[j, j]
    return L
""",
}

# ----------------------------------------------------------------------------------------- ex05
ALTERNATIVES["ex05_householder_qr"] = '''
def householder_qr(A):
    """Reduced (Q, R) by Householder reflections, each formed as an explicit matrix."""
    A = np.array(A, dtype=float)
    if A.ndim != 2 or A.shape[0] < A.shape[1]:
        raise ValueError("A must be m x n with m >= n")
    m, n = A.shape
    R = A.copy()
    Q_full = np.eye(m)
    for k in range(n):
        x = R[k:, k]
        alpha = -np.linalg.norm(x) if x[0] >= 0 else np.linalg.norm(x)
        v = x.copy()
        v[0] -= alpha
        if not np.any(v):
            continue
        H = np.eye(m)
        H[k:, k:] -= 2.0 * np.outer(v, v) / (v @ v)
        R = H @ R
        Q_full = Q_full @ H
    return Q_full[:, :n], np.triu(R[:n])
'''

_HOUSEHOLDER_CANCELS = """
def householder_qr(A):
    R = np.array(A, dtype=float)
    if R.ndim != 2 or R.shape[0] < R.shape[1]:
        raise ValueError("A must be m x n with m >= n")
    m, n = R.shape
    vs = []
    for k in range(n):
        v = R[k:, k].copy()
        v[0] -= np.linalg.norm(v)
        length = np.linalg.norm(v)
        if length == 0:
            vs.append(None)
            continue
        v /= length
        R[k:, k:] -= 2.0 * np.outer(v, v @ R[k:, k:])
        vs.append(v)
    Q = np.eye(m, n)
    for k in range(n - 1, -1, -1):
        if vs[k] is not None:
            Q[k:, :] -= 2.0 * np.outer(vs[k], vs[k] @ Q[k:, :])
    return Q, np.triu(R[:n])
"""

MISTAKES["ex05_householder_qr"] = {
    "v = x - ||x|| e1 cancels": _HOUSEHOLDER_CANCELS,
    "modified Gram-Schmidt instead of reflections": """
def householder_qr(A):
    A = np.array(A, dtype=float)
    if A.ndim != 2 or A.shape[0] < A.shape[1]:
        raise ValueError("A must be m x n with m >= n")
    m, n = A.shape
    Q, R = A.copy(), np.zeros((n, n))
    for j in range(n):
        for i in range(j):
            R[i, j] = Q[:, i] @ Q[:, j]
            Q[:, j] -= R[i, j] * Q[:, i]
        R[j, j] = np.linalg.norm(Q[:, j])
        Q[:, j] /= R[j, j]
    return Q, R
""",
    "returns the full m x m Q": """
def householder_qr(A):
    R = np.array(A, dtype=float)
    if R.ndim != 2 or R.shape[0] < R.shape[1]:
        raise ValueError("A must be m x n with m >= n")
    m, n = R.shape
    Q = np.eye(m)
    for k in range(n):
        v = R[k:, k].copy()
        v[0] += np.copysign(np.linalg.norm(v), v[0])
        if not np.any(v):
            continue
        v /= np.linalg.norm(v)
        R[k:, :] -= 2.0 * np.outer(v, v @ R[k:, :])
        Q[:, k:] -= 2.0 * np.outer(Q[:, k:] @ v, v)
    return Q, np.triu(R[:n])
""",
    "divides by zero on a zero column": """
def householder_qr(A):
    R = np.array(A, dtype=float)
    if R.ndim != 2 or R.shape[0] < R.shape[1]:
        raise ValueError("A must be m x n with m >= n")
    m, n = R.shape
    vs = []
    for k in range(n):
        v = R[k:, k].copy()
        v[0] += np.copysign(np.linalg.norm(v), v[0])
        v /= np.linalg.norm(v)
        R[k:, k:] -= 2.0 * np.outer(v, v @ R[k:, k:])
        vs.append(v)
    Q = np.eye(m, n)
    for k in range(n - 1, -1, -1):
        Q[k:, :] -= 2.0 * np.outer(vs[k], vs[k] @ Q[k:, :])
    return Q, np.triu(R[:n])
""",
}

# ----------------------------------------------------------------------------------------- ex06
ALTERNATIVES["ex06_gram_schmidt"] = '''
def gram_schmidt(A, modified=False):
    """Q of classical (original columns projected all at once) or modified Gram-Schmidt."""
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    Q = np.zeros((m, n))
    if not modified:
        for j in range(n):
            v = A[:, j] - Q[:, :j] @ (Q[:, :j].T @ A[:, j])
            Q[:, j] = v / np.linalg.norm(v)
        return Q
    # Modified, row-oriented: once q_i is known, remove it from every later column at once.
    V = A.copy()
    for i in range(n):
        Q[:, i] = V[:, i] / np.linalg.norm(V[:, i])
        V[:, i + 1 :] -= np.outer(Q[:, i], Q[:, i] @ V[:, i + 1 :])
    return Q
'''

_CLASSICAL_BOTH = """
def gram_schmidt(A, modified=False):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    Q = np.zeros((m, n))
    for j in range(n):
        v = A[:, j].copy()
        for i in range(j):
            v -= (Q[:, i] @ A[:, j]) * Q[:, i]
        Q[:, j] = v / np.linalg.norm(v)
    return Q
"""

MISTAKES["ex06_gram_schmidt"] = {
    "modified=True still projects the original column": _CLASSICAL_BOTH,
    "modified=False projects the updated vector (both modified)": """
def gram_schmidt(A, modified=False):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    Q = np.zeros((m, n))
    for j in range(n):
        v = A[:, j].copy()
        for i in range(j):
            v -= (Q[:, i] @ v) * Q[:, i]
        Q[:, j] = v / np.linalg.norm(v)
    return Q
""",
    "classical with reorthogonalisation (CGS2)": """
def gram_schmidt(A, modified=False):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    Q = np.zeros((m, n))
    for j in range(n):
        v = A[:, j] - Q[:, :j] @ (Q[:, :j].T @ A[:, j])
        v = v - Q[:, :j] @ (Q[:, :j].T @ v)
        Q[:, j] = v / np.linalg.norm(v)
    return Q
""",
    "forgets to normalise": """
def gram_schmidt(A, modified=False):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    Q = np.zeros((m, n))
    for j in range(n):
        v = A[:, j].copy()
        for i in range(j):
            q = Q[:, i] / np.linalg.norm(Q[:, i])
            v -= (q @ (v if modified else A[:, j])) * q
        Q[:, j] = v
    return Q
""",
}

# ----------------------------------------------------------------------------------------- ex07
ALTERNATIVES["ex07_lstsq"] = '''
def lstsq_qr(X, y):
    """w minimising ||X w - y||, by QR and a column-oriented back substitution."""
    Q, R = np.linalg.qr(np.asarray(X, dtype=float))
    w = Q.T @ np.asarray(y, dtype=float)
    for j in range(len(w) - 1, -1, -1):
        w[j] /= R[j, j]
        w[:j] -= R[:j, j] * w[j]
    return w


def lstsq_normal(X, y, lam=0.0):
    """w solving (X^T X + lam I) w = X^T y."""
    if not lam >= 0:
        raise ValueError(f"lam must be non-negative, got lam={lam}")
    X = np.asarray(X, dtype=float)
    y = np.asarray(y, dtype=float)
    gram = X.T @ X
    gram[np.diag_indices_from(gram)] += lam
    return np.linalg.solve(gram, X.T @ y)
'''

_NORMAL = """

def lstsq_normal(X, y, lam=0.0):
    if lam < 0:
        raise ValueError("lam must be >= 0")
    X = np.asarray(X, dtype=float)
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ np.asarray(y, dtype=float))
"""

_QR = """
def lstsq_qr(X, y):
    Q, R = np.linalg.qr(np.asarray(X, dtype=float))
    w = Q.T @ np.asarray(y, dtype=float)
    for i in range(len(w) - 1, -1, -1):
        w[i] = (w[i] - R[i, i + 1 :] @ w[i + 1 :]) / R[i, i]
    return w

"""

MISTAKES["ex07_lstsq"] = {
    "lstsq_qr through the normal equations": """
def lstsq_qr(X, y):
    X = np.asarray(X, dtype=float)
    return np.linalg.solve(X.T @ X, X.T @ np.asarray(y, dtype=float))
"""
    + _NORMAL,
    "ridge scaled by 1/m": _QR
    + """
def lstsq_normal(X, y, lam=0.0):
    if lam < 0:
        raise ValueError("lam must be >= 0")
    X = np.asarray(X, dtype=float)
    m, p = X.shape
    return np.linalg.solve(X.T @ X / m + lam * np.eye(p), X.T @ np.asarray(y, dtype=float) / m)
""",
    "no ValueError for a negative lam": _QR
    + """
def lstsq_normal(X, y, lam=0.0):
    X = np.asarray(X, dtype=float)
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ np.asarray(y, dtype=float))
""",
    "leaves the first (intercept) coefficient unpenalised": _QR
    + """
def lstsq_normal(X, y, lam=0.0):
    if lam < 0:
        raise ValueError("lam must be >= 0")
    X = np.asarray(X, dtype=float)
    penalty = lam * np.eye(X.shape[1])
    penalty[0, 0] = 0.0
    return np.linalg.solve(X.T @ X + penalty, X.T @ np.asarray(y, dtype=float))
""",
}

# ----------------------------------------------------------------------------------------- ex08
ALTERNATIVES["ex08_conjugate_gradient"] = '''
def conjugate_gradient(matvec, b, x0=None, tol=1e-8, maxiter=None):
    """CG with the true residual b - A x recomputed at every step (one more matvec per step)."""
    b = np.asarray(b, dtype=float)
    n = len(b)
    x = np.zeros(n) if x0 is None else np.asarray(x0, dtype=float) + 0.0
    limit = 10 * n if maxiter is None else maxiter
    r = b - np.asarray(matvec(x), dtype=float)
    norms = [float(np.sqrt(r @ r))]
    bound = tol * np.sqrt(b @ b)
    p = r.copy()
    steps = 0
    while norms[-1] > bound and steps < limit:
        q = np.asarray(matvec(p), dtype=float)
        alpha = (r @ r) / (p @ q)
        x = x + alpha * p
        r_new = b - np.asarray(matvec(x), dtype=float)
        beta = (r_new @ r_new) / (r @ r)
        p = r_new + beta * p
        r = r_new
        norms.append(float(np.sqrt(r @ r)))
        steps += 1
    return x, np.asarray(norms)
'''

_CG_BODY = """
def conjugate_gradient(matvec, b, x0=None, tol=1e-8, maxiter=None):
    b = np.asarray(b, dtype=float)
    n = len(b)
    x = np.zeros(n) if x0 is None else np.array(x0, dtype=float)
    maxiter = 10 * n if maxiter is None else maxiter
    r = b - matvec(x)
    norms = [np.linalg.norm(r)]
    p, rho = r.copy(), r @ r
    for _ in range(maxiter):
        if norms[-1] <= STOP:
            break
        q = matvec(p)
        alpha = rho / (p @ q)
        x += alpha * p
        r -= alpha * q
        rho, rho_old = r @ r, rho
        p = DIRECTION
        norms.append(np.sqrt(rho))
    return x, np.array(norms)
"""

MISTAKES["ex08_conjugate_gradient"] = {
    "steepest descent: p = r, no conjugation": _CG_BODY.replace(
        "STOP", "tol * np.linalg.norm(b)"
    ).replace("DIRECTION", "r.copy()"),
    "absolute tolerance ||r|| <= tol": _CG_BODY.replace("STOP", "tol").replace(
        "DIRECTION", "r + (rho / rho_old) * p"
    ),
    "moves x0 in place": _CG_BODY.replace(
        "np.array(x0, dtype=float)", "np.asarray(x0, dtype=float)"
    )
    .replace("STOP", "tol * np.linalg.norm(b)")
    .replace("DIRECTION", "r + (rho / rho_old) * p"),
    "maxiter=None means n iterations": _CG_BODY.replace("10 * n if maxiter", "n if maxiter")
    .replace("STOP", "tol * np.linalg.norm(b)")
    .replace("DIRECTION", "r + (rho / rho_old) * p"),
    "no check before the first step": _CG_BODY.replace(
        "        if norms[-1] <= STOP:\n            break\n", ""
    )
    .replace(
        "        norms.append(np.sqrt(rho))\n",
        "        norms.append(np.sqrt(rho))\n"
        "        if norms[-1] <= tol * np.linalg.norm(b):\n"
        "            break\n",
    )
    .replace("DIRECTION", "r + (rho / rho_old) * p"),
}

# ----------------------------------------------------------------------------------------- ex09
ALTERNATIVES["ex09_pcg_jacobi"] = '''
def pcg_jacobi(A, b, tol=1e-8, maxiter=None):
    """Jacobi-preconditioned CG, the preconditioner applied as a diagonal matrix."""
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    if np.any(np.diag(A) <= 0):
        raise ValueError("the Jacobi preconditioner needs diag(A) > 0")
    M_inv = np.diag(1.0 / np.diag(A))
    n = len(b)
    limit = 10 * n if maxiter is None else maxiter
    x = np.zeros(n)
    r = b.copy()
    z = M_inv @ r
    p = z.copy()
    norms = [float(np.linalg.norm(r))]
    while norms[-1] > tol * np.linalg.norm(b) and len(norms) <= limit:
        q = A @ p
        alpha = (r @ z) / (p @ q)
        x = x + alpha * p
        r_new = r - alpha * q
        z_new = M_inv @ r_new
        p = z_new + (r_new @ z_new) / (r @ z) * p
        r, z = r_new, z_new
        norms.append(float(np.linalg.norm(r)))
    return x, np.array(norms)
'''

_PCG_BODY = """
def pcg_jacobi(A, b, tol=1e-8, maxiter=None):
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    d = np.diag(A).copy()
    if CHECK:
        raise ValueError("diag(A) must be > 0")
    n = len(b)
    maxiter = 10 * n if maxiter is None else maxiter
    x, r = np.zeros(n), b.copy()
    z = PRECONDITION
    p, rho = z.copy(), r @ z
    norms = [RECORD]
    for _ in range(maxiter):
        if norms[-1] <= tol * np.linalg.norm(b):
            break
        q = A @ p
        alpha = rho / (p @ q)
        x += alpha * p
        r -= alpha * q
        z = PRECONDITION
        rho, rho_old = r @ z, rho
        p = z + (rho / rho_old) * p
        norms.append(RECORD)
    return x, np.array(norms)
"""


def _pcg(check="not (d > 0).all()", precondition="r / d", record="np.linalg.norm(r)"):
    return (
        _PCG_BODY.replace("CHECK", check)
        .replace("PRECONDITION", precondition)
        .replace("RECORD", record)
    )


MISTAKES["ex09_pcg_jacobi"] = {
    "multiplies by diag(A) instead of dividing": _pcg(precondition="r * d"),
    "records the preconditioned residual ||z||": _pcg(record="np.linalg.norm(z)"),
    "no ValueError for a diagonal entry <= 0": _pcg(check="False"),
    "no preconditioner (plain CG)": _pcg(precondition="r.copy()"),
}

# ----------------------------------------------------------------------------------------- ex10
ALTERNATIVES["ex10_power_iteration"] = '''
def power_iteration(matvec, n, iters, rng):
    """Power iteration that keeps A v from the last step, so no extra matvec for lambda."""
    v = rng.normal(size=n)
    v = v / np.linalg.norm(v)
    Av = np.asarray(matvec(v), dtype=float)
    for _ in range(iters):
        v = Av / np.linalg.norm(Av)
        Av = np.asarray(matvec(v), dtype=float)
    return float(v @ Av), v


def lanczos(matvec, n, k, rng):
    """The three-term recurrence, without reorthogonalisation."""
    if k < 1 or k > n:
        raise ValueError("need 1 <= k <= n")
    q_prev = np.zeros(n)
    q = rng.normal(size=n)
    q = q / np.linalg.norm(q)
    alpha, beta = np.zeros(k), np.zeros(k - 1)
    b_prev = 0.0
    for j in range(k):
        w = np.asarray(matvec(q), dtype=float) - b_prev * q_prev
        alpha[j] = q @ w
        w = w - alpha[j] * q
        if j < k - 1:
            beta[j] = np.linalg.norm(w)
            q_prev, q, b_prev = q, w / beta[j], beta[j]
    return alpha, beta
'''

_LANCZOS = """

def lanczos(matvec, n, k, rng):
    if not 1 <= k <= n:
        raise ValueError("need 1 <= k <= n")
    q = rng.standard_normal(n)
    q /= np.linalg.norm(q)
    basis, alpha, beta = [q], [], []
    for j in range(k):
        w = np.asarray(matvec(basis[-1]), dtype=float)
        alpha.append(basis[-1] @ w)
        if j == k - 1:
            break
        Q = np.array(basis).T
        w -= Q @ (Q.T @ w)
        w -= Q @ (Q.T @ w)
        beta.append(np.linalg.norm(w))
        basis.append(w / beta[-1])
    return np.array(alpha), np.array(beta)
"""

MISTAKES["ex10_power_iteration"] = {
    "lambda = ||A v|| loses the sign": """
def power_iteration(matvec, n, iters, rng):
    v = rng.standard_normal(n)
    for _ in range(iters):
        v = matvec(v / np.linalg.norm(v))
    v = v / np.linalg.norm(v)
    return float(np.linalg.norm(matvec(v))), v
"""
    + _LANCZOS,
    "draws the start vector from np.random, not rng": """
def power_iteration(matvec, n, iters, rng):
    v = np.random.standard_normal(n)
    for _ in range(iters):
        v = matvec(v / np.linalg.norm(v))
    v = v / np.linalg.norm(v)
    return float(v @ matvec(v)), v
"""
    + _LANCZOS,
    "two matvecs per step": """
def power_iteration(matvec, n, iters, rng):
    v = rng.standard_normal(n)
    v /= np.linalg.norm(v)
    lam = 0.0
    for _ in range(iters):
        lam = v @ matvec(v)
        v = matvec(v)
        v /= np.linalg.norm(v)
    return float(v @ matvec(v)), v
"""
    + _LANCZOS,
    "lanczos returns k betas": """
def power_iteration(matvec, n, iters, rng):
    v = rng.standard_normal(n)
    for _ in range(iters):
        v = matvec(v / np.linalg.norm(v))
    v = v / np.linalg.norm(v)
    return float(v @ matvec(v)), v


def lanczos(matvec, n, k, rng):
    if not 1 <= k <= n:
        raise ValueError("need 1 <= k <= n")
    q = rng.standard_normal(n)
    q /= np.linalg.norm(q)
    basis, alpha, beta = [q], [], []
    for j in range(k):
        w = np.asarray(matvec(basis[-1]), dtype=float)
        alpha.append(basis[-1] @ w)
        Q = np.array(basis).T
        w -= Q @ (Q.T @ w)
        w -= Q @ (Q.T @ w)
        beta.append(np.linalg.norm(w))
        basis.append(w / beta[-1])
    return np.array(alpha), np.array(beta)
""",
}

# ----------------------------------------------------------------------------------------- ex11
ALTERNATIVES["ex11_randomized_svd"] = '''
def randomized_svd(A, k, oversamples=10, n_iter=2, rng=None):
    """Randomized SVD with a Gaussian sketch of the rows (A^T side first), then the small SVD."""
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if not (isinstance(k, (int, np.integer)) and 1 <= k <= min(m, n)):
        raise ValueError(f"k must be in [1, {min(m, n)}]")
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    width = min(k + oversamples, m, n)
    omega = generator.normal(size=(n, width))
    Q = np.linalg.qr(A @ omega)[0]
    for _ in range(n_iter):
        Q = np.linalg.qr(A.T @ Q)[0]
        Q = np.linalg.qr(A @ Q)[0]
    B = Q.T @ A
    u, s, vt = np.linalg.svd(B, full_matrices=False)
    return (Q @ u)[:, :k], s[:k], vt[:k, :]
'''

_RSVD = """
def randomized_svd(A, k, oversamples=10, n_iter=2, rng=None):
    A = np.asarray(A, dtype=float)
    m, n = A.shape
    if not 1 <= k <= min(m, n):
        raise ValueError("bad k")
    rng = np.random.default_rng(rng)
    width = WIDTH
    Q, _ = np.linalg.qr(A @ rng.standard_normal((n, width)))
    for _ in range(ITERATIONS):
        Z, _ = np.linalg.qr(A.T @ Q)
        Q, _ = np.linalg.qr(A @ Z)
    U_small, s, Vt = np.linalg.svd(Q.T @ A, full_matrices=False)
    return Q @ U_small[:, :k], s[:k], Vt[:k]
"""

MISTAKES["ex11_randomized_svd"] = {
    "ignores n_iter (no power iterations)": _RSVD.replace(
        "WIDTH", "min(k + oversamples, m, n)"
    ).replace("ITERATIONS", "0"),
    "no oversampling (sketch of width k)": _RSVD.replace("WIDTH", "k").replace(
        "ITERATIONS", "n_iter"
    ),
    "draws from np.random, ignoring rng": _RSVD.replace("WIDTH", "min(k + oversamples, m, n)")
    .replace("ITERATIONS", "n_iter")
    .replace("rng.standard_normal((n, width))", "np.random.standard_normal((n, width))"),
    "sketch not clipped to min(m, n)": _RSVD.replace("WIDTH", "k + oversamples")
    .replace("ITERATIONS", "n_iter")
    .replace('    if not 1 <= k <= min(m, n):\n        raise ValueError("bad k")\n', ""),
}

# ----------------------------------------------------------------------------------------- ex12
ALTERNATIVES["ex12_csr_matvec"] = '''
def csr_matvec(data, indices, indptr, x):
    """y = A x from CSR arrays, vectorised: each entry's row from indptr, then one bincount."""
    data = np.asarray(data, dtype=float)
    indices = np.asarray(indices, dtype=np.intp)
    indptr = np.asarray(indptr, dtype=np.intp)
    if data.shape != indices.shape:
        raise ValueError("data and indices must have the same length")
    rows = len(indptr) - 1
    row_of_entry = np.repeat(np.arange(rows), np.diff(indptr))
    products = data * np.asarray(x, dtype=float)[indices]
    return np.bincount(row_of_entry, weights=products, minlength=rows).astype(float)
'''

_CSR = """
def csr_matvec(data, indices, indptr, x):
    data, x = np.asarray(data, dtype=float), np.asarray(x, dtype=float)
    indices, indptr = np.asarray(indices, dtype=int), np.asarray(indptr, dtype=int)
    if len(data) != len(indices):
        raise ValueError("data and indices must have one length")
    y = np.zeros(ROWS)
    for i in range(len(indptr) - 1):
        for k in range(indptr[i], indptr[i + 1]):
            y[i] BODY
    return y
"""

MISTAKES["ex12_csr_matvec"] = {
    "one output per column (assumes A square)": _CSR.replace("ROWS", "len(x)").replace(
        "BODY", "+= data[k] * x[indices[k]]"
    ),
    "duplicates overwrite instead of adding up": """
def csr_matvec(data, indices, indptr, x):
    if len(data) != len(indices):
        raise ValueError("data and indices must have one length")
    x = np.asarray(x, dtype=float)
    dense = np.zeros((len(indptr) - 1, len(x)))
    for i in range(len(indptr) - 1):
        for k in range(indptr[i], indptr[i + 1]):
            dense[i, indices[k]] = data[k]
    return dense @ x
""",
    "rows counted up to the last nonzero (drops trailing empty rows)": _CSR.replace(
        "ROWS", "int(np.searchsorted(indptr, indptr[-1]))"
    )
    .replace("BODY", "+= data[k] * x[indices[k]]")
    .replace("    for i in range(len(indptr) - 1):", "    for i in range(len(y)):"),
    "no ValueError when data and indices differ in length": """
def csr_matvec(data, indices, indptr, x):
    x = np.asarray(x, dtype=float)
    y = np.zeros(len(indptr) - 1)
    for i in range(len(y)):
        for k in range(indptr[i], min(indptr[i + 1], len(data), len(indices))):
            y[i] += data[k] * x[indices[k]]
    return y
""",
}

MAIN_MISTAKES: dict[str, str] = {
    "ex01_lu_factor": "no pivoting",
    "ex02_lu_solve": "forgets to apply P to b",
    "ex03_growth_factor": "no pivoting",
    "ex04_cholesky": "takes the square root of a negative pivot (NaN, no error)",
    "ex05_householder_qr": "v = x - ||x|| e1 cancels",
    "ex06_gram_schmidt": "modified=True still projects the original column",
    "ex07_lstsq": "lstsq_qr through the normal equations",
    "ex08_conjugate_gradient": "steepest descent: p = r, no conjugation",
    "ex09_pcg_jacobi": "multiplies by diag(A) instead of dividing",
    "ex10_power_iteration": "lambda = ||A v|| loses the sign",
    "ex11_randomized_svd": "ignores n_iter (no power iterations)",
    "ex12_csr_matvec": "one output per column (assumes A square)",
}

DELEGATIONS: dict[str, dict[str, str]] = {
    "ex01_lu_factor": {
        "scipy.linalg.lu": """
import scipy.linalg


def lu_factor(A):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1]:
        raise ValueError("A must be square")
    p, L, U = scipy.linalg.lu(A)
    return p.T, L, U
""",
    },
    "ex02_lu_solve": {
        "numpy.linalg.solve on L @ U": """
def lu_solve(P, L, U, b):
    P, L, U = (np.asarray(M, dtype=float) for M in (P, L, U))
    return np.linalg.solve(L @ U, P @ np.asarray(b, dtype=float))
""",
        "scipy.linalg.solve_triangular twice": """
import scipy.linalg


def lu_solve(P, L, U, b):
    Pb = np.asarray(P, dtype=float) @ np.asarray(b, dtype=float)
    y = scipy.linalg.solve_triangular(L, Pb, lower=True)
    return scipy.linalg.solve_triangular(U, y)
""",
    },
    "ex03_growth_factor": {
        "scipy.linalg.lu": """
import scipy.linalg


def growth_factor(A) -> float:
    A = np.asarray(A, dtype=float)
    if not np.any(A):
        raise ValueError("A is zero")
    return float(np.abs(scipy.linalg.lu(A)[2]).max() / np.abs(A).max())
""",
    },
    "ex04_cholesky": {
        "numpy.linalg.cholesky": """
def cholesky(A):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] != A.shape[1] or np.abs(A - A.T).max() > 1e-8 * np.abs(A).max():
        raise np.linalg.LinAlgError("not symmetric")
    return np.linalg.cholesky(A)
""",
    },
    "ex05_householder_qr": {
        "numpy.linalg.qr": """
def householder_qr(A):
    A = np.asarray(A, dtype=float)
    if A.ndim != 2 or A.shape[0] < A.shape[1]:
        raise ValueError("A must be m x n with m >= n")
    return np.linalg.qr(A)
""",
    },
    "ex06_gram_schmidt": {
        "course.linalg's Gram-Schmidt": """
def gram_schmidt(A, modified=False):
    return linalg._gram_schmidt_q(np.asarray(A, dtype=float), modified)
""",
        "numpy.linalg.qr with the signs fixed": """
def gram_schmidt(A, modified=False):
    Q, R = np.linalg.qr(np.asarray(A, dtype=float))
    return Q * np.sign(np.diag(R))
""",
    },
    "ex07_lstsq": {
        "numpy.linalg.lstsq": """
def lstsq_qr(X, y):
    return np.linalg.lstsq(np.asarray(X, dtype=float), np.asarray(y, dtype=float), rcond=None)[0]


def lstsq_normal(X, y, lam=0.0):
    if lam < 0:
        raise ValueError("lam must be >= 0")
    X = np.asarray(X, dtype=float)
    return np.linalg.solve(X.T @ X + lam * np.eye(X.shape[1]), X.T @ np.asarray(y, dtype=float))
""",
    },
    "ex08_conjugate_gradient": {
        "scipy.sparse.linalg.cg": """
import scipy.sparse.linalg


def conjugate_gradient(matvec, b, x0=None, tol=1e-8, maxiter=None):
    b = np.asarray(b, dtype=float)
    n = len(b)
    operator = scipy.sparse.linalg.LinearOperator((n, n), matvec=matvec, dtype=float)
    x = np.zeros(n) if x0 is None else np.array(x0, dtype=float)
    norms = [np.linalg.norm(b - matvec(x))]
    if norms[0] <= tol * np.linalg.norm(b):
        return x, np.array(norms)

    def record(xk):
        norms.append(np.linalg.norm(b - matvec(xk)))

    x, _ = scipy.sparse.linalg.cg(operator, b, x0=x, maxiter=maxiter or 10 * n, callback=record)
    return x, np.array(norms)
""",
    },
    "ex09_pcg_jacobi": {
        "numpy.linalg.solve, with a made-up history": """
def pcg_jacobi(A, b, tol=1e-8, maxiter=None):
    A = np.asarray(A, dtype=float)
    b = np.asarray(b, dtype=float)
    if np.any(np.diag(A) <= 0):
        raise ValueError("diag(A) must be > 0")
    x = np.linalg.solve(A, b)
    return x, np.array([np.linalg.norm(b), np.linalg.norm(b - A @ x)])
""",
    },
    "ex10_power_iteration": {
        "numpy.linalg.eigh of the matrix built from n matvecs": """
def power_iteration(matvec, n, iters, rng):
    A = np.column_stack([matvec(e) for e in np.eye(n)])
    values, vectors = np.linalg.eigh(A)
    top = int(np.argmax(np.abs(values)))
    return float(values[top]), vectors[:, top]


def lanczos(matvec, n, k, rng):
    if not 1 <= k <= n:
        raise ValueError("need 1 <= k <= n")
    A = np.column_stack([matvec(e) for e in np.eye(n)])
    q = rng.standard_normal(n)
    Q = np.linalg.qr(np.column_stack([np.linalg.matrix_power(A, j) @ q for j in range(k)]))[0]
    T = Q.T @ A @ Q
    return np.diag(T).copy(), np.abs(np.diag(T, 1))
""",
    },
    "ex11_randomized_svd": {
        "the full SVD of A": """
def randomized_svd(A, k, oversamples=10, n_iter=2, rng=None):
    A = np.asarray(A, dtype=float)
    if not 1 <= k <= min(A.shape):
        raise ValueError("bad k")
    U, s, Vt = np.linalg.svd(A, full_matrices=False)
    return U[:, :k], s[:k], Vt[:k]
""",
        "scipy.sparse.linalg.svds": """
import scipy.sparse.linalg


def randomized_svd(A, k, oversamples=10, n_iter=2, rng=None):
    A = np.asarray(A, dtype=float)
    if not 1 <= k <= min(A.shape):
        raise ValueError("bad k")
    U, s, Vt = scipy.sparse.linalg.svds(A, k=k, random_state=0)
    order = np.argsort(s)[::-1]
    return U[:, order], s[order], Vt[order]
""",
    },
    "ex12_csr_matvec": {
        "scipy.sparse.csr_array": """
import scipy.sparse


def csr_matvec(data, indices, indptr, x):
    if len(data) != len(indices):
        raise ValueError("data and indices must have one length")
    x = np.asarray(x, dtype=float)
    shape = (len(indptr) - 1, len(x))
    matrix = scipy.sparse.csr_array((np.asarray(data, dtype=float), indices, indptr), shape=shape)
    return matrix @ x
""",
    },
}
