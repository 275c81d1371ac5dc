"""Answers kept for the tests of series 06-mixed-precision: other correct answers, classic mistakes.

Each value is the whole source of an exercise's solution cell as a student might write it.
`ALTERNATIVES` holds, per exercise id, one correct answer that takes a different route from the
source solution (a per-pattern tie test instead of the rounding increment, formats.round_to with
np.minimum/np.maximum, torch's float8 cast, float32 scale arithmetic, a modulo counter, no
autocast and a fused inf check, the format's own scalar arithmetic, the floor-of-a-quantum
rounding, torch bf16 scalars, a torch matmul, extra determinism flags, a bytes-per-parameter
table): the tests prove it keeps the exercise's point. `MISTAKES` holds, per exercise id, wrong
answers that students really write, named by the mistake: the tests prove each one loses the
point (tests/test_answers.py in-process, tests/test_pipeline.py through nbgrader). The order of
`MISTAKES[id]` matters to the pipeline test, which submits the first mistake of every exercise as
one student, the second as another, and so on. `MAIN_MISTAKES` (at the end) names the mistake each
exercise exists to teach, which a visible assert catches with a message that says why, and
`DELEGATIONS` holds answers that hand the exercise to a shipped `course` helper or to a library
routine that does the job: each scores zero.
"""

ALTERNATIVES: dict[str, str] = {}
MISTAKES: dict[str, dict[str, str]] = {}

# ----------------------------------------------------------------------------------------- ex01
ALTERNATIVES["ex01_round_to_bf16"] = '''
def round_to_bf16(x) -> np.ndarray:
    """x rounded (nearest, ties to even) from float32 to bfloat16 on its bits, as float32."""
    values = np.asarray(x, dtype=np.float32)
    bits = values.view(np.uint32)
    upper = (bits >> 16).astype(np.uint32)
    lower = bits & np.uint32(0xFFFF)
    round_up = (lower > 0x8000) | ((lower == 0x8000) & ((upper & 1) == 1))
    upper = upper + round_up.astype(np.uint32)  # at most 0xFFFF + 1: fits in 32 bits
    result = (upper << 16).view(np.float32)
    result = np.where(np.isnan(values), np.float32(np.nan), result)
    return np.asarray(result, dtype=np.float32).reshape(values.shape)
'''

MISTAKES["ex01_round_to_bf16"] = {
    "truncates the low 16 bits": """
def round_to_bf16(x) -> np.ndarray:
    values = np.array(x, dtype=np.float32)
    return (values.view(np.uint32) & np.uint32(0xFFFF0000)).view(np.float32)
""",
    "lets the rounding carry a NaN into inf": """
def round_to_bf16(x) -> np.ndarray:
    values = np.array(x, dtype=np.float32)
    bits = values.view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    return (rounded & 0xFFFFFFFF).astype(np.uint32).view(np.float32)
""",
    "rounds ties away from zero": """
def round_to_bf16(x) -> np.ndarray:
    values = np.array(x, dtype=np.float32)
    bits = values.view(np.uint32).astype(np.uint64)
    rounded = ((bits + 0x8000) >> 16) << 16  # half up, in magnitude
    result = (rounded & 0xFFFFFFFF).astype(np.uint32).view(np.float32)
    return np.where(np.isnan(values), values, result).astype(np.float32)
""",
}

# ----------------------------------------------------------------------------------------- ex02
ALTERNATIVES["ex02_quantize_fp8"] = '''
def fp8_max(fmt: str) -> float:
    """Largest finite value of the OCP FP8 format `fmt`: "e4m3" (E4M3FN) or "e5m2"."""
    largest = {"e4m3": ml_dtypes.float8_e4m3fn, "e5m2": ml_dtypes.float8_e5m2}
    if fmt not in largest:
        raise ValueError(f"unknown FP8 fmt {fmt!r}")
    return float(ml_dtypes.finfo(largest[fmt]).max)


def quantize_fp8(x, fmt: str, saturate: bool = False) -> np.ndarray:
    """x rounded to the FP8 grid of `fmt`, as float32; saturate=True clamps to +-fp8_max first."""
    limit = fp8_max(fmt)
    values = np.asarray(x, dtype=np.float32).astype(np.float64)
    if saturate:
        values = np.maximum(np.minimum(values, limit), -limit)  # both propagate NaN
    return np.asarray(formats.round_to(values, fmt), dtype=np.float32)
'''

MISTAKES["ex02_quantize_fp8"] = {
    "IEEE-style E4M3 with a largest value of 240": """
def fp8_max(fmt: str) -> float:
    if fmt == "e4m3":
        return 1.875 * 2.0**7  # exponent 15 reserved for inf/NaN, as in IEEE formats
    if fmt == "e5m2":
        return 57344.0
    raise ValueError(f"unknown fmt {fmt!r}")


def quantize_fp8(x, fmt: str, saturate: bool = False) -> np.ndarray:
    dtypes = {"e4m3": ml_dtypes.float8_e4m3, "e5m2": ml_dtypes.float8_e5m2}
    if fmt not in dtypes:
        raise ValueError(f"unknown fmt {fmt!r}")
    values = np.array(x, dtype=np.float32)
    if saturate:
        values = np.clip(values, -fp8_max(fmt), fp8_max(fmt))
    return values.astype(dtypes[fmt]).astype(np.float32)
""",
    "E4M3 overflow gives inf, as in IEEE formats": """
def fp8_max(fmt: str) -> float:
    if fmt not in ("e4m3", "e5m2"):
        raise ValueError(f"unknown fmt {fmt!r}")
    return 448.0 if fmt == "e4m3" else 57344.0


def quantize_fp8(x, fmt: str, saturate: bool = False) -> np.ndarray:
    dtypes = {"e4m3": ml_dtypes.float8_e4m3fn, "e5m2": ml_dtypes.float8_e5m2}
    if fmt not in dtypes:
        raise ValueError(f"unknown fmt {fmt!r}")
    values = np.array(x, dtype=np.float32)
    limit = fp8_max(fmt)
    if saturate:
        values = np.clip(values, -limit, limit)
    rounded = values.astype(dtypes[fmt]).astype(np.float32)
    too_big = np.abs(values) > limit
    infinite = np.sign(values) * np.inf
    return np.where(too_big & ~np.isnan(values), infinite, rounded).astype(np.float32)
""",
    "saturation leaves infinities alone": """
def fp8_max(fmt: str) -> float:
    if fmt not in ("e4m3", "e5m2"):
        raise ValueError(f"unknown fmt {fmt!r}")
    return 448.0 if fmt == "e4m3" else 57344.0


def quantize_fp8(x, fmt: str, saturate: bool = False) -> np.ndarray:
    dtypes = {"e4m3": ml_dtypes.float8_e4m3fn, "e5m2": ml_dtypes.float8_e5m2}
    if fmt not in dtypes:
        raise ValueError(f"unknown fmt {fmt!r}")
    values = np.array(x, dtype=np.float32)
    if saturate:
        limit = fp8_max(fmt)
        big = np.isfinite(values) & (np.abs(values) > limit)  # inf is "not a number to clamp"
        values = np.where(big, np.sign(values) * limit, values).astype(np.float32)
    with np.errstate(over="ignore", invalid="ignore"):
        return values.astype(dtypes[fmt]).astype(np.float32)
""",
}

# ----------------------------------------------------------------------------------------- ex03
ALTERNATIVES["ex03_scaled_fp8_roundtrip"] = '''
def scaled_fp8_roundtrip(x, fmt: str) -> tuple[np.ndarray, float]:
    """Per-tensor amax scaling into FP8 and back: (x_hat as float32, scale = fp8_max / max|x|)."""
    dtypes = {"e4m3": torch.float8_e4m3fn, "e5m2": torch.float8_e5m2}
    if fmt not in dtypes:
        raise ValueError(f"unknown fmt {fmt!r}")
    tensor = torch.as_tensor(np.array(x, dtype=np.float32))
    amax = tensor.abs().max().item() if tensor.numel() else 0.0
    if amax == 0:
        return np.zeros(tuple(tensor.shape), dtype=np.float32), 1.0
    scale = float(torch.finfo(dtypes[fmt]).max) / amax
    # In range after scaling, torch's cast rounds like ml_dtypes' (it only differs on overflow).
    scaled = (tensor * scale).to(dtypes[fmt]).to(torch.float32)
    return (scaled / scale).numpy().astype(np.float32), scale
'''

MISTAKES["ex03_scaled_fp8_roundtrip"] = {
    "returns the reciprocal (dequantization) scale": """
def scaled_fp8_roundtrip(x, fmt: str) -> tuple[np.ndarray, float]:
    dtypes = {"e4m3": (ml_dtypes.float8_e4m3fn, 448.0), "e5m2": (ml_dtypes.float8_e5m2, 57344.0)}
    if fmt not in dtypes:
        raise ValueError(f"unknown fmt {fmt!r}")
    dtype, largest = dtypes[fmt]
    values = np.asarray(x, dtype=np.float32)
    amax = float(np.max(np.abs(values)))
    if amax == 0:
        return np.zeros(values.shape, dtype=np.float32), 1.0
    scale = amax / largest  # x = scale * q
    quantized = (values / scale).astype(dtype).astype(np.float32)
    return (quantized * scale).astype(np.float32), scale
""",
    "divides by zero on an all-zero tensor": """
def scaled_fp8_roundtrip(x, fmt: str) -> tuple[np.ndarray, float]:
    dtypes = {"e4m3": (ml_dtypes.float8_e4m3fn, 448.0), "e5m2": (ml_dtypes.float8_e5m2, 57344.0)}
    if fmt not in dtypes:
        raise ValueError(f"unknown fmt {fmt!r}")
    dtype, largest = dtypes[fmt]
    values = np.asarray(x, dtype=np.float32)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = largest / float(np.max(np.abs(values)))
        quantized = (values.astype(np.float64) * scale).astype(dtype)
        return (quantized.astype(np.float64) / scale).astype(np.float32), scale
""",
    "takes max(x) instead of max(|x|)": """
def scaled_fp8_roundtrip(x, fmt: str) -> tuple[np.ndarray, float]:
    dtypes = {"e4m3": (ml_dtypes.float8_e4m3fn, 448.0), "e5m2": (ml_dtypes.float8_e5m2, 57344.0)}
    if fmt not in dtypes:
        raise ValueError(f"unknown fmt {fmt!r}")
    dtype, largest = dtypes[fmt]
    values = np.asarray(x, dtype=np.float32)
    amax = float(np.max(values))
    if amax == 0:
        return np.zeros(values.shape, dtype=np.float32), 1.0
    scale = largest / amax
    with np.errstate(over="ignore", invalid="ignore"):
        quantized = (values.astype(np.float64) * scale).astype(dtype)
    return (quantized.astype(np.float64) / scale).astype(np.float32), scale
""",
}

# ----------------------------------------------------------------------------------------- ex04
ALTERNATIVES["ex04_underflow_fraction"] = '''
_DTYPES = {
    "fp64": torch.float64,
    "fp32": torch.float32,
    "fp16": torch.float16,
    "bf16": torch.bfloat16,
}


def _scaled_cast(grads, fmt, scale):
    if fmt not in _DTYPES:
        raise ValueError(f"unknown fmt {fmt!r}")
    values = torch.as_tensor(np.asarray(grads, dtype=np.float64)).flatten()
    return values, (values * scale).to(_DTYPES[fmt])


def underflow_fraction(grads, fmt: str = "fp16", scale: float = 1.0) -> float:
    """Fraction of the nonzero entries of grads that become 0 when grads * scale is cast to fmt."""
    values, stored = _scaled_cast(grads, fmt, scale)
    nonzero = values != 0
    count = int(nonzero.sum())
    return int((stored[nonzero] == 0).sum()) / count if count else 0.0


def overflow_fraction(grads, fmt: str = "fp16", scale: float = 1.0) -> float:
    """Fraction of the finite entries of grads that become inf or NaN when grads * scale is cast."""
    values, stored = _scaled_cast(grads, fmt, scale)
    finite = torch.isfinite(values)
    count = int(finite.sum())
    return int((~torch.isfinite(stored[finite])).sum()) / count if count else 0.0
'''

_EX04_COMMON = """
DTYPES = {"fp64": np.float64, "fp32": np.float32, "fp16": np.float16, "bf16": ml_dtypes.bfloat16}


def _check(fmt):
    if fmt not in DTYPES:
        raise ValueError(f"unknown fmt {fmt!r}")
"""

_EX04_OVERFLOW = """

def overflow_fraction(grads, fmt: str = "fp16", scale: float = 1.0) -> float:
    _check(fmt)
    values = np.asarray(grads, dtype=np.float64).ravel()
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.mean(~np.isfinite((finite * scale).astype(DTYPES[fmt]))))
"""

_EX04_UNDERFLOW = """

def underflow_fraction(grads, fmt: str = "fp16", scale: float = 1.0) -> float:
    _check(fmt)
    values = np.asarray(grads, dtype=np.float64).ravel()
    nonzero = values[values != 0]
    if nonzero.size == 0:
        return 0.0
    with np.errstate(over="ignore"):
        return float(np.mean((nonzero * scale).astype(DTYPES[fmt]) == 0))
"""

MISTAKES["ex04_underflow_fraction"] = {
    "counts the zero gradients in the denominator": _EX04_COMMON
    + """

def underflow_fraction(grads, fmt: str = "fp16", scale: float = 1.0) -> float:
    _check(fmt)
    values = np.asarray(grads, dtype=np.float64).ravel()
    if values.size == 0:
        return 0.0
    with np.errstate(over="ignore"):
        stored = (values * scale).astype(DTYPES[fmt])
    return float(np.mean((stored == 0) & (values != 0)))
"""
    + _EX04_OVERFLOW,
    "counts subnormals as underflow": _EX04_COMMON
    + """

def underflow_fraction(grads, fmt: str = "fp16", scale: float = 1.0) -> float:
    _check(fmt)
    values = np.asarray(grads, dtype=np.float64).ravel()
    nonzero = values[values != 0]
    if nonzero.size == 0:
        return 0.0
    tiny = float(ml_dtypes.finfo(DTYPES[fmt]).smallest_normal)
    with np.errstate(over="ignore"):
        stored = (nonzero * scale).astype(DTYPES[fmt]).astype(np.float64)
    return float(np.mean(np.abs(stored) < tiny))
"""
    + _EX04_OVERFLOW,
    "counts inf and NaN inputs as overflow": _EX04_COMMON
    + _EX04_UNDERFLOW
    + """

def overflow_fraction(grads, fmt: str = "fp16", scale: float = 1.0) -> float:
    _check(fmt)
    values = np.asarray(grads, dtype=np.float64).ravel()
    if values.size == 0:
        return 0.0
    with np.errstate(over="ignore", invalid="ignore"):
        return float(np.mean(~np.isfinite((values * scale).astype(DTYPES[fmt]))))
""",
    "casts to the format before scaling": _EX04_COMMON
    + """

def underflow_fraction(grads, fmt: str = "fp16", scale: float = 1.0) -> float:
    _check(fmt)
    values = np.asarray(grads, dtype=np.float64).ravel()
    nonzero = values[values != 0]
    if nonzero.size == 0:
        return 0.0
    with np.errstate(over="ignore"):
        stored = nonzero.astype(DTYPES[fmt]) * DTYPES[fmt](scale)
    return float(np.mean(stored == 0))
"""
    + _EX04_OVERFLOW,
}

# ----------------------------------------------------------------------------------------- ex05
ALTERNATIVES["ex05_dynamic_loss_scaler"] = '''
class DynamicLossScaler:
    """Dynamic loss scaling with torch.amp.GradScaler's rules: back off on an inf/NaN step, grow
    after `growth_interval` clean steps in a row."""

    def __init__(
        self,
        init_scale: float = 2.0**16,
        growth_factor: float = 2.0,
        backoff_factor: float = 0.5,
        growth_interval: int = 2000,
    ) -> None:
        self._scale = torch.tensor(float(init_scale), dtype=torch.float32)
        self.factors = (growth_factor, backoff_factor)
        self.growth_interval = growth_interval
        self.clean_since = 0  # clean steps since the last backoff, growth included

    @property
    def scale(self) -> float:
        return self._scale.item()

    def update(self, found_inf) -> None:
        """Adjust the scale after a step whose gradients held an inf/NaN (found_inf) or not."""
        growth, backoff = self.factors
        if bool(found_inf):
            self._scale = (self._scale.double() * backoff).float()
            self.clean_since = 0
            return
        self.clean_since += 1
        if self.clean_since % self.growth_interval == 0:
            grown = (self._scale.double() * growth).float()
            if torch.isfinite(grown):
                self._scale = grown
'''

_EX05_HEAD = """
class DynamicLossScaler:
    def __init__(
        self, init_scale=2.0**16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000
    ):
        self.scale = float(init_scale)
        self.growth_factor = growth_factor
        self.backoff_factor = backoff_factor
        self.growth_interval = growth_interval
        self.good_steps = 0

"""

MISTAKES["ex05_dynamic_loss_scaler"] = {
    "does not restart the count after a backoff": _EX05_HEAD
    + """    def update(self, found_inf):
        if found_inf:
            self.scale *= self.backoff_factor
            return
        self.good_steps += 1
        if self.good_steps == self.growth_interval:
            self.scale *= self.growth_factor
            self.good_steps = 0
""",
    "grows after growth_interval + 1 clean steps": _EX05_HEAD
    + """    def update(self, found_inf):
        if found_inf:
            self.scale *= self.backoff_factor
            self.good_steps = 0
        elif self.good_steps == self.growth_interval:  # checked before counting this step
            self.scale *= self.growth_factor
            self.good_steps = 0
        else:
            self.good_steps += 1
""",
    "does not restart the count after a growth": _EX05_HEAD
    + """    def update(self, found_inf):
        if found_inf:
            self.scale *= self.backoff_factor
            self.good_steps = 0
            return
        self.good_steps += 1
        if self.good_steps >= self.growth_interval:
            self.scale *= self.growth_factor
""",
}

# ----------------------------------------------------------------------------------------- ex06
ALTERNATIVES["ex06_amp_step"] = '''
def amp_step(model, loss_fn, batch, optimizer, scaler) -> bool:
    """One loss-scaled step: scaled backward, unscaled fp32 gradients, skip on inf/NaN, update."""
    inputs, targets = batch
    for group in optimizer.param_groups:
        for parameter in group["params"]:
            parameter.grad = None
    scale = scaler.scale
    loss = loss_fn(model(inputs), targets)  # no autocast: fp32 throughout
    loss.mul(scale).backward()
    grads = [p.grad for g in optimizer.param_groups for p in g["params"] if p.grad is not None]
    # inf / scale is still inf and NaN stays NaN: checking before unscaling is the same test.
    found_inf = bool(torch.stack([torch.isfinite(g).all() for g in grads]).logical_not().any())
    torch._foreach_div_(grads, scale)
    if not found_inf:
        optimizer.step()
    scaler.update(found_inf)
    return not found_inf
'''

_EX06_FORWARD = """
def amp_step(model, loss_fn, batch, optimizer, scaler) -> bool:
    inputs, targets = batch
    optimizer.zero_grad()
    loss = loss_fn(model(inputs), targets)
    (loss * scaler.scale).backward()
    params = [p for g in optimizer.param_groups for p in g["params"] if p.grad is not None]
"""

MISTAKES["ex06_amp_step"] = {
    "does not unscale the gradients": _EX06_FORWARD
    + """    found_inf = any(not bool(torch.isfinite(p.grad).all()) for p in params)
    if not found_inf:
        optimizer.step()
    scaler.update(found_inf)
    return not found_inf
""",
    "steps even when a gradient is inf or NaN": _EX06_FORWARD
    + """    with torch.no_grad():
        for p in params:
            p.grad /= scaler.scale
    found_inf = any(not bool(torch.isfinite(p.grad).all()) for p in params)
    optimizer.step()
    scaler.update(found_inf)
    return not found_inf
""",
    "forgets to zero the gradients": """
def amp_step(model, loss_fn, batch, optimizer, scaler) -> bool:
    inputs, targets = batch
    loss = loss_fn(model(inputs), targets)
    scale = scaler.scale
    (loss * scale).backward()
    params = [p for g in optimizer.param_groups for p in g["params"] if p.grad is not None]
    with torch.no_grad():
        for p in params:
            p.grad /= scale
    found_inf = any(not bool(torch.isfinite(p.grad).all()) for p in params)
    if not found_inf:
        optimizer.step()
    scaler.update(found_inf)
    return not found_inf
""",
    "updates the scale before unscaling with it": _EX06_FORWARD
    + """    found_inf = any(not bool(torch.isfinite(p.grad).all()) for p in params)
    scaler.update(found_inf)
    with torch.no_grad():
        for p in params:
            p.grad /= scaler.scale  # already the next step's scale
    if not found_inf:
        optimizer.step()
    return not found_inf
""",
}

# ----------------------------------------------------------------------------------------- ex07
ALTERNATIVES["ex07_update_is_lost"] = '''
def update_is_lost(w: float, u: float, fmt: str) -> bool:
    """True when w + u (w, u rounded to fmt, their exact sum rounded once to fmt) is w."""
    number = {
        "fp64": np.float64,
        "fp32": np.float32,
        "fp16": np.float16,
        "bf16": ml_dtypes.bfloat16,
    }
    if fmt not in number:
        raise ValueError(f"unknown fmt {fmt!r}")
    kind = number[fmt]
    with np.errstate(over="ignore"):
        stored_w, stored_u = kind(formats.round_to(w, fmt)), kind(formats.round_to(u, fmt))
        # The format's own addition: fp16 and bf16 scalars add in float32 and round once more,
        # which is exact enough (24 >= 2 * 11 + 2 bits) to give the correctly rounded sum.
        return bool(stored_w + stored_u == stored_w)
'''

MISTAKES["ex07_update_is_lost"] = {
    "adds in fp32 whatever the format": """
def update_is_lost(w: float, u: float, fmt: str) -> bool:
    if fmt not in ("fp64", "fp32", "fp16", "bf16"):
        raise ValueError(f"unknown fmt {fmt!r}")
    if fmt == "fp64":
        return w + u == w
    stored_w = np.float32(formats.round_to(w, fmt))
    return bool(stored_w + np.float32(formats.round_to(u, fmt)) == stored_w)
""",
    "compares with w as given, not rounded": """
def update_is_lost(w: float, u: float, fmt: str) -> bool:
    if fmt not in ("fp64", "fp32", "fp16", "bf16"):
        raise ValueError(f"unknown fmt {fmt!r}")
    with np.errstate(over="ignore"):
        total = float(formats.round_to(w + float(formats.round_to(u, fmt)), fmt))
    return total == w
""",
    "compares |u| with half the gap above w": """
def update_is_lost(w: float, u: float, fmt: str) -> bool:
    spec = formats.get_format(fmt)
    if fmt not in ("fp64", "fp32", "fp16", "bf16"):
        raise ValueError(f"unknown fmt {fmt!r}")
    stored = abs(float(formats.round_to(w, fmt)))
    if stored < spec.smallest_normal:
        gap = spec.smallest_subnormal
    else:
        gap = math.ldexp(1.0, math.frexp(stored)[1] - 1 - spec.mantissa_bits)
    return abs(float(formats.round_to(u, fmt))) <= gap / 2
""",
}

# ----------------------------------------------------------------------------------------- ex08
ALTERNATIVES["ex08_stochastic_round"] = '''
LAYOUT = {"bf16": (7, -126), "fp16": (10, -14)}  # fraction bits, smallest normal exponent


def stochastic_round(x, fmt: str, rng: np.random.Generator) -> np.ndarray:
    """Each entry of x rounded to a neighbour in fmt, up with probability (x - a) / (b - a)."""
    if fmt not in LAYOUT:
        raise ValueError(f"unknown fmt {fmt!r}")
    fraction_bits, min_exponent = LAYOUT[fmt]
    values = np.asarray(x, dtype=np.float64)
    _, exponent = np.frexp(np.abs(values))  # |x| = m * 2**exponent, 0.5 <= m < 1
    binade = np.maximum(exponent - 1, min_exponent)  # below the normals the spacing stays
    quantum = np.ldexp(1.0, binade - fraction_bits)
    low = np.floor(values / quantum) * quantum  # exact: powers of two
    up = rng.random(values.shape) < (values - low) / quantum
    result = np.where(up, low + quantum, low)
    return np.where(values == low, values, result).astype(np.float32)  # keeps -0.0
'''

_EX08_HEAD = """
def stochastic_round(x, fmt: str, rng: np.random.Generator) -> np.ndarray:
    if fmt not in ("bf16", "fp16"):
        raise ValueError(f"unknown fmt {fmt!r}")
    values = np.array(x, dtype=np.float64)
"""

MISTAKES["ex08_stochastic_round"] = {
    "adds noise of one gap, then rounds to nearest": _EX08_HEAD
    + """    nearest = formats.round_to(values, fmt).astype(np.float64)
    gap = np.spacing(np.abs(formats.round_to(values, fmt))).astype(np.float64)
    noise = rng.random(values.shape) * gap  # in [0, gap): should be truncated, not rounded
    result = formats.round_to(values + noise, fmt).astype(np.float64)
    return np.where(nearest == values, values, result).astype(np.float32)
""",
    "rounds on the fp32 grid": _EX08_HEAD
    + """    single = values.astype(np.float32)
    gap = np.spacing(np.abs(single)).astype(np.float64)
    low = np.where(single > values, single - gap, single).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        up = rng.random(values.shape) < (values - low) / gap
    return np.where(up, low + gap, low).astype(np.float32)
""",
    "rounds up with the reversed probability": _EX08_HEAD
    + """    nearest = formats.round_to(values, fmt)
    near = nearest.astype(np.float64)
    toward = np.where(near < values, np.inf, -np.inf).astype(nearest.dtype)
    other = np.nextafter(nearest, toward).astype(np.float64)
    low, high = np.minimum(near, other), np.maximum(near, other)
    exact = near == values
    with np.errstate(invalid="ignore", divide="ignore"):
        p_up = np.where(exact, 0.0, (high - values) / (high - low))  # distance to the wrong end
    up = rng.random(values.shape) < p_up
    return np.where(exact, values, np.where(up, high, low)).astype(np.float32)
""",
}

# ----------------------------------------------------------------------------------------- ex09
ALTERNATIVES["ex09_accumulate_bf16"] = '''
def accumulate_bf16(updates, compensated: bool = True) -> float:
    """Sum of the updates with every value and every operation in bf16 (Kahan if compensated)."""
    terms = torch.as_tensor(np.asarray(updates, dtype=np.float32)).flatten().to(torch.bfloat16)
    total = torch.zeros((), dtype=torch.bfloat16)
    compensation = torch.zeros((), dtype=torch.bfloat16)
    for term in terms:  # 0-d bf16 tensors: each operation is rounded to bf16
        if compensated:
            y = term - compensation
            t = total + y
            compensation = (t - total) - y
            total = t
        else:
            total = total + term
    return total.item()
'''

MISTAKES["ex09_accumulate_bf16"] = {
    "accumulates in fp32": """
def accumulate_bf16(updates, compensated: bool = True) -> float:
    terms = np.asarray(updates, dtype=np.float32).astype(ml_dtypes.bfloat16).astype(np.float32)
    total = compensation = np.float32(0)
    for term in terms:
        if compensated:
            y = term - compensation
            t = total + y
            compensation = (t - total) - y
            total = t
        else:
            total = total + term
    return float(ml_dtypes.bfloat16(total))
""",
    "keeps Kahan's compensation in fp32": """
def accumulate_bf16(updates, compensated: bool = True) -> float:
    terms = np.asarray(updates, dtype=np.float32).astype(ml_dtypes.bfloat16)
    total = ml_dtypes.bfloat16(0)
    compensation = np.float32(0)
    for term in terms:
        if compensated:
            y = np.float32(term) - compensation
            t = ml_dtypes.bfloat16(total + y)
            compensation = (np.float32(t) - np.float32(total)) - y
            total = t
        else:
            total = total + term
    return float(total)
""",
    "does not round the updates to bf16 first": """
def accumulate_bf16(updates, compensated: bool = True) -> float:
    terms = np.asarray(updates, dtype=np.float32)
    total = compensation = ml_dtypes.bfloat16(0)
    for term in terms:
        if compensated:
            y = ml_dtypes.bfloat16(np.float32(term) - np.float32(compensation))
            t = total + y
            compensation = (t - total) - y
            total = t
        else:
            total = ml_dtypes.bfloat16(np.float32(total) + term)
    return float(total)
""",
}

# ----------------------------------------------------------------------------------------- ex10
ALTERNATIVES["ex10_matmul_relative_error"] = '''
def matmul_relative_error(a, b, fmt: str) -> float:
    """||fl(a) @ fl(b) - a @ b||_F / ||a @ b||_F, a and b rounded to fmt, fp32 products and sums."""
    dtypes = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}
    if fmt not in dtypes:
        raise ValueError(f"unknown fmt {fmt!r}")
    a = torch.as_tensor(np.asarray(a, dtype=np.float64))
    b = torch.as_tensor(np.asarray(b, dtype=np.float64))
    # Round from float32 values: the tests' inputs round the same either way to 1e-3 of the error.
    low_a = a.float().to(dtypes[fmt]).float()
    low_b = b.float().to(dtypes[fmt]).float()
    exact = a @ b
    error = torch.linalg.matrix_norm((low_a @ low_b).double() - exact)
    return float(error / torch.linalg.matrix_norm(exact))
'''

MISTAKES["ex10_matmul_relative_error"] = {
    "does not round the inputs to the format": """
def matmul_relative_error(a, b, fmt: str) -> float:
    if fmt not in ("fp32", "fp16", "bf16"):
        raise ValueError(f"unknown fmt {fmt!r}")
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    product = (a.astype(np.float32) @ b.astype(np.float32)).astype(np.float64)
    exact = a @ b
    return float(np.linalg.norm(product - exact) / np.linalg.norm(exact))
""",
    "accumulates in float64": """
def matmul_relative_error(a, b, fmt: str) -> float:
    if fmt not in ("fp32", "fp16", "bf16"):
        raise ValueError(f"unknown fmt {fmt!r}")
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    low_a = formats.round_to(a, fmt).astype(np.float64)
    low_b = formats.round_to(b, fmt).astype(np.float64)
    exact = a @ b
    return float(np.linalg.norm(low_a @ low_b - exact) / np.linalg.norm(exact))
""",
    "rounds the product to the format as well": """
def matmul_relative_error(a, b, fmt: str) -> float:
    dtypes = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}
    if fmt not in dtypes:
        raise ValueError(f"unknown fmt {fmt!r}")
    a = torch.as_tensor(np.asarray(a, dtype=np.float64))
    b = torch.as_tensor(np.asarray(b, dtype=np.float64))
    product = a.to(dtypes[fmt]) @ b.to(dtypes[fmt])  # the result is stored in fmt
    exact = a @ b
    error = torch.linalg.matrix_norm(product.double() - exact)
    return float(error / torch.linalg.matrix_norm(exact))
""",
}

# ----------------------------------------------------------------------------------------- ex11
ALTERNATIVES["ex11_set_seed"] = '''
import numbers


def set_seed(seed: int, deterministic: bool = True) -> None:
    """Seed random, numpy's global generator and torch; optionally make cuDNN deterministic."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise ValueError(f"seed must be an integer, got {seed!r}")
    if not 0 <= int(seed) <= 2**32 - 1:
        raise ValueError(f"seed must lie in [0, 2**32 - 1], got {seed}")
    seed = int(seed)
    random.seed(seed)
    np.random.set_state(np.random.RandomState(seed).get_state())
    torch.random.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)
    if deterministic:
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        torch.use_deterministic_algorithms(True, warn_only=True)
'''

MISTAKES["ex11_set_seed"] = {
    "does not seed numpy's global generator": """
def set_seed(seed: int, deterministic: bool = True) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an int in [0, 2**32), got {seed!r}")
    random.seed(seed)
    np.random.default_rng(seed)  # a new generator: the global one is untouched
    torch.manual_seed(seed)
    if deterministic:
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
""",
    "does not set the cuDNN flags": """
def set_seed(seed: int, deterministic: bool = True) -> None:
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an int in [0, 2**32), got {seed!r}")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
""",
    "lets the libraries check the seed": """
def set_seed(seed: int, deterministic: bool = True) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    if deterministic:
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
""",
}

# ----------------------------------------------------------------------------------------- ex12
ALTERNATIVES["ex12_training_memory"] = '''
# Bytes per parameter: (weights, grads, master).
PRECISIONS = {"fp32": (4, 4, 0), "amp_fp16": (2, 2, 4), "amp_bf16": (2, 2, 4)}
OPTIMIZER_BYTES = {"adam": 8, "sgd": 0}


def training_memory(n_params: int, precision: str = "fp32", optimizer: str = "adam") -> dict:
    """Bytes of weights, grads, optimizer states and master weights to train n_params, and total."""
    if type(n_params) is not int or n_params < 0:
        raise ValueError(f"n_params must be a non-negative int, got {n_params!r}")
    if precision not in PRECISIONS:
        raise ValueError(f"unknown precision {precision!r}")
    if optimizer not in OPTIMIZER_BYTES:
        raise ValueError(f"unknown optimizer {optimizer!r}")
    weights, grads, master = PRECISIONS[precision]
    per_parameter = {
        "weights": weights,
        "grads": grads,
        "optimizer": OPTIMIZER_BYTES[optimizer],
        "master": master,
    }
    result = {key: size * n_params for key, size in per_parameter.items()}
    result["total"] = sum(per_parameter.values()) * n_params
    return result
'''

_EX12_CHECKS = """
def training_memory(n_params: int, precision: str = "fp32", optimizer: str = "adam") -> dict:
    if isinstance(n_params, bool) or not isinstance(n_params, int) or n_params < 0:
        raise ValueError(f"n_params must be an int >= 0, got {n_params!r}")
    if precision not in ("fp32", "amp_fp16", "amp_bf16"):
        raise ValueError(f"unknown precision {precision!r}")
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"unknown optimizer {optimizer!r}")
    mixed = precision != "fp32"
"""

MISTAKES["ex12_training_memory"] = {
    "keeps Adam's states in 2 bytes with mixed precision": _EX12_CHECKS
    + """    per_state = 2 if mixed else 4
    memory = {
        "weights": (2 if mixed else 4) * n_params,
        "grads": (2 if mixed else 4) * n_params,
        "optimizer": (2 * per_state if optimizer == "adam" else 0) * n_params,
        "master": (4 if mixed else 0) * n_params,
    }
    memory["total"] = sum(memory.values())
    return memory
""",
    "counts a master copy in fp32 training too": _EX12_CHECKS
    + """    memory = {
        "weights": (2 if mixed else 4) * n_params,
        "grads": (2 if mixed else 4) * n_params,
        "optimizer": (8 if optimizer == "adam" else 0) * n_params,
        "master": 4 * n_params,
    }
    memory["total"] = sum(memory.values())
    return memory
""",
    "leaves out the master key when there is no master copy": _EX12_CHECKS
    + """    memory = {
        "weights": (2 if mixed else 4) * n_params,
        "grads": (2 if mixed else 4) * n_params,
        "optimizer": (8 if optimizer == "adam" else 0) * n_params,
    }
    if mixed:
        memory["master"] = 4 * n_params
    memory["total"] = sum(memory.values())
    return memory
""",
}

# ------------------------------------------------------------------------ the teaching contract
# The mistake each exercise exists to teach: it fails a visible assert whose message says why
# (tests/test_teaching.py), and it comes first in MISTAKES[id].
MAIN_MISTAKES: dict[str, str] = {
    "ex01_round_to_bf16": "truncates the low 16 bits",
    "ex02_quantize_fp8": "IEEE-style E4M3 with a largest value of 240",
    "ex03_scaled_fp8_roundtrip": "takes max(x) instead of max(|x|)",
    "ex04_underflow_fraction": "casts to the format before scaling",
    "ex05_dynamic_loss_scaler": "does not restart the count after a backoff",
    "ex06_amp_step": "steps even when a gradient is inf or NaN",
    "ex07_update_is_lost": "compares |u| with half the gap above w",
    "ex08_stochastic_round": "rounds up with the reversed probability",
    "ex09_accumulate_bf16": "accumulates in fp32",
    "ex10_matmul_relative_error": "does not round the inputs to the format",
    "ex11_set_seed": "does not seed numpy's global generator",
    "ex12_training_memory": "keeps Adam's states in 2 bytes with mixed precision",
}
# The pipeline test submits the first mistake of every exercise as one student: main ones first.
for _exercise, _name in MAIN_MISTAKES.items():
    MISTAKES[_exercise] = {_name: MISTAKES[_exercise][_name], **MISTAKES[_exercise]}

# Answers that hand the exercise to a shipped `course` helper, or to the library routine that
# does the job the exercise asks for: each must score zero on its exercise (hidden tests
# included). Without the test cells' `_forbid`, each of them would pass the visible asserts.
DELEGATIONS: dict[str, dict[str, str]] = {
    "ex01_round_to_bf16": {
        "formats.round_to": """
def round_to_bf16(x) -> np.ndarray:
    values = np.asarray(x, dtype=np.float32)
    return np.asarray(formats.round_to(values, "bf16"), dtype=np.float32)
""",
        "formats.bits_of, shifted into place": """
def round_to_bf16(x) -> np.ndarray:
    values = np.asarray(x, dtype=np.float32)
    upper = formats.bits_of(values, "bf16").astype(np.uint32)
    return np.where(np.isnan(values), values, (upper << 16).view(np.float32))
""",
        "the ml_dtypes cast": """
def round_to_bf16(x) -> np.ndarray:
    values = np.asarray(x, dtype=np.float32)
    return values.astype(ml_dtypes.bfloat16).astype(np.float32)
""",
        "torch's cast": """
def round_to_bf16(x) -> np.ndarray:
    tensor = torch.from_numpy(np.array(x, dtype=np.float32))
    return tensor.to(torch.bfloat16).float().numpy()
""",
    },
    "ex04_underflow_fraction": {
        "mixed_precision.cast_census": """
def underflow_fraction(grads, fmt: str = "fp16", scale: float = 1.0) -> float:
    if fmt not in ("fp64", "fp32", "fp16", "bf16"):
        raise ValueError(f"unknown fmt {fmt!r}")
    return mixed_precision.cast_census(np.asarray(grads, dtype=np.float64), fmt, scale).flushed


def overflow_fraction(grads, fmt: str = "fp16", scale: float = 1.0) -> float:
    if fmt not in ("fp64", "fp32", "fp16", "bf16"):
        raise ValueError(f"unknown fmt {fmt!r}")
    values = np.asarray(grads, dtype=np.float64).ravel()
    values = values[np.isfinite(values)]
    if values.size == 0:
        return 0.0
    census = mixed_precision.cast_census(values, fmt, scale)
    return census.overflowed * census.count / values.size
""",
    },
    "ex05_dynamic_loss_scaler": {
        "a torch.amp.GradScaler inside": """
class DynamicLossScaler:
    def __init__(
        self, init_scale=2.0**16, growth_factor=2.0, backoff_factor=0.5, growth_interval=2000
    ) -> None:
        self._scaler = torch.amp.GradScaler(
            "cpu",
            init_scale=init_scale,
            growth_factor=growth_factor,
            backoff_factor=backoff_factor,
            growth_interval=growth_interval,
        )
        self._parameter = torch.zeros(1, requires_grad=True)
        self._optimizer = torch.optim.SGD([self._parameter], lr=0.0)
        self.scale = float(init_scale)

    def update(self, found_inf) -> None:
        self._scaler.scale(torch.ones(()))
        self._parameter.grad = torch.full((1,), math.inf if bool(found_inf) else 0.0)
        self._scaler.step(self._optimizer)
        self._scaler.update()
        self.scale = float(self._scaler.get_scale())
""",
    },
    "ex06_amp_step": {
        "torch.amp.GradScaler does the step": """
def amp_step(model, loss_fn, batch, optimizer, scaler) -> bool:
    inputs, targets = batch
    device_type = next(model.parameters()).device.type
    helper = torch.amp.GradScaler(device_type, init_scale=float(scaler.scale))
    optimizer.zero_grad()
    helper.scale(loss_fn(model(inputs), targets)).backward()
    helper.unscale_(optimizer)
    found_inf = not all(
        bool(torch.isfinite(p.grad).all())
        for group in optimizer.param_groups
        for p in group["params"]
        if p.grad is not None
    )
    helper.step(optimizer)  # skips the step when found_inf
    scaler.update(found_inf)
    return not found_inf
""",
    },
    "ex12_training_memory": {
        "mixed_precision.measured_training_bytes on meta tensors": """
import types


def training_memory(n_params: int, precision: str = "fp32", optimizer: str = "adam") -> dict:
    if isinstance(n_params, bool) or not isinstance(n_params, int) or n_params < 0:
        raise ValueError(f"n_params must be an int >= 0, got {n_params!r}")
    if precision not in ("fp32", "amp_fp16", "amp_bf16"):
        raise ValueError(f"unknown precision {precision!r}")
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"unknown optimizer {optimizer!r}")
    low = torch.float32 if precision == "fp32" else torch.bfloat16
    weights = torch.empty(n_params, dtype=low, device="meta")
    weights.grad = torch.empty(n_params, dtype=low, device="meta")
    master = [] if precision == "fp32" else [torch.empty(n_params, device="meta")]
    moments = ("exp_avg", "exp_avg_sq") if optimizer == "adam" else ()
    state = {name: torch.empty(n_params, device="meta") for name in moments}
    states = types.SimpleNamespace(state={0: state})
    return mixed_precision.measured_training_bytes([weights], states, master)
""",
    },
}
