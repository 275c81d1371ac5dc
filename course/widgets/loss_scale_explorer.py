"""The loss-scale explorer: gradient magnitudes against a format's range, and dynamic scaling.

A thin view over `course.mixed_precision`. The first figure is a histogram of |gradient| × scale
on a log axis, over the format's flush-to-zero, subnormal, normal and overflow regions; the second
is a run of `torch.amp.GradScaler` over the training steps' largest gradients (the scale at each
step, skipped steps marked). Tests and the latency benchmark drive it headless: set
`scale_slider.value` (log2 of the scale), `format_dropdown.value` or `interval_slider.value`
(the growth interval of the dynamic run), then read `explorer.model` (a LossScaleModel),
`explorer.readout.value` (HTML), `explorer.figure` (the histogram), `explorer.run_figure` and
`explorer.pngs` (the two images last shown). Two figures, because the scale slider moves only
the histogram: the run's image is re-rendered only when the format or the interval changes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from course.formats import get_format
from course.mixed_precision import (
    GRADIENT_FORMATS,
    CastCensus,
    FormatRegions,
    ScalingRun,
    cast_census,
    dynamic_scaling_run,
    format_regions,
    log2_histogram,
    nonzero_magnitudes,
    synthetic_gradients,
)
from course.plotting import (
    BLUE,
    DARK_GREY,
    GREY,
    LIGHT_BLUE,
    ORANGE,
    BlitPng,
    figure_png,
    show_png,
)
from course.plotting import power_of_ten as _power_of_ten
from course.widgets.panel import WIDE, assemble, hover, table_html

_HIST_HEIGHT, _RUN_HEIGHT = 330, 250  # figure heights in pixels at 100 dpi
# (name, colour, alpha) of the regions a magnitude can land in, left to right.
_REGION_STYLES = (
    ("flushed", DARK_GREY, 0.35),
    ("subnormal", GREY, 0.3),
    ("normal", LIGHT_BLUE, 0.3),
    ("overflow", ORANGE, 0.3),
)
_MAX_LOG2_SCALE = 24
_CACHE_SIZE = 64  # runs and run images kept per explorer


@dataclass(frozen=True)
class LossScaleModel:
    """What the explorer shows for one setting of its controls."""

    fmt: str
    log2_scale: int
    scale: float
    census: CastCensus  # the gradients × scale cast to fmt
    regions: FormatRegions
    largest_scaled: float  # max |gradient| × scale
    smallest_scaled: float  # min nonzero |gradient| × scale
    growth_interval: int
    run: ScalingRun  # GradScaler over the steps' largest gradients, from 2**16


def _percent(fraction: float) -> str:
    if fraction == 0:
        return "0 %"
    return f"{100 * fraction:.3g} %" if fraction >= 1e-4 else f"{100 * fraction:.2g} %"


def _power_of_two(value: float, position: int | None = None) -> str:
    return f"2^{round(math.log2(value))}" if value > 0 else ""


def readout_html(model: LossScaleModel) -> str:
    """The fractions and the dynamic run of one LossScaleModel as an HTML table."""
    census, regions, run = model.census, model.regions, model.run
    overflow_to = "inf" if get_format(model.fmt).has_inf else "NaN"
    rows = [
        ("loss scale S", f"2^{model.log2_scale} = {model.scale:g}"),
        ("nonzero gradient entries", f"{census.count:,}"),
        ("flushed to zero", _percent(census.flushed)),
        ("subnormal (bits lost)", _percent(census.subnormal)),
        ("normal", _percent(census.normal)),
        (f"overflow to {overflow_to}", _percent(census.overflowed)),
        (
            "|g| × S spans",
            f"{model.smallest_scaled:.3g} … {model.largest_scaled:.3g}",
        ),
        (
            f"{model.fmt} range",
            f"subnormal from {regions.smallest_subnormal:.3g}, normal from "
            f"{regions.smallest_normal:.3g}, largest {regions.max_finite:.5g}",
        ),
        (
            "dynamic run (GradScaler)",
            f"{run.skipped_count} of {run.scales.size} steps skipped, growth interval "
            f"{model.growth_interval}, scale after the last update "
            f"2^{math.log2(run.final_scale):g}",
        ),
    ]
    return table_html(rows)


class HistogramFigure:
    """|gradient| × S over the format's regions: one persistent figure updated in place."""

    def __init__(self, edges_log2: np.ndarray, counts: np.ndarray) -> None:
        self.figure = Figure(figsize=(8.4, _HIST_HEIGHT / 100), dpi=100)
        self.edges_log2 = edges_log2
        self.axes = ax = self.figure.add_axes((0.09, 0.16, 0.88, 0.72))
        band = ax.get_xaxis_transform()  # x in data, y across the whole axes
        self.bands = {
            name: ax.axvspan(1, 2, color=color, alpha=alpha, lw=0, zorder=0, transform=band)
            for name, color, alpha in _REGION_STYLES
        }
        self.stairs = ax.stairs(counts, 2.0**edges_log2, fill=True, color=BLUE, alpha=0.85)
        ax.set_xscale("log")
        # Plain-text tick labels: mathtext ones ($10^{-5}$) would triple the time of a redraw.
        ax.xaxis.set_major_locator(LogLocator(base=10, numticks=12))
        ax.xaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_ylim(0, max(1, int(counts.max())) * 1.1)
        ax.set_ylabel("entries per bin")
        ax.set_xlabel("|gradient| × loss scale S (log axis)")
        # Each region named inside its band: cheaper to draw than a legend box.
        self.labels = [
            ax.text(1, 0.93, label, ha="center", va="top", fontsize=9, transform=band)
            for label in ("→ 0", "subnormal", "normal", "overflow")
        ]
        # The axes, the bands and the counts axis change only with the format: drawn into the
        # background then, blitted under each redraw of the histogram (the names may lie on it).
        dynamic = [self.stairs, *self.labels, ax.title, *ax.spines.values()]
        self.png = BlitPng(self.figure, dynamic)

    def draw(self, model: LossScaleModel) -> None:
        ax, census = self.axes, model.census
        # One frame for every scale of the slider, so the histogram slides past fixed bands.
        smallest = model.smallest_scaled / model.scale
        largest = model.largest_scaled / model.scale * 2.0**_MAX_LOG2_SCALE
        limits = (
            min(model.regions.flush_below, smallest) / 64,
            max(model.regions.overflow_from, largest) * 64,
        )
        if self.png.static_changed(limits):
            self._draw_frame(model.regions, *limits)
        self.stairs.set_data(edges=2.0 ** (self.edges_log2 + model.log2_scale))
        ax.set_title(
            f"|gradient| × 2^{model.log2_scale} in {model.fmt}: {_percent(census.flushed)} → 0, "
            f"{_percent(census.subnormal)} subnormal, {_percent(census.overflowed)} overflow",
            fontsize=11,
        )

    def _draw_frame(self, regions: FormatRegions, low: float, high: float) -> None:
        """The axis limits and the format's bands, with their names."""
        self.axes.set_xlim(low, high)
        decades = math.log10(high / low)
        spans = (
            (low, regions.flush_below),
            (regions.flush_below, regions.smallest_normal),
            (regions.smallest_normal, regions.max_finite),
            (regions.overflow_from, high),
        )
        for band, label, (left, right) in zip(self.bands.values(), self.labels, spans, strict=True):
            band.set_x(left)
            band.set_width(right - left)
            label.set_x(math.sqrt(left * right))  # the middle on a log axis
            # A band too narrow for its name (bf16's subnormals) gets it written upwards.
            narrow = math.log10(right / left) < 0.12 * decades
            label.set_rotation(90 if narrow else 0)
            label.set_fontsize(8 if narrow else 9)


class RunFigure:
    """The dynamic run: GradScaler's scale per step on a log2 axis, skipped steps marked."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(8.4, _RUN_HEIGHT / 100), dpi=100)
        self.axes = ax = self.figure.add_axes((0.09, 0.2, 0.88, 0.66))
        (self.scale_line,) = ax.step([0], [1], where="post", color=BLUE, lw=1.8)
        (self.skip_marks,) = ax.plot([], [], "x", color=ORANGE, ms=7, mew=2, ls="")
        ax.set_yscale("log", base=2)
        ax.yaxis.set_major_locator(LogLocator(base=2, numticks=8))
        ax.yaxis.set_major_formatter(FuncFormatter(_power_of_two))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.set_xlabel("training step")
        ax.set_ylabel("loss scale")
        self.shown: tuple[str, int] | None = None  # (format, growth interval) drawn

    def draw(self, fmt: str, growth_interval: int, run: ScalingRun) -> None:
        ax = self.axes
        steps = np.arange(run.scales.size)
        self.scale_line.set_data(steps, run.scales)
        self.skip_marks.set_data(steps[run.skipped], run.scales[run.skipped])
        ax.set_xlim(0, max(1, run.scales.size - 1))
        ax.set_ylim(run.scales.min() / 2, run.scales.max() * 2)
        # Named in the title rather than in a legend box, which would cost a third of a redraw.
        ax.set_title(
            f"GradScaler in {fmt} from 2^16, growth interval {growth_interval}: scale per step, "
            f"× = skipped ({run.skipped_count} of {run.scales.size})",
            fontsize=11,
        )
        self.shown = (fmt, growth_interval)


class LossScaleExplorer(widgets.VBox):
    """The loss-scale explorer widget (a VBox); see the module docstring for what tests read."""

    def __init__(
        self,
        grads=None,
        step_maxima=None,
        fmt: str = "fp16",
        log2_scale: int = 0,
        growth_interval: int = 20,
    ) -> None:
        super().__init__()
        if fmt not in GRADIENT_FORMATS:
            raise ValueError(f"fmt must be one of {GRADIENT_FORMATS}, got {fmt!r}")
        if isinstance(log2_scale, bool) or not isinstance(log2_scale, int):
            raise ValueError(f"log2_scale must be an int from 0 to 24, got {log2_scale!r}")
        if not 0 <= log2_scale <= _MAX_LOG2_SCALE:
            raise ValueError(f"log2_scale must be an int from 0 to 24, got {log2_scale!r}")
        if isinstance(growth_interval, bool) or not isinstance(growth_interval, int):
            raise ValueError(
                f"growth_interval must be an int from 1 to 200, got {growth_interval!r}"
            )
        if not 1 <= growth_interval <= 200:
            raise ValueError(
                f"growth_interval must be an int from 1 to 200, got {growth_interval!r}"
            )
        default_grads, default_maxima = synthetic_gradients()
        self.magnitudes = nonzero_magnitudes(default_grads if grads is None else grads)
        if self.magnitudes.size == 0:
            raise ValueError("grads must hold at least one nonzero finite value")
        if step_maxima is None:
            # Without a training run's maxima, take the synthetic run's shape, relative to
            # this gradient array's largest value as it is to the synthetic one's.
            ratio = self.magnitudes.max() / np.abs(default_grads).max()
            step_maxima = default_maxima * ratio
        self.step_maxima = np.abs(np.asarray(step_maxima, dtype=np.float64).ravel())
        if self.step_maxima.size == 0 or not np.all(np.isfinite(self.step_maxima)):
            raise ValueError("step_maxima must be a nonempty array of finite values")
        edges, counts = log2_histogram(self.magnitudes, bins_per_octave=2)
        self.histogram = HistogramFigure(edges, counts)
        self.figure = self.histogram.figure
        self.run_view = RunFigure()
        self.run_figure = self.run_view.figure
        # Images are cached: the scale moves only the histogram, the interval only the run.
        self._runs: dict[tuple[str, int], ScalingRun] = {}
        self._run_pngs: dict[tuple[str, int], bytes] = {}
        self._histogram_png: tuple[tuple[str, int] | None, bytes] = (None, b"")
        for name in GRADIENT_FORMATS:  # a format change then costs one histogram image
            self._run_image(name, growth_interval)
        self.model: LossScaleModel | None = None
        self.pngs: tuple[bytes, ...] = ()
        self.scale_slider = widgets.IntSlider(
            value=log2_scale,
            min=0,
            max=_MAX_LOG2_SCALE,
            description="log2(scale)",
            continuous_update=False,
            style=WIDE,
        )
        self.format_dropdown = widgets.Dropdown(
            options=list(GRADIENT_FORMATS),
            value=fmt,
            description="format",
            style=WIDE,
            layout=widgets.Layout(width="150px"),
        )
        self.interval_slider = widgets.IntSlider(
            value=growth_interval,
            min=1,
            max=200,
            description="growth interval",
            continuous_update=False,
            style=WIDE,
        )
        height = _HIST_HEIGHT + _RUN_HEIGHT + 20
        self.output = widgets.Output(layout=widgets.Layout(height=f"{height}px"))
        self.readout = widgets.HTML()
        controls = (self.scale_slider, self.format_dropdown, self.interval_slider)
        hover(self.scale_slider, "static loss scale S = 2^k multiplying every gradient")
        hover(self.format_dropdown, "the format the scaled gradients are stored in")
        hover(self.interval_slider, "dynamic scaling: clean steps before the scale doubles")
        assemble(self, controls, (self.output, self.readout), self._on_change)
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def _run(self, fmt: str, interval: int) -> ScalingRun:
        key = (fmt, interval)
        if key not in self._runs:
            if len(self._runs) >= _CACHE_SIZE:
                self._runs.clear()
            self._runs[key] = dynamic_scaling_run(
                self.step_maxima, fmt, init_scale=2.0**16, growth_interval=interval
            )
        return self._runs[key]

    def _run_image(self, fmt: str, interval: int) -> bytes:
        key = (fmt, interval)
        if key not in self._run_pngs:
            if len(self._run_pngs) >= _CACHE_SIZE:
                self._run_pngs.clear()
            self.run_view.draw(fmt, interval, self._run(fmt, interval))
            self._run_pngs[key] = figure_png(self.run_figure)
        return self._run_pngs[key]

    def update(self) -> None:
        """Recompute the model from the controls, redraw what changed and the readout."""
        fmt, log2_scale = self.format_dropdown.value, self.scale_slider.value
        interval = self.interval_slider.value
        scale = 2.0**log2_scale
        self.model = LossScaleModel(
            fmt=fmt,
            log2_scale=log2_scale,
            scale=scale,
            census=cast_census(self.magnitudes, fmt, scale),
            regions=format_regions(fmt),
            largest_scaled=float(self.magnitudes.max()) * scale,
            smallest_scaled=float(self.magnitudes.min()) * scale,
            growth_interval=interval,
            run=self._run(fmt, interval),
        )
        self.readout.value = readout_html(self.model)
        run_png = self._run_image(fmt, interval)
        if self.run_view.shown != (fmt, interval):  # the figure matches what is shown
            self.run_view.draw(fmt, interval, self.model.run)
        if self._histogram_png[0] != (fmt, log2_scale):
            self.histogram.draw(self.model)
            self._histogram_png = ((fmt, log2_scale), self.histogram.png.render())
        self.pngs = (self._histogram_png[1], run_png)
        show_png(self.output, *self.pngs)


def loss_scale_explorer(
    grads=None,
    step_maxima=None,
    fmt: str = "fp16",
    log2_scale: int = 0,
    growth_interval: int = 20,
) -> LossScaleExplorer:
    """The loss-scale explorer, ready to display: `loss_scale_explorer(grads, step_maxima)`.

    `grads`: gradient values (any shape; zeros and non-finite entries are left out), by default
    a synthetic log-normal spread; `step_maxima`: the largest |gradient| of each training step,
    for the dynamic run; `fmt` one of "fp16", "bf16", "e5m2", "e4m3"; `log2_scale` 0 to 24;
    `growth_interval` 1 to 200 (GradScaler's default, 2000, is longer than a notebook's run)."""
    return LossScaleExplorer(grads, step_maxima, fmt, log2_scale, growth_interval)
