"""The Runge visualizer: interpolate a function at n nodes, equispaced or Chebyshev, and watch.

A thin view over `course.interpolation.runge_model`. Top: the function, its interpolant (clipped
to the plot when it runs away) and the nodes. Bottom, on a log axis: the pointwise error, the
Lebesgue function and the rounding floor eps * Lambda_n * max|f|. Tests and the latency benchmark
drive it headless: set `function_dropdown.value`, `n_slider.value` or `family_buttons.value`, then
read `view.model` (the RungeModel), `view.readout.value` (HTML), `view.figure` and `view.pngs`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullLocator

from course.interpolation import (
    FUNCTIONS,
    NODE_FAMILIES,
    STABLE_FORM,
    RungeModel,
    get_function,
    runge_model,
)
from course.plotting import (
    BLUE,
    DARK_GREY,
    ORANGE,
    PALETTE,
    KeyedBlitPng,
    detach_label,
    show_png,
)
from course.plotting import power_of_ten as _power_of_ten
from course.widgets.panel import WIDE, assemble, hover, table_html

_HEIGHT = 560  # figure height in pixels at 100 dpi
_FLOOR = 1e-17  # exact zeros (at the nodes) are drawn here on the log axis
_RED = PALETTE[5]


def readout_html(model: RungeModel) -> str:
    """The numbers of one Runge experiment as an HTML table."""
    chebyshev_estimate = 2 / np.pi * np.log(model.n) + 1
    rows = [
        ("interpolant", f"degree {model.n - 1} through {model.n} {model.family} nodes"),
        ("evaluated by", f"the {STABLE_FORM[model.family]} barycentric form"),
        ("max error on the grid", f"{model.max_error:.3e}"),
        ("Lebesgue constant Λ", f"{model.lebesgue_constant:.4g}"),
        ("(2/π) ln n + 1, Chebyshev's growth", f"{chebyshev_estimate:.4g}"),
        ("rounding floor eps·Λ·max|f| (data rounding × Λ)", f"{model.rounding_floor:.3e}"),
    ]
    return table_html(rows)


class RungePlot:
    """One persistent figure whose data artists are updated in place on every change; the
    background is kept per title."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(8, _HEIGHT / 100), dpi=100)
        self.top = top = self.figure.add_axes((0.1, 0.6, 0.86, 0.32))
        self.bottom = bottom = self.figure.add_axes((0.1, 0.08, 0.86, 0.38))
        (self.f_line,) = top.plot([], [], color=DARK_GREY, lw=2, label="f")
        (self.p_line,) = top.plot([], [], color=BLUE, lw=1.5, label="interpolant p")
        (self.node_dots,) = top.plot([], [], "o", color=ORANGE, ms=4, label="nodes")
        top.set_xlim(-1.02, 1.02)
        top.set_xticks([-1, -0.5, 0, 0.5, 1], [])  # shared with the error plot below
        top.yaxis.set_major_locator(MaxNLocator(nbins=5))
        top.set_ylabel("f(x), p(x)")
        top.legend(loc="upper center", fontsize=8, ncol=3, bbox_to_anchor=(0.5, -0.01))
        (self.error_line,) = bottom.semilogy([], [], color=BLUE, lw=1, label="|f − p|")
        (self.lebesgue_line,) = bottom.semilogy(
            [], [], color=ORANGE, lw=1.2, label="Lebesgue function Σ|l_j|"
        )
        self.floor_line = bottom.axhline(
            1.0, color=_RED, ls="--", lw=1, label="rounding floor eps·Λ·max|f|"
        )
        bottom.set_xlim(-1.02, 1.02)
        bottom.set_xticks([-1, -0.5, 0, 0.5, 1])
        # Plain-text labels such as 1e-08: mathtext labels (10^-8) cost most of a redraw.
        bottom.yaxis.set_major_locator(LogLocator(base=10, numticks=7))
        bottom.yaxis.set_major_formatter(FuncFormatter(_power_of_ten))
        bottom.yaxis.set_minor_locator(NullLocator())
        bottom.set_xlabel("x")
        bottom.set_ylabel("|f − p|, Λ(x) (log scale)")
        bottom.legend(loc="lower center", fontsize=8, ncol=3, bbox_to_anchor=(0.5, 0.99))
        for axes in (top, bottom):
            axes.yaxis.set_label_coords(-0.075, 0.5)  # fixed: the tick labels change width
        detach_label(bottom.yaxis)  # the axis moves with the error, its label does not
        dynamic = [bottom.yaxis]
        dynamic += [self.f_line, self.p_line, self.node_dots]
        dynamic += [self.error_line, self.lebesgue_line, self.floor_line]
        dynamic += [*top.spines.values(), *bottom.spines.values()]  # above curves that reach them
        # The top axis's limits follow f alone: the base is drawn anew when f changes. The title
        # follows every control: drawn over the base once per title and kept, so that a value of
        # n seen before costs no text layout.
        self.png = KeyedBlitPng(self.figure, dynamic, keyed=[top.title])
        self.top_limits: tuple[float, float] | None = None

    def draw(self, model: RungeModel) -> None:
        top, bottom = self.top, self.bottom
        low, high = float(np.min(model.f)), float(np.max(model.f))
        margin = 0.5 * max(high - low, 1e-3)
        y_low, y_high = low - margin, high + margin
        # A runaway interpolant (1e20 and more) is cut just outside the frame: the plot shows
        # where it leaves, and Agg never has to draw coordinates it cannot represent.
        shown = np.clip(model.p, y_low - 10 * margin, y_high + 10 * margin)
        shown[~np.isfinite(model.p)] = np.nan
        self.f_line.set_data(model.x, model.f)
        self.p_line.set_data(model.x, shown)
        self.node_dots.set_data(model.nodes, model.node_values)
        outside = int(np.sum(~((model.p >= y_low) & (model.p <= y_high))))
        clipped = f"\n(clipped: p leaves the frame at {outside} of {len(model.x)} points)"
        title = (
            f"{model.label}: degree {model.n - 1} interpolant through {model.n} "
            f"{model.family} nodes" + (clipped if outside else "")
        )
        if (y_low, y_high) != self.top_limits:
            self.top_limits = (y_low, y_high)
            top.set_ylim(y_low, y_high)
            self.png.forget()
        if self.png.static_changed(title):
            top.set_title(title, fontsize=11)
        error = np.maximum(model.error, _FLOOR)
        self.error_line.set_data(model.x, error)
        self.lebesgue_line.set_data(model.x, model.lebesgue)
        self.floor_line.set_ydata([max(model.rounding_floor, _FLOOR)] * 2)
        finite = error[np.isfinite(error)]
        top_value = max(float(np.max(finite)) if finite.size else 1.0, model.lebesgue_constant)
        bottom.set_ylim(_FLOOR / 3, min(max(top_value * 30, 10.0), 1e60))


class RungeVisualizer(widgets.VBox):
    """The Runge visualizer widget (a VBox); see the module docstring for what tests read."""

    def __init__(self, function: str = "runge", n: int = 11, family: str = "equispaced") -> None:
        super().__init__()
        get_function(function)
        if family not in NODE_FAMILIES:
            raise ValueError(f"family must be one of {NODE_FAMILIES}, got {family!r}")
        if isinstance(n, bool) or not isinstance(n, int | np.integer) or not 2 <= n <= 100:
            raise ValueError(f"n must be an int from 2 to 100, got {n!r}")
        self.model: RungeModel | None = None
        self.pngs: tuple[bytes, ...] = ()
        self.plot = RungePlot()
        self.figure = self.plot.figure
        self.function_dropdown = widgets.Dropdown(
            options=[(test.label, name) for name, test in FUNCTIONS.items()],
            value=function,
            description="function",
            style=WIDE,
            layout=widgets.Layout(width="260px"),
        )
        hover(self.function_dropdown, "the function f(x) on [-1, 1] to interpolate")
        self.n_slider = widgets.IntSlider(
            value=int(n),
            min=2,
            max=100,
            description="nodes n",
            continuous_update=False,
            style=WIDE,
        )
        hover(self.n_slider, "number of interpolation nodes; the polynomial has degree n - 1")
        self.family_buttons = widgets.ToggleButtons(
            options=list(NODE_FAMILIES),
            value=family,
            description="spacing",
            style={**WIDE, "button_width": "110px"},
        )
        hover(self.family_buttons, "where the nodes sit: evenly spaced or at Chebyshev points")
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        controls = (self.function_dropdown, self.n_slider, self.family_buttons)
        assemble(self, controls, (self.output, self.readout), self._on_change)
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the experiment from the controls and redraw."""
        self.model = runge_model(
            self.function_dropdown.value, int(self.n_slider.value), self.family_buttons.value
        )
        self.readout.value = readout_html(self.model)
        self.plot.draw(self.model)
        self.pngs = (self.plot.png.render(),)
        show_png(self.output, *self.pngs)


def runge_visualizer(
    function: str = "runge", n: int = 11, family: str = "equispaced"
) -> RungeVisualizer:
    """The Runge visualizer, ready to display: `runge_visualizer("exp", 40, "equispaced")`.
    `function` is one of "runge", "abs", "exp", "oscillating"; n from 2 to 100 nodes."""
    return RungeVisualizer(function, n, family)
