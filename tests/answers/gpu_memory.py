"""Answers kept for the tests of series 07-gpu-memory: other correct answers, classic mistakes.

Each value is the whole source of an exercise's solution cell as a student might write it.
`ALTERNATIVES` holds, per exercise id, one correct answer that takes a different route from the
source solution; `MISTAKES` holds wrong answers that students really write, named by the mistake,
the main one (`MAIN_MISTAKES`, caught by a visible assert that says why) first. `DELEGATIONS` holds
answers that hand the job to a shipped `course.gpu_memory` helper or to a library routine the
contract forbids: each scores zero (tests/test_teaching.py).
"""

ALTERNATIVES: dict[str, str] = {}
MISTAKES: dict[str, dict[str, str]] = {}
DELEGATIONS: dict[str, dict[str, str]] = {}

# ----------------------------------------------------------------------------------------- ex01
ALTERNATIVES["ex01_matmul_cost"] = """
def matmul_cost(m, n, k, bytes_per_elem):
    elements = sum((m * k, k * n, m * n))
    return m * n * (k + k), elements * bytes_per_elem


def arithmetic_intensity(flops, nbytes):
    if not nbytes > 0:
        raise ValueError("nbytes must be > 0")
    return flops / float(nbytes)
"""

_INTENSITY = """

def arithmetic_intensity(flops, nbytes):
    if nbytes <= 0:
        raise ValueError("nbytes must be positive")
    return flops / nbytes
"""

MISTAKES["ex01_matmul_cost"] = {
    "counts multiply-adds, not flops": """
def matmul_cost(m, n, k, bytes_per_elem):
    return m * n * k, bytes_per_elem * (m * k + k * n + m * n)
"""
    + _INTENSITY,
    "reads C as well as writing it": """
def matmul_cost(m, n, k, bytes_per_elem):
    return 2 * m * n * k, bytes_per_elem * (m * k + k * n + 2 * m * n)
"""
    + _INTENSITY,
    "returns float counts": """
def matmul_cost(m, n, k, bytes_per_elem):
    return 2.0 * m * n * k, float(bytes_per_elem) * (m * k + k * n + m * n)
"""
    + _INTENSITY,
    "no ValueError for nbytes <= 0": """
def matmul_cost(m, n, k, bytes_per_elem):
    return 2 * m * n * k, bytes_per_elem * (m * k + k * n + m * n)


def arithmetic_intensity(flops, nbytes):
    return flops / nbytes if nbytes else float("inf")
""",
}

DELEGATIONS["ex01_matmul_cost"] = {
    "gpu_memory.operation_cost for square matmuls": """
def matmul_cost(m, n, k, bytes_per_elem):
    if m == n == k:
        return gpu_memory.operation_cost("matmul", n, bytes_per_elem)
    return 2 * m * n * k, bytes_per_elem * (m * k + k * n + m * n)


def arithmetic_intensity(flops, nbytes):
    if nbytes <= 0:
        raise ValueError("nbytes must be positive")
    return flops / nbytes
""",
}

# ----------------------------------------------------------------------------------------- ex02
ALTERNATIVES["ex02_roofline_time"] = """
def roofline_time(flops, nbytes, peak_flops, peak_bw):
    for name, peak in (("peak_flops", peak_flops), ("peak_bw", peak_bw)):
        if not peak > 0:
            raise ValueError(f"{name} must be > 0")
    times = {"memory": nbytes / peak_bw, "compute": flops / peak_flops}
    bound = "memory" if times["memory"] > times["compute"] else "compute"
    return times[bound], bound
"""

MISTAKES["ex02_roofline_time"] = {
    "adds the compute and memory times": """
def roofline_time(flops, nbytes, peak_flops, peak_bw):
    if peak_flops <= 0 or peak_bw <= 0:
        raise ValueError("peak_flops and peak_bw must be positive")
    compute, memory = flops / peak_flops, nbytes / peak_bw
    return compute + memory, "compute" if compute >= memory else "memory"
""",
    "a tie is memory-bound": """
def roofline_time(flops, nbytes, peak_flops, peak_bw):
    if peak_flops <= 0 or peak_bw <= 0:
        raise ValueError("peak_flops and peak_bw must be positive")
    compute, memory = flops / peak_flops, nbytes / peak_bw
    return max(compute, memory), "compute" if compute > memory else "memory"
""",
    "compares intensity with the wrong ridge": """
def roofline_time(flops, nbytes, peak_flops, peak_bw):
    if peak_flops <= 0 or peak_bw <= 0:
        raise ValueError("peak_flops and peak_bw must be positive")
    compute, memory = flops / peak_flops, nbytes / peak_bw
    ridge = peak_bw / peak_flops
    bound = "compute" if nbytes and flops / nbytes >= ridge else "memory"
    return max(compute, memory), bound
""",
    "no check of the peaks": """
def roofline_time(flops, nbytes, peak_flops, peak_bw):
    compute = flops / peak_flops if peak_flops else 0.0
    memory = nbytes / peak_bw if peak_bw else 0.0
    return max(compute, memory), "compute" if compute >= memory else "memory"
""",
}

DELEGATIONS["ex02_roofline_time"] = {
    "gpu_memory.roofline on a Device": """
def roofline_time(flops, nbytes, peak_flops, peak_bw):
    if peak_flops <= 0 or peak_bw <= 0:
        raise ValueError("peak_flops and peak_bw must be positive")
    return gpu_memory.roofline(flops, nbytes, gpu_memory.Device("roof", peak_flops, peak_bw, 0, ""))
""",
}

# ----------------------------------------------------------------------------------------- ex03
ALTERNATIVES["ex03_measure_copy_bandwidth"] = """
def measure_copy_bandwidth(device, nbytes):
    device = gpu_memory.resolve_device(device)
    src = torch.zeros(nbytes, dtype=torch.uint8, device=device)
    dst = torch.empty_like(src)

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    dst.copy_(src)
    sync()
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        dst.copy_(src)
        sync()
        best = min(best, time.perf_counter() - start)
    return float(2 * nbytes) / best
"""

_COPY_BODY = """
def measure_copy_bandwidth(device, nbytes):
    device = gpu_memory.resolve_device(device)
    src = torch.empty(nbytes, dtype=torch.uint8, device=device)
    dst = torch.empty(nbytes, dtype=torch.uint8, device=device)
    dst.copy_(src)
    times = []
    for _ in range(10):
        start = time.perf_counter()
        dst.copy_(src)
        times.append(time.perf_counter() - start)
    return {result}
"""

MISTAKES["ex03_measure_copy_bandwidth"] = {
    "counts only the bytes read": _COPY_BODY.format(result="nbytes / statistics.median(times)"),
    "times the first copy, no warm-up": """
def measure_copy_bandwidth(device, nbytes):
    device = gpu_memory.resolve_device(device)
    src = torch.empty(nbytes, dtype=torch.uint8, device=device)
    dst = torch.empty(nbytes, dtype=torch.uint8, device=device)
    start = time.perf_counter()
    dst.copy_(src)
    return 2 * nbytes / (time.perf_counter() - start)
""",
    "averages the warm-up in": """
def measure_copy_bandwidth(device, nbytes):
    device = gpu_memory.resolve_device(device)
    src = torch.empty(nbytes, dtype=torch.uint8, device=device)
    dst = torch.empty(nbytes, dtype=torch.uint8, device=device)
    start = time.perf_counter()
    for _ in range(5):
        dst.copy_(src)
    return 2 * nbytes / ((time.perf_counter() - start) / 5)
""",
    "nbytes elements of float32, not nbytes bytes": """
def measure_copy_bandwidth(device, nbytes):
    device = gpu_memory.resolve_device(device)
    src = torch.empty(nbytes, device=device)
    dst = torch.empty(nbytes, device=device)
    dst.copy_(src)
    times = []
    for _ in range(10):
        start = time.perf_counter()
        dst.copy_(src)
        times.append(time.perf_counter() - start)
    return 2 * nbytes / statistics.median(times)
""",
    "reports GB/s": _COPY_BODY.format(result="2 * nbytes / statistics.median(times) / 1e9"),
}

DELEGATIONS["ex03_measure_copy_bandwidth"] = {
    "gpu_memory.machine_roof's measured bandwidth": """
def measure_copy_bandwidth(device, nbytes):
    return gpu_memory.machine_roof(device, size=nbytes, n=8).peak_bandwidth
""",
}

# ----------------------------------------------------------------------------------------- ex04
ALTERNATIVES["ex04_measure_matmul_flops"] = """
_NAMES = {
    "fp64": torch.float64, "fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16
}


def measure_matmul_flops(device, n, dtype):
    dtype = _NAMES.get(dtype, dtype) if isinstance(dtype, str) else dtype
    if dtype not in set(_NAMES.values()):
        raise ValueError(f"unsupported dtype {dtype!r}")
    device = gpu_memory.resolve_device(device)
    generator = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=generator).to(device=device, dtype=dtype)
    b = torch.randn(n, n, generator=generator).to(device=device, dtype=dtype)
    times = []
    for repeat in range(6):
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        start = time.perf_counter()
        a @ b
        if device.type == "cuda":
            torch.cuda.synchronize(device)
        if repeat:  # the first product is the warm-up
            times.append(time.perf_counter() - start)
    return 2 * n**3 / min(times)
"""

_MATMUL_HEAD = """
_NAMES = {
    "fp64": torch.float64, "fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16
}


def measure_matmul_flops(device, n, dtype):
    if isinstance(dtype, str):
        if dtype not in _NAMES:
            raise ValueError(f"dtype {dtype!r}")
        dtype = _NAMES[dtype]
    if dtype not in _NAMES.values():
        raise ValueError(f"dtype {dtype!r}")
    device = gpu_memory.resolve_device(device)
"""

MISTAKES["ex04_measure_matmul_flops"] = {
    "no warm-up: times the first product": _MATMUL_HEAD
    + """
    a = torch.rand(n, n, device=device).to(dtype)
    b = torch.rand(n, n, device=device).to(dtype)
    start = time.perf_counter()
    a @ b
    return 2 * n**3 / (time.perf_counter() - start)
""",
    "counts n**3 flops": _MATMUL_HEAD
    + """
    a = torch.rand(n, n, device=device).to(dtype)
    b = torch.rand(n, n, device=device).to(dtype)
    a @ b
    times = []
    for _ in range(5):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return n**3 / statistics.median(times)
""",
    "ignores the dtype": _MATMUL_HEAD
    + """
    a = torch.rand(n, n, device=device)
    b = torch.rand(n, n, device=device)
    a @ b
    times = []
    for _ in range(5):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2 * n**3 / statistics.median(times)
""",
    "accepts any dtype": """
_NAMES = {
    "fp64": torch.float64, "fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16
}


def measure_matmul_flops(device, n, dtype):
    dtype = _NAMES.get(dtype, torch.float32) if isinstance(dtype, str) else dtype
    device = gpu_memory.resolve_device(device)
    a = torch.rand(n, n, device=device).to(dtype)
    b = torch.rand(n, n, device=device).to(dtype)
    a @ b
    times = []
    for _ in range(5):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2 * n**3 / statistics.median(times)
""",
}

DELEGATIONS["ex04_measure_matmul_flops"] = {
    "gpu_memory.machine_roof's measured FLOP/s": """
def measure_matmul_flops(device, n, dtype):
    if dtype not in ("fp64", "fp32", "fp16", "bf16", torch.float64, torch.float32, torch.float16,
                     torch.bfloat16):
        raise ValueError(f"dtype {dtype!r}")
    return gpu_memory.machine_roof(device, size=64, n=n).peak_flops
""",
}

# ----------------------------------------------------------------------------------------- ex05
_MEMORY_CHECKS = """
    if isinstance(n_params, bool) or not isinstance(n_params, int) or n_params < 0:
        raise ValueError("n_params must be an int >= 0")
    if dtype not in ("fp32", "fp16", "bf16"):
        raise ValueError("dtype must be fp32, fp16 or bf16")
    if optimizer not in ("adam", "momentum", "sgd"):
        raise ValueError("optimizer must be adam, momentum or sgd")
"""

ALTERNATIVES["ex05_training_memory_breakdown"] = (
    """
def training_memory_breakdown(n_params, dtype, optimizer, master_weights):
"""
    + _MEMORY_CHECKS
    + """
    per_parameter = {
        "weights": 4 if dtype == "fp32" else 2,
        "grads": 4 if dtype == "fp32" else 2,
        "optimizer": 4 * ["sgd", "momentum", "adam"].index(optimizer),
        "master": 4 if (master_weights and dtype in ("fp16", "bf16")) else 0,
    }
    memory = {key: bytes_each * n_params for key, bytes_each in per_parameter.items()}
    memory["total"] = sum(per_parameter.values()) * n_params
    return memory
"""
)


def _memory_answer(optimizer_bytes: str, master: str) -> str:
    return (
        """
def training_memory_breakdown(n_params, dtype, optimizer, master_weights):
"""
        + _MEMORY_CHECKS
        + f"""
    size = {{"fp32": 4, "fp16": 2, "bf16": 2}}[dtype]
    states = {{"adam": 2, "momentum": 1, "sgd": 0}}[optimizer]
    memory = {{
        "weights": size * n_params,
        "grads": size * n_params,
        "optimizer": {optimizer_bytes} * states * n_params,
        "master": {master},
    }}
    memory["total"] = sum(memory.values())
    return memory
"""
    )


MISTAKES["ex05_training_memory_breakdown"] = {
    "optimizer states in the training dtype": _memory_answer(
        "size", "4 * n_params if master_weights and dtype != 'fp32' else 0"
    ),
    "master weights even in fp32": _memory_answer("4", "4 * n_params if master_weights else 0"),
    "master weights in the training dtype": _memory_answer(
        "4", "size * n_params if master_weights and dtype != 'fp32' else 0"
    ),
    "no ValueError for a bad dtype": """
def training_memory_breakdown(n_params, dtype, optimizer, master_weights):
    size = {"fp32": 4}.get(dtype, 2)
    states = {"adam": 2, "momentum": 1}.get(optimizer, 0)
    memory = {
        "weights": size * n_params,
        "grads": size * n_params,
        "optimizer": 4 * states * n_params,
        "master": 4 * n_params if master_weights and dtype != "fp32" else 0,
    }
    memory["total"] = sum(memory.values())
    return memory
""",
}

DELEGATIONS["ex05_training_memory_breakdown"] = {
    "gpu_memory.training_memory_model": """
def training_memory_breakdown(n_params, dtype, optimizer, master_weights):
    if isinstance(n_params, bool) or not isinstance(n_params, int) or n_params < 0:
        raise ValueError("n_params must be an int >= 0")
    if dtype not in ("fp32", "fp16", "bf16"):
        raise ValueError("dtype must be fp32, fp16 or bf16")
    if optimizer not in ("adam", "momentum", "sgd"):
        raise ValueError("optimizer must be adam, momentum or sgd")
    parts = gpu_memory.training_memory_model(n_params, 1, 1, 1, 1, 1, dtype, optimizer)
    memory = {
        "weights": parts["weights"],
        "grads": parts["gradients"],
        "optimizer": parts["optimizer state"],
        "master": parts["master weights"] if master_weights else 0,
    }
    memory["total"] = sum(memory.values())
    return memory
""",
}

# ----------------------------------------------------------------------------------------- ex06
_ACTIVATION_CHECKS = """
    for name, value in (("batch", batch), ("seq", seq), ("d_model", d_model),
                        ("n_layers", n_layers), ("n_heads", n_heads),
                        ("bytes_per_elem", bytes_per_elem)):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"{name} must be a positive int")
    if d_model % n_heads:
        raise ValueError("n_heads must divide d_model")
"""

ALTERNATIVES["ex06_activation_memory"] = (
    """
def activation_memory(batch, seq, d_model, n_layers, n_heads, bytes_per_elem, checkpointing=False):
"""
    + _ACTIVATION_CHECKS
    + """
    tokens = batch * seq
    if checkpointing:
        return bytes_per_elem * tokens * d_model * n_layers
    linear_part = (16 * bytes_per_elem + 2) * tokens * d_model
    attention_part = (2 * bytes_per_elem + 1) * n_heads * seq * tokens
    return n_layers * (linear_part + attention_part)
"""
)


def _activation_answer(formula: str, kept: str = "n_layers * p * s * b * h") -> str:
    return (
        """
def activation_memory(batch, seq, d_model, n_layers, n_heads, bytes_per_elem, checkpointing=False):
"""
        + _ACTIVATION_CHECKS
        + f"""
    s, b, h, a, p = seq, batch, d_model, n_heads, bytes_per_elem
    if checkpointing:
        return {kept}
    return n_layers * ({formula})
"""
    )


MISTAKES["ex06_activation_memory"] = {
    "forgets the attention scores (s**2 terms)": _activation_answer(
        "p * 16 * s * b * h + 2 * s * b * h"
    ),
    "forgets the dropout masks": _activation_answer("p * (16 * s * b * h + 2 * a * s * s * b)"),
    "dropout masks in p bytes": _activation_answer(
        "p * (16 * s * b * h + 2 * a * s * s * b) + p * (2 * s * b * h + a * s * s * b)"
    ),
    "checkpointing keeps one layer's input": _activation_answer(
        "p * (16 * s * b * h + 2 * a * s * s * b) + 2 * s * b * h + a * s * s * b", "p * s * b * h"
    ),
    "the s**2 term with h instead of a": _activation_answer(
        "p * (16 * s * b * h + 2 * h * s * b) + 2 * s * b * h + h * s * b"
    ),
}

DELEGATIONS["ex06_activation_memory"] = {
    "gpu_memory.training_memory_model's activations": """
def activation_memory(batch, seq, d_model, n_layers, n_heads, bytes_per_elem, checkpointing=False):
    for name, value in (("batch", batch), ("seq", seq), ("d_model", d_model),
                        ("n_layers", n_layers), ("n_heads", n_heads),
                        ("bytes_per_elem", bytes_per_elem)):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"{name} must be a positive int")
    if d_model % n_heads:
        raise ValueError("n_heads must divide d_model")
    dtype = {4: "fp32", 2: "bf16", 1: "fp8", 8: "fp64"}[bytes_per_elem]
    return gpu_memory.training_memory_model(
        0, batch, seq, d_model, n_layers, n_heads, dtype, "sgd", checkpointing
    )["activations"]
""",
}

# ----------------------------------------------------------------------------------------- ex07
_PEAK_HEAD = """
def peak_memory(fn, device):
    device = gpu_memory.resolve_device(device)
    if device.type == "cuda":
        torch.cuda.synchronize(device)
        torch.cuda.reset_peak_memory_stats(device)
        before = torch.cuda.memory_allocated(device)
        fn()
        torch.cuda.synchronize(device)
        return int(torch.cuda.max_memory_allocated(device) - before)
    with gpu_memory.silenced_stderr(), torch.profiler.profile(profile_memory=True) as prof:
        fn()
    events = [e for e in prof.profiler.kineto_results.events() if e.name() == "[memory]"]
"""

ALTERNATIVES["ex07_peak_memory"] = (
    _PEAK_HEAD
    + """
    events.sort(key=lambda e: e.start_ns())
    held = np.cumsum([0] + [e.nbytes() for e in events])
    return int(held.max())
"""
)

MISTAKES["ex07_peak_memory"] = {
    "returns what is held at the end, not the peak": _PEAK_HEAD
    + """
    return int(max(0, sum(e.nbytes() for e in events)))
""",
    "adds up every allocation": _PEAK_HEAD
    + """
    return int(sum(e.nbytes() for e in events if e.nbytes() > 0))
""",
    "the largest single allocation": _PEAK_HEAD
    + """
    return int(max([0] + [e.nbytes() for e in events]))
""",
    "tracemalloc, which does not see torch": """
import tracemalloc


def peak_memory(fn, device):
    gpu_memory.resolve_device(device)
    tracemalloc.start()
    try:
        fn()
        return int(tracemalloc.get_traced_memory()[1])
    finally:
        tracemalloc.stop()
""",
}

DELEGATIONS["ex07_peak_memory"] = {
    "gpu_memory.measured_peak_bytes": """
def peak_memory(fn, device):
    return gpu_memory.measured_peak_bytes(fn, device)
""",
}

# ----------------------------------------------------------------------------------------- ex08
_SOFTMAX_BLOCKS = """

def online_softmax(blocks):
    blocks = [np.asarray(b, dtype=np.float64).ravel() for b in blocks]
    m, s = -np.inf, 0.0
    for x in blocks:
        if x.size:
            bm = float(x.max())
            bs = 0.0 if bm == -np.inf else float(np.exp(x - bm).sum())
            m, s = online_softmax_merge(m, s, bm, bs)
    return np.concatenate([np.exp(x - m) / s for x in blocks])
"""

ALTERNATIVES["ex08_online_softmax"] = """
def online_softmax_merge(m1, s1, m2, s2):
    if all(np.isscalar(v) or np.ndim(v) == 0 for v in (m1, s1, m2, s2)):
        m1, s1, m2, s2 = map(float, (m1, s1, m2, s2))
        if m1 < m2:
            m1, s1, m2, s2 = m2, s2, m1, s1
        if m1 == -math.inf:
            return -math.inf, 0.0
        return m1, s1 + s2 * math.exp(m2 - m1)
    m1, s1, m2, s2 = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (m1, s1, m2, s2)))
    m = np.maximum(m1, m2)
    finite = m > -np.inf
    s = np.zeros(m.shape)
    shift = m[finite]
    s[finite] = s1[finite] * np.exp(m1[finite] - shift) + s2[finite] * np.exp(m2[finite] - shift)
    return m, s


def online_softmax(blocks):
    pairs = []
    for block in blocks:
        x = np.asarray(block, dtype=np.float64)
        if x.size and x.max() > -np.inf:
            pairs.append((float(x.max()), float(np.exp(x - x.max()).sum())))
    m, s = -math.inf, 0.0
    for pair in pairs:
        m, s = online_softmax_merge(m, s, *pair)
    return np.concatenate([np.exp(np.asarray(b, dtype=np.float64) - m) / s for b in blocks])
"""

MISTAKES["ex08_online_softmax"] = {
    "adds the sums without rescaling": """
def online_softmax_merge(m1, s1, m2, s2):
    m = np.maximum(m1, m2)
    s = np.add(s1, s2)
    if np.ndim(m) == 0:
        return float(m), float(s)
    return m, s
"""
    + _SOFTMAX_BLOCKS,
    "NaN when both parts are empty": """
def online_softmax_merge(m1, s1, m2, s2):
    m = np.maximum(m1, m2)
    with np.errstate(invalid="ignore"):
        s = s1 * np.exp(np.subtract(m1, m)) + s2 * np.exp(np.subtract(m2, m))
    if np.ndim(m) == 0:
        return float(m), float(s)
    return m, s
"""
    + _SOFTMAX_BLOCKS,
    "no max subtracted in the blocks": """
def online_softmax_merge(m1, s1, m2, s2):
    m = np.maximum(m1, m2)
    shift = np.where(np.isneginf(m), 0.0, m)
    s = s1 * np.exp(m1 - shift) + s2 * np.exp(m2 - shift)
    if np.ndim(m) == 0:
        return float(m), float(s)
    return m, s


def online_softmax(blocks):
    blocks = [np.asarray(b, dtype=np.float64).ravel() for b in blocks]
    with np.errstate(over="ignore", invalid="ignore"):
        total = sum(float(np.exp(x).sum()) for x in blocks)
        return np.concatenate([np.exp(x) / total for x in blocks])
""",
    "an empty block breaks it": """
def online_softmax_merge(m1, s1, m2, s2):
    m = np.maximum(m1, m2)
    shift = np.where(np.isneginf(m), 0.0, m)
    s = s1 * np.exp(m1 - shift) + s2 * np.exp(m2 - shift)
    if np.ndim(m) == 0:
        return float(m), float(s)
    return m, s


def online_softmax(blocks):
    blocks = [np.asarray(b, dtype=np.float64) for b in blocks]
    m, s = -np.inf, 0.0
    for x in blocks:
        m, s = online_softmax_merge(m, s, x.max(), np.exp(x - x.max()).sum())
    return np.concatenate([np.exp(x - m) / s for x in blocks])
""",
}

DELEGATIONS["ex08_online_softmax"] = {
    "scipy.special.softmax of the concatenation": """
import scipy.special


def online_softmax_merge(m1, s1, m2, s2):
    m = np.maximum(m1, m2)
    shift = np.where(np.isneginf(m), 0.0, m)
    s = s1 * np.exp(m1 - shift) + s2 * np.exp(m2 - shift)
    if np.ndim(m) == 0:
        return float(m), float(s)
    return m, s


def online_softmax(blocks):
    x = np.concatenate([np.asarray(b, dtype=np.float64).ravel() for b in blocks])
    return scipy.special.softmax(x)
""",
    "torch.softmax of the concatenation": """
def online_softmax_merge(m1, s1, m2, s2):
    m = np.maximum(m1, m2)
    shift = np.where(np.isneginf(m), 0.0, m)
    s = s1 * np.exp(m1 - shift) + s2 * np.exp(m2 - shift)
    if np.ndim(m) == 0:
        return float(m), float(s)
    return m, s


def online_softmax(blocks):
    x = np.concatenate([np.asarray(b, dtype=np.float64).ravel() for b in blocks])
    return torch.softmax(torch.as_tensor(x), dim=0).numpy()
""",
}

# ----------------------------------------------------------------------------------------- ex09
ALTERNATIVES["ex09_tiled_attention"] = """
def tiled_attention(Q, K, V, block_size):
    Q, K, V = (np.asarray(a, dtype=np.float64) for a in (Q, K, V))
    scale = 1.0 / np.sqrt(Q.shape[-1])
    m = l = o = None
    for start in range(0, K.shape[-2], block_size):
        s = np.einsum("...nd,...md->...nm", Q, K[..., start : start + block_size, :]) * scale
        block_max = s.max(axis=-1, keepdims=True)
        p = np.exp(s - block_max)
        block_sum = p.sum(axis=-1, keepdims=True)
        block_out = p @ V[..., start : start + block_size, :]
        if m is None:
            m, l, o = block_max, block_sum, block_out
            continue
        new = np.maximum(m, block_max)
        old_factor, block_factor = np.exp(m - new), np.exp(block_max - new)
        l = old_factor * l + block_factor * block_sum
        o = old_factor * o + block_factor * block_out
        m = new
    return o / l
"""

_ATTENTION_LOOP = """
def tiled_attention(Q, K, V, block_size):
    Q, K, V = (np.asarray(a, dtype=np.float64) for a in (Q, K, V))
    d = Q.shape[-1]
    m = np.full(Q.shape[:-1] + (1,), -np.inf)
    l = np.zeros(Q.shape[:-1] + (1,))
    o = np.zeros(Q.shape[:-1] + (V.shape[-1],))
    for start in range(0, K.shape[-2], block_size):
        kb, vb = K[..., start : start + block_size, :], V[..., start : start + block_size, :]
        s = Q @ np.swapaxes(kb, -1, -2) / {scale}
        new = np.maximum(m, s.max(axis=-1, keepdims=True))
        p = np.exp(s - new)
        alpha = np.exp(m - new)
        l = alpha * l + p.sum(axis=-1, keepdims=True)
        o = {output} + p @ vb
        m = new
    return o / l
"""

MISTAKES["ex09_tiled_attention"] = {
    "does not rescale the running output": _ATTENTION_LOOP.format(scale="np.sqrt(d)", output="o"),
    "scales by sqrt(dv)": _ATTENTION_LOOP.format(scale="np.sqrt(V.shape[-1])", output="alpha * o"),
    "builds the whole score matrix": """
def tiled_attention(Q, K, V, block_size):
    Q, K, V = (np.asarray(a, dtype=np.float64) for a in (Q, K, V))
    s = Q @ np.swapaxes(K, -1, -2) / np.sqrt(Q.shape[-1])
    p = np.exp(s - s.max(axis=-1, keepdims=True))
    return (p / p.sum(axis=-1, keepdims=True)) @ V
""",
    "no running max (overflows on large logits)": """
def tiled_attention(Q, K, V, block_size):
    Q, K, V = (np.asarray(a, dtype=np.float64) for a in (Q, K, V))
    d = Q.shape[-1]
    l = np.zeros(Q.shape[:-1] + (1,))
    o = np.zeros(Q.shape[:-1] + (V.shape[-1],))
    with np.errstate(over="ignore", invalid="ignore"):
        for start in range(0, K.shape[-2], block_size):
            kb, vb = K[..., start : start + block_size, :], V[..., start : start + block_size, :]
            p = np.exp(Q @ np.swapaxes(kb, -1, -2) / np.sqrt(d))
            l = l + p.sum(axis=-1, keepdims=True)
            o = o + p @ vb
        return o / l
""",
}

DELEGATIONS["ex09_tiled_attention"] = {
    "torch's scaled_dot_product_attention": """
def tiled_attention(Q, K, V, block_size):
    q, k, v = (torch.as_tensor(np.asarray(a, dtype=np.float64)) for a in (Q, K, V))
    return torch.nn.functional.scaled_dot_product_attention(q, k, v).numpy()
""",
}

# ----------------------------------------------------------------------------------------- ex10
_HBM_CHECKS = """
    sizes = (("N", N), ("d", d), ("sram_bytes", sram_bytes), ("bytes_per_elem", bytes_per_elem))
    for name, value in sizes:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"{name} must be a positive int")
    if sram_bytes < bytes_per_elem:
        raise ValueError("sram_bytes holds no element")
"""

ALTERNATIVES["ex10_attention_hbm_bytes"] = (
    """
def attention_hbm_bytes(N, d, sram_bytes, bytes_per_elem, flash=True):
"""
    + _HBM_CHECKS
    + """
    if not flash:
        elements = 2 * N * d + 2 * N * N + 2 * N * N + N * d + N * d
        return bytes_per_elem * elements
    elements_in_sram = sram_bytes // bytes_per_elem
    block = (elements_in_sram + 4 * d - 1) // (4 * d)
    passes = (N + block - 1) // block
    elements = N * d * 2 + passes * (N * d + N * d + N + N) + passes * (N * d + N + N)
    return bytes_per_elem * elements
"""
)


def _hbm_answer(flash: str, standard: str = "p * (4 * N * d + 4 * N * N)") -> str:
    return (
        """
def attention_hbm_bytes(N, d, sram_bytes, bytes_per_elem, flash=True):
"""
        + _HBM_CHECKS
        + f"""
    p = bytes_per_elem
    if not flash:
        return {standard}
    M = sram_bytes // p
    Bc = -(-M // (4 * d))
    Tc = -(-N // Bc)
    return {flash}
"""
    )


MISTAKES["ex10_attention_hbm_bytes"] = {
    "reads Q, O, l, m once": _hbm_answer("p * (2 * N * d + 3 * N * d + 4 * N)"),
    "floor for Bc": _hbm_answer(
        "p * (2 * N * d + -(-N // max(M // (4 * d), 1)) * (3 * N * d + 4 * N))"
    ),
    "SRAM size in bytes taken as elements": _hbm_answer(
        "p * (2 * N * d + -(-N // -(-sram_bytes // (4 * d))) * (3 * N * d + 4 * N))"
    ),
    "standard attention counts S once": _hbm_answer(
        "p * (2 * N * d + Tc * (3 * N * d + 4 * N))", "p * (4 * N * d + 2 * N * N)"
    ),
}

DELEGATIONS["ex10_attention_hbm_bytes"] = {
    "gpu_memory.operation_cost's attention traffic": """
def attention_hbm_bytes(N, d, sram_bytes, bytes_per_elem, flash=True):
    sizes = (("N", N), ("d", d), ("sram_bytes", sram_bytes), ("bytes_per_elem", bytes_per_elem))
    for name, value in sizes:
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise ValueError(f"{name} must be a positive int")
    if sram_bytes < bytes_per_elem:
        raise ValueError("sram_bytes holds no element")
    kind = "attention tiled" if flash else "attention"
    return gpu_memory.operation_cost(kind, N, bytes_per_elem, d)[1]
""",
}

# ----------------------------------------------------------------------------------------- ex11
_TILE_CHECKS = """
    if isinstance(n, bool) or not isinstance(n, int) or n <= 0:
        raise ValueError("n must be a positive int")
    if isinstance(tile, bool) or not isinstance(tile, int) or tile <= 0 or n % tile:
        raise ValueError("tile must be a positive int dividing n")
"""

ALTERNATIVES["ex11_tiled_matmul_loads"] = (
    """
def tiled_matmul_loads(n, tile):
"""
    + _TILE_CHECKS
    + """
    steps = n // tile
    output_tiles = steps * steps
    loads_per_output_tile = steps * (tile * tile + tile * tile)  # an A and a B tile per k-step
    return output_tiles * loads_per_output_tile
"""
)

MISTAKES["ex11_tiled_matmul_loads"] = {
    "divides by tile**2": """
def tiled_matmul_loads(n, tile):
"""
    + _TILE_CHECKS
    + """
    return 2 * n**3 // tile**2
""",
    "float division": """
def tiled_matmul_loads(n, tile):
"""
    + _TILE_CHECKS
    + """
    return 2 * n**3 / tile
""",
    "counts the stores of C as loads": """
def tiled_matmul_loads(n, tile):
"""
    + _TILE_CHECKS
    + """
    return 2 * n**3 // tile + n * n
""",
    "no ValueError when tile does not divide n": """
def tiled_matmul_loads(n, tile):
    return 2 * n**3 // tile
""",
}

# ----------------------------------------------------------------------------------------- ex12
_AMP_ANSWER = """
def amp_peak_memory_ratio(device):
    device = gpu_memory.resolve_device(device)
    cuda = device.type == "cuda"
    width, depth, batch = {sizes}
    amp_dtype = torch.float16 if cuda else torch.bfloat16

    def peak(amp):
        model = gpu_memory.mlp(width, depth, seed=0).to(device)
        {model_cast}
        optimizer = torch.optim.SGD(model.parameters(), lr=1e-3)
        scaler = torch.amp.GradScaler("cuda", enabled=amp and cuda)
        generator = torch.Generator().manual_seed(1)
        x = torch.randn(batch, width, generator=generator).to(device)
        y = torch.randn(batch, width, generator=generator).to(device)
        {data_cast}

        def step():
            with torch.autocast(device_type=device.type, dtype=amp_dtype, enabled={enabled}):
                loss = torch.nn.functional.mse_loss(model(x).float(), y.float())
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)

        return gpu_memory.measured_peak_bytes(step, device)

    return peak(False) / peak(True)
"""

ALTERNATIVES["ex12_amp_peak_memory_ratio"] = """
def amp_peak_memory_ratio(device):
    device = gpu_memory.resolve_device(device)
    if device.type == "cuda":
        width, depth, batch, amp_dtype = 4096, 6, 16384, torch.float16
    else:
        width, depth, batch, amp_dtype = 128, 4, 8192, torch.bfloat16
    torch.manual_seed(3)
    x = torch.randn(batch, width, device=device)
    y = torch.randn(batch, width, device=device)
    peaks = []
    for amp in (False, True):
        torch.manual_seed(0)
        model = torch.nn.Sequential(
            *[m for _ in range(depth) for m in (torch.nn.Linear(width, width), torch.nn.ReLU())]
        ).to(device)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        scaler = torch.amp.GradScaler("cuda", enabled=amp and device.type == "cuda")

        def step():
            with torch.autocast(device.type, dtype=amp_dtype, enabled=amp):
                out = model(x)
            loss = ((out.float() - y) ** 2).mean()
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            optimizer.zero_grad(set_to_none=True)

        peaks.append(gpu_memory.measured_peak_bytes(step, device))
    return peaks[0] / peaks[1]
"""

MISTAKES["ex12_amp_peak_memory_ratio"] = {
    "autocast never enabled": _AMP_ANSWER.format(
        sizes="(4096, 6, 16384) if cuda else (256, 4, 4096)",
        model_cast="",
        data_cast="",
        enabled="False",
    ),
    "weights dominate (tiny batch)": _AMP_ANSWER.format(
        sizes="(4096, 6, 8) if cuda else (512, 4, 8)",
        model_cast="",
        data_cast="",
        enabled="amp",
    ),
    "casts the whole model to 16 bits instead of autocast": _AMP_ANSWER.format(
        sizes="(4096, 6, 16384) if cuda else (256, 4, 4096)",
        model_cast="model = model.to(amp_dtype) if amp else model",
        data_cast="x = x.to(amp_dtype) if amp else x",
        enabled="False",
    ),
}

MAIN_MISTAKES: dict[str, str] = {
    "ex01_matmul_cost": "counts multiply-adds, not flops",
    "ex02_roofline_time": "adds the compute and memory times",
    "ex03_measure_copy_bandwidth": "counts only the bytes read",
    "ex04_measure_matmul_flops": "no warm-up: times the first product",
    "ex05_training_memory_breakdown": "optimizer states in the training dtype",
    "ex06_activation_memory": "forgets the attention scores (s**2 terms)",
    "ex07_peak_memory": "returns what is held at the end, not the peak",
    "ex08_online_softmax": "adds the sums without rescaling",
    "ex09_tiled_attention": "does not rescale the running output",
    "ex10_attention_hbm_bytes": "reads Q, O, l, m once",
    "ex11_tiled_matmul_loads": "divides by tile**2",
    "ex12_amp_peak_memory_ratio": "autocast never enabled",
}
