"""Binary floating-point formats used in the course, and rounding into them.

Each format is described by its field widths; the numbers that follow from them (bias, largest
finite value, smallest normal and subnormal) are derived here once. Rounding goes through numpy
and ml_dtypes (the library route), with one safeguard: a float64 -> bfloat16 cast through float32
rounds twice (torch does so, and so do ml_dtypes builds that narrow to float32 first; ml_dtypes
0.7 rounds once); `round_to` rounds to odd at float32 first, which makes the second rounding exact
whatever the library does (Boldo & Melquiond, "Emulation of FMA and correctly rounded sums", 2008).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ml_dtypes
import numpy as np


@dataclass(frozen=True)
class FloatFormat:
    """An IEEE-754-style binary format: 1 sign bit, `exponent_bits`, `mantissa_bits` stored."""

    name: str
    exponent_bits: int
    mantissa_bits: int
    dtype: np.dtype
    has_inf: bool = True

    @property
    def bias(self) -> int:
        return 2 ** (self.exponent_bits - 1) - 1

    @property
    def total_bits(self) -> int:
        return 1 + self.exponent_bits + self.mantissa_bits

    @property
    def min_exponent(self) -> int:
        """Unbiased exponent of the smallest normal number."""
        return 1 - self.bias

    @property
    def max_exponent(self) -> int:
        """Unbiased exponent of the largest finite number."""
        return self.bias if self.has_inf else self.bias + 1

    @property
    def max_finite(self) -> float:
        return float(ml_dtypes.finfo(self.dtype).max)

    @property
    def smallest_normal(self) -> float:
        return math.ldexp(1.0, self.min_exponent)

    @property
    def smallest_subnormal(self) -> float:
        return math.ldexp(1.0, self.min_exponent - self.mantissa_bits)

    @property
    def epsilon(self) -> float:
        """Gap from 1 to the next larger value."""
        return math.ldexp(1.0, -self.mantissa_bits)

    @property
    def unit_roundoff(self) -> float:
        return math.ldexp(1.0, -self.mantissa_bits - 1)

    @property
    def uint_dtype(self) -> np.dtype:
        return np.dtype(f"uint{self.total_bits}")


FORMATS: dict[str, FloatFormat] = {
    f.name: f
    for f in (
        FloatFormat("fp64", 11, 52, np.dtype(np.float64)),
        FloatFormat("fp32", 8, 23, np.dtype(np.float32)),
        FloatFormat("fp16", 5, 10, np.dtype(np.float16)),
        FloatFormat("bf16", 8, 7, np.dtype(ml_dtypes.bfloat16)),
        # OCP FP8: E4M3 has no infinities and reuses the top exponent for finite values.
        FloatFormat("e4m3", 4, 3, np.dtype(ml_dtypes.float8_e4m3fn), has_inf=False),
        FloatFormat("e5m2", 5, 2, np.dtype(ml_dtypes.float8_e5m2)),
    )
}


def get_format(fmt: str | FloatFormat) -> FloatFormat:
    """Look a format up by name; raise ValueError naming `fmt` for an unknown one."""
    if isinstance(fmt, FloatFormat):
        return fmt
    if not isinstance(fmt, str) or fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {sorted(FORMATS)}, got {fmt!r}")
    return FORMATS[fmt]


def _round_to_odd_fp32(x: np.ndarray) -> np.ndarray:
    """float64 -> float32 rounding toward zero, then setting the last bit when inexact."""
    y = x.astype(np.float32)
    back = y.astype(np.float64)
    overshoot = np.isfinite(x) & (np.abs(back) > np.abs(x))
    y = np.where(overshoot, np.nextafter(y, np.float32(0)), y)
    inexact = np.isfinite(x) & (y.astype(np.float64) != x)
    bits = y.view(np.uint32) | inexact.astype(np.uint32)
    return bits.view(np.float32)


def round_to(x, fmt: str | FloatFormat) -> np.ndarray:
    """Round float64 values once (nearest even) to `fmt`; returns an array of fmt's dtype."""
    spec = get_format(fmt)
    values = np.asarray(x, dtype=np.float64)
    with np.errstate(all="ignore"):  # overflow to inf is the rounding's correct result
        if spec.mantissa_bits < 23 and spec.exponent_bits <= 8:
            odd = _round_to_odd_fp32(values)
            # Round-to-odd keeps the sticky information that a float32 stop would otherwise
            # lose, but values beyond float32's range must still overflow as the format does.
            big = np.abs(values) > float(np.finfo(np.float32).max)
            odd = np.where(big, values.astype(np.float32), odd)
            return odd.astype(spec.dtype)
        return values.astype(spec.dtype)


def bits_of(x, fmt: str | FloatFormat) -> np.ndarray:
    """The stored bit patterns (unsigned ints) of `x` rounded once to `fmt`."""
    spec = get_format(fmt)
    return np.asarray(round_to(x, spec)).view(spec.uint_dtype)


def from_bits(bits, fmt: str | FloatFormat) -> np.ndarray:
    """Values (float64) of the given bit patterns of `fmt`."""
    spec = get_format(fmt)
    # Widening a signalling NaN pattern quiets it and sets the invalid flag; that NaN is the
    # right answer, not a warning.
    with np.errstate(invalid="ignore"):
        return np.asarray(bits, dtype=spec.uint_dtype).view(spec.dtype).astype(np.float64)
