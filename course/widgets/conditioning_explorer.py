"""The conditioning explorer: pick kappa, perturb b, watch x move.

A thin view over `course.linalg.perturbation_model`. Left: the unit circle of right-hand sides,
b and the direction of the perturbation db. Right: the same circle mapped by A^-1 (an ellipse
with semi-axes 1/sigma_1 and 1/sigma_2), with x and the direction in which x moved. The readout
gives kappa, the relative change in and out, their ratio (at most kappa) and the digits lost.
Tests drive it headless: set `kappa_slider.value` (log10 kappa), `size_slider.value` (log10 of
||db|| / ||b||) or `angle_slider.value` (degrees), then read `view.model`, `view.readout.value`,
`view.figure` and `view.pngs`.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.figure import Figure

from course.linalg import Perturbation, perturbation_model
from course.plotting import BLUE, DARK_GREY, ORANGE, BlitPng, show_png
from course.widgets.panel import WIDE, assemble, hover, table_html

_HEIGHT = 380  # figure height in pixels at 100 dpi


def readout_html(model: Perturbation) -> str:
    """The numbers of one perturbation experiment as an HTML table."""
    rows = [
        ("condition number κ₂(A)", f"{model.kappa:.3e}"),
        ("relative change of b, ‖δb‖/‖b‖", f"{model.relative_in:.3e}"),
        ("relative change of x, ‖δx‖/‖x‖", f"{model.relative_out:.3e}"),
        ("amplification (at most κ)", f"{model.amplification:.3e}"),
        ("decimal digits lost, log₁₀ amplification", f"{model.digits_lost:.2f}"),
    ]
    return table_html(rows)


def _unit(vector: np.ndarray) -> np.ndarray:
    size = np.linalg.norm(vector)
    return vector / size if size > 0 else vector


class ConditioningPlot:
    """One persistent figure: the circle of right-hand sides and its image under A^-1; only the
    vectors and the ellipse are redrawn."""

    def __init__(self) -> None:
        self.figure = Figure(figsize=(8, _HEIGHT / 100), dpi=100)
        left = self.figure.add_axes((0.06, 0.12, 0.38, 0.72))
        right = self.figure.add_axes((0.57, 0.12, 0.38, 0.72))
        t = np.linspace(0, 2 * np.pi, 181)
        left.plot(np.cos(t), np.sin(t), color=DARK_GREY, lw=1)
        (self.b_line,) = left.plot([], [], color=BLUE, lw=2, marker="o", markevery=[1], label="b")
        (self.db_line,) = left.plot(
            [], [], color=ORANGE, lw=2, marker="o", markevery=[1], label="direction of δb"
        )
        (self.ellipse_line,) = right.plot([], [], color=DARK_GREY, lw=1)
        (self.x_line,) = right.plot([], [], color=BLUE, lw=2, marker="o", markevery=[1], label="x")
        (self.dx_line,) = right.plot(
            [], [], color=ORANGE, lw=2, marker="o", markevery=[1], label="direction of δx"
        )
        left.set_title("unit circle of right-hand sides", fontsize=9, pad=24)
        right.set_title("its image under A⁻¹ (scaled to fit)", fontsize=9, pad=24)
        for axes in (left, right):
            axes.set_xlim(-1.2, 1.2)
            axes.set_ylim(-1.2, 1.2)
            axes.set_aspect("equal")
            axes.set_xlabel("component 1")
            axes.set_ylabel("component 2")
            axes.legend(loc="lower center", fontsize=8, ncol=2, bbox_to_anchor=(0.5, 1.0))
        dynamic = [self.b_line, self.db_line, self.ellipse_line, self.x_line, self.dx_line]
        self.png = BlitPng(self.figure, dynamic)


class ConditioningExplorer(widgets.VBox):
    """The conditioning explorer widget (a VBox); see the module docstring for what tests read."""

    def __init__(self, kappa: float = 1e3, relative: float = 1e-3, angle: float = 90.0) -> None:
        super().__init__()
        if not 1 <= kappa <= 1e12:
            raise ValueError(f"kappa must be from 1 to 1e12, got {kappa!r}")
        if not 1e-12 <= relative <= 0.1:
            raise ValueError(f"relative must be from 1e-12 to 0.1, got {relative!r}")
        self.model: Perturbation | None = None
        self.pngs: tuple[bytes, ...] = ()
        self.plot = ConditioningPlot()
        self.figure = self.plot.figure
        self.kappa_slider = widgets.FloatSlider(
            value=round(float(np.log10(kappa)), 1),
            min=0.0,
            max=12.0,
            step=0.5,
            description="log₁₀ κ",
            continuous_update=False,
            style=WIDE,
        )
        hover(self.kappa_slider, "log10 of the condition number of the 2 x 2 matrix A")
        self.size_slider = widgets.FloatSlider(
            value=round(float(np.log10(relative)), 1),
            min=-12.0,
            max=-1.0,
            step=0.5,
            description="log₁₀ ‖δb‖/‖b‖",
            continuous_update=False,
            style=WIDE,
        )
        hover(self.size_slider, "log10 of the relative size of the perturbation of b")
        self.angle_slider = widgets.FloatSlider(
            value=float(angle),
            min=0.0,
            max=180.0,
            step=5.0,
            description="direction of δb (°)",
            continuous_update=False,
            style=WIDE,
        )
        hover(self.angle_slider, "the direction of the perturbation of b, in degrees")
        self.output = widgets.Output(layout=widgets.Layout(height=f"{_HEIGHT + 10}px"))
        self.readout = widgets.HTML()
        controls = (self.kappa_slider, self.size_slider, self.angle_slider)
        assemble(self, controls, (self.output, self.readout), self._on_change)
        self.update()

    def _on_change(self, change: dict) -> None:
        self.update()

    def update(self) -> None:
        """Recompute the experiment from the controls and redraw."""
        self.model = model = perturbation_model(
            10.0 ** float(self.kappa_slider.value),
            10.0 ** float(self.size_slider.value),
            np.deg2rad(float(self.angle_slider.value)),
        )
        self.readout.value = readout_html(model)
        self._draw(model)
        self.pngs = (self.plot.png.render(),)
        show_png(self.output, *self.pngs)

    def _draw(self, model: Perturbation) -> None:
        plot = self.plot
        direction_in = _unit(model.matrix @ (model.x_perturbed - model.x))
        plot.b_line.set_data([0.0, model.b[0]], [0.0, model.b[1]])
        plot.db_line.set_data([0.0, direction_in[0]], [0.0, direction_in[1]])
        # The image of the unit circle under A^-1, scaled to fit: its long axis is kappa times
        # its short one, the direction in which perturbations of b are amplified most.
        image = model.circle_image
        scale = float(np.max(np.abs(image)))
        x_shown = model.x / scale
        move = _unit(model.x_perturbed - model.x) * 0.9
        plot.ellipse_line.set_data(image[0] / scale, image[1] / scale)
        plot.x_line.set_data([0.0, x_shown[0]], [0.0, x_shown[1]])
        plot.dx_line.set_data([0.0, move[0]], [0.0, move[1]])


def conditioning_explorer(
    kappa: float = 1e3, relative: float = 1e-3, angle: float = 90.0
) -> ConditioningExplorer:
    """The conditioning explorer, ready to display: `conditioning_explorer(kappa=1e6)`.
    `kappa` from 1 to 1e12, `relative` (||db|| / ||b||) from 1e-12 to 0.1, `angle` in degrees."""
    return ConditioningExplorer(kappa, relative, angle)
