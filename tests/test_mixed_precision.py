"""Unit tests of course/mixed_precision.py: format regions, cast census, histograms, the dynamic
loss scaling run (against GradScaler's documented rules and a GradScaler driven by hand) and the
memory measurement of live tensors."""

from __future__ import annotations

import math

import ml_dtypes
import numpy as np
import pytest
import torch

from course.mixed_precision import (
    GRADIENT_FORMATS,
    CastCensus,
    cast_census,
    dynamic_scaling_run,
    format_regions,
    log2_histogram,
    measured_training_bytes,
    nonzero_magnitudes,
    synthetic_gradients,
    tensor_bytes,
)

pytestmark = pytest.mark.filterwarnings("error")


def test_format_regions_of_fp16_and_e4m3():
    """Are the flush, subnormal, normal and overflow boundaries the formats' exact values?"""
    fp16 = format_regions("fp16")
    assert (fp16.flush_below, fp16.smallest_subnormal, fp16.smallest_normal) == (
        2.0**-25,
        2.0**-24,
        2.0**-14,
    )
    assert (fp16.max_finite, fp16.overflow_from) == (65504.0, 65520.0)
    e4m3 = format_regions("e4m3")
    assert (e4m3.max_finite, e4m3.overflow_from, e4m3.smallest_subnormal) == (448.0, 464.0, 2.0**-9)
    bf16 = format_regions("bf16")
    assert bf16.smallest_normal == 2.0**-126 and bf16.flush_below == 2.0**-134
    with pytest.raises(ValueError, match="fmt"):
        format_regions("fp8")


def test_cast_census_counts_each_region_exactly():
    """Do edge values land in the right region (ties to even at 2**-25 and 65520)?"""
    values = [
        2.0**-26,  # flushed
        -(2.0**-25),  # the tie with 2**-24 goes to the even 0: flushed
        2.0**-25 * (1 + 2**-10),  # rounds up to 2**-24: subnormal
        2.0**-15,  # subnormal
        2.0**-14,  # normal
        65519.0,  # rounds down to 65504: normal
        -65520.0,  # the tie rounds to -2**16: overflow
        1e6,  # overflow
        0.0,
        np.inf,
        np.nan,  # zeros and non-finite entries are left out
    ]
    census = cast_census(values, "fp16")
    assert census == CastCensus("fp16", 1.0, 8, 2 / 8, 2 / 8, 2 / 8, 2 / 8)
    e4m3 = cast_census([464.0, 465.0, 448.0, 2.0**-10, 2.0**-9], "e4m3")
    assert (e4m3.overflowed, e4m3.flushed, e4m3.subnormal, e4m3.normal) == (0.2, 0.2, 0.2, 0.4)


def test_cast_census_agrees_with_numpy_and_with_shifting_the_values():
    """Does the census match numpy's own float16 cast, and is scaling by 2**k a shift?"""
    rng = np.random.default_rng(0)
    grads = (rng.choice([-1.0, 1.0], 20_000) * 10.0 ** rng.uniform(-12, 2, 20_000)).astype(
        np.float32
    )
    for log2_scale in (0, 6, 13, 20):
        scale = 2.0**log2_scale
        census = cast_census(grads, "fp16", scale)
        with np.errstate(over="ignore"):
            stored = np.abs((grads * np.float32(scale)).astype(np.float16).astype(np.float64))
        assert census.flushed == np.mean(stored == 0)
        assert census.overflowed == np.mean(np.isinf(stored))
        assert census.subnormal == np.mean((stored > 0) & (stored < 2.0**-14))
        assert math.isclose(
            census.flushed + census.subnormal + census.normal + census.overflowed, 1.0
        )
        shifted = cast_census(grads.astype(np.float64) * scale, "fp16")
        assert (shifted.flushed, shifted.subnormal, shifted.overflowed) == (
            census.flushed,
            census.subnormal,
            census.overflowed,
        )
    bf16 = cast_census(grads, "bf16", 2.0**20)
    assert bf16.flushed == bf16.overflowed == 0.0 and bf16.count == grads.size


def test_cast_census_edge_cases_and_bad_arguments():
    """Is a census of nothing all zeros, and are bad scales and formats named?"""
    assert cast_census([0.0, -0.0, np.nan], "fp16") == CastCensus("fp16", 1.0, 0, 0, 0, 0, 0)
    assert cast_census([], "bf16", 4.0).count == 0
    for scale in (0.0, -1.0, np.inf, np.nan, "2"):
        with pytest.raises(ValueError, match="scale"):
            cast_census([1.0], "fp16", scale)
    with pytest.raises(ValueError, match="fmt"):
        cast_census([1.0], "float16")
    grads = np.array([1e-9, 1.0], dtype=np.float32)
    cast_census(grads, "fp16", 2.0**10)
    assert grads.tolist() == [np.float32(1e-9), 1.0]  # the input is not modified


def test_nonzero_magnitudes_and_log2_histogram():
    """Does the histogram count every nonzero finite value once, on octave-aligned edges?"""
    values = np.array([[0.0, 1.0, -1.25], [2.0**-10, np.inf, -(2.0**-10)], [3.0, np.nan, 0.75]])
    assert sorted(nonzero_magnitudes(values)) == [2.0**-10, 2.0**-10, 0.75, 1.0, 1.25, 3.0]
    edges, counts = log2_histogram(values, bins_per_octave=2)
    assert counts.sum() == 6 and len(edges) == len(counts) + 1
    assert np.all(edges * 2 == np.round(edges * 2))  # multiples of 1/2
    assert edges[0] <= -10 and edges[-1] > math.log2(3.0)
    # 1.0 and 1.25 share the bin [0, 0.5); 2**-10 (twice) is alone in [-10, -9.5).
    assert counts[np.searchsorted(edges, 0.0, side="right") - 1] == 2
    assert counts[np.searchsorted(edges, -10.0, side="right") - 1] == 2
    empty_edges, empty_counts = log2_histogram([0.0, np.nan])
    assert empty_counts.sum() == 0 and len(empty_edges) == 2
    for bad in (0, 1.5, True):
        with pytest.raises(ValueError, match="bins_per_octave"):
            log2_histogram([1.0], bins_per_octave=bad)


def _rules_reference(maxima, fmt, init_scale, growth_factor, backoff_factor, growth_interval):
    """GradScaler's documented rules in plain Python, found_inf from a numpy cast."""
    dtype = {"fp16": np.float16, "bf16": ml_dtypes.bfloat16}[fmt]
    scale, clean, scales, skipped = init_scale, 0, [], []
    for largest in maxima:
        scales.append(scale)
        with np.errstate(over="ignore"):
            found = not np.isfinite(float(np.float32(largest * scale).astype(dtype)))
        skipped.append(found)
        if found:
            scale, clean = float(np.float32(scale * backoff_factor)), 0
        else:
            clean += 1
            if clean == growth_interval:
                with np.errstate(over="ignore"):
                    grown = np.float32(scale * growth_factor)
                scale = float(grown) if np.isfinite(grown) else scale  # never grows to inf
                clean = 0
    return np.array(scales), np.array(skipped), scale


@pytest.mark.parametrize("fmt", ["fp16", "bf16"])
def test_dynamic_scaling_run_follows_gradscaler_rules(fmt):
    """Does the run's scale sequence and skip pattern follow GradScaler's rules exactly?"""
    _, maxima = synthetic_gradients(count=100, steps=400, seed=3)
    for interval in (1, 5, 20):
        run = dynamic_scaling_run(maxima, fmt, growth_interval=interval)
        scales, skipped, final = _rules_reference(maxima, fmt, 2.0**16, 2.0, 0.5, interval)
        np.testing.assert_array_equal(run.scales, scales)
        np.testing.assert_array_equal(run.skipped, skipped)
        assert run.final_scale == final and run.skipped_count == skipped.sum()
        assert run.fmt == fmt
    odd = dynamic_scaling_run(maxima, fmt, 1000.0, 3.0, 0.3, 4)
    scales, skipped, _ = _rules_reference(maxima, fmt, 1000.0, 3.0, 0.3, 4)
    np.testing.assert_allclose(odd.scales, scales, rtol=1e-6)
    np.testing.assert_array_equal(odd.skipped, skipped)


def test_dynamic_scaling_run_matches_a_gradscaler_driven_by_hand():
    """Is the scale sequence the one of a GradScaler used as in a training loop?"""
    pattern = [False, False, True, False, False, False, False, True, True, False] * 6
    maxima = [1e30 if overflow else 1e-3 for overflow in pattern]  # fp16 overflow or not
    run = dynamic_scaling_run(maxima, "fp16", init_scale=2.0**10, growth_interval=3)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0**10, growth_interval=3)
    weight = torch.ones(1, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=0.0)
    used = []
    for overflow in pattern:
        optimizer.zero_grad()
        used.append(scaler.get_scale())
        loss = (weight * (torch.inf if overflow else 1.0)).sum()
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()
    assert run.scales.tolist() == used
    assert run.skipped.tolist() == pattern and run.final_scale == scaler.get_scale()


def test_dynamic_scaling_run_edge_cases():
    """Do an empty run, e4m3's NaN overflow and bad intervals behave?"""
    empty = dynamic_scaling_run([], "fp16", init_scale=8.0)
    assert empty.scales.size == 0 and empty.final_scale == 8.0 and empty.skipped_count == 0
    e4m3 = dynamic_scaling_run([1.0, 1.0], "e4m3", init_scale=2.0**10, growth_interval=5)
    assert e4m3.skipped.tolist() == [True, True]  # 1024 > 448: NaN in E4M3, inf check sees it
    assert e4m3.scales.tolist() == [1024.0, 512.0] and e4m3.final_scale == 256.0
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="growth_interval"):
            dynamic_scaling_run([1.0], "fp16", growth_interval=bad)


def test_synthetic_gradients_are_seeded_and_shaped():
    """Are the synthetic gradients float32, seeded, spread over decades, with sane maxima?"""
    grads, maxima = synthetic_gradients(count=5000, steps=120, seed=4)
    again, maxima_again = synthetic_gradients(count=5000, steps=120, seed=4)
    assert grads.dtype == np.float32 and grads.shape == (5000,) and maxima.shape == (120,)
    np.testing.assert_array_equal(grads, again)
    np.testing.assert_array_equal(maxima, maxima_again)
    logs = np.log10(np.abs(grads))
    assert logs.max() - logs.min() > 7
    largest = np.abs(grads).max()
    assert maxima[0] > 8 * largest and 0.5 * largest < maxima[-1] < 2 * largest
    assert set(GRADIENT_FORMATS) == {"fp16", "bf16", "e4m3", "e5m2"}


def test_measured_training_bytes_counts_live_tensors():
    """Are weights, grads, Adam states (not step counters) and master copies counted?"""
    layer = torch.nn.Linear(10, 4)  # 44 parameters
    optimizer = torch.optim.Adam(layer.parameters())
    before = measured_training_bytes(layer.parameters(), optimizer)
    assert before == {"weights": 176, "grads": 0, "optimizer": 0, "master": 0, "total": 176}
    layer(torch.ones(3, 10)).sum().backward()
    optimizer.step()
    after = measured_training_bytes(layer.parameters(), optimizer)
    assert after == {"weights": 176, "grads": 176, "optimizer": 352, "master": 0, "total": 704}
    half = [p.detach().to(torch.bfloat16) for p in layer.parameters()]
    mixed = measured_training_bytes(half, None, master=list(layer.parameters()))
    assert mixed == {"weights": 88, "grads": 0, "optimizer": 0, "master": 176, "total": 264}
    assert tensor_bytes([torch.zeros(3, dtype=torch.float16), torch.zeros(2, 2)]) == 22
