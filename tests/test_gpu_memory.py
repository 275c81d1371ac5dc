"""course.gpu_memory: the cost models behind series 07's narrative and widgets, and the probes."""

from __future__ import annotations

import math
import os

import pytest
import torch

from course import gpu_memory


def test_presets_hold_the_datasheet_figures():
    """Are the presets the vendors' dense bf16 figures, with ridge points where the text says?"""
    h100, a100 = gpu_memory.DEVICES["H100 SXM (bf16)"], gpu_memory.DEVICES["A100 80GB SXM (bf16)"]
    assert (h100.peak_flops, h100.peak_bandwidth) == (989e12, 3.35e12)
    assert (a100.peak_flops, a100.peak_bandwidth) == (312e12, 2.039e12)
    assert 290 < h100.peak_flops / h100.peak_bandwidth < 300
    assert gpu_memory.GPU_MEMORY_GB == (16, 24, 40, 80)


@pytest.mark.parametrize("device", ["cpu", torch.device("cpu")])
def test_resolve_device_accepts_cpu(device):
    """Is "cpu" (a string or a torch.device) accepted as is?"""
    assert gpu_memory.resolve_device(device) == torch.device("cpu")


@pytest.mark.parametrize("device", ["tpu", "gpu", "cuda:x", 3.5])
def test_resolve_device_names_a_bad_device(device):
    """Does a device torch does not know raise ValueError naming `device`?"""
    with pytest.raises(ValueError, match="device"):
        gpu_memory.resolve_device(device)


@pytest.mark.skipif(torch.cuda.is_available(), reason="CUDA is available here")
def test_resolve_device_refuses_cuda_without_it():
    """Is CUDA refused, by name, on a machine without it?"""
    with pytest.raises(ValueError, match="CUDA is not available"):
        gpu_memory.resolve_device("cuda")


def test_operation_costs_count_reads_and_writes():
    """Do the costs count an elementwise op's read and write, a matmul's 2n^3 and 3n^2, attention's
    4Nd + 4N^2 (standard) and Dao et al.'s Tc passes (tiled)?"""
    assert gpu_memory.operation_cost("elementwise", 10, 2) == (10, 40)
    assert gpu_memory.operation_cost("matmul", 4, 4) == (128, 192)
    flops, standard = gpu_memory.operation_cost("attention", 1024, 2)
    assert flops == 4 * 1024 * 1024 * 64 and standard == 2 * (4 * 1024 * 64 + 4 * 1024**2)
    _, tiled = gpu_memory.operation_cost("attention tiled", 1024, 2)
    assert tiled == 2 * (2 * 1024 * 64 + 6 * (3 * 1024 * 64 + 4 * 1024))  # Bc 196, Tc 6
    with pytest.raises(ValueError, match="kind"):
        gpu_memory.operation_cost("conv", 3, 2)


def test_roofline_takes_the_slower_and_calls_a_tie_compute():
    """Is the time the larger of the two, and a tie compute-bound?"""
    roof = gpu_memory.Device("roof", 1e12, 1e9, 0, "")
    assert gpu_memory.roofline(1e9, 1e6, roof) == (1e-3, "compute")
    assert gpu_memory.roofline(1e6, 1e6, roof) == (1e-3, "memory")
    points = gpu_memory.roofline_points(gpu_memory.DEVICES["H100 SXM (bf16)"], 1024, "bf16", 2048)
    assert [p.bound for p in points] == ["memory", "compute", "memory", "memory"]
    assert all(p.attainable <= 989e12 for p in points)


def test_training_memory_model_matches_the_formulas():
    """16 bytes per parameter with Adam (bf16 + master or fp32), Korthikanti's activations."""
    for dtype in ("bf16", "fp32"):
        parts = gpu_memory.training_memory_model(1000, 1, 1, 1, 1, 1, dtype=dtype)
        assert parts["total"] - parts["activations"] == 16_000
    s, b, h, a = 2048, 1, 4096, 32
    parts = gpu_memory.training_memory_model(0, b, s, h, 1, a, dtype="bf16")
    assert parts["activations"] == s * b * h * (34 + 5 * a * s // h)
    kept = gpu_memory.training_memory_model(0, b, s, h, 3, a, dtype="bf16", checkpointing=True)
    assert kept["activations"] == 3 * 2 * s * b * h


def test_measured_peak_is_the_high_water_mark_not_the_end():
    """Does the CPU probe report 12 MB for 4 MB + 8 MB alive at once, freed by the end, and not
    count what was held before the call?"""
    held = torch.empty(10**7)

    def four_eight_four():
        first, second = torch.empty(10**6), torch.empty(2 * 10**6)
        del first, second
        torch.empty(10**6)

    peak = gpu_memory.measured_peak_bytes(four_eight_four, "cpu")
    assert isinstance(peak, int) and 12_000_000 <= peak < 12_000_000 + 4096
    assert 0 <= gpu_memory.measured_peak_bytes(lambda: None) < 1024
    del held


def test_silenced_stderr_hides_file_descriptor_two(capfd):
    """Does the redirect catch writes to fd 2 (where the profiler logs from C++) and restore it?"""
    with gpu_memory.silenced_stderr():
        os.write(2, b"profiler noise\n")
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"


def test_machine_roof_reports_positive_figures_in_base_units():
    """Is the measured roof in FLOP/s and bytes/s (not G-units), with the copy counted twice?"""
    roof = gpu_memory.machine_roof("cpu", size=2**20, n=64)
    assert 1e6 < roof.peak_flops < 1e16 and 1e7 < roof.peak_bandwidth < 1e14
    assert math.isfinite(roof.peak_flops / roof.peak_bandwidth)


def test_small_mlp_step_has_a_positive_peak():
    """Does one step of the calculator's small MLP need at least its gradients' bytes?"""
    gradients = 4 * 3 * (128 * 128 + 128)
    assert gpu_memory.measured_mlp_step_peak() > gradients
