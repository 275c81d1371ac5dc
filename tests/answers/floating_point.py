"""Answers kept for the tests of series 01-floating-point: other correct answers, classic mistakes.

Each value is the whole source of an exercise's solution cell as a student might write it.
`ALTERNATIVES` holds, per exercise id, one correct answer that takes a different route from the
source solution (bit views instead of frexp, Fraction arithmetic, a doubling loop, Knuth's TwoSum
in Kahan's loop...): the tests prove it keeps the exercise's point. `MISTAKES` holds, per exercise
id, wrong answers that students really write, named by the mistake: the tests prove each one loses
the point (tests/test_answers.py in-process, tests/test_pipeline.py through
nbgrader). The order of `MISTAKES[id]` matters to the pipeline test, which submits the first
mistake of every exercise as one student, the second as another, and so on.

`MAIN_MISTAKES` names, per exercise, the mistake it exists to teach (listed first in its
`MISTAKES`): it fails a visible assert whose message says why. `DELEGATIONS` holds answers that
hand the job to a shipped `course` helper or to a library routine the contract forbids: each
scores zero (tests/test_teaching.py).
"""

ALTERNATIVES: dict[str, str] = {}
MISTAKES: dict[str, dict[str, str]] = {}

# ----------------------------------------------------------------------------------------- ex01
ALTERNATIVES["ex01_float_bits"] = '''
from fractions import Fraction

_VIEWS = {
    "fp64": (np.float64, np.uint64),
    "fp32": (np.float32, np.uint32),
    "fp16": (np.float16, np.uint16),
}


def float_bits(x: float, fmt: str) -> tuple[int, int, int]:
    """Stored (sign, biased exponent, mantissa) of `x` rounded once, ties to even, to `fmt`."""
    spec = formats.get_format(fmt)
    if fmt in _VIEWS:
        # numpy's casts from float64 round once, to nearest even: read the bits of the result.
        real, unsigned = _VIEWS[fmt]
        with np.errstate(over="ignore"):
            bits = int(np.array(x, dtype=real).view(unsigned))
    else:
        # bf16 is the top half of an fp32 pattern. Round exactly with Fraction to 8 significant
        # bits (bf16's quantum in x's binade), after which the fp32 cast is exact.
        x = float(x)
        if math.isfinite(x) and x != 0:
            exponent = max(math.frexp(abs(x))[1] - 1, -126)
            quantum = Fraction(2) ** (exponent - 7)
            rounded = round(Fraction(abs(x)) / quantum) * quantum  # Fraction rounds ties to even
            x = math.copysign(math.inf if rounded >= 2**128 else float(rounded), x)
        with np.errstate(over="ignore"):
            bits = int(np.array(x, dtype=np.float32).view(np.uint32)) >> 16
    exponent = (bits >> spec.mantissa_bits) & (2**spec.exponent_bits - 1)
    return bits >> (spec.total_bits - 1), exponent, bits & (2**spec.mantissa_bits - 1)
'''

MISTAKES["ex01_float_bits"] = {
    "truncates instead of rounding to nearest": """
def float_bits(x: float, fmt: str) -> tuple[int, int, int]:
    spec = formats.get_format(fmt)
    m = spec.mantissa_bits
    all_ones = 2**spec.exponent_bits - 1
    x = float(x)
    sign = int(math.copysign(1.0, x) < 0)
    if math.isnan(x):
        return sign, all_ones, 1 << (m - 1)
    if math.isinf(x):
        return sign, all_ones, 0
    exponent = max(math.frexp(abs(x))[1] - 1, spec.min_exponent)
    significand = int(math.ldexp(abs(x), m - exponent))  # chops the extra bits
    if significand < 2**m:
        return sign, 0, significand
    if exponent > spec.max_exponent:
        return sign, all_ones, 0
    return sign, exponent + spec.bias, significand - 2**m
""",
    "returns the unbiased exponent": """
def float_bits(x: float, fmt: str) -> tuple[int, int, int]:
    spec = formats.get_format(fmt)
    bits = int(formats.bits_of(x, fmt))
    exponent = (bits >> spec.mantissa_bits) & (2**spec.exponent_bits - 1)
    return bits >> (spec.total_bits - 1), exponent - spec.bias, bits & (2**spec.mantissa_bits - 1)
""",
    "bf16 by truncating the fp32 bits": """
def float_bits(x: float, fmt: str) -> tuple[int, int, int]:
    spec = formats.get_format(fmt)
    views = {"fp64": (np.float64, np.uint64), "fp32": (np.float32, np.uint32)}
    views["fp16"] = (np.float16, np.uint16)
    with np.errstate(over="ignore"):
        if fmt == "bf16":
            bits = int(np.array(x, dtype=np.float32).view(np.uint32)) >> 16  # drops 16 bits
        else:
            real, unsigned = views[fmt]
            bits = int(np.array(x, dtype=real).view(unsigned))
    exponent = (bits >> spec.mantissa_bits) & (2**spec.exponent_bits - 1)
    return bits >> (spec.total_bits - 1), exponent, bits & (2**spec.mantissa_bits - 1)
""",
    "rounds ties away from zero": """
def float_bits(x: float, fmt: str) -> tuple[int, int, int]:
    spec = formats.get_format(fmt)
    m = spec.mantissa_bits
    all_ones = 2**spec.exponent_bits - 1
    x = float(x)
    sign = int(math.copysign(1.0, x) < 0)
    if math.isnan(x):
        return sign, all_ones, 1 << (m - 1)
    if math.isinf(x):
        return sign, all_ones, 0
    exponent = max(math.frexp(abs(x))[1] - 1, spec.min_exponent)
    significand = math.floor(math.ldexp(abs(x), m - exponent) + 0.5)
    if significand == 2 ** (m + 1):
        significand, exponent = 2**m, exponent + 1
    if significand < 2**m:
        return sign, 0, significand
    if exponent > spec.max_exponent:
        return sign, all_ones, 0
    return sign, exponent + spec.bias, significand - 2**m
""",
}

# ----------------------------------------------------------------------------------------- ex02
ALTERNATIVES["ex02_float_value"] = '''
from fractions import Fraction

LAYOUTS = {"fp64": (11, 52), "fp32": (8, 23), "fp16": (5, 10), "bf16": (8, 7)}


def float_value(sign: int, exponent: int, mantissa: int, fmt: str) -> float:
    """The value of the stored fields of `fmt`: normal, subnormal, +-0, +-inf or NaN."""
    if fmt not in LAYOUTS:
        raise ValueError(f"unknown fmt {fmt!r}")
    exponent_bits, mantissa_bits = LAYOUTS[fmt]
    bias = 2 ** (exponent_bits - 1) - 1
    if sign not in (0, 1):
        raise ValueError("sign must be 0 or 1")
    if exponent < 0 or exponent >= 2**exponent_bits:
        raise ValueError("exponent field out of range")
    if mantissa < 0 or mantissa >= 2**mantissa_bits:
        raise ValueError("mantissa field out of range")
    if exponent == 2**exponent_bits - 1:
        value = float("inf") if mantissa == 0 else float("nan")
    elif exponent == 0:
        value = float(Fraction(mantissa, 2**mantissa_bits) * Fraction(2) ** (1 - bias))
    else:
        value = float((1 + Fraction(mantissa, 2**mantissa_bits)) * Fraction(2) ** (exponent - bias))
    return -value if sign else value
'''

MISTAKES["ex02_float_value"] = {
    "gives subnormals an implicit leading 1": """
def float_value(sign: int, exponent: int, mantissa: int, fmt: str) -> float:
    spec = formats.get_format(fmt)
    p = spec.mantissa_bits
    all_ones = 2**spec.exponent_bits - 1
    if sign not in (0, 1):
        raise ValueError("sign must be 0 or 1")
    if not 0 <= exponent <= all_ones:
        raise ValueError("exponent out of range")
    if not 0 <= mantissa < 2**p:
        raise ValueError("mantissa out of range")
    if exponent == all_ones:
        magnitude = math.inf if mantissa == 0 else math.nan
    else:
        magnitude = math.ldexp(2**p + mantissa, exponent - spec.bias - p)
    return math.copysign(magnitude, -1.0 if sign else 1.0)
""",
    "does not validate the fields": """
def float_value(sign: int, exponent: int, mantissa: int, fmt: str) -> float:
    spec = formats.get_format(fmt)
    p = spec.mantissa_bits
    if exponent == 2**spec.exponent_bits - 1:
        magnitude = math.inf if mantissa == 0 else math.nan
    elif exponent == 0:
        magnitude = math.ldexp(mantissa, spec.min_exponent - p)
    else:
        magnitude = math.ldexp(2**p + mantissa, exponent - spec.bias - p)
    return math.copysign(magnitude, -1.0 if sign else 1.0)
""",
    "scales subnormals by 2**-bias instead of 2**(1 - bias)": """
def float_value(sign: int, exponent: int, mantissa: int, fmt: str) -> float:
    spec = formats.get_format(fmt)
    p = spec.mantissa_bits
    all_ones = 2**spec.exponent_bits - 1
    if sign not in (0, 1):
        raise ValueError("sign must be 0 or 1")
    if not 0 <= exponent <= all_ones:
        raise ValueError("exponent out of range")
    if not 0 <= mantissa < 2**p:
        raise ValueError("mantissa out of range")
    if exponent == all_ones:
        magnitude = math.inf if mantissa == 0 else math.nan
    elif exponent == 0:
        magnitude = math.ldexp(mantissa, -spec.bias - p)  # the exponent field 0, minus the bias
    else:
        magnitude = math.ldexp(2**p + mantissa, exponent - spec.bias - p)
    return math.copysign(magnitude, -1.0 if sign else 1.0)
""",
}

# ----------------------------------------------------------------------------------------- ex03
ALTERNATIVES["ex03_ulp"] = '''
def ulp(x: float, fmt: str) -> float:
    """Gap from `x` rounded to `fmt` to the next value of `fmt` away from zero."""
    dtype = formats.get_format(fmt).dtype.type
    if not np.isfinite(x):
        raise ValueError("x must be finite")
    stored = abs(formats.round_to(x, fmt))
    if np.isinf(stored):
        return float("inf")
    with np.errstate(over="ignore"):
        above = np.nextafter(stored, dtype(np.inf))
        # Neighbouring floats differ by a power of two, which the subtraction gives exactly.
        return float(above - stored)
'''

MISTAKES["ex03_ulp"] = {
    "abs(np.spacing) copies numpy's float16 bug": """
def ulp(x: float, fmt: str) -> float:
    if not math.isfinite(x):
        raise ValueError("x must be finite")
    stored = formats.round_to(x, fmt)
    if np.isinf(stored):
        return math.inf
    return float(abs(np.spacing(stored)))
""",
    "takes the binade of x before rounding": """
def ulp(x: float, fmt: str) -> float:
    spec = formats.get_format(fmt)
    if not math.isfinite(x):
        raise ValueError("x must be finite")
    if math.isinf(float(formats.round_to(x, fmt))):
        return math.inf
    if abs(x) < spec.smallest_normal:
        return spec.smallest_subnormal
    return math.ldexp(1.0, math.frexp(abs(x))[1] - 1 - spec.mantissa_bits)
""",
    "the gap toward zero": """
def ulp(x: float, fmt: str) -> float:
    spec = formats.get_format(fmt)
    if not math.isfinite(x):
        raise ValueError("x must be finite")
    stored = abs(formats.round_to(x, fmt))
    if np.isinf(stored):
        return math.inf
    if stored == 0:
        return spec.smallest_subnormal
    return float(stored - np.nextafter(stored, spec.dtype.type(0)))
""",
    "no subnormal floor": """
def ulp(x: float, fmt: str) -> float:
    spec = formats.get_format(fmt)
    if not math.isfinite(x):
        raise ValueError("x must be finite")
    magnitude = abs(float(formats.round_to(x, fmt)))
    if math.isinf(magnitude):
        return math.inf
    return math.ldexp(1.0, math.frexp(magnitude)[1] - 1 - spec.mantissa_bits)
""",
}

# ----------------------------------------------------------------------------------------- ex04
ALTERNATIVES["ex04_machine_epsilon"] = '''
DTYPES = {"fp64": np.float64, "fp32": np.float32, "fp16": np.float16, "bf16": ml_dtypes.bfloat16}


def machine_epsilon(fmt: str) -> float:
    """Gap from 1 to the next value of `fmt`, found by halving in the format's own arithmetic."""
    if fmt not in DTYPES:
        raise ValueError(f"fmt must be one of {sorted(DTYPES)}, got {fmt!r}")
    to_format = DTYPES[fmt]
    eps = 1.0
    # 1 + eps/2 is exact in float64 for these eps; one cast then rounds it into the format.
    while to_format(1.0 + eps / 2) != to_format(1.0):
        eps /= 2
    return eps
'''

MISTAKES["ex04_machine_epsilon"] = {
    "halves in Python floats for every format": """
def machine_epsilon(fmt: str) -> float:
    formats.get_format(fmt)
    eps = 1.0
    while 1.0 + eps / 2 != 1.0:
        eps /= 2
    return eps
""",
    "returns the unit roundoff": """
def machine_epsilon(fmt: str) -> float:
    number = formats.get_format(fmt).dtype.type
    one, two = number(1), number(2)
    eps = one
    while one + eps != one:
        eps = eps / two
    return float(eps)
""",
    "reads finfo": """
def machine_epsilon(fmt: str) -> float:
    return float(ml_dtypes.finfo(formats.get_format(fmt).dtype).eps)
""",
}

# ----------------------------------------------------------------------------------------- ex05
ALTERNATIVES["ex05_count_between"] = '''
TYPES = {
    "fp64": (np.float64, np.int64),
    "fp32": (np.float32, np.int32),
    "fp16": (np.float16, np.int16),
    "bf16": (ml_dtypes.bfloat16, np.int16),
}


def count_between(a: float, b: float, fmt: str) -> int:
    """How many values of `fmt` lie in the closed interval [a, b]; +0 and -0 count once."""
    if fmt not in TYPES:
        raise ValueError(f"unknown fmt {fmt!r}")
    if not (np.isfinite(a) and np.isfinite(b)) or a > b:
        raise ValueError("need finite a <= b")
    real, signed = TYPES[fmt]
    with np.errstate(over="ignore"):
        low, high = real(a), real(b)  # a neighbour of a (of b), whatever the rounding route
        if float(low) < a:
            low = np.nextafter(low, real(np.inf))
        if float(high) > b:
            high = np.nextafter(high, real(-np.inf))
    if float(low) > float(high):
        return 0

    def key(value):
        # Two's-complement view of a sign-magnitude pattern: flip the negative half into order.
        i = int(np.array(value, dtype=real).view(signed))
        return i if i >= 0 else -(i & np.iinfo(signed).max)

    return key(high) - key(low) + 1
'''

MISTAKES["ex05_count_between"] = {
    "counts +0 and -0 as two values": """
def count_between(a: float, b: float, fmt: str) -> int:
    spec = formats.get_format(fmt)
    if not (math.isfinite(a) and math.isfinite(b)) or a > b:
        raise ValueError("need finite a <= b")
    sign_bit = 1 << (spec.total_bits - 1)

    def position(stored):
        bits = int(stored.view(spec.uint_dtype))
        return -(bits & ~sign_bit) - 1 if bits & sign_bit else bits  # -0.0 sits at -1

    low, high = formats.round_to(a, spec), formats.round_to(b, spec)
    first = position(low) + (float(low) < a)
    last = position(high) - (float(high) > b)
    return max(last - first + 1, 0)
""",
    "divides the length by the ulp at a": """
def count_between(a: float, b: float, fmt: str) -> int:
    spec = formats.get_format(fmt)
    if not (math.isfinite(a) and math.isfinite(b)) or a > b:
        raise ValueError("need finite a <= b")
    stored = abs(float(formats.round_to(a, spec)))
    if stored < spec.smallest_normal:
        gap = spec.smallest_subnormal
    else:
        gap = math.ldexp(1.0, math.frexp(stored)[1] - 1 - spec.mantissa_bits)
    return int((b - a) / gap) + 1
""",
    "rounds a and b to nearest, not into the interval": """
def count_between(a: float, b: float, fmt: str) -> int:
    spec = formats.get_format(fmt)
    if not (math.isfinite(a) and math.isfinite(b)) or a > b:
        raise ValueError("need finite a <= b")
    sign_bit = 1 << (spec.total_bits - 1)

    def position(stored):
        bits = int(stored.view(spec.uint_dtype))
        return -(bits & ~sign_bit) if bits & sign_bit else bits

    first = position(formats.round_to(a, spec))
    last = position(formats.round_to(b, spec))
    return max(last - first + 1, 0)
""",
}

# ----------------------------------------------------------------------------------------- ex06
ALTERNATIVES["ex06_welford"] = '''
def welford(xs) -> tuple[int, float, float]:
    """One streaming pass: (n, mean, m2) with m2 the sum of squared deviations from the mean."""
    n, mean, m2 = 0, 0.0, 0.0
    for x in np.asarray(xs, dtype=float).ravel().tolist():
        n += 1
        delta = x - mean
        m2 += delta * delta * (n - 1) / n  # West's form of the same update
        mean += delta / n
    return n, mean, m2


def welford_merge(a, b):
    """The (n, mean, m2) triple of two data sets joined."""
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    if n_a == 0:
        return tuple(b)
    if n_b == 0:
        return tuple(a)
    mean = (n_a * mean_a + n_b * mean_b) / n
    return n, mean, m2_a + m2_b + (mean_b - mean_a) ** 2 * n_a * n_b / n
'''

MISTAKES["ex06_welford"] = {
    "sum of squares minus square of the sum": """
def welford(xs) -> tuple[int, float, float]:
    n, total, squares = 0, 0.0, 0.0
    for x in xs:
        n += 1
        total += float(x)
        squares += float(x) ** 2
    mean = total / n if n else 0.0
    return n, mean, squares - total * total / n if n else 0.0


def welford_merge(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    if n == 0:
        return 0, 0.0, 0.0
    delta = mean_b - mean_a
    return n, mean_a + delta * n_b / n, m2_a + m2_b + delta**2 * n_a * n_b / n
""",
    "merge forgets the delta**2 * n_a * n_b / n term": """
def welford(xs) -> tuple[int, float, float]:
    n, mean, m2 = 0, 0.0, 0.0
    for x in xs:
        x = float(x)
        n += 1
        delta = x - mean
        mean += delta / n
        m2 += delta * (x - mean)
    return n, mean, m2


def welford_merge(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    if n == 0:
        return 0, 0.0, 0.0
    return n, mean_a + (mean_b - mean_a) * n_b / n, m2_a + m2_b
""",
    "update squares the old deviation": """
def welford(xs) -> tuple[int, float, float]:
    n, mean, m2 = 0, 0.0, 0.0
    for x in xs:
        x = float(x)
        n += 1
        delta = x - mean
        mean += delta / n
        m2 += delta * delta  # should be delta * (x - new mean)
    return n, mean, m2


def welford_merge(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    if n == 0:
        return 0, 0.0, 0.0
    delta = mean_b - mean_a
    return n, mean_a + delta * n_b / n, m2_a + m2_b + delta**2 * n_a * n_b / n
""",
    "merge forgets to divide by n": """
def welford(xs) -> tuple[int, float, float]:
    n, mean, m2 = 0, 0.0, 0.0
    for x in xs:
        x = float(x)
        n += 1
        delta = x - mean
        mean += delta / n
        m2 += delta * (x - mean)
    return n, mean, m2


def welford_merge(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    if n == 0:
        return 0, 0.0, 0.0
    delta = mean_b - mean_a
    return n, mean_a + delta * n_b / n, m2_a + m2_b + delta**2 * n_a * n_b
""",
}

# ----------------------------------------------------------------------------------------- ex07
ALTERNATIVES["ex07_kahan_sum"] = '''
def kahan_sum(xs):
    """Kahan's feedback loop with Knuth's TwoSum: the exact error of each addition, either order."""
    xs = np.asarray(xs)
    total = error = xs.dtype.type(0)
    for x in xs.flat:
        y = x + error
        t = total + y
        z = t - total
        error = (total - (t - z)) + (y - z)  # total + y == t + error exactly
        total = t
    return total
'''

MISTAKES["ex07_kahan_sum"] = {
    "a plain running sum": """
def kahan_sum(xs):
    xs = np.asarray(xs)
    total = xs.dtype.type(0)
    for x in xs.flat:
        total = total + x
    return total
""",
    "compensation with the wrong sign": """
def kahan_sum(xs):
    xs = np.asarray(xs)
    total = compensation = xs.dtype.type(0)
    for x in xs.flat:
        y = x + compensation
        t = total + y
        compensation = (t - total) - y
        total = t
    return total
""",
    "accumulates in Python floats (float64)": """
def kahan_sum(xs):
    total = compensation = 0.0
    for x in np.asarray(xs).flat:
        y = float(x) - compensation
        t = total + y
        compensation = (t - total) - y
        total = t
    return total
""",
    "calls np.sum": """
def kahan_sum(xs):
    xs = np.asarray(xs)
    return np.sum(xs, dtype=xs.dtype)
""",
}

# ----------------------------------------------------------------------------------------- ex08
ALTERNATIVES["ex08_logsumexp"] = '''
def logsumexp(z, axis=None):
    """log(sum(exp(z))) over `axis`: move the reduced axes last, flatten them, shift per slice."""
    z = np.asarray(z, dtype=float)
    if axis is None:
        axes = tuple(range(z.ndim))
    else:
        axes = tuple(a % z.ndim for a in (axis if isinstance(axis, tuple) else (axis,)))
    kept = [d for d in range(z.ndim) if d not in axes]
    flat = np.transpose(z, kept + list(axes)).reshape([z.shape[d] for d in kept] + [-1])
    top = flat.max(axis=-1)
    safe = np.where(np.isfinite(top), top, 0.0)
    with np.errstate(divide="ignore", over="ignore"):
        out = safe + np.log(np.exp(flat - safe[..., None]).sum(axis=-1))
    return out[()] if out.ndim == 0 else out
'''

MISTAKES["ex08_logsumexp"] = {
    "no max shift": """
def logsumexp(z, axis=None):
    return np.log(np.sum(np.exp(np.asarray(z, dtype=float)), axis=axis))
""",
    "shifts by the max without handling infinite maxima": """
def logsumexp(z, axis=None):
    z = np.asarray(z, dtype=float)
    shift = np.max(z, axis=axis, keepdims=True)
    result = np.log(np.sum(np.exp(z - shift), axis=axis, keepdims=True)) + shift
    return result.reshape(())[()] if axis is None else np.squeeze(result, axis=axis)
""",
    "keeps the reduced axes": """
def logsumexp(z, axis=None):
    z = np.asarray(z, dtype=float)
    shift = np.max(z, axis=axis, keepdims=True)
    shift = np.where(np.isfinite(shift), shift, 0.0)
    return np.log(np.sum(np.exp(z - shift), axis=axis, keepdims=True)) + shift
""",
    "calls scipy": """
from scipy.special import logsumexp as _library_logsumexp


def logsumexp(z, axis=None):
    return _library_logsumexp(z, axis=axis)
""",
}

# ----------------------------------------------------------------------------------------- ex09
ALTERNATIVES["ex09_softmax"] = '''
def softmax(z, axis: int = -1) -> np.ndarray:
    """exp(z - logsumexp(z)) along `axis`: the log-softmax route."""
    z = np.asarray(z, dtype=float)
    top = np.max(z, axis=axis, keepdims=True)
    log_normalizer = top + np.log(np.sum(np.exp(z - top), axis=axis, keepdims=True))
    return np.exp(z - log_normalizer)


def exp_overflow_threshold(fmt: str) -> float:
    """ln of the largest finite value of `fmt`."""
    return math.log(float(ml_dtypes.finfo(formats.get_format(fmt).dtype).max))
'''

MISTAKES["ex09_softmax"] = {
    "no max shift": """
def softmax(z, axis: int = -1) -> np.ndarray:
    e = np.exp(np.asarray(z, dtype=float))
    return e / np.sum(e, axis=axis, keepdims=True)


def exp_overflow_threshold(fmt: str) -> float:
    return math.log(formats.get_format(fmt).max_finite)
""",
    "one global max for every slice": """
def softmax(z, axis: int = -1) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z))
    return e / np.sum(e, axis=axis, keepdims=True)


def exp_overflow_threshold(fmt: str) -> float:
    return math.log(formats.get_format(fmt).max_finite)
""",
    "log2 in the threshold": """
def softmax(z, axis: int = -1) -> np.ndarray:
    z = np.asarray(z, dtype=float)
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def exp_overflow_threshold(fmt: str) -> float:
    return math.log2(formats.get_format(fmt).max_finite)
""",
}

# ----------------------------------------------------------------------------------------- ex10
ALTERNATIVES["ex10_bce_with_logits"] = '''
def bce_with_logits(logits, targets) -> float:
    """(1 - t) x + softplus(-x), with softplus(-x) = max(-x, 0) + log1p(exp(-|x|)), in x's dtype."""
    x = np.asarray(logits)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    t = np.asarray(targets, dtype=x.dtype)
    if x.shape != t.shape:
        raise ValueError("logits and targets must have the same shape")
    losses = (1 - t) * x + np.maximum(-x, 0) + np.log1p(np.exp(-np.abs(x)))
    return float(losses.mean())
'''

MISTAKES["ex10_bce_with_logits"] = {
    "sigmoid first, then log": """
def bce_with_logits(logits, targets) -> float:
    x, t = np.asarray(logits, dtype=float), np.asarray(targets, dtype=float)
    if x.shape != t.shape:
        raise ValueError("shape mismatch")
    p = 1 / (1 + np.exp(-x))
    return float(np.mean(-t * np.log(p) - (1 - t) * np.log(1 - p)))
""",
    "hard targets only": """
def bce_with_logits(logits, targets) -> float:
    x, t = np.asarray(logits, dtype=float), np.asarray(targets, dtype=float)
    if x.shape != t.shape:
        raise ValueError("shape mismatch")
    softplus = lambda v: np.maximum(v, 0) + np.log1p(np.exp(-np.abs(v)))
    return float(np.mean(np.where(t > 0.5, softplus(-x), softplus(x))))
""",
    "sums instead of averaging": """
def bce_with_logits(logits, targets) -> float:
    x, t = np.asarray(logits, dtype=float), np.asarray(targets, dtype=float)
    if x.shape != t.shape:
        raise ValueError("shape mismatch")
    return float(np.sum(np.maximum(x, 0) - t * x + np.log1p(np.exp(-np.abs(x)))))
""",
    "log(1 + exp(-|x|)) instead of log1p": """
def bce_with_logits(logits, targets) -> float:
    x, t = np.asarray(logits, dtype=float), np.asarray(targets, dtype=float)
    if x.shape != t.shape:
        raise ValueError("shape mismatch")
    return float(np.mean(np.maximum(x, 0) - t * x + np.log(1 + np.exp(-np.abs(x)))))
""",
}

# ----------------------------------------------------------------------------------------- ex11
ALTERNATIVES["ex11_loss_scale_for"] = '''
SMALLEST_NORMAL = {"fp64": 2.0**-1022, "fp32": 2.0**-126, "fp16": 2.0**-14, "bf16": 2.0**-126}


def loss_scale_for(grad: float, fmt: str = "fp16") -> float:
    """Double S from 1 until |grad| * S reaches the smallest normal value (exact: powers of two)."""
    if fmt not in SMALLEST_NORMAL:
        raise ValueError(f"unknown fmt {fmt!r}")
    grad = float(grad)
    if grad == 0 or not math.isfinite(grad):
        raise ValueError(f"grad must be finite and nonzero, got {grad}")
    scale = 1.0
    while abs(grad) * scale < SMALLEST_NORMAL[fmt]:
        scale *= 2.0
    return scale
'''

MISTAKES["ex11_loss_scale_for"] = {
    "aims at the smallest subnormal": """
def loss_scale_for(grad: float, fmt: str = "fp16") -> float:
    spec = formats.get_format(fmt)
    if not math.isfinite(grad) or grad == 0:
        raise ValueError("grad must be finite and nonzero")
    _, e = math.frexp(abs(grad))
    return math.ldexp(1.0, max(spec.min_exponent - spec.mantissa_bits - e + 1, 0))
""",
    "floor instead of ceil": """
def loss_scale_for(grad: float, fmt: str = "fp16") -> float:
    spec = formats.get_format(fmt)
    if not math.isfinite(grad) or grad == 0:
        raise ValueError("grad must be finite and nonzero")
    return 2.0 ** max(math.floor(math.log2(spec.smallest_normal / abs(grad))), 0)
""",
    "forgets abs for negative gradients": """
def loss_scale_for(grad: float, fmt: str = "fp16") -> float:
    spec = formats.get_format(fmt)
    if not math.isfinite(grad) or grad == 0:
        raise ValueError("grad must be finite and nonzero")
    return 2.0 ** max(math.ceil(math.log2(spec.smallest_normal / grad)), 0)
""",
    "ceil(log2(...)) rounds across the boundaries": """
def loss_scale_for(grad: float, fmt: str = "fp16") -> float:
    spec = formats.get_format(fmt)
    if not math.isfinite(grad) or grad == 0:
        raise ValueError("grad must be finite and nonzero")
    return 2.0 ** max(math.ceil(math.log2(spec.smallest_normal / abs(grad))), 0)
""",
}

# ----------------------------------------------------------------------------------------- ex12
ALTERNATIVES["ex12_quadratic_roots"] = '''
def quadratic_roots(a: float, b: float, c: float) -> tuple[float, float]:
    """The larger root by the formula with no cancellation, the smaller from r1 * r2 = c / a."""
    if a == 0:
        raise ValueError("a must be nonzero")
    disc = b * b - 4 * a * c
    if disc < 0:
        raise ValueError("the roots are complex")
    big = (-b - math.copysign(math.sqrt(disc), b)) / (2 * a)
    small = c / (a * big) if big != 0 else 0.0
    return tuple(sorted((big, small)))
'''

MISTAKES["ex12_quadratic_roots"] = {
    "the textbook formula": """
def quadratic_roots(a: float, b: float, c: float) -> tuple[float, float]:
    if a == 0:
        raise ValueError("a must be nonzero")
    disc = b * b - 4 * a * c
    if disc < 0:
        raise ValueError("complex roots")
    root = math.sqrt(disc)
    return tuple(sorted(((-b - root) / (2 * a), (-b + root) / (2 * a))))
""",
    "np.sign(b) is 0 at b = 0": """
def quadratic_roots(a: float, b: float, c: float) -> tuple[float, float]:
    if a == 0:
        raise ValueError("a must be nonzero")
    disc = b * b - 4 * a * c
    if disc < 0:
        raise ValueError("complex roots")
    q = -0.5 * (b + np.sign(b) * math.sqrt(disc))
    if a * c == 0 and b == 0:
        return 0.0, 0.0
    return tuple(sorted((q / a, c / q)))
""",
    "returns the roots unsorted": """
def quadratic_roots(a: float, b: float, c: float) -> tuple[float, float]:
    if a == 0:
        raise ValueError("a must be nonzero")
    disc = b * b - 4 * a * c
    if disc < 0:
        raise ValueError("complex roots")
    q = -0.5 * (b + math.copysign(math.sqrt(disc), b))
    if q == 0:
        return 0.0, 0.0
    return q / a, c / q
""",
    "returns NaN for complex roots": """
def quadratic_roots(a: float, b: float, c: float) -> tuple[float, float]:
    if a == 0:
        raise ValueError("a must be nonzero")
    disc = b * b - 4 * a * c
    root = math.sqrt(disc) if disc >= 0 else math.nan
    q = -0.5 * (b + math.copysign(root, b))
    if q == 0:
        return 0.0, 0.0
    return tuple(sorted((q / a, c / q)))
""",
}

MISTAKES["ex10_bce_with_logits"]["softplus as log1p(exp(-x)) overflows for negative logits"] = """
def bce_with_logits(logits, targets) -> float:
    x, t = np.asarray(logits, dtype=float), np.asarray(targets, dtype=float)
    if x.shape != t.shape:
        raise ValueError("shape mismatch")
    return float(np.mean((1 - t) * x + np.log1p(np.exp(-x))))  # exp(1e4) is inf
"""

# ------------------------------------------------------------------------ the teaching contract
# The mistake each exercise exists to teach: it fails a visible assert whose message says why.
MAIN_MISTAKES: dict[str, str] = {
    "ex01_float_bits": "rounds ties away from zero",
    "ex02_float_value": "gives subnormals an implicit leading 1",
    "ex03_ulp": "abs(np.spacing) copies numpy's float16 bug",
    "ex04_machine_epsilon": "halves in Python floats for every format",
    "ex05_count_between": "divides the length by the ulp at a",
    "ex06_welford": "sum of squares minus square of the sum",
    "ex07_kahan_sum": "a plain running sum",
    "ex08_logsumexp": "no max shift",
    "ex09_softmax": "no max shift",
    "ex10_bce_with_logits": "softplus as log1p(exp(-x)) overflows for negative logits",
    "ex11_loss_scale_for": "aims at the smallest subnormal",
    "ex12_quadratic_roots": "the textbook formula",
}
# The pipeline test submits the first mistake of every exercise as one student: main ones first.
for _exercise, _name in MAIN_MISTAKES.items():
    MISTAKES[_exercise] = {_name: MISTAKES[_exercise][_name], **MISTAKES[_exercise]}

# Answers that hand the job to a shipped `course` helper or to a routine the contract forbids:
# each must score zero on its exercise.
DELEGATIONS: dict[str, dict[str, str]] = {
    "ex01_float_bits": {
        "formats.bits_of split into fields": """
def float_bits(x: float, fmt: str) -> tuple[int, int, int]:
    spec = formats.get_format(fmt)
    bits = int(formats.bits_of(x, fmt))
    exponent = (bits >> spec.mantissa_bits) & (2**spec.exponent_bits - 1)
    return bits >> (spec.total_bits - 1), exponent, bits & (2**spec.mantissa_bits - 1)
""",
        "formats.round_to viewed as unsigned ints": """
def float_bits(x: float, fmt: str) -> tuple[int, int, int]:
    spec = formats.get_format(fmt)
    bits = int(np.asarray(formats.round_to(x, fmt)).view(spec.uint_dtype))
    exponent = (bits >> spec.mantissa_bits) & (2**spec.exponent_bits - 1)
    return bits >> (spec.total_bits - 1), exponent, bits & (2**spec.mantissa_bits - 1)
""",
        "the bit explorer's model": """
from course import floats


def float_bits(x: float, fmt: str) -> tuple[int, int, int]:
    model = floats.bit_model(x, fmt)
    return int(model.sign), model.biased_exponent, int(model.mantissa_bits, 2)
""",
    },
    "ex02_float_value": {
        "formats.from_bits of the assembled pattern": """
def float_value(sign: int, exponent: int, mantissa: int, fmt: str) -> float:
    spec = formats.get_format(fmt)
    if sign not in (0, 1):
        raise ValueError("sign must be 0 or 1")
    if not 0 <= exponent < 2**spec.exponent_bits:
        raise ValueError("exponent out of range")
    if not 0 <= mantissa < 2**spec.mantissa_bits:
        raise ValueError("mantissa out of range")
    pattern = (sign << (spec.total_bits - 1)) | (exponent << spec.mantissa_bits) | mantissa
    return float(formats.from_bits(pattern, fmt))
""",
        "the bit explorer's bits_to_value": """
from course import floats


def float_value(sign: int, exponent: int, mantissa: int, fmt: str) -> float:
    spec = formats.get_format(fmt)
    if sign not in (0, 1):
        raise ValueError("sign must be 0 or 1")
    if not 0 <= exponent < 2**spec.exponent_bits:
        raise ValueError("exponent out of range")
    if not 0 <= mantissa < 2**spec.mantissa_bits:
        raise ValueError("mantissa out of range")
    exponent_bits = format(exponent, f"0{spec.exponent_bits}b")
    mantissa_bits = format(mantissa, f"0{spec.mantissa_bits}b")
    return floats.bits_to_value(sign, exponent_bits, mantissa_bits, fmt)
""",
    },
    "ex03_ulp": {
        "the ULP ruler's model": """
from course import floats


def ulp(x: float, fmt: str) -> float:
    if not math.isfinite(x):
        raise ValueError("x must be finite")
    model = floats.ruler_model(abs(x), fmt, neighbours=0)
    return math.inf if model.is_inf else model.gap_above
""",
    },
    "ex04_machine_epsilon": {
        "reads formats' epsilon": """
def machine_epsilon(fmt: str) -> float:
    return formats.get_format(fmt).epsilon
""",
        "reads numpy's finfo": """
def machine_epsilon(fmt: str) -> float:
    return float(np.finfo(formats.get_format(fmt).dtype).eps)
""",
    },
    "ex06_welford": {
        "numpy's mean and var (two passes over the data)": """
def welford(xs) -> tuple[int, float, float]:
    x = np.asarray(xs, dtype=float).ravel()
    if x.size == 0:
        return 0, 0.0, 0.0
    return x.size, float(np.mean(x)), float(np.var(x) * x.size)


def welford_merge(a, b):
    (n_a, mean_a, m2_a), (n_b, mean_b, m2_b) = a, b
    n = n_a + n_b
    if n == 0:
        return 0, 0.0, 0.0
    delta = mean_b - mean_a
    return n, mean_a + delta * n_b / n, m2_a + m2_b + delta**2 * n_a * n_b / n
""",
    },
    "ex07_kahan_sum": {
        "np.sum in the input's dtype": """
def kahan_sum(xs):
    xs = np.asarray(xs)
    return np.sum(xs, dtype=xs.dtype)
""",
        "math.fsum rounded to the dtype": """
def kahan_sum(xs):
    xs = np.asarray(xs)
    return xs.dtype.type(math.fsum(xs.astype(np.float64).ravel()))
""",
    },
    "ex08_logsumexp": {
        "scipy.special.logsumexp": """
import scipy.special


def logsumexp(z, axis=None):
    return scipy.special.logsumexp(z, axis=axis)
""",
        "numpy.logaddexp.reduce": """
def logsumexp(z, axis=None):
    z = np.asarray(z, dtype=float)
    if axis is None:
        return np.logaddexp.reduce(z.ravel())
    return np.logaddexp.reduce(z, axis=axis)
""",
    },
}
