"""The optimizer explorer: trajectories on the contour plot, loss per iteration, the first step.

A thin view over `course.optimization.optimizer_run`. Three axes: the iterates on the contour
plot of the chosen test function, the loss per iteration on a log scale, and the loss along the
first search direction p = -g(x0), with the Armijo line (c1 = 1e-4) and the first step taken
(a fixed learning rate, or the step a line search accepted). Tests drive it headless: set
`problem_dropdown.value`, `method_dropdown.value`, `lr_slider.value` (log10 of the learning
rate), `schedule_dropdown.value`, `x_slider.value` or `y_slider.value`, then read `view.model`
(the OptimizerRun), `view.readout.value`, `view.figure` and `view.pngs`. The contour background
is drawn once per test function (`course.optimization.contour_grid` caches its values); any
other change redraws only the lines, the markers and the first-step axes' ticks.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from course.optimization import (
    LEARNING_RATE_METHODS,
    METHODS,
    PROBLEMS,
    SCHEDULES,
    OptimizerRun,
    contour_grid,
    optimizer_run,
)
from course.plotting import BLUE, DARK_GREY, ORANGE, BlitPng, detach_label, show_png
from course.widgets.panel import WIDE, assemble, hover, table_html

_HEIGHT = 360  # figure height in pixels at 100 dpi
_FLOOR = 1e-16  # losses at or below zero are drawn here on the log axis
_STEPS = 200


def readout_html(model: OptimizerRun) -> str:
    """The numbers of one run as an HTML table."""
    rows = [
        ("iterations", f"{len(model.path) - 1}"),
        ("final loss", f"{model.losses[-1]:.3e}"),
        ("first step along -g (alpha)", f"{model.first_alpha:.3e}"),
        ("Armijo / strong Wolfe at that step", f"{model.armijo} / {model.wolfe}"),
        ("stopped because", model.message),
    ]
    return table_html(rows)


class ExplorerPlot:
    """One persistent figure; the contours are redrawn only when the problem changes."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(10, _HEIGHT / 100), dpi=100)
        self.contour_axes = self.figure.add_axes((0.05, 0.14, 0.25, 0.74))
        self.loss_axes = self.figure.add_axes((0.40, 0.14, 0.26, 0.74))
        self.step_axes = self.figure.add_axes((0.72, 0.14, 0.26, 0.74))
        self.contours = None
        (self.path_line,) = self.contour_axes.plot([], [], "o-", color=ORANGE, ms=2, lw=1, zorder=3)
        (self.loss_line,) = self.loss_axes.semilogy([], [], color=BLUE)
        self.loss_axes.set_xlim(0, _STEPS)
        self.loss_axes.set_ylim(1e-16, 1e8)
        self.loss_axes.set(xlabel="iteration", ylabel="loss (log scale)", title="loss")
        (self.phi_line,) = self.step_axes.plot([], [], color=BLUE, label="f(x0 + αp)")
        (self.armijo_line,) = self.step_axes.plot(
            [], [], "--", color=DARK_GREY, label="Armijo line"
        )
        (self.step_marker,) = self.step_axes.plot([], [], "o", color=ORANGE, label="first step")
        self.step_axes.set(xlabel="α along p = -g(x0)", title="first step")
        # Steps span 1e-6 to 1: an offset ("1e-4") keeps the tick labels from running together.
        self.step_axes.ticklabel_format(axis="x", style="sci", scilimits=(-2, 3))
        for axis in (self.step_axes.xaxis, self.step_axes.yaxis):
            axis.set_major_locator(MaxNLocator(5))  # redrawn per update: few labels, less text
        legend = self.step_axes.legend(fontsize=7, loc="upper left")
        detach_label(self.step_axes.xaxis)  # the axis moves with the step, its label does not
        dynamic = [self.path_line, self.loss_line, self.phi_line, self.armijo_line]
        dynamic += [self.step_marker, legend]  # the legend and frames stay above the curves
        # The first step's limits follow the step length: its ticks are redrawn, not the contours.
        dynamic += [self.step_axes.xaxis, self.step_axes.yaxis]
        for axes in (self.contour_axes, self.loss_axes, self.step_axes):
            dynamic += list(axes.spines.values())
        self.png = BlitPng(self.figure, dynamic)


class OptimizerExplorer(widgets.VBox):
    """The optimizer explorer (a VBox); see the module docstring for what tests read."""

    def __init__(
        self,
        problem: str = "Rosenbrock",
        method: str = "gradient descent",
        lr: float = 1e-3,
        start: tuple[float, float] = (-1.2, 1.0),
        schedule: str = "constant",
    ) -> None:
        super().__init__()
        if problem not in PROBLEMS:
            raise ValueError(f"problem must be one of {list(PROBLEMS)}, got {problem!r}")
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {method!r}")
        if not 1e-4 <= lr <= 1:
            raise ValueError(f"lr must be from 1e-4 to 1, got {lr!r}")
        if schedule not in SCHEDULES:
            raise ValueError(f"schedule must be one of {SCHEDULES}, got {schedule!r}")
        self.model: OptimizerRun | None = None
        self.pngs: tuple[bytes, ...] = ()
        self.plot = ExplorerPlot()
        self.figure = self.plot.figure
        self.problem_dropdown = widgets.Dropdown(
            options=list(PROBLEMS), value=problem, description="function", style=WIDE
        )
        hover(self.problem_dropdown, "the test function to minimise")
        self.method_dropdown = widgets.Dropdown(
            options=list(METHODS), value=method, description="method", style=WIDE
        )
        hover(self.method_dropdown, "torch's SGD / Adam, or scipy's BFGS, L-BFGS-B, dogleg")
        self.lr_slider = widgets.FloatSlider(
            value=round(float(np.log10(lr)), 1),
            min=-4.0,
            max=0.0,
            step=0.1,
            description="log₁₀ lr",
            continuous_update=False,
            style=WIDE,
        )
        hover(self.lr_slider, "log10 of the learning rate (first-order methods only)")
        self.schedule_dropdown = widgets.Dropdown(
            options=list(SCHEDULES), value=schedule, description="schedule", style=WIDE
        )
        hover(self.schedule_dropdown, "the learning rate per step, peak lr (torch's schedulers)")
        self.x_slider = widgets.FloatSlider(
            value=float(start[0]), min=-2.0, max=2.0, step=0.1, description="x0[0]",
            continuous_update=False, style=WIDE,
        )  # fmt: skip
        hover(self.x_slider, "first coordinate of the starting point")
        self.y_slider = widgets.FloatSlider(
            value=float(start[1]), min=-2.0, max=2.0, step=0.1, description="x0[1]",
            continuous_update=False, style=WIDE,
        )  # fmt: skip
        hover(self.y_slider, "second coordinate of the starting point")
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        controls = (
            self.problem_dropdown,
            self.method_dropdown,
            self.lr_slider,
            self.schedule_dropdown,
            self.x_slider,
            self.y_slider,
        )
        assemble(self, controls, (self.output, self.readout), self._on_change)
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Rerun the optimizer from the controls and redraw."""
        # A learning rate means nothing to BFGS, L-BFGS or dogleg: grey it out, not ignore it.
        fixed_steps = self.method_dropdown.value not in LEARNING_RATE_METHODS
        self.lr_slider.disabled = self.schedule_dropdown.disabled = fixed_steps
        start = (float(self.x_slider.value), float(self.y_slider.value))
        self.model = model = optimizer_run(
            self.problem_dropdown.value,
            self.method_dropdown.value,
            10.0 ** float(self.lr_slider.value),
            start,
            _STEPS,
            self.schedule_dropdown.value,
        )
        self.readout.value = readout_html(model)
        self._draw(model, start)
        self.pngs = (self.plot.png.render(),)
        show_png(self.output, *self.pngs)

    def _draw(self, model: OptimizerRun, start: tuple[float, float]) -> None:
        plot, name = self.plot, self.problem_dropdown.value
        task = PROBLEMS[name]
        p = -np.asarray(task.grad(np.array(start)), dtype=float)
        reach = max(2.0 * model.first_alpha, 1e-3 / max(float(np.sqrt(p @ p)), 1e-12))
        alphas = np.linspace(0.0, reach, 80)
        with np.errstate(all="ignore"):
            phi = np.array([task.f(np.array(start) + a * p) for a in alphas])
        armijo = task.f(np.array(start)) - 1e-4 * alphas * (p @ p)
        plot.path_line.set_data(model.path[:, 0], model.path[:, 1])
        plot.loss_line.set_data(np.arange(len(model.losses)), np.maximum(model.losses, _FLOOR))
        plot.phi_line.set_data(alphas, phi)
        plot.armijo_line.set_data(alphas, armijo)
        with np.errstate(all="ignore"):
            first = task.f(np.array(start) + model.first_alpha * p)
        plot.step_marker.set_data([model.first_alpha], [first])
        finite = phi[np.isfinite(phi)]
        low = min(float(finite.min()), float(armijo.min())) if finite.size else 0.0
        high = float(finite.max()) if finite.size else 1.0
        margin = 0.05 * (high - low) + 1e-12
        plot.step_axes.set_xlim(0.0, reach)
        plot.step_axes.set_ylim(low - margin, high + margin)
        if plot.png.static_changed(name):
            axes = plot.contour_axes
            if plot.contours is not None:
                plot.contours.remove()
            grid_x, grid_y, values = contour_grid(name)
            levels = np.quantile(values, np.linspace(0.02, 0.9, 14))
            plot.contours = axes.contour(grid_x, grid_y, values, levels=np.unique(levels))
            axes.set_xlim(*task.xlim)
            axes.set_ylim(*task.ylim)
            axes.set(xlabel="x[0]", ylabel="x[1]", title=name)


def optimizer_explorer(
    problem: str = "Rosenbrock",
    method: str = "gradient descent",
    lr: float = 1e-3,
    start: tuple[float, float] = (-1.2, 1.0),
    schedule: str = "constant",
) -> OptimizerExplorer:
    """The optimizer explorer, ready to display: `optimizer_explorer("Rosenbrock", "BFGS")`.
    `problem` one of course.optimization.PROBLEMS, `method` one of METHODS, `lr` 1e-4 to 1
    (the peak rate), `schedule` one of SCHEDULES."""
    return OptimizerExplorer(problem, method, lr, start, schedule)
