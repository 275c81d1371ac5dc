"""The MC versus QMC view: random, Halton and Sobol points in the unit square, and their errors.

A thin view over `course.quadrature.point_set_model`. Top: the first n points of each kind
(pseudo-random, scrambled Halton, scrambled Sobol from scipy). Bottom, on log-log axes: the error
of the mean of exp(x1 + x2) over the first n points of each sequence against n, with the
reference lines n^-1/2 and n^-1. Tests and the latency benchmark drive it headless: set
`exponent_slider.value` (n = 2**exponent) or `seed_slider.value`, then read `view.model` (the
PointSetModel), `view.readout.value` (HTML), `view.figure` and `view.pngs`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from course.plotting import BLUE, DARK_GREY, GREY, ORANGE, KeyedBlitPng, show_png
from course.plotting import power_of_ten as _power_of_ten
from course.quadrature import POINT_SETS, PointSetModel, point_set_model
from course.widgets.panel import WIDE, assemble, hover, table_html

_HEIGHT = 600  # figure height in pixels at 100 dpi
_FLOOR = 1e-17
_COLOURS = dict(zip(POINT_SETS, (BLUE, ORANGE, DARK_GREY), strict=True))
_EXPONENTS = (2, 12)  # n from 4 to 4096 points shown


def readout_html(model: PointSetModel) -> str:
    """The fitted rates and the errors at the largest n as an HTML table."""
    rows = [("points shown", f"n = {model.n}, seed {model.seed}")]
    for kind in POINT_SETS:
        rows.append(
            (
                f"{kind}: slope, error at n = {model.ns[-1]}",
                f"{model.slopes[kind]:+.2f}, {model.errors[kind][-1]:.2e}",
            )
        )
    return table_html(rows)


class PointSetPlot:
    """One persistent figure whose data artists are updated in place on every change."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(8, _HEIGHT / 100), dpi=100)
        self.scatters, self.panels = {}, []
        for column, kind in enumerate(POINT_SETS):
            axes = self.figure.add_axes((0.08 + 0.27 * column, 0.6, 0.2, 0.33))
            self.scatters[kind] = axes.scatter([], [], s=[], color=_COLOURS[kind], lw=0)
            axes.set_xlim(0, 1)
            axes.set_ylim(0, 1)
            axes.set_aspect("equal")
            axes.set_xticks([0, 0.5, 1], ["0", "0.5", "1"])
            axes.set_yticks([0, 0.5, 1], ["0", "0.5", "1"]) if column == 0 else axes.set_yticks([])
            axes.set_xlabel("x₁")
            if column == 0:
                axes.set_ylabel("x₂")
            axes.set_title(" ", fontsize=10)
            self.panels.append(axes)
        self.bottom = bottom = self.figure.add_axes((0.1, 0.08, 0.66, 0.4))
        bottom.set_xscale("log")
        bottom.set_yscale("log")
        self.error_lines = {
            kind: bottom.plot([], [], "o-", color=_COLOURS[kind], ms=3, label=kind)[0]
            for kind in POINT_SETS
        }
        self.n_line = bottom.axvline(1.0, color=GREY, lw=1)
        self.references = [
            bottom.plot([], [], style, color=GREY, lw=1, label=label)[0]
            for style, label in (("--", "n^-1/2"), (":", "n^-1"))
        ]
        bottom.set_xlim(3, 2.2e4)
        bottom.set_ylim(1e-12, 10.0)
        bottom.yaxis.set_major_locator(LogLocator(base=10, numticks=7))
        bottom.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        bottom.yaxis.set_minor_locator(NullLocator())
        bottom.set_xlabel("n, points of one sequence (log scale)")
        bottom.set_ylabel("|mean of exp(x₁ + x₂) − exact|")
        # Outside the axes: a legend drawn once must not sit under curves drawn later.
        bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8)
        dynamic = [*self.scatters.values()]
        dynamic += [*self.error_lines.values(), self.n_line, *self.references]
        dynamic += [spine for axes in (*self.panels, bottom) for spine in axes.spines.values()]
        # The titles change with n alone (eleven values): drawn once per n and kept.
        titles = [axes.title for axes in self.panels]
        self.png = KeyedBlitPng(self.figure, dynamic, keyed=titles)

    def draw(self, model: PointSetModel) -> None:
        size = max(1.0, 120 / np.sqrt(model.n))
        titles_changed = self.png.static_changed(model.n)
        for axes, kind in zip(self.panels, POINT_SETS, strict=True):
            scatter = self.scatters[kind]
            scatter.set_offsets(model.points[kind])
            scatter.set_sizes(np.full(model.n, size))
            if titles_changed:
                axes.set_title(f"{kind}, n = {model.n}", fontsize=10)
        ns = np.asarray(model.ns, dtype=float)
        for kind, line in self.error_lines.items():
            line.set_data(ns, np.maximum(model.errors[kind], _FLOOR))
        self.n_line.set_xdata([model.n, model.n])
        anchor = float(model.errors["random"][0])
        for line, power in zip(self.references, (0.5, 1.0), strict=True):
            line.set_data(ns, anchor * (ns / ns[0]) ** -power)


class McQmcView(widgets.VBox):
    """The MC versus QMC view (a VBox); see the module docstring for what tests read."""

    def __init__(self, exponent: int = 8, seed: int = 0) -> None:
        super().__init__()
        low, high = _EXPONENTS
        if isinstance(exponent, bool) or not isinstance(exponent, int | np.integer):
            raise ValueError(f"exponent must be an int from {low} to {high}, got {exponent!r}")
        if not low <= exponent <= high:
            raise ValueError(f"exponent must be an int from {low} to {high}, got {exponent!r}")
        if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or not 0 <= seed <= 99:
            raise ValueError(f"seed must be an int from 0 to 99, got {seed!r}")
        self.model: PointSetModel | None = None
        self.pngs: tuple[bytes, ...] = ()
        self.plot = PointSetPlot()
        self.figure = self.plot.figure
        self.exponent_slider = widgets.IntSlider(
            value=int(exponent),
            min=low,
            max=high,
            description="log₂ n",
            continuous_update=False,
            style=WIDE,
        )
        hover(self.exponent_slider, "how many points to show: n = 2 ** this")
        self.seed_slider = widgets.IntSlider(
            value=int(seed), min=0, max=99, description="seed", continuous_update=False, style=WIDE
        )
        hover(self.seed_slider, "the seed of the random points and of the scrambling")
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        controls = (self.exponent_slider, self.seed_slider)
        assemble(self, controls, (self.output, self.readout), self._on_change)
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute from the controls and redraw."""
        self.model = model = point_set_model(
            2 ** int(self.exponent_slider.value), int(self.seed_slider.value)
        )
        self.readout.value = readout_html(model)
        self.plot.draw(model)
        self.pngs = (self.plot.png.render(),)
        show_png(self.output, *self.pngs)


def mc_qmc_view(exponent: int = 8, seed: int = 0) -> McQmcView:
    """The MC versus QMC view, ready to display: `mc_qmc_view(10, seed=3)` shows 2**10 points.
    `exponent` from 2 to 12; `seed` from 0 to 99."""
    return McQmcView(exponent, seed)
