"""Unit tests of course/floats.py and of the rounding in course/formats.py.

The reference for rounding is exact: Fractions, round to nearest with ties to even, with an
unbounded exponent first and overflow decided afterwards (IEEE 754-2019, 4.3.1 and 7.4). Values
are compared bit for bit, so -0 and +0 differ and every ulp counts.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest

from course.floats import (
    bit_model,
    bit_model_from_pattern,
    bits_to_value,
    exact_decimal,
    parse_value,
    pattern_from_fields,
    ruler_model,
    value_text,
)
from course.formats import FORMATS, bits_of, from_bits, get_format, round_to

pytestmark = pytest.mark.filterwarnings("error")
REPO = Path(__file__).resolve().parents[1]
SMALL = ("fp16", "bf16", "e4m3", "e5m2")


def reference_round(x: Fraction | float, fmt: str) -> float:
    """Round the exact real `x` once to `fmt` (ties to even); the result as a float64."""
    spec = get_format(fmt)
    if isinstance(x, float) and not math.isfinite(x):
        return x if (spec.has_inf or math.isnan(x)) else math.nan
    exact = Fraction(x)
    negative = exact < 0 or (exact == 0 and math.copysign(1.0, float(x)) < 0)
    size = abs(exact)
    if size == 0:
        return -0.0 if negative else 0.0
    exponent = size.numerator.bit_length() - size.denominator.bit_length()
    if Fraction(2) ** exponent > size:
        exponent -= 1
    quantum = Fraction(2) ** (max(exponent, spec.min_exponent) - spec.mantissa_bits)
    steps = size / quantum
    whole, rest = divmod(steps.numerator, steps.denominator)
    half = Fraction(rest, steps.denominator)
    if half > Fraction(1, 2) or (half == Fraction(1, 2) and whole % 2 == 1):
        whole += 1
    result = whole * quantum
    if result > Fraction(spec.max_finite):
        result_value = math.inf if spec.has_inf else math.nan
    else:
        result_value = float(result)
    return -result_value if negative else result_value


def same_bits(a: float, b: float, fmt: str) -> bool:
    """Equal as stored patterns of `fmt` (NaNs compare equal to NaNs, -0 differs from +0)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return int(bits_of(a, fmt)) == int(bits_of(b, fmt))


def random_inputs(fmt: str, rng: np.random.Generator, count: int = 1500) -> list[float]:
    """float64 inputs that stress rounding to `fmt`: random bits across and beyond its
    exponent range, exact ties between neighbours, and ties nudged by one float64 ulp."""
    spec = get_format(fmt)
    low, high = spec.min_exponent - spec.mantissa_bits - 3, spec.max_exponent + 3
    exponents = rng.integers(low, high, count)
    mantissas = 1 + rng.integers(0, 2**52, count) / 2**52
    signs = rng.choice([-1.0, 1.0], count)
    with np.errstate(over="ignore"):  # fp64's range ends inside the spread: inf is an input too
        spread = list(signs * np.ldexp(mantissas, exponents))
    patterns = rng.integers(0, 2**spec.total_bits, count, dtype=np.uint64)
    values = from_bits(patterns.astype(spec.uint_dtype), spec)
    values = values[np.isfinite(values)]
    up = from_bits(bits_of(values, spec).astype(np.uint64) + 1, spec)
    ties = [(a + b) / 2 for a, b in zip(values, up, strict=True) if np.isfinite(b) and a != b]
    nudged = [np.nextafter(t, s) for t in ties for s in (-np.inf, np.inf)]
    return spread + ties + [float(v) for v in nudged]


EDGE_CASES = [0.0, -0.0, math.inf, -math.inf, math.nan, 5e-324, -5e-324, 1e308, -1e308]


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_round_to_matches_exact_reference(fmt):
    """Does round_to round every kind of float64 input exactly once, ties to even?"""
    spec = get_format(fmt)
    rng = np.random.default_rng(sum(map(ord, fmt)))
    top = spec.max_finite + math.ldexp(1.0, spec.max_exponent - spec.mantissa_bits - 1)
    specials = [spec.max_finite, top, -top, np.nextafter(top, 0), spec.smallest_subnormal / 2]
    specials += [spec.smallest_subnormal * 0.75, spec.smallest_normal * (1 - 2**-30)]
    inputs = random_inputs(fmt, rng) + EDGE_CASES + [float(v) for v in specials]
    got = np.asarray(round_to(inputs, fmt)).astype(np.float64)
    wrong = [
        (x, g, reference_round(x, fmt))
        for x, g in zip(inputs, got, strict=True)
        if not same_bits(float(g), reference_round(x, fmt), fmt)
    ]
    assert not wrong, f"{len(wrong)} wrong roundings to {fmt}, e.g. {wrong[:3]}"


@pytest.mark.parametrize(
    ("x", "fmt", "expected"),
    [
        (1 + 2**-8 + 2**-30, "bf16", 1 + 2**-7),  # float32 first would give a tie, then 1
        (1 + 2**-8, "bf16", 1.0),  # an exact tie goes to the even neighbour
        (1 + 3 * 2**-8, "bf16", 1 + 2**-6),  # a tie between odd and even goes up
        (1 + 2**-11 + 2**-40, "fp16", 1 + 2**-10),
        (1 + 2**-4 + 2**-40, "e4m3", 1 + 2**-3),
        (1 + 2**-3 + 2**-40, "e5m2", 1 + 2**-2),
        (2.0**-134, "bf16", 0.0),  # half the smallest subnormal ties to zero
        (3 * 2.0**-134, "bf16", 2.0**-132),
        (464.0, "e4m3", 448.0),  # the tie above the largest e4m3 value stays finite
        (65520.0, "fp16", math.inf),
    ],
)
def test_round_to_double_rounding_cases(x, fmt, expected):
    """Are the classic double-rounding traps rounded once, correctly?"""
    assert float(round_to(x, fmt)) == expected
    assert reference_round(x, fmt) == expected


def decode(patterns: np.ndarray, fmt: str) -> np.ndarray:
    """Values of bit patterns from the field formula alone (no numpy or ml_dtypes casts)."""
    spec = get_format(fmt)
    p = patterns.astype(np.int64)
    sign = np.where(p >> (spec.total_bits - 1) == 1, -1.0, 1.0)
    exponent = (p >> spec.mantissa_bits) & ((1 << spec.exponent_bits) - 1)
    mantissa = p & ((1 << spec.mantissa_bits) - 1)
    normal = np.ldexp(1 + mantissa / 2**spec.mantissa_bits, exponent - spec.bias)
    subnormal = np.ldexp(mantissa / 2**spec.mantissa_bits, spec.min_exponent)
    values = sign * np.where(exponent == 0, subnormal, normal)
    top = exponent == (1 << spec.exponent_bits) - 1
    if spec.has_inf:
        values = np.where(top & (mantissa == 0), sign * np.inf, values)
        return np.where(top & (mantissa != 0), np.nan, values)
    return np.where(top & (mantissa == (1 << spec.mantissa_bits) - 1), np.nan, values)


@pytest.mark.parametrize("fmt", SMALL)
def test_every_pattern_decodes_and_round_trips(fmt):
    """Do bits_of and from_bits agree with the field formula and invert each other, for all
    2**16 (or 2**8) patterns?"""
    spec = get_format(fmt)
    patterns = np.arange(2**spec.total_bits, dtype=np.uint64).astype(spec.uint_dtype)
    values = from_bits(patterns, fmt)
    np.testing.assert_array_equal(values, decode(patterns, fmt))
    back = bits_of(values, fmt)
    nan = np.isnan(values)
    np.testing.assert_array_equal(back[~nan], patterns[~nan])
    assert np.isnan(from_bits(back[nan], fmt)).all()
    for p in patterns[:: max(1, len(patterns) // 512)]:
        model = bit_model_from_pattern(int(p), fmt)
        assert pattern_from_fields(model.sign, model.exponent_bits, model.mantissa_bits, fmt) == p
        stored = bits_to_value(model.sign, model.exponent_bits, model.mantissa_bits, fmt)
        assert same_bits(stored, float(from_bits(p, fmt)), fmt)


@pytest.mark.parametrize(
    ("fmt", "pattern"), [("fp16", 0x7C01), ("fp32", 0x7F800001), ("bf16", 0xFF81)]
)
def test_from_bits_of_a_signalling_nan_is_quiet(fmt, pattern):
    """Does from_bits give NaN for a signalling NaN pattern without a RuntimeWarning?"""
    with np.errstate(all="raise"):
        assert math.isnan(float(from_bits(pattern, fmt)))
        assert bit_model_from_pattern(pattern, fmt).category == "nan"


def finite_values(fmt: str) -> list[float]:
    """Every finite value of a small format, sorted, with the two zeros merged."""
    spec = get_format(fmt)
    values = from_bits(np.arange(2**spec.total_bits, dtype=np.uint64).astype(spec.uint_dtype), fmt)
    return sorted(set(values[np.isfinite(values)].tolist()))


@pytest.mark.parametrize("fmt", SMALL)
def test_neighbours_and_gaps_match_enumeration(fmt):
    """Are the neighbours, gaps and rounding interval those of the sorted list of all values?"""
    spec = get_format(fmt)
    table = finite_values(fmt)
    rng = np.random.default_rng(7)
    picks = {0, 1, len(table) - 1, len(table) - 2, len(table) // 2}
    picks |= set(rng.integers(0, len(table), 150).tolist())
    top_spacing = math.ldexp(1.0, spec.max_exponent - spec.mantissa_bits)
    for i in sorted(picks):
        stored = table[i]
        model = ruler_model(stored, fmt, neighbours=5)
        assert model.stored == stored
        assert model.below == tuple(table[max(0, i - 5) : i])
        assert model.above == tuple(table[i + 1 : i + 6])
        assert model.gap_below == (stored - table[i - 1] if i > 0 else math.inf)
        assert model.gap_above == (table[i + 1] - stored if i + 1 < len(table) else math.inf)
        low, high = model.rounding_interval
        for end, outward in ((low, -1), (high, 1)):
            step = model.gap_below if outward < 0 else model.gap_above
            tiny = Fraction(step if math.isfinite(step) else top_spacing) / 1024
            assert reference_round(end - outward * tiny, fmt) == stored
            assert reference_round(end + outward * tiny, fmt) != stored
            assert (reference_round(end, fmt) == stored) == model.interval_closed


@pytest.mark.parametrize("fmt", ["fp16", "bf16", "e5m2", "fp32"])
def test_neighbours_agree_with_nextafter(fmt):
    """Where np.nextafter works on the dtype (not e4m3), does it find the same neighbours?"""
    dtype = get_format(fmt).dtype
    for x in [0.1, 1.0, -3.5, 1e-6, 6e-8, 0.0, 1000.0]:
        model = ruler_model(x, fmt, neighbours=1)
        stored = np.array(model.stored, dtype=dtype)
        with np.errstate(all="ignore"):
            up = float(np.nextafter(stored, np.array(np.inf, dtype=dtype)))
            down = float(np.nextafter(stored, np.array(-np.inf, dtype=dtype)))
        assert model.above == (up,) and model.below == (down,)


def test_fp64_and_fp32_models_exact():
    """Do the wide formats give exact gaps, spacing and half-way points?"""
    model = ruler_model(0.1, "fp32")
    assert model.stored == float(np.float32(0.1))
    assert model.gap_below == model.gap_above == 2.0**-27
    assert model.error == 0.1 - float(np.float32(0.1))
    assert Fraction(model.rounding_interval[1]) == Fraction(model.stored) + Fraction(2) ** -28
    tiny = ruler_model(5e-324, "fp64")
    assert tiny.rounding_interval == (Fraction(1, 2**1075), Fraction(3, 2**1075))
    assert tiny.is_subnormal and tiny.gap_below == 5e-324 and tiny.below[-1] == 0.0
    top = ruler_model(np.finfo(np.float64).max, "fp64", neighbours=2)
    assert top.gap_above == math.inf and top.above == ()
    assert top.rounding_interval[1] == Fraction(2) ** 1024 - Fraction(2) ** 970


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_relative_spacing_lies_between_half_eps_and_eps(fmt):
    """Is the relative spacing of every normal value within [eps/2, eps]?"""
    spec = get_format(fmt)
    rng = np.random.default_rng(3)
    exponents = rng.integers(spec.min_exponent, spec.max_exponent, 200)
    for x in np.ldexp(1 + rng.random(200), exponents):
        model = ruler_model(float(x), fmt)
        if model.category == "normal":
            assert spec.epsilon / 2 <= model.relative_spacing <= spec.epsilon


@pytest.mark.parametrize(
    ("x", "fmt", "text"),
    [
        (0.1, "fp64", "0.1000000000000000055511151231257827021181583404541015625"),
        (0.1, "fp32", "0.100000001490116119384765625"),
        (0.1, "fp16", "0.0999755859375"),
        (0.1, "bf16", "0.10009765625"),
        (0.1, "e4m3", "0.1015625"),
        (-0.0, "fp16", "-0"),
        (1e9, "fp16", "Infinity"),
        (1e9, "e4m3", "NaN"),
    ],
)
def test_exact_decimals(x, fmt, text):
    """Is the stored value written out exactly?"""
    assert ruler_model(x, fmt).exact_decimal == text
    assert bit_model(x, fmt).exact_decimal == text


def test_exact_decimal_of_tiny_and_huge_values():
    """Are subnormal and huge float64 values written exactly, digit for digit?"""
    assert exact_decimal(2.0**-1074).startswith("4.9406564584124654417656879286822137236505980")
    assert exact_decimal(2.0**-1074).endswith("e-324")
    assert Fraction(exact_decimal(2.0**-1074).replace("e-324", "")) * Fraction(10) ** -324 == (
        Fraction(1, 2**1074)
    )
    assert int(exact_decimal(2.0**100)) == 2**100


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_special_values_quietly(fmt):
    """Do zeros, infinities, NaN, overflow and underflow work without a floating-point
    warning (numpy set to raise)?"""
    spec = get_format(fmt)
    with np.errstate(all="raise"):
        zero = ruler_model(-0.0, fmt)
        assert zero.is_zero and math.copysign(1, zero.stored) == -1 and zero.error == 0
        assert zero.gap_above == spec.smallest_subnormal and zero.relative_spacing == math.inf
        nan = ruler_model(math.nan, fmt)
        assert nan.is_nan and math.isnan(nan.error) and nan.below == nan.above == ()
        big = ruler_model(-1e308 if fmt != "fp64" else -math.inf, fmt)
        assert big.is_nan if not spec.has_inf else big.stored == -math.inf
        assert big.overflowed == (fmt != "fp64")
        if fmt != "fp64":  # half of fp64's smallest subnormal is already 0 as a float64
            small = ruler_model(spec.smallest_subnormal / 2, fmt)
            assert small.stored == 0 and small.underflowed and small.relative_error == 1
        inf = ruler_model(math.inf, fmt)
        assert (inf.is_inf and inf.rounding_interval[1] == math.inf) or not spec.has_inf
        for value in EDGE_CASES:
            bit_model(value, fmt)
    assert zero.smallest_normal == spec.smallest_normal
    assert zero.smallest_subnormal == spec.smallest_subnormal


@pytest.mark.parametrize(
    ("x", "fmt", "fields", "category", "formula"),
    [
        (1.0, "fp16", ("0", "01111", "0000000000"), "normal", "(-1)^0 × 2^(15-15) × 1"),
        (1.5, "fp32", ("0", "01111111", "1" + "0" * 22), "normal", "(-1)^0 × 2^(127-127) × 1.5"),
        (
            -(2.0**-16),
            "fp16",
            ("1", "00000", "0100000000"),
            "subnormal",
            "(-1)^1 × 2^(1-15) × 0.25",
        ),
        (448.0, "e4m3", ("0", "1111", "110"), "normal", "(-1)^0 × 2^(15-7) × 1.75"),
        (-0.0, "bf16", ("1", "00000000", "0000000"), "zero", "(-1)^1 × 2^(1-127) × 0"),
        (-math.inf, "e5m2", ("1", "11111", "00"), "inf", None),
        (math.nan, "e4m3", ("0", "1111", "111"), "nan", None),
    ],
)
def test_bit_model_fields(x, fmt, fields, category, formula):
    """Are sign, exponent and mantissa bits, class and formula right?"""
    model = bit_model(x, fmt)
    assert (model.sign, model.exponent_bits, model.mantissa_bits) == fields
    assert model.category == category
    assert formula is None or model.formula == formula
    spec = get_format(fmt)
    assert model.biased_exponent == int(fields[1], 2)
    if category == "normal":
        assert model.unbiased_exponent == model.biased_exponent - spec.bias
    elif category in ("zero", "subnormal"):
        assert model.unbiased_exponent == 1 - spec.bias


def test_categories_of_all_fp16_and_e4m3_patterns():
    """Does the class read from the bits agree with the value's own classification?"""
    for fmt in ("fp16", "e4m3"):
        spec = get_format(fmt)
        for p in range(2**spec.total_bits):
            model = bit_model_from_pattern(p, fmt)
            v = model.stored
            expected = (
                "nan"
                if math.isnan(v)
                else "inf"
                if math.isinf(v)
                else "zero"
                if v == 0
                else "subnormal"
                if abs(v) < spec.smallest_normal
                else "normal"
            )
            assert model.category == expected, (fmt, p)


def test_bits_to_value_assembles_patterns():
    """Does bits_to_value give the value of the assembled pattern?"""
    assert bits_to_value(0, "01111", "0000000000", "fp16") == 1.0
    assert bits_to_value("1", "10000", "1000000000", "fp16") == -3.0
    assert math.isnan(bits_to_value(0, "1111", "111", "e4m3"))
    assert bits_to_value(0, "1111", "110", "e4m3") == 448.0
    assert bits_to_value(0, "0" * 8, "0000001", "bf16") == 2.0**-133


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: ruler_model(1.0, "fp8"), "fmt"),
        (lambda: ruler_model("1.0", "fp16"), "value"),
        (lambda: ruler_model(True, "fp16"), "value"),
        (lambda: ruler_model(10**400, "fp16"), "value"),
        (lambda: ruler_model(1.0, "fp16", neighbours=-1), "neighbours"),
        (lambda: ruler_model(1.0, "fp16", neighbours=2.0), "neighbours"),
        (lambda: ruler_model(1.0, "fp16", neighbours=1000), "neighbours"),
        (lambda: bit_model(None, "fp16"), "value"),
        (lambda: bit_model(1.0, "float16"), "fmt"),
        (lambda: bit_model_from_pattern(2**16, "fp16"), "pattern"),
        (lambda: bit_model_from_pattern(-1, "fp16"), "pattern"),
        (lambda: bits_to_value(2, "01111", "0000000000", "fp16"), "sign"),
        (lambda: bits_to_value(0, "0111", "0000000000", "fp16"), "exponent_bits"),
        (lambda: bits_to_value(0, "01111", "000000000", "fp16"), "mantissa_bits"),
        (lambda: bits_to_value(0, "01121", "0000000000", "fp16"), "exponent_bits"),
        (lambda: parse_value("abc"), "text"),
        (lambda: parse_value(1.0), "text"),
        (lambda: exact_decimal("0.1"), "x"),
    ],
)
def test_bad_arguments_raise_value_error_naming_them(call, name):
    """Does a bad argument raise ValueError that names it?"""
    with pytest.raises(ValueError, match=re.escape(name)):
        call()


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.1", 0.1),
        ("1e-8", 1e-8),
        (" -0 ", -0.0),
        ("inf", math.inf),
        ("-Infinity", -math.inf),
        ("65519", 65519.0),
        ("2**-24", 2.0**-24),
        ("2^-24", 2.0**-24),
        ("1 + 2^-8", 1 + 2**-8),
        ("1/3", 1 / 3),
        ("−1.5", -1.5),
        ("1_000", 1000.0),
    ],
)
def test_parse_value(text, value):
    """Are typed numbers and small expressions read as the float64 Python would give?"""
    got = parse_value(text)
    assert got == value and math.copysign(1, got) == math.copysign(1, value)
    assert math.isnan(parse_value("nan"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "1/0",
        "10**10**10",
        "(-8)**0.5",
        "__import__('os')",
        "x+1",
        "1e",
        "1+" * 120 + "1",
    ],
)
def test_parse_value_rejects_what_is_not_a_number(text):
    """Is unreadable or unsafe text refused with ValueError, never evaluated?"""
    with pytest.raises(ValueError, match="text"):
        parse_value(text)


def test_value_text_round_trips_through_parse_value():
    """Does the starting text of a value field read back as the same float64?"""
    for x in [0.1, -0.0, 5e-324, 1 / 3, math.inf, float(np.float32(0.1))]:
        assert parse_value(value_text(x)) == x and value_text(x) == repr(x)
    assert value_text("2**-24") == "2**-24"


def test_course_defines_no_exercise_named_functions():
    """Does course/ (shipped to students) avoid functions named like the exercises?"""
    forbidden = ("ulp", "float_bits", "float_value", "count_between", "machine_epsilon")
    pattern = re.compile(rf"^\s*def ({'|'.join(forbidden)})\s*\(", re.MULTILINE)
    hits = [str(p) for p in (REPO / "course").rglob("*.py") if pattern.search(p.read_text())]
    assert not hits


def test_ml_dtypes_is_what_formats_use():
    """Are the small formats backed by the ml_dtypes types the notebooks name?"""
    assert get_format("bf16").dtype == np.dtype(ml_dtypes.bfloat16)
    assert get_format("e4m3").dtype == np.dtype(ml_dtypes.float8_e4m3fn)
