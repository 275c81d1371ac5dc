"""Gradients against a format's range, and dynamic loss scaling: the computation behind the
loss-scale explorer and the mixed-precision notebook.

Everything here is pure (no ipywidgets, no plotting). Casts go through `formats.round_to` (one
rounding to nearest even, the result a library cast gives for float32 inputs); the dynamic loss
scaling run drives a real `torch.amp.GradScaler` rather than a copy of its rules. Reference:
Micikevicius et al., "Mixed Precision Training", ICLR 2018 (loss scaling, fp32 master weights).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from course.formats import FloatFormat, get_format, round_to

# Formats a gradient may be cast to in the explorer: the 16-bit pair and OCP FP8's two.
GRADIENT_FORMATS = ("fp16", "bf16", "e5m2", "e4m3")


@dataclass(frozen=True)
class FormatRegions:
    """Where magnitudes land when rounded into a format (all positive, increasing)."""

    fmt: str
    flush_below: float  # magnitudes up to this one (half the smallest subnormal) become 0
    smallest_subnormal: float
    smallest_normal: float  # nonzero results below this one are subnormal: bits are lost
    max_finite: float
    overflow_from: float  # half a gap above max_finite: beyond it, inf (NaN in e4m3)


def format_regions(fmt: str | FloatFormat) -> FormatRegions:
    """The flush-to-zero, subnormal, normal and overflow boundaries of `fmt`."""
    spec = get_format(fmt)
    top_gap = math.ldexp(1.0, spec.max_exponent - spec.mantissa_bits)
    return FormatRegions(
        fmt=spec.name,
        flush_below=spec.smallest_subnormal / 2,
        smallest_subnormal=spec.smallest_subnormal,
        smallest_normal=spec.smallest_normal,
        max_finite=spec.max_finite,
        overflow_from=spec.max_finite + top_gap / 2,
    )


def nonzero_magnitudes(values) -> np.ndarray:
    """|values| as float64, flattened, keeping the nonzero finite entries only."""
    magnitudes = np.abs(np.asarray(values, dtype=np.float64).ravel())
    return magnitudes[np.isfinite(magnitudes) & (magnitudes > 0)]


@dataclass(frozen=True)
class CastCensus:
    """What becomes of nonzero finite values multiplied by `scale` and rounded to `fmt`."""

    fmt: str
    scale: float
    count: int  # how many nonzero finite values were cast
    flushed: float  # fraction that became exactly zero
    subnormal: float  # fraction that became subnormal (nonzero, fewer significant bits)
    normal: float  # fraction kept as normal numbers
    overflowed: float  # fraction that became inf (NaN in e4m3, which has no inf)


def cast_census(values, fmt: str | FloatFormat, scale: float = 1.0) -> CastCensus:
    """Fractions of the nonzero finite `values` that flush, go subnormal, stay normal or
    overflow when `values * scale` is rounded once to `fmt`; all 0.0 when there is none."""
    spec = get_format(fmt)
    if not (isinstance(scale, (int, float, np.number)) and math.isfinite(scale) and scale > 0):
        raise ValueError(f"scale must be a positive finite number, got {scale!r}")
    magnitudes = nonzero_magnitudes(values)
    count = magnitudes.size
    if count == 0:
        return CastCensus(spec.name, float(scale), 0, 0.0, 0.0, 0.0, 0.0)
    stored = np.abs(round_to(magnitudes * float(scale), spec).astype(np.float64))
    flushed = int(np.count_nonzero(stored == 0))
    overflowed = int(np.count_nonzero(~np.isfinite(stored)))
    subnormal = int(np.count_nonzero((stored > 0) & (stored < spec.smallest_normal)))
    normal = count - flushed - overflowed - subnormal
    return CastCensus(
        spec.name,
        float(scale),
        count,
        flushed / count,
        subnormal / count,
        normal / count,
        overflowed / count,
    )


def log2_histogram(values, bins_per_octave: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """(edges, counts): a histogram of log2|v| over the nonzero finite `values`, with edges on
    multiples of 1/bins_per_octave, so that a power-of-two scale shifts it by whole bins."""
    if isinstance(bins_per_octave, bool) or not isinstance(bins_per_octave, int):
        raise ValueError(f"bins_per_octave must be a positive int, got {bins_per_octave!r}")
    if bins_per_octave < 1:
        raise ValueError(f"bins_per_octave must be a positive int, got {bins_per_octave!r}")
    logs = np.log2(nonzero_magnitudes(values))
    if logs.size == 0:
        return np.array([-1.0, 0.0]), np.array([0])
    low = math.floor(logs.min() * bins_per_octave) / bins_per_octave
    high = (math.floor(logs.max() * bins_per_octave) + 1) / bins_per_octave
    edges = np.linspace(low, high, round((high - low) * bins_per_octave) + 1)
    counts, _ = np.histogram(logs, bins=edges)
    return edges, counts


@dataclass(frozen=True)
class ScalingRun:
    """A dynamic loss scaling run: the scale each step used, and which steps were skipped."""

    fmt: str
    scales: np.ndarray  # float64, the loss scale used at each step
    skipped: np.ndarray  # bool, the step found an inf/NaN gradient and was skipped
    final_scale: float  # the scale after the last update

    @property
    def skipped_count(self) -> int:
        return int(np.count_nonzero(self.skipped))


def dynamic_scaling_run(
    step_maxima,
    fmt: str | FloatFormat = "fp16",
    init_scale: float = 2.0**16,
    growth_factor: float = 2.0,
    backoff_factor: float = 0.5,
    growth_interval: int = 2000,
) -> ScalingRun:
    """Run `torch.amp.GradScaler` over steps whose largest |gradient| is `step_maxima[t]`.

    A step's scaled gradient overflows when step_maxima[t] * scale rounds to inf or NaN in `fmt`
    (a backward pass in fmt would produce it); the scaler then skips the step and backs off,
    exactly as in training. The GradScaler runs on the CPU, on a one-element parameter whose
    gradient is that largest scaled value, so its own inf check, skip and update decide.
    """
    spec = get_format(fmt)
    maxima = np.abs(np.asarray(step_maxima, dtype=np.float64).ravel())
    if isinstance(growth_interval, bool) or not isinstance(growth_interval, int):
        raise ValueError(f"growth_interval must be a positive int, got {growth_interval!r}")
    if growth_interval < 1:
        raise ValueError(f"growth_interval must be a positive int, got {growth_interval!r}")
    scaler = torch.amp.GradScaler(
        "cpu",
        init_scale=init_scale,
        growth_factor=growth_factor,
        backoff_factor=backoff_factor,
        growth_interval=growth_interval,
    )
    parameter = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([parameter], lr=0.0)
    unit_loss = torch.ones(())
    scales = np.empty(maxima.size)
    skipped = np.zeros(maxima.size, dtype=bool)
    for step, largest in enumerate(maxima.tolist()):
        scaler.scale(unit_loss)  # makes the scaler's scale tensor on its first call
        scale = scaler.get_scale()
        scaled = float(round_to(largest * scale, spec))  # inf or NaN when the cast overflows
        parameter.grad = torch.tensor([scaled], dtype=torch.float32)
        skipped[step] = not math.isfinite(scaled)
        scales[step] = scale
        scaler.step(optimizer)  # unscale_, inf check, step only when finite
        scaler.update()
    final = scaler.get_scale() if maxima.size else float(init_scale)
    return ScalingRun(spec.name, scales, skipped, float(final))


def synthetic_gradients(
    count: int = 50_000, steps: int = 300, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(gradients, step_maxima) shaped like a small network's: `count` float32 gradient entries
    whose magnitudes spread log-normally over about ten decades around 5e-5, and the largest
    magnitude of each of `steps` steps, fifteen times the gradients' largest at the start and
    settling to it as training goes on."""
    rng = np.random.default_rng(seed)
    magnitudes = 10.0 ** rng.normal(-4.3, 1.2, count)
    signs = rng.choice([-1.0, 1.0], count)
    gradients = (signs * magnitudes).astype(np.float32)
    trend = 1 + 15 * np.exp(-np.arange(steps) / 30)
    maxima = float(np.abs(gradients).max()) * trend * 10.0 ** rng.normal(0.0, 0.1, steps)
    return gradients, maxima


def tensor_bytes(tensors) -> int:
    """Bytes held by the given tensors' elements (numel * element size), summed."""
    return sum(int(t.numel()) * int(t.element_size()) for t in tensors)


def measured_training_bytes(parameters, optimizer=None, master=()) -> dict[str, int]:
    """Bytes that live tensors hold for training: the model's `parameters`, their `.grad`s, the
    optimizer's per-parameter state tensors (step counters excluded) and any `master` copies.
    A measurement to set against a formula, not a formula."""
    parameters = list(parameters)
    grads = [p.grad for p in parameters if p.grad is not None]
    states = []
    if optimizer is not None:
        for state in optimizer.state.values():
            states += [
                value for name, value in state.items() if torch.is_tensor(value) and name != "step"
            ]
    result = {
        "weights": tensor_bytes(parameters),
        "grads": tensor_bytes(grads),
        "optimizer": tensor_bytes(states),
        "master": tensor_bytes(master),
    }
    result["total"] = sum(result.values())
    return result
