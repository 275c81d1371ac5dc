"""How long a widget takes to answer one control change, measured headless.

One update is the real path a notebook runs after a control changes: the observer recomputes the
model, updates the figure's artists, renders it to the PNG that the Output shows, and rewrites
the readout. Only the display itself is skipped (no kernel). The views draw with Agg through
`Figure.savefig`, whatever pyplot's backend is. The widgets and their probes are the registry's
(`course.widgets.registry.WIDGETS`).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def median_seconds(change: Callable[[int], None], repeats: int) -> float:
    """Median seconds of `change(i)` over i = 0 .. repeats-1."""
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        change(i)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def widget_latencies(repeats: int = 20) -> dict[str, float]:
    """Median seconds from one control change to recomputed model and rendered figure, per
    registered widget (e.g. {"ulp_ruler": ..., "bit_explorer": ...}). Target: under 0.05 s."""
    if not isinstance(repeats, int) or isinstance(repeats, bool) or repeats < 1:
        raise ValueError(f"repeats must be a positive int, got {repeats!r}")
    from course.widgets.registry import WIDGETS

    return {name: median_seconds(entry.probe(), repeats) for name, entry in WIDGETS.items()}
