"""GPU memory and the roofline: published device figures, cost models and a peak-memory probe.

The computations behind series 07's narrative and its two widgets (the roofline explorer and the
training-memory calculator). The exercises of series 07 write their own versions of these models;
the helpers here that would do an exercise's whole job are made to raise during its tests.
References: Williams, Waterman & Patterson, "Roofline" (CACM 2009); Korthikanti et al.,
"Reducing Activation Recomputation in Large Transformer Models" (2022); Dao et al.,
"FlashAttention" (2022).
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import torch


@dataclass(frozen=True)
class Device:
    """A device's roof: dense peak FLOP/s of its fastest listed dtype, memory bandwidth, memory."""

    name: str
    peak_flops: float  # FLOP/s
    peak_bandwidth: float  # bytes/s
    memory_bytes: float
    source: str


# Vendor datasheets: NVIDIA H100 Tensor Core GPU datasheet (SXM5: 989 TFLOP/s dense bf16,
# 3.35 TB/s HBM3, 80 GB); NVIDIA A100 datasheet (80GB SXM: 312 TFLOP/s dense bf16, 2.039 TB/s
# HBM2e); NVIDIA L4 datasheet (121 TFLOP/s dense bf16, 300 GB/s GDDR6, 24 GB).
DEVICES: dict[str, Device] = {
    "H100 SXM (bf16)": Device("H100 SXM (bf16)", 989e12, 3.35e12, 80e9, "NVIDIA H100 datasheet"),
    "A100 80GB SXM (bf16)": Device(
        "A100 80GB SXM (bf16)", 312e12, 2.039e12, 80e9, "NVIDIA A100 datasheet"
    ),
    "L4 (bf16)": Device("L4 (bf16)", 121e12, 300e9, 24e9, "NVIDIA L4 datasheet"),
}

# The memory hierarchy of an H100 SXM5: NVIDIA H100 datasheet and Hopper architecture whitepaper
# (per-SM figures are per streaming multiprocessor, 132 of them); host link PCIe Gen5 x16.
H100_HIERARCHY: dict[str, tuple[str, str]] = {
    "registers (per SM)": ("256 KB", "operands of every instruction"),
    "shared memory / SRAM (per SM)": ("228 KB", "on chip, tens of TB/s in all"),
    "L2 cache": ("50 MB", "on chip"),
    "HBM3": ("80 GB", "3.35 TB/s"),
    "host memory over PCIe Gen5": ("the host's", "64 GB/s each way"),
}

# Dense peak FLOP/s of an H100 SXM5 by dtype (NVIDIA H100 datasheet; the sparse figures are twice).
H100_PEAK_FLOPS: dict[str, float] = {
    "fp64": 34e12,
    "fp64 (tensor cores)": 67e12,
    "fp32": 67e12,
    "tf32 (tensor cores)": 494.7e12,
    "bf16 (tensor cores)": 989.4e12,
    "fp8 (tensor cores)": 1978.9e12,
}

# The memory of common GPUs, in bytes, for the training-memory calculator's bars.
GPU_MEMORY_GB = (16, 24, 40, 80)

BYTES_PER_ELEMENT = {"fp64": 8, "fp32": 4, "fp16": 2, "bf16": 2, "fp8": 1}
OPTIMIZER_STATES = {"adam": 2, "momentum": 1, "sgd": 0}


def resolve_device(device: str | torch.device) -> torch.device:
    """`device` as a torch.device; ValueError for anything but cpu or an available cuda."""
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError) as error:
        raise ValueError(f"device must be 'cpu' or 'cuda[:N]', got {device!r}") from error
    if resolved.type == "cuda" and not torch.cuda.is_available():
        raise ValueError(f"device {device!r}: CUDA is not available on this machine")
    if resolved.type not in ("cpu", "cuda"):
        raise ValueError(f"device must be 'cpu' or 'cuda[:N]', got {device!r}")
    return resolved


def roofline(flops: float, nbytes: float, device: Device) -> tuple[float, str]:
    """(predicted seconds, "compute" or "memory") of an operation on `device`'s roof."""
    compute, memory = flops / device.peak_flops, nbytes / device.peak_bandwidth
    return max(compute, memory), ("compute" if compute >= memory else "memory")


def operation_cost(kind: str, size: int, bytes_per_element: int, d: int = 64) -> tuple[int, int]:
    """(flops, bytes moved) of one operation, the counts the roofline explorer places.

    "elementwise": y = x + 1 on `size` elements (read once, written once); "matmul": size x size
    times size x size; "attention" / "attention tiled": one head of length `size` and width `d`,
    standard attention against FlashAttention with 100 KB of SRAM (Dao et al. 2022).
    """
    n, p = size, bytes_per_element
    if kind == "elementwise":
        return n, 2 * n * p
    if kind == "matmul":
        return 2 * n**3, 3 * n * n * p
    if kind in ("attention", "attention tiled"):
        flops = 4 * n * n * d  # Q K^T and P V
        if kind == "attention":
            return flops, p * (4 * n * d + 4 * n * n)
        block = math.ceil((100_000 // p) / (4 * d))
        return flops, p * (2 * n * d + math.ceil(n / block) * (3 * n * d + 4 * n))
    raise ValueError(
        f"kind must be elementwise, matmul, attention or attention tiled, got {kind!r}"
    )


def training_memory_model(
    n_params: int,
    batch: int,
    seq: int,
    d_model: int,
    n_layers: int,
    n_heads: int,
    dtype: str = "bf16",
    optimizer: str = "adam",
    checkpointing: bool = False,
) -> dict[str, int]:
    """Bytes of weights, gradients, optimizer state, master weights and activations of training.

    Mixed precision keeps fp32 master weights; activations follow Korthikanti et al. (2022).
    """
    p = BYTES_PER_ELEMENT[dtype]
    states = OPTIMIZER_STATES[optimizer]
    s, b, h, a = seq, batch, d_model, n_heads
    if checkpointing:
        activations = n_layers * p * s * b * h
    else:
        activations = n_layers * (
            p * (16 * s * b * h + 2 * a * s * s * b) + 2 * s * b * h + a * s * s * b
        )
    parts = {
        "weights": p * n_params,
        "gradients": p * n_params,
        "optimizer state": 4 * states * n_params,
        "master weights": 4 * n_params if dtype != "fp32" else 0,
        "activations": activations,
    }
    parts["total"] = sum(parts.values())
    return parts


@contextlib.contextmanager
def silenced_stderr() -> Iterator[None]:
    """Send file descriptor 2 to a temporary file: torch's profiler logs there from C++."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def measured_peak_bytes(fn: Callable[[], object], device: str | torch.device = "cpu") -> int:
    """Peak bytes torch's allocator held on `device` while fn() ran, above what it held before."""
    device = resolve_device(device)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
        before = torch.cuda.memory_allocated(device)
        fn()
        torch.cuda.synchronize(device)
        return int(torch.cuda.max_memory_allocated(device) - before)
    activities = [torch.profiler.ProfilerActivity.CPU]
    with (
        silenced_stderr(),
        torch.profiler.profile(activities=activities, profile_memory=True) as prof,
    ):
        fn()
    events = [e for e in prof.profiler.kineto_results.events() if e.name() == "[memory]"]
    running = peak = 0
    for event in sorted(events, key=lambda e: e.start_ns()):
        running += event.nbytes()
        peak = max(peak, running)
    return int(peak)


def mlp(width: int, depth: int, seed: int = 0) -> torch.nn.Sequential:
    """A seeded MLP of `depth` Linear(width, width) layers with ReLUs between them."""
    torch.manual_seed(seed)
    layers: list[torch.nn.Module] = []
    for i in range(depth):
        layers.append(torch.nn.Linear(width, width))
        if i < depth - 1:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def machine_roof(device: str | torch.device = "cpu", size: int = 2**24, n: int = 512) -> Device:
    """This machine's measured roof: fp32 matmul FLOP/s and copy bandwidth (read + write counted),
    medians of `torch.utils.benchmark`, which warms up and synchronises CUDA."""
    from torch.utils import benchmark

    device = resolve_device(device)
    src = torch.empty(size, dtype=torch.uint8, device=device)
    dst = torch.empty_like(src)
    copy = benchmark.Timer("dst.copy_(src)", globals={"dst": dst, "src": src})
    a, b = torch.rand(n, n, device=device), torch.rand(n, n, device=device)
    matmul = benchmark.Timer("a @ b", globals={"a": a, "b": b})
    bandwidth = 2 * size / copy.blocked_autorange(min_run_time=0.1).median
    flops = 2 * n**3 / matmul.blocked_autorange(min_run_time=0.1).median
    return Device(f"this machine ({device.type}, measured fp32)", flops, bandwidth, 0.0, "measured")


@dataclass(frozen=True)
class RooflinePoint:
    """An operation on a device's roof."""

    label: str
    intensity: float  # flops per byte
    attainable: float  # FLOP/s the roof allows at this intensity
    seconds: float  # predicted time
    bound: str  # "compute" or "memory"


def roofline_points(
    device: Device, matmul_n: int, dtype: str, attention_n: int
) -> list[RooflinePoint]:
    """Elementwise, matmul and attention (standard and tiled) of the chosen sizes on `device`."""
    p = BYTES_PER_ELEMENT[dtype]
    operations = (
        (f"elementwise x+1, {matmul_n}² elements", "elementwise", matmul_n * matmul_n),
        (f"matmul n={matmul_n}", "matmul", matmul_n),
        (f"attention N={attention_n}", "attention", attention_n),
        (f"tiled attention N={attention_n}", "attention tiled", attention_n),
    )
    points = []
    for label, kind, size in operations:
        flops, nbytes = operation_cost(kind, size, p)
        seconds, bound = roofline(flops, nbytes, device)
        intensity = flops / nbytes
        attainable = min(device.peak_flops, intensity * device.peak_bandwidth)
        points.append(RooflinePoint(label, intensity, attainable, seconds, bound))
    return points


def measured_mlp_step_peak(width: int = 128, depth: int = 3, batch: int = 512) -> int:
    """Peak bytes of one fp32 training step (forward, MSE, backward, SGD) of a small MLP (CPU)."""
    model = mlp(width, depth, seed=0)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
    x, y = torch.randn(batch, width), torch.randn(batch, width)

    def step() -> None:
        torch.nn.functional.mse_loss(model(x), y).backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)

    return measured_peak_bytes(step, "cpu")
