"""Where a real number lands in a binary format: the computation behind the float widgets.

Everything here is pure (no ipywidgets, no plotting) and exact to the last bit in every format of
`course.formats`, subnormals, signed zeros, infinities and NaN included. Rounding is
`formats.round_to` (round to nearest, ties to even, once). Neighbours come from stepping the bit
pattern: IEEE-style encodings of one sign are ordered like their magnitudes, so reading a pattern
as the integer +magnitude or -magnitude orders all values, and that key plus or minus one is the
next representable value. `np.nextafter` would do for fp16, bf16 and e5m2 but returns NaN for
float8_e4m3fn, which has no infinity to step towards.
"""

from __future__ import annotations

import ast
import math
import operator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import numpy as np

from course.formats import FloatFormat, bits_of, from_bits, get_format

MAX_NEIGHBOURS = 64
CATEGORIES = ("zero", "subnormal", "normal", "inf", "nan")


@dataclass(frozen=True)
class RulerModel:
    """A value rounded once to a format, with the representable numbers around it."""

    value: float
    fmt: str
    stored: float
    exact_decimal: str  # the stored value written out exactly in decimal
    error: float  # value - stored (exact in float64)
    relative_error: float  # |error| / |value|
    gap_below: float  # stored minus the next smaller representable value; inf if none
    gap_above: float  # the next larger representable value minus stored; inf if none
    relative_spacing: float  # the larger finite gap / |stored|: between eps/2 and eps for normals
    below: tuple[float, ...]  # up to `neighbours` finite values under stored, ascending
    above: tuple[float, ...]  # up to `neighbours` finite values over stored, ascending
    # Every real strictly inside rounds to stored. Ends are exact Fractions (fp64's half-way
    # points need 54 bits); +-inf or NaN where the stored value is not finite.
    rounding_interval: tuple[Fraction | float, Fraction | float]
    interval_closed: bool  # the end points round to stored too (ties go to its even pattern)
    category: str  # one of CATEGORIES, of the stored value
    is_zero: bool
    is_subnormal: bool
    is_inf: bool
    is_nan: bool
    overflowed: bool  # a finite value beyond the format's range became inf (NaN in e4m3)
    underflowed: bool  # a nonzero value became zero
    smallest_normal: float  # subnormals are the nonzero values below this
    smallest_subnormal: float


@dataclass(frozen=True)
class BitModel:
    """The fields of one stored bit pattern and what they mean."""

    fmt: str
    pattern: int  # the bits as an unsigned integer
    sign: str  # "0" or "1"
    exponent_bits: str
    mantissa_bits: str
    biased_exponent: int
    unbiased_exponent: int | None  # None for inf and NaN
    category: str  # one of CATEGORIES
    stored: float
    exact_decimal: str
    formula: str  # e.g. "(-1)^0 × 2^(15-15) × 1.5"


def _real(value: float, name: str = "value") -> float:
    """`value` as a float64, or ValueError naming the argument."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        raise ValueError(f"{name} must be a real number, got {value!r}")
    try:
        return float(value)
    except OverflowError as error:  # a Python int beyond float64
        raise ValueError(f"{name} must fit in float64, got {value!r}") from error


def exact_decimal(x: float) -> str:
    """The exact decimal value of a float64 ("0.1000000000000000055511151231257827..."): every
    binary fraction has a finite decimal expansion. "Infinity", "-Infinity", "NaN" otherwise."""
    return str(Decimal(_real(x, "x"))).replace("E", "e")


def _magnitude_bits(spec: FloatFormat) -> int:
    return spec.total_bits - 1


def _order_key(pattern: int, spec: FloatFormat) -> int:
    """A signed integer that sorts like the values (both zeros get key 0)."""
    magnitude = pattern & ((1 << _magnitude_bits(spec)) - 1)
    return -magnitude if pattern >> _magnitude_bits(spec) else magnitude


def _values_at_keys(keys: list[int], spec: FloatFormat) -> list[float]:
    """Values of ordered keys; keys past the largest finite magnitude give +-inf (absent)."""
    sign_bit = 1 << _magnitude_bits(spec)
    largest = int(bits_of(spec.max_finite, spec))
    inside = [k for k in keys if abs(k) <= largest]
    values = from_bits([k if k >= 0 else sign_bit | -k for k in inside], spec).tolist()
    # Keys are consecutive, so the ones inside the range form one run.
    start = next((i for i, k in enumerate(keys) if abs(k) <= largest), 0)
    padded = [math.copysign(math.inf, k) for k in keys]
    padded[start : start + len(values)] = values
    return padded


def _category(pattern: int, spec: FloatFormat) -> str:
    exponent = (pattern >> spec.mantissa_bits) & ((1 << spec.exponent_bits) - 1)
    mantissa = pattern & ((1 << spec.mantissa_bits) - 1)
    top = (1 << spec.exponent_bits) - 1
    if exponent == top:
        if spec.has_inf:
            return "inf" if mantissa == 0 else "nan"
        # OCP E4M3 keeps the top exponent for finite values; only all-ones is NaN.
        if mantissa == (1 << spec.mantissa_bits) - 1:
            return "nan"
    if exponent == 0:
        return "zero" if mantissa == 0 else "subnormal"
    return "normal"


def ruler_model(value: float, fmt: str | FloatFormat, neighbours: int = 4) -> RulerModel:
    """Round `value` once to `fmt` and describe the representable numbers around it.

    Gaps are to the adjacent representable values (inf where there is none). The rounding
    interval is bounded by the half-way points to the neighbours; above the largest finite
    value the half-way point is to max + its spacing, the threshold where overflow starts.
    """
    value = _real(value)
    spec = get_format(fmt)
    if isinstance(neighbours, (bool, np.bool_)) or not isinstance(neighbours, (int, np.integer)):
        raise ValueError(f"neighbours must be an int in [0, {MAX_NEIGHBOURS}], got {neighbours!r}")
    if not 0 <= neighbours <= MAX_NEIGHBOURS:
        raise ValueError(f"neighbours must be in [0, {MAX_NEIGHBOURS}], got {neighbours}")
    neighbours = int(neighbours)
    pattern = int(bits_of(value, spec))
    stored = float(from_bits(pattern, spec))
    category = _category(pattern, spec)
    finite = category not in ("inf", "nan")
    # The spacing just above the largest finite value, as if the exponent range went on.
    top_spacing = math.ldexp(1.0, spec.max_exponent - spec.mantissa_bits)

    with np.errstate(all="ignore"):  # inf - inf and 0 / 0 are the answers meant here
        if finite:
            key = _order_key(pattern, spec)
            steps = range(1, neighbours + 2)
            lower = _values_at_keys([key - i for i in steps], spec)
            upper = _values_at_keys([key + i for i in steps], spec)
            gap_below, gap_above = stored - lower[0], upper[0] - stored
            # Past the end of the range the rounding boundary is still half a spacing away.
            half_below = Fraction(gap_below if math.isfinite(gap_below) else top_spacing) / 2
            half_above = Fraction(gap_above if math.isfinite(gap_above) else top_spacing) / 2
            interval = (Fraction(stored) - half_below, Fraction(stored) + half_above)
            below = tuple(v for v in reversed(lower[:neighbours]) if math.isfinite(v))
            above = tuple(v for v in upper[:neighbours] if math.isfinite(v))
            gaps = [g for g in (gap_below, gap_above) if math.isfinite(g)]
            relative_spacing = max(gaps) / abs(stored) if stored != 0 else math.inf
        else:
            gap_below = gap_above = math.inf if category == "inf" else math.nan
            overflow_at = Fraction(spec.max_finite) + Fraction(top_spacing) / 2
            interval = (
                ((overflow_at, math.inf) if stored > 0 else (-math.inf, -overflow_at))
                if category == "inf"
                else (math.nan, math.nan)
            )
            below = above = ()
            relative_spacing = math.nan
        error = 0.0 if value == stored else value - stored
        if error == 0:
            relative_error = 0.0
        else:
            relative_error = abs(error) / abs(value) if value != 0 else math.inf

    return RulerModel(
        value=value,
        fmt=spec.name,
        stored=stored,
        exact_decimal=exact_decimal(stored),
        error=error,
        relative_error=relative_error,
        gap_below=gap_below,
        gap_above=gap_above,
        relative_spacing=relative_spacing,
        below=below,
        above=above,
        rounding_interval=interval,
        interval_closed=pattern & 1 == 0 and finite,
        category=category,
        is_zero=category == "zero",
        is_subnormal=category == "subnormal",
        is_inf=category == "inf",
        is_nan=category == "nan",
        overflowed=math.isfinite(value) and not finite,
        underflowed=value != 0 and stored == 0,
        smallest_normal=spec.smallest_normal,
        smallest_subnormal=spec.smallest_subnormal,
    )


def bit_model_from_pattern(pattern: int, fmt: str | FloatFormat) -> BitModel:
    """Split an unsigned bit pattern of `fmt` into its fields and explain its value."""
    spec = get_format(fmt)
    if isinstance(pattern, (bool, np.bool_)) or not isinstance(pattern, (int, np.integer)):
        raise ValueError(f"pattern must be an int, got {pattern!r}")
    pattern = int(pattern)
    if not 0 <= pattern < 1 << spec.total_bits:
        raise ValueError(f"pattern must be in [0, 2**{spec.total_bits}), got {pattern}")
    text = format(pattern, f"0{spec.total_bits}b")
    sign, exponent_bits = text[0], text[1 : 1 + spec.exponent_bits]
    mantissa_bits = text[1 + spec.exponent_bits :]
    biased, mantissa = int(exponent_bits, 2), int(mantissa_bits, 2)
    category = _category(pattern, spec)
    stored = float(from_bits(pattern, spec))
    # Fractions m / 2^M with M <= 52 are exact in float64, so Decimal prints them exactly.
    fraction = math.ldexp(mantissa, -spec.mantissa_bits)
    if category in ("zero", "subnormal"):
        unbiased = spec.min_exponent
        formula = f"(-1)^{sign} × 2^(1-{spec.bias}) × {exact_decimal(fraction)}"
    elif category == "normal":
        unbiased = biased - spec.bias
        formula = f"(-1)^{sign} × 2^({biased}-{spec.bias}) × {exact_decimal(1.0 + fraction)}"
    elif category == "inf":
        unbiased = None
        formula = f"(-1)^{sign} × ∞ (exponent all ones, mantissa zero)"
    else:
        unbiased = None
        rule = "mantissa not zero" if spec.has_inf else "mantissa all ones"
        formula = f"NaN (exponent all ones, {rule})"
    return BitModel(
        fmt=spec.name,
        pattern=pattern,
        sign=sign,
        exponent_bits=exponent_bits,
        mantissa_bits=mantissa_bits,
        biased_exponent=biased,
        unbiased_exponent=unbiased,
        category=category,
        stored=stored,
        exact_decimal=exact_decimal(stored),
        formula=formula,
    )


def bit_model(value: float, fmt: str | FloatFormat) -> BitModel:
    """The fields of `value` rounded once to `fmt`."""
    spec = get_format(fmt)
    return bit_model_from_pattern(int(bits_of(_real(value), spec)), spec)


def pattern_from_fields(
    sign: int | str, exponent_bits: str, mantissa_bits: str, fmt: str | FloatFormat
) -> int:
    """Assemble sign, exponent and mantissa bit strings of `fmt` into an unsigned pattern."""
    spec = get_format(fmt)
    if sign not in (0, 1, "0", "1") or isinstance(sign, bool):
        raise ValueError(f"sign must be 0 or 1, got {sign!r}")
    for name, bits, width in (
        ("exponent_bits", exponent_bits, spec.exponent_bits),
        ("mantissa_bits", mantissa_bits, spec.mantissa_bits),
    ):
        if not isinstance(bits, str) or len(bits) != width or set(bits) - {"0", "1"}:
            raise ValueError(
                f"{name} must be {width} characters of 0/1 for {spec.name}, got {bits!r}"
            )
    return int(f"{sign}{exponent_bits}{mantissa_bits}", 2)


def bits_to_value(
    sign: int | str, exponent_bits: str, mantissa_bits: str, fmt: str | FloatFormat
) -> float:
    """The value (as float64) of the pattern with these fields in `fmt`."""
    spec = get_format(fmt)
    return float(from_bits(pattern_from_fields(sign, exponent_bits, mantissa_bits, spec), spec))


_OPERATORS = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Pow: operator.pow,
}


def _evaluate(node: ast.AST) -> float:
    # Every constant becomes a float first, so 10**10**10 overflows at once instead of
    # building a huge integer.
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        operand = _evaluate(node.operand)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        return float(_OPERATORS[type(node.op)](_evaluate(node.left), _evaluate(node.right)))
    raise ValueError("unsupported expression")


def value_text(value: float | str) -> str:
    """The text a value field starts with: text as given, a number as its float64 repr."""
    return value if isinstance(value, str) else repr(_real(value))


def parse_value(text: str) -> float:
    """Read a typed number: anything float() takes ("-0", "inf", "1e-8") or plain arithmetic
    on numbers ("2**-24", "1/3", "1 + 2^-8"). Raises ValueError naming `text` otherwise."""
    if not isinstance(text, str):
        raise ValueError(f"text must be a str, got {text!r}")
    # Written maths says 2^-24; Python's ^ would bind looser than + and mean xor.
    cleaned = text.strip().replace("−", "-").replace("_", "").replace("^", "**")
    try:
        return float(cleaned)
    except ValueError:
        pass
    try:
        if len(cleaned) > 200:
            raise ValueError("too long")
        result = _evaluate(ast.parse(cleaned, mode="eval").body)
    # TypeError: float() of a complex power such as (-8) ** 0.5.
    except (ValueError, SyntaxError, OverflowError, ZeroDivisionError, TypeError) as error:
        raise ValueError(
            f"text must be a number such as 0.1, -0, inf, 1e-8 or 2**-24, got {text!r}"
        ) from error
    return result
