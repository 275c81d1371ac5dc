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
from course.widgets.loss_scale_explorer import LossScaleExplorer
from course.widgets.runge_visualizer import RungeVisualizer
from course.widgets.spline_explorer import SplineExplorer
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


def _runge_visualizer_update() -> Callable[[int], None]:
    """The visualizer walks n up and down, switching node family every few steps."""
    view = RungeVisualizer("runge", 11, "equispaced")
    sizes = (25, 40, 60, 80, 100, 70, 30, 15)  # never the value already set

    def change(i: int) -> None:
        if i % 4 == 3:
            view.family_buttons.value = (
                "chebyshev" if view.family_buttons.value == "equispaced" else "equispaced"
            )
        else:
            view.n_slider.value = sizes[i % len(sizes)]

    return change


def _spline_explorer_update() -> Callable[[int], None]:
    """The explorer moves its probe and steps through degrees 1 to 5."""
    view = SplineExplorer(3, 8, "uniform", "sine", 0.3)

    def change(i: int) -> None:
        if i % 2:
            view.degree_slider.value = 1 + i % 5
        else:
            view.probe_slider.value = round(0.05 + 0.9 * ((i * 0.37) % 1), 2)

    return change


def _loss_scale_explorer_update() -> Callable[[int], None]:
    """The explorer steps the loss scale through 2**0..2**24, switching format every fifth step."""
    view = LossScaleExplorer()
    formats = ("bf16", "fp16", "e5m2", "e4m3")

    def change(i: int) -> None:
        if i % 5 == 4:
            view.format_dropdown.value = formats[(i // 5) % len(formats)]
        else:
            view.scale_slider.value = (7 * i + 3) % 25  # never the value already set

    return change


# name -> factory of a one-control-change function; each series adds its widgets here.
PROBES: dict[str, Callable[[], Callable[[int], None]]] = {
    "ulp_ruler": _ulp_ruler_update,
    "bit_explorer": _bit_explorer_update,
    "runge_visualizer": _runge_visualizer_update,
    "spline_explorer": _spline_explorer_update,
    "loss_scale_explorer": _loss_scale_explorer_update,
}


def widget_latencies(repeats: int = 20) -> dict[str, float]:
    """Median seconds from one control change to recomputed model and rendered figure, per
    widget of PROBES (e.g. {"ulp_ruler": ..., "bit_explorer": ...}). Target: under 0.05 s."""
    if not isinstance(repeats, int) or isinstance(repeats, bool) or repeats < 1:
        raise ValueError(f"repeats must be a positive int, got {repeats!r}")
    return {name: _median_seconds(probe(), repeats) for name, probe in PROBES.items()}
