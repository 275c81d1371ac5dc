"""The finite-difference error explorer: the V-shaped error of a difference quotient against h.

A thin view over `course.optimization.difference_curve`. One log-log axis: the measured error
|D_h f(x) - f'(x)| of the forward or central difference for h from 1e-16 to 1, the model
truncation + rounding (N&W section 8.1) dashed, and its optimum h* marked. Tests drive it
headless: set `function_dropdown.value`, `x_slider.value` or `kind_buttons.value`, then read
`view.model` (the DifferenceCurve), `view.readout.value`, `view.figure` and `view.pngs`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullLocator

from course.optimization import FD_FUNCTIONS, DifferenceCurve, difference_curve
from course.plotting import BLUE, DARK_GREY, ORANGE, BlitPng, show_png
from course.plotting import power_of_ten as _power_of_ten
from course.widgets.panel import WIDE, assemble, hover, table_html

_HEIGHT = 360  # figure height in pixels at 100 dpi
_FLOOR = 1e-18  # exact zeros are drawn here on the log axis


def readout_html(model: DifferenceCurve) -> str:
    """The numbers of one curve as an HTML table."""
    rows = [
        ("model optimum h*", f"{model.best_h:.2e}"),
        ("measured best h", f"{model.measured_best_h:.2e}"),
        ("smallest error", f"{model.errors.min():.2e}"),
    ]
    return table_html(rows)


class DifferencePlot:
    """One persistent figure: the two curves and the optimum marker are redrawn."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(8, _HEIGHT / 100), dpi=100)
        self.axes = axes = self.figure.add_axes((0.1, 0.14, 0.86, 0.72))
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlim(1e-16, 1.0)
        axes.set_ylim(1e-16, 1e4)
        (self.error_line,) = axes.loglog([], [], "o-", ms=2, color=BLUE, label="measured error")
        (self.model_line,) = axes.loglog(
            [], [], "--", color=DARK_GREY, label="model: truncation + rounding"
        )
        self.optimum_line = axes.axvline(1e-8, color=ORANGE, label="model optimum h*")
        axes.set_xlim(1e-16, 1.0)  # the empty lines above may have moved them
        axes.set_ylim(1e-16, 1e4)
        for axis in (axes.xaxis, axes.yaxis):
            # Plain-text labels: mathtext labels cost most of a redraw.
            axis.set_major_locator(LogLocator(base=10, numticks=9))
            axis.set_major_formatter(FuncFormatter(_power_of_ten))
            axis.set_minor_locator(NullLocator())
        axes.set_xlabel("step h")
        axes.set_ylabel("|D_h f(x) − f′(x)|")
        axes.legend(loc="lower center", fontsize=8, ncol=3, bbox_to_anchor=(0.5, 1.0))
        dynamic = [self.error_line, self.model_line, self.optimum_line]
        dynamic += list(axes.spines.values())
        self.png = BlitPng(self.figure, dynamic)


class FdErrorExplorer(widgets.VBox):
    """The finite-difference error explorer (a VBox); see the module docstring."""

    def __init__(self, function: str = "exp(x)", x: float = 1.0, kind: str = "forward") -> None:
        super().__init__()
        if function not in FD_FUNCTIONS:
            raise ValueError(f"function must be one of {list(FD_FUNCTIONS)}, got {function!r}")
        if kind not in ("forward", "central"):
            raise ValueError(f"kind must be 'forward' or 'central', got {kind!r}")
        if not -2 <= x <= 2:
            raise ValueError(f"x must be from -2 to 2, got {x!r}")
        self.model: DifferenceCurve | None = None
        self.pngs: tuple[bytes, ...] = ()
        self.plot = DifferencePlot()
        self.figure = self.plot.figure
        self.function_dropdown = widgets.Dropdown(
            options=list(FD_FUNCTIONS), value=function, description="f", style=WIDE
        )
        hover(self.function_dropdown, "the function whose derivative is estimated")
        self.x_slider = widgets.FloatSlider(
            value=float(x), min=-2.0, max=2.0, step=0.05, description="x",
            continuous_update=False, style=WIDE,
        )  # fmt: skip
        hover(self.x_slider, "the point where f'(x) is estimated")
        self.kind_buttons = widgets.ToggleButtons(
            options=["forward", "central"], value=kind, description="difference", style=WIDE
        )
        hover(self.kind_buttons, "(f(x+h) - f(x))/h or (f(x+h) - f(x-h))/(2h)")
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        controls = (self.function_dropdown, self.x_slider, self.kind_buttons)
        assemble(self, controls, (self.output, self.readout), self._on_change)
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the curves from the controls and redraw."""
        self.model = model = difference_curve(
            self.function_dropdown.value, float(self.x_slider.value), self.kind_buttons.value
        )
        self.readout.value = readout_html(model)
        plot = self.plot
        plot.error_line.set_data(model.hs, np.maximum(model.errors, _FLOOR))
        plot.model_line.set_data(model.hs, np.maximum(model.model, _FLOOR))
        plot.optimum_line.set_xdata([model.best_h, model.best_h])
        self.pngs = (plot.png.render(),)
        show_png(self.output, *self.pngs)


def fd_error_explorer(function: str = "exp(x)", x: float = 1.0, kind: str = "forward"):
    """The finite-difference error explorer, ready to display: `fd_error_explorer("sin(x)")`.
    `function` one of course.optimization.FD_FUNCTIONS, `x` from -2 to 2, `kind` "forward" or
    "central"."""
    return FdErrorExplorer(function, x, kind)
