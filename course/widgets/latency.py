"""How long a widget takes to answer one control change, measured headless.

One update is the real path a notebook runs after a control changes: the observer recomputes the
model, updates the figure's artists, renders it to the PNG that the Output shows, and rewrites
the readout. Only the display itself is skipped (no kernel). The views draw with Agg through
`Figure.savefig`, whatever pyplot's backend is.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from course.widgets.bit_explorer import BitExplorer
from course.widgets.ulp_ruler import UlpRuler


def _median_seconds(change: Callable[[int], None], repeats: int) -> float:
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        change(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _ulp_ruler_update() -> Callable[[int], None]:
    """The ruler cycles through typed values (normal, subnormal, overflow edge, zero)."""
    ruler = UlpRuler(0.1, "fp32")
    texts = ("0.1", "1e-8", "65519", "3.14159", "-0", "2**-130")

    def type_text(i: int) -> None:
        ruler.value_text.value = texts[i % len(texts)]

    return type_text


def _bit_explorer_update() -> Callable[[int], None]:
    """The explorer flips low mantissa bits of an fp16 value."""
    explorer = BitExplorer(1.0, "fp16")

    def click_bit(i: int) -> None:
        button = explorer.bit_buttons[-1 - i % 4]  # the low mantissa bits
        button.value = not button.value

    return click_bit


# name -> factory of a one-control-change function; each series adds its widgets here.
PROBES: dict[str, Callable[[], Callable[[int], None]]] = {
    "ulp_ruler": _ulp_ruler_update,
    "bit_explorer": _bit_explorer_update,
}


def widget_latencies(repeats: int = 20) -> dict[str, float]:
    """Median seconds from one control change to recomputed model and rendered figure, per
    widget of PROBES (e.g. {"ulp_ruler": ..., "bit_explorer": ...}). Target: under 0.05 s."""
    if not isinstance(repeats, int) or isinstance(repeats, bool) or repeats < 1:
        raise ValueError(f"repeats must be a positive int, got {repeats!r}")
    return {name: _median_seconds(probe(), repeats) for name, probe in PROBES.items()}
